"""Counts: a number of generated items in digits or number words ("7 catchy slogans", "cinq idées de dîner") or a
CJK numeral with its counter ("五个标题", "5つ"), asked for by a request verb; words between the count and the
noun are allowed. The count becomes `n` and the prompt a singular template.

A count is a request for independent outputs only in one shape: a request verb governing the count and a plural noun
("give me 7 slogans", "推荐十本科幻小说", "見出しを4つ提案して"). Every count is assessed, and most are refused with
the reason why they size or select within ONE answer: a measure ("in 3 sentences"), a unit ("20 lines of", "4
stanzas"), a selection ("the 5 fastest", "top 10", "los últimos 10"), aspects of one analysis ("list three impacts",
"cinco ventajas"), examples of an explanation ("explain X and list five examples"), a role described in a role-play
set-up ("you will generate five titles"), a count with no noun ("three of them") or no request at all ("Mike's
mother had four kids"). What is left is `high` when an explicit request verb asks for generable things (names,
titles, ideas, questions, jokes, recipes, books...), `medium` otherwise (a weak verb such as "I need", a range, a
heading with no verb, a noun outside the generable list). The validator asks the same questions of any schema's
`n` (`count_support`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from store.models import Reason
from studio.curation.lexicon.matching import (
    CJK_CHAR, TOKEN, Cue, LastPhrase, Probe, alternation, asked_words, phrase_cue,
)
from studio.curation.lexicon.numbers import (
    COUNT_TRIGGER_TOKENS, JA_COUNT_NUMERAL, JA_COUNTERS, JA_NATIVE, JA_UNIT_AFTER, KO_COUNTERS, KO_NUMERAL,
    ZH_COUNT_NUMERAL, ZH_ITEM_CLASSIFIERS, ZH_UNIT_AFTER, NumberWords, cjk_number, count_tokens, number_words,
)
from studio.curation.lexicon.words import (
    ASPECT_NOUNS, AT_LEAST, CHARACTER, CJK_ASPECT, GENERATE, REWRITE, VARIATION_NOUNS, CJK_EXAMPLE, CJK_EXPLAIN, CJK_GENERABLE, CJK_GENERABLE_COUNTERS,
    COUNT_REQUESTS, DIRECT_REQUESTS, HAVE_REQUESTS,
    CJK_PEOPLE_COUNTERS, CJK_SELECTION, EXAMPLE_NOUNS, EXPLAIN_CUES, GENERABLE_NOUNS, HEADING_FOLLOWERS,
    HEADING_PARTICIPLES,
    CJK_REQUEST_CHARACTERS, EN_IRREGULAR, LABEL_NOUNS,
    INFINITIVE_REQUESTS, JA_POLITE_REQUEST, MISSPELT_REQUESTS, JA_POLITE_WORD, JA_REQUEST, KO_REQUEST, MEASURE_MARKS,
    MEASURE_WORDS,
    MODAL_FIRST_WORDS, MODAL_REQUEST, NOT_SUPERLATIVE, OUTPUT_SUBJECTS, PER_ITEM, QUESTION_REQUESTS, REQUEST_VERBS,
    ROLE_DESCRIPTION,
    REFERRED_AFTER_THE, REFERRED_BEFORE, ROLE_DESCRIPTION_TRIGGERS, ROLE_PLAY, SELECTION_AFTER,
    SELECTION_BEFORE, SOFT_UNITS, STOP_AFTER_COUNT, STRUCTURE_UNITS, WEAK_REQUESTS, ZH_REQUEST,
)
from studio.curation.rules.base import MAX_BRANCHES, SENTENCE_END, Decomposition
from studio.curation.rules.singular import singular_template

_HARD_UNITS = frozenset(STRUCTURE_UNITS) - SOFT_UNITS
# Soft units that measure a text when followed by "of" ("20 lines of lorem ipsum", "4 lines of a verse").
_UNITS_OF = frozenset({"lines", "sentences", "words", "paragraphs", "points", "phrases", "frases", "lignes", "righe",
                       "líneas", "linhas", "zeilen", "строк", "mots", "palabras", "parole", "wörter", "palavras"})
_OF = frozenset({"of", "de", "d", "di", "von", "из", "du", "des", "del", "dei", "da", "do"})
# "veinticinco frases de ejemplo", "10 phrases d'exemple": example sentences, each its own output (no text's lines).
_OF_EXAMPLE = re.compile(r"[ \t]+(?:de|di|d['’])[ \t]*(?:ejemplo|exemplo|esempio|exemple)s?\b", re.IGNORECASE)
_WAYS_MEASURES = frozenset({"in", "en", "de", "auf", "di", "em", "в", "of"})
_COORDINATION = frozenset({"and", "or", "y", "o", "et", "ou", "und", "oder", "e", "и", "или"})
# Words between a request verb and a count that make the count the object of something else ("want to buy 2",
# "need help looking after three", "give a summary with 3").
_REQUEST_GAP_BREAK = re.compile(
    r"\b(?:that|which|who|where|returns?|with|a|an|one|un|une|una|ein|eine|um|uma|to|\w{2,}ing)\b", re.IGNORECASE)
# A subject before a request verb makes it a statement ("they list", "on vous donne deux listes", "it shows").
_SUBJECTS = frozenset({"he", "she", "it", "they", "we", "who", "which", "that", "on", "il", "elle", "ils", "elles",
                       "qui", "er", "es", "man"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_MODAL = Cue(MODAL_REQUEST, MODAL_FIRST_WORDS)
_REQUEST_PHRASES = REQUEST_VERBS + COUNT_REQUESTS + QUESTION_REQUESTS
_REQUEST = LastPhrase(_REQUEST_PHRASES)
_REQUEST_AFTER = phrase_cue(_REQUEST_PHRASES)
_INFINITIVE_REQUEST = phrase_cue(INFINITIVE_REQUESTS)
_EXPLAIN = phrase_cue(EXPLAIN_CUES)
_ROLE_DESCRIPTION = Cue(ROLE_DESCRIPTION.regex, ROLE_DESCRIPTION_TRIGGERS)
_QUESTIONS = frozenset(phrase.lower() for phrase in QUESTION_REQUESTS)
_DIRECT_REQUESTS = frozenset(DIRECT_REQUESTS)
_HAVE_REQUESTS = frozenset(HAVE_REQUESTS)
_WH_WORDS = frozenset({"how", "why", "where", "when", "what", "which", "who", "whether", "if"})
_OBJECT_PRONOUNS = frozenset({"me", "us"})
_OBJECT_ENDS = tuple(" " + word for word in sorted(_OBJECT_PRONOUNS))  # a lead ending with the user ("find me ")
_LAST_WORDS = re.compile(r"(?<!\w)(?:(\w+) )?([\w']+)$")


def _last_words(text: str) -> re.Match[str] | None:
    """`_LAST_WORDS.search(text)` started after the last space but one: a match holds one space at most and ends
    after the last one, so none starts earlier (the lookbehind still reads the character before the start). Searched
    from the text's start, the engine tried every position of it."""
    return _LAST_WORDS.search(text, text.rfind(" ", 0, text.rfind(" ")) + 1)
# "ideas for 3 apps", "an idea for five stories": the ideas are the counted things themselves.
_IDEAS_FOR = (r"(?:\b(?:an|some|un|une|una|unas|des|eine|einige|delle|algumas)\s+)?"
              r"\b(?:ideas?|idées?|ideen?|idee|idea|ideias?)\s+(?:for|pour|para|für|per)\s+$")
# "a list with 30 jobs that ...", "une liste avec 5 idées": the list's items are the counted things, as in "a list of".
_LIST_WITH = (r"(?:\b(?:a|an|the|un|una|une|einer?|uma?)\s+)?\b(?:list|lista|liste|listado|список)\s+"
              r"(?:with|containing|con|avec|mit|com|с)\s+$")
# "a list of", "the names of": between the request verb and the count, they do not change what is asked for.
_LIST_OF = re.compile(
    r"(?:\b(?:a|an|the|un|una|une|el|la|le|einer?|uma?|o)\s+)?\b(?:list|lista|liste|elenco|список|listado|names?|"
    r"nombres?|noms|namen|nomi|nomes|set|series|collection|batch|template|conjunto|serie|série|ensemble|reihe|"
    r"sammlung|examples|ejemplos|exemples|beispiele|esempi|exemplos)\s+(?:of|de|di|von|из|des|dei|degli|der|do|dos)"
    r"\s+$|" + _IDEAS_FOR + "|" + _LIST_WITH, re.IGNORECASE)
# Every `_LIST_OF` match ends with one of these words and whitespace: a lead ending otherwise is not searched (the
# regex tries its two dozen nouns at each of the lead's positions, ~5 µs a count).
_LIST_OF_LAST = re.compile(r"(?:of|de|di|von|из|des|dei|degli|der|do|dos|for|pour|para|für|per|with|containing|con|"
                           r"avec|mit|com|с)", re.IGNORECASE)


def _list_of(tail: str) -> re.Match[str] | None:
    """`_LIST_OF.search(tail)`, run only when the tail's last word is one its matches can end with."""
    last = tail.split()[-1:]
    if not tail[-1:].isspace() or not last or _LIST_OF_LAST.fullmatch(last[0]) is None:
        return None
    return _LIST_OF.search(tail)


# "a series of 5 emails from intro to follow-up", "une série de 3 articles": the parts of one campaign or course,
# which follow each other (a series of slogans or names is only a set of them).
_SERIES_OF = re.compile(r"\b(?:series|sequence|serie|série|reihe)\s+(?:of|de|di|von|des|dei)\s+$", re.IGNORECASE)
_SERIAL_PARTS = frozenset({"emails", "e-mails", "mails", "letters", "newsletters", "articles", "lessons", "episodes",
                           "chapters", "videos", "posts", "courriels", "articulos", "artículos", "lecciones",
                           "episodios", "leçons", "épisodes", "artikel", "lektionen", "folgen", "articoli", "lezioni",
                           "episodi"})
_PROGRESSION = re.compile(r"\s+from\s+[^.?!\n]{1,40}?\s+to\s", re.IGNORECASE)  # "... from intro to follow-up"
_AT_LEAST = re.compile(r"\b(?:" + alternation(AT_LEAST) + r")\s*$", re.IGNORECASE)
_AT_LEAST_WORDS = asked_words(TOKEN.findall(" ".join(AT_LEAST).lower()))
_ZH_COUNT = re.compile(
    r"(?P<count>\d{1,3}|[０-９]{1,3}|" + ZH_COUNT_NUMERAL + r")(?P<cls>[" + ZH_ITEM_CLASSIFIERS + r"])")
_ZH_CLASSIFIERS = frozenset(ZH_ITEM_CLASSIFIERS)
_ZH_COUNT_REACH = 3  # the longest count before a classifier (a match never starts further back)
_JA_COUNT = re.compile(
    r"(?P<count>\d{1,3}|[０-９]{1,3}|" + JA_COUNT_NUMERAL + "|" + alternation(JA_NATIVE) + r")"
    r"(?P<cls>" + alternation(JA_COUNTERS) + r")?")
_KO_COUNT = re.compile(r"(?P<count>\d{1,3}|" + KO_NUMERAL + r")\s*(?P<cls>" + alternation(KO_COUNTERS) + r")")
# A CJK clause ends at punctuation or a quote: the request for a count is in the count's clause.
_CJK_CLAUSE_END = re.compile(r"[。，、！？；：,.!?;:\n「」『』“”\"]")
_ZH_VERB_GAP = 3  # characters allowed between a Chinese request verb and its count ("给我写五个": none)
_ZH_UNIT_AFTER = re.compile(alternation(ZH_UNIT_AFTER))
_JA_UNIT_AFTER = re.compile(alternation(JA_UNIT_AFTER))
_CJK_CLAUSE_REACH = 80  # characters looked back for the start of a CJK count's clause
# A Korean count whose noun takes 으로/로 ("세 문장으로", "3개의 문단으로", "세 개로"): in or into that many, the
# size or the split of one output, not that many outputs.
_KO_SIZED = re.compile(r"(?:[ \t]*[가-힣]{1,4}?)?(?:으로|로)(?![가-힣])")
_JA_VERB_REACH = 14  # characters from a Japanese count to its verb ("3つの山を挙げ", "アイデアを5つ挙げ")
# The text the outputs are written about, named with "以下の", "この" ...: "以下の記事に対するキャッチコピーを5つ" (five
# taglines for the article below) selects nothing among given items, as "以下の5つ" does.
_CJK_ABOUT_TEXT = re.compile(r"(?:以下|上記|上述|この|その|次)の?(?:記事|文章|テキスト|内容|本文|文|資料|メール|商品|製品)"
                             r"(?:に対する|について(?:の)?|に関する|向けの|用の)")


