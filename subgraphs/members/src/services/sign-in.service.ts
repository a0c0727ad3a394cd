import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RateLimiters, SecurityConfig } from '@registry/lib';
import { cleanText, DomainError, ErrorCode, logger, normalizeEmail, normalizePhone, Role } from '@registry/lib';

/** How long a code lives, how often it may be guessed, and how long the token it buys lives. */
const SIGN_IN_CODE_TTL_SECONDS = 600;
const SIGN_IN_MAX_ATTEMPTS = 5;
const MEMBER_TOKEN_TTL_SECONDS = 3600;

export interface SignInCodeAnswer {
  sent: true;
  expiresInSeconds: number;
}

export interface MemberToken {
  token: string;
  expiresAt: Date;
  memberId: string;
}

type Channel = 'EMAIL' | 'SMS';

/** A login as given, or how it is stored: one of the three columns a member can be found by. */
interface Login {
  registrationNumber: string | null;
  email: string | null;
  phone: string | null;
  /** Keys the per-login buckets (a hash, so no contact sits in Redis). */
  key: string;
}

function readLogin(raw: string): Login {
  const text = cleanText(raw) ?? '';
  if (text.length === 0 || text.length > 254) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `login: expected a registration number, e-mail or phone (1-254 characters), got ${text.length} characters`,
      { field: 'login' },
    );
  }
  const email = text.includes('@') ? (normalizeEmail(text) ?? null) : null;
  const phone = email === null ? (normalizePhone(text) ?? null) : null;
  const registrationNumber = email === null && phone === null ? text : null;
  const key = createHash('sha256')
    .update(email ?? phone ?? text.toUpperCase())
    .digest('hex');
  return { registrationNumber, email, phone, key };
}

/** When the registry is not the token issuer (JWKS_URL), member sign-in belongs to that issuer. */
function assertRegistryIssues(config: SecurityConfig): void {
  if (config.jwksUrl === null) return;
  throw new DomainError(
    ErrorCode.INVALID_STATE,
    `Member sign-in: expected the registry to issue tokens (HS256 with JWT_SECRET), got JWKS_URL=${config.jwksUrl}: tokens come from that issuer, sign in there`,
    { reason: 'EXTERNAL_ISSUER' },
  );
}

/**
 * The one statement that finds who a login belongs to: the same for every login, known or not.
 * A login shared by two active members (one phone for a family) names nobody: sending one code
 * for two records would let either sign in as the other.
 */
async function findMember(em: EntityManager, login: Login): Promise<{ id: string; channel: Channel } | null> {
  const rows = await em.execute<{ id: string; email: string | null; phone: string | null }[]>(
    `select id, email, phone from members.member
      where status = 'ACTIVE' and (registration_number = ? or email = ? or phone = ?)
      limit 2`,
    [login.registrationNumber, login.email, login.phone],
  );
  const [row] = rows;
  if (!row || rows.length > 1) return null;
  // The code goes where the login points; a registration number sends it to the e-mail, else the phone.
  const channel: Channel | null =
    login.phone !== null ? 'SMS' : login.email !== null ? 'EMAIL' : row.email ? 'EMAIL' : row.phone ? 'SMS' : null;
  return channel === null ? null : { id: row.id, channel };
}

const hashCode = (secret: string, salt: Buffer, code: string): Buffer =>
  createHmac('sha256', secret).update(salt).update(code).digest();

/*
 * Member sign-in by a one-time code sent to the member's own e-mail or phone (docs/security.md,
 * "Member sign-in"). Both entries answer alike whoever is on record: the same answer, the same
 * statements (for an unknown login they touch no row), so neither tells who is a member.
 * Limited per login and per caller (SIGN_IN_CODE_RATE, SIGN_IN_RATE, SIGN_IN_CLIENT_RATE).
 */

/**
 * What a sign-in spends and signs with: the caller's bucket (per request), the process's secrets
 * and limiters. One object because both entries take all three, always together.
 */
export interface SignInSetup {
  /** Whose per-client bucket the request spends (`clientKeyOf`: the caller, else its address). */
  readonly client: string;
  readonly config: SecurityConfig;
  readonly limiters: RateLimiters;
}

