// API clients: create (bound to a user, or acting with roles), rotate the secret (shown once), revoke.
import { api, nameOf, page, URN } from './api.js';
import { caps } from './caps.js';
import { action, card, h, link, paged, statusLine } from './ui.js';

/** Shows a secret once, with a copy button; it is never stored by the console. */
function secretBox(name, secret) {
  const code = h('code', { id: 'new-secret' }, secret);
  const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
  copy.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(secret)
    .then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Select and copy it'; }));
  return h('div', { class: 'secret', role: 'status' }, h('p', {}, `The secret of ${name}. It is shown only this once: keep it now.`),
    h('p', {}, code, ' ', copy));
}

export function clients() {
  const status = statusLine();
  let list;
  list = paged({
    label: 'API clients',
    fetchPage: (cursor) => page('ApiClients', { cursor, count: 25 }),
    columns: [
      { label: 'Client', cell: (c) => c.displayName || c.id },
      { label: 'Acts as', cell: (c) => (c.userId ? h('span', {}, 'user ', link(`#/users/${encodeURIComponent(c.userId)}`, nameOf('Users', c.userId, 'userName')))
        : (c.roles || []).map((r) => h('span', { class: 'badge' }, r.display || nameOf('Roles', r.value, 'display')))) },
      { label: 'Active', cell: (c) => (c.active === false ? 'revoked' : 'yes') },
      { label: 'Actions', cell: (c) => h('div', { class: 'row' },
        action('Rotate secret', 'apiClients.manage', async () => {
          const r = await api.patch(`ApiClients/${encodeURIComponent(c.id)}`, [{ op: 'replace', path: 'rotateSecret', value: true }]);
          status.replaceChildren(secretBox(c.displayName || c.id, r.secret));
        }, { status, secondary: true, label: `Rotate the secret of ${c.displayName || c.id}` }),
        action('Revoke', 'apiClients.manage', async () => {
          if (!window.confirm(`Revoke ${c.displayName || c.id}? Its secret stops working at once.`)) return;
          await api.del(`ApiClients/${encodeURIComponent(c.id)}`);
          status.replaceChildren(h('span', { class: 'ok' }, `${c.displayName || c.id} revoked.`));
          list.reload();
        }, { status, danger: true, label: `Revoke ${c.displayName || c.id}` })) },
    ],
    empty: 'No API clients.',
  });
  return h('div', {}, h('h1', {}, 'API clients'), createForm(status, () => list.reload()), card('Every client', list), status);
}

function createForm(status, created) {
  const name = h('input', { id: 'client-name', name: 'displayName', required: true, autocomplete: 'off' });
  const userId = h('input', { id: 'client-user', name: 'userId', autocomplete: 'off', placeholder: 'optional' });
  const role = h('select', { id: 'client-role', name: 'role' }, h('option', { value: '' }, '(none)'));
  if (caps.has('Role')) {
    page('Roles', { count: 50, attributes: 'display,value' }).then((p) => p.items.forEach((r) => role.append(h('option', { value: r.value }, r.display))), () => {});
  }
  const create = action('Create client', 'apiClients.manage', async () => {
    if (!name.value.trim()) throw new Error('Give the client a name.');
    const body = { schemas: [URN.apiClient], displayName: name.value.trim() };
    if (userId.value.trim()) body.userId = userId.value.trim();
    if (role.value) body.roles = [{ value: role.value }];
    const c = await api.post('ApiClients', body);
    status.replaceChildren(secretBox(c.displayName, c.secret));
    name.value = '';
    userId.value = '';
    created();
  }, { status });
  [name, userId, role].forEach((el) => { el.disabled = create.disabled; });
  const form = h('form', { class: 'inline', 'aria-label': 'Create an API client' },
    h('label', { for: 'client-name' }, 'Name', name),
    h('label', { for: 'client-user' }, 'Acts as user (id)', userId),
    h('label', { for: 'client-role' }, 'or with role', role), create);
  form.addEventListener('submit', (e) => { e.preventDefault(); create.click(); });
  return card('Create a client', h('p', { class: 'muted' }, 'A client bound to a user acts with that user\'s roles; '
    + 'one bound to no user acts with the role chosen here.'), form);
}
