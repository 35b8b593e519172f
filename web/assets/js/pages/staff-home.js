// The staff home (/can-bo): the dossier queues that match the user's roles
// at a unit (GET /api/v1/dossiers?unit=&status=&overdue=true&assignee=me&
// page=&per_page=), each with its count, paged on the server.
//
//   receive     online and postal submissions to receive (status=submitted),
//               with the 8-working-hour acknowledgement deadline of R-DOS-3
//               (GET /api/v1/calendar/due?from=<submitted_at>&amount=8&
//               unit=working_hours) and the working time left
//   mine        the steps given to me (assignee=me)
//   unit        my unit's steps: received (receivers), processing
//               (specialists, leaders)
//   all         every dossier of the unit (auditors who handle none)
//   nearly_due  open dossiers due within 1 working day (R-CAL-6)
//   overdue     open dossiers past due (overdue=true)
//   apology     open dossiers whose apology deadline (1 working day before
//               due, R-DOS-5) falls within the next working day: due in
//               1–2 working days
//   supplement  waiting for the applicant's supplement (receivers record it)
//   return      results to return (status=done)
//
// The list API sorts by due time, soonest first, and has no filter by due
// time (docs/web.md "Staff workspace": the API gaps). So:
//   - "latest due first" pages from the end (the total is known);
//   - nearly_due and apology are read from the received and processing
//     lists past their overdue part, in due order, until the due time
//     leaves the window (at most SCAN_PAGES pages of SCAN_SIZE per state),
//     then paged here.
// The state lives in the URL (?unit=&queue=&page=&order=).
import { get } from '../api.js';
import { $, h, path, replace } from '../dom.js';
import { statusBadge } from '../format.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	formatWorkSeconds, loadWorktime, pager, procedureLabel, serverNow, setFieldError, stackCells, unitInfo,
	unitLabel, when,
} from './staff-common.js';

const PER_PAGE = 20;
const SCAN_SIZE = 100;
const SCAN_PAGES = 3;
const ACK_HOURS = 8; // R-DOS-3: online dossiers are answered within 8 working hours
const ACK_WARN_S = 2 * 3600; // the countdown turns amber with 2 working hours left
const CODE_RE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$/;

const STAFF_ROLES = ['receiver', 'specialist', 'leader', 'auditor'];
const HANDLERS = ['receiver', 'specialist', 'leader'];

/** The queues, in the order shown; roles: who sees it; query: the list's filters. */
const QUEUES = [
	{ id: 'receive', roles: ['receiver'], query: () => ({ status: 'submitted' }), kind: 'receive' },
	{ id: 'mine', roles: HANDLERS, query: () => ({ assignee: 'me' }) },
	{ id: 'unit', roles: HANDLERS, query: unitQuery },
	{ id: 'all', roles: ['auditor'], query: () => ({}), only: true },
	{ id: 'nearly_due', roles: STAFF_ROLES, scan: 'nearly' },
	{ id: 'overdue', roles: STAFF_ROLES, query: () => ({ overdue: 'true' }) },
	{ id: 'apology', roles: ['specialist', 'leader', 'auditor'], scan: 'apology' },
	{ id: 'supplement', roles: ['receiver'], query: () => ({ status: 'supplement_requested' }) },
	{ id: 'return', roles: ['receiver'], query: () => ({ status: 'done' }) },
];

/** "My unit's steps": what the unit's staff hold there. */
function unitQuery(roles) {
	if (roles.includes('specialist') || roles.includes('leader'))
		return { status: 'processing' };
	return { status: 'received' };
}

function readState(units) {
	const q = new URLSearchParams(location.search);
	const unit = units.includes(q.get('unit')) ? q.get('unit') : units[0];
	const page = Math.max(1, Number.parseInt(q.get('page') || '1', 10) || 1);
	return { unit, queue: q.get('queue') || '', page, order: q.get('order') === 'desc' ? 'desc' : 'asc' };
}

