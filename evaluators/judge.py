"""Pairwise LLM judge over any OpenAI-compatible endpoint: serial vs parallel answer, asked in both orders.

LLM judges prefer whichever answer they read first (or second); asking once with the serial answer as A and once
with it as B, and counting a win only when both orders agree (a tie otherwise), cancels that position bias.
The judge imports nothing of the studio or the store: it is handed a chat call (`JudgeChat`: studio.llm's
`BlockingChat`, which asks for JSON through the response-format ladder json_schema -> json_object -> text, retries
transient failures and reads the reply into `JudgeAnswer`) and a cache (`JudgeCache`: a namespace of the store's
cache). `JudgeAnswer` is the one description of a verdict: the JSON Schema sent and the lenient reading ("Answer B",
"equal", a bare "A" per criterion); a reply with no JSON verdict is read as `criterion: A` lines. The judge's reasons
are kept in the score details. Verdicts are cached per (model, prompt, order) in the store's "judge" cache namespace,
so re-scoring costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, WithJsonSchema, model_validator

from evaluators.base import ComparisonCase, ScoreValue

CACHE_NAMESPACE = "judge"
# The value a criterion's score takes for each combined choice: the parallel answer's preference.
CHOICE_VALUE: dict[str, float] = {"parallel": 1.0, "tie": 0.5, "serial": 0.0}

SYSTEM_PROMPT = (
    "You are an impartial judge comparing two answers, A and B, to the same user request. "
    "For each criterion decide which answer is better, or \"tie\" when they are equally good:\n"
    "- accuracy: correct and faithful to the request;\n"
    "- fluency: grammatical, natural, well formed;\n"
    "- detail: complete, covers every part of the request;\n"
    "- overall: which answer you would rather receive.\n"
    "The order of the answers says nothing about their quality. Reply with JSON only, in the form "
    "{\"accuracy\": {\"winner\": \"A\" | \"B\" | \"tie\", \"reason\": \"...\"}, \"fluency\": {...}, "
    "\"detail\": {...}, \"overall\": {...}}."
)

_A_WORDS = {"a", "answer a", "response a", "assistant a", "[[a]]", "first"}
_B_WORDS = {"b", "answer b", "response b", "assistant b", "[[b]]", "second"}
_TIE_WORDS = {"tie", "equal", "both", "neither", "same", "draw", "none", "[[c]]", "c"}


class JudgeCache(Protocol):
    """Where verdicts are kept, keyed by the parts that identify one (`Store.keyed_cache("judge")` is one)."""

    def get(self, parts: Sequence[Any]) -> Any | None: ...

    def put(self, parts: Sequence[Any], value: Any) -> None: ...


class JudgeReply(Protocol):
    """What the judge reads of one chat call (studio.llm.ChatReply): the text (None when the call failed, with
    `error` saying why) and the answer read from it (None when the text held no usable JSON verdict)."""

    @property
    def content(self) -> str | None: ...

    @property
    def value(self) -> "JudgeAnswer | None": ...

    @property
    def error(self) -> str | None: ...


class JudgeChat(Protocol):
    """The judge's chat call (studio.llm.BlockingChat): safe to call from several threads; failures come back in
    the reply, never as exceptions. `model` and `label` name what answered (details, cache identity); `simulated`
    says a simulator answered, whose verdicts test the pipeline and say nothing of quality (kept in the details,
    so reports can say so)."""

    @property
    def model(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def simulated(self) -> bool: ...

    def ask(self, messages: list[dict[str, str]], answer: type["JudgeAnswer"], *, max_tokens: int) -> JudgeReply: ...


class JudgeError(RuntimeError):
    """The endpoint failed or never produced a usable verdict; the message says why."""


@dataclass(frozen=True, slots=True)
class OrderVerdict:
    """One order's answer: per criterion "A", "B" or "tie", and the judge's reason."""

    winners: dict[str, str]
    reasons: dict[str, str]


def normalise_winner(raw: object) -> str | None:
    """"A", "Answer B", "tie", "equal", ... -> "A" | "B" | "tie"; None when it is none of them."""
    if isinstance(raw, dict):
        raw = raw.get("winner", raw.get("choice", raw.get("verdict")))
    if not isinstance(raw, str):
        return None
    word = raw.strip().strip(".!\"'").casefold()
    if word in _A_WORDS:
        return "A"
    if word in _B_WORDS:
        return "B"
    if word in _TIE_WORDS:
        return "tie"
    return None


Winner = Literal["A", "B", "tie"]


class CriterionVerdict(BaseModel):
    """One criterion's verdict; `reason` is None when the judge gave a bare winner."""

    winner: Winner
    reason: Annotated[str | None, WithJsonSchema({"type": "string"})] = None


