"""The Hypothesis profile of tests/conftest.py: in CI the same examples every run and no example database; locally
an exploring profile that keeps the failures it found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Draw the examples a property test would see under the profile conftest.py selects, and describe the profile.
_PROBE = """
import json
import tests.conftest
from hypothesis import given, settings, strategies as st

seen = []

@settings(max_examples=30)
@given(st.lists(st.text(), max_size=5))
def probe(value):
    seen.append(value)

probe()
profile = settings.default
print(json.dumps({"derandomize": profile.derandomize, "database": profile.database is not None,
                  "print_blob": profile.print_blob, "seen": seen}))
"""


def _probe(ci: bool, cwd: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if ci:
        env["CI"] = "true"
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_ci_profile_is_reproducible_and_keeps_no_database(tmp_path: Path) -> None:
    first, second = _probe(True, tmp_path), _probe(True, tmp_path)
    assert first["derandomize"] and not first["database"] and first["print_blob"]
    assert first["seen"] == second["seen"] and len(first["seen"]) > 1
    assert not (tmp_path / ".hypothesis" / "examples").exists()  # (.hypothesis may hold a unicode cache)


def test_local_profile_explores_and_remembers(tmp_path: Path) -> None:
    local = _probe(False, tmp_path)
    assert not local["derandomize"] and local["database"] and local["print_blob"]
