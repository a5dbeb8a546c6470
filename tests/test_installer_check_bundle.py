"""installer/check_bundle.py: the glibc limit and the system-library rule, on real binaries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "check_bundle.py"
LS = shutil.which("ls")

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or not (shutil.which("objdump") and shutil.which("readelf")) or not LS,
    reason="Linux with binutils only",
)


def _check(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, str(bundle)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _bundle(tmp_path: Path) -> Path:
    """A bundle with one program that links libc and libselinux (this machine's ls)."""
    bundle = tmp_path / "nianbao"
    (bundle / "_internal").mkdir(parents=True)
    assert LS is not None
    shutil.copy(LS, bundle / "nianbao")
    needed = subprocess.run(["readelf", "-d", LS], capture_output=True, text=True).stdout
    if "libselinux.so.1" not in needed:
        pytest.skip("this machine's ls does not link libselinux")
    return bundle


def test_a_glibc_newer_than_the_limit_fails_and_names_the_binary(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path)
    (bundle / "_internal" / "libselinux.so.1").write_bytes(b"bundled")
    out = _check(bundle, "--max-glibc", "2.2")
    assert out.returncode == 1, out.stdout
    assert "need a glibc newer than 2.2" in out.stdout
    assert "nianbao: GLIBC_2." in out.stdout
    assert _check(bundle, "--max-glibc", "99.0").returncode == 0


def test_a_library_neither_bundled_nor_on_every_desktop_fails(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path)
    out = _check(bundle, "--max-glibc", "99.0")
    assert out.returncode == 1
    assert "nianbao needs libselinux.so.1" in out.stdout
    # bundled: fine; libc itself is assumed from the system
    (bundle / "_internal" / "libselinux.so.1").write_bytes(b"bundled")
    out = _check(bundle, "--max-glibc", "99.0", "--depends", str(tmp_path / "deps.txt"))
    assert out.returncode == 0, out.stdout
    assert (tmp_path / "deps.txt").read_text().split() == ["libc.so.6"]


def test_the_spec_system_libraries_are_read_from_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "x.spec"
    spec.write_text('SYSTEM_LIBS = {"libselinux.so.1", "libX11.so.6"}\n', encoding="utf-8")
    out = _check(_bundle(tmp_path), "--max-glibc", "99.0", "--spec", str(spec))
    assert out.returncode == 0, out.stdout
    assert "libselinux.so.1" in out.stdout.split("system libraries assumed")[1]
