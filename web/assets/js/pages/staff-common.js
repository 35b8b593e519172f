// staff-common.js: what the staff workspace's pages share (docs/web.md
// "Staff workspace"): the server's clock, unit and procedure look-ups,
// role coverage, working-time arithmetic, form fields with their errors,
// the pager and small formatting helpers.
//
// Everything here uses the public API only. Look-ups are cached for the
// life of the page (units and procedures change rarely).
import { get } from '../api.js';
import { $, h, path, uid } from '../dom.js';
import { formatDateTime } from '../format.js';
import { formatNumber, t } from '../i18n.js';

// ---------- the server's now ----------

/**
 * The server's notion of now (GET /healthz): the test clock in the
 * browser tests, the wall clock otherwise. Falls back to the browser's
 * clock when /healthz cannot be read.
 */
export async function serverNow() {
	try {
		const r = await fetch('/healthz', { headers: { Accept: 'application/json' }, cache: 'no-store' });
		if (r.ok) {
			const j = await r.json();
			const d = new Date(j.now);
			if (!Number.isNaN(d.getTime()))
				return d;
		}
	} catch {
		// unreachable: the browser's clock will do
	}
	return new Date();
}

// ---------- units, procedures, roles ----------

const unitCache = new Map();

/** The unit {code, name, short_name, level, parent, office_hours, …} or null (cached). */
export function unitInfo(code) {
	if (!code)
		return Promise.resolve(null);
	if (!unitCache.has(code))
		unitCache.set(code, get(path`/api/v1/units/${code}`).catch(() => null));
	return unitCache.get(code);
}

/** Puts a unit already read (a list answer) into the cache. */
export function rememberUnit(u) {
	if (u && u.code && !unitCache.has(u.code))
		unitCache.set(u.code, Promise.resolve(u));
}

/** The unit's code followed by its ancestors' codes (nearest first). */
export async function unitChain(code) {
	const chain = [];
	let c = code;
	while (c && chain.length < 12 && !chain.includes(c)) {
		chain.push(c);
		const u = await unitInfo(c);
		c = u ? u.parent : null;
	}
	return chain;
}

/**
 * Whether the user holds one of roles at unit or at a unit above it (a
 * role holds at its unit and every unit below, docs/access.md).
 */
export async function covers(user, roles, unit) {
	const list = Array.isArray(roles) ? roles : [roles];
	const grants = (user && user.roles ? user.roles : []).filter((g) => list.includes(g.role));
	if (!unit || grants.length === 0)
		return false;
	if (grants.some((g) => g.unit === unit))
		return true;
	const chain = await unitChain(unit);
	return grants.some((g) => chain.includes(g.unit));
}

/** A unit's name (Vietnamese data: lang="vi") with its code, filled in when known. */
export function unitLabel(code, { withCode = true } = {}) {
	if (!code)
		return h('span', { text: '—' });
	const name = h('span', { lang: 'vi', text: code });
	const el = h('span', { class: 'unit-label' }, name);
	unitInfo(code).then((u) => {
		if (u) {
			name.textContent = u.short_name || u.name;
			if (withCode)
				el.append(' ', h('span', { class: 'muted small mono', text: `(${code})` }));
		}
	});
	return el;
}

const procCache = new Map();

/** A procedure (the current version, or version n), cached; null when unknown. */
export function procedureInfo(code, version) {
	const k = `${code}@${version || ''}`;
	if (!procCache.has(k))
		procCache.set(k, get(path`/api/v1/procedures/${code}`, { query: { version } }).catch(() => null));
	return procCache.get(k);
}

/** The procedure's name (lang="vi"), filled in when known; the code meanwhile. */
export function procedureLabel(code) {
	const el = h('span', { lang: 'vi', text: code });
	procedureInfo(code).then((p) => {
		if (p)
			el.textContent = p.name;
	});
	return el;
}

// ---------- working time (R-CAL-4) ----------

const VN_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** The default office hours, minutes from midnight (DOMAIN.md R-CAL-4). */
const DEFAULT_HOURS = [[450, 690], [810, 1020]];

