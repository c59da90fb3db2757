"""Per-run figures, as pure functions over request records (no I/O), so every formula is unit-testable.

Definitions follow the ParallelPrompt reference suite, so our figures compare with the paper's:

- a phase's latency is *first request sent -> last token received* over the requests of that phase (for the
  parallel phase, plus the time spent warming the branches' shared prefix on the server, when that was done);
- ``speedup = serial_ms / parallel_ms``;
- ``normalised_speedup = (serial_ms / serial_tokens) / (parallel_ms / sum of branch tokens)`` (time per output
  token serially vs in parallel, so a parallel answer that is shorter or longer does not distort the figure);
- ``ideal_speedup = serial_ms / ideal_ms`` with ``ideal_ms`` the slowest branch measured *alone*;
- ``e2e_speedup = serial_ms / (parallel_ms + decomposition_ms)`` (the cost of producing the schema counted on
  the parallel side; unknown decomposition cost gives no figure rather than a guessed one);
- ``merged_speedup = serial_ms / (parallel_ms + merge_ms)`` (the merge call counted inside the timing);
- ``sampling_speedup = serial_ms / sampling_ms`` with ``sampling_ms`` the latency of one request asking for all n
  answers of a repeated-generation prompt at once (`n=k`, "parallel sampling"; vLLM and SGLang batch them).

A phase is *timed* only if every request in it finished OK, none came from the cache, and it was sent as one
wave (not split by an interruption and a resume). Untimed phases give no latency. A ratio is only ever formed
within one trial, from phases measured minutes apart at most, never from the serial phase of one trial and the
parallel phase of another: a trial counts for the speedups only when both its serial and its parallel phase were
timed (a *timed trial*). Run figures are medians over the timed trials: each speedup is the median of the
per-trial speedups, and the stored latencies are the medians of the same trials' phases. With one timed trial
``serial_ms / parallel_ms`` is the speedup exactly; with more it is close to the median of ratios, not equal to
it. The spread of the per-trial speedups and the flags are in `studio.execution.stability`.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from store.models import RequestRecord

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20251  # fixed: the same store gives the same report, the same trials the same interval


def phase_latency_ms(records: Sequence[RequestRecord]) -> float | None:
    """First send to last token across `records` (ms), or None if any lacks a timestamp."""
    if not records or any(r.sent_at is None or r.ended_at is None for r in records):
        return None
    start = min(r.sent_at for r in records if r.sent_at is not None)
    end = max(r.ended_at for r in records if r.ended_at is not None)
    return (end - start) * 1000.0


def slowest_alone_ms(records: Sequence[RequestRecord]) -> float | None:
    """The ideal parallel time: the longest single latency among branches each measured on its own."""
    latencies = [r.latency_ms for r in records]
    if not latencies or any(v is None for v in latencies):
        return None
    return max(v for v in latencies if v is not None)


def total_tokens(records: Iterable[RequestRecord]) -> int | None:
    """Sum of output tokens, or None if any record has no count."""
    counts = [r.output_tokens for r in records]
    if not counts or any(c is None for c in counts):
        return None
    return sum(c for c in counts if c is not None)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is unknown or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def speedup(serial_ms: float | None, parallel_ms: float | None) -> float | None:
    return ratio(serial_ms, parallel_ms)


def normalised_speedup(serial_ms: float | None, serial_tokens: int | None,
                       parallel_ms: float | None, parallel_tokens: int | None) -> float | None:
    """(serial ms per serial output token) / (parallel ms per summed branch output token)."""
    return ratio(ratio(serial_ms, serial_tokens), ratio(parallel_ms, parallel_tokens))


def e2e_speedup(serial_ms: float | None, parallel_ms: float | None,
                decomposition_ms: float | None) -> float | None:
    """Speedup with the schema's decomposition cost added to the parallel side."""
    if parallel_ms is None or decomposition_ms is None:
        return None
    return ratio(serial_ms, parallel_ms + decomposition_ms)


def merged_speedup(serial_ms: float | None, parallel_ms: float | None, merge_ms: float | None) -> float | None:
    """Speedup with the merge call counted inside the parallel time."""
    if parallel_ms is None or merge_ms is None:
        return None
    return ratio(serial_ms, parallel_ms + merge_ms)


