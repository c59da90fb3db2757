"""The command `ppstudio demo` ends with works as printed from the shell it ran in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from studio.cli import demo


def test_ppstudio_on_path_is_named_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "bin" / "ppstudio"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(script.parent))
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    assert demo.studio_command(Path("reports/demo.db")) == "ppstudio studio --db reports/demo.db"


def test_a_venv_not_on_path_is_named_by_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make demo` runs `.venv/bin/ppstudio demo` without activating the venv: that path is what works."""
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "ppstudio").write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nowhere")
    monkeypatch.setattr(sys, "argv", [".venv/bin/ppstudio", "demo"])
    assert demo.studio_command(Path("reports/demo.db")) == ".venv/bin/ppstudio studio --db reports/demo.db"
    assert demo.studio_command(Path("my demo.db")) == ".venv/bin/ppstudio studio --db 'my demo.db'"
