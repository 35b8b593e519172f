"""API tests: the dossier lifecycle (API.md "Dossiers"; DOMAIN.md R-DOS-1 … R-DOS-7,
R-CAL-4 … R-CAL-6, R-ID-1, R-ID-2, R-AUD-1, R-AUD-2), driven by the test clock.

Procedure 2.001610 (3 working days; steps: reception at the city centre, the
business registration division's specialist, its leader, return at the centre)
and the demo users of API.md."""
import concurrent.futures
import os
import sys
import tempfile

from harness import (CENTRE, CITIZEN, COMPONENTS, PROC, Server, demo_clients, prepare_db,
                     run_cli, tap)

motcua = sys.argv[1]
t = tap()
DEPT, DIVISION = "000.00.03.H27", "010.00.03.H27"
COMMUNE_ONE_STOP = "001.01.50.H27"


def submit(c, **over):
    body = {"procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
            "applicant": dict(CITIZEN), "components": list(COMPONENTS)}
    body.update(over)
    return c.post("/api/v1/dossiers", body)


def act(c, code, action, body=None):
    return c.post(f"/api/v1/dossiers/{code}/{action}", body or {})


def lifecycle(s, anon, tiepnhan, chuyenvien, lanhdao):
    s.set_now("2026-03-02T09:00:00+07:00")
    r = submit(anon)
    t.eq(r.status, 201, "online submission without sign-in -> 201")
    code, key = r.json["code"], r.json["tracking_key"]
    t.eq(code, f"{CENTRE}-260302-0001", "dossier code <unit>-YYMMDD-NNNN (R-DOS-1)")
    t.eq(key, "5678", "tracking key = last 4 digits of the phone")
    t.ok("applicant" not in r.json, "the filer's answer has no staff data")
    r = act(tiepnhan, code, "receive")
    t.eq((r.status, r.json["status"], r.json["dvcqg_status"]), (200, "received", 2),
         "receive -> received, DVCQG 2")
    t.eq(r.json["due_at"], "2026-03-05T17:00:00+07:00", "due = 3 working days (R-CAL-4)")
    r = act(tiepnhan, code, "forward", {"assignee": "chuyenvien", "note": "chuyển thẩm định"})
    t.eq((r.status, r.json["status"], r.json["current_step"]), (200, "processing", 1),
         "first forward starts processing at step 1")
    r = act(chuyenvien, code, "request-supplement",
            {"items": ["Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân"],
             "reason": "Thiếu bản sao giấy tờ pháp lý"})
    t.ok(r.status == 400 and r.code == "validation_failed",
         "an item the procedure does not list is refused (R-DOS-8)", r)
    items = [c["name"] for c in anon.get(f"/api/v1/procedures/{PROC}").json["components"]]
    r = act(chuyenvien, code, "request-supplement", {"items": items[1:2], "reason": "Thiếu"})
    t.eq((r.status, r.json["status"], r.json["dvcqg_status"]), (200, "supplement_requested", 5),
         "request-supplement pauses the dossier (R-DOS-4)")
    r = act(chuyenvien, code, "request-supplement", {"items": items[1:2]})
    t.eq((r.status, r.code), (409, "invalid_transition"), "no second request while waiting")
    s.set_now("2026-03-03T10:00:00+07:00")
    r = act(anon, code, "supplement", {"components": items[1:2], "tracking_key": "0000"})
    t.eq((r.status, r.code), (404, "not_found"), "a wrong tracking key looks like an unknown dossier")
    r = act(anon, code, "supplement", {"components": items[1:2], "tracking_key": key})
    t.eq((r.status, r.json["status"]), (200, "processing"), "the applicant supplements with the key")
    r = tiepnhan.get(f"/api/v1/dossiers/{code}/clock")
    t.eq(r.json["due_at"], "2026-03-09T17:00:00+07:00",
         "the paused 8.5 working hours move the due date (R-CAL-5)")
    t.eq(r.json["paused_working_seconds"], 8.5 * 3600, "paused time is 8.5 working hours")
    r = act(chuyenvien, code, "request-supplement", {"items": items[1:2]})
    t.eq((r.status, r.code), (409, "supplement_limit_reached"), "one supplement request per unit")
    r = act(chuyenvien, code, "forward", {"assignee": "lanhdao"})
    t.eq((r.status, r.json["current_step"]), (200, 2), "forward to the leader's step")
    r = act(lanhdao, code, "request-payment", {"amount_vnd": 0})
    t.eq((r.status, r.code), (400, "amount_required"), "payment needs an amount")
    r = act(lanhdao, code, "request-payment", {"amount_vnd": 50000})
    t.eq((r.status, r.json["status"], r.json["fee_vnd"]), (200, "payment_requested", 50000),
         "request-payment")
    r = act(lanhdao, code, "confirm-payment", {"online": True})
    t.eq((r.status, r.json["status"], r.json["paid_online"]), (200, "processing", True),
         "confirm-payment online")
    s.set_now("2026-03-06T16:00:00+07:00")
    r = act(lanhdao, code, "apologize", {"reason": "Cần xác minh thêm",
                                         "new_due": "2026-03-05T17:00:00+07:00"})
    t.eq((r.status, r.code), (400, "invalid_new_due"), "the new date must be later")
    r = act(lanhdao, code, "apologize", {"reason": "Cần xác minh thêm",
                                         "new_due": "2026-03-12T17:00:00+07:00"})
    t.eq((r.status, r.json["due_at"], r.json["original_due_at"], r.json["reappointments"]),
         (200, "2026-03-12T17:00:00+07:00", "2026-03-09T17:00:00+07:00", 1),
         "apology by 1 working day before due: new date, original kept (R-DOS-5)")
    r = act(lanhdao, code, "apologize", {"reason": "lần hai", "new_due": "2026-03-20T17:00:00+07:00"})
    t.eq((r.status, r.code), (409, "reappointment_limit_reached"), "one re-appointment only")
    s.set_now("2026-03-10T10:00:00+07:00")
    r = tiepnhan.get(f"/api/v1/dossiers/{code}")
    t.eq((r.json["verdict"], r.json["index_verdict"]), ("within_time", "overdue"),
         "within the new date, overdue for the index")
    r = act(lanhdao, code, "complete", {})
    t.eq((r.status, r.code), (400, "result_required"), "complete needs a result")
    r = act(lanhdao, code, "complete", {"result": {"name": "Giấy chứng nhận đăng ký doanh nghiệp"}})
    t.eq((r.status, r.json["status"], r.json["dvcqg_status"]), (200, "done", 9), "complete -> done")
    r = act(tiepnhan, code, "return", {"method": "fax"})
    t.eq((r.status, r.code), (400, "validation_failed"), "return needs a known method")
    r = act(tiepnhan, code, "return", {"method": "counter"})
    t.eq((r.status, r.json["status"], r.json["verdict"], r.json["index_verdict"]),
         (200, "returned", "early", "late"), "returned: early for the new date, late for the index")
    r = act(anon, code, "rating", {"level": "not_satisfied", "tracking_key": key})
    t.eq((r.status, r.code), (400, "reason_required"), "not satisfied needs a reason (R-EVAL-1)")
    r = act(anon, code, "rating", {"level": "satisfied", "tracking_key": key})
    t.eq(r.status, 200, "the applicant rates with the key")
    r = anon.get(f"/api/v1/track/{code}?key={key}")
    t.ok(r.status == 200 and r.json["status"] == "returned" and r.json["apology"]["new_due"]
         == "2026-03-12T17:00:00+07:00", "tracking shows the state and the apology", r)
    t.ok(all(w not in r.raw.decode() for w in ("Nguyễn", "031090001234", "0912", "an@")),
         "tracking shows no personal data (R-AUD-2)")
    t.eq(anon.get(f"/api/v1/track/{code}?key=1111").code, "not_found",
         "a wrong key looks like an unknown dossier")
    r = tiepnhan.get(f"/api/v1/dossiers/{code}/control-sheet")
    rows = r.json["rows"]
    t.eq([x["to_unit"] for x in rows], [CENTRE, DIVISION, DIVISION, CENTRE],
         "control sheet: every hand-over with its unit (R-DOS-7)")
    t.eq(rows[1]["from_user"], "tiepnhan", "control sheet: who gave")
    t.ok(all(x["verdict"] for x in rows), "control sheet: a verdict per step")
    return code


