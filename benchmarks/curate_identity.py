"""Schema identity: the validated rule schema of every labelled text and every benchmark prompt, as digests (and,
with `--out`, as one JSON line each), so a speed change can show it changes no decision at all.

Run in each tree to compare: `.venv/bin/python benchmarks/curate_identity.py [--out DIR] [--json]`, then compare
the digests, or the files in the two DIRs (one per labelled file: `cmp DIR1/labelled/dev.jsonl DIR2/...`).
- `labelled`: every `sample_data/*.jsonl` row's text, in file and line order (rebuilt files included when present;
  the count says how many were read). Held-out files' dumps are for counting differences (`cmp -l`, `diff | grep -c`),
  never for reading: a change is studied on the train files' prompts only.
- `benchmark`: `benchmarks/curate.py`'s prompts (the short samples, chat-log-length prompts at two seeds, the
  cost-by-length shapes).
The gate is applied (`validate_schema`); timings and timestamps are left out.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import curate  # noqa: E402
from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402

VOLATILE = ("decomposition_ms", "created_at")


def labelled_files(folder: Path = ROOT / "sample_data") -> dict[str, curate.Workload]:
    """Every labelled text under `folder`, by file name, in name order."""
    return {path.name: curate.prompts_from_file(path) for path in sorted(folder.glob("*.jsonl"))}


def benchmark_prompts() -> curate.Workload:
    """The prompts `benchmarks/curate.py` times, at fixed seeds."""
    prompts = [*curate.SAMPLE_PROMPTS, *curate.real_length_prompts(), *curate.real_length_prompts(1000, seed=7)]
    for length in (1_000, 10_000, 100_000):
        prompts += [(text, None) for text in curate._long_prompts(length).values()]
    return prompts


def schema_lines(prompts: Iterable[tuple[str, str | None]]) -> Iterable[str]:
    """One canonical JSON line per prompt's validated schema."""
    for text, language in prompts:
        fields = dataclasses.asdict(validate_schema(extract_rules(text, language=language), text))
        for key in VOLATILE:
            fields.pop(key, None)
        yield json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write the schemas: DIR/labelled/<file>.jsonl, DIR/benchmark.jsonl")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    sets = {**{f"labelled/{name}": prompts for name, prompts in labelled_files().items()},
            "benchmark.jsonl": benchmark_prompts()}
    digests = {"labelled": hashlib.sha256(), "benchmark": hashlib.sha256()}
    counts = dict.fromkeys(digests, 0)
    for name, prompts in sets.items():
        kind = name.split("/")[0].removesuffix(".jsonl")
        lines = list(schema_lines(prompts))
        for line in lines:
            digests[kind].update(line.encode("utf-8"))
        counts[kind] += len(lines)
        if args.out:
            (args.out / name).parent.mkdir(parents=True, exist_ok=True)
            (args.out / name).write_text("".join(lines), encoding="utf-8")
    report: dict[str, dict[str, object]] = {
        kind: {"prompts": counts[kind], "sha256": digest.hexdigest()} for kind, digest in digests.items()}
    if args.json:
        print(json.dumps(report))
    else:
        for name, figures in report.items():
            print(f"{name:<10} {figures['prompts']:>6} schemas  sha256 {figures['sha256']}")


if __name__ == "__main__":
    main()
