// THE contract between the engine and every client (Electron IPC, the HTTP console, the renderer).
// Command names, their named arguments and results live here once; the IPC handler table, the
// HTTP routes (`/api/commands/<command>`), the preload API and the renderer client are typed from
// it. Runtime-neutral.
// The argument and result shapes of three features sit in sibling files that this one re-exports
// (contract-edits.ts, contract-clients.ts, contract-pages.ts); everyone imports them from here.
import type { ServiceName } from './config-types';
import type { BalanceSnapshot, ClientName, NextPick, Snapshot } from './snapshot';
import type { MessageRef } from './message-ref';
import type { SettingsPatch, StationInput, UpstreamInput, UpstreamPatch } from './contract-edits';
import type { ImportPreview, ImportResult, ImportSource, SwitchPreview } from './contract-clients';
import type { RequestPage, SessionPage } from './contract-pages';

export type {
  BalanceInput,
  SettingsPatch,
  StationInput,
  UpstreamInput,
  UpstreamPatch,
} from './contract-edits';
export type {
  ImportCandidate,
  ImportPreview,
  ImportResult,
  ImportSource,
  SwitchPreview,
} from './contract-clients';
export type {
  RequestPage,
  SessionPage,
  SessionServed,
  SessionSummary,
  SessionUpstream,
} from './contract-pages';

/** Acknowledgement of a state-changing command: the snapshot version that includes it. */
export interface Ack {
  version: number;
}

export interface UpstreamRef {
  service: ServiceName;
  station: string;
  id: string;
}

export interface TestUpstreamResult {
  status: number | null;
  latencyMs: number | null;
  ok: boolean;
  error: string | null;
}

/** Command name → { args, result }. */
export interface CommandMap {
  moveUpstream: { args: UpstreamRef & { toIndex: number }; result: Ack };
  setUpstreamExhausted: { args: UpstreamRef & { exhausted: boolean }; result: Ack };
  resetUpstream: { args: UpstreamRef; result: Ack };
  setUpstreamEnabled: { args: UpstreamRef & { enabled: boolean }; result: Ack };
  addUpstream: {
    args: { service: ServiceName; station: string; upstream: UpstreamInput };
    result: Ack & { id: string };
  };
  updateUpstream: { args: UpstreamRef & { patch: UpstreamPatch }; result: Ack & { id: string } };
  removeUpstream: { args: UpstreamRef; result: Ack };
  testUpstream: { args: UpstreamRef; result: TestUpstreamResult };
  addStation: { args: { service: ServiceName; station: StationInput }; result: Ack };
  renameStation: { args: { service: ServiceName; station: string; newName: string }; result: Ack };
  removeStation: { args: { service: ServiceName; station: string }; result: Ack };
  setActiveStation: { args: { service: ServiceName; station: string }; result: Ack };
  explainNextPick: {
    args: { service: ServiceName; station?: string; model?: string; sessionId?: string };
    result: NextPick;
  };
  switchClient: { args: { client: ClientName; on: boolean }; result: Ack };
  previewSwitch: { args: { client: ClientName }; result: SwitchPreview };
  importPreview: {
    /** `ifPresent`: a source that is not there answers an empty preview instead of not_found. */
    args: { source: ImportSource; service?: ServiceName; station?: string; ifPresent?: boolean };
    result: ImportPreview;
  };
  importApply: {
    args: { source: ImportSource; service?: ServiceName; station: string; ids?: string[] };
    result: ImportResult;
  };
  updateSettings: { args: { patch: SettingsPatch }; result: Ack };
  /** Tags every untagged upstream of the station (provider_id, endpoint_id), carrying its state. */
  addIdentityTags: {
    args: { service: ServiceName; station: string };
    result: Ack & { tagged: string[] };
  };
  /** Listeners answer 503 `proxy_paused` until resumed; the snapshot shows `paused`. */
  setPaused: { args: { paused: boolean }; result: Ack };
  checkBalance: { args: UpstreamRef; result: Ack & { balance: BalanceSnapshot | null } };
  /** Sets the station's last good upstream to `id` ("Go back to #1"). */
  preferUpstream: { args: UpstreamRef; result: Ack };
  /** Clears failure counts, cooldowns and streaks over the service's try order; exhaustion stays. */
  resetAll: { args: { service: ServiceName }; result: Ack };
  /** Sends the session only to upstream `id` while it is selectable. */
  pinSession: { args: UpstreamRef & { sessionId: string }; result: Ack };
  unpinSession: { args: { service: ServiceName; sessionId: string }; result: Ack };
  /** The request log, paged: `limit` (1–500) requests older than the one with id `before`. */
  listRequests: { args: { before?: string; limit: number }; result: RequestPage };
  /** Conversations of a client, newest first, `limit` (1–200) from `offset`. */
  listSessions: {
    args: { service: ServiceName; offset: number; limit: number };
    result: SessionPage;
  };
}

