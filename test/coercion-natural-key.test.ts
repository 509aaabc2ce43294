/**
 * A coercion record is its source system and source id (subgraphs/coercion/README.md, Import;
 * migration 016), on real PostgreSQL. Found in review s31 (test/robustness-review-s31.e2e.test.ts
 * has the execution and the person change): keyed on `id` alone, an HP record whose id a Gerica
 * record had replaced or merged into the Gerica record.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateSubgraph } from '../lib/subgraph';
import { makeSyntheticNationalId } from '../lib/national-id';
import { coercionSubgraph } from '../subgraphs/coercion';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { createTestDatabase, type TestDatabase } from '../dev/services';

let tdb: TestDatabase;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, coercionSubgraph);
  dir = mkdtempSync(join(tmpdir(), 'hs-coercion-key-'));
});

afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const VEDTAK_HEADER =
  'VedtakID;PasientID;Fodselsnr;Vedtakstype;Hjemmel;Tiltak;GyldigFra;GyldigTil;VedtattDato;GodkjentStatsforvalterDato;Begrunnelse';
const PROTOKOLL_HEADER = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';

function gerica(name: string, files: Record<string, string[]>): string {
  const d = join(dir, name);
  mkdirSync(d);
  for (const [file, lines] of Object.entries(files))
    writeFileSync(join(d, file), Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
  return d;
}

function ndjson(name: string, records: unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
}

const decisionRow = (id: string, fnr: string) =>
  `${id};81001;${fnr};Tvang og makt;Hol. § 9-5 tredje ledd bokstav c;fysisk holding ved stell;01.01.2015;31.12.2015;15.12.2014;20.12.2014;"Andre løsninger er prøvd."`;

const hpDecision = (id: string, fnr: string, extra: Record<string, unknown> = {}) => ({
  kind: 'decision',
  id,
  patient: fnr,
  legalBasis: 'hol-9-5b',
  measures: ['skjerming'],
  validFrom: '2023-01-01',
  validTo: '2023-12-31',
  decidedAt: '2022-12-20T10:00:00+01:00',
  justification: 'HP-vedtak.',
  ...extra,
});

const decisions = async (fnr: string) =>
  (
    await tdb.db.query<{
      id: string;
      source_system: string;
      source_id: string;
      legal_basis: string;
      sources: string[];
    }>(
      `SELECT d.id, d.source_system, d.source_id, d.legal_basis,
              ARRAY(SELECT s.source_system || ' ' || s.source_id FROM coercion.decision_source s
                     WHERE s.decision_id = d.id ORDER BY 1) AS sources
         FROM coercion.decision d WHERE d.patient_nid = $1 ORDER BY d.source_system, d.id`,
      [fnr],
    )
  ).rows;

test("helse- og omsorgstjenesteloven kapittel 9, pasientjournalloven § 22: an HP decision without legacySource whose id is a Gerica VedtakID is a decision of its own, in either import order; each system's execution finds its own system's decision", async () => {
  for (const [n, order] of [
    [1, 'gerica-first'],
    [2, 'hp-first'],
  ] as const) {
    const fnr = makeSyntheticNationalId('1975-03-03', 40 + n, n === 1);
    const vid = `V-2015-0${70 + n}`;
    const g = gerica(`g-${order}`, {
      'vedtak.csv': [VEDTAK_HEADER, decisionRow(vid, fnr)],
      'tvangsprotokoll.csv': [
        PROTOKOLL_HEADER,
        `TP-2015-0${70 + n};${vid};81001;${fnr};12.04.2015 08:05;12.04.2015 08:19;fysisk holding ved stell;10377,10588;"Holdt.";Hol. § 9-5 tredje ledd bokstav c`,
      ],
    });
    const h = ndjson(`h-${order}.ndjson`, [
      hpDecision(vid, fnr),
      {
        kind: 'execution',
        id: `HE-${n}`,
        patient: fnr,
        decisionId: vid,
        measure: 'skjerming',
        start: '2023-02-01T10:00:00+01:00',
        end: '2023-02-01T10:30:00+01:00',
        executedBy: ['9240702', '10966'],
      },
    ]);
    const paths = order === 'gerica-first' ? [g, h] : [h, g];
    for (const p of paths) await importCoercionPath(tdb.db, p);
    // Again, unchanged: nothing is written.
    const again = [];
    for (const p of paths)
      for (const s of await importCoercionPath(tdb.db, p))
        again.push(s.decisions.written + s.executions.written + s.quarantined.length);
    const stored = await decisions(fnr);
    const gericaDecision = stored.find((d) => d.source_system === 'GERICA');
    const hpOwn = stored.find((d) => d.source_system === 'HELSEPLATTFORMEN');
    const executions = (
      await tdb.db.query<{ source_system: string; recorded_decision_id: string }>(
        `SELECT source_system, recorded_decision_id FROM coercion.execution WHERE patient_nid = $1 ORDER BY source_system`,
        [fnr],
      )
    ).rows;
    expect({
      order,
      decisions: stored.map((d) => [d.source_system, d.source_id, d.legal_basis, d.sources]),
      ids: [gericaDecision?.id, hpOwn?.id],
      executions: executions.map((e) => e.source_system),
      again,
    }).toEqual({
      order,
      decisions: [
        ['GERICA', vid, 'hol-9-5c', [`GERICA ${vid}`]],
        ['HELSEPLATTFORMEN', vid, 'hol-9-5b', [`HELSEPLATTFORMEN ${vid}`]],
      ],
      // The first imported keeps the plain id; the other is qualified by its source system.
      ids: order === 'gerica-first' ? [vid, `HELSEPLATTFORMEN:${vid}`] : [`GERICA:${vid}`, vid],
      executions: ['GERICA', 'HELSEPLATTFORMEN'],
      again: [0, 0, 0],
    });
  }
});

test('helse- og omsorgstjenesteloven kapittel 9: an HP decision that names a legacySource is still the migrated copy of the Gerica decision (one decision, two sources)', async () => {
  const fnr = makeSyntheticNationalId('1976-04-04', 51, false);
  await importCoercionPath(
    tdb.db,
    gerica('g-legacy', { 'vedtak.csv': [VEDTAK_HEADER, decisionRow('V-2015-080', fnr)] }),
  );
  await importCoercionPath(
    tdb.db,
    ndjson('h-legacy.ndjson', [
      hpDecision('TVD-080', fnr, {
        legalBasis: 'hol-9-5c',
        measures: ['fysisk holding ved stell'],
        validFrom: '2015-01-01',
        validTo: '2015-12-31',
        decidedAt: '2014-12-15T00:00:00+01:00',
        legacySource: { system: 'gerica', id: 'V-2015-080' },
      }),
    ]),
  );
  expect((await decisions(fnr)).map((d) => [d.id, d.source_system, d.source_id, d.sources])).toEqual([
    ['V-2015-080', 'GERICA', 'V-2015-080', ['GERICA V-2015-080', 'HELSEPLATTFORMEN TVD-080']],
  ]);
});

test("pasientjournalloven § 22: no write path turns a stored coercion record into another source's record (migration 016)", async () => {
  const fnr = makeSyntheticNationalId('1977-05-05', 52, true);
  await importCoercionPath(
    tdb.db,
    gerica('g-guard', {
      'vedtak.csv': [VEDTAK_HEADER, decisionRow('V-2015-090', fnr)],
      'tvangsprotokoll.csv': [
        PROTOKOLL_HEADER,
        `TP-2015-090;V-2015-090;81001;${fnr};12.04.2015 08:05;12.04.2015 08:19;fysisk holding ved stell;10377,10588;"Holdt.";Hol. § 9-5 tredje ledd bokstav c`,
      ],
    }),
  );
  await expect(
    tdb.db.query(`UPDATE coercion.execution SET source_system = 'HELSEPLATTFORMEN' WHERE id = 'TP-2015-090'`),
  ).rejects.toThrow(/a record is its source system and source id/);
  await expect(
    tdb.db.query(`UPDATE coercion.decision SET source_id = 'X' WHERE id = 'V-2015-090'`),
  ).rejects.toThrow(/a record is its source system and source id/);
});

test("pasientjournalloven § 22: migration 016 stores again an execution an earlier import replaced with another source's execution, from its kept version, under <system>:<id>", async () => {
  const fnr = makeSyntheticNationalId('1978-06-06', 53, false);
  await importCoercionPath(
    tdb.db,
    gerica('g-repair', {
      'vedtak.csv': [VEDTAK_HEADER, decisionRow('V-2015-095', fnr)],
      'tvangsprotokoll.csv': [
        PROTOKOLL_HEADER,
        `TP-2015-095;V-2015-095;81001;${fnr};12.04.2015 08:05;12.04.2015 08:19;fysisk holding ved stell;10377,10588;"Holdt.";Hol. § 9-5 tredje ledd bokstav c`,
      ],
    }),
  );
  // The state the defect left (as the code before migration 016 wrote it): the Gerica row
  // overwritten with an HP execution of the same id, kept only as a version.
  await tdb.db.transaction(async (tx) => {
    await tx.query('ALTER TABLE coercion.execution DISABLE TRIGGER execution_a_natural_key');
    await tx.query(
      `UPDATE coercion.execution SET source_system = 'HELSEPLATTFORMEN', start_at = '2023-01-15T18:00:00Z',
              end_at = '2023-01-15T18:03:00Z', description = 'En annen hendelse.' WHERE id = 'TP-2015-095'`,
    );
    await tx.query('ALTER TABLE coercion.execution ENABLE TRIGGER execution_a_natural_key');
  });
  // The migration's own repair statement, as the migration runner applied it (part 2 of 016).
  const sql = readFileSync(
    join(__dirname, '..', 'subgraphs', 'coercion', 'migrations', '016_source_natural_key.sql'),
    'utf8',
  );
  const repair = sql.slice(sql.indexOf('INSERT INTO coercion.execution'));
  await tdb.db.query(repair);
  await tdb.db.query(repair); // once is enough: run again, nothing more
  const rows = (
    await tdb.db.query<{ id: string; source_system: string; start_at: Date; description: string }>(
      `SELECT id, source_system, start_at, description FROM coercion.execution WHERE source_id = 'TP-2015-095' ORDER BY id`,
    )
  ).rows;
  expect(rows.map((r) => [r.id, r.source_system, r.start_at.toISOString(), r.description])).toEqual([
    ['GERICA:TP-2015-095', 'GERICA', '2015-04-12T06:05:00.000Z', 'Holdt.'],
    ['TP-2015-095', 'HELSEPLATTFORMEN', '2023-01-15T18:00:00.000Z', 'En annen hendelse.'],
  ]);
});
