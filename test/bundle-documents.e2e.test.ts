/**
 * The evidence bundle holds the archive documents themselves (review s41: it listed them as
 * metadata only, title, file name and SHA-256, and a judge cannot read "document X exists").
 * Real PostgreSQL and Elasticsearch, through the gateway: a Noark 5 extract with a text PDF, a
 * scanned letter (an image-only PDF, read by OCR when Tesseract and its Norwegian model are on
 * the machine), a document withheld whole, a quarantined document (its file did not match the
 * extract's checksum) and a second text PDF; a legal user's bundle of the case's party. Then:
 * each readable document's file is in the ZIP under documents/, its bytes' SHA-256 the
 * archive's stored checksum and the manifest's (not the one with a withheld passage: its original
 * holds the passage (review s41b); it has a redacted copy instead, stop 42); verify-bundle passes, and names a document file changed in the ZIP; the PDF prints each document's text page by page with its origin
 * ("tekstlag", "OCR, konfidens NN"), withheld passages removed; the quarantined and the
 * withheld document have no file and their items say why, as the completeness statement counts
 * them; every document read is in the archive's access log under the person.
 * Sources: pasientjournalloven § 22 and pasientjournalforskriften § 14 (every read logged),
 * pasient- og brukerrettighetsloven § 5-1 andre ledd (withheld passages and documents).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { generateDataset, generateNoarkExtract } from '../dev/generator';
import { loadDataset } from '../dev/load-dataset';
import { imagePdf, textPdf } from '../dev/pdf';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';
import { unzipAll, zipAll } from '../dev/zip';
import { verifyBundle } from '../lib/bundle/verify';
import { startStack, type Stack } from '../scripts/stack';
import { ocrTools } from '../subgraphs/archive/doctext/ocr';
import { importNoark } from '../subgraphs/archive/noark/import';

const scratch = mkdtempSync(join(tmpdir(), 'helsespor-bundle-docs-'));
const bundleDir = join(scratch, 'bundles');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Norwegian text rendered by pdftoppm as a greyscale JPEG: what a scanner gives. */
function scan(lines: string[]): Buffer {
  const src = join(scratch, 'scan-src.pdf');
  writeFileSync(src, textPdf([lines], { fontSize: 18 }));
  const out = join(scratch, 'scan');
  execFileSync('pdftoppm', ['-r', '150', '-gray', '-jpeg', '-singlefile', src, out]);
  return readFileSync(`${out}.jpg`);
}

const ds = generateDataset({ seed: 41, patients: 2 });
const person = { nationalId: ds.patients[0]!.nationalId!, name: `${ds.patients[0]!.givenName} Dahl` };
const THIRD_PARTY = 'Naboen Kari Nilsen ringte inn bekymringen.';
const GROUND = 'opplysninger om tredjeperson, pbrl. § 5-1 andre ledd';

/** Case 1 (the person's): three letters; case 2 (the person's too): a quarantined one and a decision. */
const files: Record<string, { content: Buffer; ext: string }> = {
  '1-1': {
    content: textPdf([
      ['Søknad om langtidsopphold', 'Datteren skriver at moren ikke lenger klarer seg hjemme.', THIRD_PARTY],
      ['Side 2: Hun ber om plass på sykehjem snarest.'],
    ]),
    ext: 'pdf',
  },
  '1-2': { content: imagePdf([scan(['Vedtak om avslag på', 'langtidsopphold i sykehjem.'])]), ext: 'pdf' },
  '1-3': { content: textPdf([['Intern vurdering som holdes tilbake i sin helhet.']]), ext: 'pdf' },
  '2-1': { content: textPdf([['Klage på vedtaket, sendt til Statsforvalteren.']]), ext: 'pdf' },
};

const extract = generateNoarkExtract({
  seed: 41,
  saksmapper: 2,
  clients: [person, person],
  documentFile: ({ sak, journalpost }) => files[`${sak}-${journalpost}`],
});

function writeExtract(): string {
  const dir = join(scratch, 'extract');
  for (const f of extract.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    // 2-1: the file on disk is not the one the extract's checksum names: quarantined at import.
    const content = f.path.endsWith('-0102-1.pdf')
      ? Buffer.concat([f.content, Buffer.from('\n% endret\n')])
      : f.content;
    writeFileSync(join(dir, f.path), content);
  }
  return dir;
}

const EXPORT = `mutation($input: ExportBundleInput!) {
  exportBundle(input: $input) { id path manifestSha256 items }
}`;

interface Doc {
  id: string;
  ref: string;
  sha256: string;
  quarantined: boolean;
}

