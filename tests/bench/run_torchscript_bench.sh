#!/bin/sh
# Creating a pool of 400 images from a TorchScript DCGAN-sized generator (the
# product's own network, exported by export_dcgan_torchscript.py with random
# weights) against the same from the product's model file (the shipped
# default, 64 px), in one run, alternating A B A B: each run is a whole
# 'pool created' process (load, check, create, store). Prints the medians and
# the median of the pairwise ratios. Needs Debian's python3-torch.
# Usage: tests/bench/run_torchscript_bench.sh BUILD-DIR [RUNS=5] [COUNT=400]
set -e
build=${1:?usage: run_torchscript_bench.sh BUILD-DIR [RUNS] [COUNT]}
runs=${2:-5}
count=${3:-400}
cli="$build/app/turing-reader-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$(dirname "$0")/export_dcgan_torchscript.py" "$work/dcgan.pt"
# The project is sealed from its passphrase on: every pool command needs it.
export TURING_READER_PASSPHRASE="bench passphrase"
"$cli" create "$work/p.trproj" >/dev/null
now() { date +%s.%N; }
i=0
: >"$work/times"
while [ "$i" -le "$runs" ]; do
    a0=$(now); "$cli" pool created "$work/p.trproj" --name ts-$i --count "$count" --seed $i --model "$work/dcgan.pt" >/dev/null
    a1=$(now); "$cli" pool created "$work/p.trproj" --name own-$i --count "$count" --seed $i --model default >/dev/null
    b1=$(now)
    # Run 0 warms the caches and is not counted.
    [ "$i" -gt 0 ] && echo "$a0 $a1 $b1" >>"$work/times"
    i=$((i + 1))
done
/usr/bin/python3 - "$work/times" "$count" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
ts = [b - a for a, b, _ in rows]
own = [c - b for _, b, c in rows]
ratios = [t / o for t, o in zip(ts, own)]
print(f"pool of {sys.argv[2]} images, {len(rows)} runs each after one warm-up, whole 'pool created' processes")
print(f"  TorchScript DCGAN: median {statistics.median(ts):.2f} s (min {min(ts):.2f}, max {max(ts):.2f})")
print(f"  own model file:    median {statistics.median(own):.2f} s (min {min(own):.2f}, max {max(own):.2f})")
print(f"  TorchScript / own: median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
PY
