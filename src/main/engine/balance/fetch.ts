// One balance request: GET with the upstream's own credential, a deadline for the whole exchange.
// Errors never carry the URL (a relay's endpoint may hold a secret in its query).
import type { ProxyConfig, UpstreamConfig } from '../../../shared/config-types';
import type { Scheduler } from '../types';
import { callUpstream, readCapped, TransportError, type UpstreamPools } from '../proxy/upstream';
import { parseTarget } from '../proxy/url';
import { errorInfo } from '../proxy/classify';

const BODY_CAP = 256 * 1024;

export interface FetchedText {
  status: number;
  text: string;
}

export class PollError extends Error {}

export async function fetchText(o: {
  url: string;
  headers: Record<string, string>;
  pools: UpstreamPools;
  scheduler: Scheduler;
  timeoutMs: number;
  /** The upstream whose outbound proxy applies (docs/behaviour.md §3.3); absent = direct. */
  route?: {
    upstream: Pick<UpstreamConfig, 'outbound_proxy'>;
    proxy: Pick<ProxyConfig, 'outbound'>;
    env: Readonly<Record<string, string | undefined>>;
  };
}): Promise<FetchedText> {
  const u = new URL(o.url);
  const target = parseTarget(`${u.protocol}//${u.host}`);
  const call = callUpstream({
    target,
    path: `${u.pathname}${u.search}`,
    method: 'GET',
    headers: o.headers,
    body: null,
    pool: o.route
      ? o.pools.forUpstream(target, o.route.upstream, o.route.proxy, o.route.env)
      : o.pools.get(target),
    connectTimeoutMs: o.timeoutMs,
    idleTimeoutMs: o.timeoutMs,
  });
  let timedOut = false;
  const timer = o.scheduler.setTimeout(() => {
    timedOut = true;
    call.abort();
  }, o.timeoutMs);
  try {
    const res = await call.response;
    const text = (await readCapped(res.body, BODY_CAP)).toString('utf8');
    if (timedOut) throw new PollError(`no answer within ${o.timeoutMs / 1000} s`);
    return { status: res.status, text };
  } catch (err) {
    if (timedOut) throw new PollError(`no answer within ${o.timeoutMs / 1000} s`);
    if (err instanceof TransportError) throw new PollError(`${err.cls}: ${err.message}`);
    throw err;
  } finally {
    o.scheduler.clearTimeout(timer);
  }
}

/** "status 401: Invalid token" from a non-2xx answer. */
export function statusProblem(f: FetchedText): string {
  const message = errorInfo(f.text).message.replace(/\s+/g, ' ').trim().slice(0, 200);
  return message ? `status ${f.status}: ${message}` : `status ${f.status}`;
}