/** Sends a one-time code to the active member a login names; an unknown login gets the same answer, and no code. */
export async function requestSignInCode(
  em: EntityManager,
  { client, config, limiters }: SignInSetup,
  rawLogin: string,
): Promise<SignInCodeAnswer> {
  assertRegistryIssues(config);
  const login = readLogin(rawLogin);
  await limiters.get('signInClient').assertAllowed(client, 'requestSignInCode');
  await limiters.get('signInCode').assertAllowed(login.key, 'requestSignInCode for this login');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16);
  const codeHash = hashCode(config.internalSecret, salt, code);
  const member = await em.transactional(async (em) => {
    const found = await findMember(em, login);
    const memberId = found?.id ?? null;
    // A new code voids the older ones, so only the last one sent works.
    await em.execute(
      'update members.sign_in_code set voided_at = now() where member_id = ?::uuid and used_at is null and voided_at is null',
      [memberId],
    );
    await em.execute(
      `insert into members.sign_in_code (member_id, channel, salt, code_hash, expires_at)
       select m.id, ?, ?, ?, now() + make_interval(secs => ?) from members.member m where m.id = ?::uuid`,
      [found?.channel ?? 'EMAIL', salt, codeHash, SIGN_IN_CODE_TTL_SECONDS, memberId],
    );
    // Not recordOutboxEvent: the statement must run (and insert nothing) for an unknown login too.
    // The code itself is in the payload only outside production, for the development delivery.
    const payload = {
      version: 1,
      memberId,
      channel: found?.channel ?? null,
      expiresInSeconds: SIGN_IN_CODE_TTL_SECONDS,
      ...(config.environment === 'production' ? {} : { code }),
    };
    await em.execute(
      `insert into members.outbox_event (type, aggregate_id, payload) select 'member.sign_in_code_requested', ?::uuid, ?::jsonb where ?::uuid is not null`,
      [memberId, JSON.stringify(payload), memberId],
    );
    return found;
  });
  if (member && config.environment !== 'production') {
    // The development delivery: no mail or SMS gateway outside production, the log instead.
    logger.info(
      { memberId: member.id, channel: member.channel, code, validMinutes: SIGN_IN_CODE_TTL_SECONDS / 60 },
      'sign-in code (development delivery)',
    );
  }
  return { sent: true, expiresInSeconds: SIGN_IN_CODE_TTL_SECONDS };
}

/** Exchanges the code last sent to a login for a member token. */
export async function signIn(
  em: EntityManager,
  { client, config, limiters }: SignInSetup,
  rawLogin: string,
  code: string,
): Promise<MemberToken> {
  assertRegistryIssues(config);
  const login = readLogin(rawLogin);
  if (!/^\d{6}$/.test(code.trim())) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `code: expected the 6 digits sent to you, got ${code.trim().length} characters`,
      { field: 'code' },
    );
  }
  await limiters.get('signInClient').assertAllowed(client, 'signIn');
  await limiters.get('signIn').assertAllowed(login.key, 'signIn for this login');
  const memberId = await em.transactional(async (em) => {
    const member = await findMember(em, login);
    const [pending] = await em.execute<{ id: string; salt: Buffer; code_hash: Buffer; live: boolean }[]>(
      `select id::text as id, salt, code_hash, expires_at > now() as live
         from members.sign_in_code
        where member_id = ?::uuid and used_at is null and voided_at is null
        order by id desc limit 1
        for update`,
      [member?.id ?? null],
    );
    // Hashed for every login, code or not, so a wrong code costs what a right one does.
    const expected = pending?.code_hash ?? Buffer.alloc(32);
    const given = hashCode(config.internalSecret, pending?.salt ?? Buffer.alloc(16), code.trim());
    const matches = pending !== undefined && pending.live && timingSafeEqual(expected, given);
    // One statement either way: used on a match; else one more attempt, void at the last.
    await em.execute(
      `update members.sign_in_code
          set used_at = case when ?::boolean then now() else used_at end,
              attempts = attempts + case when ?::boolean then 0 else 1 end,
              voided_at = case when not ?::boolean and attempts + 1 >= ? then now() else voided_at end
        where id = ?::bigint`,
      [matches, matches, matches, SIGN_IN_MAX_ATTEMPTS, pending?.id ?? null],
    );
    return matches && member ? member.id : null;
  });
  // Thrown after the commit: the counted attempt must stay counted.
  if (memberId === null) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `code: expected the last code sent to this login, used within ${SIGN_IN_CODE_TTL_SECONDS / 60} minutes and ${SIGN_IN_MAX_ATTEMPTS} attempts; this one is not it (request a new code)`,
      { field: 'code', reason: 'SIGN_IN_CODE_REJECTED' },
    );
  }
  return signMemberToken(config, memberId);
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * A member's token, as the gateway verifies it (gateway/src/auth/authenticate.ts): HS256 with
 * JWT_SECRET, `exp` within JWT_MAX_LIFETIME (and at most an hour), `aud`/`iss` when configured.
 */
function signMemberToken(config: SecurityConfig, memberId: string, now: Date = new Date()): MemberToken {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(MEMBER_TOKEN_TTL_SECONDS, config.jwtMaxLifetimeSeconds);
  const claims = {
    sub: `member:${memberId}`,
    roles: [Role.MEMBER],
    member: memberId,
    iat,
    exp,
    ...(config.jwtAudience ? { aud: config.jwtAudience } : {}),
    ...(config.jwtIssuer ? { iss: config.jwtIssuer } : {}),
  };
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', config.jwtSecret).update(unsigned).digest('base64url');
  return { token: `${unsigned}.${signature}`, expiresAt: new Date(exp * 1000), memberId };
}