/** "07:30-11:30,13:30-17:00" → [[450, 690], [810, 1020]]; the default for null or a bad value. */
export function parseHours(s) {
	if (!s)
		return DEFAULT_HOURS;
	const out = [];
	for (const part of String(s).split(',')) {
		const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
		if (!m)
			return DEFAULT_HOURS;
		const a = Number(m[1]) * 60 + Number(m[2]);
		const b = Number(m[3]) * 60 + Number(m[4]);
		if (b <= a)
			return DEFAULT_HOURS;
		out.push([a, b]);
	}
	return out.length ? out : DEFAULT_HOURS;
}

/** The Vietnamese calendar date (YYYY-MM-DD) of an instant. */
export function vnDate(d) {
	return new Date(new Date(d).getTime() + VN_MS).toISOString().slice(0, 10);
}

/** An ISO date plus n days. */
export function addDays(date, n) {
	return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Working seconds in a working day of these hours (7.5 h by default). */
export function daySeconds(hours = DEFAULT_HOURS) {
	return hours.reduce((s, [a, b]) => s + (b - a) * 60, 0);
}

/**
 * Working time over a window of days read from GET /api/v1/calendar/days
 * (the official tables, the unit's exceptions) and the unit's office
 * hours: between(a, b) in seconds, add(a, seconds) → Date (null past the
 * window).
 */
export class Worktime {
	constructor(days, hours) {
		this.working = new Map(days.map((d) => [d.date, !!d.working]));
		this.dates = days.map((d) => d.date);
		this.hours = hours;
		this.daySeconds = daySeconds(hours);
	}

	/** The working intervals [start, end] in ms, in order, from the window's first day. */
	* intervals() {
		for (const date of this.dates) {
			if (!this.working.get(date))
				continue;
			const base = Date.parse(`${date}T00:00:00Z`) - VN_MS;
			for (const [a, b] of this.hours)
				yield [base + a * 60000, base + b * 60000];
		}
	}

	/** Working seconds between two instants (0 when b ≤ a). */
	between(a, b) {
		const from = new Date(a).getTime();
		const to = new Date(b).getTime();
		let ms = 0;
		for (const [s, e] of this.intervals()) {
			if (s >= to)
				break;
			const lo = Math.max(s, from);
			const hi = Math.min(e, to);
			if (hi > lo)
				ms += hi - lo;
		}
		return Math.round(ms / 1000);
	}

	/** The instant `seconds` of working time after a; null beyond the window. */
	add(a, seconds) {
		const from = new Date(a).getTime();
		let left = seconds * 1000;
		for (const [s, e] of this.intervals()) {
			if (e <= from)
				continue;
			const lo = Math.max(s, from);
			if (e - lo >= left)
				return new Date(lo + left);
			left -= e - lo;
		}
		return null;
	}
}

/** The working time of unit (its office hours and calendar) for `days` days from `from`. */
export async function loadWorktime(unit, from, days = 31) {
	const start = vnDate(from);
	const [cal, u] = await Promise.all([
		get('/api/v1/calendar/days', { query: { from: start, to: addDays(start, days), unit } }),
		unitInfo(unit),
	]);
	return new Worktime(cal.days || [], parseHours(u && u.office_hours));
}

/** Working seconds in words: "5 giờ 30 phút" / "5 h 30 min". */
export function formatWorkSeconds(s) {
	const mins = Math.max(0, Math.round(s / 60));
	const hh = Math.floor(mins / 60);
	const mm = mins % 60;
	if (hh && mm)
		return t('staff.time.hm', { h: formatNumber(hh), m: formatNumber(mm) });
	if (hh)
		return t('staff.time.h', { h: formatNumber(hh) });
	return t('staff.time.m', { m: formatNumber(mm) });
}

// ---------- forms ----------

/** UTF-8 length of a string (the server counts bytes). */
export function bytes(s) {
	return new TextEncoder().encode(String(s ?? '')).length;
}

/**
 * A labelled field: { label (key), hint (key), input (element), required }.
 * The input gets its id, aria-describedby (hint and error) and
 * aria-required; returns the .field element.
 */
export function field({ label, hint, input, required = false, labelText, extraClass }) {
	const id = input.id || uid('f');
	input.id = id;
	const hintId = hint ? `${id}-hint` : null;
	const errId = `${id}-error`;
	input.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
	if (required)
		input.setAttribute('aria-required', 'true');
	return h('div', { class: ['field', extraClass] },
		h('label', { for: id },
			labelText ? h('span', { text: labelText }) : h('span', { i18n: label }),
			required && [' ', h('span', { class: 'req', i18n: 'common.required' })]),
		hint && h('span', { class: 'hint', id: hintId, i18n: hint }),
		h('span', { class: 'field-error', id: errId, hidden: true }),
		input);
}

/**
 * Shows (key) or clears (null) the error of a field's input; params fill
 * {placeholders} (then the text does not follow a language switch until
 * the next check). Returns whether the field is valid.
 */
export function setFieldError(input, key, params) {
	return markError($(`#${CSS.escape(input.id)}-error`), input, key, params);
}

/** Shows key (with params) in err and marks target invalid, or clears both; true when no key. */
function markError(err, target, key, params) {
	if (!err)
		return !key;
	if (key) {
		if (params) {
			delete err.dataset.i18n;
			err.textContent = t(key, params);
		} else {
			err.dataset.i18n = key;
			err.textContent = t(key);
		}
		err.hidden = false;
		target.setAttribute('aria-invalid', 'true');
	} else {
		delete err.dataset.i18n;
		err.textContent = '';
		err.hidden = true;
		target.removeAttribute('aria-invalid');
	}
	return !key;
}

/** Sets the error of a group (a fieldset with an .field-error child). */
export function setGroupError(fieldset, key) {
	return markError(fieldset.querySelector(':scope > .field-error'), fieldset, key);
}

/** Focuses the first invalid control of a form (after a failed check). */
export function focusFirstInvalid(form) {
	const bad = form.querySelector('[aria-invalid="true"]');
	if (!bad)
		return;
	const target = bad.matches('fieldset') ? bad.querySelector('input, select, textarea') : bad;
	if (target)
		target.focus();
}

/** A select of options [{value, key}] or [{value, text}]. */
export function select(options, attrs = {}) {
	return h('select', attrs, options.map((o) => h('option', {
		value: o.value, i18n: o.key || null, text: o.key ? null : o.text, lang: o.lang || null,
	})));
}

/** Disables a form's button while fn runs; the button says busyKey meanwhile. */
export async function busy(button, busyKey, fn) {
	const key = button.dataset.i18n;
	button.disabled = true;
	if (busyKey) {
		button.dataset.i18n = busyKey;
		button.textContent = t(busyKey);
	}
	try {
		return await fn();
	} finally {
		button.disabled = false;
		if (busyKey && key) {
			button.dataset.i18n = key;
			button.textContent = t(key);
		}
	}
}

// ---------- files ----------

const FILE_MAX = 20 * 1024 * 1024;
const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

/** A file name the server accepts (A-Z a-z 0-9 . _ -, at most 100 bytes), from any name. */
export function safeFileName(name, prefix = '') {
	const dot = name.lastIndexOf('.');
	const ext = dot > 0 ? name.slice(dot + 1).toLowerCase().replace(/[^a-z0-9]/g, '') : '';
	let base = (dot > 0 ? name.slice(0, dot) : name).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D')).replace(/[^A-Za-z0-9_-]+/g, '-')
		.replace(/-+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
	base = `${prefix}${base || 'tep'}`.slice(0, 90);
	return ext ? `${base}.${ext.slice(0, 8)}` : base;
}

/** Whether a chosen file is a PDF, PNG or JPEG of at most 20 MiB: null or an error key. */
export function fileProblem(file) {
	if (!file)
		return null;
	const byName = /\.(pdf|png|jpe?g)$/i.test(file.name);
	if (!FILE_TYPES.includes(file.type) && !byName)
		return 'staff.files.bad_type';
	if (file.size > FILE_MAX)
		return 'staff.files.too_large';
	if (file.size === 0)
		return 'staff.files.empty';
	return null;
}

// ---------- the ISO instant of a datetime-local value (Vietnam's time) ----------

/** "2026-03-12T17:00" (a datetime-local value, Vietnam's time) → "2026-03-12T17:00:00+07:00". */
export function localToIso(v) {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v || ''))
		return null;
	return `${v}:00+07:00`;
}

