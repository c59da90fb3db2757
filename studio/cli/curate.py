"""`ppstudio curate`: decompose prompts into schemas (rules, LLM or both), evaluate on a gold file, or audit the
released schemas. Thin: flags are parsed here, the work is in `studio.curation`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from store.filters import WHERE_HELP, FilterError, parse_where
from studio.backends import BackendError
from studio.backends.base import Endpoint
from studio.cli.common import (
    ApiKeyEnvOption, BackendOption, BaseUrlOption, DbOption, JsonOption, ModelOption, choices, console, err_console,
    fail, interrupted_exit, open_store, print_json, resolve_where_ids, safe, settings_for,
)
from studio.presentation import counted, figure_table, number, seconds

if TYPE_CHECKING:
    from studio.curation.pipeline import CurationSummary

# The keys of studio.curation.pipeline.EXTRACTOR_CHOICES (imported only when curating: the rule extractor's
# patterns take a while to compile; tests/studio/cli/test_curate_cli.py checks the two agree).
Extractor = choices("Extractor", ("rules", "llm", "both"))
ExtractorOption = Annotated[Extractor | None, typer.Option(
    "--extractor", help="rules (offline, deterministic; the default), llm (any OpenAI-compatible endpoint or the "
                        "embedded engine) or both. With --compare: which of ours to compare (default: both).")]
ConcurrencyOption = Annotated[int, typer.Option("--concurrency", min=1, help="LLM requests in flight at once.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=0, help="Curate at most N new prompts per "
                                                 "extractor (already curated prompts are skipped, not counted).")]
RetryErrorsOption = Annotated[bool, typer.Option("--retry-errors", help="Also redo prompts whose earlier schema "
                                                 "from this extractor version recorded an error.")]
WhereOption = Annotated[str | None, typer.Option("--where", help=WHERE_HELP)]
EvalOption = Annotated[list[Path] | None, typer.Option(
    "--eval", exists=True, dir_okay=False, readable=True, metavar="GOLD.jsonl",
    help="Evaluate the extractor + validator on a gold file (one JSON object per line: prompt, parallelizable, "
         "category, data, n, context, language) without touching the store. Repeat it to pool several files "
         "(figures over all of them, each file's own under per_file).")]
PrevalenceOption = Annotated[float | None, typer.Option(
    "--prevalence", metavar="SHARE",
    help="With --eval: also print each cut's precision on a log where this share of prompts (0-1, exclusive) is "
         "parallelizable, from the measured recall and false-positive rate (precision depends on that share; a "
         "gold file's own share is rarely the log's).")]
# The acceptance cuts of studio.curation.tiers that may be accepted ("all" would accept rejected schemas).
AcceptCut = choices("AcceptCut", ("high", "high+medium"))
AcceptTierOption = Annotated[AcceptCut | None, typer.Option(
    "--accept-tier", help="After curating, accept (triage) every unreviewed prompt whose schema is in this cut: high "
                          "is the tier meant to skip a person (precision measured by --eval's per_tier); "
                          "high+medium accepts what would otherwise go to triage.")]
CompareOption = Annotated[str | None, typer.Option(
    "--compare", metavar="REFERENCE", help="Print agreement of our schemas with another extractor's, e.g. "
                                           "parallelprompt-release (the imported release).")]


@contextlib.contextmanager
def _llm_endpoint(db: str | None, concurrency: int, **backend_flags: Any) -> Iterator[Endpoint]:
    """The endpoint the LLM extractor talks to: --base-url, or the embedded engine (or simulator) for this run."""
    from studio.backends import open_endpoint

    settings = settings_for(db, **backend_flags)
    with open_endpoint(settings.backend, min_slots=concurrency) as endpoint:
        yield endpoint


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar fed by the pipeline's (extractor, done, total) callback; nothing off a terminal."""
    if not enabled:
        yield None
        return
    tasks: dict[str, Any] = {}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        def update(extractor: str, done: int, total: int) -> None:
            if extractor not in tasks:
                tasks[extractor] = progress.add_task(f"curate ({extractor})", total=total)
            progress.update(tasks[extractor], completed=done)
        yield update


