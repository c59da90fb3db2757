"""`--help` on an 80-column terminal: every line fits and no word is cut short with "…"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = ("", "run", "runs", "show", "score", "report", "curate", "stats", "studio", "ingest", "probe", "demo")
# The help width is chosen when the CLI is imported, so each width needs a fresh process.
PRINT_HELP = """
import contextlib, io
from studio.cli import app
for name in COMMANDS:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            app([name, "--help"] if name else ["--help"])
        except SystemExit:
            pass
    print("=====", name)
    print(out.getvalue())
"""


def help_pages(columns: int) -> str:
    done = subprocess.run([sys.executable, "-c", f"COMMANDS = {COMMANDS!r}\n{PRINT_HELP}"], capture_output=True,
                          text=True, cwd=ROOT, check=True, timeout=120,
                          env={"COLUMNS": str(columns), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.stdout.count("=====") == len(COMMANDS)
    return done.stdout


def test_help_at_80_columns_wraps_and_cuts_nothing() -> None:
    pages = help_pages(80)
    lines = pages.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert [line for line in lines if "…" in line] == []
    assert "'language=en, category=Translation," in " ".join(pages.split())  # the --where example, whole
    assert "Prompt id, or its first 6+ characters, to run" in " ".join(pages.split())


def test_help_on_a_wide_terminal_keeps_the_panels_and_cuts_nothing() -> None:
    lines = help_pages(140).splitlines()
    assert any(line.startswith("╭─ Options") for line in lines)
    assert max(len(line) for line in lines) <= 140
    assert [line for line in lines if "…" in line] == []


def test_the_sample_files_help_examples_name_are_in_the_checkout() -> None:
    """A newcomer copies the examples: a gitignored file (rebuilt from licensed sources) would fail on them."""
    import re

    named = set(re.findall(r"sample_data/[\w/.-]+\.\w+", help_pages(200)))
    assert named and [path for path in sorted(named) if not (ROOT / path).exists()] == []
