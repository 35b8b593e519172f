"""API tests: system routes, the calendar, errors and limits (API.md)."""
import sys

from harness import Server, tap

motcua = sys.argv[1]
t = tap()

with Server(motcua, t=t) as s:
    r = s.get("/healthz")
    t.eq(r.status, 200, "GET /healthz")
    t.eq(r.json.get("status"), "ok", "healthz says ok")
    for h in ("x-content-type-options", "content-security-policy", "referrer-policy",
              "x-frame-options"):
        t.ok(h in r.headers, f"security header {h}")

    # R-CAL-4 and API.md: the contract's example.
    r = s.get("/api/v1/calendar/due?from=2026-02-13T10:00:00%2B07:00&amount=3&unit=working_days")
    t.eq(r.json, {"due": "2026-02-25T17:00:00+07:00"}, "calendar/due across Tết 2026")
    r = s.get("/api/v1/calendar/lunar?date=2030-02-02")
    t.eq(r.json, {"date": "2030-02-02", "lunar": {"day": 1, "month": 1, "year": 2030,
                                                  "leap": False}}, "calendar/lunar Tết 2030")
    r = s.get("/api/v1/calendar/solar?day=1&month=1&year=2030&leap=false")
    t.eq(r.json, {"date": "2030-02-02"}, "calendar/solar")
    r = s.get("/api/v1/calendar/solar?day=2&month=2&year=2023&leap=true")
    t.eq(r.json, {"date": "2023-03-23"}, "calendar/solar leap month (R-CAL-3)")
    r = s.get("/api/v1/calendar/days?from=2026-02-01&to=2026-02-28")
    t.eq(len(r.json["days"]), 28, "calendar/days gives every day of the range")
    off = [d["date"] for d in r.json["days"] if not d["working"]]
    t.ok(all(f"2026-02-{d}" in off for d in range(16, 21)), "Tết 2026 weekdays are off")
    t.ok(all("reason" in d for d in r.json["days"] if d["kind"] == "holiday"),
         "days off carry their reason")
    r = s.get("/api/v1/calendar/years/2026")
    t.eq(r.json.get("source"), "official", "2026 comes from the official table")
    t.ok({"date": "2026-01-10", "name": "Làm bù cho ngày nghỉ hoán đổi thứ Sáu 02/01/2026",
          "kind": "makeup_working_day"} in r.json["working_weekend_days"],
         "make-up Saturday 2026-01-10 (R-CAL-2)")
    t.eq(s.get("/api/v1/calendar/years/2027").json.get("source"), "default",
         "2027 is marked default")

    # Bad input: a clear problem+json with a stable code, 4xx.
    for path, code in [
            ("/api/v1/calendar/lunar?date=2026-02-30", "invalid_date"),
            ("/api/v1/calendar/lunar", "invalid_date"),
            ("/api/v1/calendar/solar?day=30&month=1&year=2024", "invalid_date"),
            ("/api/v1/calendar/due?from=x&amount=3&unit=working_days", "invalid_time"),
            ("/api/v1/calendar/due?from=2026-02-13&amount=3&unit=weeks", "validation_failed"),
            ("/api/v1/calendar/due?from=2026-02-13&amount=-1&unit=working_days",
             "validation_failed"),
            ("/api/v1/calendar/days?from=2026-01-01&to=2027-01-02", "validation_failed"),
            ("/api/v1/calendar/days?from=2026-01-01&to=2026-01-02&unit=000.99.99.Z99",
             "not_found"),
            ("/api/v1/calendar/years/1999", "out_of_range"),
            ("/nowhere", "not_found")]:
        r = s.get(path)
        t.ok(400 <= r.status < 500 and r.code == code and
             r.headers.get("content-type") == "application/problem+json",
             f"GET {path} -> {code}", r)
    # Limits at their boundaries: a range of 366 days is the most.
    t.eq(s.get("/api/v1/calendar/days?from=2026-01-01&to=2027-01-01").status, 200,
         "calendar/days: 366 days is allowed")
    r = s.request("DELETE", "/healthz")
    t.eq((r.status, r.code), (405, "method_not_allowed"), "wrong method -> 405")
    r = s.put("/api/v1/calendar/years/2027", {"days_off": []})
    t.eq((r.status, r.code), (401, "unauthenticated"), "admin route without sign-in -> 401")

    # The test clock.
    r = s.put("/api/v1/test/clock", {"now": "2026-03-02T09:00:00+07:00"})
    t.eq(r.json, {"now": "2026-03-02T09:00:00+07:00"}, "test clock is set")
    t.eq(s.get("/healthz").json["now"], "2026-03-02T09:00:00+07:00", "healthz uses it")
    r = s.put("/api/v1/test/clock", {"now": "soon"})
    t.eq(r.code, "invalid_time", "test clock rejects a bad time")
    r = s.put("/api/v1/test/clock", raw=b'{"now": "2026-03-02", "now": "x"}')
    t.eq(r.code, "validation_failed", "duplicate keys are rejected")
    r = s.put("/api/v1/test/clock", raw=b"[" * 17 + b"]" * 17)
    t.eq(r.code, "validation_failed", "JSON deeper than 16 levels is rejected")
    r = s.put("/api/v1/test/clock", raw=b'{"now":"' + b"x" * (64 * 1024) + b'"}')
    t.eq((r.status, r.code), (413, "too_large"), "a body over 64 KiB -> 413")

    r = s.get("/metrics")
    t.ok(r.status == 200 and b"motcua_requests_total" in r.raw
         and b"motcua_store_queue_depth" in r.raw
         and b'motcua_store_checkpoints_total{by="checkpointer"} 0' in r.raw
         and b'motcua_dossiers{state="received"}' in r.raw,
         "metrics in Prometheus text")

# Connections per client address: the limit holds, at its boundary.
import socket
import time
with Server(motcua, extra_args=["--connections-per-ip", "4"], t=t) as s:
    held = []

    def hold():
        """A kept-alive connection the server answered on. The start-up's own
        /healthz connections may not be counted out yet: then it is reset, and
        tried again."""
        for _ in range(50):
            c = socket.create_connection(("127.0.0.1", s.port))
            try:
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if c.recv(4096).startswith(b"HTTP/1.1 200"):
                    return c
            except ConnectionResetError:
                pass
            c.close()
            time.sleep(0.05)
        raise RuntimeError("no connection was answered")
    for _ in range(4):
        held.append(hold())
    fifth = socket.create_connection(("127.0.0.1", s.port))
    fifth.settimeout(5)
    try:
        fifth.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        got = fifth.recv(100)
    except OSError:
        got = b""
    t.eq(got, b"", "a 5th connection from one address is closed at once (limit 4)")
    fifth.close()
    held[0].sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    t.ok(held[0].recv(100).startswith(b"HTTP/1.1 200"), "the 4 connections within the limit work")
    time.sleep(0.1)
    for c in held:
        c.close()

# Without --test-clock the route does not exist.
with Server(motcua, test_clock=False, t=t) as s:
    r = s.put("/api/v1/test/clock", {"now": "2026-03-02T09:00:00+07:00"})
    t.eq((r.status, r.code), (404, "not_found"), "no test clock without --test-clock")
sys.exit(t.done())
