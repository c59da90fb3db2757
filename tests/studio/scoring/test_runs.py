"""Scoring runs from the store: figures persisted, cached, and merge vs concat; the offline scorers for real."""

from __future__ import annotations

import pytest

from evaluators.base import ComparisonCase, ScoreValue
from store import Store
from studio.scoring import automatic_scorers, judge_runs, score_automatically, score_runs, scorable_runs
from tests.conftest import SimEndpointFactory


class CountingScorer:
    """A scorer that records what it was given (the real ones are tested in tests/evaluators)."""

    name = "counting"
    version = "1"

    def __init__(self) -> None:
        self.seen: list[ComparisonCase] = []

    def score_batch(self, cases: list[ComparisonCase]) -> list[list[ScoreValue]]:
        self.seen.extend(cases)
        return [[ScoreValue("branches", float(len(case.branch_answers)), {"aggregation": case.aggregation})]
                for case in cases]


def test_scores_are_persisted_and_cached_per_aggregation(filled_store: Store) -> None:
    runs = [filled_store.get_run(run_id) for run_id in ("t1", "t2", "r1")]
    scorer = CountingScorer()
    summary = score_runs(filled_store, runs, [scorer], aggregation="concat")
    assert summary.scored == {"counting": 3} and summary.cached == {"counting": 0}
    assert [s.value for s in filled_store.scores_for("r1", aggregation="concat") if s.scorer == "counting"] == [3.0]
    again = score_runs(filled_store, runs, [scorer], aggregation="concat")
    assert again.scored == {"counting": 0} and again.cached == {"counting": 3} and len(scorer.seen) == 3
    merged = score_runs(filled_store, runs, [scorer], aggregation="merge")
    assert merged.scored == {"counting": 1} and set(merged.unscorable) == {"t2", "r1"}
    [merge_score] = [s for s in filled_store.scores_for("t1", aggregation="merge") if s.scorer == "counting"]
    assert merge_score.details == {"aggregation": "merge"}
    forced = score_runs(filled_store, runs, [scorer], aggregation="concat", force=True)
    assert forced.scored == {"counting": 3}


def test_real_offline_scorers_on_stored_runs(filled_store: Store) -> None:
    runs = scorable_runs(filled_store, ["t1", "t2"])
    score_runs(filled_store, runs, automatic_scorers(["rouge", "structure"]))
    scores = {(s.scorer, s.name): s.value for s in filled_store.scores_for("t2", aggregation="concat")}
    assert scores[("rouge", "rougeL_f")] == pytest.approx(1.0)
    assert scores[("structure", "branches_answered")] == 1.0
    assert scores[("structure", "language_match")] == 1.0


def test_score_automatically_runs_the_automatic_scorers_and_keeps_their_figures(
        filled_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.scoring import runs as scoring_runs

    monkeypatch.setattr(scoring_runs, "AUTOMATIC_SCORERS", ("rouge", "structure"))  # MiniLM loads in slow tests
    summary = score_automatically(filled_store, scorable_runs(filled_store, ["t2"]))
    assert summary.scored == {"rouge": 1, "structure": 1} and summary.aggregation == "concat"
    assert score_automatically(filled_store, scorable_runs(filled_store, ["t2"])).cached == {"rouge": 1,
                                                                                            "structure": 1}


def test_judge_runs_stores_both_orders_verdicts(filled_store: Store, sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint("gpu")
    verdicts: list[None] = []
    runs = scorable_runs(filled_store, ["t2"])
    assert judge_runs(filled_store, runs, endpoint).cached == {"judge": 1}  # the store came with a verdict
    summary = judge_runs(filled_store, runs, endpoint, concurrency=2, progress=lambda: verdicts.append(None),
                         force=True)
    assert summary.scored == {"judge": 1} and len(verdicts) == 2  # one verdict per order
    judged = {s.name for s in filled_store.scores_for("t2") if s.scorer == "judge"}
    assert judged == {"accuracy", "fluency", "detail", "overall"}


class FailingScorer:
    """A scorer whose every figure is an error, as the judge's are when its endpoint is down."""

    name = "failing"
    version = "1"

    def score_batch(self, cases: list[ComparisonCase]) -> list[list[ScoreValue]]:
        return [[ScoreValue("overall", None, {"error": "connection refused"})] for _ in cases]


def test_runs_whose_figures_all_failed_are_counted_with_a_reason(filled_store: Store) -> None:
    runs = [filled_store.get_run(run_id) for run_id in ("t1", "t2")]
    summary = score_runs(filled_store, runs, [FailingScorer(), CountingScorer()])
    assert summary.failed == {"failing": 2, "counting": 0}
    assert summary.failure_reasons == {"failing": "connection refused"}
    assert summary.to_json()["failed"] == {"failing": 2, "counting": 0}
