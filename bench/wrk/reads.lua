-- GET /api/exams/{sessionId}/pause/status, rotating over the takers (requests prebuilt once per thread).
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")

function init(args)
  reqs = {}
  for _, t in ipairs(my_takers()) do
    reqs[#reqs + 1] = wrk.format("GET", "/api/exams/" .. t.s .. "/pause/status", t.h)
  end
  n = 0
end

function request()
  n = n % #reqs + 1
  return reqs[n]
end
