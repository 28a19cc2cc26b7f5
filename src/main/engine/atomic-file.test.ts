import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceIfUnchanged } from './atomic-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chd-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('replaceIfUnchanged', () => {
  it('writes nothing and hands back the new text when the file changed since it was read', () => {
    const file = join(dir, 'a.toml');
    writeFileSync(file, 'one\ntwo\n');
    const r = replaceIfUnchanged(file, 'one\n', 'mine\n', 0o600);
    expect(r).toEqual({ kind: 'changed', now: 'one\ntwo\n' });
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
  });

  it('sees a write that lands on the old file between the check and the rename', () => {
    const file = join(dir, 'a.toml');
    writeFileSync(file, 'one\n');
    let backup = '';
    const r = replaceIfUnchanged(file, 'one\n', 'mine\n', 0o600, {
      backup: (target) => (backup = readFileSync(target, 'utf8')),
      between: (target) => appendFileSync(target, 'theirs\n'),
    });
    expect(r).toEqual({ kind: 'written', late: 'one\ntheirs\n' });
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(backup).toBe('one\n');
  });

  it('leaves no temporary file behind, whether it wrote or not', () => {
    const file = join(dir, 'a.toml');
    writeFileSync(file, 'one\n');
    replaceIfUnchanged(file, 'other\n', 'mine\n', 0o600);
    replaceIfUnchanged(file, 'one\n', 'mine\n', 0o600);
    expect(readdirSync(dir)).toEqual(['a.toml']);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });
});
