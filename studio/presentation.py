"""How text and figures are shown to a person: one set of formatters for the commands, the studio and the reports,
and one Rich table of figures (`figure_table`) that the commands share.

Plain strings only, no markup and no escaping: each caller still sends untrusted text through `studio.untrusted`
(or `studio.tui.literal`) for its destination. A missing figure is shown as `MISSING` everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

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


def figure_table(title: str, headers: Sequence[Text | str], rows: Sequence[tuple[Text | str, ...]],
                 caption: Text | None = None) -> FittedTable:
    """A table of a label column and figure columns that never cuts a figure (`FittedTable`). The cells go in as
    given: a `str` is read as Rich markup, so untrusted text comes as `Text` or escaped. A cell may wrap at its blanks
    ("0.949 (0.898-0.975)"), never inside a word."""
    widths = [max((len(word) for cell in (header, *(row[index] for row in rows)) for word in _words(cell)), default=1)
              for index, header in enumerate(headers[1:], start=1)]
    return FittedTable(_figure_table(title, headers, rows, None, caption),
                       _figure_table(title, headers, rows, widths, caption))


def _words(cell: Text | str) -> list[str]:
    return (cell.plain if isinstance(cell, Text) else cell).split()


def _figure_table(title: str, headers: Sequence[Text | str], rows: Sequence[tuple[Text | str, ...]],
                  widths: list[int] | None, caption: Text | None) -> Table:
    """The rows under `headers`, as Rich lays them out (`widths` None), or compact: no box, one blank between
    columns, each figure column `widths` wide (its cells and header wrapped at their words) and the label column
    folded into the rest."""
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left") if widths is None else (
        Table(title=title, title_justify="left", caption=caption, caption_justify="left", box=box.SIMPLE_HEAD,
              show_edge=False, pad_edge=False, padding=(0, 0)))
    table.add_column(headers[0], overflow="fold")
    for index, header in enumerate(headers[1:]):
        table.add_column(header, justify="right", width=None if widths is None else widths[index])
    for row in rows:
        table.add_row(*row)
    return table


_UNBOUNDED = 10_000  # (a width to measure a table's natural one against: Rich measures within the width it is given)


@dataclass(frozen=True)
class FittedTable:
    """A table of figures printed as laid out where its natural width fits, else compact (`_figure_table`). Why: at 80
    columns (a pipe, a file, a small terminal) Rich fitted the eleven columns of a gold file with contexts by cutting
    figures ("0.878" shown as "0.8…") and headers."""

    laid_out: Table
    compact: Table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        natural = Measurement.get(console, options.update_width(_UNBOUNDED), self.laid_out).maximum
        yield self.laid_out if natural <= options.max_width else self.compact
