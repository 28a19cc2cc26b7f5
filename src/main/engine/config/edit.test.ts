import { scanUpstreamBlocks } from './block-scan';
import { parseDoc } from './toml-doc';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import type { UpstreamConfig } from '../../../shared/config-types';
import { applyConfigEdit, parseConfig } from './index';
import { STARTER_CONFIG } from './starter';

const FIXTURE = `# my config
version = 1 # keep

[codex]
active = "main"

# the main station
[codex.stations.main]
level = 1

# relay A
[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1"
auth = { auth_token_env = "A_KEY" }

[[codex.stations.main.upstreams]]
base_url = "https://b.example/v1" # backup
tags = { provider_id = "b" }

# trailing note
`;

const BLOCK_A = `# relay A
[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1"
auth = { auth_token_env = "A_KEY" }
`;
const BLOCK_B = `[[codex.stations.main.upstreams]]
base_url = "https://b.example/v1" # backup
tags = { provider_id = "b" }
`;

function replaced(from: string, to: string): string {
  expect(FIXTURE).toContain(from);
  return FIXTURE.replace(from, to);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('expected an AppError');
}

const up = (patch: Partial<UpstreamConfig>): UpstreamConfig => ({
  base_url: 'https://d.example',
  enabled: true,
  auth: {},
  tags: {},
  supported_models: {},
  model_mapping: {},
  ...patch,
});

describe('applyConfigEdit set/delete', () => {
  it('changes only the value and keeps the comment on its line', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'set',
      path: ['codex', 'stations', 'main', 'upstreams', 1, 'base_url'],
      value: 'https://c.example',
    });
    expect(out).toBe(replaced('"https://b.example/v1" # backup', '"https://c.example" # backup'));
  });

  it('inserts a missing upstream key after the block’s last key', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'set',
      path: ['codex', 'stations', 'main', 'upstreams', 1, 'enabled'],
      value: false,
    });
    expect(out).toBe(
      replaced('tags = { provider_id = "b" }\n', 'tags = { provider_id = "b" }\nenabled = false\n'),
    );
  });

  it('sets a key inside an inline table', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'set',
      path: ['codex', 'stations', 'main', 'upstreams', 0, 'auth', 'api_key_env'],
      value: 'K',
    });
    expect(out).toBe(
      replaced('{ auth_token_env = "A_KEY" }', '{ auth_token_env = "A_KEY", api_key_env = "K" }'),
    );
  });

  it('writes a new table value inline with escaped strings and quoted keys', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'set',
      path: ['codex', 'stations', 'main', 'upstreams', 0, 'model_mapping'],
      value: { 'gpt-5': 'a "b"\\c', 'x*': 'y' },
    });
    expect(out).toBe(
      replaced(
        'auth = { auth_token_env = "A_KEY" }\n',
        'auth = { auth_token_env = "A_KEY" }\nmodel_mapping = { gpt-5 = "a \\"b\\"\\\\c", "x*" = "y" }\n',
      ),
    );
    const r = parseConfig(out, 'f');
    expect(r.ok && r.config.codex.stations[0]?.upstreams[0]?.model_mapping).toEqual({
      'gpt-5': 'a "b"\\c',
      'x*': 'y',
    });
  });

  it('creates a missing [retry] table at the end', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'set',
      path: ['retry', 'failure_threshold'],
      value: 5,
    });
    expect(out).toBe(`${FIXTURE}\n[retry]\nfailure_threshold = 5\n`);
  });

  it('creates [codex] before the station tables when it is missing', () => {
    const text = 'version = 1\n\n[codex.stations.main]\n';
    const out = applyConfigEdit(text, { kind: 'set', path: ['codex', 'active'], value: 'main' });
    expect(out).toBe('version = 1\n\n[codex]\nactive = "main"\n\n[codex.stations.main]\n');
  });

  it('deletes a key line and nothing else', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'delete',
      path: ['codex', 'stations', 'main', 'upstreams', 0, 'auth'],
    });
    expect(out).toBe(replaced('auth = { auth_token_env = "A_KEY" }\n', ''));
  });

  it('refuses an upstream index that does not exist', () => {
    expect(
      codeOf(() =>
        applyConfigEdit(FIXTURE, {
          kind: 'set',
          path: ['codex', 'stations', 'main', 'upstreams', 5, 'enabled'],
          value: true,
        }),
      ),
    ).toMatch(/^not_found: /);
  });
});

