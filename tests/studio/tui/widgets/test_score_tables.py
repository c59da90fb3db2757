"""The scores screen's judge table: a simulator's verdicts are headed SIMULATED (they test the pipeline only)."""

from __future__ import annotations

from rich.console import Console

from evaluators.judge import CRITERIA
from store import Score
from studio.tui.widgets.score_tables import judges_table


def verdicts(simulated: bool | None) -> list[Score]:
    details: dict[str, object] = {"choice": "parallel", "consistent": True}
    if simulated is not None:  # verdicts stored before the flag existed have none
        details["judge_simulated"] = simulated
    return [Score(run_id="r1", scorer="judge", name=criterion, value=1.0, details=dict(details))
            for criterion in CRITERIA]


def header(simulated: bool | None) -> str:
    console = Console(width=160, record=True)
    console.print(judges_table(verdicts(simulated), []))
    return console.export_text().splitlines()[0]


def test_a_simulated_judge_is_named_in_the_header() -> None:
    assert "LLM judge (SIMULATED)" in header(True)
    assert "SIMULATED" not in header(False) and "SIMULATED" not in header(None)
    assert "LLM judge" in header(None)
