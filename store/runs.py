"""Runs (serial-vs-parallel comparisons) and their request records, written as they happen so nothing finished is
ever lost to a crash or Ctrl-C."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from store.database import utc_now
from store.jobs import mark_job_prompt
from store.models import RequestRecord, Run

if TYPE_CHECKING:
    from store.database import Database

_RUN_COLUMNS = (
    "prompt_id", "schema_id", "backend", "model", "base_url", "simulated", "status", "params", "trials",
    "n_branches", "serial_ms", "parallel_ms", "ideal_ms", "serial_tokens", "parallel_tokens", "speedup",
    "normalised_speedup", "ideal_speedup", "e2e_speedup", "serial_text", "aggregated_text", "merge_text",
    "merge_ms", "sampling_ms", "sampling_speedup", "sweep_n", "sweep_id", "error", "finished_at",
)
_RUN_ASSIGNMENTS = ", ".join(f"{column} = ?" for column in _RUN_COLUMNS)  # (an update's SET list)
_REQUEST_COLUMNS = (
    "messages", "text", "status", "error", "sent_at", "first_token_at", "ended_at", "output_tokens",
    "prompt_tokens", "cached_prompt_tokens", "retries", "finish_reason", "from_cache", "reasoning", "reasoning_tokens",
)
# Requests listed in the order a run performs them within a trial.
_ROLE_ORDER_SQL = "CASE role WHEN 'serial' THEN 0 WHEN 'branch' THEN 1 WHEN 'ideal' THEN 2 ELSE 3 END"


def _run_values(run: Run) -> tuple:
    return (run.prompt_id, run.schema_id, run.backend, run.model, run.base_url, int(run.simulated), run.status,
            json.dumps(run.params, ensure_ascii=False, sort_keys=True), run.trials, run.n_branches, run.serial_ms,
            run.parallel_ms, run.ideal_ms, run.serial_tokens, run.parallel_tokens, run.speedup,
            run.normalised_speedup, run.ideal_speedup, run.e2e_speedup, run.serial_text, run.aggregated_text,
            run.merge_text, run.merge_ms, run.sampling_ms, run.sampling_speedup, run.sweep_n, run.sweep_id, run.error,
            run.finished_at)


def _request_values(record: RequestRecord) -> tuple:
    return (json.dumps(record.messages, ensure_ascii=False), record.text, record.status, record.error,
            record.sent_at, record.first_token_at, record.ended_at, record.output_tokens, record.prompt_tokens,
            record.cached_prompt_tokens, record.retries, record.finish_reason, int(record.from_cache), record.reasoning,
            record.reasoning_tokens)


def row_to_run(row: sqlite3.Row) -> Run:
    return Run(
        id=row["id"], prompt_id=row["prompt_id"], schema_id=row["schema_id"], backend=row["backend"],
        model=row["model"], base_url=row["base_url"], simulated=bool(row["simulated"]), status=row["status"],
        params=json.loads(row["params"] or "{}"), trials=row["trials"], n_branches=row["n_branches"],
        serial_ms=row["serial_ms"], parallel_ms=row["parallel_ms"], ideal_ms=row["ideal_ms"],
        serial_tokens=row["serial_tokens"], parallel_tokens=row["parallel_tokens"], speedup=row["speedup"],
        normalised_speedup=row["normalised_speedup"], ideal_speedup=row["ideal_speedup"],
        e2e_speedup=row["e2e_speedup"], serial_text=row["serial_text"], aggregated_text=row["aggregated_text"],
        merge_text=row["merge_text"], merge_ms=row["merge_ms"], sampling_ms=row["sampling_ms"],
        sampling_speedup=row["sampling_speedup"], sweep_n=row["sweep_n"], sweep_id=row["sweep_id"],
        error=row["error"], created_at=row["created_at"], finished_at=row["finished_at"],
    )


def row_to_request(row: sqlite3.Row) -> RequestRecord:
    return RequestRecord(
        id=row["id"], run_id=row["run_id"], trial=row["trial"], role=row["role"], idx=row["idx"],
        messages=json.loads(row["messages"] or "[]"), text=row["text"], status=row["status"], error=row["error"],
        sent_at=row["sent_at"], first_token_at=row["first_token_at"], ended_at=row["ended_at"],
        output_tokens=row["output_tokens"], prompt_tokens=row["prompt_tokens"],
        cached_prompt_tokens=row["cached_prompt_tokens"], retries=row["retries"],
        finish_reason=row["finish_reason"], from_cache=bool(row["from_cache"]), reasoning=row["reasoning"],
        reasoning_tokens=row["reasoning_tokens"],
    )


class RunQueries:
    database: "Database"

    def create_run(self, run: Run, requests: Iterable[RequestRecord] = ()) -> Run:
        """Insert a run and its planned (pending) requests in one transaction."""
        self.create_runs([(run, requests)])
        return run

    def create_runs(self, runs: Sequence[tuple[Run, Iterable[RequestRecord]]], job_id: str | None = None) -> None:
        """Insert one prompt's runs and their planned requests in one transaction, marking the prompt started in
        job `job_id`: a kill leaves the prompt either waiting with no run or started with all its runs."""
        marks = ",".join("?" * (len(_RUN_COLUMNS) + 2))
        with self.database.transaction() as conn:
            for run, requests in runs:
                run.created_at = utc_now()
                conn.execute(f"INSERT INTO runs(id, {', '.join(_RUN_COLUMNS)}, created_at) VALUES ({marks})",
                             (run.id, *_run_values(run), run.created_at))
                for record in requests:
                    self._upsert_request(conn, record)
            if job_id is not None:
                for prompt_id in dict.fromkeys(run.prompt_id for run, _ in runs):
                    mark_job_prompt(conn, job_id, prompt_id, "started")

    def update_run(self, run: Run) -> None:
        with self.database.transaction() as conn:
            cursor = conn.execute(f"UPDATE runs SET {_RUN_ASSIGNMENTS} WHERE id = ?", (*_run_values(run), run.id))
            if not cursor.rowcount:
                raise KeyError(f"no run {run.id!r}")

    def claim_run(self, run: Run, status: str, owner: dict[str, object] | None) -> bool:
        """Store `run` (marked running by the process about to complete it) only if its row still has the `status`
        and `params["owner"]` it was read with; False when another process took it up meanwhile. Two resumes may
        choose the same run (each chooses all of them before completing the first): only one may send its requests."""
        read = None if owner is None else json.dumps(owner, ensure_ascii=False, sort_keys=True)
        with self.database.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE runs SET {_RUN_ASSIGNMENTS} WHERE id = ? AND status = ?"
                " AND json_extract(params, '$.owner') IS json(?)", (*_run_values(run), run.id, status, read))
            return bool(cursor.rowcount)

    def upsert_request(self, record: RequestRecord) -> RequestRecord:
        """Insert or update the record of (run, trial, role, idx); sets `record.id`."""
        with self.database.transaction() as conn:
            self._upsert_request(conn, record)
        return record

    def upsert_requests(self, records: Sequence[RequestRecord]) -> None:
        with self.database.transaction() as conn:
            for record in records:
                self._upsert_request(conn, record)

    def _upsert_request(self, conn: sqlite3.Connection, record: RequestRecord) -> None:
        updates = ", ".join(f"{column} = excluded.{column}" for column in _REQUEST_COLUMNS)
        marks = ",".join("?" * (len(_REQUEST_COLUMNS) + 4))
        conn.execute(
            f"INSERT INTO requests(run_id, trial, role, idx, {', '.join(_REQUEST_COLUMNS)}) VALUES ({marks})"
            f" ON CONFLICT(run_id, trial, role, idx) DO UPDATE SET {updates}",
            (record.run_id, record.trial, record.role, record.idx, *_request_values(record)))
        record.id = int(conn.execute("SELECT id FROM requests WHERE run_id = ? AND trial = ? AND role = ? AND idx = ?",
                                     (record.run_id, record.trial, record.role, record.idx)).fetchone()[0])

    def get_run(self, run_id: str) -> Run | None:
        rows = self.database.query("SELECT * FROM runs WHERE id = ?", (run_id,))
        return row_to_run(rows[0]) if rows else None

    def requests_for(self, run_id: str) -> list[RequestRecord]:
        """A run's requests ordered by trial, then serial / branch / ideal / merge, then index."""
        rows = self.database.query(
            f"SELECT * FROM requests WHERE run_id = ? ORDER BY trial, {_ROLE_ORDER_SQL}, idx", (run_id,))
        return [row_to_request(r) for r in rows]

    def list_runs(self, *, prompt_id: str | None = None, status: str | None = None, sweep_id: str | None = None,
                  simulated: bool | None = None, limit: int = 100, offset: int = 0) -> list[Run]:
        """Runs, newest first, filtered by any of the given fields."""
        clauses: list[str] = []
        params: list[object] = []
        for column, value in (("prompt_id", prompt_id), ("status", status), ("sweep_id", sweep_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if simulated is not None:
            clauses.append("simulated = ?")
            params.append(int(simulated))
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.database.query(f"SELECT * FROM runs{where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                                   (*params, int(limit), int(offset)))
        return [row_to_run(r) for r in rows]

    def count_runs(self, *, prompt_id: str | None = None) -> int:
        if prompt_id is None:
            return int(self.database.query("SELECT count(*) FROM runs")[0][0])
        return int(self.database.query("SELECT count(*) FROM runs WHERE prompt_id = ?", (prompt_id,))[0][0])

    def interrupted_runs(self, prompt_ids: Iterable[str] | None = None, *, include_running: bool = False,
                         include_failed: bool = False) -> list[Run]:
        """Runs cut short by Ctrl-C or cancellation, oldest first: what `ppstudio run --resume` completes. With
        `include_running`, also runs still marked running (the caller decides whether their process is gone); with
        `include_failed`, also runs that ended `partial` or `failed` (some of their requests did not finish OK)."""
        statuses = ("interrupted",) + (("running",) if include_running else ()) + (
            ("partial", "failed") if include_failed else ())
        marks = ",".join("?" * len(statuses))
        rows = self.database.query(
            f"SELECT * FROM runs WHERE status IN ({marks}) ORDER BY created_at, rowid", statuses)
        wanted = set(prompt_ids) if prompt_ids is not None else None
        return [row_to_run(r) for r in rows if wanted is None or r["prompt_id"] in wanted]
