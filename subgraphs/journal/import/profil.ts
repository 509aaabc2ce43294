/**
 * Profil export (profil-eksport.xml): UTF-8 XML, streamed with saxes. Each klient is a
 * patient record (fnr optional); each notat a journal entry in local time. A record that
 * is not valid UTF-8 is quarantined with reason `encoding`.
 *
 * A notat over the record cap (IMPORT_MAX_RECORD_BYTES: its bytes, `<` of its start tag to `>`
 * of its end tag) is quarantined with reason `record-size` and its first 4,096 bytes, and the
 * import goes on with the next notat, as the HP and Gerica readers do with a line and the
 * archive with a saksmappe. It is never held whole: saxes holds a text, a CDATA section or a
 * comment until its end, so a 600 MB notat ran the import out of memory (found in review), and
 * the import then stopped at it. So an open notat's content is kept from saxes as it is read,
 * until its end tag is found, and then given to it whole; if its bytes read pass the cap first,
 * what was kept is dropped and the rest left out as it is read, and saxes is given its end tag
 * next (it sees `<notat …></notat>`). The end tag is found by lib/import/xml-element-end.ts,
 * which knows CDATA, comments, processing instructions and attribute values (any of which may
 * hold `</notat>`) and child elements, whatever read cuts them: a cut of the raw text made
 * without knowing them broke the XML (found in review; reverted in 14e3805). saxes' positions
 * and lines then miss the text left out, which is added back to them (`position`, `lineNo`).
 *
 * A record that cannot be imported is quarantined with its source bytes, as the HP reader
 * keeps its line: a notat from the `<` of its start tag to the `>` of its end tag, a klient
 * (checked when its start tag is read) its start tag (its notater are records of their own,
 * each quarantined with its own bytes), with the line the record starts on. A re-serialisation
 * lost attributes, entities, CDATA, comments, whitespace and the encoding, so it was no
 * evidence of what the source said; the archive must keep what it received (arkivlova § 6,
 * arkivforskrifta) and the record as documented (pasientjournalloven § 22). How the bytes are
 * found from saxes' positions (UTF-16 code units, not bytes): lib/import/xml-source.ts.
 * A notat inside a notat is malformed: the outer one is quarantined whole as `nested-notat`
 * (its bytes hold the inner one, which is not imported on its own), or as `record-size` if it
 * is over the cap. A start tag over the cap (a klient's or a notat's) still stops the import.
 */
import { createReadStream } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../lib/config';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parseNationalId } from '../../../lib/national-id';
import { osloLocalToIso } from '../../../lib/oslo-time';
import { ElementEnd } from '../../../lib/import/xml-element-end';
import { XmlSourceBytes, type OpenElement } from '../../../lib/import/xml-source';
import { normaliseText, quarantine, type ImportItem, type PatientRef } from './records';

/**
 * Bytes that are not UTF-8 reach the parser as U+FFFD (the stream decoder replaces them);
 * a record holding one is quarantined with reason `encoding` instead of being stored as
 * "S\uFFFDther". (A U+FFFD written in the source itself means the same damage happened
 * upstream, so it is quarantined too.)
 */
const notUtf8 = (v: unknown) => typeof v === 'string' && v.includes('\uFFFD');

