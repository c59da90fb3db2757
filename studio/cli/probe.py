"""`ppstudio probe`: measure how much a backend gains from concurrent streams, and store the curve."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from studio.backends import BackendError, open_endpoint
from studio.backends.probe import (
    DEFAULT_LEVELS, DEFAULT_ROUNDS, UNSTEADY, LevelResult, ProbeError, describe_ceiling, probe_endpoint,
    unsteady_levels,
)
from studio.cli.common import (
    ApiKeyEnvOption, BackendOption, BaseUrlOption, DbOption, JsonOption, ModelOption, SimProfile, console, fail,
    open_store, print_json, safe, settings_for,
)
from studio.presentation import figure_table


def parse_levels(raw: str) -> list[int]:
    try:
        levels = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError:
        raise fail(f"--concurrency-levels must be comma-separated integers (got {raw!r})") from None
    if not levels or levels[0] != 1 or levels[-1] > 256:
        raise fail("--concurrency-levels must include 1 and stay at most 256 (e.g. 1,2,4,8,16)")
    return levels


def probe(
    base_url: BaseUrlOption = None,
    model: ModelOption = None,
    api_key_env: ApiKeyEnvOption = None,
    backend: BackendOption = None,
    model_path: Annotated[str | None, typer.Option("--model-path", help="Embedded engine: a GGUF other than "
                                                   "the bundled SmolLM2.")] = None,
    sim_profile: Annotated[SimProfile | None, typer.Option("--sim-profile", help="Simulator latency profile.")]
    = None,
    concurrency_levels: Annotated[str, typer.Option("--concurrency-levels", help="Streams at once, per step.")]
    = ",".join(map(str, DEFAULT_LEVELS)),
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Output tokens per request.", min=1)] = 64,
    rounds: Annotated[int, typer.Option("--rounds", min=1, help="Measure every level this many times, the levels "
                                        "in turn, and keep the round of middle throughput: a busy moment moves "
                                        "the spread, not the figure.")] = DEFAULT_ROUNDS,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Measure aggregate output tokens/s and time to first token at each concurrency; store the curve.

    States the ceiling on parallel speedup for this backend; stops early once throughput falls at two levels in
    a row. With no --base-url the embedded engine is started with enough slots for the highest level. A level
    whose rounds disagree by more than 1.5x is named: probe again when the machine is quiet.

    Examples:

      ppstudio probe

      ppstudio probe --base-url http://127.0.0.1:8000/v1 --concurrency-levels 1,4,16,64 --json
    """
    levels = parse_levels(concurrency_levels)
    settings = settings_for(db, base_url=base_url, model=model, api_key_env=api_key_env, backend=backend,
                            model_path=model_path, sim_profile=sim_profile)
    show_progress = console.is_terminal and not as_json
    # The store is opened first: a bad --db is reported at once, not after the probe's minute of work.
    with open_store(db, create=True) as store:
        try:
            with open_endpoint(settings.backend, min_slots=levels[-1]) as endpoint, \
                    Progress(TextColumn("probe {task.description}"), BarColumn(), MofNCompleteColumn(),
                             console=console, transient=True, disable=not show_progress) as progress:
                task = progress.add_task(f"{safe(endpoint.label)} {safe(endpoint.model)}",
                                         total=len(levels) * rounds)

                def advance(level: LevelResult) -> None:
                    progress.update(task, advance=1, description=f"{safe(endpoint.label)}: {level.concurrency} "
                                                                 f"streams, {level.tokens_per_s:.1f} tokens/s")

                result = asyncio.run(probe_endpoint(endpoint, levels, max_tokens=max_tokens, rounds=rounds,
                                                    on_level=advance))
        except (BackendError, ProbeError, ValueError) as exc:
            raise fail(str(exc)) from None
        stored = store.add_probe(result)
    sentence = describe_ceiling(stored)
    unsteady = unsteady_levels(stored)
    if as_json:
        print_json({"backend": stored.backend, "model": stored.model, "simulated": stored.simulated,
                    "base_url": stored.base_url, "curve": stored.curve, "ceiling": stored.ceiling,
                    "verdict": sentence, "unsteady_levels": [int(point["concurrency"]) for point in unsteady],
                    "id": stored.id, "created_at": stored.created_at})
        return
    single = stored.curve[0]["tokens_per_s"] or 1.0
    rows = [(str(point["concurrency"]), f"{point['tokens_per_s']:.1f}",
             f"{point['low_tokens_per_s']:.1f}-{point['high_tokens_per_s']:.1f}" if "low_tokens_per_s" in point else "",
             f"{point['tokens_per_s'] / single:.2f}", f"{point['ttft_ms']:.0f}", str(point["failures"]))
            for point in stored.curve]
    # (figure_table: at 80 columns a laid-out table cut the header "slowest-fastest of 3" to "slowest-fas…")
    table = figure_table(f"{safe(stored.backend)} · {safe(stored.model)}",
                         ["streams", "aggregate tokens/s", f"slowest-fastest of {rounds}", "x one stream",
                          "median TTFT ms", "failed"], rows)
    console.print(table)
    console.print(safe(sentence[0].upper() + sentence[1:] + "."))
    for point in unsteady:
        console.print(f"[yellow]unsteady:[/] at {int(point['concurrency'])} stream(s) the rounds ran at "
                      f"{point['low_tokens_per_s']:.1f}-{point['high_tokens_per_s']:.1f} tokens/s (more than "
                      f"{UNSTEADY}x apart): something else was using the machine; probe again when it is quiet.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("probe")(probe)
