#!/usr/bin/env python3
"""Counts test cases over meson test logs and prints the closing line.

Every test program speaks TAP; each "ok"/"not ok" line is one test case.
A program that fails without reporting a failing case (a crash, a sanitizer
abort, a timeout) counts as one more failed case, so nothing is lost.
"""
import json
import sys


def tally(path):
    passed = failed = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except ValueError:
                # A log cut short (another run wrote the same file): a failure.
                failed += 1
                continue
            out = rec.get("stdout") or ""
            ok = sum(1 for l in out.splitlines() if l.startswith("ok "))
            bad = sum(1 for l in out.splitlines() if l.startswith("not ok "))
            if rec.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and bad == 0:
                bad = 1
            passed += ok
            failed += bad
    return passed, failed


def main():
    passed = failed = 0
    for path in sys.argv[1:]:
        try:
            p, f = tally(path)
        except OSError as e:
            print(f"tally: {e}", file=sys.stderr)
            f, p = 1, 0
        passed += p
        failed += f
    if not sys.argv[1:]:
        failed += 1
    print(f"tests: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
