"""Several things asked about a text the request names, the text pasted before or after the request ("Given a
reference text about the airline, tell me its main hub and when it was founded.\n\n<passage>", "Given this paragraph,
what is the average temperature during the day, at night and overall?", "<passage>\n\nAccording to the paragraph,
who ran it? When did it close?"): one answer per asked thing, each read off the same passage (Reading
Comprehension). `from_inline` reads no such list (two items are too few without an "each" cue, "its main hub" reads
as facets of one thing, "during the day" as a qualifier of one question), and `from_questions` takes a single
paragraph before its questions for no passage unless a reading cue opens it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice

from store.models import Reason
from studio.curation.lexicon.matching import CJK_CHAR, Probe, StartNeedleRegex, asked_words, trie_alternation
from studio.curation.lexicon.words import (
    GIVEN_DOCUMENTS, LIST_JOINING_WORDS, QUESTION_CONNECTORS, QUESTION_OPENERS, TASK_VERBS)
from studio.curation.rules.base import (
    BLANK_LINE, POINTS_AFTER, Decomposition, end_of_line, join_template, pieces_between, weighs)
from studio.curation.rules.passages import (
    ASKERS_OWN, SHORT_PASSAGE, after_label, instruction_region, last_paragraph, named_abroad, named_by_place,
    passage_after_request,
)

_I = re.IGNORECASE
# The request names a text it was given to read: "this paragraph", "the following text", or any determiner after a
# reading word ("Given a reference text about X", "After reading the report", "analyse the text"); not a text to write
# ("Create a blog article").
_TEXT_WORDS = ("text", "passage", "paragraph", "article", "report", "excerpt", "story", "poem", "abstract", "document",
               "transcript", "email", "e-mail", "message", "letter", "memo", "note", "review", "description",
               "contract", "entry", "diary", "journal", "flyer", "poster", "ad", "advert", "sign", *GIVEN_DOCUMENTS)
_TEXT_WORD = r"(?:" + "|".join(_TEXT_WORDS) + r")\b"
_NAMED_BY_WORD = (r"\b(?:this|these|the\s+(?:following|above|below|given|attached))\s+(?:[\w-]+\s+){0,2}?" + _TEXT_WORD
                  + r"|\b(?:given|based\s+on|according\s+to|from|in|per|read|reading|analy[sz]e|analy|using|here\s+is|"
                  r"here\s+are|here['’]s)\s+"
                  r"(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?" + _TEXT_WORD)
_NAMED_BY_POINTER = (r"\b(?:based\s+on|according\s+to|from|given)\s+(?:this|that|the\s+above)(?=\s*,|\s+(?:tell|give|"
                     r"show|what|when|where|who|which|why|how|can|could|pls|please)\b)"  # "based on this tell me ..."
                     r"|\bread\s+(?:this|that|the\s+above)(?=\s+and\b)"  # "read this and tell me ..."
                     r"|\b(?:got|received)\s+this\s+from\b")  # "got this from my landlord, can you tell me ..."
_NAMED_TEXT = re.compile(_NAMED_BY_WORD + "|" + _NAMED_BY_POINTER, _I)
# `_NAMED_TEXT` in two parts (`_named_text`): the text-word alternatives, searched only where the prompt's words hold a
# text word (after whitespace, before "\b": a whole word), and the pointer alternative, tried only where one of its
# four opening words starts (a search led by "\b" is tried at every position of a long request).
_TEXT_WORD_SET = asked_words(_TEXT_WORDS)
_NAMED_BY_WORD_REGEX = re.compile(_NAMED_BY_WORD, _I)
_NAMED_BY_POINTER_REGEX = StartNeedleRegex(re.compile(_NAMED_BY_POINTER, _I),
                                           ("based", "according", "from", "given", "read", "got", "received"))
# What asks for several things in one object, as the request itself (after a comma, a sentence start, "please" or
# "and", or right after the text's pointer: "based on this tell me ..."; not "so they can tell me A and B"): "tell
# me", "give me", "provide (me) (with)", "what is/are/'s" ("identify the verbs and the nouns", "list the dates and
# places" pull entities: the extraction rules' lists, not questions).
# (Before the request, blanks without a line break: every position after a line break may open a match, and with
# `\s*` each of them read the rest of a run of line breaks, in quadratic time. The last position of the blanks that
# may open one still does, so the same request is found, from a later start, which nothing reads.)
_AFTER_POINTER = r"(?<=\bthis)|(?<=\babove)"  # (right after the text's pointer: "based on this tell me ...")
_ASKS = re.compile(
    r"(?:^|(?<=[,.:;?!\n])|(?<=\bplease)|(?<=\band)|(?<=\byou)|(?<=\bu)|" + _AFTER_POINTER + r")[^\S\n]*+"
    r"(?:(?:tell|give|show)\s+(?:me|us)|provide(?:\s+(?:me|us))?(?:\s+with)?|state|"
    r"(?P<wh>what(?:['’]s|\s+(?:is|are|was|were))|when\s+(?:is|are|was|were)))\b[\s,:]*", _I)
# (with the forms typed without an apostrophe: "whats the most restorative stage")
_WH_START = re.compile(r"(?:what|when|where|who|whom|whose|which|why|how|whats|wheres|whos|hows)\b", _I)
# A later clause may ask yes or no ("when is the water off, do I need to do anything, and who do I call", "... and
# whether I can still have a bonfire"); the first opens with a question word.
_YES_NO_START = re.compile(r"(?:do|does|did|is|are|was|were|can|could|should|will|would|has|have|whether|if)\s", _I)
_WH_ASK = re.compile(r"(?:^|(?<=[,.:;?!\n])|" + _AFTER_POINTER + r")[^\S\n]*+(" + _WH_START.pattern + ")",
                     _I)  # (as `_ASKS`)
# (A run of blanks matched only from where it starts: `_split` scans from a word or after a separator's trailing
# blanks, never from inside a run, so the matches are the same, and a long run is read once.)
_SEPARATOR = re.compile(r"(?:(?<!\s)\s+)?[,;]\s*(?:and\s+)?(?:also\s+)?|(?<!\s)\s+and\s+(?:also\s+)?", _I)
# A pronoun's family: "it"/"its" point at the same thing, "they"/"their" at another.
_PRONOUN_FAMILIES = tuple(re.compile(rf"\b(?:{words})\b", _I) for words in (
    "it|its", "they|them|their", "he|him|his", "she|her"))
_PREPOSITION = re.compile(r"\b(?:during|at|in|on|for|before|after|under|over|from|of|to|with|by)\s", _I)
_INSTRUCTION_WEIGHT = 400  # a request longer than this before its passage is a brief, not a question about a text
_PASSAGE_WEIGHT = 150  # the pasted text, as a plain paragraph beside questions
_ITEM_WORDS = 8  # an asked thing is a short phrase; a longer one is a clause of one request
_CLAUSE_WORDS = 14  # a question clause ("what are the risks of a town running a ferry")
_SENTENCE_END = re.compile(r"[.?!\n]")
# A question: a stretch without a sentence mark, ended by "?". Its stretch is read once (possessive: "?" is no part of
# it), and after the first try a match is tried only where a stretch starts (`_QUESTION_AT_START`): from inside a
# stretch a match ends where it ends from the stretch's start, so only the first try, where the search starts (maybe
# inside a stretch), needs the plain form; without, each position of a long stretch not ended by "?" (a long run of
# blanks, or long prose) read the rest of it.
_QUESTION = re.compile(r"[^.?!\n:]++\?")
_QUESTION_AT_START = re.compile(r"(?<![^.?!\n:])[^.?!\n:]++\?")
_QUESTION_MARKER = re.compile(r"\s*(?:\(?\d{1,2}[.)]|\(?[a-hA-H]\))?\s*")  # "(1) Who ...?", "b) When ...?"
# A later question about an earlier one's answer: "What floor is found below that?", "the previous one".
_POINTS_BACK = re.compile(r"\b(?:that|those|these|the\s+same)\s*[?,.]|\bthe\s+(?:previous|former|latter|above)\b|"
                          r"\bin\s+turn\b", _I)  # ("how did that in turn lead to ...": the answer before goes on)
_QUESTION_WORDS = 40
# (Tried only where "this" starts: searched over every position of a whole prompt, the regex cost ~2% of a prompt.)
_THIS_TEXT = StartNeedleRegex(re.compile(
    r"\bthis\s+(?:poem|text|passage|paragraph|quote|quotation|excerpt|story|verse|lyrics)\b", _I), ("this",))
_OPENING_QUOTE = re.compile(r"\s*[\"“«]([^\"”»]{150,})[\"”»]\s*")  # a quoted passage, then the request
# The same after a few words naming it ("in the paragraph \"...\" why is she upset, where ..."), and no more.
_NAMED_OPENING_QUOTE = re.compile(r"\s*(?:(?:in|from|about|for|based\s+on|according\s+to)\s+)?(?:the|this)\s+"
                                  r"(?:[\w-]+\s+)?" + _TEXT_WORD + r"\s*[:,]?" + _OPENING_QUOTE.pattern, _I)
_GLUED_WEIGHT = 100  # a stanza or a quote before the questions about it
# The asker speaking ("I'm writing a story about ..., is this story original?"): a description of their own work or a
# request, not a text pasted to be read.
_THE_ASKER = re.compile(r"\b(?:i|i['’]m|i['’]ve|my|we|our|please|can\s+you|could\s+you)\b", _I)
# A task on the text itself makes the request one task (or steps) on it: "summarise it and tell me ...", "what's
# wrong with it and how to improve it", "if it is grammatically correct and natural".
_OTHER_TASK = re.compile(
    r"\b(?:summari[sz]e|translate|rewrite|paraphrase|rephrase|proofread|shorten|simplify|continue|"
    r"write|compose|draft|create|generate|improve|fix|grammar|grammatical(?:ly)?)\b", _I)
# Items compared with each other ("the difference between the first and the second chapter"): one answer.
_COMPARED = re.compile(r"\b(?:differen\w*|compar\w*|contrast\w*|versus|vs|similarit\w*|better|worse)\b", _I)
# "if it is correct and natural": one yes/no question whose predicate is coordinated; "what is the tone, and why":
# the bare question word asks about the first answer.
_ONE_ASKED = re.compile(r"(?:if|whether)\b", _I)
_BARE_WH = re.compile(r"(?:why|how|where|when|who)(?:\s+(?:so|not))?", _I)
_STARTS = frozenset(word for verb in TASK_VERBS for word in verb.split()[:1]) | {
    "write", "make", "create", "generate", "then", "also", "please", "give", "tell", "compare", "translate"}


def from_asked_of_text(text: str, found: Probe | None = None) -> Decomposition | None:
    """2-4 things asked about a text the request names (or a label or quotes set apart), the text pasted before or
    after the request as a passage: the short phrases or wh-clauses of one request sentence ("tell me its main hub
    and when it was founded", "what destroyed the wheel, and who runs the museum"), else the questions after the
    text's name ("Given the passage below, answer these: Who built it? When did it close?"). A later phrase
    with a pronoun the first does not share ("the name of the last album and when was it released") asks about the
    first one's answer: not items (separate questions about a passage may say "it" of its subject). `found`: the
    prompt's probe, when the caller has it."""
    split = _request_and_passage(text, found)
    if split is None:
        return None
    (start, end), (passage_start, passage), set_apart = split
    named = (_named_text(text, start, end, found) or named_by_place(text, start, end)
             or named_abroad(text, start, end, found) or _this_asked_before(text, start, end, passage_start))
    unnamed = (_clauses_after_statements(text, start, end, passage_start, passage)
               or _question_clauses(text, start, end, passage)) if named is None and not set_apart else None
    if named is None and not set_apart and unnamed is None or _OTHER_TASK.search(text, start, end):
        return None
    name = named.span() if named else (start, start)
    # (the things asked follow the text's name, or come before a name closing the request: "who won, when and why?
    # (from this report)")
    phrases = unnamed or _phrases_asked(text, name[1], end) or (
        _wh_clauses(_phrases_asked(text, start, name[0]))
        if named is not None and not text[name[1]:end].strip(" \t)?:.") else None)
    asked = phrases or _questions_asked(text, name, start, end)
    if asked is None:
        return None
    items, spans = asked
    if named is not None and named.re is _THIS_ASKED and len(items) < _THIS_ASKED_ITEMS:
        return None  # ("what's this do? why would I use it?\n\n<code>": one question, asked twice)
    rule = "list.inline" if phrases else "questions.multiple"
    reasons = [Reason(rule, f"{len(items)} things asked about the named text", (spans[0][0], spans[-1][1])),
               Reason("cue.task", "one question per item"),
               Reason("passage.context", "the passage beside the instruction becomes the context",
                      (passage_start, passage_start + len(passage)))]
    template = (text[start:spans[0][0]] + "{data}" + text[spans[-1][1]:end]).strip()
    return Decomposition("Reading Comprehension", join_template("{context}", template), reasons, data=items,
                         context=passage)


# A question about "this" standing alone ("does this cover ...", "is this mandatory"): before a text pasted after the
# request, the text is what it points at.
_THIS_ASKED = re.compile(r"\b(?:is|does|did|was|can|will|would|should|could|do)\s+this\b"
                         r"(?!\s+(?:is|was|a|an|the)\b)", _I)
_THIS_ASKED_REACH = 80  # the first question opens the request
_THIS_ASKED_ITEMS = 3  # two questions about "this" are often one asked twice


def _this_asked_before(text: str, start: int, end: int, passage_start: int) -> re.Match[str] | None:
    """The request's first question asking about "this", when the passage follows the request ("does this cover
    me abroad? whats the excess? how long do i have to claim?\n\n<the policy's section>")."""
    return _THIS_ASKED.search(text, start, min(end, start + _THIS_ASKED_REACH)) if passage_start >= end else None


def _clauses_after_statements(text: str, start: int, end: int, passage_start: int, passage: str,
                              ) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The three or more question clauses that make up a request naming no text, after a passage that does not speak
    ("<a paragraph about a bakery>\n\nwho started it, when did it move and why did it stop selling rye"): the passage
    is material the clauses ask about, as `questions._statements_before` reads questions after one."""
    opening = start + len(text[start:end]) - len(text[start:end].lstrip())
    if (tell := _TELL_ME.match(text, opening, end)) is not None:
        opening = tell.end()  # "tell me who was arrested, when it happened and what he's charged with"
    if passage_start > start or "?" in passage or _THE_ASKER.search(passage) or not _WH_START.match(text, opening):
        return None
    asked = _wh_clauses(_split_sentence(text, opening, end, _CLAUSE_WORDS))
    return asked if asked is not None and len(asked[0]) >= 3 else None


# A request for the clauses that follow it, before the first ("can you tell me", "pls tell me").
_TELL_ME = re.compile(r"(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:(?:please|pls|just)\s+)?(?:tell|show)\s+(?:me|us)\s+",
                      _I)


def _question_clauses(text: str, start: int, end: int, passage: str,
                      ) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Three or four questions making up a one-line request that names no text, each opening as a question in the
    languages users write (a question word, maybe after a preposition, or a yes/no question) or holding a Korean
    question word, after a lead ending in a colon ("quick qs: can I carry over unused days, do I need a doctor's
    note for 2 sick days, and who approves unpaid leave?", "휴관 기간이 언제야, 반납 기한은 어떻게 돼, ..."): beside a
    passage that asks nothing and is no story of the asker's own, they are its questions."""
    if "\n" in text[start:end].strip() or "?" in passage:
        return None
    colon = max(text.rfind(":", start, end), text.rfind("：", start, end))
    first = colon + 1 if colon >= 0 else start
    opening = first + len(text[first:end]) - len(text[first:end].lstrip())
    if _OPENS_A_QUESTION.match(text, opening) is None and _KO_QUESTION_WORD.search(text, opening, end) is None:
        return None  # (the first clause asks: most requests open otherwise, and are not cut)
    items, spans = _split(text, first, end, _CLAUSE_SEPARATOR)
    if not 3 <= len(items) <= 4 or not all(_OPENS_A_QUESTION.match(item) or _KO_QUESTION_WORD.search(item)
                                           for item in items):
        return None
    # (the passage read last: it is the longest part)
    return (items, spans) if _independent(items, _CLAUSE_WORDS) and ASKERS_OWN.search(passage) is None else None


# Clauses are cut by commas, semicolons and the "and" of the languages users write (`LIST_JOINING_WORDS`).
_AND_WORDS = "|".join(LIST_JOINING_WORDS)
_CLAUSE_SEPARATOR = re.compile(r"(?:(?<!\s)\s+)?[,;]\s*(?:(?:" + _AND_WORDS + r")\s+)?(?:also\s+)?|(?<!\s)\s+(?:"
                               + _AND_WORDS + r")\s+(?:also\s+)?", _I)
# (a preposition may lead the question word: "by when", "bis wann", "a qué hora", "à quelle heure", "até quando")
_OPENS_A_QUESTION = re.compile(r"(?:(?:by|until|till|for|in|at|from|to|with|bis|ab|seit|um|für|hasta|desde|para|a|de|"
                               r"à|jusqu['’]à|depuis|pour|fino\s+a|da|per|di|até|em)\s+)?"
                               + trie_alternation(QUESTION_OPENERS) + r"\b(?!-)|" + _YES_NO_START.pattern, _I)
_KO_QUESTION_WORD = re.compile(r"언제|어떻게|몇|며칠|무엇|뭐|어디|누구|누가|왜|얼마|어느")


def _named_text(text: str, start: int, end: int, found: Probe | None) -> re.Match[str] | None:
    """`_NAMED_TEXT.search(text, start, end)` (`found`: the prompt's probe, when the caller has it): the earlier match
    of its two parts, the text-word one on a tie (it comes first in the alternation). The text word a match of the
    first part ends with is a whole word of the prompt's lowercase, unless a case stranger stands for one of its
    letters ("paſſage") or the window ends inside a word ("text" of "textbook" cut at `end`)."""
    by_word = _NAMED_BY_WORD_REGEX.search(text, start, end) if found is None or found.strangers or not (
        found.words.isdisjoint(_TEXT_WORD_SET)) or (end < len(text) and (text[end].isalnum() or text[end] == "_")) \
        else None
    by_pointer = _NAMED_BY_POINTER_REGEX.search(text, start, end, found=found)
    if by_pointer is not None and (by_word is None or by_pointer.start() < by_word.start()):
        return by_pointer
    return by_word


def _request_and_passage(text: str, found: Probe | None) -> tuple[tuple[int, int], tuple[int, str], bool] | None:
    """((start, end) of the request, (start, text) of the passage, whether the passage is set apart by a label or
    quotes, which names it as a text to read): the instruction region, with a passage after it (the region opens the
    text) or before it (the region is the last paragraph: "<passage>\n\nBased on the text above, tell me ...",
    "Article: <passage>\n\nTell me ..."), or a quoted passage opening the text (maybe after a few words naming it:
    "in the paragraph \"...\" why ..."). A lead quoting the text ("the sign says:") or a first paragraph too long for
    a request leaves the request to the last paragraph."""
    named_quote = _NAMED_OPENING_QUOTE.match(text)
    if named_quote is not None and "\n" not in text[named_quote.end():].strip():
        return _checked(text, (named_quote.end(), len(text)), named_quote.start(1), named_quote.end(1), True)
    start, end = instruction_region(text)
    if start == 0 and end == len(text):
        quoted = _OPENING_QUOTE.match(text)
        if quoted is not None:
            return _checked(text, (quoted.end(), end), quoted.start(1), quoted.end(1), True)
        return (_short_passage_after(text) if "\n" in text else None) or _glued_passage(text, found)
    if start == 0:
        quoted = _quoted_between(text, end)
        if quoted is not None:
            return quoted
        opening = end + len(text[end:]) - len(text[end:].lstrip())
        last = last_paragraph(text)
        if not (last is not None and last > opening and _asks_of_the_text_above(text, last, end)):
            label_end = after_label(text, opening)  # "<request>\nText: <passage>": past its label
            split = _checked(text, (start, end), label_end, len(text), label_end > opening)
            if split is not None or not weighs(text[:end], _INSTRUCTION_WEIGHT + 1):
                return split
        # (a first paragraph too long for a request is the passage, the last paragraph the request: "<a returns
        # policy> based on this, how long do i have ...; do they pay ..."; so is a first paragraph asking nothing
        # when the last one points back at the text: "<two paragraphs about bees>\n\nBased on the text above, tell
        # me why ...")
        start, end = last or 0, len(text)
        if start < opening:
            return None
    if end == len(text):
        opening = len(text) - len(text.lstrip())
        label_end = after_label(text, opening)
        return _checked(text, (start, end), label_end, start, label_end > opening)
    return None


# The last paragraph pointing back at the text before it as what it asks about ("based on the text above", "according
# to this", "from the article above").
_TEXT_ABOVE = re.compile(r"\b(?:based\s+on|according\s+to|from|in|using)\s+(?:this|that|the\s+above|(?:the|this)\s+"
                          r"(?:[\w-]+\s+){0,2}?" + _TEXT_WORD + r"(?:\s+above)?)\b", _I)
_TEXT_ABOVE_REACH = 120  # the pointer opens the last paragraph's request


def _asks_of_the_text_above(text: str, last: int, first_end: int) -> bool:
    """Whether the last paragraph opens by pointing back at the text before it while the first paragraph asks nothing
    (no "?"): then the first paragraph is the text's start, not the request."""
    return "?" not in text[:first_end] and _TEXT_ABOVE.search(text, last, last + _TEXT_ABOVE_REACH) is not None


# A lead quoting a text it was given ("the sign says:", "our bylaws say this:", "the email reads:"): the passage after
# it is set apart as a text to read, as a label sets it apart.
_QUOTING_VERBS = ("says", "say", "said", "reads", "states", "stated", "writes", "wrote")
_QUOTING_LEAD = re.compile(
    r"\b(?:" + "|".join(_QUOTING_VERBS) + r")(?:\s+(?:this|the\s+following))?\s*[:：]?$", _I)
_QUOTING_ENDS = (":", "：", *_QUOTING_VERBS)  # (what every lead `_QUOTING_LEAD` matches ends with: a pre-test)
_QUOTING_REACH = 30  # "says the following:", "reads this:"
# A lead presenting a text it was given by its name ("heres the email my landlord sent out", "This is the return
# policy of a store I bought a jacket from:"): the text after it is set apart, as after a quoting lead.
_PRESENTING_LEAD = re.compile(r"(?:(?:ok(?:ay)?|so|hi|hey)[\s,]+)*(?:here['’]?s|here\s+is|this\s+is)\s+(?:the|a|an|my|"
                              r"our)\s+(?:[\w'’-]+\s+){0,2}?" + _TEXT_WORD, _I)
_PRESENTING_CHARS = 120  # a line, not a paragraph of the asker's own


def _quoted_between(text: str, lead_end: int) -> tuple[tuple[int, int], tuple[int, str], bool] | None:
    """A lead quoting or presenting a text, the text, and the request as the last paragraph ("the sign says:\n\n<the
    sign>\n\nhow old is it, how did they find it, ...", "ok so heres the email my landlord sent out\n\n<the email>\n\n
    can u tell me when they're coming, what i need to move ..."): the request is the last paragraph, not the lead
    (which asks nothing)."""
    lead = text[:lead_end].rstrip()
    if not (lead.lower().endswith(_QUOTING_ENDS) and _QUOTING_LEAD.search(lead, max(0, len(lead) - _QUOTING_REACH))
            or len(lead) <= _PRESENTING_CHARS and "?" not in lead and _PRESENTING_LEAD.match(lead)):
        return None  # (a colon may end the lead, or a blank line: "got prescribed these, leaflet says\n\n<...>")
    last = last_paragraph(text)
    if last is None or last <= lead_end:
        return None
    return _checked(text, (last, len(text.rstrip())), lead_end, last, True)


def _short_passage_after(text: str) -> tuple[tuple[int, int], tuple[int, str], bool] | None:
    """A text shorter than a plain paragraph after the request's first paragraph ("Based on the text below, what is
    the main topic, who is the author, and when was it published?\n\nText: <two sentences>"): set apart by its label,
    or named by the request (`from_asked_of_text` checks the name)."""
    split = passage_after_request(text)
    if split is None:
        return None
    opening = split + len(text[split:]) - len(text[split:].lstrip())
    label_end = after_label(text, opening)
    return _checked(text, (0, split), label_end, len(text), label_end > opening, SHORT_PASSAGE)


def _checked(text: str, request: tuple[int, int], passage_start: int, passage_end: int, set_apart: bool,
             weight: int = _PASSAGE_WEIGHT) -> tuple[tuple[int, int], tuple[int, str], bool] | None:
    """The split, when the request is at most 400 characters and the passage (stripped) as heavy as `weight` (a plain
    paragraph's 150 unless a label sets it apart: then `SHORT_PASSAGE`)."""
    passage = text[passage_start:passage_end].strip()
    if not weighs(passage, SHORT_PASSAGE if set_apart else weight) or weighs(text[request[0]:request[1]],
                                                                               _INSTRUCTION_WEIGHT + 1):
        return None
    return request, (text.index(passage, passage_start), passage), set_apart


def _glued_passage(text: str, found: Probe | None) -> tuple[tuple[int, int], tuple[int, str], bool] | None:
    """A text with the questions about it in the same paragraph, the first naming it ("<a poem's lines>, what does
    this poem tell about life? which style is it?"): the passage ends at the comma or full stop before that clause,
    and is no words of the asker's own."""
    named = _THIS_TEXT.search(text, found=found)
    if named is None:
        return None
    cut = max(text.rfind(mark, 0, named.start()) for mark in ",.;:\n")
    passage = text[:cut].strip()
    if cut < 0 or not weighs(passage, _GLUED_WEIGHT) or weighs(text[cut:], _INSTRUCTION_WEIGHT + 1) \
            or _THE_ASKER.search(passage):
        return None
    return (cut + 1, len(text)), (text.find(passage), passage), False


def _phrases_asked(text: str, after: int, end: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 short phrases that one request after the text's name asks for: the objects of "tell me", "what is"
    ("tell me its main hub and when it was founded"), else wh-clauses that each open with their question word
    ("what destroyed the wheel, and who runs the museum")."""
    asked = _ASKS.search(text, after, end)
    clauses = asked is None or asked.group("wh") is not None
    if asked is not None:
        split = _split_sentence(text, asked.end(), end, _ITEM_WORDS)
        if split is not None and not (clauses and _WH_START.match(split[0][1])):
            return _shared_head(*split)
    wh_start: int | None
    if asked is not None and clauses:
        wh_start = asked.start("wh")
        earlier = _WH_ASK.search(text, after, wh_start)
        from_first = _wh_clauses(_split_sentence(text, earlier.start(1), end, _CLAUSE_WORDS)) if earlier else None
        if from_first is not None:
            return from_first  # "why did she move, what was it named after, and who ...": from the first clause
    elif asked is not None and _WH_START.match(text, asked.end()):
        wh_start = asked.end()  # "tell me who is sorting out the trough, why ... and whether ...": its clauses
    else:
        opened = _wh_clauses(_split_sentence(text, after, end, _CLAUSE_WORDS)) if _WH_START.match(text, after) else None
        if opened is not None and len(opened[0]) >= _OPENED_CLAUSES:
            return opened  # (the request opens with its clauses: "in the paragraph \"...\" why is she upset, where ...")
        wh = _WH_ASK.search(text, after, end)
        wh_start = wh.start(1) if wh else None
    return (_wh_clauses(_split_sentence(text, wh_start, end, _CLAUSE_WORDS) if wh_start is not None else None)
            or _clauses_told_abroad(text, after, end))


_OPENED_CLAUSES = 3  # clauses opening right after a quoted text: two are often one question and a plea ("How do you
# use X, can you explain in detail")


def _clauses_told_abroad(text: str, after: int, end: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 wh-clauses after "tell me" in the languages users write, each opening with a question word ("lê esse
    texto aí e me fala quem fundou a cafeteria, quantos funcionários ela tem e pra onde vai o dinheiro", "dime quién
    lo escribió y cuándo salió"), cut by commas and their "and"."""
    tell = _TELL_ABROAD.search(text, after, end)
    if tell is None or _WH_ABROAD.match(text, tell.end()) is None or _OPINION_OR_TASK_ABROAD.search(text, after, end):
        return None  # ("dime qué opinas y cómo mejorarlo": the answerer's view and a task on the text, no facts of it)
    sentence_end = _SENTENCE_END.search(text, tell.end(), end)
    items, spans = _split(text, tell.end(), sentence_end.start() if sentence_end else len(text[:end].rstrip(" :")),
                          _CLAUSE_SEPARATOR)
    if not 2 <= len(items) <= 4 or not _independent(items, _CLAUSE_WORDS) or not all(map(_WH_ABROAD.match, items)):
        return None
    return items, spans


# "Tell me" in the languages users write, and the question words that open its clauses there (only those that open
# no other clause: not "que", "como", "wo", "qui", whose clauses are relative or comparing as often).
_TELL_ABROAD = re.compile(r"(?<![^\W\d_])(?:me\s+(?:fala|fale|diz|diga|conta|conte)|diz-me|dime|d[ií]game|cu[ée]ntame|"
                          r"dis-moi|dites-moi|sag\s+mir|sagen\s+sie\s+mir|dimmi|mi\s+dica|скажи(?:те)?(?:\s+мне)?)\s+",
                          _I)
# What asks the answerer's view or a task on the text rather than facts it holds (`_OTHER_TASK`'s part abroad).
_OPINION_OR_TASK_ABROAD = re.compile(
    r"opin|piens|acha|pens[ae]|denk|meinung|mejor|melhor|amélior|verbesser|miglior|corrig|correg|traduz|traduc|"
    r"übersetz|resum|résum|zusammenfass|riassum|reescr|réécri|umschreib|riscriv", _I)
_WH_ABROAD = re.compile(r"(?:(?:até|desde|a|de|bis|ab|à|hasta|fino\s+a|da)\s+)?"  # ("até que horas", "bis wann")
                        r"(?:quem|quando|onde|quant[oa]s?|o\s+que|que\s+(?:horas?|dias?)|pra\s+onde|para\s+onde|"
                        r"por\s+que|qual|quais|"
                        r"qui[ée]n(?:es)?|cu[aá]ndo|d[oó]nde|cu[aá]nt[oa]s?|qué|por\s+qu[ée]|cómo|cu[aá]l(?:es)?|"
                        r"quand|où|combien|pourquoi|quel(?:le)?s?|wer|wann|wie\s+viele?|warum|welche[rsnm]?|"
                        r"chi|dove|quant[ie]|perch[ée]|cosa|кто|когда|где|сколько|почему|зачем|что|как(?:ой|ая|ие))"
                        r"(?![^\W\d_])", _I)


def _wh_clauses(asked: tuple[list[str], list[tuple[int, int]]] | None,
                ) -> tuple[list[str], list[tuple[int, int]]] | None:
    """`asked` when its items are clauses, the first opened by a question word, the later ones by one or as yes/no
    questions: before a text's name, phrases ("some pros and cons of investing in this company:") are no things
    asked about it."""
    if asked is None or not _WH_START.match(asked[0][0]) or not all(
            _WH_START.match(item) or _YES_NO_START.match(item) for item in asked[0][1:]):
        return None
    return asked


def _split_sentence(text: str, start: int, end: int, words: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 independent pieces of at most `words` words of the sentence from `start`."""
    sentence_end = _SENTENCE_END.search(text, start, end)
    items, spans = _split(text, start, sentence_end.start() if sentence_end else len(text[:end].rstrip(" :")))
    return (items, spans) if 2 <= len(items) <= 4 and _independent(items, words) else None


def _questions_asked(text: str, name: tuple[int, int], start: int, end: int,
                     ) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The 2-4 questions of the request from the sentence naming the text on ("Given this paragraph, who built the
    mill? What is it used for now?": the first from after the comma that closes the naming words; "What is the main
    idea of this text?" whole), none opened by a connector ("Or ...", "If so, ...") that continues the one before nor
    pointing back at an earlier answer ("What floor is below that?")."""
    sentence_start = max(start, *(text.rfind(mark, 0, name[0]) + 1 for mark in ".?!\n"))
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for question in _questions(text, sentence_start, end):
        comma = text.find(",", name[1], question.end()) if question.start() < name[1] else -1
        marker = _QUESTION_MARKER.match(text, comma + 1 if comma >= 0 else question.start())
        assert marker is not None  # every part of it is optional
        item_start = marker.end()
        item = text[item_start:question.end()].strip()
        if QUESTION_CONNECTORS.match(item) or not 3 <= len(item.split()) <= _QUESTION_WORDS or (
                items and _POINTS_BACK.search(item)):
            return None
        offset = text.index(item, item_start)
        items.append(item)
        spans.append((offset, offset + len(item)))
    return (items, spans) if 2 <= len(items) <= 4 else None


def _questions(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of `_QUESTION.finditer(text, start, end)`, each stretch read once: the first try at `start` (which
    may be inside a stretch), then only where a stretch starts (the stretch around `start`, when it ends in no "?",
    holds no match from any of its positions)."""
    first = _QUESTION.match(text, start, end)
    if first is not None:
        yield first
        start = first.end()
    yield from _QUESTION_AT_START.finditer(text, start, end)


def _split(text: str, start: int, end: int, separators: re.Pattern[str] = _SEPARATOR,
           ) -> tuple[list[str], list[tuple[int, int]]]:
    """The pieces of text[start:end] between commas and "and" (empty ones dropped), and their spans."""
    spans = pieces_between(text, start, end, separators, " ,:\"'")
    return [text[a:b] for a, b in spans], spans


def _independent(items: list[str], words: int) -> bool:
    """Short phrases, none opening with a verb of another task ("summarise it and translate it") or comparing, not
    one yes/no question (`_ONE_ASKED`), no later one a bare question word ("and why") or pointing back with a pronoun
    the first does not share ("its hub and when it was founded" share the text's subject; "their first record and
    when was it released" asks about the record)."""
    if any(len(item.split()) > words or item.split()[0].casefold() in _STARTS or _COMPARED.search(item)
           for item in items) or _ONE_ASKED.match(items[0]) or any(
            _BARE_WH.fullmatch(item) or _POINTS_BACK.search(item) for item in items[1:]):
        return False
    return len(items) > 2 or not any(family.search(item) and not family.search(items[0])
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


# -- a passage and its questions in any layout (the reading rules' last resort) --------------------------------------
# A question's number at its line's start ("1.", "b)", "(ii)", "Q3:", "問2"), taken off the item.
_MARKER = r"(?:\(?(?:\d{1,2}|[a-hA-H]|i{1,3}|iv|vi{0,3}|ix)[.)）:：]|Q\s*\d{0,2}\s*[.:：)]|問\s*\d{1,2})"
_LINE_MARKER = re.compile(r"[ \t]*" + _MARKER + r"[ \t　]*")
_MARKED_LINE = re.compile(r"\n[ \t]*" + _MARKER)  # (led by a line break: the engine skips to them)
_MARKED_LINES_READ = 64  # (a long list of numbered lines is data, not a few questions: its first ones tell)
# What opens a question asked without its mark: a question word or an exam's imperative ("Name the organelle ...",
# "Explain why ..."), in the languages users mix in.
_QUESTION_OPENING = re.compile(
    r"(?:what|whats|when|where|who|whom|whose|which|why|how|name|explain|describe|state|identify|define|give|find|"
    r"outline|"
    r"qui|que|quoi|quand|où|comment|pourquoi|combien|quel|quelle|quels|quelles|est-ce|"
    r"qué|quién|cuándo|dónde|cómo|cuál|cuánto|cuánta|cuántos|cuántas|cuanto|cuanta|cuantos|cuantas|donde|cuando|"
    r"was|wer|wann|wo|wie|warum|welche|welcher|welches|darf|kann|muss|"
    r"che|chi|quando|dove|come|perché|quale|quanto|quem|onde|qual|quanta|quantos)\b", _I)
_QUESTION_LINE_CHARS = 300  # a longer line is prose, whatever it ends with
_QUESTION_LINE_WORDS = 35
_MIN_QUESTION_WORDS = 3
_READ_PASSAGE = 200  # the text the questions are about: a paragraph at least
_MAX_QUESTIONS = 8
_HEADER_CHARS = 60  # a line between the questions that heads them ("Questions:", "Answer in full sentences.")
_HEAD_PARAGRAPH = 200  # a first paragraph this short before the passage is the request, not the passage's


def _question_units(line: str) -> list[tuple[int, int]] | None:
    """The questions a numbered line asks ("2. how old is it", "(b) Explain why ...", "Q3: Who ...?"), as spans in it
    (its marker left out; a line asking several "?"-ended ones gives each), or None for a line that asks none: one
    ending in a question mark, or opening with a question word or an exam's imperative, of a question's length.
    Unnumbered questions are the other reading rules' (in real prompts, lines opening so without a number were a
    text's own: rules, code, options)."""
    marker = _LINE_MARKER.match(line)
    if marker is None:
        return None
    start, end = marker.end(), len(line.rstrip())
    if line[end - 1:end] in (")", "]") and (points := POINTS_AFTER.search(line, start, end)) is not None:
        end = points.start()  # ("... support? [2 marks]")
    if start >= end or end - start > _QUESTION_LINE_CHARS or len(line.split()) > _QUESTION_LINE_WORDS + 1 \
            or _CODE_MARKS.search(line, start) is not None:
        return None  # (code asked about, "is enum { a } e = 1; valid?", is no question of its own)
    if line[end - 1] in "?？؟":
        units, position = [], start
        for mark in re.finditer(r"[?？؟]", line[:end]):
            piece_start = position + len(line[position:mark.end()]) - len(line[position:mark.end()].lstrip())
            units.append((piece_start, mark.end()))
            position = mark.end()
        return units if all(line[a:b].strip() for a, b in units) else None
    if _QUESTION_OPENING.match(line, start) is not None and not any(map(line.__contains__, "?？؟")):
        return [(start, end)]  # (without its mark, a question is numbered: "2. how old is it", "(b) Explain why ...")
    return None


_CODE_MARKS = re.compile(r"[=;{}<>]")


def from_passage_and_questions(text: str) -> Decomposition | None:
    """A passage and the numbered questions about it, however they are laid out: one question a line (with or
    without its question mark, any number or letter) before or after the passage, beside a short request. The passage
    is the longest run of lines asking nothing; the questions, the lines asking something on one side of it, with no
    other line between them but a short header. Two questions need the request to name the text (or a label, or
    quotes); three or more, a passage that does not speak as the asker. Why: the list rules read a list's markers in
    sequence of one family and its items as questions by their marks; exam sheets number questions without marks
    ("i. Name the organelle ...") or in families they do not read."""
    if not _asks_on_two_numbered_lines(text):
        return None  # (most prompts have none)
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    asked = [_question_units(text[start:end]) for start, end in lines]
    # the passage: the longest run of lines asking nothing (blank lines inside it)
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for index, units in enumerate([*asked, [(0, 0)]]):
        if units:
            if run_start is not None and (best is None or _span_length(lines, run_start, index) > _span_length(
                    lines, *best)):
                best = (run_start, index)
            run_start = None
        elif run_start is None:
            run_start = index
    if best is None:
        return None
    first, last = best
    passage_start, passage_end = lines[first][0], lines[last - 1][1]
    opening = BLANK_LINE.search(text, passage_start, passage_end)
    if opening is not None and not weighs(text[passage_start:opening.start()], _HEAD_PARAGRAPH) \
            and weighs(text[opening.end():passage_end].strip(), _READ_PASSAGE):
        passage_start = opening.end()  # (a short first paragraph is the request: "Read the passage and answer ...")
        first = next(index for index, (start, _) in enumerate(lines) if start >= passage_start)
    passage = text[passage_start:passage_end].strip()
    if not weighs(passage, _READ_PASSAGE) or passage.endswith((":", "：")) and last < len(lines):
        return None  # (a paragraph ending in a colon before the questions introduces them: "... with these questions:")
    before, after = range(0, first), range(last, len(lines))
    sides = [side for side in (before, after) if any(asked[index] for index in side)]
    if len(sides) != 1:
        return None  # (questions on both sides: the passage's own lines, or two sets of things)
    side = sides[0]
    asking = [index for index in side if asked[index]]
    between = [index for index in range(asking[0], asking[-1] + 1)
               if not asked[index] and text[slice(*lines[index])].strip()]
    if any(len(text[slice(*lines[index])].strip()) > _HEADER_CHARS for index in between):
        return None  # (a statement between them: the questions are no one block)
    spans = [(lines[index][0] + a, lines[index][0] + b) for index in asking for a, b in asked[index]]
    items = [text[a:b].strip() for a, b in spans]
    if not 2 <= len(items) <= _MAX_QUESTIONS or any(
            len(item.split()) < _MIN_QUESTION_WORDS and not CJK_CHAR.search(item) for item in items):
        return None
    if any(QUESTION_CONNECTORS.match(item) or _POINTS_BACK.search(item) for item in items[1:]):
        return None  # (a question going on from the one before)
    instruction = "\n".join(text[slice(*lines[index])] for index in side if index < asking[0] or index > asking[-1])
    instruction = "\n".join(part for part in (
        instruction, "\n".join(text[slice(*lines[index])] for index in (after if side is before else before)))
        if part.strip()).strip()
    if weighs(instruction, _INSTRUCTION_WEIGHT + 1) or _OTHER_TASK.search(instruction) or _COMPARED.search(
            instruction):
        return None
    named = (_NAMED_TEXT.search(instruction) or named_by_place(instruction, 0, len(instruction))
             or named_abroad(instruction) or after_label(text, passage_start) > passage_start
             or passage[:1] in "\"“«")
    if not named and (len(items) < 3 or _THE_ASKER.search(passage) or "?" in passage):
        return None
    reasons = [Reason("questions.multiple", f"{len(items)} questions about the passage beside them",
                      (spans[0][0], spans[-1][1])),
               Reason("passage.context", "the passage the questions ask about becomes the context",
                      (passage_start, passage_start + len(passage)))]
    return Decomposition("Reading Comprehension", join_template("{context}", instruction, "{data}"), reasons,
                         data=items, context=passage)


def _asks_on_two_numbered_lines(text: str) -> bool:
    """Whether two of the text's first `_MARKED_LINES_READ` numbered lines ask something (`_question_units`)."""
    starts = chain([0] if _LINE_MARKER.match(text) is not None else [],
                   (line.start() + 1 for line in islice(_MARKED_LINE.finditer(text), _MARKED_LINES_READ)))
    asking = (start for start in starts if _question_units(text[start:end_of_line(text, start)]))
    return sum(1 for _ in islice(asking, 2)) == 2


def _span_length(lines: list[tuple[int, int]], first: int, last: int) -> int:
    """The characters of lines[first:last], from the first one's start to the last one's end."""
    return lines[last - 1][1] - lines[first][0]