# How far before a count (within its sentence) and after it the request for it is looked for: the request verb is
# a few words before the count, a modal question's verb at the end of a short sentence. Bounded so that a long line
# with many numbers costs time in proportion to its length.
_REACH = 200
_COUNT_MESSAGES = {"count.range": "a range of counts: {n} items, its upper bound",
                   "count.sized": "a set of {n} questions, one per branch",
                   "count.open": "at least {n} items: {n}", "count.ways": "{n} versions of one task"}


@dataclass(slots=True)
class Count:
    """A requested count of generated items and how strongly the prompt asks for them."""

    value: int
    span: tuple[int, int]  # the count token
    phrase_span: tuple[int, int]  # count + modifiers + noun (what the singular template replaces)
    phrase: list[str]
    rule: str
    strength: str  # "high": an explicit request verb and a generable noun; "medium": softer evidence
    evidence: str  # why, in words, for the tier's reason
    heading: bool = False  # no verb asks for it: it starts its line ("10 slogans for a gym")
    dropped: tuple[int, int] | None = None  # a bare count's own words, which the singular template leaves out


@dataclass(slots=True)
class Refusal:
    """A count that sizes, selects or describes within one answer instead of asking for separate outputs."""

    value: int
    span: tuple[int, int]
    rule: str  # count.measure, count.unit, count.selection, count.aspects, count.examples, count.role, ...
    message: str


Assessed = Count | Refusal


def _spaced_counts(text: str, words: NumberWords, found: Probe, only: int | None,
                   refusals: bool) -> Iterator[Assessed]:
    """Every count in digits or number words (of the value `only`, when given), assessed, in text order. Without
    `refusals`, a count followed by nothing its noun can start with is not assessed: `_UNREAD` stands for its
    refusal."""
    previous_end = -1
    for value, span, kind in count_tokens(text, words, found):
        before_end, previous_end = previous_end, span[1]
        if not 2 <= value <= MAX_BRANCHES or (only is not None and value != only):
            continue  # (before the size test, which slices the text between the two counts)
        count_start, count_end = span
        if found.cjk and (CJK_CHAR.match(text, count_end) or CJK_CHAR.match(text, max(0, count_start - 1))):
            continue  # "5つ", "五个": the CJK counters decide (see _cjk_counts)
        yield (Refusal(value, span, "count.unit", "the size of each counted item (“7 three-sentence posts”)")
               if _sizes_each_item(text, before_end, span) else _UNREAD if not refusals and (
                   _refused_for_no_noun(text, span) or _selected(text, found, span))
               else _kept_assessment(text, found, value, span, kind))


# What a count no noun follows, or a selection (`_selected`), is assessed as when the assessment is not read
# (`from_count` reads requests only).
_UNREAD = Refusal(0, (0, 0), "count.unread", "not assessed: no noun follows the count, or a selection word precedes "
                                              "it, so its assessment refuses it")


def _no_noun_after(text: str, count_end: int) -> bool:
    """The count ends the text or a character other than a blank or a letter follows it (")", "]", a line break):
    no size modifier (led by blanks) nor noun phrase (led by a letter after blanks at most) follows, so
    `_assess_spaced` refuses it, as "count.no-noun" or by a refusal it reaches first (the only request it may find
    before the noun, "in 3 ways", needs a noun), unless it is a bare count (`_refused_for_no_noun`)."""
    return text[count_end:count_end + 1] not in (" ", "\t") and _WORD.match(text, count_end) is None


def _refused_for_no_noun(text: str, span: tuple[int, int]) -> bool:
    """Whether `_assess_spaced` refuses the count for the noun that does not follow it (`_no_noun_after`), unless
    it may be a bare count (`_may_be_bare`): a shortcut for a reader of requests only."""
    return _no_noun_after(text, span[1]) and not _may_be_bare(text, span[0])


def _may_be_bare(text: str, count_start: int) -> bool:
    """Whether a count no noun follows may still be a bare count (`_bare_count`), read over its whole clause: the
    last word before it is one a bare count's clause holds, or the characters after that word hold a dash, or they
    are blanks after a word that may end an "at least" or "a list of" its lead is cut at. Characters other than
    letters between that word and the count ("give me )3") do not end the clause; a clause mark or a line break
    does, and leaves the count no words."""
    reach = max(0, count_start - _REACH)
    end = count_start
    while end > reach and TOKEN.match(text, end - 1) is None:
        end -= 1
    gap = text[end:count_start]
    if any(dash in gap for dash in _DASHES):
        return True
    if end == reach or _CLAUSE_END.search(gap):
        return False
    start = end
    while start > reach and TOKEN.match(text, start - 1) is not None:
        start -= 1
    last = TOKEN.findall(text[start:end].lower())[-1:]
    return bool(last) and (last[0] in _BARE_LEAD_WORDS or (gap.isspace() or not gap) and (
        last[0] in _AT_LEAST_LAST or _LIST_OF_LAST.fullmatch(last[0]) is not None))


# Where a clause of `_bare_count` ends: a clause mark, a sentence's end or a line's.
_CLAUSE_END = re.compile(r"[,;:.!?\n]")
_AT_LEAST_LAST = frozenset(TOKEN.findall(phrase.lower())[-1] for phrase in AT_LEAST)


# Measure words end with these: a word before the count that is none of them makes no measure (`_measured`).
_MEASURE_ENDS = frozenset(word.rsplit(" ", 1)[-1] for word in MEASURE_WORDS)
# Characters before the count's blank read for the selection word: one more than the longest, so that a word filling
# them is longer than any.
_SELECTION_WORD_REACH = 1 + max(map(len, SELECTION_BEFORE))


def _selected(text: str, found: Probe, span: tuple[int, int]) -> bool:
    """Whether `_assess_spaced` refuses the count as a selection ("mention the 2 open issues") or by a refusal it
    reaches first: its own selection test (`_read_lead`, `_Lead.selects`), run only where a selection word and one
    blank stand before the count and that word ends no measure word, so that its measure test (and "in 3 ways", the
    only request before the selection test) does not apply. The refusals before those tests are skipped: they refuse
    as well. For a reader of requests only (the refusal's reason is not read)."""
    count_start = span[0]
    if text[count_start - 1:count_start] != " ":
        return False
    before = text[max(0, count_start - 1 - _SELECTION_WORD_REACH):count_start - 1]
    word = before[before.rfind(" ") + 1:].lower()
    if word not in SELECTION_BEFORE or word in _MEASURE_ENDS:
        return False
    return _read_lead(text, found, span, _lead_start(text, count_start)).selects()


@dataclass(slots=True)
class _Lead:
    """The words before a count in its sentence as `_assess_spaced` reads them from its measure and selection tests
    on (`_read_lead`)."""

    text: str  # the lead, cut before "at least" and "a list of" (the request is read before them)
    start: int  # where the counted phrase starts: the count, or the cut ("a list of", "at least", "my next")
    at_least: bool  # "at least N": an open count
    for_subjects: tuple[str, str, int] | None  # "for my next N <subjects>" (`_for_each_subject`)
    tail: str  # the lead's last 40 characters before "a list of" is cut (where "a series of" is read)
    list_of: re.Match[str] | None  # "a list of", "ideas for" ... before the count (`_list_of`)
    previous: re.Match[str] | None  # `_last_words` of the cut lead
    give_my: bool  # "give my N ...", "my" typed for "me" (`_give_my`)
    for_the_user: bool  # "the N ..." goes on with things made for the user (`_made_for_the_user`)

    def selects(self) -> bool:
        """The count follows a selection word and a blank ("the 5", "top 10", "all 22") and is none of "give my N",
        "the N ... I should", "for my next N <subjects>": `_assess_spaced` refuses it as a selection."""
        return (self.previous is not None and self.text[-1:].isspace()
                and self.previous.group(2).lower() in SELECTION_BEFORE
                and not (self.give_my or self.for_the_user or self.for_subjects))


def _read_lead(text: str, found: Probe, span: tuple[int, int], line_start: int) -> _Lead:
    """The lead of the count from `line_start`, read for `_assess_spaced`'s measure and selection tests and what
    follows them; `_selected` reads the selection test with it too, so that the shortcut and the assessment share
    one copy of these steps (none of which refuses)."""
    count_start, count_end = span
    lead = text[line_start:count_start]
    start = count_start
    at_least = _AT_LEAST.search(lead[-30:]) if not found.words.isdisjoint(_AT_LEAST_WORDS) else None
    for_subjects = None if at_least else _for_each_subject(text, lead, count_end)
    if for_subjects is not None:
        start = line_start + for_subjects[2]  # the template drops "my next" ("captions for a picture")
    if at_least:
        lead = lead[:len(lead) - len(lead[-30:]) + at_least.start()]
        start = line_start + len(lead)
    tail = lead[-40:]
    list_of = _list_of(tail)
    if list_of:
        start = line_start + len(lead) - len(tail) + list_of.start()
        lead = text[line_start:start]
    previous = _last_words(lead[-60:].rstrip())
    give_my = previous is not None and _give_my(previous)
    for_the_user = previous is not None and previous.group(2).lower() == "the" and _made_for_the_user(text, count_end)
    return _Lead(lead, start, at_least is not None, for_subjects, tail, list_of, previous, give_my, for_the_user)


def _kept_assessment(text: str, found: Probe, value: int, span: tuple[int, int], kind: str) -> Assessed:
    """`_assess_spaced`, kept in the memo of `found`, the probe of `text`: `from_count` (up to three times a prompt)
    and the validator's `count_support` assess the same counts of one prompt with other number words and filters,
    and an assessment depends on nothing else than the text, its probe and the count. (A kept `Count` or `Refusal`
    is shared by them: nothing changes one once made.)"""
    return found.kept(("count", value, span, kind), _assess_spaced, text, found, value, span, kind)


# A count right after another count and before a singular unit sizes each of the items the first one counts ("write 7
# three sentence posts", "5 ten minute talks").
_SIZE_UNITS = (r"(?:sentence|word|line|paragraph|minute|second|page|verse|stanza|slide|panel|scene|hour|day|week|"
               r"chapter|part|step|question|item)\b")
_SIZE_UNIT_AFTER = re.compile(r"[ \t]+(" + _SIZE_UNITS + ")", re.IGNORECASE)


# A count followed by the top of its scale is a score ("I'd give it 4 out of 5 stars", "note : 3 sur 5", "4 de 5
# estrellas"): a rating inside a text, never a number of outputs asked for; nor is the top of its scale.
_SCALE = r"[ \t]+(?:out[ \t]+of|sur|de|von|su|из)[ \t]+"
_SCORE_AFTER = re.compile(_SCALE + r"\d", re.IGNORECASE)
_SCALE_TOP = re.compile(r"\d" + _SCALE + "$", re.IGNORECASE)
_SCALE_REACH = 16  # a digit, the scale's words and the blanks around them


def _sizes_each_item(text: str, previous_end: int, span: tuple[int, int]) -> bool:
    return (0 <= previous_end < span[0] and not text[previous_end:span[0]].strip(" \t")
            and _SIZE_UNIT_AFTER.match(text, span[1]) is not None)


