/**
 * Three gaps the review of case 1 (a relative asks for his late mother's record, review s43) left
 * open in access-request cases, walked through the gateway on the source exports:
 *
 * 1. pasientjournalloven §§ 16 and 22 with pasientjournalforskriften § 14 (access is logged with
 *    who, what and why, DOMAIN.md "the decision or matter that allowed it"): a case handler's
 *    read on purpose ACCESS_REQUEST names the access request that allowed it (`matter`), on every
 *    path (journal, search, dossier, access bundle), and a read that cannot name one is refused.
 * 2. helsepersonelloven § 22 første ledd: while the patient lives, another person gets access
 *    only with the patient's consent, so a CONSENT_REQUIRED request is not closed as granted.
 * 3. Noark 5 M103 dokumentetsDato (the date on the letter) is not M104 mottattDato (received).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../scripts/stack';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { validatePackage } from '../subgraphs/archive/noark/validate';
import { importNoark } from '../subgraphs/archive/noark/import';
import { runImport } from '../subgraphs/journal/import/run';
import { FIXTURES_DIR, describeWithFixtures, fixture } from '../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';

const INGRID = '11823821230'; // died 2024-03-10; her son Per is registered as nearest relative
const PER = '03876538341';
const ASTRID = '24923111863'; // died 2023-06-02
const SCHEMAS = join(FIXTURES_DIR, '..', 'standards', 'noark5');
const UNIT = 'Helse- og velferdskontor Byåsen';

const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
  registerAccessRequest(input: $i) {
    saksmappe { id } mappeId eligibility deadline receivedOn
    incomingJournalpost { dokumentetsDato }
  } }`;
const CLOSE = `mutation ($id: ID!, $d: AccessDecisionInput!) {
  closeAccessRequest(saksmappeId: $id, decision: $d) { outcome } }`;
const JOURNAL = `query ($id: ID!) { patient(id: $id) { journal(first: 3) { edges { node { id } } } } }`;

type Row = {
  matter: string | null;
  entity_type: string;
  subgraph: string;
  outcome: string;
  rule: string | null;
};

describeWithFixtures('review s43 case 1, continued (s44): access requests', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let ingridId: string;
  let astridId: string;
  let living: { id: string; nationalId: string };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    prefix = testIndexPrefix();
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
      }),
      { db: tdb.db, indexerIntervalMs: 60_000 },
    );
    await runImport(tdb.db, 'gerica', fixture('gerica'));
    await runImport(tdb.db, 'gerica-vedtak', fixture('gerica'));
    await runImport(tdb.db, 'hp', fixture('helseplattformen'));
    await importNoark(tdb.db, fixture('sakarkiv'));
    await stack.index();
    const id = async (nid: string) =>
      (await tdb.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nid]))
        .rows[0]!.id;
    ingridId = await id(INGRID);
    astridId = await id(ASTRID);
    const l = (
      await tdb.db.query<{ id: string; national_id: string }>(
        `SELECT id, national_id FROM journal.patient
          WHERE death_date IS NULL AND national_id IS NOT NULL AND birth_date < '1990-01-01'
          ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    living = { id: l.id, nationalId: l.national_id };
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
  });

  // Each registration its own letter (a minute apart): one letter registered twice is refused.
  let letters = 0;
  const received = (day: string) => `${day}T09:${String(10 + (letters++ % 50)).padStart(2, '0')}:00+02:00`;
  const request = (over: Record<string, unknown> = {}) => ({
    patientId: ingridId,
    patientNationalId: INGRID,
    patientName: 'Ingrid Aasen',
    requesterName: 'Per Aasen',
    requesterNationalId: PER,
    relation: 'NEAREST_RELATIVE',
    receivedAt: received('2024-09-16'),
    administrativEnhet: UNIT,
    ...over,
  });
  const archivist = (sub: string, matter?: string) =>
    stack.token({ sub, role: 'archivist', purpose: 'ACCESS_REQUEST', ...(matter ? { matter } : {}) });
  const register = async (token: string, i: Record<string, unknown>) => {
    const r = await gql(stack.gateway.url, REGISTER, { token, variables: { i } });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.registerAccessRequest as {
      saksmappe: { id: string };
      mappeId: string;
      eligibility: string;
      deadline: string;
      receivedOn: string;
      incomingJournalpost: { dokumentetsDato: string };
    };
  };
  /** The caller's access-log rows written after `seq`. */
  const rowsOf = async (user: string, after: string) =>
    (
      await tdb.db.query<Row>(
        `SELECT matter, entity_type, subgraph, outcome, rule FROM audit.access_log
          WHERE user_id = $1 AND seq > $2::bigint ORDER BY seq`,
        [user, after],
      )
    ).rows;
  const lastSeq = async () =>
    (await tdb.db.query<{ s: string }>('SELECT coalesce(max(seq), 0)::text AS s FROM audit.access_log'))
      .rows[0]!.s;

  describe('pasientjournalloven §§ 16 and 22, pasientjournalforskriften § 14: a read on purpose ACCESS_REQUEST names the access request that allowed it', () => {
    const A = 'innsyn-s44-a';
    const B = 'innsyn-s44-b';
    let first: { saksmappe: { id: string }; mappeId: string };

    beforeAll(async () => {
      first = await register(await archivist(A), request());
    });

    test('a case handler with one open request for the patient: every row of the journal, search, dossier and access bundle names it', async () => {
      const token = await archivist(A);
      const from = await lastSeq();
      const journal = await gql(stack.gateway.url, JOURNAL, { token, variables: { id: ingridId } });
      expect(journal.body.errors).toBeUndefined();
      expect(journal.body.data.patient.journal.edges.length).toBeGreaterThan(0);
      const search = await gql(
        stack.gateway.url,
        `query ($id: ID!) { patient(id: $id) { search(query: "sykehjem", expand: false) { total hits { journalEntry { id } } } } }`,
        { token, variables: { id: ingridId } },
      );
      expect(search.body.errors).toBeUndefined();
      const dossier = await gql(
        stack.gateway.url,
        `query ($id: ID!) { dossier(patientId: $id, first: 5) { items { kind } } }`,
        { token, variables: { id: ingridId } },
      );
      expect(dossier.body.errors).toBeUndefined();
      const bundle = await gql(
        stack.gateway.url,
        `query ($id: ID!) { accessBundle(accessRequestId: $id) { decisions { sourceId } cases { kind } } }`,
        { token, variables: { id: first.saksmappe.id } },
      );
      expect(bundle.body.errors).toBeUndefined();
      const rows = await rowsOf(A, from);
      const kinds = new Set(rows.map((r) => `${r.subgraph}:${r.entity_type}`));
      // Journal, search and the archive (the dossier's and the bundle's cases) were all read.
      expect([...kinds]).toEqual(
        expect.arrayContaining(['journal:journal_entry', 'search:search_hit', 'archive:saksmappe']),
      );
      // Before: matter NULL on every row: no one could tell which request a read served.
      expect(rows.filter((r) => r.matter !== first.saksmappe.id)).toEqual([]);
    });

    test('two open requests of the same case handler for the same patient: a read that names neither is refused, and one that names one is logged under it', async () => {
      const second = await register(
        await archivist(A),
        request({ requesterName: 'Kari Aasen', requesterNationalId: null, relation: 'OTHER_RELATIVE' }),
      );
      const unnamed = await gql(stack.gateway.url, JOURNAL, {
        token: await archivist(A),
        variables: { id: ingridId },
      });
      // Before: read, and logged with matter NULL.
      expect(unnamed.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(unnamed.body.errors?.[0]?.message).toMatch(/more than one open access request/);
      expect(unnamed.body.errors?.[0]?.message).toContain(first.mappeId);
      expect(unnamed.body.errors?.[0]?.message).toContain(second.mappeId);
      expect(unnamed.body.errors?.[0]?.message).toMatch(/token claim matter/);
      // The worklist still lists both, each read logged under its own request.
      const from = await lastSeq();
      const list = await gql(stack.gateway.url, `{ openAccessRequests { mappeId } }`, {
        token: await archivist(A),
      });
      expect(list.body.errors).toBeUndefined();
      expect(list.body.data.openAccessRequests.map((r: { mappeId: string }) => r.mappeId)).toEqual(
        expect.arrayContaining([first.mappeId, second.mappeId]),
      );
      expect(
        (await rowsOf(A, from))
          .filter((r) => r.entity_type === 'access_request')
          .map((r) => r.matter)
          .sort(),
      ).toEqual([first.saksmappe.id, second.saksmappe.id].sort());
      // The access bundle names its request itself: read under it, and logged so.
      const atBundle = await lastSeq();
      const bundle = await gql(
        stack.gateway.url,
        `query ($id: ID!) { accessBundle(accessRequestId: $id) { decisions { sourceId } cases { kind } } }`,
        { token: await archivist(A), variables: { id: second.saksmappe.id } },
      );
      expect(bundle.body.errors).toBeUndefined();
      const bundleRows = await rowsOf(A, atBundle);
      expect(bundleRows.map((r) => r.entity_type)).toEqual(expect.arrayContaining(['service_decision']));
      expect(bundleRows.filter((r) => r.matter !== second.saksmappe.id)).toEqual([]);
      // Naming the second request (token claim matter, as a legal user names a matter).
      const named = await archivist(A, second.saksmappe.id);
      const at = await lastSeq();
      const ok = await gql(stack.gateway.url, JOURNAL, { token: named, variables: { id: ingridId } });
      expect(ok.body.errors).toBeUndefined();
      const rows = await rowsOf(A, at);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => r.matter !== second.saksmappe.id)).toEqual([]);
    });

    test('a named request must be an open request of the caller for that patient: another patient, another handler, a closed or an unknown request is refused', async () => {
      const own = await register(
        await archivist(A),
        request({
          patientId: astridId,
          patientNationalId: ASTRID,
          patientName: 'Astrid Moe',
          requesterName: 'Ola Moe',
          requesterNationalId: null,
          requesterKinship: 'CHILD',
          receivedAt: received('2023-09-01'),
        }),
      );
      const refused = async (token: string, id: string, pattern: RegExp) => {
        const r = await gql(stack.gateway.url, JOURNAL, { token, variables: { id } });
        expect(r.body.data?.patient?.journal).toBeFalsy();
        expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(r.body.errors?.[0]?.message).toMatch(pattern);
      };
      // The request on Astrid does not open Ingrid.
      await refused(
        await archivist(A, own.saksmappe.id),
        ingridId,
        new RegExp(`not in access request ${own.mappeId}`),
      );
      // Another case handler's request.
      await refused(await archivist(B, own.saksmappe.id), astridId, /is not saksansvarlig of access request/);
      // An unknown one.
      await refused(
        await archivist(A, 'no-such-request'),
        astridId,
        /is not saksansvarlig of access request/,
      );
      // A closed one.
      const closed = await gql(stack.gateway.url, CLOSE, {
        token: await archivist(A),
        variables: {
          id: own.saksmappe.id,
          d: { outcome: 'GRANTED', handedOut: 'Kopi av journalen', repliedOn: '2023-09-20' },
        },
      });
      expect(closed.body.errors).toBeUndefined();
      await refused(
        await archivist(A, own.saksmappe.id),
        astridId,
        new RegExp(`access request ${own.mappeId} is closed`),
      );
      // A matter is still no claim for an archivist on another purpose.
      const admin = await gql(stack.gateway.url, JOURNAL, {
        token: await stack.token({
          sub: A,
          role: 'archivist',
          purpose: 'ARCHIVE_ADMINISTRATION',
          matter: own.saksmappe.id,
        }),
        variables: { id: astridId },
      });
      expect(admin.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(admin.body.errors?.[0]?.message).toMatch(/matter/);
    });
  });

  describe('helsepersonelloven § 22 første ledd: a request that needs the living patient’s consent is not granted without it', () => {
    test('CONSENT_REQUIRED is closed neither GRANTED nor PARTLY_GRANTED; REFUSED stays possible', async () => {
      const token = await archivist('innsyn-s44-c');
      const r = await register(token, {
        patientId: living.id,
        patientNationalId: living.nationalId,
        requesterName: 'Nabo Nilsen',
        relation: 'OTHER_RELATIVE',
        receivedAt: received('2025-01-13'),
        administrativEnhet: UNIT,
      });
      expect(r.eligibility).toBe('CONSENT_REQUIRED');
      const close = (d: Record<string, unknown>) =>
        gql(stack.gateway.url, CLOSE, { token, variables: { id: r.saksmappe.id, d } });
      const granted = await close({
        outcome: 'GRANTED',
        handedOut: 'Kopi av journalen',
        repliedOn: '2025-01-20',
      });
      // Before: closed GRANTED, the living patient's journal handed to a relative without consent.
      expect(granted.body.data?.closeAccessRequest?.outcome).toBeUndefined();
      expect(granted.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(granted.body.errors?.[0]?.message).toMatch(/CONSENT_REQUIRED/);
      expect(granted.body.errors?.[0]?.message).toMatch(/consent must be recorded first/);
      expect(granted.body.errors?.[0]?.message).toMatch(/helsepersonelloven § 22 første ledd/);
      const partly = await close({
        outcome: 'PARTLY_GRANTED',
        withheld: [{ item: 'Notater om tredjeperson', ground: 'THIRD_PARTY_INFORMATION' }],
        reasons: 'Delvis innsyn.',
        handedOut: 'Utskrift av vedtak',
        repliedOn: '2025-01-20',
      });
      expect(partly.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(partly.body.errors?.[0]?.message).toMatch(/consent must be recorded first/);
      const open = await tdb.db.query(
        'SELECT 1 FROM archive.access_request WHERE saksmappe_id = $1 AND closed_at IS NULL',
        [r.saksmappe.id],
      );
      expect(open.rowCount).toBe(1);
      const refused = await close({
        outcome: 'REFUSED',
        withheld: [{ item: 'Hele journalen', ground: 'CONFIDENTIALITY' }],
        reasons: 'Pasienten har ikke samtykket (helsepersonelloven § 22).',
        repliedOn: '2025-01-20',
      });
      expect(refused.body.errors).toBeUndefined();
      expect(refused.body.data.closeAccessRequest.outcome).toBe('REFUSED');
    });

    test('with the consent recorded (ELIGIBLE) the same request is granted', async () => {
      const token = await archivist('innsyn-s44-c');
      const r = await register(token, {
        patientId: living.id,
        patientNationalId: living.nationalId,
        requesterName: 'Nabo Nilsen',
        relation: 'OTHER_RELATIVE',
        patientConsent: true,
        receivedAt: received('2025-01-14'),
        administrativEnhet: UNIT,
      });
      expect(r.eligibility).toBe('ELIGIBLE');
      const granted = await gql(stack.gateway.url, CLOSE, {
        token,
        variables: {
          id: r.saksmappe.id,
          d: { outcome: 'GRANTED', handedOut: 'Kopi', repliedOn: '2025-01-20' },
        },
      });
      expect(granted.body.errors).toBeUndefined();
    });

    // Found when CONSENT_REQUIRED stopped being grantable (s44): consent was taken only at
    // registration, and the same letter cannot be registered twice while its case is open, so a
    // consent that arrived after the request left the case handler nothing but REFUSED.
    test('helsepersonelloven § 22 første ledd: a consent that arrives after the request is recorded on the open case (recordAccessRequestConsent), which then may be granted', async () => {
      const token = await archivist('innsyn-s44-c');
      const r = await register(token, {
        patientId: living.id,
        patientNationalId: living.nationalId,
        requesterName: 'Nabo Nilsen',
        relation: 'OTHER_RELATIVE',
        patientName: 'Lise Levende',
        receivedAt: received('2025-01-15'),
        administrativEnhet: UNIT,
      });
      expect(r.eligibility).toBe('CONSENT_REQUIRED');
      const CONSENT = `mutation ($i: RecordAccessRequestConsentInput!) {
        recordAccessRequestConsent(input: $i) {
          eligibility legalBasis patientConsent
          consent { givenOn recordedBy journalpost { journalposttype dokumentetsDato offentligTittel } }
        } }`;
      const consent = (i: Record<string, unknown>, t = token) =>
        gql(stack.gateway.url, CONSENT, {
          token: t,
          variables: { i: { saksmappeId: r.saksmappe.id, ...i } },
        });
      // Bad input is refused, and nothing is stored.
      const future = await consent({ givenOn: '2999-01-01' });
      expect(future.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(future.body.errors?.[0]?.message).toMatch(/givenOn is in the future/);
      const malformed = await consent({ givenOn: '2025-02-30' });
      expect(malformed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const recorded = await consent({ givenOn: '2025-01-22' });
      expect(recorded.body.errors).toBeUndefined();
      const c = recorded.body.data.recordAccessRequestConsent;
      expect(c.eligibility).toBe('ELIGIBLE');
      expect(c.patientConsent).toBe(true);
      expect(c.legalBasis).toMatch(/samtykket/);
      expect(c.consent).toEqual({
        givenOn: '2025-01-22',
        recordedBy: 'innsyn-s44-c',
        // The consent is a document of the case: an incoming journalpost dated by itself.
        journalpost: {
          journalposttype: 'Inngående dokument',
          dokumentetsDato: '2025-01-22',
          offentligTittel: 'Samtykke til innsyn – *****',
        },
      });
      // Its sender is the patient who gave it (the case's Klient), not the requester.
      const sender = await tdb.db.query<{ navn: string }>(
        `SELECT complex->'korrespondansepart'->0->'korrespondansepartNavn'->>0 AS navn FROM archive.journalpost
          WHERE saksmappe_id = $1 AND tittel LIKE 'Samtykke til innsyn%'`,
        [r.saksmappe.id],
      );
      expect(sender.rows).toEqual([{ navn: 'Lise Levende' }]);
      // Once: a second consent on the same request is refused.
      const again = await consent({ givenOn: '2025-01-23' });
      expect(again.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(again.body.errors?.[0]?.message).toMatch(/not CONSENT_REQUIRED/);
      const granted = await gql(stack.gateway.url, CLOSE, {
        token,
        variables: {
          id: r.saksmappe.id,
          d: { outcome: 'GRANTED', handedOut: 'Kopi', repliedOn: '2025-01-24' },
        },
      });
      expect(granted.body.errors).toBeUndefined();
      expect(granted.body.data.closeAccessRequest.outcome).toBe('GRANTED');
      // A closed request takes no consent: its patient left the case handler's reach with it
      // (pasientjournalloven § 22), as an extension of a closed request is refused. A researcher
      // may not record one at all.
      const closed = await consent({ givenOn: '2025-01-22' });
      expect(closed.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(closed.body.data?.recordAccessRequestConsent).toBeUndefined();
      const researcher = await stack.token({
        sub: 'r',
        role: 'researcher',
        purpose: 'RESEARCH',
        grant: 'G-none',
      });
      const denied = await consent({ givenOn: '2025-01-22' }, researcher);
      expect(denied.body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    });
  });

  describe('Noark 5 M103 dokumentetsDato is the date on the letter, M104 mottattDato its receipt', () => {
    test("the son's letter dated 12 September, received 16 September: dokumentetsDato 2024-09-12 in the case and the deposit, the deadline from receipt", async () => {
      const token = await stack.matterToken(
        { id: 'M-s44-brev', nationalIds: [INGRID], purpose: 'ACCESS_REQUEST' },
        { sub: 'saksbehandler-s44' },
      );
      const reg = await gql(stack.gateway.url, REGISTER, {
        token,
        variables: { i: request({ receivedAt: '2024-09-16T09:41:00+02:00', letterDate: '2024-09-12' }) },
      });
      expect(reg.body.errors).toBeUndefined();
      const r = reg.body.data.registerAccessRequest;
      // Before: the input had no letterDate, and dokumentetsDato was the day of receipt.
      expect(r.incomingJournalpost.dokumentetsDato).toBe('2024-09-12');
      expect(r.receivedOn).toBe('2024-09-16');
      expect(r.deadline).toBe('2024-10-16');
      const arkivdel = (
        await tdb.db.query<{ id: string }>(
          `SELECT ks.arkivdel_id AS id FROM archive.saksmappe s JOIN archive.klasse k ON k.id = s.klasse_ref
             JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id WHERE s.mappe_id = $1`,
          [r.mappeId],
        )
      ).rows[0]!.id;
      const out = join(mkdtempSync(join(tmpdir(), 's44-letter-')), 'deposit');
      try {
        await exportNoark(tdb.db, arkivdel, out, { schemaDir: SCHEMAS });
        const xml = readFileSync(join(out, 'arkivstruktur.xml'), 'utf8');
        const at = xml.indexOf(`<registreringsID>${r.mappeId}-1</registreringsID>`);
        expect(at).toBeGreaterThan(0);
        const jp = xml.slice(at, xml.indexOf('</registrering>', at));
        expect(jp).toContain('<dokumentetsDato>2024-09-12</dokumentetsDato>');
        expect(jp).toContain('<mottattDato>2024-09-16T09:41:00+02:00</mottattDato>');
        const structure = (await validatePackage(out, { schemaDir: SCHEMAS })).find(
          (x) => x.file === 'arkivstruktur.xml',
        )!;
        expect(structure.errors.filter((e) => !/avsluttetDato|arkivertDato/.test(e))).toEqual([]);
      } finally {
        rmSync(join(out, '..'), { recursive: true, force: true });
      }
      // Not given: the day of receipt, as before.
      const plain = await gql(stack.gateway.url, REGISTER, { token, variables: { i: request() } });
      expect(plain.body.errors).toBeUndefined();
      expect(plain.body.data.registerAccessRequest.incomingJournalpost.dokumentetsDato).toBe('2024-09-16');
    });

    test.each([
      ['2024-09-17', /letterDate.*after the request was received \(2024-09-16\)/],
      ['2024-02-30', /letterDate.*not a real calendar date/],
      ['16.09.2024', /letterDate.*YYYY-MM-DD/],
    ])('a letterDate %s is BAD_USER_INPUT, and nothing is stored', async (letterDate, message) => {
      const token = await archivist('innsyn-s44-d');
      const before = (
        await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM archive.access_request')
      ).rows[0]!.n;
      const r = await gql(stack.gateway.url, REGISTER, {
        token,
        variables: { i: request({ receivedAt: '2024-09-16T23:30:00+02:00', letterDate }) },
      });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.body.errors?.[0]?.message).toMatch(message);
      expect(
        (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM archive.access_request')).rows[0]!
          .n,
      ).toBe(before);
    });
  });
});
