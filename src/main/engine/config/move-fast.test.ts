import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../shared/config-types';
import type { ConfigEdit } from '../types';
import { applyConfigEdit, ConfigStore, parseConfig } from './index';
import { configAfterMove } from './move-fast';

const TAGGED = `version = 1

[codex]
active = "main"

[codex.stations.main]
level = 2

[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1"
tags = { provider_id = "a", endpoint_id = "x" }

[[codex.stations.main.upstreams]]
base_url = "https://b.example/v1"
alias = "b"
[codex.stations.main.upstreams.tags]
provider_id = "b"
endpoint_id = "y"

[[codex.stations.main.upstreams]]
base_url = "https://c.example/v1"
enabled = false
tags = { provider_id = "c", endpoint_id = "z" }
`;

const UNTAGGED_WITH_COMMENTS = `version = 1

[codex.stations.other]
[[codex.stations.other.upstreams]]
base_url = "https://o.example/v1"

[codex.stations.main]

# the cheap one
[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1" # first
auth = { auth_token_env = "A_TOKEN" }

# between blocks

[[codex.stations.main.upstreams]]
base_url = "https://b.example/v1"
supported_models = { "gpt-5" = true }
model_mapping = { "gpt-5" = "gpt-5-mini" }

[[codex.stations.main.upstreams]]
base_url = "https://c.example/v1"
[codex.stations.main.upstreams.auth]
api_key_env = "C_KEY"
# trailing comment
`;

const MIXED = `version = 1

[claude.stations.main]
[[claude.stations.main.upstreams]]
base_url = "https://a.example"
tags = { provider_id = "a" }

[[claude.stations.main.upstreams]]
base_url = "https://b.example"

[[claude.stations.main.upstreams]]
base_url = "https://c.example"
tags = { provider_id = "a", endpoint_id = "9" }
`;

const INLINE_LIST = `version = 1

[codex.stations.main]
upstreams = [
  { base_url = "https://a.example/v1" },
  { base_url = "https://b.example/v1", tags = { provider_id = "b" } },
  { base_url = "https://c.example/v1" },
]
`;

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

const CASES: { name: string; text: string; service: 'codex' | 'claude' }[] = [
  { name: 'tagged', text: TAGGED, service: 'codex' },
  { name: 'untagged, comments between blocks', text: UNTAGGED_WITH_COMMENTS, service: 'codex' },
  { name: 'mixed tags', text: MIXED, service: 'claude' },
  { name: 'CRLF', text: crlf(UNTAGGED_WITH_COMMENTS), service: 'codex' },
  { name: 'CRLF, tagged', text: crlf(TAGGED), service: 'codex' },
  { name: 'no final newline', text: TAGGED.trimEnd(), service: 'codex' },
];

function loaded(text: string): { config: AppConfig; warnings: string[] } {
  const r = parseConfig(text, 'config.toml');
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('the quick config after a move', () => {
  for (const c of CASES) {
    it(`equals a full load of the moved text for every move (${c.name})`, () => {
      const before = loaded(c.text);
      const n = before.config[c.service].stations.find((s) => s.name === 'main')!.upstreams.length;
      let moves = 0;
      for (let from = 0; from < n; from++) {
        for (let to = 0; to < n; to++) {
          const edit: ConfigEdit = {
            kind: 'moveUpstream',
            service: c.service,
            station: 'main',
            from,
            to,
          };
          let edited: string;
          try {
            edited = applyConfigEdit(c.text, edit);
          } catch {
            continue; // a layout the text editor refuses: nothing is saved either way
          }
          const full = parseConfig(edited, 'config.toml');
          const quick = configAfterMove(before.config, before.warnings, edit);
          if (full.ok) {
            expect(quick, `${from} → ${to}`).not.toBeNull();
            expect(quick, `${from} → ${to}`).toEqual(full.config);
            moves++;
          } else {
            expect(quick, `${from} → ${to}`).toBeNull();
          }
        }
      }
      expect(moves).toBeGreaterThan(0);
    });
  }

  it('never gets to an inline upstream list: the editor refuses the move first', () => {
    const before = loaded(INLINE_LIST);
    expect(before.config.codex.stations[0]!.upstreams).toHaveLength(3);
    const edit: ConfigEdit = {
      kind: 'moveUpstream',
      service: 'codex',
      station: 'main',
      from: 2,
      to: 0,
    };
    expect(() => applyConfigEdit(INLINE_LIST, edit)).toThrow();
  });

  it('leaves a move that would give two upstreams the same id to the full parse', () => {
    // An untagged upstream's id is its position: moving b first puts a at index 1, where its
    // id main#1/1 is b's tagged id.
    const text = `version = 1

[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1"

[[codex.stations.main.upstreams]]
base_url = "https://b.example/v1"
tags = { provider_id = "main#1", endpoint_id = "1" }
`;
    const before = loaded(text);
    const edit: ConfigEdit = {
      kind: 'moveUpstream',
      service: 'codex',
      station: 'main',
      from: 1,
      to: 0,
    };
    expect(parseConfig(applyConfigEdit(text, edit), 'config.toml').ok).toBe(false);
    expect(configAfterMove(before.config, before.warnings, edit)).toBeNull();
  });

  it('leaves a move to the full parse when a warning names an upstream by position', () => {
    const text = `version = 1

[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1"
auth = { auth_token = "t", auth_token_env = "T" }

[[codex.stations.main.upstreams]]
base_url = "https://b.example/v1"
`;
    const before = loaded(text);
    expect(before.warnings.length).toBe(1);
    const edit: ConfigEdit = {
      kind: 'moveUpstream',
      service: 'codex',
      station: 'main',
      from: 1,
      to: 0,
    };
    expect(configAfterMove(before.config, before.warnings, edit)).toBeNull();
  });
});

describe('saving a move', () => {
  let dir: string;
  let file: string;
  let store: ConfigStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-move-'));
    file = path.join(dir, 'config.toml');
  });

  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a file whose full load is the config the store now holds, and keeps a .bak', () => {
    fs.writeFileSync(file, crlf(UNTAGGED_WITH_COMMENTS));
    store = new ConfigStore({ file });
    store.load();
    const saved = store.save([
      { kind: 'moveUpstream', service: 'codex', station: 'main', from: 2, to: 0 },
    ]);
    const disk = fs.readFileSync(file, 'utf8');
    expect(saved).toEqual(loaded(disk).config);
    expect(saved.codex.stations[1]!.upstreams.map((u) => u.base_url)).toEqual([
      'https://c.example/v1',
      'https://a.example/v1',
      'https://b.example/v1',
    ]);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(crlf(UNTAGGED_WITH_COMMENTS));
  });

  it('moves on top of a change another program made, not over it', () => {
    fs.writeFileSync(file, TAGGED);
    store = new ConfigStore({ file });
    store.load();
    // Written behind the store's back: same size would hide it from a stat, so change the size.
    fs.writeFileSync(file, TAGGED.replace('alias = "b"', 'alias = "bee"'));
    const saved = store.save([
      { kind: 'moveUpstream', service: 'codex', station: 'main', from: 1, to: 0 },
    ]);
    const disk = fs.readFileSync(file, 'utf8');
    expect(disk).toContain('alias = "bee"');
    expect(saved).toEqual(loaded(disk).config);
    expect(saved.codex.stations[0]!.upstreams[0]!.alias).toBe('bee');
  });
});
