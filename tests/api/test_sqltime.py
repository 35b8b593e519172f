"""API tests: bench/sqltime.c, the profiling aid of docs/bench.md.

Preloaded into a real server, it times every sqlite3_step by statement and
by thread kind, and writes the totals at exit, the costliest first: one line
"thread<TAB>calls<TAB>µs<TAB>SQL" per statement and kind. This test serves a
catalog search and an online submission under it, stops the server with
SIGTERM, and reads the file: the reads are the HTTP threads', the dossier's
insert the store's, each counted as often as it ran.
(Release builds only: an ASan binary cannot take a preloaded library first.)
"""
import os
import sys
import tempfile

from harness import Server, prepare_db, tap

motcua, sqltime = sys.argv[1], sys.argv[2]
t = tap()
BODY = {"procedure": "1.001193", "channel": "online", "receiving_unit": "001.01.50.H27",
        "applicant": {"kind": "citizen", "name": "Trần Thị Bình", "id_number": "031190004321",
                      "phone": "0987654321"},
        "components": []}

with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "d.db"))
    out = os.path.join(tmp, "sqltime.tsv")
    os.environ.update(LD_PRELOAD=sqltime, SQLTIME_OUT=out)
    s = Server(motcua, db=db)
    s.start()
    del os.environ["LD_PRELOAD"], os.environ["SQLTIME_OUT"]
    searches = [s.get("/api/v1/procedures?q=khai+sinh").status for _ in range(3)]
    created = [s.post("/api/v1/dossiers", BODY).status for _ in range(2)]
    status = s.stop()
    t.eq((searches, created, status), ([200] * 3, [201] * 2, 0),
         "the preloaded server answers and stops cleanly")
    with open(out) as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    t.ok(rows and all(len(r) == 4 and r[0] in ("http", "store") and r[1].isdigit()
                      and r[2].isdigit() for r in rows),
         "one line a statement: thread kind, calls, microseconds, SQL", rows[:3])
    times = [int(r[2]) for r in rows]
    t.eq(times, sorted(times, reverse=True), "the costliest first")
    inserts = [(r[0], int(r[1])) for r in rows if r[3].startswith("INSERT INTO dossiers(")]
    t.eq(inserts, [("store", 2)], "the dossier's insert: on the store's writer, once a submission")
    t.ok(any(r[0] == "http" and "procedures" in r[3] for r in rows),
         "the catalog search's statements: on the HTTP threads")
    keys = [(r[0], r[3]) for r in rows]
    t.eq(len(keys), len(set(keys)), "the connections' copies of a statement are summed")
sys.exit(t.done())
