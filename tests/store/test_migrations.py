"""Forward migrations on open: from an empty file, from a bare version-0 file, from version 1, and onwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import Prompt, PromptFilter, Store, StoreError
from store import database as database_module
from store.migrations import LATEST_VERSION, MIGRATIONS, Migration


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def test_versions_are_consecutive() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_new_file_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        applied = [r["version"] for r in store.database.query("SELECT version FROM schema_version ORDER BY 1")]
        assert applied == [m.version for m in MIGRATIONS]
        assert store.database.query("PRAGMA journal_mode")[0][0] == "wal"
        assert store.database.query("PRAGMA foreign_keys")[0][0] == 1
    assert {"prompts", "prompts_fts", "schemas", "triage", "runs", "requests", "scores", "ingest_errors"} <= \
        _tables(path)


def test_empty_version_0_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # an existing, empty SQLite file at user_version 0
    path.touch()
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        assert store.add_prompts([Prompt(text="hello there", source="text")]).added == 1


def _make_version_1_file(path: Path) -> None:
    """A store as the first release wrote it: migration 1 only, with a prompt inserted by its FTS trigger."""
    with Store(path) as store:
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    for table in ("job_prompts", "jobs", "cache", "probes", "judgements", "scores", "requests", "runs", "triage",
                  "schemas", "ingest_errors", "prompts_fts", "prompts_trigram", "prompts", "schema_version"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute("PRAGMA user_version = 0")
    for statement in database_module._split_sql(MIGRATIONS[0].sql):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, 'initial', 'then')")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO prompts(id, text, source, ingested_at) VALUES ('old', 'an old prompt about owls',"
                 " 'text', 'then')")
    conn.close()


def test_version_1_file_is_migrated_forward_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    _make_version_1_file(path)
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        assert store.count_prompts(PromptFilter(search="owls")) == 1  # indexed by the version-1 trigger
        store.add_prompts([Prompt(text="a new prompt about owls", source="text")])
        assert store.count_prompts(PromptFilter(search="owls")) == 2
        store.database.conn.execute("INSERT INTO prompts_fts(prompts_fts) VALUES ('integrity-check')")
    with Store(path) as store:  # opening again applies nothing
        assert store.database.migrate() == []


def test_an_appended_migration_applies_forward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fwd.db"
    with Store(path) as store:
        store.add_prompts([Prompt(text="kept across the upgrade", source="text")])
    extra = Migration(LATEST_VERSION + 1, "test: a notes column",
                      "ALTER TABLE prompts ADD COLUMN notes TEXT;\nCREATE INDEX idx_test_notes ON prompts(notes);")
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, extra])
    monkeypatch.setattr(database_module, "LATEST_VERSION", extra.version)
    with Store(path) as store:
        assert store.database.version == extra.version
        assert store.count_prompts() == 1
        columns = {r["name"] for r in store.database.query("PRAGMA table_info(prompts)")}
        assert "notes" in columns
        names = [r["name"] for r in store.database.query("SELECT name FROM schema_version ORDER BY version")]
        assert names[-1] == "test: a notes column"


def test_a_failing_migration_leaves_the_file_at_its_version(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bad.db"
    Store(path).close()
    broken = Migration(LATEST_VERSION + 1, "broken", "CREATE TABLE t_ok (x);\nTHIS IS NOT SQL;")
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(database_module, "LATEST_VERSION", broken.version)
    with pytest.raises(sqlite3.OperationalError):
        Store(path)
    monkeypatch.undo()
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        assert "t_ok" not in _tables(path)


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    with pytest.raises(StoreError, match="newer than this ppstudio"):
        Store(path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(path)


def test_version_2_release_schemas_get_their_category_description_column(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 3 (a sqlite-utils step) moves the description out of the reasons into its own column."""
    path = tmp_path / "v2.db"
    monkeypatch.setattr(database_module, "MIGRATIONS", MIGRATIONS[:2])
    monkeypatch.setattr(database_module, "LATEST_VERSION", 2)
    reasons = ('[{"rule": "release-category-description", "message": "Each option on its own.", "span": null,'
               ' "field": "category"}, {"rule": "release-data-and-n", "message": "kept data", "span": null,'
               ' "field": "n"}]')
    with Store(path) as store:  # a version-2 file: written with version-2 SQL (today's add_prompts fills later indexes)
        store.database.conn.execute(
            "INSERT INTO prompts(id, text, source, ingested_at) VALUES (?, 'Compare Go and Rust.', 'parallelprompt',"
            " 'then')", (Prompt(text="Compare Go and Rust.", source="x").id,))
        store.database.conn.execute(
            "INSERT INTO schemas(prompt_id, extractor, extractor_version, model, parallelizable, reasons,"
            " created_at) VALUES (?, 'parallelprompt-release', '1', '', 1, ?, 'then')",
            (Prompt(text="Compare Go and Rust.", source="x").id, reasons))
    monkeypatch.undo()
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        schema = store.schemas_for(Prompt(text="Compare Go and Rust.", source="x").id)[0]
    assert schema.category_description == "Each option on its own."
    assert [reason.rule for reason in schema.reasons] == ["release-data-and-n"]


