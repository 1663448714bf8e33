-- KEYS[1] session key; ARGV[1] the marker JSON, ARGV[2] its version, ARGV[3] its TTL in ms. Returns 1 when
-- written, 0 when a copy or marker at that version or higher is already there.
if version ~= nil and version >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
