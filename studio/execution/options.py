"""How runs are made (`RunOptions`), and each run planned from its schema before anything is sent.

The options a run shares with the `[run]` settings (trials, concurrency, token budget, sampling, diversity, timeout,
retries) take their defaults from `studio.config.RunSettings`, the one place they are written; the rest are the
runner's own. Options are stored in each run's `params`, so a resume repeats exactly the same requests. Importing
this module loads no HTTP client (the studio and `--help` build options without one).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from evaluators.base import AGGREGATIONS
from store.models import RequestRecord, Run, Schema
from studio.config import RunSettings
from studio.execution import CLIENTS, SERIAL_BUDGETS
from studio.execution.branches import (
    DIVERSITY_STRATEGIES, is_repeated_generation, render_branch_prompts, sampling_prompt, serial_prompt,
    user_messages,
)

# Body fields the runner sets itself; --extra-body may add any other (chat_template_kwargs, top_k, ...).
RESERVED_BODY_FIELDS = ("model", "messages", "stream", "stream_options", "n", "max_tokens", "max_completion_tokens",
                        "temperature", "seed")
_SETTINGS = RunSettings()  # the defaults RunOptions shares with the `[run]` settings


class OptionsError(ValueError):
    """Options that cannot be used: each problem with the option it is about (`problems`, in order); `usage` when
    every refused value was given as a flag (a usage error, exit 2, as Click's own checks of flags are)."""

    def __init__(self, problems: list[tuple[str, str]], usage: bool = False) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems
        self.usage = usage


def _with_origin(message: str, origin: str) -> str:
    """A problem's message naming where its value was set: "... (got 0, set by environment variable ...)"."""
    return f"{message[:-1]}, set by {origin})" if message.endswith(")") else f"{message} (set by {origin})"


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How runs are made. Stored in each run's `params` so a resume repeats exactly the same requests.

    The one check of every value, choices included, whoever builds the options: flags (Click has only parsed them),
    settings, the studio, a stored run."""

    trials: int = _SETTINGS.trials  # interleaved repetitions; figures are medians over the trials all timed
    concurrency: int | None = _SETTINGS.concurrency  # in-flight request cap (hosted rate limits); None = no cap
    max_tokens: int = _SETTINGS.max_tokens  # each branch's budget, and the serial request's under `same`
    serial_budget: str = _SETTINGS.serial_budget  # the serial request's: `same` as a branch, or `sum` of them all
    temperature: float = _SETTINGS.temperature
    seed: int = _SETTINGS.seed
    diversity: str = _SETTINGS.diversity  # repeated generation: what makes the n branches differ (branches.py)
    vary_n: tuple[int, ...] = ()
    ideal: bool = False
    use_cache: bool = True  # read/write the response cache; only ever effective at temperature 0
    aggregation: str = "concat"
    share_prefix: bool = True  # warm a shared {context} before the branches (slot copy or warm-up request)
    cold_cache: bool = True  # erase the server's prompt cache before each timed phase: every trial a new prompt
    parallel_sampling: bool = False  # repeated generation: also one request with n=k (a fifth comparison)
    max_completion_tokens: bool = False  # send the budget as max_completion_tokens (models that reject max_tokens)
    extra_body: dict[str, Any] | None = None  # merged into every chat request body (e.g. chat_template_kwargs)
    client: str = "aiohttp"  # the transport: aiohttp (lean) or openai (the SDK)
    timeout_s: float = _SETTINGS.timeout_s  # per request, from send to last token, per attempt
    retries: int = _SETTINGS.retries
    retry_base_s: float = 0.5  # backoff (studio.llm.failures.backoff_s): base * 2^(retry-1), jittered, capped
    retry_max_s: float = 10.0

    def __post_init__(self) -> None:
        problems: list[tuple[str, str]] = []
        if self.trials < 1:
            problems.append(("trials", f"trials must be at least 1 (got {self.trials})"))
        if self.concurrency is not None and self.concurrency < 1:
            problems.append(("concurrency", f"concurrency must be at least 1 (got {self.concurrency})"))
        if self.max_tokens < 1:
            problems.append(("max_tokens", f"max_tokens must be at least 1 (got {self.max_tokens})"))
        if not 0 <= self.temperature <= 2:
            problems.append(("temperature", f"temperature must be between 0 and 2 (got {self.temperature})"))
        for name, value, known in (("diversity", self.diversity, DIVERSITY_STRATEGIES),
                                   ("aggregation", self.aggregation, AGGREGATIONS), ("client", self.client, CLIENTS),
                                   ("serial_budget", self.serial_budget, SERIAL_BUDGETS)):
            if value not in known:
                problems.append((name, f"{name} must be one of {', '.join(known)} (got {value!r})"))
        if any(n < 1 for n in self.vary_n):
            problems.append(("vary_n", f"every --vary-n value must be at least 1 (got {list(self.vary_n)})"))
        if self.timeout_s <= 0:
            problems.append(("timeout_s", f"timeout must be positive (got {self.timeout_s:g})"))
        if self.retries < 0:
            problems.append(("retries", f"retries must not be negative (got {self.retries})"))
        if self.extra_body is not None:
            if not isinstance(self.extra_body, dict):
                problems.append(("extra_body", "extra body must be a JSON object"))
            elif reserved := sorted(set(self.extra_body) & set(RESERVED_BODY_FIELDS)):
                problems.append(("extra_body", f"extra body may not set {', '.join(reserved)} (the runner sets "
                                               f"{'it' if len(reserved) == 1 else 'them'}; use the flags)"))
        if problems:
            raise OptionsError(problems)

    @classmethod
    def from_settings(cls, settings: RunSettings, origins: Mapping[str, str] | None = None,
                      **overrides: Any) -> "RunOptions":
        """Options from `[run]` settings (every one of them is an option of the same name), with the non-None
        overrides (CLI flags) applied. `origins` (`Settings.origins_of("run")`): where settings came from, named
        in the error when one of them is refused."""
        base = {f.name: getattr(settings, f.name) for f in fields(settings)}
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(**{**base, **given})
        except OptionsError as error:
            origins = origins or {}
            raise OptionsError([(name, _with_origin(message, origins[name]) if name in origins and name not in given
                                 else message) for name, message in error.problems],
                               usage=all(name in given for name, _ in error.problems)) from None

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "RunOptions":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in params.get("options", {}).items() if k in known}
        values["vary_n"] = tuple(values.get("vary_n", ()))
        return cls(**values)

    def to_params(self) -> dict[str, Any]:
        """The options as stored in a run's `params["options"]` (plain JSON)."""
        return {**asdict(self), "vary_n": list(self.vary_n)}

    @property
    def cache_active(self) -> bool:
        return self.use_cache and self.temperature == 0

    def serial_max_tokens(self, n_branches: int) -> int:
        """The serial request's token budget: a branch's (`same`), or what all `n_branches` may write together
        (`sum`), so that a serial answer cut at its budget has done as much as the branches could."""
        return self.max_tokens * max(1, n_branches) if self.serial_budget == "sum" else self.max_tokens

    def sampling(self, seed: int, max_tokens: int | None = None) -> dict[str, Any]:
        """The sampling fields of a request body (also part of its cache key); `max_tokens` replaces the budget."""
        budget = "max_completion_tokens" if self.max_completion_tokens else "max_tokens"
        return {budget: max_tokens or self.max_tokens, "temperature": self.temperature, "seed": seed,
                **(self.extra_body or {})}


@dataclass(slots=True)
class PlannedRun:
    """One run to make: a schema turned into its serial request and branches (one point of an n-sweep or not)."""

    schema: Schema
    serial_messages: list[dict[str, str]]
    branch_seeds: list[int]
    branch_labels: list[str]
    branch_messages: list[list[dict[str, str]]]
    sampling_messages: list[dict[str, str]] | None = None  # the one n=k request of parallel sampling
    sweep_n: int | None = None
    sweep_id: str | None = None


def plan_runs(schema: Schema, options: RunOptions) -> list[PlannedRun]:
    """The runs one prompt needs: one, or one per n of `vary_n` for a repeated-generation prompt.

    Raises BranchError when the schema cannot be run."""
    repeated = is_repeated_generation(schema)
    sweep = list(options.vary_n) if options.vary_n and repeated else [None]
    sweep_id = new_id() if sweep != [None] else None
    planned: list[PlannedRun] = []
    for n in sweep:
        branches = render_branch_prompts(schema, n=n, diversity=options.diversity, seed=options.seed)
        sampling = user_messages(sampling_prompt(schema)) if options.parallel_sampling and repeated else None
        planned.append(PlannedRun(
            schema=schema, serial_messages=user_messages(serial_prompt(schema, n=n)),
            branch_seeds=[b.seed for b in branches], branch_labels=[b.label for b in branches],
            branch_messages=[b.messages for b in branches], sampling_messages=sampling, sweep_n=n,
            sweep_id=sweep_id))
    return planned


def new_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(slots=True)
class RunState:
    """A run being made: its row, every request it plans, its options, and the phases a resume split (untimed)."""

    run: Run
    records: list[RequestRecord]
    options: RunOptions
    untimed: set[tuple[int, str]] = field(default_factory=set)

    def phase(self, trial: int, role: str) -> list[RequestRecord]:
        return [r for r in self.records if r.trial == trial and r.role == role]

    def sampling_for(self, record: RequestRecord) -> dict[str, Any]:
        """The sampling fields of this request: repeated-generation branch i has seed + i; the parallel sampling
        request asks for all n answers (n is part of its cache key too); the serial request has its own budget."""
        seeds = self.run.params.get("branch_seeds", [])
        seed = self.options.seed
        if record.role in ("branch", "ideal") and record.idx < len(seeds):
            seed = int(seeds[record.idx])
        budget = self.options.serial_max_tokens(self.run.n_branches) if record.role == "serial" else None
        sampling = self.options.sampling(seed, budget)
        if record.role == "sampling":
            sampling["n"] = self.run.n_branches
        return sampling
