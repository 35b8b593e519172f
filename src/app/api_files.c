/*
 * Dossier files (R-DIG-1, R-DOS-6; docs/attachments.md):
 *   PUT /api/v1/dossiers/{code}/files/{name}   the raw body is the file
 *   GET /api/v1/dossiers/{code}/files          the list
 *   GET /api/v1/dossiers/{code}/files/{name}   the bytes
 *
 * Who: staff with a role at one of the dossier's units (to add a file:
 * receiving officers of the receiving or returning unit, specialists and
 * leaders of the competent unit or of a step's unit; to read: whoever may
 * read the dossier), or the applicant with the tracking key (`?key=`; to
 * add a file only while the dossier is submitted or supplement_requested).
 * A wrong key looks like an unknown dossier (R-AUD-2). Staff reads are
 * audited before the answer (R-AUD-1); uploads write the row, the audit
 * record and the outbox event in one change, after the blob is durable.
 */
#include "compat.h"

#include <unistd.h>

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/flow.h"
#include "app/view.h"
#include "core/date.h"
#include "core/err.h"
#include "core/sniff.h"
#include "store/attachments.h"
#include "store/audit.h"
#include "store/blobs.h"
#include "store/dossiers.h"

/* The audit actor and added_by of an upload made with the tracking key. */
#define FILE_APPLICANT_ACTOR "applicant"

/* What a handler shares with its change and its finish. */
struct file_op {
	int64_t now;
	char code[DOSSIER_CODE_SIZE];
	char actor[ATTACHMENT_USER_SIZE];
	bool applicant;          /* by the tracking key, not a staff role */
	struct attachment a;     /* upload: the new row; download: the row read */
	bool replaced;           /* upload: the name had a row */
	const char *read_action; /* the audit action of a staff read */
	/* read: the answer, once a staff read is logged */
	int (*read_answer)(struct request *r, struct file_op *op);
	struct api_page page;    /* list */
};

enum file_access { FILE_READ, FILE_WRITE };

static struct file_op *op_new(struct request *r)
{
	struct file_op *op = calloc(1, sizeof(*op));

	if (!op)
		return NULL;
	op->now = r->now;
	snprintf(op->code, sizeof(op->code), "%s", request_param(r, 0));
	api_actor(r, op->actor, sizeof(op->actor));
	return op;
}

/* Receivers at the receiving or returning unit; specialists and leaders of a deciding unit. */
static bool staff_may_attach(struct request *r, const struct view *v)
{
	const char *units[1 + DOSSIER_STEPS_MAX];
	int n = 0;

	if (auth_has_role(r, "receiver", v->d.receiving_unit) ||
	    auth_has_role(r, "receiver", v->d.returning_unit))
		return true;
	units[n++] = v->d.competent_unit;
	for (int i = 0; i < v->n_steps; i++)
		units[n++] = v->steps[i].unit;
	for (int i = 0; i < n; i++)
		if (auth_has_role(r, "specialist", units[i]) || auth_has_role(r, "leader", units[i]))
			return true;
	return false;
}

/* Whether the signed-in user may read (what FILE_READ) or add files to the dossier. */
static bool staff_may(struct request *r, enum file_access what, const struct view *v)
{
	if (!r->auth)
		return false;
	return what == FILE_WRITE ? staff_may_attach(r, v) : view_staff_may_read(r, v);
}

/*
 * Who asks: staff allowed by their roles, else the applicant with the right
 * key. Answers 401 (neither sign-in nor key), 404 (unknown dossier or wrong
 * key), 403 (no role), 409 (the applicant adds a file too late).
 */
static int file_access(struct request *r, enum file_access what, struct file_op *op)
{
	const char *key = request_query(r, "key");
	struct view v;
	int rc;

	if (!key && !r->auth)
		return resp_problem(r, ERR_UNAUTHENTICATED, "sign in, or give the tracking key"),
		       ERR_UNAUTHENTICATED;
	rc = view_load(r, op->code, &v);
	if (!rc && staff_may(r, what, &v)) {
		/* Staff: the actor is the signed-in user; a closed dossier takes no file. */
		if (what == FILE_WRITE && dossier_state_is_final(v.d.status)) {
			rc = ERR_INVALID_TRANSITION;
			resp_problem(r, rc, "the dossier is %s: it takes no more files",
				     dossier_state_name(v.d.status));
		}
	} else if (!rc && key) {
		if ((rc = api_check_key(r, v.d.code, key, v.d.tracking_key)) != 0) {
			/* answered: 404 like an unknown dossier, or 429 */
		} else if (what == FILE_WRITE && !flow_applicant_may_attach(&v.d)) {
			rc = ERR_INVALID_TRANSITION;
			resp_problem(r, rc, "the applicant adds files while the dossier is submitted "
				     "or supplement_requested");
		}
		op->applicant = true;
		snprintf(op->actor, sizeof(op->actor), "%s", FILE_APPLICANT_ACTOR);
	} else if (!rc) {
		rc = ERR_FORBIDDEN;
		resp_problem(r, rc, "no role at this dossier's units");
	}
	view_release(r, &v);
	return rc;
}

