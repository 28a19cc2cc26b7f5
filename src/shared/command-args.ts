// The named arguments each command takes, at run time: a call with any other argument is refused
// (a misspelt `toIndx` must not be ignored while the command says ok). Typed against the
// contract, so a name that is not an argument of its command does not compile.
import type { CommandArgs, CommandName, UpstreamInput } from './contract';

type ArgNames<K extends CommandName> = readonly (keyof CommandArgs<K> & string)[];

const REF = ['service', 'station', 'id'] as const;

export const COMMAND_ARG_NAMES: { readonly [K in CommandName]: ArgNames<K> } = {
  moveUpstream: [...REF, 'toIndex'],
  setUpstreamExhausted: [...REF, 'exhausted'],
  resetUpstream: REF,
  setUpstreamEnabled: [...REF, 'enabled'],
  addUpstream: ['service', 'station', 'upstream'],
  updateUpstream: [...REF, 'patch'],
  removeUpstream: REF,
  testUpstream: REF,
  addStation: ['service', 'station'],
  renameStation: ['service', 'station', 'newName'],
  removeStation: ['service', 'station'],
  setActiveStation: ['service', 'station'],
  explainNextPick: ['service', 'station', 'model', 'sessionId'],
  switchClient: ['client', 'on'],
  previewSwitch: ['client'],
  importPreview: ['source', 'service', 'station', 'ifPresent'],
  importApply: ['source', 'service', 'station', 'ids'],
  updateSettings: ['patch'],
  addIdentityTags: ['service', 'station'],
  setPaused: ['paused'],
  checkBalance: REF,
  preferUpstream: REF,
  resetAll: ['service'],
  pinSession: [...REF, 'sessionId'],
  unpinSession: ['service', 'sessionId'],
  listRequests: ['before', 'limit'],
  listSessions: ['service', 'offset', 'limit'],
};

export const UPSTREAM_INPUT_NAMES = [
  'baseUrl',
  'alias',
  'enabled',
  'authTokenEnv',
  'authToken',
  'apiKeyEnv',
  'apiKey',
  'tags',
  'supportedModels',
  'modelMapping',
  'priceMultiplier',
  'outboundProxy',
  'balance',
] as const satisfies readonly (keyof UpstreamInput)[];

// Compile-time check that every field of UpstreamInput is listed.
type _MissingInput = Exclude<keyof UpstreamInput, (typeof UPSTREAM_INPUT_NAMES)[number]>;
const _allInputListed: _MissingInput extends never ? true : never = true;
void _allInputListed;

/** The first name in `given` that is not in `allowed`, or null. */
export function unknownName(given: object, allowed: readonly string[]): string | null {
  for (const k of Object.keys(given)) if (!allowed.includes(k)) return k;
  return null;
}
