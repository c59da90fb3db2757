"""Several things asked about a text the request names, the text pasted before or after the request ("Given a
reference text about the airline, tell me its main hub and when it was founded.\n\n<passage>", "Given this paragraph,
what is the average temperature during the day, at night and overall?", "<passage>\n\nAccording to the paragraph,
who ran it? When did it close?"): one answer per asked thing, each read off the same passage (Reading
Comprehension). `from_inline` reads no such list (two items are too few without an "each" cue, "its main hub" reads
as facets of one thing, "during the day" as a qualifier of one question), and `from_questions` takes a single
paragraph before its questions for no passage unless a reading cue opens it."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.words import QUESTION_CONNECTORS, TASK_VERBS
from studio.curation.rules.base import Decomposition, join_template, weighs
from studio.curation.rules.passages import instruction_region

_I = re.IGNORECASE
# The request names a text it was given to read: "this paragraph", "the following text", or any determiner after a
# reading word ("Given a reference text about X", "After reading the report", "analyse the text"); not a text to write
# ("Create a blog article").
_TEXT_WORD = r"(?:text|passage|paragraph|article|report|excerpt|story|poem|abstract|document|transcript)\b"
_NAMED_TEXT = re.compile(
    r"\b(?:this|the\s+(?:following|above|below|given|attached))\s+(?:[\w-]+\s+){0,2}?" + _TEXT_WORD
    + r"|\b(?:given|based\s+on|according\s+to|from|in|read|reading|analy[sz]e|analy|using)\s+(?:the|a|an)\s+"
    r"(?:[\w-]+\s+){0,2}?" + _TEXT_WORD, _I)
# What asks for several things in one object, as the request itself (after a comma, a sentence start, "please" or
# "and"; not "so they can identify A and avoid B"): "tell me", "give me", "provide (me) (with)", "what is/are/'s".
_ASKS = re.compile(
    r"(?:^|(?<=[,.:;?!])|(?<=\bplease)|(?<=\band))\s*"
    r"(?:(?:tell|give|show)\s+(?:me|us)|provide(?:\s+(?:me|us))?(?:\s+with)?|list|state|identify|"
    r"(?P<wh>what(?:['’]s|\s+(?:is|are|was|were))|when\s+(?:is|are|was|were)))\b[\s,:]*", _I)
_WH_START = re.compile(r"(?:what|when|where|who|whom|whose|which|why|how)\b", _I)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", _I)
# A pronoun's family: "it"/"its" point at the same thing, "they"/"their" at another.
_PRONOUN_FAMILIES = tuple(re.compile(rf"\b(?:{words})\b", _I) for words in (
    "it|its", "they|them|their", "he|him|his", "she|her"))
_PREPOSITION = re.compile(r"\b(?:during|at|in|on|for|before|after|under|over|from|of|to|with|by)\s", _I)
_INSTRUCTION_WEIGHT = 400  # a request longer than this before its passage is a brief, not a question about a text
_PASSAGE_WEIGHT = 150  # the pasted text, as a plain paragraph beside questions
_ITEM_WORDS = 8  # an asked thing is a short phrase; a longer one is a clause of one request
_SENTENCE_END = re.compile(r"[.?!\n]")
_QUESTION = re.compile(r"[^.?!\n:]+\?")
_MARKER = re.compile(r"\s*(?:\(?\d{1,2}[.)]|\(?[a-hA-H]\))?\s*")  # "(1) Who ...?", "b) When ...?"
# A later question about an earlier one's answer: "What floor is found below that?", "the previous one".
_POINTS_BACK = re.compile(r"\b(?:that|those|these|the\s+same)\s*[?,.]|\bthe\s+(?:previous|former|latter|above)\b", _I)
_QUESTION_WORDS = 40
_THIS_TEXT = re.compile(r"\bthis\s+(?:poem|text|passage|paragraph|quote|quotation|excerpt|story|verse|lyrics)\b", _I)
_GLUED_WEIGHT = 100  # a stanza or a quote before the questions about it
# The asker speaking ("I'm writing a story about ..., is this story original?"): a description of their own work or a
# request, not a text pasted to be read.
_THE_ASKER = re.compile(r"\b(?:i|i['’]m|i['’]ve|my|we|our|please|can\s+you|could\s+you)\b", _I)
# A task on the text itself makes the request one task (or steps) on it: "summarise it and tell me ...".
_OTHER_TASK = re.compile(
    r"\b(?:summari[sz]e|translate|rewrite|paraphrase|rephrase|proofread|shorten|simplify|continue|"
    r"write|compose|draft|create|generate)\b", _I)
_STARTS = frozenset(word for verb in TASK_VERBS for word in verb.split()[:1]) | {
    "write", "make", "create", "generate", "then", "also", "please", "give", "tell", "compare", "translate"}


def from_asked_of_text(text: str) -> Decomposition | None:
    """2-4 things asked about a text the request names, the text pasted before or after the request as a passage:
    the short phrases of one request sentence ("tell me its main hub and when it was founded"), else the questions
    after the text's name ("Given the passage below, answer these: Who built it? When did it close?"). A later phrase
    with a pronoun the first does not share ("the name of the last album and when was it released") asks about the
    first one's answer: not items (separate questions about a passage may say "it" of its subject)."""
    split = _request_and_passage(text)
    if split is None:
        return None
    (start, end), (passage_start, passage) = split
    named = _NAMED_TEXT.search(text, start, end)
    if named is None or _OTHER_TASK.search(text, start, end):
        return None
    phrases = _phrases_asked(text, named.end(), end)
    asked = phrases or _questions_asked(text, named, start, end)
    if asked is None:
        return None
    items, spans = asked
    rule = "list.inline" if phrases else "questions.multiple"
    reasons = [Reason(rule, f"{len(items)} things asked about the named text", (spans[0][0], spans[-1][1])),
               Reason("cue.task", "one question per item"),
               Reason("passage.context", "the passage beside the instruction becomes the context",
                      (passage_start, passage_start + len(passage)))]
    template = (text[start:spans[0][0]] + "{data}" + text[spans[-1][1]:end]).strip()
    return Decomposition("Reading Comprehension", join_template("{context}", template), reasons, data=items,
                         context=passage)


