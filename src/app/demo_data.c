/* The demo database; see demo_data.h. */
#include "compat.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "app/api.h"
#include "app/auth.h"
#include "app/demo.h"
#include "app/demo_data.h"
#include "app/flow.h"
#include "core/date.h"
#include "core/err.h"
#include "core/ident.h"
#include "data/embedded.h"
#include "papers/papers.h"
#include "store/attachments.h"
#include "store/blobs.h"
#include "store/audit.h"
#include "store/catalog_import.h"
#include "store/units_import.h"
#include "store/users.h"

#define CITY_CENTRE "000.00.20.H27"
#define FINANCE_PROCEDURE "2.001610"
#define PLAN_ACTIONS_MAX 20
#define PROCS_MAX 64
#define COMMUNES_MAX 256
#define HOUR_S 3600
#define WORKDAY_S (15 * HOUR_S / 2) /* a day of the default office hours */
#define START_TRIES 8                /* draws of a reception time before now */

enum actor { ACTOR_APPLICANT, ACTOR_RECEIVER, ACTOR_SPECIALIST, ACTOR_LEADER, ACTORS };
#define ACTION_CREATE ACTION_COUNT

struct planned {
	int64_t at;
	uint8_t action; /* enum dossier_action, or ACTION_CREATE */
	uint8_t actor;  /* enum actor */
	int64_t value;  /* new_due, an amount, a rating level */
};

struct plan {
	int proc;
	int commune; /* the commune of a commune-level procedure, else -1 */
	int recv;    /* the commune whose one-stop unit receives it; -1: the city centre */
	uint8_t channel;
	bool receive_at_create, finance;
	bool files;      /* the components are scanned and attached at creation */
	bool digitised;  /* the result is attached as a file (R-DIG-1, 4.1/4.2) */
	char key[5];
	uint32_t seed;
	uint8_t n, next;
	bool failed;
	struct planned a[PLAN_ACTIONS_MAX];
	char code[DOSSIER_CODE_SIZE];
};

struct commune {
	char code[UNIT_CODE_SIZE], one_stop[UNIT_CODE_SIZE];
};

/* The demo's two sample files (papers.h, paper_render_sample), stored once. */
enum sample { SAMPLE_COMPONENTS, SAMPLE_RESULT, SAMPLES };

static const char *const sample_names[SAMPLES] = {"thanh-phan-ho-so.pdf", "ket-qua.pdf"};
static const char *const components_lines[] = {
	"Bản chụp các thành phần hồ sơ do người nộp cung cấp.",
	"Tệp mẫu của dữ liệu minh hoạ motcua: không có giá trị pháp lý.",
};
static const char *const result_lines[] = {
	"Bản điện tử của kết quả giải quyết thủ tục hành chính.",
	"Tệp mẫu của dữ liệu minh hoạ motcua: không có giá trị pháp lý.",
};
static const struct paper_sample samples[SAMPLES] = {
	{"THÀNH PHẦN HỒ SƠ (BẢN CHỤP)", components_lines, ARRAY_SIZE(components_lines)},
	{"KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", result_lines, ARRAY_SIZE(result_lines)},
};

struct demo_run {
	struct app *app;
	const struct demo_config *cfg;
	struct procedure *procs[PROCS_MAX];
	int n_procs;
	int pool_procs[PROCS_MAX]; /* those the pool draws from (pool_procedure) */
	int n_pool_procs;
	struct commune communes[COMMUNES_MAX];
	int n_communes;
	struct plan *plans; /* the current chunk */
	int n_plans, plans_max;
	struct worktime wt;
	struct office_hours hours;
	uint64_t rng;
	/* actors: the Sở Tài chính users, the city-wide ones, the applicant */
	struct request *actors[2][ACTORS];
	struct {
		char sha256[BLOB_SHA256_HEX_SIZE];
		int64_t size;
	} files[SAMPLES];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int in_flight;
	int round;
	struct demo_counts counts;
};

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A uniform double in [0, 1). */
static double unif(uint64_t *s)
{
	return (double)(next_rand(s) >> 11) / 9007199254740992.0;
}

static bool chance(uint64_t *s, double p)
{
	return unif(s) < p;
}

static int64_t after(struct demo_run *d, int64_t t, double working_hours)
{
	int64_t out = t;

	worktime_add(&d->wt, t, (int64_t)(working_hours * HOUR_S), &out);
	return out;
}

static const char SQL_UNITS_COUNT[] = "SELECT count(*) FROM units";
static const char SQL_DEMO_MARK[] = "SELECT value FROM meta WHERE key = 'demo'";
static const char SQL_COMMUNES[] =
	"SELECT c.code, o.code FROM units c JOIN units o ON o.parent = c.code AND "
	"o.kind = 'one_stop' WHERE c.level = 'commune' AND c.valid_to IS NULL ORDER BY c.code";
static const char SQL_PROCEDURE_CODES[] =
	"SELECT code FROM procedures WHERE current = 1 ORDER BY code";

