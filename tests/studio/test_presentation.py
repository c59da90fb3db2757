"""The one set of formatters the commands, the studio and the reports show text and figures with."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text

from studio.presentation import (MISSING, agreeing, clip, counted, figure_table, number, seconds, share, speedup,
                                 thousands, value_range)


def test_clip_folds_whitespace_and_keeps_text_that_fits() -> None:
    assert clip("  two\n\tlines  here ", 20) == "two lines here"
    assert clip("exactly ten", 11) == "exactly ten"


@pytest.mark.parametrize(("mark", "expected"), [("…", "abcdefgh…"), ("...", "abcdef..."), ("", "abcdefghi")])
def test_clip_cuts_to_the_width_with_its_mark_inside_it(mark: str, expected: str) -> None:
    assert clip("abcdefghij klm", 9, mark) == expected
    assert len(expected) == 9


def test_figures_show_missing_values_as_a_dash() -> None:
    assert [number(None), speedup(None), thousands(None), share(None)] == [MISSING] * 4 == ["—"] * 4


def test_figures() -> None:
    assert number(0.81234) == "0.812"
    assert number(930.4, 0, " ms") == "930 ms"
    assert speedup(1.804) == "1.80×" and speedup(1.804, "x") == "1.80x"
    assert thousands(12345.6) == "12,346" and thousands(930.0, " ms") == "930 ms"
    assert share(0.5) == "50%"
    assert value_range(1.104, 1.306) == "1.10–1.31"
    assert seconds(2.46) == "2.5s" and seconds(2.456, 2) == "2.46s"


def test_milliseconds_are_whole_with_separators() -> None:
    from studio.presentation import milliseconds

    assert milliseconds(1234.4) == "1,234 ms" and milliseconds(None) == "—"


def test_counted_agrees_with_its_count() -> None:
    assert [counted(n, "run") for n in (0, 1, 2, 1234)] == ["0 runs", "1 run", "2 runs", "1,234 runs"]
    assert (agreeing(1, "is", "are"), agreeing(2, "is", "are"), agreeing(0, "is", "are")) == ("is", "are", "are")


def _printed(table: object, width: int) -> str:
    console = Console(record=True, width=width)
    console.print(table)
    return console.export_text()


def test_a_figure_table_is_laid_out_where_it_fits_and_compact_where_it_does_not() -> None:
    table = figure_table("figures", ["name", "precision", "context in branch", "dependent rejected"],
                         [(Text("[bold]Named Entity Recognition[/]"), "0.878", "1.000", MISSING)],
                         caption=Text("NER = Named Entity Recognition"))
    wide, narrow = _printed(table, 120), _printed(table, 30)
    assert "┃" in wide and "context in branch" in wide  # (Rich's own layout, headers on one line)
    assert "┃" not in narrow and max(map(len, narrow.splitlines())) <= 30 and "…" not in narrow
    assert all(figure in narrow for figure in ("0.878", "1.000", MISSING, "dependent", "rejected"))
    assert "NER = Named Entity Recognition" in wide and "NER =" in narrow  # (the legend under either layout)
    assert "[bold]Named Entity Recognition[/]" in wide  # a Text cell is shown as written, never read as markup

