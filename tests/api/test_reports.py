"""API tests of the reports (API.md "Reports"; DOMAIN.md §9 R-IDX-1 … R-IDX-3,
§10 R-EVAL-1; docs/index.md), driven by the test clock.

Procedure 2.001610 (3 working days: reception at the city centre, the
business registration division's specialist and leader, return at the
centre); its competent unit is the department 000.00.03.H27. Each edge rule
of the index lives in its own month, so that one month's report holds just
its dossiers:

  2026-03  supplement time is excluded from the index due
  2026-04  more than one supplement request (reception + processing) => late
  2026-05  a re-appointment does not move the index due
  2026-06  unfinished dossiers are judged at the end of the period
  2026-07  (the June dossiers end here)
  2026-08  zero denominators are "no data"
  2026-09  ratings feed 5.4; a rating with criteria is stored
  2026-10/11  a randomized history (apologies, supplements, payments,
           withdrawals, stops, refusals, files, a new procedure version);
           the reports before and after `motcua report recompute` (with the
           facts table emptied first) are the same.
Then the period presets and every parameter's limits, the late list with
its minimum sample and publication switch (`motcua report config`), and
the CSV and XLSX downloads (numbers as numbers, Vietnamese headers).
"""
import csv
import datetime
import hashlib
import io
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import zipfile

from harness import (CENTRE, CITIZEN, COMPONENTS, DEMO_PASSWORD, KEY, PROC, Server, prepare_db,
                     run_cli, staff, tap)

motcua = sys.argv[1]
t = tap()
DEPT, DIVISION, ROOT, OTHER = "000.00.03.H27", "010.00.03.H27", "000.00.00.H27", "000.00.02.H27"
ITEMS = ["Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân (khi không khai thác được định "
         "danh điện tử)"]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def ts(day, hm="09:00"):
    return f"{day}T{hm}:00+07:00"


class World:
    def __init__(self, s):
        self.s = s
        self.anon = s.client()
        self.tiepnhan = staff(s, "tiepnhan")
        self.chuyenvien = staff(s, "chuyenvien")
        self.lanhdao = staff(s, "lanhdao")
        self.admin = staff(s, "admin")
        self.errors = []

    def at(self, iso):
        self.s.set_now(iso)

    def check(self, r, what, ok=(200, 201)):
        if r.status not in ok:
            self.errors.append(f"{what}: {r.status} {r.raw[:200]!r}")
        return r

    def counter(self, when):
        """A dossier received at the counter at `when`; its code."""
        self.at(when)
        body = {"procedure": PROC, "channel": "counter", "receiving_unit": CENTRE,
                "applicant": dict(CITIZEN), "components": list(COMPONENTS), "receive": True}
        r = self.check(self.tiepnhan.post("/api/v1/dossiers", body), "counter reception")
        return r.json["code"] if r.status == 201 else None

    def online(self, when, vneid=False):
        self.at(when)
        body = {"procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
                "applicant": dict(CITIZEN, vneid=vneid), "components": list(COMPONENTS)}
        r = self.check(self.anon.post("/api/v1/dossiers", body), "online submission")
        return r.json["code"] if r.status == 201 else None

    def act(self, who, code, action, when, body=None, ok=(200,)):
        self.at(when)
        c = {"tiepnhan": self.tiepnhan, "chuyenvien": self.chuyenvien, "lanhdao": self.lanhdao,
             "applicant": self.anon}[who]
        b = dict(body or {})
        if who == "applicant":
            b["tracking_key"] = KEY
        return self.check(c.post(f"/api/v1/dossiers/{code}/{action}", b),
                          f"{who} {action} {code} at {when}", ok)

    # The usual road: hand-overs, result, return.
    def to_specialist(self, code, when):
        return self.act("tiepnhan", code, "forward", when, {"assignee": "chuyenvien"})

    def to_leader(self, code, when):
        return self.act("chuyenvien", code, "forward", when, {"assignee": "lanhdao"})

    def complete(self, code, when, sha=None):
        result = {"name": "Giấy chứng nhận đăng ký doanh nghiệp"}
        if sha:
            result["file_sha256"] = sha
        return self.act("lanhdao", code, "complete", when, {"result": result})

    def supplement(self, who, code, asked, brought):
        self.act(who, code, "request-supplement", asked, {"items": ITEMS, "reason": "Thiếu"})
        return self.act("applicant", code, "supplement", brought, {"components": ITEMS})

    def finish(self, code, received, fwd, lead, done):
        self.to_specialist(code, fwd)
        self.to_leader(code, lead)
        return self.complete(code, done)

    def report(self, kind, **q):
        qs = "&".join(f"{k}={v}" for k, v in q.items())
        r = self.s.get(f"/api/v1/reports/{kind}" + (f"?{qs}" if qs else ""))
        assert r.status == 200, (kind, q, r)
        return r.json


