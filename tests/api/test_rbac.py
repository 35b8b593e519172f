"""The role matrix: every route of src/app/routes.c x every role (API.md
"Conventions", "Who may act"; R-ORG-3).

The expected answers are written by hand from API.md and each route's
purpose, not read off the server:

  "the receiving officers of the receiving unit (receive, request supplement
  at reception, refuse, record a supplement or withdrawal brought to the
  counter, return); the specialists and leaders of the unit that holds the
  current step (forward, request supplement, request or confirm payment,
  complete, stop); leaders of the competent unit (apologize); admins
  configure; auditors read. Anything else is 403."

Columns: the demo users of API.md on a prepared database (admin; tiepnhan,
receiving officer of the city centre 000.00.20.H27; chuyenvien, specialist of
the business registration division 010.00.03.H27; lanhdao, leader of its
department 000.00.03.H27, the competent unit of procedure 2.001610; thanhtra,
auditor of the city), a specialist of another department (cvkhac, Sở Nội vụ
000.00.02.H27, made through POST /api/v1/users), an anonymous client, and
the applicant: anonymous with the dossier's tracking key (only where a key
means something). Cells: the exact status, and for 4xx the exact problem
code (401 unauthenticated, 403 forbidden, 404 not_found).

Every action cell works on a fresh dossier brought to the state the action
needs, so one role's success never changes another role's case; the test
clock holds now at Monday 2026-03-02 09:00.

Where the answer is a reading of API.md rather than its letter (the first
hand-over by the receiving officers, fees confirmed at the counter, a
withdrawal accepted at the counter, 404 for another user's token), the cell
says why; docs/access.md records these decisions.
"""
import json
import os
import re
import sys
import tempfile

from harness import (CENTRE, CITIZEN, COMPONENTS, DEMO_PASSWORD, KEY, OTHER_DEPT, PROC,
                     ROOT_DIR, Server, Verbs, add_other_specialist, prepare_db, tap)

motcua = sys.argv[1]
t = tap()
NOW = "2026-03-02T09:00:00+07:00"
ROOT_UNIT, DEPT, DIVISION = "000.00.00.H27", "000.00.03.H27", "010.00.03.H27"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

STAFF = ["admin", "tiepnhan", "chuyenvien", "lanhdao", "thanhtra", "cvkhac"]
ROLES = STAFF + ["anonymous", "applicant"]
ROLE_TITLE = {"admin": "admin", "tiepnhan": "receiver", "chuyenvien": "specialist",
              "lanhdao": "leader", "thanhtra": "auditor", "cvkhac": "other dept",
              "anonymous": "anonymous", "applicant": "applicant"}
CODE_OF = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "invalid_transition"}


def everyone(status, applicant=True):
    """The same answer for every column (the applicant's only where a key applies)."""
    return {r: status for r in ROLES if applicant or r != "applicant"}


def only(allowed, status, anonymous=401, others=403, applicant=None):
    """`status` for the roles in allowed, 403 for other staff, 401 for anonymous."""
    cells = {r: (status if r in allowed else others) for r in STAFF}
    cells["anonymous"] = anonymous
    if applicant is not None:
        cells["applicant"] = applicant
    return cells


