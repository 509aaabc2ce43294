/**
 * Stop 46: nothing already stored is lost (arkivlova § 5, pasientjournalloven § 22,
 * helsepersonelloven § 40): the persons' links.
 *
 * 1. An import that links two records (writer.ts writePatients: a D-number replaced by a
 *    fødselsnummer of the same birth date) takes the per-person advisory locks a manual link,
 *    unlink or birth-date choice takes (mutations.ts lockPersons): it waits for a manual unlink
 *    of the person in progress and reads the person it left.
 * 2. Three links on one person at once serialise instead of deadlocking: lockPersons takes every
 *    lock of a link in sorted order, starting again from a savepoint when a record linked
 *    meanwhile sorts before one it holds.
 *
 * The interleavings are forced: the test holds journal.outbox (SHARE) in a transaction of its
 * own, so a link or unlink stops at its announcement (the last thing it does), its person locks
 * held and its change not committed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { linkPatients, unlinkPatients } from '../subgraphs/journal/mutations';
import { personBirthDates } from '../subgraphs/journal/outbox';

function profilExport(
  dir: string,
  name: string,
  nid: string,
  klientnr: string,
  notat: string,
  text: string,
  born: string,
): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'profil-eksport.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<profil-eksport versjon="4.2" eksportert="2019-11-10T03:15:00" kommunenr="5001" system="Profil">
  <klient klientnr="${klientnr}" fnr="${nid}" etternavn="Lysvik" fornavn="Mari" fodt="${born}" kjonn="K" opprettet="${born}">
    <journal>
      <notat id="${notat}" dato="2016-09-01T10:00" type="Konsultasjon" tjeneste="Skolehelsetjenesten" forfatter-hpr="9034411" forfatter="Berit Hoel">${text}</notat>
    </journal>
  </klient>
</profil-eksport>
`,
  );
  return d;
}

describe('journal: nothing stored is lost (stop 46)', () => {
  let ts: TestStack;
  let dir: string;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await ts.tdb.db.query(text, params)).rows as T[];
  const patientOf = async (nid: string) =>
    (await sql<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nid]))[0]!.id;
  const noteOf = async (p: string) =>
    (await sql<{ id: string }>(`SELECT id FROM journal.journal_entry WHERE patient_id = $1`, [p]))[0]!.id;
  const outboxMark = async () =>
    (await sql<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM journal.outbox`))[0]!.seq;
  const announcedSince = async (mark: string) =>
    (
      await sql<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM journal.outbox WHERE seq > $1::bigint AND entity_type = 'journal_entry' ORDER BY 1`,
        [mark],
      )
    ).map((r) => r.entity_id);

  /** A transaction of the test holding journal.outbox, and a wait for others to queue behind it. */
  async function outboxHolder() {
    const holder = new Client({ connectionString: ts.tdb.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE journal.outbox IN SHARE MODE');
    const waiters = async (on: 'any' | 'advisory') =>
      (
        await holder.query<{ n: number }>(
          `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l
            WHERE NOT l.granted AND l.pid <> pg_backend_pid()
              AND (l.locktype = 'advisory' OR ($1 = 'any' AND l.relation = 'journal.outbox'::regclass))`,
          [on],
        )
      ).rows[0]!.n;
    return {
      /** Until `n` transactions wait (for the outbox, or for an advisory lock when `on` is 'advisory'). */
      async waiting(what: string, n: number, on: 'any' | 'advisory' = 'any') {
        for (let i = 0; i < 100; i++) {
          if ((await waiters(on)) >= n) return;
          await new Promise((res) => setTimeout(res, 50));
        }
        throw new Error(`${what} never waited${on === 'advisory' ? ' for a person lock' : ''}`);
      },
      async release() {
        await holder.query('COMMIT');
        await holder.end();
      },
    };
  }

  beforeAll(async () => {
    ts = await startPostgresTestStack();
    dir = mkdtempSync(join(tmpdir(), 'hs-s46-nolost-'));
  }, 180_000);

  afterAll(async () => {
    await ts?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('pasientjournalloven § 22, arkivlova § 5: an import linking a record (its D-number replaced by a fødselsnummer) waits for a manual unlink of the person in progress (the same person locks) and leaves the links and ages the two made', async () => {
    const X = '2001-03-09';
    const Z = '2001-08-21';
    const dnr = makeSyntheticNationalId(X, 461, false, true);
    const fnr = makeSyntheticNationalId(X, 462, false);
    const other = makeSyntheticNationalId(Z, 463, false);
    // O: a Profil record under a D-number; C: another record of another birth date, linked to O
    // by an archivist as the same person.
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'u-o-1', dnr, '646101', '746101', 'Notat O.', X));
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'u-c', other, '646102', '746102', 'Notat C.', Z));
    const [o, c] = [await patientOf(dnr), await patientOf(other)];
    await linkPatients(ts.tdb.db, o, c, 'Samme person', 'arkivar-s46');
    const mark = await outboxMark();

    // The archivist finds the two are two persons and unlinks them; the unlink stops at its
    // announcement, holding the person's locks. Meanwhile the source sends O's record with a
    // fødselsnummer of the same birth date: the import links O to the record that number names.
    const h = await outboxHolder();
    let unlink: Promise<void>;
    let imported: Promise<unknown>;
    let importDone = false;
    try {
      unlink = unlinkPatients(ts.tdb.db, o, c, 'To personer', 'arkivar-s46');
      await h.waiting('the unlink', 1);
      imported = runImport(
        ts.tdb.db,
        'profil',
        profilExport(dir, 'u-o-2', fnr, '646101', '746101', 'Notat O.', X),
      ).finally(() => {
        importDone = true;
      });
      // The import waits for the person's lock the unlink holds (before: it read the person as
      // O and C and wrote its link beside the unlink, neither seeing the other).
      await h.waiting('the import', 1, 'advisory');
      expect(importDone).toBe(false);
    } finally {
      await h.release();
    }
    await Promise.all([unlink!, imported!]);

    const n = await patientOf(fnr);
    expect(
      await sql(
        `SELECT patient_a, patient_b, linked_by, unlinked_at IS NOT NULL AS unlinked FROM journal.patient_link
          WHERE patient_a = ANY($1::text[]) OR patient_b = ANY($1::text[]) ORDER BY linked_at`,
        [[o, c, n]],
      ),
    ).toEqual([
      { patient_a: [o, c].sort()[0], patient_b: [o, c].sort()[1], linked_by: 'arkivar-s46', unlinked: true },
      { patient_a: [o, n].sort()[0], patient_b: [o, n].sort()[1], linked_by: 'import', unlinked: false },
    ]);
    // Two persons: O and N aged by their birth date, C by its own; the notes whose age changed announced.
    const born = await personBirthDates(ts.tdb.db, [o, c, n]);
    expect([born.get(o), born.get(n), born.get(c)]).toEqual([X, X, Z]);
    if (c < o) expect(await announcedSince(mark)).toEqual(expect.arrayContaining([await noteOf(o)]));
    else expect(await announcedSince(mark)).toEqual(expect.arrayContaining([await noteOf(c)]));
  });

  test('pasientjournalloven § 22, helseforskningsloven § 33: three links on one person at once all succeed, one after the other (no deadlock), and re-age every note whose age changes', async () => {
    const births = ['2003-01-11', '2003-02-12', '2003-03-13', '2003-04-14'];
    const nids = births.map((b, k) => makeSyntheticNationalId(b, 470 + k * 4, false));
    for (const [k, nid] of nids.entries())
      await runImport(
        ts.tdb.db,
        'profil',
        profilExport(dir, `three-${k}`, nid, `64620${k}`, `74620${k}`, `Notat ${k}.`, births[k]!),
      );
    const ids = (await Promise.all(nids.map(patientOf))).sort();
    const [a, b, c, d] = ids as [string, string, string, string];
    const mark = await outboxMark();

    // link(a,c) stops at its announcement holding a and c; link(b,c) takes b and waits for c;
    // link(a,d) waits for a. When the first commits, each of the other two finds a record linked
    // meanwhile (a, c) that the other holds: taken after the others (before), they deadlocked.
    const h = await outboxHolder();
    const links: Promise<void>[] = [];
    try {
      links.push(linkPatients(ts.tdb.db, a, c, 'Samme person (1)', 'arkivar-s46'));
      await h.waiting('link(a,c)', 1);
      links.push(linkPatients(ts.tdb.db, b, c, 'Samme person (2)', 'arkivar-s46'));
      await h.waiting('link(b,c)', 2);
      links.push(linkPatients(ts.tdb.db, a, d, 'Samme person (3)', 'arkivar-s46'));
      await h.waiting('link(a,d)', 3);
    } finally {
      await h.release();
    }
    const settled = await Promise.allSettled(links);
    expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : 'linked'))).toEqual([
      'linked',
      'linked',
      'linked',
    ]);
    // One person, aged by a's birth date; every record whose notes' age changed announced.
    const born = await personBirthDates(ts.tdb.db, ids);
    expect(ids.map((id) => born.get(id))).toEqual(ids.map(() => born.get(a)));
    expect(await announcedSince(mark)).toEqual(
      expect.arrayContaining([await noteOf(b), await noteOf(c), await noteOf(d)]),
    );
  });
});