def counts(w, period, unit=DEPT):
    return w.report("index", unit=unit, period=period)["counts"]


def indicator(rep, ident):
    for g in rep["groups"]:
        for i in g["indicators"]:
            if i["id"] == ident:
                return i
    raise KeyError(ident)


def march_supplement_excluded(w):
    # Mon 03-02 09:00 + 3 working days: due Thu 03-05 17:00.
    paused = w.counter(ts("2026-03-02"))
    w.to_specialist(paused, ts("2026-03-02", "10:00"))
    # One working day waiting for the applicant: the index due is Fri 03-06 17:00.
    w.supplement("chuyenvien", paused, ts("2026-03-03"), ts("2026-03-04"))
    w.to_leader(paused, ts("2026-03-06", "11:00"))
    w.complete(paused, ts("2026-03-06", "16:00"))
    # The same road without the pause: late.
    plain = w.counter(ts("2026-03-02", "09:30"))
    w.finish(plain, None, ts("2026-03-02", "10:30"), ts("2026-03-06", "11:30"),
             ts("2026-03-06", "16:30"))
    w.at(ts("2026-03-31", "20:00"))
    c = counts(w, "2026-03")
    t.eq((c["population"], c["on_time"] + c["early"], c["late"]), (2, 1, 1),
         "supplement time is excluded from the index due: paused one on time, plain one late")
    rep = w.report("index", unit=DEPT, period="2026-03")
    i21 = indicator(rep, "2.1")
    t.eq((i21["numerator"], i21["denominator"], i21["rate"], i21["score"]), (1, 2, 0.5, 10.0),
         "2.1 = 1/2, score R x 20 = 10")


def april_two_supplements(w):
    code = w.online(ts("2026-04-01"))
    # At reception (guidance, form 02) and again in processing: two requests.
    w.supplement("tiepnhan", code, ts("2026-04-01", "10:00"), ts("2026-04-01", "11:00"))
    w.act("tiepnhan", code, "receive", ts("2026-04-01", "14:00"))
    w.to_specialist(code, ts("2026-04-01", "14:30"))
    w.supplement("chuyenvien", code, ts("2026-04-02"), ts("2026-04-02", "10:00"))
    r = w.act("chuyenvien", code, "request-supplement", ts("2026-04-02", "10:30"),
              {"items": ITEMS, "reason": "Lần nữa"}, ok=(409,))
    t.eq(r.json.get("code"), "supplement_limit_reached",
         "a second request by the same unit in processing is refused (R-DOS-4)")
    w.to_leader(code, ts("2026-04-02", "11:00"))
    w.complete(code, ts("2026-04-02", "15:00"))
    w.at(ts("2026-04-30", "20:00"))
    r = w.tiepnhan.get(f"/api/v1/dossiers/{code}")
    t.ok(r.json["verdict"] in ("early", "on_time"), "the clock alone says early", r.json["verdict"])
    c = counts(w, "2026-04")
    t.eq((c["population"], c["late"], c["late_by_supplement"]), (1, 1, 1),
         "more than one supplement request => late in the index")


