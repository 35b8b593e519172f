// layout.js: what every page shares. A page's module is one call:
//
//   import { startPage } from '../layout.js';
//   startPage({ title: 'home.title' }, async ({ user, main }) => {
//     … build the page into main …
//   });
//
// startPage loads the language, adds the skip link, the header (banner,
// main navigation, language switch, for staff pages the signed-in user and
// sign-out) and the footer (contentinfo) around the page's <main>, checks
// the sign-in on staff pages (else to the sign-in page and back), fills
// every data-i18n element, runs init, and finally marks
// <html data-ready="true"> (the browser tests wait for it). An error
// thrown by init is shown at the top of <main>.
//
// The area comes from <body data-area="public|staff">.

import {
	currentUser, errorMessage, hasRole, mayBeSignedIn, signInUrl, signOut, SIGN_IN_PATH, STAFF_HOME,
} from './api.js';
import { $, append, assetUrl, h } from './dom.js';
import { apply, initI18n, lang, onLangChange, setLang, t } from './i18n.js';

/** The main navigation of each area; role: shown only to holders of that role (or of one of several). */
export const NAV = {
	public: [
		{ href: '/', key: 'nav.home' },
		{ href: '/tra-cuu', key: 'nav.track' },
		{ href: '/chat-luong', key: 'nav.quality' },
		{ href: '/thong-ke', key: 'nav.statistics' },
		{ href: STAFF_HOME, key: 'nav.staff' },
	],
	staff: [
		{ href: STAFF_HOME, key: 'nav.queues' },
		{ href: '/can-bo/tiep-nhan', key: 'nav.reception', role: 'receiver' },
		{ href: '/can-bo/bang-dieu-khien', key: 'nav.dashboard', role: ['leader', 'auditor'] },
		{ href: '/can-bo/quan-tri', key: 'nav.admin', role: 'admin' },
		{ href: '/', key: 'nav.portal' },
	],
};

/** The nav entry this page belongs to: the longest href that is the path or a prefix of it. */
function currentHref(items) {
	const p = location.pathname;
	let best = null;
	for (const it of items) {
		const match = it.href === p || (it.href !== '/' && p.startsWith(`${it.href}/`));
		if (match && (!best || it.href.length > best.length))
			best = it.href;
	}
	return best;
}

function langSwitch() {
	const btn = h('button', {
		type: 'button', class: 'btn btn--small lang-switch', id: 'lang-switch', i18n: 'lang.switch',
	});
	const sync = () => btn.setAttribute('lang', lang() === 'vi' ? 'en' : 'vi');
	sync();
	btn.addEventListener('click', async () => {
		await setLang(lang() === 'vi' ? 'en' : 'vi');
		sync();
	});
	return btn;
}

function userTools(user) {
	if (!user)
		return [];
	const out = h('button', { type: 'button', class: 'btn btn--small', i18n: 'auth.sign_out' });
	out.addEventListener('click', async () => {
		out.disabled = true;
		try {
			await signOut();
		} catch {
			// the server could not be reached: the session ends with its expiry
		}
		location.assign(SIGN_IN_PATH);
	});
	return [h('span', { class: 'site-user' },
		h('span', { class: 'visually-hidden', i18n: 'auth.signed_in_as' }), ' ',
		h('strong', { text: user.full_name || user.username })), out];
}

// The header: a thin top bar (the signed-in user, sign-out, the language
// switch), then the brand and the main navigation. The reading order is
// the visual order at every width.
function header(area, user) {
	const items = NAV[area].filter((it) => !it.role || [].concat(it.role).some((r) => hasRole(user, r)));
	const here = currentHref(items);
	const showNav = area === 'public' || user;
	return h('header', { class: 'site-header' },
		h('div', { class: 'site-topbar' },
			h('div', { class: 'container site-tools' }, userTools(user), langSwitch())),
		h('div', { class: 'container site-header__inner' },
			h('a', { class: 'brand', href: area === 'staff' && user ? STAFF_HOME : '/' },
				h('img', { class: 'brand__mark', src: assetUrl('img/mark.svg'), alt: '' }),
				h('span', { class: 'brand__text' },
					h('span', { class: 'brand__name', i18n: area === 'staff' ? 'site.staff_name' : 'site.name' }),
					h('span', { class: 'brand__place', i18n: 'site.place' }))),
			showNav && h('nav', { class: 'site-nav', i18nAttr: 'aria-label:nav.label' },
				h('ul', {}, items.map((it) => h('li', {},
					h('a', { href: it.href, i18n: it.key, 'aria-current': it.href === here ? 'page' : null })))))));
}

function footer() {
	return h('footer', { class: 'site-footer' },
		h('div', { class: 'container' },
			h('p', { i18n: 'footer.owner' }),
			h('p', { class: 'muted', i18n: 'footer.hours' }),
			h('p', {}, h('a', { href: '/tra-cuu', i18n: 'footer.track' }), ' · ',
				h('a', { href: '/openapi.json', i18n: 'footer.api' }))));
}

let announcer = null;

/** Says msg to screen readers (a polite live region), e.g. "12 results". */
export function announce(msg) {
	if (!announcer)
		return;
	announcer.textContent = '';
	setTimeout(() => { announcer.textContent = msg; }, 50);
}

/**
 * An alert box: kind is info, success, warning or error; content a string
 * or nodes. Errors use role="alert" (read at once), the others role="status".
 */
export function alertBox(kind, ...content) {
	return h('div', { class: ['alert', `alert--${kind}`], role: kind === 'error' ? 'alert' : 'status' },
		h('p', {}, ...content));
}

/** Shows err's message in container (replacing what it held); nothing while redirecting. */
export function showError(container, err) {
	if (err && err.redirecting)
		return;
	if (!(err && err.name === 'ApiError'))
		console.error(err); // a bug, not an answer: keep it visible to the tests
	container.replaceChildren(alertBox('error', errorMessage(err)));
}

function setTitle(key) {
	document.title = key ? `${t(key)} · ${t('site.short')}` : t('site.short');
}

/**
 * Builds the page. opts: title (catalog key of the page's title), area
 * ('public' | 'staff'; default <body data-area>), requireSignIn (staff
 * pages: default true). init(ctx) gets { user, main, area } and may be async.
 */
export async function startPage(opts = {}, init = null) {
	const area = opts.area || document.body.dataset.area || 'public';
	const main = $('main') || append(document.body, h('main'));
	main.id = main.id || 'main';
	main.tabIndex = -1;
	await initI18n();

	let user = null;
	if (area === 'staff') {
		const wasSignedIn = mayBeSignedIn();
		try {
			user = await currentUser(); // null at once when this browser signed out
		} catch {
			user = null;
		}
		if (!user && opts.requireSignIn !== false) {
			document.documentElement.dataset.ready = 'redirect';
			location.assign(signInUrl({ expired: wasSignedIn }));
			return null;
		}
	}
	announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', id: 'announcer' });
	document.body.prepend(
		h('a', { class: 'skip-link', href: `#${main.id}`, i18n: 'layout.skip' }),
		header(area, user));
	document.body.append(announcer, footer());
	apply(document);
	setTitle(opts.title);
	onLangChange(() => setTitle(opts.title));

	const ctx = { user, main, area };
	try {
		if (init)
			await init(ctx);
		document.documentElement.dataset.ready = 'true';
	} catch (err) {
		const box = h('div');
		main.prepend(box);
		showError(box, err);
		document.documentElement.dataset.ready = 'error';
	}
	return ctx;
}
