"""Bad input: every bad row is counted, located and recorded; good rows all kept; unreadable files fail clearly."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from store import Store
from studio.ingest import MAX_REPORTED_ERRORS, FileUnreadable, ingest_paths, open_input, sources
from tests.studio.ingest.conftest import write_lmsys_rows

LMSYS_JSONL_BAD = [
    ("8", "empty prompt text"),
    ("9", "no user turn in conversation"),
    ("10", "missing field 'conversation'"),
    ("11", "field 'conversation' is str, expected a list of turns"),
    ("12", "invalid JSON: Unterminated string"),
    ("13", "not valid UTF-8 (byte 0xe9"),
    ("14", "expected a JSON object, got list"),
]


def test_jsonl_bad_rows_have_line_numbers_and_reasons(store: Store, formats: Path) -> None:
    path = formats / "lmsys.jsonl"
    summary = ingest_paths(store, [path])
    reported = [(issue.location, issue.reason) for issue in summary.errors]
    assert len(reported) == len(LMSYS_JSONL_BAD)
    for (location, reason), (want_location, want_reason) in zip(reported, LMSYS_JSONL_BAD):
        assert location == want_location and reason.startswith(want_reason)
    assert str(summary.errors[0]) == f"{path}:8: empty prompt text"
    recorded = store.list_ingest_errors(str(path))
    assert [(r.location, r.reason) for r in recorded] == reported


def test_an_escaped_lone_surrogate_is_a_bad_row_and_its_neighbours_are_kept(store: Store, tmp_path: Path) -> None:
    """JSON may escape half a surrogate pair ("\\ud800"), which decodes to a string no UTF-8 store can hold: it
    once failed the whole batch (0 prompts stored, the file never ingestible); now it is that row's error, in the
    prompt, in a chat log's first turn and in a release row's data, while a whole escaped pair (an emoji) is text."""
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"prompt": "list 3 birds"}\n{"prompt": "bad \\ud800 x"}\n'
                     '{"prompt": "an emoji \\ud83d\\ude00 is fine"}\n', encoding="utf-8")
    chat = tmp_path / "chat.jsonl"
    chat.write_text('{"conversation_id": "c1", "conversation": [{"role": "user", "content": "\\udc80 hi"}]}\n'
                    '{"conversation_id": "c2", "conversation": [{"role": "user", "content": "good"}]}\n',
                    encoding="utf-8")
    release = tmp_path / "release.jsonl"
    release.write_text('{"source": "x", "prompt": "Name these: A, B", "category": "QA", "data": ["A", "\\udfff"]}'
                       '\n', encoding="utf-8")
    summary = ingest_paths(store, [plain, chat, release])
    assert [(issue.location, issue.reason) for issue in summary.errors] == [
        ("2", "prompt text holds a lone surrogate (U+D800 at character 4), half of an escaped pair: not text"),
        ("1", "prompt text holds a lone surrogate (U+DC80 at character 0), half of an escaped pair: not text"),
        ("1", "field 'data' holds a lone surrogate (U+DFFF at character 0), half of an escaped pair: not text"),
    ]
    assert summary.added == 3 and store.count_prompts() == 3
    assert "an emoji \U0001f600 is fine" in [prompt.text for prompt in store.iter_prompts()]


def test_a_file_name_that_is_not_utf8_is_stored_escaped(store: Store, tmp_path: Path) -> None:
    """Such a name decodes to lone surrogates, which once failed the whole ingest where the name is stored."""
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/bad\xffname.jsonl")
    Path(name).write_text('{"prompt": "list 3 birds"}\n{"prompt": ""}\n', encoding="utf-8")
    summary = ingest_paths(store, [name])
    assert summary.added == 1 and summary.files[0].path.endswith("bad\\xffname.jsonl")
    assert [prompt.source_file for prompt in store.iter_prompts()] == [summary.files[0].path]
    assert len(store.list_ingest_errors(summary.files[0].path)) == 1


def test_parquet_bad_rows_are_located_by_row_group(store: Store, formats: Path) -> None:
    summary = ingest_paths(store, [formats / "lmsys.parquet"])
    assert [(i.location, i.reason) for i in summary.errors] == [
        ("row group 1 row 3", "empty prompt text"),
        ("row group 2 row 0", "no user turn in conversation"),
        ("row group 2 row 1", "missing field 'conversation'"),
    ]


def test_reingest_records_each_bad_row_once(store: Store, formats: Path) -> None:
    path = formats / "wildchat.jsonl"
    ingest_paths(store, [path])
    again = ingest_paths(store, [path])
    assert again.bad_rows == 7 and again.added == 0
    assert len(store.list_ingest_errors(str(path))) == 7


def test_a_null_line_is_reported_as_null(store: Store, tmp_path: Path) -> None:
    """A `null` line was reported as "got NoneType", Python's name for it; it is "null" now, as in the row reasons."""
    path = write_lmsys_rows(tmp_path / "chat.jsonl", ["List 3 moons"])
    with path.open("a", encoding="utf-8") as out:
        out.write('null\n"text"\n[1]\n')
    summary = ingest_paths(store, [path])
    assert [(issue.location, issue.reason) for issue in summary.errors] == [
        ("2", "expected a JSON object, got null"), ("3", "expected a JSON object, got str"),
        ("4", "expected a JSON object, got list")]


