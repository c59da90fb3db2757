"""What the rule families share: the weight of a text in Latin-letter equivalents."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.curation.lexicon.matching import CJK_CHAR
from studio.curation.rules.base import weighs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "中", "あ", "한", "é", "\n"]), max_size=40).map("".join), st.integers(-1, 130))
def test_weighs_compares_the_length_plus_two_for_each_cjk_character(text: str, limit: int) -> None:
    assert weighs(text, limit) == (len(text) + 2 * len(CJK_CHAR.findall(text)) >= limit)