/** An instant → the datetime-local value in Vietnam's time ("2026-03-12T17:00"). */
export function isoToLocal(iso) {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime()))
		return '';
	return new Date(d.getTime() + VN_MS).toISOString().slice(0, 16);
}

// ---------- small views ----------

/** A <time> showing the instant, or a dash. */
export function when(iso) {
	return iso ? h('time', { datetime: iso, class: 'nowrap', text: formatDateTime(iso) }) : h('span', { text: '—' });
}

/** A file size in words (KB, MB). */
export function formatSize(n) {
	if (n < 1024)
		return t('staff.size.b', { n: formatNumber(n) });
	if (n < 1024 * 1024)
		return t('staff.size.kb', { n: formatNumber(Math.round(n / 102.4) / 10) });
	return t('staff.size.mb', { n: formatNumber(Math.round(n / (1024 * 102.4)) / 10) });
}

/**
 * A pager: previous / "page x of y" / next, as buttons calling go(page).
 * label: the catalog key of its aria-label.
 */
export function pager({ page, pages, go, label = 'staff.pager.label' }) {
	if (pages <= 1)
		return null;
	const btn = (key, p, disabled) => h('button', {
		type: 'button', class: 'btn btn--small', i18n: key, disabled: disabled || null,
		on: { click: () => go(p) },
	});
	return h('nav', { class: 'pager', i18nAttr: `aria-label:${label}` },
		btn('common.previous', page - 1, page <= 1),
		h('span', { class: 'pager__status', 'aria-live': 'polite', text: t('common.page', { page: formatNumber(page), pages: formatNumber(pages) }) }),
		btn('common.next', page + 1, page >= pages));
}

