"""The export read side: the store's tables as typed columns and plain rows, read through sqlite-utils.

sqlite-utils does what an export needs and nothing more: `Table.columns` reads a table's declared columns
(so a column added by a migration is exported without touching this file) and `Table.rows_where` streams rows as
dicts from a cursor, in flat memory. Only the selection of prompts is our SQL (the same `--where` filter every
command uses). Values come out as SQLite stores them; `ColumnKind` says what they mean, and the writers in
`studio.export` turn that into JSON values, CSV cells or Parquet types.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from store.models import PromptFilter
from store.prompts import _filtered_sql

if TYPE_CHECKING:
    from store.database import Database

ColumnKind = Literal["text", "integer", "real", "boolean", "json"]
EXPORT_TABLES: tuple[str, ...] = ("prompts", "schemas", "runs", "requests", "scores")
# Which rows of each table belong to the selected prompts (a subquery of prompt ids is bound to `{prompts}`).
_SELECTED: dict[str, str] = {
    "prompts": "id IN ({prompts})",
    "schemas": "prompt_id IN ({prompts})",
    "runs": "prompt_id IN ({prompts})",
    "requests": "run_id IN (SELECT id FROM runs WHERE prompt_id IN ({prompts}))",
    "scores": "run_id IN (SELECT id FROM runs WHERE prompt_id IN ({prompts}))",
}
_ORDER: dict[str, str] = {"prompts": "rowid", "schemas": "id", "runs": "created_at, id", "requests": "id",
                          "scores": "id"}
# What the SQLite types do not say: 0/1 flags and JSON text. Timestamps stay ISO-8601 text (UTC, milliseconds).
_BOOLEAN_COLUMNS = frozenset({"redacted", "parallelizable", "novel_category", "simulated", "from_cache"})
_JSON_COLUMNS = frozenset({"data", "reasons", "params", "messages", "details"})
_AFFINITY: dict[str, ColumnKind] = {"INTEGER": "integer", "REAL": "real", "TEXT": "text"}


@dataclass(frozen=True, slots=True)
class ExportColumn:
    name: str
    kind: ColumnKind


class ExportQueries:
    database: "Database"

    def export_columns(self, table: str) -> list[ExportColumn]:
        """The table's columns in declaration order, each with what its values mean."""
        _check_table(table)
        return [ExportColumn(column.name, _kind(column.name, column.type))
                for column in self.database.utils[table].columns]

    def export_rows(self, table: str, where: PromptFilter | None = None) -> Iterator[dict[str, Any]]:
        """Every row of `table` that belongs to the prompts `where` selects (all rows when None), in a stable order,
        with flags as bools and JSON columns decoded."""
        columns = self.export_columns(table)
        clause, params = None, ()
        if where is not None and where != PromptFilter():
            prompts, params = _filtered_sql("SELECT p.id", where)
            clause = _SELECTED[table].format(prompts=prompts)
        with self.database.lock:
            for row in self.database.utils[table].rows_where(clause, params, order_by=_ORDER[table]):
                yield {column.name: _decoded(column.kind, row[column.name]) for column in columns}


def _check_table(table: str) -> None:
    if table not in EXPORT_TABLES:
        raise ValueError(f"cannot export table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")


def _kind(name: str, declared: str) -> ColumnKind:
    if name in _BOOLEAN_COLUMNS:
        return "boolean"
    if name in _JSON_COLUMNS:
        return "json"
    return _AFFINITY.get(declared.upper(), "text")


def _decoded(kind: ColumnKind, value: Any) -> Any:
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind == "json":
        return json.loads(value)
    return value
