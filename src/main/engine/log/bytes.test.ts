import { describe, expect, it } from 'vitest';
import { firstLineBytes, LineBytes, wholeLinesWithin } from './bytes';

const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');

describe('LineBytes', () => {
  it('gives back every line in order as UTF-8, across blocks', () => {
    const q = new LineBytes(64);
    const lines = ['{"a":1}\n', '{"b":"é—😀"}\n', `${'x'.repeat(30)}\n`, `${'y'.repeat(40)}\n`];
    for (const l of lines) q.add(l);
    expect(q.empty).toBe(false);
    const out = q.take();
    expect(out.length).toBeGreaterThan(1);
    expect(text(out)).toBe(lines.join(''));
    expect(q.empty).toBe(true);
    expect(q.take()).toEqual([]);
  });

  it('keeps a line longer than a block whole, between its neighbours', () => {
    const q = new LineBytes(16);
    q.add('one\n');
    q.add(`${'ü'.repeat(40)}\n`);
    q.add('two\n');
    expect(text(q.take())).toBe(`one\n${'ü'.repeat(40)}\ntwo\n`);
  });

  it('starts a new block after take, leaving the bytes already taken alone', () => {
    const q = new LineBytes(64);
    q.add('first\n');
    const taken = q.take();
    q.add('second\n');
    expect(text(taken)).toBe('first\n');
    expect(text(q.take())).toBe('second\n');
  });
});

describe('cutting at line ends', () => {
  const data = Buffer.from('aaa\nbbbb\ncc\n');
  it('keeps whole lines that fit the room', () => {
    expect(wholeLinesWithin(data, 100)).toBe(data.length);
    expect(wholeLinesWithin(data, 9)).toBe(9);
    expect(wholeLinesWithin(data, 8)).toBe(4);
    expect(wholeLinesWithin(data, 3)).toBe(0);
    expect(wholeLinesWithin(data, -5)).toBe(0);
  });
  it('measures the first line with its newline', () => {
    expect(firstLineBytes(data)).toBe(4);
    expect(firstLineBytes(Buffer.from('no newline'))).toBe(10);
  });
});
