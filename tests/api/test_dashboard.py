"""API tests of the leader's dashboard, GET /api/v1/reports/dashboard
(docs/index.md "The leader's dashboard"; DOMAIN.md R-CAL-6, R-DOS-5, R-IDX-1),
driven by the test clock.

The scene is judged on Wednesday 2026-04-29 at 16:00. Around it: Monday
04-27 is the day off for the Hùng Kings (10/3 lunar falls on Sunday 04-26),
Thursday 04-30 and Friday 05-01 are holidays, then a weekend. So the
apology window (today and the next 2 working days) ends on Tuesday 05-05 at
17:00, six calendar days away.

Procedure 2.001610 takes 3 working days; its competent unit is the
department DEPT; its steps are the city centre's reception, the business
registration division's specialist and leader, the centre's return. Dossiers
(received at the counter at the centre unless said):

  A  Fri 04-24 09:00, at reception (tiepnhan)    due Mon 05-04   apology by Wed 04-29 17:00 (today)
  B  Tue 04-28 09:00, to chuyenvien              due Tue 05-05   apology by Mon 05-04 (1 working day)
  C  Wed 04-29 08:00, forwarded, nobody assigned due Wed 05-06   apology by Tue 05-05 (2: the edge)
  D  Wed 04-29 15:30 (after the cut-off)         due Thu 05-07   apology by Wed 05-06 (3: not listed)
  E  Wed 04-22, to chuyenvien then lanhdao       due Tue 04-28   overdue
  F  Thu 04-23, to chuyenvien                    due Wed 04-29   nearly due, apology deadline passed
  G  Tue 04-28 10:00, to chuyenvien, apologised  due 05-08 (re-appointed: no second apology)
  H  Tue 04-28 09:30, to chuyenvien, waiting for a supplement (the clock paused)
  I  Tue 04-28, completed (not open)             J  submitted online, not received (not open)
  K  procedure 1.014199 of another department, at the centre's reception
  L  2026-03-02, completed the same day (last month's index)
"""
import os
import sys
import tempfile

from harness import (CENTRE, CITIZEN, COMPONENTS, DEMO_PASSWORD, KEY, OTHER_DEPT, PROC, Server,
                     prepare_db, staff, tap)

motcua = sys.argv[1]
t = tap()
DEPT, DIVISION, ROOT = "000.00.03.H27", "010.00.03.H27", "000.00.00.H27"
OTHER_PROC = "1.014199"
NOW = "2026-04-29T16:00:00+07:00"
DASH = "/api/v1/reports/dashboard"


def ts(day, hm="09:00"):
    return f"2026-{day}T{hm}:00+07:00"


class World:
    def __init__(self, s):
        self.s = s
        self.anon = s.client()
        self.errors = []
        self.c = {name: staff(s, name) for name in ("admin", "tiepnhan", "chuyenvien", "lanhdao",
                                                    "thanhtra")}
        self.items = [c["name"] for c in s.get(f"/api/v1/procedures/{PROC}").json["components"]]
        other = s.get(f"/api/v1/procedures/{OTHER_PROC}").json["components"]
        self.other_components = [c["name"] for c in other if c.get("required")]

    def must(self, r, what, ok=(200, 201)):
        if r.status not in ok:
            self.errors.append(f"{what}: {r.status} {r.raw[:200]!r}")
        return r

    def counter(self, when, proc=PROC, components=None):
        self.s.set_now(when)
        body = {"procedure": proc, "channel": "counter", "receiving_unit": CENTRE,
                "applicant": dict(CITIZEN), "components": components or list(COMPONENTS),
                "receive": True}
        r = self.must(self.c["tiepnhan"].post("/api/v1/dossiers", body), f"reception at {when}")
        return r.json["code"] if r.status == 201 else None

    def act(self, who, code, action, when, body=None):
        self.s.set_now(when)
        return self.must(self.c[who].post(f"/api/v1/dossiers/{code}/{action}", body or {}),
                         f"{who} {action} {code} at {when}")

    def forward(self, who, code, when, assignee=None):
        return self.act(who, code, "forward", when, {"assignee": assignee} if assignee else {})


