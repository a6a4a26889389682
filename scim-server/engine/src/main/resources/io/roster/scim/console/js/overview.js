// Overview: counts, every license's seats, groups with members in license error, background jobs.
import { page, total, URN, nameOf } from './api.js';
import { caps } from './caps.js';
import { card, h, link, paged, progress, seats, watch } from './ui.js';

const COUNTED = [['User', 'Users', 'users'], ['Group', 'Groups', 'groups'], ['License', 'Licenses', 'licenses'],
  ['Role', 'Roles', 'roles'], ['Application', 'Applications', 'applications'], ['ApiClient', 'ApiClients', 'clients']];

export const ERRORS_FILTER = `${URN.groupExt}:hasMembersWithLicenseErrors eq true`;

export function overview(view) {
  const counts = h('ul', { class: 'counts', 'aria-label': 'Counts' });
  for (const [type, path, route] of COUNTED) {
    if (!caps.has(type)) continue;
    const n = h('strong', {}, '…');
    counts.append(h('li', {}, n, link(`#/${route}`, path === 'ApiClients' ? 'API clients' : path)));
    total(path).then((t) => { n.textContent = t.toLocaleString(); }, (e) => { n.textContent = '—'; n.title = e.message; });
  }
  const content = [h('h1', {}, 'Overview'), counts];
  const grid = h('div', { class: 'grid' });
  if (caps.has('License')) {
    grid.append(card('License seats', paged({
      label: 'License seats',
      fetchPage: (cursor) => page('Licenses', { cursor, count: 20,
        attributes: 'value,display,totalAssignmentsUsed,totalAssignmentsPermitted' }),
      columns: [
        { label: 'License', cell: (l) => link(`#/licenses/${encodeURIComponent(l.id)}`, l.display || l.value) },
        { label: 'Seats used', cell: (l) => seats(l.totalAssignmentsUsed, l.totalAssignmentsPermitted, l.display || l.value) },
      ],
      empty: 'No licenses yet.',
    })));
    grid.append(card('Groups with members in license error', paged({
      label: 'Groups in error',
      fetchPage: (cursor) => page('Groups', { cursor, count: 20, filter: ERRORS_FILTER,
        attributes: `displayName,${URN.groupExt}:licenseProcessingState` }),
      columns: [
        { label: 'Group', cell: (g) => link(`#/groups/${encodeURIComponent(g.id)}`, g.displayName) },
        { label: 'Processing', cell: (g) => (g[URN.groupExt] || {}).licenseProcessingState || '' },
      ],
      empty: 'No group has members in error.',
    })));
  }
  if (caps.has('Job')) grid.append(card('Background work in progress', jobs(view, 'state ne "completed"')));
  content.push(grid);
  return h('div', {}, content);
}

/** Jobs matching a filter with their progress, refreshed every 2 s while the page is shown. */
export function jobs(view, filter) {
  const list = paged({
    label: 'Jobs',
    fetchPage: (cursor) => page('Jobs', { cursor, count: 20, filter }),
    columns: [
      { label: 'Work', cell: (j) => `${j.plugin} · ${j.kind}` },
      // Both bundled plugins key their jobs by the group's id.
      { label: 'Group', cell: (j) => link(`#/groups/${encodeURIComponent(j.key)}`, nameOf('Groups', j.key)) },
      { label: 'State', cell: (j) => `${j.state} (run ${j.run})` },
      { label: 'Progress', cell: (j) => progress(j.processed, j.total, `${j.plugin} ${j.kind}`) },
    ],
    empty: 'Nothing running.',
  });
  watch(view, 2000, async () => { await list.refresh(); return true; });
  return list;
}
