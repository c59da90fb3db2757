"""The lexicon's regexes against their full forms."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.lexicon.words import QUESTION_FIRSTS, QUESTION_OPENERS, QUESTION_WORDS_START

_FULL_QUESTION_START = re.compile(QUESTION_WORDS_START.pattern.replace("(?=[" + QUESTION_FIRSTS + "])", ""),
                                  re.IGNORECASE)


def test_question_first_characters_cover_every_case_folded_start() -> None:
    """The set tried before the case-folded question words accepts every character one of them can start with
    (all of Unicode), so the pre-check cannot miss a question."""
    assert _FULL_QUESTION_START.pattern != QUESTION_WORDS_START.pattern
    starts = re.compile("(?i:" + "|".join(sorted({re.escape(word[0]) for word in QUESTION_OPENERS})) + ")")
    allowed = re.compile("(?=[" + QUESTION_FIRSTS + "])", re.IGNORECASE)
    assert all(allowed.match(chr(code)) for code in range(sys.maxunicode + 1) if starts.match(chr(code)))


_STARTS = st.sampled_from(list("WwHhIiİıSsſKkQqOoDdCcЧчКкГгJjNnVvBbMmUuЩщХхЯя ¿?1-") + [
    "what", "Who", "HOW", "qué", "où", "что", "est-ce", "o que", "por qué", " is", "ne zaman", "di mana", "kapan",
    "co", "hvor", "når", "czy", "де"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_STARTS, max_size=8).map("".join))
@example("İs it")
@example("ſhould we")
def test_the_question_start_pre_check_matches_as_the_full_form(text: str) -> None:
    ours, theirs = QUESTION_WORDS_START.match(text), _FULL_QUESTION_START.match(text)
    assert (ours and ours.span()) == (theirs and theirs.span())
