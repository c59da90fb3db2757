"""Passages: the text a list of questions or fields is about (Reading Comprehension, extraction), which becomes
the schema's `context` instead of being split into items."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from studio.curation.lexicon.matching import (
    LiteralGated, LiteralLed, NeedleRegex, Probe, StartNeedleRegex, asked_words, lazily_closed,
)
from studio.curation.lexicon.words import READ_CUE, ROLE_PLAY, THIS_ABROAD
from studio.curation.rules.base import BLANK_LINE, paragraphs, weighs
from studio.curation.rules.categories import FROM_TEXT, TEXT_NOUN_WORDS, TEXT_NOUNS

_LABEL_WORDS = (
    r"passage|text|article|context|story|paragraph|document|excerpt|email|review|message|"
    r"report|summary|abstract|transcript|minutes|invoice|receipt|listing|contract|policy|manual|leaflet|notice|memo|"
    r"letter|"
    r"post|tweet|description|bio|profile|posting|ad|recipe|log|chat|thread|"
    r"mensaje|nachricht|messaggio|mensagem|сообщение|sentence|phrase|frase|satz|предложение|"
    r"input|texto|pasaje|artículo|texte|extrait|artikel|auszug|testo|brano|articolo|artigo|trecho|текст|"
    r"статья|отрывок|anzeige|annonce|anuncio|anúncio|annuncio|объявление|rechnung|factura|facture|fattura|fatura|"
    r"文章|短文|本文|文本|原文|材料|지문|본문")
_PASSAGE_LABEL = re.compile(r"(?im)^[ \t]*(?:the\s+)?(?:" + _LABEL_WORDS + r")\s*[:：]\s*")
# A line presenting the text by a label's word ("here's the group chat:", "below is the email:"): a label too.
_PRESENTED_LABEL = re.compile(r"[ \t]*(?:here['’]?s|here\s+is|below\s+is|this\s+is)\s+(?:the|a|an|my|our)\s+"
                              r"(?:[\w'’-]+\s+){0,2}?(?:" + _LABEL_WORDS + r")\s*[:：]\s*", re.IGNORECASE)
LABEL_WORD_LETTERS = 11  # the longest word of `_PASSAGE_LABEL` ("предложение"): a longer letter run is no label,
# and a line of CJK text (all letters, no spaces) is given up after it instead of read to its end
# What every `_PASSAGE_LABEL` match starts with: one or two runs of letters (its words, and "the"; a letter matches
# only letters case-insensitively), then a colon. Tried first at a line start: a line not opening so is done after
# its first two words, where the label's four dozen alternatives are each tried in turn.
_LABEL_SHAPE = re.compile(r"[ \t]*(?:[^\W\d_]{1,%d}+\s+)?[^\W\d_]{1,%d}+\s*[:：]" % ((LABEL_WORD_LETTERS,) * 2))
# A newline before a line opening with `_LABEL_SHAPE`: the engine skips from newline to newline (a loop trying the
# shape at each line start cost a microsecond a line, and a list's passage is looked for on both sides of it).
_LABEL_LINE = re.compile(r"\n(?=" + _LABEL_SHAPE.pattern + ")")
QUESTIONS_HEADER_WORDS = r"(?:questions?|preguntas?|fragen?|domande|perguntas?|вопросы|问题|問題|質問|질문)"
_QUESTIONS_HEADER = re.compile(r"(?im)^[ \t]*" + QUESTIONS_HEADER_WORDS + r"\s*[:：]?[ \t]*$")
# A straight quote opens a quote where no letter or digit stands before it: after a word it closes an earlier one
# ('... perform "sanity checks" for any patterns ...'), and the text up to the next quote is no quoted passage.
# (a straight quote after a letter, a digit or a sentence's punctuation closes a quotation: 'During "quiet sleep,"
# octopuses are pale ... they enter a brief "active" phase' holds no quoted passage)
_QUOTED_PASSAGE = re.compile(r"(?:\"(?<![^\W_]\")(?<![,.;!?]\")|[“«„「『])([^\"”»“」』]{120,})[\"”»“」』]")
SHORT_QUOTE = re.compile(r"(?:\"(?<![^\W_]\")|[“«„「『])([^\"”»“」』]{40,})[\"”»“」』]")  # (lookbehind after the quote)
# The asker speaking of themselves ("I", "my"): a story of their own, not a document they were handed (which says
# "you" and "we" to its readers).
ASKERS_OWN = re.compile(r"\b(?:i|i['’]m|i['’]ve|my|me)\b", re.IGNORECASE)
# The instruction names the text its questions are about ("Read the passage below", "about this abstract:"): then a
# shorter paragraph or quote beside the questions is that text, not a part of the request.
# (CJK words stand without blanks: no "\b" around them)
_CJK_TEXT_NOUNS = re.compile(r"文章|本文|短文|記事|お知らせ|通知|メール|文本|材料|邮件|公告|기사|공지|본문|지문")
# (tried only where one of its words starts, the literals after it: a scan of a long text tried every position, 12 ms
# for 100,000 characters, and a list's passage is looked for on both sides of it)
_NAMES_A_TEXT = StartNeedleRegex(re.compile(
    r"\b(?:passage|text|paragraph|article|story|excerpt|abstract|poem|extract|document|texto|pasaje|texte|testo|"
    r"brano|artikel|absatz|tekst|teks|текст\w{0,2})\b|"
    r"\b(?:the|this|that|my|our|your)\s+(?:[\w-]+\s+)?(?:report|summary|policy)\b|"  # (nouns after a determiner)
    + _CJK_TEXT_NOUNS.pattern, re.IGNORECASE),
    ("passage", "text", "paragraph", "article", "story", "excerpt", "abstract", "poem", "extract", "document", "texto",
     "pasaje", "texte", "testo", "brano", "artikel", "absatz", "tekst", "teks", "текст", "the", "this", "that", "my",
     "our", "your", *_CJK_TEXT_NOUNS.pattern.split("|")))


def names_cjk_text(text: str) -> bool:
    """Whether `text` names a text by a CJK noun ("请根据下面的短文回答问题：", "お知らせ"): CJK requests name their
    text without the "this" that `named_abroad` looks for."""
    return _CJK_TEXT_NOUNS.search(text) is not None
_NAMED_WEIGHT = 60  # a passage the instruction names is at least this long (one plain paragraph: 150)


def passage_label(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """`_PASSAGE_LABEL.search(text, pos, endpos)`, tried only at the line starts (where its `^` can match) that open
    with `_LABEL_SHAPE`: a scan would try the regex at every character. A label ends in a colon after its word, so no
    line starting at or after the window's last colon is tried (the shape, which ends at a colon and reads no colon
    before it, is matched in the text up to that colon)."""
    end = len(text) if endpos is None else endpos
    last_colon = max(text.rfind(":", pos, end), text.rfind("：", pos, end))
    if pos and text[pos - 1] != "\n":
        pos = text.find("\n", pos, end) + 1
        if not pos:
            return None
    if pos >= last_colon:
        return None
    first = (0,) if pos == 0 and _LABEL_SHAPE.match(text, 0, last_colon + 1) else ()
    after_newlines = (newline.end() for newline in _LABEL_LINE.finditer(text, max(pos - 1, 0), last_colon + 1))
    for line in itertools.chain(first, after_newlines):
        label = _PASSAGE_LABEL.match(text, line, end)
        if label is not None:
            return label
    return None


SHORT_PASSAGE = 40  # a text set apart after the request that names it: a sentence or two at least


def passage_after_request(text: str) -> int | None:
    """Where a text after a request's first paragraph starts: the paragraph's blank line or a labelled line ("Text:
    ..."), whichever comes first within `HEAD_REACH` (None when neither does: always in a text of one line)."""
    if "\n" not in text:
        return None
    blank = BLANK_LINE.search(text, 0, HEAD_REACH)
    label = passage_label(text, 0, blank.start() if blank is not None else min(len(text), HEAD_REACH))
    if label is not None and label.start() > 0:
        return label.start()
    return blank.start() if blank is not None else None


def after_label(text: str, position: int) -> int:
    """`position`, or past a passage label that opens the line there ("Article: ...", "Texto: ...", "here's the group
    chat:")."""
    label = _PASSAGE_LABEL.match(text, position) or _PRESENTED_LABEL.match(text, position)
    return label.end() if label is not None else position


_STORY_PARAGRAPH = 100  # every paragraph of a passage after its questions weighs this: none is a short instruction


def find_passage(before: str, after: str) -> tuple[str, str, int, int] | None:
    """(passage, instruction, passage start, side) next to a list of questions: a labelled or long paragraph."""
    for side, chunk in ((0, before), (1, after)):
        label = passage_label(chunk)
        if label:
            body_end = len(chunk)
            header = _QUESTIONS_HEADER.search(chunk, label.end())
            if header:
                body_end = header.start()
            elif side == 0:
                body_end = _introduction_start(chunk, label.end())
            passage = chunk[label.end():body_end].strip()
            if weighs(passage, 40):
                trailer = _QUESTIONS_HEADER.sub("", chunk[body_end:])
                instruction = (chunk[:label.start()] + " " + trailer).strip()
                start = chunk.find(passage, label.end())
                return passage, instruction, start, side
    for side, chunk in ((0, before), (1, after)):
        headed = _headed_text(chunk, side) or _fenced_text(chunk, side) or _text_past_a_rule(chunk, side)
        if headed is not None:
            return headed
    for side, chunk in ((0, before), (1, after)):
        introduced = _introduced_text(chunk, side)
        if introduced is not None:
            return introduced
    below = _text_below_request(before, after)
    if below is not None:
        return below
    for side, chunk in ((0, before), (1, after)):
        requested = _text_under_read_request(chunk, side)
        if requested is not None:
            return requested
        quoted = _QUOTED_PASSAGE.search(chunk) or _named_quote(chunk)
        if quoted and weighs(quoted.group(1), 120 if quoted.re is _QUOTED_PASSAGE else _NAMED_WEIGHT):
            instruction = (chunk[:quoted.start()] + " " + chunk[quoted.end():]).strip()
            return quoted.group(1).strip(), instruction, quoted.start(1), side
        paragraphs = [p for p in BLANK_LINE.split(chunk) if p.strip()]
        if not paragraphs:
            continue
        longest = max(paragraphs, key=len)
        if len(paragraphs) == 1 and weighs(longest, 150):
            first_sentence = re.match(r"[^.!?。！？\n]*[.!?。！？:：\n]\s*", longest)
            if first_sentence and _asks_to_read(first_sentence.group(0)):
                instruction, passage = first_sentence.group(0).strip(), longest[first_sentence.end():].strip()
                if weighs(passage, 120):
                    return passage, instruction, chunk.find(passage), side
            if side == 1 and "?" not in longest and not _DIRECTS_THE_ANSWER.search(longest) and (
                    _NAMES_A_TEXT.search(before) or names_cjk_text(before)):
                passage = longest.strip()  # "answer the questions about the text:\n1) ...\n2) ...\n\n<one paragraph>"
                return passage, "", chunk.find(passage), side
            continue
        if len(paragraphs) > 1 and not _DIRECTS_THE_ANSWER.search(longest) and not ROLE_PLAY.search(longest):
            if side == 1 and weighs(longest, 150) and all(weighs(p.strip(), _STORY_PARAGRAPH) and "?" not in p
                                                          and not _DIRECTS_THE_ANSWER.search(p) for p in paragraphs):
                passage = chunk.strip()  # (a story or an extract of several paragraphs after its questions: all of it)
                return passage, "", chunk.find(passage), side
            instruction = " ".join(p.strip() for p in paragraphs if p is not longest
                                   and not _QUESTIONS_HEADER.fullmatch(p.strip()))
            if weighs(longest, 150) or (weighs(longest, _NAMED_WEIGHT) and "?" not in longest
                                        and _NAMES_A_TEXT.search(instruction)):
                passage = longest.strip()
                return passage, instruction, chunk.find(passage), side
    return None


_HEADER_WORDS = 25  # a line naming the text under it: "Warranty text from the box:", "can you tell me what my abstract
# says on each point:"
_HEADER_WORD = re.compile(r"[^\W\d_]+")


def _headed_text(chunk: str, side: int) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer when `chunk` opens with a line of at most `_HEADER_WORDS` words that ends in a colon
    and names a text ("Warranty text from the box:", "Here's the email:"), or a text noun alone ("Passage"), the
    text right under it: everything up to the list (or to a short
    closing line introducing it, "Questions:"). A label of several words that `passage_label` does not know; the
    text may address its reader ("with your proof of purchase") and ask its own questions, since the line says
    what it is; not when it tells how to answer or sets up a role."""
    offset = len(chunk) - len(chunk.lstrip())
    line_end = chunk.find("\n", offset)
    if line_end < 0:
        return None
    header = chunk[offset:line_end].rstrip()
    words = _HEADER_WORD.findall(header.casefold())
    if not (header.endswith((":", "：")) and len(header.split()) <= _HEADER_WORDS
            and not TEXT_NOUN_WORDS.isdisjoint(words)
            or len(words) == 1 and header.isalpha() and words[0] in TEXT_NOUN_WORDS):  # ("Passage" alone on its line)
        return None
    end = _introduction_start(chunk, line_end) if side == 0 else len(chunk)
    questions = _QUESTIONS_HEADER.search(chunk, line_end, end)
    passage = chunk[line_end:questions.start() if questions is not None else end].strip()
    if not reads_as_material(passage, questions_allowed=True):
        return None
    start = chunk.find(passage, line_end)
    instruction = (chunk[:line_end] + " " + chunk[start + len(passage):]).strip()
    return passage, instruction, start, side


# A text set apart by a fence line above and below it (``` or """ or ~~~, or three dashes or more).
FENCED_BLOCK = LiteralGated(re.compile(r"^[ \t]*(```|\"\"\"|~~~|-{3,})[^\n]*\n(.*?)\n[ \t]*\1[ \t]*$",
                                       re.DOTALL | re.MULTILINE), ("```", '"""', "~~~", "---"))
