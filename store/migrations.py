"""Forward-only schema migrations, keyed on `PRAGMA user_version`, each applied inside `BEGIN IMMEDIATE`.

A migration is SQL, a Python step over `sqlite_utils.Database` (adding, transforming and indexing tables is what
sqlite-utils does well, and its `transform` rebuilds a table SQLite cannot ALTER), or both: SQL first. Both run
in the one transaction, so a failed step leaves the file at its old version.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str = ""
    apply: Callable[["sqlite_utils.Database"], None] | None = None


def _add_category_description(db: "sqlite_utils.Database") -> None:
    """The release's `category_description` (what a novel category means) gets its own column: it used to be
    folded into a reason, and an export could not write it back."""
    db["schemas"].add_column("category_description", str)
    db.execute("UPDATE schemas SET category_description = (SELECT json_extract(r.value, '$.message')"
               " FROM json_each(schemas.reasons) r WHERE json_extract(r.value, '$.rule') = ?),"
               " reasons = (SELECT json_group_array(json(r.value)) FROM json_each(schemas.reasons) r"
               " WHERE json_extract(r.value, '$.rule') IS NOT ?)"
               " WHERE reasons LIKE '%release-category-description%'",
               ["release-category-description", "release-category-description"])


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "initial",
        """
        CREATE TABLE schema_version (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE prompts (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            language TEXT,
            source TEXT NOT NULL,
            source_file TEXT,
            source_row TEXT,
            conversation_id TEXT,
            model TEXT,
            redacted INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL,
            best_schema_id INTEGER  -- maintained by the store: the schema the browser shows (highest tier, newest)
        );
        CREATE INDEX idx_prompts_language ON prompts(language);
        CREATE INDEX idx_prompts_source ON prompts(source);
        CREATE VIRTUAL TABLE prompts_fts USING fts5(text, content='prompts', content_rowid='rowid',
                                                   tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER prompts_ai AFTER INSERT ON prompts BEGIN
            INSERT INTO prompts_fts(rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER prompts_ad AFTER DELETE ON prompts BEGIN
            INSERT INTO prompts_fts(prompts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER prompts_au AFTER UPDATE OF text ON prompts BEGIN
            INSERT INTO prompts_fts(prompts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
            INSERT INTO prompts_fts(rowid, text) VALUES (new.rowid, new.text);
        END;

        CREATE TABLE ingest_errors (
            id INTEGER PRIMARY KEY,
            source_file TEXT NOT NULL,
            location TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE schemas (
            id INTEGER PRIMARY KEY,
            prompt_id TEXT NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
            extractor TEXT NOT NULL,
            extractor_version TEXT NOT NULL,
            model TEXT,
            parallelizable INTEGER NOT NULL,
            category TEXT,
            serial TEXT,
            template TEXT,
            context TEXT,
            data TEXT,             -- JSON list of strings, or NULL
            n INTEGER,             -- count for repeated generation, or NULL (never both with data)
            tier TEXT,             -- high | medium | low
            reasons TEXT NOT NULL DEFAULT '[]',  -- JSON list of {rule, message, span, field}
            dependency TEXT NOT NULL DEFAULT 'none',
            novel_category INTEGER NOT NULL DEFAULT 0,
            decomposition_ms REAL,
            error TEXT,
            created_at TEXT NOT NULL,
            CHECK (data IS NULL OR n IS NULL),
            UNIQUE (prompt_id, extractor, extractor_version, model)
        );
        CREATE INDEX idx_schemas_prompt ON schemas(prompt_id);
        CREATE INDEX idx_schemas_category ON schemas(category);
        CREATE INDEX idx_schemas_tier ON schemas(tier);
        CREATE INDEX idx_prompts_best_schema ON prompts(best_schema_id);

        CREATE TABLE triage (
            prompt_id TEXT PRIMARY KEY REFERENCES prompts(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'unreviewed'
                CHECK (status IN ('unreviewed', 'accepted', 'rejected', 'flagged')),
            note TEXT,
            schema_id INTEGER REFERENCES schemas(id) ON DELETE SET NULL,
            edited_schema TEXT,    -- JSON of the human-fixed schema; the original row is kept
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_triage_status ON triage(status);

        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            prompt_id TEXT NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
            schema_id INTEGER REFERENCES schemas(id) ON DELETE SET NULL,
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            base_url TEXT,
            simulated INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending',
            params TEXT NOT NULL DEFAULT '{}',
            trials INTEGER NOT NULL DEFAULT 1,
            n_branches INTEGER NOT NULL DEFAULT 0,
            serial_ms REAL,
            parallel_ms REAL,
            ideal_ms REAL,
            serial_tokens INTEGER,
            parallel_tokens INTEGER,
            speedup REAL,
            normalised_speedup REAL,
            ideal_speedup REAL,
            e2e_speedup REAL,
            serial_text TEXT,
            aggregated_text TEXT,
            merge_text TEXT,
            merge_ms REAL,
            sweep_n INTEGER,
            sweep_id TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE INDEX idx_runs_prompt ON runs(prompt_id);
        CREATE INDEX idx_runs_status ON runs(status);
        CREATE INDEX idx_runs_sweep ON runs(sweep_id);

        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            trial INTEGER NOT NULL,
            role TEXT NOT NULL,        -- serial | branch | ideal | merge
            idx INTEGER NOT NULL,
            messages TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'pending',
            error TEXT,
            sent_at REAL,
            first_token_at REAL,
            ended_at REAL,
            output_tokens INTEGER,
            prompt_tokens INTEGER,
            cached_prompt_tokens INTEGER,
            retries INTEGER NOT NULL DEFAULT 0,
            finish_reason TEXT,
            from_cache INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, trial, role, idx)
        );
        CREATE INDEX idx_requests_run ON requests(run_id);

        CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            scorer TEXT NOT NULL,
            scorer_version TEXT NOT NULL,
            aggregation TEXT NOT NULL DEFAULT 'concat',
            name TEXT NOT NULL,
            value REAL,
            details TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            UNIQUE (run_id, scorer, aggregation, name)
        );
        CREATE INDEX idx_scores_run ON scores(run_id);

        CREATE TABLE judgements (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            judge TEXT NOT NULL,
            criterion TEXT NOT NULL,
            choice TEXT NOT NULL CHECK (choice IN ('serial', 'parallel', 'tie')),
            a_is TEXT NOT NULL CHECK (a_is IN ('serial', 'parallel')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_judgements_run ON judgements(run_id);

        CREATE TABLE probes (
            id INTEGER PRIMARY KEY,
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            base_url TEXT,
            simulated INTEGER NOT NULL DEFAULT 0,
            curve TEXT NOT NULL,
            ceiling REAL NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE cache (
            key TEXT PRIMARY KEY,      -- sha256 of the request identity
            namespace TEXT NOT NULL,   -- "chat", "extract", "judge", ...
            value TEXT NOT NULL,       -- JSON
            created_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        2,
        "bulk full-text indexing of new prompts",
        # A per-row FTS5 trigger halves ingest throughput; `PromptQueries.add_prompts` now indexes each batch
        # with one INSERT ... SELECT in the same transaction. The delete/update triggers stay.
        """
        DROP TRIGGER prompts_ai;
        """,
    ),
    Migration(3, "schemas.category_description", apply=_add_category_description),
    Migration(
        4,
        "search for every language; schema edits as schema rows",
        # Search: the word index is rebuilt with the Porter stemmer (plurals match; prefix queries do the rest for
        # other alphabetic languages) and a trigram index is added, which matches any substring of three or more
        # characters in any script (Chinese and Japanese have no spaces between words). `add_prompts` fills both
        # per batch; the delete/update triggers keep both in step.
        # Edits: a human edit used to live as JSON in `triage.edited_schema` and was served with the original's
        # tier and reasons. It is now a schema row of its own (extractor `human-edit`, one version per edit, the
        # original kept), carrying its own validation; the triage row points at it. Edits made before this
        # version were never stored with their validation: they become rows marked not validated.
        """
        DROP TRIGGER prompts_ad;
        DROP TRIGGER prompts_au;
        DROP TABLE prompts_fts;
        CREATE VIRTUAL TABLE prompts_fts USING fts5(text, content='prompts', content_rowid='rowid',
                                                   tokenize='porter unicode61 remove_diacritics 2');
        INSERT INTO prompts_fts(prompts_fts) VALUES ('rebuild');
        CREATE VIRTUAL TABLE prompts_trigram USING fts5(text, content='prompts', content_rowid='rowid',
                                                       tokenize='trigram');
        INSERT INTO prompts_trigram(prompts_trigram) VALUES ('rebuild');
        CREATE TRIGGER prompts_ad AFTER DELETE ON prompts BEGIN
            INSERT INTO prompts_fts(prompts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
            INSERT INTO prompts_trigram(prompts_trigram, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER prompts_au AFTER UPDATE OF text ON prompts BEGIN
            INSERT INTO prompts_fts(prompts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
            INSERT INTO prompts_fts(rowid, text) VALUES (new.rowid, new.text);
            INSERT INTO prompts_trigram(prompts_trigram, rowid, text) VALUES ('delete', old.rowid, old.text);
            INSERT INTO prompts_trigram(rowid, text) VALUES (new.rowid, new.text);
        END;

        INSERT INTO schemas(prompt_id, extractor, extractor_version, model, parallelizable, category, serial,
                            template, context, data, n, tier, reasons, dependency, novel_category,
                            decomposition_ms, created_at)
        SELECT t.prompt_id, 'human-edit', '1', '', coalesce(json_extract(t.edited_schema, '$.parallelizable'), 1),
               json_extract(t.edited_schema, '$.category'), json_extract(t.edited_schema, '$.serial'),
               json_extract(t.edited_schema, '$.template'), json_extract(t.edited_schema, '$.context'),
               json_extract(t.edited_schema, '$.data'), json_extract(t.edited_schema, '$.n'), NULL,
               '[{"rule": "edit.unvalidated", "message": "edited before ppstudio kept the validation of edits:'
               || ' save it again in the schema editor to validate it", "span": null, "field": null}]',
               coalesce(o.dependency, 'none'), 0, o.decomposition_ms, t.updated_at
        FROM triage t JOIN prompts p ON p.id = t.prompt_id
        LEFT JOIN schemas o ON o.id = coalesce(t.schema_id, p.best_schema_id)
        WHERE t.edited_schema IS NOT NULL;
        UPDATE triage SET schema_id = (SELECT s.id FROM schemas s WHERE s.prompt_id = triage.prompt_id
                                       AND s.extractor = 'human-edit')
        WHERE edited_schema IS NOT NULL;
        UPDATE prompts SET best_schema_id = (SELECT t.schema_id FROM triage t WHERE t.prompt_id = prompts.id)
        WHERE id IN (SELECT prompt_id FROM triage WHERE edited_schema IS NOT NULL);
        ALTER TABLE triage DROP COLUMN edited_schema;
        """,
    ),
    Migration(
        5,
        "reasoning kept apart from answers; parallel sampling figures",
        # A reasoning model's `reasoning_content` is stored beside its answer and counted apart from its output
        # tokens; a repeated-generation run can also time one request for all n answers (`n=k`).
        """
        ALTER TABLE requests ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
        ALTER TABLE requests ADD COLUMN reasoning_tokens INTEGER;
        ALTER TABLE runs ADD COLUMN sampling_ms REAL;
        ALTER TABLE runs ADD COLUMN sampling_speedup REAL;
        """,
    ),
    Migration(
        6,
        "jobs: the prompts a run command selected, each marked as its runs are made",
        # A resume completed only runs that had started; the prompts an interruption or a kill kept from starting
        # were named on the terminal (and lost on a kill). A job stores them all first; a prompt's runs are made in
        # the transaction that marks it started, so a resume runs exactly the prompts still waiting.
        """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            base_url TEXT,
            simulated INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'interrupted', 'done')),
            params TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE TABLE job_prompts (
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            prompt_id TEXT NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'started', 'skipped')),
            PRIMARY KEY (job_id, position)
        );
        CREATE INDEX idx_jobs_status ON jobs(status);
        """,
    ),
]

LATEST_VERSION = MIGRATIONS[-1].version
