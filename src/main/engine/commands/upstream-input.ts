// From what the user entered (camelCase, secrets write-only) to the config model, and from a
// patch to the smallest set of config edits.
import {
  type BalanceConfig,
  ENDPOINT_ID_TAG,
  PROVIDER_ID_TAG,
  upstreamId,
  type ServiceName,
  type StationConfig,
  type UpstreamAuth,
  type UpstreamConfig,
} from '../../../shared/config-types';
import {
  AppError,
  type BalanceInput,
  type UpstreamInput,
  type UpstreamPatch,
} from '../../../shared/contract';
import { UPSTREAM_INPUT_NAMES, unknownName } from '../../../shared/command-args';
import { validateUpstreamInput } from '../../../shared/upstream-rules';
import type { ConfigEdit, TomlValue } from '../types';

function refuseUnknownFields(input: object, what: string): void {
  const unknown = unknownName(input, UPSTREAM_INPUT_NAMES);
  if (unknown !== null) {
    const shown = JSON.stringify(unknown.slice(0, 80));
    throw new AppError(
      'invalid_argument',
      `${what} has no field ${shown} (it takes ${UPSTREAM_INPUT_NAMES.join(', ')})`,
      `${what}.${unknown.slice(0, 80)}`,
    );
  }
}

function assertValid(input: UpstreamInput): void {
  if (typeof input !== 'object' || input === null || typeof input.baseUrl !== 'string') {
    throw new AppError('invalid_argument', '"upstream.baseUrl" is required', 'baseUrl');
  }
  refuseUnknownFields(input, 'upstream');
  const [first] = validateUpstreamInput(input);
  if (first) throw new AppError('invalid_argument', first.message, first.field);
}

function nonBlank(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'upstream';
}

/**
 * NEW (docs/behaviour.md §2.2): every upstream the app creates gets provider_id/endpoint_id tags,
 * so its state follows it when the user drags it. The provider id comes from the host, made unique.
 */
function withIdentity(
  tags: Record<string, string>,
  baseUrl: string,
  station: StationConfig,
  skipIndex: number | null,
): Record<string, string> {
  const out = { ...tags };
  const taken = new Set(
    // Ids come from each upstream's real position (an untagged id is its index), so the one
    // being edited is dropped after the ids are made, not before.
    station.upstreams
      .map((u, i) => (i === skipIndex ? null : upstreamId(station.name, i, u.tags)))
      .filter((id): id is string => id !== null),
  );
  if (out[PROVIDER_ID_TAG] === undefined) {
    let host = 'upstream';
    try {
      host = new URL(baseUrl).host;
    } catch {
      /* validated earlier */
    }
    const base = slug(host);
    const endpoint = out[ENDPOINT_ID_TAG] ?? 'default';
    let candidate = base;
    for (let n = 2; taken.has(`${candidate}/${endpoint}`); n++) candidate = `${base}-${n}`;
    out[PROVIDER_ID_TAG] = candidate;
  }
  if (out[ENDPOINT_ID_TAG] === undefined) out[ENDPOINT_ID_TAG] = 'default';
  return out;
}

function toBalanceConfig(b: BalanceInput): BalanceConfig {
  const out: BalanceConfig = { kind: b.kind };
  if (b.intervalSecs !== undefined) out.interval_secs = b.intervalSecs;
  if (b.exhaustBelow !== undefined) out.exhaust_below = b.exhaustBelow;
  const endpoint = nonBlank(b.endpoint);
  if (endpoint) out.endpoint = endpoint;
  const path = nonBlank(b.remainingPath);
  if (path) out.remaining_path = path;
  if (b.divisor !== undefined) out.divisor = b.divisor;
  const currency = nonBlank(b.currency);
  if (currency) out.currency = currency;
  return out;
}

function toBalanceInput(b: BalanceConfig): BalanceInput {
  const out: BalanceInput = { kind: b.kind };
  if (b.interval_secs !== undefined) out.intervalSecs = b.interval_secs;
  if (b.exhaust_below !== undefined) out.exhaustBelow = b.exhaust_below;
  if (b.endpoint !== undefined) out.endpoint = b.endpoint;
  if (b.remaining_path !== undefined) out.remainingPath = b.remaining_path;
  if (b.divisor !== undefined) out.divisor = b.divisor;
  if (b.currency !== undefined) out.currency = b.currency;
  return out;
}

/** The balance inline table as written to config.toml (snake_case, only the keys set). */
function balanceTable(b: BalanceConfig): Record<string, TomlValue> {
  const t: Record<string, TomlValue> = {};
  for (const [k, v] of Object.entries(b)) if (v !== undefined) t[k] = v as TomlValue;
  return t;
}

