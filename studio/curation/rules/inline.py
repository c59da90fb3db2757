"""Inline lists: "a, b and c", "a; b; c" and runs of quoted strings inside a sentence, with the request words cut
off the first item and the trailing clause off the last. A list becomes `data` only under a per-item task
(translate, correct, sentiment, "each", a question per item)."""

from __future__ import annotations

import re
from functools import lru_cache

from store.models import Reason
from studio.curation.dependency import AUDIENCE_START, AUDIENCE_TURN
from studio.curation.lexicon.matching import (
    CJK_CHAR, LastPhrase, Probe, StartNeedleRegex, alternation, asked_words, lowered_alike,
)
from studio.curation.lexicon.words import (
    ATTRIBUTE_NOUNS, COMPARATIVE, BOUNDARY_WORDS, CJK_DISJUNCTIONS, CLAUSE_WORDS, CONJUNCTIONS, COORDINATED_VERBS,
    DETERMINERS, DISJUNCTIONS, EXAMPLE_MARKERS, EXAMPLE_MARKERS_CJK,
    EXTRACT_VERBS, GENERATE, ITEM_START_WORDS, JA_CLAUSE_ENDINGS, ONE_WORD_VERBS, OPTION_NOUNS, OPTIONS_FAR,
    OPTIONS_NEAR, REQUEST_VERBS, QUESTION_WORDS_START, ROLE_PLAY, TASK_VERBS, THIS_ABROAD,
)
from studio.curation.rules.base import MAX_BRANCHES, SENTENCE_END, Decomposition, join_template, weighs
from studio.curation.rules.categories import (
    EACH, EACH_BACK, SINGLE_TEXT, SINGULAR_ARTIFACT, asks_to_extract, category_for_items, category_from_cues,
    may_cue_items,
)
from studio.curation.rules.passages import instruction_region

_CONJ_WORD = r"(?:" + alternation(CONJUNCTIONS) + r")"
_AND_WORD = r"(?:" + alternation(set(CONJUNCTIONS) - DISJUNCTIONS) + r")"
_DISJUNCTION = r"(?:" + alternation(DISJUNCTIONS) + r")"
_CJK_DISJUNCTION = alternation(CJK_DISJUNCTIONS)
# Separators of list items: commas (with a conjunction after them) and the conjunction before the last item; in a
# list of fields only "and" words separate. A comma or "と" takes no whitespace before it: the piece before keeps it
# and is stripped, and every alternative then starts with a separator or whitespace, which the engine skips to (a
# leading "\s*" had it try every alternative at every character of a clause). The run of whitespace before a
# conjunction is matched only from where it starts (`(?<!\s)`): that is where a match started anyway, the search
# starting at 0 or after a separator's trailing whitespace (every use here); without it a search tried every
# position of a long run, each reading the rest of the run (quadratic: 3,000 spaces in a prompt took seconds).
_SEPARATORS = {
    True: (re.compile(r"[,;，；、]\s*(?:" + _CONJ_WORD + r"\s+)?", re.IGNORECASE),
           re.compile(r"(?<!\s)\s+" + _CONJ_WORD + r"\s+|[和与與及或]|[とや]\s*", re.IGNORECASE)),
    False: (re.compile(r"[,;，；、]\s*(?:" + _AND_WORD + r"\s+)?", re.IGNORECASE),
            re.compile(r"(?<!\s)\s+" + _AND_WORD + r"\s+|[和与與及]|[とや]\s*", re.IGNORECASE)),
}
_CLAUSE = re.compile(r"[^.!?。！？\n:：，]+")
# Where the clause after a list's last item starts: prepositions always end the item ("cherry into Spanish");
# relative pronouns and participles only when the item is much longer than the others ("lugares que aparecen en
# este texto"), since a described item keeps its clause ("un robot que quiere ser chef").
_LAST_ITEM_STOP = re.compile(  # (`(?<!\s)`: see `_SEPARATORS`; searched from 0)
    r"(?<!\s)\s+(?:into|in|to|for|from|with|using|as|and then|please|too|as well|according|based|respectively|today|now|"
    r"of\s+(?:each|every)|"  # "... and percent change of each event": what every item is asked of
    r"tomorrow|currently|nowadays|these days|hoy|ahora|aujourd'hui|maintenant|heute|jetzt|oggi|hoje|сегодня|сейчас|"
    r"en|al|a la|au|à|dans|auf|im|ins|nach|aus|raus|heraus|para|на|в|по|из|"
    # the source after the last item: "el salario del siguiente (texto)", "le salaire du texte suivant"
    r"(?:del|de\s+la|de\s+los|de\s+las|du|de\s+l['’]|des|dal|dalla|dai|dalle|do|da|dos|das)\s+"
    r"(?:siguientes?|suivante?s?|seguent[ei]|seguintes?|textos?|textes?|test[oi]|párrafo|paragraphe|paragrafo|"
    r"parágrafo|artículo|article|articolo|artigo)|"
    r"(?:del|du|des|dal|dalla|do|da|dem)(?=\s*$))(?:\s|$)", re.IGNORECASE)  # (a source cut off: "el importe del")
_LAST_ITEM_CLAUSE = re.compile(  # (`(?<!\s)`: see `_SEPARATORS`; searched from 0)
    r"(?<!\s)\s+(?:that|which|que|qui|che|die|der|das|которые|mentioned|mentionnés|mentionnées|erwähnt|erwähnten|"
    r"menzionati|mencionados|mencionadas|упомянутые)(?:\s|$)", re.IGNORECASE)
_SEMICOLON = re.compile(r"[;；]\s*")  # (the whitespace before it stays with the piece before, as for a comma)
_LEADING_CONJ = re.compile(r"^(?:" + _CONJ_WORD + r")\s+", re.IGNORECASE)
# Verbs asking to be taught a set of terms ("Teach me A, B and C", "Talk about A, B and C"), besides the task verbs.
_TEACHING_VERBS = ("teach me", "teach me about", "talk about")
# Where a list's first item starts at the latest: after a request verb, "all", "the words", "in this text".
_STRONG_BOUNDARY = LastPhrase(REQUEST_VERBS + EXTRACT_VERBS + TASK_VERBS + ITEM_START_WORDS + _TEACHING_VERBS)
# Up to the last boundary word of a line: `.*` tried only from a line's start (`(?m)^`); unanchored, it was retried
# from every position of a first item holding no boundary (quadratic: a 100,000-character item took over 9 s).
# Searched from 0 it finds what `.*(?:...)` finds: that regex's leftmost match also starts at a line's start.
_CJK_FIRST_BOUNDARY = re.compile(r"(?m)^.*(?:的|出|取|把|将|將|在|是|请|請|从|從|进行|進行|：|:|を|は)")
_CJK_LAST_STOP = re.compile(r"的|这|這|等|方面|几个|幾個|这些|を|について|の違い")
_TRAILING_PARTICIPLES = frozenset({"mentioned", "listed", "found", "contained", "included", "mentionnés",
                                   "mentionnées", "cités", "mencionados", "mencionadas", "erwähnt", "erwähnten",
                                   "genannten", "menzionati", "menzionate", "упомянутые"})
_BETWEEN = frozenset({"between", "among", "entre", "zwischen", "unter", "tra", "fra", "между", "среди"})
_LEADING_PREPOSITION = re.compile(
    r"^(?:(?:of|de|da|do|das|dos|du|des|del|della|dello|dei|degli|delle|di|von|vom|der)\s+)?(?:l'|d'|l’|d’)?",
    re.IGNORECASE)
# Every alternative starts with its opening quote (the "not after a letter" test of ' comes after it), so the
# regex engine skips ahead to the next quote character instead of trying each alternative at every position.
_QUOTED = re.compile(
    r"\"([^\"\n]{1,300})\"|“([^”\n]{1,300})”|'(?<!\w')([^'\n]{1,200})'(?!\w)|‘([^’\n]{1,200})’"
    r"|«\s?([^»\n]{1,300}?)\s?»|„([^“\n]{1,300})“|「([^」\n]{1,300})」|『([^』\n]{1,300})』")
