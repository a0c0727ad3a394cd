import { createHmac, timingSafeEqual } from 'node:crypto';
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

const sign = (value: string, secret: string): string => createHmac('sha256', secret).update(value).digest('base64url');

/** Encodes the viewer for a subgraph request; only holders of the internal secret can do this. */
export function encodeViewerHeaders(viewer: Viewer, secret: string): Record<string, string> {
  const value = Buffer.from(
    JSON.stringify({
      sub: viewer.subject,
      roles: viewer.roles,
      org: viewer.organizationId,
      member: viewer.memberId,
      partner: viewer.partnerId,
    }),
  ).toString('base64url');
  return { [VIEWER_HEADER]: value, [VIEWER_SIGNATURE_HEADER]: sign(value, secret) };
}

export class ViewerHeaderError extends Error {}

/**
 * Reads the viewer a subgraph request carries. No header means anonymous; a header whose
 * signature does not match is refused, since only the gateway may say who the caller is.
 */
export function decodeViewerHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  secret: string,
): Viewer {
  const value = headers[VIEWER_HEADER];
  const signature = headers[VIEWER_SIGNATURE_HEADER];
  if (value === undefined) return anonymous;
  if (typeof value !== 'string' || typeof signature !== 'string') {
    throw new ViewerHeaderError(`Expected one ${VIEWER_HEADER} header with its ${VIEWER_SIGNATURE_HEADER}`);
  }
  const expected = Buffer.from(sign(value, secret));
  const received = Buffer.from(signature);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    throw new ViewerHeaderError(`The ${VIEWER_HEADER} header is not signed by the gateway`);
  }
  const claims: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  if (typeof claims === 'object' && claims !== null && 'sub' in claims && claims.sub === null) return anonymous;
  return viewerFromClaims(claims);
}
