import { describe, expect, it } from 'vitest';
import { readAll, UpstreamBody, type BodyBreak, type BodyReader } from './body';

function feed() {
  const calls = { resume: 0, abort: 0 };
  const body = new UpstreamBody({
    resume: () => void calls.resume++,
    abort: () => void calls.abort++,
  });
  return { body, calls };
}

function recorder(onData?: (chunk: Buffer) => void) {
  const got: string[] = [];
  let ended = false;
  let broke: BodyBreak | null = null;
  const reader: BodyReader = {
    data(chunk) {
      got.push(chunk.toString());
      onData?.(chunk);
    },
    end: () => void (ended = true),
    error: (why) => void (broke = why),
  };
  return {
    reader,
    got,
    ended: () => ended,
    broke: () => broke,
  };
}

const b = (s: string) => Buffer.from(s);

describe('an upstream body', () => {
  it('keeps what arrives before anyone reads and hands it over, in order, when a reader comes', () => {
    const { body } = feed();
    expect(body.push(b('a'))).toBe(true);
    expect(body.push(b('b'))).toBe(true);
    body.finish();
    const r = recorder();
    body.read(r.reader);
    expect(r.got).toEqual(['a', 'b']);
    expect(r.ended()).toBe(true);
  });

  it('passes chunks straight through while read, and holds them while paused', () => {
    const { body } = feed();
    const r = recorder();
    body.read(r.reader);
    body.push(b('1'));
    body.pause();
    body.push(b('2'));
    body.finish();
    expect(r.got).toEqual(['1']);
    expect(r.ended()).toBe(false);
    expect(body.queued).toBe(1);
    body.resume();
    expect(r.got).toEqual(['1', '2']);
    expect(r.ended()).toBe(true);
  });

  it('lets a reader pause from inside a chunk, and delivers the end only after what was held', () => {
    const { body } = feed();
    body.push(b('1'));
    body.push(b('2'));
    body.finish();
    const r = recorder(() => body.pause());
    body.read(r.reader);
    expect(r.got).toEqual(['1']);
    body.resume();
    expect(r.got).toEqual(['1', '2']);
    expect(r.ended()).toBe(false);
    body.resume();
    expect(r.ended()).toBe(true);
  });

  it('asks the feed to stop past 64 KiB held, and to go on once they are taken', () => {
    const { body, calls } = feed();
    body.pause();
    expect(body.push(Buffer.alloc(40 * 1024))).toBe(true);
    expect(body.push(Buffer.alloc(40 * 1024))).toBe(false);
    const taken = body.take();
    expect(taken).toHaveLength(2);
    expect(body.queued).toBe(0);
    expect(calls.resume).toBe(1);
  });

  it('asks the feed to go on once a paused reader resumes and takes what was held', () => {
    const { body, calls } = feed();
    const r = recorder();
    body.read(r.reader);
    body.pause();
    body.push(Buffer.alloc(40 * 1024, 0x61));
    expect(body.push(Buffer.alloc(40 * 1024, 0x62))).toBe(false);
    expect(calls.resume).toBe(0);
    body.resume();
    expect(r.got.map((c) => c[0])).toEqual(['a', 'b']);
    expect(calls.resume).toBe(1);
  });

  it('hands the chunks after a reader change to the new reader only', () => {
    const { body } = feed();
    const first = recorder();
    body.read(first.reader);
    body.push(b('held'));
    body.pause();
    body.push(b('later'));
    const second = recorder();
    body.read(second.reader);
    body.resume();
    body.push(b('last'));
    expect(first.got).toEqual(['held']);
    expect(second.got).toEqual(['later', 'last']);
  });

  it('reports a break at once, even while paused, and drops what was held', () => {
    const { body } = feed();
    const r = recorder();
    body.read(r.reader);
    body.pause();
    body.push(b('lost'));
    body.fail('reset');
    expect(r.broke()).toBe('reset');
    body.resume();
    expect(r.got).toEqual([]);
    expect(r.ended()).toBe(false);
  });

  it('tells a reader that comes after a break about it', () => {
    const { body } = feed();
    body.push(b('x'));
    body.fail('decode');
    const r = recorder();
    body.read(r.reader);
    expect(r.broke()).toBe('decode');
    expect(r.got).toEqual([]);
  });

  it('aborts the exchange when destroyed, and its reader hears that it was us', () => {
    const { body, calls } = feed();
    const r = recorder();
    body.read(r.reader);
    body.destroy();
    body.destroy();
    expect(calls.abort).toBe(1);
    expect(r.broke()).toBe('aborted');
    // Whatever undici still says afterwards changes nothing.
    body.fail('reset');
    body.push(b('late'));
    expect(r.broke()).toBe('aborted');
    expect(r.got).toEqual([]);
  });
});

describe('reading a whole body', () => {
  it('keeps at most the cap and resolves at the end', async () => {
    const { body } = feed();
    const whole = readAll(body, 5);
    body.push(b('abc'));
    body.push(b('defg'));
    body.finish();
    expect((await whole).toString()).toBe('abcde');
  });

  it('resolves with what arrived when we stop it, and rejects when the upstream breaks it', async () => {
    const stopped = feed();
    const part = readAll(stopped.body, 100);
    stopped.body.push(b('part'));
    stopped.body.destroy();
    expect((await part).toString()).toBe('part');

    const broken = feed();
    const failing = readAll(broken.body, 100);
    broken.body.fail('reset');
    await expect(failing).rejects.toBe('reset');
  });
});
