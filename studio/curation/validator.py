"""Schema validation: integrity first, then a structural confidence tier, then dependency; every step leaves reasons.

Runs on a schema from any extractor (rules, LLM, the ParallelPrompt release, a human edit). Tiers:
- `high`: explicit markers back the decomposition (numbered/lettered/bulleted items, items alone on their lines,
  quoted items, a count in digits or number words equal to `n`);
- `medium`: softer cues (items that are sentences ending in "?", comma/semicolon/conjunction lists, plural or
  each/every/all cues in 12 languages), or explicit markers with a flagged mismatch (an item not found in the
  prompt, a count left in the template);
- `low`: rejected — an integrity failure, no cue at all, a count that contradicts `n`, or a dependent prompt
  (which also becomes `parallelizable=False`).
Each decision appends a `Reason(rule, message, span)` whose span points into the prompt, for the studio to highlight.
"""

from __future__ import annotations

import re
import unicodedata

from evaluators.language import detect_language
from store.models import Reason, Schema
from studio.curation.dependency import detect_dependency, item_references, items_in_order
from studio.curation.gate import apply_gate
from studio.curation.reading import reading, trimmed_view
from studio.curation.rules.counts import count_support, imperative_request
from studio.curation.rules.extraction import compound_name
from studio.curation.rules.lists import INLINE_ROMAN_NUMERAL
from studio.curation.rules.questions import EXAM_PART
from studio.curation.lexicon import (
    ALL_NUMBER_WORDS, CJK_NUMERAL, EACH_CUES, JA_NATIVE, PLURAL_CUES, alternation, cjk_number, count_tokens,
    number_words, phrase_cue, probe,
)
from studio.curation.lexicon.matching import Probe, sliceable
from studio.curation.lexicon.words import LIST_JOINING_WORDS, ROLE_PLAY, SLAVIC_LETTERS
from studio.curation.templating import PLACEHOLDER, placeholders_in, render_template

# (a bullet may carry the letter label its item leaves out: "- a) to rotate on itself")
_MARKER_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:\d{1,2}(?:\s*[.)．、:：]|[ \t]*-)|[(（]\d{1,2}[)）]|[a-zA-Z][.)]|\([a-zA-Z]\)"
    r"|(?:--?|[*•●▪◦–—+·・►>])(?:[ \t]*\(?[a-zA-Z]\))?|[①-⑳]|"
    r"[一二三四五六七八九十]{1,2}\s*[、.．]|"
    r"(?:Q|Question|Pregunta|Frage|Domanda|Pergunta|Вопрос|问题|問題|質問|問|问|질문|س)"
    r"\s*\d{1,2}\s*[.):：]?|\d{1,2}[.)])[ \t]*(?:[(\[]\s*\d{1,3}\s*(?i:points?|pts?|marks?)\s*[)\]][ \t]*)?"
    r"[\"'“«「]?$")  # (the marks an exam part is worth may follow its marker: "(a) (3 points) ...")
_INLINE_MARKER_BEFORE = re.compile(r"(?:^|\s)(?:\d{1,2}[.)]|[-•*]|[Qq]\d{1,2}[.:)]?)\s*$")  # ("Q2 what ...")
_QUOTES_OPEN = "\"'“‘«„「『"
_QUOTES_CLOSE = "\"'”’»“」』"


def _separated_by(conjunctions: tuple[str, ...]) -> re.Pattern[str]:
    r"""What sets two items apart: a comma or semicolon; one of `conjunctions`; " -- " ("extract -- name -- company
    -- date"); a bar, slash or plus set off by blanks ("name | address | phone", a table header's cells, as
    `rules.fields` reads them); "then" turning one explanation to the next audience ("a child.\n\nAnd then,\n\n
    Explain to a professor"). An item's own parenthesis may stand before the mark ("the parties (with
    jurisdiction), effective date"), and so is a letter or a roman numeral marking the next item on the same line
    ("a) why ... b) what ...", "(i) what ... (ii) when ..."). Slots to fill are apart too ("Tenant: ____ Deposit:
    ____", "<name></name> <email></email>")."""
    return re.compile(r"^[\s\"'“”‘’«»「」『』]*(?:\([^()\n]{1,80}\)[ \t]*)?"
                      r"(?:[,;，；、،؛・]|\s(?:" + "|".join(conjunctions) + r")\s|\s(?:--+|—)\s|"
                      r"[ \t][|/+][ \t]|[:：][ \t]*_{2,}|>[ \t]*</[\w-]+>[ \t]*<|"
                      r"[ \t]\(?(?:[a-h]|" + INLINE_ROMAN_NUMERAL + r")\)[ \t]|"
                      r"[和与與及とや]|[.!]?\s*(?:and\s+)?then\b[\s,]*"
                      r"(?:(?:explain|describe)\b(?:\s+(?:it|this|that))?\s+)?(?:to|for)\s)", re.IGNORECASE)


