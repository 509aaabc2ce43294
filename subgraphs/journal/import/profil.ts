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
 * evidence of what the source said; the archive must keep what it received (arkivlova § 5,
 * arkivforskrifta) and the record as documented (pasientjournalloven § 22). How the bytes are
 * found from saxes' positions (UTF-16 code units, not bytes): lib/import/xml-source.ts.
 * A notat inside a notat is malformed: the outer one is quarantined whole as `nested-notat`
 * (its bytes hold the inner one, which is not imported on its own), or as `record-size` if it
 * is over the cap.
 *
 * A start tag alone can be over the cap (megabytes of an attribute value), and saxes holds one
 * whole until its `>`. A notat's is quarantined as `record-size` like any notat over the cap
 * (its first 4,096 bytes, the line its `<` is on) and the import goes on: saxes is given only
 * `<notat` and the character after it, which tells whether it is a start tag (`opentagstart`)
 * or text in a comment, a CDATA section or a processing instruction; the rest of the tag is
 * kept from saxes until ElementEnd finds its `>` (outside quoted attribute values, which may
 * hold `>` and `</notat>`), then given whole. If its bytes read pass the cap first, what was
 * kept is dropped, the rest of the tag left out as it is read, saxes given its `>` (it sees
 * `<notat >`, or `<notat />`) and the content skipped as above. As with the content, what is
 * left out is not checked beyond finding its end: a `<` in an attribute value, which saxes
 * rejects in a tag under the cap, is passed over (one outside a value is an error).
 * Any other start tag over the cap stops the import, with an error naming it and the line it
 * starts on, while it is read: its bytes read are checked after each read, so saxes holds at
 * most the cap and one read of it (a klient's is also checked at its end). A klient's start
 * tag is its patient (klientnr, names, fnr): without it its notater cannot be attributed, and
 * quarantining each as `unknown-patient` would turn one damaged tag into as many rows to
 * resolve; the root's and the journal's hold no record to quarantine, and one that long means
 * the export is damaged, not a record. Batches committed before the stop stay (run.ts); the
 * same import resumes once the file is fixed. The error holds no record text or attribute.
 */
import { createReadStream } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../lib/config';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parsePersonId } from '../../../lib/national-id';
import { osloLocalRead, osloLocalToIso } from '../../../lib/oslo-time';
import { ElementEnd } from '../../../lib/import/xml-element-end';
import { XmlSourceBytes, type OpenElement } from '../../../lib/import/xml-source';
import { entryIdFor, normaliseText, quarantine, type ImportItem, type PatientRef } from './records';

/**
 * Bytes that are not UTF-8 reach the parser as U+FFFD (the stream decoder replaces them);
 * a record holding one is quarantined with reason `encoding` instead of being stored as
 * "S\uFFFDther". (A U+FFFD written in the source itself means the same damage happened
 * upstream, so it is quarantined too.)
 */
const notUtf8 = (v: unknown) => typeof v === 'string' && v.includes('\uFFFD');

/** An error of the reader's own, thrown in a saxes handler: given on as it is, not as saxes' "not well-formed". */
class ReadStop extends Error {}

export async function* readProfil(
  path: string,
  onBytes?: (n: number) => void,
  opts: { maxRecordBytes?: number } = {},
): AsyncGenerator<ImportItem> {
  const maxBytes = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  const parser = new SaxesParser({ position: true });
  // A notat over the cap keeps its first bytes only, as the archive's saksmappe does.
  const source = new XmlSourceBytes({ maxBytes, headAfter: maxBytes });
  /** The text left out of what saxes is given (oversized notater's start tags and content), added to its positions and lines; less an LF given it after a lone CR (`parse`). */
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
  /**
   * The start tag being read outside a notat (a notat's children are read with it), from saxes'
   * `opentagstart` (its name read) to its `opentag`: where it is, and, once it goes on past what
   * saxes was given, its bytes held from its `<` (`write`), so that one longer than the cap is
   * found while it is read, not when saxes has held it whole.
   */
  let tagStart = null as { name: string; position: number; line: number; bytes: OpenElement | null } | null;
  /** A start tag (not a notat's) longer than the cap stops the import (see the header). */
  const tooLong = (name: string, line: number) =>
    new ReadStop(
      `${path}: the ${name} start tag that starts on line ${line} is longer than the record cap of ${maxBytes} bytes (IMPORT_MAX_RECORD_BYTES); only a notat over the cap is quarantined and skipped (${name === 'klient' ? 'its notater need the patient it names' : 'it holds no record to quarantine'}), so the import stopped there; batches committed before it stay`,
    );
  const out: ImportItem[] = [];
  let root = false;
  /**
   * The export's own time (the root's `eksportert`, Oslo local time; fixtures README § 0.1): the
   * time as of which every klient and notat of it is what Profil says, kept as their
   * `sourceUpdatedAt`, so that an export older than the one a note or statement was last read from
   * is not applied over it (writer.ts step 0a, olderStatements; pasientjournalloven § 22,
   * integritet; review s45: an export of 2022-10 imported after the one of 2022-11 made the older
   * text current again). Missing, or no real local time: none, and the export is applied as before.
   */
  let exportedAt: string | null = null;
  /**
   * The klient open: `ref` when it was accepted; `owner` its record in Profil (klientnr) whenever
   * that reads, accepted or not: a notat holds no patient field of its own, so a notat quarantined
   * inside it is recorded as this klient's (task s47, defect 1; pasientjournalloven § 22).
   */
  let klient: { ref: PatientRef | null; owner: PatientRef | null; line: number } | null = null;
  let notat: { tag: SaxesTagPlain; text: string; line: number } | null = null;
  let recordNo = 0;

  parser.on('opentagstart', (t) => {
    if (notat) return;
    // saxes has read its name and the character after it: a line break (column 0) is after the line of its `<`.
    tagStart = {
      name: t.name,
      position: position(),
      line: lineNo() - (parser.column === 0 ? 1 : 0),
      bytes: null,
    };
  });
  parser.on('opentag', (tag) => {
    const t = tag as SaxesTagPlain;
    // Its start tag read whole: no longer held for the cap (a notat's bytes are its record's, below).
    const started = tagStart;
    tagStart = null;
    if (started?.bytes && t.name !== 'notat') source.drop(started.bytes);
    if (t.name === 'profil-eksport') {
      root = true;
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/.exec(
        String((t.attributes as Record<string, string>).eksportert ?? ''),
      );
      exportedAt = m ? osloLocalToIso(m[1]!, m[2]!) : null;
      return;
    }
    if (t.name === 'klient') {
      recordNo++;
      const a = t.attributes as Record<string, string>;
      const start = source.startTag(position(), lineNo());
      // Over the cap, ending in the read that took it over (one still open after it: below).
      if (!start || start.raw.length > maxBytes) throw tooLong('klient', start?.line ?? lineNo());
      const line = start.line;
      klient = {
        ref: null,
        owner:
          a.klientnr && /^\d{6}$/.test(a.klientnr) ? { sourceSystem: 'PROFIL', localId: a.klientnr } : null,
        line,
      };
      // The klient's own line is its klientnr's, as its notater are (fix FX-A 5: it recorded no
      // owner; a klient with an H-nummer or without fnr was listed under no one; pasientjournalloven
      // § 22). Not one whose klientnr does not read: no one's.
      const owner = klient.owner;
      const q = (reason: string, detail: string) =>
        out.push({ ...quarantine(reason, detail, start.raw, line, recordNo), ...(owner ? { owner } : {}) });
      if (Object.values(a).some(notUtf8))
        return q('encoding', 'klient has bytes that are not UTF-8 (an ISO-8859-1 export?)');
      if (!a.klientnr || !/^\d{6}$/.test(a.klientnr)) return q('identifier', 'klientnr must be 6 digits');
      if (!a.etternavn || !a.fornavn) return q('missing-field', 'etternavn and fornavn are required');
      if (!a.fodt || !osloLocalToIso(a.fodt, '12:00'))
        return q('date', `fodt "${a.fodt ?? ''}" is not a date`);
      let local = false;
      if (a.fnr) {
        const nid = parsePersonId(a.fnr);
        if ('error' in nid) return q('national-id', nid.error);
        // An H-nummer is this source's number only (lib/national-id.ts; records.ts patientIdFor).
        local = nid.kind === 'h-nummer';
      }
      const ref: PatientRef = { sourceSystem: 'PROFIL', localId: a.klientnr };
      klient.ref = ref;
      out.push({
        kind: 'patient',
        ...ref,
        nationalId: local ? null : a.fnr || null,
        helpNumber: local ? a.fnr! : null,
        familyName: a.etternavn,
        givenName: a.fornavn,
        birthDate: a.fodt,
        gender: a.kjonn === 'K' ? 'female' : a.kjonn === 'M' ? 'male' : null,
        deathDate: null,
        deathDateCertain: null,
        sourceUpdatedAt: exportedAt,
        // Quarantined with these bytes if older than the statement stored (writer.ts olderStatements).
        source: { raw: start.raw, line, recordNo },
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
      // Held from its `opentagstart` if it went on past what saxes was given then (always, when
      // it has attributes: `parse`), else from here.
      const bytes = started?.bytes ?? source.open(position(), lineNo());
      if (!bytes) throw new ReadStop(`${path}: a notat on line ${lineNo()} is no longer held (a reader bug)`);
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
    // A notat whose id reads (and was read whole) is a version of that note, whatever else is
    // wrong with it: it names the note, and loses its bytes when the note is deleted
    // (helsepersonelloven § 43, mutations.ts removeQuarantinedLines; found after review s30).
    const noteId = !src.truncated && a.id && /^\d+$/.test(a.id) ? entryIdFor('PROFIL', a.id) : undefined;
    // Whose it is: the klient around it (a notat has no patient field; task s47, defect 1). Not
    // one whose klient could not be read at all (no klientnr of 6 digits): no one's, as before.
    const owner = klient?.owner ?? null;
    const q = (reason: string, detail: string) =>
      out.push({
        ...quarantine(reason, detail, raw, n.line, recordNo),
        ...(noteId ? { entryId: noteId } : {}),
        ...(owner ? { owner } : {}),
      });
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
    const read = m ? osloLocalRead(m[1]!, m[2]!) : null;
    if (!read) return q('date', `dato "${a.dato ?? ''}" is not a real local date and time`);
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
      writtenAt: read.iso,
      // A time in the spring gap or the autumn overlap: how it was read (lib/oslo-time.ts, as coercion).
      timeNotes: read.note ? [`dato: ${read.note}`] : [],
      text: normaliseText(n.text),
      status: 'current',
      replacesSourceId: null,
      correctionReason: null,
      careContactSourceId: null,
      copy: null,
      sourceUpdatedAt: exportedAt,
      // Quarantined with these bytes if the writer cannot store it (records.ts SourceBytes).
      source: { raw, line: n.line, recordNo },
    });
  });

  // The text is handed on in the file's order (and to `source`, which counts its `>`), in one
  // of five modes. `parse`: given to saxes; of a notat's start tag, `<notat` and the character
  // after it only (`parse`), so that its rest can be held back. `hold-tag`: the rest of an open
  // notat's start tag is kept from saxes until ElementEnd finds its `>`, then given whole.
  // `skip-tag`: its bytes read from its `<` passed the cap before that `>`, so it is over the
  // cap: what was held is dropped and the rest of the tag left out as it is read; saxes is
  // given its `>` next (`/>` if it was empty: it sees `<notat >`, or `<notat />`), and the
  // notat's content is skipped. `hold`: an open notat's content is kept from saxes until
  // ElementEnd finds its end tag, then given whole. `skip`: its bytes read from its `<` passed
  // the cap before the end was found, so it is over the cap: what was held is dropped and the
  // rest left out as it is read; saxes is given its end tag next (it sees `<notat …></notat>`)
  // and the notat is quarantined with its first bytes.
  let mode = 'parse' as 'parse' | 'hold-tag' | 'skip-tag' | 'hold' | 'skip';
  let end: ElementEnd | null = null;
  let held: string[] = [];
  /** Characters of the text handed on (given to saxes or left out). */
  let at = 0;
  /** The end of the last read: a `<notat` cut by it, to be read with the next (`parse`). */
  let carry = '';
  /** The text left out last ended with CR (CR LF cut by a read is one line break). */
  let cr = false;
  const xml11 = () => parser.xmlDecl.version === '1.1';
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
      if (err instanceof ReadStop) throw err;
      throw notWellFormed(err);
    }
    // A start tag that goes on past what saxes was given: held from its `<` (see `tagStart`).
    if (tagStart && !tagStart.bytes) tagStart.bytes = source.openAt(tagStart.position, tagStart.line);
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
    skippedLines += lineBreaks(text, cr, xml11());
    cr = text.endsWith('\r');
  };
  /** ElementEnd on the open notat's next piece (`tagEnd` or `scan`); its error names the line the notat starts on. */
  const scanWith = <T>(f: (e: ElementEnd) => T): T => {
    try {
      return f(end!);
    } catch (err) {
      const line = open.notat?.line ?? tagStart!.line;
      throw new Error(
        `${path}: XML is not well-formed: in the notat that starts on line ${line}: ${(err as Error).message}`,
      );
    }
  };
  /** After saxes was given text: a notat that opened in it is held (or skipped) from the end of its start tag. */
  const afterGive = () => {
    if (opened === null) return;
    if (opened !== at)
      throw new Error(
        `${path}: a notat on line ${lineNo()} was read past the end of its start tag (a reader bug)`,
      );
    opened = null;
    const over = mode === 'skip-tag';
    mode = 'parse';
    end = null;
    if (!open.notat) return; // <notat/>: closed at once
    mode = over ? 'skip' : 'hold';
    end = new ElementEnd();
    held = [];
  };
  // Each returns where in `text` it stopped (it changed the mode there).
  const parse = (text: string, from: number): number => {
    const k = notatTagAt(text, from);
    if (k < 0) {
      give(from ? text.slice(from) : text);
      afterGive();
      return text.length;
    }
    give(text.slice(from, k));
    afterGive();
    // saxes is given `<notat` and the character after it (and the one after `/`: `/>`). If it
    // is a notat start tag (not `<notat` in a comment, a CDATA section or a processing
    // instruction), saxes says so (`opentagstart`), and the rest of the tag is held back
    // (`hold-tag`). saxes holds a CR at the end of what it is given until it reads the next
    // character (CR LF is one line break): a CR LF (CR NEL in XML 1.1) is given whole, and a
    // lone CR is given an LF, which XML reads as the same one line break (§ 2.11), taken off
    // saxes' positions (`skipped`). Cut by the end of the read, they wait for the next.
    const c = text[k + 6];
    const d = text[k + 7];
    if (c === undefined || ((c === '/' || c === '\r') && d === undefined)) {
      carry = text.slice(k);
      return text.length;
    }
    const crLf = c === '\r' && (d === '\n' || (xml11() && d === '\u0085'));
    const to = k + (c === '/' || crLf ? 8 : 7);
    give(text.slice(k, to));
    if (c === '\r' && !crLf) {
      skipped--;
      write('\n');
    }
    afterGive();
    if (tagStart?.name === 'notat') {
      mode = 'hold-tag';
      end = new ElementEnd(true);
      held = [];
    }
    return to;
  };
  const tag = (text: string, from: number): number => {
    const rest = from ? text.slice(from) : text;
    const i = scanWith((e) => e.tagEnd(rest));
    if (i === null) {
      if (mode === 'hold-tag') held.push(rest);
      else leaveOut(rest);
      return text.length;
    }
    if (mode === 'hold-tag') {
      // Each piece let go as it is given.
      while (held.length) give(held.shift()!);
      give(rest.slice(0, i));
    } else {
      leaveOut(rest.slice(0, i - 1));
      cr = false;
      // Its `/` was left out: saxes is given it now.
      if (end!.empty) {
        skipped--;
        write('/');
      }
      give('>');
    }
    afterGive();
    return from + i;
  };
  const hold = (text: string, from: number): number => {
    const rest = from ? text.slice(from) : text;
    const i = scanWith((e) => e.scan(rest));
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
    const i = scanWith((e) => e.scan(rest));
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
  const step = { parse, 'hold-tag': tag, 'skip-tag': tag, hold, skip };
  const take = (piece: string) => {
    const text = carry + piece;
    carry = '';
    for (let i = 0; i < text.length;) i = step[mode](text, i);
  };

  // Bytes in (the source slices), text out: bytes that are not UTF-8 become U+FFFD (above), in
  // the encoding the export declares (`decoderFor`, from its first bytes).
  let decoder: TextDecoder | null = null;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    decoder ??= decoderFor(bytes, path);
    onBytes?.(bytes.length);
    source.feedBytes(bytes);
    take(decoder.decode(bytes, { stream: true }));
    // A start tag not ended, its bytes read from `<` over the cap: a notat's is skipped, any other stops the import.
    if (tagStart?.bytes && mode !== 'skip-tag' && source.heldFrom(tagStart.bytes) > maxBytes) {
      if (mode !== 'hold-tag') throw tooLong(tagStart.name, tagStart.line);
      mode = 'skip-tag';
      cr = false;
      for (const h of held.splice(0)) leaveOut(h);
    }
    // Its end tag not read, its bytes read from `<` over the cap: the notat is over it.
    if (mode === 'hold' && source.heldFrom(open.notat!.bytes) > maxBytes) {
      mode = 'skip';
      for (const h of held.splice(0)) leaveOut(h);
    }
    for (const item of out.splice(0)) yield item;
    // After the cap checks: an open notat over the cap keeps its head only.
    source.trim();
  }
  take(decoder?.decode() ?? '');
  // At the end of the file: saxes is given what was held, and says what is not closed.
  give(carry);
  if (mode === 'hold' || mode === 'hold-tag') while (held.length) give(held.shift()!);
  try {
    parser.close();
  } catch (err) {
    throw notWellFormed(err);
  }
  for (const item of out.splice(0)) yield item;
  if (!root) throw new Error(`${path}: not a Profil export (no <profil-eksport> root)`);
}