def _request_and_passage(text: str) -> tuple[tuple[int, int], tuple[int, str]] | None:
    """((start, end) of the request, (start, text) of the passage): the instruction region of at most 400 characters,
    with a passage of 150+ characters after it (the region opens the text) or before it (the region is the last
    paragraph: "<passage>\n\nBased on the text above, tell me ...")."""
    start, end = instruction_region(text)
    if start == 0 and end == len(text):
        return _glued_passage(text)
    if weighs(text[start:end], _INSTRUCTION_WEIGHT + 1):
        return None
    if start == 0:
        passage = text[end:].strip()
        offset = text.find(passage, end)
    elif end == len(text):
        passage = text[:start].strip()
        offset = text.find(passage)
    else:
        return None
    return ((start, end), (offset, passage)) if weighs(passage, _PASSAGE_WEIGHT) else None


def _glued_passage(text: str) -> tuple[tuple[int, int], tuple[int, str]] | None:
    """A text with the questions about it in the same paragraph, the first naming it ("<a poem's lines>, what does
    this poem tell about life? which style is it?"): the passage ends at the comma or full stop before that clause,
    and is no words of the asker's own."""
    named = _THIS_TEXT.search(text)
    if named is None:
        return None
    cut = max(text.rfind(mark, 0, named.start()) for mark in ",.;:\n")
    passage = text[:cut].strip()
    if cut < 0 or not weighs(passage, _GLUED_WEIGHT) or weighs(text[cut:], _INSTRUCTION_WEIGHT + 1) \
            or _THE_ASKER.search(passage):
        return None
    return (cut + 1, len(text)), (text.find(passage), passage)


def _phrases_asked(text: str, after: int, end: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 short phrases that one request after the text's name asks for."""
    asked = _ASKS.search(text, after, end)
    if asked is None:
        return None
    sentence_end = _SENTENCE_END.search(text, asked.end(), end)
    items, spans = _split(text, asked.end(), sentence_end.start() if sentence_end else len(text[:end].rstrip(" :")))
    if not 2 <= len(items) <= 4 or not _independent(items):
        return None
    if asked.group("wh") and _WH_START.match(items[1]):
        # "what was the mill used for, and what destroyed the wheel": two questions, the first from its question word
        return [text[asked.start("wh"):spans[0][1]], *items[1:]], [(asked.start("wh"), spans[0][1]), *spans[1:]]
    return _shared_head(items, spans)


def _questions_asked(text: str, named: re.Match[str], start: int, end: int,
                     ) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 questions of the request from the sentence naming the text on ("Given this paragraph, who built the
    mill? What is it used for now?": the first from after the comma that closes the naming words; "What is the main
    idea of this text?" whole), none opened by a connector ("Or ...", "If so, ...") that continues the one before nor
    pointing back at an earlier answer ("What floor is below that?")."""
    sentence_start = max(start, *(text.rfind(mark, 0, named.start()) + 1 for mark in ".?!\n"))
    items, spans = [], []
    for question in _QUESTION.finditer(text, sentence_start, end):
        comma = text.find(",", named.end(), question.end()) if question.start() < named.end() else -1
        item_start = _MARKER.match(text, comma + 1 if comma >= 0 else question.start()).end()
        item = text[item_start:question.end()].strip()
        if QUESTION_CONNECTORS.match(item) or not 3 <= len(item.split()) <= _QUESTION_WORDS or (
                items and _POINTS_BACK.search(item)):
            return None
        offset = text.index(item, item_start)
        items.append(item)
        spans.append((offset, offset + len(item)))
    return (items, spans) if 2 <= len(items) <= 4 else None


def _split(text: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]]]:
    """The pieces of text[start:end] between commas and "and" (empty ones dropped)."""
    items, spans, position = [], [], start
    for separator in [*_SEPARATOR.finditer(text, start, end), None]:
        stop = separator.start() if separator else end
        piece = text[position:stop]
        stripped = piece.strip(" ,:\"'")
        if stripped:
            offset = position + piece.index(stripped)
            items.append(stripped)
            spans.append((offset, offset + len(stripped)))
        position = separator.end() if separator else end
    return items, spans


def _independent(items: list[str]) -> bool:
    """Short phrases, none opening with a verb of another task ("summarise it and translate it"), no later one
    pointing back with a pronoun the first does not share ("its hub and when it was founded" share the text's
    subject; "their first record and when was it released" asks about the record)."""
    if any(len(item.split()) > _ITEM_WORDS or item.split()[0].casefold() in _STARTS for item in items):
        return False
    return not any(family.search(item) and not family.search(items[0])
                   for family in _PRONOUN_FAMILIES for item in items[1:])


def _shared_head(items: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """ "the average temperature during the day, at night, and overall": when the later items are phrases opened by
    a preposition, the first item is the shared head's last prepositional phrase ("during the day")."""
    if not _PREPOSITION.match(items[1] + " "):
        return items, spans
    last = next(reversed([*_PREPOSITION.finditer(items[0])]), None)
    if last is None or last.start() == 0:
        return items, spans
    return [items[0][last.start():], *items[1:]], [(spans[0][0] + last.start(), spans[0][1]), *spans[1:]]
