"""`ppstudio score`: score finished runs (similarity, ROUGE, structure, LLM judge) and store the figures."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from evaluators.embedding import PRECISIONS
from studio.backends import BackendError
from studio.cli.common import (
    Aggregation, ApiKeyEnvOption, BackendOption, BaseUrlOption, DbOption, IdError, JsonOption, ModelOption, choices,
    console, fail, interrupted_exit, open_store, print_json, resolve_ids, safe, settings_for,
)
from studio.presentation import counted
from studio.scoring import (
    SCORER_NAMES, ScoringError, ScoringSummary, check_precision, open_scorers, parse_scorer_names, score_runs,
    scorable_runs,
)

Precision = choices("Precision", PRECISIONS)


@contextlib.contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar over (run, scorer) pairs on a terminal; nothing otherwise."""
    if not enabled or total == 0:
        yield None
        return
    columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("scoring", total=total)
        yield lambda done: progress.advance(task, done)


def _print_summary(summary: ScoringSummary) -> None:
    table = Table("scorer", "scored", "failed (tried again next time)", "already scored (cached)",
                  title=f"aggregation: {summary.aggregation}")
    for name, count in summary.scored.items():
        table.add_row(safe(name), str(count), str(summary.failed.get(name, 0)), str(summary.cached.get(name, 0)))
    console.print(table)
    for name, why in summary.failure_reasons.items():
        console.print(f"[yellow]{safe(name)} failed[/] on {counted(summary.failed[name], 'run')}, e.g.: {safe(why)}")
    for run_id, why in summary.unscorable.items():
        console.print(f"[yellow]not scored[/] {safe(run_id)}: {safe(why)}")


def register(app: typer.Typer) -> None:
    """Add `score`."""

    @app.command("score")
    def score_command(
        run: Annotated[list[str] | None, typer.Option(
            "--run", help="Run id, or its first 6+ characters, to score (repeatable).")] = None,
        all_runs: Annotated[bool, typer.Option("--all", help="Score every finished run.")] = False,
        scorers: Annotated[str | None, typer.Option(
            "--scorers", help=f"Comma-separated, from {', '.join(SCORER_NAMES)} (default: the offline three; "
                              "judge asks an LLM).")] = None,
        aggregation: Annotated[Aggregation, typer.Option(
            "--aggregation", help="Which parallel answer to score: concat (branch outputs in data order) or "
                                  "merge (the LLM-merged answer of runs made with --aggregation merge).")]
        = Aggregation.concat,
        force: Annotated[bool, typer.Option("--force", help="Re-score runs already scored by the same scorer "
                                                            "version.")] = False,
        concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Judge requests in flight.")] = 4,
        embedding_precision: Annotated[Precision | None, typer.Option(
            "--embedding-precision", help="MiniLM precision: auto (bfloat16 where the CPU has it natively, else "
                                          "float32), float32 or bfloat16. Default: [score] in ppstudio.toml.")] = None,
        base_url: BaseUrlOption = None,
        model: ModelOption = None,
        api_key_env: ApiKeyEnvOption = None,
        backend: BackendOption = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Score runs: serial answer vs parallel answer, figures stored per run (cached by scorer version).

        similarity = MiniLM cosine and item alignment; rouge = ROUGE-1/2/L F-measures.

        structure = item counts, list form, diversity, language; judge = pairwise LLM preference (both orders).

        Examples:

          ppstudio score --all

          ppstudio score --all --scorers judge --base-url http://127.0.0.1:8000/v1 --model M

        Exit status: 0 when scored (a judge verdict that failed is stored with its reason and counted as failed); 1
        on bad input (unknown run, no store, unreachable judge: every verdict failed); 2 on a usage error (neither
        --run nor --all, unknown scorer); 130 when interrupted (Ctrl-C or SIGTERM).
        """
        if bool(run) == all_runs:
            raise fail("give --run ID (repeatable) or --all", code=2)
        settings = settings_for(db, base_url=base_url, model=model, api_key_env=api_key_env, backend=backend)
        precision = embedding_precision or settings.score.embedding_precision
        try:
            names = parse_scorer_names(scorers)
            check_precision(precision)
        except ScoringError as exc:  # a name outside the fixed choices: a usage error, like an Enum option's
            raise fail(str(exc), code=2) from exc
        with open_store(db) as store:
            try:
                runs = scorable_runs(store, resolve_ids(store, "runs", run) if run else None)
            except (IdError, ScoringError) as exc:
                raise fail(str(exc)) from exc
            try:
                with open_scorers(store, names, embedding_precision=precision, judge_backend=settings.backend,
                                  judge_concurrency=concurrency, timeout_s=settings.run.timeout_s) as chosen:
                    with _progress(not as_json and console.is_terminal, len(runs) * len(chosen)) as advance:
                        summary = score_runs(store, runs, chosen, aggregation=aggregation, force=force,
                                             advance=advance)
            except BackendError as exc:
                raise fail(f"cannot reach the judge: {exc}") from exc
            except KeyboardInterrupt:  # figures are stored a batch at a time, each batch one transaction
                raise interrupted_exit("the figures of every finished batch are stored; run the same command again "
                                       "to score the rest (scored runs are cached)") from None
        if as_json:
            print_json(summary.to_json())
        else:
            _print_summary(summary)
        if dead := [name for name, count in summary.scored.items() if count and summary.failed[name] == count]:
            raise fail(f"every {', '.join(dead)} figure failed, so nothing was scored (the reason is above, or under "
                       "failure_reasons with --json); those runs are scored again next time")
