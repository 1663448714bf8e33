-- PUT /api/exams/{sessionId}/answers/{questionId}: every request a real change. Passes over all (taker, question)
-- pairs of this thread, takers in the inner loop (no two requests in a row on one session); the choice alternates
-- per pass between the two letters of BENCH_CHOICES. The takers start with "A" everywhere (set-up), so a measured
-- run uses "BA" (A->B, B->A, ...) and a warm-up "CD": whatever a warm-up left, the next run still changes it.
-- BENCH_ORDER=reverse walks each taker's questions from the last one: a second measured run on the same takers (the
-- LIVE_SESSIONS levels of bench/run) then changes answers the first run never touched.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local choices = os.getenv("BENCH_CHOICES") or "BA"
local reverse = os.getenv("BENCH_ORDER") == "reverse"

function init(args)
  mine = my_takers()
  ti, qi, pass = 1, 1, 0
  bodies = {}
  for p = 0, 1 do
    bodies[p] = '{"choice":"' .. choices:sub(p + 1, p + 1) .. '"}'
  end
end

function request()
  local t = mine[ti]
  local q = reverse and t.q[#t.q + 1 - qi] or t.q[qi]
  local req = wrk.format("PUT", "/api/exams/" .. t.s .. "/answers/" .. q, t.h, bodies[pass % 2])
  ti = ti + 1
  if ti > #mine then
    ti = 1
    qi = qi + 1
    if qi > #t.q then
      qi = 1
      pass = pass + 1
    end
  end
  return req
end
