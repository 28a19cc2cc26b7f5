// Finished requests are booked in batches (docs/architecture.md, "Per-request work"): the proxy
// hands each record over and goes on; pricing, the ledger, the activity counters, the sessions'
// usage, the request-log line and the balance poll after a quota error run for every record of
// the batch at the end of the event-loop turn (setImmediate), one after the other, which costs
// less per request than doing each between two requests (docs/benchmarks.md). Nothing reads a
// stale figure: every reader calls flush() first (the snapshot build, the request log's readers,
// flush, stop). setImmediate, not the injected scheduler: this is "after this turn", not a time.
import type { Logger, ProxyRecord } from './types';

export class RequestIntake {
  private pending: ProxyRecord[] = [];
  private scheduled = false;

  constructor(
    private readonly book: (record: ProxyRecord) => void,
    private readonly logger: Logger,
  ) {}

  add(record: ProxyRecord): void {
    this.pending.push(record);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Books every record handed over so far. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const record of batch) {
      try {
        this.book(record);
      } catch (err) {
        this.logger.error(
          `request bookkeeping failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
}
