/* The reads behind the reports; see index_report.h. */
#include "compat.h"

#include "core/err.h"
#include "store/index_report.h"
#include "store/procedures.h"
#include "store/users.h"

/* The subtree of ?1: every unit with the child of ?1 it lies under ('' for ?1 itself). */
static const char SQL_SCOPE[] =
	"WITH RECURSIVE sub(code, branch, depth) AS ("
	"SELECT code, '', 0 FROM units WHERE code = ?1 "
	"UNION ALL SELECT u.code, CASE WHEN sub.depth = 0 THEN u.code ELSE sub.branch END, "
	"sub.depth + 1 FROM units u JOIN sub ON u.parent = sub.code WHERE sub.depth < 8) "
	"SELECT sub.code, sub.branch, u.name, u.level FROM sub JOIN units u ON u.code = sub.code "
	"ORDER BY sub.depth, sub.code";
static const char SQL_ROOT[] =
	"SELECT code FROM units WHERE parent IS NULL OR parent = '' ORDER BY code LIMIT 1";
static const char SQL_FACTS[] =
	"SELECT received_at, end_at, end_kind, index_due, late_at, warn_at, second_supplement_at, "
	"channel, fee_bearing, paid_online, electronic_result, has_files, vneid, synced, rating, "
	"procedure_code FROM index_facts INDEXED BY index_facts_scan "
	"WHERE unit = ?1 AND end_at >= ?2 AND received_at < ?3";
static const char SQL_PROC_ONLINE[] =
	"SELECT EXISTS (SELECT 1 FROM procedures p, json_each(p.body, '$.channels') c "
	"WHERE p.code = ? AND p.current = 1 AND c.value = 'online')";

struct scope_unit {
	char code[UNIT_CODE_SIZE];
	int branch; /* index into the report's branches */
};

struct scope {
	struct scope_unit *units;
	int n;
	struct index_branch *branches;
	int n_branches;
};

static void scope_release(struct scope *s)
{
	free(s->units);
	free(s->branches);
	memset(s, 0, sizeof(*s));
}

static int branch_index(struct scope *s, const char *code, const char *name, const char *level)
{
	for (int i = 0; i < s->n_branches; i++)
		if (strcmp(s->branches[i].code, code) == 0)
			return i;
	snprintf(s->branches[s->n_branches].code, UNIT_CODE_SIZE, "%s", code);
	snprintf(s->branches[s->n_branches].name, UNIT_NAME_MAX + 1, "%s", name);
	snprintf(s->branches[s->n_branches].level, UNIT_LEVEL_MAX + 1, "%s", level);
	return s->n_branches++;
}

/* Loads the subtree of root; branch 0 is root itself. */
static int scope_load(struct db *db, const char *root, struct scope *s)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SCOPE);
	int step, rc = 0;

	memset(s, 0, sizeof(*s));
	s->units = calloc(INDEX_SCOPE_UNITS_MAX, sizeof(*s->units));
	s->branches = calloc(INDEX_SCOPE_UNITS_MAX, sizeof(*s->branches));
	if (!st || !s->units || !s->branches) {
		scope_release(s);
		return st ? ERR_NOMEM : ERR_IO;
	}
	db_bind_text(st, 1, root);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = db_col_text(st, 0), *branch = db_col_text(st, 1);
		struct scope_unit *u = &s->units[s->n];

		if (s->n == INDEX_SCOPE_UNITS_MAX) {
			rc = ERR_TOO_LARGE;
			break;
		}
		snprintf(u->code, sizeof(u->code), "%s", code);
		/* Rows come by depth: a branch's own row comes before its descendants. */
		u->branch = branch_index(s, *branch ? branch : code, db_col_text(st, 2),
					 db_col_text(st, 3));
		s->n++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	sqlite3_reset(st);
	if (!rc && s->n == 0)
		rc = ERR_NOT_FOUND;
	if (rc)
		scope_release(s);
	return rc;
}

int index_root_unit(struct db *db, char out[UNIT_CODE_SIZE])
{
	sqlite3_stmt *st = db_stmt(db, SQL_ROOT);
	int rc;

	out[0] = '\0';
	if (!st)
		return ERR_IO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_col_copy(st, 0, out, UNIT_CODE_SIZE);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
}

/* The distinct procedures of a report, and whether each had an online dossier. */
#define PROC_SLOTS (INDEX_PROCEDURES_MAX * 2)
struct procs {
	struct {
		char code[PROCEDURE_CODE_MAX + 1];
		bool used, online_dossier, offers_online;
	} slot[PROC_SLOTS];
	int n;
};