def build(w):
    """The dossiers of the module docstring; returns their codes by letter."""
    d = {}
    d["L"] = w.counter("2026-03-02T09:00:00+07:00")
    w.forward("tiepnhan", d["L"], "2026-03-02T09:30:00+07:00", "chuyenvien")
    w.act("chuyenvien", d["L"], "complete", "2026-03-02T11:00:00+07:00",
          {"result": {"name": "Giấy chứng nhận đăng ký doanh nghiệp"}})
    d["A"] = w.counter(ts("04-24"))
    d["B"] = w.counter(ts("04-28"))
    w.forward("tiepnhan", d["B"], ts("04-28", "09:10"), "chuyenvien")
    d["C"] = w.counter(ts("04-29", "08:00"))
    w.forward("tiepnhan", d["C"], ts("04-29", "08:10"))
    d["D"] = w.counter(ts("04-29", "15:30"))
    d["E"] = w.counter(ts("04-22"))
    w.forward("tiepnhan", d["E"], ts("04-22", "10:00"), "chuyenvien")
    w.forward("chuyenvien", d["E"], ts("04-23", "10:00"), "lanhdao")
    d["F"] = w.counter(ts("04-23"))
    w.forward("tiepnhan", d["F"], ts("04-23", "10:00"), "chuyenvien")
    d["G"] = w.counter(ts("04-28", "10:00"))
    w.forward("tiepnhan", d["G"], ts("04-28", "10:10"), "chuyenvien")
    w.act("lanhdao", d["G"], "apologize", ts("04-28", "11:00"),
          {"reason": "Cần xác minh thêm", "new_due": ts("05-08", "17:00")})
    d["H"] = w.counter(ts("04-28", "09:30"))
    w.forward("tiepnhan", d["H"], ts("04-28", "09:40"), "chuyenvien")
    w.act("chuyenvien", d["H"], "request-supplement", ts("04-28", "11:00"),
          {"items": w.items[1:2], "reason": "Thiếu"})
    d["I"] = w.counter(ts("04-28", "10:30"))
    w.forward("tiepnhan", d["I"], ts("04-28", "10:45"), "chuyenvien")
    w.act("chuyenvien", d["I"], "complete", ts("04-28", "11:00"),
          {"result": {"name": "Giấy chứng nhận đăng ký doanh nghiệp"}})
    w.s.set_now(ts("04-29", "10:00"))
    r = w.must(w.anon.post("/api/v1/dossiers", {
        "procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
        "applicant": dict(CITIZEN), "components": list(COMPONENTS)}), "online submission")
    d["J"] = r.json.get("code") if r.json else None
    d["K"] = w.counter(ts("04-28"), OTHER_PROC, w.other_components)
    t.ok(not w.errors, "the scene is built through the API", "\n".join(w.errors))
    return d


def get(c, query=""):
    return c.get(DASH + (f"?{query}" if query else ""))


def counts(x):
    return (x["open"], x["overdue"], x["nearly_due"])


