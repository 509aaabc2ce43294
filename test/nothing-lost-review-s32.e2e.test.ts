/**
 * Adversarial review s32 ("nothing lost"): the search index against the database after
 * sequences of imports, patient updates, reindexes and deletions, and a stored note nobody can
 * delete. Each test is a defect found in this review and FAILS on the code it was written
 * against (main at b3146bb); its comment states the scenario, what was found and the behaviour
 * expected, with the rule it rests on. Real PostgreSQL and real Elasticsearch through
 * dev/test-stack.ts; imports run as the CLI runs them (runImport); the index is read through the
 * backend's own scan and through the gateway's search.
 *
 * Tried and found sound (no test): the outbox replayed twice (each drain sends the entity's
 * state read then: the same documents again); the indexer stopped while notes are imported,
 * corrected and deleted, then restarted (the rows wait, the next drain sends the current
 * state; deletions as removals); an HP export of an older meta.versionId after a newer one
 * (review s30's rule holds across two processes, the source lock orders them); the same note as
 * an HP migrated copy and as its Gerica original in either order (review s31's rule); a
 * correction decided while an import changes the same note (the row lock orders them, the
 * source's version waits as a conflict); Gerica times 02:30 on the nights the clocks change
 * (lib/oslo-time's documented reading: one instant each, no note merged or dropped).
 *
 * The tests run in this order on purpose: the reindex test rebuilds the whole index, and the
 * last test leaves (on the code it was written against) a document Elasticsearch refuses in the
 * journal outbox, which would fail a rebuild.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { hpDoc, hpPatient, hpPatientRecord, recordKeeperTokens, writeHpExport } from '../dev/hp-records';
import { runImport } from '../subgraphs/journal/import/run';
import { reindex } from '../search-index/maintenance';
import { searchSources } from '../subgraphs/search/sources';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { drainOutbox, startIndexer } from '../search-index/indexer';
import type { OutboxSource } from '../search-index/types';
import { rebuildingWith } from '../dev/search-backends';

let dir: string;
let ts: TestStack;
let ansvarlig: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-rev-s32-'));
  ts = await startTestStack();
  ({ ansvarlig } = await recordKeeperTokens(ts.stack, 's32'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const FULL_43 = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
  obviouslyNotNeededForCare: true,
};

/** Ids of the documents in the search index that start with `prefix` (the backend's own scan). */
async function indexedIds(prefix: string): Promise<string[]> {
  await ts.stack.backend.refresh();
  const out: string[] = [];
  let after = '';
  for (;;) {
    const page = await ts.stack.backend.scanVersions(after, 1000);
    if (!page.length) break;
    out.push(...page.map((p) => p.id).filter((id) => id.startsWith(prefix)));
    after = page[page.length - 1]!.id;
  }
  return out.sort();
}

/** Ids of the notes the database holds as searchable (current, not deleted) that start with `prefix`. */
async function searchableIds(prefix: string): Promise<string[]> {
  return (
    await ts.tdb.db.query<{ id: string }>(
      `SELECT id FROM journal.journal_entry
        WHERE id LIKE $1 AND text IS NOT NULL AND deleted_at IS NULL AND status = 'current' ORDER BY id`,
      [`${prefix}%`],
    )
  ).rows.map((r) => r.id);
}

const SEARCH = `query ($p: ID!, $q: String!, $ageFrom: Int, $ageTo: Int) {
  patient(id: $p) { search(query: $q, expand: false, ageFrom: $ageFrom, ageTo: $ageTo) {
    total hits { highlights journalEntry { id } } } } }`;

