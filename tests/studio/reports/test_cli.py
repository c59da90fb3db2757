"""`ppstudio score` and `ppstudio report` end to end on a hand-filled store file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from store import Store
from studio.cli import app
from tests.studio.reports.conftest import fill_store

runner = CliRunner()


def filled_db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    with Store(path) as store:
        fill_store(store)
    return str(path)


def test_score_prints_one_json_document_and_is_cached(tmp_path: Path) -> None:
    db = filled_db(tmp_path)
    # Translation runs only: repeated generation would load MiniLM for its diversity figures (slow tests do).
    args = ["score", "--run", "t1", "--run", "t2", "--scorers", "rouge,structure", "--db", db, "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["scored"] == {"rouge": 1, "structure": 2}  # t1 came with a rouge score already
    assert summary["cached"] == {"rouge": 1, "structure": 0}
    second = runner.invoke(app, args)
    assert json.loads(second.stdout)["cached"] == {"rouge": 2, "structure": 2}


def test_score_refuses_bad_input(tmp_path: Path) -> None:
    db = filled_db(tmp_path)
    neither = runner.invoke(app, ["score", "--db", db])
    assert neither.exit_code == 2 and "give --run" in neither.output  # a usage error, as run's are
    unknown = runner.invoke(app, ["score", "--all", "--scorers", "bleu", "--db", db])
    assert unknown.exit_code == 2 and "unknown scorer" in unknown.output  # a usage error, like a bad Enum value
    assert "no run with id 'zzz'" in runner.invoke(app, ["score", "--run", "zzz", "--db", db]).output
    # fixed choices (--aggregation, --embedding-precision) are usage errors: tests/studio/cli/test_choices.py


def test_report_formats_and_where(tmp_path: Path) -> None:
    db = filled_db(tmp_path)
    out = tmp_path / "out" / "report.html"
    written = runner.invoke(app, ["report", "--format", "html", "--out", str(out), "--db", db])
    assert written.exit_code == 0, written.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    as_json = runner.invoke(app, ["report", "--format", "json", "--where", "category=Translation", "--db", db])
    document = json.loads(as_json.stdout)
    assert {row["run_id"] for row in document["rows"]} == {"t1", "t2"}
    paper = runner.invoke(app, ["report", "--paper", "--db", db])
    assert "paper view" in paper.stdout and "End-to-end speedup (ratio of sums)" in paper.stdout


def test_report_refuses_bad_input(tmp_path: Path) -> None:
    db = filled_db(tmp_path)
    assert "unknown filter key" in runner.invoke(app, ["report", "--where", "colour=red", "--db", db]).output
    # a CSV-only option beside another format was once dropped without a word
    markdown = runner.invoke(app, ["report", "--csv-level", "category", "--db", db])
    assert markdown.exit_code == 2 and "--csv-level shapes CSV reports only" in markdown.output
    csv = runner.invoke(app, ["report", "--format", "csv", "--csv-level", "category", "--db", db])
    assert csv.exit_code == 0 and csv.stdout.startswith("category,"), csv.output


def test_report_format_follows_the_out_extension_unless_given(tmp_path: Path) -> None:
    db = filled_db(tmp_path)
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.csv", "category,"), ("r.md", "# ")):
        written = runner.invoke(app, ["report", "--out", str(tmp_path / name), "--db", db])
        assert written.exit_code == 0, written.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    by_category = runner.invoke(app, ["report", "--csv-level", "category", "--out", str(tmp_path / "c.csv"),
                                      "--db", db])
    assert by_category.exit_code == 0, by_category.output
    given = runner.invoke(app, ["report", "--format", "md", "--out", str(tmp_path / "notes.html"), "--db", db])
    assert given.exit_code == 0 and (tmp_path / "notes.html").read_text(encoding="utf-8").startswith("# ")
