/**
 * Nothing lost when two imports of one source run at the same time, on the shared
 * PostgreSQL: two exports that change the same record, imported concurrently (Promise.all),
 * both succeed and every version is kept, in the order the imports committed.
 *
 * Each test forces the interleaving instead of hoping for it: a third session holds the row
 * both imports change (as a slow batch of another writer would), and lets go once both
 * imports wait for a lock. The journal exports are over one batch (1000 items), so that the
 * changed record's batch does not carry its patient: a batch that does locks the patient's
 * row, which would keep the two batches apart anyway.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { hpDoc, hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { GERICA_VEDTAK_COLUMNS } from '../lib/import/gerica-csv';
import { makeSyntheticNationalId } from '../lib/national-id';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { coercionSubgraph } from '../subgraphs/coercion';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { journalSubgraph } from '../subgraphs/journal';
import { GERICA_COLUMNS } from '../subgraphs/journal/import/gerica';
import { decisionIdFor, entryIdFor } from '../subgraphs/journal/import/records';
import { DECISION_LOCK } from '../subgraphs/journal/import/writer';
import { runImport } from '../subgraphs/journal/import/run';
import { decideCase, registerCase, type Actor } from '../subgraphs/journal/record-cases';

let tdb: TestDatabase;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  await migrateSubgraph(tdb.db, coercionSubgraph);
  // The archive's open access requests are asked before a deletion (record-cases.ts deletionBlockers).
  await migrateSubgraph(tdb.db, archiveSubgraph);
  dir = mkdtempSync(join(tmpdir(), 'hs-concurrent-'));
});

afterAll(async () => {
  await tdb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A Gerica CSV file (ISO-8859-1, `;`, CRLF) of a header and rows. */
