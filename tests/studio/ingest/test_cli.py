"""`ppstudio ingest` and `ppstudio stats` through the CLI: JSON documents, tables, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from store import Reason, Schema, Store, prompt_id_for
from studio.cli import app
from tests.studio.ingest.corpus.make_corpus import HERE as CORPUS

runner = CliRunner()


def _ingest(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ingest", "--db", str(db), *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())  # undo Rich's line wrapping


def test_ingest_json_summary(tmp_path: Path, formats: Path) -> None:
    code, out, _ = _ingest(tmp_path / "s.db", "--json", str(formats / "lmsys.jsonl"), str(formats / "plain.txt"))
    assert code == 0
    document = json.loads(out)
    assert {k: document[k] for k in ("read", "added", "duplicates", "bad_rows")} == \
        {"read": 18, "added": 9, "duplicates": 2, "bad_rows": 7}
    assert document["errors"][0] == {"file": str(formats / "lmsys.jsonl"), "location": "8",
                                     "reason": "empty prompt text"}
    assert [f["format"] for f in document["files"]] == ["lmsys", "text"]


def test_ingest_table_lists_bad_rows_with_file_and_line(tmp_path: Path, formats: Path) -> None:
    code, out, _ = _ingest(tmp_path / "s.db", str(formats / "wildchat.jsonl"))
    assert code == 0
    assert "7 bad rows skipped" in out
    assert f"{formats / 'wildchat.jsonl'}:13: not valid UTF-8" in out.replace("\n", "")


def test_ingest_limit_and_format_flags(tmp_path: Path, formats: Path) -> None:
    code, out, _ = _ingest(tmp_path / "s.db", "--json", "--limit", "3", "--format", "text",
                           str(formats / "lmsys.jsonl"))
    assert code == 0
    assert json.loads(out)["added"] == 3
    code, _, err = _ingest(tmp_path / "s.db", "--format", "yaml", str(formats / "lmsys.jsonl"))
    assert code == 2 and "Invalid value" in err and "'lmsys'" in err  # an Enum: Click lists the choices


def test_unreadable_file_fails_with_a_clear_message(tmp_path: Path, formats: Path) -> None:
    truncated = tmp_path / "cut.parquet"
    truncated.write_bytes((formats / "wildchat.parquet").read_bytes()[:500])
    code, out, err = _ingest(tmp_path / "s.db", "--json", str(truncated), str(formats / "plain.txt"))
    assert code == 1
    assert "not a readable Parquet file" in err
    assert json.loads(out)["added"] == 3  # the readable file still went in
    code, _, err = _ingest(tmp_path / "s.db", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "No such file" in err


def test_a_file_of_only_bad_rows_fails(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"prompt": ""}\n{"prompt": 3}\n', encoding="utf-8")
    code, _, err = _ingest(tmp_path / "s.db", str(junk))
    assert code == 1 and "no row could be read" in err


def test_an_input_of_no_rows_fails_saying_so(tmp_path: Path) -> None:
    """Exit 1 when no row was good holds for empty files too (they once exited 0 without a word)."""
    empty, blank = tmp_path / "empty.jsonl", tmp_path / "blank.txt"
    empty.write_text("", encoding="utf-8")
    blank.write_text("\n  \n", encoding="utf-8")
    code, _, err = _ingest(tmp_path / "s.db", str(empty), str(blank))
    assert code == 1 and "holds no rows" in err


def test_an_interrupted_ingest_says_how_to_complete_it(tmp_path: Path, formats: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("studio.ingest.ingest_paths", interrupted)
    code, _, err = _ingest(tmp_path / "s.db", str(formats / "lmsys.jsonl"))
    assert code == 130 and "run the same command again" in " ".join(err.split())


def test_stats_json_and_tables(tmp_path: Path, formats: Path) -> None:
    db = tmp_path / "s.db"
    _ingest(db, str(formats / "lmsys.jsonl"), str(formats / "release.csv"))
    with Store(db) as store:
        prompt_id = prompt_id_for("Give me 5 catchy slogans for a bicycle repair shop.")
        store.add_schema(Schema(prompt_id=prompt_id, extractor="rules", extractor_version="1",
                                parallelizable=False, tier="low", dependency="dependent",
                                reasons=[Reason(rule="no-list", message="no items found")]))
    result = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["prompts"]["prompts"] == 10
    assert {"key": "lmsys", "count": 8} in document["prompts"]["by_source"]
    assert document["curation"]["schemas"] == 5
    assert {"extractor": "rules@1", "key": "no-list", "count": 1} in document["curation"]["failure_reasons"]
    result = runner.invoke(app, ["stats", "--db", str(db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    for heading in ("Source", "Language", "Triage", "Validation tier", "Dependency flag", "Novel categories",
                    "Why schemas were rejected"):
        assert heading in result.stdout
    result = runner.invoke(app, ["stats", "--db", str(db), "--json", "--extractor", "rules"])
    assert json.loads(result.stdout)["curation"]["schemas"] == 1
    # an extractor with no schemas (or its table label, name@version) is not a store without schemas
    result = runner.invoke(app, ["stats", "--db", str(db), "--extractor", "rules@1"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "No schemas yet" not in result.stdout
    assert "No schemas by extractor 'rules@1'; the store has schemas by " in result.stdout
    assert "rules@1" in result.stdout.rsplit("schemas by", 1)[1]


def test_a_lost_row_group_is_one_line_of_the_table(tmp_path: Path) -> None:
    code, out, _ = _ingest(tmp_path / "s.db", str(CORPUS / "corrupt_group.parquet"))
    assert code == 0
    out = " ".join(out.split())
    assert "3 bad rows skipped" in out
    assert "row group 1 rows 0-2: row group unreadable, 3 rows lost (rows 3-5 of the file)" in out
    assert "more" not in out


def test_the_summary_at_80_columns_keeps_file_names_and_numbers_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file column was cut to its first characters ("/data/lmsys-c…"), so the six shards of a release read as
    one file on an 80-column terminal or in a log; names now fold onto more lines and numbers are never cut."""
    from studio.cli import ingest as ingest_cli
    from studio.ingest import FileReport, IngestSummary

    out = io.StringIO()
    monkeypatch.setattr(ingest_cli, "console", Console(width=80, file=out, emoji=False))
    names = [f"/data/lmsys-chat-1m/data/train-0000{shard}-of-00006-4feeb3f83346a0e9.parquet" for shard in range(6)]
    summary = IngestSummary(read=6_000_000, added=5_999_000, duplicates=1000, files=[
        FileReport(path=name, format="lmsys", read=1_000_000, added=999_000, duplicates=1000, bad_rows=12_345)
        for name in names])
    ingest_cli._print_summary(summary)
    text = out.getvalue()
    assert "…" not in text and max(map(len, text.splitlines())) <= 80
    joined = "".join(line.split("│")[0].strip() for line in text.splitlines())
    assert all(name in joined for name in names)
    for figure in ("1,000,000", "999,000", "12,345", "6,000,000", "5,999,000"):
        assert figure in text
