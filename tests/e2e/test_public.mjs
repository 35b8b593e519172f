// test_public.mjs: the public portal in a real browser (docs/web.md "Public
// portal"): the home page's search and browsing, a procedure page (R-CAT-1,
// R-CAT-2) and its language switch, the online submission's inline checks
// (R-ID-1, R-ID-2, phone) with the keyboard alone, a whole online submission
// with a file through the UI, tracking it, a wrong key, and the rating of a
// returned dossier (R-EVAL-1) after staff drove it there through the API.
// Every page: axe at 360 and 1440 px, screenshots (build/screenshots/pub-*),
// no console errors.
import fs from 'node:fs';
import path from 'node:path';

import { ROOT, run } from './harness.mjs';

const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'web/assets/i18n', `${lang}.json`), 'utf8'));
const vi = catalog('vi');
const en = catalog('en');

// The smallest file the server recognises as a PDF (by its %PDF- magic).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const NOW = '2026-03-02T09:00:00+07:00';

const text = (page, sel) => page.locator(sel).first().innerText();

/** Presses Tab until sel has the focus (at most max times); true when it got there. */
async function tabTo(page, sel, { max = 40, back = false } = {}) {
	for (let i = 0; i < max; i++) {
		if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), sel))
			return true;
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
	}
	return page.evaluate((s) => document.activeElement && document.activeElement.matches(s), sel);
}

/** Waits for the live region to say msg (announce() speaks after 50 ms). */
async function announced(page, msg) {
	try {
		await page.waitForFunction((m) => document.querySelector('#announcer').textContent === m, msg, { timeout: 3000 });
		return true;
	} catch {
		return false;
	}
}

async function checkHome(e) {
	const page = await e.newPage();
	await e.visit(page, '/', 'pub-home');
	await page.waitForFunction(() => document.querySelectorAll('#featured-list li').length > 0);
	e.eq(await page.locator('#featured-list li').count(), 9, 'home: the 9 most-used procedures (a fixed featured list) are listed');
	e.eq(await page.getAttribute('#featured-list li a >> nth=0', 'href'), '/thu-tuc/1.001193', 'home: a featured procedure links to its page');
	e.eq(await page.getAttribute('#featured-list li a >> nth=0', 'lang'), 'vi', 'home: procedure names from the data are marked lang="vi"');

	// Browse by field: paged on the server, 10 a page.
	await page.selectOption('#field', 'Hộ tịch');
	await page.waitForFunction(() => /Trang 1\/2/.test(document.querySelector('#results-status').textContent));
	const fields = await page.locator('#results li .meta span[lang="vi"]').allInnerTexts();
	e.ok(fields.length === 10 && fields.every((f) => f === 'Hộ tịch'), 'browse by field: the first page holds 10 procedures of "Hộ tịch"', fields);
	e.ok(await page.locator('#featured').isHidden(), 'browse: the featured list gives way to the results');
	e.ok(new URL(page.url()).searchParams.get('field') === 'Hộ tịch', 'browse: the field is kept in the URL', page.url());
	await page.click('#results-pager button:has-text("Trang sau")');
	await page.waitForFunction(() => /Trang 2\/2/.test(document.querySelector('#results-status').textContent));
	e.eq(await page.locator('#results li').count(), 1, 'browse: the next page (from the server) holds the 11th');
	e.eq(await page.evaluate(() => document.activeElement.id), 'results-heading', 'pager: the focus goes to the results heading');
	e.eq(new URL(page.url()).searchParams.get('page'), '2', 'pager: the page is kept in the URL');

	await page.selectOption('#level', 'province');
	await page.waitForFunction((m) => document.querySelector('#results-status').textContent === m, vi['pub.home.filtered_none']);
	e.ok(true, 'field "Hộ tịch" at province level: nothing, said in words');
	await page.selectOption('#field', '');
	await page.waitForFunction(() => /phù hợp/.test(document.querySelector('#results-status').textContent));
	const levels = await page.locator('#results li .meta').allInnerTexts();
	e.ok(levels.length > 0 && levels.every((l) => l.includes(vi['level.province'])), 'browse by level: province-level procedures only', levels);
	await e.snapshot(page, 'pub-home-browse');

	// Search as you type, without diacritics, within the chosen level.
	await page.fill('#q', 'giay phep lai xe');
	await page.waitForFunction(() => /giay phep lai xe/.test(document.querySelector('#results-status').textContent));
	e.eq(await page.getAttribute('#results li a >> nth=0', 'href'), '/thu-tuc/0.000004', 'search without diacritics + level: "giay phep lai xe" finds "Đổi giấy phép lái xe"');
	e.clean(page, 'home browsing');
	await page.context().close();
}

