/**
 * An evidence bundle's documents (lib/bundle/documents.ts) with a stub reader, no services:
 * a document the source refuses to the builder (the archive's FORBIDDEN, e.g. a screened
 * document for a role that may not see it) or over the size limit has no file and its item
 * says why; a file whose SHA-256 is not the one its source stored stops the build (never a
 * different file given out); a document withheld whole is not read; file names never carry a
 * path from the source. The real archive path: test/bundle-documents.e2e.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipAll } from '../../dev/zip';
import { documentEntryName } from './documents';
import type { BundleItem, DocumentReader } from './types';
import { verifyBundle } from './verify';
import { writeBundle } from './write';

const dir = mkdtempSync(join(tmpdir(), 'helsespor-bundle-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LETTER = Buffer.from('%PDF-1.4\n% brevet\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function doc(id: string, over: Partial<NonNullable<BundleItem['document']>> = {}): BundleItem {
  return {
    id,
    kind: 'archive_document',
    date: '2023-03-05',
    sourceSystem: 'SAKARKIV',
    sourceId: `DOKUMENT/${id}.pdf`,
    title: `Dokument ${id}`,
    document: { ref: id, fileName: `DOKUMENT/${id}.pdf`, sha256: sha(LETTER), bytes: LETTER.length, ...over },
  };
}

async function* list(items: BundleItem[]): AsyncGenerator<BundleItem> {
  for (const i of items) yield i;
}

/** Serves LETTER for every ref but `refused` (FORBIDDEN) and `other` (a different file). */
function reader(read: string[]): DocumentReader {
  return {
    async file(ref, dest) {
      read.push(`file ${ref}`);
      if (ref === 'refused')
        return { missing: 'ingen tilgang', reason: 'arkivet gir ikke dokumentet: patient not in matter M-1' };
      writeFileSync(dest, ref === 'other' ? Buffer.from('et annet dokument') : LETTER);
      return { written: true };
    },
    async text(ref) {
      read.push(`text ${ref}`);
      if (ref === 'refused') return { missing: 'ingen tilgang', reason: 'arkivet gir ikke dokumentet' };
      return {
        status: 'DONE',
        pages: [
          { page: 1, origin: 'PDF_TEXT', text: 'Vedtak om langtidsopphold.' },
          { page: 2, origin: 'NONE', reason: 'no text layer; OCR not available', text: '' },
        ],
      };
    },
  };
}

const base = {
  request: {
    matter: 'M-1',
    requester: 'Tingretten',
    purpose: 'LEGAL_PROCEEDINGS',
    window: { from: null, to: null },
    query: 'alle',
  },
  builder: { userId: 'u', role: 'legal', requestId: 'r-1', via: 'test' },
  completeness: { sources: [{ sourceSystem: 'SAKARKIV', 'poster i vinduet': 4 }] },
};

