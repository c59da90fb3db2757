"""Scoring runs: each scorer over the runs' comparison cases in batches, the figures persisted in the store.

Cached: a (run, scorer, scorer version, aggregation) that already has figures is skipped unless `force`, so
`ppstudio score --all` after a few new runs only scores those.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evaluators.base import ComparisonCase, Scorer, ScoreValue
from store import Run, Score, Store
from studio.scoring.cases import build_case, check_aggregation
from studio.scoring.scorers import AUTOMATIC_SCORERS, automatic_scorers, llm_judge

if TYPE_CHECKING:
    from studio.backends.base import Endpoint

BATCH_SIZE = 128  # cases per scorer call: one embedding pass over all their texts


@dataclass(slots=True)
class ScoringSummary:
    """What a scoring pass did: figures written per scorer, runs skipped as already scored, runs it could not score."""

    aggregation: str
    scored: dict[str, int] = field(default_factory=dict)
    cached: dict[str, int] = field(default_factory=dict)
    unscorable: dict[str, str] = field(default_factory=dict)  # run id -> why
    # runs whose every figure is an error (the judge's endpoint down): stored, and scored again next time
    failed: dict[str, int] = field(default_factory=dict)
    failure_reasons: dict[str, str] = field(default_factory=dict)  # scorer -> the first such run's error

    def to_json(self) -> dict[str, object]:
        return {"aggregation": self.aggregation, "scored": self.scored, "cached": self.cached,
                "failed": self.failed, "failure_reasons": self.failure_reasons, "unscorable": self.unscorable}


def score_runs(store: Store, runs: Sequence[Run], scorers: Sequence[Scorer], *, aggregation: str = "concat",
               force: bool = False, batch_size: int = BATCH_SIZE,
               advance: Callable[[int], None] | None = None) -> ScoringSummary:
    """Score `runs` with each scorer (batched) and persist the figures; `advance(k)` reports k more runs done."""
    check_aggregation(aggregation)
    summary = ScoringSummary(aggregation=aggregation)
    cases: dict[str, ComparisonCase] = {}
    for run in runs:
        case = build_case(store, run, aggregation)
        if isinstance(case, str):
            summary.unscorable[run.id] = case
        else:
            cases[run.id] = case
    for scorer in scorers:
        done = set() if force else store.scored_run_ids(list(cases), scorer.name, scorer.version, aggregation)
        todo = [(run_id, case) for run_id, case in cases.items() if run_id not in done]
        summary.cached[scorer.name] = len(cases) - len(todo)
        summary.scored[scorer.name] = 0
        summary.failed[scorer.name] = 0
        if advance:
            advance(summary.cached[scorer.name])
        for start in range(0, len(todo), batch_size):
            batch = todo[start:start + batch_size]
            for (run_id, _), values in zip(batch, scorer.score_batch([case for _, case in batch])):
                store.replace_scores(run_id, scorer.name, aggregation, [
                    Score(run_id=run_id, scorer=scorer.name, name=value.name, value=value.value,
                          aggregation=aggregation, scorer_version=scorer.version, details=value.details)
                    for value in values])
                if error := _failure(values):
                    summary.failed[scorer.name] += 1
                    summary.failure_reasons.setdefault(scorer.name, error)
            summary.scored[scorer.name] += len(batch)
            if advance:
                advance(len(batch))
    if advance:
        advance(len(summary.unscorable) * len(scorers))
    return summary


def _failure(values: Sequence[ScoreValue]) -> str | None:
    """The error of a run's figures when there are none but errors (so the run is scored again next time)."""
    if any(value.value is not None for value in values):
        return None
    return next((str(value.details["error"]) for value in values if value.details.get("error")), None)


def score_automatically(store: Store, runs: Sequence[Run], embedding_precision: str = "auto") -> ScoringSummary:
    """The offline scorers (similarity, ROUGE, structure) over `runs`, concat answers, cached figures kept: what
    the demo and the studio's `g` key do."""
    return score_runs(store, runs, automatic_scorers(AUTOMATIC_SCORERS, embedding_precision))


def judge_runs(store: Store, runs: Sequence[Run], endpoint: Endpoint, *, concurrency: int = 4,
               timeout_s: float = 120.0, progress: Callable[[], None] | None = None,
               force: bool = False) -> ScoringSummary:
    """The LLM judge on `endpoint` over `runs` (both orders each), its verdicts stored as the `judge` scorer's
    figures: what the studio's `J` key does (`ppstudio score --scorers judge` opens its endpoint through
    `open_scorers`). `progress` is called once per verdict."""
    with llm_judge(store, endpoint, concurrency=concurrency, timeout_s=timeout_s, progress=progress) as judge:
        return score_runs(store, runs, [judge], force=force)
