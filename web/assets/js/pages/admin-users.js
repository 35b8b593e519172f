// Users and role grants (/can-bo/quan-tri/nguoi-dung, administrators):
// the staff users, paged (GET /api/v1/users), and a form to add one with
// its roles at units (POST /api/v1/users; R-ORG-3). The API has no way to
// change an existing user's roles or to deactivate a user (docs/web.md,
// the API gaps): grants are made when the user is added.
import { get, post } from '../api.js';
import { $, h, replace } from '../dom.js';
import { roleLabel } from '../format.js';
import { onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	busy, bytes, covers, field, focusFirstInvalid, pager, requireAdmin, select, setFieldError, stackCells, unitLabel, when,
} from './staff-common.js';

const PER_PAGE = 20;
const ROLES = ['receiver', 'specialist', 'leader', 'auditor', 'admin'];
const UNIT_RE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;
const USER_RE = /^[a-z][a-z0-9._-]{2,31}$/;

startPage({ title: 'staff.admin.users.title' }, async ({ user }) => {
	if (!requireAdmin(user, $('#admin-messages')))
		return;
	let page = 1;
	let data = null;
	const listBox = h('div', { id: 'users-list' });
	const status = h('p', { class: 'muted', id: 'users-status' });

	function renderList() {
		if (!data)
			return;
		status.textContent = tn('staff.admin.users.count', data.total);
		replace(listBox, stackCells(h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack' },
			h('caption', { class: 'visually-hidden', i18n: 'staff.admin.users.list' }),
			h('thead', {}, h('tr', {}, ['username', 'full_name', 'roles', 'state', 'created']
				.map((k) => h('th', { scope: 'col', i18n: `staff.admin.users.col.${k}` })))),
			h('tbody', {}, data.items.map((u) => h('tr', {},
				h('th', { scope: 'row', dataset: { label: t('staff.admin.users.col.username') } }, h('span', { class: 'mono', text: u.username })),
				h('td', { lang: 'vi', dataset: { label: t('staff.admin.users.col.full_name') }, text: u.full_name }),
				h('td', { dataset: { label: t('staff.admin.users.col.roles') } },
					h('ul', { class: 'plain-list' }, (u.roles || []).map((g) => h('li', {},
						h('strong', { text: roleLabel(g.role) }), ' — ', unitLabel(g.unit))))),
				h('td', { dataset: { label: t('staff.admin.users.col.state') } },
					h('span', { class: ['badge', u.active ? 'badge--ok' : 'badge--none'], i18n: u.active ? 'staff.admin.users.active' : 'staff.admin.users.inactive' })),
				h('td', { dataset: { label: t('staff.admin.users.col.created') } }, when(u.created_at)))))))),
		pager({ page, pages: Math.ceil(data.total / PER_PAGE), go: async (p) => {
			page = p;
			await load();
			$('#users-heading').focus();
		} }));
	}

	async function load() {
		try {
			data = await get('/api/v1/users', { query: { page, per_page: PER_PAGE } });
			renderList();
			announce(status.textContent);
		} catch (err) {
			showError(listBox, err);
		}
	}

	// ---------- add a user ----------

	function grantRow(grants, onRemove) {
		const n = grants.children.length + 1;
		const role = select(ROLES.map((r) => ({ value: r, key: `role.${r}` })), { id: `grant-role-${n}`, class: 'grant-role' });
		const unit = h('input', { id: `grant-unit-${n}`, class: 'mono grant-unit', autocomplete: 'off', spellcheck: 'false' });
		const remove = h('button', { type: 'button', class: 'btn btn--small btn--link' },
			h('span', { i18n: 'staff.admin.users.remove_grant' }),
			h('span', { class: 'visually-hidden', text: ` ${n}` }));
		const row = h('li', { class: 'grant-row' },
			field({ label: 'staff.admin.users.role', input: role }),
			field({ label: 'staff.admin.users.unit', hint: 'staff.admin.users.unit_hint', input: unit }),
			remove);
		remove.addEventListener('click', () => {
			row.remove();
			onRemove();
		});
		return row;
	}

	function addForm() {
		const username = h('input', { id: 'new-username', class: 'mono input-short', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' });
		const fullName = h('input', { id: 'new-full-name', autocomplete: 'off' });
		const password = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', class: 'input-short' });
		const grants = h('ul', { class: 'grants', id: 'grants' });
		const addGrant = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.admin.users.add_grant' });
		const focusAdd = () => addGrant.focus();
		addGrant.addEventListener('click', () => {
			const row = grantRow(grants, focusAdd);
			grants.append(row);
			row.querySelector('select').focus();
		});
		grants.append(grantRow(grants, focusAdd));
		const submit = h('button', { type: 'submit', class: 'btn btn--primary', i18n: 'staff.admin.users.add_submit' });
		const msg = h('div');
		const form = h('form', { class: 'card', id: 'user-form', novalidate: true },
			h('h2', { class: 'card__title', i18n: 'staff.admin.users.add' }),
			h('p', { class: 'hint', i18n: 'staff.admin.users.grants_once' }),
			h('div', { class: 'form-grid' },
				field({ label: 'staff.admin.users.col.username', hint: 'staff.admin.users.username_hint', input: username, required: true }),
				field({ label: 'staff.admin.users.col.full_name', input: fullName, required: true }),
				field({ label: 'staff.admin.users.password', hint: 'staff.admin.users.password_hint', input: password, required: true })),
			h('fieldset', {}, h('legend', { i18n: 'staff.admin.users.col.roles' }), grants, addGrant),
			msg, h('div', { class: 'form-actions' }, submit));

		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			replace(msg);
			const u = username.value.trim();
			const name = fullName.value.trim();
			const checks = [
				setFieldError(username, USER_RE.test(u) ? null : 'staff.admin.users.username_invalid'),
				setFieldError(fullName, !name ? 'staff.v.required' : bytes(name) > 128 ? 'staff.v.too_long' : null),
				setFieldError(password, password.value.length < 10 ? 'staff.admin.users.password_short'
					: bytes(password.value) > 1024 ? 'staff.v.too_long' : null),
			];
			const roles = [];
			for (const row of grants.querySelectorAll('.grant-row')) {
				const unitInput = row.querySelector('.grant-unit');
				const unit = unitInput.value.trim();
				let key = UNIT_RE.test(unit) ? null : 'staff.v.unit_code';
				if (!key && !(await covers(user, 'admin', unit)))
					key = 'staff.admin.users.unit_outside';
				checks.push(setFieldError(unitInput, key));
				roles.push({ role: row.querySelector('.grant-role').value, unit });
			}
			if (!checks.every(Boolean)) {
				focusFirstInvalid(form);
				return;
			}
			await busy(submit, 'staff.busy', async () => {
				try {
					await post('/api/v1/users', { username: u, password: password.value, full_name: name, roles });
				} catch (err) {
					showError(msg, err);
					return;
				}
				form.reset();
				replace(msg, alertBox('success', t('staff.admin.users.added', { username: u })));
				page = 1;
				await load();
			});
		});
		return form;
	}

	replace($('#admin-body'),
		h('section', { 'aria-labelledby': 'users-heading' },
			h('h2', { id: 'users-heading', tabindex: '-1', i18n: 'staff.admin.users.list' }), status, listBox),
		addForm());
	onLangChange(renderList);
	await load();
});
