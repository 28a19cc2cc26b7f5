// The file written on first start (docs/behaviour.md §1): every section shown, commented out, so
// the user can discover settings without reading docs; only an empty `main` station is live.
export const STARTER_CONFIG = `# Codex Helper Desktop configuration.
# Edits here are picked up while the app runs; the app's own edits keep your comments.

version = 1

# [proxy]
# host = "127.0.0.1"             # loopback by default; another host exposes the proxy
# codex_port = 3211
# claude_port = 3210
# stream_idle_timeout_secs = 300
# allow_browser_origins = false
# allowed_hosts = []             # extra Host names a request may carry (loopback always passes)
# outbound = "http://127.0.0.1:8080"   # a forwarding proxy for relay calls (else HTTPS_PROXY)

# [console]                      # headless web console (npm run serve)
# host = "127.0.0.1"
# port = 3212
# allowed_hosts = []

# [retry]
# profile = "balanced"           # balanced | same-upstream | aggressive-failover | cost-primary
# failure_threshold = 3
# failure_cooldown_secs = 30
# transport_cooldown_secs = 30
# cooldown_backoff_factor = 1
# cooldown_backoff_max_secs = 600
# never_on_status = "413,415,422"
# exhausted_fallback = true      # exhausted upstreams as a last resort
# return_to_preferred_secs = 0   # new conversations back to #1 this long after a failover
# session_affinity = true        # a conversation stays on the relay that answered it
# session_affinity_ttl_secs = 21600
# [retry.upstream]
# max_attempts = 2
# [retry.provider]
# on_status = "401,403,404,408,429,500-599,524"

# [notifications]                # which events are announced
# trip = true
# exhausted = true
# all_down = true
# recovered = false

# [app]
# start_at_login = false
# language = "system"            # system | en | zh-CN

[codex]
active = "main"

[codex.stations.main]
# alias = "Main relays"
# enabled = true
# level = 1

# [[codex.stations.main.upstreams]]
# base_url = "https://relay-a.example/v1"
# alias = "Relay A"
# enabled = true
# auth = { auth_token_env = "RELAY_A_KEY" }
# tags = { provider_id = "relay-a", endpoint_id = "default" }
# supported_models = { "gpt-5*" = true }
# model_mapping = { "gpt-5" = "gpt-5.4" }

# [claude]                       # same shape as [codex]
# active = "main"
# [claude.stations.main]
# [[claude.stations.main.upstreams]]
# base_url = "https://relay-b.example"
# auth = { api_key_env = "RELAY_B_KEY" }
`;
