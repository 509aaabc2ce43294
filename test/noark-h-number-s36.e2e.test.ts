/**
 * Noark 5 parties named by an H-nummer, stop 36: an H-nummer (hjelpenummer) names a person only
 * within the institution that gave it (lib/national-id.ts; pasientjournalloven § 22), and a case
 * archive cannot tell which institution's person a party's partID names. The import links no
 * case to it (subgraphs/archive/noark/import.ts); a link an earlier import stored reaches no one
 * (the views subject_link and subject_part) and is moved out of person_link, kept (archive
 * migration 027). Real PostgreSQL and the gateway (dev/test-stack.ts), search on the PostgreSQL
 * backend; the deposit is the sakarkiv fixture with one party's partID made an H-nummer.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../dev/fixtures';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { createTestDatabase, gql, testConfig } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import type { Queryable } from '../lib/db';
import { migrate } from '../lib/migrate';
import { isHNumber, makeSyntheticNationalId } from '../lib/national-id';
import { documentCoverage } from '../subgraphs/archive/doctext/coverage';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { importNoark } from '../subgraphs/archive/noark/import';
import { commands } from '../subgraphs/archive/cli';
import { archiveOutbox } from '../subgraphs/archive/outbox';
import { nationalIdsBySaksmappeIds } from '../subgraphs/archive/store';
import { runImport } from '../subgraphs/journal/import/run';
import { sourceRecord } from '../dev/help-numbers';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-hnoark-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Saksmappe 2023/1234 of the fixture: Ingrid Aasen (Klient) and Per Aasen (Pårørende, a fødselsnummer). */
const CASE = 'f009e4b3-67fc-54f6-9fee-30265b9d5a53';
const INGRID = '11823821230';
const PER = '03876538341';
// An H-nummer: day 21, month 46 (June + 40), 1961. One institution gave it; another may give it too.
const H = withCheckDigits(214661234);

/** Saksmappe 2023/1187 of the fixture, whose only party is Hanne Vik (Klient). */
const ALONE = '9272719f-3260-5135-a1c1-5f9c9dbd340d';
const HANNE = '21868534602';
// Another H-nummer (day 10, month 45), Hanne Vik's partID in the deposit: 2023/1187 concerns no one.
const H2 = withCheckDigits(104580321);
/** The fixture's arkivdel. */
const ARKIVDEL = '95819b0d-f950-5cd9-9581-07b71e700251';

/** Its first journalpost (2023/1234-1), given parties of its own below. */
const JOURNALPOST = '627c21ca-b718-5855-a6e9-70192fa19534';
/** Ingrid Aasen's daughter, a party of that journalpost by fødselsnummer. */
const KARI = makeSyntheticNationalId('1962-04-10', 7, true);

/**
 * The sakarkiv fixture with Ingrid Aasen's partID in 2023/1234 replaced by `partId`, and two
 * parties of its first journalpost (Noark 5 registrering/part, after arkivertAv): Ingrid Aasen
 * by `partId`, Kari Aasen by fødselsnummer. With `alone`, Hanne Vik's partID in 2023/1187 (the
 * case's only party) is replaced by it too.
 */
function deposit(name: string, partId: string, alone?: string): string {
  const d = join(dir, name);
  cpSync(fixture('sakarkiv'), d, { recursive: true });
  const file = join(d, 'arkivstruktur.xml');
  let xml = readFileSync(file, 'utf8');
  const at = xml.indexOf(`<mappeID>2023/1234</mappeID>`);
  const party = `<partID>${INGRID}</partID>`;
  const p = xml.indexOf(party, at);
  if (at < 0 || p < 0 || p > xml.indexOf('</mappe>', at))
    throw new Error('the fixture changed: 2023/1234 has no party Ingrid Aasen');
  xml = xml.slice(0, p) + `<partID>${partId}</partID>` + xml.slice(p + party.length);
  if (alone) {
    const hanne = `<partID>${HANNE}</partID>`;
    if (xml.split(hanne).length !== 2)
      throw new Error('the fixture changed: Hanne Vik is not 2023/1187’s one party');
    xml = xml.replace(hanne, `<partID>${alone}</partID>`);
  }
  const archived = '<arkivertAv>Arkivtjenesten</arkivertAv>';
  const j = xml.indexOf(archived, xml.indexOf(`<systemID>${JOURNALPOST}</systemID>`));
  if (j < 0) throw new Error('the fixture changed: 2023/1234-1 has no arkivertAv');
  const parties =
    `\n            <part>\n              <partID>${partId}</partID>\n              <partNavn>Ingrid Aasen</partNavn>\n              <partRolle>Klient</partRolle>\n            </part>` +
    `\n            <part>\n              <partID>${KARI}</partID>\n              <partNavn>Kari Aasen</partNavn>\n              <partRolle>Pårørende</partRolle>\n            </part>`;
  xml = xml.slice(0, j + archived.length) + parties + xml.slice(j + archived.length);
  writeFileSync(file, xml);
  return d;
}

