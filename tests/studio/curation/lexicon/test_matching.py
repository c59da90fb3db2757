"""Cue matching: the probe's tokens equal the regex tokeniser's, anchored cues find what a full scan finds."""

from __future__ import annotations

import re
import sys
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation import dependency, rules
from studio.curation.lexicon import matching
from studio.curation.dependency import _THEN_CUE
from studio.curation.lexicon.matching import (
    _ASKED, _STRANGER_CHARS, CASE_STRANGERS, CJK_CHAR, TOKEN, BlankLed, Cue, LastPhrase, LeadCue, LiteralGated,
    LiteralLed, NeedleRegex, PhraseCue, Probe, StartNeedleRegex, _first_whole_word, _literal_positions, _pieces,
    _token_spans, asked_words, alternation, literal_characters, phrase_cue, probe, sliceable, trie_alternation,
)
from studio.curation.lexicon.words import (
    CJK_REQUEST_CHARACTERS, CONSTRAINT_HEADER, CONSTRAINT_WORDS, QUESTIONS_REQUEST, READ_CUE, ROLE_PLAY,
)
from studio.curation.rules import lists, passages, quizzes
from tests.studio.curation.rules.support import LABEL_AND_NUMBER

_PIECES = ["then", "Then", " and then", ", then", "first", "é", "İ", "中文", "然后", "—", "_", "1", " ", "\n", "ß",
           "\ud800", "a", "x-then", "thenx"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join) | st.text(max_size=60))
def test_probe_tokens_are_the_regex_tokens_asked_about(text: str) -> None:
    found = probe.__wrapped__(text)
    assert found.words == frozenset(TOKEN.findall(text.lower())) & _ASKED and found.lowered == text.lower()
    assert found.cjk == bool(CJK_CHAR.search(text))
    assert found.strangers == bool(CASE_STRANGERS.search(text))  # (no stranger: no window of it is searched for one)


def test_a_cjk_character_is_its_own_lowercase_and_no_other_character_lowercases_to_one() -> None:
    """What lets a probe look for CJK in the pieces of the lowercased text outside ASCII (all of Unicode)."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        cjk = CJK_CHAR.match(char) is not None
        assert cjk == (CJK_CHAR.search(char.lower()) is not None)
        assert not (cjk and (char.isascii() or char.isspace() or char.lower() != char))


def test_a_word_asked_about_after_a_prompt_was_probed_is_in_its_probe() -> None:
    text = "the quokkaish word"
    assert "quokkaish" not in probe(text).words
    assert asked_words(["quokkaish"]) == frozenset({"quokkaish"})
    assert "quokkaish" in probe(text).words  # the cached probe was dropped


def test_every_word_set_a_probe_is_asked_about_is_registered() -> None:
    import studio.curation.rules  # noqa: F401  (the cues, counts and word lists)
    import studio.curation.validator  # noqa: F401
    from studio.curation.lexicon.numbers import ALL_NUMBER_WORDS, COUNT_TRIGGER_TOKENS, number_words
    from studio.curation.rules import counts, lists, single_task
    from studio.curation.rules.categories import EACH, EXTRACT
    from studio.curation.dependency import COMPARISON
    for words in (COUNT_TRIGGER_TOKENS, ALL_NUMBER_WORDS.triggers, number_words("de").triggers,
                  lists._CONSTRAINT_TOKENS, counts._AT_LEAST_WORDS, counts._REQUEST.last_tokens,
                  EACH.triggers, EXTRACT.triggers, COMPARISON.triggers, single_task._ACK_WORD_SET):
        assert words and words <= _ASKED


_CASE_PIECES = ["Σ", "ΑΣ", "σς", "İ", "ẞ", "K", "Ǆ", "ΐ", "A", "b", " ", "\n", "中", "ü", "Ü", "\ud800", "I"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CASE_PIECES), max_size=16).map("".join) | st.text(max_size=40), st.data())
def test_a_prefix_of_a_prompt_holds_the_prefixs_own_lowercase(text: str, data: st.DataObject) -> None:
    """A prefix takes its lowercase from the prompt's when that is the same string: the result is always the
    prefix's own lowercase (final sigma and letters that lowercase to two included)."""
    found = probe.__wrapped__(text)
    end = data.draw(st.integers(0, len(text)))
    assert found.prefix(text, end).lowered == text[:end].lower()
    if sliceable(text, found.lowered, text[:end]):
        assert found.lowered[:end] == text[:end].lower()


