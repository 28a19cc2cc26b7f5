// What a listener is given (exported from ./index), and what forwarding one request takes and
// gives back.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceName } from '../../../shared/config-types';
import type { AffinityOutcome, Balancer } from '../balancer';
import type { AttemptRecord, TokenUsage } from '../../../shared/snapshot';
import type { MachineNames } from '../hosts';
import type { Clock, Logger, ProxyRuntime, ProxyRecord, Scheduler } from '../types';
import type { ParsedBody } from './prepare';
import type { RequestHead } from './request-head';

export interface ProxyListenerDeps {
  service: ServiceName;
  host: string;
  /** 0 = ephemeral (tests). */
  port: number;
  /** Read per request: hot reload changes it. */
  getRuntime(): ProxyRuntime;
  balancer: Balancer;
  clock: Clock;
  /** Retry backoff and the error-body watchdog (default: real timers). */
  scheduler?: Scheduler;
  logger: Logger;
  /** Jitter source; tests pass () => 0. */
  random?: () => number;
  /** Once per finished request (also client-aborted ones). */
  onRequest(record: ProxyRecord): void;
  /** Our listeners (codex, claude, console) for the self-loop refusal. */
  ownAddresses(): readonly { host: string; port: number }[];
  /**
   * This engine's loop mark: sent upstream in LOOP_HEADER with every request, and a request that
   * arrives carrying it is refused with 508 (a relay URL that leads back here, whatever its form).
   * Default: a random mark per listener.
   */
  loopMark?: string;
  /** This machine's names and addresses (Host check with a wildcard listen host). */
  machineNames?: () => MachineNames;
  /** Default 10_000. */
  connectTimeoutMs?: number;
  /** Tests only: replaces `stream_idle_timeout_secs` with a millisecond value. */
  idleTimeoutMsOverride?: number;
}

/** One client request as the listener hands it to the failover loop. */
export interface ForwardRequest {
  req: IncomingMessage;
  res: ServerResponse;
  pathAndQuery: string;
  body: Buffer;
  parsed: ParsedBody;
  /** The request's session id (docs/behaviour.md §3.2), or null. */
  sessionId: string | null;
  /** The client's header lines, read once (request-head.ts). */
  head: RequestHead;
  /** True when the client sent a body (or declared one). */
  hasBody: boolean;
  /** Set by the server when the client goes away. */
  clientGone: () => boolean;
  /** Lets the server abort the in-flight upstream request on client disconnect. */
  setInFlight: (abort: (() => void) | null) => void;
}

/** What the attempt loop hands back for the request record. */
export interface ForwardResult {
  status: number;
  station: string | null;
  upstream: { id: string; host: string } | null;
  mappedModel: string | null;
  error: string | null;
  usage: TokenUsage | null;
  firstByteAt: number | null;
  attempts: readonly AttemptRecord[];
  /** With a session id: kept, new or moved (docs/behaviour.md §2.7). */
  affinity?: AffinityOutcome | null;
}
