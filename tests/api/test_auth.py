"""API tests: sign-in, sessions, CSRF, API tokens, the sign-in throttle and
the users routes (API.md "Conventions", "Catalog and organisation", R-ORG-3).

The first administrator is made with `motcua user add` before the server
starts (the units come from `motcua import units`)."""
import os
import sqlite3
import subprocess
import sys
import time

from harness import Server, tap

motcua = sys.argv[1]
UNITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "units",
                     "haiphong.json")
PW = "mật khẩu quản trị 2026"
ROOT, CENTRE, DEPT, DIVISION = "000.00.00.H27", "000.00.20.H27", "000.00.03.H27", "010.00.03.H27"
T0 = "2026-03-02T08:00:00+07:00"
t = tap()


def cli(*args, stdin=None):
    return subprocess.run([motcua, *args], input=stdin, capture_output=True, text=True,
                          timeout=300)


def at(hours=0, seconds=0):
    """T0 plus a duration, as ISO text."""
    total = hours * 3600 + seconds
    h, rest = divmod(8 * 3600 + total, 3600)
    day = 2 + h // 24
    return f"2026-03-{day:02d}T{h % 24:02d}:{rest // 60:02d}:{rest % 60:02d}+07:00"


def wait_last_seen(db, username, iso, timeout=10):
    """Waits until the user's newest session was last seen at iso (epoch seconds)."""
    import datetime
    want = int(datetime.datetime.fromisoformat(iso).timestamp())
    deadline = time.time() + timeout
    while time.time() < deadline:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        got = c.execute("SELECT max(s.last_seen_at) FROM sessions s JOIN users u"
                        " ON u.id = s.user_id WHERE u.username = ?", (username,)).fetchone()[0]
        c.close()
        if got == want:
            return True
        time.sleep(0.01)
    return False


def login(s, username, password, ip=None, headers=None):
    c = s.client()
    h = dict(headers or {})
    if ip:
        h["X-Real-IP"] = ip
    r = c.post("/api/v1/session", {"username": username, "password": password}, headers=h)
    if r.status == 200:
        c.csrf = r.json["csrf_token"]
    return c, r


s = Server(motcua, t=t)
r = cli("import", "units", UNITS, "--db", s.db)
t.ok(r.returncode == 0, "motcua import units (before the server starts)", r.stderr)
r = cli("user", "add", "admin", "--role", "admin", "--unit", ROOT, "--full-name",
        "Quản trị hệ thống", "--db", s.db, stdin=PW + "\n")
t.ok(r.returncode == 0 and "added user admin" in r.stdout, "motcua user add admin", r.stderr)
r = cli("user", "add", "shortpw", "--role", "admin", "--unit", ROOT, "--db", s.db,
        stdin="short\n")
t.ok(r.returncode == 1 and "password" in r.stderr, "user add refuses a short password", r.stderr)
r = cli("user", "add", "nobody", "--role", "admin", "--unit", "000.00.99.H27", "--db", s.db,
        stdin=PW + "\n")
t.ok(r.returncode == 1 and "roles[0].unit" in r.stderr, "user add names an unknown unit",
     r.stderr)
t.ok("--password" in cli("user", "--help").stdout, "user --help documents the password input")

