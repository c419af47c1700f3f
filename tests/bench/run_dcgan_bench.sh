#!/bin/sh
# Runs the LibTorch and the PyTorch DCGAN benchmarks one after the other with the
# same settings. Needs Debian's python3-torch (apt-get install python3-torch).
# Usage: tests/bench/run_dcgan_bench.sh BUILD-DIR [--threads N] [--batch B] [--steps S]
set -e
build=${1:?usage: run_dcgan_bench.sh BUILD-DIR [options]}
shift
"$build/tests/bench/bench_dcgan" "$@"
# Debian's interpreter, where python3-torch is installed (not a pyenv or venv one).
/usr/bin/python3 "$(dirname "$0")/bench_dcgan.py" "$@"
