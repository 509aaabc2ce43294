/**
 * The checksums a Noark 5 deposit package's arkivuttrekk.xml gives for its files, so that the
 * import can verify arkivstruktur.xml (and endringslogg.xml) before it writes anything (review
 * s38: a truncated arkivstruktur.xml was imported up to the cut, and only then found not
 * well-formed).
 *
 * arkivuttrekk.xml is ADDML 8.3 (Arkivverket's addml.xsd): ADDML has no element of its own for a
 * file or a checksum, only generic `property` elements with a `name` and a `value`. A Noark 5
 * package describes each file as a `dataObject` holding
 *
 *   <property name="file"><properties>
 *     <property name="name"><value>arkivstruktur.xml</value></property>
 *     …
 *     <property name="checksum"><properties>
 *       <property name="algorithm"><value>SHA256</value></property>
 *       <property name="value"><value>…hex…</value></property>
 *     </properties></property>
 *   </properties></property>
 *
 * as `export-noark` writes it (export.ts `fileProps`). (`sjekksum` and `sjekksumAlgoritme` are
 * arkivstruktur.xsd's elements of a dokumentobjekt, the checksum of a document file, checked
 * at import per document; they are not in arkivuttrekk.xml.)
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { SaxesParser } from 'saxes';

export const ADDML_NS = 'http://www.arkivverket.no/standarder/addml';

/** arkivuttrekk.xml describes the package's files: a few kilobytes. Larger is not read. */
export const MAX_ARKIVUTTREKK_BYTES = 16 * 1024 * 1024;

/** Thrown when arkivuttrekk.xml cannot be read, or a file does not match what it says. */
export class ArkivuttrekkError extends Error {}

export interface DeclaredChecksum {
  /** As written (e.g. `SHA256`). */
  algorithm: string;
  /** Lower-case hex. */
  value: string;
  /** The line of arkivuttrekk.xml its `file` property starts on. */
  line: number;
}

/** Node's name of a checksum algorithm as ADDML packages write it (`SHA256`, `SHA-256` …), or null. */
export function hashName(algorithm: string): string | null {
  const names: Record<string, string> = {
    SHA256: 'sha256',
    SHA512: 'sha512',
    SHA384: 'sha384',
    SHA224: 'sha224',
    SHA1: 'sha1',
    MD5: 'md5',
  };
  return names[algorithm.toUpperCase().replace(/[-_\s]/g, '')] ?? null;
}

/** The checksums arkivuttrekk.xml gives, by file name (as written in the `name` property). */
export async function declaredChecksums(path: string): Promise<Map<string, DeclaredChecksum>> {
  const stat = await lstat(path);
  if (!stat.isFile()) throw new ArkivuttrekkError('arkivuttrekk.xml is not a regular file');
  if (stat.size > MAX_ARKIVUTTREKK_BYTES)
    throw new ArkivuttrekkError(
      `arkivuttrekk.xml is ${stat.size} bytes, over ${MAX_ARKIVUTTREKK_BYTES}: not read`,
    );
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch {
    throw new ArkivuttrekkError('arkivuttrekk.xml is not valid UTF-8');
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  /** The open elements; a property with its name. */
  const stack: { local: string; name?: string }[] = [];
  /** The open `file` properties (innermost last). */
  const open: { name?: string; algorithm?: string; value?: string; line: number }[] = [];
  const found = new Map<string, DeclaredChecksum>();
  let text = '';
  parser.on('opentag', (tag) => {
    if (!stack.length && (tag.local !== 'addml' || tag.uri !== ADDML_NS))
      throw new ArkivuttrekkError(
        `arkivuttrekk.xml: the root element is {${tag.uri}}${tag.local}, expected {${ADDML_NS}}addml (ADDML 8.3)`,
      );
    const name = tag.uri === ADDML_NS && tag.local === 'property' ? tag.attributes.name?.value : undefined;
    stack.push({ local: tag.uri === ADDML_NS ? tag.local : '', name });
    if (name === 'file') open.push({ line: parser.line });
    text = '';
  });
  const onText = (t: string) => {
    text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    if (frame.local === 'value') {
      // The names of the properties around this value, from the innermost `file` on.
      const names = stack.filter((f) => f.local === 'property').map((f) => f.name ?? '');
      const at = names.lastIndexOf('file');
      const file = open[open.length - 1];
      const path = names.slice(at + 1).join('/');
      if (at >= 0 && file) {
        if (path === 'name') file.name = text.trim();
        else if (path === 'checksum/algorithm') file.algorithm = text.trim();
        else if (path === 'checksum/value') file.value = text.trim().toLowerCase();
      }
    } else if (frame.local === 'property' && frame.name === 'file') {
      const file = open.pop()!;
      if (!file.name || (file.algorithm === undefined && file.value === undefined)) return;
      if (!file.algorithm || !file.value)
        throw new ArkivuttrekkError(
          `arkivuttrekk.xml line ${file.line}: the checksum of ${file.name} has no ${file.algorithm ? 'value' : 'algorithm'}`,
        );
      const before = found.get(file.name);
      if (before && (before.value !== file.value || before.algorithm !== file.algorithm))
        throw new ArkivuttrekkError(
          `arkivuttrekk.xml gives two checksums of ${file.name} (lines ${before.line} and ${file.line})`,
        );
      found.set(file.name, { algorithm: file.algorithm, value: file.value, line: file.line });
    }
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof ArkivuttrekkError) throw err;
    throw new ArkivuttrekkError(`arkivuttrekk.xml is not well-formed XML: ${(err as Error).message}`);
  }
  return found;
}

