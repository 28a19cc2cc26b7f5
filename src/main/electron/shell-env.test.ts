import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseShellEnv, readShellEnv, shellEnvCommand, type ShellEnvDeps } from './shell-env';

const MARKED = (json: string) => {
  const { args } = shellEnvCommand('/bin/sh', 'node');
  const mark = /printf '%s' '([^']+)'/.exec(args[1] ?? '')?.[1] ?? '';
  return `${mark}${json}${mark}`;
};

describe('shell environment parser', () => {
  it('reads the environment between the markers and ignores what profile scripts print around it', () => {
    const out = `Welcome back!\nnvm: using node 20\n${MARKED('{"RELAY_KEY":"sk-1","PATH":"/usr/bin"}')}\nbye\n`;
    expect(parseShellEnv(out)).toEqual({ RELAY_KEY: 'sk-1', PATH: '/usr/bin' });
  });

  it('gives nothing when a marker is missing or what lies between them is not an environment', () => {
    expect(parseShellEnv('RELAY_KEY=sk-1\n')).toBeNull();
    expect(parseShellEnv(MARKED('{"cut'))).toBeNull();
    expect(parseShellEnv(MARKED('[1,2]'))).toBeNull();
    expect(parseShellEnv(MARKED('{"A":"1","N":2}'))).toEqual({ A: '1' });
  });
});

describe('reading the login shell', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  /** A fake login shell: a script that ignores -ilc and runs `body`. */
  function fakeShell(body: string): string {
    dir = mkdtempSync(join(tmpdir(), 'chd-shell-'));
    const file = join(dir, 'shell');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  const deps = (shell: string, over: Partial<ShellEnvDeps> = {}): ShellEnvDeps => ({
    platform: 'linux',
    shell,
    nodePath: process.execPath,
    baseEnv: { PATH: process.env.PATH },
    spawn,
    setTimer: () => () => undefined,
    ...over,
  });

  it('runs the real shell with the command line and gets the variables its profile exports', async () => {
    // A shell that "sources a profile" (exports a key, prints a greeting), then runs the command.
    const shell = fakeShell(
      'echo "profile says hi"\nexport RELAY_KEY=from-profile\nexec /bin/sh -c "$2"',
    );
    const r = await readShellEnv(deps(shell));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.env.RELAY_KEY).toBe('from-profile');
  });

  it('gives up when the shell does not answer in time, and kills it', async () => {
    const shell = fakeShell('exec sleep 1000');
    let fire: () => void = () => undefined;
    let armedFor = 0;
    const pending = readShellEnv(
      deps(shell, {
        setTimer: (fn, ms) => {
          fire = fn;
          armedFor = ms;
          return () => undefined;
        },
      }),
    );
    expect(armedFor).toBe(10_000);
    fire();
    await expect(pending).resolves.toEqual({
      ok: false,
      reason: `${shell} did not answer within 10 s`,
    });
  });

  it('is never run on Windows, nor without $SHELL, and a failing shell is ignored', async () => {
    await expect(readShellEnv(deps('/bin/sh', { platform: 'win32' }))).resolves.toMatchObject({
      ok: false,
    });
    await expect(readShellEnv(deps('', {}))).resolves.toEqual({
      ok: false,
      reason: '$SHELL is not set',
    });
    const r = await readShellEnv(deps(fakeShell('exit 3')));
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('exited 3') });
  });
});
