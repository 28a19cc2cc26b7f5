// English: attaching the window to another instance (docs/behaviour.md §11.2).
export const enRemote = {
  'remote.instance': 'Instance shown',
  'remote.thisComputer': 'This computer',
  'remote.showing': 'Remote: {name}',
  'remote.connectTo': 'Connect to…',
  'remote.dialogTitle': 'Connect to another instance',
  'remote.hint':
    'Paste the console URL serve prints (its token is read from it) or give the token apart. Tokens stay in the app, never in this page.',
  'remote.url': 'Console URL',
  'remote.token': 'Token',
  'remote.name': 'Name (optional)',
  'remote.connect': 'Connect',
  'remote.connectingButton': 'Connecting…',
  'remote.saved': 'Remembered instances',
  'remote.show': 'Show',
  'remote.forget': 'Forget',
  'remote.backToLocal': 'Back to this computer',
  'remote.close': 'Close',
  'remote.connecting': 'Connecting to {name}…',
  'remote.disconnected':
    'Disconnected from {name} ({error}). Showing what it last sent, {age} old; reconnecting in {retry}.',
  'remote.status.connecting': 'connecting',
  'remote.status.connected': 'connected',
  'remote.status.disconnected': 'Disconnected',
} as const;
