#!/usr/bin/env bash
# Build the Linux one-folder bundle of 年报助手 and smoke-test the frozen program.
#
#   bash installer/build_linux.sh            # builds in a fresh venv (build/venv) from PyPI
#   bash installer/build_linux.sh --system   # uses the current python3, which must already
#                                            # have the project's dependencies + PyInstaller
#
# Steps: PyInstaller with installer/nianbao.spec -> prune what the spec cannot exclude
# (the ICU data library is rebuilt with only the root/English/Chinese locales, see
# installer/icu_subset.py) -> check that nothing excluded slipped in -> copy the bundle to
# a temporary folder away from the source tree and run `nianbao --selftest` there, offscreen,
# with an empty environment and (when running as root) without any network (unshare -n)
# and start it normally once (window with the sample, quitting when painted)
# -> report the size and the largest parts -> dist/nianbao-<version>-linux-x86_64.tar.gz.
# Exit status: 0 only when the build and the smoke test passed.
#   bash installer/build_linux.sh --target bullseye [--arch arm64]
#                                            # for old desktops (glibc 2.31): built in a Debian
#                                            # 11 chroot, plus the .deb (installer/build_bullseye.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--target" ]; then
  exec bash installer/build_bullseye.sh "$@"
fi
ROOT=$(pwd)
BUDGET_MB=${NIANBAO_BUDGET_MB:-120}
T0=$SECONDS
phase() { printf '\n== %s (%ds)\n' "$1" $((SECONDS - T0)); }