def may_reappointment(w):
    code = w.counter(ts("2026-05-04"))  # due Thu 05-07 17:00
    w.to_specialist(code, ts("2026-05-04", "10:00"))
    w.act("lanhdao", code, "apologize", ts("2026-05-05"),
          {"reason": "Cần xác minh thêm", "new_due": ts("2026-05-11", "17:00")})
    w.to_leader(code, ts("2026-05-08", "09:00"))
    w.complete(code, ts("2026-05-08", "10:00"))
    w.at(ts("2026-05-31", "20:00"))
    d = w.tiepnhan.get(f"/api/v1/dossiers/{code}").json
    t.ok(d["due_at"].startswith("2026-05-11") and d["original_due_at"].startswith("2026-05-07"),
         "the apology re-appointed the dossier to 05-11; the original due stays 05-07",
         (d["due_at"], d["original_due_at"]))
    c = counts(w, "2026-05")
    t.eq((c["population"], c["late"]), (1, 1),
         "a re-appointment does not move the index due: finished 05-08 is late")


def june_unfinished(w):
    nearly = w.counter(ts("2026-06-26"))   # due Wed 07-01 17:00; nearly due from Tue 06-30 17:00
    overdue = w.counter(ts("2026-06-22"))  # due Thu 06-25 17:00
    within = w.counter(ts("2026-06-30"))   # due Fri 07-03 17:00
    for code in (nearly, overdue, within):
        w.to_specialist(code, ts("2026-06-30", "10:00"))
    w.to_leader(nearly, ts("2026-07-02", "09:00"))
    w.complete(nearly, ts("2026-07-02", "10:00"))
    w.to_leader(within, ts("2026-07-03", "09:00"))
    w.complete(within, ts("2026-07-03", "10:00"))
    w.to_leader(overdue, ts("2026-07-07", "09:00"))
    w.complete(overdue, ts("2026-07-07", "10:00"))
    w.at(ts("2026-07-31", "20:00"))
    rep = w.report("index", unit=DEPT, period="2026-06")
    c = rep["counts"]
    t.eq(rep["judged_at"], "2026-07-01T00:00:00+07:00", "June is judged at its end")
    t.eq((c["population"], c["within_time"], c["nearly_due"], c["overdue"], c["late"]),
         (3, 1, 1, 1, 0), "unfinished dossiers are judged at the end of the period")
    t.eq(indicator(rep, "2.1")["numerator"], 2, "2.1 counts in-progress-within-time as on time")
    st = w.report("statistics", unit=DEPT, period="2026-06")["total"]
    t.eq((st["carried_over"], st["received"], st["to_process"], st["in_progress_overdue"],
          st["late_rate"]), (0, 3, 3, 1, 0.3333), "R-IDX-3 statistics of June")
    c = counts(w, "2026-07")
    t.eq((c["population"], c["carried_over"], c["late"], c["on_time"] + c["early"]), (3, 3, 2, 1),
         "in July the same dossiers are finished: two late, one on time")
    # Judged now when the period has not ended.
    w.at(ts("2026-06-30", "12:00"))
    rep = w.report("index", unit=DEPT, period="2026-06")
    t.eq(rep["judged_at"], "2026-06-30T12:00:00+07:00", "a period not ended is judged now")


def august_no_data(w):
    w.at(ts("2026-08-31", "20:00"))
    rep = w.report("index", unit=OTHER, period="2026-08")
    nulls = all(i["rate"] is None and i["score"] is None and i["denominator"] == 0
                for g in rep["groups"] for i in g["indicators"])
    t.ok(nulls, "zero denominators: every rate and score is null, never 0 or 100")
    t.ok(rep["total"] is None and rep["classification"] is None
         and all(g["score"] is None for g in rep["groups"]), "no data: no total, no class")
    rep = w.report("index", unit=DEPT, period="2026-08")
    t.ok(indicator(rep, "2.1")["rate"] is None, "a month without dossiers has no 2.1")
    for ident in ("1.1", "1.2", "1.3", "3.5", "4.3", "4.4", "5.2", "5.3"):
        i = indicator(w.report("index", unit=DEPT, period="2026-03"), ident)
        t.ok(i["rate"] is None and i["source"].startswith("Không có dữ liệu"),
             f"{ident} is no data, and its source says where it would come from", i)


