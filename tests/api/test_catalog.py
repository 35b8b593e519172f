"""API tests: the procedure catalog (API.md "Catalog and organisation";
DOMAIN.md R-CAT-1..3, R-0) and `motcua import catalog|calendar`.

The real data files are imported with the command line into the server's
database before it starts (units first, then the catalog and a calendar).
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

from harness import Server, tap

motcua = sys.argv[1]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")
ADMIN_PW = "catalog admin pw 1"
t = tap()
tmp = tempfile.mkdtemp(prefix="motcua-catalog-")


def run(*args, stdin=None):
    p = subprocess.run([motcua] + list(args), input=stdin, capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def q(text):
    return urllib.parse.quote(text)


catalog = json.load(open(os.path.join(DATA, "catalog", "procedures.json"), encoding="utf-8"))
procs = catalog["procedures"]
birth = next(p for p in procs if p["code"] == "1.001193")


def audit_records(db):
    rc, out, _ = run("audit", "verify", "--db", db)
    return int(out.split(":")[1].split()[0]) if rc == 0 else -1


srv = Server(motcua, t=t)
db = srv.db

# --- imports before the server starts -------------------------------------------------------

# The catalog names units: without them the import fails and says so.
rc, out, err = run("import", "catalog", os.path.join(DATA, "catalog", "procedures.json"),
                   "--db", db)
t.ok(rc == 1 and "import the units first" in err and "procedures[" in err,
     "import catalog before the units: refused, naming the record and the unit", err)
rc, out, err = run("import", "units", os.path.join(DATA, "units", "haiphong.json"), "--db", db)
t.eq(rc, 0, "import units")
rc, out, err = run("import", "catalog", os.path.join(DATA, "catalog", "procedures.json"),
                   "--db", db)
t.ok(rc == 0 and "loaded 40 procedures (40 new versions" in out, "import catalog: 40 procedures",
     out + err)
rc, out, err = run("import", "catalog", os.path.join(DATA, "catalog", "procedures.json"),
                   "--db", db)
t.ok(rc == 0 and "0 new versions, 40 unchanged" in out,
     "importing the same catalog again creates no version", out + err)

# Errors name the record and the field; one bad record loads nothing.
bad = copy.deepcopy(birth)
bad["code"] = "9.000001"
worse = copy.deepcopy(birth)
worse["code"] = "9.000002"
worse["steps"][1]["duration"]["unit"] = "weeks"
rc, out, err = run("import", "catalog", write("bad1.json", json.dumps({"procedures": [bad, worse]})),
                   "--db", db)
t.ok(rc == 1 and "procedures[1].steps[1].duration.unit: must be working_hours or working_days" in err,
     "import error names procedures[1].steps[1].duration.unit", err)
worse = copy.deepcopy(birth)
worse["code"] = "9.000002"
worse["steps"][2]["unit"] = "000.99.99.H27"
rc, out, err = run("import", "catalog", write("bad2.json", json.dumps([bad, worse])), "--db", db)
t.ok(rc == 1 and "procedures[1].steps[2].unit: no unit 000.99.99.H27 (import the units first)" in err,
     "import error names a unit that is not in the database", err)
rc, out, err = run("import", "catalog", write("bad3.json", json.dumps([bad, bad])), "--db", db)
t.ok(rc == 1 and "procedures[1].code: 9.000001 is also the code of procedures[0]" in err,
     "import error names a code given twice", err)
worse = copy.deepcopy(birth)
worse["code"] = "9.000002"
worse["steps"][1]["duration"] = {"amount": 7, "unit": "working_hours"}
rc, out, err = run("import", "catalog", write("bad4.json", json.dumps([bad, worse])), "--db", db)
t.ok(rc == 1 and "procedures[1].steps: the step budgets add up to 11 h" in err and "R-CAT-2" in err,
     "import error: step budgets over the processing time (R-CAT-2)", err)
rc, out, err = run("import", "catalog", write("bad5.json", "{\"procedures\": [}"), "--db", db)
t.ok(rc == 1 and "not JSON" in err, "import error: not JSON", err)

# CSV: the summary fields of procedures already in the catalog.
HEADER = "code,name,field,level,processing_amount,processing_unit,fee_vnd\n"
rc, out, err = run("import", "catalog", write("ok.csv", HEADER +
                   '1.004222,"Đăng ký thường trú (CSV, ""mới"")",Đăng ký cư trú,commune,7,working_days,25000\r\n'
                   '\n'
                   '1.004194,Đăng ký tạm trú,"Đăng ký, quản lý cư trú",commune,3,working_days,\n'), "--db", db)
t.ok(rc == 0 and "loaded 2 procedures (2 new versions" in out, "import catalog CSV", out + err)
for text, want, name in [
        (HEADER + "1.004222,X,Y,commune,7,weeks,1\n", "line 2: processing_unit:", "a bad unit"),
        (HEADER + "1.004222,X,Y,commune,7,working_days,1\n9.999999,X,Y,commune,7,working_days,1\n",
         "line 3: code: 9.999999 is not in the catalog", "an unknown code"),
        (HEADER + "1.001193,X,Y,commune,1,working_hours,\n", "line 2: steps: the step budgets",
         "budgets over a shortened time (R-CAT-2)"),
        (HEADER + "1.004222,X,Y,commune,7,working_days,-5\n", "line 2: fee_vnd:", "a negative fee"),
        (HEADER + "1.004222,X,Y,commune,7\n", "line 2: 5 cells, expected 7", "a short line"),
        (HEADER + '1.004222,"X,Y,commune,7,working_days,1\n', "line 2: a quote", "an open quote"),
        ("code,name\n1.004222,X\n", "line 1: the first line must be exactly", "a wrong header"),
        (HEADER + "1.004222,X,Y,district,7,working_days,1\n", "line 2: level: must be province or commune",
         "a bad level"),
        (HEADER + "1.004222,X,Y,commune,7,working_days,1\n1.004222,X,Y,commune,7,working_days,1\n",
         "line 3: code: 1.004222 is also on line 2", "a code twice")]:
    rc, out, err = run("import", "catalog", write("bad.csv", text), "--db", db)
    t.ok(rc == 1 and want in err, "import CSV error: " + name, err)

# Calendar: official tables by year; 2027 has none shipped.
rc, out, err = run("import", "calendar", os.path.join(DATA, "calendar", "vn-official-holidays.json"),
                   "--db", db)
t.ok(rc == 0 and "loaded 4 years (4 stored" in out, "import calendar: the shipped file", out + err)
year2027 = {"_meta": {"note": "test"}, "2027": {
    "days_off": [{"date": "2027-01-01", "name": "Tết Dương lịch"},
                 {"date": "2027-09-03", "name": "Nghỉ hoán đổi", "kind": "swap"}],
    "working_weekend_days": [{"date": "2027-09-11", "name": "Làm bù"}]}}
rc, out, err = run("import", "calendar", write("cal.json", json.dumps(year2027)), "--db", db)
t.ok(rc == 0 and "loaded 1 year (1 stored" in out, "import calendar: a file with 2027", out + err)
badcal = {"2027": {"days_off": [{"date": "2027-02-30", "name": "x"}], "working_weekend_days": []}}
rc, out, err = run("import", "calendar", write("badcal.json", json.dumps(badcal)), "--db", db)
t.ok(rc == 1 and "2027: " in err, "import calendar error names the year", err)
rc, out, err = run("import", "calendar", write("badcal2.json", json.dumps({"1999": {}})), "--db", db)
t.ok(rc == 1 and "1999: the year must be 2000-2100" in err, "import calendar: year out of range", err)
rc, out, err = run("import", "calendar", write("badcal3.json", "{\"_meta\": {}}"), "--db", db)
t.ok(rc == 1 and "no years" in err, "import calendar: a file without years", err)

rc, out, err = run("user", "add", "admin", "--role", "admin", "--unit", "000.00.00.H27",
                   "--password-stdin", "--db", db, stdin=ADMIN_PW + "\n")
t.eq(rc, 0, "an administrator from the command line")
rc, out, err = run("user", "add", "tiepnhan", "--role", "receiver", "--unit", "000.00.20.H27",
                   "--password-stdin", "--db", db, stdin=ADMIN_PW + "\n")
t.eq(rc, 0, "a receiving officer from the command line")

# --- the server --------------------------------------------------------------------------------

with srv as s:
    r = s.get("/api/v1/calendar/years/2027")
    t.ok(r.json.get("source") == "official" and
         {"date": "2027-09-11", "name": "Làm bù", "kind": "makeup_working_day"}
         in r.json["working_weekend_days"], "the imported 2027 table is served", r)
    t.eq(s.get("/api/v1/calendar/years/2026").json.get("source"), "official", "2026 still official")

    # R-CAT-3: search without diacritics, best first.
    for text in ["dang ky khai sinh", "Đăng ký khai sinh", "ĐĂNG  KÝ KHAI SINH", "1.001193"]:
        r = s.get("/api/v1/procedures?q=" + q(text))
        t.ok(r.status == 200 and r.json["items"] and r.json["items"][0]["code"] == "1.001193",
             f"search {text!r} finds 1.001193 first", r)
    r = s.get("/api/v1/procedures?q=" + q("khai si"))
    codes = [i["code"] for i in r.json["items"]]
    t.ok("1.001193" in codes and "1.004884" in codes and r.json["total"] == len(codes),
         "as-you-type prefix 'khai si'", r)
    r = s.get("/api/v1/procedures?q=" + q("chứng thực chữ ký"))
    t.eq(r.json["items"][0]["code"] if r.json["items"] else None, "2.000884",
         "search 'chứng thực chữ ký'")
    r = s.get("/api/v1/procedures?q=" + q('"khai" OR * NEAR( sinh'))
    t.ok(r.status == 200 and r.json["total"] == 0, "FTS syntax in q is plain text", r)
    r = s.get("/api/v1/procedures?q=" + q("xyzzy"))
    t.eq((r.status, r.json["total"], r.json["items"]), (200, 0, []), "no match: empty page")
    r = s.get("/api/v1/procedures?q=" + q("a " * 17))
    t.eq((r.status, r.code), (400, "validation_failed"), "more than 16 words -> 400")
    r = s.get("/api/v1/procedures?q=" + q("x" * 201))
    t.eq((r.status, r.code), (400, "validation_failed"), "q over 200 bytes -> 400")
    t.eq(s.get("/api/v1/procedures?q=" + q("x" * 200)).status, 200, "q of 200 bytes is fine")
    r = s.get("/api/v1/procedures?q=%C3")
    t.eq((r.status, r.code), (400, "validation_failed"), "q not UTF-8 -> 400")

    # Filters.
    r = s.get("/api/v1/procedures?per_page=100&field=" + q("Hộ tịch"))
    t.ok(r.json["total"] == 11 and all(i["field"] == "Hộ tịch" for i in r.json["items"]),
         "field=Hộ tịch: 11 procedures", r)
    t.eq(s.get("/api/v1/procedures?field=" + q("ho tich")).json["total"], 11,
         "field without diacritics")
    t.eq(s.get("/api/v1/procedures?level=province").json["total"], 8, "level=province: 8")
    t.eq(s.get("/api/v1/procedures?level=commune").json["total"], 32, "level=commune: 32")
    r = s.get("/api/v1/procedures?level=province&q=" + q("giay phep"))
    t.ok(r.json["total"] >= 1 and all(i["level"] == "province" for i in r.json["items"]),
         "search and level together", r)
    t.eq(s.get("/api/v1/procedures?level=district").status, 400, "level=district -> 400")

    # Paging (API.md Conventions): per_page at most 100.
    r = s.get("/api/v1/procedures?per_page=100")
    t.ok(r.status == 200 and len(r.json["items"]) == 40 and r.json["total"] == 40 and
         r.json["page"] == 1, "per_page=100 is allowed", r)
    r = s.get("/api/v1/procedures?per_page=101")
    t.eq((r.status, r.code), (400, "validation_failed"), "per_page=101 -> 400")
    for bad_q in ["per_page=0", "page=0", "page=x", "page=", "per_page=-1"]:
        t.eq(s.get("/api/v1/procedures?" + bad_q).status, 400, f"{bad_q} -> 400")
    r = s.get("/api/v1/procedures?page=2&per_page=30")
    t.ok(len(r.json["items"]) == 10 and r.json["page"] == 2, "page 2 holds the rest", r)
    r = s.get("/api/v1/procedures?page=5&per_page=30")
    t.ok(r.status == 200 and r.json["items"] == [] and r.json["total"] == 40, "past the end: empty")
    first = s.get("/api/v1/procedures?per_page=1").json["items"][0]
    t.eq(sorted(first), ["code", "field", "level", "name", "processing_time", "version"],
         "items are summaries")

    # One procedure, full.
    r = s.get("/api/v1/procedures/1.001193")
    body = r.json
    t.ok(r.status == 200 and body["name"] == "Thủ tục đăng ký khai sinh" and
         body["processing_time"]["unit"] == "same_day" and len(body["steps"]) == 4 and
         body["version"] == 1 and body["current"] is True and "legal_basis" in body and
         body["steps"][1]["unit"] == "commune:justice", "GET one procedure, full", r)
    r = s.get("/api/v1/procedures/1.004222")
    t.ok(r.json["version"] == 2 and r.json["name"] == 'Đăng ký thường trú (CSV, "mới")' and
         r.json["fees"]["amount_vnd"] == 25000 and r.json["fees"]["note"] and
         len(r.json["steps"]) == 4, "CSV import made version 2, keeping the rest", r)
    t.eq(s.get("/api/v1/procedures/1.004194").json["fees"]["amount_vnd"], None,
         "CSV: an empty fee is unknown (null)")
    t.eq(s.get("/api/v1/procedures/1.004222?version=1").json["name"], "Đăng ký thường trú",
         "CSV: version 1 kept")
    for path in ["/api/v1/procedures/9.999999", "/api/v1/procedures/abc",
                 "/api/v1/procedures/1.001193?version=2", "/api/v1/procedures/9.999999/versions"]:
        r = s.get(path)
        t.eq((r.status, r.code), (404, "not_found"), f"GET {path} -> 404")
    t.eq(s.get("/api/v1/procedures/1.001193?version=0").status, 400, "?version=0 -> 400")
    r = s.get("/api/v1/procedures/9.000001")
    t.eq(r.status, 404, "a failed import loaded nothing (9.000001 absent)")

    # PUT: administrators only.
    new = copy.deepcopy(body)
    new["name"] = "Thủ tục đăng ký khai sinh (sửa đổi)"
    r = s.put("/api/v1/procedures/1.001193", new)
    t.eq((r.status, r.code), (401, "unauthenticated"), "PUT without sign-in -> 401")
    clerk = s.client()
    t.eq(clerk.login("tiepnhan", ADMIN_PW).status, 200, "receiver signs in")
    r = clerk.put("/api/v1/procedures/1.001193", new)
    t.eq((r.status, r.code), (403, "forbidden"), "PUT by a receiver -> 403")
    admin = s.client()
    t.eq(admin.login("admin", ADMIN_PW).status, 200, "admin signs in")
    before = audit_records(db)
    r = admin.put("/api/v1/procedures/1.001193", new)
    t.ok(r.status == 200 and r.json["version"] == 2 and r.json["name"] == new["name"] and
         r.json["current"] is True, "PUT by admin creates version 2", r)
    t.eq(audit_records(db), before + 1, "the PUT wrote one audit record")
    t.eq(s.get("/api/v1/procedures/1.001193").json["version"], 2, "GET gives version 2")
    r = s.get("/api/v1/procedures/1.001193?version=1")
    t.ok(r.json["name"] == "Thủ tục đăng ký khai sinh" and r.json["current"] is False,
         "GET ?version=1 still gives the old one (R-0)", r)
    r = s.get("/api/v1/procedures/1.001193/versions")
    t.ok([v["version"] for v in r.json["items"]] == [2, 1] and r.json["total"] == 2 and
         r.json["items"][0]["current"] and not r.json["items"][1]["current"],
         "versions: newest first", r)
    r = s.get("/api/v1/procedures?q=" + q("sua doi"))
    t.ok([i["code"] for i in r.json["items"]] == ["1.001193"] and r.json["items"][0]["version"] == 2,
         "search finds the new version's name", r)
    r = admin.put("/api/v1/procedures/1.001193", new)
    t.ok(r.status == 200 and r.json["version"] == 2, "the same PUT again creates no version", r)
    t.eq(audit_records(db), before + 1, "an unchanged PUT writes no audit record")

    fresh = copy.deepcopy(next(p for p in procs if p["code"] == "2.001610"))
    fresh.pop("code")
    r = admin.put("/api/v1/procedures/9.000123", fresh)
    t.ok(r.status == 201 and r.json["version"] == 1 and r.json["code"] == "9.000123",
         "PUT of a new code: 201, version 1", r)
    t.eq(s.get("/api/v1/procedures?q=9.000123").json["items"][0]["code"], "9.000123",
         "the new procedure is searchable")

    # Invalid input: 400 naming the field; nothing changes.
    def broken(change):
        b = copy.deepcopy(new)
        change(b)
        return b

    cases = [
        (lambda b: b.pop("name"), "name: is required"),
        (lambda b: b.update(name=""), "name: must not be empty"),
        (lambda b: b.update(name="x" * 513), "name: is longer than 512 bytes"),
        (lambda b: b.update(level="district"), "level: must be province or commune"),
        (lambda b: b.update(code="1.000001"), "code: must be the code of the URL"),
        (lambda b: b["processing_time"].update(unit="weeks"), "processing_time.unit:"),
        (lambda b: b.update(processing_time={"amount": 0, "unit": "working_days"}),
         "processing_time.amount:"),
        (lambda b: b.update(fees={"amount_vnd": -1}), "fees.amount_vnd:"),
        (lambda b: b.update(channels=["counter", "fax"]), "channels[1]: must be counter, post or online"),
        (lambda b: b.update(channels=["counter", "counter"]), "channels[1]: counter is listed twice"),
        (lambda b: b.update(channels=[]), "channels: must be a non-empty array"),
        (lambda b: b.update(steps=[]), "steps: must be a non-empty array"),
        (lambda b: b["steps"][1]["duration"].update(unit="calendar_days"),
         "steps[1].duration.unit: must be working_hours or working_days"),
        (lambda b: b["steps"][1]["duration"].update(amount=0), "steps[1].duration.amount:"),
        (lambda b: b["steps"][2].update(unit="commune:mayor"), "steps[2].unit: must be a unit code"),
        (lambda b: b["steps"][2].update(unit="000.99.99.H27"), "steps[2].unit: no unit 000.99.99.H27"),
        (lambda b: b["steps"][0].update(unit_role="boss"), "steps[0].unit_role:"),
        (lambda b: b["components"][0].update(form="scan"), "components[0].form:"),
        (lambda b: b.update(result=None), "result: is required"),
        (lambda b: b.update(competent_unit="000.00.03.H27"), "competent_unit: must be null"),
        (lambda b: b.update(steps=[b["steps"][0]] * 17), "steps: at most 16 steps"),
        (lambda b: b["steps"][1].update(name="a\nb"), "steps[1].name: must not contain control"),
    ]
    for change, want in cases:
        r = admin.put("/api/v1/procedures/1.001193", broken(change))
        t.ok(r.status == 400 and r.code == "validation_failed" and r.json["detail"].startswith(want),
             "PUT invalid -> 400: " + want, r)
    prov = copy.deepcopy(fresh)
    prov["steps"][1]["unit"] = "commune:justice"
    r = admin.put("/api/v1/procedures/9.000123", prov)
    t.ok(r.status == 400 and "commune-level procedures only" in r.json["detail"],
         "commune:<kind> in a province-level procedure -> 400", r)
    # R-CAT-2: budgets over the processing time.
    over = broken(lambda b: b["steps"][1].update(duration={"amount": 5, "unit": "working_hours"}))
    r = admin.put("/api/v1/procedures/1.001193", over)
    t.ok(r.status == 400 and r.json["detail"].startswith("steps: the step budgets add up to 9 h") and
         "7.5 h" in r.json["detail"], "budgets over same_day's 7.5 h -> 400 (R-CAT-2)", r)
    long = copy.deepcopy(new)
    long["steps"].insert(3, dict(long["steps"][2], duration={"amount": 1, "unit": "working_days"}))
    r = admin.put("/api/v1/procedures/1.001193", long)
    t.ok(r.status == 400 and "add up to 14.5 h" in r.json["detail"],
         "a fifth step of one day does not fit in same_day", r)
    exact = copy.deepcopy(new)
    exact["steps"][1]["duration"] = {"amount": 3, "unit": "working_hours"}
    exact["processing_time"] = {"amount": 7, "unit": "working_hours"}
    r = admin.put("/api/v1/procedures/1.001193", exact)
    t.ok(r.status == 200 and r.json["version"] == 3, "budgets exactly at the processing time fit", r)
    r = admin.put("/api/v1/procedures/1.001193", raw=b"[1]", headers={"Content-Type": "application/json"})
    t.eq(r.status, 400, "PUT a non-object -> 400")
    t.eq(s.get("/api/v1/procedures/1.001193/versions").json["total"], 3,
         "failed PUTs changed nothing")
    t.eq(audit_records(db), before + 3, "only the real changes are in the audit chain")
    t.eq(run("audit", "verify", "--db", db)[0], 0, "the audit chain is intact")

    # Server-side fields in the body are ignored, not stored.
    r = admin.put("/api/v1/procedures/9.000123", dict(fresh, version=99, current=False,
                                                      created_at="x", extra={"kept": True}))
    t.ok(r.status == 200 and r.json["version"] == 2 and r.json["current"] is True and
         r.json["extra"] == {"kept": True}, "version/current/created_at come from the server", r)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(t.done())
