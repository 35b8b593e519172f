// harness.mjs: browser tests of the web UI against a real motcua server
// (make check; docs/web.md "Browser tests").
//
// Each test file starts one `motcua serve --test-clock` on a free loopback
// port with a temporary database (Hải Phòng's units, the catalog and the
// demo users, as tests/api/harness.py prepares it), one headless Debian
// chromium driven by playwright-core, and speaks TAP (one line per check):
//
//   import { setup } from './harness.mjs';
//   const e = await setup();               // argv[2] is the motcua binary
//   const page = await e.newPage();        // console errors, failed requests checked
//   await e.visit(page, '/', 'home');      // 200, ready, axe at 360 and 1440, screenshots
//   e.ok(await page.locator('h1').isVisible(), 'the heading shows');
//   await e.signIn(page, 'tiepnhan');      // through the sign-in page
//   await e.setNow('2026-03-02T09:00:00+07:00');
//   e.clean(page, 'home');                 // no console error, no failed request so far
//   process.exit(await e.finish());
//
// run(body, { demo: 600 }) serves the demo (`serve --demo`, 600 generated
// dossiers up to the server's now, the same users and password) instead.
//
// Screenshots go to build/screenshots/<name>-360.png and -1440.png (or
// $MOTCUA_SCREENSHOTS). Expected error answers (a 404 the page handles)
// are declared with e.allow(page, /pattern/) before they happen.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PASSWORD = 'mật khẩu demo 2026';
/** The demo users (tests/api/harness.py): admin, receiving officer, specialist, leader, auditor. */
export const USERS = ['admin', 'tiepnhan', 'chuyenvien', 'lanhdao', 'thanhtra'];
export const WIDTHS = [
	{ suffix: '360', width: 360, height: 800 },
	{ suffix: '1440', width: 1440, height: 900 },
];
export const SCREENSHOTS = process.env.MOTCUA_SCREENSHOTS || path.join(ROOT, 'build', 'screenshots');
export const CHROMIUM = process.env.MOTCUA_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const READY_MS = 15000;
const SCREENSHOT_MS = 30000;
const AXE_SOURCE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** A TAP producer: one line per check, the plan last. */
export class Tap {
	constructor() {
		this.n = 0;
		this.failed = 0;
	}

