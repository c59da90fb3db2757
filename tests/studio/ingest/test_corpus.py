"""The hostile-input corpus: every broken file is read without a traceback, every bad row is located, every good
row is kept (exact counts), and a file that cannot be read at all is refused in one short line.

Small inputs are committed in `corpus/` (see its make_corpus.py for what each one is); big ones (a 50 MB line,
JSON nested 100k deep) are written here at test time. A subset goes through the real `ppstudio ingest` process.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from store import Store
from studio.ingest import IngestSummary, ingest_paths
from tests.studio.ingest.corpus.make_corpus import CASES, FILES, HERE, Case, lmsys

FIFTY_MB = 50 * 1024 * 1024
DEEP = 100_000


def _big_inputs(folder: Path) -> dict[str, Case]:
    """Write the inputs too big to commit into `folder`; returns what ingest must make of each."""
    huge = lmsys("x" * FIFTY_MB)
    lines = [lmsys("before the huge line"), huge, lmsys("after the huge line")]
    (folder / "huge_line.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    with gzip.open(folder / "huge_line.jsonl.gz", "wb", compresslevel=1) as out:
        out.write(b"\n".join(lines) + b"\n")
    (folder / "huge_line.txt").write_bytes(b"short before\n" + b"y" * FIFTY_MB + b"\nshort after\n")
    (folder / "huge_line.csv").write_bytes(b"prompt,category\ncsv before,a\n" + b"z" * FIFTY_MB + b",b\ncsv after,c\n")
    deep_array = b"[" * DEEP + b"]" * DEEP
    (folder / "deep.jsonl").write_bytes(b"\n".join([
        lmsys("shallow one"), deep_array,
        b'{"conversation": ' + deep_array + b"}",
        b'{"conversation": [{"role": "user", "content": ' + b"[" * DEEP + b"]" * DEEP + b"}]}",
        lmsys("shallow two")]) + b"\n")
    # The release's `data` cell holding a list nested 100k deep (JSON and Python literal parsers both give up).
    (folder / "deep_release.csv").write_text(
        'prompt,category,data\nshallow release prompt,Translation,"[""a"", ""b""]"\n'
        f'deep release prompt,Translation,{"[" * DEEP + "]" * DEEP}\n', encoding="utf-8")
    (folder / "a_directory").mkdir()
    over = "over the 4,194,304-byte row limit"
    return {
        "huge_line.jsonl": Case(added=2, bad=[("2", "line is 52,428,981 bytes, " + over)]),
        "huge_line.jsonl.gz": Case(added=2, bad=[("2", "line is 52,428,981 bytes, " + over)]),
        "huge_line.txt": Case(added=2, bad=[("2", "line is 52,428,801 bytes, " + over)]),
        "huge_line.csv": Case(added=2, bad=[("3", "line is 52,428,803 bytes, " + over)]),
        "deep.jsonl": Case(added=2, bad=[(line, "invalid JSON: nested too deeply") for line in ("2", "3", "4")]),
        "deep_release.csv": Case(added=1, bad=[("3", "field 'data' is neither a JSON nor a Python list literal")]),
        "a_directory": Case(unreadable="is a directory"),
        "missing.jsonl": Case(unreadable="No such file or directory"),
    }


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    folder = tmp_path_factory.mktemp("big-corpus")
    return folder, _big_inputs(folder)


def _check(summary: IngestSummary, store: Store, path: Path, case: Case) -> None:
    """The file's report against its case: refused in one line, or exact good rows and located bad rows."""
    report = summary.files[0]
    if case.unreadable is not None:
        assert report.unreadable is not None and re.search(case.unreadable, report.unreadable), report.unreadable
        assert "\n" not in report.unreadable and len(report.unreadable) < 300
        assert report.read == 0 and store.count_prompts() == 0
        return
    assert report.unreadable is None, report.unreadable
    assert report.added == case.added and report.duplicates == 0
    assert report.bad_rows == len(case.bad) + case.lost
    assert report.read == report.added + report.bad_rows
    located = [(issue.location, issue.reason) for issue in summary.errors]
    assert [location for location, _ in located] == [location for location, _ in case.bad], located
    for (_, reason), (_, start) in zip(located, case.bad):
        assert reason.startswith(start) and "\n" not in reason and len(reason) < 300, reason
    assert store.count_prompts() == case.added
    recorded = store.list_ingest_errors(str(path), limit=1000)
    assert [(row.location, row.reason) for row in recorded] == located


