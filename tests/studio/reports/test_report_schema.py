"""Every JSON report the tool writes validates against docs/report.schema.json, and carries what the schema
promises: the schema version, the tool's version, the settings and one sample per reported run."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from store import Judgement, PromptFilter, Store
from studio import DISTRIBUTION
from studio.cli import app
from studio.execution import stability
from studio.reports import build_report, render
from studio.reports.model import REPORT_SCHEMA_VERSION
from tests.studio.reports.conftest import XSS_SCRIPT, fill_store

SCHEMA = json.loads((Path(__file__).resolve().parents[3] / "docs" / "report.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)

# Every way the tool builds a JSON report: the selections, views and aggregations a user can ask for.
REPORTS: dict[str, Callable[[Store], dict]] = {
    "everything": lambda store: json.loads(render(build_report(store), "json")),
    "paper view": lambda store: json.loads(render(build_report(store, paper=True), "json")),
    "merge answers": lambda store: json.loads(render(build_report(store, aggregation="merge"), "json")),
    "one category": lambda store: json.loads(render(build_report(
        store, PromptFilter(category="Translation"), where_text="category=Translation"), "json")),
    "nothing selected": lambda store: json.loads(render(build_report(store, PromptFilter(ids=["none"])), "json")),
}


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == REPORT_SCHEMA_VERSION


def _flag_enums(node: object) -> list[list[str]]:
    if isinstance(node, dict):
        found = [node["flags"]["items"]["enum"]] if isinstance(node.get("flags"), dict) else []
        return found + [enum for value in node.values() for enum in _flag_enums(value)]
    return [enum for value in node for enum in _flag_enums(value)] if isinstance(node, list) else []


def test_the_schema_allows_every_flag_a_run_can_carry() -> None:
    """A report with a `capped` run failed validation: the schema listed the flags of its day, not the code's."""
    enums = _flag_enums(SCHEMA)
    assert len(enums) == 2 and all(enum == list(stability.FLAGS) for enum in enums)


@pytest.mark.parametrize("name", REPORTS)
def test_every_generated_report_validates(filled_store: Store, name: str) -> None:
    filled_store.add_judgement(Judgement(run_id="t2", judge="ana", criterion="overall", choice="parallel",
                                         a_is="serial"))
    document = REPORTS[name](filled_store)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in VALIDATOR.iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize("name", REPORTS)
def test_an_empty_store_report_validates(store: Store, name: str) -> None:
    assert list(VALIDATOR.iter_errors(REPORTS[name](store))) == []


def test_the_cli_report_validates_and_carries_samples(tmp_path: Path) -> None:
    db = tmp_path / "report.db"
    with Store(db) as store:
        fill_store(store)
    result = CliRunner().invoke(app, ["report", "--format", "json", "--db", str(db), "--where", "source=text"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(VALIDATOR.iter_errors(document)) == []
    assert document["tool"] == {"name": "ppstudio", "version": version(DISTRIBUTION)}
    assert document["settings"]["where"] == "source=text" and document["settings"]["aggregation"] == "concat"
    assert [sample["run_id"] for sample in document["samples"]] == [row["run_id"] for row in document["rows"]]
    t1 = next(sample for sample in document["samples"] if sample["run_id"] == "t1")
    assert [(r["role"], r["idx"], r["text"], r["status"]) for r in t1["requests"]] == [
        ("serial", 0, "1. Bonjour\n2. Merci", "ok"), ("branch", 0, "Bonjour", "ok"), ("branch", 1, "Merci", "ok")]
    assert {(score["scorer"], score["name"]) for score in t1["scores"]} >= {("similarity", "cosine")}
    assert XSS_SCRIPT in next(row["prompt_text"] for row in document["rows"] if row["run_id"] == "t1")