function stateUrl(s, units) {
	const q = new URLSearchParams();
	if (s.unit !== units[0])
		q.set('unit', s.unit);
	if (s.queue)
		q.set('queue', s.queue);
	if (s.page > 1)
		q.set('page', String(s.page));
	if (s.order === 'desc')
		q.set('order', 'desc');
	const str = q.toString();
	return str ? `/can-bo?${str}` : '/can-bo';
}

function list(unit, query, page, perPage) {
	return get('/api/v1/dossiers', { query: { unit, ...query, page, per_page: perPage } });
}

/**
 * Reads the open dossiers due from now to 2 working days ahead (in due
 * order, past the overdue ones) and splits them into nearly due (within 1
 * working day) and awaiting apology (the apology deadline, 1 working day
 * before due, within the next working day).
 */
async function scanWindow(unit, now) {
	const wt = await loadWorktime(unit, now, 21);
	const day = wt.daySeconds;
	const t1 = wt.add(now, day) || new Date(8.64e15);
	const t2 = wt.add(now, 2 * day) || new Date(8.64e15);
	const found = [];
	let truncated = false;
	for (const status of ['received', 'processing']) {
		const over = await list(unit, { status, overdue: 'true' }, 1, 1);
		let page = Math.floor(over.total / SCAN_SIZE) + 1;
		for (let i = 0; ; i += 1) {
			const r = await list(unit, { status }, page, SCAN_SIZE);
			for (const it of r.items) {
				const due = it.due_at ? new Date(it.due_at) : null;
				if (due && due >= now && due <= t2)
					found.push(it);
			}
			const last = r.items[r.items.length - 1];
			if (!last || !last.due_at || new Date(last.due_at) > t2 || page * SCAN_SIZE >= r.total)
				break;
			if (i + 1 >= SCAN_PAGES) {
				truncated = true;
				break;
			}
			page += 1;
		}
	}
	found.sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at) || a.code.localeCompare(b.code));
	return {
		nearly: found.filter((it) => new Date(it.due_at) <= t1),
		apology: found.filter((it) => new Date(it.due_at) >= t1),
		truncated,
	};
}

