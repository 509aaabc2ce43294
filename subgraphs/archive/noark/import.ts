/**
 * Imports a Noark 5 extract (arkivstruktur.xml + DOKUMENT/, optionally endringslogg.xml)
 * with a streaming XML parser. Each saksmappe is written with its journalposter and
 * documents in one transaction. Every document file is checked against its recorded
 * size and SHA-256; a file that is missing or does not match is quarantined with the
 * reason and its bytes, and its dokumentobjekt is stored without content. A saksmappe
 * that cannot be accepted is quarantined whole. Re-importing the same extract changes
 * nothing (natural key: systemID; the source record's hash tells unchanged from changed). A
 * stored saksmappe that comes with other content is a later extract of a live archive's case:
 * its new records are added, its changes applied with the rows replaced kept, a change made here
 * never overwritten (updateStoredCase; README "A later extract").
 *
 * A quarantined saksmappe (or registrering outside one) keeps its source bytes as they are in
 * arkivstruktur.xml, from the `<` of its start tag to the `>` of its end tag, with the line
 * it starts on, not a JSON rebuilt from the parsed record: that lost attributes, entities,
 * CDATA, comments and whitespace, and the archive must keep what it received (arkivlova § 5,
 * arkivforskrifta). The bytes are held only while the record is open, up to the record cap
 * (IMPORT_MAX_RECORD_BYTES); a record over it keeps its first bytes, and `detail` says so
 * (lib/import/xml-source.ts). The source hash is still taken of the parsed record, as before.
 *
 * A party (part) links its case to a person (archive.person_link) only by a fødselsnummer or
 * D-number. A partID that is an H-nummer (hjelpenummer) names a person within the institution
 * that gave it only, and a case archive cannot tell which institution's person it is: linked as a
 * national id it reached every source's person of the number, another organisation's among them
 * (pasientjournalloven § 22; lib/national-id.ts H_NUMBER_ERROR; stop 36). Such a party is kept
 * as exported (archive.part, the journalpost's complex) and linked to no person; the import
 * counts them (`hNumberParties`, logged without ids). Links earlier imports stored: migration 027.
 *
 * A deposit package's arkivuttrekk.xml, when it gives the checksum of arkivstruktur.xml or
 * endringslogg.xml, is checked before anything is written (refused whole on a mismatch). A fault
 * found later in the stream stops the import partway: the saksmapper before it are committed
 * (each its own transaction) and stay; ImportStoppedError says how many, and importing the
 * complete extract again completes the import (review s38; README "Partial imports").
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DEFAULT_LIMITS } from '../../../lib/config';
import { readRegularFileInside } from '../../../lib/import/safe-file';
import { XmlSourceBytes, type ElementBytes, type OpenElement } from '../../../lib/import/xml-source';
import { join, resolve, sep } from 'node:path';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Db, Queryable } from '../../../lib/db';
import { log } from '../../../lib/log';
import { isHNumber, isValidNationalId } from '../../../lib/national-id';
import { isRealDate } from '../../../lib/oslo-time';
import {
  ArkivuttrekkError,
  declaredChecksums,
  declaredExtractionTime,
  fileChecksum,
  hashName,
  type DeclaredChecksum,
} from './arkivuttrekk';
import {
  ARKIVSTRUKTUR_NS,
  CHILDREN,
  COLUMNS,
  COMPLEX_ORDER,
  ENTITY_ELEMENTS,
  ENTITY_ORDER,
  INTEGER_COLUMNS,
  REQUIRED_COLUMNS,
  XSI_NS,
  type Complex,
  type EntityKind,
  type Fields,
} from './model';
import { moreScreening } from './screen-more';
import { nameKey } from '../postjournal';

export class ImportError extends Error {}

/**
 * The import stopped partway, after it had written something: the saksmapper before the error
 * are committed (each in its own transaction), the rest of the extract is not imported. The
 * message says how many and that importing the complete extract again completes the import
 * (what is stored counts as unchanged); `summary` counts what was written (review s38: a
 * truncated arkivstruktur.xml ended with "not well-formed" alone). `import-noark` exits 5.
 */
export class ImportStoppedError extends ImportError {
  constructor(
    message: string,
    readonly summary: ImportSummary,
  ) {
    super(message);
  }
}

export interface ImportSummary {
  /**
   * Saksmapper: new; already stored and changed by this extract (something added or updated,
   * `laterExtract`); already stored, the extract saying nothing new of them that is to be applied;
   * already stored, what the extract changes held for an archivist and nothing of it applied (a
   * conflict, a party conflict, a changed dokumentobjekt: in the quarantine; review s45, until
   * then counted unchanged); not accepted (quarantined whole). Together the extract's saksmapper.
   */
  saksmapper: { inserted: number; updated: number; unchanged: number; held: number; quarantined: number };
  /** What a later extract did to saksmapper already stored (README "A later extract"). */
  laterExtract: LaterExtractCounts;
  /** Arkiv, arkivdel, klassifikasjonssystem and klasse quarantined (a systemID twice in the deposit). */
  upperQuarantined: number;
  journalposter: number;
  documents: { stored: number; quarantined: number };
  endringslogg: number;
  /**
   * Parties (part, of a case or a journalpost) of the saksmapper written whose partID is an
   * H-nummer: kept as exported, linked to no person (pasientjournalloven § 22; header).
   */
  hNumberParties: number;
}

interface Node {
  kind: EntityKind;
  fields: Fields;
  complex: Complex;
  children: Node[];
  ordinal: number;
}

interface Frame {
  element: string;
  role: 'entity' | 'complex' | 'leaf';
  node?: Node;
  /** For complex elements: their leaves. */
  leaves?: Fields;
  text: string;
  childCount: number;
  emitted: boolean;
  /** Set when something inside a saksmappe cannot be accepted; the whole saksmappe is quarantined. */
  error?: string;
  /** A unit's root (a mappe, or a registrering outside one): its source bytes, held while it is open. */
  bytes?: OpenElement;
  /** The line an entity's start tag is on. */
  line?: number;
  /**
   * An upper entity that is not stored (its systemID is another's of this deposit, or it is
   * inside one that is not stored): why. Everything inside it is quarantined with it.
   */
  rejected?: string;
}

type Unit =
  | {
      type: 'upper';
      node: Node;
      parentId: string | null;
      parentKind: EntityKind | null;
      /** Set when it is not stored but quarantined (a duplicate systemID in the deposit): why. */
      rejected?: string;
      line: number | null;
    }
  | {
      type: 'mappe';
      node: Node;
      klasseId: string | null;
      error?: string;
      line: number;
      /** Its bytes in arkivstruktur.xml (what quarantine keeps), when its start tag was within the cap. */
      source?: ElementBytes;
    };

const ALLOWED_CHILDREN: Record<EntityKind, readonly string[]> = {
  arkiv: ['arkiv', 'arkivdel'],
  arkivdel: ['klassifikasjonssystem', 'mappe', 'registrering'],
  klassifikasjonssystem: ['klasse'],
  klasse: ['klasse', 'mappe', 'registrering'],
  saksmappe: ['mappe', 'registrering'],
  journalpost: ['dokumentbeskrivelse'],
  dokumentbeskrivelse: ['dokumentobjekt'],
  dokumentobjekt: [],
};

function entityKind(element: string, xsiType: string | undefined): EntityKind | { error: string } {
  const type = xsiType?.replace(/^.*:/, '');
  if (element === 'mappe')
    return type === 'saksmappe'
      ? 'saksmappe'
      : { error: `mappe of xsi:type "${type ?? '(none)'}" is not supported (only saksmappe)` };
  if (element === 'registrering')
    return type === 'journalpost'
      ? 'journalpost'
      : { error: `registrering of xsi:type "${type ?? '(none)'}" is not supported (only journalpost)` };
  return element as EntityKind;
}

const UPPER: ReadonlySet<EntityKind> = new Set(['arkiv', 'arkivdel', 'klassifikasjonssystem', 'klasse']);

/** Splits an entity's leaves into its column values and the rest. Throws on what the database cannot hold. */
export function toRow(
  kind: EntityKind,
  fields: Fields,
): { row: Record<string, string | number | null>; rest: Fields } {
  const map = COLUMNS[kind];
  const row: Record<string, string | number | null> = {};
  const rest: Fields = {};
  for (const [el, values] of Object.entries(fields)) {
    const col = map[el];
    if (!col) {
      rest[el] = values;
      continue;
    }
    if (values.length > 1) throw new Error(`${kind}: element ${el} occurs ${values.length} times`);
    const v = values[0]!;
    if (INTEGER_COLUMNS.has(col)) {
      if (!/^-?\d+$/.test(v)) throw new Error(`${kind}: ${el} is not an integer: "${v}"`);
      row[col] = Number(v);
    } else if (
      (col === 'saksdato' || col === 'journaldato' || col === 'dokumentets_dato') &&
      !isRealDate(v)
    ) {
      throw new Error(`${kind}: ${el} is not a date (YYYY-MM-DD): "${v}"`);
    } else {
      row[col] = v;
    }
  }
  for (const col of REQUIRED_COLUMNS[kind]) {
    if (row[col] === undefined || row[col] === '') {
      const el = Object.entries(map).find(([, c]) => c === col)?.[0] ?? col;
      throw new Error(`${kind}${row.id ? ` ${row.id}` : ''}: required element ${el} is missing`);
    }
  }
  for (const col of Object.values(map)) if (!(col in row)) row[col] = null;
  return { row, rest };
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

interface DocCheck {
  content: Buffer | null;
  quarantine?: { reason: string; raw: Buffer | null };
}

async function checkDocument(folder: string, obj: Node, maxDocumentBytes: number): Promise<DocCheck> {
  const ref = obj.fields.referanseDokumentfil?.[0] ?? '';
  const expected = (obj.fields.sjekksum?.[0] ?? '').toLowerCase();
  const algorithm = obj.fields.sjekksumAlgoritme?.[0] ?? '';
  const size = Number(obj.fields.filstoerrelse?.[0]);
  const path = resolve(folder, ref);
  if (!ref || !path.startsWith(resolve(folder) + sep)) {
    return {
      content: null,
      quarantine: { reason: `referanseDokumentfil "${ref}" points outside the extract`, raw: null },
    };
  }
  // Regular files inside the extract only, never through a symlink, size checked before reading.
  const read = await readRegularFileInside(folder, ref, maxDocumentBytes);
  if (!read.ok) {
    return { content: null, quarantine: { reason: `document file ${read.reason}`, raw: null } };
  }
  const content = read.content;
  if (algorithm.toUpperCase().replace('-', '') !== 'SHA256') {
    return {
      content: null,
      quarantine: {
        reason: `unsupported sjekksumAlgoritme "${algorithm}" for ${ref} (only SHA256)`,
        raw: content,
      },
    };
  }
  if (content.length !== size) {
    return {
      content: null,
      quarantine: {
        reason: `size mismatch for ${ref}: extract says ${obj.fields.filstoerrelse?.[0]} bytes, file has ${content.length}`,
        raw: content,
      },
    };
  }
  const actual = sha256(content);
  if (actual !== expected) {
    return {
      content: null,
      quarantine: {
        reason: `SHA-256 mismatch for ${ref}: extract says ${expected}, file has ${actual}`,
        raw: content,
      },
    };
  }
  return { content };
}

async function quarantine(
  db: Queryable,
  sourceFile: string,
  ref: string,
  reason: string,
  raw: Buffer | null,
  at: { line?: number | null; detail?: string | null } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO archive.quarantine (source_file, ref, reason, raw, raw_sha256, line, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (source_file, ref, reason, raw_sha256) DO NOTHING`,
    [sourceFile, ref, reason, raw, raw ? sha256(raw) : '', at.line ?? null, at.detail ?? null],
  );
}

/** What a quarantine row says when it keeps only the first bytes of a record over the cap. */
function overCap(src: ElementBytes, maxRecordBytes: number): string {
  return `the record is ${src.size} bytes, over the record cap of ${maxRecordBytes} (IMPORT_MAX_RECORD_BYTES); its first ${src.raw.length} bytes are kept`;
}

function nodeToJson(node: Node): unknown {
  return {
    kind: node.kind,
    fields: node.fields,
    complex: node.complex,
    children: node.children.map(nodeToJson),
  };
}

/**
 * The parties (part/partID) in a complex that name a person: a valid fødselsnummer or D-number,
 * never an H-nummer, which names a person within one institution only (header); those are counted.
 */
function partyIds(complex: Complex): { nationalIds: string[]; hNumbers: number } {
  const ids = (complex.part ?? []).map((p) => p.partID?.[0] ?? '');
  return {
    nationalIds: ids.filter((id) => isValidNationalId(id) && !isHNumber(id)),
    hNumbers: ids.filter(isHNumber).length,
  };
}

/** The columns of each upper entity's table besides id (its parent, place and values). */
const UPPER_TABLE: Record<
  'arkiv' | 'arkivdel' | 'klassifikasjonssystem' | 'klasse',
  { table: string; cols: string[] }
> = {
  arkiv: { table: 'archive.arkiv', cols: ['parent_id', 'ordinal', 'tittel', 'fields', 'complex'] },
  arkivdel: { table: 'archive.arkivdel', cols: ['arkiv_id', 'ordinal', 'tittel', 'fields', 'complex'] },
  klassifikasjonssystem: {
    table: 'archive.klassifikasjonssystem',
    cols: ['arkivdel_id', 'ordinal', 'tittel', 'fields', 'complex'],
  },
  klasse: {
    table: 'archive.klasse',
    cols: [
      'klassifikasjonssystem_id',
      'parent_klasse_id',
      'ordinal',
      'klasse_id',
      'tittel',
      'fields',
      'complex',
    ],
  },
};

/**
 * Writes an arkiv, arkivdel, klassifikasjonssystem or klasse: new, or changed by a later
 * deposit (its values now the deposit's, the row it replaced kept in archive.record_version by
 * the trigger of migration 021, reason `changed in a later deposit`); unchanged, nothing is
 * written. Written with ON CONFLICT DO NOTHING, a later deposit's change was ignored without a
 * trace (found in review s31). One the parser rejected (a systemID another upper entity of the
 * deposit has: arkivlova § 5, the archive keeps what it received, and files nothing under the
 * wrong klasse) is quarantined, with the parsed record (its elements before its first child) as
 * JSON; its saksmapper are quarantined with their source bytes (`writeMappe`). Returns whether
 * it was quarantined.
 */
async function writeUpper(
  db: Db,
  sourceFile: string,
  unit: Extract<Unit, { type: 'upper' }>,
  extractedAt: string | null,
): Promise<'written' | 'quarantined' | 'older'> {
  const { node, parentId } = unit;
  if (!UPPER.has(node.kind)) throw new ImportError(`unexpected ${node.kind} outside a saksmappe`);
  const kind = node.kind as keyof typeof UPPER_TABLE;
  if (unit.rejected) {
    const id = node.fields.systemID?.[0] ?? '?';
    await quarantine(
      db,
      sourceFile,
      `${kind} ${node.fields.klasseID?.[0] ?? id}`,
      unit.rejected,
      Buffer.from(JSON.stringify(nodeToJson(node)), 'utf8'),
      {
        line: unit.line,
        detail: `the parsed ${kind} (its elements before its first child) is kept, as JSON; each saksmappe in it is quarantined with its source bytes`,
      },
    );
    log.warn({ kind, systemID: id }, 'upper entity quarantined');
    return 'quarantined';
  }
  const { row, rest } = toRow(node.kind, node.fields);
  const values: Record<string, unknown> = {
    parent_id: parentId,
    arkiv_id: parentId,
    arkivdel_id: parentId,
    ordinal: node.ordinal,
    tittel: row.tittel,
    klasse_id: row.klasse_id,
    fields: JSON.stringify(rest),
    complex: JSON.stringify(node.complex),
  };
  const { table, cols } = UPPER_TABLE[kind];
  const params: unknown[] = [row.id];
  const exprs = cols.map((c) => {
    if (kind === 'klasse' && c === 'klassifikasjonssystem_id') {
      // A klasse inside a klasse is in its parent's klassifikasjonssystem.
      params.push(unit.parentKind === 'klasse' ? null : parentId);
      const sys = `$${params.length}`;
      params.push(unit.parentKind === 'klasse' ? parentId : null);
      return `COALESCE(${sys}::text, (SELECT k.klassifikasjonssystem_id FROM archive.klasse k WHERE k.id = $${params.length}::text))`;
    }
    if (kind === 'klasse' && c === 'parent_klasse_id') {
      params.push(unit.parentKind === 'klasse' ? parentId : null);
      return `$${params.length}::text`;
    }
    params.push(values[c]);
    return c === 'fields' || c === 'complex' ? `$${params.length}::jsonb` : `$${params.length}`;
  });
  return db.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('helsespor.changed_by', 'import-noark', true),
              set_config('helsespor.change_reason', 'changed in a later deposit', true)`,
    );
    // An extract older than the one it was last read from does not roll it back (review s42).
    const latest = await latestSourceTime(tx, kind, String(row.id));
    if (isOlderExtract(extractedAt, latest, [])) {
      const differs = await tx.query(
        `SELECT 1 FROM ${table} AS t WHERE t.id = $1
            AND (${cols.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${exprs.join(', ')})`,
        params,
      );
      if (!differs.rowCount) return 'written' as const;
      log.info(
        { kind, systemID: row.id, extractedAt, storedFrom: latest?.extracted_at },
        'noark older extract: an upper entity read from a newer extract is left as it is',
      );
      return 'older' as const;
    }
    const written = await tx.query(
      `INSERT INTO ${table} AS t (id, ${cols.join(', ')}) VALUES ($1, ${exprs.join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE (${cols.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(', ')})`,
      params,
    );
    const saying: SourceSaid = {
      table: kind,
      key: String(row.id),
      saksmappeId: null,
      asOf: latestDateTime(node),
      record: {
        tittel: row.tittel,
        klasse_id: row.klasse_id ?? null,
        fields: rest,
        complex: node.complex,
      },
    };
    if (written.rowCount) await insertSourceRecords(tx, sourceFile, extractedAt, [saying]);
    else if (newerTime(extractedAt, latest)) await seenAgain(tx, sourceFile, extractedAt!, saying);
    return 'written' as const;
  });
}

