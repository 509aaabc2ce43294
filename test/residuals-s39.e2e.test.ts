/**
 * Residuals of the s39 reviews, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend). Each test FAILED on the code before its fix, for the reason its name gives
 * in parentheses.
 */
import { randomUUID } from 'node:crypto';
import { gql } from '../dev/services';
import { insertQueuedNote, startPostgresTestStack, type TestStack } from '../dev/test-stack';
import type { CallerContext } from '../lib/auth';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_A = makeSyntheticNationalId('1982-04-11', 394, true);
const PT_A = 'pt-res39-a';
const NID_B = makeSyntheticNationalId('1984-06-12', 395, false);
const PT_B = 'pt-res39-b';

let env: TestStack;
let archivist: string;

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    { id: PT_A, nationalId: NID_A, familyName: 'Aune', givenName: 'Arne', birthDate: '1982-04-11' },
    { id: PT_B, nationalId: NID_B, familyName: 'Berg', givenName: 'Berit', birthDate: '1984-06-12' },
  ]);
  archivist = await env.stack.token({
    sub: 'arkivar-res39',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
}, 120_000);
afterAll(async () => env?.stop());

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(env.stack.gateway.url, query, { token, variables });

describe('registerMatter', () => {
  test("a patientIds entry that is no patient record of the journal is BAD_USER_INPUT naming the unknown id, and nothing is registered (an archivist's typo registered a matter that reached nobody)", async () => {
    const m = `mutation ($i: RegisterMatterInput!) { registerMatter(input: $i) { id patientIds } }`;
    const input = {
      id: 'M-res39-typo',
      title: 'Erstatningssak',
      purpose: 'LEGAL_PROCEEDINGS',
      patientIds: [PT_A, 'pt-res39-aa'],
      members: ['jurist-res39'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const refused = await call(archivist, m, { i: input });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.message).toMatch(/patientIds.*"pt-res39-aa"/);
    expect(refused.body.errors?.[0]?.message).not.toMatch(new RegExp(`"${PT_A}"`));
    const stored = await env.tdb.db.query(
      `SELECT (SELECT count(*) FROM policy.matter WHERE id = $1) + (SELECT count(*) FROM policy.matter_patient WHERE matter_id = $1)
            + (SELECT count(*) FROM policy.matter_member WHERE matter_id = $1) AS n`,
      ['M-res39-typo'],
    );
    expect(Number((stored.rows[0] as { n: string }).n)).toBe(0);
    // The same matter over the patient's real record is registered.
    const ok = await call(archivist, m, { i: { ...input, patientIds: [PT_A] } });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.registerMatter).toEqual({ id: 'M-res39-typo', patientIds: [PT_A] });
  }, 120_000);
});

