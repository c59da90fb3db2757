"""Every per-run formula on hand-computed cases."""

from __future__ import annotations

import pytest

from store.models import RequestRecord
from studio.execution import metrics


def rec(role: str, idx: int, sent: float | None, end: float | None, tokens: int | None = 10, *, trial: int = 0,
        status: str = "ok", from_cache: bool = False) -> RequestRecord:
    return RequestRecord(run_id="r", trial=trial, role=role, idx=idx, sent_at=sent, ended_at=end,
                         output_tokens=tokens, status=status, from_cache=from_cache)


def test_phase_latency_is_first_send_to_last_token() -> None:
    records = [rec("branch", 0, 1.0, 2.5), rec("branch", 1, 1.2, 3.0), rec("branch", 2, 1.1, 1.9)]
    assert metrics.phase_latency_ms(records) == pytest.approx(2000.0)
    assert metrics.phase_latency_ms([rec("branch", 0, 1.0, None)]) is None
    assert metrics.phase_latency_ms([]) is None


def test_slowest_alone_is_the_longest_single_latency() -> None:
    # latencies 1.5 s, 0.5 s, 2.25 s: the ideal parallel time is the slowest one
    records = [rec("ideal", 0, 0.0, 1.5), rec("ideal", 1, 2.0, 2.5), rec("ideal", 2, 3.0, 5.25)]
    assert metrics.slowest_alone_ms(records) == pytest.approx(2250.0)


def test_speedups_by_hand() -> None:
    # serial 6000 ms for 300 tokens = 20 ms/token; parallel 2000 ms for 400 tokens = 5 ms/token -> 4x normalised
    assert metrics.speedup(6000.0, 2000.0) == pytest.approx(3.0)
    assert metrics.normalised_speedup(6000.0, 300, 2000.0, 400) == pytest.approx(4.0)
    assert metrics.e2e_speedup(6000.0, 2000.0, 1000.0) == pytest.approx(2.0)
    assert metrics.merged_speedup(6000.0, 2000.0, 4000.0) == pytest.approx(1.0)
    assert metrics.ratio(6000.0, 3000.0) == pytest.approx(2.0)


def test_missing_or_zero_inputs_give_no_figure_rather_than_a_guess() -> None:
    assert metrics.speedup(None, 100.0) is None
    assert metrics.speedup(100.0, 0.0) is None
    assert metrics.normalised_speedup(100.0, 0, 50.0, 10) is None
    assert metrics.e2e_speedup(100.0, 50.0, None) is None  # unknown decomposition cost
    assert metrics.e2e_speedup(100.0, 50.0, 0.0) == pytest.approx(2.0)
    assert metrics.merged_speedup(100.0, 50.0, None) is None


def test_trial_figures_use_only_timed_phases() -> None:
    records = [rec("serial", 0, 0.0, 3.0, 90),
               rec("branch", 0, 3.0, 4.0, 30), rec("branch", 1, 3.0, 4.5, 40),
               rec("ideal", 0, 5.0, 5.8, 30), rec("ideal", 1, 6.0, 7.2, 40)]
    figures = metrics.trial_figures(0, records)
    assert figures.serial_ms == pytest.approx(3000.0)
    assert figures.parallel_ms == pytest.approx(1500.0)
    assert figures.ideal_ms == pytest.approx(1200.0)
    assert (figures.serial_tokens, figures.parallel_tokens) == (90, 70)

    failed = records[:2] + [rec("branch", 1, 3.0, 4.5, None, status="failed")]
    assert metrics.trial_figures(0, failed).parallel_ms is None
    cached = [rec("serial", 0, None, None, 90, from_cache=True)] + records[1:3]
    assert metrics.trial_figures(0, cached).serial_ms is None
    split = metrics.trial_figures(0, records, untimed_phases=frozenset({(0, "branch")}))
    assert split.parallel_ms is None and split.serial_ms == pytest.approx(3000.0)