def test_whitespace_is_caseless() -> None:
    """What lets a probe check the lowercase of a text's characters outside ASCII on its distinct pieces, which
    hold every one but whitespace (all of Unicode)."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert not char.isspace() or char.lower() == char


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_CASE_PIECES, "\u3000", "\xa0", "é", "然后", "ǅ", "ﬃ", "Ω", "k", "-", "1", "ı", "ſ",
                                 "ᲀ"]),
                max_size=16).map("".join) | st.text(max_size=40))
def test_a_probe_lowercased_as_bytes_is_the_probe_of_str_lower(text: str) -> None:
    """The probe lowercases ASCII letters as bytes and keeps that when the text's other characters are their own
    lowercase: the same probe as one built on `str.lower` (final sigma, letters lowercasing to two or to ASCII)."""
    found = probe.__wrapped__(text)
    full = text.lower()
    assert found.lowered == full and found.words == frozenset(TOKEN.findall(full)) & _ASKED
    assert found.cjk == bool(CJK_CHAR.search(full))
    wide = " ".join(piece for piece in _pieces(full) if not piece.isascii())
    assert found.chars == (frozenset(wide + " ") if found.cjk else frozenset())
    assert found.strangers == bool(CASE_STRANGERS.search(text))


_CJK_PHRASES = ("그 다음", "이전 단계", "然后", "给我", "ください", "中文")
_CJK_CUE = Cue(re.compile("(?!)"), (), cjk=_CJK_PHRASES)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["그", " ", "다음", "이전", "단계", "然后", "然", "给", "我", "く", "ださい", "中", "文", "x",
                                 "1", ",", "\n", "\u3000", "\xa0", "İ", "Σ"]), max_size=14).map("".join))
def test_the_cjk_phrases_a_probe_finds_are_those_in_the_text(text: str) -> None:
    """A CJK probe's characters are those outside ASCII but whitespace, and the space (its words are read from the
    same pieces; ASCII letters of a piece that holds others may be there too): no CJK phrase holds any other, so the
    phrases it finds are those a scan finds."""
    found = probe.__wrapped__(text + "中")
    lowered = text.lower() + "中"
    assert {char for char in found.chars if not char.isascii()} == {
        char for char in lowered if not (char.isascii() or char.isspace())}
    assert " " in found.chars and found.chars - {" "} <= {char for char in lowered if not (
        (char.isascii() and not char.isalpha()) or char.isspace())}
    assert set(found.cjk_phrases(_CJK_CUE.cjk)) == {phrase for phrase in _CJK_PHRASES if phrase in lowered}


@pytest.mark.parametrize("phrase", ["第1个", "T恤", "第\u3000个", "第Σ个", "ς的"])
def test_a_cjk_phrase_with_ascii_or_other_whitespace_than_the_space_is_refused(phrase: str) -> None:
    """The probe leaves ASCII (digits, marks and letters: the ASCII pieces are not read for characters) and
    whitespace but the space out of a CJK prompt's characters, so a phrase holding one could never match."""
    with pytest.raises(ValueError):
        Cue(re.compile("(?!)"), (), cjk=(phrase,))


_MAY_PIECES = ["then", "Then", " and then", "each", " of these", "然后", "每个", "然", "后", "İ", "Σ", "ſ", " ", "\n",
               "x", "1", "中"]
_MAY_CUES = (Cue(re.compile(r"(?:\band then\b|然后)", re.IGNORECASE), ("then",), cjk=("然后",), reach=4),
             phrase_cue(("each of these", "and then", "每个")))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MAY_PIECES), max_size=16).map("".join), st.integers(0, 40), st.integers(0, 40))
@example("Σ每个", 1, 3)
def test_a_cue_that_may_not_match_a_prompt_matches_no_part_of_it(text: str, start: int, length: int) -> None:
    """`Cue.may_match` is False only when every search of the prompt, or of a part of it probed by `Probe.part`,
    finds nothing: the shortcut a rule takes before reading any part."""
    found = probe.__wrapped__(text)
    part = text[start:start + length]
    for cue in _MAY_CUES:
        if not cue.may_match(found):
            assert cue.search(text, found) is None and cue.search(part, found.part(part)) is None


_THEN = re.compile(r"(?:\band then\b|,\s*then\b|(?:^|[.!?]\s+)then\b|然后)", re.IGNORECASE | re.M)
_ANCHORED = Cue(_THEN, ("then",), cjk=("然后",), reach=16)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_an_anchored_cue_finds_the_first_match_of_a_full_scan(text: str) -> None:
    expected = _THEN.search(text)
    match = _ANCHORED.search(text, probe.__wrapped__(text))
    assert (match.span() if match else None) == (expected.span() if expected else None)


def _tried_at_every_position(cue: Cue, text: str, found: Probe, pos: int) -> re.Match[str] | None:
    """`Cue.search` as it was before session 27: the regex matched at every position of each anchor's window (the
    oracle of the runs of windows and of `starts`)."""
    present = found.words & cue.triggers
    literals = found.cjk_phrases(cue.cjk) if found.cjk else []
    if not present and not literals:
        return None
    if len(found.lowered) != len(text):
        return cue.regex.search(text, pos)
    anchors = sorted({*(start for start, _ in _token_spans(found.lowered, present, pos, len(text))),
                      *_literal_positions(found.lowered, literals, pos, len(text))})
    tried = pos - 1
    for anchor in anchors:
        for start in range(max(tried + 1, anchor - cue.reach, pos), anchor + 1):
            match = cue.regex.match(text, start)
            if match is not None:
                return match
        tried = max(tried, anchor)
    return None