def median_or_none(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def is_timed(records: Sequence[RequestRecord]) -> bool:
    """Whether a phase's latency is a real measurement: all OK, none from the cache (split waves are checked by
    the caller, who knows which phases a resume split)."""
    return bool(records) and all(r.status == "ok" and not r.from_cache for r in records)


@dataclass(frozen=True, slots=True)
class TrialFigures:
    """One trial's measurements; a None latency means that phase was not timed."""

    trial: int
    serial_ms: float | None
    parallel_ms: float | None
    ideal_ms: float | None
    serial_tokens: int | None
    parallel_tokens: int | None
    sampling_ms: float | None = None

    @property
    def timed(self) -> bool:
        """Both the serial and the parallel phase of this trial were measured: it gives a speedup."""
        return self.serial_ms is not None and self.parallel_ms is not None

    @property
    def speedup(self) -> float | None:
        return speedup(self.serial_ms, self.parallel_ms)


@dataclass(frozen=True, slots=True)
class RunFigures:
    serial_ms: float | None
    parallel_ms: float | None
    ideal_ms: float | None
    serial_tokens: int | None
    parallel_tokens: int | None
    speedup: float | None
    normalised_speedup: float | None
    ideal_speedup: float | None
    e2e_speedup: float | None
    timed_trials: int  # trials in which both the serial and the parallel phase were timed
    speedups: tuple[float, ...] = ()  # the speedup of each timed trial, in trial order
    sampling_ms: float | None = None
    sampling_speedup: float | None = None


def trial_figures(trial: int, records: Sequence[RequestRecord], *,
                  untimed_phases: frozenset[tuple[int, str]] = frozenset(),
                  prefix_share_ms: float = 0.0) -> TrialFigures:
    """Figures of one trial from its records; `untimed_phases` holds (trial, role) phases split by a resume;
    `prefix_share_ms` is the time spent just before the branches warming their shared prefix on the server,
    which is work of the parallel side and so part of its latency."""

    def timed(role: str) -> list[RequestRecord] | None:
        phase = [r for r in records if r.trial == trial and r.role == role]
        if (trial, role) in untimed_phases or not is_timed(phase):
            return None
        return phase

    serial, branches, ideal, sampling = timed("serial"), timed("branch"), timed("ideal"), timed("sampling")
    return TrialFigures(
        trial=trial,
        serial_ms=phase_latency_ms(serial) if serial else None,
        parallel_ms=_plus(phase_latency_ms(branches), prefix_share_ms) if branches else None,
        ideal_ms=slowest_alone_ms(ideal) if ideal else None,
        serial_tokens=total_tokens(serial) if serial else None,
        parallel_tokens=total_tokens(branches) if branches else None,
        sampling_ms=phase_latency_ms(sampling) if sampling else None,
    )


def run_figures(trials: Sequence[TrialFigures], *, decomposition_ms: float | None) -> RunFigures:
    """Medians over the timed trials: of each trial's ratios, and of its phases' latencies and tokens. The ideal
    and parallel-sampling comparisons pair each trial's ideal (sampling) phase with the same trial's serial one."""
    timed = [t for t in trials if t.timed]
    with_ideal = [t for t in trials if t.serial_ms is not None and t.ideal_ms is not None]
    with_sampling = [t for t in trials if t.serial_ms is not None and t.sampling_ms is not None]
    speedups = tuple(value for t in timed if (value := t.speedup) is not None)
    return RunFigures(
        serial_ms=median_or_none(t.serial_ms for t in timed),
        parallel_ms=median_or_none(t.parallel_ms for t in timed),
        ideal_ms=median_or_none(t.ideal_ms for t in with_ideal),
        serial_tokens=_median_int(t.serial_tokens for t in timed),
        parallel_tokens=_median_int(t.parallel_tokens for t in timed),
        speedup=median_or_none(speedups),
        normalised_speedup=median_or_none(normalised_speedup(t.serial_ms, t.serial_tokens, t.parallel_ms,
                                                             t.parallel_tokens) for t in timed),
        ideal_speedup=median_or_none(ratio(t.serial_ms, t.ideal_ms) for t in with_ideal),
        e2e_speedup=median_or_none(e2e_speedup(t.serial_ms, t.parallel_ms, decomposition_ms) for t in timed),
        timed_trials=len(timed),
        speedups=speedups,
        sampling_ms=median_or_none(t.sampling_ms for t in with_sampling),
        sampling_speedup=median_or_none(ratio(t.serial_ms, t.sampling_ms) for t in with_sampling),
    )


def _plus(value: float | None, extra: float) -> float | None:
    return None if value is None else value + extra


def _median_int(values: Iterable[int | None]) -> int | None:
    value = median_or_none(float(v) for v in values if v is not None)
    return None if value is None else int(round(value))


def bootstrap_ci(values: Sequence[float], *, confidence: float = 0.95, resamples: int = BOOTSTRAP_RESAMPLES,
                 seed: int = BOOTSTRAP_SEED, statistic: str = "mean") -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean (reports: quality scores) or of the median (a run's per-trial
    speedups), seeded so the same figures give the same interval; None for fewer than two values, where an
    interval would only repeat the value."""
    import numpy as np  # here: the CLI imports this module for every command, `--help` included

    if len(values) < 2:
        return None
    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    samples = data[rng.integers(0, len(data), size=(resamples, len(data)))]
    estimates = np.median(samples, axis=1) if statistic == "median" else samples.mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(estimates, [tail, 1.0 - tail])
    return float(low), float(high)