def _assess_spaced(text: str, found: Probe, value: int, span: tuple[int, int], kind: str) -> Assessed:
    count_start, count_end = span
    line_start = _lead_start(text, count_start)
    lead = text[line_start:count_start]
    if lead[-1:] and (lead[-1] in _EXPRESSION_MARKS or lead[-1].isascii() and lead[-1].isalnum()):
        return Refusal(value, span, "count.expression", "a number inside an expression or a name (“t+3”, “x2”), "
                                                        "not a count")
    if _SCORE_AFTER.match(text, count_end) is not None or _SCALE_TOP.search(lead[-_SCALE_REACH:]) is not None:
        return Refusal(value, span, "count.score", "a score or rating (“4 out of 5 stars”), not a count of outputs")
    if _in_quoted_title(text, span):
        return Refusal(value, span, "count.title", "a number inside a quoted title (“9 Ways to ...”), not a request")
    if _STANDING.match(lead):
        return Refusal(value, span, "count.standing", "a rule for later turns (“when I ask you a question, generate "
                                                      "three ...”): nothing is asked yet")
    if _CLOSING.match(lead) and text[:line_start].strip():
        return Refusal(value, span, *_CLOSING_REFUSAL)
    restated = _restated_object(text, lead, count_end)
    if restated is not None and (article := _RESTATED_ARTICLE.search(lead, 0, restated)):
        restated = article.start()  # "suggest a title, maybe 6 titles": the singular's article is no gap
    before = _read_lead(text, found, span, line_start)
    if (not before.at_least and restated is None and before.for_subjects is None and _measured(lead[-40:])
            and not _ends_with_request(lead) and before.list_of is None):  # (no "at least": `lead` is uncut)
        return _ways(text, found, value, span, line_start, lead) or Refusal(
            value, span, "count.measure", "a measure of one answer (in/up to/for/top ... N)")
    previous = before.previous
    if before.selects():
        return Refusal(value, span, "count.selection", f"a selection: “{previous.group(2)} {value}”")
    lead, start, for_subjects, list_of = before.text, before.start, before.for_subjects, before.list_of
    if before.at_least:
        kind = "open"
    if previous and lead[-2:-1].isalpha() and lead[-1:] == " " and previous.group(2).lower() in LABEL_NOUNS:
        return Refusal(value, span, "count.label", f"a number naming a part: “{previous.group(2)} {value}”")
    modifier = _numeric_modifier(text, count_end)  # "three 1000-word blog posts", "5 eleven minute talks"
    noun_start = modifier[1] if modifier else count_end
    phrase, phrase_end = _noun_phrase(text, noun_start)
    if not phrase:
        return _bare_count(text, value, span, lead) or Refusal(value, span, "count.no-noun", "no noun after the count")
    if _SERIES_OF.search(before.tail) and (not _SERIAL_PARTS.isdisjoint(word.lower() for word in phrase)
                                           or _PROGRESSION.match(text, phrase_end)):
        return Refusal(value, span, "count.series", "the parts of one series (“a series of 5 emails”), in order")
    if (PER_ITEM.match(text, phrase_end) and not _describes_each(text, phrase_end, phrase[-1])
            or _for_each_lead(lead)):
        return Refusal(value, span, "count.per-item", "a number per item (“for each”, “per”), not in all")
    if (rewritten := _rewritten(text, value, span, lead, phrase, phrase_end)) is not None:
        return rewritten
    lowered = _noun_window(text, noun_start)
    if modifier and len(phrase) > 1:  # "30-second" sizes each item: its unit is not the counted noun
        lowered = lowered[1:]
        phrase = [text[modifier[0]:modifier[1]] + phrase[0], *phrase[1:]]
    shape = None if for_subjects else _phrase_shape(text, [word.lower() for word in phrase[1 if modifier else 0:]]
                                                    or [""], lowered, phrase_end)
    if shape is not None and not (shape[0] == "count.aspects" and _outcomes_asked(text, lead, count_start, lowered,
                                                                                  phrase_end)):
        return Refusal(value, span, *shape)
    found_or_sized = _existing_or_length(text, lowered, phrase_end)
    if found_or_sized is not None:
        return Refusal(value, span, *found_or_sized)
    if (ranked := _SELECTED_AFTER.match(text, phrase_end)) is not None:
        return Refusal(value, span, "count.selection", f"a ranked selection (“{ranked.group(1)}”)")
    if (joined := _JOINED_AFTER.search(text, phrase_end, phrase_end + _JOINED_REACH)) is not None:
        return Refusal(value, span, "count.joined", f"parts of one artifact the request joins (“{joined.group(0)}”)")
    request = (_request(text, found, line_start, len(lead) if restated is None else restated, count_start, count_end)
               or _after_request_colon(lead) or _spread_over(lead, lowered) or (for_subjects and for_subjects[:2])
               or _what_is_plural(lead, phrase, text, phrase_end))
    generable = next((word for word in lowered if word in GENERABLE_NOUNS), None)
    if generable is None and (labelled := _labelled_run(lead)) is not None:  # (not "part 2 and 3 taglines for ...")
        return Refusal(value, span, "count.label", f"a number naming a part: “{labelled} … {value}”")
    if _revised_to(lead, lowered, generable):
        return Refusal(value, span, "count.revision", "the size a revision gives what was written before (“make it 2 "
                                                      "sentences”), not new outputs")
    if previous and lead[-1:].isspace() and _referred(previous, generable):
        return Refusal(value, span, "count.referred", f"a set the conversation already holds: “{previous.group(0)} "
                                                      f"{value}”, not outputs to generate")
    if (request is None or request[0] == "heading" and not (generable and _heading_ends(text, phrase_end))) and (
            _more_of_the_same(lead, lowered, generable, text, line_start)):
        request = "weak", "more"
    if before.give_my and not generable:  # "give my 3 kids a chore chart"
        return Refusal(value, span, "count.selection", f"a selection: “my {value}”")
    if (before.give_my or before.for_the_user) and previous is not None:
        start = line_start + max(0, len(lead) - 60) + previous.start(2)  # the template drops the "my" or "the"
    if request is None:
        return Refusal(value, span, "count.unrequested", "no request verb asks for the count")
    how, verb = request
    if _hands_over(lead[-40:]):
        return Refusal(value, span, "count.supplied", "things the user gives (“I will give you a list of 99 "
                                                      "categories”), not outputs to generate")
    if how == "heading" and not ((generable or _plural_title(text, line_start, phrase))
                                 and _heading_ends(text, phrase_end)):
        return Refusal(value, span, "count.unrequested", "a count starting a statement, not a request")
    if verb.lower() in _DIRECT_REQUESTS and not generable and not (
            lowered[:1] == ["more"] and lead.rstrip().lower().endswith(_OBJECT_ENDS)):  # "find me 5 more articles"
        return Refusal(value, span, "count.unrequested", f"“{verb}” finds or lays out what is there, not generable "
                                                         "items (“find 3 errors in this text”)")
    if verb.lower() in _HAVE_REQUESTS and not generable:
        return Refusal(value, span, "count.unrequested", f"“{verb}” asks for generable items only (“how can I have "
                                                         "two accounts” asks how)")
    if (_ROLE_DESCRIPTION.search(text, found, line_start, line_start + len(lead)) and _holds_role_play(text)
            and not _asked_before_material(text, line_start, start, count_end)):
        return Refusal(value, span, "count.role", "the count describes the role of a role-play set-up")
    examples = [*lowered, *(TOKEN.findall(list_of.group(0).lower()) if list_of else ())]  # "examples of 3 ..."
    if any(word in EXAMPLE_NOUNS for word in examples) and (explained := _EXPLAIN.search(text, found, 0, start)):
        return Refusal(value, span, "count.examples", f"examples of one explanation (“{explained.group(0)}”)")
    strong = how in ("strong", "question", "modal") and kind != "range"
    strength = "high" if strong and generable else "medium"
    evidence = (f"asked for with “{verb}”" if verb else "a heading") + (
        f", generable “{generable}”" if generable else "") + (", a range" if kind == "range" else "")
    return Count(value, span, (start, phrase_end), phrase, f"count.{kind}", strength, evidence, how == "heading")


def _bare_count(text: str, value: int, span: tuple[int, int], lead: str) -> Count | None:
    """A count with no noun after it that asks for that many of the generable things just named ("brainstorm some
    story ideas for me - six of them", "need names for a startup ... give me like twenty", "examples of metaphors
    ..., give me 12 with what each one means"): only asking words before it in its clause ("give me", "like",
    "another"), and after it no more than "of them", "please" or the end of its clause; the things are the last
    plural generable noun before it in its paragraph, asked for there ("give", "need", "brainstorm", ...), or
    after "another" the outputs just given. Medium: the noun and the count stand apart."""
    count_start, count_end = span
    tail = _BARE_TAIL.match(text, count_end)
    if tail is None or not 2 <= value <= MAX_BRANCHES:
        return None
    mark, mark_start = max(((mark, lead.rfind(mark)) for mark in _CLAUSE_MARKS), key=lambda found: found[1])
    clause = lead[mark_start + len(mark):] if mark_start >= 0 else lead
    words = TOKEN.findall(clause.lower())
    if not _BARE_LEAD_WORDS.issuperset(words) or not (words or mark.strip() in _DASHES or tail.group(1)):
        return None
    lead_start = count_start - len(lead)
    drop_start = lead_start + mark_start if mark_start >= 0 and mark in _DROPPED_MARKS else (
        count_start - len(clause.lstrip()))
    dropped = (drop_start, tail.end())
    asked_here = _BARE_ASKS.match(" ".join(words)) is not None
    blank = text.rfind("\n\n", 0, count_start)
    paragraph_start = max(blank + 2 if blank >= 0 else 0, count_start - _BARE_REACH)
    nouns = [noun for noun in _PLURAL_WORD.finditer(text, paragraph_start, drop_start)
             if noun.group(0).lower() in GENERABLE_NOUNS]
    if not nouns:  # "another 5 please": more of the outputs just given
        return Count(value, span, (drop_start, drop_start), [], "count.bare", "medium", "another N of the same",
                     dropped=dropped) if words[-1:] == ["another"] else None
    noun = nouns[-1]
    if not asked_here and _BARE_REQUEST.search(text, paragraph_start, noun.start()) is None:
        return None
    determiner = _DETERMINER_BEFORE.search(text, max(paragraph_start, noun.start() - _DETERMINER_REACH), noun.start())
    start = determiner.start(1) if determiner is not None else noun.start()
    phrase = TOKEN.findall(text[determiner.end(1) if determiner is not None else noun.start():noun.end()])
    return Count(value, span, (start, noun.end()), phrase, "count.bare", "medium",
                 f"a bare count of the “{noun.group(0)}” asked for before it", dropped=dropped)


_CLAUSE_MARKS = (",", ";", ":", ".", "!", "?", " - ", " – ", " — ")
_DROPPED_MARKS = (",", ";", " - ", " – ", " — ")  # a clause mark the bare count's words take with them
_DASHES = ("-", "–", "—")
# What may stand before a bare count in its clause, and what after it.
_BARE_LEAD_WORDS = frozenset({"give", "me", "gimme", "like", "about", "around", "maybe", "roughly", "say", "another",
                              "just", "please", "pls", "ok", "so", "and", "i", "need", "want", "make", "it", "do",
                              "can", "you", "u", "could"})
_BARE_ASKS = re.compile(r"(?:(?:just|ok|so|and|please|can|could|you|u)\s+)*(?:give\s+me|gimme|i\s+need|need|i\s+want|"
                        r"another|make\s+it|do)\b")
# (not ")": "and 4) Specific Examples" numbers a part)
# (Possessive runs: the blanks before a stop, or all but the one before "with", are taken at once; the plain
# `[ \t]*(?=...|[ \t]+(?:with|each|and)\b)` tried the lookahead from every blank of a run, reading the rest of it each
# time: 12,000 tabs after "Give me 5" took 2 s.)
_BARE_TAIL = re.compile(r"([ \t]++of[ \t]++(?:them|those|these))?(?:[ \t]*+(?:please|pls|plz)\b)?"
                        r"(?:[ \t]*+(?=[.,!?;\n]|$)|(?:[ \t](?=[ \t]))*+(?=[ \t](?:with|each|and)\b))", re.IGNORECASE)
_BARE_REACH = 300  # the generable noun a bare count refers to stands in its paragraph, this near it
_PLURAL_WORD = re.compile(r"\b[^\W\d_]+s\b")
# What asks for the things before a bare count names them ("need names for a startup", "brainstorm some ideas").
_BARE_REQUEST = re.compile(r"\b(?:give|gimme|need|want|brainstorm|suggest|write|generate|come\s+up\s+with|list|create|"
                           r"make|recommend|examples\s+of|think\s+of)\b", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(some|a\s+few|a\s+couple\s+of|several|more|few)\s+(?:[^\W\d_]+\s+)?$",
                                re.IGNORECASE)
