// The remote link's backoff and its answers while the instance is away (docs/behaviour.md §11.2),
// with the manual clock as its scheduler and a port nothing listens on.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../tests/fixtures/clock';
import { RemoteEngine, type RemoteLinkState } from './remote-engine';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function nextState(engine: RemoteEngine): Promise<RemoteLinkState> {
  return new Promise((resolve) => {
    const off = engine.onState((s) => {
      off();
      resolve(s);
    });
  });
}

describe('the link to a remote instance', () => {
  it('retries after 0.5 s, then doubles the wait up to 10 s', async () => {
    const clock = new ManualClock();
    const engine = new RemoteEngine({
      origin: `http://127.0.0.1:${await closedPort()}`,
      token: 'secret-token',
      scheduler: clock,
    });
    const waits: number[] = [];
    let state = nextState(engine);
    engine.start();
    for (let i = 0; i < 7; i++) {
      const s = await state;
      expect(s.status).toBe('disconnected');
      expect(s.error).not.toContain('secret-token');
      const wait = (s.retryAt ?? 0) - clock.now();
      waits.push(wait);
      state = nextState(engine);
      clock.advance(wait);
    }
    engine.stop();
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('answers a command with io_error while the instance cannot be reached', async () => {
    const engine = new RemoteEngine({
      origin: `http://127.0.0.1:${await closedPort()}`,
      token: 't',
      scheduler: new ManualClock(),
    });
    const result = await engine.command('resetAll', { service: 'codex' });
    expect(result).toMatchObject({ ok: false, error: { code: 'io_error' } });
    expect(() => engine.snapshot()).toThrow(/no snapshot/);
  });
});