function gericaCsv(name: string, header: readonly string[], rows: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from([header, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n', 'latin1'));
  return path;
}

/** How many sessions of this database wait for a lock, waiting up to 20 s for `n` of them. */
async function waitingFor(n: number): Promise<number> {
  let waiting = 0;
  for (let i = 0; i < 400 && waiting < n; i++) {
    await new Promise((r) => setTimeout(r, 50));
    waiting = (
      await tdb.admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      )
    ).rows[0]!.n;
  }
  return waiting;
}

/**
 * Runs `imports` while another session holds `lockSql` (a row lock) open; commits it once
 * two sessions of this database wait for a lock (or after 20 s). With `oneByOne`, each one
 * starts once the ones before it wait, so they queue in the order given. Returns each one's
 * outcome ('ok' or its error) and how many sessions were seen waiting.
 */
async function whileRowHeld(
  lockSql: string,
  params: unknown[],
  imports: (() => Promise<unknown>)[],
  opts: { oneByOne?: boolean } = {},
): Promise<{ outcomes: string[]; waiting: number }> {
  const holder = new Client({ connectionString: tdb.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    expect((await holder.query(lockSql, params)).rowCount).toBe(1);
    const start = (f: () => Promise<unknown>) =>
      f().then(
        () => 'ok',
        (err: Error) => String(err.message),
      );
    const started: Promise<string>[] = [];
    let waiting = 0;
    if (opts.oneByOne)
      for (const f of imports) {
        started.push(start(f));
        waiting = await waitingFor(started.length);
      }
    else {
      started.push(...imports.map(start));
      waiting = await waitingFor(2);
    }
    await holder.query('COMMIT');
    return { outcomes: await Promise.all(started), waiting };
  } finally {
    await holder.end();
  }
}

describe('journal', () => {
  const NID = makeSyntheticNationalId('1938-03-03', 41, true);

  test('two gerica-vedtak imports of different exports changing the same decision, at the same time, both succeed; every version is kept, numbered in the order they committed (found in review s30: no lock, the second failed on the version table’s unique key)', async () => {
    // 999 decisions that do not change, then the one that does (X) and, in two of the
    // exports, one new to both (Y), after it: the patient and the 999 fill the first batch.
    const row = (id: string, begrunnelse: string) => [
      id,
      '70001',
      NID,
      'Hjemmesykepleie',
      'Hol. § 3-2',
      'Hjemmesykepleie',
      '01.03.2020',
      '',
      '10.02.2020',
      '',
      begrunnelse,
    ];
    const fill = Array.from({ length: 999 }, (_, i) =>
      row(`V-2019-${String(i + 1).padStart(3, '0')}`, 'Behov for tilsyn.'),
    );
    const vedtak = (name: string, x: string, y: string | null) =>
      gericaCsv(name, GERICA_VEDTAK_COLUMNS, [
        ...fill,
        row('V-2020-001', x),
        ...(y ? [row('V-2020-002', y)] : []),
      ]);
    const first = await runImport(tdb.db, 'gerica-vedtak', vedtak('vedtak-0.csv', 'Versjon 0.', null));
    expect(first.counts.decisions).toEqual({ accepted: 1000, updated: 0, unchanged: 0 });
    const a = vedtak('vedtak-a.csv', 'Versjon A.', 'Ny A.');
    const b = vedtak('vedtak-b.csv', 'Versjon B.', 'Ny B.');
    const X = decisionIdFor('GERICA', 'V-2020-001');
    const Y = decisionIdFor('GERICA', 'V-2020-002');

    const { outcomes, waiting } = await whileRowHeld(
      'SELECT id FROM journal.service_decision WHERE id = $1 FOR UPDATE',
      [X],
      [() => runImport(tdb.db, 'gerica-vedtak', a), () => runImport(tdb.db, 'gerica-vedtak', b)],
    );
    expect(waiting).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);

    const runFile = new Map(
      (
        await tdb.db.query<{ id: string; file: string; status: string }>(
          `SELECT id::text, file, status FROM journal.import_run WHERE source = 'gerica-vedtak'`,
        )
      ).rows.map((r) => [r.id, r.file]),
    );
    const history = async (id: string) => {
      const kept = (
        await tdb.db.query<{ version: number; text: string; file: string; run: string }>(
          `SELECT version, record->>'justification' AS text, record->>'file' AS file, import_run_id::text AS run
             FROM journal.service_decision_version WHERE decision_id = $1 ORDER BY version`,
          [id],
        )
      ).rows;
      const now = (
        await tdb.db.query<{ version: number; text: string; file: string }>(
          'SELECT version, justification AS text, file FROM journal.service_decision WHERE id = $1',
          [id],
        )
      ).rows[0]!;
      return { kept, now };
    };
    // Whichever committed first is kept as the version the other replaced.
    const x = await history(X);
    const [earlier, later] = x.kept[1]!.file === 'vedtak-a.csv' ? ['a', 'b'] : ['b', 'a'];
    const text = (e: string, what: string) => `${what} ${e.toUpperCase()}.`;
    expect(x.kept.map((k) => [k.version, k.text, k.file, runFile.get(k.run)])).toEqual([
      [1, 'Versjon 0.', 'vedtak-0.csv', `vedtak-${earlier}.csv`],
      [2, text(earlier!, 'Versjon'), `vedtak-${earlier}.csv`, `vedtak-${later}.csv`],
    ]);
    expect(x.now).toEqual({ version: 3, text: text(later!, 'Versjon'), file: `vedtak-${later}.csv` });
    const y = await history(Y);
    expect(y.kept.map((k) => [k.version, k.text, k.file, runFile.get(k.run)])).toEqual([
      [1, text(earlier!, 'Ny'), `vedtak-${earlier}.csv`, `vedtak-${later}.csv`],
    ]);
    expect(y.now).toEqual({ version: 2, text: text(later!, 'Ny'), file: `vedtak-${later}.csv` });
    const runs = await tdb.db.query<{ status: string }>(
      `SELECT status FROM journal.import_run WHERE source = 'gerica-vedtak' ORDER BY id`,
    );
    expect(runs.rows.map((r) => r.status)).toEqual(['finished', 'finished', 'finished']);
  });

  test('two Gerica journal imports of different exports changing the same note, at the same time, both succeed; every version is kept (found in review s30: the notes’ lock was taken after the patient’s row, and the two batches deadlocked)', async () => {
    const row = (id: number, text: string) => [
      String(id),
      '70002',
      makeSyntheticNationalId('1939-04-04', 43, false),
      'Berg, Ola',
      '05.05.2021',
      '10:00',
      'Hjemmesykepleie',
      'Journalnotat',
      '',
      '',
      text,
    ];
    const fill = Array.from({ length: 999 }, (_, i) => row(4000001 + i, 'Tilsyn, alt vel.'));
    const notes = (name: string, x: string, y: string | null) =>
      gericaCsv(name, GERICA_COLUMNS, [...fill, row(4001000, x), ...(y ? [row(4001001, y)] : [])]);
    const first = await runImport(tdb.db, 'gerica', notes('notater-0.csv', 'Versjon 0.', null));
    expect(first.counts.entries).toEqual({ accepted: 1000, updated: 0, unchanged: 0 });
    const a = notes('notater-a.csv', 'Versjon A.', 'Ny A.');
    const b = notes('notater-b.csv', 'Versjon B.', 'Ny B.');
    const X = entryIdFor('GERICA', '4001000');
    const Y = entryIdFor('GERICA', '4001001');

    const { outcomes, waiting } = await whileRowHeld(
      'SELECT id FROM journal.journal_entry WHERE id = $1 FOR UPDATE',
      [X],
      [() => runImport(tdb.db, 'gerica', a), () => runImport(tdb.db, 'gerica', b)],
    );
    expect(waiting).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);
    const texts = async (id: string) => [
      ...(
        await tdb.db.query<{ text: string }>(
          'SELECT text FROM journal.entry_version WHERE entry_id = $1 ORDER BY version',
          [id],
        )
      ).rows.map((r) => r.text),
      (await tdb.db.query<{ text: string }>('SELECT text FROM journal.journal_entry WHERE id = $1', [id]))
        .rows[0]!.text,
    ];
    const x = await texts(X);
    const order = x[1] === 'Versjon A.' ? ['A', 'B'] : ['B', 'A'];
    expect(x).toEqual(['Versjon 0.', ...order.map((e) => `Versjon ${e}.`)]);
    expect(await texts(Y)).toEqual(order.map((e) => `Ny ${e}.`));
  });
});

