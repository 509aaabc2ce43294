/**
 * Review of stop 47: the records whose search documents need the text with "§" spelled
 * (signText / earlierSignText, search-index definition.ts SIGN_MAPPING) are queued again by
 * migration, so Elasticsearch finds them by tvang's near rule "vedtak" within 6 words of "§" as
 * PostgreSQL does without a reindex (pasientjournalloven § 22; helsepersonelloven § 42 for a
 * note's earlier versions). Each migration is run again on a migrated database holding the
 * records, its queue emptied first, and what it queued is read back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { makeSyntheticNationalId } from '../lib/national-id';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { journalSubgraph } from '../subgraphs/journal';

const JOURNAL_044 = join(__dirname, '../subgraphs/journal/migrations/044_rule_signs_reindex.sql');
const JOURNAL_046 = join(__dirname, '../subgraphs/journal/migrations/046_rule_signs_chain_reindex.sql');
const ARCHIVE_040 = join(__dirname, '../subgraphs/archive/migrations/040_rule_signs_reindex.sql');

let tdb: TestDatabase;
const sql = async <T = Record<string, unknown>>(q: string, params: unknown[] = []) =>
  (await tdb.db.query(q, params)).rows as T[];
const run = async (file: string) => tdb.db.query(readFileSync(file, 'utf8'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  await migrateSubgraph(tdb.db, archiveSubgraph, tdb.admin);
}, 120_000);
afterAll(async () => {
  await tdb?.drop();
});

test('pasientjournalloven § 22, helsepersonelloven § 42: journal migration 046 queues the notes whose chain of superseded originals holds "§" (their earlier text), which migration 044 left out; a chain without it is not queued', async () => {
  await sql(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
     VALUES ('pt-s47m', $1, 'Migrering', 'Sju', '1981-02-03')`,
    [makeSyntheticNationalId('1981-02-03', 471, true)],
  );
  const entry = (
    id: string,
    system: string,
    sourceId: string,
    text: string,
    status: string,
    replaces?: [string, string],
  ) =>
    sql(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status,
                                          replaces_source_system, replaces_source_id)
       VALUES ($1, 'pt-s47m', $2, $3, 'Journalnotat', '2019-04-05T10:00:00+02:00', $4, $5, $6, $7)`,
      [id, system, sourceId, text, status, replaces?.[0] ?? null, replaces?.[1] ?? null],
    );
  // One link: the Profil original says "§", the HP note replacing it does not.
  await entry('je-s47m-orig', 'PROFIL', 'N1', 'Vedtak fattet jf. § 9 i loven.', 'superseded');
  await entry('je-s47m-hp', 'HELSEPLATTFORMEN', 'H1', 'Samtale med pårørende om besøk.', 'current', [
    'PROFIL',
    'N1',
  ]);
  // Two links: the first original says "§", the middle one and the HP note do not.
  await entry('je-s47m-first', 'PROFIL', 'N3', 'Vedtak etter § 4A-5.', 'superseded');
  await entry('je-s47m-mid', 'PROFIL', 'N4', 'Vedtak om tannbehandling.', 'superseded', ['PROFIL', 'N3']);
  await entry('je-s47m-hp2', 'HELSEPLATTFORMEN', 'H2', 'Tannbehandling utført.', 'current', ['PROFIL', 'N4']);
  // A chain with no sign: not queued.
  await entry('je-s47m-plain', 'PROFIL', 'N5', 'Samtale om skole.', 'superseded');
  await entry('je-s47m-hp3', 'HELSEPLATTFORMEN', 'H3', 'Samtale om skolen.', 'current', ['PROFIL', 'N5']);
  const queued = async () =>
    (
      await sql<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM journal.outbox WHERE entity_id LIKE 'je-s47m-%' ORDER BY 1`,
      )
    ).map((r) => r.entity_id);
  // The premise: 044 queues the originals saying "§" only, not the notes replacing them.
  await sql(`DELETE FROM journal.outbox`);
  await run(JOURNAL_044);
  expect(await queued()).toEqual(['je-s47m-first', 'je-s47m-orig']);
  await sql(`DELETE FROM journal.outbox`);
  await run(JOURNAL_046);
  expect(await queued()).toEqual(['je-s47m-hp', 'je-s47m-hp2', 'je-s47m-mid']);
});

test("pasientjournalloven § 22: archive migration 040 queues the case records and document pages whose text holds \"§\" (a journalpost's or its case's title, a page's text), and no other", async () => {
  await sql(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, saksdato, saksstatus)
     VALUES ('sm-s47m-sign', '2021/471', 2021, 471, 'Klage på vedtak etter § 4A-5', '2021-05-01', 'B'),
            ('sm-s47m-plain', '2021/472', 2021, 472, 'Innsyn i journal', '2021-05-01', 'B')`,
  );
  await sql(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, journalaar, journalsekvensnummer, journalpostnummer,
                                     journalposttype, journalstatus, journaldato, tittel)
     VALUES ('jp-s47m-case', 'sm-s47m-sign', 0, 2021, 471, 1, 'I', 'J', '2021-05-02', 'Klage'),
            ('jp-s47m-title', 'sm-s47m-plain', 0, 2021, 472, 1, 'I', 'J', '2021-05-02', 'Begjæring jf. §9'),
            ('jp-s47m-plain', 'sm-s47m-plain', 1, 2021, 472, 2, 'U', 'J', '2021-05-03', 'Svar på begjæring')`,
  );
  const content = Buffer.from('not a real pdf');
  for (const [doc, page] of [
    ['do-s47m-sign', 'Vedtak fattet jf. § 9 i loven.'],
    ['do-s47m-plain', 'Vedtak om tannbehandling.'],
  ] as const) {
    await sql(
      `INSERT INTO archive.dokumentbeskrivelse (id, journalpost_id, ordinal, dokumentnummer, tittel) VALUES ($1, 'jp-s47m-plain', $2, $3, 'Vedlegg')`,
      [`${doc}-b`, doc === 'do-s47m-sign' ? 0 : 1, doc === 'do-s47m-sign' ? 1 : 2],
    );
    await sql(
      `INSERT INTO archive.dokumentobjekt (id, dokumentbeskrivelse_id, ordinal, referanse_dokumentfil, format, sjekksum, filstoerrelse, content)
       VALUES ($1, $2, 0, 'DOKUMENT/vedlegg.pdf', 'PDF', $3, $4, $5)`,
      [doc, `${doc}-b`, 'a'.repeat(64), content.length, content],
    );
    await sql(
      `INSERT INTO archive.document_page_text (dokumentobjekt_id, page, origin, text) VALUES ($1, 1, 'pdf-text', $2)`,
      [doc, page],
    );
  }
  await sql(`DELETE FROM archive.outbox`);
  await sql(`DELETE FROM archive.document_outbox`);
  await run(ARCHIVE_040);
  expect(
    (await sql<{ entity_id: string }>(`SELECT DISTINCT entity_id FROM archive.outbox ORDER BY 1`)).map(
      (r) => r.entity_id,
    ),
  ).toEqual(['jp-s47m-case', 'jp-s47m-title']);
  expect(
    (
      await sql<{ entity_id: string }>(`SELECT DISTINCT entity_id FROM archive.document_outbox ORDER BY 1`)
    ).map((r) => r.entity_id),
  ).toEqual(['do-s47m-sign']);
});
