"""Untrusted text (prompts, model answers) turned into `rich.text.Text` that renders literally.

A `Text` is never parsed as markup, so `[bold]` or `[link=...]` stay visible characters; control characters (ESC
and the rest of C0/C1, bidi overrides: they could drive or mislead the terminal) are shown as escapes by the
terminal rule of `studio.untrusted`. Offsets into the original text (validation `Reason.span`s) are mapped through
the replacement so highlights land where they belong.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from studio.untrusted import visible_char, visible_text


def literal(text: str | None, style: str | Style = "") -> Text:
    """`text` as a Text that shows every character as itself (control characters made visible)."""
    return Text(visible_text(text or ""), style=style)


def one_line(text: str | None, width: int) -> Text:
    """The first `width` characters of `text` on one line (newlines shown as ⏎), for table cells."""
    flat = " ⏎ ".join(part.strip() for part in (text or "").splitlines() if part.strip())
    shown = literal(flat[:width] + ("…" if len(flat) > width else ""))
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
