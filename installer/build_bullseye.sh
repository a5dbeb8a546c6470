#!/usr/bin/env bash
# Build the Linux bundle and the .deb of 年报助手 inside a Debian 11 (bullseye) chroot, so
# that it runs on old office desktops: glibc 2.31 at most (统信 UOS, 麒麟 Kylin V10,
# Ubuntu 20.04 and newer), x86-64 or ARM64.
#
#   bash installer/build_linux.sh --target bullseye                # x86-64 (amd64)
#   bash installer/build_linux.sh --target bullseye --arch arm64   # ARM64 through qemu-user
#   (the same as: bash installer/build_bullseye.sh [--arch amd64|arm64])
#
# Needs root (debootstrap, chroot, dpkg) and Debian's package archive and PyPI; installs
# debootstrap, qemu-user-static, binfmt-support, lintian and binutils with apt-get when they
# are missing. The chroots are kept in $NIANBAO_CHROOTS (default /work/chroots) and reused:
#   bullseye-amd64: build tools; Python 3.11 built there from Debian's python3.11 source
#                   (bullseye has only 3.9; the program needs 3.10+), installed in /opt/python3.11
#   bullseye-arm64: the same Python 3.11 cross-compiled in bullseye-amd64 (gcc under
#                   emulation is ~10x slower), plus gcc and icupkg for the ICU step
# Steps: chroot -> Python 3.11 -> wheels for the target (pip download on this machine:
# PySide6 6.9.x on x86-64, 6.8.0.x on ARM64, whose wheels need glibc 2.28 / 2.31) -> inside
# the chroot: venv, installer/build_linux.sh --system (PyInstaller, pruning, selftest; on
# ARM64 under qemu) -> installer/check_bundle.py (objdump/readelf: no GLIBC_ newer than
# $NIANBAO_MAX_GLIBC, default 2.28 on x86-64 and 2.31 on ARM64; every library a binary links
# is bundled or one every target desktop has) -> installer/make_deb.sh (dpkg-deb, lintian).
# Results: dist/bullseye-<arch>/nianbao/, dist/nianbao-<version>-linux-<arch>.tar.gz,
# dist/nianbao_<version>_<arch>.deb. Exit status 0 only when every step passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ARCH=amd64
while [ "$#" -gt 0 ]; do
  case "$1" in
    --target) [ "${2:-}" = "bullseye" ] || { echo "only --target bullseye" >&2; exit 2; }; shift 2 ;;
    --arch) ARCH=${2:-}; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$ARCH" in
  # the newest glibc allowed: what the PySide6 wheels need (UOS 20 has 2.28, Kylin V10 2.31)
  amd64) QT="6.9.*"; UARCH=x86_64; MAX_GLIBC=2.28 ;;
  arm64) QT="6.8.0.*"; UARCH=aarch64; MAX_GLIBC=2.31 ;;
  *) echo "--arch amd64 or arm64" >&2; exit 2 ;;
