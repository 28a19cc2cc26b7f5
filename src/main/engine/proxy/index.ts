// The proxy (docs/behaviour.md §3): listeners, forwarding, failover, streaming, usage.
export type { ProxyListenerDeps } from './deps';
export { startProxyListener, type ProxyListener } from './server';
export { probeUpstream } from './probe';
export { pointsAtOwnListener, joinUpstreamUrl } from './url';
export { isModelSupported, mapModel } from './models';
export { usageFromJson, UsageAccumulator } from './usage';
