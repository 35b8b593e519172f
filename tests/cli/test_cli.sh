#!/bin/sh
echo "1..1"
"$1" --version >/dev/null && echo "ok 1 - version" || echo "not ok 1 - version"
