// The seller's admin API (docs/admin.md) as the dashboard uses it. The page
// holds no secret: the operator pastes the admin token, which is kept in
// sessionStorage (this tab only, gone when it closes) and sent as a bearer
// token with every call. Errors are the API's {"error": {"code", "message"}}.

const TOKEN_KEY = 'l402d.admin-token';
const REVOKED_KEY = 'l402d.admin-revoked';

export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

function stored(key, fallback) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null') ?? fallback;
  } catch {
    return fallback;
  }
}

function store(key, value) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused (private mode): the token lasts until the next reload.
  }
}

let memoryToken = '';
export function savedToken() { return stored(TOKEN_KEY, memoryToken); }
export function saveToken(token) { memoryToken = token; store(TOKEN_KEY, token); }
export function forgetToken() { memoryToken = ''; store(TOKEN_KEY, null); }

// The ledger does not record revocations, so the page remembers those made
// from this tab: token ids, and per service the time all its tokens were revoked.
export function revocations() { return stored(REVOKED_KEY, { tokens: [], services: {} }); }
function noteRevocation(change) {
  const r = revocations();
  change(r);
  store(REVOKED_KEY, r);
}

async function errorOf(response) {
  try {
    const body = await response.json();
    if (body?.error?.message) return new ApiError(body.error.code, body.error.message, response.status);
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return new ApiError(`http_${response.status}`, `The server answered ${response.status}.`, response.status);
}

async function call(method, path, body) {
  const headers = { Authorization: `Bearer ${savedToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(`/api/admin/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!r.ok) throw await errorOf(r);
  return r.json();
}

const named = (name) => encodeURIComponent(name);

export const status = () => call('GET', 'status');
export const services = async () => (await call('GET', 'services')).services;
export const tokens = async (query) => (await call('GET', `tokens?${new URLSearchParams(query)}`)).tokens;
export const revenue = (days) => call('GET', `revenue?days=${days}`);
export const changeService = (name, change) => call('PATCH', `services/${named(name)}`, change);

export async function revokeService(name) {
  const out = await call('POST', `services/${named(name)}/revoke`);
  noteRevocation((r) => { r.services[name] = Math.floor(Date.now() / 1000); });
  return out;
}

export async function revokeToken(id) {
  const out = await call('POST', `tokens/${named(id)}/revoke`);
  noteRevocation((r) => { if (!r.tokens.includes(id)) r.tokens.push(id); });
  return out;
}
