// Licenses: plans, seats (buy more), holders (direct or through which group), users in error by error,
// reprocessing a group or a user.
import { api, lit, nameOf, page, URN } from './api.js';
import { action, card, errorBox, h, link, paged, props, seats, statusLine, table } from './ui.js';

export const ERRORS = {
  CountViolation: 'Not enough seats: every purchased seat is in use.',
  MutuallyExclusiveViolation: 'The user holds a license with a service plan that cannot be held with this one.',
  DependencyViolation: 'A service plan needs another license the user does not hold.',
  ProhibitedInUsageLocationViolation: 'The license may not be used in the user\'s usage location.',
  UniquenessViolation: 'Another assignment conflicts with this one.',
  Other: 'The license is unknown or no longer supported.',
};

export const reprocessGroup = (id) => api.patch(`Groups/${encodeURIComponent(id)}`,
  [{ op: 'replace', path: `${URN.groupExt}:licenseProcessingState`, value: 'QueuedForProcessing' }]);
export const reprocessUser = (id) => api.patch(`Users/${encodeURIComponent(id)}`,
  [{ op: 'replace', path: `${URN.userExt}:licenseProcessingState`, value: 'QueuedForProcessing' }]);

const statesFilter = (inner) => `${URN.userExt}:licenseAssignmentStates[${inner}]`;
export const source = (s) => (s.assignedByGroup
  ? h('span', {}, 'group ', link(`#/groups/${encodeURIComponent(s.assignedByGroup)}`, nameOf('Groups', s.assignedByGroup)))
  : 'direct');
const userLink = (u) => link(`#/users/${encodeURIComponent(u.id)}`, u.displayName || u.userName);
const statesOf = (u, sku) => (((u[URN.userExt] || {}).licenseAssignmentStates) || [])
  .filter((s) => String(s.skuId).toLowerCase() === String(sku).toLowerCase());

export function licenses() {
  return h('div', {}, h('h1', {}, 'Licenses'), card('Every license', paged({
    label: 'Licenses',
    fetchPage: (cursor) => page('Licenses', { cursor, count: 25 }),
    columns: [
      { label: 'License', cell: (l) => link(`#/licenses/${encodeURIComponent(l.id)}`, l.display || l.value) },
      { label: 'SKU id', cell: (l) => h('code', {}, l.value) },
      { label: 'Seats', cell: (l) => seats(l.totalAssignmentsUsed, l.totalAssignmentsPermitted, l.display || l.value) },
      { label: 'Plans', cell: (l) => String(((l[URN.licenseExt] || {}).servicePlans || []).length) },
    ],
    empty: 'No licenses. Create one with POST /Licenses (see the README).',
  })));
}

export function license(id) {
  const out = h('div', {}, h('h1', {}, 'License'), h('p', { class: 'muted' }, 'Loading…'));
  api.get(`Licenses/${encodeURIComponent(id)}`).then((l) => out.replaceChildren(...licenseView(l)),
    (e) => out.replaceChildren(h('h1', {}, 'License'), errorBox(e)));
  return out;
}

