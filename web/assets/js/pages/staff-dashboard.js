// The leader's dashboard (/can-bo/bang-dieu-khien; docs/web.md "Staff
// workspace", docs/index.md "The leader's dashboard"), from one answer of
// GET /api/v1/reports/dashboard?unit= judged by the server now:
//
//   tiles       open, overdue, nearly due (linked to the matching queue of
//               /can-bo when the user has queues at the unit) and apologies
//               due (linked to their list below: the queue "awaiting
//               apology" looks 1 working day ahead, this list 2)
//   apologies   dossiers whose apology deadline (1 working day before due,
//               R-DOS-5) falls from now to the close of the unit's second
//               working day after today, earliest first, each linked to its page
//   by unit     who holds the open dossiers: the unit of the current step
//               (a unit the user covers opens its own dashboard)
//   by official the current step's assignee (the user's own row links to
//               "my steps")
//   index       this month to date against the last full month: totals,
//               classifications and the difference
//
// The unit: ?unit=, else the server's default (the user's first leader
// grant); a choice when the user leads, audits or administers several.
import { get } from '../api.js';
import { $, h, path, replace, withQuery } from '../dom.js';
import { formatDate } from '../format.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	covers, procedureLabel, stackCells, unitInfo, unitLabel, vnDate, when,
} from './staff-common.js';

const READERS = ['leader', 'auditor', 'admin'];
const QUEUE_ROLES = ['receiver', 'specialist', 'leader', 'auditor'];
const TONE = {
	excellent: 'ok', good: 'ok', fair: 'warn', average: 'warn', weak: 'bad',
};

function unitParam() {
	return new URLSearchParams(location.search).get('unit') || '';
}

function pageUrl(unit) {
	return unit ? withQuery('/can-bo/bang-dieu-khien', { unit }) : '/can-bo/bang-dieu-khien';
}

/** A unit's name (Vietnamese data) with its code. */
function unitCell(code, name) {
	return [h('span', { lang: 'vi', text: name || code }), ' ',
		h('span', { class: 'muted small mono nowrap', text: `(${code})` })];
}

function td(labelKey, ...content) {
	return h('td', { dataset: { label: t(labelKey) } }, ...content);
}

function numTd(labelKey, n, tone) {
	return h('td', { class: 'num', dataset: { label: t(labelKey) } },
		n > 0 && tone ? h('span', { class: ['badge', `badge--${tone}`], text: formatNumber(n) }) : formatNumber(n));
}

function countHead() {
	return [
		h('th', { scope: 'col', class: 'num', i18n: 'staff.dash.col.open' }),
		h('th', { scope: 'col', class: 'num', i18n: 'staff.dash.col.overdue' }),
		h('th', { scope: 'col', class: 'num', i18n: 'staff.dash.col.nearly_due' }),
	];
}

function countCells(x) {
	return [numTd('staff.dash.col.open', x.open), numTd('staff.dash.col.overdue', x.overdue, 'bad'),
		numTd('staff.dash.col.nearly_due', x.nearly_due, 'warn')];
}

function table(id, captionKey, head, rows) {
	return stackCells(h('div', { class: 'table-wrap' },
		h('table', { class: 'table table--stack dash-table', id },
			h('caption', { class: 'visually-hidden', i18n: captionKey }),
			h('thead', {}, h('tr', {}, head)),
			h('tbody', {}, rows))));
}

function more(shown, total) {
	return total > shown && h('p', { class: 'muted small', text: t('staff.dash.shown', { n: formatNumber(shown), total: formatNumber(total) }) });
}

function classBadge(c) {
	return c ? h('span', { class: ['badge', `badge--${TONE[c] || 'none'}`], i18n: `staff.dash.class.${c}` })
		: h('span', { class: 'badge badge--none', i18n: 'staff.dash.class.none' });
}

function formatScore(x) {
	return x === null || x === undefined ? '—' : formatNumber(x);
}

