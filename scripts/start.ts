/**
 * `npm start`: every subgraph and the gateway in one command. With no environment it
 * runs on embedded defaults (PGlite, PostgreSQL full-text search) and loads the
 * synthetic demo dataset; prints the URL and a ready-made dev token.
 */
import { auditProtection } from '../lib/audit-db';
import { loadConfig } from '../lib/config';
import { log } from '../lib/log';
import { generateDataset } from '../dev/generator';
import { DEMO_MATTER, loadDemoData } from '../dev/demo';
import { startStack } from './stack';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const stack = await startStack(config);
  const { rows } = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.patient');
  const demo = generateDataset();
  if ((rows[0]?.n ?? 0) === 0 && config.demoData) {
    await loadDemoData(stack.db);
    await stack.index();
    log.info({ patients: demo.patients.length, notes: demo.journalEntries.length }, 'demo data loaded');
  }
  const demoLoaded = config.demoData;
  // Dev tokens: the legal dev user on the demo matter (registered here as an archivist would), and an archivist.
  const token = config.production || !demoLoaded ? undefined : await stack.matterToken(DEMO_MATTER);
  const archivist = config.production
    ? undefined
    : await stack.token({ sub: 'dev-archivist', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const example = demo.patients[0]!.nationalId;
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
      'Try:',
      `  curl -s ${stack.gateway.url} -H 'content-type: application/json' -H "authorization: Bearer ${token.slice(0, 12)}…" \\`,
      `    -d '{"query":"{ patientByNationalId(nationalId: \\"${example}\\") { givenName journal(first: 3) { totalCount } } }"}'`,
    );
  }
  if (archivist)
    lines.push(
      '',
      'Dev token, archivist (purpose ARCHIVE_ADMINISTRATION: matters, legal holds, links, registering correction requests, løpende journal, quarantine):',
      archivist,
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
  lines.push('', 'Ctrl-C stops.', '');
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Helsespor failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
