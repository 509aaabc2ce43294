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
      accessBundle(_, args, ctx) {
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
        return buildAccessBundle(new OwnerClient(opts, caller), args.accessRequestId);
      },
    },
    // A match the access bundle or an older plan made says nothing of where it matched: the record now.
    DossierConceptMatch: { matchedIn: (m) => m.matchedIn ?? 'CURRENT_VERSION' },
    // An item's text (a note's, a decision's, a document's) is as long as the record's, and a
    // dossier without first is every item of the window: it counts against this request's text
    // budget (lib/text-budget.ts, RESPONSE_TOO_LARGE past it: page with first/after; s47, it was
    // answered whole). The corrections' earlierText is not counted here: a note with its earlier
    // versions may pass the budget and must still be read whole in a dossier (fix FX2).
    DossierItem: { text: (i, _, ctx) => chargeText(ctx, 'dossier item text', i.text) ?? null },
    // The evidence bundle of a dossier (lib/bundle).
    Mutation: { exportBundle: exportBundleResolver(dossierBundleSource(opts)) },
  };
}
