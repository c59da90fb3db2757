"""Containers: reading records out of JSONL, Parquet, CSV and text files, one at a time, in flat memory.

Every source yields `(row, record, error)` triples: `row` is where the record sits ("12" for line 12,
"row group 0 row 7" in Parquet) and becomes `Prompt.source_row`; `record` is a dict when the container could
decode it, else None and `error` says why (a `LostRows` when one report stands for many rows). A file that cannot
be opened at all raises `FileUnreadable`.

Line files (JSONL, CSV, text) are read through `InputFile`: gzip and zstd are decompressed as they stream (known by
their magic bytes, whatever the file's name) and a UTF-8 byte order mark is skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from studio.presentation import clip, counted

DEFAULT_MAX_ROW_BYTES = 4 * 1024 * 1024
PARQUET_BATCH_ROWS = 2000
BOM = b"\xef\xbb\xbf"
_SKIP_CHUNK = 1 << 20
_SURROGATE = re.compile(r"[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8
_MAGIC = {b"\x1f\x8b\x08": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
# Compressed bytes per decoder call. This bounds what one call can inflate to (a zstd block of a few bytes can
# stand for 128 KiB, so 1 KiB in is at most ~45 MB out) at a cost of one call per KiB.
_FEED_BYTES = 1024
_STREAM_BUFFER = 1 << 16
_REASON_CHARS = 200
_COMPRESSION_SUFFIXES = frozenset({".gz", ".gzip", ".zst", ".zstd"})


@dataclass(frozen=True, slots=True)
class LostRows:
    """The `error` of an item that stands for `count` rows (a Parquet row group that cannot be decoded)."""

    reason: str
    count: int


SourceItem = tuple[str, dict[str, Any] | None, str | LostRows | None]


class FileUnreadable(Exception):
    """The file itself cannot be read (missing, not Parquet, truncated footer, ...): nothing of it is ingested."""


class CorruptStream(Exception):
    """Compressed data that ends early or does not decode: the rows before it are kept, the rest is lost."""


class RowSource(Protocol):
    """A file opened for reading; `progress()` / `total` are in the same unit (bytes, or rows for Parquet)."""

    path: Path
    total: int

    def __iter__(self) -> Iterator[SourceItem]: ...

    def progress(self) -> int: ...


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise FileUnreadable(f"{path}: {exc.strerror or exc}") from exc


def open_binary(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise FileUnreadable(f"{path}: {exc.strerror or exc}") from exc


def named_suffix(path: Path) -> str | None:
    """The suffix that names the content, looking through a compression suffix: `rows.tsv.gz` -> `.tsv`."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION_SUFFIXES:
        suffixes.pop()
    return suffixes[-1] if suffixes else None


def one_line(text: object) -> str:
    """An exception's message as one short line (pyarrow's span several lines and can quote binary data)."""
    return clip(str(text), _REASON_CHARS, mark="...")


class _Decoder(Protocol):
    eof: bool
    unused_data: bytes

    def decompress(self, data: bytes) -> bytes: ...


_DECODERS: dict[str, Callable[[], _Decoder]] = {
    "gzip": lambda: zlib.decompressobj(wbits=31),  # type: ignore[dict-item]
    "zstd": lambda: zstandard.ZstdDecompressor().decompressobj(),  # type: ignore[dict-item]
}


class _Inflating(io.RawIOBase):
    """The decompressed content of a gzip or zstd stream (members or frames one after another), decoded as it is
    read. Data that ends inside a member or frame raises CorruptStream (the standard readers end silently)."""

    def __init__(self, raw: BinaryIO, kind: str) -> None:
        super().__init__()
        self._raw = raw
        self.kind = kind
        self._decoder = _DECODERS[kind]()
        self._open_member = False  # data went into the current decoder and its member/frame has not ended
        self._out = memoryview(b"")
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._offset >= len(self._out):
            chunk = self._raw.read(_FEED_BYTES)
            if not chunk:
                if self._open_member:
                    raise CorruptStream(f"the compressed data ends mid-stream: the {self.kind} file is truncated")
                return 0
            self._out, self._offset = memoryview(self._decode(chunk)), 0
        size = min(len(buffer), len(self._out) - self._offset)
        buffer[:size] = self._out[self._offset:self._offset + size]
        self._offset += size
        return size

    def _decode(self, chunk: bytes) -> bytes:
        try:
            out = self._decoder.decompress(chunk)
            self._open_member = True
            while self._decoder.eof:  # a member or frame ended: what follows it starts the next one
                rest = self._decoder.unused_data
                self._decoder, self._open_member = _DECODERS[self.kind](), bool(rest)
                if not rest:
                    break
                out += self._decoder.decompress(rest)
        except (zlib.error, zstandard.ZstdError) as exc:
            raise CorruptStream(f"the {self.kind} data is corrupt: {one_line(exc)}") from None
        return out