describe('archive free text has a length cap', () => {
  const HUGE = 'a'.repeat(900_000); // about 900 KB: under the gateway's 1 MiB body cap
  const stored = async () =>
    (
      await env.tdb.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM archive.saksmappe) + (SELECT count(*) FROM archive.journalpost)
              + (SELECT count(*) FROM archive.access_request) AS n`,
      )
    ).rows[0]!.n;
  const register = async (fields: Record<string, string>) =>
    call(
      await env.stack.token({ sub: 'arkivar-res39', role: 'archivist', purpose: 'ACCESS_REQUEST' }),
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId saksmappe { id tittel } } }`,
      {
        i: {
          patientId: PT_A,
          patientNationalId: NID_A,
          requesterName: 'Arne Aune',
          relation: 'PATIENT',
          receivedAt: '2024-03-04T10:00:00+01:00',
          administrativEnhet: 'Helse- og velferdskontor',
          ...fields,
        },
      },
    );

  test.each([['requesterName'], ['administrativEnhet']])(
    'registerAccessRequest with a %s over 200 characters is BAD_USER_INPUT naming it, and no case, journalpost or request is written (about 900 KB went into the case and journalpost titles, the postjournal and the search index)',
    async (field) => {
      const before = await stored();
      const res = await register({ [field]: HUGE });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(new RegExp(`${field}.*longer than 200 characters`));
      expect(await stored()).toBe(before);
      // 200 characters are registered.
      const ok = await register({ [field]: 'Ø'.repeat(200) });
      expect(ok.body.errors).toBeUndefined();
    },
    120_000,
  );

  test('changeTittel with a tittel or offentligTittel over 500 characters is BAD_USER_INPUT naming it, and the titles stay as they were (about 900 KB went into the title, the postjournal and the search index)', async () => {
    // A letter of its own: the same requester's letter received at the same time is one case (review s43).
    const reg = await register({ requesterName: 'Arne Aune', receivedAt: '2024-03-04T11:00:00+01:00' });
    expect(reg.body.errors).toBeUndefined();
    const id = reg.body.data.registerAccessRequest.saksmappe.id as string;
    const titles = async () =>
      (await env.tdb.db.query(`SELECT tittel, offentlig_tittel FROM archive.saksmappe WHERE id = $1`, [id]))
        .rows[0];
    const before = await titles();
    const mutation = `mutation ($id: ID!, $t: String!, $o: String) { changeTittel(id: $id, tittel: $t, offentligTittel: $o) { id } }`;
    for (const [variables, name] of [
      [{ id, t: HUGE }, 'tittel'],
      [{ id, t: 'x'.repeat(501) }, 'tittel'],
      [{ id, t: 'Ny tittel', o: HUGE }, 'offentligTittel'],
    ] as const) {
      const res = await call(archivist, mutation, variables);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(new RegExp(`^${name} is longer than 500 characters`));
      expect(await titles()).toEqual(before);
    }
    const ok = await call(archivist, mutation, { id, t: 'x'.repeat(500), o: 'Begjæring om innsyn' });
    expect(ok.body.errors).toBeUndefined();
    expect(await titles()).toEqual({ tittel: 'x'.repeat(500), offentlig_tittel: 'Begjæring om innsyn' });
  }, 120_000);
});

