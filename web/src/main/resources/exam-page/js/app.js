// Entry point: a tiny hash router (#/, #/exam/<id>/<position>, #/result/<id>, #/review/<id>) and the sign-in.
// The position in the hash is what makes a reload come back to the same question.
import { api, ApiError, NetworkError } from './api.js';
import { $, showScreen, showAlert, clearAlert } from './dom.js';
import { openExam, closeExam } from './exam.js';
import { showHome } from './home.js';
import { showResult, showReview } from './finish.js';

const titles = new Map();
let retry = null;

const nav = {
  title: (examType) => titles.get(examType) || examType,
  setTypes: (types) => types.forEach((t) => titles.set(t.examType, t.title || t.examType)),
  toResult: (sid) => { location.hash = `#/result/${encodeURIComponent(sid)}`; },
  toSignIn: () => showSignIn(),
};

async function route() {
  clearTimeout(retry);
  const [view, rawId, rawPos] = location.hash.replace(/^#\/?/, '').split('/');
  const sid = rawId ? decodeURIComponent(rawId) : null;
  try {
    if (titles.size === 0) nav.setTypes(await api.types());
    clearAlert();
    if (view === 'exam' && sid) {
      await openExam(sid, Number(rawPos) || null, nav);
      return;
    }
    closeExam();
    if (view === 'result' && sid) await showResult(sid, nav);
    else if (view === 'review' && sid) await showReview(sid);
    else await showHome(nav);
  } catch (e) {
    failed(e);
  }
}

function failed(e) {
  if (e instanceof ApiError && e.status === 401) {
    closeExam();
    showSignIn();
  } else if (e instanceof NetworkError || (e instanceof ApiError && e.status >= 500)) {
    closeExam(); // reopened by the retry, with the answers still queued in sessionStorage
    showAlert('The exam service cannot be reached right now. Trying again…');
    retry = setTimeout(route, 2000);
  } else if (e instanceof ApiError && e.status === 404) {
    showAlert('That exam was not found.');
    location.hash = '#/';
  } else {
    closeExam();
    showAlert(e.message || String(e));
    console.error(e);
  }
}

function showSignIn() {
  showScreen('screen-signin');
  $('signin-user').focus();
}

$('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = $('signin-error');
  error.hidden = true;
  try {
    await api.signIn(Number($('signin-user').value));
    route();
  } catch (err) {
    error.textContent = err instanceof ApiError && err.status === 404
      ? 'This service has no dev sign-in (it is not in dev auth mode): sign in through your platform, which sets the sessionToken cookie.'
      : `Sign-in failed: ${err.message}`;
    error.hidden = false;
  }
});

window.addEventListener('hashchange', route);
route();
