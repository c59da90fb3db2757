"""How text and figures are shown to a person: one set of formatters for the commands, the studio and the reports.

Plain strings only, no markup and no escaping: each caller still sends untrusted text through `studio.untrusted`
(or `studio.tui.literal`) for its destination. A missing figure is shown as `MISSING` everywhere.
"""

from __future__ import annotations

MISSING = "—"
CUT_MARK = "…"  # what ends a shortened text (a redaction looks for a key cut just before it)


def clip(text: str, width: int, mark: str = CUT_MARK) -> str:
    """`text` on one line (each run of whitespace, line breaks included, folded to a space), cut to `width`
    characters with `mark` ending a cut ("" cuts bare)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - len(mark)] + mark


def counted(count: int, noun: str) -> str:
    """A count with its noun in agreement: "1 run", "1,234 runs". Why: notes built as f"{n} runs" read "1 runs"."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"


def agreeing(count: int, singular: str, plural: str) -> str:
    """The verb form that agrees with `count` things: agreeing(1, "is", "are") -> "is"."""
    return singular if count == 1 else plural


def number(value: float | None, digits: int = 3, unit: str = "") -> str:
    """"0.812", or with `digits` and a `unit` ("1.80x", "930 ms")."""
    return MISSING if value is None else f"{value:.{digits}f}{unit}"


def speedup(value: float | None, mark: str = "×") -> str:
    """A speedup to two decimals: "1.80×" (the commands' plain-text tables write "x")."""
    return number(value, 2, mark)


def thousands(value: float | None, unit: str = "") -> str:
    """A whole number with thousands separators: "12,345", "930 ms"."""
    return MISSING if value is None else f"{value:,.0f}{unit}"


def milliseconds(value: float | None) -> str:
    """A duration in whole milliseconds: "1,234 ms"."""
    return thousands(value, " ms")


def share(value: float | None) -> str:
    """A fraction as a whole percentage: 0.5 -> "50%"."""
    return MISSING if value is None else f"{value:.0%}"


def value_range(low: float, high: float) -> str:
    """The lowest and highest of several figures (per-trial speedups): "1.10–1.31"."""
    return f"{low:.2f}–{high:.2f}"


def seconds(value: float, digits: int = 1) -> str:
    """A duration: "2.5s"."""
    return f"{value:.{digits}f}s"
