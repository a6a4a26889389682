// The console's only way to the server: the SCIM API, with the signed-in token as a Bearer header.
// The token lives in sessionStorage (this tab only, gone when it closes) and never in a URL.
const TOKEN_KEY = 'roster.console.token';
const ROOT = new URL('/scim/v2/', location.origin).href;

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  userExt: 'urn:ietf:params:scim:schemas:extension:roster:2.0:User',
  groupExt: 'urn:ietf:params:scim:schemas:extension:roster:2.0:Group',
  licenseExt: 'urn:ietf:params:scim:schemas:extension:roster:2.0:License',
  roleExt: 'urn:ietf:params:scim:schemas:extension:roster:2.0:Role',
  apiClient: 'urn:roster:params:scim:schemas:core:2.0:ApiClient',
};

/** An error answered by the server (RFC 7644 section 3.12): its detail is what the user reads. */
export class ScimError extends Error {
  constructor(status, detail, scimType) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }
}

let unauthorized = () => {};
export function onUnauthorized(handler) { unauthorized = handler; }

export const token = () => sessionStorage.getItem(TOKEN_KEY);
export function remember(t) { sessionStorage.setItem(TOKEN_KEY, t); }
export function forget() { sessionStorage.removeItem(TOKEN_KEY); }

async function request(method, path, body, withToken = token()) {
  const headers = { Accept: 'application/scim+json' };
  if (withToken) headers.Authorization = 'Bearer ' + withToken;
  if (body !== undefined) headers['Content-Type'] = 'application/scim+json';
  let res;
  try {
    res = await fetch(ROOT + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', redirect: 'error',
    });
  } catch (e) {
    throw new ScimError(0, 'The server cannot be reached (' + e.message + ').');
  }
  const text = res.status === 204 ? '' : await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const err = new ScimError(res.status, (json && json.detail) || `${res.status} ${res.statusText}`, json && json.scimType);
    if (res.status === 401 && withToken === token()) unauthorized(err);
    throw err;
  }
  return json;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
  patch: (path, ops) => request('PATCH', path, { schemas: [URN.patch], Operations: ops }),
  del: (path) => request('DELETE', path),
  /** Checks a token without keeping it: /Me answers 200 for a user's token, 404 for one bound to no user. */
  probe: (candidate) => request('GET', 'Me', undefined, candidate),
};

/** path?query with every parameter encoded; empty values are kept only for cursor (RFC 9865: empty starts). */
export function url(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || (v === '' && k !== 'cursor')) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A filter string literal (RFC 7644 section 3.4.2.2 compValue: JSON string). */
export const lit = (s) => JSON.stringify(String(s));

/** One page of a list, walked with RFC 9865 cursors: never a whole collection. */
export async function page(path, { filter, attributes, excludedAttributes, cursor = '', count = 25 } = {}) {
  const json = await api.get(url(path, { filter, attributes, excludedAttributes, cursor, count }));
  return {
    items: json.Resources || [], total: json.totalResults,
    next: json.nextCursor || null, prev: json.previousCursor || null,
  };
}

/** Only the count of a list (count=0 asks for no resources). */
export async function total(path, filter) {
  const json = await api.get(url(path, { filter, count: 0 }));
  return json.totalResults;
}

/** Read-mostly names (groups, licenses, roles) shown beside ids, fetched once per id per page view. */
const names = new Map();
export function nameOf(type, id, attribute = 'displayName') {
  const key = `${type}/${id}`;
  if (!names.has(key)) {
    names.set(key, api.get(url(`${type}/${encodeURIComponent(id)}`, { attributes: attribute }))
      .then((r) => r[attribute] || id, () => id));
  }
  return names.get(key);
}
export function forgetNames() { names.clear(); }

/** The License with this SKU id (value), or null. */
export async function licenseBySku(sku) {
  const key = `sku/${sku.toLowerCase()}`;
  if (!names.has(key)) {
    names.set(key, api.get(url('Licenses', { filter: `value eq ${lit(sku)}`, count: 1 }))
      .then((r) => (r.Resources && r.Resources[0]) || null, () => null));
  }
  return names.get(key);
}
