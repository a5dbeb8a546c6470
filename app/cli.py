"""The command line: ``check``, ``convert``, ``new --from``; no subcommand starts the window.

Each command is one entry of :data:`COMMANDS` (its help, its arguments, what it runs).
Whatever goes wrong, the user gets one Chinese line and exit code 2, never a traceback;
the technical detail of an unexpected failure goes to the log file (``app.io.applog``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.console import json_text, program_name, tolerate_unencodable, write_line
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
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}


def _parser() -> argparse.ArgumentParser:
    import argparse  # not on the window's start-up path

    argparse._ = lambda text: ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]
    p = argparse.ArgumentParser(
        prog=program_name(), description=f"{APP_NAME}：政府信息公开工作年度报告"
    )
    p.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出"
    )
    p.add_argument("--selftest", action="store_true", help="自检：打开示例报告、检查、导出并读回")
    p.add_argument("--start-page", action="store_true", help="打开窗口并显示开始页（安装版的首屏）")
    sub = p.add_subparsers(dest="command", title="命令")
    for name, command in COMMANDS.items():
        command.arguments(sub.add_parser(name, help=command.help))
    return p


def _print(text: str) -> None:
    from app.core.limits import clean_text

    write_line(sys.stdout, clean_text(text))  # None in the windowed Windows program: nothing


def _error(text: str) -> None:
    from app.core.limits import clean_text

    write_line(sys.stderr, clean_text(text))


def _print_findings(name: str, findings: Sequence[Finding]) -> None:
    """One file's findings as text, grouped by severity."""
    _print(f"== {name}")
    if not findings:
        _print("  未发现问题。")
    for sev in Severity:
        group = [f for f in findings if f.severity is sev]
        if group:
            _print(f"  {sev.label}（{len(group)}）：")
            for f in group:
                _print(f"    - {f.message}")


def _print_summary(total: int, with_errors: int, unreadable: int) -> None:
    """The closing line of a check of several files."""
    fine = total - unreadable - with_errors
    _print(
        f"共检查 {total} 个文件：{with_errors} 个有错误，{unreadable} 个无法读取，"
        f"{fine} 个没有错误。"
    )


def _internal(action: str, exc: BaseException) -> str:
    from app.io.applog import internal_error

    return internal_error(action, exc)


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
            findings: list[Finding] = report.findings + check(doc)
        except Exception as exc:  # one bad file never stops the batch
            message = str(exc) if isinstance(exc, ReadError) else _internal(f"检查「{name}」", exc)
            _error(f"{name}：{message}")
            results.append({"file": name, "error": message, "findings": []})
            unreadable += 1
            continue
        findings.sort(key=lambda f: f.severity.rank)
        if any(f.severity is Severity.ERROR for f in findings):
            with_errors += 1
        if as_json:
            results.append({"file": name, "findings": [f.as_json() for f in findings]})
            continue
        _print_findings(name, findings)
    if len(files) > 1 and not as_json:
        _print_summary(len(files), with_errors, unreadable)
    if as_json:
        if len(files) == 1 and "error" not in results[0]:
            _print(json_text(results[0]["findings"], sys.stdout))
        else:
            _print(json_text(results, sys.stdout))
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


class Command:
    """One command: its help, what adds its arguments, what it runs. (A plain class: a
    NamedTuple with these annotations costs the window's start about a millisecond.)"""

    __slots__ = ("arguments", "help", "run")

    def __init__(
        self,
        help: str,
        arguments: Callable[[argparse.ArgumentParser], object],
        run: Callable[[argparse.Namespace], int],
    ) -> None:
        self.help = help
        self.arguments = arguments  # adds the command's arguments
        self.run = run


def _check_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    c.add_argument(
        "--xlsx", metavar="OUT.xlsx", help="把检查结果写入 Excel 工作簿（汇总、问题明细）"
    )


def _check(a: argparse.Namespace) -> int:
    if a.xlsx or len(expand(a.files)) > 1:
        from app.cli_batch import check_batch  # several reports: with the cross-report checks

        return check_batch(a.files, a.json, a.xlsx)
    return check_files(a.files, a.json)


def _sum_arguments(s: argparse.ArgumentParser) -> None:
    from app.cli_batch import add_sum_arguments

    add_sum_arguments(s)


def _sum(a: argparse.Namespace) -> int:
    from app.cli_batch import sum_reports

    return sum_reports(a.inputs, a.output, a.agency, a.year, a.include_errors, a.parent)


def _convert_arguments(v: argparse.ArgumentParser) -> None:
    v.add_argument("input", metavar="IN")
    v.add_argument("output", metavar="OUT")
    v.add_argument("--force", action="store_true", help="报告有错误时仍然导出正式文件")
    v.add_argument(
        "--draft", action="store_true", help="报告有错误时导出，并在每页标注「草稿（未通过检查）」"
    )


def _new_arguments(n: argparse.ArgumentParser) -> None:
    n.add_argument("--from", dest="source", required=True, metavar="LAST_FILE")
    n.add_argument("output", metavar="OUT")


def _draft_arguments(d: argparse.ArgumentParser) -> None:
    from app.cli_draft import add_draft_arguments

    add_draft_arguments(d)


def _draft(a: argparse.Namespace) -> int:
    from app.cli_draft import draft_file

    return draft_file(a.file, a.section, a.fee_yuan, a.fee_count)


# One line per command: name → help, arguments, what runs.
COMMANDS: dict[str, Command] = {
    "check": Command("检查报告文件，列出错误和警告", _check_arguments, _check),
    "convert": Command("转换报告文件格式（→ .json/.xlsx/.pdf/.docx/.html）", _convert_arguments, lambda a: convert(a.input, a.output, a.force, a.draft)),
    "new": Command("从上年报告新建本年报告", _new_arguments, lambda a: new_from(a.source, a.output)),
    "draft": Command("根据表格生成「总体情况」「其他需要报告的事项」的标准表述", _draft_arguments, _draft),
    "sum": Command("汇总下级报告：各单元格相加，生成一份新报告", _sum_arguments, _sum),
}  # fmt: skip


def _not_a_command(word: str) -> int:
    names = "、".join(COMMANDS)
    _error(
        f"「{word}」既不是命令（{names}），也不是一个存在的报告文件。"
        "用 python -m app --help 查看用法。"
    )
    return EXIT_UNREADABLE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    tolerate_unencodable()  # a GBK/cp1252 console or redirect must not end in a traceback
    if not argv or not (argv[0] in COMMANDS or argv[0].startswith("-")):
        from pathlib import Path

        if argv and not Path(argv[0]).is_file():
            return _not_a_command(argv[0])
        import gc

        # Starting the window makes many objects (PySide's types and enums) and frees few:
        # no cycle collection until the first frame is up (run_window switches it back on).
        gc.disable()
        from app.ui.main import run_window

        return run_window(argv)
    args = _parser().parse_args(argv)
    if args.start_page:
        from app.ui.main import START_FLAG, run_window

        return run_window([START_FLAG])
    try:
        if args.selftest:
            from app.selftest import run_selftest

            return run_selftest()
        if args.command in COMMANDS:
            return COMMANDS[args.command].run(args)
    except Exception as exc:  # anything a command did not expect: one line, exit 2
        _error(_internal(f"执行「{args.command or '自检'}」", exc))
        return EXIT_UNREADABLE
    from app.ui.main import run_window

    return run_window([])
