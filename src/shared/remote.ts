// Remote attach (docs/behaviour.md §11.2): what the desktop window knows about the instance it
// shows. Never carries a token.

/** A remembered instance: its console origin and a name to show. */
export interface RemoteEntry {
  readonly id: string;
  readonly name: string;
  /** The console's origin, e.g. `http://127.0.0.1:13212` (never the token). */
  readonly url: string;
}

export type RemoteStatus = 'local' | 'connecting' | 'connected' | 'disconnected';

export interface RemoteState {
  /** The instance the window shows; null = this computer's own engine. */
  readonly showing: RemoteEntry | null;
  readonly status: RemoteStatus;
  /** Why the last connection failed or dropped (no token in it). */
  readonly error: string | null;
  /** When the shown snapshot arrived (epoch ms); the UI greys it with its age while disconnected. */
  readonly lastSnapshotAt: number | null;
  /** When the next reconnection attempt starts (epoch ms), while disconnected. */
  readonly retryAt: number | null;
  readonly saved: readonly RemoteEntry[];
}

export const LOCAL_REMOTE_STATE: RemoteState = {
  showing: null,
  status: 'local',
  error: null,
  lastSnapshotAt: null,
  retryAt: null,
  saved: [],
};

/** What "Connect to…" sends: the URL as `serve` printed it (token inside or given apart). */
export interface ConnectInput {
  readonly url: string;
  readonly token?: string;
  readonly name?: string;
}

/** The origin and token of a console URL such as `http://127.0.0.1:3212/?token=abc`. */
export function parseConsoleUrl(
  input: ConnectInput,
): { origin: string; token: string } | { error: string; path: string } {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    return { error: 'is not a URL (expected e.g. http://127.0.0.1:3212/?token=…)', path: 'url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: 'must start with http:// or https://', path: 'url' };
  }
  const token = (input.token ?? '').trim() || (url.searchParams.get('token') ?? '').trim();
  if (token === '') {
    return { error: 'a token is needed (the one serve prints in its console URL)', path: 'token' };
  }
  return { origin: url.origin, token };
}
