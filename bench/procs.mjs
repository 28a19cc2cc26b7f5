// Process plumbing for `npm run bench`: start a target and learn its port, stop it, read its RSS,
// run nginx from a throw-away prefix, talk to the forked load generator. Loopback only.
import { spawn, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Spawns a process that prints one JSON line ({"port":N,...}) once it listens. */
export function startTarget(name, command, args, opts = {}) {
  const { readyTimeoutMs = 15_000, ...spawnOpts } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
    let out = '';
    let err = '';
    const fail = (why) => {
      child.kill('SIGTERM');
      reject(new Error(`${name} did not start: ${why}${err ? `\n${err.trim()}` : ''}`));
    };
    const timer = setTimeout(
      () => fail(`no port announced within ${readyTimeoutMs / 1000} s`),
      readyTimeoutMs,
    );
    child.stderr.on('data', (c) => (err += c));
    child.stdout.on('data', (c) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      try {
        resolve({ child, info: JSON.parse(out.slice(0, nl)) });
      } catch {
        fail(`unexpected output "${out.slice(0, nl)}"`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
  });
}

export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const CLK_TCK =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function cpuTicksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system, every thread) used so far by a process and its direct children
 * (nginx's worker), in ms, from /proc/<pid>/stat. Resolution is one clock tick (10 ms).
 */
export function cpuMs(pid) {
  return ([pid, ...childrenOf(pid)].reduce((sum, p) => sum + cpuTicksOf(p), 0) * 1000) / CLK_TCK;
}

/** RSS of a process and its direct children (nginx's master plus its worker), in MB. */
export function rssMb(pid) {
  return [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssKb(p), 0) / 1024;
}

/** A port nothing listens on right now (127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export function nginxBinary() {
  const r = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  const path = r.status === 0 ? r.stdout.trim().split('\n')[0] : '';
  return path || null;
}

/** nginx with one worker, keep-alive to the upstream and buffering off, as in the issue. */
export async function startNginx(bin, upstreamPort) {
  const prefix = mkdtempSync(join(tmpdir(), 'chd-bench-nginx-'));
  const port = await freePort();
  const conf = `
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream fake { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
  writeFileSync(join(prefix, 'nginx.conf'), conf);
  const child = spawn(bin, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  // nginx announces nothing when it is ready: poll the port until it accepts (at most ~5 s).
  for (let i = 0; i < 250; i++) {
    if (child.exitCode !== null) break;
    if (await canConnect(port))
      return {
        child,
        info: { port },
        cleanup: () => rmSync(prefix, { recursive: true, force: true }),
      };
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGTERM');
  rmSync(prefix, { recursive: true, force: true });
  throw new Error(`nginx did not start: ${err.trim() || 'port never accepted a connection'}`);
}

/** Forks the load generator; `ask` sends one command and resolves with its answer. */
export function startLoad(script) {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`load generator exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (reply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.value);
        else reject(new Error(`load generator: ${reply.error}`));
      });
      child.send(msg);
    });
  return { child, ask };
}

export { postResponses } from './post.mjs';
