"""Agreement of our extractors with the released ParallelPrompt schemas (`parallelprompt-release`) in the store.

Why: a researcher auditing the release needs to see where our validated decisions and the release's labels
differ, overall, per language and per category, with the disagreeing prompts listed. The release is scored as if
it were a gold file, with the same definitions as `ppstudio curate --eval` (see `studio.curation.evaluate`): our
decision is the validated one (parallelizable and tier not low), the release's is its own `parallelizable` label;
category, data-item F1 and n are compared where both say parallelizable. Placeholders (`NAME_1`) are replaced the
same way on both sides first, so a de-anonymised item still matches the release's anonymised one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from store.models import PromptFilter, Schema
from studio.curation.deanon import deanonymise_schema
from studio.curation.evaluate import CaseResult, GoldCase, GoldReport, score_case
from studio.ingest.rows import RELEASE_EXTRACTOR

if TYPE_CHECKING:
    from store import Store


def _latest(schemas: Iterable[Schema], extractor: str) -> Schema | None:
    """The newest schema of an extractor (any version or model) for one prompt."""
    mine = [schema for schema in schemas if schema.extractor == extractor]
    return max(mine, key=lambda schema: (schema.created_at or "", schema.id or 0)) if mine else None


def decision_agreement(report: GoldReport) -> float | None:
    """Share of prompts where both sides take the same parallelizable decision."""
    outcomes = report.overall.outcomes
    return (outcomes["tp"] + outcomes["tn"]) / report.overall.count if report.overall.count else None


def agreement_json(report: GoldReport) -> dict[str, Any]:
    return {**report.to_json(), "decision_agreement": decision_agreement(report)}


def compare_with_reference(store: "Store", extractors: Sequence[str] = ("rules", "llm"), *,
                           reference: str = RELEASE_EXTRACTOR,
                           where: PromptFilter | None = None) -> dict[str, GoldReport]:
    """For each extractor, its schemas scored against `reference` on the prompts (matching `where`) with both."""
    if reference in extractors:
        raise ValueError(f"cannot compare {reference!r} with itself")
    source = f"{reference} (store)"
    started = time.perf_counter()
    results: dict[str, list[CaseResult]] = {name: [] for name in extractors}
    for position, prompt in enumerate(store.iter_prompts(where or PromptFilter()), start=1):
        schemas = store.schemas_for(prompt.id)
        target = _latest(schemas, reference)
        if target is None:
            continue
        target = deanonymise_schema(target, prompt_text=prompt.text)
        # `line` is the prompt's position in the scan; mistakes also show the prompt text.
        case = GoldCase(prompt=prompt.text, parallelizable=target.parallelizable, category=target.category,
                        data=target.data, n=target.n, context=target.context, language=prompt.language,
                        line=position, file=source)
        for name in extractors:
            ours = _latest(schemas, name)
            if ours is not None:
                results[name].append(score_case(case, deanonymise_schema(ours, prompt_text=prompt.text)))
    elapsed = time.perf_counter() - started
    return {name: GoldReport([source], rows, elapsed) for name, rows in results.items()}
