// The contract's pages (docs/behaviour.md §4, §10): the request log and the clients'
// conversations, a page at a time. Part of contract.ts, which re-exports it: import it from there.
import type { ServiceName } from './config-types';
import type { RequestSummary } from './snapshot';

/** One page of the request log, newest first; `more` says whether older requests remain. */
export interface RequestPage {
  requests: RequestSummary[];
  more: boolean;
}

/** An upstream that served a conversation (from the request log), by station and id. */
export interface SessionServed {
  station: string;
  id: string;
  host: string;
  requests: number;
}

/** The upstream a conversation is bound or pinned to; `id` null when it is no longer configured. */
export interface SessionUpstream {
  station: string;
  id: string | null;
}

/** One conversation of a client, from its own files and our request log (docs/behaviour.md §10). */
export interface SessionSummary {
  id: string;
  service: ServiceName;
  file: string;
  /** Epoch ms; null when the file does not say. */
  startedAt: number | null;
  /** The file's last write, epoch ms. */
  updatedAt: number;
  cwd: string | null;
  /** The first thing the user said, on one line. */
  firstMessage: string | null;
  model: string | null;
  turns: number;
  /** The file is longer than the part read: `turns` is a lower bound. */
  turnsCapped: boolean;
  /** `codex resume <id>` / `claude --resume <id>`. */
  resumeCommand: string;
  /** Upstreams that answered it, most requests first. */
  upstreams: SessionServed[];
  requests: number;
  tokens: number;
  costUsd: number | null;
  bound: SessionUpstream | null;
  pinned: SessionUpstream | null;
  /** Bound (not pinned) to an upstream that is not its station's first selectable one. */
  boundNotFirst: boolean;
}

/** One page of conversations, newest first; `total` counts every conversation file. */
export interface SessionPage {
  sessions: SessionSummary[];
  total: number;
  more: boolean;
}