_FENCE_OPENER = LiteralGated(re.compile(r"^[ \t]*(```|\"\"\"|~~~|-{3,})[^\n]*\n", re.MULTILINE), FENCED_BLOCK.literals)


def fenced_blocks(text: str) -> Iterator[re.Match[str]]:
    """`FENCED_BLOCK.finditer(text)`, in time linear in the text (`lazily_closed`): a fence of dashes closes on a
    line of as many dashes, the most first ("-----" tried as five, then four, then three)."""
    return lazily_closed(FENCED_BLOCK.regex, text, (
        (opener.start(), opener.end(), tuple(_fence_closer(fence[:length]) for length in range(len(fence), 2, -1))
         if (fence := opener.group(1))[0] == "-" else (_fence_closer(fence),))
        for opener in _FENCE_OPENER.finditer(text)))


@lru_cache(maxsize=64)
def _fence_closer(fence: str) -> re.Pattern[str]:
    return re.compile(r"\n[ \t]*" + re.escape(fence) + r"[ \t]*$", re.MULTILINE)


def _fenced_text(chunk: str, side: int) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer when `chunk` is one fenced text, nothing else beside ("---\n<release notes>\n---"
    over "Q: ...?" lines)."""
    offset = len(chunk) - len(chunk.lstrip())
    fenced = FENCED_BLOCK.fullmatch(chunk.strip())
    if fenced is None or not reads_as_material(fenced.group(2), questions_allowed=True):
        return None
    passage = fenced.group(2).strip()
    return passage, "", chunk.find(passage, offset + fenced.start(2)), side


# A line of dashes, stars, equals signs or underscores setting a text apart ("---", "***", "===", "___").
RULE_LINE = LiteralGated(re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|={3,}|_{3,})[ \t]*\n", re.MULTILINE),
                         ("---", "***", "===", "___"))


def _text_past_a_rule(chunk: str, side: int) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer when the text after the list opens with a rule line ("1. ...?\n2. ...?\n\n---\n\n<an
    article of several paragraphs>"): all of it past the rule is the text, not only its longest paragraph (the others
    would be read as the request, and their "the same thing" as its)."""
    if side != 1:
        return None
    offset = len(chunk) - len(chunk.lstrip())
    rule = RULE_LINE.match(chunk, chunk.rfind("\n", 0, offset) + 1)  # (from the start of its line)
    if rule is None or not reads_as_material(chunk[rule.end():], questions_allowed=True):
        return None
    passage = chunk[rule.end():].strip()
    return passage, "", chunk.find(passage, rule.end()), side


