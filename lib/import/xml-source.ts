/**
 * The source bytes of XML elements read with a streaming parser (saxes), for a quarantine
 * that keeps what the file said, byte for byte: attributes as written, entities, CDATA,
 * comments, whitespace and the encoding, not a re-serialisation of what was parsed.
 *
 * Why the bytes and not a rebuilt record: the archive must keep what it received
 * (arkivlova § 5, arkivforskrifta), and a patient record's content must be kept as it was
 * documented (pasientjournalloven § 22); a quarantine row is the only trace of a record that
 * could not be imported, so it is kept as evidence of what the source said.
 *
 * saxes reports positions in UTF-16 code units of the text it was given (`parser.position`,
 * just after the `>` of the tag at an `opentag` or `closetag` event), not bytes. The bytes
 * are found without re-implementing the decoder: an ASCII byte always decodes to that same
 * character, and no other byte decodes to an ASCII character (a byte that is not UTF-8
 * becomes U+FFFD, never swallowing an ASCII byte after it). So the n-th `>` of the text is
 * the n-th `>` byte of the file, and the `<` that opens a start tag is the last `<` byte before
 * its `>` (XML allows no `<` inside a tag; saxes rejects one in an attribute value).
 *
 * Memory stays bounded: bytes are held from the start of the oldest open element that is
 * kept (`open` at the end of its start tag, or `openAt` at its `opentagstart`, for a start tag
 * that may itself be over the cap), otherwise only from the last `<` (a start tag cut by a
 * chunk boundary), and never more than `maxBytes` back when no element is open. An element
 * longer than `headAfter` bytes keeps only its first `headBytes` (as the HP and Gerica readers
 * keep an oversized line's head); a reader that must not go on past its cap checks `heldFrom`,
 * and without `headAfter`, `trim` throws rather than hold more than `maxBytes`.
 */

/** An open element whose bytes are kept (returned by `open`, given back to `close`). */
export interface OpenElement {
  /** Byte offset of its `<` in the file. */
  start: number;
  /** The line its start tag begins on (1-based, as saxes counts: LF, CR LF or CR). */
  line: number;
  /** Set once it grew over `headAfter`: its first bytes; the rest is no longer held. */
  head?: Buffer;
}

export interface ElementBytes {
  /** The element's bytes, `<` of its start tag to `>` of its end tag (or its head when `truncated`). */
  raw: Buffer;
  line: number;
  /** Its length in bytes. */
  size: number;
  truncated: boolean;
}

const LT = 0x3c;
const GT = 0x3e;
const LF = 0x0a;
const CR = 0x0d;

export class XmlSourceBytes {
  /** Raw bytes held, from byte offset `base`. */
  private held: Buffer[] = [];
  private base = 0;
  private end = 0;
  /** Offset of the last `<` byte seen (-1: none). */
  private lastLt = -1;
  /** The text fed to the parser: the current piece, where it starts (code units), and a cursor counting `>`. */
  private text = '';
  private textBase = 0;
  private charAt = 0;
  private charGts = 0;
  /** Byte cursor: `byteGts` `>` bytes lie before `byteAt`; `lastGtAt` is the offset of the `byteGts`-th (-1: unknown). */
  private byteAt = 0;
  private byteGts = 0;
  private lastGtAt = -1;
  private readonly pins = new Set<OpenElement>();

  constructor(private readonly opts: { maxBytes: number; headAfter?: number; headBytes?: number }) {}

  /** Hands over the next raw bytes and the text they decoded to (what the parser is given next). */
  feed(bytes: Buffer, text: string): void {
    this.feedBytes(bytes);
    this.feedText(text);
  }

  /**
   * The next raw bytes, as read. Their text may be handed over later and in other pieces
   * (`feedText`), as long as the text of every byte that `trim` may drop was handed over.
   */
  feedBytes(bytes: Buffer): void {
    if (!bytes.length) return;
    const lt = bytes.lastIndexOf(LT);
    if (lt >= 0) this.lastLt = this.end + lt;
    this.held.push(bytes);
    this.end += bytes.length;
  }

