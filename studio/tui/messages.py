"""Messages of the studio: how screens ask the app to navigate, and how workers hand their results back.

Workers never touch widgets; they post a message and the screen updates itself on the event loop. Screens never
push one another: they post a request (`Open...`) that bubbles up to the app, which pushes the screen and, for a
dialog, sends its answer back to the screen that asked. Tests capture the same messages with
`run_test(message_hook=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message
from textual.worker import Worker

from store import Judgement, PromptFilter, PromptRow, Run
from studio.triage import SchemaEdit

# -- navigation: a screen asks, the app pushes ------------------------------------------------------------------


@dataclass
class OpenPrompt(Message):
    """Show one prompt; `terms` (the browser's search) are highlighted in it."""

    prompt_id: str
    terms: tuple[str, ...] = ()


@dataclass
class OpenNote(Message):
    """Ask for a note on a prompt (prefilled with its current one); answered with `NoteEntered`."""

    prompt_id: str
    note: str | None


@dataclass
class OpenEditor(Message):
    """Edit a prompt's schema; a saved edit is answered with `TriageChanged`."""

    prompt_id: str


@dataclass
class OpenLiveRun(Message):
    """Run a prompt serial vs parallel and watch it."""

    prompt_id: str


@dataclass
class OpenScores(Message):
    """Scores and run history of a prompt."""

    prompt_id: str


@dataclass
class OpenJudge(Message):
    """Judge a finished run blind (A/B)."""

    run: Run


@dataclass
class OpenExport(Message):
    """The export dialog, prefilled with a filter."""

    where: PromptFilter


@dataclass
class ChooseJudgeBackend(Message):
    """Ask where the LLM judge of `run` should run; answered with `JudgeBackendChosen`."""

    run: Run


# -- answers of dialogs, sent back to the screen that asked -----------------------------------------------------


@dataclass
class NoteEntered(Message):
    """The note a person wrote (an empty string clears it)."""

    prompt_id: str
    note: str


@dataclass
class JudgeBackendChosen(Message):
    """Judge `run` on the embedded engine (`use_embedded`) or on the configured backend."""

    run: Run
    use_embedded: bool


@dataclass
class TriageChanged(Message):
    """A prompt's triage status, note or edited schema was written to the store: the screen showing it redraws."""

    prompt_id: str
    status: str


# -- results of workers -----------------------------------------------------------------------------------------


@dataclass
class PageLoaded(Message):
    """A page of the prompt browser came back from the store."""

    rows: list[PromptRow]
    offset: int


@dataclass
class PageCounted(Message):
    """How many prompts match a filter (read after the page, so the page shows first)."""

    where: PromptFilter
    total: int


@dataclass
class FilterChoicesLoaded(Message):
    """The values each filter select offers, by filter name."""

    choices: dict[str, list[str]]


@dataclass
class SchemaEditChecked(Message):
    """An edit came back from validation (saved, or refused with the validator's reasons), or was not a schema at
    all (`problem`: e.g. both data items and n)."""

    edit: SchemaEdit | None
    problem: str | None = None


@dataclass
class RunProgress(Message):
    """One event of the runner's stream (RunStarted, TokenDelta, RequestFinished, RunFinished, ...)."""

    event: object


@dataclass
class RunCompleted(Message):
    """A run launched from the studio finished and is in the store."""

    run: Run


@dataclass
class RunScored(Message):
    """The automatic scorers ran on a run; `unscorable` says why they could not, when they could not."""

    run_id: str
    unscorable: str | None


@dataclass
class JudgeProgressed(Message):
    """The LLM judge moved on: `step` more verdicts are in; `stage` says what it does now."""

    step: int
    stage: str


@dataclass
class RunJudged(Message):
    """The LLM judge's verdicts on a run are stored."""

    run_id: str


@dataclass
class JudgementRecorded(Message):
    """A blind A/B judgement was decoded and stored."""

    judgement: Judgement


@dataclass
class ExportWritten(Message):
    """The export dialog wrote a report file of `runs` runs."""

    path: str
    runs: int


@dataclass
class WorkFailed(Message):
    """A screen's worker raised: sent up to the app, which reports every failure the same way."""

    worker: Worker[object] = field(repr=False)
