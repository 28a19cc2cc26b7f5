// While the proxy is paused (`setPaused`), every request is refused: say so, with a way back.
import { useT } from '../lib/i18n';
import { runCommand } from '../lib/run-command';
import { useStore } from '../store';
import { ControlError } from './ControlError';

export function PausedBanner() {
  const paused = useStore((s) => s.snapshot?.services.codex.paused ?? false);
  const t = useT();
  if (!paused) return null;
  return (
    <div className="banner banner-warn" role="status">
      {t('desktop.paused')}{' '}
      <button
        type="button"
        onClick={() => void runCommand('paused', 'setPaused', { paused: false })}
      >
        {t('desktop.resume')}
      </button>
      <ControlError errorKey="paused" />
    </div>
  );
}
