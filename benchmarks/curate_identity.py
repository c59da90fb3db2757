"""Schema identity: the validated rule schema of every labelled text and every benchmark prompt, as digests (and,
with `--out`, as one JSON line each), so a speed change can show it changes no decision at all.

Run in each tree to compare: `.venv/bin/python benchmarks/curate_identity.py [--out DIR] [--json]`, then compare
the digests (or `cmp` the files in the two DIRs: the first differing line names the prompt to look at).
- `labelled`: every `sample_data/*.jsonl` row's text, in file and line order (rebuilt files included when present;
  the count says how many were read). The dump holds schemas of held-out prompts: compare it, do not read it.
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


def labelled_prompts(folder: Path = ROOT / "sample_data") -> curate.Workload:
    """Every labelled text under `folder`, file by file in name order."""
    return [prompt for path in sorted(folder.glob("*.jsonl")) for prompt in curate.prompts_from_file(path)]


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
    parser.add_argument("--out", type=Path, help="also write each set's schemas to DIR/<set>.jsonl")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict[str, object]] = {}
    for name, prompts in (("labelled", labelled_prompts()), ("benchmark", benchmark_prompts())):
        digest = hashlib.sha256()
        dump = (args.out / f"{name}.jsonl").open("w", encoding="utf-8") if args.out else None
        for line in schema_lines(prompts):
            digest.update(line.encode("utf-8"))
            if dump:
                dump.write(line)
        if dump:
            dump.close()
        report[name] = {"prompts": len(prompts), "sha256": digest.hexdigest()}
    if args.json:
        print(json.dumps(report))
    else:
        for name, figures in report.items():
            print(f"{name:<10} {figures['prompts']:>6} schemas  sha256 {figures['sha256']}")


if __name__ == "__main__":
    main()
