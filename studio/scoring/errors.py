"""The one error scoring raises for bad input, shared by the scorer and the run selection."""

from __future__ import annotations


class ScoringError(ValueError):
    """Bad scoring input (unknown scorer, aggregation or run); the message says which."""
