// parseConfig: text → validated AppConfig (docs/behaviour.md §1). The first problem found is
// reported with the file, the key path and, for syntax errors, the line and column.
import { parse, TomlError } from 'smol-toml';
import type { AppConfig } from '../../../shared/config-types';
import type { ConfigErrorInfo } from '../../../shared/snapshot';
import { ConfigProblem, joinPath, Reader } from './read-helpers';
import { readPricing } from './read-money';
import { locatePath } from './toml-doc';
import { readApp, readNotifications } from './validate-desktop';
import { isLoopbackHost, readConsole, readProxy, readShared } from './validate-network';
import { readRetry } from './validate-retry';
import { readService } from './validate-stations';

export { isLoopbackHost } from './validate-network';

const showKeyPath = (path: readonly (string | number)[]): string =>
  path.reduce<string>((acc, seg) => joinPath(acc, seg), '');

export type LoadResult =
  | { ok: true; config: AppConfig; text: string; warnings: string[] }
  | { ok: false; error: ConfigErrorInfo };

const SUPPORTED_VERSION = 1;

function validate(tree: Record<string, unknown>, warnings: string[]): AppConfig {
  const root = new Reader(tree, '', 'the top level');
  root.allowOnly([
    'version',
    'proxy',
    'console',
    'shared',
    'retry',
    'pricing',
    'notifications',
    'app',
    'codex',
    'claude',
  ]);
  const version = tree.version;
  if (version === undefined) {
    throw new ConfigProblem(
      'version',
      `is required (add version = ${SUPPORTED_VERSION} at the top)`,
    );
  }
  if (version !== SUPPORTED_VERSION) {
    const shown = typeof version === 'number' ? `version = ${version}` : 'this version';
    throw new ConfigProblem(
      'version',
      `${shown} is not supported; this app reads version = ${SUPPORTED_VERSION}`,
    );
  }
  const config: AppConfig = {
    version: 1,
    proxy: readProxy(root),
    console: readConsole(root),
    shared: readShared(root),
    retry: readRetry(root),
    notifications: readNotifications(root),
    app: readApp(root),
    pricing: readPricing(root),
    codex: readService(root, 'codex', warnings),
    claude: readService(root, 'claude', warnings),
  };
  if (!isLoopbackHost(config.proxy.host)) {
    warnings.push(
      `proxy.host "${config.proxy.host}" is not a loopback address: other machines can reach the proxy`,
    );
  }
  if (!isLoopbackHost(config.console.host)) {
    warnings.push(
      `console.host "${config.console.host}" is not a loopback address: other machines can reach the console`,
    );
  }
  return config;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/^Invalid TOML document:\s*/, '').trim();
}

export function parseConfig(text: string, file: string): LoadResult {
  let tree: Record<string, unknown>;
  try {
    tree = parse(text) as Record<string, unknown>;
  } catch (err) {
    // Only the first line of the parser's message: its code block quotes the file, which may
    // hold a token.
    if (err instanceof TomlError) {
      return {
        ok: false,
        error: {
          message: `${file}: line ${err.line}, column ${err.column}: ${firstLine(err.message)}`,
          file,
          path: null,
          line: err.line,
          column: err.column,
        },
      };
    }
    const reason = err instanceof Error ? firstLine(err.message) : String(err);
    return {
      ok: false,
      error: { message: `${file}: ${reason}`, file, path: null, line: null, column: null },
    };
  }
  const warnings: string[] = [];
  try {
    return { ok: true, config: validate(tree, warnings), text, warnings };
  } catch (err) {
    if (!(err instanceof ConfigProblem)) throw err;
    const where = err.path ? `${err.path}: ` : '';
    const at = err.path ? locatePath(text, err.path, showKeyPath) : null;
    return {
      ok: false,
      error: {
        ...(err.ref ? { messageId: err.ref.messageId, params: err.ref.params ?? {} } : {}),
        message: `${file}: ${where}${err.message}`,
        file,
        path: err.path,
        line: at?.line ?? null,
        column: at?.column ?? null,
      },
    };
  }
}
