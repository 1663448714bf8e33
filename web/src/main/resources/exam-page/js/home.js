// The start screen: exam types to start (exam or practice), open attempts to resume, and the history.
import { api } from './api.js';
import * as clock from './clock.js';
import { $, h, showScreen, dateTime } from './dom.js';

let historyNext = null;

/** Loads and shows the start screen; `nav.title(examType)` names an exam type. */
export async function showHome(nav) {
  const [types, active, history] = await Promise.all([api.types(), api.active(), api.history()]);
  nav.setTypes(types);
  renderTypes(types);
  renderActive(active, nav);
  $('history').querySelector('tbody').replaceChildren();
  appendHistory(history, nav);
  showScreen('screen-home');
}

function describe(t) {
  const parts = [`${t.questionCount} questions`, `${t.durationMinutes} minutes`];
  const p = t.pausePolicy;
  if (p && Array.isArray(p.checkpoints) && p.checkpoints.length > 0) {
    const n = p.checkpoints.length;
    const min = Math.round(p.durationMs / 60000);
    const count = ['a', 'two', 'three'][n - 1] || String(n);
    parts.push(n === 1 ? `a ${min}-minute break after question ${p.checkpoints[0]}`
      : `${count} ${min}-minute breaks, after questions ${p.checkpoints.slice(0, -1).join(', ')} and ${p.checkpoints[n - 1]}`);
  }
  return parts.join(' · ');
}

function renderTypes(types) {
  $('types').replaceChildren(...types.map((t) => h('div', { class: 'card', 'data-exam-type': t.examType },
    h('h2', {}, t.title || t.examType),
    h('p', { class: 'muted' }, describe(t)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', 'data-mode': 'exam', onclick: () => start(t.examType, 'exam') }, 'Start exam'),
      h('button', { type: 'button', 'data-mode': 'practice', onclick: () => start(t.examType, 'practice') }, 'Practice')))));
}

async function start(examType, mode) {
  // Starting an exam this user already has open resumes it (200, "resumed": true), on the same session.
  const state = await api.select(examType, mode);
  location.hash = `#/exam/${encodeURIComponent(state.sessionId)}`;
}

function renderActive(active, nav) {
  $('active-empty').hidden = active.length > 0;
  $('active').replaceChildren(...active.map((a) => {
    const left = typeof a.deadline === 'number' ? `${clock.formatDuration(clock.remainingMs(a.deadline))} left` : 'untimed';
    return h('li', { 'data-session': a.sessionId },
      h('span', { class: 'grow' }, h('strong', {}, nav.title(a.examType)), a.mode === 'practice' ? ' (practice)' : ''),
      h('span', { class: 'muted' }, `${a.answeredCount} answered · ${left}`),
      h('a', { class: 'button primary', href: `#/exam/${encodeURIComponent(a.sessionId)}` }, 'Resume'));
  }));
}

function appendHistory(page, nav) {
  const items = (page && page.items) || [];
  const body = $('history').querySelector('tbody');
  body.append(...items.map((r) => h('tr', { 'data-session': r.sessionId },
    h('td', {}, dateTime(r.finishedAt)),
    h('td', {}, nav.title(r.examType), r.mode === 'practice' ? ' (practice)' : ''),
    h('td', {}, r.status === 'TIMED_OUT' ? 'time ran out' : r.status === 'ABANDONED' ? 'abandoned' : 'submitted'),
    h('td', {}, typeof r.scorePercent === 'number' ? `${r.scorePercent}% (${r.correct}/${r.total})` : '–'),
    h('td', {}, h('a', { href: `#/result/${encodeURIComponent(r.sessionId)}` }, 'Result')))));
  $('history').hidden = body.children.length === 0;
  $('history-empty').hidden = body.children.length > 0;
  historyNext = page ? page.next : null;
  const more = $('history-more');
  more.hidden = historyNext == null;
  more.onclick = async () => appendHistory(await api.history(historyNext), nav);
}
