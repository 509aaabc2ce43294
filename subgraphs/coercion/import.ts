/**
 * Importers for coercion records: Gerica (vedtak.csv + tvangsprotokoll.csv) and the
 * Helseplattformen coercion module export (Coercion.ndjson).
 *
 * - Each record is validated (zod); what cannot be accepted goes to coercion.quarantine
 *   with file, line, reason and raw bytes. Nothing else is dropped: Gerica `vedtak.csv`
 *   rows that are not coercion decisions (service allocations) are counted as
 *   `otherDecisions` and left to the journal's importer.
 * - A decision migrated from Gerica into HP (`legacySource`) is one decision with two
 *   provenances: its id is the Gerica VedtakID whichever file is imported first, and its
 *   values are HP's where HP states them, Gerica's otherwise; disagreements are kept.
 * - Re-importing changes nothing (natural key: source system + source id; unchanged rows
 *   are not rewritten).
 * - A record holding text PostgreSQL cannot store (U+0000, an unpaired surrogate:
 *   lib/storable-text.ts) is quarantined as `unstorable-text: <field> …`: each file is one
 *   transaction, which such a record failed whole, on every run (found in review s30), so
 *   nothing of it could be imported. A quarantine reason that quotes the source (a JSON parse
 *   error) is stored with U+FFFD in their place; the record's bytes are kept as they are.
 */
import { open } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Db, Queryable } from '../../lib/db';
import { log } from '../../lib/log';
import { parseNationalId } from '../../lib/national-id';
import { legalBasisFromText, measureKey } from './measure';

export { legalBasisFromText };
import { storable, unstorable, unstorableAt } from '../../lib/storable-text';
import { DEFAULT_LIMITS } from '../../lib/config';
import {
  GERICA_VEDTAK_COLUMNS,
  notLatin1Text,
  readGericaCsv,
  type GericaCsvOptions,
} from '../../lib/import/gerica-csv';
import { decodeUtf8, readLines, type Line } from '../../lib/import/lines';
import {
  fromOsloWallClock,
  osloDate,
  osloIso,
  osloMidnight,
  osloOffsetMinutes,
  isRealDate,
} from '../../lib/oslo-time';
import { parseGericaDate, parseGericaDateTime } from '../../lib/import/gerica-dates';
import { coercionLineOwner, type CoercionExport, type GericaPatientColumn } from './quarantine-owner';
import {
  decisionSourcesFor,
  quarantine,
  resolveDecisionAliases,
  sourceQualifiedId,
  storedDecisionKeys,
  upsertDecisions,
  upsertDecisionSources,
  upsertExecutions,
  upsertStaffIdentities,
  type DecisionSourceRecord,
  type StaffIdentity,
  type NewDecision,
  type NewExecution,
  type QuarantineEntry,
} from './store';

export const GERICA = 'GERICA';
export const HP = 'HELSEPLATTFORMEN';

export interface ImportSummary {
  file: string;
  /** Staff identifier links read from a Practitioner export. */
  staffIdentities?: { read: number; written: number };
  decisions: { read: number; written: number };
  executions: { read: number; written: number };
  /** Rows in vedtak.csv that are not coercion decisions (service allocations): not this subgraph's data. */
  otherDecisions: number;
  quarantined: { reason: string; line: number }[];
}

/** What one source says about a decision, normalised. Stored as decision_source.record. */
export interface DecisionFacts {
  patientNid: string;
  legalBasis: string;
  measures: string[];
  validFrom: string;
  validTo: string | null;
  decidedAt: string;
  decidedBy: string | null;
  approvedAt: string | null;
  justification: string;
  /** The legal basis as the source wrote it (Gerica Hjemmel). */
  legalBasisText?: string;
  /** The system and id the decision was first made in. */
  origin: { system: string; id: string };
}

interface PendingDecision {
  sourceSystem: string;
  sourceId: string;
  /** The id the source's record asks for (the Gerica VedtakID, HP's id or its legacy VedtakID). */
  decisionId: string;
  facts: DecisionFacts;
  /** Where the record is in its file (what a quarantine keeps). */
  line: number;
  raw: Buffer;
}
interface PendingExecution {
  line: number;
  raw: Buffer;
  execution: NewExecution;
}

function summary(file: string): ImportSummary {
  return {
    file,
    decisions: { read: 0, written: 0 },
    executions: { read: 0, written: 0 },
    otherDecisions: 0,
    quarantined: [],
  };
}

const nid = z.string().superRefine((v, ctx) => {
  const info = parseNationalId(v.trim());
  if ('error' in info) ctx.addIssue({ code: 'custom', message: `invalid national id (${info.error})` });
});
// A measure as one measure whatever the source's case, spacing or Unicode form (measure.ts measureKey; stop 45).
const measure = z.string().trim().min(1, 'no measure').transform(measureKey);
const staffId = z
  .string()
  .regex(/^(\d{5}|\d{7})$/, 'staff id must be a 5-digit employee number or a 7-digit HPR number');

/** The first line each source id was seen on in this file: a second record with the same id is quarantined. */
class FirstSeen {
  private readonly lines = new Map<string, number>();
  /** Null when new; otherwise the quarantine reason. */
  duplicate(id: string, line: number): string | null {
    const first = this.lines.get(id);
    if (first !== undefined) return `duplicate id ${id}: already on line ${first} of this file`;
    this.lines.set(id, line);
    return null;
  }
}

function zodReason(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
}

// ---------------------------------------------------------------- merging decisions

const PRECEDENCE = [HP, GERICA];

