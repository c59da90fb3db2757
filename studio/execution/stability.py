"""How far a run's speedup can be trusted: its spread over trials, and the flags that say when it cannot.

A speedup is the median of the per-trial speedups (`studio.execution.metrics`). Beside it every view shows:

- the spread: the lowest and highest per-trial speedup and how many trials were timed (a run with fewer timed
  trials than it asked for says "2 of 3 trials"); with 3 or more a seeded 95% bootstrap interval of the median is
  stored too (for so few trials it is usually the whole range);
- ``noisy``: the serial or the parallel times varied across trials by a coefficient of variation above
  `NOISY_CV`, or the serial answer decoded at under `NOISY_RATE` of the single-stream rate `ppstudio probe`
  stored for this backend and model (other work was sharing the machine: the same 96 tokens took 1 s and 14 s);
- ``serial cut``: the serial answer stopped (`finish_reason` "length": at its token budget, or at the server's
  context) with fewer tokens than the branches' budgets together, so the serial side did less of the work and its
  time, and the speedup, are too low (the per-output-token figure is not); under `--serial-budget sum` only the
  server's context can do that;
- ``branch cut``: a branch stopped at its token budget in a trial whose serial answer finished on its own, so the
  parallel time was cut short: the speedup is too high, an upper bound (the side this flag guards: no figure may
  favour the parallel side unsaid);
- ``identical branches``: some branches of the run answered with the same (or nearly the same) text, so the
  parallel side did less distinct work than the serial one; ``identical samples``: the same for the n answers of
  a parallel-sampling request. Words are compared, not meanings (the `structure` scorer's `duplicate_branches`
  does the embedding comparison afterwards): cheap enough to run as branches finish, in the live views too.

Each flag carries one sentence saying why, which `ppstudio run` prints. Everything here is a pure function of
records, per-trial figures and the probe, stored in `run.params["stability"]`; `of_run` reads it back.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from evaluators.text import tokenize
from store.models import ProbeResult, RequestRecord, Run
from studio.backends import MAX_SLOTS
from studio.execution.metrics import TrialFigures, bootstrap_ci
from studio.presentation import counted, value_range

NOISY = "noisy"
IDENTICAL = "identical branches"
IDENTICAL_SAMPLES = "identical samples"
CAPPED = "capped"  # fewer requests in flight than branches: not the paper's all-branches-at-once measurement
SERIAL_CUT = "serial cut"  # the serial answer stopped with fewer tokens than the branches' budgets together
BRANCH_CUT = "branch cut"  # a branch stopped at its budget where the serial answer finished: parallel time too low
FLAGS = (NOISY, SERIAL_CUT, BRANCH_CUT, IDENTICAL, CAPPED, IDENTICAL_SAMPLES)  # every flag a run can carry, in order
_MORE_ROOM = "give the server's slots more room ([backend] ctx_per_slot for the embedded engine)"  # a context cut
NOISY_CV = 0.25  # coefficient of variation of one phase's times across trials
NOISY_RATE = 0.7  # serial decode rate below this share of the probe's single-stream rate
MIN_DECODE_TOKENS = 8  # fewer tokens than this say nothing about a decode rate
NEAR_IDENTICAL = 0.8  # word-set Jaccard similarity from which two answers count as the same answer


# -- identical branches ----------------------------------------------------------------------------------------
def answer_words(text: str) -> frozenset[str]:
    """The words of an answer, in any script (the scorers' tokenizer: unspaced scripts give one per character)."""
    return frozenset(tokenize(text))


def same_answer(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two answers are the same when their words are the same, or nearly (Jaccard >= NEAR_IDENTICAL): case,
    punctuation, spacing and a changed word or two do not make an answer different."""
    if first == second:
        return True
    union = len(first | second)
    return union > 0 and len(first & second) / union >= NEAR_IDENTICAL


class DuplicateFinder:
    """Answers added one by one (as branches finish); `add` says which earlier answer a new one repeats."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, frozenset[str]]] = []

    def add(self, idx: int, text: str) -> int | None:
        words = answer_words(text)
        match = next((earlier for earlier, other in self.seen if same_answer(words, other)), None)
        self.seen.append((idx, words))
        return match


def duplicate_count(texts: Sequence[str]) -> int:
    """How many of these answers repeat an earlier one (12 copies of one answer: 11)."""
    finder = DuplicateFinder()
    return sum(1 for idx, text in enumerate(texts) if finder.add(idx, text) is not None)


# -- interference ----------------------------------------------------------------------------------------------
def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Sample standard deviation over the mean, or None for fewer than two values."""
    if len(values) < 2 or statistics.fmean(values) <= 0:
        return None
    return statistics.stdev(values) / statistics.fmean(values)


def decode_rate(record: RequestRecord) -> float | None:
    """Tokens per second after the first token (prefill and queueing excluded), or None when too short."""
    tokens = (record.output_tokens or 0) + (record.reasoning_tokens or 0)
    if record.status != "ok" or record.from_cache or tokens < MIN_DECODE_TOKENS or record.first_token_at is None \
            or record.ended_at is None or record.ended_at <= record.first_token_at:
        return None
    return (tokens - 1) / (record.ended_at - record.first_token_at)


def probe_decode_rate(probe: ProbeResult) -> float | None:
    """The single-stream decode rate of a probe: its one-stream level, time to first token taken out."""
    single = next((point for point in probe.curve if point.get("concurrency") == 1), None)
    if single is None:
        return None
    tokens = float(single.get("output_tokens", 0))
    decode_s = float(single.get("wall_s", 0.0)) - float(single.get("ttft_ms", 0.0)) / 1000.0
    return (tokens - 1) / decode_s if tokens >= MIN_DECODE_TOKENS and decode_s > 0 else None


# -- the assessment --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Stability:
    """What `params["stability"]` holds (see the module docstring)."""

    trials: int  # asked for
    timed_trials: int
    speedups: list[float] = field(default_factory=list)  # per timed trial
    low: float | None = None
    high: float | None = None
    ci_low: float | None = None  # 95% bootstrap interval of the median, with 3 or more timed trials
    ci_high: float | None = None
    serial_cv: float | None = None
    parallel_cv: float | None = None
    serial_decode_tps: float | None = None
    probe_decode_tps: float | None = None
    duplicate_branches: int = 0
    branches: int = 0
    duplicate_samples: int = 0
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # one sentence per flag, same order

    def to_params(self) -> dict[str, Any]:
        return asdict(self)


def of_run(run: Run) -> Stability | None:
    """The stored assessment of a finished run (None for runs made before it existed, or unfinished ones)."""
    stored = run.params.get("stability")
    if not isinstance(stored, dict):
        return None
    known = set(Stability.__dataclass_fields__)
    return Stability(**{key: value for key, value in stored.items() if key in known})


def assess(trials: Sequence[TrialFigures], serial_records: Sequence[RequestRecord], *, requested: int,
           branch_texts: Sequence[str], duplicate_samples: int = 0, n_branches: int = 0,
           probe: ProbeResult | None = None, in_flight: int | None = None,
           budgets: tuple[int, int] | None = None, branch_records: Sequence[RequestRecord] = (),
           server_slots: int | None = None) -> Stability:
    """The spread and flags of a run: `trials` its per-trial figures, `serial_records` the serial requests of its
    timed trials, `branch_texts` the OK answers of the branches it shows, `n_branches` how many branches a trial
    sends (and answers its parallel-sampling request asks for), `probe` the backend's stored probe, `in_flight`
    the run's cap on requests at once (None: none), `budgets` the serial request's and each branch's token
    budget (None: the same), `branch_records` the branch requests of its timed trials and `server_slots` the
    requests the server decodes at once (None: not known)."""
    timed = [t for t in trials if t.timed]
    speedups = [value for t in timed if (value := t.speedup) is not None]
    serial = [t.serial_ms for t in timed if t.serial_ms is not None]
    parallel = [t.parallel_ms for t in timed if t.parallel_ms is not None]
    interval = _median_interval(speedups)
    rates = [rate for record in serial_records if (rate := decode_rate(record)) is not None]
    rate = statistics.median(rates) if rates else None
    reference = probe_decode_rate(probe) if probe is not None else None
    duplicates = duplicate_count(branch_texts) if len(branch_texts) > 1 else 0
    flags: list[str] = []
    reasons: list[str] = []
    noisy = [_varied(name, values) for name, values in (("serial", serial), ("parallel", parallel))]
    if rate is not None and reference is not None and rate < NOISY_RATE * reference:
        when = f" ({probe.created_at[:10]})" if probe is not None and probe.created_at else ""
        noisy.append(f"the serial answer decoded at {rate:.1f} tokens/s, {rate / reference:.0%} of the "
                     f"{reference:.1f} tokens/s `ppstudio probe` measured on this backend{when}: other work was "
                     "sharing the machine; rerun when it is quiet")
    if found := [reason for reason in noisy if reason]:
        flags.append(NOISY)
        reasons.append("; ".join(found))
    if n_branches > 1 and (cut := _serial_cut_short(serial_records, n_branches, budgets)):
        flags.append(SERIAL_CUT)
        reasons.append(f"{cut[0]}: the serial side did less of the work, so its time and the speedup are too low (the "
                       f"per-output-token figure is not); {cut[1]}")
    if cut_branches := _branches_cut_short(serial_records, branch_records, n_branches, budgets):
        flags.append(BRANCH_CUT)
        reasons.append(f"{cut_branches[0]}: the parallel time was cut short, so the speedup is too high (an upper "
                       f"bound); {cut_branches[1]}")
    if duplicates:
        flags.append(IDENTICAL)
        reasons.append(f"{duplicates} of {len(branch_texts)} branches repeat another branch's answer, so the "
                       "parallel side did less distinct work than the serial one: use --diversity letter or "
                       "index, or a temperature above 0")
    if in_flight is not None and in_flight < n_branches and (server_slots is None or in_flight <= server_slots):
        flags.append(CAPPED)
        reasons.append(f"at most {in_flight} of the {n_branches} branches were in flight at once (--concurrency "
                       f"{in_flight}), so the parallel time is not the all-branches-at-once measurement: give "
                       f"--concurrency {n_branches} or more to compare with it")
    elif server_slots is not None and server_slots < n_branches:
        flags.append(CAPPED)
        remedy = (f"give the engine {n_branches} slots or more ([backend] slots; the studio keeps the engine its first "
                  "run started)" if n_branches <= MAX_SLOTS else f"the engine runs at most {MAX_SLOTS}; a server that "
                  "batches more (vLLM, SGLang) can take them all")
        reasons.append(f"at most {server_slots} of the {n_branches} branches were decoded at once (the embedded "
                       f"engine's {server_slots} slots; the others queued), so the parallel time is not the "
                       f"all-branches-at-once measurement: {remedy}")
    if duplicate_samples:
        flags.append(IDENTICAL_SAMPLES)
        reasons.append(f"{duplicate_samples} of {n_branches} parallel-sampling answers repeat another (one request "
                       "for n answers at temperature 0 returns copies): use a temperature above 0")
    return Stability(
        trials=requested, timed_trials=len(timed), speedups=speedups, low=min(speedups, default=None),
        high=max(speedups, default=None), ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None, serial_cv=coefficient_of_variation(serial),
        parallel_cv=coefficient_of_variation(parallel), serial_decode_tps=rate, probe_decode_tps=reference,
        duplicate_branches=duplicates, branches=len(branch_texts), duplicate_samples=duplicate_samples,
        flags=flags, reasons=reasons)


def _serial_cut_short(serial_records: Sequence[RequestRecord], n_branches: int,
                      budgets: tuple[int, int] | None) -> tuple[str, str] | None:
    """What cut the serial answer short of what the branches could write, and what to do about it; or None. It
    stopped at its token budget (or, under a larger budget, at the server's context) with fewer tokens than the
    branches' budgets together. `budgets`: the serial request's and each branch's (None: the same budget, so any
    cut serial answer counts)."""
    serial_budget, branch_budget = budgets or (None, None)
    together = n_branches * branch_budget if branch_budget else None
    cut = [record for record in serial_records if record.status == "ok" and record.finish_reason == "length"
           and (together is None or record.output_tokens is None or record.output_tokens < together)]
    if not cut:
        return None
    tokens, trials = cut[0].output_tokens, f"in {len(cut)} of {len(serial_records)} timed trials"
    if tokens is not None and serial_budget is not None and together is not None and tokens < serial_budget:
        return (f"the serial answer stopped at the server's context ({tokens} tokens, under its {serial_budget}-token "
                f"budget) {trials}, while the {n_branches} branches could write {together} together", _MORE_ROOM)
    stopped = f"the serial answer stopped at the token budget{f' ({tokens} tokens)' if tokens else ''} {trials}"
    return (f"{stopped}, while each of the {n_branches} branches had that budget of its own",
            "give it the branches' budgets together with --serial-budget sum, or raise --max-tokens")


def _branches_cut_short(serial_records: Sequence[RequestRecord], branch_records: Sequence[RequestRecord],
                        n_branches: int, budgets: tuple[int, int] | None) -> tuple[str, str] | None:
    """"2 of 3 branches stopped at the token budget (64 tokens) in 1 of 2 timed trials whose serial answer finished
    on its own" (or "at the server's context", short of the budget), and what to do about it; or None."""
    finished = {record.trial for record in serial_records if record.status == "ok" and record.finish_reason == "stop"}
    cut = [record for record in branch_records
           if record.trial in finished and record.status == "ok" and record.finish_reason == "length"]
    if not cut:
        return None
    per_trial = Counter(record.trial for record in cut)  # cut branches in each trial that has some
    most = max(per_trial.values())
    tokens, branch_budget = cut[0].output_tokens, budgets[1] if budgets else None
    at_context = tokens is not None and branch_budget is not None and tokens < branch_budget
    where = (f"the server's context ({tokens} tokens, under the {branch_budget}-token budget)" if at_context else
             f"the token budget{f' ({tokens} tokens)' if tokens else ''}")
    return (f"{'up to ' if min(per_trial.values()) < most else ''}{most} of {n_branches} branches stopped at {where} "
            f"in {len(per_trial)} of {len(finished)} timed trials whose serial answer finished on its own",
            _MORE_ROOM if at_context else "raise --max-tokens")


def _varied(phase: str, values: Sequence[float]) -> str | None:
    cv = coefficient_of_variation(values)
    if cv is None or cv <= NOISY_CV:
        return None
    return (f"{phase} times varied {max(values) / min(values):.1f}x across {len(values)} trials (CV {cv:.0%}): the "
            f"machine was busy or the backend unsteady; rerun with --trials {max(5, len(values) + 2)}")


def _median_interval(speedups: Sequence[float]) -> tuple[float, float] | None:
    if len(speedups) < 3:
        return None
    return bootstrap_ci(speedups, statistic="median")


# -- words for every view --------------------------------------------------------------------------------------
def spread_text(found: Stability | None, trials: int) -> str:
    """"1.10–1.31 over 3 trials", "2 of 3 trials" when some were not timed, "1 trial"; `trials` is the run's
    own count, for runs without an assessment."""
    if found is None:
        return counted(trials, "trial") if trials else ""
    count = (f"{found.timed_trials} of {found.trials} trials" if found.timed_trials < found.trials
             else counted(found.timed_trials, "trial"))
    if found.low is None or found.high is None or found.timed_trials < 2:
        return count
    return f"{value_range(found.low, found.high)} over {count}"


def flags_of(run: Run) -> list[str]:
    found = of_run(run)
    return list(found.flags) if found is not None else []


def flags_text(found: Stability | None) -> str:
    return ", ".join(found.flags) if found is not None else ""


def flag_counts(flag_lists: Iterable[Sequence[str]]) -> str:
    """"serial cut 4, branch cut 1": how many of some runs carry each flag, in the order of `FLAGS`."""
    counts = Counter(flag for flags in flag_lists for flag in flags)
    return ", ".join(f"{flag} {counts[flag]:,}" for flag in FLAGS if counts[flag])
