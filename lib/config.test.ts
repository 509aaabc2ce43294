/**
 * The mode setting and production's refusals (issue 12): one explicit mode, validated;
 * production refuses known dev secrets, short secrets, a shared caller/internal key.
 */
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET, DEV_PSEUDONYM_KEY, loadConfig } from './config';

const GOOD = {
  JWT_SECRET: 'a-production-caller-secret-of-enough-bytes-0123',
  INTERNAL_SECRET: 'an-internal-key-of-its-own-for-the-subgraphs-0123',
  JWT_ISSUER: 'https://idp.example',
  JWT_AUDIENCE: 'helsespor',
  RESEARCH_PSEUDONYM_KEY: 'a-research-pseudonym-key-of-its-own-0123456789',
};
const env = (e: Record<string, string>) => e as unknown as NodeJS.ProcessEnv;

test('no setting: development; HELSESPOR_MODE=production with good secrets: production', () => {
  expect(loadConfig(env({})).mode).toBe('development');
  const c = loadConfig(env({ HELSESPOR_MODE: 'production', ...GOOD }));
  expect(c.mode).toBe('production');
  expect(c.production).toBe(true);
  expect(c.jwt.strict).toBe(true);
});

test.each(['prod', 'Production', 'staging'])('NODE_ENV=%s does not silently mean development', (v) => {
  expect(() => loadConfig(env({ NODE_ENV: v }))).toThrow(/NODE_ENV=.* is not a mode/);
});

test('HELSESPOR_MODE is validated and may not disagree with NODE_ENV', () => {
  expect(() => loadConfig(env({ HELSESPOR_MODE: 'prod' }))).toThrow(/HELSESPOR_MODE: must be one of/);
  expect(() => loadConfig(env({ HELSESPOR_MODE: 'development', NODE_ENV: 'production', ...GOOD }))).toThrow(
    /HELSESPOR_MODE=development but NODE_ENV=production/,
  );
  expect(loadConfig(env({ NODE_ENV: 'production', ...GOOD })).mode).toBe('production');
});

test('production refuses the published dev secrets (was: started and accepted dev-signed tokens)', () => {
  expect(() =>
    loadConfig(env({ HELSESPOR_MODE: 'production', ...GOOD, JWT_SECRET: DEV_JWT_SECRET })),
  ).toThrow(/JWT_SECRET is a published development secret/);
  expect(() =>
    loadConfig(env({ HELSESPOR_MODE: 'production', ...GOOD, INTERNAL_SECRET: DEV_INTERNAL_SECRET })),
  ).toThrow(/INTERNAL_SECRET is a published development secret/);
});

test('production refuses the dev research pseudonym key and a missing one (helseforskningsloven § 33: pseudonyms nobody outside can recompute)', () => {
  expect(() =>
    loadConfig(env({ HELSESPOR_MODE: 'production', ...GOOD, RESEARCH_PSEUDONYM_KEY: DEV_PSEUDONYM_KEY })),
  ).toThrow(/RESEARCH_PSEUDONYM_KEY is a published development secret/);
  const { RESEARCH_PSEUDONYM_KEY: _, ...noKey } = GOOD;
  expect(() => loadConfig(env({ HELSESPOR_MODE: 'production', ...noKey }))).toThrow(
    /production needs its own RESEARCH_PSEUDONYM_KEY/,
  );
  expect(loadConfig(env({})).research.pseudonymKey).toBe(DEV_PSEUDONYM_KEY);
});

test('production refuses secrets shorter than 32 bytes, a missing internal key, and one shared with callers', () => {
  expect(() =>
    loadConfig(env({ HELSESPOR_MODE: 'production', ...GOOD, JWT_SECRET: 'x'.repeat(31) })),
  ).toThrow(/JWT_SECRET/);
  const { INTERNAL_SECRET: _, ...noInternal } = GOOD;
  expect(() => loadConfig(env({ HELSESPOR_MODE: 'production', ...noInternal }))).toThrow(
    /production needs its own INTERNAL_SECRET/,
  );
  expect(() =>
    loadConfig(env({ HELSESPOR_MODE: 'production', ...GOOD, INTERNAL_SECRET: GOOD.JWT_SECRET })),
  ).toThrow(/INTERNAL_SECRET must differ from JWT_SECRET/);
});

