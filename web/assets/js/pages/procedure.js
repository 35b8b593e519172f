// A procedure (/thu-tuc/{code}): everything R-CAT-1 lists (code, name,
// field, level, competent unit, legal basis, processing time, fees,
// components, result, channels, subjects) and the published internal
// process (R-CAT-2) as a timeline: each step with its responsible unit and
// its time budget. A button to submit online when the procedure allows it.
//
// Data: GET /api/v1/procedures/{code}; the names of the units it names,
// GET /api/v1/units/{code} (a commune-level procedure names roles inside
// the commune, "commune:justice", shown as words).
import { ApiError, get } from '../api.js';
import { $, h, path, replace } from '../dom.js';
import { formatDuration, formatMoney, levelLabel } from '../format.js';
import { onLangChange, t } from '../i18n.js';
import { alertBox, showError, startPage } from '../layout.js';
import { codeFromPath, fold, setDataTitle, unitDisplayName, vi, word } from './public-common.js';

/** The units a procedure names (competent unit, steps' units) → their names. */
async function unitNames(p) {
	const codes = new Set([p.competent_unit, ...(p.steps || []).map((s) => s.unit)]
		.filter((u) => u && !u.startsWith('commune:')));
	const names = new Map();
	await Promise.all([...codes].map(async (code) => {
		try {
			names.set(code, await unitDisplayName(code));
		} catch {
			names.set(code, null); // shown as its code
		}
	}));
	return names;
}

/** The words (or the name, lang="vi") of a unit or a "commune:<kind>" role. */
function unitText(unit, names) {
	const m = /^commune:([a-z_]+)$/.exec(unit || '');
	if (m)
		return h('span', { text: word('pub.unit_kind', m[1]) });
	const name = names.get(unit);
	return name ? h('span', { text: name, lang: 'vi' }) : h('span', { class: 'mono', text: unit || '' });
}

function row(labelKey, ...value) {
	return [h('dt', { i18n: labelKey }), h('dd', {}, ...value)];
}

function fees(p) {
	const f = p.fees || {};
	let main;
	if (f.amount_vnd === 0)
		main = t('pub.proc.fee_none');
	else if (f.amount_vnd === null || f.amount_vnd === undefined)
		main = t('pub.proc.fee_by_rule');
	else
		main = formatMoney(f.amount_vnd);
	return [h('span', { text: main }), f.note && vi('p', f.note, { class: 'small muted' })];
}

function competent(p, names) {
	const unit = p.competent_unit || p.competent_unit_role || 'commune:self';
	const main = unitText(unit, names);
	const agency = p.agency_text && fold(p.agency_text) !== fold(main.textContent) &&
		vi('p', p.agency_text, { class: 'small muted' });
	return [main, agency];
}

function channels(p) {
	const items = (p.channels || []).map((c) => {
		let text = word('channel', c);
		if (c === 'online' && p.online_level && p.online_level !== 'none')
			text = `${text} (${word('pub.online_level', p.online_level)})`;
		return h('li', { text });
	});
	return [h('ul', { class: 'plain' }, items), p.online_note && vi('p', p.online_note, { class: 'small muted' })];
}

function generalInfo(p, names) {
	const time = p.processing_time || {};
	const subjects = (p.subjects || []).map((s) => word('pub.subject', s)).join(', ');
	const result = p.result || {};
	return h('section', { 'aria-labelledby': 'proc-info' },
		h('h2', { id: 'proc-info', i18n: 'pub.proc.info' }),
		h('dl', { class: 'dl facts' },
			row('pub.proc.code', h('span', { class: 'mono', text: p.code })),
			row('proc.field', vi('span', p.field)),
			row('proc.level', levelLabel(p.level)),
			row('pub.proc.competent', ...competent(p, names)),
			subjects && row('pub.proc.subjects', subjects),
			row('proc.time', h('strong', { text: formatDuration(time) }),
				time.text && vi('p', time.text, { class: 'small muted' })),
			row('pub.proc.fees', ...fees(p)),
			row('pub.proc.result', vi('span', result.name || ''),
				result.kind && h('span', { class: 'muted', text: ` (${word('pub.result_kind', result.kind)})` })),
			row('pub.proc.channels', ...channels(p)),
			typeof p.paper_allowed === 'boolean' &&
				row('pub.proc.paper', t(p.paper_allowed ? 'pub.proc.paper_yes' : 'pub.proc.paper_no'))));
}

