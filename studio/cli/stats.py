"""`ppstudio stats`: what the store holds (sources, languages, triage) and what curation made of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Annotated

import typer
from rich.columns import Columns
from rich.table import Table

from store.stats import Count, CurationStats, ExtractorCount, PromptStats
from studio.cli.common import DbOption, JsonOption, console, open_store, print_json, safe

MISSING = "—"


def _share(count: int, total: int) -> str:
    return f"{100.0 * count / total:.1f}%" if total else ""


def _number_column(table: Table, header: str, values: Sequence[str]) -> None:
    """A right-aligned column as wide as its widest number, which Rich then never shrinks (so never cuts)."""
    table.add_column(header, justify="right", no_wrap=True, min_width=max(map(len, [header, *values])))


def count_table(title: str, counts: Sequence[Count], total: int, *, missing: str = MISSING) -> Table:
    """Text wraps on a narrow terminal; numbers keep their width."""
    table = Table(title=title, show_edge=False, title_justify="left")
    table.add_column("value", overflow="fold")
    numbers = [(f"{item.count:,}", _share(item.count, total)) for item in counts]
    _number_column(table, "count", [count for count, _ in numbers])
    _number_column(table, "share", [share for _, share in numbers])
    for item, (count, share) in zip(counts, numbers):
        table.add_row(safe(item.key) if item.key is not None else missing, count, share)
    return table


def extractor_table(title: str, counts: Sequence[ExtractorCount], column: str, *,
                    missing: str = MISSING) -> Table:
    table = Table(title=title, show_edge=False, title_justify="left")
    table.add_column("extractor", overflow="fold")
    table.add_column(column, overflow="fold")
    numbers = [f"{item.count:,}" for item in counts]
    _number_column(table, "schemas", numbers)
    for item, count in zip(counts, numbers):
        table.add_row(safe(item.extractor), safe(item.key) if item.key is not None else missing, count)
    return table


def _print_prompt_stats(stats: PromptStats) -> None:
    console.print(f"[bold]{stats.prompts:,} prompts[/], {stats.ingest_errors:,} bad input rows recorded")
    total = stats.prompts
    console.print(Columns([
        count_table("Source", stats.by_source, total),
        count_table("Language", stats.by_language, total, missing="unknown"),
        count_table("Triage", stats.by_triage, total),
        count_table("Category (best schema)", stats.by_category, total, missing="not curated / none"),
        count_table("Tier (best schema)", stats.by_tier, total, missing="not validated"),
    ], padding=(1, 4)))
    if stats.ingest_errors_by_file:
        console.print(count_table("Bad input rows by file", stats.ingest_errors_by_file, stats.ingest_errors))


def _print_curation_stats(stats: CurationStats, extractor: str | None, extractors: Sequence[str]) -> None:
    """`extractors`: when `extractor` selected no schema, the labels (name@version) of those that made some, so
    the message tells a wrong name from an empty store."""
    if not stats.schemas and extractors:
        names = ", ".join(safe(label) for label in extractors)
        console.print(f"No schemas by extractor {safe(repr(extractor))}; the store has schemas by {names} (give the "
                      "name before the @).")
        return
    if not stats.schemas:
        console.print("No schemas yet: run `ppstudio curate` (or ingest the ParallelPrompt release).")
        return
    console.print(f"\n[bold]{stats.schemas:,} schemas[/]")
    console.print(Columns([
        count_table("Extractor", stats.by_extractor, stats.schemas),
        extractor_table("Parallelizable", stats.parallelizable, "parallelizable"),
        extractor_table("Validation tier", stats.tiers, "tier", missing="not validated"),
        extractor_table("Dependency flag", stats.dependency, "dependency"),
    ], padding=(1, 4)))
    console.print(extractor_table("Categories (parallelizable schemas)", stats.categories, "category"))
    for title, counts, column in (("Novel categories", stats.novel_categories, "category"),
                                  ("Why schemas were rejected (low tier)", stats.failure_reasons, "reason"),
                                  ("Extraction errors", stats.errors, "error")):
        if counts:
            console.print(extractor_table(title, counts, column))


def stats(
    db: DbOption = None,
    as_json: JsonOption = False,
    extractor: Annotated[str | None, typer.Option("--extractor", help="Curation statistics of this extractor only "
                                                  "(e.g. rules, llm, parallelprompt-release).")] = None,
) -> None:
    """Counts by source, language, category, tier and triage status, then curation statistics per extractor.

    Curation statistics: categories, tiers, novel categories, dependency flags and why schemas were rejected.

    Examples:

      ppstudio stats --db reports/demo.db

      ppstudio stats --extractor rules --json
    """
    with open_store(db) as store:
        prompt_stats = store.prompt_stats()
        curation_stats = store.curation_stats(extractor)
        none_by_it = bool(extractor) and not curation_stats.schemas and not as_json
        extractors = [str(count.key) for count in store.curation_stats().by_extractor] if none_by_it else []
    if as_json:
        print_json({"prompts": asdict(prompt_stats), "curation": asdict(curation_stats)})
        return
    _print_prompt_stats(prompt_stats)
    _print_curation_stats(curation_stats, extractor, extractors)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("stats")(stats)
