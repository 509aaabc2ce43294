/**
 * Hardening review s41b of the work of review s41 (later Noark extracts, the evidence bundle's
 * document files, the coercion approval's versions), on real PostgreSQL through the importers
 * and stores directly, and the bundle writer with a stub document reader. The name says what
 * must hold, the parenthesis what happened before the fix.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { unzipAll } from '../dev/zip';
import { importNoark } from '../subgraphs/archive/noark/import';
import { changeTittel } from '../subgraphs/archive/store';
import type { BundleItem, DocumentReader } from '../lib/bundle/types';
import { verifyBundle } from '../lib/bundle/verify';
import { writeBundle } from '../lib/bundle/write';
import { decisionsByIds, insertDecisions } from '../subgraphs/coercion/store';
import { forVerdict } from '../subgraphs/coercion/evaluate';
import { decisionProblems, unreviewedRevision } from '../subgraphs/coercion/verdict';
import { makeSyntheticNationalId } from '../lib/national-id';
import { archiveDocumentReader, bundleItem } from '../subgraphs/dossier/bundle-source';
import type { OwnerClient } from '../subgraphs/dossier/client';
import type { DossierItem } from '../subgraphs/dossier/types';
import { readFileSync } from 'node:fs';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { coercionSubgraph } from '../subgraphs/coercion';
import { journalSubgraph } from '../subgraphs/journal';
import { NOTES_HEADER, VEDTAK_HEADER, gericaFolder, noteRow, serviceRow } from '../dev/gerica-rows';
import { runImport } from '../subgraphs/journal/import/run';

let tdb: TestDatabase;
const scratch = mkdtempSync(join(tmpdir(), 'hs-s41b-'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  for (const s of [journalSubgraph, archiveSubgraph, coercionSubgraph]) await migrateSubgraph(tdb.db, s);
}, 120_000);
afterAll(async () => {
  await tdb?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

// ------------------------------------------------------------------ Noark later extracts

/**
 * A Noark extract of its own: own systemIDs (the seed), and own mappeIDs and case numbers (the
 * year), so that each test imports cases of its own into the one database.
 */
function noark(seed: number, year: number) {
  const extract = generateNoarkExtract({ seed, saksmapper: 2 });
  const xml = extract.files[0]!.content.toString('utf8')
    .replace(/2023\/01/g, `${year}/01`)
    .replace(/<saksaar>2023<\/saksaar>/g, `<saksaar>${year}</saksaar>`);
  const write = (name: string, body: string) => {
    const dir = join(scratch, name);
    const files: NoarkExtract['files'] = [
      { path: 'arkivstruktur.xml', content: Buffer.from(body) },
      ...extract.files.slice(1),
    ];
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    return dir;
  };
  return { extract, xml, write };
}

/** The span of a journalpost (registrering) in the XML, by its systemID. */
function jpSpan(xml: string, systemId: string): [number, number] {
  const at = xml.indexOf(`<systemID>${systemId}</systemID>`);
  if (at < 0) throw new Error(`no journalpost ${systemId}`);
  return [
    xml.lastIndexOf('<registrering', at),
    xml.indexOf('</registrering>', at) + '</registrering>'.length,
  ];
}

