import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import {
  STATEMENT_LIFETIME_SECONDS,
  StatementReplayCache,
  createUserTokenVerifier,
  signInternalToken,
  signUserToken,
  verifyInternalToken,
} from './auth';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

test('HS256 in dev: a token with the required claims is accepted; one without a role is refused with the reason', async () => {
  const verify = createUserTokenVerifier({ secret: SECRET });
  const ok = await signUserToken({ sub: 'u1', role: 'researcher', purpose: 'RESEARCH' }, SECRET);
  await expect(verify(ok)).resolves.toMatchObject({ sub: 'u1', role: 'researcher', purpose: 'RESEARCH' });
  const noRole = await new SignJWT({ purpose: 'x' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
  await expect(verify(noRole)).rejects.toThrow(/role/);
  const expired = await new SignJWT({ role: 'legal', purpose: 'x' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u')
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(new TextEncoder().encode(SECRET));
  await expect(verify(expired)).rejects.toThrow(/invalid token/);
});

// pasientjournalloven § 22: access only for a purpose the role serves (lib/policy/purposes.ts).
test('purpose of use: an unknown, empty or mismatched purpose, or a btg claim, is refused with the reason', async () => {
  const verify = createUserTokenVerifier({ secret: SECRET });
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
  await expect(verify(await sign({ role: 'legal', purpose: 'rettssak' }))).rejects.toThrow(
    /purpose must be one of LEGAL_PROCEEDINGS, ACCESS_REQUEST/,
  );
  await expect(verify(await sign({ role: 'legal', purpose: '' }))).rejects.toThrow(/purpose/);
  await expect(verify(await sign({ role: 'reporting', purpose: 'RESEARCH' }))).rejects.toThrow(
    /purpose RESEARCH needs role researcher, not reporting/,
  );
  await expect(
    verify(await sign({ role: 'legal', purpose: 'LEGAL_PROCEEDINGS', btg: true })),
  ).rejects.toThrow(/breakGlass mutation/);
  await expect(verify(await sign({ role: 'archivist', purpose: 'ACCESS_REQUEST' }))).resolves.toMatchObject({
    purpose: 'ACCESS_REQUEST',
  });
});

// pasientjournalloven § 22: a matter authorises a legal user's access; the access log writes
// the token's matter on every row, so another role may not carry one (nor a grant).
test('pasientjournalloven § 22: a matter claim on a non-legal role (but a case handler naming an access request), or a grant on a non-researcher, is refused', async () => {
  const verify = createUserTokenVerifier({ secret: SECRET });
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
  for (const [role, purpose] of [
    ['archivist', 'ARCHIVE_ADMINISTRATION'],
    ['journalansvarlig', 'RECORD_CORRECTION'],
    ['researcher', 'RESEARCH'],
    ['reporting', 'MANAGEMENT_STATISTICS'],
  ])
    await expect(verify(await sign({ role, purpose, matter: 'M-2025-004' }))).rejects.toThrow(
      /matter: matter is a legal user's claim \(role legal\)/,
    );
  await expect(
    verify(await sign({ role: 'legal', purpose: 'LEGAL_PROCEEDINGS', grant: 'REK-1' })),
  ).rejects.toThrow(/grant is a researcher's claim/);
  await expect(
    verify(await sign({ role: 'legal', purpose: 'LEGAL_PROCEEDINGS', matter: 'M-2025-004' })),
  ).resolves.toMatchObject({ matter: 'M-2025-004' });
  // A case handler names the access request a read serves (pasientjournalforskriften § 14; its
  // checks are the policy's: lib/policy compileAccessRequests).
  await expect(
    verify(await sign({ role: 'archivist', purpose: 'ACCESS_REQUEST', matter: 'saksmappe-1' })),
  ).resolves.toMatchObject({ matter: 'saksmappe-1' });
});

describe('JWKS in production', () => {
  let server: Server;
  let url: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  test('an RS256 token signed by a key in the JWKS is accepted, with issuer and audience checked', async () => {
    const verify = createUserTokenVerifier({
      jwksUrl: url,
      issuer: 'https://idp.example',
      audience: 'helsespor',
    });
    const token = await new SignJWT({ role: 'legal', purpose: 'COMPLAINT' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('jurist-9')
      .setIssuer('https://idp.example')
      .setAudience('helsespor')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verify(token)).resolves.toMatchObject({ sub: 'jurist-9', role: 'legal' });
    const wrongAudience = await new SignJWT({ role: 'legal', purpose: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('u')
      .setIssuer('https://idp.example')
      .setAudience('other')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verify(wrongAudience)).rejects.toThrow(/invalid token/);
    // An HS256 token made with some secret is not accepted where a JWKS is configured.
    await expect(
      verify(await signUserToken({ sub: 'u', role: 'legal', purpose: 'LEGAL_PROCEEDINGS' }, SECRET)),
    ).rejects.toThrow(/invalid token/);
  });
});

test('the caller statement round-trips and is refused when tampered with', async () => {
  const ctx = {
    userId: 'u',
    role: 'archivist' as const,
    purpose: 'ARCHIVE_ADMINISTRATION',
    selfAuthorized: true,
    requestId: 'r1',
    matter: 'SAK-1',
  };
  const body = '{"query":"{ patient(id: \\"p1\\") { id } }"}';
  const check = () => ({ audience: 'journal', body, replay: new StatementReplayCache() });
  const token = await signInternalToken(ctx, SECRET, { audience: 'journal', body });
  await expect(verifyInternalToken(token, SECRET, check())).resolves.toEqual({
    ...ctx,
    organisation: undefined,
  });
  const [h, p, s] = token.split('.');
  const forged = [
    h,
    Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'legal' }),
    ).toString('base64url'),
    s,
  ].join('.');
  await expect(verifyInternalToken(forged, SECRET, check())).rejects.toThrow(/rejected/);
  await expect(verifyInternalToken(undefined, SECRET, check())).rejects.toThrow(
    /did not come through the gateway/,
  );
});

test('a caller statement signed across a second boundary is still accepted: issued-at and expiry come from one reading of the clock (it said 31 s and was refused)', async () => {
  const ctx = {
    userId: 'u',
    role: 'archivist' as const,
    purpose: 'ARCHIVE_ADMINISTRATION',
    selfAuthorized: false,
    requestId: 'r2',
  };
  const body = '{"query":"{ __typename }"}';
  // Each reading of the clock (Date.now() or new Date()) a millisecond later, starting just
  // before a second's boundary.
  const RealDate = Date;
  let t = Math.floor(RealDate.now() / 1000) * 1000 + 999;
  class TickingDate extends RealDate {
    constructor(...args: []) {
      if (args.length) super(...(args as []));
      else super(t++);
    }
    static now() {
      return t++;
    }
  }
  globalThis.Date = TickingDate as DateConstructor;
  let token: string;
  try {
    token = await signInternalToken(ctx, SECRET, { audience: 'journal', body });
  } finally {
    globalThis.Date = RealDate;
  }
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(claims.exp - claims.iat).toBe(STATEMENT_LIFETIME_SECONDS);
});

test('a caller statement is bound to one subgraph, one request body, a short life and one use', async () => {
  const ctx = {
    userId: 'u',
    role: 'legal' as const,
    purpose: 'LEGAL_PROCEEDINGS',
    selfAuthorized: false,
    requestId: 'r2',
  };
  const body = JSON.stringify({ query: '{ patient(id: "p1") { id } }' });
  const replay = new StatementReplayCache();
  const token = await signInternalToken(ctx, SECRET, { audience: 'journal', body });
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(claims.aud).toBe('helsespor-subgraph:journal');
  expect(claims.exp - claims.iat).toBe(STATEMENT_LIFETIME_SECONDS);
  expect(STATEMENT_LIFETIME_SECONDS).toBeLessThanOrEqual(60);
  expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  // Another body, another subgraph: refused, and neither uses up the jti.
  await expect(
    verifyInternalToken(token, SECRET, { audience: 'journal', body: body.replace('p1', 'p2'), replay }),
  ).rejects.toThrow(/another request body/);
  await expect(verifyInternalToken(token, SECRET, { audience: 'archive', body, replay })).rejects.toThrow(
    /aud/,
  );
  await expect(
    verifyInternalToken(token, SECRET, { audience: 'journal', body, replay }),
  ).resolves.toMatchObject({
    userId: 'u',
  });
  // The same statement with the same body, a second time: refused.
  await expect(verifyInternalToken(token, SECRET, { audience: 'journal', body, replay })).rejects.toThrow(
    /already used/,
  );
  // Expired (beyond the clock skew): refused.
  const old = await new SignJWT({ ...claims, jti: 'old-1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 30)
    .sign(new TextEncoder().encode(SECRET));
  await expect(verifyInternalToken(old, SECRET, { audience: 'journal', body, replay })).rejects.toThrow(
    /exp/,
  );
  // A statement claiming a longer life than the gateway gives: refused.
  const long = await new SignJWT({ ...claims, jti: 'long-1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(new TextEncoder().encode(SECRET));
  await expect(verifyInternalToken(long, SECRET, { audience: 'journal', body, replay })).rejects.toThrow(
    /lifetime/,
  );
});

test('the replay cache forgets only expired statements and refuses when full of live ones', () => {
  const cache = new StatementReplayCache(2);
  const now = 1_000_000;
  expect(cache.use('a', now + 30, now)).toBe('ok');
  expect(cache.use('a', now + 30, now)).toBe('replayed');
  expect(cache.use('b', now + 30, now)).toBe('ok');
  expect(cache.use('c', now + 30, now)).toBe('full');
  // Once a and b can no longer be verified (exp plus the clock skew), they make room.
  expect(cache.use('c', now + 90, now + 40)).toBe('ok');
  expect(cache.size).toBe(1);
});

test('the replay cache forgets from the oldest entry and stops at the first live one: work stays proportional to the uses', () => {
  const cache = new StatementReplayCache();
  const now = 1_000_000;
  for (let i = 0; i < 150_000; i++) cache.use(`live-${i}`, now + 30, now);
  expect(cache.size).toBe(150_000);
  const before = cache.stats.visited;
  for (let i = 0; i < 20_000; i++) cache.use(`more-${i}`, now + 31, now + 1);
  // Before: every 1,024th use scanned the whole map (about 3 million entries looked at here).
  expect(cache.stats.visited - before).toBeLessThanOrEqual(20_000);
  expect(cache.size).toBe(170_000);
  // The first 150,000 expire together (exp + the 5 s clock skew); the next use forgets them all, once.
  const expired = cache.stats.visited;
  expect(cache.use('late', now + 66, now + 36)).toBe('ok');
  expect(cache.stats.visited - expired).toBe(150_001);
  expect(cache.size).toBe(20_001);
});

test('the replay cache keeps its 200,000 cap: a new statement is refused while they are all live, none forgotten early', () => {
  const cache = new StatementReplayCache();
  const now = 2_000_000;
  for (let i = 0; i < 200_000; i++) cache.use(`s-${i}`, now + 30, now);
  expect(cache.use('one-more', now + 30, now)).toBe('full');
  expect(cache.use('s-0', now + 30, now + 35)).toBe('replayed'); // live until exp + 5 s
  expect(cache.use('one-more', now + 30, now + 35)).toBe('full');
  expect(cache.use('one-more', now + 66, now + 36)).toBe('ok');
  expect(cache.size).toBe(1);
});

test('a statement that arrives after a later-signed one (slow network, another gateway replica) is not forgotten before its own expiry', () => {
  const cache = new StatementReplayCache();
  const now = 3_000_000;
  expect(cache.use('signed-late', now + 30, now)).toBe('ok');
  expect(cache.use('signed-early', now + 12, now)).toBe('ok'); // arrives second, expires first
  expect(cache.use('signed-early', now + 12, now + 17)).toBe('replayed');
  // Kept as long as the entry before it (insertion order is expiry order), then both go.
  expect(cache.use('signed-early', now + 12, now + 35)).toBe('replayed');
  expect(cache.use('x', now + 66, now + 36)).toBe('ok');
  expect(cache.size).toBe(1);
});
