// reports-common.js: what the public service-quality pages share
// (/chat-luong, /chat-luong/cham-tre, /thong-ke; docs/web.md "Service
// quality pages"): the period picker and its place in the URL, the links
// between the three pages, numbers, classifications in words and colours,
// download links and inline SVG.
//
// A period is { period: 'YYYY' | 'YYYY-Qn' | 'YYYY-MM' } or { from, to }
// (dates YYYY-MM-DD), exactly the query of the report routes (API.md
// "Reports"); the page's URL carries the same parameters, so a link to a
// period can be shared. Without them: the last full month of the server's
// clock (GET /healthz), as the API's default.
import { get } from '../api.js';
import { h, replace, setAttr, uid, withQuery } from '../dom.js';
import { formatDate, locale } from '../format.js';
import { onLangChange, t } from '../i18n.js';
import { showError } from '../layout.js';
import { serverNow } from './staff-common.js';

export const GROUPS = ['publicity', 'progress', 'online', 'payment', 'satisfaction', 'digitisation'];
export const CLASSES = ['excellent', 'good', 'fair', 'average', 'weak'];

const PRESET_RE = /^20[0-9]{2}(-Q[1-4]|-0[1-9]|-1[0-2])?$/;
const DATE_RE = /^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
// The API's longest period: five years (1826 days after the first).
const RANGE_DAYS_MAX = 1826;
const VN_OFFSET_MS = 7 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');

// ---------- the URL ----------

/** Sets (or, for null, removes) query parameters of this page's URL, keeping the others. */
export function updateUrl(changes) {
	const q = new URLSearchParams(location.search);
	for (const [k, v] of Object.entries(changes)) {
		if (v === null || v === undefined || v === '')
			q.delete(k);
		else
			q.set(k, v);
	}
	const s = q.toString();
	history.replaceState(null, '', s ? `${location.pathname}?${s}` : location.pathname);
}

/** A valid calendar date YYYY-MM-DD (2000-2099). */
function isDate(s) {
	if (!DATE_RE.test(s || ''))
		return false;
	const d = new Date(`${s}T00:00:00Z`);
	return d.toISOString().slice(0, 10) === s;
}

const dayNumber = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;

/** Why a custom range is refused (a catalog key), or null. */
function rangeError(from, to) {
	if (!from || !to)
		return 'rep.period.required';
	if (!isDate(from) || !isDate(to))
		return 'rep.period.bad_date';
	if (to < from || dayNumber(to) - dayNumber(from) > RANGE_DAYS_MAX)
		return 'rep.period.bad_range';
	return null;
}

/** The period of the URL, or null (then the default). */
export function readPeriod() {
	const q = new URLSearchParams(location.search);
	const period = q.get('period');
	if (period && PRESET_RE.test(period))
		return { period };
	const from = q.get('from');
	const to = q.get('to');
	return rangeError(from, to) ? null : { from, to };
}

// ---------- periods in words ----------

function monthName(m) {
	return new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, m - 1, 1));
}

/** '2026-10' → "Tháng 10/2026" / "October 2026"; '2026-Q3', '2026' likewise. */
export function presetLabel(p) {
	const [y, rest] = p.split('-');
	if (!rest)
		return t('rep.period.year', { y });
	if (rest[0] === 'Q')
		return t('rep.period.quarter', { q: rest[1], y });
	const m = Number(rest);
	return t('rep.period.month', { m, y, name: monthName(m) });
}

/** The period of an answer in words: "Tháng 10/2026 (01/10/2026 – 31/10/2026)". */
export function periodText(state, answer) {
	const range = t('rep.period.range', { from: formatDate(answer.from), to: formatDate(answer.to) });
	return state.period ? `${presetLabel(state.period)} (${range})` : range;
}

/** The presets offered around now (Vietnam's time): months, quarters and years back from now. */
function presets(now) {
	const v = new Date(now.getTime() + VN_OFFSET_MS);
	const y = v.getUTCFullYear();
	const m = v.getUTCMonth() + 1;
	const months = [];
	for (let i = 0; i <= 12; i++) {
		const k = y * 12 + (m - 1) - i;
		months.push(`${Math.floor(k / 12)}-${pad((k % 12) + 1)}`);
	}
	const quarters = [];
	for (let i = 0; i <= 7; i++) {
		const k = y * 4 + Math.floor((m - 1) / 3) - i;
		quarters.push(`${Math.floor(k / 4)}-Q${(k % 4) + 1}`);
	}
	const years = [];
	for (let i = 0; i <= 4; i++)
		years.push(String(y - i));
	// The last full month: the API's default.
	return { months, quarters, years, lastMonth: months[1] };
}

