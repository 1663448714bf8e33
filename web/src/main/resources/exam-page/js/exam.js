// Taking an exam: question, options, navigator, flag/clear, keyboard, countdown, breaks and time-up.
// The service is the authority for everything; the page only shows what it said plus the answers still
// being saved (see autosave.js).
import { api, ApiError } from './api.js';
import * as clock from './clock.js';
import * as breaks from './breaks.js';
import { Autosave } from './autosave.js';
import { $, showScreen, showAlert } from './dom.js';
import * as view from './question-view.js';
import * as keys from './keys.js';
import { openSubmitDialog } from './finish.js';

const PAGE_SIZE = 200; // the API's maximum per questions call
const LOW_TIME_MS = 5 * 60 * 1000;
const SAVE_TEXT = {
  saved: 'All answers saved', saving: 'Saving…', offline: 'Offline — retrying', held: 'Not saved yet',
};

let current = null;

/** Opens (or moves within) the exam `sid`; `nav` = { toResult(sid), toSignIn(), title(examType) }. */
export async function openExam(sid, position, nav) {
  if (current && current.sid === sid && !current.closed) {
    current.goTo(position || current.pos);
    return;
  }
  closeExam();
  current = new ExamController(sid, nav);
  await current.open(position);
}

export function closeExam() {
  if (current) current.close();
  current = null;
}

class ExamController {
  constructor(sid, nav) {
    this.sid = sid;
    this.nav = nav;
    this.questions = [];       // by position - 1
    this.saved = { answers: {}, flags: new Set() }; // what the service acknowledged
    this.answers = {};         // what the page shows (saved + pending)
    this.flags = new Set();
    this.pos = 1;
    this.pauseUntil = null;
    this.finishing = false;
    this.closed = false;
    this.listeners = [];
  }