describe('pasientjournalloven § 22: the search index holds every current note the database holds', () => {
  test("pasientjournalloven § 22: a patient's birth date that arrives with a later export reaches the index: an age-window search finds the notes imported before it", async () => {
    // Scenario (DOMAIN.md case 2: "all care given at ages 13-15"): Helseplattformen's first
    // export sends a patient with a fødselsnummer and no birthDate (FHIR Patient.birthDate is
    // 0..1) and a note of 1 March 2022; a later export sends the same patient with birthDate
    // 2008-05-05 (13 years old on the note's date) and the same note unchanged. Found: the
    // writer fills journal.patient.birth_date (writePatients: `birth_date = coalesce(...)`) but
    // announces nothing in the outbox; the note's index document keeps ageAtDate null (written
    // when the birth date was unknown), so a legal user's search with ageFrom 13 / ageTo 15 does
    // not find it, while the journal, reading the patient's birth date from the database, lists
    // it in that window. reconcile compares versions only and reports no drift. Expected: the
    // search finds the note (the patient's notes are indexed again when what their documents
    // take from the patient changes). Fix: subgraphs/journal/import/writer.ts writePatients.
    const p = hpPatient('s32c-p', '2008-05-05', 21);
    const { birthDate: _b, ...withoutBirth } = p;
    void _b;
    const doc = hpDoc('s32c-1', 's32c-p', 'Samtale på helsestasjonen: eleven blir zqxertet i friminuttene.');
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32c-1', { Patient: [withoutBirth], DocumentReference: [doc] }),
    );
    await ts.stack.index();
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32c-2', { Patient: [p], DocumentReference: [doc] }),
    );
    await ts.stack.index();
    const pid = await hpPatientRecord(ts.tdb.db, 's32c-p');
    const birth = (
      await ts.tdb.db.query<{ b: string }>(
        `SELECT to_char(birth_date, 'YYYY-MM-DD') AS b FROM journal.patient WHERE id = $1`,
        [pid],
      )
    ).rows[0]!.b;
    expect(birth).toBe('2008-05-05');
    const legal = await ts.stack.matterToken({ id: 'M-S32C', patientIds: [pid] }, { sub: 'jurist-s32c' });
    const r = await gql(ts.stack.gateway.url, SEARCH, {
      token: legal,
      variables: { p: pid, q: 'zqxertet', ageFrom: 13, ageTo: 15 },
    });
    expect(r.body.errors).toBeUndefined();
    expect(
      r.body.data.patient.search.hits.map((h: { journalEntry: { id: string } }) => h.journalEntry.id),
    ).toEqual(['je-hp-s32c-1']);
  });

  test('pasientjournalloven § 22: a note of over a million characters is found by search: the hit is not an error for the whole search', async () => {
    // Scenario: an HP note of 1.1 million characters (a long pasted report; the import takes
    // records up to IMPORT_MAX_RECORD_BYTES, 64 MiB) is imported and indexed. A legal user
    // searches the person's record for a word in it. Found: the search fails as a whole
    // (Elasticsearch refuses to highlight a field longer than index.highlight.max_analyzed_offset,
    // 1,000,000 characters, unless the request sets max_analyzed_offset), so no note of the person
    // is found by any word that matches this one: the legal user cannot document the period
    // (DOMAIN.md: "proof that nothing was missed"). Expected: the note is a hit (its highlight
    // taken from the part the highlighter reads). Fix: search-index/elasticsearch.ts highlight.
    const text = `Innkomstsamtale: zqxmegalang nevnt av pasienten. ${'Pasienten sov godt i natt, spiste frokost. '.repeat(26_000)}`;
    expect(text.length).toBeGreaterThan(1_100_000);
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32b', {
        Patient: [hpPatient('s32b-p', '1975-02-02', 31)],
        DocumentReference: [hpDoc('s32b-1', 's32b-p', text)],
      }),
    );
    await ts.stack.index();
    expect(await indexedIds('je-hp-s32b-')).toEqual(['je-hp-s32b-1']);
    const pid = await hpPatientRecord(ts.tdb.db, 's32b-p');
    const legal = await ts.stack.matterToken({ id: 'M-S32B', patientIds: [pid] }, { sub: 'jurist-s32b' });
    const r = await gql(ts.stack.gateway.url, SEARCH, {
      token: legal,
      variables: { p: pid, q: 'zqxmegalang' },
    });
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data.patient.search;
    expect(s.hits.map((h: { journalEntry: { id: string } }) => h.journalEntry.id)).toEqual(['je-hp-s32b-1']);
    expect(s.hits[0].highlights.join(' ')).toContain('<em>zqxmegalang</em>');
  });

  test('pasientjournalloven § 22: a reindex keeps a note whose import committed during the rebuild with an outbox number below the one the rebuild started from', async () => {
    // Scenario: `npm run cli -- reindex` (search-index/maintenance.ts) builds a new index beside
    // the live one while imports run. An import batch (one transaction: the note and its outbox
    // row, writer.ts) took outbox number N and has not committed when the rebuild reads the
    // outbox's highest committed number, which another writer's later row (N+1) already is. The
    // rebuild's scan does not see the note (not committed); the batch then commits and the live
    // indexer drains it into the old index, marking its row processed; the rebuild swaps the
    // alias and re-applies the changes numbered after N+1 only. Found: the note is in neither
    // the new index nor the outbox: no search finds it, and nothing ever sends it again
    // (sequence numbers are handed out in the order transactions ask, not the order they
    // commit). Expected: after the reindex the index holds every current note of the database.
    // Fix: search-index/maintenance.ts reindex (its catch-up) with lib/outbox.ts.
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32d', {
        Patient: [hpPatient('s32d-p', '1969-09-09', 41)],
        DocumentReference: [hpDoc('s32d-1', 's32d-p', 'Første notat, zqxførste.')],
      }),
    );
    await ts.stack.index();
    const pid = await hpPatientRecord(ts.tdb.db, 's32d-p');
    // The batch in flight: its note and outbox row in one transaction, not yet committed.
    const batch = new PgClient({ connectionString: ts.tdb.url });
    await batch.connect();
    try {
      await batch.query('BEGIN');
      await batch.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status)
         VALUES ('je-hp-s32d-late', $1, 'HELSEPLATTFORMEN', 's32d-late', 'Journalnotat', '2022-03-02T10:00:00+01:00',
                 'Notat importert under gjenoppbyggingen, zqxsen.', 'current')`,
        [pid],
      );
      await batch.query(
        `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', 'je-hp-s32d-late')`,
      );
      // Another writer's change, committed: the outbox's highest committed number is now above the batch's.
      await ts.tdb.db.query(
        `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', 'je-hp-s32d-1')`,
      );
      // The rebuild as the CLI runs it; the batch commits, and the live indexer drains it, while
      // the new index is built (before the swap).
      const backend = rebuildingWith(ts.stack.backend, async () => {
        await batch.query('COMMIT');
        await ts.stack.index();
      });
      await reindex(searchSources(ts.tdb.db), backend);
    } finally {
      await batch.end();
    }
    await ts.stack.index();
    expect(await searchableIds('je-hp-s32d-')).toEqual(['je-hp-s32d-1', 'je-hp-s32d-late']);
    expect(await indexedIds('je-hp-s32d-')).toEqual(['je-hp-s32d-1', 'je-hp-s32d-late']);
  });
});