describe('Noark 5 later extract: a change made here and undone is no conflict', () => {
  it("a journalpost whose title an archivist changed and changed back (changeTittel twice) takes the source's later title, as one never changed here does (it was quarantined as a conflict with 'the change made here', which the stored record no longer held, and so on every later extract)", async () => {
    const { extract, xml, write } = noark(4101, 2031);
    expect((await importNoark(tdb.db, write('revert-first', xml))).saksmapper).toMatchObject({
      inserted: 2,
      quarantined: 0,
    });
    const jp = extract.facts.journalposter[0]!;
    const stored = (
      await tdb.db.query<{ tittel: string; offentlig_tittel: string | null }>(
        'SELECT tittel, offentlig_tittel FROM archive.journalpost WHERE id = $1',
        [jp.id],
      )
    ).rows[0]!;
    // The archivist corrects the title, then undoes it: the record is as the import left it.
    expect(await changeTittel(tdb.db, jp.id, 'Feil rettet', undefined, 'arkivar-s41b')).toBeTruthy();
    await changeTittel(tdb.db, jp.id, stored.tittel, stored.offentlig_tittel, 'arkivar-s41b');

    const [a, b] = jpSpan(xml, jp.id);
    const block = xml.slice(a, b);
    // The journalpost's own title (after its registreringsID; its dokumentbeskrivelse has one too).
    const changed = block.replace(/(<\/registreringsID>\s*<tittel>)[^<]*/, '$1Kildens nye tittel');
    expect(changed).not.toBe(block);
    const s = await importNoark(tdb.db, write('revert-later', xml.slice(0, a) + changed + xml.slice(b)));
    expect(s.laterExtract).toMatchObject({ recordsUpdated: 1, conflicts: 0 });
    expect(
      (await tdb.db.query('SELECT tittel FROM archive.journalpost WHERE id = $1', [jp.id])).rows[0],
    ).toEqual({ tittel: 'Kildens nye tittel' });
    expect(
      (await tdb.db.query("SELECT reason FROM archive.quarantine WHERE reason LIKE 'conflict:%'")).rows,
    ).toEqual([]);
    // Every row replaced is kept: the import's, the archivist's two.
    expect(
      (
        await tdb.db.query<{ replaced_by: string }>(
          `SELECT replaced_by FROM archive.record_version WHERE record_table = 'journalpost' AND record_key = $1 ORDER BY id`,
          [jp.id],
        )
      ).rows.map((r) => r.replaced_by),
    ).toEqual(['arkivar-s41b', 'arkivar-s41b', 'import-noark']);
  });
});

describe('Noark 5 later extract: a journalpostnummer the case has already is refused by name', () => {
  it('a new journalpost under a number a stored journalpost of the case keeps (one the extract no longer has) quarantines the case with a reason naming the number and both journalposts, the stored case unchanged (it was "could not be stored: duplicate key value violates unique constraint …")', async () => {
    const { extract, xml, write } = noark(4102, 2032);
    expect((await importNoark(tdb.db, write('number-first', xml))).saksmapper).toMatchObject({
      inserted: 2,
      quarantined: 0,
    });
    const old = extract.facts.journalposter.find((j) => /-2$/.test(j.registreringsId))!;
    const [a, b] = jpSpan(xml, old.id);
    const block = xml.slice(a, b);
    // The source removed journalpost 2 and registered another under its number (new systemIDs).
    const newId = randomUUID();
    let fresh = block.replace(`<systemID>${old.id}</systemID>`, `<systemID>${newId}</systemID>`);
    for (const m of [...block.matchAll(/<systemID>([^<]+)<\/systemID>/g)].slice(1))
      fresh = fresh.replace(`<systemID>${m[1]}</systemID>`, `<systemID>${randomUUID()}</systemID>`);
    const caseOf = (
      await tdb.db.query<{ id: string }>('SELECT saksmappe_id AS id FROM archive.journalpost WHERE id = $1', [
        old.id,
      ])
    ).rows[0]!.id;
    const count = async () =>
      (
        await tdb.db.query('SELECT count(*)::int AS n FROM archive.journalpost WHERE saksmappe_id = $1', [
          caseOf,
        ])
      ).rows[0];
    const before = await count();
    const s = await importNoark(tdb.db, write('number-later', xml.slice(0, a) + fresh + xml.slice(b)));
    expect(s.saksmapper).toMatchObject({ quarantined: 1 });
    const q = (
      await tdb.db.query<{ reason: string }>(
        `SELECT reason FROM archive.quarantine WHERE source_file = 'arkivstruktur.xml' AND reason LIKE '%journalpostnummer%'`,
      )
    ).rows;
    expect(q).toHaveLength(1);
    expect(q[0]!.reason).toContain(`journalpost ${newId}`);
    expect(q[0]!.reason).toContain(`journalpost ${old.id}`);
    expect(q[0]!.reason).not.toMatch(/duplicate key/);
    expect(await count()).toEqual(before);
  });
});

