#!/bin/sh
# Installs the development tools of package.json (the OpenAPI linter,
# @redocly/cli) into node_modules/ with `npm ci`, exactly as package-lock.json
# pins them. Idempotent and fast: when node_modules/ already holds what this
# lock file describes it only checks and exits. Needs Node.js >= 18.17 and npm
# (Debian 12: the nodejs and npm packages, see scripts/deps.sh).
# Usage: scripts/npm.sh   (from anywhere; works in the source tree)
set -eu

cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "npm: node and npm are needed (scripts/deps.sh installs them)" >&2
	exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
	process.exit(a > 18 || (a === 18 && b >= 17) ? 0 : 1)'; then
	echo "npm: Node.js >= 18.17 is needed, this is $(node --version)" >&2
	exit 1
fi

# The lock file's hash, kept beside what it installed.
stamp=node_modules/.motcua-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/redocly ]; then
	exit 0
fi

echo "npm: installing the development tools of package-lock.json"
# --ignore-scripts: no package runs code at install time (none needs to).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
