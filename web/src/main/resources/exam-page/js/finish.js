// Finishing: the submit dialog (unanswered and flagged summary), the result with the per-domain score, and the
// review with correct answers and explanations.
import { api, ApiError } from './api.js';
import { $, h, showScreen, ranges, dateTime } from './dom.js';

/** Asks before submitting; `exam` is the open ExamController. */
export function openSubmitDialog(exam) {
  const dialog = $('submit-dialog');
  const ids = (exam.state.questionIds || []).map(Number);
  const unanswered = [];
  const flagged = [];
  ids.forEach((id, i) => {
    if (exam.answers[id] == null) unanswered.push(i + 1);
    if (exam.flags.has(id)) flagged.push(i + 1);
  });
  $('submit-summary').textContent = `You answered ${ids.length - unanswered.length} of ${ids.length} questions.`;
  const chips = (label, positions) => positions.length === 0 ? null : h('div', {},
    h('p', {}, `${label} (${positions.length}): ${ranges(positions)}`),
    h('div', { class: 'chips' }, positions.slice(0, 40).map((p) => h('a', {
      href: '#', 'aria-label': `Go to question ${p}`,
      onclick: (e) => { e.preventDefault(); dialog.close(); exam.goTo(p); },
    }, p))));
  $('submit-unanswered').replaceChildren(chips('Unanswered', unanswered) || '');
  $('submit-flagged').replaceChildren(chips('Flagged for review', flagged) || '');
  $('submit-wait').hidden = true;
  $('btn-submit-confirm').disabled = false;
  $('btn-submit-confirm').onclick = (e) => { e.preventDefault(); submit(exam); };
  $('btn-submit-cancel').onclick = (e) => { e.preventDefault(); dialog.close(); };
  dialog.showModal();
}

async function submit(exam) {
  const wait = $('submit-wait');
  $('btn-submit-confirm').disabled = true;
  wait.hidden = false;
  wait.textContent = 'Saving your last answers…';
  try {
    await exam.saver.flush(); // never submit while an answer the person gave is still unsaved
    if (!$('submit-dialog').open) return; // the person went back to the exam while the answers were saving
    wait.textContent = 'Submitting…';
    await api.submit(exam.sid);
  } catch (e) {
    $('btn-submit-confirm').disabled = false;
    wait.textContent = `Not submitted: ${e.message}`;
    if (e instanceof ApiError && e.code === 'EXAM_FINISHED') $('submit-dialog').close();
    else return;
  }
  $('submit-dialog').close();
  exam.close();
  exam.nav.toResult(exam.sid);
}

const STATUS_TEXT = {
  SUBMITTED: 'Submitted', TIMED_OUT: 'Time ran out: scored with the answers saved before the deadline',
  ABANDONED: 'Abandoned',
};

export async function showResult(sid, nav) {
  const state = await api.state(sid);
  if (state.status === 'IN_PROGRESS') {
    location.hash = `#/exam/${encodeURIComponent(sid)}`;
    return;
  }
  const r = state.result || {};
  $('result-title').textContent = `${nav.title(state.examType)}${state.mode === 'practice' ? ' (practice)' : ''}: result`;
  $('result-status').textContent = `${STATUS_TEXT[state.status] || state.status}${r.finishedAt ? ` · ${dateTime(r.finishedAt)}` : ''}`;
  $('result-score').textContent = typeof r.scorePercent === 'number' ? `${r.scorePercent}%` : '–';
  $('result-count').textContent = typeof r.correct === 'number' ? `${r.correct} of ${r.total} correct` : '';
  const rows = Object.entries(r.byDomain || {}).sort(([a], [b]) => a.localeCompare(b)).map(([domain, s]) =>
    h('tr', {}, h('td', {}, domain), h('td', {}, `${s.correct} / ${s.total}`),
      h('td', {}, s.total ? `${Math.round((100 * s.correct) / s.total)}%` : '–')));
  $('result-domains').querySelector('tbody').replaceChildren(...rows);
  $('result-domains').hidden = rows.length === 0;
  $('btn-review').href = `#/review/${encodeURIComponent(sid)}`;
  showScreen('screen-result');
  $('result-title').focus();
}

export async function showReview(sid) {
  const items = await api.review(sid);
  $('review-back').href = `#/result/${encodeURIComponent(sid)}`;
  $('review-list').replaceChildren(...items.map((it) => h('li', { class: 'card', 'data-position': it.position },
    h('h2', {}, `Question ${it.position}`, it.domain ? h('span', { class: 'muted' }, ` · ${it.domain}`) : null),
    h('p', {}, it.text),
    h('ul', {}, (it.options || []).map((o) => {
      const mine = o.key === it.choice;
      const right = o.key === it.correctChoice;
      return h('li', { class: `opt${right ? ' correct' : mine ? ' wrong' : ''}` },
        `${o.key}. ${o.text}`, right ? ' — correct answer' : '', mine ? ' — your answer' : '');
    })),
    h('p', { class: `verdict ${it.correct ? 'correct' : 'wrong'}` },
      it.choice == null ? 'Not answered.' : it.correct ? 'Correct.' : 'Incorrect.'),
    it.explanation ? h('p', { class: 'explanation' }, it.explanation) : null)));
  showScreen('screen-review');
}


