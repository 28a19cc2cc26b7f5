// What the top-of-page notice says about a client whose switch is in an odd state
// (docs/behaviour.md §5).
import type { ClientName, ClientStatus } from '../../../shared/snapshot';
import { translator, type Translate } from '../../../shared/i18n';

export const CLIENT_NAMES: Record<ClientName, string> = { codex: 'Codex', claude: 'Claude Code' };

export interface ClientNoticeText {
  text: string;
  /** Label of the one-click restore, when restoring is the way out. */
  restore: string | null;
}

/** null for 'on' and 'off': those need no attention. */
export function clientNotice(
  client: ClientName,
  status: ClientStatus,
  t: Translate = translator('en'),
): ClientNoticeText | null {
  const name = CLIENT_NAMES[client];
  if (status === 'stale') {
    return { text: t('app.clientStale', { name }), restore: t('app.clientRestore', { name }) };
  }
  if (status === 'foreign') return { text: t('app.clientForeign', { name }), restore: null };
  return null;
}
