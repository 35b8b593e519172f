-- motcua schema, version 2: the real-time service-quality index (R-IDX-1,
-- docs/index.md). One row of facts per dossier, rewritten by the write path
-- in the same transaction as every change of the dossier (app/flow.c →
-- store/index_facts.h) and rebuilt by `motcua report recompute`.
-- Instants are seconds since 1970 (UTC); 9223372036854775807 means "never".

CREATE TABLE index_facts (
	code TEXT PRIMARY KEY REFERENCES dossiers(code),
	unit TEXT NOT NULL,                 -- the competent unit: reports roll up its ancestors
	receiving_unit TEXT NOT NULL,
	procedure_code TEXT NOT NULL,
	procedure_version INTEGER NOT NULL,
	received_at INTEGER NOT NULL,       -- never: not received (submitted, refused)
	end_at INTEGER NOT NULL,            -- never: open; else completion, stop or refusal
	end_kind INTEGER NOT NULL,          -- core/index.h enum index_end
	index_due INTEGER NOT NULL,         -- original due: pauses excluded, no re-appointment
	late_at INTEGER NOT NULL,           -- when the index due was passed; never: not late
	warn_at INTEGER NOT NULL,           -- nearly due from (open, running clock)
	second_supplement_at INTEGER NOT NULL, -- more than one request: late (2.1)
	supplement_requests INTEGER NOT NULL,
	channel INTEGER NOT NULL,           -- 1 counter, 2 online, 3 post
	fee_bearing INTEGER NOT NULL,
	paid_online INTEGER NOT NULL,
	electronic_result INTEGER NOT NULL,
	has_files INTEGER NOT NULL,
	vneid INTEGER NOT NULL,
	synced INTEGER NOT NULL,            -- every outbox event of the dossier delivered
	rating INTEGER NOT NULL,            -- core/dossier.h enum rating_level of the latest rating
	reappointments INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
-- A report reads, per unit of the subtree, the dossiers that end in or
-- after the period (open ones end "never"), from this covering index alone.
CREATE INDEX index_facts_scan ON index_facts(unit, end_at, received_at, late_at,
	second_supplement_at, warn_at, index_due, end_kind, channel, fee_bearing, paid_online,
	electronic_result, has_files, vneid, synced, rating, procedure_code, procedure_version);

-- Files and sync deliveries happen outside the dossier flow: triggers keep
-- the facts current in the same transaction (recompute derives the same).
CREATE TRIGGER index_facts_file_added AFTER INSERT ON attachments BEGIN
	UPDATE index_facts SET has_files = 1 WHERE code = NEW.dossier;
END;
CREATE TRIGGER index_facts_file_removed AFTER DELETE ON attachments BEGIN
	UPDATE index_facts SET has_files = EXISTS (SELECT 1 FROM attachments a
		WHERE a.dossier = OLD.dossier) WHERE code = OLD.dossier;
END;
CREATE INDEX outbox_dossier ON outbox(dossier, delivered_at);
CREATE TRIGGER index_facts_sync_event AFTER INSERT ON outbox BEGIN
	UPDATE index_facts SET synced = 0 WHERE code = NEW.dossier;
END;
CREATE TRIGGER index_facts_sync_delivered AFTER UPDATE OF delivered_at ON outbox BEGIN
	UPDATE index_facts SET synced = NOT EXISTS (SELECT 1 FROM outbox o
		WHERE o.dossier = NEW.dossier AND o.delivered_at IS NULL) WHERE code = NEW.dossier;
END;

-- R-IDX-2: the late list reads steps by unit and finishing time.
CREATE INDEX steps_late ON steps(unit, finished_at, verdict, to_user, due_at, given_at);
CREATE INDEX ratings_dossier ON ratings(dossier, at);

-- Report settings live in meta ('report.late_min_steps', default 10;
-- 'report.publish_officials', default 0): `motcua report config` sets them.
