// The renderer's only bridge to the engine. Inside Electron it talks to the preload API; in a
// browser it talks to the headless console over HTTP + Server-Sent Events. Both re-throw a
// refused command as an ApiError so the UI can show it beside the control that sent it.
import {
  HTTP,
  SNAPSHOT_EVENT,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type CommandValue,
  type ErrorCode,
  type MessageRef,
} from '../../../shared/contract';
import {
  bearer,
  commandRequest,
  isCommandResult,
  parseSnapshotData,
} from '../../../shared/console-client';
import type { Snapshot } from '../../../shared/snapshot';
import type {
  FocusTarget,
  OpenPathTarget,
  PreloadApi,
  RemoteAction,
} from '../../../preload/api-types';
import type { RemoteState } from '../../../shared/remote';

/** Desktop only: which instance the window shows (docs/behaviour.md §11.2). */
export interface RendererRemote {
  call(action: RemoteAction): Promise<RemoteState>;
  onState(cb: (state: RemoteState) => void): () => void;
}

/** Engine error codes plus the two only a network client can hit. */
export type ApiErrorCode = ErrorCode | 'unauthorized' | 'network';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly path: string | undefined;
  /** The engine's message id and parameters, for the UI to translate. */
  readonly ref: MessageRef | undefined;
  constructor(code: ApiErrorCode, message: string, path?: string, ref?: MessageRef) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.path = path;
    this.ref = ref;
  }
}

export interface RendererApi {
  readonly kind: 'electron' | 'http';
  getSnapshot(): Promise<Snapshot>;
  /** Subscribes to snapshot pushes; returns its own unsubscribe. */
  onSnapshot(cb: (snapshot: Snapshot) => void): () => void;
  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandValue<K>>;
  /** Present only inside Electron. */
  openPath?: (which: OpenPathTarget) => Promise<void>;
  /** Present only inside Electron: the desktop asks to show a relay. */
  onFocus?: (cb: (target: FocusTarget) => void) => () => void;
  /** Present only inside Electron: Connect to… another instance. */
  remote?: RendererRemote;
}

export function unwrapResult<T>(result: CommandResult<T>): T {
  if (result.ok) return result.value;
  const { code, message, path, messageId, params } = result.error;
  throw new ApiError(code, message, path, messageId ? { messageId, params } : undefined);
}

export function createIpcApi(bridge: PreloadApi): RendererApi {
  const api: RendererApi = {
    kind: 'electron',
    getSnapshot: async () => unwrapResult(await bridge.getSnapshot()),
    onSnapshot: (cb) => bridge.onSnapshot(cb),
    invoke: async (name, args) => unwrapResult(await bridge.command(name, args)),
  };
  const open = bridge.openPath;
  const focus = bridge.onFocus;
  const remote = bridge.remote;
  return {
    ...api,
    ...(remote
      ? {
          remote: {
            call: async (action: RemoteAction) => unwrapResult(await remote.call(action)),
            onState: (cb: (state: RemoteState) => void) => remote.onState(cb),
          },
        }
      : {}),
    ...(open
      ? { openPath: async (which: OpenPathTarget) => unwrapResult(await open.call(bridge, which)) }
      : {}),
    ...(focus ? { onFocus: (cb: (t: FocusTarget) => void) => focus.call(bridge, cb) } : {}),
  };
}

/** The subset of EventSource the client uses, so tests can pass their own. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface HttpApiOptions {
  /** e.g. `http://127.0.0.1:3212`; '' for same-origin. */
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  /** Called once the server says the token is wrong or missing. */
  onUnauthorized?: () => void;
  /** Called when the push stream opens or drops (EventSource reconnects by itself). */
  onStream?: (state: 'open' | 'error') => void;
}

const EVENT_SOURCE_CLOSED = 2;

