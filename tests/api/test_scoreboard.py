"""API tests of the scoreboard (GET /api/v1/reports/scoreboard; API.md "Reports";
docs/index.md "The scoreboard"): the units directly below one, ranked by their
Decision 766 total, from one pass over the subtree.

1. A hand-made March 2026 on a fresh database: dossiers received at the
   city centre for three departments and left open. Sở Tài chính's is
   overdue at the end of March, Sở Nội vụ's and Sở Nông nghiệp's are within
   time with the same facts: the two tie above Sở Tài chính, and the 130
   other units, without dossiers, come last with null totals. A unit's own
   dossiers count in its total but in no row; a unit without children has
   no rows; a past year has no data at all.
2. The demo (`serve --demo`, a few hundred dossiers over six months): for
   three periods, every row of the province's scoreboard equals
   `GET /api/v1/reports/index?unit=<that unit>` (total, classification,
   dossiers, each group), and the order is by total.
3. Every parameter's limits as problem+json, CSV and XLSX equal to the JSON.
"""
import csv
import io
import os
import re
import shutil
import sys
import tempfile
import zipfile

from harness import DEMO_PASSWORD, Server, prepare_db, staff, tap

motcua = sys.argv[1]
t = tap()
ROOT, CENTRE = "000.00.00.H27", "000.00.20.H27"
FINANCE, HOME_AFFAIRS, AGRICULTURE = "000.00.03.H27", "000.00.02.H27", "000.00.05.H27"
DIVISION = "010.00.03.H27"  # a division of Sở Tài chính, without children
CITIZEN = {"kind": "citizen", "name": "Nguyễn Văn An", "id_number": "031090001234",
           "phone": "0912 345 678", "address": "Hải Phòng"}
GROUPS = ["publicity", "progress", "online", "payment", "satisfaction", "digitisation"]


def ts(day, hm="09:00"):
    return f"{day}T{hm}:00+07:00"


def report(s, kind, **q):
    qs = "&".join(f"{k}={v}" for k, v in q.items())
    r = s.get(f"/api/v1/reports/{kind}" + (f"?{qs}" if qs else ""))
    assert r.status == 200, (kind, q, r)
    return r.json


def receive(s, receiver, proc, when):
    """A counter dossier of proc received at the centre at `when`, left open."""
    s.set_now(when)
    comps = [c["name"] for c in s.get(f"/api/v1/procedures/{proc}").json["components"]
             if c.get("required")]
    body = {"procedure": proc, "channel": "counter", "receiving_unit": CENTRE,
            "applicant": dict(CITIZEN), "components": comps, "receive": True}
    r = receiver.post("/api/v1/dossiers", body)
    t.ok(r.status == 201, f"{proc} received at {when}", r)


def row(board, unit):
    return next(u for u in board["units"] if u["unit"] == unit)