/** A file's checksum in the algorithm given (lower-case hex), read as a stream. */
export async function fileChecksum(path: string, algorithm: string): Promise<string> {
  const hash = createHash(hashName(algorithm)!);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The extract's own time, as arkivuttrekk.xml gives it: the `value` of an `additionalElement` (or
 * `property`) named `extractionDate` (xs:dateTime, or xs:date read as its start in UTC), as
 * `export-noark` writes it in the dataset's context. ADDML has no element of its own for it, as for
 * a checksum. Null when arkivuttrekk.xml gives none, or an xs:dateTime without a time zone
 * (which instant it is is not known): the import then tells an older extract by its cases' own
 * dates (import.ts `isOlderExtract`).
 *
 * A value that is no date (not xs:date or xs:dateTime, or no day of the calendar: 30 February),
 * or a time after `now` (more than the widest time-zone offset, 14 hours, ahead) is an
 * ArkivuttrekkError (hardening review s42): a day the calendar lacks reached PostgreSQL as an
 * error blaming arkivstruktur.xml after the import had begun, or was read as another day
 * (2025-02-30 as 2 March); a future time was kept as the case's, and every later real extract was
 * then "older" and left unapplied for good; a value that was no date was silently ignored.
 */
export async function declaredExtractionTime(path: string, now = new Date()): Promise<string | null> {
  const stat = await lstat(path);
  if (!stat.isFile() || stat.size > MAX_ARKIVUTTREKK_BYTES) return null;
  const parser = new SaxesParser({ xmlns: true });
  const names: (string | undefined)[] = [];
  let text = '';
  let found: string | null = null;
  let refused: string | null = null;
  parser.on('opentag', (tag) => {
    names.push(
      tag.uri === ADDML_NS && (tag.local === 'additionalElement' || tag.local === 'property')
        ? tag.attributes.name?.value
        : tag.uri === ADDML_NS && tag.local === 'value'
          ? '#value'
          : '',
    );
    text = '';
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', () => {
    const name = names.pop();
    if (name === '#value' && names[names.length - 1] === 'extractionDate' && found === null && !refused) {
      const v = text.trim();
      const m = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(v);
      const shown = JSON.stringify(v.slice(0, 100));
      if (!m) {
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v))
          refused = `arkivuttrekk.xml gives the extractionDate ${shown}, which is not an xs:date or xs:dateTime`;
        return;
      }
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const day = new Date(Date.UTC(y, mo - 1, d));
      const t = Date.parse(v);
      if (
        day.getUTCFullYear() !== y ||
        day.getUTCMonth() !== mo - 1 ||
        day.getUTCDate() !== d ||
        (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[8] ?? 0) > 59)) ||
        Number.isNaN(t)
      )
        refused = `arkivuttrekk.xml gives the extractionDate ${shown}, which is no date of the calendar`;
      else if (t > now.getTime() + MAX_ZONE_AHEAD_MS)
        refused = `arkivuttrekk.xml gives the extractionDate ${shown}, which is in the future (now ${now.toISOString()}): an extract cannot be made later than it is read`;
      else found = v;
    }
  });
  try {
    parser.write(await readFile(path, 'utf8')).close();
  } catch {
    return null;
  }
  if (refused) throw new ArkivuttrekkError(refused);
  return found;
}

/** The widest time-zone offset (UTC+14): an xs:date of today somewhere may begin this far ahead. */
const MAX_ZONE_AHEAD_MS = 14 * 60 * 60 * 1000;
