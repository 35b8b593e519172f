// Calendar years (/can-bo/quan-tri/lich?year=YYYY, administrators; R-CAL-1,
// R-CAL-2): a year's official table (GET /api/v1/calendar/years/{year}) as a
// grid of twelve months, with its days off and make-up working weekend days
// listed; and loading an official table by pasting its JSON (PUT, which
// replaces the year and rebuilds the calendar).
import { get, put } from '../api.js';
import { $, h, path, queryParam, replace, withQuery } from '../dom.js';
import { formatDate } from '../format.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import { busy, bytes, field, requireAdmin, serverNow, setFieldError, vnDate } from './staff-common.js';

const BASE = '/can-bo/quan-tri/lich';
const KINDS = ['workday', 'weekend', 'holiday', 'substitute', 'swap', 'weekend_in_holiday', 'makeup_working_day',
	'unit_closed', 'unit_open'];

/** The weekday of a date, 0 = Monday … 6 = Sunday. */
function weekday(y, m, d) {
	return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;

/**
 * Checks a pasted table against the rules of CalendarYearInput: null when
 * fine, else [catalog key, params].
 */
export function tableProblem(j, year) {
	if (!j || typeof j !== 'object' || Array.isArray(j))
		return ['staff.admin.calendar.v.object'];
	const off = j.days_off ?? [];
	const work = j.working_weekend_days ?? [];
	if (!Array.isArray(off) || !Array.isArray(work))
		return ['staff.admin.calendar.v.arrays'];
	if (off.length > 366 || work.length > 366)
		return ['staff.admin.calendar.v.too_many'];
	const seenOff = new Set();
	for (const [list, isWork] of [[off, false], [work, true]]) {
		for (const it of list) {
			const date = it && typeof it === 'object' ? it.date : null;
			const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
			const valid = m && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
				new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
			if (!valid)
				return ['staff.admin.calendar.v.date', { date: String(date) }];
			if (Number(m[1]) !== year)
				return ['staff.admin.calendar.v.year', { date, year }];
			if (it.name !== undefined && (typeof it.name !== 'string' || bytes(it.name) > 256))
				return ['staff.admin.calendar.v.name', { date }];
			if (!isWork && it.kind !== undefined && !KINDS.includes(it.kind))
				return ['staff.admin.calendar.v.kind', { date }];
			if (isWork) {
				if (weekday(Number(m[1]), Number(m[2]), Number(m[3])) < 5)
					return ['staff.admin.calendar.v.not_weekend', { date }];
				if (seenOff.has(date))
					return ['staff.admin.calendar.v.both', { date }];
			} else {
				seenOff.add(date);
			}
		}
	}
	return null;
}

startPage({ title: 'staff.admin.calendar.title' }, async ({ user }) => {
	if (!requireAdmin(user, $('#admin-messages')))
		return;
	const thisYear = Number(vnDate(await serverNow()).slice(0, 4));
	let year = Number.parseInt(queryParam('year') || '', 10);
	if (!(year >= 2000 && year <= 2100))
		year = thisYear;
	let table = null;
	const view = h('div', { id: 'calendar-view' });
	const msg = h('div', { id: 'calendar-messages', tabindex: '-1' });

	// ---------- the year picker ----------

	const yearInput = h('input', { id: 'year', inputmode: 'numeric', class: 'input-year', autocomplete: 'off' });
	yearInput.value = String(year);
	const prev = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.admin.calendar.prev' });
	const next = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.admin.calendar.next' });
	const picker = h('form', { class: 'year-picker', novalidate: true },
		field({ label: 'staff.admin.calendar.year', input: yearInput }),
		h('div', { class: 'cluster' },
			h('button', { type: 'submit', class: 'btn', i18n: 'staff.admin.calendar.show' }), prev, next));
	picker.addEventListener('submit', (e) => {
		e.preventDefault();
		const y = Number(yearInput.value.trim());
		if (!setFieldError(yearInput, Number.isInteger(y) && y >= 2000 && y <= 2100 ? null : 'staff.admin.calendar.v.year_range')) {
			yearInput.focus();
			return;
		}
		show(y);
	});
	prev.addEventListener('click', () => show(year - 1));
	next.addEventListener('click', () => show(year + 1));

	// ---------- the grid ----------

	function month(m, offs, works) {
		const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
		const first = weekday(year, m, 1);
		const cells = [];
		for (let i = 0; i < first; i++)
			cells.push(h('td', { class: 'cal-empty' }));
		for (let d = 1; d <= days; d++) {
			const date = iso(year, m, d);
			const wd = weekday(year, m, d);
			const off = offs.get(date);
			const work = works.get(date);
			let kind = wd >= 5 ? 'weekend' : 'work';
			if (off)
				kind = 'off';
			if (work)
				kind = 'makeup';
			cells.push(h('td', { class: `cal-day cal-day--${kind}`, title: off ? off.name : work ? work.name : null },
				h('span', { class: 'cal-num', text: String(d) }),
				(kind === 'off' || kind === 'makeup') && h('span', { class: 'cal-mark', 'aria-hidden': 'true', text: kind === 'off' ? '•' : '+' }),
				(kind === 'off' || kind === 'makeup') && h('span', { class: 'visually-hidden', text: ` ${t(`staff.admin.calendar.${kind}`)}: ${(off || work).name || ''}` })));
		}
		while (cells.length % 7)
			cells.push(h('td', { class: 'cal-empty' }));
		const rows = [];
		for (let i = 0; i < cells.length; i += 7)
			rows.push(h('tr', {}, cells.slice(i, i + 7)));
		return h('table', { class: 'cal-month' },
			h('caption', { text: t(`staff.month.${m}`) }),
			h('thead', {}, h('tr', {}, [0, 1, 2, 3, 4, 5, 6].map((i) => h('th', { scope: 'col' },
				h('abbr', { title: t(`staff.weekday.${i}`), text: t(`staff.weekday.short.${i}`) }))))),
			h('tbody', {}, rows));
	}

	function dayList(list, key, id) {
		return h('section', { 'aria-labelledby': id, class: 'cal-list' },
			h('h3', { id, text: tn(key, list.length) }),
			list.length ? h('ul', { class: 'plain-list' }, list.map((x) => h('li', {},
				h('time', { datetime: x.date, class: 'mono', text: formatDate(x.date) }), ' ',
				h('span', { text: t(`staff.weekday.${weekday(...x.date.split('-').map(Number))}`) }), ' — ',
				h('span', { lang: 'vi', text: x.name || '' }),
				x.kind && x.kind !== 'holiday' && [' ', h('span', { class: 'muted small', i18n: `staff.day_kind.${x.kind}` })])))
				: h('p', { class: 'muted', i18n: 'staff.admin.calendar.none' }));
	}

	function render() {
		if (!table)
			return;
		const offs = new Map(table.days_off.map((x) => [x.date, x]));
		const works = new Map(table.working_weekend_days.map((x) => [x.date, x]));
		replace(view,
			h('h2', { id: 'year-heading', tabindex: '-1', text: t('staff.admin.calendar.year_heading', { year }) }),
			h('p', {}, h('span', {
				class: ['badge', table.source === 'official' ? 'badge--ok' : 'badge--warn'],
				i18n: `staff.admin.calendar.source.${table.source}`,
			}), ' ', h('span', { class: 'muted', i18n: `staff.admin.calendar.source.${table.source}.lead` })),
			h('ul', { class: 'cal-legend cluster', 'aria-label': t('staff.admin.calendar.legend') },
				['work', 'weekend', 'off', 'makeup'].map((k) => h('li', {},
					h('span', { class: `cal-swatch cal-day--${k}`, 'aria-hidden': 'true', text: k === 'off' ? '•' : k === 'makeup' ? '+' : '' }),
					' ', h('span', { i18n: `staff.admin.calendar.${k}` })))),
			h('div', { class: 'cal-grid' }, Array.from({ length: 12 }, (_, i) => month(i + 1, offs, works))),
			h('div', { class: 'cal-lists' },
				dayList(table.days_off, 'staff.admin.calendar.days_off', 'days-off-heading'),
				dayList(table.working_weekend_days, 'staff.admin.calendar.working_weekends', 'working-heading')));
	}

	async function show(y, { push = true } = {}) {
		year = y;
		yearInput.value = String(y);
		setFieldError(yearInput, null);
		if (push)
			history.replaceState(null, '', withQuery(BASE, { year: y === thisYear ? null : y }));
		try {
			table = await get(path`/api/v1/calendar/years/${y}`);
		} catch (err) {
			table = null;
			showError(view, err);
			return;
		}
		render();
		announce(t('staff.admin.calendar.year_heading', { year }));
	}

	// ---------- load an official table ----------

	const text = h('textarea', { id: 'table-json', rows: '10', class: 'mono', spellcheck: 'false' });
	const copy = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.admin.calendar.copy' });
	copy.addEventListener('click', () => {
		if (!table)
			return;
		const strip = (l) => l.map(({ date, name, kind }) => (kind ? { date, name, kind } : { date, name }));
		text.value = JSON.stringify({ days_off: strip(table.days_off), working_weekend_days: strip(table.working_weekend_days) }, null, 1);
		text.focus();
	});
	const submit = h('button', { type: 'submit', class: 'btn btn--primary', i18n: 'staff.admin.calendar.load' });
	const err = h('div');
	const loadForm = h('form', { class: 'card', id: 'table-form', novalidate: true },
		h('h2', { class: 'card__title', i18n: 'staff.admin.calendar.load_heading' }),
		h('p', { class: 'hint', i18n: 'staff.admin.calendar.load_lead' }),
		h('pre', { class: 'example mono small', lang: 'vi', text: '{"days_off": [{"date": "2027-01-01", "name": "Tết Dương lịch"}],\n "working_weekend_days": []}' }),
		field({ label: 'staff.admin.calendar.json', hint: 'staff.admin.calendar.json_hint', input: text, required: true }),
		h('div', { class: 'cluster' }, copy),
		err, h('div', { class: 'form-actions' }, submit));
	loadForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		replace(err);
		let j = null;
		let problem = null;
		try {
			j = JSON.parse(text.value);
		} catch {
			problem = ['staff.admin.calendar.v.json'];
		}
		if (!problem)
			problem = tableProblem(j, year);
		if (!setFieldError(text, problem ? problem[0] : null, problem ? problem[1] : undefined)) {
			text.focus();
			return;
		}
		await busy(submit, 'staff.busy', async () => {
			try {
				await put(path`/api/v1/calendar/years/${year}`, { days_off: j.days_off || [], working_weekend_days: j.working_weekend_days || [] });
			} catch (ex) {
				showError(err, ex);
				return;
			}
			text.value = '';
			await show(year);
			replace(msg, alertBox('success', t('staff.admin.calendar.loaded', {
				year, n: formatNumber((j.days_off || []).length), w: formatNumber((j.working_weekend_days || []).length),
			})));
			msg.focus();
		});
	});

	replace($('#admin-body'), picker, msg, view, loadForm);
	onLangChange(render);
	await show(year, { push: false });
});