def test_a_10_mb_line_is_skipped_and_its_neighbours_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    huge = {"conversation_id": "huge", "conversation": [{"role": "user", "content": "x" * (10 * 1024 * 1024)}]}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"conversation": [{"role": "user", "content": "before"}]}) + "\n")
        out.write(json.dumps(huge) + "\n")
        out.write(json.dumps({"conversation": [{"role": "user", "content": "after"}]}) + "\n")
    summary = ingest_paths(store, [path])
    assert (summary.read, summary.added, summary.bad_rows) == (3, 2, 1)
    assert summary.errors[0].location == "2"
    assert "over the 4,194,304-byte row limit" in summary.errors[0].reason
    assert {p.text for p in store.iter_prompts()} == {"before", "after"}


def test_row_limit_is_configurable(store: Store, tmp_path: Path) -> None:
    path = write_lmsys_rows(tmp_path / "rows.jsonl", ["short", "a much longer prompt " * 200])
    summary = ingest_paths(store, [path], max_row_bytes=2048)
    assert (summary.added, summary.bad_rows) == (1, 1)


def test_truncated_parquet_is_unreadable_and_other_files_still_go_in(store: Store, formats: Path,
                                                                     tmp_path: Path) -> None:
    truncated = tmp_path / "cut.parquet"
    data = (formats / "lmsys.parquet").read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileUnreadable, match="not a readable Parquet file"):
        open_input(truncated)
    summary = ingest_paths(store, [truncated, formats / "plain.txt"])
    assert summary.unreadable_files[0].path == str(truncated)
    assert summary.errors[0].location == "file"
    assert summary.added == 3


