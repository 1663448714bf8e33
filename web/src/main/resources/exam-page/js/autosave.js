// Autosave: every choice, clear and flag goes into a queue that is sent one request at a time and retried until
// the service acknowledges it. The PUTs are idempotent (same answer again = 200, no change), so a retry after a
// lost response is harmless. Only the newest wish per question is kept, and the queue is mirrored in
// sessionStorage so even a reload while offline sends what was not yet acknowledged.
import { api, ApiError, isRetryable } from './api.js';

const BACKOFF_MS = [500, 1000, 2000, 3000, 5000];

export class Autosave {
  /**
   * `handlers`: onStatus(state, pendingCount) with state 'saved' | 'saving' | 'offline' | 'held';
   * onSaved(item, response); onRefused(item, apiError) for a refusal that retrying cannot fix
   * (the item is dropped); onHold(apiError) for EXAM_PAUSED, TIME_EXPIRED, EXAM_FINISHED, 401: sending stops
   * until resume().
   */
  constructor(sid, handlers) {
    this.sid = sid;
    this.h = handlers;
    this.key = `exam-page:pending:${sid}`;
    this.pending = new Map(); // "answer:17" -> { kind, questionId, value }
    this.running = false;
    this.held = false;
    this.stopped = false;
    this.waiters = [];
    this.wake = null;
    for (const item of this.load()) this.pending.set(`${item.kind}:${item.questionId}`, item);
    this.onOnline = () => this.wake && this.wake();
    window.addEventListener('online', this.onOnline);
  }

  /** The values not yet acknowledged, to show on top of the server's state. */
  pendingItems() { return [...this.pending.values()]; }

  answer(questionId, choice) { this.put({ kind: 'answer', questionId, value: choice }); }

  flag(questionId, flagged) { this.put({ kind: 'flag', questionId, value: flagged }); }

  put(item) {
    this.pending.set(`${item.kind}:${item.questionId}`, item);
    this.store();
    this.kick();
  }

  /** Sends again after a hold (break over, signed in again). */
  resume() {
    this.held = false;
    this.kick();
  }

  /** Resolves once everything is acknowledged (rejects if sending is held). */
  flush() {
    if (this.pending.size === 0) return Promise.resolve();
    this.kick();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    if (this.wake) this.wake();
  }

  async kick() {
    if (this.running || this.held || this.stopped) return;
    this.running = true;
    let failures = 0;
    try {
      while (this.pending.size > 0 && !this.held && !this.stopped) {
        const [key, item] = this.pending.entries().next().value;
        this.h.onStatus(failures > 0 ? 'offline' : 'saving', this.pending.size);
        try {
          const res = item.kind === 'answer'
            ? await api.answer(this.sid, item.questionId, item.value)
            : await api.flag(this.sid, item.questionId, item.value);
          failures = 0;
          // A newer wish for the same question may have arrived meanwhile: it stays queued.
          if (this.pending.get(key) === item) this.pending.delete(key);
          this.store();
          this.h.onSaved(item, res);
        } catch (e) {
          if (isRetryable(e)) {
            failures++;
            this.h.onStatus('offline', this.pending.size);
            await this.sleep(BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)]);
          } else if (e instanceof ApiError && ['EXAM_PAUSED', 'TIME_EXPIRED', 'EXAM_FINISHED', 'UNAUTHENTICATED'].includes(e.code)) {
            this.held = true;
            this.h.onStatus('held', this.pending.size);
            this.rejectWaiters(e);
            this.h.onHold(e);
          } else {
            if (this.pending.get(key) === item) this.pending.delete(key);
            this.store();
            this.h.onRefused(item, e);
          }
        }
      }
    } finally {
      this.running = false;
    }
    if (this.pending.size === 0) {
      this.h.onStatus('saved', 0);
      this.waiters.splice(0).forEach((w) => w.resolve());
    }
  }

  rejectWaiters(e) { this.waiters.splice(0).forEach((w) => w.reject(e)); }

  sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() { clearTimeout(t); resolve(); }
      this.wake = done;
    });
  }

  load() {
    try { return JSON.parse(sessionStorage.getItem(this.key) || '[]'); } catch { return []; }
  }

  store() {
    try {
      if (this.pending.size === 0) sessionStorage.removeItem(this.key);
      else sessionStorage.setItem(this.key, JSON.stringify([...this.pending.values()]));
    } catch { /* storage full or disabled: the in-memory queue still retries */ }
  }
}
