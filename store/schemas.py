"""Decomposition schemas (several per prompt) and triage decisions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from store.database import utc_now
from store.models import HUMAN_EDIT, Reason, Schema, Triage

if TYPE_CHECKING:
    from store.database import Database

_TIER_RANK_SQL = "CASE tier WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"
# The schema a prompt uses, wherever it is shown or run: the one its triage decision is about, else its newest
# human edit, else the highest tier (then parallelizable, then newest). Kept in `prompts.best_schema_id`.
_BEST_ORDER_SQL = (f"id = coalesce((SELECT schema_id FROM triage WHERE prompt_id = ?), 0) DESC,"
                   f" extractor = '{HUMAN_EDIT}' DESC, {_TIER_RANK_SQL} DESC, parallelizable DESC, created_at DESC,"
                   " id DESC")


def row_to_schema(row: sqlite3.Row) -> Schema:
    return Schema(
        id=row["id"], prompt_id=row["prompt_id"], extractor=row["extractor"],
        extractor_version=row["extractor_version"], model=row["model"] or None,
        parallelizable=bool(row["parallelizable"]), category=row["category"], serial=row["serial"],
        template=row["template"], context=row["context"],
        data=json.loads(row["data"]) if row["data"] is not None else None, n=row["n"], tier=row["tier"],
        reasons=[Reason.from_json(r) for r in json.loads(row["reasons"] or "[]")],
        dependency=row["dependency"], novel_category=bool(row["novel_category"]),
        category_description=row["category_description"], decomposition_ms=row["decomposition_ms"], error=row["error"], created_at=row["created_at"],
    )


class SchemaQueries:
    database: "Database"

    def add_schema(self, schema: Schema) -> int:
        """Insert or replace the schema of (prompt, extractor, version, model); returns its id."""
        if schema.data is not None and schema.n is not None:
            raise ValueError("a schema has either data or n, never both")
        now = utc_now()
        with self.database.transaction() as conn:
            conn.execute(
                "INSERT INTO schemas(prompt_id, extractor, extractor_version, model, parallelizable, category,"
                " serial, template, context, data, n, tier, reasons, dependency, novel_category, category_description,"
                " decomposition_ms, error, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(prompt_id, extractor, extractor_version, model) DO UPDATE SET"
                " parallelizable=excluded.parallelizable, category=excluded.category, serial=excluded.serial,"
                " template=excluded.template, context=excluded.context, data=excluded.data, n=excluded.n,"
                " tier=excluded.tier, reasons=excluded.reasons, dependency=excluded.dependency,"
                " novel_category=excluded.novel_category, category_description=excluded.category_description,"
                " decomposition_ms=excluded.decomposition_ms,"
                " error=excluded.error, created_at=excluded.created_at",
                (schema.prompt_id, schema.extractor, schema.extractor_version, schema.model or "",
                 int(schema.parallelizable), schema.category, schema.serial, schema.template, schema.context,
                 json.dumps(schema.data, ensure_ascii=False) if schema.data is not None else None, schema.n,
                 schema.tier, json.dumps([r.to_json() for r in schema.reasons], ensure_ascii=False),
                 schema.dependency, int(schema.novel_category), schema.category_description, schema.decomposition_ms,
                 schema.error, now),
            )
            schema_id = int(conn.execute(
                "SELECT id FROM schemas WHERE prompt_id=? AND extractor=? AND extractor_version=? AND model=?",
                (schema.prompt_id, schema.extractor, schema.extractor_version, schema.model or ""),
            ).fetchone()[0])
            self._refresh_best_schema(conn, schema.prompt_id)
        schema.id = schema_id
        schema.created_at = now
        return schema_id

    def has_schema(self, schema: Schema) -> bool:
        """Whether the store holds a schema of `schema`'s prompt, extractor, version and model: one `add_schema`
        would replace (so a re-ingested release is not counted as new schemas)."""
        return bool(self.database.query(
            "SELECT 1 FROM schemas WHERE prompt_id=? AND extractor=? AND extractor_version=? AND model=? LIMIT 1",
            (schema.prompt_id, schema.extractor, schema.extractor_version, schema.model or "")))

    def add_schemas(self, schemas: Sequence[Schema]) -> list[int]:
        """`add_schema` for each, in one transaction: one commit per batch of curation results, not per schema."""
        with self.database.transaction():
            return [self.add_schema(schema) for schema in schemas]

    def _refresh_best_schema(self, conn: sqlite3.Connection, prompt_id: str) -> None:
        conn.execute(f"UPDATE prompts SET best_schema_id = (SELECT id FROM schemas WHERE prompt_id = ?"
                     f" ORDER BY {_BEST_ORDER_SQL} LIMIT 1) WHERE id = ?", (prompt_id, prompt_id, prompt_id))

    def get_schema(self, schema_id: int) -> Schema | None:
        rows = self.database.query("SELECT * FROM schemas WHERE id = ?", (schema_id,))
        return row_to_schema(rows[0]) if rows else None

    def schemas_for(self, prompt_id: str) -> list[Schema]:
        rows = self.database.query(
            f"SELECT * FROM schemas WHERE prompt_id = ? ORDER BY {_TIER_RANK_SQL} DESC, created_at DESC, id DESC",
            (prompt_id,))
        return [row_to_schema(r) for r in rows]

    def best_schema(self, prompt_id: str) -> Schema | None:
        """The schema a run uses and every view shows (see `_BEST_ORDER_SQL`): one truth, kept in the prompt row."""
        rows = self.database.query(
            "SELECT s.* FROM prompts p JOIN schemas s ON s.id = p.best_schema_id WHERE p.id = ?", (prompt_id,))
        return row_to_schema(rows[0]) if rows else None

    def save_schema_edit(self, schema: Schema) -> Schema:
        """Store a validated human edit of a prompt's schema as a schema row of its own (the next `human-edit`
        version; the original rows stay as history) and point the prompt's triage at it, in one transaction."""
        with self.database.transaction() as conn:
            edits = conn.execute("SELECT count(*) FROM schemas WHERE prompt_id = ? AND extractor = ?",
                                 (schema.prompt_id, HUMAN_EDIT)).fetchone()[0]
            saved = replace(schema, extractor=HUMAN_EDIT, extractor_version=str(edits + 1), model=None, id=None)
            self.add_schema(saved)
            conn.execute(
                "INSERT INTO triage(prompt_id, schema_id, updated_at) VALUES (?,?,?)"
                " ON CONFLICT(prompt_id) DO UPDATE SET schema_id=excluded.schema_id, updated_at=excluded.updated_at",
                (saved.prompt_id, saved.id, utc_now()))
            self._refresh_best_schema(conn, saved.prompt_id)
        return saved

    def curated_prompt_ids(self, extractor: str, extractor_version: str, prompt_ids: Iterable[str]) -> set[str]:
        """Which of these prompts already have a schema from this extractor version (for resumable curation)."""
        ids = list(prompt_ids)
        done: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            done.update(r[0] for r in self.database.query(
                f"SELECT prompt_id FROM schemas WHERE extractor = ? AND extractor_version = ?"
                f" AND prompt_id IN ({marks})", (extractor, extractor_version, *chunk)))
        return done

    # -- triage -----------------------------------------------------------------------------------------------
    def get_triage(self, prompt_id: str) -> Triage | None:
        rows = self.database.query("SELECT * FROM triage WHERE prompt_id = ?", (prompt_id,))
        if not rows:
            return None
        row = rows[0]
        return Triage(prompt_id=row["prompt_id"], status=row["status"], note=row["note"],
                      schema_id=row["schema_id"], updated_at=row["updated_at"])

    def set_triage(self, triage: Triage) -> Triage:
        """Write a decision; the prompt's schema follows the one the decision is about."""
        triage.updated_at = utc_now()
        with self.database.transaction() as conn:
            conn.execute(
                "INSERT INTO triage(prompt_id, status, note, schema_id, updated_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT(prompt_id) DO UPDATE SET status=excluded.status,"
                " note=excluded.note, schema_id=excluded.schema_id, updated_at=excluded.updated_at",
                (triage.prompt_id, triage.status, triage.note, triage.schema_id, triage.updated_at),
            )
            self._refresh_best_schema(conn, triage.prompt_id)
        return triage
