"""`ppstudio`: the command line. Thin: each command parses flags and calls the library.

Startup matters for a tool typed many times a day: the command modules import only what parsing needs (typer,
rich, the store's records); the heavy libraries (openai, pyarrow, starlette, torch, sqlite-utils) load inside the
command that uses them. tests/studio/cli/test_startup.py holds that line; benchmarks/startup.py times it.
"""

from __future__ import annotations

import importlib
import shutil
from typing import Annotated

import typer

from studio import tool_version
from studio.cli.common import Commands
from studio.signals import sigterm_as_ctrl_c

# Rich's help panels put option names, types and help in three columns; below this width the help column is too
# narrow and Rich cuts long words with "…". There Click's plain help is used instead: it wraps everything.
RICH_HELP_MIN_WIDTH = 100

app = typer.Typer(
    cls=Commands,  # a StoreError from any command is one `error:` line (studio/cli/common.py: store_errors)
    name="ppstudio",
    help="ParallelPrompt Studio: find and measure intra-query parallelism in LLM prompts.\n\n"
         "ingest -> curate -> run -> score -> report, all in one SQLite store; `ppstudio studio` browses it.\n\n"
         "Start with `ppstudio demo`, or `ppstudio ingest FILE` then `ppstudio curate`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich" if shutil.get_terminal_size().columns >= RICH_HELP_MIN_WIDTH else None,
)

# Each module defines `register(app)`; one module per command family, owned by one part of the code base.
COMMAND_MODULES = ("ingest", "stats", "curate", "serve", "probe", "run", "show", "score", "report", "export",
                   "studio", "demo")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"ppstudio {tool_version()}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Options that come before the command name."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"studio.cli.{_name}").register(app)


def main() -> None:
    """Every command stops on SIGTERM (`kill`, `timeout`, a stopping container) as on Ctrl-C: it says what was
    kept and exits 130, where it used to vanish with 143 and no word (`serve` installs its own)."""
    with sigterm_as_ctrl_c():
        app()
