import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../types';
import { RequestLog } from './index';
import { requestLine } from './line';
import { successAttempt } from '../../../../tests/fixtures/records';

function record(i: number): RequestRecord {
  return {
    time: 1_700_000_000_000 + i,
    requestId: `req-${i}`,
    service: 'codex',
    method: 'POST',
    path: '/v1/responses',
    status: 200,
    durationMs: 12,
    ttfbMs: 3,
    sessionId: 's1',
    model: 'gpt-5',
    mappedModel: 'gpt-5.4',
    station: 'main',
    upstream: { id: 'relay-a/default', host: 'relay-a.example' },
    usage: null,
    costUsd: null,
    attempts: [successAttempt()],
    error: null,
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('RequestLog', () => {
  it('writes one JSON line per request with the §4 fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlog-'));
    dirs.push(dir);
    const log = new RequestLog({ dir: join(dir, 'logs') });
    log.append(record(1));
    log.append(record(2));
    await log.close();
    const lines = readFileSync(join(dir, 'logs', 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!);
    for (const k of [
      'time',
      'requestId',
      'service',
      'method',
      'path',
      'status',
      'durationMs',
      'ttfbMs',
      'sessionId',
      'model',
      'mappedModel',
      'station',
      'upstream',
      'usage',
      'attempts',
    ]) {
      expect(first).toHaveProperty(k);
    }
    expect(first.requestId).toBe('req-1');
    expect(first.upstream).toEqual({ id: 'relay-a/default', host: 'relay-a.example' });
    expect(first.attempts[0].decision).toBe('success');
  });

  it('writes affinity and its reason only for requests that have them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlog-'));
    dirs.push(dir);
    const log = new RequestLog({ dir: join(dir, 'logs') });
    log.append({ ...record(1), affinity: 'moved', affinityReason: 'bound upstream is disabled' });
    log.append({ ...record(2), affinity: 'kept' });
    log.append({ ...record(3), sessionId: null });
    await log.close();
    const lines = readFileSync(join(dir, 'logs', 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      affinity: 'moved',
      affinityReason: 'bound upstream is disabled',
    });
    expect(lines[1]).toMatchObject({ affinity: 'kept', affinityReason: null });
    expect(lines[2]).not.toHaveProperty('affinity');
  });

  it('rotates into numbered files and keeps only the configured number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlog-'));
    dirs.push(dir);
    const lineBytes = Buffer.byteLength(JSON.stringify(record(0)));
    const log = new RequestLog({ dir, maxBytes: lineBytes * 2 + 200, keep: 3 });
    for (let i = 0; i < 20; i++) {
      log.append(record(i));
      if (i % 3 === 0) await log.flush();
    }
    await log.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      'requests.1.jsonl',
      'requests.2.jsonl',
      'requests.3.jsonl',
      'requests.jsonl',
    ]);
    const current = readFileSync(join(dir, 'requests.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(current[current.length - 1]!).requestId).toBe('req-19');
    const older = readFileSync(join(dir, 'requests.1.jsonl'), 'utf8').trim().split('\n');
    // requests.1 holds the lines written just before the current file.
    const firstCurrent = Number(JSON.parse(current[0]!).requestId.slice(4));
    expect(JSON.parse(older[older.length - 1]!).requestId).toBe(`req-${firstCurrent - 1}`);
    for (const f of files)
      expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(lineBytes * 2 + 200);
  });

  it('rotates between two lines when a whole batch crosses the limit, a too-long line alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlog-'));
    dirs.push(dir);
    const lineBytes = Buffer.byteLength(requestLine(record(0)));
    const log = new RequestLog({ dir, maxBytes: lineBytes * 3 + 10, keep: 20 });
    // One batch: nothing is written until close.
    for (let i = 0; i < 7; i++) log.append(record(i));
    log.appendLine(`{"long":"${'é'.repeat(lineBytes * 2)}"}\n`);
    log.append(record(7));
    await log.close();
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const ids = (f: string) =>
      read(f)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).requestId ?? 'long');
    expect(ids('requests.4.jsonl')).toEqual(['req-0', 'req-1', 'req-2']);
    expect(ids('requests.3.jsonl')).toEqual(['req-3', 'req-4', 'req-5']);
    expect(ids('requests.2.jsonl')).toEqual(['req-6']);
    expect(ids('requests.1.jsonl')).toEqual(['long']);
    expect(ids('requests.jsonl')).toEqual(['req-7']);
    for (const f of readdirSync(dir)) expect(read(f).endsWith('\n')).toBe(true);
  });

  it('writes lines still waiting for their batch on flush and keeps appending afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlog-'));
    dirs.push(dir);
    const log = new RequestLog({ dir });
    const lines = () => readFileSync(join(dir, 'requests.jsonl'), 'utf8').trim().split('\n');
    log.append(record(1));
    log.append(record(2));
    await log.flush();
    expect(lines().map((l) => JSON.parse(l).requestId)).toEqual(['req-1', 'req-2']);
    log.append(record(3));
    await log.flush();
    expect(lines()).toHaveLength(3);
    await log.close();
  });
});
