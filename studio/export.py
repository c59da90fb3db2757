"""`ppstudio export`: the store's tables as JSON Lines, CSV or Parquet, and prompts with their best schema in the
columns of the ParallelPrompt release, so results leave in the shapes other tools read.

Values by format (the column kinds come from `store.export`):
- JSON Lines: one object per row; flags are booleans, JSON columns are JSON values, text goes through
  `json_document` (unprintable characters as \\u escapes: the same text once decoded).
- CSV: `write_csv` (formulas defused with a leading apostrophe, booleans `true`/`false`, JSON columns as JSON
  text). Use JSON Lines or Parquet when the text must come back exactly.
- Parquet: declared types (string, int64, double, bool; JSON columns as JSON text; timestamps as ISO-8601 text),
  the text as it is: it is data for DuckDB, pandas and pyarrow, not a display.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from store import ExportColumn, Prompt, PromptFilter, Schema, Store
from studio.outputs import replaced_when_written
from studio.untrusted import json_document, terminal_document, write_csv

if TYPE_CHECKING:
    import pyarrow as pa

TABLE_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
FORMATS: tuple[str, ...] = (*TABLE_FORMATS, "parallelprompt")
PARQUET_BATCH_ROWS = 5000
# The release's columns, in its order, with how they are written (`data` is a JSON list, as the release has it).
RELEASE_COLUMNS: tuple[ExportColumn, ...] = tuple(ExportColumn(name, kind) for name, kind in (
    ("source", "text"), ("source_index", "text"), ("prompt", "text"), ("parallelizable", "boolean"),
    ("category", "text"), ("is_novel_category", "boolean"), ("category_description", "text"), ("serial", "text"),
    ("template", "text"), ("context", "text"), ("data", "text"), ("n", "integer"), ("validation_passed", "boolean"),
    ("validation_tier", "text")))
# The reason ingest records when the release gave no tier and validation_passed was false (studio.ingest.rows):
# the tier "low" was derived, so the export writes the tier as the release had it, empty.
_DERIVED_TIER_RULE = "release-validation-failed"


class ExportError(ValueError):
    """An export that cannot be written as asked (the message says why)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    rows: int
    skipped: int = 0  # prompts without a schema (parallelprompt only)


def format_of_out(out: Path | None) -> str:
    """The file format --out's extension names: Parquet, CSV, else JSON Lines (a `parallelprompt` export's, and
    one table's when no --format is given)."""
    suffix = out.suffix.lower() if out is not None else ""
    return {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}.get(suffix, "jsonl")


def export_table(store: Store, table: str, fmt: str, out: Path | None,
                 where: PromptFilter | None = None) -> ExportResult:
    """One table (the rows of the prompts `where` selects) to `out`, or to stdout when None (not Parquet)."""
    if fmt not in TABLE_FORMATS:
        raise ExportError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")
    return ExportResult(rows=write_records(fmt, store.export_columns(table), store.export_rows(table, where), out))


def export_release(store: Store, out: Path | None, where: PromptFilter | None = None) -> ExportResult:
    """Every selected prompt with a schema, one release row each (its best schema: a human edit, else the
    highest tier); prompts without a schema are counted, not written."""
    skipped = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal skipped
        for prompt in store.iter_prompts(where):
            schema = store.best_schema(prompt.id)
            if schema is None:
                skipped += 1
                continue
            yield release_row(prompt, schema)

    written = write_records(format_of_out(out), list(RELEASE_COLUMNS), rows(), out)
    return ExportResult(rows=written, skipped=skipped)


def release_row(prompt: Prompt, schema: Schema) -> dict[str, Any]:
    """A prompt and its schema in the release's columns; ingesting the row gives the same prompt and schema."""
    derived_tier = any(reason.rule == _DERIVED_TIER_RULE for reason in schema.reasons)
    return {
        "source": prompt.source, "source_index": prompt.source_row, "prompt": prompt.text,
        "parallelizable": schema.parallelizable, "category": schema.category,
        "is_novel_category": schema.novel_category, "category_description": schema.category_description,
        "serial": schema.serial, "template": schema.template, "context": schema.context,
        "data": json.dumps(schema.data, ensure_ascii=False) if schema.data is not None else None, "n": schema.n,
        "validation_passed": None if schema.tier is None else schema.tier != "low",
        "validation_tier": None if derived_tier else schema.tier,
    }


# -- writers ----------------------------------------------------------------------------------------------------
def write_records(fmt: str, columns: list[ExportColumn], records: Iterable[dict[str, Any]], out: Path | None) -> int:
    """Write rows in `fmt` to `out` (stdout when None); returns how many."""
    if fmt == "parquet":
        if out is None:
            raise ExportError("Parquet is a binary file: give --out FILE")
        with replaced_when_written(out, binary=True) as stream:
            return _write_parquet(stream, columns, records)
    if out is None:
        return _write_text(fmt, columns, records, _TerminalStream(sys.stdout))
    with replaced_when_written(out, newline="") as stream:
        return _write_text(fmt, columns, records, stream)


class _TerminalStream:
    """stdout that shows control characters instead of obeying them (CSV cells keep them; a terminal must not)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal_document(text))


def _json_text(column: ExportColumn, value: Any) -> Any:
    """JSON columns as JSON text, for the formats without nested values."""
    return json.dumps(value, ensure_ascii=False) if column.kind == "json" and value is not None else value


def _write_text(fmt: str, columns: list[ExportColumn], records: Iterable[dict[str, Any]], stream: Any) -> int:
    if fmt == "csv":
        return write_csv(stream, [column.name for column in columns],
                         ({column.name: _json_text(column, record[column.name]) for column in columns}
                          for record in records))
    count = 0
    for record in records:
        stream.write(json_document(record, indent=None) + "\n")
        count += 1
    return count


def arrow_schema(columns: list[ExportColumn]) -> "pa.Schema":
    """The Parquet column types of an export (docs/export.md lists them)."""
    import pyarrow as pa

    types = {"text": pa.string(), "integer": pa.int64(), "real": pa.float64(), "boolean": pa.bool_(),
             "json": pa.string()}
    return pa.schema([pa.field(column.name, types[column.kind]) for column in columns])


def _write_parquet(out: IO[Any], columns: list[ExportColumn], records: Iterable[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, schema) as writer:
        for record in records:
            batch.append({column.name: _json_text(column, record[column.name]) for column in columns})
            if len(batch) >= PARQUET_BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:  # an empty export is still a file with the columns
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
