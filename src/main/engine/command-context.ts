// What the commands reach the engine through (commands/context.ts, docs/behaviour.md §6): the
// engine's parts as one CommandContext, which createEngine hands to dispatchCommand.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ServiceName } from '../../shared/config-types';
import type { RequestBooks } from './books';
import type { CommandContext } from './commands/context';
import { saveSettings, type ListenerMoveParts } from './listener-moves';
import { LOG_KEEP } from './log';
import { logFiles, readRequests } from './log/pages';
import type { SnapshotPublisher } from './publisher';
import type { SessionCatalog } from './sessions';

export interface CommandParts
  extends
    ListenerMoveParts,
    Pick<CommandContext, 'clock' | 'balancer' | 'activity' | 'ledger' | 'poller' | 'setPaused'> {
  keyEnv: Readonly<Record<string, string | undefined>>;
  /** The process's environment (where `$CODEX_HELPER_HOME` is read). */
  env: Readonly<Record<string, string | undefined>>;
  publisher: SnapshotPublisher;
  books: RequestBooks;
  sessions: SessionCatalog;
  codexHome: string;
  logsDir: string;
}

export function commandContext(p: CommandParts): CommandContext {
  const { configStore, listeners, clients } = p;
  return {
    config: () => configStore.current(),
    env: p.keyEnv,
    clock: p.clock,
    balancer: p.balancer,
    activity: p.activity,
    ledger: p.ledger,
    poller: p.poller,
    save: p.save,
    changed: () => p.publisher.changedNow(),
    ownAddresses: () => listeners.ownAddresses(configStore.current()),
    clientContext: clients.context,
    importContext: (service: ServiceName) => ({
      codexHome: p.codexHome,
      codexHelperHome: p.env.CODEX_HELPER_HOME ?? join(homedir(), '.codex-helper'),
      service,
      ownAddresses: listeners.ownAddresses(configStore.current()),
    }),
    saveSettings: (edits) => saveSettings(p, edits),
    refreshClients: clients.refresh,
    setPaused: p.setPaused,
    readRequests: async (before, limit) => {
      await p.books.flushLog();
      return readRequests(logFiles(p.logsDir, LOG_KEEP), before, limit);
    },
    listSessions: (service, offset, limit) => p.sessions.list(service, offset, limit),
  };
}
