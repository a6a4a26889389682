// Users: search by name, userName or email (each an indexed "sw"), and a user's groups, effective
// licenses and roles with where each comes from.
import { api, licenseBySku, lit, nameOf, page, URN } from './api.js';
import { caps } from './caps.js';
import { accessTable } from './applications.js';
import { ERRORS, reprocessUser, source } from './licenses.js';
import { action, card, errorBox, h, link, paged, props, searchForm, statusLine, table } from './ui.js';

export function users() {
  const results = h('div');
  const show = (q) => {
    // userName, displayName and emails.value are indexed: each "sw" reads a range, the "or" unites them.
    const filter = q ? ['userName', 'displayName', 'emails.value'].map((a) => `${a} sw ${lit(q)}`).join(' or ') : undefined;
    results.replaceChildren(paged({
      label: 'Users',
      fetchPage: (cursor) => page('Users', { cursor, count: 25, filter, attributes: 'userName,displayName,emails,active' }),
      columns: [
        { label: 'User name', cell: (u) => link(`#/users/${encodeURIComponent(u.id)}`, u.userName) },
        { label: 'Name', cell: (u) => u.displayName || '' },
        { label: 'Email', cell: (u) => ((u.emails || []).find((m) => m.primary) || (u.emails || [])[0] || {}).value || '' },
        { label: 'Active', cell: (u) => (u.active === false ? 'no' : 'yes') },
      ],
      empty: q ? `No user's name, user name or email starts with "${q}".` : 'No users yet.',
    }));
  };
  show('');
  return h('div', {}, h('h1', {}, 'Users'),
    card('Find a user', searchForm('Name, user name or email starts with', 'bjensen', show), results));
}

export function user(id) {
  const out = h('div', {}, h('h1', {}, 'User'), h('p', { class: 'muted' }, 'Loading…'));
  api.get(`Users/${encodeURIComponent(id)}`).then((u) => out.replaceChildren(...userView(u)),
    (e) => out.replaceChildren(h('h1', {}, 'User'), errorBox(e)));
  return out;
}

function userView(u) {
  const x = u[URN.userExt] || {};
  const status = statusLine();
  const states = x.licenseAssignmentStates || [];
  const parts = [h('h1', {}, u.displayName || u.userName),
    h('div', { class: 'grid' },
      card('Details', props([['User name', u.userName], ['Id', h('code', {}, u.id)], ['External id', u.externalId],
        ['Name', u.name && u.name.formatted || [u.name && u.name.givenName, u.name && u.name.familyName].filter(Boolean).join(' ')],
        ['Emails', (u.emails || []).map((m) => m.value).join(', ')], ['Active', u.active !== false],
        ['Title', u.title], ['Department', (u['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] || {}).department],
        ['Usage location', x.usageLocation], ['Changed', u.meta && u.meta.lastModified]])),
      card('Groups', (u.groups || []).length ? table([
        { label: 'Group', cell: (g) => link(`#/groups/${encodeURIComponent(g.value)}`, g.display || nameOf('Groups', g.value)) },
        { label: 'Membership', cell: (g) => g.type || 'direct' },
      ], u.groups) : h('p', { class: 'muted' }, 'Member of no group.')))];
  if (caps.has('License')) {
    parts.push(card('Licenses', states.length ? table([
      { label: 'License', cell: (s) => licenseBySku(s.skuId).then((l) => (l ? link(`#/licenses/${encodeURIComponent(l.id)}`, l.display || l.value) : s.skuId)) },
      { label: 'Source', cell: source },
      { label: 'State', cell: (s) => (s.state === 'Error' ? h('span', { class: 'badge err' }, `Error: ${s.error}`) : s.state) },
      { label: 'Reason', cell: (s) => (s.state === 'Error' ? ERRORS[s.error] || s.error : '') },
      { label: 'Updated', cell: (s) => s.lastUpdated || '' },
    ], states) : h('p', { class: 'muted' }, 'No license assigned.'),
    states.some((s) => s.state === 'Error') ? h('div', { class: 'row' }, action('Reprocess user', 'licenses.assign', async () => {
      await reprocessUser(u.id);
      status.replaceChildren(h('span', { class: 'ok' }, 'Reprocessed: reloading…'));
      location.reload();
    }, { status })) : null, status));
  }
  if (caps.has('Role')) {
    const roles = x.effectiveRoles || [];
    parts.push(card('Admin roles', roles.length ? table([
      { label: 'Role', cell: (r) => link(`#/roles/${encodeURIComponent(r.value)}`, r.display || nameOf('Roles', r.value, 'display')) },
      { label: 'Source', cell: (r) => (r.assignedByGroup ? h('span', {}, 'group ', link(`#/groups/${encodeURIComponent(r.assignedByGroup)}`,
        nameOf('Groups', r.assignedByGroup))) : 'direct') },
    ], roles) : h('p', { class: 'muted' }, 'No admin role.')));
  }
  if (caps.has('Application')) {
    const access = x.appRoleAssignments || [];
    parts.push(card('Application access', access.length ? accessTable(access)
      : h('p', { class: 'muted' }, 'No application assigned, directly or through a group.')));
  }
  return parts;
}
