#!/usr/bin/env bash
# Install the .deb on this machine as a user would, use it, remove it, and check that nothing
# is left behind.
#
#   bash installer/test_deb.sh dist/nianbao_<version>_amd64.deb [DISPLAY]
#
# As root: dpkg -i -> the menu entry (desktop-file-validate; offered for .xlsx in the MIME
# cache, not made the default) and icon -> `nianbao --version`, `nianbao --selftest` (offscreen)
# -> with a DISPLAY (e.g. :14, an Xvfb is started there when none runs), the installed
# program started from /usr/bin/nianbao in a real X11 window and a screenshot
# (build/deb-test.png) -> dpkg -r, then dpkg -P: every file and folder the package installed
# is gone and the MIME cache no longer names it. Exit status 0 only when all of this passed.
set -euo pipefail
cd "$(dirname "$0")/.."
DEB=${1:?usage: test_deb.sh PACKAGE.deb [DISPLAY]}
DISPLAY_NUM=${2:-}
[ "$(id -u)" = "0" ] || { echo "needs root (dpkg -i)" >&2; exit 1; }
need=""
command -v desktop-file-validate >/dev/null || need="$need desktop-file-utils"
command -v update-mime-database >/dev/null || need="$need shared-mime-info"
if [ -n "$DISPLAY_NUM" ]; then
  command -v Xvfb >/dev/null || need="$need xvfb"
  command -v import >/dev/null || need="$need imagemagick"
fi
if [ -n "$need" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
fail() { echo "FAIL: $*" >&2; exit 1; }
WATCH=(/opt /usr/bin /usr/share/applications /usr/share/icons/hicolor /usr/share/man/man1
       /usr/share/doc /usr/share/lintian/overrides)
snapshot() {
  local d
  for d in "${WATCH[@]}"; do
    if [ -e "$d" ]; then find "$d" -not -name '*.cache'; fi
  done | sort
}
MIME=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet

dpkg -s nianbao >/dev/null 2>&1 && dpkg -P nianbao >/dev/null
# The package's dependencies first (a desktop has them; a fresh chroot may not), so that the
# before/after comparison sees only what the package itself installs.
deps=$(dpkg-deb -f "$DEB" Depends | sed 's/ *([^)]*)//g; s/,/ /g')
# shellcheck disable=SC2086
if ! dpkg -s $deps >/dev/null 2>&1; then
  echo "installing the dependencies:" $deps
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $deps >/dev/null
fi
snapshot >/tmp/nianbao-before.txt
T0=$(date +%s%N)
dpkg -i "$DEB"
echo "dpkg -i: $(( ($(date +%s%N) - T0) / 1000000 )) ms"
dpkg -s nianbao | grep -E '^(Status|Version|Installed-Size|Depends):'

echo "== menu entry"
desktop-file-validate /usr/share/applications/nianbao.desktop || fail "desktop file"
grep -E '^(Name|Name\[zh_CN\]|Exec|Icon|MimeType)=' /usr/share/applications/nianbao.desktop
[ -f /usr/share/icons/hicolor/256x256/apps/nianbao.png ] || fail "no icon"
grep -q "^$MIME=.*nianbao.desktop" /usr/share/applications/mimeinfo.cache ||
  fail "the MIME cache does not offer nianbao for .xlsx"
echo "offered for .xlsx: $(grep "^$MIME=" /usr/share/applications/mimeinfo.cache)"
if grep -rqs nianbao /usr/share/applications/mimeapps.list /etc/xdg/mimeapps.list; then
  fail "the package made itself the default application"
fi
echo "default for .xlsx: not set by the package (mimeapps.list untouched)"

echo "== the installed program"
[ "$(readlink /usr/bin/nianbao)" = /opt/nianbao/nianbao ] || fail "/usr/bin/nianbao"
WORK=$(mktemp -d /tmp/nianbao-debtest-XXXXXX)
RUN=(env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 NIANBAO_NO_DIALOGS=1)
(cd "$WORK" && "${RUN[@]}" nianbao --version)
(cd "$WORK" && "${RUN[@]}" QT_QPA_PLATFORM=offscreen nianbao --selftest) >"$WORK/selftest.log" 2>&1 ||
  { cat "$WORK/selftest.log"; fail "selftest"; }
tail -3 "$WORK/selftest.log"
if [ -n "$DISPLAY_NUM" ]; then
  XPID=""
  if ! xdpyinfo -display "$DISPLAY_NUM" >/dev/null 2>&1 && ! [ -e "/tmp/.X11-unix/X${DISPLAY_NUM#:}" ]; then
    Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 >/dev/null 2>&1 &
    XPID=$!
    sleep 2
  fi
  (cd "$WORK" && exec "${RUN[@]}" DISPLAY="$DISPLAY_NUM" timeout 60 nianbao >"$WORK/window.log" 2>&1) &
  APP=$!  # timeout's pid (exec): it passes the TERM below on to the program
  sleep 10
  mkdir -p build
  import -display "$DISPLAY_NUM" -window root build/deb-test.png
  echo "screenshot of the installed program on $DISPLAY_NUM: build/deb-test.png"
  kill "$APP" 2>/dev/null || true
  wait "$APP" 2>/dev/null || true
  [ -n "$XPID" ] && kill "$XPID"
fi
rm -rf "$WORK"

echo "== removal"
dpkg -r nianbao >/dev/null
[ ! -e /opt/nianbao ] || fail "/opt/nianbao left after dpkg -r: $(find /opt/nianbao | head)"
[ ! -e /usr/bin/nianbao ] || fail "/usr/bin/nianbao left after dpkg -r"
dpkg -P nianbao >/dev/null
dpkg -s nianbao >/dev/null 2>&1 && fail "still known to dpkg after dpkg -P"
ls /var/lib/dpkg/info/nianbao.* 2>/dev/null && fail "dpkg info files left"
snapshot >/tmp/nianbao-after.txt
left=$(comm -13 /tmp/nianbao-before.txt /tmp/nianbao-after.txt)
[ -z "$left" ] || fail "files or folders left behind: $left"
gone=$(comm -23 /tmp/nianbao-before.txt /tmp/nianbao-after.txt)
# (dpkg removes a shared folder such as an empty /opt that no other package claims)
[ -z "$gone" ] || echo "removed with the package, being empty and unclaimed: $gone"
grep -qs nianbao /usr/share/applications/mimeinfo.cache && fail "MIME cache still names nianbao"
echo "dpkg -r / dpkg -P: nothing left behind (compared ${#WATCH[@]} folders before and after)"
echo "test_deb: OK"