static json_t *attachment_json(const struct attachment *a)
{
	char at[INSTANT_TEXT_SIZE];

	instant_format(a->added_at, at);
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "name", a->name, "type", a->type, "size",
			 (json_int_t)a->size, "sha256", a->sha256, "added_by", a->added_by,
			 "added_at", at);
}

/* The type by the bytes, and a Content-Type that does not contradict it (415 otherwise). */
static int check_body(struct request *r, enum sniff_type *type)
{
	const char *ct = request_header(r, "Content-Type");

	*type = sniff_type(r->body, r->body_len);
	if (*type == SNIFF_UNKNOWN)
		return resp_problem(r, ERR_UNSUPPORTED_MEDIA, "only PDF, PNG and JPEG files are "
				    "accepted (recognised by their content)"), ERR_UNSUPPORTED_MEDIA;
	if (!sniff_content_type_agrees(ct, ct ? strlen(ct) : 0, *type))
		return resp_problem(r, ERR_UNSUPPORTED_MEDIA, "Content-Type %.64s contradicts the "
				    "content (%s)", ct, sniff_mime(*type)), ERR_UNSUPPORTED_MEDIA;
	return 0;
}

/* Whether the dossier has room for a new name (the change checks again). 0 or 409. */
static int check_room(struct request *r, struct file_op *op)
{
	struct db *db = store_read_begin(r->app->store);
	struct attachment old;
	int n = 0, rc = db ? attachments_get(db, op->code, op->a.name, &old) : ERR_BUSY;

	if (rc == ERR_NOT_FOUND) {
		rc = attachments_count(db, op->code, &n);
		if (!rc && n >= ATTACHMENTS_PER_DOSSIER_MAX) {
			rc = ERR_CONFLICT;
			resp_problem(r, rc, "a dossier holds at most %d files",
				     ATTACHMENTS_PER_DOSSIER_MAX);
		}
	}
	store_read_end(r->app->store, db);
	return rc;
}

/* Writes the blob durably (store/blobs.h), then fills the row to insert. */
static int store_blob(struct request *r, struct file_op *op, enum sniff_type type)
{
	int rc = blobs_put(r->app->data_dir, r->body, r->body_len, op->a.sha256);

	if (rc) {
		fprintf(stderr, "motcua: cannot store an uploaded file under %s: %s\n",
			r->app->data_dir, strerror(errno));
		return resp_problem(r, ERR_IO, "the file could not be stored"), ERR_IO;
	}
	snprintf(op->a.dossier, sizeof(op->a.dossier), "%s", op->code);
	snprintf(op->a.type, sizeof(op->a.type), "%s", sniff_mime(type));
	snprintf(op->a.added_by, sizeof(op->a.added_by), "%s", op->actor);
	op->a.size = (int64_t)r->body_len;
	op->a.added_at = op->now;
	/* The bytes are on disk now; the buffer need not wait for the writer. */
	free(r->body);
	r->body = NULL;
	r->body_len = r->body_cap = 0;
	return 0;
}

/* On the writer: the row, its audit record and its outbox event, or nothing. */
static int upload_change(struct store_tx *tx, void *arg)
{
	struct file_op *op = arg;

	return flow_attach(tx, &op->a, op->applicant, &op->replaced);
}

static int upload_finish(struct request *r, int rc)
{
	struct file_op *op = r->ctx;

	(void)rc;
	if (!op->replaced)
		snprintf(r->resp.location, sizeof(r->resp.location), "/api/v1/dossiers/%s/files/%s",
			 op->code, op->a.name);
	return resp_json(r, op->replaced ? 200 : 201, attachment_json(&op->a));
}