_OR_WORDS = ("or", "ou", "oder", "или", "o")
_SEPARATED = _separated_by((*LIST_JOINING_WORDS, *_OR_WORDS))
_SLAVIC_SEPARATED = _separated_by((*LIST_JOINING_WORDS, *_OR_WORDS, "i"))  # (a prompt in Polish, Czech, Croatian)
_EACH = phrase_cue(EACH_CUES)
_PLURAL = phrase_cue(PLURAL_CUES)
_CJK_COUNT = re.compile("(?:" + CJK_NUMERAL + "|" + alternation(JA_NATIVE) + "|[０-９]{1,3})")
_NORMALISE_EDGES = "\"'“”‘’«»「」『』.,;:!?¿¡。，、；：！？()[]{}<>*_-–— \t\n"
_WS = re.compile(r"\s+")


def normalise_item(item: str) -> str:
    """The comparable form of an item: NFC, casefolded, whitespace folded, surrounding quotes/punctuation off."""
    folded = _WS.sub(" ", unicodedata.normalize("NFC", item).casefold())
    return folded.strip(_NORMALISE_EDGES)


def validate_schema(schema: Schema, prompt_text: str) -> Schema:
    """A copy of `schema` with tier, dependency and the reasons for both (the extractor's reasons are kept); a
    rule-extracted schema then passes the learned precision gate, which may only lower its tier."""
    checked, view = structural_reading(schema, prompt_text)
    return _with_prompt_items(apply_gate(checked, trimmed_view(prompt_text)), schema, view is prompt_text)


def structural_validation(schema: Schema, prompt_text: str) -> Schema:
    """Integrity, dependency and the structural tier: the validator without the learned gate (what it is trained on)."""
    checked, view = structural_reading(schema, prompt_text)
    return _with_prompt_items(checked, schema, view is prompt_text)


def structural_reading(schema: Schema, prompt_text: str) -> tuple[Schema, str]:
    """The structurally validated schema as curation reads the prompt, and the prompt so read (its `reading_view`):
    checked on the view without the blanks at its ends (`Reading.trimmed`: leading line breaks moved the count
    checks), with the items and context the view's slices at their places (a context that keeps the greeting or the
    thanks of a pasted message, without them) and the reasons' spans in the prompt."""
    read = reading(prompt_text)
    if read.trimmed is prompt_text:  # (nothing blanked, left out or trimmed)
        return _validated(schema, prompt_text), read.view
    set_up = prompt_text[slice(*read.set_up)] if read.set_up else None
    seen = schema.replaced(data=schema.data and [read.as_read(item, prompt_text) for item in schema.data],
                           context=schema.context and read.as_read(schema.context, prompt_text).strip(),
                           reasons=[read.read_off(reason) for reason in schema.reasons])
    checked = _validated(seen, read.trimmed, set_up)
    added = [read.placed(reason) for reason in checked.reasons[len(schema.reasons):]]
    return checked.replaced(reasons=[*schema.reasons, *added]), read.view


def _with_prompt_items(checked: Schema, schema: Schema, unchanged: bool) -> Schema:
    """`checked` with the items and context of `schema` as the prompt writes them (`unchanged`: they are)."""
    return checked if unchanged else checked.replaced(data=schema.data, context=schema.context)


def _validated(schema: Schema, prompt_text: str, set_up: str | None = None) -> Schema:
    """Integrity, dependency and the structural tier of `schema`, read off `prompt_text` as given (after the role
    `set_up` the view blanked, if any)."""
    reasons = list(schema.reasons)
    parallelizable = schema.parallelizable
    if not parallelizable:
        dependency, dependency_reasons = detect_dependency(prompt_text)
        reasons.extend(dependency_reasons)
        reasons.append(Reason("tier.low", "the extractor found no parallel decomposition"))
        return schema.replaced(tier="low", reasons=reasons, dependency=dependency)
    context_span = find_in_prompt(schema.context, prompt_text) if schema.context else None
    fatal, flagged, item_spans = _integrity(schema, prompt_text, context_span, reasons)
    dependency, dependency_reasons = _dependency(schema, prompt_text, item_spans, context_span)
    reasons.extend(dependency_reasons)
    if fatal:
        tier = "low"
        reasons.append(Reason("tier.low", "rejected: the schema fails an integrity check"))
    elif dependency == "dependent":
        tier = "low"
        parallelizable = False
        reasons.append(Reason("tier.low", "rejected: the parts depend on each other or on an order"))
    else:
        tier = _structural_tier(schema, prompt_text, item_spans, reasons, set_up)
        if flagged and tier == "high":
            tier = "medium"
            reasons.append(Reason("tier.medium", "explicit markers, but an integrity flag lowers the tier"))
    return schema.replaced(tier=tier, reasons=reasons, dependency=dependency, parallelizable=parallelizable)


