/**
 * `npm start`: every subgraph and the gateway in one command. With no environment it
 * runs on embedded defaults (PGlite, PostgreSQL full-text search) and loads the
 * synthetic demo dataset; prints the URL and a ready-made dev token.
 */
// First: graphql-js reads NODE_ENV once, when it is first loaded (lib/graphql-mode.ts).
import '../lib/graphql-mode';
import { auditProtection } from '../lib/audit-db';
import { loadConfig } from '../lib/config';
import { log } from '../lib/log';
import { DEMO_CARE_NOTES, DEMO_MATTER, loadDemoData } from '../dev/demo';
import { insertGrantVersion } from '../lib/policy/grant-store';
import type { GrantInput } from '../lib/policy/research';
import { startStack } from './stack';

/** A research grant over the demo data, registered at start for the printed researcher token (lib/policy/research.ts). */
const DEMO_GRANT: GrantInput = {
  id: 'G-DEMO-001',
  projectId: 'DEMO-1',
  title: 'Mobbing i skolealder og senere helse (demo)',
  rekNumber: '2025/000001',
  legalBasis: 'helseforskningsloven § 33 (demo)',
  responsibleResearcher: 'dev-researcher',
  cohort: { concepts: ['mobbing'] },
  variables: [
    'PERSON_BIRTH_YEAR',
    'JOURNAL_WRITTEN_AT',
    'JOURNAL_AGE',
    'JOURNAL_SOURCE_SYSTEM',
    'JOURNAL_TEXT',
  ],
  datePrecision: 'MONTH',
  freeText: true,
  outputLevel: 'PSEUDONYMISED_RECORDS',
  expiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString(),
};

async function main(): Promise<void> {
  const started = Date.now();
  // Ctrl-C while starting (the first start loads the demo data for a minute or more): stop at
  // once; the data folder's lock goes with the process (lib/db.ts) and the next start completes
  // the demo (journal.demo_load). Once running, the handlers below stop the stack first.
  let stop: ((signal: string) => Promise<void>) | undefined = undefined;
  const onSignal = (signal: string) => {
    if (stop) return void stop(signal);
    log.info({ signal }, 'stopped while starting');
    process.exit(130);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const config = loadConfig();
  const stack = await startStack(config);
  const { rows } = await stack.db.query<{ n: number; started: boolean; finished: boolean }>(
    `SELECT (SELECT count(*)::int FROM journal.patient) AS n,
            EXISTS (SELECT 1 FROM journal.demo_load) AS started,
            EXISTS (SELECT 1 FROM journal.demo_load WHERE finished_at IS NOT NULL) AS finished`,
  );
  const state = rows[0]!;
  if (config.demoData && (state.n === 0 || (state.started && !state.finished))) {
    if (state.started) log.info('demo data: completing a load that was stopped');
    await stack.db.query('INSERT INTO journal.demo_load (id) VALUES (1) ON CONFLICT (id) DO NOTHING');
    const loaded = await loadDemoData(stack.db, { careNotes: DEMO_CARE_NOTES });
    await stack.index();
    await stack.db.query('UPDATE journal.demo_load SET finished_at = now() WHERE id = 1');
    log.info({ patients: loaded.patients.length, notes: loaded.journalEntries.length }, 'demo data loaded');
  }
  const demoLoaded = config.demoData;
  // Dev tokens: the legal dev user on the demo matter (registered here as an archivist would), and an archivist.
  const token = config.production || !demoLoaded ? undefined : await stack.matterToken(DEMO_MATTER);
  const archivist = config.production
    ? undefined
    : await stack.token({ sub: 'dev-archivist', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  let researcher: string | undefined;
  if (!config.production && demoLoaded) {
    await insertGrantVersion(stack.db, DEMO_GRANT, 1, 'dev-archivist', null);
    researcher = await stack.token({
      sub: DEMO_GRANT.responsibleResearcher,
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: DEMO_GRANT.id,
    });
  }
  // The demo matter's person (dev/demo.ts): the dataset is generated there already.
  const example = DEMO_MATTER.nationalIds[0];
  const protection = await auditProtection(stack.db);
  const lines = [
    '',
    `Helsespor is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  GraphQL + GraphiQL: ${stack.gateway.url}`,
    `  Health:             ${stack.gateway.url.replace(/\/graphql$/, '/healthz')}`,
    `  Database:           ${stack.db.kind === 'pglite' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL'}`,
    `  Search:             ${stack.backend.name}`,
    `  Access log:         ${protection.bypass ? `hash-chained, not protected from the application (${protection.bypass})` : `hash-chained; ${protection.login} may only insert and read it`}`,
  ];
  if (token) {
    lines.push(
      '',
      `Dev token, legal (purpose LEGAL_PROCEEDINGS, matter ${DEMO_MATTER.id} over the person with national id ${DEMO_MATTER.nationalIds.join(', ')}):`,
      token,
      '',
      // Runs as printed (found in review s33: the token was cut to 12 characters and '…', a 401).
      'Try:',
      `  TOKEN=${token}`,
      `  curl -s ${stack.gateway.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
      `    -d '{"query":"{ patientByNationalId(nationalId: \\"${example}\\") { givenName journal(first: 3) { totalCount } } }"}'`,
    );
  }
  if (archivist)
    lines.push(
      '',
      'Dev token, archivist (purpose ARCHIVE_ADMINISTRATION: matters, legal holds, links, registering correction requests, løpende journal, quarantine):',
      archivist,
    );
  if (researcher)
    lines.push(
      '',
      `Dev token, researcher (purpose RESEARCH, grant ${DEMO_GRANT.id}: persons whose notes mention bullying, pseudonymised; try { researchCohort { subjects { pseudonym journal { entries { writtenAt text } } } } }):`,
      researcher,
    );
  // Access requests (innsyn) are handled under their own purpose (pbrl. § 5-1): an archivist's
  // ARCHIVE_ADMINISTRATION token may not register, extend or close them.
  const accessHandler = config.production
    ? undefined
    : await stack.token({ sub: 'dev-archivist', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  if (accessHandler)
    lines.push(
      '',
      'Dev token, archivist handling access requests (purpose ACCESS_REQUEST: registers, extends and closes access requests, and reads only the patients of open ones — pasient- og brukerrettighetsloven § 5-1):',
      accessHandler,
    );
  // The journalansvarlig decides corrections, deletions and moves (issue 15, hpl. §§ 39, 42–44).
  const ansvarlig = config.production
    ? undefined
    : await stack.token({
        sub: 'dev-journalansvarlig',
        role: 'journalansvarlig',
        purpose: 'RECORD_CORRECTION',
      });
  if (ansvarlig)
    lines.push(
      '',
      'Dev token, journalansvarlig (purpose RECORD_CORRECTION: corrections, deletions, moves — helsepersonelloven §§ 42–44):',
      ansvarlig,
    );
  // Internal reporting tools read the suppressed statistics tables only (issue 16).
  const reporting = config.production
    ? undefined
    : await stack.token({ sub: 'dev-reporting', role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
  if (reporting)
    lines.push(
      '',
      'Dev token, reporting (purpose MANAGEMENT_STATISTICS: aggregates with small cells suppressed; try { coercionStatistics { csv } }):',
      reporting,
    );
  lines.push('', 'Ctrl-C stops.', '');
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await stack.stop();
    process.exit(0);
  };
}

main().catch((err) => {
  process.stderr.write(`Helsespor failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