/**
 * The time of the extract a record was last read from: its latest archive.source_record row's, or
 * the later extractionDate that said the same of it since (`last_seen_extraction`, migration 033).
 */
interface StoredSourceTime {
  extracted_at: Date | string | null;
  as_of: Date | string | null;
}

async function latestSourceTime(
  q: Queryable,
  table: string,
  key: string,
): Promise<StoredSourceTime | undefined> {
  return (
    await q.query<StoredSourceTime>(
      `SELECT GREATEST(extracted_at, last_seen_extraction) AS extracted_at, as_of FROM archive.source_record
        WHERE record_table = $1 AND record_key = $2 ORDER BY id DESC LIMIT 1`,
      [table, key],
    )
  ).rows[0];
}

const timeOf = (x: Date | string | null | undefined) => (x == null ? null : new Date(x).getTime());

/**
 * Whether an extract is older than the one a record was last read from (review s42: an older
 * extract imported after a newer one rolled the newer values back). By the extracts' own times
 * when both give one (arkivuttrekk.xml `extractionDate`; `stored` is the case's, or the upper
 * entity's, last row). Otherwise by the records both have, each by the latest date-time of its
 * own (`pairs`: this extract's and the one last read's): a record gains dates as the case goes on
 * (closed: avsluttetDato; archived: arkivertDato; a merknad), never loses one, so the extract is
 * older when one of them is earlier in it and none later. A record the newer extract no longer
 * has (deleted in the source) is not compared. Neither known, or all equal: not older (taken as
 * before).
 */
export function isOlderExtract(
  extractedAt: string | null,
  stored: StoredSourceTime | undefined,
  pairs: readonly [string | null, Date | string | null][],
): boolean {
  const se = timeOf(stored?.extracted_at);
  if (se !== null && extractedAt) return Date.parse(extractedAt) < se;
  let earlier = false;
  for (const [incoming, last] of pairs) {
    const i = incoming ? Date.parse(incoming) : null;
    const l = timeOf(last);
    if (i === null || l === null) continue;
    if (i > l) return false;
    if (i < l) earlier = true;
  }
  return earlier;
}

/** Whether this extract's own time is later than the stored one's (or the stored one gives none). */
function newerTime(extractedAt: string | null, stored: StoredSourceTime | undefined): boolean {
  if (!extractedAt) return false;
  const se = timeOf(stored?.extracted_at);
  return se === null || Date.parse(extractedAt) > se;
}

/**
 * The latest date-time (xs:dateTime) a record carries in the extract, of its own elements and
 * complex elements (merknad, part …; not its children's), as ISO text, or null.
 */
function latestDateTime(node: Node): string | null {
  let best: number | null = null;
  const see = (v: string) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return;
    const t = Date.parse(v);
    if (!Number.isNaN(t) && (best === null || t > best)) best = t;
  };
  for (const vs of Object.values(node.fields)) vs.forEach(see);
  for (const occurrences of Object.values(node.complex))
    for (const f of occurrences) for (const vs of Object.values(f)) vs.forEach(see);
  return best === null ? null : new Date(best).toISOString();
}

