// test_reports.mjs: the public service-quality pages in a real browser
// (docs/web.md "Service quality pages") on the demo (`serve --demo`, 600
// generated dossiers over six months up to the server's now): the
// scoreboard /chat-luong against GET /api/v1/reports/scoreboard (ranked
// rows, the province's total, the chart's bars and colours), the period
// picker (a preset and a custom range: the URL and the numbers change), the
// group selector re-ranking, the units filter, a unit's indicators in the
// dialog ("no data", never 0), the state restored from a shared URL, the
// late list with its minimum sample and published officials, the
// statistics table, the CSV and XLSX downloads, English and back. Every
// page: axe at 360 and 1440 px, screenshots (build/screenshots/rep-*), no
// console errors.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ROOT, run } from './harness.mjs';

const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'web/assets/i18n', `${lang}.json`), 'utf8'));
const vi = catalog('vi');
const en = catalog('en');
const GROUPS = ['publicity', 'progress', 'online', 'payment', 'satisfaction', 'digitisation'];
const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const num = (n) => new Intl.NumberFormat('vi-VN').format(n);
const score = (x, locale = 'vi-VN') => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(x);
const rate = (x) => new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 2 }).format(x);
const texts = (page, sel) => page.locator(sel).allInnerTexts();

/** GET of a report through Node (no browser): the JSON. */
async function api(e, kind, query = {}) {
	const q = new URLSearchParams(query).toString();
	const r = await (await e.client()).request('GET', `/api/v1/reports/${kind}${q ? `?${q}` : ''}`);
	if (r.status !== 200)
		throw new Error(`${kind} ${q}: ${r.status} ${r.text}`);
	return r.json;
}

/** The page's rows ranked as scoreboard.js ranks them: by a group or the total, no data last. */
function expectedOrder(units, { by = '', level = '' } = {}) {
	const keep = { '': (u) => u.level !== 'commune', commune: (u) => u.level === 'commune', all: () => true }[level];
	const key = (u) => (by ? u.groups.find((g) => g.id === by).score : u.total);
	return units.filter(keep).sort((a, b) => {
		const ka = key(a);
		const kb = key(b);
		if ((ka === null) !== (kb === null))
			return ka === null ? 1 : -1;
		if (ka !== kb)
			return kb - ka;
		if ((a.total ?? -1) !== (b.total ?? -1))
			return (b.total ?? -1) - (a.total ?? -1);
		return a.unit < b.unit ? -1 : 1;
	}).map((u) => u.unit);
}

/** Waits until the page shows the answer for a period: its text in #<prefix>-period. */
async function shows(page, id, from, to) {
	// Both ends: a quarter and its first month start on the same day.
	const days = [from, to].map((x) => x.split('-')).map((d) => `${d[2]}/${d[1]}/${d[0]}`);
	await page.waitForFunction(([sel, ends]) => ends.every((day) => (document.querySelector(sel) || {}).textContent?.includes(day)),
		[`#${id}`, days]);
}

/** Each download link answers 200 with its type, and a click downloads a file of that name. */
async function checkDownloads(e, page, kind, label) {
	for (const [id, type, ext] of [['#download-csv', CSV, 'csv'], ['#download-xlsx', XLSX, 'xlsx']]) {
		const href = await page.getAttribute(id, 'href');
		const want = new URLSearchParams(new URL(page.url()).search);
		const got = new URL(href, e.base);
		e.ok(got.pathname === `/api/v1/reports/${kind}` && got.searchParams.get('format') === ext &&
			['period', 'from', 'to'].every((k) => got.searchParams.get(k) === want.get(k)),
		`${label}: the ${ext.toUpperCase()} link is the same query as the page`, href);
		const r = await page.request.get(href);
		e.ok(r.status() === 200 && r.headers()['content-type'] === type &&
			/^attachment; filename=".+\.(csv|xlsx)"$/.test(r.headers()['content-disposition']),
		`${label}: ${ext.toUpperCase()} answers 200 ${type}`, [r.status(), r.headers()]);
		if (ext === 'csv') {
			const body = await r.text();
			e.ok(body.charCodeAt(0) === 0xfeff && body.includes('Mã đơn vị'), `${label}: the CSV has its Vietnamese headers`, body.slice(0, 200));
		}
	}
	const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
	e.ok(dl.suggestedFilename().endsWith('.csv'), `${label}: clicking the CSV link downloads a .csv file`, dl.suggestedFilename());
}