function components(p) {
	const list = p.components || [];
	const body = list.length
		? h('ol', { class: 'components' }, list.map((c) => h('li', {},
			vi('p', c.name, { class: 'components__name' }),
			h('p', { class: 'meta' },
				h('span', { text: word('pub.form', c.form || 'original') }),
				h('span', { text: t('pub.proc.count', { n: c.count || 1 }) }),
				h('span', {
					class: ['badge', c.required === false ? 'badge--none' : 'badge--status'],
					text: t(c.required === false ? 'pub.proc.if_any' : 'pub.proc.required'),
				}),
				c.digitisable && h('span', { text: t('pub.proc.digitisable') })))))
		: h('p', { i18n: 'pub.proc.no_components' });
	return h('section', { 'aria-labelledby': 'proc-components' },
		h('h2', { id: 'proc-components', i18n: 'pub.proc.components' }),
		body);
}

function process(p, names) {
	const steps = p.steps || [];
	return h('section', { 'aria-labelledby': 'proc-process' },
		h('h2', { id: 'proc-process', i18n: 'pub.proc.process' }),
		h('p', { class: 'muted', text: t('pub.proc.process_lead', { time: formatDuration(p.processing_time) }) }),
		h('ol', { class: 'timeline' }, steps.map((s, i) => h('li', {},
			h('h3', { class: 'timeline__title' },
				h('span', { class: 'visually-hidden', text: `${t('pub.proc.step', { n: i + 1 })}: ` }),
				vi('span', s.name)),
			h('p', { class: 'meta' },
				h('span', {}, `${t('pub.proc.step_unit')}: `, unitText(s.unit, names)),
				h('span', {}, `${t('pub.proc.step_time')}: `, h('strong', { text: formatDuration(s.duration) }))),
			s.produces && h('p', { class: 'small' }, `${t('pub.proc.step_produces')}: `, vi('span', s.produces))))));
}

function legal(p) {
	const basis = Array.isArray(p.legal_basis) ? p.legal_basis : (p.legal_basis ? [p.legal_basis] : []);
	if (!basis.length)
		return null;
	return h('section', { 'aria-labelledby': 'proc-legal' },
		h('h2', { id: 'proc-legal', i18n: 'pub.proc.legal' }),
		h('ul', {}, basis.map((b) => vi('li', b))));
}

function callToAction(p) {
	if ((p.channels || []).includes('online'))
		return h('div', { class: 'proc-cta no-print' },
			h('a', { class: 'btn btn--primary', id: 'submit-online', href: path`/nop-ho-so/${p.code}`, i18n: 'pub.proc.submit_online' }),
			h('p', { class: 'small muted', i18n: 'pub.proc.submit_hint' }));
	return alertBox('info', t('pub.proc.no_online'));
}

function render(article, p, names) {
	replace(article,
		h('h1', { id: 'proc-heading', text: p.name, lang: 'vi' }),
		h('p', { class: 'meta proc-meta' },
			h('span', {}, `${t('proc.code')}: `, h('span', { class: 'mono', text: p.code })),
			vi('span', p.field),
			h('span', { text: levelLabel(p.level) }),
			h('span', {}, `${t('proc.time')}: ${formatDuration(p.processing_time)}`)),
		callToAction(p),
		generalInfo(p, names),
		components(p),
		process(p, names),
		legal(p));
	setDataTitle(p.name);
}

startPage({ title: 'pub.proc.title' }, async () => {
	const article = $('#proc');
	const code = codeFromPath();
	let p;
	try {
		if (!code)
			throw new ApiError(404, { code: 'not_found' });
		p = await get(path`/api/v1/procedures/${code}`);
	} catch (err) {
		article.removeAttribute('aria-busy');
		if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
			replace(article,
				h('h1', { id: 'proc-heading', i18n: 'pub.proc.not_found_heading' }),
				alertBox('error', h('span', { i18n: 'pub.proc.not_found' }), ' ',
					h('span', { class: 'mono break', text: code })),
				h('p', {}, h('a', { class: 'btn', href: '/', i18n: 'pub.proc.back' })));
			return;
		}
		replace(article, h('h1', { id: 'proc-heading', i18n: 'pub.proc.title' }));
		showError($('#proc-messages'), err);
		return;
	}
	const names = await unitNames(p);
	render(article, p, names);
	article.removeAttribute('aria-busy');
	onLangChange(() => render(article, p, names));
});
