"""Turning a decomposition schema into chat requests: the serial request and one request per parallel branch.

Branch prompts are filled only through `render_template` (user text never reaches str.format). For a prompt with
data items there is one branch per item, in data order. For repeated generation (`schema.n`) there are n branches
of the same prompt, made different by a diversity strategy:

- ``letter`` (the default, in the CLI and the studio alike): distinct seeds and the steer "Start with the letter
  X." (A, B, C, ... as in the ParallelPrompt reference suite). It is the default because it is the one strategy
  that gives n different answers under greedy decoding (temperature 0, the default): each branch must open
  differently, so no two can come back as the same text, whatever the model and without changing the sampling
  the serial request gets. Beyond 26 branches the letters repeat (branch 27 starts with A again).
- ``index``: distinct seeds and the steer "This is idea i of n." Softer: a small model at temperature 0 may still
  write nearly the same answer for every i.
- ``seed``: distinct sampling seeds only (seed + i). Under greedy decoding seeds change nothing, so the branches
  come back identical; use it with a temperature above 0.

Whatever the strategy, the runner compares the branches' answers and flags a run whose branches repeat one another
(``identical branches``, `studio.execution.stability`), so a speedup from degenerate branches is never shown
without saying so. Steers are our own fixed text, appended after the rendered prompt. Parallel sampling (one
request for all n answers) sends the prompt without a steer: the n answers of one request can only differ by
sampling, so it needs a temperature above 0.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Literal

from store.models import Schema
from studio.curation.templating import render_template

Diversity = Literal["seed", "letter", "index"]
DIVERSITY_STRATEGIES: tuple[str, ...] = ("seed", "letter", "index")


class BranchError(ValueError):
    """A schema cannot be turned into requests; the message says why."""


@dataclass(frozen=True, slots=True)
class BranchRequest:
    """One parallel branch: its index in data order, its chat messages and its sampling seed."""

    idx: int
    messages: list[dict[str, str]]
    seed: int
    label: str  # what a live view shows beside the branch: the data item, or "idea 3 of 8"


def user_messages(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def is_repeated_generation(schema: Schema) -> bool:
    return schema.data is None and schema.n is not None


def check_runnable(schema: Schema) -> None:
    """Raise BranchError unless the schema can be run serial vs parallel."""
    if not schema.parallelizable:
        raise BranchError("its schema says it is not parallelizable")
    if not schema.serial or not schema.serial.strip():
        raise BranchError("its schema has no serial prompt")
    if not schema.template:
        raise BranchError("its schema has no branch template")
    if schema.branch_count < 1:
        raise BranchError("its schema has no data items and no n")


def plan_branch_count(schema: Schema, vary_n: tuple[int, ...] = ()) -> int:
    """The most branches this schema's runs send at once (the largest sweep point for repeated generation)."""
    check_runnable(schema)
    if vary_n and is_repeated_generation(schema):
        return max(vary_n)
    return schema.branch_count


def serial_prompt(schema: Schema, *, n: int | None = None) -> str:
    """The serial request's text. For an n-sweep point other than the schema's own n, the serial prompt asks the
    branch prompt for n numbered answers, so both sides of that point do the same amount of work."""
    check_runnable(schema)
    assert schema.serial is not None and schema.template is not None
    if n is None or n == schema.n or not is_repeated_generation(schema):
        return schema.serial
    base = _render(schema, item=None)
    return base + "\n\nWrite " + str(n) + " different answers, numbered 1 to " + str(n) + "."


def sampling_prompt(schema: Schema) -> str:
    """The prompt of the parallel-sampling request (one request for n answers): the branch prompt, unsteered."""
    check_runnable(schema)
    return _render(schema, item=None)


def render_branch_prompts(schema: Schema, *, n: int | None = None, diversity: str = "letter",
                          seed: int = 0) -> list[BranchRequest]:
    """One request per data item, or `n` (default: the schema's n) diverse requests for repeated generation."""
    check_runnable(schema)
    if diversity not in DIVERSITY_STRATEGIES:
        raise BranchError(f"unknown diversity strategy {diversity!r}; choose {', '.join(DIVERSITY_STRATEGIES)}")
    if not is_repeated_generation(schema):
        if n is not None:
            raise BranchError("n applies only to repeated-generation prompts; this one has data items")
        assert schema.data is not None
        return [BranchRequest(idx=i, messages=user_messages(_render(schema, item=item)), seed=seed,
                              label=item) for i, item in enumerate(schema.data)]
    count = schema.n if n is None else n
    if count is None or count < 1:
        raise BranchError(f"n must be at least 1, got {count}")
    base = _render(schema, item=None)
    branches: list[BranchRequest] = []
    for i in range(count):
        steer = _steer(diversity, i, count)
        text = base + "\n\n" + steer if steer else base
        branches.append(BranchRequest(idx=i, messages=user_messages(text), seed=seed + i,
                                      label=steer or "seed " + str(seed + i)))
    return branches


def _steer(diversity: str, i: int, count: int) -> str:
    if diversity == "letter":
        return "Start with the letter " + string.ascii_uppercase[i % 26] + "."
    if diversity == "index":
        return "This is idea " + str(i + 1) + " of " + str(count) + "."
    return ""


def _render(schema: Schema, *, item: str | None) -> str:
    assert schema.template is not None
    try:
        return render_template(schema.template, data=item, context=schema.context)
    except ValueError as exc:
        raise BranchError(f"its template cannot be filled: {exc}") from exc