describe('applyConfigEdit upstream blocks', () => {
  it('appends an upstream after the last one with only non-default keys', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'appendUpstream',
      service: 'codex',
      station: 'main',
      upstream: up({
        enabled: false,
        auth: { api_key_env: 'D' },
        supported_models: { 'gpt-5*': true },
      }),
    });
    expect(out).toBe(
      replaced(
        BLOCK_B,
        BLOCK_B +
          '\n[[codex.stations.main.upstreams]]\nbase_url = "https://d.example"\nenabled = false\n' +
          'auth = { api_key_env = "D" }\nsupported_models = { "gpt-5*" = true }\n',
      ),
    );
  });

  it('appends the first upstream after the station table', () => {
    const out = applyConfigEdit('version = 1\n\n[codex.stations.x]\nlevel = 2\n\n# end\n', {
      kind: 'appendUpstream',
      service: 'codex',
      station: 'x',
      upstream: up({ tags: { provider_id: 'p', endpoint_id: 'e' } }),
    });
    expect(out).toBe(
      'version = 1\n\n[codex.stations.x]\nlevel = 2\n\n[[codex.stations.x.upstreams]]\n' +
        'base_url = "https://d.example"\ntags = { provider_id = "p", endpoint_id = "e" }\n\n# end\n',
    );
  });

  it("appends the first upstream below the station's commented-out keys (the starter config)", () => {
    // The block went straight under the header, leaving "# alias = ..." below the new upstream,
    // where uncommenting it would set the upstream's alias, not the station's.
    const out = applyConfigEdit(STARTER_CONFIG, {
      kind: 'appendUpstream',
      service: 'codex',
      station: 'main',
      upstream: up({ alias: 'Relay D' }),
    });
    const lines = out.split('\n');
    const header = lines.indexOf('[[codex.stations.main.upstreams]]');
    expect(lines.indexOf('# level = 1')).toBeGreaterThan(lines.indexOf('[codex.stations.main]'));
    expect(header).toBeGreaterThan(lines.indexOf('# level = 1'));
    expect(lines.slice(header, header + 3)).toEqual([
      '[[codex.stations.main.upstreams]]',
      'base_url = "https://d.example"',
      'alias = "Relay D"',
    ]);
    const r = parseConfig(out, 'f');
    expect(r.ok && r.config.codex.stations[0]?.upstreams.map((u) => u.alias)).toEqual(['Relay D']);
  });

  it('keeps a comment attached to the next table with that table', () => {
    const out = applyConfigEdit('version = 1\n[codex.stations.x]\n# about claude\n[claude]\n', {
      kind: 'appendUpstream',
      service: 'codex',
      station: 'x',
      upstream: up({}),
    });
    expect(out).toContain('base_url = "https://d.example"\n# about claude\n[claude]');
  });

  it('moves a whole block with its attached comment', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'moveUpstream',
      service: 'codex',
      station: 'main',
      from: 1,
      to: 0,
    });
    expect(out).toBe(FIXTURE.replace(`${BLOCK_A}\n${BLOCK_B}`, `${BLOCK_B}\n${BLOCK_A}`));
    const r = parseConfig(out, 'f');
    expect(r.ok && r.config.codex.stations[0]?.upstreams.map((u) => u.base_url)).toEqual([
      'https://b.example/v1',
      'https://a.example/v1',
    ]);
  });

  it('moves an upstream together with its sub-tables', () => {
    const text =
      'version = 1\n[[codex.stations.s.upstreams]]\nbase_url = "https://a.example"\n' +
      '[codex.stations.s.upstreams.tags]\nprovider_id = "a"\n\n' +
      '[[codex.stations.s.upstreams]]\nbase_url = "https://b.example"\n';
    const out = applyConfigEdit(text, {
      kind: 'moveUpstream',
      service: 'codex',
      station: 's',
      from: 0,
      to: 1,
    });
    const r = parseConfig(out, 'f');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.codex.stations[0]?.upstreams.map((u) => [u.base_url, u.tags])).toEqual([
      ['https://b.example', {}],
      ['https://a.example', { provider_id: 'a' }],
    ]);
  });

  it('removes an upstream block without leaving blank lines behind', () => {
    expect(
      applyConfigEdit(FIXTURE, {
        kind: 'removeUpstream',
        service: 'codex',
        station: 'main',
        index: 0,
      }),
    ).toBe(replaced(`${BLOCK_A}\n`, ''));
    expect(
      applyConfigEdit(FIXTURE, {
        kind: 'removeUpstream',
        service: 'codex',
        station: 'main',
        index: 1,
      }),
    ).toBe(replaced(`${BLOCK_B}\n`, ''));
  });

  it('refuses to edit an inline upstream array with a clear message', () => {
    const text =
      'version = 1\n[codex.stations.s]\nupstreams = [{ base_url = "https://a.example" }]\n';
    expect(
      codeOf(() =>
        applyConfigEdit(text, { kind: 'removeUpstream', service: 'codex', station: 's', index: 0 }),
      ),
    ).toMatch(/^invalid_argument: .*inline array/);
  });

  it('refuses a station that does not exist', () => {
    expect(
      codeOf(() =>
        applyConfigEdit(FIXTURE, {
          kind: 'appendUpstream',
          service: 'codex',
          station: 'nope',
          upstream: up({}),
        }),
      ),
    ).toMatch(/^not_found: /);
  });
});

