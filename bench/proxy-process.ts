// The proxy under test, in its own process: the whole engine (balancer, classification, request
// log) with a throw-away home whose one Codex upstream and one Claude upstream are the bench's fake
// upstream. Usage: node out/main/bench-proxy.js <upstream-port>
// Prints one JSON line {"port":N,"claudePort":M,"home":"..."} when both listen; SIGTERM stops it and removes the home
// (a clean exit also lets `node --cpu-prof` write its profile).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/main/engine';

function configToml(upstreamPort: number): string {
  return [
    'version = 1',
    '',
    '[proxy]',
    'host = "127.0.0.1"',
    '',
    '[codex]',
    'active = "main"',
    '',
    '[codex.stations.main]',
    '',
    '[[codex.stations.main.upstreams]]',
    `base_url = "http://127.0.0.1:${upstreamPort}/v1"`,
    'alias = "Fake upstream"',
    'auth = { auth_token_env = "BENCH_UPSTREAM_KEY" }',
    'tags = { provider_id = "bench", endpoint_id = "default" }',
    '',
    '[claude]',
    'active = "main"',
    '',
    '[claude.stations.main]',
    '',
    '[[claude.stations.main.upstreams]]',
    `base_url = "http://127.0.0.1:${upstreamPort}"`,
    'alias = "Fake upstream"',
    'auth = { api_key_env = "BENCH_UPSTREAM_KEY" }',
    'tags = { provider_id = "bench", endpoint_id = "claude" }',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const upstreamPort = Number(process.argv[2]);
  if (!Number.isInteger(upstreamPort) || upstreamPort < 1 || upstreamPort > 65535) {
    process.stderr.write(
      `bench-proxy: expected the fake upstream's port, got "${process.argv[2]}"\n`,
    );
    process.exit(2);
  }
  const home = mkdtempSync(join(tmpdir(), 'chd-bench-'));
  writeFileSync(join(home, 'config.toml'), configToml(upstreamPort), { mode: 0o600 });
  const engine = createEngine({
    home,
    codexHome: join(home, 'codex-home'),
    claudeConfigDir: join(home, 'claude-home'),
    // A dummy key: the upstream only checks that one arrives.
    env: { BENCH_UPSTREAM_KEY: 'bench-dummy-key' },
    ports: { codex: 0, claude: 0 },
  });
  await engine.start();
  const snap = engine.snapshot();
  const listening = snap.services.codex.listening;
  const claude = snap.services.claude.listening;
  if (!listening || !claude) {
    const s = engine.snapshot();
    const svc = listening ? 'claude' : 'codex';
    process.stderr.write(
      `bench-proxy: the ${svc} listener did not start: ${s.services[svc].error ?? s.configError?.message ?? 'unknown reason'}\n`,
    );
    await engine.stop();
    rmSync(home, { recursive: true, force: true });
    process.exit(1);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await engine.stop();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdout.write(
    `${JSON.stringify({ port: listening.port, claudePort: claude.port, home })}\n`,
  );
}

void main();
