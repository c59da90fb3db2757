"""The report as data: what every renderer (md, html, csv, json) shows, computed once by `build_report`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from store.models import Judgement, RequestRecord, Score

# Bumped whenever a field of the JSON report changes meaning or goes away (adding one is not a break);
# docs/report.schema.json describes this version.
REPORT_SCHEMA_VERSION = 1

# The quality figures reports show: (scorer, score name, column label). Rows lacking one show a dash.
QUALITY_METRICS: tuple[tuple[str, str, str], ...] = (
    ("similarity", "cosine", "Cosine"),
    ("similarity", "items_matched", "Items matched"),
    ("rouge", "rougeL_f", "ROUGE-L F"),
    ("structure", "item_count_agreement", "Item count agreement"),
    ("structure", "branches_answered", "Branches answered"),
    ("structure", "language_match", "Language match"),
    ("structure", "branch_diversity", "Branch diversity"),
)
# The speedup families: (key, label, how the dataset-level ratio of sums is formed).
SPEEDUP_KINDS: tuple[tuple[str, str, str], ...] = (
    ("raw", "Speedup", "Σ serial ms / Σ parallel ms"),
    ("normalised", "Normalised speedup", "(Σ serial ms / Σ serial tokens) / (Σ parallel ms / Σ branch tokens)"),
    ("e2e", "End-to-end speedup", "Σ serial ms / Σ (parallel ms + decomposition ms)"),
    ("ideal", "Ideal speedup", "Σ serial ms / Σ ideal ms (slowest branch sent alone)"),
    ("merged", "Speedup incl. merge", "Σ serial ms / Σ (parallel ms + merge ms)"),
    ("sampling", "Parallel sampling speedup", "Σ serial ms / Σ ms of one request for all n answers (n=k)"),
)


def metric_key(scorer: str, name: str) -> str:
    return f"{scorer}.{name}"


@dataclass(slots=True)
class SpeedupFigure:
    """One speedup family over a set of runs: the ratio of sums and the median/mean of per-run ratios."""

    ratio_of_sums: float | None = None
    median_of_ratios: float | None = None
    mean_of_ratios: float | None = None
    runs: int = 0


@dataclass(slots=True)
class Interval:
    """Mean of a quality score with its 95% bootstrap confidence interval (none for a single value)."""

    mean: float | None = None
    low: float | None = None
    high: float | None = None
    runs: int = 0  # how many values: one per prompt row


@dataclass(slots=True)
class WinTieLoss:
    """Preference counts from the parallel answer's side: win = parallel preferred over serial."""

    win: int = 0
    tie: int = 0
    loss: int = 0

    @property
    def total(self) -> int:
        return self.win + self.tie + self.loss

    @property
    def win_rate(self) -> float | None:
        """Wins plus half the ties, over all judgements (None when there are none)."""
        return (self.win + 0.5 * self.tie) / self.total if self.total else None

    def add(self, choice: str) -> None:
        if choice == "parallel":
            self.win += 1
        elif choice == "serial":
            self.loss += 1
        elif choice == "tie":
            self.tie += 1


@dataclass(slots=True)
class CategorySummary:
    """One line of the per-category table (or the overall line)."""

    category: str
    prompts: int = 0
    runs: int = 0  # rows: the timed runs the speedups come from
    simulated_runs: int = 0
    pooled_runs: int = 0  # every finished run the quality figures and judgements pool
    speedups: dict[str, SpeedupFigure] = field(default_factory=dict)  # keyed by SPEEDUP_KINDS
    quality: dict[str, Interval] = field(default_factory=dict)  # keyed by metric_key
    llm_judge: WinTieLoss = field(default_factory=WinTieLoss)  # the judge's "overall" criterion
    human: WinTieLoss = field(default_factory=WinTieLoss)  # humans' "overall" criterion
    kappa: float | None = None  # Cohen's kappa, human vs LLM judge, all criteria pooled
    kappa_pairs: int = 0


