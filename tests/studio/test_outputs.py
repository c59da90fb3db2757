"""Files written for a person are complete or absent (`studio.outputs`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.outputs import replaced_when_written, write_text_whole


def test_a_written_file_replaces_the_old_one_whole(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "report.md"
    write_text_whole(path, "first")
    write_text_whole(path, "second")
    assert path.read_text(encoding="utf-8") == "second"
    assert [p.name for p in path.parent.iterdir()] == ["report.md"]  # no temporary file left


def test_a_write_that_fails_halfway_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_text_whole(path, "complete,file\n")
    with pytest.raises(KeyboardInterrupt), replaced_when_written(path, newline="") as stream:
        stream.write("cut,")
        raise KeyboardInterrupt  # Ctrl-C in the middle of the rows
    assert path.read_text(encoding="utf-8") == "complete,file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_a_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    with pytest.raises(OSError), replaced_when_written(path, binary=True) as stream:
        stream.write(b"PAR1")
        raise OSError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_the_file_has_the_default_permissions(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    whole = tmp_path / "whole.txt"
    write_text_whole(whole, "x")
    assert whole.stat().st_mode == plain.stat().st_mode
