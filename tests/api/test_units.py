"""API tests: `motcua import units` and the unit routes (API.md "Catalog and
organisation", R-ORG-1): paging, filters, limits, 404, admin writes."""
import json
import os
import sqlite3
import subprocess
import sys

from harness import Server, tap

motcua = sys.argv[1]
UNITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "units",
                     "haiphong.json")
PW = "mật khẩu quản trị 2026"
ROOT, CENTRE, DEPT = "000.00.00.H27", "000.00.20.H27", "000.00.03.H27"
t = tap()

with open(UNITS, encoding="utf-8") as f:
    DATA = json.load(f)["units"]


def cli(*args, stdin=None):
    return subprocess.run([motcua, *args], input=stdin, capture_output=True, text=True,
                          timeout=300)


def write_units(path, units):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"units": units}, f, ensure_ascii=False)


def unit_count(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return c.execute("SELECT count(*) FROM units").fetchone()[0]
    finally:
        c.close()


s = Server(motcua, t=t)
first = [dict(u) for u in DATA[:4]]  # root, centre, and two of the first bodies


def bad_import(name, units, want, raw=None):
    path = os.path.join(s.dir, name + ".json")
    if raw is not None:
        with open(path, "wb") as f:
            f.write(raw)
    else:
        write_units(path, units)
    db = os.path.join(s.dir, name + ".db")
    r = cli("import", "units", path, "--db", db)
    t.ok(r.returncode == 1 and want in r.stderr and not r.stdout,
         f"import error names it: {want}", r.stderr)
    return db


# Import errors name the entry index and the field; nothing is loaded.
units = [dict(u) for u in first]
units[2]["parent"] = "000.00.99.H27"
db = bad_import("parent", units, "units[2].parent: no unit 000.00.99.H27")
t.eq(unit_count(db), 0, "a failed import loads nothing (all or nothing)")
units = [dict(u) for u in first]
units[1]["level"] = "bureau"
bad_import("level", units, "units[1].level: 'bureau' is not one of")
units = [dict(u) for u in first]
units[3]["code"] = "000.00.3.H27"
bad_import("code", units, "units[3].code:")
units = [dict(u) for u in first]
del units[1]["name"]
bad_import("name", units, "units[1].name: is required")
units = [dict(u) for u in first]
units[2]["name"] = 42
bad_import("type", units, "units[2].name: must be a string")
units = [dict(u) for u in first]
units[2]["name"] = "x" * 257
bad_import("long", units, "units[2].name: is longer than 256 bytes")
units = [dict(u) for u in first] + [dict(first[1])]
bad_import("dup", units, "units[4].code: 000.00.20.H27 is units[1] too")
units = [dict(u) for u in first]
units[3]["valid_from"] = "2025-13-01"
bad_import("date", units, "units[3].valid_from:")
units = [dict(u) for u in first]
units[2]["parent"] = units[3]["code"]
units[3]["parent"] = units[2]["code"]
bad_import("loop", units, "units[2].parent: a loop")
bad_import("notjson", None, "notjson.json:1:", raw=b"{\"units\": [")
bad_import("shape", None, "units: an array is required", raw=b"{\"unit\": []}")
bad_import("dupkey", None, "duplicate", raw=b'{"units": [], "units": []}')
r = cli("import", "units", os.path.join(s.dir, "missing.json"), "--db",
        os.path.join(s.dir, "m.db"))
t.ok(r.returncode == 1 and "cannot read" in r.stderr, "import of a missing file", r.stderr)
r = cli("import", "kinds", UNITS)
t.eq(r.returncode, 2, "import of an unknown kind is a usage error")
t.ok("units" in cli("import", "--help").stdout, "import --help lists the kinds")

# Children before parents still load (parents are put first).
path = os.path.join(s.dir, "reversed.json")
write_units(path, list(reversed(first)))
r = cli("import", "units", path, "--db", os.path.join(s.dir, "rev.db"))
t.ok(r.returncode == 0 and r.stdout.startswith("loaded 4 units"), "children-first file loads",
     r.stdout + r.stderr)

# The real data, twice (an upsert), then the first administrator.
r = cli("import", "units", UNITS, "--db", s.db)
t.ok(r.returncode == 0 and r.stdout.startswith("loaded 860 units from"),
     "import data/units/haiphong.json -> 860 units", r.stdout + r.stderr)
r = cli("import", "units", UNITS, "--db", s.db)
t.ok(r.returncode == 0 and unit_count(s.db) == 860, "importing again updates in place")
r = cli("user", "add", "admin", "--role", "admin", "--unit", ROOT, "--db", s.db,
        stdin=PW + "\n")
t.eq(r.returncode, 0, "motcua user add admin")

with s:
    r = s.get("/api/v1/units")
    t.ok(r.status == 200 and r.json["total"] == 860 and r.json["page"] == 1
         and len(r.json["items"]) == 50, "GET /units: 860 in all, 50 a page by default", r)
    t.eq(set(r.json["items"][0]) >= {"code", "name", "level", "parent"}, True,
         "units have code, name, level, parent")
    r = s.get("/api/v1/units?per_page=200")
    t.ok(r.status == 200 and len(r.json["items"]) == 200, "per_page=200 is allowed")
    r = s.get("/api/v1/units?per_page=200&page=5")
    t.ok(r.status == 200 and len(r.json["items"]) == 60 and r.json["page"] == 5,
         "the last page holds the rest (860 - 800)")
    t.eq(len(s.get("/api/v1/units?per_page=200&page=6").json["items"]), 0, "past the end: empty")
    codes = []
    for page in range(1, 6):
        codes += [u["code"] for u in
                  s.get(f"/api/v1/units?per_page=200&page={page}").json["items"]]
    t.eq(sorted(codes), sorted(u["code"] for u in DATA), "the pages hold every unit once")
    for q in ("per_page=201", "per_page=0", "page=0", "page=abc", "per_page=-1",
              "page=1000001", "per_page=20x"):
        r = s.get("/api/v1/units?" + q)
        t.eq((r.status, r.code), (400, "validation_failed"), f"GET /units?{q} -> 400")

    for level in ("province", "department", "vertical_agency", "service_centre", "commune",
                  "division"):
        r = s.get(f"/api/v1/units?level={level}&per_page=1")
        t.eq(r.json["total"], sum(u["level"] == level for u in DATA), f"level={level}")
    r = s.get("/api/v1/units?level=bureau")
    t.eq((r.status, r.code), (400, "validation_failed"), "an unknown level -> 400")
    r = s.get(f"/api/v1/units?parent={ROOT}&per_page=200")
    t.eq(sorted(u["code"] for u in r.json["items"]),
         sorted(u["code"] for u in DATA if u["parent"] == ROOT), "parent=root: its children")
    r = s.get(f"/api/v1/units?parent={DEPT}&level=division")
    t.eq(r.json["total"],
         sum(u["parent"] == DEPT and u["level"] == "division" for u in DATA),
         "parent and level together")
    t.ok(all(u["parent"] == DEPT for u in r.json["items"]), "… only children of it")
    r = s.get("/api/v1/units?parent=nonsense")
    t.eq((r.status, r.code), (400, "invalid_unit_code"), "a bad parent code -> 400")
    t.eq(s.get("/api/v1/units?parent=000.00.99.H27").json["total"], 0,
         "an unknown parent has no children")

    r = s.get(f"/api/v1/units/{DEPT}")
    t.ok(r.status == 200 and r.json["name"] == "Sở Tài chính" and r.json["level"] ==
         "department" and r.json["parent"] == ROOT, "GET /units/{code}", r)
    r = s.get("/api/v1/units/000.01.80.H27")
    t.ok(r.json["valid_to"] == "2025-06-30" and r.json["successor"] == "000.41.50.H27",
         "a pre-2025 unit keeps its validity and successor (R-ORG-1)", r)
    r = s.get(f"/api/v1/units/{ROOT}")
    t.ok(r.json["parent"] is None and r.json["level"] == "province", "the root has no parent")
    for code in ("000.00.99.H27", "nonsense", "000.00.00.h27"):
        r = s.get("/api/v1/units/" + code)
        t.eq((r.status, r.code), (404, "not_found"), f"GET /units/{code} -> 404")

    # Writes: administrators only.
    new = {"code": "020.00.03.H27", "name": "Phòng Thử nghiệm", "level": "division",
           "parent": DEPT, "kind": "office"}
    r = s.post("/api/v1/units", new)
    t.eq((r.status, r.code), (401, "unauthenticated"), "POST /units anonymous -> 401")
    admin = s.client()
    t.eq(admin.login("admin", PW).status, 200, "admin signs in")
    r = admin.post("/api/v1/users", {"username": "tiepnhan", "password": PW, "full_name": "A",
                                     "roles": [{"role": "receiver", "unit": CENTRE}]})
    t.eq(r.status, 201, "a receiver is created")
    receiver = s.client()
    receiver.login("tiepnhan", PW)
    t.eq(receiver.post("/api/v1/units", new).code, "forbidden", "POST /units as receiver -> 403")
    r = admin.post("/api/v1/units", new)
    t.ok(r.status == 201 and r.json["code"] == new["code"] and r.json["parent"] == DEPT,
         "POST /units as admin -> 201", r)
    t.eq(r.headers.get("location"), "/api/v1/units/020.00.03.H27", "with its Location")
    t.eq(s.get("/api/v1/units/020.00.03.H27").json["name"], "Phòng Thử nghiệm", "it is there")
    t.eq(s.get("/api/v1/units").json["total"], 861, "the total counts it")
    r = admin.post("/api/v1/units", new)
    t.eq((r.status, r.code), (409, "conflict"), "the same code again -> 409")
    for change, field in [({"parent": "000.00.99.H27"}, "parent"), ({"level": "bureau"}, "level"),
                          ({"code": "20.00.03.H27"}, "code"), ({"name": ""}, "name"),
                          ({"parent": None}, "parent"), ({"valid_to": "2025-02-30"}, "valid_to"),
                          ({"successor": ROOT}, "successor"), ({"name": 5}, "name")]:
        body = dict(new, code="021.00.03.H27")
        body.update(change)
        r = admin.post("/api/v1/units", body)
        t.ok(r.status == 400 and r.json["detail"].startswith(field + ":"),
             f"POST /units with a bad {field} -> 400", r)
    t.eq(s.get("/api/v1/units/021.00.03.H27").status, 404, "… and nothing was stored")

    # A department's administrator adds units below the department only.
    r = admin.post("/api/v1/users", {"username": "quantriso", "password": PW, "full_name": "B",
                                     "roles": [{"role": "admin", "unit": DEPT}]})
    dept_admin = s.client()
    dept_admin.login("quantriso", PW)
    r = dept_admin.post("/api/v1/units", dict(new, code="022.00.03.H27"))
    t.eq(r.status, 201, "a department admin adds a division to the department")
    r = dept_admin.post("/api/v1/units", dict(new, code="022.00.20.H27", parent=CENTRE))
    t.eq((r.status, r.code), (403, "forbidden"), "… not to another unit")

    db = sqlite3.connect(f"file:{s.db}?mode=ro", uri=True)
    created = [o for (o,) in db.execute("SELECT object FROM audit WHERE action = 'unit.create'")]
    db.close()
    t.eq(sorted(created), ["020.00.03.H27", "022.00.03.H27"], "each unit created is audited")

sys.exit(t.done())