esac
TRIPLET=$UARCH-linux-gnu
QT=${NIANBAO_PYSIDE:-$QT}
MAX_GLIBC=${NIANBAO_MAX_GLIBC:-$MAX_GLIBC}
CHROOTS=${NIANBAO_CHROOTS:-/work/chroots}
MIRROR=${NIANBAO_MIRROR:-http://deb.debian.org/debian}
PYVER=3.11
PYPREFIX=/opt/python$PYVER
T0=$SECONDS
phase() { printf '\n== [%s] %s (%ds)\n' "$ARCH" "$1" $((SECONDS - T0)); }
[ "$(id -u)" = "0" ] || { echo "needs root (debootstrap, chroot)" >&2; exit 1; }

VERSION=$(sed -n '/^\[project\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
echo "年报助手 $VERSION: bullseye build for $ARCH (PySide6 $QT, Python $PYVER)"

# ------------------------------------------------------------------ 0. host tools
phase "0. tools on this machine"
need=""
for tool_pkg in debootstrap:debootstrap lintian:lintian objdump:binutils readelf:binutils \
                dpkg-deb:dpkg unshare:util-linux; do
  command -v "${tool_pkg%%:*}" >/dev/null 2>&1 || need="$need ${tool_pkg#*:}"
done
if [ "$ARCH" != amd64 ]; then
  [ -x /usr/bin/qemu-aarch64-static ] || need="$need qemu-user-static"
  command -v update-binfmts >/dev/null 2>&1 || need="$need binfmt-support"
fi
if [ -n "$need" ]; then
  echo "installing:$need"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
if [ "$ARCH" != amd64 ]; then
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  update-binfmts --enable qemu-aarch64 2>/dev/null || true
  grep -q enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
    { echo "qemu-aarch64 binfmt is not enabled" >&2; exit 1; }
fi

# ------------------------------------------------------------------ chroot helpers
MOUNTED=()
cleanup() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
enter() {  # enter CHROOT: mount /proc and /dev/shm once
  local c=$1
  if ! mountpoint -q "$c/proc"; then mount -t proc proc "$c/proc"; MOUNTED+=("$c/proc"); fi
  mkdir -p "$c/dev/shm"
  if ! mountpoint -q "$c/dev/shm"; then mount -t tmpfs shm "$c/dev/shm"; MOUNTED+=("$c/dev/shm"); fi
}
in_chroot() {  # in_chroot CHROOT COMMAND...: a clean environment, as root
  local c=$1; shift
  enter "$c"
  chroot "$c" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
# Build tools, and the libraries the bundle either copies (xcb utilities, xkbcommon) or
# takes from the system at run time (X11, fontconfig, glib, dbus, CUPS, GL), so that
# PyInstaller finds them and the selftest runs inside the chroot.
RUNTIME_PKGS="libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6 libx11-xcb1 libxcb1
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
  libxcb-xinerama0 libxcb-xinput0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1
  libopengl0 libcups2 libgssapi-krb5-2 libsm6 libice6 fontconfig-config"
BUILD_PKGS="ca-certificates binutils file gcc libc6-dev icu-devtools dpkg-dev util-linux"
make_chroot() {  # make_chroot ARCH EXTRA_PACKAGES
  local arch=$1 extra=$2 dir="$CHROOTS/bullseye-$1"
  if [ ! -f "$dir/.nianbao-chroot" ]; then
    echo "debootstrap bullseye $arch -> $dir"
    mkdir -p "$CHROOTS"
    rm -rf "$dir.partial"
    debootstrap --arch="$arch" --variant=buildd bullseye "$dir.partial" "$MIRROR" >"$CHROOTS/debootstrap-$arch.log" 2>&1 ||
      { tail -20 "$CHROOTS/debootstrap-$arch.log" >&2; echo "debootstrap failed" >&2; exit 1; }
    if [ -d "$dir" ]; then  # an unfinished earlier try
      umount -l "$dir/proc" "$dir/dev/shm" 2>/dev/null || true
      rm -rf "$dir.old" && mv "$dir" "$dir.old"
    fi
    mv "$dir.partial" "$dir"
    rm -rf "$dir.old"
  fi
  local want have
  have=$(cat "$dir/.nianbao-chroot" 2>/dev/null || true)
  want=$(echo $BUILD_PKGS $RUNTIME_PKGS $extra $have | tr ' ' '\n' | sort -u | tr '\n' ' ')
  if [ "$have" != "$want" ]; then  # (the list of what was installed grows, never shrinks)
    echo "apt-get install in $dir: $want"
    case "$want" in *:arm64*) in_chroot "$dir" dpkg --add-architecture arm64 ;; esac
    in_chroot "$dir" sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $want >/dev/null"
    echo "$want" >"$dir/.nianbao-chroot"
  fi
}

# ------------------------------------------------------------------ 1. chroots
phase "1. chroot(s)"
AMD=$CHROOTS/bullseye-amd64
CROSS_PKGS=""
# cross-compiling Python for ARM64: the cross compiler and the target's -dev libraries
[ "$ARCH" = arm64 ] && CROSS_PKGS="gcc-aarch64-linux-gnu libc6-dev:arm64 libffi-dev:arm64
  zlib1g-dev:arm64 libbz2-dev:arm64 liblzma-dev:arm64"
make_chroot amd64 "make xz-utils patch pkg-config libffi-dev zlib1g-dev libbz2-dev liblzma-dev $CROSS_PKGS"
TARGET=$CHROOTS/bullseye-$ARCH
[ "$ARCH" = amd64 ] || make_chroot "$ARCH" ""
# mount here, not in the $(...) subshells below, so that the exit trap knows to unmount
enter "$AMD"
enter "$TARGET"
echo "$TARGET: $(in_chroot "$TARGET" sh -c 'ldd --version | head -1')"

# ------------------------------------------------------------------ 2. Python 3.11
phase "2. Python $PYVER in the chroot ($PYPREFIX)"
T_PY=$SECONDS
# The source: Debian's python3.11 package of bookworm (upstream tarball + Debian's security
# fixes; the Debian layout patches are not applied: this Python lives in /opt on its own).
# Configure: shared libpython (PyInstaller needs it); no sem_clockwait (a glibc 2.30 function);
# exp/exp2/log/log2/pow linked to their old glibc symbol versions instead of 2.29's (same
# results; the 2.29 versions only drop a wrapper): libpython then needs no newer glibc than
# Qt's x86-64 wheels (2.28, 统信 UOS 20).
PY_CONFIG="--prefix=$PYPREFIX --enable-shared LDFLAGS=-Wl,-rpath,$PYPREFIX/lib ac_cv_func_sem_clockwait=no CFLAGS=-include/opt/src/old-libm.h"
cat >"$AMD/tmp/nianbao-python-$ARCH.sh" <<EOF
set -euo pipefail
mkdir -p /opt/src && cd /opt/src
if ! ls python3.11_*.orig.tar.* >/dev/null 2>&1; then
  echo "deb-src $MIRROR bookworm main" >/etc/apt/sources.list.d/nianbao-python-src.list
  apt-get update -qq
  apt-get source --download-only python3.11 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
  rm /etc/apt/sources.list.d/nianbao-python-src.list
  apt-get update -qq
fi
if [ ! -d Python-src ]; then
  rm -rf Python-src.tmp && mkdir Python-src.tmp
  tar -xf python3.11_*.orig.tar.* -C Python-src.tmp --strip-components=1
  tar -xf python3.11_*.debian.tar.* -C Python-src.tmp debian/patches
  applied=0; skipped=""
  # Debian's fixes: every patch from the first CVE fix on (the earlier ones adapt the layout)
  for p in \$(sed -n '/^CVE-/,\$p' Python-src.tmp/debian/patches/series | sed 's/[[:space:]].*//'); do
    if patch -d Python-src.tmp -p1 -N --dry-run -s <Python-src.tmp/debian/patches/\$p >/dev/null 2>&1; then
      patch -d Python-src.tmp -p1 -N -s <Python-src.tmp/debian/patches/\$p; applied=\$((applied + 1))
    else
      skipped="\$skipped \$p"
    fi
  done
  echo "Debian fixes applied: \$applied; not applicable:\${skipped:- none}"
  mv Python-src.tmp Python-src
fi
# Debian's fix for CVE-2026-4224 includes an internal header in pyexpat.c, which Debian builds
# into libpython; built as a module (upstream's way) it needs the define upstream's modules use.
if grep -q pycore_ceval.h Python-src/Modules/pyexpat.c && ! grep -q Py_BUILD_CORE_MODULE Python-src/Modules/pyexpat.c; then
  sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Python-src/Modules/pyexpat.c
fi
cat >old-libm.h <<'HEADER'
/* Use the libm symbol versions of glibc < 2.29 (see installer/build_bullseye.sh). */
#if defined(__x86_64__)
#define NIANBAO_OLD_LIBM "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define NIANBAO_OLD_LIBM "GLIBC_2.17"
#endif
#ifdef NIANBAO_OLD_LIBM
__asm__(".symver exp,exp@" NIANBAO_OLD_LIBM);
__asm__(".symver exp2,exp2@" NIANBAO_OLD_LIBM);
__asm__(".symver log,log@" NIANBAO_OLD_LIBM);
__asm__(".symver log2,log2@" NIANBAO_OLD_LIBM);
__asm__(".symver pow,pow@" NIANBAO_OLD_LIBM);
#endif
HEADER
build() {  # build DIR DESTDIR CONFIGURE-ARGS...
  local dir=\$1 dest=\$2; shift 2
  rm -rf "\$dir" && mkdir -p "\$dir" && cd "\$dir"
  ../Python-src/configure -q "\$@" >configure.log 2>&1 || { tail -30 configure.log; exit 1; }
  make -s -j"\$(nproc)" >make.log 2>&1 || { tail -30 make.log; exit 1; }
  make -s install DESTDIR="\$dest" >install.log 2>&1 || { tail -30 install.log; exit 1; }
  echo "\$*" >"\$dest$PYPREFIX/.nianbao-complete"  # what it was built with
}
built_with() { [ "\$(cat "\$1$PYPREFIX/.nianbao-complete" 2>/dev/null)" = "\$2" ]; }
AMD_ARGS="--with-ensurepip=install $PY_CONFIG"
if ! built_with / "\$AMD_ARGS"; then
  build /opt/src/build-amd64 / \$AMD_ARGS
fi
ARM_ARGS="--host=aarch64-linux-gnu --build=x86_64-linux-gnu --with-build-python=$PYPREFIX/bin/python$PYVER --with-ensurepip=no ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no $PY_CONFIG"
if [ "$ARCH" = arm64 ] && ! built_with /opt/cross-arm64 "\$ARM_ARGS"; then
  build /opt/src/build-arm64 /opt/cross-arm64 \$ARM_ARGS
fi
EOF
in_chroot "$AMD" nice -n 10 bash /tmp/nianbao-python-$ARCH.sh
if [ "$ARCH" = arm64 ] && ! cmp -s "$AMD/opt/cross-arm64$PYPREFIX/.nianbao-complete" "$TARGET$PYPREFIX/.nianbao-complete"; then
  rm -rf "$TARGET$PYPREFIX"
  cp -a "$AMD/opt/cross-arm64$PYPREFIX" "$TARGET$PYPREFIX"
  mv "$TARGET$PYPREFIX/.nianbao-complete" "$TARGET/tmp/nianbao-python-built"
  in_chroot "$TARGET" "$PYPREFIX/bin/python$PYVER" -m ensurepip
  mv "$TARGET/tmp/nianbao-python-built" "$TARGET$PYPREFIX/.nianbao-complete"
fi
in_chroot "$TARGET" "$PYPREFIX/bin/python$PYVER" -c \
  'import platform, sys, zlib, bz2, lzma, ctypes; print("Python", platform.python_version(), platform.machine(), sys.prefix)'
T_PY=$((SECONDS - T_PY))

# ------------------------------------------------------------------ 3. wheels
phase "3. wheels for $UARCH (pip download on this machine)"
WHEELS=build/wheels-bullseye-$ARCH
mkdir -p "$WHEELS"
# The dependencies from pyproject.toml (PySide6 aside: the pinned line for this target, with
# QtPdf from PySide6-Addons before 6.12) and PyInstaller from the build extra.
mapfile -t REQS < <(sed -n '/^dependencies = \[/,/^\]/p; /^build = \[/p' pyproject.toml |
  grep -o '"[^"]*"' | tr -d '"' | grep -vi '^pyside6')
REQS+=("PySide6-Essentials==$QT" "PySide6-Addons==$QT")
printf '%s\n' "${REQS[@]}" >"$WHEELS/requirements.txt"
HOSTPY=${PYTHON:-python3}
# pip does not widen a --platform to the older manylinux tags that glibc 2.31 also runs: list them
PLATFORMS=()
for minor in $(seq 31 -1 17); do PLATFORMS+=(--platform "manylinux_2_${minor}_$UARCH"); done
PLATFORMS+=(--platform "manylinux2014_$UARCH")
"$HOSTPY" -m pip download -q --disable-pip-version-check --only-binary=:all: \
  "${PLATFORMS[@]}" --python-version "$PYVER" --implementation cp \
  -d "$WHEELS" -r "$WHEELS/requirements.txt" 2>&1 | grep -v "^WARNING: Location 'file:" || true
ls "$WHEELS"/pyside6_essentials-* >/dev/null 2>&1 || ls "$WHEELS"/PySide6_Essentials-* >/dev/null ||
  { echo "no PySide6 wheel downloaded" >&2; exit 1; }

# ------------------------------------------------------------------ 4. build in the chroot
phase "4. PyInstaller build + selftest inside the chroot"
T_BUILD=$SECONDS
rm -rf "$TARGET/build" && mkdir -p "$TARGET/build/src"
if git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$TARGET/build/src" -xf -
else
  tar --exclude=./.venv --exclude=./build --exclude=./dist --exclude=./.git -cf - . |
    tar -C "$TARGET/build/src" -xf -
fi
cp -a "$WHEELS" "$TARGET/build/wheels"
in_chroot "$TARGET" bash -c "set -e
  $PYPREFIX/bin/python$PYVER -m venv /build/venv
  /build/venv/bin/python -m pip install -q --disable-pip-version-check --no-index \
    --find-links /build/wheels -r /build/wheels/requirements.txt
  cd /build/src && PYTHON=/build/venv/bin/python nice -n 10 bash installer/build_linux.sh --system" \
  2>&1 | tee "build/bullseye-$ARCH.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "the build inside the chroot failed" >&2; exit 1; }
T_BUILD=$((SECONDS - T_BUILD))
OUT=dist/bullseye-$ARCH
rm -rf "$OUT" && mkdir -p "$OUT"
cp -a "$TARGET/build/src/dist/nianbao" "$OUT/nianbao"
cp "$TARGET/build/src/dist/nianbao-$VERSION-linux-$UARCH.tar.gz" dist/

# ------------------------------------------------------------------ 5. portability check
phase "5. glibc and system-library check (objdump -T, readelf -d)"
cp installer/check_bundle.py "$TARGET/build/check_bundle.py"
in_chroot "$TARGET" /build/venv/bin/python /build/check_bundle.py --max-glibc "$MAX_GLIBC" \
  --spec /build/src/installer/nianbao.spec --depends /build/system-libs.txt /build/src/dist/nianbao |
  tee "build/bullseye-$ARCH.check"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "the bundle is not portable (see above)" >&2; exit 1; }
