import { describe, expect, it } from 'vitest';
import { parseConfig, STARTER_CONFIG } from './index';

const FILE = '/home/u/config.toml';

function errorOf(text: string) {
  const r = parseConfig(text, FILE);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseConfig', () => {
  it('applies defaults and keeps stations in file order', () => {
    const r = parseConfig(
      'version = 1\n[codex.stations.zeta]\n[codex.stations.alpha]\nlevel = 2\n' +
        '[[codex.stations.alpha.upstreams]]\nbase_url = "https://a.example/v1"\n',
      FILE,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.proxy.codex_port).toBe(3211);
    expect(r.config.retry.profile).toBe('balanced');
    expect(r.config.retry.upstream).toEqual({});
    expect(r.config.retry).not.toHaveProperty('cooldown_backoff_factor');
    expect(r.config.codex.stations.map((s) => s.name)).toEqual(['zeta', 'alpha']);
    expect(r.config.codex.stations[1]?.upstreams[0]).toEqual({
      base_url: 'https://a.example/v1',
      enabled: true,
      auth: {},
      tags: {},
      supported_models: {},
      model_mapping: {},
    });
    expect(r.config.claude.stations).toEqual([]);
  });

  it('parses the starter file with an empty main station and no warnings', () => {
    const r = parseConfig(STARTER_CONFIG, FILE);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.codex.active).toBe('main');
    expect(r.config.codex.stations).toEqual([
      { name: 'main', enabled: true, level: 1, upstreams: [] },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('shows every retry, notification and app key commented out, and loads with them uncommented', () => {
    // The starter promises every section; it lacked [notifications], [app] and the affinity keys.
    const uncommented = STARTER_CONFIG.split('\n')
      .map((l) => (/^# (\[\[?[a-z.]+\]\]?|[a-z_]+ = )/.test(l) ? l.slice(2) : l))
      .join('\n');
    for (const key of [
      'exhausted_fallback',
      'return_to_preferred_secs',
      'session_affinity',
      'session_affinity_ttl_secs',
      '[notifications]',
      '[app]',
      'language',
    ]) {
      expect(uncommented).toContain(`\n${key}`);
    }
    const r = parseConfig(uncommented, FILE);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.retry.session_affinity_ttl_secs).toBe(21600);
    expect(r.config.notifications.recovered).toBe(false);
    expect(r.config.app.language).toBe('system');
    expect(r.config.codex.stations[0]?.upstreams).toHaveLength(1);
  });

  it('reports malformed TOML with line and column and without quoting the file', () => {
    const e = errorOf('version = 1\n[proxy]\nhost = "127.0.0.1\nsecret = "sk-live-123"\n');
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThan(0);
    expect(e.message).toContain(`${FILE}: line 3, column ${e.column}`);
    expect(e.message).not.toContain('sk-live-123');
    expect(e.path).toBeNull();
  });

  it('rejects version = 2 naming the supported version', () => {
    const e = errorOf('version = 2\n');
    expect(e.path).toBe('version');
    expect(e.message).toBe(
      `${FILE}: version: version = 2 is not supported; this app reads version = 1`,
    );
  });

  it('reads [notifications] and [app] with their defaults and names a wrong language', () => {
    const r = parseConfig(
      'version = 1\n[notifications]\nrecovered = true\n[app]\nlanguage = "zh-CN"\n',
      FILE,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.notifications).toEqual({
      trip: true,
      exhausted: true,
      all_down: true,
      recovered: true,
    });
    expect(r.config.app).toEqual({ start_at_login: false, language: 'zh-CN' });
    const e = errorOf('version = 1\n[app]\nlanguage = "fr"\n');
    expect(e.path).toBe('app.language');
    expect(e.message).toContain('"system", "en", "zh-CN"');
    expect(errorOf('version = 1\n[notifications]\ntrip = "yes"\n').path).toBe('notifications.trip');
  });

  it('requires version', () => {
    expect(errorOf('[proxy]\n').path).toBe('version');
  });

  it('rejects a mistyped port at proxy.codex_port', () => {
    const e = errorOf('version = 1\n[proxy]\ncodex_port = "x"\n');
    expect(e.path).toBe('proxy.codex_port');
    expect(e.message).toContain('must be an integer (found a string)');
  });

  it('names an unknown key and its table', () => {
    const e = errorOf('version = 1\n[proxy]\ncodx_port = 1\n');
    expect(e.path).toBe('proxy.codx_port');
    expect(e.message).toContain('unknown key "codx_port" in [proxy]');
    expect([e.line, e.column]).toEqual([3, 1]);
  });

  it('names an unknown key inside an upstream', () => {
    const e = errorOf(
      'version = 1\n[[codex.stations.main.upstreams]]\nbase_url = "https://a.example"\nbaseurl = "x"\n',
    );
    expect(e.path).toBe('codex.stations.main.upstreams[0].baseurl');
  });

  it('rejects active naming a station that does not exist', () => {
    const e = errorOf('version = 1\n[codex]\nactive = "mian"\n[codex.stations.main]\n');
    expect(e.path).toBe('codex.active');
    expect(e.message).toContain('"mian"');
  });

  it('rejects two upstreams with the same id naming both indices', () => {
    const up = (url: string) =>
      `[[codex.stations.main.upstreams]]\nbase_url = "${url}"\ntags = { provider_id = "p", endpoint_id = "e" }\n`;
    const e = errorOf(`version = 1\n${up('https://a.example')}${up('https://b.example')}`);
    expect(e.path).toBe('codex.stations.main.upstreams[1]');
    expect(e.line).toBe(5);
    expect(e.message).toContain('upstreams[0] and upstreams[1] have the same id "p/e"');
  });

  it('rejects an invalid base URL at its path', () => {
    const e = errorOf('version = 1\n[[claude.stations.s.upstreams]]\nbase_url = "ftp://x"\n');
    expect(e.path).toBe('claude.stations.s.upstreams[0].base_url');
    expect(e.message).toContain('http://');
  });

  it('rejects level = 42', () => {
    const e = errorOf('version = 1\n[codex.stations.main]\nlevel = 42\n');
    expect(e.path).toBe('codex.stations.main.level');
    expect(e.message).toContain('between 1 and 10');
  });

  it('rejects a port out of range', () => {
    const e = errorOf('version = 1\n[console]\nport = 70000\n');
    expect(e.path).toBe('console.port');
    expect(e.message).toContain('between 1 and 65535');
  });

  it('checks retry values: profile, threshold, status lists', () => {
    expect(errorOf('version = 1\n[retry]\nprofile = "fast"\n').path).toBe('retry.profile');
    expect(errorOf('version = 1\n[retry]\nfailure_threshold = 0\n').path).toBe(
      'retry.failure_threshold',
    );
    expect(errorOf('version = 1\n[retry.provider]\non_status = "4xx"\n').path).toBe(
      'retry.provider.on_status',
    );
    expect(errorOf('version = 1\n[proxy]\nstream_idle_timeout_secs = 0\n').path).toBe(
      'proxy.stream_idle_timeout_secs',
    );
  });

  it('reads the selection keys of [retry] with their defaults', () => {
    const d = parseConfig('version = 1\n', FILE);
    if (!d.ok) throw new Error(d.error.message);
    expect(d.config.retry).toMatchObject({
      exhausted_fallback: true,
      return_to_preferred_secs: 0,
      session_affinity: true,
      session_affinity_ttl_secs: 21600,
    });
    const r = parseConfig(
      'version = 1\n[retry]\nexhausted_fallback = false\nreturn_to_preferred_secs = 600\n' +
        'session_affinity = false\nsession_affinity_ttl_secs = 60\n',
      FILE,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.retry).toMatchObject({
      exhausted_fallback: false,
      return_to_preferred_secs: 600,
      session_affinity: false,
      session_affinity_ttl_secs: 60,
    });
    expect(errorOf('version = 1\n[retry]\nexhausted_fallback = "no"\n').path).toBe(
      'retry.exhausted_fallback',
    );
    expect(errorOf('version = 1\n[retry]\nreturn_to_preferred_secs = -1\n').path).toBe(
      'retry.return_to_preferred_secs',
    );
    expect(errorOf('version = 1\n[retry]\nsession_affinity_ttl_secs = 0\n').path).toBe(
      'retry.session_affinity_ttl_secs',
    );
  });

  it('checks the values of the free maps and refuses unknown auth keys', () => {
    const base = 'version = 1\n[[codex.stations.m.upstreams]]\nbase_url = "https://a.example"\n';
    expect(errorOf(`${base}supported_models = { "gpt-5*" = "yes" }\n`).path).toBe(
      'codex.stations.m.upstreams[0].supported_models."gpt-5*"',
    );
    expect(errorOf(`${base}model_mapping = { a = 1 }\n`).path).toBe(
      'codex.stations.m.upstreams[0].model_mapping.a',
    );
    expect(errorOf(`${base}auth = { token = "x" }\n`).path).toBe(
      'codex.stations.m.upstreams[0].auth.token',
    );
  });

  it('never echoes a mistyped secret', () => {
    const e = errorOf(
      'version = 1\n[[codex.stations.m.upstreams]]\nbase_url = "https://a.example"\nauth = { auth_token = ["sk-zzz"] }\n',
    );
    expect(e.message).not.toContain('sk-zzz');
  });

  it('warns about an inline api_key beside api_key_env (the key is present, not missing)', () => {
    const r = parseConfig(
      'version = 1\n[[codex.stations.m.upstreams]]\nbase_url = "https://a.example"\n' +
        'auth = { api_key = "sk-1", api_key_env = "K" }\n',
      FILE,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.warnings).toEqual([
      'codex.stations.m.upstreams[0]: both api_key and api_key_env are set; the inline key wins',
    ]);
  });

  it('warns about token plus token variable and about a non-loopback host', () => {
    const r = parseConfig(
      'version = 1\n[proxy]\nhost = "0.0.0.0"\n[[codex.stations.m.upstreams]]\nbase_url = "https://a.example"\n' +
        'auth = { auth_token = "sk-1", auth_token_env = "K" }\n',
      FILE,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings.join('\n')).toContain('both auth_token and auth_token_env');
    expect(r.warnings.join('\n')).toContain('proxy.host "0.0.0.0"');
    expect(r.warnings.join('\n')).not.toContain('sk-1');
  });
});

describe('limits in messages', () => {
  it('says the real limit for a cooldown of 1e300', () => {
    const r = parseConfig('version = 1\n[retry]\nfailure_cooldown_secs = 1e300\n', 'c.toml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe(
        'c.toml: retry.failure_cooldown_secs: must be between 0 and 604800 (found 1e+300)',
      );
    }
  });
});