export type CommandName = keyof CommandMap;
export type CommandArgs<K extends CommandName> = CommandMap[K]['args'];
export type CommandValue<K extends CommandName> = CommandMap[K]['result'];

/** The runtime list of command names; `satisfies` keeps it in step with CommandMap. */
export const COMMAND_NAMES = [
  'moveUpstream',
  'setUpstreamExhausted',
  'resetUpstream',
  'setUpstreamEnabled',
  'addUpstream',
  'updateUpstream',
  'removeUpstream',
  'testUpstream',
  'addStation',
  'renameStation',
  'removeStation',
  'setActiveStation',
  'explainNextPick',
  'switchClient',
  'previewSwitch',
  'importPreview',
  'importApply',
  'updateSettings',
  'addIdentityTags',
  'setPaused',
  'checkBalance',
  'preferUpstream',
  'resetAll',
  'pinSession',
  'unpinSession',
  'listRequests',
  'listSessions',
] as const satisfies readonly CommandName[];

// Compile-time check that COMMAND_NAMES lists every command.
type _MissingCommands = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const _allCommandsListed: _MissingCommands extends never ? true : never = true;
void _allCommandsListed;

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'config_invalid'
  | 'io_error'
  | 'refused'
  | 'unknown_command'
  | 'internal';

// Defined beside the snapshot types (which carry it too), so the two files do not import each
// other; re-exported here, where errors carry it.
export type { MessageRef } from './message-ref';

export interface CommandError {
  code: ErrorCode;
  message: string;
  /** Key path or argument name the error is about. */
  path?: string;
  /** The message's id in the UI catalogues, with its parameters (absent: show `message`). */
  messageId?: string;
  params?: Record<string, string | number>;
}

export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: CommandError };

/** The one typed error commands throw; one wrapper turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;
  readonly ref: MessageRef | undefined;
  constructor(code: ErrorCode, message: string, path?: string, ref?: MessageRef) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.path = path;
    this.ref = ref;
  }
  toJSON(): CommandError {
    return {
      code: this.code,
      message: this.message,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(this.ref ? { messageId: this.ref.messageId } : {}),
      ...(this.ref?.params ? { params: this.ref.params } : {}),
    };
  }
}

/** Turns anything thrown into a CommandError (unknown errors become `internal`). */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof AppError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/** Runs a command body and wraps the outcome in the result envelope. */
export async function wrapCommand<T>(body: () => T | Promise<T>): Promise<CommandResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (err) {
    return { ok: false, error: toCommandError(err) };
  }
}

/** The API every adapter exposes over the engine (and the renderer consumes). */
export interface EngineApi {
  snapshot(): Snapshot;
  /** Subscribes to snapshot pushes; returns its own unsubscribe. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  command<K extends CommandName>(
    name: K,
    args: CommandArgs<K>,
  ): Promise<CommandResult<CommandValue<K>>>;
}

/** IPC channel names (Electron adapter). */
export const IPC = {
  command: 'chd:command',
  snapshot: 'chd:snapshot',
  getSnapshot: 'chd:get-snapshot',
} as const;

/** HTTP paths (console adapter). */
export const HTTP = {
  snapshot: '/api/snapshot',
  events: '/api/events',
  commandPrefix: '/api/commands/',
} as const;

export const SNAPSHOT_EVENT = 'snapshot';

/** HTTP status for a refused command (docs/behaviour.md §6). */
export function httpStatusForError(code: ErrorCode): number {
  switch (code) {
    case 'conflict':
      return 409;
    case 'unknown_command':
      return 404;
    case 'internal':
      return 500;
    default:
      return 400;
  }
}