  async open(position) {
    this.applyState(await api.state(this.sid));
    if (this.state.status !== 'IN_PROGRESS') {
      this.close();
      this.nav.toResult(this.sid);
      return;
    }
    this.saver = new Autosave(this.sid, {
      onStatus: (s, n) => this.showSaveStatus(s, n),
      onSaved: (item, res) => this.onSaved(item, res),
      onRefused: (item, e) => this.onRefused(item, e),
      onHold: (e) => this.onHold(e),
    });
    for (const item of this.saver.pendingItems()) this.applyWish(item);
    this.bindUi();
    this.timer = setInterval(() => this.tick(), 250);
    this.tick();
    $('exam-title').textContent = this.nav.title(this.state.examType) + (this.state.mode === 'practice' ? ' · practice' : '');
    const remembered = Number(sessionStorage.getItem(`exam-page:pos:${this.sid}`));
    this.pos = this.clampPos(position || remembered || 1);
    if (breaks.isPaused(this.state, clock.serverNow())) {
      this.enterBreak(this.state.pauses.pauseUntil);
      return;
    }
    try {
      await this.loadQuestions();
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'EXAM_PAUSED')) throw e;
      await this.refresh(); // a break started between reading the state and the questions
      this.enterBreak(e.problem.pauseUntil || this.state.pauses.pauseUntil);
      return;
    }
    this.showExam();
    this.saver.kick();
  }

  close() {
    this.closed = true;
    clearInterval(this.timer);
    clearInterval(this.breakTimer);
    if (this.saver) this.saver.stop();
    for (const [target, type, fn] of this.listeners) target.removeEventListener(type, fn);
    this.listeners = [];
  }

  // ---- state -----------------------------------------------------------------------------------

  applyState(state) {
    this.state = state;
    this.saved.answers = { ...(state.answers || {}) };
    this.saved.flags = new Set((state.flagged || []).map(Number));
    this.answers = { ...this.saved.answers };
    this.flags = new Set(this.saved.flags);
    this.serverAnswered = state.answeredCount;
    if (this.saver) for (const item of this.saver.pendingItems()) this.applyWish(item);
  }

  applyWish(item) {
    if (item.kind === 'answer') {
      if (item.value == null) delete this.answers[item.questionId];
      else this.answers[item.questionId] = item.value;
    } else if (item.value) this.flags.add(Number(item.questionId));
    else this.flags.delete(Number(item.questionId));
  }

  async loadQuestions() {
    const n = this.state.questionCount || (this.state.questionIds || []).length;
    for (let from = 1; from <= n; from += PAGE_SIZE) {
      const page = await api.questions(this.sid, from, Math.min(n, from + PAGE_SIZE - 1));
      for (const q of page) this.questions[q.position - 1] = q;
    }
  }

  async refresh() {
    this.applyState(await api.state(this.sid));
  }

  get count() { return this.questions.length || this.state.questionCount; }

  clampPos(p) { return Math.min(Math.max(1, p | 0), this.state.questionCount || 1); }

  question() { return this.questions[this.pos - 1]; }

  isLocked(position) {
    const q = this.questions[position - 1];
    return position <= (this.state.lockedThrough || 0) || !!(q && q.locked);
  }

  // ---- user actions ----------------------------------------------------------------------------

  goTo(position) {
    this.pos = this.clampPos(position);
    history.replaceState(null, '', `#/exam/${encodeURIComponent(this.sid)}/${this.pos}`);
    try { sessionStorage.setItem(`exam-page:pos:${this.sid}`, String(this.pos)); } catch { /* not kept */ }
    this.render();
  }

  choose(key) {
    const q = this.question();
    if (!q || this.isLocked(this.pos) || this.finishing) return;
    this.answers[q.questionId] = key;
    this.saver.answer(q.questionId, key);
    this.render();
  }

  clear() {
    const q = this.question();
    if (!q || this.isLocked(this.pos) || this.answers[q.questionId] == null) return;
    delete this.answers[q.questionId];
    this.saver.answer(q.questionId, null);
    this.render();
  }

  toggleFlag() {
    const q = this.question();
    if (!q) return;
    const on = !this.flags.has(q.questionId);
    if (on) this.flags.add(q.questionId); else this.flags.delete(q.questionId);
    this.saver.flag(q.questionId, on);
    this.render();
  }

  // ---- autosave callbacks ----------------------------------------------------------------------

  onSaved(item, res) {
    const id = Number(item.questionId);
    if (item.kind === 'answer') {
      if (item.value == null) delete this.saved.answers[id]; else this.saved.answers[id] = item.value;
      if (typeof res.answeredCount === 'number') this.serverAnswered = res.answeredCount;
      const q = this.questions.find((x) => x && x.questionId === id);
      if (q && res.correctChoice) { // practice mode reveals the key of an answered question
        q.correctChoice = res.correctChoice;
        q.explanation = res.explanation;
      }
    } else if (item.value) this.saved.flags.add(id);
    else this.saved.flags.delete(id);
    this.render();
  }

  onRefused(item, e) {
    const id = Number(item.questionId);
    // Show the service's truth again, and say why the change did not stick.
    if (item.kind === 'answer') {
      if (this.saved.answers[id] == null) delete this.answers[id]; else this.answers[id] = this.saved.answers[id];
    } else if (this.saved.flags.has(id)) this.flags.add(id); else this.flags.delete(id);
    const pos = (this.state.questionIds || []).map(Number).indexOf(id) + 1;
    showAlert(`Question ${pos}: ${e.message}`);
    this.render();
  }

  async onHold(e) {
    if (e.code === 'EXAM_PAUSED') {
      // A break started elsewhere (another tab or device): show it; the queued answers wait for its end.
      await this.refresh().catch(() => {});
      this.enterBreak(e.problem.pauseUntil || (this.state.pauses && this.state.pauses.pauseUntil));
    } else if (e.code === 'TIME_EXPIRED') {
      this.timeUp();
    } else if (e.code === 'EXAM_FINISHED') {
      this.close();
      this.nav.toResult(this.sid);
    } else if (e.code === 'UNAUTHENTICATED') {
      this.close(); // the queue stays in sessionStorage and is sent after signing in again
      this.nav.toSignIn();
    }
  }

  showSaveStatus(state, pending) {
    const el = $('save-status');
    el.dataset.state = state;
    el.textContent = state === 'offline' || state === 'held'
      ? `${SAVE_TEXT[state]} (${pending} unsaved)` : SAVE_TEXT[state];
  }

  // ---- time ------------------------------------------------------------------------------------

  tick() {
    if (this.state.mode !== 'exam' || typeof this.state.deadline !== 'number') {
      $('timer').textContent = 'Untimed';
      return;
    }
    const left = clock.remainingMs(this.state.deadline, this.pauseUntil);
    $('timer').textContent = clock.formatDuration(left);
    $('timer').classList.toggle('low', left < LOW_TIME_MS);
    if (left <= 0 && !this.finishing) this.timeUp();
  }

  async timeUp() {
    if (this.finishing) return;
    this.finishing = true;
    showAlert('Time is up: submitting your exam…');
    // Give queued answers a moment; the service refuses anything after the deadline anyway.
    await Promise.race([this.saver.flush().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
    try {
      await api.submit(this.sid); // answers 200 with status TIMED_OUT once the deadline has passed
    } catch (e) {
      if (!(e instanceof ApiError)) {
        showAlert('Time is up. The service finalizes the exam by itself; reload to see the result.');
        return;
      }
    }
    this.close();
    this.nav.toResult(this.sid);
  }

  // ---- breaks ----------------------------------------------------------------------------------

  availableBreaks() { return breaks.available(this.state, this.serverAnswered); }

  async startBreak(checkpoint) {
    $('break-offer').hidden = true;
    try {
      // Every answer must be in before the section locks, or it would be refused as SECTION_LOCKED.
      await this.saver.flush();
      const status = await api.pauseStart(this.sid, checkpoint);
      await this.refresh();
      this.enterBreak(status.pauseUntil);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'EXAM_PAUSED') return; // onHold shows the break
      showAlert(`The break could not start: ${e.message}`);
    }
  }

  enterBreak(pauseUntil) {
    this.pauseUntil = pauseUntil;
    this.saver.held = true; // nothing can be saved during a break; sending resumes after it
    const lock = this.state.lockedThrough || 0;
    $('break-lock').textContent = lock > 0 ? `Questions 1–${lock} are locked from now on.` : '';
    showScreen('screen-break');
    $('btn-end-break').focus();
    const tickBreak = () => {
      const left = Math.max(0, (this.pauseUntil || 0) - clock.serverNow());
      $('break-countdown').textContent = clock.formatDuration(left);
      if (left <= 0) this.leaveBreak(false);
    };
    clearInterval(this.breakTimer);
    this.breakTimer = setInterval(tickBreak, 250);
    tickBreak();
  }

  async leaveBreak(early) {
    if (this.leaving) return;
    this.leaving = true;
    clearInterval(this.breakTimer);
    try {
      if (early) await api.pauseEnd(this.sid);
      await this.refresh();
      if (breaks.isPaused(this.state, clock.serverNow())) { // the clocks disagree by a moment: wait on
        this.enterBreak(this.state.pauses.pauseUntil);
        return;
      }
      this.pauseUntil = null;
      await this.loadQuestions();
      this.showExam();
      this.saver.resume();
    } catch (e) {
      showAlert(`Could not end the break: ${e.message}. Retrying…`);
      this.breakTimer = setInterval(() => this.leaveBreak(early), 3000);
    } finally {
      this.leaving = false;
    }
  }

  // ---- rendering -------------------------------------------------------------------------------

  showExam() {
    showScreen('screen-exam');
    view.buildNavigator(this);
    this.goTo(this.pos);
  }

  render() {
    if (this.closed || $('screen-exam').hidden) return;
    const q = this.question();
    if (!q) return;
    const locked = this.isLocked(this.pos);
    const choice = this.answers[q.questionId];
    const flagged = this.flags.has(q.questionId);
    $('question-position').textContent = `Question ${this.pos} of ${this.count}`;
    $('question-text').textContent = q.text;
    $('question-flag').hidden = !flagged;
    $('question-locked').hidden = !locked;
    view.renderOptions(this, q, choice, locked);
    view.renderFeedback(this, q, choice);
    $('btn-prev').disabled = this.pos <= 1;
    $('btn-next').disabled = this.pos >= this.count;
    $('btn-flag').setAttribute('aria-pressed', String(flagged));
    $('btn-flag').textContent = flagged ? 'Unflag' : 'Flag';
    $('btn-clear').disabled = locked || choice == null;
    view.renderNavigator(this);
    this.renderBreakOffer();
    const lock = this.state.lockedThrough || 0;
    $('lock-note').hidden = lock === 0;
    $('lock-note').textContent = lock > 0 ? `Questions 1–${lock} are locked after the break: you can read them but not change them.` : '';
  }

  renderBreakOffer() {
    const open = this.availableBreaks();
    $('btn-break').hidden = open.length === 0;
    const skipped = breaks.dismissed(this.sid);
    const offer = open.find((c) => !skipped.has(c));
    $('break-offer').hidden = offer == null;
    if (offer != null) {
      const min = breaks.minutes(this.state);
      $('break-offer-text').textContent = `You reached the break after question ${offer}. Take ${min ? `a ${min}-minute` : 'the'} break now? `
        + `The exam clock stops during the break; questions 1–${offer} will be locked afterwards.`;
      $('break-offer').dataset.checkpoint = offer;
    }
  }

  // ---- events ----------------------------------------------------------------------------------

  on(target, type, fn) {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }

  bindUi() {
    this.on($('btn-prev'), 'click', () => this.goTo(this.pos - 1));
    this.on($('btn-next'), 'click', () => this.goTo(this.pos + 1));
    this.on($('btn-flag'), 'click', () => this.toggleFlag());
    this.on($('btn-clear'), 'click', () => this.clear());
    this.on($('btn-submit'), 'click', () => openSubmitDialog(this));
    this.on($('btn-break'), 'click', () => { const c = this.availableBreaks()[0]; if (c != null) this.startBreak(c); });
    this.on($('btn-offer-start'), 'click', () => this.startBreak(Number($('break-offer').dataset.checkpoint)));
    this.on($('btn-offer-dismiss'), 'click', () => { breaks.dismiss(this.sid, Number($('break-offer').dataset.checkpoint)); this.render(); });
    this.on($('btn-end-break'), 'click', () => this.leaveBreak(true));
    this.on($('options'), 'keydown', (e) => keys.optionArrows(e));
    this.on(document, 'keydown', (e) => keys.shortcut(this, e));
    this.on(document, 'visibilitychange', () => { if (!document.hidden) this.recheck(); });
  }

  /** Back in the tab: resync the clock and notice a break or a finish that happened elsewhere. */
  async recheck() {
    if (this.closed || this.finishing) return;
    try {
      await this.refresh();
      if (this.state.status !== 'IN_PROGRESS') { this.close(); this.nav.toResult(this.sid); return; }
      const paused = breaks.isPaused(this.state, clock.serverNow());
      if (paused && $('screen-break').hidden) this.enterBreak(this.state.pauses.pauseUntil);
      else if (!paused && !$('screen-break').hidden) this.leaveBreak(false); // ended in another tab
      else this.render();
      this.saver.kick();
    } catch { /* offline: the autosave status says so */ }
  }
}
