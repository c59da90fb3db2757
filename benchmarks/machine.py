"""The machine and interpreter a benchmark ran on, printed with its figures.

A figure without them cannot be compared with another session's. Session 33's VM ran the same curation code at
0.6-0.8x the speed of session 32's. Session 34 measured the same code on one machine about a sixth faster under
Debian's python3.11 than under pyenv's 3.11.7 build. The load average says whether other work shared the CPU.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def cpu_model(cpuinfo: Path = CPUINFO) -> str:
    """The first "model name" of /proc/cpuinfo (Linux), else what `platform` knows."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_facts() -> dict[str, object]:
    """CPU, cores, load average at the call, and the interpreter behind the venv (its real path, not the venv's)."""
    try:
        load: list[float] | None = [round(value, 2) for value in os.getloadavg()]
    except OSError:  # not every platform has one
        load = None
    return {"cpu": cpu_model(), "logical_cpus": os.cpu_count(), "load_average_1_5_15": load,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "python_build": " ".join(platform.python_build()), "python_compiler": platform.python_compiler(),
            "interpreter": os.path.realpath(sys.executable)}


def describe(facts: dict[str, object]) -> str:
    """One line for a benchmark's text output."""
    load = facts["load_average_1_5_15"]
    load_text = "/".join(f"{value:.2f}" for value in load) if isinstance(load, list) else "unknown"
    return (f"machine: {facts['cpu']}, {facts['logical_cpus']} logical CPUs, load average {load_text} (1/5/15 min); "
            f"{facts['python']} ({facts['python_build']}, {facts['python_compiler']}) at {facts['interpreter']}")