export function createHttpApi(options: HttpApiOptions): RendererApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request(path: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await doFetch(options.origin + path, init);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ApiError('network', `Cannot reach the console server: ${why}`, undefined, {
        messageId: 'client.network',
        params: { why },
      });
    }
    if (res.status === 401) {
      options.onUnauthorized?.();
      throw new ApiError('unauthorized', 'The console token is missing or wrong', undefined, {
        messageId: 'client.unauthorized',
      });
    }
    try {
      return await res.json();
    } catch {
      throw new ApiError(
        'internal',
        `The console answered ${res.status} without JSON (${path})`,
        undefined,
        { messageId: 'client.notJson', params: { status: res.status, path } },
      );
    }
  }

  async function getSnapshot(): Promise<Snapshot> {
    return (await request(HTTP.snapshot, { headers: bearer(options.token) })) as Snapshot;
  }

  return {
    kind: 'http',
    getSnapshot,
    async invoke(name, args) {
      const { path, init } = commandRequest(name, args, options.token);
      const body = await request(path, init);
      if (!isCommandResult(body)) {
        throw new ApiError(
          'internal',
          `The console sent an unexpected answer to ${name}`,
          undefined,
          {
            messageId: 'client.unexpected',
            params: { name },
          },
        );
      }
      return unwrapResult(body as CommandResult<CommandValue<typeof name>>);
    },
    onSnapshot(cb) {
      const make =
        options.createEventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
      // EventSource cannot set headers, so the token rides in the query (docs/behaviour.md §6).
      const query = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
      const source = make(options.origin + HTTP.events + query);
      let closed = false;
      source.addEventListener(SNAPSHOT_EVENT, (event) => {
        // A push that cannot be read or applied is dropped; the next one (or the resync on
        // reconnect) replaces it.
        try {
          const snapshot = parseSnapshotData(String(event.data));
          if (snapshot !== undefined) cb(snapshot);
        } catch {
          // dropped, as above
        }
      });
      // After a reconnect pushes may have been missed: fetch the whole snapshot again.
      source.addEventListener('open', () => {
        options.onStream?.('open');
        getSnapshot().then(
          (s) => !closed && cb(s),
          () => undefined,
        );
      });
      source.addEventListener('error', () => {
        if (!closed) options.onStream?.('error');
        // A refused EventSource (e.g. 401) gives up silently; probe to find out why.
        if (source.readyState === EVENT_SOURCE_CLOSED && !closed) {
          getSnapshot().then(
            (s) => !closed && cb(s),
            () => undefined,
          );
        }
      });
      return () => {
        closed = true;
        source.close();
      };
    },
  };
}

const TOKEN_KEY = 'codex-helper-desktop.token';

/**
 * Takes `?token=` from the address bar into sessionStorage and removes it from the visible URL,
 * so it does not linger in history or get shared in a screenshot.
 */
export function takeToken(
  win: Pick<Window, 'location' | 'history' | 'sessionStorage'>,
): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem(TOKEN_KEY);
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Lets the app show its full-page token message; returns its own unsubscribe. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type StreamListener = (state: 'open' | 'error') => void;
const streamListeners = new Set<StreamListener>();

/** Lets the app show when the live push stream is down; returns its own unsubscribe. */
export function onStreamState(listener: StreamListener): () => void {
  streamListeners.add(listener);
  return () => streamListeners.delete(listener);
}

function createDefaultApi(): RendererApi {
  const bridge = (window as unknown as { codexHelper?: PreloadApi }).codexHelper;
  if (bridge) return createIpcApi(bridge);
  return createHttpApi({
    origin: '',
    token: takeToken(window),
    onUnauthorized: () => unauthorizedListeners.forEach((l) => l()),
    onStream: (state) => streamListeners.forEach((l) => l(state)),
  });
}

let instance: RendererApi | null = null;
function current(): RendererApi {
  instance ??= createDefaultApi();
  return instance;
}

/** The app-wide client, created on first use (so importing this module has no side effects). */
export const api: RendererApi = {
  get kind() {
    return current().kind;
  },
  getSnapshot: () => current().getSnapshot(),
  onSnapshot: (cb) => current().onSnapshot(cb),
  invoke: (name, args) => current().invoke(name, args),
  get openPath() {
    return current().openPath;
  },
  get onFocus() {
    return current().onFocus;
  },
  get remote() {
    return current().remote;
  },
};