/* 0: empty database; 1: the demo is there; ERR_CONFLICT: something else. */
static int database_state(struct app *app)
{
	struct db *db = store_read_begin(app->store);
	sqlite3_stmt *st = db ? db_stmt(db, SQL_UNITS_COUNT) : NULL;
	int units = -1, rc;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		units = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	st = db ? db_stmt(db, SQL_DEMO_MARK) : NULL;
	rc = units < 0 ? ERR_IO : units == 0 ? 0 : ERR_CONFLICT;
	if (st && sqlite3_step(st) == SQLITE_ROW && strcmp(db_col_text(st, 0), "1") == 0)
		rc = 1;
	if (st)
		sqlite3_reset(st);
	store_read_end(app->store, db);
	return rc;
}

static int mark_change(struct store_tx *tx, void *arg)
{
	sqlite3_stmt *st = db_stmt(tx->db, "INSERT INTO meta(key, value) VALUES ('demo', '1')");
	int rc = st ? db_step_done(st) : ERR_IO;

	return rc ? rc : audit_append(tx, ((const struct demo_config *)arg)->now, "demo",
				      "demo.load", "meta", "{}");
}

static int import_data(struct app *app, const struct demo_config *cfg, char *why,
		       size_t why_size)
{
	const struct embedded_file *units = embedded_find("data/units/haiphong.json");
	const struct embedded_file *cat = embedded_find("data/catalog/procedures.json");
	size_t n;
	int rc;

	if (!units || !cat)
		return snprintf(why, why_size, "the demo data is missing from the binary"), ERR_IO;
	rc = units_import_json(app->store, (const char *)units->data, units->len, "demo",
			       "haiphong.json", cfg->now, &n, why, why_size);
	if (!rc)
		rc = catalog_import_json(app->store, (const char *)cat->data, cat->len, "demo",
					 cfg->now, why, why_size);
	if (!rc && (rc = demo_users_create(app->store, cfg->password)))
		snprintf(why, why_size, "demo users: %s", err_title(rc));
	return rc;
}

/* The pool's: submitted online, and the result returned at the one-stop unit. */
static bool pool_procedure(const struct procedure *p)
{
	return (p->channels & CHANNEL_ONLINE) && p->n_steps >= 3 &&
	       strcmp(p->steps[p->n_steps - 1].role, "return") == 0;
}

static int load_procedures(struct demo_run *d, struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PROCEDURE_CODES);
	char codes[PROCS_MAX][PROCEDURE_CODE_MAX + 1];
	int n = 0, rc = st ? 0 : ERR_IO;

	while (st && n < PROCS_MAX && sqlite3_step(st) == SQLITE_ROW)
		snprintf(codes[n++], sizeof(codes[0]), "%s", db_col_text(st, 0));
	if (st)
		sqlite3_reset(st);
	for (int i = 0; !rc && i < n; i++) {
		d->procs[i] = malloc(sizeof(*d->procs[i]));
		rc = d->procs[i] ? procedure_load(db, codes[i], 0, d->procs[i]) : ERR_NOMEM;
		d->n_procs = i + 1;
		if (!rc && pool_procedure(d->procs[i]))
			d->pool_procs[d->n_pool_procs++] = i;
	}
	return rc;
}

static int load_catalog(struct demo_run *d)
{
	struct db *db = store_read_begin(d->app->store);
	sqlite3_stmt *st;
	int rc = db ? load_procedures(d, db) : ERR_BUSY;

	st = db && !rc ? db_stmt(db, SQL_COMMUNES) : NULL;
	while (st && d->n_communes < COMMUNES_MAX && sqlite3_step(st) == SQLITE_ROW) {
		struct commune *c = &d->communes[d->n_communes++];

		snprintf(c->code, sizeof(c->code), "%s", db_col_text(st, 0));
		snprintf(c->one_stop, sizeof(c->one_stop), "%s", db_col_text(st, 1));
	}
	if (st)
		sqlite3_reset(st);
	store_read_end(d->app->store, db);
	if (!rc && !(d->n_procs && d->n_communes && (d->n_pool_procs || d->cfg->pool <= 0)))
		rc = ERR_NOT_FOUND;
	return rc;
}

/* A request standing for one demo user (NULL name: the anonymous applicant). */
static struct request *actor_request(struct demo_run *d, const char *username)
{
	struct request *r = calloc(1, sizeof(*r));
	struct db *db;
	struct user u;
	int rc = 0;

	if (!r)
		return NULL;
	r->app = d->app;
	if (username) {
		db = store_read_begin(d->app->store);
		rc = db ? users_get(db, username, &u, NULL) : ERR_BUSY;
		store_read_end(d->app->store, db);
		if (!rc)
			rc = auth_attach(r, &u);
	}
	if (rc) {
		free(r);
		return NULL;
	}
	return r;
}

static int make_actors(struct demo_run *d)
{
	static const char *const names[2][ACTORS] = {
		{NULL, "tiepnhan", "chuyenvien", "lanhdao"},
		{NULL, "canbo.tiepnhan", "canbo.chuyenvien", "canbo.lanhdao"},
	};

	for (int g = 0; g < 2; g++)
		for (int a = 0; a < ACTORS; a++)
			if (!(d->actors[g][a] = actor_request(d, names[g][a])))
				return ERR_NOT_FOUND;
	return 0;
}

