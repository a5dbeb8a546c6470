"""Shrink the ICU data library of a Linux bundle to the locales the program needs.

The PySide6 Linux wheels link Qt Core against ICU 73, whose data library
(``libicudata.so.73``, 31 MB) holds every locale of the world: it is the largest single file
of the bundle. Qt needs ICU to load, and uses its data for collation (QCollator), text codecs
(QStringConverter) and a few locale properties. This script rebuilds the library with the
data of the root, English and Chinese locales, the Chinese text converters and all the
non-locale data (normalisation, character properties, break rules, time zones), about a
third of the size. Other locales then fall back to the root locale, as ICU does for any
locale it lacks.

Usage: python installer/icu_subset.py BUNDLE_DIR
Needs ``icupkg`` (Debian/Ubuntu package icu-devtools), ``objcopy``/``nm`` (binutils) and a C
compiler driver (``cc``). Prints what it did; exits 2 (leaving the bundle untouched) when
a tool is missing, 1 when something unexpected happens.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Locale ids whose data we keep in every tree (main, coll, curr, lang, region, unit, zone,
# rbnf, brkitr, translit): the parents of zh_Hans_CN and en_US, and the Chinese variants.
KEEP_LOCALE = re.compile(r"^(root|pool|res_index|en|en_US|en_001|zh|zh_[A-Za-z_]+)\.res$")
LOCALE_FILE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
# Converters with table data (UTF-8/16/32, Latin-1 and ASCII are algorithmic, no data):
# every single-byte one (windows-1252 and friends, under SMALL_CONVERTER bytes each) and
# the Chinese multi-byte ones, which WPS/Excel files from the clipboard may name.
SMALL_CONVERTER = 20_000
KEEP_CONVERTERS = {
    "gb18030.cnv",
    "ibm-1386_P100-2001.cnv",  # GBK
    "windows-936-2000.cnv",
    "ibm-1383_P110-1999.cnv",  # EUC-CN / GB2312
    "ibm-5478_P100-1995.cnv",  # GB_2312-80
    "iso-ir-165.cnv",
    "windows-950-2000.cnv",  # Big5 (Windows)
    "ibm-1373_P100-2002.cnv",
    "ibm-950_P110-1999.cnv",
    "ibm-1375_P100-2008.cnv",  # Big5-HKSCS
}
DEPENDS = re.compile(r"depends on missing item (\S+)")


def keep(item: str, size: int) -> bool:
    """Whether one item of the ICU package stays (names as ``icupkg -l`` prints them)."""
    _tree, _, name = item.rpartition("/")
    if name.endswith(".cnv"):
        return name in KEEP_CONVERTERS or size < SMALL_CONVERTER
    if LOCALE_FILE.match(name) or name in ("root.res", "pool.res"):
        return bool(KEEP_LOCALE.match(name))
    return True


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def find_library(bundle: Path) -> Path | None:
    found = [p for p in bundle.rglob("libicudata.so.*") if p.is_file() and not p.is_symlink()]
    return found[0] if found else None


def subset(lib: Path) -> tuple[int, int]:
    """Rebuild ``lib`` in place; return (old size, new size) in bytes."""
    syms = [line.split() for line in run("nm", "-D", "-S", "--defined-only", str(lib)).splitlines()]
    data_syms = [s for s in syms if len(s) == 4 and re.fullmatch(r"icudt\d+_dat", s[3])]
    if len(data_syms) != 1:
        raise RuntimeError(f"expected one icudtNN_dat symbol in {lib.name}, found {data_syms}")
    addr, size, _kind, symbol = data_syms[0]
    version = symbol[len("icudt") : -len("_dat")]
    soname = lib.name
    with tempfile.TemporaryDirectory(prefix="icu-subset-") as tmp_name:
        tmp = Path(tmp_name)
        rodata = tmp / "rodata.bin"
        run("objcopy", "-O", "binary", "--only-section=.rodata", str(lib), str(rodata))
        sections = run("readelf", "-S", "-W", str(lib))
        m = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)", sections)
        if not m:
            raise RuntimeError("no .rodata section")
        start = int(addr, 16) - int(m.group(1), 16)
        blob = rodata.read_bytes()[start : start + int(size, 16)]
        package = tmp / f"icudt{version}l.dat"
        package.write_bytes(blob)
        items = run("icupkg", "-l", str(package)).split()
        if len(items) < 100:
            raise RuntimeError(f"the ICU package lists only {len(items)} items")
        (tmp / "all.txt").write_text("\n".join(items) + "\n", encoding="ascii")
        for tree in {i.rpartition("/")[0] for i in items}:
            (tmp / "items" / tree).mkdir(parents=True, exist_ok=True)
        run("icupkg", "-x", str(tmp / "all.txt"), "-d", str(tmp / "items"), str(package))
        removed = [i for i in items if not keep(i, (tmp / "items" / i).stat().st_size)]
        (tmp / "out").mkdir()
        small = tmp / "out" / package.name  # the file name is the items' prefix: keep it
        for _attempt in range(10):  # put back what a kept item depends on, until none
            (tmp / "remove.txt").write_text("\n".join(removed) + "\n", encoding="ascii")
            small.unlink(missing_ok=True)
            proc = subprocess.run(
                ["icupkg", "-r", str(tmp / "remove.txt"), str(package), str(small)],
                capture_output=True,
                text=True,
            )
            wanted = set(DEPENDS.findall(proc.stdout + proc.stderr))
            if proc.returncode == 0 and not wanted:
                break
            if not wanted:
                raise RuntimeError(f"icupkg failed: {proc.stderr.strip()}")
            removed = [i for i in removed if i not in wanted]
        else:
            raise RuntimeError("the dependencies of the kept ICU items do not settle")
        left = run("icupkg", "-l", str(small)).split()
        for needed in ("root.res", "coll/zh.res", "coll/root.res", "zh.res", "cnvalias.icu"):
            if needed not in left:
                raise RuntimeError(f"{needed} missing from the subset")
        asm = tmp / "data.s"
        asm.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{small}"\n'
            f"\t.size {symbol}, .-{symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        out = tmp / soname
        run("cc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{soname}", "-o", str(out), str(asm))
        old = lib.stat().st_size
        shutil.copyfile(out, lib)
        print(f"icu_subset: {len(items)} items -> {len(left)} ({len(removed)} removed)")
        return old, lib.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 1
    missing = [t for t in ("icupkg", "nm", "objcopy", "readelf", "cc") if not shutil.which(t)]
    if missing:
        print(f"icu_subset: skipped, missing tools: {' '.join(missing)}")
        return 2
    lib = find_library(Path(argv[0]))
    if lib is None:
        print("icu_subset: no libicudata in the bundle, nothing to do")
        return 0
    try:
        old, new = subset(lib)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(f"icu_subset: failed, bundle left unchanged: {exc} {detail}".strip())
        return 1
    print(f"icu_subset: {lib.name}: {old / 1e6:.1f} MB -> {new / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
