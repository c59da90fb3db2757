"""Property: whatever bytes a line holds, ingest never crashes and accounts for every row exactly once."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store import Store
from studio.ingest import ingest_paths
from studio.ingest.sources import BOM

_LMSYS_LINE = b'{"conversation_id": "c", "conversation": [{"role": "user", "content": "hello"}]}'
_GOOD = st.text(min_size=1, max_size=40).filter(str.strip).map(
    lambda text: json.dumps({"conversation_id": "c", "conversation": [{"role": "user", "content": text}]}).encode())
_JUNK = st.binary(max_size=60)
# Lines that start like something else: Parquet's and the compressors' magic bytes, a byte order mark.
_LOOKALIKE = st.sampled_from([b"PAR1", b"\x1f\x8b\x08", b"\x28\xb5\x2f\xfd", BOM]).flatmap(
    lambda magic: st.binary(max_size=30).map(lambda rest: magic + rest))
_ODD = st.sampled_from([b"{}", b"null", b'{"conversation": {}}', b'{"conversation": [1]}',
                        b'{"conversation": [{"role": "user", "content": null}]}', b'{"conversation_id": 1}'])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Every case Hypothesis ever found stays here, so that no run depends on finding it again.
@example([b"PAR1"])  # a first line equal to Parquet's magic made the file "Parquet" and lost its rows
@example([b"PAR1", _LMSYS_LINE])
@example([b"\x1f\x8b\x08", _LMSYS_LINE])  # gzip's magic bytes that start no gzip stream
@example([BOM + _LMSYS_LINE, _LMSYS_LINE])  # a byte order mark
@example([BOM])  # ... which is not a row of its own
@given(st.lists(st.one_of(_GOOD, _JUNK, _ODD, _LOOKALIKE), min_size=1, max_size=25))
def test_every_row_is_counted_once(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.jsonl"
        path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines) + b"\n")
        with Store(Path(folder) / "s.db") as store:
            summary = ingest_paths(store, [path], format_name="lmsys")
            rows = sum(1 for line in path.read_bytes().removeprefix(BOM).split(b"\n") if line.strip())
            assert summary.read == rows
            assert summary.added + summary.duplicates + summary.bad_rows == rows
            assert store.count_prompts() == summary.added
            assert len(store.list_ingest_errors(str(path), limit=100)) == summary.bad_rows


_CSV_PIECES = st.sampled_from(['"', ",", "\r", "\n", "\r\n", "a", "b c", '""', "\x00", "\udcff"])
_CSV_LINE = st.lists(_CSV_PIECES, max_size=12).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(['"open', "good,row", "other,row"])  # a quote that never closes
@example(['"a', 'b"x,c', "good,row"])  # text after a closing quote three lines on
@given(st.lists(_CSV_LINE, min_size=1, max_size=20))
def test_csv_quotes_never_crash_and_every_row_is_accounted_for(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        body = "\n".join(lines) + "\n"
        path.write_bytes(("prompt,category\n" + body).encode("utf-8", "surrogateescape"))
        with Store(Path(folder) / "s.db") as store:
            summary = ingest_paths(store, [path])
            assert summary.unreadable_files == []
            assert summary.read == summary.added + summary.duplicates + summary.bad_rows
            assert store.count_prompts() == summary.added
            last_line = len(body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            locations = [int(issue.location) for issue in store.list_ingest_errors(str(path), limit=1000)]
            assert len(locations) == summary.bad_rows and all(2 <= line <= last_line + 1 for line in locations)
