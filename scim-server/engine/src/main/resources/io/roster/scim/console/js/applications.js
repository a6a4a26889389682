// Applications: offered only when the server publishes the Application resource type.
import { api, page } from './api.js';
import { card, errorBox, h, link, paged } from './ui.js';

export function applications() {
  return h('div', {}, h('h1', {}, 'Applications'), card('Registrations', paged({
    label: 'Applications',
    fetchPage: (cursor) => page('Applications', { cursor, count: 25 }),
    columns: [
      { label: 'Application', cell: (a) => link(`#/applications/${encodeURIComponent(a.id)}`, a.displayName || a.id) },
      { label: 'Id', cell: (a) => h('code', {}, a.id) },
    ],
    empty: 'No applications.',
  })));
}

export function application(id) {
  const out = h('div', {}, h('h1', {}, 'Application'), h('p', { class: 'muted' }, 'Loading…'));
  api.get(`Applications/${encodeURIComponent(id)}`).then((a) => out.replaceChildren(h('h1', {}, a.displayName || a.id),
    card('As the API returns it', h('pre', { class: 'mono' }, JSON.stringify(a, null, 2)))),
  (e) => out.replaceChildren(h('h1', {}, 'Application'), errorBox(e)));
  return out;
}
