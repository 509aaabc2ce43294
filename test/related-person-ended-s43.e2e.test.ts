/**
 * Review s43: an ended nearest-relative registration. Helseplattformen sends a RelatedPerson whose
 * registration has ended as `active: false` or with a `period.end`; the HP import ignored both, so
 * an ex-spouse or a nearest relative the patient had replaced stayed "registered as nearest
 * relative", and the access-request rules VERIFIED them as the deceased patient's nearest relative
 * with a right of access under pasient- og brukerrettighetsloven § 5-1 femte ledd (with § 1-3 b).
 * A registration counts only when it was in force at the death. Real PostgreSQL and the gateway
 * (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LERKENDAL } from '../dev/access-requests';
import { hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { gql, testConfig } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-rel43-'));
  ts = await startPostgresTestStack({ research: { ...testConfig({}).research, extractDir: dir } });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
const EX_SPOUSE = makeSyntheticNationalId('1946-04-04', 4302, true);
const FORMER = makeSyntheticNationalId('1966-06-06', 4303, true);
const SON = makeSyntheticNationalId('1968-08-08', 4304, true);
const DIED = '2024-03-10T08:00:00+01:00';

const relative = (
  id: string,
  patient: string,
  nationalId: string,
  given: string,
  code: string,
  extra: object = {},
) => ({
  resourceType: 'RelatedPerson',
  id,
  patient: { reference: `Patient/${patient}` },
  identifier: [{ system: FNR, value: nationalId }],
  name: [{ family: 'Sporvik', given: [given] }],
  relationship: [
    {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' },
        { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code },
      ],
      text: 'Nærmeste pårørende',
    },
  ],
  ...extra,
});

const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
  registerAccessRequest(input: $i) { eligibility legalBasis relativeCheck } }`;

async function importExport(name: string, a: object, b: object) {
  const hp = writeHpExport(dir, name, {
    Patient: [
      { ...hpPatient('pt-rel43-a', '1944-02-03', 4301), deceasedDateTime: DIED },
      { ...hpPatient('pt-rel43-b', '1943-03-03', 4305), deceasedDateTime: DIED },
    ],
    RelatedPerson: [
      relative('rp-rel43-a1', 'pt-rel43-a', EX_SPOUSE, 'Eks', 'SPS', a),
      relative('rp-rel43-b1', 'pt-rel43-b', FORMER, 'Tidligere', 'SPS', b),
      relative('rp-rel43-b2', 'pt-rel43-b', SON, 'Sønn', 'SON'),
    ],
  });
  await runImport(ts.tdb.db, 'hp', hp);
}

let letters = 0;
async function ask(
  patientLocalId: string,
  birth: [string, number],
  requester: string,
  name: string,
  relation = 'NEAREST_RELATIVE',
) {
  const token = await ts.stack.token({
    sub: 'saksbehandler-rel43',
    role: 'archivist',
    purpose: 'ACCESS_REQUEST',
  });
  const r = await gql(ts.stack.gateway.url, REGISTER, {
    token,
    variables: {
      i: {
        administrativEnhet: LERKENDAL,
        patientId: await hpPatientRecord(ts.tdb.db, patientLocalId),
        patientNationalId: makeSyntheticNationalId(birth[0], birth[1], true),
        patientName: 'Tone Sporvik',
        requesterName: name,
        requesterNationalId: requester,
        relation,
        receivedAt: `2024-09-16T09:${String(10 + letters++).padStart(2, '0')}:00+02:00`,
      },
    },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.registerAccessRequest as {
    eligibility: string;
    relativeCheck: string;
    legalBasis: string;
  };
}

describe('an ended nearest-relative registration (HP RelatedPerson active false or period.end)', () => {
  test('pasient- og brukerrettighetsloven § 5-1 femte ledd with § 1-3 b (nærmeste pårørende): a nearest-relative registration that had ended before the death (active false, or period.end before it) does not VERIFY the requester, who is not ELIGIBLE as nearest relative; a current one still is', async () => {
    await importExport(
      'hp-rel43-1',
      { active: false },
      { period: { start: '2001-01-01T00:00:00+01:00', end: '2019-05-31T12:00:00+02:00' } },
    );
    const exSpouse = await ask('pt-rel43-a', ['1944-02-03', 4301], EX_SPOUSE, 'Eks Sporvik');
    const former = await ask('pt-rel43-b', ['1943-03-03', 4305], FORMER, 'Tidligere Sporvik');
    const son = await ask('pt-rel43-b', ['1943-03-03', 4305], SON, 'Sønn Sporvik');
    expect({ exSpouse, former, son }).toEqual({
      exSpouse: expect.objectContaining({ relativeCheck: 'CONTRADICTED', eligibility: 'MANUAL_ASSESSMENT' }),
      former: expect.objectContaining({ relativeCheck: 'CONTRADICTED', eligibility: 'MANUAL_ASSESSMENT' }),
      son: expect.objectContaining({ relativeCheck: 'VERIFIED', eligibility: 'ELIGIBLE' }),
    });
    expect(exSpouse.legalBasis).toMatch(/avsluttet/);
    expect(former.legalBasis).toMatch(/avsluttet/);
    // No longer the nearest relative, the ex-spouse may file as another relative (hpl. § 24).
    const other = await ask('pt-rel43-a', ['1944-02-03', 4301], EX_SPOUSE, 'Eks Sporvik', 'OTHER_RELATIVE');
    expect(other).toMatchObject({ eligibility: 'MANUAL_ASSESSMENT', relativeCheck: 'NOT_APPLICABLE' });
  }, 120_000);

  test('pasient- og brukerrettighetsloven § 5-1 femte ledd with § 1-3 b (nærmeste pårørende): a registration that ended after the death still counts; the relatives show active and periodEnd; a re-import that changes them keeps the earlier row as a version', async () => {
    await importExport(
      'hp-rel43-2',
      { active: true },
      { period: { start: '2001-01-01T00:00:00+01:00', end: '2024-05-31T12:00:00+02:00' } },
    );
    const exSpouse = await ask('pt-rel43-a', ['1944-02-03', 4301], EX_SPOUSE, 'Eks Sporvik');
    expect(exSpouse).toMatchObject({ relativeCheck: 'VERIFIED', eligibility: 'ELIGIBLE' });
    const versions = await ts.tdb.db.query<{ active: boolean | null; period_end: string | null }>(
      `SELECT record->'active' AS active, record->>'period_end' AS period_end FROM journal.record_version
        WHERE record_table = 'related_person' AND record->>'source_id' IN ('rp-rel43-a1', 'rp-rel43-b1')
        ORDER BY record->>'source_id', id`,
    );
    expect(versions.rows).toEqual([
      { active: false, period_end: null },
      { active: null, period_end: expect.stringMatching(/^2019-05-31/) },
    ]);
    const id = await hpPatientRecord(ts.tdb.db, 'pt-rel43-b');
    // The handler has two open requests for her (the former nearest relative's and the son's): the
    // read names the son's (token claim matter; pasientjournalforskriften § 14, stop 44).
    const sons = (
      await ts.tdb.db.query<{ saksmappe_id: string }>(
        `SELECT saksmappe_id FROM archive.access_request
          WHERE patient_id = $1 AND requester_name = 'Sønn Sporvik' AND closed_at IS NULL
          ORDER BY received_at DESC LIMIT 1`,
        [id],
      )
    ).rows[0]!.saksmappe_id;
    const token = await ts.stack.token({
      sub: 'saksbehandler-rel43',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
      matter: sons,
    });
    const r = await gql(
      ts.stack.gateway.url,
      `{ patient(id: "${id}") { relatives { name nearestRelative active periodEnd } } }`,
      { token },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.relatives).toEqual(
      expect.arrayContaining([
        { name: 'Sønn Sporvik', nearestRelative: true, active: null, periodEnd: null },
        {
          name: 'Tidligere Sporvik',
          nearestRelative: true,
          active: null,
          periodEnd: expect.stringMatching(/^2024-05-31T/),
        },
      ]),
    );
  }, 120_000);
});
