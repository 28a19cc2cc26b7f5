// English: the Settings view.
export const enSettings = {
  'set.field.codexPort': 'Codex port',
  'set.hint.codexPort': 'Where Codex sends its requests on this machine.',
  'set.field.claudePort': 'Claude port',
  'set.hint.claudePort': 'Where Claude Code sends its requests on this machine.',
  'set.field.streamIdleTimeoutSecs': 'Stream idle timeout (s)',
  'set.hint.streamIdleTimeoutSecs':
    'A streamed answer that goes silent this long is cut off and counted as a failure.',
  'set.field.failureThreshold': 'Failure threshold',
  'set.hint.failureThreshold':
    'Failed requests in a row before an upstream is set aside for the failure cooldown.',
  'set.field.failureCooldownSecs': 'Failure cooldown (s)',
  'set.hint.failureCooldownSecs':
    'How long an upstream rests once it reaches the failure threshold.',
  'set.field.transportCooldownSecs': 'Transport cooldown (s)',
  'set.hint.transportCooldownSecs':
    'How long an upstream rests straight after a request moves on from it: no connection, a timeout, a broken stream, 429 or 5xx, or quota used up.',
  'set.field.cooldownBackoffFactor': 'Cooldown backoff factor',
  'set.hint.cooldownBackoffFactor':
    'Each further cooldown in a row lasts this many times longer (1 keeps it the same).',
  'set.field.cooldownBackoffMaxSecs': 'Cooldown backoff max (s)',
  'set.hint.cooldownBackoffMaxSecs': 'The longest a growing cooldown can get.',
  'set.field.returnToPreferredSecs': 'Return to preferred (s)',
  'set.hint.returnToPreferredSecs':
    'New conversations go back to the first upstream this long after a failover moved them away; 0 leaves them on the last good one.',
  'set.field.sessionAffinityTtlSecs': 'Session affinity TTL (s)',
  'set.hint.sessionAffinityTtlSecs':
    'How long a conversation stays bound to its upstream after its last request.',
  'set.profile.balanced':
    'Tries the same upstream once more on 429 or 5xx, then moves on to the next one.',
  'set.profile.same-upstream':
    'Retries the same upstream up to 3 times and never moves on to another.',
  'set.profile.aggressive-failover':
    'Moves on quickly and tries up to 3 upstreams for one request.',
  'set.profile.cost-primary':
    'Tries 2 upstreams; a failing one rests twice as long each time (up to 15 min), so traffic returns to the first.',
  'set.unknownProfile': 'Unknown retry profile "{profile}"',
  'set.wholeNumber': '{label} must be a whole number from {min} to {max}',
  'set.differentPorts': 'Codex and Claude need different ports',
  'set.view': 'Settings view',
  'set.files': 'Files',
  'set.configPath': 'config: {path}',
  'set.logsPath': 'logs: {path}',
  'set.saved': 'Settings saved',
  'set.proxyAndRetry': 'Proxy and retry',
  'set.retryProfile': 'Retry profile',
  'set.exhaustedFallback': 'Exhausted upstreams as a last resort',
  'set.exhaustedFallbackHint':
    'When every upstream is exhausted, still try one rather than refuse the request.',
  'set.sessionAffinity': 'Session affinity',
  'set.sessionAffinityHint':
    'Keeps each conversation on the upstream that answered it, so its prompt cache stays warm.',
  'set.hosts': 'Proxy host {proxy}, console {console}.',
  'set.save': 'Save settings',
} as const;
