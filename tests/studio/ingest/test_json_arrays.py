"""JSON arrays of rows and the ShareGPT, OpenAI `messages` and Chatbot Arena chat formats: detection, element places,
a cut-off file, elements over the row limit, and every split of the stream into chunks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Store, prompt_id_for
from studio.ingest import FileUnreadable, ingest_paths, open_input, sources
from studio.ingest.sources import JsonArraySource
from tests.studio.ingest.conftest import FIXTURES


def _items(path: Path, limit: int = 4 << 20) -> list[tuple[str, object, object]]:
    return list(JsonArraySource(path, limit))


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_of_chat_rows_is_read_element_by_element(store: Store, tmp_path: Path,
                                                              indent: int | None) -> None:
    """A `.json` file holding one array of rows (a common dump) was refused, with advice to convert it by jq."""
    path = tmp_path / "chats.json"
    rows = [{"conversation_id": f"c{i}", "conversation": [{"role": "user", "content": f"List {i} rivers"}]}
            for i in range(1, 4)]
    path.write_text(json.dumps(rows, indent=indent), encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert (summary.files[0].format, summary.added, summary.bad_rows) == ("lmsys", 3, 0)
    third = store.get_prompt(prompt_id_for("List 3 rivers"))
    assert third is not None and (third.source_row, third.conversation_id) == ("element 3", "c3")


@pytest.mark.parametrize("name", ["sharegpt.json", "messages.jsonl"])
def test_sharegpt_and_messages_chats_keep_the_first_user_turn(store: Store, formats: Path, name: str) -> None:
    ingest_paths(store, [formats / name])
    source = name.split(".")[0]
    for index, chat in enumerate(FIXTURES.GOOD_CHATS, start=1):
        first_user = next(t["content"] for t in chat["conversation"] if t["role"] == "user")
        prompt = store.get_prompt(prompt_id_for(first_user))
        assert prompt is not None, first_user
        assert (prompt.text, prompt.source, prompt.conversation_id) == (first_user, source, chat["id"])
        assert prompt.source_row == (f"element {index}" if source == "sharegpt" else str(index))
    # Neither fixture labels its rows with a language: each is detected from the text.
    assert {p.language for p in store.iter_prompts()} == {"en", "es", "zh", "de", "fr", "ru"}


def test_bad_elements_are_reported_in_place_and_the_next_one_read(store: Store, formats: Path) -> None:
    summary = ingest_paths(store, [formats / "sharegpt.json"])
    assert [(issue.location, issue.reason) for issue in summary.errors] == [
        ("element 8", "empty prompt text"),
        ("element 9", "no user turn in conversation"),
        ("element 10", "missing field 'conversations'"),
        ("element 11", "field 'conversations' is str, expected a list of turns"),
        ("element 12", "invalid JSON: Expecting ',' delimiter (column 88)"),
        ("element 13", "not valid UTF-8 (byte 0xe9 at offset 75)"),
        ("element 14", "expected a JSON object, got list"),
    ]


def test_sharegpt_and_messages_rows_in_parquet(store: Store, tmp_path: Path) -> None:
    """Hugging Face publishes chat sets as Parquet: the turns a list of structs, detected by the column's name."""
    sharegpt, messages = tmp_path / "sharegpt.parquet", tmp_path / "messages.parquet"
    pq.write_table(pa.Table.from_pylist([
        {"id": "a", "conversations": [{"from": "human", "value": "Name 3 moons"}, {"from": "gpt", "value": "Io"}],
         "extra": "x"},
        {"id": "b", "conversations": [{"from": "gpt", "value": "Hello"}], "extra": "y"}]), sharegpt)
    pq.write_table(pa.Table.from_pylist([{"messages": [{"role": "user", "content": "List 4 rivers"}]}]), messages)
    summary = ingest_paths(store, [sharegpt, messages])
    assert [report.format for report in summary.files] == ["sharegpt", "messages"]
    assert [(issue.location, issue.reason) for issue in summary.errors] == [
        ("row group 0 row 1", "no user turn in conversation")]
    assert sorted((p.text, p.source, p.conversation_id) for p in store.iter_prompts()) == [
        ("List 4 rivers", "messages", None), ("Name 3 moons", "sharegpt", "a")]


