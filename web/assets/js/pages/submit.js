// Online submission (/nop-ho-so/{code}), in three steps on one page:
//   1. the form: the applicant (a citizen with a 12-digit ID number, or an
//      organisation with a tax code; phone, e-mail, address), the receiving
//      place, and a file for each component. Inline checks mirror the
//      server's (R-ID-1, R-ID-2, the phone's 9-11 digits): a field is checked
//      when the user leaves it, the whole form on "Continue" (an error
//      summary, role="alert", with links to the fields).
//   2. review: everything as it will be sent; "Submit".
//   3. done: POST /api/v1/dossiers (channel online, components = the names
//      of the components sent) → the code and the tracking key; then each
//      file with PUT /api/v1/dossiers/{code}/files/{name}?key=NNNN (the
//      server takes files only once the dossier exists); the code, the key
//      and a link to the tracking page.
//
// The receiving place: for a commune-level procedure the applicant picks a
// commune (GET /api/v1/units?level=commune, filtered here without
// diacritics) and its one-stop unit receives (its child of kind one_stop:
// GET /api/v1/units?parent=CODE); for a province-level procedure, the unit
// of the reception step when it is a one-stop place, else the city's
// public administration service centre.
import { ApiError, errorMessage, get, post, upload } from '../api.js';
import { $, $$, h, path, replace, uid, withQuery } from '../dom.js';
import { formatDuration, statusBadge } from '../format.js';
import { formatNumber, onLangChange, t, tn } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	bytes, codeFromPath, field, fold, getUnit, idNumberError, phoneError, relabelErrors, setDataTitle,
	setFieldError, slug, taxCodeError, trackingKeyOf, validateOnLeave, vi, word,
} from './public-common.js';

const FILE_MAX = 20 * 1024 * 1024;
const FILE_TYPES = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' };
const FILE_EXT = { pdf: 'pdf', png: 'png', jpg: 'jpg', jpeg: 'jpg' };

// ---------- checks ----------

const required = (v) => (v ? null : 'pub.v.required');
const nameCheck = (v) => required(v) || (bytes(v) > 200 ? 'pub.v.too_long' : null);
const idCheck = (v) => required(v) || idNumberError(v.replace(/\s/g, ''));
const taxCheck = (v) => required(v) || taxCodeError(v.replace(/\s/g, ''));
const emailCheck = (v) => (!v ? null : (!/^[^\s@]+@[^\s@]+$/.test(v) || bytes(v) > 254 ? 'pub.v.email' : null));
const addressCheck = (v) => (bytes(v) > 500 ? 'pub.v.too_long' : null);

/** The extension for a chosen file (pdf, png, jpg), or null when not accepted. */
function fileExt(file) {
	if (FILE_TYPES[file.type])
		return FILE_TYPES[file.type];
	const m = /\.([a-z0-9]+)$/i.exec(file.name || '');
	return m ? FILE_EXT[m[1].toLowerCase()] || null : null;
}

function fileError(file) {
	if (!file)
		return 'pub.v.file_required';
	if (!fileExt(file))
		return 'pub.v.file_type';
	if (file.size === 0 || file.size > FILE_MAX)
		return 'pub.v.file_size';
	return null;
}

