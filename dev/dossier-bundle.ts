/**
 * What the dossier's bundle tests share (test/dossier-review-s34, dossier-residuals-s35,
 * dossier-review-s35): a journal note written as an importer leaves it, the dossier's bundle
 * source over a test stack's own subgraphs, a legal caller on a matter, and reading a bundle's
 * items out.
 */
import { randomUUID } from 'node:crypto';
import type { CallerContext } from '../lib/auth';
import type { Queryable } from '../lib/db';
import type { BundleContext } from '../lib/bundle/source';
import type { BundleItem } from '../lib/bundle/types';
import { dossierBundleSource } from '../subgraphs/dossier/bundle-source';
import type { TestStack } from './test-stack';

/** A Helseplattformen journal note as an importer leaves it, queued for the search indexer. */
export async function insertQueuedNote(
  db: Queryable,
  id: string,
  patientId: string,
  writtenAt: string,
  text: string,
): Promise<void> {
  await db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4, 'current')`,
    [id, patientId, writtenAt, text],
  );
  await db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [id]);
}

/** The dossier bundle source over the stack's subgraphs (what exportBundle does inside the dossier subgraph). */
export function stackBundleSource(env: TestStack) {
  const urls = Object.fromEntries(env.stack.subgraphs.map((s) => [s.name, s.url]));
  return dossierBundleSource({
    urls: () => urls as never,
    internalSecret: env.config.internalSecret,
  });
}

/** A legal user's bundle context on `matter`, each call a request of its own; `c` overrides. */
export function legalBundleContext(
  userId: string,
  matter: string,
  c: Partial<CallerContext> = {},
): BundleContext {
  return {
    caller: {
      userId,
      role: 'legal',
      purpose: 'LEGAL_PROCEEDINGS',
      matter,
      selfAuthorized: false,
      requestId: randomUUID(),
      ...c,
    } satisfies CallerContext,
  } as unknown as BundleContext;
}

export async function readAll(items: AsyncIterable<BundleItem>): Promise<BundleItem[]> {
  const out: BundleItem[] = [];
  for await (const i of items) out.push(i);
  return out;
}
