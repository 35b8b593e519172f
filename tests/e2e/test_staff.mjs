// The staff workspace (docs/web.md "Staff workspace") in a real browser,
// through the UI only (the API prepares the online submission and reads
// back a few facts):
//   - a whole lifecycle: online submission with a file → the receiving
//     officer receives it → hands it to the specialist → who hands it to the
//     leader → the clock reaches the warning point → the leader apologises
//     with a new date → completes with a result file → the receiving officer
//     returns it → the applicant tracks it and rates it (public page);
//   - counter reception of a paper dossier, with a scan;
//   - a request for a supplement and its completion at the counter;
//   - the server's word on a stale page (409), the session expiring;
//   - the auditor (read only) and the administration pages;
//   - the language switch; axe at 360 and 1440 px and screenshots of every
//     page (build/screenshots/staff-*.png); no console error anywhere.
import { run } from './harness.mjs';

const PROC = '2.001610';
const CENTRE = '000.00.20.H27';
const CITIZEN = {
	kind: 'citizen', name: 'Nguyễn Văn An', id_number: '031090001234', phone: '0912 345 678',
	email: 'an@example.vn', address: 'Số 1 Lạch Tray, Hải Phòng',
};
const FORM1 = 'Giấy đề nghị đăng ký doanh nghiệp';

