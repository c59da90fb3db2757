"""The few statistics reports need, written out so each formula is visible and tested on hand-computed cases.

Dataset-level speedups are ratios of sums (Σ serial ms / Σ parallel ms), as in the ParallelPrompt suite: long
prompts weigh more, as they do in wall-clock time. The median of per-prompt ratios is shown beside it, labelled,
because it says what a typical prompt gets. The bootstrap interval is `studio.execution.metrics.bootstrap_ci`
(the runner's spread of a run's trials uses it too, and may not import the reports).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence


def ratio_of_sums(numerators: Sequence[float], denominators: Sequence[float]) -> float | None:
    """Σ numerators / Σ denominators (None when empty or the denominator sums to zero)."""
    total = float(sum(denominators))
    return float(sum(numerators)) / total if numerators and total > 0 else None


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def mean(values: Sequence[float]) -> float | None:
    return float(statistics.fmean(values)) if values else None


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters over the same items: (p_o - p_e) / (1 - p_e).

    None when there are no pairs or chance agreement is already certain (both raters always gave one label).
    """
    if not pairs:
        return None
    total = len(pairs)
    observed = sum(1 for first, second in pairs if first == second) / total
    first_counts = Counter(first for first, _ in pairs)
    second_counts = Counter(second for _, second in pairs)
    expected = sum(first_counts[label] * second_counts[label] for label in first_counts) / (total * total)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)
