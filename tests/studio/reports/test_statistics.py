"""The report formulas on hand-computed cases."""

from __future__ import annotations

import pytest

from studio.reports.statistics import cohen_kappa, mean, median, ratio_of_sums


def test_ratio_of_sums_differs_from_mean_and_median_of_ratios() -> None:
    serial, parallel = [100.0, 900.0, 400.0], [50.0, 100.0, 400.0]
    ratios = [s / p for s, p in zip(serial, parallel)]  # 2, 9, 1
    assert ratio_of_sums(serial, parallel) == pytest.approx(1400 / 550)  # 2.545...
    assert mean(ratios) == pytest.approx(4.0)
    assert median(ratios) == pytest.approx(2.0)


def test_ratio_of_sums_of_nothing_is_none() -> None:
    assert ratio_of_sums([], []) is None
    assert ratio_of_sums([1.0], [0.0]) is None


def test_cohen_kappa_hand_computed() -> None:
    # human:  p p t s p t ; judge: p s t s t t -> p_o = 4/6; p_e = (3*1 + 2*3 + 1*2) / 36 = 11/36
    pairs = [("p", "p"), ("p", "s"), ("t", "t"), ("s", "s"), ("p", "t"), ("t", "t")]
    assert cohen_kappa(pairs) == pytest.approx((4 / 6 - 11 / 36) / (1 - 11 / 36))  # 0.52
    assert cohen_kappa(pairs) == pytest.approx(0.52)


def test_cohen_kappa_edge_cases() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # chance agreement is certain: undefined
    assert cohen_kappa([("a", "a"), ("b", "b")]) == pytest.approx(1.0)
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
