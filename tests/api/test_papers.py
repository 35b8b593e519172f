"""API tests: the papers as PDF (docs/papers.md; DOMAIN.md §6, R-FORM-1, R-FORM-2,
R-DOS-3 … R-DOS-7; API.md GET /api/v1/dossiers/{code}/papers/{paper}.pdf).

Dossiers are driven through reception, a request to supplement, an apology, a
completion, a stop, a refusal, under the test clock, and each paper is read as
a person would: its text (`pdftotext`, poppler-utils) holds the right
Vietnamese strings and values; its QR code (`zbarimg`, zbar-tools, on a
`pdftoppm -r 150` rendering) decodes to the payload of docs/papers.md and
opens the public tracking page; its first page, rendered at 40 dpi, differs
from the committed reference image of the same template
(tests/data/papers/<paper>.png) in at most TOLERANCE of its pixels.

The inputs and the clock are fixed, so the papers are the same on every run.
After a deliberate change of a template, regenerate the references with

    python3 tests/api/test_papers.py build/main/src/motcua --update-references

and look at them before committing.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.parse
import zlib

from harness import (CENTRE, CITIZEN, COMPONENTS, KEY, PROC, ROOT_DIR, Server, demo_clients,
                     prepare_db, tap)

motcua = sys.argv[1]
UPDATE = "--update-references" in sys.argv[2:]
t = tap()
PUBLIC_URL = "http://motcua.test:8080/"
BASE = PUBLIC_URL.rstrip("/")
REF_DIR = os.path.join(ROOT_DIR, "tests", "data", "papers")
REF_DPI = 40
TOLERANCE = 0.01     # fraction of pixels that may differ
PIXEL_DELTA = 64     # grey levels that count as a difference
SYSTEM = "motcua Hải Phòng"
NAMES = {"receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
         "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
         "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
         "apology": "Văn bản xin lỗi và hẹn lại ngày trả kết quả",
         "stop": "Thông báo dừng giải quyết hồ sơ",
         "control-sheet": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
         "tracking-book": "Sổ theo dõi hồ sơ"}
WORK = tempfile.mkdtemp(prefix="motcua-papers-")


def run(*args):
    return subprocess.run(args, capture_output=True, timeout=120)


def save(name, raw):
    path = os.path.join(WORK, name + ".pdf")
    with open(path, "wb") as f:
        f.write(raw)
    return path


def text_of(path):
    """The PDF's text with runs of white space made one space."""
    out = run("pdftotext", "-q", "-enc", "UTF-8", path, "-").stdout.decode("utf-8")
    return re.sub(r"\s+", " ", out)


def pages_of(path):
    m = re.search(rb"Pages:\s+(\d+)", run("pdfinfo", path).stdout)
    return int(m.group(1)) if m else 0


def fonts_of(path):
    return run("pdffonts", path).stdout.decode()


def qr_of(path):
    """The QR payloads on the first page, rendered at 150 dpi."""
    png = os.path.join(WORK, os.path.basename(path)[:-4] + "-qr")
    run("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", path, png)
    out = run("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png + ".png")
    return out.stdout.decode().split("\n")[0].strip()


def encode(pairs):
    """Form-urlencoding as docs/papers.md says: ':' kept, space as '+'."""
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote_plus, safe=":")


def payload(paper, code, issued, key=KEY, due=None):
    """The documented payload of a dossier's paper."""
    query = [("code", code)] + ([("key", key)] if key else [])
    frag = [("paper", paper), ("name", NAMES[paper]), ("procedure", PROC),
            ("applicant", CITIZEN["id_number"]), ("system", SYSTEM), ("issued", issued)]
    if due:
        frag.append(("due", due))
    return f"{BASE}/tra-cuu?{encode(query)}#{encode(frag)}"