async function checkProcedure(e) {
	const page = await e.newPage();
	await e.visit(page, '/thu-tuc/2.001610', 'pub-procedure');
	e.eq(await text(page, 'h1'), 'Đăng ký thành lập doanh nghiệp tư nhân', 'procedure: the name as the heading');
	e.eq(await page.getAttribute('h1', 'lang'), 'vi', 'procedure: its name is marked lang="vi"');
	const info = await text(page, '#proc-info + dl');
	for (const [what, want] of [
		['code', '2.001610'], ['field', 'Thành lập và hoạt động doanh nghiệp'], ['level', vi['level.province']],
		['competent unit (GET /api/v1/units)', 'Sở Tài chính'], ['processing time in words', '3 ngày làm việc'],
		['fees', '50.000 đ'], ['result', 'Giấy chứng nhận đăng ký doanh nghiệp'], ['channels', vi['channel.online']],
		['subjects', vi['pub.subject.business']], ['paper allowed', vi['pub.proc.paper']]])
		e.ok(info.includes(want), `procedure: R-CAT-1 ${what} (${want})`, info);
	const comps = await page.locator('.components li').allInnerTexts();
	e.ok(comps.length === 2 && comps[0].includes('Giấy đề nghị đăng ký doanh nghiệp') && comps[0].includes(vi['pub.form.original']) &&
		comps[0].includes('Số lượng: 1') && comps[1].includes(vi['pub.form.copy']), 'procedure: components with original/copy and count', comps);
	e.ok((await text(page, '#proc-legal + ul')).includes('Luật Doanh nghiệp 59/2020/QH14'), 'procedure: the legal basis');
	const steps = await page.locator('#proc-process ~ ol.timeline > li').allInnerTexts();
	e.ok(steps.length === 4 && steps[0].includes('Trung tâm Phục vụ hành chính công thành phố Hải Phòng') &&
		steps[0].includes('4 giờ làm việc') && steps[1].includes('Phòng Đăng ký kinh doanh') && steps[1].includes('1 ngày làm việc'),
	'procedure: the internal process (R-CAT-2) as a timeline, each step with its unit\'s name and time budget', steps);
	e.eq(await page.getAttribute('#submit-online', 'href'), '/nop-ho-so/2.001610', 'procedure: "Nộp hồ sơ trực tuyến" when online is allowed');

	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await text(page, '#proc-info'), en['pub.proc.info'], 'procedure in English: the headings follow');
	e.ok((await text(page, '#proc-process ~ ol.timeline > li')).includes('4 working hours'), 'procedure in English: the time budgets are re-rendered');
	e.eq([await text(page, 'h1'), await page.getAttribute('h1', 'lang')], ['Đăng ký thành lập doanh nghiệp tư nhân', 'vi'],
		'procedure in English: the data stays Vietnamese, marked lang="vi"');
	e.eq(await text(page, '#submit-online'), en['pub.proc.submit_online'], 'procedure in English: the submit button');
	await e.snapshot(page, 'pub-procedure-en');
	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'vi');
	e.eq(await text(page, '#proc-info'), vi['pub.proc.info'], 'and back to Vietnamese');
	e.clean(page, 'procedure language switch');

	await e.visit(page, '/thu-tuc/1.001193', 'pub-procedure-commune');
	const cSteps = await page.locator('#proc-process ~ ol.timeline > li').allInnerTexts();
	e.ok(cSteps.length === 4 && cSteps[0].includes(vi['pub.unit_kind.one_stop']) && cSteps[1].includes(vi['pub.unit_kind.justice']),
		'commune-level procedure: the steps name the commune\'s units in words', cSteps);
	e.ok((await text(page, '#proc-info + dl')).includes(vi['duration.same_day']), 'commune-level procedure: "same day" in words');

	e.allow(page, /\/api\/v1\/procedures\/9\.999999$/);
	await page.goto('/thu-tuc/9.999999');
	e.eq(await e.ready(page), 'true', 'unknown procedure: the page is ready');
	e.eq(await text(page, 'h1'), vi['pub.proc.not_found_heading'], 'unknown procedure: says so');
	e.clean(page, 'unknown procedure');
	await page.context().close();
}