def hand_made(s):
    tiepnhan = staff(s, "tiepnhan")
    receive(s, tiepnhan, "2.001610", ts("2026-03-02"))      # 3 working days: overdue by 03-31
    receive(s, tiepnhan, "1.014199", ts("2026-03-25"))      # 10 working days: within time
    receive(s, tiepnhan, "1.013980", ts("2026-03-25", "10:00"))
    s.set_now(ts("2026-04-15"))
    board = report(s, "scoreboard", period="2026-03")
    t.eq((board["unit"], board["from"], board["to"], board["rules"]["version"]),
         (ROOT, "2026-03-01", "2026-03-31", 1), "the default unit is the province; the rule set")
    ix = report(s, "index", period="2026-03")
    t.eq((board["total"], board["classification"], board["dossiers"]),
         (ix["total"], ix["classification"], 3), "the province's own total equals its index")
    t.eq([(g["id"], g["score"]) for g in board["groups"]],
         [(g["id"], g["score"]) for g in ix["groups"]], "the province's groups equal its index")
    t.eq([b["id"] for b in board["classifications"]],
         ["excellent", "good", "fair", "average", "weak"], "the classification bands, best first")
    units = board["units"]
    children = s.get(f"/api/v1/units?parent={ROOT}&per_page=200").json
    t.eq(len(units), children["total"], "one row per unit directly below the province")
    top = [(u["unit"], u["rank"]) for u in units[:3]]
    t.eq(top, [(HOME_AFFAIRS, 1), (AGRICULTURE, 1), (FINANCE, 3)],
         "within time ranks above overdue; equal totals share a rank, then by code")
    t.ok(row(board, HOME_AFFAIRS)["total"] > row(board, FINANCE)["total"],
         "Sở Nội vụ's total is above Sở Tài chính's",
         (row(board, HOME_AFFAIRS)["total"], row(board, FINANCE)["total"]))
    for code in (HOME_AFFAIRS, AGRICULTURE, FINANCE):
        u, i = row(board, code), report(s, "index", unit=code, period="2026-03")
        t.eq((u["total"], u["classification"], u["dossiers"],
              [(g["id"], g["score"]) for g in u["groups"]]),
             (i["total"], i["classification"], i["counts"]["population"],
              [(g["id"], g["score"]) for g in i["groups"]]),
             f"{code}: the row equals GET /reports/index?unit={code}")
    rest = units[3:]
    t.ok(rest and all(u["total"] is None and u["classification"] is None and u["rank"] is None
                      and u["dossiers"] == 0 and all(g["score"] is None for g in u["groups"])
                      for u in rest), "units without dossiers: null total, class, rank and groups")
    t.eq([u["unit"] for u in rest], sorted(u["unit"] for u in rest),
         "units without data come last, by code")
    t.eq([g["id"] for g in units[0]["groups"]], GROUPS, "each row has every group, in order")
    t.eq({u["level"] for u in units} >= {"department", "commune"}, True, "rows name their level")

    dept = report(s, "scoreboard", unit=FINANCE, period="2026-03")
    t.ok(dept["dossiers"] == 1 and dept["total"] is not None and dept["units"]
         and all(u["total"] is None for u in dept["units"]),
         "a department's own dossier counts in its total, in none of its divisions' rows",
         dept)
    leaf = report(s, "scoreboard", unit=DIVISION, period="2026-03")
    t.eq((leaf["units"], leaf["total"], leaf["classification"]), ([], None, None),
         "a unit without children: no rows, no data")
    old = report(s, "scoreboard", period="2001")
    t.ok(old["total"] is None and all(u["total"] is None for u in old["units"]),
         "a year without dossiers: no data anywhere")


def limits(s):
    s.set_now(ts("2026-11-30", "12:00"))
    rep = report(s, "scoreboard")
    t.eq((rep["from"], rep["to"]), ("2026-10-01", "2026-10-31"), "default: the last full month")
    rep = report(s, "scoreboard", period="2026-Q3")
    t.eq((rep["from"], rep["to"]), ("2026-07-01", "2026-09-30"), "period=2026-Q3")
    rep = report(s, "scoreboard", **{"from": "2026-02-03", "to": "2026-05-04"})
    t.eq((rep["from"], rep["to"]), ("2026-02-03", "2026-05-04"), "from and to")
    bad = [("period=2026-13", 400, "validation_failed"),
           ("period=2026-Q5", 400, "validation_failed"), ("period=1999", 400, "validation_failed"),
           ("period=2026-10&from=2026-10-01&to=2026-10-02", 400, "validation_failed"),
           ("from=2026-10-05&to=2026-10-01", 400, "validation_failed"),
           ("from=2020-01-01&to=2025-01-02", 400, "validation_failed"),
           ("from=2026-10-01", 400, "invalid_date"), ("from=2026-02-30&to=2026-03-01", 400,
                                                      "invalid_date"),
           ("unit=000.00.99.H27", 404, "not_found"), ("unit=", 404, "not_found"),
           ("unit=" + "9" * 40, 404, "not_found"), ("format=pdf", 400, "validation_failed")]
    for q, status, code in bad:
        r = s.get(f"/api/v1/reports/scoreboard?{q}")
        t.ok(r.status == status and r.code == code and r.headers["content-type"].startswith(
            "application/problem+json"), f"scoreboard?{q} -> {status} {code}", r)