/** A label over its control. */
function labelled(control, key) {
	return h('div', { class: 'field' }, h('label', { for: control.id, i18n: key }), control);
}

/**
 * The period picker in box: a select of months, quarters and years (the
 * current one first, "so far") and a custom range of two dates, checked in
 * the page as the API checks it. onChange(state) runs for every new period
 * (after the URL is updated). Resolves to { state(), query(), shown(answer),
 * text(answer) } once the presets are known; the first state comes from
 * the URL, else the last full month.
 */
export async function periodPicker(box, onChange) {
	const list = presets(await serverNow());
	let state = readPeriod() || { period: list.lastMonth };
	let lastShown = null;
	const select = h('select', { id: 'period', name: 'period' });
	const error = h('p', { class: 'field-error', id: uid('period-error'), hidden: true });
	const dateInput = (id) => h('input', {
		type: 'date', id, name: id === 'period-from' ? 'from' : 'to', min: '2000-01-01', max: '2099-12-31',
		'aria-describedby': error.id,
	});
	const fromIn = dateInput('period-from');
	const toIn = dateInput('period-to');
	const range = h('div', { class: 'period-range', hidden: true },
		labelled(fromIn, 'rep.period.from'), labelled(toIn, 'rep.period.to'));
	const form = h('form', { class: 'period-picker no-print', id: 'period-form', novalidate: true },
		h('div', { class: 'period-picker__row' },
			labelled(select, 'rep.period.label'),
			range,
			h('div', { class: 'period-picker__go' },
				h('button', { type: 'submit', class: 'btn btn--primary', i18n: 'rep.period.apply' }))),
		error);

	function fillOptions() {
		const groups = [['rep.period.months', list.months], ['rep.period.quarters', list.quarters],
			['rep.period.years', list.years]];
		if (state.period && !groups.some(([, ps]) => ps.includes(state.period)))
			groups.unshift(['rep.period.chosen', [state.period]]);
		replace(select,
			groups.map(([key, ps]) => h('optgroup', { label: t(key) },
				ps.map((p) => h('option', { value: p, text: presetLabel(p) })))),
			h('option', { value: 'custom', text: t('rep.period.custom') }));
		select.value = state.period || 'custom';
	}

	function showError(key) {
		error.hidden = !key;
		error.textContent = key ? t(key) : '';
		error.dataset.key = key || '';
		for (const el of [fromIn, toIn])
			el.setAttribute('aria-invalid', key ? 'true' : 'false');
	}

	function apply(s) {
		state = s;
		showError(null);
		updateUrl({ period: s.period || null, from: s.from || null, to: s.to || null });
		onChange(s);
	}

	select.addEventListener('change', () => {
		const custom = select.value === 'custom';
		range.hidden = !custom;
		if (!custom) {
			apply({ period: select.value });
			return;
		}
		fromIn.value = state.from || (lastShown ? lastShown.from : '');
		toIn.value = state.to || (lastShown ? lastShown.to : '');
	});
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		if (select.value !== 'custom') {
			apply({ period: select.value });
			return;
		}
		const why = rangeError(fromIn.value, toIn.value);
		if (why) {
			showError(why);
			(fromIn.value && isDate(fromIn.value) ? toIn : fromIn).focus();
			return;
		}
		apply({ from: fromIn.value, to: toIn.value });
	});
	onLangChange(() => {
		fillOptions();
		if (error.dataset.key)
			error.textContent = t(error.dataset.key);
	});

	fillOptions();
	if (!state.period) {
		range.hidden = false;
		fromIn.value = state.from;
		toIn.value = state.to;
	}
	replace(box, form);
	return {
		state: () => state,
		query: () => ({ ...state }),
		shown: (answer) => { lastShown = { from: answer.from, to: answer.to }; },
		text: (answer) => periodText(state, answer),
	};
}

// ---------- the three pages ----------

const PAGES = [
	['/chat-luong', 'rep.sub.scoreboard'],
	['/chat-luong/cham-tre', 'rep.sub.late'],
	['/thong-ke', 'rep.sub.statistics'],
];

/**
 * The links between the three pages, carrying the period; sync(state)
 * re-points them when it changes.
 */
export function subNav() {
	const links = PAGES.map(([href, key]) => h('a', {
		href, i18n: key, 'aria-current': href === location.pathname ? 'page' : null,
	}));
	const nav = h('nav', { class: 'subnav no-print', i18nAttr: 'aria-label:rep.sub.label' },
		h('ul', {}, links.map((a) => h('li', {}, a))));
	return {
		el: nav,
		sync(state) {
			links.forEach((a, i) => setAttr(a, 'href', withQuery(PAGES[i][0], state)));
		},
	};
}

