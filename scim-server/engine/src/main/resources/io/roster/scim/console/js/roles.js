// Roles: each admin role, its permissions, and its holders, directly and through role-assignable groups.
import { api, lit, nameOf, page, URN } from './api.js';
import { card, errorBox, h, link, paged, props } from './ui.js';

export function roles() {
  return h('div', {}, h('h1', {}, 'Roles'), card('Admin roles', paged({
    label: 'Roles',
    fetchPage: (cursor) => page('Roles', { cursor, count: 50 }),
    columns: [
      { label: 'Role', cell: (r) => link(`#/roles/${encodeURIComponent(r.id)}`, r.display) },
      { label: 'Holders', cell: (r) => String(r.totalAssignmentsUsed ?? 0) },
      { label: 'Privileged', cell: (r) => ((r[URN.roleExt] || {}).privileged ? 'yes' : 'no') },
      { label: 'Description', cell: (r) => (r[URN.roleExt] || {}).description || '' },
    ],
  })));
}

export function role(id) {
  const out = h('div', {}, h('h1', {}, 'Role'), h('p', { class: 'muted' }, 'Loading…'));
  api.get(`Roles/${encodeURIComponent(id)}`).then((r) => {
    const x = r[URN.roleExt] || {};
    out.replaceChildren(h('h1', {}, r.display),
      card('Details', props([['Id', h('code', {}, r.value)], ['Description', x.description], ['Privileged', !!x.privileged],
        ['Built in', !!x.builtIn], ['Permissions', (x.permissions || []).map((p) => h('span', { class: 'badge' }, p))],
        ['Holders', String(r.totalAssignmentsUsed ?? 0)]])),
      card('Holders', paged({
        label: 'Role holders',
        fetchPage: (cursor) => page('Users', { cursor, count: 25, filter: `${URN.userExt}:effectiveRoles.value eq ${lit(r.value)}`,
          attributes: `userName,displayName,${URN.userExt}:effectiveRoles` }),
        columns: [
          { label: 'User', cell: (u) => link(`#/users/${encodeURIComponent(u.id)}`, u.userName) },
          { label: 'Through', cell: (u) => (((u[URN.userExt] || {}).effectiveRoles) || []).filter((e) => e.value === r.value)
            .map((e) => (e.assignedByGroup ? h('div', {}, 'group ', link(`#/groups/${encodeURIComponent(e.assignedByGroup)}`,
              nameOf('Groups', e.assignedByGroup))) : h('div', {}, 'direct'))) },
        ],
        empty: 'Nobody holds this role.',
      })),
      card('Role-assignable groups granting it', paged({
        label: 'Groups granting the role',
        fetchPage: (cursor) => page('Groups', { cursor, count: 25, filter: `${URN.groupExt}:roles.value eq ${lit(r.value)}`,
          attributes: 'displayName' }),
        columns: [{ label: 'Group', cell: (g) => link(`#/groups/${encodeURIComponent(g.id)}`, g.displayName) }],
        empty: 'No group grants this role.',
      })));
  }, (e) => out.replaceChildren(h('h1', {}, 'Role'), errorBox(e)));
  return out;
}
