// Checks a dynamic group's rule before it is saved. A SCIM rule is checked by the server itself: it is
// sent as a filter over /Users with count=0, which answers 400 with the parser's detail or how many
// users match now. An Entra rule (user.department -eq "Sales") is first translated here, following the
// table in the README's "Dynamic groups"; the server translates it again on save and shows what it
// evaluates (membershipRuleFilter), so the server stays the authority.
import { ScimError, total, URN } from './api.js';
import { h } from './ui.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:';
const PROPS = {
  accountenabled: 'active', userprincipalname: 'userName', displayname: 'displayName',
  givenname: 'name.givenName', surname: 'name.familyName', mail: 'emails.value', othermails: 'emails.value',
  mailnickname: 'nickName', jobtitle: 'title', usertype: 'userType', employeetype: 'userType',
  preferredlanguage: 'preferredLanguage', telephonenumber: 'phoneNumbers.value', mobile: 'phoneNumbers.value',
  streetaddress: 'addresses.streetAddress', city: 'addresses.locality', state: 'addresses.region',
  postalcode: 'addresses.postalCode', country: 'addresses.country', objectid: 'id',
  department: `${ENT}department`, companyname: `${ENT}organization`, employeeid: `${ENT}employeeNumber`,
  costcenter: `${ENT}costCenter`, division: `${ENT}division`, manager: `${ENT}manager.value`,
  usagelocation: `${URN.userExt}:usageLocation`,
};
const OPS = { eq: 'eq', ne: 'ne', startswith: 'sw', contains: 'co', ge: 'ge', le: 'le',
  notstartswith: 'not sw', notcontains: 'not co', in: 'in', notin: 'not in' };

export const isEntra = (rule) => /(^|[\s(])user\.[a-z]/i.test(rule);

function tokens(text) {
  const out = [];
  const re = /(\()|(\))|(\[)|(\])|(,)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?[A-Za-z_][A-Za-z0-9_.]*)|(-?\d+(?:\.\d+)?)/y;
  let pos = 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos])) pos += 1;
    if (pos >= text.length) return out;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`cannot read the rule at position ${pos + 1}`);
    if (m[6] !== undefined || m[7] !== undefined) out.push({ k: 'str', v: m[6] ?? m[7], at: pos });
    else if (m[8]) out.push({ k: 'word', v: m[8], at: pos });
    else if (m[9]) out.push({ k: 'num', v: m[9], at: pos });
    else out.push({ k: m[0], at: pos });
    pos = re.lastIndex;
  }
}

/** The SCIM filter an Entra rule means; throws with the position of what it cannot translate. */
export function translate(text) {
  const t = tokens(text);
  let i = 0;
  const peekWord = () => (t[i] && t[i].k === 'word' ? t[i].v.replace(/^-/, '').toLowerCase() : null);
  const fail = (what) => { throw new Error(`${what} at position ${t[i] ? t[i].at + 1 : text.length}`); };
  const value = () => {
    const v = t[i++];
    if (!v) fail('a value is missing');
    if (v.k === 'str') return JSON.stringify(v.v);
    if (v.k === 'num') return v.v;
    if (v.k === 'word' && /^(true|false|null)$/i.test(v.v)) return v.v.toLowerCase();
    i -= 1;
    return fail('a value is expected');
  };
  const comparison = () => {
    const w = t[i];
    if (!w || w.k !== 'word' || !/^user\./i.test(w.v)) fail('"user.<property>" is expected');
    const attr = PROPS[w.v.slice(5).toLowerCase()];
    if (!attr) fail(`"${w.v}" cannot be used in a rule here`);
    i += 1;
    const op = OPS[peekWord()];
    if (!op) fail('an operator such as -eq is expected');
    i += 1;
    if (op === 'in' || op === 'not in') {
      if (!t[i] || t[i].k !== '[') fail('"[" is expected');
      i += 1;
      const values = [];
      while (t[i] && t[i].k !== ']') {
        values.push(`${attr} eq ${value()}`);
        if (t[i] && t[i].k === ',') i += 1;
      }
      if (!t[i]) fail('"]" is missing');
      i += 1;
      const any = `(${values.join(' or ') || 'id eq ""'})`;
      return op === 'in' ? any : `not ${any}`;
    }
    const v = value();
    if (v === 'null') {
      if (op === 'eq') return `not (${attr} pr)`;
      if (op === 'ne') return `${attr} pr`;
      fail('null can only be compared with -eq or -ne');
    }
    return op.startsWith('not ') ? `not (${attr} ${op.slice(4)} ${v})` : `${attr} ${op} ${v}`;
  };
  const factor = () => {
    if (peekWord() === 'not') { i += 1; return `not (${factor()})`; }
    if (t[i] && t[i].k === '(') {
      i += 1;
      const inner = expr();
      if (!t[i] || t[i].k !== ')') fail('")" is missing');
      i += 1;
      return `(${inner})`;
    }
    return comparison();
  };
  const term = () => {
    let s = factor();
    while (peekWord() === 'and') { i += 1; s = `${s} and ${factor()}`; }
    return s;
  };
  const expr = () => {
    let s = term();
    while (peekWord() === 'or') { i += 1; s = `${s} or ${term()}`; }
    return s;
  };
  const result = expr();
  if (i < t.length) fail('unexpected text');
  return result;
}

/** An element saying whether the rule is valid; its data-valid is "true", "false" or "unknown". */
export async function validateRule(text) {
  const rule = text.trim();
  if (!rule) return verdict('true', 'No rule: the group will be static.');
  let filter = rule;
  let note = '';
  if (isEntra(rule)) {
    try {
      filter = translate(rule);
      note = `Entra rule, read as: ${filter}. `;
    } catch (e) {
      return verdict('unknown', `This Entra rule cannot be checked here (${e.message}); the server checks it when you save.`);
    }
  }
  try {
    const n = await total('Users', filter);
    return verdict('true', `${note}Valid: ${n.toLocaleString()} users match it now.`);
  } catch (e) {
    if (e instanceof ScimError && e.status === 400) return verdict('false', `Not a valid rule: ${e.message}`);
    return verdict('unknown', `Could not check the rule: ${e.message}`);
  }
}

function verdict(valid, message) {
  return h('p', { class: valid === 'false' ? 'error' : valid === 'true' ? 'ok' : 'muted', 'data-valid': valid,
    id: 'rule-check', role: valid === 'false' ? 'alert' : null }, message);
}
