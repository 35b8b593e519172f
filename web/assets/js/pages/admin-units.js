// Units (/can-bo/quan-tri/don-vi, administrators): the tree of R-ORG-1,
// read level by level (GET /api/v1/units?level=province, then
// ?parent=CODE, paged), each unit with its code, level and office hours;
// and a form to add a unit (POST /api/v1/units).
import { get, post } from '../api.js';
import { $, h, replace } from '../dom.js';
import { formatDate } from '../format.js';
import { t } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	busy, bytes, field, focusFirstInvalid, rememberUnit, requireAdmin, select, setFieldError,
} from './staff-common.js';

const PER_PAGE = 50;
const LEVELS = ['province', 'department', 'vertical_agency', 'service_centre', 'commune', 'division'];
const UNIT_RE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;

startPage({ title: 'staff.admin.units.title' }, async ({ user }) => {
	const body = $('#admin-body');
	if (!requireAdmin(user, $('#admin-messages')))
		return;
	const treeBox = h('div', { class: 'unit-tree', id: 'unit-tree' });
	const messages = $('#admin-messages');

	/** One unit: its line, and its children once opened. */
	function node(u) {
		rememberUnit(u);
		const children = h('ul', { class: 'unit-tree__children', hidden: true });
		let loaded = 0;
		let total = null;
		const toggle = h('button', {
			type: 'button', class: 'tree-toggle', 'aria-expanded': 'false', dataset: { code: u.code },
		}, h('span', { class: 'tree-toggle__icon', 'aria-hidden': 'true' }),
		h('span', { class: 'visually-hidden', i18n: 'staff.admin.units.children_of' }),
		h('span', { class: 'visually-hidden', text: ` ${u.name}` }));
		const more = h('button', { type: 'button', class: 'btn btn--small btn--link', i18n: 'staff.admin.units.more', hidden: true });

		async function loadMore() {
			const r = await get('/api/v1/units', { query: { parent: u.code, page: Math.floor(loaded / PER_PAGE) + 1, per_page: PER_PAGE } });
			total = r.total;
			loaded += r.items.length;
			for (const c of r.items)
				children.append(node(c));
			if (total === 0)
				children.append(h('li', { class: 'muted small', i18n: 'staff.admin.units.no_children' }));
			more.hidden = loaded >= total;
		}
		more.addEventListener('click', async () => {
			more.disabled = true;
			try {
				await loadMore();
			} catch (err) {
				showError(messages, err);
			} finally {
				more.disabled = false;
			}
		});
		toggle.addEventListener('click', async () => {
			const open = toggle.getAttribute('aria-expanded') === 'true';
			if (open) {
				toggle.setAttribute('aria-expanded', 'false');
				children.hidden = true;
				more.hidden = true;
				return;
			}
			toggle.setAttribute('aria-expanded', 'true');
			children.hidden = false;
			if (total === null) {
				toggle.disabled = true;
				try {
					await loadMore();
					announce(t('staff.admin.units.loaded', { n: total }));
				} catch (err) {
					showError(messages, err);
				} finally {
					toggle.disabled = false;
				}
			} else {
				more.hidden = loaded >= total;
			}
		});
		const facts = [
			h('span', { class: 'mono', text: u.code }),
			h('span', { i18n: `staff.level.${u.level}` }),
			u.office_hours && h('span', {}, h('span', { i18n: 'staff.admin.units.hours' }), ': ', u.office_hours),
			u.cutoff && h('span', {}, h('span', { i18n: 'staff.admin.units.cutoff' }), ': ', u.cutoff),
			u.valid_to && h('span', { class: 'badge badge--none' }, h('span', { i18n: 'staff.admin.units.valid_to' }), ' ', formatDate(u.valid_to)),
			u.successor && h('span', {}, h('span', { i18n: 'staff.admin.units.successor' }), ': ', h('span', { class: 'mono', text: u.successor })),
		];
		return h('li', { class: 'unit-tree__item' },
			h('div', { class: 'unit-tree__line' }, toggle,
				h('div', {},
					h('span', { class: 'unit-tree__name', lang: 'vi', text: u.name }),
					h('span', { class: 'meta' }, facts))),
			children, more);
	}

	async function loadTree() {
		const roots = await get('/api/v1/units', { query: { level: 'province', per_page: PER_PAGE } });
		const list = h('ul', { class: 'unit-tree__root' }, roots.items.map(node));
		replace(treeBox, list);
		// The province is opened at once: its departments, centres and communes.
		const first = list.querySelector('.tree-toggle');
		if (first)
			first.click();
	}

	// ---------- add a unit ----------

	function addForm() {
		const inputs = {
			code: h('input', { id: 'unit-code', class: 'mono input-short', autocomplete: 'off', spellcheck: 'false' }),
			name: h('input', { id: 'unit-name', autocomplete: 'off' }),
			level: select([{ value: '', key: 'staff.admin.units.choose_level' },
				...LEVELS.map((l) => ({ value: l, key: `staff.level.${l}` }))], { id: 'unit-level', class: 'input-short' }),
			parent: h('input', { id: 'unit-parent', class: 'mono input-short', autocomplete: 'off', spellcheck: 'false' }),
		};
		const submit = h('button', { type: 'submit', class: 'btn btn--primary', i18n: 'staff.admin.units.add_submit' });
		const msg = h('div');
		const form = h('form', { class: 'card narrow-wide', id: 'unit-form', novalidate: true },
			h('h2', { class: 'card__title', i18n: 'staff.admin.units.add' }),
			field({ label: 'staff.admin.units.code', hint: 'staff.admin.units.code_hint', input: inputs.code, required: true }),
			field({ label: 'staff.admin.units.name', input: inputs.name, required: true }),
			field({ label: 'staff.admin.units.level', input: inputs.level, required: true }),
			field({ label: 'staff.admin.units.parent', hint: 'staff.admin.units.parent_hint', input: inputs.parent }),
			msg, h('div', { class: 'form-actions' }, submit));
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			replace(msg);
			const v = {
				code: inputs.code.value.trim(), name: inputs.name.value.trim(), level: inputs.level.value,
				parent: inputs.parent.value.trim(),
			};
			const ok = [
				setFieldError(inputs.code, UNIT_RE.test(v.code) ? null : 'staff.v.unit_code'),
				setFieldError(inputs.name, !v.name ? 'staff.v.required' : bytes(v.name) > 256 ? 'staff.v.too_long' : null),
				setFieldError(inputs.level, v.level ? null : 'staff.v.required'),
				setFieldError(inputs.parent, v.parent ? (UNIT_RE.test(v.parent) ? null : 'staff.v.unit_code')
					: (v.level && v.level !== 'province' ? 'staff.admin.units.parent_required' : null)),
			].every(Boolean);
			if (!ok) {
				focusFirstInvalid(form);
				return;
			}
			await busy(submit, 'staff.busy', async () => {
				try {
					await post('/api/v1/units', { code: v.code, name: v.name, level: v.level, parent: v.parent || null });
				} catch (err) {
					showError(msg, err);
					return;
				}
				form.reset();
				replace(msg, alertBox('success', t('staff.admin.units.added', { code: v.code })));
				await loadTree();
			});
		});
		return form;
	}

	replace(body, h('section', { 'aria-labelledby': 'tree-heading' },
		h('h2', { id: 'tree-heading', i18n: 'staff.admin.units.tree' }), treeBox),
	addForm());
	await loadTree();
});
