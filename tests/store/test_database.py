"""Opening a store and writing to it while another process holds it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import Prompt, Store, StoreError
from store import database as database_module


def test_a_write_lock_held_past_the_busy_timeout_is_a_store_error(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process (a shell, a migration of a big store) keeps the write lock longer than the busy timeout:
    the write fails with a StoreError saying the store is busy (one `error:` line from any command), not a raw
    sqlite3 'database is locked'; what was stored is untouched and the store writes again once it is free."""
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_S", 0.05)
    path = tmp_path / "busy.db"
    with Store(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="busy: another process"):
                store.add_prompts([Prompt(text="Give me 3 names for a cat", source="text")])
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.count_prompts() == 0
        store.add_prompts([Prompt(text="Give me 3 names for a cat", source="text")])
        assert store.count_prompts() == 1
