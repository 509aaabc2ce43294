import type { CallerContext } from './auth';
import type { Queryable } from './db';
import { storable } from './storable-text';

/**
 * The access log's patient key for a record a subgraph knows only by national id (archive
 * parties, coercion patients): `nid:<fødselsnummer>`. A patient's log is the rows under
 * their patient record ids and under this key.
 */
export function nationalIdSubject(nationalId: string): string {
  return `nid:${nationalId}`;
}

interface AuditEvent {
  patientId: string;
  /** The matter (access request) this read served, when the reader named it (record's `matter`). */
  matter: string | null;
  entityType: string;
  entityIds: Set<string>;
  outcome: 'granted' | 'denied';
  /** For a denial: the rule that refused, as told to the caller. */
  rule: string | null;
}

/**
 * Collects, during one request, which patients' data a subgraph returned, and writes
 * them in one INSERT before the response leaves (see lib/subgraph.ts).
 */
export class AuditTrail {
  private readonly events = new Map<string, AuditEvent>();
  /**
   * The matter a row under this patient key was allowed by, when the caller's own (the token's
   * `matter`) does not say it: a case handler's access request on purpose ACCESS_REQUEST
   * (lib/policy AccessPolicy.requestMatterOf; pasientjournalforskriften § 14: the log says
   * which request allowed the read). Set by lib/subgraph.ts from the request's policy.
   */
  matterOf?: (patientKey: string) => string | null;

  constructor(
    private readonly subgraph: string,
    private readonly caller: CallerContext,
  ) {}

  /**
   * The request returned this patient's data of this kind (one row per patient, kind and
   * matter). `matter`: the access request the record is of (its saksmappe id), where the
   * resolver knows it (an access request, its case): the row names it.
   */
  record(patientId: string, entityType: string, entityIds: Iterable<string> = [], matter?: string): void {
    const key = `${patientId}\u0000${entityType}\u0000${matter ?? ''}`;
    let e = this.events.get(key);
    if (!e) {
      e = {
        patientId,
        matter: matter ?? null,
        entityType,
        entityIds: new Set(),
        outcome: 'granted',
        rule: null,
      };
      this.events.set(key, e);
    }
    for (const id of entityIds) e.entityIds.add(id);
  }

  /**
   * The request was refused access to this patient's data of this kind by `rule`. The
   * denial is written even when the response is an error (see lib/subgraph.ts).
   */
  denied(patientId: string, entityType: string, rule: string): void {
    const key = `${patientId}\u0000${entityType}\u0000denied\u0000${rule}`;
    if (!this.events.has(key)) {
      this.events.set(key, {
        patientId,
        matter: null,
        entityType,
        entityIds: new Set(),
        outcome: 'denied',
        rule,
      });
    }
  }

  get size(): number {
    return this.events.size;
  }

  /**
   * Writes the rows. Every text is made storable first (U+0000 and unpaired surrogates become
   * U+FFFD): such a value is refused before it reaches a resolver (lib/id-cap.ts), but one
   * that slipped through (a token's claim, a value built from one) must not fail the write,
   * or a denial would go unlogged and the caller get AUDIT_FAILED (found in review).
   */
  async flush(db: Queryable): Promise<void> {
    if (this.events.size === 0) return;
    const events = [...this.events.values()];
    this.events.clear();
    const t = (s: string | null | undefined) => (s == null ? s : storable(s));
    const c = this.caller;
    const own = c.matter ?? (c.grant ? `grant ${c.grant}` : null);
    await db.query(
      `INSERT INTO audit.access_log
         (request_id, user_id, role, purpose, matter, organisation, self_authorized, subgraph,
          patient_id, entity_type, entity_ids, outcome, rule)
       SELECT $1, $2, $3, $4, e.matter, $5, $6, $7, e.patient_id, e.entity_type,
              ARRAY(SELECT jsonb_array_elements_text(e.entity_ids)), e.outcome, e.rule
         FROM jsonb_to_recordset($8::jsonb)
           AS e(patient_id text, matter text, entity_type text, entity_ids jsonb, outcome text, rule text)`,
      [
        t(c.requestId),
        t(c.userId),
        t(c.role),
        t(c.purpose),
        t(c.organisation ?? null),
        c.selfAuthorized,
        t(this.subgraph),
        JSON.stringify(
          events.map((e) => ({
            patient_id: t(e.patientId),
            // The request the record is of, else the one the policy says the read served (a
            // case handler's: the request the token names, by its saksmappe id, or the one
            // reaching this key), else the token's own matter or grant.
            matter: t(e.matter ?? this.matterOf?.(e.patientId) ?? own ?? null),
            entity_type: t(e.entityType),
            entity_ids: [...e.entityIds].map(storable),
            outcome: e.outcome,
            rule: t(e.rule),
          })),
        ),
      ],
    );
  }
}
