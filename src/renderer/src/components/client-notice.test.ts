import { describe, expect, it } from 'vitest';
import { clientNotice } from './client-notice';

describe('client switch notices', () => {
  it('offers a one-click restore for a switch left behind by an earlier run', () => {
    expect(clientNotice('codex', 'stale')).toEqual({
      text: 'Codex still points at this proxy from an earlier run, but nothing was serving.',
      restore: 'Restore Codex',
    });
    expect(clientNotice('claude', 'stale')?.restore).toBe('Restore Claude Code');
  });

  it('explains, without offering a restore, a client pointed here by hand', () => {
    const n = clientNotice('codex', 'foreign');
    expect(n?.text).toContain(
      "not through this app's switch; switching is refused to avoid a loop",
    );
    expect(n?.restore).toBeNull();
  });

  it('says nothing when the switch is plainly on or off', () => {
    expect(clientNotice('codex', 'on')).toBeNull();
    expect(clientNotice('claude', 'off')).toBeNull();
  });
});
