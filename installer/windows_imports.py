"""Which Windows system DLLs the bundle links, and none that Windows 10 1809 lacks.

The installer accepts Windows 10 1809 (build 17763, LTSC 2019) and later
(``MinVersion`` in installer/nianbao.iss). This reads the import tables (normal and
delay-load) of every .exe/.dll/.pyd in the bundle with ``pefile`` (installed with
PyInstaller on Windows), lists the DLLs that are not in the bundle (the ones Windows must
provide), and fails when one of them appeared only after 1809 — such as the combined
``icu.dll`` of Windows 10 1903, which a newer Qt may link instead of ``icuuc.dll``.

    python installer/windows_imports.py dist/nianbao

Run by .github/workflows/windows-installer.yml; works on any OS (pure Python).
"""

from __future__ import annotations

import sys
from pathlib import Path

# System DLLs that Windows 10 1809 does not have, with the version that brought them.
NEWER_THAN_1809 = {
    "icu.dll": "Windows 10 1903 (build 18362)",
}
# Present on 1809: ICU since 1703. Listed so that the report says why they are fine.
KNOWN_1809 = {
    "icuuc.dll": "Windows 10 1703",
    "icuin.dll": "Windows 10 1703",
}


def imported_dlls(path: Path) -> set[str]:
    import pefile  # type: ignore[import-untyped]

    pe = pefile.PE(str(path), fast_load=True)
    try:
        pe.parse_data_directories(
            directories=[
                pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"],
            ]
        )
        names = set()
        for attr in ("DIRECTORY_ENTRY_IMPORT", "DIRECTORY_ENTRY_DELAY_IMPORT"):
            for entry in getattr(pe, attr, []):
                names.add(entry.dll.decode("ascii", "replace").lower())
        return names
    finally:
        pe.close()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    root = Path(argv[0])
    binaries = [
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in (".exe", ".dll", ".pyd")
    ]
    bundled = {p.name.lower() for p in binaries}
    system: dict[str, list[str]] = {}
    for path in binaries:
        for dll in imported_dlls(path):
            if dll not in bundled:
                system.setdefault(dll, []).append(path.relative_to(root).as_posix())
    print(f"{len(binaries)} binaries; system DLLs they link:")
    for dll in sorted(system):
        note = KNOWN_1809.get(dll, "")
        print(f"  {dll}{'  (' + note + ')' if note else ''}")
    bad = {dll: users for dll, users in system.items() if dll in NEWER_THAN_1809}
    for dll, users in sorted(bad.items()):
        print(f"NOT ON WINDOWS 10 1809: {dll} (from {NEWER_THAN_1809[dll]}), linked by:")
        for user in sorted(users):
            print(f"    {user}")
    if bad:
        print("Raise MinVersion in installer/nianbao.iss (and the README), or ship the DLL.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