/* Adds a procedure; its slot, or -1 when it is counted no further. */
static int procs_add(struct procs *p, const char *code, bool online)
{
	uint32_t h = 2166136261u;
	size_t len = strlen(code);

	if (len > PROCEDURE_CODE_MAX)
		return -1;
	for (const char *c = code; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	for (uint32_t i = h % PROC_SLOTS;; i = (i + 1) % PROC_SLOTS) {
		if (!p->slot[i].used) {
			if (p->n == INDEX_PROCEDURES_MAX)
				return -1; /* INDEX_PROCEDURES_MAX is far above a catalog */
			p->slot[i].used = true;
			memcpy(p->slot[i].code, code, len + 1);
			p->n++;
		}
		if (strcmp(p->slot[i].code, code) == 0) {
			p->slot[i].online_dossier |= online;
			return (int)i;
		}
	}
}

/*
 * The distinct (branch, procedure) pairs of a report with branches, each
 * with whether the branch had an online dossier of the procedure: 3.1 and
 * 3.2 per branch. Open addressing over the keys branch · PROC_SLOTS +
 * slot + 1 (0: empty); at most half full. One pair per dossier at most, so
 * the size follows the population, not the catalog.
 */
struct pairs {
	uint32_t *key;
	bool *online;
	uint32_t n, cap; /* cap: a power of two */
};

static void pairs_put(struct pairs *q, uint32_t k, bool online)
{
	uint32_t i = (k * 2654435761u) & (q->cap - 1);

	while (q->key[i] && q->key[i] != k)
		i = (i + 1) & (q->cap - 1);
	if (!q->key[i]) {
		q->key[i] = k;
		q->n++;
	}
	q->online[i] |= online;
}

static void pairs_release(struct pairs *q)
{
	free(q->key);
	free(q->online);
	memset(q, 0, sizeof(*q));
}

static int pairs_add(struct pairs *q, int branch, int slot, bool online)
{
	if (2 * (q->n + 1) > q->cap) {
		struct pairs bigger = {0};

		bigger.cap = q->cap ? q->cap * 2 : 256;
		bigger.key = calloc(bigger.cap, sizeof(*bigger.key));
		bigger.online = calloc(bigger.cap, sizeof(*bigger.online));
		if (!bigger.key || !bigger.online) {
			pairs_release(&bigger);
			return ERR_NOMEM;
		}
		for (uint32_t i = 0; i < q->cap; i++)
			if (q->key[i])
				pairs_put(&bigger, q->key[i], q->online[i]);
		pairs_release(q);
		*q = bigger;
	}
	pairs_put(q, (uint32_t)branch * PROC_SLOTS + (uint32_t)slot + 1, online);
	return 0;
}

/*
 * 3.1 and 3.2 from the catalog: which of the procedures offer the online
 * channel, for the total and, with q, for each branch.
 */
static int procs_count(struct db *db, struct procs *p, struct index_tally *t,
		       const struct pairs *q, struct index_branch *branches)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PROC_ONLINE);

	if (!st)
		return ERR_IO;
	for (int i = 0; i < PROC_SLOTS; i++) {
		bool online;
		int step;

		if (!p->slot[i].used)
			continue;
		db_bind_text(st, 1, p->slot[i].code);
		step = sqlite3_step(st);
		online = step == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		if (step != SQLITE_ROW)
			return ERR_IO;
		p->slot[i].offers_online = online;
		t->procedures++;
		t->procedures_online += online;
		t->procedures_with_online_dossier += online && p->slot[i].online_dossier;
	}
	for (uint32_t i = 0; q && i < q->cap; i++) {
		uint32_t k = q->key[i] - 1;
		struct index_tally *b;
		bool online;

		if (!q->key[i])
			continue;
		b = &branches[k / PROC_SLOTS].tally;
		online = p->slot[k % PROC_SLOTS].offers_online;
		b->procedures++;
		b->procedures_online += online;
		b->procedures_with_online_dossier += online && q->online[i];
	}
	return 0;
}

static void read_fact(sqlite3_stmt *st, struct index_fact *f)
{
	f->received_at = sqlite3_column_int64(st, 0);
	f->end_at = sqlite3_column_int64(st, 1);
	f->end_kind = (enum index_end)sqlite3_column_int(st, 2);
	f->index_due = sqlite3_column_int64(st, 3);
	f->late_at = sqlite3_column_int64(st, 4);
	f->warn_at = sqlite3_column_int64(st, 5);
	f->second_supplement_at = sqlite3_column_int64(st, 6);
	f->channel = sqlite3_column_int(st, 7);
	f->fee_bearing = sqlite3_column_int(st, 8);
	f->paid_online = sqlite3_column_int(st, 9);
	f->electronic_result = sqlite3_column_int(st, 10);
	f->has_files = sqlite3_column_int(st, 11);
	f->vneid = sqlite3_column_int(st, 12);
	f->synced = sqlite3_column_int(st, 13);
	f->rating = (enum rating_level)sqlite3_column_int(st, 14);
}