def september_ratings(w):
    codes = []
    for k, level in enumerate(("not_satisfied", "very_satisfied")):
        code = w.counter(ts("2026-09-08", f"0{8 + k}:00"))
        w.finish(code, None, ts("2026-09-08", "10:00"), ts("2026-09-08", "11:00"),
                 ts("2026-09-08", "14:00"))
        w.act("tiepnhan", code, "return", ts("2026-09-08", "15:00"), {"method": "counter"})
        body = {"level": level}
        if level == "not_satisfied":
            r = w.act("applicant", code, "rating", ts("2026-09-09"), body, ok=(400, 409))
            t.ok(r.status in (400, 409), "'not satisfied' without a reason is refused", r)
            body["reason"] = "Phải đi lại nhiều lần"
            body["criteria"] = {"officials_attitude": "not_satisfied", "contacts": 3}
        w.act("applicant", code, "rating", ts("2026-09-09", "10:00"), body)
        codes.append(code)
    w.at(ts("2026-09-30", "20:00"))
    rep = w.report("index", unit=DEPT, period="2026-09")
    i54 = indicator(rep, "5.4")
    # 100% - (0% late + 50% not satisfied) = 50% < 90%: 50/90 x 6.
    t.eq((i54["numerator"], i54["denominator"], i54["rate"], i54["score"]),
         (1, 2, 0.5, round(0.5 / 0.9 * 6, 2)), "ratings feed 5.4")
    t.eq((rep["counts"]["rated"], rep["counts"]["not_satisfied"]), (2, 1), "two rated")
    return codes[0]


# --- the randomized history ---

def random_history(w, rng):
    """~70 dossiers over October and November 2026; a procedure change on 10-20."""
    events = []
    working = []
    day = 0
    import datetime
    d0 = datetime.date(2026, 10, 1)
    while len(working) < 40:
        d = d0 + datetime.timedelta(days=day)
        if d.weekday() < 5:
            working.append(d)
        day += 1

    def slot(i, hour):
        i = max(0, min(i, len(working) - 1))
        return ts(working[i].isoformat(), f"{hour:02d}:{rng.choice((0, 15, 30, 45)):02d}")

    for n in range(70):
        k = rng.randrange(0, 34)
        plan = {"n": n, "steps": []}
        s = plan["steps"]
        online = rng.random() < 0.4
        s.append((slot(k, 8), "create_online" if online else "create_counter", {}))
        if online:
            if rng.random() < 0.1:
                s.append((slot(k, 10), "refuse", {}))
                events.append(plan)
                continue
            if rng.random() < 0.3:
                s.append((slot(k, 9), "reception_supplement", {}))
                s.append((slot(k, 10), "supplement", {}))
            s.append((slot(k, 11), "receive", {}))
        s.append((slot(k, 13), "forward1", {}))
        j = k + rng.randrange(0, 3)
        if rng.random() < 0.3:
            s.append((slot(j, 14), "processing_supplement", {}))
            j += rng.randrange(1, 3)
            s.append((slot(j, 9), "supplement", {}))
        if rng.random() < 0.3:
            s.append((slot(j, 15), "request_payment", {}))
            s.append((slot(j, 16), "confirm_payment", {"online": rng.random() < 0.6}))
        if rng.random() < 0.15:
            s.append((slot(j + 1, 8), "apologize", {"to": slot(j + 8, 17)}))
        end = rng.random()
        if end < 0.08:
            s.append((slot(j + 1, 9), "withdraw", {}))
            s.append((slot(j + 1, 10), "stop_withdrawn", {}))
            events.append(plan)
            continue
        if end < 0.14:
            s.append((slot(j + 1, 9), "stop", {}))
            events.append(plan)
            continue
        if rng.random() < 0.5:
            s.append((slot(j, 16), "upload", {}))
        j += rng.randrange(0, 6)  # some finish late
        s.append((slot(j, 9), "forward2", {}))
        s.append((slot(j, 10), "complete", {}))
        s.append((slot(j + 1, 9), "return", {}))
        if rng.random() < 0.6:
            s.append((slot(j + 1, 10), "rating",
                      {"level": rng.choice(("very_satisfied", "satisfied", "not_satisfied"))}))
        events.append(plan)
    # Every action after the end of the history has not happened yet.
    end_of_history = ts(working[-1].isoformat(), "12:00")
    timeline = []
    for plan in events:
        last = ""
        for when, what, arg in plan["steps"]:
            when = max(when, last) if last else when
            if when == last:  # keep each dossier's actions in order
                when = when[:14] + f"{int(when[14:16]) + 1:02d}" + when[16:]
            last = when
            if when <= end_of_history:
                timeline.append((when, plan["n"], what, arg, plan))
    timeline.sort(key=lambda e: (e[0], e[1]))
    timeline.insert(0, (ts("2026-10-20", "07:00"), -1, "procedure_v2", {}, None))
    timeline.sort(key=lambda e: (e[0], e[1]))
    return timeline, end_of_history


