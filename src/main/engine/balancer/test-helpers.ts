// Shared fixtures for the balancer tests: a manual clock and station views.
import type { ServiceName } from '../../../shared/config-types';
import type { BalancerPolicy, Clock, StationView } from '../types';

export class ManualClock implements Clock {
  constructor(private ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(secs: number): void {
    this.ms += secs * 1000;
  }
}

export const defaultPolicy: BalancerPolicy = {
  failureThreshold: 3,
  failureCooldownSecs: 30,
  backoff: { factor: 1, maxSecs: 0 },
};

type UpstreamSpec = string | { url: string; p?: string; e?: string; enabled?: boolean };

export function view(
  name: string,
  ups: UpstreamSpec[],
  service: ServiceName = 'codex',
): StationView {
  return {
    service,
    name,
    upstreams: ups.map((u) => {
      if (typeof u === 'string') return { base_url: u, tags: {}, enabled: true };
      const tags: Record<string, string> = {};
      if (u.p !== undefined) tags['provider_id'] = u.p;
      if (u.e !== undefined) tags['endpoint_id'] = u.e;
      return { base_url: u.url, tags, enabled: u.enabled ?? true };
    }),
  };
}

export const PRIMARY = 'https://primary.example';
export const BACKUP = 'https://backup.example';