/** One decision from all its source records: HP's values where HP states them, otherwise Gerica's. */
export function mergeDecision(
  decisionId: string,
  sources: { sourceSystem: string; sourceId: string; facts: DecisionFacts }[],
): NewDecision {
  const ordered = [...sources].sort(
    (a, b) => PRECEDENCE.indexOf(a.sourceSystem) - PRECEDENCE.indexOf(b.sourceSystem),
  );
  const pick = <K extends keyof DecisionFacts>(k: K): DecisionFacts[K] => {
    for (const s of ordered)
      if (s.facts[k] !== null && s.facts[k] !== undefined && s.facts[k] !== '') return s.facts[k];
    return ordered[0]!.facts[k];
  };
  const discrepancies: string[] = [];
  const compare: [string, (f: DecisionFacts) => string][] = [
    ['patient', (f) => (f.patientNid === ordered[0]!.facts.patientNid ? 'same' : 'another patient')],
    ['legalBasis', (f) => f.legalBasis],
    ['measures', (f) => [...f.measures].sort().join(', ')],
    ['validFrom', (f) => f.validFrom],
    ['validTo', (f) => f.validTo ?? 'open'],
    ['decidedAt (date)', (f) => osloDate(new Date(f.decidedAt))],
    ['approvedByStatsforvalterAt (date)', (f) => (f.approvedAt ? osloDate(new Date(f.approvedAt)) : 'none')],
  ];
  for (const [field, value] of compare) {
    const values = ordered.map((s) => `${s.sourceSystem} ${s.sourceId}: ${value(s.facts)}`);
    if (new Set(ordered.map((s) => value(s.facts))).size > 1)
      discrepancies.push(`${field} differs (${values.join('; ')})`);
  }
  const origin = pick('origin');
  return {
    id: decisionId,
    patientNid: pick('patientNid'),
    legalBasis: pick('legalBasis'),
    measures: pick('measures'),
    validFrom: pick('validFrom'),
    validTo: pick('validTo'),
    decidedAt: pick('decidedAt'),
    decidedBy: pick('decidedBy'),
    approvedAt: pick('approvedAt'),
    justification: pick('justification'),
    sourceSystem: origin.system,
    sourceId: origin.id,
    discrepancies,
  };
}

/**
 * Advisory-lock key of the decisions' write step. One for every source system: a decision is
 * merged from all its sources (HP's and Gerica's records of one decision).
 */
export const DECISION_LOCK = 'coercion.decision';

/**
 * Merges and writes a file's decisions; returns the rows written and the records not applied
 * (quarantine entries). One import's decisions at a time (a transaction lock,
 * taken first in the file's transaction, before any row lock; released at commit): two imports
 * (an HP and a Gerica export of one decision, or two Gerica exports) each merged the sources
 * they had read before the other committed, and the last to write replaced the other's values
 * with a merge that lacked them (found in review s30). Every replaced row was kept
 * (coercion.record_version), but the decision was not what its sources say until the next
 * import.
 *
 * A decision is its origin: source system and source id (README, Import; migration 016). A
 * record goes to the decision that already holds its source row, else to the decision of its
 * origin (an HP decision naming a `legacySource` is the migrated copy of the Gerica decision),
 * else to a new decision under the id it asks for, or `<system>:<id>` when another decision has
 * that id: keyed on the id alone, an HP decision whose id was a Gerica VedtakID was merged into
 * the Gerica decision (found in review s31).
 *
 * helsepersonelloven § 44 (and hol. kap. 9: the executions recorded under a decision are judged
 * by it): a record that names another person than the stored decision's is not applied. It is
 * quarantined with a reason naming the person change, and the decision stays with its person
 * until someone responsible moves it: applied, the decision moved to the other person silently,
 * away from the executions recorded under it, which then judged as without a valid decision
 * (found in review s31). The import does the same to an execution naming another person's
 * decision (`writeExecutions`).
 */
