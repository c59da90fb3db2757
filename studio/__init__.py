"""ParallelPrompt Studio: find and measure intra-query parallelism in real LLM prompts."""

from __future__ import annotations

DISTRIBUTION = "parallelprompt-studio"


def tool_version() -> str:
    """The installed distribution's version: pyproject.toml is its one source (reports and `--version` say it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree run without installing it
        return "0+unknown"
