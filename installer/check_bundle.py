"""Check that a Linux bundle runs on the old desktops it is built for.

Two things decide whether the frozen program starts on a given Linux desktop:

- **glibc**: every binary in the bundle (executable, libpython, extension modules, Qt
  libraries and plugins, the libraries they bring) names the glibc symbol versions it needs;
  the newest of them (``objdump -T``: ``GLIBC_2.xx``) must not be newer than the target's
  glibc (统信 UOS 20: 2.28, 麒麟 Kylin V10 / Ubuntu 20.04: 2.31).
- **system libraries**: every library a binary links (``DT_NEEDED``, ``readelf -d``) must
  be in the bundle or be one that every target desktop has: glibc's own libraries, the
  OpenGL dispatch libraries (libglvnd) and the desktop libraries that the spec deliberately
  takes from the system (``SYSTEM_LIBS`` in ``installer/nianbao.spec``: X11/xcb core,
  fontconfig/freetype, glib, D-Bus, CUPS, krb5, compression libraries).

Usage: python installer/check_bundle.py [--max-glibc 2.31] [--spec installer/nianbao.spec]
       [--depends FILE] BUNDLE_DIR

Prints the newest glibc version per part and the system libraries assumed; with
``--depends FILE`` writes the assumed system libraries there, one per line (the .deb's
Depends are derived from them). Exit status 0 when both checks pass, 1 otherwise, 2 when
``objdump``/``readelf`` is missing. Needs only the standard library and binutils of the
bundle's own architecture (it runs inside the build chroot).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

# glibc's own libraries (always there where glibc is) and the dynamic loaders.
GLIBC_LIBS = {
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "libutil.so.1",
    "libresolv.so.2",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}
# libglvnd's dispatch libraries: every desktop with a graphics driver (Mesa) has them, and a
# bundled copy would fight the system's driver. Qt's GUI library links them even when, as
# here, it draws with the raster engine only.
GL_LIBS = {"libgl.so.1", "libegl.so.1", "libglx.so.0", "libopengl.so.0", "libgldispatch.so.0"}
VERSION_RE = re.compile(r"\bGLIBC_(\d+(?:\.\d+)+)\b")


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def spec_system_libs(spec: Path) -> set[str]:
    """``SYSTEM_LIBS`` of the PyInstaller spec, read without running the spec."""
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "SYSTEM_LIBS" for t in node.targets)
            and isinstance(node.value, ast.Set)
        ):
            return {str(ast.literal_eval(e)).lower() for e in node.value.elts}
    raise SystemExit(f"check_bundle: no SYSTEM_LIBS set in {spec}")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def glibc_needs(path: Path) -> dict[str, list[str]]:
    """{version: [symbols]} of the undefined glibc symbols (``objdump -T``)."""
    needs: dict[str, list[str]] = {}
    for line in run("objdump", "-T", str(path)).splitlines():
        if "*UND*" not in line:
            continue
        m = VERSION_RE.search(line)
        if m:
            needs.setdefault(m.group(1), []).append(line.split()[-1])
    return needs


def needed(path: Path) -> list[str]:
    """The libraries ``path`` links (``readelf -d``: NEEDED entries)."""
    out = run("readelf", "-d", "-W", str(path))
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--max-glibc", default="2.31")
    parser.add_argument("--spec", type=Path, default=Path(__file__).with_name("nianbao.spec"))
    parser.add_argument("--depends", type=Path)
    args = parser.parse_args(argv)
    if not (shutil.which("objdump") and shutil.which("readelf")):
        print("check_bundle: objdump/readelf missing (binutils)")
        return 2
    limit = version_tuple(args.max_glibc)
    system_ok = GLIBC_LIBS | GL_LIBS | spec_system_libs(args.spec)

    files = sorted(p for p in args.bundle.rglob("*") if p.is_file() and not p.is_symlink())
    elves = [p for p in files if is_elf(p)]
    bundled = {p.name.lower() for p in args.bundle.rglob("*") if p.is_file()}
    newest: tuple[int, ...] = (0,)
    too_new: list[str] = []
    per_part: dict[str, tuple[int, ...]] = {}
    assumed: dict[str, list[str]] = {}
    missing: list[str] = []
    for elf in elves:
        rel = str(elf.relative_to(args.bundle))
        needs = glibc_needs(elf)
        if needs:
            top = max(needs, key=version_tuple)
            newest = max(newest, version_tuple(top))
            part = rel.split("/")[1] if rel.startswith("_internal/") and rel.count("/") > 1 else rel
            per_part[part] = max(per_part.get(part, (0,)), version_tuple(top))
            for ver, syms in needs.items():
                if version_tuple(ver) > limit:
                    too_new.append(f"{rel}: GLIBC_{ver} ({', '.join(sorted(set(syms))[:5])})")
        for lib in needed(elf):
            low = lib.lower()
            if low in bundled:
                continue
            if low in system_ok:
                assumed.setdefault(lib, []).append(rel)
            else:
                missing.append(f"{rel} needs {lib}: neither bundled nor on every target desktop")

    print(f"check_bundle: {len(elves)} ELF files in {args.bundle}")
    print("newest glibc symbol version needed, by part:")
    for name, top_ver in sorted(per_part.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)[:12]:
        print(f"  GLIBC_{'.'.join(map(str, top_ver)):<6} {name}")
    print(f"newest of all: GLIBC_{'.'.join(map(str, newest))} (limit {args.max_glibc})")
    print(f"system libraries assumed ({len(assumed)}): {' '.join(sorted(assumed))}")
    if args.depends:
        args.depends.write_text("".join(f"{lib}\n" for lib in sorted(assumed)), encoding="ascii")
    ok = True
    if too_new:
        ok = False
        print(f"FAIL: {len(too_new)} binaries need a glibc newer than {args.max_glibc}:")
        print("  " + "\n  ".join(too_new[:40]))
    if missing:
        ok = False
        print(f"FAIL: {len(missing)} links to libraries a target desktop may lack:")
        print("  " + "\n  ".join(sorted(set(missing))[:40]))
    if ok:
        print(f"check_bundle: OK, nothing newer than GLIBC_{args.max_glibc}, no unexpected library")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