  /**
   * The next piece of the text, in the file's order: what the parser is given next, or text
   * left out of what it is given (its `>` are counted all the same, so the caller adds the
   * characters left out to the parser's positions).
   */
  feedText(text: string): void {
    // Count the `>` of the piece before (events of the new piece come after it).
    this.moveChars(this.textBase + this.text.length);
    this.textBase += this.text.length;
    this.text = text;
  }

  /** After the parser took the fed text: drops what no open element or start tag can need. */
  trim(): void {
    const headAfter = this.opts.headAfter ?? Infinity;
    for (const p of this.pins)
      if (!p.head && this.end - p.start > headAfter)
        p.head = this.slice(p.start, p.start + this.headLength());
    let keep = Math.max(this.lastLt, this.end - this.opts.maxBytes, 0);
    let oldest: OpenElement | null = null;
    for (const p of this.pins)
      if (!p.head && p.start < keep) {
        keep = p.start;
        oldest = p;
      }
    // Without a head limit nothing cuts an open element short: held past `maxBytes`, it is a
    // caller's bug (a cap not checked, an element never closed), and memory would grow with
    // the file (found in review: a nested Profil notat left its hold open).
    if (oldest && this.opts.headAfter === undefined && this.end - oldest.start > this.opts.maxBytes)
      throw new Error(
        `xml-source: an element open since line ${oldest.line} holds ${this.end - oldest.start} bytes, over the limit of ${this.opts.maxBytes}; the caller must stop at its cap (heldFrom) or close or drop it`,
      );
    if (keep <= this.base) return;
    // The `>` bytes dropped are counted first.
    if (keep > this.byteAt) {
      this.scanBytes(keep, Infinity);
      this.byteAt = keep;
    }
    while (this.held.length && this.base + this.held[0]!.length <= keep) {
      this.base += this.held[0]!.length;
      this.held.shift();
    }
    if (this.held.length && keep > this.base) {
      this.held[0] = this.held[0]!.subarray(keep - this.base);
      this.base = keep;
    }
  }

  private headLength(): number {
    return Math.min(this.opts.headBytes ?? 4096, this.opts.headAfter ?? Infinity);
  }

  /** Bytes held from an open element's start to the end of what was read. */
  heldFrom(e: OpenElement): number {
    return this.end - e.start;
  }

  /**
   * At an `opentag` event (`position`, `line`: the parser's, just after the start tag's `>`):
   * where the start tag begins. Null when its `<` is no longer held (a start tag over `maxBytes`).
   */
  startOf(position: number, line: number): { start: number; gt: number; line: number } | null {
    const gt = this.gtByte(position);
    const start = this.lastIndexOf(LT, gt);
    if (start < 0) return null;
    return { start, gt, line: line - newlines(this.slice(start, gt)) };
  }

  /** The start tag that just ended (an `opentag` event), byte for byte. */
  startTag(position: number, line: number): { raw: Buffer; line: number } | null {
    const s = this.startOf(position, line);
    return s && { raw: this.slice(s.start, s.gt + 1), line: s.line };
  }

  /** At an `opentag` event: keeps the element's bytes from its `<` until `close`. */
  open(position: number, line: number): OpenElement | null {
    const s = this.startOf(position, line);
    if (!s) return null;
    const e: OpenElement = { start: s.start, line: s.line };
    this.pins.add(e);
    return e;
  }

  /**
   * At an `opentagstart` event (`position`: the parser's, in the start tag past its name and
   * before its `>`; `line`: the line its `<` is on): keeps the element's bytes from its `<` until
   * `close`, as `open` does, for a start tag that may be longer than `maxBytes` (at its end, its
   * `<` may no longer be held). The `<` is the first `<` byte after the last `>` before
   * `position`: what came before it ended with a `>` (markup) or is text, which holds no `<`.
   */
  openAt(position: number, line: number): OpenElement {
    this.moveChars(position);
    const start = this.indexOf(LT, this.charGts ? this.gtByte(position) + 1 : this.base);
    if (start < 0) throw new Error(`xml-source: no "<" is held before position ${position}`);
    const e: OpenElement = { start, line };
    this.pins.add(e);
    return e;
  }