_DETERMINER_REACH = 40


def _referred(previous: re.Match[str], generable: str | None) -> bool:
    """The words before a count point at a set the conversation already holds ("the above 10 topics", "the other
    three files"): `previous` is `_last_words` of the lead. "The other N" names that set only when no generable
    noun follows ("the other 3 slogans" may be the rest of a batch asked for before, as "3 more slogans" is)."""
    last = previous.group(2).lower()
    if (previous.group(1) or "").lower() == "the" and last in REFERRED_AFTER_THE:
        return last == "above" or generable is None
    return last in REFERRED_BEFORE


# A part's number and a joining word right before a count: the count numbers the next part ("write step 21 and 22",
# "chapters 3, 4", "days 5 to 7"), unless generable things follow it ("for chapter 2 and 3 taglines for chapter 5"
# asks for taglines). The label word is read from a short tail of the lead only. A lead that does not end with one of
# the joining words (before its blanks and a final line break, which `$` passes) is not searched: the regex tries its
# label at each of the tail's letters, ~3 µs a count.
_RUN_JOINERS = (",", "&", "and", "or", "to", "-", "–")
_LABELLED_RUN = re.compile(r"([^\W\d_]+)[ \t]+\d{1,4}[ \t]*(?:" + alternation(_RUN_JOINERS) + r")[ \t]*$",
                           re.IGNORECASE)


def _labelled_run(lead: str) -> str | None:
    """The label noun ("step", "chapters") of a run of part numbers the count goes on, else None."""
    run = _LABELLED_RUN.search(lead[-40:]) if (lead[-1:].isspace() or lead[-1:] in ",-–&") and lead.rstrip(
        " \t\n").lower().endswith(_RUN_JOINERS) else None
    if run is None:
        return None
    label = run.group(1).lower()
    return run.group(1) if label in LABEL_NOUNS or label.endswith("s") and label[:-1] in LABEL_NOUNS else None


# "make it 2 short sentences", "make this 6 words or shorter", "make it 2 separate files": the count resizes what was
# written before, it asks for no new outputs.
_REVISED_TO = re.compile(r"\bmake[ \t]+(?:it|this|that|them)[ \t]+(?:just[ \t]+|only[ \t]+)?$", re.IGNORECASE)
_UNIT_WORDS = frozenset(STRUCTURE_UNITS)


def _revised_to(lead: str, lowered: list[str], generable: str | None) -> bool:
    """ "make it N ..." sizes one text in units (sentences, words, lines) or things no one generates (files); with a
    generable noun and no unit ("make it 20 names instead of 10") it may ask for a new batch, and "make it 10 more"
    does, so those stay counts."""
    if lowered[:1] == ["more"] or _REVISED_TO.search(lead[-30:]) is None:
        return False
    return generable is None or not _UNIT_WORDS.isdisjoint(lowered)


@lru_cache(maxsize=1)
def _holds_role_play(text: str) -> bool:
    """Whether a role-play set-up (`ROLE_PLAY`) is anywhere in the prompt `text`. Cached: each count whose lead
    describes a role asks it again of the same prompt, and the search tests each of the cue's ~100 needles against the
    whole lowercased text (~300 µs on an 8,000-character prompt)."""
    return ROLE_PLAY.search(text) is not None


_EXPRESSION_MARKS = frozenset("+*/^=_<>|~%@#\\")  # glued to a number: an operator, an identifier or a label


def _in_quoted_title(text: str, span: tuple[int, int]) -> bool:
    """The count stands inside a quoted title on its line ("a critique of \"Explained in 9 Different Ways\"", "the
    book \"Seven Pillars of Wisdom\""): most of the quote's longer words are capitalised, as in a headline, not in a
    quoted request ("\"so write 10 sentences for me\"")."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    line_end = len(text) if line_end < 0 else line_end
    if text.find('"', line_start, line_end) < 0 and text.find("“", line_start, line_end) < 0:
        return False  # every quote opens with one of them: a line without either skips the regex
    starts, quotes = _quotes_on_line(text, line_start, line_end)
    at = bisect_left(starts, span[0]) - 1  # (the quotes are apart: only the last opening before the count may hold it)
    if at < 0 or quotes[at].end() <= span[1]:
        return False
    longer = [word for word in _WORD.findall(quotes[at].group(0)) if len(word) >= _TITLE_WORD]
    return len(longer) >= 2 and sum(word[0].isupper() for word in longer) * 4 >= len(longer) * 3


@lru_cache(maxsize=4)
def _quotes_on_line(text: str, line_start: int, line_end: int) -> tuple[list[int], list[re.Match[str]]]:
    """The double-quoted runs of a line, as read from its start, and where each opens (kept: a long line holding
    hundreds of counts was read again for each)."""
    quotes = list(_DOUBLE_QUOTED.finditer(text, line_start, line_end))
    return [quote.start() for quote in quotes], quotes


# A sentence setting a rule for later messages ("When I ask you a question, generate three follow-up questions",
# "Whenever I send a topic, write 5 hooks"): the material it applies to has not come yet.
_STANDING = re.compile(r"[\s\"“'‘]*(?:when(?:ever)?|every\s+time|each\s+time|any\s*time)\s+i\s+(?:ask|give|send|share|"
                       r"type|say|provide|paste|write|tell|enter|post)\b", re.IGNORECASE)
# A count asked as the closing part of a piece the prompt asked for before ("Explain heat conduction for children.
# ... At the end, make 5 questions from the explanation", "Finally, list 3 action plans"): the items end that one
# piece (the guide's "explain X and give 3 examples"), producing them is not the task.
_CLOSING = re.compile(r"\W*(?:(?:and|then)\s+)?(?:at\s+the\s+(?:very\s+)?end|in\s+the\s+end|finally|lastly|"
                      r"to\s+(?:finish|conclude|close|wrap\s+up)|at\s+the\s+bottom|al\s+final|à\s+la\s+fin|"
                      r"pour\s+finir|zum\s+schluss|am\s+ende|alla\s+fine|infine|no\s+final|в\s+конце)\b",
                      re.IGNORECASE)
_CJK_CLOSING = re.compile(r"\s*(?:마지막(?:에|으로)|끝으로|最后|最後|最終的に|最终)")
_CLOSING_REFUSAL = ("count.closing", "the closing part of a piece asked for before (“at the end, ...”), not the task")
_DOUBLE_QUOTED = re.compile(r"\"[^\"\n]{3,200}\"|“[^”\n]{3,200}”")
_TITLE_WORD = 4  # a title capitalises its longer words; "in", "of", "the" may stay lowercase


# "For each of the above recipes, suggest three changes": a clause before the count puts it on each of those items
# ("For each of these 3 products" counts the products: no comma before the count).
_FOR_EACH_LEAD = re.compile(r"\bfor (?:each|every)\b[^,.?!\n]{0,80},[^,.?!\n]{0,60}$", re.IGNORECASE)
# A match is at most "for every" and 80 + 1 + 60 characters long (none of its letters has a case stranger), and may end
# before a final line break: it starts within this many characters of the lead's end.
_FOR_EACH_REACH = len("for every") + 80 + 1 + 60 + 1
_EACH_RIGHT_BEFORE = re.compile(r"(?<![\w'’])(?:je|jeweils|each[ \t]+with|chacun(?:e)?[ \t]+avec|cada[ \t]+un[oa]"
                                r"[ \t]+con|ciascun[oa]?[ \t]+con)[ \t]+$", re.IGNORECASE)
_EACH_RIGHT_BEFORE_REACH = 20


def _for_each_lead(lead: str) -> bool:
    """Whether a "for each ...," clause ends right before the count, or a distributive word does ("6 Fragen (je 4
    Antwortmöglichkeiten)", "chacun avec 3 exemples"): searched over the lead's end only (a line's lead may be long,
    and it is read again for each count on it)."""
    return _FOR_EACH_LEAD.search(lead, max(0, len(lead) - _FOR_EACH_REACH)) is not None \
        or _EACH_RIGHT_BEFORE.search(lead, max(0, len(lead) - _EACH_RIGHT_BEFORE_REACH)) is not None
# "20 quizzes each with 4 choices", "3 poems each one about a season": "each" goes on to describe the counted items.
_EACH_FOLLOWER = re.compile(r"[ \t]+each[ \t]+([^\W\d_]+)", re.IGNORECASE)
_DESCRIBING = frozenset({"one", "with", "having", "containing", "including"})


def _describes_each(text: str, phrase_end: int, noun: str) -> bool:
    """Whether "each" after the counted noun describes each counted item ("20 Quiz each quiz has 4 Choices") instead
    of multiplying the count ("5 questions each", "3 ideas for each topic")."""
    follower = _EACH_FOLLOWER.match(text, phrase_end)
    if follower is None:
        return False
    word = follower.group(1).lower()
    return word in _DESCRIBING or word[:4] == noun[:4].lower()


def _give_my(previous: re.Match[str]) -> bool:
    """ "Give my 10 plausible ideas": "my" typed for "me" right after "give", when generable things are counted (a
    selection reads "the best 10", "my 10 favourite"; "give my 3 kids a chore chart" gives to them)."""
    return previous.group(2).lower() == "my" and (previous.group(1) or "").lower() == "give"


# "What are the 10 questions I should ask", "the five questions that I should ask myself": things to be made for the
# user (a generable noun, then the user and a modal), not a selection from a set that exists.
_FOR_THE_USER = re.compile(r"((?:[ \t]+[^\W\d_][\w'’-]*){1,3}?)[ \t]+(?:that[ \t]+)?(?:i|we)[ \t]+"
                           r"(?:should|could|can|might|must|need to|ought to)\b", re.IGNORECASE)


def _made_for_the_user(text: str, count_end: int) -> bool:
    """Whether "the N ..." goes on with generable things the user should or could use ("the 10 questions I should
    ask"): "the" then does not select among existing ones."""
    match = _FOR_THE_USER.match(text, count_end)
    return match is not None and any(word in GENERABLE_NOUNS for word in TOKEN.findall(match.group(1).lower()))


# "Would you recommend a channel name, about 10 names?": the count restates the request's object after a comma.
_RESTATED = re.compile(r",[ \t]*(?:about|around|roughly|approximately|maybe|say|like|some)?[ \t]*$", re.IGNORECASE)


# The article of the restated singular and at most two words before its noun ("a title", "a channel name").
_RESTATED_ARTICLE = re.compile(r"\b(?:a|an)[ \t]+(?:[^\W\d_][\w'’-]*[ \t]+){0,2}$", re.IGNORECASE)


def _restated_object(text: str, lead: str, count_end: int) -> int | None:
    """The length of the lead up to the noun that ends the clause before its comma when the count after the comma
    restates that noun ("the channel name, about 10 names"): the request is that clause's; None otherwise."""
    comma = _RESTATED.search(lead)
    if comma is None:
        return None
    before = _last_words(lead[:comma.start()])
    noun = _next_word(text, count_end).rstrip("s")
    return before.start(2) if before and len(noun) > 2 and before.group(2).lower().rstrip("s") == noun else None


# "write radio spots on six different health topics": each output on a topic of its own.
_SPREAD_OVER = re.compile(r"\b(?:on|covering|across|regarding)[ \t]+$", re.IGNORECASE)
_DIFFERENT = frozenset({"different", "distinct", "separate"})
_SPREAD_GAP = 6  # words between the request verb and "on": the plural outputs and what they are for


def _spread_over(lead: str, lowered: list[str]) -> tuple[str, str] | None:
    """("weak", verb) when a request verb asks for plural outputs spread "on N different topics" (one output per
    topic: n of them, medium as the count is the topics'), else None."""
    spread = _SPREAD_OVER.search(lead) if lowered[:1] and lowered[0] in _DIFFERENT else None
    request = _REQUEST.last(lead[:spread.start()]) if spread else None
    if spread is None or request is None or (request[0] and _stated_before(lead, request[0])):
        return None
    gap = lead[request[1]:spread.start()]
    plural = any(word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDS) for word in gap.lower().split())
    if not plural or len(gap.split()) > _SPREAD_GAP or _REQUEST_GAP_BREAK.search(gap):
        return None
    return "weak", lead[request[0]:request[1]]


