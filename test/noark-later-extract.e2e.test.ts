/**
 * A later Noark 5 extract of a live case archive (open cases: ../shared/fixtures/README.md 4.1):
 * a saksmappe already stored comes again with a new journalpost (the reply, the complaint), a
 * changed saksstatus, a changed title. Until this task the importer quarantined the whole case
 * ("saksmappe X is already stored with different content; the stored record is kept") and the
 * stored case stayed frozen: the complaint of DOMAIN.md case 1 never reached the archive,
 * search, the postjournal or the dossier. Now (subgraphs/archive/README.md, "A later extract"):
 * new journalposter are added as a first import stores them; changed fields are updated, each
 * earlier row kept in archive.record_version; a record changed here since its import is kept and
 * the source's quarantined (a conflict); nothing the extract no longer has is deleted; a changed
 * dokumentobjekt never replaces stored bytes. Real PostgreSQL and Elasticsearch
 * (dev/test-stack.ts), the extract from dev/generator.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { importNoark } from '../subgraphs/archive/noark/import';
import { archiveSnapshot } from '../subgraphs/archive/noark/snapshot';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-later-'));
let ts: TestStack;
let archivist: string;

// Four cases: 2023/0101 (HO-03, open, 3 journalposter), 2023/0102 (HO-09, open, 2),
// 2023/0103 (NV-02, closed, 3), 2023/0104 (HO-03, open, 2).
const extract = generateNoarkExtract({ seed: 41, saksmapper: 4 });
const caseOf = (mappeId: string) => extract.facts.saksmapper.find((s) => s.mappeId === mappeId)!.id;
const jpOf = (registreringsId: string) =>
  extract.facts.journalposter.find((j) => j.registreringsId === registreringsId)!.id;
const ORIGINAL = extract.files[0]!.content.toString('utf8');

/** The complaint that arrives after the first extract: journalpost 4 of 2023/0101, with a letter. */
const NEW_JP = '7e1a0c55-4b1f-4c2e-a001-000000004101';
const NEW_DB = '7e1a0c55-4b1f-4c2e-a002-000000004101';
const NEW_DO = '7e1a0c55-4b1f-4c2e-a003-000000004101';
const NEW_FILE = 'DOKUMENT/2023-0101-4.pdf';
const NEW_PDF = Buffer.from('%PDF-1.4\n% Klage fra pårørende\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const complaint = `        <registrering xsi:type="journalpost">
            <systemID>${NEW_JP}</systemID>
            <opprettetDato>2023-05-20T10:00:00+02:00</opprettetDato>
            <opprettetAv>Marte Sand</opprettetAv>
            <skjerming>
              <tilgangsrestriksjon>Unntatt offentlighet</tilgangsrestriksjon>
              <skjermingshjemmel>Offl. § 13 jf. fvl. § 13 (1) nr.1</skjermingshjemmel>
              <skjermingMetadata>Skjerming navn avsender</skjermingMetadata>
            </skjerming>
            <dokumentbeskrivelse>
              <systemID>${NEW_DB}</systemID>
              <dokumenttype>Brev</dokumenttype>
              <dokumentstatus>Dokumentet er ferdigstilt</dokumentstatus>
              <tittel>Omgjøringsbegjæring fra pårørende</tittel>
              <opprettetDato>2023-05-20T10:00:00+02:00</opprettetDato>
              <opprettetAv>Marte Sand</opprettetAv>
              <tilknyttetRegistreringSom>Hoveddokument</tilknyttetRegistreringSom>
              <dokumentnummer>1</dokumentnummer>
              <tilknyttetDato>2023-05-20T10:00:00+02:00</tilknyttetDato>
              <tilknyttetAv>Marte Sand</tilknyttetAv>
              <dokumentobjekt>
                <systemID>${NEW_DO}</systemID>
                <versjonsnummer>1</versjonsnummer>
                <variantformat>Produksjonsformat</variantformat>
                <format>fmt/18</format>
                <formatDetaljer>PDF 1.4</formatDetaljer>
                <opprettetDato>2023-05-20T10:00:00+02:00</opprettetDato>
                <opprettetAv>Marte Sand</opprettetAv>
                <referanseDokumentfil>${NEW_FILE}</referanseDokumentfil>
                <sjekksum>${sha(NEW_PDF)}</sjekksum>
                <sjekksumAlgoritme>SHA256</sjekksumAlgoritme>
                <filstoerrelse>${NEW_PDF.length}</filstoerrelse>
              </dokumentobjekt>
            </dokumentbeskrivelse>
            <registreringsID>2023/0101-4</registreringsID>
            <tittel>Omgjøringsbegjæring – klage på vedtak om langtidsopphold</tittel>
            <merknad>
              <merknadstekst>Klagen kom per post.</merknadstekst>
              <merknadstype>Merknad fra saksbehandler</merknadstype>
              <merknadsdato>2023-05-20T11:00:00+02:00</merknadsdato>
              <merknadRegistrertAv>Marte Sand</merknadRegistrertAv>
            </merknad>
            <korrespondansepart>
              <korrespondanseparttype>Avsender</korrespondanseparttype>
              <korrespondansepartNavn>Kari Pårørende</korrespondansepartNavn>
            </korrespondansepart>
            <journalaar>2023</journalaar>
            <journalsekvensnummer>2001</journalsekvensnummer>
            <journalpostnummer>4</journalpostnummer>
            <journalposttype>Inngående dokument</journalposttype>
            <journalstatus>Journalført</journalstatus>
            <journaldato>2023-05-20</journaldato>
            <dokumentetsDato>2023-05-18</dokumentetsDato>
            <journalenhet>SENTRAL</journalenhet>
        </registrering>
`;

/** The span of one saksmappe in the XML, by its mappeID. */
function caseSpan(xml: string, mappeId: string): [number, number] {
  const at = xml.indexOf(`<mappeID>${mappeId}</mappeID>`);
  if (at < 0) throw new Error(`no case ${mappeId}`);
  return [xml.lastIndexOf('<mappe ', at), xml.indexOf('</mappe>', at) + '</mappe>'.length];
}
function editCase(xml: string, mappeId: string, edit: (c: string) => string): string {
  const [a, b] = caseSpan(xml, mappeId);
  const edited = edit(xml.slice(a, b));
  if (edited === xml.slice(a, b)) throw new Error(`the edit of ${mappeId} changed nothing`);
  return xml.slice(0, a) + edited + xml.slice(b);
}
/** 2023/0101 with the complaint added and its saksstatus now "Avsluttet". */
const addComplaint = (xml: string) =>
  editCase(xml, '2023/0101', (c) =>
    c
      .replace(/(\s*)<saksaar>/, `\n${complaint}$1<saksaar>`)
      .replace('<saksstatus>Under behandling</saksstatus>', '<saksstatus>Avsluttet</saksstatus>'),
  );
/** 2023/0104 without its second journalpost. */
const dropJournalpost = (xml: string) =>
  editCase(xml, '2023/0104', (c) => {
    const at = c.indexOf(`<systemID>${jpOf('2023/0104-2')}</systemID>`);
    const start = c.lastIndexOf('<registrering', at);
    const end = c.indexOf('</registrering>', at) + '</registrering>'.length;
    return c.slice(0, start) + c.slice(end);
  });

function writeExtract(name: string, xml: string, extra: { path: string; content: Buffer }[] = []): string {
  const dir = join(scratch, name);
  const files: NoarkExtract['files'] = [
    { path: 'arkivstruktur.xml', content: Buffer.from(xml) },
    ...extract.files.slice(1).filter((f) => !extra.some((e) => e.path === f.path)),
    ...extra,
  ];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

const CASE_QUERY = `query ($id: ID!) { saksmappe(id: $id) { id tittel saksstatus
  journalposter { id registreringsId tittel journalstatus
    korrespondanseparter { type name } skjerming { skjermingMetadata } merknader { merknadstekst }
    documents { id fileName sha256 quarantined contentBase64 } } } }`;

async function readCase(id: string) {
  const r = await gql(ts.stack.gateway.url, CASE_QUERY, { token: archivist, variables: { id } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.saksmappe;
}

/** The earlier rows of a record, oldest first (archive.record_version, migration 011). */
async function versions(table: string, id: string) {
  return (
    await ts.tdb.db.query<{ record: Record<string, unknown>; replaced_by: string; reason: string }>(
      `SELECT record, replaced_by, reason FROM archive.record_version
        WHERE record_table = $1 AND record_key = $2 ORDER BY id`,
      [table, id],
    )
  ).rows;
}

beforeAll(async () => {
  ts = await startTestStack();
  archivist = await ts.stack.token({
    sub: 'arkivar-41',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const first = await importNoark(ts.tdb.db, writeExtract('first', ORIGINAL));
  expect(first.saksmapper).toMatchObject({ inserted: 4, quarantined: 0 });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const LATER = addComplaint(ORIGINAL);
const laterFiles = [{ path: NEW_FILE, content: NEW_PDF }];

test('a later extract adds the new journalpost with its document to the stored case and takes the new saksstatus; the earlier status is kept', async () => {
  const sak = caseOf('2023/0101');
  const s = await importNoark(ts.tdb.db, writeExtract('later', LATER, laterFiles));
  expect(s.saksmapper).toEqual({ inserted: 0, updated: 1, unchanged: 3, held: 0, quarantined: 0 });
  expect(s.journalposter).toBe(1);
  expect(s.documents).toEqual({ stored: 1, quarantined: 0 });
  expect(s.laterExtract).toEqual({
    journalposterAdded: 1,
    recordsUpdated: 1,
    conflicts: 0,
    changedDocuments: 0,
    notInExtract: 0,
    screeningApplied: 0,
    olderExtract: 0,
    partiesCorrected: 0,
    partiesRemoved: 0,
    partiesVanished: 0,
  });
  expect((await ts.tdb.db.query('SELECT ref, reason FROM archive.quarantine')).rows).toEqual([]);

  // Read through the gateway as an archivist: the complaint is a journalpost of the case, with
  // its sender, screening, merknad and verified letter; the case has its new status.
  const c = await readCase(sak);
  expect(c.saksstatus).toBe('Avsluttet');
  expect(c.journalposter.map((j: { registreringsId: string }) => j.registreringsId)).toEqual([
    '2023/0101-1',
    '2023/0101-2',
    '2023/0101-3',
    '2023/0101-4',
  ]);
  expect(c.journalposter[3]).toEqual({
    id: NEW_JP,
    registreringsId: '2023/0101-4',
    tittel: 'Omgjøringsbegjæring – klage på vedtak om langtidsopphold',
    journalstatus: 'Journalført',
    korrespondanseparter: [{ type: 'Avsender', name: 'Kari Pårørende' }],
    skjerming: { skjermingMetadata: ['Skjerming navn avsender'] },
    merknader: [{ merknadstekst: 'Klagen kom per post.' }],
    documents: [
      {
        id: NEW_DO,
        fileName: NEW_FILE,
        sha256: sha(NEW_PDF),
        quarantined: false,
        contentBase64: NEW_PDF.toString('base64'),
      },
    ],
  });

  // Queued for search like a first import's journalposter: found after the indexer ran.
  await ts.stack.index();
  const found = await gql(
    ts.stack.gateway.url,
    `{ search(query: "omgjøringsbegjæring", kinds: ["journalpost"], expand: false) { backend hits { registreringsId saksmappe { id } } } }`,
    { token: archivist },
  );
  expect(found.body.errors).toBeUndefined();
  expect(found.body.data.search.backend).toBe('elasticsearch');
  expect(found.body.data.search.hits).toEqual([{ registreringsId: '2023/0101-4', saksmappe: { id: sak } }]);

  // The løpende journal of that day lists it.
  const journal = await gql(
    ts.stack.gateway.url,
    `{ loependeJournal(from: "2023-05-20", to: "2023-05-20") { entries { registreringsId } } }`,
    { token: archivist },
  );
  expect(journal.body.errors).toBeUndefined();
  expect(journal.body.data.loependeJournal.entries).toContainEqual({ registreringsId: '2023/0101-4' });

  // The row the update replaced is kept, naming the import and why.
  expect(await versions('saksmappe', sak)).toEqual([
    {
      record: expect.objectContaining({ id: sak, saksstatus: 'Under behandling' }),
      replaced_by: 'import-noark',
      reason: 'changed in a later extract',
    },
  ]);
});

test('the same later extract again changes nothing (idempotent)', async () => {
  const before = await archiveSnapshot(ts.tdb.db);
  const kept = (await ts.tdb.db.query('SELECT count(*)::int AS n FROM archive.record_version')).rows[0];
  const s = await importNoark(ts.tdb.db, writeExtract('later-again', LATER, laterFiles));
  expect(s.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 4, held: 0, quarantined: 0 });
  expect(s.laterExtract).toEqual({
    journalposterAdded: 0,
    recordsUpdated: 0,
    conflicts: 0,
    changedDocuments: 0,
    notInExtract: 0,
    screeningApplied: 0,
    olderExtract: 0,
    partiesCorrected: 0,
    partiesRemoved: 0,
    partiesVanished: 0,
  });
  expect(await archiveSnapshot(ts.tdb.db)).toEqual(before);
  expect((await ts.tdb.db.query('SELECT count(*)::int AS n FROM archive.record_version')).rows[0]).toEqual(
    kept,
  );
});

test('a journalpost a later extract no longer has stays stored, and is counted', async () => {
  const gone = jpOf('2023/0104-2');
  const s = await importNoark(ts.tdb.db, writeExtract('without', dropJournalpost(LATER), laterFiles));
  expect(s.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 4, held: 0, quarantined: 0 });
  expect(s.laterExtract.notInExtract).toBe(1);
  const c = await readCase(caseOf('2023/0104'));
  expect(c.journalposter.map((j: { id: string }) => j.id)).toContain(gone);
  expect(c.journalposter[1].documents[0].quarantined).toBe(false);
});

test("an archivist's changeTittel, then a source title change: ours is kept, the source's record is quarantined with a reason naming the conflict", async () => {
  const sak = caseOf('2023/0102');
  const ours = 'Innsyn – tittel rettet av arkivet';
  const ch = await gql(
    ts.stack.gateway.url,
    'mutation ($id: ID!, $t: String!) { changeTittel(id: $id, tittel: $t) { id } }',
    { token: archivist, variables: { id: sak, t: ours } },
  );
  expect(ch.body.errors).toBeUndefined();
  // First the source changes only the title of the case's first journalpost (not changed here):
  // taken; the case's title, changed here and not by the source, stays ours without a conflict.
  const jpChanged = editCase(dropJournalpost(LATER), '2023/0102', (c) =>
    c.replace(
      /(<registreringsID>2023\/0102-1<\/registreringsID>\s*<tittel>)[^<]*/,
      '$1Søknad – ny tittel i kilden',
    ),
  );
  const first = await importNoark(ts.tdb.db, writeExtract('jp-changed', jpChanged, laterFiles));
  expect(first.saksmapper).toEqual({ inserted: 0, updated: 1, unchanged: 3, held: 0, quarantined: 0 });
  expect(first.laterExtract).toMatchObject({ recordsUpdated: 1, conflicts: 0 });
  let c = await readCase(sak);
  expect(c.tittel).toBe(ours);
  expect(c.journalposter[0].tittel).toBe('Søknad – ny tittel i kilden');
  expect(await versions('saksmappe', sak)).toEqual([
    expect.objectContaining({ replaced_by: 'arkivar-41', reason: 'title changed' }),
  ]);
  expect(await versions('journalpost', jpOf('2023/0102-1'))).toEqual([
    expect.objectContaining({ replaced_by: 'import-noark', reason: 'changed in a later extract' }),
  ]);

  // Then the source changes the case's title too: ours is kept, the source's saksmappe quarantined.
  const xml = editCase(jpChanged, '2023/0102', (x) =>
    x.replace(/(<mappeID>2023\/0102<\/mappeID>\s*<tittel>)[^<]*/, '$1Kildens nye tittel på saken'),
  );
  const dir = writeExtract('conflict', xml, laterFiles);
  const s = await importNoark(ts.tdb.db, dir);
  expect(s.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 3, held: 1, quarantined: 0 });
  expect(s.laterExtract).toMatchObject({ recordsUpdated: 0, conflicts: 1 });
  c = await readCase(sak);
  expect(c.tittel).toBe(ours);

  const q = await gql(ts.stack.gateway.url, '{ archiveQuarantine { ref reason rawSize } }', {
    token: archivist,
  });
  expect(q.body.errors).toBeUndefined();
  const rows = (q.body.data.archiveQuarantine as { ref: string; reason: string }[]).filter(
    (r) => r.ref === 'mappe 2023/0102',
  );
  expect(rows).toEqual([
    {
      ref: 'mappe 2023/0102',
      reason: expect.stringMatching(
        new RegExp(
          `^conflict: saksmappe ${sak} was changed in Helsespor since it was imported \\(title changed, by arkivar`,
        ),
      ),
      rawSize: expect.any(Number),
    },
  ]);
  expect(rows[0]!.reason).toMatch(/tittel/);
  expect(rows[0]!.reason).toMatch(/the change made here is kept/);

  // Again: the same conflict, nothing new.
  const again = await importNoark(ts.tdb.db, dir);
  expect(again.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 4, held: 0, quarantined: 0 });
  expect(
    (await ts.tdb.db.query("SELECT 1 FROM archive.quarantine WHERE ref = 'mappe 2023/0102'")).rowCount,
  ).toBe(1);
  expect((await readCase(sak)).tittel).toBe(ours);
});

test('a changed dokumentobjekt under a stored systemID is quarantined with its bytes; the stored bytes stay', async () => {
  const path = 'DOKUMENT/2023-0103-1.pdf';
  const stored = extract.files.find((f) => f.path === path)!.content;
  const changed = Buffer.from('%PDF-1.4\n% en annen fil under samme systemID\n%%EOF\n');
  const xml = editCase(dropJournalpost(LATER), '2023/0103', (c) =>
    c
      .replace(`<sjekksum>${sha(stored)}</sjekksum>`, `<sjekksum>${sha(changed)}</sjekksum>`)
      .replace(
        new RegExp(`(<referanseDokumentfil>${path}</referanseDokumentfil>[\\s\\S]*?<filstoerrelse>)\\d+`),
        `$1${changed.length}`,
      ),
  );
  const s = await importNoark(
    ts.tdb.db,
    writeExtract('changed-doc', xml, [...laterFiles, { path, content: changed }]),
  );
  expect(s.laterExtract).toMatchObject({ changedDocuments: 1 });
  const q = (
    await ts.tdb.db.query<{ ref: string; reason: string; raw: Buffer }>(
      "SELECT ref, reason, raw FROM archive.quarantine WHERE ref LIKE 'dokumentobjekt%'",
    )
  ).rows;
  expect(q).toHaveLength(1);
  expect(q[0]!.ref).toMatch(new RegExp(`^dokumentobjekt [0-9a-f-]+ \\(${path}\\)$`));
  expect(q[0]!.reason).toMatch(/is stored with other content/);
  expect(q[0]!.reason).toMatch(/versjonsnummer/);
  expect(q[0]!.raw.equals(changed)).toBe(true);
  const now = (
    await ts.tdb.db.query<{ content: Buffer; sjekksum: string }>(
      'SELECT content, sjekksum FROM archive.dokumentobjekt WHERE referanse_dokumentfil = $1',
      [path],
    )
  ).rows;
  expect(now).toHaveLength(1);
  expect(now[0]!.content.equals(stored)).toBe(true);
  expect(now[0]!.sjekksum).toBe(sha(stored));
});