/** What the source said of records (archive.source_record, insert-only), with the extract's times. */
async function insertSourceRecords(
  tx: Queryable,
  sourceFile: string,
  extractedAt: string | null,
  rows: SourceSaid[],
): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO archive.source_record (record_table, record_key, saksmappe_id, record, extracted_at, as_of, source_file)
     SELECT r.t, r.k, r.s, r.r, $2::timestamptz, r.a, $3
       FROM jsonb_to_recordset($1::jsonb) AS r(t text, k text, s text, r jsonb, a timestamptz)`,
    [
      JSON.stringify(rows.map((x) => ({ t: x.table, k: x.key, s: x.saksmappeId, r: x.record, a: x.asOf }))),
      extractedAt,
      sourceFile,
    ],
  );
}

/**
 * An extract of a later extractionDate says of a record exactly what the source last said (its
 * values and as_of): its latest archive.source_record row notes it (`last_seen_extraction`, which
 * only moves on, and `last_seen_at`; migration 033), and no row is added. The older-extract rule
 * reads the later of the row's time and that (latestSourceTime), as it read an added row's. Every
 * nightly re-delivery added a row a saksmappe and upper entity until stop 44. A record whose latest
 * row says otherwise, or that has none (stored before migration 031), gets its row as before.
 */
async function seenAgain(
  tx: Queryable,
  sourceFile: string,
  extractedAt: string,
  row: SourceSaid,
): Promise<void> {
  const noted = await tx.query(
    `UPDATE archive.source_record AS r
        SET last_seen_extraction = GREATEST(r.last_seen_extraction, $3::timestamptz), last_seen_at = now()
      WHERE r.id = (SELECT id FROM archive.source_record WHERE record_table = $1 AND record_key = $2 ORDER BY id DESC LIMIT 1)
        AND r.record = $4::jsonb AND r.as_of IS NOT DISTINCT FROM $5::timestamptz`,
    [row.table, row.key, extractedAt, JSON.stringify(row.record), row.asOf],
  );
  if (!noted.rowCount) await insertSourceRecords(tx, sourceFile, extractedAt, [row]);
}

/** One record as the source said it: its compared values, and the latest date-time of its own. */
interface SourceSaid {
  table: string;
  key: string;
  saksmappeId: string | null;
  record: Record<string, unknown>;
  asOf: string | null;
}

/**
 * What later extracts did to saksmapper already stored (README "A later extract"), summed over
 * the run. A re-import of the same extract counts nothing here but `notInExtract` of a case that
 * changed since (the records it lacks stay, and are counted each time it is read).
 */
export interface LaterExtractCounts {
  /** Journalposter with systemIDs not stored, added to a stored saksmappe with their documents. */
  journalposterAdded: number;
  /** Saksmapper, journalposter and dokumentbeskrivelser whose changed elements were applied (the rows replaced kept in archive.record_version). */
  recordsUpdated: number;
  /** Records the extract changes that were changed here since their import: ours kept, the source's quarantined. */
  conflicts: number;
  /** Dokumentobjekter under a stored systemID that the extract gives otherwise: quarantined, the stored one and its bytes kept. */
  changedDocuments: number;
  /** Stored journalposter, dokumentbeskrivelser, dokumentobjekter and parties of these saksmapper the extract no longer has: kept. */
  notInExtract: number;
  /**
   * Records in conflict whose source screens them more (a skjerming added, more skjermingMetadata,
   * a public title with fewer words): the more restrictive screening applied at once, the rest of
   * ours kept and the conflict left open (offentleglova § 13 with fvl. § 13; screen-more.ts).
   */
  screeningApplied: number;
  /**
   * Saksmapper, and arkiv/arkivdel/klassifikasjonssystem/klasser, left as they are because the
   * extract is older than the one they were last read from (its extractionDate in
   * arkivuttrekk.xml, else the latest date-time the case carries): an older extract does not roll
   * values back (isOlderExtract).
   */
  olderExtract: number;
  /**
   * Parties (of a case, or of a journalpost updated) whose national id the extract corrects: the
   * same party by name and role under another fødselsnummer or D-number. The link to the earlier
   * person is ended (archive.ended_part, archive.unlinked_person_link; pasientjournalloven § 22).
   */
  partiesCorrected: number;
  /**
   * Parties (of a case, or of a journalpost the extract has) the source named and no longer names,
   * with no corrected party in their place: the link to that person is ended as for a corrected id
   * (archive.ended_part, archive.unlinked_person_link; pasientjournalloven § 22; review s43).
   */
  partiesRemoved: number;
  /**
   * Saksmapper and journalposter the extract names no party of, whose parties name a person: far
   * more likely a partial or faulty extract than every party removed, so the parties stay linked,
   * the rest is applied, and a party conflict is opened for an archivist (archive.party_conflict,
   * resolvePartyConflict; pasientjournalloven § 22, arkivlova § 5; stop 44). One already open or
   * kept for the record is not opened again.
   */
  partiesVanished: number;
}

export const noLaterExtractCounts = (): LaterExtractCounts => ({
  journalposterAdded: 0,
  recordsUpdated: 0,
  conflicts: 0,
  changedDocuments: 0,
  notInExtract: 0,
  screeningApplied: 0,
  olderExtract: 0,
  partiesCorrected: 0,
  partiesRemoved: 0,
  partiesVanished: 0,
});

interface MappeOutcome {
  outcome: 'inserted' | 'updated' | 'unchanged' | 'held' | 'quarantined';
  journalposter: number;
  stored: number;
  quarantinedDocs: number;
  /** Parties named by an H-nummer in the case written (kept, linked to no person). */
  hNumberParties?: number;
  /** A stored saksmappe met again with other content. */
  later?: LaterExtractCounts;
}

/** Ids of stored dokumentobjekter without content (quarantined), read once per import run. */
type QuarantinedDocs = () => Promise<Set<string>>;

type Row = Record<string, string | number | null>;
/** An entity of a saksmappe, validated (toRow) and ready to be written. */
interface Parsed {
  row: Row;
  rest: Fields;
  node: Node;
}
interface ParsedBeskrivelse extends Parsed {
  journalpostId: string;
}
interface ParsedObjekt extends Parsed {
  beskrivelseId: string;
}

/** Thrown inside a case's transaction when the case cannot be accepted: rolled back, quarantined whole with this reason. */
class CaseRejected extends Error {}

/** The import's name in archive.record_version (`replaced_by`) and the endringslogg. */
const IMPORT_WRITER = 'import-noark';
/** The reason of a later extract's update in archive.record_version (changesSinceImport reads it). */
const LATER_EXTRACT_REASON = 'changed in a later extract';
/** Why a party's person link is ended when a later extract corrects its national id. */
const CORRECTED_REASON =
  "the party's national id was corrected in a later extract (the same party by name and role under another " +
  'id, or none): the earlier person no longer concerns the case (pasientjournalloven § 22)';
/** Why a party's person link is ended when a later extract no longer names it (review s43). */
const REMOVED_REASON =
  'the party was removed in a later extract, with no corrected party in its place: the person no longer ' +
  'concerns the case (pasientjournalloven § 22)';
/** The reason of a journalpost's parties of a later extract applied to it in conflict (review s43). */
const PARTIES_REASON = 'parties of a later extract applied in conflict (pasientjournalloven § 22)';
/** The reason of a source's screening applied to a record in conflict (screen-more.ts). */
const SCREENING_REASON = 'skjerming of a later extract applied in conflict (offentleglova § 13)';

async function insertJournalposter(tx: Queryable, saksmappeId: string, jps: Parsed[]): Promise<void> {
  if (!jps.length) return;
  await tx.query(
    `INSERT INTO archive.journalpost (id, saksmappe_id, ordinal, registrerings_id, journalaar, journalsekvensnummer, journalpostnummer,
       journalposttype, journalstatus, journaldato, dokumentets_dato, tittel, offentlig_tittel, fields, complex)
     SELECT j.id, $1, j.ordinal, j.registrerings_id, j.journalaar, j.journalsekvensnummer, j.journalpostnummer,
            j.journalposttype, j.journalstatus, j.journaldato, j.dokumentets_dato, j.tittel, j.offentlig_tittel, j.fields, j.complex
       FROM jsonb_to_recordset($2::jsonb) AS j(id text, ordinal int, registrerings_id text, journalaar int, journalsekvensnummer int,
            journalpostnummer int, journalposttype text, journalstatus text, journaldato date, dokumentets_dato date, tittel text,
            offentlig_tittel text, fields jsonb, complex jsonb)`,
    [
      saksmappeId,
      JSON.stringify(
        jps.map((j) => ({ ...j.row, ordinal: j.node.ordinal, fields: j.rest, complex: j.node.complex })),
      ),
    ],
  );
}

async function insertBeskrivelser(tx: Queryable, bs: ParsedBeskrivelse[]): Promise<void> {
  if (!bs.length) return;
  await tx.query(
    `INSERT INTO archive.dokumentbeskrivelse (id, journalpost_id, ordinal, dokumentnummer, tittel, fields, complex)
     SELECT b.id, b.journalpost_id, b.ordinal, b.dokumentnummer, b.tittel, b.fields, b.complex
       FROM jsonb_to_recordset($1::jsonb) AS b(id text, journalpost_id text, ordinal int, dokumentnummer int, tittel text, fields jsonb, complex jsonb)`,
    [
      JSON.stringify(
        bs.map((b) => ({
          ...b.row,
          journalpost_id: b.journalpostId,
          ordinal: b.node.ordinal,
          fields: b.rest,
          complex: b.node.complex,
        })),
      ),
    ],
  );
}

/**
 * Writes dokumentobjekter with the content their check verified (none where it did not: that
 * file is quarantined with its reason and bytes). Counts the files stored and quarantined.
 */
async function insertObjekter(
  tx: Queryable,
  sourceFile: string,
  objekter: { o: ParsedObjekt; check: DocCheck }[],
): Promise<{ stored: number; quarantined: number }> {
  let stored = 0;
  let quarantined = 0;
  if (!objekter.length) return { stored, quarantined };
  // One statement for all documents of the case (bytea[] keeps the bytes binary).
  await tx.query(
    `INSERT INTO archive.dokumentobjekt (id, dokumentbeskrivelse_id, ordinal, referanse_dokumentfil, format, sjekksum, filstoerrelse, content, fields, complex)
     SELECT d.id, d.b, d.o, d.r, d.f, d.s, d.z, d.c, d.fields::jsonb, d.complex::jsonb
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bytea[], $9::text[], $10::text[])
         AS d(id, b, o, r, f, s, z, c, fields, complex)`,
    [
      objekter.map(({ o }) => o.row.id),
      objekter.map(({ o }) => o.beskrivelseId),
      objekter.map(({ o }) => o.node.ordinal),
      objekter.map(({ o }) => o.row.referanse_dokumentfil),
      objekter.map(({ o }) => o.row.format),
      objekter.map(({ o }) => o.row.sjekksum),
      objekter.map(({ o }) => o.row.filstoerrelse),
      objekter.map(({ check }) => check.content),
      objekter.map(({ o }) => JSON.stringify(o.rest)),
      objekter.map(({ o }) => JSON.stringify(o.node.complex)),
    ],
  );
  for (const { o, check } of objekter) {
    if (check.quarantine) {
      quarantined++;
      await quarantine(
        tx,
        sourceFile,
        `dokumentobjekt ${o.row.id} (${o.row.referanse_dokumentfil})`,
        check.quarantine.reason,
        check.quarantine.raw,
      );
      log.warn({ dokumentobjekt: o.row.id, reason: check.quarantine.reason }, 'document quarantined');
    } else {
      stored++;
    }
  }
  return { stored, quarantined };
}

/** Parties (part) of a saksmappe, numbered from `firstOrdinal`. */
async function insertParts(tx: Queryable, saksmappeId: string, parts: Fields[], firstOrdinal: number) {
  if (!parts.length) return;
  await tx.query(
    `INSERT INTO archive.part (saksmappe_id, ordinal, part_id, part_navn, part_rolle, fields)
     SELECT $1, p.ordinal, p.part_id, p.part_navn, p.part_rolle, p.fields
       FROM jsonb_to_recordset($2::jsonb) AS p(ordinal int, part_id text, part_navn text, part_rolle text, fields jsonb)`,
    [saksmappeId, JSON.stringify(parts.map((p, i) => partRow(p, firstOrdinal + i)))],
  );
}

function partRow(p: Fields, ordinal: number) {
  const { partID, partNavn, partRolle, ...rest } = p;
  return {
    ordinal,
    part_id: partID?.[0] ?? null,
    part_navn: partNavn?.[0] ?? '',
    part_rolle: partRolle?.[0] ?? '',
    fields: rest,
  };
}

/** Person links (archive.person_link) of a case's and its journalposter's parties that name a person. */
async function insertPersonLinks(
  tx: Queryable,
  saksmappeId: string,
  entities: { type: 'saksmappe' | 'journalpost'; id: string; complex: Complex }[],
): Promise<void> {
  const links = entities.flatMap((e) =>
    partyIds(e.complex).nationalIds.map((nid) => ({
      national_id: nid,
      entity_type: e.type,
      entity_id: e.id,
    })),
  );
  if (!links.length) return;
  await tx.query(
    `INSERT INTO archive.person_link (national_id, entity_type, entity_id, saksmappe_id)
     SELECT l.national_id, l.entity_type, l.entity_id, $1 FROM jsonb_to_recordset($2::jsonb) AS l(national_id text, entity_type text, entity_id text)
     ON CONFLICT DO NOTHING`,
    [saksmappeId, JSON.stringify(links)],
  );
}

async function writeMappe(
  db: Db,
  folder: string,
  sourceFile: string,
  unit: Extract<Unit, { type: 'mappe' }>,
  quarantinedDocIds: QuarantinedDocs,
  maxDocumentBytes: number,
  maxRecordBytes: number,
  extractedAt: string | null,
): Promise<MappeOutcome> {
  const { node, source } = unit;

  const ref =
    node.kind === 'journalpost'
      ? `registrering ${node.fields.registreringsID?.[0] ?? node.fields.systemID?.[0] ?? `at line ${unit.line}`}`
      : `mappe ${node.fields.mappeID?.[0] ?? node.fields.systemID?.[0] ?? `at line ${unit.line}`}`;
  // The parsed record: what the source hash is taken of (unchanged or changed on a re-import).
  const parsed = Buffer.from(JSON.stringify(nodeToJson(node)), 'utf8');
  /** What a quarantine row of this saksmappe keeps: its source bytes, else the parsed record. */
  const kept = {
    raw: source?.raw ?? parsed,
    line: source?.line ?? null,
    detail: !source
      ? `its start tag is over the record cap of ${maxRecordBytes} bytes (IMPORT_MAX_RECORD_BYTES): the parsed record is kept, as JSON`
      : source.truncated
        ? overCap(source, maxRecordBytes)
        : null,
  };
  const reject = async (reason: string): Promise<MappeOutcome> => {
    // Its source bytes; the parsed record only if its start tag was over the cap (not held).
    await quarantine(db, sourceFile, ref, reason, kept.raw, { line: kept.line, detail: kept.detail });
    log.warn({ ref, reason }, 'saksmappe quarantined');
    return { outcome: 'quarantined', journalposter: 0, stored: 0, quarantinedDocs: 0 };
  };
  if (unit.error) return reject(unit.error);
  if (!unit.klasseId) return reject('saksmappe outside a klasse is not supported');

  // Validate the whole case before anything is written.
  let mappe: ReturnType<typeof toRow>;
  const journalposter: Parsed[] = [];
  const beskrivelser: ParsedBeskrivelse[] = [];
  const objekter: ParsedObjekt[] = [];
  try {
    mappe = toRow('saksmappe', node.fields);
    for (const jp of node.children) {
      if (jp.kind !== 'journalpost') throw new Error(`${jp.kind} inside a saksmappe is not supported`);
      const j = toRow('journalpost', jp.fields);
      journalposter.push({ ...j, node: jp });
      for (const db_ of jp.children) {
        const b = toRow('dokumentbeskrivelse', db_.fields);
        beskrivelser.push({ ...b, node: db_, journalpostId: String(j.row.id) });
        for (const obj of db_.children)
          objekter.push({
            ...toRow('dokumentobjekt', obj.fields),
            node: obj,
            beskrivelseId: String(b.row.id),
          });
      }
    }
    const numbers = journalposter.map((j) => j.row.journalpostnummer);
    const dupNumber = numbers.find((n, i) => numbers.indexOf(n) !== i);
    if (dupNumber !== undefined)
      throw new Error(`journalpostnummer ${dupNumber} occurs twice in the saksmappe`);
    const ids = [
      mappe.row.id,
      ...journalposter.map((j) => j.row.id),
      ...beskrivelser.map((b) => b.row.id),
      ...objekter.map((o) => o.row.id),
    ];
    const dupId = ids.find((x, i) => ids.indexOf(x) !== i);
    if (dupId !== undefined) throw new Error(`systemID ${dupId} occurs twice in the saksmappe`);
  } catch (err) {
    return reject((err as Error).message);
  }
  const id = String(mappe.row.id);
  const hash = sha256(parsed);

  const existing = await existingOutcome();
  if (existing) return existing;

  const checks = await Promise.all(objekter.map((o) => checkDocument(folder, o.node, maxDocumentBytes)));
  const withChecks = objekter.map((o, i) => ({ o, check: checks[i]! }));
  let written: MappeOutcome | null;
  try {
    written = await storeMappe();
  } catch (err) {
    if (err instanceof CaseRejected) return reject(err.message);
    // E.g. a journalpost systemID that another stored case already has: nothing of this case is kept.
    return reject(`could not be stored: ${(err as Error).message}`);
  }
  if (written) return written;
  // Another import stored it (or a case under its mappeID) after the check above, while this
  // one read its documents: as a re-import would find it (review s38).
  const now = await existingOutcome();
  if (now) return now;
  throw new Error(`saksmappe ${id}: stored by another import, but not found after it`);

  /**
   * The stored saksmappe(s) under its systemID or mappeID: what this record is to them, or null
   * if none, or if it is stored with other content (a later extract: storeMappe updates it).
   */
  async function existingOutcome(): Promise<MappeOutcome | null> {
    const rows = (await lookUp(db)).rows;
    if (rows.some((e) => e.id !== id))
      return reject(
        `mappeID ${mappe.row.mappe_id} is already used by another saksmappe; the stored one is kept`,
      );
    if (!rows.length || rows[0]!.source_hash !== hash) return null;
    // Same record. Read again from a newer extract (its own time later): said so, so that an
    // extract between the two is told older (archive.source_record, review s42).
    if (newerTime(extractedAt, await latestSourceTime(db, 'saksmappe', id)))
      await seenAgain(db, sourceFile, extractedAt!, {
        table: 'saksmappe',
        key: id,
        saksmappeId: id,
        record: compared('saksmappe', sakSource(mappe, unit.klasseId!, node)),
        asOf: latestDateTime(node),
      });
    // A document quarantined before gets its content now if the file matches.
    const all = await quarantinedDocIds();
    const missing = new Set(objekter.map((o) => String(o.row.id)).filter((oid) => all.has(oid)));
    let filled = 0;
    for (const o of objekter.filter((x) => missing.has(String(x.row.id)))) {
      const check = await checkDocument(folder, o.node, maxDocumentBytes);
      if (check.content && (await fillDocument(db, String(o.row.id), check.content))) filled++;
    }
    return { outcome: 'unchanged', journalposter: 0, stored: filled, quarantinedDocs: missing.size - filled };
  }

  function lookUp(q: Queryable) {
    return q.query<{ id: string; source_hash: string | null }>(
      'SELECT id, source_hash FROM archive.saksmappe WHERE id = $1 OR mappe_id = $2',
      [id, mappe.row.mappe_id],
    );
  }

  /**
   * Writes the case in one transaction: new, or (stored under its systemID with other content)
   * what a later extract adds and changes (updateStoredCase). Null, with nothing written, when
   * it is stored by then as it is, or a saksmappe under its mappeID is another case. The check
   * above ran outside this transaction, and two imports of one extract at once both passed it:
   * the second's INSERT was a unique violation, and the case it had in fact stored was
   * quarantined ("could not be stored: duplicate key…", review s38). So the check is made again
   * here, under transaction-scoped advisory locks on the systemID and the mappeID (released at
   * commit or rollback; on PGlite, one session whose transactions run one at a time, they are
   * taken at once). Always the systemID's first, each in a key space of its own, so two imports
   * never wait on each other in a circle. The journalposter, documents and person links are
   * written in this transaction too, so the case's lock covers them, an update's as well.
   */
  async function storeMappe(): Promise<MappeOutcome | null> {
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
        'archive.saksmappe systemID',
        id,
      ]);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
        'archive.saksmappe mappeID',
        String(mappe.row.mappe_id),
      ]);
      const rows = (await lookUp(tx)).rows;
      if (rows.some((e) => e.id !== id) || (rows.length && rows[0]!.source_hash === hash)) return null;
      if (rows.length)
        return updateStoredCase(tx, {
          sourceFile,
          id,
          hash,
          klasseId: unit.klasseId!,
          node,
          mappe,
          journalposter,
          beskrivelser,
          objekter: withChecks,
          ref,
          kept,
          extractedAt,
        });
      // A systemID of the case stored under another case (a later extract that moves a
      // journalpost to a new saksmappe, a split case): the whole case is quarantined, the reason
      // naming the record and the case it is stored under, as updateStoredCase says it (review
      // s41b: the INSERT below failed, the reason PostgreSQL's "duplicate key value violates
      // unique constraint" naming neither).
      const elsewhere = (
        await tx.query<{ kind: string; id: string; case_id: string }>(
          `SELECT 'journalpost' AS kind, j.id, j.saksmappe_id AS case_id FROM archive.journalpost j WHERE j.id = ANY($1::text[])
           UNION ALL
           SELECT 'dokumentbeskrivelse', b.id, j.saksmappe_id FROM archive.dokumentbeskrivelse b
             JOIN archive.journalpost j ON j.id = b.journalpost_id WHERE b.id = ANY($2::text[])
           UNION ALL
           SELECT 'dokumentobjekt', o.id, j.saksmappe_id FROM archive.dokumentobjekt o
             JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
             JOIN archive.journalpost j ON j.id = b.journalpost_id WHERE o.id = ANY($3::text[])
           LIMIT 1`,
          [
            journalposter.map((j) => String(j.row.id)),
            beskrivelser.map((b) => String(b.row.id)),
            objekter.map((o) => String(o.row.id)),
          ],
        )
      ).rows[0];
      if (elsewhere)
        throw new CaseRejected(
          `${elsewhere.kind} ${elsewhere.id} is stored under another saksmappe (${elsewhere.case_id}); the stored records are kept`,
        );
      await tx.query(
        `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, offentlig_tittel, saksdato, saksstatus,
           klasse_ref, ordinal, administrativ_enhet, fields, complex, source_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          id,
          mappe.row.mappe_id,
          mappe.row.saksaar,
          mappe.row.sakssekvensnummer,
          mappe.row.tittel,
          mappe.row.offentlig_tittel,
          mappe.row.saksdato,
          mappe.row.saksstatus,
          unit.klasseId,
          node.ordinal,
          mappe.row.administrativ_enhet,
          JSON.stringify(mappe.rest),
          JSON.stringify({ ...node.complex, part: undefined }),
          hash,
        ],
      );
      await insertParts(tx, id, node.complex.part ?? [], 0);
      await insertJournalposter(tx, id, journalposter);
      await insertBeskrivelser(tx, beskrivelser);
      const docs = await insertObjekter(tx, sourceFile, withChecks);
      await insertPersonLinks(tx, id, [
        { type: 'saksmappe', id, complex: node.complex },
        ...journalposter.map((j) => ({
          type: 'journalpost' as const,
          id: String(j.row.id),
          complex: j.node.complex,
        })),
      ]);
      // What the source said of each record, and when (migration 031).
      await insertSourceRecords(tx, sourceFile, extractedAt, [
        {
          table: 'saksmappe',
          key: id,
          saksmappeId: id,
          record: compared('saksmappe', sakSource(mappe, unit.klasseId!, node)),
          asOf: latestDateTime(node),
        },
        ...journalposter.map((j) => ({
          table: 'journalpost',
          key: String(j.row.id),
          saksmappeId: id,
          record: compared('journalpost', jpSource(j, id)),
          asOf: latestDateTime(j.node),
        })),
        ...beskrivelser.map((b) => ({
          table: 'dokumentbeskrivelse',
          key: String(b.row.id),
          saksmappeId: id,
          record: compared('dokumentbeskrivelse', bSource(b)),
          asOf: latestDateTime(b.node),
        })),
      ]);
      return {
        outcome: 'inserted',
        journalposter: journalposter.length,
        stored: docs.stored,
        quarantinedDocs: docs.quarantined,
        hNumberParties: [node, ...journalposter.map((j) => j.node)].reduce(
          (n, x) => n + partyIds(x.complex).hNumbers,
          0,
        ),
      };
    });
  }
}

