"""The SQLite store: the only package that knows SQL. Open it with `Store(path)`; exchange `store.models` records."""

from __future__ import annotations

import os

from store.cache import CacheQueries, cache_key
from store.database import Database, StoreError, default_db_path, utc_now
from store.export import EXPORT_TABLES, ExportColumn, ExportQueries
from store.models import (
    TIERS, TRIAGE_STATUSES, Judgement, ProbeResult, Prompt, PromptFilter, PromptRow, Reason, RequestRecord, Run,
    Schema, Score, Triage, normalise_prompt_text, prompt_id_for,
)
from store.probes import ProbeQueries
from store.prompts import InsertResult, PromptQueries
from store.runs import RunQueries
from store.schemas import SchemaQueries
from store.scores import ScoreQueries
from store.stats import StatsQueries


class Store(PromptQueries, SchemaQueries, RunQueries, ScoreQueries, ProbeQueries, CacheQueries, StatsQueries,
            ExportQueries):
    """The typed API over one store file (WAL, foreign keys on, migrated on open)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.database = Database(path, create=create)
        self.path = self.database.path

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "Store", "StoreError", "Database", "default_db_path", "utc_now", "cache_key", "InsertResult",
    "Prompt", "PromptFilter", "PromptRow", "Reason", "Schema", "Triage", "Run", "RequestRecord", "Score",
    "Judgement", "ProbeResult", "TIERS", "TRIAGE_STATUSES", "normalise_prompt_text", "prompt_id_for",
    "EXPORT_TABLES", "ExportColumn",
]
