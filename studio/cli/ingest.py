"""`ppstudio ingest`: stream prompt files into the store (the work is done by `studio.ingest.ingest_paths`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from studio.cli.common import (
    DbOption, JsonOption, choices, console, err_console, interrupted_exit, open_store, print_json, safe,
)
from studio.presentation import counted

if TYPE_CHECKING:
    from studio.ingest import FileProgress, IngestSummary

SHOWN_ERRORS = 20
# studio.ingest.FORMAT_NAMES, named here so `--help` does not load pyarrow (tests/studio/cli/test_choices.py
# checks the two agree).
InputFormat = choices("InputFormat", ("auto", "lmsys", "wildchat", "arena", "sharegpt", "messages", "parallelprompt",
                                      "jsonl", "json", "csv", "text"))
FormatOption = Annotated[InputFormat, typer.Option(
    "--format", "-f", metavar="FORMAT", help=f"Input format: {', '.join(InputFormat)}. auto looks at each file "
                                             "(extension, Parquet magic at both ends, first bytes: a JSON array, "
                                             "JSON Lines or text; then the fields of its first record); gzip and "
                                             "zstd files are read as they are.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="Stop after reading N rows (good and bad) "
                                                 "over all files.")]
MaxRowOption = Annotated[int | None, typer.Option("--max-row-bytes", min=1024, help="Longest line, CSV row or JSON "
                                                  "array element accepted; longer ones are reported as bad rows. "
                                                  "Default 4 MiB.")]


class _ProgressBars:
    """One bar per file, advanced after every batch; bytes for line files, rows for Parquet."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[int, TaskID] = {}

    def __call__(self, update: FileProgress) -> None:
        task = self.tasks.get(update.index)
        if task is None:
            task = self.progress.add_task(safe(update.path), total=update.total, added=0, bad=0)
            self.tasks[update.index] = task
        self.progress.update(task, completed=update.done, total=update.total,
                             added=update.report.added, bad=update.report.bad_rows)


def _print_summary(summary: IngestSummary) -> None:
    tallies = [*summary.files, summary] if len(summary.files) > 1 else summary.files
    numbers = [[f"{item.read:,}", f"{item.added:,}", f"{item.duplicates:,}", f"{item.bad_rows:,}",
                f"{item.schemas:,}"] for item in tallies]
    table = Table(title="Ingest", show_edge=False)
    # On a narrow terminal names fold (shard names differ at their end) and numbers keep their width: none is cut.
    table.add_column("file", overflow="fold")
    table.add_column("format", overflow="fold")
    for index, header in enumerate(("read", "added", "duplicates", "bad rows", "new schemas")):
        table.add_column(header, justify="right", no_wrap=True,
                         min_width=max(len(header), *(len(row[index]) for row in numbers)))
    for report, row in zip(summary.files, numbers):
        table.add_row(safe(report.path), safe(report.format or "unreadable"), *row)
    if len(summary.files) > 1:
        table.add_row("[bold]total[/]", "", *numbers[-1])
    console.print(table)
    shown = [issue for issue in summary.errors if issue.location != "file"][:SHOWN_ERRORS]
    if shown:
        console.print(f"[yellow]{counted(summary.bad_rows, 'bad row')} skipped[/] (all recorded in the store):")
        for issue in shown:
            console.print(f"  {safe(issue.file)}:{safe(issue.location)}: {safe(issue.reason)}")
        if summary.bad_records > len(shown):
            console.print(f"  ... and {summary.bad_records - len(shown):,} more (see --json, or `ppstudio stats`)")


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files to ingest: LMSYS / WildChat / Chatbot Arena (JSONL or "
                                               "Parquet), ShareGPT or OpenAI `messages` chats (a JSON array, JSONL or "
                                               "Parquet), the ParallelPrompt release (CSV, JSONL or Parquet), JSONL "
                                               "with a `prompt` field, CSV with a `prompt` column, or text, one "
                                               "prompt per line.", show_default=False)],
    format_name: FormatOption = InputFormat.auto,
    limit: LimitOption = None,
    max_row_bytes: MaxRowOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stream prompts into the store: first user turn only, de-duplicated, with file:line of every bad row.

    Re-ingesting a file adds nothing; an interrupted ingest is completed by running the same command again.
    Exits 0 when good rows were read, 1 when a file is unreadable or no row was good (empty input too), 130 when
    interrupted.

    Examples:

      ppstudio ingest sample_data/prompts.jsonl

      ppstudio ingest --format lmsys --limit 100000 lmsys-chat-1m/*.parquet --json

      ppstudio ingest ShareGPT_V3_unfiltered_cleaned_split.json
    """
    from studio.ingest import ingest_paths  # pyarrow loads with the readers

    with open_store(db, create=True) as store:
        try:
            if as_json or not console.is_terminal:
                summary = ingest_paths(store, paths, format_name=format_name, limit=limit,
                                       max_row_bytes=max_row_bytes)
            else:
                columns = (TextColumn("{task.description}"), BarColumn(),
                           TextColumn("added {task.fields[added]:,}  bad {task.fields[bad]:,}"),
                           TimeRemainingColumn())
                with Progress(*columns, console=console, transient=False) as progress:
                    summary = ingest_paths(store, paths, format_name=format_name, limit=limit,
                                           max_row_bytes=max_row_bytes, progress=_ProgressBars(progress))
        except KeyboardInterrupt:  # each batch is one transaction: what was written stays, nothing is half written
            raise interrupted_exit("every finished batch is stored; run the same command again to complete the "
                                   "ingest (nothing is added twice)") from None
    if as_json:
        print_json(summary.to_json())
    else:
        _print_summary(summary)
    for report in summary.unreadable_files:
        err_console.print(f"[bold red]error:[/] {safe(report.unreadable)}")
    if summary.unreadable_files:
        raise typer.Exit(1)
    if summary.read and summary.bad_rows == summary.read:
        err_console.print("[bold red]error:[/] no row could be read; see the reasons above")
        raise typer.Exit(1)
    if not summary.read and limit != 0:
        err_console.print("[bold red]error:[/] the input holds no rows (empty files?)")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ingest")(ingest)
