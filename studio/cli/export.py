"""`ppstudio export`: store tables as JSON Lines, CSV or Parquet, or the ParallelPrompt release's columns."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from store import EXPORT_TABLES
from store.filters import WHERE_HELP, FilterError, parse_where
from studio.cli.common import (
    DbOption, IdError, choices, err_console, fail, given_on_command_line, open_store, resolve_where_ids, safe,
)

# studio.export.FORMATS, named here so `--help` does not load the writers (tests/studio/cli/test_choices.py
# checks the two agree).
ExportFormat = choices("ExportFormat", ("jsonl", "csv", "parquet", "parallelprompt"))
ExportTable = choices("ExportTable", (*EXPORT_TABLES, "all"))


def register(app: typer.Typer) -> None:
    """Add `export`."""

    @app.command("export")
    def export_command(
        ctx: typer.Context,
        table: Annotated[ExportTable, typer.Argument(help="Which table; all writes one file per table into the "
                                                          "--out folder. Not with --format parallelprompt.")]
        = ExportTable.all,
        fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv or parquet (typed columns, see "
                                                                   "docs/export.md); parallelprompt writes the "
                                                                   "release's columns, as Parquet, CSV or JSON Lines "
                                                                   "by the --out extension. Default: one "
                                                                   "table's --out extension (.jsonl, .csv, "
                                                                   ".parquet), else jsonl.",
                                                  show_default=False)] = ExportFormat.jsonl,
        out: Annotated[Path | None, typer.Option("--out", help="File to write (a folder for all tables); without "
                                                 "it (or with `-`) one table goes to stdout as JSON Lines or "
                                                 "CSV.")] = None,
        where: Annotated[str | None, typer.Option("--where", help=WHERE_HELP)] = None,
        db: DbOption = None,
    ) -> None:
        """Export prompts, schemas, runs, requests and scores for DuckDB, pandas, spreadsheets or another store.

        Rows follow the prompts --where selects (runs, requests and scores of those prompts). --format
        parallelprompt writes each prompt with its best schema in the ParallelPrompt release's columns;
        `ppstudio ingest` reads that file back into the same prompts and schemas.

        Examples:

          ppstudio export runs --format parquet --out runs.parquet

          ppstudio export --format parquet --out export/

          ppstudio export --format parallelprompt --where tier=high --out release.parquet

          ppstudio export prompts --format csv --where language=de > prompts-de.csv
        """
        from studio.export import ExportError, export_release, export_table, format_of_out

        try:
            selection = parse_where(where)
        except FilterError as exc:
            raise fail(str(exc), code=2) from exc
        if out is not None and str(out) == "-":  # the usual spelling of stdout, not a file named "-"
            out = None
        if out is not None and table != "all" and not given_on_command_line(ctx, "fmt"):  # `--out runs.parquet`
            fmt = ExportFormat(format_of_out(out))
        if fmt == "parallelprompt" and table != "all":
            raise fail("--format parallelprompt writes prompts with their schemas; give no table", code=2)
        if fmt != "parallelprompt" and table == "all" and out is None:
            raise fail("exporting every table needs --out FOLDER (or name one table to print it)", code=2)
        with open_store(db) as store:
            try:
                selection = resolve_where_ids(store, selection)
            except IdError as exc:
                raise fail(str(exc)) from exc
            try:
                if fmt == "parallelprompt":
                    result = export_release(store, out, selection)
                    note = f" ({result.skipped} prompts without a schema left out)" if result.skipped else ""
                    written = [(f"{result.rows} prompts{note}", out)]
                elif table == "all":
                    assert out is not None
                    written = [(f"{export_table(store, name, fmt, out / f'{name}.{fmt}', selection).rows} {name}",
                                out / f"{name}.{fmt}") for name in EXPORT_TABLES]
                else:
                    written = [(f"{export_table(store, table, fmt, out, selection).rows} {table}", out)]
            except ExportError as exc:
                raise fail(str(exc), code=2) from exc
            except BrokenPipeError:  # `ppstudio export runs | head`: the reader has what it wanted
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
                raise typer.Exit(0) from None
            except OSError as exc:
                raise fail(f"cannot write the export: {exc}") from exc
        for what, path in written:  # on stderr: stdout may be the export itself
            err_console.print(f"exported {safe(what)}" + (f" to {safe(path)}" if path is not None else ""))
