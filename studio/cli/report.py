"""`ppstudio report`: the comparison report (per-category table, per-prompt rows, charts) as md, html, csv or json."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from store.filters import WHERE_HELP, FilterError, parse_where
from studio.cli.common import (
    Aggregation, DbOption, IdError, choices, console, fail, given_on_command_line, open_store, resolve_where_ids, safe,
)
from studio.reports import FORMATS, build_report, render
from studio.reports.render import CSV_LEVELS
from studio.scoring import ScoringError
from studio.outputs import write_text_whole
from studio.untrusted import terminal_document

ReportFormat = choices("ReportFormat", FORMATS)
# --out's extension names the format when --format is not given, so `--out report.html` is HTML, not Markdown
_FORMAT_OF_SUFFIX = {".md": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}
CsvLevel = choices("CsvLevel", CSV_LEVELS)


def register(app: typer.Typer) -> None:
    """Add `report`."""

    @app.command("report")
    def report_command(
        ctx: typer.Context,
        fmt: Annotated[ReportFormat, typer.Option("--format", help="html is one self-contained file with charts "
                                                                   "(opens offline). Default: by the --out "
                                                                   "extension (.md, .html, .csv, .json), else md.",
                                                  show_default=False)] = ReportFormat.md,
        out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.", dir_okay=False)] = None,
        where: Annotated[str | None, typer.Option("--where", help=WHERE_HELP)] = None,
        paper: Annotated[bool, typer.Option("--paper", help="The paper view: raw, normalised and end-to-end "
                                                            "speedups (ratio of sums), quality, judge and human "
                                                            "win rates, n-sweep chart.")] = False,
        aggregation: Annotated[Aggregation, typer.Option("--aggregation", help="Quality figures of the concat or "
                                                                               "the merge parallel answer.")]
        = Aggregation.concat,
        csv_level: Annotated[CsvLevel, typer.Option("--csv-level", help="CSV only: one row per reported run "
                                                    "(prompt) or per category plus the overall row (category). "
                                                    "Columns are the same whatever ran.")] = CsvLevel.prompt,
        db: DbOption = None,
    ) -> None:
        """Report speedups (ratio of sums and median of per-prompt ratios, labelled) and quality per category.

        Examples:

          ppstudio report --format html --out reports/report.html --paper

          ppstudio report --format csv --csv-level category --where language=en --out by-category.csv
        """
        if out is not None and not given_on_command_line(ctx, "fmt"):
            fmt = ReportFormat(_FORMAT_OF_SUFFIX.get(out.suffix.lower(), fmt))
        if fmt != ReportFormat.csv and given_on_command_line(ctx, "csv_level"):
            raise fail(f"--csv-level shapes CSV reports only; this one is {fmt.value} (add --format csv)", code=2)
        try:
            selection = parse_where(where)
        except FilterError as exc:
            raise fail(str(exc), code=2) from exc
        with open_store(db) as store:
            try:
                report = build_report(store, resolve_where_ids(store, selection), where_text=where or "",
                                      aggregation=aggregation, paper=paper)
            except (IdError, ScoringError) as exc:
                raise fail(str(exc)) from exc
        text = render(report, fmt, csv_level=csv_level)
        if out is None:  # a terminal, or a pipe that may end in one: nothing it would obey
            typer.echo(terminal_document(text), nl=False)
            return
        write_text_whole(out, text)
        console.print(f"wrote {safe(fmt)} report of {report.overall.runs} runs to {safe(out)}")
