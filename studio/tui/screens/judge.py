"""Blind A/B judging: the serial and the aggregated parallel answer shown as A and B in random order.

Nothing on screen says which answer is which, and no timing is shown. Each criterion's answer (1 = A, 2 = tie,
3 = B) is decoded to serial / parallel / tie and stored with the judge's name and which answer was A.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from store import Judgement, Run
from store.scores import JUDGEMENT_CRITERIA
from studio.scoring import decode_choice
from studio.tui.context import Studio
from studio.tui.literal import literal
from studio.tui.messages import JudgementRecorded
from studio.tui.widgets.footer import FittedFooter

QUESTIONS = {
    "accuracy": "Which answer is more accurate and correct?",
    "fluency": "Which answer reads better (grammar, fluency)?",
    "detail": "Which answer is more detailed and complete?",
    "overall": "Overall, which answer do you prefer?",
}
CRITERIA: tuple[tuple[str, str], ...] = tuple((name, QUESTIONS[name]) for name in JUDGEMENT_CRITERIA)


class BlindJudgeScreen(Screen[int]):
    """Dismisses with the number of judgements stored."""

    BINDINGS = [
        Binding("1", "choose('A')", "A better", id="judge-a"),
        Binding("2", "choose('tie')", "Tie", id="judge-tie"),
        Binding("3", "choose('B')", "B better", id="judge-b"),
        Binding("escape", "leave", "Stop judging", id="judge-stop"),
    ]

    def __init__(self, studio: Studio, run: Run) -> None:
        super().__init__()
        self.studio = studio
        self.run = run
        self.criterion_index = 0
        self.stored: list[Judgement] = []
        self.a_is = "serial"

    def compose(self) -> ComposeResult:
        self.a_is = self.studio.rng.choice(("serial", "parallel"))
        serial, parallel = self.run.serial_text or "", self.run.aggregated_text or ""
        answer_a, answer_b = (serial, parallel) if self.a_is == "serial" else (parallel, serial)
        prompt = self.studio.store.get_prompt(self.run.prompt_id)
        yield Header()
        yield Static(id="ab-question")
        with VerticalScroll(id="ab-prompt", classes="panel"):
            yield Static(literal(prompt.text if prompt else ""))
        with Horizontal(id="ab-answers"):
            with VerticalScroll(id="answer-a", classes="answer-pane"):
                yield Static(literal(answer_a))
            with VerticalScroll(id="answer-b", classes="answer-pane"):
                yield Static(literal(answer_b))
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#ab-prompt").border_title = "Prompt"
        self.query_one("#answer-a").border_title = "Answer A"
        self.query_one("#answer-b").border_title = "Answer B"
        self._ask()

    def _ask(self) -> None:
        criterion, question = CRITERIA[self.criterion_index]
        self.query_one("#ab-question", Static).update(Text.assemble(
            (f"{self.criterion_index + 1}/{len(CRITERIA)} {criterion}: ", "bold"), question,
            ("   1 = A · 2 = tie · 3 = B", "dim"),
        ))

    def action_choose(self, shown: str) -> None:
        criterion, _ = CRITERIA[self.criterion_index]
        judgement = Judgement(run_id=self.run.id, judge=self.studio.judge, criterion=criterion,
                              choice=decode_choice(shown, self.a_is), a_is=self.a_is)
        self.studio.store.add_judgement(judgement)
        self.stored.append(judgement)
        self.post_message(JudgementRecorded(judgement))
        self.criterion_index += 1
        if self.criterion_index == len(CRITERIA):
            self.notify(f"{len(self.stored)} judgements stored as {self.studio.judge}.", timeout=3, markup=False)
            self.dismiss(len(self.stored))
        else:
            self._ask()

    def action_leave(self) -> None:
        self.dismiss(len(self.stored))
