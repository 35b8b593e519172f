// The public late list (/chat-luong/cham-tre; R-IDX-2): the internal steps
// finished in the period and those still open past their due time at its
// end, per unit and, when their publication is switched on, per official
// (GET /api/v1/reports/late), with steps, late steps and the late rate,
// worst first. Only rows with at least the minimum sample of steps are
// ranked (the answer's min_steps; `motcua report config`), which the page
// says. The period is in the URL (reports-common.js).
import { $, h, replace } from '../dom.js';
import { formatNumber, onLangChange, t } from '../i18n.js';
import { alertBox, announce, startPage } from '../layout.js';
import { downloads, formatRate, noData, periodPicker, reportLoader, subNav, tableBox } from './reports-common.js';

function lateTable(id, rows, officials, caption) {
	const cols = ['rep.late.col_rank', officials ? 'rep.late.col_official' : 'rep.late.col_unit',
		officials && 'rep.late.col_unit', 'rep.late.col_steps', 'rep.late.col_late', 'rep.late.col_rate'].filter(Boolean);
	const label = (k) => t(k);
	return tableBox(h('table', { class: 'table table--stack report-table late-table', id },
		h('caption', { text: caption }),
		h('thead', {}, h('tr', {}, cols.map((k, i) => h('th', {
			scope: 'col', class: i === 0 || i >= cols.length - 3 ? 'num' : null, 'aria-sort': k === 'rep.late.col_rate' ? 'descending' : null, i18n: k,
		})))),
		h('tbody', {}, rows.map((r, i) => h('tr', { dataset: { unit: r.unit } },
			h('td', { class: 'num', 'data-label': label('rep.late.col_rank') }, String(i + 1)),
			officials
				? [h('th', { scope: 'row', 'data-label': label('rep.late.col_official'), lang: 'vi', text: r.name }),
					h('td', { 'data-label': label('rep.late.col_unit'), lang: 'vi', text: r.unit_name || r.unit })]
				: h('th', { scope: 'row', 'data-label': label('rep.late.col_unit'), lang: 'vi', text: r.name || r.unit }),
			h('td', { class: 'num', 'data-label': label('rep.late.col_steps') }, formatNumber(r.steps)),
			h('td', { class: 'num', 'data-label': label('rep.late.col_late') }, formatNumber(r.late_steps)),
			h('td', { class: 'num late-rate', 'data-label': label('rep.late.col_rate') }, r.rate === null ? noData() : formatRate(r.rate)))))));
}

startPage({ title: 'rep.late.title' }, async ({ main }) => {
	const nav = subNav();
	main.prepend(nav.el);
	const messages = $('#late-messages');
	const box = $('#late-result');
	let shown = null;
	let picker = null;

	function render() {
		const d = shown;
		const period = picker.text(d);
		const minNote = t('rep.late.min_note', { n: formatNumber(d.min_steps) });
		replace(box,
			h('p', { class: 'muted', id: 'late-period', text: t('rep.period.shown', { period }) }),
			alertBox('info', h('span', { id: 'late-min-note', text: minNote }),
				!d.officials_published && [' ', h('span', { id: 'late-officials-hidden', i18n: 'rep.late.officials_hidden' })]),
			h('section', { 'aria-labelledby': 'late-units-heading' },
				h('h2', { id: 'late-units-heading', i18n: 'rep.late.units' }),
				d.units.length
					? lateTable('late-units', d.units, false, t('rep.late.units_caption', { period }))
					: h('p', { id: 'late-units-empty', text: t('rep.late.none_units', { n: formatNumber(d.min_steps) }) })),
			d.officials_published && h('section', { 'aria-labelledby': 'late-officials-heading' },
				h('h2', { id: 'late-officials-heading', i18n: 'rep.late.officials' }),
				d.officials.length
					? lateTable('late-officials', d.officials, true, t('rep.late.officials_caption', { period }))
					: h('p', { id: 'late-officials-empty', text: t('rep.late.none_officials', { n: formatNumber(d.min_steps) }) })),
			downloads('/api/v1/reports/late', picker.query(), 'h2'));
	}

	const load = reportLoader('/api/v1/reports/late', {
		messages, nav, picker: () => picker,
		clear: () => box.replaceChildren(),
		show: (d) => {
			shown = d;
			render();
			announce(t('rep.late.loaded', { period: picker.text(shown), n: formatNumber(shown.units.length) }));
		},
	});

	onLangChange(() => {
		if (shown)
			render();
	});
	picker = await periodPicker($('#period-box'), load);
	await load(picker.state());
});
