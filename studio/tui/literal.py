"""Untrusted text (prompts, model answers) turned into `rich.text.Text` that renders literally.

A `Text` is never parsed as markup, so `[bold]` or `[link=...]` stay visible characters; control characters (ESC
and the rest of C0/C1, bidi overrides: they could drive or mislead the terminal) are shown as escapes by the
terminal rule of `studio.untrusted`. Offsets into the original text (validation `Reason.span`s, search matches) are
mapped through the replacement so highlights land where they belong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from studio.untrusted import visible_char, visible_text


def literal(text: str | None, style: str | Style = "") -> Text:
    """`text` as a Text that shows every character as itself (control characters made visible)."""
    return Text(visible_text(text or ""), style=style)


MATCH_STYLE = "bold reverse"  # a search match, in table cells and in the detail's prompt text
_CONTEXT_BEFORE = 12  # cells of text kept before a match a preview has to scroll to


def search_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the search `terms` occur in `text` (any case), as (start, end) offsets: each term itself, or, when the
    text holds a word form of it instead (the store matches "slogans" to "slogan" by stem), its first letters."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        found = [m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE)]
        if not found and term.isalnum() and len(term) > 3:
            stem = term[:max(3, len(term) - 2)]
            found = [m.span() for m in re.finditer(re.escape(stem) + r"\w*", text, re.IGNORECASE)]
        spans.extend(found)
    return sorted(spans)


def _fitting(text: str, start: int, cells: int) -> int:
    """The end of the longest run of `text` from `start` that takes at most `cells` terminal cells (CJK: 2)."""
    end, used = start, 0
    while end < len(text) and used + cell_len(text[end]) <= cells:
        used += cell_len(text[end])
        end += 1
    return end


def _back(text: str, end: int, cells: int) -> int:
    """The start of the longest run of `text` ending at `end` that takes at most `cells` terminal cells."""
    start, used = end, 0
    while start > 0 and used + cell_len(text[start - 1]) <= cells:
        used += cell_len(text[start - 1])
        start -= 1
    return start


def one_line(text: str | None, width: int, terms: Sequence[str] = ()) -> Text:
    """`text` on one line (newlines shown as ⏎) cut to `width` terminal cells, for table cells. With search
    `terms` the matches are highlighted, and a first match beyond the width is brought into view ("…" marks a
    cut)."""
    flat = " ⏎ ".join(part.strip() for part in (text or "").splitlines() if part.strip())
    spans = search_spans(flat, terms)
    start = 0
    if spans and cell_len(flat[:spans[0][1]]) > width - 1:
        first, last = spans[0]
        context = max(0, min(_CONTEXT_BEFORE, width - 2 - cell_len(flat[first:last])))
        start = max(1, min(_back(flat, first, context), _back(flat, len(flat), width - 1)))
    room = width - (1 if start else 0)
    end = _fitting(flat, start, room)
    if end < len(flat):
        end = _fitting(flat, start, room - 1)  # leave a cell for the closing "…"
    shown = highlighted(flat[start:end], [((a - start, b - start), MATCH_STYLE) for a, b in spans if b > start])
    if start:
        shown = Text("…").append_text(shown)
    if end < len(flat):
        shown.append("…")
    shown.no_wrap = True
    return shown


def highlighted(text: str, spans: Iterable[tuple[tuple[int, int], str | Style]]) -> Text:
    """`text` shown literally with each ((start, end), style) span of the ORIGINAL text highlighted.

    Out-of-range spans are clipped rather than trusted: they come from extractors and validators.
    """
    pieces: list[str] = []
    offsets = [0]  # offsets[i] = position in the shown text of original character i
    for ch in text:
        shown = visible_char(ch)
        pieces.append(shown)
        offsets.append(offsets[-1] + len(shown))
    result = Text("".join(pieces))
    for (start, end), style in spans:
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        if end > start:
            result.stylize(style, offsets[start], offsets[end])
    return result