def run_history(w, timeline):
    sha = hashlib.sha256(PDF).hexdigest()
    refused = 0
    for when, _, what, arg, plan in timeline:
        code = plan.get("code") if plan else None
        if plan is not None and what not in ("create_online", "create_counter") and not code:
            continue
        if what == "procedure_v2":
            w.at(when)
            body = w.admin.get(f"/api/v1/procedures/{PROC}").json
            body["processing_time"] = {"amount": 5, "unit": "working_days"}
            w.check(w.admin.put(f"/api/v1/procedures/{PROC}", body), "procedure version 2")
        elif what == "create_online":
            plan["code"] = w.online(when, vneid=plan["n"] % 3 == 0)
        elif what == "create_counter":
            plan["code"] = w.counter(when)
        elif what == "refuse":
            w.act("tiepnhan", code, "refuse", when, {"reason": "Không thuộc thẩm quyền"})
        elif what == "reception_supplement":
            w.act("tiepnhan", code, "request-supplement", when, {"items": ITEMS, "reason": "Thiếu"})
        elif what == "processing_supplement":
            w.act("chuyenvien", code, "request-supplement", when,
                  {"items": ITEMS, "reason": "Thiếu"})
        elif what == "supplement":
            w.act("applicant", code, "supplement", when, {"components": ITEMS})
        elif what == "receive":
            w.act("tiepnhan", code, "receive", when)
        elif what == "forward1":
            w.to_specialist(code, when)
        elif what == "request_payment":
            w.act("chuyenvien", code, "request-payment", when, {"amount_vnd": 50000})
        elif what == "confirm_payment":
            w.act("chuyenvien", code, "confirm-payment", when, {"online": arg["online"]})
        elif what == "apologize":
            r = w.act("lanhdao", code, "apologize", when,
                      {"reason": "Cần xác minh thêm", "new_due": arg["to"]}, ok=(200, 409))
            refused += r.status == 409
        elif what == "withdraw":
            w.act("applicant", code, "withdraw", when, {"reason": "Không cần nữa"})
        elif what == "stop_withdrawn":
            w.act("tiepnhan", code, "stop", when, {"reason": "Rút hồ sơ"})
        elif what == "stop":
            w.act("chuyenvien", code, "stop", when, {"reason": "Không đủ điều kiện"})
        elif what == "upload":
            w.at(when)
            w.check(w.tiepnhan.request("PUT", f"/api/v1/dossiers/{code}/files/ket-qua.pdf",
                                       raw=PDF, headers={"Content-Type": "application/pdf"}),
                    f"upload {code}", ok=(201,))
            plan["sha"] = sha
        elif what == "forward2":
            w.to_leader(code, when)
        elif what == "complete":
            w.complete(code, when, plan.get("sha"))
        elif what == "return":
            w.act("tiepnhan", code, "return", when, {"method": "counter"})
        elif what == "rating":
            body = {"level": arg["level"]}
            if arg["level"] == "not_satisfied":
                body["reason"] = "Chờ lâu"
            w.act("applicant", code, "rating", when, body)
    return refused


REPORT_QUERIES = [
    ("index", {"unit": DEPT, "period": "2026-10"}),
    ("index", {"unit": DEPT, "period": "2026-11"}),
    ("index", {"unit": ROOT, "period": "2026-Q4"}),
    ("index", {"unit": ROOT, "from": "2026-10-15", "to": "2026-11-13"}),
    ("index", {"unit": DIVISION, "from": "2026-10-01", "to": "2026-10-07"}),
    ("index", {"unit": ROOT, "period": "2026"}),
    ("statistics", {"unit": ROOT, "period": "2026-10"}),
    ("statistics", {"unit": DEPT, "from": "2026-10-20", "to": "2026-11-06"}),
    ("late", {"unit": ROOT, "period": "2026-Q4"}),
]


