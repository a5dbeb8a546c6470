#!/usr/bin/env bash
# Wrap a Linux bundle of 年报助手 in a .deb (dpkg-deb only; installs offline), then lintian it.
#
#   bash installer/make_deb.sh BUNDLE_DIR ARCH MIN_GLIBC [PACKAGE ...]
#   e.g. bash installer/make_deb.sh dist/bullseye-amd64/nianbao amd64 2.28 libx11-6 libglib2.0-0
#
# ARCH is Debian's name (amd64, arm64); MIN_GLIBC the newest GLIBC_ version the bundle needs
# (Depends: libc6 (>= MIN_GLIBC)); the PACKAGEs hold the system libraries the bundle links
# (installer/build_bullseye.sh derives both from installer/check_bundle.py).
# Layout: /opt/nianbao (the bundle), /usr/bin/nianbao -> /opt/nianbao/nianbao, the menu entry
# /usr/share/applications/nianbao.desktop (offers itself for .xlsx through MimeType; sets no
# default: the desktop's own MIME settings decide), icons in hicolor, a manual page, the
# copyright file and lintian overrides (installer/linux/). No maintainer scripts: the menu,
# icon and MIME caches are refreshed by the desktop's own dpkg triggers, and removal deletes
# every file the package installed. Result: dist/nianbao_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 3 ] || { sed -n '2,6p' "$0"; exit 2; }
BUNDLE=$1 ARCH=$2 MIN_GLIBC=$3
shift 3
VERSION=$(sed -n '/^\[project\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
PKG=nianbao
[ -x "$BUNDLE/nianbao" ] || { echo "no bundle at $BUNDLE" >&2; exit 1; }
STAGE=build/deb-$ARCH
rm -rf "$STAGE" && mkdir -p "$STAGE/root"
R=$STAGE/root

# the program
mkdir -p "$R/opt" "$R/usr/bin"
cp -a "$BUNDLE" "$R/opt/nianbao"
ln -s /opt/nianbao/nianbao "$R/usr/bin/nianbao"
# menu entry, manual page, documentation, lintian overrides
install -D -m 0644 installer/linux/nianbao.desktop "$R/usr/share/applications/nianbao.desktop"
install -d "$R/usr/share/man/man1" "$R/usr/share/doc/$PKG" "$R/usr/share/lintian/overrides"
gzip -9n <installer/linux/nianbao.1 >"$R/usr/share/man/man1/nianbao.1.gz"
install -m 0644 installer/linux/copyright "$R/usr/share/doc/$PKG/copyright"
install -m 0644 installer/linux/lintian-overrides "$R/usr/share/lintian/overrides/$PKG"
DATE=$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
MAINTAINER=${NIANBAO_MAINTAINER:-$(git log -1 --format='%an <%ae>' 2>/dev/null || echo 'nianbao <nianbao@localhost>')}
printf '%s (%s) stable; urgency=medium\n\n  * Release %s of 年报助手, built by installer/build_bullseye.sh.\n\n -- %s  %s\n' \
  "$PKG" "$VERSION" "$VERSION" "$MAINTAINER" "$DATE" | gzip -9n >"$R/usr/share/doc/$PKG/changelog.gz"
# icons: the PNG images inside the Windows icon (installer/make_icon.py draws both)
python3 - "$R/usr/share/icons/hicolor" <<'EOF'
import struct, sys
from pathlib import Path
data = Path("resources/icons/nianbao.ico").read_bytes()
count = struct.unpack_from("<3H", data)[2]
for i in range(count):
    w, h, _c, _r, _p, _b, size, offset = struct.unpack_from("<4B2H2I", data, 6 + 16 * i)
    w, png = w or 256, data[offset : offset + size]
    if png[:8] == b"\x89PNG\r\n\x1a\n" and w in (16, 24, 32, 48, 64, 128, 256):
        out = Path(sys.argv[1]) / f"{w}x{w}" / "apps" / "nianbao.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(png)
EOF
[ -f "$R/usr/share/icons/hicolor/256x256/apps/nianbao.png" ] || { echo "no 256 px icon" >&2; exit 1; }

# permissions: directories 755, files 644, the program 755 (shared libraries need no x bit)
find "$R" -type d -exec chmod 0755 {} +
find "$R" -type f -exec chmod 0644 {} +
chmod 0755 "$R/opt/nianbao/nianbao"

# control
mkdir -p "$R/DEBIAN"
DEPENDS="libc6 (>= $MIN_GLIBC)"
for p in "$@"; do
  [ "$p" = libc6 ] || DEPENDS="$DEPENDS, $p"
done
cat >"$R/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$R" | cut -f1)
Depends: $DEPENDS
Section: utils
Priority: optional
Description: annual report assistant for government information disclosure (年报助手)
 年报助手：政府信息公开工作年度报告的填报、检查与打印。
 .
 年报助手 helps a government office fill in, check and print its yearly
 report on government information disclosure (政府信息公开工作年度报告) in the
 official format: it reads the office's spreadsheet, checks every rule, and
 writes the Excel workbook and the PDF. It works offline and opens no network
 connection. The program and everything it runs on (Python, Qt) are installed
 under /opt/nianbao.
EOF
(cd "$R" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$R/DEBIAN/control" "$R/DEBIAN/md5sums"

DEB=dist/${PKG}_${VERSION}_${ARCH}.deb
mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$R" "$DEB" >/dev/null
ls -l "$DEB" | awk '{printf "%s  %.1f MB\n", $NF, $5/1048576}'
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Description:/p'

# lintian: no error or warning left; every overridden tag has its reason in the overrides file
if command -v lintian >/dev/null 2>&1; then
  set +e
  lintian --fail-on error,warning --display-info "$DEB" >"$STAGE/lintian.txt" 2>&1
  rc=$?
  set -e
  # (with --show-overrides lintian also fails on overridden tags: only for the listing)
  lintian --show-overrides "$DEB" 2>/dev/null | grep '^O: ' | cut -d' ' -f3 | sort | uniq -c |
    sort -rn | sed 's/^/  overridden: /' || true
  grep -E '^[EWI]: ' "$STAGE/lintian.txt" | cut -d' ' -f1,3 | sort | uniq -c | sort -rn || true
  [ "$rc" -eq 0 ] || { echo "lintian found errors or warnings (see $STAGE/lintian.txt)" >&2; exit 1; }
  echo "lintian: no error or warning (overridden tags above; their reasons: installer/linux/lintian-overrides)"
else
  echo "lintian not installed: skipped" >&2
fi
