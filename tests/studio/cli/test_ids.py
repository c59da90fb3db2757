"""Commands that take a prompt or run id accept a unique prefix of at least six characters of it, and name the
ids a prefix matches when it is ambiguous."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from store import Prompt, Run, Schema, Score, Store
from studio.cli import app
from studio.cli.common import IdError, resolve_ids

runner = CliRunner()
PROMPTS = ("abcdef0000000001", "abcdef0000000002", "1234567890abcdef")
RUNS = ("run0aaaa11112222", "run0aaab33334444")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "ids.db"
    with Store(path) as store:
        store.add_prompts(Prompt(text=f"List {i + 2} fruits and {i + 2} trees.", source="text", id=prompt_id)
                          for i, prompt_id in enumerate(PROMPTS))
        for prompt_id in PROMPTS:
            store.add_schema(Schema(prompt_id=prompt_id, extractor="rules", extractor_version="1",
                                    parallelizable=True, category="Repeated Generation", n=2, tier="high"))
        for run_id in RUNS:
            store.create_run(Run(id=run_id, prompt_id=PROMPTS[2], schema_id=None, backend="sim:cpu", model="m",
                                 simulated=True, status="done", serial_ms=200.0, parallel_ms=100.0, speedup=2.0,
                                 serial_text="1. a\n2. b", aggregated_text="1. a\n\n2. b", n_branches=2))
        store.add_scores([Score(run_id=RUNS[0], scorer="structure", name="list_form_kept", value=1.0)])
    return str(path)


def test_resolve_ids(db: str) -> None:
    with Store(db) as store:
        assert resolve_ids(store, "prompts", ["123456", PROMPTS[0], "1234567890abcdef"]) == [PROMPTS[2], PROMPTS[0]]
        assert resolve_ids(store, "runs", ["run0aaaa"]) == [RUNS[0]]
        with pytest.raises(IdError, match="ambiguous: it starts abcdef0000000001, abcdef0000000002"):
            resolve_ids(store, "prompts", ["abcdef"])
        with pytest.raises(IdError, match="too short"):
            resolve_ids(store, "prompts", ["12345"])
        with pytest.raises(IdError, match="no run with id 'run1'"):
            resolve_ids(store, "runs", ["run1"])


def test_runs_takes_a_prompt_prefix(db: str) -> None:
    result = runner.invoke(app, ["runs", "--prompt", "123456", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert {run["id"] for run in json.loads(result.stdout)["runs"]} == set(RUNS)


def test_runs_takes_a_sweep_prefix(db: str) -> None:
    swept = ("run0swept0000001", "run0swept0000002")
    with Store(db) as store:
        for n, run_id in enumerate(swept, start=1):
            store.create_run(Run(id=run_id, prompt_id=PROMPTS[0], schema_id=None, backend="sim:cpu", model="m",
                                 simulated=True, status="done", n_branches=n, sweep_id="sweep0cafe123456", sweep_n=n))
    result = runner.invoke(app, ["runs", "--sweep", "sweep0caf", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert {run["id"] for run in json.loads(result.stdout)["runs"]} == set(swept)
    result = runner.invoke(app, ["runs", "--sweep", "sweep1", "--db", db])
    assert result.exit_code == 1 and "no sweep with id 'sweep1'" in result.output


def test_an_ambiguous_prefix_names_the_ids_it_matches(db: str) -> None:
    result = runner.invoke(app, ["run", "--prompt", "abcdef", "--backend", "sim", "--db", db])
    assert result.exit_code == 1
    assert "prompt id 'abcdef' is ambiguous: it starts abcdef0000000001, abcdef0000000002" in result.output


def test_score_takes_a_run_prefix(db: str) -> None:
    result = runner.invoke(app, ["score", "--run", "run0aaaa", "--scorers", "structure", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cached"] == {"structure": 1}  # the run with the score: run0aaaa11112222
    result = runner.invoke(app, ["score", "--run", "run0aa", "--db", db])
    assert result.exit_code == 1 and "run0aaaa11112222, run0aaab33334444" in result.output


def test_where_ids_take_prefixes(db: str) -> None:
    result = runner.invoke(app, ["report", "--format", "json", "--where", "ids=123456", "--db", db])
    assert result.exit_code == 0, result.output
    assert {row["run_id"] for row in json.loads(result.stdout)["rows"]} == {RUNS[1]}  # the newest of its runs
    result = runner.invoke(app, ["report", "--where", "ids=abcdef|123456", "--db", db])
    assert result.exit_code == 1 and "ambiguous" in result.output



def test_export_where_ids_take_prefixes(db: str) -> None:
    result = runner.invoke(app, ["export", "prompts", "--where", "ids=123456", "--db", db])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [PROMPTS[2]]
    result = runner.invoke(app, ["export", "--format", "parallelprompt", "--where", "ids=abcdef", "--db", db])
    assert result.exit_code == 1 and "ambiguous" in result.output


@pytest.mark.parametrize("command", [["run", "--backend", "sim"], ["report"], ["curate"], ["export", "prompts"]])
def test_a_where_naming_no_filter_is_a_usage_error_in_every_command(db: str, command: list[str]) -> None:
    """`--where bogus=1` is a mistake in how the command was called: exit 2 everywhere (export said 2, the others 1)."""
    result = runner.invoke(app, [*command, "--where", "bogus=1", "--db", db])
    assert result.exit_code == 2, result.output
    assert "unknown filter key 'bogus'" in result.stderr
