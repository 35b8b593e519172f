"""API tests: the demo of `make run` (API.md `serve --demo`; docs/architecture.md).

`motcua serve --demo` fills a new database with Hải Phòng's units, the
catalog, the demo users and generated dossiers, all through the same flow
functions as real traffic. This test loads a small demo and checks what a
visitor of `make run` meets: no generated action is refused by the rules,
the index of the last full month has data in every group the system
measures, digitised results (R-DIG-1; Decision 766 4.1, 4.2) are real PDF
files, the audit chain verifies, the live index facts equal the recomputed
ones, and a restart keeps the demo as it is.
"""
import datetime
import os
import subprocess
import sys
import tempfile

from harness import DEMO_PASSWORD, Server, run_cli, staff, tap

motcua = sys.argv[1]
t = tap()
DOSSIERS = 600
os.environ["MOTCUA_DEMO_PASSWORD"] = DEMO_PASSWORD


def last_full_month(now_iso):
    today = datetime.date.fromisoformat(now_iso[:10])
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def check_index(s):
    now = s.get("/healthz").json["now"]
    r = s.get(f"/api/v1/reports/index?period={last_full_month(now)}")
    t.eq(r.status, 200, "the index of the province for the last full month")
    ind = {i["id"]: i for g in r.json["groups"] for i in g["indicators"]}
    t.ok(r.json["total"] is not None and 0 < r.json["total"] <= 100,
         "the province has a total", r.json["total"])
    t.ok(ind["2.1"]["denominator"] > 50, "2.1 counts the month's dossiers", ind["2.1"])
    for i in ("4.1", "4.2"):
        x = ind[i]
        t.ok(0 < x["numerator"] < x["denominator"] and x["score"] > 0,
             f"{i}: most results are digitised files, not all", x)
    t.ok(ind["5.4"]["denominator"] > 0 and ind["3.6"]["denominator"] > 0,
         "ratings and fees are in the demo", (ind["5.4"], ind["3.6"]))


def check_files(s):
    lead = staff(s, "canbo.lanhdao")
    r = lead.get("/api/v1/dossiers?status=returned&unit=000.00.00.H27")
    t.eq(r.status, 200, "the returned dossiers, as the city-wide leader")
    codes = [d["code"] for d in r.json["items"]]
    found = None
    for code in codes:
        files = lead.get(f"/api/v1/dossiers/{code}/files").json["items"]
        names = {f["name"]: f for f in files}
        if "ket-qua.pdf" in names:
            found = (code, names)
            break
    t.ok(found is not None, "a returned dossier carries its result as a file", codes[:5])
    if not found:
        return
    code, names = found
    d = lead.get(f"/api/v1/dossiers/{code}").json
    t.eq(d["result"]["file_sha256"], names["ket-qua.pdf"]["sha256"],
         "the result names the attached file (R-DOS-6)")
    r = lead.get(f"/api/v1/dossiers/{code}/files/ket-qua.pdf")
    t.ok(r.status == 200 and r.raw.startswith(b"%PDF-"), "the result file is a PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(r.raw)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True,
                              text=True).stdout
    t.ok("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text and "minh hoạ" in text,
         "its text is Vietnamese and says it is demo data", text[:200])


def main():
    s = Server(motcua, ["--demo", "--demo-dossiers", str(DOSSIERS)], test_clock=False, t=t)
    with s:
        log = s.server_log()
        t.ok(f"demo: {DOSSIERS} dossiers" in log and " 0 refused by the rules" in log,
             "every generated action passes the rules", log[-600:])
        check_index(s)
        check_files(s)
        s.stop()
        r = run_cli(motcua, "audit", "verify", "--db", s.db)
        t.eq(r.returncode, 0, "the demo's audit chain verifies")
        r = run_cli(motcua, "report", "recompute", "--db", s.db)
        t.ok(r.returncode == 0 and " 0 differed" in r.stdout,
             "the live index facts equal the recomputed ones", r.stdout + r.stderr)
        s.log.truncate(0)
        s.start()
        t.ok("the demo is already in" in s.server_log(), "a restart keeps the demo")
        t.eq(s.get("/api/v1/reports/index").status, 200, "and serves it")
    t.done()


main()
