/**
 * The evidence bundle as a judge and a tamperer see it: the PDF rendered by poppler
 * (pdftotext, pdftoppm) shows the cover, a Bates number on every page and a redaction box
 * naming the ground; the withheld text is in no file of the ZIP; a changed file fails
 * verification by name; bad input gets a clear error and leaves no file.
 * Withheld passages: pasient- og brukerrettighetsloven § 5-1 andre ledd.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { inflateSync } from 'node:zlib';
import { unzipAll } from '../../dev/zip';
import { ZipFile as ZipWriter } from 'yazl';
import { verifyBundle } from './verify';
import { writeBundle, type BundleResult } from './write';
import type { BundleItem, BundleRequest, WithheldMark } from './types';
import { BundleInputError, redact } from './withhold';

const REPO = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'helsespor-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const THIRD_PARTY = 'Venninnen Kari Olsen forteller at hennes far drikker og slår.';
const WHOLE_SECRET = 'Hele notatet handler om naboens sykdomshistorie.';
const GROUND = 'opplysninger om tredjeperson, pasient- og brukerrettighetsloven § 5-1 andre ledd';

const request: BundleRequest = {
  matter: 'M-2025-004',
  requester: 'Advokat Berg for saksøker',
  purpose: 'LEGAL_PROCEEDINGS',
  subject: 'pat-test-1',
  window: { from: '2012-08-13', to: '2015-08-12', description: 'alder 13–15' },
  query: 'mobbing, søvnvansker',
};
const builder = { userId: 'jurist-7', role: 'legal', requestId: 'req-bundle-test', via: 'test' };

function item(i: number, over: Partial<BundleItem> = {}): BundleItem {
  return {
    id: `je-${i}`,
    kind: i % 5 === 0 ? 'care_contact' : 'journal_entry',
    date: `2013-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}T10:15:00+01:00`,
    sourceSystem: ['GERICA', 'PROFIL', 'HELSEPLATTFORMEN'][i % 3]!,
    sourceId: String(4000 + i),
    title: `Notat ${i}`,
    text: `Pasienten forteller om mobbing i friminuttene (${i}). Sover dårlig. Avtalt ny samtale med helsesykepleier.`,
    author: 'Helsesykepleier Berit Å. Ødegård',
    unit: 'Skolehelsetjenesten',
    provenance:
      i === 2 ? [{ what: 'migrated', at: '2019-05-01', by: 'migrering', detail: 'fra Gerica 4002' }] : [],
    ...over,
  };
}

async function* items(list: BundleItem[]): AsyncGenerator<BundleItem> {
  for (const it of list) yield it;
}

const completeness = {
  summary: 'Alle tre kildesystemer er søkt i perioden.',
  sources: [{ sourceSystem: 'GERICA', 'poster i perioden': 14, søkt: 14 }],
  notes: ['Alder 13–15: fra 13-årsdagen til dagen før 16-årsdagen.'],
};

async function writeZip(path: string, files: Map<string, Buffer>): Promise<void> {
  const z = new ZipWriter();
  for (const [name, data] of files) z.addBuffer(data, name);
  z.end();
  await pipeline(z.outputStream, createWriteStream(path));
}

/** Every text a PDF holds in its streams, inflated (content streams, fonts' ToUnicode maps). */
function pdfStreams(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  const parts: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      parts.push(inflateSync(raw).toString('latin1'));
    } catch {
      parts.push(raw.toString('latin1'));
    }
  }
  return parts.join('\n');
}

/** One page rendered at 72 dpi (1 pixel per point) as RGB: pdftoppm's PPM. */
function renderPage(pdf: string, page: number): { width: number; height: number; rgb: Buffer } {
  const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), pdf], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), rgb: ppm.subarray(header[0].length) };
}

function darkShare(
  img: ReturnType<typeof renderPage>,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  let dark = 0;
  let all = 0;
  for (let y = Math.ceil(y0); y < Math.floor(y1); y++)
    for (let x = Math.ceil(x0); x < Math.floor(x1); x++) {
      const i = (y * img.width + x) * 3;
      all++;
      if (img.rgb[i]! < 60 && img.rgb[i + 1]! < 60 && img.rgb[i + 2]! < 60) dark++;
    }
  return dark / all;
}