/** Stores the content of a dokumentobjekt kept without it (quarantined) now that its file matches; whether it did. */
async function fillDocument(db: Queryable, id: string, content: Buffer): Promise<boolean> {
  // Counted by the row it changed: another import may have filled it in meanwhile.
  const r = await db.query(
    'UPDATE archive.dokumentobjekt SET content = $2 WHERE id = $1 AND content IS NULL',
    [id, content],
  );
  if (r.rowCount) log.info({ dokumentobjekt: id }, 'quarantined document now verified and stored');
  return r.rowCount > 0;
}

/*
 * A later extract (README "A later extract"). A live case archive is extracted again while its
 * cases are open: a saksmappe already stored comes with new journalposter (the reply, the
 * complaint, the appeal), a new saksstatus, another title. Until this change the whole case was
 * quarantined ("already stored with different content") and the stored case stayed as it was
 * first imported. Now, in the case's transaction and under its locks (storeMappe):
 *  - a journalpost, dokumentbeskrivelse or dokumentobjekt whose systemID is not stored is added
 *    as a first import adds it (documents checked, a bad file quarantined, parties linked, the
 *    journalpost queued for search by the outbox trigger); so is a party of the case not stored;
 *  - a stored saksmappe, journalpost or dokumentbeskrivelse the extract gives otherwise is
 *    updated to it, the row replaced kept in archive.record_version (migration 011, 030; by
 *    `import-noark`, reason `changed in a later extract`). Its place in the extract (ordinal) is
 *    not compared: a record left out before it moves the rest;
 *  - unless it was changed here since the import last wrote it (a version row by anyone else
 *    after the import's last, e.g. changeTittel's or setSkjerming's): then the change made here
 *    is kept, and the saksmappe's source bytes are quarantined, the reason naming the record, the
 *    change made here (why, by whom, when) and the elements the source changes. Whole records,
 *    not a merge of elements: what is stored is then always a record someone wrote. What the
 *    source had before is read from the same versions (the row before the first change made
 *    here), so a source that did not change the record leaves ours alone, without a conflict;
 *  - a stored dokumentobjekt is never changed (the bytes are the record): the extract's is
 *    quarantined with the file it names (Noark 5 makes a new version a new dokumentobjekt);
 *  - nothing the extract no longer has is deleted: counted (`notInExtract`) and logged by id.
 * Review s42, as the lead decided it:
 *  - the conflict baseline is what the source last said (archive.source_record, migration 031),
 *    so a record an archivist brought to the source's value by hand is no longer in conflict, and
 *    the source's next change applies to it;
 *  - a record in conflict that the source screens more gets the more restrictive screening at once,
 *    the rest of ours kept and the conflict open (offentleglova § 13 with forvaltningsloven § 13:
 *    screening more is always safe, screening less needs a person; screen-more.ts);
 *  - an extract older than the one a case was last read from leaves it as it is (isOlderExtract;
 *    `olderExtract`);
 *  - a party whose national id the extract corrects (same name and role, another fødselsnummer or
 *    D-number) is ended, its person link moved to archive.unlinked_person_link, so the earlier
 *    person no longer reaches the case (pasientjournalloven § 22; `partiesCorrected`).
 * Review s43, as the lead decided it (pasientjournalloven § 22):
 *  - a journalpost in conflict takes the source's parties at once (the rest of ours kept, the
 *    conflict open), so a corrected id on it ends the earlier person's link there too;
 *  - a party the source no longer names, with no corrected party in its place, is ended the same
 *    way (`partiesRemoved`); a party ended that the source names again is added and linked anew.
 * A saksmappe registered in Helsespor (an access request: no source_hash) is not changed by an
 * extract, and a systemID stored under another case quarantines the whole case, as before.
 */

type Kind = 'saksmappe' | 'journalpost' | 'dokumentbeskrivelse' | 'dokumentobjekt';

/** The columns an import writes that say what a record is (not its place: ordinal). */
const COMPARED: Record<Kind, readonly string[]> = {
  saksmappe: [
    'mappe_id',
    'saksaar',
    'sakssekvensnummer',
    'tittel',
    'offentlig_tittel',
    'saksdato',
    'saksstatus',
    'klasse_ref',
    'administrativ_enhet',
    'fields',
    'complex',
  ],
  journalpost: [
    'saksmappe_id',
    'registrerings_id',
    'journalaar',
    'journalsekvensnummer',
    'journalpostnummer',
    'journalposttype',
    'journalstatus',
    'journaldato',
    'dokumentets_dato',
    'tittel',
    'offentlig_tittel',
    'fields',
    'complex',
  ],
  dokumentbeskrivelse: ['journalpost_id', 'dokumentnummer', 'tittel', 'fields', 'complex'],
  dokumentobjekt: [
    'dokumentbeskrivelse_id',
    'referanse_dokumentfil',
    'format',
    'sjekksum',
    'filstoerrelse',
    'fields',
    'complex',
  ],
};

/** A record's compared values (what archive.source_record keeps of what the source said). */
function compared(kind: Kind, r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(COMPARED[kind].map((col) => [col, r[col] ?? null]));
}

/** The saksmappe as the extract gives it, in the stored row's shape (its parts are rows of their own). */
function sakSource(mappe: { row: Row; rest: Fields }, klasseId: string, node: Node): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      ...mappe.row,
      klasse_ref: klasseId,
      fields: mappe.rest,
      complex: { ...node.complex, part: undefined },
    }),
  ) as Record<string, unknown>;
}
const jpSource = (j: Parsed, caseId: string): Record<string, unknown> => ({
  ...j.row,
  saksmappe_id: caseId,
  fields: j.rest,
  complex: j.node.complex,
});
const bSource = (b: ParsedBeskrivelse): Record<string, unknown> => ({
  ...b.row,
  journalpost_id: b.journalpostId,
  fields: b.rest,
  complex: b.node.complex,
});

/** A partID that names a person: a fødselsnummer or D-number, never an H-nummer (header). */
export const personId = (id: string | null | undefined): id is string =>
  !!id && isValidNationalId(id) && !isHNumber(id);

/**
 * Ends a person link (pasientjournalloven § 22): the row leaves archive.person_link, so the case no
 * longer concerns that person on any path (the views read it; its search documents are queued
 * again by the table's delete trigger, migration 010), and is kept in archive.unlinked_person_link
 * with when and why (nothing is deleted). Whether there was one.
 */
export async function endPersonLink(
  tx: Queryable,
  link: { nationalId: string; entityType: 'saksmappe' | 'journalpost'; entityId: string },
  reason: string,
): Promise<boolean> {
  const r = await tx.query(
    `WITH moved AS (
       DELETE FROM archive.person_link WHERE national_id = $1 AND entity_type = $2 AND entity_id = $3 RETURNING *)
     INSERT INTO archive.unlinked_person_link (national_id, entity_type, entity_id, saksmappe_id, reason)
     SELECT national_id, entity_type, entity_id, saksmappe_id, $4 FROM moved`,
    [link.nationalId, link.entityType, link.entityId, reason],
  );
  return r.rowCount > 0;
}

/**
 * Ends case parties a later extract corrected or removed (or whose removal an archivist accepted:
 * party-conflicts.ts, `by` the archivist): each part row stays as exported, named in
 * archive.ended_part with the reason, and its person's link is ended (endPersonLink).
 */
export async function endCaseParts(
  tx: Queryable,
  saksmappeId: string,
  parts: readonly { ordinal: number; part_id: string | null }[],
  reason: string,
  by: string = IMPORT_WRITER,
): Promise<void> {
  for (const p of parts) {
    await tx.query(
      'INSERT INTO archive.ended_part (saksmappe_id, ordinal, part_id, ended_by, reason) VALUES ($1, $2, $3, $4, $5)',
      [saksmappeId, p.ordinal, p.part_id, by, reason],
    );
    await endPersonLink(
      tx,
      { nationalId: p.part_id!, entityType: 'saksmappe', entityId: saksmappeId },
      reason,
    );
  }
}

/**
 * A party a party conflict keeps linked (archive.party_conflict.parties, migration 033): a case's
 * with its ordinal in archive.part; a journalpost's as its part element gave it.
 */
export interface KeptParty {
  ordinal?: number;
  part_id: string | null;
  part_navn: string;
  part_rolle: string;
}

/** Why a party conflict was opened (PartyConflict.reason; its quarantine row's reason after `conflict: `). */
export const vanishedReason = (kind: string, id: string, kept: number) =>
  `the later extract names no party of ${kind} ${id}, which has ${kept} ${kept === 1 ? 'party' : 'parties'} ` +
  'linked to a person: more likely a partial or faulty extract than every party removed, so the parties are kept ' +
  'linked and the rest of the extract is applied, until an archivist accepts the removal or keeps them ' +
  '(partyConflicts, resolvePartyConflict; pasientjournalloven § 22, arkivlova § 5)';

/** Why a party conflict ended without an archivist: the source named parties of the record again. */
const NAMED_AGAIN_REASON = 'a later extract names parties of the record again: applied as any extract';

/** A record's values with these parties as its part elements (none: no part element), the rest as it is. */
function withParts(r: Record<string, unknown>, parts: readonly Fields[]): Record<string, unknown> {
  if (r.complex == null && !parts.length) return r;
  const complex: Complex = { ...((r.complex ?? {}) as Complex) };
  delete complex.part;
  if (parts.length) complex.part = [...parts];
  return { ...r, complex };
}

