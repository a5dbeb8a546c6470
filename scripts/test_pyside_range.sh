#!/usr/bin/env bash
# Run the pytest suite against the oldest and the newest PySide6 the program supports.
#
#   bash scripts/test_pyside_range.sh                 # 6.8.* and the newest release
#   bash scripts/test_pyside_range.sh 6.9.* 6.11.*    # any PySide6-Essentials versions
#
# Each version gets a throw-away venv (in a temporary folder; the project's .venv is not
# touched) with PySide6-Essentials at that version and QtPdf from the matching package:
# PySide6-Addons up to 6.11, the separate PySide6-Pdf from 6.12 on. The other dependencies
# and the test tools come from pyproject.toml; the suite runs from the source tree
# (PYTHONPATH), headless. Exit status: 0 only when every version passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-python3}
[ "$#" -gt 0 ] || set -- "6.8.*" "newest"
WORK=$(mktemp -d /tmp/nianbao-pyside-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Dependencies and test tools from pyproject.toml, without the PySide6 packages.
OTHER=$("$PY" - <<'EOF'
import tomllib
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
reqs = project["dependencies"] + project["optional-dependencies"]["test"]
print(" ".join(r for r in reqs if not r.lower().startswith("pyside6")))
EOF
)

declare -a SUMMARY=()
status=0
for want in "$@"; do
  venv="$WORK/venv-${want//[^0-9a-z]/_}"
  "$PY" -m venv "$venv"
  pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check)
  if [ "$want" = "newest" ]; then
    qt=("PySide6-Essentials" "PySide6-Pdf")
  else
    # QtPdf is in PySide6-Addons before 6.12, in PySide6-Pdf from 6.12 on.
    minor=$(echo "$want" | cut -d. -f2)
    if [ "$minor" -lt 12 ]; then
      qt=("PySide6-Essentials==$want" "PySide6-Addons==$want")
    else
      qt=("PySide6-Essentials==$want" "PySide6-Pdf")
    fi
  fi
  echo "== PySide6 $want: installing ${qt[*]}"
  # shellcheck disable=SC2086  # OTHER is a list of requirement strings without spaces
  "${pip[@]}" "${qt[@]}" $OTHER
  got=$("$venv/bin/python" -c 'import PySide6; print(PySide6.__version__)')
  echo "== PySide6 $got (Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'))"
  t0=$SECONDS
  set +e
  PYTHONPATH="$ROOT" QT_QPA_PLATFORM=offscreen \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider >"$WORK/pytest.log" 2>&1
  rc=$?
  tail -15 "$WORK/pytest.log"
  set -e
  line=$(grep -E '[0-9]+ (passed|failed)' "$WORK/pytest.log" | tail -1)
  SUMMARY+=("PySide6 $got: exit $rc, $line ($((SECONDS - t0)) s)")
  [ "$rc" -eq 0 ] || status=1
  rm -rf "$venv"
done
echo
printf '%s\n' "${SUMMARY[@]}"
exit "$status"
