#!/usr/bin/env bash
# Readers at once against a local PostgreSQL server and a SQLite file
# (bench_readers.cpp), on a throw-away cluster that keeps PostgreSQL's durable
# defaults (fsync and synchronous_commit on, unlike the tests' cluster), so a
# commit costs what it costs on a study's server.
#   tests/bench/run_readers_bench.sh build/release [--readers 20] [--many 100]
set -euo pipefail
build=${1:?usage: run_readers_bench.sh BUILD_DIR [--readers N] [--many M]}
shift
here=$(dirname "$(readlink -f "$0")")
dir=$(mktemp -d /tmp/tr-readers-bench-XXXXXX)
trap '"$here/../postgres/cluster.sh" stop "$dir"' EXIT
url=$("$here/../postgres/cluster.sh" start "$dir" "" --durable)
"$build/tests/bench/bench_readers" "$url" "$@"
