"""Options with fixed choices are Click choices: a bad value is a usage error (exit 2) that lists the choices, checked
before anything runs (no store is opened or created, no backend started)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studio.cli import app

BAD_CHOICES = (
    (["report", "--format", "pdf"], "--format", "md"),
    (["report", "--aggregation", "sum"], "--aggregation", "merge"),
    (["report", "--format", "csv", "--csv-level", "run"], "--csv-level", "category"),
    (["score", "--all", "--aggregation", "sum"], "--aggregation", "merge"),
    (["score", "--all", "--embedding-precision", "int4"], "--embedding-precision", "bfloat16"),
    (["score", "--all", "--backend", "gpt"], "--backend", "sim"),
    (["run", "--diversity", "x"], "--diversity", "letter"),
    (["run", "--aggregation", "sum"], "--aggregation", "merge"),
    (["run", "--backend", "gpt"], "--backend", "embedded"),
    (["runs", "--status", "finished"], "--status", "interrupted"),
    (["curate", "--extractor", "magic"], "--extractor", "both"),
    (["curate", "--backend", "gpt"], "--backend", "sim"),
    (["probe", "--backend", "gpt"], "--backend", "sim"),
    (["probe", "--sim-profile", "tpu"], "--sim-profile", "gpu"),
    (["serve", "--backend", "openai"], "--backend", "embedded"),
    (["serve", "--sim-profile", "tpu"], "--sim-profile", "cpu"),
    (["studio", "--backend", "gpt"], "--backend", "sim"),
    (["demo", "--backend", "gpt"], "--backend", "sim"),
    (["ingest", "--format", "xml", "x.txt"], "--format", "lmsys"),
    (["export", "--format", "xlsx"], "--format", "parquet"),
    (["export", "triage", "--format", "csv"], "table", "requests"),
)


@pytest.mark.parametrize(("args", "option", "a_choice"), BAD_CHOICES, ids=[" ".join(args) for args, _, _ in BAD_CHOICES])
def test_a_bad_choice_is_a_usage_error(args: list[str], option: str, a_choice: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "store.db")] if args[0] != "serve" else args)
    assert result.exit_code == 2, result.output
    assert "Invalid value" in result.output and option in result.output and a_choice in result.output
    assert list(tmp_path.iterdir()) == []


def test_good_choices_still_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["runs", "--status", "done", "--json", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no store at" in result.output  # past option parsing


def test_choices_named_in_the_cli_match_their_modules() -> None:
    """The CLI names these choices itself so `--help` need not import the simulator or the ingest readers."""
    from studio.backends.sim import PROFILES
    from studio.cli.common import SimProfile
    from studio.cli.export import ExportFormat
    from studio.cli.ingest import InputFormat
    from studio.export import FORMATS
    from studio.ingest import FORMAT_NAMES

    assert [member.value for member in SimProfile] == list(PROFILES)
    assert [member.value for member in InputFormat] == list(FORMAT_NAMES)
    assert [member.value for member in ExportFormat] == list(FORMATS)
