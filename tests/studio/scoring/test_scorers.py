"""Scorer names as the CLI takes them, and the scorers opened for them (the judge on a simulated backend)."""

from __future__ import annotations

import pytest

from store import Store
from studio.config import BackendSettings
from studio.scoring import ScoringError, check_precision, open_scorers, parse_scorer_names


def test_scorer_names() -> None:
    assert parse_scorer_names(None) == ["similarity", "rouge", "structure"]
    assert parse_scorer_names("judge, rouge") == ["judge", "rouge"]
    assert parse_scorer_names("rouge,ROUGE") == ["rouge"]
    with pytest.raises(ScoringError, match="unknown scorer"):
        parse_scorer_names("bleu")


def test_precision_is_checked_before_any_model_loads() -> None:
    assert check_precision("float32") == "float32"
    with pytest.raises(ScoringError):
        check_precision("int4")


def test_open_scorers_without_the_judge_starts_no_backend(store: Store) -> None:
    unreachable = BackendSettings(backend="openai", base_url="http://127.0.0.1:9/v1", model="m")
    with open_scorers(store, ["structure", "rouge"], embedding_precision="auto", judge_backend=unreachable) as chosen:
        assert [scorer.name for scorer in chosen] == ["structure", "rouge"]


def test_open_scorers_puts_the_judge_last_on_its_backend(store: Store) -> None:
    with open_scorers(store, ["judge", "rouge"], embedding_precision="auto",
                      judge_backend=BackendSettings(backend="sim"), judge_concurrency=2) as chosen:
        assert [scorer.name for scorer in chosen] == ["rouge", "judge"]
