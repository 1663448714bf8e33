// Break rules as the page needs them, read defensively: `pausePolicy` is null in practice mode, and
// `consumed` may come as a map ({"60": true}) or as a list ([60]).

/** The used checkpoints as a Set of numbers. */
export function consumedSet(consumed) {
  if (Array.isArray(consumed)) return new Set(consumed.map(Number));
  if (consumed && typeof consumed === 'object') {
    return new Set(Object.entries(consumed).filter(([, used]) => used).map(([c]) => Number(c)));
  }
  return new Set();
}

/** Checkpoints whose break may start now: in the policy, reached (enough answers), not yet used. */
export function available(state, answeredCount) {
  const policy = state && state.pausePolicy;
  if (!policy || !Array.isArray(policy.checkpoints) || state.mode !== 'exam') return [];
  const used = consumedSet(state.pauses && state.pauses.consumed);
  return policy.checkpoints.map(Number).filter((c) => !used.has(c) && answeredCount >= c).sort((a, b) => a - b);
}

/** The break's length in whole minutes, for the offer's text. */
export function minutes(state) {
  const ms = state && state.pausePolicy && state.pausePolicy.durationMs;
  return typeof ms === 'number' ? Math.round(ms / 60000) : null;
}

/** True while a break runs, as the state says and the server's clock confirms. */
export function isPaused(state, now) {
  const p = state && state.pauses;
  return !!(p && p.paused && typeof p.pauseUntil === 'number' && p.pauseUntil > now);
}

/** Checkpoints the person chose to skip for now (kept for this tab, so the offer does not nag). */
export function dismissed(sid) {
  try { return new Set(JSON.parse(sessionStorage.getItem(`exam-page:skip:${sid}`) || '[]')); } catch { return new Set(); }
}

export function dismiss(sid, checkpoint) {
  const set = dismissed(sid);
  set.add(checkpoint);
  try { sessionStorage.setItem(`exam-page:skip:${sid}`, JSON.stringify([...set])); } catch { /* not kept */ }
}
