// Validation of what a user enters for an upstream. One set of rules serves the dialog (as you
// type) and the engine (before anything is saved).
import type { UpstreamInput } from './contract';
import { checkHttpUrl } from './url';

export type UpstreamField =
  | 'baseUrl'
  | 'alias'
  | 'authTokenEnv'
  | 'authToken'
  | 'apiKeyEnv'
  | 'apiKey'
  | 'tags'
  | 'supportedModels'
  | 'modelMapping';

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

export function validateUpstreamInput(input: UpstreamInput): FieldProblem[] {
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
  return problems;
}
