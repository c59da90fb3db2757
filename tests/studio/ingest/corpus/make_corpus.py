"""Write the hostile-input corpus in this folder: small files, each one way an input file can be broken.

Run `python tests/studio/ingest/corpus/make_corpus.py` after changing it; the outputs are committed (a few KB in
all). Files too big to commit (a 50 MB line, JSON nested 100k deep) are written at test time by
`tests/studio/ingest/test_corpus.py`. CASES says, for every file, what ingest must make of it: how many good rows
it keeps, which rows it reports bad (location, start of the reason), or why it refuses the whole file.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

HERE = Path(__file__).resolve().parent
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Case:
    """What ingest must make of one input: `added` good rows, these bad rows, or the whole file refused."""

    added: int = 0
    bad: list[tuple[str, str]] = field(default_factory=list)  # (location, start of the reason)
    lost: int = 0  # rows lost beyond one per entry of `bad` (a row group is one entry for all its rows)
    format: str = "auto"
    unreadable: str | None = None  # a regex the file-level message matches


def lmsys(text: str) -> bytes:
    """One LMSYS JSONL line (no newline) whose first user turn is `text`."""
    return json.dumps({"conversation_id": f"id-{text[:40]}", "language": "English",
                       "conversation": [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]},
                      ensure_ascii=False).encode()


def _lines(*lines: bytes, end: bytes = b"\n") -> bytes:
    return b"".join(line + end for line in lines)


def _prompts(prefix: str, count: int) -> list[bytes]:
    return [lmsys(f"{prefix} prompt number {i}, please answer") for i in range(count)]


_ROWS_JSONL = _lines(*_prompts("compressed", 40))
_ROWS_CSV = b"prompt,category\n" + b"".join(b"csv prompt %d,cat\n" % i for i in range(30))
_ROWS_TEXT = _lines(*(b"text prompt %d" % i for i in range(25)))


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _zstd(data: bytes) -> bytes:
    """One zstd frame, a block per 1,000 bytes (as a streaming writer makes them): a cut file keeps its head."""
    compressor = zstandard.ZstdCompressor(level=3).compressobj()
    blocks = [compressor.compress(data[start:start + 1000]) + compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
              for start in range(0, len(data), 1000)]
    return b"".join(blocks) + compressor.flush()


def _parquet(rows: list[dict[str, str]], row_group_size: int) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer, row_group_size=row_group_size, compression="NONE")
    return buffer.getvalue()


def _corrupt_row_group(data: bytes, group: int) -> bytes:
    """The Parquet file with the first page header of row group `group` overwritten: that group alone fails."""
    column = pq.ParquetFile(io.BytesIO(data)).metadata.row_group(group).column(0)
    start = column.dictionary_page_offset if column.has_dictionary_page else column.data_page_offset
    broken = bytearray(data)
    broken[start:start + 8] = b"\xff" * 8
    return bytes(broken)


_PARQUET = _parquet([{"prompt": f"parquet prompt {i}"} for i in range(9)], row_group_size=3)

FILES: dict[str, bytes] = {
    # A first line that is Parquet's magic does not make a JSONL file Parquet (issue 12).
    "par1_first_line.jsonl": _lines(b"PAR1", *_prompts("par1", 3)),
    "par1_first_line_lmsys.jsonl": _lines(b"PAR1", *_prompts("par1 lmsys", 3)),
    "par1_start_only": _lines(b"PAR1", b"\x00\x01 cut short"),  # no extension: a truncated Parquet file
    # A UTF-8 byte order mark, sniffed and explicit.
    "bom.jsonl": BOM + _lines(*_prompts("bom", 2)),
    "bom_lmsys.jsonl": BOM + _lines(*_prompts("bom lmsys", 2)),
    "bom_no_extension": BOM + _lines(*_prompts("bom sniffed", 2)),
    "bom.csv": BOM + b"prompt,category\nbom csv prompt,a\n",
    "bom.txt": BOM + b"bom text prompt one\nbom text prompt two\n",
    # Unbalanced CSV quotes: never merge rows, never swallow the good rows after them.
    "quote_to_eof.csv": b'prompt,category\n"unclosed quote,a\ngood one,b\ngood two,c\n',
    "quote_merges.csv": b'prompt,category\nfirst,a\n"unclosed,b\nsecond,c\n"third",d\nfourth,e\n',
    "quote_multiline_ok.csv": b'prompt,category\n"a prompt\nover two lines",a\nnext,b\n',
    # Binary input where text was expected: one short line, not the bytes.
    "gzip_named.csv": _gzip(_ROWS_CSV),
    "binary.csv": bytes(range(256)) * 3,
    # Parquet: a row group that cannot be decoded, and a file cut in half.
    "corrupt_group.parquet": _corrupt_row_group(_PARQUET, 1),
    "truncated.parquet": _PARQUET[:len(_PARQUET) // 2],
    "compressed.parquet.gz": _gzip(_PARQUET),
    # Invalid UTF-8 and NUL bytes, in each line format.
    "invalid_utf8.jsonl": _lines(lmsys("utf8 good one"), b'{"conversation": [{"role": "user", "content": "caf\xe9"}]}',
                                 lmsys("utf8 good two")),
    "invalid_utf8.txt": b"good text line\nbad \xff\xfe line\nanother good line\n",
    "invalid_utf8.csv": b"prompt,category\ngood csv,a\ncaf\xe9,b\nalso good,c\n",
    "nul.jsonl": _lines(lmsys("nul good"), b'{"conversation": [{"role": "user", "content": "a\x00b"}]}',
                        lmsys("escaped \x00 nul"), lmsys("nul good two")),
    "nul.txt": b"nul text good\nnul\x00inside\nnul text good two\n",
    "nul.csv": b"prompt,category\nnul csv good,a\nnul\x00csv,b\nnul csv good two,c\n",
    # Line endings: \n, \r\n and a final line without any.
    "mixed_endings.jsonl": lmsys("crlf one") + b"\r\n" + lmsys("lf two") + b"\n" + lmsys("no end three"),
    "mixed_endings.txt": b"crlf text\r\nlf text\nlast text",
    "mixed_endings.csv": b"prompt,category\r\ncrlf csv,a\r\nlf csv,b\n\"quoted\r\nnewline\",c\nlast csv,d",
    # Empty and blank files: nothing to read, nothing wrong.
    "empty.jsonl": b"",
    "empty.csv": b"",
    "empty.txt": b"",
    "empty_no_extension": b"",
    "blank.jsonl": b"\n  \n\r\n",
    "empty.jsonl.gz": _gzip(b""),
    # Compressed line files: by extension and by magic bytes, several members/frames, and cut short.
    "rows.jsonl.gz": _gzip(_ROWS_JSONL),
    "rows.jsonl.zst": _zstd(_ROWS_JSONL),
    "rows_gzip_no_extension": _gzip(_ROWS_JSONL),
    "rows_zstd_named.jsonl": _zstd(_ROWS_JSONL),
    "rows.csv.gz": _gzip(_ROWS_CSV),
    "rows.txt.zst": _zstd(_ROWS_TEXT),
    "two_members.jsonl.gz": _gzip(_lines(*_prompts("member one", 3))) + _gzip(_lines(*_prompts("member two", 4))),
    "two_frames.jsonl.zst": _zstd(_lines(*_prompts("frame one", 3))) + _zstd(_lines(*_prompts("frame two", 4))),
    "truncated.jsonl.gz": _gzip(_lines(*_prompts("gzip cut", 400)))[:1500],
    "truncated.jsonl.zst": _zstd(_lines(*_prompts("zstd cut", 400)))[:1500],
    "gzip_magic_first_line.jsonl": _lines(b"\x1f\x8b\x08 not gzip at all", *_prompts("fake magic", 2)),
}


CASES: dict[str, Case] = {
    "par1_first_line.jsonl": Case(added=3, bad=[("1", "invalid JSON")]),
    "par1_first_line_lmsys.jsonl": Case(added=3, bad=[("1", "invalid JSON")], format="lmsys"),
    "par1_start_only": Case(unreadable="starts like a Parquet file but does not end like one"),
    "bom.jsonl": Case(added=2),
    "bom_lmsys.jsonl": Case(added=2, format="lmsys"),
    "bom_no_extension": Case(added=2),
    "bom.csv": Case(added=1),
    "bom.txt": Case(added=2),
    "quote_to_eof.csv": Case(added=2, bad=[("2", "unbalanced quote")]),
    "quote_merges.csv": Case(added=4, bad=[("3", "unbalanced quote")]),
    "quote_multiline_ok.csv": Case(added=2),
    "gzip_named.csv": Case(added=30),
    "binary.csv": Case(unreadable="binary.csv: binary data, not CSV text"),
    "corrupt_group.parquet": Case(added=6, bad=[("row group 1 rows 0-2", "row group unreadable, 3 rows lost")],
                                   lost=2),
    "truncated.parquet": Case(unreadable="not a readable Parquet file"),
    "compressed.parquet.gz": Case(unreadable="decompress it first"),
    "invalid_utf8.jsonl": Case(added=2, bad=[("2", "not valid UTF-8")]),
    "invalid_utf8.txt": Case(added=2, bad=[("2", "not valid UTF-8")]),
    "invalid_utf8.csv": Case(added=2, bad=[("3", "not valid UTF-8")]),
    "nul.jsonl": Case(added=2, bad=[("2", "invalid JSON"), ("3", "prompt text contains a NUL character")]),
    "nul.txt": Case(added=2, bad=[("2", "prompt text contains a NUL character")]),
    "nul.csv": Case(added=2, bad=[("3", "prompt text contains a NUL character")]),
    "mixed_endings.jsonl": Case(added=3),
    "mixed_endings.txt": Case(added=3),
    "mixed_endings.csv": Case(added=4),
    "empty.jsonl": Case(),
    "empty.csv": Case(),
    "empty.txt": Case(),
    "empty_no_extension": Case(),
    "blank.jsonl": Case(),
    "empty.jsonl.gz": Case(),
    "rows.jsonl.gz": Case(added=40),
    "rows.jsonl.zst": Case(added=40),
    "rows_gzip_no_extension": Case(added=40),
    "rows_zstd_named.jsonl": Case(added=40),
    "rows.csv.gz": Case(added=30),
    "rows.txt.zst": Case(added=25),
    "two_members.jsonl.gz": Case(added=7),
    "two_frames.jsonl.zst": Case(added=7),
    "gzip_magic_first_line.jsonl": Case(added=2, bad=[("1", "not valid UTF-8")]),
}


def _cut_case(kept_prefix: bytes) -> Case:
    """Rows whose line ended before the cut are kept; the line being read when the data ends is reported."""
    kept = kept_prefix.count(b"\n")
    return Case(added=kept, bad=[(str(kept + 1), "the compressed data ends mid-stream")])


# What a decoder makes of the cut files: everything before the cut point.
CASES["truncated.jsonl.gz"] = _cut_case(zlib.decompressobj(wbits=31).decompress(FILES["truncated.jsonl.gz"]))
CASES["truncated.jsonl.zst"] = _cut_case(
    zstandard.ZstdDecompressor().decompressobj().decompress(FILES["truncated.jsonl.zst"]))


def main() -> None:
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
