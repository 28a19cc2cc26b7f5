// The upstream dialog's draft, its validation as the user types, and its translation into the
// contract's UpstreamInput / UpstreamPatch. Pure, so it is tested without a DOM.
import type { UpstreamInput, UpstreamPatch } from '../../../../shared/contract';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { checkEnvVarName, checkModelPattern } from '../../../../shared/upstream-rules';
import { checkHttpUrl } from '../../../../shared/url';
import {
  EMPTY_MONEY,
  balanceInputOf,
  moneyDraftFrom,
  moneyErrors,
  moneyPatch,
  priceMultiplierOf,
  type MoneyDraft,
} from './balance-form';
import { translator, type Translate } from '../../../../shared/i18n';

export interface UpstreamDraft extends MoneyDraft {
  baseUrl: string;
  alias: string;
  tokenEnv: string;
  /** Write-only: never prefilled; blank on edit keeps the stored secret. */
  token: string;
  /** Sent as `x-api-key` (Anthropic-style relays). */
  apiKeyEnv: string;
  supportedModels: string;
  modelMapping: string;
  tags: string;
}

export type DraftField = keyof UpstreamDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export const EMPTY_DRAFT: UpstreamDraft = {
  baseUrl: '',
  alias: '',
  tokenEnv: '',
  token: '',
  apiKeyEnv: '',
  supportedModels: '',
  modelMapping: '',
  tags: '',
  ...EMPTY_MONEY,
};

type Parsed<T> = { value: T; error: string | null };

/** "gpt-5*, o3" → { "gpt-5*": true, o3: true }. */
export function parsePatterns(text: string): Parsed<Record<string, boolean>> {
  const value: Record<string, boolean> = {};
  for (const p of text.split(/[\s,]+/).filter(Boolean)) {
    const bad = checkModelPattern(p);
    if (bad) return { value, error: bad };
    value[p] = true;
  }
  return { value, error: null };
}

/** One `from = to` per line (blank lines ignored). */
export function parseMapping(text: string): Parsed<Record<string, string>> {
  const value: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const from = eq < 0 ? '' : line.slice(0, eq).trim();
    const to = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (!from || !to) return { value, error: `line ${i + 1}: write it as "from = to"` };
    const bad = checkModelPattern(from);
    if (bad) return { value, error: `line ${i + 1}: ${bad}` };
    if (from in value) return { value, error: `line ${i + 1}: "${from}" is mapped twice` };
    value[from] = to;
  }
  return { value, error: null };
}

/** "provider_id=relay-a endpoint_id=default" (spaces, commas or newlines between pairs). */
export function parseTags(text: string): Parsed<Record<string, string>> {
  const value: Record<string, string> = {};
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const k = eq < 0 ? '' : pair.slice(0, eq);
    if (!k || eq === pair.length - 1) return { value, error: `"${pair}" is not key=value` };
    value[k] = pair.slice(eq + 1);
  }
  return { value, error: null };
}

export function validateDraft(d: UpstreamDraft, t: Translate = translator('en')): DraftErrors {
  const errors: DraftErrors = {};
  const url = d.baseUrl.trim();
  if (!url) errors.baseUrl = t('dlg.urlRequired');
  else {
    const bad = checkHttpUrl(url);
    if (bad) errors.baseUrl = bad;
  }
  for (const field of ['tokenEnv', 'apiKeyEnv'] as const) {
    const env = d[field].trim();
    if (env && checkEnvVarName(env)) {
      errors[field] = t('dlg.envName');
    }
  }
  const models = parsePatterns(d.supportedModels).error;
  if (models) errors.supportedModels = models;
  const mapping = parseMapping(d.modelMapping).error;
  if (mapping) errors.modelMapping = mapping;
  const tags = parseTags(d.tags).error;
  if (tags) errors.tags = tags;
  return { ...errors, ...moneyErrors(d, t) };
}

export function draftFromUpstream(u: UpstreamSnapshot): UpstreamDraft {
  return {
    baseUrl: u.baseUrl,
    alias: u.alias ?? '',
    tokenEnv: u.authTokenEnv ?? '',
    token: '',
    apiKeyEnv: u.apiKeyEnv ?? '',
    supportedModels: Object.keys(u.supportedModels)
      .filter((k) => u.supportedModels[k])
      .join(', '),
    modelMapping: Object.entries(u.modelMapping)
      .map(([from, to]) => `${from} = ${to}`)
      .join('\n'),
    tags: Object.entries(u.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    ...moneyDraftFrom(u),
  };
}

export function draftToInput(d: UpstreamDraft): UpstreamInput {
  const input: UpstreamInput = { baseUrl: d.baseUrl.trim() };
  if (d.alias.trim()) input.alias = d.alias.trim();
  if (d.tokenEnv.trim()) input.authTokenEnv = d.tokenEnv.trim();
  if (d.token) input.authToken = d.token;
  if (d.apiKeyEnv.trim()) input.apiKeyEnv = d.apiKeyEnv.trim();
  const models = parsePatterns(d.supportedModels).value;
  if (Object.keys(models).length) input.supportedModels = models;
  const mapping = parseMapping(d.modelMapping).value;
  if (Object.keys(mapping).length) input.modelMapping = mapping;
  const tags = parseTags(d.tags).value;
  if (Object.keys(tags).length) input.tags = tags;
  const multiplier = priceMultiplierOf(d);
  if (multiplier !== undefined) input.priceMultiplier = multiplier;
  const balance = balanceInputOf(d);
  if (balance) input.balance = balance;
  return input;
}

function sameMap(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Only what the user changed: absent = keep, null = remove (the contract's patch rule). */
export function draftToPatch(d: UpstreamDraft, original: UpstreamSnapshot): UpstreamPatch {
  const before = draftFromUpstream(original);
  const next = draftToInput(d);
  const patch: UpstreamPatch = {};
  if (d.baseUrl.trim() !== original.baseUrl) patch.baseUrl = next.baseUrl;
  if (d.alias.trim() !== before.alias) patch.alias = next.alias ?? null;
  if (d.tokenEnv.trim() !== before.tokenEnv) patch.authTokenEnv = next.authTokenEnv ?? null;
  if (d.token) patch.authToken = d.token;
  if (d.apiKeyEnv.trim() !== before.apiKeyEnv) patch.apiKeyEnv = next.apiKeyEnv ?? null;
  if (!sameMap(next.supportedModels ?? {}, original.supportedModels)) {
    patch.supportedModels = next.supportedModels ?? null;
  }
  if (!sameMap(next.modelMapping ?? {}, original.modelMapping)) {
    patch.modelMapping = next.modelMapping ?? null;
  }
  if (!sameMap(next.tags ?? {}, original.tags)) patch.tags = next.tags ?? null;
  return { ...patch, ...moneyPatch(d, original) };
}

/** On edit, a new base URL gives the upstream a new signature and so fresh balancer state. */
export function baseUrlChanged(d: UpstreamDraft, original: UpstreamSnapshot | null): boolean {
  return original !== null && d.baseUrl.trim() !== original.baseUrl;
}
