// Administration home (/can-bo/quan-tri, administrators): the four areas.
import { $, h, replace } from '../dom.js';
import { startPage } from '../layout.js';
import { requireAdmin } from './staff-common.js';

const AREAS = [
	{ href: '/can-bo/quan-tri/don-vi', key: 'units' },
	{ href: '/can-bo/quan-tri/nguoi-dung', key: 'users' },
	{ href: '/can-bo/quan-tri/thu-tuc', key: 'procedures' },
	{ href: '/can-bo/quan-tri/lich', key: 'calendar' },
];

startPage({ title: 'staff.admin.title' }, async ({ user }) => {
	if (!requireAdmin(user, $('#admin-messages')))
		return;
	replace($('#admin-body'), h('ul', { class: 'grid admin-areas' }, AREAS.map((a) => h('li', { class: 'card' },
		h('h2', { class: 'card__title' }, h('a', { href: a.href, i18n: `staff.admin.${a.key}.heading` })),
		h('p', { class: 'muted', i18n: `staff.admin.${a.key}.lead` })))));
});
