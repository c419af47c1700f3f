#!/usr/bin/env bash
# Turing Reader set-up for Debian 12 (bookworm).
#
#   ./setup.sh run   [ARGS]  install what is missing, build (Release), open turing-reader
#                            (on the demo study when no ARGS are given)
#   ./setup.sh test          the same set-up, then the whole test suite, headless
#   ./setup.sh build         the set-up alone
#   ./setup.sh asan          the set-up, then the core, core_io, studies and gui tests
#                            built with AddressSanitizer + UBSan (build/asan; CI runs it)
#   ./setup.sh fuzz [SECONDS] the set-up plus clang, then every libFuzzer harness of
#                            tests/fuzz for SECONDS each (default 60, as in CI; build/fuzz)
#
# Idempotent: only packages that are not installed yet are installed (apt needs
# root; as another user this script calls sudo for that step alone), and the
# build is incremental. shared/docs/debian-build-notes.md explains the list.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config
    # Qt 6 (Charts needs libqt6opengl6-dev for its CMake package)
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev libqt6sql6-sqlite libqt6sql6-psql qt6-tools-dev
    qt6-qpa-plugins libxkbcommon-dev libgl-dev libvulkan-dev
    # imaging and learning
    libtorch-dev libopenblas0-pthread libdcmtk-dev dcmtk libinsighttoolkit5-dev
    libgdcm-tools libvtk9-dev libsqlite3-dev zlib1g-dev
    # the coordinator's keys: PBKDF2 and AES-256-GCM from OpenSSL's libcrypto
    libssl-dev
    # the project server: PostgreSQL for the tests' throw-away cluster (tests/postgres)
    postgresql
    # headless GUI tests, fonts for rendered text, the Colin27 demo volume
    xvfb xauth libgl1-mesa-dri fonts-dejavu-core mricron-data
    # packaging: .deb dependencies, desktop-file and package checks, manual pages
    dpkg-dev file desktop-file-utils appstream lintian help2man
)

usage() {
    sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//'
}

# Only `./setup.sh fuzz` needs these: the harnesses are built with clang.
FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)

install_missing_packages() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "setup: all ${#PACKAGES[@]} Debian packages are installed"
        return
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    install_missing_packages
    cmake --preset release
    cmake --build --preset release
}

command=${1:-run}
[ $# -gt 0 ] && shift
case "$command" in
    run)
        build
        # Without arguments: the demo study (reader choice, then the quiz).
        [ $# -eq 0 ] && set -- --demo
        exec build/release/app/turing-reader "$@"
        ;;
    test)
        build
        # Widgets tests render offscreen; VTK/OpenGL ones need an X server: Xvfb.
        xvfb-run -a -s "-screen 0 1920x1080x24" ctest --preset release "$@"
        ;;
    build)
        build
        ;;
    asan)
        install_missing_packages
        cmake --preset asan
        # Only what the sanitized labels need: their test executables (and so the
        # libraries under them) and the CLI that their command tests run; not the
        # benchmarks or the model tests.
        cmake --build --preset asan --target tests/core/all tests/core_io/all tests/studies/all tests/gui/all \
            turing-reader-cli
        # Leaks are not checked: Qt, fontconfig and LibTorch keep allocations for
        # the process's life. Any error or undefined behaviour fails the test.
        ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            xvfb-run -a -s "-screen 0 1920x1080x24" ctest --preset asan -L '^(core|core_io|studies|gui)$' "$@"
        ;;
    fuzz)
        PACKAGES+=("${FUZZ_PACKAGES[@]}")
        install_missing_packages
        cmake --preset fuzz
        cmake --build --preset fuzz
        tests/fuzz/run.sh -t "${1:-60}"
        ;;
    -h|--help|help)
        usage
        ;;
    *)
        usage >&2
        exit 2
        ;;
esac
