// The one check of a command call that comes from outside (IPC, HTTP, a test): the name is one of
// the contract's and the arguments are an object of named arguments. The adapters and the engine
// both use it, so they cannot disagree about what a well-formed call is.
import {
  AppError,
  isCommandName,
  wrapCommand,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EngineApi,
} from './contract';
import { COMMAND_ARG_NAMES, unknownName } from './command-args';

export type NamedArgs = Record<string, unknown>;

export function checkCommandName(name: unknown): CommandName {
  if (typeof name !== 'string' || !isCommandName(name)) {
    throw new AppError('unknown_command', `unknown command ${JSON.stringify(String(name))}`);
  }
  return name;
}

/** Missing arguments count as `{}`; each argument's own check is the handler's job. */
export function checkCommandCall(
  name: unknown,
  args: unknown,
): { name: CommandName; args: NamedArgs } {
  const checked = checkCommandName(name);
  const value = args === undefined ? {} : args;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError(
      'invalid_argument',
      `arguments of ${checked} must be an object of named arguments`,
    );
  }
  const allowed: readonly string[] = COMMAND_ARG_NAMES[checked];
  const unknown = unknownName(value, allowed);
  if (unknown !== null) {
    throw new AppError(
      'invalid_argument',
      `${checked} has no argument ${JSON.stringify(unknown.slice(0, 80))} (it takes ${allowed.join(', ')})`,
      unknown.slice(0, 80),
    );
  }
  return { name: checked, args: value as NamedArgs };
}

/**
 * An adapter's way into the engine: checks the call, runs it, and whatever the engine does —
 * returns an envelope or throws — hands back an envelope.
 */
export async function callEngine(
  engine: EngineApi,
  name: unknown,
  args: unknown,
): Promise<CommandResult<unknown>> {
  const outer = await wrapCommand(() => {
    const call = checkCommandCall(name, args);
    return engine.command(call.name, call.args as CommandArgs<CommandName>);
  });
  return outer.ok ? (outer.value as CommandResult<unknown>) : outer;
}