describe('Noark 5 later extract: a journalpost moved to a new saksmappe', () => {
  it('a new saksmappe whose journalposter are stored under another case is quarantined whole with a reason naming the journalpost and the case it is stored under, as a stored case is (the reason was PostgreSQL\'s "duplicate key value violates unique constraint journalpost_pkey")', async () => {
    const { extract, xml, write } = noark(4103, 2033);
    expect((await importNoark(tdb.db, write('moved-first', xml))).saksmapper).toMatchObject({
      inserted: 2,
      quarantined: 0,
    });
    // The source split the case: its journalposter now also in a new saksmappe (new systemID,
    // mappeID and number), the old case as it was.
    const sak = extract.facts.saksmapper[0]!;
    const at = xml.indexOf(`<mappeID>2033/0101</mappeID>`);
    const a = xml.lastIndexOf('<mappe ', at);
    const b = xml.indexOf('</mappe>', at) + '</mappe>'.length;
    const newCase = randomUUID();
    const copy = xml
      .slice(a, b)
      .replace(`<systemID>${sak.id}</systemID>`, `<systemID>${newCase}</systemID>`)
      .replace('<mappeID>2033/0101</mappeID>', '<mappeID>2033/0199</mappeID>')
      .replace(/<sakssekvensnummer>\d+<\/sakssekvensnummer>/, '<sakssekvensnummer>199</sakssekvensnummer>');
    const s = await importNoark(tdb.db, write('moved-later', xml.slice(0, b) + copy + xml.slice(b)));
    expect(s.saksmapper).toMatchObject({ inserted: 0, quarantined: 1 });
    const q = (
      await tdb.db.query<{ reason: string }>(
        `SELECT reason FROM archive.quarantine WHERE ref = 'mappe 2033/0199'`,
      )
    ).rows;
    expect(q).toHaveLength(1);
    expect(q[0]!.reason).toMatch(
      new RegExp(`^journalpost [0-9a-f-]+ is stored under another saksmappe \\(${sak.id}\\)`),
    );
  });
});

// ------------------------------------------------------------------ Evidence bundle documents

const LETTER = Buffer.from('%PDF-1.4\n% brevet\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Evidence bundle: a document file name in the ZIP is whole characters, short enough to extract', () => {
  it('a long file name of letters outside the BMP or of CJK letters gives a ZIP entry of whole UTF-8 characters and at most 200 bytes in its last part, and verify-bundle passes the bundle (the name was cut inside a surrogate pair: the ZIP entry and the manifest named different files and verify-bundle failed; a name of 100 CJK letters was over 300 bytes, over the 255 bytes a file name may have on ext4, APFS and NTFS)', async () => {
    const names = {
      astral: `DOKUMENT/${'a'.repeat(95)}${'\u{1D49C}'.repeat(10)}.pdf`,
      cjk: `DOKUMENT/${'\u4e2d'.repeat(300)}.pdf`,
    };
    const items: BundleItem[] = Object.entries(names).map(([id, fileName]) => ({
      id,
      kind: 'archive_document',
      date: '2023-03-05',
      sourceSystem: 'SAKARKIV',
      sourceId: fileName,
      title: `Dokument ${id}`,
      document: { ref: id, fileName, sha256: sha(LETTER), bytes: LETTER.length },
    }));
    const reader: DocumentReader = {
      async file(_ref, dest) {
        writeFileSync(dest, LETTER);
        return { written: true };
      },
      async text() {
        return { status: 'DONE', pages: [{ page: 1, origin: 'PDF_TEXT', text: 'Brev.' }] };
      },
    };
    const out = join(scratch, 'names.zip');
    const r = await writeBundle({
      request: {
        matter: 'M-1',
        requester: 'Tingretten',
        purpose: 'LEGAL_PROCEEDINGS',
        window: { from: null, to: null },
        query: 'alle',
      },
      builder: { userId: 'u', role: 'legal', requestId: 'r-1', via: 'test' },
      completeness: { sources: [{ sourceSystem: 'SAKARKIV', 'poster i vinduet': 2 }] },
      out,
      items: (async function* () {
        yield* items;
      })(),
      documents: reader,
    });
    const docs = r.files.map((f) => f.name).filter((n) => n.startsWith('documents/'));
    expect(docs).toHaveLength(2);
    for (const n of docs) {
      expect(n).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(Buffer.byteLength(n.split('/').pop()!)).toBeLessThanOrEqual(200);
      expect(n).toMatch(/\.pdf$/);
    }
    const v = await verifyBundle(out, { seal: r.manifestSha256 });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    const files = await unzipAll(out);
    for (const n of docs) expect(files.get(n)).toEqual(LETTER);
  });
});

