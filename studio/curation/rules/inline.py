"""Inline lists: "a, b and c", "a; b; c" and runs of quoted strings inside a sentence, with the request words cut
off the first item and the trailing clause off the last. A list becomes `data` only under a per-item task
(translate, correct, sentiment, "each", a question per item)."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.matching import LastPhrase, Probe, alternation
from studio.curation.lexicon.words import (
    BOUNDARY_WORDS, CONJUNCTIONS, DETERMINERS, DISJUNCTIONS, EXTRACT_VERBS, GENERATE, ITEM_START_WORDS,
    REQUEST_VERBS, TASK_VERBS,
)
from studio.curation.rules.base import MAX_BRANCHES, SENTENCE_END, Decomposition
from studio.curation.rules.categories import EACH, SINGULAR_ARTIFACT, category_for_items, category_from_cues

_CONJ_WORD = r"(?:" + alternation(CONJUNCTIONS) + r")"
_AND_WORD = r"(?:" + alternation(set(CONJUNCTIONS) - DISJUNCTIONS) + r")"
# Separators of list items: commas (with a conjunction after them) and the conjunction before the last item; in a
# list of fields only "and" words separate.
_SEPARATORS = {
    True: (re.compile(r"\s*[,;，；、]\s*(?:" + _CONJ_WORD + r"\s+)?", re.IGNORECASE),
           re.compile(r"\s+" + _CONJ_WORD + r"\s+|[和与與及或]|\s*[とや]\s*", re.IGNORECASE)),
    False: (re.compile(r"\s*[,;，；、]\s*(?:" + _AND_WORD + r"\s+)?", re.IGNORECASE),
            re.compile(r"\s+" + _AND_WORD + r"\s+|[和与與及]|\s*[とや]\s*", re.IGNORECASE)),
}
_CLAUSE = re.compile(r"[^.!?。！？\n:：]+")
# Where the clause after a list's last item starts: prepositions always end the item ("cherry into Spanish");
# relative pronouns and participles only when the item is much longer than the others ("lugares que aparecen en
# este texto"), since a described item keeps its clause ("un robot que quiere ser chef").
_LAST_ITEM_STOP = re.compile(
    r"\s+(?:into|in|to|for|from|with|using|as|and then|please|according|based|respectively|"
    r"en|al|a la|au|à|dans|auf|ins|nach|aus|raus|heraus|para|на|в|по|из)(?:\s|$)", re.IGNORECASE)
_LAST_ITEM_CLAUSE = re.compile(
    r"\s+(?:that|which|que|qui|che|die|der|das|которые|mentioned|mentionnés|mentionnées|erwähnt|erwähnten|"
    r"menzionati|mencionados|mencionadas|упомянутые)(?:\s|$)", re.IGNORECASE)
_SEMICOLON = re.compile(r"\s*[;；]\s*")
_LEADING_CONJ = re.compile(r"^(?:" + _CONJ_WORD + r")\s+", re.IGNORECASE)
# Where a list's first item starts at the latest: after a request verb, "all", "the words", "in this text".
_STRONG_BOUNDARY = LastPhrase(REQUEST_VERBS + EXTRACT_VERBS + TASK_VERBS + ITEM_START_WORDS)
_CJK_FIRST_BOUNDARY = re.compile(r".*(?:的|出|取|把|将|將|在|是|请|請|从|從|：|:|を|は)")
_CJK_LAST_STOP = re.compile(r"的|这|這|等|方面|几个|幾個|这些|を|について|の違い")
_LEADING_PREPOSITION = re.compile(
    r"^(?:(?:of|de|da|do|das|dos|du|des|del|della|dello|dei|degli|delle|di|von|vom|der)\s+)?(?:l'|d'|l’|d’)?",
    re.IGNORECASE)
# Every alternative starts with its opening quote (the "not after a letter" test of ' comes after it), so the
# regex engine skips ahead to the next quote character instead of trying each alternative at every position.
_QUOTED = re.compile(
    r"\"([^\"\n]{1,300})\"|“([^”\n]{1,300})”|'(?<!\w')([^'\n]{1,200})'(?!\w)|‘([^’\n]{1,200})’"
    r"|«\s?([^»\n]{1,300}?)\s?»|„([^“\n]{1,300})“|「([^」\n]{1,300})」|『([^』\n]{1,300})』")
_QUOTE_GAP = re.compile(r"^\s*(?:[,;，；、]\s*)?(?:" + _CONJ_WORD + r"\s+)?$|^\s*[和与與及、とや]\s*$", re.IGNORECASE)


def split_inline(segment: str, offset: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Split "a, b and c" / "a; b; c" into items with spans (semicolons, when present, are the only separator,
    so "NAME_1, a pilot; NAME_2, a nurse" keeps its commas); None when it is not a list."""
    pieces = _pieces(segment)
    return _items(segment, offset, pieces) if len(pieces) >= 2 else None


