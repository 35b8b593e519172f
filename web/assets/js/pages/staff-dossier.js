// A dossier as staff see it (/can-bo/ho-so/{code}):
//   - the header: code, procedure, status, verdict, due date, applicant, units
//     (GET /api/v1/dossiers/{code});
//   - the actions the state machine allows this user (DOMAIN.md R-DOS-2 …
//     R-DOS-6, docs/access.md), each a small form whose checks mirror the
//     server's; the server has the last word (its 403/409 answers are shown);
//   - the papers (GET …/papers/{paper}.pdf) the dossier's history has;
//   - the control-sheet timeline (GET …/control-sheet, R-DOS-7);
//   - the clock explained (GET …/clock, R-CAL-5): why the due date is what
//     it is, pauses and re-appointment included;
//   - the attachments (GET …/files) with download and preview, and an upload.
import { get, post, upload } from '../api.js';
import { $, h, path, replace } from '../dom.js';
import {
	channelLabel, formatDateTime, formatDuration, formatMoney, statusBadge, verdictBadge,
} from '../format.js';
import { onLangChange, t } from '../i18n.js';
import { alertBox, announce, showError, startPage } from '../layout.js';
import {
	busy, bytes, covers, field, fileProblem, focusFirstInvalid, formatSize, formatWorkSeconds, isoToLocal,
	localToIso, pager, procedureInfo, safeFileName, select, serverNow, setFieldError, setGroupError, stackCells,
	unitLabel, when,
} from './staff-common.js';

const FILES_PER_PAGE = 50;
const OPEN = ['received', 'processing', 'withdrawal_requested'];
const FINAL = ['refused', 'stopped', 'returned'];

const code = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');