static void add(struct plan *p, int64_t at, int action, int actor, int64_t value)
{
	/* Each action comes after the one before it (the ledgers never go back). */
	if (p->n && at <= p->a[p->n - 1].at)
		at = p->a[p->n - 1].at + 60;
	if (p->n < PLAN_ACTIONS_MAX)
		p->a[p->n++] = (struct planned){at, (uint8_t)action, (uint8_t)actor, value};
}

/* Who holds step k of the procedure. */
static int holder(const struct procedure *proc, int k)
{
	const char *role = proc->steps[k].role;

	if (strcmp(role, "leader") == 0)
		return ACTOR_LEADER;
	if (strcmp(role, "specialist") == 0)
		return ACTOR_SPECIALIST;
	return ACTOR_RECEIVER;
}

static int64_t budget_s(const struct procedure_step *s)
{
	switch (s->duration.unit) {
	case DURATION_WORKING_HOURS:
		return (int64_t)s->duration.amount * HOUR_S;
	case DURATION_WORKING_DAYS:
		return (int64_t)s->duration.amount * WORKDAY_S;
	default:
		return WORKDAY_S / 2;
	}
}

/*
 * A random instant of office hours on a working day of [from, to), before
 * now: the office hours after a start late in the window may be to come.
 */
static int64_t random_start(struct demo_run *d, int64_t from, int64_t to)
{
	for (int tries = 0; tries < START_TRIES; tries++) {
		int64_t t = from + (int64_t)(unif(&d->rng) * (double)(to - from));

		t = after(d, after(d, t, 0.01), unif(&d->rng) * 6.5);
		if (t <= d->cfg->now)
			return t;
	}
	return d->cfg->now - 60;
}

static void choose_place(struct demo_run *d, struct plan *p)
{
	const struct procedure *proc;
	double r = unif(&d->rng);

	/*
	 * A sixth of the dossiers are business registrations at Sở Tài chính,
	 * handled by the demo users tiepnhan, chuyenvien and lanhdao, so that
	 * their queues have work; the city-wide canbo.* users handle the rest.
	 */
	p->finance = r < 0.17;
	do {
		p->proc = (int)(next_rand(&d->rng) % (uint64_t)d->n_procs);
		proc = d->procs[p->proc];
	} while (p->finance && strcmp(proc->code, FINANCE_PROCEDURE) != 0);
	p->commune = strcmp(proc->level, "commune") == 0
			     ? (int)(next_rand(&d->rng) % (uint64_t)d->n_communes)
			     : -1;
	p->recv = p->commune;
	r = unif(&d->rng);
	p->channel = r < 0.45 && (proc->channels & CHANNEL_ONLINE)  ? CHANNEL_ONLINE
		     : r < 0.55 && (proc->channels & CHANNEL_POST) ? CHANNEL_POST
								    : CHANNEL_COUNTER;
	p->seed = (uint32_t)next_rand(&d->rng);
	snprintf(p->key, sizeof(p->key), "%04u", p->seed % 10000);
	/* Drawn either way, so that the stories do not depend on the files. */
	p->files = chance(&d->rng, p->channel == CHANNEL_ONLINE ? 0.95 : 0.8) &&
		   !d->cfg->without_files;
	p->digitised = chance(&d->rng, 0.85) && !d->cfg->without_files;
}

/* Reception: at the counter at once; online and by post after a check. */
static int64_t plan_reception(struct demo_run *d, struct plan *p, int64_t t)
{
	if (p->channel == CHANNEL_COUNTER) {
		p->receive_at_create = true;
		add(p, t, ACTION_CREATE, ACTOR_RECEIVER, 0);
		return t;
	}
	add(p, t, ACTION_CREATE, ACTOR_APPLICANT, 0);
	if (chance(&d->rng, 0.03)) {
		add(p, after(d, t, 2), ACTION_REFUSE, ACTOR_RECEIVER, 0);
		return 0;
	}
	if (chance(&d->rng, 0.04)) {
		t = after(d, t, 2);
		add(p, t, ACTION_REQUEST_SUPPLEMENT, ACTOR_RECEIVER, 0);
		t = after(d, t, 7.5 * (1 + unif(&d->rng) * 2));
		add(p, t, ACTION_SUPPLEMENT, ACTOR_APPLICANT, 0);
	}
	t = after(d, t, 0.5 + unif(&d->rng) * 5.5);
	add(p, t, ACTION_RECEIVE, ACTOR_RECEIVER, 0);
	return t;
}

struct story {
	bool late, apology, supplement, payment, withdraw, stop;
	int slow;
	int64_t due;  /* the planned due, moved by the planned pauses */
	int64_t due0; /* before the pauses: the clock's rounding may move the due less */
};

