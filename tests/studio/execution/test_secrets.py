"""A key used for a run reaches the server and nothing else: not the store file, not a report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from store import Store
from studio.execution.options import RunOptions
from studio.execution.runner import execute
from studio.reports import build_report, render

from .conftest import SimFactory
from .test_runner import collect, finished_runs

SECRET = "sk-test-DO-NOT-STORE-4f1c9a"


async def test_api_key_is_never_written_to_the_store_or_reports(store: Store, make_sim: SimFactory,
                                                                translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    keyed = replace(endpoint, api_key=SECRET)
    [run] = finished_runs(await collect(execute(store, keyed, [translation_prompt], RunOptions(use_cache=True))))
    assert run.status == "done"
    assert SECRET not in repr(keyed)
    documents = [render(build_report(store, None), fmt) for fmt in ("md", "html", "csv", "json")]
    assert all(SECRET not in document for document in documents)
    store.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in Path(store.path).parent.glob(Path(store.path).name + "*"):  # the file, its WAL and shm
        assert SECRET.encode() not in path.read_bytes()
