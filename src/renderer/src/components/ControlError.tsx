import { useStore } from '../store';

/** The server's answer to a refused command, shown beside the control that sent it. */
export function ControlError({ errorKey, id }: { errorKey: string; id?: string }) {
  const message = useStore((s) => s.errors[errorKey]);
  if (!message) return null;
  return (
    <span id={id} className="control-error" role="status">
      {message}
    </span>
  );
}
