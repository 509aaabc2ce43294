import { SignJWT, jwtVerify, createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
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
  /**
   * The matter, case or research approval that allows the access, when given: a legal user's
   * matter id, or a case handler's (archivist on purpose ACCESS_REQUEST) access request, by its
   * saksmappe id.
   */
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
 * a researcher's claim and `matter` a legal user's (or, naming an access request, an archivist's
 * on purpose ACCESS_REQUEST): each is refused on any other role.
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
  // another role it made a read look authorised by a matter nobody checked. The one other: a
  // case handler (archivist) on purpose ACCESS_REQUEST names the access request a read serves
  // by its saksmappe id, checked as a legal user's matter is (lib/policy compileAccessRequests;
  // pasientjournalforskriften § 14: the log says which request allowed the read).
  if (c.matter && c.role !== 'legal' && !(c.role === 'archivist' && c.purpose === 'ACCESS_REQUEST'))
    ctx.addIssue({
      code: 'custom',
      path: ['matter'],
      message:
        "matter is a legal user's claim (role legal), or a case handler's access request (role archivist, purpose ACCESS_REQUEST)",
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

/**
 * The caller statement: the gateway's (and the dossier's) signed word to one subgraph of who
 * the verified caller is, for one request. It is bound so that a statement read from a log or
 * a proxy is worth nothing elsewhere:
 *
 * - `aud`: the one subgraph it is sent to (`helsespor-subgraph:<name>`);
 * - `bh`: the SHA-256 (base64url) of the exact request body it travels with, checked by the
 *   subgraph before it executes anything (for a GET, of the query string);
 * - `exp`: STATEMENT_LIFETIME_SECONDS after `iat`, verified with STATEMENT_CLOCK_SKEW_SECONDS
 *   of tolerance, and a longer claimed lifetime is refused;
 * - `jti`: unique, accepted once by each subgraph (StatementReplayCache, in memory until it
 *   expires; several replicas of one subgraph would need a shared store, README).
 */
export const STATEMENT_LIFETIME_SECONDS = 30;
export const STATEMENT_CLOCK_SKEW_SECONDS = 5;

/** The audience a statement for subgraph `name` carries. */
export function statementAudience(name: string): string {
  return `${INTERNAL_AUDIENCE}:${name}`;
}

/** The hash a statement binds its request body with: SHA-256, base64url. */
export function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** What one statement is for: the subgraph it goes to and the request body it goes with. */
export interface StatementTarget {
  /** The subgraph's name (journal, archive, coercion, search, dossier). */
  audience: string;
  body: string | Uint8Array;
}

export async function signInternalToken(
  ctx: CallerContext,
  secret: string,
  target: StatementTarget,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return (
    new SignJWT({
      role: ctx.role,
      purpose: ctx.purpose,
      matter: ctx.matter,
      grant: ctx.grant,
      org: ctx.organisation,
      btg: ctx.selfAuthorized,
      rid: ctx.requestId,
      bh: bodyHash(target.body),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(ctx.userId)
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(statementAudience(target.audience))
      .setJti(randomUUID())
      // One reading of the clock for both: jose reads it once for each, and across a second's
      // boundary the statement said 31 s and was refused as too long-lived (seen in a test run).
      .setIssuedAt(now)
      .setExpirationTime(now + STATEMENT_LIFETIME_SECONDS)
      .sign(encoder.encode(secret))
  );
}

/**
 * The statements a subgraph has accepted, until they expire: a `jti` seen before is refused.
 * Bounded: past `maxEntries` unexpired statements a new one is refused (fail closed, the
 * gateway's request gets an error) rather than an old one forgotten early. At the default,
 * 30 s statements fill it at about 6,600 subgraph requests a second.
 *
 * Forgetting is in insertion order and stops at the first entry still live, so each use costs
 * O(1) amortised. That needs the stored expiry to rise with insertion, and the statement's own
 * `exp` does not quite: every statement lives STATEMENT_LIFETIME_SECONDS, but one signed
 * earlier can arrive later (a slow network, two gateway replicas a clock skew apart). So an
 * entry is kept until its `exp` plus the clock skew or the latest expiry stored before it,
 * whichever is later: never forgotten before it can no longer be verified, at most
 * STATEMENT_LIFETIME_SECONDS plus the skew after.
 */
export class StatementReplayCache {
  /** jti → epoch second after which it is forgotten; non-decreasing in insertion order. */
  private readonly seen = new Map<string, number>();
  private latest = 0;
  /** Entries looked at by forgetting (tests assert it stays proportional to the uses). */
  readonly stats = { visited: 0 };

  constructor(private readonly maxEntries = 200_000) {}

  /** Records `jti` (valid until `exp`, epoch seconds); false when it was used before or the cache is full. */
  use(jti: string, exp: number, now = Math.floor(Date.now() / 1000)): 'ok' | 'replayed' | 'full' {
    this.forgetExpired(now);
    if (this.seen.has(jti)) return 'replayed';
    if (this.seen.size >= this.maxEntries) return 'full';
    this.latest = Math.max(this.latest, exp + STATEMENT_CLOCK_SKEW_SECONDS);
    this.seen.set(jti, this.latest);
    return 'ok';
  }

  /** Forgets the statements that can no longer be verified: the oldest first, up to the first live one. */
  private forgetExpired(now: number): void {
    for (const [jti, until] of this.seen) {
      this.stats.visited++;
      if (until >= now) return;
      this.seen.delete(jti);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}

const InternalClaims = ClaimsShape.omit({ btg: true }).extend({
  btg: z.boolean(),
  rid: z.string().min(1),
  bh: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
});

/** What a subgraph checks a statement against: its own name, the body it received, its replay cache. */
export interface StatementCheck {
  audience: string;
  body: string | Uint8Array;
  replay: StatementReplayCache;
}

export async function verifyInternalToken(
  token: string | undefined,
  secret: string,
  check: StatementCheck,
): Promise<CallerContext> {
  if (!token) throw new AuthError('request did not come through the gateway (no caller statement)');
  let payload: unknown;
  try {
    payload = (
      await jwtVerify(token, encoder.encode(secret), {
        algorithms: ['HS256'],
        issuer: INTERNAL_ISSUER,
        audience: statementAudience(check.audience),
        clockTolerance: STATEMENT_CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'iat', 'jti', 'aud'],
      })
    ).payload;
  } catch (err) {
    throw new AuthError(`caller statement rejected: ${(err as Error).message}`);
  }
  const parsed = InternalClaims.safeParse(payload);
  if (!parsed.success) throw new AuthError('caller statement rejected: claims missing');
  const c = parsed.data;
  if (c.exp - c.iat > STATEMENT_LIFETIME_SECONDS)
    throw new AuthError(`caller statement rejected: lifetime exceeds ${STATEMENT_LIFETIME_SECONDS} s`);
  if (c.iat > Math.floor(Date.now() / 1000) + STATEMENT_CLOCK_SKEW_SECONDS)
    throw new AuthError('caller statement rejected: "iat" is in the future');
  if (c.bh !== bodyHash(check.body))
    throw new AuthError('caller statement rejected: it was signed for another request body');
  const used = check.replay.use(c.jti, c.exp);
  if (used === 'replayed') throw new AuthError('caller statement rejected: already used (jti)');
  if (used === 'full') throw new AuthError('caller statement rejected: too many statements in flight');
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