/** The patient record a source record was imported as (dev/help-numbers.ts). */
const patientOf = async (sourceSystem: string, localId: string) =>
  sourceRecord(ts.tdb.db, sourceSystem, localId);

/** What a legal caller on a matter over these persons reaches of the case: by id, and as search hits' saksmappe. */
async function reach(matter: string, persons: { patientIds?: string[]; nationalIds?: string[] }) {
  const token = await ts.stack.matterToken({ id: matter, purpose: 'LEGAL_PROCEEDINGS', ...persons });
  const byId = await gql(ts.stack.gateway.url, `query ($id: ID!) { saksmappe(id: $id) { id } }`, {
    token,
    variables: { id: CASE },
  });
  const s = await gql(
    ts.stack.gateway.url,
    `{ search(query: "langtidsopphold", kinds: ["journalpost"]) { hits { saksmappe { id } } } }`,
    { token },
  );
  expect(s.body.errors).toBeUndefined();
  return {
    byId: byId.body.data?.saksmappe?.id ?? byId.body.errors?.[0]?.extensions?.code ?? null,
    hits: [
      ...new Set(s.body.data.search.hits.map((h: { saksmappe: { id: string } | null }) => h.saksmappe?.id)),
    ],
  };
}

/** The national ids the search index holds for the case's journalposter (search.document). */
async function indexedNationalIds(db: Queryable): Promise<string[]> {
  const r = await db.query<{ n: string }>(
    `SELECT DISTINCT unnest(d.national_ids) AS n FROM search.document d
      WHERE d.id IN (SELECT 'journalpost:' || j.id FROM archive.journalpost j WHERE j.saksmappe_id = $1)
      ORDER BY 1`,
    [CASE],
  );
  return r.rows.map((x) => x.n);
}

/** Whom the case concerns, as each reader of the archive asks it. */
async function concerns(db: Queryable) {
  return {
    saksmappe: [...new Set((await nationalIdsBySaksmappeIds(db, [CASE])).map((r) => r.national_id))].sort(),
    journalpostDocuments: [
      ...new Set(
        (
          await archiveOutbox(db).load(
            (
              await db.query<{ id: string }>('SELECT id FROM archive.journalpost WHERE saksmappe_id = $1', [
                CASE,
              ])
            ).rows.map((r) => `journalpost:${r.id}`),
          )
        ).flatMap((d) => d.nationalIds ?? []),
      ),
    ].sort(),
    coverageOfH: {
      journalposter: (await archiveOutbox(db).coverage!({ patientIds: [], nationalIds: [H] })).length,
      documents: (await documentCoverage(db, { patientIds: [], nationalIds: [H] })).length,
    },
  };
}

