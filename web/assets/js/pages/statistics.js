// Public statistics (/thong-ke; R-IDX-3): per unit directly below the
// province (its whole subtree) and for the province's own dossiers, the
// dossiers carried over, received, to process, finished early / on time /
// late, in progress within time / nearly due / overdue, and the late rate
// (GET /api/v1/reports/statistics), with the total; links to the same
// table as CSV and XLSX (?format=csv|xlsx of the same query). Units
// without a dossier in the period are hidden unless asked for (?all=1).
// The period is in the URL (reports-common.js).
import { $, h, replace } from '../dom.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { announce, startPage } from '../layout.js';
import { downloads, formatRate, noData, periodPicker, reportLoader, subNav, tableBox, updateUrl } from './reports-common.js';

// The count columns of a row, in order, with their labels (the finished and in-progress
// ones under a group heading).
const COUNTS = [
	['carried_over', 'rep.stats.col_carried'],
	['received', 'rep.stats.col_received'],
	['to_process', 'rep.stats.col_to_process'],
	['finished_early', 'rep.stats.col_early', 'finished'],
	['finished_on_time', 'rep.stats.col_on_time', 'finished'],
	['finished_late', 'rep.stats.col_late', 'finished'],
	['in_progress_within_time', 'rep.stats.col_within', 'in_progress'],
	['in_progress_nearly_due', 'rep.stats.col_nearly', 'in_progress'],
	['in_progress_overdue', 'rep.stats.col_overdue', 'in_progress'],
];

const active = (r) => r.carried_over + r.received > 0;

/** The label of a count column in a stacked (narrow) table: "Đã giải quyết – Trước hạn". */
function cellLabel([, key, group]) {
	return group ? `${t(`rep.stats.group_${group}`)} – ${t(key)}` : t(key);
}

function cells(r) {
	return [
		COUNTS.map((c) => h('td', { class: 'num', 'data-label': cellLabel(c), dataset: { col: c[0] } }, formatNumber(r[c[0]]))),
		h('td', { class: 'num', 'data-label': t('rep.stats.col_late_rate'), dataset: { col: 'late_rate' } },
			r.late_rate === null ? noData() : formatRate(r.late_rate)),
	];
}

function statsTable(d, rows, period) {
	const simple = COUNTS.filter((c) => !c[2]);
	return tableBox(h('table', { class: 'table report-table stats-table', id: 'stats-rows' },
		// The period is said just above the table: the caption names it for screen readers.
		h('caption', { class: 'visually-hidden', text: t('rep.stats.caption', { period }) }),
		h('thead', {},
			h('tr', {},
				h('th', { scope: 'col', rowspan: 2, i18n: 'rep.stats.col_unit' }),
				simple.map((c) => h('th', { scope: 'col', rowspan: 2, class: 'num', i18n: c[1] })),
				h('th', { scope: 'colgroup', colspan: 3, class: 'stats-group', i18n: 'rep.stats.group_finished' }),
				h('th', { scope: 'colgroup', colspan: 3, class: 'stats-group', i18n: 'rep.stats.group_in_progress' }),
				h('th', { scope: 'col', rowspan: 2, class: 'num', i18n: 'rep.stats.col_late_rate' })),
			h('tr', {}, COUNTS.filter((c) => c[2]).map((c) => h('th', { scope: 'col', class: 'num', i18n: c[1] })))),
		h('tbody', {}, rows.map((r) => h('tr', { dataset: { unit: r.unit } },
			h('th', { scope: 'row', 'data-label': t('rep.stats.col_unit') },
				h('span', { lang: 'vi', text: r.name }),
				r.unit === d.unit && h('span', { class: 'muted small stats-own', i18n: 'rep.stats.own' })),
			cells(r)))),
		h('tfoot', {}, h('tr', { dataset: { unit: d.total.unit } },
			h('th', { scope: 'row', 'data-label': t('rep.stats.col_unit'), i18n: 'rep.stats.total' }),
			cells(d.total)))));
}

startPage({ title: 'rep.stats.title' }, async ({ main }) => {
	const nav = subNav();
	main.prepend(nav.el);
	const messages = $('#stats-messages');
	const box = $('#stats-result');
	const showAll = h('input', { type: 'checkbox', id: 'stats-all', name: 'all' });
	showAll.checked = new URLSearchParams(location.search).get('all') === '1';
	let shown = null;
	let picker = null;

	function render() {
		const d = shown;
		const period = picker.text(d);
		const rows = showAll.checked ? d.rows : d.rows.filter(active);
		const hidden = d.rows.length - rows.length;
		replace(box,
			h('p', { class: 'muted', id: 'stats-period', text: t('rep.period.shown', { period }) }),
			h('div', { class: 'check no-print' }, showAll, h('label', { for: 'stats-all', i18n: 'rep.stats.show_all' })),
			hidden > 0 && h('p', { class: 'muted small', id: 'stats-hidden', text: tn('rep.stats.hidden', hidden) }),
			statsTable(d, rows, period),
			downloads('/api/v1/reports/statistics', picker.query(), 'h2'));
	}

	const load = reportLoader('/api/v1/reports/statistics', {
		messages, nav, picker: () => picker,
		clear: () => box.replaceChildren(),
		show: (d) => {
			shown = d;
			render();
			announce(t('rep.stats.loaded', { period: picker.text(shown) }));
		},
	});

	showAll.addEventListener('change', () => {
		updateUrl({ all: showAll.checked ? '1' : null });
		render();
		showAll.focus();
	});
	onLangChange(() => {
		if (shown)
			render();
	});
	picker = await periodPicker($('#period-box'), load);
	await load(picker.state());
});
