"""Quizzes: several multiple-choice questions, each with its own lettered options ("39 ... is an example of:\\na.
...\\nb. ...\\n\\n40 Which of the following ...?\\na. ..."). Each question with its options is one item, answered on
its own (Question Answering; a long passage before them makes Reading Comprehension). One question with options
is one task (`single_task.answer_options`); an outline's lettered sub-points under its headings are not options:
most stems must read as questions."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.matching import LiteralLed
from studio.curation.rules.base import BLANK_LINE, MAX_BRANCHES, Decomposition, join_template, weighs
from studio.curation.rules.lists import ListBlock
from studio.curation.rules.passages import find_passage

_MAX_OPTIONS = 8
_OPTION_WEIGHT = 300  # an option is a short answer, not a paragraph
_STEM_WEIGHT = 2000
_PASSAGE_WEIGHT = 400  # a statement this long before the first question (not about the quiz) is their passage
# What a question stem reads like: it ends in "?", ":" or a blank to fill, or asks with a question word.
_STEM_END = re.compile(r"(?:[?？:：]|_{2,}|\\_(?:\\_)+)[\s*\\\"'”)]*$")
_QUESTION_WORD = re.compile(r"\b(?:which|what|how|why|when|where|who|whom|whose|fill in|true or false)\b",
                            re.IGNORECASE)
# ... or it is a sentence to complete ("A non-clinical benefit of an EHR is", "... is best described as").
_TO_COMPLETE = re.compile(r"\b(?:is|are|was|were|be|of|to|as|by|that|the|an?|for|about|on|in|with|from|than|means|because)[\s*\\]*$",
                          re.IGNORECASE)
# A heading's sub-points and bullets: an outline, not the text of a question.
_OUTLINE_LINE = re.compile(r"\n[ \t]*(?:[-•*o●▪◦\uf0a7\uf076]|[IVX]{1,4}\.)[ \t]")
_STEM_MIN_WORDS = 4  # "Las Neuronas:" heads an outline's points; a question takes more words
# A question's label before its number ("Q", "Question #", "Pertanyaan").
# (Here and below, a run of whitespace or marks before a token none of its characters starts is possessive: giving
# characters back finds nothing new, and a long run was read once per character of it, in quadratic time.)
_QUESTION_LABEL = r"(?:Q|Question|Pertanyaan|Pregunta|Frage)\s*+#?\s*+"
# The number, label or bold marks before a stem ("40 ", "23. ", "Question 2 (1 point)", "**"): not the question's.
_STEM_LEAD = re.compile(
    r"(?:[*\\#\s]|" + _QUESTION_LABEL + r"\d{1,3}\b(?:\s*\(\d+\s*points?\))?[.):]?"
    r"|\d{1,3}(?:[.):]|(?=\s)))*", re.IGNORECASE)
# A line before the first question that introduces the quiz rather than asks ("Check the answers of the quiz below").
_QUIZ_INTRO = re.compile(r"\b(?:quiz\w*|questions|answers|exam|test)\b", re.IGNORECASE)
# A line opening with a question's number ("8. The word ...", "Question 2 (1 point)"): where a later question starts
# even when the options before it wrap onto more lines.
_NUMBERED_LINE = re.compile(
    r"\n[ \t*\\#]*(?:" + _QUESTION_LABEL + r"\d{1,3}(?:[.):]|[ \t]|(?=\n))|\d{1,3}(?:[.):]|[ \t]))", re.IGNORECASE)
_OPTION_LINE = re.compile(r"[ \t]*\(?[a-hA-H][.)][ \t]+\S[^\n]*")


def option_blocks(blocks: list[ListBlock]) -> list[ListBlock]:
    """The lettered blocks that can be a question's options: a few short lines, lettered from "a"."""
    return [block for block in blocks if block.kind == "letter" and 2 <= len(block.items) <= _MAX_OPTIONS
            and not any(weighs(item, _OPTION_WEIGHT) for item in block.items)]