def _dependency(schema: Schema, prompt: str, item_spans: list[tuple[int, int]],
                context: tuple[int, int] | None) -> tuple[str, list[Reason]]:
    """Dependency cues count in the instruction only: "then", "compare", "prioritized" or "the day before" inside
    the passage to read or inside the items to process are their content, not instructions about how the parts
    relate. The items are still searched for explicit references to another part ("use the result of step 1").
    `context`: where the schema's context stands in the prompt (None: it has none, or it is not there)."""
    found = probe(prompt)
    passages = _passages_beside_count(schema, prompt) if schema.n is not None else []
    outside = [*item_spans, *([context] if context else []), *passages, *_text_after_context(item_spans, context,
                                                                                          len(prompt))]
    instruction = _blanked(prompt, outside)
    dependency, reasons = detect_dependency(instruction, _blanked_part(found, prompt, instruction, outside))
    if dependency != "dependent" and item_spans:
        inside = _complement(item_spans, len(prompt))
        items = _blanked(prompt, inside)
        references = (item_references(items, _blanked_part(found, prompt, items, inside))
                      or items_in_order(prompt, item_spans, material=schema.category in _PER_ITEM_TASKS))
        if references:
            return "dependent", references
    return dependency, reasons


def _text_after_context(item_spans: list[tuple[int, int]], context: tuple[int, int] | None,
                        length: int) -> list[tuple[int, int]]:
    """When the items are asked before their context, the rest of the prompt after the context: the pasted text
    goes on past the paragraph the context holds ("<fields to extract>\n\n<a recipe whose last step says ', then
    uncover'>"), and a user who asks first does not go on with instructions after the text."""
    if context is None or not item_spans or context[0] < max(end for _, end in item_spans):
        return []
    return [(context[1], length)]


_PASSAGE_CHARS = 400  # a paragraph this long without the request is pasted material, not instruction
_LIST_LINE = re.compile(r"[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]")  # (a list after the colon: requirements, not material)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _passages_beside_count(schema: Schema, prompt: str) -> list[tuple[int, int]]:
    """For a count schema: the long paragraphs that do not hold the requested count ("Write 10 posts for our firm.
    <a pasted company profile that 'ranks among the top 10'>"). A dependency cue inside them describes the
    material, not how the n outputs relate; the count's own paragraph and short ones are still read."""
    if len(prompt) <= _PASSAGE_CHARS or schema.n is None:
        return []
    count = next((reason.span for reason in schema.reasons if reason.rule.startswith("count.") and reason.span),
                 None)
    if count is None:  # a schema from another extractor: where the prompt asks for n
        requested, _ = count_support(prompt, schema.n, ALL_NUMBER_WORDS, probe(prompt))
        count = requested.span if requested is not None else None
    if count is None:
        return []
    spans, start = [], 0
    for paragraph_break in [*_PARAGRAPH_BREAK.finditer(prompt), None]:
        end = paragraph_break.start() if paragraph_break else len(prompt)
        if end - start >= _PASSAGE_CHARS and not (start <= count[0] < end):
            spans.append((start, end))
        if paragraph_break is not None and start <= count[0] < end and prompt[:end].rstrip().endswith((":", "：")) \
                and len(prompt) - paragraph_break.end() >= _PASSAGE_CHARS \
                and _LIST_LINE.match(prompt, paragraph_break.end()) is None:
            spans.append((paragraph_break.end(), len(prompt)))  # "dame diez asuntos para este correo:\n\n<the e-mail,
            # its short paragraphs>": all the text the count's paragraph hands over with its colon is material
        start = paragraph_break.end() if paragraph_break else end
    return spans + [span for span in _quoted_blocks(prompt)
                    if span[1] - span[0] >= _PASSAGE_CHARS and not (span[0] <= count[0] < span[1])]


# A line that is only a quote mark, right after a line ending in a colon, opens a pasted block up to the next such
# line ("This audience has the following pains:\n\"\n<paragraphs>\n\"").
_QUOTE_LINE = re.compile(r"^[ \t]*(?:\"{1,3}|'{3}|[“”«»])[ \t]*$", re.M)
_OPENING_QUOTE = re.compile(r":[ \t]*\n(?=[ \t]*(?:\"{1,3}|'{3}|[“«])[ \t]*$)", re.M)