_OPENING_QUOTES, _CLOSING_QUOTES = "\"“'‘«„「『", "\"”'’»“」』"  # the first and the last character of a `_QUOTED` match
_QUOTE_GAP = re.compile(r"^\s*(?:[,;，；、]\s*)?(?:" + _CONJ_WORD + r"\s+)?$|^\s*[和与與及、とや]\s*$", re.IGNORECASE)


def split_inline(segment: str, offset: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Split "a, b and c" / "a; b; c" into items with spans (semicolons, when present, are the only separator,
    so "NAME_1, a pilot; NAME_2, a nurse" keeps its commas); None when it is not a list."""
    pieces = _pieces(segment)
    return _items(segment, offset, pieces) if len(pieces) >= 2 else None


def _pieces(segment: str, alternatives: bool = True) -> list[tuple[int, int]]:
    """The non-empty stretches between the separators of an inline list (`alternatives`: "or" separates too); a
    stretch may end with the whitespace before its separator, which `_items` strips."""
    comma, conjunctions = _SEPARATORS[alternatives]
    separator_pattern = _SEMICOLON if ";" in segment or "；" in segment else comma
    pieces: list[tuple[int, int]] = []
    position = 0
    for separator in separator_pattern.finditer(segment):
        pieces.append((position, separator.start()))
        position = separator.end()
    # "a, b and c": a conjunction separates only the last two items ("the pros and cons of A, B and C")
    conjunction = None
    for conjunction in conjunctions.finditer(segment, position):
        pass
    if conjunction is not None and segment[position:conjunction.start()].strip():
        pieces.append((position, conjunction.start()))
        position = conjunction.end()
    pieces.append((position, len(segment)))
    return [(s, e) for s, e in pieces if segment[s:e].strip()]


def _items(segment: str, offset: int, pieces: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """The pieces as items without surrounding space or a leading conjunction, with spans offset into the text."""
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in pieces:
        raw = segment[start:end]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        conjunction = _LEADING_CONJ.match(stripped)  # (anchored: one match, at half the cost of `sub`)
        item = stripped[conjunction.end():] if conjunction else stripped
        lead += len(stripped) - len(item)
        items.append(item)
        spans.append((offset + start + lead, offset + start + lead + len(item)))
    return items, spans


def trim_edges(items: list[str], spans: list[tuple[int, int]], whole_first: bool = False,
               ) -> tuple[list[str], list[tuple[int, int]]]:
    """Cut the request words off the first item and the trailing clause off the last item.

    The first item starts after the last strong boundary (a request verb, "all", "the words", "from this text",
    a CJK particle) when that leaves a phrase about as long as the other items; otherwise the other items'
    length is the yardstick ("What are the capitals of France" -> "France"). With `whole_first` (the list opens
    after a colon or a bracket) the first item's "of" is its own: "from the invoice: date of birth, name, ..." and
    "de la factura: número de factura, fecha, ..." keep "date of" and "número de"."""
    last = items[-1]
    yardstick = max((len(item.split()) for item in items[1:-1]), default=1)
    # (the word counts first: a last item no longer than the others is not searched)
    if len(last.split()) > yardstick and (stop := _LAST_ITEM_STOP.search(last)) and stop.start() > 0:
        last = last[:stop.start()]
    if len(last.split()) > max(2 * yardstick, yardstick + 1) and (
            clause := _LAST_ITEM_CLAUSE.search(last)) and clause.start() > 0:
        last = last[:clause.start()]
    cjk_stop = _CJK_LAST_STOP.search(last)
    if cjk_stop and cjk_stop.start() > 0:
        last = last[:cjk_stop.start()]
    last = last.rstrip(" .,;:!?。，")
    trailing = last.rsplit(None, 1)
    if len(trailing) == 2 and trailing[1].casefold() in _TRAILING_PARTICIPLES:  # "company names mentioned"
        last = trailing[0]
    others = [*items[1:-1], last]
    unprefixed = [_unprefixed(item) for item in others]
    longest = max(len(item.split()) for item in unprefixed)
    first_text = items[0]
    strong = _STRONG_BOUNDARY.last(first_text, with_text_after=True)
    if strong and _a_datum_named(first_text, strong):  # "the name of the company": the noun, not the verb "name"
        strong = _STRONG_BOUNDARY.last(first_text[:strong[0]], with_text_after=True)
    candidate = first_text[strong[1]:].strip() if strong else first_text
    if len(candidate.split()) > longest + 2 and not _field_of(candidate.split(), others):
        words = first_text.split()
        candidate = " ".join(words[-min(len(words), longest):])
    words = candidate.split()
    between = [index for index, word in enumerate(words[:-1]) if word.casefold() in _BETWEEN]
    if between:  # "die Unterschiede zwischen A, B und C": the list starts after "zwischen"
        words = words[between[-1] + 1:]
    inner = [index for index, word in enumerate(words[:-1]) if index and word.casefold() in BOUNDARY_WORDS
             and not words[index - 1][:1].isupper()]
    shortest = min(len(item.split()) for item in unprefixed)
    if inner and not whole_first and shortest - 1 <= len(words) - inner[-1] - 1 <= longest \
            and not _field_of(words, others):
        words = words[inner[-1] + 1:]  # "the concepts of A", "the weather like in A" (not "Bank of America")
    while len(words) > 1 and (words[0].lower() in BOUNDARY_WORDS or not any(c.isalnum() for c in words[0])):
        words = words[1:]
    if len(words) > 1 and words[0].lower() in DETERMINERS and not any(
            item.split()[0].lower() in DETERMINERS for item in others if item.split()):
        words = words[1:]
    first = _unprefixed(" ".join(words)) or " ".join(words)
    # (ASCII text can end a boundary only at ":"; without one the regex would try every start of the text)
    cjk_cut = _CJK_FIRST_BOUNDARY.search(first) if ":" in first or not first.isascii() else None
    if cjk_cut and cjk_cut.end() < len(first):
        first = first[cjk_cut.end():]
    if first_text.split()[:1] != first.split()[:1] and len(others) >= 2:
        # the first item lost its "of"/"do"/"de l'" with the request: the others lose theirs too
        if all(unprefixed):
            spans = [spans[0], *((end - len(item), end) for item, (_, end) in zip(unprefixed[:-1], spans[1:-1])),
                     spans[-1]]
            items = [items[0], *unprefixed[:-1], items[-1]]
    last_start = spans[-1][0]
    if first_text.split()[:1] != first.split()[:1]:
        unprefixed_last = _unprefixed(last)
        last_start += len(last) - len(unprefixed_last)
        last = unprefixed_last
    return ([first, *items[1:-1], last],
            [(spans[0][1] - len(first), spans[0][1]), *spans[1:-1], (last_start, last_start + len(last))])


# A singular demonstrative opening a piece ("este correo al inglés"): the text to work on may be named there.
_DEMONSTRATIVE = re.compile(r"(?:this|" + THIS_ABROAD + r")\s", re.IGNORECASE)


def _a_datum_named(text: str, span: tuple[int, int]) -> bool:
    """Whether the boundary word text[span] is a datum's noun after a determiner ("the name of the company")."""
    before = text[:span[0]].split()
    return bool(before) and before[-1].casefold() in DETERMINERS and text[span[0]:span[1]].casefold() in ATTRIBUTE_NOUNS


_FIELD_WORDS = 5  # the most words of a field named with its "of" ("the date of birth", "el número de factura")


def _field_of(words: list[str], others: list[str]) -> bool:
    """Whether a first item of at most `_FIELD_WORDS` words names a datum with its "of" among other items of which
    one names a datum too ("the date of birth, name and phone", "el número de factura, la fecha, el nombre del
    cliente": fields of a document), rather than ask one thing of each item ("the population of France, Germany
    and Italy"): its words before the "of" stay."""
    return len(words) <= _FIELD_WORDS and any(
        word.casefold() in BOUNDARY_WORDS and words[index - 1].casefold() in ATTRIBUTE_NOUNS
        for index, word in enumerate(words[1:-1], 1)) and any(
        not ATTRIBUTE_NOUNS.isdisjoint(item.casefold().split()) for item in others)


def _unprefixed(item: str) -> str:
    """`item` without its leading preposition or elision: `_LEADING_PREPOSITION.sub("", item)` (anchored, the regex
    matches once, at the start, maybe empty), read off that match at half the cost of `sub`."""
    return item[_LEADING_PREPOSITION.match(item).end():]  # type: ignore[union-attr]


def quoted_run(text: str, start: int = 0, end: int | None = None,
               ) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """The longest run of >= 2 quoted strings separated only by commas or a conjunction in text[start:end]."""
    matches = list(_QUOTED.finditer(text, start, len(text) if end is None else end))
    best_start, best_end, run_start = 0, 0, 0
    for index, match in enumerate(matches):
        if index > run_start and not _QUOTE_GAP.match(text[matches[index - 1].end():match.start()]):
            run_start = index
        if index + 1 - run_start > best_end - best_start:
            best_start, best_end = run_start, index + 1
    best = matches[best_start:best_end]
    if not 2 <= len(best) <= MAX_BRANCHES:
        return None
    items = [next(g for g in m.groups() if g is not None) for m in best]
    spans = [next(m.span(i) for i in range(1, len(m.groups()) + 1) if m.group(i) is not None) for m in best]
    return items, spans, best[0].start(), best[-1].end()


# The gap before the last of a run of quoted strings joins it as an alternative ('"A", "B" or "C"').
_ALTERNATIVES_GAP = re.compile(rf"(?<![^\W\d_]){_DISJUNCTION}(?![^\W\d_])|{_CJK_DISJUNCTION}", re.IGNORECASE)
_QUESTION_TAIL = re.compile(r"[?？]\s*$")
# "What are the pros and cons of the following: A, B, C." asks as a question does, whatever mark ends it.
_ASKS_OF_THE_FOLLOWING = re.compile(r"\s*(?:what|which|how|why)\b[^\n]{0,80}?\bthe following\s*[:：]\s*$", re.IGNORECASE)
_ROLE_REACH = 300  # a role-play set-up opens the prompt
_LEAD_REACH = 300  # the words that make a list one text or one decision come just before it


_ANSWER_SIZE = re.compile(r"\bin\s+(?:\d{1,4}|one|two|three|four|five|six|a\s+few|a\s+single|a)\s+"
                          r"(?:paragraphs?|sentences?|words|pages?|bullet\s+points|essay|article)\b"
                          r"|(?:一つ|ひとつ|1つ|１つ)の(?:段落|文章|文)で|用一段|한\s*(?:문단|단락|문장)으로", re.IGNORECASE)
# The user's own candidates put up for advice ("what can we do? I'm thinking of open source, open data, meetups, any
# suggestion?"): options of one brainstorm, not things asked about one by one.
_OWN_OPTIONS = re.compile(r"\b(?:i'?m|i\s+am|i\s+was|we'?re|we\s+are|we\s+were)\s+(?:thinking|considering)"
                          r"(?:\s+(?:of|about))?\s+$", re.IGNORECASE)
_MEANS = re.compile(r"\b(?:using|via|through|utili[sz]ing|by\s+means\s+of)\s", re.IGNORECASE)
_HEADING_LEVEL = re.compile(r"\b[Hh][1-6]\b")
# A singular collective noun closing the last item ("the sensors, valves and pumps industry", "the Alien, Aliens and
# Prometheus film series"): the items are modifiers of that one whole, which the request is about (a plural head,
# "map, filter and reduce methods", leaves one item per method).
# A last item that closes the list as a whole rather than naming one more thing ("passwords, keys and everything").
_CATCH_ALL = re.compile(r"(?:everything|anything|all\s+that|all\s+the\s+rest|the\s+rest|so\s+on|etc\.?|"
                        r"whatever|all\s+of\s+(?:it|them|that))", re.IGNORECASE)
# A first item of an article and one word (the article may stand before the item) before single words and a longer
# last item: coordinate adjectives.
_ARTICLE_AND_WORD = re.compile(r"(?:a|an)\s+[^\W\d_]+", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)
_ARTICLE_REACH = 4
_ONE_WHOLE = re.compile(r"\S\s+(?:industry|sector|market|series|franchise|saga|trilogy|universe|ecosystem)$",
                        re.IGNORECASE)
# A possessive pointing back, or "aspects of", right before the list ("a detailed summary of its history, funding and
# products", "its uses for various aspects of cooking, cleaning and skin care"): the items are facets of one thing
# named before them, which one answer covers (they do not stand alone as questions).
_FACETS_OF_ONE = re.compile(r"\b(?:its|his|her|their|aspects\s+of)\s+$", re.IGNORECASE)
_FACETS_REACH = 16
# One dish made from the items, named just before them ("What's a recipe for beans, rice and kale?", "a smoothie
# with kale, mango and ginger"): the items are its ingredients, one answer (plural "recipes for" still splits).
_ONE_DISH = re.compile(r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:recipe|dish|meal|smoothie|salad|soup|sandwich|"
                       r"cocktail|casserole|stew|curry|pizza|bowl)\s+(?:for|with|using|from|of|made\s+(?:with|from)|"
                       r"that\s+uses|containing)\s+$", re.IGNORECASE)
_DISH_REACH = 60  # the words naming one dish or the user's candidates come right before the list
# An item that shapes the one answer rather than naming a thing ("describe a card, limiting your response to its
# details and no additional text", "keeping it under 100 words").
_CONSTRAINT_ITEM = re.compile(r"(?:limiting|keeping|restricting|avoiding)\s+(?:your|the|it|this|to)\b|"
                              r"no\s+(?:additional|extra|further)\s", re.IGNORECASE)
# Tasks done on one given text; when the text follows the task's colon, lists inside it are its own.
_ONE_TEXT_TASKS = frozenset({"Translation", "Language Correction"})
_TARGET_BEFORE = re.compile(r"\b(?:into|to|in|en|auf|ins|em|para|на)\s+$", re.IGNORECASE)
_POSSESSED_FIRST = re.compile(r"(?:its|his|her|their)\s", re.IGNORECASE)  # "describe her childhood, work and legacy"
# The layout of one output named just before the list ("rework the deck with the following structure: highlights, a
# paragraph on costs and a summary", "sort the posts in the following order: headline, caption, tags", "a table with
# splits in rural, urban and suburban", "create a list of steps, examples and criteria"): the items are its parts, in
# one answer.
_LAYOUT_BEFORE = re.compile(r"\b(?:following|this|same)\s+(?:structure|order|format|layout|sequence)\s*"
                            r"(?:[:：][^.?!\n:：]{0,40}|)$"
                            r"|\bin\s+(?:the\s+|this\s+)?order\s*[:：]?\s*$"
                            r"|\btable\s+with\s+(?:[\w-]+\s+){0,2}?(?:in|of|for|by|into)\s+$"
                            r"|\b(?:a|one|single)\s+(?:list|table|chart)\s+of\s+$", re.IGNORECASE)
_LAYOUT_REACH = 60
# A yes/no question over the list ("Does aquaculture offer anything new for pumps, filters and sensors?", "Is the
# data of cars, pedestrians and other factors used?"): one answer about them all ("Do you know ..." asks the answerer,
# "Can you explain A, B and C?" is a request, and "Are A and B safe?", the items its subject, asks of each).
_YES_NO = re.compile(r"\W*(?:does|do|did|is|are|was|were|has|have|had)\s+(?!you\b|u\b|ya\b)", re.IGNORECASE)
# A list opening right after a name's parenthesis ("recall_score(y_true, y_pred, average='macro')"): a call's
# arguments, code.
_CALL_OPEN = re.compile(r"[\w\]]\($")


def from_inline(text: str, found: Probe) -> Decomposition | None:
    """An inline list in the instruction under a per-item task: quoted items first, then comma/semicolon lists.
    Lists in a pasted passage, in a role-play set-up, examples ("such as a, b and c"), options of one decision
    ("as positive, negative or neutral") and clauses ("what is X, and how does it relate") are not items."""
    region_start, region_end = instruction_region(text)
    if not may_cue_items(found) and not _may_ask_of_items(text, found, region_start, region_end):
        return None  # (no cue and no question can make a list of the instruction items: none is looked for)
    return _listed_items(text, found, region_start, region_end)


def _listed_items(text: str, found: Probe, region_start: int, region_end: int) -> Decomposition | None:
    """`from_inline` in the instruction region text[region_start:region_end]."""
    quoted = quoted_run(text, region_start, region_end) or _quoted_material(text, region_end)
    if quoted is not None and _ALTERNATIVES_GAP.search(text, quoted[1][-2][1], quoted[1][-1][0]):
        return None  # 'Decide, "Yes" or "No", whether ...', '"who" or "whom"': the options of one decision
    if quoted is not None:
        items, spans, start, end = quoted
        rule, message = "list.quoted", f"{len(items)} quoted items"
    else:
        # two items are a list when a cue says each is handled apart ("分别需要多少显存来进行训练和推断")
        minimum = 2 if EACH_BACK.search(text, found, region_start, region_end) else 3
        listed = best_clause_list(text, minimum, start=region_start, end=region_end, phrases_only=True)
        if listed is None:
            return None
        items, spans, start, end = listed
        rule, message = ("list.semicolon" if ";" in text[start:end] else "list.inline",
                         f"{len(items)} items in an inline list")
    if len(items) < 2 or len({_fold(item) for item in items}) < len(items):
        return None
    if sum(1 for item in items if _HEADING_LEVEL.search(item)) * 2 >= len(items):
        return None  # "use the proper H1, H2 and H3 tags": the formatting of one text, not items
    if _ONE_WHOLE.search(items[-1]) and not any(_ONE_WHOLE.search(item) for item in items[:-1]):
        return None  # "trends in the sensors, valves and pumps industry": the items qualify one whole they make up
    if _CATCH_ALL.fullmatch(items[-1]):
        return None  # "a tool for passwords, certificates and everything": one open-ended whole
    if (_ARTICLE_AND_WORD.fullmatch(items[0]) or " " not in items[0].strip()
            and _ARTICLE_BEFORE.search(text, max(0, spans[0][0] - _ARTICLE_REACH), spans[0][0])) \
            and all(" " not in item.strip() for item in items[1:-1]) and " " in items[-1].strip():
        return None  # "a bold, catchy, short tagline": the adjectives of one noun
    if quoted is None and any(item.casefold() in COORDINATED_VERBS or _CONSTRAINT_ITEM.match(item) for item in items):
        return None  # "illustrate and demonstrate how", "describe one card, limiting your answer to ...": one task
    if _in_code_span(text, start, end) or _CALL_OPEN.search(text, max(0, start - 2), start):
        return None  # "`Promise<{ rows: Array, cursor?: string }>`", "f(a, b, c)": code, not a list
    if quoted is None and any(item.count('"') % 2 or item.count("“") != item.count("”") for item in items):
        return None  # an item opens or closes a quotation: the list is cut out of one quoted text
    if _LAYOUT_BEFORE.search(text, max(0, start - _LAYOUT_REACH), start):
        return None  # "with the following structure: a, b and c": the parts of one output
    # (quoted items are texts to work on, whatever word opens them: "proofread these: 'their going to …', …")
    if quoted is None and (_FACETS_OF_ONE.search(text, max(0, start - _FACETS_REACH), start)
                           or _POSSESSED_FIRST.match(items[0])):
        return None  # "a summary of its history, business model and products": facets of one thing named before
    if _ONE_DISH.search(text, max(0, start - _DISH_REACH), start) or _OWN_OPTIONS.search(
            text, max(0, start - _DISH_REACH), start):
        return None  # "a recipe for beans, rice and kale": one dish's ingredients; "I'm thinking of A, B, C":
        # the user's candidates for one piece of advice
    instruction = text[region_start:start] + text[end:region_end]
    sentence_start = _sentence_start(text, region_start, start)
    tail = SENTENCE_END.search(text, end, region_end)
    sentence_end = tail.end() if tail else region_end
    is_question = bool(_QUESTION_TAIL.search(text, sentence_start, sentence_end)
                       or _ASKS_OF_THE_FOLLOWING.match(text, sentence_start, start)) and not _OR_LIST.search(
        text, start, end)
    if is_question and (yes_no := _YES_NO.match(text, sentence_start, start)) and text[yes_no.end():start].strip():
        return None  # "Does X offer anything for A, B and C?": one yes/no answer about them all (not when they
        # are its subject: "Are A and B safe?" asks of each)
    if COMPARATIVE.search(text, spans[-1][0], sentence_end):
        return None  # "How do A, B and C compare?" (the verb read into the last item): one comparison of them all
    if _MEANS.search(text, max(sentence_start, start - 16), spans[0][1]):
        return None  # "define innovation using A, B and C" (the word may open the first item): one task's means
    if _ANSWER_SIZE.search(text, sentence_start, sentence_end):
        return None  # "explain A, B and C of the rule in 5 paragraphs": the size of one answer covering them all
    if _DATA_ROW.match(_next_line(text, end)):
        return None  # the header of a table: its columns are the data of one task
    part = found.part(instruction)
    cue = _task_cue(instruction, part, text[max(region_start, start - _LEAD_REACH):start])
    each = _each_item(text, found, (sentence_start, start), (end, sentence_end), instruction=instruction)
    lead = text[sentence_start:start]
    artifact = SINGULAR_ARTIFACT.search(lead, found.part(lead))
    generated_per_item = text[start - 2:start].strip() in (":", "：") and GENERATE.search(lead) and not artifact
    asked = is_question and cue is None and not each and _asked_of_each(text, (sentence_start, start), end,
                                                                          sentence_end, items)
    asked = asked or (cue is None and _classified(text, region_start, start, end))
    asked = asked or (cue is None and not each and _terms_explained(lead, items))
    asked = asked or (cue is None and not each and _asked_back(text, end, region_end))
    if cue is None and not each and not asked and not generated_per_item:
        return None
    if cue is not None and not (each or asked or generated_per_item) and not _cue_beside(text, found, (start, end),
                                                                                         (region_start, region_end)):
        return None  # the task word is elsewhere in a long prompt: the list is part of its material or set-up
    if cue is not None and not each and SINGLE_TEXT.search(text, max(region_start, start - _LEAD_REACH), spans[0][1] if
                                                           _DEMONSTRATIVE.match(items[0]) else start):
        return None  # "fix the grammar in this paragraph: a, b and c" is one text, not a list (the text may open the
        # first item: "traduce este correo al inglés, con un tono cortés y profesional")
    if quoted is None and cue in _ONE_TEXT_TASKS and _inside_worked_text(text, found, cue, region_start,
                                                                          (sentence_start, start, sentence_end)):
        return None  # "Translate into English: <a story>. <a list in it>.": the list (and any "分别") is the text's
    if artifact and not each:
        return None  # "write a review based on the keywords a, b and c": one artifact's material
    if cue == "Keyword Extraction" and quoted is None and not each and not asks_to_extract(instruction, part):
        return None  # "[ Keywords: life, protein, enzyme ]", "find keywords to target in A, B and C": keywords given
        # or to be made up, with no text to pull them from
    if ROLE_PLAY.search(text, region_start, min(region_end, region_start + _ROLE_REACH)):
        return None  # (looked for last: the costliest test, needed only when everything else says "items")
    reasons = [Reason(rule, message, (start, end)),
               Reason("cue.task", "one question per item" if asked else "per-item task")]
    template = (text[region_start:start] + "{data}" + text[end:region_end]).strip()
    passage = _outside(text, region_start, region_end)
    if passage is not None and (asked or cue in ("Keyword Extraction", "Named Entity Recognition")):
        context, context_start = passage
        reasons.append(Reason("passage.context", "the passage beside the instruction becomes the context",
                              (context_start, context_start + len(context))))
        category = "Reading Comprehension" if asked else str(cue)
        return Decomposition(category, join_template("{context}", template), reasons, data=items, context=context)
    category = category_for_items(instruction, part, asked)
    # (what stands outside the instruction region, a text or a layout to follow, reaches every branch: "generate a
    # list for: A, B\n\nuse this structure: ...", "Based on the following narrative, ...: A, B and C\n\n<narrative>")
    template = join_template(text[:region_start].strip(), template, text[region_end:].strip())
    return Decomposition(category, template, reasons, data=items)


# "Explain X to a five-year-old, then to a professor", "Describe Y to a child.\n\nAnd then,\n\nExplain to an
# expert": the same explanation asked again for each audience, one answer per audience (the audiences are the
# items). The prompt opens with the request; each later audience follows "then", alone or with the verb repeated
# ("then explain it to").
_AUDIENCE_WORDS = asked_words({"explain", "describe"})
_THEN_WORDS = asked_words({"then"})
_FIRST_AUDIENCE = re.compile(r"\s*(?:(?:please|can\s+you|could\s+you)\s+)?(?:explain|describe)\b[^.?!\n]{0,150}?\s"
                             r"(?:to|for)[ \t]+(?=" + AUDIENCE_START + ")", re.IGNORECASE)
_NEXT_AUDIENCE = re.compile(r"[ \t]*[,.;]?\s*(?:and[ \t]+)?then\b[\s,]*" + AUDIENCE_TURN + r"[ \t]+",
                            re.IGNORECASE)
_AUDIENCE = re.compile(AUDIENCE_START + r"[^,.;:?!\n]{0,80}?(?=\s*(?:[,.;:?!\n]|$)|\s+(?:and\s+)?then\b)",
                       re.IGNORECASE)
_AUDIENCES_END = re.compile(r"[^.?!\n]{0,80}[.!]?\s*")  # what may close the last one: "in simple words."


def from_audiences(text: str, found: Probe) -> Decomposition | None:
    """One explanation per audience: "Explain <topic> to <audience>" opening the prompt, then each further audience
    after "then" ("…, then to a professor", "And then, Explain to a student"), and nothing after the last but a short
    closing clause. A "then" that only turns to a new audience asks for no earlier answer (`dependency`)."""
    if _AUDIENCE_WORDS.isdisjoint(found.words) or _THEN_WORDS.isdisjoint(found.words):
        return None
    first = _FIRST_AUDIENCE.match(text)
    audience = _AUDIENCE.match(text, first.end()) if first else None
    spans: list[tuple[int, int]] = []
    while audience is not None:
        spans.append(audience.span())
        step = _NEXT_AUDIENCE.match(text, audience.end())
        audience = _AUDIENCE.match(text, step.end()) if step else None
    if len(spans) < 2 or not _AUDIENCES_END.fullmatch(text, spans[-1][1]):
        return None
    items = [text[start:end] for start, end in spans]
    template = text[:spans[0][0]] + "{data}" + text[spans[-1][1]:]
    reasons = [Reason("list.audiences", f"{len(items)} audiences of one explanation", (spans[0][0], spans[-1][1])),
               Reason("cue.task", "the explanation asked again for each audience after “then”")]
    return Decomposition("Repeated Generation", template.strip(), reasons, data=items)


# What `_may_ask_of_items` looks for: a question mark (`is_question`), a colon (a list after one: `_classified`,
# `generated_per_item`, "the following:"), a blank line (`_asked_back`), and in the lowercased region a literal every
# `_CLASSIFY` match without a colon holds and one every `_EXPLAIN_TERMS` match holds (`_terms_explained`).
_ASKING_MARKS = ("?", "？", ":", "：", "\n\n")
_ASKING_NEEDLES = (
    "classif", "categori", "identify", "tell me", "whether", "which of", "clasifica", "classe", "klassifizier",
    "классифицируй", "分类", "分類", "分けて",
    "expl", "defin", "finis", "describe", "clarify", "erkl", "spieg", "объясни", "опиши", "дай определени", "teach",
    "talk")


def _may_ask_of_items(text: str, found: Probe, region_start: int, region_end: int) -> bool:
    """Whether a list in the instruction region may be asked of item by item without a cue word (`from_inline`'s
    `asked` and `generated_per_item`), read from the region and the two characters before it: each of those needs
    one of `_ASKING_MARKS` or `_ASKING_NEEDLES` there (a region holding a `CASE_STRANGERS` character, which a
    case-insensitive regex may match to a needle's letter, may be asked). Most long prompts' lists hold one, but
    the tests cost far less than finding the lists."""
    start = max(0, region_start - 2)
    window = text[start:region_end]
    if any(map(window.__contains__, _ASKING_MARKS)):
        return True
    lowered = lowered_alike(window, found.lowered[start:region_end] if len(found.lowered) == len(text) else None,
                            found)
    return lowered is None or any(map(lowered.__contains__, _ASKING_NEEDLES))


def _cue_beside(text: str, found: Probe, span: tuple[int, int], region: tuple[int, int]) -> bool:
    """A task cue in the list's own sentence or in the sentence just before or after it: the request that makes
    the items tasks stands beside them ("Identify which car maker is British or American: Mini, RAM"). A cue
    further off meets lists of a story, a CV, a screenplay or a design note pasted in the same request."""
    (start, end), (region_start, region_end) = span, region
    own_start = _sentence_start(text, region_start, start)
    before = _sentence_start(text, region_start, own_start - 1) if own_start > region_start else region_start
    own_end = SENTENCE_END.search(text, end, region_end)
    after = SENTENCE_END.search(text, own_end.end(), region_end) if own_end else None
    beside = text[before:start] + " " + text[end:after.end() if after else region_end]
    return category_from_cues(beside, found.part(beside)) is not None


def _quoted_material(text: str, region_end: int) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """Quoted texts that are all of what follows the instruction ("Summarise each of these two paragraphs:
    «...» «...»"): the material is the list itself."""
    if region_end >= len(text) or text[region_end:].lstrip(" \t\n:：")[:1] not in _OPENING_QUOTES or \
            text.rstrip()[-1:] not in _CLOSING_QUOTES:
        return None  # (what a quoted run must start and end with: the rest of the text is not scanned for quotes)
    run = quoted_run(text, region_end)
    if run is None or text[region_end:run[2]].strip(" \t\n:：") or text[run[3]:].strip():
        return None
    return run


def _in_code_span(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one inline code span on its line: an odd number of backticks before it on
    the line, none inside it and one after it ("`f(a, b, c)`"); "`map`, `filter` and `reduce`" quotes each item."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    return (text.count("`", line_start, start) % 2 == 1 and text.find("`", start, end) < 0
            and text.find("`", end, len(text) if line_end < 0 else line_end) >= 0)


def _sentence_start(text: str, lower: int, position: int) -> int:
    """Where the sentence holding `position` starts (not after the period of "i.e.", "e.g.", "etc.", "vs.")."""
    while True:
        end = max(text.rfind(mark, lower, position) for mark in ".!?\n。！？")
        if end < lower:
            return lower
        word = text[max(lower, end - 4):end].rsplit(None, 1)[-1].casefold() if text[max(lower, end - 4):end].strip() else ""
        if text[end] != "." or word.lstrip("(") not in _ABBREVIATIONS:
            return end + 1
        position = end


_ABBREVIATIONS = frozenset({"ie", "i.e", "eg", "e.g", "etc", "vs", "cf", "incl", "approx", "ca", "z.b", "bzw", "ej"})


def _each_item(text: str, found: Probe, *around: tuple[int, int], instruction: str) -> bool:
    """A distributive cue about the listed items: in the list's own sentence ("classify each of the following:
    a, b, c"), or pointing back at it from another ("give an example of each of these")."""
    for start, end in around:
        if EACH.search(text[start:end], found.part(text[start:end])):
            return True
    return EACH_BACK.search(instruction, found.part(instruction)) is not None


def _inside_worked_text(text: str, found: Probe, cue: str, region_start: int, sentence: tuple[int, int, int]) -> bool:
    """ "翻译成英文：<text>" whose later sentence holds the list: the cue names the task before a colon that ends before
    the list's sentence, which names no task itself ("翻译成英文、法文和德文") and puts no "in"/"to" before the list
    ("Good night. In German, Dutch and Swedish?": target languages)."""
    sentence_start, list_start, sentence_end = sentence
    colon = max(text.rfind(":", region_start, sentence_start), text.rfind("：", region_start, sentence_start))
    own = text[sentence_start:sentence_end]
    if colon < 0 or _TARGET_BEFORE.search(text, sentence_start, list_start) or category_from_cues(
            own, found.part(own)) is not None:
        return False
    head = text[region_start:colon]
    return category_from_cues(head, found.part(head)) == cue


def _next_line(text: str, position: int) -> str:
    newline = text.find("\n", position)
    if newline < 0:
        return ""
    following = text.find("\n", newline + 1)
    return text[newline + 1:following if following >= 0 else len(text)]


def _task_cue(instruction: str, part: Probe, lead: str) -> str | None:
    """The per-item task a cue names, unless the cue, just before the list (`lead`), is the material of another
    task ("write a review with these keywords: ...")."""
    cue = category_from_cues(instruction, part)
    if cue is not None and _MATERIAL_CUE.search(lead):
        return None
    return cue


_MATERIAL_CUE = re.compile(
    r"\b(?:with|using|based on|from|include|includes|including|containing|con|usando|avec|en utilisant|mit|"
    r"anhand|usando|com)\s+(?:the\s+|these\s+|those\s+|my\s+|given\s+|following\s+|some\s+|las?\s+|los\s+|"
    r"les\s+|des\s+|den\s+|die\s+)*(?:given\s+|following\s+)?(?:keywords?|key words|tags|hashtags|palabras clave|"
    r"mots-clés|schlüsselwörter|parole chiave|palavras-chave)\b", re.IGNORECASE)


def _asked_of_each(text: str, lead: tuple[int, int], end: int, sentence_end: int, items: list[str]) -> bool:
    """A question asked of each of several named things ("What are the capitals of Peru, Kenya and Norway?"):
    short noun phrases after a preposition or a colon, closing a simple question (no other question coordinated
    before the list: "what are the factors ..., and how can users balance the demands of A, B and C?" is one)."""
    sentence_start, start = lead
    if not all(_short_phrase(item) for item in items):
        return False
    lead_text = text[sentence_start:start]
    if len(_SEPARATOR.findall(lead_text)) >= 2 or _COORDINATED.search(lead_text):
        return False
    before = _ELIDED.sub("", text[max(0, start - 24):start].rstrip())
    word = before.rsplit(None, 1)[-1].casefold() if before.split() else ""
    short_question = len(lead_text.split()) <= 4 and QUESTION_WORDS_START.match(lead_text.strip(" ¿¡")) is not None
    opens = (before.endswith((":", "：")) or word in _LIST_PREPOSITIONS or short_question  # "Who painted A, B and C?"
             or bool(CJK_CHAR.search(text[start - 1:start])))
    closing = text[end:sentence_end].strip(" ?？.")
    words = closing.split()
    # a short tail, or a purpose after a preposition ("... of Python, Rust and Go for writing a web backend?")
    closes = len(words) <= 3 or (len(words) <= 6 and words[0].casefold() in BOUNDARY_WORDS)
    return opens and closes and len(closing) <= 60


_COORDINATED = re.compile(r"[,;，；]\s*" + _CONJ_WORD + r"\s", re.IGNORECASE)
_ELIDED = re.compile(r"(?:\b[ldLD]['’]|\s+(?:the|la|le|les|el|los|las|il|lo|gli|i|o|os|a|as|der|die|das|den|dem))$")


# "What do the commands chmod, sudo, su and chown do", "what does NPV, IRR, ROI stand for?": a prompt that is one
# glossary question asked of three or more listed terms (`from_inline` reads the closing verb into the last item and
# takes a term such as "su" for a preposition opening a phrase).
# (Possessive runs of whitespace: a run that could give blanks back to the terms made a long run of spaces cost cubic
# time. The match differs from the plain pattern's only where the terms would hold fewer than three items: terms
# opening with blanks, or "the"/"terms" taken into the terms where the plain pattern matched them as their own
# group; the decomposition is the same.)
_GLOSSARY_QUESTION = re.compile(
    r"\s*+what\s++(?:do|does)\s++(?:the\s++|these\s++)?(?:(?:terms?|words?|commands?|acronyms?|abbreviations?)\s++)?"
    r"(?P<terms>[^?？\n]{3,200}?)\s++(?:do|mean|stand\s++for)\s*+[?？]?\s*+$", re.IGNORECASE)
_GLOSSARY_TERM_WORDS = 3


def from_glossary_question(text: str) -> Decomposition | None:
    """`_GLOSSARY_QUESTION`: one question per listed term, each of at most three words (longer phrases describe
    people or things rather than name terms)."""
    match = _GLOSSARY_QUESTION.match(text)
    split = split_inline(match.group("terms"), match.start("terms")) if match else None
    if split is None or len(split[0]) < 3 or any(len(item.split()) > _GLOSSARY_TERM_WORDS for item in split[0]):
        return None
    items, spans = split
    reasons = [Reason("list.inline", f"{len(items)} items in an inline list", (spans[0][0], spans[-1][1])),
               Reason("cue.task", "one question per item")]
    template = (text[:spans[0][0]] + "{data}" + text[spans[-1][1]:]).strip()
    return Decomposition("Question Answering", template, reasons, data=items)


def _classified(text: str, region_start: int, start: int, end: int) -> bool:
    """ "Identify which car maker is Japanese or American: Dodge, Subaru": each listed item is classified on its
    own; the list follows a colon or the classifying sentence ("... which are from other games. A, B and C") and
    ends the prompt."""
    return (text[max(region_start, start - 3):start].rstrip().endswith((":", "：", ".", "?", "？")) and not text[end:].strip(" .?!。\n")
            and _CLASSIFY.search(text, max(region_start, start - _LEAD_REACH), start) is not None)


def _terms_explained(lead: str, items: list[str]) -> bool:
    """ "Explain the terms: A; B; C", "Define A, B and C", "Explain about A, B and C": a definition asked of each of
    three or more named concepts (an explanation verb opening the sentence, directly before the list or before "the
    (following) terms", "about" or a colon; not "the difference between", "the relationship of", which is one
    answer; nor "React Redux, in details, with examples": an item opening with a preposition qualifies the answer)."""
    return (len(items) >= 3 and _EXPLAIN_TERMS.match(lead) is not None and not COMPARATIVE.search(lead)
            and not any(item.split()[0].casefold() in BOUNDARY_WORDS for item in items))


def _asked_back(text: str, end: int, region_end: int) -> bool:
    """ "cache-control: private, no-cache, no-store\n\nwhat do these headers do?": the list closes its paragraph and
    a short last paragraph asks what each listed term means or does, or asks to explain each (a glossary lookup)."""
    paragraph = text.find("\n\n", end, region_end)
    if paragraph < 0 or weighs(text[end:paragraph].strip(), 20):
        return False
    last = text[paragraph:region_end].strip()
    if weighs(last, _BACK_QUESTION_WEIGHT):
        return False
    sentences = [sentence.strip() for sentence in _SENTENCE_SPLIT.split(last) if sentence.strip()]
    return bool(sentences) and _BACK_QUESTION.match(sentences[-1]) is not None


_BACK_QUESTION_WEIGHT = 120
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。！？])\s+")
# "what do these headers do", "what does each of them mean", "Was bedeuten die einzelnen Sachen?", "explain each
# result"
_BACK_QUESTION = re.compile(
    r"(?:what|was|que|qué)\s+(?:do|does|did|is|are|bedeuten|bedeutet|signifient|significan|significa)\s+"
    r"(?:all\s+)?(?:these|those|each|they|die\s+einzelnen|diese|ces|estos|estas|esas|esos)\b[^?？\n]{0,40}?"
    r"(?:\b(?:do|mean|stand\s+for|bedeuten|signifient)\b[^?？\n]{0,20})?[?？]?$"
    r"|(?:please\s+)?(?:explain|define|describe|erkl[äa]re|explique|explica)\s+(?:each|every|all\s+of\s+these|these|"
    r"them|jede[snmr]?|chaque|cada)\b[^?？\n]{0,60}$", re.IGNORECASE)