describe('a Noark party named by an H-nummer', () => {
  let gerica: string;
  let summary: Awaited<ReturnType<typeof importNoark>>;

  beforeAll(async () => {
    expect([isHNumber(H), isHNumber(H2)]).toEqual([true, true]);
    // Gerica (a municipality's care record) keeps a person it could not identify under H.
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-h36', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('3601001', '36011', H, 'Besøk, ingen merknader.')],
      }),
    );
    gerica = (await patientOf('GERICA', '36011'))!;
    expect(gerica).toBeDefined();
    // The case archive names a party of 2023/1234 by the same number.
    summary = await importNoark(ts.tdb.db, deposit('deposit-h36', H, H2));
    await ts.stack.index();
  }, 60_000);

  test('pasientjournalloven § 22: a Noark party named by an H-nummer links its case to no person', async () => {
    // Scenario: the municipality's case archive names Ingrid Aasen, a party of 2023/1234, by an
    // H-nummer. Found (stop 36): the import linked the case to the number as a national id
    // (archive.person_link), and every reader took it as one person: the case's search
    // documents carried it, coverage counted the case for it, the case's subject held it, so a
    // reach holding the number met whichever organisation's person had it.
    const links = await ts.tdb.db.query(
      'SELECT national_id, entity_type FROM archive.person_link WHERE saksmappe_id = $1 ORDER BY national_id',
      [CASE],
    );
    // The party is kept as exported (the deposit writes it back), linked to no person.
    const parts = await ts.tdb.db.query(
      'SELECT part_id, part_navn, part_rolle FROM archive.part WHERE saksmappe_id = $1 ORDER BY ordinal',
      [CASE],
    );
    const journalpostParts = await ts.tdb.db.query(
      `SELECT complex->'part' AS part FROM archive.journalpost WHERE id = $1`,
      [JOURNALPOST],
    );
    expect({
      summary: { saksmapper: summary.saksmapper, hNumberParties: summary.hNumberParties },
      links: links.rows,
      parts: parts.rows,
      journalpostParts: journalpostParts.rows[0]?.part,
      concerns: await concerns(ts.tdb.db),
      indexed: await indexedNationalIds(ts.tdb.db),
      gericaMatter: await reach('M-h36-gerica', { patientIds: [gerica] }),
    }).toEqual({
      // Ingrid Aasen of 2023/1234 and of its journalpost, Hanne Vik of 2023/1187.
      summary: {
        saksmapper: { inserted: 6, updated: 0, unchanged: 0, held: 0, quarantined: 0 },
        hNumberParties: 3,
      },
      links: [
        { national_id: PER, entity_type: 'saksmappe' },
        { national_id: KARI, entity_type: 'journalpost' },
      ],
      parts: [
        { part_id: H, part_navn: 'Ingrid Aasen', part_rolle: 'Klient' },
        { part_id: PER, part_navn: 'Per Aasen', part_rolle: 'Pårørende' },
      ],
      journalpostParts: [
        { partID: [H], partNavn: ['Ingrid Aasen'], partRolle: ['Klient'] },
        { partID: [KARI], partNavn: ['Kari Aasen'], partRolle: ['Pårørende'] },
      ],
      concerns: {
        saksmappe: [PER, KARI],
        journalpostDocuments: [PER, KARI],
        coverageOfH: { journalposter: 0, documents: 0 },
      },
      indexed: [PER, KARI],
      // The Gerica person with the number is no party the archive can tell: not reached.
      gericaMatter: { byId: 'FORBIDDEN', hits: [] },
    });
    // The deposit writes both parties back as they came in (nothing of them is lost).
    const out = join(dir, 'export-h36');
    await exportNoark(ts.tdb.db, ARKIVDEL, out);
    const exported = readFileSync(join(out, 'arkivstruktur.xml'), 'utf8');
    expect(exported.split(`<partID>${H}</partID>`).length - 1).toBe(2);
    // A re-import changes nothing and reports no party again (nothing was written).
    const again = await importNoark(ts.tdb.db, deposit('deposit-h36-again', H, H2));
    expect({ saksmapper: again.saksmapper, hNumberParties: again.hNumberParties }).toEqual({
      saksmapper: { inserted: 0, updated: 0, unchanged: 6, held: 0, quarantined: 0 },
      hNumberParties: 0,
    });
  }, 120_000);

  test('pasientjournalloven § 22: a party with a fødselsnummer in the same case is still linked', async () => {
    // Per Aasen, a party of the case, and Kari Aasen, a party of its journalpost.
    expect({
      per: await reach('M-h36-per', { nationalIds: [PER] }),
      kari: await reach('M-h36-kari', { nationalIds: [KARI] }),
    }).toEqual({ per: { byId: CASE, hits: [CASE] }, kari: { byId: CASE, hits: [CASE] } });
  }, 60_000);

  test('pasientjournalforskriften § 14: reading a case whose only party is an H-nummer is logged', async () => {
    // Scenario (review s36 F2): 2023/1187's only party, Hanne Vik, is named by an H-nummer, so
    // the case concerns no one (no national id, no patient record). An archivist reads it, its
    // journalposter and documents, the løpende journal, and exports the arkivdel: every read
    // returned one person's health information and none wrote an access-log row (one row per
    // person of the case, and there was none). Each is logged under the case, saksmappe:<id>,
    // which the archivist's accessLog lists; never under the H-nummer, which names no one here.
    const archivist = await ts.stack.token({
      sub: 'arkivar-h36-f2',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const read = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!, $mixed: ID!) {
         saksmappe(id: $id) { id journalposter { id documents { id contentBase64 } } }
         mixed: saksmappe(id: $mixed) { id } }`,
      { token: archivist, variables: { id: ALONE, mixed: CASE } },
    );
    expect(read.body.errors).toBeUndefined();
    const journalposter: { id: string; documents: { id: string; contentBase64: string }[] }[] =
      read.body.data.saksmappe.journalposter;
    const documents = journalposter.flatMap((j) => j.documents.map((d) => d.id)).sort();
    expect({ journalposter: journalposter.length, documents: documents.length }).toEqual({
      journalposter: 2,
      documents: 2,
    });
    const journal = await gql(
      ts.stack.gateway.url,
      `{ loependeJournal(from: "2023-05-11", to: "2023-06-01") { entries { journalpostId mappeId } } }`,
      { token: archivist },
    );
    expect(journal.body.errors).toBeUndefined();
    expect(
      journal.body.data.loependeJournal.entries
        .filter((e: { mappeId: string }) => e.mappeId === '2023/1187')
        .map((e: { journalpostId: string }) => e.journalpostId)
        .sort(),
    ).toEqual(journalposter.map((j) => j.id).sort());
    const out: string[] = [];
    const so = jest.spyOn(process.stdout, 'write').mockImplementation((t) => {
      out.push(String(t));
      return true;
    });
    try {
      const ctx = { db: ts.tdb.db, config: testConfig({}) };
      await commands['export-noark']!.run([ARKIVDEL, join(dir, 'export-h36-f2')], ctx);
    } finally {
      so.mockRestore();
    }
    // Written (exit 4: the fixture's arkiv is open, which the deposit's schema refuses).
    expect(out.join('')).toContain(`Exported arkivdel ${ARKIVDEL}`);

    const rows = async (key: string) =>
      (
        await ts.tdb.db.query<{ user_id: string; entity_type: string; entity_ids: string[] }>(
          `SELECT user_id, entity_type, entity_ids FROM audit.access_log
            WHERE patient_id = $1 AND outcome = 'granted' ORDER BY seq`,
          [key],
        )
      ).rows.map((r) => ({
        user: r.user_id.startsWith('cli:') ? 'cli' : r.user_id,
        kind: r.entity_type,
        ids: [...r.entity_ids].sort(),
      }));
    const jps = journalposter.map((j) => j.id).sort();
    const order = (a: { user: string; kind: string }, b: { user: string; kind: string }) =>
      a.user.localeCompare(b.user) || a.kind.localeCompare(b.kind);
    expect({
      underTheCase: (await rows(`saksmappe:${ALONE}`)).sort(order),
      underTheNumber: await rows(`nid:${H2}`),
    }).toEqual({
      underTheCase: [
        // saksmappe(id) with its journalposter and documents, one request.
        { user: 'arkivar-h36-f2', kind: 'archive_document', ids: documents },
        { user: 'arkivar-h36-f2', kind: 'journalpost', ids: jps },
        // The løpende journal, a request of its own: the case's two journalposter.
        { user: 'arkivar-h36-f2', kind: 'journalpost', ids: jps },
        { user: 'arkivar-h36-f2', kind: 'saksmappe', ids: [ALONE] },
        // The deposit (export-noark).
        { user: 'cli', kind: 'saksmappe', ids: [ALONE] },
      ],
      underTheNumber: [],
    });
    // 2023/1234 has an H-nummer party beside Per Aasen (and Kari Aasen on a journalpost): its
    // read is logged under each of them and under the case.
    const mixed = async (key: string) =>
      (await rows(key)).filter((r) => r.user === 'arkivar-h36-f2' && r.kind === 'saksmappe');
    expect({
      underTheCase: await mixed(`saksmappe:${CASE}`),
      per: await mixed(`nid:${PER}`),
      kari: await mixed(`nid:${KARI}`),
      underTheNumber: await rows(`nid:${H}`),
    }).toEqual({
      underTheCase: [{ user: 'arkivar-h36-f2', kind: 'saksmappe', ids: [CASE] }],
      per: [{ user: 'arkivar-h36-f2', kind: 'saksmappe', ids: [CASE] }],
      kari: [{ user: 'arkivar-h36-f2', kind: 'saksmappe', ids: [CASE] }],
      underTheNumber: [],
    });
    // An archivist finds them by the case's key.
    const log = await gql(
      ts.stack.gateway.url,
      `query ($k: ID!) { accessLog(patientId: $k) { entries { userId recordKind recordIds } } }`,
      { token: archivist, variables: { k: `saksmappe:${ALONE}` } },
    );
    expect(log.body.errors).toBeUndefined();
    expect(
      log.body.data.accessLog.entries
        .filter((e: { recordKind: string }) => e.recordKind !== 'access_log')
        .map((e: { recordKind: string }) => e.recordKind)
        .sort(),
    ).toEqual(['archive_document', 'journalpost', 'journalpost', 'saksmappe', 'saksmappe']);
  }, 120_000);

  test('pasientjournalloven § 22: a person_link row with an H-nummer stored by SQL (as an earlier import wrote it) reaches nothing', async () => {
    // As the import before stop 36 wrote it; person_link's trigger queues the case's journalposter.
    await ts.tdb.db.query(
      `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id) VALUES ($1, 'saksmappe', $2, $2)
       ON CONFLICT DO NOTHING`,
      [H, CASE],
    );
    await ts.stack.index();
    expect({
      concerns: await concerns(ts.tdb.db),
      indexed: await indexedNationalIds(ts.tdb.db),
      gericaMatter: await reach('M-h36-gerica-2', { patientIds: [gerica] }),
      perMatter: await reach('M-h36-per-2', { nationalIds: [PER] }),
    }).toEqual({
      concerns: {
        saksmappe: [PER, KARI],
        journalpostDocuments: [PER, KARI],
        coverageOfH: { journalposter: 0, documents: 0 },
      },
      indexed: [PER, KARI],
      gericaMatter: { byId: 'FORBIDDEN', hits: [] },
      perMatter: { byId: CASE, hits: [CASE] },
    });
  }, 120_000);
});

describe('archive migration 027 on a database an earlier import wrote', () => {
  test('pasientjournalloven § 22: migration 027 moves a stored H-nummer link out of person_link, keeps it in archive.unlinked_person_link, and queues the case’s search documents again', async () => {
    // Scenario: a database at archive migration 025 holding the deposit as the import before
    // stop 36 left it: 2023/1234 linked to Per Aasen's fødselsnummer and to the H-nummer.
    const db = await createTestDatabase();
    const old = mkdtempSync(join(tmpdir(), 'hs-hnoark-mig-'));
    try {
      const real = join(__dirname, '..', 'subgraphs', 'archive', 'migrations');
      for (const f of readdirSync(real).filter((f) => f < '027')) copyFileSync(join(real, f), join(old, f));
      await migrate(db.db, 'policy', join(__dirname, '..', 'lib', 'policy', 'migrations'));
      expect(await migrate(db.db, 'archive', old)).not.toContain('027_h_number_parties.sql');
      // Today's import (the stand-in for the one before stop 36) also notes what the source said
      // (archive.source_record, migrations 031 and 033): a stand-in table, dropped before the migrations run.
      await db.db.query(
        `CREATE TABLE archive.source_record (id bigserial, record_table text, record_key text, saksmappe_id text, record jsonb,
           extracted_at timestamptz, as_of timestamptz, source_file text, last_seen_extraction timestamptz, last_seen_at timestamptz)`,
      );
      await importNoark(db.db, deposit('deposit-h36-mig', H));
      await db.db.query('DROP TABLE archive.source_record');
      await db.db.query(
        `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id) VALUES ($1, 'saksmappe', $2, $2)
         ON CONFLICT DO NOTHING`,
        [H, CASE],
      );
      await db.db.query('DELETE FROM archive.outbox');
      await db.db.query('DELETE FROM archive.document_outbox');

      expect(await migrate(db.db, 'archive', real)).toContain('027_h_number_parties.sql');
      const q = async (sql: string) => (await db.db.query(sql, [CASE])).rows;
      expect({
        links: await q('SELECT national_id FROM archive.person_link WHERE saksmappe_id = $1 ORDER BY 1'),
        kept: await q(
          'SELECT national_id, entity_type, entity_id, reason FROM archive.unlinked_person_link WHERE saksmappe_id = $1',
        ),
        queued: (
          await q(
            `SELECT (SELECT count(DISTINCT o.entity_id) FROM archive.outbox o JOIN archive.journalpost j ON j.id = o.entity_id WHERE j.saksmappe_id = $1)::int AS journalposter,
                    (SELECT count(DISTINCT entity_id) FROM archive.document_outbox)::int AS documents`,
          )
        )[0],
        saksmappe: [...new Set((await nationalIdsBySaksmappeIds(db.db, [CASE])).map((r) => r.national_id))],
      }).toEqual({
        links: [{ national_id: PER }, { national_id: KARI }],
        kept: [
          {
            national_id: H,
            entity_type: 'saksmappe',
            entity_id: CASE,
            reason: expect.stringContaining('H-nummer'),
          },
        ],
        // 2023/1234 has four journalposter, each with one document.
        queued: { journalposter: 4, documents: 4 },
        saksmappe: [PER, KARI],
      });
    } finally {
      rmSync(old, { recursive: true, force: true });
      await db.drop();
    }
  }, 120_000);
});
