"""Curation cost in instructions per prompt (valgrind's callgrind), a figure that, unlike wall clock, does not move
with the load of a shared machine or from one VM to the next: what compares two trees, or two sessions.

Run: `.venv/bin/python benchmarks/curate_callgrind.py [--sets sharegpt chatlog dev] [--prompts 400] [--jobs 2]`
(needs `valgrind` on PATH). For each set, the first `--prompts` prompts are curated (rules + validation + gate, each
with its id as `curate_store` passes it, so hashing is not counted) after a warm-up on the short samples, once with
all of them and once with none; the difference over `--prompts` is the cost per prompt, free of start-up and import.
`PYTHONHASHSEED=0` fixes set and dict order; `OPENBLAS_NUM_THREADS=1` keeps numpy's (py3langid's) BLAS threads from
spinning, which moved a total by 2-4% from run to run. Compare trees checked out at paths of the *same length*: module
paths are hashed and copied at import, which moves the count by a few hundred instructions per prompt.
Sets: `sharegpt` (`sample_data/sharegpt_train.jsonl`, rebuilt by `sample_data/real/rebuild_nc.py`), `chatlog`
(`benchmarks/curate.py`'s generated chat-log-length prompts), `dev` (`sample_data/dev.jsonl`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import describe, machine_facts  # noqa: E402

SET_FILES = {"sharegpt": ROOT / "sample_data" / "sharegpt_train.jsonl", "dev": ROOT / "sample_data" / "dev.jsonl"}
SETS = ("sharegpt", "chatlog", "dev")
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def load_set(which: str) -> list[tuple[str, str | None]]:
    """The set's prompts (text, language), as `benchmarks/curate.py` reads them (imported here: the parent process
    needs only the sets' sizes)."""
    import curate

    return curate.real_length_prompts() if which == "chatlog" else curate.prompts_from_file(SET_FILES[which])


def curate_first(which: str, count: int, limit: int) -> None:
    """The measured work (run under valgrind): warm up, then curate the first `count` of the set's `limit` prompts."""
    prompts = load_set(which)
    import curate
    from studio.curation.rules import extract_rules
    from studio.curation.validator import validate_schema

    workload = [(text, language, curate.prompt_id_for(text)) for text, language in prompts[:limit]]
    for text, language in curate.SAMPLE_PROMPTS:
        validate_schema(extract_rules(text, language=language), text)
    for text, language, prompt_id in workload[:count]:
        validate_schema(extract_rules(text, language=language, prompt_id=prompt_id), text)


def instructions(which: str, count: int, limit: int, folder: Path) -> int:
    """Instructions callgrind counts for one run of `curate_first`."""
    out = folder / f"{which}.{count}.callgrind"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
               "--worker", which, str(count), str(limit)]
    subprocess.run(command, check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    match = _TOTALS.search(out.read_text(encoding="utf-8", errors="replace"))
    if match is None:
        raise RuntimeError(f"no instruction total in {out}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=SETS,
                        help="prompt sets (default: every set whose prompts file exists)")
    parser.add_argument("--prompts", type=int, default=400, help="prompts curated per set (default 400)")
    parser.add_argument("--jobs", type=int, default=2, help="valgrind runs at once (default 2: one per core here)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--worker", nargs=3, metavar=("SET", "COUNT", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        which, count, limit = args.worker
        curate_first(which, int(count), int(limit))
        return
    if shutil.which("valgrind") is None:
        print("curate_callgrind: skipped, valgrind is not on PATH", file=sys.stderr)
        return
    missing = [which for which in args.sets or () if which in SET_FILES and not SET_FILES[which].exists()]
    if missing:
        parser.error(f"no prompts file for {', '.join(missing)} (see sample_data/README.md to rebuild it)")
    args.sets = args.sets or [which for which in SETS if which not in SET_FILES or SET_FILES[which].exists()]
    sizes = {which: min(args.prompts, len(load_set(which))) for which in args.sets}  # a set may hold fewer
    runs = [(which, count) for which in args.sets for count in (0, sizes[which])]
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(args.jobs) as pool:
        totals = dict(zip(runs, pool.map(lambda run: instructions(*run, sizes[run[0]], Path(folder)), runs)))
    per_prompt = {which: (totals[which, sizes[which]] - totals[which, 0]) // sizes[which] for which in args.sets}
    if args.json:
        print(json.dumps({"prompts": sizes, "instructions_per_prompt": per_prompt, "root": str(ROOT),
                          "machine": machine_facts()}))
    else:
        print(describe(machine_facts()))
        for which, cost in per_prompt.items():
            print(f"{which:<9} {cost:>12,} instructions/prompt ({sizes[which]} prompts)")


if __name__ == "__main__":
    main()
