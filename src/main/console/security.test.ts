import { describe, expect, it } from 'vitest';
import { generateToken, isAllowedOrigin, isLoopbackHost, tokenMatches } from './security';

describe('console security checks', () => {
  it('accepts loopback Host names with or without a port and refuses everything else', () => {
    for (const ok of [
      'localhost',
      'LOCALHOST:3212',
      '127.0.0.1',
      '127.0.0.1:80',
      '[::1]',
      '[::1]:3212',
    ]) {
      expect(isLoopbackHost(ok), ok).toBe(true);
    }
    for (const bad of [
      undefined,
      '',
      'evil.example',
      'evil.example:3212',
      '127.0.0.2',
      'localhost.evil.example',
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
});
