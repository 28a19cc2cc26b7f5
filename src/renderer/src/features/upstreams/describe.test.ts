import { describe, expect, it } from 'vitest';
import { displayName, modelRulesSummary } from './describe';

describe('upstream row texts', () => {
  it('uses the alias as the name, else the host with its port', () => {
    expect(displayName({ alias: 'Relay A', host: 'relay.example' })).toBe('Relay A');
    expect(displayName({ alias: null, host: '127.0.0.1:8080' })).toBe('127.0.0.1:8080');
  });

  it('summarises model rules briefly', () => {
    expect(modelRulesSummary({ supportedModels: {}, modelMapping: {} })).toBeNull();
    expect(
      modelRulesSummary({
        supportedModels: { 'gpt-5*': true, o3: true, o4: true },
        modelMapping: { 'gpt-5': 'gpt-5.4' },
      }),
    ).toBe('gpt-5*, o3 +1 · gpt-5→gpt-5.4');
  });
});