describe('applyConfigEdit stations', () => {
  it('adds a station after the service’s tables, quoting a non-bare name', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'addStation',
      service: 'codex',
      station: { name: 'my backup', alias: 'Backup', enabled: true, level: 2 },
    });
    expect(out).toBe(
      replaced(BLOCK_B, `${BLOCK_B}\n[codex.stations."my backup"]\nalias = "Backup"\nlevel = 2\n`),
    );
  });

  it('adds a station of a service that has none at the end', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'addStation',
      service: 'claude',
      station: { name: 'c', enabled: false, level: 1 },
    });
    expect(out).toBe(`${FIXTURE}\n[claude.stations.c]\nenabled = false\n`);
  });

  it('refuses a duplicate station name', () => {
    expect(
      codeOf(() =>
        applyConfigEdit(FIXTURE, {
          kind: 'addStation',
          service: 'codex',
          station: { name: 'main', enabled: true, level: 1 },
        }),
      ),
    ).toMatch(/^invalid_argument: .*already exists/);
  });

  it('renames every header of the station and the active value', () => {
    const out = applyConfigEdit(FIXTURE, {
      kind: 'renameStation',
      service: 'codex',
      from: 'main',
      to: 'primary',
    });
    expect(out).toBe(
      FIXTURE.replaceAll('codex.stations.main', 'codex.stations.primary').replace(
        '"main"',
        '"primary"',
      ),
    );
  });

  it('removes a station, its upstreams and the active key naming it', () => {
    const out = applyConfigEdit(FIXTURE, { kind: 'removeStation', service: 'codex', name: 'main' });
    expect(out).toBe('# my config\nversion = 1 # keep\n\n[codex]\n\n# trailing note\n');
    expect(parseConfig(out, 'f').ok).toBe(true);
  });
});

describe('applyConfigEdit line endings', () => {
  it('keeps CRLF line endings', () => {
    const crlf = FIXTURE.replaceAll('\n', '\r\n');
    const out = applyConfigEdit(crlf, {
      kind: 'appendUpstream',
      service: 'codex',
      station: 'main',
      upstream: up({}),
    });
    expect(out.replaceAll('\r\n', '')).not.toContain('\n');
    expect(out).toContain(
      '\r\n[[codex.stations.main.upstreams]]\r\nbase_url = "https://d.example"\r\n',
    );
    const moved = applyConfigEdit(crlf, {
      kind: 'moveUpstream',
      service: 'codex',
      station: 'main',
      from: 0,
      to: 1,
    });
    expect(moved).toBe(
      FIXTURE.replace(`${BLOCK_A}\n${BLOCK_B}`, `${BLOCK_B}\n${BLOCK_A}`).replaceAll('\n', '\r\n'),
    );
  });

  it('keeps a missing final newline missing', () => {
    const text = 'version = 1\n[codex.stations.s]\nlevel = 1';
    expect(
      applyConfigEdit(text, { kind: 'set', path: ['codex', 'stations', 's', 'level'], value: 3 }),
    ).toBe('version = 1\n[codex.stations.s]\nlevel = 3');
    expect(
      applyConfigEdit(text, { kind: 'set', path: ['codex', 'stations', 's', 'alias'], value: 'S' }),
    ).toBe('version = 1\n[codex.stations.s]\nlevel = 1\nalias = "S"');
  });
});

describe('moving upstreams in a plain file without a full parse', () => {
  it('finds the same blocks as the parser, comments, sub-tables and blank lines included', () => {
    const texts = [
      FIXTURE,
      'version = 1\n[codex]\nactive = "s"\n[codex.stations.s]\n\n# first\n[[codex.stations.s.upstreams]]\nbase_url = "https://a.example"\n[codex.stations.s.upstreams.tags]\nprovider_id = "a"\n# trailing\n\n[[codex.stations.s.upstreams]] # b\nbase_url = "https://b.example"\n\n# about c\n[[codex.stations.s.upstreams]]\nbase_url = "https://c.example"\nauth = { auth_token_env = "K" }\n\n[claude]\n',
    ];
    for (const text of texts) {
      const station = text === FIXTURE ? 'main' : 's';
      const scanned = scanUpstreamBlocks(text, 'codex', station);
      expect(scanned).not.toBeNull();
      const parsed = parseDoc(text)
        .tables.filter((t) => t.path[2] === station && t.path[3] === 'upstreams')
        .reduce<{ start: number; end: number }[]>((acc, t) => {
          const i = t.path[4] as number;
          if (acc[i]) acc[i]!.end = t.end;
          else acc[i] = { start: t.start, end: t.end };
          return acc;
        }, []);
      expect(scanned).toEqual(parsed);
    }
  });

  it('leaves files it cannot read line by line to the parser', () => {
    expect(scanUpstreamBlocks('version = 1\nx = """\n[a]\n"""\n', 'codex', 's')).toBeNull();
    expect(
      scanUpstreamBlocks('[codex.stations.s]\nupstreams = [{ base_url = "x" }]\n', 'codex', 's'),
    ).toBeNull();
    expect(scanUpstreamBlocks('[codex.stations.t]\n', 'codex', 's')).toBeNull();
  });
});
