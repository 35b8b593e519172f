"""harness.py: API tests against a real motcua server (make check).

Each test file runs one fresh `motcua serve --test-clock` on a free
loopback port with a temporary database, and speaks TAP:

    from harness import Server, tap
    with Server(motcua_path) as s:
        t = tap()
        st, body = s.get("/healthz")
        t.ok(st == 200, "healthz answers")
        t.done()

Only the standard library: http.client, json, subprocess, socket.
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ROOT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DEMO_PASSWORD = "mật khẩu demo 2026"

# The dossier the tests file: procedure 2.001610 at the city centre, by a
# citizen, who tracks it with KEY.
CENTRE = "000.00.20.H27"
PROC = "2.001610"
COMPONENTS = ["Giấy đề nghị đăng ký doanh nghiệp"]
CITIZEN = {"kind": "citizen", "name": "Nguyễn Văn An", "id_number": "031090001234",
           "phone": "0912 345 678", "email": "an@example.vn", "address": "Hải Phòng"}
KEY = "5678"
# The department of cvkhac (Sở Nội vụ), not one that handles PROC.
OTHER_DEPT = "000.00.02.H27"


def run_cli(motcua, *args, stdin=None):
    """Runs the motcua command line; returns the CompletedProcess."""
    return subprocess.run([motcua, *args], input=stdin, capture_output=True, text=True,
                          timeout=600)


def prepare_db(motcua, path):
    """A database with Hải Phòng's units, the 40 procedures and the demo users
    (admin, tiepnhan, chuyenvien, lanhdao, thanhtra; password DEMO_PASSWORD)."""
    for args in (("import", "units", os.path.join(ROOT_DIR, "data/units/haiphong.json")),
                 ("import", "catalog", os.path.join(ROOT_DIR, "data/catalog/procedures.json"))):
        r = run_cli(motcua, *args, "--db", path)
        if r.returncode != 0:
            raise RuntimeError(f"{args}: {r.stderr}")
    r = run_cli(motcua, "user", "demo", "--db", path, stdin=DEMO_PASSWORD + "\n")
    if r.returncode != 0:
        raise RuntimeError("user demo: " + r.stderr)
    return path


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    @property
    def code(self):
        """The problem+json `code`, or None."""
        return self.json.get("code") if isinstance(self.json, dict) else None

    def __repr__(self):
        return f"<{self.status} {self.raw[:200]!r}>"


class Verbs:
    """get, post and put over self.request(method, path, **kw)."""

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)


class Client(Verbs):
    """One HTTP client with its own cookie and CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.token = None

    def request(self, method, path, body=None, headers=None, raw=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", self.csrf)
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        raw_body = resp.read()
        headers_out = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        cookie = headers_out.get("set-cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return Response(resp.status, headers_out, raw_body)

    def login(self, username, password):
        r = self.post("/api/v1/session", {"username": username, "password": password})
        if r.status == 200:
            self.csrf = r.json["csrf_token"]
        return r


class Server(Client):
    """A motcua server process; also a client without a login."""

    def __init__(self, motcua, extra_args=(), db=None, test_clock=True, t=None):
        super().__init__(free_port())
        self.test_clock = test_clock
        self.t = t  # when given, a clean exit (status 0: no leak, no crash) is a test
        self.motcua = motcua
        self.dir = tempfile.mkdtemp(prefix="motcua-api-")
        self.db = db or os.path.join(self.dir, "api.db")
        self.extra_args = list(extra_args)
        self.proc = None
        self.log = open(os.path.join(self.dir, "server.log"), "w+")

    def start(self):
        self.proc = subprocess.Popen(
            [self.motcua, "serve", "--db", self.db, "--listen",
             f"127.0.0.1:{self.port}", "--quiet"]
            + (["--test-clock"] if self.test_clock else []) + self.extra_args,
            stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.server_log())
            try:
                if self.get("/healthz").status == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start: " + self.server_log())

    def stop(self, sig=None):
        """Stops the server (SIGTERM unless sig); returns its exit status."""
        if self.proc and self.proc.poll() is None:
            if sig:
                self.proc.send_signal(sig)
            else:
                self.proc.terminate()
            self.proc.wait(timeout=60)
        return self.proc.returncode if self.proc else None

    def server_log(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def client(self):
        return Client(self.port)

    def set_now(self, iso):
        r = self.put("/api/v1/test/clock", {"now": iso})
        assert r.status == 200, r
        return r

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        status = self.stop()
        if self.t is not None:
            self.t.eq(status, 0, "the server stops cleanly (no crash, no leak)")
            if status != 0:
                for line in self.server_log().splitlines()[-30:]:
                    print("#", line)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def staff(s, name):
    """A client of server s signed in as demo user name."""
    c = s.client()
    r = c.login(name, DEMO_PASSWORD)
    assert r.status == 200, (name, r)
    return c


def add_other_specialist(admin):
    """Makes cvkhac, a specialist of OTHER_DEPT, through POST /api/v1/users."""
    return admin.post("/api/v1/users", {"username": "cvkhac", "password": DEMO_PASSWORD,
                                        "full_name": "Chuyên viên Sở Nội vụ",
                                        "roles": [{"role": "specialist", "unit": OTHER_DEPT}]})


def demo_clients(s):
    """Makes cvkhac, then signs in: (anonymous, tiepnhan, chuyenvien, lanhdao,
    cvkhac, thanhtra), one client each."""
    r = add_other_specialist(staff(s, "admin"))
    assert r.status == 201, r
    names = ("tiepnhan", "chuyenvien", "lanhdao", "cvkhac", "thanhtra")
    return (s.client(),) + tuple(staff(s, n) for n in names)


class tap:
    """Minimal TAP producer; the plan comes last."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        print(("ok" if cond else "not ok"), self.n, "-", name)
        if not cond:
            self.failed += 1
            if detail is not None:
                for line in str(detail).splitlines()[:20]:
                    print("#", line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, f"got {got!r}, want {want!r}")

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0