def department(w, d):
    w.s.set_now(NOW)
    r = get(w.c["lanhdao"])
    t.eq(r.status, 200, "the leader's dashboard -> 200")
    j = r.json
    t.eq((j["unit"], j["at"]), (DEPT, NOW),
         "without ?unit= it is the leader's unit, judged now (the test clock)")
    t.eq(counts(j), (8, 1, 1), "open 8 (A-H: not the completed, the unreceived, the other "
         "department's), overdue 1 (E), nearly due 1 (F)")
    by_unit = [(x["unit"], counts(x)) for x in j["by_unit"]]
    t.eq(by_unit, [(DIVISION, (6, 1, 1)), (CENTRE, (2, 0, 0))],
         "by unit holding the current step, most overdue first (the centre holds A and D)")
    t.eq(j["by_unit_total"], 2, "by_unit_total")
    t.ok(all(x["unit_name"] for x in j["by_unit"]), "each unit row has its name")
    by_official = [(x["unit"], x["username"], counts(x)) for x in j["by_official"]]
    t.eq(by_official, [(DIVISION, "lanhdao", (1, 1, 0)), (DIVISION, "chuyenvien", (4, 0, 1)),
                       (CENTRE, "tiepnhan", (2, 0, 0)), (DIVISION, None, (1, 0, 0))],
         "by official (the step's assignee; C, handed over to nobody, under null)")
    names = {x["username"]: x["full_name"] for x in j["by_official"]}
    t.eq((names["chuyenvien"], names[None]), ("Trần Văn Minh", None),
         "officials with their full names; the unassigned row has none")
    apologies = [(x["code"], x["apology_deadline"]) for x in j["apology_due"]]
    t.eq(apologies, [(d["A"], ts("04-29", "17:00")), (d["B"], ts("05-04", "17:00")),
                     (d["C"], ts("05-05", "17:00"))],
         "apologies due: today, 1 and 2 working days away across the holidays, earliest "
         "first; not D (3 working days), F (passed), G (re-appointed), H (paused)")
    t.eq((j["apology_due_total"], j["apology_until"]), (3, ts("05-05", "17:00")),
         "the window ends at the close of the second working day after today")
    a = j["apology_due"][0]
    t.eq((a["procedure"], a["unit"], a["official"], a["competent_unit"], a["due_at"]),
         (PROC, CENTRE, "tiepnhan", DEPT, ts("05-04", "17:00")),
         "an apology row: procedure, holder, official, competent unit, due time")
    t.ok(a["procedure_name"].startswith("Đăng ký"), "… and the procedure's name",
         a["procedure_name"])
    t.eq(j["apology_due"][2]["official"], None, "C has no official")
    # The verdicts are the dossier pages' own.
    verdicts = {}
    for letter in "ABCDEFGH":
        v = w.c["lanhdao"].get(f"/api/v1/dossiers/{d[letter]}").json["verdict"]
        verdicts[v] = verdicts.get(v, 0) + 1
    t.eq((verdicts.get("overdue", 0), verdicts.get("nearly_due", 0)),
         (j["overdue"], j["nearly_due"]), "the counts agree with the dossiers' own verdicts")
    return j


def edges(w, d):
    w.s.set_now(ts("04-29", "17:00"))
    j = get(w.c["lanhdao"]).json
    t.eq([x["code"] for x in j["apology_due"]][:1], [d["A"]],
         "at the deadline itself the apology is still possible: A is listed")
    w.s.set_now("2026-04-29T17:00:01+07:00")
    j = get(w.c["lanhdao"]).json
    t.ok(d["A"] not in [x["code"] for x in j["apology_due"]],
         "a second later A's deadline has passed: not listed")
    t.eq(counts(j), (8, 2, 1), "… A is nearly due (the warning point is the apology "
         "deadline) and F, due at 17:00, is overdue")
    # On the weekend the window is the next two working days: Mon 05-04 and Tue 05-05.
    w.s.set_now(ts("05-02", "10:00"))
    j = get(w.c["lanhdao"]).json
    t.eq(j["apology_until"], ts("05-05", "17:00"), "on a Saturday the window ends Tue 05-05")
    t.eq([x["code"] for x in j["apology_due"]], [d["B"], d["C"]],
         "… B (Mon) and C (Tue) are listed")
    w.s.set_now(ts("05-04", "09:00"))
    j = get(w.c["lanhdao"]).json
    t.eq((j["apology_until"], [x["code"] for x in j["apology_due"]]),
         (ts("05-06", "17:00"), [d["B"], d["C"], d["D"]]),
         "on Monday the window reaches Wed 05-06: D enters")
    # Beyond the calendar's years (2000-2100) the working days cannot be counted. Sessions
    # would expire there: an API token signs in.
    token = w.c["lanhdao"].post("/api/v1/tokens", {"name": "dashboard"}).json["token"]
    bearer = w.s.client()
    bearer.token = token
    w.s.set_now("2100-12-31T09:00:00+07:00")
    r = get(bearer)
    t.eq((r.status, r.code), (400, "out_of_range"), "now past the calendar -> 400 out_of_range")