function licenseView(l) {
  const ext = l[URN.licenseExt] || {};
  const sku = l.value;
  const seatStatus = statusLine();
  const seatsShown = h('span', {}, seats(l.totalAssignmentsUsed, l.totalAssignmentsPermitted, l.display || sku));
  const input = h('input', { type: 'number', id: 'seats-total', min: 0, step: 1, value: String(l.totalAssignmentsPermitted ?? 0) });
  const save = action('Save seats', 'tenant.manage', async () => {
    const updated = await api.patch(`Licenses/${encodeURIComponent(l.id)}`,
      [{ op: 'replace', path: 'totalAssignmentsPermitted', value: Number(input.value) }]);
    const now = updated || await api.get(`Licenses/${encodeURIComponent(l.id)}`);
    seatsShown.replaceChildren(seats(now.totalAssignmentsUsed, now.totalAssignmentsPermitted, l.display || sku));
    seatStatus.replaceChildren(h('span', { class: 'ok' }, `Saved: ${now.totalAssignmentsPermitted} seats. `
      + 'Reprocess the groups below to hand the new seats to members in error.'));
  }, { status: seatStatus });
  input.disabled = save.disabled;
  const refreshSeats = async () => {
    const now = await api.get(`Licenses/${encodeURIComponent(l.id)}?attributes=totalAssignmentsUsed,totalAssignmentsPermitted`);
    seatsShown.replaceChildren(seats(now.totalAssignmentsUsed, now.totalAssignmentsPermitted, l.display || sku));
  };
  const groupStatus = statusLine();
  const groupsList = paged({
    label: 'Groups assigning this license',
    fetchPage: (cursor) => page('Groups', { cursor, count: 25, filter: `${URN.groupExt}:licenses.value eq ${lit(sku)}`,
      attributes: `displayName,${URN.groupExt}:licenseProcessingState,${URN.groupExt}:hasMembersWithLicenseErrors` }),
    columns: [
      { label: 'Group', cell: (g) => link(`#/groups/${encodeURIComponent(g.id)}`, g.displayName) },
      { label: 'Processing', cell: (g) => (g[URN.groupExt] || {}).licenseProcessingState || '' },
      { label: 'Members in error', cell: (g) => ((g[URN.groupExt] || {}).hasMembersWithLicenseErrors ? h('span', { class: 'badge err' }, 'yes') : 'no') },
      { label: 'Action', cell: (g) => action('Reprocess', 'licenses.assign', async () => {
        await reprocessGroup(g.id);
        groupStatus.replaceChildren(h('span', { class: 'ok' }, `${g.displayName}: queued for processing.`));
        groupsList.reload();
        errorSections.forEach((s) => s.reload());
        holders.reload();
        await refreshSeats();
      }, { status: groupStatus, label: `Reprocess ${g.displayName}` }) },
    ],
    empty: 'No group assigns this license.',
  });
  const holders = paged({
    label: 'Holders',
    fetchPage: (cursor) => page('Users', { cursor, count: 25, filter: statesFilter(`skuId eq ${lit(sku)} and state eq "Active"`),
      attributes: `userName,displayName,${URN.userExt}:licenseAssignmentStates` }),
    columns: [
      { label: 'User', cell: userLink },
      { label: 'Through', cell: (u) => statesOf(u, sku).filter((s) => s.state !== 'Error').map(source)
        .flatMap((n, i) => (i ? [', ', n] : [n])) },
    ],
    empty: 'Nobody holds this license.',
  });
  const userStatus = statusLine();
  const noErrors = h('p', { class: 'muted' }, 'Looking for users in error…');
  const kinds = Object.keys(ERRORS).map((error) => h('div', { class: 'error-kind', 'data-error': error, hidden: true }));
  const inError = new Map();
  const errorSections = Object.keys(ERRORS).map((error, i) => {
    const list = paged({
      onLoad: (p) => {
        kinds[i].hidden = p.total === 0;
        inError.set(error, p.total);
        if (inError.size === kinds.length) {
          const n = [...inError.values()].reduce((a, b) => a + b, 0);
          noErrors.textContent = n ? `${n} assignments in error.` : 'No user is in error for this license.';
        }
      },
      label: `Users in ${error}`,
      fetchPage: (cursor) => page('Users', { cursor, count: 25, filter: statesFilter(`skuId eq ${lit(sku)} and error eq ${lit(error)}`),
        attributes: `userName,displayName,${URN.userExt}:licenseAssignmentStates` }),
      columns: [
        { label: 'User', cell: userLink },
        { label: 'From', cell: (u) => statesOf(u, sku).filter((s) => s.error === error).map(source)
          .flatMap((n, i) => (i ? [', ', n] : [n])) },
        { label: 'Action', cell: (u) => action('Reprocess user', 'licenses.assign', async () => {
          await reprocessUser(u.id);
          userStatus.replaceChildren(h('span', { class: 'ok' }, `${u.userName}: reprocessed.`));
          list.reload();
          holders.reload();
          await refreshSeats();
        }, { status: userStatus, secondary: true, label: `Reprocess ${u.userName}` }) },
      ],
      empty: 'None.',
    });
    return list;
  });
  return [
    h('h1', {}, l.display || sku),
    h('div', { class: 'grid' },
      card('Details', props([['SKU id', h('code', {}, sku)], ['Type', l.type], ['Supported', l.supported],
        ['Capability', ext.capabilityStatus], ['Requires usage location', ext.requiresUsageLocation],
        ['Prohibited in', (ext.prohibitedUsageLocations || []).join(', ')],
        ['Mutually exclusive with', (ext.mutuallyExclusive || []).map((m) => m.value || m).join(', ')],
        ['Depends on', (ext.dependsOn || []).map((m) => m.value || m).join(', ')]])),
      card('Seats', h('p', {}, seatsShown),
        h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); save.click(); } },
          h('label', { for: 'seats-total' }, 'Seats purchased', input), save), seatStatus)),
    card('Service plans', table([
      { label: 'Plan', cell: (p) => p.servicePlanName || '' },
      { label: 'Id', cell: (p) => h('code', {}, p.servicePlanId) },
    ], ext.servicePlans || [])),
    card('Groups assigning this license', groupsList, groupStatus),
    card('Users in error, by error', noErrors, h('div', {}, Object.keys(ERRORS).map((error, i) => {
      kinds[i].append(h('h3', {}, error), h('p', { class: 'muted' }, ERRORS[error]), errorSections[i]);
      return kinds[i];
    })), userStatus),
    card('Holders', holders),
  ];
}