_THEN_PIECES = ["then", "Then", "THEN", " and then", "And then", ", then", ",then", ". then", "!\n\nThen", "? then",
                "yes, then", 'no", then', "if so, then", "y luego", "Y LUEGO", "et puis", "puis,", "und dann", "e poi",
                "e depois", "а затем", "И затем", "и потом", "然后", "その後", "그 다음", " summarize", " answer", "first",
                " ", "  ", "\t", "\n", "x", "1", "_", "é", "İ", "ſ", "K", "Ÿ", "ΐ", ".", ","]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_THEN_PIECES), max_size=30).map("".join)
       | st.tuples(st.lists(st.sampled_from(_THEN_PIECES), min_size=1, max_size=8).map("".join),
                   st.integers(2, 60)).map(lambda parts: parts[0] * parts[1]),
       st.integers(0, 30))
@example("first x then " * 300, 0)
@example("first x then " * 300 + ", then go", 5)
@example("now" + " " * 14 + "x. " + " " * 13 + "then", 0)
@example("İ and then", 0)
def test_the_then_cue_tried_where_a_match_can_start_finds_what_every_position_finds(text: str, pos: int) -> None:
    """`_THEN_STARTS` holds every character a match of the "then" cue starts with: tried only there, and over runs of
    nearby anchors at once, the cue finds the match it found at every position of every window."""
    found = probe.__wrapped__(text)
    expected = _tried_at_every_position(_THEN_CUE, text, found, pos)
    match = _THEN_CUE.search(text, found, pos)
    assert (match.span() if match else None) == (expected.span() if expected else None)
    plain = Cue(_THEN_CUE.regex, ("then", "luego", "puis", "dann", "poi", "depois", "затем", "потом"),
                cjk=("然后", "その後", "그 다음"), reach=_THEN_CUE.reach)
    assert plain.triggers == _THEN_CUE.triggers
    tried_everywhere = plain.search(text, found, pos)
    assert (tried_everywhere.span() if tried_everywhere else None) == (expected.span() if expected else None)


def test_phrase_cue_searches_a_range_and_reports_spans_in_the_text() -> None:
    cue = phrase_cue(("the following", "each", "每个"))
    text = "Translate each of THE FOLLOWING: 每个"
    found = probe(text)
    assert cue.search(text, found).span() == (10, 14)
    assert cue.search(text, found, 15).group(0) == "the following"
    assert cue.search(text, found, 15, 20) is None
    assert cue.search(text, found, 30).span() == (33, 35)


_PHRASES = ("each of these", "for each of these", "these", "reach these", "each", "builds upon", "builds on")
_PHRASE_PIECES = ["each", " of", " these", "for ", "r", "-", "_", " ", "\n", "x", "é", "each of these", "builds",
                  " upon", " on", "rebuilds on", "中"]


def _scanned(pattern: re.Pattern[str], text: str, pos: int, end: int) -> re.Match[str] | None:
    """The scan the anchored search replaced: the engine's first match that does not start inside a word."""
    match = pattern.search(text, pos, end)
    while match is not None and match.start() > 0 and (text[match.start() - 1].isalnum()
                                                       or text[match.start() - 1] in "_-"):
        match = pattern.search(text, match.start() + 1, end)
    return match


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_PIECES), max_size=25).map("".join), st.integers(0, 30), st.integers(0, 80),
       st.sampled_from(("these", "builds")))
@example("x each of these", 0, 80, "these")
@example("for each of these", 2, 80, "these")
@example("reach these, each of these", 0, 80, "these")
@example("rebuilds on it, builds upon", 0, 80, "builds")
@example("builds on", 1, 80, "builds")
@example("builds on", 0, 8, "builds")
def test_a_phrase_group_is_tried_only_around_its_literal_and_finds_what_a_scan_finds(
        text: str, pos: int, length: int, trigger: str) -> None:
    # "these" is found from the trigger at its offsets in the phrases, "builds" from the start its phrases share
    cue = phrase_cue(_PHRASES)
    pattern, needle, offsets, firsts = cue.groups[trigger]
    assert (needle, offsets is None) == {"these": ("these", False), "builds": ("builds ", True)}[trigger]
    end = min(len(text), pos + length)
    expected = _scanned(pattern, text, pos, end)
    found = _first_whole_word(pattern, needle, offsets, text, pos, end, firsts)
    assert (found.span() if found else None) == (expected.span() if expected else None)
    if offsets is not None:
        tried = _tried_at_every_offset(pattern, needle, offsets, text, pos, end)
        assert (found.span() if found else None) == (tried.span() if tried else None)


