// Groups: search; a group's details without loading its members (they page separately), its licenses
// and processing state, members in license error, the dynamic rule editor, and its admin roles.
import { api, licenseBySku, lit, nameOf, page, total, URN } from './api.js';
import { caps } from './caps.js';
import { jobs } from './overview.js';
import { ERRORS, reprocessGroup } from './licenses.js';
import { action, card, errorBox, h, link, paged, props, searchForm, statusLine, watch } from './ui.js';
import { validateRule } from './rules.js';

const X = URN.groupExt;
const LIST_ATTRS = `displayName,${X}:licenseProcessingState,${X}:hasMembersWithLicenseErrors,${X}:membershipRule,${X}:isAssignableToRole`;
const kind = (g) => {
  const e = g[X] || {};
  return [e.membershipRule ? 'dynamic' : null, e.isAssignableToRole ? 'role-assignable' : null,
    (e.licenses || []).length || e.licenseProcessingState ? 'licensing' : null].filter(Boolean)
    .map((k) => h('span', { class: 'badge' }, k));
};

export function groups() {
  const results = h('div');
  const show = (q) => {
    results.replaceChildren(paged({
      label: 'Groups',
      // displayName is indexed: "sw" reads a range of its index, never the whole collection.
      fetchPage: (cursor) => page('Groups', { cursor, count: 25, attributes: LIST_ATTRS,
        filter: q ? `displayName sw ${lit(q)}` : undefined }),
      columns: [
        { label: 'Group', cell: (g) => link(`#/groups/${encodeURIComponent(g.id)}`, g.displayName) },
        { label: 'Kind', cell: kind },
        { label: 'Licensing', cell: (g) => (g[X] || {}).licenseProcessingState || '' },
        { label: 'License errors', cell: (g) => ((g[X] || {}).hasMembersWithLicenseErrors ? h('span', { class: 'badge err' }, 'members in error') : '') },
      ],
      empty: q ? `No group's name starts with "${q}".` : 'No groups yet.',
    }));
  };
  show('');
  return h('div', {}, h('h1', {}, 'Groups'),
    card('Find a group', searchForm('Name starts with', 'Sales', show), results));
}

export function group(id, view) {
  const out = h('div', {}, h('h1', {}, 'Group'), h('p', { class: 'muted' }, 'Loading…'));
  // Never the members here: a group of 100,000 opens as fast as a group of one.
  api.get(`Groups/${encodeURIComponent(id)}?excludedAttributes=members`)
    .then((g) => out.replaceChildren(...groupView(g, view)), (e) => out.replaceChildren(h('h1', {}, 'Group'), errorBox(e)));
  return out;
}

function groupView(g, view) {
  const e = g[X] || {};
  const id = g.id;
  const memberFilter = `groups.value eq ${lit(id)}`;
  const parts = [h('h1', {}, g.displayName), h('p', {}, kind(g))];
  parts.push(h('div', { class: 'grid' },
    card('Details', props([['Id', h('code', {}, id)], ['External id', g.externalId],
      ['Members (users, with nested groups\' members)', total('Users', memberFilter).then((n) => n.toLocaleString(), (er) => er.message)],
      ['Created', g.meta && g.meta.created], ['Changed', g.meta && g.meta.lastModified]])),
    licensesCard(g, e, view)));
  if (e.isAssignableToRole || (e.roles || []).length) {
    parts.push(card('Admin roles (role-assignable group)', h('ul', {}, (e.roles || []).map((r) => h('li', {},
      link(`#/roles/${encodeURIComponent(r.value)}`, r.display || nameOf('Roles', r.value, 'display'))))),
    (e.roles || []).length ? null : h('p', { class: 'muted' }, 'No roles assigned yet.')));
  }
  if (caps.has('License')) {
    parts.push(card('Members in license error', paged({
      label: 'Members in error',
      fetchPage: (cursor) => page('Users', { cursor, count: 25,
        filter: `${URN.userExt}:licenseAssignmentStates[assignedByGroup eq ${lit(id)} and state eq "Error"]`,
        attributes: `userName,displayName,${URN.userExt}:licenseAssignmentStates` }),
      columns: [
        { label: 'User', cell: (u) => link(`#/users/${encodeURIComponent(u.id)}`, u.displayName || u.userName) },
        { label: 'License', cell: (u) => errorsFrom(u, id).map((s) => h('div', {}, licenseBySku(s.skuId).then((l) => (l ? l.display || l.value : s.skuId)))) },
        { label: 'Error', cell: (u) => errorsFrom(u, id).map((s) => h('div', {}, h('span', { class: 'badge err' }, s.error), ' ', ERRORS[s.error] || '')) },
      ],
      empty: 'No member is in error.',
    })));
  }
  let members = null;
  parts.push(ruleCard(g, e, view, () => members && members.reload()));
  parts.push(card('Members', h('p', { class: 'muted' }, 'Users who are members, directly or through nested groups; paged on the server.'),
    members = paged({
      label: 'Members',
      fetchPage: (cursor) => page('Users', { cursor, count: 50, filter: memberFilter, attributes: 'userName,displayName,active' }),
      columns: [
        { label: 'User', cell: (u) => link(`#/users/${encodeURIComponent(u.id)}`, u.userName) },
        { label: 'Name', cell: (u) => u.displayName || '' },
        { label: 'Active', cell: (u) => (u.active === false ? 'no' : 'yes') },
      ],
      empty: 'No members.',
    })));
  if (caps.has('Job')) parts.push(card('Background work for this group', jobs(view, `key eq ${lit(id)}`)));
  return parts;
}

