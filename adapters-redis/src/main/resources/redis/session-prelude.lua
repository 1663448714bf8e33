-- Shared prelude of the session scripts (KEYS[1] is the session key). It defines
--   stored  the raw GET reply (false when the key is absent, an error table when it is not a string),
--   doc     the decoded JSON object, nil when the value is absent or not a JSON object,
--   version the document's version, nil when absent or unreadable (no known schemaVersion),
--   marker  true when the document is a stale marker.
local stored = redis.pcall('GET', KEYS[1])
local doc = nil
if type(stored) == 'string' then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and type(decoded) == 'table' then
    doc = decoded
  end
end
local version, marker = nil, false
if doc ~= nil and type(doc.version) == 'number'
    and type(doc.schemaVersion) == 'number' and doc.schemaVersion >= 1
    and doc.schemaVersion <= {{SCHEMA_VERSION}} then
  version = doc.version
  marker = doc.{{STALE}} == true
end
