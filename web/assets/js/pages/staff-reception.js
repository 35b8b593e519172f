// Counter reception in one screen (/can-bo/tiep-nhan, receiving officers):
// pick the procedure (search as you type), enter the applicant, tick the
// components received (the required ones marked; an optional scan of each,
// R-DIG-1), receive: POST /api/v1/dossiers {channel: "counter", receive:
// true} → the code, the due date, the tracking key and the receipt (form 01,
// GET /api/v1/dossiers/{code}/papers/receipt.pdf).
//
// ?thu-tuc=CODE preselects a procedure.
//
// Not here: looking up the applicant's earlier dossiers by ID number: the
// API has no search of dossiers by applicant (docs/web.md, the API gaps).
import { get, post, upload } from '../api.js';
import { $, debounce, h, path, queryParam, replace } from '../dom.js';
import { formatDateTime, formatDuration, formatMoney } from '../format.js';
import { onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	busy, bytes, field, fileProblem, focusFirstInvalid, idNumberProblem, phoneProblem, safeFileName,
	serverNow, setFieldError, setGroupError, taxCodeProblem, unitInfo, unitLabel, when,
} from './staff-common.js';

const SEARCH_SIZE = 8;

startPage({ title: 'staff.reception.title' }, async ({ user }) => {
	const form = $('#reception-form');
	const units = [...new Set((user.roles || []).filter((g) => g.role === 'receiver').map((g) => g.unit))];
	if (units.length === 0) {
		form.hidden = true;
		replace($('#reception-messages'), alertBox('info', h('span', { i18n: 'staff.reception.not_receiver' })));
		return;
	}
	const now = await serverNow();
	let proc = null;

	// ---------- the procedure ----------

	const q = h('input', { type: 'search', id: 'proc-q', autocomplete: 'off', spellcheck: 'false' });
	const results = h('ul', { class: 'results proc-results', id: 'proc-results' });
	const status = h('p', { class: 'muted', id: 'proc-status', 'aria-live': 'polite' });
	const picker = h('div', { class: 'proc-picker' },
		field({ label: 'staff.reception.search', hint: 'staff.reception.search_hint', input: q, required: true }),
		status, results);
	replace($('#proc-picker'), picker);

	let searchSeq = 0;
	async function search() {
		const seq = ++searchSeq;
		const text = q.value.trim();
		try {
			const r = await get('/api/v1/procedures', { query: { q: text, per_page: SEARCH_SIZE } });
			if (seq !== searchSeq)
				return;
			status.textContent = r.total === 0 ? t('staff.reception.no_match')
				: tn('staff.reception.found', r.total, { shown: Math.min(r.total, SEARCH_SIZE) });
			replace(results, r.items.map((p) => h('li', {},
				h('button', {
					type: 'button', class: 'proc-option', dataset: { code: p.code },
					on: { click: () => choose(p.code) },
				},
				h('span', { class: 'proc-option__name', lang: 'vi', text: p.name }),
				h('span', { class: 'meta' }, h('span', { class: 'mono', text: p.code }),
					h('span', { text: formatDuration(p.processing_time) }))))));
		} catch (err) {
			if (seq === searchSeq)
				showError(status, err);
		}
	}
	q.addEventListener('input', debounce(search, 250));
	q.addEventListener('keydown', (e) => {
		if (e.key === 'Enter') {
			e.preventDefault(); // Enter searches, it does not submit the reception
			search();
		}
	});

	function renderSelected() {
		const box = $('#proc-selected');
		if (!proc) {
			replace(box);
			picker.hidden = false;
			return;
		}
		picker.hidden = true;
		const counter = (proc.channels || []).includes('counter');
		const change = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.reception.change' });
		change.addEventListener('click', () => {
			proc = null;
			renderSelected();
			renderComponents();
			q.focus();
		});
		replace(box, h('div', { class: 'proc-chosen', id: 'proc-chosen', tabindex: '-1' },
			h('p', { class: 'proc-chosen__name' }, h('strong', { lang: 'vi', text: proc.name })),
			h('p', { class: 'meta' },
				h('span', { class: 'mono', text: proc.code }),
				h('span', {}, `${t('proc.time')}: ${formatDuration(proc.processing_time)}`),
				proc.fees && proc.fees.amount_vnd !== null && proc.fees.amount_vnd !== undefined &&
					h('span', {}, `${t('staff.reception.fee')}: ${formatMoney(proc.fees.amount_vnd)}`),
				h('span', {}, h('span', { i18n: 'staff.reception.competent' }), ': ', unitLabel(proc.competent_unit, { withCode: false }))),
			!counter && alertBox('warning', h('span', { i18n: 'staff.reception.no_counter' })),
			change));
	}

	async function choose(code) {
		try {
			proc = await get(path`/api/v1/procedures/${code}`);
		} catch (err) {
			showError(status, err);
			return;
		}
		setFieldError(q, null);
		renderSelected();
		renderComponents();
		$('#proc-chosen').focus();
		announce(proc.name);
	}

	// ---------- the applicant ----------

	const kindCitizen = h('input', { type: 'radio', name: 'kind', id: 'kind-citizen', value: 'citizen', checked: true });
	const kindOrg = h('input', { type: 'radio', name: 'kind', id: 'kind-org', value: 'organization' });
	const kindSet = h('fieldset', { class: 'kind-set' },
		h('legend', { i18n: 'staff.applicant.kind' }),
		h('div', { class: 'cluster' },
			h('div', { class: 'check' }, kindCitizen, h('label', { for: 'kind-citizen', i18n: 'staff.applicant.citizen' })),
			h('div', { class: 'check' }, kindOrg, h('label', { for: 'kind-org', i18n: 'staff.applicant.organization' }))));
	const inputs = {
		name: h('input', { id: 'ap-name', autocomplete: 'off' }),
		id: h('input', { id: 'ap-id', inputmode: 'numeric', autocomplete: 'off', maxlength: '12', spellcheck: 'false', class: 'mono input-short' }),
		tax: h('input', { id: 'ap-tax', autocomplete: 'off', maxlength: '14', spellcheck: 'false', class: 'mono input-short' }),
		phone: h('input', { id: 'ap-phone', type: 'tel', autocomplete: 'off', class: 'input-short' }),
		email: h('input', { id: 'ap-email', type: 'email', autocomplete: 'off' }),
		address: h('input', { id: 'ap-address', autocomplete: 'off' }),
	};
	const wraps = {
		name: field({ label: 'staff.applicant.name', input: inputs.name, required: true }),
		id: field({ label: 'staff.applicant.id_number', hint: 'staff.applicant.id_hint', input: inputs.id, required: true }),
		tax: field({ label: 'staff.applicant.tax_code', hint: 'staff.applicant.tax_hint', input: inputs.tax, required: true }),
		phone: field({ label: 'staff.applicant.phone', hint: 'staff.applicant.phone_hint', input: inputs.phone, required: true }),
		email: field({ label: 'staff.applicant.email', input: inputs.email }),
		address: field({ label: 'staff.applicant.address', input: inputs.address }),
	};
	const citizen = () => kindCitizen.checked;
	const syncKind = () => {
		wraps.id.hidden = !citizen();
		wraps.tax.hidden = citizen();
		setFieldError(citizen() ? inputs.tax : inputs.id, null);
	};
	kindCitizen.addEventListener('change', syncKind);
	kindOrg.addEventListener('change', syncKind);
	syncKind();
	replace($('#applicant-fields'), kindSet, h('div', { class: 'form-grid' },
		wraps.name, wraps.id, wraps.tax, wraps.phone, wraps.email, wraps.address));

	const checks = {
		name: (v) => (!v ? 'staff.v.required' : bytes(v) > 200 ? 'staff.v.name_long' : null),
		id: (v) => (!v ? 'staff.v.required' : idNumberProblem(v, now)),
		tax: (v) => (!v ? 'staff.v.required' : taxCodeProblem(v, now)),
		phone: (v) => phoneProblem(v),
		email: (v) => (v && (!v.includes('@') || bytes(v) > 254) ? 'staff.v.email_format' : null),
		address: (v) => (bytes(v) > 500 ? 'staff.v.address_long' : null),
	};
	const value = (k) => (k === 'id' || k === 'tax' ? inputs[k].value.replace(/\s/g, '') : inputs[k].value.trim());
	const active = () => ['name', citizen() ? 'id' : 'tax', 'phone', 'email', 'address'];
	// Inline validation: a field is checked when left, and again as it is corrected.
	for (const k of Object.keys(inputs)) {
		inputs[k].addEventListener('blur', () => {
			if (inputs[k].value.trim())
				setFieldError(inputs[k], checks[k](value(k)));
		});
		inputs[k].addEventListener('input', () => {
			if (inputs[k].getAttribute('aria-invalid') === 'true')
				setFieldError(inputs[k], checks[k](value(k)));
		});
	}

	// ---------- the components ----------

	let compSet = null;

	function renderComponents() {
		const box = $('#components');
		compSet = null;
		if (!proc) {
			replace(box, h('p', { class: 'muted', i18n: 'staff.reception.pick_first' }));
			return;
		}
		const comps = proc.components || [];
		if (comps.length === 0) {
			replace(box, h('p', { class: 'muted', i18n: 'staff.component.none' }));
			return;
		}
		const rows = comps.map((c, i) => {
			const cb = h('input', { type: 'checkbox', id: `comp-${i}`, value: c.name, dataset: { required: c.required !== false ? '1' : '' } });
			const scan = h('input', { type: 'file', id: `comp-${i}-scan`, accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg' });
			const scanField = field({ label: 'staff.reception.scan', input: scan, extraClass: 'scan-field' });
			return h('li', { class: 'recv-component' },
				h('div', { class: 'check' }, cb, h('label', { for: cb.id },
					h('span', { lang: 'vi', text: c.name }),
					c.required !== false && [' ', h('span', { class: 'req', i18n: 'staff.component.required' })],
					h('span', { class: 'muted small recv-component__facts' },
						c.form && h('span', { i18n: `staff.component.form.${c.form}` }),
						c.count && h('span', {}, ` × ${c.count}`)))),
				scanField);
		});
		compSet = h('fieldset', { class: 'checklist', id: 'components-set' },
			h('legend', { i18n: 'staff.reception.received' }),
			h('p', { class: 'hint', i18n: 'staff.reception.components_hint' }),
			h('span', { class: 'field-error', hidden: true }),
			h('ul', { class: 'recv-components' }, rows));
		// A group marked invalid is checked again as it is corrected.
		compSet.addEventListener('change', () => {
			if (compSet.getAttribute('aria-invalid') === 'true') {
				const missing = [...compSet.querySelectorAll('input[type="checkbox"]')].some((cb) => cb.dataset.required && !cb.checked);
				setGroupError(compSet, missing ? 'error.components_missing' : null);
			}
		});
		replace(box, compSet);
	}

	// ---------- the receiving unit ----------

	let unitSelect = null;
	if (units.length > 1) {
		unitSelect = h('select', { id: 'reception-unit-select' }, units.map((u) => {
			const o = h('option', { value: u, text: u });
			unitInfo(u).then((x) => {
				if (x)
					o.textContent = `${x.short_name || x.name} (${u})`;
			});
			return o;
		}));
		replace($('#reception-unit'), field({ label: 'staff.reception.unit', input: unitSelect, required: true }));
	} else {
		replace($('#reception-unit'), h('p', {}, h('span', { i18n: 'staff.reception.unit' }), ': ', unitLabel(units[0])));
	}

	// ---------- receive ----------

	function validate() {
		const errors = [];
		if (!proc) {
			setFieldError(q, 'staff.reception.pick_required');
			errors.push(q);
		} else if (!(proc.channels || []).includes('counter')) {
			errors.push(null);
		}
		for (const k of active()) {
			if (!setFieldError(inputs[k], checks[k](value(k))))
				errors.push(inputs[k]);
		}
		if (compSet) {
			const missing = [...compSet.querySelectorAll('input[type="checkbox"]')]
				.filter((cb) => cb.dataset.required && !cb.checked);
			let bad = null;
			for (const cb of compSet.querySelectorAll('input[type="checkbox"]')) {
				const scan = $(`#${cb.id}-scan`);
				const file = scan.files[0];
				const problem = file && !cb.checked ? 'staff.reception.scan_unticked' : fileProblem(file);
				if (!setFieldError(scan, problem))
					bad = bad || scan;
			}
			if (!setGroupError(compSet, missing.length ? 'error.components_missing' : null))
				errors.push(missing[0]);
			if (bad)
				errors.push(bad);
		}
		return errors;
	}

	const submit = $('#reception-submit');
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		replace($('#reception-errors'));
		const errors = validate();
		if (errors.length) {
			replace($('#reception-errors'), alertBox('error', h('span', { i18n: 'staff.reception.check_errors' })));
			const first = errors.find(Boolean);
			if (first)
				first.focus();
			else
				focusFirstInvalid(form);
			return;
		}
		const applicant = { kind: citizen() ? 'citizen' : 'organization', name: value('name'), phone: value('phone') };
		if (citizen())
			applicant.id_number = value('id');
		else
			applicant.tax_code = value('tax');
		if (value('email'))
			applicant.email = value('email');
		if (value('address'))
			applicant.address = value('address');
		const ticked = [...compSet.querySelectorAll('input[type="checkbox"]:checked')];
		const body = {
			procedure: proc.code, channel: 'counter', receiving_unit: unitSelect ? unitSelect.value : units[0],
			applicant, components: ticked.map((cb) => cb.value), receive: true,
		};
		await busy(submit, 'staff.busy', async () => {
			let d;
			try {
				d = await post('/api/v1/dossiers', body);
			} catch (err) {
				showError($('#reception-errors'), err);
				const fieldOf = { invalid_id_number: inputs.id, invalid_tax_code: inputs.tax, components_missing: null };
				if (fieldOf[err.code])
					fieldOf[err.code].focus();
				return;
			}
			// The scans of the paper components (R-DIG-1).
			const failed = [];
			for (const cb of ticked) {
				const file = $(`#${cb.id}-scan`).files[0];
				if (!file)
					continue;
				const idx = cb.id.split('-')[1];
				try {
					await upload(path`/api/v1/dossiers/${d.code}/files/${safeFileName(file.name, `tp${Number(idx) + 1}-`)}`, file);
				} catch (err) {
					if (err.redirecting)
						return;
					failed.push(file.name);
				}
			}
			showResult(d, failed);
		});
	});

	let result = null;
	function renderResult() {
		if (!result)
			return;
		const { d, failed } = result;
		const again = h('button', { type: 'button', class: 'btn', i18n: 'staff.reception.again' });
		again.addEventListener('click', reset);
		replace($('#reception-result'), h('div', { class: 'alert alert--success reception-done', role: 'status' },
			h('h2', { class: 'card__title', i18n: 'staff.reception.done' }),
			h('dl', { class: 'dl' },
				h('dt', { i18n: 'staff.reception.code' }), h('dd', {}, h('strong', { class: 'mono received-code', id: 'received-code', text: d.code })),
				h('dt', { i18n: 'staff.reception.due' }), h('dd', {}, when(d.due_at)),
				h('dt', { i18n: 'staff.reception.key' }), h('dd', {}, h('span', { class: 'mono', text: d.tracking_key })),
				h('dt', { i18n: 'staff.dossier.applicant' }), h('dd', { lang: 'vi', text: d.applicant ? d.applicant.name : '' })),
			failed.length > 0 && h('p', { class: 'alert alert--warning', role: 'alert' }, t('staff.reception.scan_failed', { names: failed.join(', ') })),
			h('p', { class: 'cluster' },
				h('a', { class: 'btn btn--primary', id: 'receipt-link', href: path`/api/v1/dossiers/${d.code}/papers/receipt.pdf`, target: '_blank', rel: 'noopener' },
					h('span', { i18n: 'staff.reception.receipt' }), h('span', { class: 'visually-hidden', i18n: 'staff.new_window' })),
				h('a', { class: 'btn', href: path`/can-bo/ho-so/${d.code}`, i18n: 'staff.reception.open' }),
				again)));
	}

	function showResult(d, failed) {
		result = { d, failed };
		form.hidden = true;
		renderResult();
		$('#reception-result').focus();
		announce(`${t('staff.reception.done')} ${d.code} — ${formatDateTime(d.due_at)}`);
	}

	function reset() {
		result = null;
		replace($('#reception-result'));
		form.reset();
		for (const k of Object.keys(inputs))
			setFieldError(inputs[k], null);
		syncKind();
		proc = null;
		renderSelected();
		renderComponents();
		replace(results);
		status.textContent = '';
		form.hidden = false;
		q.focus();
	}

	onLangChange(() => {
		renderSelected();
		renderResult();
		if (q.value.trim() && !proc)
			search();
	});

	const pre = queryParam('thu-tuc');
	if (pre && /^[0-9]+(\.[0-9]+)*$/.test(pre))
		await choose(pre);
	else
		search();
});
