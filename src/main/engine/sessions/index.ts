// The Sessions view's data (docs/behaviour.md §10): each client's conversation files, newest
// first, joined with what our request log says served them and with the balancer's bindings and
// pins. Listing stats every file but reads only the requested page, and only what changed.
import { join } from 'node:path';
import type { AppConfig, ServiceName } from '../../../shared/config-types';
import { upstreamId } from '../../../shared/config-types';
import type { SessionPage, SessionSummary, SessionUpstream } from '../../../shared/contract';
import type { Balancer } from '../balancer';
import { indexOfSignature } from '../balancer/layout';
import type { RequestRecord, SessionEntry } from '../types';
import { TranscriptFiles, type ReadFile } from './files';
import { resumeCommand } from './lines';
import { SessionUsage } from './usage';

export interface SessionCatalogDeps {
  /** `$CODEX_HOME/sessions` and `$CLAUDE_CONFIG_DIR/projects`. */
  dirs: Record<ServiceName, string>;
  logsDir: string;
  logKeep: number;
  flushLog: () => Promise<void>;
  balancer: Balancer;
  config: () => AppConfig;
}

/** The client folders conversations are read from. */
export function sessionDirs(codexHome: string, claudeConfigDir: string) {
  return { codex: join(codexHome, 'sessions'), claude: join(claudeConfigDir, 'projects') };
}

/** The id a file name carries (`rollout-<time>-<uuid>.jsonl`, `<uuid>.jsonl`), for files without one inside. */
function idFromName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.jsonl$/, '');
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(name);
  return uuid ? uuid[0] : name;
}

export class SessionCatalog {
  private readonly files: Record<ServiceName, TranscriptFiles>;
  private readonly usage: SessionUsage;

  constructor(private readonly deps: SessionCatalogDeps) {
    this.files = {
      codex: new TranscriptFiles('codex', deps.dirs.codex),
      claude: new TranscriptFiles('claude', deps.dirs.claude),
    };
    this.usage = new SessionUsage({
      logsDir: deps.logsDir,
      flushLog: deps.flushLog,
      keep: deps.logKeep,
    });
  }

  stop(): void {
    this.usage.stop();
  }

  record(r: RequestRecord): void {
    this.usage.record(r);
  }

  /** Files read so far (wholly or from where they were left), for tests of the cache. */
  reads(service: ServiceName): number {
    return this.files[service].reads;
  }

  async list(service: ServiceName, offset: number, limit: number): Promise<SessionPage> {
    const [all] = await Promise.all([this.files[service].list(), this.usage.load()]);
    const page = await this.files[service].read(all.slice(offset, offset + limit));
    return {
      sessions: page.map((f) => this.summary(service, f)),
      total: all.length,
      more: offset + limit < all.length,
    };
  }

  private summary(service: ServiceName, f: ReadFile): SessionSummary {
    const id = f.info.id ?? idFromName(f.path);
    const use = this.usage.of(service, id);
    const { pin, binding } = this.deps.balancer.sessionOf(service, id);
    const bound = binding ? this.resolve(service, binding) : null;
    return {
      id,
      service,
      file: f.path,
      startedAt: f.info.startedAt,
      updatedAt: Math.round(f.mtimeMs),
      cwd: f.info.cwd,
      firstMessage: f.info.firstMessage,
      model: f.info.model,
      turns: f.info.turns,
      turnsCapped: f.capped,
      resumeCommand: resumeCommand(service, id),
      upstreams: use
        ? [...use.upstreams.values()].sort((a, b) => b.requests - a.requests).map((u) => ({ ...u }))
        : [],
      requests: use?.requests ?? 0,
      tokens: use?.tokens ?? 0,
      costUsd: use?.costUsd ?? null,
      bound: bound?.ref ?? null,
      pinned: pin ? this.resolve(service, pin).ref : null,
      boundNotFirst: pin === null && bound !== null && bound.notFirst,
    };
  }

  /** A binding or pin as the upstream it names now (it follows reorders by signature). */
  private resolve(
    service: ServiceName,
    entry: SessionEntry,
  ): { ref: SessionUpstream; notFirst: boolean } {
    const station = this.deps.config()[service].stations.find((s) => s.name === entry.station);
    if (!station) return { ref: { station: entry.station, id: null }, notFirst: false };
    const view = { service, name: station.name, upstreams: station.upstreams };
    const index = indexOfSignature(view, entry.signature);
    const u = station.upstreams[index];
    if (index < 0 || !u) return { ref: { station: entry.station, id: null }, notFirst: false };
    const first = this.deps.balancer.firstSelectable(view);
    return {
      ref: { station: station.name, id: upstreamId(station.name, index, u.tags) },
      notFirst: first !== null && first !== index,
    };
  }
}