startPage({ title: 'staff.dossier.title' }, async ({ user }) => {
	$('#dossier-code').textContent = code;
	document.title = `${code} · ${document.title}`;
	onLangChange(() => {
		document.title = `${code} · ${document.title}`;
	});

	let d = null;
	let clock = null;
	let sheet = null;
	let proc = null;
	let caps = null;
	let now = null;
	let files = { items: [], total: 0, page: 1 };
	let filesPage = 1;

	async function capabilities() {
		const stepUnit = (d.steps[d.current_step] && d.steps[d.current_step].unit) || d.competent_unit;
		const [receiver, returner, step, leader, fileStaff] = await Promise.all([
			covers(user, 'receiver', d.receiving_unit),
			covers(user, 'receiver', d.returning_unit),
			covers(user, ['specialist', 'leader'], stepUnit),
			covers(user, 'leader', d.competent_unit),
			covers(user, ['specialist', 'leader'], d.competent_unit),
		]);
		return { receiver, returner, step, leader, files: receiver || returner || step || fileStaff };
	}

	async function loadFiles() {
		files = await get(path`/api/v1/dossiers/${code}/files`, { query: { page: filesPage, per_page: FILES_PER_PAGE } });
	}

	async function load() {
		[d, clock, sheet, now] = await Promise.all([
			get(path`/api/v1/dossiers/${code}`),
			get(path`/api/v1/dossiers/${code}/clock`),
			get(path`/api/v1/dossiers/${code}/control-sheet`),
			serverNow(),
		]);
		await loadFiles();
		[proc, caps] = await Promise.all([procedureInfo(d.procedure.code, d.procedure.version), capabilities()]);
	}

	// ---------- the header ----------

	function dl(rows) {
		return h('dl', { class: 'dl' }, rows.filter(Boolean).map(([key, ...value]) => [
			h('dt', { i18n: key }), h('dd', {}, ...value)]));
	}

	function applicantView(a) {
		if (!a)
			return '—';
		const idKey = a.tax_code ? 'staff.applicant.tax_code' : 'staff.applicant.id_number';
		return h('div', { class: 'applicant' },
			h('strong', { lang: 'vi', text: a.name }),
			h('br'), h('span', { i18n: idKey }), ': ', h('span', { class: 'mono', text: a.id_number || a.tax_code || '—' }),
			h('br'), h('span', { i18n: 'staff.applicant.phone' }), ': ', h('span', { class: 'mono', text: a.phone || '—' }),
			a.email && [h('br'), h('span', { i18n: 'staff.applicant.email' }), ': ', h('span', { class: 'break', text: a.email })],
			a.address && [h('br'), h('span', { i18n: 'staff.applicant.address' }), ': ', h('span', { lang: 'vi', text: a.address })],
			a.vneid && [h('br'), h('span', { class: 'badge badge--ok', i18n: 'staff.applicant.vneid' })]);
	}

	function resultView() {
		if (!d.result)
			return null;
		const f = d.result.file_sha256 && files.items.find((x) => x.sha256 === d.result.file_sha256);
		return ['staff.dossier.result', h('span', { lang: 'vi', text: d.result.name }),
			f && [' — ', h('a', { href: path`/api/v1/dossiers/${code}/files/${f.name}`, download: f.name, text: f.name })]];
	}

	function renderSummary() {
		const reappointed = d.reappointments > 0;
		const badges = h('p', { class: 'cluster dossier-badges' },
			statusBadge(d.status), verdictBadge(d.verdict),
			d.index_verdict && d.index_verdict !== d.verdict &&
				h('span', { class: 'index-verdict' }, h('span', { class: 'muted', i18n: 'staff.dossier.index_verdict' }), ' ',
					verdictBadge(d.index_verdict)),
			reappointed && h('span', { class: 'badge badge--warn', i18n: 'staff.dossier.reappointed' }));
		const due = d.due_at
			? [h('strong', {}, when(d.due_at)),
				reappointed && d.original_due_at !== d.due_at &&
					h('span', { class: 'muted small' }, ' (', h('span', { i18n: 'staff.dossier.original_due' }), ' ', when(d.original_due_at), ')')]
			: [h('span', { i18n: 'staff.dossier.no_due' })];
		const fee = d.fee_vnd !== null && d.fee_vnd !== undefined
			? [formatMoney(d.fee_vnd), d.paid_online && [' ', h('span', { class: 'badge badge--ok', i18n: 'staff.dossier.paid_online' })]]
			: null;
		replace($('#dossier-summary'), h('div', { class: 'card dossier-head' },
			h('p', { class: 'dossier-proc' }, h('span', { lang: 'vi', text: d.procedure.name }), ' ',
				h('span', { class: 'muted small' }, '(', h('a', { href: path`/thu-tuc/${d.procedure.code}`, class: 'mono', text: d.procedure.code }),
					', ', t('staff.dossier.version', { n: d.procedure.version }), ')')),
			badges,
			dl([
				['staff.dossier.due', ...due],
				['staff.dossier.submitted', when(d.submitted_at), ' · ', channelLabel(d.channel)],
				['staff.dossier.received', when(d.received_at)],
				d.finished_at && ['staff.dossier.finished', when(d.finished_at)],
				d.returned_at && ['staff.dossier.returned', when(d.returned_at),
					d.return_method && [' · ', h('span', { i18n: `staff.return.method.${d.return_method}` })]],
				['staff.dossier.applicant', applicantView(d.applicant)],
				['staff.dossier.receiving_unit', unitLabel(d.receiving_unit)],
				['staff.dossier.competent_unit', unitLabel(d.competent_unit)],
				['staff.dossier.returning_unit', unitLabel(d.returning_unit)],
				['staff.dossier.components', (d.components || []).length
					? h('ul', { class: 'plain-list' }, d.components.map((c) => h('li', { lang: 'vi', text: c })))
					: h('span', { text: '—' })],
				fee && ['staff.dossier.fee', ...fee],
				resultView(),
			])));
	}

	// ---------- papers ----------

	function papers() {
		const list = [];
		const supplemented = d.status === 'supplement_requested' ||
			(clock.entries || []).some((e) => e.reason === 'supplement');
		if (d.received_at)
			list.push('receipt');
		if (supplemented)
			list.push('supplement');
		if (d.status === 'refused')
			list.push('refusal');
		if (d.reappointments > 0)
			list.push('apology');
		if (d.status === 'stopped')
			list.push('stop');
		if (d.received_at)
			list.push('control-sheet');
		return list;
	}

	function renderPapers() {
		const list = papers();
		$('#papers-section').hidden = list.length === 0;
		replace($('#papers'), list.map((p) => h('li', {},
			h('a', { href: path`/api/v1/dossiers/${code}/papers/${p}` + '.pdf', target: '_blank', rel: 'noopener', class: 'paper-link' },
				h('span', { i18n: `staff.paper.${p}` }), ' ', h('span', { class: 'muted small', text: '(PDF)' }),
				h('span', { class: 'visually-hidden', i18n: 'staff.new_window' })))));
	}

	// ---------- timeline (control sheet) ----------

	function renderTimeline() {
		const rows = sheet.rows || [];
		$('#timeline-section').hidden = false;
		if (!rows.length && !(d.steps || []).length) {
			replace($('#timeline'), h('p', { class: 'muted', i18n: 'staff.timeline.none' }));
			return;
		}
		const steps = d.steps || [];
		const items = (rows.length ? rows : steps).map((r, i) => {
			const s = steps[i] || {};
			const state = s.state || (r.finished_at ? 'done' : 'ahead');
			const people = r.from_user || r.to_user
				? h('span', { class: 'people' }, h('span', { text: r.from_user || '—' }), ' → ', h('span', { text: r.to_user || '—' }))
				: h('span', { class: 'muted', i18n: 'staff.timeline.not_given' });
			return h('li', { class: [state === 'done' && 'is-done', state === 'current' && 'is-current'] },
				h('h3', { class: 'step-title' }, h('span', { lang: 'vi', text: r.step || s.name }),
					state === 'current' && [' ', h('span', { class: 'badge badge--status', i18n: 'staff.timeline.current' })]),
				h('p', { class: 'meta' },
					unitLabel(r.to_unit || s.unit, { withCode: false }),
					s.duration && h('span', { text: formatDuration(s.duration) }),
					people),
				(r.given_at || s.given_at) && h('dl', { class: 'timeline__facts' },
					h('div', {}, h('dt', { i18n: 'staff.timeline.given' }), h('dd', {}, when(r.given_at || s.given_at))),
					h('div', {}, h('dt', { i18n: 'staff.timeline.due' }), h('dd', {}, when(r.due_at || s.due_at))),
					h('div', {}, h('dt', { i18n: 'staff.timeline.finished' }), h('dd', {}, when(r.finished_at || s.finished_at))),
					h('div', {}, h('dt', { i18n: 'staff.timeline.verdict' }),
						h('dd', {}, (r.verdict || s.verdict) ? verdictBadge(r.verdict || s.verdict) : '—'))));
		});
		replace($('#timeline'), h('ol', { class: 'timeline' }, items));
	}

	// ---------- clock ----------

	function renderClock() {
		$('#clock-section').hidden = false;
		const box = $('#clock');
		if (!clock.entries || clock.entries.length === 0) {
			replace(box, h('p', { class: 'muted', i18n: 'staff.clock.not_started' }));
			return;
		}
		const start = clock.entries[0];
		const explain = [
			h('p', {}, t('staff.clock.explain.base', {
				time: formatDuration(clock.processing_time), start: formatDateTime(start.at), due: formatDateTime(clock.original_due_at),
			})),
		];
		if (clock.paused_working_seconds > 0) {
			explain.push(h('p', {}, t('staff.clock.explain.paused', { paused: formatWorkSeconds(clock.paused_working_seconds) })));
		}
		for (const e of clock.entries.filter((x) => x.kind === 'reappoint'))
			explain.push(h('p', {}, t('staff.clock.explain.reappoint', { at: formatDateTime(e.at), due: formatDateTime(e.new_due) })));
		const stopped = clock.entries.some((e) => e.kind === 'stop');
		if (clock.due_at)
			explain.push(h('p', {}, h('strong', {}, t('staff.clock.explain.current', { due: formatDateTime(clock.due_at) }))));
		if (!stopped && clock.warn_at)
			explain.push(h('p', {}, t('staff.clock.explain.warn', { warn: formatDateTime(clock.warn_at) })));
		explain.push(h('p', { class: 'muted' }, t('staff.clock.explain.used', { used: formatWorkSeconds(clock.used_working_seconds) })));

		const table = stackCells(h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack' },
			h('caption', { i18n: 'staff.clock.entries' }),
			h('thead', {}, h('tr', {},
				h('th', { scope: 'col', i18n: 'staff.clock.col.at' }),
				h('th', { scope: 'col', i18n: 'staff.clock.col.kind' }),
				h('th', { scope: 'col', i18n: 'staff.clock.col.reason' }),
				h('th', { scope: 'col', i18n: 'staff.clock.col.new_due' }))),
			h('tbody', {}, clock.entries.map((e) => h('tr', {},
				h('td', { dataset: { label: t('staff.clock.col.at') } }, when(e.at)),
				h('td', { dataset: { label: t('staff.clock.col.kind') } }, h('span', { i18n: `staff.clock.kind.${e.kind}` })),
				h('td', { dataset: { label: t('staff.clock.col.reason') } }, h('span', { i18n: `staff.clock.reason.${e.reason}` })),
				h('td', { dataset: { label: t('staff.clock.col.new_due') } }, e.new_due ? when(e.new_due) : '—')))))));
		replace(box,
			h('div', { class: 'card clock-explain' }, explain),
			dl([
				['staff.clock.processing_time', formatDuration(clock.processing_time)],
				['staff.clock.original_due', when(clock.original_due_at)],
				['staff.clock.due', when(clock.due_at)],
				['staff.clock.paused', formatWorkSeconds(clock.paused_working_seconds)],
				['staff.clock.used', formatWorkSeconds(clock.used_working_seconds)],
				['staff.clock.verdict', verdictBadge(clock.verdict), ' ',
					h('span', { class: 'muted small' }, h('span', { i18n: 'staff.dossier.index_verdict' }), ' '), verdictBadge(clock.index_verdict)],
			]),
			table);
	}

	// ---------- files ----------

	const previews = new Map();

	async function preview(f, btn) {
		const holder = $('#file-preview');
		btn.disabled = true;
		try {
			let src = previews.get(f.sha256);
			if (!src) {
				const blob = await get(path`/api/v1/dossiers/${code}/files/${f.name}`);
				src = await new Promise((resolve, reject) => {
					const fr = new FileReader();
					fr.onload = () => resolve(fr.result);
					fr.onerror = () => reject(fr.error);
					fr.readAsDataURL(blob);
				});
				previews.set(f.sha256, src);
			}
			const img = h('img', { alt: f.name, class: 'file-preview__img' });
			// A data: URL of an image this page just read from the API (the CSP allows img data:).
			if (/^data:image\/(png|jpeg);base64,/.test(src))
				img.src = src;
			replace(holder, h('figure', { class: 'file-preview card' }, img,
				h('figcaption', { class: 'muted small', text: f.name })));
			holder.hidden = false;
		} catch (err) {
			showError($('#files-messages'), err);
		} finally {
			btn.disabled = false;
		}
	}

	function renderFiles() {
		$('#files-section').hidden = false;
		const items = files.items || [];
		const body = items.length === 0
			? h('p', { class: 'muted', i18n: 'staff.files.none' })
			: stackCells(h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack' },
				h('caption', { class: 'visually-hidden', i18n: 'staff.files.heading' }),
				h('thead', {}, h('tr', {},
					['staff.files.col.name', 'staff.files.col.type', 'staff.files.col.size', 'staff.files.col.added',
						'staff.files.col.actions'].map((k) => h('th', { scope: 'col', i18n: k })))),
				h('tbody', {}, items.map((f) => {
					const url = path`/api/v1/dossiers/${code}/files/${f.name}`;
					const isImage = f.type === 'image/png' || f.type === 'image/jpeg';
					const btn = isImage && h('button', { type: 'button', class: 'btn btn--small btn--link', i18n: 'staff.files.preview' });
					if (btn)
						btn.addEventListener('click', () => preview(f, btn));
					return h('tr', {},
						h('th', { scope: 'row', class: 'break', dataset: { label: t('staff.files.col.name') } }, h('span', { class: 'mono', text: f.name })),
						h('td', { dataset: { label: t('staff.files.col.type') }, text: f.type.replace(/^[a-z]+\//, '').toUpperCase() }),
						h('td', { dataset: { label: t('staff.files.col.size') }, class: 'nowrap', text: formatSize(f.size) }),
						h('td', { dataset: { label: t('staff.files.col.added') } }, when(f.added_at), h('br'),
							h('span', { class: 'muted small', text: f.added_by === 'applicant' ? t('staff.files.by_applicant') : f.added_by })),
						h('td', { dataset: { label: t('staff.files.col.actions') } }, h('span', { class: 'cluster file-actions' },
							h('a', { href: url, download: f.name, class: 'btn btn--small' }, h('span', { i18n: 'staff.files.download' }),
								h('span', { class: 'visually-hidden', text: ` ${f.name}` })),
							f.type === 'application/pdf' && h('a', { href: url, target: '_blank', rel: 'noopener', class: 'btn btn--small btn--link' },
								h('span', { i18n: 'staff.files.open' }), h('span', { class: 'visually-hidden', text: ` ${f.name}` })),
							btn)));
				})))));
		const pages = Math.ceil((files.total || 0) / FILES_PER_PAGE);
		replace($('#files'), body,
			h('div', { id: 'file-preview', hidden: true, 'aria-live': 'polite' }),
			pager({ page: filesPage, pages, label: 'staff.files.pager', go: async (p) => {
				filesPage = p;
				await loadFiles();
				renderFiles();
			} }));
	}

	function renderUpload() {
		const box = $('#file-upload');
		if (!caps.files || FINAL.includes(d.status)) {
			replace(box);
			return;
		}
		const input = h('input', { type: 'file', id: 'upload-file', accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg' });
		const submit = h('button', { type: 'submit', class: 'btn', i18n: 'staff.files.upload' });
		const msg = h('div', { id: 'upload-messages' });
		const form = h('form', { class: 'card upload-form', novalidate: true },
			h('h3', { class: 'card__title', i18n: 'staff.files.add' }),
			field({ label: 'staff.files.choose', hint: 'staff.files.hint', input, required: true }),
			msg,
			h('div', { class: 'form-actions' }, submit));
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			const file = input.files[0];
			if (!setFieldError(input, file ? fileProblem(file) : 'staff.files.required')) {
				input.focus();
				return;
			}
			await busy(submit, 'staff.busy', async () => {
				try {
					const name = safeFileName(file.name);
					await upload(path`/api/v1/dossiers/${code}/files/${name}`, file);
					input.value = '';
					await loadFiles();
					renderFiles();
					replace(msg, alertBox('success', t('staff.files.uploaded', { name })));
					announce(t('staff.files.uploaded', { name }));
				} catch (err) {
					showError(msg, err);
				}
			});
		});
		replace(box, form);
	}

	// ---------- actions ----------

	/** The actions this user may take now (the server decides in the end). */
	function allowedActions() {
		const c = caps;
		const list = [];
		const add = (id, ok) => ok && list.push(id);
		const hasNext = d.current_step + 1 < (d.steps || []).length;
		switch (d.status) {
		case 'submitted':
			add('receive', c.receiver);
			add('request-supplement', c.receiver);
			add('refuse', c.receiver);
			add('withdraw', c.receiver);
			break;
		case 'received':
			add('forward', (c.receiver || c.step) && hasNext);
			add('apologize', c.leader && d.reappointments < 1);
			add('withdraw', c.receiver);
			add('stop', c.step);
			break;
		case 'processing':
			add('forward', c.step && hasNext);
			add('request-supplement', c.step);
			add('request-payment', c.step);
			add('complete', c.step);
			add('apologize', c.leader && d.reappointments < 1);
			add('withdraw', c.receiver);
			add('stop', c.step);
			break;
		case 'supplement_requested':
			add('supplement', c.receiver);
			add('withdraw', c.receiver);
			add('stop', c.receiver || c.step);
			break;
		case 'payment_requested':
			add('confirm-payment', c.receiver || c.step);
			add('withdraw', c.receiver);
			add('stop', c.step);
			break;
		case 'withdrawal_requested':
			add('stop', c.receiver || c.step);
			break;
		case 'done':
			add('return', c.returner || c.receiver);
			break;
		default:
			break;
		}
		return list;
	}

	const DANGER = ['refuse', 'stop', 'withdraw'];

	function textarea(id, { rows = 3 } = {}) {
		return h('textarea', { id, rows: String(rows) });
	}

	/** A required (or optional) text of at most max bytes: the check of one input. */
	function textCheck(input, { required = false, max = 2000 } = {}) {
		const v = input.value.trim();
		if (required && !v)
			return setFieldError(input, 'error.reason_required');
		if (bytes(v) > max)
			return setFieldError(input, 'staff.form.too_long', { max });
		return setFieldError(input, null);
	}

	function checklist(id, legendKey, hintKey) {
		const comps = (proc && proc.components) || [];
		const boxes = comps.map((c, i) => {
			const cb = h('input', { type: 'checkbox', id: `${id}-${i}`, value: c.name });
			return h('div', { class: 'check' }, cb,
				h('label', { for: cb.id },
					h('span', { lang: 'vi', text: c.name }),
					c.required !== false && [' ', h('span', { class: 'req', i18n: 'staff.component.required' })],
					c.form && [' ', h('span', { class: 'muted small', i18n: `staff.component.form.${c.form}` })]));
		});
		const fs = h('fieldset', { id, class: 'checklist' },
			h('legend', { i18n: legendKey }),
			hintKey && h('p', { class: 'hint', i18n: hintKey }),
			h('span', { class: 'field-error', hidden: true }),
			boxes.length ? boxes : h('p', { class: 'muted', i18n: 'staff.component.none' }));
		fs.addEventListener('change', () => {
			if (fs.getAttribute('aria-invalid') === 'true')
				setGroupError(fs, fs.querySelector('input:checked') ? null : 'error.items_required');
		});
		return {
			node: fs,
			values: () => [...fs.querySelectorAll('input[type="checkbox"]:checked')].map((x) => x.value),
			check() {
				return setGroupError(fs, this.values().length ? null : 'error.items_required');
			},
		};
	}

	/** The fields of each action: { nodes, collect() → body or null (invalid), prepare?() }. */
	function actionForm(id, panelId) {
		const fid = (n) => `${panelId}-${n}`;
		switch (id) {
		case 'receive':
			return { nodes: [h('p', { i18n: 'staff.action.receive.text' })], collect: () => ({}) };
		case 'request-supplement': {
			const items = checklist(fid('items'), 'staff.action.items', 'staff.action.request-supplement.hint');
			const reason = textarea(fid('reason'));
			return {
				nodes: [items.node, field({ label: 'staff.action.reason_optional', input: reason })],
				collect() {
					const ok = [items.check(), textCheck(reason)].every(Boolean);
					return ok ? { items: items.values(), reason: reason.value.trim() || undefined } : null;
				},
			};
		}
		case 'supplement': {
			const items = checklist(fid('items'), 'staff.action.supplied', 'staff.action.supplement.hint');
			const note = textarea(fid('note'), { rows: 2 });
			return {
				nodes: [items.node, field({ label: 'staff.action.note', input: note })],
				collect() {
					const ok = [items.check(), textCheck(note, { max: 1000 })].every(Boolean);
					return ok ? { components: items.values(), note: note.value.trim() || undefined } : null;
				},
			};
		}
		case 'refuse':
		case 'stop':
		case 'withdraw': {
			const reason = textarea(fid('reason'));
			return {
				nodes: [h('p', { class: 'hint', i18n: `staff.action.${id}.hint` }),
					field({ label: 'staff.action.reason', input: reason, required: true })],
				collect: () => (textCheck(reason, { required: true }) ? { reason: reason.value.trim() } : null),
			};
		}
		case 'forward': {
			const next = d.steps[d.current_step + 1];
			const assignee = h('input', { id: fid('assignee'), autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' });
			const note = textarea(fid('note'), { rows: 2 });
			return {
				nodes: [
					next && h('p', { class: 'next-step' }, h('span', { i18n: 'staff.action.forward.next' }), ' ',
						h('strong', { lang: 'vi', text: next.name }), ' — ', unitLabel(next.unit)),
					next && next.unit === d.returning_unit && d.status === 'processing' &&
						h('p', { class: 'hint', i18n: 'staff.action.forward.last_hint' }),
					field({ label: 'staff.action.assignee', hint: 'staff.action.assignee_hint', input: assignee }),
					field({ label: 'staff.action.note', input: note }),
				],
				collect() {
					const v = assignee.value.trim();
					const ok = [
						setFieldError(assignee, !v || /^[a-z][a-z0-9._-]{2,31}$/.test(v) ? null : 'staff.action.assignee_invalid'),
						textCheck(note, { max: 1000 }),
					].every(Boolean);
					return ok ? { assignee: v || undefined, note: note.value.trim() || undefined } : null;
				},
			};
		}
		case 'request-payment': {
			const amount = h('input', { id: fid('amount'), inputmode: 'numeric', autocomplete: 'off', class: 'input-short' });
			if (d.fee_vnd)
				amount.value = String(d.fee_vnd);
			return {
				nodes: [field({ label: 'staff.action.amount', hint: 'staff.action.amount_hint', input: amount, required: true })],
				collect() {
					const v = amount.value.replace(/[\s.,]/g, '');
					const n = /^\d{1,13}$/.test(v) ? Number(v) : NaN;
					const ok = setFieldError(amount, n >= 1 && n <= 1e12 ? null : 'error.amount_required');
					return ok ? { amount_vnd: n } : null;
				},
			};
		}
		case 'confirm-payment': {
			const online = h('input', { type: 'checkbox', id: fid('online') });
			return {
				nodes: [d.fee_vnd !== null && h('p', {}, h('span', { i18n: 'staff.dossier.fee' }), ': ', formatMoney(d.fee_vnd)),
					h('div', { class: 'check' }, online, h('label', { for: online.id, i18n: 'staff.action.paid_online' }))],
				collect: () => ({ online: online.checked }),
			};
		}
		case 'apologize': {
			const reason = textarea(fid('reason'));
			const newDue = h('input', { type: 'datetime-local', id: fid('new-due'), min: isoToLocal(d.due_at), class: 'input-short' });
			const late = clock.warn_at && now > new Date(clock.warn_at);
			return {
				nodes: [
					h('p', { class: 'hint' }, h('span', { i18n: 'staff.action.apologize.due' }), ' ', when(d.due_at), '. ',
						clock.warn_at && [h('span', { i18n: 'staff.action.apologize.deadline' }), ' ', when(clock.warn_at), '.']),
					late && alertBox('warning', h('span', { i18n: 'staff.action.apologize.late' })),
					field({ label: 'staff.action.reason', input: reason, required: true }),
					field({ label: 'staff.action.new_due', hint: 'staff.action.new_due_hint', input: newDue, required: true }),
				],
				collect() {
					const iso = localToIso(newDue.value);
					let dueKey = null;
					if (!iso)
						dueKey = 'staff.action.new_due_required';
					else if (d.due_at && new Date(iso) <= new Date(d.due_at))
						dueKey = 'error.invalid_new_due';
					const ok = [textCheck(reason, { required: true }), setFieldError(newDue, dueKey)].every(Boolean);
					return ok ? { reason: reason.value.trim(), new_due: iso } : null;
				},
			};
		}
		case 'complete': {
			const name = h('input', { id: fid('result'), autocomplete: 'off' });
			name.value = (proc && proc.result && proc.result.name) || '';
			const file = h('input', { type: 'file', id: fid('file'), accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg' });
			const note = textarea(fid('note'), { rows: 2 });
			return {
				nodes: [
					field({ label: 'staff.action.result_name', input: name, required: true }),
					field({ label: 'staff.action.result_file', hint: 'staff.action.result_file_hint', input: file }),
					field({ label: 'staff.action.note', input: note }),
				],
				collect() {
					const v = name.value.trim();
					let key = null;
					if (!v)
						key = 'error.result_required';
					else if (bytes(v) > 300)
						key = 'staff.form.too_long_300';
					const f = file.files[0];
					const ok = [setFieldError(name, key), setFieldError(file, fileProblem(f)), textCheck(note, { max: 1000 })]
						.every(Boolean);
					return ok ? { result: { name: v }, note: note.value.trim() || undefined, file: f || null } : null;
				},
				async send(body) {
					// The result file first (R-DOS-6: digitised with its SHA-256), then the completion.
					if (body.file) {
						const a = await upload(path`/api/v1/dossiers/${code}/files/${safeFileName(body.file.name, 'ket-qua-')}`, body.file);
						body.result.file_sha256 = a.sha256;
					}
					delete body.file;
					return post(path`/api/v1/dossiers/${code}/complete`, body);
				},
			};
		}
		case 'return': {
			const method = select(['counter', 'post', 'online'].map((m) => ({ value: m, key: `staff.return.method.${m}` })),
				{ id: fid('method'), class: 'input-short' });
			return {
				nodes: [field({ label: 'staff.action.method', input: method, required: true })],
				collect: () => (setFieldError(method, method.value ? null : 'staff.action.method_required') ? { method: method.value } : null),
			};
		}
		default:
			return { nodes: [], collect: () => ({}) };
		}
	}

	function renderActions() {
		const section = $('#actions-section');
		const box = $('#actions');
		const ids = allowedActions();
		section.hidden = false;
		if (ids.length === 0) {
			const key = user.roles.some((g) => g.role === 'auditor') && !user.roles.some((g) => g.role !== 'auditor')
				? 'staff.actions.read_only' : FINAL.includes(d.status) ? 'staff.actions.final' : 'staff.actions.none';
			replace(box, h('p', { class: 'muted', i18n: key }));
			return;
		}
		const buttons = [];
		const panels = [];
		for (const id of ids) {
			const panelId = `action-${id}`;
			const btn = h('button', {
				type: 'button', class: ['btn', DANGER.includes(id) && 'btn--danger-outline'], id: `${panelId}-open`,
				'aria-expanded': 'false', 'aria-controls': panelId, i18n: `staff.action.${id}`,
				dataset: { action: id },
			});
			const spec = actionForm(id, panelId);
			const err = h('div', { class: 'action-error' });
			const submit = h('button', { type: 'submit', class: ['btn', DANGER.includes(id) ? 'btn--danger' : 'btn--primary'], i18n: `staff.action.${id}.submit` });
			const cancel = h('button', { type: 'button', class: 'btn btn--link', i18n: 'staff.action.cancel' });
			const form = h('form', { novalidate: true, class: 'action-form' }, spec.nodes, err,
				h('div', { class: 'form-actions' }, submit, cancel));
			const panel = h('div', { id: panelId, class: 'card action-panel', hidden: true, role: 'region', 'aria-labelledby': `${panelId}-title` },
				h('h3', { class: 'card__title', id: `${panelId}-title`, i18n: `staff.action.${id}` }), form);
			const close = () => {
				panel.hidden = true;
				btn.setAttribute('aria-expanded', 'false');
			};
			btn.addEventListener('click', () => {
				const opening = panel.hidden;
				for (const p of panels)
					p.close();
				if (opening) {
					panel.hidden = false;
					btn.setAttribute('aria-expanded', 'true');
					const first = form.querySelector('input, select, textarea, button');
					(first || submit).focus();
				}
			});
			cancel.addEventListener('click', () => {
				close();
				btn.focus();
			});
			form.addEventListener('submit', async (e) => {
				e.preventDefault();
				replace(err);
				replace($('#actions-messages'));
				const body = spec.collect();
				if (!body) {
					focusFirstInvalid(form);
					return;
				}
				await busy(submit, 'staff.busy', async () => {
					try {
						if (spec.send)
							await spec.send(body);
						else
							await post(path`/api/v1/dossiers/${code}/${id}`, body);
					} catch (ex) {
						showError(err, ex);
						if (ex.status === 409 || ex.status === 403) {
							// The dossier may have changed since this page was read: offer it afresh.
							const again = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.action.reload' });
							again.addEventListener('click', async () => {
								await refresh();
								$('#actions-heading').focus();
							});
							err.append(h('p', {}, again));
						}
						const alert = err.querySelector('[role="alert"]');
						if (alert) {
							alert.tabIndex = -1;
							alert.focus();
						}
						return;
					}
					await refresh();
					const msg = $('#actions-messages');
					replace(msg, alertBox('success', h('span', { i18n: `staff.action.${id}.done` })));
					msg.focus();
				});
			});
			panels.push({ panel, close });
			buttons.push(btn);
		}
		replace(box, h('div', { class: 'cluster action-buttons' }, buttons), panels.map((p) => p.panel));
	}

	function renderAll() {
		renderSummary();
		renderPapers();
		renderTimeline();
		renderClock();
		renderFiles();
	}

	async function refresh() {
		await load();
		renderAll();
		renderUpload();
		renderActions();
	}

	try {
		await load();
	} catch (err) {
		showError($('#dossier-messages'), err);
		return;
	}
	renderAll();
	renderUpload();
	renderActions();
	onLangChange(renderAll);
});
