"""The Windows build files, checked here because no Windows machine runs them before a release.

installer/nianbao.iss (Inno Setup): the minimum Windows version Qt 6 needs, deletes of
_internal\\ guarded so another program's files survive, the PATH entry added and removed.
installer/nianbao.spec: the UTF-8 option in the form PyInstaller 6's bootloader reads.
.github/workflows/windows-installer.yml: the triggers, pinned tools and the checks it runs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ISS = ROOT / "installer" / "nianbao.iss"
ISL = ROOT / "installer" / "nianbao-zh_CN.isl"
SPEC = ROOT / "installer" / "nianbao.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-installer.yml"

# ---------------------------------------------------------------- a small .iss reader


def iss_sections(path: Path) -> dict[str, list[str]]:
    """Section name (lower case) -> its lines, without comments and blank lines; the [Code]
    section keeps its lines as they are. Preprocessor lines (#...) are dropped."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        head = re.fullmatch(r"\[(\w+)\]", line)
        if head:
            current = head.group(1).lower()
            sections.setdefault(current, [])
            continue
        if current == "code":
            sections[current].append(raw)
        elif line and not line.startswith((";", "#")):
            sections.setdefault(current, []).append(line)
    return sections


def iss_setup(sections: dict[str, list[str]]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections["setup"])


def iss_entries(sections: dict[str, list[str]], name: str) -> list[dict[str, str]]:
    """``Type: x; Name: "y"; Check: z`` lines as dicts (quotes removed)."""
    entries = []
    for line in sections.get(name, []):
        parts = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line)
        entries.append({k: v.strip().strip('"') for k, v in parts})
    return entries


def pascal_routine(code: str, name: str) -> str:
    """The text of one Pascal function/procedure of the [Code] section."""
    match = re.search(rf"^(function|procedure) {name}\b.*?^end;", code, flags=re.S | re.M | re.I)
    assert match, f"no {name} in [Code]"
    return match.group(0)


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return iss_sections(ISS)


@pytest.fixture(scope="module")
def code(iss: dict[str, list[str]]) -> str:
    return "\n".join(iss["code"])


def test_iss_reader_reads_the_script(iss: dict[str, list[str]]) -> None:
    assert {"setup", "files", "icons", "installdelete", "uninstalldelete", "code"} <= set(iss)
    assert iss_setup(iss)["PrivilegesRequired"] == "lowest"
    files = iss_entries(iss, "files")
    assert files and files[0]["DestDir"] == "{app}"


def test_min_version_is_windows_10_1809(iss: dict[str, list[str]]) -> None:
    # Qt 6: Windows 10 1809 (build 17763) or later; LTSC 2019 is 17763, LTSB 2016 is 14393
    value = iss_setup(iss)["MinVersion"]
    major, minor, build = (int(p) for p in value.split("."))
    assert (major, minor) == (10, 0)
    assert build == 17763


def test_install_delete_of_internal_is_guarded(iss: dict[str, list[str]], code: str) -> None:
    deletes = [e for e in iss_entries(iss, "installdelete") if "_internal" in e["Name"]]
    assert deletes, "an upgrade must still drop the previous _internal"
    for entry in deletes:
        check = entry.get("Check", "")
        assert check, f"unguarded delete: {entry}"
        routine = pascal_routine(code, check)
        assert "OnlyOurProgramIn" in routine
    guard = pascal_routine(code, "OnlyOurProgramIn")
    assert "{#AppExeName}" in guard and "*.exe" in guard  # our exe there, no other program


def test_uninstall_never_deletes_internal_unguarded(iss: dict[str, list[str]], code: str) -> None:
    for entry in iss_entries(iss, "uninstalldelete"):
        if entry["Type"] == "filesandordirs":
            assert "Check" in entry and "_internal" not in entry["Name"], entry
    step = pascal_routine(code, "CurUninstallStepChanged")
    assert "DelTree(ExpandConstant('{app}\\_internal')" in step
    # decided before the files are removed, from the same guard
    assert re.search(r"DeleteInternalAfterUninstall := OnlyOurProgramIn\(", step)
    assert re.search(r"usPostUninstall\) and DeleteInternalAfterUninstall then", step)


def test_foreign_folder_is_refused(code: str) -> None:
    assert "IsForeignFolder" in pascal_routine(code, "PrepareToInstall")
    assert "IsForeignFolder" in pascal_routine(code, "NextButtonClick")
    foreign = pascal_routine(code, "IsForeignFolder")
    assert "not FolderIsEmpty" in foreign and "not OnlyOurProgramIn" in foreign


