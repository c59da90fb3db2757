"""Opening the SQLite file: pragmas, forward migrations, and transactions.

WAL + synchronous=NORMAL keeps the file consistent if the process is killed (a committed transaction survives,
an uncommitted one is rolled back on the next open); a busy timeout lets the studio read while a run writes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from store.migrations import LATEST_VERSION, MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_DB_PATH = "ppstudio.db"
BUSY_TIMEOUT_S = 30.0  # how long a write waits for another process's write lock before the store is called busy


def default_db_path() -> str:
    """`PPSTUDIO_DB` when set, else `./ppstudio.db`."""
    return os.environ.get("PPSTUDIO_DB") or DEFAULT_DB_PATH


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class StoreError(RuntimeError):
    """The store file cannot be opened or migrated; the message says why."""


class Database:
    """One connection to one store file. Thread-safe for the studio's worker threads via a lock."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        """Open the store at `path`; `create=False` opens an existing file only (read-only commands must not leave
        an empty store, and its folder, behind a mistyped path)."""
        self.path = str(path or default_db_path())
        in_memory = self.path == ":memory:"
        if create and not in_memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # mode=rw: SQLite itself refuses a missing file, so nothing is created between a check and the open.
        target = self.path if create or in_memory else f"{Path(self.path).absolute().as_uri()}?mode=rw"
        try:
            self.conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None,
                                        timeout=BUSY_TIMEOUT_S, uri=not create and not in_memory)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            # 64 MiB page cache (allocated only as used): keeps the prompt-id index of a million-row store in
            # memory, which makes bulk ingest ~15% faster and halves its system time.
            self.conn.execute("PRAGMA cache_size=-65536")
        except sqlite3.DatabaseError as exc:
            if not create and not Path(self.path).is_file():
                raise StoreError(f"no store at {self.path}") from None
            raise StoreError(f"cannot open store {self.path!r}: {exc}") from exc
        self.lock = threading.RLock()
        self._in_tx = False
        self.migrate()

    @cached_property
    def utils(self) -> "sqlite_utils.Database":
        """sqlite-utils over the same connection, for table changes in migrations and the export read side.
        Imported on first use: it costs a tenth of a second that commands which never need it should not pay."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- migrations -------------------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int | None = None) -> list[int]:
        """Apply every migration above the file's version up to `target` (default: the latest); returns the
        versions applied."""
        target = LATEST_VERSION if target is None else target
        applied: list[int] = []
        current = self.version
        if current > LATEST_VERSION:
            raise StoreError(f"store {self.path!r} has schema version {current}, newer than this ppstudio "
                             f"({LATEST_VERSION}); upgrade ppstudio")
        for migration in MIGRATIONS:
            if migration.version <= current or migration.version > target:
                continue
            with self.lock:
                self._begin()
                try:
                    # Re-check inside the write lock: another process may have migrated meanwhile.
                    if self.version >= migration.version:
                        self.conn.execute("ROLLBACK")
                        continue
                    for statement in _split_sql(migration.sql):
                        self.conn.execute(statement)
                    if migration.apply is not None:  # sqlite-utils joins this transaction (as savepoints)
                        migration.apply(self.utils)
                    self.conn.execute(
                        "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                        (migration.version, migration.name, utc_now()),
                    )
                    self.conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
            applied.append(migration.version)
        return applied

    # -- transactions -----------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction (`BEGIN IMMEDIATE`); nested calls join the outer one."""
        with self.lock:
            if self._in_tx:
                yield self.conn
                return
            self._begin()
            self._in_tx = True
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._in_tx = False

    def _begin(self) -> None:
        """BEGIN IMMEDIATE; a write lock another process kept past the busy timeout is a StoreError that says so
        (sqlite3's bare 'database is locked' would surface as a traceback saying nothing of what to do)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                raise
            raise StoreError(f"store {self.path!r} is busy: another process kept it locked for over "
                             f"{BUSY_TIMEOUT_S:g} s; try again when it is done") from None

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies (BEGIN ... END;) whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
