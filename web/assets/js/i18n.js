// i18n.js: every string of the UI comes from one catalog per language,
// web/assets/i18n/vi.json (the default) and en.json, flat objects of
// "area.thing": "text". The choice is kept in localStorage.
//
//   await initI18n()           loads the chosen catalog (layout.js does it)
//   t('home.search.label')     the text; {name} placeholders from params
//   tn('x.count', n)           plural: 'x.count.one' / 'x.count.other'
//   apply(root)                fills data-i18n / data-i18n-attr elements
//   await setLang('en')        switches, re-applies, fires 'langchange'
//   onLangChange(fn)           re-render what apply() cannot (counts, …)
//
// In HTML: <h1 data-i18n="home.heading"></h1>,
// <input data-i18n-attr="placeholder:home.search.placeholder; aria-label:home.search.label">.
// A missing key is a console error (the browser tests fail on it) and
// shows the key itself.

export const LANGS = ['vi', 'en'];
const STORAGE_KEY = 'motcua.lang';
const DEFAULT_LANG = 'vi';

let current = DEFAULT_LANG;
let catalog = {};
const loaded = new Map();

function storedLang() {
	try {
		const l = localStorage.getItem(STORAGE_KEY);
		return LANGS.includes(l) ? l : DEFAULT_LANG;
	} catch {
		return DEFAULT_LANG; // storage disabled
	}
}

async function load(lang) {
	if (!loaded.has(lang)) {
		// Relative to this module: the same versioned /assets/<v>/ path.
		const url = new URL(`../i18n/${lang}.json`, import.meta.url);
		const resp = await fetch(url, { headers: { Accept: 'application/json' } });
		if (!resp.ok)
			throw new Error(`i18n: cannot load ${lang} (${resp.status})`);
		loaded.set(lang, await resp.json());
	}
	return loaded.get(lang);
}

/** The current language: 'vi' or 'en'. */
export function lang() {
	return current;
}

/** Whether the catalog has key (for optional texts such as error codes). */
export function has(key) {
	return Object.prototype.hasOwnProperty.call(catalog, key);
}

/** The text of key with {name} placeholders replaced from params. */
export function t(key, params) {
	let s = catalog[key];
	if (typeof s !== 'string') {
		console.error(`i18n: missing key "${key}" in ${current}.json`);
		return key;
	}
	if (params)
		s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
	return s;
}

const plurals = new Map();

/** Plural form: key + '.one' or '.other' (by the language's rules), with {n} = n. */
export function tn(key, n, params = {}) {
	if (!plurals.has(current))
		plurals.set(current, new Intl.PluralRules(current));
	const form = plurals.get(current).select(n);
	const k = has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`;
	return t(k, { n: formatNumber(n), ...params });
}

/** A number with the language's grouping (1.234 in vi, 1,234 in en). */
export function formatNumber(n) {
	return new Intl.NumberFormat(current === 'vi' ? 'vi-VN' : 'en-GB').format(n);
}

/**
 * Fills the elements under root (and root itself) that name a key:
 * data-i18n="key" sets the text; data-i18n-attr="attr:key; attr2:key2"
 * sets attributes. Text only: never HTML.
 */
export function apply(root = document) {
	const sel = '[data-i18n], [data-i18n-attr]';
	const els = [...root.querySelectorAll(sel)];
	if (root.matches && root.matches(sel))
		els.unshift(root);
	for (const el of els) {
		if (el.dataset.i18n)
			el.textContent = t(el.dataset.i18n);
		if (el.dataset.i18nAttr) {
			for (const pair of el.dataset.i18nAttr.split(';')) {
				const [attr, key] = pair.split(':').map((s) => s.trim());
				if (attr && key)
					el.setAttribute(attr, t(key));
			}
		}
	}
}

/** Loads the stored language's catalog and sets <html lang>. */
export async function initI18n() {
	current = storedLang();
	catalog = await load(current);
	document.documentElement.lang = current;
}

/** Switches the language: stores it, re-applies the page, fires 'langchange'. */
export async function setLang(l) {
	if (!LANGS.includes(l))
		throw new Error(`i18n: unknown language ${l}`);
	catalog = await load(l);
	current = l;
	try {
		localStorage.setItem(STORAGE_KEY, l);
	} catch {
		// storage disabled: the choice lasts for this page only
	}
	document.documentElement.lang = l;
	apply(document);
	document.dispatchEvent(new CustomEvent('langchange', { detail: { lang: l } }));
}

/** Calls fn(lang) after each switch of language. */
export function onLangChange(fn) {
	document.addEventListener('langchange', (e) => fn(e.detail.lang));
}
