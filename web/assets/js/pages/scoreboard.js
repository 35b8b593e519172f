// The public scoreboard (/chat-luong): the units directly below the
// province ranked by their Decision 766 index, for a period
// (GET /api/v1/reports/scoreboard; docs/index.md "The scoreboard").
//
// On top, the province's total, classification and group scores. Then the
// units ranked by their total, or by one group's score (ranked in the page
// from the rows' groups), the departments and agencies, the communes or
// all units: an inline SVG bar chart coloured by classification (with a
// legend, the words next to each bar, aria-hidden: the table below holds
// the same numbers) and an accessible table. A unit's name opens its
// groups and indicators (GET /api/v1/reports/index?unit=) in a dialog;
// indicators without data say so, never 0.
//
// The state is the URL: ?period= or ?from=&to= (reports-common.js), ?by=
// (a group), ?level=commune|all, ?detail=<unit code> (the open dialog).
import { get } from '../api.js';
import { $, h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { announce, showError, startPage } from '../layout.js';
import {
	GROUPS, bandOf, bar, classBadge, downloads, formatRate, formatScore, noData, noDataDash, periodPicker, reportLoader,
	subNav, tableBox, updateUrl,
} from './reports-common.js';

const UNIT_RE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;
// Which rows each choice of the "units" select keeps: departments and agencies (the
// default: Decision 766 ranks them apart from the communes), communes, or all.
const LEVELS = {
	'': (u) => u.level !== 'commune',
	commune: (u) => u.level === 'commune',
	all: () => true,
};

function readView() {
	const q = new URLSearchParams(location.search);
	const by = q.get('by');
	const level = q.get('level') || '';
	const detail = q.get('detail');
	return {
		by: GROUPS.includes(by) ? by : '',
		level: Object.hasOwn(LEVELS, level) ? level : '',
		detail: UNIT_RE.test(detail || '') ? detail : null,
	};
}

const groupOf = (u, id) => u.groups.find((g) => g.id === id);

/** The number a row is ranked by: its total, or one group's score (null: no data). */
function keyOf(u, by) {
	if (!by)
		return u.total;
	const g = groupOf(u, by);
	return g ? g.score : null;
}

/** The classification a bar is coloured by: the total's, or the band of the group's share of its points. */
function classOf(u, by, bands) {
	if (!by)
		return u.classification;
	const g = groupOf(u, by);
	return g && g.score !== null && g.max > 0 ? bandOf(bands, (100 * g.score) / g.max) : null;
}

/** The rows kept by the view, ranked: by the key descending, no data last; equal keys share a rank. */
function ranked(units, view) {
	const rows = units.filter(LEVELS[view.level]).map((u) => ({ u, key: keyOf(u, view.by) }));
	rows.sort((a, b) => {
		if ((a.key === null) !== (b.key === null))
			return a.key === null ? 1 : -1;
		if (a.key !== b.key)
			return b.key - a.key;
		const ta = a.u.total ?? -1;
		const tb = b.u.total ?? -1;
		if (ta !== tb)
			return tb - ta;
		return a.u.unit < b.u.unit ? -1 : 1;
	});
	rows.forEach((r, i) => {
		r.rank = r.key === null ? null : (i && rows[i - 1].key === r.key ? rows[i - 1].rank : i + 1);
	});
	return rows;
}

// What the rows are ranked by, inside a sentence.
const byLabel = (by) => t(by ? `rep.group.${by}` : 'rep.board.by_total');

/** "17,36 / 20", or "no data" (in words, or as a dash). */
function scoreOf(score, max, dash = false) {
	if (score === null || score === undefined)
		return dash ? noDataDash() : noData();
	return `${formatScore(score)} / ${formatScore(max)}`;
}

/** The legend: each class in its colour with its range of points. */
function legend(bands, by) {
	const items = bands.map((b, i) => {
		let range;
		if (i === 0)
			range = t('rep.band.top', { min: formatScore(b.min) });
		else if (b.min <= 0)
			range = t('rep.band.bottom', { next: formatScore(bands[i - 1].min) });
		else
			range = t('rep.band.between', { min: formatScore(b.min), next: formatScore(bands[i - 1].min) });
		return h('li', { class: 'legend__item' },
			h('span', { class: ['legend__swatch', `legend__swatch--${b.id}`], 'aria-hidden': 'true' }),
			h('span', {}, h('strong', { i18n: `rep.class.${b.id}` }), ` ${range}`));
	});
	return h('div', { class: 'legend' },
		h('h3', { class: 'legend__title', i18n: 'rep.board.legend' }),
		h('ul', { class: 'legend__list' }, items),
		by && h('p', { class: 'muted small', i18n: 'rep.board.legend_group' }));
}

startPage({ title: 'rep.board.title' }, async ({ main }) => {
	const nav = subNav();
	main.prepend(nav.el);
	const messages = $('#board-messages');
	const summaryBox = $('#board-summary');
	const ranking = $('#board-ranking');
	const bySel = $('#rank-by');
	const levelSel = $('#level');
	const dialog = $('#unit-detail');
	const detailHeading = $('#detail-heading');
	const detailBody = $('#detail-body');
	const view = readView();
	let shown = null; // the last answer
	let detail = null; // { code, name, ix } of the open dialog
	let picker = null;

	function summary(data) {
		const ended = data.judged_at.slice(0, 10) > data.to;
		return [
			h('h2', { id: 'summary-heading' }, h('span', { lang: 'vi', text: data.unit_name })),
			h('p', { class: 'muted', id: 'board-period', text: t('rep.period.shown', { period: picker.text(data) }) }),
			!ended && h('p', { class: 'muted small', text: t('rep.period.so_far', { at: formatDateTime(data.judged_at) }) }),
			h('div', { class: 'board-total' },
				h('p', { class: 'board-total__score' },
					h('span', { class: 'board-total__label', i18n: 'rep.board.total' }), ' ',
					data.total === null ? noData()
						: h('span', {}, h('strong', { class: 'board-total__num', id: 'board-total', text: formatScore(data.total) }), ' / 100')),
				h('p', {}, h('span', { i18n: 'rep.board.classification' }), ': ',
					h('span', { id: 'board-class' }, classBadge(data.classification))),
				h('p', {}, `${t('rep.board.dossiers')}: `, h('strong', { id: 'board-dossiers', text: formatNumber(data.dossiers) }))),
			h('h3', { i18n: 'rep.board.groups' }),
			h('ul', { class: 'group-scores', id: 'board-groups' }, data.groups.map((g) => {
				const cls = g.score === null ? null : bandOf(data.classifications, (100 * g.score) / g.max);
				return h('li', { class: 'group-scores__item', dataset: { group: g.id } },
					h('span', { class: 'group-scores__name', i18n: `rep.group.${g.id}` }),
					g.score === null ? h('span', { class: 'bar-gap' }) : bar(g.score, g.max, cls),
					h('span', { class: 'group-scores__value' }, scoreOf(g.score, g.max)));
			})),
			h('p', { class: 'no-print' }, h('button', {
				type: 'button', class: 'btn', id: 'root-detail', i18n: 'rep.board.root_detail',
				on: { click: () => openDetail(data.unit, data.unit_name) },
			})),
		];
	}

	function chart(rows, bands) {
		const withData = rows.filter((r) => r.key !== null);
		const without = rows.length - withData.length;
		const marks = bands.map((b) => b.min);
		return h('figure', { class: 'chart', id: 'board-chart-figure' },
			h('figcaption', { class: 'chart__caption', text: tn('rep.board.chart_caption', withData.length, { by: byLabel(view.by) }) }),
			withData.length > 0 && h('div', { class: 'chart__bars', 'aria-hidden': 'true' }, withData.map((r) => {
				const max = view.by ? groupOf(r.u, view.by).max : 100;
				const cls = classOf(r.u, view.by, bands);
				return h('div', {
					class: 'bar-row', dataset: { unit: r.u.unit, class: cls || '' },
					on: { click: () => openDetail(r.u.unit, r.u.unit_name) },
				},
				h('span', { class: 'bar-row__rank', text: String(r.rank) }),
				h('span', { class: 'bar-row__name', lang: 'vi', text: r.u.unit_name }),
				bar(r.key, max, cls, marks),
				h('span', { class: 'bar-row__value', text: `${formatScore(r.key)}${view.by ? ` / ${formatScore(max)}` : ''} · ${t(`rep.class.${cls}`)}` }));
			})),
			without > 0 && h('p', { class: 'muted small', text: tn('rep.board.no_data_units', without) }));
	}

	function table(rows, data) {
		const cols = ['rep.board.col_rank', 'rep.board.col_unit', 'rep.board.col_dossiers', 'rep.board.col_total',
			'rep.board.col_class', ...GROUPS.map((g) => `rep.group.${g}`)];
		const sorted = view.by ? 5 + GROUPS.indexOf(view.by) : 3;
		const label = (i) => t(cols[i]);
		if (!rows.length)
			return h('p', { id: 'board-empty', i18n: 'rep.board.empty' });
		return [tableBox(h('table', { class: 'table table--stack report-table board-table', id: 'board-rows' },
			h('caption', { text: t('rep.board.table_caption', { by: byLabel(view.by), period: picker.text(data) }) }),
			h('thead', {}, h('tr', {}, cols.map((k, i) => h('th', {
				scope: 'col', class: i !== 1 && i !== 4 ? 'num' : null, 'aria-sort': i === sorted ? 'descending' : null, i18n: k,
			})))),
			h('tbody', {}, rows.map((r) => h('tr', { dataset: { unit: r.u.unit } },
				h('td', { class: 'num board-rank', 'data-label': label(0) },
					r.rank === null ? h('span', { class: 'no-data' }, h('span', { 'aria-hidden': 'true', text: '–' }),
						h('span', { class: 'visually-hidden', i18n: 'rep.board.unranked' })) : String(r.rank)),
				h('th', { scope: 'row', 'data-label': label(1) }, h('button', {
					type: 'button', class: 'btn btn--link unit-link', lang: 'vi', text: r.u.unit_name,
					dataset: { unit: r.u.unit }, on: { click: () => openDetail(r.u.unit, r.u.unit_name) },
				})),
				h('td', { class: 'num', 'data-label': label(2) }, formatNumber(r.u.dossiers)),
				h('td', { class: 'num board-score', 'data-label': label(3) }, r.u.total === null ? noDataDash() : formatScore(r.u.total)),
				h('td', { 'data-label': label(4) }, r.u.classification ? classBadge(r.u.classification) : noDataDash()),
				GROUPS.map((g, i) => {
					const x = groupOf(r.u, g);
					return h('td', { class: 'num', 'data-label': label(5 + i), dataset: { group: g } }, scoreOf(x ? x.score : null, x ? x.max : 0, true));
				})))))),
		h('p', { class: 'muted small', i18n: 'rep.board.dash_note' })];
	}

	function renderRanking() {
		const data = shown;
		const rows = ranked(data.units, view);
		replace($('#board-legend'), legend(data.classifications, view.by));
		replace($('#board-chart'), chart(rows, data.classifications));
		replace($('#board-table'), table(rows, data));
		replace($('#board-downloads'), downloads('/api/v1/reports/scoreboard', picker.query()));
	}

	function render() {
		replace(summaryBox, summary(shown));
		summaryBox.hidden = false;
		ranking.hidden = false;
		renderRanking();
	}

	function renderDetail() {
		const ix = detail.ix;
		const cols = ['rep.detail.col_indicator', 'rep.detail.col_value', 'rep.detail.col_rate', 'rep.detail.col_score'];
		const label = (i) => t(cols[i]);
		replace(detailHeading, h('span', { lang: 'vi', text: ix.unit_name }));
		replace(detailBody,
			h('p', { class: 'muted', text: t('rep.period.shown', { period: picker.text(ix) }) }),
			h('div', { class: 'board-total' },
				h('p', { class: 'board-total__score' }, h('span', { class: 'board-total__label', i18n: 'rep.board.total' }), ' ',
					ix.total === null ? noData() : h('span', {}, h('strong', { class: 'board-total__num', id: 'detail-total', text: formatScore(ix.total) }), ' / 100')),
				h('p', {}, h('span', { i18n: 'rep.board.classification' }), ': ', classBadge(ix.classification)),
				h('p', {}, `${t('rep.board.dossiers')}: `, h('strong', { text: formatNumber(ix.counts.population) }))),
			tableBox(h('table', { class: 'table table--stack detail-table', id: 'detail-table' },
				h('caption', { text: t('rep.detail.caption', { name: ix.unit_name }) }),
				h('thead', {}, h('tr', {}, cols.map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null, i18n: k })))),
				ix.groups.map((g) => h('tbody', { dataset: { group: g.id } },
					h('tr', { class: 'detail-group' },
						h('th', { scope: 'rowgroup', colspan: 3, i18n: `rep.group.${g.id}` }),
						h('td', { class: 'num', 'data-label': label(3) }, scoreOf(g.score, g.max))),
					g.indicators.map((i) => h('tr', { dataset: { indicator: i.id } },
						h('th', { scope: 'row', class: 'detail-indicator' },
							h('span', { class: 'mono' }, i.id), ' ', h('span', { lang: 'vi', text: i.name }),
							i.denominator === 0 && h('span', { class: 'detail-source muted small', lang: 'vi', text: i.source })),
						h('td', { class: 'num', 'data-label': label(1) }, i.denominator ? `${formatNumber(i.numerator)} / ${formatNumber(i.denominator)}` : noData()),
						h('td', { class: 'num', 'data-label': label(2) }, i.rate === null ? noData() : formatRate(i.rate)),
						h('td', { class: 'num', 'data-label': label(3) }, scoreOf(i.score, i.max)))))))),
			h('p', { class: 'muted small', i18n: 'rep.board.scoring' }));
	}

	async function openDetail(code, name) {
		detail = { code, name, ix: null };
		replace(detailHeading, h('span', { lang: 'vi', text: name }));
		replace(detailBody, h('p', { class: 'muted', i18n: 'common.loading' }));
		if (!dialog.open)
			dialog.showModal();
		detailHeading.focus();
		updateUrl({ detail: code });
		try {
			const ix = await get('/api/v1/reports/index', { query: { unit: code, ...picker.query() } });
			if (!detail || detail.code !== code)
				return;
			detail.ix = ix;
			renderDetail();
			announce(t('rep.detail.loaded', { name: ix.unit_name }));
		} catch (err) {
			showError(detailBody, err);
		}
	}

	$('#detail-close').addEventListener('click', () => dialog.close());
	dialog.addEventListener('close', () => {
		const code = detail ? detail.code : null;
		detail = null;
		updateUrl({ detail: null });
		const back = code && ($(`#board-rows button[data-unit="${code}"]`) || (code === shown.unit && $('#root-detail')));
		(back || $('#ranking-heading')).focus();
	});

	const load = reportLoader('/api/v1/reports/scoreboard', {
		messages, nav, picker: () => picker,
		clear: () => {
			summaryBox.hidden = true;
			ranking.hidden = true;
		},
		show: (d) => {
			shown = d;
			render();
			announce(t('rep.board.loaded', { period: picker.text(shown) }));
		},
	});

	bySel.value = view.by;
	levelSel.value = view.level;
	$('#ranking-heading').tabIndex = -1;
	$('#board-controls').addEventListener('submit', (ev) => ev.preventDefault());
	bySel.addEventListener('change', () => {
		view.by = bySel.value;
		updateUrl({ by: view.by });
		renderRanking();
		announce(t('rep.board.ranked_by', { by: byLabel(view.by) }));
	});
	levelSel.addEventListener('change', () => {
		view.level = levelSel.value;
		updateUrl({ level: view.level });
		renderRanking();
		announce(t('rep.board.ranked_by', { by: byLabel(view.by) }));
	});
	onLangChange(() => {
		if (shown)
			render();
		if (detail && detail.ix)
			renderDetail();
	});

	picker = await periodPicker($('#period-box'), load);
	await load(picker.state());
	if (view.detail && shown) {
		const u = shown.units.find((x) => x.unit === view.detail);
		await openDetail(view.detail, u ? u.unit_name : (view.detail === shown.unit ? shown.unit_name : view.detail));
	}
});
