import { describe, expect, it } from 'vitest';
import type { ServiceSnapshot } from '../../../../shared/snapshot';
import { inListOrder } from './list-order';

const service = (ids: string[]) =>
  ({
    stations: [{ name: 'main', upstreams: ids.map((id) => ({ id })) }],
  }) as unknown as ServiceSnapshot;

describe('Overview table order', () => {
  it('lists tokens in the upstream list’s order, as the Cost table does, whatever the counts', () => {
    const services = { codex: service(['b/default', 'a/default']), claude: service(['c/default']) };
    const tokens = { 'c/default': 900, 'a/default': 5_000, 'gone/default': 7, 'b/default': 10 };
    expect(inListOrder(services, tokens).map(([id]) => id)).toEqual([
      'b/default',
      'a/default',
      'c/default',
      'gone/default',
    ]);
  });
});
