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
import { createTestDatabase, gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import type { Queryable } from '../lib/db';
import { migrate } from '../lib/migrate';
import { isHNumber, makeSyntheticNationalId } from '../lib/national-id';
import { documentCoverage } from '../subgraphs/archive/doctext/coverage';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { importNoark } from '../subgraphs/archive/noark/import';
import { archiveOutbox } from '../subgraphs/archive/outbox';
import { nationalIdsBySaksmappeIds } from '../subgraphs/archive/store';
import { runImport } from '../subgraphs/journal/import/run';

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

/** Its first journalpost (2023/1234-1), given parties of its own below. */
const JOURNALPOST = '627c21ca-b718-5855-a6e9-70192fa19534';
/** Ingrid Aasen's daughter, a party of that journalpost by fødselsnummer. */
const KARI = makeSyntheticNationalId('1962-04-10', 7, true);

/**
 * The sakarkiv fixture with Ingrid Aasen's partID in 2023/1234 replaced by `partId`, and two
 * parties of its first journalpost (Noark 5 registrering/part, after arkivertAv): Ingrid Aasen
 * by `partId`, Kari Aasen by fødselsnummer.
 */
function deposit(name: string, partId: string): string {
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

/** The patient record a source record was imported as. */
const patientOf = async (sourceSystem: string, localId: string) =>
  (
    await ts.tdb.db.query<{ id: string }>(
      'SELECT patient_id AS id FROM journal.patient_identity WHERE source_system = $1 AND local_id = $2',
      [sourceSystem, localId],
    )
  ).rows[0]?.id;

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
    expect(isHNumber(H)).toBe(true);
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
    summary = await importNoark(ts.tdb.db, deposit('deposit-h36', H));
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
      summary: { saksmapper: { inserted: 6, unchanged: 0, quarantined: 0 }, hNumberParties: 2 },
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
    await exportNoark(ts.tdb.db, '95819b0d-f950-5cd9-9581-07b71e700251', out);
    const exported = readFileSync(join(out, 'arkivstruktur.xml'), 'utf8');
    expect(exported.split(`<partID>${H}</partID>`).length - 1).toBe(2);
    // A re-import changes nothing and reports no party again (nothing was written).
    const again = await importNoark(ts.tdb.db, deposit('deposit-h36-again', H));
    expect({ saksmapper: again.saksmapper, hNumberParties: again.hNumberParties }).toEqual({
      saksmapper: { inserted: 0, unchanged: 6, quarantined: 0 },
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
      await importNoark(db.db, deposit('deposit-h36-mig', H));
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
