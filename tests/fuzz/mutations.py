"""Mutated report files for the fuzz test (tests/io/test_fuzz.py) and the soak script
(scripts/soak.py): one table of targets, each a file kind with its seed files, the classes
of mutation that fit it and the reader entry point.

A reader passes when, for every input, it either returns a document or raises
``ReadError`` (one Chinese sentence), within a time limit; a document it returns must be
writable and read back (what we read, we can save). Adding a reader is one line in
:data:`TARGETS` (a kind, its seeds, ``BYTES`` plus ``ZIP`` for a zip package, and
``read_path``).
"""

from __future__ import annotations

import io
import json
import random
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

Mutator = Callable[[random.Random, bytes], bytes]


# ---------------------------------------------------------------- bytes (every kind)


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def splice(rng: random.Random, data: bytes) -> bytes:
    i, j = sorted(rng.randrange(len(data)) for _ in range(2))
    if rng.random() < 0.5:
        return data[:i] + data[j:]  # a chunk deleted
    return data[:j] + data[i:j] * rng.randint(1, 4) + data[j:]  # a chunk repeated


def insert_random(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i:]


BYTES: tuple[Mutator, ...] = (flip_bits, truncate, splice, insert_random)


# ---------------------------------------------------------------- zip packages (xlsx …)

HUGE_NUMBERS = ("1e99999999", "1e1000000", "1e4300", "1e400", "-1e400", "NaN", "inf", "9" * 5000)


