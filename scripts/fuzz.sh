#!/bin/sh
# Runs every libFuzzer harness for FUZZ_SECONDS (default 60) each, with
# ASan+UBSan, starting from the corpus in tests/fuzz/corpus. New inputs are
# kept under build/fuzz/corpus/; copy the interesting ones into the tree.
set -eu
seconds=${FUZZ_SECONDS:-60}
dir=build/fuzz
if [ ! -f "$dir/build.ninja" ]; then
	CC=clang meson setup "$dir" --buildtype=debugoptimized -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C "$dir" tests/fuzz_text tests/fuzz_calendar_json tests/fuzz_procedure_json tests/fuzz_sniff
for h in text calendar_json procedure_json sniff; do
	mkdir -p "$dir/corpus/$h"
	echo "== fuzz_$h for ${seconds}s"
	"$dir/tests/fuzz_$h" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 \
		"$dir/corpus/$h" "tests/fuzz/corpus/$h" 2>&1 | tail -n 12
done
