// What one conversation file says about itself (docs/behaviour.md §10): its id, start, working
// directory, first user message, model and number of turns. One reader per client, fed line by
// line; only lines that can matter are parsed (a cheap substring test first), so a long file is
// counted without parsing every tool output in it. Only records seen in real runs are read
// (docs/behaviour.md §10.1).
import type { ServiceName } from '../../../shared/config-types';

export interface TranscriptInfo {
  id: string | null;
  startedAt: number | null;
  cwd: string | null;
  firstMessage: string | null;
  model: string | null;
  turns: number;
}

export function emptyInfo(): TranscriptInfo {
  return { id: null, startedAt: null, cwd: null, firstMessage: null, model: null, turns: 0 };
}

type Rec = Record<string, unknown>;

const MESSAGE_MAX = 200;

const obj = (v: unknown): Rec | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : null;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parse(line: string): Rec | null {
  try {
    return obj(JSON.parse(line));
  } catch {
    return null;
  }
}

function time(v: unknown): number | null {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
}

/** A message on one line: whitespace runs become one space, cut at MESSAGE_MAX characters. */
export function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_MAX ? `${flat.slice(0, MESSAGE_MAX - 1)}…` : flat;
}

/** The text blocks of a content array (`[{ type: 'text', text }]`), joined. */
function blockText(content: unknown, type: string): string | null {
  if (!Array.isArray(content)) return null;
  const parts = content
    .map(obj)
    .filter((b): b is Rec => b !== null && b.type === type && typeof b.text === 'string')
    .map((b) => b.text as string);
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * Codex rollout (`rollout-*.jsonl`): `session_meta` (payload id, timestamp, cwd), one
 * `turn_context` per turn (payload model), and the user's words as an `event_msg` whose payload
 * is `item_completed` with an item of type `UserMessage`.
 */
function codexLine(line: string, info: TranscriptInfo): void {
  const meta = info.id === null && line.includes('"session_meta"');
  const turn = line.includes('"turn_context"');
  const user = info.firstMessage === null && line.includes('"UserMessage"');
  if (!meta && !turn && !user) return;
  const rec = parse(line);
  const payload = obj(rec?.payload);
  if (!rec || !payload) return;
  if (rec.type === 'session_meta' && info.id === null) {
    info.id = text(payload.id);
    info.startedAt = time(payload.timestamp) ?? time(rec.timestamp);
    info.cwd = text(payload.cwd);
  } else if (rec.type === 'turn_context') {
    info.turns += 1;
    info.model = text(payload.model) ?? info.model;
  } else if (rec.type === 'event_msg' && payload.type === 'item_completed') {
    const item = obj(payload.item);
    const said = item?.type === 'UserMessage' ? blockText(item.content, 'text') : null;
    if (said !== null && info.firstMessage === null) info.firstMessage = oneLine(said);
  }
}

/**
 * Claude Code transcript (`projects/<folder>/<session>.jsonl`): every record carries `sessionId`,
 * `cwd` and `timestamp`; a turn is a `user` record whose message content is the user's text (a
 * string, or text blocks without a tool result); `assistant` records carry the model.
 */
function claudeLine(line: string, info: TranscriptInfo): void {
  const head = info.id === null && line.includes('"sessionId"');
  const user = line.includes('"type":"user"');
  const reply = line.includes('"type":"assistant"');
  if (!head && !user && !reply) return;
  const rec = parse(line);
  if (!rec) return;
  if (info.id === null) info.id = text(rec.sessionId);
  if (info.startedAt === null) info.startedAt = time(rec.timestamp);
  if (info.cwd === null) info.cwd = text(rec.cwd);
  const message = obj(rec.message);
  if (!message) return;
  if (rec.type === 'assistant') {
    info.model = text(message.model) ?? info.model;
  } else if (rec.type === 'user' && message.role === 'user' && rec.isMeta !== true) {
    const content = message.content;
    const isToolResult =
      Array.isArray(content) && content.some((b) => obj(b)?.type === 'tool_result');
    const said = typeof content === 'string' ? content : blockText(content, 'text');
    if (said === null || said.trim() === '' || isToolResult) return;
    info.turns += 1;
    if (info.firstMessage === null) info.firstMessage = oneLine(said);
  }
}

export const LINE_READERS: Record<ServiceName, (line: string, info: TranscriptInfo) => void> = {
  codex: codexLine,
  claude: claudeLine,
};

/** The command that reopens a conversation in its client. */
export function resumeCommand(service: ServiceName, id: string): string {
  return service === 'codex' ? `codex resume ${id}` : `claude --resume ${id}`;
}
