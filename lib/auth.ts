import { SignJWT, jwtVerify, createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { JwtConfig } from './config';
import { purposeProblem } from './policy/purposes';

export const ROLES = ['legal', 'researcher', 'reporting', 'archivist', 'journalansvarlig'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as what, and why. Carried from the gateway to every subgraph. */
export interface CallerContext {
  userId: string;
  role: Role;
  purpose: string;
  /** The matter, case or research approval that allows the access, when given. */
  matter?: string;
  /** A researcher's grant (token claim `grant`): the research approval the access is made under. */
  grant?: string;
  organisation?: string;
  /** "Selvautorisering" (break-the-glass): the user authorised themselves. */
  selfAuthorized: boolean;
  requestId: string;
}

const ClaimsShape = z.object({
  sub: z.string().min(1, 'sub (user id) is required'),
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  purpose: z.string().min(1, 'purpose (purpose of use) is required'),
  matter: z.string().min(1).optional(),
  grant: z.string().min(1).optional(),
  org: z.string().min(1).optional(),
  btg: z.boolean().optional(),
});

/**
 * The claims a caller's JWT must carry. The purpose must be one of the closed list and
 * allowed for the role (lib/policy/purposes.ts). `btg` is not taken from a token: break
 * the glass is a logged, time-limited grant made with the breakGlass mutation
 * (lib/policy), and the access log's self_authorized flag comes from that grant. `grant` is
 * a researcher's claim and `matter` a legal user's: each is refused on any other role.
 */
export const UserClaims = ClaimsShape.superRefine((c, ctx) => {
  const problem = purposeProblem(c.role, c.purpose);
  if (problem) ctx.addIssue({ code: 'custom', path: ['purpose'], message: problem });
  if (c.grant && c.role !== 'researcher')
    ctx.addIssue({
      code: 'custom',
      path: ['grant'],
      message: "grant is a researcher's claim (role researcher)",
    });
  // A matter is a legal user's (pasientjournalloven § 22; lib/policy/policy.ts reads it only
  // for role legal), but the access log records the token's matter on every row: carried by
  // another role it made a read look authorised by a matter nobody checked.
  if (c.matter && c.role !== 'legal')
    ctx.addIssue({
      code: 'custom',
      path: ['matter'],
      message: "matter is a legal user's claim (role legal)",
    });
  if (c.btg)
    ctx.addIssue({
      code: 'custom',
      path: ['btg'],
      message: 'break the glass is not a token claim: use the breakGlass mutation with a written reason',
    });
});
export type UserClaims = z.infer<typeof UserClaims>;

export class AuthError extends Error {}

const INTERNAL_ISSUER = 'helsespor-gateway';
const INTERNAL_AUDIENCE = 'helsespor-subgraph';
export const INTERNAL_HEADER = 'x-helsespor-caller';

const encoder = new TextEncoder();

/**
 * Verifies a caller's bearer token: HS256 with a shared secret in dev, a JWKS URL in production.
 * Always: `iat` more than the clock skew in the future is refused, and a token's lifetime
 * (exp - iat) may not exceed the maximum. In production (`strict`) `exp`, `iat`, `iss` and
 * `aud` are required, so no token works forever.
 */
export function createUserTokenVerifier(jwt: JwtConfig): (token: string) => Promise<UserClaims> {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (jwt.jwksUrl) {
    key = createRemoteJWKSet(new URL(jwt.jwksUrl));
    algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
  } else if (jwt.secret) {
    key = encoder.encode(jwt.secret);
    algorithms = ['HS256'];
  } else {
    throw new Error('No JWT key configured: set JWT_SECRET or JWT_JWKS_URL');
  }
  const skew = jwt.clockSkewSeconds ?? 60;
  const maxLifetime = jwt.maxLifetimeSeconds ?? 12 * 3600;
  if (jwt.strict && (!jwt.issuer || !jwt.audience))
    throw new Error('production token verification needs an issuer and an audience');
  return async (token) => {
    let payload: JWTPayload;
    try {
      const options = {
        algorithms,
        issuer: jwt.issuer,
        audience: jwt.audience,
        clockTolerance: skew,
        requiredClaims: jwt.strict ? ['exp', 'iat', 'iss', 'aud'] : [],
      };
      payload = (
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options)
      ).payload;
    } catch (err) {
      throw new AuthError(`invalid token: ${(err as Error).message}`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + skew)
      throw new AuthError('invalid token: "iat" is in the future');
    if (typeof payload.exp === 'number') {
      const from = typeof payload.iat === 'number' ? payload.iat : now;
      if (payload.exp - from > maxLifetime + skew)
        throw new AuthError(`invalid token: lifetime exceeds the maximum of ${maxLifetime} s`);
    }
    const claims = UserClaims.safeParse(payload);
    if (!claims.success) {
      throw new AuthError(
        `token is missing required claims: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return claims.data;
  };
}

/** Mints a caller token with the dev secret (npm start prints one; tests use it). */
export async function signUserToken(
  claims: UserClaims,
  secret: string,
  opts: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '12h');
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(encoder.encode(secret));
}

/** The gateway's short-lived statement to a subgraph of who the verified caller is. */
export async function signInternalToken(ctx: CallerContext, secret: string): Promise<string> {
  return new SignJWT({
    role: ctx.role,
    purpose: ctx.purpose,
    matter: ctx.matter,
    grant: ctx.grant,
    org: ctx.organisation,
    btg: ctx.selfAuthorized,
    rid: ctx.requestId,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(ctx.userId)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(encoder.encode(secret));
}

const InternalClaims = ClaimsShape.omit({ btg: true }).extend({ btg: z.boolean(), rid: z.string().min(1) });

export async function verifyInternalToken(token: string | undefined, secret: string): Promise<CallerContext> {
  if (!token) throw new AuthError('request did not come through the gateway (no caller statement)');
  let payload: unknown;
  try {
    payload = (
      await jwtVerify(token, encoder.encode(secret), {
        algorithms: ['HS256'],
        issuer: INTERNAL_ISSUER,
        audience: INTERNAL_AUDIENCE,
      })
    ).payload;
  } catch (err) {
    throw new AuthError(`caller statement rejected: ${(err as Error).message}`);
  }
  const c = InternalClaims.parse(payload);
  return {
    userId: c.sub,
    role: c.role,
    purpose: c.purpose,
    matter: c.matter,
    grant: c.grant,
    organisation: c.org,
    selfAuthorized: c.btg,
    requestId: c.rid,
  };
}