def test_run_figures_are_medians_of_per_trial_ratios() -> None:
    trials = [metrics.TrialFigures(0, 3000.0, 1000.0, 800.0, 100, 120),   # 3.0x
              metrics.TrialFigures(1, 4000.0, 2500.0, None, 110, 130),    # 1.6x
              metrics.TrialFigures(2, 5000.0, 2000.0, 900.0, 120, 140)]   # 2.5x
    figures = metrics.run_figures(trials, decomposition_ms=500.0)
    assert (figures.serial_ms, figures.parallel_ms, figures.ideal_ms) == (4000.0, 2000.0, 850.0)
    assert (figures.serial_tokens, figures.parallel_tokens) == (110, 130)
    assert figures.speedups == pytest.approx((3.0, 1.6, 2.5))
    assert figures.speedup == pytest.approx(2.5)  # the median trial's ratio, not 4000 / 2000
    # per trial 3.6, 1.89 and 2.92: the median is trial 2's
    assert figures.normalised_speedup == pytest.approx((5000 / 120) / (2000 / 140))
    assert figures.ideal_speedup == pytest.approx((3000 / 800 + 5000 / 900) / 2)  # trials 0 and 2 had an ideal
    assert figures.e2e_speedup == pytest.approx(5000 / 2500)  # 3000/1500, 4000/3000, 5000/2500: the median
    assert figures.timed_trials == 3


def test_phases_of_different_trials_are_never_combined() -> None:
    """Trial 0 timed only its parallel phase, trial 1 only its serial one: there is no speedup (the old figure
    divided trial 1's serial time by trial 0's parallel time), and no latency either."""
    trials = [metrics.TrialFigures(0, None, 1000.0, None, None, 50),
              metrics.TrialFigures(1, 6000.0, None, None, 90, None)]
    figures = metrics.run_figures(trials, decomposition_ms=0.0)
    assert figures.timed_trials == 0 and figures.speedups == ()
    assert figures.speedup is None and figures.e2e_speedup is None and figures.normalised_speedup is None
    assert figures.serial_ms is None and figures.parallel_ms is None
    # with one timed trial beside them, every figure comes from that trial alone
    timed = metrics.run_figures([*trials, metrics.TrialFigures(2, 2000.0, 800.0, None, 60, 70)], decomposition_ms=0.0)
    assert (timed.timed_trials, timed.serial_ms, timed.parallel_ms) == (1, 2000.0, 800.0)
    assert timed.speedup == pytest.approx(2.5) and timed.speedup == pytest.approx(timed.serial_ms / timed.parallel_ms)


def test_parallel_sampling_pairs_with_the_serial_phase_of_its_trial() -> None:
    trials = [metrics.TrialFigures(0, 3000.0, 1000.0, None, 100, 120, sampling_ms=600.0),   # 5x
              metrics.TrialFigures(1, 4000.0, 2000.0, None, 100, 120, sampling_ms=1000.0),  # 4x
              metrics.TrialFigures(2, None, 2000.0, None, None, 120, sampling_ms=100.0)]    # no serial: unpaired
    figures = metrics.run_figures(trials, decomposition_ms=None)
    assert figures.sampling_ms == pytest.approx(800.0) and figures.sampling_speedup == pytest.approx(4.5)


def test_bootstrap_ci_is_seeded_and_brackets_the_mean_or_the_median() -> None:
    values = [0.1, 0.4, 0.35, 0.8, 0.9, 0.5, 0.65]
    low, high = metrics.bootstrap_ci(values)
    assert low < sum(values) / len(values) < high
    assert metrics.bootstrap_ci(values) == (low, high)
    low, high = metrics.bootstrap_ci(values, statistic="median")
    assert low <= 0.5 <= high and 0.1 <= low and high <= 0.9  # medians of resamples are values of the sample
    assert metrics.bootstrap_ci([0.3]) is None  # one value: no interval to show
    assert metrics.bootstrap_ci([]) is None
