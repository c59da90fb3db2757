"""The SQLite store: the only package that knows SQL. Open it with `Store(path)`; exchange `store.models` records."""

from __future__ import annotations

import os

from store.cache import CacheQueries, cache_key
from store.database import Database, StoreError, default_db_path, utc_now
from store.export import EXPORT_TABLES, ExportColumn, ExportQueries
from store.jobs import JobQueries
from store.models import (
    HUMAN_EDIT, TIERS, TRIAGE_STATUSES, Job, Judgement, ProbeResult, Prompt, PromptFilter, PromptRow, Reason,
    RequestRecord, Run, Schema, Score, Triage, normalise_prompt_text, prompt_id_for,
)
from store.probes import ProbeQueries
from store.prompts import InsertResult, PromptQueries
from store.runs import RunQueries
from store.schemas import SchemaQueries
from store.scores import ScoreQueries
from store.stats import StatsQueries


# What a shortened id can name, and the column holding those ids: prompts, runs and the n-sweeps runs belong to.
ID_COLUMNS: dict[str, tuple[str, str]] = {"prompts": ("prompts", "id"), "runs": ("runs", "id"),
                                          "sweeps": ("runs", "sweep_id")}


class Store(PromptQueries, SchemaQueries, RunQueries, JobQueries, ScoreQueries, ProbeQueries, CacheQueries,
            StatsQueries, ExportQueries):
    """The typed API over one store file (WAL, foreign keys on, migrated on open)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.database = Database(path, create=create)
        self.path = self.database.path

    def ids_with_prefix(self, kind: str, prefix: str, limit: int = 10) -> list[str]:
        """Ids of `kind` ("prompts", "runs" or "sweeps") starting with `prefix`, at most `limit`, in order: what a
        command resolves a shortened id with. Read off an indexed column as the range [prefix, prefix + U+10FFFF)."""
        if kind not in ID_COLUMNS:
            raise ValueError(f"ids are looked up in {', '.join(ID_COLUMNS)}, not {kind!r}")
        table, column = ID_COLUMNS[kind]
        return [row[0] for row in self.database.query(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} >= ? AND {column} < ? ORDER BY {column} LIMIT ?",
            (prefix, prefix + "\U0010ffff", int(limit)))]

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "Store", "StoreError", "Database", "default_db_path", "utc_now", "cache_key", "InsertResult",
    "Prompt", "PromptFilter", "PromptRow", "Reason", "Schema", "Triage", "Run", "Job", "RequestRecord", "Score",
    "Judgement", "ProbeResult", "HUMAN_EDIT", "TIERS", "TRIAGE_STATUSES", "normalise_prompt_text", "prompt_id_for",
    "EXPORT_TABLES", "ExportColumn",
]
