// The config warnings' message ids (docs/behaviour.md §8.6): each warning keeps its English text
// (serve prints it, clients read it) and the UI translates it from the id and parameters. The
// patterns are the formats validate.ts, validate-stations.ts and load-file.ts write; a warning
// none of them matches is shown as it is.
import type { MessageRef } from '../../../shared/contract';

const PATTERNS: { re: RegExp; messageId: string; names: string[] }[] = [
  {
    re: /^(.+): both auth_token and auth_token_env are set; the inline token wins$/,
    messageId: 'config.warn.bothToken',
    names: ['path'],
  },
  {
    re: /^(.+): both api_key and api_key_env are set; the inline key wins$/,
    messageId: 'config.warn.bothKey',
    names: ['path'],
  },
  {
    re: /^proxy\.host "(.*)" is not a loopback address: other machines can reach the proxy$/,
    messageId: 'config.warn.proxyHost',
    names: ['host'],
  },
  {
    re: /^console\.host "(.*)" is not a loopback address: other machines can reach the console$/,
    messageId: 'config.warn.consoleHost',
    names: ['host'],
  },
  {
    re: /^(.+) holds an inline secret and other users on this machine can read it \(mode (\d+)\); run: chmod 600 .+$/,
    messageId: 'config.warn.fileMode',
    names: ['file', 'mode'],
  },
];

export function warningRef(text: string): MessageRef | null {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const params: Record<string, string> = {};
    p.names.forEach((name, i) => (params[name] = m[i + 1] ?? ''));
    return { messageId: p.messageId, params };
  }
  return null;
}
