/**
 * Task s46 fix FX5, defect 2: research `cases` (ResearchSubject.cases of researchCohort, and the
 * extract's cases table) placed an access-request case by the national id it was registered with
 * (archive.subject_part), while search, the journal's deletion check and the statistics follow the
 * patient record the request is filed under (stop 46, archive migration 038; lib/policy
 * accessRequestSubject). Karin Kvam and Leif Lie were linked as one person by mistake; while linked,
 * Leif's request was filed under his record with Karin's national id; the link is undone. A grant
 * whose cohort holds Karin listed Leif's request case under Karin's pseudonym (its date, class,
 * status, title) and in her extract; a cohort holding Leif did not (pasientjournalloven § 22,
 * helseforskningsloven § 33: a cohort's data only, and each person's own). Real PostgreSQL,
 * through the gateway.
 */
import { gql } from '../dev/services';
import { LERKENDAL } from '../dev/access-requests';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const NID_K = makeSyntheticNationalId('1962-04-14', 4651, false);
const NID_L = makeSyntheticNationalId('1957-04-15', 4652, true);
const PT_K = 'pt-s46r-k';
const PT_L = 'pt-s46r-l';

let env: TestStack;

const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(env.stack.gateway.url, query, { token, variables })).body;
const ok = (b: { errors?: unknown; data?: unknown }) => {
  expect(b.errors).toBeUndefined();
  return b.data as Record<string, any>;
};

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    { id: PT_K, nationalId: NID_K, familyName: 'Kvam', givenName: 'Karin', birthDate: '1962-04-14' },
    { id: PT_L, nationalId: NID_L, familyName: 'Lie', givenName: 'Leif', birthDate: '1957-04-15' },
  ]);
  const admin = await env.stack.token({
    sub: 'arkivar-s46r',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  ok(
    await call(admin, `mutation { linkPatients(a: "${PT_K}", b: "${PT_L}", reason: "samme person") { id } }`),
  );
  const handler = await env.stack.token({
    sub: 'saksbehandler-s46r',
    role: 'archivist',
    purpose: 'ACCESS_REQUEST',
  });
  ok(
    await call(
      handler,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
      {
        i: {
          administrativEnhet: LERKENDAL,
          patientId: PT_L,
          patientNationalId: NID_K,
          patientName: 'Leif Lie',
          requesterName: 'Karin Kvam',
          requesterKinship: 'SPOUSE_OR_PARTNER',
          relation: 'OTHER_RELATIVE',
          receivedAt: '2024-09-16T09:10:00+02:00',
        },
      },
    ),
  );
  ok(
    await call(
      admin,
      `mutation { unlinkPatients(a: "${PT_K}", b: "${PT_L}", reason: "to personer") { id } }`,
    ),
  );
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

/** The research cases and the extract's case rows of a grant whose cohort is the persons born in `year`. */
async function researchCasesOfCohortBorn(id: string, year: number) {
  const archivist = await env.stack.token({
    sub: 'arkivar-s46r',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  ok(
    await call(archivist, `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`, {
      i: {
        id,
        projectId: `P-${id}`,
        title: 'Innsyn hos pårørende',
        rekNumber: `2026/46${year}`,
        legalBasis: 'helseforskningsloven § 33',
        responsibleResearcher: 'forsker-s46r',
        cohort: { bornFrom: `${year}-01-01`, bornTo: `${year}-12-31` },
        variables: ['PERSON_BIRTH_YEAR', 'CASE_DATE', 'CASE_STATUS'],
        datePrecision: 'MONTH',
        freeText: false,
        outputLevel: 'PSEUDONYMISED_RECORDS',
        expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
      },
    }),
  );
  const researcher = await env.stack.token({
    sub: 'forsker-s46r',
    role: 'researcher',
    purpose: 'RESEARCH',
    grant: id,
  });
  const cohort = ok(
    await call(
      researcher,
      '{ researchCohort { subjects(first: 50) { birthYear cases { saksdato saksstatus } } } }',
    ),
  );
  const x = ok(await call(researcher, `mutation { extract(grantId: "${id}") { manifest } }`));
  return {
    subjects: cohort.researchCohort.subjects.map((s: { birthYear: number | null }) => s.birthYear),
    cases: cohort.researchCohort.subjects.flatMap((s: { cases: { saksdato: string }[] }) =>
      s.cases.map((c) => c.saksdato),
    ),
    extracted: JSON.parse(x.extract.manifest).rowCounts.cases,
  };
}

test('pasientjournalloven § 22, helseforskningsloven § 33: after an unlink an access-request case is among the research cases and the extract of the patient whose record it is filed under, not of the person whose national id it was registered with', async () => {
  expect({
    karin: await researchCasesOfCohortBorn('G-s46r-karin', 1962),
    leif: await researchCasesOfCohortBorn('G-s46r-leif', 1957),
  }).toEqual({
    karin: { subjects: [1962], cases: [], extracted: 0 },
    leif: { subjects: [1957], cases: ['2024-09'], extracted: 1 },
  });
  // Its read is logged under the record it is filed under (pasientjournalforskriften § 14), not Karin's.
  const logged = await env.tdb.db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM audit.access_log
      WHERE user_id = 'forsker-s46r' AND entity_type = 'saksmappe' AND outcome = 'granted' ORDER BY patient_id`,
  );
  expect(logged.rows).toEqual([{ patient_id: PT_L }]);
}, 120_000);
