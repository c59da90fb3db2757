"""Fields: a list of fields or entity types to extract from a text ("extract the salary, location and contract
type from this job ad: ..."); the fields become `data` and the text becomes the `context`."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.matching import Probe
from studio.curation.lexicon.words import ENTITY_TYPES, ROLE_PLAY, THIS_ABROAD
from studio.curation.rules.base import (
    BLANK_LINE, MAX_BRANCHES, SENTENCE_END, Decomposition, end_of_line, join_template, weighs,
)
from studio.curation.rules.categories import (
    EXTRACT, FILL, FROM_TEXT, STRONG_EXTRACT, WEAK_EXTRACT_VERBS, may_name_fields, names_fields,
)
from studio.curation.rules.inline import best_clause_list
from studio.curation.rules.passages import SHORT_QUOTE, after_label, last_paragraph, passage_label

def from_fields(text: str, found: Probe) -> Decomposition | None:
    """ "Extract the salary, location and contract type from the job ad: ..." — the fields become data and the
    text after the instruction (after its colon, a "Text:" label, a blank line or " -- ") becomes the context.
    "Or" joins the words of one field ("phone or fax number"); "and" and commas separate fields. The text may
    come first, the request in the last paragraph ("<text>\n\nFrom the text above, extract the name and city."), or
    in the last line after a labelled text ("Text: <text>\nExtract: company, product, date."), or after a quoted text
    ('Here is a text: "<text>" Extract the revenue and the year.')."""
    if not (EXTRACT.may_match(found) or STRONG_EXTRACT.may_match(found) or may_name_fields(found)
            or FILL.may_match(found) or any(map(found.lowered.__contains__, _KEY_NOUNS))):
        return None  # every other path needs an extraction verb or a field cue in some part of the prompt
    sections = _instruction_sections(text) if "nstruction" in found.lowered else None
    if sections is not None:  # "### Instruction:\nExtract ...\n\n### Input:\n<text>\n\n### Response:"
        fields = _fields(text, found, *sections)
        if fields is not None:
            return fields
    fields, split = _fields_at_instruction_end(text, found, 0)
    if fields is None and split is not None and (blank := BLANK_LINE.search(text, 0, _REACH)) is not None \
            and _SYSTEM_SETUP.search(text, 0, blank.start()) is not None:
        # "<<SYS>>\nYou are a named entity recognition system. Output entities only.\n<</SYS>>\n\nIdentify every
        # PERSON, LOCATION and ORGANIZATION in the text below.\n\n<text>": the program's set-up paragraph first, the
        # request after it (an opening set-up sentence alone is blanked by the reading view)
        fields, _ = _fields_at_instruction_end(text, found, blank.end())
    if fields is not None:
        return fields
    last = last_paragraph(text)
    if last is None:  # "Text: <text>\nExtract: company, product, date.", "```\n<text>\n```\nFrom the text in
        # backticks, extract: ...": the last line after a labelled or fenced text
        line_start = text.rfind("\n", 0, len(text.rstrip())) + 1
        if line_start and (after_label(text, 0) > 0 or _closes_a_fence(text, line_start)):
            last = line_start
    if last is not None and not weighs(text[last:], _TAIL_REACH + 1):
        fields = _fields(text, found, last, len(text), 0, last, after=True)
    quoted = SHORT_QUOTE.search(text, 0, _REACH) if fields is None and _opens_a_quote(text) else None
    if quoted is not None and not weighs(text[quoted.end():], _TAIL_REACH + 1):
        # 'Here is a text: "<text>" Extract the revenue, the year and the CEO's name.': the request after the quote
        fields = _fields(text, found, quoted.end(), len(text), quoted.start(1), quoted.end(1), after=True)
    return fields or (_defined_fields(text, found) if STRONG_EXTRACT.search(text, found) or FILL.search(text, found)
                      else None)


def _fields_at_instruction_end(text: str, found: Probe, start: int,
                               ) -> tuple[Decomposition | None, tuple[int, int] | None]:
    """The fields of the instruction opening text[start:] and the text after it (`_instruction_end`), and where the
    instruction ends there, relative to `start` (None when nothing ends it)."""
    view = text[start:] if start else text
    split = _instruction_end(view)
    if split is None:
        return None, None
    opening = _opening_fence(view, split)
    if opening is not None:
        split = (split[0], opening.end())  # the line fences the text, it is not part of it
    fenced = _closing_fence(view, split[1], opening)
    if fenced is None:
        return None, split
    context_to, tail = fenced  # "... -----\nAnswer as a list.": the tail after the closing line
    return _fields(text, found, start, start + split[0], start + split[1], start + context_to, tail=tail), split


# A section header of an instruction template (Alpaca's "### Instruction:", "Input:", "### Response:"), alone on its
# line or with the section's first words after its colon.
_SECTION_HEADER = re.compile(r"^[ \t]*(?:#{1,4}[ \t]*)?(instruction|input|response)s?[ \t]*(?::|$)[ \t]*",
                             re.IGNORECASE | re.MULTILINE)


def _instruction_sections(text: str) -> tuple[int, int, int, int] | None:
    """(start and end of the instruction, start and end of the input) of a prompt in an instruction template: an
    "Instruction" header, then an "Input" one; the input runs to a "Response" header or the end."""
    headers = {match.group(1).casefold(): match for match in _SECTION_HEADER.finditer(text)}
    instruction, given = headers.get("instruction"), headers.get("input")
    if instruction is None or given is None or given.start() < instruction.end():
        return None
    response = headers.get("response")
    input_end = response.start() if response is not None and response.start() > given.end() else len(text)
    return instruction.end(), given.start(), given.end(), input_end


# An empty JSON object to fill in ('{"company": "", "city": null}'): its keys are the fields. A key is a short quoted
# name; a value is empty ("", '', null, [] or "...").
# (an empty value, or a type to fill: '"price": number', '"date": "string"')
_EMPTY_VALUE = r"""(?:""|''|null|\[\s*\]|"\.{3}"|"…"|"?(?:string|str|number|integer|int|float|boolean|bool|date)"?)"""
_SKELETON = re.compile(r'\{\s*"[^"\n{}]{1,40}"\s*:\s*' + _EMPTY_VALUE
                       + r'(?:\s*,\s*"[^"\n{}]{1,40}"\s*:\s*' + _EMPTY_VALUE + r')+\s*,?\s*\}')
_SKELETON_KEY = re.compile(r'"([^"\n{}]{1,40})"\s*:')
# A label of one or two words on the line that opens a text ("Invoice:", "Job ad:", "Texto: ..."), its colon ending
# the line or followed by the text.
_DOCUMENT_LABEL = re.compile(r"(?:[^\W\d_]{1,20}[ \t]+)?[^\W\d_]{1,20}[ \t]*[:：][ \t]*")


def skeleton_fields(text: str, found: Probe) -> Decomposition | None:
    """ "Extract the following information from the text in JSON format: {"company": "", "city": ""}\n\nText: ...":
    the keys of an empty JSON object in the request are the fields; the text after it is the context. The request
    extracts, names its text ('Return a JSON object with keys {...} from this listing:') or the text after the object
    is labelled ('Fill this json. {...}\n\nInvoice: ...'). Tried before every other rule: a list inside that text
    (a job ad's requirements) is its material, and the object's values read as a comma list of fields too ("null",
    '"jobs"')."""
    if "{" not in text[:_REACH]:
        return None
    skeleton = _SKELETON.search(text, 0, _REACH + 200)
    if skeleton is None:
        return None
    request_start = text.rfind("\n\n", 0, skeleton.start()) + 1
    request = text[request_start:skeleton.start()]
    skeleton_line_end = end_of_line(text, skeleton.end())
    named = FROM_TEXT.search(text[skeleton.end():skeleton_line_end])  # "{...} from this listing:"
    if named is None and not text[skeleton.end():skeleton_line_end].strip():
        # or on the line after it, past a closing fence ("{...}\n```\nfrom the email under this line.")
        next_start = skeleton_line_end + 1
        if text.startswith(FENCES, next_start):
            next_start = end_of_line(text, next_start) + 1
        next_end = end_of_line(text, next_start) if next_start < len(text) else next_start
        named = FROM_TEXT.search(text[next_start:next_end])
        if named is not None:
            skeleton_line_end = next_end
    tail = text[skeleton.end():skeleton_line_end].strip() if named is not None else ""
    text_start = len(text) - len(text[skeleton_line_end if named is not None else skeleton.end():].lstrip())
    labelled = _DOCUMENT_LABEL.match(text, text_start)  # "Invoice:", "Job ad:", "Text:"
    context_from = labelled.end() if labelled is not None else text_start
    if not (STRONG_EXTRACT.search(request, found.part(request)) or named is not None or FROM_TEXT.search(request)
            or labelled is not None):
        return None  # the object is filled from a text the request names or labels, not made up
    keys = list(_SKELETON_KEY.finditer(text, skeleton.start(), skeleton.end()))
    if not 2 <= len(keys) <= MAX_BRANCHES:
        return None
    context = text[context_from:].strip()
    if not weighs(context, 20):
        return None
    context_start = text.index(context, context_from)
    template = join_template("{context}", " ".join(filter(None, (request.strip(), '{"{data}": ""}', tail))))
    items = [key.group(1) for key in keys]
    reasons = [Reason("fields.inline", f"{len(items)} fields to extract: the keys of an empty JSON object",
                      (keys[0].start(1), keys[-1].end(1))),
               Reason("passage.context", "the text to extract from becomes the context",
                      (context_start, context_start + len(context)))]
    return Decomposition(fields_category(items), template, reasons, data=items, context=context)


FENCES = ("```", "~~~", '"' * 3, "'" * 3)  # lines that open and close a pasted text


def _closes_a_fence(text: str, line_start: int) -> bool:
    """Whether the line before the one at `line_start` is a fence (`FENCES`, or a closing tag such as "</text>")
    closing a text that another fence (the opening tag) opens at the prompt's start."""
    before = text.rfind("\n", 0, line_start - 1) + 1
    fence = text[before:line_start].strip()
    if before > 0 and fence.startswith("</") and fence.endswith(">"):  # "<text>\n...\n</text>": a tag's pair
        return text.lstrip().startswith("<" + fence[2:])
    return before > 0 and fence.startswith(FENCES) and text.lstrip().startswith(fence[:3])


def _opens_a_quote(text: str) -> bool:
    """Whether an opening quote mark stands in the instruction's reach: substring tests, before a regex led by a
    class that would be tried at every position of it."""
    return any(text.find(mark, 0, _REACH) >= 0 for mark in _OPENING_MARKS)


_OPENING_MARKS = "\"“«„「『"  # what a `SHORT_QUOTE` match opens with


def _fields(text: str, found: Probe, start: int, end: int, context_from: int, context_to: int,
            after: bool = False, tail: str = "") -> Decomposition | None:
    """The fields named in the request text[start:end] and the text to extract from in text[context_from:
    context_to]; `tail` is what follows that text (after a closing line of dashes), kept in the template. A
    request after its text must point back at it ("from the text above") unless its verb is "extract"."""
    instruction = text[start:end]
    part = found.part(instruction)
    verb = EXTRACT.search(instruction, part)
    # (keys of the output name the fields too: "From the complaint below return a JSON with keys: a, b, c")
    cue = names_fields(instruction, part) or (verb is None and _KEYS.search(instruction) is not None)
    # (the search for a named text last: it is the dearest, and most prompts' last paragraph fails before it)
    if not (verb or cue) or (after and not STRONG_EXTRACT.search(instruction, part)
                             and not FROM_TEXT.search(instruction)):
        return None
    if verb is not None and not cue and verb.group(0).casefold() in WEAK_EXTRACT_VERBS and not FROM_TEXT.search(
            instruction if after else text, 0, len(instruction) if after else context_from):
        return None  # "give me a recipe with ...": no text to extract from
    if verb is None and not FROM_TEXT.search(instruction if after else text, 0, len(instruction) if after else
                                             context_from):
        return None  # "optimize my product title, description and backend keywords for SEO: <link>": no extraction
    context_from = after_label(text, context_to - len(text[context_from:context_to].lstrip()))
    context = text[context_from:context_to].strip()
    if not weighs(context, 20):
        return None
    context_start = text.index(context, context_from)
    # the fields are named in the sentence of the request (a colon may introduce them), not anywhere after it; with
    # no verb, in the sentence naming the output's keys
    keyed = _KEYS.search(instruction) if verb is None else None
    sentence_end = SENTENCE_END.search(instruction, verb.end() if verb else keyed.end() if keyed else 0)
    # a field's own parts in brackets ("working experience (employer, position, period)") are not fields
    scanned = _PARTS.sub(_blank_parts, instruction) if "(" in instruction else instruction
    list_start = verb.end() if verb else keyed.start() if keyed else 0
    keys = _KEYS.search(instruction, list_start, sentence_end.start() if sentence_end else len(instruction))
    if keys is not None:  # "... as JSON with keys name, email, phone": the keys are the fields, no attributes of
        list_start = keys.end()  # an output nor options of "as" (the words before them are not read)
        scanned = " " * list_start + scanned[list_start:]
    listed = _marked_fields(instruction, list_start) or _cut_at_dashes(scanned, _clause_fields(
        scanned, list_start, sentence_end.start() if sentence_end else None))
    if listed is None:
        return None
    named, spans, first, last = listed
    if any(len(item.split()) > 5 for item in named) or _plays_a_role(instruction):
        return None
    every = _EVERY.match(instruction, *spans[0])
    if every is not None:  # "Identify every PERSON, LOCATION and ORGANIZATION": "every" says it of each
        spans, first = [(every.end(), spans[0][1]), *spans[1:]], every.end()
    markers = [_INLINE_MARKER.match(instruction, a, b) for a, b in spans]
    if all(markers):  # "list (1) the attendees, (2) the decisions made, (3) ...": the numbers are no part of a field
        spans = [(marker.end(), b) for marker, (_, b) in zip(markers, spans)]
    items = [instruction[a:b] for a, b in spans]
    if any(_QUALIFIER.match(item) for item in items):
        return None  # "only the user names, without the home folders, from the log": how to extract one thing
    template = join_template("{context}", (instruction[:first] + "{data}" + instruction[last:]).strip(), tail)
    reasons = [Reason("fields.inline", f"{len(items)} fields to extract", (start + first, start + last)),
               Reason("passage.context", "the text to extract from becomes the context",
                      (context_start, context_start + len(context)))]
    return Decomposition(fields_category(items), template, reasons, data=items, context=context)


def _clause_fields(instruction: str, start: int, end: int | None,
                   ) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """The fields listed in instruction[start:end] (`best_clause_list`'s answer). Two joined by a bare "and" count
    only when both are entity types ("all dates and amounts of money", "person names and organization names") or
    named fields of two words or more ("the tracking number and estimated delivery date"): two other nouns are as
    often the two sides of one task ("the pronunciation and grammar errors in this essay", "the information and
    details of the property")."""
    listed = best_clause_list(instruction, minimum=2, start=start, alternatives=False, end=end, phrases_only=True,
                              examples=True)
    if listed is not None:
        return listed
    pair = best_clause_list(instruction, minimum=2, start=start, alternatives=False, end=end, phrases_only=True,
                            examples=True, pairs=True)
    return pair if pair is not None and (all(_entity_type(item) for item in pair[0])
                                         or all(field_name(item) for item in pair[0])) else None


# Words before a field's name that are no part of it ("the tracking number", "their email").
_LEADING = frozenset({"the", "a", "an", "his", "her", "their", "its", "my", "your", "our"})
# Words a field's name does not hold: nouns too general to name one ("the information and details of the
# property", "the content and style"), and the words of a clause rather than a noun phrase ("related to the offer").
_NOT_IN_A_NAME = frozenset({"information", "info", "details", "content", "data", "style", "tone", "structure",
                            "meaning", "text", "summary", "grammar", "spelling", "errors", "mistakes", "issues",
                            "points", "ideas", "to", "for", "with", "about", "in", "on", "at", "by", "from", "as",
                            "than", "that", "which", "who", "is", "are", "be", "both", "related", "and", "or", "all",
                            "my", "your", "personal"})


def field_name(item: str) -> bool:
    """A named field of a document: a noun phrase of two to five words without a leading determiner ("tracking
    number", "the estimated delivery date", "date of birth"; not "the pronunciation", "grammar errors", "related
    to the offer")."""
    words = item.casefold().split()
    while words and words[0] in _LEADING:
        words = words[1:]
    return 2 <= len(words) <= 5 and _NOT_IN_A_NAME.isdisjoint(words) and all(word.isalpha() for word in words)


def _cut_at_dashes(instruction: str, listed: tuple[list[str], list[tuple[int, int]], int, int] | None,
                   ) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """A list set off by dashes ("extract these fields -- name, title, salary -- from the ad"): the dashes bound
    it, so the words before the first and after the last are not part of a field; dashes inside a middle piece
    mean the pieces are not one list."""
    if listed is None or not _holds_dashes(instruction, listed[2], listed[3]):
        return listed
    spans = list(listed[1])
    if any(_holds_dashes(instruction, a, b) for a, b in spans[1:-1]):
        return None
    start, end = spans[0]
    for dash in _DASH_MARK.finditer(instruction, start, end):
        start = dash.end()
    spans[0] = (start, end)
    start, end = spans[-1]
    dash = _DASH_MARK.search(instruction, start, end)
    spans[-1] = (start, dash.start() if dash is not None else end)
    if any(a >= b for a, b in spans):
        return None
    return [instruction[a:b] for a, b in spans], spans, spans[0][0], spans[-1][1]


def _holds_dashes(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds "--" or "—": two substring tests, before any regex for dashes."""
    return text.find("--", start, end) >= 0 or text.find("—", start, end) >= 0


def _defined_fields(text: str, found: Probe) -> Decomposition | None:
    """Fields defined one to a line under an extract request ("Extract the following information as JSON:\n
    bedType: the bed type;\nroomSize: the area of the room;\n..."): each "key: what it holds" line is a field,
    named by its key (which decides keywords or entity types). The text to extract from is labelled after the
    lines ("Text: ..."), or comes before the request line, or is a long paragraph after them; without one the
    lines are more likely the text itself (a form, a CV: "Extract the skills from this CV:\nName: Jo\n..."), and
    nothing is proposed."""
    run = _definition_run(text)
    if run is None:
        return None
    request_start, request_end, spans, keys = run
    first = found.part(keys[0])
    if len(keys) > _FEWEST_DEFINED and (FILL.search(keys[0], first) or STRONG_EXTRACT.search(keys[0], first)):
        # "Fill in:\nOrganism:\nSample size:\n...": the first empty line is the request, not a field
        request_start, request_end = text.rfind("\n", 0, spans[0][0]) + 1, spans[0][1]
        spans, keys = spans[1:], keys[1:]
    request = text[request_start:request_end].strip()
    part = found.part(request)
    if not (STRONG_EXTRACT.search(request, part) or names_fields(request, part) or FILL.search(request, part)) \
            or _plays_a_role(request):
        return None
    end = spans[-1][1]
    rest = text[end:].lstrip(":：").strip()  # (an empty form line's span ends before its colon)
    before = text[:request_start].strip()
    label = passage_label(rest) or _DOCUMENT_LABEL.match(rest)  # "Text:", "Discharge summary:"
    if label is not None and weighs(rest[label.end():].strip(), 20):
        context, tail = rest[label.end():].strip(), rest[:label.start()].strip()
    elif weighs(before, 20) and not _names_the_lines(request):
        context, tail = before, rest
    else:
        return None
    items = [text[a:b] for a, b in spans]
    context_start = text.index(context)
    reasons = [Reason("fields.defined", f"{len(items)} fields defined one to a line", (spans[0][0], end)),
               Reason("passage.context", "the text to extract from becomes the context",
                      (context_start, context_start + len(context)))]
    return Decomposition(fields_category(keys), join_template("{context}", request, "Field: {data}", tail),
                         reasons, data=items, context=context)


# A program's set-up line, not a role to play ("You are a helpful assistant.", "You are an information extraction
# system."): what API-style prompts open with before their task.
_SYSTEM_SETUP = re.compile(r"\byou\s+are\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:assistant|system|model|extractor|parser|"
                           r"tool|bot|ai|program)\b[^.\n]{0,60}[.\n]", re.IGNORECASE)


def _plays_a_role(instruction: str) -> bool:
    """A role-play set-up in the instruction ("act as a recruiter and list ..."), a program's set-up aside."""
    role = ROLE_PLAY.search(instruction)
    return role is not None and not (_SYSTEM_SETUP.search(instruction, max(0, role.start() - 4)) is not None
                                     and ROLE_PLAY.search(instruction, role.end()) is None)


# A field defined on its own line: an optional bullet or number, a key of at most 40 characters (a word, a few
# words or an identifier: "bedType", "due date", "max_occupancy"), a colon and what the field holds, or nothing
# (a form to fill in: "Name:\nDate:\nAmount:").
_DEFINITION_LINE = re.compile(
    r"[ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)?(?P<key>[^\W\d_][\w .()/'-]{0,40}?)[ \t]*[:：]"
    r"(?:[ \t]+(?P<held>\S)|[ \t]*$)")
_FEWEST_DEFINED = 3


def _names_the_lines(request: str) -> bool:
    """The request ends by naming the text its colon introduces ("... from this CV:"): the lines are that text."""
    named = FROM_TEXT.search(request)
    return named is not None and request[named.end():].strip() in ("", ":", "：") and not any(
        word in named.group(0).casefold() for word in ("above", "below"))


# A listed piece opening with a negation constrains the one output, it names no field ("all ingredients as a list, no
# quantities", "the filenames, without the paths"; "no of employees" is a number): read here and by `extraction`.
NEGATED_PIECE = r"(?:no|not|without|except|excluding)\s+(?!of\b)"
# A listed piece that opens with a negation or a preposition of manner or source ("only the user names, without the
# home folders, from the log below", "as a link without quotes and without a code block"): the list qualifies one
# extraction or one output, a field is named by a noun ("from" only before a determiner: "the From address" is an
# email's field). A piece opening with a demonstrative of another language is the text named, its preposition cut off
# ("Estrai solo la data di scadenza da questo contratto, formato GG/MM/AAAA": "questo contratto").
_QUALIFIER = re.compile(NEGATED_PIECE + r"|(?:without|using|except|excluding)\b|"
                        r"from\s+(?:the|this|that|these|those|my|your|an?)\b|"
                        r"(?:" + THIS_ABROAD + r"|quest['’])\s+[^\W\d_]+[ \t]*$", re.IGNORECASE)
_INLINE_MARKER = re.compile(r"\(?\d{1,2}[.)][ \t]+")  # "(1) ", "2) ", "3. " before a field listed inline
_EVERY = re.compile(r"(?:every|each)[ \t]+(?=\S)", re.IGNORECASE)
_KEY_WORDS = 4  # a key of more words is a sentence ending in a colon, not a field's name


def _definition_run(text: str) -> tuple[int, int, list[tuple[int, int]], list[str]] | None:
    """The first run of three or more consecutive definition lines: (start and end of the line before it, the
    request, the spans of the lines without marker and closing ";" or "," (of the key alone in a form's empty
    line), their keys). Every definition line holds a colon: a text with fewer colons than the run needs lines is
    not read line by line."""
    if text.count(":") + text.count("：") < _FEWEST_DEFINED:
        return None
    spans: list[tuple[int, int]] = []
    keys: list[str] = []
    request: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None  # the last non-empty line that defines nothing
    position = 0
    for line in text.split("\n"):
        line_end = position + len(line)
        match = _DEFINITION_LINE.match(text, position, line_end)
        key = match.group("key").strip() if match is not None else ""
        if match is not None and key and len(key.split()) <= _KEY_WORDS:
            request = previous if not spans else request
            end = position + len(line.rstrip().rstrip(";,；，").rstrip()) if match.group("held") else match.end("key")
            spans.append((match.start("key"), end))
            keys.append(key)
        elif len(spans) >= _FEWEST_DEFINED:
            break
        else:
            spans, keys = [], []
            previous = (position, line_end) if line.strip() else previous
        position = line_end + 1
    if not _FEWEST_DEFINED <= len(spans) <= MAX_BRANCHES:
        return None
    if request is None:  # no line before the run: an empty request (the run's first line may be one: "Fill in:")
        request = (spans[0][0], spans[0][0])
    return request[0], request[1], spans, keys


# The fields named as the keys (columns, properties) of the output: "as JSON with keys name, email, phone".
_KEY_NOUNS = ("keys", "fields", "properties", "attributes", "columns")
_KEYS = re.compile(r"\b(?:with|using|having|containing)\s+(?:the\s+)?(?:following\s+)?(?:json\s+)?"
                   r"(?:" + "|".join(_KEY_NOUNS) + r")\b\s*:?\s*", re.IGNORECASE)
_PARTS = re.compile(r"\(([^()\n]*[,;][^()\n]*)\)")  # a bracketed list inside a field


def _blank_parts(parts: re.Match[str]) -> str:
    """The bracketed parts as one blank of the same length: the offsets of what is around them stay."""
    return "(" + "_" * len(parts.group(1)) + ")"


_INSTRUCTION_END = re.compile(
    r"\s*(?:\b(?:text|texto|texte|testo|текст|passage|input|document|sentence|frase|phrase|satz)\s*)?(?::\s+|：\s*)"
    r"|\n[ \t]*\n|\n[ \t]*-{2,}[ \t]*(?=\n)", re.IGNORECASE)
_FENCE = re.compile(r"\n[ \t]*-{2,}[ \t]*(?=\n|$)")  # a line of dashes around a pasted text ("---------")
_DASHES = re.compile(r"[ \t]+(?:--+|—)[ \t]+")  # "fields: a, b, c -- the text"
# Dashes in a list's first or last piece, with the blanks around them (from where a run of blanks starts only)
_DASH_MARK = re.compile(r"(?<![ \t])[ \t]*+(?:--+|—)[ \t]*+")
_OPEN_QUOTE = re.compile(r"[\"“«„「『]")
_REACH = 400  # the instruction ends within its first 400 characters
_TAIL_REACH = 400  # a request after its text is a last paragraph of at most this many characters
_LABEL_REACH = 40  # a label ("Text:") opens the text right after the line of fields
_SEPARATOR = re.compile(r"[,;，；、]")


def _instruction_end(text: str) -> tuple[int, int] | None:
    """(end of the instruction, start of the text to extract from). A colon inside a quoted passage does not end
    the instruction: the quote starts the text ('... from the abstract "Title: body"'); dashes after the
    colon that introduces the field list do ("fields: a, b -- the text")."""
    end = _instruction_end_at(text, 0, _REACH)
    named = _dashes_after_named_text(text, end.start() if end is not None else _REACH)
    if named is not None:
        return named
    if end is None:
        return None
    quote = _OPEN_QUOTE.search(text, 0, end.start())
    if quote is not None:
        return quote.start(), quote.start()
    colon = end.group(0).strip()[-1:] in (":", "：")
    line_end = text.find("\n", end.end(), _REACH)
    dashed = colon and _cut_by_dashes(text, end.end(), line_end if line_end > 0 else _REACH)
    dashes = dashes_in(text, end.end(), _REACH) if not dashed else None
    if dashes is not None and colon:
        return dashes.start(), dashes.end()
    if colon and line_end > 0 and (dashed or _SEPARATOR.search(text, end.end(), line_end)) and text[
            line_end:].strip():
        # "extract from the text below: a, b and c.\n\nText: ...": the fields end their line, the text follows
        label = _instruction_end_at(text, line_end, line_end + _LABEL_REACH)
        return line_end, label.end() if label is not None else line_end
    question = text.rfind("?\n", 0, end.start()) if not colon else -1
    if question >= 0:  # "can you tell me the date, duration and result of each event?\n **Today** \n\n ...": the
        return question + 1, question + 2  # question's line ends the request, the text starts on the next
    return end.start(), end.end()


def _dashes_after_named_text(text: str, endpos: int) -> tuple[int, int] | None:
    """(end of the instruction, start of the text) at the first dashes, before `endpos` (the instruction's other end
    mark), after a sentence that names the text to extract from ("... from this review -- I bought ...", "From the
    following job posting, extract the title and salary -- Senior Data Engineer ..."): the text follows them.
    Dashes before the text is named set off a list or an aside ("extract these fields -- name, title -- from the
    ad"), and two or more on their line cut fields ("From this email, extract -- name -- date -- amount")."""
    dashes = dashes_in(text, 0, min(endpos, _REACH))
    if dashes is None:
        return None
    sentence = max(text.rfind(mark, 0, dashes.start()) for mark in ".?!\n") + 1
    line_end = text.find("\n", dashes.start())
    if FROM_TEXT.search(text, sentence, dashes.start()) is None or _cut_by_dashes(
            text, dashes.start(), line_end if line_end >= 0 else len(text)):
        return None
    return dashes.span()


def _cut_by_dashes(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a line after the instruction's colon) is a list cut by two or more dashes ("Extract:
    product -- sentiment -- main complaint."): then the dashes separate fields instead of ending the instruction."""
    first = dashes_in(text, start, end)
    return first is not None and dashes_in(text, first.end(), end) is not None


def _opening_fence(text: str, split: tuple[int, int]) -> re.Match[str] | None:
    """The line of dashes that opens the text where the instruction ends: the end mark itself, or a line right
    after the instruction's colon or blank line ("from the text below:\n-----\n<text>")."""
    line_start = text.rfind("\n", split[0], split[1])
    return _FENCE.match(text, line_start) if line_start >= 0 else None


def _closing_fence(text: str, start: int, opening: re.Match[str] | None) -> tuple[int, str] | None:
    """Where the text to extract from (from `start`) ends and the paragraph after its closing line (stripped; empty
    when there is none), or None when the fields are better left alone. The same line of dashes as the opening one
    closes the text when only a short paragraph follows, with no question and lighter than the text (how to answer:
    "extract ...\n-----\n<text>\n-----\nAnswer as a list."). Another line of dashes after it (records between lines)
    or a question in a short paragraph after it is more than one text or one task: None. A line that closes nothing
    (another length, a long paragraph after it, or more text after it than before: a title set between two lines, a
    rules paragraph before the text) leaves the text running to the end of the prompt, as it does with no opening
    or no closing line."""
    closing = _FENCE.search(text, start) if opening is not None else None
    if opening is None or closing is None:
        return len(text), ""
    tail = text[closing.end():].strip()
    if _FENCE.search(text, closing.end()) is not None:
        return None
    if closing.group(0).strip() != opening.group(0).strip() or weighs(tail, _TAIL_REACH + 1):
        return len(text), ""
    if "?" in tail:
        return None
    return (len(text), "") if len(tail) >= closing.start() - start else (closing.start(), tail)


def _marked_fields(instruction: str, start: int) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """Fields cut by one mark right after the verb ("extract -- name -- company -- date -- from this email") or
    after a colon after it ("extract from the text below: the age -- the diagnosis -- the medication.", "Fields:
    name | address | phone or fax number | email."): dashes, or a bar, slash or plus set off by blanks (not
    "and/or"). The pieces between the marks (three or more), a last piece that names the text ("from this email")
    left out, a closing full stop dropped; the list ends with the sentence of its last mark. The shape of
    `best_clause_list`'s answer."""
    first = dashes_in(instruction, start, len(instruction))
    mark: re.Pattern[str] = _DASHES
    if first is None and _holds_any_symbol(instruction, start):
        first = _SYMBOL_MARK.search(instruction, start)
        if first is not None:
            mark = _ONE_SYMBOL[first.group(1)]
    if first is None:
        return None
    colon = max(instruction.rfind(":", start, first.start()), instruction.rfind("：", start, first.start()))
    symbol = mark is not _DASHES  # (a bar, slash or plus is no aside: the words before it are the first field)
    if colon < 0 and instruction[start:first.start()].strip() and not symbol:
        return None
    spans: list[tuple[int, int]] = []
    # "Extract: product -- sentiment -- ...": after the colon; "extract name / dose / storage from ...": the verb's
    position = colon + 1 if colon >= 0 else start if symbol else first.end()
    if symbol and "\n" in instruction[position:first.start()].strip():
        return None  # a bar on a later line is a table's, not the request's
    while position < len(instruction):
        found = mark.search(instruction, position)
        if found is None:  # the last piece: to the end of its sentence
            sentence_end = SENTENCE_END.search(instruction, position)
            end = sentence_end.start() if sentence_end is not None and symbol else len(instruction)
        else:
            end = found.start()
        piece = instruction[position:end].strip().rstrip(".;。")
        if found is None and symbol:  # "... / storage from the leaflet text": the last field ends at its text
            named = _NAMED_AFTER.search(piece)
            piece = piece[:named.start()] if named is not None else piece
        if piece and not _NAMES_TEXT.match(piece):
            offset = instruction.index(piece, position)
            spans.append((offset, offset + len(piece)))
        if found is None:
            break
        position = found.end()
    if not _FEWEST_DASHED <= len(spans) <= MAX_BRANCHES or (
            symbol and not all(any(map(str.isalpha, instruction[a:b])) for a, b in spans)):
        return None  # (a row of numbers between bars is data)
    return [instruction[a:b] for a, b in spans], spans, spans[0][0], spans[-1][1]


# A bar, slash or plus between blanks: a mark cutting fields ("name | address", "date / venue", "prep time + cook
# time"), found only where one of the three characters stands (a substring test first).
_SYMBOL_MARK = re.compile(r"[ \t]+([|/+])[ \t]+")
_ONE_SYMBOL = {symbol: re.compile(r"[ \t]+" + re.escape(symbol) + r"[ \t]+") for symbol in "|/+"}  # the same one


def _holds_any_symbol(text: str, start: int) -> bool:
    return any(text.find(symbol, start) >= 0 for symbol in "|/+")


_NAMES_TEXT = re.compile(r"(?:from|in|out of)\b", re.IGNORECASE)  # "-- from this email"
_NAMED_AFTER = re.compile(r"\s+(?:from|in|out of)\s+(?:the|this|that|these|my|following|given|above|below)\b",
                          re.IGNORECASE)  # "storage from the leaflet text"
_FEWEST_DASHED = 3  # two pieces between dashes are as often an aside ("extract -- if you can -- the gist")


def dashes_in(text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """`_DASHES.search(text, pos, endpos)`, run only when text[pos:endpos] holds "--" or "—", which every match
    does: two substring tests rule most texts out, where the regex, led by a character class, is tried at every
    space."""
    return _DASHES.search(text, pos, endpos) if _holds_dashes(text, pos, endpos) else None


# Where a match of `_INSTRUCTION_END` ends: a colon with the space after it, a full-width colon, or a blank line.
_END_MARK = re.compile(r":\s|：|\n[ \t]*\n|\n[ \t]*-{2,}[ \t]*\n")


# What a mark's starts are never found across, reading back from it over blanks, one word and blanks: a character
# that is neither (a mark beyond one leaves every start it gives after the character).
_BREAKS_A_LABEL = re.compile(r"[^\s\w]")


def _instruction_end_at(text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """`_INSTRUCTION_END.search(text, pos, endpos)`, tried only where a match can start: at a blank line, at the
    space before a colon or at the space before the word before it ("Text:"). The regex opens with optional space
    and an optional word, so the engine would try it at every position. The marks are read only as far as one may
    still give a start before one known to match. A line of dashes that underlines a heading is no mark at all, and
    the blank line right after it is read as part of it (the same mark), so "Summary\n-----\n\n<request>" reads
    on to the request's own end."""
    starts: set[int] = set()
    matched = endpos  # a start known to match (each mark has one: a blank line's own, the space before a colon)
    for mark in _END_MARK.finditer(text, pos, endpos):
        if matched < mark.start() and _BREAKS_A_LABEL.search(text, matched, mark.start()):
            break  # the starts of this mark and the later ones lie after `matched`: no earlier match is left
        if text[mark.start()] == "\n":
            if "-" in mark.group(0) and _underlines(text, mark.start()):
                continue  # "Summary\n-------" underlines a heading: no start, and no start known to match
            starts.add(mark.start())
            matched = min(matched, mark.start())
            continue
        space = _space_start(text, pos, mark.start())
        word = space
        while word > pos and (text[word - 1].isalnum() or text[word - 1] == "_"):
            word -= 1
        starts.update((space, _space_start(text, pos, word)))
        matched = min(matched, space)
    for start in sorted(starts):
        match = _INSTRUCTION_END.match(text, start, endpos)
        if match is not None:
            return match
    return None


def _underlines(text: str, line_end: int) -> bool:
    """Whether the line of dashes at `line_end` underlines a heading of at most three words ("Summary\n-------")
    instead of ending a request."""
    return len(text[text.rfind("\n", 0, line_end) + 1:line_end].split()) <= 3


def _space_start(text: str, pos: int, end: int) -> int:
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def fields_category(items: list[str]) -> str:
    """Entity *types* (people, places, organisations) make NER; named fields (salary, invoice number) keywords. A
    singular type word with a word before it names a field of a document ("invoice date", "delivery location")."""
    typed = sum(_entity_type(item) for item in items)
    return "Named Entity Recognition" if typed * 2 >= len(items) else "Keyword Extraction"


# Words that may stand before an entity type in a list of types ("the dates", "all people", "named entities").
_DETERMINERS = re.compile(
    r"(?:(?:the|all|any|every|each|named|les|la|le|los|las|die|der|gli|os|as)\s+)*", re.IGNORECASE)


# Entity-type words that, in the singular after another word, head a document's field ("invoice date", "meeting
# place", "contact person"); in the plural they stay types ("names of persons", "geographical locations").
_FIELD_HEADS = frozenset({"date", "location", "place", "person", "organisation", "organization", "money"})


def _entity_type(item: str) -> bool:
    """The item is an entity type: the type word opens it (after a determiner) or is not a singular field head."""
    stripped = item.strip()
    typed = ENTITY_TYPES.search(stripped)
    if typed is None:
        return False
    determiners = _DETERMINERS.match(stripped)
    assert determiners is not None  # it matches the empty string
    return typed.start() == determiners.end() or typed.group(0).casefold() not in _FIELD_HEADS

