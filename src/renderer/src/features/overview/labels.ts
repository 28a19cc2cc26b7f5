import type { ServiceName } from '../../../../shared/config-types';
import type { ClientName } from '../../../../shared/snapshot';

export const CLIENTS_ORDER: readonly ClientName[] = ['codex', 'claude'];

export function serviceLabel(s: ServiceName): string {
  return s === 'codex' ? 'Codex' : 'Claude';
}
