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
 */
import { createReadStream } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../lib/config';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parseNationalId } from '../../../lib/national-id';
import { osloLocalToIso } from '../../../lib/oslo-time';
import { normaliseText, quarantine, type ImportItem, type PatientRef } from './records';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function elementXml(tag: SaxesTagPlain, text?: string): string {
  const attrs = Object.entries(tag.attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return text === undefined
    ? `<${tag.name}${attrs}/>`
    : `<${tag.name}${attrs}>${escapeXml(text)}</${tag.name}>`;
}

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
  /** The open notat: where its start tag ended (parser.position, characters) and its line (set in the handlers). */
  const open: { notat: { position: number; line: number } | null } = { notat: null };
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
      const line = parser.line;
      const q = (reason: string, detail: string) =>
        out.push(quarantine(reason, detail, elementXml(t), line, recordNo));
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
      notat = { tag: t, text: '', line: parser.line };
      open.notat = { position: parser.position, line: parser.line };
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
    const n = notat;
    notat = null;
    open.notat = null;
    recordNo++;
    const a = n.tag.attributes as Record<string, string>;
    const q = (reason: string, detail: string) =>
      out.push(quarantine(reason, detail, elementXml(n.tag, n.text), n.line, recordNo));
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
    });
  });

  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    onBytes?.(Buffer.byteLength(chunk as string));
    try {
      parser.write(chunk as string);
    } catch (err) {
      throw new Error(`${path}: XML is not well-formed: ${(err as Error).message}`);
    }
    for (const item of out.splice(0)) yield item;
    if (open.notat && parser.position - open.notat.position > maxChars)
      throw new Error(
        `${path}: the notat that starts on line ${open.notat.line} is longer than the record cap of ${maxChars} characters (IMPORT_MAX_RECORD_BYTES); the import stopped there, batches committed before it stay`,
      );
  }
  try {
    parser.close();
  } catch (err) {
    throw new Error(`${path}: XML is not well-formed: ${(err as Error).message}`);
  }
  for (const item of out.splice(0)) yield item;
  if (!root) throw new Error(`${path}: not a Profil export (no <profil-eksport> root)`);
}
