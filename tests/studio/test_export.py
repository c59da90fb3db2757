"""`ppstudio export`: the release round trip, the table formats and their types, filters, and usage errors."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from store import EXPORT_TABLES, Prompt, PromptFilter, Schema, Store
from studio.cli import app
from studio.demo import sample_data_dir
from studio.export import RELEASE_COLUMNS, export_release, export_table
from studio.ingest import ingest_paths
from tests.studio.reports.conftest import XSS_SCRIPT, fill_store

RELEASE_FILES = ("release.csv", "release.jsonl", "release.parquet")
# Notes ingest makes about a flaw of the input row itself (both data and n given; a tier it does not know). The
# export writes the row as it was kept (data only; the tier as stored), so importing the export has nothing to note.
INPUT_NOTES = frozenset({"release-data-and-n", "release-unknown-tier"})


def snapshot(store: Store) -> dict[str, tuple[tuple[str, str, str | None, str | None], Schema]]:
    """Each prompt's identity and its one schema, without what the store assigns (ids, times, file names)."""
    found = {}
    for prompt in store.iter_prompts():
        [schema] = store.schemas_for(prompt.id)
        kept = [reason for reason in schema.reasons if reason.rule not in INPUT_NOTES]
        found[prompt.id] = ((prompt.text, prompt.source, prompt.source_row, prompt.language),
                            replace(schema, id=None, created_at=None, reasons=kept))
    return found


def ingested(path: Path, db: Path) -> Store:
    store = Store(db)
    summary = ingest_paths(store, [path])
    assert summary.bad_rows == 0 and summary.added == summary.schemas, summary.to_json()
    return store


@pytest.mark.parametrize("source", RELEASE_FILES)
@pytest.mark.parametrize("written", ["out.parquet", "out.jsonl", "out.csv"])
def test_release_round_trip_gives_identical_schemas(source: str, written: str, tmp_path: Path) -> None:
    original = Store(tmp_path / "original.db")
    ingest_paths(original, [sample_data_dir() / "formats" / source])  # 4 good rows, and bad ones
    first = export_release(original, tmp_path / written)
    assert first.rows == 4 and first.skipped == 0
    with ingested(tmp_path / written, tmp_path / "again.db") as again:
        assert snapshot(again) == snapshot(original)
        export_release(again, tmp_path / f"second-{written}")
    original.close()
    if written.endswith(".parquet"):  # a fixed point: exporting the re-imported store writes the same rows
        assert pq.read_table(tmp_path / written).equals(pq.read_table(tmp_path / f"second-{written}"))
    else:
        assert (tmp_path / written).read_bytes() == (tmp_path / f"second-{written}").read_bytes()