/** Encodings whose every ASCII byte is that character and no other byte is one (xml-source.ts counts `>` bytes). */
const ASCII_COMPATIBLE =
  /^(utf-?8|us-ascii|ascii|iso[-_]?8859[-_]?\d{1,2}|latin-?1|l1|windows-125\d|cp125\d)$/i;

/**
 * The decoder of the encoding an export declares (XML 1.0 § 4.3.3: `<?xml … encoding="…"?>`;
 * UTF-8 when it declares none or starts with a UTF-8 BOM). Review s33: an export declaring
 * ISO-8859-1 was read as UTF-8, so every klient and notat with æ, ø or å was quarantined as
 * `encoding` and the rest imported. An encoding the reader cannot place bytes in stops the
 * import before anything is read, with an error naming it.
 */
function decoderFor(head: Buffer, path: string): TextDecoder {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return new TextDecoder('utf-8');
  const m = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(head.subarray(0, 256).toString('latin1'));
  const label = m?.[1] ?? 'utf-8';
  try {
    if (ASCII_COMPATIBLE.test(label)) return new TextDecoder(label);
  } catch {
    // Not a label TextDecoder knows: the error below.
  }
  throw new Error(
    `${path}: the export declares encoding "${label}"; the Profil reader reads UTF-8, ISO-8859 and Windows-125x exports`,
  );
}

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