with s:
    s.set_now(T0)

    # --- sign-in ---
    admin, r = login(s, "admin", PW)
    t.eq(r.status, 200, "POST /session with the right password -> 200")
    t.eq(r.json.get("user"), {"username": "admin", "full_name": "Quản trị hệ thống",
                              "roles": [{"role": "admin", "unit": ROOT}]}, "the user and roles")
    t.ok(len(r.json.get("csrf_token", "")) >= 32, "a CSRF token comes with it")
    cookie = r.headers.get("set-cookie", "")
    t.ok(cookie.startswith("motcua_session=") and "HttpOnly" in cookie
         and "SameSite=Strict" in cookie and "Path=/" in cookie, "cookie flags", cookie)
    t.ok("Secure" not in cookie, "no Secure flag over plain HTTP", cookie)
    t.ok(PW not in r.raw.decode(), "the password is not echoed")
    _, r = login(s, "admin", PW, headers={"X-Forwarded-Proto": "https"})
    t.ok("; Secure" in r.headers.get("set-cookie", ""), "Secure flag behind TLS (nginx)",
         r.headers.get("set-cookie"))

    r = admin.get("/api/v1/session")
    t.ok(r.status == 200 and r.json["user"]["username"] == "admin"
         and r.json["csrf_token"] == admin.csrf, "GET /session: who am I")
    r = s.client().get("/api/v1/session")
    t.eq((r.status, r.code), (401, "unauthenticated"), "GET /session anonymous -> 401")

    _, bad_pw = login(s, "admin", "wrong password!")
    _, no_user = login(s, "ghost", "wrong password!")
    t.eq((bad_pw.status, bad_pw.code), (401, "invalid_credentials"), "wrong password -> 401")
    t.eq((no_user.status, no_user.code), (401, "invalid_credentials"), "unknown user -> 401")
    t.eq(bad_pw.json, no_user.json, "the same answer for both: nothing says which was wrong")
    t.ok("set-cookie" not in bad_pw.headers, "no cookie after a failed sign-in")
    r = s.client().post("/api/v1/session", {"username": "admin"})
    t.eq((r.status, r.code), (400, "validation_failed"), "missing password -> 400")
    r = s.client().post("/api/v1/session", {"username": "admin", "password": 12})
    t.eq(r.status, 400, "a password that is not a string -> 400")

    # --- users: admin only ---
    r = admin.post("/api/v1/users", {"username": "tiepnhan", "password": "tiếp nhận 12345",
                                     "full_name": "Nguyễn Thị Lan",
                                     "roles": [{"role": "receiver", "unit": CENTRE}]})
    t.eq(r.status, 201, "admin creates a receiver -> 201")
    t.ok("password" not in r.json and b"12345" not in r.raw, "the password is never returned")
    t.eq(r.json.get("roles"), [{"role": "receiver", "unit": CENTRE}], "with its role grant")
    r = admin.post("/api/v1/users", {"username": "tiepnhan", "password": "another 12345",
                                     "full_name": "X", "roles": []})
    t.eq((r.status, r.code), (409, "conflict"), "an existing username -> 409")
    for body, what in [
            ({"username": "short", "password": "123456789", "full_name": "A"}, "password"),
            ({"username": "Bad Name", "password": "1234567890", "full_name": "A"}, "username"),
            ({"username": "noname", "password": "1234567890", "full_name": ""}, "full_name"),
            ({"username": "r1", "password": "1234567890", "full_name": "A"}, "username"),
            ({"username": "role1", "password": "1234567890", "full_name": "A",
              "roles": [{"role": "boss", "unit": ROOT}]}, "roles[0].role"),
            ({"username": "role2", "password": "1234567890", "full_name": "A",
              "roles": [{"role": "leader", "unit": "000.00.99.H27"}]}, "roles[0].unit"),
            ({"username": "role3", "password": "1234567890", "full_name": "A",
              "roles": "admin"}, "roles")]:
        r = admin.post("/api/v1/users", body)
        t.ok(r.status == 400 and r.code == "validation_failed"
             and r.json["detail"].startswith(what), f"POST /users: bad {what} -> 400", r)
    r = admin.post("/api/v1/users", {"username": "ten", "password": "1234567890",
                                     "full_name": "Mười ký tự"})
    t.eq(r.status, 201, "a password of exactly 10 characters is enough")

    for username, role, unit in [("chuyenvien", "specialist", DIVISION),
                                 ("lanhdao", "leader", DEPT),
                                 ("quantriso", "admin", DEPT)]:
        r = admin.post("/api/v1/users", {"username": username, "password": PW,
                                         "full_name": username,
                                         "roles": [{"role": role, "unit": unit}]})
        t.eq(r.status, 201, f"admin creates {username} ({role} at {unit})")

    receiver, r = login(s, "tiepnhan", "tiếp nhận 12345")
    t.eq(r.status, 200, "the receiver signs in")
    t.eq(receiver.get("/api/v1/users").status, 403, "GET /users as a receiver -> 403")
    r = receiver.post("/api/v1/users", {"username": "x123", "password": PW, "full_name": "X"})
    t.eq((r.status, r.code), (403, "forbidden"), "POST /users as a receiver -> 403")
    t.eq(s.client().get("/api/v1/users").code, "unauthenticated", "GET /users anonymous -> 401")
    r = s.client().post("/api/v1/users", {"username": "x123", "password": PW, "full_name": "X"})
    t.eq(r.status, 401, "POST /users anonymous -> 401")

    # A department's administrator grants roles only within the department.
    dept_admin, _ = login(s, "quantriso", PW)
    r = dept_admin.post("/api/v1/users", {"username": "cv2", "password": PW, "full_name": "B",
                                          "roles": [{"role": "specialist", "unit": DIVISION}]})
    t.eq(r.status, 201, "a department admin grants a role in a division below it")
    r = dept_admin.post("/api/v1/users", {"username": "cv3", "password": PW, "full_name": "C",
                                          "roles": [{"role": "receiver", "unit": CENTRE}]})
    t.eq((r.status, r.code), (403, "forbidden"), "… but not at another unit -> 403")

    r = admin.get("/api/v1/users?per_page=2&page=2")
    t.ok(r.status == 200 and len(r.json["items"]) == 2 and r.json["total"] == 7
         and r.json["page"] == 2, "GET /users is paged", r)
    t.ok(all("password" not in u and "password_hash" not in u for u in r.json["items"]),
         "no password or hash in the list")
    t.eq(admin.get("/api/v1/users?per_page=201").status, 400, "GET /users per_page 201 -> 400")

    # --- CSRF ---
    saved = admin.csrf
    admin.csrf = None
    r = admin.post("/api/v1/tokens", {"name": "no csrf"})
    t.eq((r.status, r.code), (403, "csrf_failed"), "cookie write without X-CSRF-Token -> 403")
    r = admin.post("/api/v1/tokens", {"name": "wrong csrf"}, headers={"X-CSRF-Token": "x" * 43})
    t.eq((r.status, r.code), (403, "csrf_failed"), "cookie write with a wrong token -> 403")
    r = admin.post("/api/v1/tokens", {"name": "other csrf"},
                   headers={"X-CSRF-Token": receiver.csrf})
    t.eq(r.code, "csrf_failed", "another session's CSRF token -> 403")
    admin.csrf = saved
    t.eq(admin.get("/api/v1/session").status, 200, "reads need no CSRF token")

    # --- API tokens ---
    r = admin.post("/api/v1/tokens", {"name": "tích hợp DVCQG"})
    t.ok(r.status == 201 and r.json["token"].startswith("mct_") and r.json["id"] > 0,
         "POST /tokens -> 201 with the token, once", r)
    token, token_id = r.json["token"], r.json["id"]
    bearer = s.client()
    bearer.token = token
    r = bearer.get("/api/v1/session")
    t.ok(r.status == 200 and r.json["user"]["username"] == "admin"
         and r.json.get("csrf_token") is None, "a bearer token signs in", r)
    r = bearer.post("/api/v1/users", {"username": "bybearer", "password": PW,
                                      "full_name": "Qua token"})
    t.eq(r.status, 201, "bearer writes need no CSRF token")
    r = admin.get("/api/v1/tokens")
    t.ok(r.status == 200 and any(x["id"] == token_id and "token" not in x
                                 for x in r.json["items"]), "GET /tokens lists without secrets")
    r = receiver.post("/api/v1/tokens", {"name": "của tôi"})
    t.eq(r.status, 201, "any signed-in user makes a token for themself")
    r = receiver.request("DELETE", f"/api/v1/tokens/{token_id}")
    t.eq(r.status, 404, "someone else's token cannot be revoked by a non-admin")
    t.eq(admin.post("/api/v1/tokens", {"name": ""}).status, 400, "a token needs a name")
    t.eq(admin.post("/api/v1/tokens", {"name": "x" * 65}).status, 400, "names up to 64 bytes")
    r = admin.request("DELETE", f"/api/v1/tokens/{token_id}")
    t.eq(r.status, 204, "DELETE /tokens/{id} revokes")
    r = bearer.get("/api/v1/session")
    t.eq((r.status, r.code), (401, "unauthenticated"), "a revoked token -> 401")
    t.eq(bearer.get("/api/v1/units/" + ROOT).status, 401, "… even on a public route")
    t.eq(admin.request("DELETE", f"/api/v1/tokens/{token_id}").status, 404,
         "revoking twice -> 404")
    t.eq(admin.request("DELETE", "/api/v1/tokens/abc").status, 404, "a bad token id -> 404")
    other = s.client()
    other.token = "mct_" + "A" * 43
    t.eq(other.get("/api/v1/session").status, 401, "an unknown token -> 401")
    r = s.client().get("/api/v1/session", headers={"Authorization": "Basic YWRtaW46eA=="})
    t.eq(r.status, 401, "other authorization schemes -> 401")

    # --- sign-out ---
    c, _ = login(s, "chuyenvien", PW)
    old = c.cookie
    r = c.request("DELETE", "/api/v1/session")
    t.eq(r.status, 204, "DELETE /session signs out")
    t.ok("Max-Age=0" in r.headers.get("set-cookie", ""), "… and clears the cookie")
    c.cookie = old
    t.eq(c.get("/api/v1/session").status, 401, "the old cookie no longer works")
    t.eq(s.client().request("DELETE", "/api/v1/session").status, 401,
         "DELETE /session anonymous -> 401")
    r = s.client().get("/api/v1/units/" + ROOT, headers={"Cookie": old})
    t.eq(r.status, 200, "a dead cookie on a public route counts as anonymous")

    # --- session expiry (test clock) ---
    s.set_now(at(1))
    idle, r = login(s, "lanhdao", PW)
    t.eq(r.status, 200, "lanhdao signs in at T0+1h")
    s.set_now(at(1, 2 * 3600 - 1))
    t.eq(idle.get("/api/v1/session").status, 200, "idle 2 h minus 1 s: still signed in")
    s.set_now(at(1, 2 * 3600 - 1 + 2 * 3600))
    t.eq(idle.get("/api/v1/session").status, 401, "idle over 2 h: the session expired")
    s.set_now(at(5))
    busy, _ = login(s, "lanhdao", PW)
    alive = True
    # The refresh of a session's last use is queued without waiting for it;
    # wait until it is stored before moving the clock on, as time would.
    for m in range(60, 12 * 60, 60):
        s.set_now(at(5, m * 60))
        alive = alive and busy.get("/api/v1/session").status == 200
        alive = alive and wait_last_seen(s.db, "lanhdao", at(5, m * 60))
    t.ok(alive, "used every hour, a session lives until 12 h after sign-in")
    s.set_now(at(17))
    t.eq(busy.get("/api/v1/session").status, 401, "12 h after sign-in it expires anyway")
    t.eq(admin.get("/api/v1/session").status, 401, "the morning's sessions are gone too")

    # --- the sign-in throttle ---
    s.set_now(at(20))
    statuses = [login(s, "ghost2", "wrong password!", ip="198.51.100.7")[1].status
                for _ in range(10)]
    t.eq(statuses, [401] * 10, "10 failed sign-ins from one address -> 401 each")
    _, r = login(s, "ghost2", "wrong password!", ip="198.51.100.7")
    t.eq((r.status, r.code), (429, "rate_limited"), "the 11th within 5 minutes -> 429")
    t.ok(r.headers.get("retry-after", "").isdigit()
         and 0 < int(r.headers["retry-after"]) <= 300, "with Retry-After", r.headers)
    _, r = login(s, "admin", PW, ip="198.51.100.7")
    t.eq(r.status, 429, "that address is throttled even with the right password")
    _, r = login(s, "ghost2", "wrong password!", ip="203.0.113.9")
    t.eq(r.status, 429, "that username is throttled from another address too")
    _, r = login(s, "admin", PW, ip="203.0.113.9")
    t.eq(r.status, 200, "another user from another address is not")
    s.set_now(at(20, 301))
    _, r = login(s, "admin", PW, ip="198.51.100.7")
    t.eq(r.status, 200, "after the 5-minute window the address may sign in again")
    for i in range(10):
        login(s, "admin", "wrong password!", ip=f"192.0.2.{i + 1}")
    _, r = login(s, "admin", PW, ip="192.0.2.99")
    t.eq(r.status, 429, "10 failures for one username from many addresses lock it")
    s.set_now(at(20, 301 + 301))
    admin, r = login(s, "admin", PW, ip="192.0.2.99")
    t.eq(r.status, 200, "… until the window is over")

    # --- every change is in the audit chain ---
    db = sqlite3.connect(f"file:{s.db}?mode=ro", uri=True)
    actions = {a for (a,) in db.execute("SELECT DISTINCT action FROM audit")}
    creators = {o for (o,) in db.execute("SELECT object FROM audit WHERE action = 'user.create'")}
    db.close()
    for a in ("units.import", "user.create", "session.create", "session.delete", "token.create",
              "token.revoke"):
        t.ok(a in actions, f"audit records {a}")
    t.ok({"admin", "tiepnhan", "chuyenvien", "lanhdao", "bybearer"} <= creators,
         "each user creation is audited")
    t.ok("role1" not in creators and "cv3" not in creators, "refused requests left no record")
    r = cli("audit", "verify", "--db", s.db)
    t.ok(r.returncode == 0, "the audit chain is intact", r.stdout + r.stderr)

sys.exit(t.done())
