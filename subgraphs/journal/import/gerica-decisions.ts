/**
 * Gerica vedtak.csv: the service decisions (Hjemmesykepleie, Trygghetsalarm, Korttidsopphold,
 * Langtidsopphold, Dagaktivitetstilbud, Praktisk bistand og opplæring, …). Rows with
 * Vedtakstype "Tvang og makt" are coercion decisions, imported by the coercion subgraph
 * (import-coercion); they are counted here as left to it. Read by the shared Gerica CSV
 * reader; every record is validated (fødselsnummer control digits, real dates, column count,
 * ISO-8859-1 text, no NUL byte: `unstorable-text`, records.ts) and what fails is quarantined
 * with its raw bytes.
 */
import { DEFAULT_LIMITS } from '../../../lib/config';
import {
  GERICA_VEDTAK_COLUMNS as VEDTAK_COLUMNS,
  notLatin1Text,
  readGericaCsv,
} from '../../../lib/import/gerica-csv';
import { parseGericaDate as gericaDate } from '../../../lib/import/gerica-dates';
import { parsePersonId } from '../../../lib/national-id';
import { citedAssessment, readOutcome } from './decisions';
import { gericaPersonFields } from './gerica';
import { unstorable } from '../../../lib/storable-text';
import {
  normaliseText,
  quarantine,
  unstorableDetail,
  UNSTORABLE_TEXT,
  type ImportItem,
  type PatientRecord,
} from './records';

export const COERCION_TYPE = 'Tvang og makt';
const RECORD_START = /^V-\d{4}-\d{3};/;

export interface GericaDecisionCounts {
  /** Coercion decisions (Tvang og makt) left to the coercion subgraph. */
  coercionLeft: number;
}

export async function* readGericaDecisions(
  path: string,
  onBytes?: (n: number) => void,
  opts: { maxRecordBytes?: number } = {},
  counts: GericaDecisionCounts = { coercionLeft: 0 },
): AsyncGenerator<ImportItem> {
  let header: string[] | null = null;
  let recordNo = 0;
  /** Each PasientID's Fodselsnr and the line it was first read on in this export (below). */
  const seenPatients = new Map<string, { fnr: string; line: number }>();
  for await (const item of readGericaCsv(path, {
    recordStart: RECORD_START,
    maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_LIMITS.importMaxRecordBytes,
    onBytes,
  })) {
    if (item.kind === 'header') {
      header = item.fields;
      const differs = VEDTAK_COLUMNS.filter((c, i) => header![i] !== c);
      if (differs.length)
        throw new Error(`${path}: not a Gerica vedtak export (header differs at ${differs.join(', ')})`);
      continue;
    }
    if (!header) continue;
    recordNo++;
    const { raw, line } = item;
    const q = (reason: string, detail: string) => quarantine(reason, detail, raw, line, recordNo);
    if (item.kind === 'broken') {
      yield q(item.reason, item.detail);
      continue;
    }
    const enc = notLatin1Text(raw);
    if (enc) {
      yield q('encoding', enc);
      continue;
    }
    if (item.fields.length !== header.length) {
      yield q('column-count', `${item.fields.length} fields, header has ${header.length}`);
      continue;
    }
    const [id, pasientId, fnr, type, hjemmel, tiltak, fra, til, vedtatt, , begrunnelse] = item.fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (type === COERCION_TYPE) {
      counts.coercionLeft++;
      continue;
    }
    // ISO-8859-1 has no surrogates, but its NUL byte is U+0000, which no text column stores.
    const unstorableColumn = item.fields.findIndex(unstorable);
    if (unstorableColumn >= 0) {
      yield q(UNSTORABLE_TEXT, unstorableDetail(VEDTAK_COLUMNS[unstorableColumn]!));
      continue;
    }
    if (!/^V-\d{4}-\d{3}$/.test(id) || !/^\d{5}$/.test(pasientId)) {
      yield q('identifier', 'VedtakID must be V-YYYY-NNN and PasientID 5 digits');
      continue;
    }
    const nid = parsePersonId(fnr);
    if ('error' in nid) {
      yield q('national-id', nid.error);
      continue;
    }
    if (!type.trim()) {
      yield q('decision-type', 'Vedtakstype is empty');
      continue;
    }
    const decidedOn = gericaDate(vedtatt);
    const validFrom = fra ? gericaDate(fra) : null;
    const validTo = til ? gericaDate(til) : null;
    if (!decidedOn || (fra && !validFrom) || (til && !validTo)) {
      yield q(
        'date',
        `VedtattDato/GyldigFra/GyldigTil "${vedtatt}"/"${fra}"/"${til}": not a real date dd.mm.yyyy`,
      );
      continue;
    }
    if (validFrom && validTo && validTo < validFrom) {
      yield q('date', `GyldigTil ${til} is before GyldigFra ${fra}`);
      continue;
    }
    const justification = begrunnelse ? normaliseText(begrunnelse) : null;
    const words = `${tiltak}\n${justification ?? ''}`;
    const outcome = readOutcome(words, {
      outcome: 'GRANTED',
      basis: `vedtak.csv has no outcome column; an allocation of "${tiltak || type}"${validFrom ? ` from ${validFrom}` : ''} is read as granted`,
    })!;
    const cited = citedAssessment(words);
    // One PasientID, one person (as in journalnotater.csv, gerica.ts; review s33).
    const first = seenPatients.get(pasientId);
    if (first && first.fnr !== fnr) {
      yield q(
        'national-id',
        `Fodselsnr differs from the one PasientID ${pasientId} has on line ${first.line} of this export: filed under neither`,
      );
      continue;
    }
    const ref = { sourceSystem: 'GERICA' as const, localId: pasientId };
    if (!first) {
      seenPatients.set(pasientId, { fnr, line });
      const patient: PatientRecord = {
        kind: 'patient',
        ...ref,
        ...gericaPersonFields(fnr, nid),
        // vedtak.csv has no name column: the journal export names the person; a first import
        // from here stores the national id until then.
        familyName: '',
        givenName: '',
        deathDate: null,
        deathDateCertain: null,
      };
      yield patient;
    }
    yield {
      kind: 'decision',
      sourceSystem: 'GERICA',
      sourceId: id,
      patient: ref,
      decisionType: type,
      service: tiltak || null,
      legalBasis: hjemmel || null,
      decidedOn,
      decidedAt: null,
      validFrom,
      validTo,
      outcome: outcome.outcome,
      outcomeBasis: outcome.basis,
      justification,
      text: null,
      authorName: null,
      authorHpr: null,
      authorPractitionerId: null,
      unit: null,
      citedAssessmentDate: cited?.date ?? null,
      citedAssessmentText: cited?.words ?? null,
      journalEntry: null,
      // The row's bytes: what the writer quarantines if it does not store it (a VedtakID twice,
      // a decision re-sent under another patient).
      source: { raw, line, recordNo },
    };
  }
}
