/**
 * Nothing lost of what a source says about its patient (pasientjournalloven § 22, integritet;
 * found in review s41): an import fills a patient's missing name, birth date or gender and never
 * replaces one stored before (subgraphs/journal/import/writer.ts writePatients: one patient row
 * for every source of a person, and which value is the person's is not the import's decision).
 * A later export's new name (a marriage) or corrected birth date was then applied nowhere and
 * kept nowhere. Each source record now keeps what its source said at its latest import
 * (journal migration 029, `Patient.identities { sourceDetails differsIn }`), and the statement
 * it replaced in `journal.record_version`. Real PostgreSQL and the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpPatient, hpPatientRecord, recordKeeperTokens, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;
let archivist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-source-details-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 'srcdet'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const QUERY = `query ($id: ID!) { patient(id: $id) { familyName givenName birthDate
  identities { sourceSystem localId differsIn sourceDetails { familyName givenName birthDate gender deathDate importedAt } } } }`;

test('pasientjournalloven § 22: a later HP export’s new name for a patient is kept as what that source says (Patient.identities sourceDetails, differsIn), the statement it replaced as a version; the stored name stays; the same export again changes nothing', async () => {
  const first = hpPatient('pt-srcdet-1', '1984-06-06', 21, { family: 'Nordmann', given: ['Kari'] });
  await runImport(ts.tdb.db, 'hp', writeHpExport(dir, 'srcdet-1', { Patient: [first] }));
  const id = await hpPatientRecord(ts.tdb.db, 'pt-srcdet-1');
  const married = { ...first, name: [{ family: 'Nordmann-Berg', given: ['Kari'] }] };
  const later = writeHpExport(dir, 'srcdet-2', { Patient: [married] });
  await runImport(ts.tdb.db, 'hp', later);
  const r = await gql(ts.stack.gateway.url, QUERY, { token: archivist, variables: { id } });
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.patient).toEqual({
    familyName: 'Nordmann',
    givenName: 'Kari',
    birthDate: '1984-06-06',
    identities: [
      {
        sourceSystem: 'HELSEPLATTFORMEN',
        localId: 'pt-srcdet-1',
        differsIn: ['familyName'],
        sourceDetails: {
          familyName: 'Nordmann-Berg',
          givenName: 'Kari',
          birthDate: '1984-06-06',
          gender: null,
          deathDate: null,
          importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      },
    ],
  });
  const versions = async () =>
    (
      await ts.tdb.db.query<{ family: string; reason: string }>(
        `SELECT record -> 'source_details' ->> 'familyName' AS family, reason FROM journal.record_version
          WHERE record_table = 'patient_identity' AND record_key = 'HELSEPLATTFORMEN|pt-srcdet-1' ORDER BY id`,
      )
    ).rows;
  expect(await versions()).toEqual([{ family: 'Nordmann', reason: 'changed in a later source export' }]);
  await runImport(ts.tdb.db, 'hp', later);
  expect(await versions()).toHaveLength(1);
});
