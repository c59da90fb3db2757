"""The extractor as a whole: schema identity, dependent prompts, and any input giving a consistent schema."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.models import prompt_id_for
from studio.curation.rules import (
    _INLINE_HINT, _INTERFACE_TAIL, _QUOTE_HINT, _holds_any, _may_hold_fields, _may_hold_inline_markers,
    _without_interface_tail, extract_rules, refused_counts, withheld_decomposition,
)
from studio.curation.lexicon.matching import probe
from studio.curation.rules.counts import from_count
from studio.curation.rules.fields import from_fields
from studio.curation.rules.inline import from_inline
from studio.curation.rules.questions import from_questions
from studio.curation.templating import render_template
from studio.curation.validator import validate_schema
from tests.studio.curation.rules.support import assert_matches_alike, not_proposed, plain_form, proposed, rejected


@pytest.mark.parametrize(("text", "language"), [
    ("Solve x + 2 = 5, then use the result to compute 3x.", "en"),
    ("Give me 5 ideas for a party and then tell me which of them is the cheapest.", "en"),
    ("Tell me about the history of Rome.", "en"),
    ("Посчитай нарастающим итогом расходы за каждую неделю: 100, 200, 300.", "ru"),
])
def test_unsure_or_dependent_prompts_get_no_schema(text: str, language: str) -> None:
    rejected(text, language)


WHOLE_TEXT_WITH_QUESTIONS = ("Summarize this article for me:\n\nThe council met on Monday. Three points were raised:\n"
                             "1. What will the new bus lane cost?\n2. Who pays for the repairs of the bridge?\n"
                             "3. When does the market reopen?")


def test_a_refused_prompt_shows_what_its_refusal_withheld() -> None:
    """One task on one pasted text is refused; the list inside the text is what the rules would otherwise split."""
    refused = extract_rules(WHOLE_TEXT_WITH_QUESTIONS, language="en")
    assert not refused.parallelizable and refused.reasons[0].rule == "refuse.whole-text"
    withheld = withheld_decomposition(WHOLE_TEXT_WITH_QUESTIONS, language="en")
    assert withheld is not None and withheld.parallelizable
    assert withheld.data == ["What will the new bus lane cost?", "Who pays for the repairs of the bridge?",
                             "When does the market reopen?"]
    assert withheld.prompt_id == refused.prompt_id


@pytest.mark.parametrize("text", [
    "Give me 5 slogans for a bakery",  # nothing refused
    "Rephrase this sentence 3 times: the shop opens at nine on weekdays.",  # the count in the request still splits
    "Write a Python script that prints 5 random names",  # refused, and nothing to split without the refusal
    "Tell me about the history of Rome.",
])
def test_nothing_is_withheld_where_the_rules_split_or_nothing_would_split(text: str) -> None:
    assert withheld_decomposition(text, language="en") is None


@pytest.mark.parametrize(("text", "explained"), [
    ("Suggest 10 key habits for a calmer morning routine",
     [("count.selection", "10", "a ranked selection")]),
    ("Give me 100 style parameters I could set for my essay prompts, like tone and length",
     [("count.aspects", "100", "aspects of one answer")]),
    ("Write 5 slogans and 3 taglines for a bakery.",
     [("count.unused", "5", "no decomposition was proposed"), ("count.unused", "3", "no decomposition")]),
])
def test_a_miss_says_why_its_counts_were_not_requests(text: str, explained: list[tuple[str, str, str]]) -> None:
    """"No count found with enough confidence" beside a plain "10": the refusal of each count, at its span."""
    schema = extract_rules(text, language="en")
    assert [reason.rule for reason in schema.reasons] == ["no-decomposition"]
    reasons = refused_counts(schema, text, "en")
    assert [(reason.rule, text[reason.span[0]:reason.span[1]]) for reason in reasons] == [
        (rule, count) for rule, count, _ in explained]
    assert all(words in reason.message for reason, (_, _, words) in zip(reasons, explained, strict=True))


@pytest.mark.parametrize("text", [
    "Give me 5 slogans for a bakery",  # decomposed
    "Write a Python script that prints 5 random names",  # refused as a code task: its own reason says why
    "Tell me about the history of Rome.",  # no count at all
])
def test_no_count_is_explained_where_the_schema_says_why_itself(text: str) -> None:
    schema = extract_rules(text, language="en")
    assert refused_counts(schema, text, "en") == []


def test_refused_counts_explain_only_this_version_of_the_rules() -> None:
    """An older rules schema was decided by other rules: today's reading of its counts would not say why."""
    text = "Suggest 10 key habits for a calmer morning routine"
    schema = extract_rules(text, language="en")
    assert refused_counts(schema, text, "en")
    assert refused_counts(schema.replaced(extractor_version="2.0"), text, "en") == []
    assert refused_counts(schema.replaced(extractor="llm"), text, "en") == []


