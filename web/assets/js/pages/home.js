// The home page (/): the procedure catalog. Search as you type (without
// diacritics: the server folds them, R-CAT-3), browse by field and level,
// paged on the server (GET /api/v1/procedures?q=&field=&level=&page=), and
// the most-used procedures.
//
// The state lives in the URL (/?q=…&field=…&level=…&page=…), so a search
// can be bookmarked, reloaded and shared.
//
// Two lists are fixed here because the API has nothing to derive them
// from without loading the whole catalog:
//   FIELDS    the fields (lĩnh vực) of data/catalog/procedures.json; a
//             procedure of another field is still found by the search box.
//   FEATURED  the "most used" procedures: a static featured list (the
//             everyday civil-status, residence and certification procedures
//             of a city one-stop centre), not statistics: no public API
//             counts dossiers per procedure.
import { get } from '../api.js';
import { $, clear, debounce, h, path, replace } from '../dom.js';
import { formatDuration, levelLabel } from '../format.js';
import { onLangChange, t, tn } from '../i18n.js';
import { announce, showError, startPage } from '../layout.js';

const PER_PAGE = 10;

export const FIELDS = [
	'Bảo trợ xã hội', 'Chứng thực', 'Đăng ký hộ kinh doanh', 'Đăng ký, quản lý cư trú', 'Đất đai',
	'Đầu tư tại Việt Nam', 'Đường bộ / Giấy phép lái xe', 'Giáo dục', 'Giảm nghèo',
	'Hoạt động xây dựng', 'Hộ tịch', 'Khám bệnh, chữa bệnh', 'Lý lịch tư pháp', 'Người có công',
	'Thành lập và hoạt động doanh nghiệp', 'Việc làm (bảo hiểm thất nghiệp)',
	'Việc làm (lao động nước ngoài)',
];

export const FEATURED = [
	'1.001193', // đăng ký khai sinh
	'1.000894', // đăng ký kết hôn
	'2.000815', // chứng thực bản sao từ bản chính
	'1.004222', // đăng ký thường trú
	'1.004194', // đăng ký tạm trú
	'0.000002', // phiếu lý lịch tư pháp
	'0.000004', // đổi giấy phép lái xe
	'1.001612', // đăng ký thành lập hộ kinh doanh
	'2.000635', // bản sao trích lục hộ tịch, bản sao giấy khai sinh
];

// The catalog's texts are Vietnamese whatever the UI's language: lang="vi".
function item(p) {
	return h('li', {},
		h('h3', { class: 'card__title' }, h('a', { href: path`/thu-tuc/${p.code}`, text: p.name, lang: 'vi' })),
		h('p', { class: 'meta' },
			h('span', {}, `${t('proc.code')}: `, h('span', { class: 'mono', text: p.code })),
			h('span', { text: p.field, lang: 'vi' }),
			h('span', { text: levelLabel(p.level) }),
			h('span', {}, `${t('proc.time')}: ${formatDuration(p.processing_time)}`)));
}

function featuredCard(p) {
	return h('li', { class: 'card featured__item' },
		h('h3', { class: 'card__title' }, h('a', { href: path`/thu-tuc/${p.code}`, text: p.name, lang: 'vi' })),
		h('p', { class: 'meta' },
			h('span', { text: p.field, lang: 'vi' }),
			h('span', { text: formatDuration(p.processing_time) }),
			(p.channels || []).includes('online') && h('span', { class: 'featured__online', i18n: 'pub.home.online' })));
}

/** The URL of a state: q first, empty values left out (/?q=dang%20ky). */
function stateUrl(s) {
	const parts = [];
	for (const k of ['q', 'field', 'level'])
		if (s[k])
			parts.push(`${k}=${encodeURIComponent(s[k])}`);
	if (s.page > 1)
		parts.push(`page=${s.page}`);
	return parts.length ? `/?${parts.join('&')}` : '/';
}

function readState() {
	const q = new URLSearchParams(location.search);
	const page = Number.parseInt(q.get('page') || '1', 10);
	const level = q.get('level');
	return {
		q: (q.get('q') || '').trim(),
		field: (q.get('field') || '').trim(),
		level: ['province', 'commune'].includes(level) ? level : '',
		page: Number.isFinite(page) && page >= 1 && page <= 100000 ? page : 1,
	};
}

