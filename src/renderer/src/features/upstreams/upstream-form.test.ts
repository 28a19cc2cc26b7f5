import { describe, expect, it } from 'vitest';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import {
  EMPTY_DRAFT,
  baseUrlChanged,
  draftFromUpstream,
  draftToInput,
  draftToPatch,
  parseMapping,
  parsePatterns,
  parseTags,
  validateDraft,
} from './upstream-form';

const upstream = {
  baseUrl: 'https://relay-a.example/v1',
  alias: 'Relay A',
  authTokenEnv: 'RELAY_A_KEY',
  tags: { provider_id: 'relay-a', endpoint_id: 'default' },
  supportedModels: { 'gpt-5*': true },
  modelMapping: { 'gpt-5': 'gpt-5.4' },
} as unknown as UpstreamSnapshot;

describe('upstream dialog validation', () => {
  it('requires a base URL and explains a bad one', () => {
    expect(validateDraft(EMPTY_DRAFT).baseUrl).toBe('Base URL is required');
    expect(validateDraft({ ...EMPTY_DRAFT, baseUrl: 'ftp://x' }).baseUrl).toMatch(/http/);
    expect(validateDraft({ ...EMPTY_DRAFT, baseUrl: 'https://relay.example/v1' })).toEqual({});
  });

  it('rejects an environment variable name that a shell could not export', () => {
    const d = { ...EMPTY_DRAFT, baseUrl: 'https://r.example', tokenEnv: '1BAD-NAME' };
    expect(validateDraft(d).tokenEnv).toMatch(/Letters, digits and _/);
    expect(validateDraft({ ...d, tokenEnv: '_RELAY_KEY2' }).tokenEnv).toBeUndefined();
  });

  it('rejects a model pattern with two stars', () => {
    expect(parsePatterns('gpt-5*, o*3*').error).toContain('"o*3*" has more than one *');
    expect(parsePatterns('gpt-5*  o3,claude-*').value).toEqual({
      'gpt-5*': true,
      o3: true,
      'claude-*': true,
    });
  });

  it('reads mapping lines and names the line of a broken pair', () => {
    expect(parseMapping('gpt-5 = gpt-5.4\n\nclaude-* = claude-*-x').value).toEqual({
      'gpt-5': 'gpt-5.4',
      'claude-*': 'claude-*-x',
    });
    expect(parseMapping('a = b\njust-a-model').error).toBe('line 2: write it as "from = to"');
    expect(parseMapping('a = b\na = c').error).toBe('line 2: "a" is mapped twice');
  });

  it('reads tags as key=value pairs', () => {
    expect(parseTags('provider_id=x, endpoint_id=y').value).toEqual({
      provider_id: 'x',
      endpoint_id: 'y',
    });
    expect(parseTags('provider_id').error).toBe('"provider_id" is not key=value');
  });
});

describe('upstream dialog results', () => {
  it('builds an input with only the fields the user filled', () => {
    const d = { ...EMPTY_DRAFT, baseUrl: ' https://r.example/v1 ', tokenEnv: 'R_KEY' };
    expect(draftToInput(d)).toEqual({ baseUrl: 'https://r.example/v1', authTokenEnv: 'R_KEY' });
  });

  it('sends an API key variable for Anthropic-style relays and checks its name', () => {
    const draft = {
      ...EMPTY_DRAFT,
      baseUrl: 'https://claude-relay.example',
      apiKeyEnv: 'CLAUDE_RELAY_KEY',
    };
    expect(draftToInput(draft)).toEqual({
      baseUrl: 'https://claude-relay.example',
      apiKeyEnv: 'CLAUDE_RELAY_KEY',
    });
    expect(validateDraft({ ...draft, apiKeyEnv: '9BAD' }).apiKeyEnv).toMatch(/Letters, digits/);
    expect(draftToPatch({ ...draftFromUpstream(upstream), apiKeyEnv: 'K' }, upstream)).toEqual({
      apiKeyEnv: 'K',
    });
  });

  it('never prefills the token when editing', () => {
    expect(draftFromUpstream(upstream).token).toBe('');
  });

  it('sends an empty patch when nothing changed, so a blank token keeps the stored one', () => {
    expect(draftToPatch(draftFromUpstream(upstream), upstream)).toEqual({});
  });

  it('patches only what changed and removes a cleared field with null', () => {
    const d = { ...draftFromUpstream(upstream), alias: '', token: 's3cret', modelMapping: '' };
    expect(draftToPatch(d, upstream)).toEqual({
      alias: null,
      authToken: 's3cret',
      modelMapping: null,
    });
  });

  it('notices a base URL change so the dialog can warn that state resets', () => {
    const d = draftFromUpstream(upstream);
    expect(baseUrlChanged(d, upstream)).toBe(false);
    expect(baseUrlChanged({ ...d, baseUrl: 'https://relay-b.example/v1' }, upstream)).toBe(true);
    expect(baseUrlChanged(d, null)).toBe(false);
  });
});
