/**
 * Lua scripts of the Redis queue store. Each runs atomically in Redis, which is
 * what makes "one live offer per request and per psychiatrist" hold across
 * server instances. ARGV[1] is always the key prefix.
 */

/** Connected = some instance's connection stamp is still in the future. */
const LAST_SEEN = `
local function last_seen(P, u)
  local best = 0
  for _, v in ipairs(redis.call('HVALS', P .. 'conn:' .. u)) do
    local n = tonumber(v)
    if n > best then best = n end
  end
  return best
end
`;

/**
 * Per-program indexes a dispatch round reads whole instead of visiting every
 * psychiatrist: avail:<p> (userId -> "profileVersion|idleSinceMs|since" for
 * each available one), seen:<p> (userId -> latest connection stamp) and
 * holders:<p> (psychiatrists holding a live offer). Every script that changes
 * a worker or a connection stamp refreshes them.
 */
const INDEXES = `${LAST_SEEN}
local function refresh_avail(P, u)
  local h = redis.call('HMGET', P .. 'w:' .. u, 'program', 'availability', 'pv', 'idleSinceMs', 'since')
  if not h[1] then return end
  if h[2] == 'available' then
    redis.call('HSET', P .. 'avail:' .. h[1], u, (h[3] or '') .. '|' .. (h[4] or '0') .. '|' .. (h[5] or '0'))
  else
    redis.call('HDEL', P .. 'avail:' .. h[1], u)
  end
end
local function refresh_seen(P, u)
  local p = redis.call('HGET', P .. 'w:' .. u, 'program')
  if p then redis.call('HSET', P .. 'seen:' .. p, u, tostring(last_seen(P, u))) end
end
`;

/** The line in order as {entryJson, excluded}, optionally only requests without a live offer; and the live offers. */
const LINE = `
local function line_entries(P, p, unoffered_only)
  local entries = {}
  for _, id in ipairs(redis.call('ZRANGE', P .. 'line:' .. p, 0, -1)) do
    if not unoffered_only or redis.call('EXISTS', P .. 'offer:c:' .. id) == 0 then
      local e = redis.call('GET', P .. 'entry:' .. id)
      if e then entries[#entries + 1] = { e, redis.call('SMEMBERS', P .. 'excl:' .. id) } end
    end
  end
  return entries
end
local function live_offers(P, p)
  local offers = {}
  for _, c in ipairs(redis.call('SMEMBERS', P .. 'offers:' .. p)) do
    local o = redis.call('GET', P .. 'offer:c:' .. c)
    if o then offers[#offers + 1] = o end
  end
  return offers
end
`;

/** ARGV: prefix, programId. Returns {entries, workers, offers}. */
export const SNAPSHOT = `${LAST_SEEN}${LINE}
local P, p = ARGV[1], ARGV[2]
local workers = {}
for _, u in ipairs(redis.call('SMEMBERS', P .. 'workers:' .. p)) do
  local h = redis.call('HMGET', P .. 'w:' .. u, 'profile', 'availability', 'idleSinceMs', 'since')
  if h[1] then workers[#workers + 1] = { h[1], h[2], h[3], tostring(last_seen(P, u)), h[4] or '0' } end
end
return { line_entries(P, p, false), workers, live_offers(P, p) }
`;

/** ARGV: prefix, programId. Returns {entries, offers}. */
export const LINE_VIEW = `${LINE}
local P, p = ARGV[1], ARGV[2]
return { line_entries(P, p, false), live_offers(P, p) }
`;

/** ARGV: prefix, programId, nowMs. Returns {available, onDuty}: every psychiatrist is read, no profile sent. */
export const DUTY_COUNTS = `${LAST_SEEN}
local P, p, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local available, duty = 0, 0
for _, u in ipairs(redis.call('SMEMBERS', P .. 'workers:' .. p)) do
  local a = redis.call('HGET', P .. 'w:' .. u, 'availability')
  if (a == 'available' or a == 'busy') and last_seen(P, u) > now then
    duty = duty + 1
    if a == 'available' then available = available + 1 end
  end
end
return { available, duty }
`;

/**
 * ARGV: prefix, programId, nowMs. Entries without a live offer; workers
 * available, connected and holding none (none when no entry waits), as
 * {userId, "profileVersion|idleSinceMs|since"}: read from the indexes in three
 * commands, whatever the number of psychiatrists; the caller keeps profiles by
 * version, so a round does not carry them.
 */
