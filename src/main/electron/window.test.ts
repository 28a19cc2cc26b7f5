import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../console/security';
import { cspFor, installCsp } from './csp';
import { FakeEmitter, fakeEvent } from '../../../tests/fixtures/electron-fakes';
import { createMainWindow, type MainWindowDeps } from './window';

vi.mock('electron', () => ({}));

class FakeWindow extends FakeEmitter {
  static last: FakeWindow | null = null;
  readonly webContents = Object.assign(new FakeEmitter(), {
    openHandler: null as null | ((details: { url: string }) => unknown),
    setWindowOpenHandler(fn: (details: { url: string }) => unknown) {
      this.openHandler = fn;
    },
  });
  hidden = false;
  loaded: string | null = null;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.last = this;
  }
  hide(): void {
    this.hidden = true;
  }
  show(): void {}
  loadFile(file: string): Promise<void> {
    this.loaded = `file:${file}`;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
}

function open(over: Partial<MainWindowDeps> = {}): FakeWindow {
  createMainWindow({
    BrowserWindow: FakeWindow as unknown as MainWindowDeps['BrowserWindow'],
    preloadPath: '/app/out/preload/index.cjs',
    load: { file: '/app/out/renderer/index.html' },
    isQuitting: () => false,
    ...over,
  });
  return FakeWindow.last!;
}

describe('main window', () => {
  it('isolates the page: context isolation, sandbox, no node, web security, our preload', () => {
    const win = open();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.loaded).toBe('file:/app/out/renderer/index.html');
  });

  it('loads the dev server when one is given', () => {
    const win = open({ load: { url: 'http://localhost:5173/' } });
    expect(win.loaded).toBe('http://localhost:5173/');
  });

  it('blocks navigation and every new window', () => {
    const win = open();
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent();
      win.webContents.emit(name, event, 'https://evil.example/');
      expect(event.defaultPrevented, name).toBe(true);
    }
    expect(win.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
  });

  it('hides instead of closing until the user quits', () => {
    let quitting = false;
    const win = open({ isQuitting: () => quitting });
    const first = fakeEvent();
    win.emit('close', first);
    expect(first.defaultPrevented).toBe(true);
    expect(win.hidden).toBe(true);
    quitting = true;
    const second = fakeEvent();
    win.emit('close', second);
    expect(second.defaultPrevented).toBe(false);
  });
});

describe('window content security policy', () => {
  it('replaces any CSP on every response with the console policy', () => {
    let listener: ((details: unknown, cb: (r: unknown) => void) => void) | null = null;
    const session = {
      webRequest: {
        onHeadersReceived: (fn: typeof listener) => {
          listener = fn;
        },
      },
    };
    installCsp(session as never, null);
    let response: { responseHeaders: Record<string, string[]> } | null = null;
    listener!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r) => (response = r as typeof response),
    );
    expect(response!.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(response!.responseHeaders['content-security-policy']).toBeUndefined();
    expect(response!.responseHeaders['X-Other']).toEqual(['1']);
  });

  it('relaxes only what the Vite dev server needs, and only in development', () => {
    const dev = cspFor('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("frame-ancestors 'none'");
    expect(cspFor(null)).toBe(CONTENT_SECURITY_POLICY);
  });
});
