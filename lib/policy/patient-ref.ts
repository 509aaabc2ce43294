/**
 * Whom a Patient representation names (pasientjournalloven § 22; pasientjournalforskriften § 14).
 *
 * The archive, coercion and search subgraphs resolve fields of `Patient` that
 * `@requires(fields: "nationalIds recordIds")` from the journal: the gateway (or the dossier)
 * sends them in the entity representation, and the subgraph read the person's records by those
 * keys and asked the policy with them. A representation is the caller's word, not the journal's:
 * one of the matter's person's record id with another person's national id (or record id) beside
 * it was "in the matter" (the policy admits a subject when one of its keys is in reach), and the
 * other person's cases, coercion decisions and executions were returned to a legal user whose
 * matter does not name her, and logged under the matter's person; an archivist's reads of her
 * records were logged under someone else (found in review s39:
 * test/access-review-s39.e2e.test.ts). So the keys are the journal's: the records linked to the
 * represented record and their national ids (store.ts journalPersonsOf, as the journal's
 * `Patient.recordIds` and `Patient.nationalIds` compute them), whatever the representation
 * claims. Where the journal's tables are absent (a subgraph started on its own over its own
 * schema) the representation is all there is, and is taken as given.
 */
import type { SubgraphContext } from '../subgraph';
import { nationalIdSubject } from '../audit';
import { journalPersonsOf } from './store';

/** A Patient representation with the journal's keys it @requires. */
export interface PatientKeys {
  id: string;
  nationalIds?: string[];
  recordIds?: string[];
}

/**
 * The representation with its person's keys as the journal has them (one query per request for
 * every Patient asked). A record id the journal does not have: for a caller who reaches every
 * patient (archivist, journalansvarlig) its id and the national ids given (a person the archive
 * knows by national id only), never another record id it claims; for a
 * caller with a limited reach, its id alone (a matter names journal records only, registerMatter;
 * a made-up id with the matter's person's national id beside another's reached both).
 */
export async function journalPatient<P extends PatientKeys>(ctx: SubgraphContext, p: P): Promise<P> {
  const person = await ctx
    .loader<
      string,
      { known: boolean; recordIds: string[]; nationalIds: string[]; ownNationalIds: string[] } | null
    >('journalPersonOf', async (ids) => {
      const m = await journalPersonsOf(ctx.db, ids);
      return ids.map((id) => m?.get(id) ?? null);
    })
    .load(p.id);
  if (!person) return p;
  // A record the journal does not have has no linked record: its record ids are itself, whatever
  // the representation claims. Taken as given, an archivist's representation of a made-up id with
  // another person's record in recordIds searched and read her notes, cases and coercion records,
  // logged under the made-up id, which no one's access log shows (pasientjournalforskriften § 14;
  // review s40, test/access-review-s40.e2e.test.ts). The national ids given stay for such a caller
  // (a person the archive knows by national id only), and the reads are logged under them
  // (patientLogKeys).
  if (!person.known)
    return ctx.policy.grants === null
      ? owning(recordless({ ...p, nationalIds: p.nationalIds ?? [], recordIds: [p.id] }), [])
      : owning({ ...p, nationalIds: [], recordIds: [p.id] }, []);
  return owning(
    { ...p, nationalIds: person.nationalIds, recordIds: person.recordIds },
    person.ownNationalIds,
  );
}

/** The keys a row under each representation journalPatient answered covers (ownLogKeys). */
const OWN = new WeakMap<object, ReadonlySet<string>>();

function owning<P extends PatientKeys>(p: P, ownNationalIds: readonly string[]): P {
  OWN.set(p, new Set([p.id, ...ownNationalIds.map(nationalIdSubject)]));
  return p;
}

/**
 * The access-log keys a row under this Patient's record covers for good: the record itself and
 * the national id it carries, not the records linked to it, which an archivist may unlink
 * (unlinkPatients: two persons after all). A record of the person's found through a linked record
 * (its national id, its record id) is logged under its own key instead, so that its person's
 * access log (journal access-log.ts accessLogSubject: their records and national ids) shows the
 * read after an unlink too (pasientjournalforskriften § 14; found in review s40: Patient.cases,
 * coercionDecisions and Patient.search logged every record of the linked person under the record
 * asked about, and the unlinked person's log lost those reads). A representation journalPatient
 * did not answer (no journal tables): its id and national ids as given.
 */
export function ownLogKeys(p: PatientKeys): ReadonlySet<string> {
  return OWN.get(p) ?? new Set([p.id, ...(p.nationalIds ?? []).map(nationalIdSubject)]);
}

/** The representations journalPatient answered for a record id the journal does not have. */
const RECORDLESS = new WeakSet<object>();

function recordless<P extends object>(p: P): P {
  RECORDLESS.add(p);
  return p;
}

/**
 * The access-log keys a read of this Patient's records is written under (pasientjournalforskriften
 * § 14: under the person it concerns, where that person's access log is read from; journal
 * access-log.ts accessLogSubject). A journal record: its id (the person's log takes in every record
 * linked to it and their national ids). A record id the journal does not have (journalPatient
 * kept the national ids given, for a caller who reaches everyone): its id, which no person's log
 * takes in, and `nid:<national id>` for each national id its records were read by. Found in
 * review s40: such reads were logged under the made-up id alone, so the person's access log never
 * showed that an archivist read her cases and coercion records.
 */
export function patientLogKeys(p: PatientKeys): string[] {
  if (!RECORDLESS.has(p)) return [p.id];
  return [p.id, ...(p.nationalIds ?? []).map(nationalIdSubject)];
}