# "Write captions for my next 6 photos", "Suggest titles for our 5 new podcast episodes": plural outputs, one for
# each of N subjects of the kinds that each get one (pictures, products, episodes; not people, which recipes or plans
# are sized for): N outputs, medium as the count is the subjects' (as "on six different topics").
_FOR_SUBJECTS = re.compile(r"\bfor[ \t]+((?:(?:my|our|your|the|these|all)[ \t]+)?"
                           r"(?:(?:next|following|upcoming|new)[ \t]+)?)$",
                           re.IGNORECASE)
_COUNTED_SUBJECTS = frozenset(subject for subject in OUTPUT_SUBJECTS if " " not in subject) - {"people", "characters",
                                                                                              "pets"}
_SUBJECT_REACH = 3  # the subject noun among the first words after the count ("7 new podcast episodes")


def _for_each_subject(text: str, lead: str, count_end: int) -> tuple[str, str, int] | None:
    """("weak", verb, where the template's phrase starts in the lead) when a request verb asks for plural generable
    outputs "for (my next) N <subjects>", one output per subject; None otherwise."""
    tail = _FOR_SUBJECTS.search(lead) if lead.endswith((" ", "\t")) else None
    if tail is None or _COUNTED_SUBJECTS.isdisjoint(_noun_window(text, count_end)[:_SUBJECT_REACH]):
        return None
    request = _REQUEST.last(lead[:tail.start()])
    if request is None or (request[0] and _stated_before(lead, request[0])):
        return None
    gap = lead[request[1]:tail.start()]
    words = gap.lower().split()
    if len(words) > _SPREAD_GAP or _REQUEST_GAP_BREAK.search(gap) or not any(
            word in GENERABLE_NOUNS and word.endswith("s") for word in words):
        return None
    return "weak", lead[request[0]:request[1]], tail.start(1)


# A follow-up asking for more of the outputs just given ("10 more please", "do 5 more", "Add 3 more questions",
# "these are great, do 10 more"): only openers, "do" or "add" before the count in its clause.
_MORE_OPENERS = frozenset({"please", "pls", "plz", "now", "so", "and", "also", "then", "kindly", "ok", "okay", "yes",
                           "great", "perfect", "thanks", "nice", "do", "add", "can", "could", "would", "you", "u"})


def _more_of_the_same(lead: str, lowered: list[str], generable: str | None, text: str, line_start: int) -> bool:
    """Whether "N more" asks for N more of the outputs just given: nothing but openers, "do" or "add" before it in
    its clause, and after "more" no noun or a generable one ("Add 2 more navigations" adds to one artifact, "6 more
    fire damage" states). "Add" asks so only in the prompt's first sentence (nothing but whitespace in `text` before
    the count's line, at `line_start`): after another request ("Rewrite this lesson. Add two more sentences") it
    adds to that request's one output. (The text before the line is read only then, not for every count that
    gets this far: a copy of up to the whole prompt each.)"""
    if lowered[:1] != ["more"] or not (len(lowered) == 1 or generable):
        return False
    words = TOKEN.findall(_clause_tail(lead).lower())
    return _MORE_OPENERS.issuperset(words) and ("add" not in words or not text[:line_start].strip())


_HEADING_PROMPT = 120  # the longest whole prompt read as a title of requested items ("5 frameworks for ad copy")
_NOT_PLURAL_ENDS = ("ss", "is", "us")


def _plural_title(text: str, line_start: int, phrase: list[str]) -> bool:
    """Whether the prompt is only a short title "N <plural noun> <preposition> ...": "5 frameworks for facebook ads
    copy" asks for the items whatever they are. A line heading more text titles what follows, and a count before a
    longer phrase names a kind ("5 star hotels in Paris", "2 sum problem", "5 whys analysis"). English plurals only;
    other languages' titles need a generable noun."""
    first = phrase[0].lower()
    return (len(text) <= _HEADING_PROMPT and not text[:line_start].strip() and "\n" not in text.strip()
            and len(phrase) == 1 and first.endswith("s") and not first.endswith(_NOT_PLURAL_ENDS))


def _ways(text: str, found: Probe, value: int, span: tuple[int, int], line_start: int, lead: str) -> Count | None:
    """ "Rewrite this sentence in 3 different ways", "dilo de cinco formas distintas": n versions of one task (medium:
    the request is the sentence's own verb, a rewrite or a generation). The phrase from "in" on is what the
    singular template drops."""
    measure = _last_words(lead.rstrip())
    if measure is None or measure.group(2).lower() not in _WAYS_MEASURES:
        return None
    phrase, phrase_end = _noun_phrase(text, span[1])
    if not any(word.lower() in VARIATION_NOUNS for word in phrase):
        return None
    verb = REWRITE.search(lead) or GENERATE.search(lead)
    request = verb.group(0) if verb else (lambda last: lead[last[0]:last[1]] if last else None)(_REQUEST.last(lead))
    if request is None:
        return None
    start = line_start + measure.start(2)
    return Count(value, span, (start, phrase_end), phrase, "count.ways", "medium",
                 f"{value} versions of one task, asked for with “{request}”")


_TIMES = frozenset({"times", "veces", "fois", "mal", "volte", "vezes", "раз"})


def _rewritten(text: str, value: int, span: tuple[int, int], lead: str, phrase: list[str],
               phrase_end: int) -> Count | None:
    """ "Rewrite this headline 5 times", "reformule cette phrase 3 fois": n rewrites of one text (medium, like "in 3
    ways"); any other "N times" is a unit of one answer. The count and "times" are what the template drops."""
    if not phrase or phrase[0].lower() not in _TIMES or len(phrase) > 1 and phrase[1].lower() != "more":
        return None
    verb = REWRITE.search(lead)
    if verb is None:
        return None
    end = text.index(phrase[0], span[1]) + len(phrase[0])  # the count and "times", not what may follow
    return Count(value, span, (span[0], end), phrase[:1], "count.ways", "medium",
                 f"{value} rewrites of one text, asked for with “{verb.group(0)}”")


def _noun_phrase(text: str, count_end: int) -> tuple[list[str], int]:
    """The words after a count up to punctuation, a line break, a stop word or, after a word, a participle saying
    what the outputs hold ("6 tweet ideas promoting ...") (at most four)."""
    phrase: list[str] = []
    phrase_end = count_end
    for word in _WORD.finditer(text, count_end, count_end + _REACH):
        if text[phrase_end:word.start()].strip(" \t") and not _adjective_comma(text, phrase_end, word.start(), phrase):
            break  # punctuation or a line break ends the noun phrase
        lowered = word.group(0).lower()
        if lowered in STOP_AFTER_COUNT or phrase and lowered in HEADING_PARTICIPLES:
            break
        phrase.append(word.group(0))
        phrase_end = word.end()
        if len(phrase) == 4:
            break
    return phrase, phrase_end


def _adjective_comma(text: str, end: int, next_start: int, words: list[str]) -> bool:
    """A comma after the count's first word, an adjective, goes on to the noun ("3 brief, cold emails"); after a
    plural or a stop word ("3 ideas, each ...") it ends the phrase."""
    if len(words) != 1 or text[end:next_start].strip(" \t") != ",":
        return False
    first, following = words[0], _next_word(text, next_start)
    return (first.isalpha() and first.islower() and not first.endswith("s") and first not in EN_IRREGULAR
            and first not in STOP_AFTER_COUNT and following not in STOP_AFTER_COUNT and following not in _THEN)


_THEN = frozenset({"then", "luego", "puis", "dann", "poi", "depois", "потом"})


def _noun_window(text: str, count_end: int) -> list[str]:
    """The lowercased words that say what is counted: the noun phrase, read on across "and"/"or" ("5 low-budget and
    easy recipes", "5 advantages and disadvantages"), at most six words."""
    words: list[str] = []
    position = count_end
    for word in _WORD.finditer(text, count_end, count_end + _REACH):
        if (text[position:word.start()].strip(" \t") and not _adjective_comma(text, position, word.start(), words)
                or len(words) == 6):
            break
        lowered = word.group(0).lower()
        if lowered in STOP_AFTER_COUNT and lowered not in _COORDINATION:
            break
        words.append(lowered)
        position = word.end()
    return [word for word in words if word not in _COORDINATION]


# "two different opening paragraphs", "3 alternative closing lines": pieces of text said to differ are versions to
# choose from, each an output, not the length of one.
_ALTERNATIVE = frozenset({"different", "alternative", "distinct", "separate"})
_TEXT_PIECES = frozenset({"paragraphs", "sentences", "lines", "verses", "stanzas", "sections", "pages"})


def _alternative_pieces(phrase: list[str]) -> bool:
    """Whether the counted words are pieces of text said to differ ("different opening paragraphs")."""
    return phrase[:1] != [] and phrase[0] in _ALTERNATIVE and phrase[-1] in _TEXT_PIECES


def _phrase_shape(text: str, phrase: list[str], lowered: list[str], phrase_end: int) -> tuple[str, str] | None:
    """(rule, message) when the counted words (the noun `phrase`, the wider window `lowered`) size or select within
    one answer, else None."""
    if any(word in _HARD_UNITS for word in phrase) and not _alternative_pieces(phrase):
        return "count.unit", "a unit of one answer (days, steps, paragraphs, people ...)"
    if phrase[-1] in _UNITS_OF and _next_word(text, phrase_end) in _OF and not _OF_EXAMPLE.match(text, phrase_end):
        return "count.unit", f"“{phrase[-1]} of” one text"
    selection = next((word for word in _up_to_generable(lowered) if word in SELECTION_AFTER or (
        len(word) > 5 and word.endswith("est") and word not in NOT_SUPERLATIVE)), None)
    if selection:
        return "count.selection", f"a ranked selection (“{selection}”)"
    aspect = next((word for word in lowered if word in ASPECT_NOUNS), None)
    if aspect:
        return "count.aspects", f"aspects of one answer (“{aspect}”)"
    return None


# "What is 10 issues of the region lately?": "is" typed for "are" in a question opening with the count, before a plural
# of things to list (generable, or issues, reasons, trends ...); "What is 12 inches in cm", "What is 2 plus 7" stay
# measures and sums.
_WHAT_IS = re.compile(r"\W*(?:(?:so|and|ok|okay|then)[ ,]+)?what[ \t]+is[ \t]+$", re.IGNORECASE)
_LISTED_PLURALS = frozenset({"issues", "things", "reasons", "trends", "risks", "mistakes", "habits", "uses", "skills",
                             "lessons"})


# A question about a titled thing, not for a list of things: "What is 10 Things I Hate About You about?", "What is 7
# habits of highly effective people about?", "What is 3 things in German?", "What is 4 skills in the curriculum called?".
_ABOUT_THE_NAME = re.compile(r"[^.?!\n]{0,80}?\b(?:about|called|named|mean|in\s+[A-Z][a-z]+)\s*\?")


def _what_is_plural(lead: str, phrase: list[str], text: str, phrase_end: int) -> tuple[str, str] | None:
    """("question", "what is") when the lead is only "What is " before a count of things to list, else None (also
    for a capitalised noun, a title, and for a question about the named thing itself)."""
    noun = phrase[-1].lower() if phrase else ""
    if (noun in GENERABLE_NOUNS or noun in _LISTED_PLURALS) and _WHAT_IS.fullmatch(lead) and not (
            phrase[-1][:1].isupper() or _ABOUT_THE_NAME.match(text, phrase_end)):
        return "question", lead.strip(" \t,").split()[-2] + " is"
    return None


# "Tell me 10 bad consequences of overworking", "can you write 9 benefits of walking": open-ended outcomes of a topic
# asked for by a telling or generation verb as the prompt's first request are items to generate one by one; after a
# question ("How did the river shape the region? List three impacts.") or with a recall verb they are aspects of one
# answer, and so are coordinated aspects ("5 advantages and disadvantages of ...").
_OUTCOME_NOUNS = frozenset({"benefits", "consequences", "advantages", "disadvantages", "drawbacks", "effects",
                            "impacts", "implications"})
_OUTCOME_REQUEST = re.compile(r"(?<![\w'’-])(?:write|tell|give|generate|create|suggest|provide|brainstorm|come up with)"
                              r"(?:[ \t]+(?:me|us))?[ \t]+$", re.IGNORECASE)