class World:
    """The server, one signed-in client per role, and dossier factories."""

    def __init__(self, s):
        self.s = s
        self.clients = {}
        self.seq = 0
        self.errors = []  # answers that do not fit docs/openapi.json
        for name in STAFF:
            self.clients[name] = self.login(name)
        self.clients["anonymous"] = self.client()
        self.clients["applicant"] = self.client()
        self.proc_body = s.get(f"/api/v1/procedures/{PROC}").json
        self.items = [c["name"] for c in self.proc_body["components"]][1:2]

    def client(self):
        return Checked(self.s.client(), self.errors)

    def login(self, name):
        c = self.s.client()
        r = c.login(name, DEMO_PASSWORD)
        assert r.status == 200, (name, r)
        self.errors += answer_errors("POST", "/api/v1/session", r)
        return Checked(c, self.errors)

    def unique(self):
        self.seq += 1
        return self.seq

    def must(self, r, status, what):
        assert r.status == status, (what, r)
        return r

    # Dossiers in each state; each returns its code (the tracking key is KEY).
    def submitted(self):
        body = {"procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
                "applicant": dict(CITIZEN), "components": list(COMPONENTS)}
        return self.must(self.client().post("/api/v1/dossiers", body), 201, "submit").json["code"]

    def act(self, who, code, action, body=None, status=200):
        c = self.clients[who]
        self.must(c.post(f"/api/v1/dossiers/{code}/{action}", body or {}), status,
                  f"{who} {action}")
        return code

    def supplement_requested(self):
        return self.act("tiepnhan", self.submitted(), "request-supplement",
                        {"items": self.items, "reason": "Thiếu"})

    def received(self):
        body = {"procedure": PROC, "channel": "counter", "receiving_unit": CENTRE,
                "applicant": dict(CITIZEN), "components": list(COMPONENTS), "receive": True}
        return self.must(self.clients["tiepnhan"].post("/api/v1/dossiers", body), 201,
                         "counter reception").json["code"]

    def processing(self):
        return self.act("tiepnhan", self.received(), "forward", {"assignee": "chuyenvien"})

    def payment_requested(self):
        return self.act("chuyenvien", self.processing(), "request-payment", {"amount_vnd": 50000})

    def withdrawal_requested(self):
        return self.act("applicant", self.processing(), "withdraw",
                        {"reason": "Không cần nữa", "tracking_key": KEY})

    def done(self):
        return self.act("chuyenvien", self.processing(), "complete",
                        {"result": {"name": "Giấy chứng nhận đăng ký doanh nghiệp"}})

    def returned(self):
        return self.act("tiepnhan", self.done(), "return", {"method": "counter"})

    def with_file(self):
        code = self.processing()
        c = self.clients["tiepnhan"]
        self.must(c.put(f"/api/v1/dossiers/{code}/files/giay.pdf", raw=PDF,
                        headers={"Content-Type": "application/pdf"}), 201, "upload")
        return code