describe('helsepersonelloven § 43: every stored note can be deleted by the journalansvarlig', () => {
  test('helsepersonelloven § 43: an HP note whose id is longer than a FHIR id is not stored where no deletion can reach it', async () => {
    // Scenario: an HP export holds a DocumentReference whose `id` is 300 characters (FHIR R4's
    // `id` datatype is [A-Za-z0-9-.]{1,64}; the reader takes any non-empty string). Found: the
    // note is stored as je-hp-<300 characters>, listed in the patient's journal and searchable,
    // and every GraphQL field that names a note by id refuses it before it runs (lib/id-cap.ts:
    // no ID over 256 characters): deleteJournalEntry, registerRecordCase, correctJournalEntry.
    // A § 43 request for it (DOMAIN.md: the content is removed everywhere) cannot be carried
    // out, nor a § 42 correction or a § 44 move. Expected: either the line is quarantined with
    // its bytes (an id the source system cannot have sent as FHIR), or the journalansvarlig can
    // delete the note. Fix: subgraphs/journal/import/hp.ts (the resource ids a FHIR id).
    const longId = `s32e-${'x'.repeat(295)}`;
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32e', {
        Patient: [hpPatient('s32e-p', '1971-07-07', 51)],
        DocumentReference: [hpDoc(longId, 's32e-p', 'Notat om zqxlangid.')],
      }),
    );
    const stored = (
      await ts.tdb.db.query<{ id: string }>(`SELECT id FROM journal.journal_entry WHERE source_id = $1`, [
        longId,
      ])
    ).rows[0];
    const quarantined = (
      await ts.tdb.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM journal.quarantine WHERE source = 'hp' AND position(convert_to($1, 'UTF8') in raw) > 0`,
        [longId],
      )
    ).rows[0]!.n;
    if (stored) {
      const r = await gql(
        ts.stack.gateway.url,
        `mutation ($id: ID!, $a: RecordAssessmentInput!) { deleteJournalEntry(id: $id, legalBasis: "Feil og belastende", assessment: $a) { id } }`,
        { token: ansvarlig, variables: { id: stored.id, a: FULL_43 } },
      );
      // Stored: the journalansvarlig's deletion is carried out.
      expect(r.body.errors).toBeUndefined();
    } else {
      // Not stored: its line is kept, with its bytes, in the quarantine.
      expect(quarantined).toBe(1);
    }
  });
});

describe('pasientjournalloven § 22: one record with an over-long id stops no import', () => {
  test('pasientjournalloven § 22: an HP patient whose id is longer than a key can hold is quarantined; the rest of the export is imported (the whole import failed, on every run)', async () => {
    // Scenario: an HP export's Patient.ndjson holds a patient whose `id` is 3,000 characters
    // (FHIR ids have at most 64; the reader takes any non-empty string), beside a patient with
    // a note. Found: journal.patient_identity keys on (source system, local id) with a B-tree,
    // which takes at most 2,704 bytes a row: the batch's INSERT fails ("index row size ... exceeds
    // btree maximum"), the import stops there, and every run of the export stops at the same
    // record, so no record after it is ever stored (the same for an Encounter's, a
    // RelatedPerson's or a Practitioner's id). Expected, as for every other defect of a line
    // (README: "a silent drop" never, the rest imported): the patient's line is quarantined with
    // its bytes, the other patient and the note are imported.
    // Not a repeated character: PostgreSQL compresses such a key under the limit.
    const longId = `s32g-${randomBytes(1500).toString('hex').slice(0, 2995)}`;
    const report = await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32g', {
        Patient: [hpPatient(longId, '1966-06-06', 71), hpPatient('s32g-p', '1966-06-07', 72)],
        DocumentReference: [hpDoc('s32g-1', 's32g-p', 'Notat etter en pasient med for lang id.')],
      }),
    ).catch((err: Error) => err);
    expect(report instanceof Error ? report.message : 'imported').toBe('imported');
    expect(await searchableIds('je-hp-s32g-')).toEqual(['je-hp-s32g-1']);
    const quarantined = (
      await ts.tdb.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM journal.quarantine WHERE source = 'hp' AND position(convert_to($1, 'UTF8') in raw) > 0`,
        [longId],
      )
    ).rows[0]!.n;
    expect(quarantined).toBe(1);
  });
});

