/**
 * A statistics table as a printable SVG (A4 landscape), drawn the way the coercion
 * report's chart is (subgraphs/coercion/report-svg.ts: fixed page, escaped text, a legend,
 * the numbers printed beside what is drawn): one bar per block (month or year), split by
 * the categories of the table's first dimension, from the published cells whose other
 * dimensions are totals. Only published numbers are drawn: a suppressed part is not drawn
 * and is listed as ":" in the legend row of its block, and a suppressed block total prints
 * ":" over its bar. The chart shows the same numbers as the CSV, nothing more.
 */
import { SUPPRESSED_SYMBOL, type ProtectedTable } from './disclosure';

const W = 1123;
const H = 794;
const LEFT = 80;
const RIGHT = 260;
const TOP = 90;
const BOTTOM = 120;
const PALETTE = [
  '#1b7f3b',
  '#1f5fbf',
  '#e08a00',
  '#c62828',
  '#7b1fa2',
  '#00838f',
  '#8a8a8a',
  '#5d4037',
  '#ad1457',
];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function statisticsSvg(t: ProtectedTable): string {
  const d = t.dimensions.length;
  const blocks = [...new Set(t.cells.map((c) => c.block))];
  // The block totals and the split by the first dimension (other dimensions: totals).
  const total = new Map<string, number | null>();
  const parts = new Map<string, Map<string, number | null>>();
  const series: string[] = [];
  for (const c of t.cells) {
    if (c.keys.slice(1).some((k) => k !== null)) continue;
    if (c.keys[0] === null || d === 0) total.set(c.block, c.count);
    else {
      const k = c.keys[0]!;
      if (!series.includes(k)) series.push(k);
      let m = parts.get(c.block);
      if (!m) parts.set(c.block, (m = new Map()));
      m.set(k, c.count);
    }
  }
  series.sort();
  const colour = (k: string) => PALETTE[series.indexOf(k) % PALETTE.length]!;
  const heightOf = (b: string) => {
    const tot = total.get(b);
    const sum = [...(parts.get(b)?.values() ?? [])].reduce<number>((s, v) => s + (v ?? 0), 0);
    return Math.max(tot ?? 0, sum);
  };
  const max = Math.max(1, ...blocks.map(heightOf));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const slot = blocks.length ? plotW / blocks.length : plotW;
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="36" font-size="20">${esc(t.title)}</text>`,
    `<text x="${LEFT}" y="60" font-size="12" fill="#444">${esc(`${t.unit} per ${t.blockDimension}${d ? ` × ${t.dimensions[0]}` : ''}; small cells suppressed (${SUPPRESSED_SYMBOL}); ${t.suppressedCells} cells suppressed`)}</text>`,
    `<line x1="${LEFT}" y1="${TOP + plotH}" x2="${LEFT + plotW}" y2="${TOP + plotH}" stroke="#000"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}" stroke="#000"/>`,
  ];
  for (const v of [0, max / 2, max]) {
    const n = Math.round(v);
    out.push(
      `<text x="${LEFT - 6}" y="${y(n) + 4}" font-size="10" text-anchor="end">${n}</text>`,
      `<line x1="${LEFT}" y1="${y(n)}" x2="${LEFT + plotW}" y2="${y(n)}" stroke="#ddd"/>`,
    );
  }
  blocks.forEach((b, i) => {
    const x = LEFT + i * slot + (slot - barW) / 2;
    let base = 0;
    const m = parts.get(b) ?? new Map<string, number | null>();
    for (const k of series) {
      const v = m.get(k);
      if (v == null || v === 0) continue;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${colour(k)}"><title>${esc(`${b} ${k}: ${v}`)}</title></rect>`,
      );
      base += v;
    }
    const tot = total.get(b);
    const hidden = series.filter((k) => m.has(k) && m.get(k) === null);
    const label = tot === null || tot === undefined ? SUPPRESSED_SYMBOL : String(tot);
    const top = y(Math.max(base, tot ?? 0)) - 4;
    out.push(
      `<text x="${(x + barW / 2).toFixed(1)}" y="${top.toFixed(1)}" font-size="10" text-anchor="middle">${esc(label)}${hidden.length ? ` (${hidden.length}${SUPPRESSED_SYMBOL})` : ''}</text>`,
    );
    if (blocks.length <= 40 || i % Math.ceil(blocks.length / 40) === 0)
      out.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${TOP + plotH + 14}" font-size="9" text-anchor="end" transform="rotate(-45 ${(x + barW / 2).toFixed(1)} ${TOP + plotH + 14})">${esc(b)}</text>`,
      );
  });
  series.forEach((k, i) => {
    const ly = TOP + i * 18;
    out.push(
      `<rect x="${W - RIGHT + 20}" y="${ly}" width="12" height="12" fill="${colour(k)}"/>`,
      `<text x="${W - RIGHT + 38}" y="${ly + 10}" font-size="11">${esc(k)}</text>`,
    );
  });
  out.push(
    `<text x="${LEFT}" y="${H - 30}" font-size="10" fill="#444">${esc(`"${SUPPRESSED_SYMBOL}" over a bar: its total is suppressed; (n${SUPPRESSED_SYMBOL}): n parts of it are suppressed and not drawn.`)}</text>`,
    '</svg>',
  );
  return out.join('\n');
}
