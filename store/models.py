"""Typed records exchanged with the store: dataclasses in, dataclasses out.

Nothing outside `store/` sees a row or a cursor; these records are the whole contract.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

TriageStatus = Literal["unreviewed", "accepted", "rejected", "flagged"]
TRIAGE_STATUSES: tuple[str, ...] = ("unreviewed", "accepted", "rejected", "flagged")
Tier = Literal["high", "medium", "low"]
TIERS: tuple[str, ...] = ("high", "medium", "low")
HUMAN_EDIT = "human-edit"  # the extractor name of a schema fixed by hand in the studio (one version per edit)
# "none": parts independent; "dependent": parts depend on each other or an order (not parallelizable);
# "needs_aggregation": parts independent but the final answer must combine them.
Dependency = Literal["none", "dependent", "needs_aggregation"]
RunStatus = Literal["pending", "running", "done", "partial", "failed", "interrupted"]
RequestRole = Literal["serial", "branch", "ideal", "merge", "sampling"]
RequestStatus = Literal["pending", "ok", "failed", "cancelled"]


def normalise_prompt_text(text: str) -> str:
    """The form two prompts must share to count as duplicates: NFC, trimmed, whitespace folded, casefolded.
    (`str.split` folds the runs of whitespace, the characters `\\s` matches, with no regex replacement for each run
    of a long text.)"""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def prompt_id_for(text: str) -> str:
    """Stable id of a prompt: the first 16 hex digits of SHA-256 over its normalised text. (A lone surrogate, which a
    JSON escape can leave in a string, is hashed as its own code unit: `surrogatepass` changes no other text's bytes,
    and a gold file's prompt holding one is evaluated instead of stopping the evaluation.)"""
    return hashlib.sha256(normalise_prompt_text(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Prompt:
    text: str
    source: str  # e.g. "lmsys", "wildchat", "parallelprompt", "jsonl", "csv", "text"
    language: str | None = None
    source_file: str | None = None
    source_row: str | None = None  # "line 12", "row group 3 row 40", or the release's source_index
    conversation_id: str | None = None
    model: str | None = None
    redacted: bool = False
    ingested_at: str | None = None  # set by the store
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = prompt_id_for(self.text)


@dataclass(slots=True)
class Reason:
    """Why a validator or extractor decided something; `span` is (start, end) character offsets in the prompt."""

    rule: str
    message: str
    span: tuple[int, int] | None = None
    field: str | None = None  # the schema field the reason concerns, when one does

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message,
                "span": list(self.span) if self.span else None, "field": self.field}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "Reason":
        span = obj.get("span")
        return cls(rule=obj["rule"], message=obj.get("message", ""),
                   span=(int(span[0]), int(span[1])) if span else None, field=obj.get("field"))


@dataclass(slots=True)
class Schema:
    """A decomposition of one prompt. Exactly one of `data` and `n` is set when `parallelizable`."""

    prompt_id: str
    extractor: str  # "rules", "llm", "parallelprompt-release", "human-edit"
    extractor_version: str
    parallelizable: bool
    category: str | None = None
    serial: str | None = None
    template: str | None = None
    context: str | None = None
    data: list[str] | None = None
    n: int | None = None
    model: str | None = None  # the LLM behind an llm extractor
    tier: str | None = None  # high | medium | low (low = rejected); None before validation
    reasons: list[Reason] = field(default_factory=list)
    dependency: str = "none"
    novel_category: bool = False
    category_description: str | None = None  # what a novel category means (the release has it)
    decomposition_ms: float | None = None  # measured cost of producing this schema (end-to-end speedup)
    error: str | None = None  # why extraction failed, when it did
    created_at: str | None = None
    id: int | None = None

    @property
    def branch_count(self) -> int:
        if self.data is not None:
            return len(self.data)
        return self.n or 0

    def replaced(self, **changes: object) -> Schema:
        """A copy with `changes` set: dataclasses.replace without its per-call field introspection (curation copies
        each schema it validates and gates). Built from every field read in one C call, passed by position (every
        field is an `__init__` parameter, in order), then the changed ones set: half the cost of a build by keyword
        from a dict of them."""
        copy = Schema(*_EVERY_FIELD(self))
        for name, value in changes.items():
            setattr(copy, name, value)
        return copy


_EVERY_FIELD = attrgetter(*(f.name for f in fields(Schema)))


@dataclass(slots=True)
class Triage:
    prompt_id: str
    status: str = "unreviewed"
    note: str | None = None
    schema_id: int | None = None  # the schema the decision is about (a human edit once one was saved)
    updated_at: str | None = None


@dataclass(slots=True)
class RequestRecord:
    """One chat request of a run: the serial request, a parallel branch, an ideal (alone) branch, the
    parallel-sampling request (all n answers in one) or a merge."""

    run_id: str
    trial: int
    role: str  # RequestRole
    idx: int  # branch index in data order; 0 for serial/merge
    messages: list[dict[str, str]] = field(default_factory=list)
    text: str = ""
    status: str = "pending"  # RequestStatus
    error: str | None = None
    sent_at: float | None = None  # seconds, monotonic clock relative to the run's start
    first_token_at: float | None = None
    ended_at: float | None = None
    output_tokens: int | None = None
    prompt_tokens: int | None = None
    cached_prompt_tokens: int | None = None
    retries: int = 0
    finish_reason: str | None = None
    from_cache: bool = False
    reasoning: str = ""  # the model's `reasoning_content`, kept apart from the answer in `text`
    reasoning_tokens: int | None = None  # not included in `output_tokens`
    id: int | None = None

    @property
    def latency_ms(self) -> float | None:
        if self.sent_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.sent_at) * 1000.0

    @property
    def ttft_ms(self) -> float | None:
        if self.sent_at is None or self.first_token_at is None:
            return None
        return (self.first_token_at - self.sent_at) * 1000.0


@dataclass(slots=True)
class Run:
    """A serial-vs-parallel comparison of one prompt (all trials); figures are medians across trials."""

    id: str
    prompt_id: str
    schema_id: int | None
    backend: str  # "embedded", "sim:cpu", "openai-compatible", ...
    model: str
    base_url: str | None = None  # never carries a key
    simulated: bool = False
    status: str = "pending"  # RunStatus
    params: dict[str, Any] = field(default_factory=dict)
    trials: int = 1
    n_branches: int = 0
    serial_ms: float | None = None
    parallel_ms: float | None = None
    ideal_ms: float | None = None
    serial_tokens: int | None = None
    parallel_tokens: int | None = None
    speedup: float | None = None
    normalised_speedup: float | None = None
    ideal_speedup: float | None = None
    e2e_speedup: float | None = None
    serial_text: str | None = None
    aggregated_text: str | None = None
    merge_text: str | None = None
    merge_ms: float | None = None
    sampling_ms: float | None = None  # one request for all n answers (`--parallel-sampling`), median over trials
    sampling_speedup: float | None = None  # serial_ms / sampling_ms, median of the per-trial ratios
    sweep_n: int | None = None  # set on runs that are one point of an n-sweep
    sweep_id: str | None = None
    error: str | None = None
    created_at: str | None = None
    finished_at: str | None = None


@dataclass(slots=True)
class Job:
    """One `ppstudio run` over its selected prompts, stored before its first run: an interruption, or a kill, then
    leaves the prompts it had not reached (`waiting`) for a resume, which runs them with the job's options."""

    id: str
    backend: str
    model: str
    base_url: str | None = None  # never carries a key
    simulated: bool = False
    status: str = "running"  # running, interrupted or done (the table's CHECK)
    params: dict[str, Any] = field(default_factory=dict)  # the run options and the owner, as a run's
    waiting: list[str] = field(default_factory=list)  # the prompts no run was made for yet, in the job's order
    created_at: str | None = None
    finished_at: str | None = None


@dataclass(slots=True)
class Score:
    run_id: str
    scorer: str  # "similarity", "rouge", "structure", "judge"
    name: str  # e.g. "cosine", "rouge1_f", "items_answered"
    value: float | None
    aggregation: str = "concat"  # which parallel answer was scored: concat | merge
    scorer_version: str = "1"
    details: dict[str, Any] = field(default_factory=dict)
    created_at: str | None = None
    id: int | None = None


@dataclass(slots=True)
class Judgement:
    """One blind human A/B judgement; `choice` is decoded to serial | parallel | tie when stored."""

    run_id: str
    judge: str
    criterion: str  # accuracy | fluency | detail | overall
    choice: str  # serial | parallel | tie
    a_is: str  # which answer was shown as A: serial | parallel
    created_at: str | None = None
    id: int | None = None


@dataclass(slots=True)
class ProbeResult:
    """A backend capacity curve: aggregate output tokens/s and TTFT at each concurrency."""

    backend: str
    model: str
    base_url: str | None
    simulated: bool
    curve: list[dict[str, float]]  # [{"concurrency": 1, "tokens_per_s": .., "ttft_ms": ..}, ...]
    ceiling: float  # best aggregate throughput / single-stream throughput
    created_at: str | None = None
    id: int | None = None


@dataclass(slots=True)
class PromptFilter:
    """The filters the CLI (`--where`) and the studio browser offer. All optional; combined with AND."""

    search: str | None = None  # FTS5 query over prompt text
    category: str | None = None
    tier: str | None = None
    language: str | None = None
    source: str | None = None
    triage: str | None = None
    has_runs: bool | None = None
    parallelizable: bool | None = None
    extractor: str | None = None
    ids: list[str] | None = None


@dataclass(slots=True)
class PromptRow:
    """One row of the prompt browser: the prompt plus its best schema's summary and triage status."""

    id: str
    text: str
    language: str | None
    source: str
    category: str | None
    tier: str | None
    triage: str
    runs: int
    n_branches: int | None
