// Staff sign-in (/can-bo/dang-nhap?next=…&expired=1): back to `next`
// (a staff path) after signing in.
import { signIn, signOut, STAFF_HOME, SIGN_IN_PATH } from '../api.js';
import { $, h, queryParam } from '../dom.js';
import { onLangChange, t } from '../i18n.js';
import { alertBox, showError, startPage } from '../layout.js';
import { setFieldError } from './staff-common.js';

/** Where to go after signing in: a staff path of this site, never elsewhere. */
function nextPath() {
	const next = queryParam('next') || '';
	const ok = (next === STAFF_HOME || next.startsWith(`${STAFF_HOME}/`) || next.startsWith(`${STAFF_HOME}?`)) &&
		!next.startsWith(SIGN_IN_PATH) && !next.includes('//') && !next.includes('\\');
	return ok ? next : STAFF_HOME;
}

startPage({ title: 'signin.title', requireSignIn: false }, async ({ user }) => {
	const form = $('#signin-form');
	const messages = $('#signin-messages');
	const username = $('#username');
	const password = $('#password');
	const submit = form.querySelector('button[type="submit"]');

	if (user) {
		// Signed in already: go on, or sign out to use another account (a shared counter PC).
		const other = h('button', { type: 'button', class: 'btn btn--small', i18n: 'staff.signin.switch' });
		other.addEventListener('click', async () => {
			other.disabled = true;
			try {
				await signOut();
			} catch {
				// unreachable server: the session ends with its expiry
			}
			location.reload();
		});
		const already = () => messages.replaceChildren(alertBox('info',
			t('signin.already', { name: user.full_name || user.username }), ' ',
			h('a', { href: nextPath(), i18n: 'signin.continue' }), ' ', other));
		already();
		onLangChange(already);
	} else if (queryParam('expired')) {
		messages.replaceChildren(alertBox('warning', h('span', { i18n: 'signin.expired' })));
	}

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const okUser = setFieldError(username, username.value.trim() ? null : 'signin.username_required');
		const okPass = setFieldError(password, password.value ? null : 'signin.password_required');
		if (!okUser || !okPass) {
			(okUser ? password : username).focus();
			return;
		}
		submit.disabled = true;
		submit.textContent = t('signin.busy');
		try {
			await signIn(username.value.trim(), password.value);
			location.assign(nextPath());
		} catch (err) {
			showError(messages, err);
			password.value = '';
			password.focus();
		} finally {
			submit.disabled = false;
			submit.textContent = t('signin.submit');
		}
	});
	if (!user)
		username.focus();
});
