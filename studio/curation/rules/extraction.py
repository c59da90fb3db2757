"""Extraction requests in any layout: a text to read and, beside it, a request naming two or more fields to pull out
of it, however they are listed (commas, bars, slashes, a column of lines, "1) ... 2) ...", "(a) ... (b) ...", the
keys of a JSON object or of a list of strings, a table's header row). `fields` reads the layouts it knows one by one
(the request first, its colon, the text after); this reader, tried after it, splits the prompt into the text and the
rest first, then looks for the request and its list in the rest. Why: three independent sets of hand-written
probes (session 36) put recall on extraction at a third, each set in layouts the others did not use, and fixes for
one set's layouts did not carry over to the next."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, islice

from store.models import Reason
from studio.curation.lexicon.matching import (
    TOKEN, BlankLed, LiteralGated, NeedleRegex, Probe, alternation, asked_words, lazily_closed, phrase_cue)
from studio.curation.lexicon.words import (
    ASKING_VERBS, ATTRIBUTE_NOUNS, EXTRACT_VERBS, FILL_VERBS, FORMAT_WITH_FIELDS, LIST_JOINING_WORDS,
    MIXED_EXTRACT_VERBS, PICK_OUT_VERBS, QUESTION_WORDS_START, SLAVIC_LETTERS)
from studio.curation.rules.base import (
    BLANK_LINE, MAX_BRANCHES, Decomposition, end_of_line, join_template, paragraphs, weighs)
from studio.curation.rules.categories import FROM_TEXT, MARKING_VERBS, TEXT_NOUN_WORDS, WEAK_EXTRACT_VERBS
from studio.curation.rules.fields import NEGATED_PIECE, field_name, fields_category
from studio.curation.rules.inline import best_clause_list
from studio.curation.rules.passages import RULE_LINE, TEXT_ABROAD_WORDS, fenced_blocks, instruction_region

# What asks for fields: a verb of extracting, picking out or filling in, or the output's keys ("return JSON with these
# keys", "Schema: {...}", "Output fields:"); verbs of the languages users mix in ("nikal do", "استخرج"). The weak
# verbs of `categories.WEAK_EXTRACT_VERBS` ("get", "give me", "list") and the asking words of `ASKING_VERBS` ("I need",
# "what's") count only pointing at the text ("from this").
_WEAK_VERBS = WEAK_EXTRACT_VERBS | MARKING_VERBS | frozenset(ASKING_VERBS)
_REQUEST_VERBS = (EXTRACT_VERBS + PICK_OUT_VERBS + FILL_VERBS + FORMAT_WITH_FIELDS + MIXED_EXTRACT_VERBS
                  + ASKING_VERBS)
_REQUEST = phrase_cue(_REQUEST_VERBS)
_STRONG_REQUEST = phrase_cue(tuple(verb for verb in _REQUEST_VERBS if verb not in _WEAK_VERBS))
# What a weak verb's pointer at the text holds (an arrow back at it too: "<the reply> <- what's the price ...?").
_POINTERS = ("from", "above", "below", "^", "out of", "in this", "<-", "←")
# The words of the pointers at the text in the languages users write (`_POINTS_ABROAD` is searched where one stands),
# looked up among the prompt's words; Devanagari ones as text (a vowel sign cuts a Devanagari word into tokens).
_POINTER_PREPOSITIONS_ABROAD = ("fra", "från", "z", "из", "з", "din", "dari", "من", "इसमें")  # (a blank follows)
_POINTER_ADVERBS_ABROAD = ("daí", "daqui", "deste", "desta", "dessa", "desse", "hieruit", "daaruit", "belőle", "ebből",
                           "abaixo", "acima", "ci-dessous", "ci-dessus", "ниже", "इससे")
_POINTERS_DEVANAGARI = tuple(word for word in _POINTER_PREPOSITIONS_ABROAD + _POINTER_ADVERBS_ABROAD
                             if "\u0900" <= word[0] <= "\u097f")
_POINTER_WORDS_ABROAD = asked_words(word for word in _POINTER_PREPOSITIONS_ABROAD + _POINTER_ADVERBS_ABROAD
                                    if word not in _POINTERS_DEVANAGARI)
# The output's keys: "with these keys", "using the following json fields", or a key noun before a colon in its line
# ("keys:", "Schema: {...}", "Output fields (in this order):").
_KEY_NOUNS = ("keys", "fields", "schema", "entities", "entity types")
_KEY_NOUNS_ABROAD = ("schlüsseln", "schlüssel", "feldern", "claves", "campos", "clés", "champs", "chiavi", "campi")
_KEY_WORDS_ABROAD = asked_words(_KEY_NOUNS_ABROAD)  # (looked up among the prompt's words)
_ALL_KEY_NOUNS = _KEY_NOUNS + _KEY_NOUNS_ABROAD  # (what `_keyed` finds)
_KEYS_BEFORE_REACH = 30  # "using the following json " before the noun
_KEYS_BEFORE = re.compile(r"\b(?:with|using|mit|con|avec|com)\s+(?:(?:these|the\s+following|the|den|folgenden|las|"
                          r"los|les|os|as|le|i|gli|seguintes|siguientes|suivantes)\s+){0,2}(?:json\s+)?$")
_COLON_AFTER = re.compile(r"\b[^\n:：]{0,25}[:：]")
# A line of code: one ending in a brace or a semicolon, or holding an assignment or a call.
_CODE_LINE = re.compile(r"[{};][ \t]*$|\w[ \t]*=[ \t]*\S|\w\([^()\n]*\)", re.MULTILINE)
_CODE_LINES = 3
_BULLETS = frozenset("-–—•*·")


def _of_code(line_mark: re.Match[str]) -> bool:
    """A `_CODE_LINE` match is code, unless it is the semicolon ending a bulleted line: the items of a list in
    prose end so in many languages ("— опыт работы от 3 лет;", "- rédiger les comptes rendus ;")."""
    if line_mark.group(0)[0] != ";":
        return True
    text = line_mark.string
    line_start = text.rfind("\n", 0, line_mark.start()) + 1
    return text[line_start:line_mark.start()].lstrip(" \t")[:1] not in _BULLETS


_TEXT_WEIGHT = 80  # the text to read: a sentence or two at least
# An arrow pointing from a request to its text or from a text to its names ("cv -> name email", "<the sms> -> amount
# merchant date"), and what a line of names without a verb may point at its text with.
_FORWARD_ARROWS = ("->", "→", "=>")
_ARROW = "(?:" + alternation(_FORWARD_ARROWS) + ")"
_POINTING_MARKS = ("from", "out of", *_FORWARD_ARROWS)
_POINTER_REACH = 120  # a weak verb's pointer at the text stands in its line, this near it
# "Extract" as a noun, no request: one a determiner stands before, or one no object follows ("the kind of leaf
# extract, ways of drying, and ..." in a pasted paper, "1 tsp vanilla extract." in a recipe).
_EXTRACT_NOUN_BEFORE = re.compile(r"\b(?:an?|the|this|that|its|their|of)[ \t]+$", re.IGNORECASE)
_EXTRACT_NOUN_AFTER = re.compile(r"[ \t]*[,.;)]")
_VERBS_READ = 4  # request verbs tried in the rest (a long rest repeating "list" is no request for fields)
_ITEM_WORDS = 6  # a field's name is short
_ITEM_CHARACTERS = 50

# A block set apart: a tagged one (<note>...</note>) or a fenced one (`passages.FENCED_BLOCK`); each is a candidate
# for the text.
_TAGGED = re.compile(r"<([A-Za-z][\w-]{0,20})>(.*?)</\1>", re.DOTALL)
_TAG_OPENER = re.compile(r"<([A-Za-z][\w-]{0,20})>")
# A label opening a text on its line ("Text:", "Email:", "sms:", "doc:", "[지문]", "Input blog paragraph:").
_LABEL = re.compile(r"[ \t]*(?:\[[^\]\n]{1,20}\]|(?:[^\W\d_][\w-]*[ \t]+){0,3}[^\W\d_][\w-]*[ \t]*[:：])[ \t]*")


def from_extraction_request(text: str, found: Probe) -> Decomposition | None:
    """Two or more fields to extract from a text, in any of the layouts the module names."""
    sectioned = _sectioned_fields(text, found)
    if sectioned is not None:
        return sectioned
    if not (_STRONG_REQUEST.may_match(found) or _may_name_keys(found)
            or _REQUEST.may_match(found) and (any(map(found.lowered.__contains__, _POINTERS))
                                              or not found.words.isdisjoint(_POINTER_WORDS_ABROAD)
                                              or any(map(text.__contains__, _POINTERS_DEVANAGARI))
                                              or _weak_verb_before_colon(found.lowered)
                                              or _asks_on_last_line(text, found) or _may_list_data(found)
                                              and _beside_a_text(text))):
        return _verbless_fields(text, found)  # (a weak verb counts only pointing at the text: cheap tests first)
    asked = _request(text, found)
    if asked is None:
        return _verbless_fields(text, found)  # (asked of the whole prompt first, before its paragraphs are read)
    beside = _lines_beside_a_line(text, asked[0])
    template_named = _names_template(text, asked[0])
    # (the lines under "fill that json from this:" first)
    spans = chain(beside, _text_spans(text)) if template_named else chain(_text_spans(text), beside)
    for start, end in spans:
        decomposition = _requested_fields(text, found, start, end)
        if decomposition is not None:
            return decomposition
    return _verbless_fields(text, found)  # (a weak verb beside the text may be no request: "need it for my sheet")


def _requested_fields(text: str, found: Probe, start: int, end: int) -> Decomposition | None:
    """The fields a request outside text[start:end] (the text to read) lists, as a decomposition."""
    rest = _rest(text, start, end)
    asked = _request(text, found, (start, end))
    if asked is None:
        return None
    request, verb_end, pointed = asked
    if _inside_material(text, request):
        return None  # "Improve the writing ...\n\nContent is below:\n...\n- Identify user pain, difficulty, barriers\n
        # ...": a verb inside the pasted material is its content, not the request
    listed = _listed_fields(rest, _in_rest(request, start, end), _in_rest(verb_end, start, end),
                            start if request < start else None)
    if listed is None or not 2 <= len(listed) <= MAX_BRANCHES:
        return None
    found_fields = _fields_in_prompt(text, start, end, listed, pointed)
    if found_fields is None:
        return None
    items, spans = found_fields
    if len(items) == 2 and not _SEPARATOR_MARK.search(text, spans[0][1], spans[1][0]) \
            and not all(map(field_name, items)) and not (pointed and all(map(_names_datum, items))):
        return None  # two joined by "and" alone are as often two sides of one task ("the information and details")
    if not pointed and not name_data(items) and not all(_SLOT_AFTER.match(text, end) for _, end in spans) \
            and not _named_as_keys(text, spans, asked[0]):
        return None  # a weak verb after a paragraph ("... can you give me headlines and ads?") asks it for data only
        # (slots to fill are fields whatever they name, and so are an output's keys)
    if pointed is None and len(items) < _ATTRIBUTE_FIELDS:
        return None  # (beside a text, pointing at nothing, two names are too few: "tell me group name and number")
    return _fields_of_text(text, start, end, items, spans,
                           Reason("fields.request", f"{len(items)} fields to extract, listed beside the text",
                                  (spans[0][0], spans[-1][1])))


def _inside_material(text: str, position: int) -> bool:
    """Whether a request verb at `position` is the pasted material's own word: after the instruction (past the end
    of `instruction_region`), inside a line (after a bullet or mid-sentence; a request opens its line, or follows a
    few words such as "please" or "can you": "take those out of this letter pls", "please complete the above"), and
    before another paragraph (a request after the pasted text ends the prompt)."""
    if position < instruction_region(text)[1]:
        return False
    lead = text[text.rfind("\n", 0, position) + 1:position].split()
    inside_a_line = len(lead) > _REQUEST_LEAD_WORDS or not all(word.isalpha() for word in lead)
    return inside_a_line and BLANK_LINE.search(text, position) is not None


_REQUEST_LEAD_WORDS = 3  # "could you please", "can u kindly": the most words a request line opens with before its verb


def _fields_in_prompt(text: str, start: int, end: int, listed: list[tuple[int, int]], pointed: bool | None = None,
                      facts: bool = False) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The fields listed at `listed` (spans of `_rest`) and their spans in the prompt, when each reads as a field's
    name, none is an aspect the text is judged on and the prompt is no code; else None. A request pointing at the
    text (`pointed` True: "from the traceback below") or on the short last line after it (False) for fields that name
    data may read code: a log line or a traceback holds data too. None: a request naming no text. `facts`: the
    fields are `_fact_clauses`, the first of which may be a clause too."""
    spans = [(_in_prompt(a, start, end), _in_prompt(b, start, end)) for a, b in listed]
    spans = _past_lead_in(text, spans)
    if len(spans) < 2:
        return None
    if (pointer := _POINTER_BEFORE_COLON.search(text, *spans[-1])) is not None \
            and _COLON_NEXT.match(text, spans[-1][1]) is not None:
        spans[-1] = (spans[-1][0], pointer.start())  # "find the tracking number, carrier and total in:": "total"
    for lead in (_ASKING_LEAD, _KEYS_LEAD, _ALL_LEAD):
        if (asking := lead.match(text, *spans[0])) is not None and asking.end() < spans[0][1]:
            spans[0] = (asking.end(), spans[0][1])  # "whats the store, the date and the total?": from "the store"
    past_name = _past_pointer(text, *spans[0])
    named_first = past_name > spans[0][0]
    spans[0] = (past_name, spans[0][1])
    if (trailing := _TRAILING_MARK.search(text, *spans[-1])) is not None:
        spans[-1] = (spans[-1][0], trailing.start())  # "..., agent name — from this listing pls": the mark leads
        # the rest
    items = [text[a:b] for a, b in spans]
    if items[0][:4].casefold() == "the " and _FIVE_WS.issuperset(item.casefold() for item in [items[0][4:], *items[1:]]):
        spans[0] = (spans[0][0] + 4, spans[0][1])  # "the who, what, when, where and why of this story": from "who"
        items[0] = items[0][4:]
    # (after the text's name a first field may be a wh-clause too, among three or more: "tell me from this press
    # release who the company is, how much they raised, who led the round"; so may it among `_fact_clauses`)
    first_clause = len(items) >= _ATTRIBUTE_FIELDS and (named_first or facts)
    everies = [_EVERY_LEAD.match(item) for item in items]  # ("every date, every dollar amount, ...": each its own)
    named = [item[every.end():] for item, every in zip(items, everies) if every] if all(everies) else items
    # ("all organizations, all people with their job titles, the deal value": "all" says it of its own field)
    named = [item[all_lead.end():] if (all_lead := _ALL_LEAD.match(item)) is not None else item for item in named]
    if not (_field_like(named[0], clause=first_clause) and all(_field_like(item, clause=True) for item in named[1:])
            or len(items) >= _ATTRIBUTE_FIELDS and _FIVE_WS.issuperset(item.casefold() for item in items[1:])
            and (items[0].casefold() in _FIVE_WS or _FACT_QUESTION.fullmatch(items[0]) is not None)):
        return None  # (bare question words name a news item's facts: "extract who, what, where and why")
    judged = sum(not _JUDGED.isdisjoint(item.casefold().split()) for item in items)
    if judged and (2 * judged >= len(items) or not all(_quoted_key(text, *span) for span in spans)):
        return None  # "the strengths, the weaknesses and the tone of the essay above": one review of the text (but
        # a few among the quoted keys of an output's schema are fields: {"product_name": ..., "pros": [string], ...})
    if sum(1 for _ in islice(filter(_of_code, _CODE_LINE.finditer(text)), _CODE_LINES)) == _CODE_LINES \
            and not (pointed is not None and name_data(items)):
        return None  # a schema, a config or code to work on: its identifiers are no fields of a text (a request
        # pointing at it or on the last line after it for data: "<a stack trace>\n\nwhats the exception type, the
        # class, the line number and the batch id")
    return items, spans


