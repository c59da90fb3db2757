"""Which runs are scorable and the comparison case built from each: branches, data, language, merge vs concat."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evaluators.base import ComparisonCase
from store import Store
from studio.scoring import ScoringError, build_case, check_aggregation, judgeable, scorable_runs


def test_build_case_from_a_run(filled_store: Store) -> None:
    case = build_case(filled_store, filled_store.get_run("t1"), "concat")
    assert isinstance(case, ComparisonCase)
    assert case.branch_answers == ("Bonjour", "Merci") and case.serial_answer == "1. Bonjour\n2. Merci"
    assert case.data == ("good morning", "thank you") and case.category == "Translation"
    assert case.target_language == "fr" and case.run_id == "t1"
    merged = build_case(filled_store, filled_store.get_run("t1"), "merge")
    assert isinstance(merged, ComparisonCase) and merged.aggregated_answer == "Bonjour. Merci."
    assert build_case(filled_store, filled_store.get_run("t2"), "merge") == \
        "run has no merged answer (run it with --aggregation merge)"


def test_scorable_runs(filled_store: Store) -> None:
    assert {run.id for run in scorable_runs(filled_store)} >= {"t1", "t2", "r1", "t1-old"}
    with pytest.raises(ScoringError, match="no run 'nope'"):
        scorable_runs(filled_store, ["nope"])


def test_aggregation_is_checked() -> None:
    assert check_aggregation("merge") == "merge"
    with pytest.raises(ScoringError, match="aggregation must be one of concat, merge, not 'best'"):
        check_aggregation("best")


def test_a_run_is_judgeable_with_both_answers(filled_store: Store) -> None:
    run = filled_store.get_run("t1")
    assert judgeable(run)
    assert not judgeable(replace(run, aggregated_text=None))
    assert not judgeable(replace(run, serial_text=""))
