// "Connect to…" through the Electron adapter's fakes (docs/behaviour.md §11.2): the IPC channel
// checks its sender and arguments, tokens are sealed with safeStorage when it is available, and
// the window hears what it shows. The instance on the other end is a real `serve`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServe, TOKEN, type Serve } from '../../../e2e/helpers/serve';
import { FakeIpcMain } from '../../../tests/fixtures/electron-fakes';
import { createFakeEngine } from '../../../tests/fixtures/fake-engine';
import { makeServeHome } from '../../../tests/fixtures/serve-home';
import { REMOTE_CHANNEL, REMOTE_STATE_CHANNEL } from '../../preload/channels';
import type { RemoteState } from '../../shared/remote';
import { silentLogger, systemScheduler } from '../engine/types';
import { RemoteControl } from '../remote/control';
import { RemoteList, vaultFor, type SafeStorageLike } from '../remote/remote-list';
import { EngineRouter } from '../remote/router';
import { pushRemoteState, registerRemoteIpc } from './remote-ipc';

vi.mock('electron', () => ({}));

const APP_URL = 'file:///app/out/renderer/index.html';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Seals by reversing and tagging, so a sealed token is recognisably not the token. */
const fakeSafeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (t) => Buffer.from(`sealed:${[...t].reverse().join('')}`),
  decryptString: (b) => [...b.toString().slice('sealed:'.length)].reverse().join(''),
};

function setup(safeStorage: SafeStorageLike | null) {
  const home = mkdtempSync(join(tmpdir(), 'chd-desk-'));
  const control = new RemoteControl({
    router: new EngineRouter(createFakeEngine()),
    list: new RemoteList(home, vaultFor(safeStorage), silentLogger),
    scheduler: systemScheduler,
  });
  const ipc = new FakeIpcMain();
  registerRemoteIpc(ipc, control, { isTrustedSender: (url) => url.startsWith('file://') });
  const sent: RemoteState[] = [];
  pushRemoteState(control, () => ({
    isDestroyed: () => false,
    send: (channel: string, state: RemoteState) => {
      if (channel === REMOTE_STATE_CHANNEL) sent.push(state);
    },
  }));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  cleanups.push(() => control.stop());
  return { home, ipc, sent, control };
}

async function serve(): Promise<Serve> {
  const home = await makeServeHome();
  const s = await startServe(home.dir);
  cleanups.push(() => home.cleanup());
  cleanups.push(() => s.stop());
  return s;
}

describe('Connect to… in the desktop adapter', () => {
  it('seals the token with safeStorage and tells the window which instance it shows', async () => {
    const remote = await serve();
    const { home, ipc, sent } = setup(fakeSafeStorage);
    const result = (await ipc.invoke(REMOTE_CHANNEL, APP_URL, {
      kind: 'connect',
      url: remote.consoleOrigin,
      token: TOKEN,
      name: 'devbox',
    })) as { ok: true; value: RemoteState };
    expect(result.ok).toBe(true);
    expect(result.value.showing?.name).toBe('devbox');
    expect(sent.at(-1)?.showing?.url).toBe(remote.consoleOrigin);
    const file = readFileSync(join(home, 'remotes.json'), 'utf8');
    expect(file).not.toContain(TOKEN);
    expect(file).toContain('"vault": "safeStorage"');
    expect(JSON.stringify(sent)).not.toContain(TOKEN);

    const back = (await ipc.invoke(REMOTE_CHANNEL, APP_URL, { kind: 'use', id: null })) as {
      value: RemoteState;
    };
    expect(back.value.status).toBe('local');
    // The remembered instance opens again with its unsealed token.
    const again = (await ipc.invoke(REMOTE_CHANNEL, APP_URL, {
      kind: 'use',
      id: remote.consoleOrigin,
    })) as { ok: boolean; value: RemoteState };
    expect(again.value.showing?.name).toBe('devbox');
  });

  it('keeps the token in the owner-only file when safeStorage cannot encrypt', async () => {
    const remote = await serve();
    const { home, ipc } = setup({ ...fakeSafeStorage, isEncryptionAvailable: () => false });
    await ipc.invoke(REMOTE_CHANNEL, APP_URL, { kind: 'connect', url: remote.consoleUrl });
    expect(readFileSync(join(home, 'remotes.json'), 'utf8')).toContain('"vault": "file"');
  });

  it('refuses foreign pages and malformed actions with the error envelope', async () => {
    const { ipc } = setup(null);
    await expect(
      ipc.invoke(REMOTE_CHANNEL, 'https://evil.example/', { kind: 'state' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'refused' } });
    await expect(
      ipc.invoke(REMOTE_CHANNEL, APP_URL, { kind: 'connect', url: 42 }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid_argument', path: 'url' } });
    await expect(
      ipc.invoke(REMOTE_CHANNEL, APP_URL, { kind: 'connect', url: 'ftp://x' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid_argument', path: 'url' } });
  });
});