export async function* readProfil(
  path: string,
  onBytes?: (n: number) => void,
  opts: { maxRecordBytes?: number } = {},
): AsyncGenerator<ImportItem> {
  const maxBytes = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  const parser = new SaxesParser({ position: true });
  // A notat over the cap keeps its first bytes only, as the archive's saksmappe does.
  const source = new XmlSourceBytes({ maxBytes, headAfter: maxBytes });
  /** The text left out of what saxes is given (oversized notater's content), added to its positions and lines. */
  let skipped = 0;
  let skippedLines = 0;
  const position = () => parser.position + skipped;
  const lineNo = () => parser.line + skippedLines;
  /** The open notat: where its start tag ended (position(), characters), its line and its bytes (set in the handlers). */
  const open: { notat: { position: number; line: number; bytes: OpenElement } | null } = { notat: null };
  /** Where a notat (not one inside another) just opened, as `open.notat.position`: its content is held back from saxes from there (below). */
  let opened: number | null = null;
  /** Notater open inside the open notat (malformed: it is quarantined whole), and the line the first starts on. */
  let inner = 0;
  let innerLine: number | null = null;
  /** A start tag longer than the cap is not held. */
  const tooLong = (what: string) =>
    new Error(
      `${path}: the ${what} start tag that ends on line ${lineNo()} is longer than the record cap of ${maxBytes} bytes (IMPORT_MAX_RECORD_BYTES); the import stopped there, batches committed before it stay`,
    );
  const out: ImportItem[] = [];
  let root = false;
  let klient: { ref: PatientRef | null; line: number } | null = null;
  let notat: { tag: SaxesTagPlain; text: string; line: number } | null = null;
  let recordNo = 0;

  parser.on('opentag', (tag) => {
    const t = tag as SaxesTagPlain;
    if (t.name === 'profil-eksport') {
      root = true;
      return;
    }
    if (t.name === 'klient') {
      recordNo++;
      const a = t.attributes as Record<string, string>;
      const start = source.startTag(position(), lineNo());
      if (!start) throw tooLong('klient');
      const line = start.line;
      const q = (reason: string, detail: string) =>
        out.push(quarantine(reason, detail, start.raw, line, recordNo));
      klient = { ref: null, line };
      if (Object.values(a).some(notUtf8))
        return q('encoding', 'klient has bytes that are not UTF-8 (an ISO-8859-1 export?)');
      if (!a.klientnr || !/^\d{6}$/.test(a.klientnr)) return q('identifier', 'klientnr must be 6 digits');
      if (!a.etternavn || !a.fornavn) return q('missing-field', 'etternavn and fornavn are required');
      if (!a.fodt || !osloLocalToIso(a.fodt, '12:00'))
        return q('date', `fodt "${a.fodt ?? ''}" is not a date`);
      if (a.fnr) {
        const nid = parseNationalId(a.fnr);
        if ('error' in nid) return q('national-id', nid.error);
      }
      const ref: PatientRef = { sourceSystem: 'PROFIL', localId: a.klientnr };
      klient.ref = ref;
      out.push({
        kind: 'patient',
        ...ref,
        nationalId: a.fnr || null,
        familyName: a.etternavn,
        givenName: a.fornavn,
        birthDate: a.fodt,
        gender: a.kjonn === 'K' ? 'female' : a.kjonn === 'M' ? 'male' : null,
        deathDate: null,
        deathDateCertain: null,
      });
      return;
    }
    if (t.name === 'notat') {
      // A notat inside a notat: its bytes are inside the outer one's, which is quarantined
      // whole (found in review: its own hold replaced the outer one's, which was never released).
      if (notat) {
        inner++;
        innerLine ??= lineNo();
        return;
      }
      const bytes = source.open(position(), lineNo());
      if (!bytes) throw tooLong('notat');
      notat = { tag: t, text: '', line: bytes.line };
      open.notat = { position: position(), line: bytes.line, bytes };
      opened = position();
    }
  });
  parser.on('text', (text) => {
    if (notat) notat.text += text;
  });
  parser.on('cdata', (text) => {
    if (notat) notat.text += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'klient') {
      klient = null;
      return;
    }
    if (tag.name !== 'notat' || !notat) return;
    if (inner) {
      inner--;
      return;
    }
    const nestedAt = innerLine;
    innerLine = null;
    const n = notat;
    notat = null;
    const src = source.close(open.notat!.bytes, position());
    const raw = src.raw;
    open.notat = null;
    recordNo++;
    const a = n.tag.attributes as Record<string, string>;
    const q = (reason: string, detail: string) => out.push(quarantine(reason, detail, raw, n.line, recordNo));
    // Over the cap: its first bytes (its content after them was never given to saxes, below).
    if (src.truncated)
      return q(
        'record-size',
        `notat is ${src.size} bytes, over the limit of ${maxBytes}; its first ${raw.length} bytes are kept`,
      );
    if (nestedAt !== null)
      return q('nested-notat', `notat has a notat inside it (line ${nestedAt}); neither is imported`);
    if (notUtf8(n.text) || Object.values(a).some(notUtf8))
      return q('encoding', 'notat has bytes that are not UTF-8 (an ISO-8859-1 export?)');
    if (!klient?.ref) return q('unknown-patient', 'notat belongs to a klient that was not accepted');
    if (!a.id || !/^\d+$/.test(a.id)) return q('identifier', 'notat id must be numeric');
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(a.dato ?? '');
    const writtenAt = m ? osloLocalToIso(m[1]!, m[2]!) : null;
    if (!writtenAt) return q('date', `dato "${a.dato ?? ''}" is not a real local date and time`);
    if (!a.type || !a.tjeneste || !a.forfatter)
      return q('missing-field', 'type, tjeneste and forfatter are required');
    if (a['forfatter-hpr'] && !/^\d{7}$/.test(a['forfatter-hpr']))
      return q('identifier', 'forfatter-hpr must be 7 digits');
    if (!n.text.trim()) return q('empty-text', 'notat has no text');
    out.push({
      kind: 'entry',
      sourceSystem: 'PROFIL',
      sourceId: a.id,
      patient: klient.ref,
      type: a.type,
      service: a.tjeneste,
      authorName: a.forfatter,
      authorHpr: a['forfatter-hpr'] || null,
      authorPractitionerId: null,
      writtenAt,
      text: normaliseText(n.text),
      status: 'current',
      replacesSourceId: null,
      correctionReason: null,
      careContactSourceId: null,
      copy: null,
      // Quarantined with these bytes if the writer cannot store it (records.ts SourceBytes).
      source: { raw, line: n.line, recordNo },
    });
  });

  // The text is handed on in the file's order (and to `source`, which counts its `>`), in one
  // of three modes. `parse`: given to saxes; a notat's start tag is given up to its `>` and no
  // further, so that its content can be held back. `hold`: an open notat's content is kept
  // from saxes until ElementEnd finds its end tag, then given whole. `skip`: its bytes read
  // from its `<` passed the cap before the end was found, so it is over the cap: what was
  // held is dropped and the rest left out as it is read; saxes is given its end tag next
  // (it sees `<notat …></notat>`) and the notat is quarantined with its first bytes.
  let mode = 'parse' as 'parse' | 'hold' | 'skip';
  let end: ElementEnd | null = null;
  let held: string[] = [];
  /** Characters of the text handed on (given to saxes or left out). */
  let at = 0;
  /** In what may be a notat's start tag (see `parse`), and in which quoted attribute value ('' in none). */
  let stepping = false;
  let quote = '';
  /** The text left out last ended with CR (CR LF cut by a read is one line break). */
  let cr = false;
  /** saxes' error: its `line:column:` made the file's line when text was left out (the column is then not known). */
  const notWellFormed = (err: unknown) => {
    let m = (err as Error).message;
    if (skipped) m = m.replace(/^(\d+):\d+: /, (_, l: string) => `line ${Number(l) + skippedLines}: `);
    // Inside a notat (an unclosed comment in an oversized one runs to the end of the file):
    // where it starts, so the damage can be found.
    const o = open.notat;
    return new Error(
      `${path}: XML is not well-formed: ${m}${o ? ` (in the notat that starts on line ${o.line})` : ''}`,
    );
  };
  const write = (text: string) => {
    try {
      parser.write(text);
    } catch (err) {
      throw notWellFormed(err);
    }
  };
  const give = (text: string) => {
    if (!text) return;
    source.feedText(text);
    at += text.length;
    write(text);
  };
  const leaveOut = (text: string) => {
    if (!text) return;
    source.feedText(text);
    at += text.length;
    skipped += text.length;
    skippedLines += lineBreaks(text, cr, parser.xmlDecl.version === '1.1');
    cr = text.endsWith('\r');
  };
  /** The next piece of the open notat's content: the index of its end tag's `<` (-1: the last character before), or null. */
  const scan = (text: string) => {
    try {
      return end!.scan(text);
    } catch (err) {
      throw new Error(
        `${path}: XML is not well-formed: in the notat that starts on line ${open.notat!.line}: ${(err as Error).message}`,
      );
    }
  };
  /** After saxes was given text: a notat that opened in it is held from the end of its start tag. */
  const afterGive = () => {
    if (opened === null) return;
    if (opened !== at)
      throw new Error(
        `${path}: a notat on line ${lineNo()} was read past the end of its start tag (a reader bug)`,
      );
    opened = null;
    stepping = false;
    if (!open.notat) return; // <notat/>: closed at once
    mode = 'hold';
    end = new ElementEnd();
    held = [];
  };
  // Each returns where in `text` it stopped (it changed the mode there).
  const parse = (text: string, from: number): number => {
    if (!stepping) {
      const k = notatTagAt(text, from);
      if (k < 0) {
        give(from ? text.slice(from) : text);
        afterGive();
        return text.length;
      }
      give(text.slice(from, k + 1));
      afterGive();
      stepping = true;
      quote = '';
      return k + 1;
    }
    // In what may be a notat's start tag: given up to its end, the first `>` outside a quoted
    // attribute value (where saxes reports it), or up to the next `<` (none is in a tag), so
    // saxes stops just after its end. No notat opened there: it was none (`<notat` in a
    // comment, a CDATA section or a processing instruction). One pass over the text: given up
    // to each `>` with a search for the next `<` from each, a comment holding `<notat` and
    // 3 MB of `>` took 25 s (found in review).
    for (let i = from; ;) {
      const re = quote === '"' ? IN_DOUBLE_QUOTES : quote === "'" ? IN_SINGLE_QUOTES : IN_TAG;
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m) {
        give(text.slice(from));
        afterGive();
        return text.length;
      }
      const j = m.index;
      const c = text[j]!;
      if (c === '<' || c === '>') {
        const to = c === '<' ? j : j + 1;
        give(text.slice(from, to));
        afterGive();
        stepping = false;
        return to;
      }
      quote = quote ? '' : c;
      i = j + 1;
    }
  };
  const hold = (text: string, from: number): number => {
    const rest = from ? text.slice(from) : text;
    const i = scan(rest);
    if (i === null) {
      held.push(rest);
      return text.length;
    }
    mode = 'parse';
    end = null;
    // Each piece let go as it is given (saxes builds its text from them).
    while (held.length) give(held.shift()!);
    give(rest.slice(0, Math.max(i, 0)));
    return from + Math.max(i, 0);
  };
  const skip = (text: string, from: number): number => {
    const rest = from ? text.slice(from) : text;
    const i = scan(rest);
    if (i === null) {
      leaveOut(rest);
      return text.length;
    }
    mode = 'parse';
    end = null;
    if (i >= 0) leaveOut(rest.slice(0, i));
    cr = false;
    if (i >= 0) return from + i;
    // The end tag's `<` was the last character left out: saxes is given it now.
    skipped--;
    write('<');
    return from;
  };
  const take = (text: string) => {
    for (let i = 0; i < text.length;)
      i = mode === 'parse' ? parse(text, i) : mode === 'hold' ? hold(text, i) : skip(text, i);
  };

  // Bytes in (the source slices), text out: bytes that are not UTF-8 become U+FFFD (above).
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    onBytes?.(bytes.length);
    source.feedBytes(bytes);
    take(decoder.decode(bytes, { stream: true }));
    // Its end tag not read, its bytes read from `<` over the cap: the notat is over it.
    if (mode === 'hold' && source.heldFrom(open.notat!.bytes) > maxBytes) {
      mode = 'skip';
      for (const h of held.splice(0)) leaveOut(h);
    }
    for (const item of out.splice(0)) yield item;
    // After the cap check: an open notat over the cap keeps its head only.
    source.trim();
  }
  take(decoder.decode());
  // A notat not closed at the end of the file: saxes is given what was held, and says so.
  if (mode === 'hold') while (held.length) give(held.shift()!);
  try {
    parser.close();
  } catch (err) {
    throw notWellFormed(err);
  }
  for (const item of out.splice(0)) yield item;
  if (!root) throw new Error(`${path}: not a Profil export (no <profil-eksport> root)`);
}

