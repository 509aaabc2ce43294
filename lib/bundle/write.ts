/**
 * Writes an evidence bundle: one ZIP holding
 *
 *   bundle.pdf         the PDF a judge reads (cover, table of contents, completeness
 *                      statement, every item with source and provenance, Bates number on
 *                      every page, redaction boxes naming the ground)
 *   items.json         the items as data, withheld text removed, grounds kept
 *   completeness.json  the completeness statement
 *   custody.json       who built it, from which request, when, with which software
 *   documents/…        the file of every document item the bundle may give (documents.ts)
 *   manifest.json      SHA-256 and size of every other file (checked by verify-bundle)
 *
 * The items come as an async iterable and are spooled, already redacted, to a temporary
 * file beside the output; the PDF is written page by page. Memory does not grow with the
 * number of items beyond one page number and one id per item.
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { constants, copyFile, link, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { log } from '../log';
import { isRealDate } from '../oslo-time';
import {
  bates,
  createDocument,
  drain,
  drawCompleteness,
  drawCover,
  drawItem,
  drawToc,
  tocPages,
} from './pdf';
import type { Layout, RedactionBox, TocEntry } from './pdf';
import {
  countDocument,
  fileDetails,
  MAX_DOCUMENT_BYTES,
  takeDocument,
  withDocumentCounts,
  type DocumentCounts,
  type SpooledDocument,
} from './documents';
import { software } from './software';
import type {
  BundleBuilder,
  BundleItem,
  BundleRequest,
  CompletenessStatement,
  DocumentReader,
  WithheldMark,
} from './types';
import { BundleInputError, indexMarks, redact, type MarkerBudget, type RedactedItem } from './withhold';

export const BUNDLE_FILES = ['bundle.pdf', 'items.json', 'completeness.json', 'custody.json'] as const;
export const MANIFEST = 'manifest.json';
const MAX_BATES = 999_999;

export interface WriteBundleInput {
  request: BundleRequest;
  builder: BundleBuilder;
  items: AsyncIterable<BundleItem>;
  completeness: CompletenessStatement;
  withheld?: readonly WithheldMark[];
  /** Reads the items' documents (BundleItem.document): their text and their files (lib/bundle/documents.ts). */
  documents?: DocumentReader;
  /** A document file larger than this is left out, its item saying so; default MAX_DOCUMENT_BYTES. */
  maxDocumentBytes?: number;
  /**
   * A document with a passage withheld gets a redacted copy of its file (lib/bundle/redact-file.ts,
   * OCR in this Tesseract language); absent: no file for it, its text only.
   */
  redactFiles?: { ocrLang: string };
  /**
   * Where the ZIP goes; written in the build's own temporary folder beside it and renamed when
   * whole (a rename on one file system: the path holds a whole bundle or none).
   */
  out: string;
  /** The build time (tests); default now. */
  now?: Date;
  /**
   * Called with the finished bundle before it takes its name (the export writes the access
   * log here: no log row, no bundle). Throwing removes the bundle.
   */
  beforePublish?: (r: BundleResult) => Promise<void>;
}

export interface BundleResult {
  bundleId: string;
  path: string;
  bytes: number;
  /** SHA-256 of the ZIP file as written. */
  sha256: string;
  /** SHA-256 of manifest.json: keep it outside the bundle; verify-bundle --seal checks it. */
  manifestSha256: string;
  prefix: string;
  pages: number;
  batesFirst: string;
  batesLast: string;
  items: number;
  withheldItems: number;
  withheldPassages: number;
  /** Where each redaction box was drawn (page, points from the top left). */
  redactionBoxes: RedactionBox[];
  files: { name: string; sha256: string; bytes: number }[];
}