let tdb: TestDatabase;
let stack: Stack;
let legal: string;
let patientId: string;
let ocr: boolean;
const prefix = testIndexPrefix();
/** By the extract's file name's tail: 1-1, 1-2, … */
const docs = new Map<string, Doc>();
let bundle: { id: string; path: string; manifestSha256: string; items: number };
let zip: Map<string, Buffer>;
let items: any[];
let requestId: string;

beforeAll(async () => {
  const tools = await ocrTools();
  ocr = tools.tesseract && tools.pdftoppm && tools.languages.includes('nor');
  tdb = await createTestDatabase();
  stack = await startStack(
    testConfig({
      databaseUrl: tdb.url,
      elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
      esIndexPrefix: prefix,
      bundleDir,
    }),
    { db: tdb.db, indexerIntervalMs: 3_600_000, extractorIntervalMs: 3_600_000 },
  );
  await loadDataset(stack.db, ds);
  const imported = await importNoark(stack.db, writeExtract());
  expect(imported.documents.quarantined).toBe(1);
  await stack.extractDocuments();
  await stack.index();
  for (const r of (
    await tdb.db.query<{ id: string; ref: string; sjekksum: string; quarantined: boolean }>(
      `SELECT id, referanse_dokumentfil AS ref, sjekksum, content IS NULL AS quarantined FROM archive.dokumentobjekt`,
    )
  ).rows) {
    const m = /-(\d+)-(\d+)\.\w+$/.exec(r.ref)!;
    docs.set(`${Number(m[1]!.slice(-1))}-${m[2]}`, {
      id: r.id,
      ref: r.ref,
      sha256: r.sjekksum,
      quarantined: r.quarantined,
    });
  }
  expect(docs.get('2-1')!.quarantined).toBe(true);
  patientId = (
    await tdb.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [
      person.nationalId,
    ])
  ).rows[0]!.id;
  legal = await stack.matterToken(
    {
      id: 'M-2025-041',
      nationalIds: [person.nationalId],
      periodFrom: '2023-01-01',
      periodTo: '2023-12-31',
      members: ['jurist-41'],
    },
    { sub: 'jurist-41' },
  );
  const r = await gql(stack.gateway.url, EXPORT, {
    token: legal,
    variables: {
      input: {
        patientId,
        requester: 'Advokat Berg for klager',
        withheld: [
          { itemId: `ARCHIVE_DOCUMENT:${docs.get('1-3')!.id}`, ground: GROUND },
          { itemId: `ARCHIVE_DOCUMENT:${docs.get('1-1')!.id}`, ground: GROUND, text: THIRD_PARTY },
        ],
      },
    },
  });
  expect(r.body.errors).toBeUndefined();
  bundle = r.body.data.exportBundle;
  zip = await unzipAll(bundle.path);
  items = JSON.parse(zip.get('items.json')!.toString('utf8')).items;
  requestId = (
    await tdb.db.query<{ request_id: string }>(
      `SELECT request_id FROM audit.access_log WHERE entity_type = 'evidence_bundle' AND entity_ids[1] = $1`,
      [bundle.id],
    )
  ).rows[0]!.request_id;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  await dropIndexes(prefix);
});

