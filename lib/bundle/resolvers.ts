/**
 * `exportBundle` as a resolver: served by the dossier subgraph (schema/dossier.graphql, end)
 * with the dossier as its source. Typed structurally so any subgraph's generated
 * `MutationResolvers` accepts it.
 */
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../subgraph';
import { exportBundle } from './export';
import type { BundleSource } from './source';
import { BundleInputError } from './withhold';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

type Maybe<T> = T | null | undefined;

export interface ExportBundleArgs {
  input: {
    patientId: string;
    matter?: Maybe<string>;
    requester: string;
    window?: Maybe<{
      from?: Maybe<string>;
      to?: Maybe<string>;
      ageFrom?: Maybe<number>;
      ageTo?: Maybe<number>;
      gradeFrom?: Maybe<number>;
      gradeTo?: Maybe<number>;
      schoolStage?: Maybe<string>;
      leapDayRule?: Maybe<string>;
    }>;
    concepts?: Maybe<readonly string[]>;
    prefix?: Maybe<string>;
    firstNumber?: Maybe<number>;
    withheld?: Maybe<
      readonly {
        itemId: string;
        ground: string;
        start?: Maybe<number>;
        end?: Maybe<number>;
        text?: Maybe<string>;
      }[]
    >;
  };
}

export interface EvidenceBundleOut {
  id: string;
  matter: string;
  fileName: string;
  path: string;
  bytes: number;
  sha256: string;
  manifestSha256: string;
  batesFirst: string;
  batesLast: string;
  pages: number;
  items: number;
  withheldItems: number;
  withheldPassages: number;
  source: string;
}

export function exportBundleResolver(source: BundleSource) {
  return async (
    _: unknown,
    { input }: ExportBundleArgs,
    ctx: SubgraphContext,
  ): Promise<EvidenceBundleOut> => {
    try {
      const w = input.window ?? {};
      const r = await exportBundle(
        ctx,
        {
          patientId: input.patientId,
          matter: input.matter,
          requester: input.requester,
          from: w.from,
          to: w.to,
          ageFrom: w.ageFrom,
          ageTo: w.ageTo,
          gradeFrom: w.gradeFrom,
          gradeTo: w.gradeTo,
          schoolStage: w.schoolStage,
          leapDayRule: w.leapDayRule,
          concepts: input.concepts,
          prefix: input.prefix,
          firstNumber: input.firstNumber,
          withheld: input.withheld?.map((m) => ({
            itemId: m.itemId,
            ground: m.ground,
            range: m.start != null || m.end != null ? { start: m.start ?? -1, end: m.end ?? -1 } : null,
            text: m.text ?? null,
          })),
        },
        { source, via: 'gateway exportBundle' },
      );
      return {
        id: r.bundleId,
        matter: r.matter,
        fileName: r.fileName,
        path: r.path,
        bytes: r.bytes,
        sha256: r.sha256,
        manifestSha256: r.manifestSha256,
        batesFirst: r.batesFirst,
        batesLast: r.batesLast,
        pages: r.pages,
        items: r.items,
        withheldItems: r.withheldItems,
        withheldPassages: r.withheldPassages,
        source: r.source,
      };
    } catch (err) {
      if (err instanceof BundleInputError) throw badInput(err.message);
      throw err;
    }
  };
}
