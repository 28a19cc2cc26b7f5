// Reading conversation files (docs/behaviour.md §10) from fixtures shaped exactly like what the
// real Codex CLI 0.171.0 and Claude Code 2.1.197 wrote (long strings trimmed).
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranscriptFiles } from './files';
import { emptyInfo, LINE_READERS, oneLine } from './lines';

const FIXTURES = resolve(__dirname, '../../../../tests/fixtures/sessions');
const CODEX_ID = '01a22cf4-7939-7992-bcc9-240eb0b00b20';
const CLAUDE_ID = '6d336175-b4ff-4d88-89d4-68c17a29b4d0';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chd-transcripts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A rollout at sessions/2026/11/<day>/, written `ageSecs` ago. */
function rollout(day: string, id: string, ageSecs: number, text?: string): string {
  const folder = join(dir, '2026', '11', day);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `rollout-2026-11-${day}T10-00-00-${id}.jsonl`);
  const fixture = readFileSync(join(FIXTURES, 'codex-rollout.jsonl'), 'utf8');
  writeFileSync(file, text ?? fixture.replaceAll(CODEX_ID, id));
  const t = (1_800_000_000_000 - ageSecs * 1000) / 1000;
  utimesSync(file, t, t);
  return file;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('the Codex rollout reader', () => {
  it('reads id, start, working directory, first user message, model and turns from a rollout', async () => {
    rollout('30', CODEX_ID, 0);
    const files = new TranscriptFiles('codex', dir);
    const [read] = await files.read(await files.list());
    expect(read!.info).toEqual({
      id: CODEX_ID,
      startedAt: Date.parse('2026-11-30T14:55:49.057Z'),
      cwd: '/tmp/sx/h/work',
      // The user's words, not the <environment_context> message Codex adds before them.
      firstMessage: 'say hi second line',
      model: 'gpt-6.2-sol',
      turns: 2,
    });
    expect(read!.capped).toBe(false);
  });

  it('lists only rollout files, newest write first, a page at a time', async () => {
    for (let n = 1; n <= 5; n++) rollout(String(20 + n), uuid(n), 100 - n * 10);
    writeFileSync(join(dir, '2026', '11', '21', 'notes.txt'), 'not a rollout');
    writeFileSync(join(dir, 'rollout-at-the-top.jsonl'), 'wrong depth');
    const files = new TranscriptFiles('codex', dir);
    const all = await files.list();
    expect(all).toHaveLength(5);
    const page = await files.read(all.slice(1, 3));
    expect(page.map((f) => f.info.id)).toEqual([uuid(4), uuid(3)]);
    expect(files.reads).toBe(2);
  });

  it('reads a file again only when its size or mtime changed, and a grown file from where it stopped', async () => {
    const file = rollout('30', CODEX_ID, 50);
    const files = new TranscriptFiles('codex', dir);
    await files.read(await files.list());
    await files.read(await files.list());
    expect(files.reads).toBe(1);

    // A resumed conversation: Codex appends the next turn to the same file.
    const lines = readFileSync(join(FIXTURES, 'codex-rollout.jsonl'), 'utf8').split('\n');
    const turn = lines.find((l) => l.includes('"type":"turn_context"'))!;
    appendFileSync(file, turn.replace('gpt-6.2-sol', 'gpt-6.3') + '\n');
    const [grown] = await files.read(await files.list());
    expect(files.reads).toBe(2);
    expect(grown!.info.turns).toBe(3);
    expect(grown!.info.model).toBe('gpt-6.3');
    expect(grown!.info.firstMessage).toBe('say hi second line');

    // Same size, new mtime (rewritten in place): read from the start, not counted twice.
    utimesSync(file, 1_900_000_000, 1_900_000_000);
    const [again] = await files.read(await files.list());
    expect(files.reads).toBe(3);
    expect(again!.info.turns).toBe(3);
  });

  it('leaves a line still being written for the next read', async () => {
    const lines = readFileSync(join(FIXTURES, 'codex-rollout.jsonl'), 'utf8').split('\n');
    const cut = lines.findIndex((l) => l.includes('"type":"turn_context"'));
    const head = lines.slice(0, cut).join('\n') + '\n';
    const partial = lines[cut]!.slice(0, 50);
    const file = rollout('30', CODEX_ID, 50, head + partial);
    const files = new TranscriptFiles('codex', dir);
    const [first] = await files.read(await files.list());
    expect(first!.info.turns).toBe(0);
    appendFileSync(file, lines[cut]!.slice(50) + '\n');
    const [second] = await files.read(await files.list());
    expect(second!.info.turns).toBe(1);
  });

  it('counts turns only over the first part of a very long file, and says so', async () => {
    const text = readFileSync(join(FIXTURES, 'codex-rollout.jsonl'), 'utf8');
    const turn = text.split('\n').find((l) => l.includes('"type":"turn_context"'))!;
    rollout('30', CODEX_ID, 0, text + `${turn}\n`.repeat(50));
    const files = new TranscriptFiles('codex', dir, text.length + turn.length * 10);
    const [read] = await files.read(await files.list());
    expect(read!.capped).toBe(true);
    expect(read!.info.turns).toBeGreaterThanOrEqual(10);
    expect(read!.info.turns).toBeLessThan(52);
  });

  it('lists an empty page for a folder that does not exist', async () => {
    const files = new TranscriptFiles('codex', join(dir, 'missing'));
    expect(await files.list()).toEqual([]);
  });
});

describe('the Claude Code transcript reader', () => {
  it('reads id, start, working directory, first prompt, model and turns from a transcript', async () => {
    const folder = join(dir, '-tmp-sx-c-work');
    mkdirSync(folder);
    copyFileSync(join(FIXTURES, 'claude-transcript.jsonl'), join(folder, `${CLAUDE_ID}.jsonl`));
    const files = new TranscriptFiles('claude', dir);
    const [read] = await files.read(await files.list());
    expect(read!.info).toEqual({
      id: CLAUDE_ID,
      startedAt: Date.parse('2026-11-30T14:56:20.600Z'),
      cwd: '/tmp/sx/c/work',
      firstMessage: 'say hi',
      model: 'claude-sonnet-4-5',
      turns: 2,
    });
  });

  it('does not count a tool result as a turn', () => {
    const info = emptyInfo();
    const user = (content: unknown) =>
      JSON.stringify({ type: 'user', message: { role: 'user', content }, sessionId: CLAUDE_ID });
    LINE_READERS.claude(user('fix the bug'), info);
    LINE_READERS.claude(user([{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }]), info);
    LINE_READERS.claude(user([{ type: 'text', text: 'and the test' }]), info);
    expect(info.turns).toBe(2);
    expect(info.firstMessage).toBe('fix the bug');
  });
});

describe('oneLine', () => {
  it('puts a message on one line and cuts it at 200 characters', () => {
    expect(oneLine('  say hi\n\n  second line ')).toBe('say hi second line');
    const long = oneLine('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
