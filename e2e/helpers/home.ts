// Temp homes and the config.toml the stories start from.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ports } from './serve';

export interface UpstreamSpec {
  url: string;
  alias: string;
  /** provider_id tag; tagged upstreams keep their state when moved (docs/behaviour.md §2.2). */
  id: string;
  /** Name of the environment variable holding its key (auth_token_env). */
  tokenEnv?: string;
}

export function makeHome(): { home: string; configFile: string; remove(): void } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'chd-e2e-'));
  return {
    home,
    configFile: path.join(home, 'config.toml'),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * A config with one codex station "main". The retry settings make one failed request cool its
 * upstream for 30 s and fail over at once, so a story sees cooling after a single request.
 */
export function configText(ports: Ports, upstreams: readonly UpstreamSpec[] = []): string {
  const lines = [
    'version = 1',
    '',
    '[proxy]',
    `codex_port = ${ports.codex}`,
    `claude_port = ${ports.claude}`,
    '',
    '[console]',
    `port = ${ports.console}`,
    '',
    '[retry]',
    'failure_cooldown_secs = 30',
    'transport_cooldown_secs = 30',
    '[retry.upstream]',
    'max_attempts = 1',
    '',
    '[codex]',
    'active = "main"',
    '',
    '[codex.stations.main]',
    'alias = "Main relays"',
  ];
  for (const u of upstreams) {
    lines.push('', '[[codex.stations.main.upstreams]]', `base_url = "${u.url}/v1"`);
    if (u.alias) lines.push(`alias = "${u.alias}"`);
    if (u.id) lines.push(`tags = { provider_id = "${u.id}", endpoint_id = "default" }`);
    if (u.tokenEnv) lines.push(`auth = { auth_token_env = "${u.tokenEnv}" }`);
  }
  return `${lines.join('\n')}\n`;
}

/** The base_url values of config.toml in file order. */
export function baseUrls(configFile: string): string[] {
  const text = readFileSync(configFile, 'utf8');
  return [...text.matchAll(/^\s*base_url\s*=\s*"([^"]*)"/gm)].map((m) => m[1] ?? '');
}