# The schema asks for every criterion as an object; reading lets one be missing or unreadable.
_Criterion = Annotated[CriterionVerdict | None, WithJsonSchema(CriterionVerdict.model_json_schema())]


class JudgeAnswer(BaseModel):
    """One order's verdict as the judge writes it: per criterion {"winner": "A" | "B" | "tie", "reason": "..."}.

    Read leniently: keys in any case, "Answer B", "equal", "[[A]]" and the like, a bare winner instead of an object,
    the winner under "choice" or "verdict", one top-level "reason" for all criteria. A criterion without a readable
    winner is left out; an answer without any is no verdict.
    """

    accuracy: _Criterion = None
    fluency: _Criterion = None
    detail: _Criterion = None
    overall: _Criterion = None

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, document: Any) -> Any:
        if not isinstance(document, dict):
            return document
        lowered = {str(key).casefold(): value for key, value in document.items()}
        criteria: dict[str, dict[str, str | None]] = {}
        for criterion in cls.model_fields:
            value = lowered.get(criterion)
            if (winner := normalise_winner(value)) is not None:
                reason = str(value.get("reason", "")) if isinstance(value, dict) else None
                criteria[criterion] = {"winner": winner, "reason": reason}
        if not criteria:
            raise ValueError("no verdict for any criterion")
        shared = lowered.get("reason")
        if isinstance(shared, str) and all(verdict["reason"] is None for verdict in criteria.values()):
            for verdict in criteria.values():
                verdict["reason"] = shared
        return criteria

    def verdict(self) -> OrderVerdict:
        given = {criterion: getattr(self, criterion) for criterion in CRITERIA}
        return OrderVerdict({c: v.winner for c, v in given.items() if v is not None},
                            {c: v.reason for c, v in given.items() if v is not None and v.reason is not None})


CRITERIA: tuple[str, ...] = tuple(JudgeAnswer.model_fields)  # accuracy, fluency, detail, overall


def verdict_from(reply: JudgeReply) -> OrderVerdict:
    """The verdict in an answered reply: its JSON answer, else `criterion: A` lines in its text."""
    if reply.value is not None:
        return reply.value.verdict()
    content = reply.content or ""
    winners = {}
    for criterion in CRITERIA:
        match = re.search(rf"{criterion}\W{{0,4}}\s*(answer\s+a|answer\s+b|a|b|tie|equal)\b", content, re.IGNORECASE)
        if match and (winner := normalise_winner(match.group(1))):
            winners[criterion] = winner
    if not winners:
        raise JudgeError(f"no verdict in the judge's reply: {content[:200]!r}")
    return OrderVerdict(winners, {})


