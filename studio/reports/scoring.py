"""Scoring runs from the store: build a comparison case per run, run the chosen scorers in batches, persist.

Cached: a (run, scorer, scorer version, aggregation) that already has figures is skipped unless `force`, so
`ppstudio score --all` after a few new runs only scores those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evaluators.base import AGGREGATIONS, ComparisonCase, Scorer, category_is
from store import Run, Score, Store

if TYPE_CHECKING:
    from studio.backends.base import Endpoint

AUTOMATIC_SCORERS: tuple[str, ...] = ("similarity", "rouge", "structure")
SCORER_NAMES: tuple[str, ...] = (*AUTOMATIC_SCORERS, "judge")
SCORABLE_STATUSES: tuple[str, ...] = ("done", "partial")
BATCH_SIZE = 128  # cases per scorer call: one embedding pass over all their texts


class ScoringError(ValueError):
    """Bad scoring input (unknown scorer, aggregation or run); the message says which."""


@dataclass(slots=True)
class ScoringSummary:
    """What a scoring pass did: figures written per scorer, runs skipped as already scored, runs it could not score."""

    aggregation: str
    scored: dict[str, int] = field(default_factory=dict)
    cached: dict[str, int] = field(default_factory=dict)
    unscorable: dict[str, str] = field(default_factory=dict)  # run id -> why

    def to_json(self) -> dict[str, object]:
        return {"aggregation": self.aggregation, "scored": self.scored, "cached": self.cached,
                "unscorable": self.unscorable}


def parse_scorer_names(text: str | None) -> list[str]:
    """'similarity,rouge' -> ['similarity', 'rouge']; None means the automatic scorers (the judge needs a model)."""
    if not text:
        return list(AUTOMATIC_SCORERS)
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SCORER_NAMES]
    if unknown or not names:
        raise ScoringError(f"unknown scorer(s) {', '.join(unknown) or '(none)'};"
                           f" choose from {', '.join(SCORER_NAMES)}")
    return list(dict.fromkeys(names))


def automatic_scorers(names: Sequence[str], embedding_precision: str = "auto") -> list[Scorer]:
    """The offline scorers among `names` (the judge is built by the caller, who owns its endpoint)."""
    from evaluators.rouge import RougeScorer
    from evaluators.similarity import SimilarityScorer
    from evaluators.structure import StructureScorer

    factories: dict[str, Callable[[], Scorer]] = {
        "similarity": lambda: SimilarityScorer(embedding_precision=embedding_precision), "rouge": RougeScorer,
        "structure": lambda: StructureScorer(embedding_precision=embedding_precision)}
    return [factories[name]() for name in names if name in factories]


@contextmanager
def llm_judge(store: Store, endpoint: Endpoint, *, concurrency: int = 4, timeout_s: float = 120.0,
              progress: Callable[[], None] | None = None) -> Iterator[Scorer]:
    """The pairwise LLM judge (evaluators.judge) on `endpoint`, its verdicts cached in the store, closed on exit:
    what `ppstudio score --scorers judge` and the studio's judge key hand to `score_runs`. `progress` is called
    once per verdict (two per run, one per order)."""
    from evaluators.judge import CACHE_NAMESPACE, PairwiseJudge
    from studio.llm.chat import BlockingChat

    with BlockingChat(endpoint, concurrency=concurrency, timeout_s=timeout_s) as chat:
        yield PairwiseJudge(chat, cache=store.keyed_cache(CACHE_NAMESPACE), concurrency=concurrency,
                            progress=progress)


def check_precision(precision: str) -> str:
    """A known embedding precision (checked before any model loads); see evaluators.embedding."""
    from evaluators import embedding  # numpy: loaded when scoring, not by every command that imports this

    try:
        return embedding.check_precision(precision)
    except ValueError as exc:
        raise ScoringError(str(exc)) from None


def check_aggregation(aggregation: str) -> str:
    if aggregation not in AGGREGATIONS:
        raise ScoringError(f"aggregation must be one of {', '.join(AGGREGATIONS)}, not {aggregation!r}")
    return aggregation


def scorable_runs(store: Store, run_ids: Sequence[str] | None = None) -> list[Run]:
    """The given runs (unknown ids are an error), or every finished run, oldest first."""
    if run_ids:
        runs: list[Run] = []
        for run_id in run_ids:
            run = store.get_run(run_id)
            if run is None:
                raise ScoringError(f"no run {run_id!r} in {store.path}")
            runs.append(run)
        return runs
    return [run for run in reversed(list(iter_all_runs(store))) if run.status in SCORABLE_STATUSES]


def iter_all_runs(store: Store, page: int = 500) -> Iterator[Run]:
    """Every run in the store, newest first, a page at a time."""
    offset = 0
    while True:
        runs = store.list_runs(limit=page, offset=offset)
        yield from runs
        if len(runs) < page:
            return
        offset += page


def build_case(store: Store, run: Run, aggregation: str) -> ComparisonCase | str:
    """The comparison case of a run for `concat` or `merge`, or a string saying why there is none."""
    if run.status not in SCORABLE_STATUSES:
        return f"run is {run.status}"
    if not run.serial_text:
        return "run has no serial answer"
    parallel_text = run.aggregated_text if aggregation == "concat" else run.merge_text
    if not parallel_text:
        return ("run has no merged answer (run it with --aggregation merge)" if aggregation == "merge"
                else "run has no parallel answer")
    prompt = store.get_prompt(run.prompt_id)
    if prompt is None:
        return "the run's prompt is gone"
    schema = ((store.get_schema(run.schema_id) if run.schema_id is not None else None)
              or store.best_schema(run.prompt_id))
    from evaluators.language import translation_target  # py3langid (numpy): loaded when scoring
    from studio.execution.outcome import aggregated_trial

    records = [r for r in store.requests_for(run.id) if r.role == "branch"]
    trial = aggregated_trial(records)
    branches = {r.idx: (r.text if r.status == "ok" else "") for r in records if r.trial == trial}
    count = max(run.n_branches, max(branches, default=-1) + 1)
    category = schema.category if schema else None
    target = translation_target(prompt.text) if category_is(category, "translation") else None
    return ComparisonCase(
        prompt=prompt.text, serial_answer=run.serial_text,
        branch_answers=tuple(branches.get(i, "") for i in range(count)), aggregated_answer=parallel_text,
        category=category, data=tuple(schema.data) if schema and schema.data is not None else None,
        n=(run.sweep_n or schema.n) if schema and schema.n else None,  # a sweep point asks for sweep_n items
        aggregation=aggregation, prompt_language=prompt.language, target_language=target, run_id=run.id)


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
        if advance:
            advance(summary.cached[scorer.name])
        for start in range(0, len(todo), batch_size):
            batch = todo[start:start + batch_size]
            for (run_id, _), values in zip(batch, scorer.score_batch([case for _, case in batch])):
                store.replace_scores(run_id, scorer.name, aggregation, [
                    Score(run_id=run_id, scorer=scorer.name, name=value.name, value=value.value,
                          aggregation=aggregation, scorer_version=scorer.version, details=value.details)
                    for value in values])
            summary.scored[scorer.name] += len(batch)
            if advance:
                advance(len(batch))
    if advance:
        advance(len(summary.unscorable) * len(scorers))
    return summary