/** JSON with sorted keys, undefined as null: equal values, equal text (as jsonb compares). */
function canon(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (typeof v === 'object')
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The Noark elements in which `b` differs from `a` (a column's element, or a key of fields/complex). */
function changedElements(kind: Kind, a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const element = Object.fromEntries(Object.entries(COLUMNS[kind]).map(([el, col]) => [col, el]));
  const out: string[] = [];
  for (const col of COMPARED[kind]) {
    if (col === 'fields' || col === 'complex') {
      const x = (a[col] ?? {}) as Record<string, unknown>;
      const y = (b[col] ?? {}) as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort())
        if (canon(x[k]) !== canon(y[k])) out.push(k);
    } else if (canon(a[col]) !== canon(b[col])) {
      out.push(element[col] ?? (col === 'klasse_ref' ? 'klasse' : col));
    }
  }
  return out;
}

interface Version {
  record_table: string;
  record_key: string;
  record: Record<string, unknown>;
  replaced_at: Date;
  replaced_by: string;
  reason: string;
}

/**
 * The changes made to a record since the import last wrote it, oldest first: the version rows
 * after the import's last (each holds the row a change replaced, so the first of them holds the
 * record as the import left it). None: the stored row is as the import left it.
 */
function changesSinceImport(versions: Version[]): Version[] {
  let last = -1;
  versions.forEach((v, i) => {
    // The import's own updates; its screening of a record in conflict is not one (the record
    // stays ours, the conflict open).
    if (v.replaced_by === IMPORT_WRITER && v.reason === LATER_EXTRACT_REASON) last = i;
  });
  return versions.slice(last + 1);
}

interface StoredCaseUpdate {
  sourceFile: string;
  id: string;
  hash: string;
  klasseId: string;
  node: Node;
  mappe: { row: Row; rest: Fields };
  journalposter: Parsed[];
  beskrivelser: ParsedBeskrivelse[];
  objekter: { o: ParsedObjekt; check: DocCheck }[];
  /** The saksmappe's quarantine ref (`mappe 2023/1234`) and what a quarantine row of it keeps. */
  ref: string;
  kept: { raw: Buffer; line: number | null; detail: string | null };
  /** The extract's own time, when arkivuttrekk.xml gives it (isOlderExtract). */
  extractedAt: string | null;
}

/** A stored saksmappe met again with other content, in its transaction (storeMappe): see above. */
async function updateStoredCase(tx: Queryable, c: StoredCaseUpdate): Promise<MappeOutcome> {
  const counts = noLaterExtractCounts();
  let written = false;
  let stored = 0;
  let quarantinedDocs = 0;
  let hNumberParties = 0;
  const missing: { kind: string; id: string }[] = [];
  await tx.query(
    `SELECT set_config('helsespor.changed_by', $1, true), set_config('helsespor.change_reason', $2, true)`,
    [IMPORT_WRITER, LATER_EXTRACT_REASON],
  );

  // What is stored of the case, and whatever holds one of the extract's systemIDs.
  const sak = (
    await tx.query<Row & { source_hash: string | null }>(
      'SELECT * FROM archive.saksmappe WHERE id = $1 FOR UPDATE',
      [c.id],
    )
  ).rows[0]!;
  if (sak.source_hash === null)
    throw new CaseRejected(
      `saksmappe ${c.id} was registered in Helsespor, not imported: an extract does not change it; the stored record is kept`,
    );
  // What the source last said of each record of the case (archive.source_record, migration 031):
  // the extract's times, and the conflict baseline (below).
  const said = new Map<string, { record: Record<string, unknown>; as_of: Date | string | null }>();
  for (const r of (
    await tx.query<{
      record_table: string;
      record_key: string;
      record: Record<string, unknown>;
      as_of: Date | string | null;
    }>(
      `SELECT DISTINCT ON (record_table, record_key) record_table, record_key, record, as_of FROM archive.source_record
        WHERE saksmappe_id = $1 ORDER BY record_table, record_key, id DESC`,
      [c.id],
    )
  ).rows)
    said.set(`${r.record_table}|${r.record_key}`, r);
  // An extract older than the one the case was last read from leaves it as it is: it would roll the
  // newer values back (review s42). Nothing is written; reported as `olderExtract`.
  const lastRead = await latestSourceTime(tx, 'saksmappe', c.id);
  const pairs: [string | null, Date | string | null][] = [
    [latestDateTime(c.node), said.get(`saksmappe|${c.id}`)?.as_of ?? null],
    ...c.journalposter.map((j): [string | null, Date | string | null] => [
      latestDateTime(j.node),
      said.get(`journalpost|${String(j.row.id)}`)?.as_of ?? null,
    ]),
    ...c.beskrivelser.map((b): [string | null, Date | string | null] => [
      latestDateTime(b.node),
      said.get(`dokumentbeskrivelse|${String(b.row.id)}`)?.as_of ?? null,
    ]),
  ];
  if (isOlderExtract(c.extractedAt, lastRead, pairs)) {
    counts.olderExtract = 1;
    log.warn(
      { saksmappe: c.id, extractedAt: c.extractedAt, storedExtractedAt: lastRead?.extracted_at },
      'noark older extract: a saksmappe last read from a newer extract is left as it is',
    );
    return { outcome: 'unchanged', journalposter: 0, stored: 0, quarantinedDocs: 0, later: counts };
  }
  const idsOf = (xs: Parsed[]) => xs.map((x) => String(x.row.id));
  const storedJps = (
    await tx.query<Row>(
      'SELECT * FROM archive.journalpost WHERE saksmappe_id = $1 OR id = ANY($2::text[]) ORDER BY id FOR UPDATE',
      [c.id, idsOf(c.journalposter)],
    )
  ).rows;
  const storedBs = (
    await tx.query<Row & { case_id: string }>(
      `SELECT b.*, j.saksmappe_id AS case_id FROM archive.dokumentbeskrivelse b JOIN archive.journalpost j ON j.id = b.journalpost_id
        WHERE j.saksmappe_id = $1 OR b.id = ANY($2::text[]) ORDER BY b.id FOR UPDATE OF b`,
      [c.id, idsOf(c.beskrivelser)],
    )
  ).rows;
  const storedOs = (
    await tx.query<Row & { case_id: string; without_content: boolean }>(
      `SELECT o.id, o.dokumentbeskrivelse_id, o.ordinal, o.referanse_dokumentfil, o.format, o.sjekksum, o.filstoerrelse,
              o.fields, o.complex, o.content IS NULL AS without_content, j.saksmappe_id AS case_id
         FROM archive.dokumentobjekt o JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
         JOIN archive.journalpost j ON j.id = b.journalpost_id
        WHERE j.saksmappe_id = $1 OR o.id = ANY($2::text[]) ORDER BY o.id`,
      [c.id, c.objekter.map(({ o }) => String(o.row.id))],
    )
  ).rows;
  // A systemID another case holds: the whole case is quarantined, as a first import's would be.
  for (const [kind, rows, caseOf] of [
    ['journalpost', storedJps, (r: Row) => r.saksmappe_id],
    ['dokumentbeskrivelse', storedBs, (r: Row) => r.case_id],
    ['dokumentobjekt', storedOs, (r: Row) => r.case_id],
  ] as const) {
    const other = rows.find((r) => caseOf(r) !== c.id);
    if (other)
      throw new CaseRejected(
        `${kind} ${other.id} is stored under another saksmappe (${caseOf(other)}); the stored records are kept`,
      );
  }
  // A journalpostnummer numbers one journalpost of its saksmappe (Noark 5; UNIQUE (saksmappe_id,
  // journalpostnummer)). A stored journalpost the extract no longer has keeps its number, so the
  // extract may not give it to another: the case is quarantined whole, naming both, as a first
  // import's would be. It was refused by the database, the reason PostgreSQL's "duplicate key
  // value violates unique constraint" naming neither journalpost (found in review s41b).
  const srcIds = new Set(idsOf(c.journalposter));
  const keptNumbers = new Map(
    storedJps
      .filter((r) => !srcIds.has(String(r.id)))
      .map((r) => [Number(r.journalpostnummer), String(r.id)]),
  );
  for (const j of c.journalposter) {
    const holder = keptNumbers.get(Number(j.row.journalpostnummer));
    if (holder !== undefined)
      throw new CaseRejected(
        `journalpostnummer ${j.row.journalpostnummer} of journalpost ${j.row.id} is the number of journalpost ${holder}, ` +
          `stored in saksmappe ${c.id} and not in this extract (a journalpost is never deleted by a later extract): ` +
          `a journalpostnummer numbers one journalpost of its saksmappe; the stored records are kept`,
      );
  }
  const versions = new Map<string, Version[]>();
  for (const v of (
    await tx.query<Version>(
      `SELECT record_table, record_key, record, replaced_at, replaced_by, reason FROM archive.record_version
        WHERE (record_table, record_key) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY id`,
      [
        ['saksmappe', ...storedJps.map(() => 'journalpost'), ...storedBs.map(() => 'dokumentbeskrivelse')],
        [c.id, ...storedJps.map((r) => String(r.id)), ...storedBs.map((r) => String(r.id))],
      ],
    )
  ).rows) {
    const key = `${v.record_table}|${v.record_key}`;
    versions.set(key, [...(versions.get(key) ?? []), v]);
  }

  // Party conflicts holding records of the case: open, or kept by an archivist (stop 44; migration
  // 033). And whom each stored journalpost is linked to now.
  const holds = new Map(
    (
      await tx.query<{ id: string; entity_type: string; entity_id: string }>(
        `SELECT id, entity_type, entity_id FROM archive.party_conflict
          WHERE saksmappe_id = $1 AND source_named_parties_at IS NULL AND (resolution IS NULL OR resolution = 'KEEP_PARTIES')`,
        [c.id],
      )
    ).rows.map((r) => [`${r.entity_type}|${r.entity_id}`, r.id]),
  );
  const jpLinked = new Set(
    (
      await tx.query<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM archive.person_link WHERE entity_type = 'journalpost' AND entity_id = ANY($1::text[])`,
        [storedJps.map((r) => String(r.id))],
      )
    ).rows.map((r) => r.entity_id),
  );
  /**
   * The extract names no party of a record whose parties name a person (stop 44): far more likely a
   * partial or faulty extract (saksmapper exported without their part elements) than every party
   * removed on purpose, and ending every link at once left the case concerning no one
   * (pasientjournalloven § 22; arkivlova § 5: nothing filed is lost). The parties stay linked, and a
   * party conflict is opened for an archivist (party-conflicts.ts), the source's saksmappe kept in
   * the quarantine beside it, unless one holds the record already (open, or kept: the same empty
   * list again is no new conflict).
   */
  const holdParties = async (
    kind: 'saksmappe' | 'journalpost',
    recordId: string,
    ref: string,
    parties: KeptParty[],
  ) => {
    if (holds.has(`${kind}|${recordId}`)) return;
    const opened = await tx.query<{ id: string }>(
      `INSERT INTO archive.party_conflict (saksmappe_id, entity_type, entity_id, parties, source_file, extracted_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id`,
      [c.id, kind, recordId, JSON.stringify(parties), c.sourceFile, c.extractedAt],
    );
    holds.set(`${kind}|${recordId}`, opened.rows[0]!.id);
    const why = `conflict: ${vanishedReason(kind, recordId, parties.length)}; the source's saksmappe is quarantined`;
    await quarantine(tx, c.sourceFile, ref, why, c.kept.raw, {
      line: c.kept.line,
      detail: [
        `the source bytes of the whole saksmappe; the ${kind} is systemID ${recordId} in it; party conflict ${opened.rows[0]!.id}`,
        c.kept.detail,
      ]
        .filter(Boolean)
        .join('; '),
    });
    counts.partiesVanished++;
    log.warn(
      {
        saksmappe: c.id,
        kind,
        systemID: recordId,
        parties: parties.length,
        partyConflict: opened.rows[0]!.id,
      },
      'noark later extract: the extract names no party of a record whose parties name a person; kept linked, a party conflict opened',
    );
  };
  /** The extract names parties of a record again: a conflict holding it is over (an open one superseded). */
  const partiesNamedAgain = async (kind: 'saksmappe' | 'journalpost', recordId: string) => {
    const held = holds.get(`${kind}|${recordId}`);
    if (held === undefined) return;
    await tx.query(
      `UPDATE archive.party_conflict
          SET source_named_parties_at = now(), resolution = COALESCE(resolution, 'SUPERSEDED'),
              resolved_by = COALESCE(resolved_by, $2), resolved_at = COALESCE(resolved_at, now()),
              resolution_reason = COALESCE(resolution_reason, $3)
        WHERE id = $1`,
      [held, IMPORT_WRITER, NAMED_AGAIN_REASON],
    );
    holds.delete(`${kind}|${recordId}`);
    log.info(
      { saksmappe: c.id, kind, systemID: recordId, partyConflict: held },
      'noark later extract: the extract names parties of a record a party conflict held; the conflict is over',
    );
  };

  // The conflict baseline is what the source last said (`said`). A record stored before migration
  // 031 has none: its baseline is the row the import last left (the first version row after the
  // import's last write, else the row itself).
  /** What the source says now, of the records whose last word it changes or first gives. */
  const saying: SourceSaid[] = [];
  const same = (kind: Kind, a: Record<string, unknown>, b: Record<string, unknown>) =>
    COMPARED[kind].every((col) => canon(a[col]) === canon(b[col]));
  const heard = (kind: Kind, key: string, src: Record<string, unknown>, node: Node) => {
    const last = said.get(`${kind}|${key}`)?.record;
    if (!last || !same(kind, src, last))
      saying.push({
        table: kind,
        key,
        saksmappeId: c.id,
        record: compared(kind, src),
        asOf: latestDateTime(node),
      });
  };

  /**
   * What to do with a stored record the extract has: nothing, update it, or keep ours (conflict).
   * The baseline is what the source last said: a record that still equals it (never changed here,
   * a change undone, or the source's value adopted here by hand, review s42) takes the source's
   * change; one that differs from it was changed here, and a source change to it is a conflict.
   */
  const decide = (
    kind: Kind,
    src: Record<string, unknown>,
    cur: Record<string, unknown>,
    node: Node,
    // A journalpost whose parties a party conflict holds (stop 44): `said` is what the source said
    // (no party), `src` it with the parties held, and `heldParts` count as the source's last word of
    // its parties, so keeping them is no change made here and the rest of it is compared as any.
    held: { said?: Record<string, unknown>; heldParts?: readonly Fields[] } = {},
  ) => {
    heard(kind, String(cur.id), held.said ?? src, node);
    if (same(kind, src, cur)) return { action: 'none' as const };
    const since = changesSinceImport(versions.get(`${kind}|${String(cur.id)}`) ?? []);
    const lastWord = said.get(`${kind}|${String(cur.id)}`)?.record ?? since[0]?.record ?? cur;
    const imported = held.heldParts ? withParts(lastWord, held.heldParts) : lastWord;
    // The source did not change it: a change made here stays, with nothing to say.
    if (same(kind, src, imported)) return { action: 'none' as const };
    const elements = changedElements(kind, imported, src);
    // A change made here that was undone since (the record is again as the import left it, e.g.
    // changeTittel and then back) leaves nothing made here to keep: the source's change is
    // applied as to a record never changed here. Taken as a conflict, the source's change was
    // quarantined on this and every later extract, though nothing stored differed from what the
    // import wrote (found in review s41b).
    return !same(kind, cur, imported)
      ? { action: 'conflict' as const, since, elements }
      : { action: 'update' as const, elements };
  };
  const update = async (kind: Exclude<Kind, 'dokumentobjekt'>, id: string, src: Record<string, unknown>) => {
    const cols = COMPARED[kind].join(', ');
    await tx.query(
      `UPDATE archive.${kind} SET (${cols}) = (SELECT ${cols} FROM jsonb_populate_record(NULL::archive.${kind}, $2::jsonb)) WHERE id = $1`,
      [id, JSON.stringify(src)],
    );
    counts.recordsUpdated++;
    written = true;
  };
  const conflict = async (
    kind: Exclude<Kind, 'dokumentobjekt'>,
    recordId: string,
    ref: string,
    since: Version[],
    elements: string[],
    src: Record<string, unknown>,
    cur: Record<string, unknown>,
  ) => {
    counts.conflicts++;
    const here =
      since
        .map((v) => `${v.reason}, by ${v.replaced_by}, ${new Date(v.replaced_at).toISOString()}`)
        .join('; ') || 'changed here';
    await quarantine(
      tx,
      c.sourceFile,
      ref,
      `conflict: ${kind} ${recordId} was changed in Helsespor since it was imported (${here}); the later extract changes it too (${elements.join(', ')}): the change made here is kept, the source's ${kind} is quarantined`,
      c.kept.raw,
      {
        line: c.kept.line,
        detail: [
          `the source bytes of the whole saksmappe; the ${kind} is systemID ${recordId} in it`,
          c.kept.detail,
        ]
          .filter(Boolean)
          .join('; '),
      },
    );
    log.warn(
      { saksmappe: c.id, kind, systemID: recordId, elements },
      'noark later extract: a record changed here and in the source; ours kept, the source quarantined',
    );
    // Screening more is always safe, screening less needs a person (offentleglova § 13 with
    // forvaltningsloven § 13): where the source screens the record more than ours, the more
    // restrictive screening is applied now, the rest of ours kept, the conflict left open for it
    // (screen-more.ts). The row replaced is kept (archive.record_version, its own reason, which
    // changesSinceImport does not take for the import's write: the record stays ours).
    const more = moreScreening(kind, cur, src);
    if (more) {
      await tx.query(`SELECT set_config('helsespor.change_reason', $1, true)`, [SCREENING_REASON]);
      if (kind === 'dokumentbeskrivelse')
        await tx.query('UPDATE archive.dokumentbeskrivelse SET complex = $2::jsonb WHERE id = $1', [
          recordId,
          JSON.stringify(more.complex),
        ]);
      else
        await tx.query(
          `UPDATE archive.${kind} SET complex = $2::jsonb, offentlig_tittel = $3 WHERE id = $1`,
          [recordId, JSON.stringify(more.complex), more.offentlig_tittel],
        );
      await tx.query(`SELECT set_config('helsespor.change_reason', $1, true)`, [LATER_EXTRACT_REASON]);
      counts.screeningApplied++;
      written = true;
      log.warn(
        { saksmappe: c.id, kind, systemID: recordId },
        "noark later extract: the source's added screening applied to a record in conflict (offentleglova § 13)",
      );
    }
  };

  // The saksmappe, and its parties (added, never removed).
  const srcSak = sakSource(c.mappe, c.klasseId, c.node);
  const d = decide('saksmappe', srcSak, sak, c.node);
  if (d.action === 'conflict') await conflict('saksmappe', c.id, c.ref, d.since, d.elements, srcSak, sak);
  else if (d.action === 'update') await update('saksmappe', c.id, srcSak);
  const storedParts = (
    await tx.query<{
      ordinal: number;
      part_id: string | null;
      part_navn: string;
      part_rolle: string;
      fields: Fields;
    }>(
      'SELECT ordinal, part_id, part_navn, part_rolle, fields FROM archive.part WHERE saksmappe_id = $1 ORDER BY ordinal',
      [c.id],
    )
  ).rows;
  const partKey = (p: { part_id: string | null; part_navn: string; part_rolle: string; fields: unknown }) =>
    canon([p.part_id, p.part_navn, p.part_rolle, p.fields]);
  const endedParts = new Set(
    (
      await tx.query<{ ordinal: number }>('SELECT ordinal FROM archive.ended_part WHERE saksmappe_id = $1', [
        c.id,
      ])
    ).rows.map((r) => r.ordinal),
  );
  // A party ended before (corrected or removed) that the source names again is a new party: a
  // part row of its own, linked, the ended one kept as history (review s43: the ended row's key
  // still matched, so the party was never added again and its person never linked again).
  const storedPartKeys = new Set(storedParts.filter((p) => !endedParts.has(p.ordinal)).map(partKey));
  const srcParts = c.node.complex.part ?? [];
  const srcPartKeys = new Set(srcParts.map((p) => partKey(partRow(p, 0))));
  const newParts = srcParts.filter((p) => !storedPartKeys.has(partKey(partRow(p, 0))));
  // A party whose national id the extract corrects: a stored party (not ended) it no longer has,
  // whose name and role a new party has under another id: another fødselsnummer or D-number, or
  // one that names no person (an H-nummer: the person not identified; a number that is no valid
  // national id; none). Hardening review s42: only a valid fødselsnummer or D-number was a
  // correction, so a party whose number the source corrected to an H-nummer, or to a number with
  // a typo, still reached the earlier person (its Patient.cases, its policy, search). The earlier
  // person no longer concerns the case (pasientjournalloven § 22): the part row stays as exported,
  // named ended (archive.ended_part, which the view subject_part leaves out), and its link is ended
  // unless the extract still names that person as a party of the case (review s42).
  const srcPartIds = new Set(srcParts.map((p) => partRow(p, 0).part_id));
  const corrected = storedParts.filter(
    (p) =>
      !endedParts.has(p.ordinal) &&
      !srcPartKeys.has(partKey(p)) &&
      personId(p.part_id) &&
      !srcPartIds.has(p.part_id) &&
      newParts.some((np) => {
        const r = partRow(np, 0);
        return (
          r.part_id !== p.part_id &&
          nameKey(r.part_navn) === nameKey(p.part_navn) &&
          r.part_rolle === p.part_rolle
        );
      }),
  );
  if (newParts.length) {
    await insertParts(tx, c.id, newParts, Math.max(-1, ...storedParts.map((p) => p.ordinal)) + 1);
    await insertPersonLinks(tx, c.id, [{ type: 'saksmappe', id: c.id, complex: { part: newParts } }]);
    hNumberParties += partyIds({ part: newParts }).hNumbers;
    written = true;
  }
  if (corrected.length) {
    await endCaseParts(tx, c.id, corrected, CORRECTED_REASON);
    counts.partiesCorrected += corrected.length;
    written = true;
    log.warn(
      { saksmappe: c.id, parties: corrected.map((p) => p.ordinal) },
      'noark later extract: a party national id corrected; the link to the earlier person ended',
    );
  }
  // A party the source named and no longer names, with no corrected party in its place, and whose
  // person the extract names as no party of the case: that person no longer concerns the case
  // (pasientjournalloven § 22; review s43). Until then the part stayed, linked, and the person
  // kept the case (Patient.cases, the dossier, search, their legal matters' reach). Ended as a
  // corrected one is: the part row stays as exported, named in archive.ended_part, the link moved
  // to archive.unlinked_person_link, both with the reason. Every part of an imported case was
  // written by an extract (no mutation adds a party to one), so none here was added by an archivist.
  const removed = storedParts.filter(
    (p) =>
      !endedParts.has(p.ordinal) &&
      !corrected.includes(p) &&
      !srcPartKeys.has(partKey(p)) &&
      personId(p.part_id) &&
      !srcPartIds.has(p.part_id),
  );
  if (srcParts.length) await partiesNamedAgain('saksmappe', c.id);
  // The extract names no party at all (stop 44): the parties stay linked, a party conflict for an
  // archivist (holdParties). Some removed while others remain: ended, as below.
  if (!srcParts.length && removed.length)
    await holdParties(
      'saksmappe',
      c.id,
      c.ref,
      removed.map((p) => ({
        ordinal: p.ordinal,
        part_id: p.part_id,
        part_navn: p.part_navn,
        part_rolle: p.part_rolle,
      })),
    );
  else if (removed.length) {
    await endCaseParts(tx, c.id, removed, REMOVED_REASON);
    counts.partiesRemoved += removed.length;
    written = true;
    log.warn(
      { saksmappe: c.id, parties: removed.map((p) => p.ordinal) },
      'noark later extract: a party the extract no longer names; the link to that person ended',
    );
  }
  for (const p of storedParts)
    if (!srcPartKeys.has(partKey(p))) missing.push({ kind: 'part', id: `${c.id}#${p.ordinal}` });

  // Journalposter.
  const jpById = new Map(storedJps.map((r) => [String(r.id), r]));
  const newJps: Parsed[] = [];
  for (const j of c.journalposter) {
    const jid = String(j.row.id);
    const cur = jpById.get(jid);
    if (!cur) {
      newJps.push(j);
      continue;
    }
    const src = jpSource(j, c.id);
    // The parties the source named before (its last word; a record stored before migration 031:
    // the row the import last left), read before decide() notes what the source says now.
    const baseline =
      said.get(`journalpost|${jid}`)?.record ??
      changesSinceImport(versions.get(`journalpost|${jid}`) ?? [])[0]?.record ??
      cur;
    // Its parties held (stop 44): the extract names none while one is linked to a person, or a party
    // conflict holds them (open, or kept). Held, the stored parties stay (their links and the part
    // elements, which the postjournal's screening and de-identification read), the rest of the
    // source's journalpost is applied, and the parties held count as what the source last said of
    // them, so keeping them is no change made here (decide).
    const curParts = (cur.complex as Complex | null)?.part ?? [];
    const srcNames = (j.node.complex.part ?? []).length > 0;
    const vanished = !srcNames && jpLinked.has(jid);
    const holding = holds.has(`journalpost|${jid}`);
    if (srcNames) await partiesNamedAgain('journalpost', jid);
    const ref = `registrering ${j.row.registrerings_id ?? jid}`;
    if (vanished)
      await holdParties(
        'journalpost',
        jid,
        ref,
        curParts
          .map((p) => partRow(p, 0))
          .flatMap(({ part_id, part_navn, part_rolle }) =>
            personId(part_id) ? [{ part_id, part_navn, part_rolle }] : [],
          ),
      );
    const srcHeld = vanished ? withParts(src, curParts) : src;
    const dj = decide(
      'journalpost',
      srcHeld,
      cur,
      j.node,
      vanished || holding ? { said: src, heldParts: curParts } : {},
    );
    if (dj.action === 'none') continue;
    if (dj.action === 'conflict') {
      await conflict('journalpost', jid, ref, dj.since, dj.elements, srcHeld, cur);
      // Whom the journalpost concerns is no matter for the archivist's conflict (no change made
      // here touches its parties): the source's parties are applied to ours at once, the rest of
      // ours kept (its title, its screening) and the conflict left open (pasientjournalloven § 22;
      // review s43: a journalpost in conflict kept its parties, so a corrected fødselsnummer left
      // the case with the person the source had named by mistake, and hidden from the right one).
      // The row replaced is kept (archive.record_version, its own reason: the record stays ours).
      // Not while its parties are held (above): those stay until an archivist decides.
      if (vanished) continue;
      await tx.query(`SELECT set_config('helsespor.change_reason', $1, true)`, [PARTIES_REASON]);
      const parties = await tx.query(
        `UPDATE archive.journalpost
            SET complex = CASE WHEN $2::jsonb IS NULL THEN complex - 'part' ELSE jsonb_set(COALESCE(complex, '{}'::jsonb), '{part}', $2::jsonb) END
          WHERE id = $1 AND complex->'part' IS DISTINCT FROM $2::jsonb`,
        [jid, j.node.complex.part ? JSON.stringify(j.node.complex.part) : null],
      );
      await tx.query(`SELECT set_config('helsespor.change_reason', $1, true)`, [LATER_EXTRACT_REASON]);
      if (parties.rowCount) written = true;
    } else await update('journalpost', jid, srcHeld);
    // Held: its parties stay linked (holdParties). Nothing more to end or link.
    if (vanished) continue;
    // A party of the journalpost the source named before and no longer names (pasientjournalloven
    // § 22): its person's link is ended and kept with why, as for the case's parties above;
    // corrected when a party of the same name and role is there under another id or none
    // (hardening review s42), else removed (review s43: it stayed linked). A party the source never
    // named is not the source's to end. The earlier complex is in the version row kept.
    // Parties a party conflict held: those stored, which stood for the source's word (stop 44).
    const before = (holding ? curParts : ((baseline.complex as Complex | null)?.part ?? [])).map((p) =>
      partRow(p, 0),
    );
    const after = (j.node.complex.part ?? []).map((p) => partRow(p, 0));
    for (const p of before) {
      if (!personId(p.part_id) || after.some((a) => a.part_id === p.part_id)) continue;
      const same = after.some(
        (a) =>
          a.part_id !== p.part_id &&
          nameKey(a.part_navn) === nameKey(p.part_navn) &&
          a.part_rolle === p.part_rolle,
      );
      if (
        await endPersonLink(
          tx,
          { nationalId: p.part_id, entityType: 'journalpost', entityId: jid },
          same ? CORRECTED_REASON : REMOVED_REASON,
        )
      ) {
        if (same) counts.partiesCorrected++;
        else counts.partiesRemoved++;
        written = true;
      }
    }
    // Its parties now: linked.
    await insertPersonLinks(tx, c.id, [{ type: 'journalpost', id: jid, complex: j.node.complex }]);
  }
  await insertJournalposter(tx, c.id, newJps);
  for (const j of newJps) heard('journalpost', String(j.row.id), jpSource(j, c.id), j.node);
  await insertPersonLinks(
    tx,
    c.id,
    newJps.map((j) => ({ type: 'journalpost' as const, id: String(j.row.id), complex: j.node.complex })),
  );
  counts.journalposterAdded = newJps.length;
  hNumberParties += newJps.reduce((n, j) => n + partyIds(j.node.complex).hNumbers, 0);
  if (newJps.length) written = true;
  const srcJpIds = new Set(idsOf(c.journalposter));
  for (const r of storedJps)
    if (!srcJpIds.has(String(r.id))) missing.push({ kind: 'journalpost', id: String(r.id) });

  // Dokumentbeskrivelser.
  const bById = new Map(storedBs.map((r) => [String(r.id), r]));
  const newBs: ParsedBeskrivelse[] = [];
  for (const b of c.beskrivelser) {
    const bid = String(b.row.id);
    const cur = bById.get(bid);
    if (!cur) {
      newBs.push(b);
      continue;
    }
    const src = bSource(b);
    const db_ = decide('dokumentbeskrivelse', src, cur, b.node);
    if (db_.action === 'conflict')
      await conflict(
        'dokumentbeskrivelse',
        bid,
        `dokumentbeskrivelse ${bid}`,
        db_.since,
        db_.elements,
        src,
        cur,
      );
    else if (db_.action === 'update') await update('dokumentbeskrivelse', bid, src);
  }
  await insertBeskrivelser(tx, newBs);
  for (const b of newBs) heard('dokumentbeskrivelse', String(b.row.id), bSource(b), b.node);
  if (newBs.length) written = true;
  const srcBIds = new Set(idsOf(c.beskrivelser));
  for (const r of storedBs)
    if (!srcBIds.has(String(r.id)) && srcJpIds.has(String(r.journalpost_id)))
      missing.push({ kind: 'dokumentbeskrivelse', id: String(r.id) });

  // Dokumentobjekter: added, or filled in when quarantined before; never changed.
  const oById = new Map(storedOs.map((r) => [String(r.id), r]));
  const newOs: { o: ParsedObjekt; check: DocCheck }[] = [];
  for (const x of c.objekter) {
    const oid = String(x.o.row.id);
    const cur = oById.get(oid);
    if (!cur) {
      newOs.push(x);
      continue;
    }
    const src = {
      ...x.o.row,
      dokumentbeskrivelse_id: x.o.beskrivelseId,
      fields: x.o.rest,
      complex: x.o.node.complex,
    };
    const elements = changedElements('dokumentobjekt', cur, src);
    if (!elements.length) {
      if (cur.without_content) {
        if (x.check.content && (await fillDocument(tx, oid, x.check.content))) {
          stored++;
          written = true;
        } else quarantinedDocs++;
      }
      continue;
    }
    counts.changedDocuments++;
    await quarantine(
      tx,
      c.sourceFile,
      `dokumentobjekt ${oid} (${String(x.o.row.referanse_dokumentfil)})`,
      `dokumentobjekt ${oid} is stored with other content: the later extract changes ${elements.join(', ')} ` +
        `(stored: sjekksum ${cur.sjekksum}, ${cur.filstoerrelse} bytes; extract: sjekksum ${String(x.o.row.sjekksum)}, ${String(x.o.row.filstoerrelse)} bytes). ` +
        `The stored dokumentobjekt and its bytes are kept, and the extract's is quarantined with the file it names: a stored document is never replaced ` +
        `(Noark 5 makes a new version of a document a new dokumentobjekt, with its own versjonsnummer)` +
        (x.check.quarantine ? `; the file: ${x.check.quarantine.reason}` : ''),
      x.check.content ?? x.check.quarantine?.raw ?? null,
    );
    log.warn(
      { saksmappe: c.id, dokumentobjekt: oid, elements },
      'noark later extract: a stored dokumentobjekt given otherwise; the stored one kept, the extract quarantined',
    );
  }
  const docs = await insertObjekter(tx, c.sourceFile, newOs);
  stored += docs.stored;
  quarantinedDocs += docs.quarantined;
  if (newOs.length) written = true;
  const srcOIds = new Set(c.objekter.map(({ o }) => String(o.row.id)));
  for (const r of storedOs)
    if (!srcOIds.has(String(r.id)) && srcBIds.has(String(r.dokumentbeskrivelse_id)))
      missing.push({ kind: 'dokumentobjekt', id: String(r.id) });

  // What the extract no longer has stays; said by id (no titles, no names).
  counts.notInExtract = missing.length;
  if (missing.length)
    log.info(
      { saksmappe: c.id, notInExtract: missing },
      'noark later extract: stored records the extract no longer has are kept',
    );
  // The source record this case was last read from (not versioned: migration 030), and what the
  // source said of each record whose last word it changes, with the extract's times (migration 031).
  await tx.query('UPDATE archive.saksmappe SET source_hash = $2 WHERE id = $1', [c.id, c.hash]);
  await insertSourceRecords(tx, c.sourceFile, c.extractedAt, saying);
  // The extract's own time moves on with every extract that gives a later one (the check above),
  // also where the saksmappe itself says nothing new: its latest row notes it (seenAgain).
  if (!saying.some((x) => x.table === 'saksmappe') && newerTime(c.extractedAt, lastRead))
    await seenAgain(tx, c.sourceFile, c.extractedAt!, {
      table: 'saksmappe',
      key: c.id,
      saksmappeId: c.id,
      record: compared('saksmappe', srcSak),
      asOf: latestDateTime(c.node),
    });
  if (written) log.info({ saksmappe: c.id, ...counts }, 'noark saksmappe updated from a later extract');
  // Nothing applied, and something of the extract held for an archivist (a conflict, a party
  // conflict, a changed dokumentobjekt): the case is not unchanged, the extract changes it, and it
  // is counted apart so the saksmapper counts add up with the later-extract counts (pasientjournalloven
  // § 22, arkivlova § 6; review s45: a case whose parties all vanished counted unchanged beside
  // partiesVanished 1).
  const held = counts.conflicts + counts.partiesVanished + counts.changedDocuments > 0;
  return {
    outcome: written ? 'updated' : held ? 'held' : 'unchanged',
    journalposter: newJps.length,
    stored,
    quarantinedDocs,
    hNumberParties,
    later: counts,
  };
}

/** Reads arkivstruktur.xml as a stream and hands over each finished unit (upper entity or whole saksmappe). */
async function* parseArkivstruktur(
  path: string,
  maxRecordBytes: number,
  /** Fed every byte read, for the check against arkivuttrekk.xml at the end. */
  hash?: Hash,
): AsyncGenerator<Unit> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const source = new XmlSourceBytes({ maxBytes: maxRecordBytes, headAfter: maxRecordBytes });
  const stack: Frame[] = [];
  const queue: Unit[] = [];
  let sawRoot = false;
  let fatal: string | null = null;

  const entityFrames = () => stack.filter((f) => f.role === 'entity');
  /** The frame of the unit being buffered: a mappe, or a registrering outside any mappe (which is quarantined). */
  const isUnitRoot = (f: Frame, i: number) =>
    f.role === 'entity' &&
    (f.element === 'mappe' ||
      (f.element === 'registrering' && !stack.slice(0, i).some((p) => p.element === 'mappe')));
  const insideMappe = () => stack.find(isUnitRoot);
  const fail = (msg: string) => {
    const m = insideMappe();
    if (m) {
      m.error ??= `line ${parser.line}: ${msg}`;
    } else {
      fatal ??= `arkivstruktur.xml line ${parser.line}: ${msg}`;
    }
  };
  /** The upper entities' systemIDs of this deposit: what each was first (a duplicate is quarantined). */
  const upperIds = new Map<string, string>();
  /** `parent` is the entity frame that holds `frame`. */
  const emitUpper = (frame: Frame, parent: Frame | undefined) => {
    if (frame.emitted || !frame.node) return;
    frame.emitted = true;
    const node = frame.node;
    const id = node.fields.systemID?.[0];
    const what = `${node.kind} ${node.fields.klasseID?.[0] ?? node.fields.tittel?.[0] ?? ''}`.trim();
    if (parent?.rejected) {
      frame.rejected = `inside ${parent.node?.kind ?? 'an entity'} systemID ${parent.node?.fields.systemID?.[0] ?? '?'}, which is not stored: ${parent.rejected}`;
    } else if (id !== undefined && upperIds.has(id)) {
      // arkivlova § 5: the archive keeps what it received. A systemID is one entity of the
      // deposit: written under it, the second was dropped (ON CONFLICT DO NOTHING) and its
      // saksmapper filed under the first (found in review s31).
      frame.rejected = `systemID ${id} occurs twice in the deposit (first as ${upperIds.get(id)}, then as ${what} on line ${frame.line ?? '?'}): the first is stored; this ${node.kind} and everything in it are quarantined`;
    } else if (id !== undefined) {
      upperIds.set(id, `${what} on line ${frame.line ?? '?'}`);
    }
    queue.push({
      type: 'upper',
      node,
      parentId: parent?.node?.fields.systemID?.[0] ?? null,
      parentKind: parent?.node?.kind ?? null,
      rejected: frame.rejected,
      line: frame.line ?? null,
    });
  };
  /** Why a mappe is quarantined with the upper entity it is in, if that is not stored. */
  const rejectedAround = () => stack.find((f) => f.rejected)?.rejected;

  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    if (!sawRoot) {
      sawRoot = true;
      if (tag.local !== 'arkiv' || tag.uri !== ARKIVSTRUKTUR_NS) {
        fatal = `arkivstruktur.xml: the root element is {${tag.uri}}${tag.local}, expected {${ARKIVSTRUKTUR_NS}}arkiv`;
      }
    } else if (tag.uri !== ARKIVSTRUKTUR_NS) {
      fail(`element {${tag.uri}}${tag.local} is not in the Noark 5 arkivstruktur namespace`);
    }
    const name = tag.local;
    const frame: Frame = {
      element: name,
      role: 'leaf',
      text: '',
      childCount: 0,
      emitted: false,
      line: parser.line,
    };
    if (!parent) {
      frame.role = 'entity';
      frame.node = { kind: 'arkiv', fields: {}, complex: {}, children: [], ordinal: 0 };
    } else if (parent.role === 'entity' && parent.node && ENTITY_ELEMENTS.has(name)) {
      const kind = entityKind(
        name,
        tag.attributes[`xsi:type`]?.value ??
          Object.values(tag.attributes).find((a) => a.uri === XSI_NS && a.local === 'type')?.value,
      );
      frame.role = 'entity';
      if (typeof kind !== 'string') {
        frame.node = {
          kind: name === 'mappe' ? 'saksmappe' : 'journalpost',
          fields: {},
          complex: {},
          children: [],
          ordinal: parent.childCount++,
        };
        fail(kind.error);
      } else {
        if (!ALLOWED_CHILDREN[parent.node.kind].includes(name))
          fail(`${name} inside ${parent.node.kind} is not supported`);
        frame.node = { kind, fields: {}, complex: {}, children: [], ordinal: parent.childCount++ };
      }
      if (kind === 'saksmappe' || name === 'mappe') {
        if (parent.node.kind === 'saksmappe') fail('a mappe inside a mappe is not supported');
      }
      // An upper entity is complete (all its leaves came first) when its first child entity starts.
      if (UPPER.has(parent.node.kind)) {
        const entities = entityFrames();
        emitUpper(parent, entities[entities.length - 2]);
      }
    } else if (parent.role === 'entity' && parent.node && COMPLEX_ORDER[name]) {
      if (!ENTITY_ORDER[parent.node.kind].includes(name))
        fail(`${name} is not allowed in ${parent.node.kind}`);
      frame.role = 'complex';
      frame.leaves = {};
    } else if (parent.role === 'entity' && parent.node) {
      if (!ENTITY_ORDER[parent.node.kind].includes(name) || name === CHILDREN)
        fail(`element ${name} is not supported in ${parent.node.kind}`);
    } else if (parent.role === 'complex') {
      if (!COMPLEX_ORDER[parent.element]!.includes(name))
        fail(`element ${name} is not allowed in ${parent.element}`);
    } else {
      fail(`element ${name} inside ${parent.element} is not supported`);
    }
    // The outermost unit root (as isUnitRoot, with none open around it): its bytes are held
    // until it closes. A mappe inside it is part of it, bytes and all, so holds nothing of its
    // own (found in review: each open mappe held its own, 100k nested held 386 MiB).
    if (frame.role === 'entity' && (name === 'mappe' || name === 'registrering') && !insideMappe())
      frame.bytes = source.open(parser.position, parser.line) ?? undefined;
    stack.push(frame);
  });

  // Text and CDATA alike (saxes reports a CDATA section apart; a title written
  // <tittel><![CDATA[…]]></tittel> was read as empty: found by the quarantine work).
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const frame = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (frame.role === 'leaf' && parent) {
      // An element inside a simple element failed its entity when it opened: nothing to keep
      // (found in review: reading the leaf parent's node was a TypeError that ended the import).
      const target =
        parent.role === 'complex'
          ? parent.leaves!
          : parent.role === 'entity'
            ? parent.node?.fields
            : undefined;
      if (target) (target[frame.element] ??= []).push(frame.text.trim());
    } else if (frame.role === 'complex' && parent?.node) {
      (parent.node.complex[frame.element] ??= []).push(frame.leaves!);
    } else if (frame.role === 'entity' && frame.node) {
      const bytes = frame.bytes && source.close(frame.bytes, parser.position);
      // A mappe inside a unit is part of it (quarantined with it: 'a mappe inside a mappe').
      const root = !insideMappe();
      if (frame.element === 'mappe' && root) {
        const klasse = parent?.node?.kind === 'klasse' ? (parent.node.fields.systemID?.[0] ?? null) : null;
        const around = rejectedAround();
        queue.push({
          type: 'mappe',
          node: frame.node,
          klasseId: klasse,
          error: frame.error ?? (around && `its ${parent?.node?.kind ?? 'klasse'} is not stored: ${around}`),
          line: parser.line,
          source: bytes,
        });
      } else if (frame.element === 'registrering' && root) {
        queue.push({
          type: 'mappe',
          node: frame.node,
          klasseId: null,
          line: parser.line,
          error: frame.error ?? `a registrering outside a saksmappe is not supported`,
          source: bytes,
        });
      } else if (insideMappe()) {
        parent?.node?.children.push(frame.node);
        if (frame.error) insideMappe()!.error ??= frame.error;
      } else {
        const entities = entityFrames();
        emitUpper(frame, entities[entities.length - 1]);
      }
    }
  });

  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      fatal ??= `arkivstruktur.xml declares encoding ${decl.encoding}; a Noark 5 extract is UTF-8`;
    }
  });
  // Invalid UTF-8 is an error, not silently replaced.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  let offset = 0;
  for await (const chunk of stream) {
    let text: string;
    try {
      text = decoder.decode(chunk as Buffer, { stream: true });
    } catch {
      throw new ImportError(`arkivstruktur.xml is not valid UTF-8 (in the bytes after offset ${offset})`);
    }
    offset += (chunk as Buffer).length;
    hash?.update(chunk as Buffer);
    source.feed(chunk as Buffer, text);
    try {
      parser.write(text);
    } catch (err) {
      throw new ImportError(`arkivstruktur.xml is not well-formed XML: ${(err as Error).message}`);
    }
    source.trim();
    if (fatal) throw new ImportError(fatal);
    while (queue.length) yield queue.shift()!;
  }
  try {
    decoder.decode();
  } catch {
    throw new ImportError('arkivstruktur.xml is not valid UTF-8 (it ends inside a character)');
  }
  try {
    parser.close();
  } catch (err) {
    throw new ImportError(`arkivstruktur.xml is not well-formed XML: ${(err as Error).message}`);
  }
  if (fatal) throw new ImportError(fatal);
  if (!sawRoot) throw new ImportError('arkivstruktur.xml is empty');
  while (queue.length) yield queue.shift()!;
}