_FIRST_SENTENCE_END = re.compile(r"[.?!:;\n]")


def _outcomes_asked(text: str, lead: str, count_start: int, lowered: list[str], phrase_end: int) -> bool:
    """Whether the aspect nouns counted are outcomes of a topic asked for in the prompt's first sentence by a telling
    or generation verb right before the count ("please tell me 10 bad consequences of X"): one outcome noun, "of"
    and the topic after it, no sentence or question before it."""
    aspects = [word for word in lowered if word in ASPECT_NOUNS]
    return (len(aspects) == 1 and aspects[0] in _OUTCOME_NOUNS and _next_word(text, phrase_end) == "of"
            and _OUTCOME_REQUEST.search(lead[-40:]) is not None
            and count_start <= _REACH and _FIRST_SENTENCE_END.search(text, 0, count_start) is None)


# "8 habits which are the most likely to improve sleep": a relative clause ranking the counted things
# selects them, as "the 10 most ..." does.
_SELECTED_AFTER = re.compile(r"[^.?!\n]{0,60}?\b(?:that|which|who)\s+(?:are|were|will\s+be|would\s+be|could\s+be)\s+"
                             r"(?:the\s+)?(most|best|least|worst|top|biggest|greatest|largest|highest|lowest)\b",
                             re.IGNORECASE)


# "write 20 more tactics and combine them all in one table", "add 10 FAQs, then merge both lists": the counted things
# are joined into one artifact right after they are asked for ("combine with the brief above" joins no set).
_JOINED_AFTER = re.compile(r"\b(?:combine|merge|consolidate)\s+(?:them|all|both|everything|these|those)\b",
                           re.IGNORECASE)
_JOINED_REACH = 80


def _up_to_generable(lowered: list[str]) -> list[str]:
    """The counted words up to the first generable noun: a selection word after it qualifies something else ("ten
    business names suggestion top brand names": the names are not the top ones)."""
    head = next((index for index, word in enumerate(lowered) if word in GENERABLE_NOUNS), len(lowered))
    return lowered[:head + 1]


# A numeric modifier between the count and its noun: each item's own size ("three 1000-word posts", "5 30-second
# ads"); the noun phrase starts after it and keeps it in the singular template.
_HYPHENED_SIZE = re.compile(r"[ \t]+(\d{1,5}-)(?=[^\W\d_])")
_BLANKS = re.compile(r"[ \t]+")
_DIGITS_AT = re.compile(r"\d{1,3}(?!\d)")
# A spaced count before a singular unit does the same in English ("7 three sentence posts", "5 eleven minute talks",
# "5 10 minute talks"): its number words are the English table's (which holds every language's unambiguous ones),
# as the units are English words.
_SIZE_NUMBER_WORDS = number_words("en")


def _numeric_modifier(text: str, count_end: int) -> tuple[int, int] | None:
    """The span of the numeric modifier after a count, up to the noun phrase that follows it: "1000-" or a count
    and its blanks before a size unit ("ten ", "forty five "); None when there is none."""
    hyphened = _HYPHENED_SIZE.match(text, count_end)
    if hyphened:
        return hyphened.span(1)
    blanks = _BLANKS.match(text, count_end)
    if blanks is None:
        return None
    start = blanks.end()
    digits = _DIGITS_AT.match(text, start)
    size_end = digits.end() if digits else _SIZE_NUMBER_WORDS.spelled_at(text, start)
    unit = _SIZE_UNIT_AFTER.match(text, size_end) if size_end is not None else None
    return (start, unit.start(1)) if unit else None


# Works that exist and are found, cited or quoted, not generated ("3 real studies", "20 papers on X").
_EXISTING_MODIFIERS = frozenset({"real", "existing", "actual", "published", "peer-reviewed", "reais", "reales",
                                 "réels", "réelles", "reali", "echte", "existierende", "реальных"})
_EXISTING_NOUNS = frozenset({"studies", "papers", "citations", "references", "publications", "sources", "estudios",
                             "artículos", "études", "studien", "studi", "estudos", "исследований", "статей"})
# "real estate", "real-time": the modifier is part of a name, it does not say the works exist.
_REAL_COMPOUNDS = frozenset({"estate", "time", "world", "life"})
# "Make the course six modules long": the count sizes one artifact.
_LENGTH_AFTER = frozenset({"long", "in length", "de long", "lang", "de largo", "de comprimento"})


# "Write 100 words.", "100 words about iraq", "Five words max": the count is the length of one text, not words to
# find ("5 words that rhyme with light", "5 words meaning ..." go on with what each word must be).
_LENGTH_NOUNS = frozenset({"words", "word", "characters", "chars"})  # ("give 50 word on each": "words" mistyped)
# "two liner quotes", "3-liners": the count says how long each item is.
_ITEM_SIZES = frozenset({"liner", "liners"})
_AFTER_A_LENGTH = frozenset({"about", "on", "max", "maximum", "or", "limit", "only", "long", "at", "in", "to"})


def _existing_or_length(text: str, lowered: list[str], phrase_end: int) -> tuple[str, str] | None:
    """(rule, message) when the counted words name existing works to find or a length of one artifact."""
    existing = next((word for word, following in zip(lowered, [*lowered[1:], ""]) if word in _EXISTING_NOUNS or (
        word in _EXISTING_MODIFIERS and following not in _REAL_COMPOUNDS)), None)
    if existing:
        return "count.existing", f"existing works to find or cite (“{existing}”), not outputs to generate"
    if lowered[:1] and lowered[0] in _ITEM_SIZES:
        return "count.measure", "the size of each item in lines (“two liner quotes”), not a number of items"
    following = text[phrase_end:phrase_end + 14].strip().lower()
    if lowered and lowered[0] in _LENGTH_NOUNS and (lowered[1:2] == ["max"] or len(lowered) == 1 and (
            not following or following[0] in ".,;!\n" or _next_word(text, phrase_end) in _AFTER_A_LENGTH)):
        return "count.measure", "a length in words of one text (“100 words about Iraq”, “five words max”)"
    if _sizes_one_piece(lowered):
        return "count.measure", f"the length of one piece (“{lowered[0]} {lowered[1]}”), not a number of items"
    if lowered[-1:] == ["long"] or any(following == word or following.startswith(word + " ") or following.startswith(word + ".")
           for word in _LENGTH_AFTER):
        return "count.measure", "a length of one artifact (“... long”)"
    return None


# "a 10 sentence summary", "another 100 word story": a count before a singular soft unit (one that may be counted:
# "5 words meaning ...") and a singular noun sizes one piece ("5 sentence starters" and "10 word problems" count
# plural nouns; "character", a name as well as a unit, is left out: "20 character names"). The hard units ("a 5 minute
# speech") are refused as units already.
_PIECE_UNITS = frozenset({"word", "sentence"})


def _sizes_one_piece(lowered: list[str]) -> bool:
    """Whether the counted words are a singular length unit and a singular noun ("sentence summary")."""
    return (len(lowered) >= 2 and lowered[0] in _PIECE_UNITS and lowered[1] not in STOP_AFTER_COUNT
            and lowered[1].isalpha() and not lowered[1].endswith("s"))


def _next_word(text: str, position: int) -> str:
    word = _WORD.search(text, position, position + 40)
    return word.group(0).lower().rstrip("'’") if word and not text[position:word.start()].strip() else ""


def _heading_ends(text: str, phrase_end: int) -> bool:
    """A count with no request verb reads as a heading ("10 slogans for a gym", "5 Countries that start with S")
    when its noun phrase ends the line or a preposition/relative word follows, not a verb ("3 answers seem few")."""
    rest = text[phrase_end:phrase_end + 2].lstrip(" \t")
    if not rest or rest[0] in "\n:-–,.":
        return True
    following = _next_word(text, phrase_end)
    if following in HEADING_PARTICIPLES:
        participle = _WORD.search(text, phrase_end, phrase_end + 40)  # (the word `_next_word` read)
        return participle is not None and _PER_THING.match(text, participle.end()) is None
    return following in HEADING_FOLLOWERS


# "2 sentences using each word": the count sizes the outputs for each thing named, one set per thing, not n outputs.
_PER_THING = re.compile(r"[ \t]+(?:each|every)\b", re.IGNORECASE)


def _measured(lead: str) -> bool:
    """The words just before a count make it a measure ("in 3", "up to 5", "top 10", "$5")."""
    if lead[-1:] and lead[-1] in MEASURE_MARKS:
        return True
    before = lead.rstrip()
    if len(before) == len(lead):
        return False  # no space between the word and the count ("x3")
    words = _last_words(before)
    if words is None:
        return False
    previous, last = (words.group(1) or "").lower(), words.group(2).lower()
    # "l'in", "'jusqu'à": a measure word may follow an apostrophe or contain one
    parts = last.split("'")
    return f"{previous} {last}" in MEASURE_WORDS or any(
        "'".join(parts[index:]) in MEASURE_WORDS for index in range(len(parts)))


def _after_request_colon(lead: str) -> tuple[str, str] | None:
    """ "Add shop names to this list that fit: 12 fresh suggestions": a count opening the clause after a colon
    that closes a request reads as a heading of the requested items (generable ones, ending their line, as any
    heading), ("heading", "") then; a colon after no request word ("Tone: 3 Average") heads no request."""
    if not lead.rstrip(" \t").endswith(":") or _REQUEST.last(lead) is None:
        return None
    return "heading", ""


def _ends_with_request(lead: str) -> bool:
    request = _REQUEST.last(lead)
    return request is not None and _REQUEST_OBJECT.fullmatch(lead, request[1]) is not None


# "Provide me with 10 ways", "present us with 3 options", "share with me 50 ideas": the user the items go to, not a
# measure ("with 3").
_ME_WITH = re.compile(r"^[ \t]+(?:(?:me|us)[ \t]+with|with[ \t]+(?:me|us))(?=[ \t])", re.IGNORECASE)
# What may stand between a request verb and its count without making the count a measure: the user ("give me",
# "provide me with") and "only"/"exactly", which insist on the number ("Give me exactly 5 names").
_REQUEST_OBJECT = re.compile(r"(?:[ \t]+(?:me|us)(?:[ \t]+with)?)?(?:[ \t]+(?:only|exactly))?\s*", re.IGNORECASE)
# Words that may come before a (misspelt) request verb opening a request: openers and a polite question's.
_MISSPELT_OPENERS = frozenset({"can", "could", "would", "will", "you", "u", "pls", "plz", "please", "now", "so", "ok",
                               "okay", "kindly", "also", "then", "and", "hey", "hi"})


def _misspelt_request(lead: str) -> tuple[int, int] | None:
    """The span of the lead's first word after its openers when it is one typing slip away from a long generation
    verb ("Recommned 10 topics", "would you recommand ..."); an inflection ("created", "suggests") is no slip."""
    for word in _WORD.finditer(lead):
        lowered = word.group(0).lower()
        if lowered in _MISSPELT_OPENERS:
            continue
        return word.span() if lowered not in _WORDS_A_SLIP_AWAY and any(
            not lowered.startswith(verb) and _one_slip(lowered, verb)
            for verb in _MISSPELT_BY_FIRST.get(lowered[:1], ())) else None
    return None


# Words of their own one slip from a request verb ("Product: TrailMate 2 Headlamp" is a label, no "produce").
_WORDS_A_SLIP_AWAY = frozenset({"product", "compost", "crate"})


# The slipped verbs by their first letter: a slip keeps the first letter (`_one_slip`), so a word is tried against
# those only.
_MISSPELT_BY_FIRST = {first: tuple(verb for verb in MISSPELT_REQUESTS if verb[:1] == first)
                      for first in {verb[:1] for verb in MISSPELT_REQUESTS}}


def _one_slip(word: str, verb: str) -> bool:
    """Whether `word` is `verb` with one letter added, dropped or changed, or two neighbours swapped (same first
    letter: a slip inside the word)."""
    if word == verb or abs(len(word) - len(verb)) > 1 or word[:1] != verb[:1]:
        return False
    same = next((index for index, (a, b) in enumerate(zip(word, verb)) if a != b), min(len(word), len(verb)))
    if len(word) > len(verb):
        return word[same + 1:] == verb[same:]
    if len(word) < len(verb):
        return word[same:] == verb[same + 1:]
    return word[same + 1:] == verb[same + 1:] or (
        word[same:same + 2] == verb[same:same + 2][::-1] and word[same + 2:] == verb[same + 2:])