class InputFile:
    """A file's content as a binary stream: decompressed when it starts like gzip or zstd and decodes as such (so
    a text line that happens to start with those bytes stays text), a UTF-8 byte order mark skipped.

    `position()` counts the file's own bytes, compressed or not, for progress.
    """

    def __init__(self, path: Path) -> None:
        self.raw = open_binary(path)
        start = self.raw.peek(4)[:4]
        self.compression = next((kind for magic, kind in _MAGIC.items() if start.startswith(magic)), None)
        self.stream: BinaryIO = self.raw
        if self.compression is not None:
            inflating = _Inflating(self.raw, self.compression)
            self.stream = io.BufferedReader(inflating, _STREAM_BUFFER)  # type: ignore[assignment]
            try:
                self.stream.peek(1)
            except CorruptStream:  # nothing decodes: the magic bytes were a coincidence
                self.raw.seek(0)
                self.stream, self.compression = self.raw, None
        if self.stream.peek(len(BOM))[:len(BOM)] == BOM:  # type: ignore[attr-defined]
            self.stream.read(len(BOM))

    def position(self) -> int:
        return self.raw.tell() if not self.raw.closed else 0

    def head(self, size: int) -> bytes:
        """Up to `size` bytes of content, fewer when the file ends (or its compressed data breaks) first."""
        chunks: list[bytes] = []
        wanted = size
        try:
            while wanted > 0:
                chunk = self.stream.read1(wanted)  # type: ignore[attr-defined]
                if not chunk:
                    break
                chunks.append(chunk)
                wanted -= len(chunk)
        except CorruptStream:
            pass
        return b"".join(chunks)

    def close(self) -> None:
        self.stream.close()
        self.raw.close()

    def __enter__(self) -> InputFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _StreamedFile:
    """A file read front to back through `InputFile`; progress counts the file's own bytes."""

    def __init__(self, path: Path, max_row_bytes: int) -> None:
        self.path = path
        self.total = _size_of(path)
        self.max_row_bytes = max_row_bytes
        self._content: InputFile | None = None
        self._position = 0

    def progress(self) -> int:
        return self._content.position() if self._content is not None else self._position

    @contextmanager
    def _reading(self) -> Iterator[InputFile]:
        with InputFile(self.path) as content:
            self._content = content
            try:
                yield content
            finally:
                self._position, self._content = content.position(), None


class _LineFile(_StreamedFile):
    """Lines of a file as bytes, each at most `max_row_bytes` long: a longer line is skipped without loading it."""

    def lines(self) -> Iterator[tuple[int, bytes | None, str | None]]:
        """(line number, bytes without the newline or None, why not); blank lines are skipped. Compressed data
        that breaks off ends the file with the line it was in reported."""
        limit = self.max_row_bytes
        number = 0
        with self._reading() as content:
            readline = content.stream.readline
            try:
                for number in itertools.count(1):
                    line = readline(limit + 1)
                    if not line:
                        break
                    if len(line) > limit and not line.endswith(b"\n"):
                        size = len(line) + _skip_rest_of_line(readline, (b"\n",))
                        yield number, None, f"line is {size:,} bytes, over the {limit:,}-byte row limit"
                        continue
                    line = line.rstrip(b"\r\n")
                    if line.strip():
                        yield number, line, None
            except CorruptStream as exc:
                yield number, None, str(exc)


def _skip_rest_of_line(readline: Callable[[int], Any], endings: tuple[Any, ...]) -> int:
    """Read past the end of an over-long line a chunk at a time; returns how much was skipped."""
    skipped = 0
    while True:
        chunk = readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(endings):
            return skipped


