// The books kept on finished proxied requests (docs/behaviour.md §9, docs/architecture.md,
// "Per-request work"): each record the intake hands over is priced from the current config, then
// goes to the cost ledger, the activity counters, the sessions' usage and the request log, and an
// attempt that ended `exhausted` asks the poller for a balance check. Also the request log's
// opening and closing, and the ledger's read-back of today and this month from it at start.
import type { Activity } from './activity';
import type { BalancePoller } from './balance/poller';
import type { ConfigStore } from './config';
import { entryFromLog, priceRequest, type CostLedger } from './cost';
import { RequestIntake } from './intake';
import { RequestLog } from './log';
import { forEachLoggedSince } from './log/read';
import type { SessionCatalog } from './sessions';
import type { Clock, Logger, ProxyRecord, RequestRecord } from './types';

export interface RequestBooksOptions {
  configStore: ConfigStore;
  ledger: CostLedger;
  activity: Activity;
  sessions: SessionCatalog;
  poller: BalancePoller;
  logsDir: string;
  clock: Clock;
  logger: Logger;
  /** The snapshot is out of date. */
  changed: () => void;
}

export class RequestBooks {
  /** Hands finished requests over; books them at the end of the event-loop turn. */
  readonly intake: RequestIntake;
  private readonly configStore: ConfigStore;
  private readonly ledger: CostLedger;
  private readonly activity: Activity;
  private readonly sessions: SessionCatalog;
  private readonly poller: BalancePoller;
  private readonly logsDir: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly changed: () => void;
  /** Open from start to stop. */
  private requestLog: RequestLog | null = null;

  constructor(o: RequestBooksOptions) {
    this.configStore = o.configStore;
    this.ledger = o.ledger;
    this.activity = o.activity;
    this.sessions = o.sessions;
    this.poller = o.poller;
    this.logsDir = o.logsDir;
    this.clock = o.clock;
    this.logger = o.logger;
    this.changed = o.changed;
    this.intake = new RequestIntake(this.book, o.logger);
  }

  /** One finished request, booked (the intake calls it for each record of a batch). */
  private readonly book = (proxied: ProxyRecord): void => {
    proxied.costUsd = priceRequest(this.configStore.current(), proxied);
    const record: RequestRecord = proxied;
    this.ledger.add(record);
    this.activity.record(record);
    this.sessions.record(record);
    this.requestLog?.append(record);
    for (const a of record.attempts) {
      if (a.decision === 'exhausted') {
        this.poller.afterQuotaError(record.service, a.station, a.upstream);
      }
    }
    this.changed();
  };

  openLog(): void {
    this.requestLog = new RequestLog({ dir: this.logsDir, logger: this.logger });
  }

  /** The request log with every finished request in it (the intake books them first). */
  async flushLog(): Promise<void> {
    this.intake.flush();
    await this.requestLog?.flush();
  }

  /** Books what is still pending, then closes the request log. */
  async closeLog(): Promise<void> {
    this.intake.flush();
    await this.requestLog?.close();
    this.requestLog = null;
  }

  /**
   * Today's and this month's figures from the log, after the listeners are up (a restart keeps
   * them).
   */
  async rebuildFromLog(cancelled: () => boolean): Promise<void> {
    const { ledger } = this;
    ledger.beginRebuild();
    try {
      await forEachLoggedSince(
        this.logsDir,
        ledger.monthStart(this.clock.now()),
        (line) => {
          const entry = entryFromLog(this.configStore.current(), line);
          if (entry) ledger.addLogged(entry);
        },
        { cancelled },
      );
    } catch (err) {
      this.logger.warn(`could not read the request log back: ${String(err)}`);
    } finally {
      ledger.finishRebuild();
      this.changed();
    }
  }
}