	ok(cond, name, detail) {
		this.n += 1;
		console.log(`${cond ? 'ok' : 'not ok'} ${this.n} - ${name.replace(/#/g, '\\#')}`);
		if (!cond) {
			this.failed += 1;
			if (detail !== undefined)
				this.comment(typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1));
		}
		return !!cond;
	}

	eq(got, want, name) {
		const same = JSON.stringify(got) === JSON.stringify(want);
		return this.ok(same, name, `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
	}

	comment(text) {
		for (const line of String(text).split('\n').slice(0, 40))
			console.log(`# ${line}`);
	}

	done() {
		console.log(`1..${this.n}`);
		return this.failed ? 1 : 0;
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Imports the units and the catalog and adds the demo users (password DEMO_PASSWORD). */
export function prepareDb(motcua, db) {
	const run = (args, input) => execFileSync(motcua, [...args, '--db', db],
		{ input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 120000 });
	run(['import', 'units', path.join(ROOT, 'data/units/haiphong.json')]);
	run(['import', 'catalog', path.join(ROOT, 'data/catalog/procedures.json')]);
	run(['user', 'demo'], `${DEMO_PASSWORD}\n`);
}

/** One HTTP client from Node (no browser) with its own cookie and CSRF token. */
export class Client {
	constructor(base) {
		this.base = base;
		this.cookie = null;
		this.csrf = null;
	}

	async request(method, p, body, headers = {}) {
		const h = { Accept: 'application/json', ...headers };
		if (body !== undefined)
			h['Content-Type'] = 'application/json';
		if (this.cookie)
			h.Cookie = this.cookie;
		if (this.csrf && !['GET', 'HEAD'].includes(method))
			h['X-CSRF-Token'] = this.csrf;
		const resp = await fetch(this.base + p, {
			method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = resp.headers.get('set-cookie');
		if (setCookie)
			this.cookie = setCookie.split(';')[0];
		const text = await resp.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = null;
		}
		return { status: resp.status, headers: resp.headers, text, json };
	}

	async login(username, password = DEMO_PASSWORD) {
		const r = await this.request('POST', '/api/v1/session', { username, password });
		if (r.status !== 200)
			throw new Error(`sign-in of ${username}: ${r.status} ${r.text}`);
		this.csrf = r.json.csrf_token;
		return this;
	}
}

class E2E {
	constructor(motcua, { demo = 0 } = {}) {
		this.motcua = motcua;
		this.demo = demo;
		this.tap = new Tap();
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-'));
		this.db = path.join(this.dir, 'e2e.db');
		this.logPath = path.join(this.dir, 'server.log');
		this.server = null;
		this.browser = null;
		this.pages = new Set();
		this.clients = new Map();
		this.axeSource = fs.readFileSync(AXE_SOURCE, 'utf8');
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
	}

	ok(cond, name, detail) {
		return this.tap.ok(cond, name, detail);
	}

	eq(got, want, name) {
		return this.tap.eq(got, want, name);
	}

	comment(text) {
		this.tap.comment(text);
	}

	async start() {
		// The demo fills the empty database itself: units, catalog, users and its dossiers.
		const demo = this.demo ? ['--demo', '--demo-dossiers', String(this.demo), '--demo-password', DEMO_PASSWORD] : [];
		if (!this.demo)
			prepareDb(this.motcua, this.db);
		this.port = await freePort();
		this.base = `http://127.0.0.1:${this.port}`;
		const log = fs.openSync(this.logPath, 'w');
		this.server = spawn(this.motcua, ['serve', '--db', this.db, '--listen',
			`127.0.0.1:${this.port}`, '--quiet', '--test-clock', ...demo], { stdio: ['ignore', log, log] });
		this.exited = new Promise((resolve) => this.server.once('exit', (code, sig) => resolve(sig || code)));
		const deadline = Date.now() + 60000;
		for (;;) {
			try {
				const r = await fetch(`${this.base}/healthz`);
				if (r.status === 200)
					break;
			} catch {
				// not listening yet
			}
			if (this.server.exitCode !== null || Date.now() > deadline)
				throw new Error(`the server did not start:\n${this.serverLog()}`);
			await sleep(50);
		}
		// Playwright gives each launch a fresh temporary profile (its own --user-data-dir).
		this.browser = await chromium.launch({
			executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000,
		});
		return this;
	}

	serverLog() {
		try {
			return fs.readFileSync(this.logPath, 'utf8').slice(-4000);
		} catch {
			return '';
		}
	}

	/**
	 * A new page in a fresh context (own cookies and storage), 1440×900 by
	 * default, that records console errors, uncaught exceptions, failed
	 * requests and error answers (4xx/5xx) into page.problems.
	 */
	async newPage({ width = 1440, height = 900, lang } = {}) {
		const context = await this.browser.newContext({
			baseURL: this.base, viewport: { width, height }, locale: 'vi-VN',
			timezoneId: 'Asia/Ho_Chi_Minh',
		});
		const page = await context.newPage();
		page.setDefaultTimeout(10000);
		page.problems = [];
		page.allowed = [];
		const allowed = (url) => page.allowed.some((re) => re.test(url));
		page.on('console', (msg) => {
			if (msg.type() !== 'error')
				return;
			const where = msg.location() ? msg.location().url || '' : '';
			// Chromium logs each error answer as "Failed to load resource"; those allowed are expected.
			if (/^Failed to load resource/.test(msg.text()) && allowed(where))
				return;
			page.problems.push(`console error: ${msg.text()} (${where})`);
		});
		page.on('pageerror', (err) => page.problems.push(`uncaught: ${err.message}`));
		page.on('requestfailed', (req) => {
			const why = req.failure() ? req.failure().errorText : '';
			// An aborted fetch (a search replaced by the next keystroke, a navigation) is not a failure.
			if (why !== 'net::ERR_ABORTED')
				page.problems.push(`request failed: ${req.method()} ${req.url()} ${why}`);
		});
		page.on('response', (resp) => {
			if (resp.status() >= 400 && !allowed(resp.url()))
				page.problems.push(`HTTP ${resp.status()}: ${resp.request().method()} ${resp.url()}`);
		});
		if (lang)
			await context.addInitScript((l) => localStorage.setItem('motcua.lang', l), lang);
		this.pages.add(page);
		return page;
	}

	/** Expects error answers whose URL matches re on this page (and their console lines). */
	allow(page, re) {
		page.allowed.push(re);
	}

	/** Waits until the page's startPage has finished (<html data-ready>). */
	async ready(page) {
		// A page that navigates again (a form that reloads it) destroys the context
		// between the two calls: wait for the new page and ask again.
		for (let attempt = 0; ; attempt++) {
			try {
				await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: READY_MS });
				return await page.evaluate(() => document.documentElement.dataset.ready);
			} catch (err) {
				if (attempt >= 3 || !/context was destroyed|navigat/i.test(String(err)))
					throw err;
				await page.waitForLoadState('load');
			}
		}
	}

	/** One check: no console error, uncaught exception or failed request on page since the last. */
	clean(page, label) {
		const problems = page.problems.splice(0);
		return this.ok(problems.length === 0, `${label}: no console errors or failed requests`,
			problems.join('\n'));
	}

	/** Runs axe-core in the page: zero serious or critical violations is one check. */
	async axe(page, label) {
		if (!(await page.evaluate(() => typeof window.axe === 'object')))
			await page.evaluate(this.axeSource); // through the devtools protocol: the CSP does not apply
		const result = await page.evaluate(async () => {
			const r = await window.axe.run(document, { resultTypes: ['violations'] });
			return r.violations.map((v) => ({
				id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
			}));
		});
		const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		for (const v of result.filter((x) => !bad.includes(x)))
			this.comment(`axe ${label}: ${v.impact} ${v.id}: ${v.help} ${v.nodes.join(', ')}`);
		return this.ok(bad.length === 0, `${label}: axe finds no serious or critical violation`,
			bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.join('\n  ')}`).join('\n'));
	}

	/**
	 * At 360×800 and at 1440×900: axe (one check each) and a full-page
	 * screenshot build/screenshots/<name>-360.png / -1440.png. The page
	 * goes back to the size it had.
	 */
	async snapshot(page, name, { axe = true } = {}) {
		const before = page.viewportSize();
		for (const w of WIDTHS) {
			await page.setViewportSize({ width: w.width, height: w.height });
			await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
			if (axe)
				await this.axe(page, `${name} at ${w.suffix} px`);
			const file = path.join(SCREENSHOTS, `${name}-${w.suffix}.png`);
			// A full page under ASan on a busy machine can take longer than the 10 s of the
			// other steps (a clean run timed out "waiting for fonts to load").
			await page.screenshot({ path: file, fullPage: true, timeout: SCREENSHOT_MS });
		}
		await page.setViewportSize(before);
	}

	/**
	 * Opens p (a path) and checks: the answer's status (200 unless given),
	 * the page becomes ready, axe at both widths, screenshots (name), no
	 * console error or failed request. Returns the navigation's response.
	 */
	async visit(page, p, name, { status = 200, axe = true } = {}) {
		if (status >= 400)
			this.allow(page, new RegExp(`^${this.base.replace(/[.]/g, '\\.')}${p.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}$`));
		const resp = await page.goto(p);
		this.eq(resp ? resp.status() : 0, status, `GET ${p} answers ${status}`);
		const state = await this.ready(page).catch((e) => `not ready: ${e.message}`);
		this.eq(state, 'true', `${name}: the page is ready`);
		await this.snapshot(page, name, { axe });
		this.clean(page, name);
		return resp;
	}

	/**
	 * Signs in through the sign-in page as username (one of USERS) and waits
	 * for the staff page it goes to (next, default /can-bo).
	 */
	async signIn(page, username, { password = DEMO_PASSWORD, next = '/can-bo' } = {}) {
		await page.goto(`/can-bo/dang-nhap?next=${encodeURIComponent(next)}`);
		await this.ready(page);
		await page.fill('#username', username);
		await page.fill('#password', password);
		await Promise.all([
			page.waitForURL((u) => u.pathname === next.split('?')[0], { timeout: 15000 }),
			page.click('#signin-form button[type="submit"]'),
		]);
		await this.ready(page);
	}

	/** Sets the server's clock (the test clock): an ISO 8601 time with offset. */
	async setNow(iso) {
		const r = await new Client(this.base).request('PUT', '/api/v1/test/clock', { now: iso });
		if (r.status !== 200)
			throw new Error(`test clock: ${r.status} ${r.text}`);
		return r.json.now;
	}

	/** A Node HTTP client, signed in as username when given (cached per user). */
	async client(username) {
		if (!username)
			return new Client(this.base);
		if (!this.clients.has(username))
			this.clients.set(username, await new Client(this.base).login(username));
		return this.clients.get(username);
	}

	/** Closes the browser, stops the server (a clean exit is a check), prints the plan. */
	async finish() {
		if (this.browser)
			await this.browser.close().catch(() => {});
		if (this.server) {
			if (this.server.exitCode === null && this.server.signalCode === null)
				this.server.kill('SIGTERM');
			const code = await Promise.race([this.exited, sleep(30000).then(() => 'timeout')]);
			if (!this.ok(code === 0, 'the server stops cleanly (no crash, no leak)', `exit: ${code}`))
				this.comment(this.serverLog());
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
		return this.tap.done();
	}
}

/**
 * Starts the server and the browser for one test file. The motcua binary
 * is process.argv[2] (tests/meson.build) or $MOTCUA. opts.demo: serve the
 * demo (`serve --demo`) with that many generated dossiers instead of the
 * prepared database. A failure to start is reported as a failed check and
 * ends the process.
 */
export async function setup(motcua = process.argv[2] || process.env.MOTCUA, opts = {}) {
	const e = new E2E(motcua, opts);
	try {
		if (!motcua)
			throw new Error('usage: node test_x.mjs path/to/motcua');
		if (!fs.existsSync(CHROMIUM))
			throw new Error(`${CHROMIUM} is missing: scripts/deps.sh installs Debian's chromium`);
		await e.start();
	} catch (err) {
		e.ok(false, 'the server and the browser start', String(err.stack || err));
		process.exitCode = await e.finish();
		process.exit();
	}
	return e;
}

/**
 * Runs body(e) with a started harness (opts as setup's); an exception is a
 * failed check. Exits with the TAP result.
 */
export async function run(body, opts = {}) {
	const e = await setup(undefined, opts);
	try {
		await body(e);
	} catch (err) {
		e.ok(false, 'the test ran to its end', String(err.stack || err));
	}
	process.exit(await e.finish());
}