def test_unreadable_row_group_loses_only_its_rows(store: Store, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "groups.parquet"
    rows = [{"prompt": f"prompt number {i}"} for i in range(6)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    real_iter_batches = pq.ParquetFile.iter_batches

    def failing_group_1(self: pq.ParquetFile, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if kwargs.get("row_groups") == [1]:
            raise pa.ArrowInvalid("corrupt page")
        return real_iter_batches(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", failing_group_1)
    summary = ingest_paths(store, [path])
    assert (summary.read, summary.added, summary.bad_rows) == (6, 4, 2)
    # One line for the whole group, not one per row.
    assert [(i.location, i.reason) for i in summary.errors] == [
        ("row group 1 rows 0-1", "row group unreadable, 2 rows lost (rows 2-3 of the file): corrupt page")]
    assert len(store.list_ingest_errors(str(path))) == 1 and summary.bad_records == 1


def test_csv_recovers_after_a_malformed_record(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b'prompt,extra\n"first prompt",1\nonly one field\n"caf\xe9",2\n"last prompt",3\n')
    summary = ingest_paths(store, [path])
    assert (summary.added, summary.bad_rows) == (2, 2)
    assert [(i.location, i.reason) for i in summary.errors] == [
        ("3", "has 1 fields, the header has 2"), ("4", "not valid UTF-8")]


def test_error_list_is_capped_but_counted(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "junk.jsonl"
    path.write_text("not json\n" * (MAX_REPORTED_ERRORS + 50) + '{"prompt": "the one good row"}\n')
    summary = ingest_paths(store, [path])
    assert summary.bad_rows == MAX_REPORTED_ERRORS + 50
    assert len(summary.errors) == MAX_REPORTED_ERRORS
    assert summary.to_json()["bad_rows"] == MAX_REPORTED_ERRORS + 50
    assert summary.added == 1
    assert len(store.list_ingest_errors(str(path), limit=1000)) == MAX_REPORTED_ERRORS + 50


def test_an_oversized_parquet_prompt_is_a_bad_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "long.parquet"
    pq.write_table(pa.Table.from_pylist([{"prompt": "fine"}, {"prompt": "y" * 5000}]), path)
    summary = ingest_paths(store, [path], max_row_bytes=4096)
    assert (summary.added, summary.bad_rows) == (1, 1)
    assert summary.errors[0].location == "row group 0 row 1"
    assert summary.errors[0].reason == "prompt is 5,000 characters, over the 4,096 limit"


def test_a_row_group_failing_midway_keeps_the_rows_before(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big-group.parquet"
    pq.write_table(pa.Table.from_pylist([{"prompt": f"row {i}"} for i in range(10)]), path, row_group_size=10)
    monkeypatch.setattr(sources, "PARQUET_BATCH_ROWS", 4)
    real_iter_batches = pq.ParquetFile.iter_batches

    def failing_after_one_batch(self: pq.ParquetFile, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        batches = real_iter_batches(self, *args, **kwargs)
        yield next(batches)
        raise OSError("Couldn't deserialize thrift:\nDeserializing page header failed.\n")

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", failing_after_one_batch)
    summary = ingest_paths(store, [path])
    assert (summary.read, summary.added, summary.bad_rows) == (10, 4, 6)
    assert [(i.location, i.reason) for i in summary.errors] == [
        ("row group 0 rows 4-9", "row group unreadable, 6 rows lost (rows 4-9 of the file): Couldn't deserialize "
                                 "thrift: Deserializing page header failed.")]


@pytest.mark.parametrize(("content", "kept", "error"), [
    # The quote closes three lines on, followed by text: the rows in between were merged into one prompt.
    (b'prompt,category\nfirst,a\n"unclosed,b\nsecond,c\n"third",d\nfourth,e\n', ["first", "fourth", "second", "third"],
     ("3", "unbalanced quote: the quoted field opened on line 3 is not closed before line 5 (',' expected after "
           "'\"'); read again from line 4")),
    # The quote never closes: every row after it was swallowed ("has 1 fields").
    (b'prompt,category\n"never closed,a\ngood one,b\ngood two,c\n', ["good one", "good two"],
     ("2", "unbalanced quote: the quoted field opened on line 2 is not closed before the end of the file; read "
           "again from line 3")),
])
def test_csv_unbalanced_quote_is_reported_where_it_opened(store: Store, tmp_path: Path, content: bytes,
                                                          kept: list[str], error: tuple[str, str]) -> None:
    path = tmp_path / "quotes.csv"
    path.write_bytes(content)
    summary = ingest_paths(store, [path])
    assert sorted(p.text for p in store.iter_prompts()) == kept
    assert [(i.location, i.reason) for i in summary.errors] == [error]


def test_csv_unbalanced_quote_is_bounded_by_the_row_limit(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "long-quote.csv"
    rows = b"".join(b"row number %d,x\n" % i for i in range(2000))
    path.write_bytes(b'prompt,category\n"opened here,a\n' + rows)
    summary = ingest_paths(store, [path], max_row_bytes=4096)
    assert (summary.added, summary.bad_rows) == (2000, 1)
    assert summary.errors[0].location == "2"
    assert summary.errors[0].reason.startswith("unbalanced quote: the quoted field opened on line 2 is not closed "
                                               "within the 4,096-byte row limit")


def test_binary_csv_is_refused_in_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(FileUnreadable) as refused:
        open_input(path)
    assert str(refused.value) == f"{path}: not UTF-8 text (binary data, or another encoding); CSV must be UTF-8"


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_truncated_compressed_jsonl_keeps_the_rows_before_the_cut(store: Store, tmp_path: Path,
                                                                 suffix: str) -> None:
    plain = write_lmsys_rows(tmp_path / "rows.jsonl", [f"prompt {i} about rivers" for i in range(3000)])
    compressed = tmp_path / f"rows{suffix}"
    compress = gzip.compress if suffix.endswith(".gz") else zstandard.ZstdCompressor().compress
    whole = compress(plain.read_bytes())
    compressed.write_bytes(whole[: len(whole) // 2])
    summary = ingest_paths(store, [compressed])
    assert summary.unreadable_files == []
    assert summary.added > 0 and summary.bad_rows == 1 and summary.read == summary.added + 1
    cut = summary.errors[0]
    assert cut.location == str(summary.added + 1)
    kind = "gzip" if suffix.endswith(".gz") else "zstd"
    assert cut.reason == f"the compressed data ends mid-stream: the {kind} file is truncated"
    texts = {p.text for p in store.iter_prompts()}
    assert texts == {f"prompt {i} about rivers" for i in range(summary.added)}
