// What the signed-in caller may do, learned from the API rather than from failed clicks:
// a user's token reads /Me and its effectiveRoles, and /Roles lists each role's permissions.
// A token bound to no user (the administrator token, an API client without a user) has no /Me, so
// its permissions cannot be read; its controls stay enabled and the API's 403 detail is shown.
import { api, page, URN } from './api.js';

export const caps = {
  me: null,
  roles: [],
  perms: null, // null: unknown, every control enabled and the API decides
  types: new Set(),
  can(permission) { return !permission || this.perms === null || this.perms.has(permission); },
  has(type) { return this.types.has(type); },
};

/** Reads the caller and the server's resource types; `me` is /Me's answer, or null for a 404. */
export async function learn(me) {
  const types = await api.get('ResourceTypes');
  caps.types = new Set((types.Resources || []).map((t) => t.name));
  caps.me = me;
  caps.roles = [];
  caps.perms = null;
  if (!me) return;
  const effective = ((me[URN.userExt] || {}).effectiveRoles) || [];
  caps.roles = [...new Set(effective.map((r) => r.display || r.value))];
  caps.perms = new Set();
  if (!caps.has('Role') || !effective.length) return;
  const wanted = new Set(effective.map((r) => r.value));
  const roles = await page('Roles', { count: 100 });
  for (const r of roles.items) {
    if (wanted.has(r.value) || wanted.has(r.id)) {
      for (const p of ((r[URN.roleExt] || {}).permissions || [])) caps.perms.add(p);
    }
  }
}

/** Whether anything the console offers to change is out of the caller's reach. */
export function readOnly() {
  return caps.perms !== null && !['users.manage', 'groups.manage', 'licenses.assign', 'apiClients.manage', 'tenant.manage']
    .some((p) => caps.perms.has(p));
}