def from_quiz(text: str, options: list[ListBlock]) -> Decomposition | None:
    """Two or more questions, each followed by its lettered options: one item per question with its options."""
    if not 2 <= len(options) <= MAX_BRANCHES:
        return None
    first = _first_stem(text, options[0].start)
    if first is None:
        return None
    starts = [first] + [_stem_start(text, previous.end, block.start) for previous, block in zip(options, options[1:])]
    if any(start is None for start in starts):
        return None
    stem_starts = [start for start in starts if start is not None]
    stems = [text[start:block.start].strip() for start, block in zip(stem_starts, options)]
    if any(not stem or weighs(stem, _STEM_WEIGHT) or _OUTLINE_LINE.search(stem) for stem in stems):
        return None
    if sum(map(_asks, stems)) * 3 < len(stems) * 2:
        return None  # lettered points under headings: an outline, not a quiz
    ends = [_item_end(text, stem_starts[index + 1]) for index in range(len(stem_starts) - 1)]
    ends.append(_options_end(text, options[-1].end))
    items = [text[start:end] for start, end in zip(stem_starts, ends)]
    reasons = [Reason("list.quiz", f"{len(items)} questions, each with its own lettered options",
                      (stem_starts[0], ends[-1]))]
    # (the first stem's number or label stays out of the text before it)
    before, after = text[:_item_end(text, stem_starts[0])].strip(), text[ends[-1]:].strip()
    passage = _passage_before(before)
    if passage is None:
        return Decomposition("Question Answering", join_template(before, "{data}", after), reasons, data=items)
    context, instruction, local = passage
    start = text.find(before) + local
    reasons.append(Reason("passage.context", "the passage before the questions becomes the context",
                          (start, start + len(context))))
    return Decomposition("Reading Comprehension", join_template("{context}", instruction, after, "{data}"),
                         reasons, data=items, context=context)


def _passage_before(before: str) -> tuple[str, str, int] | None:
    """(passage, instruction, the passage's offset in `before`) when the text before a quiz is its passage: one
    `find_passage` finds ("Read the following passage ...: “<story>”\nQuestions:", a story may ask), or the whole
    text before, long, asking nothing and not introducing a quiz."""
    found = find_passage(before, "")
    if found is not None:
        context, instruction, local, _ = found
        return context, instruction, local
    if weighs(before, _PASSAGE_WEIGHT) and "?" not in before and not _QUIZ_INTRO.search(before):
        return before, "", 0
    return None


def _asks(stem: str) -> bool:
    """The stem reads as a question: it asks, ends in "?", ":" or a blank, or is a sentence to complete."""
    if len(stem.split()) < _STEM_MIN_WORDS:
        return False
    return bool(_STEM_END.search(stem) or _QUESTION_WORD.search(stem) or _TO_COMPLETE.search(stem))


def _first_stem(text: str, options_start: int) -> int | None:
    """Where the first question starts: its paragraph, without a line before it that introduces the quiz."""
    paragraph = 0
    for blank in BLANK_LINE.finditer(text, max(0, options_start - _STEM_WEIGHT), options_start):
        if text[blank.end():options_start].strip():
            paragraph = blank.end()
    line_end = text.find("\n", paragraph, options_start)
    if line_end >= 0 and text[line_end:options_start].strip() and _QUIZ_INTRO.search(text, paragraph, line_end):
        paragraph = line_end + 1
    for numbered in _NUMBERED_LINE.finditer(text, paragraph, options_start):  # "...the end of a story.\nQuestions:
        paragraph = numbered.start() + 1  # \n1. The narrator was ...": the first question starts at its number
    return _skip_lead(text, paragraph, options_start)


def _stem_start(text: str, previous_end: int, options_start: int) -> int | None:
    """Where a later question starts: after the previous question's trailing options and answer, i.e. at its last
    paragraph when a blank line separates them."""
    start = previous_end
    for numbered in _NUMBERED_LINE.finditer(text, previous_end, options_start):
        start = numbered.start() + 1
    if start == previous_end:
        for blank in BLANK_LINE.finditer(text, previous_end, options_start):
            if text[blank.end():options_start].strip():
                start = blank.end()
    return _skip_lead(text, start, options_start)


def _skip_lead(text: str, start: int, end: int) -> int | None:
    """`start` past the number, label or bold marks that open a stem; None when nothing is left of it."""
    lead = _STEM_LEAD.match(text, start, end)
    position = lead.end() if lead else start
    return position if text[position:end].strip() else None


def _item_end(text: str, next_stem: int) -> int:
    """A question's item ends where the next one's lead starts (its trailing options and answer line included; a
    label line of its own before the next stem is the next one's lead)."""
    line_start = text.rfind("\n", 0, next_stem) + 1
    end = len(text[:line_start].rstrip())
    label = _LABEL_LINE.match(text, text.rfind("\n", 0, end))  # "question 2" on a line of its own before the stem
    return len(text[:label.start()].rstrip()) if label is not None and label.end() == end else end


