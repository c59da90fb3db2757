"""Several things asked in one request about a text the request names, with the text pasted after it ("Given a
reference text about the airline, tell me its main hub and when it was founded.\n\n<passage>", "Given this paragraph,
what is the average temperature during the day, at night and overall?"): one answer per asked thing, each read off
the same passage (Reading Comprehension). `from_inline` reads no such list: two items are too few without an "each"
cue, "its main hub" reads as facets of one thing, "during the day" as a qualifier of one question."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.words import TASK_VERBS
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
    r"what(?:['’]s|\s+(?:is|are|was|were))|when\s+(?:is|are|was|were))\b[\s,:]*", _I)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", _I)
# A pronoun's family: "it"/"its" point at the same thing, "they"/"their" at another.
_PRONOUN_FAMILIES = tuple(re.compile(rf"\b(?:{words})\b", _I) for words in (
    "it|its", "they|them|their", "he|him|his", "she|her"))
_PREPOSITION = re.compile(r"\b(?:during|at|in|on|for|before|after|under|over|from|of|to|with|by)\s", _I)
_INSTRUCTION_WEIGHT = 400  # a request longer than this before its passage is a brief, not a question about a text
_PASSAGE_WEIGHT = 150  # the pasted text, as a plain paragraph beside questions
_ITEM_WORDS = 8  # an asked thing is a short phrase; a longer one is a clause of one request
_SENTENCE_END = re.compile(r"[.?!\n]")
# A task on the text itself makes the request one task (or steps) on it: "summarise it and tell me ...".
_OTHER_TASK = re.compile(
    r"\b(?:summari[sz]e|translate|rewrite|paraphrase|rephrase|proofread|shorten|simplify|continue|"
    r"write|compose|draft|create|generate)\b", _I)
_STARTS = frozenset(word for verb in TASK_VERBS for word in verb.split()[:1]) | {
    "write", "make", "create", "generate", "then", "also", "please", "give", "tell", "compare", "translate"}


def from_asked_of_text(text: str) -> Decomposition | None:
    """2-4 things asked about a text the request names, when the text follows the request as a passage: the short
    phrases of one request sentence ("tell me its main hub and when it was founded"). A later phrase with a pronoun
    the first does not share ("the name of the last album and when was it released") asks about the first one's
    answer: not items."""
    split = _request_and_passage(text)
    if split is None:
        return None
    end, passage_start, passage = split
    instruction = text[:end]
    named = _NAMED_TEXT.search(instruction)
    if named is None or _OTHER_TASK.search(instruction):
        return None
    asked = _phrases_asked(instruction, named.end())
    if asked is None:
        return None
    items, spans = asked
    reasons = [Reason("list.inline", f"{len(items)} things asked about the named text", (spans[0][0], spans[-1][1])),
               Reason("cue.task", "one question per item"),
               Reason("passage.context", "the passage beside the instruction becomes the context",
                      (passage_start, passage_start + len(passage)))]
    template = (instruction[:spans[0][0]] + "{data}" + instruction[spans[-1][1]:]).strip()
    return Decomposition("Reading Comprehension", join_template("{context}", template), reasons, data=items,
                         context=passage)


def _request_and_passage(text: str) -> tuple[int, int, str] | None:
    """(end of the request, start of the passage, the passage): the instruction region, when it opens the text and a
    passage of 150+ characters follows it."""
    region_start, region_end = instruction_region(text)
    passage = text[region_end:].strip()
    if region_start or not weighs(passage, _PASSAGE_WEIGHT) or weighs(text[:region_end], _INSTRUCTION_WEIGHT + 1):
        return None
    return region_end, text.index(passage, region_end), passage


def _phrases_asked(instruction: str, after: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 short phrases that one request after the text's name asks for."""
    asked = _ASKS.search(instruction, after)
    if asked is None:
        return None
    sentence_end = _SENTENCE_END.search(instruction, asked.end())
    end = sentence_end.start() if sentence_end else len(instruction.rstrip(" :"))
    items, spans = _split(instruction, asked.end(), end)
    if not 2 <= len(items) <= 4 or not _independent(items):
        return None
    return _shared_head(items, spans)


def _split(instruction: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]]]:
    """The pieces of instruction[start:end] between commas and "and" (empty ones dropped)."""
    items, spans, position = [], [], start
    for separator in [*_SEPARATOR.finditer(instruction, start, end), None]:
        stop = separator.start() if separator else end
        piece = instruction[position:stop]
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