describe('an evidence bundle a court can read', () => {
  const list = Array.from({ length: 60 }, (_, k) => item(k + 1));
  list[6] = item(7, {
    text: `Pasienten forteller at hun blir mobbet. ${THIRD_PARTY} Pasienten gråter. Avtalt oppfølging.`,
    provenance: [
      {
        what: 'correction',
        at: '2014-01-01',
        by: 'arkivar',
        detail: 'retting',
        earlierText: `Tidligere: ${THIRD_PARTY}`,
      },
    ],
  });
  list[9] = item(10, { text: WHOLE_SECRET, title: 'Om naboen' });
  const withheld: WithheldMark[] = [
    { itemId: 'je-7', ground: GROUND, text: THIRD_PARTY },
    { itemId: 'je-10', ground: 'taushetsplikt overfor tredjeperson, helsepersonelloven § 21' },
  ];
  const out = join(dir, 'bundle.zip');
  let r: BundleResult;
  let pdfPath: string;
  let pages: string[];
  let files: Map<string, Buffer>;

  beforeAll(async () => {
    r = await writeBundle({
      request,
      builder,
      items: items(list),
      completeness,
      withheld,
      out,
      now: new Date('2026-12-01T12:00:00Z'),
    });
    files = await unzipAll(out);
    pdfPath = join(dir, 'bundle.pdf');
    writeFileSync(pdfPath, files.get('bundle.pdf')!);
    pages = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString('utf8').split('\f');
    if (pages[pages.length - 1]!.trim() === '') pages.pop();
  });

  test('the ZIP holds the PDF, the items as JSON, the completeness statement, the custody log and the manifest', () => {
    expect([...files.keys()].sort()).toEqual(
      ['bundle.pdf', 'completeness.json', 'custody.json', 'items.json', 'manifest.json'].sort(),
    );
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(
      ['bundle.pdf', 'completeness.json', 'custody.json', 'items.json'].sort(),
    );
    for (const f of manifest.files)
      expect(createHash('sha256').update(files.get(f.name)!).digest('hex')).toBe(f.sha256);
    const items = JSON.parse(files.get('items.json')!.toString('utf8'));
    expect(items.count).toBe(60);
    expect(items.items).toHaveLength(60);
    expect(items.items[1].provenance[0].detail).toBe('fra Gerica 4002');
    const completenessJson = JSON.parse(files.get('completeness.json')!.toString('utf8'));
    expect(completenessJson.sources[0]['poster i perioden']).toBe(14);
  });

  test('the custody log says who built it, from which request, when, with which software', () => {
    const c = JSON.parse(files.get('custody.json')!.toString('utf8'));
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(c.builtBy).toEqual({ userId: 'jurist-7', role: 'legal' });
    expect(c.request).toEqual({ requestId: 'req-bundle-test', via: 'test', itemsFrom: null });
    expect(c.builtAt).toBe('2026-12-01T12:00:00.000Z');
    expect(c.software.name).toBe(pkg.name);
    expect(c.software.version).toBe(pkg.version);
    const head = spawnSync('git', ['-C', REPO, 'rev-parse', 'HEAD']).stdout?.toString().trim();
    // No configured commit here (HELSESPOR_GIT_COMMIT goes through lib/config.ts): git's HEAD.
    if (head && /^[0-9a-f]{40}$/.test(head)) expect(c.software.gitCommit).toBe(head);
    expect(c.software.libraries.pdfkit).toMatch(/^\d+\.\d+/);
    expect(c.contents).toMatchObject({ items: 60, withheldItems: 1, withheldPassages: 1, pages: r.pages });
  });

  test('the cover names the matter, requester, purpose, window, query and time', () => {
    const cover = pages[0]!;
    for (const s of [
      'Bevisbundle',
      'M-2025-004',
      'Advokat Berg for saksøker',
      'LEGAL_PROCEEDINGS',
      '2012-08-13 – 2015-08-12 (alder 13–15)',
      'mobbing, søvnvansker',
      '2026-12-01T12:00:00.000Z',
      'jurist-7',
      `${r.batesFirst} – ${r.batesLast}`,
    ])
      expect(cover).toContain(s);
    expect(pages[1]).toContain('Innholdsfortegnelse');
  });

  test('every page carries its Bates number in order, and the page count is the PDF’s', () => {
    const info = execFileSync('pdfinfo', [pdfPath]).toString();
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(r.pages);
    expect(pages).toHaveLength(r.pages);
    expect(r.pages).toBeGreaterThan(4);
    pages.forEach((text, i) => {
      const n = `HS-2025-004-${String(i + 1).padStart(6, '0')}`;
      expect(text).toContain(n);
      expect(text).toContain(`Side ${i + 1} av ${r.pages}`);
    });
    expect(r.batesFirst).toBe('HS-2025-004-000001');
    expect(r.batesLast).toBe(`HS-2025-004-${String(r.pages).padStart(6, '0')}`);
  });

  test('the table of contents sends each item to the page it is on', () => {
    const items = JSON.parse(files.get('items.json')!.toString('utf8')).items as {
      n: number;
      page: string;
      sourceId: string;
    }[];
    for (const it of [items[0]!, items[29]!, items[59]!]) {
      const page = Number(it.page.slice(-6));
      expect(pages[page - 1]).toContain(`${it.n}. 2013-`);
      expect(pages[page - 1]).toContain(`id ${it.sourceId}`);
      expect(pages.slice(1, 3).join('\n')).toMatch(new RegExp(`${it.n}\\.\\s+2013-.*${it.page}`));
    }
  });

  test('a withheld passage is a black box naming the ground (pasient- og brukerrettighetsloven § 5-1 andre ledd)', () => {
    expect(r.redactionBoxes).toHaveLength(2);
    const box = r.redactionBoxes.find((b) => b.ground === GROUND)!;
    const img = renderPage(pdfPath, box.page);
    // The box's left band (left of its white text) is solid black; the line above it is not.
    expect(darkShare(img, box.x + 1, box.y + 1, box.x + 7, box.y + box.height - 1)).toBeGreaterThan(0.95);
    // Its top padding is black across the full width, and most of the box is black.
    expect(darkShare(img, box.x + 1, box.y + 1, box.x + box.width - 1, box.y + 5)).toBeGreaterThan(0.95);
    expect(darkShare(img, box.x, box.y, box.x + box.width, box.y + box.height)).toBeGreaterThan(0.7);
    expect(darkShare(img, box.x, box.y - 6, box.x + box.width, box.y - 3)).toBeLessThan(0.05);
    const text = pages[box.page - 1]!.replace(/\s+/g, ' ');
    expect(text).toContain(
      'TILBAKEHOLDT – opplysninger om tredjeperson, pasient- og brukerrettighetsloven § 5-1 andre ledd',
    );
    expect(text).toContain('Pasienten forteller at hun blir mobbet.');
    expect(text).toContain('Pasienten gråter.');
    const whole = r.redactionBoxes.find((b) => b.ground !== GROUND)!;
    expect(pages[whole.page - 1]!.replace(/\s+/g, ' ')).toContain(
      'HELE DOKUMENTET TILBAKEHOLDT – taushetsplikt overfor tredjeperson, helsepersonelloven § 21',
    );
  });

  test('the withheld text is in no file of the ZIP, the JSON keeps the ground', () => {
    const all = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8').replace(/\s+/g, ' ');
    const streams = pdfStreams(files.get('bundle.pdf')!);
    for (const secret of [THIRD_PARTY, WHOLE_SECRET, 'Kari Olsen', 'naboens sykdomshistorie', 'Om naboen']) {
      expect(all).not.toContain(secret);
      expect(streams).not.toContain(secret);
      for (const [name, data] of files) {
        expect({ name, found: data.toString('utf8').includes(secret) }).toEqual({ name, found: false });
        expect({ name, found: data.toString('latin1').includes(secret) }).toEqual({ name, found: false });
      }
    }
    const items = JSON.parse(files.get('items.json')!.toString('utf8')).items;
    const seven = items.find((i: { id: string }) => i.id === 'je-7');
    expect(seven.withheld).toEqual({
      wholeItem: false,
      passages: [{ ground: GROUND, characters: THIRD_PARTY.length }],
    });
    expect(seven.text).toContain(`[TILBAKEHOLDT: ${GROUND}]`);
    // An item with withheld passages keeps no earlier version (it may hold the passage reworded).
    expect(seven.provenance[0].earlierText).toBe(
      '[TILBAKEHOLDT: tidligere versjon av et dokument med tilbakeholdte avsnitt]',
    );
    const ten = items.find((i: { id: string }) => i.id === 'je-10');
    expect(ten.withheld).toEqual({
      wholeItem: true,
      ground: 'taushetsplikt overfor tredjeperson, helsepersonelloven § 21',
    });
    expect(ten.text).toBeUndefined();
    expect(ten.title).toBeUndefined();
    expect(ten.sourceId).toBe('4010');
    // Nothing left behind beside the ZIP (no spool, no partial file).
    expect(readdirSync(dir).filter((f) => f.startsWith('.bundle-') || f.endsWith('.partial'))).toEqual([]);
  });

  test('verify-bundle passes an untouched bundle and its seal', async () => {
    const v = await verifyBundle(out, { seal: r.manifestSha256 });
    expect(v).toMatchObject({ ok: true, problems: [], files: 4, bundleId: r.bundleId });
  });

  test('a tampered bundle fails verification naming the file', async () => {
    const changed = new Map(files);
    changed.set(
      'items.json',
      Buffer.from(files.get('items.json')!.toString('utf8').replace('mobbing', 'lek')),
    );
    const t1 = join(dir, 'tampered-items.zip');
    await writeZip(t1, changed);
    const v1 = await verifyBundle(t1);
    expect(v1.ok).toBe(false);
    expect(v1.problems).toEqual([expect.objectContaining({ file: 'items.json', problem: 'changed' })]);

    const dropped = new Map(files);
    dropped.delete('custody.json');
    dropped.set('extra.txt', Buffer.from('lagt til'));
    const t2 = join(dir, 'tampered-files.zip');
    await writeZip(t2, dropped);
    const v2 = await verifyBundle(t2);
    expect(v2.problems.map((p) => [p.file, p.problem]).sort()).toEqual([
      ['custody.json', 'missing'],
      ['extra.txt', 'unexpected'],
    ]);

    // A consistent rewrite of a file and the manifest is caught by the seal kept at build time.
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    const pdf = Buffer.concat([files.get('bundle.pdf')!, Buffer.from('%tampered\n')]);
    manifest.files.find((f: { name: string }) => f.name === 'bundle.pdf').sha256 = createHash('sha256')
      .update(pdf)
      .digest('hex');
    manifest.files.find((f: { name: string }) => f.name === 'bundle.pdf').bytes = pdf.length;
    const resealed = new Map(files);
    resealed.set('bundle.pdf', pdf);
    resealed.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const t3 = join(dir, 'tampered-resealed.zip');
    await writeZip(t3, resealed);
    expect((await verifyBundle(t3)).ok).toBe(true);
    const v3 = await verifyBundle(t3, { seal: r.manifestSha256 });
    expect(v3.problems).toEqual([expect.objectContaining({ file: 'manifest.json', problem: 'seal' })]);

    // The command (it opens no database): exit 1, the file named.
    const noServices = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'ELASTICSEARCH_URL'),
    );
    const cli = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), join(REPO, 'scripts', 'cli.ts'), 'verify-bundle', t1],
      {
        encoding: 'utf8',
        env: noServices,
      },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('items.json: items.json changed');
    const good = spawnSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        join(REPO, 'scripts', 'cli.ts'),
        'verify-bundle',
        out,
        '--seal',
        r.manifestSha256,
      ],
      { encoding: 'utf8', env: noServices },
    );
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('verified: 4 files match manifest.json');
  });
});

