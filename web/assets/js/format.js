// format.js: dates, money, durations and the names of states, verdicts,
// channels and levels, in the current language.
//
// Times are shown in Vietnam's time (UTC+7, no daylight saving: the
// server's zone for every rule), whatever the browser's zone, in the
// Vietnamese style: dd/mm/yyyy HH:MM (24 h) in both languages.
//
// Badges carry data-i18n, so a language switch relabels them by itself.

import { h } from './dom.js';
import { formatNumber, has, lang, t, tn } from './i18n.js';

const VN_OFFSET_MS = 7 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');

/** The parts of an instant in Vietnam's time, or null for a bad value. */
function vnParts(value) {
	const d = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(d.getTime()))
		return null;
	const v = new Date(d.getTime() + VN_OFFSET_MS);
	return {
		y: v.getUTCFullYear(), m: v.getUTCMonth() + 1, d: v.getUTCDate(),
		hh: v.getUTCHours(), mm: v.getUTCMinutes(),
	};
}

/** "2026-02-13T16:00:00+07:00" → "13/02/2026 16:00"; '' for null or a bad value. */
export function formatDateTime(value) {
	if (!value)
		return '';
	const p = vnParts(value);
	return p ? `${pad(p.d)}/${pad(p.m)}/${p.y} ${pad(p.hh)}:${pad(p.mm)}` : '';
}

/** "2026-02-13" or an instant → "13/02/2026"; '' for null or a bad value. */
export function formatDate(value) {
	if (!value)
		return '';
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
	if (m)
		return `${m[3]}/${m[2]}/${m[1]}`;
	const p = vnParts(value);
	return p ? `${pad(p.d)}/${pad(p.m)}/${p.y}` : '';
}

/** An instant → "16:00". */
export function formatTime(value) {
	const p = value ? vnParts(value) : null;
	return p ? `${pad(p.hh)}:${pad(p.mm)}` : '';
}

/** A <time datetime=…> element showing formatDateTime (or formatDate with {dateOnly}). */
export function timeEl(value, { dateOnly = false } = {}) {
	return h('time', { datetime: value || null },
		dateOnly ? formatDate(value) : formatDateTime(value));
}

/** 1500000 → "1.500.000 đ" (vi) or "1,500,000 VND" (en). */
export function formatMoney(vnd) {
	if (vnd === null || vnd === undefined)
		return '';
	return t('money.vnd', { amount: formatNumber(vnd) });
}

/** {amount: 3, unit: 'working_days'} → "3 ngày làm việc" / "3 working days". */
export function formatDuration(d) {
	if (!d || !d.unit)
		return '';
	if (d.unit === 'same_day')
		return t('duration.same_day');
	return tn(`duration.${d.unit}`, Number(d.amount) || 0);
}

function label(prefix, name) {
	return name && has(`${prefix}.${name}`) ? t(`${prefix}.${name}`) : String(name ?? '');
}

/** Dossier state (DOMAIN.md R-DOS-2) in plain words. */
export const statusLabel = (s) => label('status', s);
/** Verdict (early, on_time, late, within_time, nearly_due, overdue, none). */
export const verdictLabel = (v) => label('verdict', v);
export const channelLabel = (c) => label('channel', c);
export const levelLabel = (l) => label('level', l);
export const roleLabel = (r) => label('role', r);

/** The colour class of a verdict: ok (green), warn (amber), bad (red), none (grey). */
export function verdictTone(v) {
	switch (v) {
	case 'early':
	case 'on_time':
	case 'within_time':
		return 'ok';
	case 'nearly_due':
		return 'warn';
	case 'late':
	case 'overdue':
		return 'bad';
	default:
		return 'none';
	}
}

function badge(prefix, name, cls) {
	const key = `${prefix}.${name}`;
	return has(key) ? h('span', { class: ['badge', cls], i18n: key })
		: h('span', { class: ['badge', cls], text: String(name ?? '') });
}

/** A badge with the state's words. */
export function statusBadge(s) {
	return badge('status', s, 'badge--status');
}

/** A badge with the verdict's words, coloured by verdictTone. */
export function verdictBadge(v) {
	return badge('verdict', v || 'none', `badge--${verdictTone(v)}`);
}

/** The language tag for Intl APIs. */
export function locale() {
	return lang() === 'vi' ? 'vi-VN' : 'en-GB';
}