def snapshot(w):
    return [w.report(kind, **q) for kind, q in REPORT_QUERIES]


def deliver_some(s, w, now):
    """A sync worker delivers every event of a few dossiers: 1.4 and 3.3 move (the outbox
    trigger of migration 2), in real time."""
    w.at(now)
    before = indicator(w.report("index", unit=ROOT, period="2026-Q4"), "1.4")
    with sqlite3.connect(s.db, timeout=30) as db:
        codes = [r[0] for r in db.execute(
            "SELECT code FROM index_facts WHERE received_at < 9223372036854775807 "
            "AND received_at >= strftime('%s', '2026-10-01') ORDER BY code LIMIT 7")]
        db.executemany("UPDATE outbox SET delivered_at = strftime('%s', 'now') WHERE dossier = ?",
                       [(c,) for c in codes])
    after = indicator(w.report("index", unit=ROOT, period="2026-Q4"), "1.4")
    t.eq((before["numerator"], after["numerator"], after["denominator"]),
         (0, 7, before["denominator"]), "1.4: nothing synced, then 7 dossiers delivered")
    # A new event of a delivered dossier marks it as not synced again (the trigger of
    # migration 5 writes the mark only when it changes).
    with sqlite3.connect(s.db, timeout=30) as db:
        db.execute("INSERT INTO outbox(dossier, kind, payload, created_at) "
                   "VALUES (?, 'test', '{}', strftime('%s', 'now'))", (codes[0],))
    again = indicator(w.report("index", unit=ROOT, period="2026-Q4"), "1.4")
    t.eq(again["numerator"], 6, "1.4: a new event of a delivered dossier is not synced yet")


def recompute_equals_live(s, w, now):
    deliver_some(s, w, now)
    w.at(now)
    live = snapshot(w)
    t.ok(live[2]["counts"]["population"] >= 40 and live[2]["counts"]["late"] > 0
         and live[2]["counts"]["on_time"] + live[2]["counts"]["early"] > 0,
         "the history has dossiers on time and late", live[2]["counts"])
    s.stop()
    r = run_cli(motcua, "report", "recompute", "--db", s.db)
    t.ok(r.returncode == 0 and " 0 differed" in r.stdout,
         "motcua report recompute: the live facts equal the recomputed ones",
         r.stdout + r.stderr)
    # Now from nothing: the facts table emptied, rebuilt from the raw data.
    with sqlite3.connect(s.db) as db:
        n = db.execute("SELECT count(*) FROM index_facts").fetchone()[0]
        dossiers = db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        db.execute("DELETE FROM index_facts")
    t.eq(n, dossiers, "one facts row per dossier")
    r = run_cli(motcua, "report", "recompute", "--db", s.db)
    t.ok(r.returncode == 0 and f"of {dossiers} dossiers" in r.stdout,
         "recompute rebuilds every dossier's facts", r.stdout + r.stderr)
    s.start()
    w.__init__(s)
    w.at(now)
    again = snapshot(w)
    for (kind, q), a, b in zip(REPORT_QUERIES, live, again):
        t.ok(a == b, f"{kind} {q}: the same after recompute",
             json.dumps([a, b], ensure_ascii=False)[:1500])


# --- parameters, presets, late list, downloads ---

