import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpstreamConfig } from '../../../shared/config-types';
import { markDuplicates, readImportSource, switchOn, type ImportSourceContext } from './index';

const GOLDEN = path.resolve(__dirname, '../../../../tests/golden/codex-helper');
let root: string;
let ctx: ImportSourceContext;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-import-'));
  ctx = {
    codexHome: path.join(root, 'codex'),
    codexHelperHome: path.join(root, 'helper'),
    service: 'codex',
    ownAddresses: [
      { host: '127.0.0.1', port: 3211 },
      { host: '127.0.0.1', port: 3210 },
    ],
  };
  fs.mkdirSync(ctx.codexHome);
  fs.mkdirSync(ctx.codexHelperHome);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const CODEX_THREE = `model_provider = "b"
[model_providers.a]
name = "Relay A"
base_url = "https://a.example/v1"
env_key = "A_KEY"

[model_providers.b]
name = "b"
base_url = "https://b.example/v1"
env_key = "B_KEY"
experimental_bearer_token = "sk-codex-inline-secret"

[model_providers.c]
name = "No URL"
env_key = "C_KEY"
`;

function useHelperFixture(name: string, as: string): void {
  fs.copyFileSync(path.join(GOLDEN, name), path.join(ctx.codexHelperHome, as));
}

function noSecret(value: unknown): void {
  expect(JSON.stringify(value)).not.toMatch(/sk-/);
}

describe('import from Codex', () => {
  it('turns providers into upstreams, the selected one first, skipping one without base_url', () => {
    fs.writeFileSync(path.join(ctx.codexHome, 'config.toml'), CODEX_THREE);
    const read = readImportSource('codex', ctx);
    expect(read.candidates).toEqual([
      {
        id: 'b/default',
        origin: '[model_providers.b]',
        upstream: {
          baseUrl: 'https://b.example/v1',
          authTokenEnv: 'B_KEY',
          tags: { provider_id: 'b', endpoint_id: 'default' },
        },
      },
      {
        id: 'a/default',
        origin: '[model_providers.a]',
        upstream: {
          baseUrl: 'https://a.example/v1',
          alias: 'Relay A',
          authTokenEnv: 'A_KEY',
          tags: { provider_id: 'a', endpoint_id: 'default' },
        },
      },
    ]);
    expect(read.warnings).toContain('provider c has no base_url; skipped');
    expect(read.warnings).toContain('provider b has an inline secret; set it again in the app');
    noSecret(read.candidates);
  });

  it('reads the file as it was before our switch while switched on', () => {
    fs.writeFileSync(path.join(ctx.codexHome, 'config.toml'), CODEX_THREE);
    switchOn('codex', {
      codexHome: ctx.codexHome,
      claudeConfigDir: root,
      proxyHost: '127.0.0.1',
      codexPort: 3211,
      claudePort: 3210,
      serving: { codex: true, claude: true },
    });
    const ids = readImportSource('codex', ctx).candidates.map((c) => c.id);
    expect(ids).toEqual(['b/default', 'a/default']);
  });

  it('refuses a Codex config that already points at our proxy', () => {
    fs.writeFileSync(
      path.join(ctx.codexHome, 'config.toml'),
      'model_provider = "p"\n[model_providers.p]\nbase_url = "http://127.0.0.1:3211/v1"\n',
    );
    expect(() => readImportSource('codex', ctx)).toThrow(/forward to itself/);
  });
});