startPage({ title: 'staff.home.title' }, async ({ user }) => {
	const greeting = () => {
		$('#greeting').textContent = t('staff.home.greeting', { name: user.full_name || user.username });
	};
	greeting();
	onLangChange(greeting);

	// Open a dossier by its code.
	const openForm = $('#open-form');
	const openCode = $('#open-code');
	openForm.addEventListener('submit', (e) => {
		e.preventDefault();
		const code = openCode.value.trim().toUpperCase();
		if (!setFieldError(openCode, CODE_RE.test(code) ? null : 'staff.home.open.invalid')) {
			openCode.focus();
			return;
		}
		location.assign(path`/can-bo/ho-so/${code}`);
	});

	const grants = (user.roles || []).filter((g) => STAFF_ROLES.includes(g.role));
	if (grants.length === 0) {
		replace($('#home-messages'), alertBox('info', h('span', { i18n: 'staff.home.no_queues' }), ' ',
			(user.roles || []).some((g) => g.role === 'admin') &&
				h('a', { href: '/can-bo/quan-tri', i18n: 'staff.home.to_admin' })));
		return;
	}
	const units = [...new Set(grants.map((g) => g.unit))];
	let state = readState(units);
	const now = await serverNow();
	const nowFetched = Date.now();
	const nowish = () => new Date(now.getTime() + (Date.now() - nowFetched));

	// The unit: a choice when the roles are held at several.
	const picker = $('#unit-picker');
	if (units.length > 1) {
		const sel = h('select', { id: 'unit-select' }, units.map((u) => {
			const o = h('option', { value: u, text: u, lang: 'vi' });
			unitInfo(u).then((x) => {
				if (x)
					o.textContent = `${x.short_name || x.name} (${u})`;
			});
			return o;
		}));
		sel.value = state.unit;
		sel.addEventListener('change', () => go({ unit: sel.value, queue: '', page: 1, order: 'asc' }));
		replace(picker, h('div', { class: 'field unit-field' },
			h('label', { for: 'unit-select', i18n: 'staff.home.unit' }), sel));
	}

	let counts = new Map();
	let scan = null;
	let queues = [];
	let rolesHere = [];

	function setup() {
		rolesHere = [...new Set(grants.filter((g) => g.unit === state.unit).map((g) => g.role))];
		queues = QUEUES.filter((q) => q.roles.some((r) => rolesHere.includes(r)) &&
			!(q.only && rolesHere.some((r) => HANDLERS.includes(r))));
		if (!queues.some((q) => q.id === state.queue))
			state.queue = queues[0].id;
		if (units.length === 1) {
			replace(picker, h('p', { class: 'unit-current' },
				h('span', { i18n: 'staff.home.unit' }), ': ', unitLabel(state.unit)));
		}
	}

	/** The count of a queue (total of a one-item page), or of the scan. */
	async function countOf(q) {
		if (q.scan) {
			const s = await getScan();
			return { n: s[q.scan].length, more: s.truncated };
		}
		const r = await list(state.unit, q.query(rolesHere), 1, 1);
		return { n: r.total, more: false };
	}

	function getScan() {
		if (!scan)
			scan = scanWindow(state.unit, nowish());
		return scan;
	}

	function countText(c) {
		if (!c)
			return '…';
		return c.more ? t('staff.queue.count_more', { n: formatNumber(c.n) }) : formatNumber(c.n);
	}

	// The queue links are built once per unit and then updated in place, so
	// that a counter arriving never takes the keyboard focus away.
	let links = new Map();

	function buildNav() {
		$('#queue-nav').hidden = false;
		links = new Map();
		replace($('#queue-list'), queues.map((q) => {
			const count = h('span', { class: 'queue-link__count' });
			const a = h('a', { class: 'queue-link', dataset: { queue: q.id } },
				h('span', { class: 'queue-link__name', i18n: `staff.queue.${q.id}` }), count);
			a.addEventListener('click', (e) => {
				if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0)
					return;
				e.preventDefault();
				go({ queue: q.id, page: 1, order: 'asc' }, { focus: true });
			});
			links.set(q.id, { a, count });
			return h('li', {}, a);
		}));
		renderNav();
	}

	function renderNav() {
		for (const q of queues) {
			const { a, count } = links.get(q.id);
			const c = counts.get(q.id);
			a.href = stateUrl({ ...state, queue: q.id, page: 1, order: 'asc' }, units);
			a.className = ['queue-link', c && c.n > 0 && ['overdue', 'nearly_due', 'apology', 'receive'].includes(q.id) &&
				`queue-link--${q.id}`].filter(Boolean).join(' ');
			if (q.id === state.queue)
				a.setAttribute('aria-current', 'true');
			else
				a.removeAttribute('aria-current');
			count.textContent = countText(c);
		}
	}

	let countGen = 0;
	async function loadCounts() {
		const gen = ++countGen;
		counts = new Map();
		buildNav();
		await Promise.all(queues.map(async (q) => {
			let c = null;
			try {
				c = await countOf(q);
			} catch {
				c = null; // the count stays "…"; the queue itself shows the error
			}
			if (gen !== countGen)
				return; // another unit was chosen meanwhile
			counts.set(q.id, c);
			renderNav();
		}));
	}

	/** One page of a server-filtered queue in the chosen order: {items, total}. */
	async function fetchPage(q) {
		const query = q.query(rolesHere);
		if (state.order === 'asc') {
			const r = await list(state.unit, query, state.page, PER_PAGE);
			return { items: r.items, total: r.total };
		}
		// Latest due first: the same order read from its end.
		const c = counts.get(q.id);
		const total = c ? c.n : (await list(state.unit, query, 1, 1)).total;
		const hi = total - (state.page - 1) * PER_PAGE;
		const lo = Math.max(0, hi - PER_PAGE);
		if (hi <= 0)
			return { items: [], total };
		const first = Math.floor(lo / PER_PAGE) + 1;
		const last = Math.floor((hi - 1) / PER_PAGE) + 1;
		let items = [];
		for (let p = first; p <= last; p += 1)
			items = items.concat((await list(state.unit, query, p, PER_PAGE)).items);
		const off = (first - 1) * PER_PAGE;
		return { items: items.slice(lo - off, hi - off).reverse(), total };
	}

	async function fetchScan(q) {
		const s = await getScan();
		let all = s[q.scan];
		if (state.order === 'desc')
			all = [...all].reverse();
		const start = (state.page - 1) * PER_PAGE;
		return { items: all.slice(start, start + PER_PAGE), total: all.length, truncated: s.truncated };
	}

	// ---------- the table ----------

	const ackCache = new Map();
	function ackDeadline(it) {
		if (!ackCache.has(it.code)) {
			ackCache.set(it.code, get('/api/v1/calendar/due', {
				query: { from: it.submitted_at, amount: ACK_HOURS, unit: 'working_hours', unit_code: state.unit },
			}).then((r) => r.due).catch(() => null));
		}
		return ackCache.get(it.code);
	}

	let worktime = null;
	const countdowns = [];

	function countdownCell(it) {
		const cell = h('span', { class: 'countdown' }, h('span', { class: 'muted', i18n: 'common.loading' }));
		ackDeadline(it).then(async (due) => {
			if (!due) {
				replace(cell, '—');
				return;
			}
			if (!worktime)
				worktime = loadWorktime(state.unit, nowish(), 14).catch(() => null);
			const wt = await worktime;
			const paint = () => {
				const n = nowish();
				const left = new Date(due) > n && wt ? wt.between(n, due) : 0;
				const late = new Date(due) <= n;
				const tone = late ? 'bad' : left <= ACK_WARN_S ? 'warn' : 'ok';
				replace(cell, when(due), ' ', h('span', {
					class: ['badge', `badge--${tone}`],
					text: late ? t('staff.receive.ack_late') : t('staff.receive.ack_left', { left: formatWorkSeconds(left) }),
				}));
			};
			paint();
			countdowns.push(paint);
		});
		return cell;
	}

	function td(labelKey, ...content) {
		return h('td', { dataset: { label: t(labelKey) } }, ...content);
	}

	function row(it, q) {
		const code = h('th', { scope: 'row', dataset: { label: t('staff.col.code') } },
			h('a', { href: path`/can-bo/ho-so/${it.code}`, class: 'mono', text: it.code }));
		const proc = td('staff.col.procedure', procedureLabel(it.procedure));
		const who = td('staff.col.applicant', h('span', { lang: 'vi', text: it.applicant_name }));
		if (q.kind === 'receive') {
			return h('tr', {}, code, proc, who,
				td('staff.col.submitted', when(it.submitted_at)),
				td('staff.col.ack', countdownCell(it)));
		}
		const due = td('staff.col.due', when(it.due_at),
			it.overdue && ['received', 'processing', 'withdrawal_requested'].includes(it.status) &&
				[' ', h('span', { class: 'badge badge--bad', i18n: 'verdict.overdue' })]);
		const where = td('staff.col.where', it.current_unit ? unitLabel(it.current_unit, { withCode: false }) : '—',
			it.assignee && [h('br'), h('span', { class: 'muted small', text: it.assignee })]);
		return h('tr', {}, code, proc, who, td('staff.col.status', statusBadge(it.status)), due, where);
	}

	function table(items, q) {
		const sortKey = q.kind === 'receive' ? 'staff.col.submitted' : 'staff.col.due';
		const sortTh = (key) => h('th', {
			scope: 'col', 'aria-sort': state.order === 'asc' ? 'ascending' : 'descending',
		}, h('span', { i18n: key }));
		const th = (key) => h('th', { scope: 'col', i18n: key });
		const head = q.kind === 'receive'
			? [th('staff.col.code'), th('staff.col.procedure'), th('staff.col.applicant'), sortTh(sortKey), th('staff.col.ack')]
			: [th('staff.col.code'), th('staff.col.procedure'), th('staff.col.applicant'), th('staff.col.status'),
				sortTh(sortKey), th('staff.col.where')];
		return stackCells(h('div', { class: 'table-wrap' },
			h('table', { class: 'table table--stack queue-table' },
				h('caption', { class: 'visually-hidden', i18n: `staff.queue.${q.id}` }),
				h('thead', {}, h('tr', {}, head)),
				h('tbody', {}, items.map((it) => row(it, q))))));
	}

	function sortControl(q) {
		const sel = h('select', { id: 'queue-order' },
			h('option', { value: 'asc', i18n: q.kind === 'receive' ? 'staff.sort.submitted_asc' : 'staff.sort.due_asc' }),
			h('option', { value: 'desc', i18n: q.kind === 'receive' ? 'staff.sort.submitted_desc' : 'staff.sort.due_desc' }));
		sel.value = state.order;
		sel.addEventListener('change', () => go({ order: sel.value, page: 1 }));
		return h('div', { class: 'field sort-field' }, h('label', { for: 'queue-order', i18n: 'staff.sort.label' }), sel);
	}

	let renderSeq = 0;
	let last = null; // {q, page} of the table shown, re-rendered on a language switch

	async function renderQueue({ focus = false } = {}) {
		const seq = ++renderSeq;
		const q = queues.find((x) => x.id === state.queue);
		const section = $('#queue');
		section.hidden = false;
		$('#queue-heading').dataset.i18n = `staff.queue.${q.id}`;
		$('#queue-heading').textContent = t(`staff.queue.${q.id}`);
		$('#queue-lead').dataset.i18n = `staff.queue.${q.id}.lead`;
		$('#queue-lead').textContent = t(`staff.queue.${q.id}.lead`);
		replace($('#queue-status'), h('span', { class: 'muted', i18n: 'common.loading' }));
		replace($('#queue-pager'));
		if (focus)
			$('#queue-heading').focus();
		let page;
		try {
			page = q.scan ? await fetchScan(q) : await fetchPage(q);
		} catch (err) {
			if (seq === renderSeq) {
				replace($('#queue-body'));
				showError($('#queue-status'), err);
			}
			return;
		}
		if (seq !== renderSeq)
			return;
		last = { q, page };
		paintQueue();
		announce($('#queue-status').textContent);
	}

	function paintQueue() {
		const { q, page } = last;
		countdowns.length = 0;
		const pages = Math.max(1, Math.ceil(page.total / PER_PAGE));
		let status;
		if (page.total === 0)
			status = t('staff.queue.empty');
		else if (page.truncated)
			status = t('staff.queue.truncated', { n: formatNumber(page.total) });
		else
			status = tn('staff.queue.total', page.total);
		replace($('#queue-status'), status);
		replace($('#queue-body'), page.total > 0 && [sortControl(q), table(page.items, q)]);
		replace($('#queue-pager'), pager({ page: state.page, pages, go: (p) => go({ page: p }, { focus: true }) }));
	}

	function go(change, { push = true, focus = false } = {}) {
		const unitChanged = change.unit && change.unit !== state.unit;
		state = { ...state, ...change };
		if (push)
			history.pushState(null, '', stateUrl(state, units));
		if (unitChanged) {
			scan = null;
			worktime = null;
			setup();
			loadCounts();
		} else {
			renderNav();
		}
		renderQueue({ focus });
	}

	window.addEventListener('popstate', () => {
		const next = readState(units);
		const unitChanged = next.unit !== state.unit;
		state = next;
		if (unitChanged) {
			scan = null;
			worktime = null;
			const sel = $('#unit-select');
			if (sel)
				sel.value = state.unit;
		}
		setup();
		if (unitChanged)
			loadCounts();
		else
			renderNav();
		renderQueue();
	});

	onLangChange(() => {
		renderNav();
		if (last)
			paintQueue();
	});

	// The countdowns follow the time (every 30 s, computed here: no request,
	// so that an idle page does not keep the session alive).
	setInterval(() => countdowns.forEach((f) => f()), 30000);

	setup();
	const first = loadCounts();
	await renderQueue();
	await first;
});
