// The shared limiter's state lives in Redis and changes only inside these Lua scripts, so every
// process sees one bucket and no two admissions interleave. Time is Redis's own clock (TIME), not
// the callers': processes on machines with skewed clocks still share one rate.

/** Refills both buckets (level += elapsed × rate, capped at capacity); sets now, r, t. */
const refill = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local rpm, tpm = tonumber(ARGV[1]), tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'r', 't', 'at')
local elapsed = math.max(0, now - (tonumber(state[3]) or now))
local r = tonumber(state[1]) or rpm
local t = tonumber(state[2]) or tpm
if rpm > 0 then r = math.min(rpm, r + elapsed * rpm / 60000) end
if tpm > 0 then t = math.min(tpm, t + elapsed * tpm / 60000) end
`;

const save = `
redis.call('HSET', KEYS[1], 'r', tostring(r), 't', tostring(t), 'at', now)
redis.call('PEXPIRE', KEYS[1], 120000)
`;

/**
 * KEYS: bucket hash, concurrency holders (sorted set, score = expiry), pause key.
 * ARGV: rpm, tpm, request cost, token cost, max concurrency, holder id, holder ttl ms.
 * Returns 0 when admitted (costs taken, holder added), else the ms to wait before asking again
 * (-1: wait for a concurrency slot).
 */
export const acquireScript = `${refill}
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return paused end
local maxConcurrency = tonumber(ARGV[5])
if maxConcurrency > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= maxConcurrency then return -1 end
end
local requestCost, tokenCost = tonumber(ARGV[3]), tonumber(ARGV[4])
local wait = 0
if rpm > 0 and r < requestCost then wait = math.max(wait, math.ceil((requestCost - r) * 60000 / rpm)) end
if tpm > 0 and t < tokenCost then wait = math.max(wait, math.ceil((tokenCost - t) * 60000 / tpm)) end
if wait == 0 then
  if rpm > 0 then r = r - requestCost end
  if tpm > 0 then t = t - tokenCost end
  if maxConcurrency > 0 then redis.call('ZADD', KEYS[2], now + tonumber(ARGV[7]), ARGV[6]) end
end
${save}
return wait
`;

/**
 * KEYS: bucket hash, concurrency holders. ARGV: rpm, tpm, request refund, token refund, holder id.
 * Gives back (a negative token refund charges more: the call used more than estimated — the debt
 * delays later calls) and releases the holder's concurrency slot.
 */
export const settleScript = `${refill}
if rpm > 0 then r = math.min(rpm, r + tonumber(ARGV[3])) end
if tpm > 0 then t = math.min(tpm, t + tonumber(ARGV[4])) end
if ARGV[5] ~= '' then redis.call('ZREM', KEYS[2], ARGV[5]) end
${save}
return 0
`;
