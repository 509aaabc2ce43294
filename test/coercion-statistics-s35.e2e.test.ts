/**
 * Coercion statistics under an H-nummer (stop 35): an H-nummer names a person within the
 * organisation that gave it only (lib/national-id.ts; pasientjournalloven § 22), so the
 * management table judges a coercion record under one among its source's person, never among
 * another organisation's records of the same number (subgraphs/coercion/statistics.ts rowKey).
 * Real PostgreSQL (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTES_HEADER, VEDTAK_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { coercionStatisticsTables } from '../subgraphs/coercion/statistics';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-stat35-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('hol. kap. 9 and pasientjournalloven § 22 (reporting): coercionStatistics judges an execution under an H-nummer among its own source’s records; another organisation’s decision under the same number does not make it lawful', async () => {
  // The municipality's Gerica holds a decision for its person with H-nummer h; Helseplattformen,
  // another organisation, registered an execution of the same measure under the same number for
  // its own person, with no decision. Judged by the bare number, the HP execution counted as
  // lawful under the Gerica person's decision.
  const h = withCheckDigits(184_270_535);
  await runImport(
    ts.tdb.db,
    'gerica',
    gericaFolder(dir, 'gerica-stat35-journal', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('4835001', '48351', h, 'Gerica H.')],
    }),
  );
  const gerica = gericaFolder(dir, 'gerica-stat35-coercion', {
    'vedtak.csv': [
      VEDTAK_HEADER,
      `V-2021-835;48351;${h};Tvang og makt;Hol. § 9-5 tredje ledd bokstav c;fysisk holding ved stell;01.03.2021;28.02.2022;15.02.2021;26.02.2021;"Begrunnelse."`,
    ],
    'tvangsprotokoll.csv': [
      'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel',
      `TP-2021-835;V-2021-835;48351;${h};12.06.2021 08:05;12.06.2021 08:19;fysisk holding ved stell;10377,10588;"Holdt i armene.";Hol. § 9-5 tredje ledd bokstav c`,
    ],
  });
  const hp = join(dir, 'Coercion-stat35.ndjson');
  writeFileSync(
    hp,
    JSON.stringify({
      kind: 'execution',
      id: 'TVG-483503',
      patient: h,
      measure: 'fysisk holding ved stell',
      start: '2021-06-14T08:10:00+02:00',
      end: '2021-06-14T08:25:00+02:00',
      executedBy: ['9160033'],
      description: 'Holdt i armene.',
      unit: 'Sengepost HP35',
    }) + '\n',
  );
  for (const path of [gerica, hp])
    for (const s of await importCoercionPath(ts.tdb.db, path)) expect(s.quarantined).toEqual([]);

  const rows = await coercionStatisticsTables.coercion.load(ts.tdb.db, { from: '2021-06', to: '2021-06' });
  // The verdicts over every measure and unit (a measure or unit this rare is 'annet' in the table).
  const byVerdict = Object.fromEntries(
    rows
      .filter((r) => r.keys[0] === null && r.keys[1] !== null && r.keys[2] === null)
      .map((r) => [r.keys[1], r.count]),
  );
  // The Gerica execution under its decision; the HP one has none of its own organisation.
  expect(byVerdict).toEqual({ VALID: 1, UNDETERMINED: 1 });
});