# The packages that hold those libraries in bullseye become the .deb's Depends.
# (the target's own library folders only: the x86-64 chroot also holds ARM64 cross libraries)
DEPENDS=$(in_chroot "$TARGET" sh -c 'for lib in $(cat /build/system-libs.txt); do
    dpkg -S "*/'"$TRIPLET"'/$lib" 2>/dev/null | head -1 | cut -d: -f1 | grep . || echo "?$lib"; done |
    sort -u | tr "\n" " "')
case " $DEPENDS" in
  *" ?"*) echo "no bullseye package holds:$(echo " $DEPENDS" | grep -o ' ?[^ ]*' | tr -d '?')" >&2; exit 1 ;;
esac
NEWEST=$(grep -o 'newest of all: GLIBC_[0-9.]*' "build/bullseye-$ARCH.check" | sed 's/.*GLIBC_//')

# ------------------------------------------------------------------ 6. .deb
phase "6. .deb"
T_DEB=$SECONDS
bash installer/make_deb.sh "$OUT/nianbao" "$ARCH" "$NEWEST" $DEPENDS
T_DEB=$((SECONDS - T_DEB))

printf '\n[%s] done in %ds: Python %ds (0 when cached), build + selftest %ds, .deb + lintian %ds\n' \
  "$ARCH" $((SECONDS - T0)) "$T_PY" "$T_BUILD" "$T_DEB"
du -sm "$OUT/nianbao" | awk '{print "bundle: " $1 " MB"}'
ls -l dist/nianbao-"$VERSION"-linux-"$UARCH".tar.gz dist/nianbao_"$VERSION"_"$ARCH".deb |
  awk '{printf "%s  %.1f MB\n", $NF, $5/1048576}'
