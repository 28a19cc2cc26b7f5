import { describe, expect, it } from 'vitest';
import { listenFallback } from './listen-fallback';

describe('where to listen with an invalid config.toml', () => {
  it('keeps the proxies down and the console on its default port when the file does not parse', () => {
    const fb = listenFallback('[proxy\ncodex_port = 4000\n', '/h/config.toml');
    expect(fb.down.codex).toContain('cannot be read as TOML');
    expect(fb.down.claude).toContain('cannot be read as TOML');
    expect(fb.console.port).toBe(3212);
    expect(fb.consoleNote).toContain('default port 3212');
  });

  it('takes every readable listen key and no default for a set but unreadable one', () => {
    const fb = listenFallback(
      'version = 1\n[proxy]\nhost = "127.0.0.2"\nclaude_port = 4001\ncodex_port = -1\n[console]\nport = 4002\n[nope]\n',
      '/h/config.toml',
    );
    expect(fb.proxy.host).toBe('127.0.0.2');
    expect(fb.proxy.claude_port).toBe(4001);
    expect(fb.down).toEqual({
      codex:
        '/h/config.toml: proxy.codex_port cannot be read, so this proxy stays down until the file is fixed',
    });
    expect(fb.console.port).toBe(4002);
    expect(fb.consoleNote).toBeNull();
    expect(fb.consoleDown).toBeNull();
    expect(listenFallback('[console]\nport = "x"\n', 'f').consoleDown).toContain('console.port');
  });
});