export function toUpstreamConfig(
  input: UpstreamInput,
  station: StationConfig,
  skipIndex: number | null = null,
): UpstreamConfig {
  assertValid(input);
  const auth: UpstreamAuth = {};
  const token = nonBlank(input.authToken);
  const tokenEnv = nonBlank(input.authTokenEnv);
  const key = nonBlank(input.apiKey);
  const keyEnv = nonBlank(input.apiKeyEnv);
  if (token) auth.auth_token = token;
  if (tokenEnv) auth.auth_token_env = tokenEnv;
  if (key) auth.api_key = key;
  if (keyEnv) auth.api_key_env = keyEnv;
  const baseUrl = input.baseUrl.trim();
  const upstream: UpstreamConfig = {
    base_url: baseUrl,
    enabled: input.enabled ?? true,
    auth,
    tags: withIdentity(input.tags ?? {}, baseUrl, station, skipIndex),
    supported_models: { ...(input.supportedModels ?? {}) },
    model_mapping: { ...(input.modelMapping ?? {}) },
  };
  const alias = nonBlank(input.alias);
  if (alias) upstream.alias = alias;
  if (input.priceMultiplier !== undefined) upstream.price_multiplier = input.priceMultiplier;
  const outbound = nonBlank(input.outboundProxy);
  if (outbound) upstream.outbound_proxy = outbound;
  if (input.balance) upstream.balance = toBalanceConfig(input.balance);
  const id = upstreamId(station.name, station.upstreams.length, upstream.tags);
  const clash = station.upstreams.findIndex(
    (u, i) => i !== skipIndex && upstreamId(station.name, i, u.tags) === id,
  );
  if (clash >= 0) {
    throw new AppError(
      'conflict',
      `station "${station.name}" already has an upstream with id "${id}" (position ${clash + 1})`,
      'tags',
    );
  }
  return upstream;
}

/** The current upstream as an input, secrets included (main process only, never sent out). */
function toInput(u: UpstreamConfig): UpstreamInput {
  return {
    baseUrl: u.base_url,
    alias: u.alias,
    enabled: u.enabled,
    authToken: u.auth.auth_token,
    authTokenEnv: u.auth.auth_token_env,
    apiKey: u.auth.api_key,
    apiKeyEnv: u.auth.api_key_env,
    tags: u.tags,
    supportedModels: u.supported_models,
    modelMapping: u.model_mapping,
    priceMultiplier: u.price_multiplier,
    outboundProxy: u.outbound_proxy,
    balance: u.balance && toBalanceInput(u.balance),
  };
}

function applyPatch(current: UpstreamInput, patch: UpstreamPatch): UpstreamInput {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next as unknown as UpstreamInput;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function authTable(auth: UpstreamAuth): Record<string, TomlValue> {
  const t: Record<string, TomlValue> = {};
  for (const k of ['auth_token', 'auth_token_env', 'api_key', 'api_key_env'] as const) {
    const v = auth[k];
    if (v !== undefined) t[k] = v;
  }
  return t;
}

/** Smallest set of edits turning the upstream at `index` into its patched form. */
export function patchEdits(
  service: ServiceName,
  station: StationConfig,
  index: number,
  patch: UpstreamPatch,
): { edits: ConfigEdit[]; next: UpstreamConfig } {
  const current = station.upstreams[index];
  if (!current) throw new AppError('not_found', `no upstream at position ${index + 1}`);
  if (typeof patch !== 'object' || patch === null) {
    throw new AppError('invalid_argument', '"patch" must be an object', 'patch');
  }
  refuseUnknownFields(patch, 'patch');
  const merged = applyPatch(toInput(current), patch);
  // Tags keep the upstream's identity unless the patch sets them explicitly.
  const next = toUpstreamConfig({ ...merged, tags: merged.tags ?? current.tags }, station, index);
  const base: (string | number)[] = [service, 'stations', station.name, 'upstreams', index];
  const edits: ConfigEdit[] = [];
  const setOrDelete = (key: string, value: TomlValue | undefined, empty: boolean) => {
    edits.push(
      value === undefined || empty
        ? { kind: 'delete', path: [...base, key] }
        : { kind: 'set', path: [...base, key], value },
    );
  };
  if (next.base_url !== current.base_url) setOrDelete('base_url', next.base_url, false);
  if (next.alias !== current.alias) setOrDelete('alias', next.alias, next.alias === undefined);
  if (next.enabled !== current.enabled) setOrDelete('enabled', next.enabled, false);
  if (!same(next.auth, current.auth)) {
    const t = authTable(next.auth);
    setOrDelete('auth', t, Object.keys(t).length === 0);
  }
  const maps = [
    ['tags', next.tags, current.tags],
    ['supported_models', next.supported_models, current.supported_models],
    ['model_mapping', next.model_mapping, current.model_mapping],
  ] as const;
  for (const [key, n, c] of maps) {
    if (!same(n, c)) setOrDelete(key, n as TomlValue, Object.keys(n).length === 0);
  }
  if (next.price_multiplier !== current.price_multiplier) {
    setOrDelete('price_multiplier', next.price_multiplier, next.price_multiplier === undefined);
  }
  if (next.outbound_proxy !== current.outbound_proxy) {
    setOrDelete('outbound_proxy', next.outbound_proxy, next.outbound_proxy === undefined);
  }
  if (!same(next.balance, current.balance)) {
    setOrDelete('balance', next.balance && balanceTable(next.balance), next.balance === undefined);
  }
  return { edits, next };
}
