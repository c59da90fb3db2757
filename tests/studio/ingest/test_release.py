"""The ParallelPrompt release (paper CSV and Hugging Face columns): prompts plus their schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import Store, prompt_id_for
from studio.ingest import RELEASE_EXTRACTOR, ingest_paths
from tests.studio.ingest.conftest import FIXTURES


def _release_schema(store: Store, text: str):  # type: ignore[no-untyped-def]
    schemas = [s for s in store.schemas_for(prompt_id_for(text)) if s.extractor == RELEASE_EXTRACTOR]
    assert len(schemas) == 1, text
    return schemas[0]


@pytest.mark.parametrize("name", ["release.csv", "release.jsonl", "release.parquet"])
def test_release_rows_become_prompts_and_schemas(store: Store, formats: Path, name: str) -> None:
    summary = ingest_paths(store, [formats / name])
    assert summary.schemas == 4
    translation, taglines, comparison, sentiment = (row["prompt"] for row in FIXTURES.RELEASE_ROWS)

    schema = _release_schema(store, translation)
    assert schema.parallelizable and schema.category == "Translation"
    assert schema.data == ["good morning", "thank you", "see you soon"] and schema.n is None
    assert schema.template == "Translate into German: {data}" and schema.tier == "high"
    prompt = store.get_prompt(prompt_id_for(translation))
    assert prompt is not None and (prompt.source, prompt.source_row) == ("lmsys", "1042")
    assert prompt.source_file == str(formats / name)

    schema = _release_schema(store, taglines)
    assert schema.n == 4 and isinstance(schema.n, int) and schema.data is None and schema.tier == "medium"

    schema = _release_schema(store, comparison)
    assert schema.novel_category and schema.tier == "high"  # "High" normalised
    assert schema.data == ["Python", "Rust", "Go"]
    assert schema.category_description == "Analyse each option against the same criteria."

    schema = _release_schema(store, sentiment)  # both data and n, failed validation
    assert schema.data == ["Loved it", "Meh"] and schema.n is None
    assert schema.context == "Answer positive or negative."
    assert schema.tier == "low"
    assert {r.rule for r in schema.reasons} == {"release-data-and-n", "release-validation-failed"}


@pytest.mark.parametrize("name", ["release.csv", "release.parquet"])
def test_release_bad_rows_are_reported(store: Store, formats: Path, name: str) -> None:
    summary = ingest_paths(store, [formats / name])
    reasons = [issue.reason for issue in summary.errors]
    assert reasons[0] == "empty prompt text"
    assert reasons[1].startswith("field 'n' is") and "whole number" in reasons[1]


def test_reingesting_the_release_adds_no_schema(store: Store, formats: Path) -> None:
    ingest_paths(store, [formats / "release.parquet"])
    again = ingest_paths(store, [formats / "release.jsonl", formats / "release.csv"])
    assert again.added == 0
    assert store.curation_stats().schemas == 4


def test_data_literals_and_n_values(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "release.jsonl"
    path.write_text(
        '{"prompt": "Name 3 birds.", "data": null, "n": "3"}\n'
        '{"prompt": "Fix: a, b", "data": "[\\"a\\", 2]", "n": ""}\n'
        '{"prompt": "Bad data", "data": "not a list", "n": null}\n'
        '{"prompt": "Dict data", "data": {"a": 1}}\n'
        '{"prompt": "Negative", "n": -2}\n'
        '{"prompt": "Odd flag", "parallelizable": "maybe"}\n', encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert (summary.added, summary.bad_rows) == (2, 4)
    assert _release_schema(store, "Name 3 birds.").n == 3
    assert _release_schema(store, "Fix: a, b").data == ["a", "2"]
    assert [i.reason for i in summary.errors] == [
        "field 'data' is neither a JSON nor a Python list literal",
        "field 'data' is dict, expected a list",
        "field 'n' is -2, expected a whole number >= 0",
        "field 'parallelizable' is 'maybe', expected true or false",
    ]


def test_a_huge_bad_value_is_quoted_short(store: Store, tmp_path: Path) -> None:
    """A reason quotes the bad value, and a cell can be megabytes: a 100,000-digit `n` once made a 100,000-character
    line on the terminal and in `ingest_errors` (and an unknown tier as long in the schema's reasons). The value is
    now quoted cut short, its start kept."""
    path = tmp_path / "release.jsonl"
    path.write_text(
        json.dumps({"prompt": "Name 3 birds.", "n": "7" * 100_000}) + "\n"
        + json.dumps({"prompt": "Name 4 fish.", "parallelizable": "x" * 100_000}) + "\n"
        + json.dumps({"prompt": "Name 5 trees.", "n": 5, "validation_tier": "t" * 100_000}) + "\n", encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert summary.added == 1
    reasons = [issue.reason for issue in summary.errors]
    assert [reason[:20] for reason in reasons] == ["field 'n' is '777777", "field 'parallelizabl"]
    assert "'xxxxxxxx" in reasons[1] and all(len(reason) < 200 for reason in reasons)
    assert [record.reason for record in store.list_ingest_errors(str(path))] == reasons
    tier_reason = _release_schema(store, "Name 5 trees.").reasons[0]
    assert tier_reason.rule == "release-unknown-tier" and len(tier_reason.message) < 200
