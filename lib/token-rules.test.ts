/**
 * Token verification rules (issue 12): in production a token needs exp, iat, iss and aud,
 * its lifetime is bounded and the clock skew too; in every mode a token issued in the
 * future is refused and no lifetime exceeds the maximum.
 */
import { SignJWT } from 'jose';
import { createUserTokenVerifier } from './auth';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);
const claims = { role: 'legal', purpose: 'LEGAL_PROCEEDINGS' };

function token(opts: { exp?: number; iat?: number; iss?: string; aud?: string }): Promise<string> {
  let t = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('jurist-1');
  if (opts.iat !== undefined) t = t.setIssuedAt(opts.iat);
  if (opts.exp !== undefined) t = t.setExpirationTime(opts.exp);
  if (opts.iss) t = t.setIssuer(opts.iss);
  if (opts.aud) t = t.setAudience(opts.aud);
  return t.sign(key);
}

const production = createUserTokenVerifier({
  secret: SECRET,
  issuer: 'https://idp.test',
  audience: 'helsespor',
  strict: true,
  maxLifetimeSeconds: 3600,
  clockSkewSeconds: 60,
});
const development = createUserTokenVerifier({
  secret: SECRET,
  maxLifetimeSeconds: 3600,
  clockSkewSeconds: 60,
});
const full = { iss: 'https://idp.test', aud: 'helsespor' };

test('production: a complete token within its lifetime is accepted', async () => {
  await expect(production(await token({ ...full, iat: now(), exp: now() + 600 }))).resolves.toMatchObject({
    sub: 'jurist-1',
  });
});

test.each([
  ['exp', { ...full, iat: now() }],
  ['iat', { ...full, exp: now() + 600 }],
  ['iss', { aud: 'helsespor', iat: now(), exp: now() + 600 }],
  ['aud', { iss: 'https://idp.test', iat: now(), exp: now() + 600 }],
])('production: a token without %s is refused (a token without exp worked forever)', async (claim, t) => {
  await expect(production(await token(t))).rejects.toThrow(new RegExp(`"${claim}" claim`));
});

test('production: a lifetime over the maximum is refused', async () => {
  await expect(production(await token({ ...full, iat: now(), exp: now() + 7200 }))).rejects.toThrow(
    /lifetime exceeds the maximum of 3600 s/,
  );
});

test('production: expired beyond the clock skew is refused; within it, accepted', async () => {
  await expect(production(await token({ ...full, iat: now() - 600, exp: now() - 120 }))).rejects.toThrow(
    /"exp" claim timestamp check failed/,
  );
  await expect(production(await token({ ...full, iat: now() - 600, exp: now() - 30 }))).resolves.toBeTruthy();
});

test('every mode: iat in 2100 is refused; iat a few seconds ahead (skew) is accepted', async () => {
  const in2100 = Math.floor(Date.UTC(2100, 0, 1) / 1000);
  await expect(development(await token({ iat: in2100 }))).rejects.toThrow(/"iat" is in the future/);
  await expect(production(await token({ ...full, iat: in2100, exp: in2100 + 60 }))).rejects.toThrow(
    /invalid token/,
  );
  await expect(development(await token({ iat: now() + 20, exp: now() + 600 }))).resolves.toBeTruthy();
});

test('development: exp and iat may be missing (dev tokens), but a long lifetime is still refused', async () => {
  await expect(development(await token({}))).resolves.toBeTruthy();
  await expect(development(await token({ iat: now(), exp: now() + 10 * 3600 }))).rejects.toThrow(/lifetime/);
});

test('production verification without an issuer and an audience is a configuration error', () => {
  expect(() => createUserTokenVerifier({ secret: SECRET, strict: true })).toThrow(/issuer and an audience/);
});
