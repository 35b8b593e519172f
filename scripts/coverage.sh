#!/bin/sh
# Line coverage of src/core by the unit tests (gcovr).
set -eu
dir=build/coverage
scripts/build.sh "$dir" debug none -Db_coverage=true
ninja -C "$dir" >/dev/null
find "$dir" -name '*.gcda' -delete
meson test -C "$dir" --num-processes 2 >/dev/null || { echo "coverage: tests failed" >&2; exit 1; }
gcovr --root . --filter 'src/core/' --exclude-unreachable-branches --print-summary "$dir"
