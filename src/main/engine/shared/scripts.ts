// Lua run inside Redis (docs/behaviour.md §11): each check-and-set happens in one step on the
// server, so two instances writing the same relay at once cannot undo each other. Each script
// publishes only a change it actually made.
// KEYS[1] = the relay's hash, KEYS[2] = the set of shared keys, KEYS[3] = the channel.
// ARGV[1] = the shared key, ARGV[2] = the message to publish, then the script's own arguments.

/** ARGV[3] = until (ms), ARGV[4] = failures. A cooldown is only ever extended. */
export const EXTEND_COOLDOWN = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if tonumber(ARGV[3]) <= cur then return 0 end
redis.call('HSET', KEYS[1], 'until', ARGV[3])
local fails = tonumber(redis.call('HGET', KEYS[1], 'fails') or '0')
if tonumber(ARGV[4]) > fails then redis.call('HSET', KEYS[1], 'fails', ARGV[4]) end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;

/** ARGV[3] = the deadline the writer knew: lifted only when the stored one is not later. */
export const CLEAR_COOLDOWN = `
local cur = redis.call('HGET', KEYS[1], 'until')
if not cur then return 0 end
if tonumber(cur) > tonumber(ARGV[3]) then return 0 end
redis.call('HDEL', KEYS[1], 'until')
redis.call('HSET', KEYS[1], 'fails', '0')
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;

/**
 * ARGV[3] = at (ms), ARGV[4] = '1' exhausted / '0' lifted, ARGV[5] = reason, ARGV[6] = source,
 * ARGV[7] = '1' to write only where nothing is stored yet (a restart's state.json).
 * The latest `at` wins.
 */
export const SET_EXHAUSTION = `
local cur = redis.call('HGET', KEYS[1], 'exAt')
if cur and ARGV[7] == '1' then return 0 end
if cur and tonumber(cur) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'exAt', ARGV[3], 'ex', ARGV[4], 'exReason', ARGV[5], 'exBy', ARGV[6])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;

/** ARGV[3] = checkedAt (ms), ARGV[4] = the balance as JSON. The newest reading wins. */
export const SET_BALANCE = `
local cur = redis.call('HGET', KEYS[1], 'balAt')
if cur and tonumber(cur) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'balAt', ARGV[3], 'bal', ARGV[4])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;

/**
 * A session: KEYS[1] is the session's own hash (KEYS[2] unused). ARGV[3] = at, ARGV[4] = the
 * entry as JSON, ARGV[5] = its time to live (ms). The latest use wins.
 */
export const SET_SESSION = `
local cur = redis.call('HGET', KEYS[1], 'at')
if cur and tonumber(cur) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'at', ARGV[3], 'v', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;

/**
 * A session's pin or its removal: KEYS[1] is the session's pin hash (KEYS[2] unused). ARGV[3] =
 * at, ARGV[4] = '1' pinned / '0' unpinned, ARGV[5] = the pinned relay's shared key ('' for an
 * unpin). The latest `at` wins; at the same `at` an unpin beats a pin.
 */
export const SET_PIN = `
local cur = redis.call('HGET', KEYS[1], 'at')
if cur then
  local c = tonumber(cur)
  local t = tonumber(ARGV[3])
  if c > t then return 0 end
  if c == t and ARGV[4] == '1' and redis.call('HGET', KEYS[1], 'pinned') == '0' then return 0 end
end
redis.call('HSET', KEYS[1], 'at', ARGV[3], 'pinned', ARGV[4], 'key', ARGV[5])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;