def _quoted_blocks(prompt: str) -> list[tuple[int, int]]:
    """The quoted texts of several paragraphs opened after a colon: their short paragraphs are material as one
    long paragraph is."""
    blocks = []
    for colon in _OPENING_QUOTE.finditer(prompt):
        opening = _QUOTE_LINE.match(prompt, colon.end())
        closing = _QUOTE_LINE.search(prompt, opening.end()) if opening else None  # the colon's lookahead holds one
        if opening is None or closing is None:
            break  # no closing line after this one, nor after any later one
        blocks.append((opening.end(), closing.start()))
    return blocks


def _blanked(prompt: str, spans: list[tuple[int, int]]) -> str:
    """The prompt with the spans replaced by spaces (same length, so reason spans stay valid)."""
    if not spans:
        return prompt
    pieces, position = [], 0
    for start, end in sorted(spans):
        if start >= position:
            pieces += [prompt[position:start], " " * (end - start)]
            position = end
        elif end > position:
            pieces.append(" " * (end - position))
            position = end
    return "".join(pieces) + prompt[position:]


def _blanked_part(found: Probe, prompt: str, blanked: str, spans: list[tuple[int, int]]) -> Probe:
    """`found.part(blanked)`, `blanked` being `_blanked(prompt, spans)` and `found` the probe of `prompt`: its lowercase
    is the prompt's lowercase so blanked when that lowercases character for character (`sliceable`: no letter
    lowercasing to two, no "Σ", whose lowercase depends on its neighbours), instead of lowercasing the prompt again."""
    if sliceable(prompt, found.lowered, prompt):
        return Probe(_blanked(found.lowered, spans), found.words, found.cjk, found.chars, found.strangers)
    return found.part(blanked)