def _tried_at_every_offset(pattern: re.Pattern[str], needle: str, offsets: tuple[int, ...], lowered: str, pos: int,
                           endpos: int) -> re.Match[str] | None:
    """The replaced search of a group without a shared start: tried at every offset before each occurrence of its
    trigger, whatever character stands there."""
    occurrence = lowered.find(needle, pos, endpos)
    starts: set[int] = set()
    while occurrence >= 0:
        starts.update(occurrence - offset for offset in offsets)
        occurrence = lowered.find(needle, occurrence + 1, endpos)
    for start in sorted(starts):
        if start < pos or (start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] in "_-")):
            continue
        match = pattern.match(lowered, start, endpos)
        if match is not None:
            return match
    return None


def _phrases_of(pattern: re.Pattern[str]) -> list[str]:
    """The phrases of a group's regex ("(?:a|b c)(?![\\w-])")."""
    return [re.sub(r"\\(.)", r"\1", phrase) for phrase in pattern.pattern[3:].split(")(?!")[0].split("|")]


# every group of the dependency cues found from its trigger at offsets (no shared start), with pieces of its phrases
_OFFSET_GROUPS = [(cue, trigger) for cue in (dependency.COMPARISON, dependency._AGGREGATION, dependency._CHOICE,
                                             *(cue for _, cue, _, _ in dependency._DEPENDENT_KINDS))
                  if isinstance(cue, PhraseCue)
                  for trigger, group in sorted(cue.groups.items()) if group[2] is not None]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_OFFSET_GROUPS).flatmap(lambda group: st.tuples(st.just(group), st.lists(st.sampled_from(
    [*_phrases_of(group[0].groups[group[1]][0]), *_phrases_of(group[0].groups[group[1]][0])[0].split(), group[1],
     " ", "x", "-", "the ", "a", "in", "b"]), max_size=12).map("".join))), st.integers(0, 10))
def test_a_group_found_from_its_trigger_is_tried_only_where_a_phrase_can_start(
        group_and_text: tuple[tuple[PhraseCue, str], str], pos: int) -> None:
    """Real groups of phrases: the starts holding none of their first characters, skipped, held no match."""
    (cue, trigger), text = group_and_text
    pattern, needle, offsets, firsts = cue.groups[trigger]
    assert offsets is not None
    found = _first_whole_word(pattern, needle, offsets, text, pos, len(text), firsts)
    tried = _tried_at_every_offset(pattern, needle, offsets, text, pos, len(text))
    assert (found.span() if found else None) == (tried.span() if tried else None)


_ROLE_PIECES = ["act", "ACT", "ing", " as", "Joue le ", "rÔle", "rôle", "ТЫ", "ᲀ", " — ", "ты - ", "Ты", "Role", "-", "play", "you are", " a ", "schlüpfen", " sie in die rolle",
                "ſ", "İ", "扮演", "あなたは", "です。", "\n", " ", "x", "ты —", "Pretend", " to be", "Let", "'s play"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ROLE_PIECES), max_size=20).map("".join), st.integers(0, 20), st.integers(0, 120))
@example("I want you to ACT AS a poet", 0, 120)
@example("Let's play a game", 0, 120)
@example("A partir de agora, seja um poeta", 0, 120)
@example("Pretend you are ſomeone", 3, 120)
@example("扮演一个老师", 0, 120)
@example("Joue le RÔLE d'un poète", 0, 120)
@example("ТЫ — поэт", 0, 120)
@example("Schlüpfen Sie in die Rolle", 0, 120)
@example("Tu ſei un poeta", 0, 120)
@example("ᲁавай сыграем", 0, 120)
def test_a_lead_cue_answers_as_its_regex(text: str, pos: int, length: int) -> None:
    expected = ROLE_PLAY.regex.search(text, pos, pos + length)
    found = ROLE_PLAY.search(text, pos, pos + length)
    assert (found.span() if found else None) == (expected.span() if expected else None)


def test_a_lead_cue_needs_a_lead_or_a_start_no_ascii_letter_matches() -> None:
    cue = LeadCue(("act(?:ing)? as", "role-?play", "ты —", "joue le rôle", "role-play"), ("扮演", "你是一[名个]"))
    assert cue.leads == ("act", "joue le rôle", "role", "ты ", "你是一", "扮演") and cue.ascii_leads == ("act", "role")
    for phrases in (("(?:assume|imagine) you are",), ("Act as",), ("act|x",), ("ſo",)):
        with pytest.raises(ValueError):
            LeadCue(phrases)


@pytest.mark.parametrize("letters", [
    "".join(CONSTRAINT_WORDS), "".join(char for char in ROLE_PLAY.regex.pattern if char.isalpha())])
def test_the_case_strangers_are_every_character_matched_to_a_letter_it_does_not_lowercase_to(letters: str) -> None:
    everything = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    matched = re.compile("[" + re.escape("".join(sorted(set(letters)))) + "]", re.IGNORECASE).findall(everything)
    strangers = {char for char in matched if char.lower() not in letters}
    assert strangers and all(CASE_STRANGERS.match(char) for char in strangers)


