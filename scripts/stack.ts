/**
 * Starts the whole product in one process: every subgraph on its own port, the
 * indexer, and the gateway in front. Used by `npm start`, the end-to-end tests and
 * the benchmarks. Each subgraph still speaks only HTTP to the gateway.
 */
import { auditProtection } from '../lib/audit-db';
import { signUserToken, type UserClaims } from '../lib/auth';
import type { Config } from '../lib/config';
import { bulkTimeouts, createDb, createPostgresDb, type Db } from '../lib/db';
import { policySettings } from '../lib/policy/policy';
import { researchSettings } from '../lib/policy/research';
import { bundleSettings } from '../lib/bundle/export';
import { softwareSettings } from '../lib/bundle/software';
import { insertMatter, matterById, type NewMatter } from '../lib/policy/store';
import { startSubgraph, type RunningSubgraph } from '../lib/subgraph';
import { startGateway, type RunningGateway } from '../gateway/server';
import { createSearchBackend } from '../search-index/backend';
import { startIndexer, type ExpungeResult, type IndexerStats } from '../search-index/indexer';
import { startExpansionTrainer } from '../search-index/trainer';
import type { SearchBackend } from '../search-index/types';
import { archiveSubgraphWith } from '../subgraphs/archive';
import { coercionSubgraphWith } from '../subgraphs/coercion';
import { dossierSubgraph } from '../subgraphs/dossier';
import type { OwnerUrls } from '../subgraphs/dossier/client';
import { journalSubgraph } from '../subgraphs/journal';
import { searchSubgraph } from '../subgraphs/search';
import { recordMaintenance } from '../subgraphs/search/maintenance-log';
import { searchSources } from '../subgraphs/search/sources';
import { startDocumentExtractor, type ExtractSummary } from '../subgraphs/archive/doctext/job';

export interface Stack {
  db: Db;
  backend: SearchBackend;
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  /** Drains every outbox into the search backend now and makes it searchable. */
  index(): Promise<void>;
  /** Expunges deleted documents from the index now (the indexer also does it on its schedule). */
  expunge(): Promise<ExpungeResult>;
  /** Extracts the text of queued archive documents now (the extractor also runs on its interval). */
  extractDocuments(): Promise<ExtractSummary>;
  /** The indexer's attempts, failures and last logged backlog. */
  indexerStats(): IndexerStats;
  token(claims?: Partial<UserClaims>): Promise<string>;
  /**
   * Registers a matter as an archivist would (registerMatter) and returns a legal token on
   * it: npm start's demo matter, tests and benchmarks.
   */
  matterToken(matter: Partial<NewMatter> & { id: string }, claims?: Partial<UserClaims>): Promise<string>;
  stop(): Promise<void>;
}