def _lead_start(text: str, count_start: int) -> int:
    """Where the text that decides whether a count is requested starts: its sentence or line, at most `_REACH`
    characters back (then at a word's start)."""
    reach = max(0, count_start - _REACH)
    start = 1 + max(text.rfind("\n", reach, count_start), text.rfind(".", reach, count_start),
                    text.rfind("?", reach, count_start), text.rfind("!", reach, count_start))  # (no generator)
    if start > reach or reach == 0:
        return max(start, reach)
    space = _SPACE.search(text, reach, count_start)
    return space.end() if space else count_start


def _request(text: str, found: Probe, lead_start: int, lead_length: int, count_start: int,
             count_end: int) -> tuple[str, str] | None:
    """How the count is asked for, and the words that ask: ("strong" | "weak" | "question", verb) for a request
    verb shortly before it ("give me 7"), ("modal", verb) for a polite question around it ("Kannst du mir sechs Ideen
    ... geben?"), ("heading", "") when nothing precedes it in its sentence ("10 slogans for ..."); None otherwise.
    `found` is the prompt's probe: a prompt without any request or modal word skips the searches."""
    lead = text[lead_start:lead_start + lead_length]
    if not lead.strip():
        return "heading", ""
    request = None if found.words.isdisjoint(_REQUEST.last_tokens) else _REQUEST.last(lead)
    request = request or _misspelt_request(lead)
    if request is not None:
        # "a list of" and "at least" are already cut off the lead; "me with" says who gets the items
        gap = _ME_WITH.sub("", lead[request[1]:], count=1)
        if len(gap.split()) > 4 or _REQUEST_GAP_BREAK.search(gap):
            return None
        verb = lead[request[0]:request[1]]
        if request[0] and _stated_before(lead, request[0]):
            return None  # "they list", "on vous donne", "NCAT can make": a statement, not a request
        if verb.lower() in _HAVE_REQUESTS and not _WH_WORDS.isdisjoint(TOKEN.findall(lead[:request[0]].lower())[-1:]):
            return None  # "how can I have 2 titles on one page": a question about having them
        if gap.lstrip(" \t").startswith(","):
            return None  # "according to the host list, 27 guests will bring": a noun before a comma, not a verb
        if _DETERMINER_END.search(lead, max(0, request[0] - 12), request[0]):
            return None  # "make each list 15 instead of 8": after a determiner the request word is a noun
        lowered = verb.lower()
        if lowered in _DIRECT_REQUESTS and not _OBJECT_PRONOUNS.issuperset(gap.lower().split()):
            return None  # "find the distance between two points": the count is not what is found
        return ("question" if lowered in _QUESTIONS else "weak" if lowered in WEAK_REQUESTS else "strong"), verb
    modal = _MODAL.search(text, found, lead_start, count_start)
    if modal is None or _REQUEST_GAP_BREAK.search(text, modal.end(), count_start) or _MODAL_GAP_NOUN.search(
            text, modal.end(), count_start):
        return None
    sentence_end = SENTENCE_END.search(text, count_end, count_end + _REACH)
    rest_end = sentence_end.end() if sentence_end else min(len(text), count_end + _REACH)
    verb_match = (_REQUEST_AFTER.search(text, found, count_end, rest_end)
                  or _INFINITIVE_REQUEST.search(text, found, lead_start, rest_end))
    return ("modal", f"{modal.group(0)} … {verb_match.group(0)}") if verb_match else None


# The user handing things over ("I will give you a list of 99 categories", "I'll send you 3 drafts"): the lead ends
# at the count (a "list of" before it is already cut off).
_SUPPLIED = re.compile(r"\b(?:give|send|provide|show|share|paste|hand)\s+(?:you|u)\s+(?:(?:all|the|my|these)\s+)?$",
                       re.IGNORECASE)
# Auxiliaries between a subject and the request verb ("the public can't name three", "NCAT can make three kinds",
# "the customer would like to create 2 campaigns"): with a subject other than the user or the assistant, the
# sentence says what someone does or can do.
_MODALS = frozenset({"can", "cannot", "could", "will", "would", "should", "must", "may", "might", "shall"})
_AUXILIARIES = _MODALS | {"t", "not", "like", "to", "wants", "needs", "is", "are", "going", "able", "be"}
_MODAL_NEEDLES = tuple(sorted(_MODALS - {"cannot"}))  # ("cannot" holds "can")
_ASKING_MODALS = frozenset({"can", "could"})
_ADDRESSED = frozenset({"you", "u", "i", "we", "please", "me", "us", "ll", "d"})


# "could you take the route nine timetable I sent and suggest ...": the verb a modal question puts after its count asks
# for it only when nothing but the addressee stands before the count; after "the" it is inside another noun phrase.
_MODAL_GAP_NOUN = re.compile(r"\bthe\b", re.IGNORECASE)
# "make each list 15 instead of 8", "the plan 3 ...": a request word right after a determiner is a noun.
_DETERMINER_END = re.compile(r"\b(?:the|each|every|this|these|those|my|your|our|their)[ \t]+$", re.IGNORECASE)


def _stated_before(lead: str, verb_start: int) -> bool:
    """A subject of the request verb's own clause or a modal after another subject: a statement ("they list", "on
    vous donne", "NCAT can make"). Not called for a verb opening the lead, before which there is nothing."""
    before = TOKEN.findall(_clause_tail(lead[max(0, verb_start - 30):verb_start]).lower())[-2:]
    if before[-1:] == ["we"] and before[0] in _ASKING_MODALS:
        return False  # "Can we generate 10 more?": the user asks, "we" is the conversation
    return any(word in _SUBJECTS for word in before) or _stated(lead[max(0, verb_start - 60):verb_start])


def _hands_over(tail: str) -> bool:
    """`_SUPPLIED.search(tail)`: each of its matches holds a "u" (of "you" or "u"), which most leads ("Give me ",
    "Write ") lack, so the regex is tried at each of their positions only when one is there."""
    return ("u" in tail or "U" in tail) and _SUPPLIED.search(tail) is not None


def _stated(before_verb: str) -> bool:
    """Whether the words before a request verb are a subject other than the user or the assistant and a modal
    ("the general public can’t name", "NCAT can make", "customer would like to create"). A modal opening its
    clause asks ("Can you list", "Could list"). A text whose lowercase holds no modal skips the tokens: a modal word
    among them is in it, lowercasing an ASCII letter's source alike in the text and in its clause's end."""
    return any(map(before_verb.lower().__contains__, _MODAL_NEEDLES)) and _subject_with_modal(before_verb)


def _subject_with_modal(before_verb: str) -> bool:
    """`_stated` read from the tokens of the request's own clause."""
    words = TOKEN.findall(_clause_tail(before_verb).lower())
    index = len(words)
    while index and words[index - 1] in _AUXILIARIES:
        index -= 1
    if index == len(words) or not _MODALS.intersection(words[index:]) or index == 0:
        return False
    return words[index - 1] not in _ADDRESSED and words[index - 1].isalpha()


def _clause_tail(words: str) -> str:
    """The end of `words` after its last comma, semicolon or colon: a subject makes a request a statement only in
    the request's own clause ("we address, what are 5 outcomes" asks; "they list 5" states)."""
    return words[max(words.rfind(","), words.rfind(";"), words.rfind(":")) + 1:]


# Words that may open an imperative sentence before its verb ("Please provide", "So create", "Now give me").
_IMPERATIVE_OPENERS = frozenset({"please", "now", "so", "and", "also", "finally", "then", "kindly", "ok", "okay",
                                 "bitte", "jetzt", "nun", "maintenant", "ahora", "ora", "agora", "теперь"})


def imperative_request(text: str, count: Count, after: int) -> bool:
    """Whether a request verb opens the sentence of `count` ("Give me 10 things ...", "Please provide at least three
    ...") and that sentence starts at or after `after`, or the count is asked of the assistant before the material
    it works on (`_asked_before_material`): in a prompt that opens with a role-play set-up, such a sentence is the
    user's own instruction, not a description of the role."""
    start = _lead_start(text, count.span[0])
    if count.heading:
        return False
    if _asked_before_material(text, start, count.phrase_span[0], count.span[1]):
        return True
    lead = text[start:count.phrase_span[0]]
    request = _REQUEST.last(lead)
    if start < after or request is None:
        return False
    return all(word in _IMPERATIVE_OPENERS for word in TOKEN.findall(lead[:request[0]].lower()))


# "you will give me 3 emails", "you'll then send us 5 ideas": a request verb with the user as its object, right
# after "you will" (English only).
_YOU_GIVE_ME = re.compile(r"\b(?:you will|you'll|you are going to)\s+(?:then\s+)?([^\W\d_]+)\s+(?:me|us)\s+$",
                          re.IGNORECASE)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_MATERIAL_CHARS = 150  # what follows the request's paragraph: the description or example it works on


def _asked_before_material(text: str, lead_start: int, phrase_start: int, count_end: int) -> bool:
    """ "… and you will give me 3 cold emails." and then, in a paragraph of its own, "Company description: <text>":
    in a role-play set-up, "you will give me N" asks for the outputs when the material they are made from follows
    (a role described before any input, "you will provide me 5 ways … I will give the details later", stays one)."""
    addressed = _YOU_GIVE_ME.search(text, lead_start, phrase_start)
    if addressed is None:
        return False
    request = _REQUEST.last(text[lead_start:phrase_start])
    if request is None or lead_start + request[0] != addressed.start(1):
        return False
    paragraph = _PARAGRAPH.search(text, count_end)
    return paragraph is not None and len(text) - paragraph.end() >= _MATERIAL_CHARS


def _cjk_counts(text: str, found: Probe, only: int | None) -> Iterator[Assessed]:
    """Every CJK count with a counter, assessed: Chinese asks with a verb right before the count ("推荐十本"),
    Japanese and Korean with one shortly after it in the same clause ("見出しを4つ提案して", "3つの山を挙げ").
    A request regex runs only when the prompt holds all the characters of one of its words."""
    for pattern, request, units, language in ((_ZH_COUNT, ZH_REQUEST, _ZH_UNIT_AFTER, "zh"),
                                              (_JA_COUNT, JA_REQUEST, _JA_UNIT_AFTER, "ja"),
                                              (_KO_COUNT, KO_REQUEST, None, "ko")):
        if not _holds(request, text, found) and not (language == "ja" and _holds(JA_POLITE_WORD, text, found)) and not (
                language == "zh" and _SET_QUESTIONS.issubset(found.chars)):
            continue
        for match in (_zh_count_matches(text, found.chars) if pattern is _ZH_COUNT else pattern.finditer(text)):
            counter = match.group("cls") or ""
            if not counter and match.group("count") not in JA_NATIVE:
                continue  # (first: a Japanese text's every number matches, its counter optional)
            value = cjk_number(match.group("count"))
            if value is None or not 2 <= value <= MAX_BRANCHES or (only is not None and value != only):
                continue
            if counter == "수" and not match.group("count").isdigit():
                continue  # "문을 열 수 있는": 열다 (to open) and "can", not ten poems
            if units is not None and (units.match(text, match.end()) or units.fullmatch(counter)):
                continue  # "5天", "3日", "2年": a measure, not items
            if pattern is _KO_COUNT and _KO_SIZED.match(text, match.end()):
                continue  # "세 문장으로 요약해": in three sentences, the size of one output
            if match.start() > 0 and (text[match.start() - 1].isdigit() or text[match.start() - 1] == "第"):
                continue  # (a longer number's tail; "第四部分": the fourth part, an ordinal)
            yield _assess_cjk(text, match, request, language, value)


# "出三道题", "出5道选择题": 出 right before a count of 道 with 题 (questions) after it in the clause sets that many
# questions; elsewhere 出 ends other verbs ("做出三道菜" made three dishes, "找出三道题中的错误" find in three questions).
_SET_QUESTIONS = frozenset("出道")
_SET_QUESTIONS_VERB = re.compile("(?<![找指选選挑看做])出")
_QUESTION_CHARACTERS = re.compile("[题題]")


