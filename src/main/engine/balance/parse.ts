// Reading what a relay's balance endpoint answers (docs/behaviour.md §9), one parser
// per kind. A body that says it failed, or lacks the amount, is a failed poll (BalanceError).
import { BALANCE_DEFAULTS, type BalanceConfig } from '../../../shared/config-types';
import type { MessageRef } from '../../../shared/contract';

export class BalanceError extends Error {}

export interface BalanceReading {
  /** In `currency`. */
  remaining: number;
  limit: number | null;
  used: number | null;
  currency: string;
  unlimited: boolean;
  /** The relay itself says the key cannot be used now (and why), whatever the amount. */
  refused: string | null;
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

/** A number, or a decimal string ("110.00"). */
function amount(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

function need(v: unknown, what: string): number {
  const n = amount(v);
  if (n === null) throw new BalanceError(`the answer has no ${what}`);
  return n;
}

/** `{code:false|success:false, message}` or `{error: …}`: the relay says the poll failed. */
function failureOf(doc: Obj): string | null {
  const message = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  if (doc.success === false || doc.code === false) {
    return message(doc.message) ?? message(doc.msg) ?? 'the relay answered that the request failed';
  }
  const e = doc.error;
  if (e !== undefined && e !== null && e !== false && e !== '') {
    return message(e) ?? message(obj(e)?.message) ?? 'the relay answered with an error';
  }
  return null;
}

function newApi(doc: Obj, divisor: number): BalanceReading {
  const data = obj(doc.data);
  if (!data) throw new BalanceError('the answer has no "data" object');
  return {
    remaining: need(data.total_available, 'data.total_available') / divisor,
    limit: need(data.total_granted, 'data.total_granted') / divisor,
    used: need(data.total_used, 'data.total_used') / divisor,
    currency: 'USD',
    unlimited: data.unlimited_quota === true,
    refused: null,
  };
}

function openAiBalance(doc: Obj): BalanceReading {
  const infos = Array.isArray(doc.balance_infos) ? doc.balance_infos.map(obj) : [];
  const entry = infos.find((i) => i?.currency === 'USD') ?? infos[0];
  if (!entry) throw new BalanceError('the answer has no "balance_infos" entry');
  return {
    remaining: need(entry.total_balance, 'balance_infos[].total_balance'),
    limit: null,
    used: null,
    currency: typeof entry.currency === 'string' ? entry.currency : 'USD',
    unlimited: false,
    refused: doc.is_available === false ? 'the relay says the balance is not available' : null,
  };
}

const WINDOWS = ['daily', 'weekly', 'monthly'] as const;

function sub2api(doc: Obj): BalanceReading {
  const sub = obj(doc.subscription);
  let limit: number | null = null;
  let used: number | null = null;
  let refused: string | null = doc.isValid === false ? 'the relay says the key is not valid' : null;
  for (const w of WINDOWS) {
    const l = amount(sub?.[`${w}_limit_usd`]);
    const u = amount(sub?.[`${w}_usage_usd`]) ?? 0;
    // A limit of 0 means no limit for that window.
    if (l === null || l <= 0) continue;
    if (limit === null) {
      limit = l;
      used = u;
    }
    if (u >= l) refused ??= `the ${w} limit of ${l} USD is used up`;
  }
  return {
    remaining: need(doc.remaining, '"remaining"'),
    limit,
    used,
    currency: 'USD',
    unlimited: false,
    refused,
  };
}

/** `data.balance`, `balance_infos.0.total_balance`: names and array indices. */
export function atPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (obj(cur)) cur = (cur as Obj)[seg];
    else return undefined;
  }
  return cur;
}

function httpJson(doc: Obj, source: BalanceConfig): BalanceReading {
  const path = source.remaining_path ?? '';
  const divisor = source.divisor ?? BALANCE_DEFAULTS.divisor;
  return {
    remaining: need(atPath(doc, path), `value at "${path}"`) / divisor,
    limit: null,
    used: null,
    currency: source.currency ?? BALANCE_DEFAULTS.currency,
    unlimited: false,
    refused: null,
  };
}

/** Parses a balance answer's text for the source's kind; throws BalanceError on a failed poll. */
export function parseBalance(text: string, source: BalanceConfig): BalanceReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BalanceError('the answer is not JSON');
  }
  const doc = obj(parsed);
  if (!doc) throw new BalanceError('the answer is not a JSON object');
  const failure = failureOf(doc);
  if (failure) throw new BalanceError(failure);
  switch (source.kind) {
    case 'new-api':
      return newApi(doc, source.divisor ?? BALANCE_DEFAULTS.newApiDivisor);
    case 'openai-balance':
      return openAiBalance(doc);
    case 'sub2api':
      return sub2api(doc);
    case 'http-json':
      return httpJson(doc, source);
  }
}

function money(n: number, currency: string): string {
  return `${Number(n.toFixed(4))} ${currency}`;
}

/** What a threshold check reads of a poll: the reading itself, or the snapshot's copy of it. */
type Amount = { unlimited: boolean; remaining: number | null; currency: string };

/**
 * Why the reading makes the upstream exhausted, or null when it does not: the relay refuses the
 * key, or the remaining amount is at or below the threshold (never when unlimited).
 */
export function exhaustionOf(r: BalanceReading, exhaustBelow: number): string | null {
  if (r.unlimited) return null;
  if (r.refused) return `balance: ${r.refused}`;
  const below = belowThreshold(r, exhaustBelow);
  return below ? thresholdText(below) : null;
}

function belowThreshold(
  r: Amount,
  exhaustBelow: number,
): { remaining: string; threshold: string } | null {
  if (r.unlimited || r.remaining === null || r.remaining > exhaustBelow) return null;
  return { remaining: money(r.remaining, r.currency), threshold: money(exhaustBelow, r.currency) };
}

function thresholdText(p: { remaining: string; threshold: string }): string {
  return `balance ${p.remaining} is at or below the threshold ${p.threshold}`;
}

/**
 * The stored exhaustion reason as a message the UI translates (docs/behaviour.md §8.6), when it
 * is the threshold text this reading produces; null otherwise (a relay's words stay as they are).
 */
export function exhaustionMessage(
  reason: string | null,
  r: Amount | null,
  exhaustBelow: number,
): MessageRef | null {
  const below = r ? belowThreshold(r, exhaustBelow) : null;
  if (!below || reason !== thresholdText(below)) return null;
  return { messageId: 'balance.atOrBelow', params: below };
}
