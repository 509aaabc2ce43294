/**
 * `npm start`'s demo data, from the project's one generator: patients with journal notes
 * from all three record systems, coercion decisions and executions, and a Noark 5 extract
 * imported through the archive's own importer (so the postjournal has something to show).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db } from '../lib/db';
import { importNoark } from '../subgraphs/archive/noark/import';
import { generateDataset, generateNoarkExtract, type Dataset } from './generator';
import { loadDataset } from './load-dataset';

export async function loadDemoData(db: Db): Promise<Dataset> {
  const ds = generateDataset();
  await loadDataset(db, ds);
  const extract = generateNoarkExtract({
    seed: 4,
    saksmapper: 4,
    clients: ds.patients
      .slice(2, 4)
      .map((p) => ({ nationalId: p.nationalId!, name: `${p.givenName} ${p.familyName}` })),
  });
  const dir = mkdtempSync(join(tmpdir(), 'helsespor-demo-'));
  try {
    for (const f of extract.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    await importNoark(db, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ds;
}