def late_and_rules(s, anon, tiepnhan, chuyenvien, lanhdao, other):
    s.set_now("2026-03-16T09:00:00+07:00")
    r = submit(tiepnhan, channel="counter", receive=True)
    t.eq((r.status, r.json["status"]), (201, "received"), "counter reception: create and receive")
    code = r.json["code"]
    t.eq(r.json["due_at"], "2026-03-19T17:00:00+07:00", "due three working days later")
    r = act(other, code, "forward")
    t.eq((r.status, r.code), (403, "forbidden"), "another department's specialist may not act")
    r = act(tiepnhan, code, "forward", {"assignee": "chuyenvien"})
    t.eq(r.status, 200, "forward")
    r = act(other, code, "forward")
    t.eq((r.status, r.code), (403, "forbidden"), "…nor at the processing step")
    r = act(tiepnhan, code, "complete", {"result": {"name": "x"}})
    t.eq((r.status, r.code), (403, "forbidden"), "the receiver cannot complete")
    r = act(tiepnhan, code, "return", {"method": "counter"})
    t.eq((r.status, r.code), (409, "invalid_transition"), "return before done")
    s.set_now("2026-03-19T10:00:00+07:00")
    r = act(lanhdao, code, "apologize", {"reason": "trễ", "new_due": "2026-03-26T17:00:00+07:00"})
    t.eq((r.status, r.code), (409, "apology_too_late"), "apology later than 1 working day before due")
    t.eq(tiepnhan.get(f"/api/v1/dossiers/{code}").json["verdict"], "nearly_due",
         "nearly due on the last day (R-CAL-6)")
    s.set_now("2026-03-20T09:00:00+07:00")
    t.eq(tiepnhan.get(f"/api/v1/dossiers/{code}").json["verdict"], "overdue", "overdue after due")
    r = tiepnhan.get(f"/api/v1/dossiers?unit={CENTRE}&overdue=true")
    t.ok(r.status == 200 and code in [i["code"] for i in r.json["items"]],
         "the overdue queue lists it", r)
    r = act(chuyenvien, code, "stop", {})
    t.eq((r.status, r.code), (400, "reason_required"), "stop needs a reason")
    r = act(chuyenvien, code, "stop", {"reason": "Không đủ điều kiện"})
    t.eq((r.status, r.json["status"], r.json["verdict"]), (200, "stopped", "late"),
         "stopped late (form 05)")