describe('documents in an evidence bundle', () => {
  test('file names in the ZIP never carry a path from the source, in Unicode NFC', () => {
    expect(documentEntryName('HS-1', 3, '../../etc/passwd')).toBe('documents/HS-1-D000003-passwd');
    expect(documentEntryName('HS-1', 3, 'C:\\x\\..\\brev 1.pdf')).toBe('documents/HS-1-D000003-brev_1.pdf');
    expect(documentEntryName('HS-1', 3, 'DOKUMENT/So\u0308knad.pdf')).toBe(
      'documents/HS-1-D000003-S\u00f6knad.pdf',
    );
    expect(documentEntryName('HS-1', 3, '..')).toBe('documents/HS-1-D000003-dokument');
  });

  test('refused, over the size limit or withheld whole: no file, the item says why, the completeness statement counts it', async () => {
    const read: string[] = [];
    const out = join(dir, 'a.zip');
    const r = await writeBundle({
      ...base,
      out,
      items: list([doc('ok'), doc('refused'), doc('big', { bytes: 10_000 }), doc('held')]),
      withheld: [{ itemId: 'held', ground: 'tredjeperson' }],
      documents: reader(read),
      maxDocumentBytes: 1000,
    });
    expect((await verifyBundle(out, { seal: r.manifestSha256 })).ok).toBe(true);
    const files = await unzipAll(out);
    expect([...files.keys()].filter((n) => n.startsWith('documents/'))).toEqual([
      'documents/HS-1-D000001-ok.pdf',
    ]);
    expect(files.get('documents/HS-1-D000001-ok.pdf')).toEqual(LETTER);
    const items = JSON.parse(files.get('items.json')!.toString('utf8')).items;
    const by = (id: string) => items.find((i: { id: string }) => i.id === id);
    expect(by('ok').text).toContain('[Side 1 – tekstlag]\nVedtak om langtidsopphold.');
    expect(by('ok').text).toContain('[Side 2 – ingen tekst: no text layer; OCR not available]');
    expect(by('refused').document).toEqual({
      file: null,
      missing: 'ingen tilgang',
      reason: expect.stringContaining('patient not in matter'),
    });
    expect(by('refused').details['Fil ikke med']).toContain('patient not in matter');
    expect(by('big').document).toMatchObject({ file: null, missing: 'over størrelsesgrensen' });
    expect(by('held').document).toEqual({
      file: null,
      missing: 'tilbakeholdt',
      reason: 'hele dokumentet er tilbakeholdt',
    });
    // The one withheld whole was not read; the one too large had its text read, not its file.
    expect(read.filter((x) => x.endsWith(' held'))).toEqual([]);
    expect(read.filter((x) => x.endsWith(' big'))).toEqual(['text big']);
    const c = JSON.parse(files.get('completeness.json')!.toString('utf8'));
    expect(c.sources[0]).toMatchObject({
      'dokumentfiler i bundelen': 1,
      'dokumenter uten fil': '3 (ingen tilgang: 1; over størrelsesgrensen: 1; tilbakeholdt: 1)',
    });
  });

  // pasient- og brukerrettighetsloven § 5-1 andre ledd: a journalpost withheld whole is withheld
  // with its documents, which are its content (found in review s41b: its documents were separate
  // items, given with their file and text, so the letter of a journalpost held back went out).
  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a document of a journalpost withheld whole is withheld whole with it, on the same ground: no file, no text, not read', async () => {
    const read: string[] = [];
    const out = join(dir, 'c.zip');
    const journalpost: BundleItem = {
      id: 'JOURNALPOST:jp-1',
      kind: 'journalpost',
      date: '2023-03-05',
      sourceSystem: 'SAKARKIV',
      sourceId: '2023/12-1',
      title: 'Brev fra naboen',
      text: 'Brev om pasienten fra naboen.',
    };
    await writeBundle({
      ...base,
      out,
      items: list([{ ...doc('letter'), partOf: 'JOURNALPOST:jp-1' }, journalpost, doc('other-jp')]),
      withheld: [{ itemId: 'JOURNALPOST:jp-1', ground: 'opplysninger om tredjeperson' }],
      documents: reader(read),
    });
    const files = await unzipAll(out);
    expect([...files.keys()].filter((n) => n.startsWith('documents/'))).toEqual([
      'documents/HS-1-D000003-other-jp.pdf',
    ]);
    const items = JSON.parse(files.get('items.json')!.toString('utf8')).items;
    const letter = items.find((i: { id: string }) => i.id === 'letter');
    expect(letter.document).toMatchObject({ file: null, missing: 'tilbakeholdt' });
    expect(letter.withheld).toMatchObject({ ground: 'opplysninger om tredjeperson' });
    expect(JSON.stringify(letter)).not.toContain('Vedtak om langtidsopphold');
    expect(read.filter((x) => x.endsWith(' letter'))).toEqual([]);
  });

  test('a file whose SHA-256 is not the one its source stored stops the build, leaving nothing behind', async () => {
    const out = join(dir, 'b.zip');
    await expect(
      writeBundle({ ...base, out, items: list([doc('other')]), documents: reader([]) }),
    ).rejects.toThrow(
      /item other .* has SHA-256 [0-9a-f]{64}, the source stored [0-9a-f]{64}: no bundle is built/,
    );
    expect(readdirSync(dir).filter((f) => f.startsWith('b.zip') || f.startsWith('.bundle-b'))).toEqual([]);
  });
});
