// dom.js: building the page from data without ever parsing data as HTML.
//
// Escaping by context, in one place:
//   text       h(tag, attrs, 'text') and text(): textContent, never HTML
//   attribute  attrs go through setAttribute (no event-handler strings,
//              no style strings: the Content-Security-Policy forbids them)
//   URL        href/src through safeUrl(); path segments through path``,
//              query strings through withQuery()
//   JS         data never becomes code: no eval, no inline handlers
// innerHTML, outerHTML, insertAdjacentHTML and document.write are not used
// anywhere in web/ (the browser tests scan for them).

import { apply } from './i18n.js';

/**
 * Creates an element. attrs:
 *   class: 'a b' or ['a', cond && 'b']   text: 'plain text'
 *   i18n: 'catalog.key' (data-i18n: text now and after a language switch)
 *   i18nAttr: 'placeholder:key; aria-label:key2'
 *   on: { click: fn }                    dataset: { code: 'X' }
 *   any other attribute: a string, a number, true (present) or false/null (absent)
 * children: strings (as text), nodes, arrays of them; null/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
	const el = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs || {})) {
		if (value === null || value === undefined || value === false)
			continue;
		if (name === 'class')
			el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
		else if (name === 'text')
			el.textContent = value;
		else if (name === 'i18n')
			el.dataset.i18n = value;
		else if (name === 'i18nAttr')
			el.dataset.i18nAttr = value;
		else if (name === 'on')
			for (const [ev, fn] of Object.entries(value))
				el.addEventListener(ev, fn);
		else if (name === 'dataset')
			Object.assign(el.dataset, value);
		else
			setAttr(el, name, value);
	}
	append(el, children);
	if (attrs && (attrs.i18n || attrs.i18nAttr))
		apply(el);
	return el;
}

/** Sets an attribute safely: URLs checked, handlers and inline styles refused. */
export function setAttr(el, name, value) {
	const n = name.toLowerCase();
	if (n.startsWith('on') || n === 'style' || n === 'srcdoc')
		throw new Error(`dom: attribute ${name} is not allowed (use on: / classes)`);
	if (value === true) {
		el.setAttribute(name, '');
		return;
	}
	let v = String(value);
	if (n === 'href' || n === 'src' || n === 'action' || n === 'formaction')
		v = safeUrl(v);
	el.setAttribute(name, v);
}

/** Appends children (strings as text nodes; arrays flattened; null/false skipped). */
export function append(parent, ...children) {
	for (const c of children.flat(Infinity)) {
		if (c === null || c === undefined || c === false)
			continue;
		parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return parent;
}

/** A text node. */
export function text(s) {
	return document.createTextNode(String(s ?? ''));
}

/** Removes every child of el. */
export function clear(el) {
	while (el.firstChild)
		el.firstChild.remove();
	return el;
}

/** Replaces the children of el. */
export function replace(el, ...children) {
	clear(el);
	return append(el, ...children);
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/**
 * A URL fit for href/src: same-origin paths, #fragments, http(s), mailto:
 * and tel:. Anything else (javascript:, data:, vbscript:, …) becomes '#'.
 */
export function safeUrl(u) {
	const s = String(u).trim();
	if (s.startsWith('#') || s.startsWith('?'))
		return s;
	if (s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\'))
		return s;
	try {
		const url = new URL(s, location.origin);
		if (['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol))
			return s;
	} catch {
		// not a URL
	}
	return '#';
}

/**
 * A path with each value encoded as one segment:
 * path`/thu-tuc/${code}` → "/thu-tuc/1.001193"; a "/" in a value stays in it.
 */
export function path(strings, ...values) {
	return strings.reduce(
		(out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

/** url + '?' + the query of the params whose value is not null, undefined or ''. */
export function withQuery(url, params = {}) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== null && v !== undefined && v !== '')
			q.append(k, String(v));
	const s = q.toString();
	return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

/** The value of a query parameter of this page, or null. */
export function queryParam(name) {
	return new URLSearchParams(location.search).get(name);
}

/** The URL of a file under web/assets/ (e.g. 'img/logo.svg'), versioned like this module. */
export function assetUrl(rel) {
	return new URL(`../${rel}`, import.meta.url).pathname;
}

/** Calls fn after ms of quiet (as-you-type search). */
export function debounce(fn, ms = 250) {
	let timer = null;
	return (...args) => {
		clearTimeout(timer);
		timer = setTimeout(() => fn(...args), ms);
	};
}

/** A unique id for label/aria wiring: uid('q') → 'q-3'. */
let seq = 0;
export function uid(prefix = 'id') {
	seq += 1;
	return `${prefix}-${seq}`;
}
