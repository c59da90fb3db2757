"""Jobs: the prompts one run command selected, in order, each marked as its runs are made (`RunQueries.create_runs`
marks it in the same transaction), so that a resume runs exactly the prompts an interruption or a kill left waiting."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from store.database import utc_now
from store.models import Job

if TYPE_CHECKING:
    from store.database import Database

_JOB_COLUMNS = ("backend", "model", "base_url", "simulated", "status", "params", "finished_at")
_JOB_ASSIGNMENTS = ", ".join(f"{column} = ?" for column in _JOB_COLUMNS)  # (an update's SET list)


def _job_values(job: Job) -> tuple:
    return (job.backend, job.model, job.base_url, int(job.simulated), job.status,
            json.dumps(job.params, ensure_ascii=False, sort_keys=True), job.finished_at)


def _row_to_job(row: sqlite3.Row, waiting: list[str]) -> Job:
    return Job(id=row["id"], backend=row["backend"], model=row["model"], base_url=row["base_url"],
               simulated=bool(row["simulated"]), status=row["status"], params=json.loads(row["params"] or "{}"),
               waiting=waiting, created_at=row["created_at"], finished_at=row["finished_at"])


def mark_job_prompt(conn: sqlite3.Connection, job_id: str, prompt_id: str, state: str) -> None:
    """Mark the job's waiting entries of `prompt_id` `state` ("started" or "skipped"), inside the caller's
    transaction."""
    conn.execute("UPDATE job_prompts SET state = ? WHERE job_id = ? AND prompt_id = ? AND state = 'waiting'",
                 (state, job_id, prompt_id))


class JobQueries:
    database: "Database"

    def create_job(self, job: Job, prompt_ids: Sequence[str]) -> Job:
        """Insert a job and its prompts, all waiting, in one transaction."""
        job.created_at = utc_now()
        job.waiting = list(prompt_ids)
        marks = ",".join("?" * (len(_JOB_COLUMNS) + 2))
        with self.database.transaction() as conn:
            conn.execute(f"INSERT INTO jobs(id, {', '.join(_JOB_COLUMNS)}, created_at) VALUES ({marks})",
                         (job.id, *_job_values(job), job.created_at))
            conn.executemany("INSERT INTO job_prompts(job_id, position, prompt_id) VALUES (?, ?, ?)",
                             [(job.id, position, prompt_id) for position, prompt_id in enumerate(prompt_ids)])
        return job

    def skip_job_prompt(self, job_id: str, prompt_id: str) -> None:
        """A prompt the job passed over (no schema, no branches): no resume retries it."""
        with self.database.transaction() as conn:
            mark_job_prompt(conn, job_id, prompt_id, "skipped")

    def update_job(self, job: Job) -> None:
        with self.database.transaction() as conn:
            cursor = conn.execute(f"UPDATE jobs SET {_JOB_ASSIGNMENTS} WHERE id = ?", (*_job_values(job), job.id))
            if not cursor.rowcount:
                raise KeyError(f"no job {job.id!r}")

    def claim_job(self, job: Job, status: str, owner: dict[str, object] | None) -> bool:
        """Store `job` (taken up by the process about to resume it) only if its row still has the `status` and
        `params["owner"]` it was read with: of two resumes that chose it, one runs its waiting prompts."""
        read = None if owner is None else json.dumps(owner, ensure_ascii=False, sort_keys=True)
        with self.database.transaction() as conn:
            return bool(conn.execute(
                f"UPDATE jobs SET {_JOB_ASSIGNMENTS} WHERE id = ? AND status = ?"
                " AND json_extract(params, '$.owner') IS json(?)", (*_job_values(job), job.id, status, read)).rowcount)

    def get_job(self, job_id: str) -> Job | None:
        rows = self.database.query("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _row_to_job(rows[0], self._waiting(job_id)) if rows else None

    def unfinished_jobs(self, prompt_ids: Iterable[str] | None = None) -> list[Job]:
        """Jobs not done (interrupted, or still marked running: the caller decides whether their process is gone)
        that have waiting prompts, oldest first; with `prompt_ids`, only those of their waiting prompts."""
        wanted = set(prompt_ids) if prompt_ids is not None else None
        jobs: list[Job] = []
        for row in self.database.query("SELECT * FROM jobs WHERE status IN ('running', 'interrupted')"
                                       " ORDER BY created_at, rowid"):
            waiting = [prompt_id for prompt_id in self._waiting(row["id"]) if wanted is None or prompt_id in wanted]
            if waiting:
                jobs.append(_row_to_job(row, waiting))
        return jobs

    def _waiting(self, job_id: str) -> list[str]:
        rows = self.database.query("SELECT prompt_id FROM job_prompts WHERE job_id = ? AND state = 'waiting'"
                                   " ORDER BY position", (job_id,))
        return list(dict.fromkeys(row[0] for row in rows))