export async function startStack(
  config: Config,
  opts: {
    db?: Db;
    adminDb?: Db;
    indexerIntervalMs?: number;
    maxBackoffMs?: number;
    expungeEveryMs?: number;
    withoutPolicyAndAudit?: boolean;
    /** Pause between runs of the archive document text extractor (default: the indexer's interval, at least 2 s). */
    extractorIntervalMs?: number;
  } = {},
): Promise<Stack> {
  policySettings.breakGlassHours = config.breakGlassHours;
  researchSettings.pseudonymKey = config.research.pseudonymKey;
  researchSettings.extractDir = config.research.extractDir;
  bundleSettings.dir = config.bundleDir;
  bundleSettings.ocrLang = config.documentText.ocrLang;
  softwareSettings.gitCommit = config.gitCommit;
  const db = opts.db ?? (await createDb(config));
  // The admin login only applies the shared (access log) migrations; closed once started.
  const adminDb =
    opts.adminDb ??
    (config.databaseAdminUrl
      ? await createPostgresDb(config.databaseAdminUrl, 1, bulkTimeouts(config))
      : undefined);
  const backend = createSearchBackend(config, db);
  const common = {
    db,
    adminDb,
    internalSecret: config.internalSecret,
    host: config.subgraphHost,
    tls: config.subgraphTls,
    withoutPolicyAndAudit: opts.withoutPolicyAndAudit,
    textBudgetBytes: config.limits.responseTextBytes,
  };
  const outboxes = searchSources(db);
  const subgraphs: RunningSubgraph[] = [];
  try {
    // Sequential: each applies its migrations before it listens.
    subgraphs.push(await startSubgraph(journalSubgraph, { ...common, port: config.ports.journal }));
    subgraphs.push(
      await startSubgraph(archiveSubgraphWith(config.limits), { ...common, port: config.ports.archive }),
    );
    subgraphs.push(
      await startSubgraph(coercionSubgraphWith(config.limits), { ...common, port: config.ports.coercion }),
    );
    subgraphs.push(
      await startSubgraph(searchSubgraph(backend, outboxes, config.limits), {
        ...common,
        port: config.ports.search,
      }),
    );
    // The dossier asks the four owners through their own APIs, as the caller (subgraphs/dossier).
    const urlOf = (name: string) => {
      const s = subgraphs.find((x) => x.name === name)!;
      return config.subgraphUrls[name as keyof Config['subgraphUrls']] ?? s.url;
    };
    const owners: OwnerUrls = {
      journal: urlOf('journal'),
      archive: urlOf('archive'),
      coercion: urlOf('coercion'),
      search: urlOf('search'),
    };
    subgraphs.push(
      await startSubgraph(
        dossierSubgraph({
          urls: () => owners,
          internalSecret: config.internalSecret,
          timeoutMs: config.limits.upstreamTimeoutMs,
          tls: config.subgraphTls
            ? {
                ca: config.subgraphTls.ca,
                cert: config.subgraphTls.clientCert,
                key: config.subgraphTls.clientKey,
              }
            : undefined,
        }),
        { ...common, port: config.ports.dossier },
      ),
    );
    await backend.ensureReady();
    if (config.production && db.kind === 'postgres') {
      // In production the application must not be able to rewrite the access log.
      const p = await auditProtection(db);
      if (p.bypass)
        throw new Error(
          `the application login can rewrite the access log (${p.bypass}): connect DATABASE_URL as a non-superuser and set DATABASE_ADMIN_URL`,
        );
    }
  } catch (err) {
    await Promise.all(subgraphs.map((s) => s.stop()));
    if (!opts.db) await db.close();
    throw err;
  } finally {
    if (adminDb && !opts.adminDb) await adminDb.close();
  }
  const token = (claims: Partial<UserClaims> = {}) =>
    signUserToken(
      { sub: 'dev-user', role: 'legal', purpose: 'LEGAL_PROCEEDINGS', ...claims },
      config.jwt.secret ?? '',
      {
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
      },
    );
  const gateway = await startGateway({
    subgraphs: subgraphs.map((s) => ({
      name: s.name,
      url: config.subgraphUrls[s.name as keyof Config['subgraphUrls']] ?? s.url,
    })),
    jwt: config.jwt,
    internalSecret: config.internalSecret,
    host: config.host,
    port: config.ports.gateway,
    limits: config.limits,
    production: config.production,
    subgraphTls: config.subgraphTls,
  });
  // Learned query expansion: retrained in the background as notes arrive (search-index/trainer.ts).
  const trainer = config.expansions.dir
    ? startExpansionTrainer(
        outboxes,
        config.expansions.dir,
        config.expansions.refreshNotes,
        {},
        config.expansions.removalGapMs,
      )
    : undefined;
  const indexer = startIndexer(outboxes, backend, {
    onIndexed: trainer && ((n) => trainer.indexed(n)),
    onRemoved: trainer && ((n) => trainer.removed(n)),
    intervalMs: opts.indexerIntervalMs ?? 500,
    maxBackoffMs: opts.maxBackoffMs,
    expungeEveryMs: opts.expungeEveryMs,
    onExpunge: (at, result) => recordMaintenance(db, 'expunge', at, result),
  });
  // Archive documents' text (PDF text layer, OCR), off the request path; the indexer picks up what it stores.
  const extractor = startDocumentExtractor(db, config.documentText, {
    intervalMs: opts.extractorIntervalMs ?? Math.max(2000, opts.indexerIntervalMs ?? 0),
  });
  return {
    db,
    backend,
    gateway,
    subgraphs,
    token,
    async matterToken(matter, claims = {}) {
      const sub = claims.sub ?? 'dev-user';
      const purpose = matter.purpose ?? claims.purpose ?? 'LEGAL_PROCEEDINGS';
      const registered = await insertMatter(
        db,
        {
          title: `Matter ${matter.id}`,
          patientIds: [],
          nationalIds: [],
          periodFrom: null,
          periodTo: null,
          members: [sub],
          expiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000),
          ...matter,
          purpose,
        },
        'dev-archivist',
      );
      if (!registered) {
        const existing = await matterById(db, matter.id);
        if (!existing?.members.includes(sub)) throw new Error(`matter ${matter.id} exists without ${sub}`);
      }
      return token({ sub, role: 'legal', purpose, matter: matter.id, ...claims });
    },
    async index() {
      await indexer.drainNow();
      await backend.refresh();
    },
    expunge: () => indexer.expungeNow(),
    extractDocuments: () => extractor.runNow(),
    indexerStats: () => indexer.stats(),
    async stop() {
      await extractor.stop();
      await indexer.stop();
      await trainer?.stop();
      await gateway.stop();
      await Promise.all(subgraphs.map((s) => s.stop()));
      await backend.close();
      if (!opts.db) await db.close();
    },
  };
}