_EXPLAIN_TERMS = re.compile(
    r"\W*(?:(?:hi|hello|hey)\b\W*)?"
    r"(?:(?:please|kindly|can you|could you|por favor|bitte|s'il (?:te|vous) pla[iî]t|per favore)[\s,]+)?"
    r"(?:explain|define|describe|clarify|explica|expl[ií]came|explique|explicar|define|defina|d[ée]finis|"
    r"d[ée]finissez|expliquez|erkl[äa]re|erkl[äa]ren sie|definiere|spiega|spiegami|definisci|объясни|объясните|"
    r"опиши|дай определени[ея]|teach(?:\s+me)?|talk(?:\s+to\s+me)?\s+about)"
    r"(?:\s+(?:me|to me|briefly|shortly|in detail|in short|in points|in simple terms|brevemente|kurz))*"
    r"(?:\s+what\s+(?:is|are))?"
    r"(?:\s+(?:about|sobre|sur|über|su|о|об|the following|the|these|los|las|les|die|i|gli|le|os|as|следующие|"
    r"siguientes|suivants|suivantes|folgenden|seguenti|seguintes|following))*"
    r"(?:\s+(?:terms?|concepts?|notions?|words?|terminology|términos|conceptos|termes|concepts|begriffe|termini|"
    r"concetti|termos|conceitos|термины|понятия))?\s*[:：]?\s*$", re.IGNORECASE)


