// The leader's dashboard (/can-bo/bang-dieu-khien; docs/web.md "Staff
// workspace", docs/index.md "The leader's dashboard") in a real browser.
// The API builds a scene judged on Wednesday 2026-04-29 at 16:00 (before
// the holidays of 30/4 and 1/5): dossiers at the centre's reception, with
// the specialist, handed over to nobody, with the leader (overdue), nearly
// due, one completed in March. Then:
//   - the leader's tiles and tables show what the API answers, the tiles
//     link to the queues, an apology row opens its dossier;
//   - the page in English and back; axe at 360 and 1440 px, screenshots
//     build/screenshots/dash-*.png, no console error;
//   - the auditor's city and a drill-down to a division; a leader of two
//     units chooses; a receiving officer has no dashboard.
import { DEMO_PASSWORD, run } from './harness.mjs';

const PROC = '2.001610';
const CENTRE = '000.00.20.H27';
const DEPT = '000.00.03.H27';
const DIVISION = '010.00.03.H27';
const OTHER_DEPT = '000.00.02.H27';
const CITIZEN = {
	kind: 'citizen', name: 'Nguyễn Văn An', id_number: '031090001234', phone: '0912 345 678',
	email: 'an@example.vn', address: 'Số 1 Lạch Tray, Hải Phòng',
};
const NOW = '2026-04-29T16:00:00+07:00';
const PAGE = '/can-bo/bang-dieu-khien';

const at = (day, hm = '09:00') => `2026-${day}T${hm}:00+07:00`;

