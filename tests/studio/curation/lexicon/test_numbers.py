"""Counts in digits and words: text2num spellings, ranges, open counts, and the tables kept for ru/pl/ko."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.lexicon import numbers
from studio.curation.lexicon.matching import CASE_STRANGERS, probe
from studio.curation.lexicon.numbers import (
    _DIGIT_COUNT, _DIGIT_COUNT_ASCII, _DIGIT_COUNT_ZEROED, _DIGIT_RANGE, _DIGITS_TO_ZERO, _NUMBER_TABLES, _SPELLING_WORD,
    _WORD_RUN, ALL_NUMBER_WORDS, TEXT2NUM_LANGUAGES, _digit_counts, _may_hold_range, _spellings, cjk_number,
    count_tokens, number_words,
)


def counts(text: str, language: str | None = None) -> list[tuple[int, str, str]]:
    return [(value, text[start:end], kind)
            for value, (start, end), kind in count_tokens(text, number_words(language), probe(text))]


@pytest.mark.parametrize("language", TEXT2NUM_LANGUAGES)
def test_every_count_from_2_to_100_is_spelled_in_each_text2num_language(language: str) -> None:
    assert set(number_words(language).values.values()) >= set(range(2, 101))


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("twenty-five slogans", "en", [(25, "twenty-five", "word")]),
    ("twenty five slogans", "en", [(25, "twenty five", "word")]),
    ("veinticinco ideas", "es", [(25, "veinticinco", "word")]),
    ("fünfundzwanzig Sprüche", "de", [(25, "fünfundzwanzig", "word")]),
    ("vingt-cinq idées", "fr", [(25, "vingt-cinq", "word")]),
    ("quatre-vingt-dix-neuf idées", "fr", [(99, "quatre-vingt-dix-neuf", "word")]),
    ("vinte e cinco ideias", "pt", [(25, "vinte e cinco", "word")]),
    ("пять названий", "ru", [(5, "пять", "word")]),
    ("pięć pomysłów", "pl", [(5, "pięć", "word")]),
    ("2-3 tags", None, [(3, "2-3", "range")]),
    ("2 – 3 tags", None, [(3, "2 – 3", "range")]),
    ("two or three ideas", "en", [(3, "two or three", "range")]),
    ("dos o tres ideas", "es", [(3, "dos o tres", "range")]),
    ("10+ hashtags", None, [(10, "10+", "open")]),
    ("10 or more slogans", "en", [(10, "10 or more", "open")]),
    ("5-2 poems", None, []),
    ("back by 3:30 with 4 poems", None, [(4, "4", "digits")]),  # (a clock's minutes)
    ("de retour à 3:30 avec 4 poèmes €", None, [(4, "4", "digits")]),
    ("a 500-word essay about five-star hotels", "en", []),
    ("write two (2) slogans", "en", [(2, "two (2)", "word")]),  # (2.121: the digits restate the count)
    ("cinco (5) ideas y dos (3) temas", "es", [(5, "cinco (5)", "word"), (2, "dos", "word"), (3, "3", "digits")]),
])
def test_counts_their_spans_and_kinds(text: str, language: str | None, expected: list[tuple[int, str, str]]) -> None:
    assert counts(text, language) == expected


@pytest.mark.parametrize(("text", "language", "spelled"), [
    ("eleven minute talks", "en", "eleven"),
    ("forty five second ads", "en", "forty five"),
    ("Forty-Five second ads", "en", "Forty-Five"),
    ("una docena de ideas", "es", "una docena de"),
    ("vingt et un titres", "fr", "vingt et un"),
    ("tenant screening", "en", None),
    ("fifty-word bios", "en", None),
])
def test_a_spelling_is_read_at_a_position_whole_words_only(text: str, language: str, spelled: str | None) -> None:
    end = number_words(language).spelled_at(text, 0)
    assert (text[:end] if end is not None else None) == spelled


_SPELLING_PIECES = sorted({piece for language in ("en", "es", "fr") for word in number_words(language).values
                           for piece in word.split()}) + ["Forty", "ДВА", "catchy", "x", " ", "  ", "\t", "-", "1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SPELLING_PIECES), max_size=8).map("".join), st.sampled_from(["en", "es", "fr", None]))
def test_a_spelling_at_a_position_is_the_longest_run_of_words_that_spells_one(text: str, language: str | None) -> None:
    """The first-word pre-check never hides a spelling: the answer is the longest run of the words at the start,
    joined by single spaces, that the table spells."""
    table = number_words(language)
    run = _WORD_RUN.match(text, 0)
    words = [word.group(0).lower() for word in _SPELLING_WORD.finditer(run.group(0))] if run else []
    ends = [word.end() for word in _SPELLING_WORD.finditer(run.group(0))] if run else []
    spelled = [ends[k - 1] for k in range(1, len(words) + 1) if " ".join(words[:k]) in table.values]
    assert table.spelled_at(text, 0) == (spelled[-1] if spelled else None)


@pytest.mark.parametrize(("token", "value"), [("十一", 11), ("二十一", 21), ("다섯", 5), ("스무", 20), ("5", 5)])
def test_cjk_numbers_and_korean_native_numbers_are_parsed(token: str, value: int) -> None:
    assert cjk_number(token) == value


def test_ambiguous_words_count_only_in_their_language() -> None:
    assert counts("Send it to the sale", None) == []
    assert counts("Giv mig to idéer", "da") == [(2, "to", "word")]
    assert counts("tres ideas", "es") == [(3, "tres", "word")] and counts("tres idéer", "da") == [(60, "tres", "word")]


def test_the_validator_reads_counts_in_any_lexicon_language() -> None:
    text = "Schreibe fünfundzwanzig Sprüche"
    assert [value for value, _, _ in count_tokens(text, ALL_NUMBER_WORDS, probe(text))] == [25]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["2", "13", " ", "-", "–", "a", ".", "$", "\n", "٣", "2 - 3", "2 -3", "12— 15", "4–5"]),
               max_size=12).map("".join))
@example("from 4–5 to 2 -3")
@example(" 12— 15")
def test_every_digit_range_has_a_dash_after_a_digit(text: str) -> None:
    assert _DIGIT_RANGE.search(text) is None or _may_hold_range(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "23", "456", "7890", "-", "–", " ", ".", ",", "x", "to", "\n", "٣", "+",
                                 "$", "%"]), max_size=24).map("".join))
def test_digit_counts_without_ranges_are_in_the_order_count_tokens_sorts_by(text: str) -> None:
    """count_tokens skips its sort when only digit counts without ranges are found: they must already be in order
    (ranges, when there are any, come first)."""
    digits = _digit_counts.__wrapped__(text, False)
    kinds = [kind for _, _, kind in digits]
    assert kinds == sorted(kinds, key=lambda kind: kind != "range")
    if "range" not in kinds:
        assert list(digits) == sorted(digits, key=lambda count: (count[1][0], -count[1][1]))


_DIGIT_PIECES = ["1", "2", "23", "456", "7890", "-", "–", "—", " ", ".", ",", ":", "/", "x", "é", "_", "$", "€", "£",
                 "#", "%", "°", "+", "\n", "to", "个", "三", "。", "题", "한", "-é", "-个", ".5", "٣", "３", "𝟒", "Σ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DIGIT_PIECES), max_size=24).map("".join))
@example("写3个 12–15 题")
@example("写３个 2-3 题")
@example("Write 2-3 tags, 5 ideas and 1,000 words")
def test_digit_counts_read_by_ascii_digits_are_those_of_the_full_scan(text: str) -> None:
    """The `[0-9]` regexes run only where the probe says every decimal digit is ASCII, and then find what the `\\d`
    ones find; where a decimal outside ASCII is in the text, the probe never says so."""
    full = _digit_counts.__wrapped__(text, False)
    ascii_only = all(char.isascii() for char in text if char.isdecimal())
    if probe(text).ascii_decimals(text):
        assert ascii_only
    if ascii_only:
        assert _digit_counts.__wrapped__(text, True) == full
    for end in range(len(text) + 1):  # a prefix, probed through the prompt's probe, as `constrains_a_count` does
        if probe(text).prefix(text, end).ascii_decimals(text[:end]):
            assert all(char.isascii() for char in text[:end] if char.isdecimal())


def test_every_decimal_digit_lowercases_to_itself_and_is_no_whitespace() -> None:
    """What lets a CJK probe's `chars` (characters of the lowercased text, whitespace left out) hold each decimal."""
    decimals = [char for char in map(chr, range(0x110000)) if char.isdecimal()]
    assert len(decimals) > 600
    assert all(char.lower() == char and not char.isspace() for char in decimals)


