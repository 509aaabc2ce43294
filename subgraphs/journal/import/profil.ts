/**
 * Profil export (profil-eksport.xml): UTF-8 XML, streamed with saxes. Each klient is a
 * patient record (fnr optional); each notat a journal entry in local time. A record that
 * is not valid UTF-8 is quarantined with reason `encoding`; a notat whose text is longer than
 * the record cap (IMPORT_MAX_RECORD_BYTES), with reason `record-size` and its first bytes:
 * the reader cuts a text run over the cap before the XML parser sees it (saxes holds a text
 * until the next markup), so no record is ever held whole (found in review: a 600 MB notat
 * ran the import out of memory).
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

/** The first bytes of an oversized record that its quarantine row keeps (as the other readers do). */
const HEAD_CHARS = 4096;

export async function* readProfil(
  path: string,
  onBytes?: (n: number) => void,
  opts: { maxRecordBytes?: number } = {},
): AsyncGenerator<ImportItem> {
  const maxChars = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  const parser = new SaxesParser({ position: true });
  /** A text run since the last markup was cut at the cap (set before the parser sees the cut text's end). */
  let cut = false;
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
      cut = false;
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
    recordNo++;
    const a = n.tag.attributes as Record<string, string>;
    const q = (reason: string, detail: string) =>
      out.push(quarantine(reason, detail, elementXml(n.tag, n.text), n.line, recordNo));
    if (cut) {
      cut = false;
      n.text = n.text.slice(0, HEAD_CHARS);
      return q(
        'record-size',
        `notat text is over the limit of ${maxChars} bytes; its first ${HEAD_CHARS} bytes are kept`,
      );
    }
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

  const write = (s: string) => {
    try {
      parser.write(s);
    } catch (err) {
      throw new Error(`${path}: XML is not well-formed: ${(err as Error).message}`);
    }
  };
  /** Characters of text since the last '<', and whether the run is being dropped (over the cap). */
  let run = 0;
  let dropping = false;
  /** Whether every text run of the chunk, the one carried over included, stays within the cap. */
  const fits = (s: string) => {
    let r = run;
    for (let i = 0; ;) {
      const lt = s.indexOf('<', i);
      if (lt === -1) return r + s.length - i <= maxChars;
      if (r + lt - i > maxChars) return false;
      r = 0;
      i = lt + 1;
    }
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const s = chunk as string;
    onBytes?.(Buffer.byteLength(s));
    const last = s.lastIndexOf('<');
    if (!dropping && fits(s)) {
      // The usual case: no text run in this chunk reaches the cap.
      write(s);
      run = last === -1 ? run + s.length : s.length - last - 1;
    } else {
      // A run reaches the cap: feed the parser its first maxChars characters, drop the rest up
      // to the next markup, and say so (the notat is quarantined when it closes).
      let i = 0;
      while (i < s.length) {
        const lt = s.indexOf('<', i);
        const end = lt === -1 ? s.length : lt;
        if (!dropping) {
          const room = maxChars - run;
          const piece = s.slice(i, Math.min(end, i + room));
          write(piece);
          run += piece.length;
          if (end - i > room) {
            dropping = true;
            cut = true;
          }
        }
        if (lt === -1) break;
        dropping = false;
        run = 0;
        // The markup and everything after it up to the next run decision go on as they are.
        write('<');
        i = lt + 1;
      }
    }
    for (const item of out.splice(0)) yield item;
  }
  try {
    parser.close();
  } catch (err) {
    throw new Error(`${path}: XML is not well-formed: ${(err as Error).message}`);
  }
  for (const item of out.splice(0)) yield item;
  if (!root) throw new Error(`${path}: not a Profil export (no <profil-eksport> root)`);
}
