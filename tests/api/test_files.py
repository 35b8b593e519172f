"""API tests: dossier files (API.md "Dossiers"; DOMAIN.md R-DIG-1, R-DOS-6, R-AUD-1, R-AUD-2;
docs/attachments.md).

PUT /api/v1/dossiers/{code}/files/{name} takes the raw file as its body;
GET …/files lists, GET …/files/{name} downloads. The server runs with
--upload-max-bytes CAP so that the size cap is tested at its boundary
without 20 MiB bodies."""
import hashlib
import os
import socket
import sqlite3
import sys
import tempfile
import time
import urllib.parse

from harness import (CENTRE, CITIZEN, COMPONENTS, KEY, PROC, Server, demo_clients,
                     prepare_db, run_cli, staff, tap)

motcua = sys.argv[1]
t = tap()
CAP = 64 * 1024

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def sha(data):
    return hashlib.sha256(data).hexdigest()


def pdf_of(size, fill=b"x"):
    return (PDF + fill * size)[:size]


def submit(c):
    body = {"procedure": PROC, "channel": "online", "receiving_unit": CENTRE,
            "applicant": dict(CITIZEN), "components": list(COMPONENTS)}
    r = c.post("/api/v1/dossiers", body)
    assert r.status == 201, r
    return r.json["code"]


def files_path(code, name=None, key=None):
    p = f"/api/v1/dossiers/{code}/files"
    if name is not None:
        p += "/" + name
    return p + (f"?key={key}" if key else "")


def put(c, code, name, data, ctype=None, key=None):
    headers = {"Content-Type": ctype} if ctype else {}
    return c.request("PUT", files_path(code, name, key), raw=data, headers=headers)


def act(c, code, action, body=None):
    return c.post(f"/api/v1/dossiers/{code}/{action}", body or {})


def blob_files(data_dir):
    """Every file under <data_dir>/files, relative paths."""
    out = []
    for root, _, names in os.walk(os.path.join(data_dir, "files")):
        out += [os.path.relpath(os.path.join(root, n), data_dir) for n in names]
    return sorted(out)


