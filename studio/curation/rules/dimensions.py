"""Dimensions: one fixed comparison repeated along listed dimensions ("compare A and B in terms of price, speed and
comfort", "compare A and B, like their cost, speed and comfort"), or one weighing of named sides ("the benefits and
drawbacks of X regarding A, B and C"); comparing the items with each other is a dependency instead (see
`studio.curation.dependency`)."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.dependency import COMPARISON, DIMENSION_CUE, pair_then_colon, their_dimensions
from studio.curation.lexicon.matching import Probe, asked_words
from studio.curation.rules.base import SENTENCE_END, Decomposition
from studio.curation.rules.inline import split_inline, trim_edges

# "the benefits and drawbacks of X regarding education, business and health": one weighing of X per listed dimension,
# as one comparison is (the pair of sides must be named; "the benefits of X regarding ..." and "the impact of X in
# terms of ..." are one answer's facets).
_SIDES = asked_words(("benefits", "advantages", "pros", "strengths", "upsides"))
_TRADE_OFF = re.compile(r"\b(?:" + "|".join(sorted(_SIDES)) + r")\s+and\s+(?:the\s+)?"
                        r"(?:drawbacks|disadvantages|cons|weaknesses|downsides|risks)\b", re.IGNORECASE)


_LIST_REACH = 600  # the most characters from the dimension cue to the end of its sentence
# The next step after the dimensions ("… the syntax, speed and tooling, then tell me which one wins", "… and then
# pick one"): the list ends where it starts. A "then" inside a dimension ("the then-dominant weapons", "wages back
# then") has no comma or "and" before it, or no word after it. (Its runs of blanks are read once: possessive, each
# before a token no blank starts, and the first tried only where a run starts, `(?<!\s)`, where a match inside the run
# would have started already, the search being from a segment's start; a run of 600 blanks read once per position
# of it was quadratic in the segment.)
_NEXT_STEP = re.compile(r"(?<!\s)(?:\s*+,\s*+(?:and\s++)?|\s++and\s++)then\s++(?=[^\W\d_])", re.IGNORECASE)


# Words no facet holds: a clause ("which is small", "someone who is young", "I am 30"), a speaker ("their owners
# do", "subscribers say"), a means ("by price"). Such a run after a dimension cue describes the user or the things,
# not the sides of one comparison.
_NOT_A_FACET = frozenset({"am", "is", "are", "was", "were", "which", "who", "whom", "whose", "i", "we", "you", "he",
                          "she", "they", "by", "do", "does", "did", "say", "says", "said", "think", "thinks"})


def _facet_like(item: str) -> bool:
    """Whether `item` can be one dimension of a comparison (a short noun phrase, no clause or speaker)."""
    return _NOT_A_FACET.isdisjoint(item.lower().split())


def _weighed_by_dimension(text: str, found: Probe) -> tuple[re.Match[str], re.Match[str]] | None:
    """(the pair of sides, the dimension cue) when a pros-and-cons pair is followed by a dimension cue in its own
    sentence, else None."""
    if found.words.isdisjoint(_SIDES):
        return None
    sides = _TRADE_OFF.search(text)
    if sides is None:
        return None
    end = SENTENCE_END.search(text, sides.end())
    dimension = DIMENSION_CUE.search(text, sides.end(), end.start() if end else len(text), found=found)
    return (sides, dimension) if dimension is not None else None


def from_dimensions(text: str, found: Probe) -> Decomposition | None:
    """ "Compare A and B in terms of price, speed and comfort": one comparison per listed dimension."""
    comparison = COMPARISON.search(text, found)
    weighed = None
    dimension: re.Match[str] | None
    if comparison is None:
        weighed = _weighed_by_dimension(text, found)
        if weighed is None:
            return None
        comparison, dimension = weighed
        listed = _dimension_list(text, dimension.end(), facets_only=True)
    elif (dimension := DIMENSION_CUE.search(text, comparison.end(), found=found)) is not None:
        listed = _dimension_list(text, dimension.end(), facets_only=False)
    else:
        # the compared things' facets ("…, like their X, Y and Z", a table of them), else a list after a colon
        # ("compare A and B: price, speed")
        their = their_dimensions(text, comparison.end())
        listed = _dimension_list(text, their.end(), facets_only=True) if their is not None else None
        if listed is None and (colon := pair_then_colon(text, comparison.end())) is not None:
            list_start = min(i for i in (text.find(":", colon.start()), text.find("：", colon.start())) if i >= 0) + 1
            listed = _dimension_list(text, list_start, facets_only=False)
    if listed is None:
        return None
    items, spans = listed
    start, end = spans[0][0], spans[-1][1]
    reasons = [Reason("list.dimensions", f"{len(items)} dimensions of one comparison", (start, end)),
               Reason("cue.comparison", "a fixed comparison repeated per dimension" if weighed is None else
                      "one weighing of two sides (pros and cons) repeated per dimension", comparison.span())]
    return Decomposition("Comparative Analysis", (text[:start] + "{data}" + text[end:]).strip(), reasons,
                         data=items)


def _dimension_list(text: str, list_start: int, facets_only: bool) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The dimensions listed from `list_start` to the end of the sentence or the next step, with their spans; None
    when that is no short list. `facets_only` (the weighing, "like their", table cues): no item may read as a clause
    or a speaker ("someone who is young", "their owners do")."""
    tail = SENTENCE_END.search(text, list_start, list_start + _LIST_REACH + 1)
    segment_end = tail.start() if tail else len(text)
    if segment_end - list_start > _LIST_REACH:
        return None  # a few short dimensions end their sentence soon: a longer run is no such list (and would cost)
    segment = text[list_start:segment_end]
    next_step = _NEXT_STEP.search(segment)
    if next_step is not None:
        segment = segment[:next_step.start()]
    split = split_inline(segment, list_start)
    if split is None or facets_only and not all(map(_facet_like, split[0])):  # untrimmed: "who is young" -> "young"
        return None
    items, spans = trim_edges(*split)
    if len(items) < 2 or any(not item or len(item.split()) > 6 for item in items):
        return None
    return items, spans