def case_list(w):
    """[(route, scenario, expected {role: status}, run(world, role) -> Response)]."""
    cases = []

    def case(route, scenario, expected, run):
        cases.append((route, scenario, expected, run))

    def req(method, path, body=None, raw=None, headers=None):
        return lambda w, role: w.clients[role].request(method, path, body=body, raw=raw,
                                                        headers=headers)

    # --- system: public (API.md "Conventions") ---
    case("GET /healthz", "", everyone(200, False), req("GET", "/healthz"))
    case("GET /metrics", "", everyone(200, False), req("GET", "/metrics"))
    case("GET /openapi.json", "", everyone(200, False), req("GET", "/openapi.json"))
    # Test infrastructure, public with --test-clock (API.md "Command line").
    case("PUT /api/v1/test/clock", "", everyone(200, False),
         req("PUT", "/api/v1/test/clock", {"now": NOW}))

    # --- calendar: public reads, admin writes ---
    for path in ("/api/v1/calendar/lunar?date=2030-02-02",
                 "/api/v1/calendar/solar?day=1&month=1&year=2030",
                 "/api/v1/calendar/days?from=2026-02-01&to=2026-02-28",
                 "/api/v1/calendar/due?from=2026-02-13T10:00:00%2B07:00&amount=3&unit=working_days",
                 "/api/v1/calendar/years/2026"):
        case("GET " + path.split("?")[0].replace("2026", "{year}"), "", everyone(200, False),
             req("GET", path))
    case("PUT /api/v1/calendar/years/{year}", "admins configure", only({"admin"}, 200),
         req("PUT", "/api/v1/calendar/years/2027",
             {"days_off": [{"date": "2027-01-01", "name": "Tết Dương lịch"}],
              "working_weekend_days": []}))

    # --- session and tokens: every signed-in user, for themselves ---
    def sign_in(w, role):
        # A client without a session signs in (the anonymous column signs in as tiepnhan).
        who = "tiepnhan" if role == "anonymous" else role
        return w.client().post("/api/v1/session", {"username": who, "password": DEMO_PASSWORD})
    case("POST /api/v1/session", "sign in", everyone(200, False), sign_in)
    case("GET /api/v1/session", "", only(STAFF, 200), req("GET", "/api/v1/session"))

    def sign_out(w, role):
        c = w.client() if role == "anonymous" else w.login(role)
        return c.request("DELETE", "/api/v1/session")
    case("DELETE /api/v1/session", "a fresh session", only(STAFF, 204), sign_out)
    case("GET /api/v1/tokens", "own tokens", only(STAFF, 200), req("GET", "/api/v1/tokens"))
    case("POST /api/v1/tokens", "own token", only(STAFF, 201),
         lambda w, role: w.clients[role].post("/api/v1/tokens", {"name": f"rbac {w.unique()}"}))

    def token_of(w, owner):
        r = w.must(w.clients[owner].post("/api/v1/tokens", {"name": f"t{w.unique()}"}), 201,
                   "token")
        return r.json["id"]

    def revoke_own(w, role):
        tid = token_of(w, "admin" if role == "anonymous" else role)
        return w.clients[role].request("DELETE", f"/api/v1/tokens/{tid}")
    case("DELETE /api/v1/tokens/{id}", "own token", only(STAFF, 204), revoke_own)

    def revoke_other(w, role):
        tid = token_of(w, "tiepnhan" if role in ("admin", "anonymous") else "admin")
        return w.clients[role].request("DELETE", f"/api/v1/tokens/{tid}")
    # Another user's token answers 404, exactly as an unknown id: it does not reveal
    # which ids exist (docs/access.md).
    case("DELETE /api/v1/tokens/{id}", "another user's token", only({"admin"}, 204, others=404),
         revoke_other)

    # --- organisation: public units, admin writes, admin-only users ---
    case("GET /api/v1/units", "", everyone(200, False), req("GET", "/api/v1/units"))
    case("GET /api/v1/units/{code}", "", everyone(200, False), req("GET", f"/api/v1/units/{CENTRE}"))

    def new_unit(w, role):
        n = w.unique()
        return w.clients[role].post("/api/v1/units", {
            "code": f"000.00.{90 + n % 10}.H27" if role == "admin" else f"000.00.8{n % 10}.H27",
            "name": f"Đơn vị thử {n}", "level": "department", "parent": ROOT_UNIT})
    case("POST /api/v1/units", "admins configure", only({"admin"}, 201), new_unit)
    case("GET /api/v1/users", "admins configure", only({"admin"}, 200), req("GET", "/api/v1/users"))

    def new_user(w, role):
        return w.clients[role].post("/api/v1/users", {
            "username": f"rbac{w.unique()}", "password": DEMO_PASSWORD,
            "full_name": "Người dùng thử", "roles": [{"role": "receiver", "unit": CENTRE}]})
    case("POST /api/v1/users", "admins configure", only({"admin"}, 201), new_user)

    # --- catalog: public reads, admin writes ---
    case("GET /api/v1/procedures", "", everyone(200, False), req("GET", "/api/v1/procedures?q=ho+tich"))
    case("GET /api/v1/procedures/{code}", "", everyone(200, False),
         req("GET", f"/api/v1/procedures/{PROC}"))
    case("GET /api/v1/procedures/{code}/versions", "", everyone(200, False),
         req("GET", f"/api/v1/procedures/{PROC}/versions"))
    case("PUT /api/v1/procedures/{code}", "the same body again", only({"admin"}, 200),
         req("PUT", f"/api/v1/procedures/{PROC}", w.proc_body))

    # --- dossiers ---
    online = {"procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
              "applicant": dict(CITIZEN), "components": list(COMPONENTS)}
    # Online submission needs no staff login: anyone may file.
    case("POST /api/v1/dossiers", "online", everyone(201, False),
         req("POST", "/api/v1/dossiers", online))
    case("POST /api/v1/dossiers", "at the counter, received at once", only({"tiepnhan"}, 201),
         req("POST", "/api/v1/dossiers", dict(online, channel="counter", receive=True)))
    own_unit = {"admin": ROOT_UNIT, "tiepnhan": CENTRE, "chuyenvien": DIVISION, "lanhdao": DEPT,
                "thanhtra": ROOT_UNIT, "cvkhac": OTHER_DEPT, "anonymous": CENTRE}
    # API.md: "admins configure; auditors read": an administrator reads no queue or
    # dossier (applicants' personal data), docs/access.md.
    case("GET /api/v1/dossiers", "the queue of one's own unit", only(set(STAFF) - {"admin"}, 200),
         lambda w, role: w.clients[role].get(f"/api/v1/dossiers?unit={own_unit[role]}"))
    case("GET /api/v1/dossiers", "the city centre's queue",
         only({"tiepnhan", "thanhtra"}, 200),
         req("GET", f"/api/v1/dossiers?unit={CENTRE}"))

    # Reads of one dossier, in processing at the division: staff with a role at one of
    # its units (centre, department, division) and auditors; not admins.
    readers = {"tiepnhan", "chuyenvien", "lanhdao", "thanhtra"}
    for view in ("", "/control-sheet", "/clock"):
        case(f"GET /api/v1/dossiers/{{code}}{view}", "processing",
             only(readers, 200, applicant=401),
             lambda w, role, view=view: w.clients[role].get(
                 f"/api/v1/dossiers/{w.processing()}{view}"
                 + (f"?key={KEY}" if role == "applicant" else "")))

    # Files: whoever may read the dossier, or the applicant with ?key=.
    def files(w, role, code, suffix=""):
        key = f"?key={KEY}" if role == "applicant" else ""
        return f"/api/v1/dossiers/{code}/files{suffix}{key}"
    case("GET /api/v1/dossiers/{code}/files", "processing", only(readers, 200, applicant=200),
         lambda w, role: w.clients[role].get(files(w, role, w.with_file())))
    case("GET /api/v1/dossiers/{code}/files/{name}", "processing",
         only(readers, 200, applicant=200),
         lambda w, role: w.clients[role].get(files(w, role, w.with_file(), "/giay.pdf")))
    # Adding a file to a submitted dossier: the receiving officers and the competent
    # unit's leader, and the applicant (the division's specialist has no step yet);
    # admins configure, auditors read.
    case("PUT /api/v1/dossiers/{code}/files/{name}", "submitted",
         only({"tiepnhan", "lanhdao"}, 201, applicant=201),
         lambda w, role: w.clients[role].put(files(w, role, w.submitted(), "/don.pdf"), raw=PDF,
                                             headers={"Content-Type": "application/pdf"}))

    # Papers (docs/papers.md): whoever may read the dossier, or the applicant with ?key=
    # for the papers addressed to them; the control sheet is for staff only.
    def paper(w, role, name):
        key = f"?key={KEY}" if role == "applicant" else ""
        return w.clients[role].get(f"/api/v1/dossiers/{w.processing()}/papers/{name}.pdf{key}")
    case("GET /api/v1/dossiers/{code}/papers/{paper}.pdf", "receipt, processing",
         only(readers, 200, applicant=200), lambda w, role: paper(w, role, "receipt"))
    case("GET /api/v1/dossiers/{code}/papers/{paper}.pdf", "control sheet, processing",
         only(readers, 200, applicant=403), lambda w, role: paper(w, role, "control-sheet"))
    # The tracking book (form 07): staff of the unit, and auditors above it; not admins.
    case("GET /api/v1/reports/tracking-book.pdf", "the city centre's book",
         only({"tiepnhan", "thanhtra"}, 200),
         req("GET", f"/api/v1/reports/tracking-book.pdf?unit={CENTRE}&from=2026-03-01"
             "&to=2026-03-31"))

    # Actions: one fresh dossier per cell, in the state the action needs.
    def action(name, state, body, allowed, applicant=403, note=""):
        def run(w, role):
            code = getattr(w, state)()
            b = dict(body)
            if role == "applicant":
                b["tracking_key"] = KEY
            return w.clients[role].post(f"/api/v1/dossiers/{code}/{name}", b)
        exp = only(allowed, 200, applicant=applicant)
        case(f"POST /api/v1/dossiers/{{code}}/{name}", state + note, exp, run)

    reason = {"reason": "Lý do"}
    action("receive", "submitted", {}, {"tiepnhan"})
    action("request-supplement", "submitted", {"items": w.items, "reason": "Thiếu"},
           {"tiepnhan"})
    action("refuse", "submitted", reason, {"tiepnhan"})
    action("withdraw", "submitted", reason, {"tiepnhan"}, applicant=200)
    action("supplement", "supplement_requested", {"components": w.items}, {"tiepnhan"},
           applicant=200)
    # After reception the current step is the centre's reception step, whose staff are
    # its receiving officers: they make the first hand-over (docs/access.md).
    action("forward", "received", {"assignee": "chuyenvien"}, {"tiepnhan"})
    action("forward", "processing", {"assignee": "lanhdao"}, {"chuyenvien", "lanhdao"})
    action("request-supplement", "processing", {"items": w.items, "reason": "Thiếu"},
           {"chuyenvien", "lanhdao"})
    action("request-payment", "processing", {"amount_vnd": 50000}, {"chuyenvien", "lanhdao"})
    # Fees paid at the counter are confirmed by the receiving officers too
    # (docs/access.md).
    action("confirm-payment", "payment_requested", {"online": False},
           {"chuyenvien", "lanhdao", "tiepnhan"})
    action("apologize", "processing", {"reason": "Cần xác minh thêm",
                                       "new_due": "2026-03-12T17:00:00+07:00"}, {"lanhdao"})
    action("complete", "processing", {"result": {"name": "Giấy chứng nhận"}},
           {"chuyenvien", "lanhdao"})
    action("stop", "processing", reason, {"chuyenvien", "lanhdao"})
    # A withdrawal brought to the counter is accepted there: the receiving officers may
    # stop a dossier whose applicant asked to withdraw (docs/access.md).
    action("stop", "withdrawal_requested", reason, {"chuyenvien", "lanhdao", "tiepnhan"})
    action("return", "done", {"method": "counter"}, {"tiepnhan"})
    action("rating", "returned", {"level": "satisfied"}, set(), applicant=200)

    # Public tracking with the key.
    case("GET /api/v1/track/{code}", "with the key", everyone(200),
         lambda w, role: w.clients[role].get(f"/api/v1/track/{w.submitted()}?key={KEY}"))

    # --- reports: public (API.md "Reports"; docs/index.md) ---
    for path in ("/api/v1/reports/index?period=2026-03", "/api/v1/reports/statistics?period=2026-03",
                 "/api/v1/reports/late?period=2026-03&format=csv",
                 "/api/v1/reports/scoreboard?period=2026-03"):
        case("GET " + path.split("?")[0], "", everyone(200, False), req("GET", path))
    # The leader's dashboard (docs/index.md): staff only, leaders, auditors and
    # administrators whose grant covers the unit (officials' workloads are not public).
    case("GET /api/v1/reports/dashboard", "the department's",
         only({"lanhdao", "thanhtra", "admin"}, 200),
         req("GET", f"/api/v1/reports/dashboard?unit={DEPT}"))
    case("GET /api/v1/reports/dashboard", "one's own unit by default",
         only({"lanhdao", "thanhtra", "admin"}, 200), req("GET", "/api/v1/reports/dashboard"))
    return cases