def test_chatbot_arena_battles_give_their_one_prompt(store: Store, tmp_path: Path) -> None:
    """A battle sends one prompt to two models: `conversation_a` and `conversation_b` open with the same turn."""
    path = tmp_path / "arena.parquet"

    def battle(question: str, text: str, language: str) -> dict[str, object]:
        turns = [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]
        return {"question_id": question, "model_a": "a", "model_b": "b", "conversation_a": turns,
                "conversation_b": turns, "language": language, "anony": True}

    pq.write_table(pa.Table.from_pylist([battle("q1", "Nenne drei Flüsse", "German"),
                                         battle("q2", "Nenne drei Flüsse", "German"),
                                         battle("q3", "Write 5 slogans for tea", "English")]), path)
    summary = ingest_paths(store, [path])
    assert (summary.files[0].format, summary.added, summary.duplicates) == ("arena", 2, 1)
    assert sorted((p.text, p.source, p.conversation_id, p.language) for p in store.iter_prompts()) == [
        ("Nenne drei Flüsse", "arena", "q1", "de"), ("Write 5 slogans for tea", "arena", "q3", "en")]


def test_message_content_parts_give_their_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chats.jsonl"
    parts = [{"type": "text", "text": "Name 3 moons"}, {"type": "image_url", "image_url": {"url": "x"}},
             {"type": "text", "text": "and 2 rings."}]
    lines = [{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": parts}]},
             {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
             {"messages": [{"role": "user", "content": 7}]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert [p.text for p in store.iter_prompts()] == ["Name 3 moons\nand 2 rings."]
    assert [issue.reason for issue in summary.errors] == [
        "first user turn content is a list without text parts", "first user turn content is int, expected a string"]


def test_a_cut_off_array_keeps_every_element_before_the_cut(formats: Path, tmp_path: Path) -> None:
    """Cut at every byte: the elements that end before the cut are read as in the whole file, and the cut is
    reported once, at the element it fell in; nothing after it is invented."""
    data = (formats / "sharegpt.json").read_bytes()
    whole = _items(formats / "sharegpt.json")
    path = tmp_path / "cut.json"
    closing = data.rindex(b"]")
    for cut in range(data.index(b"[") + 1, closing):
        path.write_bytes(data[:cut])
        items = _items(path)
        *kept, last = items
        assert kept == whole[:len(kept)], cut
        assert last[1:] == (None, "the file ends before the array is closed (truncated?): this element and any "
                                  "after it are lost"), cut
        assert last[0] == f"element {len(kept) + 1}", cut


def test_a_cut_off_compressed_array_says_where_the_data_broke(tmp_path: Path, formats: Path) -> None:
    packed = gzip.compress((formats / "sharegpt.json").read_bytes())
    path = tmp_path / "chats.json.gz"
    path.write_bytes(packed)
    assert _items(path) == _items(formats / "sharegpt.json")
    path.write_bytes(packed[:len(packed) // 2])
    *kept, last = _items(path)
    assert kept and last[1:] == (None, "the compressed data ends mid-stream: the gzip file is truncated")


@pytest.mark.parametrize("chunk", [64, 1 << 20])  # read as it streams in, or whole in the buffer
def test_an_element_over_the_row_limit_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  chunk: int) -> None:
    """The long element comes after the first 4 KiB (what the file's reader holds after peeking at its start)."""
    monkeypatch.setattr(sources, "_ARRAY_CHUNK", chunk)
    path = tmp_path / "rows.json"
    rows = [*({"prompt": f"short {i}"} for i in range(300)), {"prompt": "x" * 5000 + '"]},{' * 10}, {"prompt": "end"}]
    path.write_text(json.dumps(rows, separators=(",", ":")), encoding="utf-8")
    size = len(json.dumps(rows[300], separators=(",", ":")))
    expected = [(f"element {index}", row, None) for index, row in enumerate(rows, start=1)]
    expected[300] = ("element 301", None, f"element is {size:,} bytes, over the 1,024-byte row limit")
    assert _items(path, limit=1024) == expected


@pytest.mark.parametrize(("content", "expected"), [
    (b"[]", []),
    (b"  [ ]\n", []),
    (b'[{"prompt": "a"}]  \n', [("element 1", {"prompt": "a"}, None)]),
    (b'[{"prompt": "a"},]', [("element 1", {"prompt": "a"}, None),
                            ("element 2", None, "invalid JSON: Expecting value (column 1)")]),
    (b'[{"prompt": "a"}] [{"prompt": "b"}]', [("element 1", {"prompt": "a"}, None),
                                              ("after element 1", None, "text after the end of the array is not "
                                                                        "read")]),
    (b'[{"prompt": "a"}]]', [("element 1", {"prompt": "a"}, None),
                            ("after element 1", None, "text after the end of the array is not read")]),
    (b'[{"prompt": "a"}, 2]]', [("element 1", {"prompt": "a"}, None),
                               ("element 2", None, "expected a JSON object, got int"),
                               ("after element 2", None, "text after the end of the array is not read")]),
    (b"[] x", [("after the array", None, "text after the end of the array is not read")]),
    (b'["a", 3]', [("element 1", None, "expected a JSON object, got str"),
                   ("element 2", None, "expected a JSON object, got int")]),
])
def test_array_edges(tmp_path: Path, content: bytes, expected: list[tuple[str, object, object]]) -> None:
    path = tmp_path / "rows.json"
    path.write_bytes(content)
    assert _items(path) == expected


def test_what_counts_as_an_array(tmp_path: Path) -> None:
    """`[{` opens an array of rows whatever the file is called; `.json` needs only `[`; a text file whose first
    prompt starts with "[" stays text; --format json refuses a file that is no array."""
    cases = {"export": b'[{"prompt": "a"}]', "rows.json": b'\n[1, {"prompt": "a"}]',
             "prompts.txt": b"[INST] Name 3 moons\n",
             "notes": b"[draft] Name 3 moons\n", "rows.jsonl": b'{"prompt": "a"}\n'}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    kinds = {name: type(open_input(tmp_path / name)[0]).__name__ for name in cases}
    assert kinds == {"export": "JsonArraySource", "rows.json": "JsonArraySource", "prompts.txt": "TextSource",
                     "notes": "TextSource", "rows.jsonl": "JsonlSource"}
    assert open_input(tmp_path / "rows.json")[1].name == "json"  # the plain format: `prompt` fields
    with pytest.raises(FileUnreadable, match="not a JSON array; --format json reads a file holding one array"):
        open_input(tmp_path / "rows.jsonl", "json")
    assert open_input(tmp_path / "export", "sharegpt")[1].name == "sharegpt"


_TEXT = st.text(alphabet=st.sampled_from(['"', "\\", "[", "]", "{", "}", ",", " ", "\n", "a", "é", "\u2028", "語"]),
                max_size=12)
_ROW = st.dictionaries(st.sampled_from(["prompt", "id", "x"]), st.one_of(_TEXT, st.lists(_TEXT, max_size=3),
                                                                         st.integers()), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, max_size=8), indent=st.sampled_from([None, 1]), ascii_only=st.booleans(),
       chunk=st.one_of(st.integers(min_value=1, max_value=9), st.just(1 << 20)))
def test_every_split_into_chunks_reads_the_same_rows(tmp_path: Path, rows: list[dict[str, object]],
                                                     indent: int | None, ascii_only: bool, chunk: int) -> None:
    """Strings full of quotes, backslashes and brackets, cut anywhere between chunks (inside an escape or a
    character too), or read whole."""
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows, indent=indent, ensure_ascii=ascii_only), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "_ARRAY_CHUNK", chunk)
        items = _items(path)
    assert items == [(f"element {index}", row, None) for index, row in enumerate(rows, start=1)]


_PIECES = st.sampled_from([b"[", b"]", b"{", b"}", b",", b'"', b"\\", b":", b" ", b"\n", b"1", b"null", b'"a"',
                           b'{"prompt": "p"}', b"\xe9", b"\xc3\xa9", b"\x00"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(_PIECES, st.binary(max_size=4)), max_size=30),
       chunk=st.one_of(st.integers(min_value=1, max_value=5), st.just(1 << 20)))
def test_any_bytes_in_an_array_are_read_without_a_crash_and_numbered_in_order(
        tmp_path: Path, pieces: list[bytes], chunk: int) -> None:
    """Whatever follows the opening bracket, reading never raises, and the rows are elements 1, 2, ... in order,
    then at most one report after the last, whichever way the stream is split."""
    path = tmp_path / "rows.json"
    path.write_bytes(b"[" + b"".join(pieces))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "_ARRAY_CHUNK", chunk)
        items = _items(path)
    rows = [row for row, _, _ in items]
    numbered = [row for row in rows if not row.startswith("after")]
    assert numbered == [f"element {index}" for index in range(1, len(numbered) + 1)]
    assert rows[len(numbered):] in ([], [f"after element {len(numbered)}" if numbered else "after the array"])
    assert all((record is None) != (error is None) for _, record, error in items)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "_ARRAY_CHUNK", 1 << 20)
        assert [item[0] for item in _items(path)] == rows  # the same elements, read whole
