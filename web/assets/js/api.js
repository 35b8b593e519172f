// api.js: the one way pages talk to the server (docs/API.md, /openapi.json).
//
//   const list = await get('/api/v1/procedures', { query: { q, per_page: 10 } });
//   const d = await post(path`/api/v1/dossiers/${code}/forward`, { note });
//   await upload(path`/api/v1/dossiers/${code}/files/${name}`, file, { query: { key } });
//   try { … } catch (e) { showError(box, e) }   // layout.js; or errorMessage(e)
//
// JSON in and out. An error answer (application/problem+json) becomes an
// ApiError whose message comes from the catalog by its `code`
// ("error.<code>"). Mutating requests carry the X-CSRF-Token of the
// sign-in, kept in sessionStorage (fetched again from GET /api/v1/session
// when a new tab has none). On a staff page, 401 (no or expired session)
// sends the browser to the sign-in page, which returns here after.
//
// The session cookie is HttpOnly, so a page cannot see it; a marker in
// localStorage (set by signIn, cleared by signOut and by a 401) tells
// whether asking GET /api/v1/session is worth it, so that a signed-out
// visitor is sent to the sign-in page without a 401 on the way.

import { has, t } from './i18n.js';

const CSRF_KEY = 'motcua.csrf';
const SIGNED_IN_KEY = 'motcua.signed_in';
export const SIGN_IN_PATH = '/can-bo/dang-nhap';
export const STAFF_HOME = '/can-bo';

/** An error answer: status (0 when the server could not be reached), code, detail. */
export class ApiError extends Error {
	constructor(status, problem = {}) {
		super(problem.detail || problem.title || `HTTP ${status}`);
		this.name = 'ApiError';
		this.status = status;
		this.code = problem.code || (status ? 'http_error' : 'network_error');
		this.detail = problem.detail || '';
		this.problem = problem;
		this.redirecting = false; // true when a 401 is taking the browser to the sign-in page
	}
}

/** The user-facing message of an error, in the current language. */
export function errorMessage(err) {
	if (err instanceof ApiError) {
		if (has(`error.${err.code}`))
			return t(`error.${err.code}`);
		return t(err.status >= 500 ? 'error.server' : 'error.generic');
	}
	return t('error.generic');
}

function csrfToken() {
	try {
		return sessionStorage.getItem(CSRF_KEY);
	} catch {
		return null;
	}
}

function keepCsrf(token) {
	try {
		if (token)
			sessionStorage.setItem(CSRF_KEY, token);
		else
			sessionStorage.removeItem(CSRF_KEY);
	} catch {
		// storage disabled: every mutating request fetches the token again
	}
}

function markSignedIn(yes) {
	try {
		if (yes)
			localStorage.setItem(SIGNED_IN_KEY, '1');
		else
			localStorage.removeItem(SIGNED_IN_KEY);
	} catch {
		// storage disabled: mayBeSignedIn() stays true
	}
}

/** False when this browser surely has no session (it signed out, or never signed in). */
export function mayBeSignedIn() {
	try {
		return localStorage.getItem(SIGNED_IN_KEY) === '1';
	} catch {
		return true;
	}
}

/** Whether this page is a staff page other than the sign-in page. */
function onStaffPage() {
	return location.pathname.startsWith(STAFF_HOME) && location.pathname !== SIGN_IN_PATH;
}

/** The sign-in URL that returns to this page afterwards. */
export function signInUrl({ expired = false } = {}) {
	const q = new URLSearchParams({ next: location.pathname + location.search });
	if (expired)
		q.set('expired', '1');
	return `${SIGN_IN_PATH}?${q}`;
}

function url(p, query) {
	if (!p.startsWith('/api/'))
		throw new Error(`api: ${p} is not an API path`);
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(query || {}))
		if (v !== null && v !== undefined && v !== '')
			q.append(k, String(v));
	const s = q.toString();
	return s ? `${p}?${s}` : p;
}

async function parse(resp) {
	if (resp.status === 204)
		return null;
	const type = resp.headers.get('Content-Type') || '';
	if (type.includes('json'))
		return resp.json();
	return resp.blob();
}

