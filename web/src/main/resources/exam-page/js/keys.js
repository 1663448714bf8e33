// Keyboard use: shortcuts for the whole exam screen, and arrow keys within the options (a radio group).
import { $ } from './dom.js';

/** Up/Down move the focus within the options (radio group); Space or Enter chooses. */
export function optionArrows(e) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const buttons = [...$('options').querySelectorAll('button')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  const next = buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
  buttons.forEach((b) => b.setAttribute('tabindex', b === next ? '0' : '-1'));
  next.focus();
}

/** Letter or 1–6 chooses, ←/→ (or N/P) move, F flags, X clears; not while typing or in the submit dialog. */
export function shortcut(exam, e) {
  if ($('screen-exam').hidden || $('submit-dialog').open || e.ctrlKey || e.metaKey || e.altKey) return;
  const tag = (e.target && e.target.tagName) || '';
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
  const q = exam.question();
  if (!q) return;
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  const keys = q.options.map((o) => o.key.toUpperCase());
  let handled = true;
  if (/^[1-6]$/.test(key) && Number(key) <= q.options.length) exam.choose(q.options[Number(key) - 1].key);
  else if (key === 'F') exam.toggleFlag(); // checked before letters: an option "F" is chosen with 6
  else if (/^[A-E]$/.test(key) && keys.includes(key)) exam.choose(q.options[keys.indexOf(key)].key);
  else if (key === 'ArrowRight' || key === 'N') exam.goTo(exam.pos + 1);
  else if (key === 'ArrowLeft' || key === 'P') exam.goTo(exam.pos - 1);
  else if (key === 'X' || key === 'Delete') exam.clear();
  else handled = false;
  if (handled) e.preventDefault();
}
