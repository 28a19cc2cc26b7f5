// A config.toml with many upstreams, all pointing at the bench's fake upstream, each with its own
// identity tags (so each keeps its own balancer state) and key variable.
export function manyUpstreamsToml({ port, codex = 0, claude = 0, ports = null }) {
  const lines = ['version = 1', '', '[proxy]', 'host = "127.0.0.1"'];
  if (ports) lines.push(`codex_port = ${ports.codex}`, `claude_port = ${ports.claude}`);
  if (ports) lines.push('', '[console]', 'host = "127.0.0.1"', `port = ${ports.console}`);
  for (const [service, n, base] of [
    ['codex', codex, `http://127.0.0.1:${port}/v1`],
    ['claude', claude, `http://127.0.0.1:${port}`],
  ]) {
    if (n === 0) continue;
    lines.push('', `[${service}]`, 'active = "main"', '', `[${service}.stations.main]`);
    for (let i = 0; i < n; i++) {
      lines.push(
        '',
        `[[${service}.stations.main.upstreams]]`,
        `base_url = "${base}"`,
        `alias = "Relay ${i + 1}"`,
        `auth = { ${service === 'claude' ? 'api_key_env' : 'auth_token_env'} = "BENCH_UPSTREAM_KEY" }`,
        `tags = { provider_id = "relay-${i + 1}", endpoint_id = "default" }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
