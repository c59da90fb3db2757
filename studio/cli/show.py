"""`ppstudio show`: one prompt as the store holds it (text, every schema with its tier and reasons, the triage
decision, the runs), so a prompt can be checked from a terminal or a script without opening the studio."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from store import Reason, Schema
from studio.cli.common import DbOption, IdError, JsonOption, console, fail, open_store, print_json, resolve_ids, safe
from studio.cli.run import print_runs_table, run_document
from studio.presentation import MISSING, clip, counted

RUNS_SHOWN = 20  # newest first; `ppstudio runs --prompt ID` lists them all
_ITEM_WIDTH = 100  # each data item on one line, cut to this


def _print_schema(schema: Schema, best: bool, refused: list[Reason]) -> None:
    """One schema: a heading line, then a two-column table; every text in it is the prompt's (or an extractor's
    reading of it). `refused`: why the rules read none of the prompt's counts as a request (`refused_counts`)."""
    heading = safe(f"schema {schema.id}: {schema.extractor} {schema.extractor_version}")
    console.print(f"[bold]{heading}[/]" + (" (used by runs and views)" if best else ""))
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 1))
    table.add_column("field", style="dim", no_wrap=True)
    table.add_column("value", overflow="fold")
    kind = (f"parallelizable, {schema.branch_count} branches" if schema.parallelizable else "not parallelizable")
    rows: list[tuple[str, str]] = [("decision", kind), ("tier", schema.tier or "not validated"),
                                   ("category", schema.category or MISSING), ("dependency", schema.dependency)]
    if schema.model:
        rows.append(("model", schema.model))
    if schema.template is not None:
        rows.append(("template", schema.template))
    if schema.context is not None:
        rows.append(("context", clip(schema.context, _ITEM_WIDTH * 3)))
    if schema.data is not None:
        rows.extend((f"data {index}", clip(item, _ITEM_WIDTH)) for index, item in enumerate(schema.data, 1))
    if schema.n is not None:
        rows.append(("n", str(schema.n)))
    rows.extend(("reason", f"{reason.rule}: {reason.message}") for reason in schema.reasons)
    rows.extend(("refused count", f"{reason.rule}: {reason.message}") for reason in refused)
    if schema.error:
        rows.append(("error", schema.error))
    for name, value in rows:
        table.add_row(name, safe(value))
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("show")
    def show_command(
        prompt: Annotated[str, typer.Argument(help="A prompt id (or its first 6+ characters).", show_default=False)],
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Show one prompt: its text, every schema (the one runs use first, with tier and reasons), its triage and
        its newest runs.

        Examples:

          ppstudio show 3f2a9c

          ppstudio show 3f2a9c1b0d4e5f60 --json
        """
        # (here, not at the top: the rules take ~0.3 s to import, which every `ppstudio` start paid there)
        from studio.curation.rules import refused_counts

        with open_store(db) as store:
            try:
                prompt_id = resolve_ids(store, "prompts", [prompt])[0]
            except IdError as exc:
                raise fail(str(exc)) from None
            found = store.get_prompt(prompt_id)
            assert found is not None  # resolve_ids found it
            best = store.best_schema(prompt_id)
            schemas = store.schemas_for(prompt_id)
            triage = store.get_triage(prompt_id)
            runs = store.list_runs(prompt_id=prompt_id, limit=RUNS_SHOWN)
        best_id = best.id if best else None
        schemas.sort(key=lambda schema: schema.id != best_id)  # stable: the store's order after the best
        if as_json:
            document: dict[str, Any] = {"prompt": asdict(found), "best_schema_id": best_id,
                                        "schemas": [{**asdict(schema), "refused_counts": [
                                            reason.to_json() for reason in refused_counts(schema, found.text,
                                                                                          found.language)]}
                                                    for schema in schemas],
                                        "triage": asdict(triage) if triage else None,
                                        "runs": [run_document(run) for run in runs]}
            print_json(document)
            return
        where = ":".join(part for part in (found.source_file, found.source_row) if part)  # as ingest errors read
        console.print(f"[bold]prompt {safe(found.id)}[/]  source {safe(found.source)}"
                      + (f" ({safe(where)})" if where else "")
                      + f", language {safe(found.language or 'unknown')}, {len(found.text):,} characters")
        console.print(safe(found.text), soft_wrap=True, highlight=False)
        console.print()
        if not schemas:
            console.print("no schema yet (`ppstudio curate` proposes one)")
        for schema in schemas:
            _print_schema(schema, schema.id == best_id, refused_counts(schema, found.text, found.language))
            console.print()
        status = triage.status if triage else "unreviewed"
        console.print(f"triage: {safe(status)}" + (f" ({safe(triage.note)})" if triage and triage.note else ""))
        if runs:
            print_runs_table(runs, f"{counted(len(runs), 'newest run')} of this prompt")
        else:
            console.print("no runs yet (`ppstudio run --prompt ID` makes one)")
