// When no upstream can answer (docs/behaviour.md §3.7): a summary of what was tried; when nothing
// could be tried, 429 while an upstream is only cooling (Codex and Claude Code wait and retry by
// themselves), 503 `no_upstream` with the reasons when no cooldown will free anything.
import type { ServerResponse } from 'node:http';
import type { ServiceName, StationConfig } from '../../../shared/config-types';
import type { Balancer } from '../balancer';
import type { StationView } from '../types';
import { errorBody, sendJson, summaryAttempts, unavailableMessage } from './answers';
import type { AttemptLog } from './attempt-log';
import type { ForwardResult } from './deps';
import { isModelSupported } from './models';

export interface NoAnswerContext {
  views: readonly StationView[];
  balancer: Balancer;
  now: number;
  model: string | null;
  service: ServiceName;
  stations: readonly StationConfig[];
}

/** At most this many upstreams are named in a `no_upstream` message; the rest are counted. */
const MAX_REASONS = 10;

/** The one place that answers a request no upstream answered. */
export function finishWithoutAnswer(
  res: ServerResponse,
  log: AttemptLog,
  lastStatus: number,
  ctx: NoAnswerContext,
): ForwardResult {
  if (log.triedSomething()) {
    const list = summaryAttempts(log.attempts);
    const message = unavailableMessage(list);
    sendJson(res, lastStatus, errorBody('upstream_unavailable', message, { attempts: list }));
    return log.result({ status: lastStatus, error: message });
  }

  const model = ctx.model;
  const supported =
    model === null
      ? undefined
      : (view: StationView, i: number) => {
          const u = ctx.stations[ctx.views.indexOf(view)]?.upstreams[i];
          return u ? isModelSupported(model, u.supported_models, u.model_mapping) : false;
        };
  const blocked = ctx.balancer.availability(ctx.views, {
    ...(supported ? { isSupported: supported } : {}),
    ...(model !== null ? { model } : {}),
    withReasons: true,
  });
  if (blocked.availableAgainAt !== null) {
    const secs = Math.max(1, Math.ceil((blocked.availableAgainAt - ctx.now) / 1000));
    // Say what the upstreams are really doing: "every upstream is cooling" read wrong when most of
    // them were disabled.
    const t = blocked.tally;
    const cooling = (t.cooling ?? 0) + (t.failures ?? 0);
    const disabled = t.disabled ?? 0;
    const others = blocked.reasons.length - cooling - disabled;
    const counts = [`${cooling} cooling down`];
    if (disabled > 0) counts.push(`${disabled} disabled`);
    if (others > 0) counts.push(`${others} not selectable`);
    const message = `codex-helper-desktop all_upstreams_cooling: no upstream can take the request (${counts.join(', ')}); retry in ${secs}s`;
    sendJson(
      res,
      429,
      errorBody('all_upstreams_cooling', message, { attempts: [], retry_after_secs: secs }),
      { 'retry-after': String(secs) },
    );
    return log.result({ status: 429, error: message });
  }

  let why: string;
  if (ctx.stations.length === 0) {
    why = `${ctx.service} has no station configured`;
  } else if (blocked.reasons.length === 0) {
    const names = ctx.stations.map((st) => st.name).join('", "');
    why = `station "${names}" of ${ctx.service} has no upstream that can take this request`;
  } else {
    const shown = blocked.reasons.slice(0, MAX_REASONS);
    const more = blocked.reasons.length - shown.length;
    why = `no upstream of ${ctx.service} can take this request: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  }
  const message = `codex-helper-desktop no_upstream: ${why}`;
  sendJson(res, 503, errorBody('no_upstream', message));
  return log.result({ status: 503, error: message });
}
