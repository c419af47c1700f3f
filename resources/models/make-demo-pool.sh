#!/usr/bin/env bash
# resources/models/make-demo-pool.sh WORK_DIR [CLI]
# Rebuilds the demo's pool of real slices (demo-real-<S>/, S the default
# generator's resolution) from the population the default generator was
# trained on: the 42 IXI subjects of ../shared/data/t1/ixi and Colin27,
# imported and given their landmarks exactly as train-default.sh does (that
# project is reused when WORK_DIR holds it), then 200 slices drawn with seed 1
# from the paper's grid over all 43 and exported with their manifest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: make-demo-pool.sh WORK_DIR [CLI]}
cli=${2:-$here/../../build/release/app/turing-reader-cli}
ixi=${TR_IXI_DIR:-$here/../../../shared/data/t1/ixi}
mkdir -p "$work"
project=$work/default.trproj
[ -f "$project" ] || "$cli" import "$project" "$ixi" /usr/share/mricron/templates/ch2.nii.gz
for volume in $("$cli" volumes "$project" | awk 'NR > 1 && $6 != "4/4" { print $1 }'); do
    "$cli" landmarks "$project" "$volume" --auto
done
side=$("$cli" model-info default | awk '/^output:/ { print $2 }')
"$cli" pool list "$project" | grep -q "^demo-real-$side " \
    || "$cli" pool real "$project" --name "demo-real-$side" --count 200 --seed 1 --resolution "$side"
rm -rf "$here/demo-real-$side"
"$cli" pool export "$project" --name "demo-real-$side" --out "$here/demo-real-$side"
