#!/usr/bin/env bash
# resources/models/train-default.sh WORK_DIR [CLI]
# Rebuilds the embedded default generator from scratch, step by step as it was
# made (PROVENANCE.md gives the run's figures): import the 42 IXI T1 volumes of
# ../shared/data/t1/ixi and Colin27, suggest the four landmarks of each by
# registration to Colin27, prepare the paper's augmentation grid at 64 x 64, and
# train on the CPU. Every step resumes: run it again after an interruption.
# CLI defaults to build/release/app/turing-reader-cli.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: train-default.sh WORK_DIR [CLI]}
cli=${2:-$here/../../build/release/app/turing-reader-cli}
ixi=${TR_IXI_DIR:-$here/../../../shared/data/t1/ixi}
colin27=/usr/share/mricron/templates/ch2.nii.gz
mkdir -p "$work"
project=$work/default.trproj

if [ ! -f "$project" ]; then
    # Folder first, then Colin27: the IXI subjects become V001-V042, Colin27 V043.
    "$cli" import "$project" "$ixi" "$colin27"
fi
for volume in $("$cli" volumes "$project" | awk 'NR > 1 && $6 != "4/4" { print $1 }'); do
    "$cli" landmarks "$project" "$volume" --auto
done
[ -f "$work/default-64.trdata" ] || "$cli" prepare "$project" --out "$work/default-64.trdata" --grid matrix=64

resume=()
[ -f "$work/default.trmodel.checkpoint" ] && resume=(--resume "$work/default.trmodel.checkpoint")
"$cli" train "$work/default-64.trdata" --preset paper --resolution 64 --batch 16 --epochs 10 --images-per-epoch 16384 \
    --seed 1 --threads 2 --device cpu --mode-seeking 1 --samples "$work/samples" \
    --out "$work/default.trmodel" "${resume[@]}"
