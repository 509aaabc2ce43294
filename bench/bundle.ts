/**
 * `npm run bench:bundle [items=10000]`: builds an evidence bundle of generated items (streamed,
 * never held in memory) and reports build time and peak RSS, beside two baselines in the same
 * run, each in its own process so each peak RSS is its own:
 *   - zip only: yazl alone zipping the same items as JSON lines (the input bytes, streamed);
 *   - same bytes: yazl alone zipping the files the bundle consists of (PDF, JSON, manifest).
 * The bundle is also built for a fifth of the items: peak RSS that does not grow with the
 * item count is the bounded-memory claim (the spool and the PDF go to disk page by page).
 * Needs no database or Elasticsearch.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { open as openZip, type Entry } from 'yauzl';
import { ZipFile } from 'yazl';
import type { BundleItem } from '../lib/bundle/types';
import { writeBundle } from '../lib/bundle/write';

const WORDS =
  'pasienten forteller om søvnvansker og mobbing i friminuttene samtale med mor avtalt ny time hos helsesykepleier vekt og høyde målt ingen reaksjoner observert henvist til fastlege skolen melder fravær'.split(
    ' ',
  );

/** Deterministic items: 200–1,200 characters of note text each, every 50th with a third party to withhold. */
async function* generate(n: number): AsyncGenerator<BundleItem> {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const start = Date.UTC(2010, 0, 1);
  for (let i = 1; i <= n; i++) {
    const len = 200 + Math.floor(rnd() * 1000);
    let text = '';
    while (text.length < len) text += WORDS[Math.floor(rnd() * WORDS.length)] + (rnd() < 0.1 ? '. ' : ' ');
    if (i % 50 === 0) text += ` Naboen Ola Hansen ${i} har selv vært innlagt.`;
    const date = new Date(start + i * 3 * 3600 * 1000).toISOString();
    yield {
      id: `je-${i}`,
      kind: i % 7 === 0 ? 'care_contact' : 'journal_entry',
      date,
      sourceSystem: ['GERICA', 'PROFIL', 'HELSEPLATTFORMEN'][i % 3]!,
      sourceId: String(100000 + i),
      title: `Journalnotat ${i}`,
      text,
      author: 'Helsesykepleier Berit Ødegård',
      unit: 'Skolehelsetjenesten',
      provenance: i % 10 === 0 ? [{ what: 'migrated', at: '2019-05-01', detail: `fra Gerica ${i}` }] : [],
    };
  }
}

function withheld(n: number) {
  return Array.from({ length: Math.floor(n / 50) }, (_, k) => ({
    itemId: `je-${(k + 1) * 50}`,
    ground: 'opplysninger om tredjeperson, pbrl. § 5-1 andre ledd',
    text: `Naboen Ola Hansen ${(k + 1) * 50} har selv vært innlagt.`,
  }));
}

interface Phase {
  phase: string;
  items: number;
  ms: number;
  /** CPU time of the process (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  peakRssMiB: number;
  bytes: number;
  pages?: number;
}

const peak = () => process.resourceUsage().maxRSS / 1024; // KiB → MiB
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function phaseBuild(n: number, dir: string): Promise<Phase> {
  const t = performance.now();
  const c0 = cpu();
  const r = await writeBundle({
    request: {
      matter: 'M-2025-004',
      requester: 'bench',
      purpose: 'LEGAL_PROCEEDINGS',
      window: { from: '2010-01-01', to: '2015-12-31' },
      query: 'alle',
    },
    builder: { userId: 'bench', role: 'legal', requestId: 'bench', via: 'bench/bundle.ts' },
    items: generate(n),
    completeness: { sources: [{ sourceSystem: 'GERICA', 'poster i perioden': n }] },
    withheld: withheld(n),
    out: join(dir, `bundle-${n}.zip`),
  });
  return {
    phase: 'bundle',
    items: n,
    ms: performance.now() - t,
    cpuMs: cpu() - c0,
    peakRssMiB: peak(),
    bytes: r.bytes,
    pages: r.pages,
  };
}

/** yazl alone, zipping the items as JSON lines, streamed from the same generator. */
async function phaseZipOnly(n: number, dir: string): Promise<Phase> {
  const t = performance.now();
  const c0 = cpu();
  const zip = new ZipFile();
  async function* lines() {
    for await (const it of generate(n)) yield JSON.stringify(it) + '\n';
  }
  zip.addReadStream(Readable.from(lines()), 'items.ndjson');
  zip.end();
  const out = join(dir, `raw-${n}.zip`);
  await pipeline(zip.outputStream, createWriteStream(out));
  return {
    phase: 'zip only (items as JSON lines)',
    items: n,
    ms: performance.now() - t,
    cpuMs: cpu() - c0,
    peakRssMiB: peak(),
    bytes: statSync(out).size,
  };
}

/** yazl alone, zipping the very files of the bundle (extracted from it first, not timed). */
async function phaseSameBytes(n: number, dir: string): Promise<Phase> {
  const src = join(dir, `bundle-${n}.zip`);
  const files = join(dir, `files-${n}`);
  spawnSync('mkdir', ['-p', files]);
  const names: string[] = [];
  await new Promise<void>((resolve, reject) =>
    openZip(src, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      zf.on('entry', (e: Entry) =>
        zf.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          names.push(e.fileName);
          pipeline(s, createWriteStream(join(files, e.fileName))).then(() => zf.readEntry(), reject);
        }),
      );
      zf.on('end', () => resolve());
      zf.readEntry();
    }),
  );
  const t = performance.now();
  const c0 = cpu();
  const zip = new ZipFile();
  for (const name of names) zip.addReadStream(createReadStream(join(files, name)), name);
  zip.end();
  const out = join(dir, `same-${n}.zip`);
  await pipeline(zip.outputStream, createWriteStream(out));
  return {
    phase: 'zip only (the bundle’s own files)',
    items: n,
    ms: performance.now() - t,
    cpuMs: cpu() - c0,
    peakRssMiB: peak(),
    bytes: statSync(out).size,
  };
}

