// When no upstream can answer (docs/behaviour.md §3.7): a summary of what was tried, 429 while
// everything is cooling (Codex and Claude Code wait and retry by themselves), 503 when nothing is
// enabled.
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

  let enabled = 0;
  let eligible = 0;
  let cooling = 0;
  let disabled = 0;
  let earliest: number | null = null;
  ctx.stations.forEach((station, s) => {
    const view = ctx.views[s];
    const cooldowns = view ? ctx.balancer.state(view).cooldownUntil : [];
    station.upstreams.forEach((u, i) => {
      if (!u.enabled) {
        disabled++;
        return;
      }
      enabled++;
      const until = cooldowns[i];
      if (until != null && until > ctx.now) cooling++;
      if (ctx.model === null || isModelSupported(ctx.model, u.supported_models, u.model_mapping)) {
        eligible++;
      }
    });
    if (!view) return;
    const end = ctx.balancer.earliestCooldownEnd(view);
    if (end !== null && (earliest === null || end < earliest)) earliest = end;
  });

  if (enabled === 0) {
    const where =
      ctx.stations.length === 0
        ? `${ctx.service} has no station configured`
        : `station "${ctx.stations.map((st) => st.name).join('", "')}" of ${ctx.service} has no enabled upstream`;
    const message = `codex-helper-desktop no_upstream: ${where}`;
    sendJson(res, 503, errorBody('no_upstream', message));
    return log.result({ status: 503, error: message });
  }
  if (eligible === 0) {
    const message = `codex-helper-desktop model_not_supported: no enabled upstream supports model ${ctx.model}`;
    sendJson(res, 400, errorBody('model_not_supported', message));
    return log.result({ status: 400, error: message });
  }
  const secs = earliest === null ? 1 : Math.max(1, Math.ceil((earliest - ctx.now) / 1000));
  // Say what the upstreams are really doing: "every upstream is cooling" read wrong when most of
  // them were disabled.
  const counts = [`${cooling} cooling down`];
  if (disabled > 0) counts.push(`${disabled} disabled`);
  const others = enabled - cooling;
  if (others > 0) counts.push(`${others} not selectable`);
  const message = `codex-helper-desktop all_upstreams_cooling: no upstream can take the request (${counts.join(', ')}); retry in ${secs}s`;
  sendJson(
    res,
    429,
    errorBody('all_upstreams_cooling', message, { attempts: [], retry_after_secs: secs }),
    {
      'retry-after': String(secs),
    },
  );
  return log.result({ status: 429, error: message });
}