describe('bad input gets a clear error and leaves no file', () => {
  const cases: [string, Partial<Parameters<typeof writeBundle>[0]>, BundleItem[], RegExp][] = [
    [
      'a withheld mark without a ground',
      { withheld: [{ itemId: 'je-1', ground: ' ' }] },
      [item(1)],
      /a legal ground is required/,
    ],
    [
      'a range outside the text',
      { withheld: [{ itemId: 'je-1', ground: 'g', range: { start: 5, end: 5000 } }] },
      [item(1)],
      /withheld range 5\.\.5000 of item je-1 is outside its text/,
    ],
    [
      'a text not in the item',
      { withheld: [{ itemId: 'je-1', ground: 'g', text: 'finnes ikke' }] },
      [item(1)],
      /withheld text is not found in item je-1/,
    ],
    [
      'a withheld item not in the bundle',
      { withheld: [{ itemId: 'je-99', ground: 'g' }] },
      [item(1)],
      /names item je-99, which is not in the bundle/,
    ],
    ['the same item twice', {}, [item(1), item(1)], /id je-1 appears twice/],
    ['an item without a date', {}, [item(1, { date: 'i fjor' })], /date must start with a date/],
    [
      'a window backwards',
      { request: { ...request, window: { from: '2015-01-01', to: '2014-01-01' } } },
      [item(1)],
      /window.from must not be after window.to/,
    ],
    [
      'a bad prefix',
      { request: { ...request, prefix: 'hs 2025' } },
      [item(1)],
      /prefix must be 1–40 capital letters/,
    ],
    ['no requester', { request: { ...request, requester: '' } }, [item(1)], /requester is required/],
    [
      // Each 'a' becomes a 516-character marker: 2,500 of them per item, 1.3 million characters,
      // pass for one item; the two items' markers together pass MAX_MARKER_CHARS.
      'markers that would add more than 2,000,000 characters to the bundle',
      {
        withheld: ['je-1', 'je-2'].map((itemId) => ({ itemId, ground: 'g'.repeat(500), text: 'a' })),
      },
      [1, 2].map((i) => item(i, { text: 'ab'.repeat(2500) })),
      /would add more than 2000000 characters of markers \(at item je-2\)/,
    ],
  ];
  test.each(cases)('%s', async (_, over, list, message) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}.zip`);
    const err = await writeBundle({ request, builder, items: items(list), completeness, out, ...over }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(BundleInputError);
    expect((err as Error).message).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.bundle-'))).toEqual([]);
  });
});

describe('bounded memory', () => {
  // 1,500 generated items (bench/bundle.ts, streamed) under a 40 MiB V8 heap: what the writer
  // keeps alive must not grow with the items (pdfkit's per-word layout cache did: it ran out).
  test('a bundle builds with the JavaScript heap capped at 40 MiB', () => {
    const out = mkdtempSync(join(tmpdir(), 'helsespor-bundle-mem-'));
    try {
      const r = spawnSync(
        process.execPath,
        [
          '--max-old-space-size=40',
          '-r',
          'tsx/cjs',
          join(REPO, 'bench', 'bundle.ts'),
          '--phase',
          'build',
          '1500',
          out,
        ],
        { encoding: 'utf8', cwd: REPO, env: { ...process.env, LOG_LEVEL: 'warn' } },
      );
      expect(r.stderr).not.toMatch(/heap out of memory/);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toMatchObject({ phase: 'bundle', items: 1500 });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);
});

test('pbrl § 5-1 andre ledd: a withheld passage leaves no trace in the highlights or earlier versions of its item (found in review: <em> tags and other whitespace slipped past)', () => {
  const text = 'Forteller at hun ble mobbet i friminuttene i høst. Mor er informert.';
  const item: BundleItem = {
    id: 'JOURNAL_ENTRY:je-1',
    kind: 'journal_entry',
    date: '2012-09-17',
    sourceSystem: 'PROFIL',
    sourceId: '4712',
    title: 'Journalnotat',
    text,
    provenance: [
      { what: 'correction', detail: 'retting', earlierText: 'Forteller at hun  ble mobbet i friminuttene.' },
    ],
    concepts: [
      { concept: 'mobbing', highlights: ['Forteller at hun ble <em>mobbet</em> i friminuttene i høst'] },
    ],
  };
  const start = text.indexOf('ble mobbet');
  const end = text.indexOf('. Mor');
  const r = redact(item, [{ itemId: item.id, ground: GROUND, range: { start, end } }]);
  const all = JSON.stringify(r.item);
  expect(all).not.toMatch(/mobbet|friminuttene/);
  expect(r.item.text).toContain('Mor er informert.');
  expect(r.item.concepts).toEqual([{ concept: 'mobbing', highlights: [] }]);
});

test('pbrl § 5-1 andre ledd: overlapping passages become one box naming both grounds, and they are cut from the title as well (one pass over the original: a marker is never searched)', () => {
  const text = 'Venninnen Kari Olsen forteller at hennes far drikker.';
  const it: BundleItem = { ...item(1), title: 'Om Kari Olsen forteller', text };
  const r = redact(it, [
    { itemId: it.id, ground: 'tredjeperson', text: 'Kari Olsen' },
    { itemId: it.id, ground: 'tredjeperson', text: 'Kari Olsen' },
    { itemId: it.id, ground: 'Olsen forteller: annen grunn', text: 'Olsen forteller' },
  ]);
  expect(r.item.text).toBe(
    'Venninnen [TILBAKEHOLDT: tredjeperson; Olsen forteller: annen grunn] at hennes far drikker.',
  );
  expect(r.item.title).toBe('Om [TILBAKEHOLDT: tredjeperson; Olsen forteller: annen grunn]');
  expect(r.passages).toEqual([{ ground: 'tredjeperson; Olsen forteller: annen grunn', characters: 20 }]);
});