def test_dependent_prompt_is_low_tier_and_not_parallelizable() -> None:
    text = "Plan a 3-day itinerary where each day builds on the day before"
    schema = validate_schema(extract_rules(text), text)
    assert schema.dependency == "dependent" and schema.tier == "low" and not schema.parallelizable
    assert any(r.rule.startswith("dependency.") and r.span for r in schema.reasons)


def test_prompt_id_defaults_and_can_be_given() -> None:
    assert extract_rules("hello there").prompt_id == prompt_id_for("hello there")
    assert extract_rules("hello there", prompt_id="abc").prompt_id == "abc"
    schema = extract_rules("hello there")
    assert not schema.parallelizable and schema.reasons and schema.serial == "hello there"


@pytest.mark.parametrize("text", [
    "Translate each line into French and keep the {data} tag as it is:\n1. Hello {data}\n2. Good night\n3. See you",
    "Write 5 slogans for a shop; put a literal {data} where the shop's name goes.",
    "Read the note and answer:\n\nNote: Ann came to Paris with {context}.\n\n1. Who came?\n2. Where did she go?",
])
def test_a_literal_placeholder_in_the_prompt_text_gets_no_schema(text: str) -> None:
    schema = validate_schema(extract_rules(text), text)
    assert not schema.parallelizable and "refuse.literal-placeholder" in {r.rule for r in schema.reasons}


def test_a_literal_placeholder_inside_an_item_survives_rendering() -> None:
    text = "Translate into French:\n1. Hello {data}\n2. Good night\n3. See you"
    schema = extract_rules(text)
    assert schema.parallelizable and schema.data == ["Hello {data}", "Good night", "See you"]
    assert render_template(schema.template, data=schema.data[0]).endswith("Hello {data}")


_FRAGMENTS = ["Give me", " 3 ", "five", "slogans", ", ", " and ", ": ", "\n1. ", "\n- ", "?", " What is X", "'a'",
              "「問」", "翻译", "五个", "Translate", " each ", "Text: ", "\n\n", "compare", "{data}", "{context}",
              "NAME_1", "é", "İ", "；", "、"]


@settings(max_examples=300, deadline=None)
@example(text="翻译；: Give me；翻译")  # an item that also occurs earlier: its span is looked for after the one before
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14).map("".join) | st.text(max_size=200))
def test_any_text_gives_a_consistent_schema(text: str) -> None:
    schema = validate_schema(extract_rules(text), text)
    assert schema.tier in ("high", "medium", "low")
    assert all(r.span is None or 0 <= r.span[0] <= r.span[1] <= len(text) for r in schema.reasons)
    if schema.parallelizable and schema.tier != "low":
        assert (schema.data is None) != (schema.n is None)
        render_template(schema.template, data=(schema.data or ["x"])[0], context=schema.context)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", ".", ")", " ", "\n", ":", "：", "-", "•", "*", "\t", "a", "b", "i", "B", "٣"]),
                max_size=12).map("".join))
