import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersistedBalancerState } from '../types';
import { StateStore } from './index';

const NOW = 1_700_000_000_000;
const clock = { now: () => NOW };

function sample(count = 1): PersistedBalancerState {
  return {
    version: 2,
    stations: {
      'codex/main': {
        signatures: ['main/a/x|https://a.example', 'main/b/x|https://b.example'],
        failureCounts: [count, 0],
        cooldownUntil: [NOW + 30_000, null],
        usageExhausted: [false, true],
        exhaustedReason: [null, 'quota'],
        exhaustedBy: [null, 'quota-error'],
        penaltyStreak: [2, 0],
        lastGoodIndex: 1,
        lastGoodSince: NOW - 5_000,
      },
    },
    sessions: {
      codex: {
        bindings: [
          { id: 'sess-1', station: 'main', signature: 'main/b/x|https://b.example', at: NOW },
        ],
        pins: [{ id: 'sess-2', station: 'main', signature: 'main/a/x|https://a.example', at: NOW }],
      },
      claude: { bindings: [], pins: [] },
    },
  };
}

/** The same state as version 1 wrote it: no sessions, no exhaustion source, no since. */
function sampleV1(): unknown {
  const { stations } = sample();
  const { exhaustedBy: _by, lastGoodSince: _since, ...v1 } = stations['codex/main']!;
  return { version: 1, stations: { 'codex/main': v1 } };
}

let dir: string;
let file: string;
let store: StateStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-store-'));
  file = path.join(dir, 'state.json');
  store = new StateStore({ file, clock, delayMs: 500 });
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('StateStore', () => {
  it('reports no state and no error when state.json is missing', () => {
    expect(store.load()).toEqual({ state: null, error: null });
  });

  it('round-trips state through an atomic write with mode 0600 and no tmp file left', async () => {
    store.schedule(() => sample(2));
    await store.flush();
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual({ state: sample(2), error: null });
  });

  it('keeps corrupt JSON aside under a new name and reports it', () => {
    fs.writeFileSync(file, '{"version": 1, "stations": {');
    const { state, error } = store.load();
    expect(state).toBeNull();
    const aside = `${file}.corrupt-${NOW}`;
    expect(error).toMatchObject({ file, movedTo: aside });
    expect(error?.message).toContain('not valid JSON');
    expect(fs.readFileSync(aside, 'utf8')).toBe('{"version": 1, "stations": {');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('treats a station with inconsistent vector lengths as a corrupt file, naming where', () => {
    const bad = sample() as unknown as { stations: Record<string, { failureCounts: number[] }> };
    bad.stations['codex/main']!.failureCounts = [1];
    fs.writeFileSync(file, JSON.stringify(bad));
    const { state, error } = store.load();
    expect(state).toBeNull();
    expect(error?.message).toContain('stations["codex/main"].failureCounts');
    expect(error?.movedTo).toBe(`${file}.corrupt-${NOW}`);
  });

  it('rejects wrong types, versions and keys', () => {
    const cases: unknown[] = [
      [],
      { version: 3, stations: {}, sessions: {} },
      { version: 2, stations: {} },
      { ...sample(), sessions: { codex: { bindings: [{ id: 'x' }], pins: [] } } },
      {
        version: 2,
        stations: {
          'codex/main': { ...sample().stations['codex/main'], exhaustedBy: ['me', null] },
        },
        sessions: {},
      },
      { version: 2, stations: { nokey: sample().stations['codex/main'] }, sessions: {} },
      {
        version: 2,
        stations: { 'codex/main': { ...sample().stations['codex/main'], usageExhausted: [0, 1] } },
        sessions: {},
      },
      {
        version: 2,
        stations: { 'codex/main': { ...sample().stations['codex/main'], lastGoodIndex: 5 } },
        sessions: {},
      },
    ];
    for (const c of cases) {
      fs.writeFileSync(file, JSON.stringify(c));
      const fresh = new StateStore({ file, clock, delayMs: 500 });
      expect(fresh.load().error, JSON.stringify(c)).not.toBeNull();
      expect(fs.existsSync(file)).toBe(false);
    }
  });

  it('moves an unreadable state.json (a directory) aside without throwing', () => {
    fs.mkdirSync(file);
    const { state, error } = store.load();
    expect(state).toBeNull();
    expect(error?.message).toContain('cannot read');
    expect(fs.statSync(`${file}.corrupt-${NOW}`).isDirectory()).toBe(true);
  });

  it('never overwrites an earlier set-aside file', () => {
    fs.writeFileSync(file, 'first');
    store.load();
    fs.writeFileSync(file, 'second');
    const { error } = store.load();
    expect(error?.movedTo).toBe(`${file}.corrupt-${NOW}-1`);
    expect(fs.readFileSync(`${file}.corrupt-${NOW}`, 'utf8')).toBe('first');
  });

  it('writes the latest state on flush', async () => {
    store.schedule(() => sample(1));
    store.schedule(() => sample(7));
    await store.flush();
    expect(store.load().state).toEqual(sample(7));
  });

  it('coalesces many schedules within the delay into one write', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let produced = 0;
    for (let i = 1; i <= 50; i++) {
      store.schedule(() => {
        produced++;
        return sample(i);
      });
    }
    vi.advanceTimersByTime(499);
    expect(produced).toBe(0);
    vi.advanceTimersByTime(1);
    await store.flush();
    expect(produced).toBe(1);
    expect(store.load().state).toEqual(sample(50));
  });

  it('migrates a version 1 file: exhaustion without a source counts as set by the user', () => {
    fs.writeFileSync(file, JSON.stringify(sampleV1()));
    const { state, error } = store.load();
    expect(error).toBeNull();
    expect(state?.version).toBe(2);
    expect(state?.stations['codex/main']).toMatchObject({
      usageExhausted: [false, true],
      exhaustedBy: [null, 'user'],
      lastGoodIndex: 1,
      lastGoodSince: null,
    });
    expect(state?.sessions).toEqual({
      codex: { bindings: [], pins: [] },
      claude: { bindings: [], pins: [] },
    });
  });

  it('accepts a version 1 file written before exhaustedReason existed', () => {
    const legacy = sampleV1() as { stations: Record<string, Record<string, unknown>> };
    delete legacy.stations['codex/main']!['exhaustedReason'];
    fs.writeFileSync(file, JSON.stringify(legacy));
    expect(store.load().state?.stations['codex/main']?.exhaustedReason).toEqual([null, null]);
  });

  it('counts exhaustion stored without a source as set by the user', () => {
    const legacy = sample() as unknown as { stations: Record<string, Record<string, unknown>> };
    delete legacy.stations['codex/main']!['exhaustedBy'];
    fs.writeFileSync(file, JSON.stringify(legacy));
    expect(store.load().state?.stations['codex/main']?.exhaustedBy).toEqual([null, 'user']);
  });

  it('treats an unknown exhaustion source as a corrupt file', () => {
    const bad = sample() as unknown as { stations: Record<string, Record<string, unknown>> };
    bad.stations['codex/main']!['exhaustedBy'] = [null, 'robot'];
    fs.writeFileSync(file, JSON.stringify(bad));
    expect(store.load().error?.message).toContain('exhaustedBy[1]');
  });
});
