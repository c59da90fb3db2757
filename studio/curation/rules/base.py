"""What every rule family shares: the decomposition a rule returns and a few text measures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.models import Reason
from studio.curation.lexicon.matching import CJK_CHAR

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


def weight(text: str) -> int:
    """Length in Latin-letter equivalents: a CJK character carries about three letters' worth of text."""
    return len(text) + 2 * len(CJK_CHAR.findall(text)) if CJK_CHAR.search(text) else len(text)


def join_template(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)