async function writeDecisions(
  tx: Queryable,
  pending: PendingDecision[],
  file: string,
): Promise<{ written: number; bad: QuarantineEntry[] }> {
  const bad: QuarantineEntry[] = [];
  if (!pending.length) return { written: 0, bad };
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [DECISION_LOCK]);
  const stored = await storedDecisionKeys(
    tx,
    pending.map((p) => ({
      sourceSystem: p.sourceSystem,
      sourceId: p.sourceId,
      decisionId: p.decisionId,
      origin: p.facts.origin,
    })),
  );
  /** Ids given to new decisions in this batch, by origin key. */
  const assigned = new Map<string, string>();
  const assignedIds = new Set<string>();
  const accepted: PendingDecision[] = [];
  for (const p of pending) {
    const origin = `${p.facts.origin.system}\u0000${p.facts.origin.id}`;
    const bySource = stored.bySource.get(`${p.sourceSystem}\u0000${p.sourceId}`);
    const byOrigin = stored.byOrigin.get(origin);
    let decisionId = bySource?.id ?? byOrigin?.id ?? assigned.get(origin);
    if (decisionId === undefined) {
      decisionId =
        stored.byId.has(p.decisionId) || assignedIds.has(p.decisionId)
          ? sourceQualifiedId(p.facts.origin.system, p.facts.origin.id)
          : p.decisionId;
      assigned.set(origin, decisionId);
      assignedIds.add(decisionId);
    }
    const current = bySource ?? byOrigin ?? stored.byId.get(decisionId);
    if (current && current.patientNid !== p.facts.patientNid) {
      bad.push({
        sourceSystem: p.sourceSystem,
        file,
        line: p.line,
        sourceId: p.sourceId,
        reason:
          `decision ${decisionId} is stored for another person: a record naming another person is not applied ` +
          `(helsepersonelloven § 44: a record is moved to another person by the one responsible, not by an import); ` +
          `the stored decision and the executions recorded under it are kept`,
        raw: p.raw,
      });
      continue;
    }
    accepted.push({ ...p, decisionId });
  }
  if (!accepted.length) return { written: 0, bad };
  const ids = [...new Set(accepted.map((p) => p.decisionId))];
  const existing = await decisionSourcesFor(tx, ids);
  const bySource = new Map<
    string,
    { decisionId: string; sourceSystem: string; sourceId: string; facts: DecisionFacts }
  >();
  for (const s of existing) {
    if (s.record && 'legalBasis' in s.record) {
      bySource.set(`${s.sourceSystem}\u0000${s.sourceId}`, {
        decisionId: s.decisionId,
        sourceSystem: s.sourceSystem,
        sourceId: s.sourceId,
        facts: s.record as unknown as DecisionFacts,
      });
    }
  }
  for (const p of accepted) bySource.set(`${p.sourceSystem}\u0000${p.sourceId}`, p);
  const merged = ids.map((id) => {
    const m = mergeDecision(
      id,
      [...bySource.values()].filter((s) => s.decisionId === id),
    );
    // A stored decision keeps its origin (migration 016 refuses an update of it).
    const at = stored.byId.get(id);
    return at ? { ...m, sourceSystem: at.sourceSystem, sourceId: at.sourceId } : m;
  });
  // A stored decision that gains another source system's record here is a decision migrated from
  // Gerica into Helseplattformen meeting its second record: one decision (README, Import), whose
  // row takes the merged values. The version it replaces is kept as any (migration 011), under a
  // reason saying so: kept as "changed in a later source export", the dossier and the evidence
  // bundle listed every migrated decision among its corrections as changed by a later export of
  // its source, with the Gerica text as the text before the change (helsepersonelloven § 42: a
  // correction is a change of the record, and this is none; review s44). Whichever export comes
  // first, the decision is the same.
  const storedSystems = new Map<string, Set<string>>();
  for (const e of existing) {
    let set = storedSystems.get(e.decisionId);
    if (!set) storedSystems.set(e.decisionId, (set = new Set()));
    set.add(e.sourceSystem);
  }
  const mergedIn = (id: string) => {
    const had = storedSystems.get(id);
    if (!had?.size || !stored.byId.has(id)) return null;
    const added = [
      ...new Set(
        accepted.filter((p) => p.decisionId === id && !had.has(p.sourceSystem)).map((p) => p.sourceSystem),
      ),
    ].sort();
    return added.length ? added.join(' and ') : null;
  };
  const merges = new Map<string, NewDecision[]>();
  const others: NewDecision[] = [];
  for (const m of merged) {
    const system = mergedIn(m.id);
    if (system === null) others.push(m);
    else merges.set(system, [...(merges.get(system) ?? []), m]);
  }
  let written = 0;
  for (const [system, rows] of merges) {
    await tx.query("SELECT set_config('helsespor.change_reason', $1, true)", [
      `merged with the ${system} record of the same decision (migrated between source systems: one decision, a record in each; not a change of the decision)`,
    ]);
    written += await upsertDecisions(tx, rows);
  }
  if (merges.size) await tx.query("SELECT set_config('helsespor.change_reason', '', true)");
  written += await upsertDecisions(tx, others);
  const sources: DecisionSourceRecord[] = accepted.map((p) => ({
    sourceSystem: p.sourceSystem,
    sourceId: p.sourceId,
    decisionId: p.decisionId,
    record: p.facts as unknown as Record<string, unknown>,
    sourceFile: file,
  }));
  const sourceRows = await upsertDecisionSources(tx, sources);
  return { written: Math.max(written, sourceRows), bad };
}

/**
 * Checks each execution's recorded decision id (a claim) exists and is this patient's;
 * writes the good ones; returns the rest as quarantine entries.
 */
async function writeExecutions(
  tx: Queryable,
  pending: PendingExecution[],
  sourceSystem: string,
  file: string,
  s: ImportSummary,
): Promise<QuarantineEntry[]> {
  const bad: QuarantineEntry[] = [];
  const claims = [
    ...new Set(pending.map((p) => p.execution.recordedDecisionId).filter((x): x is string => !!x)),
  ];
  const known = await resolveDecisionAliases(tx, claims, sourceSystem);
  // helsepersonelloven § 44: a stored execution a later export records for another person is
  // not moved to that person by the import, as a decision is not (writeDecisions): a record is
  // moved to another person by the one responsible. The stored execution stays with its person
  // and the decision it is judged by; the line is quarantined with its bytes (found in review
  // s41: the upsert set patient_nid like any column, and the execution left the person's
  // coercion report silently, a row in record_version all that was left of it there).
  const storedPerson = new Map(
    (
      await tx.query<{ source_id: string; patient_nid: string }>(
        'SELECT source_id, patient_nid FROM coercion.execution WHERE source_system = $1 AND source_id = ANY($2::text[])',
        [sourceSystem, pending.map((p) => p.execution.sourceId)],
      )
    ).rows.map((r) => [r.source_id, r.patient_nid]),
  );
  const good: NewExecution[] = [];
  for (const p of pending) {
    const claim = p.execution.recordedDecisionId;
    const hit = claim ? known.get(claim) : undefined;
    const was = storedPerson.get(p.execution.sourceId);
    if (was !== undefined && was !== p.execution.patientNid) {
      bad.push({
        sourceSystem,
        file,
        line: p.line,
        sourceId: p.execution.sourceId,
        reason:
          `execution ${p.execution.sourceId} is stored for another person: a record naming another person is not applied ` +
          `(helsepersonelloven § 44: a record is moved to another person by the one responsible, not by an import); ` +
          `the stored execution is kept`,
        raw: p.raw,
      });
    } else if (claim && !hit) {
      bad.push({
        sourceSystem,
        file,
        line: p.line,
        sourceId: p.execution.sourceId,
        reason: `unknown decision id ${claim}`,
        raw: p.raw,
      });
    } else if (hit && hit.patientNid !== p.execution.patientNid) {
      bad.push({
        sourceSystem,
        file,
        line: p.line,
        sourceId: p.execution.sourceId,
        reason: `decision ${claim} belongs to another patient`,
        raw: p.raw,
      });
    } else {
      good.push(p.execution);
    }
  }
  for (let i = 0; i < good.length; i += 5000)
    s.executions.written += await upsertExecutions(tx, good.slice(i, i + 5000));
  return bad;
}

