/**
 * Task s47, defect 4: a caller token minted for another audience (JWT `aud` not the gateway's) is
 * refused at the gateway, end to end (RFC 7519 § 4.1.3: a recipient that does not identify itself
 * with a value in `aud` MUST reject the token; pasientjournalloven § 22 with Normen,
 * "Tilgangsstyring": access only for an authenticated user of this service, not of another
 * application that trusts the same identity provider). lib/auth.ts createUserTokenVerifier passes
 * the configured audience (JWT_AUDIENCE) to jose's jwtVerify; until now only lib/auth.test.ts
 * checked it, without the gateway. Refused with 401 UNAUTHENTICATED, nothing answered, no subgraph
 * asked (no access-log row). The gateway writes no log line of a refused token (gateway/server.ts
 * `unauthenticated`): the 401 with its reason is the whole record of it.
 * Real PostgreSQL, the real gateway and subgraphs (dev/test-stack.ts).
 */
import { signUserToken, type UserClaims } from '../lib/auth';
import { gql, testConfig } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { makeSyntheticNationalId } from '../lib/national-id';

const ISSUER = 'https://idp.s47.test';
const AUDIENCE = 'helsespor-gateway-s47';
let ts: TestStack;

beforeAll(async () => {
  const base = testConfig({});
  ts = await startPostgresTestStack({ jwt: { ...base.jwt, issuer: ISSUER, audience: AUDIENCE } });
  await insertPatients(ts.tdb.db, [
    {
      id: 'pt-s47-aud',
      nationalId: makeSyntheticNationalId('1970-01-17', 472, true),
      familyName: 'Aud',
      givenName: 'Astrid',
      birthDate: '1970-01-17',
    },
  ]);
}, 120_000);

afterAll(async () => {
  await ts?.stop();
});

const QUERY = '{ patient(id: "pt-s47-aud") { givenName } }';

const sign = (sub: string, audience: string | undefined) =>
  signUserToken(
    { sub, role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' } as UserClaims,
    ts.config.jwt.secret ?? '',
    { issuer: ISSUER, audience },
  );

/** The access-log rows of a user: any subgraph that answered them wrote one. */
const logged = async (user: string) =>
  (
    await ts.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit.access_log WHERE user_id = $1`,
      [user],
    )
  ).rows[0]!.n;

test('RFC 7519 § 4.1.3, pasientjournalloven § 22: a token whose aud is another application’s is refused at the gateway with 401 UNAUTHENTICATED, nothing answered, no subgraph asked; the same token for the gateway’s audience is answered', async () => {
  const right = await gql(ts.stack.gateway.url, QUERY, { token: await sign('arkivar-aud-ok', AUDIENCE) });
  expect(right.status).toBe(200);
  expect(right.body.data.patient.givenName).toBe('Astrid');
  expect(await logged('arkivar-aud-ok')).toBeGreaterThan(0);

  // The exact reasons, as lib/policy/README.md states them (fix FX-A 9: it gave the first for both).
  for (const [user, audience, reason] of [
    ['arkivar-aud-other', 'another-application', 'invalid token: unexpected "aud" claim value'],
    ['arkivar-aud-none', undefined, 'invalid token: missing required "aud" claim'],
  ] as const) {
    const wrong = await gql(ts.stack.gateway.url, QUERY, { token: await sign(user, audience) });
    expect({ user, status: wrong.status }).toEqual({ user, status: 401 });
    expect(wrong.body.data).toBeUndefined();
    expect(JSON.stringify(wrong.body)).not.toContain('Astrid');
    expect(wrong.body.errors).toEqual([
      {
        message: reason,
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ]);
    expect(await logged(user)).toBe(0);
  }
});
