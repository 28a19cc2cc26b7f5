// What a listener is given (exported from ./index).
import type { ServiceName } from '../../../shared/config-types';
import type { Balancer } from '../balancer';
import type { AttemptRecord, TokenUsage } from '../../../shared/snapshot';
import type { Clock, Logger, ProxyRuntime, RequestRecord } from '../types';

export interface ProxyListenerDeps {
  service: ServiceName;
  host: string;
  /** 0 = ephemeral (tests). */
  port: number;
  /** Read per request: hot reload changes it. */
  getRuntime(): ProxyRuntime;
  balancer: Balancer;
  clock: Clock;
  logger: Logger;
  /** Jitter source; tests pass () => 0. */
  random?: () => number;
  /** Once per finished request (also client-aborted ones). */
  onRequest(record: RequestRecord): void;
  /** Our listeners (codex, claude, console) for the self-loop refusal. */
  ownAddresses(): { host: string; port: number }[];
  /** Default 10_000. */
  connectTimeoutMs?: number;
  /** Tests only: replaces `stream_idle_timeout_secs` with a millisecond value. */
  idleTimeoutMsOverride?: number;
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
}