def test_path_entry_added_and_removed(iss: dict[str, list[str]], code: str) -> None:
    assert iss_setup(iss)["ChangesEnvironment"] == "yes"
    tasks = {t["Name"]: t for t in iss_entries(iss, "tasks")}
    assert "addtopath" in tasks and "Flags" not in tasks["addtopath"]  # ticked by default
    post = pascal_routine(code, "CurStepChanged")
    assert "WizardIsTaskSelected('addtopath')" in post
    assert "AddToPath(ExpandConstant('{app}'))" in post
    uninstall = pascal_routine(code, "CurUninstallStepChanged")
    assert "RemoveFromPath(ExpandConstant('{app}'))" in uninstall
    assert "'Environment'" in pascal_routine(code, "EnvironmentKey")  # HKCU\Environment
    assert "HKEY_CURRENT_USER" in pascal_routine(code, "EnvironmentRoot")
    add = pascal_routine(code, "AddToPath")
    assert "RegWriteExpandStringValue" in add and "PathWithout" in add  # once only


def test_custom_messages_exist_in_the_chinese_file(iss: dict[str, list[str]], code: str) -> None:
    text = ISS.read_text(encoding="utf-8-sig")
    used = set(re.findall(r"\{cm:(\w+)", text)) | set(re.findall(r"CustomMessage\('(\w+)'\)", code))
    isl = ISL.read_text(encoding="utf-8-sig")
    custom = isl[isl.index("[CustomMessages]") :]
    defined = set(re.findall(r"^(\w+)=", custom, flags=re.M))
    assert {"AddToPath", "ForeignFolder", "CommandLine"} <= used
    assert used <= defined


def test_iss_and_spec_icon_is_the_shipped_window_icon(iss: dict[str, list[str]]) -> None:
    icon = iss_setup(iss)["SetupIconFile"].replace("\\", "/")
    assert (ISS.parent / icon).resolve() == ROOT / "resources" / "icons" / "nianbao.ico"
    assert '_icon = ROOT / "resources" / "icons" / "nianbao.ico"' in SPEC.read_text(
        encoding="utf-8"
    )


# ---------------------------------------------------------------- the spec's UTF-8 option


def _bootloader_utf8(flag: str) -> int | None:
    """What PyInstaller 6's bootloader makes of an "X <flag>" OPTION for UTF-8 mode
    (bootloader/src/pyi_pyconfig.c: _pyi_match_key_value_flag + _pyi_match_and_parse_xflag):
    1 on, 0 off, None when the flag is not the utf8 one (then the locale decides)."""
    name = "utf8"
    if not flag.startswith(name):
        return None
    rest = flag[len(name) :]
    if rest == "":
        return 1
    if rest[0] not in "= ":
        return None  # e.g. "utf8_mode=1": not recognised
    return int(rest[1:] != "0")


def test_bootloader_model_matches_pyinstaller_docs() -> None:
    assert _bootloader_utf8("utf8") == 1 and _bootloader_utf8("utf8=1") == 1
    assert _bootloader_utf8("utf8=0") == 0
    assert _bootloader_utf8("utf8_mode=1") is None


def test_spec_switches_utf8_mode_on() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    options = [
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "PY_OPTIONS" for t in node.targets)
    ]
    assert len(options) == 1
    xflags = [name[2:] for name, _none, kind in options[0] if kind == "OPTION" and name[:2] == "X "]
    assert [_bootloader_utf8(f) for f in xflags if _bootloader_utf8(f) is not None] == [1]


def test_spec_import_check_fails_loudly() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "except Exception:  # not a binary we can parse" not in text
    assert 'getattr(bindepend, "get_imports", None)' in text
    assert re.search(r"if _unreadable:\s+raise SystemExit", text)


# ---------------------------------------------------------------- the workflow


def test_workflow_triggers_pins_and_checks() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    paths = re.search(r"pull_request:\s+paths:\s+((?:\s*- .+\n)+)", text)
    assert paths
    listed = {p.strip().strip('"') for p in re.findall(r"- (.+)", paths.group(1))}
    assert {"app/**", "resources/**", "installer/**", "pyproject.toml"} <= listed
    assert re.search(r'PYINSTALLER_VERSION: "\d+\.\d+\.\d+"', text)
    assert re.search(r'INNOSETUP_VERSION: "\d+\.\d+\.\d+"', text)
    assert '"pyinstaller==$env:PYINSTALLER_VERSION"' in text
    assert "choco install innosetup --version $env:INNOSETUP_VERSION" in text
    assert "start_window.ps1" in text and "NIANBAO_SELFTEST_SHOTS" in text
    assert "OLDER_SETUP" in text  # the upgrade starts from an older build when there is one
    assert "UTF8Encoding($false, $true)" in text  # redirected output must decode as UTF-8
    start = (ROOT / "installer" / "start_window.ps1").read_text(encoding="utf-8-sig")
    assert "$env:QT_QPA_PLATFORM = 'windows'" in start
    assert "$env:NIANBAO_QUIT_AFTER_START = '1'" in start
    assert "WaitForExit($TimeoutSeconds * 1000)" in start


