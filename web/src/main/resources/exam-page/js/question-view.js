// The question and the navigator as the page draws them from the exam's state (no state of their own).
import { $, h } from './dom.js';

/** The options as a radio group; practice mode marks the right and the wrong choice once saved. */
export function renderOptions(exam, q, choice, locked) {
  const box = $('options');
  const focusedKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  box.replaceChildren();
  const reveal = exam.state.mode === 'practice' && q.correctChoice && choice != null && exam.saved.answers[q.questionId] === choice;
  q.options.forEach((o, i) => {
    const checked = o.key === choice;
    let cls = 'option';
    if (reveal && o.key === q.correctChoice) cls += ' correct';
    else if (reveal && checked) cls += ' wrong';
    const btn = h('button', {
      type: 'button', class: cls, role: 'radio', 'aria-checked': String(checked), 'data-key': o.key,
      tabindex: checked || (choice == null && i === 0) ? '0' : '-1', disabled: locked,
      onclick: () => exam.choose(o.key),
    }, h('span', { class: 'key', 'aria-hidden': 'true' }, o.key), h('span', {}, o.text));
    box.append(btn);
  });
  if (focusedKey) { const again = box.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`); if (again) again.focus(); }
}

/** Practice mode: correct or not, and the explanation, for the saved answer. */
export function renderFeedback(exam, q, choice) {
  const box = $('feedback');
  const saved = choice != null && exam.saved.answers[q.questionId] === choice;
  if (exam.state.mode !== 'practice' || !saved || !q.correctChoice) {
    box.hidden = true;
    return;
  }
  const right = choice === q.correctChoice;
  box.className = `feedback ${right ? 'correct' : 'wrong'}`;
  box.replaceChildren(h('strong', {}, right ? 'Correct.' : `Not quite: the answer is ${q.correctChoice}.`),
    q.explanation ? h('p', {}, q.explanation) : null);
  box.hidden = false;
}

/** One button per position. */
export function buildNavigator(exam) {
  const list = $('navigator');
  list.replaceChildren();
  for (let p = 1; p <= exam.count; p++) {
    list.append(h('li', {}, h('button', { type: 'button', 'data-position': p, onclick: () => exam.goTo(p) }, p)));
  }
}

/** Answered, flagged, locked and current on every position, with a spoken label. */
export function renderNavigator(exam) {
  let answered = 0;
  for (const btn of $('navigator').querySelectorAll('button')) {
    const p = Number(btn.dataset.position);
    const q = exam.questions[p - 1];
    const isAnswered = q && exam.answers[q.questionId] != null;
    const isFlagged = q && exam.flags.has(q.questionId);
    const isLocked = exam.isLocked(p);
    if (isAnswered) answered++;
    btn.className = [isAnswered && 'answered', isFlagged && 'flagged', isLocked && 'locked'].filter(Boolean).join(' ');
    if (p === exam.pos) btn.setAttribute('aria-current', 'step'); else btn.removeAttribute('aria-current');
    btn.setAttribute('aria-label', `Question ${p}: ${[isAnswered ? 'answered' : 'not answered',
      isFlagged && 'flagged', isLocked && 'locked'].filter(Boolean).join(', ')}`);
  }
  $('answered-count').textContent = `${answered} of ${exam.count} answered`;
}
