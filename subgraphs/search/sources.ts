import type { Queryable } from '../../lib/db';
import type { OutboxSource } from '../../search-index/types';
import { archiveOutbox } from '../archive/outbox';
import { archiveDocumentOutbox } from '../archive/doctext/outbox';
import { coercionOutbox } from '../coercion/outbox';
import { journalOutbox } from '../journal/outbox';

/** Every subgraph's outbox the search index is fed from; each is implemented by the subgraph that owns the tables. */
export function searchSources(db: Queryable): OutboxSource[] {
  return [journalOutbox(db), archiveOutbox(db), coercionOutbox(db), archiveDocumentOutbox(db)];
}