/**
 * Sends one request. opts: query (object), body (JSON), file (Blob: the raw
 * body, for uploads), signal (AbortSignal), redirect401 (default true).
 * Resolves to the parsed JSON (null for 204, a Blob for other types);
 * rejects with ApiError.
 */
export async function request(method, p, opts = {}) {
	const { query, body, file, signal, redirect401 = true } = opts;
	const mutating = !['GET', 'HEAD'].includes(method);
	const headers = { Accept: 'application/json' };
	let payload;
	if (file !== undefined) {
		payload = file;
		headers['Content-Type'] = file.type || 'application/octet-stream';
	} else if (body !== undefined) {
		payload = JSON.stringify(body);
		headers['Content-Type'] = 'application/json';
	}
	if (mutating && !csrfToken() && p !== '/api/v1/session' && mayBeSignedIn())
		await refreshCsrf();
	if (mutating && csrfToken())
		headers['X-CSRF-Token'] = csrfToken();

	let resp;
	try {
		resp = await fetch(url(p, query), {
			method, headers, body: payload, signal, credentials: 'same-origin', cache: 'no-store',
		});
	} catch (e) {
		if (e.name === 'AbortError')
			throw e;
		throw new ApiError(0, { code: 'network_error' });
	}
	if (resp.ok)
		return parse(resp);

	let problem = {};
	try {
		problem = await resp.json();
	} catch {
		// not JSON: keep the status only
	}
	const err = new ApiError(resp.status, problem);
	if (resp.status === 403 && err.code === 'csrf_failed' && !opts.retried) {
		keepCsrf(null);
		return request(method, p, { ...opts, retried: true });
	}
	if (resp.status === 401 && p !== '/api/v1/session')
		markSignedIn(false);
	if (resp.status === 401 && redirect401 && onStaffPage()) {
		keepCsrf(null);
		markSignedIn(false);
		err.redirecting = true;
		location.assign(signInUrl({ expired: true }));
	}
	throw err;
}

export const get = (p, opts) => request('GET', p, opts);
export const post = (p, body, opts = {}) => request('POST', p, { ...opts, body: body ?? {} });
export const put = (p, body, opts = {}) => request('PUT', p, { ...opts, body });
export const del = (p, opts) => request('DELETE', p, opts);
/** PUT of a file as the raw body (dossier files). */
export const upload = (p, file, opts = {}) => request('PUT', p, { ...opts, file });

/** Fetches the CSRF token of the current session, if any. */
async function refreshCsrf() {
	try {
		const s = await request('GET', '/api/v1/session', { redirect401: false });
		keepCsrf(s.csrf_token);
	} catch {
		// not signed in: the request goes without a token and gets its 401
	}
}

/**
 * The signed-in user {username, full_name, roles:[{role, unit}]}, or null.
 * Never redirects. Asks the server only when mayBeSignedIn().
 */
export async function currentUser() {
	if (!mayBeSignedIn())
		return null;
	try {
		const s = await request('GET', '/api/v1/session', { redirect401: false });
		keepCsrf(s.csrf_token);
		return s.user;
	} catch (e) {
		if (e instanceof ApiError && e.status === 401) {
			markSignedIn(false);
			return null;
		}
		throw e;
	}
}

/** Signs in; resolves to the user; rejects with ApiError (invalid_credentials, rate_limited…). */
export async function signIn(username, password) {
	const s = await request('POST', '/api/v1/session', {
		body: { username, password }, redirect401: false,
	});
	keepCsrf(s.csrf_token);
	markSignedIn(true);
	return s.user;
}

/** Signs out (an expired session counts as signed out) and forgets the token. */
export async function signOut() {
	try {
		await request('DELETE', '/api/v1/session', { redirect401: false });
	} catch (e) {
		if (!(e instanceof ApiError && e.status === 401))
			throw e;
	} finally {
		keepCsrf(null);
		markSignedIn(false);
	}
}

/** Whether the user holds role (at any unit when unit is omitted). */
export function hasRole(user, role, unit) {
	return !!user && (user.roles || []).some((g) => g.role === role && (!unit || g.unit === unit));
}