def test_literal_characters_are_the_characters_each_alternative_needs() -> None:
    assert literal_characters(r"给我|写|써\s?주") == (frozenset("给我"), frozenset("写"), frozenset("써주"))
    assert literal_characters(r"(?:ください|下さい)") == (frozenset("ください"), frozenset("下さい"))
    for regex in (r"a?b|c", r"(?:a|b)c|d", r"\s+주|x", r".x|y", r"ab||c", r"a[bc]"):
        with pytest.raises(ValueError):
            literal_characters(regex)


_CJK_REQUEST_PIECES = ["给", "我", "写", "考え", "考", "て", "ください", "く", "써 주", "써주", "해", "줘", "주세요", "의", "中",
                       "x", " ", "\n", "İ", "하"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CJK_REQUEST_PIECES), max_size=12).map("".join))
def test_a_prompt_without_the_characters_of_a_request_holds_none(text: str) -> None:
    found = probe.__wrapped__(text + "中")  # a CJK prompt: its probe holds its characters
    for regex, alternatives in CJK_REQUEST_CHARACTERS.items():
        if not any(needed <= found.chars for needed in alternatives):
            assert regex.search(text) is None


_QUESTION_PIECES = ["Answer", " the ", "following", " questions", "QUESTIONS", "ſ", "İ", ":", " are as follows",
                    "Responde", " a las ", "preguntas", "Réponds", " aux ", "Beantworte", " die ", "Fragen", "Rispondi",
                    " alle ", "domande", "Ответь", " на ", "вопросы", "回答", "以下", "问题", "次の質問に答え", "다음 질문에 답",
                    "reply to", " my ", "x", "\n", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_QUESTION_PIECES), max_size=14).map("".join), st.integers(0, 10), st.integers(0, 90))
@example("Please answer the following questions:", 0, 90)
@example("Answer these queſtions", 0, 90)
def test_the_questions_request_needles_answer_as_its_regex(text: str, pos: int, length: int) -> None:
    end = min(len(text), pos + length)
    ours, theirs = QUESTIONS_REQUEST.search(text, pos, end), QUESTIONS_REQUEST.regex.search(text, pos, end)
    assert (ours.span() if ours else None) == (theirs.span() if theirs else None)


def _word_start_needled() -> list[tuple[str, StartNeedleRegex]]:
    """Word alternations tried where their words start (session 65: they searched long texts, between a passage and
    its questions, beside a list, its instruction; session 66: the rest of a prompt opening with a role set-up)."""
    from studio.curation.lexicon.words import COMPARATIVE, GENERATE, REWRITE, ROLE_DESCRIPTION
    from studio.curation.reading import _PLAYS_ON
    from studio.curation.rules.categories import RATING
    from studio.curation.rules.passages import _NAMES_A_TEXT
    from studio.curation.rules.questions import _PASSAGE_NOUN
    return [("QUESTIONS_REQUEST", QUESTIONS_REQUEST), ("READ_CUE", READ_CUE), ("_NAMES_A_TEXT", _NAMES_A_TEXT),
            ("_PASSAGE_NOUN", _PASSAGE_NOUN), ("COMPARATIVE", COMPARATIVE), ("REWRITE", REWRITE),
            ("GENERATE", GENERATE), ("RATING", RATING), ("CONSTRAINT_HEADER", CONSTRAINT_HEADER),
            ("ROLE_DESCRIPTION", ROLE_DESCRIPTION), ("ROLE_PLAY", ROLE_PLAY), ("_PLAYS_ON", _PLAYS_ON)]


def _start_needled() -> list[tuple[str, StartNeedleRegex]]:
    from studio.curation.rules.inline import _STRONG_EXAMPLE_MARKER, _WEAK_EXAMPLE_BEFORE
    from studio.curation.rules.single_task import _WHOLE_TEXT_TASKS
    return [("_STRONG_EXAMPLE_MARKER", _STRONG_EXAMPLE_MARKER), ("_WEAK_EXAMPLE_BEFORE", _WEAK_EXAMPLE_BEFORE),
            ("_WHOLE_TEXT_TASKS[0]", _WHOLE_TEXT_TASKS[0]), *_word_start_needled()]  # (the one with articles)


def _needled() -> list[tuple[str, NeedleRegex]]:
    from studio.curation.rules.categories import FROM_TEXT, SINGLE_TEXT
    from studio.curation.rules.extraction import _POINTS_AT_TEXT
    from studio.curation.lexicon.words import CHARACTER
    from studio.curation.rules.lists import _HAS_QUESTIONS
    from studio.curation.rules.passages import _DIRECTS_THE_ANSWER
    from studio.curation.rules.single_task import _WHOLE_TEXT_TASKS
    return [("CHARACTER", CHARACTER), ("SINGLE_TEXT", SINGLE_TEXT), ("FROM_TEXT", FROM_TEXT),
            ("_HAS_QUESTIONS", _HAS_QUESTIONS), ("_DIRECTS_THE_ANSWER", _DIRECTS_THE_ANSWER),
            ("_POINTS_AT_TEXT", _POINTS_AT_TEXT),
            *((f"_WHOLE_TEXT_TASKS[{index}]", shape) for index, shape in enumerate(_WHOLE_TEXT_TASKS)),
            *_word_start_needled()]


