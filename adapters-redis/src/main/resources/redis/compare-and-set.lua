-- KEYS[1] session key; ARGV[1] the version read, ARGV[2] the new JSON. Returns 1 when written (TTL
-- kept), 0 when the key is gone (nothing written), -1 when it now holds something else.
if stored == false then
  return 0
end
-- decoded in full, not read from the tail: only a readable document is written over (not on the answer path)
local doc = document()
if doc ~= nil and doc.{{STALE}} ~= true and doc.version == tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return -1
