"""Which runs can be scored, and the comparison case (serial answer vs parallel answer) built from each."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from evaluators.base import AGGREGATIONS, ComparisonCase, category_is
from store import Run, Store
from studio.execution.outcome import aggregated_trial, branch_outputs
from studio.scoring.errors import ScoringError

SCORABLE_STATUSES: tuple[str, ...] = ("done", "partial")


def check_aggregation(aggregation: str) -> str:
    if aggregation not in AGGREGATIONS:
        raise ScoringError(f"aggregation must be one of {', '.join(AGGREGATIONS)}, not {aggregation!r}")
    return aggregation


def judgeable(run: Run) -> bool:
    """A run can be judged (by the LLM judge or blind, by a person) when it has both answers."""
    return bool(run.serial_text and run.aggregated_text)


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

    records = [r for r in store.requests_for(run.id) if r.role == "branch"]
    branches = {branch.idx: branch.text or "" for branch in branch_outputs(records, aggregated_trial(records))}
    count = max(run.n_branches, max(branches, default=-1) + 1)
    category = schema.category if schema else None
    target = translation_target(prompt.text) if category_is(category, "translation") else None
    return ComparisonCase(
        prompt=prompt.text, serial_answer=run.serial_text,
        branch_answers=tuple(branches.get(i, "") for i in range(count)), aggregated_answer=parallel_text,
        category=category, data=tuple(schema.data) if schema and schema.data is not None else None,
        n=(run.sweep_n or schema.n) if schema and schema.n else None,  # a sweep point asks for sweep_n items
        aggregation=aggregation, prompt_language=prompt.language, target_language=target, run_id=run.id)