describe('helsepersonelloven § 43: one document Elasticsearch refuses holds back no other change', () => {
  test('helsepersonelloven § 43: a note whose author name is over Elasticsearch’s term limit does not keep a deleted note in the index, nor a new note out of it', async () => {
    // Scenario: an HP export holds two notes of one patient; one names its author with a
    // 40,000-byte display (a broken export: FHIR author.display is a string of any length, and the
    // import takes records up to 64 MiB). authorName is a keyword field in the index, and
    // Elasticsearch refuses a keyword term over 32,766 bytes ("immense term"). Found: the bulk
    // write of the batch fails (elasticsearch.ts bulk throws on the refused item), so the batch
    // is never marked processed and every later drain of the journal outbox starts with it again
    // and fails the same way: the other note is deleted under § 43 and stays searchable in the
    // index with its text (its removal waits behind the refused document forever), and the
    // refused note itself is never searchable. The indexer's own rule ("one outbox that fails
    // must not hold back the others' changes, deletions among them") holds between outboxes, not
    // within one. DOMAIN.md: a deletion "removes the content everywhere (database, search index
    // ...)". Expected: after the deletion and a later import the index holds exactly the
    // database's current notes: the deleted one gone, the new one and the long-author one there.
    // Fix: search-index/indexer.ts (a refused document holds back no other row) and
    // search-index/definition.ts (a keyword longer than a term can be is not indexed as a term).
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32a-1', {
        Patient: [hpPatient('s32a-p', '1990-01-01', 11)],
        DocumentReference: [
          hpDoc('s32a-1', 's32a-p', 'Første notat, zqxslettes senere.'),
          hpDoc('s32a-long', 's32a-p', 'Notat med et langt forfatterfelt, zqxlangforfatter.', {
            author: [{ display: 'Lege '.repeat(8000) }],
          }),
        ],
      }),
    );
    await ts.stack.index();
    const del = await gql(
      ts.stack.gateway.url,
      `mutation ($a: RecordAssessmentInput!) { deleteJournalEntry(id: "je-hp-s32a-1", legalBasis: "Feil og belastende", assessment: $a) { id } }`,
      { token: ansvarlig, variables: { a: FULL_43 } },
    );
    expect(del.body.errors).toBeUndefined();
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32a-2', {
        Patient: [hpPatient('s32a-p', '1990-01-01', 11)],
        DocumentReference: [hpDoc('s32a-2', 's32a-p', 'Nytt notat etter slettingen, zqxnytt.')],
      }),
    );
    await ts.stack.index();
    expect(await searchableIds('je-hp-s32a-')).toEqual(['je-hp-s32a-2', 'je-hp-s32a-long']);
    expect(await indexedIds('je-hp-s32a-')).toEqual(['je-hp-s32a-2', 'je-hp-s32a-long']);
  });

  test('helsepersonelloven § 43: a document the index refuses as it is stays pending alone: the other notes of its batch and a later deletion are written', async () => {
    // The indexer's part of the defect above, whatever makes a document refused (a value the
    // index definition cannot take: here a date field that is not a date, put into one note's
    // document by the source wrapper below; the keyword limit is lifted by the index definition
    // now, so it no longer shows this). Found: drainOutbox marked nothing of a batch processed
    // when the bulk write refused one document, so every later drain of the outbox failed on
    // it, and a removal in a later batch was never sent. Expected: the refused document's row
    // alone stays pending (sent again each drain, reported by id), every other
    // row is written and marked processed, the deleted note leaves the index.
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's32f', {
        Patient: [hpPatient('s32f-p', '1992-02-02', 61)],
        DocumentReference: [
          hpDoc('s32f-1', 's32f-p', 'Notat som slettes, zqxfjernes.'),
          hpDoc('s32f-bad', 's32f-p', 'Notat indeksen ikke tar imot.'),
          hpDoc('s32f-2', 's32f-p', 'Notat som blir stående, zqxblir.'),
        ],
      }),
    );
    const base = journalOutbox(ts.tdb.db);
    const refusing: OutboxSource = {
      ...base,
      async load(ids) {
        return (await base.load(ids)).map((d) =>
          d.id === 'je-hp-s32f-bad' ? { ...d, localDate: 'ingen dato' } : d,
        );
      },
    };
    const first = await drainOutbox(refusing, ts.stack.backend).catch((err: unknown) => err);
    const del = await gql(
      ts.stack.gateway.url,
      `mutation ($a: RecordAssessmentInput!) { deleteJournalEntry(id: "je-hp-s32f-1", legalBasis: "Feil og belastende", assessment: $a) { id } }`,
      { token: ansvarlig, variables: { a: FULL_43 } },
    );
    expect(del.body.errors).toBeUndefined();
    const second = await drainOutbox(refusing, ts.stack.backend).catch((err: unknown) => err);
    expect(await indexedIds('je-hp-s32f-')).toEqual(['je-hp-s32f-2']);
    const pending = (
      await ts.tdb.db.query<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM journal.outbox WHERE processed_at IS NULL AND entity_id LIKE 'je-hp-s32f-%' ORDER BY entity_id`,
      )
    ).rows.map((r) => r.entity_id);
    expect(pending).toEqual(['je-hp-s32f-bad']);
    // Each drain says which document was refused (its id and the refusal's type, never its
    // content); since review s33's residuals not as a failure of the drain (startIndexer holds
    // the document back on its own backoff, test below).
    for (const r of [first, second])
      expect(r).toEqual(
        expect.objectContaining({
          refused: [{ id: 'je-hp-s32f-bad', reason: 'document_parsing_exception' }],
        }),
      );
    // The drain as the indexer runs it (the document as it is): it is written, nothing waits.
    await ts.stack.index();
    expect(await indexedIds('je-hp-s32f-')).toEqual(['je-hp-s32f-2', 'je-hp-s32f-bad']);
  });

  test('helsepersonelloven § 42: a corrected note whose document the index refuses is held back like any refused document, its row pending so search still leaves it out (review s38: a correction is a removal until written, and removals were never held back: sent and refused again every drain)', async () => {
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's38h', {
        Patient: [hpPatient('s38h-p', '1994-04-04', 81)],
        DocumentReference: [hpDoc('s38h-1', 's38h-p', 'Notat som rettes, zqxrettes.')],
      }),
    );
    await ts.stack.index();
    const c = await gql(
      ts.stack.gateway.url,
      'mutation { correctJournalEntry(id: "je-hp-s38h-1", text: "Rettet notat.", reason: "feil ord") { version } }',
      { token: ansvarlig },
    );
    expect(c.body.errors).toBeUndefined();
    const base = journalOutbox(ts.tdb.db);
    const loaded: string[] = [];
    const refusing: OutboxSource = {
      ...base,
      async load(ids) {
        loaded.push(...ids);
        return (await base.load(ids)).map((d) =>
          d.id === 'je-hp-s38h-1' ? { ...d, localDate: 'ingen dato' } : d,
        );
      },
    };
    const first = await drainOutbox(refusing, ts.stack.backend);
    expect(first.refused).toEqual([{ id: 'je-hp-s38h-1', reason: 'document_parsing_exception' }]);
    // The indexer's next drain holds it back (startIndexer's backoff): it is not sent again.
    loaded.length = 0;
    const second = await drainOutbox(refusing, ts.stack.backend, 1000, { hold: new Set(['je-hp-s38h-1']) });
    expect(second.refused).toEqual([]);
    expect(loaded.filter((id) => id === 'je-hp-s38h-1').length).toBeLessThanOrEqual(1);
    // Still pending, and still left out of search.
    expect(await base.pendingRemovals!()).toContain('je-hp-s38h-1');
    await ts.stack.index();
    expect(await base.pendingRemovals!()).not.toContain('je-hp-s38h-1');
  });

  test('pasientjournalloven § 22: a document the index refuses holds up no other change: a new note is searchable within the normal drain time, the refused one reported by the indexer (review s33)', async () => {
    // Scenario: the indexer runs on its normal interval (here 100 ms) while one note of the
    // journal outbox is refused by Elasticsearch as it is (the date field that is not a date,
    // put in by the source wrapper as above). Found (left open by review s32): the drain with a
    // refused document counted as failed, so the indexer's pause doubled per drain up to 60 s,
    // and every other change of every outbox (a new note, a correction) waited up to a minute
    // behind it. Expected: the refused document is held back alone, tried again on its own
    // backoff and reported in the indexer's status (id and refusal type, never content), while
    // the rest drains at the normal pace: a note imported 3.5 s later is found within a second.
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 's33a-1', {
        Patient: [hpPatient('s33a-p', '1993-03-03', 71)],
        DocumentReference: [hpDoc('s33a-bad', 's33a-p', 'Notat indeksen ikke tar imot, zqxnektet.')],
      }),
    );
    const base = journalOutbox(ts.tdb.db);
    const refusing: OutboxSource = {
      ...base,
      async load(ids) {
        return (await base.load(ids)).map((d) =>
          d.id === 'je-hp-s33a-bad' ? { ...d, localDate: 'ingen dato' } : d,
        );
      },
    };
    const indexer = startIndexer([refusing], ts.stack.backend, { intervalMs: 100, maxBackoffMs: 60_000 });
    try {
      // Long enough for five refusals in a row: before the fix the next drain was 3.2 s away.
      await new Promise((r) => setTimeout(r, 3_500));
      await runImport(
        ts.tdb.db,
        'hp',
        writeHpExport(dir, 's33a-2', {
          Patient: [hpPatient('s33a-p', '1993-03-03', 71)],
          DocumentReference: [hpDoc('s33a-new', 's33a-p', 'Nytt notat mens et annet ble avvist, zqxraskt.')],
        }),
      );
      const imported = Date.now();
      let found = false;
      while (!found && Date.now() - imported < 1_000) {
        await new Promise((r) => setTimeout(r, 50));
        found = (await indexedIds('je-hp-s33a-')).includes('je-hp-s33a-new');
      }
      expect(found).toBe(true);
      const stats = indexer.stats();
      expect(stats.failures).toBe(0);
      expect(stats.refused).toEqual([
        expect.objectContaining({
          outbox: 'journal',
          id: 'je-hp-s33a-bad',
          reason: 'document_parsing_exception',
        }),
      ]);
      // Tried again on its own backoff (100 ms doubling): a few times in 3.5 s, not every drain.
      expect(stats.refused[0]!.attempts).toBeGreaterThanOrEqual(2);
      expect(stats.refused[0]!.attempts).toBeLessThanOrEqual(6);
      expect(JSON.stringify(stats.refused)).not.toContain('zqx');
    } finally {
      await indexer.stop();
    }
    // The drain as the stack runs it (the document as it is): written, no longer pending.
    await ts.stack.index();
    expect(await indexedIds('je-hp-s33a-')).toEqual(['je-hp-s33a-bad', 'je-hp-s33a-new']);
  });
});