def test_workflow_parses_as_yaml() -> None:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as True
    assert {"app/**", "resources/**", "installer/**", "pyproject.toml"} <= set(
        on["pull_request"]["paths"]
    )
    steps = data["jobs"]["installer"]["steps"]
    assert all("run" in s or "uses" in s for s in steps)
    diagnostics = [s for s in steps if s.get("if") == "always()"]
    assert diagnostics and "shots" in diagnostics[0]["with"]["path"]


# ---------------------------------------------------------------- the PATH code, compiled

PASCAL_STUBS = r"""
{$mode delphi}{$H+}
uses SysUtils;
const
  HKEY_CURRENT_USER = 1;
  HKEY_LOCAL_MACHINE = 2;
var
  Reg: String;
  RegExists: Boolean;
function IsAdminInstallMode: Boolean; begin Result := False; end;
procedure Log(S: String); begin end;
function RemoveBackslashUnlessRoot(S: String): String;
begin
  Result := S;
  if (Length(Result) > 3) and (Result[Length(Result)] = '\') then
    SetLength(Result, Length(Result) - 1);
end;
function RegQueryStringValue(Root: Integer; Key, Name: String; var Value: String): Boolean;
begin Result := RegExists; if RegExists then Value := Reg; end;
function RegWriteExpandStringValue(Root: Integer; Key, Name, Value: String): Boolean;
begin Reg := Value; RegExists := True; Result := True; end;
function RegDeleteValue(Root: Integer; Key, Name: String): Boolean;
begin Reg := ''; RegExists := False; Result := True; end;
"""

PASCAL_MAIN = r"""
var
  I: Integer;
  Arg: String;
begin
  RegExists := ParamStr(1) <> '<none>';
  if RegExists then Reg := ParamStr(1);
  for I := 2 to ParamCount do
  begin
    Arg := ParamStr(I);
    if Copy(Arg, 1, 4) = 'add:' then AddToPath(Copy(Arg, 5, MaxInt))
    else RemoveFromPath(Copy(Arg, 8, MaxInt));
  end;
  if RegExists then WriteLn('[' + Reg + ']') else WriteLn('<none>');
end.
"""


@pytest.fixture(scope="module")
def path_program(code: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The [Code] section's PATH routines compiled with Free Pascal, with the few Inno Setup
    functions they call stubbed (registry as one variable)."""
    import shutil
    import subprocess

    fpc = shutil.which("fpc")
    if fpc is None:
        pytest.skip("Free Pascal (Debian package fp-compiler) is not installed")
    const = re.search(r"^const\s+SystemEnvironment = .*?;$", code, flags=re.M | re.S)
    assert const
    routines = [
        pascal_routine(code, name)
        for name in (
            "EnvironmentRoot",
            "EnvironmentKey",
            "PathWithout",
            "AddToPath",
            "RemoveFromPath",
        )
    ]
    folder = tmp_path_factory.mktemp("pascal")
    source = folder / "pathtest.pas"
    text = "program pathtest;\n" + PASCAL_STUBS + const.group(0) + "\n\n" + "\n\n".join(routines)
    source.write_text(text + PASCAL_MAIN, encoding="utf-8")
    out = subprocess.run(
        [fpc, "-O1", "-v0", source.name], cwd=folder, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return folder / "pathtest"


APP = "C:\\Users\\张三\\AppData\\Local\\Programs\\年报助手"


def _path_after(program: Path, initial: str, *steps: str) -> str:
    import subprocess

    out = subprocess.run(
        [str(program), initial, *steps], capture_output=True, text=True, timeout=10
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize(
    ("initial", "steps", "final"),
    [
        # added once, at the end, the user's own entries untouched (empty ones included)
        ("C:\\bin;;D:\\tools;", [f"add:{APP}"], f"[C:\\bin;;D:\\tools;{APP}]"),
        ("C:\\bin", [f"add:{APP}", f"add:{APP}"], f"[C:\\bin;{APP}]"),
        ("<none>", [f"add:{APP}"], f"[{APP}]"),
        # already there in another spelling: not added twice
        (f"C:\\bin;{APP.upper()}\\", [f"add:{APP}"], f"[C:\\bin;{APP.upper()}\\]"),
        # removed: every spelling of it, nothing else (not a longer folder name)
        (f"{APP};C:\\bin;{APP}\\;{APP}2", [f"remove:{APP}"], f"[C:\\bin;{APP}2]"),
        ("C:\\bin;D:\\tools", [f"remove:{APP}"], "[C:\\bin;D:\\tools]"),
        # install then uninstall leaves the user's PATH as it was
        (
            "C:\\bin;%USERPROFILE%\\go\\bin",
            [f"add:{APP}", f"remove:{APP}"],
            "[C:\\bin;%USERPROFILE%\\go\\bin]",
        ),
        ("<none>", [f"add:{APP}", f"remove:{APP}"], "<none>"),
    ],
)
def test_path_routines_compiled(
    path_program: Path, initial: str, steps: list[str], final: str
) -> None:
    assert _path_after(path_program, initial, *steps) == final
