// The request log, paged (docs/behaviour.md §4): the console's Requests view reads older requests
// through this instead of the snapshot, which carries only the newest few. Conversations, paged
// the same way (§10).
import type { RequestPage, SessionPage } from '../../../shared/contract';
import { AppError } from '../../../shared/contract';
import { int, optStr, service, type Args } from './args';
import type { CommandContext } from './context';

export const MAX_PAGE = 500;

export function listRequests(ctx: CommandContext, args: Args): Promise<RequestPage> {
  const limit = int(args, 'limit');
  if (limit < 1 || limit > MAX_PAGE) {
    throw new AppError('invalid_argument', `"limit" must be between 1 and ${MAX_PAGE}`, 'limit');
  }
  return ctx.readRequests(optStr(args, 'before'), limit);
}

export const MAX_SESSION_PAGE = 200;

export function listSessions(ctx: CommandContext, args: Args): Promise<SessionPage> {
  const svc = service(args);
  const offset = int(args, 'offset');
  const limit = int(args, 'limit');
  if (offset < 0) throw new AppError('invalid_argument', '"offset" must be 0 or more', 'offset');
  if (limit < 1 || limit > MAX_SESSION_PAGE) {
    throw new AppError(
      'invalid_argument',
      `"limit" must be between 1 and ${MAX_SESSION_PAGE}`,
      'limit',
    );
  }
  return ctx.listSessions(svc, offset, limit);
}
