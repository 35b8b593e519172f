"""Durability (ARCHITECTURE.md invariant 1, R-AUD-1): while clients file
dossiers as fast as they can, the server is killed with SIGKILL several times
and restarted on the same database, then stopped with SIGTERM under the same
load (it must exit cleanly); every dossier whose creation was acknowledged
(201) must exist afterwards, and the audit chain must verify."""
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time

from harness import Server, prepare_db, run_cli, tap

motcua = sys.argv[1]
t = tap()
KILLS = 3
CLIENTS = 8
BODY = {"procedure": "1.001193", "channel": "online", "receiving_unit": "001.01.50.H27",
        "applicant": {"kind": "citizen", "name": "Trần Thị Bình", "id_number": "031190004321",
                      "phone": "0987654321"},
        "components": []}


def hammer(server, stop, acked, errors):
    c = server.client()
    while not stop.is_set():
        try:
            r = c.post("/api/v1/dossiers", BODY)
        except OSError:
            continue  # the server is gone: this request was never acknowledged
        if r.status == 201:
            acked.append(r.json["code"])
        elif r.status not in (503,):
            errors.append(r)


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "d.db"))
    acked, errors = [], []
    rng = random.Random(766)
    for round_no in range(KILLS + 1):
        s = Server(motcua, db=db)
        s.start()
        stop = threading.Event()
        threads = [threading.Thread(target=hammer, args=(s, stop, acked, errors))
                   for _ in range(CLIENTS)]
        for th in threads:
            th.start()
        time.sleep(rng.uniform(0.5, 1.5))
        if round_no < KILLS:
            s.stop(signal.SIGKILL)
        else:
            # SIGTERM while the clients still write: the changes already queued are
            # answered first (libmicrohttpd aborted on suspended connections before).
            status = s.stop()
            log = s.server_log()
            t.ok(status == 0 and "Fatal error" not in log,
                 "the last server stops cleanly under load (SIGTERM)", (status, log[-300:]))
        stop.set()
        for th in threads:
            th.join()
        s.log.close()
    t.ok(len(acked) > 100, f"clients were acknowledged {len(acked)} dossiers across {KILLS} kills")
    t.eq(errors[:3], [], "no answer other than 201 or 503")
    conn = sqlite3.connect(db)
    stored = {row[0] for row in conn.execute("SELECT code FROM dossiers")}
    conn.close()
    missing = [c for c in acked if c not in stored]
    t.eq(missing[:5], [], "every acknowledged dossier survived SIGKILL")
    t.eq(len(set(acked)), len(acked), "no code was acknowledged twice")
    r = run_cli(motcua, "audit", "verify", "--db", db)
    t.ok(r.returncode == 0, "the audit chain verifies after the kills", r.stdout + r.stderr)
sys.exit(t.done())