/* A slow step runs past the due time; half of those get an apology first. */
static int64_t slow_step(struct demo_run *d, struct plan *p, struct story *s, int64_t t,
			 int64_t spend)
{
	int64_t left = 0, ta = after(d, s->due0, -11.25);

	if (s->apology && ta > t) {
		int64_t nd = after(d, s->due, 7.5 * (3 + unif(&d->rng) * 3));

		add(p, ta, ACTION_APOLOGIZE, ACTOR_LEADER, worktime_close(&d->wt, date_local_day(nd)));
	}
	worktime_between(&d->wt, t, s->due, &left);
	if (spend < left + WORKDAY_S / 3)
		spend = left + (int64_t)((0.3 + unif(&d->rng) * 2.7) * WORKDAY_S);
	return spend;
}

/* Plans step k; returns the time it ends, or 0 when the dossier ends there. */
static int64_t plan_step(struct demo_run *d, struct plan *p, struct story *s, int k, int end,
			 int64_t t)
{
	const struct procedure *proc = d->procs[p->proc];
	int who = holder(proc, k);
	int64_t spend = (int64_t)((double)budget_s(&proc->steps[k]) * (0.15 + 0.6 * unif(&d->rng)));

	if (k == 1 && s->withdraw) {
		t = after(d, t, (double)spend / 2 / HOUR_S);
		add(p, t, ACTION_WITHDRAW, ACTOR_APPLICANT, 0);
		add(p, after(d, t, 7.5), ACTION_STOP, ACTOR_RECEIVER, 0);
		return 0;
	}
	if (k == 1 && s->stop) {
		add(p, after(d, t, (double)spend / HOUR_S), ACTION_STOP, who, 0);
		return 0;
	}
	if (k == 1 && s->supplement) {
		int64_t asked = after(d, t, (double)spend / 2 / HOUR_S), paused = 0;

		add(p, asked, ACTION_REQUEST_SUPPLEMENT, who, 0);
		t = after(d, asked, 7.5 * (1 + unif(&d->rng) * 3));
		add(p, t, ACTION_SUPPLEMENT, ACTOR_APPLICANT, 0);
		worktime_between(&d->wt, asked, t, &paused);
		s->due = after(d, s->due, (double)paused / HOUR_S);
	}
	if (k == s->slow && s->late)
		spend = slow_step(d, p, s, t, spend);
	if (k == end && who == ACTOR_LEADER && s->payment) {
		int64_t asked = after(d, t, (double)spend / 3 / HOUR_S);

		add(p, asked, ACTION_REQUEST_PAYMENT, who, proc->fee_vnd);
		t = after(d, asked, 4 + unif(&d->rng) * 11);
		add(p, t, ACTION_CONFIRM_PAYMENT, who, chance(&d->rng, 0.7));
	}
	t = after(d, t, (double)spend / HOUR_S);
	add(p, t, k == end ? ACTION_COMPLETE : ACTION_FORWARD, who, 0);
	return t;
}

static void plan_processing(struct demo_run *d, struct plan *p, int64_t t)
{
	const struct procedure *proc = d->procs[p->proc];
	int last = proc->n_steps - 1;
	int end = last > 0 && strcmp(proc->steps[last].role, "return") == 0 ? last - 1 : last;
	struct story s = {0};
	double r;

	s.late = chance(&d->rng, 0.12);
	s.apology = s.late && chance(&d->rng, 0.5);
	s.supplement = end >= 1 && chance(&d->rng, 0.08);
	s.payment = proc->has_fee && proc->fee_vnd > 0 && chance(&d->rng, 0.3);
	s.withdraw = end >= 1 && chance(&d->rng, 0.02);
	s.stop = end >= 1 && !s.withdraw && chance(&d->rng, 0.02);
	s.slow = end >= 1 ? 1 + (int)(next_rand(&d->rng) % (uint64_t)end) : 0;
	worktime_due(&d->wt, t, proc->processing_time, &s.due);
	s.due0 = s.due;
	for (int k = 0; k <= end && t; k++)
		t = plan_step(d, p, &s, k, end, t);
	if (!t)
		return;
	t = after(d, t, 1.5 + unif(&d->rng) * 10);
	add(p, t, ACTION_RETURN, ACTOR_RECEIVER, 0);
	r = unif(&d->rng);
	if (r < 0.6)
		add(p, after(d, t, unif(&d->rng) * 15), ACTION_RATING, ACTOR_APPLICANT,
		    r < 0.33 ? RATING_VERY_SATISFIED : r < 0.57 ? RATING_SATISFIED
							   : RATING_NOT_SATISFIED);
}

static int by_start(const void *a, const void *b)
{
	int64_t x = ((const struct plan *)a)->a[0].at, y = ((const struct plan *)b)->a[0].at;

	return (x > y) - (x < y);
}

/* Plans the chunk's dossiers, received within [from, to). */
static void plan_chunk(struct demo_run *d, int64_t from, int64_t to)
{
	memset(d->plans, 0, (size_t)d->n_plans * sizeof(*d->plans));
	for (int i = 0; i < d->n_plans; i++) {
		struct plan *p = &d->plans[i];
		int64_t t = random_start(d, from, to);

		choose_place(d, p);
		t = plan_reception(d, p, t);
		if (t)
			plan_processing(d, p, t);
		/* What would happen after now has not happened yet. */
		while (p->n > 1 && p->a[p->n - 1].at > d->cfg->now)
			p->n--;
	}
	/* Codes follow the days: create in time order. */
	qsort(d->plans, (size_t)d->n_plans, sizeof(*d->plans), by_start);
}

