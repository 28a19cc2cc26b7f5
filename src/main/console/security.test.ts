import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '../engine/hosts';
import { generateToken, isAllowedOrigin, tokenMatches } from './security';

const policy = {
  listenHost: '127.0.0.1',
  allowed: ['console.lan'],
  machine: () => ({ names: new Set(['mybox']), addresses: new Set(['192.168.1.5']) }),
};
const isLoopbackHost = (h: string | undefined) => isAllowedHost(h, policy);

describe('console security checks', () => {
  it('accepts loopback Host names in any spelling and allowed_hosts, refuses everything else', () => {
    for (const ok of [
      'localhost',
      'LOCALHOST:3212',
      '127.0.0.1',
      '127.0.0.1:80',
      '[::1]',
      '[::1]:3212',
      '127.0.0.2',
      'localhost.',
      '[::ffff:127.0.0.1]:3212',
      'console.lan:3212',
    ]) {
      expect(isLoopbackHost(ok), ok).toBe(true);
    }
    for (const bad of [
      undefined,
      '',
      'evil.example',
      'evil.example:3212',
      'localhost.evil.example',
      'evil.example@127.0.0.1',
      'mybox',
      '192.168.1.5',
      '[::2]:1',
      '0.0.0.0',
    ]) {
      expect(isLoopbackHost(bad), String(bad)).toBe(false);
    }
  });

  it('allows no Origin or the same origin, refuses any other', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:3212')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:3212', '127.0.0.1:3212')).toBe(true);
    expect(isAllowedOrigin('http://evil.example', '127.0.0.1:3212')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:3212')).toBe(false);
    expect(isAllowedOrigin('http://localhost:3212', '127.0.0.1:3212')).toBe(false);
  });

  it('generates distinct url-safe tokens of at least 128 bits', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
  });

  it("admits this machine's own names and addresses only when listening on a wildcard address", () => {
    const wild = { ...policy, listenHost: '0.0.0.0' };
    expect(isAllowedHost('mybox:3212', wild)).toBe(true);
    expect(isAllowedHost('192.168.1.5', wild)).toBe(true);
    expect(isAllowedHost('evil.example', wild)).toBe(false);
    expect(isAllowedHost('mybox:3212', policy)).toBe(false);
  });
});