test('production needs an issuer and an audience', () => {
  const { JWT_ISSUER: _, ...noIssuer } = GOOD;
  expect(() => loadConfig(env({ HELSESPOR_MODE: 'production', ...noIssuer }))).toThrow(
    /JWT_ISSUER and JWT_AUDIENCE/,
  );
});

test('subgraphs bind to loopback unless SUBGRAPH_HOST says otherwise, whatever HOST is', () => {
  expect(loadConfig(env({ HOST: '0.0.0.0' })).subgraphHost).toBe('127.0.0.1');
  expect(loadConfig(env({ HOST: '0.0.0.0', SUBGRAPH_HOST: '10.0.0.5' })).subgraphHost).toBe('10.0.0.5');
});

test('limits have defaults and are configurable', () => {
  const d = loadConfig(env({})).limits;
  expect(d).toMatchObject({ maxDepth: 12, maxAliases: 30, requestBodyBytes: 1024 * 1024 });
  expect(loadConfig(env({ REQUEST_BODY_LIMIT_BYTES: '2048', GRAPHQL_MAX_DEPTH: '6' })).limits).toMatchObject({
    requestBodyBytes: 2048,
    maxDepth: 6,
  });
  expect(() => loadConfig(env({ GRAPHQL_MAX_DEPTH: 'deep' }))).toThrow(/GRAPHQL_MAX_DEPTH/);
});

test('mutual TLS needs all five files', () => {
  expect(() => loadConfig(env({ SUBGRAPH_TLS_CA_FILE: '/nonexistent' }))).toThrow(/mutual TLS needs all of/);
});

describe('DATABASE_ADMIN_URL (the login that sets up the access log)', () => {
  test('is read beside DATABASE_URL', () => {
    const c = loadConfig(
      env({
        DATABASE_URL: 'postgres://app:x@db:5432/helsespor',
        DATABASE_ADMIN_URL: 'postgres://admin:y@db:5432/helsespor',
      }),
    );
    expect(c).toMatchObject({
      databaseUrl: 'postgres://app:x@db:5432/helsespor',
      databaseAdminUrl: 'postgres://admin:y@db:5432/helsespor',
    });
  });

  test('must name the same server and database, and needs DATABASE_URL', () => {
    expect(() =>
      loadConfig(
        env({
          DATABASE_URL: 'postgres://app:x@db:5432/helsespor',
          DATABASE_ADMIN_URL: 'postgres://admin:y@db:5432/other',
        }),
      ),
    ).toThrow(
      'Invalid configuration: DATABASE_ADMIN_URL and DATABASE_URL must name the same server and database',
    );
    expect(() =>
      loadConfig(
        env({
          DATABASE_URL: 'postgres://app:x@db:5432/helsespor',
          DATABASE_ADMIN_URL: 'postgres://admin:y@elsewhere:5432/helsespor',
        }),
      ),
    ).toThrow(/same server and database/);
    expect(() => loadConfig(env({ DATABASE_ADMIN_URL: 'postgres://admin:y@db:5432/helsespor' }))).toThrow(
      'Invalid configuration: DATABASE_ADMIN_URL needs DATABASE_URL (the application login)',
    );
  });
});

test('HELSESPOR_GIT_COMMIT (the evidence bundle custody log) is a commit hash or refused', () => {
  expect(loadConfig(env({})).gitCommit).toBeNull();
  expect(loadConfig(env({ HELSESPOR_GIT_COMMIT: 'a1b2c3d4e5f6' })).gitCommit).toBe('a1b2c3d4e5f6');
  expect(() => loadConfig(env({ HELSESPOR_GIT_COMMIT: '$(rm -rf /)' }))).toThrow(/HELSESPOR_GIT_COMMIT/);
});
