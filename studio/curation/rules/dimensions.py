"""Dimensions: one fixed comparison repeated along listed dimensions ("compare A and B in terms of price, speed and
comfort"); comparing the items with each other is a dependency instead (see `studio.curation.dependency`)."""

from __future__ import annotations

from store.models import Reason
from studio.curation.dependency import COMPARISON, DIMENSION_CUE, pair_then_colon
from studio.curation.lexicon.matching import Probe
from studio.curation.rules.base import SENTENCE_END, Decomposition
from studio.curation.rules.inline import split_inline, trim_edges

def from_dimensions(text: str, found: Probe) -> Decomposition | None:
    """ "Compare A and B in terms of price, speed and comfort": one comparison per listed dimension."""
    comparison = COMPARISON.search(text, found)
    if comparison is None:
        return None
    dimension = DIMENSION_CUE.search(text, comparison.end(), found=found)
    cue = dimension or pair_then_colon(text, comparison.end())
    if cue is None:
        return None
    list_start = cue.end()
    if dimension is None:
        list_start = min(i for i in (text.find(":", cue.start()), text.find("：", cue.start())) if i >= 0) + 1
    tail = SENTENCE_END.search(text, list_start)
    segment = text[list_start:tail.start() if tail else len(text)]
    split = split_inline(segment, list_start)
    if split is None:
        return None
    items, spans = trim_edges(*split)
    if len(items) < 2 or any(not item or len(item.split()) > 6 for item in items):
        return None
    start, end = spans[0][0], spans[-1][1]
    reasons = [Reason("list.dimensions", f"{len(items)} dimensions of one comparison", (start, end)),
               Reason("cue.comparison", "a fixed comparison repeated per dimension", comparison.span())]
    return Decomposition("Comparative Analysis", (text[:start] + "{data}" + text[end:]).strip(), reasons,
                         data=items)