def test_the_corpus_is_what_make_corpus_writes() -> None:
    committed = {path.name for path in HERE.iterdir() if path.is_file()} - {"make_corpus.py", "__init__.py", ".gitattributes"}
    assert committed == set(FILES) == set(CASES)
    for name, data in FILES.items():
        if not name.endswith(".parquet"):  # Parquet embeds the writer's version
            assert (HERE / name).read_bytes() == data, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_committed_corpus(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    with Store(tmp_path / "s.db") as store:
        summary = ingest_paths(store, [HERE / name], format_name=case.format)
        _check(summary, store, HERE / name, case)


@pytest.mark.parametrize("name", ["huge_line.jsonl", "huge_line.jsonl.gz", "huge_line.txt", "huge_line.csv",
                                  "deep.jsonl", "deep_release.csv", "a_directory", "missing.jsonl"])
def test_generated_corpus(tmp_path: Path, big_inputs: tuple[Path, dict[str, Case]], name: str) -> None:
    folder, cases = big_inputs
    with Store(tmp_path / "s.db") as store:
        summary = ingest_paths(store, [folder / name], format_name=cases[name].format)
        _check(summary, store, folder / name, cases[name])


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("ppstudio")), "ingest", "--db", str(db), "--json", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=240,
                          env={**os.environ, "COLUMNS": "400"})


_CLI_READABLE = ["par1_first_line.jsonl", "bom.jsonl", "quote_merges.csv", "gzip_named.csv", "corrupt_group.parquet",
                 "nul.txt", "rows.jsonl.zst", "truncated.jsonl.gz", "mixed_endings.csv", "empty.jsonl"]
_CLI_UNREADABLE = ["binary.csv", "truncated.parquet", "par1_start_only", "compressed.parquet.gz"]


def test_the_real_cli_keeps_good_rows_and_locates_bad_ones(tmp_path: Path,
                                                          big_inputs: tuple[Path, dict[str, Case]]) -> None:
    folder, cases = big_inputs
    paths = [HERE / name for name in _CLI_READABLE] + [folder / "huge_line.jsonl", folder / "deep.jsonl"]
    expected = [CASES[name] for name in _CLI_READABLE] + [cases["huge_line.jsonl"], cases["deep.jsonl"]]
    result = _cli(tmp_path / "s.db", *map(str, paths))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    document = json.loads(result.stdout)
    for path, report, case in zip(paths, document["files"], expected):
        assert report["path"] == str(path) and report["unreadable"] is None
        assert (report["added"], report["bad_rows"]) == (case.added, len(case.bad) + case.lost), path.name
    located = [(issue["file"], issue["location"]) for issue in document["errors"]]
    assert located == [(str(path), location) for path, case in zip(paths, expected) for location, _ in case.bad]
    assert document["added"] == sum(case.added for case in expected)


def test_the_real_cli_refuses_unreadable_files_in_one_line_each(tmp_path: Path,
                                                               big_inputs: tuple[Path, dict[str, Case]]) -> None:
    folder, _ = big_inputs
    paths = [HERE / name for name in _CLI_UNREADABLE] + [folder / "a_directory", folder / "missing.jsonl",
                                                          HERE / "bom.txt"]
    result = _cli(tmp_path / "s.db", *map(str, paths))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(paths) - 1 == len(result.stderr.splitlines())
    for line, path in zip(errors, paths):
        assert str(path) in line and len(line) < 300, line
    assert json.loads(result.stdout)["added"] == 2  # the readable file still went in
