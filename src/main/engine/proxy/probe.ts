// The Test command's probe (`testUpstream`): GET {base_url}/models with the upstream's auth;
// status and latency. Never throws.
import type { ProxyConfig, UpstreamConfig } from '../../../shared/config-types';
import type { TestUpstreamResult } from '../../../shared/contract';
import { resolveAuth } from '../config/auth';
import type { Clock } from '../types';
import { redact } from './redact';
import { callUpstream, readCapped, TransportError, UpstreamPools } from './upstream';
import { parseTarget } from './url';

export async function probeUpstream(
  upstream: UpstreamConfig,
  env: Readonly<Record<string, string | undefined>>,
  clock: Clock,
  timeoutMs = 10_000,
  /** `[proxy] outbound`: the Test goes the way requests go. */
  proxy: Pick<ProxyConfig, 'outbound'> = {},
): Promise<TestUpstreamResult> {
  const auth = resolveAuth(upstream.auth, env);
  const pools = new UpstreamPools(timeoutMs);
  const start = clock.now();
  try {
    const target = parseTarget(upstream.base_url);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth.token !== null) headers['authorization'] = `Bearer ${auth.token}`;
    if (auth.apiKey !== null) {
      headers['x-api-key'] = auth.apiKey;
      headers['anthropic-version'] = '2023-06-01';
    }
    const call = callUpstream({
      target,
      path: `${target.prefix}/models`,
      method: 'GET',
      headers,
      body: null,
      pool: pools.forUpstream(target, upstream, proxy, env),
      connectTimeoutMs: timeoutMs,
      idleTimeoutMs: timeoutMs,
    });
    const res = await call.response;
    const status = res.status;
    const latencyMs = clock.now() - start;
    const body = await readCapped(res.body, 64 * 1024).catch(() => Buffer.alloc(0));
    const ok = status >= 200 && status < 300;
    const error = ok
      ? null
      : redact(`status ${status}: ${body.toString('utf8').slice(0, 200)}`, [
          auth.token,
          auth.apiKey,
        ]);
    return { status, latencyMs, ok, error };
  } catch (err) {
    const message =
      err instanceof TransportError
        ? `${err.cls}: ${err.message}`
        : err instanceof Error
          ? err.message
          : String(err);
    return {
      status: null,
      latencyMs: null,
      ok: false,
      error: redact(message, [auth.token, auth.apiKey]),
    };
  } finally {
    void pools.destroy();
  }
}
