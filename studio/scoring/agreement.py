"""Human and LLM judges side by side: the LLM judge's verdict in a score, and the (human, LLM) pairs Cohen's kappa
is computed over. The report and the studio's scores screen both pair judgements this way."""

from __future__ import annotations

from collections.abc import Iterable

from store import Judgement, Score
from studio.scoring.scorers import JUDGE

JUDGE_CHOICES = ("serial", "parallel", "tie")


def judge_choice(score: Score | None) -> str | None:
    """The LLM judge's choice recorded in `score` ("serial", "parallel" or "tie"), or None."""
    choice = score.details.get("choice") if score is not None else None
    return choice if choice in JUDGE_CHOICES else None


def judged_by_simulator(score: Score | None) -> bool:
    """Whether the LLM judge's verdict in `score` came from a simulator (`judge_simulated` in its details): such
    verdicts test the pipeline and say nothing of quality, and every view that shows them says so."""
    return score is not None and score.details.get("judge_simulated") is True


def agreement_pairs(scores: Iterable[Score], judgements: Iterable[Judgement]) -> list[tuple[str, str]]:
    """(human choice, LLM choice) for every human judgement of a run and criterion the LLM judge also decided.
    `scores` are one aggregation's scores of the runs (other scorers are ignored)."""
    machine = {(score.run_id, score.name): choice for score in scores
               if score.scorer == JUDGE and (choice := judge_choice(score)) is not None}
    return [(judgement.choice, machine[key]) for judgement in judgements
            if (key := (judgement.run_id, judgement.criterion)) in machine]
