// What the signed-in caller may do, learned from the API rather than from failed clicks:
// a user's token reads /Me and its effectiveRoles, an API client bound to no user reads /Me as its own
// ApiClient record and its roles, and /Roles lists each role's permissions. Only the administrator
// token has no /Me: it may do everything.
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
  const client = (me.schemas || []).includes(URN.apiClient);
  const effective = client ? (me.roles || []) : (((me[URN.userExt] || {}).effectiveRoles) || []);
  caps.roles = [...new Set(effective.map((r) => r.display || r.value))];
  caps.perms = new Set();
  if (!caps.has('Role') || !effective.length) return;
  const wanted = new Set(effective.map((r) => String(r.value).toLowerCase()));
  const roles = await page('Roles', { count: 100 });
  const names = [];
  for (const r of roles.items) {
    if (wanted.has(String(r.value).toLowerCase()) || wanted.has(String(r.id).toLowerCase())) {
      names.push(r.display || r.value);
      for (const p of ((r[URN.roleExt] || {}).permissions || [])) caps.perms.add(p);
    }
  }
  if (client) caps.roles = names; // a client's roles carry ids only: name them from /Roles
}

/** Whether anything the console offers to change is out of the caller's reach. */
export function readOnly() {
  return caps.perms !== null && !['users.manage', 'groups.manage', 'licenses.assign', 'apiClients.manage', 'tenant.manage']
    .some((p) => caps.perms.has(p));
}
