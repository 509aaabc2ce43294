/**
 * The dossier's window cut to the caller's period (window.ts limitToCallerPeriod): the person
 * and the window as build.ts resolves them, then the period of the person's records the
 * caller's policy reaches (a legal user: the matter's period; break the glass and the other
 * roles: open). Sources: pasientjournalloven § 22 (access within the matter), tvisteloven
 * § 21-4 (what is stated to the court is true: a window is not stated wider than what it holds).
 */
import type { SubgraphContext } from '../../lib/subgraph';
import { forbidden } from '../../lib/policy/policy';
import { personAndWindow, type DossierRequest, type PersonFacts } from './build';
import type { OwnerClient } from './client';
import { limitToCallerPeriod, type CallerPeriod } from './window';

type Ctx = Pick<SubgraphContext, 'policy' | 'audit' | 'caller'>;

/** The period of this person's records the caller reaches, or null (open, or not reached at all: the owners refuse). */
export function callerPeriod(ctx: Ctx, patientId: string): CallerPeriod | null {
  const r = ctx.policy.reach('journal_entry', { patientIds: [patientId] });
  if ('rule' in r || (!r.period.from && !r.period.to)) return null;
  return {
    from: r.period.from,
    to: r.period.to,
    by: ctx.caller.matter ? `matter ${ctx.caller.matter}` : 'the caller’s access',
  };
}

/**
 * The person and the window, cut to the caller's period and saying so; FORBIDDEN (logged as
 * denied) when the window lies wholly outside it.
 */
export async function callerFacts(client: OwnerClient, ctx: Ctx, req: DossierRequest): Promise<PersonFacts> {
  const facts = await personAndWindow(client, req);
  const limited = limitToCallerPeriod(facts.window, callerPeriod(ctx, req.patientId));
  if ('outside' in limited) {
    ctx.audit.denied(req.patientId, 'dossier', limited.outside);
    throw forbidden(limited.outside);
  }
  return { ...facts, window: limited.window };
}