const SOURCE = Symbol('source bytes');

/** xs:dateTime: `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`, on a real date (isRealDate) at an hour that exists (not 24:00). */
const XS_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?$/;
export function isXsDateTime(s: string): boolean {
  const m = XS_DATE_TIME.exec(s);
  return !!m && isRealDate(m[1]!);
}

/** endringslogg.xml of a deposit package: each endring as a row (idempotent); one that lacks a field, or whose endretDato is no xs:dateTime, is quarantined with its source bytes. */
async function importEndringslogg(db: Db, path: string, maxRecordBytes: number): Promise<number> {
  const bytes = await readFile(path);
  // UTF-8, strictly, as arkivstruktur.xml (review s33: bytes that were not UTF-8 were stored
  // as U+FFFD, and a file declaring ISO-8859-1 was read as UTF-8; arkivlova § 5). Refused whole,
  // before any of its rows is written.
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('endringslogg.xml is not valid UTF-8; a Noark 5 extract is UTF-8');
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding))
      throw new ImportError(
        `endringslogg.xml declares encoding ${decl.encoding}; a Noark 5 extract is UTF-8`,
      );
  });
  // Each endring's source bytes, for the quarantine (the file is read whole, as before).
  const source = new XmlSourceBytes({ maxBytes: maxRecordBytes, headAfter: maxRecordBytes });
  source.feed(bytes, xml);
  const rows: (Record<string, string> & { [SOURCE]?: ElementBytes })[] = [];
  let current: Record<string, string> | null = null;
  let open: OpenElement | null = null;
  let text = '';
  parser.on('opentag', (t) => {
    if (t.local === 'endring') {
      current = {};
      open = source.open(parser.position, parser.line);
    }
    text = '';
  });
  // Text and CDATA alike, as in arkivstruktur.xml.
  const onText = (t: string) => {
    text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (t) => {
    if (t.local === 'endring' && current) {
      rows.push(open ? { ...current, [SOURCE]: source.close(open, parser.position) } : current);
      current = null;
      open = null;
    } else if (current) {
      current[t.local] = text.trim();
    }
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`endringslogg.xml is not well-formed XML: ${(err as Error).message}`);
  }
  let n = 0;
  for (const r of rows) {
    const required = [
      'referanseArkivenhet',
      'referanseMetadata',
      'endretDato',
      'endretAv',
      'tidligereVerdi',
      'nyVerdi',
    ];
    const missing = required.filter((k) => !r[k]);
    // endretDato is an xs:dateTime (M682) on a day and at an hour that exist: stored as text
    // as it came, "10.01.2023" or 30 February was sorted as text among the real times, and
    // export-noark then wrote an endringslogg.xml its own schema check refused (review s40).
    const problem = missing.length
      ? `missing ${missing.join(', ')}`
      : !isXsDateTime(r.endretDato!)
        ? `endretDato is not a date and time (xs:dateTime, YYYY-MM-DDThh:mm:ss on a day and at an hour that exist): "${r.endretDato!.slice(0, 100)}"`
        : null;
    if (problem) {
      const src = r[SOURCE];
      await quarantine(
        db,
        'endringslogg.xml',
        `endring ${r.referanseArkivenhet ?? '?'}`,
        problem,
        src?.raw ?? Buffer.from(JSON.stringify(r)),
        {
          line: src?.line ?? null,
          detail: src?.truncated ? overCap(src, maxRecordBytes) : null,
        },
      );
      continue;
    }
    const res = await db.query(
      `INSERT INTO archive.endringslogg (referanse_arkivenhet, referanse_metadata, endret_dato, endret_av, tidligere_verdi, ny_verdi)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [r.referanseArkivenhet, r.referanseMetadata, r.endretDato, r.endretAv, r.tidligereVerdi, r.nyVerdi],
    );
    n += res.rowCount;
  }
  return n;
}

/** The files the import reads that arkivuttrekk.xml may give a checksum of. */
const VERIFIED_FILES = ['arkivstruktur.xml', 'endringslogg.xml'];

/**
 * When the extract has an arkivuttrekk.xml (a deposit package: ADDML, `arkivuttrekk.ts`), each
 * file the import reads whose checksum it gives must have it, checked before anything is
 * written: a transfer cut short, or a file changed after the package was made, is refused whole
 * with both checksums named (review s38). Returns what it gives. Without one, nothing is checked
 * here (each document still is, against its dokumentobjekt).
 */
async function verifyAgainstArkivuttrekk(dir: string): Promise<Map<string, DeclaredChecksum>> {
  const path = join(dir, 'arkivuttrekk.xml');
  if (!existsSync(path)) return new Map();
  const nothing = 'Nothing was imported';
  let declared: Map<string, DeclaredChecksum>;
  try {
    declared = await declaredChecksums(path);
  } catch (err) {
    if (err instanceof ArkivuttrekkError) throw new ImportError(`${err.message}. ${nothing}`);
    throw err;
  }
  for (const name of VERIFIED_FILES) {
    const d = declared.get(name);
    if (!d) continue;
    if (!hashName(d.algorithm))
      throw new ImportError(
        `arkivuttrekk.xml (line ${d.line}) gives the checksum of ${name} as ${d.algorithm}, which the import cannot compute (SHA256, SHA512, SHA384, SHA224, SHA1, MD5). ${nothing}`,
      );
    const file = join(dir, name);
    if (!existsSync(file))
      throw new ImportError(
        `arkivuttrekk.xml (line ${d.line}) lists ${name}, but the extract has no ${name}. ${nothing}: the extract is incomplete`,
      );
    const actual = await fileChecksum(file, d.algorithm);
    if (actual !== d.value)
      throw new ImportError(
        `${name} does not match arkivuttrekk.xml: arkivuttrekk.xml (line ${d.line}) gives its ${d.algorithm} checksum as ${d.value}, ` +
          `the file (${statSync(file).size} bytes) has ${actual}. ${nothing}: the file is incomplete (a transfer cut short?) or was changed after the extract was made; import a complete copy`,
      );
  }
  return declared;
}

/** What an import that stopped partway leaves (ImportStoppedError): said in its message. */
function stoppedAccount(s: ImportSummary, stage: 'arkivstruktur.xml' | 'endringslogg.xml'): string {
  const stored = s.saksmapper.inserted + s.saksmapper.updated + s.saksmapper.unchanged + s.saksmapper.held;
  const counts =
    `(${s.saksmapper.inserted} new, ${s.saksmapper.updated + s.saksmapper.unchanged + s.saksmapper.held} already stored` +
    (s.saksmapper.updated ? `, ${s.saksmapper.updated} of them updated by this extract` : '') +
    (s.saksmapper.held ? `, ${s.saksmapper.held} of them with changes held for an archivist` : '') +
    `), ${s.saksmapper.quarantined} quarantined` +
    (s.upperQuarantined
      ? `, ${s.upperQuarantined} arkiv/arkivdel/klassifikasjonssystem/klasse quarantined`
      : '');
  return stage === 'arkivstruktur.xml'
    ? `The import stopped partway: ${stored} saksmapper before the error are committed ${counts}, ` +
        `each with its journalposter and documents, and the arkiv, arkivdel, klassifikasjonssystem and klasser before it; ` +
        `the rest of arkivstruktur.xml and endringslogg.xml are not imported. ` +
        `Importing the complete extract again completes the import: what is stored counts as unchanged.`
    : `The import stopped partway: all ${stored} saksmapper of arkivstruktur.xml are committed ${counts}; ` +
        `no entry of endringslogg.xml is. Importing the extract again with a complete endringslogg.xml completes the import: ` +
        `what is stored counts as unchanged.`;
}

export interface NoarkImportOptions {
  /** A document file larger than this is quarantined without being read (IMPORT_MAX_DOCUMENT_BYTES). */
  maxDocumentBytes?: number;
  /** A quarantined record keeps at most this many of its source bytes (IMPORT_MAX_RECORD_BYTES). */
  maxRecordBytes?: number;
}

export async function importNoark(
  db: Db,
  folder: string,
  opts: NoarkImportOptions = {},
): Promise<ImportSummary> {
  const maxDocumentBytes = opts.maxDocumentBytes ?? DEFAULT_LIMITS.importMaxDocumentBytes;
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ImportError(`${folder} is not a folder`);
  const path = join(dir, 'arkivstruktur.xml');
  if (!existsSync(path)) throw new ImportError(`${folder} has no arkivstruktur.xml: not a Noark 5 extract`);
  const summary: ImportSummary = {
    saksmapper: { inserted: 0, updated: 0, unchanged: 0, held: 0, quarantined: 0 },
    laterExtract: noLaterExtractCounts(),
    upperQuarantined: 0,
    journalposter: 0,
    documents: { stored: 0, quarantined: 0 },
    endringslogg: 0,
    hNumberParties: 0,
  };
  // Before anything is written: the files it reads, against the checksums arkivuttrekk.xml gives.
  const declared = await verifyAgainstArkivuttrekk(dir);
  // The extract's own time, when arkivuttrekk.xml gives it: an older extract is not applied over
  // a newer one (isOlderExtract; review s42).
  const extractedAt = existsSync(join(dir, 'arkivuttrekk.xml'))
    ? await declaredExtractionTime(join(dir, 'arkivuttrekk.xml')).catch((err: unknown) => {
        // A value that is no date, or a future one, refuses the whole extract before anything is
        // written (arkivuttrekk.ts declaredExtractionTime; hardening review s42).
        throw err instanceof ArkivuttrekkError
          ? new ImportError(`${err.message}. Nothing was imported`)
          : err;
      })
    : null;
  const expected = declared.get('arkivstruktur.xml');
  let hNumberCases = 0;
  const started = Date.now();
  let quarantinedIds: Promise<Set<string>> | null = null;
  const quarantinedDocs: QuarantinedDocs = () =>
    (quarantinedIds ??= db
      .query<{ id: string }>('SELECT id FROM archive.dokumentobjekt WHERE content IS NULL')
      .then((r) => new Set(r.rows.map((x) => x.id))));
  /** Units written (or found stored) so far: after the first, an error leaves a partial import. */
  let handled = 0;
  let stage: 'arkivstruktur.xml' | 'endringslogg.xml' = 'arkivstruktur.xml';
  const hash = expected ? createHash(hashName(expected.algorithm)!) : undefined;
  try {
    for await (const unit of parseArkivstruktur(path, maxRecordBytes, hash)) {
      if (unit.type === 'upper') {
        try {
          const w = await writeUpper(db, 'arkivstruktur.xml', unit, extractedAt);
          if (w === 'quarantined') summary.upperQuarantined++;
          else if (w === 'older') summary.laterExtract.olderExtract++;
        } catch (err) {
          throw new ImportError(`arkivstruktur.xml: ${(err as Error).message}`);
        }
        handled++;
        continue;
      }
      const r = await writeMappe(
        db,
        dir,
        'arkivstruktur.xml',
        unit,
        quarantinedDocs,
        maxDocumentBytes,
        maxRecordBytes,
        extractedAt,
      );
      handled++;
      summary.saksmapper[r.outcome]++;
      summary.journalposter += r.journalposter;
      summary.documents.stored += r.stored;
      summary.documents.quarantined += r.quarantinedDocs;
      if (r.later)
        for (const k of Object.keys(r.later) as (keyof LaterExtractCounts)[])
          summary.laterExtract[k] += r.later[k];
      if (r.hNumberParties) {
        summary.hNumberParties += r.hNumberParties;
        hNumberCases++;
      }
    }
    // The bytes parsed are the bytes verified (the file could be replaced in between).
    if (expected && hash) {
      const actual = hash.digest('hex');
      if (actual !== expected.value)
        throw new ImportError(
          `arkivstruktur.xml changed while it was imported: arkivuttrekk.xml gives its ${expected.algorithm} checksum as ${expected.value}, the bytes read have ${actual}`,
        );
    }
    if (summary.hNumberParties)
      log.warn(
        { parties: summary.hNumberParties, saksmapper: hNumberCases },
        'noark parties named by an H-nummer kept as exported and linked to no person (pasientjournalloven § 22)',
      );
    stage = 'endringslogg.xml';
    const logPath = join(dir, 'endringslogg.xml');
    if (existsSync(logPath)) summary.endringslogg = await importEndringslogg(db, logPath, maxRecordBytes);
  } catch (err) {
    if (!handled) throw err;
    log.warn(
      { folder: dir, stage, ...summary, err: (err as Error).message, ms: Date.now() - started },
      'noark import stopped partway',
    );
    if (err instanceof ImportError)
      throw new ImportStoppedError(`${err.message}. ${stoppedAccount(summary, stage)}`, summary);
    throw err;
  }
  log.info({ folder: dir, ...summary, ms: Date.now() - started }, 'noark import done');
  return summary;
}