describe('merknadsdato', () => {
  const merknad = (text: string, date: string) => ({
    merknadstekst: [text],
    merknadstype: ['Merknad fra saksbehandler'],
    merknadsdato: [date],
    merknadRegistrertAv: ['Marte Sand'],
  });

  test("pasientjournalloven § 22: an imported merknadsdato that is no real day or hour (2023-02-29, 24:00) is unreadable, so the merknad takes its case's own date and is cut to the matter's period by it; a real date outside the period still hides it (Date.parse rolled 2023-02-29 and 2023-02-28T24:00 over to 1 March, outside the matter's period, and a merknad of the case's own day was withheld)", async () => {
    // A case dated 10 February 2023 (an access request received then), its merknader imported.
    const reg = await call(
      await env.stack.token({ sub: 'arkivar-res39', role: 'archivist', purpose: 'ACCESS_REQUEST' }),
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
      {
        i: {
          patientId: PT_B,
          patientNationalId: NID_B,
          requesterName: 'Berit Berg',
          relation: 'PATIENT',
          receivedAt: '2023-02-10T10:00:00+01:00',
          administrativEnhet: 'Helse- og velferdskontor',
        },
      },
    );
    expect(reg.body.errors).toBeUndefined();
    const id = reg.body.data.registerAccessRequest.saksmappe.id as string;
    const notes = [
      merknad('29. februar', '2023-02-29T10:00:00+01:00'),
      merknad('Klokka 24', '2023-02-28T24:00:00+01:00'),
      merknad('I perioden', '2023-02-20T10:00:00+01:00'),
      merknad('Etter perioden', '2023-03-01T10:00:00+01:00'),
    ];
    await env.tdb.db.query(
      `UPDATE archive.saksmappe SET complex = coalesce(complex, '{}'::jsonb) || jsonb_build_object('merknad', $2::jsonb)
        WHERE id = $1`,
      [id, JSON.stringify(notes)],
    );
    const legal = await env.stack.matterToken(
      { id: 'M-res39-merknad', patientIds: [PT_B], periodFrom: '2023-01-01', periodTo: '2023-02-28' },
      { sub: 'jurist-res39-merknad' },
    );
    const res = await call(legal, `{ saksmappe(id: "${id}") { merknader { merknadstekst } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.saksmappe.merknader.map((m: { merknadstekst: string }) => m.merknadstekst)).toEqual([
      '29. februar',
      'Klokka 24',
      'I perioden',
    ]);
  }, 120_000);
});

describe('JournalEntry and ServiceDecision references', () => {
  const MATTER = 'M-res39-ref';
  const JURIST = 'jurist-res39-ref';
  const legal = (): CallerContext => ({
    userId: JURIST,
    role: 'legal',
    purpose: 'LEGAL_PROCEEDINGS',
    matter: MATTER,
    selfAuthorized: false,
    requestId: randomUUID(),
  });
  const archivistCaller = (): CallerContext => ({
    userId: 'arkivar-res39',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
    selfAuthorized: false,
    requestId: randomUUID(),
  });

  /** `_entities` on the journal subgraph, as the gateway (or the dossier) resolves a reference. */
  async function reference(caller: CallerContext, typename: string, id: string) {
    const sub = env.stack.subgraphs.find((s) => s.name === 'journal')!;
    const r = await gql(
      sub.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id } } }`,
      {
        variables: { r: [{ __typename: typename, id }] },
        caller: { caller, secret: env.config.internalSecret, subgraph: 'journal' },
      },
    );
    const denied = await env.tdb.db.query<{ outcome: string }>(
      `SELECT outcome FROM audit.access_log WHERE request_id = $1`,
      [caller.requestId],
    );
    return {
      data: r.body.data?._entities ?? null,
      errors: (r.body.errors ?? []).map((e: { message: string; extensions?: { code?: string } }) => [
        e.extensions?.code,
        e.message,
      ]),
      logged: denied.rows.map((row) => row.outcome),
    };
  }

  beforeAll(async () => {
    // B's note and service decision: they exist, and a matter over A does not reach them.
    await insertQueuedNote(env.tdb.db, {
      id: 'je-res39-b1',
      patientId: PT_B,
      text: 'Samtale med pasienten.',
      writtenAt: '2021-05-03T10:00:00+02:00',
    });
    await env.tdb.db.query(
      `INSERT INTO journal.service_decision (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, content_hash)
       VALUES ('sd-res39-b1', $1, 'GERICA', 'sd-res39-b1', 'Hjemmesykepleie', '2021-05-04', 'GRANTED', 'Innvilget', 'res39')`,
      [PT_B],
    );
    await env.stack.matterToken({ id: MATTER, patientIds: [PT_A] }, { sub: JURIST });
  }, 120_000);

  test.each([
    ['JournalEntry', 'je-res39-b1'],
    ['ServiceDecision', 'sd-res39-b1'],
  ])(
    "pasientjournalloven § 22: a %s reference whose id never existed answers a legal user on a matter as one out of reach (FORBIDDEN, logged as denied), so _entities does not tell whether the record exists (it answered null for an unknown id and FORBIDDEN for another person's)",
    async (typename, known) => {
      const real = await reference(legal(), typename, known);
      const unknown = await reference(legal(), typename, `${known}-finnes-ikke`);
      expect(real.errors).toEqual([['FORBIDDEN', `patient not in matter ${MATTER}`]]);
      expect(unknown.errors).toEqual(real.errors);
      expect(unknown.data).toEqual(real.data);
      expect(unknown.logged).toEqual(['denied']);
      // An archivist reaches everyone: an unknown id is simply not there (null), as before.
      const byArchivist = await reference(archivistCaller(), typename, `${known}-finnes-ikke`);
      expect(byArchivist).toEqual({ data: [null], errors: [], logged: [] });
    },
    120_000,
  );
});