describe('Evidence bundle: a document with a withheld passage is not given as its file (pbrl. § 5-1 andre ledd, fvl. § 13)', () => {
  it('a document item with a passage withheld (text or range) has no file in the ZIP, its item saying why, and its text is printed with the passage withheld; the file is not read (the original file went into documents/ whole, the withheld passage in it, while the PDF showed it withheld)', async () => {
    const THIRD = 'Naboen Kari Nilsen ringte.';
    const text: Record<string, string> = {
      'by-text': `Søknad om plass. ${THIRD}`,
      plain: 'Vedtak om plass.',
    };
    const letter = (id: string) => Buffer.from(`%PDF-1.4\n% ${text[id]}\n%%EOF\n`);
    const read: string[] = [];
    const reader: DocumentReader = {
      async file(ref, dest) {
        read.push(`file ${ref}`);
        writeFileSync(dest, letter(ref));
        return { written: true };
      },
      async text(ref) {
        read.push(`text ${ref}`);
        return { status: 'DONE', pages: [{ page: 1, origin: 'PDF_TEXT', text: text[ref]! }] };
      },
    };
    const item = (id: string): BundleItem => ({
      id,
      kind: 'archive_document',
      date: '2023-03-05',
      sourceSystem: 'SAKARKIV',
      sourceId: `DOKUMENT/${id}.pdf`,
      title: `Dokument ${id}`,
      document: {
        ref: id,
        fileName: `DOKUMENT/${id}.pdf`,
        sha256: sha(letter(id)),
        bytes: letter(id).length,
      },
    });
    const GROUND = 'opplysninger om tredjeperson, pbrl. § 5-1 andre ledd';
    const out = join(scratch, 'passage.zip');
    const r = await writeBundle({
      request: {
        matter: 'M-1',
        requester: 'Advokat for klager',
        purpose: 'LEGAL_PROCEEDINGS',
        window: { from: null, to: null },
        query: 'alle',
      },
      builder: { userId: 'u', role: 'legal', requestId: 'r-2', via: 'test' },
      completeness: { sources: [{ sourceSystem: 'SAKARKIV', 'poster i vinduet': 2 }] },
      out,
      items: (async function* () {
        yield item('by-text');
        yield item('plain');
      })(),
      withheld: [{ itemId: 'by-text', ground: GROUND, text: THIRD }],
      documents: reader,
    });
    expect((await verifyBundle(out, { seal: r.manifestSha256 })).ok).toBe(true);
    const files = await unzipAll(out);
    expect([...files.keys()].filter((n) => n.startsWith('documents/'))).toEqual([
      'documents/HS-1-D000002-plain.pdf',
    ]);
    for (const [name, bytes] of files)
      expect(`${name}: ${bytes.includes(THIRD) ? 'has' : 'lacks'} it`).toBe(`${name}: lacks it`);
    const items = JSON.parse(files.get('items.json')!.toString('utf8')).items;
    const withheld = items.find((i: { id: string }) => i.id === 'by-text');
    expect(withheld.document).toMatchObject({ file: null, missing: 'tilbakeholdt' });
    expect(withheld.text).toContain('Søknad om plass.');
    expect(withheld.text).toContain(`[TILBAKEHOLDT: ${GROUND}]`);
    expect(read).not.toContain('file by-text');
  });
});