// ---------- identification (DOMAIN.md R-ID-1, R-ID-2), as the server checks them ----------

/** The 63 legacy province codes of personal identification numbers (src/core/ident.c). */
const PROVINCES = new Set([1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
	34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72,
	74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96]);

/** R-ID-1: null when valid, else the catalog key of the reason. */
export function idNumberProblem(s, now = new Date()) {
	if (!/^[0-9]{12}$/.test(s))
		return 'staff.v.id_format';
	if (!PROVINCES.has(Number(s.slice(0, 3))))
		return 'staff.v.id_province';
	const g = Number(s[3]);
	const year = 1900 + Math.floor(g / 2) * 100 + Number(s.slice(4, 6));
	if (year > Number(vnDate(now).slice(0, 4)))
		return 'staff.v.id_future';
	return null;
}

/** R-ID-2: 10 digits with the check digit, optionally -NNN (not 000), or a 12-digit personal number. */
export function taxCodeProblem(s, now = new Date()) {
	if (/^[0-9]{12}$/.test(s))
		return idNumberProblem(s, now) ? 'staff.v.tax_personal' : null;
	const m = /^([0-9]{10})(?:-([0-9]{3}))?$/.exec(s);
	if (!m)
		return 'staff.v.tax_format';
	const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
	let sum = 0;
	for (let i = 0; i < 9; i++)
		sum += Number(m[1][i]) * w[i];
	const check = sum % 11 === 0 ? -1 : 10 - (sum % 11);
	if (check !== Number(m[1][9]))
		return 'staff.v.tax_check';
	if (m[2] === '000')
		return 'staff.v.tax_format';
	return null;
}

/** The applicant's phone: 9-16 bytes of digits and spaces, one leading +. */
export function phoneProblem(s) {
	if (!s)
		return 'staff.v.required';
	if (!/^\+?[0-9 ]+$/.test(s) || s.length < 9 || s.length > 16 || s.replace(/[^0-9]/g, '').length < 4)
		return 'staff.v.phone_format';
	return null;
}

// ---------- administration ----------

/** Whether the user is an administrator; if not, says so in box (the server would answer 403). */
export function requireAdmin(user, box) {
	if ((user.roles || []).some((g) => g.role === 'admin'))
		return true;
	box.replaceChildren(h('div', { class: 'alert alert--warning', role: 'status' },
		h('p', { i18n: 'staff.admin.only' })));
	return false;
}

/** The administrator's units (the roots of what they may change). */
export function adminUnits(user) {
	return [...new Set((user.roles || []).filter((g) => g.role === 'admin').map((g) => g.unit))];
}

/**
 * Wraps the content of each labelled cell (td/th[data-label]) in one
 * span, so that a table--stack shows "label  value" on narrow screens
 * whatever the cell holds. Returns root.
 */
export function stackCells(root) {
	for (const cell of root.querySelectorAll('[data-label]')) {
		const span = document.createElement('span');
		span.className = 'cell';
		span.append(...cell.childNodes);
		cell.append(span);
	}
	return root;
}
