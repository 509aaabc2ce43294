/**
 * Profil export (profil-eksport.xml): UTF-8 XML, streamed with saxes. Each klient is a
 * patient record (fnr optional); each notat a journal entry in local time. A record that
 * is not valid UTF-8 is quarantined with reason `encoding`.
 *
 * A notat longer than the record cap (IMPORT_MAX_RECORD_BYTES, counted in characters of the
 * decoded text from its start tag) stops the import with a clear error naming its line
 * (batches committed before it stay): saxes holds a text until the next markup, so a 600 MB notat ran
 * the import out of memory (found in review). It is not quarantined and skipped as the HP and
 * Gerica readers do, because skipping it means finding where it ends without the parser, and
 * a cut made without knowing CDATA, comments and entities broke the XML (found in review).
 * The cap holds in bytes too: the notat's source bytes are held while it is open (below).
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
 * (its bytes hold the inner one, which is not imported on its own).
 */
import { createReadStream } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../lib/config';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parseNationalId } from '../../../lib/national-id';
import { osloLocalToIso } from '../../../lib/oslo-time';
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
  const maxChars = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  const parser = new SaxesParser({ position: true });
  const source = new XmlSourceBytes({ maxBytes: maxChars });
  /** The open notat: where its start tag ended (parser.position, characters), its line and its bytes (set in the handlers). */
  const open: { notat: { position: number; line: number; bytes: OpenElement } | null } = { notat: null };
  /** Notater open inside the open notat (malformed: it is quarantined whole), and the line the first starts on. */
  let inner = 0;
  let innerLine: number | null = null;
  /** A start tag longer than the cap is not held (a klient's; a notat's is caught by the cap check). */
  const tooLong = (what: string) =>
    new Error(
      `${path}: the ${what} start tag that ends on line ${parser.line} is longer than the record cap of ${maxChars} bytes (IMPORT_MAX_RECORD_BYTES); the import stopped there, batches committed before it stay`,
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
      const start = source.startTag(parser.position, parser.line);
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
        innerLine ??= parser.line;
        return;
      }
      const bytes = source.open(parser.position, parser.line);
      if (!bytes) throw tooLong('notat');
      notat = { tag: t, text: '', line: bytes.line };
      open.notat = { position: parser.position, line: bytes.line, bytes };
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
    const raw = source.close(open.notat!.bytes, parser.position).raw;
    open.notat = null;
    recordNo++;
    const a = n.tag.attributes as Record<string, string>;
    const q = (reason: string, detail: string) => out.push(quarantine(reason, detail, raw, n.line, recordNo));
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

  // Bytes in (the source slices), text out: bytes that are not UTF-8 become U+FFFD (above).
  const decoder = new TextDecoder('utf-8');
  /** Characters given to the parser: after a write, saxes' `position` is one chunk too far (it adds the chunk's length twice until the next write). */
  let chars = 0;
  const write = (bytes: Buffer, text: string) => {
    chars += text.length;
    source.feed(bytes, text);
    try {
      parser.write(text);
    } catch (err) {
      throw new Error(`${path}: XML is not well-formed: ${(err as Error).message}`);
    }
  };
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    onBytes?.(bytes.length);
    write(bytes, decoder.decode(bytes, { stream: true }));
    for (const item of out.splice(0)) yield item;
    const o = open.notat;
    if (o && (chars - o.position > maxChars || source.heldFrom(o.bytes) > maxChars))
      throw new Error(
        `${path}: the notat that starts on line ${o.line} is longer than the record cap of ${maxChars} ${chars - o.position > maxChars ? 'characters' : 'bytes'} (IMPORT_MAX_RECORD_BYTES); the import stopped there, batches committed before it stay`,
      );
    // After the cap check: trim() throws rather than hold more than the cap.
    source.trim();
  }
  write(Buffer.alloc(0), decoder.decode());
  try {
    parser.close();
  } catch (err) {
    throw new Error(`${path}: XML is not well-formed: ${(err as Error).message}`);
  }
  for (const item of out.splice(0)) yield item;
  if (!root) throw new Error(`${path}: not a Profil export (no <profil-eksport> root)`);
}