# --- Every answer is also checked against docs/openapi.json ---
with open(os.path.join(ROOT_DIR, "docs", "openapi.json"), encoding="utf-8") as f:
    DOC = json.load(f)
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def resolve(schema):
    while "$ref" in schema:
        kind, name = schema["$ref"].split("/")[-2:]
        schema = DOC["components"][kind][name]
    return schema


def type_ok(value, t):
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[t])


def schema_errors(value, schema, where="$"):
    """What in value breaks the JSON Schema subset docs/openapi.json uses."""
    schema = resolve(schema)
    errs = []
    for sub in schema.get("allOf", []):
        errs += schema_errors(value, sub, where)
    if "oneOf" in schema:
        fits = [sub for sub in schema["oneOf"] if not schema_errors(value, sub, where)]
        if len(fits) != 1:
            errs.append(f"{where}: matches {len(fits)} of oneOf")
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(type_ok(value, t) for t in types):
            return errs + [f"{where}: {value!r:.60} is not {'/'.join(types)}"]
    if "const" in schema and value != schema["const"]:
        errs.append(f"{where}: {value!r:.60} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errs.append(f"{where}: {value!r:.60} is not one of {schema['enum']}")
    if isinstance(value, dict):
        errs += [f"{where}: no {k}" for k in schema.get("required", []) if k not in value]
        for k, sub in schema.get("properties", {}).items():
            if k in value:
                errs += schema_errors(value[k], sub, f"{where}.{k}")
        if len(value) > schema.get("maxProperties", len(value)):
            errs.append(f"{where}: too many members")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            errs.append(f"{where}: {len(value)} items")
        for i, item in enumerate(value):
            errs += schema_errors(item, schema.get("items", {}), f"{where}[{i}]")
    if isinstance(value, str):
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
            errs.append(f"{where}: length {len(value)}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errs.append(f"{where}: {value!r:.60} does not match {schema['pattern']}")
        if schema.get("format") == "date-time" and not re.match(
                r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$", value):
            errs.append(f"{where}: {value!r} is not a date-time")
    if type_ok(value, "number"):
        if not schema.get("minimum", value) <= value <= schema.get("maximum", value):
            errs.append(f"{where}: {value} out of range")
    return errs


def documented(method, url):
    """The operation of docs/openapi.json for a request (the most literal path wins)."""
    path = url.split("?")[0]
    best = None
    for template, item in DOC["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if method.lower() in item and re.match(pattern, path):
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            if best is None or literal > best[0]:
                best = (literal, item[method.lower()])
    return best[1] if best else None


def answer_errors(method, url, r):
    """Why the answer r does not fit the document (status, media type, schema)."""
    o = documented(method, url)
    if o is None:
        return [f"{method} {url}: not documented"]
    resp = o["responses"].get(str(r.status))
    if resp is None:
        return [f"{method} {url}: status {r.status} not documented"]
    resp = resolve(resp)
    if r.status == 204 or not resp.get("content"):
        return [] if not r.raw else [f"{method} {url}: a body where none is documented"]
    ctype = (r.headers.get("content-type") or "").split(";")[0]
    media = resp["content"].get(ctype)
    if media is None:
        return [f"{method} {url}: {ctype} not documented for {r.status}"]
    if ctype.endswith("json"):
        return [f"{method} {url} {r.status}: {e}"
                for e in schema_errors(r.json, media.get("schema", {}))]
    return []


def routes_c():
    """[(METHOD, pattern)] of src/app/routes.c, in match order."""
    with open(os.path.join(ROOT_DIR, "src", "app", "routes.c"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text[text.index("http_routes[] = {"):], flags=re.S)
    return re.findall(r'\{HTTP_(GET|POST|PUT|DELETE),\s*"([^"]+)"', text[:text.index("\n};")])


def route_of(method, path):
    """The pattern that serves a row's path ("{x}" stands for any one segment)."""
    segs = path.split("/")
    for m, pattern in routes_c():
        pat = pattern.split("/")
        if m == method and len(pat) == len(segs) and all(
                p == s or (p.startswith("{") and p.endswith("}")) for p, s in zip(pat, segs)):
            return pattern
    return None


class Checked(Verbs):
    """A client whose every answer is checked against the document."""

    def __init__(self, client, errors):
        self.client, self.errors = client, errors

    def request(self, method, path, **kw):
        r = self.client.request(method, path, **kw)
        self.errors += answer_errors(method, path, r)
        return r


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "rbac.db"))
    with Server(motcua, db=db, t=t) as s:
        s.set_now(NOW)
        admin = s.client()
        assert admin.login("admin", DEMO_PASSWORD).status == 200
        r = add_other_specialist(admin)
        t.eq(r.status, 201, "setup: a specialist of another department (cvkhac)")
        w = World(s)
        table = []
        for route, scenario, expected, run in case_list(w):
            row = {}
            w.errors.clear()
            for role in ROLES:
                if role not in expected:
                    continue
                want = expected[role]
                r = run(w, role)
                got_ok = r.status == want and (want < 400 or r.code == CODE_OF.get(want))
                label = f"{route}" + (f" [{scenario}]" if scenario else "")
                t.ok(got_ok, f"{label} x {ROLE_TITLE[role]} -> {want}"
                     + (f" {CODE_OF[want]}" if want >= 400 else ""), r)
                row[role] = str(want) if got_ok else f"{r.status}!"
            table.append((route + (f" [{scenario}]" if scenario else ""), row))
            t.ok(not w.errors, f"{route} [{scenario}]: every answer fits docs/openapi.json",
                 "\n".join(sorted(set(w.errors))[:20]))

        # The matrix, for people.
        width = max(len(name) for name, _ in table)
        print("# " + " " * width + " | " + " | ".join(f"{ROLE_TITLE[r]:>10}" for r in ROLES))
        for name, row in table:
            print(f"# {name:<{width}} | "
                  + " | ".join(f"{row.get(r, '-'):>10}" for r in ROLES))
        # Every route of routes.c has a row: the rows' paths are matched against the
        # route table as src/http/router.c matches requests (as test_openapi.py does).
        rows = {tuple(name.split(" [")[0].split(" ", 1)) for name, _ in table}
        for method, pattern in routes_c():
            hit = [f"{m} {p}" for m, p in rows if m == method and route_of(m, p) == pattern]
            t.ok(hit, f"{method} {pattern} has rows in the matrix", sorted(rows))
sys.exit(t.done())
