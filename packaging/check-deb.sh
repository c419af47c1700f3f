#!/usr/bin/env bash
# packaging/check-deb.sh BUILD_DIR
# Builds the .deb with CPack, checks it with lintian, installs it with apt (so its declared
# dependencies are resolved as on a user's machine), runs the installed
# turing-reader --self-test and turing-reader-cli, then removes the package.
# Changes the system's package set while it runs: meant for CI and release
# checks, as root or with sudo.
set -euo pipefail
build=${1:?usage: packaging/check-deb.sh BUILD_DIR}
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

rm -f "$build"/turing-reader_*.deb
(cd "$build" && cpack -G DEB)
deb=$(ls "$build"/turing-reader_*.deb)
echo "check-deb: built $deb"
dpkg-deb --field "$deb" Package Version Depends
# Debian's own package checks: no errors and no warnings (copyright, changelog,
# manual pages, description, file placement).
lintian --fail-on error,warning --tag-display-limit 0 "$deb"
echo "check-deb: lintian found no errors or warnings"

was_installed=0
dpkg-query -W -f='${Status}' turing-reader 2>/dev/null | grep -q 'install ok installed' && was_installed=1
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$(readlink -f "$deb")"
status=0
(cd / && /usr/bin/turing-reader --self-test) || status=$?
(cd / && /usr/bin/turing-reader-cli --version) || status=$?
# The installed CLI must find the installed default generator, not the source tree's.
created=$(mktemp -d)
(cd / && /usr/bin/turing-reader-cli generate --model default --count 2 --seed 1 --out "$created") || status=$?
[ -f "$created/created_00001.png" ] || { echo "check-deb: the default generator made no images"; status=1; }
rm -rf "$created"
desktop-file-validate /usr/share/applications/turing-reader.desktop || status=$?
[ -f /usr/share/icons/hicolor/scalable/apps/turing-reader.svg ] || { echo "check-deb: icon not installed"; status=1; }
for page in turing-reader turing-reader-cli; do
    zcat "/usr/share/man/man1/$page.1.gz" | grep -q '^\.SH OPTIONS\|^\.SH DESCRIPTION' \
        || { echo "check-deb: the manual page of $page is missing or empty"; status=1; }
done
[ "$was_installed" -eq 1 ] || "${sudo[@]}" dpkg --purge turing-reader
if [ "$status" -ne 0 ]; then
    echo "check-deb: FAILED (status $status)" >&2
    exit "$status"
fi
echo "check-deb: the installed package passed its self-test"
