/**
 * Withheld passages (unntak fra innsyn): a passage or a whole item held back on a stated
 * legal ground, e.g. information about a third party (pasient- og brukerrettighetsloven
 * § 5-1 andre ledd; offentleglova § 13 with forvaltningsloven § 13). The bundle shows a
 * redaction box naming the ground where the passage was; the withheld text itself never
 * reaches any file of the bundle (nor its spool on disk): it is cut out here, before
 * anything is written.
 *
 * Every passage is replaced in one pass over the item's own strings: the occurrences of every
 * withheld text are found in the original, overlapping or adjacent ones join into one box
 * naming all their grounds, and the markers put in are never searched again. A ground is the
 * caller's own words and is printed as written (found in review: replaced one passage after
 * another, each pass also searched the markers of the passes before it, so a mark of the text
 * "a" with a ground of a's multiplied the title a hundredfold per mark, and five such marks
 * aborted the process). What the markers may add to a bundle is capped (MAX_MARKER_CHARS).
 */
import type { BundleItem, ProvenanceEntry, WithheldMark } from './types';

export class BundleInputError extends Error {}

/** A piece of an item's text: text to print, or a withheld passage (its ground). */
export type Segment = { text: string } | { withheld: string };

/** An item as it goes into the bundle: nothing withheld left in it. */
export interface RedactedItem {
  item: BundleItem;
  /** The item's text in order, withheld passages as their ground. */
  segments: Segment[];
  /** The whole item is withheld on this ground (segments empty, free text removed). */
  wholeGround: string | null;
  /** Passages withheld from the text, in order: the ground and how many characters. */
  passages: { ground: string; characters: number }[];
}

export const MAX_GROUND_CHARS = 500;

/** Checks the marks (shape, grounds) and groups them by item id. */
export function indexMarks(marks: readonly WithheldMark[]): Map<string, WithheldMark[]> {
  const byItem = new Map<string, WithheldMark[]>();
  marks.forEach((m, i) => {
    const at = `withheld[${i}]`;
    if (!m || typeof m.itemId !== 'string' || !m.itemId)
      throw new BundleInputError(`${at}: itemId is required`);
    if (typeof m.ground !== 'string' || !m.ground.trim())
      throw new BundleInputError(`${at} (item ${m.itemId}): a legal ground is required`);
    if (m.ground.length > MAX_GROUND_CHARS)
      throw new BundleInputError(
        `${at} (item ${m.itemId}): the ground is longer than ${MAX_GROUND_CHARS} characters`,
      );
    if (m.range && m.text != null)
      throw new BundleInputError(`${at} (item ${m.itemId}): give a range or a text, not both`);
    if (m.range) {
      const { start, end } = m.range;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start)
        throw new BundleInputError(
          `${at} (item ${m.itemId}): range must be whole numbers with 0 <= start < end (got ${start}..${end})`,
        );
    }
    if (m.text != null && (typeof m.text !== 'string' || !m.text.trim()))
      throw new BundleInputError(`${at} (item ${m.itemId}): text must not be empty`);
    const list = byItem.get(m.itemId) ?? [];
    list.push(m);
    byItem.set(m.itemId, list);
  });
  return byItem;
}

const marker = (ground: string) => `[TILBAKEHOLDT: ${ground}]`;
const EARLIER_WITHHELD = 'tidligere versjon av et dokument med tilbakeholdte avsnitt';

/**
 * How many characters the markers may add to a bundle (or to one item redacted on its own),
 * beyond the passages they replace: about 600 pages of nothing but markers. Passing it takes
 * a short passage that recurs very often, with a long ground.
 */
export const MAX_MARKER_CHARS = 2_000_000;

/** What the markers have added so far (one per bundle): redact() refuses to pass MAX_MARKER_CHARS. */
export interface MarkerBudget {
  added: number;
}

interface Region {
  start: number;
  end: number;
  grounds: string[];
}

/** Sorted ranges, those that overlap or touch joined into one, with all their grounds. */
function mergeRanges(ranges: { start: number; end: number; ground: string }[]): Region[] {
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Region[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      if (!last.grounds.includes(r.ground)) last.grounds.push(r.ground);
    } else merged.push({ start: r.start, end: r.end, grounds: [r.ground] });
  }
  return merged;
}

/** The marker of a region, counted against the budget (throws BundleInputError past it). */
function regionMarker(region: Region, budget: MarkerBudget, itemId: string): string {
  const m = marker(region.grounds.join('; '));
  budget.added += Math.max(0, m.length - (region.end - region.start));
  if (budget.added > MAX_MARKER_CHARS)
    throw new BundleInputError(
      `the withheld passages would add more than ${MAX_MARKER_CHARS} characters of markers (at item ${itemId}): ` +
        'a short passage recurs too often with a long ground; withhold longer passages or shorten the ground',
    );
  return m;
}

