import { loadConfig } from './config';

const env = (e: Record<string, string>) => e as unknown as NodeJS.ProcessEnv;

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
