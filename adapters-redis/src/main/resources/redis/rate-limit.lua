-- KEYS[1] limiter key; ARGV[1] now (epoch ms), ARGV[2] window (ms), ARGV[3] limit, ARGV[4] a unique
-- member for this event, ARGV[5] now - window. Returns 0 when the event is allowed and recorded,
-- otherwise the milliseconds until it would be. The set's TTL is set in the same script as its write.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local window = tonumber(ARGV[2])
local wait = tonumber(oldest[2]) + window - tonumber(ARGV[1])
if wait < 1 then
  wait = 1
elseif wait > window then
  wait = window -- another instance's clock runs ahead of ours
end
return wait