async function checkValidation(e) {
	const page = await e.newPage();
	await e.visit(page, '/nop-ho-so/2.001610', 'pub-submit');
	await page.locator('body').focus();

	// Keyboard only: Tab to the name, type, Tab to the ID number.
	e.ok(await tabTo(page, '#applicant-name'), 'keyboard: Tab reaches the name field');
	await page.keyboard.type('Nguyễn Văn An');
	await page.keyboard.press('Tab');
	e.eq(await page.evaluate(() => document.activeElement.id), 'id-number', 'keyboard: the next Tab is the ID number');
	for (const [bad, key, what] of [
		['03109000123', 'pub.v.id_format', 'not 12 digits'],
		['099190001234', 'pub.v.id_province', 'not one of the 63 province codes'],
		['031390001234', 'pub.v.id_future', 'century digit 3 with 90: born in 2090, in the future']]) {
		await page.keyboard.press('Control+A');
		await page.keyboard.type(bad);
		await page.keyboard.press('Tab');
		const err = await page.locator('#id-number-error');
		e.ok(await err.isVisible() && (await err.innerText()) === vi[key] &&
			(await page.getAttribute('#id-number', 'aria-invalid')) === 'true' &&
			(await page.getAttribute('#id-number', 'aria-describedby')).includes('id-number-error'),
		`ID number ${bad} (${what}): the error shows under the field, tied to it`, await err.innerText());
		e.ok(await announced(page, vi[key]), `ID number ${bad}: the error is announced (live region)`);
		await page.keyboard.press('Shift+Tab');
	}
	await page.keyboard.press('Control+A');
	await page.keyboard.type('031090001234');
	e.ok(await page.locator('#id-number-error').isHidden(), 'a valid ID number clears the error as it is typed');
	await page.keyboard.press('Tab');
	e.eq(await page.getAttribute('#id-number', 'aria-invalid'), null, 'a valid ID number is not marked invalid');

	// An organisation: the radio by the keyboard, then the tax code.
	e.ok(await tabTo(page, '#kind-citizen', { back: true }), 'keyboard: Shift+Tab back to the applicant kind');
	await page.keyboard.press('ArrowDown');
	e.ok(await page.isChecked('#kind-organization'), 'keyboard: the arrow key picks "organisation"');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	e.eq(await page.evaluate(() => document.activeElement.id), 'tax-code', 'organisation: the tax code replaces the ID number');
	for (const [bad, key, what] of [
		['0100109107', 'pub.v.tax_check', 'wrong check digit'],
		['0100109106-000', 'pub.v.tax_format', 'branch 000'],
		['01001091', 'pub.v.tax_format', 'too short']]) {
		await page.keyboard.press('Control+A');
		await page.keyboard.type(bad);
		await page.keyboard.press('Tab');
		e.ok((await page.locator('#tax-code-error').innerText()) === vi[key] && (await page.getAttribute('#tax-code', 'aria-invalid')) === 'true',
			`tax code ${bad} (${what}): the error shows`);
		e.ok(await announced(page, vi[key]), `tax code ${bad}: the error is announced`);
		await page.keyboard.press('Shift+Tab');
	}
	await page.keyboard.press('Control+A');
	await page.keyboard.type('0100109106-001');
	await page.keyboard.press('Tab');
	e.ok(await page.locator('#tax-code-error').isHidden(), 'tax code 0100109106-001 (a branch) is valid');

	// The phone, then Enter submits the form: an error summary takes the focus.
	e.eq(await page.evaluate(() => document.activeElement.id), 'phone', 'keyboard: then the phone');
	await page.keyboard.type('12345');
	await page.keyboard.press('Tab');
	e.eq(await page.locator('#phone-error').innerText(), vi['pub.v.phone_format'], 'phone 12345: 9-11 digits needed');
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Enter');
	await page.waitForSelector('.error-summary');
	const focused = await page.evaluate(() => ({
		cls: document.activeElement.className, role: document.activeElement.getAttribute('role'),
		text: document.activeElement.innerText,
	}));
	e.ok(focused.cls === 'error-summary' && focused.role === 'alert' && focused.text.includes(vi['pub.v.phone_format']) &&
		focused.text.includes(vi['pub.v.file_required']), 'Enter: an error summary (role="alert") with every error takes the focus', focused);
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	e.eq(await page.evaluate(() => document.activeElement.id), 'phone', 'the summary\'s first link takes the focus to the field');
	e.ok(await page.locator('#review').isHidden(), 'nothing goes to review while errors remain');
	await e.snapshot(page, 'pub-submit-errors');

	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await page.locator('#phone-error').innerText(), en['pub.v.phone_format'], 'the errors follow a language switch');
	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'vi');
	e.clean(page, 'submission checks');
	await page.context().close();
}

