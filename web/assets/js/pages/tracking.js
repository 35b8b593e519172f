// Tracking (/tra-cuu; the papers' QR codes open /tra-cuu?code=…&key=…):
// the dossier's code and the tracking key (the last 4 digits of the
// applicant's phone) → GET /api/v1/track/{code}?key=NNNN: the status in
// plain words, the procedure, the received and due dates, the internal
// steps done and ahead with their units (GET /api/v1/units/{code}), the
// verdict so far, any apology with its new date, the applicant's papers;
// and once the result is returned (can_rate), the rating form (R-EVAL-1:
// very satisfied / satisfied / not satisfied, a reason required for "not
// satisfied"), POST /api/v1/dossiers/{code}/rating with the key.
//
// The API never returns personal data here (R-AUD-2), and the page shows
// nothing else. A wrong key answers like an unknown code (404).
import { ApiError, get, post } from '../api.js';
import { $, h, path, replace, withQuery } from '../dom.js';
import { formatDateTime, formatDuration, statusBadge, timeEl, verdictBadge } from '../format.js';
import { has, onLangChange, t } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import { bytes, relabelErrors, setFieldError, unitDisplayName, vi } from './public-common.js';

const CODE_RE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$/;
const KEY_RE = /^[0-9]{4}$/;

const codeError = (v) => (!v ? 'pub.v.required' : (CODE_RE.test(v) ? null : 'pub.v.dossier_code'));
const keyError = (v) => (!v ? 'pub.v.required' : (KEY_RE.test(v) ? null : 'pub.v.key'));

/** The names of the steps' units. */
async function unitNames(d) {
	const names = new Map();
	const codes = new Set((d.steps || []).map((s) => s.unit).filter(Boolean));
	await Promise.all([...codes].map(async (c) => {
		try {
			names.set(c, await unitDisplayName(c));
		} catch {
			names.set(c, null);
		}
	}));
	return names;
}

function dateRow(key, iso, emptyKey) {
	return [h('dt', { i18n: key }), h('dd', {}, iso ? timeEl(iso) : h('span', { class: 'muted', i18n: emptyKey || 'pub.none' }))];
}

function paperUrl(d, key, paper) {
	return withQuery(path`/api/v1/dossiers/${d.code}/papers/${paper}.pdf`, { key });
}

function summary(d, key) {
	const explain = `pub.track.explain.${d.status}`;
	const papers = [];
	if (d.received_at)
		papers.push(h('li', {}, h('a', { href: paperUrl(d, key, 'receipt'), id: 'paper-receipt', i18n: 'pub.track.paper_receipt' })));
	if (d.apology)
		papers.push(h('li', {}, h('a', { href: paperUrl(d, key, 'apology'), id: 'paper-apology', i18n: 'pub.track.paper_apology' })));
	return h('section', { class: 'track-summary', 'aria-labelledby': 'result-heading' },
		h('h2', { id: 'result-heading', tabindex: '-1' },
			h('span', { i18n: 'pub.track.dossier' }), ' ', h('span', { class: 'mono break', text: d.code })),
		h('p', { class: 'track-proc' },
			h('a', { href: path`/thu-tuc/${d.procedure.code}`, text: d.procedure.name, lang: 'vi' }),
			' ', h('span', { class: 'mono muted nowrap', text: `(${d.procedure.code})` })),
		h('div', { class: 'track-status' },
			h('p', { class: 'cluster' },
				h('span', { class: 'nowrap' }, h('span', { class: 'track-status__label', i18n: 'pub.track.status' }), ': ', statusBadge(d.status)),
				d.verdict && d.verdict !== 'none' && h('span', { class: 'nowrap' },
					h('span', { class: 'track-status__label', i18n: 'pub.track.verdict' }), ': ', verdictBadge(d.verdict))),
			has(explain) && h('p', { id: 'status-explain', class: 'lead', i18n: explain })),
		d.apology && alertBox('warning',
			h('span', { text: t('pub.track.apology', { at: formatDateTime(d.apology.at), due: formatDateTime(d.apology.new_due) }) })),
		h('dl', { class: 'dl' },
			dateRow('pub.track.received_at', d.received_at, 'pub.track.not_received'),
			dateRow(d.apology ? 'pub.track.new_due_at' : 'pub.track.due_at', d.due_at, 'pub.track.no_due'),
			d.finished_at && dateRow('pub.track.finished_at', d.finished_at),
			d.returned_at && dateRow('pub.track.returned_at', d.returned_at)),
		papers.length ? h('div', { class: 'no-print' },
			h('h3', { i18n: 'pub.track.papers' }),
			h('ul', { class: 'plain' }, papers)) : null);
}