_CLASSIFY = re.compile(
    r"\b(?:classify|categori[sz]e|identify which|tell me (?:which|whether|if)|say whether|decide whether|"
    r"which of (?:the following|these|those) (?:[\w-]+ ){0,2}(?:are|were)|whether (?:each|these|they)|"
    r"(?:is|are) (?:it |they |these |each )?(?:an? )?[\w-]+ or (?:an? )?[\w-]+\s*[:：]|clasifica|classe|classez|"
    r"klassifiziere|klassifizieren|classifica|classifique|классифицируй)\b|分类|分類|分けて", re.IGNORECASE)


def _short_phrase(item: str) -> bool:
    """A short noun phrase: not "from an ethical" (a prepositional phrase qualifying the question), nor a blank
    (a quoted run of spaces: "' cat ' ' '")."""
    words = item.split()
    return not weighs(item, 31) and 0 < len(words) <= 3 and words[0].casefold() not in BOUNDARY_WORDS


_LIST_PREPOSITIONS = frozenset({  # not "to", which also opens verbs ("to gather information, analyze ...")
    "of", "for", "in", "on", "about", "at", "de", "des", "du", "del", "della", "dei", "di", "do", "da", "dos",
    "das", "en", "von", "für", "über", "in", "по", "о", "об", "для", "в", "на", "про", "у",
})