/** `M-2025-004` → `HS-2025-004`. */
export function defaultPrefix(matter: string): string {
  const core = matter
    .replace(/^M-/i, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `HS-${core || 'BUNDLE'}`.slice(0, 40);
}

function checkRequest(req: BundleRequest): { prefix: string; firstNumber: number } {
  for (const k of ['matter', 'requester', 'purpose', 'query'] as const) {
    const v = req[k];
    if (typeof v !== 'string' || !v.trim()) throw new BundleInputError(`${k} is required`);
    if (v.length > 2000) throw new BundleInputError(`${k} is longer than 2000 characters`);
  }
  const { from, to } = req.window ?? {};
  for (const [k, d] of [
    ['window.from', from],
    ['window.to', to],
  ] as const)
    if (d != null && !isRealDate(d)) throw new BundleInputError(`${k} must be a date (YYYY-MM-DD), got ${d}`);
  if (from && to && from > to) throw new BundleInputError('window.from must not be after window.to');
  const prefix = req.prefix ?? defaultPrefix(req.matter);
  if (!/^[A-Z0-9][A-Z0-9-]{0,39}$/.test(prefix))
    throw new BundleInputError(`prefix must be 1–40 capital letters, digits and dashes (got ${prefix})`);
  const firstNumber = req.firstNumber ?? 1;
  if (!Number.isInteger(firstNumber) || firstNumber < 1 || firstNumber > MAX_BATES)
    throw new BundleInputError(`firstNumber must be a whole number from 1 to ${MAX_BATES}`);
  return { prefix, firstNumber };
}

function checkItem(item: BundleItem, n: number): void {
  const at = `item ${n}${typeof item?.id === 'string' ? ` (${item.id})` : ''}`;
  if (!item || typeof item !== 'object') throw new BundleInputError(`${at} is not an object`);
  for (const k of ['id', 'kind', 'date', 'sourceSystem', 'sourceId'] as const)
    if (typeof item[k] !== 'string' || !item[k]) throw new BundleInputError(`${at}: ${k} is required`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(item.date) || !isRealDate(item.date.slice(0, 10)))
    throw new BundleInputError(`${at}: date must start with a date (YYYY-MM-DD), got ${item.date}`);
}

async function write(ws: WriteStream, s: string): Promise<void> {
  if (!ws.write(s)) await once(ws, 'drain');
}

async function close(ws: WriteStream): Promise<void> {
  ws.end();
  await once(ws, 'finish');
}

interface Spooled {
  n: number;
  r: RedactedItem;
  /** The item's document: its file in the ZIP, or why it has none. */
  doc?: SpooledDocument;
}

async function* readSpool(path: string): AsyncGenerator<Spooled> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const l of rl) if (l) yield JSON.parse(l) as Spooled;
}

async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** An item as items.json carries it. */
function itemJson(s: Spooled, page: string) {
  const { r } = s;
  return {
    n: s.n,
    page,
    ...r.item,
    ...(s.doc ? { document: s.doc } : {}),
    withheld: r.wholeGround
      ? { wholeItem: true, ground: r.wholeGround }
      : r.passages.length
        ? { wholeItem: false, passages: r.passages }
        : null,
  };
}

const wholeItem = (m: WithheldMark) => !m.range && m.text == null;

/**
 * An item's withheld marks, with the mark of the item it is part of when that is withheld whole
 * (BundleItem.partOf): a journalpost held back is held back with its documents, which are its
 * content, on its ground (pasient- og brukerrettighetsloven § 5-1 andre ledd; found in review
 * s41b: the documents were items of their own, and the letter of a journalpost withheld whole
 * was given, file and text).
 */
function marksOf(marks: Map<string, WithheldMark[]>, item: BundleItem): WithheldMark[] | undefined {
  const own = marks.get(item.id);
  if (!item.partOf || own?.some(wholeItem)) return own;
  const whole = marks.get(item.partOf)?.find(wholeItem);
  return whole ? [...(own ?? []), { itemId: item.id, ground: whole.ground }] : own;
}

/** The refusal of a path that holds a file: a bundle never replaces one. */
export const bundleExists = (out: string): string =>
  `${out} exists: an evidence bundle never replaces a file (a bundle given out stays as its seal says); choose another file name`;

