/**
 * The dossier subgraph's resolvers. It holds no records: each answer is assembled from the
 * owning subgraphs, asked as the caller (client.ts), so their policies decide and their
 * access logs record. The dossier itself asks the policy room only whether the role may ask
 * for a dossier at all.
 */
import type { SubgraphContext } from '../../lib/subgraph';
import type { Resolvers } from './generated/resolvers-types';
import { buildAccessBundle } from './access-bundle';
import { buildDossier } from './build';
import { OwnerClient, type OwnerClientOptions } from './client';
import { exportBundleResolver } from '../../lib/bundle/resolvers';
import { dossierBundleSource } from './bundle-source';
import { callerFacts } from './caller-period';
import { chargeText } from '../../lib/text-budget';

/**
 * The access bundle's items (pasient- og brukerrettighetsloven § 5-1: the bundle must be whole).
 * AccessBundle.cases/decisions/assessments have no first/after, so their texts are not charged
 * to the text budget: a refusal advising paging there would advise what does not exist (fix
 * FX-A 1). They were read a part at a time already (build.ts decisionsWhole, personEntries); the
 * gateway's RESPONSE_MAX_BYTES bounds the client request.
 */
const wholeItems = new WeakSet<object>();

export function dossierResolvers(opts: OwnerClientOptions): Resolvers {
  const client = (ctx: SubgraphContext) => new OwnerClient(opts, ctx.caller);
  return {
    Query: {
      async dossier(_, args, ctx) {
        ctx.policy.requireAction(ctx.audit, 'dossier', { patientIds: [args.patientId] });
        const c = client(ctx);
        // The window cut to the caller's period, saying so (caller-period.ts).
        return buildDossier(c, args, await callerFacts(c, ctx, args), {
          first: args.first,
          after: args.after,
          onlyMatching: args.onlyMatching,
        });
      },
      async accessBundle(_, args, ctx) {
        ctx.policy.requireAction(ctx.audit, 'dossier');
        // A case handler on purpose ACCESS_REQUEST reads the bundle under the request it is for
        // (the caller's claim matter, lib/policy compileAccessRequests): each owner checks that it
        // is an open request of theirs, and its access log names it (pasientjournalforskriften
        // § 14), also where another open request of theirs concerns the same patient. A token
        // already naming a request keeps it: the owners refuse a bundle of another.
        const caller =
          ctx.policy.handlesOwnRequestsOnly && !ctx.caller.matter
            ? { ...ctx.caller, matter: args.accessRequestId }
            : ctx.caller;
        const bundle = await buildAccessBundle(new OwnerClient(opts, caller), args.accessRequestId);
        for (const i of [...bundle.cases, ...bundle.decisions, ...bundle.assessments]) wholeItems.add(i);
        return bundle;
      },
    },
    // A match the access bundle or an older plan made says nothing of where it matched: the record now.
    DossierConceptMatch: { matchedIn: (m) => m.matchedIn ?? 'CURRENT_VERSION' },
    // An item's text (a note's, a decision's, a document's) is as long as the record's, and a
    // dossier without first is every item of the window: it counts against this request's text
    // budget (lib/text-budget.ts, RESPONSE_TOO_LARGE past it: page with first/after; s47, it was
    // answered whole). The corrections' earlierText is not counted here: a note with its earlier
    // versions may pass the budget and must still be read whole in a dossier (fix FX2). Only where
    // the caller can page (Query.dossier's items): an access bundle's item is not charged (fix
    // FX-A 1, pbrl. § 5-1, wholeItems above).
    DossierItem: {
      text: (i, _, ctx) =>
        wholeItems.has(i) ? (i.text ?? null) : (chargeText(ctx, 'dossier item text', i.text) ?? null),
    },
    // The evidence bundle of a dossier (lib/bundle).
    Mutation: { exportBundle: exportBundleResolver(dossierBundleSource(opts)) },
  };
}
