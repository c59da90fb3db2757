"""Every renderer on the hand-filled store: content, labels, and untrusted text escaped."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from store import Store
from studio.execution import stability
from studio.reports import build_report, render
from studio.reports.model import PromptResult
from studio.reports.render import CATEGORY_CSV_COLUMNS, PROMPT_CSV_COLUMNS, fmt_spread, prompt_table
from studio.untrusted import csv_cell, markdown_text
from tests.studio.reports.conftest import XSS_IMG, XSS_SCRIPT


@pytest.fixture
def report(filled_store: Store):
    return build_report(filled_store)


def test_markdown_has_labelled_tables_and_escaped_text(report) -> None:
    text = render(report, "md")
    assert "## Speedup by category" in text and "## Per-prompt results" in text
    assert "Speedup (ratio of sums)" in text and "Speedup (median of ratios)" in text
    assert "2.55×" in text  # overall ratio of sums 1400/550
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    columns = len(prompt_table(report)[0])
    prompt_lines = [line for line in text.splitlines() if "Translate into French" in line]
    assert len(prompt_lines) == 2
    for line in prompt_lines:  # the prompts contain "|": escaped, so each row still has exactly its cells
        assert len(re.split(r"(?<!\\)\|", line)) - 2 == columns
    assert "SIMULATED" in text


def test_markdown_escape_keeps_table_cells_whole() -> None:
    assert markdown_text("a | b\nc <i>") == "a \\| b c &lt;i&gt;"


def test_paper_view_shows_ratio_of_sums_speedups_and_win_rates(filled_store: Store) -> None:
    text = render(build_report(filled_store, paper=True), "md")
    assert "paper view" in text
    for label in ("Speedup (ratio of sums)", "Normalised speedup (ratio of sums)",
                  "End-to-end speedup (ratio of sums)", "LLM judge win rate", "Human win rate"):
        assert label in text
    assert "## n-sweep" in text and "## Per-prompt results" not in text


def test_html_is_self_contained_and_escaped(report) -> None:
    page = render(report, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    assert page.count("<svg") == 3  # speedup by category, speedup vs quality, n-sweep
    assert "Content-Security-Policy" in page


def _csv(report, level: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(report, "csv", csv_level=level))))


def test_prompt_csv_has_one_row_per_run_with_a_boolean_simulated(report) -> None:
    rows = _csv(report, "prompt")
    assert len(rows) == 3 and list(rows[0]) == list(PROMPT_CSV_COLUMNS)
    assert {row["run_id"]: row["simulated"] for row in rows} == {"t1": "false", "t2": "false", "r1": "true"}
    texts = {row["run_id"]: row["prompt_text"] for row in rows}
    assert XSS_SCRIPT in texts["t1"]  # CSV keeps the text; it is data, not markup
    assert {row["run_id"]: row["raw_speedup"] for row in rows}["t2"] == "9.0"
    assert {row["similarity.items_matched"] for row in rows} == {""}  # no such score stored: empty, still there


def test_category_csv_has_one_row_per_category_then_overall(report) -> None:
    rows = _csv(report, "category")
    assert list(rows[0]) == list(CATEGORY_CSV_COLUMNS)
    assert [row["category"] for row in rows] == ["Translation", "Repeated Generation", "All categories"]
    overall = rows[-1]
    assert float(overall["raw_ratio_of_sums"]) == pytest.approx(1400 / 550)
    assert float(overall["raw_median_of_ratios"]) == pytest.approx(2.0)
    assert overall["simulated_runs"] == "1"


def test_csv_columns_do_not_depend_on_what_ran(store: Store) -> None:
    empty = build_report(store)
    for level, columns in (("prompt", PROMPT_CSV_COLUMNS), ("category", CATEGORY_CSV_COLUMNS)):
        assert render(empty, "csv", csv_level=level).splitlines()[0] == ",".join(columns)


def test_csv_cells_that_look_like_formulas_are_defused() -> None:
    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_cell("plain") == "plain"


def test_json_round_trips_with_labels(report) -> None:
    document = json.loads(render(report, "json"))
    assert document["overall"]["speedups"]["raw"]["ratio_of_sums"] == pytest.approx(1400 / 550)
    assert "ratio of sums" in document["speedup_labels"]["raw"]["ratio_of_sums"]
    assert document["overall"]["human"]["win_rate"] == pytest.approx((1 + 0.5 * 2) / 3)
    assert len(document["rows"]) == 3 and len(document["sweeps"]) == 1


def test_unknown_format_is_refused(report) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "pdf")


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_every_format_renders_an_empty_store(store: Store, fmt: str) -> None:
    assert render(build_report(store), fmt)


def test_one_timed_trial_has_no_range() -> None:
    row = PromptResult(run_id="r", prompt_id="p", prompt_text="t", category="c", backend="b", model="m",
                       simulated=False, status="partial", n_branches=2, serial_ms=100.0, parallel_ms=147.0,
                       merge_ms=None, decomposition_ms=None, speedup_low=0.68, speedup_high=0.68, timed_trials=1,
                       trials=3)
    assert fmt_spread(row) == "1/3 trials"


def test_every_format_shows_the_spread_trials_and_flags(filled_store: Store) -> None:
    """A prompt's median speedup comes with the range of its trials, how many were timed of those asked, and its
    flags, in every format; a flagged n-sweep point is never shown as a bare figure; parallel sampling is a
    speedup family of its own."""
    noisy = stability.Stability(trials=3, timed_trials=2, speedups=[1.8, 2.2], low=1.8, high=2.2,
                                flags=[stability.NOISY], reasons=["serial times varied 1.5x across 2 trials"])
    run = filled_store.get_run("t1")
    assert run is not None
    run.params = {**run.params, "stability": noisy.to_params()}
    run.trials, run.sampling_ms, run.sampling_speedup = 3, 40.0, 2.5
    filled_store.update_run(run)
    degenerate = filled_store.get_run("sweep-4")
    assert degenerate is not None
    degenerate.params = {**degenerate.params, "stability": stability.Stability(
        trials=1, timed_trials=1, flags=[stability.IDENTICAL], reasons=["3 of 4 branches repeat"]).to_params()}
    filled_store.update_run(degenerate)
    report = build_report(filled_store)

    line = "1.80–2.20 · 2/3 trials · noisy"
    assert line in render(report, "md") and line in render(report, "html")
    assert "4: 3.08× (identical branches)" in render(report, "md")
    assert "median of its run's per-trial speedups" in render(report, "md")
    rows = {row["run_id"]: row for row in csv.DictReader(io.StringIO(render(report, "csv")))}
    assert (rows["t1"]["speedup_low"], rows["t1"]["speedup_high"], rows["t1"]["timed_trials"], rows["t1"]["trials"],
            rows["t1"]["flags"]) == ("1.8", "2.2", "2", "3", "noisy")
    assert float(rows["t1"]["sampling_speedup"]) == pytest.approx(2.5)
    document = json.loads(render(report, "json"))
    [t1] = [row for row in document["rows"] if row["run_id"] == "t1"]
    assert (t1["speedup_low"], t1["speedup_high"], t1["timed_trials"], t1["flags"]) == (1.8, 2.2, 2, ["noisy"])
    assert [point["flags"] for point in document["sweeps"][0]["points"]] == [[], [], ["identical branches"]]
    assert document["overall"]["speedups"]["sampling"]["ratio_of_sums"] == pytest.approx(100 / 40)


def test_single_values_show_without_an_interval_and_empty_columns_go(report) -> None:
    from studio.reports.render import quality_table, speedup_table

    header, rows = quality_table(report)
    repeated = dict(zip(header, next(row for row in rows if row[0] == "Repeated Generation")))
    assert repeated["Cosine (mean [95% CI])"] == "0.800"  # one run: a value, not "0.800 [0.800, 0.800]"
    overall = dict(zip(header, rows[-1]))
    assert overall["Cosine (mean [95% CI])"].startswith("0.800 [")
    speedup_header, _ = speedup_table(report)
    assert not any(name.startswith("Ideal") for name in speedup_header)  # no run measured it
    prompt_header, prompt_rows = prompt_table(report)
    assert "Ideal" not in prompt_header
    assert all(any(row[i] != "—" for row in prompt_rows) for i in range(len(prompt_header)))
    assert {"Speedups from run", "Runs pooled"} <= set(prompt_header)


def test_html_prompt_table_scrolls_in_its_own_box_and_wraps_the_prompt(report) -> None:
    page = render(report, "html")
    section = page[page.index("<h2>Per-prompt results</h2>"):]
    assert section.split("\n")[1].startswith('<div class="wide"><table>')
    assert '<td class="text">' in section
    assert ".wide { overflow-x: auto;" in page and "td.text { min-width: 18em;" in page