def _print_summary(summary: CurationSummary, endpoint: Endpoint | None) -> None:
    via = f" via {safe(endpoint.label)} ({safe(endpoint.model)})" if endpoint else ""
    curated = counted(sum(summary.curated.values()), "prompt")
    console.print(f"[bold]curated[/] {curated}{via} in {seconds(summary.elapsed_s)}; scanned {summary.scanned}")
    per = Table("extractor", "curated", "skipped (done before)", "errors", title="by extractor")
    for name in summary.extractors:
        per.add_row(name, str(summary.curated[name]), str(summary.skipped[name]), str(summary.errors[name]))
    console.print(per)
    tiers = Table("tier", "schemas", title="by tier (low = rejected)")
    for tier, count in summary.by_tier.most_common():
        tiers.add_row(safe(tier), str(count))
    console.print(tiers)
    if summary.by_category:
        categories = Table("category", "proposed", title="proposed (high + medium tiers, before triage) by category")
        for category, count in summary.by_category.most_common():
            categories.add_row(safe(category), str(count))
        console.print(categories)
    for reason, count in summary.error_reasons.most_common():
        console.print(f"[red]{count} failed:[/] {safe(reason)}")
    for reason, count in summary.retried.most_common():
        console.print(f"[yellow]{count} retried:[/] {safe(reason)}")
    if summary.release_validated:
        console.print(f"validated {summary.release_validated} imported release schema(s) that had no tier")


def _run_curation(names: tuple[str, ...], db: str | None, concurrency: int, limit: int | None, where_text: str | None,
                  retry_errors: bool, as_json: bool, backend_flags: dict[str, Any], accept_tier: str | None) -> None:
    from studio.curation.pipeline import curate_store

    where = parse_where(where_text)
    with open_store(db) as store, contextlib.ExitStack() as stack:
        where = resolve_where_ids(store, where)
        endpoint = stack.enter_context(_llm_endpoint(db, concurrency, **backend_flags)) if "llm" in names else None
        progress = stack.enter_context(_progress_bar(console.is_terminal and not as_json))
        try:
            summary = curate_store(store, names, endpoint=endpoint, concurrency=concurrency, limit=limit, where=where,
                                   progress=progress, retry_errors=retry_errors, settings=settings_for(db).curate)
        except KeyboardInterrupt:  # schemas are written as they land (rules: per batch), none half written
            raise interrupted_exit("every schema written so far is stored; run the same command again to continue "
                                   "(curated prompts are skipped)") from None
        accepted = None
        if accept_tier is not None:
            from studio.triage import accept_cut

            accepted = accept_cut(store, accept_tier, where=where)
    if as_json:
        document = summary.to_json()
        if accepted is not None:
            document["auto_accepted"] = {"cut": accept_tier, "prompts": accepted}
        if endpoint is not None:
            document["endpoint"] = {"label": endpoint.label, "model": endpoint.model,
                                    "simulated": endpoint.simulated}
        print_json(document)
    else:
        _print_summary(summary, endpoint)
        if accepted is not None:
            among = " among the prompts --where selects" if where_text else ""
            console.print(f"accepted {counted(accepted, 'unreviewed prompt')}{among} whose schema is in the "
                          f"{accept_tier} cut")


def _run_eval(name: str, gold: list[Path], db: str | None, concurrency: int, as_json: bool,
              backend_flags: dict[str, Any], prevalence: float | None = None) -> None:
    from studio.curation.evaluate import evaluate_gold, evaluate_gold_llm, render_gold_report

    if name == "rules":
        from studio.curation.rules import extract_rules

        report = evaluate_gold(gold, lambda text, language: extract_rules(text, language=language))
    else:
        with (_llm_endpoint(db, concurrency, **backend_flags) as endpoint,
              _progress_bar(console.is_terminal and not as_json) as progress):
            report = evaluate_gold_llm(gold, endpoint, concurrency=concurrency, progress=progress)
    report.prevalence = prevalence
    if as_json:
        print_json(report.to_json())
        if report.notes:  # (the table says so without --json)
            otherwise, left_out = report.noted_lines()
            first = report.notes[0]
            err_console.print(f"[yellow]warning:[/] {counted(otherwise, 'gold line')} read otherwise than "
                              f"written, {left_out} left out (gold_notes); first: "
                              f"{safe(f'{first.file}:{first.line}: {first.message}')}", soft_wrap=True)
    else:
        console.print(render_gold_report(report))