describe('Evidence bundle: two builds to one path at once (pasientjournalforskriften § 14)', () => {
  it("the build that does not get the path is refused before its access-log row is written: one bundle, one row naming it (both builds wrote the row naming their bundle and seal, and the second was then refused 'exists': the log named a bundle nobody has)", async () => {
    const out = join(scratch, 'same.zip');
    const logged: string[] = [];
    const build = () =>
      writeBundle({
        request: {
          matter: 'M-1',
          requester: 'Tingretten',
          purpose: 'LEGAL_PROCEEDINGS',
          window: { from: null, to: null },
          query: 'alle',
        },
        builder: { userId: 'u', role: 'legal', requestId: 'r-3', via: 'test' },
        completeness: { sources: [{ sourceSystem: 'SAKARKIV', 'poster i vinduet': 1 }] },
        out,
        items: (async function* () {
          yield {
            id: 'n1',
            kind: 'journal_entry',
            date: '2023-03-05',
            sourceSystem: 'HP',
            sourceId: 'x',
            text: 'Et notat.',
          };
        })(),
        beforePublish: async (r) => {
          logged.push(r.bundleId);
        },
      });
    const results = await Promise.allSettled([build(), build()]);
    const done = results.filter((x) => x.status === 'fulfilled');
    const refused = results.filter((x) => x.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/never replaces a file/);
    expect(logged).toEqual([(done[0] as PromiseFulfilledResult<{ bundleId: string }>).value.bundleId]);
    expect((await verifyBundle(out)).ok).toBe(true);
  });
});

describe('Evidence bundle: a document is read from the archive under its own ids', () => {
  it("a journalpost or dokumentobjekt whose systemID holds a '/' (an extract's systemID is any text) is asked of the archive by its whole ids, and its file is in the bundle (the reference was split at each '/': the archive was asked for another id, and the bundle said of a stored document 'arkivet finner ikke dokumentet lenger')", async () => {
    const jp = 'JP/2023/7';
    const docId = 'DO/1';
    const asked: unknown[] = [];
    const client = {
      async answer(_owner: string, _query: string, vars: { jp: string; doc: string }) {
        asked.push(vars);
        return {
          data: {
            journalpost:
              vars.jp === jp
                ? {
                    documents: [{ id: docId, contentBase64: LETTER.toString('base64') }].filter(
                      (d) => d.id === vars.doc,
                    ),
                  }
                : null,
          },
        };
      },
    } as unknown as OwnerClient;
    const item = bundleItem({
      id: `ARCHIVE_DOCUMENT:${docId}`,
      kind: 'ARCHIVE_DOCUMENT',
      recordId: docId,
      at: '2023-03-05',
      date: '2023-03-05',
      end: null,
      recordedAt: null,
      sourceSystem: 'SAKARKIV',
      sourceId: 'DOKUMENT/brev.pdf',
      title: 'Brev',
      text: null,
      author: null,
      unit: null,
      provenance: { migratedFrom: null, copies: [], corrections: [], file: null },
      concepts: [],
      tombstone: null,
      details: [],
      links: [],
      file: {
        journalpostId: jp,
        documentId: docId,
        fileName: 'DOKUMENT/brev.pdf',
        sha256: sha(LETTER),
        size: LETTER.length,
        quarantined: false,
      },
    } as unknown as DossierItem);
    const dest = join(scratch, 'slash.bin');
    const got = await archiveDocumentReader(client).file(item.document!.ref, dest);
    expect(asked).toEqual([{ jp, doc: docId }]);
    expect(got).toEqual({ written: true });
    expect(readFileSync(dest)).toEqual(LETTER);
  });
});

// ------------------------------------------------------------------ Coercion approval versions