def _quoted_key(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a JSON object's key (`_JSON_KEY`), its colon after it: `"pros": [string]`."""
    key = _JSON_KEY.match(text, start - 1) if start else None
    return key is not None and key.span(1) == (start, end)


_TRAILING_MARK = re.compile(r"[ \t]+(?:[—–-]+|-+>|=>|→)$")  # (or an arrow at the answer: "who, when, how much ->")
# Words after which the fields follow, standing inside the first listed piece: "extract key information such as order
# id, store, carrier", "return JSON with keys order_id, carrier, delivery_date" (the list read from "text and return
# ..."). The fields start after the last one; the pieces before it are the request's.
_LEAD_IN = re.compile(r"(?:\b(?:such[ \t]+as|including|namely|keys|fields|columns|headers?)|(?<!\w)e\.g\.)"
                      r"[ \t]*[:：,]?[ \t]+(?=\S)", re.IGNORECASE)
_KEYS_LEAD_BEFORE = re.compile(r"\b(?:keys|fields|columns|headers)[ \t]*[:：]?[ \t]*$", re.IGNORECASE)
_KEYS_LEAD_REACH = 12
# A pointer at the text closing the last field before the colon that hands the text over ("... and total in:").
_POINTER_BEFORE_COLON = re.compile(r"[ \t]+(?:in|from|of|out[ \t]+of|within)$", re.IGNORECASE)
_COLON_NEXT = re.compile(r"[ \t]*[:：]")


def _past_lead_in(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The listed pieces from the last lead-in (`_LEAD_IN`) inside one of them but the last on, that piece cut after
    it; `spans` unchanged when none holds one."""
    for index in range(len(spans) - 2, -1, -1):
        lead = None
        for lead in _LEAD_IN.finditer(text, *spans[index]):
            pass
        if lead is not None:
            return [(lead.end(), spans[index][1]), *spans[index + 1:]]
    return spans


_POINTER_WORDS = re.compile(r"(?:from|in|out\s+of|de|du|aus|uit|da|do|dal|dalla)\s+(?:this|that|the|este|esta|ese|esa|"
                            r"ce|cet|cette|der|dem|diesem|dieser|deze|dit|deste|desta|questo|questa)\s+",
                            re.IGNORECASE)  # (and in the languages users mix in: "sacar de este correo el número")
_POINTER_NAME_WORDS = 3  # "press release", "school newsletter": a text's name of a few words
_NAME_WORD = re.compile(r"[\w-]+")
_TEXT_NAMES = TEXT_NOUN_WORDS | TEXT_ABROAD_WORDS  # (English and the languages users mix in)


def _past_pointer(text: str, start: int, end: int) -> int:
    """Where the first field starts past the text's name the request points with before it ("tell me from this press
    release who the company is, ...": "who the company is"); `start` when it opens with none."""
    pointer = _POINTER_WORDS.match(text, start, end)
    if pointer is None:
        return start
    for word in islice(_NAME_WORD.finditer(text, pointer.end(), end), _POINTER_NAME_WORDS):
        if word.group(0).lower() in _TEXT_NAMES:
            after = word.end()
            rest = len(text[after:end]) - len(text[after:end].lstrip())
            return after + rest if after + rest < end else start
    return start


# The word naming the keys a first field may carry ("to csv with header model,weight_g,...": from "model").
_KEYS_LEAD = re.compile(r"(?:headers?|columns?|keys|fields)[ \t]*[:：]?[ \t]+", re.IGNORECASE)
# The asking words a first field may carry when no verb list cut them off ("whats the store", "what is MOQ").
_ASKING_LEAD = re.compile(r"(?:what(?:['’]?s|\s+(?:is|are))|which\s+(?:is|are))[ \t]+", re.IGNORECASE)
# "All (of) the" before the first field says it of every field ("find all the IP addresses, timestamps and error
# codes in these logs"): the first field starts after it.
_ALL_LEAD = re.compile(r"all[ \t]+(?:of[ \t]+)?(?=[^\W\d_])", re.IGNORECASE)
# "Every" before each field says it of that field: each starts after it.
_EVERY_LEAD = re.compile(r"every[ \t]+(?=[^\W\d_])", re.IGNORECASE)


def _fields_of_text(text: str, start: int, end: int, items: list[str], spans: list[tuple[int, int]],
                    request: Reason) -> Decomposition:
    """The decomposition of fields `items` (at `spans`) to pull out of the text text[start:end], its context."""
    context = text[start:end].strip()
    context_start = text.index(context, start)
    instruction = (text[:start].strip() + "\n" + text[end:].strip()).strip()
    reasons = [request, Reason("passage.context", "the text to extract from becomes the context",
                               (context_start, context_start + len(context)))]
    return Decomposition(fields_category(items), join_template("{context}", instruction, "Field: {data}"), reasons,
                         data=items, context=context)


_ATTRIBUTE_WORDS = asked_words(ATTRIBUTE_NOUNS)
_ATTRIBUTE_REST = 300  # all the prompt says beside the text: a request of a line or two, not another document
_ATTRIBUTE_FIELDS = 3
# What asks to make something of the text rather than to pull data out of it ("Make a table chart showing items, the
# number and the price").
_MAKE_VERBS = re.compile(r"\b(?:make|write|create|generate|draw|build|design|compose|draft|rewrite|summari[sz]e|"
                         r"translate|plot)\b", re.IGNORECASE)


def _attribute_fields(text: str, found: Probe) -> Decomposition | None:
    """No verb asks for fields, yet a pasted text stands beside a request of a line or two whose list names three or
    more, most of them data a document holds (a price, a date, a phone): "Listing: ...\n\nWhat I need from it:
    make, model, year, mileage, asking price." Why: hand-written probes ask this way without an extraction verb as
    often as with one; naming data is what such lists share across their authors' layouts."""
    if not _may_list_data(found):
        return None  # (a set lookup: most prompts end here)
    longest: tuple[int, int, str] | None = None
    for index, (start, end) in enumerate(_text_spans(text)):
        if index == 1 and not _one_short_line_at_an_end(text):
            break  # (no request of one short line can stand beside a text of several paragraphs)
        rest = _rest(text, start, end)
        request = rest.strip()
        if index == 0:  # beside the longest block a request of a line or two, or of a paragraph and a label
            if not weighs(request, _ATTRIBUTE_REST):
                if BLANK_LINE.search(request) is None:
                    # (a line of data nouns alone: "<the car ad>\n\nmake model year mileage price location")
                    if (decomposition := _data_fields_beside(text, start, end, rest,
                                                             names_alone=_data_nouns_alone(request))) is not None:
                        return decomposition
                    break  # (a text's own label, "Bank:", may have stood for the request: the one paragraph's lines)
                longest = start, end, rest  # (unless the text runs over more paragraphs, the request's one line)
        elif "\n" not in request and not weighs(request, _AFTER_TEXT_WEIGHT):
            # beside a text of several paragraphs one short line (a text's own first paragraph is no request)
            return _data_fields_beside(text, start, end, rest)
    if longest is not None:
        return _data_fields_beside(text, *longest)
    # one paragraph: a first line of a request's length over the text, pointing at it ("cv -> name email phone skills
    # pls\n<the cv's lines>", "bp hr temp meds from note pls\n<the obs>"), or short enough to hold the names alone
    # ("name phone email and address\n<the message>")
    span = next(_lines_beside_a_line(text, 0), None)
    if span is not None:
        start, end = span
        named = _NAMED_TEXT_ARROW.match(text, len(text) - len(text.lstrip()), start)
        pointer = _FROM_NAMED.search(text, 0, start)
        if _points_at_text(text, 0, start) or _names_a_line_text(named) or _names_a_line_text(pointer):
            return _data_fields_beside(text, start, end, _rest(text, start, end))
        if start - (len(text) - len(text.lstrip())) <= _NAMES_LINE and (decomposition := _data_fields_beside(
                text, start, end, _rest(text, start, end), names_alone=True)) is not None:
            return decomposition
    return _names_asked_beside(text)


def _verbless_fields(text: str, found: Probe) -> Decomposition | None:
    """Fields no verb asks for: data listed beside a text (`_attribute_fields`), or entity types asked by a question
    (`_entity_question`)."""
    return _attribute_fields(text, found) or _entity_question(text, found)


# "which people, companies and cities appear in this text?", "quais pessoas, empresas e cidades aparecem nesse
# texto?": entity types asked by a question about the text (its verb: appear, are mentioned, occur).
# (Possessive runs: a lazy list of types may hold blanks, and with plain runs around it a run of 800 blanks after
# "what" was read once per split of it, cubically: 4.7 s. The run before the types no longer gives them blanks: the
# plain form did so only to bring types of one or two characters to three, never two fields. The run before the verb
# cannot give the verb a blank.)
_ENTITY_QUESTION = re.compile(
    r"(?:^|(?<=[\s¿]))(?:which|what|quais|quels|quelles|welche|cuáles|cuales|qué|que|quali|quale|какие)[ \t]++"
    r"(?P<types>[^?？\n]{3,120}?)[ \t]++(?:appear|are[ \t]+(?:mentioned|named|there)|occur|aparecem|aparecen|"
    r"s[ãa]o[ \t]+(?:mencionad|citad)[oa]s|se[ \t]+mencionan|apparaissent|sont[ \t]+(?:mentionn|cit)[ée]e?s|"
    r"kommen|werden|compaiono|sono[ \t]+(?:menzionat|citat)[ie]|упоминаются|встречаются)\b[^?？\n]{0,80}[?？]",
    re.IGNORECASE)
_ENTITY_QUESTION_WORDS = asked_words(("which", "what", "quais", "quels", "quelles", "welche", "cuáles", "cuales",
                                      "qué", "que", "quali", "quale", "какие"))


def _entity_question(text: str, found: Probe) -> Decomposition | None:
    """Two or more entity types asked by one question beside a text (`_ENTITY_QUESTION`), most of them type words
    (`fields_category` reads them as Named Entity Recognition): the types to find in that text. Why: users ask for
    entities this way as often as with "extract" or "find"; the question alone, without a text beside it or with
    other nouns listed, asks something else ("which countries and cities are worth a visit?")."""
    if found.words.isdisjoint(_ENTITY_QUESTION_WORDS) or "?" not in text and "？" not in text:
        return None  # (substring and set tests first: most prompts ask no such question)
    for split in _text_spans(text):
        rest = _rest(text, *split)
        if not weighs(rest.strip(), _ATTRIBUTE_REST):
            break
    else:
        return None
    question = _ENTITY_QUESTION.search(rest)
    listed = _pieces(rest, *question.span("types")) if question is not None else None
    if listed is None or len(listed) > MAX_BRANCHES:
        return None
    spans = [(_in_prompt(a, *split), _in_prompt(b, *split)) for a, b in listed]
    items = [text[a:b] for a, b in spans]
    if fields_category(items) != "Named Entity Recognition" or not all(map(_field_like, items)):
        return None
    return _fields_of_text(text, *split, items, spans, Reason("fields.entities", f"{len(items)} entity types asked "
                                                                              "of the text by a question",
                                                          (spans[0][0], spans[-1][1])))


_NAMES_LINE = 60  # a first line over its text that needs no pointer at it: a terse user's names, nothing more


def _fact_clauses(rest: str) -> list[tuple[int, int]] | None:
    """Three or more clauses asking facts a text states, beside it with no verb ("who got arrested, when, and where?",
    "what day is the bake sale, where is it, and who do i contact"): each opens with "who", "when", "where", "what",
    "which" or "how much/many/long", and no question mark stands between them."""
    if "," not in rest or not _FACT_WORD.search(rest):
        return None  # (cheap tests first: three clauses hold a comma, and most requests ask no wh-question)
    clause_list = best_clause_list(rest, minimum=_ATTRIBUTE_FIELDS)
    if clause_list is None or not all(_FACT_OPENING.match(item.lstrip()) for item in clause_list[0]) or any(
            "?" in rest[end:start] or "？" in rest[end:start] for (_, end), (start, _) in zip(clause_list[1],
                                                                                           clause_list[1][1:])):
        return None  # (questions asked one by one, "Who built it? When did it close? ...", are about the text)
    return clause_list[1]


_FACT_WORD = re.compile(r"\b(?:who|when|where|what|which|how)\b", re.IGNORECASE)
_FACT_OPENING = re.compile(r"(?:(?:and|also)\s+)?(?:who|who['’]s|whos|when|where|what|what['’]s|whats|which|"
                           r"how\s+(?:much|many|long))\b", re.IGNORECASE)


def _names_line(rest: str) -> tuple[int, int] | None:
    """The span of `rest` when it is one line of `_NAMES_LINE` characters at most ("name phone email address"), past
    a weak verb opening it ("need amount merchant date")."""
    stripped = rest.strip()
    if not stripped or len(stripped) > _NAMES_LINE or "\n" in stripped:
        return None
    start = rest.index(stripped)
    return _NAMES_VERB.match(rest, start).end(), start + len(stripped)


_NAMES_VERB = re.compile(r"(?:(?:pls|please|plz)[ \t]+)?(?:i[ \t]+)?(?:(?:need|get|give|gimme|pull|grab|want)[ \t]+"
                         r"(?:me[ \t]+)?)?", re.IGNORECASE)


def _names_asked_beside(text: str) -> Decomposition | None:
    """The data fields of a terse request beside a short text: names each asked with a question mark on a last line
    under the text ("<the bank's sms>\namount? merchant? date? balance?"), or on the text's own line, opening it
    ("price? size? colour? <the listing>") or after an arrow closing it ("<the sms> -> amount merchant date pls").
    Read as the longest block, the text's own label ("Bank:") stood for the request, or the line was one block."""
    last = _last_line(text)
    if last > 0 and ("?" in text or "？" in text) and _QUESTION_CUT_LINE.fullmatch(text.rstrip(), last) is not None:
        span = next(_lines_beside_a_line(text, last), None)
        return _data_fields_beside(text, *span, _rest(text, *span)) if span is not None else None
    span = text_beside_names(text)
    return _data_fields_beside(text, *span, _rest(text, *span)) if span is not None else None


def _data_nouns_alone(line: str) -> bool:
    """Whether a line of `_NAMES_LINE` characters at most holds `_ATTRIBUTE_FIELDS` or more words, each a datum's
    noun and nothing else ("make model year mileage price location"): the names of fields with no verb and no mark,
    which only a line of data nouns alone can be read as."""
    words = line.casefold().split()
    return len(line) <= _NAMES_LINE and len(words) >= _ATTRIBUTE_FIELDS and ATTRIBUTE_NOUNS.issuperset(words)


def text_beside_names(text: str) -> tuple[int, int] | None:
    """Where the text stands on a last line that opens with names each asked with a question mark ("price? size?
    colour? <the listing>") or closes with an arrow before a short list ("<the sms> -> amount merchant date pls"),
    when it weighs something; else None. (A prompt of one line is read for fields only when it has a colon, a
    request's sentence or this.)"""
    asks = text.count("?") + text.count("？") >= _ATTRIBUTE_FIELDS
    if not asks and "->" not in text and "→" not in text and "=>" not in text:
        return None  # (substring tests first: most prompts hold neither)
    end = len(text.rstrip())
    line_start = text.rfind("\n", 0, end) + 1
    opening = _QUESTION_CUT_LINE.match(text, line_start) if asks else None
    if opening is not None and weighs(text[opening.end():end], _SET_APART_WEIGHT):
        return opening.end(), end
    first = min((position for mark in _FORWARD_ARROWS
                 if (position := text.find(mark, line_start, min(end, line_start + _ARROW_TAIL))) >= 0), default=-1)
    if first > line_start and weighs(text[(after := _ARROW_LEAD.match(text, first).end()):end], _SET_APART_WEIGHT):
        return after, end  # ("name date total -> <the receipt>")
    arrow = max(text.rfind(mark, max(line_start, end - _ARROW_TAIL), end) for mark in _FORWARD_ARROWS)
    if arrow > line_start and weighs(text[line_start:arrow], _SET_APART_WEIGHT):
        return len(text) - len(text.lstrip()), arrow
    return None


_ARROW_TAIL = 100  # the names after a closing arrow fit in this

# Three or more names of up to four words, each closed by a question mark ("montant? commerçant? date? solde?")
_QUESTION_CUT_LINE = re.compile(r"[ \t]*(?:(?:[^\s?？]{1,20}[ \t]+){0,3}[^\s?？]{1,20}[?？][ \t]*){3,}")


# A label naming the fields, in a template's words: alone on its line ("### Keys", "Output fields:") or after a
# sentence, the fields after it ("Do NER on the text below. Entity types: PERSON, ORG, DATE.").
# ("KEYS >> a, b", "<fields>a, b</fields>", "Required keys (all strings):" over a column)
_FIELDS_LABEL = re.compile(
    r"(?:^|(?<=[.!?])[ \t])[ \t]*(?:#{1,4}[ \t]*|<)?(?:(?:output|required|target)[ \t]+)?"
    r"(?:fields|keys|entities|entity[ \t]+types|attributes)(?:[ \t]+to[ \t]+(?:extract|find|identify|return))?[ \t]*"
    r"(?:\([^()\n]{0,60}\)[ \t]*)?"
    r"(?:>>[ \t]*|[:：>][ \t]*|(?=\n|$))", re.IGNORECASE | re.MULTILINE)
_FIELDS_LABEL_WORDS = asked_words(("fields", "keys", "entities", "entity", "attributes"))  # (a label's, looked up)
# The names of a template's section holding the text to read ("### Input", "Text: ...").
_TEXT_SECTION = r"(?:input|text|document|passage|article|email|content|eingabe|entrada|texte|texto|testo)"
# A template's header of the text to read, alone on its line ("### Input", "Text:", "Review:"), and any header line.
_TEXT_HEADER = re.compile(r"^[ \t]*(?:#{1,4}[ \t]*)?(?:" + _TEXT_SECTION + r"|review|note)[ \t]*[:：]?[ \t]*\n",
                          re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"[ \t]*(?:#{1,4}[^\n]{0,40}|[^\W\d_][\w ]{0,30}[:：])[ \t]*$")
_SENTENCE_STOP = re.compile(r"[.;](?=[ \t]+[A-Z]|[ \t]*$)|</")
# A task named by a noun where no verb asks ("Do NER on ...", "TASK: key-value extraction").
_EXTRACTION_TASK = re.compile(r"\bNER\b|\bnamed[ \t]+entit|(?:\b|_)extraction\b", re.IGNORECASE)
# A template's text labelled on its own line's start ("Input: Booking confirmed for ...", "TEXT >> Founded in ..."),
# and the line of another section's label, which ends it ("Keys: ...", "Output:", "FORMAT >> JSON").
_TEXT_LABEL_INLINE = re.compile(r"^[ \t]*(?:#{1,4}[ \t]*)?" + _TEXT_SECTION + r"[ \t]*(?:[:：]|>>)[ \t]*(?=\S)",
                                re.IGNORECASE | re.MULTILINE)
_SECTION_LINE = re.compile(r"[ \t]*(?:#{1,4}[ \t]*)?(?:(?:output|required|target)[ \t]+)?(?:keys|fields|entities|"
                           r"entity[ \t]+types|attributes|output|format|instructions?|task|response|answer|schema|"
                           r"return)\b[^\n:：]{0,30}(?:[:：]|>>|$)", re.IGNORECASE)
# An item's type or description after its name ("min_years (integer)", "email: contact email").
_QUALIFIED_ITEM = re.compile(r"[ \t]*\([^()\n]{1,40}\)$|:[ \t]+\S[^\n]*$")
_UNDERLINE = re.compile(r"[ \t]*(?:-{3,}|={3,})[ \t]*\n")


def _sectioned_fields(text: str, found: Probe) -> Decomposition | None:
    """A template's sections: a label naming the fields ("### Keys", "Entity types:") over or before them, a text
    to read (headed "### Input" or "Text:", else the longest block) and a request or an NER task beside them. Why:
    developers trying a model write extraction prompts so, and the request's own line ("Extract entities.") lists
    nothing."""
    if found.words.isdisjoint(_FIELDS_LABEL_WORDS):
        return None  # (a set lookup: most prompts end here)
    for label in _FIELDS_LABEL.finditer(text):
        listed = _labelled_fields(text, label.end())
        if listed is None or not 2 <= len(listed) <= MAX_BRANCHES:
            continue
        span = _sectioned_text(text, listed[0][0], listed[-1][1])
        if span is None:
            continue
        start, end = span
        if _REQUEST.search(text, found, 0, start) is None and _REQUEST.search(text, found, end, len(text)) is None \
                and _EXTRACTION_TASK.search(text[:start] + text[end:]) is None:
            continue
        found_fields = _fields_in_prompt(text, start, end, [(_in_rest(a, start, end), _in_rest(b, start, end))
                                                             for a, b in listed], pointed=True)
        if found_fields is not None:
            items, spans = found_fields
            return _fields_of_text(text, start, end, items, spans,
                                   Reason("fields.sections", f"{len(items)} fields named under a template's label",
                                          (spans[0][0], spans[-1][1])))
    return None


def _labelled_fields(text: str, position: int) -> list[tuple[int, int]] | None:
    """The fields after a label ending at `position`: on its line up to its sentence's end, else under it one line
    cut by separators or a column of short lines (bulleted or bare), up to a blank line or the next header."""
    line_end = end_of_line(text, position)
    if text[position:line_end].strip():
        stop = _SENTENCE_STOP.search(text, position, line_end)
        return _pieces(text, position, stop.start() if stop is not None else line_end)
    column: list[tuple[int, int]] = []
    position = line_end + 1
    if (underline := _UNDERLINE.match(text, position)) is not None:
        position = underline.end()  # "Entities to find\n----------------\nSKILL, COMPANY, ..."
    while position < len(text):
        line_end = end_of_line(text, position)
        if not text[position:line_end].strip() or _TEXT_HEADER.match(text + "\n", position) is not None \
                or _TEXT_LABEL_INLINE.match(text, position) is not None:
            break  # (a blank line, or the text's own label: "text: |")
        if not column and (pieces := _pieces(text, position, line_end)) is not None and len(pieces) >= 2:
            return pieces  # "symptom, location, onset, severity"
        item = _LINE_ITEM.match(text, position, line_end)
        if item is None:
            break
        qualifier = _QUALIFIED_ITEM.search(text, *item.span(1))
        column.append((item.start(1), qualifier.start() if qualifier is not None else item.end(1)))
        position = line_end + 1
    return column if len(column) >= 2 else None


def _sectioned_text(text: str, first: int, last: int) -> tuple[int, int] | None:
    """The text the fields at text[first:last] are to be read from: a section headed as a text's, up to the next
    header, else the first of `_text_spans` apart from the fields; at least `_TEXT_WEIGHT` long."""
    for header in chain(_TEXT_HEADER.finditer(text), _TEXT_LABEL_INLINE.finditer(text)):
        start = header.end()
        end = start
        while end < len(text):
            line_end = end_of_line(text, end)
            if end > start and (_HEADER_LINE.fullmatch(text, end, line_end) is not None
                                or _SECTION_LINE.match(text, end, line_end) is not None) or end <= first < line_end:
                break
            end = line_end + 1
        section = text[start:end].strip()
        if section and weighs(section, _TEXT_WEIGHT) and (end <= first or start >= last):
            start = text.index(section, start)
            return start, start + len(section)
    return next((span for span in _text_spans(text) if span[1] <= first or span[0] >= last), None)


def _one_short_line_at_an_end(text: str) -> bool:
    """Whether the prompt's first or last paragraph is one line of at most `_AFTER_TEXT_WEIGHT` characters."""
    blocks = _paragraphs(text)
    return len(blocks) > 1 and any(end - start <= _AFTER_TEXT_WEIGHT and "\n" not in text[start:end]
                                   for start, end in (blocks[0], blocks[-1]))


_EXAMPLE_BEFORE = re.compile(r"\b(?:e\.g\.|eg|for\s+example|for\s+instance|example|sample)[ \t]*[:.]?\s*$",
                             re.IGNORECASE)
_EXAMPLE_REACH = 30


def _data_fields_beside(text: str, start: int, end: int, rest: str, names_alone: bool = False,
                        ) -> Decomposition | None:
    """`_attribute_fields` for the text text[start:end] and the short `rest` beside it; `names_alone`: `rest` is a
    first line that may hold nothing but the names, cut by blanks ("name phone email address\n<the message>")."""
    clause_list = best_clause_list(rest, minimum=_ATTRIBUTE_FIELDS, phrases_only=True)
    listed = clause_list[1] if clause_list is not None else _marked_line(rest) or (next(
        filter(None, (_blank_separated(rest, *line, pointed=True) for line in _lines(rest))), None)
        if any(map(rest.__contains__, _POINTING_MARKS)) else None) or (
        _blank_separated(rest, *line) if names_alone and (line := _names_line(rest)) is not None else None)
    facts = listed is None and (listed := _fact_clauses(rest)) is not None
    if listed is None or not _ATTRIBUTE_FIELDS <= len(listed) <= MAX_BRANCHES:
        return None
    first, last = listed[0][0], listed[-1][1]
    if names_alone and not ((not (lead := rest[:first].strip()) or _NAMES_VERB.fullmatch(lead + " "))
                            and _COURTESY_END.match(rest[last:].rstrip())):
        return None  # (the line holds the names alone: "Tell me the product, the rating and ..." asks of the text)
    if _MAKE_VERBS.search(rest, 0, first) is not None or _MAKE_VERBS.search(rest, last) is not None:
        return None  # (a field may be a car's "make")
    if _EXAMPLE_BEFORE.search(rest, max(0, first - _EXAMPLE_REACH), first) is not None:
        return None  # "e.g.\nMonth, Value, Number Of Payments": the header of an example of the output
    # (a log line is read for the data a request pointing at it names: "timestamp / service / latency from that line")
    found_fields = _fields_in_prompt(text, start, end, listed, True if _points_at_text(rest) else None, facts)
    if found_fields is None:
        return None
    items, spans = found_fields
    if not name_data(items) and _KEYS_LEAD_BEFORE.search(text, max(0, spans[0][0] - _KEYS_LEAD_REACH),
                                                          spans[0][0]) is None \
            and not _many_fields_asked(text, rest, items, spans):
        return None  # most fields name data ("year", "asking price"), not aspects or topics, unless the request
        # calls them keys or columns ("make a table with columns Drug | Dose | Frequency | Route from this note")
    if _heads_a_table(text, spans[0][0]):
        return None  # "Region | 2022 sales | 2023 sales\nNorth | 1,240 | 1,315": a table's columns, not fields asked
    return _fields_of_text(text, start, end, items, spans,
                           Reason("fields.attributes", f"{len(items)} data fields listed beside the text, no verb",
                                  (spans[0][0], spans[-1][1])))


def _heads_a_table(text: str, position: int) -> bool:
    """Whether the line at `position` cuts its cells with bars and the first line after it that is no markdown rule
    ("|---|---|") has as many bars and something in its cells: a table's header over its data. (A header over empty
    rows is a form to fill: "| Name | Start date |\n|---|---|\n| | |".)"""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    bars = text.count("|", line_start, line_end) if line_end >= 0 else 0
    if bars < 2:
        return False
    for _ in range(2):  # (the header's next line, or the one after its rule)
        next_end = text.find("\n", line_end + 1)
        row = text[line_end + 1:len(text) if next_end < 0 else next_end]
        cells = row.translate(_TABLE_RULE_MARKS).strip()
        if cells or row.count("|") != bars or next_end < 0:
            return bool(cells) and row.count("|") == bars
        line_end = next_end
    return False


_TABLE_RULE_MARKS = str.maketrans("", "", "|-: \t")


# Marks a no-verb request's line may cut its fields with instead of commas ("tracking no + carrier + ETA pls",
# "account number? billing period? amount due?"), and the courtesy word closing it.
_LINE_MARKS = re.compile(r"[ \t]*(?:[|/+]|\?(?=[ \t]+\S))[ \t]*")
_COURTESY_END = re.compile(r"(?:[ \t,]+(?:pls|plz|please|thanks|thx))?[ \t]*[?:：.!]*[ \t]*$", re.IGNORECASE)


def _marked_line(rest: str) -> list[tuple[int, int]] | None:
    """The fields of the request's line cut by bars, slashes, pluses or question marks (`_LINE_MARKS`), up to the
    end of the list (`_LIST_END`, a courtesy word): the line of `rest` giving the most, at least
    `_ATTRIBUTE_FIELDS`."""
    if sum(map(rest.count, "|/+?")) < _ATTRIBUTE_FIELDS - 1:
        return None  # (counted first: most requests cut their fields by commas)
    best: list[tuple[int, int]] | None = None
    for line_start, line_end in _lines(rest):
        if len(_LINE_MARKS.findall(rest, line_start, line_end)) < _ATTRIBUTE_FIELDS - 1:
            continue
        # (a question mark cuts the fields here, not the list; "(s)" marks a plural, it opens no aside)
        line = rest[line_start:line_end].replace("?", ",").replace("(s)", "   ")
        ending = _LIST_END.search(line)
        end = _COURTESY_END.search(rest, line_start, line_start + ending.start() if ending else line_end).start()
        spans, position = [], line_start
        for mark in [*_LINE_MARKS.finditer(rest, line_start, end), None]:
            piece_end = mark.start() if mark is not None else end
            if piece_end > position:
                spans.append((position, piece_end))
            position = mark.end() if mark is not None else end
        if len(spans) >= _ATTRIBUTE_FIELDS and (best is None or len(spans) > len(best)):
            best = spans
    return best


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line of `text`, without its surrounding blanks."""
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            offset = position + line.index(stripped)
            yield offset, offset + len(stripped)
        position += len(line) + 1


def name_data(items: list[str]) -> bool:
    """Whether at least two thirds of the fields name data a document holds ("year", "asking price"), or ask for a
    fact of it by a clause ("who's attending", "when it starts", "how much the deposit is")."""
    return 3 * sum(_names_datum(item) or _FACT_CLAUSE.match(item) is not None for item in items) >= 2 * len(items)


# A clause asking a fact a text states: a person, a time, a place or a quantity.
_FACT_CLAUSE = re.compile(r"(?:who|who['’]s|whos|when|where|how\s+(?:much|many|long|often)|what\s+time)\b",
                          re.IGNORECASE)


def _many_fields_asked(text: str, rest: str, items: list[str], spans: list[tuple[int, int]]) -> bool:
    """Four fields or more beside the text, at least one in five naming data (`_names_datum`), none holding a digit
    (but for a count of its own: "5 keywords") and none a question ("who brings the projector? what time does it
    start? ..." ask of a text too, and are questions; "what the agent promised" may be a field), asked by a request
    that sorts nothing into classes, prepares nothing and does not name them as kinds of one thing ("the type of
    communication, mail, email, social media, phone call"). Why: hand-written extraction requests name fields no
    word list holds ("the methods, the datasets, the baselines, the metrics and the code link"); among the 64,812
    real prompts, where such lists are most often parts of one task, four or more with a data noun among them and no
    number are rare (rules 2.86 moved two decisions, both held out: one to its label, one away)."""
    return len(items) >= _MANY_FIELDS and _SOME_DATA * sum(map(_names_datum, items)) >= len(items) \
        and not any(character.isdigit() for item in items for character in _LEADING_COUNT.sub("", item)) \
        and not any(QUESTION_WORDS_START.match(item) and _QUESTION_MARK_AFTER.match(text, end) for item, (_, end)
                    in zip(items, spans)) \
        and _NOT_ASKING_FIELDS.search(rest) is None \
        and _KINDS_OF.search(text, max(0, spans[0][0] - _KINDS_OF_REACH), spans[0][0]) is None


_MANY_FIELDS = 4
_LEADING_COUNT = re.compile(r"^\d{1,2}[ \t]+(?=[^\W\d_])")  # "5 keywords": how many to give, no number in a name
_QUESTION_MARK_AFTER = re.compile(r"[ \t]*[?？]")
_SOME_DATA = 5  # one field in five
_NOT_ASKING_FIELDS = re.compile(r"\b(?:classify|categori[sz]e|label|prepare|preparing|prepping)\b", re.IGNORECASE)
# (right before the list: kinds of one thing, or what a text holds: "The pv dataset contains:\ntimestamp, station, ...")
_KINDS_OF = re.compile(r"\b(?:(?:types?|kinds?|sorts?)[ \t]+of|contains?|consists[ \t]+of|comprises?)[ \t]*:?\s*$",
                       re.IGNORECASE)
_KINDS_OF_REACH = 20


def _names_datum(item: str) -> bool:
    """Whether a field's name holds a word naming data a document holds ("email", "asking price"), or is an
    output's key written as one ("dispatch_date", "expected_delivery_window": a developer's)."""
    return not _ATTRIBUTE_WORDS.isdisjoint(TOKEN.findall(item.casefold())) or _SNAKE_KEY.fullmatch(item) is not None


_SNAKE_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def _named_as_keys(text: str, spans: list[tuple[int, int]], request: int) -> bool:
    """Whether the fields are an output's keys: the request's line calls them keys or fields ("Return these keys in
    JSON: ..."), or half of them are written as keys ("order_id, items, courier, dispatch_date, ...")."""
    line_start = text.rfind("\n", 0, request) + 1
    return _KEYS_NAMED.search(text, line_start, end_of_line(text, request)) is not None or 2 * sum(
        _SNAKE_KEY.fullmatch(text, *span) is not None for span in spans) >= len(spans)


# A weak verb with the colon of its list right after it ("Give me: product, star rating, ...", "list these:").
# (the output's format may stand between the verb and its colon: "donne moi en json :", "give me in json:")
_VERB_OBJECT = (r"(?:\s+(?:me|us|these|them|the\s+following|format))?"
                r"(?:\s+(?:in|as|en|au\s+format)\s+(?:json|csv|yaml|xml))?[ \t]*")
_COLON_AFTER_VERB = re.compile(_VERB_OBJECT + "[:：]")
_VERB_BEFORE_COLON = re.compile(r"\b(?:" + "|".join(sorted((re.escape(verb) for verb in WEAK_EXTRACT_VERBS
                                                              | frozenset(ASKING_VERBS)), key=len, reverse=True))
                                + ")" + _VERB_OBJECT + "$")
_VERB_BEFORE_COLON_REACH = 40  # the words before a colon where its weak verb stands
_COLONS_READ = 8  # a request's colon comes early; code or a log holds hundreds


def _weak_verb_before_colon(lowered: str) -> bool:
    """Whether a weak verb stands right before one of the first colons of the lowercased prompt ("list:", "give me
    the following:"): each found by `str.find`, the words before it matched, not the whole prompt."""
    for colon in ":：":
        position = lowered.find(colon)
        for _ in range(_COLONS_READ):
            if position < 0:
                break
            if _VERB_BEFORE_COLON.search(lowered, max(0, position - _VERB_BEFORE_COLON_REACH), position):
                return True
            position = lowered.find(colon, position + 1)
    return False


# A weak verb's pointer at the text it asks of ("from this", "from above", "se" in "message se ... nikal do").
_POINTS_AT_TEXT = NeedleRegex(re.compile(r"\b(?:from|out\s+of)\s+(?:this|that|these|those|it|above|below|"
                                         r"the\s+above|the\s+following)\b|"
                                         r"\bfrom\s*[:：]|"
                                         r"\bin\s+this\s*[:：]|\^|<-|←", re.IGNORECASE),  # (an arrow back at the text)
                              ("from", "out", "this", "^", "<-", "←"))  # (what each alternative holds)
# The same in the languages users write ("fra mit boardingkort", "z toho", "din factura asta", "daí", "belőle",
# "من هذه", "इसमें से"), searched only where one of its words stands.
_POINTS_ABROAD = NeedleRegex(re.compile(
    r"\b(?:fra|från) +(?:mit|min|mitt|denne|dette|det)\b|\bz +(?:toho|tego|této|tej)\b|"
    r"\b(?:из|з) +(?:этого|этой|цього|цієї)\b|\bdin +(?:\w+\s+)?(?:asta|acest|această)\b|"
    r"\bdari +(?:\w+\s+)?(?:ini|itu)\b|\b(?:"
    + "|".join(word for word in _POINTER_ADVERBS_ABROAD if word not in _POINTERS_DEVANAGARI) + r")\b|"
    r"من +(?:هذه|هذا)|इसमें +से|इससे", re.IGNORECASE),
    tuple(f"{word} " for word in _POINTER_PREPOSITIONS_ABROAD) + _POINTER_ADVERBS_ABROAD)


def _points_at_text(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] points at the text: `_POINTS_AT_TEXT`, or a text's name right before "below" or
    "above" ("receipt below. I need ..."), each "below"/"above" found by `str.find` and the word before it looked
    up (one regex of the names before them would be tried at every position of the line)."""
    end = len(text) if end is None else end
    if _POINTS_AT_TEXT.search(text, start, end) is not None or _POINTS_ABROAD.search(text, start, end) is not None:
        return True
    lowered = text[start:end].lower()
    for pointer in ("below", "above"):
        position = lowered.find(pointer)
        while position > 0:
            words = lowered[max(0, position - 30):position].split()
            after = lowered[position + len(pointer):position + len(pointer) + 1]
            if words and words[-1] in TEXT_NOUN_WORDS and not after.isalnum() and lowered[position - 1].isspace():
                return True
            position = lowered.find(pointer, position + 1)
    return False


# A request on the prompt's short last line, after the text, asks of that text ("<listing>\n\nwhat's the rent, the
# deposit and the move-in date?"): no pointer needed.
_AFTER_TEXT_WEIGHT = 200


def _last_line(text: str) -> int:
    """Where the prompt's last line starts, when it is short enough for a request after a text; else -1."""
    end = len(text.rstrip())
    start = text.rfind("\n", 0, end) + 1
    return start if 0 < start and end - start <= _AFTER_TEXT_WEIGHT else -1


def _asks_on_last_line(text: str, found: Probe) -> bool:
    """Whether a request verb stands on the prompt's short last line (`_request` checks the text before it)."""
    start = _last_line(text)
    return start > 0 and _REQUEST.search(text, found, start) is not None


def _noun_extract(text: str, verb: re.Match[str]) -> bool:
    """Whether the request verb `verb` is the noun "extract" (`_EXTRACT_NOUN_BEFORE`)."""
    return verb.group(0).casefold() == "extract" and (
        _EXTRACT_NOUN_AFTER.match(text, verb.end()) is not None
        or _EXTRACT_NOUN_BEFORE.search(text, max(0, verb.start() - 8), verb.start()) is not None)


def _request(text: str, found: Probe, skip: tuple[int, int] = (0, 0)) -> tuple[int, int, bool | None] | None:
    """Where the request for fields starts in `text` outside text[skip[0]:skip[1]] (the text to read), where its verb
    ends (its start for keys), and whether it names a text by itself: its verb (a weak one only on a line pointing at
    the text, "give me feedback on grammar, structure and tone" asks nothing of a text, or on the short last line
    after the text: False, or in a short request beside it: None), else the output's keys. Searched with the
    prompt's own probe, window by window."""
    last_line = _last_line(text)
    after_text = 0 < last_line and skip[1] <= last_line  # (no `skip`: the prompt's first, permissive check)
    beside: tuple[int, int, None] | None = None  # a weak verb in a short request beside the text (`_beside_a_text`)
    short_request: bool | None = None  # (`_beside_a_text`, asked once)
    for window_start, window_end in ((0, skip[0]), (skip[1], len(text))):
        verb = _REQUEST.search(text, found, window_start, window_end)
        for _ in range(_VERBS_READ):
            if verb is None:
                break
            if _noun_extract(text, verb):
                verb = _REQUEST.search(text, found, verb.end(), window_end)
                continue
            line = text[max(text.rfind("\n", 0, verb.start()) + 1, verb.start() - _POINTER_REACH):
                        min(end_of_line(text, verb.end()), verb.end() + _POINTER_REACH)]
            if verb.group(0).casefold() not in _WEAK_VERBS or FROM_TEXT.search(line) \
                    or _points_at_text(line) or _COLON_AFTER_VERB.match(text, verb.end()):
                return verb.start(), verb.end(), True
            if after_text and verb.start() >= last_line:
                return verb.start(), verb.end(), False
            if beside is None and _lists_after(text, verb.end()):
                if short_request is None:
                    short_request = _may_list_data(found) and _beside_a_text(text, skip)
                if short_request:
                    beside = verb.start(), verb.end(), None  # (the last resort: a stronger request may come)
            verb = _REQUEST.search(text, found, verb.end(), window_end)
    if not _may_name_keys(found) or len(found.lowered) != len(text):
        return beside
    for window_start, window_end in ((0, skip[0]), (skip[1], len(text))):
        keyed = _keyed(found.lowered, window_start, window_end)
        if keyed is not None:
            return keyed, keyed, True
    return beside


def _keyed(lowered: str, start: int, end: int) -> int | None:
    """Where the output's keys are named in lowered[start:end] ("with these keys", "schema:", "output fields:"):
    each occurrence of a key noun found by `str.find`, then the words before or the colon after it checked."""
    found: list[int] = []
    for noun in _ALL_KEY_NOUNS:
        position = lowered.find(noun, start, end)
        while position >= 0:
            if position == 0 or not lowered[position - 1].isalnum():
                before = _KEYS_BEFORE.search(lowered, max(start, position - _KEYS_BEFORE_REACH), position)
                if before is not None or _COLON_AFTER.match(lowered, position + len(noun), end):
                    found.append(max(start, position - _KEYS_BEFORE_REACH) if before is not None else position)
                    break
            position = lowered.find(noun, position + 1, end)
    return min(found) if found else None


# The prompt's paragraphs, found once: the longest block, the other text spans and the request beside a text each
# walk them (a tuple: the cached value is shared).
_paragraphs = lru_cache(maxsize=4)(lambda text: tuple(paragraphs(text)))


_LIST_MARKS = (",", " and ", "|", "/", "+", "&", ";", ":", "?", "，", "、", "：", "1)")  # ("1) ... 2) ...")


def _lists_after(text: str, position: int) -> bool:
    """Whether the line from `position` on holds a mark that may cut a list (a substring test before the request
    beside a text is read)."""
    line = text[position:end_of_line(text, position)]
    return any(map(line.__contains__, _LIST_MARKS))


def _may_list_data(found: Probe) -> bool:
    """Whether the prompt holds two words naming data: what a weak verb's request beside a text needs, since its
    fields must name data (`name_data`)."""
    return len(found.words & _ATTRIBUTE_WORDS) >= 2


def _beside_a_text(text: str, skip: tuple[int, int] = (0, 0)) -> bool:
    """Whether the prompt is a text and a short request beside it (`_ATTRIBUTE_REST`): a weak verb there asks of
    that text, as on the last line after it. The text is the longest block, or all the paragraphs after a short first
    one or before a short last one when they weigh `_BESIDE_TEXT` at least: a set-up of a few short paragraphs
    before a request is no text to read. With `skip`, the text is text[skip[0]:skip[1]] (where the text to read is
    tried): the longest block beside a request of one paragraph, or a text that weighs `_BESIDE_TEXT` (a letter's
    short paragraphs are its own, not the request's)."""
    split = _text_and_rest(text)
    if skip != (0, 0):
        rest = _rest(text, *skip).strip()
        label = _LABEL.match(text, text.rfind("\n", 0, skip[0]) + 1, skip[0])
        return not weighs(rest, _ATTRIBUTE_REST) and (
            weighs(text[skip[0]:skip[1]], _BESIDE_TEXT) or skip == split and BLANK_LINE.search(rest) is None
            or label is not None and label.end() == skip[0]  # ("Notification: <text>": a labelled text)
            or split is None and skip == _under_a_naming_line(text))
    if split is not None and not weighs(_rest(text, *split).strip(), _ATTRIBUTE_REST):
        return True
    if split is None and _under_a_naming_line(text) is not None:
        return True
    blocks = _paragraphs(text)
    return len(blocks) >= 3 and any(
        not weighs(text[request[0]:request[1]], _ATTRIBUTE_REST) and weighs(text[start:end], _BESIDE_TEXT)
        for request, (start, end) in ((blocks[0], (blocks[1][0], blocks[-1][1])),
                                      (blocks[-1], (blocks[0][0], blocks[-2][1]))))


_BESIDE_TEXT = 300


def _under_a_naming_line(text: str) -> tuple[int, int] | None:
    """In a prompt of one paragraph, the lines under a first line of a request's length that names them as a text
    ("whats the store name, date and total on this receipt?\n<the receipt's lines>"): the text a weak verb there
    asks of, as one set apart by a blank line."""
    span = next(_lines_beside_a_line(text, 0), None)
    if span is None:
        return None
    pointer = _FROM_NAMED.search(text, 0, span[0]) or _ON_NAMED.search(text, 0, span[0])
    if _names_the_text(text, 0, span[0]) or _names_a_line_text(pointer):
        return span
    return None


def _may_name_keys(found: Probe) -> bool:
    """Whether the prompt holds a word `_keyed` needs: substring tests, before `_keyed`'s searches."""
    return any(map(found.lowered.__contains__, _KEY_NOUNS)) or not found.words.isdisjoint(_KEY_WORDS_ABROAD)


_GAP = "\n\n"  # what stands for the text in the rest: a blank line, so the lines around it stay apart


def _rest(text: str, start: int, end: int) -> str:
    """The prompt without the text to read text[start:end], a blank line in its place: where the request is."""
    return text[:start] + _GAP + text[end:]


def _in_prompt(position: int, start: int, end: int) -> int:
    """A position of `_rest` as one of the prompt."""
    return position if position < start else position - start - len(_GAP) + end


def _in_rest(position: int, start: int, end: int) -> int:
    """A position of the prompt outside text[start:end] as one of `_rest` (`_in_prompt`'s inverse)."""
    return position if position < start else position - end + start + len(_GAP)


_LINE_REQUEST = 200  # a request before the text on its own line, up to its colon
# The colon ending such a request on the text's line: not one of a time, a URL or a label of the text ("Bank: ...").
_REQUEST_COLON = re.compile(r"(?<=[^\W\d_])[:：][ \t]+(?=\S)")
# A text set apart from its request, by the colon of the request's own line or by the names beside it, may be shorter
_SET_APART_WEIGHT = 40
_REQUEST_PARAGRAPH = 300  # a request standing alone before or after a text of several paragraphs is short
_BACK_ARROW = re.compile(r"[ \t]*(?:<-+|<=|←)[ \t]*")
# The end of a request's first sentence, or an arrow or a dash pointing at the text after it ("... headline -> ...").
_SENTENCE_BREAK = re.compile(r"[.?!>→—-][ \t]+(?=\S)")  # (a mark to skip to; `_sentence_break` checks the rest)
_ARROWS = ("->", "=>", "→", "--", "—")
# A text pasted right after the words naming it, no mark between ("... from this text Passenger DUBOIS/CLAIRE Flight
# AF1234 ..."): the name ends the request.
_GLUED_TEXT = re.compile(r"(?<=\bfrom this )(?:text|msg|message|email|sms|receipt|note|ad|listing|post)[ \t]+(?=\S)",
                         re.IGNORECASE)


def _sentence_break(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first end of a sentence in text[start:end] ("." after a letter), or arrow or dash between blanks."""
    for mark in _SENTENCE_BREAK.finditer(text, start, end):
        at = mark.start()
        if text[at] in ".?!" and text[at - 1:at].isalpha() or text[at] in "→—" and text[at - 1:at] in (" ", "\t") \
                or text[at - 1:at + 1] in _ARROWS and text[at - 2:at - 1] in (" ", "\t"):
            return mark
    return None


def _text_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the text to read may stand, in the order tried: the longest block (`_text_and_rest`), then, for a text of
    several paragraphs (a receipt, an email, a job ad), all the paragraphs but a first or last one of a single short
    line, the request, or the text after a separator line, or after a one-line request's colon. Why: read as the
    longest paragraph alone, the rest of such a text buried the request among its own lines (an email's greeting, a
    ticket's header) and the fields were not found; tried after it, these change no decision the longest block
    makes. Lazily: most requests are read off the longest block, and the others cost a walk over the paragraphs."""
    longest = _text_and_rest(text)
    if longest is not None:
        yield longest
    tried = {longest}
    for span in _other_text_spans(text):
        if span not in tried:
            tried.add(span)
            yield span


@lru_cache(maxsize=4)  # (walked again of the same prompt by the request's reader and the data-word reader)
def _other_text_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`_text_spans` after the longest block."""
    return tuple(_walk_other_text_spans(text))


def _walk_other_text_spans(text: str) -> Iterator[tuple[int, int]]:
    """`_other_text_spans`, one at a time."""
    blocks = _paragraphs(text)
    if not blocks:
        return
    if colon := _REQUEST_COLON.search(text, blocks[0][0], min(blocks[0][1], blocks[0][0] + _LINE_REQUEST)):
        start, end = colon.end(), end_of_line(text, blocks[0][0]) if len(blocks) > 1 else blocks[0][1]
        if weighs(text[start:end], _TEXT_WEIGHT if "\n" in text[blocks[0][0]:start] else _SET_APART_WEIGHT):
            yield start, end  # "From this SMS get the merchant and the amount: <the SMS>", on one line
    sentence = (_sentence_break(text, blocks[0][0], min(blocks[0][1], blocks[0][0] + _LINE_REQUEST))
                or _GLUED_TEXT.search(text, blocks[0][0], min(blocks[0][1], blocks[0][0] + _LINE_REQUEST))) \
        if len(blocks) == 1 else None
    if sentence is not None and "\n" not in text[blocks[0][0]:sentence.start()] \
            and weighs(text[sentence.end():end_of_line(text, sentence.end())], _TEXT_WEIGHT) \
            and _names_the_text(text, blocks[0][0], sentence.start()):
        yield sentence.end(), blocks[-1][1]  # "Find the venue and the RSVP deadline in this invite. You're invited!
        # Join us ...": the text right after the request's sentence, which names it (in a prompt of one paragraph)
    arrow = _BACK_ARROW.search(text, max(blocks[-1][0], blocks[-1][1] - _LINE_REQUEST), blocks[-1][1]) \
        if "<-" in text or "←" in text else None
    if arrow is not None and "\n" not in text[arrow.end():blocks[-1][1]] \
            and weighs(text[blocks[0][0]:arrow.start()], _TEXT_WEIGHT):
        yield blocks[0][0], arrow.start()  # "<the supplier's reply> <- what's the price per unit, ...?": an arrow
        # from the request back at the text before it
    if len(blocks) == 2 and (label := _LABEL.match(text, blocks[1][0], blocks[1][1])) is not None \
            and text[label.end():end_of_line(text, label.end())].strip() \
            and weighs(text[label.end():blocks[1][1]], _TEXT_WEIGHT):  # (the text on its label's line: no form)
        yield label.end(), blocks[1][1]  # "<a request's paragraph>\n\nNotification: Card ending ...": a labelled text
    if len(blocks) < 3:
        return
    # (a request is a line of its own; the fields after the text may be a column: "-> booking ref\n-> ...")
    line = [end - start <= _REQUEST_PARAGRAPH and "\n" not in text[start:end] for start, end in (blocks[0], blocks[-1])]
    for first, last in ((1, len(blocks) - 1), (0, len(blocks) - 2), (1, len(blocks) - 2)):
        if (first and not line[0]) or (not first and not line[1]) or last <= first:
            continue  # (the request before the text, after it, or before it with the fields after it)
        start, end = _past_label_line(text, blocks[first][0]), blocks[last][1]
        if weighs(text[start:end], _TEXT_WEIGHT):
            yield start, end
    separator = RULE_LINE.search(text, blocks[0][1])
    if separator is not None and weighs(text[separator.end():], _TEXT_WEIGHT):
        yield separator.end(), len(text.rstrip())  # "fill this out using the email below\n<form>\n---\n<email>"




def text_after_request_sentence(text: str, found: Probe) -> bool:
    """Whether the prompt opens with a sentence pointing at a text that follows it on the same line ("Find the venue
    and the RSVP deadline in this invite. You're invited! ..."): a one-line prompt with no colon is read for fields
    only then (a search of its first `_LINE_REQUEST` characters, where a request verb stands)."""
    if not weighs(text, _TEXT_WEIGHT) or not _REQUEST.may_match(found):
        return False
    sentence = _sentence_break(text, 0, _LINE_REQUEST) or _GLUED_TEXT.search(text, 0, _LINE_REQUEST)
    return sentence is not None and weighs(text[sentence.end():], _TEXT_WEIGHT) and _REQUEST.search(
        text, found, 0, sentence.start()) is not None and _names_the_text(text, 0, sentence.start())


def _names_the_text(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] points at the text or names it as a source ("in this invite", `FROM_TEXT`)."""
    return _points_at_text(text, start, end) or FROM_TEXT.search(text, start, end) is not None


def _lines_beside_a_line(text: str, verb: int) -> Iterator[tuple[int, int]]:
    """In the paragraph holding the request's verb (at `verb`), the lines after a first one, or those before a last
    one, when that line is a request's length and holds the verb: "could u extract address, asking price ... from this
    listing? thx\n<the listing's lines>", a text pasted right under or over its request, with no blank line between
    (in a prompt of one paragraph, or under a template the request names: "<a CSV header>\n\nfill a csv row with
    those columns from this:\n<the text>"). For a verb's request only: a line of such a text is no request of data
    fields without one."""
    blocks = _paragraphs(text)
    holding = [block for block in blocks if block[0] <= verb < block[1]]
    verb_line_end = end_of_line(text, verb)
    template_named = bool(holding) and _names_template(text, verb)
    if len(blocks) != 1 and not template_named:
        return
    start, end = holding[0] if holding else blocks[0]
    if template_named and verb_line_end < end and verb_line_end - text.rfind("\n", start, verb) <= _LINE_REQUEST \
            and weighs(text[verb_line_end + 1:end], _TEXT_WEIGHT):
        yield verb_line_end + 1, end  # (the template right over the request's line: '{"hotel": "", ...}\nfill that
        return  # json from this confirmation:\n<the confirmation>')
    first_end = text.find("\n", start, end)
    if first_end < 0 or RULE_LINE.search(text, start, end) is not None:
        return  # (lines of dashes cut it into several texts, or a text and a further request)
    last_start = text.rfind("\n", start, end) + 1
    if verb < first_end and first_end - start <= _LINE_REQUEST and weighs(text[first_end + 1:end], _TEXT_WEIGHT):
        yield first_end + 1, end
    elif verb >= last_start and end - last_start <= _LINE_REQUEST and weighs(text[start:last_start - 1],
                                                                            _TEXT_WEIGHT):
        yield start, last_start - 1


def _past_label_line(text: str, start: int) -> int:
    """`start`, or past a label standing alone on the line there ("Email:\n"): a label with its value after it
    ("Booking reference: QZ7PKM") is a line of the text."""
    label = _LABEL.match(text, start)
    return label.end() if label is not None and text[label.end():label.end() + 1] in ("\n", "") else start


def _tagged_blocks(text: str) -> Iterator[re.Match[str]]:
    """`_TAGGED.finditer(text)`, in time linear in the text (`lazily_closed`): a tag closes on its own name."""
    return lazily_closed(_TAGGED, text, ((opener.start(), opener.end(), (_tag_closer(opener.group(1)),))
                                         for opener in _TAG_OPENER.finditer(text)))


@lru_cache(maxsize=64)
def _tag_closer(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(f"</{name}>"))


@lru_cache(maxsize=4)  # (asked again of the same prompt by the request, the spans and the data-word reader)
def _text_and_rest(text: str) -> tuple[int, int] | None:
    """(start, end) of the text to read: the longest tagged or fenced block, else the longest labelled or plain
    paragraph, weighing at least `_TEXT_WEIGHT`; a paragraph's label stays outside the text. None when no block is
    long enough or the text is the whole prompt."""
    best: tuple[int, int] | None = None
    for block in chain(_tagged_blocks(text), fenced_blocks(text)):
        if weighs(block.group(2).strip(), _TEXT_WEIGHT) and (best is None or block.end(2) - block.start(2)
                                                              > best[1] - best[0]):
            best = block.span(2)
    if best is None:
        for position, paragraph_end in _paragraphs(text):
            if best is None or paragraph_end - position > best[1] - best[0]:  # (a label only shortens it)
                start = _label_end(text, position, paragraph_end)
                if weighs(text[start:paragraph_end].strip(), _TEXT_WEIGHT) and (
                        best is None or paragraph_end - start > best[1] - best[0]):
                    best = (start, paragraph_end)
    if best is None or not text[:best[0]].strip() and not text[best[1]:].strip():
        return None
    return best


def _label_end(text: str, start: int, end: int) -> int:
    """Past a label that opens the paragraph text[start:end] or one of its first three lines (the lines before it,
    a request such as "Fill in this table using the email below:", stay outside the text)."""
    position = start
    for _ in range(3):
        label = _LABEL.match(text, position, end)
        if label is not None and weighs(text[label.end():end].strip(), _TEXT_WEIGHT):
            return label.end()
        line_end = text.find("\n", position, end)
        if line_end < 0:
            break
        position = line_end + 1
    return start


# How the fields are listed, each as (items' spans in the rest): tried in turn, the one with the most items wins.
_JSON_KEY = re.compile(r"\"([^\"\n{}]{1,40})\"\s*:")
# A list of strings named as the fields, in JSON or code ('"fields": ["a", "b"]', "fields = ['a', 'b']"), and its
# strings.
_NAMED_ARRAY = LiteralGated(re.compile(r"[\"']?\b(?:fields|keys|columns|attributes|properties|entities)[\"']?[ \t]*"
                                       r"[:=][ \t]*\[([^\[\]]{1,800})\]", re.IGNORECASE), ("[",))
_ARRAY_STRING = re.compile(r"[\"']([^\"'\n]{1,40})[\"']")
_QUOTED = re.compile(r"[\"'`]([^\"'`\n]{1,40})[\"'`]\s*[,\]]")
_LAST_QUOTED = re.compile(r"[ \t]*[\"'`]([^\"'`\n]{1,40})[\"'`]")
_BRACED = re.compile(r"\{([^{}\n]{3,300})\}")
_TABLE_HEADER = re.compile(r"^[ \t]*\|(.+)\|[ \t]*\n[ \t]*\|?[ \t:|-]+\|[ \t]*$", re.MULTILINE)
# A header row of three or more cells alone in its paragraph, no "|---|" row under it ("Fill in one row of this table
# from the invoice:\n\n| Invoice No. | Date | Vendor |\n\n<invoice>").
_LONE_HEADER = re.compile(r"^[ \t]*\|((?:[^|\n]+\|){2,}[^|\n]+)\|[ \t]*\n[ \t]*\n", re.MULTILINE)
_LINE_ITEM = re.compile(r"[ \t]*(?:[-–—*•·][ \t]+|" + _ARROW + r"[ \t]*|\(?\d{1,2}[.)][ \t]+|\(?[a-h]\)[ \t]+)?"
                        r"([^\W_][^\n]{0,59}?)[ \t]*[:：]?[ \t]*$")
# (a comma or "and" may stand before the next marker: "list (1) the attendees, (2) the decisions, and (3) ...")
_INLINE_MARKED = re.compile(r"(?:^|[\s:])\(?(?:\d{1,2}|[a-h])\)[ \t]*([^()\n]{1,60}?)"
                            r"(?=[ \t]*(?:[,;][ \t]*)?(?:and[ \t]+)?(?:\(?(?:\d{1,2}|[a-h])\)|"
                            r"[.\n]|\s+(?:from|in|of)\s+(?:the|this|that)\b|$))")
_MARKS = ",;|/+，；、،؛"  # what separates fields, beside the conjunctions (Arabic's comma and semicolon too)
_SEPARATOR_MARK = re.compile(f"[{re.escape(_MARKS)}\n]")


def _separators(conjunctions: tuple[str, ...]) -> BlankLed:
    """What cuts a list of fields: `_MARKS`, a double hyphen ("name -- date -- total") or one of `conjunctions`, which
    may follow a mark ("the price, and the due date" lists "the due date"); "w/" abbreviates "with" ("each item w/
    price" is one field). Led by a run of blanks, read once (`BlankLed`: over 2,000 pasted blank lines the plain
    regex read the run again from each of its positions, 0.9 s)."""
    words = "|".join(conjunctions)
    marks = re.escape(_MARKS.replace("/", ""))
    return BlankLed((f"[ \t]*(?:(?:[{marks}]|(?<!\\bw)/|--+)(?:[ \t]*(?:{words})(?=[ \t]))?|"
                     f"[ \t](?:{words})[ \t])[ \t]*",), re.IGNORECASE)


_SEPARATORS = _separators(("or", *LIST_JOINING_WORDS))
# A list cut by a spaced slash, bar or double hyphen is cut by that mark alone: "and" inside a field joins its words
# ("nome e cognome / email / telefono o cellulare", "first and last name | email | phone").
_SPACED_MARKS = tuple((mark, re.compile(r"[ \t]+" + re.escape(mark.strip()) + r"[ \t]+"))
                      for mark in (" / ", " | ", " -- "))
_SLAVIC_SEPARATORS = _separators(("or", *LIST_JOINING_WORDS, "i"))  # (for a request in Polish, Czech, Croatian)


def _listed_fields(rest: str, request_start: int, verb_end: int, gap: int | None = None,
                   ) -> list[tuple[int, int]] | None:
    """The spans of the fields the request lists, read from its line on: the layout giving the most fields."""
    named = _NAMED_ARRAY.search(rest)
    if named is not None:  # '"fields": ["bedrooms", "bathrooms", ...]', 'fields = [...]': the list names them
        strings = [match.span(1) for match in _ARRAY_STRING.finditer(rest, named.start(1), named.end(1))]
        if len(strings) >= 2:
            return strings
    line_start = rest.rfind("\n", 0, request_start) + 1
    region = (line_start, len(rest))
    slots = _slots(rest, *region)
    if slots is not None:
        return slots  # (slots to fill name their fields whatever else the line holds)
    found = [spans for spans in (_fields_above(rest, line_start),
                                 _json_keys(rest, *region), _braced(rest, *region), _table_header(rest, *region),
                                 _column(rest, request_start, gap), _inline_marked(rest, request_start),
                                 _japanese_fields(rest, request_start), _separated(rest, request_start, verb_end),
                                 _blank_separated(rest, verb_end, end_of_line(rest, verb_end)),
                                 _before_the_verb(rest, request_start, verb_end))
             if spans is not None and len(spans) >= 2]
    return max(found, key=len) if found else None


def _fields_above(rest: str, line_start: int) -> list[tuple[int, int]] | None:
    """The fields of a template right above the request's line when that line points back at it ("fill that json
    from this confirmation:", "fill a csv row with those columns from this:", "please complete the above using this
    resume", "get those from this letter:"): an empty JSON object's keys, a line of names (`_header_cells`: a CSV
    header, names cut by " -- " or bars), or a column of empty labels ("Name:\nEmail:\n...")."""
    if _POINTS_BACK.search(rest, line_start, end_of_line(rest, line_start)) is None:
        return None
    block_end = len(rest[:line_start].rstrip())
    block_start = max((blank.end() for blank in BLANK_LINE.finditer(rest, 0, block_end)), default=0)
    if block_start >= block_end:
        return None
    keys = _json_keys(rest, block_start, block_end)
    if keys is not None and len(keys) >= 2:
        return keys
    lines = [*_lines(rest[block_start:block_end])]
    labels = [_EMPTY_LABEL.fullmatch(rest, block_start + a, block_start + b) for a, b in lines]
    if len(labels) >= 2 and all(labels):
        return [label.span(1) for label in labels if label is not None]
    if len(lines) == 1:
        return _header_cells(rest, block_start + lines[0][0], block_start + lines[0][1])
    return None


def _header_cells(rest: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The cells of a header line of three or more names cut by one mark (`_HEADER_CUTS`: "Name, Email, Phone",
    "patient name -- appointment date -- clinic address"), each a `_HEADER_CELL`."""
    for cut in _HEADER_CUTS:
        if rest.count(cut, start, end) >= 2:
            cells = _cells(rest, start, end, cut)
            if len(cells) >= 3 and all(_HEADER_CELL.fullmatch(rest, *cell) for cell in cells):
                return cells
    return None


# A request's line pointing back at the template above it: "that json", "those columns" (`_NAMES_TEMPLATE`), "the
# above".
_NAMES_TEMPLATE = r"\bth(?:at|ose|ese|is)[ \t]+(?:json|csv|columns?|fields?|keys|form|template|headers?)\b"
# ("fill these in from the text below" under the empty labels: the verb's object points back at them too)
# ("get those from this letter" under a line of names: an extracting verb's object points back at them)
_VERB_POINTS_BACK = r"\b(?:get|pull|extract|grab|take|find)(?:[ \t]+out)?[ \t]+(?:me[ \t]+)?(?:these|those|them)\b"
_POINTS_BACK = re.compile(_NAMES_TEMPLATE + r"|\b(?:the[ \t]+)?above\b|\b(?:fill|complete)[ \t]+(?:(?:in|out)[ \t]+)?"
                          r"(?:these|those|them)\b|" + _VERB_POINTS_BACK, re.IGNORECASE)
_TEMPLATE_NAMED = re.compile(_NAMES_TEMPLATE, re.IGNORECASE)
_NAMES_ABOVE = re.compile(_VERB_POINTS_BACK, re.IGNORECASE)


def _names_template(text: str, verb: int) -> bool:
    """Whether the request's line (its verb at `verb`) names a template over it (`_TEMPLATE_NAMED`: "fill that json
    from this:"), or points back with its verb's object at a line of names right over it ("patient name -- clinic
    address -- what to bring\nget those from this letter:"), or over a blank line."""
    line_start, line_end = text.rfind("\n", 0, verb) + 1, end_of_line(text, verb)
    if _TEMPLATE_NAMED.search(text, verb, line_end) is not None:
        return True
    above_end = len(text[:line_start].rstrip())  # (past blank lines: the names may be the paragraph above)
    if above_end == 0 or _NAMES_ABOVE.search(text, line_start, line_end) is None:
        return False
    return _header_cells(text, text.rfind("\n", 0, above_end) + 1, above_end) is not None


_EMPTY_LABEL = re.compile(r"[ \t]*([^\W\d_][\w '/()-]{0,40}?)[ \t]*[:：][ \t]*")
_HEADER_CUTS = (",", ";", "|", "/", "--")
_HEADER_CELL = re.compile(r"[^\W\d_][\w ]{0,30}")


def _json_keys(rest: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The keys of a JSON object ('{"name": "", "date": ""}') or the strings of a list ('["price", "color"]')."""
    keys = [match.span(1) for match in _JSON_KEY.finditer(rest, start, end)]
    if len(keys) >= 2:
        return keys
    quoted = list(_QUOTED.finditer(rest, start, end))
    if not quoted:
        return None
    if len(quoted) >= 2 and quoted[-1].group(0).endswith(",") and (last := _LAST_QUOTED.match(rest, quoted[-1].end(), end)) is not None:
        return [match.span(1) for match in quoted] + [last.span(1)]  # '"preis", "lieferzeit" zurück': the last
        # one of three or more (two quotes are as often two answers a user gives: '"No", "No thank you!"')
    return [match.span(1) for match in quoted]


def _slots(rest: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The names of slots to fill: labels over blanks ("Tenant: ____ Monthly rent: ____") or empty XML tags
    ("<name></name> <email></email>"), two or more."""
    if "__" not in rest and "></" not in rest:
        return None  # (substring tests first)
    for slot in (_BLANK_SLOT, _EMPTY_TAG):
        spans = [match.span(1) for match in slot.finditer(rest, start, end)]
        if len(spans) >= 2:
            return spans
    return None


_BLANK_SLOT = re.compile(r"(?<!\w)((?:[^\W\d_][\w'-]*[ \t]+){0,3}[^\W\d_][\w'-]*)[ \t]*[:：][ \t]*_{2,}")
_EMPTY_TAG = re.compile(r"<([A-Za-z][\w-]{0,30})>[ \t]*</\1>")
_SLOT_AFTER = re.compile(r"[ \t]*[:：][ \t]*_{2,}|>[ \t]*</")  # (after a slot's name)


def _braced(rest: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Names between braces without quotes ("Schema: {event_name, date, venue}")."""
    braces = _BRACED.search(rest, start, end)
    return _pieces(rest, braces.start(1), braces.end(1)) if braces is not None and '"' not in braces.group(1) else None


def _table_header(rest: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The cells of a markdown table's header row ("| Sender | Date | Room |" over "|---|---|---|")."""
    header = _TABLE_HEADER.search(rest, start, end) or _LONE_HEADER.search(rest, start, end)
    if header is None:
        return None
    return _cells(rest, *header.span(1), "|")


def _cells(rest: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The spans of the non-empty cells of rest[start:end] cut by `separator`, without the blanks around them."""
    cells, position = [], start
    for cell in rest[start:end].split(separator):
        stripped = cell.strip()
        if stripped:
            offset = rest.index(stripped, position)
            cells.append((offset, offset + len(stripped)))
        position += len(cell) + len(separator)
    return cells


_SENTENCES_ON_A_LINE = re.compile(r"[.!?][ \t]+\S")  # one sentence ending and another starting on a line


def _column(rest: str, request_start: int, gap: int | None = None) -> list[tuple[int, int]] | None:
    """A column of short lines after the request's line (bulleted, numbered or bare; a form's "Name:" lines), up to
    the first line that is not one; a blank line and a short header ("## Fields", "Fields:") may come first, or the
    text (at `gap` in the rest, maybe after its label) when it stands right after the request's paragraph. The
    request introduces it by a colon or a header, by pointing at the text ("I need a few things out of it." over a
    column after the text), or the lines are a form's, each ending in a colon. After the text, the prompt's last line
    alone may hold the fields instead, three or more cut by separators ("From the abstract below pull out the
    following.\n\n<abstract>\n\nsample size; study design; intervention"), when the request's line points at the
    text."""
    request_end = end_of_line(rest, request_start)
    spans: list[tuple[int, int]] = []
    skipped = form_lines = 0
    introduced = _HEADER.search(rest, request_start, request_end) is not None
    position = request_end + 1
    past_text = False
    between = rest[request_end:gap].strip() if gap is not None else ""
    if gap is not None and gap >= request_end and (not between or _LABEL.fullmatch(between)):
        # the request's paragraph ends where the text stood (maybe after its label): the column may follow it
        position = gap + len(_GAP)
        while position < len(rest) and rest[position] in " \t\n":
            position += 1
        introduced = introduced or _points_at_text(rest, request_start, request_end)
        past_text = introduced or _points_at_text(rest, rest.rfind("\n", 0, request_start) + 1, request_start)
    while position < len(rest):
        next_end = end_of_line(rest, position)
        raw = rest[position:next_end]
        if past_text and "\n" not in rest[next_end:].strip():  # (the first line after the text is the last one)
            pieces = _pieces(rest, position, next_end)
            if pieces is not None and len(pieces) >= _ATTRIBUTE_FIELDS and _SENTENCES_ON_A_LINE.search(
                    rest, position, next_end) is None:  # (no line of sentences: a recipe's "Peel and slice six
                return pieces  # apples. Mix with sugar and cinnamon. Fill the crust, ...")
        past_text = False
        line = _LINE_ITEM.match(rest, position, next_end) if raw.strip() else None
        if line is not None and _field_like(line.group(1)) and line.group(1).casefold() not in _HEADERS:
            spans.append(line.span(1))
            form_lines += raw.rstrip().endswith((":", "："))
        elif spans or skipped == 2 or len(raw.split()) > 3:
            break
        else:
            skipped += 1
            introduced = introduced or _HEADER.search(raw) is not None
        position = next_end + 1
    if spans and _VALEDICTION.fullmatch(rest, *spans[0]):
        return None  # ("<the email>\n\nBest,\nColm\nFerris & Daughters Heating": its sign-off, no fields)
    return spans if len(spans) >= 2 and (introduced or form_lines == len(spans) >= 3) else None


# A letter's closing words, which open the lines of its signature.
_VALEDICTION = re.compile(
    r"(?:best|(?:best|kind|warm|warmest|with)[ \t]+(?:regards|wishes)|regards|cheers|thanks|thank[ \t]+you|many[ \t]+"
    r"thanks|sincerely|yours(?:[ \t]+(?:sincerely|truly|faithfully))?|all[ \t]+the[ \t]+best|take[ \t]+care|saludos|"
    r"atentamente|cordialement|bien[ \t]+à[ \t]+vous|(?:mit[ \t]+freundlichen|viele|liebe)[ \t]+grüße|cordiali[ \t]+"
    r"saluti|atenciosamente|abraços|с[ \t]+уважением)[ \t]*[,!.]?", re.IGNORECASE)


# What introduces a column of fields: a line ending in a colon, or a header naming them ("## Fields").
_HEADER = re.compile(r"[:：][ \t]*$|\b(?:fields|keys|columns|information|details|schema|output)\b", re.IGNORECASE)


_HEADERS = frozenset({"fields", "keys", "columns", "output", "output fields", "schema", "fill in", "extract"})


def _inline_marked(rest: str, request_start: int) -> list[tuple[int, int]] | None:
    """Fields after inline numbers or letters on the request's line ("extract 1) the tracking number 2) the carrier",
    "(a) sample size (b) study duration")."""
    request_end = end_of_line(rest, request_start)
    spans = [match.span(1) for match in _INLINE_MARKED.finditer(rest, request_start, request_end)]
    return spans if len(spans) >= 2 else None


def _japanese_fields(rest: str, request_start: int) -> list[tuple[int, int]] | None:
    """Fields in Japanese corner brackets on the request's line, before or after its verb ("以下のメールから「会議名」
    「日時」「場所」を抜き出してください": the verb comes last), else the Japanese object list cut by "、" or "・" before
    "を" and the verb ("次のメールから、差出人、件名、締め切り日を抜き出してください")."""
    line_start = rest.rfind("\n", 0, request_start) + 1
    line_end = end_of_line(rest, request_start)
    spans = [match.span(1) for match in _CORNER_BRACKETED.finditer(rest, line_start, line_end)]
    if len(spans) >= 2:
        return spans
    listed = _JA_OBJECTS.search(rest, line_start, line_end)
    if listed is None:
        return None
    start = listed.start(1)
    source = rest.rfind("から", start, listed.end(1))  # "次のメールから、": where the list is taken from
    if source >= 0:
        start = source + 2 + (rest[source + 2:source + 3] in "、,")
    pieces = [(match.start(), match.end()) for match in _JA_PIECE.finditer(rest, start, listed.end(1))]
    return pieces if len(pieces) >= 2 else None


def _before_the_verb(rest: str, request_start: int, verb_end: int) -> list[tuple[int, int]] | None:
    """Fields before a verb that ends its clause, as Turkish and Korean put them ("şu faturadan abone numarasını,
    tüketimi ve son ödeme tarihini çıkarır mısın", "이 메일에서 이름, 날짜, 금액을 뽑아줘"): from the text's
    name in the ablative ("faturadan", "메일에서") or the line's start, up to the verb; German and Dutch put theirs
    last too (`_germanic_before_the_verb`)."""
    verb = rest[request_start:verb_end].casefold()
    if verb in _GERMANIC_VERBS_LAST:
        return _germanic_before_the_verb(rest, request_start)
    if verb not in _VERBS_LAST:
        return None
    line_start = rest.rfind("\n", 0, request_start) + 1
    start = line_start
    for source in _SOURCE_BEFORE.finditer(rest, line_start, request_start):
        start = source.end()
    spans = _pieces(rest, start, request_start)
    if spans is not None and rest[spans[-1][1] - 1] in "을를" and spans[-1][1] - spans[-1][0] > 1:
        spans[-1] = (spans[-1][0], spans[-1][1] - 1)  # Korean's object particle is the clause's, not the field's
    return spans


_VERBS_LAST = frozenset({"çıkar", "çıkarır", "추출", "뽑아", "निकाल"})  # request verbs of the languages putting them last


def _germanic_before_the_verb(rest: str, request_start: int) -> list[tuple[int, int]] | None:
    """Fields before a German or Dutch verb ending the request ("Kannst du mir Name, Alter und Wohnort aus diesem Text
    herausziehen?", "Kun je alle personen, organisaties en locaties uit deze tekst halen?", "Kaltmiete | Zimmer |
    frei ab -- bitte aus dieser Anzeige rausziehen:"): from the line's start past an asking lead ("Kannst du mir",
    "Kun je alle") up to the text's name ("aus diesem Text") or a dash before it, each without its article."""
    line_start = rest.rfind("\n", 0, request_start) + 1
    end = request_start
    if (source := _GERMANIC_SOURCE.search(rest, line_start, request_start)) is not None:
        end = source.start()
    if dashes := [*_SPACED_DASH.finditer(rest, line_start, end)]:
        end = dashes[-1].start()
    lead = _GERMANIC_LEAD.match(rest, line_start, end)
    pieces = _pieces(rest, lead.end() if lead else line_start, end)
    return [(article.end() if (article := _GERMANIC_ARTICLE.match(rest, a, b)) else a, b)
            for a, b in pieces] if pieces else None


# German and Dutch request verbs ending their clause, the fields before them (Dutch "halen" with the text it takes
# them out of: "uit deze tekst halen").
_GERMANIC_VERBS_LAST = frozenset({"rausziehen", "herausziehen", "raussuchen", "heraussuchen", "rausschreiben",
                                  "herausschreiben", "extrahieren", "entnehmen", "auflisten", "hieruit halen",
                                  *(verb for verb in PICK_OUT_VERBS if verb.startswith("uit "))})
_GERMANIC_SOURCE = re.compile(r"[ \t]+(?:(?:bitte|mal|doch)[ \t]+)*(?:aus|von)[ \t]+(?:diese[mnrs]?|de[mnrs]|das|die|"
                              r"meine[mnrs]?)\b", re.IGNORECASE)
_SPACED_DASH = BlankLed((r"[ \t]+(?:--+|[—–-])[ \t]+",))  # (a run read once: `BlankLed`)
_GERMANIC_ARTICLE = re.compile(r"(?:de|het|der|die|das|den|dem)[ \t]+(?=\S)", re.IGNORECASE)  # (a field's own article)
_GERMANIC_LEAD = re.compile(r"(?:(?:kannst|könntest|könnt|können|könnten|kun|kunt|kan)[ \t]+"
                            r"(?:du|je|jij|u|ihr|sie)[ \t]+(?:(?:mir|me|mij|uns|ons|bitte|even|mal)[ \t]+)*|"
                            r"(?:bitte|graag)[ \t]+)"
                            r"(?:(?:alle|die|de|het|den)[ \t]+)?", re.IGNORECASE)  # ("Bitte alle Personen, ...")
# The text a field list is taken from, in the ablative: Turkish "-dan/-den/-tan/-ten", Korean "에서", Hindi "से".
_SOURCE_BEFORE = re.compile(r"[^\W\d_]+(?:dan|den|tan|ten)\b[ \t]*|에서[ \t]*|(?<=\s)से[ \t]+", re.IGNORECASE)
_CORNER_BRACKETED = re.compile(r"[「『]([^「」『』\n]{1,30})[」』]")
# (searched only where the object marker stands: the regex alone reads up to 120 characters at every position)
# ("それぞれ", "each", and "すべて", "all", may stand between the list and the verb: "人名・地名をそれぞれ抽出して")
_JA_OBJECTS = LiteralGated(re.compile(r"([^\n。を]{3,120})を(?:それぞれ|すべて|全て)?(?:抜き出|抽出|取り出|書き出)"),
                           ("を",))
_JA_PIECE = re.compile(r"[^、・,\s]{1,15}")


def _separated(rest: str, request_start: int, verb_end: int) -> list[tuple[int, int]] | None:
    """Fields cut by commas, semicolons, bars, slashes, pluses or "and" on the request's line, after its colon or
    its verb and up to the end of its sentence or a named text ("from this cv")."""
    request_end = end_of_line(rest, request_start)
    colon = max(rest.rfind(":", request_start, request_end), rest.rfind("：", request_start, request_end))
    if colon >= 0 and not rest[colon + 1:request_end].strip():
        request_end, colon = colon, -1  # "get me the price, the size and the rent:" lists before the colon ending it
    start = colon + 1 if colon >= 0 else rest.find(" ", max(request_start, verb_end - 1), request_end) + 1
    if start <= 0:
        return None
    if colon < 0 and (pronoun := _OBJECT_PRONOUN.match(rest, start)) is not None:
        start = pronoun.end()  # "grab me beds, baths, ..." lists from "beds"
    if colon < 0 and (asked := _ASKED_TO.match(rest, start)) is not None:
        start = asked.end()  # "i need you extract ..." lists after "extract"
    first_mark = _SEPARATORS.search(rest, start, request_end)
    named = _KEYS_NAMED.search(rest, start, first_mark.start()) if first_mark is not None else None
    if named is not None:
        start = named.end()  # "return a JSON object with the keys name, ..." lists from "name"
    ending = _LIST_END.search(rest, start, request_end)
    if ending is not None and not rest[start:ending.start()].strip() and (
            past := _past_pointer(rest, ending.start(), request_end)) > ending.start():
        ending = _LIST_END.search(rest, past, request_end)  # "extract from this text the name of company, ...":
        # the list goes on past the text's name (`_fields_in_prompt` cuts it off the first field)
    while ending is not None and (qualifier := _QUALIFIER.match(rest, ending.start(), request_end)) is not None:
        ending = _LIST_END.search(rest, qualifier.end(), request_end)  # a field's own parenthesis: the list goes on
    end = ending.start() if ending is not None else request_end
    if (dash := _SPACED_DASH.search(rest, start, end)) is not None and "," in rest[start:dash.start()]:
        end = dash.start()  # "..., payment terms, governing law -- short answers are fine": a dash ends a comma list
    return _pieces(rest, start, end)


_FIVE_WS = frozenset({"who", "what", "when", "where", "why", "how", "how much", "how many", "how long"})
# A short question opening the bare ones ("who won, when and where", "what happened, when, where and why").
_FACT_QUESTION = re.compile(r"(?:who|what|when|where)[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)?", re.IGNORECASE)


# A parenthesis after a field, closed before the next field's separator ("the parties (with jurisdiction of
# incorporation), effective date, ..."): it qualifies that field and does not end the list.
_QUALIFIER = re.compile(r"[ \t]*\([^()\n,;]{1,80}\)(?=[ \t]*[,;])")


# What may open a list after its verb and is no field: the user as its object ("grab me beds, baths, ..."), or a
# pointer at the text ("tirar daí o código, ...", "írd ki belőle az árat, ...").
_OBJECT_PRONOUN = re.compile(r"(?:me|us|daí|daqui|belőle|ebből|hieruit)[ \t]+", re.IGNORECASE)
# An asking verb's object asked to extract ("need you to extract", "want u to pull out"), or a verb pointing at the text
# right after it ("need take from this resume"): the list follows that verb.
_ASKED_VERB = r"(?:extract|get|find|identify|pull(?:[ \t]+out)?|list|grab)"
_ASKED_TO = re.compile(r"(?:(?:you|u)[ \t]+)?(?:to[ \t]+)?(?:" + _ASKED_VERB + r"|take)[ \t]+"
                       r"(?=(?:from|out[ \t]+of)[ \t])|(?:you|u)[ \t]+(?:to[ \t]+)?" + _ASKED_VERB + r"[ \t]+",
                       re.IGNORECASE)
_KEYS_NAMED = re.compile(r"\b(?:keys|fields|columns|properties|attributes)\b[ \t]*", re.IGNORECASE)
# (`BlankLed`: its runs of blanks are read once; a search from every position of a pasted run read the rest of it)
_LIST_END = BlankLed((
    r"[.?!](?:\s|$)", r"\s+(?:from|in|of|on|out of|se|de)\s+(?:the|this|that|these|my|is|este|esta)\b",
    r"\s+(?:from|in)\s+(?:above|below)\b", r"\s*\(",
    r"\s+(?:as|into|in)\s+(?:json|a\s+table|bullet|(?:a\s+)?(?:python\s+)?(?:dict|dictionary|yaml|csv|xml))",
    r"\s+so\s+(?:that\s+)?(?:i|we)\b", r"\s+for\s+(?:my|our)\b",  # "..., total for my expense report"
    r"(?<!\S)(?:based\s+on|using|according\s+to)\s+(?:the|this|that|these|my)\b",
    r"\s+from\s+[\w-]+\s+(?:above|below)\b",  # "from receipt below"
    r"\s+from\s*$",  # "get name, phone, email from: <text>"
    r"\s+(?:fra|från|aus|uit|dari|din|z|ze|из|з|من)\s+\S",  # (the same in other languages)
    # ("... e peso di questo annuncio", "cor desse anúncio", "la taille de cette annonce")
    r"\s+(?:de|da|di|do|dal|dalla|del|della|dans|en)\s+(?:questo|questa|quest['’]|esse|essa|isto|ce|cet|cette)\b",
    r"\s+(?:desse|dessa|deste|desta|nesse|nessa|neste|nesta)\b",
    # (the request's own words after its list: "the tracking number, nothing else")
    r",\s*(?:only|just|nothing|thanks|thank|thx|pls|plz)\b", r"\s+please\b",
), re.IGNORECASE)


_BLANK_SEPARATED_REACH = 160  # a terse user's line
# A text named before an arrow opening the line ("cv -> ..."), or after "from" closing the list ("... from note pls").
_NAMED_TEXT_ARROW = re.compile(r"([^\W\d_]+)[ \t]*" + _ARROW + r"[ \t]*")
_ARROW_LEAD = re.compile(_ARROW + r"[ \t]*")
_ARROW_END = re.compile(r"[ \t]*" + _ARROW + r"[ \t]*$")
_FROM_NAMED = re.compile(r"[ \t]+(?:from|out[ \t]+of)[ \t]+(?:(?:the|this|that|my)[ \t]+)?([^\W\d_]+)\b", re.IGNORECASE)
_LINE_TEXT_NAMES = _TEXT_NAMES | {"note", "msg", "sms", "ad"}
# "... on this receipt": a text named where the data stands, as "from this receipt" names it.
_ON_NAMED = re.compile(r"[ \t]+(?:on|in)[ \t]+(?:this|that|my)[ \t]+([^\W\d_]+)\b", re.IGNORECASE)
_BLANK_SEPARATED_LEAD = re.compile(r"[ \t]*(?:me[ \t]+)?[:：]?[ \t]*")
_BLANK_SEPARATED_WORD = re.compile(r"[^\W\d_][\w()'-]{0,14}")


def _names_a_line_text(pointer: re.Match[str] | None) -> bool:
    """Whether a pointer's group 1 (`_NAMED_TEXT_ARROW`, `_FROM_NAMED`, `_ON_NAMED`) names a text a line of data is
    taken from: "cv ->", "from note", "on this receipt"."""
    return pointer is not None and pointer.group(1).casefold() in _LINE_TEXT_NAMES


def _blank_separated(rest: str, start: int, end: int, pointed: bool = False) -> list[tuple[int, int]] | None:
    """Fields cut by blanks alone in rest[start:end] (after a verb and its colon, or a line's start) up to the end
    of the list (`_LIST_END`, a courtesy word): "get name age city job from this", "extract: authors title year
    journal volume doi". Three or more single words (an "and" may join the last), two of them data a document holds:
    a terse user's list, where any other run of words is a phrase. `pointed`: the list must end at a pointer at the
    text ("name phone email from this pls"), a line with no verb."""
    segment = rest[start:end]
    if end - start > _BLANK_SEPARATED_REACH or "," in segment or pointed and not any(
            map(segment.__contains__, _POINTING_MARKS)):
        return None  # (a short line with no comma: tested first, most request lines fail here)
    start = _BLANK_SEPARATED_LEAD.match(rest, start, end).end()
    named_lead = _NAMED_TEXT_ARROW.match(rest, start, end) if pointed else None
    if _names_a_line_text(named_lead):
        start = named_lead.end()  # "cv -> name email phone skills pls"
    elif pointed and (named_lead := _ARROW_LEAD.match(rest, start, end)) is not None:
        start = named_lead.end()  # "<the sms> -> amount merchant date pls": an arrow from the text before it
    led = rest.startswith(("the ", "The "), start)
    if led:
        start += 4  # "get the date time and place from this msg": data nouns all, "and" before the last (below);
        # "the total amount due" is one
    ending = _LIST_END.search(rest, start, end) or _POINTS_ABROAD.search(rest, start, end) \
        or (_ARROW_END.search(rest, start, end) if pointed else None)  # ("name date total -> <the receipt>")
    if ending is None and _names_a_line_text(named_end := _FROM_NAMED.search(rest, start, end)):
        ending = named_end  # "bp hr temp meds from note pls"
    if pointed and named_lead is None and (ending is None or ending.re is not _ARROW_END and ending.group(
            0).casefold().split()[:1] not in (["from"], ["out"])):
        return None
    end = _COURTESY_END.search(rest, start, ending.start() if ending is not None else end).start()
    words = compound_names(rest, [word.span() for word in _BLANK_SEPARATED_WORD.finditer(rest, start, end)
                                  if word.group(0).casefold() != "and"])
    gaps = [rest[a[1]:b[0]].strip() for a, b in zip(words, words[1:])]
    names = [rest[a:b].casefold() for a, b in words]
    data = sum(name.rsplit(None, 1)[-1] in _ATTRIBUTE_WORDS for name in names)
    five_ws = bool(names) and _FIVE_WS.issuperset(names)  # ("need who what where when": a news item's facts)
    if not words or any(gap not in ("", "and") for gap in gaps) or gaps.count("and") > 1 \
            or ("and" in gaps[:_ATTRIBUTE_FIELDS - 1] or led) and data < len(names) or led and "and" not in gaps \
            or rest[start:words[0][0]].strip() or rest[words[-1][1]:end].strip() \
            or not five_ws and (data < 2 or _PHRASE_WORDS.intersection(names)):
        return None
    spans = list(words)
    if "and" in gaps[_ATTRIBUTE_FIELDS - 1:]:  # the words after "and" name the last field ("... price and phone
        # number"); after three words at least, where two before it may name one field ("tell me group name and result
        # number"), unless each word names data ("date time and place")
        last = gaps.index("and") + 1
        spans[last:] = [(spans[last][0], spans[-1][1])] if len(spans) - last <= 2 else spans[last:]
    return spans if _ATTRIBUTE_FIELDS <= len(spans) <= MAX_BRANCHES else None



def compound_names(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`words` (spans of `text`, blanks between them) with each word that names what the word before it identifies
    joined to it (`compound_name`): "invoice no date total" is three fields, "invoice no", "date", "total"."""
    joined: list[tuple[int, int]] = []
    for start, end in words:
        if joined and not text[joined[-1][1]:start].strip() and " " not in text[joined[-1][0]:joined[-1][1]] \
                and compound_name(text[joined[-1][0]:joined[-1][1]], text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def compound_name(first: str, second: str) -> bool:
    """Whether `second` names what `first` identifies, one field of two words in a terse user's list with no commas:
    an identifier ("invoice no", "flight number", "passenger name") always, a date, a time or a price after a word
    that names no datum itself ("ship date", "billing period"; "date time" stays two)."""
    second = second.casefold()
    return second in _IDENTIFIER_HEADS or second in _WHEN_HEADS and first.casefold() not in _ATTRIBUTE_WORDS


_IDENTIFIER_HEADS = frozenset({"number", "no", "nr", "num", "id", "code", "name"})
_WHEN_HEADS = frozenset({"date", "time", "period", "fee", "address", "price"})


def _pieces(rest: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The pieces of rest[start:end] between separators (`_SPACED_MARKS` alone when one cuts it twice or more),
    without surrounding blanks, quotes or a final stop."""
    spans: list[tuple[int, int]] = []
    position = start
    separators = next((pattern for mark, pattern in _SPACED_MARKS if rest.count(mark, start, end) >= 2), None) or (
        _SLAVIC_SEPARATORS if SLAVIC_LETTERS.search(rest, start, end) else _SEPARATORS)
    for separator in [*separators.finditer(rest, start, end), None]:
        piece_end = separator.start() if separator is not None else end
        if separator is not None and (rest.count("(", position, piece_end) > rest.count(")", position, piece_end)
                                      or rest[piece_end - 1] == "-"):
            continue  # a mark inside a field's parenthesis ("warmmiete (kalt + NK), kaution") or a compound's
            # elision ("de stroom- en gasprijs"): the field goes on
        piece = rest[position:piece_end].strip(" \t\"'`.")
        if piece.endswith(")") and (opening := piece.find("(")) > 0:
            piece = piece[:opening].rstrip()  # (`_QUALIFIER`'s parenthesis)
        if piece:
            offset = rest.index(piece, position)
            spans.append((offset, offset + len(piece)))
        position = separator.end() if separator is not None else end
    return spans if len(spans) >= 2 else None


def _field_like(item: str, clause: bool = False) -> bool:
    """A field's name: short, holding letters, no question, no sentence and no code. `clause`: a later field of a
    list may be a wh-clause ("the order number, the product, and what refund they were promised")."""
    return (any(map(str.isalpha, item)) and len(item) <= _ITEM_CHARACTERS
            and (len(item.split()) <= _ITEM_WORDS or len(item.split()) <= _RELATIVE_ITEM_WORDS
                 and _RELATIVE_AFTER_NOUN.match(item) is not None)
            and not (item.rstrip().endswith(("?", "？", ".", ";")) and _ABBREVIATION_END.search(item) is None)
            and _CODE_MARKS.search(_FIELD_HINT.sub("", item) if "(" in item else item) is None
            and (not (_CLAUSE_STOP_WORDS if clause else _STOP_WORDS).intersection(item.casefold().split()[:1])
                 or clause and _YES_NO_CLAUSE.match(item) is not None)
            and _NEGATED.match(item) is None)


_NEGATED = re.compile(r"\s*" + NEGATED_PIECE, re.IGNORECASE)  # (a constraint on the output, not a field)
# Brackets that are no call's: a plural's mark ("author(s)") and a short hint of the field's format or unit closing it
# after a blank ("pets allowed (y/n)", "date (DD/MM/YYYY)", "price (USD)").
_FIELD_HINT = re.compile(r"\(s\)|[ \t]\([\w/ .,+-]{1,20}\)$")
# A field named with a relative clause after its noun ("the country where the study was done", "the date when it was
# signed") or with what it comes with ("the action items with owners and due dates"): a few words longer than a bare
# name.
_RELATIVE_AFTER_NOUN = re.compile(r"(?:the\s+)?[^\W\d_]+(?:\s+[^\W\d_]+)?\s+(?:where|when|who|that|which|with)\s",
                                  re.IGNORECASE)
_RELATIVE_ITEM_WORDS = 8


# A field's name may end in an abbreviation's period ("Tracking no.", "Ref.", "approx."), not a sentence's.
_ABBREVIATION_END = re.compile(r"\b(?:no|nr|nos|ref|refs|approx|qty|tel|dept|acct|inv|est|amt)\.$", re.IGNORECASE)


# Aspects a text is judged on, not fields found in it.
_JUDGED = frozenset({"strengths", "weaknesses", "tone", "style", "structure", "pros", "cons", "grammar", "errors",
                     "mistakes", "issues", "themes", "arguments", "ideas", "summary", "feedback", "improvements"})
# ("#" only before a character: "Police report #" names a number, "#include" is code; "$" not before a digit: "over
# $50" is money)
_CODE_MARKS = re.compile(r"[(){}\[\]=<>%@`\\~]|\$(?!\d)|#(?=\S)|::|->|\w\.\w")
# Words a field's name does not start with: a clause or a determiner of everything ("all of the names").
_STOP_WORDS = frozenset({"all", "any", "every", "and", "or", "to", "that", "which", "who", "if", "when", "how", "why",
                         "what", "i", "you", "we", "it", "is", "are", "please"})
_CLAUSE_STOP_WORDS = _STOP_WORDS - {"what", "which", "who", "when", "how"}  # (a later field may be a wh-clause)
# A later field may ask yes or no of the text ("..., number of servings, and is there any nuts in it", "... and if
# they have pets").
_YES_NO_CLAUSE = re.compile(r"(?:is|are)\s+there\s+(?:any|a|an)\b|(?:if|whether)\s+(?:they|he|she|it|the\s+\w+)\s+"
                            r"(?:has|have|is|are|was|were|can|will|do|does|did)\b", re.IGNORECASE)

# Words that make a run of words a phrase ("the total population", "url information inside per device type").
_PHRASE_WORDS = _STOP_WORDS | {"the", "a", "an", "of", "per", "inside", "for", "with", "in", "on", "at", "by", "from",
                               "my", "your", "our", "their", "its", "this", "these", "those", "some", "each", "as",
                               "into", "about", "out", "be", "was", "were", "can", "will", "not", "no"}