/*
 * Tallies the dossiers of one competent unit into its branch's tally, and
 * their procedures into p and, with q, into the branch's pairs.
 */
static int scan_unit(struct db *db, const struct scope_unit *u, struct index_branch *branches,
		     int64_t from, int64_t judged, struct procs *p, struct pairs *q)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FACTS);
	struct index_tally *t = &branches[u->branch].tally;
	struct index_fact f = {0};
	int step, rc = 0;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, u->code);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, judged);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t before = t->population;
		int slot;

		read_fact(st, &f);
		index_tally_add(t, &f, from, judged);
		if (t->population == before)
			continue;
		slot = procs_add(p, db_col_text(st, 15), f.channel == 2);
		if (q && slot >= 0)
			rc = pairs_add(q, u->branch, slot, f.channel == 2);
	}
	sqlite3_reset(st);
	return rc ? rc : step == SQLITE_DONE ? 0 : ERR_IO;
}

int index_report_scan(struct db *db, const char *root, bool branches, int64_t from,
		      int64_t judged, struct index_report *out)
{
	struct scope s;
	struct pairs q = {0};
	struct procs *p = calloc(1, sizeof(*p));
	int rc = p ? scope_load(db, root, &s) : ERR_NOMEM;

	memset(out, 0, sizeof(*out));
	if (rc) {
		free(p);
		return rc;
	}
	for (int i = 0; !rc && i < s.n; i++)
		rc = scan_unit(db, &s.units[i], s.branches, from, judged, p, branches ? &q : NULL);
	for (int b = 0; !rc && b < s.n_branches; b++)
		index_tally_merge(&out->total, &s.branches[b].tally);
	if (!rc)
		rc = procs_count(db, p, &out->total, branches ? &q : NULL, s.branches);
	pairs_release(&q);
	if (!rc && branches) {
		out->branches = s.branches;
		out->n_branches = s.n_branches;
		s.branches = NULL;
	}
	free(p);
	scope_release(&s);
	if (rc)
		index_report_release(out);
	return rc;
}

void index_report_release(struct index_report *r)
{
	free(r->branches);
	r->branches = NULL;
	r->n_branches = 0;
}

/* --- R-IDX-2: the late list --- */

static const char SQL_LATE_FINISHED[] =
	"SELECT coalesce(to_user, ''), count(*), sum(verdict = 'late') FROM steps "
	"INDEXED BY steps_late WHERE unit = ?1 AND finished_at >= ?2 AND finished_at < ?3 "
	"GROUP BY 1";
static const char SQL_LATE_OPEN[] =
	"SELECT coalesce(to_user, ''), count(*) FROM steps INDEXED BY steps_late "
	"WHERE unit = ?1 AND finished_at IS NULL AND given_at < ?2 AND due_at < ?2 GROUP BY 1";
static const char SQL_META[] = "SELECT value FROM meta WHERE key = ?";
static const char SQL_META_PUT[] =
	"INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
	"excluded.value";

struct rows {
	struct index_late_row *v;
	int n, cap;
};

static struct index_late_row *row_of(struct rows *r, const char *unit, const char *user)
{
	for (int i = r->n - 1; i >= 0 && strcmp(r->v[i].unit, unit) == 0; i--)
		if (strcmp(r->v[i].username, user) == 0)
			return &r->v[i];
	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 64;
		struct index_late_row *v = realloc(r->v, (size_t)cap * sizeof(*v));

		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	snprintf(r->v[r->n].unit, UNIT_CODE_SIZE, "%s", unit);
	snprintf(r->v[r->n].username, sizeof(r->v[0].username), "%s", user);
	return &r->v[r->n++];
}

/* Adds one unit's steps to the unit rows and the officials' rows. */
static int late_unit(struct db *db, const char *unit, int64_t from, int64_t to, int64_t judged,
		     struct rows *units, struct rows *officials)
{
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *st = db_stmt(db, pass ? SQL_LATE_OPEN : SQL_LATE_FINISHED);
		int step;

