import { describe, expect, it } from 'vitest';
import { decideStart, electronFailureReason } from '../scripts/start-decision.mjs';
import type { StartProbe } from '../scripts/start-decision.mjs';

const base: StartProbe = {
  platform: 'linux',
  electron: { ok: true, path: '/p/node_modules/electron/dist/electron' },
  env: { DISPLAY: ':0' },
  xvfbRun: null,
  isRoot: false,
  buildStale: false,
  projectRoot: '/p',
  args: ['--home', '/tmp/h'],
};

describe('npm start decision', () => {
  it('runs Electron on the project with the forwarded arguments when it can', () => {
    expect(decideStart(base)).toEqual({
      kind: 'electron',
      build: false,
      command: '/p/node_modules/electron/dist/electron',
      args: ['/p', '--home', '/tmp/h'],
      note: null,
    });
  });

  it('builds first when the output is stale', () => {
    expect(decideStart({ ...base, buildStale: true })).toMatchObject({
      kind: 'electron',
      build: true,
    });
  });

  it('falls back to the headless console with a one-line reason when the binary is missing', () => {
    const plan = decideStart({
      ...base,
      electron: {
        ok: false,
        reason: 'the Electron binary is not installed and could not be downloaded',
      },
    });
    expect(plan).toEqual({
      kind: 'headless',
      reason: 'the Electron binary is not installed and could not be downloaded',
      message:
        'Electron cannot start here: the Electron binary is not installed and could not be downloaded. Starting the headless console instead (same engine, same UI in your browser).',
    });
  });

  it('uses xvfb-run on Linux without a display, and the console when there is none', () => {
    const noDisplay = { ...base, env: {} };
    expect(decideStart(noDisplay)).toMatchObject({
      kind: 'headless',
      reason: expect.stringContaining('no display'),
    });
    expect(decideStart({ ...noDisplay, xvfbRun: '/usr/bin/xvfb-run' })).toMatchObject({
      kind: 'electron',
      command: '/usr/bin/xvfb-run',
      args: ['-a', '/p/node_modules/electron/dist/electron', '/p', '--home', '/tmp/h'],
    });
    expect(decideStart({ ...noDisplay, env: { WAYLAND_DISPLAY: 'wayland-0' } })).toMatchObject({
      kind: 'electron',
    });
  });

  it('needs no display variable outside Linux and adds --no-sandbox only for root on Linux', () => {
    expect(decideStart({ ...base, platform: 'darwin', env: {}, isRoot: true })).toMatchObject({
      kind: 'electron',
      args: ['/p', '--home', '/tmp/h'],
    });
    expect(decideStart({ ...base, isRoot: true })).toMatchObject({
      args: ['--no-sandbox', '/p', '--home', '/tmp/h'],
    });
  });
});

describe('electron failure reason', () => {
  it('turns the electron package error into one plain line without a stack', () => {
    const output = `Downloading Electron binary...
/p/node_modules/electron/index.js:46
      throw new Error(
Error: Electron failed to install correctly. Please delete \`node_modules/electron\` and run "npx install-electron --no" manually.
    at getElectronPath (/p/node_modules/electron/index.js:46:13)`;
    const reason = electronFailureReason(output);
    expect(reason).toBe('the Electron binary is not installed and could not be downloaded');
    expect(reason).not.toContain('\n');
  });

  it('names a missing package and keeps unknown errors to their message line', () => {
    expect(electronFailureReason("Error: Cannot find module 'electron'\nRequire stack:")).toContain(
      'npm install',
    );
    expect(electronFailureReason('TypeError: something odd\n    at x (y.js:1:1)')).toBe(
      'something odd',
    );
  });
});