def _run_compare(reference: str, names: tuple[str, ...], db: str | None, where_text: str | None,
                 as_json: bool) -> None:
    from studio.curation.compare import agreement_json, compare_with_reference, decision_agreement
    from studio.curation.evaluate import render_gold_report

    where = parse_where(where_text)
    with open_store(db) as store:
        reports = compare_with_reference(store, names, reference=reference, where=resolve_where_ids(store, where))
    if as_json:
        print_json({"reference": reference,
                    "extractors": {name: agreement_json(report) for name, report in reports.items()}})
        return
    columns = [("decision_agreement", "decision agree"), ("precision", "precision"), ("recall", "recall"),
               ("category_accuracy", "category acc."), ("data_f1", "data F1"), ("n_accuracy", "n acc.")]
    if any(report.overall.context_cases for report in reports.values()):  # (the reference gave a context)
        columns.append(("context_in_branch", "context in branch"))
    rows = []
    for name, report in reports.items():
        figures = {**report.overall.to_json(), "decision_agreement": decision_agreement(report)}
        rows.append((safe(name), str(report.overall.count), *(number(figures[key]) for key, _ in columns)))
    console.print(figure_table(f"agreement with {safe(reference)} (the reference is scored as gold)",
                               ["extractor", "prompts", *(header for _, header in columns)], rows))
    for name, report in reports.items():
        if report.overall.count:
            console.print(f"\n[bold]{safe(name)}[/] against {safe(reference)}:")
            console.print(render_gold_report(report))
    if not any(report.overall.count for report in reports.values()):
        console.print(f"no prompt has schemas from both {safe(reference)} and {', '.join(names)}: import the "
                      "release with `ppstudio ingest` and curate first")


def register(app: typer.Typer) -> None:
    """Add `ppstudio curate`."""

    @app.command("curate")
    def curate(extractor: ExtractorOption = None, base_url: BaseUrlOption = None, model: ModelOption = None,
               api_key_env: ApiKeyEnvOption = None, backend: BackendOption = None, concurrency: ConcurrencyOption = 4,
               limit: LimitOption = None, where: WhereOption = None, retry_errors: RetryErrorsOption = False,
               eval_path: EvalOption = None, prevalence: PrevalenceOption = None,
               accept_tier: AcceptTierOption = None,
               compare: CompareOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
        """Find the parallel structure in prompts and store it as schemas (resumable; every schema is validated).

        Examples:

          ppstudio curate   (the rule extractor, offline)

          ppstudio curate --extractor llm --base-url http://127.0.0.1:8000/v1 --model M

          ppstudio curate --accept-tier high   (accept what the high tier proposes, without a person)

          ppstudio curate --eval sample_data/dev.jsonl --json

          ppstudio curate --eval sample_data/heldout.jsonl --eval sample_data/gold.jsonl   (pooled)

          ppstudio curate --eval sample_data/dev.jsonl --prevalence 0.1   (precision where 1 prompt in 10 is parallel)

          ppstudio curate --compare parallelprompt-release
        """
        from studio.curation.pipeline import EXTRACTOR_CHOICES

        if eval_path and compare is not None:
            raise fail("--eval and --compare are separate jobs; give one of them")
        if prevalence is not None and not (eval_path and 0 < prevalence < 1):
            raise fail("--prevalence goes with --eval and is a share between 0 and 1 (exclusive), e.g. 0.1")
        backend_flags = {"base_url": base_url, "model": model, "api_key_env": api_key_env, "backend": backend}
        job = "--compare" if compare is not None else "--eval" if eval_path else None
        curation_only = {"--limit": limit is not None, "--retry-errors": retry_errors,
                         "--accept-tier": accept_tier is not None, "--where": bool(eval_path and where)}
        if job and (ignored := [flag for flag, given in curation_only.items() if given]):
            raise fail(f"{', '.join(ignored)} would be ignored: {job} curates nothing (give them without {job})",
                       code=2)
        try:
            if compare is not None:
                _run_compare(compare, EXTRACTOR_CHOICES[extractor or "both"], db, where, as_json)
            elif eval_path:
                if extractor == "both":
                    raise fail("--eval takes one extractor: rules or llm")
                _run_eval(extractor or "rules", eval_path, db, concurrency, as_json, backend_flags, prevalence)
            else:
                _run_curation(EXTRACTOR_CHOICES[extractor or "rules"], db, concurrency, limit, where, retry_errors,
                              as_json, backend_flags, accept_tier)
        except FilterError as exc:  # a --where that names no filter is a usage error, as in every command
            raise fail(str(exc), code=2) from exc
        except (ValueError, BackendError) as exc:
            raise fail(str(exc)) from exc
