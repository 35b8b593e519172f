-- motcua schema, version 4: fewer pages per change (docs/bench.md). Every
-- index a change touches costs a page in the write-ahead log; steps_unit
-- (unit, finished_at) is a prefix of steps_late (unit, finished_at, verdict,
-- to_user, due_at, given_at), which serves its queries as well.

DROP INDEX steps_unit;
