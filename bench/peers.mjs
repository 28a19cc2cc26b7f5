// The two proxies Claude Code users install instead, installed by the bench itself from npm into a
// throw-away folder (never project dependencies) and pointed at the same fake upstream. Each one
// that cannot be installed, started or configured is skipped with a one-line reason.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startTarget } from './procs.mjs';

export const PEERS = {
  ccr: { pkg: '@musistudio/claude-code-router', version: '3.1.1', title: 'claude-code-router' },
  ccflare: { pkg: 'better-ccflare', version: '3.5.4', title: 'better-ccflare' },
};

const npm = (args, cwd, timeoutMs) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: process.env });

/** The first line of npm's output that says why, without npm's log-file chatter. */
function npmReason(r) {
  if (r.error) return r.error.message;
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!) /, '').trim())
    .filter((l) => l && !/complete log|^code |^404 *$|Note that you can/i.test(l));
  const line = lines.find((l) => /404|not found|ETARGET|EBADENGINE|ERR/i.test(l)) ?? lines[0] ?? '';
  // "404 Not Found - GET <registry>/<name>": say which package, not which host.
  const missing = /404 Not Found - GET \S*\/([^/\s]+)$/.exec(line);
  if (missing)
    return `its dependency ${decodeURIComponent(missing[1])} is not on the registry (404)`;
  return line
    .replace(/https?:\/\/\S+/g, '<registry>')
    .slice(0, 160)
    .trim();
}

/** Installs `name` into dir/name; returns { dir } or { skip: reason }. */
function install(dir, name, log) {
  const peer = PEERS[name];
  const spec = `${peer.pkg}@${peer.version}`;
  const view = npm(['view', spec, 'version', 'engines.node', '--json'], dir, 60_000);
  if (view.status !== 0) return { skip: `${spec} is not on the registry (${npmReason(view)})` };
  let engines = '';
  try {
    const v = JSON.parse(view.stdout);
    engines = (Array.isArray(v) ? v[0] : v)?.['engines.node'] ?? '';
  } catch {
    // no engines field: any Node
  }
  const at = join(dir, name);
  mkdirSync(at, { recursive: true });
  log(`peers: installing ${spec} into ${at}`);
  const r = npm(
    ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', spec],
    at,
    300_000,
  );
  if (r.status !== 0) return { skip: `npm install ${spec} failed: ${npmReason(r)}` };
  const wantMajor = Number(/>=?\s*(\d+)/.exec(engines)?.[1] ?? 0);
  const haveMajor = Number(process.versions.node.split('.')[0]);
  if (wantMajor > haveMajor)
    return { skip: `${spec} needs Node ${engines}, this is ${process.version}` };
  return { dir: at };
}

/**
 * Answers an interactive CLI's prompts in order: each [pattern, answer] is sent once its pattern
 * has appeared on stdout. Resolves with the exit code and output.
 */
function converse(command, args, opts, script) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let step = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const onData = (c) => {
      out += c;
      while (step < script.length && script[step][0].test(out)) {
        child.stdin.write(`${script[step][1]}\n`);
        out = '';
        step += 1;
      }
      if (step === script.length) child.stdin.end();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function startCcflare(dir, upstreamPort) {
  const bin = join(dir, 'node_modules/.bin/better-ccflare');
  if (!existsSync(bin))
    return { skip: 'the better-ccflare package has no binary for this platform' };
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    HOME: home,
    BETTER_CCFLARE_DB_PATH: join(home, 'db.sqlite'),
    BETTER_CCFLARE_CONFIG_PATH: join(home, 'config.json'),
    BETTER_CCFLARE_HOST: '127.0.0.1',
    LOG_LEVEL: 'ERROR',
  };
  // One "Anthropic-compatible" account whose endpoint is the fake upstream; the CLI asks for the
  // key, the endpoint and whether to map model names (1 = the defaults).
  const added = await converse(
    bin,
    ['--add-account', 'bench', '--mode', 'anthropic-compatible', '--priority', '0'],
    { cwd: home, env },
    [
      [/API key:/, 'sk-bench-0123456789'],
      [/endpoint URL/, `http://127.0.0.1:${upstreamPort}`],
      [/choice/, '1'],
    ],
  );
  if (added.code !== 0) {
    return { skip: `better-ccflare --add-account failed: ${added.out.trim().split('\n').pop()}` };
  }
  const port = await freePort();
  // It announces readiness in prose; a tiny wrapper turns "Ready" into the JSON line startTarget reads.
  const wrapper = `
    const { spawn } = require('node:child_process');
    const c = spawn(${JSON.stringify(bin)}, ['--serve', '--port', '${port}'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = false, buf = '';
    c.stdout.on('data', (d) => { buf += d; if (!said && /Ready/.test(buf)) { said = true; process.stdout.write(JSON.stringify({ port: ${port}, pid: c.pid }) + '\\n'); } });
    process.on('SIGTERM', () => c.kill('SIGTERM'));
    c.on('exit', (code) => process.exit(code ?? 0));
  `;
  const t = await startTarget('better-ccflare', process.execPath, ['-e', wrapper], {
    cwd: home,
    env,
    readyTimeoutMs: 30_000,
  });
  // CPU and memory are read from the server itself, not from the wrapper.
  return { child: t.child, port, pid: t.info.pid };
}

/**
 * Installs and starts the peers. Returns { targets: [{key, title, child, port, pid}], skipped:
 * [{key, title, reason}], cleanup }.
 */
export async function startPeers(upstreamPort, log) {
  const dir = mkdtempSync(join(tmpdir(), 'chd-bench-peers-'));
  const targets = [];
  const skipped = [];
  for (const name of Object.keys(PEERS)) {
    const title = `${PEERS[name].title} ${PEERS[name].version}`;
    let r = install(dir, name, log);
    if (!r.skip) {
      try {
        r =
          name === 'ccflare'
            ? await startCcflare(r.dir, upstreamPort)
            : {
                // 3.x is configured through its management UI and SQLite store; there is no file or
                // flag this bench could write to point it at the fake upstream.
                skip: 'installed, but 3.x is configured only through its management UI',
              };
      } catch (err) {
        r = { skip: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
      }
    }
    if (r.skip) {
      log(`peers: ${title} skipped: ${r.skip}`);
      skipped.push({ key: name, title, reason: r.skip });
    } else {
      targets.push({ key: name, title, child: r.child, port: r.port, pid: r.pid });
    }
  }
  return { targets, skipped, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
