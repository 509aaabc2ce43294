/**
 * The arkiv, arkivdel, klassifikasjonssystem and klasse of a Noark 5 deposit, on real
 * PostgreSQL (found in review s31; test/robustness-review-s31.e2e.test.ts has the first case):
 * written with ON CONFLICT (id) DO NOTHING, a second klasse under a systemID of the deposit was
 * dropped and its saksmapper filed under the first, and a later deposit's change to a stored
 * klasse was ignored without a trace.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { importNoark } from '../subgraphs/archive/noark/import';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { fixture } from '../dev/fixtures';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-upper-'));
let tdb: TestDatabase;

beforeEach(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, archiveSubgraph);
});
afterEach(async () => {
  await tdb?.drop();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const BO04 = '88668e7d-e28c-595d-b931-932ba76268e6';
const HO01 = '1ab24e7f-54fa-5dd6-bafa-677ec8f97592';

/** The sakarkiv fixture, copied, with arkivstruktur.xml changed by `edit`. */
function deposit(name: string, edit: (xml: string) => string): string {
  const dir = join(scratch, name);
  cpSync(fixture('sakarkiv'), dir, { recursive: true });
  const file = join(dir, 'arkivstruktur.xml');
  const xml = readFileSync(file, 'utf8');
  const changed = edit(xml);
  expect(changed).not.toBe(xml);
  writeFileSync(file, changed);
  return dir;
}

test('arkivlova § 5: a klasse whose systemID another klasse of the deposit has is quarantined with its saksmapper (their source bytes); the first klasse and its saksmapper are stored; a re-import adds nothing', async () => {
  const dir = deposit('dup', (xml) =>
    xml.replace(`<systemID>${HO01}</systemID>`, `<systemID>${BO04}</systemID>`),
  );
  const s = await importNoark(tdb.db, dir);
  const again = await importNoark(tdb.db, dir);
  const q = (
    await tdb.db.query<{ ref: string; reason: string; raw: Buffer; line: number | null }>(
      `SELECT ref, reason, raw, line FROM archive.quarantine ORDER BY id`,
    )
  ).rows;
  const klasser = (
    await tdb.db.query<{ klasse_id: string; tittel: string }>(
      `SELECT klasse_id, tittel FROM archive.klasse ORDER BY klasse_id`,
    )
  ).rows.map((k) => k.klasse_id);
  const cases = (
    await tdb.db.query<{ tittel: string; klasse_id: string }>(
      `SELECT s.tittel, k.klasse_id FROM archive.saksmappe s JOIN archive.klasse k ON k.id = s.klasse_ref ORDER BY s.tittel`,
    )
  ).rows;
  expect({
    upperQuarantined: [s.upperQuarantined, again.upperQuarantined],
    saksmapperQuarantined: s.saksmapper.quarantined,
    klasser,
    fagmoteStored: cases.some((c) => c.tittel === 'Fagmøter hjemmetjenesten Byåsen 2023'),
    quarantine: q.map((r) => [r.ref, r.reason.includes(`systemID ${BO04} occurs twice in the deposit`)]),
    klasseRaw: JSON.parse(q[0]!.raw.toString('utf8')).fields.klasseID,
    mappeRaw: q[1]!.raw.toString('utf8').startsWith('<mappe xsi:type="saksmappe">'),
    rowsAfterReimport: q.length,
  }).toEqual({
    upperQuarantined: [1, 1],
    saksmapperQuarantined: 1,
    klasser: ['BO-04', 'HO-03', 'HO-09', 'NV-02', 'SA-06'],
    fagmoteStored: false,
    quarantine: [
      ['klasse HO-01', true],
      [expect.stringMatching(/^mappe /), true],
    ],
    klasseRaw: ['HO-01'],
    mappeRaw: true,
    rowsAfterReimport: 2,
  });
  // Every stored case is filed under the klasse that holds it in the deposit.
  expect(cases.filter((c) => c.klasse_id === 'BO-04').length).toBe(
    (
      readFileSync(join(dir, 'arkivstruktur.xml'), 'utf8')
        .split('<klasseID>HO-01')[0]!
        .split('<klasseID>BO-04')[1]!
        .match(/<mappe /g) ?? []
    ).length,
  );
});

test("arkivlova § 5: a later deposit's change to a stored klasse and arkivdel is kept: the new values are current and the rows they replaced are versions; the same deposit again writes nothing", async () => {
  const first = fixture('sakarkiv');
  await importNoark(tdb.db, first);
  await importNoark(tdb.db, first);
  const versions = async () =>
    (
      await tdb.db.query<{
        record_table: string;
        record_key: string;
        tittel: string;
        replaced_by: string;
        reason: string;
      }>(
        `SELECT record_table, record_key, record ->> 'tittel' AS tittel, replaced_by, reason FROM archive.record_version
          WHERE record_table IN ('arkiv', 'arkivdel', 'klassifikasjonssystem', 'klasse') ORDER BY id`,
      )
    ).rows;
  expect(await versions()).toEqual([]);
  const later = deposit('later', (xml) =>
    xml
      .replace('<tittel>Startlån og tilskudd</tittel>', '<tittel>Startlån, tilskudd og bostøtte</tittel>')
      .replace('<tittel>Sakarkiv 2020–</tittel>', '<tittel>Sakarkiv 2020–2025</tittel>'),
  );
  await importNoark(tdb.db, later);
  await importNoark(tdb.db, later);
  const current = (
    await tdb.db.query<{ tittel: string }>(
      `SELECT tittel FROM archive.klasse WHERE id = $1 UNION ALL SELECT tittel FROM archive.arkivdel WHERE id = '95819b0d-f950-5cd9-9581-07b71e700251'`,
      [BO04],
    )
  ).rows.map((r) => r.tittel);
  expect({ current, versions: await versions() }).toEqual({
    current: ['Startlån, tilskudd og bostøtte', 'Sakarkiv 2020–2025'],
    versions: [
      {
        record_table: 'arkivdel',
        record_key: '95819b0d-f950-5cd9-9581-07b71e700251',
        tittel: 'Sakarkiv 2020–',
        replaced_by: 'import-noark',
        reason: 'changed in a later deposit',
      },
      {
        record_table: 'klasse',
        record_key: BO04,
        tittel: 'Startlån og tilskudd',
        replaced_by: 'import-noark',
        reason: 'changed in a later deposit',
      },
    ],
  });
});