_KO_FIND = ("찾아", "찾아 ")  # "논문을 20개 찾아줘": the request "줘" after "find", as the English "find me 20 papers"


def _holds(request: re.Pattern[str], text: str, found: Probe) -> bool:
    """Whether `request` matches in `text` (`found`: its probe, whose characters must hold those of a match)."""
    return (any(map(found.chars.issuperset, CJK_REQUEST_CHARACTERS[request]))  # (a C loop over the sets)
            and request.search(text) is not None)


def _zh_count_matches(text: str, chars: frozenset[str]) -> Iterator[re.Match[str]]:
    """`_ZH_COUNT.finditer(text)`, run only over the few characters before each classifier: a match ends at a
    classifier and starts at most `_ZH_COUNT_REACH` characters before it, and a classifier is never part of a count,
    so the windows (merged where they touch) hold the same matches. Scanning a long text for the count's three
    alternatives at every position costs more than finding its classifiers. `chars`: the characters of the
    prompt's probe (a superset of the text's)."""
    start = end = -1
    for position in _classifier_positions(text, chars):
        if position - _ZH_COUNT_REACH > end:
            if end >= 0:
                yield from _ZH_COUNT.finditer(text, start, end)
            start = position - _ZH_COUNT_REACH if position > _ZH_COUNT_REACH else 0
        end = position + 1
    if end >= 0:
        yield from _ZH_COUNT.finditer(text, start, end)


def _classifier_positions(text: str, chars: frozenset[str]) -> list[int]:
    """The offsets of the classifiers in `text`, in order: found by `str.find` for each classifier among `chars`
    (a superset of the text's characters), where a scan would test every character against the classifier class."""
    positions: list[int] = []
    for classifier in _ZH_CLASSIFIERS.intersection(chars):
        position = text.find(classifier)
        while position >= 0:
            positions.append(position)
            position = text.find(classifier, position + 1)
    positions.sort()
    return positions


def _assess_cjk(text: str, match: re.Match[str], request: re.Pattern[str], language: str, value: int) -> Assessed:
    span = match.span("count")
    start, end = match.span()
    counter = match.group("cls") or ""
    window_start = max(0, start - _CJK_CLAUSE_REACH)
    marks = [mark.end() for mark in _CJK_CLAUSE_END.finditer(text, window_start, start)]
    clause_start = marks[-1] if marks else window_start
    clause_end_match = _CJK_CLAUSE_END.search(text, end, end + _REACH)
    clause_end = clause_end_match.start() if clause_end_match else min(len(text), end + _REACH)
    verb: re.Match[str] | None
    if language == "zh":
        window_start = max(clause_start, start - 8)
        verbs = list(request.finditer(text, window_start, start))
        setting = _SET_QUESTIONS_VERB.match(text, start - 1) if counter == "道" and start else None
        if setting and _QUESTION_CHARACTERS.search(text, end, clause_end):  # "出三道题": set N questions
            verbs.append(setting)
        if not verbs or start - verbs[-1].end() > _ZH_VERB_GAP:
            return Refusal(value, span, "count.unrequested", "no request verb right before the count")
        verb, region = verbs[-1], text[verbs[-1].end():clause_end]
    else:
        reach = min(clause_end, end + _JA_VERB_REACH)
        verb = request.search(text, end, reach) or (
            JA_POLITE_REQUEST.match(text, end) if language == "ja" else None)
        if verb is None:
            return Refusal(value, span, "count.unrequested", "no request verb after the count in its clause")
        region = text[clause_start:verb.start()]
    if ROLE_DESCRIPTION.search(text, clause_start, start) and _holds_role_play(text):
        return Refusal(value, span, "count.role", "the count describes the role of a role-play set-up")
    if _CJK_CLOSING.match(text, clause_start, start) and text[:clause_start].strip():
        return Refusal(value, span, *_CLOSING_REFUSAL)
    if CJK_SELECTION.search(_CJK_ABOUT_TEXT.sub("", region) if "に" in region else region):
        return Refusal(value, span, "count.selection", "a ranked or given selection (最, 主要, これら ...)")
    if CJK_ASPECT.search(region):
        return Refusal(value, span, "count.aspects", "aspects of one answer or objects of a code task")
    if counter in CJK_PEOPLE_COUNTERS and not CHARACTER.search(region):
        return Refusal(value, span, "count.unit", "a count of people, not of generated items")
    if CJK_EXAMPLE.search(region) and CJK_EXPLAIN.search(text):  # "举三个例子说明X": examples illustrating one X
        return Refusal(value, span, "count.examples", "examples of one explanation")
    generable = counter in CJK_GENERABLE_COUNTERS or CJK_GENERABLE.search(region) is not None
    if not generable and language == "ko" and text.endswith(_KO_FIND, 0, verb.start()):
        return Refusal(value, span, "count.unrequested", "“찾아” finds what is there, not generable items (as "
                                                         "“find” does)")
    return Count(value, span, span, [], "count.cjk", "high" if generable else "medium",
                 f"asked for with “{verb.group(0)}”" + (", generable" if generable else ""))


# "a 10-question quiz", "a 5-item multiple choice test", "a 10 question quiz": a set sized by its number of questions,
# each of which can be written on its own (a one-question quiz per branch).
_SIZED_SET = re.compile(r"(?<![\w-])(\d{1,3})[- ](?:questions?|items?|problems?|exercises?)\b(?=(?:[ \t]+[\w-]+){0,3}?"
                        r"[ \t]+(?:quiz(?:zes)?|tests?|assessments?|exams?|questionnaires?|surveys?|worksheets?|"
                        r"trivia|practice sets?)\b)", re.IGNORECASE)
# The words every sized set holds: a prompt without one skips the sized-set regex, which has no literal to skip to.
_SIZED_WORDS = asked_words({"question", "questions", "item", "items", "problem", "problems", "exercise", "exercises"})
# The last digit of a sized set's count and the noun after it, which every `_SIZED_SET` match holds: starting with
# a digit, this regex lets the engine skip to digits, where `_SIZED_SET` (a lookbehind first) is tried whole at each
# position of the text.
_SIZED_HINT = re.compile(r"\d[- ](?:questions?|items?|problems?|exercises?)\b", re.IGNORECASE)
_ARTICLE_END = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)


def _sized_set_matches(text: str) -> Iterator[re.Match[str]]:
    """`_SIZED_SET.finditer(text)` from two characters before the first hint: a match's count (three digits at most)
    ends with a digit the hint matches at, so none starts earlier; the lookbehind still reads the characters before
    the search's start. A text without the hint has no match."""
    hint = _SIZED_HINT.search(text)
    return _SIZED_SET.finditer(text, max(0, hint.start() - 2)) if hint else iter(())


def _sized_sets(text: str, found: Probe, only: int | None) -> Iterator[Count]:
    """Each "a N-question quiz" a request verb asks for ("Create a 5-question multiple choice assessment"): n
    questions, medium (the questions of one quiz may be meant to cover a topic together)."""
    for match in _sized_set_matches(text):
        value = int(match.group(1))
        if not 2 <= value <= MAX_BRANCHES or (only is not None and value != only):
            continue
        line_start = _lead_start(text, match.start())
        lead = text[line_start:match.start()]
        article = _ARTICLE_END.search(lead)
        lead_length = article.start() if article else len(lead)
        request = _request(text, found, line_start, lead_length, match.start(), match.end())
        if request is None or request[0] == "heading":
            continue
        yield Count(value, match.span(1), match.span(1), [], "count.sized", "medium",
                    f"a set of {value} questions asked for with “{request[1]}”")


# Counts of any kind, refused ones too, read before giving up: a text of thousands of refused counts ("a list with 30
# a list with 30 …") cost ~0.15 ms each; a real prompt holds a few dozen at most (a pasted table of 34 before its
# request was met in review).
_ENOUGH_ASSESSED = 256


def assess_counts(text: str, words: NumberWords, found: Probe, only: int | None = None, *,
                  refusals: bool = True) -> Iterator[Assessed]:
    """The prompt's counts (of the value `only`, when given), requested or refused, at most `_ENOUGH_ASSESSED` of
    them: digits and number words first (with sets sized by their questions), then CJK counts. Without `refusals`
    (for a reader of requests only), some refusals are `_UNREAD`, not assessed."""
    return islice(_every_count(text, words, found, only, refusals), _ENOUGH_ASSESSED)


def _every_count(text: str, words: NumberWords, found: Probe, only: int | None,
                 refusals: bool) -> Iterator[Assessed]:
    if not (found.cjk or not found.words.isdisjoint(COUNT_TRIGGER_TOKENS) or _holds_digit(text, found)):
        return
    yield from _spaced_counts(text, words, found, only, refusals)
    if not found.words.isdisjoint(_SIZED_WORDS):
        yield from _sized_sets(text, found, only)
    if found.cjk:
        yield from _cjk_counts(text, found, only)


def _holds_digit(text: str, found: Probe) -> bool:
    """`_DIGIT.search(text)` (`found`: text's probe): where every decimal digit of the text is an ASCII one
    (`Probe.ascii_decimals`), ten substring tests, which `str.find` runs through at a fraction of the engine's cost
    (a Unicode category lookup a character; most real prompts hold no digit, so the regex read them to the end)."""
    if found.ascii_decimals(text):
        return any(map(text.__contains__, "0123456789"))
    return _DIGIT.search(text) is not None


_ENOUGH_COUNTS = 32  # requested counts read before deciding (`count_support`, `from_count`): bounds a text of them


def count_support(text: str, n: int, words: NumberWords, found: Probe) -> tuple[Count | None, Refusal | None]:
    """What the prompt says about a count of `n` items: the strongest request for exactly n, else the reason a
    count of n was refused (None, None when the prompt states no count of n)."""
    best: Count | None = None
    refusal: Refusal | None = None
    read = 0
    for assessed in assess_counts(text, words, found, only=n):
        if isinstance(assessed, Refusal):
            refusal = refusal or assessed
            continue
        read += 1  # requested counts only, as in `from_count` (a pasted table's refused counts may precede the request)
        if read > _ENOUGH_COUNTS:
            break  # a text repeating the same request thousands of times: reading them all cost ~0.1 ms each
        if assessed.strength == "high":
            return assessed, refusal
        if best is None:
            best = assessed
    return best, refusal


_KINDS = ("requested", "heading", "cjk")


def _kind(count: Count) -> int:
    return _KINDS.index("cjk" if count.rule == "count.cjk" else "heading" if count.heading else "requested")


def _inside(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def from_count(text: str, language: str | None, found: Probe, ignored: Iterable[tuple[int, int]] = (), *,
               explicit_only: bool = False) -> Decomposition | None:
    """One count of generated items ("7 catchy slogans"): `n` and a singular template. Counts inside the
    `ignored` spans do not count (read for each count found, and only then); with `explicit_only`, only a
    high-strength request counts."""
    # The first count of the best kind decides: a count a verb asks for, then a line that starts with a count (a
    # heading, perhaps of a pasted text), then CJK counters (read only when no spaced count was found). Two
    # different counts of that kind are two different requests ("5 slogans and 3 taglines"): no decomposition.
    count: Count | None = None
    best, conflict, read = len(_KINDS), False, 0
    for assessed in assess_counts(text, number_words(language), found, refusals=False):
        if not isinstance(assessed, Count) or _inside(assessed.span, ignored) or (
                explicit_only and assessed.strength != "high"):
            continue
        read += 1
        if read > _ENOUGH_COUNTS:
            break  # a text repeating the same request many times: more of them would not change the answer
        kind = _kind(assessed)
        if kind > best:
            if kind == _KINDS.index("cjk"):
                break  # the CJK counts come last: nothing better can follow
            continue
        if kind < best or count is None:
            count, best, conflict = assessed, kind, False
        elif assessed.value != count.value:
            if kind == 0:
                return None  # nothing can outrank two verb-requested counts
            conflict = True
    if count is None or conflict:
        return None
    template = singular_template(text, count, language)
    reasons = [Reason(count.rule, _COUNT_MESSAGES.get(count.rule, "a count of {n} items").format(n=count.value),
                      count.span)]
    category = "Character Generation" if CHARACTER.search(" ".join(count.phrase) or text) else "Repeated Generation"
    return Decomposition(category, template, reasons, n=count.value)
