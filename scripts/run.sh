#!/bin/sh
# scripts/run.sh BUILD_DIR: what `make run` starts: the demo on
# http://127.0.0.1:8080 with a fresh demo database (build/demo.db).
# The demo users' password comes from MOTCUA_DEMO_PASSWORD, else a random
# one is printed at start. Stop with Ctrl-C.
set -eu
db=build/demo.db
rm -rf "$db" "$db-wal" "$db-shm" "$db.files"
exec "$1/src/motcua" serve --demo --db "$db" --listen "${MOTCUA_LISTEN:-127.0.0.1:8080}"