function stepState(s) {
	return s.state === 'done' ? 'pub.track.step_done' : (s.state === 'current' ? 'pub.track.step_current' : 'pub.track.step_ahead');
}

function steps(d, names) {
	const list = d.steps || [];
	const nDone = list.filter((s) => s.state === 'done').length;
	const unit = (c) => (names.get(c) ? vi('span', names.get(c)) : h('span', { class: 'mono', text: c }));
	return h('section', { 'aria-labelledby': 'steps-heading' },
		h('h2', { id: 'steps-heading', i18n: 'pub.track.steps' }),
		list.length
			? [h('p', { class: 'muted', text: t('pub.track.steps_count', { done: nDone, total: list.length }) }),
				h('ol', { class: 'timeline track-steps' }, list.map((s, i) => h('li', {
					class: [s.state === 'done' && 'is-done', s.state === 'current' && 'is-current', s.state === 'ahead' && 'is-ahead'],
					'aria-current': s.state === 'current' ? 'step' : null,
				},
				h('h3', { class: 'timeline__title' },
					h('span', { class: 'visually-hidden', text: `${t('pub.proc.step', { n: i + 1 })}: ` }),
					vi('span', s.name)),
				h('p', { class: 'meta' },
					h('strong', { class: 'step-state', i18n: stepState(s) }),
					h('span', {}, `${t('pub.proc.step_unit')}: `, unit(s.unit))),
				h('p', { class: 'meta' },
					s.state === 'done' && s.finished_at && h('span', {}, `${t('pub.track.step_finished')}: `, timeEl(s.finished_at)),
					s.state === 'current' && s.due_at && h('span', {}, `${t('pub.track.step_due')}: `, timeEl(s.due_at)),
					s.state === 'ahead' && h('span', {}, `${t('pub.proc.step_time')}: ${formatDuration(s.duration)}`),
					s.verdict && s.state !== 'ahead' && verdictBadge(s.verdict)))))]
			: h('p', { i18n: 'pub.track.no_steps' }));
}

/** The rating form (R-EVAL-1), built once per result; its labels follow the language by themselves. */
function ratingForm(d, key) {
	const levels = ['very_satisfied', 'satisfied', 'not_satisfied'];
	const levelErr = h('p', { class: 'field-error', id: 'rating-level-error', hidden: true });
	const group = h('fieldset', { class: 'choice', 'aria-describedby': 'rating-level-error' },
		h('legend', {}, h('span', { i18n: 'pub.rate.level' }), ' ', h('span', { i18n: 'common.required' })),
		levelErr,
		levels.map((l) => h('div', { class: 'check' },
			h('input', { type: 'radio', name: 'rating-level', id: `rating-${l}`, value: l }),
			h('label', { for: `rating-${l}`, i18n: `pub.rate.${l}` }))));
	const reason = h('textarea', { id: 'rating-reason', name: 'reason', rows: 4, maxlength: 2000, 'aria-describedby': 'rating-reason-hint rating-reason-error' });
	const reasonErr = h('p', { class: 'field-error', id: 'rating-reason-error', hidden: true });
	const reasonField = h('div', { class: 'field' },
		h('label', { for: 'rating-reason', i18n: 'pub.rate.reason' }),
		h('span', { class: 'hint', id: 'rating-reason-hint', i18n: 'pub.rate.reason_hint' }),
		reasonErr, reason);
	const msgs = h('div', { id: 'rating-messages' });
	const submit = h('button', { type: 'submit', class: 'btn btn--primary', id: 'rating-submit', i18n: 'pub.rate.submit' });
	const form = h('form', { id: 'rating-form', novalidate: true },
		group, reasonField, msgs, h('div', { class: 'form-actions' }, submit));
	const levelF = { input: group, error: levelErr };
	const reasonF = { input: reason, error: reasonErr };
	const chosen = () => (form.querySelector('input[name="rating-level"]:checked') || {}).value;
	const checkReason = () => (chosen() === 'not_satisfied' && !reason.value.trim() ? 'pub.v.reason_required'
		: (bytes(reason.value) > 2000 ? 'pub.v.too_long' : null));

	// The reason becomes required with "not satisfied": say so on the field.
	group.addEventListener('change', () => {
		setFieldError(levelF, null);
		if (chosen() === 'not_satisfied')
			reason.setAttribute('aria-required', 'true');
		else {
			reason.removeAttribute('aria-required');
			setFieldError(reasonF, null);
		}
	});
	reason.addEventListener('input', () => {
		if (reasonErr.dataset.key && !checkReason())
			setFieldError(reasonF, null);
	});

	const section = h('section', { class: 'card rating no-print', 'aria-labelledby': 'rating-heading' },
		h('h2', { id: 'rating-heading', tabindex: '-1', i18n: 'pub.rate.heading' }),
		h('p', { i18n: 'pub.rate.lead' }),
		form);

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		replace(msgs);
		const lk = chosen() ? null : 'pub.v.rating_required';
		const rk = checkReason();
		setFieldError(levelF, lk);
		setFieldError(reasonF, rk);
		if (lk || rk) {
			const first = lk ? form.querySelector('input[name="rating-level"]') : reason;
			first.focus();
			announce(t(lk || rk));
			return;
		}
		submit.disabled = true;
		const body = { level: chosen(), tracking_key: key };
		if (reason.value.trim())
			body.reason = reason.value.trim();
		try {
			await post(path`/api/v1/dossiers/${d.code}/rating`, body);
		} catch (err) {
			submit.disabled = false;
			if (err instanceof ApiError && err.code === 'reason_required') {
				setFieldError(reasonF, 'error.reason_required');
				reason.focus();
				return;
			}
			showError(msgs, err);
			return;
		}
		replace(section,
			h('h2', { id: 'rating-heading', tabindex: '-1', i18n: 'pub.rate.heading' }),
			h('div', { class: 'alert alert--success', role: 'status', id: 'rating-thanks' },
				h('p', { i18n: 'pub.rate.thanks' }),
				h('p', {}, h('span', { i18n: 'pub.rate.your_level' }), ' ', h('strong', { i18n: `pub.rate.${body.level}` }))));
		$('#rating-heading').focus();
	});
	return section;
}