async function checkSubmission(e) {
	const page = await e.newPage();
	await page.goto('/nop-ho-so/1.001193');
	await e.ready(page);
	await page.fill('#applicant-name', 'Nguyễn Thị Bình');
	await page.fill('#id-number', '031190001234');
	await page.fill('#phone', '0912 345 678');
	await page.fill('#email', 'binh@example.vn');
	await page.fill('#address', 'Số 1 đường Hoàng Văn Thụ, Thủy Nguyên, Hải Phòng');

	// The commune: filtered without diacritics, then picked; its one-stop unit receives.
	const all = await page.locator('#commune option').count();
	await page.fill('#commune-filter', 'thuy nguyen');
	const some = await page.locator('#commune option').count();
	e.ok(all > 100 && some >= 2 && some < 5, `the commune list (${all - 1}) narrows as you type without diacritics (${some - 1})`);
	await page.selectOption('#commune', { label: 'Phường Thủy Nguyên' });
	await page.waitForFunction(() => /Trung tâm Phục vụ hành chính công phường Thủy Nguyên/.test(document.querySelector('#place-result').textContent));
	e.ok(true, 'the commune\'s one-stop unit (GET /api/v1/units?parent=) is shown as the receiving place');

	e.eq(await page.locator('#components input[type="file"]').count(), 6, 'a file input for each component that is not "shown in person"');
	await page.setInputFiles('#comp-1-file', { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.setInputFiles('#comp-2-file', { name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
	await e.snapshot(page, 'pub-submit-filled');
	await page.click('#to-review');
	await page.waitForSelector('#review:not([hidden])');
	const review = await text(page, '#review');
	e.ok(review.includes('031190001234') && review.includes('Trung tâm Phục vụ hành chính công phường Thủy Nguyên') &&
		review.includes('to-khai.pdf') && review.includes('giay-chung-sinh.pdf') && review.includes('5678'),
	'review: the applicant, the receiving place, the files and the future tracking key', review);
	e.eq(await page.evaluate(() => document.activeElement.id), 'review-heading', 'review: the focus moves to its heading');
	e.eq(await page.getAttribute('#submit-steps li[data-step="review"]', 'aria-current'), 'step', 'review: the step indicator says where we are');
	await e.snapshot(page, 'pub-submit-review');

	await page.click('#review-submit');
	await page.waitForSelector('#done-code');
	const code = await text(page, '#done-code');
	const key = await text(page, '#done-key');
	e.ok(/^001\.01\.50\.H27-260302-\d{4}$/.test(code), 'done: the dossier code (the commune centre\'s code, today\'s date)', code);
	e.eq(key, '5678', 'done: the tracking key, the last 4 digits of the phone');
	e.eq(await page.locator('#upload-list li.upload--ok').count(), 2, 'done: both files uploaded with the key');
	e.eq(await page.getAttribute('#track-link', 'href'), `/tra-cuu?code=${encodeURIComponent(code)}&key=5678`, 'done: a link to the tracking page');
	await e.snapshot(page, 'pub-submit-done');
	e.clean(page, 'online submission');

	const anon = await e.client();
	const files = await anon.request('GET', `/api/v1/dossiers/${code}/files?key=5678`);
	e.ok(files.status === 200 && files.json.total === 2 && files.json.items.every((f) => f.type === 'application/pdf' && f.added_by === 'applicant'),
		'the server holds the two PDFs, added by the applicant', files.json);

	await page.click('#track-link');
	await page.waitForURL((u) => u.pathname === '/tra-cuu');
	e.eq(await e.ready(page), 'true', 'the tracking page opens from the link');
	await page.waitForSelector('#status-explain');
	e.eq(await text(page, '.track-status .badge--status'), vi['status.submitted'], 'tracking: the status in plain words');
	e.eq(await text(page, '#status-explain'), vi['pub.track.explain.submitted'], 'tracking: what it means');
	e.ok((await text(page, '.track-proc')).includes('Thủ tục đăng ký khai sinh'), 'tracking: the procedure');
	await e.snapshot(page, 'pub-track-submitted');
	e.clean(page, 'tracking after submission');
	await page.context().close();
	return { code, key };
}

async function checkTracking(e, sub) {
	const page = await e.newPage({ width: 360, height: 800 });
	await e.visit(page, '/tra-cuu', 'pub-track');
	await page.fill('#track-code', 'abc');
	await page.fill('#track-key', '12');
	await page.click('#track-form button[type="submit"]');
	e.ok((await text(page, '#track-code-error')) === vi['pub.v.dossier_code'] && (await text(page, '#track-key-error')) === vi['pub.v.key'],
		'tracking: a malformed code and key are caught before any request');
	e.eq(await page.evaluate(() => document.activeElement.id), 'track-code', 'tracking: the focus goes to the first wrong field');

	e.allow(page, /\/api\/v1\/track\//);
	await page.fill('#track-code', sub.code);
	await page.fill('#track-key', '0000');
	await page.click('#track-form button[type="submit"]');
	await page.waitForSelector('#track-not-found');
	e.ok((await text(page, '#track-not-found')).includes(vi['pub.track.not_found']) &&
		(await page.getAttribute('#track-not-found', 'role')) === 'alert', 'tracking with a wrong key: the not-found message (role="alert")');
	await e.snapshot(page, 'pub-track-not-found');
	e.clean(page, 'tracking with a wrong key');
	await page.context().close();
}

async function checkRating(e) {
	// An online dossier driven to "returned" through the API by the staff, with an apology.
	const anon = await e.client();
	const created = await anon.request('POST', '/api/v1/dossiers', {
		procedure: '2.001610', channel: 'online', receiving_unit: '000.00.20.H27',
		applicant: { kind: 'organization', name: 'Công ty TNHH Ánh Dương', tax_code: '0100109106', phone: '0225 3841 234' },
		components: ['Giấy đề nghị đăng ký doanh nghiệp'],
	});
	e.eq(created.status, 201, 'API: an online dossier for the rating');
	const { code } = created.json;
	const key = created.json.tracking_key;
	const act = async (user, action, body) => {
		const r = await (await e.client(user)).request('POST', `/api/v1/dossiers/${code}/${action}`, body);
		if (r.status !== 200)
			throw new Error(`${user} ${action}: ${r.status} ${r.text}`);
		return r.json;
	};
	await act('tiepnhan', 'receive', {});
	await act('tiepnhan', 'forward', { note: 'Chuyển thẩm định' });
	await act('chuyenvien', 'forward', { note: 'Trình ký' });
	await act('lanhdao', 'apologize', { reason: 'Cần thêm thời gian thẩm định', new_due: '2026-03-10T17:00:00+07:00' });
	await act('lanhdao', 'complete', { result: { name: 'Giấy chứng nhận đăng ký doanh nghiệp' } });
	const returned = await act('tiepnhan', 'return', { method: 'counter' });
	e.eq(returned.status, 'returned', 'API: the staff received, forwarded, apologised, completed and returned it');

	const page = await e.newPage();
	await e.visit(page, `/tra-cuu?code=${encodeURIComponent(code)}&key=${key}`, 'pub-track-returned');
	e.eq(await page.inputValue('#track-code'), code, 'tracking from a QR link: the form is filled from the URL');
	e.eq(await text(page, '.track-status .badge--status'), vi['status.returned'], 'tracking: returned, in plain words');
	const apology = await text(page, '.track-summary .alert--warning');
	e.ok(apology.includes('10/03/2026 17:00'), 'tracking: the apology with its new date', apology);
	e.ok((await text(page, '.track-summary dl')).includes('10/03/2026 17:00'), 'tracking: the new due date');
	const steps = await page.locator('.track-steps > li').allInnerTexts();
	e.ok(steps.length === 4 && steps.every((s) => s.includes(vi['pub.track.step_done'])) &&
		steps[1].includes('Phòng Đăng ký kinh doanh'), 'tracking: every step done, with its unit\'s name', steps);
	e.ok(await page.locator('#paper-receipt').count() === 1 && (await page.getAttribute('#paper-receipt', 'href')).endsWith(`receipt.pdf?key=${key}`),
		'tracking: a link to the receipt (with the key)');
	for (const id of ['#paper-receipt', '#paper-apology']) {
		const r = await anon.request('GET', await page.getAttribute(id, 'href'), undefined, { Accept: 'application/pdf' });
		e.ok(r.status === 200 && r.headers.get('content-type').startsWith('application/pdf'), `tracking: the ${id.slice(7)} paper's link answers a PDF`, `${r.status} ${r.headers.get('content-type')}`);
	}
	const body = await page.evaluate(() => document.body.innerText);
	e.ok(!body.includes('Ánh Dương') && !body.includes('0100109106') && !body.includes('3841'), 'tracking: no personal data on the page (R-AUD-2)');

	// R-EVAL-1: "not satisfied" needs a reason.
	await page.check('#rating-not_satisfied');
	await page.click('#rating-submit');
	e.eq(await text(page, '#rating-reason-error'), vi['pub.v.reason_required'], 'rating: "not satisfied" without a reason is refused, before any request');
	e.eq(await page.evaluate(() => document.activeElement.id), 'rating-reason', 'rating: the focus goes to the reason');
	await page.fill('#rating-reason', 'Hồ sơ bị hẹn lại một lần.');
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.url().endsWith(`/api/v1/dossiers/${code}/rating`)),
		page.click('#rating-submit'),
	]);
	e.eq(resp.status(), 200, 'rating: posted with the key, accepted');
	e.eq(JSON.parse(resp.request().postData()), { level: 'not_satisfied', tracking_key: key, reason: 'Hồ sơ bị hẹn lại một lần.' },
		'rating: the level, the reason and the key');
	await page.waitForSelector('#rating-thanks');
	e.ok((await text(page, '#rating-thanks')).includes(vi['pub.rate.not_satisfied']), 'rating: thanks, with the rating given');
	await e.snapshot(page, 'pub-track-rated');
	e.clean(page, 'rating');
	await page.context().close();
}

run(async (e) => {
	const t0 = Date.now();
	await e.setNow(NOW);
	await checkHome(e);
	await checkProcedure(e);
	await checkValidation(e);
	const sub = await checkSubmission(e);
	await checkTracking(e, sub);
	await checkRating(e);
	e.comment(`browser checks took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