/** The reason a record holding text PostgreSQL cannot store is quarantined: where, never the text. */
const unstorableReason = (where: string) =>
  `unstorable-text: ${where} holds U+0000 or an unpaired surrogate, which PostgreSQL cannot store`;

async function finish(
  tx: Queryable,
  s: ImportSummary,
  all: QuarantineEntry[],
  format: CoercionExport,
  gerica?: GericaPatientColumn,
): Promise<void> {
  // A reason may quote the source (a JSON parse error quotes the line) and a source id is the
  // source's: stored (and reported) with U+FFFD for what PostgreSQL cannot store. Each line keeps
  // whose it is by its export's patient field (quarantine-owner.ts; task s47, defect 2).
  const entries = all.map((q) => ({
    ...q,
    ...coercionLineOwner(format, q.raw, gerica),
    reason: storable(q.reason),
    sourceId: q.sourceId === null ? null : storable(q.sourceId),
  }));
  for (let i = 0; i < entries.length; i += 2000) await quarantine(tx, entries.slice(i, i + 2000));
  s.quarantined.push(...entries.map((q) => ({ reason: q.reason, line: q.line })));
}

// ---------------------------------------------------------------- Gerica

const VEDTAK_COLUMNS = GERICA_VEDTAK_COLUMNS;
const PROTOKOLL_COLUMNS = [
  'RegID',
  'VedtakID',
  'PasientID',
  'Fodselsnr',
  'Start',
  'Slutt',
  'Tiltak',
  'UtfortAv',
  'Beskrivelse',
  'Hjemmel',
] as const;

const gericaDate = (what: string) =>
  z.string().transform((v, ctx) => {
    const d = parseGericaDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `${what} is not a real date dd.mm.yyyy` });
      return z.NEVER;
    }
    return d;
  });
const optionalGericaDate = (what: string) =>
  z.string().transform((v, ctx) => {
    if (v.trim() === '') return null;
    const d = parseGericaDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `${what} is not a real date dd.mm.yyyy` });
      return z.NEVER;
    }
    return d;
  });
const gericaTime = (what: string) =>
  z.string().transform((v, ctx) => {
    const w = parseGericaDateTime(v);
    if (!w) {
      ctx.addIssue({ code: 'custom', message: `${what} is not a real time dd.mm.yyyy HH:MM` });
      return z.NEVER;
    }
    return w;
  });

const GericaDecision = z
  .object({
    VedtakID: z.string().trim().min(1, 'no VedtakID'),
    Fodselsnr: nid,
    Hjemmel: z.string(),
    Tiltak: z.string(),
    GyldigFra: gericaDate('GyldigFra'),
    GyldigTil: optionalGericaDate('GyldigTil'),
    VedtattDato: gericaDate('VedtattDato'),
    GodkjentStatsforvalterDato: optionalGericaDate('GodkjentStatsforvalterDato'),
    Begrunnelse: z.string(),
  })
  .transform((r, ctx) => {
    const legalBasis = legalBasisFromText(r.Hjemmel);
    if (!legalBasis)
      ctx.addIssue({
        code: 'custom',
        message: 'Hjemmel names no coercion legal basis (hol. § 9-5 a/b/c, sotjl. § 4A-5, pbrl. kap. 4A)',
      });
    const measures = [...new Set(r.Tiltak.split(',').map(measureKey).filter(Boolean))];
    if (!measures.length) ctx.addIssue({ code: 'custom', message: 'Tiltak names no measure' });
    if (r.GyldigTil && r.GyldigTil < r.GyldigFra)
      ctx.addIssue({ code: 'custom', message: 'validity ends before it starts' });
    if (!legalBasis || !measures.length) return z.NEVER;
    return { ...r, legalBasis, measures };
  });

const GericaExecution = z.object({
  RegID: z.string().trim().min(1, 'no RegID'),
  VedtakID: z.string().trim(),
  Fodselsnr: nid,
  Start: gericaTime('Start'),
  Slutt: gericaTime('Slutt'),
  Tiltak: measure,
  UtfortAv: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(staffId)),
  Beskrivelse: z.string(),
  Hjemmel: z.string(),
});

export interface CoercionImportOptions {
  /** A record (CSV record or NDJSON line) larger than this is quarantined with its first bytes. */
  maxRecordBytes?: number;
}

interface CsvRecord {
  line: number;
  fields: string[];
  raw: Buffer;
}

/**
 * Lines that start a record, for the reader's resync after a broken one, and for whose a
 * quarantined line is (a line that does not start a record is no one's, FX-A 3). A serial of three
 * digits or more (FX-A 3: `V-2023-4701` is a record the importer reads, and was not a start).
 */