  /** At the element's `closetag` event: its bytes, start tag to end tag. */
  close(e: OpenElement, position: number): ElementBytes {
    this.pins.delete(e);
    const end = this.gtByte(position) + 1;
    const size = end - e.start;
    // Over `headAfter` its head only, whether or not it ended in the chunk that took it over.
    if (!e.head && size > (this.opts.headAfter ?? Infinity))
      e.head = this.slice(e.start, e.start + this.headLength());
    if (e.head) return { raw: e.head, line: e.line, size, truncated: true };
    return { raw: this.slice(e.start, end), line: e.line, size, truncated: false };
  }

  /** Forgets an open element without reading it. */
  drop(e: OpenElement): void {
    this.pins.delete(e);
  }

  /** Byte offset of the `>` just before text position `position`. */
  private gtByte(position: number): number {
    this.moveChars(position);
    const n = this.charGts;
    if (n === this.byteGts && this.lastGtAt >= 0) return this.lastGtAt;
    if (n < this.byteGts)
      throw new Error(`xml-source: > number ${n} is behind the byte cursor (${this.byteGts})`);
    const at = this.scanBytes(this.end, n);
    if (at < 0) throw new Error(`xml-source: > number ${n} is not in the bytes read`);
    return at;
  }

  /** Moves the text cursor to `position` (within the current piece), counting `>`. */
  private moveChars(position: number): void {
    if (position < this.textBase || position > this.textBase + this.text.length)
      throw new Error(`xml-source: position ${position} is outside the text fed last`);
    const t = this.text;
    const from = this.charAt - this.textBase;
    const to = position - this.textBase;
    if (to >= from) {
      for (let i = t.indexOf('>', from); i >= 0 && i < to; i = t.indexOf('>', i + 1)) this.charGts++;
    } else {
      for (let i = t.indexOf('>', to); i >= 0 && i < from; i = t.indexOf('>', i + 1)) this.charGts--;
    }
    this.charAt = position;
  }

  /** Scans held bytes from the byte cursor up to `until`, or until the `n`-th `>`; returns its offset or -1. */
  private scanBytes(until: number, n: number): number {
    let b = this.base;
    for (const buf of this.held) {
      const bEnd = b + buf.length;
      if (bEnd > this.byteAt) {
        let i = buf.indexOf(GT, Math.max(0, this.byteAt - b));
        while (i >= 0 && b + i < until) {
          this.byteGts++;
          this.lastGtAt = b + i;
          this.byteAt = b + i + 1;
          if (this.byteGts === n) return this.lastGtAt;
          i = buf.indexOf(GT, i + 1);
        }
        if (bEnd >= until) {
          this.byteAt = Math.max(this.byteAt, until);
          return -1;
        }
        this.byteAt = bEnd;
      }
      b = bEnd;
    }
    return -1;
  }

  /** Offset of the first `byte` from `from` on among the held bytes, or -1. */
  private indexOf(byte: number, from: number): number {
    let b = this.base;
    for (const buf of this.held) {
      const bEnd = b + buf.length;
      if (bEnd > from) {
        const i = buf.indexOf(byte, Math.max(0, from - b));
        if (i >= 0) return b + i;
      }
      b = bEnd;
    }
    return -1;
  }

  /** Offset of the last `byte` before `before` among the held bytes, or -1. */
  private lastIndexOf(byte: number, before: number): number {
    let b = this.end;
    for (let k = this.held.length - 1; k >= 0; k--) {
      const buf = this.held[k]!;
      b -= buf.length;
      if (b >= before) continue;
      const i = buf.lastIndexOf(byte, before - b - 1);
      if (i >= 0) return b + i;
    }
    return -1;
  }

  /** A copy of bytes [from, to) (a kept record must not pin the chunk it came from). */
  private slice(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let b = this.base;
    for (const buf of this.held) {
      const bEnd = b + buf.length;
      if (bEnd > from && b < to)
        parts.push(buf.subarray(Math.max(0, from - b), Math.min(buf.length, to - b)));
      b = bEnd;
    }
    return Buffer.concat(parts);
  }
}

/** Line breaks as saxes counts them: LF, CR LF (one) and a lone CR. */
function newlines(b: Buffer): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === LF) n++;
    else if (b[i] === CR && b[i + 1] !== LF) n++;
  }
  return n;
}