const errorsFrom = (u, groupId) => (((u[URN.userExt] || {}).licenseAssignmentStates) || [])
  .filter((s) => s.assignedByGroup === groupId && s.state === 'Error');

function licensesCard(g, e, view) {
  const status = statusLine();
  const state = h('span', { id: 'license-processing-state' }, e.licenseProcessingState || '—');
  const inError = h('span', { id: 'license-errors' }, '…');
  // hasMembersWithLicenseErrors is returned only when asked for by name.
  const refresh = async () => {
    const now = await api.get(`Groups/${encodeURIComponent(g.id)}?attributes=${X}:licenseProcessingState,${X}:hasMembersWithLicenseErrors`);
    const s = (now[X] || {}).licenseProcessingState || '—';
    state.textContent = s;
    inError.textContent = (now[X] || {}).hasMembersWithLicenseErrors ? 'yes' : 'no';
    return s === 'QueuedForProcessing' || s === 'ProcessingInProgress';
  };
  refresh().then((again) => again && watch(view, 1500, refresh), () => { inError.textContent = '?'; });
  const licenses = e.licenses || [];
  return card('Licenses',
    licenses.length ? h('ul', {}, licenses.map((l) => h('li', {}, licenseBySku(l.value).then((found) => (found
      ? link(`#/licenses/${encodeURIComponent(found.id)}`, found.display || found.value) : l.value)),
    (l.disabledPlans || []).length ? ` (${l.disabledPlans.length} plans disabled)` : ''))) : h('p', { class: 'muted' }, 'This group assigns no license.'),
    props([['Processing state', state], ['Members in error', inError]]),
    licenses.length ? h('div', { class: 'row' }, action('Reprocess group', 'licenses.assign', async () => {
      await reprocessGroup(g.id);
      status.replaceChildren(h('span', { class: 'ok' }, 'Queued for processing: members in error get the seats free now.'));
      if (await refresh()) watch(view, 1500, refresh);
    }, { status })) : null, status);
}

function ruleCard(g, e, view, onSaved) {
  if (e.isAssignableToRole) {
    return card('Membership rule', h('p', { class: 'muted' }, 'A role-assignable group cannot have a membership rule.'));
  }
  const status = statusLine();
  const check = statusLine();
  const rule = h('textarea', { id: 'rule', name: 'rule', rows: 3, spellcheck: 'false' });
  rule.value = e.membershipRule || '';
  const stateSelect = h('select', { id: 'rule-state', name: 'state' }, h('option', { value: 'On' }, 'On'), h('option', { value: 'Paused' }, 'Paused'));
  stateSelect.value = e.membershipRuleProcessingState || 'On';
  const processing = h('span', { id: 'membership-processing-state' }, e.membershipProcessingState || '—');
  const translated = h('code', { id: 'rule-filter' }, e.membershipRuleFilter || '—');
  const refresh = async () => {
    const now = await api.get(`Groups/${encodeURIComponent(g.id)}?attributes=${X}:membershipProcessingState,${X}:membershipRuleFilter`);
    const ne = now[X] || {};
    processing.textContent = ne.membershipProcessingState || '—';
    translated.textContent = ne.membershipRuleFilter || '—';
    return ['QueuedForProcessing', 'ProcessingInProgress'].includes(ne.membershipProcessingState);
  };
  if (['QueuedForProcessing', 'ProcessingInProgress'].includes(e.membershipProcessingState)) watch(view, 1500, refresh);
  const validate = h('button', { type: 'button', class: 'secondary' }, 'Validate');
  validate.addEventListener('click', async () => {
    check.replaceChildren(h('span', { class: 'muted' }, 'Checking…'));
    check.replaceChildren(await validateRule(rule.value));
  });
  const save = action('Save rule', 'groups.manage', async () => {
    const verdict = await validateRule(rule.value);
    check.replaceChildren(verdict);
    if (verdict.dataset.valid === 'false') return;
    const text = rule.value.trim();
    const ops = text
      ? [{ op: 'replace', path: `${X}:membershipRule`, value: text },
        { op: 'replace', path: `${X}:membershipRuleProcessingState`, value: stateSelect.value }]
      : [{ op: 'remove', path: `${X}:membershipRule` }];
    await api.patch(`Groups/${encodeURIComponent(g.id)}`, ops);
    status.replaceChildren(h('span', { class: 'ok' }, text ? 'Rule saved.' : 'Rule removed: the group is static now, its members kept.'));
    if (await refresh()) watch(view, 1500, refresh);
    onSaved();
  }, { status });
  rule.disabled = save.disabled;
  stateSelect.disabled = save.disabled;
  return card('Membership rule',
    h('p', { class: 'muted' }, 'A SCIM filter over users (department eq "Sales") or an Entra rule (user.department -eq "Sales"). '
      + 'Empty makes the group static.'),
    h('label', { for: 'rule' }, 'Rule', rule),
    h('div', { class: 'row' }, h('label', { for: 'rule-state' }, 'Processing', stateSelect), validate, save),
    check, status,
    props([['Evaluated as', translated], ['Membership processing', processing]]));
}