/** Links to the CSV and XLSX of a report for the same query, under a heading of that level. */
export function downloads(url, query, heading = 'h3') {
	return h('div', { class: 'downloads no-print' },
		h(heading, { class: 'downloads__title', i18n: 'rep.dl.heading' }),
		h('ul', { class: 'cluster downloads__list' },
			h('li', {}, h('a', { class: 'btn btn--small', id: 'download-csv', href: withQuery(url, { ...query, format: 'csv' }), i18n: 'rep.dl.csv' })),
			h('li', {}, h('a', { class: 'btn btn--small', id: 'download-xlsx', href: withQuery(url, { ...query, format: 'xlsx' }), i18n: 'rep.dl.xlsx' }))));
}

/**
 * A table in a box that scrolls sideways when it is wider than the screen:
 * a named region that takes the focus, so that the keyboard can scroll it.
 * The table's caption names it.
 */
export function tableBox(table) {
	const caption = table.querySelector('caption');
	caption.id = caption.id || uid('caption');
	return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': caption.id }, table);
}

// ---------- numbers and classifications ----------

/** A score with at most 2 decimals in the language's style (50,72 / 50.72); '' for null. */
export function formatScore(x) {
	if (x === null || x === undefined)
		return '';
	return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(x);
}

/** A rate 0…1 as a percentage with at most 2 decimals; '' for null. */
export function formatRate(r) {
	if (r === null || r === undefined)
		return '';
	return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(r);
}

/** "No data" in words, for a null: never shown as 0. */
export function noData() {
	return h('span', { class: 'no-data', i18n: 'rep.nodata' });
}

/** "No data" as a dash for the cells of a wide table (the words for screen readers; a note says what the dash means). */
export function noDataDash() {
	return h('span', { class: 'no-data' },
		h('span', { 'aria-hidden': 'true', text: '–' }), h('span', { class: 'visually-hidden', i18n: 'rep.nodata' }));
}

/** The classification in words on its colour (badge), or "no data". */
export function classBadge(id) {
	if (!CLASSES.includes(id))
		return h('span', { class: 'badge badge--none', i18n: 'rep.nodata' });
	return h('span', { class: ['badge', `badge--class-${id}`], i18n: `rep.class.${id}` });
}

/** The band of a percentage 0…100 in the answer's bands (best first), or null. */
export function bandOf(bands, pct) {
	if (pct === null || pct === undefined || Number.isNaN(pct))
		return null;
	const b = bands.find((x) => pct >= x.min);
	return b ? b.id : bands[bands.length - 1].id;
}

// ---------- inline SVG ----------

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element; attributes through setAttr (no handlers, no inline styles). */
export function svg(tag, attrs = {}, ...children) {
	const el = document.createElementNS(SVG_NS, tag);
	for (const [k, v] of Object.entries(attrs))
		if (v !== null && v !== undefined && v !== false)
			setAttr(el, k, v);
	for (const c of children.flat())
		if (c)
			el.append(c);
	return el;
}

/**
 * A horizontal bar: value of max, in the colour of a classification, with
 * thin marks at the bands' lower bounds (as percentages) on the part the
 * bar does not cover. Decorative: the numbers are always next to it in
 * words.
 */
export function bar(value, max, cls, marks = []) {
	const pct = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
	return svg('svg', {
		class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', focusable: 'false', 'aria-hidden': 'true',
	},
	svg('rect', { class: 'bar__track', x: 0, y: 0, width: 100, height: 10 }),
	marks.filter((m) => m > 0 && m < 100).map((m) => svg('line', {
		class: 'bar__mark', x1: m, x2: m, y1: 0, y2: 10, 'vector-effect': 'non-scaling-stroke',
	})),
	svg('rect', { class: `bar__fill bar__fill--${cls || 'none'}`, x: 0, y: 0, width: pct.toFixed(2), height: 10 }));
}

/**
 * A report page's load: each call fetches url with the period state s,
 * aborting the call before it. On an answer it marks the period shown in
 * the picker (picker() gives it: the picker is made with this load) and in
 * the sub-navigation, then calls show(answer); on a failure it calls
 * clear() and shows the error in messages. An aborted call does nothing.
 */
export function reportLoader(url, { messages, nav, picker, clear, show }) {
	let pending = null;
	return async (s) => {
		if (pending)
			pending.abort();
		pending = new AbortController();
		messages.replaceChildren();
		let answer;
		try {
			answer = await get(url, { query: s, signal: pending.signal });
		} catch (err) {
			if (err.name !== 'AbortError') {
				clear();
				showError(messages, err);
			}
			return;
		}
		picker().shown(answer);
		nav.sync(s);
		show(answer);
	};
}
