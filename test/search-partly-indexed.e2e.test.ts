/**
 * pasientjournalloven § 22 (review s33's residuals): on the PostgreSQL backends a note whose
 * words overflow a tsvector (over 1 MB of lexemes: some 40,000 distinct words) is indexed cut
 * (search-index/postgres.ts createPostgresTable), and its words past the cut are not found.
 * searchCoverage reports it (SourceCoverage partlyIndexed, charsNotIndexed), so a reviewer
 * knows the note's last part is not searched and reads it in the journal. Through the gateway,
 * on the PostgreSQL stack, with the note imported as Helseplattformen sends it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { hpDoc, hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-partly-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('pasientjournalloven § 22: searchCoverage reports a note indexed in part on PostgreSQL, with the characters not indexed (its last words are not found)', async () => {
  const words = Array.from({ length: 40_000 }, (_, i) => createHash('md5').update(String(i)).digest('hex'));
  const text = `Innkomst: zqxførsteord nevnt. ${words.join(' ')} Til slutt: zqxsisteord.`;
  await runImport(
    ts.tdb.db,
    'hp',
    writeHpExport(dir, 's33-partly', {
      Patient: [hpPatient('s33p-p', '1980-04-04', 81)],
      DocumentReference: [
        hpDoc('s33p-big', 's33p-p', text),
        hpDoc('s33p-small', 's33p-p', 'Kort notat, zqxkortord.'),
      ],
    }),
  );
  await ts.stack.index();
  const pid = await hpPatientRecord(ts.tdb.db, 's33p-p');
  const legal = await ts.stack.matterToken({ id: 'M-S33-PARTLY', patientIds: [pid] }, { sub: 'jurist-s33p' });
  const total = async (q: string) => {
    const r = await gql(
      ts.stack.gateway.url,
      `{ patient(id: "${pid}") { search(query: "${q}", expand: false) { total } } }`,
      {
        token: legal,
      },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.search.total as number;
  };
  expect(await total('zqxførsteord')).toBe(1);
  expect(await total('zqxsisteord')).toBe(0);
  const r = await gql(
    ts.stack.gateway.url,
    `{ patient(id: "${pid}") { searchCoverage { inStep systems { sourceSystem kind searchable indexed partlyIndexed charsNotIndexed } } } }`,
    { token: legal },
  );
  expect(r.body.errors).toBeUndefined();
  const hp = r.body.data.patient.searchCoverage.systems.find(
    (s: { sourceSystem: string; kind: string }) =>
      s.sourceSystem === 'HELSEPLATTFORMEN' && s.kind === 'journal_entry',
  );
  expect(hp).toEqual(
    expect.objectContaining({
      searchable: 2,
      indexed: 2,
      partlyIndexed: 1,
      charsNotIndexed: expect.any(Number),
    }),
  );
  expect(hp.charsNotIndexed).toBeGreaterThan(text.length - text.indexOf('zqxsisteord'));
  expect(hp.charsNotIndexed).toBeLessThan(text.length);
});
