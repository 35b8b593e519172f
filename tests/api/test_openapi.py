"""The OpenAPI document (docs/openapi.json, API.md "Conventions").

- every route of src/app/routes.c is documented and every documented
  operation is served: the document's paths are matched against the route
  table the way src/http/router.c matches a request (first pattern in order,
  "{x}" takes one whole segment), so a documented concrete path such as
  /api/v1/dossiers/{code}/receive must reach the route that serves it;
- the route flags agree with the document: public routes need no sign-in
  (`security: []`, or `{}` among the alternatives when signing in changes the
  answer), JSON bodies are documented as JSON, raw uploads are not, cookie
  writes name the X-CSRF-Token header;
- every problem `code` the document names exists in src/core/err.h;
- `GET /openapi.json` from a running server is the same document;
- `redocly lint` (scripts/npm.sh installs @redocly/cli; rules in redocly.yaml)
  finds no problem at all.
"""
import json
import os
import re
import subprocess
import sys

from harness import ROOT_DIR, Server, tap

motcua = sys.argv[1]
ROOT = os.path.abspath(ROOT_DIR)
DOC_PATH = os.path.join(ROOT, "docs", "openapi.json")
METHODS = ("get", "post", "put", "delete")
PARAM = "\x01"  # stands for a documented path parameter: equals no literal character
t = tap()


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def parse_routes():
    """[(method, pattern, handler, flags)] of http_routes[], in match order."""
    text = read("src/app/routes.c")
    table = text[text.index("http_routes[] = {"):]
    table = table[:table.index("\n};")]
    table = re.sub(r"/\*.*?\*/", "", table, flags=re.S)
    routes = []
    for m in re.finditer(r'\{HTTP_(GET|POST|PUT|DELETE),\s*"([^"]+)",\s*(\w+),\s*([^,]+),',
                         table):
        flags = {f.strip() for f in m.group(4).split("|")}
        flags = {"ROUTE_PUBLIC" if f == "PUB" else f for f in flags} - {"0"}
        routes.append((m.group(1).lower(), m.group(2), m.group(3), flags))
    return routes


def router_match(pattern, path):
    """src/http/router.c match(): "{x}" takes one non-empty segment; "{x}.pdf"
    one that ends with ".pdf", the rest of its segment left to match."""
    p = s = 0
    while p < len(pattern) and s < len(path):
        if pattern[p] == "{":
            end = path.find("/", s)
            seg = (end if end >= 0 else len(path)) - s
            close = pattern.find("}", p)
            if close < 0:
                return False
            slash = pattern.find("/", close)
            suffix = pattern[close + 1:slash if slash >= 0 else len(pattern)]
            if suffix:
                if seg <= len(suffix) or not path[s:s + seg].endswith(suffix):
                    return False
                seg -= len(suffix)
            if seg == 0:
                return False
            s += seg
            p = close + 1
            continue
        if pattern[p] != path[s]:
            return False
        p += 1
        s += 1
    return p == len(pattern) and s == len(path)


def route_for(routes, method, doc_path):
    """The index of the route the router picks for a documented path, or None."""
    path = re.sub(r"\{[^}/]+\}", lambda m: PARAM + m.group(0)[1:-1], doc_path)
    for i, (m, pattern, _, _) in enumerate(routes):
        if router_match(pattern, path) and m == method:
            return i
    return None


def error_codes():
    codes = set(re.findall(r'X\(ERR_\w+,\s*-\d+,\s*"([a-z_]+)"', read("src/core/err.h")))
    return codes | {"internal_error"}


with open(DOC_PATH, "rb") as f:
    doc_bytes = f.read()
doc = json.loads(doc_bytes)
t.ok(doc.get("openapi", "").startswith("3.1."), "the document is OpenAPI 3.1")
version = re.search(r"version:\s*'([^']+)'", read("meson.build")).group(1)
t.eq(doc["info"].get("version"), version, "info.version is the project's version")
t.ok(doc["info"].get("title") and "Tóm tắt" in doc["info"].get("description", ""),
     "info has a title and a description with a Vietnamese summary")
schemes = doc["components"]["securitySchemes"]
t.ok(schemes.get("session", {}).get("in") == "cookie"
     and schemes.get("csrf", {}).get("name") == "X-CSRF-Token"
     and schemes.get("bearer", {}).get("scheme") == "bearer",
     "security schemes: session cookie, X-CSRF-Token header, bearer token")

