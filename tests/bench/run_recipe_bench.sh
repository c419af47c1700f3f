#!/usr/bin/env bash
# tests/bench/run_recipe_bench.sh WORK_DIR [VARIANT...]
# Issue 14's recipe table: each training variant trained on the 43 subjects of
# run_realism_bench.sh (which must have made WORK_DIR/realism.trproj) for one
# fixed CPU budget, then given the realism report. The budget is BUDGET_MIN
# minutes (default 8) of the baseline recipe's training; each variant gets the
# images that budget buys at its own speed, the ratio to the baseline that
# bench_recipes measured (tests/bench/bench_recipes.cpp, 2 cores, batch 16):
# a slower ingredient must earn its cost. Prints each report; the models stay
# in WORK_DIR/recipes/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run_recipe_bench.sh WORK_DIR [VARIANT...]}
shift
cli=${TR_CLI:-$here/../../build/release/app/turing-reader-cli}
project=$work/realism.trproj
[ -f "$project" ] || { echo "run tests/bench/run_realism_bench.sh $work first" >&2; exit 2; }
budget=${BUDGET_MIN:-8}
baseline_rate=${BASELINE_RATE:-59.7}  # images/s of the baseline at 64 px (bench_recipes --steps 30)
mkdir -p "$work/recipes"
base="--preset paper --batch 16 --mode-seeking 1"
# name | speed relative to the baseline | resolution | options on top of $base
variants=(
    "baseline|1.00|64|"
    "ema|1.00|64|--ema 0.999"
    "diffaugment|1.00|64|--diffaugment yes"
    "r1|0.90|64|--r1 0.1 --r1-every 4"
    "resize|1.70|64|--upsampling resize-convolution"
    "resize-bf16|3.25|64|--upsampling resize-convolution --bf16 yes"
    "resize-bf16-128|1.32|128|--upsampling resize-convolution --bf16 yes"
    "combined-bf16|3.25|64|--upsampling resize-convolution --ema 0.999 --diffaugment yes --bf16 yes"
)
# Speeds: bench_recipes --steps 30 (64 px) and --steps 10 --resolution 128 on the
# 2-core Xeon with AMX of 2026-12-02; resize + bf16 is taken at the speed of
# the recommended ingredients with bf16 (the moving average and DiffAugment
# cost little).
for spec in "${variants[@]}"; do
    IFS='|' read -r name speed side options <<<"$spec"
    if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
    images=$(awk -v b="$budget" -v r="$baseline_rate" -v s="$speed" 'BEGIN { n = int(b * 60 * r * s / 16) * 16; print n }')
    data=$work/d$side.trdata
    [ -f "$data" ] || "$cli" prepare "$project" --out "$data" --grid matrix="$side"
    model=$work/recipes/$name.trmodel
    echo "== $name: $images images at $side px ($options)"
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$cli" train "$data" $base --resolution "$side" $options --epochs 1 --images-per-epoch "$images" --seed 1 --threads 2 \
        --epoch-checkpoints no --checkpoint-every 100000 --out "$model" 2>&1 | grep -v '^epoch .* step [0-9]*0/' | tail -2
    echo "train wall: $(( $(date +%s) - start )) s"
    "$cli" evaluate "$project" --model "$model" --sheet "$work/recipes/$name.png" 2>&1 | grep -v '%$'
done
