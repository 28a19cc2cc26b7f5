// The one place an adapter (HTTP or IPC) turns a command name + untrusted args into the result
// envelope. Whatever the engine does — returns an envelope or throws — the caller gets an envelope.
import {
  AppError,
  isCommandName,
  wrapCommand,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EngineApi,
} from '../../shared/contract';

export async function runCommand(
  engine: EngineApi,
  name: unknown,
  args: unknown,
): Promise<CommandResult<unknown>> {
  const outer = await wrapCommand(() => {
    if (typeof name !== 'string' || !isCommandName(name)) {
      throw new AppError('unknown_command', `unknown command ${JSON.stringify(String(name))}`);
    }
    if (args === undefined) args = {};
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw new AppError(
        'invalid_argument',
        `arguments of ${name} must be an object of named arguments`,
      );
    }
    // Validating each argument is the engine's job; here we only guarantee the shape is an object.
    return engine.command(name as CommandName, args as CommandArgs<CommandName>);
  });
  return outer.ok ? (outer.value as CommandResult<unknown>) : outer;
}