export async function writeBundle(input: WriteBundleInput): Promise<BundleResult> {
  const { request } = input;
  const { prefix, firstNumber } = checkRequest(request);
  const marks = indexMarks(input.withheld ?? []);
  const builtAt = (input.now ?? new Date()).toISOString();
  const bundleId = randomUUID();
  if (existsSync(input.out)) throw new BundleInputError(bundleExists(input.out));
  const tmp = await mkdtemp(join(dirname(input.out), `.bundle-${basename(input.out)}-`));
  // The build's own: two builds to the same path at once (the CLI's --out, a retry while the
  // first still runs) shared `<out>.partial`, and the ZIP published was the two interleaved,
  // failing verify-bundle, while both builders were told it was done, sealed and logged (found
  // in review s41, test/dossier-archive-review-s41.e2e.test.ts). Each build now publishes a whole
  // bundle of its own, and the first to finish takes the path (published below).
  const partial = join(tmp, `${basename(input.out)}.partial`);
  try {
    // 1. Spool the items, redacted: the withheld text is never written anywhere.
    const spool = join(tmp, 'items.ndjson');
    const ws = createWriteStream(spool, 'utf8');
    const seen = new Set<string>();
    let n = 0;
    let withheldItems = 0;
    let withheldPassages = 0;
    /** The documents' files, in item order, as they go into the ZIP. */
    const documentFiles: { name: string; path: string }[] = [];
    const documentCounts: DocumentCounts = new Map();
    /** What the withheld markers add, over the whole bundle (MAX_MARKER_CHARS). */
    const markerBudget: MarkerBudget = { added: 0 };
    try {
      for await (const item of input.items) {
        n++;
        checkItem(item, n);
        if (seen.has(item.id)) throw new BundleInputError(`item ${n}: id ${item.id} appears twice`);
        seen.add(item.id);
        const itemMarks = marksOf(marks, item);
        // A document's text and file are read here, one at a time, after its marks are known:
        // one withheld whole is not read at all.
        let doc: SpooledDocument | undefined;
        let taken: BundleItem = item;
        if (item.document) {
          if (documentFiles.length === 0) await mkdir(join(tmp, 'documents'), { recursive: true });
          const dest = join(tmp, 'documents', `${n}.bin`);
          ({ item: taken, doc } = await takeDocument(item, n, itemMarks, {
            prefix,
            reader: input.documents,
            dest,
            maxBytes: input.maxDocumentBytes ?? MAX_DOCUMENT_BYTES,
            redact: input.redactFiles,
          }));
          if (doc.file) documentFiles.push({ name: doc.file, path: dest });
          countDocument(documentCounts, item.sourceSystem, doc);
        }
        const { document: _ref, ...printed } = taken;
        const r = redact(printed, itemMarks, markerBudget);
        if (doc) r.item = { ...r.item, details: { ...r.item.details, ...fileDetails(doc) } };
        if (r.wholeGround) withheldItems++;
        withheldPassages += r.passages.length;
        await write(ws, JSON.stringify({ n, r, ...(doc ? { doc } : {}) } satisfies Spooled) + '\n');
      }
    } finally {
      await close(ws);
    }
    for (const id of marks.keys())
      if (!seen.has(id))
        throw new BundleInputError(`withheld passage names item ${id}, which is not in the bundle`);
    // The items are read: the source's statement is complete; the documents' files are counted in it.
    const completeness = withDocumentCounts(input.completeness, documentCounts);

    // 2. Lay the body out once, discarding the output, to learn where each item starts.
    const layout: Layout = { prefix, firstNumber, totalPages: 0, matter: request.matter };
    const starts: number[] = [];
    let completenessPage = 0;
    let bodyPages = 0;
    {
      const { doc, page } = createDocument(layout, { title: '', createdAt: new Date(builtAt), dryRun: true });
      doc.on('data', () => {});
      const done = once(doc, 'end');
      drawCompleteness(doc, completeness);
      completenessPage = 1;
      for await (const s of readSpool(spool)) {
        drawItem(doc, s.n, s.r, page, { start: (p) => (starts[s.n - 1] = p) });
        if (s.n % 100 === 0) await drain(doc);
      }
      bodyPages = page();
      doc.end();
      await done;
    }
    const toc = tocPages(n);
    const offset = 1 + toc; // cover + table of contents
    layout.totalPages = offset + bodyPages;
    if (firstNumber + layout.totalPages - 1 > MAX_BATES)
      throw new BundleInputError(
        `the bundle has ${layout.totalPages} pages; from ${firstNumber} they pass Bates number ${MAX_BATES}`,
      );
    const batesFirst = bates(prefix, firstNumber);
    const batesLast = bates(prefix, firstNumber + layout.totalPages - 1);
    const sw = software();

    // 3. The PDF for real: cover, table of contents, completeness statement, items.
    const boxes: RedactionBox[] = [];
    {
      const { doc, page } = createDocument(layout, {
        title: `Bevisbundle ${prefix} – ${request.matter}`,
        createdAt: new Date(builtAt),
      });
      const file = createWriteStream(join(tmp, 'bundle.pdf'));
      const written = pipeline(doc, file);
      drawCover(doc, request, {
        bundleId,
        builtAt,
        builtBy: `${input.builder.userId} (${input.builder.role})`,
        items: n,
        withheldItems,
        withheldPassages,
        batesFirst,
        batesLast,
        pages: layout.totalPages,
      });
      async function* entries(): AsyncGenerator<TocEntry> {
        for await (const s of readSpool(spool)) {
          const it = s.r.item;
          yield {
            n: s.n,
            date: it.date,
            kind: it.kind,
            source: `${it.sourceSystem} ${it.sourceId}`,
            title: s.r.wholeGround ? `[tilbakeholdt: ${s.r.wholeGround}]` : (it.title ?? it.text ?? ''),
            page: offset + starts[s.n - 1]!,
          };
        }
      }
      await drawToc(doc, layout, offset + completenessPage, entries());
      drawCompleteness(doc, completeness);
      for await (const s of readSpool(spool)) {
        drawItem(doc, s.n, s.r, page, {
          start: (p) => {
            if (p !== offset + starts[s.n - 1]!)
              throw new Error(
                `layout drift: item ${s.n} starts on page ${p}, the table of contents says ${offset + starts[s.n - 1]!}`,
              );
          },
          box: (b) => boxes.push(b),
        });
        if (s.n % 50 === 0) await drain(doc);
      }
      if (page() !== layout.totalPages)
        throw new Error(`layout drift: ${page()} pages written, ${layout.totalPages} announced`);
      doc.end();
      await written;
    }

    // 4. items.json, streamed from the spool.
    {
      const out = createWriteStream(join(tmp, 'items.json'), 'utf8');
      await write(
        out,
        `{\n"bundleId": ${JSON.stringify(bundleId)},\n"prefix": ${JSON.stringify(prefix)},\n"count": ${n},\n"items": [\n`,
      );
      for await (const s of readSpool(spool))
        await write(
          out,
          (s.n > 1 ? ',\n' : '') +
            JSON.stringify(itemJson(s, bates(prefix, firstNumber + offset + starts[s.n - 1]! - 1))),
        );
      await write(out, '\n]\n}\n');
      await close(out);
    }
    await rm(spool);

    // 5. Completeness statement and custody log.
    await writeFile(
      join(tmp, 'completeness.json'),
      JSON.stringify({ bundleId, window: request.window, query: request.query, ...completeness }, null, 2) +
        '\n',
    );
    await writeFile(
      join(tmp, 'custody.json'),
      JSON.stringify(
        {
          bundleId,
          builtAt,
          builtBy: { userId: input.builder.userId, role: input.builder.role },
          request: {
            requestId: input.builder.requestId,
            via: input.builder.via,
            itemsFrom: input.builder.source ?? null,
          },
          matter: request.matter,
          requester: request.requester,
          purpose: request.purpose,
          subject: request.subject ?? null,
          window: request.window,
          query: request.query,
          software: sw,
          contents: {
            items: n,
            withheldItems,
            withheldPassages,
            withheldGrounds: [...new Set([...marks.values()].flat().map((m) => m.ground.trim()))],
            pages: layout.totalPages,
            documentFiles: documentFiles.length,
            bates: { prefix, first: batesFirst, last: batesLast },
          },
          events: [
            {
              at: builtAt,
              event: 'built',
              by: input.builder.userId,
              detail: `built through ${input.builder.via}, request ${input.builder.requestId}; the build is in the access log under this request id`,
            },
          ],
        },
        null,
        2,
      ) + '\n',
    );

    // 6. Manifest: SHA-256 of every file.
    const files: { name: string; sha256: string; bytes: number }[] = [];
    for (const name of BUNDLE_FILES) files.push({ name, ...(await sha256File(join(tmp, name))) });
    // The documents' files, hashed again as they are zipped (takeDocument checked each against its source's SHA-256).
    for (const f of documentFiles) files.push({ name: f.name, ...(await sha256File(f.path)) });
    const manifest = JSON.stringify({ bundleId, algorithm: 'SHA-256', builtAt, files }, null, 2) + '\n';
    await writeFile(join(tmp, MANIFEST), manifest);
    const manifestSha256 = createHash('sha256').update(manifest).digest('hex');

    // 7. The ZIP (yazl), written whole before it takes its name.
    const zip = new ZipFile();
    for (const name of BUNDLE_FILES)
      zip.addFile(join(tmp, name), name, { mtime: new Date(builtAt), mode: 0o100644 });
    for (const f of documentFiles) zip.addFile(f.path, f.name, { mtime: new Date(builtAt), mode: 0o100644 });
    zip.addFile(join(tmp, MANIFEST), MANIFEST, { mtime: new Date(builtAt), mode: 0o100644 });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(partial));
    const { sha256, bytes } = await sha256File(partial);
    const result: BundleResult = {
      bundleId,
      path: input.out,
      bytes,
      sha256,
      manifestSha256,
      prefix,
      pages: layout.totalPages,
      batesFirst,
      batesLast,
      items: n,
      withheldItems,
      withheldPassages,
      redactionBoxes: boxes,
      files: [...files, { name: MANIFEST, sha256: manifestSha256, bytes: Buffer.byteLength(manifest) }],
    };
    // The name is claimed before the access log names the bundle (beforePublish): two builds to
    // one path at once both wrote their row, bundle id and seal, and the one refused at the link
    // below left a row naming a bundle nobody has (found in review s41b). A claim file beside the
    // path, created exclusively, is held from here to the link: a build that cannot take it, or
    // finds the path taken, is refused before its row is written. The claim says who holds it
    // (bundle id, pid, host, start, build folder): one left by a crashed build on this host
    // (its process gone) is taken over, its build folder moved aside and kept (review s42: a
    // crash blocked the path for good); any other is refused, naming the file.
    const claim = join(dirname(input.out), `.bundle-${basename(input.out)}.claim`);
    await takeClaim(claim, input.out, {
      bundleId,
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      build: tmp,
    });
    try {
      if (existsSync(input.out)) throw new BundleInputError(bundleExists(input.out));
      await input.beforePublish?.(result);
      await publish(partial, input.out);
    } finally {
      await rm(claim, { force: true });
    }
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

/** What a claim file holds: who is publishing the bundle to the path. */
export interface Claim {
  bundleId: string;
  pid: number;
  host: string;
  startedAt: string;
  /** The build's own folder (its partial ZIP): moved aside, never deleted, when the claim is taken over. */
  build: string;
}

/**
 * For test/research-bundle-s43.e2e.test.ts only, never set by the product: awaited when a build
 * has judged the claim at the path left by a crash and before it takes it over, the moment in
 * which another build may take the same claim over first. The test holds one build here until
 * the other has won, so that the race it proves is run the same way every time.
 */
export const claimTakeoverHook: { judged?: () => Promise<void> } = {};

function readClaim(text: string): Claim | null {
  try {
    const c = JSON.parse(text) as Partial<Claim>;
    return typeof c.pid === 'number' && Number.isInteger(c.pid) && c.pid > 0 && typeof c.host === 'string'
      ? {
          bundleId: String(c.bundleId ?? ''),
          pid: c.pid,
          host: c.host,
          startedAt: String(c.startedAt ?? ''),
          build: typeof c.build === 'string' ? c.build : '',
        }
      : null;
  } catch {
    return null; // a claim written before review s42 (the bundle id alone): whose it is is not known
  }
}

/** Whether process `pid` of this host is gone (signal 0: ESRCH; EPERM is another user's live process). */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Creates the claim file exclusively. One that exists is taken over only when it was left by a
 * crash: written by a build on this host whose process is gone (a claim of another host, of a
 * live process, or unreadable is refused, naming the file: whether it is held cannot be known
 * from here). Taken over, the crashed build's folder (its partial ZIP, spool and files) and the
 * claim are moved aside as `.bundle-<name>.crashed-<start>-<pid>` beside the path, kept, never
 * deleted, and a warning logged naming it. The path itself is never touched: a finished bundle
 * there is refused after (`bundleExists`).
 *
 * The takeover is one atomic step: the crashed claim is given its kept name by a hard link
 * (link(2) never replaces a file), and only the build whose link made that name goes on to
 * remove the claim from the path and claim it anew; every other build taking over the same
 * crashed claim finds the name made and is refused, or, when the path already holds the
 * winner's claim, finds that claim live and is refused. No build ever moves a claim it did not
 * judge. Before stop 43 each build renamed whatever the path held to the kept name and checked
 * it after: the second of two builds moved the first's live claim aside, over the kept crashed
 * claim (deleted), and put it back by a link, and a build arriving in between found the path
 * free and claimed it: two builds held the claim, each going on to log its bundle, the one refused
 * at the link leaving a row naming a bundle nobody has (review s42's residual;
 * test/research-bundle-s43.e2e.test.ts).
 */
export async function takeClaim(claim: string, out: string, mine: Claim): Promise<void> {
  const body = JSON.stringify(mine) + '\n';
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(claim, body, { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3)
        throw claimRefused(claim, out, err);
    }
    const text = await readFile(claim, 'utf8').catch(() => null);
    if (text === null) continue; // released meanwhile: try again
    const held = readClaim(text);
    if (!held || held.host !== hostname() || !processGone(held.pid))
      throw claimRefused(claim, out, null, held);
    await claimTakeoverHook.judged?.();
    // Crashed. The crashed claim's kept name is its own (its start and pid): the first build to
    // make it, by a hard link to what the path holds, takes the claim over; link fails with
    // EEXIST for every other.
    const aside = join(
      dirname(out),
      `.bundle-${basename(out)}.crashed-${held.startedAt.replace(/[^0-9A-Za-z]/g, '')}-${held.pid}`,
    );
    const asideClaim = `${aside}.claim`;
    try {
      // A file system without hard links: an exclusive copy, which also makes the name once only.
      await link(claim, asideClaim).catch((err: NodeJS.ErrnoException) =>
        err.code === 'EPERM' || err.code === 'ENOTSUP' || err.code === 'ENOSYS'
          ? copyFile(claim, asideClaim, constants.COPYFILE_EXCL)
          : Promise.reject(err),
      );
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // released or taken over meanwhile: judge again
      if (code !== 'EEXIST') throw err;
      // Another build took this claim over. If the path still holds it, that build is between
      // its link and its claim (or died there): refused, naming both files.
      if ((await readFile(claim, 'utf8').catch(() => null)) === text)
        throw new BundleInputError(
          `${bundleExists(out)} (another build is taking over the claim a crashed build left, ${claim}, now: it is kept as ${asideClaim}; if no build is, remove ${claim})`,
        );
      continue; // the path holds another claim now, or none: judge it
    }
    if ((await readFile(asideClaim, 'utf8')) !== text) {
      // Not the claim judged: it was removed and the path claimed anew in between. Only the
      // link made here goes; the claim at the path is left as it is.
      await rm(asideClaim, { force: true });
      continue;
    }
    // Taken over: the path holds the judged claim (only a build holding its kept name removes
    // it), kept under that name; the path is freed, and claimed exclusively above.
    await rm(claim, { force: true });
    const keptBuild =
      held.build &&
      dirname(held.build) === dirname(out) &&
      basename(held.build).startsWith(`.bundle-${basename(out)}-`)
        ? await rename(held.build, aside).then(
            () => aside,
            () => null,
          )
        : null;
    log.warn(
      {
        path: out,
        claim: asideClaim,
        crashed: held,
        keptBuild,
      },
      `evidence bundle: took over the claim of a crashed build (pid ${held.pid} on ${held.host}, started ${held.startedAt}, bundle ${held.bundleId}); its claim is kept as ${asideClaim}${keptBuild ? ` and its build folder (partial output) as ${keptBuild}` : ' (its build folder was not found)'}`,
    );
  }
}

