#!/usr/bin/env python3
"""bench/run.py: the benchmark suite of issue 6 (make bench; docs/bench.md).

    python3 bench/run.py [BUILD_DIR] [PART ...]

BUILD_DIR (default build/bench) holds a release build with src/motcua and
the programs of bench/ built (the Makefile's bench target does that). PARTs
(default: all) choose what runs:

    ceilings   the HTTP, durable-write and storage ceilings
    online counter lifecycle track catalog reports mixed
               the wrk workloads against `motcua serve` on the large database
    scale      online, counter and track again on the small database
    core       core_bench (the pure core, one thread)
    report     report_bench on the large database

Environment: BENCH_SECONDS (each wrk run, default 10), BENCH_DOSSIERS (the
large database, default 1000000), BENCH_SMALL (default 10000),
BENCH_CONNECTIONS (64), BENCH_THREADS (wrk threads, 2), BENCH_POOL (dossiers
for the lifecycle workload, default 6000 per second of run), BENCH_REGEN=1
(generate the databases again even when cached), BENCH_ONLY (PARTs,
comma-separated, instead of the arguments).

The generated databases are cached under BUILD_DIR/bench-data, keyed by
their size and the content of the generator (bench/bulk_gen.c and
src/app/demo_data.c); every run works on a copy.
The results are printed and written to bench/results/latest.md.
"""
import datetime
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRK_DIR = os.path.join(ROOT, "bench", "wrk")
RESULTS = os.path.join(ROOT, "bench", "results", "latest.md")
PASSWORD = "mật khẩu demo 2026"  # bulk_gen's default, the API tests' demo password
RECEIVER, LEADER = "canbo.tiepnhan", "canbo.lanhdao"
GENERATOR = ("bench/bulk_gen.c", "src/app/demo_data.c")  # the code of the cached databases
WORKLOADS = ("online", "counter", "lifecycle", "track", "catalog", "reports", "mixed")
PARTS = ("ceilings",) + WORKLOADS + ("scale", "core", "report")


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


SECONDS = env_int("BENCH_SECONDS", 10)
DOSSIERS = env_int("BENCH_DOSSIERS", 1000000)
SMALL = env_int("BENCH_SMALL", 10000)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 64)
THREADS = env_int("BENCH_THREADS", 2)
POOL = env_int("BENCH_POOL", 6000 * SECONDS)
REGEN = os.environ.get("BENCH_REGEN", "") not in ("", "0")


