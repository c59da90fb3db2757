"""The category regexes' shortcuts decide as their full forms."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.rules.categories import _TEXT_NOUN_LIST, FROM_TEXT, SINGLE_TEXT

_LED_GROUP = re.compile(r"\(\?=\[([^\]]+)\]\)\(\?:([^)]*)\)")  # "(?=[firsts])(?:word|word|...)"
_FULL_SINGLE_TEXT = re.compile(re.sub(r"\(\?=\[[^\]]+\]\)", "", SINGLE_TEXT.regex.pattern), re.IGNORECASE)


def test_single_text_first_characters_cover_every_case_folded_start() -> None:
    """Each set tried before a group of case-folded words accepts every character one of them can start with (all
    of Unicode), so the pre-check cannot miss a named text."""
    groups = _LED_GROUP.findall(SINGLE_TEXT.regex.pattern)
    assert len(groups) == 4
    for firsts, words in groups:
        starts = re.compile("(?i:" + "|".join(sorted({re.escape(word[0]) for word in words.split("|")})) + ")")
        allowed = re.compile("[" + firsts + "]", re.IGNORECASE)
        assert all(allowed.match(chr(code)) for code in range(sys.maxunicode + 1) if starts.match(chr(code)))


_PIECES = ["this", "THE", "the following", "My", "a", "given", "İ", "ı", "ſ", "ce", "Cette", "le", "dieser",
           "il seguente", "o seguinte", "o texto abaixo", "el texto", " abajo", "этот", "ЭТУ", "paragraph", "Text", "sentence", "poem", "texte", "satz",
           "текст", "这段", "這段", "この文", "以下の文", " ", "  ", "\n", "-", "x", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
@example("İ poem")
@example("ıt the text")
def test_single_text_matches_as_its_full_form(text: str) -> None:
    ours, theirs = SINGLE_TEXT.regex.search(text), _FULL_SINGLE_TEXT.search(text)
    assert (ours.span() if ours else None) == (theirs.span() if theirs else None)


def test_every_text_noun_holds_a_needle_of_the_text_named_as_source() -> None:
    """`FROM_TEXT` is searched only where one of its needles stands: a text noun holding none ("notice", "log") was
    never found as the source of what is asked."""
    assert all(any(lead in noun for lead in FROM_TEXT.leads) for noun in _TEXT_NOUN_LIST)
