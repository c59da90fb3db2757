"""Assembling branch outputs into one parallel answer to compare with the serial answer.

Two strategies (the `--aggregation` flag; their names are `evaluators.base.AGGREGATIONS`, which the scorers share):

- ``concat`` (default): the branch outputs numbered in data order. A branch that failed keeps its slot, marked
  with its reason, so the answer never silently loses an item.
- ``merge``: one extra LLM call that combines the numbered outputs into a single answer to the original request.
  The runner times it separately (`Run.merge_ms`, `Run.merge_text`); `Run.aggregated_text` stays the concat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BranchOutput:
    idx: int
    text: str | None  # None when the branch did not finish OK
    error: str | None = None


def concat_answers(outputs: Sequence[BranchOutput]) -> str:
    """Branch outputs in data order, numbered from 1; failed branches marked with their reason."""
    parts: list[str] = []
    for output in sorted(outputs, key=lambda o: o.idx):
        body = output.text.strip() if output.text is not None else "[no answer: " + (output.error or "failed") + "]"
        parts.append(str(output.idx + 1) + ". " + body)
    return "\n\n".join(parts)


def merge_messages(serial_prompt: str, concatenated: str) -> list[dict[str, str]]:
    """The merge request: the original request plus the numbered partial answers, asking for one combined answer."""
    instruction = ("Below is a request and partial answers to it, written independently and numbered in order. "
                   "Combine them into one complete, well-formed answer to the request. Keep every part's content "
                   "and order; do not mention that there were separate parts.")
    text = (instruction + "\n\n## Request\n" + serial_prompt + "\n\n## Partial answers\n" + concatenated
            + "\n\n## Combined answer")
    return [{"role": "user", "content": text}]
