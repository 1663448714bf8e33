-- KEYS[1] session key; ARGV[1] TTL in ms. Sets the TTL of a copy that is not a marker nor finished; returns
-- 1 when it did, 0 otherwise.
if stored == false then
  return 0
end
if fromtail then
  if marker then
    return 0
  end
  -- a copy in progress ends with its status and a null result: no need to decode it
  local status = string.match(stored,
      ',"status":"([A-Z_]+)","result":null,"version":%d+,"schemaVersion":%d+}$', -160)
  if status ~= nil then
    if status ~= 'IN_PROGRESS' then
      return 0
    end
    return redis.call('PEXPIRE', KEYS[1], ARGV[1])
  end
end
local doc = document()
if doc ~= nil and (doc.{{STALE}} == true
    or (type(doc.status) == 'string' and doc.status ~= 'IN_PROGRESS')) then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[1])
