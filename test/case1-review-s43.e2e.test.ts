/**
 * Review s43, case 1 of the domain brief (a relative asks for access to their late mother's
 * record and complains that she was refused long-term care), walked through the gateway on the
 * source exports: the relative's request registered and closed as the case handler would.
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

const INGRID = '11823821230'; // died 2024-03-10; her son Per is registered as nearest relative (HP, v2-0131 N)
const PER = '03876538341';
const SCHEMAS = join(FIXTURES_DIR, '..', 'standards', 'noark5');
// Died 2023-06-02; her daughter Ellen Moe is registered as nearest relative (N) without a national id.
const ASTRID = '24923111863';
const ELLEN = '05856040293'; // synthetic, not in the exports

const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
  registerAccessRequest(input: $i) { saksmappe { id } eligibility legalBasis relativeCheck } }`;
const CLOSE = `mutation ($id: ID!, $d: AccessDecisionInput!) {
  closeAccessRequest(saksmappeId: $id, decision: $d) { outcome withheld { ground } } }`;

describeWithFixtures('review s43: case 1, the relative of a deceased patient', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let ingridId: string;
  let token: string;

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
    token = await stack.matterToken(
      { id: 'M-s43-innsyn', nationalIds: [INGRID], purpose: 'ACCESS_REQUEST' },
      { sub: 'saksbehandler-s43' },
    );
    const p = await gql(stack.gateway.url, `{ patientByNationalId(nationalId: "${INGRID}") { id } }`, {
      token,
    });
    ingridId = p.body.data.patientByNationalId.id;
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
    administrativEnhet: 'Helse- og velferdskontor Byåsen',
    ...over,
  });
  const requests = async () =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM archive.access_request')).rows[0]!.n;

  test('pbrl. § 5-1 femte ledd with § 1-3 b: the registered nearest relative of a deceased patient is not filed as another relative under hpl. § 24', async () => {
    const before = await requests();
    const r = await gql(stack.gateway.url, REGISTER, {
      token,
      variables: { i: request({ relation: 'OTHER_RELATIVE' }) },
    });
    // Filed as OTHER_RELATIVE, Per's statutory right became a discretionary hpl. § 24 assessment
    // (MANUAL_ASSESSMENT), which has no appeal to Statsforvalteren under pbrl. § 7-2.
    expect(r.body.data?.registerAccessRequest?.eligibility).toBeUndefined();
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.message).toMatch(/registered as the patient's nearest relative/);
    expect(await requests()).toBe(before);
    // As NEAREST_RELATIVE the same request is the right of pbrl. § 5-1 femte ledd, verified.
    const ok = await gql(stack.gateway.url, REGISTER, { token, variables: { i: request() } });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.registerAccessRequest).toMatchObject({
      eligibility: 'ELIGIBLE',
      relativeCheck: 'VERIFIED',
    });
  });

  test("pbrl. § 5-1 andre og femte ledd: a deceased patient's relative is not refused on danger to the patient's own life or health", async () => {
    const reg = await gql(stack.gateway.url, REGISTER, { token, variables: { i: request() } });
    expect(reg.body.errors).toBeUndefined();
    const id = reg.body.data.registerAccessRequest.saksmappe.id;
    const decision = (ground: string) => ({
      outcome: 'PARTLY_GRANTED',
      withheld: [{ item: 'Notat 2023-01-09 om fallet', ground }],
      reasons: 'Opplysningene holdes tilbake.',
      handedOut: 'Kopi av journalen for øvrig',
      repliedOn: '2024-10-01',
    });
    // pbrl. § 5-1 andre ledd protects a living patient from their own record; after death the
    // nearest relative's access yields only to special reasons (femte ledd).
    const r = await gql(stack.gateway.url, CLOSE, {
      token,
      variables: { id, d: decision('DANGER_TO_PATIENT') },
    });
    expect(r.body.data?.closeAccessRequest?.outcome).toBeUndefined();
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.message).toMatch(/DANGER_TO_PATIENT.*deceased/);
    const open = await tdb.db.query(
      'SELECT 1 FROM archive.access_request WHERE saksmappe_id = $1 AND closed_at IS NULL',
      [id],
    );
    expect(open.rowCount).toBe(1);
    const ok = await gql(stack.gateway.url, CLOSE, {
      token,
      variables: { id, d: decision('SPECIAL_REASONS_AFTER_DEATH') },
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.closeAccessRequest).toMatchObject({
      outcome: 'PARTLY_GRANTED',
      withheld: [{ ground: 'SPECIAL_REASONS_AFTER_DEATH' }],
    });
  });

  test('pbrl. § 5-1 femte ledd with § 1-3 b: the nearest relative the patient named, registered without a national id, is not "another" nearest relative of herself', async () => {
    const t = await stack.matterToken(
      { id: 'M-s43-innsyn-astrid', nationalIds: [ASTRID], purpose: 'ACCESS_REQUEST' },
      { sub: 'saksbehandler-s43b' },
    );
    const p = await gql(stack.gateway.url, `{ patientByNationalId(nationalId: "${ASTRID}") { id } }`, {
      token: t,
    });
    const astrid = (over: Record<string, unknown>) => ({
      patientId: p.body.data.patientByNationalId.id,
      patientNationalId: ASTRID,
      patientName: 'Astrid Moe',
      relation: 'NEAREST_RELATIVE',
      requesterKinship: 'CHILD',
      receivedAt: received('2023-09-01'),
      administrativEnhet: 'Helse- og velferdskontor Byåsen',
      ...over,
    });
    const r = await gql(stack.gateway.url, REGISTER, {
      token: t,
      variables: { i: astrid({ requesterName: 'Moe, Ellen', requesterNationalId: ELLEN }) },
    });
    expect(r.body.errors).toBeUndefined();
    // Before: CONTRADICTED, "Pasienten har registrert en annen som nærmeste pårørende (Ellen Moe)",
    // and Ellen's right became an hpl. § 24 assessment.
    expect(r.body.data.registerAccessRequest.relativeCheck).not.toBe('CONTRADICTED');
    expect(r.body.data.registerAccessRequest.eligibility).toBe('ELIGIBLE');
    expect(r.body.data.registerAccessRequest.legalBasis).toMatch(/§ 5-1 femte ledd/);
    expect(r.body.data.registerAccessRequest.legalBasis).toMatch(/identitet/);
    // Someone else, with any national id, is still not the nearest relative the patient named.
    const other = await gql(stack.gateway.url, REGISTER, {
      token: t,
      variables: { i: astrid({ requesterName: 'Kari Moe', requesterNationalId: ELLEN }) },
    });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.registerAccessRequest).toMatchObject({
      relativeCheck: 'CONTRADICTED',
      eligibility: 'MANUAL_ASSESSMENT',
    });
  });

  test("pasientjournalloven § 22: the HP decision whose Gerica assessment lies before the matter's period says so in the access bundle, not silently without it", async () => {
    // The complaint's matter covers 2023–2024: the refusal (2023-05-20) and the request
    // (2024-09-16) are in it, the assessment the refusal rests on (2022-11-03) is not.
    const t = await stack.matterToken(
      {
        id: 'M-s43-klage',
        nationalIds: [INGRID],
        purpose: 'ACCESS_REQUEST',
        periodFrom: '2023-01-01',
        periodTo: '2024-12-31',
      },
      { sub: 'saksbehandler-s43c' },
    );
    const reg = await gql(stack.gateway.url, REGISTER, { token: t, variables: { i: request() } });
    expect(reg.body.errors).toBeUndefined();
    const r = await gql(
      stack.gateway.url,
      `query ($id: ID!) { accessBundle(accessRequestId: $id) {
        decisions { sourceId details { label value } links { relation recordId } } assessments { sourceId } } }`,
      { token: t, variables: { id: reg.body.data.registerAccessRequest.saksmappe.id } },
    );
    expect(r.body.errors).toBeUndefined();
    const b = r.body.data.accessBundle;
    const hp = b.decisions.find((d: any) => d.sourceId === 'dr-p8v2fpp7t9');
    expect(hp.details).toEqual(
      expect.arrayContaining([{ label: 'cites', value: 'vurdering datert 03.11.2022' }]),
    );
    // Out of the matter's period the assessment is neither read nor shown (nor logged) ...
    expect(hp.links).toEqual([]);
    expect(b.assessments).toEqual([]);
    // ... but the decision says that it exists and why it is not there.
    const notShown = hp.details.find((d: any) => d.label === 'assessment not shown');
    expect(notShown?.value).toMatch(/1 Vurdering note dated 2022-11-03.*outside the period/);
  });

  test('helsepersonelloven § 21: a journal request the law gives no right to (NOT_ELIGIBLE: the public) is not closed as granted', async () => {
    const reg = await gql(stack.gateway.url, REGISTER, {
      token,
      variables: {
        i: request({ requesterName: 'Journalist Nilsen', requesterNationalId: null, relation: 'PUBLIC' }),
      },
    });
    expect(reg.body.errors).toBeUndefined();
    expect(reg.body.data.registerAccessRequest.eligibility).toBe('NOT_ELIGIBLE');
    const id = reg.body.data.registerAccessRequest.saksmappe.id;
    const granted = await gql(stack.gateway.url, CLOSE, {
      token,
      variables: { id, d: { outcome: 'GRANTED', handedOut: 'Kopi av journalen', repliedOn: '2024-09-20' } },
    });
    // Before: closed GRANTED, the deceased's journal handed to the public.
    expect(granted.body.data?.closeAccessRequest?.outcome).toBeUndefined();
    expect(granted.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(granted.body.errors?.[0]?.message).toMatch(/NOT_ELIGIBLE.*helsepersonelloven § 21/);
    const refused = await gql(stack.gateway.url, CLOSE, {
      token,
      variables: {
        id,
        d: {
          outcome: 'REFUSED',
          withheld: [{ item: 'Hele journalen', ground: 'CONFIDENTIALITY' }],
          reasons: 'Allmennheten har ikke innsyn i pasientjournal.',
          repliedOn: '2024-09-20',
        },
      },
    });
    expect(refused.body.errors).toBeUndefined();
    expect(refused.body.data.closeAccessRequest.outcome).toBe('REFUSED');
  });

  test("Noark 5 M104 mottattDato: the relative's request is deposited with the time it was received, which its deadline runs from (pbrl. § 5-1, GDPR art. 12 nr. 3)", async () => {
    const reg = await gql(
      stack.gateway.url,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId deadline } }`,
      { token, variables: { i: request({ receivedAt: '2024-09-16T09:41:00+02:00' }) } },
    );
    expect(reg.body.errors).toBeUndefined();
    const { mappeId, deadline } = reg.body.data.registerAccessRequest;
    expect(deadline).toBe('2024-10-16');
    const arkivdel = (
      await tdb.db.query<{ id: string }>(
        `SELECT ks.arkivdel_id AS id FROM archive.saksmappe s JOIN archive.klasse k ON k.id = s.klasse_ref
           JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id WHERE s.mappe_id = $1`,
        [mappeId],
      )
    ).rows[0]!.id;
    const out = join(mkdtempSync(join(tmpdir(), 'case1-s43-')), 'deposit');
    try {
      await exportNoark(tdb.db, arkivdel, out, {
        schemaDir: join(FIXTURES_DIR, '..', 'standards', 'noark5'),
      });
      const xml = readFileSync(join(out, 'arkivstruktur.xml'), 'utf8');
      const at = xml.indexOf(`<registreringsID>${mappeId}-1</registreringsID>`);
      expect(at).toBeGreaterThan(0);
      // Before: no mottattDato; only a dokumentetsDato of the day it came.
      expect(xml.slice(at, xml.indexOf('</registrering>', at))).toContain(
        '<mottattDato>2024-09-16T09:41:00+02:00</mottattDato>',
      );
      // In its schema place (arkivstruktur.xsd: after dokumentetsDato): the only deviations of the
      // live archive's extract are its open entities'.
      const structure = (await validatePackage(out, { schemaDir: SCHEMAS })).find(
        (r) => r.file === 'arkivstruktur.xml',
      )!;
      expect(structure.errors.filter((e) => !/avsluttetDato|arkivertDato/.test(e))).toEqual([]);
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });

  test("a clear error: the son's own national id typed as his late mother's is named as such, not answered 'use relation PATIENT'", async () => {
    const r = await gql(stack.gateway.url, REGISTER, {
      token,
      variables: { i: request({ patientNationalId: PER }) },
    });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Before: "the requester is the patient: use relation PATIENT", which for a deceased patient
    // is refused in turn ("the patient is deceased: the request is from someone else").
    expect(r.body.errors?.[0]?.message).toMatch(/patientNationalId and requesterNationalId are the same/);
    expect(r.body.errors?.[0]?.message).toMatch(/or one of the two numbers is wrong/);
  });

  // Found in review s43 (case 1), fixed by the lead from the reviewer's patch.
  test('Noark 5 (one letter is journaled once): the same letter registered twice (a retried mutation, a second case handler) is not two open requests with two deadlines', async () => {
    const i = request({ receivedAt: '2024-09-17T08:00:00+02:00' });
    const first = await gql(
      stack.gateway.url,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId } }`,
      { token, variables: { i } },
    );
    expect(first.body.errors).toBeUndefined();
    const before = await requests();
    const again = await gql(stack.gateway.url, REGISTER, { token, variables: { i } });
    // Before: a second case (2024/04xx) for the same letter, a second reply and deadline, and the
    // statistics counting the relative's request twice.
    expect(again.body.data?.registerAccessRequest).toBeUndefined();
    expect(again.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.body.errors?.[0]?.message).toContain(
      `already registered as ${first.body.data.registerAccessRequest.mappeId}`,
    );
    expect(await requests()).toBe(before);
  });
});