@dataclass(slots=True)
class PromptResult:
    """One per-prompt row of a prompt on one backend and model: timings and speedups from its newest timed run
    (`run_id`), quality and judgements pooled over every finished run (`run_ids`, newest first)."""

    run_id: str
    prompt_id: str
    prompt_text: str
    category: str
    backend: str
    model: str
    simulated: bool
    status: str
    n_branches: int
    serial_ms: float | None
    parallel_ms: float | None
    merge_ms: float | None
    decomposition_ms: float | None
    speedups: dict[str, float | None] = field(default_factory=dict)
    quality: dict[str, float | None] = field(default_factory=dict)
    llm_judge: str | None = None  # serial | parallel | tie: the majority of the pooled runs' overall verdicts
    human: str | None = None  # majority of the human overall judgements of the pooled runs
    runs: int = 1  # finished runs pooled for quality and judgements
    run_ids: list[str] = field(default_factory=list)
    # the raw speedup is the median over the run's timed trials; its lowest and highest trial, and the flags
    # (noisy, identical branches) that say when it is not to be trusted as it stands
    speedup_low: float | None = None
    speedup_high: float | None = None
    timed_trials: int | None = None
    trials: int = 1
    flags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SweepPoint:
    n: int
    speedup: float | None
    serial_ms: float | None
    parallel_ms: float | None
    run_id: str
    flags: list[str] = field(default_factory=list)  # e.g. "identical branches": never a bare figure


@dataclass(slots=True)
class SweepCurve:
    """Speedup against the number of branches for one prompt (an n-sweep of repeated generation)."""

    sweep_id: str
    prompt_id: str
    prompt_text: str
    category: str
    backend: str
    model: str
    simulated: bool
    points: list[SweepPoint] = field(default_factory=list)


@dataclass(slots=True)
class BackendCeiling:
    """The probed capacity ceiling of a backend: the best speedup its batching can give, shown beside ours."""

    backend: str
    model: str
    simulated: bool
    ceiling: float | None
    probed_at: str | None


@dataclass(slots=True)
class Sample:
    """Everything stored about one reported run: its requests (text, tokens, timings, status), every score with
    its details, and the human judgements. The JSON report carries one per per-prompt row, in the same order."""

    run_id: str
    prompt_id: str
    backend: str
    model: str
    simulated: bool
    status: str
    trials: int
    generation: dict[str, Any]  # the run's options: max_tokens, temperature, seed, diversity, trials, ...
    serial_text: str | None
    aggregated_text: str | None
    merge_text: str | None
    error: str | None
    requests: list[RequestRecord] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)  # every aggregation's, with details
    judgements: list[Judgement] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    title: str
    generated_at: str
    where: str
    aggregation: str
    paper: bool
    categories: list[CategorySummary]
    overall: CategorySummary
    rows: list[PromptResult]
    sweeps: list[SweepCurve]
    ceilings: list[BackendCeiling]
    quality_metrics: list[tuple[str, str]]  # (metric key, label) of the metrics that have data, in table order
    notes: list[str] = field(default_factory=list)
    bootstrap: dict[str, Any] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    tool_version: str = ""

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: every field, plus the schema version, the tool, the settings that made the report, win
        rates, what each speedup figure means, and each request's latency and time to first token."""
        plain = asdict(self)
        settings = {key: plain.pop(key) for key in ("where", "aggregation", "paper", "bootstrap")}
        document = {"schema_version": REPORT_SCHEMA_VERSION,
                    "tool": {"name": "ppstudio", "version": plain.pop("tool_version")}, "settings": settings, **plain}
        for plain, sample in zip(document["samples"], self.samples):
            for request, record in zip(plain["requests"], sample.requests):
                request.update(latency_ms=record.latency_ms, ttft_ms=record.ttft_ms)
        summaries = [(document["overall"], self.overall),
                     *zip(document["categories"], self.categories)]
        for plain, summary in summaries:
            plain["llm_judge"]["win_rate"] = summary.llm_judge.win_rate
            plain["human"]["win_rate"] = summary.human.win_rate
        document["speedup_labels"] = {
            kind: {"ratio_of_sums": f"{label} (ratio of sums: {formula})",
                   "median_of_ratios": f"{label} (median of per-prompt ratios)",
                   "mean_of_ratios": f"{label} (mean of per-prompt ratios)"}
            for kind, label, formula in SPEEDUP_KINDS}
        return document
