// The request log, paged (docs/behaviour.md §4): the console's Requests view reads older requests
// through this instead of the snapshot, which carries only the newest few.
import type { RequestPage } from '../../../shared/contract';
import { AppError } from '../../../shared/contract';
import { int, optStr, type Args } from './args';
import type { CommandContext } from './context';

export const MAX_PAGE = 500;

export function listRequests(ctx: CommandContext, args: Args): Promise<RequestPage> {
  const limit = int(args, 'limit');
  if (limit < 1 || limit > MAX_PAGE) {
    throw new AppError('invalid_argument', `"limit" must be between 1 and ${MAX_PAGE}`, 'limit');
  }
  return ctx.readRequests(optStr(args, 'before'), limit);
}
