#!/bin/sh
# Installs the Debian 12 packages motcua needs to build, test and run.
# Idempotent: when everything is present it only checks and exits.
# Works as root or through sudo. Debian packages only.
# Usage: scripts/deps.sh [fuzz|bench]   (fuzz: also clang and libFuzzer;
#                                       bench: also wrk, the HTTP load generator)
set -eu

PACKAGES="
build-essential
pkg-config
meson
ninja-build
python3
libcmocka-dev
libjansson-dev
libutf8proc-dev
libmicrohttpd-dev
libsqlite3-dev
libsodium-dev
sqlite3
curl
gcovr
nodejs
npm
chromium
fonts-dejavu-core
libhpdf-dev
libqrencode-dev
fonts-liberation2
poppler-utils
zbar-tools
libxlsxwriter-dev
"
if [ "${1:-}" = fuzz ]; then
	PACKAGES="$PACKAGES clang libclang-rt-14-dev"
fi
if [ "${1:-}" = bench ]; then
	PACKAGES="$PACKAGES wrk"
fi

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*)
		# NodeSource's nodejs bundles npm and conflicts with Debian's npm.
		[ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
		missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: run this script as root, or install sudo" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
