"""Counts: a number of generated items in digits or number words ("7 catchy slogans", "cinq idées de dîner") or a
CJK numeral with its counter ("五个标题", "5つ"), asked for by a request verb; words between the count and the
noun are allowed. The count becomes `n` and the prompt a singular template."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from store.models import Reason
from studio.curation.lexicon.matching import CJK_CHAR, Cue, LastPhrase, Probe, alternation, phrase_cue
from studio.curation.lexicon.numbers import (
    COUNT_TRIGGER_TOKENS, JA_COUNTERS, JA_NATIVE, JA_UNIT_AFTER, KO_COUNTERS, ZH_ITEM_CLASSIFIERS, ZH_UNIT_AFTER,
    cjk_number, count_tokens, number_words,
)
from studio.curation.lexicon.words import (
    CHARACTER, INFINITIVE_REQUESTS, JA_REQUEST, KO_REQUEST, MODAL_FIRST_WORDS, MODAL_REQUEST, QUESTION_REQUESTS,
    MEASURE_MARKS, MEASURE_WORDS, REQUEST_VERBS, SOFT_UNITS, STOP_AFTER_COUNT, STRUCTURE_UNITS, ZH_REQUEST,
)
from studio.curation.rules.base import MAX_BRANCHES, SENTENCE_END, Decomposition
from studio.curation.rules.singular import singular_template

_HARD_UNITS = frozenset(STRUCTURE_UNITS) - SOFT_UNITS
_REQUEST_GAP_BREAK = re.compile(r"\b(?:that|which|who|where|returns?|with|a|an|one|un|une|una|ein|eine|um|uma)\b",
                                re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_MODAL = Cue(MODAL_REQUEST, MODAL_FIRST_WORDS)
_REQUEST_PHRASES = REQUEST_VERBS + QUESTION_REQUESTS
_REQUEST = LastPhrase(_REQUEST_PHRASES)
_REQUEST_AFTER = phrase_cue(_REQUEST_PHRASES)
_INFINITIVE_REQUEST = phrase_cue(INFINITIVE_REQUESTS)
_LAST_WORDS = re.compile(r"(?<!\w)(?:(\w+) )?([\w']+)$")
_LIST_OF = re.compile(r"(?:\b(?:a|an|the)\s+)?\b(?:list|lista|liste|elenco|список)\s+(?:of|de|di|von|из)\s+$",
                      re.IGNORECASE)
_ZH_COUNT = re.compile(
    r"(?P<count>\d{1,3}|[０-９]{1,3}|" + r"[二两兩三四五六七八九十百]{1,3}" + r")(?P<cls>[" + ZH_ITEM_CLASSIFIERS
    + r"])")
_JA_COUNT = re.compile(
    r"(?P<count>\d{1,3}|[０-９]{1,3}|[二三四五六七八九十百]{1,3}|" + alternation(JA_NATIVE) + r")"
    r"(?P<cls>" + alternation(JA_COUNTERS) + r")?")
_KO_COUNT = re.compile(r"(?P<count>\d{1,3}|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)\s*(?P<cls>"
                       + alternation(KO_COUNTERS) + r")")


# How far before a count (within its sentence) and after it the request for it is looked for: the request verb is
# a few words before the count, a modal question's verb at the end of a short sentence. Bounded so that a long line
# with many numbers costs time in proportion to its length.
_REACH = 200
_COUNT_MESSAGES = {"count.range": "a range of counts: {n} items, its upper bound",
                   "count.open": "at least {n} items: {n}"}


@dataclass(slots=True)
class Count:
    """A requested count of generated items."""

    value: int
    span: tuple[int, int]  # the count token
    phrase_span: tuple[int, int]  # count + modifiers + noun (what the singular template replaces)
    phrase: list[str]
    rule: str


def _spaced_counts(text: str, language: str | None, tokens: Probe, ignored: Sequence[tuple[int, int]]) -> list[Count]:
    """The requested counts in digits or number words, in text order (up to the first one that differs)."""
    found: list[Count] = []
    for value, span, kind in count_tokens(text, number_words(language), tokens):
        if not 2 <= value <= MAX_BRANCHES or _inside(span, ignored):
            continue
        count_start, count_end = span
        if tokens.cjk and (CJK_CHAR.match(text, count_end) or CJK_CHAR.match(text, max(0, count_start - 1))):
            continue  # "5つ", "五个": the CJK counters decide (see _cjk_counts)
        line_start = _lead_start(text, count_start)
        lead = text[line_start:count_start]
        measured = _measured(lead[-40:]) and not _ends_with_request(lead)  # "come up with 10" asks for 10
        if measured and not _LIST_OF.search(lead[-40:]):
            continue
        if not _requested(text, tokens, line_start, count_start, count_end):
            continue
        phrase: list[str] = []
        phrase_end = count_end
        for word in _WORD.finditer(text, count_end, count_end + _REACH):
            if text[phrase_end:word.start()].strip(" \t"):
                break  # punctuation or a line break ends the noun phrase
            lowered = word.group(0).lower()
            if lowered in STOP_AFTER_COUNT and phrase:
                break
            phrase.append(word.group(0))
            phrase_end = word.end()
            if len(phrase) == 4:
                break
        if not phrase or any(w.lower() in _HARD_UNITS for w in phrase):
            continue
        if measured and any(w.lower() in SOFT_UNITS for w in phrase):
            continue
        start = count_start
        list_of = _LIST_OF.search(text, line_start, count_start)
        if list_of and list_of.end() == count_start:
            start = list_of.start()
        found.append(Count(value, span, (start, phrase_end), phrase, f"count.{kind}"))
        if value != found[0].value:
            break  # two different counts: `from_count` gives up, the rest need not be read
    return found


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _measured(lead: str) -> bool:
    """The words just before a count make it a measure ("in 3", "up to 5", "top 10", "$5")."""
    if lead[-1:] and lead[-1] in MEASURE_MARKS:
        return True
    before = lead.rstrip()
    if len(before) == len(lead):
        return False  # no space between the word and the count ("x3")
    words = _LAST_WORDS.search(before)
    if words is None:
        return False
    previous, last = (words.group(1) or "").lower(), words.group(2).lower()
    # "l'in", "'jusqu'à": a measure word may follow an apostrophe or contain one
    parts = last.split("'")
    return f"{previous} {last}" in MEASURE_WORDS or any(
        "'".join(parts[index:]) in MEASURE_WORDS for index in range(len(parts)))


def _ends_with_request(lead: str) -> bool:
    request = _REQUEST.last(lead)
    return request is not None and not lead[request[1]:].strip()


def _lead_start(text: str, count_start: int) -> int:
    """Where the text that decides whether a count is requested starts: its sentence or line, at most `_REACH`
    characters back (then at a word's start)."""
    reach = max(0, count_start - _REACH)
    start = max(text.rfind(mark, reach, count_start) + 1 for mark in "\n.?!")
    if start > reach or reach == 0:
        return max(start, reach)
    space = _SPACE.search(text, reach, count_start)
    return space.end() if space else count_start


def _requested(text: str, found: Probe, lead_start: int, count_start: int, count_end: int) -> bool:
    """The count is the object of a request: a request verb shortly before it ("give me 7"), a modal question
    around it ("Kannst du mir sechs Ideen ... geben?") or nothing at all before it ("10 slogans for ...").
    `found` is the prompt's probe: a prompt without any request or modal word skips the searches."""
    lead = text[lead_start:count_start]
    if not lead.strip():
        return True
    request = None if found.words.isdisjoint(_REQUEST.last_tokens) else _REQUEST.last(lead)
    if request is not None:
        gap = lead[request[1]:]
        return len(gap.split()) <= 4 and not _REQUEST_GAP_BREAK.search(gap)
    modal = _MODAL.search(text, found, lead_start, count_start)
    if modal is None or _REQUEST_GAP_BREAK.search(text, modal.end(), count_start):
        return False
    sentence_end = SENTENCE_END.search(text, count_end, count_end + _REACH)
    rest_end = sentence_end.end() if sentence_end else min(len(text), count_end + _REACH)
    return bool(_REQUEST_AFTER.search(text, found, count_end, rest_end)
                or _INFINITIVE_REQUEST.search(text, found, lead_start, rest_end))


def _cjk_counts(text: str) -> list[Count]:
    found: list[Count] = []
    for pattern, request, units, rule in ((_ZH_COUNT, ZH_REQUEST, ZH_UNIT_AFTER, "count.cjk"),
                                          (_JA_COUNT, JA_REQUEST, JA_UNIT_AFTER, "count.cjk"),
                                          (_KO_COUNT, KO_REQUEST, (), "count.cjk")):
        if not request.search(text):
            continue
        for match in pattern.finditer(text):
            value = cjk_number(match.group("count"))
            if value is None or not 2 <= value <= MAX_BRANCHES:
                continue
            if match.group("count").isdigit() and pattern is _JA_COUNT and not match.group("cls"):
                continue
            if not match.group("cls") and match.group("count") not in JA_NATIVE:
                continue
            following = text[match.end():match.end() + 3]
            if any(following.startswith(unit) for unit in units) or any(
                    (match.group("cls") or "") == unit for unit in units):
                continue
            if match.start() > 0 and text[match.start() - 1].isdigit():
                continue
            found.append(Count(value, match.span("count"), match.span("count"), [], rule))
    return found


def from_count(text: str, language: str | None, found: Probe,
               ignored: Sequence[tuple[int, int]] = ()) -> Decomposition | None:
    """One count of generated items ("7 catchy slogans"): `n` and a singular template. Counts inside the
    `ignored` spans do not count."""
    if not (_DIGIT.search(text) or found.cjk or not found.words.isdisjoint(COUNT_TRIGGER_TOKENS)):
        return None
    counts = _spaced_counts(text, language, found, ignored)
    if not counts and found.cjk:
        counts = [count for count in _cjk_counts(text) if not _inside(count.span, ignored)]
    if not counts:
        return None
    if len({count.value for count in counts}) > 1:
        return None  # "5 slogans and 3 taglines": two different requests
    count = counts[0]
    template = singular_template(text, count, language)
    reasons = [Reason(count.rule, _COUNT_MESSAGES.get(count.rule, "a count of {n} items").format(n=count.value),
                      count.span)]
    category = "Character Generation" if CHARACTER.search(" ".join(count.phrase) or text) else "Repeated Generation"
    return Decomposition(category, template, reasons, n=count.value)

