import { describe, expect, it } from 'vitest';
import { clientAddressOf } from '../src';

describe('clientAddressOf', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf('127.0.0.1', '203.0.113.7', 0)).toBe('127.0.0.1');
    expect(clientAddressOf('::ffff:10.0.0.5', undefined, 0)).toBe('::ffff:10.0.0.5');
  });
  it('behind N proxies, is the N-th entry from the right', () => {
    expect(clientAddressOf('10.0.0.1', '198.51.100.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.1', ['198.51.100.1, 203.0.113.7', '10.0.0.2'], 2)).toBe('203.0.113.7');
  });
  it('is null when the header holds no address there', () => {
    expect(clientAddressOf('10.0.0.1', 'not an address', 1)).toBeNull();
    expect(clientAddressOf('10.0.0.1', '203.0.113.7', 3)).toBeNull();
    expect(clientAddressOf(undefined, undefined, 0)).toBeNull();
  });
});
