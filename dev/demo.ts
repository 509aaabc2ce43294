/**
 * `npm start`'s demo data, from the project's one generator: patients with journal notes
 * from all three record systems, coercion decisions and executions, and cases. It goes
 * the way real data goes: written as the source systems export it (Gerica, Profil and
 * Helseplattformen journal exports, Gerica coercion CSVs, a Noark 5 extract) into a
 * temporary folder, then read by each subgraph's own importer, so its ids and provenance
 * are those of imported data. A record an importer does not accept is an error here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db } from '../lib/db';
import { importNoark } from '../subgraphs/archive/noark/import';
import { importGericaFolder } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';
import { generateDataset, generateNoarkExtract, gericaCoercionExports, type Dataset } from './generator';
import { writeDatasetExports } from './journal-exports';
import { textPdf } from './pdf';

/**
 * The demo matter npm start registers (as an archivist would) over the demo's first
 * patient, and the legal dev token it prints names. lib/policy: legal reaches only this.
 */
export const DEMO_MATTER = {
  id: 'M-DEMO-001',
  title: 'Demo: erstatningssak, mobbing i skolehelsetjenesten',
  purpose: 'LEGAL_PROCEEDINGS',
  // By national id: the importers give the person's records their own ids.
  nationalIds: [generateDataset().patients[0]!.nationalId!],
  members: ['dev-user'],
};

/** Everyday care notes `npm start` adds to the demo: the corpus the learned query expansion trains on. */
export const DEMO_CARE_NOTES = 3000;

export async function loadDemoData(db: Db, opts: { careNotes?: number } = {}): Promise<Dataset> {
  const ds = generateDataset({ careNotes: opts.careNotes ?? 0 });
  const dir = mkdtempSync(join(tmpdir(), 'helsespor-demo-'));
  // A start stopped mid-load (Ctrl-C: process.exit) leaves no export files behind either.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  try {
    const journal = join(dir, 'journal');
    writeDatasetExports(journal, ds);
    for (const [source, folder] of [
      ['hp', 'helseplattformen'],
      ['gerica', 'gerica'],
      ['profil', 'profil'],
    ] as const) {
      const report = await runImport(db, source, join(journal, folder));
      if (Object.keys(report.quarantined).length)
        throw new Error(`demo ${source} export: quarantined ${JSON.stringify(report.quarantined)}`);
    }

    const coercion = join(dir, 'coercion');
    mkdirSync(coercion);
    const { vedtakCsv, protokollCsv } = gericaCoercionExports(ds);
    writeFileSync(join(coercion, 'vedtak.csv'), vedtakCsv);
    writeFileSync(join(coercion, 'tvangsprotokoll.csv'), protokollCsv);
    for (const s of await importGericaFolder(db, coercion))
      if (s.quarantined.length)
        throw new Error(`demo coercion ${s.file}: quarantined ${JSON.stringify(s.quarantined)}`);

    const archive = join(dir, 'archive');
    const extract = generateNoarkExtract({
      seed: 4,
      saksmapper: 4,
      cases: ds.cases,
      clients: ds.patients
        .slice(2, 4)
        .map((p) => ({ nationalId: p.nationalId!, name: `${p.givenName} ${p.familyName}` })),
      // Letters with a real text layer, so the archive's document text is searchable in the demo.
      documentFile: ({ sak, journalpost, title }) => ({
        content: textPdf([
          [
            title,
            '',
            'Vi viser til henvendelsen og har behandlet saken etter gjeldende regelverk.',
            `Saken har løpenummer ${journalpost} i sak ${sak}. Spørsmål kan rettes til saksbehandler.`,
          ],
        ]),
        ext: 'pdf',
      }),
    });
    for (const f of extract.files) {
      mkdirSync(dirname(join(archive, f.path)), { recursive: true });
      writeFileSync(join(archive, f.path), f.content);
    }
    const noark = await importNoark(db, archive);
    if (noark.saksmapper.quarantined || noark.documents.quarantined)
      throw new Error(`demo Noark extract: quarantined ${JSON.stringify(noark)}`);
  } finally {
    process.removeListener('exit', removeDir);
    removeDir();
  }
  return ds;
}

/**
 * The importers give each person's records their own ids: points each of the dataset's
 * patients at the record imported for its national id (kept where none was), and returns the
 * generator's id → the imported id.
 */
export async function followImportedIds(db: Db, ds: Dataset): Promise<Map<string, string>> {
  const byNid = new Map(
    (
      await db.query<{ id: string; national_id: string }>('SELECT id, national_id FROM journal.patient')
    ).rows.map((r) => [r.national_id, r.id]),
  );
  const renamed = new Map<string, string>();
  for (const p of ds.patients) {
    const id = byNid.get(p.nationalId!) ?? p.id;
    renamed.set(p.id, id);
    p.id = id;
  }
  return renamed;
}
