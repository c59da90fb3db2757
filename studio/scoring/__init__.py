"""Scoring, the stage between execution (which makes runs) and reports (which aggregate what scoring stores).

`scorers` names and builds the scorers (the offline three and the LLM judge), `cases` picks the scorable runs and
builds each one's comparison case, `runs` scores runs into the store, `blind` decodes a person's blind A/B choice, `agreement` pairs human and LLM judgements.
The CLI (`ppstudio score`), the studio (`g`, `J`, `j`) and the demo all call these; nothing here imports the
evaluators' models until a scorer runs.
"""

from studio.scoring.agreement import JUDGE_CHOICES, agreement_pairs, judge_choice, judged_by_simulator
from studio.scoring.blind import decode_choice
from studio.scoring.cases import (
    SCORABLE_STATUSES, build_case, check_aggregation, iter_all_runs, judgeable, scorable_runs,
)
from studio.scoring.errors import ScoringError
from studio.scoring.runs import ScoringSummary, judge_runs, score_automatically, score_runs
from studio.scoring.scorers import (
    AUTOMATIC_SCORERS, JUDGE, SCORER_NAMES, automatic_scorers, check_precision, llm_judge, open_scorers,
    parse_scorer_names,
)

__all__ = [
    "JUDGE_CHOICES", "agreement_pairs", "judge_choice", "judged_by_simulator", "decode_choice",
    "SCORABLE_STATUSES", "build_case", "check_aggregation", "iter_all_runs", "judgeable", "scorable_runs",
    "ScoringError", "ScoringSummary", "judge_runs", "score_automatically", "score_runs", "AUTOMATIC_SCORERS",
    "JUDGE", "SCORER_NAMES", "automatic_scorers", "check_precision", "llm_judge", "open_scorers",
    "parse_scorer_names",
]