def _options_end(text: str, end: int) -> int:
    """The last question's options may go on after a blank line ("a. ...\\nb. ...\\n\\nc. ...\\nd. ...")."""
    while True:
        line_start = end
        while line_start < len(text) and text[line_start] in "\n\r \t":
            line_start += 1
        option = _OPTION_LINE.match(text, line_start)
        if option is None or line_start == end:
            return end
        end = option.end()


# Every character a label can start with, case folded (a plain set the engine tests at each line break before the
# optional number line and the case-folded labels).
_LABEL_FIRSTS = "FPQfpq"
# A line holding only a question's label and number ("Pertanyaan #2", "Question 3 (1 point)"), optionally after a
# line holding only the number ("2."): a quiz pasted from a course page, whose options are plain lines.
_LABEL_LINE = re.compile(r"\n[ \t*#]*+(?=[\d" + _LABEL_FIRSTS + r"])(?:\d{1,3}\.[ \t]*+\n[ \t*#]*+)?" + _QUESTION_LABEL
                         + r"(\d{1,3})[ \t]*+(?:\(\d+\s*+(?:points?|poin)\))?[ \t*]*(?=\n)", re.IGNORECASE)
# "Question 1 options:": the options of the first question, whose stem opens the prompt without its label.
_FIRST_OPTIONS = re.compile(r"\n[ \t*]*+(?:Q|Question)\s*+#?\s*+1[ \t]++options?[ \t]*+:", re.IGNORECASE)
# (lower case: the label regex ignores case, so "question 2" and "PREGUNTA 2" label too; every label holds one)
_LABEL_HINT = ("pertanyaan", "pregunta", "frage", "q")
# In a lowercase ASCII text every label line also holds a label and its number: most texts hold a "q" somewhere,
# few this (a search led by three letters, where the line scan copies the text and tries every line break).
# `(?:q|question|pertanyaan|pregunta|frage)\s*+#?\s*+\d`, searched from its literal starts, "q" standing for "question"
# too: `LiteralLed` (as one regex, the engine tried every "p" and "f").
_LABEL_AND_NUMBER = LiteralLed([("q", r"(?:uestion)?\s*+#?\s*+\d"), *((word, r"\s*+#?\s*+\d") for word in (
    "pertanyaan", "pregunta", "frage"))])


def from_labelled_questions(text: str, lowered: str) -> Decomposition | None:
    """Questions each under a line of its own that labels and numbers it, 1, 2, 3 ... in order ("1.\\nPertanyaan
    #1\\nWhat practice ...?\\n\\n1 poin\\n\\nContext\\nAnalytical thinking ..."): one item per question with whatever
    follows it (points, options) up to the next label. The text before the first label is the instruction
    (`lowered`: the text in lower case, the prompt's probe's)."""
    if not (_LABEL_AND_NUMBER.search(lowered) if lowered.isascii() else any(hint in lowered for hint in _LABEL_HINT)):
        return None
    labels: list[re.Match[str]] = []
    first = 1
    for label in _LABEL_LINE.finditer("\n" + text):
        if not labels and int(label.group(1)) == 2 and _FIRST_OPTIONS.search(text, 0, label.start()):
            first = 2  # the first question's label was left out of the paste, its options' header was not
        if int(label.group(1)) == len(labels) + first:
            labels.append(label)
        elif labels:
            return None  # a number out of order: not one quiz
    if not 2 <= len(labels) + first - 1 <= MAX_BRANCHES:
        return None
    starts = [label.end() - 1 for label in labels]  # (offsets into the text: the scan ran over "\n" + text)
    ends = [label.start() - 1 for label in labels[1:]] + [len(text)]
    if first == 2:
        starts, ends = [0, *starts], [labels[0].start() - 1, *ends]
    items = [text[start:end].strip() for start, end in zip(starts, ends)]
    if any(not item or weighs(item, _STEM_WEIGHT) for item in items):
        return None
    reasons = [Reason("list.quiz", f"{len(items)} questions, each under its own numbered label",
                      (starts[0], ends[-1]))]
    before = text[:max(0, labels[0].start() - 1)].strip() if first == 1 else ""
    return Decomposition("Question Answering", join_template(before, "{data}"), reasons, data=items)