# --- PNG (8-bit grey or RGB, as pdftoppm writes) read without a library ---
def png_read(path):
    """(width, height, rows of grey levels)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, width, height, bpp = 8, b"", 0, 0, 1
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (0, 2) and not interlace, "8-bit grey or RGB"
            bpp = 1 if color == 0 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw, rows, stride = zlib.decompress(idat), [], width * bpp
    prev = bytearray(stride)
    for y in range(height):
        base = y * (stride + 1)
        f, line = raw[base], bytearray(raw[base + 1:base + 1 + stride])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 1 else
                    bytes(sum(line[i:i + 3]) // 3 for i in range(0, stride, 3)))
        prev = line
    return width, height, rows


def render_low(path, out):
    run("pdftoppm", "-r", str(REF_DPI), "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
        path, out[:-4])
    return out


def compare_reference(paper, path):
    """The first page against tests/data/papers/<paper>.png."""
    ref = os.path.join(REF_DIR, paper + ".png")
    if "LiberationSans" not in fonts_of(path):
        t.ok(True, f"{paper}: reference image # SKIP the references are drawn in Liberation "
                   "Sans, not installed here")
        return
    if UPDATE:
        os.makedirs(REF_DIR, exist_ok=True)
        render_low(path, ref)
        print(f"# wrote {os.path.relpath(ref, ROOT_DIR)}")
    if not os.path.exists(ref):
        t.ok(False, f"{paper}: reference image exists", f"run: {__doc__.strip().splitlines()[-3]}")
        return
    got = png_read(render_low(path, os.path.join(WORK, paper + "-low.png")))
    want = png_read(ref)
    if got[:2] != want[:2]:
        t.ok(False, f"{paper}: page size matches the reference", f"{got[:2]} != {want[:2]}")
        return
    differ = sum(1 for ra, rb in zip(got[2], want[2]) for a, b in zip(ra, rb)
                 if abs(a - b) > PIXEL_DELTA)
    share = differ / (got[0] * got[1])
    t.ok(share <= TOLERANCE, f"{paper}: the page looks like its reference "
         f"({share:.4%} of pixels differ, at most {TOLERANCE:.0%})")


def paper_get(c, code, paper, key=None):
    return c.get(f"/api/v1/dossiers/{code}/papers/{paper}.pdf" + (f"?key={key}" if key else ""))


def check_pdf(r, code, paper, what):
    t.ok(r.status == 200 and r.headers.get("content-type") == "application/pdf"
         and r.raw.startswith(b"%PDF-"), f"{what}: 200 application/pdf", r)
    t.eq(r.headers.get("content-disposition"), f'inline; filename="{code}-{paper}.pdf"',
         f"{what}: Content-Disposition inline with the file name")
    return save(f"{paper}-{code}", r.raw)


def has_all(text, strings, what):
    missing = [s for s in strings if s not in text]
    t.ok(not missing, f"{what}: the text holds {len(strings)} expected strings",
         f"missing: {missing}\ntext: {text[:1500]}")


def act(c, code, action, body=None):
    r = c.post(f"/api/v1/dossiers/{code}/{action}", body or {})
    assert r.status == 200, (action, r)
    return r


def submit(c, **over):
    body = {"procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
            "applicant": dict(CITIZEN), "components": list(COMPONENTS)}
    body.update(over)
    r = c.post("/api/v1/dossiers", body)
    assert r.status == 201, r
    return r.json["code"]


def lifecycle(s, anon, tiepnhan, chuyenvien, lanhdao, thanhtra, items):
    """Receipt, supplement, apology and control sheet of one dossier."""
    s.set_now("2026-03-02T09:00:00+07:00")
    code = submit(anon)
    act(tiepnhan, code, "receive")
    act(tiepnhan, code, "forward", {"assignee": "chuyenvien"})
    # Form 01 by staff and by the applicant: the same paper.
    r = paper_get(tiepnhan, code, "receipt")
    path = check_pdf(r, code, "receipt", "receipt (staff)")
    r2 = paper_get(anon, code, "receipt", KEY)
    t.ok(r2.status == 200 and r2.raw == r.raw,
         "the applicant's receipt (key) is the same paper, byte for byte", r2)
    text = text_of(path)
    has_all(text, ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {code}",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Hải Phòng, ngày 02 tháng 03 năm 2026", "Mẫu số 01",
                   "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH", "Nguyễn Văn An", "031090001234",
                   "0912 345 678", "Đăng ký thành lập doanh nghiệp tư nhân", "2.001610",
                   "Giấy đề nghị đăng ký doanh nghiệp", "03 ngày làm việc",
                   "09 giờ 00 phút, ngày 02/03/2026", "17 giờ 00 phút, ngày 05/03/2026",
                   "NGƯỜI TIẾP NHẬN HỒ SƠ", "Nguyễn Thị Lan", f"{BASE}/tra-cuu", "5678"],
            "receipt")
    fonts = fonts_of(path)
    t.ok(all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts.splitlines()[2:])
         and "DejaVu" not in fonts and ("LiberationSans" in fonts or "NotoSans" in fonts),
         "the fonts are embedded (subset, with Unicode maps), Liberation or Noto Sans", fonts)
    want = payload("receipt", code, "2026-03-02T09:00:00+07:00",
                   due="2026-03-05T17:00:00+07:00")
    got = qr_of(path)
    t.eq(got, want, "receipt: the QR decodes to the documented payload (with the appointment)")
    u = urllib.parse.urlsplit(got)
    q, frag = urllib.parse.parse_qs(u.query), urllib.parse.parse_qs(u.fragment)
    t.ok(frag.get("name") == [NAMES["receipt"]] and frag.get("system") == [SYSTEM]
         and frag.get("applicant") == ["031090001234"], "receipt: the QR's fields decode", frag)
    # The QR opens the public tracking page, and its code and key track the dossier.
    # (The page itself is the web UI's: HTML, or its HTML 404 page while not built in.)
    with open(os.path.join(ROOT_DIR, "src", "app", "routes.c"), encoding="utf-8") as f:
        routed = '{HTTP_GET, "/tra-cuu", api_page, PUB' in f.read()
    page = s.get(u.path + "?" + u.query, headers={"Accept": "text/html"})
    t.ok(u.path == "/tra-cuu" and routed and page.status in (200, 404)
         and page.headers.get("content-type", "").startswith("text/html"),
         "the QR's URL is the public tracking page (/tra-cuu, a public page route)", page)
    r = anon.get(f"/api/v1/track/{q['code'][0]}?key={q['key'][0]}")
    t.ok(r.status == 200 and r.json["code"] == code, "the QR's code and key track the dossier", r)
    compare_reference("receipt", path)

    # Form 02 in processing: every missing item, the reason, the pause.
    s.set_now("2026-03-02T14:00:00+07:00")
    act(chuyenvien, code, "request-supplement",
        {"items": items, "reason": "Bản sao giấy tờ pháp lý chưa được chứng thực"})
    r = paper_get(anon, code, "supplement", KEY)
    path = check_pdf(r, code, "supplement", "supplement (applicant)")
    has_all(text_of(path), ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", code, "Kính gửi: Nguyễn Văn An",
                            "SỞ TÀI CHÍNH", "Sở Tài chính đề nghị", *items,
                            "Lý do: Bản sao giấy tờ pháp lý chưa được chứng thực",
                            "14 giờ 00 phút, ngày 02/03/2026", "tạm dừng", "Trần Văn Minh"],
            "supplement")
    t.eq(qr_of(path), payload("supplement", code, "2026-03-02T14:00:00+07:00"),
         "supplement: the QR decodes to the documented payload")
    compare_reference("supplement", path)

    s.set_now("2026-03-03T10:00:00+07:00")
    act(anon, code, "supplement", {"components": items, "tracking_key": KEY})
    t.eq(paper_get(tiepnhan, code, "apology").code, "not_found",
         "no apology before a re-appointment -> 404")
    act(chuyenvien, code, "forward", {"assignee": "lanhdao"})
    s.set_now("2026-03-05T15:00:00+07:00")
    r = act(lanhdao, code, "apologize", {"reason": "Cần xác minh thêm thông tin với cơ quan thuế",
                                         "new_due": "2026-03-12T17:00:00+07:00"})
    old_due = r.json["original_due_at"]
    old = f"{old_due[8:10]}/{old_due[5:7]}/{old_due[:4]}"
    r = paper_get(lanhdao, code, "apology")
    path = check_pdf(r, code, "apology", "apology (leader)")
    has_all(text_of(path), ["VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", code,
                            "Cần xác minh thêm thông tin với cơ quan thuế",
                            f"ngày {old}", "17 giờ 00 phút, ngày 12/03/2026", "xin lỗi Ông/Bà",
                            "THỦ TRƯỞNG CƠ QUAN", "Phạm Quốc Hùng", "SỞ TÀI CHÍNH",
                            "Hải Phòng, ngày 05 tháng 03 năm 2026"], "apology")
    t.eq(qr_of(path), payload("apology", code, "2026-03-05T15:00:00+07:00"),
         "apology: the QR decodes to the documented payload")
    compare_reference("apology", path)

    s.set_now("2026-03-10T10:00:00+07:00")
    act(lanhdao, code, "complete", {"result": {"name": "Giấy chứng nhận đăng ký doanh nghiệp"}})
    act(tiepnhan, code, "return", {"method": "counter"})
    for paper, why in (("refusal", "not refused"), ("stop", "not stopped")):
        r = paper_get(tiepnhan, code, paper)
        t.ok(r.status == 404 and r.code == "not_found" and why in r.json["detail"],
             f"{paper} of a dossier {why} -> 404 with the reason", r)

    # Form 06: every hand-over, with units, people, times and verdicts.
    s.set_now("2026-03-11T08:00:00+07:00")
    r = paper_get(thanhtra, code, "control-sheet")
    path = check_pdf(r, code, "control-sheet", "control sheet (auditor)")
    has_all(text_of(path), ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", code,
                            "Tiếp nhận, kiểm tra hồ sơ", "Phòng Đăng ký kinh doanh",
                            "Nguyễn Thị Lan → Trần Văn Minh", "Phạm Quốc Hùng",
                            "02/03/2026", "Đã trả kết quả", "Hải Phòng, ngày 11 tháng 03 năm 2026"],
            "control sheet")
    t.ok(re.search(r"Trước hạn|Đúng hạn|Quá hạn", text_of(path)), "control sheet: verdicts")
    t.eq(qr_of(path), payload("control-sheet", code, "2026-03-11T08:00:00+07:00", key=None),
         "control sheet: the QR has no tracking key (the sheet stays with staff)")
    compare_reference("control-sheet", path)
    return code


def stop_and_refusal(s, anon, tiepnhan, chuyenvien):
    s.set_now("2026-03-16T09:00:00+07:00")
    code = submit(tiepnhan, channel="counter", receive=True)
    act(tiepnhan, code, "forward", {"assignee": "chuyenvien"})
    s.set_now("2026-03-17T10:30:00+07:00")
    act(chuyenvien, code, "stop", {"reason": "Hồ sơ không đủ điều kiện theo quy định"})
    r = paper_get(anon, code, "stop", KEY)
    path = check_pdf(r, code, "stop", "stop notice (applicant)")
    has_all(text_of(path), ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", code, "Kính gửi: Nguyễn Văn An",
                            "Hồ sơ không đủ điều kiện theo quy định",
                            "10 giờ 30 phút, ngày 17/03/2026", "Trần Văn Minh", "SỞ TÀI CHÍNH"],
            "stop")
    t.eq(qr_of(path), payload("stop", code, "2026-03-17T10:30:00+07:00"),
         "stop: the QR decodes to the documented payload")
    compare_reference("stop", path)
    r = paper_get(tiepnhan, code, "apology")
    t.ok(r.status == 404 and "never re-appointed" in r.json["detail"],
         "apology of a dossier never re-appointed -> 404", r)

    s.set_now("2026-03-23T09:15:00+07:00")
    code = submit(anon)
    act(tiepnhan, code, "refuse", {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết của Trung tâm"})
    r = paper_get(tiepnhan, code, "refusal")
    path = check_pdf(r, code, "refusal", "refusal (receiver)")
    has_all(text_of(path), ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", code,
                            "Hồ sơ không thuộc thẩm quyền giải quyết của Trung tâm",
                            "Ngày 23/03/2026", "nộp trực tuyến", "Nguyễn Thị Lan",
                            "09 giờ 15 phút, ngày 23/03/2026"], "refusal")
    t.eq(qr_of(path), payload("refusal", code, "2026-03-23T09:15:00+07:00"),
         "refusal: the QR decodes to the documented payload")
    compare_reference("refusal", path)
    for paper in ("receipt", "control-sheet", "supplement"):
        r = paper_get(tiepnhan, code, paper)
        t.eq((r.status, r.code), (404, "not_found"), f"{paper} of a refused dossier -> 404")
    return code


def reception_supplement(s, anon, tiepnhan, items):
    """R-DOS-3: one guidance at reception lists every missing item."""
    s.set_now("2026-03-24T08:00:00+07:00")
    code = submit(anon, components=[])
    act(tiepnhan, code, "request-supplement", {"items": COMPONENTS + items})
    r = paper_get(anon, code, "supplement", KEY)
    path = check_pdf(r, code, "supplement", "supplement at reception")
    has_all(text_of(path), [*COMPONENTS, *items, "chưa được tiếp nhận", "Nguyễn Thị Lan",
                            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH"], "supplement at reception")
    t.eq(paper_get(anon, code, "receipt", KEY).code, "not_found",
         "no receipt before reception -> 404")


def access(s, anon, tiepnhan, cvkhac, thanhtra, code):
    t.eq(paper_get(anon, code, "receipt").status, 401, "anonymous without a key -> 401")
    r = paper_get(anon, code, "receipt", "0000")
    t.eq((r.status, r.code), (404, "not_found"), "a wrong key looks like an unknown dossier")
    t.eq(paper_get(cvkhac, code, "receipt").code, "forbidden", "another department -> 403")
    t.eq(paper_get(thanhtra, code, "receipt").status, 200, "the auditor reads the papers")
    r = paper_get(anon, code, "control-sheet", KEY)
    t.eq((r.status, r.code), (403, "forbidden"), "the control sheet is for staff, not the key")
    r = paper_get(tiepnhan, code, "tracking-book")
    t.eq((r.status, r.code), (404, "not_found"), "the tracking book is not a dossier's paper")
    t.eq(paper_get(tiepnhan, code, "letter").code, "not_found", "an unknown paper -> 404")
    t.eq(tiepnhan.get(f"/api/v1/dossiers/{code}/papers/receipt.txt").code, "not_found",
         "only .pdf")
    t.eq(tiepnhan.get(f"/api/v1/dossiers/{code}/papers/.pdf").code, "not_found",
         "an empty paper name does not match the route")
    t.eq(paper_get(tiepnhan, CENTRE + "-260302-9999", "receipt").code, "not_found",
         "an unknown dossier -> 404")


def tracking_book(s, anon, tiepnhan, chuyenvien, thanhtra, codes):
    # Enough dossiers for the book to run over pages.
    s.set_now("2026-03-25T09:00:00+07:00")
    for _ in range(40):
        codes.append(submit(tiepnhan, channel="counter", receive=True))
    s.set_now("2026-03-31T16:00:00+07:00")
    url = f"/api/v1/reports/tracking-book.pdf?unit={CENTRE}&from=2026-03-01&to=2026-03-31"
    r = tiepnhan.get(url)
    t.ok(r.status == 200 and r.headers.get("content-type") == "application/pdf",
         "tracking book: 200 application/pdf", r)
    t.eq(r.headers.get("content-disposition"),
         f'inline; filename="tracking-book-{CENTRE}-2026-03-01-2026-03-31.pdf"',
         "tracking book: its file name")
    path = save("tracking-book", r.raw)
    text = text_of(path)
    has_all(text, ["SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/03/2026 đến ngày 31/03/2026", "Mẫu số 07",
                   f"Tổng số: {len(codes)} hồ sơ", "Đăng ký thành lập doanh nghiệp tư",
                   "Nguyễn Văn An", "Đã trả kết quả", "Dừng giải quyết"], "tracking book")
    flat = text.replace(" ", "").replace("-", "")
    t.ok(all(c.replace("-", "") in flat for c in codes), "tracking book: every received dossier")
    t.ok(pages_of(path) >= 3, f"tracking book: {pages_of(path)} pages, the header on each")
    got = qr_of(path)
    t.eq(got, f"{BASE}/api/v1/reports/tracking-book.pdf?" + encode(
        [("unit", CENTRE), ("from", "2026-03-01"), ("to", "2026-03-31")]) + "#" + encode(
        [("paper", "tracking-book"), ("name", NAMES["tracking-book"]), ("system", SYSTEM),
         ("issued", "2026-03-31T16:00:00+07:00")]), "tracking book: the QR payload")
    compare_reference("tracking-book", path)
    t.eq(thanhtra.get(url).status, 200, "the auditor prints the book")
    t.eq(chuyenvien.get(url).code, "forbidden", "staff of another unit -> 403")
    t.eq(anon.get(url).status, 401, "anonymous -> 401")
    bad = [("unit=x&from=2026-03-01&to=2026-03-31", "validation_failed", "a bad unit code"),
           (f"unit={CENTRE}&from=2026-3-1&to=2026-03-31", "invalid_date", "a bad date"),
           (f"unit={CENTRE}&from=2026-03-31&to=2026-03-01", "out_of_range", "from after to"),
           (f"unit={CENTRE}&from=2025-01-01&to=2026-03-01", "out_of_range", "over 366 days"),
           ("unit=000.00.99.H27&from=2026-03-01&to=2026-03-31", "not_found", "an unknown unit")]
    for query, code, what in bad:
        r = tiepnhan.get("/api/v1/reports/tracking-book.pdf?" + query)
        t.eq(r.code, code, f"tracking book: {what} -> {code}")


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "papers.db"))
    with Server(motcua, db=db, extra_args=["--public-url", PUBLIC_URL], t=t) as s:
        anon, tiepnhan, chuyenvien, lanhdao, cvkhac, thanhtra_client = demo_clients(s)
        proc_items = [c["name"] for c in anon.get(f"/api/v1/procedures/{PROC}").json["components"]]
        extra = [i for i in proc_items if i not in COMPONENTS]
        first = lifecycle(s, anon, tiepnhan, chuyenvien, lanhdao, thanhtra_client, proc_items)
        stopped_refused = stop_and_refusal(s, anon, tiepnhan, chuyenvien)
        reception_supplement(s, anon, tiepnhan, extra)
        access(s, anon, tiepnhan, cvkhac, thanhtra_client, first)
        book_codes = [first, f"{CENTRE}-260316-0001"]
        tracking_book(s, anon, tiepnhan, chuyenvien, thanhtra_client, book_codes)
    r = run(motcua, "serve", "--public-url", "ftp://x", "--db", os.path.join(tmp, "x.db"))
    t.ok(r.returncode != 0 and b"--public-url" in r.stderr, "serve refuses a bad --public-url")
shutil.rmtree(WORK, ignore_errors=True)
sys.exit(t.done())