def _xml_members(zf: zipfile.ZipFile) -> list[str]:
    return [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The package with each member passed through ``change`` (None drops it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            new = change(info.filename, src.read(info))
            if new is not None:
                dst.writestr(info.filename, new)
    return out.getvalue()


def _pick(rng: random.Random, data: bytes, prefer: str = "") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = _xml_members(zf)
    preferred = [n for n in names if prefer in n] if prefer else []
    return rng.choice(preferred or names)


def _on_member(rng: random.Random, data: bytes, prefer: str, edit: Callable[[str], str]) -> bytes:
    target = _pick(rng, data, prefer)
    return _rezip(
        data,
        lambda n, b: edit(b.decode("utf-8", "replace")).encode("utf-8") if n == target else b,
    )


def huge_cell_numbers(rng: random.Random, data: bytes) -> bytes:
    def edit(xml: str) -> str:
        return re.sub(
            r"<v>([^<]*)</v>",
            lambda m: f"<v>{rng.choice(HUGE_NUMBERS)}</v>" if rng.random() < 0.2 else m.group(0),
            xml,
        )

    return _on_member(rng, data, "worksheets/", edit)


def bad_string_index(rng: random.Random, data: bytes) -> bytes:
    def edit(xml: str) -> str:
        return re.sub(
            r'(t="s"[^>]*>\s*<v>)\d+(</v>)',
            lambda m: (
                m.group(1) + str(rng.choice([-1, 999999, 2**40])) + m.group(2)
                if rng.random() < 0.2
                else m.group(0)
            ),
            xml,
        )

    return _on_member(rng, data, "worksheets/", edit)


def large_merges(rng: random.Random, data: bytes) -> bytes:
    """The review's file: 3,000 merges of 100×100 cells (28 s and 5 GB before the limit)."""
    return _merges(data, 3000, 100)


def many_merges(rng: random.Random, data: bytes) -> bytes:
    count, size = rng.choice([(30000, 2), (500, 300), (5, 16384), (200, 50)])
    return _merges(data, count, size)


def _merges(data: bytes, count: int, size: int) -> bytes:

    def ref(i: int) -> str:
        from app.io.sheetgrid import a1

        r0, c0 = 300 + (i // 50) * size, (i % 50) * size
        return f'<mergeCell ref="{a1((r0, c0))}:{a1((r0 + size - 1, c0 + size - 1))}"/>'

    merges = "".join(ref(i) for i in range(count))

    def edit(xml: str) -> str:
        if "<mergeCells" in xml:
            return re.sub(r"<mergeCells[^>]*>", lambda m: m.group(0) + merges, xml, count=1)
        return xml.replace("</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>", 1)

    return _on_member(random.Random(0), data, "worksheets/", edit)


def odd_references(rng: random.Random, data: bytes) -> bytes:
    refs = ["XFD1048576", "A0", "ZZZZ99999999", "A1:XFD1048576", "", "1A", "$A$1", "A-1"]

    def edit(xml: str) -> str:
        return re.sub(
            r'(r|ref)="[^"]*"',
            lambda m: f'{m.group(1)}="{rng.choice(refs)}"' if rng.random() < 0.1 else m.group(0),
            xml,
        )

    return _on_member(rng, data, "worksheets/", edit)


def long_strings(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice([40_000, 300_000, 2_000_000])
    text = rng.choice(["字", "a", "😀", "_x0041_"]) * (n // 7 + 1)

    def edit(xml: str) -> str:
        return re.sub(r"<t([^>]*)>[^<]*</t>", lambda m: f"<t{m.group(1)}>{text}</t>", xml, count=2)

    return _on_member(rng, data, "sharedStrings", edit)


def entities(rng: random.Random, data: bytes) -> bytes:
    decl = rng.choice(
        [
            '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
            '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
            '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/x">%p;]>',
        ]
    )

    def edit(xml: str) -> str:
        head, sep, rest = xml.partition("?>")
        return head + sep + decl + rest if sep else decl + xml

    return _on_member(rng, data, "", edit)


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([1_000, 100_000])

    def edit(xml: str) -> str:
        return xml.replace("</sheetData>", "<x>" * depth + "</x>" * depth + "</sheetData>", 1)

    return _on_member(rng, data, "worksheets/", edit)


def broken_markup(rng: random.Random, data: bytes) -> bytes:
    def edit(xml: str) -> str:
        tags = [m.start() for m in re.finditer("<", xml)]
        if not tags:
            return xml
        i = rng.choice(tags)
        j = xml.find(">", i)
        return xml[:i] + xml[j + 1 :] if j > 0 else xml[:i]

    return _on_member(rng, data, "", edit)


def drop_member(rng: random.Random, data: bytes) -> bytes:
    target = _pick(rng, data)
    return _rezip(data, lambda n, b: None if n == target else b)


def garbage_member(rng: random.Random, data: bytes) -> bytes:
    target = _pick(rng, data)
    junk = rng.choice([b"", rng.randbytes(200), b"<?xml version='1.0'?><a>", b"\xff\xfe<\x00a\x00"])
    return _rezip(data, lambda n, b: junk if n == target else b)


def compressible_member(rng: random.Random, data: bytes) -> bytes:
    """A member that unpacks to megabytes of zeros (zip bomb, small or large)."""
    size = rng.choice([3, 12, 60]) * 1024 * 1024
    return _add_member(data, "xl/worksheets/sheet99.xml", b"<a>" + b"0" * size + b"</a>")


def encrypted_marker(rng: random.Random, data: bytes) -> bytes:
    return _add_member(data, "EncryptedPackage", rng.randbytes(16))


def _add_member(data: bytes, name: str, member: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if name in zf.namelist():  # applied twice: replace it
            return _rezip(data, lambda n, b: member if n == name else b)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, member)
    return out.getvalue()


ZIP: tuple[Mutator, ...] = (
    huge_cell_numbers,
    bad_string_index,
    large_merges,
    many_merges,
    odd_references,
    long_strings,
    entities,
    deep_nesting,
    broken_markup,
    drop_member,
    garbage_member,
    compressible_member,
    encrypted_marker,
)


# ---------------------------------------------------------------- JSON

HOSTILE_JSON = (
    "null",
    "[]",
    "{}",
    '""',
    "true",
    "-1",
    "1.5",
    "1e99999999",
    "1e1000000",
    "1e4300",
    "1e400",
    "-1e400",
    '"\\ud83d"',
    '"\\ude00x\\u0000"',
    "9" * 5000,
    '"' + "字" * 60_000 + '"',
    "[" * 50_000 + "]" * 50_000,
    '{"t9.x": 1}',
    '{"text.x": "a"}',
    '{"t3.new.natural": 1e400}',
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    return out


def json_value(rng: random.Random, data: bytes) -> bytes:
    """A value somewhere in the document replaced by a hostile one (raw JSON text)."""
    doc = json.loads(data.decode("utf-8-sig"))
    path = rng.choice(_paths(doc)[1:])
    holder = doc
    for k in path[:-1]:
        holder = holder[k]
    holder[path[-1]] = "@@HOSTILE@@"
    text = json.dumps(doc, ensure_ascii=False)
    return text.replace('"@@HOSTILE@@"', rng.choice(HOSTILE_JSON), 1).encode("utf-8")


def json_keys(rng: random.Random, data: bytes) -> bytes:
    doc = json.loads(data.decode("utf-8-sig"))
    path = rng.choice([p for p in _paths(doc) if p])
    holder = doc
    for k in path[:-1]:
        holder = holder[k]
    key = path[-1]
    action = rng.choice(["drop", "rename", "add"])
    if action == "drop":
        del holder[key]
    elif action == "rename":
        holder[f"{key}\u200b"] = holder.pop(key)
    else:
        holder[rng.choice(["extra", "t3.new.bogus", "", "values"])] = rng.choice([1, "x", None])
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8")


def json_encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig")
    enc = rng.choice(["utf-16", "utf-16-le", "utf-32", "gb18030", "latin-1"])
    return text.encode(enc, "replace")


def json_duplicate_keys(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig")
    return text.replace("{", '{"year": 1e400, "year": 2023, ', 1).encode("utf-8")


JSON: tuple[Mutator, ...] = (json_value, json_value, json_keys, json_encoding, json_duplicate_keys)


# ---------------------------------------------------------------- readers and targets


def read_path(data: bytes, suffix: str) -> object:
    """The program's one entry point for reading a file (files.read_document)."""
    from app.io.files import read_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(data)
        return read_document(path)


def _json_seeds() -> list[bytes]:
    from app.io.jsonfile import dumps, read_json
    from app.resources import sample_path

    doc = read_json(sample_path())
    return [sample_path().read_bytes(), dumps(doc).encode("utf-8")]


def _own_xlsx() -> list[bytes]:
    from app.io.jsonfile import read_json
    from app.io.xlsx_write import workbook_bytes
    from app.resources import sample_path

    return [workbook_bytes(read_json(sample_path()))]


def _files(*patterns: str) -> Callable[[], list[bytes]]:
    return lambda: [p.read_bytes() for pat in patterns for p in sorted(FIXTURES.glob(pat))]


@dataclass(frozen=True)
class Target:
    kind: str  # the file suffix, without the dot
    seeds: Callable[[], list[bytes]]
    mutators: Sequence[Mutator]
    read: Callable[[bytes, str], object] = read_path


TARGETS: tuple[Target, ...] = (
    Target("xlsx", lambda: _files("f0[1-3]*.xlsx", "f1[03]*.xlsx")() + _own_xlsx(), BYTES + ZIP),
    Target("xls", _files("*.xls"), BYTES),
    Target("json", _json_seeds, BYTES + JSON),
    Target("docx", _files("d0[12]*.docx"), BYTES + ZIP),
    Target("ods", _files("o0*.ods"), BYTES + ZIP),
    Target("pdf", _files("p0[12]*.pdf", "sources/p11*.pdf"), BYTES),
    Target("html", _files("sources/h0[124]*.html"), BYTES),
    Target("txt", _files("sources/s0[1-5]*.txt", "sources/t0[16]*.txt"), BYTES),
)


def inputs(target: Target, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """``count`` mutated files for ``target``: (mutation name, bytes), reproducible. The
    first ones apply each class of mutation once, the rest one or two chosen at random."""
    rng = random.Random(f"{target.kind}-{seed}")
    seeds = target.seeds()
    for i in range(count):
        data = rng.choice(seeds)
        names = []
        for _ in range(1 if i < len(target.mutators) else rng.choice([1, 1, 1, 2])):
            mutate = target.mutators[i] if i < len(target.mutators) else rng.choice(target.mutators)
            try:
                data = mutate(rng, data)
            except Exception:  # the mutation does not apply to this input: bytes instead
                mutate = flip_bits
                data = mutate(rng, data) if data else data
            names.append(mutate.__name__)
        yield "+".join(names), data
