"""API tests: bench/bulk_gen, the demo's generator run in chunks (docs/bench.md).

bulk_gen fills a database for the benchmarks with the generator of
`motcua serve --demo` (app/demo_data.h: demo_prepare, demo_generate): on a
new database the demo's units, catalog and users first; then the history in
chunks of consecutive days, a progress line a chunk; then a pool of online
submissions made now, listed in a file of "CODE KEY" lines for the lifecycle
workload; a summary table on stdout, which bench/run.py reads. This test
runs it small and checks that nothing the rules refuse is generated, no
dossier is submitted after now, the pool file names the pool's dossiers,
a pool can be added to the database later, the audit chain verifies, and a
database that holds anything but the demo is refused.
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

from harness import ROOT_DIR, run_cli, tap

motcua, bulk_gen = sys.argv[1], sys.argv[2]
t = tap()
DOSSIERS, POOL, MORE = 2500, 40, 10  # 2,500: three chunks of at most 1,000 (CHUNK_MIN)


def run(*args):
    return subprocess.run([bulk_gen, *args], capture_output=True, text=True, timeout=600)


def table(stdout):
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| ([^|]+?) \| ([^|]+?) \|$",
                                                          stdout, re.M)}


def check_history(db_path, pool_path, r, started):
    t.eq(r.returncode, 0, "bulk_gen generates into a new database")
    if r.returncode != 0:
        print("#", r.stderr[-600:])
        return
    rows = table(r.stdout)
    t.eq((rows.get("dossiers generated"), rows.get("pool dossiers (submitted now)"),
          rows.get("days of history"), rows.get("changes refused by the rules")),
         (str(DOSSIERS), str(POOL), "182", "0"),
         "the summary: the history, the pool, 182 days by default, nothing refused")
    progress = re.findall(r"^bulk_gen: +([\d.]+)% (\d+)/(\d+) dossiers, .* ETA \S+$", r.stderr,
                          re.M)
    t.eq([(p[1], p[2]) for p in progress], [("1000", "2500"), ("2000", "2500"), ("2500", "2500")],
         "a progress line with its ETA after each chunk")
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    by_status = dict(db.execute("SELECT status, count(*) FROM dossiers GROUP BY status"))
    t.eq({s: str(n) for s, n in by_status.items()},
         {s: n for s, n in rows.items() if s in by_status},
         "the summary's table by status is the database's")
    t.eq(sum(by_status.values()), DOSSIERS + POOL, "the database holds the history and the pool")
    latest = db.execute("SELECT max(submitted_at) FROM dossiers").fetchone()[0]
    t.ok(latest <= time.time(), "no dossier is submitted after now", (latest, started))
    finance = db.execute("SELECT count(*) FROM dossiers WHERE procedure_code = '2.001610'"
                         ).fetchone()[0]
    t.ok(finance > DOSSIERS // 10,
         "the demo's mix: a sixth are business registrations at Sở Tài chính", finance)
    t.eq(db.execute("SELECT count(*) FROM attachments").fetchone()[0], 0,
         "bulk_gen attaches no sample file")
    t.eq(db.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone(), ("1",),
         "the database is marked as a demo one")
    with open(pool_path) as f:
        pool = [line.split() for line in f.read().splitlines()]
    t.eq(len(pool), POOL, "the pool file has a line a pool dossier")
    found = [db.execute("SELECT status, channel, submitted_at FROM dossiers WHERE code = ? AND "
                        "tracking_key = ?", (code, key)).fetchone() for code, key in pool]
    t.ok(all(f and f[0] == "submitted" and f[1] == "online" and f[2] >= started - 60
             for f in found), "each line is CODE KEY of an online dossier submitted now",
         found[:3])
    db.close()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db_path, pool_path = os.path.join(tmp, "bulk.db"), os.path.join(tmp, "pool.txt")
        r = run(db_path, "-n", "10", "--pool", "5")
        t.eq(r.returncode, 2, "a pool without its file is a usage error")
        started = time.time()
        r = run(db_path, "-n", str(DOSSIERS), "--pool", str(POOL), "--pool-file", pool_path,
                "--seed", "7")
        check_history(db_path, pool_path, r, started)
        r = run(db_path, "-n", "0", "--pool", str(MORE), "--pool-file", pool_path)
        rows = table(r.stdout)
        t.ok(r.returncode == 0 and rows.get("dossiers generated") == "0" and
             rows.get("pool dossiers (submitted now)") == str(MORE),
             "a pool is added to the generated database later (bench/run.py's work copy)",
             r.stderr[-600:])
        with open(pool_path) as f:
            t.eq(len(f.read().splitlines()), MORE, "its own pool file")
        r = run_cli(motcua, "audit", "verify", "--db", db_path)
        t.eq(r.returncode, 0, "the audit chain verifies")

        other = os.path.join(tmp, "other.db")
        r = run_cli(motcua, "import", "units", os.path.join(ROOT_DIR, "data/units/haiphong.json"),
                    "--db", other)
        r = run(other, "-n", "10")
        t.ok(r.returncode == 1 and "holds other data than the demo" in r.stderr,
             "a database that holds anything but the demo is refused", r.stderr)
        db = sqlite3.connect(other)
        t.eq(db.execute("SELECT count(*) FROM dossiers").fetchone()[0], 0, "and left alone")
        db.close()
    return t.done()


sys.exit(main())
