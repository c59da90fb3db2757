"""Hostile prompts end to end: ingested, curated, run on the simulator, then reported to a real pseudo-terminal and
to a pipe in every format (nothing a terminal would obey gets through), and written as CSV that a spreadsheet reads
back cell by cell (line breaks quoted, formulas defused)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from store import Store
from studio.cli import app
from tests.studio.reports.conftest import RunSpec, add_run
from tests.terminal import HOSTILE, obeyed, on_a_terminal, piped

PROMPT = "Give me 3 slogans for a bakery " + HOSTILE
FORMATS = ("csv", "html", "md", "json")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store whose one prompt carries every hostile sequence, run serial vs parallel on the simulator."""
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "prompts.jsonl"
    data.write_text(json.dumps({"prompt": PROMPT}) + "\n", encoding="utf-8")
    db = str(folder / "hostile.db")
    runner = CliRunner()
    env = {"PPSTUDIO_BACKEND_SIM_PROFILE": "gpu"}
    for args in (["ingest", "--db", db, str(data)], ["curate", "--db", db],
                 ["run", "--db", db, "--backend", "sim", "--max-tokens", "4", "--json"]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    with Store(db) as store:
        [run] = store.list_runs()
        assert run.status == "done" and store.get_prompt(run.prompt_id).text == PROMPT
    return db


@pytest.fixture(scope="module")
def hostile_answers_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A hand-filled store whose category, prompt and every answer carry the hostile sequences."""
    db = str(tmp_path_factory.mktemp("answers") / "answers.db")
    with Store(db) as store:
        add_run(store, RunSpec("h1", PROMPT, "Repeated Generation " + HOSTILE, 100, 50, 10, 20, 0, HOSTILE,
                               (HOSTILE, HOSTILE), n=2, merge_text=HOSTILE, merge_ms=5))
    return db


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("store_fixture", ["hostile_db", "hostile_answers_db"])
def test_report_to_a_terminal_carries_nothing_the_terminal_obeys(store_fixture: str, fmt: str,
                                                                 request: pytest.FixtureRequest) -> None:
    shown = on_a_terminal("report", "--format", fmt, "--db", request.getfixturevalue(store_fixture))
    assert obeyed(shown) == []
    assert "UFdORUQ=" in shown and "evil.example" in shown  # shown as text, not dropped


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_to_a_pipe_carries_nothing_the_terminal_obeys(hostile_db: str, fmt: str) -> None:
    text = piped("report", "--format", fmt, "--db", hostile_db)
    assert obeyed(text) == []
    if fmt == "json":  # escaped, not altered: the JSON still holds the prompt exactly
        assert [row["prompt_text"] for row in json.loads(text)["rows"]] == [PROMPT]


def test_answers_as_json_on_a_terminal_are_inert_and_exact(hostile_answers_db: str) -> None:
    shown = on_a_terminal("runs", "--db", hostile_answers_db, "--json")
    assert obeyed(shown) == []
    [run] = json.loads(shown)["runs"]
    assert run["serial_text"] == HOSTILE and run["merge_text"] == HOSTILE


# -- CSV read back by a spreadsheet's rules ------------------------------------------------------------------------
# (category, guarded cell): formula starters are = + - @ tab CR, also after leading whitespace.
CATEGORIES = (("\r=1+1", "'\r=1+1"), (" =1+1", "' =1+1"), ("\n@x", "'\n@x"),
              ("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"), ("+1", "'+1"), ("-2+3", "'-2+3"),
              ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("a\rb", "a\rb"),
              ("line\r\nbreak", "line\r\nbreak"), ('say "hi", then go', 'say "hi", then go'),
              ("Translation", "Translation"))


@pytest.fixture
def formula_db(tmp_path: Path) -> str:
    path = tmp_path / "formula.db"
    with Store(path) as store:
        for index, (category, _) in enumerate(CATEGORIES):
            add_run(store, RunSpec(f"f{index}", f"=HYPERLINK(\"http://x\") prompt {index}", category, 100, 50, 10,
                                   20, 0, "serial answer", ("a", "b")))
    return str(path)


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("level", ["prompt", "category"])
def test_csv_file_keeps_every_row_and_defuses_every_formula(formula_db: str, tmp_path: Path, level: str) -> None:
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(app, ["report", "--format", "csv", "--csv-level", level, "--out", str(out),
                                      "--db", formula_db])
    assert result.exit_code == 0, result.output
    rows = read_back(out.read_bytes().decode("utf-8"))
    header, body = rows[0], rows[1:]
    category = header.index("category")
    assert all(len(row) == len(header) for row in body)  # no row split by a quoted line break
    expected = {guarded for _, guarded in CATEGORIES}
    if level == "prompt":
        assert len(body) == len(CATEGORIES) and {row[category] for row in body} == expected
        prompts = sorted(row[header.index("prompt_text")] for row in body)
        assert prompts == sorted(f"'=HYPERLINK(\"http://x\") prompt {index}" for index in range(len(CATEGORIES)))
    else:  # one row per category, then the overall row
        assert len(body) == len(CATEGORIES) + 1
        assert {row[category] for row in body[:-1]} == expected and body[-1][category] == "All categories"
    for row in body:  # no cell a spreadsheet would evaluate
        assert not any(cell.lstrip().startswith(("=", "+", "@")) or cell.startswith(("\t", "\r"))
                       for cell in row), row


def test_csv_on_stdout_keeps_every_row_too(formula_db: str) -> None:
    rows = read_back(piped("report", "--format", "csv", "--csv-level", "category", "--db", formula_db))
    assert len(rows) == 2 + len(CATEGORIES) and all(len(row) == len(rows[0]) for row in rows)
    cells = [row[rows[0].index("category")] for row in rows[1:-1]]
    assert len(cells) == len(CATEGORIES)
    assert sum(cell.startswith("'") for cell in cells) == sum(guarded.startswith("'") for _, guarded in CATEGORIES)
