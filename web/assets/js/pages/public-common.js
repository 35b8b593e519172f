// public-common.js: what the public portal's pages share (home, procedure,
// submission, tracking): unit names, the words for a procedure's facts,
// the applicant checks that mirror the server (DOMAIN.md R-ID-1, R-ID-2),
// and form fields wired for accessibility (label, hint, error, aria-*).
//
// Texts that come from data (procedure, field and unit names) are
// Vietnamese in both languages: they carry lang="vi".

import { get } from '../api.js';
import { h, path, uid } from '../dom.js';
import { has, t } from '../i18n.js';
import { announce } from '../layout.js';

// ---------- units ----------

const unitCache = new Map();

/** The unit {code, name, short_name, level, kind, parent}, fetched once per page (a promise). */
export function getUnit(code) {
	if (!unitCache.has(code)) {
		const p = get(path`/api/v1/units/${code}`).catch((err) => {
			unitCache.delete(code);
			throw err;
		});
		unitCache.set(code, p);
	}
	return unitCache.get(code);
}

/**
 * The name to show for a unit: a division ("Phòng Đăng ký kinh doanh")
 * with its parent ("– Sở Tài chính") unless its name already says it.
 */
export async function unitDisplayName(code) {
	const u = await getUnit(code);
	if (u.level === 'division' && u.parent) {
		try {
			const p = await getUnit(u.parent);
			const own = fold(u.name);
			if (![p.name, p.short_name].some((n) => n && own.includes(fold(n))))
				return `${u.name} – ${p.name}`;
		} catch {
			// the name alone
		}
	}
	return u.name;
}

/**
 * The words for a step's or a procedure's unit: a unit code becomes its
 * name (GET /api/v1/units/{code}); "commune:<kind>" (a commune-level
 * procedure's role inside whichever commune receives the dossier) becomes
 * words such as "Công chức Tư pháp – Hộ tịch cấp xã". Resolves to
 * { text, lang } (lang "vi" for a name from the data, null for catalog words).
 */
export async function unitLabel(unit) {
	if (!unit)
		return { text: '', lang: null };
	const m = /^commune:([a-z_]+)$/.exec(unit);
	if (m) {
		const key = `pub.unit_kind.${m[1]}`;
		return { text: has(key) ? t(key) : t('pub.unit_kind.self'), lang: null, kind: m[1] };
	}
	try {
		return { text: await unitDisplayName(unit), lang: 'vi' };
	} catch {
		return { text: unit, lang: null };
	}
}

/** A <span> with a unit label (as unitLabel gives it). */
export function unitSpan(label) {
	return h('span', { text: label.text, lang: label.lang });
}

// ---------- words for catalog values ----------

/** The catalog's words for prefix.value, or the value itself (data the catalog does not know). */
export function word(prefix, value) {
	const key = `${prefix}.${value}`;
	return has(key) ? t(key) : String(value ?? '');
}

/** Text the data gives (Vietnamese in both languages). */
export const vi = (tag, text, attrs = {}) => h(tag, { ...attrs, text, lang: 'vi' });

// ---------- text folding (search without diacritics) ----------

/** "Thủy Nguyên" → "thuy nguyen": lower case, no diacritics, đ → d. */
export function fold(s) {
	return String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase().trim();
}

/** An ASCII slug of a Vietnamese text: "Tờ khai đăng ký" → "to-khai-dang-ky". */
export function slug(s, max = 60) {
	return fold(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max)
		.replace(/-+$/, '');
}

// ---------- applicant checks (mirror src/core/ident.c and api_dossiers.c) ----------

/** The 63 legacy province codes of a personal ID number (R-ID-1). */
const PROVINCES = new Set([
	1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36,
	37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74,
	75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
]);

/** The current year in Vietnam's time. */
function vnYear(now = new Date()) {
	return new Date(now.getTime() + 7 * 3600 * 1000).getUTCFullYear();
}

/**
 * R-ID-1: 12 digits PPP G YY RRRRRR; PPP one of the 63 legacy province
 * codes; G the century and gender (0/1 1900s, 2/3 2000s, 4/5 2100s, …)
 * with YY a birth year not in the future. Returns null when valid, else
 * the catalog key of the reason.
 */
export function idNumberError(s, now) {
	if (!/^[0-9]{12}$/.test(s))
		return 'pub.v.id_format';
	if (!PROVINCES.has(Number(s.slice(0, 3))))
		return 'pub.v.id_province';
	const g = Number(s[3]);
	const year = 1900 + Math.floor(g / 2) * 100 + Number(s.slice(4, 6));
	if (year > vnYear(now))
		return 'pub.v.id_future';
	return null;
}

/** The check digit of the first nine digits of a tax code (R-ID-2), or -1 (no valid digit). */
export function taxCheckDigit(nine) {
	const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
	let sum = 0;
	for (let i = 0; i < 9; i++)
		sum += Number(nine[i]) * w[i];
	return sum % 11 === 0 ? -1 : 10 - (sum % 11);
}

