// Small DOM helpers: elements are built with textContent only (never innerHTML), so question texts are inert.
export const $ = (id) => document.getElementById(id);

/** h('button', { class: 'x', onclick: fn, 'aria-label': '…' }, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Shows one screen (a <section class="screen">) and hides the others. */
export function showScreen(id) {
  $('loading').hidden = true;
  for (const s of document.querySelectorAll('main > .screen')) s.hidden = s.id !== id;
  $('exam-bar').hidden = !(id === 'screen-exam' || id === 'screen-break');
}

export function showAlert(text) {
  const el = $('alert');
  el.textContent = text;
  el.hidden = false;
}

export function clearAlert() {
  $('alert').hidden = true;
  $('alert').textContent = '';
}

/** "Question 3" ranges for people: [1,2,3,5] → "1–3, 5". */
export function ranges(positions) {
  const out = [];
  for (let i = 0; i < positions.length; i++) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j] + 1) j++;
    out.push(i === j ? `${positions[i]}` : `${positions[i]}–${positions[j]}`);
    i = j;
  }
  return out.join(', ');
}

export function dateTime(ms) {
  return typeof ms === 'number' ? new Date(ms).toLocaleString() : '';
}
