"""Speedups you can trust, on the embedded engine: do reruns of one prompt agree, and does a busy machine get said?

1. The backend is probed (`ppstudio probe` at 1 stream: the single-stream decode rate runs are checked against).
2. Quiet: the same repeated-generation prompt ("3 jokes", as in issue 15) is run RERUNS times, TRIALS interleaved
   trials each, the runner's defaults otherwise (letter diversity at temperature 0, no cache). Target: every
   run's median speedup within ±15% of the median of the runs' medians; no run flagged `noisy` (on a machine
   that other work shares, some may be, truthfully).
3. Busy: the same, with a CPU hog (`python -c "while 1: pass"`) running beside the engine on one of the two
   cores. Target: the runs are flagged `noisy` (the serial answer decodes well below the probe's rate, or the
   times vary across trials), each with the sentence `ppstudio run` prints.

Run: `.venv/bin/python benchmarks/stability.py` (about ten minutes on the 2-core reference machine). Numbers are
only as quiet as the machine: say what else was running when you quote them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from machine import describe, machine_facts  # noqa: E402
from store import Prompt, Run, Schema, Store  # noqa: E402
from studio.backends.base import Endpoint  # noqa: E402
from studio.backends.embedded import EmbeddedEngine, EngineConfig  # noqa: E402
from studio.backends.probe import probe_endpoint  # noqa: E402
from studio.execution import stability  # noqa: E402
from studio.execution.events import RunFinished  # noqa: E402
from studio.execution.options import RunOptions  # noqa: E402
from studio.execution.runner import execute  # noqa: E402
from studio.execution.transport import run_loop  # noqa: E402

RERUNS = 5
TRIALS = 3
MAX_TOKENS = 96  # the serial answer of issue 15 was 96 tokens: about a second here, long enough to time
PROBE_TOKENS = 64
AGREEMENT = 0.15  # each median within ±15% of the median of medians


def add_jokes_prompt(store: Store) -> str:
    prompt = Prompt(text="Tell me 3 jokes.", source="benchmark")
    store.add_prompts([prompt])
    store.add_schema(Schema(prompt_id=prompt.id, extractor="benchmark", extractor_version="1", parallelizable=True,
                            category="repeated_generation", serial=prompt.text, template="Tell me a joke.", n=3,
                            decomposition_ms=0.0))
    return prompt.id


async def one_run(store: Store, endpoint: Endpoint, prompt_id: str) -> Run:
    options = RunOptions(trials=TRIALS, max_tokens=MAX_TOKENS, use_cache=False)
    async for event in execute(store, endpoint, [prompt_id], options):
        if isinstance(event, RunFinished):
            return event.run
    raise RuntimeError("the run did not finish")


@contextmanager
def cpu_hog() -> Iterator[None]:
    """One busy process beside the engine, stopped (by its own pid) on the way out."""
    hog = subprocess.Popen([sys.executable, "-c", "while 1: pass"])
    try:
        time.sleep(0.5)
        yield
    finally:
        hog.kill()
        hog.wait()


def report(label: str, runs: list[Run], *, busy: bool) -> None:
    """The runs, how far their medians agree and how many were flagged, each against its phase's target: the
    quiet runs must agree and not be flagged; the busy runs must be flagged (their medians may disagree)."""
    medians = [run.speedup for run in runs if run.speedup is not None]
    centre = statistics.median(medians) if medians else None
    print(f"\n{label}: {len(runs)} runs x {TRIALS} trials")
    for run in runs:
        found = stability.of_run(run)
        serial = f"{run.serial_ms:,.0f}" if run.serial_ms is not None else "—"
        rate = f"{found.serial_decode_tps:.1f}" if found and found.serial_decode_tps else "—"
        print(f"  speedup {run.speedup or float('nan'):5.2f}x  ({stability.spread_text(found, run.trials)})  serial "
              f"{serial} ms  decode {rate} tok/s  flags: {stability.flags_text(found) or '-'}")
        for reason in found.reasons if found else ():
            print(f"      {reason}")
    if centre:
        worst = max(abs(value / centre - 1) for value in medians)
        verdict = "no target here" if busy else (
            f"{'ok' if worst <= AGREEMENT else 'MISSED'} (within ±{AGREEMENT:.0%})")
        print(f"  medians {min(medians):.2f}–{max(medians):.2f}x, median of medians {centre:.2f}x, worst deviation "
              f"{worst:.0%}: {verdict}")
    noisy = sum(1 for run in runs if stability.NOISY in stability.flags_of(run))
    target = noisy == len(runs) if busy else noisy == 0
    print(f"  flagged noisy: {noisy} of {len(runs)}: {'ok' if target else 'MISSED'} "
          f"({'all' if busy else 'none'} should be)")


def main() -> int:
    print(describe(machine_facts()))
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "stability.db") as store, \
            EmbeddedEngine(EngineConfig(slots=4)) as engine:
        endpoint = Endpoint(base_url=f"{engine.base_url}/v1", model=engine.model_name, label="embedded")
        probe = store.add_probe(run_loop(probe_endpoint(endpoint, (1,), max_tokens=PROBE_TOKENS)))
        rate = stability.probe_decode_rate(probe)
        print(f"probe: one stream {probe.curve[0]['tokens_per_s']:.1f} tokens/s, decode {rate or float('nan'):.1f} "
              f"tokens/s (noisy below {stability.NOISY_RATE:.0%} of it)")
        prompt_id = add_jokes_prompt(store)
        quiet = [run_loop(one_run(store, endpoint, prompt_id)) for _ in range(RERUNS)]
        report("quiet", quiet, busy=False)
        with cpu_hog():
            busy = [run_loop(one_run(store, endpoint, prompt_id)) for _ in range(RERUNS)]
        report("with a CPU hog beside the engine", busy, busy=True)
    return 0  # missed targets are reported above; they must not stop `make bench`


if __name__ == "__main__":
    raise SystemExit(main())