function claimRefused(claim: string, out: string, err: unknown, held?: Claim | null): Error {
  if (err && (err as NodeJS.ErrnoException).code !== 'EEXIST') return err as Error;
  const who = held
    ? `held by pid ${held.pid} on ${held.host} since ${held.startedAt}${held.host === hostname() ? ', which is running' : ''}`
    : 'whose holder is not known';
  return new BundleInputError(
    `${bundleExists(out)} (another build is publishing it now: ${claim}, ${who}; if none is, remove ${claim})`,
  );
}

/** Gives the finished ZIP its name, never replacing a file. */
async function publish(partial: string, out: string): Promise<void> {
  // A hard link, not a rename: it takes the name only while no file has it. A rename replaced
  // a bundle already at the path, one given to a court with its seal among them, and the
  // seal then named a file nobody has (found in review s41; nothing stored is lost). The
  // path holds a whole bundle or none; the partial file goes with the build's folder.
  // A file system without hard links (some network mounts): an exclusive copy, which also
  // never replaces a file.
  await link(partial, out)
    .catch((err: NodeJS.ErrnoException) =>
      err.code === 'EPERM' || err.code === 'ENOTSUP' || err.code === 'ENOSYS'
        ? copyFile(partial, out, constants.COPYFILE_EXCL)
        : Promise.reject(err),
    )
    .catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'EEXIST' ? new BundleInputError(bundleExists(out)) : err;
    });
}
