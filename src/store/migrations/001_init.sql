-- motcua schema, version 1. Dialect-neutral where it costs nothing:
-- INTEGER times are seconds since 1970 (UTC), TEXT dates are YYYY-MM-DD.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- R-ORG-1: the unit tree, with validity dates and a successor.
CREATE TABLE units (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	short_name TEXT,
	level TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT '',  -- data/README.md: people_committee, service_centre, one_stop, justice, …
	parent TEXT REFERENCES units(code),
	valid_from TEXT,
	valid_to TEXT,
	successor TEXT REFERENCES units(code),
	office_hours TEXT,          -- "07:30-11:30,13:30-17:00"; NULL: the default
	cutoff TEXT,                -- "15:00"; NULL: the default
	search_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX units_parent ON units(parent, kind);

-- R-CAL-2: official tables, one JSON document per year (API shape).
CREATE TABLE calendar_years (
	year INTEGER PRIMARY KEY,
	body TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE TABLE unit_calendar_exceptions (
	unit TEXT NOT NULL REFERENCES units(code),
	day TEXT NOT NULL,
	working INTEGER NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (unit, day)
);

-- R-ORG-3: staff and their roles per unit.
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	full_name TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);
CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users(id),
	role TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES units(code),
	PRIMARY KEY (user_id, role, unit)
);
-- Sessions and API tokens are kept as BLAKE2b hashes of the secret only
-- (store/users.h); a stolen database does not sign anyone in.
CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,  -- idle expiry, refreshed at most every few minutes
	expires_at INTEGER NOT NULL     -- absolute expiry
);
CREATE INDEX sessions_user ON sessions(user_id, created_at);
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, revoked_at);

-- R-CAT-1, R-CAT-2, R-0: procedures are versioned; a dossier keeps its version.
-- A change never rewrites a version: it adds the next one and moves `current`
-- (store/procedures.c). The summary columns repeat what the body says.
CREATE TABLE procedures (
	id INTEGER PRIMARY KEY,      -- stable rowid, also the rowid in procedures_fts
	code TEXT NOT NULL,
	version INTEGER NOT NULL,
	current INTEGER NOT NULL,
	name TEXT NOT NULL,
	field TEXT NOT NULL,
	field_key TEXT NOT NULL,     -- fold_key(field), for ?field= without diacritics
	level TEXT NOT NULL,
	processing_amount INTEGER NOT NULL,
	processing_unit TEXT NOT NULL,
	body TEXT NOT NULL,          -- the whole procedure as JSON (API shape)
	created_at INTEGER NOT NULL,
	UNIQUE (code, version)
);
CREATE UNIQUE INDEX procedures_one_current ON procedures(code) WHERE current = 1;
CREATE INDEX procedures_current ON procedures(current, code);
-- R-CAT-3: the search key of each current version (fold_key of code, name and
-- field; core/fold.h), rowid = procedures.id.
CREATE VIRTUAL TABLE procedures_fts USING fts5(
	key, tokenize = 'unicode61 remove_diacritics 2'
);

-- R-DOS-1 … R-DOS-7: dossiers and their internal steps.
CREATE TABLE dossiers (
	code TEXT PRIMARY KEY,
	procedure_code TEXT NOT NULL,
	procedure_version INTEGER NOT NULL,
	processing_amount INTEGER NOT NULL,   -- the procedure's time when received (R-0)
	processing_unit TEXT NOT NULL,
	status TEXT NOT NULL,
	resume_status TEXT NOT NULL,
	channel TEXT NOT NULL,
	receiving_unit TEXT NOT NULL REFERENCES units(code),
	competent_unit TEXT NOT NULL REFERENCES units(code),
	returning_unit TEXT NOT NULL REFERENCES units(code),
	applicant TEXT NOT NULL,        -- JSON: kind, name, id_number|tax_code, phone, email, address
	applicant_key TEXT NOT NULL,    -- id number or tax code (R-DIG-2 warehouse key)
	tracking_key TEXT NOT NULL,     -- last 4 digits of the phone (R-AUD-2)
	vneid INTEGER NOT NULL DEFAULT 0,
	components TEXT NOT NULL,       -- JSON
	result TEXT,                    -- JSON
	return_method TEXT,
	submitted_at INTEGER NOT NULL,
	received_at INTEGER,
	due_at INTEGER,
	original_due_at INTEGER,
	finished_at INTEGER,
	returned_at INTEGER,
	step_index INTEGER NOT NULL DEFAULT 0,
	step_count INTEGER NOT NULL,
	reappointments INTEGER NOT NULL DEFAULT 0,
	fee_vnd INTEGER,
	paid_online INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dossiers_status ON dossiers(status, receiving_unit);
CREATE INDEX dossiers_competent ON dossiers(competent_unit, status);
CREATE INDEX dossiers_applicant ON dossiers(applicant_key);
CREATE INDEX dossiers_received ON dossiers(received_at);

-- R-DOS-1: the daily sequence of each receiving unit.
CREATE TABLE dossier_sequences (
	unit TEXT NOT NULL,
	day TEXT NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (unit, day)
);

CREATE TABLE steps (
	dossier TEXT NOT NULL REFERENCES dossiers(code),
	idx INTEGER NOT NULL,
	name TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES units(code),
	budget_amount INTEGER NOT NULL,
	budget_unit TEXT NOT NULL,
	from_user TEXT,
	to_user TEXT,
	given_at INTEGER,
	received_at INTEGER,
	due_at INTEGER,
	finished_at INTEGER,
	verdict TEXT,
	note TEXT,
	PRIMARY KEY (dossier, idx)
);
CREATE INDEX steps_unit ON steps(unit, finished_at);

-- R-CAL-5: clock ledgers; step = -1 is the dossier's own clock.
CREATE TABLE clock_entries (
	dossier TEXT NOT NULL REFERENCES dossiers(code),
	step INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL,
	reason TEXT NOT NULL,
	at INTEGER NOT NULL,
	new_due INTEGER,
	note TEXT,
	PRIMARY KEY (dossier, step, seq)
);

-- R-DOS-3/R-DOS-4: requests to supplement, per unit and phase.
CREATE TABLE supplement_requests (
	dossier TEXT NOT NULL REFERENCES dossiers(code),
	unit TEXT NOT NULL,
	phase TEXT NOT NULL,            -- reception | processing
	at INTEGER NOT NULL,
	items TEXT NOT NULL,            -- JSON array
	reason TEXT,
	answered_at INTEGER
);
CREATE INDEX supplement_requests_dossier ON supplement_requests(dossier);

-- R-DIG-1: files by content hash.
CREATE TABLE attachments (
	dossier TEXT NOT NULL REFERENCES dossiers(code),
	name TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	type TEXT NOT NULL,
	size INTEGER NOT NULL,
	added_by TEXT NOT NULL,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (dossier, name)
);

-- R-EVAL-1
CREATE TABLE ratings (
	dossier TEXT NOT NULL REFERENCES dossiers(code),
	at INTEGER NOT NULL,
	level TEXT NOT NULL,
	reason TEXT,
	criteria TEXT
);

-- R-AUD-1: the hash-chained audit log (store/audit.c).
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
);

-- R-SYNC-2: the outbox to the national portal, in order per dossier.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	dossier TEXT NOT NULL,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	delivered_at INTEGER,
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(delivered_at, id);

-- R-IDX-1: counters kept by the write path for the real-time index.
CREATE TABLE index_counters (
	unit TEXT NOT NULL,
	day TEXT NOT NULL,
	metric TEXT NOT NULL,
	value INTEGER NOT NULL,
	PRIMARY KEY (unit, day, metric)
);
