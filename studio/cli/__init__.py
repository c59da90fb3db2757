"""`ppstudio`: the command line. Thin: each command parses flags and calls the library."""

from __future__ import annotations

import importlib
import shutil

import typer

# Rich's help panels put option names, types and help in three columns; below this width the help column is too
# narrow and Rich cuts long words with "…". There Click's plain help is used instead: it wraps everything.
RICH_HELP_MIN_WIDTH = 100

app = typer.Typer(
    name="ppstudio",
    help="ParallelPrompt Studio: find and measure intra-query parallelism in LLM prompts.\n\n"
         "ingest -> curate -> run -> score -> report, all in one SQLite store; `ppstudio studio` browses it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich" if shutil.get_terminal_size().columns >= RICH_HELP_MIN_WIDTH else None,
)

# Each module defines `register(app)`; one module per command family, owned by one part of the code base.
COMMAND_MODULES = ("ingest", "stats", "curate", "serve", "probe", "run", "score", "report", "studio", "demo")

for _name in COMMAND_MODULES:
    importlib.import_module(f"studio.cli.{_name}").register(app)


def main() -> None:
    app()