def _outside(text: str, region_start: int, region_end: int) -> tuple[str, int] | None:
    """The passage beside the instruction region (after it, else before it) with its start, when there is one."""
    for chunk_start, chunk_end in ((region_end, len(text)), (0, region_start)):
        chunk = text[chunk_start:chunk_end]
        passage = chunk.strip().strip(_QUOTE_EDGES).strip()
        if weighs(passage, 150):
            return passage, text.index(passage, chunk_start)
    return None


_QUOTE_EDGES = "\"“”«»„「」『』`"
_OR_LIST = re.compile(rf"\s{_DISJUNCTION}\s|{_CJK_DISJUNCTION}", re.IGNORECASE)
def best_clause_list(text: str, minimum: int = 3, start: int = 0, alternatives: bool = True,
                     end: int | None = None, phrases_only: bool = False, examples: bool = False, pairs: bool = False,
                     ) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """The clause (or parenthesised group) with the most inline items (>= `minimum`, or 2 after a colon or with
    semicolons) in text[start:end]. Not lists: attributes ("each with a name, race and class"), options of one
    decision ("as positive, negative or neutral"), items with unbalanced brackets; with `phrases_only` also
    clauses ("what is X, and how does it relate") and, unless `examples`, examples ("such as a, b and c")."""
    stop = len(text) if end is None else end
    best: tuple[list[str], list[tuple[int, int]], int, int] | None = None
    candidates = [*_CLAUSE.finditer(text, start, stop), *_PAREN_GROUP.finditer(text, start, stop)]
    for clause in candidates:
        segment = clause.group(1) if clause.re is _PAREN_GROUP else clause.group(0)
        segment_start = clause.start(1) if clause.re is _PAREN_GROUP else clause.start()
        separators = len(_SEPARATOR.findall(segment))
        if not separators and minimum <= 2 and (pairs or not examples) and _SEPARATORS[alternatives][1].search(segment):
            separators = 1  # "A and B" is a list of two when two are enough
        if not separators or separators > MAX_BRANCHES:
            continue  # no list, or data (numbers, a table row), not a set of tasks
        # Clauses that cannot win are dropped before the costly steps: a clause splits into at most one item
        # more than its separators and a conjunction make, and trimming the edges keeps the number of items and
        # takes at most a leading preposition and elision off a middle item.
        after_colon = segment_start > 0 and text[segment_start - 1] in ":：("
        if not _may_win(separators + 2, minimum, after_colon, segment, best):
            continue
        if _DATA_COMMA.search(segment):
            continue  # a CSV row or a table
        pieces = _pieces(segment, alternatives)
        if not 2 <= len(pieces) <= MAX_BRANCHES or not _may_win(len(pieces), minimum, after_colon, segment, best):
            continue
        split = _items(segment, segment_start, pieces)
        if phrases_only and not _SEMICOLON.search(segment):
            split = _from_last_clause(*split)
            if len(split[0]) < max(2, min(minimum, 3)) and not after_colon:
                continue
        if any(not item or len(item) > _LONGEST_ITEM + 8 or len(item.split()) > _MOST_WORDS + 2
               for item in split[0][1:-1]):
            continue
        items, spans = trim_edges(*split, whole_first=after_colon)
        items, spans = _without_etc(items, spans)
        if len(items) < 2 or any(not item or len(item.split()) > _MOST_WORDS or len(item) > _LONGEST_ITEM
                                 or not _balanced(item) or not any(c.isalpha() for c in item) for item in items):
            continue
        if phrases_only and _is_clause(items[0]):
            items, spans = _noun_tail(items, spans)
        if phrases_only and not _SEMICOLON.search(segment) and any(_is_clause(item) for item in items):
            continue  # (semicolons separate sentences on purpose: "correct: she go to school; he have a dog")
        if _ATTRIBUTES_BEFORE.search(text, max(0, spans[0][0] - _ATTRIBUTES_REACH), spans[0][0]):
            continue
        if _options(text, spans[0][0]) or _OPTIONS_INSIDE.search(items[0]):
            continue
        if phrases_only and not examples and _examples(segment, spans[0][0] - segment_start):
            continue  # examples of one thing
        best = (items, spans, spans[0][0], spans[-1][1])
    return best


