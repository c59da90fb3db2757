"""Scores (automatic scorers' figures) and blind human judgements, and the reads reports need from them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from store.database import utc_now
from store.models import Judgement, Score

if TYPE_CHECKING:
    from store.database import Database

JUDGEMENT_CRITERIA: tuple[str, ...] = ("accuracy", "fluency", "detail", "overall")
JUDGEMENT_CHOICES: tuple[str, ...] = ("serial", "parallel", "tie")
ANSWER_SIDES: tuple[str, ...] = ("serial", "parallel")
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


def row_to_score(row: sqlite3.Row) -> Score:
    return Score(id=row["id"], run_id=row["run_id"], scorer=row["scorer"], name=row["name"], value=row["value"],
                 aggregation=row["aggregation"], scorer_version=row["scorer_version"],
                 details=json.loads(row["details"] or "{}"), created_at=row["created_at"])


def row_to_judgement(row: sqlite3.Row) -> Judgement:
    return Judgement(id=row["id"], run_id=row["run_id"], judge=row["judge"], criterion=row["criterion"],
                     choice=row["choice"], a_is=row["a_is"], created_at=row["created_at"])


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


class ScoreQueries:
    database: "Database"

    def add_scores(self, scores: Iterable[Score]) -> int:
        """Insert or replace each (run, scorer, aggregation, name) figure in one transaction; returns the count."""
        now = utc_now()
        count = 0
        with self.database.transaction() as conn:
            for score in scores:
                conn.execute(
                    "INSERT INTO scores(run_id, scorer, scorer_version, aggregation, name, value, details, created_at)"
                    " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(run_id, scorer, aggregation, name) DO UPDATE SET"
                    " scorer_version=excluded.scorer_version, value=excluded.value, details=excluded.details,"
                    " created_at=excluded.created_at",
                    (score.run_id, score.scorer, score.scorer_version, score.aggregation, score.name, score.value,
                     json.dumps(score.details, ensure_ascii=False, default=str), now))
                score.created_at = now
                count += 1
        return count

    def replace_scores(self, run_id: str, scorer: str, aggregation: str, scores: Iterable[Score]) -> int:
        """Swap a scorer's figures for one run and aggregation (names a new version no longer emits go too)."""
        with self.database.transaction() as conn:
            conn.execute("DELETE FROM scores WHERE run_id = ? AND scorer = ? AND aggregation = ?",
                         (run_id, scorer, aggregation))
            return self.add_scores(scores)

    def scores_for(self, run_id: str, *, aggregation: str | None = None) -> list[Score]:
        sql = "SELECT * FROM scores WHERE run_id = ?"
        params: tuple = (run_id,)
        if aggregation is not None:
            sql += " AND aggregation = ?"
            params += (aggregation,)
        return [row_to_score(r) for r in self.database.query(sql + " ORDER BY scorer, name", params)]

    def scores_for_runs(self, run_ids: Sequence[str], *, aggregation: str | None = None) -> list[Score]:
        """Every score of these runs (for reports), read in chunks."""
        found: list[Score] = []
        for chunk in _chunks(list(run_ids)):
            sql = f"SELECT * FROM scores WHERE run_id IN ({','.join('?' * len(chunk))})"
            params: tuple = tuple(chunk)
            if aggregation is not None:
                sql += " AND aggregation = ?"
                params += (aggregation,)
            found.extend(row_to_score(r) for r in self.database.query(sql + " ORDER BY run_id, scorer, name", params))
        return found

    def scored_run_ids(self, run_ids: Sequence[str], scorer: str, scorer_version: str, aggregation: str) -> set[str]:
        """Which of these runs already hold figures of this scorer version for this aggregation (scoring cache).

        Only real figures count: a run whose every value is None (say, the judge's endpoint was down) is scored
        again next time instead of keeping the failure. So do only figures made since the run last finished: a
        partial run completed by a resume has new answers, and the figures of its old ones are not theirs.
        """
        done: set[str] = set()
        for chunk in _chunks(list(run_ids)):
            done.update(r[0] for r in self.database.query(
                f"SELECT DISTINCT s.run_id FROM scores s JOIN runs r ON r.id = s.run_id WHERE s.scorer = ?"
                f" AND s.scorer_version = ? AND s.aggregation = ? AND s.value IS NOT NULL"
                f" AND s.created_at >= coalesce(r.finished_at, '') AND s.run_id IN ({','.join('?' * len(chunk))})",
                (scorer, scorer_version, aggregation, *chunk)))
        return done

    # -- blind human judgements -------------------------------------------------------------------------------
    def add_judgement(self, judgement: Judgement) -> Judgement:
        """Store one human A/B judgement (already decoded to serial | parallel | tie); sets its id."""
        if judgement.criterion not in JUDGEMENT_CRITERIA:
            raise ValueError(f"criterion must be one of {', '.join(JUDGEMENT_CRITERIA)}, not {judgement.criterion!r}")
        if judgement.choice not in JUDGEMENT_CHOICES:
            raise ValueError(f"choice must be one of {', '.join(JUDGEMENT_CHOICES)}, not {judgement.choice!r}")
        if judgement.a_is not in ANSWER_SIDES:
            raise ValueError(f"a_is must be serial or parallel, not {judgement.a_is!r}")
        if not judgement.judge.strip():
            raise ValueError("a judgement needs the judge's name")
        judgement.created_at = utc_now()
        with self.database.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO judgements(run_id, judge, criterion, choice, a_is, created_at) VALUES (?,?,?,?,?,?)",
                (judgement.run_id, judgement.judge.strip(), judgement.criterion, judgement.choice, judgement.a_is,
                 judgement.created_at))
            judgement.id = int(cursor.lastrowid or 0)
        return judgement

    def judgements_for(self, run_id: str) -> list[Judgement]:
        return [row_to_judgement(r) for r in self.database.query(
            "SELECT * FROM judgements WHERE run_id = ? ORDER BY created_at, id", (run_id,))]

    def judgements_for_runs(self, run_ids: Sequence[str]) -> list[Judgement]:
        found: list[Judgement] = []
        for chunk in _chunks(list(run_ids)):
            found.extend(row_to_judgement(r) for r in self.database.query(
                f"SELECT * FROM judgements WHERE run_id IN ({','.join('?' * len(chunk))}) ORDER BY run_id, id",
                tuple(chunk)))
        return found

    def judged_run_ids(self, judge: str) -> set[str]:
        """Runs this human has already judged (so the A/B screen can skip them)."""
        return {r[0] for r in self.database.query("SELECT DISTINCT run_id FROM judgements WHERE judge = ?", (judge,))}
