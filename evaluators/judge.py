"""Pairwise LLM judge over any OpenAI-compatible endpoint: serial vs parallel answer, asked in both orders.

LLM judges prefer whichever answer they read first (or second); asking once with the serial answer as A and once
with it as B, and counting a win only when both orders agree (a tie otherwise), cancels that position bias.
Answers are requested as JSON (JSON schema, falling back to json_object, then to plain text) and parsed leniently;
the judge's reasons are kept in the score details. Verdicts are cached per (model, prompt, order) in the store's
"judge" cache namespace, so re-scoring costs nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from evaluators.base import ComparisonCase, ScoreValue
from store.cache import cache_key

if TYPE_CHECKING:
    from studio.backends.base import Endpoint

CRITERIA: tuple[str, ...] = ("accuracy", "fluency", "detail", "overall")
CACHE_NAMESPACE = "judge"
# The value a criterion's score takes for each combined choice: the parallel answer's preference.
CHOICE_VALUE: dict[str, float] = {"parallel": 1.0, "tie": 0.5, "serial": 0.0}
RESPONSE_FORMATS: tuple[str, ...] = ("json_schema", "json_object", "text")

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

_VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        criterion: {
            "type": "object",
            "properties": {"winner": {"type": "string", "enum": ["A", "B", "tie"]}, "reason": {"type": "string"}},
            "required": ["winner", "reason"],
        }
        for criterion in CRITERIA
    },
    "required": list(CRITERIA),
}
_A_WORDS = {"a", "answer a", "response a", "assistant a", "[[a]]", "first"}
_B_WORDS = {"b", "answer b", "response b", "assistant b", "[[b]]", "second"}
_TIE_WORDS = {"tie", "equal", "both", "neither", "same", "draw", "none", "[[c]]", "c"}
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class JudgeCache(Protocol):
    """What the judge needs from a cache (the Store satisfies it)."""

    def cache_get(self, namespace: str, key: str) -> Any | None: ...

    def cache_put(self, namespace: str, key: str, value: Any) -> None: ...


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


def _json_candidates(content: str) -> list[str]:
    candidates = [match.strip() for match in _FENCE.findall(content)]
    start, end = content.find("{"), content.rfind("}")
    if start != -1 and end > start:
        candidates.append(content[start:end + 1])
    return [content.strip(), *candidates]


def parse_verdict(content: str) -> OrderVerdict:
    """Read a verdict from the judge's reply: JSON (bare, fenced or embedded in prose), else `criterion: A` lines."""
    for candidate in _json_candidates(content):
        try:
            document = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(document, dict):
            lowered = {str(key).casefold(): value for key, value in document.items()}
            winners = {c: w for c in CRITERIA if (w := normalise_winner(lowered.get(c))) is not None}
            if winners:
                reasons = {c: str(lowered[c].get("reason", "")) for c in winners if isinstance(lowered.get(c), dict)}
                if not reasons and isinstance(lowered.get("reason"), str):
                    reasons = {c: lowered["reason"] for c in winners}
                return OrderVerdict(winners, reasons)
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

    def __init__(self, endpoint: "Endpoint", *, cache: JudgeCache | None = None,
                 http_client: httpx.Client | None = None, max_tokens: int = 512, timeout_s: float = 120.0,
                 concurrency: int = 4, progress: Callable[[], None] | None = None) -> None:
        """`progress` is called once per verdict (two per case: one per order), from the judge's threads."""
        self.endpoint = endpoint
        self.progress = progress
        self.cache = cache
        self.max_tokens = max_tokens
        self.concurrency = max(1, concurrency)
        self._client = http_client or httpx.Client(timeout=timeout_s)
        self._owns_client = http_client is None
        self._format = 0  # index into RESPONSE_FORMATS: the first one this endpoint accepts

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

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
        """One order's verdict: from the cache, else asked (falling back through response formats)."""
        key = cache_key_for(self.endpoint, self.version, prompt, first, second)
        if self.cache is not None and (cached := self.cache.cache_get(CACHE_NAMESPACE, key)) is not None:
            return OrderVerdict(cached["winners"], cached["reasons"])
        messages = judge_messages(prompt, first, second)
        last_error: JudgeError | None = None
        rejected = False
        for index in range(self._format, len(RESPONSE_FORMATS)):
            try:
                content = self._ask(messages, RESPONSE_FORMATS[index])
            except _FormatRejected as exc:
                rejected = True
                last_error = JudgeError(str(exc))
                continue
            try:
                verdict = parse_verdict(content)
            except JudgeError as exc:
                last_error = exc
                continue
            if rejected:  # a richer format was refused and this one works: start here from now on
                self._format = index
            if self.cache is not None:
                self.cache.cache_put(CACHE_NAMESPACE, key, {"winners": verdict.winners, "reasons": verdict.reasons})
            return verdict
        raise last_error or JudgeError("the endpoint accepted no response format")

    def _ask(self, messages: list[dict[str, str]], response_format: str) -> str:
        body: dict[str, Any] = {"model": self.endpoint.model, "messages": messages, "temperature": 0.0,
                                "max_tokens": self.max_tokens}
        if response_format == "json_schema":
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "verdict", "schema": _VERDICT_SCHEMA, "strict": True}}
        elif response_format == "json_object":
            body["response_format"] = {"type": "json_object"}
        url = self.endpoint.base_url.rstrip("/") + "/chat/completions"
        headers = {"Authorization": "Bearer " + self.endpoint.client_key()}
        try:
            response = self._client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise JudgeError(f"judge request to {self.endpoint.label} failed: {exc}") from exc
        if response.status_code in (400, 415, 422, 501) and response_format != "text":
            raise _FormatRejected(f"{response_format} rejected ({response.status_code})")
        if response.status_code >= 400:
            raise JudgeError(f"judge endpoint answered {response.status_code}: {response.text[:200]}")
        try:
            return str(response.json()["choices"][0]["message"]["content"] or "")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise JudgeError(f"judge endpoint sent no chat completion: {response.text[:200]}") from exc

    def _scores(self, serial_first: OrderVerdict | JudgeError, parallel_first: OrderVerdict | JudgeError
                ) -> list[ScoreValue]:
        if isinstance(serial_first, JudgeError) or isinstance(parallel_first, JudgeError):
            errors = [str(o) for o in (serial_first, parallel_first) if isinstance(o, JudgeError)]
            return [ScoreValue(criterion, None, {"error": "; ".join(errors)}) for criterion in CRITERIA]
        values: list[ScoreValue] = []
        for criterion in CRITERIA:
            choice, consistent = combine(serial_first.winners.get(criterion), parallel_first.winners.get(criterion))
            details = {
                "choice": choice, "consistent": consistent, "judge_model": self.endpoint.model,
                "orders": [{"a_is": "serial", "winner": serial_first.winners.get(criterion),
                            "reason": serial_first.reasons.get(criterion, "")},
                           {"a_is": "parallel", "winner": parallel_first.winners.get(criterion),
                            "reason": parallel_first.reasons.get(criterion, "")}],
            }
            values.append(ScoreValue(criterion, CHOICE_VALUE[choice] if choice else None, details))
        return values


class _FormatRejected(JudgeError):
    """The endpoint refused this response_format; the next one is tried."""


def cache_key_for(endpoint: "Endpoint", version: str, prompt: str, first: str, second: str) -> str:
    """The cache identity of one order: judge version, backend label and model, and the texts (never a key)."""
    return cache_key(CACHE_NAMESPACE, version, endpoint.label, endpoint.model, prompt, first, second)
