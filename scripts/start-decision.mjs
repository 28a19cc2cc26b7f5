// Pure decision for `npm start`: given what the probes found, run Electron (how) or fall back to
// the headless console (and say why in one line). No I/O here, so it is unit-tested.

/**
 * Reduces the electron package's failure output to one plain line (never a stack trace).
 * @param {string} output stderr + stdout of `node -e "require('electron')"`
 * @returns {string}
 */
export function electronFailureReason(output) {
  if (
    /failed to install correctly/i.test(output) ||
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/i.test(output)
  ) {
    return 'the Electron binary is not installed and could not be downloaded';
  }
  if (/Cannot find module 'electron'/.test(output)) {
    return 'the electron package is not installed (run npm install)';
  }
  if (/ETIMEDOUT|timed out/i.test(output)) return 'looking for the Electron binary timed out';
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(\w*Error|error):/.test(l));
  return line
    ? line.replace(/^\w*Error:\s*/, '').slice(0, 200)
    : 'the Electron binary could not be found';
}

/**
 * @param {import('./start-decision.d.mts').StartProbe} probe
 * @returns {import('./start-decision.d.mts').StartPlan}
 */
export function decideStart(probe) {
  const headless = (/** @type {string} */ reason) => ({
    kind: /** @type {const} */ ('headless'),
    reason,
    message:
      `Electron cannot start here: ${reason}. ` +
      'Starting the headless console instead (same engine, same UI in your browser).',
  });

  if (!probe.electron.ok) return headless(probe.electron.reason);

  const needsDisplay = probe.platform === 'linux';
  const hasDisplay = Boolean(probe.env.DISPLAY || probe.env.WAYLAND_DISPLAY);
  if (needsDisplay && !hasDisplay && !probe.xvfbRun) {
    return headless(
      'no display (DISPLAY and WAYLAND_DISPLAY are unset) and xvfb-run is not installed',
    );
  }
  // Chromium refuses to run its sandbox as root on Linux; the page stays context-isolated.
  const chromiumArgs = probe.platform === 'linux' && probe.isRoot ? ['--no-sandbox'] : [];
  const electronArgs = [...chromiumArgs, probe.projectRoot, ...probe.args];
  if (needsDisplay && !hasDisplay && probe.xvfbRun) {
    return {
      kind: 'electron',
      build: probe.buildStale,
      command: probe.xvfbRun,
      args: ['-a', probe.electron.path, ...electronArgs],
      note: 'no display found: running Electron under xvfb-run (the window is not visible)',
    };
  }
  return {
    kind: 'electron',
    build: probe.buildStale,
    command: probe.electron.path,
    args: electronArgs,
    note: null,
  };
}
