interface SwitchProps {
  label: string;
  checked: boolean;
  onChange(next: boolean): void;
  disabled?: boolean;
  describedBy?: string;
}

/** An on/off control with role "switch"; the visible text repeats the name for sighted users. */
export function Switch({ label, checked, onChange, disabled, describedBy }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-describedby={describedBy}
      disabled={disabled}
      className="switch"
      onClick={() => onChange(!checked)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-label">{label}</span>
    </button>
  );
}
