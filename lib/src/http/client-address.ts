import { isClientAddress } from '../auth/viewer-header';

/**
 * The address of the client a request comes from. With no proxy in front (`trustedProxies` 0) it
 * is the socket's peer: an `X-Forwarded-For` header is then the client's own word and ignored.
 * Behind N proxies that each append the address they saw, the client is the N-th entry from the
 * right; entries further left were written by the client and prove nothing.
 */
export function clientAddressOf(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string | null {
  if (trustedProxies > 0 && forwardedFor !== undefined) {
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop.length > 0);
    const client = hops[hops.length - trustedProxies];
    return isClientAddress(client) ? client : null;
  }
  return isClientAddress(remoteAddress) ? remoteAddress : null;
}