def _pieces(segment: str, alternatives: bool = True) -> list[tuple[int, int]]:
    """The non-empty stretches between the separators of an inline list (`alternatives`: "or" separates too)."""
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
        item = _LEADING_CONJ.sub("", raw.strip())
        lead += len(raw.strip()) - len(item)
        items.append(item)
        spans.append((offset + start + lead, offset + start + lead + len(item)))
    return items, spans


def trim_edges(items: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """Cut the request words off the first item and the trailing clause off the last item.

    The first item starts after the last strong boundary (a request verb, "all", "the words", "from this text",
    a CJK particle) when that leaves a phrase about as long as the other items; otherwise the other items'
    length is the yardstick ("What are the capitals of France" -> "France")."""
    last = items[-1]
    yardstick = max((len(item.split()) for item in items[1:-1]), default=1)
    stop = _LAST_ITEM_STOP.search(last)
    if stop and stop.start() > 0 and len(last.split()) > yardstick:
        last = last[:stop.start()]
    clause = _LAST_ITEM_CLAUSE.search(last)
    if clause and clause.start() > 0 and len(last.split()) > max(2 * yardstick, yardstick + 1):
        last = last[:clause.start()]
    cjk_stop = _CJK_LAST_STOP.search(last)
    if cjk_stop and cjk_stop.start() > 0:
        last = last[:cjk_stop.start()]
    last = last.rstrip(" .,;:!?。，")
    others = [*items[1:-1], last]
    longest = max(len(_LEADING_PREPOSITION.sub("", item).split()) for item in others)
    first_text = items[0]
    strong = _STRONG_BOUNDARY.last(first_text, with_text_after=True)
    candidate = first_text[strong[1]:].strip() if strong else first_text
    if len(candidate.split()) > longest + 2:
        words = first_text.split()
        candidate = " ".join(words[-min(len(words), longest):])
    words = candidate.split()
    while len(words) > 1 and (words[0].lower() in BOUNDARY_WORDS or not any(c.isalnum() for c in words[0])):
        words = words[1:]
    if len(words) > 1 and words[0].lower() in DETERMINERS and not any(
            item.split()[0].lower() in DETERMINERS for item in others if item.split()):
        words = words[1:]
    first = _LEADING_PREPOSITION.sub("", " ".join(words)) or " ".join(words)
    cjk_cut = _CJK_FIRST_BOUNDARY.search(first)
    if cjk_cut and cjk_cut.end() < len(first):
        first = first[cjk_cut.end():]
    if first_text.split()[:1] != first.split()[:1] and len(others) >= 2:
        # the first item lost its "of"/"do"/"de l'" with the request: the others lose theirs too
        stripped = [_LEADING_PREPOSITION.sub("", item) for item in others]
        if all(stripped):
            spans = [spans[0], *((end - len(item), end) for item, (_, end) in zip(stripped[:-1], spans[1:-1])),
                     spans[-1]]
            items = [items[0], *stripped[:-1], items[-1]]
            others = stripped
    last_start = spans[-1][0]
    if first_text.split()[:1] != first.split()[:1]:
        unprefixed = _LEADING_PREPOSITION.sub("", last)
        last_start += len(last) - len(unprefixed)
        last = unprefixed
    return ([first, *items[1:-1], last],
            [(spans[0][1] - len(first), spans[0][1]), *spans[1:-1], (last_start, last_start + len(last))])


def quoted_run(text: str) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """The longest run of >= 2 quoted strings separated only by commas or a conjunction."""
    matches = list(_QUOTED.finditer(text))
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


_QUESTION_TAIL = re.compile(r"[?？]\s*$")


def from_inline(text: str, found: Probe) -> Decomposition | None:
    """An inline list under a per-item task: quoted items first, then comma/semicolon lists."""
    quoted = quoted_run(text)
    if quoted is not None:
        items, spans, start, end = quoted
        rule, message = "list.quoted", f"{len(items)} quoted items"
    else:
        listed = best_clause_list(text)
        if listed is None:
            return None
        items, spans, start, end = listed
        rule, message = ("list.semicolon" if ";" in text[start:end] else "list.inline",
                         f"{len(items)} items in an inline list")
    if len(items) < 2 or len({_fold(item) for item in items}) < len(items):
        return None
    instruction = text[:start] + text[end:]
    sentence_start = max(text.rfind(mark, 0, start) for mark in ".!?\n。！？") + 1
    tail = SENTENCE_END.search(text, end)
    sentence = text[sentence_start:tail.end() if tail else len(text)]
    is_question = bool(_QUESTION_TAIL.search(sentence)) and not _OR_LIST.search(text[start:end])
    part = found.part(instruction)
    cue = category_from_cues(instruction, part)
    each = EACH.search(instruction, part)
    lead = text[sentence_start:start]
    artifact = SINGULAR_ARTIFACT.search(lead, found.part(lead))
    generated_per_item = text[start - 2:start].strip() in (":", "：") and GENERATE.search(lead) and not artifact
    if cue is None and not each and not is_question and not generated_per_item:
        return None
    if cue is not None and _SINGLE_TEXT.search(lead) and rule == "list.inline":
        return None  # "fix the grammar in this paragraph: a, b and c" is one text, not a list
    if cue is None and not each and artifact and not is_question:
        return None
    reasons = [Reason(rule, message, (start, end)),
               Reason("cue.task", "one question per item" if is_question and cue is None else "per-item task")]
    category = category_for_items(instruction, part, is_question and cue is None)
    template = text[:start] + "{data}" + text[end:]
    return Decomposition(category, template.strip(), reasons, data=items)


_OR_LIST = re.compile(r"\s(?:or|o|ou|oder|или)\s|或", re.IGNORECASE)
_SINGLE_TEXT = re.compile(
    r"\b(?:this|the following|the|my)\s+(?:paragraph|text|sentence|email|letter|essay|passage|message)\b|"
    r"\b(?:este|esta|el siguiente|ce|cette|le|diesen|diesem|dieser|folgenden|questo|questa|il seguente|"
    r"este|esta|o seguinte|этот|эту|этом)\s+(?:párrafo|texto|frase|paragraphe|texte|phrase|absatz|text|satz|"
    r"paragrafo|testo|parágrafo|абзац|текст|предложение)\b|这段|這段|この文", re.IGNORECASE)


def best_clause_list(text: str, minimum: int = 3, start: int = 0, alternatives: bool = True,
                     ) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """The clause with the most inline items (>= `minimum`, or 2 after a colon or with semicolons); a list of
    attributes ("each with a name, race and class") is not a list of items."""
    best: tuple[list[str], list[tuple[int, int]], int, int] | None = None
    for clause in _CLAUSE.finditer(text, start):
        segment = clause.group(0)
        separators = len(_SEPARATOR.findall(segment))
        if not separators or separators > MAX_BRANCHES:
            continue  # no list, or data (numbers, a table row), not a set of tasks
        # Clauses that cannot win are dropped before the costly steps: a clause splits into at most one item
        # more than its separators and a conjunction make, and trimming the edges keeps the number of items and
        # takes at most a leading preposition and elision off a middle item.
        after_colon = clause.start() > 0 and text[clause.start() - 1] in ":："
        if not _may_win(separators + 2, minimum, after_colon, segment, best):
            continue
        pieces = _pieces(segment, alternatives)
        if not 2 <= len(pieces) <= MAX_BRANCHES or not _may_win(len(pieces), minimum, after_colon, segment, best):
            continue
        split = _items(segment, clause.start(), pieces)
        if any(not item or len(item) > _LONGEST_ITEM + 8 or len(item.split()) > _MOST_WORDS + 2
               for item in split[0][1:-1]):
            continue
        items, spans = trim_edges(*split)
        if any(not item or len(item.split()) > _MOST_WORDS or len(item) > _LONGEST_ITEM for item in items):
            continue
        if _ATTRIBUTES_BEFORE.search(text, max(0, spans[0][0] - _ATTRIBUTES_REACH), spans[0][0]):
            continue
        best = (items, spans, spans[0][0], spans[-1][1])
    return best


def _may_win(count: int, minimum: int, after_colon: bool, segment: str,
             best: tuple[list[str], list[tuple[int, int]], int, int] | None) -> bool:
    """Whether a clause of `count` items is a list and beats the best one so far."""
    return (count >= minimum or after_colon or ";" in segment) and (best is None or count > len(best[0]))


_SEPARATOR = re.compile(r"[,;，；、]")
_MOST_WORDS, _LONGEST_ITEM = 8, 120  # an inline item longer than this is prose, not a list item
_ATTRIBUTES_BEFORE = re.compile(
    r"\b(?:with|including|having|containing|each with|mit|con|avec|com|с|со)\s+(?:(?:a|an|the|un|une|una|um|uma|"
    r"ein|eine|seinem|ihrem)\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_ATTRIBUTES_REACH = 120  # "... each with a name, race": looked for just before the list, not from the prompt's start


def _fold(item: str) -> str:
    return " ".join(item.casefold().split())