function child(phase: string, n: number, dir: string, nodeArgs: string[] = []): Phase {
  const r = spawnSync(
    process.execPath,
    [...nodeArgs, '-r', 'tsx/cjs', __filename, '--phase', phase, String(n), dir],
    {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  if (r.status !== 0) throw new Error(`${phase} ${n} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Phase;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--phase');
  if (i > 0) {
    const [phase, n, dir] = process.argv.slice(i + 1) as [string, string, string];
    const run = { build: phaseBuild, zip: phaseZipOnly, same: phaseSameBytes }[phase];
    if (!run) throw new Error(`unknown phase ${phase}`);
    process.stdout.write(JSON.stringify(await run(Number(n), dir)) + '\n');
    return;
  }
  const n = Number(process.argv[2] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'helsespor-bench-bundle-'));
  try {
    const small = Math.max(1, Math.floor(n / 5));
    const rows = [
      child('build', small, dir),
      child('build', n, dir),
      child('zip', n, dir),
      child('same', n, dir),
    ];
    // The same build with V8's heap capped: it completes only if what it keeps alive stays small.
    const capped = {
      ...child('build', n, dir, ['--max-old-space-size=64']),
      phase: 'bundle, V8 heap capped at 64 MiB',
    };
    rows.push(capped);
    const f = (x: number) => x.toFixed(1);
    console.log(`Evidence bundle benchmark (${new Date().toISOString()}, node ${process.version})`);
    console.log(
      'phase'.padEnd(38),
      'items'.padStart(7),
      'time s'.padStart(8),
      'CPU s'.padStart(7),
      'peak RSS MiB'.padStart(13),
      'ZIP MiB'.padStart(8),
      'pages'.padStart(7),
    );
    for (const r of rows)
      console.log(
        r.phase.padEnd(38),
        String(r.items).padStart(7),
        f(r.ms / 1000).padStart(8),
        f(r.cpuMs / 1000).padStart(7),
        f(r.peakRssMiB).padStart(13),
        f(r.bytes / 1048576).padStart(8),
        String(r.pages ?? '').padStart(7),
      );
    const [s, b, z, same] = rows as [Phase, Phase, Phase, Phase];
    console.log(
      `bundle of ${n} items: ${f(b.ms / 1000)} s (CPU ${f(b.cpuMs / 1000)} s), peak RSS ${f(b.peakRssMiB)} MiB; ` +
        `zip-only baseline ${f(z.ms / 1000)} s / ${f(z.peakRssMiB)} MiB (time ×${(b.ms / z.ms).toFixed(1)}, RSS ×${(b.peakRssMiB / z.peakRssMiB).toFixed(2)}); ` +
        `same bytes zipped alone ${f(same.ms / 1000)} s / ${f(same.peakRssMiB)} MiB (time ×${(b.ms / same.ms).toFixed(1)}, RSS ×${(b.peakRssMiB / same.peakRssMiB).toFixed(2)})`,
    );
    console.log(
      `bounded memory: ${small} items peak RSS ${f(s.peakRssMiB)} MiB, ${n} items ${f(b.peakRssMiB)} MiB ` +
        `(${(n / small).toFixed(0)}× the items, ${(b.peakRssMiB / s.peakRssMiB).toFixed(2)}× the RSS: V8 grows its heap ` +
        `when allowed); with the heap capped at 64 MiB the ${n}-item bundle still builds: ${f(capped.ms / 1000)} s, peak RSS ${f(capped.peakRssMiB)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