startPage({ title: 'home.title' }, async () => {
	const input = $('#q');
	const fieldSel = $('#field');
	const levelSel = $('#level');
	const list = $('#results');
	const status = $('#results-status');
	const heading = $('#results-heading');
	const messages = $('#results-messages');
	const pager = $('#results-pager');
	const featured = $('#featured');
	let shown = null; // { state, data } last rendered, for re-rendering on a language switch
	let featuredItems = null;
	let pending = null;

	for (const f of FIELDS)
		fieldSel.append(h('option', { value: f, text: f, lang: 'vi' }));

	function state() {
		return { q: input.value.trim(), field: fieldSel.value, level: levelSel.value, page: 1 };
	}

	function pagerButton(key, page, enabled) {
		return h('button', {
			type: 'button', class: 'btn btn--small', i18n: key, disabled: !enabled,
			on: { click: () => go({ ...shown.state, page }, { focus: true }) },
		});
	}

	function renderPager(s, data) {
		const pages = Math.max(1, Math.ceil(data.total / PER_PAGE));
		pager.hidden = pages <= 1;
		if (pages <= 1) {
			clear(pager);
			return '';
		}
		const where = t('common.page', { page: s.page, pages });
		replace(pager, h('ul', { class: 'pager' },
			h('li', {}, pagerButton('common.previous', s.page - 1, s.page > 1)),
			h('li', { class: 'pager__where', text: where }),
			h('li', {}, pagerButton('common.next', s.page + 1, s.page < pages))));
		return where;
	}

	function render() {
		const { state: s, data } = shown;
		const filtered = s.q || s.field || s.level;
		heading.dataset.i18n = filtered ? 'home.results.heading' : 'home.catalog.heading';
		heading.textContent = t(heading.dataset.i18n);
		featured.hidden = !!filtered || s.page > 1;
		replace(list, data.items.map(item));
		let msg;
		if (s.q)
			msg = data.total ? tn('home.results.found', data.total, { q: s.q }) : t('home.results.none', { q: s.q });
		else if (filtered)
			msg = data.total ? tn('pub.home.filtered', data.total) : t('pub.home.filtered_none');
		else
			msg = tn('pub.home.count', data.total);
		const where = renderPager(s, data);
		if (where)
			msg = `${msg} ${where}.`;
		status.textContent = msg;
		return msg;
	}

	async function search(s, { focus = false } = {}) {
		if (pending)
			pending.abort();
		pending = new AbortController();
		const signal = pending.signal;
		status.textContent = t('home.search.searching');
		try {
			const data = await get('/api/v1/procedures', {
				query: { q: s.q, field: s.field, level: s.level, page: s.page, per_page: PER_PAGE }, signal,
			});
			messages.replaceChildren();
			shown = { state: s, data };
			announce(render());
			if (focus)
				heading.focus();
		} catch (err) {
			if (err.name === 'AbortError')
				return;
			status.textContent = '';
			showError(messages, err);
		}
	}

	function go(s, opts) {
		history.replaceState(null, '', stateUrl(s));
		return search(s, opts);
	}

	async function loadFeatured() {
		const box = $('#featured-list');
		const got = await Promise.all(FEATURED.map((code) =>
			get(path`/api/v1/procedures/${code}`).catch(() => null)));
		const items = got.filter(Boolean);
		if (!items.length) {
			featured.hidden = true;
			return;
		}
		featuredItems = items;
		replace(box, items.map(featuredCard));
	}

	heading.tabIndex = -1;
	input.addEventListener('input', debounce(() => go(state()), 250));
	fieldSel.addEventListener('change', () => go(state()));
	levelSel.addEventListener('change', () => go(state()));
	$('#search-form').addEventListener('submit', (e) => {
		e.preventDefault();
		go(state());
	});
	onLangChange(() => {
		if (shown)
			render();
		if (featuredItems)
			replace($('#featured-list'), featuredItems.map(featuredCard));
	});

	const s = readState();
	input.value = s.q;
	if (s.field && !FIELDS.includes(s.field))
		fieldSel.append(h('option', { value: s.field, text: s.field, lang: 'vi' }));
	fieldSel.value = s.field;
	levelSel.value = s.level;
	await Promise.all([search(s), loadFeatured()]);
});
