-- KEYS[1] session key; ARGV[1] JSON, ARGV[2] its version, ARGV[3] TTL in ms, ARGV[4] '1' when ARGV[3]
-- is the TTL whatever was there (a finished copy). Writes over nothing, a lower version, a marker at or below
-- the version, or an unreadable value (which counts as missing). Returns 1 when written, else 0.
local incoming = tonumber(ARGV[2])
if version ~= nil then
  if marker then
    if incoming < version then
      return 0
    end
  elseif incoming <= version then
    return 0
  end
end
-- a replaced copy (or unreadable value) keeps its remaining TTL; a key without one (written by hand),
-- an absent key, a marker and a finished copy get ARGV[3]
if stored ~= false and not marker and ARGV[4] ~= '1' and redis.call('PTTL', KEYS[1]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
end
return 1