VERSION=$(sed -n '/^\[project\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
[ -n "$VERSION" ] || { echo "no [project] version in pyproject.toml" >&2; exit 1; }
echo "年报助手 $VERSION: Linux bundle"

# ------------------------------------------------------------------ 1. build environment
phase "1. build environment"
if [ "${1:-}" = "--system" ]; then
  PY=${PYTHON:-python3}
else
  if [ ! -x build/venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv build/venv
  fi
  PY=build/venv/bin/python
  "$PY" -m pip install -q --disable-pip-version-check -e ".[build]"
fi
"$PY" -c 'import PyInstaller, PySide6, openpyxl, reportlab' || {
  echo "the build python lacks PyInstaller or a dependency: pip install -e '.[build]'" >&2
  exit 1
}
"$PY" --version
"$PY" -m PyInstaller --version | sed 's/^/PyInstaller /'
T_ENV=$SECONDS

# ------------------------------------------------------------------ 2. PyInstaller
phase "2. PyInstaller (installer/nianbao.spec)"
mkdir -p build
set +e
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/nianbao.spec >build/pyinstaller.log 2>&1
rc=$?
set -e
# (libqgtk3's GTK libraries are not found on a headless build machine: the spec drops it)
grep -v "could not resolve 'lib\(gtk\|gdk\)-3" build/pyinstaller.log || true
[ "$rc" -eq 0 ] || { echo "PyInstaller failed (exit $rc)" >&2; exit "$rc"; }
BUNDLE=dist/nianbao
[ -x "$BUNDLE/nianbao" ] || { echo "PyInstaller did not produce $BUNDLE/nianbao" >&2; exit 1; }
T_PYI=$SECONDS
BEFORE=$(du -sm "$BUNDLE" | cut -f1)

# ------------------------------------------------------------------ 3. prune
phase "3. prune what the spec cannot exclude"
set +e
"$PY" installer/icu_subset.py "$BUNDLE"
rc=$?
set -e
if [ "$rc" -eq 2 ]; then
  echo "WARNING: ICU data not reduced (install icu-devtools and binutils); the bundle keeps" \
       "the full 31 MB libicudata" >&2
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
find "$BUNDLE" -name '__pycache__' -type d -prune -exec rm -rf {} +
# PyInstaller links some Qt libraries into _internal/; the link stays when the spec drops its
# target (PySide6-Addons' Wayland libraries with PySide6 6.8-6.11): remove dangling links.
find "$BUNDLE" -xtype l -print -delete | sed 's/^/dangling link removed: /'
# Nothing that the spec excludes may be there (a new PyInstaller or PySide6 could add it).
bad=$(cd "$BUNDLE/_internal" && find . \( -iname '*wayland*' -o -iname '*Qt6Quick*' \
  -o -iname '*Qt6Qml*' -o -iname '*VirtualKeyboard*' -o -iname 'opengl32sw*' \
  -o -iname 'libqeglfs*' -o -path './PySide6/*.qm' -o -name '*.py' -path './resources/*' \
  -o -name 'libssl*' -o -name 'libcrypto*' -o -path '*numpy*' -o -name '_avif*' \) -print)
if [ -n "$bad" ]; then
  echo "excluded parts found in the bundle:" >&2
  echo "$bad" >&2
  exit 1
fi
ls "$BUNDLE/_internal/PySide6/Qt/plugins/platforms"
T_PRUNE=$SECONDS

# ------------------------------------------------------------------ 4. smoke test
phase "4. smoke test: the frozen program's --selftest"
SMOKE=$(mktemp -d /tmp/nianbao-smoke-XXXXXX)
trap 'rm -rf "$SMOKE"' EXIT
cp -a "$BUNDLE" "$SMOKE/nianbao"  # away from the source tree: proves it is self-contained
mkdir -p "$SMOKE/home"
RUN=(env -i "PATH=/usr/bin:/bin" "HOME=$SMOKE/home" "LANG=C.UTF-8" "TMPDIR=$SMOKE"
     "QT_QPA_PLATFORM=offscreen" "NIANBAO_NO_DIALOGS=1"
     "NIANBAO_PDF_FONTS=bundled")  # the PDF must print with the fonts in the bundle
if [ "$(id -u)" = "0" ] && unshare -n true 2>/dev/null; then
  RUN=(unshare -n "${RUN[@]}")
  echo "network: none (unshare -n)"
else
  echo "network: not isolated (unshare -n needs root); the selftest still records any attempt"
fi
set +e
(cd "$SMOKE" && "${RUN[@]}" "$SMOKE/nianbao/nianbao" --selftest) 2>&1 | tee "$SMOKE/selftest.log"
SMOKE_RC=${PIPESTATUS[0]}
set -e
T_SMOKE=$SECONDS
if [ "$SMOKE_RC" -ne 0 ]; then
  echo "SMOKE TEST FAILED (exit $SMOKE_RC)" >&2
  exit 1
fi
grep -q '自检通过' "$SMOKE/selftest.log" || { echo "SMOKE TEST: no success line" >&2; exit 1; }
# The ordinary start (no arguments: the window with the sample, event loop running), quitting
# as soon as the window is painted (app.ui.main's NIANBAO_QUIT_AFTER_START hook).
START0=$(date +%s%N)
set +e
START_OUT=$(cd "$SMOKE" && "${RUN[@]}" NIANBAO_QUIT_AFTER_START=1 timeout 60 "$SMOKE/nianbao/nianbao" 2>&1)
START_RC=$?
set -e
START_MS=$(( ($(date +%s%N) - START0) / 1000000 ))
echo "$START_OUT" | grep -v propagateSizeHints || true
if [ "$START_RC" -ne 0 ] || ! grep -q "window ready" <<<"$START_OUT"; then
  echo "SMOKE TEST FAILED: the window did not start (exit $START_RC)" >&2
  exit 1
fi
echo "start-up to a painted window with the sample: ${START_MS} ms (frozen, offscreen, first run)"

# ------------------------------------------------------------------ 5. size
phase "5. size"
SIZE_MB=$(du -sm "$BUNDLE" | cut -f1)
du -sh "$BUNDLE"
echo "PyInstaller output ${BEFORE} MB, after pruning ${SIZE_MB} MB (budget ${BUDGET_MB} MB)"
echo "10 largest files:"
(cd "$BUNDLE" && find . -type f -printf '%s\t%p\n' | sort -rn | head -10 |
  awk -F'\t' '{printf "  %6.1f MB  %s\n", $1/1048576, $2}') || true  # head closes the pipe
echo "by part:"
(cd "$BUNDLE/_internal" && du -sk -- * | sort -rn | head -8 |
  awk '{printf "  %5.1f MB  _internal/%s\n", $1/1024, $2}') || true
(cd "$BUNDLE/_internal/PySide6" && du -sk Qt/lib Qt/plugins ./*.so* |
  sort -rn | head -6 | awk '{printf "  %5.1f MB  _internal/PySide6/%s\n", $1/1024, $2}') || true
if [ "$SIZE_MB" -gt "$BUDGET_MB" ]; then
  echo "OVER BUDGET: ${SIZE_MB} MB > ${BUDGET_MB} MB" >&2
  exit 1
fi

# ------------------------------------------------------------------ 6. archive
phase "6. archive"
ARCHIVE="dist/nianbao-${VERSION}-linux-$(uname -m).tar.gz"
tar -C dist -czf "$ARCHIVE" nianbao
ls -l "$ARCHIVE" | awk '{printf "%s  %.1f MB\n", $NF, $5/1048576}'

printf '\nDone in %ds: environment %ds, PyInstaller %ds, pruning %ds, smoke test %ds.\n' \
  $((SECONDS - T0)) $((T_ENV - T0)) $((T_PYI - T_ENV)) $((T_PRUNE - T_PYI)) $((T_SMOKE - T_PRUNE))
echo "Bundle: $ROOT/$BUNDLE/nianbao   Archive: $ROOT/$ARCHIVE"
