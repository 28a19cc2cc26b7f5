// Shared pieces of the importers: one candidate shape, secret-free auth copying, tolerant
// reading of the free-form maps other tools wrote.
import type { UpstreamInput } from '../../../shared/contract';
import { isRecord } from './text';

export interface RawCandidate {
  id: string;
  origin: string;
  upstream: UpstreamInput;
}

export interface ReadResult {
  file: string;
  candidates: RawCandidate[];
  warnings: string[];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

export function boolMap(v: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'boolean') out[k] = x;
  return out;
}

/**
 * Copies only the *names* of environment variables. An inline token or key is never copied:
 * the caller gets `hasInlineSecret` to warn about it instead.
 */
export function authNames(...layers: unknown[]): {
  authTokenEnv?: string;
  apiKeyEnv?: string;
  hasInlineSecret: boolean;
} {
  let authTokenEnv: string | undefined;
  let apiKeyEnv: string | undefined;
  let hasInlineSecret = false;
  // Earlier layers win per field (codex-helper: inline fields win over the nested auth table).
  for (const layer of layers) {
    if (!isRecord(layer)) continue;
    authTokenEnv ??= str(layer.auth_token_env);
    apiKeyEnv ??= str(layer.api_key_env);
    if (str(layer.auth_token) || str(layer.api_key)) hasInlineSecret = true;
  }
  return {
    ...(authTokenEnv ? { authTokenEnv } : {}),
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
    hasInlineSecret,
  };
}

export function inlineSecretWarning(what: string): string {
  return `${what} has an inline secret; set it again in the app`;
}

/** Builds an UpstreamInput without empty optional fields. */
export function upstreamInput(parts: {
  baseUrl: string;
  alias?: string;
  enabled?: boolean;
  authTokenEnv?: string;
  apiKeyEnv?: string;
  tags: Record<string, string>;
  supportedModels?: Record<string, boolean>;
  modelMapping?: Record<string, string>;
}): UpstreamInput {
  const u: UpstreamInput = { baseUrl: parts.baseUrl, tags: parts.tags };
  if (parts.alias) u.alias = parts.alias;
  if (parts.enabled === false) u.enabled = false;
  if (parts.authTokenEnv) u.authTokenEnv = parts.authTokenEnv;
  if (parts.apiKeyEnv) u.apiKeyEnv = parts.apiKeyEnv;
  if (parts.supportedModels && Object.keys(parts.supportedModels).length > 0) {
    u.supportedModels = parts.supportedModels;
  }
  if (parts.modelMapping && Object.keys(parts.modelMapping).length > 0)
    u.modelMapping = parts.modelMapping;
  return u;
}

/** Keeps ids unique within one import (importApply addresses candidates by id). */
export function uniqueId(
  taken: Set<string>,
  providerId: string,
  endpointId: string,
): { id: string; endpointId: string } {
  let ep = endpointId;
  for (let k = 2; taken.has(`${providerId}/${ep}`); k++) ep = `${endpointId}-${k}`;
  const id = `${providerId}/${ep}`;
  taken.add(id);
  return { id, endpointId: ep };
}
