"""Renderers: the same `Report` as Markdown, one self-contained HTML file, CSV or JSON.

Every piece of prompt or model text is untrusted and goes through `studio.untrusted`, the rule of its format:
HTML gets `html_text` (and a Content-Security-Policy that forbids scripts, in case anything ever slips through),
Markdown `markdown_text`, CSV `csv_table` (quoted, formulas defused), JSON `json_document`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.presentation import MISSING, clip, number, share, speedup, thousands, value_range
from studio.reports import charts
from studio.reports.model import (
    QUALITY_METRICS, SPEEDUP_KINDS, CategorySummary, Interval, PromptResult, Report, SpeedupFigure, WinTieLoss,
    metric_key,
)
from studio.untrusted import csv_table, html_text, json_document, markdown_text

FORMATS: tuple[str, ...] = ("md", "html", "csv", "json")
PROMPT_PREVIEW = 120
# The speedup columns of the paper view: ratio of sums only, as the paper reports them.
PAPER_SPEEDUPS: tuple[str, ...] = ("raw", "normalised", "e2e")
PAPER_QUALITY: tuple[str, ...] = ("similarity.cosine", "rouge.rougeL_f")
_SPEEDUP_LABELS = {kind: label for kind, label, _ in SPEEDUP_KINDS}
_SPEEDUP_FORMULAS = {kind: formula for kind, _, formula in SPEEDUP_KINDS}


# -- formatting ---------------------------------------------------------------------------------------------------
def fmt_interval(interval: Interval | None) -> str:
    """Mean [low, high]; a single value (no interval) is shown as itself."""
    if interval is None or interval.mean is None:
        return MISSING
    if interval.low is None or interval.high is None:
        return number(interval.mean)
    return f"{number(interval.mean)} [{number(interval.low)}, {number(interval.high)}]"


def fmt_wtl(counts: WinTieLoss) -> str:
    return f"{counts.win}/{counts.tie}/{counts.loss}" if counts.total else MISSING


def fmt_spread(row: PromptResult) -> str:
    """"1.10–1.31 · 3/3 trials · noisy": the range of the per-trial speedups whose median is shown, how many
    trials were timed of those asked, and the run's flags. One timed trial has no range ("1/3 trials"), as
    `ppstudio runs` and the studio show it."""
    spread: list[str] = []  # one timed trial: no range
    if row.timed_trials != 1:
        low, high = row.speedup_low, row.speedup_high
        spread = [value_range(low, high) if low is not None and high is not None else MISSING]
    timed = "?" if row.timed_trials is None else str(row.timed_trials)
    return " · ".join([*spread, f"{timed}/{row.trials} trials", *row.flags])


# -- table layouts shared by Markdown and HTML ----------------------------------------------------------------------
Table = tuple[list[str], list[list[str]]]  # header, rows of plain (unescaped) cell text


def _summaries(report: Report) -> list[CategorySummary]:
    return [*report.categories, report.overall] if report.categories else [report.overall]


def speedup_table(report: Report) -> Table:
    """Per category: every speedup family as ratio of sums and median of per-prompt ratios, each labelled (a family
    no run has is left out)."""
    header = ["Category", "Prompts", "Runs"]
    for kind, label, _ in SPEEDUP_KINDS:
        header += [f"{label} (ratio of sums)", f"{label} (median of ratios)"]
    header.append("Speedup (mean of ratios)")
    rows = []
    for summary in _summaries(report):
        row = [summary.category, str(summary.prompts), str(summary.runs)]
        for kind, _, _ in SPEEDUP_KINDS:
            figure = summary.speedups.get(kind, SpeedupFigure())
            row += [speedup(figure.ratio_of_sums), speedup(figure.median_of_ratios)]
        row.append(speedup(summary.speedups.get("raw", SpeedupFigure()).mean_of_ratios))
        rows.append(row)
    return without_empty_columns((header, rows))


def quality_table(report: Report) -> Table:
    """Per category: quality means with 95% bootstrap CIs, LLM-judge and human win/tie/loss, and their kappa
    (columns without a figure anywhere are left out)."""
    header = ["Category", *[f"{label} (mean [95% CI])" for _, label in report.quality_metrics],
              "LLM judge W/T/L", "Human W/T/L", "Cohen's κ (human vs LLM)"]
    rows = []
    for summary in _summaries(report):
        kappa = f"{summary.kappa:.2f} (n={summary.kappa_pairs})" if summary.kappa is not None else (
            f"— (n={summary.kappa_pairs})" if summary.kappa_pairs else "—")
        rows.append([summary.category, *[fmt_interval(summary.quality.get(key)) for key, _ in report.quality_metrics],
                     fmt_wtl(summary.llm_judge), fmt_wtl(summary.human), kappa])
    return without_empty_columns((header, rows))


def paper_table(report: Report) -> Table:
    """The paper view: raw, normalised and end-to-end speedups (ratio of sums), quality, judge and human win rates."""
    labels = dict(report.quality_metrics)
    quality = [key for key in PAPER_QUALITY if key in labels]
    header = ["Category", "Prompts", *[f"{_SPEEDUP_LABELS[kind]} (ratio of sums)" for kind in PAPER_SPEEDUPS],
              *[labels[key] for key in quality], "LLM judge win rate", "Human win rate"]
    rows = []
    for summary in _summaries(report):
        rows.append([summary.category, str(summary.prompts),
                     *[speedup(summary.speedups.get(kind, SpeedupFigure()).ratio_of_sums)
                       for kind in PAPER_SPEEDUPS],
                     *[fmt_interval(summary.quality.get(key)) for key in quality],
                     share(summary.llm_judge.win_rate), share(summary.human.win_rate)])
    return header, rows


def prompt_table(report: Report) -> Table:
    """One row per prompt, backend and model: speedups from the named run (the median over its trials, with their
    range, the trials timed and the run's flags), quality and judgements over all its runs (their count); columns
    empty in every row are left out."""
    header = ["Category", "Prompt", "Backend · model", "Branches", "Speedups from run", "Runs pooled", "Serial ms",
              "Parallel ms", "Speedup", "Range · trials · flags", "Normalised", "End-to-end", "Ideal",
              *[label for _, label in report.quality_metrics], "LLM judge", "Human"]
    rows = []
    for row in report.rows:
        backend = f"{row.backend} · {row.model}" + (" (simulated)" if row.simulated else "")
        rows.append([row.category, clip(row.prompt_text, PROMPT_PREVIEW), backend, str(row.n_branches),
                     row.run_id[:8],
                     str(row.runs), thousands(row.serial_ms), thousands(row.parallel_ms),
                     speedup(row.speedups.get("raw")), fmt_spread(row),
                     *[speedup(row.speedups.get(k)) for k in ("normalised", "e2e", "ideal")],
                     *[number(row.quality.get(key)) for key, _ in report.quality_metrics],
                     row.llm_judge or "—", row.human or "—"])
    return without_empty_columns((header, rows))


def without_empty_columns(table: Table) -> Table:
    """The table less the columns that hold "—" in every row (kept when there are no rows)."""
    header, rows = table
    keep = [index for index in range(len(header)) if not rows or any(row[index] != "—" for row in rows)]
    return [header[index] for index in keep], [[row[index] for index in keep] for row in rows]


def sweep_table(report: Report) -> Table:
    header = ["Category", "Prompt", "Backend · model", "n → speedup"]
    rows = [[curve.category, clip(curve.prompt_text, 80),
             f"{curve.backend} · {curve.model}" + (" (simulated)" if curve.simulated else ""),
             ", ".join(f"{point.n}: {speedup(point.speedup)}"
                       + (f" ({', '.join(point.flags)})" if point.flags else "") for point in curve.points)]
            for curve in report.sweeps]
    return header, rows


def ceiling_table(report: Report) -> Table:
    header = ["Backend", "Model", "Capacity ceiling", "Probed"]
    rows = [[ceiling.backend + (" (simulated)" if ceiling.simulated else ""), ceiling.model,
             speedup(ceiling.ceiling) if ceiling.ceiling is not None else "not probed (ppstudio probe)",
             ceiling.probed_at or "—"] for ceiling in report.ceilings]
    return header, rows


def _header_lines(report: Report) -> list[str]:
    """Plain-text facts shown under the title (escaped by each renderer)."""
    overall = report.overall
    return [
        f"Generated {report.generated_at} · selection: {report.where or 'all prompts'} · "
        f"parallel answer aggregation: {report.aggregation}",
        f"{overall.runs} runs over {overall.prompts} prompts"
        + (f", {overall.simulated_runs} SIMULATED" if overall.simulated_runs else ""),
        "Speedups: ratio of sums = " + _SPEEDUP_FORMULAS["raw"] + " over the runs (the ParallelPrompt suite's "
        "dataset figure); median of ratios = the median of per-prompt speedups. A prompt's speedup is the median "
        "of its run's per-trial speedups, shown with their range, the trials timed of those asked, and flags: noisy "
        "(times varied across trials, or a busy machine), identical branches, capped (fewer requests in flight than "
        "branches), serial cut (the serial answer stopped short of what the branches could write) and branch cut "
        "(a branch stopped at its budget where the serial answer finished). Speedups and timings come from "
        "each prompt's newest timed run; quality, LLM-judge and human figures pool every finished run of the prompt "
        f"({overall.pooled_runs} runs here). Quality: mean over the rows (one per prompt, backend and model: a prompt "
        "run on two backends counts twice) with a 95% bootstrap CI "
        f"(seed {report.bootstrap.get('seed')}; a single value has none). "
        "W/T/L = parallel answer preferred / tie / serial preferred; win rate = (wins + ½ ties) / judgements.",
    ]


# -- Markdown -------------------------------------------------------------------------------------------------------
def _md_table(table: Table) -> list[str]:
    header, rows = table
    lines = ["| " + " | ".join(markdown_text(cell) for cell in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(markdown_text(cell) for cell in row) + " |" for row in rows]
    return lines


def render_markdown(report: Report) -> str:
    lines = [f"# {markdown_text(report.title)}", ""]
    lines += [markdown_text(line) + "  " for line in _header_lines(report)]
    for note in report.notes:
        lines += ["", f"> **Note:** {markdown_text(note)}"]
    if report.paper:
        lines += ["", "## Per-category results (paper view)", "", *_md_table(paper_table(report))]
    else:
        lines += ["", "## Speedup by category", "", *_md_table(speedup_table(report)),
                  "", "## Quality by category", "", *_md_table(quality_table(report))]
    if report.ceilings:
        lines += ["", "## Backend capacity ceiling", "", *_md_table(ceiling_table(report))]
    if report.sweeps:
        lines += ["", "## n-sweep (repeated generation)", "", *_md_table(sweep_table(report))]
    if not report.paper:
        lines += ["", "## Per-prompt results", "", *_md_table(prompt_table(report))]
    return "\n".join(lines) + "\n"


# -- HTML -----------------------------------------------------------------------------------------------------------
_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1200px;
       padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } td:first-child, th:first-child, td.text { text-align: left; }
td.text { min-width: 18em; max-width: 32em; overflow-wrap: anywhere; white-space: normal; }
.wide { overflow-x: auto; max-width: 100%; border: 1px solid #ddd; margin: 0.6em 0; }
.wide table { margin: 0; }
.note { background: #fff6d6; border-left: 4px solid #e0b000; padding: 0.4em 0.8em; margin: 0.4em 0; }
.meta { color: #555; } .chart { max-width: 100%; height: auto; background: #fff; }
.tick { font-size: 10px; fill: #555; } .axis-label { font-size: 11px; fill: #333; }
.legend span { display: inline-block; margin-right: 1.2em; } .swatch { display: inline-block; width: 10px;
       height: 10px; margin-right: 4px; }
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _html_table(table: Table, text_columns: tuple[int, ...] = ()) -> str:
    header, rows = table
    head = "".join(f"<th>{html_text(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="text">{html_text(cell)}</td>' if index in text_columns
                         else f"<td>{html_text(cell)}</td>" for index, cell in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _charts(report: Report) -> list[str]:
    parts: list[str] = []
    bars = [charts.Bar(summary.category, summary.speedups["raw"].ratio_of_sums,
                       summary.speedups["raw"].median_of_ratios) for summary in report.categories]
    if bars:
        parts += ["<h3>Speedup by category</h3>",
                  '<p class="meta">Bars: ratio of sums (Σ serial ms / Σ parallel ms); dots: median of per-prompt '
                  "ratios; dashed line: 1× (no gain).</p>",
                  charts.bar_chart("Speedup by category", bars, y_label="speedup (×)", marker_label="median")]
    quality_key, quality_label = (report.quality_metrics[0] if report.quality_metrics else ("", ""))
    categories = [summary.category for summary in report.categories]
    points = [charts.Point(x=row.speedups["raw"], y=row.quality[quality_key],
                           label=f"{row.category}: {clip(row.prompt_text, 80)} — {speedup(row.speedups['raw'])}, "
                                 f"{quality_label} {row.quality[quality_key]:.3f}",
                           series=categories.index(row.category) if row.category in categories else 0,
                           hollow=row.simulated)
              for row in report.rows
              if row.speedups.get("raw") is not None and row.quality.get(quality_key) is not None]
    if points:
        parts += [f"<h3>Speedup vs {html_text(quality_label)}</h3>",
                  '<p class="meta">One point per prompt (hover for the prompt); hollow points are simulated runs.'
                  "</p>", charts.scatter_chart(f"Speedup vs {quality_label}", points, x_label="speedup (×)",
                                              y_label=quality_label), _legend(categories)]
    return parts


def _legend(labels: list[str]) -> str:
    items = "".join(f'<span><i class="swatch" style="background:{charts.PALETTE[index % len(charts.PALETTE)]}">'
                    f"</i>{html_text(label)}</span>" for index, label in enumerate(labels))
    return f'<p class="legend">{items}</p>'


def _sweep_chart(report: Report) -> list[str]:
    if not report.sweeps:
        return []
    series = [charts.Series(label=f"{curve.category}: {clip(curve.prompt_text, 60)}",
                            points=[(point.n, point.speedup) for point in curve.points if point.speedup is not None])
              for curve in report.sweeps]
    # The ceiling line only makes sense when every curve comes from the one backend it was probed on.
    swept = {(curve.backend, curve.model) for curve in report.sweeps}
    ceilings = [c.ceiling for c in report.ceilings if (c.backend, c.model) in swept and c.ceiling is not None]
    reference = ceilings[0] if len(swept) == 1 and ceilings else None
    return ["<h2>n-sweep (repeated generation)</h2>",
            '<p class="meta">Speedup against the number of branches n'
            + ("; dashed line: the backend's probed capacity ceiling" if reference else "") + ".</p>",
            charts.line_chart("Speedup vs n", series, x_label="n (branches)", y_label="speedup (×)",
                              reference=reference, reference_label="capacity ceiling"),
            _legend([s.label for s in series]), _html_table(sweep_table(report), text_columns=(1,))]


def render_html(report: Report) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html_text(report.title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{html_text(report.title)}</h1>"]
    parts += [f'<p class="meta">{html_text(line)}</p>' for line in _header_lines(report)]
    parts += [f'<p class="note">{html_text(note)}</p>' for note in report.notes]
    if report.paper:
        parts += ["<h2>Per-category results (paper view)</h2>", _html_table(paper_table(report))]
    else:
        parts += ["<h2>Speedup by category</h2>", _html_table(speedup_table(report)),
                  "<h2>Quality by category</h2>", _html_table(quality_table(report))]
    parts += ["<h2>Charts</h2>", *_charts(report)] if report.categories else []
    if report.ceilings:
        parts += ["<h2>Backend capacity ceiling</h2>", _html_table(ceiling_table(report))]
    parts += _sweep_chart(report)
    if not report.paper:
        # Many columns: the table scrolls sideways inside its own box, the prompt text wraps.
        parts += ["<h2>Per-prompt results</h2>",
                  f'<div class="wide">{_html_table(prompt_table(report), text_columns=(1,))}</div>']
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# -- CSV and JSON ---------------------------------------------------------------------------------------------------
# One shape per CSV file, the same columns whatever ran: a scorer that has no figure leaves its cells empty.
_QUALITY_KEYS: tuple[str, ...] = tuple(metric_key(scorer, name) for scorer, name, _ in QUALITY_METRICS)
PROMPT_CSV_COLUMNS: tuple[str, ...] = (
    "category", "prompt_id", "run_id", "backend", "model", "simulated", "status", "n_branches", "serial_ms",
    "parallel_ms", "merge_ms", "decomposition_ms", "speedup_low", "speedup_high", "timed_trials", "trials", "flags",
    *(f"{kind}_speedup" for kind, _, _ in SPEEDUP_KINDS), *_QUALITY_KEYS, "llm_judge", "human", "prompt_text")
CATEGORY_CSV_COLUMNS: tuple[str, ...] = (
    "category", "prompts", "runs", "simulated_runs",
    *(f"{kind}_{figure}" for kind, _, _ in SPEEDUP_KINDS
      for figure in ("ratio_of_sums", "median_of_ratios", "mean_of_ratios")),
    *(f"{key}{part}" for key in _QUALITY_KEYS for part in ("", "_ci_low", "_ci_high")),
    "llm_judge_win", "llm_judge_tie", "llm_judge_loss", "human_win", "human_tie", "human_loss", "kappa",
    "kappa_pairs")


def _category_record(summary: CategorySummary) -> dict[str, Any]:
    record: dict[str, Any] = {"category": summary.category, "prompts": summary.prompts, "runs": summary.runs,
                              "simulated_runs": summary.simulated_runs, "kappa": summary.kappa,
                              "kappa_pairs": summary.kappa_pairs}
    for kind, figure in summary.speedups.items():
        record.update({f"{kind}_ratio_of_sums": figure.ratio_of_sums, f"{kind}_median_of_ratios":
                       figure.median_of_ratios, f"{kind}_mean_of_ratios": figure.mean_of_ratios})
    for key in _QUALITY_KEYS:
        interval = summary.quality.get(key, Interval())
        record.update({key: interval.mean, f"{key}_ci_low": interval.low, f"{key}_ci_high": interval.high})
    for side, counts in (("llm_judge", summary.llm_judge), ("human", summary.human)):
        record.update({f"{side}_win": counts.win, f"{side}_tie": counts.tie, f"{side}_loss": counts.loss})
    return record


def _prompt_record(row: PromptResult) -> dict[str, Any]:
    record: dict[str, Any] = {
        "category": row.category, "prompt_id": row.prompt_id, "run_id": row.run_id, "backend": row.backend,
        "model": row.model, "simulated": row.simulated, "status": row.status, "n_branches": row.n_branches,
        "serial_ms": row.serial_ms, "parallel_ms": row.parallel_ms, "merge_ms": row.merge_ms,
        "decomposition_ms": row.decomposition_ms, "llm_judge": row.llm_judge, "human": row.human,
        "prompt_text": row.prompt_text, "speedup_low": row.speedup_low, "speedup_high": row.speedup_high,
        "timed_trials": row.timed_trials, "trials": row.trials, "flags": "; ".join(row.flags)}
    record.update({f"{kind}_speedup": value for kind, value in row.speedups.items()})
    record.update({key: row.quality.get(key) for key in _QUALITY_KEYS})
    return record


def render_csv(report: Report, level: str = "prompt") -> str:
    """`prompt`: one row per reported run (PROMPT_CSV_COLUMNS). `category`: one row per category, then the
    overall row, whose category is "All categories" (CATEGORY_CSV_COLUMNS)."""
    if level == "prompt":
        return csv_table(PROMPT_CSV_COLUMNS, (_prompt_record(row) for row in report.rows))
    if level == "category":
        return csv_table(CATEGORY_CSV_COLUMNS, (_category_record(summary) for summary in
                                                [*report.categories, report.overall]))
    raise ValueError(f"unknown CSV level {level!r}; choose one of {', '.join(CSV_LEVELS)}")


def render_json(report: Report) -> str:
    return json_document(report.to_json()) + "\n"


CSV_LEVELS: tuple[str, ...] = ("prompt", "category")
RENDERERS: dict[str, Callable[[Report], str]] = {"md": render_markdown, "html": render_html, "csv": render_csv,
                                                 "json": render_json}


def render(report: Report, fmt: str, *, csv_level: str = "prompt") -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return render_csv(report, csv_level) if fmt == "csv" else RENDERERS[fmt](report)
