"""Reading a batch of report files for review or 汇总, one file at a time.

Each file goes through the one read function (:func:`app.io.files.read_document`), so
every source kind it knows works here too; a file that cannot be read becomes a row with
its reason and never stops the batch. No Qt: the window runs :func:`review_file` in a
worker thread, the command line in a loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.review import Reviewed
from app.io.errors import ReadError

MAX_BATCH_FILES = 2000  # a folder of reports holds dozens; more is not a folder of reports


def report_files(names: Sequence[str]) -> list[str]:
    """Folders become the report files in them (sorted), files stay; lock files
    (「~$…」, kept by Excel/WPS beside an open workbook) are left out."""
    from app.io.files import READ_SUFFIXES

    out: list[str] = []
    for name in names:
        p = Path(name)
        if p.is_dir():
            out.extend(
                str(f)
                for f in sorted(p.iterdir())
                if f.suffix.lower() in READ_SUFFIXES and not f.name.startswith("~$")
            )
        else:
            out.append(name)
    return list(dict.fromkeys(out))


def too_many(paths: Sequence[str]) -> str:
    """The sentence refusing a batch larger than :data:`MAX_BATCH_FILES`, or ""."""
    if len(paths) <= MAX_BATCH_FILES:
        return ""
    return f"一次最多处理 {MAX_BATCH_FILES} 个文件，所选位置有 {len(paths)} 个，请分批处理"


def review_file(path: str) -> Reviewed:
    """Read and check one file; an unreadable file gives a row with the reason."""
    from app.core.rules import check
    from app.io.files import read_document

    name = Path(path).name
    try:
        doc, report = read_document(path)
        findings = sorted([*report.findings, *check(doc)], key=lambda f: f.severity.rank)
    except ReadError as exc:
        return Reviewed(path, name, None, reason=str(exc))
    except Exception as exc:  # a bug must not stop a batch of 100: one sentence, logged
        from app.io.applog import internal_error

        return Reviewed(path, name, None, reason=internal_error(f"检查「{name}」", exc))
    return Reviewed(path, name, doc, report.format, tuple(findings))
