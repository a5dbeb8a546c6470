"""Console output that survives any encoding: the command line never dies on a print.

On Windows, output redirected to a file or a pipe is written in the code page of the
console (GBK on Chinese PCs, cp1252 on the build runner) unless Python runs in UTF-8 mode
(the frozen program does: ``installer/nianbao.spec``; ``python -m app`` may not). A report
name, an agency name or a finding may hold a character that code page lacks (a rare
surname character, an emoji in a file name): Python would raise ``UnicodeEncodeError`` and
the user would see a traceback. Here such a character is written as ``\\uXXXX`` instead, and
JSON falls back to ASCII escapes, which every JSON reader decodes to the same text.
No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import Any, TextIO


def tolerate_unencodable() -> None:
    """Make ``sys.stdout``/``sys.stderr`` escape what their encoding cannot write.

    Covers every writer, argparse's help/version/errors included. The streams are None in
    the windowed Windows program, and may be replaced objects without ``reconfigure``.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # closed, or refuses
                reconfigure(errors="backslashreplace")


def can_encode(stream: TextIO, text: str) -> bool:
    """True when ``stream``'s encoding can write every character of ``text``."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def write_line(stream: TextIO | None, text: str) -> None:
    """``text`` and a newline on ``stream``; unencodable characters escaped, a closed pipe
    (``… | more`` quit early) ignored."""
    if stream is None:  # the windowed Windows program has no console
        return
    try:
        try:
            stream.write(text + "\n")
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def json_text(data: Any, stream: TextIO | None) -> str:
    """``data`` as indented JSON: readable Chinese where ``stream`` can write it, otherwise
    ASCII escapes (valid JSON with the same content, unlike escaped bytes)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if stream is None or can_encode(stream, text):
        return text
    return json.dumps(data, ensure_ascii=True, indent=2)


def program_name() -> str:
    """How the user called the program, for the help text: the executable's own name in
    the frozen program (``nianbao-cli`` on Windows, ``nianbao`` on Linux)."""
    if getattr(sys, "frozen", False):
        name = os.path.basename(str(sys.executable).replace("\\", "/"))
        stem, ext = os.path.splitext(name)
        return stem if ext.lower() == ".exe" else name
    return "python -m app"