describe("Coercion: what Statsforvalteren's approval covers is read from the decision's own versions (hol. § 9-8)", () => {
  it("a kept row of another source's or another person's record under the decision's id is not a version of it: an execution of a measure the decision has had since it was approved stays VALID, no widening is found, as CoercionDecision.history numbers them (the rows were read by id alone: the other record's measures were taken as the version approved, and the decision's own measure was NOT_YET_APPROVED)", async () => {
    const nid = makeSyntheticNationalId('1979-05-03', 241, false);
    const other = makeSyntheticNationalId('1981-02-11', 242, true);
    await insertDecisions(tdb.db, [
      {
        id: 'TVD-S41B-1',
        patientNid: nid,
        legalBasis: 'hol-9-5b',
        measures: ['låst ytterdør', 'alarm på dør'],
        validFrom: '2023-01-01',
        validTo: '2023-12-31',
        decidedAt: '2022-12-01T10:00:00+01:00',
        approvedAt: '2022-12-20T00:00:00+01:00',
        sourceSystem: 'HELSEPLATTFORMEN',
        sourceId: 'TVD-S41B-1',
      },
    ]);
    // A row kept of another record under the same id (before migration 016 an upsert by id
    // replaced another source's record, and before review s31 a decision moved between persons).
    const row = (
      await tdb.db.query<{ r: Record<string, unknown> }>(
        "SELECT to_jsonb(d) AS r FROM coercion.decision d WHERE id = 'TVD-S41B-1'",
      )
    ).rows[0]!.r;
    for (const foreign of [
      { ...row, source_system: 'GERICA', source_id: 'V-77', measures: ['låst ytterdør'] },
      { ...row, patient_nid: other, measures: ['låst ytterdør'] },
    ])
      await tdb.db.query(
        `INSERT INTO coercion.record_version (record_table, record_key, record, replaced_by, reason)
         VALUES ('decision', 'TVD-S41B-1', $1::jsonb, 'import', 'changed in a later export')`,
        [JSON.stringify(foreign)],
      );
    const [d] = await decisionsByIds(tdb.db, ['TVD-S41B-1']);
    const v = forVerdict(d!);
    expect(unreviewedRevision(v, 'alarm på dør', '2023-03-01')).toBeNull();
    expect(decisionProblems(v).filter((p) => /wider than version/.test(p))).toEqual([]);
  });
});

// ------------------------------------------------------------------ Journal: what a source says of its patient

describe('Journal: what a source says of its patient (migration 029; pasientjournalloven § 22)', () => {
  it("Gerica's vedtak.csv, which has no name column, does not say the patient has no name: after journalnotater.csv and then vedtak.csv the Gerica record's statement keeps the name the notes gave, no version is kept for it, and importing both again keeps none (the vedtak import replaced the statement with an empty name, differsIn named the name, and each later pair of imports kept two more versions)", async () => {
    const fnr = makeSyntheticNationalId('1951-04-17', 331, true);
    const notes = gericaFolder(scratch, 'g-names', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('4100001', '78001', fnr, 'Et notat.')],
    });
    const vedtak = gericaFolder(scratch, 'v-names', {
      'vedtak.csv': [VEDTAK_HEADER, serviceRow('V-2015-411', '78001', fnr, 'Behov for hjelp.')],
    });
    const said = async () =>
      (
        await tdb.db.query<{ d: Record<string, unknown> }>(
          `SELECT source_details AS d FROM journal.patient_identity WHERE source_system = 'GERICA' AND local_id = '78001'`,
        )
      ).rows[0]?.d;
    const versions = async () =>
      (
        await tdb.db.query(
          `SELECT 1 FROM journal.record_version WHERE record_table = 'patient_identity' AND record_key = 'GERICA|78001'`,
        )
      ).rowCount;
    await runImport(tdb.db, 'gerica', notes);
    const named = await said();
    expect(named).toMatchObject({ familyName: 'Sporvik', givenName: 'Tone' });
    await runImport(tdb.db, 'gerica-vedtak', vedtak);
    expect(await said()).toEqual(named);
    expect(await versions()).toBe(0);
    await runImport(tdb.db, 'gerica', notes);
    await runImport(tdb.db, 'gerica-vedtak', vedtak);
    expect(await said()).toEqual(named);
    expect(await versions()).toBe(0);
  });
});
