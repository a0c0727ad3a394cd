import { describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/viewer';
import { anonymous, Role } from '../src/auth/viewer';
import {
  decodeViewerHeaders,
  encodeViewerHeaders,
  VIEWER_HEADER,
  VIEWER_HEADER_CLOCK_SKEW_SECONDS,
  VIEWER_HEADER_LIFETIME_SECONDS,
  VIEWER_SIGNATURE_HEADER,
} from '../src/auth/viewer-header';
import { DomainError, ErrorCode } from '../src/errors/domain-error';

const SECRET = 'a-test-internal-secret-of-32-chars!';
const NOW = 1_750_000_000;
const analyst: Viewer = {
  subject: 'analyst-1',
  roles: [Role.ANALYST],
  organizationId: 'org-77',
  memberId: null,
  partnerId: null,
};
const signed = (
  issuedAt: number,
  audience = 'cards',
  viewer: Viewer = analyst,
  clientAddress: string | null = '203.0.113.7',
) => encodeViewerHeaders(viewer, SECRET, { audience, requestId: 'req-42', issuedAt, clientAddress });
const decode = (headers: Record<string, string>, audience = 'cards') =>
  decodeViewerHeaders(headers, SECRET, { audience, now: NOW });
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED) return error.message;
    throw error;
  }
  throw new Error('expected an UNAUTHENTICATED refusal, got none');
};

describe('the signed viewer header', () => {
  it('carries the viewer, audience, issue time, a one-minute expiry, the request id and the client address', () => {
    const headers = signed(NOW);
    const claims: unknown = JSON.parse(Buffer.from(headers[VIEWER_HEADER] ?? '', 'base64url').toString('utf8'));
    expect(claims).toEqual({
      sub: 'analyst-1',
      roles: ['ANALYST'],
      org: 'org-77',
      member: null,
      partner: null,
      aud: 'cards',
      iat: NOW,
      exp: NOW + VIEWER_HEADER_LIFETIME_SECONDS,
      rid: 'req-42',
      cli: '203.0.113.7',
    });
    expect(decode(headers)).toEqual({ viewer: analyst, requestId: 'req-42', clientAddress: '203.0.113.7' });
  });

  it('reads an anonymous viewer and a missing header as anonymous', () => {
    expect(decode(signed(NOW, 'cards', anonymous, null))).toEqual({
      viewer: anonymous,
      requestId: 'req-42',
      clientAddress: null,
    });
    expect(decode({})).toEqual({ viewer: anonymous, requestId: null, clientAddress: null });
  });

  it('accepts a header within the clock skew on either side', () => {
    expect(decode(signed(NOW + VIEWER_HEADER_CLOCK_SKEW_SECONDS)).viewer).toEqual(analyst);
    expect(decode(signed(NOW - VIEWER_HEADER_LIFETIME_SECONDS - VIEWER_HEADER_CLOCK_SKEW_SECONDS)).viewer).toEqual(
      analyst,
    );
  });

  it('refuses an expired header, saying when it expired', () => {
    const issuedAt = NOW - VIEWER_HEADER_LIFETIME_SECONDS - VIEWER_HEADER_CLOCK_SKEW_SECONDS - 1;
    expect(refusal(() => decode(signed(issuedAt)))).toBe(
      `Expected a x-registry-viewer header valid at ${NOW}, got one that expired at ${issuedAt + VIEWER_HEADER_LIFETIME_SECONDS}`,
    );
  });

  it('refuses a header dated in the future', () => {
    const issuedAt = NOW + VIEWER_HEADER_CLOCK_SKEW_SECONDS + 1;
    expect(refusal(() => decode(signed(issuedAt)))).toBe(
      `Expected a x-registry-viewer header issued by now (${NOW}), got one issued at ${issuedAt}`,
    );
  });

  it('refuses a header signed for another subgraph', () => {
    expect(refusal(() => decode(signed(NOW, 'members'), 'cards'))).toBe(
      'Expected a x-registry-viewer header for audience "cards", got "members"',
    );
  });

  it('refuses a tampered header, an unsigned one and one signed with another secret', () => {
    const headers = signed(NOW);
    const raised = Buffer.from(
      JSON.stringify({
        sub: 'analyst-1',
        roles: ['CENTRAL_ADMIN'],
        aud: 'cards',
        iat: NOW,
        exp: NOW + 60,
        rid: 'req-42',
      }),
    ).toString('base64url');
    const tampered = { ...headers, [VIEWER_HEADER]: raised };
    expect(refusal(() => decode(tampered))).toBe('The x-registry-viewer header is not signed by the gateway');
    expect(refusal(() => decode({ [VIEWER_HEADER]: raised }))).toBe(
      'Expected one x-registry-viewer header with its x-registry-viewer-signature',
    );
    const foreign = encodeViewerHeaders(analyst, 'another-secret', {
      audience: 'cards',
      requestId: 'req-42',
      issuedAt: NOW,
    });
    expect(refusal(() => decode(foreign))).toBe('The x-registry-viewer header is not signed by the gateway');
    expect(foreign[VIEWER_SIGNATURE_HEADER]).not.toBe(headers[VIEWER_SIGNATURE_HEADER]);
  });
});