# Routes <-> document.
routes = parse_routes()
t.ok(len(routes) >= 30, f"routes.c parsed: {len(routes)} routes")
covered = {}
ops = [(path, method, o) for path, item in doc["paths"].items()
       for method, o in item.items() if method in METHODS]
unserved = []
for path, method, o in ops:
    i = route_for(routes, method, path)
    if i is None:
        unserved.append(f"{method.upper()} {path}")
    else:
        covered.setdefault(i, []).append((path, method, o))
t.ok(not unserved, "every documented operation is served by a route", "\n".join(unserved))
for i, (method, pattern, handler, flags) in enumerate(routes):
    t.ok(i in covered, f"{method.upper()} {pattern} ({handler}) is documented")
extra = [f"{m.upper()} {p}" for p, item in doc["paths"].items() for m in item
         if m not in METHODS + ("parameters", "summary", "description")]
t.ok(not extra, "the document has no method the server does not route", "\n".join(extra))

# Flags <-> document.
known = error_codes()
for i, docs in sorted(covered.items()):
    method, pattern, _, flags = routes[i]
    public = "ROUTE_PUBLIC" in flags
    for path, m, o in docs:
        name = f"{m.upper()} {path}"
        sec = o.get("security", doc.get("security", []))
        anonymous = sec == [] or {} in sec
        if public and len(docs) > 1 and not anonymous:
            # One public route, several operations ({action}): the handler lets the
            # applicant do some of them; the others need a sign-in.
            t.ok(any(x.get("security") == [] or {} in x.get("security", [])
                     for _, _, x in docs), f"{name}: staff only on a route that is public "
                 f"for other operations ({pattern})")
        else:
            t.ok(anonymous == public,
                 f"{name}: {'public' if public else 'sign-in required'} as the route says",
                 f"security {sec}")
        for alt in sec:
            if "session" in alt and m != "get":
                t.ok("csrf" in alt, f"{name}: the cookie alternative names X-CSRF-Token")
        body = o.get("requestBody")
        if "ROUTE_JSON" in flags:
            t.ok(body is not None and body.get("required") is True
                 and "application/json" in body.get("content", {}),
                 f"{name}: a required JSON body")
        elif "ROUTE_RAW" in flags:
            t.ok(body is not None and "application/json" not in body.get("content", {}),
                 f"{name}: a raw body")
        else:
            t.ok(body is None, f"{name}: no body")
        bad, problems = [], 0
        for status, resp in o["responses"].items():
            if "$ref" in resp:
                resp = doc["components"]["responses"][resp["$ref"].rsplit("/", 1)[1]]
            if not status.startswith(("4", "5")):
                continue
            schema = resp.get("content", {}).get("application/problem+json", {}).get("schema")
            codes = (schema or {}).get("properties", {}).get("code", {}).get("enum")
            if not codes:
                bad.append(f"{status}: no problem+json code enum")
                continue
            problems += 1
            bad += [f"{status}: unknown code {c}" for c in codes if c not in known]
        t.ok(not bad and problems > 0 and "401" in o["responses"],
             f"{name}: problem+json errors with codes of err.h", "\n".join(bad))

# The server serves the same document.
with Server(motcua, t=t) as s:
    r = s.get("/openapi.json")
    t.eq(r.status, 200, "GET /openapi.json -> 200")
    t.eq(r.headers.get("content-type"), "application/json", "… as application/json")
    t.ok(r.raw == doc_bytes, "… byte for byte docs/openapi.json")
    r = s.get("/openapi.json", headers={"Authorization": "Bearer mct_unknown"})
    t.eq((r.status, r.code), (401, "unauthenticated"),
         "an unknown bearer token -> 401 even on a public route (documented)")

# The independent linter.
redocly = os.path.join(ROOT, "node_modules", ".bin", "redocly")
if t.ok(os.access(redocly, os.X_OK), "@redocly/cli is installed (scripts/npm.sh)"):
    env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true",
               NO_COLOR="1")
    r = subprocess.run([redocly, "lint", "docs/openapi.json", "--config", "redocly.yaml",
                        "--format", "json"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        report = {"totals": {}, "problems": []}
    totals = report.get("totals", {})
    lines = [f"{p.get('severity')} {p.get('ruleId')}: {p.get('message')} at "
             f"{[loc.get('pointer') for loc in p.get('location', [])]}"
             for p in report.get("problems", [])]
    t.ok(r.returncode == 0 and totals.get("errors") == 0 and totals.get("warnings") == 0,
         f"redocly lint: {totals.get('errors')} errors, {totals.get('warnings')} warnings",
         "\n".join(lines[:40]) or r.stderr[-2000:])
sys.exit(t.done())