@pytest.mark.parametrize(("name", "needled"), _needled())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_needled_regex_answers_as_its_regex(name: str, needled: NeedleRegex, data: st.DataObject) -> None:
    """Texts made of the regex's own words (any case), spaces and case strangers: the needles never hide a match."""
    words = sorted({word for word in TOKEN.findall(needled.regex.pattern)})
    pieces = [*words, *(word.upper() for word in words), *(word.title() for word in words), " ", "  ", "\n", "ſ", "İ",
              "x", "-"]
    text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=10)))
    pos = data.draw(st.integers(0, len(text)))
    ours, theirs = needled.search(text, pos), needled.regex.search(text, pos)
    assert (ours.span() if ours else None) == (theirs.span() if theirs else None), name


def _words_of(needled: StartNeedleRegex) -> list[str]:
    """The needles of a start-needled regex in any case and with case strangers the regex matches to their letters
    ("ſuch aſ", "lıke"), glued to blanks and marks."""
    words = sorted(needled.starts)
    strange = {word.replace("s", "ſ").replace("i", "ı") for word in words} - set(words)
    return [*words, *(word.upper() for word in words), *(word.title() for word in words), *sorted(strange), " ", "  ",
            "\t", "\n", ",", ".", "ſ", "İ", "K", "ẞ", "x", "-", "_", "1", "如"]


@pytest.mark.parametrize(("name", "needled"), _start_needled())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_start_needled_regex_finds_all_its_regex_finds(name: str, needled: StartNeedleRegex,
                                                         data: st.DataObject) -> None:
    """`search` (tried only at the needles' starts, a chunk of the window at a time) from a start and to an end (the
    "$" of `_WEAK_EXAMPLE_BEFORE` is at it) answers as the regex. The chunks are made small, so that needles, matches
    and the blanks before a needle straddle their ends."""
    text = "".join(data.draw(st.lists(st.sampled_from(_words_of(needled)), max_size=12)))
    end = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(0, end))
    with mock.patch.object(matching, "_FIRST_CHUNK", data.draw(st.sampled_from([1, 2, 3, 7, matching._FIRST_CHUNK]))):
        ours = needled.search(text, pos, end)
    theirs = needled.regex.search(text, pos, end)
    assert (ours.span() if ours else None) == (theirs.span() if theirs else None), name


def test_the_examples_of_a_long_clause_are_found_at_their_words() -> None:
    from studio.curation.rules.inline import _STRONG_EXAMPLE_MARKER, _examples

    clause = " x" + " " * 50_000 + ", such as a, b" + " " * 50_000 + "and like c"
    assert _STRONG_EXAMPLE_MARKER.search(clause).group(0) == "such as"
    assert _examples(clause, 1) and not _examples(clause.replace("such as", "tools"), 1)
    assert _examples("like" + " " * 50_000 + "a, b", 50_004) and not _examples("like" + " " * 50_000 + "a, b", 3)
    assert _STRONG_EXAMPLE_MARKER.starts_in(" " * 50_000 + "including", 1) == {50_000}  # (no article: no walk back)


def test_a_window_dense_with_needles_is_searched_by_the_regex() -> None:
    from studio.curation.rules.inline import _STRONG_EXAMPLE_MARKER

    alone = _STRONG_EXAMPLE_MARKER.alone
    assert alone.tries_in("eg" * 1_000) is None and alone.tries_in("x" * 10 + "eg" + "x" * 10) == [(10, 0)]
    assert _STRONG_EXAMPLE_MARKER.search("等" * 100_000).group(0) == "等等"
    assert _STRONG_EXAMPLE_MARKER.search("eg" * 50_000) is None and _STRONG_EXAMPLE_MARKER.search("eg" * 5 + " eg")


def test_a_needle_must_be_a_lowercase_literal() -> None:
    for needles in (("Question",), ("",), ("ſo",), ("λόγος",), ("σχέδιο",)):
        with pytest.raises(ValueError):
            NeedleRegex(re.compile("x"), needles)


def _last_by_walking_every_token(phrases: LastPhrase, text: str, with_text_after: bool) -> tuple[int, int] | None:
    """`LastPhrase.last` as it was: every `TOKEN` match walked backwards, each looked up by its text."""
    lowered = text.lower() if len(text.lower()) == len(text) else text
    for token in reversed(list(TOKEN.finditer(lowered))):
        end = token.end()
        if (with_text_after and not lowered[end:].strip()) or lowered[end:end + 1] in ("_", "-") or lowered[
                end:end + 1].isdigit():
            continue
        for phrase in phrases.by_last_token.get(token.group(0), ()):
            start = end - len(phrase)
            if start >= 0 and lowered.startswith(phrase, start) and (
                    start == 0 or not (lowered[start - 1].isalnum() or lowered[start - 1] in "_-")):
                return start, end
    return None


