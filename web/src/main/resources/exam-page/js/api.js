// The only module that talks HTTP. Same origin, so the HttpOnly `sessionToken` cookie goes along by itself;
// every change sends `Content-Type: application/json` (also without a body): the service's CSRF rule.
import * as clock from './clock.js';

const TIMEOUT_MS = 15000;

/** A problem answer (RFC 9457): `status`, stable `code`, and the body's extra fields in `problem`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : {};
    this.code = this.problem.code || `HTTP_${status}`;
  }
}

/** No answer at all (offline, connection refused, service restarting, timeout). */
export class NetworkError extends Error {}

/** Worth retrying unchanged: nothing was changed by the service (network, 5xx, 429, 408). */
export function isRetryable(e) {
  return e instanceof NetworkError || (e instanceof ApiError && (e.status >= 500 || e.status === 429 || e.status === 408));
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (body !== undefined) init.body = JSON.stringify(body);
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  init.signal = abort.signal;
  const started = performance.now();
  let res;
  let text;
  try {
    res = await fetch(path, init);
    text = await res.text();
  } catch (e) {
    throw new NetworkError(`${method} ${path}: no answer (${e.name})`);
  } finally {
    clearTimeout(timer);
  }
  const rtt = performance.now() - started;
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (data && typeof data.serverTime === 'number') clock.sync(data.serverTime, rtt);
  else clock.syncFromDateHeader(res.headers.get('Date'), rtt);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

const exam = (sid) => `/api/exams/${encodeURIComponent(sid)}`;

export const api = {
  signIn: (userId) => request('POST', '/dev/sign-in', { userId }),
  types: () => request('GET', '/api/exams/types'),
  active: () => request('GET', '/api/exams/active'),
  // `next` is a finishedAt number today and may become an opaque cursor string: pass back what came.
  history: (next) => request('GET', '/api/exams/history?limit=10' + (next == null ? ''
      : typeof next === 'number' ? `&before=${next}` : `&cursor=${encodeURIComponent(next)}`)),
  select: (examType, mode) => request('POST', '/api/exams/select', { examType, mode }),
  state: (sid) => request('GET', exam(sid)),
  questions: (sid, from, to) => request('GET', `${exam(sid)}/questions?from=${from}&to=${to}`),
  answer: (sid, questionId, choice) => request('PUT', `${exam(sid)}/answers/${questionId}`, { choice }),
  flag: (sid, questionId, flagged) => request('PUT', `${exam(sid)}/flags/${questionId}`, { flagged }),
  pauseStart: (sid, checkpoint) => request('POST', `${exam(sid)}/pause/start`, { checkpoint }),
  pauseEnd: (sid) => request('POST', `${exam(sid)}/pause/end`),
  submit: (sid) => request('POST', `${exam(sid)}/submit`),
  review: (sid) => request('GET', `${exam(sid)}/review`),
};
