// Server time without trusting the client's wall clock: every response that carries `serverTime` gives the
// server's "now"; between responses the monotonic performance.now() measures the time that passed. A wrong or
// changed system clock on the device therefore never moves the countdown.
let base = null; // { server: ms since epoch (server), at: performance.now() when it was true }

/** Records the server's time from a response; `rttMs` is the request's round trip (half of it is added). */
export function sync(serverTime, rttMs = 0) {
  if (typeof serverTime !== 'number' || !Number.isFinite(serverTime)) return;
  base = { server: serverTime + rttMs / 2, at: performance.now() };
}

/** The `Date` header (second precision) is used only until a response with `serverTime` arrives. */
export function syncFromDateHeader(date, rttMs = 0) {
  if (base || !date) return;
  const ms = Date.parse(date);
  if (Number.isFinite(ms)) base = { server: ms + 500 + rttMs / 2, at: performance.now() };
}

/** The server's current time, as well as this page knows it. */
export function serverNow() {
  return base ? base.server + (performance.now() - base.at) : Date.now();
}

/** Milliseconds left until `deadline`, frozen while a break runs until `pauseUntil` (API.md timer rule). */
export function remainingMs(deadline, pauseUntil = null) {
  if (typeof deadline !== 'number') return null;
  const now = serverNow();
  const from = typeof pauseUntil === 'number' && pauseUntil > now ? pauseUntil : now;
  return Math.max(0, deadline - from);
}

/** 1:05:09 or 4:07. */
export function formatDuration(ms) {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return (h > 0 ? `${h}:` : '') + `${mm}:${String(s).padStart(2, '0')}`;
}