def _noun_tail(items: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """A first item that still holds the question ("Who painted the Mona Lisa", "How tall is the Eiffel Tower")
    keeps what follows the question word, its verb and auxiliaries ("the Mona Lisa", "the Eiffel Tower")."""
    words = list(re.finditer(r"\S+", items[0]))
    if not QUESTION_WORDS_START.match(items[0].lstrip("¿¡")) or len(words) < 3:
        return items, spans
    index = _skip_clause_words(words, 1)
    if words[index].group(0).casefold() not in DETERMINERS:
        index = _skip_clause_words(words, index + 1)  # the verb after the question word
    if index >= len(words):
        return items, spans
    tail = items[0][words[index].start():]
    if _is_clause(tail):
        return items, spans
    return [tail, *items[1:]], [(spans[0][1] - len(tail), spans[0][1]), *spans[1:]]


def _skip_clause_words(words: list[re.Match[str]], index: int) -> int:
    while index < len(words) - 1 and words[index].group(0).casefold() in CLAUSE_WORDS:
        index += 1
    return index


def _from_last_clause(items: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """The list starts at the last clause before its end ("Based on the text, what does it say about A, B and C":
    the list is "what does it say about A", B, C, whose first item is trimmed to A)."""
    clauses = [index for index, item in enumerate(items[:-1]) if _is_clause(item)]
    return (items[clauses[-1]:], spans[clauses[-1]:]) if clauses else (items, spans)


def _may_win(count: int, minimum: int, after_colon: bool, segment: str,
             best: tuple[list[str], list[tuple[int, int]], int, int] | None) -> bool:
    """Whether a clause of `count` items is a list and beats the best one so far."""
    return (count >= minimum or after_colon or ";" in segment) and (best is None or count > len(best[0]))


_SEPARATOR = re.compile(r"[,;，；、]")
_PAREN_GROUP = re.compile(r"[(（]([^()（）\n]{3,300})[)）]")
_DATA_ROW = re.compile(r"[^\W\d_],[^\W\d_]|\d,\d{1,2}(?!\d)|\d+(?:\.\d+)?,\s*-?\d")  # "Date,Open,High" / "36,82,93"
# Whether a text holds a `_DATA_ROW`, found from its commas (a literal the engine skips to; `_DATA_ROW` has none, so
# it was tried at every position): a letter on both sides, or a digit before and a digit after (the second shape's
# matches are the third's).
_DATA_COMMA = re.compile(r",(?:(?<=[^\W\d_],)[^\W\d_]|(?<=\d,)\s*-?\d)")
_MOST_WORDS, _LONGEST_ITEM = 8, 120  # an inline item longer than this is prose, not a list item
_ATTRIBUTES_BEFORE = re.compile(
    r"\b(?:with|having|containing|each with|mit|con|avec|com|с|со)\s+(?:(?:a|an|the|un|une|una|um|uma|"
    r"ein|eine|seinem|ihrem)\s+)?(?:\w+\s+)?$|\b(?:include|includes|incluya|incluye|incluyan|inclua|inclui|inclut|"
    r"includa|enthält|umfasst)\s+(?:[\w-]+\s+){0,6}$"
    r"|\b(?:each|every)\s+(?:row|line|entry|record)\s+(?:[\w-]+\s+){0,3}$"
    r"|\bcolumns?(?:\s+\d+)?(?:\s+(?:for|of))?\s*:?\s*$",
    re.IGNORECASE)
# (and "For each trail, include a short history of it, parking tips, the best season", "a menu for each day that
# includes breakfast, lunch and dinner": what each output holds, after "include" and a few words; a table's columns:
# "Each row displays the question number, location, ...", "Column 1 for main topic, Column 2 for ...")
_ATTRIBUTES_REACH = 120  # "... each with a name, race": looked for just before the list, not from the prompt's start
# "like", "como", "wie": also verbs and comparisons, examples only right before a list; the other markers anywhere.
# (No other marker starts where one of these matches, so a clause's other markers are those the one regex of all
# of them would find: `_examples` looks for them alone, without stepping through every "like" of a long clause.)
_WEAK_EXAMPLE_MARKERS = frozenset({"like", "como", "comme", "wie", "come", "tipo", "типа"})
_STRONG_MARKERS = tuple(marker for marker in EXAMPLE_MARKERS if marker not in _WEAK_EXAMPLE_MARKERS)
# A weak marker spelt with a Turkish i ("lıke", "LİKE") matches case-insensitively but folds to no weak marker: the
# one regex, stepped through, took it for a strong one, and so does `_STRONG_EXAMPLE_MARKER`.
_WEAK_WITH_TURKISH_I = "|".join(re.escape(marker).replace("i", "(?-i:[ıİ])")
                                for marker in sorted(_WEAK_EXAMPLE_MARKERS) if "i" in marker)
# (Both tried only where one of their words starts, `StartNeedleRegex`: led by a lookbehind and many alternatives,
# they tried every position of a clause, ~0.5 µs a character: a 100,000-character clause took 50 ms.)
_STRONG_EXAMPLE_MARKER = StartNeedleRegex(re.compile(
    r"(?<![\w-])(?:" + alternation(_STRONG_MARKERS) + "|" + _WEAK_WITH_TURKISH_I + r")(?![\w])|"
    + alternation(EXAMPLE_MARKERS_CJK), re.IGNORECASE),
    {marker.lower() for marker in (*_STRONG_MARKERS, *EXAMPLE_MARKERS_CJK)})
# "as A, B or C", "choose one of: A, B, C", "parmi les sentiments suivants : A, B, C"; not "as positive or negative:
# a, b, c", whose options come before the colon and the items after it.
_NOT_A_CONJUNCTION = r"(?!(?:or|and|o|y|ou|et|oder|und|e|или|и)\s)"
_OPTIONS_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:" + alternation(OPTIONS_NEAR) + r")\s+(?:[\w'-]+\s+)?|(?:" + alternation(OPTIONS_FAR)
    + r")\s+(?:" + _NOT_A_CONJUNCTION + r"[\w'-]+\s+){0,3})[:：]?\s*$", re.IGNORECASE)
_WEAK_EXAMPLE_BEFORE = StartNeedleRegex(
    re.compile(r"(?<![\w-])(?:like|como|comme|wie|come|tipo|типа)\s+$", re.IGNORECASE), _WEAK_EXAMPLE_MARKERS)
_LONGEST_WEAK_MARKER = max(map(len, _WEAK_EXAMPLE_MARKERS))
_OPTIONS_INSIDE = re.compile(r"(?<![\w-])(?:" + alternation(OPTIONS_NEAR) + r")\s+\S+$", re.IGNORECASE)
_ETC = frozenset({"etc", "etc.", "etcetera", "usw", "usw.", "等", "等等", "など", "и т.д.", "и т. д.", "y más",
                  "et cetera", "and so on", "and more"})
# (a hyphenated compound is one token: "must-revalidate", "no-store" hold no auxiliary)
_CLAUSE_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK_PRONOUN = re.compile(r"[我你他她它您]|私|あなた|僕|彼")


def _examples(segment: str, first: int) -> bool:
    """The clause names examples of one thing ("tools such as storytelling, humor and body language"); "like",
    "como", "wie" only right before the list (`first`: where its first item starts in the segment), since they
    are also verbs and comparisons ("what is the weather like in Paris, ...")."""
    if _STRONG_EXAMPLE_MARKER.search(segment) is not None:
        return True
    # (a weak marker's match ends where the blanks before `first` start: it is looked for only there)
    first = max(0, first)
    blanks_start = len(segment[:first].rstrip())
    return _WEAK_EXAMPLE_BEFORE.search(segment, max(0, blanks_start - _LONGEST_WEAK_MARKER), first) is not None


def _options(text: str, list_start: int) -> bool:
    """The list is the set of labels or options of one decision ("categorize it as A, B or C", "one of the
    following categories: A, B, C")."""
    before = text[max(0, list_start - 60):list_start]
    return bool(_OPTIONS_BEFORE.search(before) or OPTION_NOUNS.search(before))


def _without_etc(items: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """ "a, b, c, etc.": the open end is not an item."""
    if items and _fold(items[-1]).strip(" .") in _ETC:
        return items[:-1], spans[:-1]
    return items, spans


def _balanced(item: str) -> bool:
    return item.count("(") == item.count(")") and item.count("（") == item.count("）")


@lru_cache(maxsize=64)
def _is_clause(item: str) -> bool:
    """An "item" that is a clause: a pronoun, auxiliary, subordinator or question word in it (Latin and Cyrillic
    scripts), a Japanese verb or particle ending, or CJK text longer than a noun phrase. (Cached: a clause list asks
    it of its pieces, then of its trimmed items, most of them the same strings: a third of the calls on real
    prompts.)"""
    if not item.isascii() and CJK_CHAR.search(item):
        stripped = item.strip(" 　。、，,.")
        return (weighs(stripped, 31) or _CJK_PRONOUN.search(stripped) is not None
                or bool(_KANA.search(stripped) and stripped.endswith(JA_CLAUSE_ENDINGS)))
    # (the English pronoun is "I": a lowercase "i" is the Italian article, "i luoghi")
    tokens = list(map(str.casefold, filter("i".__ne__, _CLAUSE_TOKEN.findall(item))))
    # (an item of two or more words opening with a request or task verb is a step, "analyze the situation", not an
    # item; a one-word item may be a verb to translate or define, "write, read and speak")
    return not CLAUSE_WORDS.isdisjoint(tokens) or (len(tokens) > 1 and tokens[0] in ONE_WORD_VERBS)


def _fold(item: str) -> str:
    return " ".join(item.casefold().split())

