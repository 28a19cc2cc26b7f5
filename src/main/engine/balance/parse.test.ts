import { describe, expect, it } from 'vitest';
import type { BalanceConfig } from '../../../shared/config-types';
import { translateRef, translator } from '../../../shared/i18n';
import { BalanceError, exhaustionMessage, exhaustionOf, parseBalance } from './parse';

const newApi: BalanceConfig = { kind: 'new-api' };
const j = (v: unknown) => JSON.stringify(v);

describe('new-api balance', () => {
  const body = (over: Record<string, unknown> = {}) =>
    j({
      code: true,
      message: 'ok',
      data: {
        object: 'token_usage',
        total_granted: 1_500_000,
        total_used: 500_000,
        total_available: 1_000_000,
        unlimited_quota: false,
        expires_at: 0,
        ...over,
      },
    });

  it('reads quota units at 500 000 per USD', () => {
    expect(parseBalance(body(), newApi)).toMatchObject({
      remaining: 2,
      limit: 3,
      used: 1,
      currency: 'USD',
      unlimited: false,
    });
  });

  it('never exhausts an unlimited token, whatever the numbers say', () => {
    const r = parseBalance(body({ unlimited_quota: true, total_available: 0 }), newApi);
    expect(r.unlimited).toBe(true);
    expect(exhaustionOf(r, 0.5)).toBeNull();
  });

  it('fails on {code:false} or {success:false} with the relay’s message', () => {
    expect(() => parseBalance(j({ code: false, message: 'token expired' }), newApi)).toThrow(
      'token expired',
    );
    expect(() => parseBalance(j({ success: false, message: 'no such token' }), newApi)).toThrow(
      BalanceError,
    );
  });

  it('takes another divisor when the relay counts quota differently', () => {
    expect(parseBalance(body(), { kind: 'new-api', divisor: 1_000_000 }).remaining).toBe(1);
  });
});

describe('openai-balance', () => {
  const src: BalanceConfig = { kind: 'openai-balance' };
  it('reads the USD entry’s total_balance as a decimal string', () => {
    const r = parseBalance(
      j({
        is_available: true,
        balance_infos: [
          { currency: 'CNY', total_balance: '700.00' },
          { currency: 'USD', total_balance: '110.00', granted_balance: '10.00' },
        ],
      }),
      src,
    );
    expect(r).toMatchObject({ remaining: 110, currency: 'USD', refused: null });
  });

  it('uses the first entry and its currency when there is no USD entry', () => {
    const r = parseBalance(
      j({ is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '5.5' }] }),
      src,
    );
    expect(r).toMatchObject({ remaining: 5.5, currency: 'CNY' });
    expect(exhaustionOf(r, 10)).toContain('5.5 CNY');
  });

  it('is exhausted when the relay says is_available: false', () => {
    const r = parseBalance(
      j({ is_available: false, balance_infos: [{ currency: 'USD', total_balance: '3' }] }),
      src,
    );
    expect(exhaustionOf(r, 0)).toContain('not available');
  });

  it('fails without balance_infos or with an error body', () => {
    expect(() => parseBalance(j({ is_available: true }), src)).toThrow(BalanceError);
    expect(() => parseBalance(j({ error: { message: 'Authentication Fails' } }), src)).toThrow(
      'Authentication Fails',
    );
  });
});

describe('sub2api', () => {
  const src: BalanceConfig = { kind: 'sub2api' };
  const body = (over: Record<string, unknown> = {}, sub: Record<string, unknown> = {}) =>
    j({
      isValid: true,
      planName: 'CodeX Lite',
      remaining: 12.5,
      subscription: {
        daily_usage_usd: 3.1,
        daily_limit_usd: 100,
        weekly_usage_usd: 0,
        weekly_limit_usd: 0,
        monthly_usage_usd: 0,
        monthly_limit_usd: 0,
        ...sub,
      },
      ...over,
    });

  it('reads remaining USD and the daily window', () => {
    const r = parseBalance(body(), src);
    expect(r).toMatchObject({ remaining: 12.5, limit: 100, used: 3.1, refused: null });
    expect(exhaustionOf(r, 0)).toBeNull();
  });

  it('is exhausted when the key is invalid or a window’s usage reached its limit (0 = no limit)', () => {
    expect(exhaustionOf(parseBalance(body({ isValid: false }), src), 0)).toContain('not valid');
    const full = parseBalance(body({}, { weekly_usage_usd: 50, weekly_limit_usd: 50 }), src);
    expect(exhaustionOf(full, 0)).toContain('weekly limit');
    const noLimit = parseBalance(body({}, { monthly_usage_usd: 500, monthly_limit_usd: 0 }), src);
    expect(exhaustionOf(noLimit, 0)).toBeNull();
  });

  it('fails when the answer has no remaining amount or is not JSON', () => {
    expect(() => parseBalance(j({ isValid: true }), src)).toThrow('remaining');
    expect(() => parseBalance('<html>', src)).toThrow('not JSON');
  });
});

describe('http-json', () => {
  it('follows a dotted path with array indices and divides', () => {
    const src: BalanceConfig = {
      kind: 'http-json',
      endpoint: '{origin}/api/balance',
      remaining_path: 'data.wallets.1.amount',
      divisor: 100,
      currency: 'CNY',
    };
    const r = parseBalance(j({ data: { wallets: [{ amount: 1 }, { amount: '250' }] } }), src);
    expect(r).toMatchObject({ remaining: 2.5, currency: 'CNY', unlimited: false });
  });

  it('defaults to USD and a divisor of 1, and fails when the path leads nowhere', () => {
    const src: BalanceConfig = {
      kind: 'http-json',
      endpoint: '{origin}/b',
      remaining_path: 'balance',
    };
    expect(parseBalance(j({ balance: 7 }), src)).toMatchObject({ remaining: 7, currency: 'USD' });
    expect(() => parseBalance(j({ other: 7 }), src)).toThrow('balance');
  });
});

describe('threshold', () => {
  it('exhausts at or below exhaust_below and names the balance and the threshold', () => {
    const r = parseBalance(j({ balance: 0.5 }), {
      kind: 'http-json',
      endpoint: '{origin}/b',
      remaining_path: 'balance',
    });
    expect(exhaustionOf(r, 0.5)).toBe('balance 0.5 USD is at or below the threshold 0.5 USD');
    expect(exhaustionOf(r, 0.4)).toBeNull();
  });

  it('gives the threshold reason as a message the UI translates, and a relay refusal as it is', () => {
    const source: BalanceConfig = {
      kind: 'http-json',
      endpoint: '{origin}/b',
      remaining_path: 'v',
    };
    const low = parseBalance(j({ v: 0.2 }), source);
    const ref = exhaustionMessage(exhaustionOf(low, 0.5), low, 0.5);
    expect(ref).toEqual({
      messageId: 'balance.atOrBelow',
      params: { remaining: '0.2 USD', threshold: '0.5 USD' },
    });
    expect(translateRef(translator('zh-CN'), ref, '')).toBe('余额 0.2 USD 不高于阈值 0.5 USD');
    expect(translateRef(translator('en'), ref, '')).toBe(exhaustionOf(low, 0.5));
    // The balance moved since the reason was written: the stored words stay as they are.
    expect(exhaustionMessage(exhaustionOf(low, 0.5), { ...low, remaining: 0.1 }, 0.5)).toBeNull();
    const refused = parseBalance(
      j({ is_available: false, balance_infos: [{ currency: 'USD', total_balance: '3' }] }),
      { kind: 'openai-balance' },
    );
    expect(exhaustionMessage(exhaustionOf(refused, 0), refused, 0)).toBeNull();
  });
});