def _complement(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of the prompt outside the spans."""
    gaps, position = [], 0
    for start, end in sorted(spans):
        if start > position:
            gaps.append((position, start))
        position = max(position, end)
    return [*gaps, (position, length)] if position < length else gaps


# -- integrity ------------------------------------------------------------------------------------------------
def _integrity(schema: Schema, prompt: str, context_span: tuple[int, int] | None,
               reasons: list[Reason]) -> tuple[bool, bool, list[tuple[int, int]]]:
    """(fatal, flagged, spans of the data items found in the prompt); `context_span` as `_dependency` takes it."""
    has_data, has_n = schema.data is not None, schema.n is not None
    if has_data == has_n:
        reasons.append(Reason("integrity.data-xor-n", "a schema needs exactly one of data and n"))
        return True, False, []
    if has_data and not _valid_data(schema.data):
        reasons.append(Reason("integrity.data-size", "data needs at least 2 non-empty strings", field="data"))
        return True, False, []
    if has_n and (not isinstance(schema.n, int) or isinstance(schema.n, bool) or schema.n < 2):
        reasons.append(Reason("integrity.n-range", f"n must be an integer >= 2, got {schema.n!r}", field="n"))
        return True, False, []
    placeholders = _fitting_placeholders(schema, reasons)
    if placeholders is None:
        return True, False, []
    flagged = False
    if has_n and _count_in_template(schema):
        reasons.append(Reason("integrity.count-in-template", f"the template still contains the count {schema.n}",
                              field="template"))
        flagged = True
    spans: list[tuple[int, int]] = []
    if has_data:
        missing = 0
        found = _items_in_order(schema.data or [], prompt, 0)
        if context_span is not None and found[0] is not None and found[0][0] < context_span[1] and any(
                span is None or span[1] > context_span[0] for span in found):
            # fields named in the text too ("Gate: C34" over "find the gate, ...", or over the part of it taken as
            # the context): the request after it lists them
            after_text = _items_in_order(schema.data or [], prompt, context_span[1])
            if None not in after_text:
                found = after_text
        for index, span in enumerate(found):
            if span is None:
                missing += 1
                reasons.append(Reason("integrity.item-not-found", f"data item {index + 1} is not in the prompt",
                                      field="data"))
            else:
                spans.append(span)
        if missing * 2 > len(schema.data or []):
            reasons.append(Reason("integrity.items-invented", f"{missing} of {len(schema.data or [])} data items "
                                  "are not in the prompt", field="data"))
            return True, True, spans
        flagged = flagged or missing > 0
    if schema.context:
        if context_span is None:
            reasons.append(Reason("integrity.context-not-found", "the context is not in the prompt",
                                  field="context"))
            flagged = True
        else:
            reasons.append(Reason("integrity.context", "context found in the prompt", context_span, "context"))
    literal = _literal_placeholder(prompt, placeholders, [*spans, context_span] if context_span else spans)
    if literal is not None:
        reasons.append(Reason("integrity.literal-placeholder", f"the prompt's own text writes "
                              f"{prompt[literal[0]:literal[1]]} outside its items and context: the template cannot "
                              "tell it from its placeholder", literal, "template"))
        return True, flagged, spans
    return False, flagged, spans


def _literal_placeholder(prompt: str, used: set[str], filled: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the prompt writes a placeholder the template uses (one of `used`: "keep the {data} tag as it is")
    outside the spans its items and context fill, or None. A template that keeps such a literal cannot be told from
    one that does not (each branch would paste its item or the context there), so the schema is not trusted. A
    literal inside an item or the context is harmless: rendering is one pass over the template."""
    if "{" not in prompt:
        return None
    return next((match.span() for match in PLACEHOLDER.finditer(_blanked(prompt, filled)) if match.group(1) in used),
                None)


def _valid_data(data: object) -> bool:
    return (isinstance(data, list) and all(isinstance(item, str) for item in data)
            and sum(1 for item in data if item.strip()) >= 2 and all(item.strip() for item in data))


def _fitting_placeholders(schema: Schema, reasons: list[Reason]) -> set[str] | None:
    """The placeholders the template uses, when they fit the schema and it renders; else None, with the reason."""
    template = schema.template
    if not isinstance(template, str) or not template.strip():
        reasons.append(Reason("integrity.template", "the schema has no template", field="template"))
        return None
    present = placeholders_in(template)
    problems = []
    if schema.data is not None and "data" not in present:
        problems.append("a data schema's template needs {data}")
    if schema.n is not None and "data" in present:
        problems.append("an n schema's template must not use {data}")
    if schema.context and "context" not in present:
        problems.append("the schema has a context but its template has no {context}")
    if not schema.context and "context" in present:
        problems.append("the template uses {context} but the schema has no context")
    if problems:
        reasons.append(Reason("integrity.placeholders", "; ".join(problems), field="template"))
        return None
    try:
        render_template(template, data=schema.data[0] if schema.data else None, context=schema.context)
    except ValueError as error:
        reasons.append(Reason("integrity.render", f"the template does not render: {error}", field="template"))
        return None
    if "context" in present and "data" in present and template.index("{context}") > template.index("{data}"):
        reasons.append(Reason("integrity.context-order", "{context} should come before {data}", field="template"))
    return present


def _count_in_template(schema: Schema) -> bool:
    return any(value == schema.n for value, _ in _counts(schema.template or ""))


def _counts(text: str) -> list[tuple[int, tuple[int, int]]]:
    """(value, span) of every count in the text: digits, number words of any lexicon language, CJK numerals."""
    found = probe(text)
    counts = [(value, span) for value, span, _ in count_tokens(text, ALL_NUMBER_WORDS, found)]
    if found.cjk:
        counts.extend((value, match.span()) for match in _CJK_COUNT.finditer(text)
                      if (value := cjk_number(match.group(0))) is not None)
    return counts


def _items_in_order(items: list[str], prompt: str, start: int) -> list[tuple[int, int] | None]:
    """Where each item occurs, looked for in order from `start` ("翻译；: Give me；翻译" has its second item after
    the first, not at 0), an item not found after the one before looked for anywhere."""
    spans: list[tuple[int, int] | None] = []
    after = start
    for item in items:
        span = find_in_prompt(item, prompt, after) or find_in_prompt(item, prompt)
        spans.append(span)
        if span is not None:
            after = span[1]
    return spans


def find_in_prompt(item: str, prompt: str, start: int = 0) -> tuple[int, int] | None:
    """Where `item` occurs in the prompt at or after `start`: verbatim, else case/whitespace-insensitively (span
    in the prompt)."""
    stripped = item.strip()
    if not stripped:
        return None
    position = prompt.find(stripped, start)
    if position >= 0:
        return position, position + len(stripped)
    core = normalise_item(stripped)
    if not core:
        return None
    return _find_words(core.split(" "), prompt, start)


def _find_words(words: list[str], prompt: str, begin: int = 0) -> tuple[int, int] | None:
    """The first span of the prompt holding `words` (casefolded) separated by any whitespace, case-insensitively.
    Walked word by word: a regex built from a long item costs milliseconds to compile."""
    lowered = prompt.casefold()
    if len(lowered) != len(prompt):  # "ß" -> "ss": characters whose casefold is longer are compared as written
        lowered = "".join(char if len(folded := char.casefold()) != 1 else folded for char in prompt)
    first = words[0]
    start = lowered.find(first, begin)
    while start >= 0:
        position = start + len(first)
        for word in words[1:]:
            gap = _WS.match(lowered, position)
            if gap is None or not lowered.startswith(word, gap.end()):
                break
            position = gap.end() + len(word)
        else:
            return start, position
        start = lowered.find(first, start + 1)
    return None


# -- structural tiers ------------------------------------------------------------------------------------------
def _structural_tier(schema: Schema, prompt: str, spans: list[tuple[int, int]], reasons: list[Reason],
                     set_up: str | None) -> str:
    if schema.n is not None:
        return _count_tier(schema.n, prompt, reasons, set_up)
    explicit, asked = _explicit_item_cues(prompt, spans, reasons)
    needed = max(2, (2 * len(schema.data or []) + 2) // 3)
    if explicit >= needed:
        doubt = _doubtful_markers(schema, prompt, spans)
        if doubt:
            reasons.append(Reason("tier.medium", f"explicit markers, but {doubt}"))
            return "medium"
        reasons.append(Reason("tier.high", "explicit markers on the items"))
        return "high"
    if explicit + asked >= needed:
        reasons.append(Reason("tier.medium", "the items are sentences ending in '?': several questions in a row "
                                             "are often one question"))
        return "medium"
    if _separated(prompt, spans, fields=any(reason.rule.startswith("fields.") for reason in schema.reasons)):
        reasons.append(Reason("cue.inline-list", "items separated by commas, semicolons or conjunctions",
                              (min(start for start, _ in spans), max(end for _, end in spans))))
        reasons.append(Reason("tier.medium", "an inline list"))
        return "medium"
    soft = _soft_cue(prompt, reasons)
    if soft:
        reasons.append(Reason("tier.medium", "plural or distributive cues only"))
        return "medium"
    reasons.append(Reason("tier.low", "rejected: nothing in the prompt marks the items as separate"))
    return "low"


def _explicit_item_cues(prompt: str, spans: list[tuple[int, int]], reasons: list[Reason]) -> tuple[int, int]:
    """(how many items carry an explicit marker: list marker, own line or quotes; how many others only end in
    their own question mark or are an exam imperative after one, which is not explicit: "What is X? Why is it Y?"
    is one question as often as two)."""
    marked = asked = 0
    for start, end in spans:
        line_start = prompt.rfind("\n", 0, start) + 1
        lead = prompt[line_start:start]
        line_end = prompt.find("\n", end)
        tail = prompt[end:len(prompt) if line_end < 0 else line_end]
        if _MARKER_BEFORE.search(prompt[max(0, line_start - 1):start]):
            reasons.append(Reason("cue.list-marker", "list marker before the item", (line_start, end)))
        elif _INLINE_MARKER_BEFORE.search(prompt[max(0, start - 6):start]):
            reasons.append(Reason("cue.list-marker", "inline number before the item", (max(0, start - 4), end)))
        elif not lead.strip() and tail.strip(" \t\r") in ("", ":", "："):  # (a form's empty "Name:" line too)
            reasons.append(Reason("cue.own-line", "the item stands alone on its line", (start, end)))
        elif start > 0 and prompt[start - 1] in _QUOTES_OPEN and end < len(prompt) and prompt[end] in _QUOTES_CLOSE:
            reasons.append(Reason("cue.quotes", "quoted item", (start - 1, end + 1)))
        elif prompt[end - 1:end] in "?？" or prompt[end:end + 1] in ("?", "？") or _exam_part(prompt, start):
            reasons.append(Reason("cue.question-mark", "the item is its own question", (start, end)))
            asked += 1
            continue
        else:
            continue
        marked += 1
    return marked, asked


def _exam_part(prompt: str, start: int) -> bool:
    """An exam imperative right after a question ("What is X? State the conditions for X."): the paper's next
    part, its own question as much as one ending in "?" (and no more: one inquiry as often)."""
    return (prompt[max(0, start - 8):start].rstrip().endswith(("?", "？"))
            and EXAM_PART.match(prompt, start) is not None)


def _doubtful_markers(schema: Schema, prompt: str, spans: list[tuple[int, int]]) -> str | None:
    """Why markers that look explicit do not make the items `high`, or None. Bullets under questions often break
    one inquiry into its aspects (numbers or letters mark a quiz); `>` marks the lines of one quoted text; lines
    with no marker are often one text (a message, a poem, a log) unless a per-item task names them as items;
    quoted terms are often mentioned in one question about them, not listed (unless a per-item task such as
    translation takes each)."""
    leads = [prompt[prompt.rfind("\n", 0, start) + 1:start].strip() for start, _ in spans]
    if any(lead.startswith(">") for lead in leads):
        return "'>' quotes the lines of one text"
    bulleted = sum(1 for lead in leads if lead[:1] in _BULLETS)
    asked = sum(1 for start, end in spans if prompt[end - 1:end + 1].rstrip()[-1:] in ("?", "？"))
    if bulleted * 2 > len(spans) and asked * 2 >= len(spans):
        return "bulleted questions are often aspects of one inquiry"
    quoted = sum(1 for start, end in spans
                 if start > 0 and prompt[start - 1] in _QUOTES_OPEN and end < len(prompt) and prompt[end] in _QUOTES_CLOSE)
    if (quoted * 2 > len(spans) and schema.category not in _PER_ITEM_TASKS
            and not any(prompt[end - 1:end] in _SENTENCE_ENDS for _, end in spans)):
        return "quoted terms are often mentioned, not listed"
    if not any(leads) and not any(reason.rule in ("cue.task", "cue.each") for reason in schema.reasons):
        return "lines without markers or a per-item task are often one text"
    if any(reason.rule == "cue.question-frame" for reason in schema.reasons):
        return "bullets completing one question may ask for one answer"
    return _following_only(schema)


_PER_ITEM_EVIDENCE = frozenset({"cue.task", "cue.each", "cue.questions", "fields.list", "passage.context"})


def _following_only(schema: Schema) -> str | None:
    """Only "the following" makes the list the request's object: in real prompts the following attributes,
    requirements, papers or use cases are as often the material of one task as its items, so `high` needs a
    per-item task, "each", questions or fields."""
    rules = {reason.rule for reason in schema.reasons}
    if "cue.following" in rules and rules.isdisjoint(_PER_ITEM_EVIDENCE):
        return "only “the following” names the list as the object of the request"
    return None


_BULLETS = frozenset("*•●▪◦–—+·・►-")
_SENTENCE_ENDS = frozenset(".!?。！？")
_PER_ITEM_TASKS = frozenset({"Translation", "Language Correction", "Sentiment Analysis", "Keyword Extraction",
                             "Named Entity Recognition"})


def _separated(prompt: str, spans: list[tuple[int, int]], fields: bool = False) -> bool:
    """Whether marks or conjunctions separate the items. `fields`: the extractor read them as fields to extract, so
    blanks alone may separate three or more single words ("get name age city job from this"), a terse user's list
    of names where other items would be a phrase ("apple house tree")."""
    if len(spans) < 2:
        return False
    ordered = sorted(spans)
    pairs = [(a, b) for a, b in zip(ordered, ordered[1:]) if b[0] >= a[1]]
    if len(spans) >= _BARE_MARK_ITEMS and pairs and all(prompt[a[1]:b[0]] in _BARE_MARKS for a, b in pairs):
        return True  # "price/beds/baths/sqft": one mark, no blanks, between three or more items
    if fields and len(spans) >= _BARE_MARK_ITEMS and pairs and all(
            _ONE_WORD.fullmatch(prompt, *span) or _compound(prompt, *span) for span in ordered[:-1]) and all(
            _BLANKS_BETWEEN.fullmatch(prompt, a[1], b[0]) for a, b in pairs) and (
            _ONE_WORD.fullmatch(prompt, *ordered[-1]) or _LAST_WORDS.fullmatch(prompt, *ordered[-1])
            and "and" in prompt[pairs[-1][0][1]:pairs[-1][1][0]]):
        return True  # "get name age city job from this": blanks alone between three or more single words or
        # compound names ("invoice no date total"; the last of two after "and": "... price and phone number")
    separated = _SLAVIC_SEPARATED if SLAVIC_LETTERS.search(prompt) else _SEPARATED
    return all(separated.match(prompt[a[1]:b[0] + 1]) for a, b in pairs)


# A slash or bar with no blanks around it joins two words as often as it separates them ("and/or", "TCP/IP"); the
# same mark alone between each of three or more items is a list's.
_BARE_MARKS = ("/", "|")
_BARE_MARK_ITEMS = 3
_ONE_WORD = re.compile(r"[^\W\d_][\w()'-]*")
_LAST_WORDS = re.compile(r"[^\W\d_][\w()'-]*[ \t]+[^\W\d_][\w()'-]*")
_BLANKS_BETWEEN = re.compile(r"[ \t]+(?:and[ \t]+)?")


def _compound(prompt: str, start: int, end: int) -> bool:
    """Whether prompt[start:end] is two words that name one field (`compound_name`: "flight number")."""
    return _LAST_WORDS.fullmatch(prompt, start, end) is not None and compound_name(*prompt[start:end].split())


def _soft_cue(prompt: str, reasons: list[Reason]) -> bool:
    found = probe(prompt)
    for rule, cue, message in (("cue.each", _EACH, "distributive cue"), ("cue.plural", _PLURAL, "plural cue")):
        match = cue.search(prompt, found)
        if match:
            reasons.append(Reason(rule, f"{message} “{match.group(0)}”", match.span()))
            return True
    return False


_SET_UP_REACH = 300  # a role-play or system set-up opens the prompt


# A prompt that opens by addressing the model's identity or overriding its instructions sets up behaviour.
_SET_UP_OPENING = re.compile(
    r"\W{0,5}(?:ignore (?:all )?(?:the |your )?(?:previous|prior|above) instructions|you are\b|you're\b|"
    r"from now on\b|i want you to\b|tu es\b|vous êtes\b|eres\b|du bist\b|sei\b|você é\b|ты\b|你是|あなたは|너는|당신은)",
    re.IGNORECASE)


def _role_play_set_up(prompt: str, role: str | None) -> tuple[str, tuple[int, int] | None, int] | None:
    """The set-up that makes the prompt a role-play or system set-up, if any: the words opening it ("Act as", "You are
    GameGPT", "Ignore previous instructions"), else the role the view blanked before it (`role`); with its span in the
    prompt (none for the blanked role) and where the prompt's own words after it start."""
    opening = _SET_UP_OPENING.match(prompt) or ROLE_PLAY.search(prompt, 0, _SET_UP_REACH)
    if opening is not None:
        return opening.group(0), opening.span(), opening.end()
    return (role, None, 0) if role is not None else None


def _count_tier(n: int, prompt: str, reasons: list[Reason], role: str | None = None) -> str:
    """`high` only for an explicit request verb asking for n generable things ("give me 7 slogans"); `medium` for
    softer evidence (a weak verb, a range, a heading, another noun, a count of n outside any request, plural cues);
    `low` when the count of n sizes or selects within one answer ("the 5 fastest", "in 3 sentences") or nothing
    asks for n items. A role set-up the view blanked before `prompt` (`role`) is a set-up as one opening it is."""
    found = probe(prompt)
    requested, refused = count_support(prompt, n, ALL_NUMBER_WORDS, found)
    if requested is None and refused is None:
        # number words only some languages read so ("fem" in Swedish, "fire" in Danish): the prompt's language says
        requested, refused = count_support(prompt, n, number_words(detect_language(prompt)), found)
    if requested is not None:
        reasons.append(Reason("cue.count", f"the prompt asks for {n} items: {requested.evidence}", requested.span))
        if requested.strength == "high":
            reasons.append(Reason("tier.high", "an explicit request for n generable items"))
            return "high"
    set_up = _role_play_set_up(prompt, role)
    if set_up is not None and requested is not None and imperative_request(prompt, requested, set_up[2]):
        reasons.append(Reason("count.instruction", "after a role-play set-up, an imperative sentence asks for the "
                              "count", requested.span))
        reasons.append(Reason("tier.medium", "a count asked for after a set-up"))
        return "medium"
    if set_up is not None:
        words, span, _ = set_up
        reasons.append(Reason("count.set-up", f"a role-play or system set-up (“{words}”) describes behaviour: only an "
                              "explicit request for generable items counts", span))
        reasons.append(Reason("tier.low", f"rejected: no explicit request for {n} items in a set-up"))
        return "low"
    if requested is not None:
        reasons.append(Reason("tier.medium", "a count of n with softer evidence"))
        return "medium"
    if refused is not None and refused.rule != "count.unrequested":
        reasons.append(Reason(refused.rule, refused.message, refused.span))
        reasons.append(Reason("tier.low", f"rejected: the count {n} is not a number of separate outputs"))
        return "low"
    other_counts = []
    for value, span in _counts(prompt):
        if value == n:
            reasons.append(Reason("cue.count", f"the prompt states {n}, outside a request", span))
            reasons.append(Reason("tier.medium", "a count equal to n, but no request verb asks for it"))
            return "medium"
        if value >= 2:
            other_counts.append(span)
    if _soft_cue(prompt, reasons):
        if other_counts:
            reasons.append(Reason("cue.count-mismatch", f"the prompt's counts differ from n={n}",
                                  other_counts[0]))
        reasons.append(Reason("tier.medium", "no explicit count; plural or distributive cues only"))
        return "medium"
    reasons.append(Reason("tier.low", f"rejected: nothing in the prompt asks for {n} items"))
    return "low"
