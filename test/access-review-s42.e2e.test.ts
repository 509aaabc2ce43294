/**
 * Access review s42 (reviewer rev42a): who may see what on the paths added at stop 42 (the
 * dossier's earlier versions of coercion, care, archive records; the evidence bundle's redacted
 * copies; what each source said of a patient and the archivist's choice of it). Each test FAILS on
 * the code as reviewed (main at 301cfb3), for the reason its comment gives. Real PostgreSQL
 * through the gateway (dev/test-stack.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textPdf } from '../dev/pdf';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { unzipAll } from '../dev/zip';
import type { BundleItem, DocumentReader } from '../lib/bundle/types';
import { writeBundle } from '../lib/bundle/write';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { insertPatients } from '../subgraphs/journal/store';

const NID = makeSyntheticNationalId('1958-02-11', 742, true);

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-access-s42-'));
  ts = await startPostgresTestStack();
  await insertPatients(ts.tdb.db, [
    { id: 'pt-acc42', nationalId: NID, familyName: 'Test', givenName: 'Acc42', birthDate: '1958-02-11' },
  ]);
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

async function coercionExport(name: string, lines: Record<string, unknown>[]) {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const [s] = await importCoercionPath(ts.tdb.db, path);
  expect(s!.quarantined).toEqual([]);
}

// ---- the evidence bundle: a withheld passage in an earlier version's fields ----

// Attack: since stop 42 the dossier shows a coercion execution's (decision's, case's,
// journalpost's) earlier versions as corrections, and `change` names what each version said:
// "version 1: description: <the earlier description>". A legal user builds a bundle and withholds
// a third party's name in the execution (pasient- og brukerrettighetsloven § 5-1 andre ledd). The
// writer cuts it from the text and replaces the earlier version's earlierText by a marker, but
// prints the correction's `what` (the dossier's `change`) as it came: the PDF's "Opphav" line and
// items.json give the earlier description, third party and all (lib/bundle/withhold.ts redact
// never looked at `what`, which held only words like "migrert" before stop 42).
describe('evidence bundle: a withheld passage in an earlier version', () => {
  const THIRD = 'Kari Nordmann';
  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a passage withheld from a coercion execution is not given by its earlier version in the bundle (the correction’s change line named the earlier description whole)', async () => {
    const x = (description: string) => ({
      kind: 'execution',
      id: 'TVG-ACC42-1',
      patient: NID,
      decisionId: null,
      measure: 'låst skap',
      start: '2023-03-01T10:00:00+01:00',
      end: '2023-03-01T10:10:00+01:00',
      executedBy: ['9160033'],
      reportedAt: '2023-03-01T10:10:00+01:00',
      description,
    });
    await coercionExport('Coercion-acc42.ndjson', [x(`Naboen ${THIRD} ringte; skapet låst en time.`)]);
    await coercionExport('Coercion-acc42.ndjson', [x(`Naboen ${THIRD} ringte; skapet låst ti minutter.`)]);
    const legal = await ts.stack.matterToken(
      { id: 'acc42-bundle', nationalIds: [NID], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-acc42' },
    );
    // The dossier shows the earlier version (the stop-42 feature), with the name.
    const d = await call(
      legal,
      `query ($p: ID!) { dossier(patientId: $p) { items { id provenance { corrections { change earlierText } } } } }`,
      { p: 'pt-acc42' },
    );
    expect(d.body.errors).toBeUndefined();
    const item = d.body.data.dossier.items.find(
      (i: { id: string }) => i.id === 'COERCION_EXECUTION:TVG-ACC42-1',
    );
    expect(item.provenance.corrections[0].change).toContain(THIRD);

    const r = await call(
      legal,
      `mutation ($input: ExportBundleInput!) { exportBundle(input: $input) { path withheldPassages } }`,
      {
        input: {
          patientId: 'pt-acc42',
          requester: 'Tingretten',
          withheld: [{ itemId: item.id, ground: 'opplysninger om tredjeperson', text: THIRD }],
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    const files = await unzipAll(r.body.data.exportBundle.path);
    for (const [name, bytes] of files) expect([name, bytes.includes(THIRD)]).toEqual([name, false]);
    const it = JSON.parse(files.get('items.json')!.toString('utf8')).items.find(
      (i: { id: string }) => i.id === item.id,
    );
    // The correction is still there (when, by what), its earlier description withheld.
    expect(it.provenance.some((p: { what: string }) => /^version 1:/.test(p.what))).toBe(true);
    expect(JSON.stringify(it.provenance)).toContain('TILBAKEHOLDT');
  });
});

// ---- the evidence bundle's window: an earlier version of a decision without an end date ----

// Attack: since stop 42 a b/c or pbrl-4A decision without an end date belongs to no period after
// its one year (coercion verdict.ts reachLastDay; its history is filtered by that period). The
// dossier dates a decision's earlier version for the bundle's window by the version's validTo
// (null: open, build.ts coercionDecisionItem datedUntil), so a version that stated no end date
// reaches every later window: a bundle asked for 2025 gives what the decision said of 2022.
describe('evidence bundle: the window and an earlier version without an end date', () => {
  test('pasient- og brukerrettighetsloven § 4A-5 with pasientjournalloven § 22: an earlier version of a decision stating no end date belongs to its one year only, not to a later bundle window', async () => {
    const d = (validTo: string | null, justification: string) => ({
      kind: 'decision',
      id: 'TVD-ACC42-W',
      patient: NID,
      legalBasis: 'pbrl-4A',
      measures: ['holding ved tannpuss'],
      validFrom: '2022-01-10',
      validTo,
      decidedAt: '2022-01-05T10:00:00+01:00',
      decidedBy: '9098765',
      approvedByStatsforvalterAt: null,
      legacySource: null,
      justification,
    });
    await coercionExport('Coercion-acc42-w.ndjson', [
      d(null, 'Vurdert i januar 2022 etter tannlegebesøket.'),
    ]);
    await coercionExport('Coercion-acc42-w.ndjson', [d('2025-12-31', 'Forlenget til og med 2025.')]);
    const legal = await ts.stack.matterToken(
      { id: 'acc42-window', nationalIds: [NID], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-acc42-w' },
    );
    const r = await call(
      legal,
      `mutation ($input: ExportBundleInput!) { exportBundle(input: $input) { path } }`,
      {
        input: {
          patientId: 'pt-acc42',
          requester: 'Tingretten',
          window: { from: '2025-01-01', to: '2025-12-31' },
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    const files = await unzipAll(r.body.data.exportBundle.path);
    const it = JSON.parse(files.get('items.json')!.toString('utf8')).items.find(
      (i: { id: string }) => i.id === 'COERCION_DECISION:TVD-ACC42-W',
    );
    expect(it).toBeDefined();
    // Version 1 (2022-01-10, no end date: valid to 2023-01-09 at most) is not of 2025.
    expect(JSON.stringify(it.provenance)).not.toContain('januar 2022');
    expect((it.provenance as { what: string }[]).filter((p) => /^version 1:/.test(p.what))).toEqual([]);
  });
});

// ---- the evidence bundle: a withheld passage broken over two lines ----

// Attack: a document's text as the archive read it (a PDF's text layer, OCR) breaks lines where
// the page does. A legal user withholds a third party's name, which the document's title gives
// ("Brev fra Kari Nordmann") and the letter's text has again across a line break ("Kari\nNordmann").
// The text mark is matched exactly, character for character (withhold.ts occurrences), so the
// title is redacted and the letter's occurrence is printed in the PDF and items.json: the name
// withheld is in the bundle; so is the letter's copy line "KARI NORDMANN" in capitals. (Since
// stop 42 the redacted copy of the file paints both, by words in any case: the text printed under
// the item did not.)
describe('evidence bundle: a withheld passage broken over lines', () => {
  const LETTER = Buffer.from('%PDF-1.4\n%%EOF\n');
  const item: BundleItem = {
    id: 'ARCHIVE_DOCUMENT:d-acc42',
    kind: 'archive_document',
    date: '2023-03-05',
    sourceSystem: 'SAKARKIV',
    sourceId: 'DOKUMENT/brev.pdf',
    title: 'Dokument: Brev fra Kari Nordmann',
    document: {
      ref: 'jp/d-acc42',
      fileName: 'DOKUMENT/brev.pdf',
      sha256: createHash('sha256').update(LETTER).digest('hex'),
      bytes: LETTER.length,
    },
  };
  const reader: DocumentReader = {
    async file(_ref, dest) {
      writeFileSync(dest, LETTER);
      return { written: true };
    },
    async text() {
      return {
        status: 'DONE',
        pages: [
          {
            page: 1,
            origin: 'PDF_TEXT',
            text: 'Naboen Kari\nNordmann ringte inn bekymringen.\nDatteren skriver at moren ikke klarer seg.\nKopi: KARI NORDMANN',
          },
        ],
      };
    },
  };
  async function* items(): AsyncGenerator<BundleItem> {
    yield item;
  }

  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a withheld passage is withheld where the document’s text breaks it over two lines (or spaces it otherwise) or writes it in capitals', async () => {
    const out = join(dir, 'withheld-lines.zip');
    await writeBundle({
      request: {
        matter: 'M-ACC42',
        requester: 'Tingretten',
        purpose: 'LEGAL_PROCEEDINGS',
        window: { from: null, to: null },
        query: 'alle',
      },
      builder: { userId: 'jurist-acc42', role: 'legal', requestId: 'r-acc42', via: 'test' },
      completeness: { sources: [{ sourceSystem: 'SAKARKIV' }] },
      items: items(),
      withheld: [{ itemId: item.id, ground: 'opplysninger om tredjeperson', text: 'Kari Nordmann' }],
      documents: reader,
      out,
    });
    const files = await unzipAll(out);
    for (const [name, bytes] of files)
      expect([name, bytes.toString('utf8').toLowerCase().includes('nordmann')]).toEqual([name, false]);
    const [it] = JSON.parse(files.get('items.json')!.toString('utf8')).items;
    expect(it.text).toContain('Datteren skriver at moren ikke klarer seg.');
    expect(it.withheld.passages.length).toBe(2);
  });
});

// ---- the evidence bundle: a withheld passage in a document's file name ----

// Attack: an archive document's file name (its `sourceId` in the dossier, and the name its copy
// gets in the ZIP) says what the letter is: "Bekymringsmelding fra Kari Hansen.pdf". A legal user
// withholds the third party's name in the letter. The bundle replaces it in the text, the title
// and the provenance line "fra fil …", and since stop 42 gives a redacted copy of the file, named
// after the original: documents/…-Bekymringsmelding_fra_Kari_Hansen-sladdet.pdf, listed in
// items.json and the manifest; the item's source id (PDF "Kilde" line, table of contents,
// items.json) kept the name as well.
describe('evidence bundle: a withheld passage in the file name', () => {
  const LINES = [
    'Bekymringsmelding',
    'Naboen Kari Hansen ringte inn bekymringen.',
    'Datteren skriver at moren ikke klarer seg hjemme.',
  ];
  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a passage withheld is not given by the document’s file name (its source id, the redacted copy’s name in the ZIP)', async () => {
    const pdf = textPdf([LINES], { fontSize: 14 });
    const fileName = 'DOKUMENT/Bekymringsmelding fra Kari Hansen.pdf';
    const item: BundleItem = {
      id: 'ARCHIVE_DOCUMENT:d-acc42-name',
      kind: 'archive_document',
      date: '2023-03-05',
      sourceSystem: 'SAKARKIV',
      sourceId: fileName,
      title: 'Dokument: Bekymringsmelding',
      provenance: [{ what: 'importert', detail: `fra fil ${fileName}` }],
      document: {
        ref: 'jp/d-acc42-name',
        fileName,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        bytes: pdf.length,
      },
    };
    const reader: DocumentReader = {
      async file(_ref, dest) {
        writeFileSync(dest, pdf);
        return { written: true };
      },
      async text() {
        return { status: 'DONE', pages: [{ page: 1, origin: 'PDF_TEXT', text: LINES.join('\n') }] };
      },
    };
    async function* items(): AsyncGenerator<BundleItem> {
      yield item;
    }
    const out = join(dir, 'withheld-file-name.zip');
    await writeBundle({
      request: {
        matter: 'M-ACC42',
        requester: 'Tingretten',
        purpose: 'LEGAL_PROCEEDINGS',
        window: { from: null, to: null },
        query: 'alle',
      },
      builder: { userId: 'jurist-acc42', role: 'legal', requestId: 'r-acc42-name', via: 'test' },
      completeness: { sources: [{ sourceSystem: 'SAKARKIV' }] },
      items: items(),
      withheld: [{ itemId: item.id, ground: 'opplysninger om tredjeperson', text: 'Kari Hansen' }],
      documents: reader,
      redactFiles: { ocrLang: 'nor' },
      out,
    });
    const files = await unzipAll(out);
    // The copy is there (the feature), under a name that does not give the passage.
    const copies = [...files.keys()].filter((n) => n.startsWith('documents/'));
    expect(copies).toEqual([expect.stringMatching(/-sladdet\.pdf$/)]);
    for (const name of files.keys()) expect(name).not.toMatch(/Hansen/i);
    for (const [name, bytes] of files) expect([name, bytes.includes('Hansen')]).toEqual([name, false]);
  }, 120_000);
});
