#!/bin/sh
# scripts/build.sh DIR BUILDTYPE SANITIZE [extra meson options…]
# Configures a meson build directory once; later calls are no-ops (ninja
# re-runs meson by itself when meson.build changes).
set -eu
dir=$1 buildtype=$2 sanitize=$3
shift 3
if [ ! -f "$dir/build.ninja" ]; then
	meson setup "$dir" --buildtype="$buildtype" -Db_sanitize="$sanitize" "$@" >/dev/null
fi
