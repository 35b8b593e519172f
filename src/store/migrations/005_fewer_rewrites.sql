-- motcua schema, version 5: no rewrite of what did not change (docs/bench.md).
-- Every event queued for the national portal marked its dossier's index
-- facts as not synced, rewriting the facts row and its wide scan index at
-- every change although the mark was already there. Only a change of the
-- mark is written now.

DROP TRIGGER index_facts_sync_event;
CREATE TRIGGER index_facts_sync_event AFTER INSERT ON outbox BEGIN
	UPDATE index_facts SET synced = 0 WHERE code = NEW.dossier AND synced <> 0;
END;