def presets_and_limits(w):
    w.at(ts("2026-11-30", "12:00"))
    rep = w.report("index", period="2026-Q3")
    t.eq((rep["from"], rep["to"], rep["unit"]), ("2026-07-01", "2026-09-30", ROOT),
         "period=2026-Q3; the default unit is the province")
    rep = w.report("index", period="2026")
    t.eq((rep["from"], rep["to"]), ("2026-01-01", "2026-12-31"), "period=2026")
    rep = w.report("statistics", period="2026-02")
    t.eq((rep["from"], rep["to"]), ("2026-02-01", "2026-02-28"), "period=2026-02")
    rep = w.report("index")
    t.eq((rep["from"], rep["to"]), ("2026-10-01", "2026-10-31"), "default: the last full month")
    t.eq(rep["rules"]["version"], 1, "the rule set in force is named (R-0)")
    bad = [("period=2026-13", 400), ("period=2026-Q5", 400), ("period=26", 400),
           ("period=1999", 400), ("period=2026-10&from=2026-10-01&to=2026-10-02", 400),
           ("from=2026-10-05&to=2026-10-01", 400), ("from=2020-01-01&to=2025-01-02", 400),
           ("from=2026-10-01", 400), ("from=2026-02-30&to=2026-03-01", 400),
           ("unit=000.00.99.H27", 404), ("unit=", 404), ("format=pdf", 400)]
    for kind in ("index", "statistics", "late"):
        for q, status in bad:
            r = w.s.get(f"/api/v1/reports/{kind}?{q}")
            t.ok(r.status == status and r.headers["content-type"].startswith(
                "application/problem+json"), f"{kind}?{q} -> {status}", r)
    r = w.s.get("/api/v1/reports/index?from=2021-01-01&to=2025-12-31")
    t.eq(r.status, 200, "five years (1826 days) are within the limit")


def late_list(s, w):
    w.at(ts("2026-11-30", "12:00"))
    rep = w.report("late", period="2026-Q4")
    t.eq((rep["min_steps"], rep["officials_published"], rep["officials"]), (10, False, []),
         "defaults: 10 steps, officials' names not published")
    t.ok(all(u["steps"] >= 10 for u in rep["units"]) and rep["units"],
         "only units with at least 10 steps are ranked", rep["units"])
    rates = [u["rate"] for u in rep["units"]]
    t.ok(rates == sorted(rates, reverse=True), "ranked by rate", rates)
    r = run_cli(motcua, "report", "config", "--late-min-steps", "1", "--publish-officials",
                "yes", "--db", s.db)
    t.ok(r.returncode == 0 and "publish_officials yes" in r.stdout, "report config", r.stderr)
    rep = w.report("late", period="2026-Q4")
    names = [o.get("name") for o in rep["officials"]]
    t.ok(rep["officials_published"] and names and all(names)
         and not {"chuyenvien", "lanhdao", "tiepnhan"} & set(names),
         "published: officials by their full names", names)
    div = [u for u in rep["units"] if u["unit"] == DIVISION]
    t.ok(div and div[0]["late_steps"] > 0 and 0 < div[0]["rate"] <= 1,
         "the division's late steps and rate", div)
    r = run_cli(motcua, "report", "config", "--late-min-steps", "0", "--db", s.db)
    t.eq(r.returncode, 2, "report config refuses a minimum of 0")
    run_cli(motcua, "report", "config", "--publish-officials", "no", "--db", s.db)
    t.eq(w.report("late", period="2026-Q4")["officials"], [], "switched off: no names")


