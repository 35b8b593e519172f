#!/bin/sh
# The motcua command line, run as a user would (API.md "Command line").
# Usage: test_cli.sh PATH/TO/motcua. Speaks TAP.
M=$1
n=0
fails=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	sed 's/^/# stdout: /' "$out"
	sed 's/^/# stderr: /' "$err"
}

# expect NAME STATUS STDOUT ARGS…: exit status and the exact first line.
expect() {
	name=$1 status=$2 want=$3
	shift 3
	"$M" "$@" >"$out" 2>"$err"
	got=$?
	first=$(head -n 1 "$out")
	if [ "$got" -eq "$status" ] && [ "$first" = "$want" ]; then ok "$name"; else not_ok "$name (exit $got, got '$first')"; fi
}

# expect_err NAME STATUS CODE ARGS…: non-zero exit, nothing on stdout, the code on stderr.
expect_err() {
	name=$1 status=$2 code=$3
	shift 3
	"$M" "$@" >"$out" 2>"$err"
	got=$?
	if [ "$got" -eq "$status" ] && [ ! -s "$out" ] && grep -q -- "$code" "$err"; then ok "$name"; else not_ok "$name (exit $got)"; fi
}

echo "1..29"

expect "--version" 0 "motcua 0.1.0" --version
"$M" --help >"$out" 2>"$err" && grep -q "calendar due FROM AMOUNT UNIT" "$out" && ok "--help lists the commands" || not_ok "--help"
"$M" calendar --help >"$out" 2>"$err" && grep -q "working_days" "$out" && ok "calendar --help" || not_ok "calendar --help"
"$M" rules --help >"$out" 2>"$err" && grep -q "invalid_transition" "$out" && ok "rules --help" || not_ok "rules --help"
expect_err "no command is a usage error" 2 "Usage" 
expect_err "unknown command" 2 "unknown command" frobnicate

# R-CAL-4, API.md: the contract's example (Tết 2026 is 14–22/02).
expect "due: 3 working days across Tết 2026 (R-CAL-4)" 0 "2026-02-25T17:00:00+07:00" calendar due 2026-02-13T10:00:00+07:00 3 working_days
expect "due: after the 15:00 cut-off counts from the next working day" 0 "2026-02-26T17:00:00+07:00" calendar due 2026-02-13T15:00:00+07:00 3 working_days
expect "due: received on a Sunday counts from Monday, then 3 working days after it" 0 "2026-03-05T17:00:00+07:00" calendar due 2026-03-01T09:00:00+07:00 3 working_days
expect "due: working hours skip lunch" 0 "2026-03-03T14:30:00+07:00" calendar due 2026-03-03T10:30:00+07:00 2 working_hours
expect "due: same day" 0 "2026-03-03T17:00:00+07:00" calendar due 2026-03-03T08:00:00+07:00 0 same_day
expect "due: calendar days landing on a holiday move to the next working day" 0 "2026-05-04T17:00:00+07:00" calendar due 2026-04-20T09:00:00+07:00 10 calendar_days
expect "due: UTC input" 0 "2026-02-25T17:00:00+07:00" calendar due 2026-02-13T03:00:00Z 3 working_days
expect "due: per-unit office hours" 0 "2026-03-03T17:30:00+07:00" calendar due 2026-03-03T08:00:00+07:00 0 same_day --hours 08:00-12:00,13:00-17:30
expect "due: make-up Saturday 2026-01-10 is a working day (R-CAL-2)" 0 "2026-01-10T17:00:00+07:00" calendar due 2026-01-09T16:00:00+07:00 0 working_days
expect_err "due: bad time" 1 "invalid_date" calendar due 2026-02-30T10:00:00+07:00 3 working_days
expect_err "due: bad unit" 1 "validation_failed" calendar due 2026-02-13T10:00:00+07:00 3 fortnights
expect_err "due: negative amount" 1 "validation_failed" calendar due 2026-02-13T10:00:00+07:00 -1 working_days
expect_err "due: out of the calendar" 1 "out_of_range" calendar due 2100-12-31T10:00:00+07:00 30 working_days
expect_err "due: missing arguments" 2 "FROM AMOUNT UNIT" calendar due 2026-02-13T10:00:00+07:00

# R-CAL-3: lunar dates for UTC+7.
expect "lunar: Tết 1985 (UTC+7, not UTC+8)" 0 "1/1/1985" calendar lunar 1985-01-21
expect "lunar: leap month 2/2023" 0 "2/2/2023 leap" calendar lunar 2023-03-23
expect "solar: Tết 2030" 0 "2030-02-02" calendar solar 1/1/2030
expect "solar: leap month" 0 "2023-03-23" calendar solar 2/2/2023L
expect_err "solar: no leap month 3 in 2023" 1 "invalid_date" calendar solar 1/3/2023L

"$M" calendar days 2026-02-01 2026-02-28 >"$out" 2>"$err" && grep -q "^2026-02-16	off	holiday" "$out" && grep -q "official table" "$out" && ok "calendar days lists Tết 2026 from the official table" || not_ok "calendar days"
"$M" rules >"$out" 2>"$err" && grep -q "^submitted --receive--> received" "$out" && grep -q "supplement_limit_reached" "$out" && ok "rules prints the transitions" || not_ok "rules"

# calendar due --db: the official tables of a database (imported) are used.
tmp=$(mktemp -d)
printf '{"2027":{"days_off":[{"date":"2027-03-02","name":"Nghỉ thử"}],"working_weekend_days":[]}}' >"$tmp/cal.json"
"$M" import calendar "$tmp/cal.json" --db "$tmp/c.db" >/dev/null 2>&1
expect "due: without --db the default 2027 has 2 March as a working day" 0 "2027-03-02T17:00:00+07:00" calendar due 2027-03-01T10:00:00+07:00 1 working_days
expect "due --db: the imported day off of 2027 is skipped" 0 "2027-03-03T17:00:00+07:00" calendar due 2027-03-01T10:00:00+07:00 1 working_days --db "$tmp/c.db"
rm -rf "$tmp"

exit 0