/** What ends or changes the state of a start tag being read: outside, and inside, a quoted attribute value. */
const IN_TAG = /[<>"']/g;
const IN_DOUBLE_QUOTES = /[<"]/g;
const IN_SINGLE_QUOTES = /[<']/g;

/**
 * What may follow the name in a notat start tag: `>`, `/` or white space, which in an XML 1.1
 * document (saxes reads one as such) includes NEL and LINE SEPARATOR (found in review: a
 * notat whose name they followed was not seen, so saxes read past its start tag). Neither is
 * a name character in XML 1.0, where saxes says the start tag is not well-formed.
 */
const AFTER_NAME = new Set(['>', '/', ' ', '\t', '\n', '\r', '\u0085', '\u2028']);

/** Where a `<notat` start tag may begin in `text` from `from` (its name whole, or cut by the end of `text`), or -1. */
function notatTagAt(text: string, from: number): number {
  for (let k = text.indexOf('<notat', from); k >= 0; k = text.indexOf('<notat', k + 1)) {
    const c = text[k + 6];
    if (c === undefined || AFTER_NAME.has(c)) return k;
  }
  for (let n = Math.min(5, text.length - from); n > 0; n--)
    if (text.endsWith('<notat'.slice(0, n))) return text.length - n;
  return -1;
}

/**
 * Line breaks in `text` as saxes counts them: LF, CR LF, a lone CR, and in an XML 1.1 document
 * (`xml11`) also NEL, CR NEL and LINE SEPARATOR (found in review: these were not counted, so
 * the lines of the records after an oversized notat were wrong); `afterCr`: the text before
 * it ended with CR.
 */
function lineBreaks(text: string, afterCr: boolean, xml11: boolean): number {
  const joinsCr = (c: string | undefined) => c === '\n' || (xml11 && c === '\u0085');
  let n = afterCr && joinsCr(text[0]) ? -1 : 0;
  const count = (c: string, each: (i: number) => boolean) => {
    for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) if (each(i)) n++;
  };
  count('\n', () => true);
  count('\r', (i) => !joinsCr(text[i + 1]));
  if (xml11) {
    count('\u0085', () => true);
    count('\u2028', () => true);
  }
  return n;
}