const VEDTAK_START = /^V-\d{4}-\d{3,};/;
const PROTOKOLL_START = /^TP-\d{4}-\d{3,};/;

const gericaOptions = (recordStart: RegExp, opts: CoercionImportOptions): GericaCsvOptions => ({
  recordStart,
  maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes,
});

/**
 * NDJSON lines, strictly UTF-8, size-capped: yields the text of each line, or a quarantine
 * reason with the bytes to keep (the first bytes of an oversized line).
 */
async function* ndjsonLines(
  path: string,
  opts: CoercionImportOptions,
): AsyncGenerator<{ line: number; text: string; raw: Buffer } | { line: number; bad: string; raw: Buffer }> {
  const maxBytes = opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes;
  for await (const l of readLines(path, { mode: 'lf', maxBytes }) as AsyncGenerator<Line>) {
    if (l.oversized) {
      yield {
        line: l.line,
        bad: `record-size: line is ${l.size} bytes, over the limit of ${maxBytes}; its first ${l.head.length} bytes are kept`,
        raw: l.head,
      };
      continue;
    }
    const text = decodeUtf8(l.bytes);
    if (text === null) yield { line: l.line, bad: 'encoding: line is not valid UTF-8', raw: l.bytes };
    else yield { line: l.line, text, raw: l.bytes };
  }
}

/**
 * The records of one Gerica CSV file with the header they are read by: the header is checked
 * against `columns`, and a broken record is quarantined (reading resyncs at the next record).
 */
async function* gericaRecords(
  path: string,
  start: RegExp,
  columns: readonly string[],
  file: string,
  opts: CoercionImportOptions,
  bad: QuarantineEntry[],
  owner?: GericaPatientColumn,
): AsyncGenerator<{ rec: CsvRecord; header: string[] }> {
  let header: string[] = [];
  for await (const item of readGericaCsv(path, gericaOptions(start, opts))) {
    if (item.kind === 'header') {
      header = item.fields;
      checkHeader(header, columns, file);
      // Whose a quarantined line is: the header's Fodselsnr column, as byHeader reads it (FX-A 3).
      if (owner) {
        owner.patientColumn = header.indexOf('Fodselsnr');
        owner.recordStart = start;
      }
    } else if (item.kind === 'broken') {
      bad.push({
        sourceSystem: GERICA,
        file,
        line: item.line,
        sourceId: null,
        reason: `${item.reason}: ${item.detail}`,
        raw: item.raw,
      });
    } else {
      yield { rec: item, header };
    }
  }
}

/** A record's fields by column name, or the reason it cannot be read (encoding, field count, text PostgreSQL cannot store). */
function byHeader<T extends readonly string[]>(
  header: string[],
  expected: T,
  rec: CsvRecord,
): Record<T[number], string> | string {
  const enc = notLatin1Text(rec.raw);
  if (enc) return enc;
  if (rec.fields.length !== header.length)
    return `record has ${rec.fields.length} fields, the header has ${header.length}`;
  const out: Record<string, string> = {};
  for (const col of expected) out[col] = rec.fields[header.indexOf(col)] ?? '';
  // ISO-8859-1 has no surrogates, but its NUL byte is U+0000.
  const unstorableColumn = expected.find((col) => unstorable(out[col]!));
  if (unstorableColumn !== undefined) return unstorableReason(unstorableColumn);
  return out as Record<T[number], string>;
}

function checkHeader(header: string[], expected: readonly string[], file: string): void {
  const missing = expected.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`${file}: header lacks ${missing.join(', ')}`);
}

export async function importGericaVedtak(
  db: Db,
  path: string,
  opts: CoercionImportOptions = {},
): Promise<ImportSummary> {
  const file = basename(path);
  const s = summary(file);
  const pending: PendingDecision[] = [];
  const seen = new FirstSeen();
  const bad: QuarantineEntry[] = [];
  const owner: GericaPatientColumn = { patientColumn: -1, recordStart: VEDTAK_START };
  for await (const { rec, header } of gericaRecords(
    path,
    VEDTAK_START,
    VEDTAK_COLUMNS,
    file,
    opts,
    bad,
    owner,
  )) {
    const q = (reason: string, id: string | null = rec.fields[0] ?? null) =>
      bad.push({ sourceSystem: GERICA, file, line: rec.line, sourceId: id, reason, raw: rec.raw });
    const row = byHeader(header, VEDTAK_COLUMNS, rec);
    if (typeof row === 'string') {
      q(row);
      continue;
    }
    if (row.Vedtakstype.trim() !== 'Tvang og makt') {
      s.otherDecisions++;
      continue;
    }
    s.decisions.read++;
    const parsed = GericaDecision.safeParse(row);
    if (!parsed.success) {
      q(zodReason(parsed.error), row.VedtakID);
      continue;
    }
    const r = parsed.data;
    const dup = seen.duplicate(r.VedtakID, rec.line);
    if (dup) {
      q(dup, r.VedtakID);
      continue;
    }
    pending.push({
      sourceSystem: GERICA,
      sourceId: r.VedtakID,
      decisionId: r.VedtakID,
      line: rec.line,
      raw: rec.raw,
      facts: {
        patientNid: r.Fodselsnr,
        legalBasis: r.legalBasis,
        measures: r.measures,
        validFrom: r.GyldigFra,
        validTo: r.GyldigTil,
        decidedAt: osloMidnight(r.VedtattDato).toISOString(),
        decidedBy: null,
        approvedAt: r.GodkjentStatsforvalterDato
          ? osloMidnight(r.GodkjentStatsforvalterDato).toISOString()
          : null,
        justification: r.Begrunnelse,
        legalBasisText: r.Hjemmel.trim(),
        origin: { system: GERICA, id: r.VedtakID },
      },
    });
  }
  await db.transaction(async (tx) => {
    const d = await writeDecisions(tx, pending, file);
    s.decisions.written = d.written;
    await finish(tx, s, [...bad, ...d.bad], 'gerica-vedtak', owner);
  });
  log.info(
    { file, decisions: s.decisions, other: s.otherDecisions, quarantined: s.quarantined.length },
    'gerica decisions imported',
  );
  return s;
}

