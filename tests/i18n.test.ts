import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/main/engine/config';
import { str } from '../src/main/engine/commands/args';
import { warningRef } from '../src/main/engine/config/warning-ref';
import { AppError } from '../src/shared/contract';
import { en } from '../src/shared/i18n/en';
import {
  formatDuration,
  formatList,
  resolveLocale,
  translateRef,
  translator,
} from '../src/shared/i18n';
import { zhCN } from '../src/shared/i18n/zh-CN';

describe('catalogues', () => {
  it('has every English key in Chinese, and no key English lacks', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps every placeholder of a message in its translation', () => {
    const names = (m: unknown) =>
      [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).filter((n) => n !== 'count');
    for (const [id, message] of Object.entries(en)) {
      const zh = zhCN[id as keyof typeof en];
      expect(new Set(names(zh)), id).toEqual(new Set(names(message)));
    }
  });
});

describe('translation', () => {
  it('fills parameters and picks plural forms by the locale rules', () => {
    const t = translator('en');
    expect(t('notice.tripped.title', { name: 'Relay A' })).toBe('Relay A tripped');
    expect(t('notice.trippedMany.title', { count: 1 })).toBe('1 relay tripped');
    expect(t('notice.trippedMany.title', { count: 3 })).toBe('3 relays tripped');
    expect(translator('zh-CN')('notice.trippedMany.title', { count: 3 })).toBe('3 个中转站已熔断');
  });

  it('follows the system language unless the setting names one', () => {
    expect(resolveLocale('system', 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale('system', 'zh-TW')).toBe('zh-CN');
    expect(resolveLocale('system', 'de-DE')).toBe('en');
    expect(resolveLocale('system', undefined)).toBe('en');
    expect(resolveLocale('en', 'zh-CN')).toBe('en');
    expect(resolveLocale('zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('formats durations and lists per locale', () => {
    expect(formatDuration(27, 'en')).toBe('27s');
    expect(formatDuration(286, 'en')).toBe('4m 46s');
    expect(formatDuration(3_660, 'en')).toBe('1h 1m');
    expect(formatDuration(286, 'zh-CN')).toBe('4分钟46秒');
    expect(formatList(['A', 'B', 'C'], 'en')).toBe('A, B, and C');
    expect(formatList(['A', 'B', 'C'], 'zh-CN')).toBe('A、B和C');
  });
});

describe('engine messages', () => {
  it('an engine error carries an id whose English text is the message clients read', () => {
    let err: unknown;
    try {
      str({}, 'station');
    } catch (e) {
      err = e;
    }
    const json = (err as AppError).toJSON();
    expect(json).toMatchObject({ messageId: 'error.nonEmptyString', params: { name: 'station' } });
    expect(translateRef(translator('en'), json, '')).toBe(json.message);
    expect(translateRef(translator('zh-CN'), json, '')).toBe('“station”必须是非空字符串');
  });

  it("a config error's explanation carries an id; unknown ids fall back to the English text", () => {
    const r = parseConfig('version = 1\n[proxy]\ncodex_port = "x"\n', '/h/config.toml');
    if (r.ok) throw new Error('expected an error');
    expect(r.error.messageId).toBe('config.mustBeInteger');
    expect(r.error.message).toContain(translateRef(translator('en'), r.error, ''));
    expect(translateRef(translator('zh-CN'), { messageId: 'engine.fromTheFuture' }, 'as is')).toBe(
      'as is',
    );
  });
});

describe('config warnings', () => {
  it('every warning the config reader writes has an id whose English text is the warning', () => {
    const r = parseConfig(
      `version = 1
[proxy]
host = "0.0.0.0"
[console]
host = "0.0.0.0"
[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1"
auth = { auth_token = "sk-1", auth_token_env = "A", api_key = "k", api_key_env = "B" }
`,
      '/h/config.toml',
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.warnings).toHaveLength(4);
    for (const w of r.warnings) {
      const ref = warningRef(w);
      expect(ref, w).not.toBeNull();
      expect(translateRef(translator('en'), ref, '')).toBe(w);
      expect(translateRef(translator('zh-CN'), ref, '')).not.toBe(w);
    }
    const mode =
      '/h/config.toml holds an inline secret and other users on this machine can read it (mode 0644); run: chmod 600 /h/config.toml';
    expect(translateRef(translator('en'), warningRef(mode), '')).toBe(mode);
  });
});
