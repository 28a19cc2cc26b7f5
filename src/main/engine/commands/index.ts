// The handler table: one entry per command of the contract, typed from it.
import { checkCommandCall } from '../../../shared/command-call';
import {
  wrapCommand,
  type CommandMap,
  type CommandName,
  type CommandResult,
} from '../../../shared/contract';
import * as app from './app-commands';
import { addIdentityTags } from './identity-tags';
import type { CommandContext, Handler } from './context';
import { listRequests, listSessions } from './request-commands';
import * as selection from './selection-commands';
import * as station from './station-commands';
import * as upstream from './upstream-commands';

type Handlers = { [K in CommandName]: Handler<K> };

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
  checkBalance: upstream.checkBalance,
  preferUpstream: selection.preferUpstream,
  resetAll: selection.resetAll,
  pinSession: selection.pinSession,
  unpinSession: selection.unpinSession,
  listRequests,
  listSessions,
};

/** Hands a command to its handler; every failure becomes `{ ok: false, error }` (one error policy). */
export function dispatchCommand<K extends CommandName>(
  ctx: CommandContext,
  name: K,
  args: unknown,
): Promise<CommandResult<CommandMap[K]['result']>> {
  return wrapCommand(() => {
    const call = checkCommandCall(name, args);
    const handler = handlers[call.name] as Handler<K>;
    return handler(ctx, call.args);
  });
}
