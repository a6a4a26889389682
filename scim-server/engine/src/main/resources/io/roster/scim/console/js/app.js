// Entry point: sign-in, the page router (location.hash: #/groups/<id>) and the navigation.
import { api, forget, forgetNames, onUnauthorized, remember, ScimError, token } from './api.js';
import { caps, learn, readOnly } from './caps.js';
import { errorBox, h, newView } from './ui.js';
import { overview } from './overview.js';
import { licenses, license } from './licenses.js';
import { groups, group } from './groups.js';
import { users, user } from './users.js';
import { roles, role } from './roles.js';
import { clients } from './clients.js';
import { applications, application } from './applications.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const banner = document.getElementById('readonly');

const pages = {
  overview: { list: overview },
  licenses: { list: licenses, one: license, type: 'License' },
  groups: { list: groups, one: group, type: 'Group' },
  users: { list: users, one: user, type: 'User' },
  roles: { list: roles, one: role, type: 'Role' },
  applications: { list: applications, one: application, type: 'Application' },
  clients: { list: clients, type: 'ApiClient' },
};

function signInForm(message) {
  nav.hidden = true;
  who.hidden = true;
  banner.hidden = true;
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true,
    spellcheck: 'false' });
  const status = h('div', { 'aria-live': 'assertive' }, message ? errorBox(message) : null);
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'signin card', id: 'sign-in' },
    h('h1', {}, 'Sign in to Roster'),
    h('p', { class: 'muted' }, 'Paste the administrator token Roster printed at its first start, or an API client\'s secret. '
      + 'It is kept in this browser tab only and sent to the SCIM API as a bearer token.'),
    h('label', { for: 'token' }, 'API token'), input, h('div', { class: 'row' }, button), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    status.replaceChildren(h('span', { class: 'muted' }, 'Checking the token…'));
    const candidate = input.value.trim();
    try {
      const me = await probe(candidate);
      remember(candidate);
      await start(me);
    } catch (err) {
      status.replaceChildren(errorBox(err.status === 401 ? `The server refused this token: ${err.message}` : err));
      button.disabled = false;
      input.focus();
    }
  });
  main.replaceChildren(form);
  input.focus();
}

/** /Me for a token: the user, or null when the token is valid but bound to no user (404). */
async function probe(candidate) {
  try {
    return await api.probe(candidate);
  } catch (e) {
    if (e instanceof ScimError && e.status === 404) return null;
    throw e;
  }
}

async function start(me) {
  forgetNames();
  await learn(me);
  for (const a of nav.querySelectorAll('a[data-type]')) {
    a.parentElement.hidden = !caps.has(a.dataset.type); // pages of resource types this server lacks are not offered
  }
  nav.hidden = false;
  const name = me && (me.userName || (me.displayName ? `API client ${me.displayName}` : null));
  document.getElementById('who-name').textContent = me
    ? `${name}${caps.roles.length ? ' · ' + caps.roles.join(', ') : ' · no admin role'}`
    : 'Administrator token';
  who.hidden = false;
  banner.hidden = !readOnly();
  banner.textContent = 'Read-only: your roles let you read, not change. Controls you may not use are disabled.';
  route();
}

function route() {
  if (!token()) return;
  const [name = 'overview', id] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const p = pages[name] || pages.overview;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === (pages[name] ? name : 'overview')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const v = newView();
  let content;
  try {
    content = id && p.one ? p.one(id, v) : p.list(v);
  } catch (e) {
    content = errorBox(e);
  }
  main.replaceChildren(content);
  main.focus({ preventScroll: true });
}

document.getElementById('sign-out').addEventListener('click', () => {
  forget();
  location.hash = '';
  signInForm();
});
onUnauthorized((err) => {
  forget();
  signInForm(`Signed out: ${err.message}`);
});
window.addEventListener('hashchange', route);

(async () => {
  if (!token()) {
    signInForm();
    return;
  }
  try {
    await start(await probe(token()));
  } catch (e) {
    forget();
    signInForm(e);
  }
})();