		if (!st)
			return ERR_IO;
		db_bind_text(st, 1, unit);
		sqlite3_bind_int64(st, 2, pass ? judged : from);
		if (!pass)
			sqlite3_bind_int64(st, 3, to);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			const char *user = db_col_text(st, 0);
			int64_t n = sqlite3_column_int64(st, 1);
			int64_t late = pass ? n : sqlite3_column_int64(st, 2);
			struct index_late_row *u = row_of(units, unit, "");
			struct index_late_row *o = *user ? row_of(officials, unit, user) : NULL;

			if (!u || (*user && !o)) {
				sqlite3_reset(st);
				return ERR_NOMEM;
			}
			u->steps += n, u->late_steps += late;
			if (o)
				o->steps += n, o->late_steps += late;
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return ERR_IO;
	}
	return 0;
}

static int by_rate(const void *a, const void *b)
{
	const struct index_late_row *x = a, *y = b;
	/* rate x < rate y ⇔ x.late · y.steps < y.late · x.steps (no division) */
	int64_t l = x->late_steps * y->steps, r = y->late_steps * x->steps;
	int c;

	if (l != r)
		return l < r ? 1 : -1;
	if (x->late_steps != y->late_steps)
		return x->late_steps < y->late_steps ? 1 : -1;
	c = strcmp(x->unit, y->unit);
	return c ? c : strcmp(x->username, y->username);
}

/* Drops the rows under the minimum sample, sorts the rest. */
static void rank(struct rows *r, int min_steps)
{
	int k = 0;

	for (int i = 0; i < r->n; i++)
		if (r->v[i].steps >= min_steps)
			r->v[k++] = r->v[i];
	r->n = k;
	if (r->n > 1)
		qsort(r->v, (size_t)r->n, sizeof(*r->v), by_rate);
}

static int name_rows(struct db *db, struct rows *r, bool users)
{
	struct unit unit;

	for (int i = 0; i < r->n; i++) {
		if (units_get(db, r->v[i].unit, &unit) == 0)
			snprintf(r->v[i].unit_name, sizeof(r->v[i].unit_name), "%s", unit.name);
		if (!users)
			continue;
		if (users_full_name(db, r->v[i].username, r->v[i].full_name))
			return ERR_IO;
	}
	return 0;
}

int index_late_scan(struct db *db, const char *root, int64_t from, int64_t to, int64_t judged,
		    struct index_late *out)
{
	struct rows units = {0}, officials = {0};
	struct scope s;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = index_settings_get(db, &out->min_steps, &out->publish_officials);
	if (!rc)
		rc = scope_load(db, root, &s);
	if (rc)
		return rc;
	for (int i = 0; !rc && i < s.n; i++)
		rc = late_unit(db, s.units[i].code, from, to, judged, &units, &officials);
	if (!rc) {
		rank(&units, out->min_steps);
		rank(&officials, out->min_steps);
		rc = name_rows(db, &units, false);
	}
	if (!rc)
		rc = name_rows(db, &officials, out->publish_officials);
	scope_release(&s);
	out->units = units.v, out->n_units = units.n;
	out->officials = officials.v, out->n_officials = officials.n;
	if (rc)
		index_late_release(out);
	return rc;
}

void index_late_release(struct index_late *l)
{
	free(l->units);
	free(l->officials);
	l->units = l->officials = NULL;
	l->n_units = l->n_officials = 0;
}

static int meta_long(struct db *db, const char *key, long min, long max, long dflt, long *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_META);
	int step;

	*out = dflt;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *v = db_col_text(st, 0);
		char *end;
		long x = strtol(v, &end, 10);

		if (*v && !*end && x >= min && x <= max)
			*out = x;
	}
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}

int index_settings_get(struct db *db, int *min_steps, bool *publish_officials)
{
	long m, p;
	int rc = meta_long(db, "report.late_min_steps", 1, INDEX_LATE_MIN_STEPS_MAX,
			   INDEX_LATE_MIN_STEPS_DEFAULT, &m);

	if (!rc)
		rc = meta_long(db, "report.publish_officials", 0, 1, 0, &p);
	*min_steps = rc ? INDEX_LATE_MIN_STEPS_DEFAULT : (int)m;
	*publish_officials = !rc && p == 1;
	return rc;
}

static int meta_put(struct db *db, const char *key, long value)
{
	sqlite3_stmt *st = db_stmt(db, SQL_META_PUT);
	char text[24];

	if (!st)
		return ERR_IO;
	snprintf(text, sizeof(text), "%ld", value);
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, text);
	return db_step_done(st);
}

int index_settings_put(struct db *db, int min_steps, int publish)
{
	int rc = 0;

	if (min_steps >= 0)
		rc = meta_put(db, "report.late_min_steps", min_steps);
	if (!rc && publish >= 0)
		rc = meta_put(db, "report.publish_officials", publish != 0);
	return rc;
}
