"""The ingest loop: stream rows from files into the store in batched transactions, counting what happened.

Each batch of `BATCH_ROWS` rows (prompts, release schemas and bad-row records) is one transaction, so a killed
process loses at most the batch in flight and re-running the same command completes the file: ids are hashes of
the prompt text, so rows stored before the kill come back as duplicates. Memory holds one batch, whatever the
file size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from store import Prompt, Schema, Store
from studio.ingest.formats import open_input
from studio.ingest.rows import BadRow
from studio.ingest.sources import DEFAULT_MAX_ROW_BYTES, FileUnreadable, LostRows

# Rows per transaction. Each commit writes every index page it touched to the WAL, and the id index is random: at
# a million rows, 20,000-row batches write about half the WAL per row that 5,000-row batches do. Memory: ~20 MB.
BATCH_ROWS = 20_000
PROGRESS_ROWS = 2000  # the progress bar moves this often, between commits
MAX_REPORTED_ERRORS = 100

ProgressHook = Callable[["FileProgress"], None]


@dataclass(slots=True)
class IngestIssue:
    """A bad row (`location` = line or row group/row) or an unreadable file (`location` = "file")."""

    file: str
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.location}: {self.reason}"


@dataclass(slots=True)
class FileReport:
    path: str
    format: str | None = None
    read: int = 0
    added: int = 0
    duplicates: int = 0
    bad_rows: int = 0
    schemas: int = 0  # release schemas new to the store (a release ingested again rewrites its own, adding none)
    unreadable: str | None = None  # why the file could not be read at all


@dataclass(slots=True)
class FileProgress:
    """Sent every PROGRESS_ROWS rows and after every batch: `done`/`total` are bytes (rows for Parquet) of the
    current file; the counts in `report` are those committed so far."""

    path: str
    index: int
    done: int
    total: int
    report: FileReport


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    added: int = 0
    duplicates: int = 0
    bad_rows: int = 0
    schemas: int = 0
    errors: list[IngestIssue] = field(default_factory=list)  # the first MAX_REPORTED_ERRORS; bad_rows counts all
    bad_records: int = 0  # located bad-row reports: one per bad row, one per lost Parquet row group
    files: list[FileReport] = field(default_factory=list)

    @property
    def unreadable_files(self) -> list[FileReport]:
        return [report for report in self.files if report.unreadable is not None]

    def note(self, issue: IngestIssue) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(issue)

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read, "added": self.added, "duplicates": self.duplicates, "bad_rows": self.bad_rows,
            "bad_records": self.bad_records, "schemas": self.schemas,
            "errors": [asdict(issue) for issue in self.errors],
            "errors_shown": len(self.errors), "unreadable_files": len(self.unreadable_files),
            "files": [asdict(report) for report in self.files],
        }


def ingest_paths(store: Store, paths: Sequence[str | Path], *, format_name: str = "auto", limit: int | None = None,
                 max_row_bytes: int | None = None, progress: ProgressHook | None = None) -> IngestSummary:
    """Ingest every file in order; an unreadable file is reported and the others still go in.

    `limit` caps the rows read (good and bad) over all files together.
    """
    summary = IngestSummary()
    for index, raw_path in enumerate(paths):
        remaining = None if limit is None else limit - summary.read
        if remaining is not None and remaining <= 0:
            break
        path = Path(raw_path)
        # a file name that is not UTF-8 (undecodable bytes become lone surrogates) is stored and shown escaped
        report = FileReport(path=os.fsencode(raw_path).decode("utf-8", "backslashreplace"))
        summary.files.append(report)
        try:
            _ingest_file(store, path, index, report, summary, format_name=format_name, limit=remaining,
                         max_row_bytes=max_row_bytes, progress=progress)
        except FileUnreadable as exc:
            report.unreadable = str(exc)
            summary.note(IngestIssue(str(raw_path), "file", str(exc)))
    return summary


def _ingest_file(store: Store, path: Path, index: int, report: FileReport, summary: IngestSummary, *,
                 format_name: str, limit: int | None, max_row_bytes: int | None,
                 progress: ProgressHook | None) -> None:
    source, row_format = open_input(path, format_name, max_row_bytes)
    report.format = row_format.name
    file_label = report.path
    mapper = row_format.mapper
    max_text = max_row_bytes or DEFAULT_MAX_ROW_BYTES
    store.clear_ingest_errors(file_label)
    prompts: list[Prompt] = []
    schemas: list[Schema] = []
    bad: list[tuple[str, str]] = []
    lost = 0  # rows lost beyond one per entry of `bad` (a Parquet row group reported once for all its rows)
    read = 0

    def report_progress() -> None:
        if progress is not None:
            progress(FileProgress(file_label, index, source.progress(), source.total, report))

    def flush() -> None:
        nonlocal lost
        _write_batch(store, file_label, prompts, schemas, bad, len(bad) + lost, report, summary)
        prompts.clear()
        schemas.clear()
        bad.clear()
        lost = 0
        report_progress()

    for row, record, error in source:
        read += 1
        if error is None:
            try:
                prompt, schema = mapper(record, file_label, row)  # type: ignore[arg-type]
            except BadRow as exc:
                error = str(exc)
            else:
                if len(prompt.text) > max_text:  # Parquet and CSV cells have no line limit in front of them
                    error = f"prompt is {len(prompt.text):,} characters, over the {max_text:,} limit"
                else:
                    prompts.append(prompt)
                    if schema is not None:
                        schemas.append(schema)
        if error is not None:
            if type(error) is LostRows:
                lost += error.count - 1
                read += error.count - 1
                error = error.reason
            bad.append((row, error))
            summary.note(IngestIssue(file_label, row, error))
        if len(prompts) + len(bad) >= BATCH_ROWS:
            flush()
        elif read % PROGRESS_ROWS == 0:
            report_progress()
        if limit is not None and read >= limit:
            break
    flush()


def _write_batch(store: Store, file_label: str, prompts: list[Prompt], schemas: Iterable[Schema],
                 bad: list[tuple[str, str]], bad_rows: int, report: FileReport, summary: IngestSummary) -> None:
    """One transaction: the batch's prompts, their release schemas, and its bad-row records (`bad_rows` rows:
    one record can stand for a whole row group)."""
    with store.database.transaction():
        result = store.add_prompts(prompts)
        schema_count = 0  # new to the store: a release ingested again rewrites its schemas, adding none
        for schema in schemas:
            schema_count += not store.has_schema(schema)
            store.add_schema(schema)
        store.record_ingest_errors(file_label, bad)
    rows = len(prompts) + bad_rows
    report.read += rows
    summary.read += rows
    report.added += result.added
    report.duplicates += result.duplicates
    report.bad_rows += bad_rows
    report.schemas += schema_count
    summary.added += result.added
    summary.duplicates += result.duplicates
    summary.bad_rows += bad_rows
    summary.bad_records += len(bad)
    summary.schemas += schema_count
