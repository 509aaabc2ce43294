import type { Db } from '../lib/db';
import { insertSaksmapper } from '../subgraphs/archive/store';
import { insertDecisions, insertExecutions } from '../subgraphs/coercion/store';
import { insertJournalEntries, insertPatients } from '../subgraphs/journal/store';
import type { Dataset } from './generator';

/** Writes a generated dataset through each subgraph's own store functions. */
export async function loadDataset(db: Db, ds: Dataset, chunk = 5000): Promise<void> {
  await db.transaction(async (tx) => {
    await insertPatients(tx, ds.patients);
    for (let i = 0; i < ds.journalEntries.length; i += chunk) {
      await insertJournalEntries(tx, ds.journalEntries.slice(i, i + chunk));
    }
  });
  await db.transaction((tx) => insertSaksmapper(tx, ds.cases));
  await db.transaction(async (tx) => {
    await insertDecisions(tx, ds.decisions);
    await insertExecutions(tx, ds.executions);
  });
}
