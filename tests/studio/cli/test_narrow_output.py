"""`ppstudio runs` and `stats` on an 80-column terminal: tables fit, text wraps, figures are dropped whole (and
named) rather than cut, and no number is ever shortened."""

from __future__ import annotations

import io

from rich.console import Console

from store import Run
from store.stats import Count, ExtractorCount
from studio.cli import run as run_cli
from studio.cli.run import runs_table
from studio.cli.stats import count_table, extractor_table

RUNS = [
    Run(id="0123456789abcdef", prompt_id="fedcba9876543210", schema_id=None, backend="openai-compatible",
        model="m", status="partial", n_branches=12, sweep_n=8, serial_ms=123456.0, parallel_ms=17345.5,
        speedup=17.3456, normalised_speedup=12.5, ideal_speedup=20.1, e2e_speedup=15.2, merge_ms=1000.0,
        simulated=True),
    Run(id="1123456789abcdef", prompt_id="fedcba9876543210", schema_id=None, backend="sim:cpu", model="m",
        status="done", n_branches=3, serial_ms=1234.0, parallel_ms=345.5, speedup=3.5, simulated=True),
]


def printed(renderable: object, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def test_runs_at_80_columns_keep_every_number_whole(monkeypatch) -> None:
    monkeypatch.setattr(run_cli, "console", Console(width=80, file=io.StringIO()))
    text = printed(runs_table(RUNS, "runs"), 80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in text
    header = lines[1].split()
    assert header[:4] == ["run/prompt", "backend", "n", "serial"] and "×" in header
    for figure in ("0123456789abcdef", "fedcba9876543210", "123456", "17346", "17.35x", "1234", "346", "3.50x"):
        assert figure in text
    assert "left out for the width: +merge, ideal" in " ".join(text.split())


def test_runs_on_a_wide_terminal_show_every_figure(monkeypatch) -> None:
    monkeypatch.setattr(run_cli, "console", Console(width=140, file=io.StringIO()))
    text = printed(runs_table(RUNS, "runs"), 140)
    assert all(column in text.splitlines()[1] for column in ("norm", "ideal", "e2e", "+merge"))
    assert "openai-compatible*" in text and "left out" not in text


def test_stats_tables_wrap_text_and_keep_numbers() -> None:
    text = printed(extractor_table("Extraction errors", [
        ExtractorCount("llm@1 (a-long-model-name-v2)", "timeout " * 20, 1234567),
        ExtractorCount("rules@1.0", "q" * 90, 5)], "error"), 50)
    assert max(len(line) for line in text.splitlines()) <= 50 and "…" not in text
    assert "1,234,567" in text and text.count("q") == 90  # folded onto several lines, none lost
    text = printed(count_table("Category", [Count("A category name " * 6, 1234567)], 2000000), 50)
    assert "1,234,567" in text and "61.7%" in text and "…" not in text