/*
 * The pool: dossiers submitted online just now, one action each, left to
 * the city-wide staff (canbo.*). Province procedures are received at any
 * commune's one-stop unit too (as the communes' centres do since 2025),
 * which keeps the city centre far below its 9,999 dossiers a day (R-DOS-1).
 */
static void plan_pool(struct demo_run *d)
{
	memset(d->plans, 0, (size_t)d->n_plans * sizeof(*d->plans));
	for (int i = 0; i < d->n_plans; i++) {
		struct plan *p = &d->plans[i];
		const struct procedure *proc;

		p->proc = d->pool_procs[next_rand(&d->rng) % (uint64_t)d->n_pool_procs];
		proc = d->procs[p->proc];
		p->recv = (int)(next_rand(&d->rng) % (uint64_t)d->n_communes);
		p->commune = strcmp(proc->level, "commune") == 0 ? p->recv : -1;
		p->channel = CHANNEL_ONLINE;
		p->seed = (uint32_t)next_rand(&d->rng);
		snprintf(p->key, sizeof(p->key), "%04u", p->seed % 10000);
		add(p, d->cfg->now - 1, ACTION_CREATE, ACTOR_APPLICANT, 0);
	}
}

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ",
				     "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"};
static const char *const middle[] = {"Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc",
				     "Quang", "Thanh", "Hữu", "Kim"};
static const char *const given[] = {"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng",
				    "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam",
				    "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn"};

/* A plausible applicant: a citizen (R-ID-1) or, for business procedures, a company (R-ID-2). */
static int applicant_of(const struct plan *p, const struct procedure *proc, struct flow *f)
{
	uint64_t s = p->seed | 1;
	int year = 1950 + (int)(next_rand(&s) % 56);
	bool company = strstr(proc->name, "doanh nghiệp") != NULL && next_rand(&s) % 2;
	char name[128], id[16], phone[16];
	json_t *j;

	snprintf(name, sizeof(name), "%s %s %s", family[next_rand(&s) % ARRAY_SIZE(family)],
		 middle[next_rand(&s) % ARRAY_SIZE(middle)], given[next_rand(&s) % ARRAY_SIZE(given)]);
	snprintf(phone, sizeof(phone), "09%04u%s", (unsigned)(next_rand(&s) % 10000), p->key);
	if (company) {
		int check;

		do {
			snprintf(id, sizeof(id), "02%07u", (unsigned)(next_rand(&s) % 10000000));
			check = ident_tax_check_digit(id);
		} while (check < 0);
		id[9] = (char)('0' + check % 10);
		id[10] = '\0';
		snprintf(name, sizeof(name), "Công ty TNHH %s", given[next_rand(&s) % ARRAY_SIZE(given)]);
	} else {
		snprintf(id, sizeof(id), "%03d%d%02d%06u", next_rand(&s) % 3 ? 31 : 30,
			 (year >= 2000 ? 2 : 0) + (int)(next_rand(&s) % 2), year % 100,
			 (unsigned)(next_rand(&s) % 1000000));
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind",
		      company ? "organization" : "citizen", "name", name,
		      company ? "tax_code" : "id_number", id, "phone", phone, "email", "",
		      "address", "Hải Phòng", "vneid", !company && next_rand(&s) % 3 == 0);
	f->applicant = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	snprintf(f->applicant_key, sizeof(f->applicant_key), "%s", id);
	snprintf(f->tracking_key, sizeof(f->tracking_key), "%s", p->key);
	return f->applicant ? 0 : ERR_NOMEM;
}