def raw_exchange(port, head, body_parts=(), wait_first=False):
    """Sends a request by hand; returns (status, headers, body, first_status_line) or
    None when the server closed the connection without an answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        sock.sendall(head.encode())
        first = None
        if wait_first:
            first = sock.recv(65536)
            if not first.startswith(b"HTTP/1.1 100"):
                return parse_response(first + read_all(sock)) + (first.split(b"\r\n")[0],)
        for part in body_parts:
            sock.sendall(part)
        data = read_all(sock)
    except (ConnectionResetError, BrokenPipeError):
        return None
    finally:
        sock.close()
    if not data:
        return None
    return parse_response(data) + (first.split(b"\r\n")[0] if first else None,)


def read_all(sock):
    chunks = []
    while True:
        try:
            b = sock.recv(65536)
        except ConnectionResetError:
            break
        if not b:
            break
        chunks.append(b)
        data = b"".join(chunks)
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    if len(body) >= int(line.split(b":")[1]):
                        return data
    return b"".join(chunks)


def parse_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.decode().partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


def raw_head(c, code, name, extra):
    lines = [f"PUT {files_path(code, name)} HTTP/1.1", "Host: 127.0.0.1",
             f"Cookie: {c.cookie}", f"X-CSRF-Token: {c.csrf}"] + extra
    return "\r\n".join(lines) + "\r\n\r\n"


def chunked(data, size=8192):
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
             for i in range(0, len(data), size)]
    return parts + [b"0\r\n\r\n"]


def uploads(s, anon, tiepnhan, code):
    r = put(tiepnhan, code, "don-de-nghi.pdf", PDF, "application/pdf")
    t.eq(r.status, 201, "staff upload a PDF -> 201")
    t.eq((r.json["name"], r.json["type"], r.json["size"], r.json["sha256"], r.json["added_by"]),
         ("don-de-nghi.pdf", "application/pdf", len(PDF), sha(PDF), "tiepnhan"),
         "the row: name, type sniffed, size, sha256, who")
    t.eq(r.json["added_at"], "2026-03-02T09:00:00+07:00", "the row: when (the server's now)")
    t.eq(r.headers.get("location"), files_path(code, "don-de-nghi.pdf"), "Location of the file")
    r = put(anon, code, "anh.png", PNG, key=KEY)
    t.ok(r.status == 201 and r.json["type"] == "image/png" and r.json["added_by"] == "applicant",
         "the applicant uploads a PNG with the tracking key (no Content-Type)", r)
    r = put(anon, code, "cccd.jpg", JPEG, "image/jpeg", key=KEY)
    t.ok(r.status == 201 and r.json["type"] == "image/jpeg", "the applicant uploads a JPEG", r)
    r = put(tiepnhan, code, "scan.pdf", PDF + b"scan", "application/octet-stream")
    t.ok(r.status == 201 and r.json["type"] == "application/pdf",
         "application/octet-stream says nothing: the type is sniffed", r)
    before = blob_files(s.db + ".files")
    r = put(tiepnhan, code, "note.pdf", b"just some text, not a PDF\n", "application/pdf")
    t.eq((r.status, r.code), (415, "unsupported_media_type"), "a text file -> 415")
    r = put(tiepnhan, code, "fake.png", PDF, "image/png")
    t.eq((r.status, r.code), (415, "unsupported_media_type"),
         "a Content-Type that contradicts the bytes -> 415")
    r = put(tiepnhan, code, "empty.pdf", b"")
    t.eq((r.status, r.code), (415, "unsupported_media_type"), "an empty body has no type -> 415")
    r = put(anon, code, "x.pdf", PDF)
    t.eq((r.status, r.code), (401, "unauthenticated"), "no sign-in and no key -> 401")
    r = put(anon, code, "x.pdf", PDF, key="0000")
    t.eq((r.status, r.code), (404, "not_found"), "a wrong key -> 404, as for tracking")
    t.eq(blob_files(s.db + ".files"), before, "failed uploads store nothing on disk")


def size_limits(s, tiepnhan, code):
    r = put(tiepnhan, code, "cap.pdf", pdf_of(CAP))
    t.eq((r.status, r.json and r.json.get("size")), (201, CAP), f"exactly the cap ({CAP} bytes) -> 201")
    r = put(tiepnhan, code, "cap1.pdf", pdf_of(CAP + 1))
    t.eq((r.status, r.code), (413, "too_large"), "the cap + 1 byte -> 413 too_large")
    # Expect: 100-continue: the 413 comes before the body is sent.
    res = raw_exchange(s.port, raw_head(tiepnhan, code, "cap1.pdf", [
        f"Content-Length: {CAP + 1}", "Expect: 100-continue"]), [pdf_of(CAP + 1)],
        wait_first=True)
    t.ok(res is not None and res[0] == 413 and res[3].startswith(b"HTTP/1.1 413"),
         "a declared length over the cap -> 413 before any byte of the body", res and res[:2])
    res = raw_exchange(s.port, raw_head(tiepnhan, code, "chunk-cap.pdf", [
        "Transfer-Encoding: chunked"]), chunked(pdf_of(CAP, b"c")))
    t.ok(res is not None and res[0] == 201, "a chunked body of exactly the cap -> 201",
         res and res[:3])
    res = raw_exchange(s.port, raw_head(tiepnhan, code, "chunk-cap1.pdf", [
        "Transfer-Encoding: chunked"]), chunked(pdf_of(CAP + 1, b"c")))
    t.ok(res is not None and res[0] == 413 and b"too_large" in res[2],
         "a chunked body of the cap + 1 -> 413", res and res[:3])
    res = raw_exchange(s.port, raw_head(tiepnhan, code, "chunk-huge.pdf", [
        "Transfer-Encoding: chunked"]), chunked(pdf_of(CAP + 5 * 1024 * 1024, b"h"), 65536))
    t.ok(res is None or res[0] == 413,
         "a chunked body far over the cap: 413 or the connection closed", res and res[:2])
    names = [i["name"] for i in tiepnhan.get(files_path(code) + "?per_page=200").json["items"]]
    t.ok("cap1.pdf" not in names and "chunk-cap1.pdf" not in names and
         "chunk-huge.pdf" not in names and "chunk-cap.pdf" in names,
         "only the uploads within the cap are stored", names)


def names(s, tiepnhan, code):
    n100 = "n" * 96 + ".pdf"
    r = put(tiepnhan, code, n100, PDF)
    t.eq(r.status, 201, "a name of 100 bytes -> 201")
    r = put(tiepnhan, code, "n" + n100, PDF)
    t.eq((r.status, r.code), (400, "validation_failed"), "a name of 101 bytes -> 400")
    for bad, why in ((".hidden", "a leading dot"), ("..", "a parent directory"),
                     (urllib.parse.quote("giấy.pdf"), "non-ASCII letters"),
                     ("a%20b.pdf", "a space"), ("a%22b.pdf", "a quote"), ("a;b.pdf", "a semicolon")):
        r = put(tiepnhan, code, bad, PDF)
        t.eq((r.status, r.code), (400, "validation_failed"), f"a name with {why} -> 400")
    r = put(tiepnhan, code, "a%2Fb.pdf", PDF)
    t.ok(400 <= r.status < 500, "a name with an encoded slash -> 4xx", r)


def dedup_and_replace(s, tiepnhan, code):
    data_dir = s.db + ".files"
    r1 = put(tiepnhan, code, "ban-sao-1.pdf", PDF + b"same")
    r2 = put(tiepnhan, code, "ban-sao-2.pdf", PDF + b"same")
    h = sha(PDF + b"same")
    t.ok(r1.status == 201 and r2.status == 201 and r1.json["sha256"] == r2.json["sha256"] == h,
         "the same bytes under two names: the same sha256", (r1, r2))
    leaf = os.path.join(data_dir, "files", h[:2], h[2:4])
    t.eq(sorted(os.listdir(leaf)), [h], "…stored once, at files/ab/cd/<sha256>, no temporary left")
    with open(os.path.join(leaf, h), "rb") as f:
        t.eq(f.read(), PDF + b"same", "the blob holds the bytes")
    t.ok(all("/.tmp-" not in p for p in blob_files(data_dir)), "no temporary file anywhere")
    r = put(tiepnhan, code, "ban-sao-1.pdf", PDF + b"other")
    t.eq((r.status, r.json["sha256"]), (200, sha(PDF + b"other")), "re-uploading a name replaces its row -> 200")
    t.ok(os.path.exists(os.path.join(leaf, h)), "…and the old blob stays")
    r = tiepnhan.get(files_path(code, "ban-sao-1.pdf"))
    t.eq(r.raw, PDF + b"other", "…and the name now gives the new bytes")


def listing_and_download(s, anon, tiepnhan, other, code):
    r = tiepnhan.get(files_path(code))
    items = r.json["items"] if r.status == 200 else []
    t.ok(r.status == 200 and r.json["total"] == len(items) and len(items) >= 4,
         "staff list the files", r)
    t.eq([i["name"] for i in items], sorted(i["name"] for i in items), "the list is by name")
    t.ok(all(set(i) == {"name", "type", "size", "sha256", "added_by", "added_at"} for i in items),
         "each item: name, type, size, sha256, added_by, added_at")
    r = anon.get(files_path(code, key=KEY))
    t.eq((r.status, r.json and r.json["total"]), (200, len(items)), "the applicant lists with the key")
    t.eq(anon.get(files_path(code, key="1111")).code, "not_found", "list with a wrong key -> 404")
    t.eq(anon.get(files_path(code)).code, "unauthenticated", "list anonymously -> 401")
    t.eq(other.get(files_path(code)).code, "forbidden", "list by another department -> 403")
    r = tiepnhan.get(files_path(code, "don-de-nghi.pdf"))
    t.eq((r.status, r.raw), (200, PDF), "staff download: the bytes")
    t.eq(r.headers.get("content-type"), "application/pdf", "…with its Content-Type")
    t.eq(r.headers.get("content-disposition"), 'attachment; filename="don-de-nghi.pdf"',
         "…as an attachment")
    t.eq(r.headers.get("x-content-type-options"), "nosniff", "…and nosniff")
    t.eq(r.headers.get("content-length"), str(len(PDF)), "…and its length")
    r = anon.get(files_path(code, "anh.png", key=KEY))
    t.eq((r.status, r.raw, r.headers.get("content-type")), (200, PNG, "image/png"),
         "the applicant downloads with the key")
    r = anon.request("HEAD", files_path(code, "cccd.jpg", key=KEY))
    t.eq((r.status, r.raw, r.headers.get("content-length")), (200, b"", str(len(JPEG))),
         "HEAD: the headers without the bytes")
    t.eq(anon.get(files_path(code, "anh.png", key="1111")).code, "not_found",
         "download with a wrong key -> 404")
    t.eq(anon.get(files_path(code, "anh.png")).code, "unauthenticated", "download anonymously -> 401")
    t.eq(other.get(files_path(code, "anh.png")).code, "forbidden",
         "download by another department -> 403")
    t.eq(tiepnhan.get(files_path(code, "missing.pdf")).code, "not_found", "an unknown file -> 404")
    t.eq(tiepnhan.get(files_path(code[:-4] + "9999", "anh.png")).code, "not_found",
         "an unknown dossier -> 404")
    with sqlite3.connect(s.db) as db:
        rows = db.execute("SELECT actor, object, detail FROM audit WHERE action = "
                          "'dossier.file_read'").fetchall()
    t.ok(any(a == "tiepnhan" and o == code and '"name":"don-de-nghi.pdf"' in d
             for a, o, d in rows), "a staff download is in the audit chain (R-AUD-1)", rows)
    with sqlite3.connect(s.db) as db:
        n = db.execute("SELECT count(*) FROM audit WHERE action = 'dossier.attach' AND "
                       "object = ?", (code,)).fetchone()[0]
        m = db.execute("SELECT count(*) FROM outbox WHERE kind = 'attachment' AND dossier = ?",
                       (code,)).fetchone()[0]
    t.ok(n > 0 and n == m, "every upload has its audit record and outbox event", (n, m))


def who_may_upload(s, anon, tiepnhan, chuyenvien, lanhdao, other, thanhtra, code):
    t.eq(put(other, code, "x.pdf", PDF).code, "forbidden", "another department may not upload")
    t.eq(put(thanhtra, code, "x.pdf", PDF).code, "forbidden", "the auditor may not upload")
    t.eq(put(tiepnhan, code[:-4] + "9999", "x.pdf", PDF).code, "not_found",
         "an unknown dossier -> 404")
    items = [c["name"] for c in anon.get(f"/api/v1/procedures/{PROC}").json["components"]]
    code2 = submit(anon)
    r = act(tiepnhan, code2, "request-supplement", {"items": items[1:2]})
    assert r.status == 200, r
    r = put(anon, code2, "bo-sung.pdf", PDF, key=KEY)
    t.eq(r.status, 201, "the applicant uploads while supplement_requested")
    r = act(tiepnhan, code, "receive")
    assert r.status == 200, r
    r = put(anon, code, "late.pdf", PDF, key=KEY)
    t.eq((r.status, r.code), (409, "invalid_transition"),
         "the applicant may not upload once the dossier is received")
    r = act(tiepnhan, code, "forward", {"assignee": "chuyenvien"})
    assert r.status == 200, r
    r = put(chuyenvien, code, "tham-dinh.pdf", PDF + b"review")
    t.eq(r.status, 201, "the step's specialist uploads")
    r = act(chuyenvien, code, "forward", {"assignee": "lanhdao"})
    assert r.status == 200, r
    result = PDF + b"giay chung nhan"
    r = put(lanhdao, code, "ket-qua.pdf", result)
    t.eq(r.status, 201, "the leader uploads the result file")
    r = act(lanhdao, code, "complete", {"result": {"name": "Giấy chứng nhận",
                                                   "file_sha256": sha(b"not uploaded")}})
    t.eq((r.status, r.code), (400, "validation_failed"),
         "complete with the sha256 of no attachment -> 400 (R-DOS-6)")
    t.eq(tiepnhan.get(f"/api/v1/dossiers/{code}").json["status"], "processing",
         "…and the dossier is unchanged")
    r = act(lanhdao, code, "complete", {"result": {"name": "Giấy chứng nhận",
                                                   "file_sha256": sha(result)}})
    t.ok(r.status == 200 and r.json["status"] == "done" and
         r.json["result"]["file_sha256"] == sha(result),
         "complete with the sha256 of an attachment -> done", r)


def per_dossier_limit(s, anon, tiepnhan):
    code = submit(anon)
    for i in range(100):
        r = put(tiepnhan, code, f"f{i:03d}.pdf", PDF)
        if r.status != 201:
            break
    t.eq(r.status, 201, "100 files in one dossier")
    r = put(tiepnhan, code, "f100.pdf", PDF)
    t.eq((r.status, r.code), (409, "conflict"), "the 101st name -> 409")
    t.eq(put(tiepnhan, code, "f000.pdf", PNG).status, 200, "replacing one of the 100 is fine")
    r = tiepnhan.get(files_path(code) + "?per_page=200")
    t.eq((r.json["total"], len(r.json["items"])), (100, 100), "the list holds 100")
    r = tiepnhan.get(files_path(code) + "?per_page=30&page=4")
    t.eq((r.json["total"], [i["name"] for i in r.json["items"]]),
         (100, [f"f{i:03d}.pdf" for i in range(90, 100)]), "paging: the last page")


def hold_upload(s, c, code, i):
    """A raw upload that declares 100 bytes and sends none: it holds a slot."""
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    sock.sendall(raw_head(c, code, f"held{i}.pdf", ["Content-Length: 100"]).encode())
    return sock


def answered(sock):
    """Whether the server answered (or closed) a held upload."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) is not None
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def concurrent_uploads(s, anon, tiepnhan):
    """At most 16 raw bodies in progress: the 17th waits its turn (503)."""
    code = submit(anon)
    held = [hold_upload(s, tiepnhan, code, i) for i in range(16)]
    busy, seen = None, []
    deadline = time.time() + 20
    while time.time() < deadline:
        time.sleep(0.1)
        # A held upload that met one of ours in progress got the 503 itself: hold another.
        for i, sock in enumerate(held):
            if answered(sock):
                sock.close()
                held[i] = hold_upload(s, tiepnhan, code, i)
        r = put(tiepnhan, code, "one-more.pdf", PDF)
        seen.append(r.status)
        if r.status == 503:
            busy = r
            break
    t.ok(busy is not None and busy.code == "busy" and busy.headers.get("retry-after") == "1",
         "a 17th upload in progress -> 503 busy with Retry-After", (busy, seen[:20]))
    for sock in held:
        sock.close()
    ok = False
    deadline = time.time() + 10
    while time.time() < deadline and not ok:
        ok = put(tiepnhan, code, "after.pdf", PDF).status in (200, 201)
        time.sleep(0.05)
    t.ok(ok, "once they end, uploads go on")


