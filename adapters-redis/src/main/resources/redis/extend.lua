-- KEYS[1] session key; ARGV[1] TTL in ms. Sets the TTL of a copy that is not a marker nor finished; returns
-- 1 when it did, 0 otherwise.
if stored == false then
  return 0
end
if doc ~= nil and (doc.{{STALE}} == true
    or (type(doc.status) == 'string' and doc.status ~= 'IN_PROGRESS')) then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[1])
