// Validation of what a user enters for an upstream. One set of rules serves the dialog (as you
// type) and the engine (before anything is saved).
import { checkBalanceEndpoint, checkRemainingPath, isBalanceKind } from './balance-rules';
import { BALANCE_KINDS } from './config-types';
import type { BalanceInput, UpstreamInput } from './contract';
import { checkHttpUrl, checkProxyUrl } from './url';

export type UpstreamField =
  | 'baseUrl'
  | 'alias'
  | 'authTokenEnv'
  | 'authToken'
  | 'apiKeyEnv'
  | 'apiKey'
  | 'tags'
  | 'supportedModels'
  | 'modelMapping'
  | 'priceMultiplier'
  | 'outboundProxy'
  | 'balance';

export interface FieldProblem {
  field: UpstreamField;
  message: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkEnvVarName(name: string): string | null {
  return ENV_NAME.test(name)
    ? null
    : `"${name}" is not an environment variable name (letters, digits and _, not starting with a digit)`;
}

/** A model pattern is an exact name or has exactly one `*`. */
export function checkModelPattern(pattern: string): string | null {
  if (pattern.trim() === '') return 'a model pattern cannot be empty';
  if (pattern.split('*').length > 2)
    return `"${pattern}" has more than one * (it would never match)`;
  return null;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What is wrong with a balance source, if anything (the first problem). */
export function checkBalanceInput(b: BalanceInput): string | null {
  if (!isBalanceKind(b.kind)) return `balance kind must be one of ${BALANCE_KINDS.join(', ')}`;
  if (b.intervalSecs !== undefined && (!Number.isInteger(b.intervalSecs) || b.intervalSecs < 30)) {
    return 'the balance interval must be a whole number of seconds, at least 30';
  }
  if (b.exhaustBelow !== undefined && !isNum(b.exhaustBelow)) {
    return 'the exhaust threshold must be a number';
  }
  if (b.divisor !== undefined && !(isNum(b.divisor) && b.divisor > 0)) {
    return 'the divisor must be a number greater than 0';
  }
  if (b.kind === 'http-json') {
    const endpoint = checkBalanceEndpoint(b.endpoint ?? '');
    if (endpoint) return endpoint;
    const path = checkRemainingPath(b.remainingPath ?? '');
    if (path) return path;
  } else if (b.endpoint || b.remainingPath || b.currency) {
    return 'endpoint, remaining path and currency are only for the http-json kind';
  } else if (b.divisor !== undefined && b.kind !== 'new-api') {
    return `the divisor does not apply to the ${b.kind} kind`;
  }
  return null;
}

/** The longest value each field takes (characters). */
export const FIELD_LIMITS = { alias: 200, baseUrl: 2048, name: 200, secret: 8192 } as const;

/** "is 200000 characters long; at most 200 are allowed", or null when it fits. */
export function checkLength(value: string, max: number): string | null {
  return value.length > max
    ? `is ${value.length} characters long; at most ${max} are allowed`
    : null;
}

function lengthProblems(input: UpstreamInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  const check = (field: UpstreamField, label: string, value: unknown, max: number): void => {
    const p = typeof value === 'string' ? checkLength(value, max) : null;
    if (p) out.push({ field, message: `${label} ${p}` });
  };
  check('baseUrl', 'the base URL', input.baseUrl, FIELD_LIMITS.baseUrl);
  check('alias', 'the alias', input.alias, FIELD_LIMITS.alias);
  check('authTokenEnv', 'the variable name', input.authTokenEnv, FIELD_LIMITS.name);
  check('apiKeyEnv', 'the variable name', input.apiKeyEnv, FIELD_LIMITS.name);
  check('authToken', 'the token', input.authToken, FIELD_LIMITS.secret);
  check('apiKey', 'the API key', input.apiKey, FIELD_LIMITS.secret);
  const maps = [
    ['tags', input.tags],
    ['supportedModels', input.supportedModels],
    ['modelMapping', input.modelMapping],
  ] as const;
  for (const [field, map] of maps) {
    for (const [k, v] of Object.entries(map ?? {})) {
      check(field, 'a name', k, FIELD_LIMITS.name);
      check(field, `the value of "${k.slice(0, 40)}"`, v, FIELD_LIMITS.name);
    }
  }
  return out;
}

export function validateUpstreamInput(input: UpstreamInput): FieldProblem[] {
  // Lengths first: a 200 000-character value must not reach the other checks' messages.
  const tooLong = lengthProblems(input);
  if (tooLong.length > 0) return tooLong;
  const problems: FieldProblem[] = [];
  const urlProblem = checkHttpUrl(input.baseUrl.trim());
  if (urlProblem) problems.push({ field: 'baseUrl', message: urlProblem });
  for (const field of ['authTokenEnv', 'apiKeyEnv'] as const) {
    const v = input[field];
    if (v !== undefined && v !== '') {
      const p = checkEnvVarName(v);
      if (p) problems.push({ field, message: p });
    }
  }
  for (const [k, v] of Object.entries(input.tags ?? {})) {
    if (k.trim() === '' || typeof v !== 'string') {
      problems.push({ field: 'tags', message: `tag "${k}" needs a name and a text value` });
    }
  }
  for (const [k, v] of Object.entries(input.supportedModels ?? {})) {
    const p = checkModelPattern(k);
    if (p) problems.push({ field: 'supportedModels', message: p });
    if (typeof v !== 'boolean') {
      problems.push({ field: 'supportedModels', message: `"${k}" must map to true or false` });
    }
  }
  for (const [k, v] of Object.entries(input.modelMapping ?? {})) {
    const p = checkModelPattern(k);
    if (p) problems.push({ field: 'modelMapping', message: p });
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push({ field: 'modelMapping', message: `"${k}" must map to a model name` });
    }
  }
  const proxy = input.outboundProxy;
  if (proxy !== undefined && proxy.trim() !== '' && proxy.trim() !== 'none') {
    const p = checkProxyUrl(proxy.trim());
    if (p) problems.push({ field: 'outboundProxy', message: `the outbound proxy ${p}` });
  }
  const m = input.priceMultiplier;
  if (m !== undefined && !(isNum(m) && m >= 0)) {
    problems.push({
      field: 'priceMultiplier',
      message: 'the price multiplier must be a number ≥ 0',
    });
  }
  if (input.balance !== undefined) {
    const b = input.balance as BalanceInput | null;
    const p =
      typeof b === 'object' && b !== null ? checkBalanceInput(b) : 'balance must be an object';
    if (p) problems.push({ field: 'balance', message: p });
  }
  return problems;
}