def reception_rules(s, anon, tiepnhan):
    s.set_now("2026-03-23T09:00:00+07:00")
    code = submit(anon).json["code"]
    r = act(tiepnhan, code, "refuse", {})
    t.eq((r.status, r.code), (400, "reason_required"), "refusal needs a reason")
    r = act(tiepnhan, code, "refuse", {"reason": "Không thuộc thẩm quyền"})
    t.eq((r.status, r.json["status"], r.json["dvcqg_status"]), (200, "refused", 3), "refused")
    code = submit(anon).json["code"]
    items = [c["name"] for c in anon.get(f"/api/v1/procedures/{PROC}").json["components"]]
    r = act(tiepnhan, code, "request-supplement", {"items": []})
    t.eq((r.status, r.code), (400, "items_required"), "the guidance lists the missing items")
    r = act(tiepnhan, code, "request-supplement", {"items": items[1:2]})
    t.eq((r.status, r.json["status"]), (200, "supplement_requested"), "guidance at reception (form 02)")
    r = act(anon, code, "supplement", {"components": items[1:2], "tracking_key": "5678"})
    t.eq((r.status, r.json["status"]), (200, "submitted"), "…back to submitted")
    r = act(tiepnhan, code, "request-supplement", {"items": items[1:2]})
    t.eq((r.status, r.code), (409, "supplement_limit_reached"), "one guidance only (R-DOS-3)")
    r = act(anon, code, "withdraw", {"reason": "Không cần nữa", "tracking_key": "5678"})
    t.eq((r.status, r.json["status"]), (200, "withdrawal_requested"), "the applicant withdraws")
    r = act(tiepnhan, code, "stop", {"reason": "Rút hồ sơ"})
    t.eq(r.json["status"], "stopped", "withdrawal accepted")
    r = act(anon, code, "receive", {})
    t.eq((r.status, r.code), (401, "unauthenticated"), "an action without sign-in or key -> 401")


