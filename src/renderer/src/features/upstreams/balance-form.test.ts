import { describe, expect, it } from 'vitest';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import {
  EMPTY_DRAFT,
  draftFromUpstream,
  draftToInput,
  draftToPatch,
  validateDraft,
} from './upstream-form';

const base = {
  baseUrl: 'https://relay.example/v1',
  alias: null,
  authTokenEnv: null,
  apiKeyEnv: null,
  tags: { provider_id: 'relay', endpoint_id: 'default' },
  supportedModels: {},
  modelMapping: {},
  priceMultiplier: 0.3,
  balanceSource: {
    kind: 'http-json',
    intervalSecs: 300,
    exhaustBelow: 0.5,
    endpoint: '{origin}/api/balance',
    remainingPath: 'data.balance',
    divisor: null,
    currency: 'CNY',
  },
} as unknown as UpstreamSnapshot;

describe('upstream dialog: price multiplier and balance', () => {
  it('fills the Balance group from the upstream and changes nothing when saved untouched', () => {
    const d = draftFromUpstream(base);
    expect(d).toMatchObject({
      priceMultiplier: '0.3',
      balanceKind: 'http-json',
      balanceInterval: '',
      balanceThreshold: '0.5',
      balanceEndpoint: '{origin}/api/balance',
      balancePath: 'data.balance',
      balanceCurrency: 'CNY',
    });
    expect(draftToPatch(d, base)).toEqual({});
  });

  it('sends a new balance source as camelCase input, and "None" removes it', () => {
    const d = {
      ...EMPTY_DRAFT,
      baseUrl: 'https://r.example/v1',
      balanceKind: 'new-api' as const,
      balanceThreshold: '1',
    };
    expect(draftToInput(d).balance).toEqual({ kind: 'new-api', exhaustBelow: 1 });
    const none = { ...draftFromUpstream(base), balanceKind: '' as const, priceMultiplier: '' };
    expect(draftToPatch(none, base)).toEqual({ balance: null, priceMultiplier: null });
  });

  it('explains a bad multiplier, a short interval and an http-json source without a path', () => {
    const d = { ...draftFromUpstream(base), priceMultiplier: '-1', balanceInterval: '5' };
    const errors = validateDraft(d);
    expect(errors.priceMultiplier).toContain('≥ 0');
    expect(errors.balanceInterval).toContain('at least 30');
    expect(validateDraft({ ...draftFromUpstream(base), balancePath: '' }).balancePath).toContain(
      'JSON path',
    );
  });
});
