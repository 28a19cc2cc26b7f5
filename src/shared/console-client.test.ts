import { describe, expect, it } from 'vitest';
import { bearer, commandRequest, isCommandResult, parseSnapshotData } from './console-client';

describe('a console API client', () => {
  it('sends the token as a bearer header, and no header without a token', () => {
    expect(bearer('tok')).toEqual({ authorization: 'Bearer tok' });
    expect(bearer(null)).toEqual({});
    expect(bearer('')).toEqual({});
  });

  it('posts a command to its path under the command prefix with its arguments as JSON', () => {
    const args = { service: 'codex' as const, station: 'main', id: 'a/b', toIndex: 2 };
    const { path, init } = commandRequest('moveUpstream', args, 'tok');
    expect(path).toBe('/api/commands/moveUpstream');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(init.body))).toEqual(args);
  });

  it('sends no authorization header for a command when there is no token', () => {
    const { init } = commandRequest('resetAll', { service: 'codex' }, null);
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('sends missing arguments as an empty object', () => {
    const { init } = commandRequest('resetAll', undefined as never, 'tok');
    expect(init.body).toBe('{}');
  });

  it('recognises the command envelope and nothing else', () => {
    expect(isCommandResult({ ok: true, value: 1 })).toBe(true);
    expect(isCommandResult({ ok: false, error: { code: 'refused', message: 'no' } })).toBe(true);
    expect(isCommandResult({ error: 'unauthorized' })).toBe(false);
    expect(isCommandResult(null)).toBe(false);
    expect(isCommandResult('ok')).toBe(false);
  });

  it('reads a snapshot event and drops one that is not JSON', () => {
    expect(parseSnapshotData('{"instanceId":"x","version":3}')).toMatchObject({ version: 3 });
    expect(parseSnapshotData('not json')).toBeUndefined();
    expect(parseSnapshotData('')).toBeUndefined();
  });
});
