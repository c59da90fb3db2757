"""Rule curation of many prompts: extraction, validation and de-anonymisation in worker processes.

Why a module of its own: spawned worker processes import only what rule curation needs (not the LLM extractor's
client libraries), so starting them costs ~0.3 s. Batches come back in the order they were given, so the stored schemas
and the summary are the same whatever the number of processes (tests compare them).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence

from store.models import Schema
from studio.curation.deanon import deanonymise_schema
from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

# (prompt id, text, language) of one prompt to curate.
Item = tuple[str, str, str | None]
BATCH = 256  # prompts a worker curates per round trip: large enough to amortise pickling, small for progress


def validated(schema: Schema, prompt_text: str) -> Schema:
    """Validator first (against the original prompt: items are looked up in it), then placeholders replaced."""
    return deanonymise_schema(validate_schema(schema, prompt_text), prompt_text=prompt_text)


def curate_batch(items: Sequence[Item]) -> list[Schema]:
    """The validated rule schema of each item, with the measured extraction time."""
    schemas = []
    for prompt_id, text, language in items:
        started = time.perf_counter()
        schema = extract_rules(text, language=language, prompt_id=prompt_id)
        schema.decomposition_ms = (time.perf_counter() - started) * 1000.0
        schemas.append(validated(schema, text))
    return schemas


def curate_in_batches(items: Sequence[Item], *, workers: int = 0,
                      parallel_min: int = 2000) -> Iterator[list[Schema]]:
    """Schemas of `items`, batch by batch in their order: in `workers` processes (0: one per core) when there are
    at least `parallel_min` items and more than one worker, in this process otherwise."""
    batches = [items[start:start + BATCH] for start in range(0, len(items), BATCH)]
    processes = min(workers or os.cpu_count() or 1, len(batches))
    if processes < 2 or len(items) < parallel_min:
        yield from map(curate_batch, batches)
        return
    with multiprocessing.get_context(_start_method()).Pool(processes, initializer=_leave_signals_to_parent) as pool:
        yield from pool.imap(curate_batch, batches)


def _leave_signals_to_parent() -> None:
    """A worker ignores SIGINT and dies quietly on SIGTERM: Ctrl-C reaches the terminal's whole process group, and
    the parent, which stores what has come back and says so, stops the workers (with SIGTERM) as it leaves the
    pool. A forked worker would otherwise print a KeyboardInterrupt traceback of its own for either: the entry
    point's SIGTERM handler, which it inherits, raises one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start_method() -> str:
    """fork when this process runs one thread (instant, and safe); spawn beside other threads (the studio's
    workers, a progress bar), since a forked child could inherit a lock another thread holds."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"
