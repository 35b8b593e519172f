# Thin wrapper around meson for the commands of the README.
# `make run` and `make check` first install what is missing (scripts/deps.sh).

BUILD ?= build/main
MESON_SETUP = meson setup --reconfigure

.PHONY: all deps build run check coverage bench fuzz clean help

all: build

help:
	@echo "make run       install dependencies, build, start motcua"
	@echo "make check     install dependencies, build twice (normal, ASan+UBSan), run every test"
	@echo "make coverage  line coverage of src/core (gcovr)"
	@echo "make bench     benchmark suite: ceilings, HTTP load, core (docs/bench.md)"
	@echo "make fuzz      libFuzzer on every harness (FUZZ_SECONDS=60 each)"
	@echo "make clean     remove build/"

deps:
	@scripts/deps.sh

build: deps
	@scripts/build.sh $(BUILD) debugoptimized none
	@ninja -C $(BUILD)

run: build
	@scripts/run.sh $(BUILD)

check: deps
	@scripts/check.sh

coverage: deps
	@scripts/coverage.sh

bench:
	@scripts/deps.sh bench
	@scripts/build.sh build/bench release none
	@ninja -C build/bench src/motcua bench/core_bench bench/report_bench bench/bulk_gen \
		bench/ceiling_hello bench/ceiling_durable bench/ceiling_sqlite
	@python3 bench/run.py build/bench

fuzz:
	@scripts/deps.sh fuzz
	@scripts/fuzz.sh

clean:
	rm -rf build
