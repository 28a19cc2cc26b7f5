// The one home of a request's attempt record: every attempt on every upstream is appended here,
// and the request's outcome is built here, so the record and the outcome cannot disagree.
import type { AttemptRecord } from '../../../shared/snapshot';
import type { ForwardResult } from './deps';

/** What one attempt adds; the upstream it was made on comes from `AttemptLog.on`. */
export type AttemptEntry = Omit<AttemptRecord, 'upstream' | 'station' | 'host'>;

export type ResultFields = Partial<Omit<ForwardResult, 'attempts'>> & { status: number };

/** An upstream of a station, as the record names it. */
export interface UpstreamRef {
  station: string;
  id: string;
  host: string;
}

export class AttemptLog {
  private readonly list: AttemptRecord[] = [];

  get attempts(): readonly AttemptRecord[] {
    return this.list;
  }

  /** The attempts and the answer of one upstream. */
  on(ref: UpstreamRef): UpstreamLog {
    return new UpstreamLog(this, ref);
  }

  append(record: AttemptRecord): void {
    this.list.push(record);
  }

  /** The request's outcome, carrying every attempt made so far. */
  result(o: ResultFields): ForwardResult {
    return {
      station: null,
      upstream: null,
      mappedModel: null,
      error: null,
      usage: null,
      firstByteAt: null,
      ...o,
      attempts: this.list,
    };
  }

  /** True once any upstream was really called (or refused); model skips alone do not count. */
  triedSomething(): boolean {
    return this.list.some(countsAsTried);
  }
}

/** Skipped for the model before any call: left out of the "what was tried" summary. */
export function countsAsTried(a: AttemptRecord): boolean {
  return !(a.decision === 'skip-unsupported' && a.status === null);
}

export class UpstreamLog {
  /** Set once the request body is rewritten for this upstream. */
  mappedModel: string | null = null;

  constructor(
    private readonly log: AttemptLog,
    readonly ref: UpstreamRef,
  ) {}

  record(a: AttemptEntry): void {
    this.log.append({
      upstream: this.ref.id,
      station: this.ref.station,
      host: this.ref.host,
      status: a.status,
      error: a.error,
      decision: a.decision,
      cooldownSecs: a.cooldownSecs,
      durationMs: a.durationMs,
    });
  }

  /** The request's outcome, answered (or abandoned) on this upstream. */
  result(o: ResultFields): ForwardResult {
    return this.log.result({
      station: this.ref.station,
      upstream: { id: this.ref.id, host: this.ref.host },
      mappedModel: this.mappedModel,
      ...o,
    });
  }
}
