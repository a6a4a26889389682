// Applications: registrations, app roles, owners, enterprise and proxy settings, assignments and who
// has access. Offered only when the server publishes the Application resource type (the applications
// plugin). Read-only here: changes go through the API, whose role rules (DOMAIN.md 4.3) decide.
import { api, lit, nameOf, page, URN } from './api.js';
import { card, errorBox, h, link, paged, props, table } from './ui.js';

const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';
const yesNo = (v) => (v === undefined ? undefined : !!v);
const list = (values) => (values && values.length ? values.map((v) => h('div', {}, h('code', {}, v))) : undefined);

export function applications() {
  return h('div', {}, h('h1', {}, 'Applications'), card('Registrations', paged({
    label: 'Applications',
    fetchPage: (cursor) => page('Applications', { cursor, count: 25,
      attributes: 'displayName,appRoles,owners,appRoleAssignmentRequired,proxySettings' }),
    columns: [
      { label: 'Application', cell: (a) => link(`#/applications/${encodeURIComponent(a.id)}`, a.displayName || a.id) },
      { label: 'App roles', cell: (a) => ((a.appRoles || []).length ? String(a.appRoles.length) : 'Default Access') },
      { label: 'Owners', cell: (a) => String((a.owners || []).length) },
      { label: 'Assignment required', cell: (a) => (a.appRoleAssignmentRequired ? 'yes' : 'no') },
      { label: 'Published through the proxy', cell: (a) => ((a.proxySettings || {}).externalUrl || 'no') },
    ],
    empty: 'No applications.',
  })));
}

/** The app role an assignment or an access entry names, as its value (or Default Access). */
function roleName(app, roleId) {
  if (!roleId || roleId === DEFAULT_ACCESS) return 'Default Access';
  const r = (app.appRoles || []).find((x) => x.id === roleId);
  return r ? `${r.displayName || r.value} (${r.value})` : roleId;
}

function principalLink(p) {
  if (!p) return '';
  const type = p.type === 'Group' ? 'groups' : 'users';
  return h('span', {}, link(`#/${type}/${encodeURIComponent(p.value)}`, p.display || p.value), ` (${p.type || 'User'})`);
}

export function application(id) {
  const out = h('div', {}, h('h1', {}, 'Application'), h('p', { class: 'muted' }, 'Loading…'));
  api.get(`Applications/${encodeURIComponent(id)}`).then((a) => {
    const proxy = a.proxySettings || {};
    const roles = a.appRoles || [];
    out.replaceChildren(h('h1', {}, a.displayName || a.id),
      card('Registration', props([['Id', h('code', {}, a.id)], ['Description', a.description], ['Home page', a.homepageUrl],
        ['Logout URL', a.logoutUrl], ['Identifier URIs', list(a.identifierUris)], ['Redirect URIs', list(a.redirectUris)],
        ['Owners', (a.owners || []).length ? (a.owners || []).map((o) => h('div', {},
          link(`#/users/${encodeURIComponent(o.value)}`, o.display || o.value))) : 'none']])),
      card('App roles', roles.length ? table([
        { label: 'Role', cell: (r) => r.displayName || r.value },
        { label: 'Value', cell: (r) => h('code', {}, r.value) },
        { label: 'Enabled', cell: (r) => (r.isEnabled === false ? 'no' : 'yes') },
        { label: 'For', cell: (r) => (r.allowedMemberTypes || ['User', 'Group']).join(', ') },
        { label: 'Id', cell: (r) => h('code', {}, r.id) },
      ], roles, 'App roles') : h('p', { class: 'muted' }, 'No app roles: assignments give the implicit Default Access role.')),
      card('Enterprise settings', props([['Assignment required', yesNo(a.appRoleAssignmentRequired) ?? false],
        ['Visible to users', yesNo(a.visibleToUsers)], ['Sign-in audience', a.signInAudience],
        ['Single sign-on mode', a.preferredSingleSignOnMode], ['Login URL', a.loginUrl]])),
      card('Proxy settings', proxy.externalUrl || proxy.internalUrl ? props([['External URL', proxy.externalUrl],
        ['Internal URL', proxy.internalUrl], ['Pre-authentication', proxy.preAuthentication], ['Connector group', proxy.connectorGroup]])
        : h('p', { class: 'muted' }, 'Not published through the application proxy.')),
      card('Assignments', paged({
        label: 'Assignments',
        fetchPage: (cursor) => page('AppRoleAssignments', { cursor, count: 25, filter: `application.value eq ${lit(a.id)}` }),
        columns: [
          { label: 'Assigned to', cell: (x) => principalLink(x.principal) },
          { label: 'App role', cell: (x) => roleName(a, x.appRoleId) },
          { label: 'State', cell: (x) => x.processingState || 'Complete' },
        ],
        empty: 'Nobody is assigned.',
      })),
      card('Who has access', paged({
        label: 'Users with access',
        // One indexed query (the readOnly appRoleAssignments on every user), paged by cursor however many there are.
        fetchPage: (cursor) => page('Users', { cursor, count: 25, filter: `${URN.userExt}:appRoleAssignments[application eq ${lit(a.id)}]`,
          attributes: `userName,${URN.userExt}:appRoleAssignments` }),
        columns: [
          { label: 'User', cell: (u) => link(`#/users/${encodeURIComponent(u.id)}`, u.userName) },
          { label: 'App role, through', cell: (u) => (((u[URN.userExt] || {}).appRoleAssignments) || [])
            .filter((e) => e.application === a.id)
            .map((e) => h('div', {}, roleName(a, e.appRoleId), ', ', e.assignedByGroup
              ? h('span', {}, 'group ', link(`#/groups/${encodeURIComponent(e.assignedByGroup)}`, nameOf('Groups', e.assignedByGroup)))
              : 'direct')) },
        ],
        empty: a.appRoleAssignmentRequired ? 'Nobody has access yet.'
          : 'Nobody is assigned; as assignment is not required, every active user may sign in with Default Access.',
      })));
  }, (e) => out.replaceChildren(h('h1', {}, 'Application'), errorBox(e)));
  return out;
}

/** A user's application access, one row per source (the user page's card). */
export function accessTable(entries) {
  return table([
    { label: 'Application', cell: (e) => link(`#/applications/${encodeURIComponent(e.application)}`,
      nameOf('Applications', e.application)) },
    { label: 'App role', cell: (e) => e.appRoleValue || 'Default Access' },
    { label: 'Through', cell: (e) => (e.assignedByGroup ? h('span', {}, 'group ', link(`#/groups/${encodeURIComponent(e.assignedByGroup)}`,
      nameOf('Groups', e.assignedByGroup))) : 'direct') },
  ], entries, 'Application access');
}
