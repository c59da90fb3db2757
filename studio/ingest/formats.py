"""`--format`: which container a file is (by extension and magic bytes) and which row format (by its fields).

An explicit container (`--format jsonl|json|csv|text`) is used as given. Otherwise the extension decides
(`.parquet`, `.csv`, `.jsonl`, ... under any `.gz`/`.zst`), then Parquet's `PAR1` magic at both ends of the file (a
line that happens to read `PAR1` makes no file Parquet), then the content: one JSON array of rows when it opens
with `[` (`.json`) or `[{` (any name), JSONL when its first line is an object, text otherwise. Compression (gzip,
zstd) is recognised by magic bytes in `sources.InputFile`, whatever the name. `auto` then looks at the first
record's fields: `conversation` + `conversation_hash` is WildChat, `conversation` is LMSYS, `conversation_a` is
a Chatbot Arena battle, `conversations` is ShareGPT, `messages` the OpenAI chat format, `prompt` with release
columns is the ParallelPrompt release, a bare `prompt` is plain.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

from studio.ingest.rows import ARENA, CHAT_MESSAGES, LMSYS, RELEASE, SHAREGPT, WILDCHAT, RowFormat, plain_format
from studio.ingest.sources import (
    DEFAULT_MAX_ROW_BYTES, CsvSource, FileUnreadable, InputFile, JsonArraySource, JsonlSource, ParquetSource,
    RowSource, TextSource, named_suffix, one_line, open_binary,
)

FORMAT_NAMES: tuple[str, ...] = ("auto", "lmsys", "wildchat", "arena", "sharegpt", "messages", "parallelprompt",
                                  "jsonl", "json", "csv", "text")
_NAMED_ROW_FORMATS: dict[str, RowFormat] = {"lmsys": LMSYS, "wildchat": WILDCHAT, "arena": ARENA,
                                            "sharegpt": SHAREGPT, "messages": CHAT_MESSAGES,
                                            "parallelprompt": RELEASE}
_RELEASE_MARKERS = frozenset({"serial", "template", "data", "n", "category", "validation_tier", "parallelizable",
                              "source_index", "is_novel_category"})
_PLAIN_CONTAINERS: dict[str, Callable[[Path, int], RowSource]] = {
    "jsonl": JsonlSource, "json": JsonArraySource, "csv": CsvSource, "text": TextSource}
_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl",
             ".ndjson": "jsonl", ".json": "jsonl"}
_PARQUET_MAGIC = b"PAR1"
# A file opening with `[` then `{` or `]` is one JSON array of rows; a text file's first prompt may open with "[INST]".
_OBJECT_ARRAY = re.compile(rb"\s*\[\s*[{\]]")
_ANY_ARRAY = re.compile(rb"\s*\[")
_SNIFF_LINES = 1000
_SNIFF_BYTES = 64 * 1024


def _named_container(path: Path) -> str | None:
    """The container the name says, looking through a compression suffix: `rows.jsonl.gz` -> jsonl."""
    suffix = named_suffix(path)
    return _SUFFIXES.get(suffix) if suffix is not None else None


def _ends_like_parquet(path: Path) -> bool:
    with open_binary(path) as handle:
        if handle.seek(0, 2) < 2 * len(_PARQUET_MAGIC):
            return False
        handle.seek(-len(_PARQUET_MAGIC), 2)
        return handle.read() == _PARQUET_MAGIC


def _sniff(path: Path, format_name: str) -> tuple[str, bool]:
    """(parquet | csv | jsonl | text, whether the content is blank) for a file not given a container."""
    with InputFile(path) as content:
        head, compression = content.head(_SNIFF_BYTES), content.compression
    blank = not head.strip() and len(head) < _SNIFF_BYTES
    if format_name in _PLAIN_CONTAINERS:
        if format_name == "json" and not blank and not _ANY_ARRAY.match(head):
            raise FileUnreadable(f"{path}: not a JSON array; --format json reads a file holding one array of rows")
        return format_name, blank
    container = _named_container(path)
    if container == "parquet" or head.startswith(_PARQUET_MAGIC):
        if compression is not None:
            raise FileUnreadable(f"{path}: a {compression}-compressed Parquet file; decompress it first (Parquet "
                                 "compresses its own pages)")
        if container == "parquet" or _ends_like_parquet(path):
            return "parquet", blank
        if container is None and format_name == "auto":
            raise FileUnreadable(f"{path}: starts like a Parquet file but does not end like one (truncated?); "
                                 "pass --format to read it as lines")
    if container in (None, "jsonl") and (_ANY_ARRAY if named_suffix(path) == ".json" else _OBJECT_ARRAY).match(head):
        return "json", blank
    if container is not None:
        return container, blank
    lines = [line.lstrip() for line in head.splitlines() if line.strip()]
    # A chat-log or release format is never text: any object among the first lines makes it JSONL.
    candidates = lines[:1] if format_name == "auto" else lines
    return ("jsonl" if any(line.startswith(b"{") for line in candidates) else "text"), blank


def _json_keys(source: RowSource) -> set[str]:
    """The fields of the first decodable object among the first rows (bad leading rows do not hide the format)."""
    for _, record, _ in itertools.islice(source, _SNIFF_LINES):
        if record is not None:
            return set(record)
    return set()


def row_format_for(keys: set[str], container: str) -> RowFormat | None:
    if "conversation" in keys:
        return WILDCHAT if "conversation_hash" in keys else LMSYS
    if "conversation_a" in keys:
        return ARENA
    if "conversations" in keys:
        return SHAREGPT
    if "messages" in keys:
        return CHAT_MESSAGES
    if "prompt" in keys:
        return RELEASE if keys & _RELEASE_MARKERS else plain_format(container)
    return None


def _shown(keys: set[str]) -> str:
    """The first field names, each cut short: a message stays one readable line whatever the file holds."""
    return ", ".join(one_line(name)[:40] for name in sorted(keys)[:12])


def _keys_of(path: Path, container: str, parquet: ParquetSource | None, max_row_bytes: int) -> set[str]:
    if parquet is not None:
        return set(parquet.names)
    if container == "csv":
        return set(CsvSource(path, max_row_bytes).header())
    if container in ("jsonl", "json"):
        return _json_keys(_PLAIN_CONTAINERS[container](path, max_row_bytes))
    return {"prompt"}


def open_input(path: Path, format_name: str = "auto",
               max_row_bytes: int | None = None) -> tuple[RowSource, RowFormat]:
    """Open `path` for ingest as `format_name`; raises FileUnreadable with a message a user can act on.

    A blank file (nothing but whitespace) opens as a source of no rows, whatever its format."""
    limit = max_row_bytes or DEFAULT_MAX_ROW_BYTES
    if format_name not in FORMAT_NAMES:
        raise ValueError(f"unknown format {format_name!r}; choose one of {', '.join(FORMAT_NAMES)}")
    if path.is_dir():
        raise FileUnreadable(f"{path}: is a directory; pass the files inside it")
    container, blank = _sniff(path, format_name)
    if blank and container != "parquet":
        row_format = _NAMED_ROW_FORMATS.get(format_name) or plain_format(container)
        return _PLAIN_CONTAINERS[container](path, limit), row_format
    parquet = ParquetSource(path) if container == "parquet" else None
    # Columns are known up front in CSV and Parquet: a file without the one the format needs fails as a whole.
    keys = _keys_of(path, container, parquet, limit) if format_name == "auto" or container in ("csv", "parquet") \
        else set()
    if format_name == "auto":
        row_format = row_format_for(keys, container)
        if row_format is None:
            raise FileUnreadable(f"{path}: cannot tell its format (fields: {_shown(keys) or 'none found'}); "
                                 "pass --format")
    elif format_name in _PLAIN_CONTAINERS:
        row_format = plain_format(format_name)
    elif container == "text":
        raise FileUnreadable(f"{path}: {format_name} rows must be JSONL, CSV or Parquet, and this looks like text")
    else:
        row_format = _NAMED_ROW_FORMATS[format_name]
    if container in ("csv", "parquet") and row_format.required not in keys:
        raise FileUnreadable(f"{path}: no {row_format.required!r} column, which {row_format.name} rows need "
                             f"(columns: {_shown(keys) or 'none'})")
    if parquet is not None:
        parquet.select(row_format.columns)
        return parquet, row_format
    return _PLAIN_CONTAINERS[container](path, limit), row_format
