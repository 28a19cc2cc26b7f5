import { describe, expect, it } from 'vitest';
import { noProxyMatches, outboundProxyFor } from './outbound';
import { parseTarget } from './url';

const P = 'http://proxy.example:8080';

describe('which outbound proxy an upstream call takes', () => {
  const relay = parseTarget('https://relay.example/v1');
  it('prefers the upstream, then [proxy] outbound, then the environment', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:1' };
    expect(outboundProxyFor(relay, 'http://mine:2', { outbound: P }, env)).toBe('http://mine:2');
    expect(outboundProxyFor(relay, 'none', { outbound: P }, env)).toBeNull();
    expect(outboundProxyFor(relay, undefined, { outbound: P }, env)).toBe(P);
    expect(outboundProxyFor(relay, undefined, {}, env)).toBe('http://env-proxy:1');
    expect(outboundProxyFor(relay, undefined, {}, { http_proxy: 'http://low:3' })).toBe(
      'http://low:3',
    );
    expect(outboundProxyFor(relay, undefined, {}, {})).toBeNull();
  });

  it('keeps loopback relays and NO_PROXY hosts off the environment proxy', () => {
    const env = { HTTP_PROXY: P, NO_PROXY: 'internal.example, .corp:8443' };
    expect(outboundProxyFor(parseTarget('http://127.0.0.1:9/v1'), undefined, {}, env)).toBeNull();
    expect(outboundProxyFor(parseTarget('http://internal.example'), undefined, {}, env)).toBeNull();
    expect(noProxyMatches('.corp:8443', 'a.b.corp', 8443)).toBe(true);
    expect(noProxyMatches('.corp:8443', 'a.b.corp', 443)).toBe(false);
    expect(noProxyMatches('*', 'anything', 1)).toBe(true);
    expect(noProxyMatches('example.com', 'notexample.com', 80)).toBe(false);
  });
});
