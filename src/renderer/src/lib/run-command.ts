// Runs a command for one control: clears that control's previous error, and on refusal puts the
// server's message beside it (never alert(), never swallowed).
import type { CommandArgs, CommandName, CommandValue } from '../../../shared/contract';
import { useStore } from '../store';
import { translateRef } from '../../../shared/i18n';
import { ApiError, api } from './api';
import { currentT } from './i18n';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const text = translateRef(currentT().t, err.ref, err.message);
    return err.path ? `${text} (${err.path})` : text;
  }
  return err instanceof Error ? err.message : String(err);
}

export async function runCommand<K extends CommandName>(
  errorKey: string,
  name: K,
  args: CommandArgs<K>,
): Promise<CommandValue<K> | undefined> {
  const { setError } = useStore.getState();
  setError(errorKey, null);
  try {
    return await api.invoke(name, args);
  } catch (err) {
    setError(errorKey, errorMessage(err));
    return undefined;
  }
}