_LAST_PHRASES = LastPhrase(["write", "give me", "make a list", "list", "can you list", "écris", "zeig mir"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["write", "Write", "give", " me", "ME", "make a ", "list", "can you ", "écris", "Écris",
                                 "zeig", " mir", "İ", "é", "中", "_1", "-", "1", "²", " ", "\n", "x", "rewrite"]),
                max_size=14).map("".join), st.booleans())
@example("Write a poem, then list", False)
@example("Write a poem, then list", True)
@example("NAME_1 write_2 give me-", False)
@example("İ write list", True)
def test_the_last_phrase_is_found_by_its_last_tokens_alone(text: str, with_text_after: bool) -> None:
    assert _LAST_PHRASES.last(text, with_text_after=with_text_after) == _last_by_walking_every_token(
        _LAST_PHRASES, text, with_text_after)


# Each class-led regex the rules search as `LiteralLed`, in its plain form.
_LITERAL_LED = [
    (passages._MATERIAL_BREAK, re.compile(r"[:：][ \t]*\n|\n[ \t]*\n")),
    (lists._COLON_DASH, re.compile(r"[:：][ \t]*[-•*][ \t]+\S")),
    (lists._COLON_LINE, re.compile(r"[:：][ \t]*\n")),
    (rules._COLON_BULLET, re.compile(r"[:：][ \t]*[-•*]\s")),
    (quizzes._LABEL_AND_NUMBER, LABEL_AND_NUMBER),
]
_LED_PIECES = [":", "：", "\n", " ", "\t", "-", "•", "*", "x", "word ", "\"", "“", "”", "«", "»", "„", "「", "」", "『",
               "』", "a" * 60, "中" * 70, "\n\n", ": \n", "é", "'", "‘", "’", "it's", "q", "question", "questio",
               "pertanyaan", "pregunta", "frage", "#", "1", "22", "q1", "word", "_"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LED_PIECES), max_size=16).map("".join), st.integers(0, 400), st.integers(0, 400),
       st.sampled_from(range(len(_LITERAL_LED))))
@example(": \n\n", 0, 400, 0)
@example(":\n\n", 0, 400, 0)
@example("question 1 q1 questio 2", 0, 400, 4)
def test_a_literal_led_search_finds_what_its_class_led_regex_finds(text: str, pos: int, end: int, which: int) -> None:
    ours, plain = _LITERAL_LED[which]
    for start, stop in ((0, None), (pos, end), (pos, None)):
        theirs = plain.search(text, start) if stop is None else plain.search(text, start, stop)
        found = ours.search(text, start, stop)
        assert (found and (found.span(), found.groups())) == (theirs and (theirs.span(), theirs.groups()))


def test_a_literal_led_search_needs_one_literal_character_per_alternative() -> None:
    for alternatives, flags in (([("", "c")], 0), ([(":", "x"), (":", "y")], 0), ([(":", "x")], re.IGNORECASE),
                                ([("q", "x"), ("question", "y")], 0)):
        with pytest.raises(ValueError):
            LiteralLed(alternatives, flags)


def _literal_gated() -> list[tuple[str, LiteralGated]]:
    from studio.curation.rules.extraction import _JA_OBJECTS, _NAMED_ARRAY
    return [("FENCED_BLOCK", passages.FENCED_BLOCK), ("RULE_LINE", passages.RULE_LINE), ("_NAMED_ARRAY", _NAMED_ARRAY),
            ("_JA_OBJECTS", _JA_OBJECTS)]


_GATED_PIECES = ["```", "``", '"""', '""', "~~~", "~~", "---", "--", "-", "***", "**", "===", "___", "__", "\n", " ",
                 "\t", "x", "text", "Fields", "keys", " = ", ": ", "[", "]", "'a'", '"b"', ", ", "\n\n", "を", "抜き出",
                 "抽出", "メールから", "、", "。", "日時"]


@pytest.mark.parametrize(("name", "gated"), _literal_gated())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_literal_gated_regex_answers_as_its_regex(name: str, gated: LiteralGated, data: st.DataObject) -> None:
    """Texts made of the literals, their near misses and what the regexes read around them: the gate never hides a
    match, from any start to any end."""
    _answers_as(gated, gated.regex, "".join(data.draw(st.lists(st.sampled_from(_GATED_PIECES), max_size=14))), data,
                name)


def _answers_as(ours: LiteralGated | BlankLed, plain: re.Pattern[str], text: str, data: st.DataObject,
                name: str) -> None:
    """`ours` searches and iterates as `plain` does on `text`, from 0, and from a drawn start to a drawn end or none."""
    end = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(0, end))
    for start, stop in ((0, None), (pos, end), (pos, None)):
        theirs = plain.search(text, start) if stop is None else plain.search(text, start, stop)
        found = ours.search(text, start, stop)
        assert (found and (found.span(), found.groups())) == (theirs and (theirs.span(), theirs.groups())), name
        matches = plain.finditer(text, start) if stop is None else plain.finditer(text, start, stop)
        assert [m.span() for m in ours.finditer(text, start, stop)] == [m.span() for m in matches], name