describe('import from codex-helper', () => {
  it('flattens the legacy TOML layout: active station first, then by (level, name)', () => {
    useHelperFixture('legacy.toml', 'config.toml');
    const read = readImportSource('codex-helper', ctx);
    expect(read.candidates.map((c) => [c.id, c.upstream.baseUrl, c.upstream.enabled])).toEqual([
      ['right/default', 'https://www.right.codes/codex/v1', undefined],
      ['right-2/default', 'https://second.example/v1', undefined],
      ['cheap-1/default', 'https://cheap.example/v1', false],
      ['backup-1/default', 'https://backup.example/v1', undefined],
    ]);
    expect(read.candidates[0]?.upstream).toEqual({
      baseUrl: 'https://www.right.codes/codex/v1',
      authTokenEnv: 'RIGHT_API_KEY',
      tags: { provider_id: 'right', region: 'hk', endpoint_id: 'default' },
      supportedModels: { 'gpt-5*': true },
      modelMapping: { 'gpt-5': 'gpt-5.4' },
    });
    expect(read.candidates[1]?.upstream.apiKeyEnv).toBe('SECOND_KEY');
    expect(
      read.warnings.some((w) => w.includes('backup-1/default') && w.includes('inline secret')),
    ).toBe(true);
    noSecret(read);
  });

  it('reads config.json when there is no config.toml', () => {
    useHelperFixture('legacy.json', 'config.json');
    const read = readImportSource('codex-helper', ctx);
    expect(read.file).toBe(path.join(ctx.codexHelperHome, 'config.json'));
    expect(read.candidates).toEqual([
      {
        id: 'json/default',
        origin: '[codex.configs.main].upstreams[0]',
        upstream: {
          baseUrl: 'https://json.example/v1',
          authTokenEnv: 'JSON_KEY',
          tags: { provider_id: 'json', endpoint_id: 'default' },
          supportedModels: { 'gpt-5': true },
        },
      },
    ]);
  });

  it('flattens version 5 providers in routing order, unreached providers last, disabled kept disabled', () => {
    useHelperFixture('v5.toml', 'config.toml');
    const read = readImportSource('codex-helper', ctx);
    expect(read.candidates.map((c) => c.id)).toEqual([
      'input/default',
      'relay/hk',
      'relay/us',
      'paygo/default',
      'zeta/default',
    ]);
    const byId = new Map(read.candidates.map((c) => [c.id, c.upstream]));
    expect(byId.get('input/default')).toMatchObject({
      alias: 'Input',
      authTokenEnv: 'INPUT_API_KEY',
    });
    expect(byId.get('relay/hk')).toMatchObject({
      authTokenEnv: 'RELAY_KEY',
      tags: { region: 'hk', provider_id: 'relay', endpoint_id: 'hk' },
    });
    expect(byId.get('paygo/default')).toMatchObject({ enabled: false, apiKeyEnv: 'PAYGO_KEY' });
    expect(read.warnings).toContain('provider relay has an inline secret; set it again in the app');
    noSecret(read);
  });

  it('flattens version 2 stations: preferred members first, chosen endpoints only', () => {
    useHelperFixture('v2.toml', 'config.toml');
    const ids = readImportSource('codex-helper', ctx).candidates.map((c) => c.id);
    expect(ids).toEqual(['other/default', 'right/us', 'right/hk']);
  });

  it('skips an upstream that points at our own listener', () => {
    fs.writeFileSync(
      path.join(ctx.codexHelperHome, 'config.toml'),
      '[codex.stations.s]\n[[codex.stations.s.upstreams]]\nbase_url = "http://localhost:3211/v1"\n',
    );
    const read = readImportSource('codex-helper', ctx);
    expect(read.candidates).toEqual([]);
    expect(read.warnings[0]).toContain('points at this proxy');
  });
});

describe('markDuplicates', () => {
  const existing: UpstreamConfig[] = [
    {
      base_url: 'https://A.example/v1/',
      enabled: true,
      auth: {},
      tags: {},
      supported_models: {},
      model_mapping: {},
    },
    {
      base_url: 'https://other.example/v1',
      enabled: true,
      auth: {},
      tags: { provider_id: 'b', endpoint_id: 'default' },
      supported_models: {},
      model_mapping: {},
    },
  ];

  it('marks the same base URL (slash and host case aside) and the same identity tags', () => {
    const marked = markDuplicates(
      [
        { id: 'a/default', origin: 'x', upstream: { baseUrl: 'https://a.example/v1' } },
        { id: 'b/default', origin: 'y', upstream: { baseUrl: 'https://b.example/v1' } },
        { id: 'c/default', origin: 'z', upstream: { baseUrl: 'https://a.example/v2' } },
      ],
      existing,
      'main',
    );
    expect(marked.map((m) => m.duplicateOf)).toEqual(['main#0/0', 'b/default', null]);
  });
});
