// Procedures and their internal process (/can-bo/quan-tri/thu-tuc,
// administrators; R-CAT-1, R-CAT-2, R-0):
//   /can-bo/quan-tri/thu-tuc?q=&page=       the catalog, searched and paged
//   /can-bo/quan-tri/thu-tuc?code=X          one procedure: its versions, its
//                                            steps, and the edit form; saving
//                                            is PUT /api/v1/procedures/{code},
//                                            which makes a new version
//   /can-bo/quan-tri/thu-tuc?code=X&version=N  an earlier version, read only
// The form's checks mirror the server's (src/store/procedure_json.c,
// src/core/budget.h): 1-16 steps, each with a name, a unit and a budget in
// working hours or days, the budgets adding up to no more than the
// processing time (a working day counts 7.5 h).
import { get, put } from '../api.js';
import { $, h, path, queryParam, replace, withQuery } from '../dom.js';
import { formatDuration, formatMoney, levelLabel } from '../format.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	busy, bytes, field, focusFirstInvalid, pager, requireAdmin, select, setFieldError, stackCells, unitLabel, when,
} from './staff-common.js';

const PER_PAGE = 20;
const STEPS_MAX = 16;
const UNIT_RE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;
const COMMUNE_RE = /^commune:(self|one_stop|justice|economy|social|leader|police)$/;
const STEP_ROLES = ['', 'reception', 'specialist', 'leader', 'return'];
const TIME_UNITS = ['working_days', 'working_hours', 'calendar_days', 'same_day'];
const BASE = '/can-bo/quan-tri/thu-tuc';

/** Office minutes a processing time allows its steps (src/core/budget.h). */
export function capacityMinutes(d) {
	const n = Number(d.amount) || 0;
	switch (d.unit) {
	case 'working_days': return 450 * n;
	case 'working_hours': return 60 * n;
	case 'same_day': return 450;
	case 'calendar_days': return 450 * Math.floor((5 * n) / 7);
	default: return -1;
	}
}

/** Office minutes of a step's budget, or -1 when invalid. */
export function stepMinutes(d) {
	const n = Number(d.amount);
	if (!Number.isInteger(n) || n < 1 || n > 20000)
		return -1;
	return d.unit === 'working_days' ? 450 * n : d.unit === 'working_hours' ? 60 * n : -1;
}

const hours = (min) => formatNumber(Math.round(min / 6) / 10);

