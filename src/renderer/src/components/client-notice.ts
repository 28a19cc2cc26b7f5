// What the top-of-page notice says about a client whose switch is in an odd state
// (docs/behaviour.md §5).
import type { ClientName, ClientStatus } from '../../../shared/snapshot';

export const CLIENT_NAMES: Record<ClientName, string> = { codex: 'Codex', claude: 'Claude Code' };

export interface ClientNoticeText {
  text: string;
  /** Label of the one-click restore, when restoring is the way out. */
  restore: string | null;
}

/** null for 'on' and 'off': those need no attention. */
export function clientNotice(client: ClientName, status: ClientStatus): ClientNoticeText | null {
  const name = CLIENT_NAMES[client];
  if (status === 'stale') {
    return {
      text: `${name} still points at this proxy from an earlier run, but nothing was serving.`,
      restore: `Restore ${name}`,
    };
  }
  if (status === 'foreign') {
    return {
      text: `${name} points at this proxy's port but not through this app's switch; switching is refused to avoid a loop.`,
      restore: null,
    };
  }
  return null;
}