int api_file_put(struct request *r)
{
	const char *name = request_param(r, 1);
	enum sniff_type type = SNIFF_UNKNOWN;
	struct file_op *op;
	int rc;

	if (!sniff_name_valid(name, strlen(name)))
		return resp_problem(r, ERR_INVALID, "a file name is 1-%d bytes of A-Z, a-z, 0-9, "
				    "'.', '_' and '-', not starting with '.'", SNIFF_NAME_BYTES_MAX);
	op = op_new(r);
	if (!op)
		return ERR_NOMEM;
	snprintf(op->a.name, sizeof(op->a.name), "%s", name);
	rc = file_access(r, FILE_WRITE, op);
	if (!rc)
		rc = check_body(r, &type);
	if (!rc)
		rc = check_room(r, op);
	if (!rc)
		rc = store_blob(r, op, type);
	if (rc) {
		free(op);
		return rc;
	}
	return request_write(r, upload_change, upload_finish, op, free);
}

/* A staff read: its audit record first (R-AUD-1). */
static int read_change(struct store_tx *tx, void *arg)
{
	struct file_op *op = arg;
	json_t *j = op->a.name[0] ? json_pack("{s:s, s:s}", "name", op->a.name, "sha256",
					       op->a.sha256)
				  : json_object();
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc = text ? audit_append(tx, op->now, op->actor, op->read_action, op->code, text)
		      : ERR_NOMEM;

	free(text);
	json_decref(j);
	return rc;
}

static int list_answer(struct request *r, struct file_op *op)
{
	struct attachment *rows = calloc((size_t)op->page.per_page, sizeof(*rows));
	struct db *db = store_read_begin(r->app->store);
	json_t *items = json_array();
	int64_t total = 0;
	int n = 0, rc = rows && items ? 0 : ERR_NOMEM;

	if (!rc)
		rc = db ? attachments_list(db, op->code, op->page.offset, (int)op->page.per_page,
					   rows, &n, &total)
			: ERR_BUSY;
	store_read_end(r->app->store, db);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, attachment_json(&rows[i]));
	free(rows);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return resp_json(r, 200, api_page_json(&op->page, items, total));
}

static int read_finish(struct request *r, int rc)
{
	struct file_op *op = r->ctx;

	(void)rc;
	return op->read_answer(r, op);
}

/*
 * Ends a read handler whose checks gave rc: the applicant is answered at
 * once; staff after the change that logs their read as action (R-AUD-1).
 */
static int answer_read(struct request *r, struct file_op *op, int rc, const char *action,
		       int (*answer)(struct request *r, struct file_op *op))
{
	if (!rc && !op->applicant) {
		op->read_action = action;
		op->read_answer = answer;
		return request_write(r, read_change, read_finish, op, free);
	}
	if (!rc)
		rc = answer(r, op);
	free(op);
	return rc;
}

int api_file_list(struct request *r)
{
	struct file_op *op = op_new(r);
	int rc;

	if (!op)
		return ERR_NOMEM;
	rc = api_paging(r, &op->page);
	if (!rc)
		rc = file_access(r, FILE_READ, op);
	return answer_read(r, op, rc, "dossier.files", list_answer);
}

/* Answers with the blob of op->a from disk. */
static int send_file(struct request *r, struct file_op *op)
{
	const char *type = sniff_mime(sniff_from_mime(op->a.type, strlen(op->a.type)));
	uint64_t size;
	int fd, rc = blobs_open(r->app->data_dir, op->a.sha256, &fd, &size);

	if (!rc && size != (uint64_t)op->a.size) {
		close(fd);
		rc = ERR_IO;
	}
	if (rc) {
		fprintf(stderr, "motcua: the blob of an attachment of %s is missing or damaged\n",
			op->code);
		return resp_problem(r, ERR_IO, "the file's content is missing"), ERR_IO;
	}
	snprintf(r->resp.disposition, sizeof(r->resp.disposition), "attachment; filename=\"%s\"",
		 op->a.name);
	return resp_file(r, 200, type ? type : "application/octet-stream", fd, size);
}

/* The row of the requested name (404 when none). */
static int load_row(struct request *r, struct file_op *op, const char *name)
{
	struct db *db = store_read_begin(r->app->store);
	int rc = db ? attachments_get(db, op->code, name, &op->a) : ERR_BUSY;

	store_read_end(r->app->store, db);
	if (rc == ERR_NOT_FOUND)
		return resp_problem(r, rc, "dossier %s has no file %s", op->code, name), rc;
	return rc;
}

int api_file_get(struct request *r)
{
	const char *name = request_param(r, 1);
	struct file_op *op;
	int rc;

	if (!sniff_name_valid(name, strlen(name)))
		return resp_problem(r, ERR_NOT_FOUND, "no such file");
	op = op_new(r);
	if (!op)
		return ERR_NOMEM;
	rc = file_access(r, FILE_READ, op);
	if (!rc)
		rc = load_row(r, op, name);
	return answer_read(r, op, rc, "dossier.file_read", send_file);
}