async function checkScoreboard(e) {
	const page = await e.newPage();
	await e.visit(page, '/chat-luong', 'rep-board');
	const board = await api(e, 'scoreboard');
	e.eq(await page.locator('h1').innerText(), vi['rep.board.heading'], 'scoreboard: the heading');
	e.eq(await page.locator('.site-nav a[aria-current="page"]').innerText(), vi['nav.quality'], 'scoreboard: "Chất lượng phục vụ" in the main navigation is current');
	e.eq(await page.inputValue('#period'), board.from.slice(0, 7), 'scoreboard: the default period is the last full month (the API\'s default)');
	e.eq([await page.locator('#board-total').innerText(), await page.locator('#board-class').innerText(), await page.locator('#board-dossiers').innerText()],
		[score(board.total), vi[`rep.class.${board.classification}`], num(board.dossiers)],
		'scoreboard: the province\'s total, classification and dossiers on top, as the API says');
	const groupValues = await texts(page, '#board-groups .group-scores__value');
	e.eq(groupValues, board.groups.map((g) => (g.score === null ? vi['rep.nodata'] : `${score(g.score)} / ${score(g.max)}`)),
		'scoreboard: the province\'s six group scores out of their points');

	// The ranked rows: departments and agencies by default, in the API's order.
	const order = expectedOrder(board.units);
	const rows = await page.locator('#board-rows tbody tr').evaluateAll((trs) => trs.map((tr) => ({
		unit: tr.dataset.unit,
		rank: tr.querySelector('.board-rank').textContent,
		total: tr.querySelector('.board-score').textContent,
	})));
	e.eq(rows.map((r) => r.unit), order, 'scoreboard: the table lists the departments and agencies ranked by total, no data last');
	const byCode = new Map(board.units.map((u) => [u.unit, u]));
	const ranked = board.units.filter((u) => u.level !== 'commune' && u.total !== null);
	e.ok(ranked.length >= 2, 'scoreboard: the demo gives at least two departments data', ranked.length);
	e.eq(rows.slice(0, ranked.length).map((r) => [r.rank, r.total]),
		ranked.map((u, i) => [String(i && u.total === ranked[i - 1].total ? ranked.findIndex((x) => x.total === u.total) + 1 : i + 1), score(u.total)]),
		'scoreboard: ranks and totals of the rows equal the API\'s');
	const nodataRow = rows.find((r) => byCode.get(r.unit).total === null);
	e.ok(nodataRow && nodataRow.total === `–${vi['rep.nodata']}` && nodataRow.rank === `–${vi['rep.board.unranked']}`,
		'scoreboard: a unit without data has a dash (said "Không có dữ liệu") and no rank, never 0', nodataRow);
	e.eq(await page.getAttribute('#board-rows thead th:nth-child(4)', 'aria-sort'), 'descending', 'scoreboard: the total column is marked as the sort');

	// The chart: one bar per unit with data, as long as its total, in its classification's colour.
	const bars = await page.locator('#board-chart .bar-row').evaluateAll((els) => els.map((el) => ({
		unit: el.dataset.unit,
		width: el.querySelector('.bar__fill').getAttribute('width'),
		fill: el.querySelector('.bar__fill').getAttribute('class'),
		colour: getComputedStyle(el.querySelector('.bar__fill')).fill,
	})));
	e.eq(bars.map((b) => [b.unit, b.width, b.fill]),
		ranked.map((u) => [u.unit, u.total.toFixed(2), `bar__fill bar__fill--${u.classification}`]),
		'scoreboard: the SVG chart has a bar per ranked unit, its length the total, coloured by its classification');
	e.ok(new Set(bars.map((b) => b.colour)).size === new Set(ranked.map((u) => u.classification)).size,
		'scoreboard: one colour per classification', bars.map((b) => b.colour));
	e.eq(await page.getAttribute('#board-chart .chart__bars', 'aria-hidden'), 'true', 'scoreboard: the chart is hidden from screen readers (the table has the numbers)');
	e.eq(await page.locator('#board-legend .legend__item').count(), 5, 'scoreboard: the legend names the five classifications');

	// The group selector re-ranks, in the page and in the URL.
	await page.selectOption('#rank-by', 'progress');
	e.ok(new URL(page.url()).searchParams.get('by') === 'progress', 'group selector: ?by=progress in the URL', page.url());
	e.eq(await page.locator('#board-rows tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.unit)),
		expectedOrder(board.units, { by: 'progress' }), 'group selector: the rows re-ranked by "Tiến độ giải quyết"');
	e.eq(await page.getAttribute(`#board-rows thead th:nth-child(${6 + GROUPS.indexOf('progress')})`, 'aria-sort'), 'descending',
		'group selector: the group\'s column is marked as the sort');
	await page.selectOption('#level', 'commune');
	const communes = await page.locator('#board-rows tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.unit));
	e.ok(communes.length > 50 && communes.every((c) => byCode.get(c).level === 'commune') &&
		JSON.stringify(communes) === JSON.stringify(expectedOrder(board.units, { by: 'progress', level: 'commune' })),
	'units filter: the communes only, ranked by the group', communes.length);
	await e.snapshot(page, 'rep-board-group');
	await page.selectOption('#level', '');
	await page.selectOption('#rank-by', '');

	// The period picker: a preset month two months back.
	const options = await page.locator('#period option').evaluateAll((os) => os.map((o) => o.value));
	const earlier = options[2];
	await page.selectOption('#period', earlier);
	const older = await api(e, 'scoreboard', { period: earlier });
	await shows(page, 'board-period', older.from, older.to);
	e.ok(new URL(page.url()).searchParams.get('period') === earlier, `period picker: ?period=${earlier} in the URL`, page.url());
	e.eq(await page.locator('#board-total').innerText().catch(() => null), older.total === null ? null : score(older.total),
		'period picker: the province\'s total of that month');
	e.eq(await page.locator('#board-rows tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.unit)), expectedOrder(older.units),
		'period picker: the ranking of that month');
	const linked = await page.getAttribute('.subnav a[href^="/thong-ke"]', 'href');
	e.eq(linked, `/thong-ke?period=${earlier}`, 'the links to the other pages carry the period');

	// A custom range: a bad one is refused in the page, a good one changes the numbers.
	await page.selectOption('#period', 'custom');
	await page.fill('#period-from', older.to);
	await page.fill('#period-to', older.from);
	await page.click('#period-form button[type="submit"]');
	e.eq([await page.locator('#period-form .field-error').innerText(), await page.getAttribute('#period-to', 'aria-invalid')],
		[vi['rep.period.bad_range'], 'true'], 'custom range: "to" before "from" is refused in the page, said in words');
	const from = `${older.from.slice(0, 8)}10`;
	const to = board.to;
	await page.fill('#period-from', from);
	await page.fill('#period-to', to);
	await page.click('#period-form button[type="submit"]');
	const custom = await api(e, 'scoreboard', { from, to });
	await shows(page, 'board-period', from, to);
	const url = new URL(page.url());
	e.eq([url.searchParams.get('from'), url.searchParams.get('to'), url.searchParams.get('period')], [from, to, null],
		'custom range: ?from=&to= in the URL');
	e.eq(await page.locator('#board-rows tbody tr .board-score').evaluateAll((tds) => tds.map((td) => td.textContent)),
		expectedOrder(custom.units).map((c) => custom.units.find((u) => u.unit === c))
			.map((u) => (u.total === null ? `–${vi['rep.nodata']}` : score(u.total))),
		'custom range: the totals of that range');
	e.clean(page, 'scoreboard: ranking, groups, periods');

	// A unit's indicators: the first ranked unit of the range.
	const first = custom.units.find((u) => u.unit === expectedOrder(custom.units)[0]);
	await page.click(`#board-rows button[data-unit="${first.unit}"]`);
	await page.waitForSelector('#detail-table');
	const ix = await api(e, 'index', { unit: first.unit, from, to });
	e.ok(await page.locator('#unit-detail').evaluate((d) => d.open), 'detail: the dialog is open');
	e.eq(await page.locator('#detail-heading').innerText(), first.unit_name, 'detail: the unit\'s name as its heading');
	e.eq(new URL(page.url()).searchParams.get('detail'), first.unit, 'detail: ?detail= in the URL');
	e.eq(await page.locator('#detail-total').innerText(), score(ix.total), 'detail: the total of GET /reports/index?unit=');
	const inds = await page.locator('#detail-table tr[data-indicator]').evaluateAll((trs) => trs.map((tr) => ({
		id: tr.dataset.indicator, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
	})));
	const all = ix.groups.flatMap((g) => g.indicators);
	e.eq(inds.map((i) => i.id), all.map((i) => i.id), 'detail: every indicator of every group');
	const none = inds.find((i) => i.id === '1.1');
	e.eq(none.cells, [vi['rep.nodata'], vi['rep.nodata'], vi['rep.nodata']], 'detail: an indicator without data says "Không có dữ liệu", never 0');
	const i21 = all.find((i) => i.id === '2.1');
	e.eq(inds.find((i) => i.id === '2.1').cells, [`${num(i21.numerator)} / ${num(i21.denominator)}`, rate(i21.rate), `${score(i21.score)} / ${score(i21.max)}`],
		'detail: 2.1 with numerator, denominator, rate and points');
	await e.snapshot(page, 'rep-board-detail');
	await page.keyboard.press('Escape');
	// The dialog's close event moves the focus after the key press returns: wait for it.
	const back = await page.waitForFunction((unit) => document.activeElement?.dataset?.unit === unit,
		first.unit, { timeout: 5000 }).then(() => true, () => false);
	e.ok(back && !(await page.locator('#unit-detail').evaluate((d) => d.open)) && !new URL(page.url()).searchParams.has('detail'),
		'detail: Escape closes it, the URL forgets it, the focus is back on the unit');
	e.clean(page, 'scoreboard: detail');

	// English and back.
	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await page.locator('h1').innerText(), en['rep.board.heading'], 'English: the heading');
	e.eq(await page.locator('#board-rows thead th:nth-child(4)').innerText(), en['rep.board.col_total'], 'English: the table\'s headers');
	e.eq(await page.locator('#board-total').innerText(), custom.total === null ? null : score(custom.total, 'en-GB'), 'English: numbers with a decimal point');
	e.eq(await page.locator('#period option[value="custom"]').innerText(), en['rep.period.custom'], 'English: the period picker');
	e.eq(await page.locator('#board-rows tbody tr:first-child th button').getAttribute('lang'), 'vi', 'English: unit names stay Vietnamese, marked lang="vi"');
	await e.snapshot(page, 'rep-board-en');
	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'vi');
	e.eq(await page.locator('h1').innerText(), vi['rep.board.heading'], 'and back to Vietnamese');
	await checkDownloads(e, page, 'scoreboard', 'scoreboard');
	e.clean(page, 'scoreboard: language, downloads');
	await page.context().close();

	// A shared link restores the whole state, the dialog included.
	const shared = await e.newPage({ width: 360, height: 800 });
	const dept = board.units.find((u) => u.level === 'department' && u.total !== null);
	await shared.goto(`/chat-luong?period=${earlier}&by=online&level=all&detail=${dept.unit}`);
	await e.ready(shared);
	await shared.waitForSelector('#detail-table');
	e.eq([await shared.inputValue('#period'), await shared.inputValue('#rank-by'), await shared.inputValue('#level'),
		await shared.locator('#detail-heading').innerText()], [earlier, 'online', 'all', dept.unit_name],
	'a shared URL restores the period, the group, the units and the open dialog');
	await shared.keyboard.press('Escape');
	e.eq(await shared.locator('#board-rows tbody tr').count(), older.units.length, 'all units: every unit below the province');
	e.clean(shared, 'scoreboard: shared URL');
	await shared.context().close();
}

async function checkLate(e) {
	execFileSync(e.motcua, ['report', 'config', '--late-min-steps', '3', '--publish-officials', 'yes', '--db', e.db],
		{ stdio: 'pipe' });
	const page = await e.newPage();
	await e.visit(page, '/chat-luong/cham-tre', 'rep-late');
	const late = await api(e, 'late');
	e.eq(await page.locator('.site-nav a[aria-current="page"]').innerText(), vi['nav.quality'], 'late list: under "Chất lượng phục vụ"');
	e.eq(await page.locator('#late-min-note').innerText(), vi['rep.late.min_note'].replace('{n}', '3'), 'late list: the minimum sample is said');
	const units = await page.locator('#late-units tbody tr').evaluateAll((trs) => trs.map((tr) => [
		tr.dataset.unit, ...[...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)]));
	e.ok(late.units.length > 0, 'late list: the demo has units with 3 steps or more', late.units.length);
	e.eq(units, late.units.map((u) => [u.unit, num(u.steps), num(u.late_steps), rate(u.rate)]),
		'late list: units with steps, late steps and rate, worst first, as the API says');
	e.ok(late.officials_published && late.officials.length > 0, 'late list: officials are published', late.officials.length);
	e.eq(await page.locator('#late-officials tbody tr th').allInnerTexts(), late.officials.map((o) => o.name),
		'late list: the officials by name when publication is on');
	const earlier = (await page.locator('#period option').evaluateAll((os) => os.map((o) => o.value)))[3];
	await page.selectOption('#period', earlier);
	const older = await api(e, 'late', { period: earlier });
	await shows(page, 'late-period', older.from, older.to);
	e.ok(new URL(page.url()).searchParams.get('period') === earlier, 'late list: the period picker sets the URL', page.url());
	e.eq(await page.locator('#late-units tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.unit)), older.units.map((u) => u.unit),
		'late list: the units of that period');
	await checkDownloads(e, page, 'late', 'late list');
	e.clean(page, 'late list');
	await page.context().close();
}

async function checkStatistics(e) {
	const page = await e.newPage();
	await e.visit(page, '/thong-ke', 'rep-stats');
	const st = await api(e, 'statistics');
	e.eq(await page.locator('.site-nav a[aria-current="page"]').innerText(), vi['nav.statistics'], 'statistics: "Thống kê" in the main navigation is current');
	const active = st.rows.filter((r) => r.carried_over + r.received > 0);
	const cols = ['carried_over', 'received', 'to_process', 'finished_early', 'finished_on_time', 'finished_late',
		'in_progress_within_time', 'in_progress_nearly_due', 'in_progress_overdue'];
	const row = (r) => [...cols.map((c) => num(r[c])), r.late_rate === null ? vi['rep.nodata'] : rate(r.late_rate)];
	const shown = await page.locator('#stats-rows tbody tr').evaluateAll((trs) => trs.map((tr) => [
		tr.dataset.unit, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
	e.eq(shown, active.map((r) => [r.unit, ...row(r)]), 'statistics: the units with dossiers, every R-IDX-3 column as the API says');
	e.eq(await page.locator('#stats-rows tfoot td').allInnerTexts(), row(st.total), 'statistics: the total row');
	e.eq(await page.locator('#stats-hidden').innerText(), vi['rep.stats.hidden.other'].replace('{n}', num(st.rows.length - active.length)),
		'statistics: how many units without dossiers are hidden');
	await page.check('#stats-all');
	e.eq(await page.locator('#stats-rows tbody tr').count(), st.rows.length, 'statistics: every unit when asked');
	e.eq(new URL(page.url()).searchParams.get('all'), '1', 'statistics: ?all=1 in the URL');
	await page.uncheck('#stats-all');
	const earlier = (await page.locator('#period option').evaluateAll((os) => os.map((o) => o.value))).find((v) => /-Q[1-4]$/.test(v));
	await page.selectOption('#period', earlier);
	const older = await api(e, 'statistics', { period: earlier });
	await shows(page, 'stats-period', older.from, older.to);
	e.eq(await page.locator('#stats-rows tfoot td[data-col="received"]').innerText(), num(older.total.received),
		`statistics: a quarter (${earlier}) from the picker`);
	await checkDownloads(e, page, 'statistics', 'statistics');
	e.clean(page, 'statistics');
	await page.context().close();
}

run(async (e) => {
	await checkScoreboard(e);
	await checkLate(e);
	await checkStatistics(e);
}, { demo: 600 });
