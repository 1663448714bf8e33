-- The floor: GET /floor/{sessionId} on FloorServer (one Jedis GET of the session's JSON), rotating over the takers.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")

function init(args)
  reqs = {}
  for _, t in ipairs(my_takers()) do
    reqs[#reqs + 1] = wrk.format("GET", "/floor/" .. t.s, t.h)
  end
  n = 0
end

function request()
  n = n % #reqs + 1
  return reqs[n]
end
