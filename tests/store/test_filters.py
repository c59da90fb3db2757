"""`--where` parsing into PromptFilter."""

from __future__ import annotations

import pytest

from store.filters import FilterError, parse_where
from store.models import PromptFilter


def test_parses_the_documented_example() -> None:
    assert parse_where("language=en,category=Translation,source=lmsys,search=slogan") == PromptFilter(
        language="en", category="Translation", source="lmsys", search="slogan")


def test_empty_means_no_filter() -> None:
    assert parse_where(None) == PromptFilter() and parse_where("  ") == PromptFilter()


def test_booleans_ids_choices_and_quotes() -> None:
    where = parse_where('parallelizable=yes, has_runs=false, tier=high, triage=accepted, ids=a1|b2 ,'
                        'category="Named Entity Recognition", search="red, green ""apple"" x=1"')
    assert where.parallelizable is True and where.has_runs is False
    assert (where.tier, where.triage, where.ids) == ("high", "accepted", ["a1", "b2"])
    assert where.category == "Named Entity Recognition" and where.search == 'red, green "apple" x=1'


@pytest.mark.parametrize("text, message", [
    ("colour=red", "unknown filter key 'colour'"),
    ("language", "expected key=value"),
    ("language=en,language=de", "given twice"),
    ("tier=great", "tier must be one of high, medium, low"),
    ("parallelizable=perhaps", "true or false"),
    ('search="open', "unclosed double quote"),
    ("source=", "empty value"),
])
def test_bad_filters_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FilterError, match=message):
        parse_where(text)
