"""Which scorers: their names, the offline ones built by name, and the LLM judge on an endpoint.

Building a scorer loads nothing heavy; the models load on first use (numpy, MiniLM, the judge's backend).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from evaluators.base import Scorer
from store import Store
from studio.scoring.errors import ScoringError

if TYPE_CHECKING:
    from studio.backends.base import Endpoint
    from studio.config import BackendSettings

AUTOMATIC_SCORERS: tuple[str, ...] = ("similarity", "rouge", "structure")
JUDGE = "judge"
SCORER_NAMES: tuple[str, ...] = (*AUTOMATIC_SCORERS, JUDGE)


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


def check_precision(precision: str) -> str:
    """A known embedding precision (checked before any model loads); see evaluators.embedding."""
    from evaluators import embedding  # numpy: loaded when scoring, not by every command that imports this

    try:
        return embedding.check_precision(precision)
    except ValueError as exc:
        raise ScoringError(str(exc)) from None


def automatic_scorers(names: Sequence[str], embedding_precision: str = "auto") -> list[Scorer]:
    """The offline scorers among `names` (the judge needs an endpoint: `llm_judge`)."""
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
    """The pairwise LLM judge (evaluators.judge) on `endpoint`, its verdicts cached in the store, closed on exit.
    `progress` is called once per verdict (two per run, one per order)."""
    from evaluators.judge import CACHE_NAMESPACE, PairwiseJudge
    from studio.llm.chat import BlockingChat

    with BlockingChat(endpoint, concurrency=concurrency, timeout_s=timeout_s) as chat:
        yield PairwiseJudge(chat, cache=store.keyed_cache(CACHE_NAMESPACE), concurrency=concurrency,
                            progress=progress)


@contextmanager
def open_scorers(store: Store, names: Sequence[str], *, embedding_precision: str, judge_backend: BackendSettings,
                 judge_concurrency: int = 4, timeout_s: float = 120.0) -> Iterator[list[Scorer]]:
    """The scorers `names` asks for, the offline ones first; when the judge is among them it runs on
    `judge_backend` (a server, or the embedded engine or simulator started here and stopped on exit), so
    `studio.backends.BackendError` means the judge cannot be reached."""
    if JUDGE not in names:
        yield automatic_scorers(names, embedding_precision)
        return
    from studio.backends import open_endpoint

    with open_endpoint(judge_backend, min_slots=judge_concurrency) as endpoint:
        with llm_judge(store, endpoint, concurrency=judge_concurrency, timeout_s=timeout_s) as judge:
            yield [*automatic_scorers(names, embedding_precision), judge]