startPage({ title: 'staff.admin.procedures.title' }, async ({ user }) => {
	if (!requireAdmin(user, $('#admin-messages')))
		return;
	const body = $('#admin-body');
	const code = queryParam('code');
	if (code && /^[0-9]+(\.[0-9]+)*$/.test(code))
		await detail(code, Number.parseInt(queryParam('version') || '', 10) || null);
	else
		await catalog();

	// ---------- the catalog ----------

	async function catalog() {
		const q = h('input', { type: 'search', id: 'proc-q', autocomplete: 'off', spellcheck: 'false' });
		q.value = queryParam('q') || '';
		let page = Math.max(1, Number.parseInt(queryParam('page') || '1', 10) || 1);
		const status = h('p', { class: 'muted', id: 'proc-status' });
		const listBox = h('div');
		let data = null;
		const form = h('form', { role: 'search', class: 'stack', novalidate: true },
			field({ label: 'staff.admin.procedures.search', hint: 'staff.reception.search_hint', input: q }),
			h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn', i18n: 'staff.admin.procedures.search_submit' })));

		function render() {
			if (!data)
				return;
			status.textContent = tn('staff.admin.procedures.count', data.total);
			replace(listBox, stackCells(h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack' },
				h('caption', { class: 'visually-hidden', i18n: 'staff.admin.procedures.list' }),
				h('thead', {}, h('tr', {}, ['code', 'name', 'field', 'level', 'time', 'version']
					.map((k) => h('th', { scope: 'col', i18n: `staff.admin.procedures.col.${k}` })))),
				h('tbody', {}, data.items.map((p) => h('tr', {},
					h('td', { dataset: { label: t('staff.admin.procedures.col.code') } }, h('span', { class: 'mono nowrap', text: p.code })),
					h('th', { scope: 'row', dataset: { label: t('staff.admin.procedures.col.name') } },
						h('a', { href: withQuery(BASE, { code: p.code }), lang: 'vi', text: p.name })),
					h('td', { lang: 'vi', dataset: { label: t('staff.admin.procedures.col.field') }, text: p.field }),
					h('td', { dataset: { label: t('staff.admin.procedures.col.level') }, text: levelLabel(p.level) }),
					h('td', { dataset: { label: t('staff.admin.procedures.col.time') }, text: formatDuration(p.processing_time) }),
					h('td', { dataset: { label: t('staff.admin.procedures.col.version') }, text: String(p.version) }))))))),
			pager({ page, pages: Math.ceil(data.total / PER_PAGE), go: (p) => { page = p; load(true); } }));
		}

		async function load(push) {
			try {
				data = await get('/api/v1/procedures', { query: { q: q.value.trim(), page, per_page: PER_PAGE } });
			} catch (err) {
				showError(listBox, err);
				return;
			}
			if (push)
				history.replaceState(null, '', withQuery(BASE, { q: q.value.trim(), page: page > 1 ? page : null }));
			render();
			announce(status.textContent);
		}
		form.addEventListener('submit', (e) => {
			e.preventDefault();
			page = 1;
			load(true);
		});
		replace(body, form, h('section', { 'aria-labelledby': 'proc-list-heading' },
			h('h2', { id: 'proc-list-heading', i18n: 'staff.admin.procedures.list' }), status, listBox));
		onLangChange(render);
		await load(false);
	}

	// ---------- one procedure ----------

	async function detail(pcode, version) {
		const [p, versions] = await Promise.all([
			get(path`/api/v1/procedures/${pcode}`, { query: { version } }),
			get(path`/api/v1/procedures/${pcode}/versions`, { query: { per_page: 50 } }),
		]);
		const current = p.current !== false && (!version || versions.items.some((v) => v.version === version && v.current));
		const view = h('div', { id: 'proc-view' });
		const msg = h('div', { id: 'proc-messages', tabindex: '-1' });

		function renderView() {
			replace(view,
				h('div', { class: 'card' },
					h('h2', { class: 'card__title', lang: 'vi', text: p.name }),
					h('p', { class: 'meta' },
						h('span', { class: 'mono', text: p.code }),
						h('span', {}, t('staff.dossier.version', { n: p.version })),
						p.current ? h('span', { class: 'badge badge--ok', i18n: 'staff.admin.procedures.current' })
							: h('span', { class: 'badge badge--none', i18n: 'staff.admin.procedures.old' }),
						h('span', { lang: 'vi', text: p.field }),
						h('span', { text: levelLabel(p.level) })),
					h('dl', { class: 'dl' },
						h('dt', { i18n: 'staff.admin.procedures.col.time' }), h('dd', { text: formatDuration(p.processing_time) }),
						h('dt', { i18n: 'staff.admin.procedures.competent' }), h('dd', {}, p.competent_unit ? unitLabel(p.competent_unit) : '—'),
						h('dt', { i18n: 'staff.admin.procedures.fee' }), h('dd', {},
							p.fees && p.fees.amount_vnd !== null && p.fees.amount_vnd !== undefined ? formatMoney(p.fees.amount_vnd) : '—'),
						h('dt', { i18n: 'staff.admin.procedures.result' }), h('dd', { lang: 'vi', text: p.result ? p.result.name : '—' }),
						h('dt', { i18n: 'staff.admin.procedures.components' }), h('dd', {},
							h('ul', { class: 'plain-list' }, (p.components || []).map((c) => h('li', {},
								h('span', { lang: 'vi', text: c.name }),
								c.required !== false && [' ', h('span', { class: 'req', i18n: 'staff.component.required' })])))))),
				h('h2', { i18n: 'staff.admin.procedures.steps' }),
				h('ol', { class: 'timeline' }, (p.steps || []).map((s) => h('li', {},
					h('h3', { class: 'step-title', lang: 'vi', text: s.name }),
					h('p', { class: 'meta' },
						s.unit && s.unit.startsWith('commune:') ? h('span', { class: 'mono', text: s.unit }) : unitLabel(s.unit, { withCode: false }),
						s.unit_role && h('span', { i18n: `staff.step_role.${s.unit_role}` }),
						h('span', { text: formatDuration(s.duration) })),
					s.produces && h('p', { class: 'small', lang: 'vi', text: s.produces })))),
				h('h2', { i18n: 'staff.admin.procedures.versions' }),
				h('ul', { class: 'plain-list versions' }, versions.items.map((v) => h('li', {},
					v.version === p.version ? h('strong', {}, t('staff.dossier.version', { n: v.version }))
						: h('a', { href: withQuery(BASE, { code: pcode, version: v.current ? null : v.version }) }, t('staff.dossier.version', { n: v.version })),
					' — ', when(v.created_at),
					v.current && [' ', h('span', { class: 'badge badge--ok', i18n: 'staff.admin.procedures.current' })]))));
		}

		replace(body,
			h('p', { class: 'no-print' }, h('a', { href: BASE, i18n: 'staff.admin.procedures.back' })),
			msg, view, current ? editForm(p, msg) : alertBox('info', h('span', { i18n: 'staff.admin.procedures.read_only' })));
		renderView();
		onLangChange(renderView);
	}

	// ---------- the edit form ----------

	function editForm(p, msg) {
		const commune = p.level === 'commune';
		const name = h('input', { id: 'ed-name', autocomplete: 'off' });
		name.value = p.name;
		const amount = h('input', { id: 'ed-amount', inputmode: 'numeric', class: 'input-short', autocomplete: 'off' });
		amount.value = String(p.processing_time.amount);
		const unit = select(TIME_UNITS.map((u) => ({ value: u, key: `staff.time_unit.${u}` })), { id: 'ed-unit', class: 'input-short' });
		unit.value = p.processing_time.unit;
		const fee = h('input', { id: 'ed-fee', inputmode: 'numeric', class: 'input-short', autocomplete: 'off' });
		fee.value = p.fees && p.fees.amount_vnd !== null && p.fees.amount_vnd !== undefined ? String(p.fees.amount_vnd) : '';
		const result = h('input', { id: 'ed-result', autocomplete: 'off' });
		result.value = p.result ? p.result.name : '';
		const stepsBox = h('ol', { class: 'step-editor', id: 'step-editor' });
		const budget = h('p', { class: 'budget', id: 'budget-status' });
		const budgetErr = h('p', { class: 'field-error', id: 'budget-error', hidden: true });
		const addStep = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.admin.procedures.add_step' });
		const submit = h('button', { type: 'submit', class: 'btn btn--primary', i18n: 'staff.admin.procedures.save' });
		const err = h('div');
		let seq = 0;

		function stepRow(s) {
			seq += 1;
			const n = seq;
			const sName = h('input', { id: `st-${n}-name`, class: 'st-name', autocomplete: 'off' });
			sName.value = s.name || '';
			const sUnit = h('input', { id: `st-${n}-unit`, class: 'st-unit mono', autocomplete: 'off', spellcheck: 'false' });
			sUnit.value = s.unit || '';
			const sRole = select(STEP_ROLES.map((r) => ({ value: r, key: r ? `staff.step_role.${r}` : 'staff.step_role.none' })),
				{ id: `st-${n}-role`, class: 'st-role' });
			sRole.value = s.unit_role || '';
			const sAmount = h('input', { id: `st-${n}-amount`, class: 'st-amount input-short', inputmode: 'numeric', autocomplete: 'off' });
			sAmount.value = s.duration ? String(s.duration.amount) : '1';
			const sDunit = select(['working_hours', 'working_days'].map((u) => ({ value: u, key: `staff.time_unit.${u}` })),
				{ id: `st-${n}-dunit`, class: 'st-dunit input-short' });
			sDunit.value = s.duration ? s.duration.unit : 'working_days';
			const sProduces = h('input', { id: `st-${n}-produces`, class: 'st-produces', autocomplete: 'off' });
			sProduces.value = s.produces || '';
			const up = h('button', { type: 'button', class: 'btn btn--small st-up', i18n: 'staff.admin.procedures.up' });
			const down = h('button', { type: 'button', class: 'btn btn--small st-down', i18n: 'staff.admin.procedures.down' });
			const remove = h('button', { type: 'button', class: 'btn btn--small btn--link st-remove', i18n: 'staff.admin.procedures.remove_step' });
			const legend = h('legend', { class: 'st-legend' });
			const li = h('li', { class: 'step-edit' }, h('fieldset', {}, legend,
				h('div', { class: 'form-grid' },
					field({ label: 'staff.admin.procedures.step_name', input: sName, required: true, extraClass: 'span-2' }),
					field({ label: 'staff.admin.procedures.step_unit', hint: commune ? 'staff.admin.procedures.step_unit_commune' : 'staff.admin.procedures.step_unit_hint', input: sUnit, required: true }),
					field({ label: 'staff.admin.procedures.step_role', input: sRole }),
					field({ label: 'staff.admin.procedures.step_amount', input: sAmount, required: true }),
					field({ label: 'staff.admin.procedures.step_dunit', input: sDunit }),
					field({ label: 'staff.admin.procedures.step_produces', input: sProduces, extraClass: 'span-2' })),
				h('div', { class: 'cluster' }, up, down, remove)));
			li.read = () => {
				const out = {
					...s, name: sName.value.trim(), unit: sUnit.value.trim(),
					duration: { amount: Number(sAmount.value.trim()), unit: sDunit.value },
				};
				if (sRole.value)
					out.unit_role = sRole.value;
				else
					delete out.unit_role;
				if (sProduces.value.trim())
					out.produces = sProduces.value.trim();
				else
					delete out.produces;
				return out;
			};
			li.check = () => {
				const v = li.read();
				const unitOk = UNIT_RE.test(v.unit) || (commune && COMMUNE_RE.test(v.unit));
				return [
					setFieldError(sName, !v.name ? 'staff.v.required' : bytes(v.name) > 512 ? 'staff.v.too_long' : null),
					setFieldError(sUnit, unitOk ? null : commune ? 'staff.admin.procedures.unit_commune_invalid' : 'staff.v.unit_code'),
					setFieldError(sAmount, stepMinutes(v.duration) > 0 ? null : 'staff.admin.procedures.amount_invalid'),
					setFieldError(sProduces, bytes(v.produces || '') > 2048 ? 'staff.v.too_long' : null),
				].every(Boolean);
			};
			up.addEventListener('click', () => {
				if (li.previousElementSibling) {
					stepsBox.insertBefore(li, li.previousElementSibling);
					renumber();
					up.focus();
				}
			});
			down.addEventListener('click', () => {
				if (li.nextElementSibling) {
					stepsBox.insertBefore(li.nextElementSibling, li);
					renumber();
					down.focus();
				}
			});
			remove.addEventListener('click', () => {
				const next = li.nextElementSibling || li.previousElementSibling;
				li.remove();
				renumber();
				(next ? next.querySelector('.st-remove') : addStep).focus();
			});
			for (const x of [sAmount, sDunit])
				x.addEventListener('input', updateBudget);
			return li;
		}

		function rows() {
			return [...stepsBox.children];
		}

		function renumber() {
			const all = rows();
			all.forEach((li, i) => {
				const label = t('staff.admin.procedures.step_n', { n: i + 1 });
				li.querySelector('.st-legend').textContent = label;
				li.querySelector('.st-up').disabled = i === 0;
				li.querySelector('.st-down').disabled = i === all.length - 1;
				for (const b of li.querySelectorAll('.st-up, .st-down, .st-remove'))
					b.setAttribute('aria-label', `${t(b.dataset.i18n)} — ${label}`);
			});
			addStep.disabled = all.length >= STEPS_MAX;
			updateBudget();
		}

		function totals() {
			const cap = capacityMinutes({ amount: Number(amount.value), unit: unit.value });
			const total = rows().reduce((s, li) => s + Math.max(0, stepMinutes(li.read().duration)), 0);
			return { cap, total };
		}

		function updateBudget() {
			const { cap, total } = totals();
			budget.textContent = t('staff.admin.procedures.budget', { total: hours(total), cap: cap >= 0 ? hours(cap) : '—' });
			budget.classList.toggle('budget--over', cap >= 0 && total > cap);
		}

		for (const s of p.steps || [])
			stepsBox.append(stepRow(s));
		addStep.addEventListener('click', () => {
			const li = stepRow({ name: '', unit: '', duration: { amount: 1, unit: 'working_days' } });
			stepsBox.append(li);
			renumber();
			li.querySelector('input').focus();
		});
		for (const x of [amount, unit])
			x.addEventListener('input', updateBudget);
		renumber();
		onLangChange(renumber);

		const form = h('form', { class: 'card proc-edit', id: 'proc-edit', novalidate: true },
			h('h2', { class: 'card__title', i18n: 'staff.admin.procedures.edit' }),
			h('p', { class: 'hint', i18n: 'staff.admin.procedures.edit_hint' }),
			field({ label: 'staff.admin.procedures.col.name', input: name, required: true }),
			h('div', { class: 'form-grid' },
				field({ label: 'staff.admin.procedures.time_amount', input: amount, required: true }),
				field({ label: 'staff.admin.procedures.time_unit', input: unit, required: true }),
				field({ label: 'staff.admin.procedures.fee', hint: 'staff.admin.procedures.fee_hint', input: fee })),
			field({ label: 'staff.admin.procedures.result', input: result, required: true }),
			h('h3', { i18n: 'staff.admin.procedures.steps' }),
			budget, budgetErr, stepsBox, addStep,
			err, h('div', { class: 'form-actions' }, submit));

		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			replace(err);
			const n = Number(amount.value.trim());
			const feeText = fee.value.replace(/[\s.,]/g, '');
			const checks = [
				setFieldError(name, !name.value.trim() ? 'staff.v.required' : bytes(name.value.trim()) > 512 ? 'staff.v.too_long' : null),
				setFieldError(amount, Number.isInteger(n) && n >= (unit.value === 'same_day' ? 0 : 1) && n <= 20000 ? null : 'staff.admin.procedures.amount_invalid'),
				setFieldError(fee, !feeText || /^\d{1,13}$/.test(feeText) ? null : 'staff.admin.procedures.fee_invalid'),
				setFieldError(result, !result.value.trim() ? 'staff.v.required' : bytes(result.value.trim()) > 2048 ? 'staff.v.too_long' : null),
				...rows().map((li) => li.check()),
			];
			const { cap, total } = totals();
			let budgetKey = null;
			if (rows().length === 0)
				budgetKey = 'staff.admin.procedures.steps_required';
			else if (cap >= 0 && total > cap)
				budgetKey = 'staff.admin.procedures.over_budget';
			budgetErr.hidden = !budgetKey;
			budgetErr.textContent = budgetKey ? t(budgetKey) : '';
			if (!checks.every(Boolean) || budgetKey) {
				if (budgetKey && checks.every(Boolean))
					addStep.focus();
				else
					focusFirstInvalid(form);
				return;
			}
			const next = { ...p };
			delete next.version;
			delete next.current;
			delete next.created_at;
			next.name = name.value.trim();
			next.processing_time = { ...p.processing_time, amount: n, unit: unit.value };
			next.fees = { ...(p.fees || {}), amount_vnd: feeText ? Number(feeText) : null };
			next.result = { ...(p.result || {}), name: result.value.trim() };
			next.steps = rows().map((li) => li.read());
			await busy(submit, 'staff.busy', async () => {
				let saved;
				try {
					saved = await put(path`/api/v1/procedures/${p.code}`, next);
				} catch (ex) {
					showError(err, ex);
					return;
				}
				// The page again, with the new version and a word about it.
				sessionStorage.setItem('motcua.staff.saved', String(saved.version));
				location.assign(withQuery(BASE, { code: p.code }));
			});
		});
		const saved = sessionStorage.getItem('motcua.staff.saved');
		if (saved) {
			sessionStorage.removeItem('motcua.staff.saved');
			replace(msg, alertBox('success', t('staff.admin.procedures.saved', { n: saved })));
			setTimeout(() => msg.focus(), 0);
		}
		return form;
	}
});
