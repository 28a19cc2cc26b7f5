// Command-line flags of `npm run serve`.
import type { ImportSource } from '../../shared/contract';
import type { ClientName } from '../../shared/snapshot';

export interface ServeArgs {
  home: string | undefined;
  switches: ClientName[];
  imports: ImportSource[];
  help: boolean;
}

export const SERVE_USAGE = `Usage: npm run serve -- [options]

  --home DIR            home folder (default: $CODEX_HELPER_DESKTOP_HOME or ~/.codex-helper-desktop)
  --switch-codex        point Codex at the proxy now, restore it when serve exits (SIGINT/SIGTERM)
  --switch-claude       the same for Claude Code
  --import codex        import Codex's model providers into the active codex station
  --import codex-helper import the Rust codex-helper's upstreams into the active codex station
  --help                this text

Environment: CODEX_HELPER_DESKTOP_TOKEN fixes the console token (default: random per start).`;

export function parseServeArgs(argv: readonly string[]): ServeArgs | { error: string } {
  const out: ServeArgs = { home: undefined, switches: [], imports: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      switch (flag) {
        case '--home':
          out.home = value();
          break;
        case '--switch-codex':
          out.switches.push('codex');
          break;
        case '--switch-claude':
          out.switches.push('claude');
          break;
        case '--import': {
          const v = value();
          if (v !== 'codex' && v !== 'codex-helper') {
            return { error: `--import takes codex or codex-helper, not "${v}"` };
          }
          out.imports.push(v);
          break;
        }
        case '--help':
        case '-h':
          out.help = true;
          break;
        default:
          return { error: `unknown option "${arg}"` };
      }
    } catch (err) {
      return { error: (err as Error).message };
    }
  }
  return out;
}