with tempfile.TemporaryDirectory() as tmp:
    db = prepare_db(motcua, os.path.join(tmp, "f.db"))
    with Server(motcua, db=db, t=t, extra_args=["--upload-max-bytes", str(CAP)]) as s:
        anon, tiepnhan, chuyenvien, lanhdao, other, thanhtra = demo_clients(s)
        s.set_now("2026-03-02T09:00:00+07:00")
        code = submit(anon)
        t.ok(os.path.isdir(db + ".files/files"), "the data directory defaults to <db>.files")
        uploads(s, anon, tiepnhan, code)
        size_limits(s, tiepnhan, code)
        names(s, tiepnhan, code)
        dedup_and_replace(s, tiepnhan, code)
        listing_and_download(s, anon, tiepnhan, other, code)
        who_may_upload(s, anon, tiepnhan, chuyenvien, lanhdao, other, thanhtra, code)
        per_dossier_limit(s, anon, tiepnhan)
        concurrent_uploads(s, anon, tiepnhan)
    # --data-dir puts the files elsewhere.
    other_dir = os.path.join(tmp, "elsewhere")
    with Server(motcua, db=db, t=t, extra_args=["--data-dir", other_dir]) as s:
        c = staff(s, "tiepnhan")
        r = put(c, code, "moved.pdf", PDF + b"moved")
        h = sha(PDF + b"moved")
        t.ok(r.status == 201 and os.path.exists(os.path.join(other_dir, "files", h[:2], h[2:4], h)),
             "--data-dir DIR keeps the blobs under DIR/files", r)
    r = run_cli(motcua, "serve", "--db", db, "--upload-max-bytes", "0")
    t.ok(r.returncode != 0 and "upload-max-bytes" in r.stderr, "--upload-max-bytes 0 is refused",
         r.stderr)
    r = run_cli(motcua, "serve", "--db", db, "--upload-max-bytes", str(20 * 1024 * 1024 + 1))
    t.ok(r.returncode != 0, "--upload-max-bytes over 20 MiB is refused", r.stderr)
    r = run_cli(motcua, "audit", "verify", "--db", db)
    t.ok(r.returncode == 0 and "intact" in r.stdout, "the audit chain is intact (R-AUD-1)",
         r.stdout + r.stderr)
sys.exit(t.done())