/**
 * A record case decided while an HP import writes the service decision read from the same
 * Vedtak note. The note is the batch's last item and its decision the first of the next batch
 * (1000 items a batch), so the batch that writes the decision does not hold the note's row:
 * the import's first batch commits, the case locks the note and keeps the decision's version,
 * and the import's second batch keeps the version it read and updates the decision in between.
 * The export changes the Vedtak's author only (the decision changes, the note's content hash
 * does not).
 *
 * The interleaving is forced, not hoped for: a third session holds the decisions' write step
 * of HP imports (the advisory lock `DECISION_LOCK`, as another import's batch in flight
 * would) and the case's last write (a SHARE lock on `record_case_event`, which only the case
 * writes here). The import's second batch waits for the first, the case for the second; the
 * first is let go, and once the import waits for the case's transaction (the case's kept
 * version: the same key), or has finished, the second.
 */
describe('journal: record cases beside an HP import', () => {
  const by: Actor = { userId: 'journalansvarlig-cc', role: 'journalansvarlig' };
  const HP = 'HELSEPLATTFORMEN';
  const vedtak = (id: string, patient: string, author: string) =>
    hpDoc(
      id,
      patient,
      'Vedtak om trygghetsalarm.\nKommunen innvilger trygghetsalarm.\nBegrunnelse: zqxsamtidig faller ofte.',
      { type: { text: 'Vedtak' }, date: '2021-04-04T10:00:00+02:00', author: [{ display: author }] },
    );
  /** Export `name` (`<stem>-<n>`): the patients, filler notes, and Vedtak `dr-<stem>` as the 1000th item, its decision the 1001st. */
  const exportOf = (name: string, patients: object[], patient: string, author: string) => {
    const stem = name.replace(/-\d+$/, '');
    return writeHpExport(dir, name, {
      Patient: patients,
      DocumentReference: [
        ...Array.from({ length: 999 - patients.length }, (_, i) =>
          hpDoc(`dr-${stem}-fill-${i}`, patient, 'Tilsyn, alt vel.'),
        ),
        vedtak(`dr-${stem}`, patient, author),
      ],
    });
  };

  async function caseBesideImport(
    decide: () => Promise<unknown>,
    importing: () => Promise<unknown>,
  ): Promise<{ outcomes: string[]; waiting: number }> {
    const holder = new Client({ connectionString: tdb.url });
    await holder.connect();
    const sessions = async (where: string) =>
      (
        await tdb.admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`,
        )
      ).rows[0]!.n;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [DECISION_LOCK, HP]);
      await holder.query('LOCK TABLE journal.record_case_event IN SHARE MODE');
      let settled = 0;
      const start = (f: () => Promise<unknown>) =>
        f()
          .then(
            () => 'ok',
            (err: Error) => String(err.message),
          )
          .finally(() => settled++);
      const imported = start(importing);
      let waiting = await waitingFor(1);
      const decided = start(decide);
      waiting = await waitingFor(2);
      await holder.query('COMMIT');
      for (let i = 0; i < 100 && settled === 0; i++) {
        if ((await sessions(`wait_event = 'transactionid'`)) > 0) break;
        await new Promise((r) => setTimeout(r, 30));
      }
      await holder.query('ROLLBACK').catch(() => undefined);
      return { outcomes: [await decided, await imported], waiting };
    } finally {
      await holder.end();
    }
  }
  const versions = async (id: string) =>
    (
      await tdb.db.query<{ version: number; patient_id: string; author: string; words: boolean }>(
        `SELECT version, record->>'patient_id' AS patient_id, record->>'author_name' AS author,
                record::text LIKE '%zqxsamtidig%' AS words
           FROM journal.service_decision_version WHERE decision_id = $1 ORDER BY version`,
        [id],
      )
    ).rows;
  const current = async (id: string) =>
    (
      await tdb.db.query<{
        version: number;
        patient_id: string;
        author: string;
        justification: string | null;
      }>(
        `SELECT version, patient_id, author_name AS author, justification FROM journal.service_decision WHERE id = $1`,
        [id],
      )
    ).rows[0]!;

  test('helsepersonelloven § 43: a Vedtak note deleted while an HP import changes its service decision: both finish, and the decision keeps every version, none with the deleted words (left open by review s30: the import failed on the decision’s version key)', async () => {
    const pt = hpPatient('pt-cc-del', '1951-05-05', 61);
    const first = await runImport(tdb.db, 'hp', exportOf('hp-cc-del-0', [pt], 'pt-cc-del', 'Lege Én'));
    expect(first.counts.decisions).toEqual({ accepted: 1, updated: 0, unchanged: 0 });
    const later = exportOf('hp-cc-del-1', [pt], 'pt-cc-del', 'Lege To');
    const X = decisionIdFor(HP, 'dr-hp-cc-del');
    const c = await registerCase(
      tdb.db,
      {
        entryId: entryIdFor(HP, 'dr-hp-cc-del'),
        ground: 'HPL_43',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Feil og belastende',
      },
      by,
    );
    const { outcomes, waiting } = await caseBesideImport(
      () =>
        decideCase(
          tdb.db,
          c.id,
          {
            decision: 'DONE',
            reasons: 'Feil og belastende',
            assessment: {
              generallyUnobjectionable: true,
              archiveLawAllows: true,
              wrongOrMisleadingAndBurdensome: true,
            },
          },
          by,
        ),
      () => runImport(tdb.db, 'hp', later),
    );
    expect(waiting).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);
    // Whichever went first, every version before the current one is kept, and the deleted
    // note's words are in none of them.
    const now = await current(X);
    expect(now.justification).toBeNull();
    const kept = await versions(X);
    expect(kept.map((v) => v.version)).toEqual(Array.from({ length: now.version - 1 }, (_, i) => i + 1));
    expect(kept.filter((v) => v.words)).toEqual([]);
    expect(kept[0]!.author).toBe('Lege Én');
    const runs = await tdb.db.query<{ status: string }>(
      `SELECT status FROM journal.import_run WHERE file = 'hp-cc-del-1'`,
    );
    expect(runs.rows).toEqual([{ status: 'finished' }]);
  });

  test('helsepersonelloven § 44: a Vedtak note moved to the right patient while an HP import changes its service decision: both finish, every version is kept, and the decision stays with its note (left open by review s30: the import failed on the decision’s version key)', async () => {
    const wrong = hpPatient('pt-cc-mv-a', '1952-06-06', 62);
    const right = hpPatient('pt-cc-mv-b', '1953-07-07', 63, { family: 'Annenvik', given: ['Per'] });
    await runImport(tdb.db, 'hp', exportOf('hp-cc-mv-0', [wrong, right], 'pt-cc-mv-a', 'Lege Én'));
    const later = exportOf('hp-cc-mv-1', [wrong, right], 'pt-cc-mv-a', 'Lege To');
    const [from, to] = [
      await hpPatientRecord(tdb.db, 'pt-cc-mv-a'),
      await hpPatientRecord(tdb.db, 'pt-cc-mv-b'),
    ];
    const X = decisionIdFor(HP, 'dr-hp-cc-mv');
    const c = await registerCase(
      tdb.db,
      {
        entryId: entryIdFor(HP, 'dr-hp-cc-mv'),
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Skrevet i feil journal',
        rightPatientId: to,
      },
      by,
    );
    const { outcomes, waiting } = await caseBesideImport(
      () =>
        decideCase(
          tdb.db,
          c.id,
          {
            decision: 'DONE',
            reasons: 'Feil pasient',
            assessment: { wrongPerson: true, publicInterestAgainst: false },
          },
          by,
        ),
      () => runImport(tdb.db, 'hp', later),
    );
    expect(waiting).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);
    // The source's new author, with the note's right patient; the version on the wrong patient
    // and every one after it kept.
    const now = await current(X);
    expect(now).toMatchObject({ version: 3, patient_id: to, author: 'Lege To' });
    const kept = await versions(X);
    expect(kept.map((v) => v.version)).toEqual([1, 2]);
    expect(kept[0]).toMatchObject({ patient_id: from, author: 'Lege Én' });
    const note = await tdb.db.query<{ patient_id: string }>(
      'SELECT patient_id FROM journal.journal_entry WHERE id = $1',
      [entryIdFor(HP, 'dr-hp-cc-mv')],
    );
    expect(note.rows[0]!.patient_id).toBe(to);
  });
});

describe('coercion', () => {
  const NID = makeSyntheticNationalId('1945-06-06', 45, true);

  test('a Gerica and an HP export of the same decision imported at the same time: the decision is merged from both, as the sources say it (found in review s30: each merged what it had read before the other committed, and the last one wrote over the other’s values)', async () => {
    const gerica = (name: string, validTo: string, begrunnelse: string) =>
      gericaCsv(name, GERICA_VEDTAK_COLUMNS, [
        [
          'V-2022-001',
          '40009',
          NID,
          'Tvang og makt',
          'Hol. § 9-5 tredje ledd bokstav c',
          'fysisk holding ved stell',
          '01.03.2022',
          validTo,
          '14.02.2022',
          '22.02.2022',
          begrunnelse,
        ],
      ]);
    const hp = join(dir, 'Coercion.ndjson');
    writeFileSync(
      hp,
      JSON.stringify({
        kind: 'decision',
        id: 'TVD-909001',
        patient: NID,
        legalBasis: 'hol-9-5c',
        measures: ['fysisk holding ved stell'],
        validFrom: '2022-03-01',
        validTo: '2023-05-31',
        decidedAt: '2022-02-14T00:00:00+01:00',
        decidedBy: '9098765',
        approvedByStatsforvalterAt: '2022-02-22T00:00:00+01:00',
        legacySource: { system: 'gerica', id: 'V-2022-001', migratedAt: '2022-11-12' },
        justification: 'Forlenget i HP.',
      }) + '\n',
    );
    await importCoercionPath(tdb.db, gerica('vedtak-0.csv', '28.02.2023', 'Første vedtak.'));
    const g1 = gerica('vedtak-1.csv', '31.03.2023', 'Forlenget i Gerica.');

    const { outcomes, waiting } = await whileRowHeld(
      "SELECT id FROM coercion.decision WHERE id = 'V-2022-001' FOR UPDATE",
      [],
      [() => importCoercionPath(tdb.db, hp), () => importCoercionPath(tdb.db, g1)],
    );
    expect(waiting).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);
    const d = (
      await tdb.db.query<{ valid_to: string; justification: string; discrepancies: string[] }>(
        `SELECT to_char(valid_to, 'YYYY-MM-DD') AS valid_to, justification, discrepancies
           FROM coercion.decision WHERE id = 'V-2022-001'`,
      )
    ).rows[0]!;
    // HP's values where HP states them, and the disagreement with Gerica's newest export.
    expect(d.valid_to).toBe('2023-05-31');
    expect(d.justification).toBe('Forlenget i HP.');
    expect(d.discrepancies).toContain(
      'validTo differs (HELSEPLATTFORMEN TVD-909001: 2023-05-31; GERICA V-2022-001: 2023-03-31)',
    );
    // The stored decision is what the two sources say: importing either again changes nothing.
    for (const path of [hp, g1])
      expect((await importCoercionPath(tdb.db, path))[0]!.decisions.written).toBe(0);
    // Every row replaced is kept (coercion.record_version).
    const kept = await tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM coercion.record_version WHERE record_table = 'decision' AND record_key = 'V-2022-001'`,
    );
    expect(kept.rows[0]!.n).toBe(2);
  });
});