def validation(s, anon, tiepnhan, thanhtra):
    cases = [
        ({"applicant": dict(CITIZEN, id_number="031490001234")}, "invalid_id_number",
         "an ID number born in the future: century digit 4 = 2190 (R-ID-1)"),
        ({"applicant": dict(CITIZEN, id_number="099090001234")}, "invalid_id_number",
         "an ID number with no such province"),
        ({"applicant": {"kind": "organization", "name": "Công ty A", "tax_code": "0100109107",
                        "phone": "0912345678"}}, "invalid_tax_code", "a tax code with a bad check digit (R-ID-2)"),
        ({"applicant": dict(CITIZEN, phone="12")}, "validation_failed", "a phone too short"),
        ({"components": ["Giấy khác"]}, "validation_failed", "a component the procedure does not list"),
        ({"channel": "fax"}, "validation_failed", "an unknown channel"),
        ({"procedure": "1.000593"}, "validation_failed", "a channel the procedure does not offer"),
        ({"receiving_unit": DEPT}, "validation_failed", "a receiving unit that is not a one-stop place"),
        ({"procedure": "9.999999"}, "not_found", "an unknown procedure"),
        ({"applicant": dict(CITIZEN, name="x" * 201)}, "validation_failed", "a name over 200 bytes"),
    ]
    for over, code, name in cases:
        r = submit(anon, **over)
        t.ok(400 <= r.status < 500 and r.code == code, f"{name} -> {code}", r)
    t.eq(submit(anon, applicant=dict(CITIZEN, name="x" * 200)).status, 201, "a name of 200 bytes")
    t.eq(submit(anon, channel="counter").code, "unauthenticated", "counter reception needs sign-in")
    org = {"kind": "organization", "name": "Tập đoàn Viettel", "tax_code": "0100109106",
           "phone": "0243 456 7890"}
    t.eq(submit(anon, applicant=org).status, 201, "an organisation with a valid tax code")
    r = anon.get("/api/v1/dossiers/" + CENTRE + "-260302-0001")
    t.eq(r.status, 401, "reading a dossier needs sign-in")
    r = thanhtra.get("/api/v1/dossiers/" + CENTRE + "-260302-0001")
    t.eq(r.status, 200, "the auditor reads every dossier")
    t.eq(act(thanhtra, CENTRE + "-260302-0001", "rating", {"level": "satisfied"}).code,
         "forbidden", "the auditor changes nothing")
    t.eq(tiepnhan.get("/api/v1/dossiers/000.00.20.H27-260302-9999").code, "not_found",
         "an unknown dossier -> 404")
    t.eq(act(tiepnhan, CENTRE + "-260302-0001", "fly").code, "not_found", "an unknown action -> 404")
    t.eq(tiepnhan.get(f"/api/v1/dossiers?unit={CENTRE}&per_page=101").code, "validation_failed",
         "per_page over 100 -> 400")
    t.eq(tiepnhan.get(f"/api/v1/dossiers?unit={CENTRE}&per_page=100").status, 200, "per_page 100")


