#!/usr/bin/env bash
# Run installer/test_deb.sh inside a fresh Debian chroot of another release: the .deb's
# dependencies are resolved there by apt (e.g. trixie's renamed libglib2.0-0t64, libcups2t64,
# as in Ubuntu 24.04), then install, selftest, removal as on this machine (no display).
#
#   bash installer/test_deb_chroot.sh dist/nianbao_<version>_amd64.deb [SUITE]   # default trixie
#
# The chroot is kept in $NIANBAO_CHROOTS/SUITE-amd64-test (default /work/chroots) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
DEB=${1:?usage: test_deb_chroot.sh PACKAGE.deb [SUITE]}
SUITE=${2:-trixie}
CHROOTS=${NIANBAO_CHROOTS:-/work/chroots}
C=$CHROOTS/$SUITE-amd64-test  # not the build chroot: a fresh minimal system
[ "$(id -u)" = "0" ] || { echo "needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
if [ ! -f "$C/.nianbao-chroot" ]; then
  rm -rf "$C"
  debootstrap --variant=minbase "$SUITE" "$C" "${NIANBAO_MIRROR:-http://deb.debian.org/debian}" >/dev/null
  touch "$C/.nianbao-chroot"
fi
rm -rf "$C/t" && mkdir -p "$C/t/installer" "$C/t/dist"
cp installer/test_deb.sh "$C/t/installer/"
cp "$DEB" "$C/t/dist/"
mountpoint -q "$C/proc" || mount -t proc proc "$C/proc"
trap 'umount -l "$C/proc"' EXIT
echo "$SUITE: $(chroot "$C" ldd --version | head -1)"
chroot "$C" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  bash /t/installer/test_deb.sh "/t/dist/$(basename "$DEB")"