def test_a_failing_python_step_rolls_back_with_its_sql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bad-step.db"
    Store(path).close()

    def half_done(db: object) -> None:
        db["prompts"].add_column("half", str)  # type: ignore[index]
        raise RuntimeError("the step fails after changing the table")

    broken = Migration(LATEST_VERSION + 1, "broken step", "CREATE TABLE t_ok (x);", apply=half_done)
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(database_module, "LATEST_VERSION", broken.version)
    with pytest.raises(RuntimeError, match="step fails"):
        Store(path)
    monkeypatch.undo()
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        assert "half" not in {r["name"] for r in store.database.query("PRAGMA table_info(prompts)")}
    assert "t_ok" not in _tables(path)


def test_version_2_search_index_and_edits_are_carried_forward(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 3: both search indexes are filled from the existing prompts, and an edit kept as triage JSON
    becomes a `human-edit` schema row, marked not validated, that the prompt now uses."""
    path = tmp_path / "v2.db"
    monkeypatch.setattr(database_module, "MIGRATIONS", MIGRATIONS[:2])
    monkeypatch.setattr(database_module, "LATEST_VERSION", 2)
    prompt_id = "p1"
    with Store(path) as store:
        conn = store.database.conn
        conn.execute("INSERT INTO prompts(id, text, source, ingested_at) VALUES (?, ?, 'text', 'then')",
                     (prompt_id, "Give me 5 slogans about 城市 life"))
        conn.execute("INSERT INTO prompts_fts(rowid, text) SELECT rowid, text FROM prompts")
        conn.execute("INSERT INTO schemas(prompt_id, extractor, extractor_version, model, parallelizable, category,"
                     " n, tier, dependency, created_at) VALUES (?, 'rules', '1', '', 1, 'Repeated Generation', 5,"
                     " 'high', 'none', 'then')", (prompt_id,))
        conn.execute("UPDATE prompts SET best_schema_id = 1")
        conn.execute("INSERT INTO triage(prompt_id, status, schema_id, edited_schema, updated_at)"
                     " VALUES (?, 'accepted', 1, ?, 'later')",
                     (prompt_id, '{"parallelizable": true, "category": "Repeated Generation", "serial": null,'
                                 ' "template": "One slogan", "context": null, "data": null, "n": 4}'))
    monkeypatch.undo()
    with Store(path) as store:
        assert store.database.version == LATEST_VERSION
        assert store.count_prompts(PromptFilter(search="城市")) == 1
        assert store.count_prompts(PromptFilter(search="slogan")) == 1
        best = store.best_schema(prompt_id)
        assert (best.extractor, best.n, best.template, best.tier) == ("human-edit", 4, "One slogan", None)
        assert [r.rule for r in best.reasons] == ["edit.unvalidated"]
        assert store.get_triage(prompt_id).schema_id == best.id
        assert store.get_schema(1).n == 5  # the original stays
        assert store.list_prompts()[0].n_branches == 4
        columns = {r["name"] for r in store.database.query("PRAGMA table_info(triage)")}
        assert "edited_schema" not in columns
        for index in ("prompts_fts", "prompts_trigram"):
            store.database.conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