def _blank_led() -> list[tuple[str, BlankLed]]:
    from studio.curation.rules import base, extraction
    return [*((name, getattr(extraction, name)) for name in ("_LIST_END", "_SEPARATORS", "_SLAVIC_SEPARATORS",
                                                             "_SPACED_DASH")), ("POINTS_AFTER", base.POINTS_AFTER)]


_BLANK_PIECES = [" ", "  ", "\t", "\n", " \n", "\u3000", "from", "the", "this", "above", "json", "as", "in", "so",
                 "i", "for", "my", "based on", "please", "only", "(", ")", ".", "?", ",", ";", "/", "w/", "--", "-",
                 "—", "and", "or", "i", "x", "name", "é", ": ", "[", "]", "3", "points", "marks"]


@pytest.mark.parametrize(("name", "led"), _blank_led())
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_blank_led_regex_answers_as_its_plain_regex(name: str, led: BlankLed, data: st.DataObject) -> None:
    """Texts of runs of blanks and the words the regexes read after them: from any start (inside a run too) to any
    end, the guarded search finds the plain regex's match, and `finditer` its matches."""
    _answers_as(led, led.plain, "".join(data.draw(st.lists(st.sampled_from(_BLANK_PIECES), max_size=16))), data, name)


@pytest.mark.parametrize(("name", "led"), _blank_led())
def test_a_blank_led_search_starting_inside_a_run_finds_the_match_there(name: str, led: BlankLed) -> None:
    """The guard alone would miss a match opening where the search starts inside a run: the plain regex is tried
    there first."""
    text = "name" + " " * 6 + {"_SPACED_DASH": "-- x", "_LIST_END": "from the x", "POINTS_AFTER": "(3 points)"}.get(
        name, "and x")
    assert led.search(text, 6) is not None and led.search(text, 6).span() == led.plain.search(text, 6).span()


def test_a_blank_led_regex_needs_a_run_to_guard_and_a_match_that_is_not_empty() -> None:
    BlankLed((r"\s+x", "y"))
    for alternatives in ((r"x",), (r"\s*",), (r"[ \t]*y?",)):
        with pytest.raises(ValueError):
            BlankLed(alternatives)


def test_a_literal_gate_ignoring_case_takes_only_caseless_literals() -> None:
    LiteralGated(re.compile(r"keys\s*\[", re.IGNORECASE), ("[",))
    for literals in (("keys",), ("",), ()):
        with pytest.raises(ValueError):
            LiteralGated(re.compile(r"keys\s*\[", re.IGNORECASE), literals)


def test_the_stranger_characters_are_those_of_the_case_strangers_class() -> None:
    """A CJK probe tells its strangers from its set of characters: the set must be the class's, over all of Unicode."""
    everything = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    assert set(CASE_STRANGERS.findall(everything)) == _STRANGER_CHARS


_TRIE_WORDS = st.lists(st.text(alphabet="abcWXé -", min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_TRIE_WORDS, st.text(alphabet="abcWXé -.", max_size=12))
@example(["what", "wh", "who", "o que", "o"], "o que x")
@example(["a", "a b"], "a b")
def test_a_trie_alternation_matches_as_the_plain_one(words: list[str], text: str) -> None:
    """With a boundary after it (as the question words have), the trie matches where and as far as the alternation
    of the same words, longest first, does."""
    plain = re.compile(r"(?:" + alternation(word.casefold() for word in words) + r")(?!\w)", re.IGNORECASE)
    trie = re.compile(trie_alternation(words) + r"(?!\w)", re.IGNORECASE)
    for start in range(len(text) + 1):
        ours, theirs = trie.match(text, start), plain.match(text, start)
        assert (ours and ours.span()) == (theirs and theirs.span())


_DEPENDENCY_PHRASE_CUES = [cue for cue in (dependency.COMPARISON, dependency._AGGREGATION, dependency._CHOICE,
                                           *(cue for _, cue, _, _ in dependency._DEPENDENT_KINDS))
                           if isinstance(cue, PhraseCue)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_DEPENDENCY_PHRASE_CUES).flatmap(lambda cue: st.tuples(st.just(cue), st.lists(st.sampled_from(
    [phrase for pattern, *_ in list(cue.groups.values())[:6] for phrase in _phrases_of(pattern)[:4]]
    + ["x", " ", "-", "\n", "the "]), max_size=14).map("".join))),
       st.lists(st.integers(0, 60), min_size=1, max_size=6))
def test_a_phrase_cue_searched_again_with_one_probe_answers_as_a_fresh_search(
        cue_and_text: tuple[PhraseCue, str], positions: list[int]) -> None:
    """A phrase cue keeps its first match from a position in the probe's memo: searched again from later (or
    earlier) positions, past an exempt match, it answers as the search of a fresh probe."""
    cue, text = cue_and_text
    found = probe.__wrapped__(text)
    for pos in positions:
        kept, fresh = cue.search(text, found, pos), cue.search(text, probe.__wrapped__(text), pos)
        assert (kept.span() if kept else None) == (fresh.span() if fresh else None)
