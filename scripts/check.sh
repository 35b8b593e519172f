#!/bin/sh
# Builds motcua twice (normal, and ASan+UBSan), runs every test in both, and
# ends with one line: "tests: N passed, N failed" over all runs.
set -u

status=0
logs=""
scripts/npm.sh || status=1 # the OpenAPI linter (tests/api/test_openapi.py)
for variant in main asan; do
	dir=build/$variant
	case $variant in
	main) scripts/build.sh "$dir" debugoptimized none ;;
	asan) scripts/build.sh "$dir" debug address,undefined ;;
	esac || { status=1; continue; }
	echo "== build ($variant)"
	if ! ninja -C "$dir"; then
		status=1
		continue
	fi
	echo "== test ($variant)"
	meson test -C "$dir" --print-errorlogs --num-processes 2 || status=1
	logs="$logs $dir/meson-logs/testlog.json"
done

# shellcheck disable=SC2086
python3 scripts/tally.py $logs || status=1
exit $status
