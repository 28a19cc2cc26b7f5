// One request-log line (docs/behaviour.md §4), written field by field: it is built for every
// proxied request, and a generic JSON.stringify of a fresh object (with a fresh Date for the
// time) was the engine's largest single cost per request (docs/benchmarks.md). The output is
// exactly what JSON.stringify gives for the same fields in the same order (log/line.test.ts).
import type { AttemptRecord, TokenUsage } from '../../../shared/snapshot';
import type { RequestRecord } from '../types';

// Nearly every string here (ids, hosts, paths, models) needs no escape: quoted as it is.
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
const str = (s: string): string => (plain(s) ? `"${s}"` : JSON.stringify(s));
const strOrNull = (s: string | null | undefined): string => (s == null ? 'null' : str(s));

// Names that come back on every line (service, path, model, station, upstream, host, decision)
// are quoted once and looked up after that; the cache starts over when it grows past its bound.
const QUOTED_LIMIT = 2048;
const quoted = new Map<string, string>();
function name(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    if (quoted.size >= QUOTED_LIMIT) quoted.clear();
    q = str(s);
    quoted.set(s, q);
  }
  return q;
}
const nameOrNull = (s: string | null | undefined): string => (s == null ? 'null' : name(s));
/** JSON's number rule: NaN and ±Infinity are written as null. */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');
const numOrNull = (n: number | null | undefined): string => (n == null ? 'null' : num(n));

let isoSecond = NaN;
let isoPrefix = '';

/** `new Date(ms).toISOString()`, with the part up to the second kept from the previous call. */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms)) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    const iso = new Date(second * 1000).toISOString();
    // "2026-11-30T16:58:12.000Z" → "2026-11-30T16:58:12." (years past 9999 have another shape).
    if (iso.length !== 24) return new Date(ms).toISOString();
    isoSecond = second;
    isoPrefix = iso.slice(0, 20);
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

function usageJson(u: TokenUsage | null): string {
  if (u === null) return 'null';
  return (
    `{"inputTokens":${num(u.inputTokens)},"outputTokens":${num(u.outputTokens)}` +
    `,"totalTokens":${num(u.totalTokens)},"reasoningTokens":${num(u.reasoningTokens)}` +
    `,"cachedInputTokens":${num(u.cachedInputTokens)}` +
    `,"cacheCreationTokens":${num(u.cacheCreationTokens)}}`
  );
}

function attemptJson(a: AttemptRecord): string {
  return (
    `{"upstream":${name(a.upstream)},"station":${name(a.station)},"host":${name(a.host)}` +
    `,"status":${numOrNull(a.status)},"error":${strOrNull(a.error)}` +
    `,"decision":${name(a.decision)},"cooldownSecs":${numOrNull(a.cooldownSecs)}` +
    `,"durationMs":${num(a.durationMs)}}`
  );
}

/** The request-log line for a finished request, newline included. */
export function requestLine(r: RequestRecord): string {
  let attempts = '';
  for (let i = 0; i < r.attempts.length; i++) {
    attempts += (i === 0 ? '' : ',') + attemptJson(r.attempts[i]!);
  }
  const upstream =
    r.upstream === null ? 'null' : `{"id":${name(r.upstream.id)},"host":${name(r.upstream.host)}}`;
  // Only on requests with a session id (docs/behaviour.md §2.7).
  const affinity = r.affinity
    ? `,"affinity":${str(r.affinity)},"affinityReason":${strOrNull(r.affinityReason)}`
    : '';
  return (
    // An ISO time never needs an escape.
    `{"time":"${isoTime(r.time)}","requestId":${str(r.requestId)},"service":${name(r.service)}` +
    `,"method":${name(r.method)},"path":${name(r.path)},"status":${num(r.status)}` +
    `,"durationMs":${num(r.durationMs)},"ttfbMs":${numOrNull(r.ttfbMs)}` +
    `,"sessionId":${strOrNull(r.sessionId)},"model":${nameOrNull(r.model)}` +
    `,"mappedModel":${nameOrNull(r.mappedModel)},"station":${nameOrNull(r.station)}` +
    `,"upstream":${upstream},"usage":${usageJson(r.usage)},"costUsd":${numOrNull(r.costUsd)}` +
    `,"attempts":[${attempts}],"error":${strOrNull(r.error)}${affinity}}\n`
  );
}