startPage({ title: 'pub.track.title' }, async () => {
	const form = $('#track-form');
	const codeF = { input: $('#track-code'), error: $('#track-code-error') };
	const keyF = { input: $('#track-key'), error: $('#track-key-error') };
	const box = $('#track-result');
	let shown = null; // { d, key, names, rating }

	function render() {
		const { d, key, names, rating } = shown;
		replace(box, summary(d, key), steps(d, names), rating);
	}

	async function lookup(code, key, { focus = false } = {}) {
		replace(box, h('p', { class: 'muted', i18n: 'common.loading' }));
		let d;
		try {
			d = await get(path`/api/v1/track/${code}`, { query: { key } });
		} catch (err) {
			shown = null;
			if (err instanceof ApiError && err.status === 404) {
				replace(box, h('div', { class: 'alert alert--error', role: 'alert', id: 'track-not-found' },
					h('p', {}, h('strong', { i18n: 'pub.track.not_found_title' })),
					h('p', { i18n: 'pub.track.not_found' })));
			} else {
				showError(box, err);
			}
			return;
		}
		const names = await unitNames(d);
		shown = { d, key, names, rating: d.can_rate ? ratingForm(d, key) : null };
		render();
		announce(t('pub.track.found', { status: t(`status.${d.status}`) }));
		if (focus)
			$('#result-heading').focus();
	}

	function check() {
		const code = codeF.input.value.trim().toUpperCase();
		const key = keyF.input.value.trim();
		const ck = codeError(code);
		const kk = keyError(key);
		setFieldError(codeF, ck);
		setFieldError(keyF, kk);
		return { code, key, bad: ck ? codeF.input : (kk ? keyF.input : null), err: ck || kk };
	}

	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const { code, key, bad, err } = check();
		if (bad) {
			bad.focus();
			announce(t(err));
			return;
		}
		codeF.input.value = code;
		history.replaceState(null, '', withQuery('/tra-cuu', { code, key }));
		lookup(code, key, { focus: true });
	});
	for (const f of [codeF, keyF])
		f.input.addEventListener('input', () => {
			if (f.error.dataset.key)
				setFieldError(f, null);
		});
	onLangChange(() => {
		relabelErrors(document);
		if (shown)
			render();
	});

	const params = new URLSearchParams(location.search);
	const code = (params.get('code') || '').trim().toUpperCase();
	const key = (params.get('key') || '').trim();
	codeF.input.value = code;
	keyF.input.value = key;
	if (code && key) {
		const c = check();
		if (!c.bad)
			await lookup(c.code, c.key);
	}
});