def parallel_codes(s):
    """50 clients file at one commune the same day: codes unique, 0001-0050 (R-DOS-1)."""
    s.set_now("2026-04-01T09:00:00+07:00")
    body = {"procedure": "1.001193", "channel": "online", "receiving_unit": COMMUNE_ONE_STOP,
            "applicant": dict(CITIZEN), "components": []}

    def one(_):
        return s.client().post("/api/v1/dossiers", body)
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        results = list(pool.map(one, range(50)))
    t.ok(all(r.status == 201 for r in results), "50 parallel submissions -> 201",
         [r for r in results if r.status != 201][:3])
    codes = sorted(r.json["code"] for r in results if r.status == 201)
    t.eq(codes, [f"{COMMUNE_ONE_STOP}-260401-{n:04d}" for n in range(1, 51)],
         "codes are unique and gap-free")


def complete_at_return_step(s, anon, tiepnhan, chuyenvien, lanhdao):
    """A dossier forwarded to the return step is completed by the receiving officer."""
    s.set_now("2026-04-03T09:00:00+07:00")
    code = submit(tiepnhan, channel="counter", receive=True).json["code"]
    act(tiepnhan, code, "forward", {"assignee": "chuyenvien"})
    act(chuyenvien, code, "forward", {"assignee": "lanhdao"})
    r = act(lanhdao, code, "forward", {"assignee": "tiepnhan"})
    t.eq((r.status, r.json["current_step"]), (200, 3), "forward to the return step")
    r = act(tiepnhan, code, "complete", {"result": {"name": "Giấy chứng nhận"}})
    t.eq((r.status, r.json["status"]), (200, "done"), "the receiving officer completes at the return step")
    t.eq(act(tiepnhan, code, "return", {"method": "counter"}).json["status"], "returned",
         "…and returns it")


def key_throttle(s, anon, tiepnhan, code):
    """R-AUD-2: the 10,000 tracking keys of a dossier cannot be tried one by one."""
    s.set_now("2026-04-02T09:00:00+07:00")
    pdf = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    r = tiepnhan.put(f"/api/v1/dossiers/{code}/files/late.pdf", raw=pdf,
                     headers={"Content-Type": "application/pdf"})
    t.eq((r.status, r.code), (409, "invalid_transition"), "a returned dossier takes no more files")
    codes = [anon.get(f"/api/v1/track/{code}?key={k:04d}").code for k in range(20)]
    t.eq(codes, ["not_found"] * 20, "20 wrong keys: each looks like an unknown dossier")
    r = anon.get(f"/api/v1/track/{code}?key=5678")
    t.ok(r.status == 429 and r.code == "rate_limited" and "retry-after" in r.headers,
         "then even the right key waits (429, Retry-After)", r)
    r = act(anon, code, "rating", {"level": "satisfied", "tracking_key": "5678"})
    t.eq(r.status, 429, "the applicant's actions wait too")
    s.set_now("2026-04-02T09:10:01+07:00")
    t.eq(anon.get(f"/api/v1/track/{code}?key=5678").status, 200, "after the window, the key works")


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "d.db"))
    with Server(motcua, db=db, t=t) as s:
        anon, tiepnhan, chuyenvien, lanhdao, other, thanhtra = demo_clients(s)
        first = lifecycle(s, anon, tiepnhan, chuyenvien, lanhdao)
        late_and_rules(s, anon, tiepnhan, chuyenvien, lanhdao, other)
        reception_rules(s, anon, tiepnhan)
        validation(s, anon, tiepnhan, thanhtra)
        parallel_codes(s)
        complete_at_return_step(s, anon, tiepnhan, chuyenvien, lanhdao)
        key_throttle(s, anon, tiepnhan, first)
    r = run_cli(motcua, "audit", "verify", "--db", db)
    t.ok(r.returncode == 0 and "intact" in r.stdout, "the audit chain is intact (R-AUD-1)",
         r.stdout + r.stderr)
sys.exit(t.done())