export const DISPATCH_VIEW = `${LINE}
local P, p, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local entries = line_entries(P, p, true)
-- Most rounds (after an accept, a completion) find nobody waiting: then no worker is read.
if #entries == 0 then return { entries, {}, {} } end
local seen = {}
local s = redis.call('HGETALL', P .. 'seen:' .. p)
for i = 1, #s, 2 do seen[s[i]] = tonumber(s[i + 1]) end
local holding = {}
for _, u in ipairs(redis.call('SMEMBERS', P .. 'holders:' .. p)) do holding[u] = true end
local workers = {}
local a = redis.call('HGETALL', P .. 'avail:' .. p)
for i = 1, #a, 2 do
  local u = a[i]
  if (seen[u] or 0) > now and not holding[u] then workers[#workers + 1] = { u, a[i + 1] } end
end
return { entries, workers, {} }
`;

/** ARGV: prefix, programId, consultId, workerId, offerJson, nowMs. */
export const RESERVE = `${LAST_SEEN}
local P, p, c, w, offer, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
if redis.call('EXISTS', P .. 'entry:' .. c) == 0 then return 'gone' end
if redis.call('EXISTS', P .. 'offer:c:' .. c) == 1 then return 'consult_busy' end
if redis.call('EXISTS', P .. 'offer:w:' .. w) == 1 then return 'worker_busy' end
if redis.call('HGET', P .. 'w:' .. w, 'availability') ~= 'available' then return 'worker_unavailable' end
if last_seen(P, w) <= now then return 'worker_disconnected' end
if redis.call('SISMEMBER', P .. 'excl:' .. c, w) == 1 then return 'excluded' end
redis.call('SET', P .. 'offer:c:' .. c, offer)
redis.call('SET', P .. 'offer:w:' .. w, c)
redis.call('SADD', P .. 'offers:' .. p, c)
redis.call('SADD', P .. 'holders:' .. p, w)
return 'ok'
`;

/** ARGV: prefix, consultId, offerId or ''. Returns the released offer JSON or nil. */
export const RELEASE = `
local P, c, id = ARGV[1], ARGV[2], ARGV[3]
local o = redis.call('GET', P .. 'offer:c:' .. c)
if not o then return false end
local d = cjson.decode(o)
if id ~= '' and d.offerId ~= id then return false end
redis.call('DEL', P .. 'offer:c:' .. c)
if redis.call('GET', P .. 'offer:w:' .. d.workerId) == c then
  redis.call('DEL', P .. 'offer:w:' .. d.workerId)
  redis.call('SREM', P .. 'holders:' .. d.programId, d.workerId)
end
redis.call('SREM', P .. 'offers:' .. d.programId, c)
return o
`;

/** ARGV: prefix, programId, consultId, score, entryJson, excluded... Replaces the entry and its exclusions. */
export const UPSERT_ENTRY = `
local P, p, c, score, e = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
redis.call('SET', P .. 'entry:' .. c, e)
redis.call('ZADD', P .. 'line:' .. p, score, c)
redis.call('SADD', P .. 'programs', p)
redis.call('DEL', P .. 'excl:' .. c)
for i = 6, #ARGV do redis.call('SADD', P .. 'excl:' .. c, ARGV[i]) end
return 1
`;

/**
 * ARGV: prefix, userId, availability, sinceMs, idleSinceMs or ''. Only touches a
 * worker the store knows, and never with a change older than the one it holds.
 */
export const SET_AVAILABILITY = `${INDEXES}
local P, u, a, since, idle = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local k = P .. 'w:' .. u
if redis.call('EXISTS', k) == 0 then return 0 end
if (tonumber(redis.call('HGET', k, 'since')) or 0) > since then return 0 end
redis.call('HSET', k, 'availability', a, 'since', ARGV[4])
if idle ~= '' then redis.call('HSET', k, 'idleSinceMs', idle) end
refresh_avail(P, u)
return 1
`;

/** ARGV: prefix, userId, programId, profileJson, availability, sinceMs, idleSinceMs, profileVersion. Availability only if not older. */
export const PUT_WORKER = `${INDEXES}
local P, u, p, profile, a, since, idle = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
local k = P .. 'w:' .. u
redis.call('HSET', k, 'profile', profile, 'pv', ARGV[8], 'program', p)
if (tonumber(redis.call('HGET', k, 'since')) or -1) <= since then
  redis.call('HSET', k, 'availability', a, 'since', ARGV[6], 'idleSinceMs', idle)
end
redis.call('SADD', P .. 'workers:' .. p, u)
redis.call('SADD', P .. 'programs', p)
refresh_avail(P, u)
refresh_seen(P, u)
return 1
`;

/** ARGV: prefix, instanceId, stampMs, userId... This instance's connection stamp for each user. */
export const STAMP_CONNECTIONS = `${INDEXES}
local P, i, stamp = ARGV[1], ARGV[2], ARGV[3]
for j = 4, #ARGV do
  redis.call('HSET', P .. 'conn:' .. ARGV[j], i, stamp)
  refresh_seen(P, ARGV[j])
end
return 1
`;