def test_release_export_has_exactly_the_release_columns_and_types(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_paths(store, [sample_data_dir() / "formats" / "release.parquet"])
        store.add_prompts([Prompt(text="never curated", source="text")])
        result = export_release(store, tmp_path / "release.parquet")
    assert (result.rows, result.skipped) == (4, 1)
    table = pq.read_table(tmp_path / "release.parquet")
    assert table.column_names == ["source", "source_index", "prompt", "parallelizable", "category",
                                  "is_novel_category", "category_description", "serial", "template", "context",
                                  "data", "n", "validation_passed", "validation_tier"]
    assert table.column_names == [column.name for column in RELEASE_COLUMNS]
    assert table.schema.field("parallelizable").type == pa.bool_() and table.schema.field("n").type == pa.int64()
    rows = {row["source_index"]: row for row in table.to_pylist()}
    assert json.loads(rows["1042"]["data"]) == ["good morning", "thank you", "see you soon"]
    assert rows["77"]["n"] == 4 and rows["77"]["data"] is None
    assert rows["5150"]["category_description"] == "Analyse each option against the same criteria."
    assert rows["9001"]["validation_passed"] is False and rows["9001"]["validation_tier"] is None


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "filled.db"
    with Store(path) as store:
        fill_store(store)
    return path


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_every_table_exports_in_every_format_with_the_same_rows(filled: Path, table: str, tmp_path: Path) -> None:
    with Store(filled) as store:
        for fmt in ("jsonl", "csv", "parquet"):
            export_table(store, table, fmt, tmp_path / f"{table}.{fmt}")
        columns = [column.name for column in store.export_columns(table)]
        expected = list(store.export_rows(table))
    assert expected, f"the filled store has {table}"
    lines = [json.loads(line) for line in (tmp_path / f"{table}.jsonl").read_text("utf-8").splitlines()]
    assert lines == expected
    parquet = pq.read_table(tmp_path / f"{table}.parquet")
    assert parquet.column_names == columns and parquet.num_rows == len(expected)
    with (tmp_path / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == columns and len(rows) == len(expected)


def test_parquet_types_are_the_documented_ones(filled: Path, tmp_path: Path) -> None:
    with Store(filled) as store:
        export_table(store, "runs", "parquet", tmp_path / "runs.parquet")
        export_table(store, "schemas", "parquet", tmp_path / "schemas.parquet")
    runs = pq.read_table(tmp_path / "runs.parquet").schema
    assert runs.field("simulated").type == pa.bool_() and runs.field("serial_ms").type == pa.float64()
    assert runs.field("trials").type == pa.int64() and runs.field("params").type == pa.string()
    assert runs.field("created_at").type == pa.string()
    schemas = pq.read_table(tmp_path / "schemas.parquet")
    assert json.loads(schemas.column("data")[0].as_py()) == ["good morning", "thank you"]


def test_where_selects_the_rows_of_the_chosen_prompts(filled: Path) -> None:
    with Store(filled) as store:
        chosen = PromptFilter(category="Repeated Generation")
        prompts = {prompt.id for prompt in store.iter_prompts(chosen)}
        runs = list(store.export_rows("runs", chosen))
        requests = list(store.export_rows("requests", chosen))
        scores = list(store.export_rows("scores", chosen))
    assert [row["id"] for row in store_rows(filled, "prompts", chosen)] == sorted(prompts)
    assert runs and {run["prompt_id"] for run in runs} == prompts
    run_ids = {run["id"] for run in runs}
    assert requests and {row["run_id"] for row in requests} <= run_ids
    assert all(row["run_id"] in run_ids for row in scores)


def store_rows(db: Path, table: str, where: PromptFilter) -> list[dict]:
    with Store(db) as store:
        return sorted(store.export_rows(table, where), key=lambda row: row["id"])


def test_values_are_typed_in_jsonl(filled: Path, tmp_path: Path) -> None:
    with Store(filled) as store:
        [run] = [row for row in store.export_rows("runs") if row["id"] == "r1"]
        [schema] = [row for row in store.export_rows("schemas") if row["n"] == 3]
    assert run["simulated"] is True and isinstance(run["params"], dict)
    assert schema["parallelizable"] is True and isinstance(schema["reasons"], list)


def test_csv_to_stdout_defuses_formulas_and_shows_no_escape_sequence(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    with Store(db) as store:
        store.add_prompts([Prompt(text="=HYPERLINK(\"http://x\") \x1b]0;owned\x07 and more", source="text")])
    result = CliRunner().invoke(app, ["export", "prompts", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert row["text"].startswith("'=HYPERLINK") and "\x1b" not in result.stdout and "\\x1b" in row["text"]


def test_out_dash_is_stdout_not_a_file_named_dash(filled: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["export", "prompts", "--format", "csv", "--out", "-", "--db", str(filled)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists() and result.stdout.startswith("id,")


def test_cli_writes_every_table_into_a_folder(filled: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "--out", str(tmp_path / "out"),
                                      "--db", str(filled), "--where", "category=Translation"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(f"{t}.parquet" for t in EXPORT_TABLES)
    prompts = pq.read_table(tmp_path / "out" / "prompts.parquet").to_pylist()
    assert len(prompts) == 2 and any(XSS_SCRIPT in row["text"] for row in prompts)  # Parquet keeps text as it is


def test_one_table_format_follows_the_out_extension_unless_given(filled: Path, tmp_path: Path) -> None:
    for name in ("runs.parquet", "runs.csv", "runs.jsonl"):
        result = CliRunner().invoke(app, ["export", "runs", "--out", str(tmp_path / name), "--db", str(filled)])
        assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "runs.parquet").num_rows > 0
    assert (tmp_path / "runs.csv").read_text(encoding="utf-8").startswith("id,")
    assert (tmp_path / "runs.jsonl").read_text(encoding="utf-8").startswith('{"id": ')
    given = CliRunner().invoke(app, ["export", "runs", "--format", "jsonl", "--out", str(tmp_path / "r.csv"),
                                     "--db", str(filled)])
    assert given.exit_code == 0 and (tmp_path / "r.csv").read_text(encoding="utf-8").startswith('{"id": ')


@pytest.mark.parametrize(("args", "message"), [
    (["export", "runs", "--format", "parquet"], "give --out FILE"),
    (["export", "runs", "--format", "parallelprompt"], "give no table"),
    (["export", "--format", "csv"], "needs --out FOLDER"),
    (["export", "--where", "colour=red"], "unknown filter key"),
])
def test_usage_errors_exit_2(filled: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, [*args, "--db", str(filled)])
    assert result.exit_code == 2 and message in result.output, result.output
