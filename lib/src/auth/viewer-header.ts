import { createHmac, timingSafeEqual } from 'node:crypto';
import { unauthenticated } from '../errors/domain-error';
import type { Viewer } from './viewer';
import { anonymous, viewerFromClaims } from './viewer';

/** Header with the viewer the gateway established, and its HMAC signature. */
export const VIEWER_HEADER = 'x-registry-viewer';
export const VIEWER_SIGNATURE_HEADER = 'x-registry-viewer-signature';
/**
 * A partner integration's API key. The gateway passes it on untouched (it has no database to look
 * the key up in); a subgraph with `authenticateApiKey` turns it into a viewer.
 */
export const API_KEY_HEADER = 'x-api-key';
/** Names one client request across the gateway and every subgraph request made for it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * How long a signed viewer stays valid. The gateway signs it just before each subgraph request,
 * so it only has to survive one hop on the same network; anything longer lets a captured header
 * be replayed for that long.
 */
export const VIEWER_HEADER_LIFETIME_SECONDS = 60;
/** Tolerated difference between the gateway's and a subgraph's clocks when they run on different hosts. */
export const VIEWER_HEADER_CLOCK_SKEW_SECONDS = 5;

/** A caller's request id is passed on only when it is a short token: it ends up in headers and logs. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
export const isSaneRequestId = (value: unknown): value is string =>
  typeof value === 'string' && REQUEST_ID_PATTERN.test(value);

const sign = (value: string, secret: string): string => createHmac('sha256', secret).update(value).digest('base64url');
const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

export interface ViewerHeaderClaims {
  /** The subgraph (its service name) the header is for; every other subgraph refuses it. */
  readonly audience: string;
  /** The client request this subgraph request is part of. */
  readonly requestId: string;
  /** Seconds since the epoch; now unless given (tests sign headers of the past). */
  readonly issuedAt?: number;
  /** The caller's network address as the gateway saw it (rate limits of anonymous callers key on it). */
  readonly clientAddress?: string | null;
}

/**
 * Encodes the viewer for one subgraph request; only holders of the internal secret can do this.
 * The viewer fields keep the token claims' names (`sub`, `roles`, `org`, `member`, `partner`), so
 * `viewerFromClaims` reads them; `aud`, `iat`, `exp` and `rid` bind the header to one subgraph,
 * one minute and one client request.
 */
export function encodeViewerHeaders(
  viewer: Viewer,
  secret: string,
  claims: ViewerHeaderClaims,
): Record<string, string> {
  const iat = claims.issuedAt ?? nowInSeconds();
  const value = Buffer.from(
    JSON.stringify({
      sub: viewer.subject,
      roles: viewer.roles,
      org: viewer.organizationId,
      member: viewer.memberId,
      partner: viewer.partnerId,
      aud: claims.audience,
      iat,
      exp: iat + VIEWER_HEADER_LIFETIME_SECONDS,
      rid: claims.requestId,
      cli: claims.clientAddress ?? null,
    }),
  ).toString('base64url');
  return { [VIEWER_HEADER]: value, [VIEWER_SIGNATURE_HEADER]: sign(value, secret) };
}

export interface DecodedViewer {
  readonly viewer: Viewer;
  /** The gateway's id of the client request; null for a request without a viewer header. */
  readonly requestId: string | null;
  /** The caller's address as the gateway saw it; null without a viewer header or when unknown. */
  readonly clientAddress: string | null;
}

/**
 * Reads the viewer a subgraph request carries. No header means anonymous; a header whose
 * signature does not match, that is stale or dated in the future, or that names another subgraph
 * is refused (UNAUTHENTICATED, HTTP 401), since only the gateway may say who the caller is, and
 * only for this request.
 */
export function decodeViewerHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  secret: string,
  expected: { audience: string; now?: number },
): DecodedViewer {
  const value = headers[VIEWER_HEADER];
  const signature = headers[VIEWER_SIGNATURE_HEADER];
  if (value === undefined) return { viewer: anonymous, requestId: null, clientAddress: null };
  if (typeof value !== 'string' || typeof signature !== 'string') {
    throw unauthenticated(`Expected one ${VIEWER_HEADER} header with its ${VIEWER_SIGNATURE_HEADER}`);
  }
  const wanted = Buffer.from(sign(value, secret));
  const received = Buffer.from(signature);
  if (wanted.length !== received.length || !timingSafeEqual(wanted, received)) {
    throw unauthenticated(`The ${VIEWER_HEADER} header is not signed by the gateway`);
  }
  const claims: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  if (typeof claims !== 'object' || claims === null)
    throw unauthenticated(`Expected the ${VIEWER_HEADER} header to hold a JSON object`);
  const record: Record<string, unknown> = { ...claims };
  const { aud, iat, exp, rid, cli } = record;
  if (aud !== expected.audience) {
    throw unauthenticated(
      `Expected a ${VIEWER_HEADER} header for audience ${JSON.stringify(expected.audience)}, got ${JSON.stringify(aud)}`,
    );
  }
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > VIEWER_HEADER_LIFETIME_SECONDS) {
    throw unauthenticated(
      `Expected numeric "iat" and "exp" in the ${VIEWER_HEADER} header, at most ${VIEWER_HEADER_LIFETIME_SECONDS} s apart, got iat ${JSON.stringify(iat)}, exp ${JSON.stringify(exp)}`,
    );
  }
  const now = expected.now ?? nowInSeconds();
  if (iat > now + VIEWER_HEADER_CLOCK_SKEW_SECONDS) {
    throw unauthenticated(`Expected a ${VIEWER_HEADER} header issued by now (${now}), got one issued at ${iat}`);
  }
  if (exp < now - VIEWER_HEADER_CLOCK_SKEW_SECONDS) {
    throw unauthenticated(`Expected a ${VIEWER_HEADER} header valid at ${now}, got one that expired at ${exp}`);
  }
  if (!isSaneRequestId(rid))
    throw unauthenticated(
      `Expected a request id ("rid") of 1-64 of A-Z a-z 0-9 . _ : - in the ${VIEWER_HEADER} header, got ${JSON.stringify(rid)}`,
    );
  if (cli !== null && cli !== undefined && !isClientAddress(cli)) {
    throw unauthenticated(
      `Expected a client address ("cli") of up to 64 hex digits, dots and colons in the ${VIEWER_HEADER} header, got ${JSON.stringify(cli)}`,
    );
  }
  const clientAddress = isClientAddress(cli) ? cli : null;
  if (record['sub'] === null) return { viewer: anonymous, requestId: rid, clientAddress };
  try {
    return { viewer: viewerFromClaims(record), requestId: rid, clientAddress };
  } catch (error) {
    throw unauthenticated(
      `The ${VIEWER_HEADER} header holds no valid viewer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** An IPv4 or IPv6 address as Node prints it (`::ffff:127.0.0.1` included). */
export const isClientAddress = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9A-Fa-f:.]{2,64}$/.test(value);
