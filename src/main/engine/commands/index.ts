// The handler table: one entry per command of the contract, typed from it.
import {
  AppError,
  isCommandName,
  wrapCommand,
  type CommandMap,
  type CommandName,
  type CommandResult,
} from '../../../shared/contract';
import { asArgs, type Args } from './args';
import * as app from './app-commands';
import { addIdentityTags } from './identity-tags';
import type { CommandContext } from './context';
import * as station from './station-commands';
import * as upstream from './upstream-commands';

type Handlers = {
  [K in CommandName]: (
    ctx: CommandContext,
    args: Args,
  ) => CommandMap[K]['result'] | Promise<CommandMap[K]['result']>;
};

export const handlers: Handlers = {
  moveUpstream: upstream.moveUpstream,
  setUpstreamExhausted: upstream.setUpstreamExhausted,
  resetUpstream: upstream.resetUpstream,
  setUpstreamEnabled: upstream.setUpstreamEnabled,
  addUpstream: upstream.addUpstream,
  updateUpstream: upstream.updateUpstream,
  removeUpstream: upstream.removeUpstream,
  testUpstream: upstream.testUpstreamCommand,
  addStation: station.addStation,
  renameStation: station.renameStation,
  removeStation: station.removeStation,
  setActiveStation: station.setActiveStation,
  explainNextPick: station.explainNextPick,
  switchClient: app.switchClient,
  previewSwitch: app.previewSwitch,
  importPreview: app.importPreview,
  importApply: app.importApply,
  updateSettings: app.updateSettings,
  addIdentityTags,
  setPaused: app.setPaused,
};

/** Runs a command by name; every failure becomes `{ ok: false, error }` (one error policy). */
export function runCommand<K extends CommandName>(
  ctx: CommandContext,
  name: K,
  args: unknown,
): Promise<CommandResult<CommandMap[K]['result']>> {
  return wrapCommand(() => {
    if (!isCommandName(name))
      throw new AppError('unknown_command', `unknown command "${String(name)}"`);
    const handler = handlers[name] as (ctx: CommandContext, args: Args) => CommandMap[K]['result'];
    return handler(ctx, asArgs(args ?? {}));
  });
}