def _utf8_error(exc: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"


_scan_json = json.JSONDecoder().scan_once


def _loads(text: str) -> Any:
    """json.loads, twice as fast on the usual line (one value, nothing around it): the C scanner is called
    directly, and anything unusual (surrounding spaces, trailing data, an error) takes the standard path,
    which also produces the standard error message."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def _json_object(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(the object, None) or (None, why not) for the bytes of one JSON value: a JSONL line or an array element."""
    try:
        record = _loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, _utf8_error(exc)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        return None, f"invalid JSON: {exc.msg} ({where})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    if type(record) is not dict:
        return None, f"expected a JSON object, got {'null' if record is None else type(record).__name__}"
    return record, None


class JsonlSource(_LineFile):
    """One JSON object per line."""

    def __iter__(self) -> Iterator[SourceItem]:
        for number, line, error in self.lines():
            record, error = (None, error) if line is None else _json_object(line)
            yield str(number), record, error


# Outside strings, the characters where an element can open or end.
_ARRAY_MARK = re.compile(r'["\[\]{},]')
# The rest of a string from just after its opening quote or a resume point: whole escapes only, so a chunk that ends
# inside an escape resumes before its backslash.
_STRING_BODY = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+', re.S)
_ARRAY_START = re.compile(r"\s*\[")
_BLANKS = re.compile(r"[ \t\r\n]*")
_ARRAY_CHUNK = 1 << 20
_UTF8_MAX = 4  # bytes per character: a slice of n characters is at most 4n bytes


class JsonArraySource(_StreamedFile):
    """One JSON array of objects, `[{...}, {...}]`, as ShareGPT and many exports are published. `row` is the
    element's number, from 1 ("element 12"; `jq '.[11]'`).

    Read in flat memory: each element is decoded on its own, so a bad element is reported and the next one read,
    one over the row limit is skipped without being held, and a file that ends inside the array (a cut-off
    download) keeps every element before it.
    """

    def __iter__(self) -> Iterator[SourceItem]:
        with self._reading() as content:
            yield from _ArrayScanner(content.stream, self.max_row_bytes)


class _ArrayScanner:
    """The elements of a JSON array as source items, from a stream holding nothing else.

    An object is first read by the C scanner where it starts (the usual element, whole in the buffer). When that
    fails (the element runs past the buffer, is malformed, or is no object) the element's end is found by
    following strings and brackets, and its text is decoded alone, for the same error messages as a JSONL line.
    Text is decoded with surrogateescape, so bytes that are not UTF-8 reach the element's own decoding as bytes.
    """

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._read = stream.read1  # type: ignore[attr-defined]  # what has arrived: a later chunk may break off
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._limit = limit
        self._buffer = ""
        self._pos = 0  # where scanning resumes
        self._start = 0  # where the element under way starts (its text before it was dropped if too long)
        self._dropped = 0  # bytes of the element under way already dropped: it is over the limit
        self._ended = False
        self._broken: str | None = None  # why the compressed data stopped, if it did

    def _fill(self) -> bool:
        """Keep the element under way, add the next chunk; False at the end of the content."""
        if self._ended:
            return False
        text = ""
        while not text and not self._ended:  # a chunk may end inside a character and decode to nothing yet
            try:
                chunk = self._read(_ARRAY_CHUNK)
            except CorruptStream as exc:
                chunk, self._broken = b"", str(exc)
            text = self._decoder.decode(chunk, final=not chunk)
            self._ended = not chunk
        # Over the limit in characters (never more than its bytes): skip it, do not hold it. One under the limit in
        # characters but over it in bytes is held, and its bytes counted when it ends.
        if self._dropped or self._pos - self._start > self._limit:
            self._dropped += _utf8_size(self._buffer[self._start:self._pos])
            self._start = self._pos
        self._buffer = self._buffer[self._start:] + text
        self._pos -= self._start
        self._start = 0
        return bool(text)

    def _too_long(self, number: int, size: int) -> SourceItem:
        return f"element {number}", None, f"element is {size:,} bytes, over the {self._limit:,}-byte row limit"

    def _quick(self, number: int) -> SourceItem | None:
        """The element at `_start` read by the C scanner, when it is an object whole in the buffer and followed by
        its separator; None otherwise (the careful path then reads it)."""
        buffer = self._buffer
        at = _BLANKS.match(buffer, self._start).end()
        if not buffer.startswith("{", at):
            return None
        try:
            record, end = _scan_json(buffer, at)
        except (StopIteration, ValueError, RecursionError):
            return None
        after = _BLANKS.match(buffer, end).end()
        if after >= len(buffer) or buffer[after] not in ",]" or _SURROGATE.search(buffer, at, end):
            return None
        self._pos = after
        if (end - at) * _UTF8_MAX > self._limit and (size := _utf8_size(buffer[at:end])) > self._limit:
            return self._too_long(number, size)
        return f"element {number}", record, None

    def __iter__(self) -> Iterator[SourceItem]:
        while (opening := _ARRAY_START.match(self._buffer)) is None:
            if self._buffer.strip() or not self._fill():  # open_input checked the opening bracket
                if self._broken:
                    yield "element 1", None, self._broken
                return
        self._pos = self._start = opening.end()
        depth, number, in_string = 1, 1, False
        while True:
            if depth == 1 and not in_string and self._pos == self._start and not self._dropped:
                quick = self._quick(number)
                if quick is not None:
                    yield quick
                    closing = self._buffer[self._pos] == "]"
                    self._pos = self._start = self._pos + 1
                    if closing:
                        yield from self._after_the_array(number)
                        return
                    number += 1
                    continue
            buffer = self._buffer
            if in_string:
                end = _STRING_BODY.match(buffer, self._pos).end()  # type: ignore[union-attr]
                in_string = end >= len(buffer) or buffer[end] != '"'  # no closing quote in the buffer yet
                self._pos = end if in_string else end + 1
                if in_string and not self._fill():
                    break
                continue
            mark = _ARRAY_MARK.search(buffer, self._pos)
            if mark is None:
                self._pos = len(buffer)
                if not self._fill():
                    break
                continue
            at, char = mark.start(), mark.group()
            self._pos = at + 1
            if char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:  # the array's closing bracket
                    if number > 1 or buffer[self._start:at].strip():
                        yield self._careful(number, at)
                    else:
                        number = 0  # `[]`
                    yield from self._after_the_array(number)
                    return
            elif depth == 1:  # a comma between elements
                yield self._careful(number, at)
                number += 1
                self._start = self._pos
        yield f"element {number}", None, self._broken or "the file ends before the array is closed (truncated?): " \
                                                          "this element and any after it are lost"

    def _careful(self, number: int, end: int) -> SourceItem:
        """The element from `_start` to `end`, found by following its strings and brackets."""
        raw, dropped, self._dropped = self._buffer[self._start:end], self._dropped, 0
        if dropped or len(raw) * _UTF8_MAX > self._limit:  # bytes are counted only where they may be too many
            size = dropped + _utf8_size(raw)
            if size > self._limit:
                return self._too_long(number, size)
        record, error = _json_object(raw.strip().encode("utf-8", "surrogateescape"))
        return f"element {number}", record, error

    def _after_the_array(self, elements: int) -> Iterator[SourceItem]:
        """Only blanks may follow the closing bracket; anything else is one report, unread."""
        self._start = self._pos
        while True:
            if self._buffer[self._pos:].strip():
                yield f"after element {elements}" if elements else "after the array", None, \
                    "text after the end of the array is not read"
                return
            self._pos = len(self._buffer)
            if not self._fill():
                return


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


class TextSource(_LineFile):
    """One prompt per line; blank lines separate nothing and are skipped."""

    def __iter__(self) -> Iterator[SourceItem]:
        for number, line, error in self.lines():
            if line is None:
                yield str(number), None, error
                continue
            try:
                yield str(number), {"prompt": line.decode("utf-8")}, None
            except UnicodeDecodeError as exc:
                yield str(number), None, _utf8_error(exc)


class _LongLine(Exception):
    """Line `number` is `size` characters, over the row limit (skipped without being read into memory)."""

    def __init__(self, number: int, size: int) -> None:
        super().__init__(number, size)
        self.number, self.size = number, size


class _LongRecord(Exception):
    """The lines of one record add up to more than the row limit: a quote left open."""


class _CsvLines:
    """The lines of a CSV file as csv.reader takes them, numbered, with the lines of the record being read kept,
    so that a record broken by an unbalanced quote can be read again from the line after the one it opened on."""

    def __init__(self, text: TextIO, limit: int) -> None:
        self._readline = text.readline
        self._limit = limit
        self.read = 0  # lines taken from the file
        self.at_end = False  # the reader asked for a line after the last one
        self.pending: deque[tuple[int, str | int]] = deque()  # to read again; an int is the size of a long line
        self.record: list[tuple[int, str]] = []
        self._size = 0

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if self.pending:
            number, line = self.pending.popleft()
        else:
            line = self._readline(self._limit + 1)
            if not line:
                self.at_end = True
                raise StopIteration
            self.read += 1
            number = self.read
            if len(line) > self._limit and line[-1] not in "\r\n":
                line = len(line) + _skip_rest_of_line(self._readline, ("\r", "\n"))
        if isinstance(line, int):
            raise _LongLine(number, line)
        self.at_end = False
        self.record.append((number, line))
        self._size += len(line)
        if self._size > self._limit and len(self.record) > 1:
            raise _LongRecord
        return line

    def take(self) -> list[tuple[int, str]]:
        """The lines of the record just read (or given up); the next record starts afresh."""
        record, self.record, self._size = self.record, [], 0
        return record

    def read_again(self, lines: Sequence[tuple[int, str | int]]) -> None:
        self.pending.extendleft(reversed(lines))


def _csv_reader(lines: _CsvLines, delimiter: str) -> Iterator[list[str]]:
    # strict: a closing quote followed by more text is an error, not silently glued to the field.
    return csv.reader(lines, delimiter=delimiter, strict=True)


class CsvSource(_StreamedFile):
    """A CSV file with a header row; `row` is the line on which a record starts (records may span lines).

    An unbalanced quote would swallow every line up to the next quote into one field. A record that spans lines
    and then breaks (text after a closing quote, the end of the file, the row limit, the wrong number of fields)
    is therefore reported at the line its quote opened on, and the lines after that one are read again as rows.
    A file named `.tsv` (under any compression suffix) is read the same way, its fields separated by tabs.
    """

    def __init__(self, path: Path, max_row_bytes: int) -> None:
        super().__init__(path, max_row_bytes)
        self.delimiter = "\t" if named_suffix(path) == ".tsv" else ","

    def header(self) -> list[str]:
        """The column names (none for an empty file); a first line that is binary data makes the file unreadable."""
        with InputFile(self.path) as content:
            return self._header(self._lines(content))

    def __iter__(self) -> Iterator[SourceItem]:
        csv.field_size_limit(max(self.max_row_bytes, csv.field_size_limit()))
        with self._reading() as content:
            lines = self._lines(content)
            header = self._header(lines)
            if header:
                yield from self._records(lines, header)

    def _lines(self, content: InputFile) -> _CsvLines:
        text = io.TextIOWrapper(content.stream, encoding="utf-8", errors="surrogateescape", newline="")
        return _CsvLines(text, self.max_row_bytes)

    def _header(self, lines: _CsvLines) -> list[str]:
        try:
            header = next(_csv_reader(lines, self.delimiter), [])
        except (csv.Error, CorruptStream, _LongLine, _LongRecord) as exc:
            self._refuse_binary("".join(line for _, line in lines.record))
            why = f"over the {self.max_row_bytes:,}-byte row limit" if isinstance(exc, (_LongLine, _LongRecord)) \
                else one_line(exc)
            raise FileUnreadable(f"{self.path}: cannot read the CSV header ({why})") from None
        lines.take()
        self._refuse_binary("".join(header))
        return header

    def _refuse_binary(self, first_line: str) -> None:
        """A header that is not text ends the file in one short line, never quoting the bytes."""
        if "\x00" in first_line:
            raise FileUnreadable(f"{self.path}: binary data, not CSV text")
        if _SURROGATE.search(first_line):
            raise FileUnreadable(f"{self.path}: not UTF-8 text (binary data, or another encoding); CSV must be UTF-8")

    def _records(self, lines: _CsvLines, header: list[str]) -> Iterator[SourceItem]:
        width, limit = len(header), self.max_row_bytes
        reader = _csv_reader(lines, self.delimiter)
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except CorruptStream as exc:
                yield str(lines.record[0][0] if lines.record else lines.read + 1), None, str(exc)
                return
            except (csv.Error, _LongLine, _LongRecord) as exc:
                yield self._broken(lines, exc)
                reader = _csv_reader(lines, self.delimiter)  # the old one is mid-record
                continue
            record = lines.take()
            if not any(fields):
                continue
            row = str(record[0][0])
            if len(fields) != width:
                if len(record) > 1:
                    yield self._read_again(lines, record, f"runs to line {record[-1][0]} and makes a record of "
                                                          f"{len(fields)} fields (the header has {width})")
                else:
                    yield row, None, f"has {len(fields)} fields, the header has {width}"
            elif any(_SURROGATE.search(value) for value in fields):
                yield row, None, "not valid UTF-8"
            elif sum(map(len, fields)) > limit:
                yield row, None, f"row is over the {limit:,}-byte row limit"
            else:
                yield row, dict(zip(header, fields)), None

    def _broken(self, lines: _CsvLines, exc: Exception) -> SourceItem:
        """The item for a record csv.reader gave up on; its lines after the first are queued to be read again."""
        at_end = lines.at_end
        record: list[tuple[int, str | int]] = list(lines.take())
        if isinstance(exc, _LongLine) and not record:
            return str(exc.number), None, f"line is {exc.size:,} bytes, over the {self.max_row_bytes:,}-byte row limit"
        if isinstance(exc, (_LongLine, _LongRecord)):
            if isinstance(exc, _LongLine):
                record.append((exc.number, exc.size))
            return self._read_again(lines, record, f"is not closed within the {self.max_row_bytes:,}-byte row limit")
        if at_end:
            return self._read_again(lines, record, "is not closed before the end of the file")
        if len(record) > 1:
            return self._read_again(lines, record, f"is not closed before line {record[-1][0]} ({one_line(exc)})")
        return str(record[0][0]), None, f"malformed CSV: {one_line(exc)}"

    @staticmethod
    def _read_again(lines: _CsvLines, record: Sequence[tuple[int, str | int]], how: str) -> SourceItem:
        first, rest = record[0][0], record[1:]
        lines.read_again(rest)
        again = f"; read again from line {rest[0][0]}" if rest else ""
        return str(first), None, f"unbalanced quote: the quoted field opened on line {first} {how}{again}"


class ParquetSource:
    """A Parquet file read one row group at a time, in slices of `PARQUET_BATCH_ROWS`, only the needed columns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        _size_of(path)
        try:
            self.file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise FileUnreadable(f"{path}: not a readable Parquet file ({exc})") from exc
        self.total = self.file.metadata.num_rows
        self.names = list(self.file.schema_arrow.names)
        self.columns: list[str] | None = None
        self._done = 0

    def select(self, columns: tuple[str, ...]) -> None:
        """Read only these columns (those the file has): WildChat's moderation columns are never decoded."""
        self.columns = [name for name in columns if name in self.names]

    def progress(self) -> int:
        return self._done

    def __iter__(self) -> Iterator[SourceItem]:
        metadata = self.file.metadata
        first_row = 0  # of the current group, counted over the whole file
        for group in range(metadata.num_row_groups):
            rows_in_group = metadata.row_group(group).num_rows
            index = 0
            try:
                for batch in self.file.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group],
                                                    columns=self.columns, use_threads=False):
                    for record in batch.to_pylist():
                        yield f"row group {group} row {index}", record, None
                        index += 1
                        self._done += 1
            except (pa.ArrowException, OSError) as exc:
                if index < rows_in_group:
                    yield _lost_rows(group, index, rows_in_group, first_row, exc)
                    self._done += rows_in_group - index
            first_row += rows_in_group


def _lost_rows(group: int, index: int, rows_in_group: int, first_row: int, exc: Exception) -> SourceItem:
    """One item for the rows of a row group from `index` on, which could not be decoded."""
    lost, last = rows_in_group - index, rows_in_group - 1
    where = f"row {index}" if lost == 1 else f"rows {index}-{last}"
    in_file = f"row {first_row + index}" if lost == 1 else f"rows {first_row + index}-{first_row + last}"
    reason = f"row group unreadable, {counted(lost, 'row')} lost ({in_file} of the file): " \
             f"{one_line(exc)}"
    return f"row group {group} {where}", None, LostRows(reason, lost)