@example("1) What? 2) Why?")
@example("Ask: - this - that")
@example("Solve: a) the speed b) the time")
@example("ba) no")
@example("need (i) what (ii) when")
def test_inline_marker_hint_is_a_numbered_or_lettered_marker_and_space_or_a_bullet_after_a_colon(text: str) -> None:
    """(Rules 2.116: "i) " too, the first of a roman sequence.)"""
    one_regex = re.compile(r"\d[.)]\s|[:：][ \t]*[-•*]\s|\b[a-hA-H]\)\s|i\) ")
    assert _may_hold_inline_markers(text) == bool(one_regex.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([":", "：", " ", "\t", "\n", "a", "\r", "\u3000"]), max_size=10).map("".join))
def test_the_field_hint_is_a_colon_or_a_blank_line(text: str) -> None:
    assert _may_hold_fields(text) == bool(re.compile(r"[:：]|\n[ \t]*\n").search(text))


# -- false proposals, round 8: a browser extension's button label pasted at the end ---------------------------------
_TAIL = "\n \n \n 지금 번역하기"


def test_a_pasted_translate_button_label_is_no_translation_cue() -> None:
    not_proposed("GOAL: a one-page brief on river flooding in Seoul\nROLE: an experienced hydrologist\nTONE: plain, "
                 "vivid, backed by data\nKEEP READERS HOOKED WITH: 1) surprising numbers, 2) myths busted, 3) vivid "
                 "scenes\nFORMAT: short bullet points" + _TAIL)


@pytest.mark.parametrize(("text", "category"), [
    ("다음 문장들을 영어로 번역해줘:\n1. 오늘은 비가 온다.\n2. 나는 커피를 좋아한다.\n3. 도서관은 아홉 시에 연다." + _TAIL,
     "Translation"),
    ("Write 5 slogans for a neighbourhood bakery that bakes everything with local flour." + _TAIL,
     "Repeated Generation"),
])
def test_requests_before_the_button_label_are_still_proposed(text: str, category: str) -> None:
    schema = proposed(text)
    assert schema.category == category and schema.serial == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\t", "지금", "번역하기", "지금 번역하기", "x", "번역"]), max_size=14).map("".join))
@example("번역\n\n  \n지금 번역하기 \n")
def test_the_interface_tail_is_found_as_the_plain_pattern_finds_it(text: str) -> None:
    """Its leading run of blanks is matched only from where the run starts (a long run was read once per position)."""
    assert_matches_alike(_INTERFACE_TAIL, plain_form(_INTERFACE_TAIL), text, search=True)


def test_the_interface_tail_is_cut_after_a_long_run_of_line_breaks() -> None:
    text = "이 목록을 번역해줘\n1. cat\n2. dog" + "\n" * 5_000 + "지금 번역하기"
    assert _without_interface_tail(text) == "이 목록을 번역해줘\n1. cat\n2. dog"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_INLINE_HINT, "a", " ", "\n", "é", "中", "”", "»", "、x"]), max_size=8).map("".join))
def test_the_hint_characters_are_found_as_their_class_finds_them(text: str) -> None:
    """A quoted run and an inline list are looked for only where the text holds one of their characters, which
    substring tests find as the class `[...]` of them does."""
    for characters in (_QUOTE_HINT, _INLINE_HINT):
        assert _holds_any(text, characters) == bool(re.search("[" + re.escape(characters) + "]", text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Translate ", "\"hello\"", "\"good night\"", ", ", " and ", "? ", "Why? ", "What is ",
                                 "5 ", "ideas", "into French", "each", "\n", "'x'", "a, b and c", ":"]),
               max_size=14).map("".join))
def test_the_inline_rule_answers_alike_when_asked_again_after_the_other_rules(text: str) -> None:
    """`_decompose` does not ask `from_inline` again after it found nothing for the quoted run: its answer depends
    on the text and its probe alone, whatever the rules asked of the probe in between (kept count assessments)."""
    found = probe.__wrapped__(text)
    first = from_inline(text, found)
    from_questions(text, found)
    from_count(text, None, found)
    from_fields(text, found)
    assert from_inline(text, found) == first
