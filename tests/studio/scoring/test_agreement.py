"""Pairing human and LLM judgements: the one rule the report's kappa and the studio's agreement line share."""

from __future__ import annotations

from store import Judgement, Score
from studio.scoring import agreement_pairs, judge_choice


def verdict(run_id: str, criterion: str, choice: object, scorer: str = "judge") -> Score:
    return Score(run_id=run_id, scorer=scorer, name=criterion, value=None, details={"choice": choice})


def human(run_id: str, criterion: str, choice: str) -> Judgement:
    return Judgement(run_id=run_id, judge="ann", criterion=criterion, choice=choice, a_is="serial")


def test_the_judges_choice_is_one_of_three_words() -> None:
    assert judge_choice(verdict("r", "overall", "parallel")) == "parallel"
    assert judge_choice(verdict("r", "overall", "A")) is None  # undecoded or malformed: no verdict
    assert judge_choice(None) is None


def test_pairs_join_on_run_and_criterion_and_skip_what_the_judge_did_not_decide() -> None:
    scores = [verdict("r1", "overall", "parallel"), verdict("r1", "accuracy", "tie"),
              verdict("r2", "overall", "error"), verdict("r2", "fluency", "serial", scorer="similarity")]
    judgements = [human("r1", "overall", "serial"), human("r1", "accuracy", "tie"), human("r1", "detail", "tie"),
                  human("r2", "overall", "parallel"), human("r2", "fluency", "serial")]
    assert agreement_pairs(scores, judgements) == [("serial", "parallel"), ("tie", "tie")]
