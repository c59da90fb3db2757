"""`ppstudio --help` and `ppstudio <command> --help` load none of the heavy libraries; --version and shell
completion work; every command's help shows examples."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from studio import DISTRIBUTION
from studio.cli import app

ROOT = Path(__file__).resolve().parents[3]
# The list (openai, aiohttp, starlette, pyarrow, torch) and the rest that only a command's work needs.
HEAVY = ("openai", "aiohttp", "starlette", "uvicorn", "pyarrow", "torch", "numpy", "sqlite_utils", "httpx",
         "httpx2", "transformers", "sentence_transformers", "textual", "xllamacpp",
         # our own heaviest: the curation rules compile ~0.3 s of patterns (a top-level import in `show` once made
         # every start pay it: `ppstudio --help` 0.51 s against the 0.35 s of benchmarks/startup.py)
         "studio.curation.rules")
# Runs every help in one fresh interpreter and records, after each, which heavy modules are loaded.
_PROBE = """
import contextlib, io, json, sys
import typer.main
from studio.cli import app
heavy = json.loads(sys.argv[1])
found = {}
for args in [[], *[[name] for name in sorted(typer.main.get_command(app).commands)]]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        app([*args, "--help"], prog_name="ppstudio")
    found[" ".join(args) or "ppstudio"] = sorted(name for name in heavy if name in sys.modules)
print(json.dumps(found))
"""


def command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_help_loads_no_heavy_library() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(HEAVY)], capture_output=True, text=True,
                          cwd=ROOT, check=True, timeout=120)
    loaded = json.loads(done.stdout)
    assert set(loaded) == {"ppstudio", *command_names()}
    assert {help_of: modules for help_of, modules in loaded.items() if modules} == {}


def test_version_comes_from_the_package_metadata() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"ppstudio {version(DISTRIBUTION)}\n"


def test_shell_completion_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer detects the calling shell unless told not to; then the option takes the shell's name (under `make`,
    # the caller is sh, which Typer does not support).
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="ppstudio")
    assert result.exit_code == 0, result.output
    assert "_PPSTUDIO_COMPLETE=complete_bash" in result.output
    assert "--install-completion" in CliRunner().invoke(app, ["--help"]).output


@pytest.mark.parametrize("command", command_names())
def test_every_command_help_shows_examples(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], prog_name="ppstudio", terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output
    assert f"ppstudio {command} " in result.output.split("Examples:", 1)[1] or \
        f"ppstudio {command}\n" in result.output.split("Examples:", 1)[1]


def test_sigterm_stops_any_command_as_ctrl_c_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kill`, `timeout` or a stopping container: ingest, curate and score say what they kept and exit 130 on
    Ctrl-C; SIGTERM now reaches them the same way (it ended them with 143 and no word)."""
    import os
    import signal
    import time

    import studio.cli

    def command() -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this
        raise AssertionError("SIGTERM did not stop the command")

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(studio.cli, "app", command)
    with pytest.raises(KeyboardInterrupt):
        studio.cli.main()
    assert signal.getsignal(signal.SIGTERM) is before
