/**
 * Where a bundle's items come from. The export (lib/bundle/export.ts) checks the caller, the
 * matter and the window, then asks a source for the items of one person in that window; the
 * source reads through the caller's policy and records in the caller's access-log trail
 * every record it hands out.
 */
import type { SubgraphContext } from '../subgraph';
import type { BundleItem, CompletenessStatement, DocumentReader } from './types';

/** What a source needs of a request: the database, the caller's policy and access-log trail. */
export type BundleContext = Pick<SubgraphContext, 'db' | 'policy' | 'audit' | 'caller'>;

export interface SourceArgs {
  patientId: string;
  /** Local dates, inclusive, already clipped to the matter's period. */
  from: string | null;
  to: string | null;
  ageFrom?: number | null;
  ageTo?: number | null;
  /** School grades (1–13) or a named stage (UNGDOMSSKOLEN): a source that knows school years applies them. */
  gradeFrom?: number | null;
  gradeTo?: number | null;
  schoolStage?: string | null;
  leapDayRule?: string | null;
  /** The concepts or words asked for; a source that cannot search says so in its completeness notes. */
  concepts: string[];
}

export interface OpenedSource {
  /** Oldest first; pulled one at a time while the bundle is written. */
  items: AsyncIterable<BundleItem>;
  /** Complete once `items` has been read to the end. */
  completeness(): CompletenessStatement;
  /** Reads the items' documents (`BundleItem.document`) when the writer takes them. */
  documents?: DocumentReader;
  /** The window as applied (after ages), for the cover page. */
  window: { from: string | null; to: string | null; description: string };
}

export interface BundleSource {
  /** Named in the custody log and the mutation's answer (e.g. `journal`, `dossier`). */
  name: string;
  open(ctx: BundleContext, args: SourceArgs): Promise<OpenedSource>;
}