function formatSize(n) {
	if (n < 1024)
		return `${formatNumber(n)} B`;
	if (n < 1024 * 1024)
		return `${formatNumber(Math.ceil(n / 1024))} KB`;
	return `${formatNumber(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
}

// ---------- the receiving place ----------

/** Every commune in force (paged through; about 115 in Hải Phòng). */
async function loadCommunes() {
	const out = [];
	const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
	for (let page = 1; page <= 10; page++) {
		const r = await get('/api/v1/units', { query: { level: 'commune', per_page: 200, page } });
		out.push(...r.items);
		if (out.length >= r.total || !r.items.length)
			break;
	}
	return out.filter((u) => !u.valid_to || u.valid_to >= today)
		.map((u) => ({ code: u.code, name: u.short_name || u.name, full: u.name, key: fold(`${u.short_name || ''} ${u.name}`) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The one-stop unit of a commune: its child of kind one_stop. */
async function oneStopOf(commune) {
	const r = await get('/api/v1/units', { query: { parent: commune, per_page: 200 } });
	return r.items.find((u) => u.kind === 'one_stop') ||
		r.items.find((u) => u.level === 'service_centre') || null;
}

const isOneStop = (u) => u && (u.level === 'service_centre' || u.kind === 'one_stop');

/** The receiving place of a province-level procedure. */
async function provinceReception(p) {
	const first = (p.steps || [])[0];
	if (first && first.unit && !first.unit.startsWith('commune:')) {
		try {
			const u = await getUnit(first.unit);
			if (isOneStop(u))
				return u;
		} catch {
			// fall back to the city's centre
		}
	}
	const roots = await get('/api/v1/units', { query: { level: 'province', per_page: 10 } });
	for (const root of roots.items) {
		const r = await get('/api/v1/units', { query: { parent: root.code, level: 'service_centre', per_page: 50 } });
		const c = r.items.find((u) => u.kind === 'service_centre') || r.items[0];
		if (c)
			return c;
	}
	return null;
}

// ---------- the page ----------

startPage({ title: 'pub.submit.title' }, async () => {
	const body = $('#submit-body');
	const messages = $('#submit-messages');
	const code = codeFromPath();
	let p;
	try {
		p = await get(path`/api/v1/procedures/${code}`);
	} catch (err) {
		if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
			replace(body, alertBox('error', h('span', { i18n: 'pub.proc.not_found' }), ' ',
				h('span', { class: 'mono break', text: code })));
			$('#submit-steps').hidden = true;
			return;
		}
		throw err;
	}
	$('#back-link').setAttribute('href', path`/thu-tuc/${p.code}`);
	$('#back-link').dataset.i18n = 'pub.submit.back_proc';
	$('#back-link').textContent = t('pub.submit.back_proc');
	replace($('#submit-proc'), vi('span', p.name), ' ', h('span', { class: 'mono muted nowrap', text: `(${p.code})` }));
	setDataTitle(`${t('pub.submit.heading')}: ${p.name}`);
	onLangChange(() => setDataTitle(`${t('pub.submit.heading')}: ${p.name}`));

	if (!(p.channels || []).includes('online')) {
		$('#submit-steps').hidden = true;
		replace(body, alertBox('info', h('span', { i18n: 'pub.proc.no_online' })),
			h('p', {}, h('a', { class: 'btn', href: path`/thu-tuc/${p.code}`, i18n: 'pub.submit.back_proc' })));
		return;
	}

	const commune = p.level === 'commune';
	const form = h('form', { id: 'submit-form', class: 'submit-form', novalidate: true });
	const summary = h('div', { id: 'form-errors' });

	// --- the applicant ---
	const kindName = uid('kind');
	const radio = (value, key) => {
		const id = `kind-${value}`;
		return h('div', { class: 'check' },
			h('input', { type: 'radio', id, name: kindName, value }),
			h('label', { for: id, i18n: key }));
	};
	const kindSet = h('fieldset', { class: 'choice' },
		h('legend', { i18n: 'pub.submit.kind' }),
		radio('citizen', 'pub.submit.kind_citizen'),
		radio('organization', 'pub.submit.kind_org'));
	const defaultKind = (p.subjects || []).includes('citizen') || !(p.subjects || []).length ? 'citizen' : 'organization';
	$(`#kind-${defaultKind}`, kindSet).checked = true;
	const kind = () => $(`input[name="${kindName}"]:checked`, kindSet).value;

	const f = {
		name: field({ id: 'applicant-name', label: 'pub.submit.name_citizen', required: true, attrs: { autocomplete: 'name', maxlength: 200 } }),
		id: field({ id: 'id-number', label: 'pub.submit.id_number', hint: 'pub.submit.id_hint', required: true, attrs: { inputmode: 'numeric', autocomplete: 'off', maxlength: 12, spellcheck: 'false' } }),
		tax: field({ id: 'tax-code', label: 'pub.submit.tax_code', hint: 'pub.submit.tax_hint', required: true, attrs: { autocomplete: 'off', maxlength: 14, spellcheck: 'false' } }),
		phone: field({ id: 'phone', label: 'pub.submit.phone', hint: 'pub.submit.phone_hint', required: true, type: 'tel', attrs: { autocomplete: 'tel', maxlength: 16 } }),
		email: field({ id: 'email', label: 'pub.submit.email', type: 'email', attrs: { autocomplete: 'email', maxlength: 254 } }),
		address: field({ id: 'address', label: 'pub.submit.address', attrs: { autocomplete: 'street-address', maxlength: 500 } }),
	};
	const checks = { name: nameCheck, id: idCheck, tax: taxCheck, phone: phoneError, email: emailCheck, address: addressCheck };
	for (const [k, fn] of Object.entries(checks))
		validateOnLeave(f[k], (v) => fn(v));

	function syncKind() {
		const citizen = kind() === 'citizen';
		f.id.wrap.hidden = !citizen;
		f.tax.wrap.hidden = citizen;
		(citizen ? f.tax : f.id).setError(null);
		const span = f.name.label.firstChild;
		span.dataset.i18n = citizen ? 'pub.submit.name_citizen' : 'pub.submit.name_org';
		span.textContent = t(span.dataset.i18n);
	}
	kindSet.addEventListener('change', syncKind);

	const applicantSet = h('fieldset', {},
		h('legend', { class: 'legend-lg', i18n: 'pub.submit.applicant' }),
		kindSet, f.name.wrap, f.id.wrap, f.tax.wrap, f.phone.wrap, f.email.wrap, f.address.wrap);

	// --- the receiving place ---
	const place = { unit: null, commune: null }; // the receiving unit {code, name}; the commune
	const placeResult = h('p', { id: 'place-result', class: 'place-result', 'aria-live': 'polite' });
	let communeField = null;
	let communeFilter = null;
	let communes = [];
	const placeSet = h('fieldset', { id: 'place' }, h('legend', { class: 'legend-lg', i18n: 'pub.submit.place' }));

	function showPlace() {
		if (place.unit)
			replace(placeResult, h('span', { i18n: 'pub.submit.place_is' }), ' ', vi('strong', place.unit.name));
		else
			replace(placeResult);
	}

	if (commune) {
		communeFilter = field({ id: 'commune-filter', label: 'pub.submit.commune_filter', hint: 'pub.submit.commune_filter_hint', helper: true, type: 'search', attrs: { autocomplete: 'off', spellcheck: 'false' } });
		communeField = field({ id: 'commune', label: 'pub.submit.commune', required: true, tag: 'select' });
		placeSet.append(h('p', { class: 'hint', i18n: 'pub.submit.place_commune_hint' }), communeFilter.wrap, communeField.wrap, placeResult);
		communes = await loadCommunes();
		const fillOptions = () => {
			const q = fold(communeFilter.input.value);
			const chosen = communeField.input.value;
			const shown = communes.filter((c) => !q || c.key.includes(q));
			replace(communeField.input,
				h('option', { value: '', text: t(shown.length ? 'pub.submit.commune_pick' : 'pub.submit.commune_none') }),
				shown.map((c) => h('option', { value: c.code, text: c.name, lang: 'vi', selected: c.code === chosen })));
			return shown.length;
		};
		fillOptions();
		communeFilter.input.addEventListener('input', () => {
			const n = fillOptions();
			announce(tn('pub.submit.commune_count', n));
		});
		// Enter in the filter picks the only match instead of submitting the form.
		communeFilter.input.addEventListener('keydown', (e) => {
			if (e.key === 'Enter') {
				e.preventDefault();
				communeField.input.focus();
			}
		});
		communeField.input.addEventListener('change', async () => {
			const c = communeField.input.value;
			place.unit = null;
			place.commune = c || null;
			showPlace();
			if (!c)
				return;
			try {
				const u = await oneStopOf(c);
				if (communeField.input.value !== c)
					return;
				if (!u) {
					communeField.setError('pub.v.commune_no_one_stop');
					return;
				}
				place.unit = { code: u.code, name: u.name };
				communeField.setError(null);
				showPlace();
			} catch (err) {
				showError(messages, err);
			}
		});
		onLangChange(() => {
			fillOptions();
			showPlace();
		});
	} else {
		const u = await provinceReception(p);
		if (u)
			place.unit = { code: u.code, name: u.name };
		placeSet.append(placeResult);
		showPlace();
		onLangChange(showPlace);
	}

	// --- the components ---
	const comps = (p.components || []).map((c, i) => {
		const n = i + 1;
		const present = c.form === 'present';
		const optional = c.required === false;
		const nameId = `comp-${n}-name`;
		const item = {
			c, n, present, optional, include: null, file: null,
		};
		// An optional component is sent when it has a file; one shown in person, when ticked.
		item.include = optional && present ? h('input', { type: 'checkbox', id: `comp-${n}-include`, 'aria-describedby': nameId }) : null;
		if (!present)
			item.file = field({
				id: `comp-${n}-file`, label: 'pub.submit.file', required: !optional, type: 'file',
				attrs: { accept: 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg' },
			});
		if (item.file) {
			item.file.input.setAttribute('aria-describedby', `${nameId} ${item.file.input.getAttribute('aria-describedby')}`);
			item.file.input.addEventListener('change', () => {
				const file = item.file.input.files[0];
				const key = file ? fileError(file) : null;
				item.file.setError(key);
				if (key)
					announce(t(key));
			});
		}
		item.el = h('li', { class: 'component card' },
			vi('p', c.name, { id: nameId, class: 'component__name' }),
			h('p', { class: 'meta' },
				h('span', { text: word('pub.form', c.form || 'original') }),
				h('span', { text: t('pub.proc.count', { n: c.count || 1 }) }),
				h('span', { class: ['badge', optional ? 'badge--none' : 'badge--status'], i18n: optional ? 'pub.proc.if_any' : 'pub.proc.required' })),
			item.include && h('div', { class: 'check' }, item.include,
				h('label', { for: item.include.id, i18n: 'pub.submit.include_present' })),
			present ? h('p', { class: 'small', i18n: 'pub.submit.present' }) : item.file.wrap);
		return item;
	});
	const included = (it) => !it.optional || (it.include ? it.include.checked : !!it.file.input.files[0]);
	const compSet = h('fieldset', { id: 'components' },
		h('legend', { class: 'legend-lg', i18n: 'pub.proc.components' }),
		comps.length ? h('p', { class: 'hint', i18n: 'pub.submit.files_hint' }) : null,
		comps.length ? h('ol', { class: 'component-list' }, comps.map((it) => it.el))
			: h('p', { i18n: 'pub.submit.no_components' }));

	append(form, summary, applicantSet, placeSet, compSet,
		h('div', { class: 'form-actions' },
			h('button', { type: 'submit', class: 'btn btn--primary', id: 'to-review', i18n: 'pub.submit.continue' })));

	function append(parent, ...kids) {
		parent.append(...kids.filter(Boolean));
	}

	// --- whole-form validation ---
	function validate() {
		const errors = []; // [{ id, key }]
		const check = (fld, key) => {
			setFieldError(fld, key);
			if (key)
				errors.push({ id: fld.input.id, key, label: fld.label.firstChild.dataset.i18n });
		};
		const v = (fld) => fld.input.value.trim();
		check(f.name, nameCheck(v(f.name)));
		if (kind() === 'citizen')
			check(f.id, idCheck(v(f.id)));
		else
			check(f.tax, taxCheck(v(f.tax)));
		check(f.phone, phoneError(v(f.phone)));
		check(f.email, emailCheck(v(f.email)));
		check(f.address, addressCheck(v(f.address)));
		if (communeField) {
			const key = !communeField.input.value ? 'pub.v.commune_required'
				: (!place.unit ? (communeField.error.dataset.key || 'pub.v.commune_wait') : null);
			check(communeField, key);
		}
		for (const it of comps) {
			if (!it.file)
				continue;
			const file = it.file.input.files[0];
			const key = it.optional && !file ? null : fileError(file);
			setFieldError(it.file, key);
			if (key)
				errors.push({ id: it.file.input.id, key, label: 'pub.submit.file_of', params: { n: it.n } });
		}
		return errors;
	}

	let lastErrors = [];
	function renderSummary() {
		if (!lastErrors.length) {
			replace(summary);
			return null;
		}
		const box = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
			h('h2', { id: 'error-summary-title', text: tn('pub.submit.errors', lastErrors.length) }),
			h('ul', {}, lastErrors.map((e) => h('li', {},
				h('a', {
					href: `#${e.id}`,
					on: {
						click: (ev) => {
							ev.preventDefault();
							document.getElementById(e.id).focus();
						},
					},
				}, `${t(e.label, e.params)}: ${t(e.key)}`)))));
		replace(summary, box);
		return box;
	}

	// --- step 2: review ---
	const review = h('section', { id: 'review', class: 'review', hidden: true, 'aria-labelledby': 'review-heading' });
	const done = h('section', { id: 'done', class: 'done', hidden: true, 'aria-labelledby': 'done-heading' });
	replace(body, form, review, done);
	syncKind();

	let draft = null; // what will be sent
	let result = null; // { code, key, status, uploads: [{ it, file, name, state, err }] }

	function collect() {
		const citizen = kind() === 'citizen';
		const v = (fld) => fld.input.value.trim();
		const applicant = {
			kind: citizen ? 'citizen' : 'organization',
			name: v(f.name),
			phone: v(f.phone),
			email: v(f.email),
			address: v(f.address),
		};
		if (citizen)
			applicant.id_number = v(f.id).replace(/\s/g, '');
		else
			applicant.tax_code = v(f.tax).replace(/\s/g, '');
		const sent = comps.filter(included);
		const files = sent.filter((it) => it.file && it.file.input.files[0]).map((it) => {
			const file = it.file.input.files[0];
			return { it, file, name: `tp${String(it.n).padStart(2, '0')}-${slug(it.c.name, 48) || 'tep'}.${fileExt(file)}` };
		});
		return {
			body: {
				procedure: p.code,
				channel: 'online',
				receiving_unit: place.unit && place.unit.code,
				...(commune && place.commune ? { competent_unit: place.commune } : {}),
				applicant,
				components: sent.map((it) => it.c.name),
			},
			place: place.unit,
			sent,
			files,
		};
	}

	function reviewRow(key, ...value) {
		return [h('dt', { i18n: key }), h('dd', {}, ...value)];
	}

	function renderReview() {
		const a = draft.body.applicant;
		const dash = t('pub.none');
		replace(review,
			h('h2', { id: 'review-heading', tabindex: '-1', i18n: 'pub.submit.review_heading' }),
			h('p', { i18n: 'pub.submit.review_lead' }),
			h('h3', { i18n: 'pub.submit.applicant' }),
			h('dl', { class: 'dl' },
				reviewRow('pub.submit.kind', t(a.kind === 'citizen' ? 'pub.submit.kind_citizen' : 'pub.submit.kind_org')),
				reviewRow(a.kind === 'citizen' ? 'pub.submit.name_citizen' : 'pub.submit.name_org', h('span', { text: a.name, class: 'break' })),
				a.kind === 'citizen' ? reviewRow('pub.submit.id_number', h('span', { class: 'mono', text: a.id_number }))
					: reviewRow('pub.submit.tax_code', h('span', { class: 'mono', text: a.tax_code })),
				reviewRow('pub.submit.phone', h('span', { class: 'mono', text: a.phone })),
				reviewRow('pub.submit.email', h('span', { class: 'break', text: a.email || dash })),
				reviewRow('pub.submit.address', h('span', { class: 'break', text: a.address || dash }))),
			h('h3', { i18n: 'pub.submit.place' }),
			h('p', {}, vi('span', draft.place ? draft.place.name : '')),
			h('h3', { i18n: 'pub.proc.components' }),
			draft.sent.length
				? h('ul', { class: 'results review-files' }, draft.sent.map((it) => {
					const fl = draft.files.find((x) => x.it === it);
					return h('li', {},
						vi('p', it.c.name, { class: 'component__name' }),
						h('p', { class: 'meta' }, fl
							? [h('span', { class: 'break', text: fl.file.name }), h('span', { text: formatSize(fl.file.size) })]
							: h('span', { text: t(it.present ? 'pub.submit.present' : 'pub.submit.no_file') })));
				}))
				: h('p', { i18n: 'pub.submit.no_components_sent' }),
			alertBox('info', t('pub.submit.key_note', { key: trackingKeyOf(a.phone) })),
			h('div', { id: 'review-messages' }),
			h('p', { id: 'send-status', class: 'muted', 'aria-live': 'polite' }),
			h('div', { class: 'form-actions' },
				h('button', { type: 'button', class: 'btn', id: 'review-edit', i18n: 'pub.submit.edit', on: { click: () => show('form') } }),
				h('button', { type: 'button', class: 'btn btn--primary', id: 'review-submit', i18n: 'pub.submit.send', on: { click: send } })));
	}

	// --- step 3: done ---
	function renderDone() {
		const failed = result.uploads.filter((u) => u.state !== 'ok');
		const trackUrl = withQuery('/tra-cuu', { code: result.code, key: result.key });
		replace(done,
			h('h2', { id: 'done-heading', tabindex: '-1', i18n: 'pub.submit.done_heading' }),
			alertBox(failed.length ? 'warning' : 'success', t(failed.length ? 'pub.submit.done_partial' : 'pub.submit.done_ok')),
			h('dl', { class: 'dl done__codes' },
				h('dt', { i18n: 'pub.submit.code' }), h('dd', {}, h('span', { class: 'big-code mono', id: 'done-code', text: result.code })),
				h('dt', { i18n: 'pub.submit.key' }), h('dd', {}, h('span', { class: 'big-code mono', id: 'done-key', text: result.key }),
					h('p', { class: 'small muted', i18n: 'pub.submit.key_hint' })),
				h('dt', { i18n: 'pub.track.status' }), h('dd', {}, statusBadge(result.status))),
			h('p', { i18n: 'pub.submit.next' }),
			result.uploads.length ? h('section', { 'aria-labelledby': 'done-files' },
				h('h3', { id: 'done-files', i18n: 'pub.submit.files' }),
				h('ul', { class: 'results', id: 'upload-list' }, result.uploads.map((u) => h('li', { class: `upload upload--${u.state}` },
					vi('p', u.it.c.name, { class: 'component__name' }),
					h('p', { class: 'meta' },
						h('span', { class: 'break', text: u.file.name }),
						h('strong', { text: u.state === 'ok' ? t('pub.submit.upload_ok') : `${t('pub.submit.upload_failed')} ${u.err || ''}` }))))),
				failed.length ? h('button', { type: 'button', class: 'btn', id: 'retry-uploads', i18n: 'pub.submit.retry', on: { click: retry } }) : null)
				: null,
			h('div', { class: 'form-actions' },
				h('a', { class: 'btn btn--primary', id: 'track-link', href: trackUrl, i18n: 'pub.submit.track' }),
				h('button', { type: 'button', class: 'btn no-print', i18n: 'pub.submit.print', on: { click: () => window.print() } }),
				h('a', { class: 'btn', href: '/', i18n: 'pub.submit.home' })));
	}

	// --- moving between steps ---
	let step = 'form';
	function show(which) {
		step = which;
		form.hidden = which !== 'form';
		review.hidden = which !== 'review';
		done.hidden = which !== 'done';
		for (const li of $$('#submit-steps li')) {
			const here = li.dataset.step === which;
			if (here)
				li.setAttribute('aria-current', 'step');
			else
				li.removeAttribute('aria-current');
		}
		const target = which === 'form' ? $('#applicant-name') : $(`#${which}-heading`);
		window.scrollTo(0, 0);
		if (target)
			target.focus();
	}

	form.addEventListener('submit', (e) => {
		e.preventDefault();
		replace(messages);
		lastErrors = validate();
		if (lastErrors.length) {
			renderSummary().focus();
			return;
		}
		replace(summary);
		draft = collect();
		renderReview();
		show('review');
	});

	async function uploadAll(list) {
		const status = $('#send-status') || h('p');
		for (const [i, u] of list.entries()) {
			status.textContent = t('pub.submit.uploading', { n: i + 1, total: list.length });
			try {
				await upload(path`/api/v1/dossiers/${result.code}/files/${u.name}`, u.file, { query: { key: result.key } });
				u.state = 'ok';
				u.err = '';
			} catch (err) {
				u.state = 'failed';
				u.err = errorMessage(err);
			}
		}
	}

	async function send() {
		const button = $('#review-submit');
		const status = $('#send-status');
		const box = $('#review-messages');
		if (button.disabled)
			return;
		button.disabled = true;
		$('#review-edit').disabled = true;
		replace(box);
		status.textContent = t('pub.submit.sending');
		let r;
		try {
			r = await post('/api/v1/dossiers', draft.body);
		} catch (err) {
			button.disabled = false;
			$('#review-edit').disabled = false;
			status.textContent = '';
			// The server's word on a field goes back to the form, next to the field.
			const fieldOf = { invalid_id_number: f.id, invalid_tax_code: f.tax };
			if (err instanceof ApiError && fieldOf[err.code]) {
				setFieldError(fieldOf[err.code], `error.${err.code}`);
				lastErrors = [{ id: fieldOf[err.code].input.id, key: `error.${err.code}`, label: fieldOf[err.code].label.firstChild.dataset.i18n }];
				show('form');
				renderSummary().focus();
				return;
			}
			showError(box, err);
			box.querySelector('[role="alert"]')?.setAttribute('tabindex', '-1');
			box.querySelector('[role="alert"]')?.focus();
			return;
		}
		result = {
			code: r.code,
			key: r.tracking_key || trackingKeyOf(draft.body.applicant.phone),
			status: r.status,
			uploads: draft.files.map((x) => ({ ...x, state: 'pending', err: '' })),
		};
		await uploadAll(result.uploads);
		status.textContent = '';
		renderDone();
		show('done');
		announce(t('pub.submit.done_ok'));
	}

	async function retry() {
		const b = $('#retry-uploads');
		b.disabled = true;
		await uploadAll(result.uploads.filter((u) => u.state !== 'ok'));
		renderDone();
		$('#done-heading').focus();
	}

	onLangChange(() => {
		relabelErrors(form);
		if (lastErrors.length && summary.firstChild)
			renderSummary();
		if (step === 'review')
			renderReview();
		if (step === 'done')
			renderDone();
	});

	$('#submit-steps li[data-step="form"]').setAttribute('aria-current', 'step');
	const time = h('p', { class: 'muted', id: 'submit-time' });
	const setTime = () => { time.textContent = t('pub.submit.time', { time: formatDuration(p.processing_time) }); };
	setTime();
	onLangChange(setTime);
	form.prepend(time);
});