/** A small valid PDF (the server recognises files by their content). */
function pdf(text = 'motcua') {
	const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
		`3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** A 2×2 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

run(async (e) => {
	const t0 = Date.now();
	const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
	const api = async (user, method, p, body) => (await e.client(user)).request(method, p, body);

	/** Opens the action's panel on the dossier page, fills it with fill(page), submits, waits for the success message. */
	async function act(page, action, fill, { expectError = false } = {}) {
		await page.click(`#action-${action}-open`);
		await page.waitForSelector(`#action-${action}:not([hidden])`);
		if (fill)
			await fill(page);
		await page.click(`#action-${action} button[type="submit"]`);
		if (expectError) {
			await page.waitForSelector(`#action-${action} .action-error [role="alert"]`);
			return text(page, `#action-${action} .action-error [role="alert"]`);
		}
		await page.waitForSelector(`#actions-messages [data-i18n="staff.action.${action}.done"]`);
		return text(page, '#actions-messages');
	}

	/** Signs in again after the test clock jumped past the session's idle limit (its 401 is expected). */
	async function signInAgain(page, user, next) {
		const re = /\/api\/v1\/session$/;
		e.allow(page, re);
		await e.signIn(page, user, { next });
		page.allowed = page.allowed.filter((x) => x !== re);
	}

	/** Opens a staff page without the axe checks and screenshots of e.visit (a page already covered in that state). */
	async function open(page, p) {
		const resp = await page.goto(p);
		e.ok(resp && resp.status() === 200 && (await e.ready(page)) === 'true', `${p} opens`);
	}

	const status = async (page) => page.getAttribute('#dossier-summary .badge--status', 'data-i18n');

	// ---------- an online submission with a file (the applicant, through the API) ----------
	await e.setNow('2026-03-02T09:00:00+07:00');
	const anon = await e.client();
	let r = await anon.request('POST', '/api/v1/dossiers', {
		procedure: PROC, channel: 'online', receiving_unit: CENTRE, applicant: CITIZEN, components: [FORM1],
	});
	e.eq(r.status, 201, 'an online submission (API) is filed');
	const code = r.json.code;
	const key = r.json.tracking_key;
	const up = await fetch(`${e.base}/api/v1/dossiers/${code}/files/giay-de-nghi.pdf?key=${key}`, {
		method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: pdf('giay de nghi'),
	});
	e.eq(up.status, 201, 'the applicant attaches the form (PDF) with the tracking key');
	const up2 = await fetch(`${e.base}/api/v1/dossiers/${code}/files/can-cuoc.png?key=${key}`, {
		method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: PNG,
	});
	e.eq(up2.status, 201, '…and a photo (PNG)');
	await e.setNow('2026-03-02T10:00:00+07:00');

	// ---------- the receiving officer: the queues ----------
	const tn = await e.newPage();
	await e.signIn(tn, 'tiepnhan');
	await open(tn, '/can-bo');
	e.eq(await tn.getAttribute('#queue-list a[aria-current="true"]', 'data-queue'), 'receive',
		'receiver: the first queue is "to receive"');
	await tn.waitForSelector(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	e.ok(true, 'the online submission is in the "to receive" queue');
	await tn.waitForFunction(() => /1/.test(document.querySelector('#queue-list a[data-queue="receive"] .queue-link__count').textContent));
	await tn.waitForSelector('#queue-body .countdown .badge');
	const countdown = await text(tn, '#queue-body .countdown');
	e.ok(countdown.includes('03/03/2026 09:30') && /còn 7 giờ/.test(countdown),
		'the 8-working-hour acknowledgement: due 03/03 09:30, 7 h left (R-DOS-3)', countdown);
	const queues = await tn.$$eval('#queue-list a', (as) => as.map((a) => a.dataset.queue));
	e.eq(queues, ['receive', 'mine', 'unit', 'nearly_due', 'overdue', 'supplement', 'return'],
		'receiver: the queues of the role (no "awaiting apology")');
	await e.snapshot(tn, 'staff-queues-receiver-loaded');
	e.clean(tn, 'queues');

	// ---------- receive it, and hand it over ----------
	await tn.click(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	await tn.waitForURL((u) => u.pathname === `/can-bo/ho-so/${code}`);
	await e.ready(tn);
	await e.snapshot(tn, 'staff-dossier-submitted');
	e.eq(await status(tn), 'status.submitted', 'dossier page: status "submitted"');
	const actions = await tn.$$eval('#actions .action-buttons button', (bs) => bs.map((b) => b.dataset.action));
	e.eq(actions, ['receive', 'request-supplement', 'refuse', 'withdraw'], 'receiver, submitted: receive, request a supplement, refuse, record a withdrawal');
	e.ok(await tn.locator('#files tbody tr').count() === 2, 'the attachments are listed');
	e.eq(await tn.getAttribute('#files a[download="giay-de-nghi.pdf"]', 'href'), `/api/v1/dossiers/${code}/files/giay-de-nghi.pdf`,
		'each attachment has its download link');
	await tn.click('#files button:has-text("Xem trước")');
	await tn.waitForSelector('#file-preview img[src^="data:image/png"]');
	e.ok(true, 'an image attachment is previewed');
	e.ok(await tn.locator('#papers-section').isHidden(), 'no paper before reception');

	// the refuse form's own check: a reason is required, no request is sent
	await tn.click('#action-refuse-open');
	await tn.click('#action-refuse button[type="submit"]');
	e.eq(await tn.getAttribute('#action-refuse textarea', 'aria-invalid'), 'true', 'refuse without a reason: the form says so, nothing is sent');
	await tn.click('#action-refuse .btn--link');
	e.eq(await tn.evaluate(() => document.activeElement.id), 'action-refuse-open', 'cancel closes the form and returns the focus');

	let msg = await act(tn, 'receive');
	e.ok(msg.length > 0 && (await status(tn)) === 'status.received', 'receive → received', msg);
	e.ok((await text(tn, '#dossier-summary')).includes('05/03/2026 17:00'), 'the due date is shown: 3 working days (R-CAL-4)');
	e.eq(await tn.getAttribute('#papers a[href$="receipt.pdf"]', 'href'), `/api/v1/dossiers/${code}/papers/receipt.pdf`, 'the receipt paper is linked');
	msg = await act(tn, 'forward', async (p) => {
		await p.fill('#action-forward-assignee', 'Chuyen Vien');
		await p.click('#action-forward button[type="submit"]');
		e.eq(await p.getAttribute('#action-forward-assignee', 'aria-invalid'), 'true', 'forward: a malformed username is caught before sending');
		await p.fill('#action-forward-assignee', 'chuyenvien');
		await p.fill('#action-forward-note', 'Chuyển thẩm định');
	});
	e.eq(await status(tn), 'status.processing', 'the receiver hands it to the specialist → processing');
	await e.snapshot(tn, 'staff-dossier-processing');
	e.clean(tn, 'reception and hand-over');

	// ---------- the specialist ----------
	const cv = await e.newPage();
	await e.signIn(cv, 'chuyenvien');
	await e.visit(cv, '/can-bo', 'staff-queues-specialist');
	e.eq(await cv.getAttribute('#queue-list a[aria-current="true"]', 'data-queue'), 'mine', 'specialist: the first queue is "my steps"');
	await cv.waitForSelector(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	e.ok(true, 'the dossier is in the specialist\'s "my steps"');
	await open(cv, `/can-bo/ho-so/${code}`);
	const cvActions = await cv.$$eval('#actions .action-buttons button', (bs) => bs.map((b) => b.dataset.action));
	e.eq(cvActions, ['forward', 'request-supplement', 'request-payment', 'complete', 'stop'],
		'specialist, processing: forward, supplement, payment, complete, stop (no apology: a leader\'s)');
	const tl = await cv.$$eval('#timeline li', (ls) => ls.map((l) => l.className));
	e.eq(tl, ['is-done', 'is-current', '', ''], 'the control-sheet timeline: reception done, appraisal current');
	await act(cv, 'forward', async (p) => p.fill('#action-forward-assignee', 'lanhdao'));
	e.ok((await text(cv, '#timeline li.is-current')).includes('lanhdao'), 'forwarded to the leader\'s step');
	e.clean(cv, 'specialist');

	// ---------- the clock reaches the warning point; the leader apologises ----------
	const clock = (await api('lanhdao', 'GET', `/api/v1/dossiers/${code}/clock`)).json;
	e.eq([clock.due_at, clock.warn_at], ['2026-03-05T17:00:00+07:00', '2026-03-04T17:00:00+07:00'],
		'due 05/03 17:00; nearly due from 04/03 17:00 (1 working day before)');
	await e.setNow('2026-03-04T09:00:00+07:00');
	const ld = await e.newPage();
	await e.signIn(ld, 'lanhdao');
	await e.visit(ld, '/can-bo?queue=apology', 'staff-queues-apology');
	e.eq(await ld.getAttribute('#queue-list a[aria-current="true"]', 'data-queue'), 'apology', 'the queue of the URL is shown');
	await ld.waitForSelector(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	e.ok(true, 'a day and a half before due: in the leader\'s "awaiting apology" queue');
	// The warning point is also the apology deadline (both 1 working day before due): the
	// leader apologises at that very instant, when the dossier has just become nearly due.
	await e.setNow(clock.warn_at);
	await signInAgain(ld, 'lanhdao', '/can-bo?queue=nearly_due');
	e.eq(await ld.getAttribute('#queue-list a[aria-current="true"]', 'data-queue'), 'nearly_due',
		'signed in again: back to the queue asked for (?queue= kept)');
	await ld.waitForSelector(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	e.ok(true, 'at the warning point: in the "nearly due" queue');
	await e.snapshot(ld, 'staff-queues-nearly-due');
	await ld.click(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	await ld.waitForURL((u) => u.pathname === `/can-bo/ho-so/${code}`);
	await e.ready(ld);
	e.ok(await ld.locator('#dossier-summary .badge--warn[data-i18n="verdict.nearly_due"]').count() === 1, 'the verdict badge: nearly due');
	await ld.click('#action-apologize-open');
	await e.snapshot(ld, 'staff-dossier-apology-form');
	await ld.fill('#action-apologize-reason', 'Cần xác minh thêm với cơ quan thuế');
	await ld.fill('#action-apologize-new-due', '2026-03-05T09:00');
	await ld.click('#action-apologize button[type="submit"]');
	e.eq(await ld.getAttribute('#action-apologize-new-due', 'aria-invalid'), 'true', 'a new date before the due time is caught before sending');
	await ld.fill('#action-apologize-new-due', '2026-03-10T17:00');
	await ld.click('#action-apologize button[type="submit"]');
	await ld.waitForSelector('#actions-messages [data-i18n="staff.action.apologize.done"]');
	const head = await text(ld, '#dossier-summary');
	e.ok(head.includes('10/03/2026 17:00') && head.includes('05/03/2026 17:00') &&
		(await ld.locator('#dossier-summary [data-i18n="staff.dossier.reappointed"]').count()) === 1,
	'apology: the new due date, the original one kept, marked re-appointed (R-DOS-5)', head);
	e.ok(await ld.locator('#papers a[href$="apology.pdf"]').count() === 1, 'the apology letter is linked');
	e.ok((await text(ld, '#clock')).includes('10/03/2026 17:00') && (await ld.locator('#clock td [data-i18n="staff.clock.kind.reappoint"]').count()) === 1,
		'the clock explains the re-appointment');
	e.ok(await ld.locator('#action-apologize-open').count() === 0, 'no second apology offered');

	// complete with a result file
	await ld.click('#action-complete-open');
	await ld.fill('#action-complete-result', '');
	await ld.click('#action-complete button[type="submit"]');
	e.eq(await ld.getAttribute('#action-complete-result', 'aria-invalid'), 'true', 'complete: the result name is required');
	await ld.fill('#action-complete-result', 'Giấy chứng nhận đăng ký doanh nghiệp');
	await ld.setInputFiles('#action-complete-file', { name: 'Giấy chứng nhận.pdf', mimeType: 'application/pdf', buffer: pdf('ket qua') });
	await ld.click('#action-complete button[type="submit"]');
	await ld.waitForSelector('#actions-messages [data-i18n="staff.action.complete.done"]');
	e.eq(await status(ld), 'status.done', 'complete with the result → done');
	e.ok(await ld.locator('#files a[download="ket-qua-Giay-chung-nhan.pdf"]').count() === 1 &&
		(await ld.locator('#dossier-summary a[download="ket-qua-Giay-chung-nhan.pdf"]').count()) === 1,
	'the result file is uploaded and tied to the result (its SHA-256)');
	await e.snapshot(ld, 'staff-dossier-done');
	e.clean(ld, 'leader');

	// ---------- return ----------
	await e.setNow('2026-03-05T10:00:00+07:00');
	await signInAgain(tn, 'tiepnhan', '/can-bo');
	await open(tn, '/can-bo?queue=return');
	await tn.waitForSelector(`#queue-body a[href="/can-bo/ho-so/${code}"]`);
	e.ok(true, 'the result waits in the receiver\'s "results to return"');
	await tn.goto(`/can-bo/ho-so/${code}`);
	await e.ready(tn);
	await act(tn, 'return', async (p) => p.selectOption('#action-return-method', 'counter'));
	e.eq(await status(tn), 'status.returned', 'return at the counter → returned');
	e.ok((await text(tn, '#actions')).length > 0 && (await tn.locator('#actions .action-buttons').count()) === 0, 'a returned dossier offers no action');
	await e.snapshot(tn, 'staff-dossier-returned');
	e.clean(tn, 'return');

	// ---------- the applicant tracks and rates (public page) ----------
	const pub = await e.newPage();
	await open(pub, `/tra-cuu?code=${code}&key=${key}`);
	if (await pub.locator('#rating-form').count()) {
		await pub.check('#rating-satisfied');
		await pub.click('#rating-submit');
		await pub.waitForSelector('#rating-thanks');
		e.ok(true, 'the applicant rates the service on the tracking page');
	} else {
		r = await anon.request('POST', `/api/v1/dossiers/${code}/rating`, { level: 'satisfied', tracking_key: key });
		e.eq(r.status, 200, 'the applicant rates the service (API: the tracking page has no rating form)');
	}
	const track = (await anon.request('GET', `/api/v1/track/${code}?key=${key}`)).json;
	e.ok(track.status === 'returned' && track.apology && track.apology.new_due === '2026-03-10T17:00:00+07:00',
		'tracking: returned, with the apology and its new date', track);
	e.clean(pub, 'tracking');
	await pub.context().close();

	// ---------- counter reception of a paper dossier ----------
	await e.setNow('2026-03-09T09:00:00+07:00');
	await signInAgain(tn, 'tiepnhan', '/can-bo');
	await e.visit(tn, '/can-bo/tiep-nhan', 'staff-reception');
	await tn.fill('#proc-q', 'thanh lap doanh nghiep tu nhan');
	await tn.waitForSelector(`#proc-results button[data-code="${PROC}"]`);
	await tn.click(`#proc-results button[data-code="${PROC}"]`);
	await tn.waitForSelector('#components-set');
	e.eq(await tn.evaluate(() => document.activeElement.id), 'proc-chosen', 'the chosen procedure takes the focus');
	// the form's own checks
	await tn.click('#reception-submit');
	const invalid = await tn.$$eval('[aria-invalid="true"]', (els) => els.map((x) => x.id));
	e.ok(['ap-name', 'ap-id', 'ap-phone', 'components-set'].every((id) => invalid.includes(id)),
		'an empty reception: name, ID number, phone and the required document are flagged', invalid);
	await tn.fill('#ap-name', 'Trần Thị Bình');
	await tn.fill('#ap-id', '099190001234');
	await tn.locator('#ap-id').blur();
	e.eq(await text(tn, '#ap-id-error'), 'Ba số đầu không phải mã tỉnh nơi đăng ký khai sinh.', 'an ID number with no such province is caught when leaving the field (R-ID-1)');
	await tn.fill('#ap-id', '031190004321');
	await tn.fill('#ap-phone', '0987 654 321');
	await tn.check('#comp-0');
	await tn.setInputFiles('#comp-0-scan', { name: 'đơn đề nghị.pdf', mimeType: 'application/pdf', buffer: pdf('scan') });
	await e.snapshot(tn, 'staff-reception-filled');
	await tn.click('#reception-submit');
	await tn.waitForSelector('#received-code');
	const paper = await text(tn, '#received-code');
	e.ok(/^000\.00\.20\.H27-260309-\d{4}$/.test(paper), 'counter reception: the code', paper);
	e.ok((await text(tn, '#reception-result')).includes('12/03/2026 17:00'), 'the due date: 3 working days');
	e.eq(await tn.getAttribute('#receipt-link', 'href'), `/api/v1/dossiers/${paper}/papers/receipt.pdf`, 'the link to the receipt');
	const receipt = await tn.evaluate(async (u) => {
		const x = await fetch(u);
		return [x.status, x.headers.get('content-type')];
	}, `/api/v1/dossiers/${paper}/papers/receipt.pdf`);
	e.eq(receipt, [200, 'application/pdf'], '…which answers the receipt (form 01) as a PDF');
	await e.snapshot(tn, 'staff-reception-done');
	const pd = (await api('tiepnhan', 'GET', `/api/v1/dossiers/${paper}`)).json;
	e.ok(pd.channel === 'counter' && pd.status === 'received' && pd.applicant.id_number === '031190004321',
		'the dossier: counter, received, with the applicant');
	const pf = (await api('tiepnhan', 'GET', `/api/v1/dossiers/${paper}/files`)).json;
	e.eq(pf.items.map((f) => f.name), ['tp1-don-de-nghi.pdf'], 'the scan is attached (R-DIG-1)');
	await tn.click('#reception-result button');
	e.ok(await tn.locator('#reception-form').isVisible() && (await tn.evaluate(() => document.activeElement.id)) === 'proc-q',
		'"receive another" starts again');
	e.clean(tn, 'counter reception');

	// ---------- fees: requested by the specialist, paid at the counter; then stopped ----------
	await tn.goto(`/can-bo/ho-so/${paper}`);
	await e.ready(tn);
	await act(tn, 'forward', async (p) => p.fill('#action-forward-assignee', 'chuyenvien'));
	await signInAgain(cv, 'chuyenvien', `/can-bo/ho-so/${paper}`);
	await cv.click('#action-request-payment-open');
	e.eq(await cv.inputValue('#action-request-payment-amount'), '50000', 'request payment: the procedure\'s fee is proposed');
	await cv.fill('#action-request-payment-amount', '0');
	await cv.click('#action-request-payment button[type="submit"]');
	e.eq(await cv.getAttribute('#action-request-payment-amount', 'aria-invalid'), 'true', 'an amount of 0 is caught before sending');
	await cv.fill('#action-request-payment-amount', '150.000');
	await cv.click('#action-request-payment button[type="submit"]');
	await cv.waitForSelector('#actions-messages [data-i18n="staff.action.request-payment.done"]');
	e.ok((await status(cv)) === 'status.payment_requested' && (await text(cv, '#dossier-summary')).includes('150.000 đ'),
		'payment requested (150.000 đ): the clock pauses');
	await tn.reload();
	await e.ready(tn);
	await act(tn, 'confirm-payment');
	e.eq(await status(tn), 'status.processing', 'paid at the counter: the receiver confirms it, processing again');
	await cv.reload();
	await e.ready(cv);
	e.ok((await text(cv, '#clock')).includes('Chờ nộp phí'), 'the clock ledger shows the payment pause');
	await act(cv, 'stop', async (p) => p.fill('#action-stop-reason', 'Tên doanh nghiệp trùng với doanh nghiệp đã đăng ký'));
	e.ok((await status(cv)) === 'status.stopped' && (await cv.locator('#papers a[href$="stop.pdf"]').count()) === 1,
		'stop with a reason → stopped, with its notice (form 05)');
	e.clean(cv, 'payment and stop');
	e.clean(tn, 'payment');

	// ---------- a long queue: paged on the server, both orders ----------
	const many = [];
	for (let i = 0; i < 21; i++) {
		r = await anon.request('POST', '/api/v1/dossiers', {
			procedure: PROC, channel: 'online', receiving_unit: CENTRE, applicant: { ...CITIZEN, name: `Người nộp ${i + 1}` }, components: [FORM1],
		});
		many.push(r.json.code);
	}
	await e.visit(tn, '/can-bo', 'staff-queues-paged');
	await tn.waitForSelector('#queue-pager .pager');
	e.ok((await text(tn, '#queue-status')) === '21 hồ sơ.' && (await tn.locator('#queue-body tbody tr').count()) === 20 &&
		/^Trang 1\D+2$/.test(await text(tn, '#queue-pager .pager__status')), 'to receive: 21 dossiers, 20 on the first page',
	[await text(tn, '#queue-status'), await text(tn, '#queue-pager')]);
	await tn.click('#queue-pager button[data-i18n="common.next"]');
	await tn.waitForFunction(() => document.querySelectorAll('#queue-body tbody tr').length === 1);
	e.eq(await text(tn, '#queue-body tbody th'), many[20], 'page 2: the last one');
	e.eq(new URL(tn.url()).searchParams.get('page'), '2', 'the page is in the URL');
	await tn.selectOption('#queue-order', 'desc');
	await tn.waitForFunction(() => document.querySelectorAll('#queue-body tbody tr').length === 20);
	e.eq([await text(tn, '#queue-body tbody tr:first-child th'), await text(tn, '#queue-body tbody tr:last-child th'),
		new URL(tn.url()).searchParams.get('order')], [many[20], many[1], 'desc'],
	'newest first: page 1 from the last submission down (read from the end of the server\'s order)');
	e.clean(tn, 'paging');

	// ---------- a supplement requested and brought ----------
	r = await anon.request('POST', '/api/v1/dossiers', {
		procedure: PROC, channel: 'post', receiving_unit: CENTRE, applicant: { ...CITIZEN, name: 'Lê Văn Cường' }, components: [FORM1],
	});
	const sup = r.json.code;
	await open(tn, `/can-bo/ho-so/${sup}`);
	await tn.click('#action-request-supplement-open');
	await tn.click('#action-request-supplement button[type="submit"]');
	e.eq(await tn.getAttribute('#action-request-supplement fieldset', 'aria-invalid'), 'true', 'a supplement request lists at least one item');
	await tn.check('#action-request-supplement-items-1');
	await tn.fill('#action-request-supplement-reason', 'Thiếu bản sao giấy tờ pháp lý');
	await e.snapshot(tn, 'staff-dossier-supplement-form');
	await tn.click('#action-request-supplement button[type="submit"]');
	await tn.waitForSelector('#actions-messages [data-i18n="staff.action.request-supplement.done"]');
	e.eq(await status(tn), 'status.supplement_requested', 'request for a supplement (form 02) → supplement requested');
	e.ok(await tn.locator('#papers a[href$="supplement.pdf"]').count() === 1, 'the request paper is linked');
	await open(tn, '/can-bo?queue=supplement');
	await tn.waitForSelector(`#queue-body a[href="/can-bo/ho-so/${sup}"]`);
	e.ok(true, 'it waits in "awaiting supplement"');
	await tn.goto(`/can-bo/ho-so/${sup}`);
	await e.ready(tn);
	await act(tn, 'supplement', async (p) => p.check('#action-supplement-items-1'));
	e.eq(await status(tn), 'status.submitted', 'the supplement brought to the counter is recorded → back to submitted');

	// the server has the last word: a second page, left open, acts on a dossier changed meanwhile
	const stale = await e.newPage();
	await e.signIn(stale, 'tiepnhan', { next: `/can-bo/ho-so/${sup}` });
	await act(tn, 'receive');
	e.eq(await status(tn), 'status.received', '…and received');
	e.allow(stale, /\/receive$/);
	msg = await act(stale, 'receive', null, { expectError: true });
	e.eq(msg, 'Trạng thái hiện tại của hồ sơ không cho phép thao tác này.', 'a stale page: the server\'s 409 is shown in words');
	await e.snapshot(stale, 'staff-dossier-conflict');
	await stale.click('#action-receive .action-error button');
	await stale.waitForFunction(() => document.activeElement && document.activeElement.id === 'actions-heading');
	e.eq(await status(stale), 'status.received', '…with a way to read the dossier again');
	e.clean(stale, 'stale page');
	await stale.context().close();
	e.clean(tn, 'supplement');

	// ---------- the session expires while a form is open ----------
	await e.setNow('2026-03-09T13:00:00+07:00');
	await tn.click('#action-stop-open').catch(() => {});
	e.allow(tn, /\/api\/v1\/(session|dossiers\/.*)$/);
	await tn.reload();
	await tn.waitForURL((u) => u.pathname === '/can-bo/dang-nhap');
	const q = new URL(tn.url()).searchParams;
	e.ok(q.get('expired') === '1' && q.get('next') === `/can-bo/ho-so/${sup}`, 'an expired session: to the sign-in page, and back after');
	tn.problems.splice(0);
	tn.allowed.length = 0;
	await e.signIn(tn, 'tiepnhan', { next: `/can-bo/ho-so/${sup}` });
	e.eq(new URL(tn.url()).pathname, `/can-bo/ho-so/${sup}`, 'signed in again: back on the dossier');

	// ---------- the language switch ----------
	await tn.click('#lang-switch');
	await tn.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await text(tn, '#actions-heading'), 'Actions', 'one click: the dossier page in English');
	e.ok((await text(tn, '#clock')).startsWith('The processing time is 3 working days'), 'English: the clock explanation is rebuilt');
	e.eq(await text(tn, '#dossier-summary .badge--status'), 'Received', 'English: the status badge relabels itself');
	await e.snapshot(tn, 'staff-dossier-en');
	await e.visit(tn, '/can-bo', 'staff-queues-en');
	e.eq(await text(tn, 'h1'), 'Dossier queues', 'English stays on the next page');
	e.eq(await text(tn, '#queue-list a[data-queue="receive"] .queue-link__name'), 'To receive', 'English queue names');
	await tn.click('#lang-switch');
	await tn.waitForFunction(() => document.documentElement.lang === 'vi');
	e.eq(await text(tn, 'h1'), 'Hàng đợi hồ sơ', 'and back to Vietnamese');
	e.clean(tn, 'language switch');

	// keyboard: the queue links and the dossier's action buttons are reachable and work with Enter
	await tn.goto('/can-bo');
	await e.ready(tn);
	await tn.focus('#queue-list a[data-queue="unit"]');
	await tn.keyboard.press('Enter');
	await tn.waitForFunction(() => document.activeElement && document.activeElement.id === 'queue-heading');
	e.ok(new URL(tn.url()).searchParams.get('queue') === 'unit', 'keyboard: Enter on a queue opens it and moves the focus to its heading');
	await tn.context().close();

	// ---------- the auditor ----------
	const au = await e.newPage();
	await e.signIn(au, 'thanhtra');
	await e.visit(au, '/can-bo', 'staff-queues-auditor');
	const auQueues = await au.$$eval('#queue-list a', (as) => as.map((a) => a.dataset.queue));
	e.eq(auQueues, ['all', 'nearly_due', 'overdue', 'apology'], 'auditor: all the unit\'s dossiers, nearly due, overdue, awaiting apology');
	await au.waitForSelector('#queue-body tbody tr');
	const all = Number.parseInt(await text(au, '#queue-status'), 10);
	e.eq(all, 24, 'auditor: every dossier of the city');
	await au.fill('#open-code', code.toLowerCase());
	await au.press('#open-code', 'Enter');
	await au.waitForURL((u) => u.pathname === `/can-bo/ho-so/${code}`);
	await e.ready(au);
	e.ok(true, 'open a dossier by its code (typed in lower case)');
	await e.snapshot(au, 'staff-dossier-auditor');
	e.eq(await au.getAttribute('#actions p', 'data-i18n'), 'staff.actions.read_only', 'auditor: the dossier, read only');
	// The sign-in page of a signed-in browser (a shared counter PC): go on, or sign out for another account.
	await e.visit(au, '/can-bo/dang-nhap', 'staff-sign-in-already');
	await Promise.all([au.waitForEvent('framenavigated'), au.click('#signin-messages button')]);
	await e.ready(au);
	e.eq(await au.evaluate(() => document.activeElement.id), 'username', 'sign-in: "use another account" signs out and offers the form');
	e.clean(au, 'auditor');
	await au.context().close();

	// ---------- administration ----------
	const ad = await e.newPage();
	await e.signIn(ad, 'admin', { next: '/can-bo/quan-tri' });
	await e.visit(ad, '/can-bo', 'staff-queues-admin');
	e.ok(await ad.locator('#home-messages a[href="/can-bo/quan-tri"]').count() === 1, 'admin: no queue (admins read no dossier), a way to the administration');
	await e.visit(ad, '/can-bo/quan-tri', 'staff-admin');
	await open(ad, '/can-bo/quan-tri/don-vi');
	await ad.waitForSelector('.tree-toggle[data-code="000.00.03.H27"]');
	await ad.click('.tree-toggle[data-code="000.00.03.H27"]');
	await ad.waitForSelector('.tree-toggle[data-code="010.00.03.H27"]');
	e.ok(true, 'units tree: the city opens on its departments; a department opens on its divisions');
	await e.snapshot(ad, 'staff-admin-units-open');

	await e.visit(ad, '/can-bo/quan-tri/nguoi-dung', 'staff-admin-users');
	e.ok(await ad.locator('#users-list tbody tr').count() >= 5, 'users: the list');
	await ad.fill('#new-username', 'tiepnhan2');
	await ad.fill('#new-full-name', 'Hoàng Thị Mai');
	await ad.fill('#new-password', 'mật khẩu đủ dài 2026');
	await ad.fill('#grant-unit-1', CENTRE);
	await ad.click('#user-form button:has-text("Thêm vai trò")');
	e.eq(await ad.evaluate(() => document.activeElement.id), 'grant-role-2', 'users: "add a role" adds a row and focuses it');
	await ad.selectOption('#grant-role-2', 'specialist');
	await ad.fill('#grant-unit-2', '010.00.03');
	await ad.click('#user-form button[type="submit"]');
	e.eq(await ad.getAttribute('#grant-unit-2', 'aria-invalid'), 'true', 'users: a malformed unit code is caught before sending');
	await ad.fill('#grant-unit-2', '010.00.03.H27');
	await ad.click('#user-form button[type="submit"]');
	await ad.waitForSelector('#user-form .alert--success');
	e.ok((await text(ad, '#users-list')).includes('tiepnhan2'), 'users: the new user is listed');
	e.clean(ad, 'users');

	// A user with roles at two units chooses the unit; the queues follow the roles held there.
	const two = await e.newPage();
	await e.signIn(two, 'tiepnhan2', { password: 'mật khẩu đủ dài 2026' });
	await two.waitForSelector('#unit-select');
	const q1 = await two.$$eval('#queue-list a', (as) => as.map((a) => a.dataset.queue));
	await two.selectOption('#unit-select', '010.00.03.H27');
	await two.waitForFunction(() => new URLSearchParams(location.search).get('unit') === '010.00.03.H27' &&
		!document.querySelector('#queue-list a[data-queue="receive"]'));
	const q2 = await two.$$eval('#queue-list a', (as) => as.map((a) => a.dataset.queue));
	e.eq([q1[0], q2], ['receive', ['mine', 'unit', 'nearly_due', 'overdue', 'apology']],
		'two units: receiver queues at the centre, specialist queues at the division');
	e.clean(two, 'two units');
	await two.context().close();

	await e.visit(ad, '/can-bo/quan-tri/thu-tuc', 'staff-admin-procedures');
	await e.visit(ad, `/can-bo/quan-tri/thu-tuc?code=${PROC}`, 'staff-admin-procedure');
	e.eq(await ad.locator('#step-editor > li').count(), 4, 'a procedure: its 4 steps in the editor');
	await ad.fill('#step-editor > li:nth-child(2) .st-amount', '30');
	await ad.click('#proc-edit button[type="submit"]');
	e.eq(await ad.isVisible('#budget-error'), true, 'steps over the processing time are refused before sending (R-CAT-2)');
	await ad.fill('#step-editor > li:nth-child(2) .st-amount', '1');
	await ad.fill('#step-editor > li:nth-child(2) .st-produces', 'Dự thảo kết quả, tờ trình và phiếu thẩm định');
	await Promise.all([ad.waitForURL((u) => u.search === `?code=${PROC}`), ad.click('#proc-edit button[type="submit"]')]);
	await e.ready(ad);
	await ad.waitForSelector('#proc-messages .alert--success');
	const pv = (await anon.request('GET', `/api/v1/procedures/${PROC}`)).json;
	e.ok(pv.version === 2 && pv.steps[1].produces === 'Dự thảo kết quả, tờ trình và phiếu thẩm định',
		'edit → a new version (PUT)', pv.version);

	await e.visit(ad, '/can-bo/quan-tri/lich?year=2026', 'staff-admin-calendar');
	e.eq(await ad.locator('.cal-month').count(), 12, 'calendar: twelve months');
	e.ok((await text(ad, '#days-off-heading')).length > 0 && (await ad.locator('.cal-day--off').count()) > 5, 'calendar: the days off of 2026');
	await ad.fill('#year', '2031');
	await ad.click('.year-picker button[type="submit"]');
	await ad.waitForFunction(() => /2031/.test(document.querySelector('#year-heading').textContent));
	await ad.fill('#table-json', '{"days_off": [{"date": "2030-01-01", "name": "x"}]}');
	await ad.click('#table-form button[type="submit"]');
	e.eq(await ad.getAttribute('#table-json', 'aria-invalid'), 'true', 'calendar: a day outside the year is refused before sending');
	await ad.fill('#table-json', JSON.stringify({
		days_off: [{ date: '2031-01-01', name: 'Tết Dương lịch' }, { date: '2031-09-02', name: 'Quốc khánh' }],
		working_weekend_days: [{ date: '2031-01-04', name: 'Làm bù' }],
	}));
	await ad.click('#table-form button[type="submit"]');
	await ad.waitForSelector('#calendar-messages .alert--success');
	const y = (await anon.request('GET', '/api/v1/calendar/years/2031')).json;
	e.ok(y.source === 'official' && y.days_off.length === 2 && y.working_weekend_days.length === 1,
		'calendar: the pasted official table is loaded (PUT)', y);
	await e.snapshot(ad, 'staff-admin-calendar-loaded');
	e.clean(ad, 'administration');
	await ad.context().close();

	e.comment(`staff browser checks took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
