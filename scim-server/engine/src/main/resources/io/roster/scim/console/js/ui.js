// DOM helpers. Text from the server is only ever set as text (never parsed as HTML), so a
// displayName cannot inject markup; the Content-Security-Policy forbids inline script anyway.
import { caps } from './caps.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    if (c instanceof Promise) {
      const slot = document.createElement('span');
      slot.textContent = '…';
      c.then((v) => slot.replaceChildren(v instanceof Node ? v : document.createTextNode(String(v))));
      el.append(slot);
    } else {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
}

export const link = (href, text) => h('a', { href }, text);
export const card = (title, ...content) => h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), ...content);

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}

/** A definition list of label/value pairs; empty values are left out. */
export function props(pairs) {
  const dl = h('dl', { class: 'props' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(h('dt', {}, k), h('dd', {}, typeof v === 'boolean' ? (v ? 'yes' : 'no') : v));
  }
  return dl;
}

export function table(columns, rows, caption) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => h('td', {}, c.cell(r))))))));
}

/** Seats or progress as a native meter, with the numbers as text beside it. */
export function seats(used, permitted, label) {
  const total = permitted ?? 0;
  return h('span', { class: 'seats' },
    h('meter', { min: 0, max: Math.max(total, 1), value: used ?? 0, high: Math.max(total, 1) * 0.9, optimum: 0,
      'aria-label': `${label}: ${used ?? 0} of ${total} seats used` }),
    ` ${used ?? 0} of ${total}`);
}

export function progress(done, total, label) {
  return h('span', {},
    h('progress', { max: Math.max(total || 0, 1), value: done || 0, 'aria-label': `${label}: ${done || 0} of ${total || 0}` }),
    ` ${done || 0} / ${total || 0}`);
}

/**
 * A button for a change the caller's roles may not allow: disabled, saying which permission it needs,
 * instead of failing on click. While its action runs it is busy; the action's error lands in `status`.
 */
export function action(text, permission, run, { status, danger = false, secondary = false, label } = {}) {
  const allowed = caps.can(permission);
  const b = h('button', {
    type: 'button', class: danger ? 'danger' : secondary ? 'secondary' : null, disabled: !allowed,
    title: allowed ? null : `Read-only: your roles do not grant ${permission}`, 'aria-label': label,
  }, text);
  b.addEventListener('click', async () => {
    b.disabled = true;
    b.setAttribute('aria-busy', 'true');
    if (status) status.replaceChildren(h('span', { class: 'muted' }, 'Working…'));
    try {
      await run();
    } catch (e) {
      if (status) status.replaceChildren(errorBox(e));
    } finally {
      b.disabled = false;
      b.removeAttribute('aria-busy');
    }
  });
  return b;
}

export function statusLine() {
  return h('div', { 'aria-live': 'polite' });
}

/**
 * A list that pages on the server with cursors (RFC 9865): `fetchPage(cursor)` returns
 * {items, total, next, prev}. Only the page shown is ever held.
 */
export function paged({ fetchPage, columns, caption, empty = 'None.', label, onLoad }) {
  const body = h('div');
  const info = h('span', { class: 'muted', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Previous');
  const next = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Next');
  const nav = h('div', { class: 'pager', role: 'group', 'aria-label': `${label || caption || 'List'} pages` }, prev, next, info);
  const wrap = h('div', { class: 'paged', 'data-list': label || caption || '' }, body, nav);
  let current = '';
  let last = null;
  let shown = null;
  async function load(cursor, quiet = false) {
    if (!quiet) info.textContent = 'Loading…';
    wrap.setAttribute('aria-busy', 'true');
    try {
      const p = await fetchPage(cursor);
      current = cursor;
      last = p;
      // A refresh that finds the same page leaves the page alone (and the keyboard focus in it).
      const fingerprint = JSON.stringify([p.items, p.total, p.next, p.prev]);
      if (quiet && fingerprint === shown) return;
      shown = fingerprint;
      body.replaceChildren(p.items.length ? table(columns, p.items, caption) : h('p', { class: 'muted' }, empty));
      info.textContent = p.total === undefined ? '' : `${p.total} in all`;
      prev.disabled = !p.prev;
      next.disabled = !p.next;
      prev.hidden = !p.prev && !p.next; // one page: nothing to move to
      next.hidden = prev.hidden;
      nav.hidden = prev.hidden && !p.items.length;
      if (onLoad) onLoad(p);
    } catch (e) {
      body.replaceChildren(errorBox(e));
      info.textContent = '';
    } finally {
      wrap.removeAttribute('aria-busy');
      wrap.dataset.loaded = String(Date.now());
    }
  }
  prev.addEventListener('click', () => last && last.prev && load(last.prev));
  next.addEventListener('click', () => last && last.next && load(last.next));
  wrap.reload = () => load(current);
  wrap.refresh = () => load(current, true);
  load('');
  return wrap;
}

/** A labelled search box that calls `onSearch(text)` on submit. */
export function searchForm(labelText, placeholder, onSearch) {
  const input = h('input', { type: 'search', name: 'q', placeholder, autocomplete: 'off' });
  const form = h('form', { class: 'inline', role: 'search' },
    h('label', {}, labelText, input), h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => { e.preventDefault(); onSearch(input.value.trim()); });
  return form;
}

// Every navigation starts a new view; work started for an earlier one (polling) sees that and stops.
let viewId = 0;
export function newView() { viewId += 1; return viewId; }

/**
 * Re-runs `step` every `ms` while the page it belongs to is shown and `step` returns true (more to
 * watch), so long operations show their progress without the user reloading.
 */
export function watch(view, ms, step) {
  const tick = async () => {
    if (view !== viewId) return;
    let again = false;
    try { again = await step(); } catch { again = false; }
    if (again && view === viewId) setTimeout(tick, ms);
  };
  setTimeout(tick, ms);
}