startPage({ title: 'staff.dash.title' }, async ({ user }) => {
	const grants = (user.roles || []).filter((g) => READERS.includes(g.role));
	if (grants.length === 0) {
		replace($('#dash-messages'), alertBox('info', h('span', { i18n: 'staff.dash.not_for_you' })));
		return;
	}
	const readerUnits = [...new Set(grants.map((g) => g.unit))];
	const queueUnits = new Set((user.roles || []).filter((g) => QUEUE_ROLES.includes(g.role)).map((g) => g.unit));
	const handlerUnits = new Set((user.roles || []).filter((g) => ['receiver', 'specialist', 'leader'].includes(g.role))
		.map((g) => g.unit));
	let data = null;
	let seq = 0;

	/** The queue of /can-bo at the dashboard's unit, when the user has queues there. */
	function queueUrl(unit, queue) {
		return queueUnits.has(unit) ? withQuery('/can-bo', { unit, queue }) : null;
	}

	function renderLead() {
		if (!data)
			return;
		replace($('#dash-lead'), h('span', { lang: 'vi', text: data.unit_name }), ' ',
			h('span', { class: 'muted mono small', text: `(${data.unit})` }), h('br'),
			h('span', { class: 'muted', i18n: 'staff.dash.at' }), ' ', when(data.at));
	}

	function renderChooser() {
		const options = readerUnits.includes(data.unit) ? readerUnits : [...readerUnits, data.unit];
		if (options.length < 2) {
			replace($('#dash-unit'));
			return;
		}
		const sel = h('select', { id: 'dash-unit-select' }, options.map((u) => {
			const o = h('option', { value: u, text: u, lang: 'vi' });
			unitInfo(u).then((x) => {
				if (x)
					o.textContent = `${x.short_name || x.name} (${u})`;
			});
			return o;
		}));
		sel.value = data.unit;
		sel.addEventListener('change', () => go(sel.value));
		replace($('#dash-unit'), h('div', { class: 'field unit-field' },
			h('label', { for: 'dash-unit-select', i18n: 'staff.dash.unit' }), sel));
	}

	function tile(key, n, tone, href) {
		const body = [h('span', { class: 'dash-tile__n', text: formatNumber(n) }),
			h('span', { class: 'dash-tile__label', i18n: `staff.dash.tile.${key}` })];
		return h('li', { class: ['dash-tile', n > 0 && tone && `dash-tile--${tone}`], dataset: { tile: key } },
			href ? h('a', { class: 'dash-tile__link', href }, body) : h('div', { class: 'dash-tile__link' }, body));
	}

	function renderTiles() {
		replace($('#dash-tiles'),
			tile('open', data.open, null, null),
			tile('overdue', data.overdue, 'bad', queueUrl(data.unit, 'overdue')),
			tile('nearly_due', data.nearly_due, 'warn', queueUrl(data.unit, 'nearly_due')),
			tile('apology', data.apology_due_total, 'warn', '#dash-apology-heading'));
	}

	function renderApologies() {
		replace($('#dash-apology-lead'), h('span', { i18n: 'staff.dash.apology.lead' }), ' ', when(data.apology_until), '.');
		if (data.apology_due.length === 0) {
			replace($('#dash-apology'), h('p', { class: 'dash-empty', i18n: 'staff.dash.apology.empty' }));
			return;
		}
		const today = vnDate(data.at);
		const rows = data.apology_due.map((a) => h('tr', {},
			h('th', { scope: 'row', dataset: { label: t('staff.dash.col.code') } },
				h('a', { href: path`/can-bo/ho-so/${a.code}`, class: 'mono dash-code', text: a.code })),
			td('staff.dash.col.procedure', a.procedure_name ? h('span', { lang: 'vi', text: a.procedure_name }) : procedureLabel(a.procedure)),
			td('staff.dash.col.held', unitLabel(a.unit, { withCode: false }), h('br'),
				a.official ? h('span', { class: 'mono small', text: a.official }) : h('span', { class: 'muted small', i18n: 'staff.dash.unassigned' })),
			td('staff.dash.col.due', when(a.due_at)),
			td('staff.dash.col.deadline', when(a.apology_deadline),
				vnDate(a.apology_deadline) === today && [' ', h('span', { class: 'badge badge--warn', i18n: 'staff.dash.today' })])));
		replace($('#dash-apology'), table('dash-apology-table', 'staff.dash.apology.heading', [
			h('th', { scope: 'col', i18n: 'staff.dash.col.code' }),
			h('th', { scope: 'col', i18n: 'staff.dash.col.procedure' }),
			h('th', { scope: 'col', i18n: 'staff.dash.col.held' }),
			h('th', { scope: 'col', i18n: 'staff.dash.col.due' }),
			h('th', { scope: 'col', 'aria-sort': 'ascending', i18n: 'staff.dash.col.deadline' }),
		], rows), more(data.apology_due.length, data.apology_due_total));
	}

	function renderUnits() {
		if (data.by_unit.length === 0) {
			replace($('#dash-units'), h('p', { class: 'dash-empty', i18n: 'staff.dash.none_open' }));
			return;
		}
		const rows = data.by_unit.map((x) => {
			const name = h('span', { class: 'dash-unit-name' }, unitCell(x.unit, x.unit_name));
			covers(user, READERS, x.unit).then((yes) => {
				if (yes && x.unit !== data.unit)
					replace(name, h('a', { href: pageUrl(x.unit), lang: 'vi', text: x.unit_name || x.unit }), ' ',
						h('span', { class: 'muted small mono nowrap', text: `(${x.unit})` }));
			});
			return h('tr', {}, h('th', { scope: 'row', dataset: { label: t('staff.dash.col.unit') } }, name), ...countCells(x));
		});
		replace($('#dash-units'), table('dash-units-table', 'staff.dash.units.heading',
			[h('th', { scope: 'col', i18n: 'staff.dash.col.unit' }), ...countHead()], rows),
		more(data.by_unit.length, data.by_unit_total));
	}

	function renderOfficials() {
		if (data.by_official.length === 0) {
			replace($('#dash-officials'), h('p', { class: 'dash-empty', i18n: 'staff.dash.none_open' }));
			return;
		}
		const mine = [...handlerUnits][0];
		const rows = data.by_official.map((x) => {
			const who = x.username
				? [h('span', { lang: 'vi', text: x.full_name || x.username }), ' ',
					h('span', { class: 'muted small mono', text: x.username })]
				: h('span', { class: 'muted', i18n: 'staff.dash.unassigned' });
			const own = x.username === user.username && mine;
			return h('tr', {},
				h('th', { scope: 'row', dataset: { label: t('staff.dash.col.official') } }, who,
					own && [h('br'), h('a', { href: withQuery('/can-bo', { unit: mine, queue: 'mine' }), class: 'small', i18n: 'staff.dash.my_steps' })]),
				td('staff.dash.col.unit', unitCell(x.unit, x.unit_name)),
				...countCells(x));
		});
		replace($('#dash-officials'), table('dash-officials-table', 'staff.dash.officials.heading',
			[h('th', { scope: 'col', i18n: 'staff.dash.col.official' }), h('th', { scope: 'col', i18n: 'staff.dash.col.unit' }),
				...countHead()], rows),
		more(data.by_official.length, data.by_official_total));
	}

	function periodLabel(key, p) {
		return [h('span', { i18n: key }), h('br'),
			h('span', { class: 'muted small nowrap', text: `${formatDate(p.from)} – ${formatDate(p.to)}` })];
	}

	function renderIndex() {
		const { current, previous } = data.index;
		const diff = current.total !== null && previous.total !== null
			? Math.round((current.total - previous.total) * 100) / 100 : null;
		let diffText;
		let tone = 'none';
		if (diff === null) {
			diffText = t('staff.dash.index.no_diff');
		} else if (diff === 0) {
			diffText = t('staff.dash.index.same');
		} else {
			diffText = t(diff > 0 ? 'staff.dash.index.up' : 'staff.dash.index.down', { n: formatNumber(Math.abs(diff)) });
			tone = diff > 0 ? 'ok' : 'bad';
		}
		const row = (key, p) => h('tr', {},
			h('th', { scope: 'row', dataset: { label: t('staff.dash.col.period') } }, periodLabel(key, p)),
			h('td', { class: 'num dash-score', dataset: { label: t('staff.dash.col.total') } }, formatScore(p.total)),
			td('staff.dash.col.class', classBadge(p.classification)));
		replace($('#dash-index'), table('dash-index-table', 'staff.dash.index.heading', [
			h('th', { scope: 'col', i18n: 'staff.dash.col.period' }),
			h('th', { scope: 'col', class: 'num', i18n: 'staff.dash.col.total' }),
			h('th', { scope: 'col', i18n: 'staff.dash.col.class' }),
		], [row('staff.dash.index.current', current), row('staff.dash.index.previous', previous)]),
		h('p', { class: 'dash-diff' }, h('span', { i18n: 'staff.dash.index.diff' }), ' ',
			h('span', { class: ['badge', `badge--${tone}`], id: 'dash-diff', text: diffText })));
	}

	function render() {
		renderLead();
		renderChooser();
		renderTiles();
		renderApologies();
		renderUnits();
		renderOfficials();
		renderIndex();
		$('#dash-body').hidden = false;
		$('#dash-refresh').hidden = false;
	}

	async function load() {
		const mine = ++seq;
		replace($('#dash-messages'), h('p', { class: 'muted', i18n: 'common.loading' }));
		try {
			const d = await get('/api/v1/reports/dashboard', { query: { unit: unitParam() } });
			if (mine !== seq)
				return;
			data = d;
			replace($('#dash-messages'));
			render();
			announce(tn('staff.dash.announce', data.open, { overdue: formatNumber(data.overdue) }));
		} catch (err) {
			if (mine !== seq)
				return;
			$('#dash-body').hidden = true;
			showError($('#dash-messages'), err);
		}
	}

	function go(unit) {
		history.pushState(null, '', pageUrl(unit));
		load();
	}

	window.addEventListener('popstate', () => load());
	$('#dash-refresh').addEventListener('click', () => load());
	onLangChange(() => {
		if (data)
			render();
	});
	await load();
});
