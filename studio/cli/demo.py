"""`ppstudio demo`: the whole pipeline on the sample data in a few minutes, ending with the studio command."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from studio.cli.common import (
    ApiKeyEnvOption, BackendOption, BaseUrlOption, ModelOption, console, fail, safe, settings_for,
)
from studio.presentation import FittedTable, figure_table, number, speedup
from studio.untrusted import visible_text


def category_table(report: object) -> FittedTable:
    """Per category: runs, speedup as ratio of sums and as median of per-prompt ratios, normalised, quality."""
    from studio.reports.model import Interval, Report, SpeedupFigure

    assert isinstance(report, Report)
    rows = []
    for summary in [*report.categories, report.overall]:
        raw = summary.speedups.get("raw", SpeedupFigure())
        normalised = summary.speedups.get("normalised", SpeedupFigure())
        cells = (visible_text(summary.category), str(summary.runs), speedup(raw.ratio_of_sums),
                 speedup(raw.median_of_ratios), speedup(normalised.ratio_of_sums),
                 number(summary.quality.get("similarity.cosine", Interval()).mean),
                 number(summary.quality.get("rouge.rougeL_f", Interval()).mean))
        rows.append(tuple(Text(cell, style="bold" if summary is report.overall else "") for cell in cells))
    return figure_table("Serial vs parallel, per category (quality: mean over runs)",
                        ["Category", "Runs", "Speedup Σ/Σ", "median", "Normalised Σ/Σ", "Cosine", "ROUGE-L"], rows)


def studio_command(db: Path) -> str:
    """The command that opens the studio on `db` from this shell: `ppstudio ...` when that is the ppstudio on
    PATH, else the path this one was started by (`.venv/bin/ppstudio` under `make demo`, venv not activated)."""
    started_as = Path(sys.argv[0])
    on_path = shutil.which("ppstudio")
    if on_path is not None and started_as.name == "ppstudio" and Path(on_path).resolve() == started_as.resolve():
        program = "ppstudio"
    elif started_as.name == "ppstudio" and started_as.exists():
        program = str(started_as)
    else:  # started some other way (python -c, a test runner): the script beside this interpreter
        beside = Path(sys.executable).with_name("ppstudio")
        program = str(beside) if beside.exists() else "ppstudio"
    return f"{shlex.quote(program)} studio --db {shlex.quote(str(db))}"


def register(app: typer.Typer) -> None:
    """Add `demo`."""

    @app.command("demo")
    def demo_command(
        db: Annotated[Path, typer.Option("--db", help="Where to build the demo store (replaced if it exists).",
                                         dir_okay=False)] = Path("reports/demo.db"),
        prompts: Annotated[int, typer.Option("--prompts", min=1, help="How many prompts to run.")] = 5,
        max_tokens: Annotated[int, typer.Option("--max-tokens", min=8, help="Answer length cap per request.")] = 64,
        backend: BackendOption = None,
        base_url: BaseUrlOption = None,
        model: ModelOption = None,
        api_key_env: ApiKeyEnvOption = None,
    ) -> None:
        """The whole pipeline on the bundled sample prompts, in a few minutes.

        Builds a fresh store from the sample data, curates it with the rules, accepts the decompositions of these
        checked samples (tiers high+medium), runs a few serial vs parallel on the embedded engine with a live view,
        scores them, writes demo.html and demo.md beside the store, and prints the per-category table.

        Examples:

          ppstudio demo

          ppstudio demo --backend sim --prompts 3 --db /tmp/demo.db

          ppstudio demo --base-url http://gpu-host:8000/v1 --model M
        """
        from studio import demo
        from studio.cli.run import exit_if_failed, run_with_live_view
        from studio.execution.options import OptionsError, RunOptions
        from studio.execution.runner import execute

        started = time.perf_counter()
        settings = settings_for(str(db), backend=backend, base_url=base_url, model=model, api_key_env=api_key_env)
        with demo.fresh_store(db) as store:
            with console.status("Ingesting and curating the sample prompts…"):
                prepared = demo.prepare(store)
            console.print(f"[bold]1.[/] ingested {prepared.ingested} prompts, curated {prepared.curated} with the "
                          f"rule extractor, accepted {prepared.accepted} decompositions (tiers high+medium)")
            chosen = demo.choose_prompts(store, prompts)
            if not chosen:
                raise fail(f"no accepted prompt with 2-4 branches to run; is {demo.sample_data_dir() / 'prompts.jsonl'}"
                           " intact?")
            try:
                options = RunOptions.from_settings(settings.run, settings.origins_of("run"), max_tokens=max_tokens,
                                                   use_cache=False, diversity="letter")
            except OptionsError as exc:
                raise fail(str(exc)) from None
            branches = max(store.best_schema(prompt_id).branch_count for prompt_id in chosen)
            console.print(f"[bold]2.[/] running {len(chosen)} prompts serial vs parallel "
                          f"(max {max_tokens} tokens per answer; the engine starts first)")
            run_with_live_view(store, settings, branches, False,
                            lambda endpoint: execute(store, endpoint, chosen, options))
            runs = [run for prompt_id in chosen for run in store.list_runs(prompt_id=prompt_id, limit=1)]
            with console.status("Scoring (the similarity model loads once) and writing the reports…"):
                report, written = demo.score_and_report(store, runs, settings.score.embedding_precision,
                                                         reports_dir=db.parent)
            console.print(f"[bold]3.[/] scored {len(runs)} runs; wrote " + ", ".join(safe(p) for p in written))
            console.print(category_table(report))
            if any(run.backend == "embedded" for run in runs):
                console.print("[dim]Σ/Σ = ratio of sums (the paper's dataset figure); median = of per-prompt "
                              "ratios. The embedded engine shares this machine's CPU cores between branches, so "
                              "parallel branches gain little here (see `ppstudio probe`); a GPU server gains far "
                              "more from the same decompositions.[/]")
        console.print(f"done in {time.perf_counter() - started:.0f} s. Open the studio on this store with:\n\n"
                      f"    [bold]{safe(studio_command(db))}[/]\n", soft_wrap=True)
        exit_if_failed(runs)
