import { describe, expect, it } from 'vitest';
import { silentLogger, type ProxyRecord } from './types';
import { RequestIntake } from './intake';

const rec = (requestId: string) => ({ requestId }) as ProxyRecord;

describe('the request intake', () => {
  it('books nothing while the proxy is still in its turn, and everything on flush, in order', () => {
    const booked: string[] = [];
    const intake = new RequestIntake((r) => booked.push(r.requestId), silentLogger);
    intake.add(rec('a'));
    intake.add(rec('b'));
    expect(booked).toEqual([]);
    intake.flush();
    expect(booked).toEqual(['a', 'b']);
    intake.flush();
    expect(booked).toEqual(['a', 'b']);
  });

  it('books at the end of the event-loop turn without being asked', async () => {
    const booked: string[] = [];
    const intake = new RequestIntake((r) => booked.push(r.requestId), silentLogger);
    intake.add(rec('a'));
    // Immediates run in the order they were set: this one runs after the intake's.
    await new Promise((resolve) => setImmediate(resolve));
    expect(booked).toEqual(['a']);
  });

  it('books the rest of a batch when one record fails, and says so', () => {
    const booked: string[] = [];
    const errors: string[] = [];
    const intake = new RequestIntake(
      (r) => {
        if (r.requestId === 'bad') throw new Error('ledger broke');
        booked.push(r.requestId);
      },
      { ...silentLogger, error: (m: string) => errors.push(m) },
    );
    for (const id of ['a', 'bad', 'c']) intake.add(rec(id));
    intake.flush();
    expect(booked).toEqual(['a', 'c']);
    expect(errors).toEqual(['request bookkeeping failed: ledger broke']);
  });
});
