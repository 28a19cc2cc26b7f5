import { describe, expect, it } from 'vitest';
import type { ServiceSnapshot } from '../../../../shared/snapshot';
import type { Services } from '../../lib/upstream-names';
import { pinChoices, servedText, turnsText, upstreamText } from './session-text';

function services(
  stations: { name: string; alias: string | null; ups: [string, string | null, string][] }[],
): Services {
  const codex = {
    stations: stations.map((st) => ({
      name: st.name,
      alias: st.alias,
      upstreams: st.ups.map(([id, alias, host]) => ({ id, alias, host })),
    })),
  } as unknown as ServiceSnapshot;
  return { codex, claude: { stations: [] } as unknown as ServiceSnapshot };
}

const ONE = services([
  {
    name: 'main',
    alias: 'Main relays',
    ups: [
      ['relay-a/default', 'Relay A', 'a.example'],
      ['b#1/1', null, 'b.example:8443'],
    ],
  },
]);

describe('Sessions view texts', () => {
  it('names an upstream by alias, else host, and says when it was removed', () => {
    expect(upstreamText(ONE, 'codex', { station: 'main', id: 'relay-a/default' })).toBe('Relay A');
    expect(upstreamText(ONE, 'codex', { station: 'main', id: 'b#1/1' })).toBe('b.example:8443');
    expect(upstreamText(ONE, 'codex', { station: 'main', id: null })).toBe(
      'a removed upstream of main',
    );
  });

  it('lists who served a conversation with their request counts', () => {
    const s = {
      service: 'codex' as const,
      upstreams: [
        { station: 'main', id: 'relay-a/default', host: 'a.example', requests: 2 },
        { station: 'old', id: 'gone/x', host: 'gone.example', requests: 1 },
      ],
    };
    expect(servedText(ONE, s as never)).toBe('Relay A (2), gone.example (1)');
    expect(servedText(ONE, { ...s, upstreams: [] } as never)).toBe(
      'No requests through this proxy',
    );
  });

  it('counts turns, with a plus when only part of the file was read', () => {
    expect(turnsText({ turns: 1, turnsCapped: false })).toBe('1 turn');
    expect(turnsText({ turns: 40, turnsCapped: true })).toBe('40+ turns');
  });

  it('offers every upstream to pin to, with the station when there are several', () => {
    expect(pinChoices(ONE, 'codex').map((c) => c.label)).toEqual(['Relay A', 'b.example:8443']);
    const two = services([
      { name: 'main', alias: 'Main relays', ups: [['relay-a/default', 'Relay A', 'a.example']] },
      { name: 'spare', alias: null, ups: [['relay-c/default', 'Relay C', 'c.example']] },
    ]);
    expect(pinChoices(two, 'codex').map((c) => [c.station, c.id, c.label])).toEqual([
      ['main', 'relay-a/default', 'Main relays / Relay A'],
      ['spare', 'relay-c/default', 'spare / Relay C'],
    ]);
  });
});