/**
 * Every occurrence of every passage in `s` replaced by a marker naming its ground(s), in one
 * pass over `s` as it was: what a marker puts in is never searched.
 */
function replaceAll(
  s: string,
  passages: readonly { text: string; ground: string }[],
  budget: MarkerBudget,
  itemId: string,
): string {
  const found: { start: number; end: number; ground: string }[] = [];
  const c = canonical(s);
  for (const p of passages) for (const o of occurrences(c, p.text)) found.push({ ...o, ground: p.ground });
  if (!found.length) return s;
  const parts: string[] = [];
  let at = 0;
  for (const r of mergeRanges(found)) {
    parts.push(s.slice(at, r.start), regionMarker(r, budget, itemId));
    at = r.end;
  }
  parts.push(s.slice(at));
  return parts.join('');
}

/**
 * The withheld passages' texts of an item whose text is `text` (a range mark's characters, a
 * text mark's text): what a redacted copy of its document file must paint out
 * (lib/bundle/redact-file.ts). A range outside the text is left to `redact`, which refuses it.
 */
export function passageTexts(text: string, marks: readonly WithheldMark[]): string[] {
  const out = new Set<string>();
  for (const m of marks) {
    if (m.range) {
      if (m.range.end <= text.length) out.add(text.slice(m.range.start, m.range.end));
    } else if (m.text != null) out.add(m.text);
  }
  return [...out].filter((t) => t.trim());
}

/**
 * Applies an item's marks. Throws BundleInputError for a range outside the text or a text
 * not found in the item. The result holds no withheld text anywhere.
 */
export function redact(
  item: BundleItem,
  marks: readonly WithheldMark[] | undefined,
  budget: MarkerBudget = { added: 0 },
): RedactedItem {
  const text = item.text ?? '';
  if (!marks?.length) return { item, segments: text ? [{ text }] : [], wholeGround: null, passages: [] };
  const whole = marks.filter((m) => !m.range && m.text == null);
  if (whole.length) {
    const ground = [...new Set(whole.map((m) => m.ground.trim()))].join('; ');
    const kept: BundleItem = {
      id: item.id,
      kind: item.kind,
      date: item.date,
      sourceSystem: item.sourceSystem,
      sourceId: item.sourceId,
      author: item.author ?? null,
      unit: item.unit ?? null,
    };
    return { item: kept, segments: [], wholeGround: ground, passages: [] };
  }
  // Character ranges of the text to withhold, each with its ground; a mark given twice counts once.
  const ranges: { start: number; end: number; ground: string }[] = [];
  const passages: { text: string; ground: string }[] = [];
  const unique = new Map(
    marks.map((m) => [JSON.stringify([m.ground.trim(), m.range?.start, m.range?.end, m.text ?? null]), m]),
  );
  for (const m of unique.values()) {
    const ground = m.ground.trim();
    if (m.range) {
      if (m.range.end > text.length)
        throw new BundleInputError(
          `withheld range ${m.range.start}..${m.range.end} of item ${item.id} is outside its text (${text.length} characters)`,
        );
      ranges.push({ ...m.range, ground });
      passages.push({ text: text.slice(m.range.start, m.range.end), ground });
    } else {
      const t = m.text!;
      passages.push({ text: t, ground });
      const inText = occurrences(text, t);
      for (const o of inText) ranges.push({ ...o, ground });
      if (!inText.length && !otherTexts(item).some((s) => occurrences(s, t).length))
        throw new BundleInputError(`withheld text is not found in item ${item.id}`);
    }
  }
  // A passage of the text may recur elsewhere in the item (an earlier version, a highlight):
  // each distinct text once, with every ground it was marked with.
  const byText = new Map<string, string[]>();
  for (const p of passages) {
    const grounds = byText.get(p.text) ?? [];
    if (!grounds.includes(p.ground)) grounds.push(p.ground);
    byText.set(p.text, grounds);
  }
  const distinct = [...byText].flatMap(([t, grounds]) => grounds.map((ground) => ({ text: t, ground })));
  const merged = mergeRanges(ranges);
  const segments: Segment[] = [];
  const textParts: string[] = [];
  let at = 0;
  const plain = (s: string) => {
    const t = replaceAll(s, distinct, budget, item.id);
    segments.push({ text: t });
    textParts.push(t);
  };
  for (const r of merged) {
    if (r.start > at) plain(text.slice(at, r.start));
    segments.push({ withheld: r.grounds.join('; ') });
    textParts.push(regionMarker(r, budget, item.id));
    at = r.end;
  }
  if (at < text.length) plain(text.slice(at));
  const redactedText = textParts.join('');
  const r = (s: string | null | undefined) => (s == null ? s : replaceAll(s, distinct, budget, item.id));
  const kept: BundleItem = {
    ...item,
    // An archive document's source id is its file name, which may name what is withheld (review s42).
    sourceId: replaceAll(item.sourceId, distinct, budget, item.id),
    title: r(item.title),
    text: item.text == null ? item.text : redactedText,
    author: r(item.author),
    unit: r(item.unit),
    // Earlier versions and search highlights hold the same words in another form (other
    // whitespace, an edit, <em> tags, fragments cut mid-sentence): exact replacement misses
    // them (found in review). An item with withheld passages keeps neither.
    // A correction's `what` names what its earlier version said (the dossier's `change` since
    // stop 42: "version 1: description: …", an earlier tittel): withheld there too (review s42).
    provenance: item.provenance?.map((p): ProvenanceEntry => ({
      ...p,
      what: replaceAll(p.what, distinct, budget, item.id),
      detail: r(p.detail),
      earlierText: p.earlierText == null ? p.earlierText : marker(EARLIER_WITHHELD),
    })),
    concepts: item.concepts?.map((c) => ({ ...c, highlights: c.highlights ? [] : c.highlights })),
    details: item.details
      ? Object.fromEntries(
          Object.entries(item.details).map(([k, v]) => [
            k,
            typeof v === 'string' ? replaceAll(v, distinct, budget, item.id) : v,
          ]),
        )
      : item.details,
  };
  return {
    item: kept,
    segments,
    wholeGround: null,
    passages: merged.map((m) => ({ ground: m.grounds.join('; '), characters: m.end - m.start })),
  };
}

