"""The command `ppstudio demo` ends with works as printed from the shell it ran in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from studio.cli import app, demo, run


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


def test_demo_runs_against_the_endpoint_its_flags_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--backend openai` needs a URL, so the demo takes --base-url, --model and --api-key-env like `run`."""
    used = []

    def record_backend(store: object, settings: object, *args: object) -> None:
        used.append(settings.backend)  # type: ignore[attr-defined]
        raise typer.Exit(9)

    monkeypatch.setattr(run, "run_with_live_view", record_backend)
    result = CliRunner().invoke(app, ["demo", "--backend", "openai", "--base-url", "http://gpu-host:8000/v1",
                                      "--model", "m", "--api-key-env", "KEY_VAR", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 9, result.output
    assert [(b.base_url, b.model, b.api_key_env) for b in used] == [("http://gpu-host:8000/v1", "m", "KEY_VAR")]


def test_a_demo_whose_runs_failed_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As `ppstudio run` does: a demo that measured nothing (the backend refused every request) is not a success."""
    from store import Run, Store

    def fail_every_run(store: Store, *args: object) -> None:
        for row in store.list_prompts(limit=500):
            if row.triage == "accepted":
                store.create_run(Run(id=f"failed{row.id}", prompt_id=row.id, schema_id=None, backend="sim:cpu",
                                     model="m", simulated=True, status="failed", error="connection refused"))

    monkeypatch.setattr(run, "run_with_live_view", fail_every_run)
    result = CliRunner().invoke(app, ["demo", "--backend", "sim", "--prompts", "1", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 3, result.output
    assert "1 of 1 runs failed" in result.output


def test_a_bad_run_setting_stops_the_demo_with_one_line_naming_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A well-typed setting out of range is refused before the engine starts, as `run` refuses it (exit 1)."""
    monkeypatch.setenv("PPSTUDIO_RUN_TRIALS", "0")
    monkeypatch.setattr(run, "run_with_live_view", lambda *args: pytest.fail("the demo ran with a bad setting"))
    result = CliRunner().invoke(app, ["demo", "--backend", "sim", "--prompts", "1", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 1, result.output
    assert "trials must be at least 1 (got 0, set by environment variable PPSTUDIO_RUN_TRIALS)" in result.output
    assert "Traceback" not in result.output