def xlsx_cells(data):
    """{ref: (type, value)} of the first sheet, shared strings resolved."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = z.read("xl/sharedStrings.xml").decode()
        shared = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    cells = {}
    for m in re.finditer(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet, re.S):
        ref, attrs, inner = m.group(1), m.group(2), m.group(3) or ""
        typ = re.search(r't="(\w+)"', attrs)
        v = re.search(r"<v>(.*?)</v>", inner)
        if not v:
            continue
        typ = typ.group(1) if typ else "n"
        cells[ref] = (typ, shared[int(v.group(1))] if typ == "s" else v.group(1))
    return cells


def downloads(w):
    w.at(ts("2026-11-30", "12:00"))
    for kind, header, numeric in (("index", "Tỷ lệ (%)", "Mẫu số"),
                                  ("statistics", "Tỷ lệ trễ hạn (%)", "Tiếp nhận trong kỳ"),
                                  ("late", "Tỷ lệ trễ hạn (%)", "Số bước xử lý")):
        q = f"/api/v1/reports/{kind}?unit={ROOT}&period=2026-10"
        js = w.s.get(q).json
        r = w.s.get(q + "&format=csv")
        t.ok(r.status == 200 and r.headers["content-type"].startswith("text/csv")
             and "attachment" in r.headers.get("content-disposition", ""), f"{kind} CSV", r)
        rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8-sig"))))
        t.ok(header in rows[0] and numeric in rows[0], f"{kind} CSV: Vietnamese headers", rows[0])
        col = rows[0].index(numeric)
        values = [row[col] for row in rows[1:] if row[col] != ""]
        t.ok(values and all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values),
             f"{kind} CSV: numbers as plain numbers", values[:5])
        r = w.s.get(q + "&format=xlsx")
        t.ok(r.status == 200 and r.headers["content-type"] ==
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
             and r.raw[:2] == b"PK", f"{kind} XLSX", r.headers)
        cells = xlsx_cells(r.raw)
        heads = {v for ref, (typ, v) in cells.items() if re.fullmatch(r"[A-Z]+1", ref)}
        t.ok(header in heads and numeric in heads, f"{kind} XLSX: Vietnamese headers", heads)
        letter = chr(ord("A") + col)
        nums = [cells[ref] for ref in cells if re.fullmatch(letter + r"\d+", ref)
                and ref != letter + "1"]
        t.ok(nums and all(typ == "n" for typ, _ in nums), f"{kind} XLSX: numbers as numbers",
             nums[:5])
        if kind == "statistics":
            total = [row for row in rows if row[1] == "Tổng cộng"][0]
            t.eq(int(total[3]), js["total"]["received"], "the CSV total equals the JSON")
            xl = [ref for ref, (typ, v) in cells.items() if v == "Tổng cộng"][0]
            t.eq(float(cells["D" + xl[1:]][1]), float(js["total"]["received"]),
                 "the XLSX total equals the JSON")
        if kind == "index":
            row21 = [row for row in rows if row[2] == "2.1"][0]
            i21 = indicator(js, "2.1")
            t.eq((int(row21[6]), int(row21[7])), (i21["numerator"], i21["denominator"]),
                 "CSV 2.1 numerator and denominator")


def facts_written_only_on_change(s, w):
    """A forward leaves a dossier's facts as they were: nothing is rewritten
    (updated_at stays at the reception); a completion rewrites them."""
    code = w.counter(ts("2026-10-05", "09:00"))
    w.to_specialist(code, ts("2026-10-05", "10:00"))
    w.to_leader(code, ts("2026-10-06", "10:00"))

    def updated():
        with sqlite3.connect(s.db) as conn:
            return conn.execute("SELECT updated_at, end_at FROM index_facts WHERE code = ?",
                                (code,)).fetchone()
    received = int(datetime.datetime.fromisoformat(ts("2026-10-05", "09:00")).timestamp())
    t.eq(updated()[0], received, "forwards leave the facts row unwritten")
    w.complete(code, ts("2026-10-07", "10:00"))
    done = int(datetime.datetime.fromisoformat(ts("2026-10-07", "10:00")).timestamp())
    t.eq(updated(), (done, done), "a completion rewrites it")


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "reports.db"))
    s = Server(motcua, db=db, t=t)
    s.start()
    try:
        w = World(s)
        march_supplement_excluded(w)
        april_two_supplements(w)
        may_reappointment(w)
        june_unfinished(w)
        august_no_data(w)
        rated = september_ratings(w)
        facts_written_only_on_change(s, w)
        s.stop()
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT level, reason, criteria FROM ratings WHERE dossier = ? "
                               "ORDER BY at", (rated,)).fetchall()
        t.ok(row and row[-1][0] == "not_satisfied" and json.loads(row[-1][2])["contacts"] == 3,
             "a rating with criteria stays stored", row)
        s.start()
        w.__init__(s)
        timeline, end = random_history(w, random.Random(766))
        refused = run_history(w, timeline)
        t.ok(not w.errors, "the randomized history ran as the rules allow",
             "\n".join(w.errors[:20]))
        print(f"# history: {len(timeline)} actions, {refused} apologies refused as too late")
        recompute_equals_live(s, w, ts("2026-11-30", "12:00"))
        presets_and_limits(w)
        late_list(s, w)
        downloads(w)
    finally:
        status = s.stop()
        t.eq(status, 0, "the server stops cleanly (no crash, no leak)")
        if status != 0:
            for line in s.server_log().splitlines()[-30:]:
                print("#", line)
        s.log.close()
        shutil.rmtree(s.dir, ignore_errors=True)
sys.exit(t.done())