def scopes(w, d):
    w.s.set_now(NOW)
    j = get(w.c["thanhtra"], f"unit={CENTRE}").json
    t.eq((j["unit"], counts(j)), (CENTRE, (3, 0, 0)),
         "the centre's dashboard counts what it holds though others decide it (A, D, K)")
    t.eq([(x["unit"], x["username"], x["open"]) for x in j["by_official"]],
         [(CENTRE, "tiepnhan", 3)], "… all at its receiving officer")
    j = get(w.c["thanhtra"]).json
    t.eq((j["unit"], counts(j)), (ROOT, (9, 1, 1)),
         "the auditor's default is the city: every open dossier once (A-H and K)")
    t.eq(sum(x["open"] for x in j["by_unit"]), 9, "… its unit rows add up")
    j = get(w.c["admin"], f"unit={DEPT}").json
    t.eq(counts(j), (8, 1, 1), "an administrator of the city reads the department's")
    j = get(w.c["lanhdao"], f"unit={DIVISION}").json
    t.eq((j["unit"], counts(j)), (DIVISION, (6, 1, 1)),
         "a unit below the leader's: what the division holds")


def index(w):
    w.s.set_now(NOW)
    j = get(w.c["lanhdao"]).json["index"]
    for name, q in (("current", f"from=2026-04-01&to=2026-04-29"), ("previous", "period=2026-03")):
        rep = w.s.get(f"/api/v1/reports/index?unit={DEPT}&{q}").json
        t.eq((j[name]["from"], j[name]["to"], j[name]["total"], j[name]["classification"]),
             (rep["from"], rep["to"], rep["total"], rep["classification"]),
             f"index {name} equals /reports/index?{q}")
    t.ok(j["previous"]["total"] is not None and j["current"]["total"] is not None,
         "both periods have data", j)


def access(w):
    w.s.set_now(NOW)
    admin = w.c["admin"]
    for user, roles in (("ldkhac", [{"role": "leader", "unit": OTHER_DEPT}]),
                        ("ldhai", [{"role": "leader", "unit": DEPT},
                                   {"role": "leader", "unit": OTHER_DEPT}])):
        r = admin.post("/api/v1/users", {"username": user, "password": DEMO_PASSWORD,
                                         "full_name": "Lãnh đạo thử", "roles": roles})
        t.eq(r.status, 201, f"setup: {user}")
    ldkhac, ldhai = staff(w.s, "ldkhac"), staff(w.s, "ldhai")
    r = get(w.anon)
    t.eq((r.status, r.code), (401, "unauthenticated"), "anonymous -> 401")
    r = get(w.c["tiepnhan"])
    t.eq((r.status, r.code), (403, "forbidden"), "a receiving officer -> 403")
    r = get(w.c["tiepnhan"], f"unit={CENTRE}")
    t.eq((r.status, r.code), (403, "forbidden"), "… even for the centre where they work")
    r = get(w.c["chuyenvien"], f"unit={DIVISION}")
    t.eq((r.status, r.code), (403, "forbidden"), "a specialist -> 403")
    r = get(ldkhac, f"unit={DEPT}")
    t.eq((r.status, r.code), (403, "forbidden"), "the leader of another department -> 403")
    r = get(ldkhac)
    t.eq((r.status, r.json and r.json["unit"], r.json and r.json["open"]), (200, OTHER_DEPT, 1),
         "… who reads their own (K is decided there)")
    first = [g["unit"] for g in ldhai.get("/api/v1/session").json["user"]["roles"]
             if g["role"] == "leader"][0]
    r = get(ldhai)
    t.eq((r.status, r.json and r.json["unit"]), (200, first),
         "a leader of two units: the first leader grant of the session by default")
    r = get(w.c["lanhdao"], f"unit={ROOT}")
    t.eq((r.status, r.code), (403, "forbidden"), "a unit above the leader's -> 403")
    for q, status, code, what in (("unit=abc", 400, "invalid_unit_code", "a malformed unit"),
                                  ("unit=", 400, "invalid_unit_code", "an empty unit"),
                                  ("unit=999.99.99.H99", 404, "not_found", "an unknown unit")):
        r = get(w.c["lanhdao"], q)
        t.ok(r.status == status and r.code == code
             and r.headers.get("content-type") == "application/problem+json",
             f"{what} -> {status} {code} (problem+json)", r)


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "dashboard.db"))
    with Server(motcua, db=db, t=t) as s:
        w = World(s)
        codes = build(w)
        department(w, codes)
        index(w)
        scopes(w, codes)
        access(w)
        edges(w, codes)
sys.exit(t.done())
