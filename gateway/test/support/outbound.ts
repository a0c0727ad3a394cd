import dns from 'node:dns';
import net from 'node:net';
import { vi } from 'vitest';

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const hostOf = (options: unknown): string | null =>
  typeof options === 'object' && options !== null && 'host' in options && typeof options.host === 'string'
    ? options.host
    : null;

/**
 * Records every host this process looks up or connects to from now on (until
 * `vi.restoreAllMocks()`), while letting the calls through; `offMachine()` lists those that are
 * not loopback: what a test of "nothing leaves the machine" expects to be empty.
 */
export function recordOutbound(): { offMachine(): string[] } {
  const destinations: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .apply(this) on each socket
  const connect = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
    this: net.Socket,
    ...args: Parameters<typeof connect>
  ) {
    const host = hostOf(args[0]);
    if (host !== null) destinations.push(host);
    return connect.apply(this, args);
  });
  const lookup = dns.lookup;
  vi.spyOn(dns, 'lookup').mockImplementation((hostname: string, ...rest: unknown[]): unknown => {
    destinations.push(hostname);
    const request: unknown = Reflect.apply(lookup, dns, [hostname, ...rest]);
    return request;
  });
  return { offMachine: () => destinations.filter((host) => !LOOPBACK.test(host)) };
}
