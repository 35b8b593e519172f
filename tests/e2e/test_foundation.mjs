// The web UI's foundation (docs/web.md): the kit's rules checked on the
// sources, the served pages' headers and HTML, and in the browser the home
// page's search, the language switch, the keyboard path (skip link,
// language switch), the 404 page and the staff sign-in.
import fs from 'node:fs';
import path from 'node:path';

import { ROOT, run } from './harness.mjs';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; " +
	"base-uri 'none'; form-action 'self'";
const WEB = path.join(ROOT, 'web');

function listed() {
	return fs.readFileSync(path.join(WEB, 'files.txt'), 'utf8').split('\n')
		.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function walk(dir, out = []) {
	for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, ent.name);
		if (ent.isDirectory())
			walk(p, out);
		else
			out.push(path.relative(WEB, p).split(path.sep).join('/'));
	}
	return out;
}

const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(WEB, 'assets/i18n', `${lang}.json`), 'utf8'));

/** The text without its comment lines (// …, /* …, * …), whose examples are not uses. */
function stripComments(text) {
	return text.split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l)).join('\n');
}

/** The literal catalog keys the sources use (dynamic ones, such as `status.${s}`, are not seen). */
function usedKeys(files) {
	const keys = new Set();
	for (const f of files) {
		const text = stripComments(fs.readFileSync(path.join(WEB, f), 'utf8'));
		for (const m of text.matchAll(/data-i18n="([^"]+)"/g))
			keys.add(m[1]);
		for (const m of text.matchAll(/(?:data-i18n-attr="|i18nAttr: ')([^"']+)["']/g))
			for (const pair of m[1].split(';'))
				keys.add(pair.split(':')[1].trim());
		for (const m of text.matchAll(/\bi18n: '([\w.]+)'/g))
			keys.add(m[1]);
		for (const m of text.matchAll(/\bt\('([\w.]+)'/g))
			keys.add(m[1]);
		for (const m of text.matchAll(/\btn\('([\w.]+)'/g))
			keys.add(`${m[1]}.other`);
	}
	return keys;
}

/** The page routes of src/app/routes.c, with a value for each {param}. */
function pageRoutes() {
	const src = fs.readFileSync(path.join(ROOT, 'src/app/routes.c'), 'utf8');
	return [...src.matchAll(/\{HTTP_GET, "([^"]+)", api_page,/g)].map((m) => m[1]);
}

/** The file api_static.c serves for a page pattern. */
function pageFile(pattern) {
	const p = pattern.split('/').filter((s) => s && !s.startsWith('{')).join('/');
	return `pages/${p || 'index'}.html`;
}

function checkSources(e) {
	const files = listed();
	const present = walk(WEB).filter((f) => f !== 'files.txt');
	e.eq(present.filter((f) => !files.includes(f)), [], 'every file under web/ is listed in web/files.txt');
	e.eq(files.filter((f) => !present.includes(f)), [], 'every file of web/files.txt exists');

	const vi = catalog('vi');
	const en = catalog('en');
	const viKeys = Object.keys(vi).sort();
	const enKeys = Object.keys(en).sort();
	e.eq(viKeys.filter((k) => !(k in en)), [], 'every key of vi.json is in en.json');
	e.eq(enKeys.filter((k) => !(k in vi)), [], 'every key of en.json is in vi.json');
	e.eq([...viKeys, ...enKeys].filter((k) => typeof (vi[k] ?? en[k]) !== 'string' || !(vi[k] && en[k])), [],
		'every catalog text is a non-empty string');
	const used = [...usedKeys(files.filter((f) => /\.(html|js)$/.test(f)))];
	e.eq(used.filter((k) => !(k in vi)), [], `the ${used.length} keys the pages and scripts name are in the catalogs`);

	const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|new Function\b|setAttribute\(\s*'on)/;
	const offenders = files.filter((f) => f.endsWith('.js')).filter((f) => {
		return banned.test(stripComments(fs.readFileSync(path.join(WEB, f), 'utf8'))); // comments may name them
	});
	e.eq(offenders, [], 'no script uses innerHTML, document.write, eval or handler attributes');
}

/** Inline script or style, handler attributes, javascript: URLs in an HTML text. */
function inlineCode(html) {
	const found = [];
	for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		if (!/\bsrc=/.test(m[1]) || m[2].trim())
			found.push('inline <script>');
		if (!/\btype="module"/.test(m[1]))
			found.push('a classic <script> (use type="module")');
	}
	if (/<style\b/i.test(html))
		found.push('<style>');
	if (/\sstyle\s*=/i.test(html))
		found.push('style= attribute');
	if (/\son[a-z]+\s*=/i.test(html))
		found.push('on…= handler attribute');
	if (/javascript:/i.test(html))
		found.push('javascript: URL');
	return found;
}

async function checkServedPages(e) {
	const anon = await e.client();
	const served = new Set();
	for (const pattern of pageRoutes()) {
		const url = pattern.replace(/\{[^}]+\}/g, 'x');
		const r = await anon.request('GET', url, undefined, { Accept: 'text/html' });
		const file = pageFile(pattern);
		const exists = fs.existsSync(path.join(WEB, file));
		if (exists)
			served.add(file);
		e.eq(r.status, exists ? 200 : 404, `GET ${url} answers ${exists ? `${file}` : 'the 404 page (not written yet)'}`);
		const h = (n) => r.headers.get(n);
		e.ok(h('content-security-policy') === CSP && h('x-content-type-options') === 'nosniff' &&
			h('referrer-policy') === 'no-referrer' && h('x-frame-options') === 'DENY' &&
			h('cache-control') === 'no-store' && h('content-type') === 'text/html; charset=utf-8',
		`GET ${url}: strict CSP, nosniff, no referrer, no framing, no-store, HTML`,
		Object.fromEntries(r.headers));
		e.eq(inlineCode(r.text), [], `GET ${url}: no inline script, style or handler in the HTML`);
		e.ok(!/"\/assets\/(?![0-9a-f]{12}\/)/.test(r.text), `GET ${url}: asset URLs carry the version`);
	}
	const pages = listed().filter((f) => f.startsWith('pages/') && f !== 'pages/404.html');
	e.eq(pages.filter((f) => !served.has(f)), [], 'every page of web/files.txt has a route in routes.c');

	const nf = await anon.request('GET', '/khong-co-trang-nay', undefined, { Accept: 'text/html,*/*' });
	e.ok(nf.status === 404 && nf.headers.get('content-type').startsWith('text/html') &&
		nf.headers.get('content-security-policy') === CSP && inlineCode(nf.text).length === 0,
	'an unknown page asked for by a browser: the HTML 404 page, with the CSP');
	const api = await anon.request('GET', '/api/v1/khong-co', undefined, { Accept: 'text/html' });
	e.ok(api.status === 404 && api.headers.get('content-type') === 'application/problem+json',
		'an unknown API path stays problem+json, even for a browser');
	const plain = await anon.request('GET', '/khong-co-trang-nay');
	e.eq(plain.headers.get('content-type'), 'application/problem+json', 'a client that does not ask for HTML gets problem+json');

	const home = await anon.request('GET', '/', undefined, { Accept: 'text/html' });
	const css = /href="(\/assets\/[0-9a-f]{12}\/css\/app\.css)"/.exec(home.text);
	const asset = css ? await anon.request('GET', css[1]) : null;
	e.ok(asset && asset.status === 200 && asset.headers.get('cache-control').includes('immutable') &&
		asset.headers.get('content-type') === 'text/css; charset=utf-8',
	'a versioned asset is cached for long (immutable) with its type');
	const old = await anon.request('GET', '/assets/000000000000/css/app.css');
	e.eq([old.status, old.headers.get('cache-control')], [200, 'no-cache'], 'an asset of another version is served, revalidated');
	const bad = await anon.request('GET', '/assets/js/../../pages/index.html');
	e.eq(bad.status, 404, 'no path outside web/assets/ through /assets/');
}

async function checkHome(e) {
	const page = await e.newPage();
	await e.visit(page, '/', 'home');
	e.eq(await page.getAttribute('html', 'lang'), 'vi', 'home: Vietnamese by default (<html lang="vi">)');
	e.eq(await page.textContent('h1'), catalog('vi')['home.heading'], 'home: the heading comes from vi.json');
	e.ok((await page.title()).startsWith(catalog('vi')['home.title']), 'home: the title comes from vi.json');
	const landmarks = await page.evaluate(() => ({
		banner: document.querySelectorAll('body > header').length,
		nav: document.querySelectorAll('nav[aria-label]').length,
		main: document.querySelectorAll('main#main').length,
		contentinfo: document.querySelectorAll('body > footer').length,
	}));
	e.eq(landmarks, { banner: 1, nav: 1, main: 1, contentinfo: 1 }, 'home: banner, navigation, main and contentinfo landmarks');
	e.ok(await page.locator('#results li').count() > 0, 'home: the catalog is listed before any search');

	await page.fill('#q', 'dang ky khai sinh');
	await page.waitForFunction(() => /dang ky khai sinh/.test(document.querySelector('#results-status').textContent));
	const first = page.locator('#results li a').first();
	e.ok((await first.textContent()).includes('đăng ký khai sinh'), 'search "dang ky khai sinh" (no diacritics) finds "đăng ký khai sinh"');
	e.eq(await first.getAttribute('href'), '/thu-tuc/1.001193', 'search: each result links to its procedure page');
	e.ok(/[?]q=dang%20ky%20khai%20sinh$/.test(page.url()), 'search: the query is kept in the URL', page.url());
	await page.waitForFunction(() => document.querySelector('#announcer').textContent.length > 0);
	e.eq(await page.textContent('#announcer'), await page.textContent('#results-status'),
		'search: the result count is announced (live region)');
	await e.snapshot(page, 'home-search');
	e.clean(page, 'search');

	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await page.textContent('h1'), catalog('en')['home.heading'], 'one click: English (heading from en.json)');
	e.ok(/Found \d+ procedures? for/.test(await page.textContent('#results-status')), 'English: the result count is re-rendered');
	e.eq([await page.textContent('#lang-switch'), await page.getAttribute('#lang-switch', 'lang')], ['Tiếng Việt', 'vi'],
		'English: the switch offers Tiếng Việt, marked lang="vi"');
	e.ok((await page.title()).startsWith(catalog('en')['home.title']), 'English: the title follows');
	await e.snapshot(page, 'home-en');
	await page.reload();
	await e.ready(page);
	e.eq(await page.getAttribute('html', 'lang'), 'en', 'the choice of English is kept after a reload (localStorage)');
	e.ok((await page.locator('#results li').count()) > 0, 'a reload of /?q=… searches again');
	await page.click('#lang-switch');
	await page.waitForFunction(() => document.documentElement.lang === 'vi');
	e.eq(await page.textContent('h1'), catalog('vi')['home.heading'], 'and back to Vietnamese with one click');
	e.clean(page, 'language switch');
	await page.context().close();
}

async function checkKeyboard(e) {
	const page = await e.newPage();
	await page.goto('/');
	await e.ready(page);
	await page.keyboard.press('Tab');
	const skip = await page.evaluate(() => {
		const a = document.activeElement;
		const r = a.getBoundingClientRect();
		return { cls: a.className, top: r.top, outline: getComputedStyle(a).outlineStyle };
	});
	e.ok(skip.cls === 'skip-link' && skip.top >= 0 && skip.outline !== 'none',
		'keyboard: the first Tab reaches the skip link, shown with a focus ring', skip);
	await page.keyboard.press('Enter');
	e.eq(await page.evaluate(() => document.activeElement.id), 'main', 'keyboard: the skip link moves the focus to the main content');
	await page.keyboard.press('Tab');
	e.eq(await page.evaluate(() => document.activeElement.id), 'q', 'keyboard: the next Tab is the search box');

	await page.goto('/');
	await e.ready(page);
	let tabs = 0;
	while (tabs < 15 && !(await page.evaluate(() => document.activeElement.id === 'lang-switch'))) {
		await page.keyboard.press('Tab');
		tabs += 1;
	}
	e.ok(tabs < 15, `keyboard: the language switch is reached in ${tabs} Tabs`);
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	e.eq(await page.evaluate(() => document.activeElement.id), 'lang-switch', 'keyboard: Enter switches to English and keeps the focus');
	await page.keyboard.press('Space');
	await page.waitForFunction(() => document.documentElement.lang === 'vi');
	e.eq(await page.textContent('h1'), catalog('vi')['home.heading'], 'keyboard: Space switches back to Vietnamese');
	e.clean(page, 'keyboard');
	await page.context().close();
}

async function checkNotFound(e) {
	const page = await e.newPage();
	await e.visit(page, '/khong-co-trang-nay', '404', { status: 404 });
	e.eq(await page.textContent('h1'), catalog('vi')['notfound.heading'], '404: the page says so in Vietnamese');
	e.eq(await page.getAttribute('main a.btn--primary', 'href'), '/', '404: a way back to the home page');
	await page.context().close();
}

async function checkSignIn(e) {
	const page = await e.newPage();
	await page.goto('/can-bo');
	await page.waitForURL((u) => u.pathname === '/can-bo/dang-nhap');
	e.eq(new URL(page.url()).searchParams.get('next'), '/can-bo', 'staff page signed out: to the sign-in page, with the way back');
	await e.ready(page);
	await e.snapshot(page, 'sign-in');
	e.clean(page, 'sign-in page');

	await page.click('#signin-form button[type="submit"]');
	e.eq(await page.getAttribute('#username', 'aria-invalid'), 'true', 'sign-in: an empty form is marked invalid, without a request');
	e.allow(page, /\/api\/v1\/session$/);
	await page.fill('#username', 'tiepnhan');
	await page.fill('#password', 'sai mật khẩu');
	await page.click('#signin-form button[type="submit"]');
	await page.waitForSelector('#signin-messages [role="alert"]');
	e.eq(await page.textContent('#signin-messages [role="alert"]'), catalog('vi')['error.invalid_credentials'],
		'sign-in: a wrong password reads as the catalog\'s message for invalid_credentials');
	await e.snapshot(page, 'sign-in-error', { axe: true });
	page.problems.splice(0);
	page.allowed.length = 0;

	await e.signIn(page, 'tiepnhan');
	e.eq(new URL(page.url()).pathname, '/can-bo', 'sign-in: back to the staff page asked for');
	e.ok((await page.textContent('.site-user')).length > 0, 'staff page: the signed-in user is shown in the header');
	await e.snapshot(page, 'staff-home');
	e.clean(page, 'staff home');

	// The session expires (2 h idle): the next staff page says so on the sign-in page.
	await e.setNow('2026-03-02T09:00:00+07:00');
	await e.signIn(page, 'tiepnhan');
	await e.setNow('2026-03-02T11:30:00+07:00');
	e.allow(page, /\/api\/v1\/session$/);
	await page.reload();
	await page.waitForURL((u) => u.pathname === '/can-bo/dang-nhap');
	await e.ready(page);
	const q = new URL(page.url()).searchParams;
	e.ok(q.get('expired') === '1' && q.get('next') === '/can-bo' &&
		(await page.textContent('#signin-messages')) === catalog('vi')['signin.expired'],
	'an expired session: to the sign-in page, which says why, and back after', page.url());
	page.problems.splice(0);
	page.allowed.length = 0;
	await e.signIn(page, 'tiepnhan');

	await page.click('.site-tools button:not(#lang-switch)');
	await page.waitForURL((u) => u.pathname === '/can-bo/dang-nhap');
	await e.ready(page);
	const r = await page.evaluate(() => fetch('/api/v1/session').then((x) => x.status));
	e.eq(r, 401, 'sign-out ends the session');
	page.problems.splice(0); // the 401 just asked for
	await page.goto('/can-bo');
	await page.waitForURL((u) => u.pathname === '/can-bo/dang-nhap');
	e.eq(await page.evaluate(() => location.pathname), '/can-bo/dang-nhap', 'after sign-out a staff page goes to the sign-in page');
	e.clean(page, 'sign-out');
	await page.context().close();
}

run(async (e) => {
	const t0 = Date.now();
	checkSources(e);
	await checkServedPages(e);
	await checkHome(e);
	await checkKeyboard(e);
	await checkNotFound(e);
	await checkSignIn(e);
	e.comment(`browser checks took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
