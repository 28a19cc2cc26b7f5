// What every client of the console API (docs/behaviour.md §6) does the same way: the desktop's
// RemoteEngine (Node, src/main/remote) and the browser console's client (src/renderer lib/api.ts)
// send the token, build a command's request and recognise its answer with these, so the two cannot
// drift apart. What differs stays with each client: how a failure is reported (an envelope from
// RemoteEngine, a thrown ApiError from lib/api.ts) and how the event stream is read (fetch and
// its own frame parser in RemoteEngine, the browser's EventSource in lib/api.ts).
import { HTTP, type CommandArgs, type CommandName, type CommandResult } from './contract';
import type { Snapshot } from './snapshot';

/** The console token as a request header; no header when there is no token (same origin). */
export function bearer(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** One command as an HTTP request: its path under `HTTP.commandPrefix`, POSTed as JSON. */
export function commandRequest<K extends CommandName>(
  name: K,
  args: CommandArgs<K>,
  token: string | null,
): { path: string; init: RequestInit } {
  return {
    path: HTTP.commandPrefix + encodeURIComponent(name),
    init: {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      // The console reads an empty body as no arguments; `{}` says the same explicitly.
      body: JSON.stringify(args ?? {}),
    },
  };
}

/** Whether a decoded answer is the command envelope (`{ ok: true, value }` / `{ ok: false, error }`). */
export function isCommandResult(body: unknown): body is CommandResult<unknown> {
  return typeof body === 'object' && body !== null && 'ok' in body;
}

/**
 * A `SNAPSHOT_EVENT`'s data as a snapshot; undefined when it is not JSON (the push is dropped, the
 * next one replaces it).
 */
export function parseSnapshotData(data: string): Snapshot | undefined {
  try {
    return JSON.parse(data) as Snapshot;
  } catch {
    return undefined;
  }
}
