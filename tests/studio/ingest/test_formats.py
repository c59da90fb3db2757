"""Every input format, read from the committed fixtures: counts, detection, fields, first user turn."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import zstandard

from store import PromptFilter, Store, prompt_id_for
from studio.ingest import FileUnreadable, ingest_paths, open_input, pipeline
from tests.studio.ingest.conftest import FIXTURES, write_lmsys_rows

DETECTED = {
    "lmsys.jsonl": "lmsys", "lmsys.parquet": "lmsys", "wildchat.jsonl": "wildchat", "wildchat.parquet": "wildchat",
    "release.csv": "parallelprompt", "release.jsonl": "parallelprompt", "release.parquet": "parallelprompt",
    "sharegpt.json": "sharegpt", "messages.jsonl": "messages", "plain.jsonl": "jsonl", "plain.csv": "csv",
    "plain.txt": "text",
}


@pytest.mark.parametrize("name", sorted(FIXTURES.EXPECTED))
def test_every_fixture_ingests_with_expected_counts(store: Store, formats: Path, name: str) -> None:
    summary = ingest_paths(store, [formats / name])
    report = summary.files[0]
    counts = {key: getattr(report, key) for key in ("read", "added", "duplicates", "bad_rows", "schemas")}
    assert counts == FIXTURES.EXPECTED[name]
    assert report.format == DETECTED[name]
    assert store.count_prompts() == FIXTURES.EXPECTED[name]["added"]


@pytest.mark.parametrize("name", ["release.jsonl", "release.parquet"])
def test_a_release_ingested_again_adds_no_schemas(store: Store, formats: Path, name: str) -> None:
    """Its rows are duplicates and its schemas rewrite the stored ones: counting them as schemas said otherwise."""
    first = ingest_paths(store, [formats / name]).files[0]
    again = ingest_paths(store, [formats / name]).files[0]
    assert first.schemas == FIXTURES.EXPECTED[name]["schemas"] > 0
    assert (again.added, again.duplicates, again.schemas) == (0, first.added, 0)


@pytest.mark.parametrize("name", ["lmsys.jsonl", "lmsys.parquet", "wildchat.jsonl", "wildchat.parquet"])
def test_chat_logs_keep_the_first_user_turn_and_metadata(store: Store, formats: Path, name: str) -> None:
    ingest_paths(store, [formats / name])
    expected_source = name.split(".")[0]
    for chat in FIXTURES.GOOD_CHATS:
        first_user = next(t["content"] for t in chat["conversation"] if t["role"] == "user")
        prompt = store.get_prompt(prompt_id_for(first_user))
        assert prompt is not None, first_user
        assert prompt.text == first_user
        assert prompt.source == expected_source
        assert prompt.source_file == str(formats / name)
        assert prompt.redacted is chat["redacted"]
        assert prompt.conversation_id == ("wc-" if expected_source == "wildchat" else "") + chat["id"]
    # The system turn of c005 is skipped; its "unknown" language label falls back to detection.
    capitals = store.get_prompt(prompt_id_for(FIXTURES.GOOD_CHATS[4]["conversation"][1]["content"]))
    assert capitals is not None and capitals.language == "fr"
    languages = {p.language for p in store.iter_prompts()}
    assert languages == {"en", "es", "zh", "de", "fr", "ru"}


def test_source_rows_are_lines_or_row_groups(formats: Path, tmp_path: Path) -> None:
    first_text = FIXTURES.GOOD_CHATS[0]["conversation"][0]["content"]
    sixth_text = FIXTURES.GOOD_CHATS[5]["conversation"][0]["content"]
    for name, first_row, sixth_row in (("lmsys.jsonl", "1", "6"),
                                       ("wildchat.parquet", "row group 0 row 0", "row group 1 row 1")):
        with Store(tmp_path / f"{name}.db") as store:
            ingest_paths(store, [formats / name])
            first, sixth = store.get_prompt(prompt_id_for(first_text)), store.get_prompt(prompt_id_for(sixth_text))
            assert first is not None and sixth is not None
            assert (first.source_file, first.source_row) == (str(formats / name), first_row)
            assert sixth.source_row == sixth_row  # row groups of 4 rows


def test_plain_formats_keep_every_good_prompt(store: Store, formats: Path) -> None:
    ingest_paths(store, [formats / "plain.jsonl", formats / "plain.csv", formats / "plain.txt"])
    texts = {p.text for p in store.iter_prompts()}
    assert set(FIXTURES.PLAIN_PROMPTS) <= texts
    assert "A prompt\nthat spans two lines." in texts
    multi_line = store.get_prompt(prompt_id_for("A prompt\nthat spans two lines."))
    assert multi_line is not None and multi_line.source == "csv" and multi_line.source_row == "5"
    french = store.get_prompt(prompt_id_for("Écris un haïku sur la pluie."))
    assert french is not None and french.language == "fr"


def test_explicit_formats_override_detection(store: Store, formats: Path, tmp_path: Path) -> None:
    odd = tmp_path / "prompts.data"
    odd.write_text('{"prompt": "Name three rivers."}\n', encoding="utf-8")
    source, row_format = open_input(odd, "jsonl")
    assert row_format.name == "jsonl"
    assert open_input(odd, "text")[1].name == "text"  # the raw line becomes the prompt
    assert open_input(formats / "lmsys.parquet", "lmsys")[1].name == "lmsys"
    assert open_input(formats / "release.csv", "parallelprompt")[1].name == "parallelprompt"
    ingest_paths(store, [odd], format_name="text")
    assert store.count_prompts(PromptFilter(source="text")) == 1


def test_auto_detects_jsonl_and_text_without_extension(tmp_path: Path) -> None:
    jsonl = tmp_path / "export"
    jsonl.write_text('\n{"conversation_hash": "h", "conversation": []}\n', encoding="utf-8")
    text = tmp_path / "notes"
    text.write_text("Give me 3 names for a cat.\n", encoding="utf-8")
    assert open_input(jsonl)[1].name == "wildchat"
    assert open_input(text)[1].name == "text"


def test_undetectable_or_mismatched_files_are_unreadable(tmp_path: Path, formats: Path) -> None:
    unknown = tmp_path / "other.jsonl"
    unknown.write_text('{"question": "why?"}\n', encoding="utf-8")
    with pytest.raises(FileUnreadable, match="cannot tell its format.*question.*--format"):
        open_input(unknown)
    with pytest.raises(FileUnreadable, match="look"):
        open_input(formats / "plain.txt", "lmsys")
    with pytest.raises(FileUnreadable, match="directory"):
        open_input(tmp_path)
    with pytest.raises(FileUnreadable, match="No such file"):
        open_input(tmp_path / "missing.jsonl")


def test_parquet_reads_only_the_columns_the_format_needs(formats: Path) -> None:
    source, _ = open_input(formats / "wildchat.parquet")
    assert "openai_moderation" in source.names  # type: ignore[attr-defined]
    assert "openai_moderation" not in source.columns  # type: ignore[attr-defined]
    assert "conversation" in source.columns  # type: ignore[attr-defined]


def test_a_table_without_the_needed_column_is_unreadable(tmp_path: Path, formats: Path) -> None:
    questions = tmp_path / "questions.csv"
    questions.write_text("id,question\n1,why?\n", encoding="utf-8")
    with pytest.raises(FileUnreadable, match="no 'prompt' column.*columns: id, question"):
        open_input(questions, "csv")
    with pytest.raises(FileUnreadable, match="no 'conversation' column"):
        open_input(formats / "release.parquet", "wildchat")


def test_chat_logs_exported_to_csv_carry_json_conversations(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "lmsys.csv"
    path.write_text('conversation_id,conversation,language\n'
                    'a,"[{""role"": ""user"", ""content"": ""Name 3 moons.""}]",English\n'
                    'b,"[{""role"": ""user"", ""content"": ",English\n', encoding="utf-8")
    summary = ingest_paths(store, [path])
    assert summary.files[0].format == "lmsys" and summary.added == 1
    assert summary.errors[0].reason == "field 'conversation' is a string that is not a JSON list of turns"


def test_a_par1_first_line_does_not_make_a_file_parquet(store: Store, tmp_path: Path, formats: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"PAR1\n" + (formats / "lmsys.jsonl").read_bytes())
    for format_name in ("lmsys", "auto"):
        source, row_format = open_input(path, format_name)
        assert row_format.name == "lmsys" and not hasattr(source, "names")
    summary = ingest_paths(store, [path], format_name="lmsys")
    assert summary.added == FIXTURES.EXPECTED["lmsys.jsonl"]["added"]
    assert summary.errors[0].location == "1"


def test_parquet_without_extension_is_known_by_its_magic_at_both_ends(tmp_path: Path, formats: Path) -> None:
    path = tmp_path / "export"
    path.write_bytes((formats / "lmsys.parquet").read_bytes())
    assert open_input(path)[1].name == "lmsys" and hasattr(open_input(path)[0], "names")
    cut = tmp_path / "cut"
    cut.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(FileUnreadable, match="starts like a Parquet file but does not end like one"):
        open_input(cut)


@pytest.mark.parametrize("name", ["lmsys.jsonl", "plain.csv", "plain.txt"])
@pytest.mark.parametrize("explicit", [False, True])
def test_a_byte_order_mark_is_skipped(store: Store, formats: Path, tmp_path: Path, name: str,
                                      explicit: bool) -> None:
    path = tmp_path / ("bom-" + name)
    path.write_bytes(b"\xef\xbb\xbf" + (formats / name).read_bytes())
    summary = ingest_paths(store, [path], format_name=DETECTED[name] if explicit else "auto")
    counts = {key: getattr(summary.files[0], key) for key in ("read", "added", "bad_rows")}
    assert counts == {key: FIXTURES.EXPECTED[name][key] for key in counts}
    assert not any("\ufeff" in prompt.text for prompt in store.iter_prompts())


@pytest.mark.parametrize("name", ["lmsys.jsonl", "release.csv", "plain.txt"])
@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_compressed_files_are_read_by_magic_or_extension(tmp_path: Path, formats: Path, name: str,
                                                         compression: str) -> None:
    data = (formats / name).read_bytes()
    packed = gzip.compress(data) if compression == "gz" else zstandard.ZstdCompressor().compress(data)
    for index, file_name in enumerate((f"{name}.{compression}", name, "no-extension")):
        if file_name == "no-extension" and name == "release.csv":
            continue  # CSV is known by its extension only
        path = tmp_path / file_name
        path.write_bytes(packed)
        with Store(tmp_path / f"{index}.db") as store:
            summary = ingest_paths(store, [path])
            counts = {key: getattr(summary.files[0], key) for key in ("read", "added", "duplicates", "bad_rows")}
            assert counts == {key: FIXTURES.EXPECTED[name][key] for key in counts}, file_name
            assert summary.files[0].format == DETECTED[name]
            assert [i.location for i in summary.errors] == \
                [i.location for i in ingest_paths(store, [formats / name]).errors]


def test_compressed_input_is_streamed_and_progress_is_in_compressed_bytes(store: Store, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 500)
    plain = write_lmsys_rows(tmp_path / "rows.jsonl", [f"prompt {i} about lakes" for i in range(3000)])
    path = tmp_path / "rows.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    seen: list[tuple[int, int]] = []
    summary = ingest_paths(store, [path], progress=lambda update: seen.append((update.done, update.total)))
    assert summary.added == 3000
    assert all(total == path.stat().st_size for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen) and seen[-1][0] == seen[-1][1]
    assert seen[0][0] < seen[-1][0]  # read as it went, not decompressed up front


def test_compressed_parquet_is_refused_with_advice(tmp_path: Path, formats: Path) -> None:
    path = tmp_path / "lmsys.parquet.gz"
    path.write_bytes(gzip.compress((formats / "lmsys.parquet").read_bytes()))
    with pytest.raises(FileUnreadable, match=r"gzip-compressed Parquet file; decompress it first \(Parquet compresses its own pages\)"):
        open_input(path)


def test_redacted_is_read_as_a_flag_in_csv_and_a_wrong_type_is_a_bad_row(store: Store, tmp_path: Path) -> None:
    """Every CSV cell is text, so a chat log exported to CSV (pandas writes `False`/`True`) once stored every row
    as redacted: bool("False") is True. The flag is now read as the release's flags are, and a value that is no
    flag is the row's error, not a guess."""
    path = tmp_path / "lmsys.csv"
    path.write_text('conversation_id,conversation,language,redacted\n'
                    'a,"[{""role"": ""user"", ""content"": ""Name 3 moons.""}]",English,False\n'
                    'b,"[{""role"": ""user"", ""content"": ""Name 4 rivers.""}]",English,True\n'
                    'c,"[{""role"": ""user"", ""content"": ""Name 5 lakes.""}]",English,\n'
                    'd,"[{""role"": ""user"", ""content"": ""Name 6 hills.""}]",English,sometimes\n',
                    encoding="utf-8")
    summary = ingest_paths(store, [path])
    redacted = {prompt.conversation_id: prompt.redacted for prompt in store.iter_prompts()}
    assert redacted == {"a": False, "b": True, "c": False}
    assert [(issue.location, issue.reason) for issue in summary.errors] == [
        ("5", "field 'redacted' is 'sometimes', expected true or false")]


def test_a_tsv_file_is_read_tab_separated(store: Store, tmp_path: Path) -> None:
    """`.tsv` was taken for CSV and split on commas: a header `prompt<TAB>language` named no `prompt` column, and
    in a one-column file every prompt with a comma was a bad row. Tabs separate its fields now, compressed too."""
    path = tmp_path / "prompts.tsv"
    path.write_text("prompt\tlanguage\nGive me 5 names for a cat, please\ten\nList 3 rivers\t\n", encoding="utf-8")
    packed = tmp_path / "single.tsv.gz"
    packed.write_bytes(gzip.compress(b"prompt\nName 4 lakes, then 4 hills\n"))
    summary = ingest_paths(store, [path, packed])
    assert [report.format for report in summary.files] == ["csv", "csv"]
    assert (summary.added, summary.bad_rows) == (3, 0)
    assert {prompt.text for prompt in store.iter_prompts()} == {
        "Give me 5 names for a cat, please", "List 3 rivers", "Name 4 lakes, then 4 hills"}
