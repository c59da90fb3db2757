"""`ppstudio show ID`: one prompt with its schemas (the one runs use first), triage and runs, as text that shows the
prompt's own characters (no markup, emoji codes or terminal escapes obeyed) or as one JSON document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from store import Prompt, Reason, Run, Schema, Store, Triage
from studio.cli import app

runner = CliRunner()
TEXT = "Give me 3 names for a cat [bold]now[/bold] :smile: \x1b[31mred"
PROMPT_ID = "c0ffee0000000001"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "show.db"
    with Store(path) as store:
        store.add_prompts([Prompt(text=TEXT, source="jsonl", source_file="chats.jsonl", source_row="line 7",
                                  language="en", id=PROMPT_ID),
                           Prompt(text="A prompt nobody curated.", source="text", id="0ther00000000002")])
        store.add_schema(Schema(prompt_id=PROMPT_ID, extractor="rules", extractor_version="2", parallelizable=True,
                                category="Repeated Generation", template="Give me one name for a cat", n=3,
                                tier="high", reasons=[Reason("count", "asks for 3 names")]))
        store.add_schema(Schema(prompt_id=PROMPT_ID, extractor="llm", extractor_version="1", parallelizable=False,
                                tier="low", model="smol", reasons=[Reason("tier.low", "one task")]))
        store.set_triage(Triage(prompt_id=PROMPT_ID, status="accepted", note="checked [red]"))
        store.create_run(Run(id="run0show00000001", prompt_id=PROMPT_ID, schema_id=None, backend="sim:cpu",
                             model="m", simulated=True, status="done", serial_ms=300.0, parallel_ms=150.0,
                             speedup=2.0, serial_text="1. a", aggregated_text="1. a", n_branches=3))
    return str(path)


def test_show_prints_the_prompt_as_typed_its_schemas_best_first_triage_and_runs(db: str) -> None:
    result = runner.invoke(app, ["show", "c0ffee", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[bold]now[/bold] :smile: \\x1b[31mred" in out  # markup, emoji codes and escapes shown, not obeyed
    assert "\x1b[31m" not in out and "😄" not in out
    assert "(chats.jsonl:line 7)" in out
    assert out.index("schema 1: rules 2 (used by runs and views)") < out.index("schema 2: llm 1")
    assert "asks for 3 names" in out and "Give me one name for a cat" in out and "smol" in out
    assert "triage: accepted (checked [red])" in out
    assert "run0show00000001" in out


def test_show_json_is_one_document_with_everything(db: str) -> None:
    result = runner.invoke(app, ["show", PROMPT_ID, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["prompt"]["text"] == TEXT
    assert document["best_schema_id"] == document["schemas"][0]["id"]
    assert [schema["extractor"] for schema in document["schemas"]] == ["rules", "llm"]
    assert document["schemas"][0]["reasons"][0]["message"] == "asks for 3 names"
    assert document["triage"]["status"] == "accepted"
    assert [run["id"] for run in document["runs"]] == ["run0show00000001"]
    assert document["runs"][0]["label"] == "simulated"


def test_show_of_a_prompt_with_no_schema_or_run_says_how_to_make_them(db: str) -> None:
    result = runner.invoke(app, ["show", "0ther0", "--db", db])
    assert result.exit_code == 0, result.output
    assert "no schema yet" in result.output and "triage: unreviewed" in result.output
    assert "no runs yet" in result.output


def test_show_of_an_unknown_id_fails_with_the_id(db: str) -> None:
    result = runner.invoke(app, ["show", "ffffff", "--db", db])
    assert result.exit_code == 1
    assert "no prompt with id 'ffffff'" in result.output


def test_show_says_why_a_count_was_not_a_request(tmp_path: Path) -> None:
    """A prompt the rules did not split though it says "10": `show` gives each count's refusal (text and JSON)."""
    from studio.curation.rules import extract_rules
    from studio.curation.validator import validate_schema

    text = "Suggest 10 key habits for a calmer morning routine"
    path = tmp_path / "miss.db"
    with Store(path) as store:
        store.add_prompts([Prompt(text=text, source="text", language="en", id="m1550000000000a1")])
        store.add_schema(validate_schema(extract_rules(text, language="en", prompt_id="m1550000000000a1"), text))
    result = runner.invoke(app, ["show", "m15500", "--db", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "refused count  count.selection: “10” is not a request for 10 outputs: a ranked selection" in result.output
    document = json.loads(runner.invoke(app, ["show", "m15500", "--db", str(path), "--json"]).stdout)
    assert [(reason["rule"], reason["span"]) for reason in document["schemas"][0]["refused_counts"]] == [
        ("count.selection", [8, 10])]