def judge_messages(prompt: str, first: str, second: str) -> list[dict[str, str]]:
    """The chat messages for one order (texts joined, never formatted: answers may contain braces)."""
    user = "\n".join(["[User request]", prompt, "", "[Answer A]", first, "", "[Answer B]", second, "",
                      "Judge the two answers on accuracy, fluency, detail and overall preference. JSON only."])
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def combine(serial_first: str | None, parallel_first: str | None) -> tuple[str | None, bool]:
    """Both orders' winners for one criterion -> (serial | parallel | tie, consistent?).

    Order 1 shows the serial answer as A, order 2 shows it as B; a side wins only if both orders pick it.
    """
    as_side = {"A": "serial", "B": "parallel", "tie": "tie"}
    swapped = {"A": "parallel", "B": "serial", "tie": "tie"}
    one = as_side.get(serial_first or "")
    two = swapped.get(parallel_first or "")
    if one is None or two is None:
        return None, False
    return (one, True) if one == two else ("tie", False)


class PairwiseJudge:
    """The `judge` scorer: per criterion the parallel answer's preference (1 win, 0.5 tie, 0 loss), reasons kept."""

    name = "judge"
    version = "1"

    def __init__(self, chat: JudgeChat, *, cache: JudgeCache | None = None, max_tokens: int = 512,
                 concurrency: int = 4, progress: Callable[[], None] | None = None) -> None:
        """`progress` is called once per verdict (two per case: one per order), from the judge's threads."""
        self.chat = chat
        self.progress = progress
        self.cache = cache
        self.max_tokens = max_tokens
        self.concurrency = max(1, concurrency)

    def score_batch(self, cases: list[ComparisonCase]) -> list[list[ScoreValue]]:
        asks = [(case.prompt, first, second) for case in cases
                for first, second in ((case.serial_answer, case.aggregated_answer),
                                      (case.aggregated_answer, case.serial_answer))]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            outcomes = list(pool.map(self._verdict_or_error, asks))
        return [self._scores(outcomes[2 * i], outcomes[2 * i + 1]) for i in range(len(cases))]

    def _verdict_or_error(self, ask: tuple[str, str, str]) -> OrderVerdict | JudgeError:
        try:
            return self.verdict(*ask)
        except JudgeError as exc:
            return exc
        finally:
            if self.progress is not None:
                self.progress()

    def verdict(self, prompt: str, first: str, second: str) -> OrderVerdict:
        """One order's verdict: from the cache, else asked."""
        parts = (CACHE_NAMESPACE, self.version, self.chat.label, self.chat.model, prompt, first, second)
        if self.cache is not None and (cached := self.cache.get(parts)) is not None:
            return OrderVerdict(cached["winners"], cached["reasons"])
        reply = self.chat.ask(judge_messages(prompt, first, second), JudgeAnswer, max_tokens=self.max_tokens)
        if reply.content is None:
            raise JudgeError(f"judge request to {self.chat.label} failed: {reply.error}")
        verdict = verdict_from(reply)
        if self.cache is not None:
            self.cache.put(parts, {"winners": verdict.winners, "reasons": verdict.reasons})
        return verdict

    def _scores(self, serial_first: OrderVerdict | JudgeError, parallel_first: OrderVerdict | JudgeError
                ) -> list[ScoreValue]:
        if isinstance(serial_first, JudgeError) or isinstance(parallel_first, JudgeError):
            errors = [str(o) for o in (serial_first, parallel_first) if isinstance(o, JudgeError)]
            return [ScoreValue(criterion, None, {"error": "; ".join(errors)}) for criterion in CRITERIA]
        values: list[ScoreValue] = []
        for criterion in CRITERIA:
            choice, consistent = combine(serial_first.winners.get(criterion), parallel_first.winners.get(criterion))
            details = {
                "choice": choice, "consistent": consistent, "judge_model": self.chat.model,
                "judge_simulated": self.chat.simulated,
                "orders": [{"a_is": "serial", "winner": serial_first.winners.get(criterion),
                            "reason": serial_first.reasons.get(criterion, "")},
                           {"a_is": "parallel", "winner": parallel_first.winners.get(criterion),
                            "reason": parallel_first.reasons.get(criterion, "")}],
            }
            values.append(ScoreValue(criterion, CHOICE_VALUE[choice] if choice else None, details))
        return values