const item = (key: string) => items.find((i) => i.id === `ARCHIVE_DOCUMENT:${docs.get(key)!.id}`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('archive documents in the evidence bundle (review s41)', () => {
  test('each readable document’s file is in the ZIP under documents/, its SHA-256 the archive’s stored checksum and the manifest’s', async () => {
    const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8'));
    const inZip = [...zip.keys()].filter((n) => n.startsWith('documents/'));
    // The two originals, and the redacted copy of the one with a passage withheld (below).
    expect(inZip).toHaveLength(ocr ? 3 : 2);
    for (const key of ['1-2', '2-2']) {
      const it = item(key);
      expect(it.document).toMatchObject({ file: expect.stringMatching(/^documents\/[^/]+$/), reason: null });
      const name: string = it.document.file;
      expect(name).not.toMatch(/\.\.|\\/);
      expect(name.endsWith(docs.get(key)!.ref.split('/').pop()!)).toBe(true);
      const bytes = zip.get(name)!;
      expect(sha(bytes)).toBe(docs.get(key)!.sha256);
      expect(it.document.sha256).toBe(docs.get(key)!.sha256);
      expect(manifest.files.find((f: any) => f.name === name)).toEqual({
        name,
        sha256: docs.get(key)!.sha256,
        bytes: bytes.length,
      });
      expect(it.details['Fil i bundelen']).toContain(name);
    }
    expect(await verifyBundle(bundle.path, { seal: bundle.manifestSha256 })).toMatchObject({
      ok: true,
      problems: [],
    });
  });

  test('verify-bundle fails naming a document file altered in the ZIP', async () => {
    const name: string = item('2-2').document.file;
    const changed = new Map(zip);
    changed.set(name, Buffer.concat([zip.get(name)!, Buffer.from('% endret\n')]));
    const tampered = join(scratch, 'tampered.zip');
    await zipAll(tampered, changed);
    const v = await verifyBundle(tampered);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ file: name, problem: 'changed' })]);
    const cli = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), join(__dirname, '..', 'scripts', 'cli.ts'), 'verify-bundle', tampered],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(1);
    expect(cli.stdout + cli.stderr).toContain(name);
  });

  test('the PDF prints each document’s text page by page with its origin; a withheld passage is gone from it', async () => {
    const pdf = join(scratch, 'bundle.pdf');
    writeFileSync(pdf, zip.get('bundle.pdf')!);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Side 1 – tekstlag');
    expect(text).toContain('Datteren skriver at moren ikke lenger klarer seg hjemme.');
    expect(text).toContain('Side 2 – tekstlag');
    expect(text).toContain('Hun ber om plass på sykehjem snarest.');
    expect(text).not.toContain('Kari Nilsen');
    expect(text).toContain(`TILBAKEHOLDT – ${GROUND}`);
    if (ocr) {
      expect(text).toMatch(/Side 1 – OCR, konfidens \d+/);
      expect(text).toMatch(/avslag/);
    } else {
      console.log(
        'bundle-documents: Tesseract with the nor model is not on this machine; the OCR text was not checked',
      );
      expect(text).toMatch(/Side 1 – ingen tekst/);
    }
    expect(item('1-2').text).toMatch(ocr ? /OCR, konfidens \d+/ : /ingen tekst/);
  });

  // The original holds the passage and is never given (review s41b); since stop 42 a redacted copy
  // is: the pages as images, the passage painted out, checked by reading it back.
  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a document with a withheld passage has a redacted copy, never its original: no text layer, OCR reads the rest and not the passage', async () => {
    const names = [...zip.keys()];
    const tail = docs.get('1-1')!.ref.split('/').pop()!;
    expect(names.filter((n) => n.endsWith(tail))).toEqual([]);
    const p = item('1-1');
    expect(p.withheld).toMatchObject({ wholeItem: false });
    expect(p.text).toContain('Datteren skriver at moren ikke lenger klarer seg hjemme.');
    expect(p.text).not.toContain('Kari Nilsen');
    if (!ocr) {
      expect(p.document).toMatchObject({ file: null, missing: 'tilbakeholdt' });
      expect(p.details['Fil ikke med']).toMatch(
        /deler av dokumentet er tilbakeholdt.*sladdet kopi er ikke laget/,
      );
      return;
    }
    const name: string = p.document.file;
    expect(name).toMatch(/^documents\/.*-sladdet\.pdf$/);
    expect(p.document).toMatchObject({ redacted: { originalSha256: docs.get('1-1')!.sha256, pages: 2 } });
    const copy = zip.get(name)!;
    expect(sha(copy)).toBe(p.document.sha256);
    expect(sha(copy)).not.toBe(docs.get('1-1')!.sha256);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8'));
    expect(manifest.files.find((f: any) => f.name === name)).toEqual({
      name,
      sha256: sha(copy),
      bytes: copy.length,
    });
    expect(p.details['Fil i bundelen']).toContain('sladdet kopi');
    expect(p.details['Originalfil ikke med']).toContain(docs.get('1-1')!.sha256);
    const pdf = join(scratch, 'copy.pdf');
    writeFileSync(pdf, copy);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).trim()).toBe('');
    execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', pdf, join(scratch, 'copy')]);
    const read = ['copy-1.png', 'copy-2.png']
      .map((f) => execFileSync('tesseract', [join(scratch, f), 'stdout', '-l', 'nor'], { encoding: 'utf8' }))
      .join('\n');
    expect(read).toMatch(/Datteren skriver/);
    expect(read).toMatch(/sykehjem/);
    expect(read).not.toMatch(/Nilsen|Naboen|bekymringen/);
  });

  test('a quarantined and a wholly withheld document have no file; their items say why; the completeness statement counts them', async () => {
    const names = [...zip.keys()];
    for (const key of ['2-1', '1-3']) {
      const tail = docs.get(key)!.ref.split('/').pop()!;
      expect(names.filter((n) => n.endsWith(tail))).toEqual([]);
    }
    const q = item('2-1');
    expect(q.document).toMatchObject({ file: null, reason: expect.stringMatching(/karantene/) });
    expect(q.details['Fil ikke med']).toMatch(/karantene/);
    const w = item('1-3');
    expect(w.withheld).toEqual({ wholeItem: true, ground: GROUND });
    expect(w.document).toMatchObject({ file: null, reason: expect.stringMatching(/tilbakeholdt/) });
    expect(JSON.stringify(w)).not.toContain('Intern vurdering');
    const completeness = JSON.parse(zip.get('completeness.json')!.toString('utf8'));
    const sakarkiv = completeness.sources.find((s: any) => s.sourceSystem === 'SAKARKIV');
    expect(sakarkiv['dokumentfiler i bundelen']).toBe(ocr ? 3 : 2);
    expect(sakarkiv['herav sladdede kopier']).toBe(ocr ? 1 : undefined);
    expect(sakarkiv['dokumenter uten fil']).toMatch(ocr ? /^2 \(/ : /^3 \(/);
    expect(sakarkiv['dokumenter uten fil']).toMatch(/karantene: 1/);
    expect(sakarkiv['dokumenter uten fil']).toMatch(ocr ? /tilbakeholdt: 1/ : /tilbakeholdt: 2/);
  });

  test('every document file and text read is in the archive’s access log under the person, under the build’s request; the withheld one’s content is not read', async () => {
    const rows = (
      await tdb.db.query<{ entity_type: string; entity_ids: string[]; patient_id: string; outcome: string }>(
        `SELECT entity_type, entity_ids, patient_id, outcome FROM audit.access_log
          WHERE request_id = $1 AND subgraph = 'archive' AND entity_type LIKE 'archive_document%'`,
        [requestId],
      )
    ).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect([...new Set(rows.map((r) => `${r.outcome} ${r.patient_id}`))]).toEqual([
      `granted nid:${person.nationalId}`,
    ]);
    const count = (type: string, id: string) =>
      rows.filter((r) => r.entity_type === type && r.entity_ids.includes(id)).length;
    for (const key of ['1-2', '2-2']) {
      // Listed by the dossier's plan, listed again and read as the file is fetched.
      expect(count('archive_document', docs.get(key)!.id)).toBeGreaterThanOrEqual(3);
      expect(count('archive_document_text', docs.get(key)!.id)).toBe(1);
    }
    // A passage withheld: listed by the plan and with its text, which was read; its file was read
    // too, for the redacted copy (stop 42), and logged as every file read is.
    expect(count('archive_document', docs.get('1-1')!.id)).toBeGreaterThanOrEqual(3);
    expect(count('archive_document_text', docs.get('1-1')!.id)).toBe(1);
    // Withheld whole: listed by the plan only; neither its file nor its text was read.
    expect(count('archive_document', docs.get('1-3')!.id)).toBe(1);
    expect(count('archive_document_text', docs.get('1-3')!.id)).toBe(0);
  });

  // A journalpost withheld whole is withheld with its documents, which are its content (review
  // s41b: they were items of their own, and the letter went out, file and text).
  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a journalpost withheld whole is withheld with its documents: no file, no text, the same ground', async () => {
    const jp = (
      await tdb.db.query<{ journalpost_id: string }>(
        `SELECT b.journalpost_id FROM archive.dokumentobjekt o
           JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id WHERE o.id = $1`,
        [docs.get('2-2')!.id],
      )
    ).rows[0]!.journalpost_id;
    const r = await gql(stack.gateway.url, EXPORT, {
      token: legal,
      variables: {
        input: {
          patientId,
          requester: 'Advokat Berg for klager',
          withheld: [{ itemId: `JOURNALPOST:${jp}`, ground: GROUND }],
        },
      },
    });
    expect(r.body.errors).toBeUndefined();
    const z = await unzipAll(r.body.data.exportBundle.path);
    const its = JSON.parse(z.get('items.json')!.toString('utf8')).items;
    const d = its.find((i: { id: string }) => i.id === `ARCHIVE_DOCUMENT:${docs.get('2-2')!.id}`);
    expect(d.withheld).toEqual({ wholeItem: true, ground: GROUND });
    expect(d.document).toMatchObject({ file: null, missing: 'tilbakeholdt' });
    expect(
      [...z.keys()].filter((n) => n.startsWith('documents/') && n.endsWith(basename(docs.get('2-2')!.ref))),
    ).toEqual([]);
  });
});
