import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../lib/i18n';

const FOCUSABLE =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  /** The dialog's accessible name (and visible title). */
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

/** A modal dialog: named by its title, Escape closes, focus returns to where it came from. */
export function Dialog({ title, onClose, children, wide }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current
      ?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button')
      ?.focus();
    const onKey = (e: KeyboardEvent) => {
      // Only the topmost dialog answers keys: a question asked over a dialog handles its own.
      const open = document.querySelectorAll('[role=dialog]');
      if (open[open.length - 1] !== ref.current) return;
      if (e.key === 'Escape') closeRef.current();
      if (e.key === 'Tab') keepFocusInside(e);
    };
    // A modal keeps Tab inside itself, so keyboard users cannot land on the page behind it.
    const keepFocusInside = (e: KeyboardEvent) => {
      const items = ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE);
      if (!items || items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={wide ? 'dialog wide' : 'dialog'}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog(p: ConfirmProps) {
  const t = useT();
  return (
    <Dialog title={p.title} onClose={p.onCancel}>
      <div className="dialog-body">{p.message}</div>
      {p.error ? <p className="field-error">{p.error}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={p.onCancel}>
          {p.cancelLabel ?? t('app.cancel')}
        </button>
        <button type="button" className={p.danger ? 'danger' : 'primary'} onClick={p.onConfirm}>
          {p.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