export async function importGericaProtokoll(
  db: Db,
  path: string,
  opts: CoercionImportOptions = {},
): Promise<ImportSummary> {
  const file = basename(path);
  const s = summary(file);
  const pending: PendingExecution[] = [];
  const seen = new FirstSeen();
  const bad: QuarantineEntry[] = [];
  const owner: GericaPatientColumn = { patientColumn: -1, recordStart: PROTOKOLL_START };
  for await (const { rec, header } of gericaRecords(
    path,
    PROTOKOLL_START,
    PROTOKOLL_COLUMNS,
    file,
    opts,
    bad,
    owner,
  )) {
    s.executions.read++;
    const q = (reason: string, id: string | null = rec.fields[0] ?? null) =>
      bad.push({ sourceSystem: GERICA, file, line: rec.line, sourceId: id, reason, raw: rec.raw });
    const row = byHeader(header, PROTOKOLL_COLUMNS, rec);
    if (typeof row === 'string') {
      q(row);
      continue;
    }
    const parsed = GericaExecution.safeParse(row);
    if (!parsed.success) {
      q(zodReason(parsed.error), row.RegID);
      continue;
    }
    const r = parsed.data;
    const start = fromOsloWallClock(r.Start)!;
    const end = fromOsloWallClock(r.Slutt, start.instant)!;
    if (end.instant.getTime() < start.instant.getTime()) {
      q(`end (${row.Slutt}) is before start (${row.Start})`, r.RegID);
      continue;
    }
    const notes = [start.note && `start: ${start.note}`, end.note && `end: ${end.note}`].filter(
      (x): x is string => !!x,
    );
    const dup = seen.duplicate(r.RegID, rec.line);
    if (dup) {
      q(dup, r.RegID);
      continue;
    }
    pending.push({
      line: rec.line,
      raw: rec.raw,
      execution: {
        id: r.RegID,
        patientNid: r.Fodselsnr,
        recordedDecisionId: r.VedtakID || null,
        measure: r.Tiltak.trim(),
        start: start.instant.toISOString(),
        end: end.instant.toISOString(),
        executedBy: r.UtfortAv,
        description: r.Beskrivelse,
        sourceSystem: GERICA,
        sourceId: r.RegID,
        emergencyReported: legalBasisFromText(r.Hjemmel) === 'hol-9-5a',
        recordedLegalBasis: r.Hjemmel.trim() || null,
        timeNotes: notes,
        sourceFile: file,
      },
    });
  }
  await db.transaction(async (tx) => {
    bad.push(...(await writeExecutions(tx, pending, GERICA, file, s)));
    await finish(tx, s, bad, 'gerica-protokoll', owner);
  });
  log.info(
    { file, executions: s.executions, quarantined: s.quarantined.length },
    'gerica executions imported',
  );
  return s;
}

/** A Gerica export folder: vedtak.csv (decisions) first, then tvangsprotokoll.csv (executions). */
export async function importGericaFolder(
  db: Db,
  folder: string,
  opts: CoercionImportOptions = {},
): Promise<ImportSummary[]> {
  const out: ImportSummary[] = [];
  const vedtak = join(folder, 'vedtak.csv');
  const protokoll = join(folder, 'tvangsprotokoll.csv');
  if (!existsSync(vedtak) && !existsSync(protokoll))
    throw new Error(`${folder} has neither vedtak.csv nor tvangsprotokoll.csv`);
  if (existsSync(vedtak)) out.push(await importGericaVedtak(db, vedtak, opts));
  if (existsSync(protokoll)) out.push(await importGericaProtokoll(db, protokoll, opts));
  return out;
}

// ---------------------------------------------------------------- Helseplattformen

const OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const isoWithOffset = z.string().refine((v) => {
  const m = OFFSET_TIME.exec(v);
  if (!m || Number.isNaN(Date.parse(v))) return false;
  return isRealDate(`${m[1]}-${m[2]}-${m[3]}`) && Number(m[4]) < 24 && Number(m[5]) < 60;
}, 'not an ISO 8601 time with offset');
const isoDate = z.string().refine((v) => isRealDate(v), 'not a real date YYYY-MM-DD');

const HpDecision = z
  .object({
    kind: z.literal('decision'),
    id: z.string().min(1),
    patient: nid,
    legalBasis: z.enum(['hol-9-5a', 'hol-9-5b', 'hol-9-5c', 'pbrl-4A', 'phvl-4-8']),
    measures: z
      .array(measure)
      .min(1)
      .transform((ms) => [...new Set(ms)]),
    validFrom: isoDate,
    validTo: isoDate.nullable().optional(),
    decidedAt: isoWithOffset,
    decidedBy: z.string().nullable().optional(),
    approvedByStatsforvalterAt: isoWithOffset.nullable().optional(),
    legacySource: z
      .object({ system: z.string(), id: z.string().min(1), migratedAt: z.string().optional() })
      .nullable()
      .optional(),
    justification: z.string().optional(),
  })
  .refine((d) => !d.validTo || d.validTo >= d.validFrom, 'validity ends before it starts');