def xlsx_cells(data):
    """{ref: (type, value)} of the first sheet, shared strings resolved."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = z.read("xl/sharedStrings.xml").decode()
        shared = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    cells = {}
    for m in re.finditer(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet, re.S):
        col, line, attrs, inner = m.group(1), int(m.group(2)), m.group(3), m.group(4) or ""
        typ = re.search(r't="(\w+)"', attrs)
        v = re.search(r"<v>(.*?)</v>", inner)
        if v:
            typ = typ.group(1) if typ else "n"
            cells[(col, line)] = (typ, shared[int(v.group(1))] if typ == "s" else v.group(1))
    return cells


def downloads(s):
    q = "/api/v1/reports/scoreboard?period=2026-03"
    js = s.get(q).json
    r = s.get(q + "&format=csv")
    name = r'attachment; filename="xep-hang-766_000\.00\.00\.H27_2026-03-01_2026-03-31\.csv"'
    t.ok(r.status == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
         and re.search(name, r.headers.get("content-disposition", "")), "CSV answer", r.headers)
    rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8-sig"))))
    head = rows[0]
    t.eq(head[:6], ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Số hồ sơ", "Tổng điểm", "Xếp loại"],
         "CSV: Vietnamese headers")
    t.eq(head[6:], [f"{g['name']} ({g['max']:g} điểm)" for g in js["groups"]],
         "CSV: one column per group, with its points")
    t.eq(len(rows), 1 + len(js["units"]) + 1, "CSV: a row per unit, then the province")
    t.eq([x[1] for x in rows[1:-1]], [u["unit"] for u in js["units"]], "CSV: in the JSON's order")
    first, last = rows[1], rows[-1]
    u = js["units"][0]
    t.eq((int(first[0]), float(first[4]), int(first[3]), first[5] != ""),
         (u["rank"], u["total"], u["dossiers"], True), "CSV: the first row's rank, total, dossiers")
    t.eq([float(v) if v else None for v in first[6:]], [g["score"] for g in u["groups"]],
         "CSV: the first row's group scores (empty for no data)")
    t.eq((last[0], last[1], float(last[4])), ("", js["unit"], js["total"]),
         "CSV: the province's own total last, unranked")
    nodata = rows[-2]
    t.eq((nodata[0], nodata[4], nodata[5]), ("", "", "Không có dữ liệu"),
         "CSV: a unit without data has no rank, no total, and says so")
    r = s.get(q + "&format=xlsx")
    t.ok(r.status == 200 and r.headers["content-type"] ==
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
         and r.raw[:2] == b"PK", "XLSX answer", r.headers)
    cells = xlsx_cells(r.raw)
    t.eq([cells[(c, 1)][1] for c in "ABCDEF"], head[:6], "XLSX: the same headers")
    t.eq((cells[("A", 2)], cells[("B", 2)][1], cells[("E", 2)]),
         (("n", str(u["rank"])), u["unit"], ("n", f"{u['total']:g}")),
         "XLSX: numbers as numbers")
    n = len(js["units"]) + 2
    t.eq((cells[("B", n)][1], float(cells[("E", n)][1])), (js["unit"], js["total"]),
         "XLSX: the province last")


def same_as_index(s, unit, q, label):
    """Every row of the scoreboard equals the index of that unit alone."""
    board = report(s, "scoreboard", unit=unit, **q)
    diff = []
    for u in board["units"]:
        i = report(s, "index", unit=u["unit"], **q)
        want = (i["total"], i["classification"], i["counts"]["population"],
                [(g["id"], g["score"], g["max"]) for g in i["groups"]])
        got = (u["total"], u["classification"], u["dossiers"],
               [(g["id"], g["score"], g["max"]) for g in u["groups"]])
        if got != want:
            diff.append((u["unit"], got, want))
    with_data = [u for u in board["units"] if u["total"] is not None]
    t.ok(not diff and len(with_data) >= 2, f"{label}: every row equals /reports/index of its unit "
         f"({len(with_data)} with data, {len(board['units'])} rows)", diff[:3])
    totals = [u["total"] for u in with_data]
    t.ok(totals == sorted(totals, reverse=True)
         and board["units"][:len(with_data)] == with_data, f"{label}: ranked by total", totals)
    ranks = [u["rank"] for u in with_data]
    competition = all(ranks[k] == (ranks[k - 1] if totals[k] == totals[k - 1] else k + 1)
                      for k in range(1, len(ranks)))
    t.ok(ranks[:1] == [1] and competition, f"{label}: ranks 1, 2, 2, 4 …", ranks)
    merged = sum(u["dossiers"] for u in board["units"])
    t.ok(merged <= board["dossiers"], f"{label}: the rows' dossiers add up within the unit's",
         (merged, board["dossiers"]))


def demo(tmp):
    s = Server(motcua, db=os.path.join(tmp, "demo.db"), t=t,
               extra_args=("--demo", "--demo-dossiers", "400", "--demo-password", DEMO_PASSWORD))
    with s:
        now = report(s, "index")
        t.ok(now["counts"]["population"] > 0, "the demo has dossiers in the last full month",
             now["counts"])
        same_as_index(s, ROOT, {}, "demo, last full month")
        same_as_index(s, ROOT, {"period": now["from"][:4]}, "demo, the year")
        same_as_index(s, ROOT, {"from": now["from"][:8] + "10", "to": now["to"]},
                      "demo, a custom range")


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "board.db"))
    with Server(motcua, db=db, t=t) as s:
        hand_made(s)
        downloads(s)
        limits(s)
    demo(tmp)
sys.exit(t.done())
