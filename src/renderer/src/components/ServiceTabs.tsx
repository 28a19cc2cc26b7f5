// The Codex / Claude tabs above a view's panel: arrow keys move between them.
import { SERVICES, type ServiceName } from '../../../shared/config-types';

export const SERVICE_LABEL: Record<ServiceName, string> = { codex: 'Codex', claude: 'Claude' };

export function ServiceTabs(p: {
  label: string;
  service: ServiceName;
  onChange: (service: ServiceName) => void;
}) {
  return (
    <div role="tablist" aria-label={p.label} className="tabs">
      {SERVICES.map((svc) => (
        <button
          key={svc}
          type="button"
          role="tab"
          aria-selected={svc === p.service}
          tabIndex={svc === p.service ? 0 : -1}
          className="tab"
          onClick={() => p.onChange(svc)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            const other = SERVICES.find((x) => x !== svc) ?? svc;
            p.onChange(other);
            const tabs = e.currentTarget.parentElement?.querySelectorAll<HTMLElement>('[role=tab]');
            tabs?.[SERVICES.indexOf(other)]?.focus();
          }}
        >
          {SERVICE_LABEL[svc]}
        </button>
      ))}
    </div>
  );
}