const HpExecution = z
  .object({
    kind: z.literal('execution'),
    id: z.string().min(1),
    patient: nid,
    decisionId: z.string().min(1).nullable().optional(),
    measure,
    start: isoWithOffset,
    end: isoWithOffset,
    executedBy: z.array(staffId),
    alternativesTried: z.string().optional(),
    description: z.string().optional(),
    reportedAt: isoWithOffset.nullable().optional(),
    /** The unit (enhet) that carried it out, when the export names it (reporting). */
    unit: z.string().trim().min(1).max(200).optional(),
  })
  .refine((e) => Date.parse(e.end) >= Date.parse(e.start), 'end is before start');

/** A note when an HP time's offset is not Oslo's at that instant (the instant is kept as written). */
function offsetNote(what: string, iso: string): string | null {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  const written = iso.endsWith('Z')
    ? 0
    : m
      ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
      : null;
  const t = Date.parse(iso);
  if (written === null || written === osloOffsetMinutes(t)) return null;
  return `${what}: written as ${iso}, an offset Oslo did not have then; the instant is kept, which is ${osloIso(t)} in Oslo time`;
}

export async function importHpCoercion(
  db: Db,
  path: string,
  opts: CoercionImportOptions = {},
): Promise<ImportSummary> {
  const file = basename(path);
  const s = summary(file);
  const decisions: PendingDecision[] = [];
  const executions: PendingExecution[] = [];
  const seen = new FirstSeen();
  const bad: QuarantineEntry[] = [];
  for await (const l of ndjsonLines(path, opts)) {
    const lineNo = l.line;
    const raw = l.raw;
    const q = (reason: string, id: string | null) =>
      bad.push({ sourceSystem: HP, file, line: lineNo, sourceId: id, reason, raw });
    if ('bad' in l) {
      q(l.bad, null);
      continue;
    }
    const text = l.text;
    if (!text.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      q(`not JSON: ${(err as Error).message}`, null);
      continue;
    }
    const kind = (obj as { kind?: unknown })?.kind;
    const id = typeof (obj as { id?: unknown })?.id === 'string' ? (obj as { id: string }).id : null;
    if (kind === 'decision') {
      s.decisions.read++;
      const p = HpDecision.safeParse(obj);
      if (!p.success) {
        q(zodReason(p.error), id);
        continue;
      }
      const at = unstorableAt(p.data);
      if (at !== null) {
        q(unstorableReason(`decision.${at}`), id);
        continue;
      }
      const d = p.data;
      const dup = seen.duplicate(d.id, lineNo);
      if (dup) {
        q(dup, d.id);
        continue;
      }
      const legacy =
        d.legacySource && d.legacySource.system.toLowerCase() === 'gerica' ? d.legacySource.id : null;
      decisions.push({
        sourceSystem: HP,
        sourceId: d.id,
        decisionId: legacy ?? d.id,
        line: lineNo,
        raw,
        facts: {
          patientNid: d.patient,
          legalBasis: d.legalBasis,
          measures: d.measures,
          validFrom: d.validFrom,
          validTo: d.validTo ?? null,
          decidedAt: new Date(d.decidedAt).toISOString(),
          decidedBy: d.decidedBy ?? null,
          approvedAt: d.approvedByStatsforvalterAt
            ? new Date(d.approvedByStatsforvalterAt).toISOString()
            : null,
          justification: d.justification ?? '',
          origin: legacy ? { system: GERICA, id: legacy } : { system: HP, id: d.id },
        },
      });
    } else if (kind === 'execution') {
      s.executions.read++;
      const p = HpExecution.safeParse(obj);
      if (!p.success) {
        q(zodReason(p.error), id);
        continue;
      }
      const at = unstorableAt(p.data);
      if (at !== null) {
        q(unstorableReason(`execution.${at}`), id);
        continue;
      }
      const e = p.data;
      const dup = seen.duplicate(e.id, lineNo);
      if (dup) {
        q(dup, e.id);
        continue;
      }
      executions.push({
        line: lineNo,
        raw,
        execution: {
          id: e.id,
          patientNid: e.patient,
          recordedDecisionId: e.decisionId ?? null,
          measure: e.measure.trim(),
          start: new Date(e.start).toISOString(),
          end: new Date(e.end).toISOString(),
          executedBy: e.executedBy,
          description: e.description ?? '',
          alternativesTried: e.alternativesTried ?? null,
          reportedAt: e.reportedAt ? new Date(e.reportedAt).toISOString() : null,
          sourceSystem: HP,
          sourceId: e.id,
          // HP marks an emergency by registering it under a hol-9-5a record (judged by the
          // verdict); registered under no decision, the export says nothing either way.
          emergencyReported: e.decisionId ? false : null,
          sourceFile: file,
          unit: e.unit ?? null,
          timeNotes: [offsetNote('start', e.start), offsetNote('end', e.end)].filter((x): x is string => !!x),
        },
      });
    } else {
      q(`unknown record kind ${JSON.stringify(kind)}`, id);
    }
  }
  await db.transaction(async (tx) => {
    const d = await writeDecisions(tx, decisions, file);
    s.decisions.written = d.written;
    bad.push(...d.bad);
    bad.push(...(await writeExecutions(tx, executions, HP, file, s)));
    await finish(tx, s, bad, 'hp-coercion');
  });
  log.info(
    { file, decisions: s.decisions, executions: s.executions, quarantined: s.quarantined.length },
    'helseplattformen coercion imported',
  );
  return s;
}