/* The components a complete dossier brings: every required one. */
static char *components_of(const struct procedure *proc, bool all)
{
	json_t *a = json_array();
	char *text;

	for (int i = 0; i < proc->n_components; i++)
		if (all || proc->components[i].required)
			json_array_append_new(a, json_string(proc->components[i].name));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

static const char *const reasons[] = {
	[ACTION_REQUEST_SUPPLEMENT] = "Thành phần hồ sơ chưa đầy đủ theo quy định",
	[ACTION_REFUSE] = "Hồ sơ không thuộc thẩm quyền giải quyết của đơn vị",
	[ACTION_APOLOGIZE] = "Cần xác minh thêm thông tin với cơ quan liên quan",
	[ACTION_WITHDRAW] = "Người nộp hồ sơ đề nghị rút hồ sơ",
	[ACTION_STOP] = "Hồ sơ không đủ điều kiện sau thẩm định",
};

static int competent_of(struct demo_run *d, const struct plan *p, struct flow *f)
{
	const struct procedure *proc = d->procs[p->proc];
	struct db *db;
	int rc;

	if (p->commune < 0) {
		snprintf(f->competent_unit, sizeof(f->competent_unit), "%s", proc->competent_unit);
		return 0;
	}
	db = store_read_begin(d->app->store);
	rc = db ? procedure_resolve_unit(db, proc->competent_role[0] ? proc->competent_role
								    : "commune:self",
					 d->communes[p->commune].code, f->competent_unit)
		: ERR_BUSY;
	store_read_end(d->app->store, db);
	return rc;
}

static int fill_create(struct demo_run *d, const struct plan *p, struct flow *f)
{
	const struct procedure *proc = d->procs[p->proc];
	const char *recv = p->recv < 0 ? CITY_CENTRE : d->communes[p->recv].one_stop;
	int rc;

	f->proc = d->procs[p->proc];
	snprintf(f->channel, sizeof(f->channel), "%s",
		 p->channel == CHANNEL_ONLINE ? "online" : p->channel == CHANNEL_POST ? "post"
											: "counter");
	snprintf(f->receiving_unit, sizeof(f->receiving_unit), "%s", recv);
	snprintf(f->returning_unit, sizeof(f->returning_unit), "%s", recv);
	f->receive = p->receive_at_create;
	rc = applicant_of(p, proc, f);
	if (!rc)
		rc = competent_of(d, p, f);
	if (!rc && !(f->components = components_of(proc, false)))
		rc = ERR_NOMEM;
	if (!rc)
		f->vneid = strstr(f->applicant, "\"vneid\":true") != NULL;
	return rc;
}

/* The body of one planned action, as a handler would have read it. */
static int fill_action(struct demo_run *d, const struct plan *p, const struct planned *a,
		       struct flow *f)
{
	const struct procedure *proc = d->procs[p->proc];

	f->action = (enum dossier_action)a->action;
	snprintf(f->code, sizeof(f->code), "%s", p->code);
	if (a->actor == ACTOR_APPLICANT)
		snprintf(f->key, sizeof(f->key), "%s", p->key);
	if (a->action < ARRAY_SIZE(reasons) && reasons[a->action])
		snprintf(f->reason, sizeof(f->reason), "%s", reasons[a->action]);
	f->in.has_reason = f->reason[0] != '\0';
	switch (f->action) {
	case ACTION_REQUEST_SUPPLEMENT:
	case ACTION_SUPPLEMENT:
		if (!(f->items = components_of(proc, true)))
			return ERR_NOMEM;
		f->in.items = 1;
		break;
	case ACTION_APOLOGIZE:
		f->in.new_due = a->value;
		break;
	case ACTION_REQUEST_PAYMENT:
		f->in.amount_vnd = a->value;
		break;
	case ACTION_CONFIRM_PAYMENT:
		f->online = a->value != 0;
		break;
	case ACTION_COMPLETE: {
		json_t *res = json_pack("{s:s, s:s?}", "name", "Kết quả giải quyết thủ tục",
					"file_sha256",
					p->digitised ? d->files[SAMPLE_RESULT].sha256 : NULL);

		f->result = res ? json_dumps(res, JSON_COMPACT) : NULL;
		json_decref(res);
		if (!f->result)
			return ERR_NOMEM;
		f->in.has_result = true;
		break;
	}
	case ACTION_RETURN:
		snprintf(f->method, sizeof(f->method), "%s",
			 p->channel == CHANNEL_ONLINE ? "online" : "counter");
		break;
	case ACTION_RATING:
		f->in.rating = (enum rating_level)a->value;
		snprintf(f->rating, sizeof(f->rating), "%s", rating_level_name(f->in.rating));
		if (f->in.rating == RATING_NOT_SATISFIED) {
			snprintf(f->reason, sizeof(f->reason), "Thời gian chờ kéo dài");
			f->in.has_reason = true;
		}
		break;
	default:
		break;
	}
	return 0;
}

struct job {
	struct demo_run *d;
	struct plan *p;
	struct flow *f;
};

/* Attaches a sample file to the dossier, as an upload would (flow_attach). */
static int attach(struct store_tx *tx, const struct job *j, enum sample k)
{
	struct attachment a = {.size = j->d->files[k].size, .added_at = j->f->now};
	bool replaced;

	snprintf(a.dossier, sizeof(a.dossier), "%s", j->f->code);
	snprintf(a.name, sizeof(a.name), "%s", sample_names[k]);
	snprintf(a.sha256, sizeof(a.sha256), "%s", j->d->files[k].sha256);
	snprintf(a.type, sizeof(a.type), "application/pdf");
	snprintf(a.added_by, sizeof(a.added_by), "%s", j->f->actor);
	return flow_attach(tx, &a, false, &replaced);
}

static int job_change(struct store_tx *tx, void *arg)
{
	struct job *j = arg;
	int rc;

	if (j->p->next == 0) {
		rc = flow_create_change(tx, j->f);
		return !rc && j->p->files ? attach(tx, j, SAMPLE_COMPONENTS) : rc;
	}
	if (j->f->action == ACTION_COMPLETE && j->p->digitised &&
	    (rc = attach(tx, j, SAMPLE_RESULT)))
		return rc;
	return flow_act_change(tx, j->f);
}

static void job_done(void *arg, int rc)
{
	struct job *j = arg;
	struct demo_run *d = j->d;
	int action = j->p->a[j->p->next].action;

	if (rc)
		j->p->failed = true;
	else if (j->p->next == 0)
		snprintf(j->p->code, sizeof(j->p->code), "%s", j->f->code);
	j->p->next++;
	j->f->proc = NULL; /* shared by the run */
	flow_free(j->f);
	free(j);
	pthread_mutex_lock(&d->lock);
	d->counts.changes++;
	d->counts.refused += rc != 0;
	for (size_t k = 0; rc && k < ARRAY_SIZE(d->counts.refusals); k++) {
		if (d->counts.refusals[k].count == 0 ||
		    (d->counts.refusals[k].action == action && d->counts.refusals[k].rc == rc)) {
			d->counts.refusals[k].action = action;
			d->counts.refusals[k].rc = rc;
			d->counts.refusals[k].count++;
			break;
		}
	}
	d->in_flight--;
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

static struct job *job_new(struct demo_run *d, struct plan *p)
{
	const struct planned *a = &p->a[p->next];
	struct job *j = calloc(1, sizeof(*j));
	struct flow *f = calloc(1, sizeof(*f));
	int rc;

	if (!j || !f) {
		free(j);
		free(f);
		return NULL;
	}
	f->req = d->actors[p->finance ? 0 : 1][a->actor];
	f->now = a->at;
	snprintf(f->actor, sizeof(f->actor), "%s",
		 auth_username(f->req) ? auth_username(f->req) : "public");
	rc = a->action == ACTION_CREATE ? fill_create(d, p, f) : fill_action(d, p, a, f);
	if (rc) {
		f->proc = NULL;
		flow_free(f);
		free(j);
		return NULL;
	}
	*j = (struct job){d, p, f};
	return j;
}

/* Renders the sample files and stores them in the data directory. */
static int store_samples(struct demo_run *d, char *why, size_t why_size)
{
	struct paper_fonts fonts;
	int rc = paper_fonts_find(&fonts);

	if (rc)
		snprintf(why, why_size, "demo: no font for the sample files (docs/papers.md)");
	for (int k = 0; k < SAMPLES && !rc; k++) {
		char *pdf = NULL;
		size_t len = 0;

		rc = paper_render_sample(&samples[k], &fonts, &pdf, &len);
		if (!rc && (rc = blobs_put(d->app->data_dir, pdf, len, d->files[k].sha256)))
			snprintf(why, why_size, "demo: cannot store a sample file under %s",
				 d->app->data_dir);
		d->files[k].size = (int64_t)len;
		free(pdf);
	}
	return rc;
}

/* Submits the next action of every live plan, then waits for all of them. */
static int run_round(struct demo_run *d, int *submitted)
{
	*submitted = 0;
	for (int i = 0; i < d->n_plans; i++) {
		struct plan *p = &d->plans[i];
		struct job *j;

		if (p->failed || p->next >= p->n)
			continue;
		if (!(j = job_new(d, p)))
			return ERR_NOMEM;
		pthread_mutex_lock(&d->lock);
		d->in_flight++;
		while (store_submit(d->app->store, job_change, job_done, j))
			pthread_cond_wait(&d->cond, &d->lock); /* the queue is full: wait */
		pthread_mutex_unlock(&d->lock);
		(*submitted)++;
	}
	pthread_mutex_lock(&d->lock);
	while (d->in_flight > 0)
		pthread_cond_wait(&d->cond, &d->lock);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/* Runs the plans of the chunk to their end, round by round. */
static int run_plans(struct demo_run *d)
{
	int n, rc;

	do {
		rc = run_round(d, &n);
		if (!rc && n && d->cfg->progress)
			fprintf(d->cfg->progress, "demo: step %d: %d actions (%ld so far)\n",
				++d->round, n, d->counts.changes);
	} while (!rc && n > 0);
	return rc;
}

/*
 * The history, chunk by chunk: each chunk covers a slice of the window as
 * large as its share of the dossiers. The last day before now gets no new
 * dossier (the office hours after a start may be to come).
 */
static int run_history(struct demo_run *d)
{
	int total = d->cfg->dossiers;
	int64_t days = d->cfg->days > 0 ? d->cfg->days : DEMO_DAYS;
	int64_t start = d->cfg->now - days * DATE_DAY_S;
	double window = (double)((days - 1) * DATE_DAY_S);
	int rc = 0;

	for (int first = 0; !rc && first < total; first += d->n_plans) {
		int n = total - first < d->plans_max ? total - first : d->plans_max;
		int64_t from = start + (int64_t)(window * (double)first / (double)total);
		int64_t to = start + (int64_t)(window * (double)(first + n) / (double)total);

		d->n_plans = n;
		/* Planning reads the calendar; running takes it again on the writer thread. */
		d->wt.cal = app_calendar_lock(d->app);
		plan_chunk(d, from, to);
		app_calendar_unlock(d->app);
		d->wt.cal = NULL;
		rc = run_plans(d);
		d->counts.dossiers += n;
		if (!rc && d->cfg->on_chunk)
			d->cfg->on_chunk(d->cfg->arg, &d->counts);
	}
	return rc;
}

static int run_pool(struct demo_run *d)
{
	int rc = 0;

	for (int left = d->cfg->pool; !rc && left > 0; left -= d->n_plans) {
		d->n_plans = left < d->plans_max ? left : d->plans_max;
		plan_pool(d);
		rc = run_plans(d);
		for (int i = 0; !rc && d->cfg->pool_out && i < d->n_plans; i++)
			if (!d->plans[i].failed)
				fprintf(d->cfg->pool_out, "%s %s\n", d->plans[i].code,
					d->plans[i].key);
		d->counts.pool += d->n_plans;
	}
	if (!rc && d->cfg->pool_out && ferror(d->cfg->pool_out))
		rc = ERR_IO;
	return rc;
}

/* The catalog, the communes, the actors, the sample files and the plans' room. */
static int run_init(struct demo_run *d, char *why, size_t why_size)
{
	int most = d->cfg->dossiers > d->cfg->pool ? d->cfg->dossiers : d->cfg->pool;
	int rc;

	if (most < 1)
		most = 1;
	d->plans_max = d->cfg->chunk > 0 && d->cfg->chunk < most ? d->cfg->chunk : most;
	d->rng = d->cfg->seed ? d->cfg->seed : 0x9E3779B97F4A7C15ull;
	office_hours_default(&d->hours);
	d->wt.hours = &d->hours;
	if ((rc = load_catalog(d)))
		snprintf(why, why_size, "demo: cannot read the catalog back");
	if (!rc && (rc = make_actors(d)))
		snprintf(why, why_size, "demo: the demo users are missing");
	if (!rc && !d->cfg->without_files)
		rc = store_samples(d, why, why_size);
	if (!rc && !(d->plans = calloc((size_t)d->plans_max, sizeof(*d->plans))))
		rc = ERR_NOMEM;
	return rc;
}

static void run_release(struct demo_run *d)
{
	for (int i = 0; i < d->n_procs; i++)
		free(d->procs[i]);
	for (int g = 0; g < 2; g++)
		for (int a = 0; a < ACTORS; a++)
			if (d->actors[g][a]) {
				auth_release(d->actors[g][a]);
				free(d->actors[g][a]);
			}
	free(d->plans);
}

void demo_print_refusals(FILE *out, const char *prefix, const struct demo_counts *counts)
{
	for (size_t k = 0; k < ARRAY_SIZE(counts->refusals) && counts->refusals[k].count; k++)
		fprintf(out, "%s   %ld × %s: %s\n", prefix, counts->refusals[k].count,
			counts->refusals[k].action == ACTION_CREATE
				? "create"
				: dossier_action_name((enum dossier_action)counts->refusals[k].action),
			err_code(counts->refusals[k].rc));
}

int demo_generate(struct app *app, const struct demo_config *cfg, struct demo_counts *counts,
		  char *why, size_t why_size)
{
	struct demo_run *d = calloc(1, sizeof(*d));
	int rc;

	why[0] = '\0';
	if (!d)
		return ERR_NOMEM;
	d->app = app;
	d->cfg = cfg;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	rc = run_init(d, why, why_size);
	if (!rc)
		rc = run_history(d);
	if (!rc)
		rc = run_pool(d);
	if (!rc && cfg->progress) {
		fprintf(cfg->progress, "demo: %ld dossiers, %ld actions, %ld refused by the rules\n",
			d->counts.dossiers + d->counts.pool, d->counts.changes, d->counts.refused);
		demo_print_refusals(cfg->progress, "demo:", &d->counts);
	}
	if (rc && !why[0])
		snprintf(why, why_size, "demo: %s", err_title(rc));
	if (counts)
		*counts = d->counts;
	run_release(d);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->cond);
	free(d);
	return rc;
}

int demo_prepare(struct app *app, const struct demo_config *cfg, char *why, size_t why_size)
{
	int rc = database_state(app);

	why[0] = '\0';
	if (rc == 1)
		return 0;
	if (rc == ERR_CONFLICT)
		snprintf(why, why_size, "the database holds other data than the demo");
	if (!rc)
		rc = import_data(app, cfg, why, why_size);
	if (!rc)
		rc = store_write(app->store, mark_change, (void *)cfg);
	if (rc && !why[0])
		snprintf(why, why_size, "demo: %s", err_title(rc));
	return rc;
}

int demo_load(struct app *app, const struct demo_config *cfg, bool *loaded, char *why,
	      size_t why_size)
{
	int rc = database_state(app);

	*loaded = false;
	why[0] = '\0';
	if (rc) {
		if (rc == ERR_CONFLICT)
			snprintf(why, why_size, "--demo needs a new database (this one holds data)");
		return rc == 1 ? 0 : rc;
	}
	rc = import_data(app, cfg, why, why_size);
	if (!rc)
		rc = demo_generate(app, cfg, NULL, why, why_size);
	if (!rc)
		rc = store_write(app->store, mark_change, (void *)cfg);
	if (rc && !why[0])
		snprintf(why, why_size, "demo: %s", err_title(rc));
	*loaded = rc == 0;
	return rc;
}
