#!/bin/sh
# scripts/run.sh BUILD_DIR: what `make run` starts.
# The HTTP server comes with the server issue; until then `make run` shows
# the command line at work on the shipped calendar and rules.
set -eu
M="$1/src/motcua"
show() {
	printf '\n$ motcua %s\n' "$*"
	"$M" "$@"
}
"$M" --version
show calendar due 2026-02-13T10:00:00+07:00 3 working_days --explain
show calendar lunar 2026-02-17
show calendar solar 10/3/2026
show calendar days 2026-01-01 2026-12-31
show rules
printf '\nThe server (motcua serve on http://127.0.0.1:8080) is not built yet; see README.md.\n'
