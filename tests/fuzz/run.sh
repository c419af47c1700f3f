#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz over their seed corpora and prints,
# per harness, executions, coverage and findings (crashes, timeouts, memory).
#
#   tests/fuzz/run.sh [-t SECONDS] [-j PARALLEL] [-k] [HARNESS...]
#
#   -t   seconds per harness (default 60, what CI gives each)
#   -j   harnesses run at once (default 2)
#   -k   keep going after a finding (libFuzzer's fork mode), for long runs
#   HARNESS  names without "fuzz_" (default: all of them)
#
# Needs the fuzz build: cmake --preset fuzz && cmake --build --preset fuzz
# (./setup.sh fuzz does both, then runs this). Corpora grow in build/fuzz/corpus/;
# findings land in build/fuzz/found/HARNESS/; the table goes to build/fuzz/report.txt.
# Exit status 1 when any harness found something.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build/fuzz
seconds=60 parallel=2 keep_going=0
while getopts "t:j:k" opt; do
    case $opt in
        t) seconds=$OPTARG ;;
        j) parallel=$OPTARG ;;
        k) keep_going=1 ;;
        *) sed -n '2,15p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
all=(nifti1 nifti2 metaimage nrrd dicom_file dicom_series training_data model_file checkpoint answers_csv project)
harnesses=("${@:-${all[@]}}")
for h in "${harnesses[@]}"; do
    [ -x "$build/tests/fuzz/fuzz_$h" ] || { echo "fuzz: $build/tests/fuzz/fuzz_$h is not built (cmake --build --preset fuzz)" >&2; exit 2; }
done

# Seeds: the committed ones, the test data, the fixed crashers (they reach the
# checks), and what the product's own writers make (fuzz_seeds).
seeds=$build/seeds
rm -rf "$seeds" && mkdir -p "$seeds"
"$build/tests/fuzz/fuzz_seeds" "$seeds" >/dev/null
for kind in nifti1 nifti2 metaimage nrrd; do
    mkdir -p "$seeds/$kind" && cp "$here/corpus/$kind"/* "$seeds/$kind/"
done
cp "$here"/regressions/volume/nifti1-* "$seeds/nifti1/"
cp "$here"/regressions/volume/nifti2-* "$seeds/nifti2/"
cp "$here"/regressions/volume/metaimage-* "$seeds/metaimage/"
mkdir -p "$seeds/dicom_file"
cp "$root"/tests/data/dicom/mr-small/*.dcm "$root"/tests/data/dicom/transfer-syntaxes/*.dcm "$seeds/dicom_file/"
cp "$root"/tests/data/dicom/ge-sag-ir-spgr/00010.dcm "$seeds/dicom_file/"
cp "$here"/regressions/dicom/* "$seeds/dicom_file/"

run_one() {
    local h=$1 corpus=$build/corpus/$1 found=$build/found/$1 log=$build/logs/$1.log
    mkdir -p "$corpus" "$found" "$build/logs"
    local mode=()
    [ "$keep_going" = 1 ] && mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    # Leaks are not findings (Qt, LibTorch and ITK keep allocations for the
    # process's life); one thread for LibTorch's OpenMP. A file that takes 20 s
    # or 3 GB is a finding: the product promises bounded time and memory.
    local start=$SECONDS TIMEFORMAT='%U %S'
    # bash's `time` gives the CPU seconds (user, system) beside the wall time:
    # on a loaded machine a harness gets less than its wall time.
    { time OMP_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 QT_QPA_PLATFORM=offscreen \
        nice "$build/tests/fuzz/fuzz_$h" "${mode[@]}" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$found/" "$corpus" "$seeds/$h" >"$log" 2>&1 || true; } 2>"$log.cpu"
    echo $((SECONDS - start)) >"$log.seconds"
}

running=0
for h in "${harnesses[@]}"; do
    echo "fuzz: $h for ${seconds} s"
    run_one "$h" &
    running=$((running + 1))
    if [ "$running" -ge "$parallel" ]; then wait -n; running=$((running - 1)); fi
done
wait

report=$build/report.txt
{
    printf '%-14s %8s %8s %12s %9s %8s %8s %7s %s\n' harness seconds cpu-s executions exec/s edges features corpus findings
    for h in "${harnesses[@]}"; do
        log=$build/logs/$h.log
        secs=$(cat "$log.seconds")
        cpu=$(awk '{ printf "%d", $1 + $2 }' "$log.cpu" 2>/dev/null || echo "?")
        execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
        last=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1 || true)
        [ -n "$execs" ] || execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
        edges=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
        features=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
        corpus=$(find "$build/corpus/$h" -type f | wc -l)
        found=$(find "$build/found/$h" -type f | wc -l)
        printf '%-14s %8s %8s %12s %9s %8s %8s %7s %s\n' "$h" "$secs" "$cpu" "${execs:-0}" $(( ${execs:-0} / (secs > 0 ? secs : 1) )) \
            "$edges" "$features" "$corpus" "$found"
    done
} | tee "$report"
# Counted here, not inside the table's pipeline (a subshell).
findings_total=0
for h in "${harnesses[@]}"; do
    findings_total=$((findings_total + $(find "$build/found/$h" -type f | wc -l)))
done
if [ "$findings_total" -gt 0 ]; then
    echo "fuzz: $findings_total finding(s); inputs in $build/found/, logs in $build/logs/" >&2
    exit 1
fi
