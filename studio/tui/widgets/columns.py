"""Table columns fitted to the terminal: the columns that matter kept at 80 columns, room used at 200."""

from __future__ import annotations

from collections.abc import Sequence

# (key, label, width, width on a wide terminal); a column of width None takes what the others leave.
Column = tuple[str, str, int | None, int | None]
WIDE_TERMINAL = 160  # terminal columns from which the wide widths apply


def fit_columns(columns: Sequence[Column], drop_order: Sequence[str], terminal_width: int,
                min_flexible: int) -> tuple[list[tuple[str, str, int]], int]:
    """The columns to show, each with its width, and the width left for the flexible column (if any): columns are
    left out in `drop_order` until at least `min_flexible` cells are left (the flexible column never gets less)."""
    wide = terminal_width >= WIDE_TERMINAL
    chosen = [(key, label, wide_width if wide else width) for key, label, width, wide_width in columns]

    def flexible_width() -> int:
        fixed = sum(width or 0 for _, _, width in chosen) + 2 * len(chosen) + 2  # cell padding, scrollbar
        return terminal_width - fixed

    for key in drop_order:
        if flexible_width() >= min_flexible:
            break
        chosen = [column for column in chosen if column[0] != key]
    flexible = max(min_flexible, flexible_width())
    return [(key, label, width or flexible) for key, label, width in chosen], flexible
