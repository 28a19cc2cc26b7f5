// English: the app's frame (navigation, banners, dialogs, notices) and shared words.
export const enApp = {
  'app.views': 'Views',
  'app.view.upstreams': 'Upstreams',
  'app.view.requests': 'Requests',
  'app.view.overview': 'Overview',
  'app.view.settings': 'Settings',
  'app.view.sessions': 'Sessions',
  'app.live': 'Live',
  'app.disconnected': 'Disconnected',
  'app.connecting': 'Connecting…',
  'app.needsToken': 'This console needs its token: open the URL printed by',
  'app.lockedReason':
    'Editing is off while config.toml has an error: fix the file, and editing comes back.',
  'app.lockedTitle': 'Fix config.toml first: editing is off while it has an error',
  'app.unsavedTitle': 'Unsaved changes',
  'app.unsavedMessage': 'Your changes in this view are not saved yet. Leave and drop them?',
  'app.stay': 'Stay',
  'app.discardChanges': 'Discard changes',
  'app.cannotReach': 'Cannot reach the engine.',
  'app.loading': 'Loading…',
  'app.cancel': 'Cancel',
  'app.dismiss': 'Dismiss',
  'app.configProblem': 'Config problem:',
  'app.configKeepsRunning':
    'The previous good configuration keeps running until it is fixed. Editing in the console is off until then.',
  'app.openConfig': 'Open config file',
  'app.openLogs': 'Open logs folder',
  'app.lostConnection':
    'Lost the connection to the engine; showing the last state received. Reconnecting…',
  'app.sharedDown':
    'Shared state: Redis cannot be reached ({error}). This instance works on its own state and catches up when Redis is back.',
  'app.stateUnreadable': 'Balancer state could not be read ({message}); started clean.',
  'app.stateKeptAs': 'The old file was kept as',
  'app.warnings': 'Warnings',
  'app.noUpstream': 'No {service} upstream can take a request.',
  'app.freesFirst': '{name} frees first, in {time}.',
  'app.theFirstOne': 'The first one',
  'app.noneCooling':
    'None is cooling down, so none frees by itself: each is disabled, exhausted or missing its key.',
  'app.resetAll': 'Reset all',
  'app.clientStale':
    '{name} still points at this proxy from an earlier run, but nothing was serving.',
  'app.clientRestore': 'Restore {name}',
  'app.clientForeign':
    "{name} points at this proxy's port but not through this app's switch; switching is refused to avoid a loop.",
  'app.fromShell': 'from your shell profile',
  'client.network': 'Cannot reach the console server: {why}',
  'client.unauthorized': 'The console token is missing or wrong',
  'client.notJson': 'The console answered {status} without JSON ({path})',
  'client.unexpected': 'The console sent an unexpected answer to {name}',
  'config.warn.bothToken':
    '{path}: both auth_token and auth_token_env are set; the inline token wins',
  'config.warn.bothKey': '{path}: both api_key and api_key_env are set; the inline key wins',
  'config.warn.proxyHost':
    'proxy.host "{host}" is not a loopback address: other machines can reach the proxy',
  'config.warn.consoleHost':
    'console.host "{host}" is not a loopback address: other machines can reach the console',
  'config.warn.fileMode':
    '{file} holds an inline secret and other users on this machine can read it (mode {mode}); run: chmod 600 {file}',
} as const;
