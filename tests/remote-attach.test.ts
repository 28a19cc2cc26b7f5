// Issue 14 §1 (docs/behaviour.md §11.2): the desktop's relay to another instance, in plain Node
// against a real `serve`: snapshots from its event stream, commands to its API, a remembered list
// whose tokens stay out of reach, and a dropped link that reconnects with backoff.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, TOKEN, type Serve } from '../e2e/helpers/serve';
import { RemoteControl } from '../src/main/remote/control';
import { fileVault, RemoteList } from '../src/main/remote/remote-list';
import { EngineRouter } from '../src/main/remote/router';
import { silentLogger, systemScheduler } from '../src/main/engine/types';
import type { RemoteState } from '../src/shared/remote';
import type { Snapshot } from '../src/shared/snapshot';
import { createFakeEngine } from './fixtures/fake-engine';
import { codexStation, makeServeHome, type ServeHome } from './fixtures/serve-home';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function remoteServe(): Promise<{ serve: Serve; home: ServeHome }> {
  const home = await makeServeHome({ rest: codexStation(['http://127.0.0.1:9/v1']) });
  const serve = await startServe(home.dir);
  cleanups.push(() => home.cleanup());
  cleanups.push(async () => void (await serve.stop()));
  return { serve, home };
}

function desk(): { control: RemoteControl; router: EngineRouter; home: string } {
  const home = mkdtempSync(join(tmpdir(), 'chd-desk-'));
  const router = new EngineRouter(createFakeEngine());
  const control = new RemoteControl({
    router,
    list: new RemoteList(home, fileVault, silentLogger),
    scheduler: systemScheduler,
  });
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  cleanups.push(() => control.stop());
  return { control, router, home };
}

function stateWhere(
  control: RemoteControl,
  pred: (s: RemoteState) => boolean,
): Promise<RemoteState> {
  return new Promise((resolve) => {
    if (pred(control.state())) return resolve(control.state());
    const off = control.onState((s) => {
      if (pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}

function snapshotWhere(router: EngineRouter, pred: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    const off = router.onSnapshot((s) => {
      if (pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('attaching the window to another instance', () => {
  it('relays its snapshots and commands over the same contract', async () => {
    const { serve } = await remoteServe();
    const remoteId = (await serve.snapshot()).instanceId;
    const { control, router } = desk();
    const first = snapshotWhere(router, (s) => s.instanceId === remoteId);
    const state = await control.connect({ url: serve.consoleUrl, name: 'devbox' });
    expect(state.showing).toMatchObject({ name: 'devbox', url: serve.consoleOrigin });
    await first;
    expect(router.snapshot().instanceId).toBe(remoteId);

    const paused = snapshotWhere(router, (s) => s.services.codex.paused);
    const result = await router.command('setPaused', { paused: true });
    expect(result.ok).toBe(true);
    await paused;
    expect((await serve.snapshot()).services.codex.paused).toBe(true);

    control.use(null);
    expect(router.snapshot().instanceId).toBe('test-instance');
  });

  it('remembers the instance in a 0600 file and never hands out its token', async () => {
    const { serve } = await remoteServe();
    const { control, home } = desk();
    const state = await control.connect({ url: serve.consoleUrl });
    expect(JSON.stringify(state)).not.toContain(TOKEN);
    const file = join(home, 'remotes.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(TOKEN);
    expect(state.saved).toEqual([
      { id: serve.consoleOrigin, name: expect.any(String), url: serve.consoleOrigin },
    ]);
  });

  it('refuses a wrong token and says which field is wrong', async () => {
    const { serve } = await remoteServe();
    const { control } = desk();
    await expect(
      control.connect({ url: serve.consoleOrigin, token: 'not-the-token' }),
    ).rejects.toMatchObject({ code: 'refused', path: 'token' });
    expect(control.state().saved).toEqual([]);
  });

  it('shows Disconnected with the last snapshot when the instance goes, and reconnects', async () => {
    const { serve, home } = await remoteServe();
    const { control, router } = desk();
    await control.connect({ url: serve.consoleUrl });
    await stateWhere(control, (s) => s.status === 'connected');
    const before = router.snapshot();

    await serve.stop();
    const down = await stateWhere(control, (s) => s.status === 'disconnected');
    expect(down.lastSnapshotAt).not.toBeNull();
    expect(down.retryAt).toBeGreaterThan(0);
    expect(router.snapshot()).toBe(before);

    const again = await startServe(home.dir);
    cleanups.push(async () => void (await again.stop()));
    const back = snapshotWhere(router, (s) => s.instanceId !== before.instanceId);
    await stateWhere(control, (s) => s.status === 'connected');
    expect((await back).instanceId).toBe((await again.snapshot()).instanceId);
  });
});
