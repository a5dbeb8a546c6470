"""The command line: ``check``, ``convert``, ``new --from``; no subcommand starts the window."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.core.findings import Finding, Severity
from app.io.errors import ReadError, WriteError

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

# argparse's own words (it looks them up through gettext at run time), in Chinese.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的命令：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数",
}


def _parser() -> argparse.ArgumentParser:
    import argparse  # not on the window's start-up path

    argparse._ = lambda text: ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]
    p = argparse.ArgumentParser(
        prog="python -m app", description=f"{APP_NAME}：政府信息公开工作年度报告"
    )
    p.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出"
    )
    p.add_argument("--selftest", action="store_true", help="自检：打开示例报告、检查、导出并读回")
    sub = p.add_subparsers(dest="command", title="命令")
    c = sub.add_parser("check", help="检查报告文件，列出错误和警告")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    v = sub.add_parser(
        "convert", help="转换报告文件格式（.json/.xlsx/.xls → .json/.xlsx/.pdf/.docx/.html）"
    )
    v.add_argument("input", metavar="IN")
    v.add_argument("output", metavar="OUT")
    v.add_argument("--force", action="store_true", help="报告有错误时仍然导出正式文件")
    v.add_argument(
        "--draft", action="store_true", help="报告有错误时导出，并在每页标注「草稿（未通过检查）」"
    )
    n = sub.add_parser("new", help="从上年报告新建本年报告")
    n.add_argument("--from", dest="source", required=True, metavar="LAST_FILE")
    n.add_argument("output", metavar="OUT")
    return p


def _print(text: str) -> None:
    if sys.stdout is not None:  # None in the windowed Windows program
        sys.stdout.write(text + "\n")


def _error(text: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(text + "\n")


def expand(names: Sequence[str]) -> list[str]:
    """Folders become the report files in them; wildcards are expanded here, because the
    Windows command prompt leaves 「*.xlsx」 to the program."""
    import glob
    from pathlib import Path

    from app.io.files import READ_SUFFIXES

    out: list[str] = []
    for name in names:
        p = Path(name)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.iterdir()
                if f.suffix.lower() in READ_SUFFIXES and not f.name.startswith("~$")
            )  # ~$name.xlsx: the lock file Excel/WPS keep beside an open workbook
            out.extend(found or [name])
        elif not p.exists() and glob.has_magic(name):
            out.extend(sorted(glob.glob(name)) or [name])
        else:
            out.append(name)
    return out


def check_files(files: Sequence[str], as_json: bool) -> int:
    from app.core.rules import check
    from app.io.files import read_document

    files = expand(files)
    results: list[dict[str, object]] = []
    unreadable = with_errors = 0
    for name in files:
        try:
            doc, report = read_document(name)
        except ReadError as exc:
            _error(f"{name}：{exc}")
            results.append({"file": name, "error": str(exc), "findings": []})
            unreadable += 1
            continue
        findings: list[Finding] = report.findings + check(doc)
        findings.sort(key=lambda f: f.severity.rank)
        if any(f.severity is Severity.ERROR for f in findings):
            with_errors += 1
        if as_json:
            results.append({"file": name, "findings": [f.as_json() for f in findings]})
            continue
        _print(f"== {name}")
        if not findings:
            _print("  未发现问题。")
        for sev in Severity:
            group = [f for f in findings if f.severity is sev]
            if group:
                _print(f"  {sev.label}（{len(group)}）：")
                for f in group:
                    _print(f"    - {f.message}")
    if len(files) > 1 and not as_json:
        fine = len(files) - unreadable - with_errors
        _print(
            f"共检查 {len(files)} 个文件：{with_errors} 个有错误，{unreadable} 个无法读取，"
            f"{fine} 个没有错误。"
        )
    if as_json:
        if len(files) == 1 and "error" not in results[0]:
            _print(json.dumps(results[0]["findings"], ensure_ascii=False, indent=2))
        else:
            _print(json.dumps(results, ensure_ascii=False, indent=2))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if with_errors else EXIT_OK


def convert(src: str, dst: str, force: bool = False, draft: bool = False) -> int:
    from pathlib import Path

    from app.io.files import FINAL_SUFFIXES, read_document, write_document

    try:
        doc, report = read_document(src)
    except ReadError as exc:
        _error(f"{src}：{exc}")
        return EXIT_UNREADABLE
    for f in report.findings:
        _error(f"{f.severity.label}：{f.message}")
    marked = False
    if Path(dst).suffix.lower() in FINAL_SUFFIXES:
        from app.core.rules import check

        errors = [f for f in check(doc) if f.severity is Severity.ERROR]
        for f in errors:
            _error(f"{f.severity.label}：{f.message}")
        if errors and not (force or draft):
            _error(
                f"未导出：报告中有 {len(errors)} 处错误，导出的将是错误的报告。请先修改；"
                "确需导出时，加 --draft 导出草稿（每页标注「草稿（未通过检查）」），"
                "或加 --force 仍然导出。"
            )
            return EXIT_ERRORS
        marked = bool(errors) and draft
    try:
        write_document(doc, dst, draft=marked)
    except WriteError as exc:
        _error(str(exc))
        return EXIT_UNREADABLE
    _print(f"已写入 {dst}")
    return EXIT_OK


def new_from(src: str, dst: str) -> int:
    from app.core.document import next_year
    from app.io.files import read_document, write_document

    try:
        last, report = read_document(src)
    except ReadError as exc:
        _error(f"{src}：{exc}")
        return EXIT_UNREADABLE
    for line in report.lines():
        _print(line)
    doc = next_year(last)
    try:
        write_document(doc, dst)
    except WriteError as exc:
        _error(str(exc))
        return EXIT_UNREADABLE
    from app.io.report import carry_over_message

    _print(carry_over_message(last, doc))
    _print(f"已写入 {dst}")
    return EXIT_OK


COMMANDS = ("check", "convert", "new")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or not (argv[0] in COMMANDS or argv[0].startswith("-")):
        import gc

        # Starting the window makes many objects (PySide's types and enums) and frees few:
        # no cycle collection until the first frame is up (run_window switches it back on).
        gc.disable()
        from app.ui.main import run_window

        return run_window(argv)
    args = _parser().parse_args(argv)
    if args.selftest:
        from app.selftest import run_selftest

        return run_selftest()
    if args.command == "check":
        return check_files(args.files, args.json)
    if args.command == "convert":
        return convert(args.input, args.output, args.force, args.draft)
    if args.command == "new":
        return new_from(args.source, args.output)
    from app.ui.main import run_window

    return run_window([])
