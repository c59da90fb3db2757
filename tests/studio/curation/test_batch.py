"""Rule curation in worker processes gives exactly the schemas, in the same order, as one process."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from itertools import chain
from pathlib import Path

import pytest

from store import Store
from store.models import Prompt, Schema
from studio.config import CurateSettings
from studio.curation.batch import BATCH, curate_in_batches
from studio.curation.pipeline import curate_store
from tests.conftest import SAMPLE_DATA


def _items() -> list[tuple[str, str, str | None]]:
    """The gold prompts, each also with a numbered suffix, so that there are several batches."""
    gold = [json.loads(line) for line in (SAMPLE_DATA / "gold.jsonl").read_text(encoding="utf-8").split("\n")
            if line.strip()]
    texts = [(row["prompt"], row["language"]) for row in gold]
    texts += [(f"{text}\n\n(variant {i})", language) for i, (text, language) in enumerate(texts * 2)]
    return [(Prompt(text=text, source="jsonl").id, text, language) for text, language in texts]


def _comparable(schema: Schema) -> Schema:
    return dataclasses.replace(schema, decomposition_ms=None)  # measured time differs from run to run


def test_worker_processes_give_the_single_process_schemas_in_order() -> None:
    items = _items()
    assert len(items) > 2 * BATCH
    single = [_comparable(s) for s in chain.from_iterable(curate_in_batches(items, workers=1))]
    parallel = [_comparable(s) for s in chain.from_iterable(curate_in_batches(items, workers=2, parallel_min=0))]
    assert [s.prompt_id for s in single] == [prompt_id for prompt_id, _, _ in items]
    assert parallel == single


def test_curate_store_in_processes_stores_the_same_schemas(tmp_path: Path) -> None:
    prompts = [Prompt(text=text, source="jsonl", language=language) for _, text, language in _items()]
    results = []
    for name, settings in (("single", CurateSettings(workers=1)),
                           ("parallel", CurateSettings(workers=2, parallel_min_prompts=0))):
        store = Store(tmp_path / f"{name}.db")
        store.add_prompts(prompts)
        summary = curate_store(store, ["rules"], settings=settings)
        schemas = [_comparable(dataclasses.replace(schema, id=None, created_at=None))
                   for prompt in prompts for schema in store.schemas_for(prompt.id)]
        results.append((summary.to_json() | {"elapsed_s": None}, schemas))
        store.close()
    assert results[0] == results[1]
    assert results[0][0]["curated"] == {"rules": len({prompt.id for prompt in prompts})}


@pytest.mark.parametrize("interrupt", [
    "os.killpg(0, signal.SIGINT)",  # Ctrl-C reaches the terminal's whole group
    "os.kill(os.getpid(), signal.SIGTERM)",  # `kill`: the parent only, which `ppstudio` takes as Ctrl-C
])
def test_an_interruption_stops_the_workers_without_their_tracebacks(interrupt: str) -> None:
    """The workers leave Ctrl-C to the parent, which stops them as it leaves the pool (`ppstudio curate` then prints
    one line saying what is stored), and die quietly when it does, instead of each printing a KeyboardInterrupt
    traceback of its own (forked, they inherit the entry point's SIGTERM-as-Ctrl-C handler)."""
    script = (
        "import os, signal, sys\n"
        "from studio.curation.batch import curate_in_batches\n"
        "from studio.signals import sigterm_as_ctrl_c\n"
        "items = [(f'{i:016x}', f'Give me {i % 9 + 2} names for a cat, variant {i}', 'en') for i in range(4000)]\n"
        "try:\n"
        "    with sigterm_as_ctrl_c():  # as studio.cli.main\n"
        "        for _ in curate_in_batches(items, workers=2, parallel_min=0):\n"
        f"            {interrupt}  # the pool has started\n"
        "            signal.pause()\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[3], start_new_session=True)
    assert done.returncode == 130, done.stderr
    assert done.stderr == ""  # not even a worker's "Process ForkPoolWorker-1:" before it is stopped
