"""What every rule family shares: the decomposition a rule returns and a few text measures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.models import Reason
from studio.curation.lexicon.matching import CJK_CHAR, BlankLed

MAX_BRANCHES = 100
BLANK_LINE = re.compile(r"\n[ \t]*\n")
SENTENCE_END = re.compile(r"[.!?。！？\n]")


@dataclass(slots=True)
class Decomposition:
    """What one rule found; turned into a Schema by `extract_rules`."""

    category: str
    template: str
    reasons: list[Reason]
    data: list[str] | None = None
    n: int | None = None
    context: str | None = None


def weighs(text: str, limit: int) -> bool:
    """Whether `text` is at least `limit` long in Latin-letter equivalents: a CJK character carries about three
    letters' worth of text. A character weighs one to three, so the length alone decides unless it lies between
    a third of the limit and the limit; only then are the CJK characters counted (an ASCII text, which `isascii`
    tells without reading it, holds none)."""
    if len(text) >= limit or 3 * len(text) < limit or text.isascii():
        return len(text) >= limit
    return len(text) + 2 * len(CJK_CHAR.findall(text)) >= limit


def end_of_line(text: str, position: int) -> int:
    """Where the line holding `position` ends: its line break, or the end of the text."""
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def pieces_between(text: str, start: int, end: int, separators: re.Pattern[str], edges: str | None = None,
                   ) -> list[tuple[int, int]]:
    """The spans of the non-empty pieces of text[start:end] between matches of `separators`, each without the
    `edges` characters around it (blanks when None)."""
    spans: list[tuple[int, int]] = []
    position = start
    for separator in [*separators.finditer(text, start, end), None]:
        stop = separator.start() if separator is not None else end
        piece = text[position:stop]
        stripped = piece.strip(edges)
        if stripped:
            left = position + len(piece) - len(piece.lstrip(edges))
            spans.append((left, left + len(stripped)))
        position = separator.end() if separator is not None else end
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (text between blank lines), without the blanks around it."""
    spans: list[tuple[int, int]] = []
    position = 0
    for blank in [*BLANK_LINE.finditer(text), None]:
        end = blank.start() if blank is not None else len(text)
        chunk = text[position:end]
        if chunk.strip():
            start = position + len(chunk) - len(chunk.lstrip())
            spans.append((start, position + len(chunk.rstrip())))
        position = blank.end() if blank is not None else len(text)
    return spans


def join_template(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# The marks an exam question is worth, closing its line ("Name the organelle. [1 mark]", "... (2 points)").
# (`BlankLed`: the run before the mark is read once; searched from each of its blanks, 12,000 tabs took 0.8 s)
POINTS_AFTER = BlankLed((r"[ \t]*[(\[]\s*\d{1,3}\s*(?:points?|pts?|marks?)\s*[)\]]$",), re.IGNORECASE)


# Statements to judge each true or false ("say whether each statement is True or False", "vrai ou faux ?", "¿verdadero
# o falso?", "richtig oder falsch", "vero o falso", "верно или неверно"): each asks a question.
_TRUE_OR_FALSE = re.compile(
    r"\btrue\s*(?:or|/|,)\s*false\b|\bvraie?s?\s*(?:ou|/)\s*(?:faux|fausses?)\b|"
    r"\bverdader[oa]s?\s*(?:o|ou|/)\s*fals[oa]s?\b|\b(?:richtig|wahr)\s*(?:oder|/)\s*falsch\b|"
    r"\bver[oaie]\s*(?:o|/)\s*fals[oaie]\b|\bверн[оаы]\w*\s*(?:или|/)\s*неверн", re.IGNORECASE)
# What each alternative holds, looked for first: most prompts hold none of them.
_TRUE_OR_FALSE_NEEDLES = ("als", "ALS", "aux", "AUX", "auss", "AUSS", "невер", "НЕВЕР")  # ("false" holds "als")


def asks_true_or_false(text: str) -> bool:
    """Whether `text` asks to judge statements true or false."""
    return true_or_false_end(text) >= 0


def true_or_false_end(text: str) -> int:
    """The end of the first request in `text` to judge statements true or false, -1 when none (a substring test
    before the regex)."""
    match = _TRUE_OR_FALSE.search(text) if any(needle in text for needle in _TRUE_OR_FALSE_NEEDLES) else None
    return -1 if match is None else match.end()


def cloze(item: str) -> bool:
    """A sentence with a blank to fill in ("Molten rock is called ________."): it asks a question. (Not a row of a
    board drawn with underscores: "_X_".)"""
    return "___" in item and len(item.split()) >= 3