def say(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the machine

def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    with open("/proc/sys/kernel/osrelease") as f:
        kernel = f.read().strip()
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return {"cpu": model, "cores": os.cpu_count(), "ram_gb": mem_kb / 1048576,
            "kernel": kernel, "load": load}


def git(*args):
    r = subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def revision():
    rev = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return rev + (" (with uncommitted changes)" if git("status", "--porcelain", "--", "src",
                                                       "bench") else "")


# ---------------------------------------------------------------- processes

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    raw = r.read()
    out = (r.status, {k.lower(): v for k, v in r.getheaders()}, raw)
    conn.close()
    return out


def wait_listening(port, proc, path="/", deadline_s=120):
    """Milliseconds until the first answer on path (any status), or raises."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < deadline_s:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with status {proc.returncode}")
        try:
            status, _, _ = call(port, "GET", path, timeout=5)
            if path != "/healthz" or status == 200:
                return (time.monotonic() - t0) * 1000
        except OSError:
            pass
        time.sleep(0.001)
    raise RuntimeError(f"{proc.args[0]} did not answer within {deadline_s} s")


def vm_hwm_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


class Server:
    """A program listening on a free loopback port: motcua serve or a ceiling."""

    def __init__(self, argv, health="/", log=None):
        self.port = free_port()
        self.argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.health = health
        self.log = open(log or os.devnull, "w")

    def __enter__(self):
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdout=self.log, stderr=self.log)
        wait_listening(self.port, self.proc, self.health)
        self.startup_ms = (time.monotonic() - t0) * 1000
        return self

    def __exit__(self, *exc):
        self.status = stop(self.proc)
        self.log.close()

    def rss_mb(self):
        return vm_hwm_mb(self.proc.pid)


def wrk(script, port, data_dir, connections=CONNECTIONS, env=None):
    threads = min(THREADS, connections)
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{SECONDS}s", "--latency",
            "--timeout", "10s", "-s", os.path.join(WRK_DIR, script),
            f"http://127.0.0.1:{port}", "--", data_dir, str(threads)]
    r = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **(env or {})})
    m = re.search(r"^BENCH (\{.*\})$", r.stdout, re.M)
    if r.returncode != 0 or not m:
        raise RuntimeError(f"wrk {script}: status {r.returncode}\n{r.stdout}\n{r.stderr}")
    out = json.loads(m.group(1))
    out["errors"] = sum(out[k] for k in ("errors_status", "errors_connect", "errors_read",
                                         "errors_write", "errors_timeout"))
    return out


# ---------------------------------------------------------------- databases

class Bench:
    def __init__(self, build):
        self.build = os.path.abspath(build)
        self.motcua = os.path.join(self.build, "src", "motcua")
        self.prog = lambda name: os.path.join(self.build, "bench", name)
        self.data = os.path.join(self.build, "bench-data")
        os.makedirs(self.data, exist_ok=True)
        self.rows = []       # the main table
        self.notes = []      # lines under it
        self.sections = []   # further tables (bulk generation, core, reports)
        self.results = {}    # measure name -> wrk result
        self.startups = []
        self.rss = []

    def generator_key(self):
        h = hashlib.sha1()
        for path in GENERATOR:
            with open(os.path.join(ROOT, path), "rb") as f:
                h.update(f.read())
        return h.hexdigest()[:10]

    def cached_db(self, n):
        """The generated database of n dossiers (generating it when needed); its summary."""
        key = self.generator_key()
        path = os.path.join(self.data, f"dossiers-{n}-{key}.db")
        summary = path + ".md"
        fresh = REGEN or not (os.path.exists(path) and os.path.exists(summary))
        if fresh:
            for old in os.listdir(self.data):
                if old.startswith(f"dossiers-{n}-"):
                    p = os.path.join(self.data, old)
                    shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
            say(f"generating {n} dossiers into {path} (bulk_gen; cached for later runs)")
            with open(summary + ".tmp", "w") as out:
                r = subprocess.run([self.prog("bulk_gen"), path, "-n", str(n)], stdout=out)
            if r.returncode != 0:
                raise RuntimeError(f"bulk_gen -n {n} failed")
            os.replace(summary + ".tmp", summary)
        else:
            say(f"reusing {path} (BENCH_REGEN=1 generates it again)")
        with open(summary) as f:
            text = f.read()
        if not fresh:
            made = datetime.datetime.fromtimestamp(os.path.getmtime(summary))
            text = f"Cached: generated on {made:%Y-%m-%d %H:%M}.\n\n" + text
        return path, text

    def work_copy(self, n, pool):
        """A fresh copy of the cached database, with a pool, tokens and request files."""
        src, summary = self.cached_db(n)
        work = os.path.join(self.data, f"work-{n}")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        db = os.path.join(work, "bench.db")
        t0 = time.monotonic()
        shutil.copyfile(src, db)
        say(f"copied the database ({os.path.getsize(db) / 1e9:.2f} GB) in "
            f"{time.monotonic() - t0:.1f} s")
        if pool:
            r = subprocess.run([self.prog("bulk_gen"), db, "-n", "0", "--pool", str(pool),
                                "--pool-file", os.path.join(work, "pool_all.txt")],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError("bulk_gen --pool: " + r.stderr)
            rate = re.search(r"^\| dossiers per second \| (\d+) \|$", r.stdout, re.M)
            self.notes.append(f"the lifecycle pool: {pool:,} online submissions written through "
                              f"the store's write path without HTTP (bulk_gen --pool) at "
                              f"{rate.group(1) if rate else '?'} dossiers/s.")
            with open(os.path.join(work, "pool_all.txt")) as f:
                lines = f.read().splitlines()
            cut = len(lines) * 4 // 5
            for name, part in (("pool.txt", lines[:cut]), ("pool_mixed.txt", lines[cut:])):
                with open(os.path.join(work, name), "w") as f:
                    f.write("\n".join(part) + "\n")
        write_requests(db, work)
        tokens = self.tokens(db)
        # The copy's pages still being written back would compete with the runs' commits.
        t0 = time.monotonic()
        os.sync()
        say(f"flushed the copy to disk in {time.monotonic() - t0:.1f} s")
        return {"db": db, "dir": work, "n": n, "summary": summary, "tokens": tokens}

    def serve(self, work, log_name):
        return Server([self.motcua, "serve", "--db", work["db"], "--listen", "127.0.0.1:{port}",
                       "--quiet"], health="/healthz",
                      log=os.path.join(work["dir"], log_name + ".log"))

    def tokens(self, db):
        """Bearer tokens of the city-wide receiving officer and leader."""
        out = {}
        work = {"db": db, "dir": os.path.dirname(db)}
        with self.serve(work, "tokens") as s:
            for env, user in (("BENCH_RECEIVER_TOKEN", RECEIVER), ("BENCH_LEADER_TOKEN", LEADER)):
                st, h, raw = call(s.port, "POST", "/api/v1/session",
                                  {"username": user, "password": PASSWORD})
                if st != 200:
                    raise RuntimeError(f"sign-in of {user}: {st} {raw[:200]!r}")
                cookie = h["set-cookie"].split(";", 1)[0]
                csrf = json.loads(raw)["csrf_token"]
                st, _, raw = call(s.port, "POST", "/api/v1/tokens", {"name": "bench"},
                                  {"Cookie": cookie, "X-CSRF-Token": csrf})
                if st != 201:
                    raise RuntimeError(f"token of {user}: {st} {raw[:200]!r}")
                out[env] = json.loads(raw)["token"]
        return out

    # ------------------------------------------------------------ measures

    def row(self, measure, res=None, ceiling=None, target="", met=None, rss=None,
            throughput=None, unit="req/s"):
        tp = throughput if throughput is not None else (res["rps"] if res else None)
        ratio = f"{tp / ceiling * 100:.1f}%" if tp and ceiling else "—"
        errors = res["errors"] if res else 0
        verdict = "—" if met is None else ("yes" if met else "no")
        if errors:
            verdict = f"no: {errors} errors" if met is not None else f"{errors} errors"
            measure = "⚠ " + measure
        self.rows.append([measure, f"{tp:,.0f} {unit}" if tp is not None else "—",
                          f"{res['p50_ms']:.2f} ms" if res else "—",
                          f"{res['p99_ms']:.2f} ms" if res else "—",
                          f"{errors} of {res['requests']:,}" if res else "—", ratio,
                          target or "—", verdict, f"{rss:.0f} MB" if rss else "—"])

    def one_row(self, measure, one, target, met):
        verdict = "—" if met is None else ("yes" if met else "no")
        if one["errors"]:
            verdict, measure = f"{one['errors']} errors", "⚠ " + measure
        self.notes.append(f"the slowest one at a time: {one['slowest']} ({one['max_ms']:.1f} ms).")
        self.rows.append([measure, f"{one['paths']} paths, slowest {one['max_ms']:.2f} ms",
                          f"{one['p50_ms']:.2f} ms", f"{one['p99_ms']:.2f} ms",
                          f"{one['errors']} of {one['requests']:,}", "—", target or "—", verdict,
                          "—"])

    def ceilings(self):
        say("ceilings: storage (SQLite alone)")
        r = subprocess.run([self.prog("ceiling_sqlite"), os.path.join(self.data, "ceiling.db"),
                            "3"], capture_output=True, text=True, check=True)
        nums = [float(x) for x in re.findall(r"^\|[^|]+\| (\d+) \|$", r.stdout, re.M)]
        self.storage = {"batched": nums[0], "single": nums[1]}
        say("ceilings: HTTP (hello)")
        with Server([self.prog("ceiling_hello"), "{port}"]) as s:
            self.hello = wrk("hello.lua", s.port, self.data)
            hello_rss = s.rss_mb()
        say("ceilings: durable writes")
        with Server([self.prog("ceiling_durable"), os.path.join(self.data, "durable.db"),
                     "{port}"]) as s:
            self.durable = wrk("durable.lua", s.port, self.data)
            durable_rss = s.rss_mb()
        self.row("HTTP ceiling: minimal libmicrohttpd hello", self.hello, rss=hello_rss)
        self.row("write ceiling: minimal durable server (4 rows/request, batched commits)",
                 self.durable, rss=durable_rss)
        self.row("storage ceiling: SQLite rows in transactions of 100",
                 throughput=self.storage["batched"], unit="rows/s")
        self.row("storage ceiling: SQLite single-row transactions",
                 throughput=self.storage["single"], unit="tx/s")

    def workload(self, work, name, label, one_at_a_time=None):
        say(f"{name} ({label}, {work['n']:,} dossiers)")
        with self.serve(work, name) as s:
            res = wrk(f"{name}.lua", s.port, work["dir"], env=work["tokens"])
            _, _, metrics = call(s.port, "GET", "/metrics")
            if one_at_a_time:
                say(f"{name}: one request at a time")
                res["one"] = sequential(s.port, os.path.join(work["dir"], one_at_a_time))
            res["rss"] = s.rss_mb()
            res["startup_ms"] = s.startup_ms
        if s.status != 0:
            self.notes.append(f"⚠ the server of {name} at {work['n']:,} dossiers exited with "
                              f"status {s.status} (its log: {s.log.name}).")
        res["metrics"] = parse_metrics(metrics.decode())
        self.results[(name, work["n"])] = res
        if work["n"] == DOSSIERS:
            self.startups.append(res["startup_ms"])
            self.rss.append(res["rss"])
        self.note_errors(name, work["n"], res)
        return res

    def note_errors(self, name, n, res):
        m = res["metrics"]
        bad = {k: v for k, v in m["requests"].items() if not k[1].startswith("2")}
        if bad:
            self.notes.append(f"{name} at {n:,} dossiers answered " + ", ".join(
                f"{v} × {st} on {route}" for (route, st), v in sorted(bad.items())) + ".")
        if res["errors_timeout"] or res["errors_connect"] or res["errors_read"]:
            self.notes.append(f"{name} at {n:,} dossiers: socket errors (connect "
                              f"{res['errors_connect']}, read {res['errors_read']}, write "
                              f"{res['errors_write']}, timeout {res['errors_timeout']}).")
        if m["batches"]:
            res["batch"] = m["changes"] / m["batches"]

    def big_workloads(self, work, names):
        w = self.durable["rps"] if hasattr(self, "durable") else None
        h = self.hello["rps"] if hasattr(self, "hello") else None
        targets = {
            "online": ("online submissions", w, "≥ 30% of write ceiling, p99 ≤ 25 ms",
                       lambda r: w and r["rps"] >= 0.3 * w and r["p99_ms"] <= 25),
            "counter": ("counter creations (bearer token)", w,
                        "≥ 30% of write ceiling, p99 ≤ 25 ms",
                        lambda r: w and r["rps"] >= 0.3 * w and r["p99_ms"] <= 25),
            "lifecycle": ("durable dossier transitions (receive, forward × k, complete, return)",
                          w, "≥ 40% of write ceiling, p99 ≤ 25 ms",
                          lambda r: w and r["rps"] >= 0.4 * w and r["p99_ms"] <= 25),
            "track": ("tracking lookups", h, "≥ 50% of HTTP ceiling",
                      lambda r: h and r["rps"] >= 0.5 * h),
            "catalog": ("catalog searches", h, "p50 ≤ 2 ms", lambda r: r["p50_ms"] <= 2),
            "reports": ("index reports, 64 connections", h, "", None),
            "mixed": ("mixed: 70% reads, 30% writes", None, "", None),
        }
        for name in names:
            label, ceiling, target, check = targets[name]
            res = self.workload(work, name, label, {"catalog": "catalog.txt",
                                                    "reports": "reports.txt"}.get(name))
            self.row(label, res, ceiling, target, check(res) if check else None, res["rss"])
            c = res["counters"]
            if name == "lifecycle" and c.get("creations"):
                self.notes.append(f"lifecycle: the pool ran dry; {c['creations']} of the "
                                  f"requests were counter creations (raise BENCH_POOL).")
            if name == "mixed":
                self.notes.append("mixed: requests sent by kind: " + ", ".join(
                    f"{k} {v}" for k, v in sorted(c.items())) + ".")
            if name == "catalog":
                self.one_row("catalog search, one at a time (each query's median of 3)",
                             res["one"], "", None)
            if name == "reports":
                self.one_row("index report, one at a time, every unit and period of the list "
                             "(each one's median of 3)", res["one"], "slowest ≤ 20 ms",
                             res["one"]["max_ms"] <= 20)
        batches = [f"{n} {self.results[(n, DOSSIERS)]['batch']:.0f}" for n in names
                   if self.results.get((n, DOSSIERS), {}).get("batch")]
        if batches:
            self.notes.append("changes per write transaction (store batches, from /metrics): " +
                              ", ".join(batches) + ".")

    def scale(self):
        small = self.work_copy(SMALL, 0)
        for name in ("online", "counter", "track"):
            res = self.workload(small, name, "small database")
            big = self.results.get((name, DOSSIERS))
            if not big:
                self.row(f"{name} at {SMALL:,} dossiers", res, rss=res["rss"])
                continue
            ratio = big["rps"] / res["rps"]
            errors = res["errors"]
            self.rows.append([
                ("⚠ " if errors else "") + f"{name}: {DOSSIERS:,} vs {SMALL:,} dossiers",
                f"{big['rps']:,.0f} vs {res['rps']:,.0f} req/s",
                f"{big['p50_ms']:.2f} vs {res['p50_ms']:.2f} ms",
                f"{big['p99_ms']:.2f} vs {res['p99_ms']:.2f} ms",
                f"{errors} of {res['requests']:,}", f"{ratio * 100:.0f}%", "drop ≤ 20%",
                f"no: {errors} errors" if errors else "yes" if ratio >= 0.8 else "no",
                f"{res['rss']:.0f} MB"])
        drop(small)

    def summary_rows(self):
        if self.startups:
            s = sorted(self.startups)
            med = s[len(s) // 2]
            self.rows.append([f"start-up to first answer (/healthz), {DOSSIERS:,} dossiers",
                              f"{med:.0f} ms (median of {len(s)}, slowest {s[-1]:.0f} ms)",
                              "—", "—", "—", "—", "≤ 200 ms", "yes" if med <= 200 else "no",
                              "—"])
        if self.rss:
            peak = max(self.rss)
            self.rows.append(["server resident memory, peak over the workloads",
                              "—", "—", "—", "—", "—", "≤ 100 MB", "yes" if peak <= 100 else "no",
                              f"{peak:.0f} MB"])

    def core(self):
        say("core microbenchmarks")
        r = subprocess.run([self.prog("core_bench")], capture_output=True, text=True, check=True)
        self.sections.append(("Core microbenchmarks (core_bench)", r.stdout.strip()))

    def report_bench(self, work):
        say("report_bench")
        r = subprocess.run([self.prog("report_bench"), work["db"]], capture_output=True,
                           text=True)
        text = r.stdout.strip() or r.stderr.strip()
        self.sections.append((f"Report times, {DOSSIERS:,} dossiers (report_bench: one read "
                              "connection, median of 15)", "```\n" + text + "\n```"))


def drop(work):
    """Removes a work copy's database (the logs stay)."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(work["db"] + suffix):
            os.remove(work["db"] + suffix)
    shutil.rmtree(work["db"] + ".files", ignore_errors=True)


def sequential(port, path_file, repeat=3, paths_max=200):
    """Each path of the file (at most paths_max of them, drawn at random) `repeat` times over
    one keep-alive connection: the median time of each (ms, as the client sees it), then their
    p50, p99 and maximum over the paths."""
    with open(path_file) as f:
        paths = sorted(set(line.strip() for line in f if line.strip()))
    if len(paths) > paths_max:
        paths = random.Random(7).sample(paths, paths_max)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    medians, errors = [], 0
    for path in paths:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            times.append((time.perf_counter() - t0) * 1000)
            errors += r.status != 200
        medians.append(sorted(times)[repeat // 2])
    conn.close()
    slowest = paths[max(range(len(paths)), key=lambda i: medians[i])]
    medians.sort()
    return {"paths": len(paths), "requests": len(paths) * repeat, "errors": errors,
            "slowest": slowest, "p50_ms": medians[len(medians) // 2],
            "p99_ms": medians[min(len(medians) - 1, len(medians) * 99 // 100)],
            "max_ms": medians[-1]}


def parse_metrics(text):
    req, changes, batches = {}, 0, 0
    for line in text.splitlines():
        m = re.match(r'motcua_requests_total\{route="([^"]*)",status="([^"]*)"\} (\d+)', line)
        if m:
            req[(m.group(1), m.group(2))] = int(m.group(3))
        m = re.match(r'motcua_store_changes_total\{result="\w+"\} (\d+)', line)
        if m:
            changes += int(m.group(1))
        m = re.match(r"motcua_store_batch_size_count (\d+)", line)
        if m:
            batches = int(m.group(1))
    return {"requests": req, "changes": changes, "batches": batches}


# ---------------------------------------------------------------- request files

CATALOG_QUERIES = [
    "khai sinh", "đăng ký khai sinh", "dang ky khai sinh", "kết hôn", "ket hon", "khai tử",
    "chứng thực", "chung thuc ban sao", "bản sao", "hộ kinh doanh", "ho kinh doanh",
    "doanh nghiệp", "doanh ngh", "giấy phép xây dựng", "giay phep", "xây", "trợ cấp",
    "tro cap xa hoi", "thường trú", "tam tru", "lý lịch tư pháp", "ly lich", "đất đai",
    "dat dai", "giấy phép lái xe", "lai xe", "hộ nghèo", "khuyết tật", "thất nghiệp",
    "lao động nước ngoài", "đầu tư", "giám hộ", "tình trạng hôn nhân", "1.001193", "2.0016",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hoa", "Lan", "Linh", "Nam"]


def write_requests(db_path, out_dir, rng=None):
    """The request files of the wrk scripts, from the database's own data."""
    rng = rng or random.Random(20260213)
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    one_stops = db.execute(
        "SELECT c.code, o.code FROM units c JOIN units o ON o.parent = c.code AND "
        "o.kind = 'one_stop' WHERE c.level = 'commune' AND c.valid_to IS NULL").fetchall()
    procs = [json.loads(b) for (b,) in db.execute(
        "SELECT body FROM procedures WHERE current = 1 ORDER BY code")]
    year = datetime.date.today().year

    def body(channel):
        p = rng.choice([p for p in procs if channel in p["channels"]])
        # Province procedures are received at any one-stop unit too (bulk_gen.c explains).
        unit = rng.choice(one_stops)[1]
        born = rng.randint(1950, min(2005, year - 18))
        key = f"{rng.randrange(10000):04d}"
        b = {"procedure": p["code"], "channel": channel, "receiving_unit": unit,
             "applicant": {"kind": "citizen",
                           "name": f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}",
                           "id_number": f"031{(2 if born >= 2000 else 0) + rng.randrange(2)}"
                                        f"{born % 100:02d}{rng.randrange(1000000):06d}",
                           "phone": f"09{rng.randrange(10000):04d}{key}", "email": "",
                           "address": "Hải Phòng"},
             "components": [c["name"] for c in p["components"] if c.get("required")]}
        if channel == "counter":
            b["receive"] = True
        return json.dumps(b, ensure_ascii=False, separators=(",", ":"))

    files = {
        "online.txt": [body("online") for _ in range(4000)],
        "counter.txt": [body("counter") for _ in range(4000)],
        "catalog.txt": ["/api/v1/procedures?" + urllib.parse.urlencode({"q": q})
                        for q in CATALOG_QUERIES],
    }
    files["track.txt"] = [
        f"/api/v1/track/{code}?key={key}" for code, key in db.execute(
            "SELECT code, tracking_key FROM dossiers WHERE rowid IN "
            "(SELECT rowid FROM dossiers ORDER BY random() LIMIT 20000)")]
    files["reports.txt"] = report_paths(db, rng)
    db.close()
    for name, lines in files.items():
        if name != "catalog.txt":
            rng.shuffle(lines)
        with open(os.path.join(out_dir, name), "w") as f:
            f.write("\n".join(lines) + "\n")


def report_paths(db, rng):
    """Index reports of the province, departments, communes and one-stop units over months,
    quarters and a year of the history."""
    units = ["000.00.00.H27", "000.00.20.H27"]
    units += [c for (c,) in db.execute("SELECT code FROM units WHERE level = 'department'")]
    communes = [c for (c,) in db.execute("SELECT code FROM units WHERE level = 'commune'")]
    units += rng.sample(communes, min(20, len(communes)))
    one_stops = [c for (c,) in db.execute("SELECT code FROM units WHERE kind = 'one_stop'")]
    units += rng.sample(one_stops, min(10, len(one_stops)))
    today = datetime.date.today()
    periods = []
    y, m = today.year, today.month
    for _ in range(12):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1))
        periods.append((datetime.date(y, m, 1), last))
    for q in range(4):
        end = periods[3 * q][1]
        periods.append((periods[3 * q + 2][0], end))
    periods.append((today - datetime.timedelta(days=365), today - datetime.timedelta(days=1)))
    return [f"/api/v1/reports/index?unit={u}&from={a}&to={b}" for u in units
            for a, b in periods]


# ---------------------------------------------------------------- output

def markdown(b, info, started, parts):
    out = ["# motcua benchmarks (make bench)", "",
           f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
           f"- git revision: {revision()}",
           f"- machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']:.1f} GB RAM, "
           f"Linux {info['kernel']}; load average at the start {info['load']}",
           f"- settings: {SECONDS} s per run, {CONNECTIONS} connections, {THREADS} wrk threads "
           f"(wrk and the server share the machine), large database {DOSSIERS:,} dossiers, "
           f"small {SMALL:,}",
           f"- parts: {', '.join(parts)}; the whole run took {(time.monotonic() - started) / 60:.1f} "
           "minutes", "",
           "| measure | throughput | p50 | p99 | errors | ratio to its ceiling | target | met? "
           "| RSS |",
           "|---|---:|---:|---:|---:|---:|---|---|---:|"]
    out += ["| " + " | ".join(r) + " |" for r in b.rows]
    if b.notes:
        out += ["", "Notes:", ""] + [f"- {n}" for n in b.notes]
    for title, text in b.sections:
        out += ["", f"## {title}", "", text]
    return "\n".join(out) + "\n"


def main(argv):
    args = argv[1:]
    build = "build/bench"
    if args and args[0] not in PARTS:
        build = args.pop(0)
    parts = [p for p in os.environ.get("BENCH_ONLY", "").split(",") if p] or args or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        print(__doc__, file=sys.stderr)
        return 2
    started = time.monotonic()
    info = machine()
    b = Bench(build)
    if "ceilings" in parts:
        b.ceilings()
    big_names = [n for n in WORKLOADS if n in parts]
    if big_names or "report" in parts:
        big = b.work_copy(DOSSIERS, POOL if {"lifecycle", "mixed"} & set(parts) else 0)
        b.sections.append((f"Bulk generation of the {DOSSIERS:,}-dossier database (bulk_gen)",
                           big["summary"].strip()))
        b.big_workloads(big, big_names)
        if "report" in parts:
            b.report_bench(big)
        drop(big)
    if "scale" in parts:
        b.scale()
    b.summary_rows()
    if "core" in parts:
        b.core()
    text = markdown(b, info, started, parts)
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        f.write(text)
    print(text)
    say(f"written to {os.path.relpath(RESULTS, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