/** A string in NFC, composed one character and its combining marks at a time, with where each came from. */
interface Canonical {
  text: string;
  /** For each character of `text`: the start and end in the original of the character (with its marks) it came from. */
  from: number[];
  to: number[];
}

/**
 * Extended grapheme-like pieces: a run of white space, a character with the combining marks after
 * it (or marks alone).
 */
const PIECE = /\s+|\p{M}+|[\s\S]\p{M}*/gu;

function canonical(s: string): Canonical {
  const from: number[] = [];
  const to: number[] = [];
  const parts: string[] = [];
  for (const m of s.matchAll(PIECE)) {
    // Any run of white space is one space: a document's text breaks lines where its page does
    // ("Kari\nNordmann"), and a no-break space or two spaces are the same words; and a letter in
    // capitals is the same letter ("KARI NORDMANN" in a letter's heading or copy line). Review
    // s42: a passage withheld by its text stayed in the bundle where the letter broke it over two
    // lines or wrote it in capitals (the redacted copy of its file paints words in any case).
    const n = /^\s/.test(m[0]) ? ' ' : m[0].normalize('NFC').toLowerCase();
    parts.push(n);
    for (let k = 0; k < n.length; k++) {
      from.push(m.index);
      to.push(m.index + m[0].length);
    }
  }
  return { text: parts.join(''), from, to };
}

/**
 * Where `t` occurs in `s`, as ranges of `s`, compared under Unicode canonical equivalence:
 * "Kåre" typed with a precomposed å (NFC) and held by a note as a + combining ring (NFD, as some
 * exports write it), or mixing both within the name ("Kåre Ødegård" with one å of each), is the
 * same text and prints alike; every occurrence is withheld, whatever the form of each of its
 * characters (found in review s34: an NFD occurrence stayed in the bundle; re-read: one mixing
 * both forms within itself), any run of white space as one space (a line break, a no-break
 * space, two spaces) and capitals as small letters (review s42). A range covers whole characters with their combining marks.
 * Occurrences do not overlap.
 */
function occurrences(s: string | Canonical, t: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (!t) return out;
  const c = typeof s === 'string' ? canonical(s) : s;
  const want = canonical(t).text;
  for (let i = c.text.indexOf(want); i >= 0; i = c.text.indexOf(want, i + want.length))
    out.push({ start: c.from[i]!, end: c.to[i + want.length - 1]! });
  return out;
}

function otherTexts(item: BundleItem): string[] {
  return [
    item.sourceId,
    item.title,
    item.author,
    item.unit,
    ...(item.provenance ?? []).flatMap((p) => [p.what, p.detail, p.earlierText]),
    ...(item.concepts ?? []).flatMap((c) => c.highlights ?? []),
    ...Object.values(item.details ?? {}).filter((v): v is string => typeof v === 'string'),
  ].filter((s): s is string => typeof s === 'string');
}
