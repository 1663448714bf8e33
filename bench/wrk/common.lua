-- Shared by the wrk scripts: the takers (BENCH_TAKERS, written by TakerSetup), split between wrk's threads so
-- that each thread rotates over its own takers, and a done() that prints one machine-readable line.
takers = dofile(os.getenv("BENCH_TAKERS"))
nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")

local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

-- this thread's takers, with their Authorization header
function my_takers()
  local mine = {}
  for i, t in ipairs(takers) do
    if (i - 1) % nthreads == tid then
      mine[#mine + 1] = { s = t.s, q = t.q,
        h = { ["Authorization"] = "Bearer " .. t.t, ["Content-Type"] = "application/json" } }
    end
  end
  return mine
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d status_errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
