"""Ingest throughput: generate an LMSYS-format JSONL (1,000,000 rows by default), ingest it, print rows/s and RSS.

Target on the 2-core reference machine: >= 20,000 rows/s and < 1 GB peak RSS. Run: `.venv/bin/python
benchmarks/ingest.py [--rows N] [--parquet | --json-array] [--keep DIR]`. Generation time is not counted; the
store and file live in a temporary folder that is removed afterwards (unless --keep). Rows per CPU-second are
printed too: on a shared machine wall-clock throughput depends on what else runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import Store  # noqa: E402
from studio.ingest import ingest_paths  # noqa: E402

_TASKS = (
    ("English", "Give me {n} catchy slogans for a {thing} shop in {city}, number {i}."),
    ("English", "Translate these sentences into French: 'The {thing} is red.' 'We met in {city}.' ({i})"),
    ("Spanish", "Escribe {n} ideas para una fiesta de {thing} en {city}, versión {i}."),
    ("French", "Donne-moi {n} noms pour un magasin de {thing} à {city}, variante {i}."),
    ("German", "Schreibe {n} kurze Gedichte über {thing} in {city}, Nummer {i}."),
    ("Chinese", "请为{city}的{thing}店写{n}条广告语，第{i}版。"),
    ("Russian", "Напиши {n} слогана для магазина {thing} в городе {city}, вариант {i}."),
    ("English", "Explain step by step how to repair a {thing}, then summarise it for someone in {city}. #{i}"),
)
_THINGS = ("bicycle", "coffee", "book", "flower", "bakery", "lamp", "guitar", "tea", "shoe", "cheese")
_CITIES = ("Lima", "Nairobi", "Oslo", "Kyoto", "Porto", "Quito", "Hanoi", "Riga", "Accra", "Perth")
_MODELS = ("vicuna-13b", "koala-13b", "alpaca-13b", "chatglm-6b", "llama-2-13b-chat")
PARQUET_ROW_GROUP = 100_000


def _rows(count: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """LMSYS-format rows (multi-turn, mostly unique first turns)."""
    rng = random.Random(seed)
    for i in range(count):
        language, task = _TASKS[i % len(_TASKS)]
        text = task.format(n=rng.randint(2, 12), thing=rng.choice(_THINGS), city=rng.choice(_CITIES), i=i)
        yield {
            "conversation_id": f"{i:032x}", "model": _MODELS[i % len(_MODELS)],
            "conversation": [{"role": "user", "content": text},
                             {"role": "assistant", "content": "Sure! Here you go: " + text[::-1]},
                             {"role": "user", "content": "Thanks, now shorter."},
                             {"role": "assistant", "content": "Done."}],
            "turn": 2, "language": language, "openai_moderation": [{"flagged": False}], "redacted": False,
        }


def generate(path: Path, rows: int) -> int:
    """Write `rows` rows as JSONL, as Parquet (row groups of 100,000) when `path` ends in .parquet, or as one JSON
    array (one element per line, as ShareGPT dumps are) when it ends in .json."""
    if path.suffix == ".parquet":
        writer: pq.ParquetWriter | None = None
        for chunk in _chunks(_rows(rows), PARQUET_ROW_GROUP):
            table = pa.Table.from_pylist(chunk)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table, row_group_size=PARQUET_ROW_GROUP)
        if writer is not None:
            writer.close()
    else:
        array = path.suffix == ".json"
        with path.open("w", encoding="utf-8") as out:
            out.write("[\n" if array else "")
            for index, row in enumerate(_rows(rows)):
                out.write(("," if array and index else "") + json.dumps(row, ensure_ascii=False) + "\n")
            out.write("]\n" if array else "")
    return path.stat().st_size


def _chunks(rows: Iterator[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    container = parser.add_mutually_exclusive_group()
    container.add_argument("--parquet", action="store_true", help="ingest a Parquet file instead of JSONL")
    container.add_argument("--json-array", action="store_true", help="ingest one JSON array instead of JSONL")
    parser.add_argument("--keep", type=Path, help="write the file and store here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        data = folder / ("lmsys-bench." + ("parquet" if args.parquet else "json" if args.json_array else "jsonl"))
        started = time.perf_counter()
        # In a child process, so that the peak RSS printed below is the ingest's alone.
        generator = multiprocessing.get_context("fork").Process(target=generate, args=(data, args.rows))
        generator.start()
        generator.join()
        if generator.exitcode != 0:
            print(f"generating {data} failed (exit code {generator.exitcode})")
            return 2
        print(f"generated {args.rows:,} rows ({data.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        with Store(folder / "bench.db") as store:
            started, cpu_started = time.perf_counter(), cpu_seconds()
            summary = ingest_paths(store, [data])
            elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
        rate = summary.read / elapsed if elapsed else float("inf")
        rss = peak_rss_mb()
        print(f"ingested: read {summary.read:,}, added {summary.added:,}, duplicates {summary.duplicates:,}, "
              f"bad rows {summary.bad_rows:,} in {elapsed:.1f} s wall, {cpu:.1f} s CPU")
        print(f"rows/s: {rate:,.0f} wall (target >= 20,000); {summary.read / cpu:,.0f} per CPU-second "
              f"(what an idle core would give)   peak RSS: {rss:.0f} MB (target < 1,024)")
        return 0 if rate >= 20_000 and rss < 1024 else 1


if __name__ == "__main__":
    raise SystemExit(main())