_SPELLING_PIECES = ["three", "Three", "THREE", "twenty", "twenty three", "twenty-three", "thirty", "drei", "dreißig",
                    "DREISSIG", "ẞ", "trois", "quatre-vingt", "vingt", "et", "trente", "три", "ТРИ", "двадцать", "셋",
                    "İ", "ı", "ſ", "ſix", "K", "Σ", "é", "中", " ", "-", "_", "x", "3", "\n", "re"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SPELLING_PIECES), max_size=16).map("".join), st.sampled_from(["", "de", "fr", "ru"]))
@example("thirty three three-three", "")
@example("twenty ſix, İtwenty three", "")
def test_spellings_tried_at_their_trigger_are_those_a_scan_finds(text: str, language: str) -> None:
    """Each trigger's regex is tried only where its trigger sits in the lowercased prompt: the same matches, in the
    same order, as a scan of the whole prompt."""
    words = number_words(language)
    found = probe(text)
    for trigger in found.words & words.triggers:
        pattern, offsets = words._shape(trigger)
        assert [match.span() for match in _spellings(text, found, trigger, pattern, offsets)] == [
            match.span() for match in pattern.finditer(text)]


def test_a_spelling_regex_matches_no_character_to_a_letter_it_does_not_lowercase_to_but_the_case_strangers() -> None:
    """What lets a spelling be looked for at its trigger in the lowercased prompt: a match's lowercase is the
    spelling, character for character, unless the prompt holds a `CASE_STRANGERS` character (all of Unicode)."""
    import re
    letters = "".join(sorted({char for table in _NUMBER_TABLES.values() for word in table.values for char in word}))
    everything = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    matched = re.compile("[" + re.escape(letters) + "]", re.IGNORECASE).findall(everything)
    strangers = {char for char in matched if char.lower() not in letters}
    assert strangers and all(CASE_STRANGERS.match(char) for char in strangers)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "7", "10", "250", "2019", "0", " ", "\n", "x", "A", "_", "$", "#", ".", ",", "/",
                                 "-", "%", ":", "+", "(", ")", "a1", "3.5", "1,000", "-x"]), max_size=16).map("".join))