_READ_REQUEST_CHARS = 300  # a request to read the text below it is a short first paragraph
_MARKER_PIECE = 6  # a piece this short after the text is a list marker, not a paragraph of it


def _text_under_read_request(chunk: str, side: int) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer when `chunk`'s first paragraph is a short request to read or answer from a text
    ("read this story and answer the questions below it", "Réponds à ces questions à partir du texte suivant :") and
    two or more paragraphs follow it: they are that text, all of them (a story, release notes, a manual section),
    not only the longest, whose neighbours would otherwise be read as the request and their "then" as its. Not when
    a paragraph of them asks a question, tells how to answer or sets up a role (the asker's own brief), and not past
    a short closing line that introduces the list ("Questions:")."""
    offset = len(chunk) - len(chunk.lstrip())
    blank = BLANK_LINE.search(chunk, offset)
    if blank is None:
        return None
    request, rest_start = chunk[offset:blank.start()], blank.end()
    if len(request) > _READ_REQUEST_CHARS or not _asks_to_read(request) or "?" in request and not _polite(request):
        return None
    pointed = _POINTS_BELOW.search(request) is not None
    end = _introduction_start(chunk, rest_start) if side == 0 else len(chunk)
    rest = chunk[rest_start:end]
    header = _QUESTIONS_HEADER.search(rest)
    if header is not None:
        rest = rest[:header.start()]
    pieces = paragraphs(rest)
    while pieces and pieces[-1][1] - pieces[-1][0] < _MARKER_PIECE:
        pieces.pop()  # the first question's marker ("(i)"), cut from its question with the list
    if len(pieces) < 2:
        return None
    passage = rest[pieces[0][0]:pieces[-1][1]]
    if not reads_as_material(passage, questions_allowed=pointed):
        return None
    start = rest_start + pieces[0][0]
    instruction = (request + " " + chunk[start + len(passage):]).strip()
    return passage, instruction, start, side


def _polite(request: str) -> bool:
    """A request asked as a question about the questions ("Pouvez-vous répondre à ces questions à partir de l'avis
    ci-dessous ?"): its one "?" ends it; it asks nothing else."""
    return request.count("?") == 1 and request.rstrip().endswith("?") and _ABOUT_QUESTIONS.search(request) is not None


# A request pointing at the text after it ("Using the FAQ below answer my questions", "based on Amalie's email below").
_POINTS_BELOW = re.compile(r"\b(?:below|following|attached|pasted)\b|\bhere\s*[:：]|下面|以下|下記|아래", re.IGNORECASE)


def reads_as_material(passage: str, questions_allowed: bool) -> bool:
    """Whether paragraphs read as a text to answer from: long enough, not telling how to answer or setting up a role,
    and asking nothing unless the request pointed at them (an FAQ's or an email's own questions)."""
    return (weighs(passage, _ASKED_WEIGHT) and (questions_allowed or "?" not in passage)
            and not _DIRECTS_THE_ANSWER.search(passage) and not ROLE_PLAY.search(passage))


_FROM_IT = re.compile(r"\b(?:from|in|about)\s+(?:it|this|that)\s*[:：]$", re.IGNORECASE)


def _text_below_request(before: str, after: str) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer when the request before the list asks to answer from a text it says is below ("Can you
    answer these based on Amalie's email below?") and the list is followed by two or more paragraphs: the email, all
    of it (its "then" is its own)."""
    request = before.strip()
    points_back = _FROM_IT.search(request)
    if (not request or "\n\n" in request or len(request) > _READ_REQUEST_CHARS
            or not (_POINTS_BELOW.search(request) or points_back) or not _asks_to_read(request)):
        return None
    passage = after.strip()
    if len(paragraphs(passage)) < (1 if points_back else 2) or not reads_as_material(passage, True):
        return None
    return passage, "", after.find(passage), 1


# A paragraph that tells the answerer how to answer ("you should answer in a colloquial style", "Your answer should
# last two minutes") or sets up a role ("You are to act as an SEO expert") is part of the request, however long, not
# the passage the questions are about.
_DIRECTS_THE_ANSWER = NeedleRegex(re.compile(
    r"\byou\s+(?:should|must|need\s+to|have\s+to)\b|\byour\s+(?:answers?|responses?)\b", re.IGNORECASE), ("you",))


# "Here is a medical note: <text>", "Below is the job description: <text>": an opener that presents a text by what it
# is, then a colon; what follows is that text, however short. Not "my"/"our" (the asker's own story or draft, whose
# questions ask for advice on it) and no noun that is a situation or code.
_INTRODUCED_TEXT = NeedleRegex(re.compile(
    r"\A\s*(?:here\s+is|here['’]s|below\s+is|following\s+is)\s+(?:a|an|the|this|some)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:passage|text|paragraph|article|excerpt|abstract|document|note|notes|e-?mail|message|letter|memo|report|"
    r"transcript|review|description|contract|news\s+story|news\s+item|announcement)\s*(?:below\s*)?[:：]",
    re.IGNORECASE), ("here", "below", "following"))
_INTRODUCED_WEIGHT = 40  # the text after such an opener: a line long enough to hold facts to ask about


def _introduced_text(chunk: str, side: int) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer when `chunk` opens by presenting a text (`_INTRODUCED_TEXT`) and the rest of it is
    that text (but for the line introducing the list, before it)."""
    opener = _INTRODUCED_TEXT.search(chunk, 0, min(len(chunk), 160))
    if opener is None:
        return None
    end = _introduction_start(chunk, opener.end()) if side == 0 else len(chunk)
    passage = chunk[opener.end():end].strip()
    if not weighs(passage, _INTRODUCED_WEIGHT):
        return None
    instruction = (opener.group(0) + " " + chunk[end:]).strip()
    return passage, instruction, chunk.find(passage, opener.end()), side


_INTRODUCTION_CHARS = 200  # the line introducing a list after a labelled text is short


def _introduction_start(chunk: str, body_start: int) -> int:
    """Where the line that introduces the list below a labelled text starts ("Text: ...\n\nExtract the following
    entities from the text above:\n- ..."): the text's last line, set apart by a blank line, short and ending in a
    colon or naming the text as its source ("from this review get me"), is the request, not a part of the text (the
    end of `chunk` when there is none)."""
    end = len(chunk.rstrip())
    line_start = chunk.rfind("\n", body_start, end) + 1
    if end == 0 or chunk[end - 1] not in ":：" and FROM_TEXT.search(chunk, line_start, end) is None:
        return len(chunk)
    blank_start = chunk.rfind("\n", body_start, line_start - 1) + 1 if line_start > body_start else 0
    if not blank_start or chunk[blank_start:line_start].strip() or end - line_start > _INTRODUCTION_CHARS:
        return len(chunk)
    return line_start


_SHORT_LABELLED = 20  # a labelled text after a list of fields may be one line ("Text: Jo Roe of Acme, 3 May")
_SHORT_UNLABELLED = 40  # unlabelled, a line long enough not to be an output instruction ("Answer in JSON.")


def passage_after_fields(after: str) -> tuple[str, str, int, int] | None:
    """`find_passage`'s answer for a short text after a list of fields to extract: the fields ask nothing of a
    long passage, the whole text after them is the one to extract from (past its label)."""
    start = len(after) - len(after.lstrip())
    label = _PASSAGE_LABEL.match(after, start)
    passage = after[label.end() if label else start:].strip()
    if not weighs(passage, _SHORT_LABELLED if label else _SHORT_UNLABELLED):
        return None
    return passage, "", after.find(passage, start), 1


# A line of request under a passage that introduces the list after it ("Answer the following questions:",
# "Questions:", "Based on the text, answer:"): short, ending in a colon.
_ANSWER_LINE = re.compile(r"[^\n]{0,80}[:：][ \t]*\n?$")
# A passage speaks about its subject, not to the one answering: these make a paragraph a request or a brief.
_ADDRESSES_READER = re.compile(r"\b(?:you|your|please|i\s+want|i\s+need)\b|[?？]", re.IGNORECASE)
# What a listed task names when it is about a text: "Summarize the text.", "Analyze the author's intent.".
_NAMES_THE_TEXT = re.compile(r"\b(?:the|this)\s+(?:text|passage|article|story|poem|excerpt|author|author['’]?s|"
                             r"authors|writer|narrator)\b", re.IGNORECASE)
_ASKED_WEIGHT = 150  # as a plain paragraph beside questions


def passage_asked_about(before: str, after: str, items: list[str]) -> tuple[str, int, int] | None:
    """(passage, start, side) for a list already taken as questions or tasks: the one paragraph right before it,
    under a last line asking to answer what follows ("<paragraph>\nAnswer the following:\n1. ...?"), or a labelled
    text right after it that most of the items name ("1) Summarize the text.\n2) Analyze the author's intent.\n\n
    Text:\n..."). `find_passage` reads neither: the first is one paragraph with no reading cue in its first
    sentence, the second is looked for only beside questions or fields. A paragraph that addresses the one
    answering ("you", "please", a question) is a request or a brief, not a passage. A single paragraph after a
    blank line under the list is the text when the request before the list asks to read a text it names ("Read
    this article and tell me: 1) ..., 2) ...") or holds it as "this <text noun>" ("got this CT report"), and the
    paragraph, as long as a named text (`_NAMED_WEIGHT`), says nothing of questions or answers (a closing "Keep each
    answer short" is the request's) and, unless the text is a message, does not address the reader."""
    inline = _after_request_colon(before)
    if inline is not None:
        return inline
    header = before.rstrip().rsplit("\n", 1)
    if len(header) == 2 and _ANSWER_LINE.match(header[1].strip()) and (
            READ_CUE.search(header[1]) or _ABOUT_QUESTIONS.search(header[1])):
        paragraph = BLANK_LINE.split(header[0])[-1].strip()
        if weighs(paragraph, _ASKED_WEIGHT) and not _ADDRESSES_READER.search(paragraph):
            return paragraph, before.rfind(paragraph), 0
    paragraph = before.strip()
    if (weighs(paragraph, _ASKED_WEIGHT) and not BLANK_LINE.search(paragraph)
            and not _ADDRESSES_READER.search(paragraph) and not _FIRST_PERSON.search(paragraph)
            and _about_the_paragraph(items, paragraph)):
        return paragraph, before.find(paragraph), 0  # "<one paragraph>\n\nQ1. When ...?\nQ2. How many ...?"
    start = len(after) - len(after.lstrip())
    label = _PASSAGE_LABEL.match(after, start)
    if label is not None and sum(bool(_NAMES_THE_TEXT.search(item)) for item in items) * 2 > len(items):
        passage = after[label.end():].strip()
        if weighs(passage, _ASKED_WEIGHT):
            return passage, after.find(passage, label.end()), 1
    passage = after.strip()
    request = BLANK_LINE.split(before)[-1]
    message = _NAMES_A_MESSAGE.search(request) is not None
    if (label is None and BLANK_LINE.match(after) and not BLANK_LINE.search(passage)
            and weighs(passage, _NAMED_WEIGHT)
            and (message or not _ADDRESSES_READER.search(passage))
            and not _ABOUT_QUESTIONS.search(passage)
            and (_names_a_text_to_read(request, message) or _THIS_TEXT_NOUN.search(request) is not None)):
        return passage, after.find(passage), 1  # "Read this article and tell me: 1) ..., 2) ...\n\n<one paragraph>"
    return None


# The request holds the text it asks about as "this <text noun>" ("my dad got this CT report today, can you explain:
# 1) ...?"): the one paragraph after the questions is that text, even with no word asking to read it.
_THIS_TEXT_NOUN = re.compile(r"\bthis\s+(?:[\w-]+\s+){0,2}?" + TEXT_NOUNS + r"\b", re.IGNORECASE)


_REQUEST_COLON = re.compile(r"[:：][ \t]*")


def _after_request_colon(before: str) -> tuple[str, int, int] | None:
    """ "Please answer the questions based on the following paragraph: <paragraph> 1. When ...? 2. Who ...?": the
    text between the colon of a one-line request that names a text to read and the list, as long as a named text and
    no question itself."""
    if "\n" in before.strip():
        return None
    colon = _REQUEST_COLON.search(before)
    if colon is None:
        return None
    request, passage = before[:colon.start()], before[colon.end():].strip()
    if not _names_a_text_to_read(request, False) or not weighs(passage, _NAMED_WEIGHT) or "?" in passage:
        return None
    return passage, before.find(passage, colon.end()), 0


# The request names a message to read ("Please read this email and tell me: 1) who sent it ..."): a message speaks to
# its reader ("Please send me the numbers by Friday").
_NAMES_A_MESSAGE = re.compile(r"\b(?:this|the|that|following|below|my)\s+(?:\w+\s+)?(?:e-?mail|message|letter|memo|"
                              r"note|text\s+message|sms|chat|review|comment|tweet|post)\b", re.IGNORECASE)


_FIRST_PERSON = re.compile(r"\b(?:i|i['’]m|my|me|we|our|us)\b", re.IGNORECASE)
_CONTENT_WORD = re.compile(r"[^\W\d_]{5,}")


def _about_the_paragraph(items: list[str], paragraph: str) -> bool:
    """Every item shares a word of five letters or more with the paragraph: the questions ask about it."""
    words = {word.casefold() for word in _CONTENT_WORD.findall(paragraph)}
    return all(not words.isdisjoint(word.casefold() for word in _CONTENT_WORD.findall(item)) for item in items)


def _names_a_text_to_read(request: str, message: bool) -> bool:
    """The request asks to read a text it names ("Read this article and tell me:", "Based on the passage below,
    answer:"), or a message (`message`: "Read this email and tell me:"), not merely to answer ("Read my notes and
    answer these questions:"); "read this" points at the text as a noun would ("Read this and answer these
    questions:")."""
    return READ_CUE.search(request) is not None and (message or _NAMES_A_TEXT.search(request) is not None
                                                     or _READ_THIS.search(request) is not None)


_READ_THIS = re.compile(r"\bread\s+(?:this|that|the\s+following)\b(?!\s+(?:my|our)\b)", re.IGNORECASE)


_ABOUT_QUESTIONS = re.compile(
    r"\b(?:answer|questions?|preguntas?|fragen?|domande|perguntas?|вопрос\w*)\b|问题|問題|質問|질문", re.IGNORECASE)


def _asks_to_read(sentence: str) -> bool:
    """The first sentence of a paragraph is an instruction to read what follows: a reading cue, and it names the
    text or the questions or ends in a colon. A cue word alone is often the passage's own ("The glacier lies in a
    valley", German "lies"; "According to the census, ..."), and the passage would lose its first sentence."""
    return READ_CUE.search(sentence) is not None and (
        sentence.rstrip().endswith((":", "：")) or _NAMES_A_TEXT.search(sentence) is not None
        or _ABOUT_QUESTIONS.search(sentence) is not None)


def _named_quote(chunk: str) -> re.Match[str] | None:
    """A quoted passage shorter than a plain one, when the words before it name a text ("Answer these questions about
    the abstract: \"...\""): a colon inside the quote is the passage's, not the end of the instruction."""
    quoted = SHORT_QUOTE.search(chunk)
    return quoted if quoted and _NAMES_A_TEXT.search(chunk, 0, quoted.start()) else None


_FENCE = "```"
# (Searched from its first characters, each a literal the engine skips to: `LiteralLed`. As one regex, whose first
# alternative opens with a class, the engine found no first character to skip to and tried it at every position.)
_MATERIAL_BREAK = LiteralLed([(":", r"[ \t]*\n"), ("：", r"[ \t]*\n"), ("\n", r"[ \t]*\n")])  # [:：][ \t]*\n|\n[ \t]*\n
_LONG_QUOTE = re.compile(r"[\"“«„「『]([^\"”»“」』]{120,})[\"”»“」』]")
HEAD_REACH = 600  # an instruction before its passage is at most this long (Latin-letter equivalents)
_TAIL_REACH = 400  # an instruction after its passage likewise


@lru_cache(maxsize=2)  # (the inline rules and `asked_of_text` ask it of the same prompt in turn)
def instruction_region(text: str) -> tuple[int, int]:
    """(start, end) of the instruction: the text before a passage, table or code pasted after it (after a line
    ending in ":", a blank line or a code fence) or the last paragraph when a passage comes first; a long quoted
    passage inside the instruction ends it too. The whole text when nothing looks pasted. Lists and dependency
    cues in the passage are its content, not the request's."""
    start, end = 0, len(text)
    fence = text.find(_FENCE)
    if fence > 0 and text[:fence].strip():
        end = fence
    split = _MATERIAL_BREAK.search(text, 0, end)
    if split is not None:
        head, rest = text[:split.start()], text[split.end():end]
        if not weighs(head, HEAD_REACH + 1) and weighs(rest, 150) and head.strip():
            end = split.start() + (1 if text[split.start()] in ":：" else 0)
        else:
            last = _last_blank_line(text, end)
            if last is not None and not weighs(text[last:end], _TAIL_REACH + 1) and weighs(text[:last], 150) \
                    and text[last:end].strip():
                start = last
    label = passage_label(text, start, end)
    if label is not None and text[start:label.start()].strip():
        end = label.start()  # "Classify the sentiment.\nSentence: ..." / "Text: ..."
    quote = _LONG_QUOTE.search(text, start, end)
    if quote is not None and text[start:quote.start()].strip():
        end = quote.start()
    return start, end


def last_paragraph(text: str) -> int | None:
    """Where the last paragraph starts (after its blank line), if the text has more than one."""
    return _last_blank_line(text, len(text.rstrip()))


def _last_blank_line(text: str, end: int) -> int | None:
    """Where the last paragraph before `end` starts (after its blank line), if there is more than one."""
    # text[position:end] holds more than whitespace where position < content_end: found once, not by stripping the
    # whole rest at every line (quadratic in a long run of line breaks); the walk starts there, not at every line of
    # the blanks before `end`
    content_end = len(text[:end].rstrip())
    position = text.rfind("\n", 0, content_end)
    while position > 0:
        before = text.rfind("\n", 0, position)
        if not text[before + 1:position].strip():
            return position + 1
        position = before
    return None


# Where the text stands, said of it ("read the key facts below", "my lease (pasted below)", "answer from this about
# page", "^"): a request beside a passage that points at it names it, whatever it calls it.
_PLACE_WORDS = ("below", "above", "pasted", "attached", "this", "^")


def named_by_place(text: str, start: int, end: int) -> re.Match[str] | None:
    r"""`_NAMED_BY_PLACE.search(text, start, end)`, when the request holds one of its words (a substring test first: a
    search led by "\b" is tried at every position of the request)."""
    request = text[start:end].lower()
    return _NAMED_BY_PLACE.search(text, start, end) if any(map(request.__contains__, _PLACE_WORDS)) else None


_NAMED_BY_PLACE = re.compile(
    r"\b(?:below|above|pasted|attached)\b|\b(?:from|in)\s+this\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*[:)]|"
    r"(?<!\S)\^(?=\s)", re.IGNORECASE)  # (a caret alone points up at the text: "^ from my kid's book. what ...")


# A text named with "this" in the languages users write beside English (`THIS_ABROAD`: "j'ai lu cet article", "me
# llegó este mensaje", "ho letto questo articolo", "dieser Text"): the reading rules' English names (`asked_of_text`,
# `questions`) miss them.
_TEXT_ABROAD = (r"article|texte|message|courriel|mail|document|extrait|passage|mensaje|correo|texto|artículo|"
                r"documento|párrafo|fragmento|testo|articolo|messaggio|brano|text|artikel|nachricht|absatz|abschnitt|"
                r"bericht|tekst|текст|статью|статья|статье|сообщение|письмо|документ|отрывок|mensagem|artigo|trecho|"
                r"notícia|cartello|avviso|volantino|annuncio|cartel|aviso|anuncio|letrero|affiche|annonce|aushang|"
                r"anzeige|cartaz|anúncio")  # (signs, notices and ads too: "leggere questo cartello")
_NAMED_ABROAD = re.compile(rf"\b(?:{THIS_ABROAD})\s+(?:{_TEXT_ABROAD})\b", re.IGNORECASE)
TEXT_ABROAD_WORDS = asked_words(_TEXT_ABROAD.split("|"))  # (looked up in a probe's words too)
_WORDS = re.compile(r"\w+")


def named_abroad(text: str, start: int = 0, end: int | None = None, found: Probe | None = None,
                 ) -> re.Match[str] | None:
    """Where text[start:end] names a text with "this" in another language than English (`_NAMED_ABROAD`), if it
    does: searched only when one of its nouns stands there as a word (set look-ups, in the probe `found` of the whole
    text when the caller has it; the regex of many alternatives is tried at every position)."""
    end = len(text) if end is None else end
    if found is not None and not found.strangers and TEXT_ABROAD_WORDS.isdisjoint(found.words):
        return None
    if TEXT_ABROAD_WORDS.isdisjoint(_WORDS.findall(text[start:end].lower())):
        return None
    return _NAMED_ABROAD.search(text, start, end)
