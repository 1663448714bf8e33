-- Shared prelude of the session scripts (KEYS[1] is the session key). It defines
--   stored     the raw GET reply (false when the key is absent, an error table when it is not a string),
--   version    the value's version, nil when absent or unreadable (no known schemaVersion),
--   marker     true when the value is a stale marker,
--   fromtail   true when version and marker were read from the value's start and end, without decoding it,
--   document() the decoded JSON object, nil when the value is absent or not a JSON object (decoded once).
--
-- Why from the tail: cjson.decode of a 2.7 KB session took 40-150 us of Redis's one thread per call (issue
-- 10); matching the value's start and end takes about 1 us. The codec writes a session as
-- {"sessionId":"...", ... ,"version":N,"schemaVersion":S} and a marker as
-- {"sessionId":"...","version":N,"stale":true,"schemaVersion":S}, as every earlier jar did (ARCHITECTURE.md
-- "Data formats"). Only that form, N and S plain integers and S a known schemaVersion, is read from the tail;
-- any other value is decoded in full, exactly as before.
-- Why an unreadable value still counts as missing: a value cut short, or with other text before or after the
-- document, no longer starts and ends that way, so it is decoded in full and found unreadable, as before. Only
-- a value that still starts and ends that way but is damaged in between (no writer of the service makes one:
-- a hand edit, two documents appended) is taken at the version of its end: put-if-newer and invalidate may
-- then refuse a lower version over it where they wrote before, never the reverse, so a copy is still only ever
-- replaced by a higher version. compare-and-set, which must never write over an unreadable value, decodes in
-- full.
local stored = redis.pcall('GET', KEYS[1])
local version, marker, fromtail = nil, false, false

-- plain decimal integers as the codec writes them: no sign, no leading zero, no fraction or exponent
local function plain(digits)
  return digits ~= nil and (#digits == 1 or string.byte(digits) ~= 48)
end

if type(stored) == 'string' and string.find(stored, '^{"sessionId":"') then
  -- a negative start: only the last 128 bytes are searched
  local v, schema = string.match(stored, ',"version":(%d+),"schemaVersion":(%d+)}$', -128)
  local stale = false
  if v == nil then
    v, schema = string.match(stored, ',"version":(%d+),"{{STALE}}":true,"schemaVersion":(%d+)}$', -128)
    stale = true
  end
  if plain(v) and plain(schema) and tonumber(schema) >= 1 and tonumber(schema) <= {{SCHEMA_VERSION}} then
    version = tonumber(v)
    marker = stale
    fromtail = true
  end
end

local decoded, decodedValue = false, nil
local function document()
  if not decoded then
    decoded = true
    if type(stored) == 'string' then
      local ok, value = pcall(cjson.decode, stored)
      if ok and type(value) == 'table' then
        decodedValue = value
      end
    end
  end
  return decodedValue
end

if not fromtail then
  local doc = document()
  if doc ~= nil and type(doc.version) == 'number'
      and type(doc.schemaVersion) == 'number' and doc.schemaVersion >= 1
      and doc.schemaVersion <= {{SCHEMA_VERSION}} then
    version = doc.version
    marker = doc.{{STALE}} == true
  end
end
