#!/usr/bin/env bash
# tests/bench/run_realism_bench.sh WORK_DIR [MODEL...] [-- EVALUATE-OPTIONS]
# The realism report (turing-reader-cli evaluate) of generators on the
# population the default generator was trained on: the 42 IXI subjects of
# ../shared/data/t1/ixi and Colin27, imported and given their landmarks by
# registration exactly as resources/models/train-default.sh does (that step
# resumes and is kept in WORK_DIR/realism.trproj). MODEL defaults to
# "default". Prints each report and the wall time; the reports stay in the
# project ('evaluate WORK_DIR/realism.trproj --show ID').
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run_realism_bench.sh WORK_DIR [MODEL...] [-- EVALUATE-OPTIONS]}
shift
models=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do models+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#models[@]} -eq 0 ] && models=(default)
cli=${TR_CLI:-$here/../../build/release/app/turing-reader-cli}
ixi=${TR_IXI_DIR:-$here/../../../shared/data/t1/ixi}
mkdir -p "$work"
project=$work/realism.trproj
[ -f "$project" ] || "$cli" import "$project" "$ixi" /usr/share/mricron/templates/ch2.nii.gz
for volume in $("$cli" volumes "$project" | awk 'NR > 1 && $6 != "4/4" { print $1 }'); do
    "$cli" landmarks "$project" "$volume" --auto
done
for model in "${models[@]}"; do
    echo "== $model"
    start=$(date +%s)
    "$cli" evaluate "$project" --model "$model" --sheet "$work/sheet-$(basename "$model" .trmodel).png" "$@"
    echo "wall: $(( $(date +%s) - start )) s"
done