/**
 * R-ID-2: 10 digits whose last is the check digit, optionally -NNN (a
 * branch, not 000); or, since 1 July 2025, a 12-digit personal number.
 * Returns null when valid, else the catalog key of the reason.
 */
export function taxCodeError(s, now) {
	if (/^[0-9]{12}$/.test(s))
		return idNumberError(s, now) ? 'pub.v.tax_personal' : null;
	const m = /^([0-9]{10})(?:-([0-9]{3}))?$/.exec(s);
	if (!m)
		return 'pub.v.tax_format';
	if (taxCheckDigit(m[1]) !== Number(m[1][9]))
		return 'pub.v.tax_check';
	if (m[2] === '000')
		return 'pub.v.tax_format';
	return null;
}

/** Digits, spaces and one leading +; 9-11 digits (13 with an international +84 prefix). */
export function phoneError(s) {
	if (!s)
		return 'pub.v.required';
	if (!/^\+?[0-9 ]+$/.test(s))
		return 'pub.v.phone_format';
	const digits = s.replace(/[^0-9]/g, '').length;
	const max = s.startsWith('+') ? 13 : 11;
	if (digits < 9 || digits > max || s.length > 16)
		return 'pub.v.phone_format';
	return null;
}

/** The tracking key the server derives: the last 4 digits of the phone. */
export function trackingKeyOf(phone) {
	return String(phone ?? '').replace(/[^0-9]/g, '').slice(-4);
}

/** Length in UTF-8 bytes (the server's limits are in bytes). */
export function bytes(s) {
	return new TextEncoder().encode(s).length;
}

// ---------- accessible form fields ----------

/**
 * A labelled field: { wrap, input, error, setError(key|null, params) }.
 * opts: id, label (key), hint (key), required, helper (a search box that
 * is no answer: neither required nor optional), type, tag ('input' |
 * 'textarea' | 'select'), attrs (extra attributes), children (options).
 * The hint and the error are tied to the input by aria-describedby; an
 * error sets aria-invalid and its text comes from the catalog (relabelled
 * on a language switch).
 */
export function field(opts) {
	const id = opts.id || uid('f');
	const hintId = `${id}-hint`;
	const errId = `${id}-error`;
	const tag = opts.tag || 'input';
	const input = h(tag, {
		id, name: opts.name || id, type: tag === 'input' ? (opts.type || 'text') : null,
		'aria-describedby': [opts.hint && hintId, errId].filter(Boolean).join(' '),
		'aria-required': opts.required ? 'true' : null,
		...(opts.attrs || {}),
	}, opts.children || []);
	const label = h('label', { for: id },
		h('span', { i18n: opts.label }), ' ',
		opts.required ? h('span', { class: 'req', i18n: 'common.required' })
			: !opts.helper && h('span', { class: 'opt muted', i18n: 'pub.optional' }));
	const error = h('p', { class: 'field-error', id: errId, hidden: true });
	const wrap = h('div', { class: ['field', opts.class] },
		label,
		opts.hint && h('span', { class: 'hint', id: hintId, i18n: opts.hint }),
		error, input);
	const f = { wrap, input, error, label };
	f.setError = (key, params) => setFieldError(f, key, params);
	return f;
}

/** Shows (key) or clears (null) a field's error. Returns whether the field is valid. */
export function setFieldError(f, key, params) {
	if (key) {
		f.error.dataset.key = key;
		f.error.textContent = t(key, params);
		f.error.hidden = false;
		f.input.setAttribute('aria-invalid', 'true');
	} else {
		delete f.error.dataset.key;
		f.error.textContent = '';
		f.error.hidden = true;
		f.input.removeAttribute('aria-invalid');
	}
	return !key;
}

/** Re-renders the visible field errors in the current language. */
export function relabelErrors(root) {
	for (const el of root.querySelectorAll('.field-error[data-key]'))
		el.textContent = t(el.dataset.key);
}

/**
 * Validates a field when the user leaves it (blur) with something typed:
 * check(value) returns an error key or null. A new error is also said to
 * screen readers.
 */
export function validateOnLeave(f, check) {
	f.input.addEventListener('blur', () => {
		const before = f.error.dataset.key || null;
		const value = f.input.value.trim();
		if (!value && !before)
			return; // passing by an empty field is no error yet: "Continue" says what is missing
		const key = check(value);
		setFieldError(f, key);
		if (key && key !== before)
			announce(t(key));
	});
	// Once shown, an error clears as soon as the value is right.
	f.input.addEventListener('input', () => {
		if (f.error.dataset.key && !check(f.input.value.trim()))
			setFieldError(f, null);
	});
}

/** The procedure's code (or a dossier's) from the page's path: /thu-tuc/{code} → code. */
export function codeFromPath() {
	const seg = location.pathname.split('/').filter(Boolean)[1];
	try {
		return seg ? decodeURIComponent(seg) : '';
	} catch {
		return '';
	}
}

/** Sets the document title to a data text (a procedure's name) · site name. */
export function setDataTitle(text) {
	document.title = `${text} · ${t('site.short')}`;
}