run(async (e) => {
	const t0 = Date.now();
	const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
	const ints = async (page, sel) => page.$$eval(sel, (els) => els.map((x) => Number.parseInt(x.textContent.replace(/\D/g, ''), 10)));

	// ---------- the scene, through the API (sessions made at NOW: the clock only goes back) ----------
	await e.setNow(NOW);
	const tn = await e.client('tiepnhan');
	const cv = await e.client('chuyenvien');
	const ld = await e.client('lanhdao');
	const admin = await e.client('admin');
	const problems = [];
	const call = async (c, when, method, p, body) => {
		await e.setNow(when);
		const r = await c.request(method, p, body);
		if (r.status >= 300)
			problems.push(`${method} ${p} at ${when}: ${r.status} ${r.text.slice(0, 200)}`);
		return r;
	};
	const receive = async (when) => (await call(tn, when, 'POST', '/api/v1/dossiers', {
		procedure: PROC, channel: 'counter', receiving_unit: CENTRE, applicant: CITIZEN,
		components: ['Giấy đề nghị đăng ký doanh nghiệp'], receive: true,
	})).json.code;
	const forward = (c, code, when, assignee) => call(c, when, 'POST', `/api/v1/dossiers/${code}/forward`,
		assignee ? { assignee } : {});

	const march = await receive('2026-03-02T09:00:00+07:00');
	await forward(tn, march, '2026-03-02T09:30:00+07:00', 'chuyenvien');
	await call(cv, '2026-03-02T11:00:00+07:00', 'POST', `/api/v1/dossiers/${march}/complete`,
		{ result: { name: 'Giấy chứng nhận đăng ký doanh nghiệp' } });
	const a = await receive(at('04-24'));            // due Mon 05-04: apology by today 17:00
	const b = await receive(at('04-28'));            // due Tue 05-05
	await forward(tn, b, at('04-28', '09:10'), 'chuyenvien');
	const c = await receive(at('04-29', '08:00'));   // due Wed 05-06: apology by Tue 05-05
	await forward(tn, c, at('04-29', '08:10'));
	const d = await receive(at('04-29', '15:30'));   // after the cut-off: due Thu 05-07
	const over = await receive(at('04-22'));         // due Tue 04-28: overdue
	await forward(tn, over, at('04-22', '10:00'), 'chuyenvien');
	await forward(cv, over, at('04-23', '10:00'), 'lanhdao');
	const nearly = await receive(at('04-23'));       // due today 17:00: nearly due
	await forward(tn, nearly, at('04-23', '10:00'), 'chuyenvien');
	await call(admin, NOW, 'POST', '/api/v1/users', {
		username: 'ldhai', password: DEMO_PASSWORD, full_name: 'Lãnh đạo hai đơn vị',
		roles: [{ role: 'leader', unit: DEPT }, { role: 'leader', unit: OTHER_DEPT }],
	});
	await e.setNow(NOW);
	e.eq(problems, [], 'the scene is built through the API');
	const api = (await ld.request('GET', '/api/v1/reports/dashboard')).json;
	e.eq([api.unit, api.open, api.overdue, api.nearly_due, api.apology_due.map((x) => x.code)],
		[DEPT, 6, 1, 1, [a, b, c]], 'the API: 6 open, 1 overdue, 1 nearly due, 3 apologies due (not D)');

	// ---------- the leader ----------
	const lp = await e.newPage();
	await e.signIn(lp, 'lanhdao', { next: PAGE });
	await e.visit(lp, PAGE, 'dash-leader');
	e.eq(await lp.getAttribute(`.site-nav a[href="${PAGE}"]`, 'aria-current'), 'page',
		'the main navigation has the dashboard, marked as the current page');
	const tiles = await ints(lp, '#dash-tiles .dash-tile__n');
	e.eq(tiles, [api.open, api.overdue, api.nearly_due, api.apology_due_total], 'the tiles are the API\'s counts');
	e.eq(await lp.getAttribute('[data-tile="overdue"] a', 'href'), `/can-bo?unit=${DEPT}&queue=overdue`,
		'the overdue tile opens the overdue queue of the unit');
	e.eq(await lp.getAttribute('[data-tile="apology"] a', 'href'), '#dash-apology-heading',
		'the apologies tile leads to their list on the page');
	e.ok(await lp.locator('[data-tile="overdue"].dash-tile--bad').count() === 1, 'overdue is marked (words and colour)');
	const unitRows = await lp.$$eval('#dash-units-table tbody tr', (trs) => trs.map((tr) =>
		[...tr.querySelectorAll('td.num')].map((x) => Number.parseInt(x.textContent, 10))));
	e.eq(unitRows, api.by_unit.map((x) => [x.open, x.overdue, x.nearly_due]), 'the table by unit is the API\'s');
	e.ok((await text(lp, '#dash-units-table tbody tr:first-child th')).includes(DIVISION),
		'the division that holds the overdue dossier comes first');
	const officialRows = await lp.$$eval('#dash-officials-table tbody tr', (trs) => trs.map((tr) =>
		[...tr.querySelectorAll('td.num')].map((x) => Number.parseInt(x.textContent, 10))));
	e.eq(officialRows, api.by_official.map((x) => [x.open, x.overdue, x.nearly_due]), 'the table by official is the API\'s');
	e.ok((await text(lp, '#dash-officials-table')).includes('Chưa giao cho cán bộ cụ thể'),
		'a dossier handed over to nobody is under "not assigned"');
	e.eq(await lp.getAttribute('#dash-officials-table a[href*="queue=mine"]', 'href'), `/can-bo?unit=${DEPT}&queue=mine`,
		'the leader\'s own row links to "my steps"');
	const codes = await lp.$$eval('#dash-apology-table tbody th a', (as) => as.map((x) => x.textContent));
	e.eq(codes, [a, b, c], 'the apologies due, earliest first');
	e.eq(await text(lp, '#dash-apology-table tbody tr:first-child .badge'), 'Hôm nay', 'A\'s deadline is today');
	e.ok((await text(lp, '#dash-apology-lead')).includes('05/05/2026 17:00'),
		'the window ends Tue 05-05 17:00, across the holidays');
	const idx = (await ld.request('GET', `/api/v1/reports/index?unit=${DEPT}&from=2026-04-01&to=2026-04-29`)).json;
	const prev = (await ld.request('GET', `/api/v1/reports/index?unit=${DEPT}&period=2026-03`)).json;
	const fmt = (x) => new Intl.NumberFormat('vi-VN').format(x);
	e.eq(await lp.$$eval('#dash-index-table .dash-score', (els) => els.map((x) => x.textContent)),
		[fmt(idx.total), fmt(prev.total)], 'the index: this month and last month as /reports/index');
	const diff = Math.round((idx.total - prev.total) * 100) / 100;
	e.ok((await text(lp, '#dash-diff')).includes(fmt(Math.abs(diff))), 'the difference in points', await text(lp, '#dash-diff'));
	e.clean(lp, 'leader');

	await Promise.all([lp.waitForURL((u) => u.pathname === `/can-bo/ho-so/${a}`),
		lp.click(`#dash-apology-table a[href="/can-bo/ho-so/${a}"]`)]);
	e.eq(await e.ready(lp), 'true', 'an apology row opens the dossier\'s page');
	await lp.goBack();
	await e.ready(lp);

	await lp.click('#lang-switch');
	await lp.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await text(lp, 'h1'), 'Dashboard', 'English: the heading');
	e.eq(await text(lp, '[data-tile="overdue"] .dash-tile__label'), 'Overdue', 'English: the tiles');
	e.eq(await text(lp, '#dash-apology-table thead th:last-child'), 'Apology deadline', 'English: the tables');
	e.ok((await text(lp, '#dash-diff')).match(/^(up|down) /), 'English: the difference');
	await e.snapshot(lp, 'dash-leader-en');
	await lp.click('#lang-switch');
	await lp.waitForFunction(() => document.documentElement.lang === 'vi');
	e.eq(await text(lp, 'h1'), 'Bảng điều khiển', 'and back to Vietnamese');
	e.clean(lp, 'language switch');
	await lp.context().close();

	// ---------- the auditor: the city, then a division below it ----------
	const au = await e.newPage();
	await e.signIn(au, 'thanhtra', { next: PAGE });
	await e.visit(au, PAGE, 'dash-auditor');
	e.eq(await ints(au, '#dash-tiles .dash-tile__n'), [6, 1, 1, 3], 'auditor: the city by default, the same dossiers');
	e.eq(await au.getAttribute(`.site-nav a[href="${PAGE}"]`, 'aria-current'), 'page', 'auditors have the dashboard in the navigation');
	const drill = au.locator(`#dash-units-table a[href="${PAGE}?unit=${DIVISION}"]`);
	await drill.waitFor();
	await drill.click();
	await au.waitForFunction((u) => new URLSearchParams(location.search).get('unit') === u &&
		document.querySelector('#dash-lead') && document.querySelector('#dash-lead').textContent.includes(u), DIVISION);
	e.eq(await ints(au, '#dash-tiles .dash-tile__n'), [4, 1, 1, 2], 'a unit row opens that unit\'s dashboard (what the division holds)');
	e.ok(await au.locator('#dash-unit-select').count() === 1, 'the chooser offers the auditor\'s unit and the one opened');
	e.clean(au, 'auditor');
	await au.context().close();

	// ---------- a leader of two units; a receiving officer ----------
	const two = await e.newPage();
	await e.signIn(two, 'ldhai', { next: PAGE });
	await two.waitForSelector('#dash-unit-select');
	e.eq(await two.inputValue('#dash-unit-select'), OTHER_DEPT, 'two units: the first leader grant is shown first');
	await two.selectOption('#dash-unit-select', DEPT);
	await two.waitForFunction((u) => new URLSearchParams(location.search).get('unit') === u &&
		document.querySelector('#dash-lead').textContent.includes(u), DEPT);
	e.eq((await ints(two, '#dash-tiles .dash-tile__n'))[0], 6, 'choosing the department shows its dossiers');
	await e.snapshot(two, 'dash-two-units');
	e.clean(two, 'two units');
	await two.context().close();

	const rp = await e.newPage();
	await e.signIn(rp, 'tiepnhan', { next: PAGE });
	await e.visit(rp, PAGE, 'dash-receiver');
	e.eq(await rp.getAttribute('#dash-messages [data-i18n]', 'data-i18n'), 'staff.dash.not_for_you',
		'a receiving officer is told the dashboard is for leaders, auditors and administrators');
	e.ok(await rp.locator(`.site-nav a[href="${PAGE}"]`).count() === 0, '… and has no link to it');
	await rp.context().close();

	e.comment(`runtime ${Math.round((Date.now() - t0) / 1000)} s`);
	e.ok(Date.now() - t0 < 60000, 'the dashboard tests run in under 60 s');
});
