#!/usr/bin/env bash
# packaging/make-man-pages.sh GUI CLI OUT_DIR
# The manual pages of both programs, made by help2man from the programs' own
# --help and --version (and, for the CLI, `help COMMAND` for every command its
# --help lists), so that they cannot drift from the programs. Writes
# OUT_DIR/turing-reader.1.gz and OUT_DIR/turing-reader-cli.1.gz (gzip -n:
# the same bytes on every build).
set -euo pipefail
gui=${1:?usage: make-man-pages.sh GUI CLI OUT_DIR} cli=${2:?} out=${3:?}
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every command's own help, under one section of the CLI's page.
{
    echo "[COMMAND DETAILS]"
    "$cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | while read -r command; do
        echo ".SS $command"
        echo ".nf"
        "$cli" help "$command" | sed 's/\\/\\\\/g; s/^\./\\\&./'
        echo ".fi"
    done
    echo "[FILES]"
    echo "Projects, application data and settings: see"
    echo ".B turing-reader-cli paths"
    echo "[SEE ALSO]"
    echo ".BR turing-reader (1)"
} >"$work/cli.h2m"
{
    echo "[SEE ALSO]"
    echo ".BR turing-reader-cli (1)"
} >"$work/gui.h2m"

help2man --no-info --no-discard-stderr --name "blinded reader studies of GAN-created brain MR images" \
    --include "$work/gui.h2m" --output "$work/turing-reader.1" "$gui"
help2man --no-info --no-discard-stderr --name "every coordinator operation of Turing Reader, headless" \
    --include "$work/cli.h2m" --output "$work/turing-reader-cli.1" "$cli"
for page in turing-reader turing-reader-cli; do
    gzip -9n -c "$work/$page.1" >"$out/$page.1.gz"
done