@example("3 ideas, 12 slogans and 2019 plans")
@example("x2 $5 5% 1.5 3-a 7-")
def test_digit_counts_over_zeroed_bytes_are_those_of_the_regexes(text: str) -> None:
    """An ASCII text's counts in digits are found over its bytes with every digit made "0" (a literal the engine
    skips to): the spans of both regexes over the text, the values read off it."""
    expected = [(int(m.group(1)), m.span(1)) for m in _DIGIT_COUNT.finditer(text)]
    assert expected == [(int(m.group(1)), m.span(1)) for m in _DIGIT_COUNT_ASCII.finditer(text)]
    zeroed = [(int(text[m.start(1):m.end(1)]), m.span(1)) for m in _DIGIT_COUNT_ZEROED.finditer(
        text.encode().translate(_DIGITS_TO_ZERO))]
    assert zeroed == expected
    assert [(value, span) for value, span, kind in _digit_counts.__wrapped__(text, True) if kind == "digits"] == expected


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["1", "7", "10", "250", "0", " ", "\n", "x", "_", "$", ".", ",", "-", "%", "?", "3.5",
                                 "中", "个", "€", "£", "°", "é", "ß", "ª", "²", "¼", "×", "÷", "İ", "«", "—", "-中",
                                 "5-中", "€5", "£5", "5°", "5-é", "5-?", "5-²"]), max_size=16).map("".join))
@example("写3个口号和12个标语，2019年")
@example("5-中 5-? €5 £5 5° 5-é 7个")
def test_digit_counts_of_a_wider_text_over_its_latin1_bytes_are_those_of_the_regexes(text: str) -> None:
    """A text outside ASCII whose decimal digits are all ASCII (a CJK prompt) has the counts in digits of both text
    regexes, read over its Latin-1 bytes with the other characters made "?" unless it holds "€"."""
    expected = [(int(m.group(1)), m.span(1)) for m in _DIGIT_COUNT.finditer(text)]
    assert expected == [(int(m.group(1)), m.span(1)) for m in _DIGIT_COUNT_ASCII.finditer(text)]
    digits = [(value, span) for value, span, kind in _digit_counts.__wrapped__(text, True) if kind == "digits"]
    assert digits == expected


_OPEN_PIECES = ["1", "7", "12", " ", "+", " or more", " OR MORE", " Or More", " ou pluſ", " o más", " oder mehr",
                " или больше", " more", "or", "\n", "x", "Σ", "İ", "five"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_OPEN_PIECES), max_size=16).map("".join))
@example(" 12 ou pluſ")
@example(" 12+")
def test_a_text_of_many_counts_reads_each_open_count_as_one_count_alone_would(tail: str) -> None:
    """Past `_MANY_COUNTS` counts a text is first asked whether it holds "+" or an "or more" word at all (each count
    tried for one cost half a microsecond): every count reads as it would without that question."""
    text = "3 " * (numbers._MANY_COUNTS + 1) + tail
    with patch.object(numbers, "_MANY_COUNTS", len(text)):
        each = count_tokens(text, ALL_NUMBER_WORDS, probe.__wrapped__(text))
    assert count_tokens(text, ALL_NUMBER_WORDS, probe.__wrapped__(text)) == each