const HPR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.4';
const EMPLOYEE_SYSTEM = 'urn:example:trondheim-kommune:ansattnummer';

const HpPractitioner = z.object({
  resourceType: z.literal('Practitioner'),
  id: z.string().min(1),
  identifier: z.array(z.object({ system: z.string(), value: z.string() })).min(1),
});

/**
 * HP Practitioner.ndjson: only which staff identifiers (HPR number, employee number)
 * belong to one person, so the report counts a person once whichever number a record
 * used. Names and roles are the journal subgraph's.
 */
export async function importHpPractitioners(
  db: Db,
  path: string,
  opts: CoercionImportOptions = {},
): Promise<ImportSummary> {
  const file = basename(path);
  const s: ImportSummary = { ...summary(file), staffIdentities: { read: 0, written: 0 } };
  const rows: StaffIdentity[] = [];
  const bad: QuarantineEntry[] = [];
  /** Each staff identifier's practitioner and the line it was first read on in this file. */
  const seenStaff = new Map<string, { personKey: string; line: number }>();
  for await (const l of ndjsonLines(path, opts)) {
    const lineNo = l.line;
    const raw = l.raw;
    if ('bad' in l) {
      bad.push({ sourceSystem: HP, file, line: lineNo, sourceId: null, reason: l.bad, raw });
      continue;
    }
    const text = l.text;
    if (!text.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      bad.push({
        sourceSystem: HP,
        file,
        line: lineNo,
        sourceId: null,
        reason: `not JSON: ${(err as Error).message}`,
        raw,
      });
      continue;
    }
    const p = HpPractitioner.safeParse(obj);
    if (!p.success) {
      bad.push({ sourceSystem: HP, file, line: lineNo, sourceId: null, reason: zodReason(p.error), raw });
      continue;
    }
    const at = unstorableAt(p.data);
    if (at !== null) {
      bad.push({
        sourceSystem: HP,
        file,
        line: lineNo,
        sourceId: p.data.id,
        reason: unstorableReason(at),
        raw,
      });
      continue;
    }
    // One staff identifier twice in the file (pasientjournalloven § 22, integritet): the same
    // person again (a resent page) is one mapping; a later line giving it to another person is
    // quarantined whole with its bytes, the first kept, as a source id twice in a coercion file
    // is. All of them went to one INSERT … ON CONFLICT DO UPDATE, which PostgreSQL refuses for
    // a key twice: the file's transaction failed, nothing of it stored (found in review s41).
    const taken = p.data.identifier.find((id) => {
      const first = seenStaff.get(id.value);
      return first && first.personKey !== p.data.id;
    });
    if (taken) {
      const first = seenStaff.get(taken.value)!;
      bad.push({
        sourceSystem: HP,
        file,
        line: lineNo,
        sourceId: p.data.id,
        reason: `staff identifier ${taken.value} is already practitioner ${first.personKey}'s on line ${first.line} of this file: this practitioner's identifiers are not applied`,
        raw,
      });
      continue;
    }
    for (const id of p.data.identifier) {
      const kind = id.system === HPR_SYSTEM ? 'hpr' : id.system === EMPLOYEE_SYSTEM ? 'employee' : null;
      if (!kind) continue;
      if (seenStaff.get(id.value)?.personKey === p.data.id) continue;
      if (!(kind === 'hpr' ? /^\d{7}$/ : /^\d{5}$/).test(id.value)) {
        bad.push({
          sourceSystem: HP,
          file,
          line: lineNo,
          sourceId: p.data.id,
          reason: `${kind} identifier ${kind === 'hpr' ? 'must be 7' : 'must be 5'} digits`,
          raw,
        });
        continue;
      }
      s.staffIdentities!.read++;
      seenStaff.set(id.value, { personKey: p.data.id, line: lineNo });
      rows.push({ staffId: id.value, personKey: p.data.id, kind, sourceFile: file });
    }
  }
  await db.transaction(async (tx) => {
    s.staffIdentities!.written = await upsertStaffIdentities(tx, rows);
    await finish(tx, s, bad, 'hp-practitioner');
  });
  log.info(
    { file, staffIdentities: s.staffIdentities, quarantined: s.quarantined.length },
    'staff identifiers imported',
  );
  return s;
}

/** The first `n` bytes of a file (never the whole file: it may be gigabytes). */
async function headOf(path: string, n: number): Promise<Buffer> {
  const h = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await h.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}

/**
 * `import-coercion <path>`: a Gerica folder, a Gerica CSV, an HP Coercion.ndjson, or an HP
 * Practitioner.ndjson (staff identifier links).
 */
export async function importCoercionPath(
  db: Db,
  path: string,
  opts: CoercionImportOptions = {},
): Promise<ImportSummary[]> {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (statSync(path).isDirectory()) return importGericaFolder(db, path, opts);
  if (/\.ndjson$/i.test(path)) {
    const first = (await headOf(path, 64 * 1024)).toString('utf8').split('\n')[0] ?? '';
    return [
      /"resourceType"\s*:\s*"Practitioner"/.test(first)
        ? await importHpPractitioners(db, path, opts)
        : await importHpCoercion(db, path, opts),
    ];
  }
  const head = (await headOf(path, 200)).toString('latin1');
  if (head.startsWith('VedtakID;')) return [await importGericaVedtak(db, path, opts)];
  if (head.startsWith('RegID;')) return [await importGericaProtokoll(db, path, opts)];
  throw new Error(
    `${path}: not a Gerica vedtak/tvangsprotokoll CSV nor an .ndjson coercion or Practitioner export`,
  );
}
