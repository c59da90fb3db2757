"""Lists: marked items (numbered, lettered, bulleted, "Q1:", 一、, ①), inline numbers or dashes on one line, and
unmarked short lines after an instruction ending in ":". A list becomes the schema's `data` when the instruction
treats it item by item; a passage beside a list of questions or fields becomes the `context`."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, chain, islice
from operator import attrgetter

from store.models import Reason
from studio.curation.lexicon.matching import (
    CASE_STRANGERS, CJK_CHAR, TOKEN, EndingRegex, LiteralLed, NeedleRegex, Probe, alternation, asked_words,
)
from studio.curation.lexicon.numbers import cjk_number, count_tokens, number_words
from studio.curation.lexicon.words import (
    ANSWER_THE_QUESTIONS, CONSTRAINT_CJK_STARTS, CONSTRAINT_CJK_TERMS, CONSTRAINT_HEADER, CONSTRAINT_WORDS,
    DISJUNCTIONS, INFORMATION_NOUNS, LINES_GLOSSARY_QUESTION, MATERIAL_NOUNS, OUTPUT_SUBJECTS, QUESTION_WORDS_START,
    QUESTIONS_REQUEST, ROLE_PLAY, SHORT_OUTPUTS, SPECIFICATION_NOUNS,
)
from studio.curation.rules.base import (
    BLANK_LINE, MAX_BRANCHES, POINTS_AFTER, Decomposition, asks_true_or_false, cloze, end_of_line, join_template,
    true_or_false_end, weighs)
from studio.curation.rules.categories import (
    EACH, EACH_BACK, EXTRACT, FOLLOWING, FROM_TEXT, SINGLE_TEXT, SINGULAR_ARTIFACT, STRONG_EXTRACT, TEXTS_EXTRACT,
    asks_to_extract, category_for_items, category_from_cues, framed_items, names_fields,
)
from studio.curation.rules.extraction import name_data
from studio.curation.rules.fields import fields_category
from studio.curation.rules.passages import find_passage, passage_after_fields, passage_asked_about
from studio.curation.rules.questions import ANSWER_HEADER, INVISIBLE, ONE_TEXT_COVERS, asks, is_question

# Every character that "(?i:first|second|...|tenth)" can start with ("ſ" folds to "s"): a plain set the engine tests
# at each line before trying the ten case-folded words (which cost a chat-log-length prompt ~45k instructions).
_ORDINAL_FIRSTS = "EFNSTefnst\u017f"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")  # (uppercase: "i.", "ii." are left to the
# readers of unmarked lines)
_LIST_LINE_BODY = (
    r"[ \t]*+(?:"
    r"(?P<bullet>--?|[*•●▪◦–—+·・►>])"
    r"|(?P<num>\d{1,2})(?:\s*[.)．、:：）]|[ \t]*-(?=[ \t]*[^\W\d_]))(?!\d)"
    r"|(?P<major>\d{1,2})\.(?P<snum>\d{1,2})\.?(?=[ \t])"
    r"|[(（](?P<pnum>\d{1,2})[)）]"
    r"|(?:Q\.?|Question|Pregunta|Frage|Domanda|Pergunta|Вопрос|问题|問題|質問|질문|問|问|س)"
    r"\s*(?P<qnum>\d{1,2})\s*[.):：]?"
    r"|(?!(?:step|day|phase|stage|week|part|paso|día|étape|jour|schritt|tag|passo|giorno|passo|dia|шаг|день|"
    r"этап)\b)(?P<label>[^\W\d_]{2,15}+)\s*(?P<lnum>\d{1,2})\s*[:：.)]"
    r"|(?P<qmark>Q|Question|Pregunta|Frage|Domanda|Pergunta|Вопрос)\s*[.:：)](?=[ \t])"
    r"|(?=[" + _ORDINAL_FIRSTS + r"])(?P<ordinal>(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))"
    r"\s+(?i:question)\s*[:：.]"
    r"|(?P<roman>" + alternation(_ROMAN) + r")[.)](?=[ \t])"
    r"|(?P<letter>[a-zA-Z])[.)](?=[ \t])"
    r"|\((?P<pletter>[a-zA-Z])\)"
    r"|(?P<circled>[①-⑳])"
    r"|(?P<cjk>[一二三四五六七八九十]{1,2})\s*[、.．]"
    r")[ \t]*+(?P<item>[^\n]*\w(?:[^\n]*[^ \t\n]|))[ \t]*$"
)
# (A bullet is tried first: no other marker starts with its characters, so a bulleted line is not tried first as each of
# the others, among them the label after a look-ahead of 18 words. The label is possessive: fewer of its letters would
# leave a letter before the number, which neither "\s" nor "\d" matches, so giving letters back cannot find a match; a
# line of code or prose is tried once, not 14 times. The indent is possessive too: no marker starts with a space or a
# tab, so an indented line of code is tried once, not once per indent character. So is the space after the marker: an
# item holds a word character, so giving it spaces back finds nothing new. The item ends at the line's last character
# other than a space or a tab, found once from the line's end (a lazy item that tried "[ \t]*$" after each of its
# characters read a long run of spaces once per character of it: quadratic); its tail after the last word character
# is optional as an alternative with an empty one, which the engine tries as "?" would at less cost than a repeat.)
# A list line at the start of the text, and one after a line break: a regex starting with "^" is tried at every
# position, one starting with "\n" only where the engine finds a line break. A run of line breaks is tried once, from
# its first: no list line starts with a line break, so only the run's last can be the one before a list line, and
# 100,000 blank lines are not tried as 100,000 list lines. A line whose first character after its indent can start no
# marker (`_MARKER_START`: a letter, a digit, a circled number, a bracket or a bullet) fails on that character, not
# on each of the markers' alternatives in turn.
# (The first line may open with the quotes a pasted text starts with: "''''Q. 1. Give short answers ...".)
_FIRST_LIST_LINE = re.compile(r"(?P<line>[\"'“‘`]*" + _LIST_LINE_BODY + ")", re.M)
_MARKER_START = r"[\w(（*•●▪◦–—+·・►>-]"
_NEXT_LIST_LINE = re.compile(
    r"\n(?<!\n\n)\n*+(?=[ \t]*+" + _MARKER_START + ")(?P<line>" + _LIST_LINE_BODY + ")", re.M)
# A number at the text's start or after whitespace: the character before it is checked after its first digit (a
# lookbehind over that digit, which holds at the start), so the engine skips to the digits of a long text instead of
# testing the lookbehind at every position.
_INLINE_NUMBER = re.compile(r"(\d(?<![^\s]\d)\d?)[.)]\s+(?=\S)")
_INLINE_HASH = re.compile(r"#(?<![^\s]#)(\d{1,2})\s+(?=\S)")  # "#1 ", at the start or after a space
_INLINE_Q = re.compile(r"[Qq](?<![^\s][Qq])(\d{1,2})[.:)]?\s+(?=\S)")  # "Q1 ", "q2: " (its questions must ask)
_COLON_DASH = LiteralLed((colon, r"[ \t]*[-•*][ \t]+\S") for colon in ":：")  # [:：][ \t]*[-•*][ \t]+\S
_INLINE_DASH = re.compile(r"(?<=[\s:：])[-•*][ \t]+(?=\S)")


_REPEATED_NUMBER = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")
_POINTS = re.compile(r"[(\[]\s*\d{1,3}\s*(?:points?|pts?|marks?)\s*[)\]]\s+(?=\S)", re.IGNORECASE)


def _without_points(item: str) -> str:
    """The item without the marks it is worth in front or at its end ("(3 points) No real solution." -> "No real
    solution.", "Name the organelle. [1 mark]" -> "Name the organelle.")."""
    if item[-1:] in ")]" and (points := POINTS_AFTER.search(item)) is not None:
        item = item[:points.start()]
    if item[:1] not in "([":
        return item  # (most items: no regex run)
    points = _POINTS.match(item)
    return item[points.end():] if points else item


# A letter label inside a bullet ("- a) to rotate", "• (b) to revolve"): with ")" only, since "A. Lincoln" opens
# with an initial.
_INNER_LETTER = re.compile(r"\(?([a-zA-Z])\)[ \t]+(?=\S)")


def _without_inner_letters(items: list[str]) -> list[str]:
    """The bulleted items without the letter labels they carry in order ("- a) to rotate on itself\\n- b) to
    revolve around the sun"): the guide's items hold no labels. Any item out of order keeps every label."""
    labels = [_INNER_LETTER.match(item) for item in items]
    if not all(label and label.group(1).lower() == chr(ord("a") + index) for index, label in enumerate(labels)):
        return items
    return [item[label.end():] for item, label in zip(items, labels) if label]


_NOT_SPACE = re.compile(r"\S")
_UNNUMBERED = frozenset({"bullet", "qmark"})  # markers without an ordinal: every line continues the list


# The groups of a list line's regexes, in the order both number them: a list line's groups are read by number, by
# subscript (`match[2]`, cheaper than a method call), or all at once by `Match.groups` for the rarer markers (by
# name, each cost a dictionary look-up: reading the 13 groups of a marker by name cost more than matching the line; a
# list line is read for every line break of a long text).
_LIST_LINE_GROUPS = ("line", "bullet", "num", "major", "snum", "pnum", "qnum", "label", "lnum", "qmark", "ordinal",
                     "roman", "letter", "pletter", "circled", "cjk", "item")
if any(regex.groupindex != {name: index for index, name in enumerate(_LIST_LINE_GROUPS, 1)}
       for regex in (_FIRST_LIST_LINE, _NEXT_LIST_LINE)):
    raise AssertionError("the list line regexes' groups are not `_LIST_LINE_GROUPS`")
# (the groups' numbers)
_LINE, _BULLET, _NUM, _SNUM, _ITEM = (_LIST_LINE_GROUPS.index(name) + 1
                                      for name in ("line", "bullet", "num", "snum", "item"))
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _kind_of(groups: tuple[str | None, ...]) -> tuple[str, int]:
    """The marker family of a list line and its ordinal (0 for a bullet or a bare "Q."), from its `Match.groups`."""
    _, bullet, num, major, snum, pnum, qnum, label, lnum, qmark, ordinal, roman, letter, pletter, circled, cjk, _ = (
        groups)
    if bullet:
        return "bullet", 0
    if num or pnum:
        return "num", int(num or pnum)
    if snum:  # "2.1. När ...?\n2.2. ...": the sub-points of point 2, numbered on their own
        return "sub:" + major, int(snum)
    if qnum:
        return "qnum", int(qnum)
    if ordinal:  # "First question: ...\n\nSecond Question: ..."
        return "qnum", _ORDINALS.index(ordinal.lower()) + 1
    if qmark:
        return "qmark", 0
    if lnum:
        return "label:" + label.casefold(), int(lnum)
    if roman:  # "I. ...\nII. ...\nIII. ...": before the letters, which "I." and "V." would read as the 9th and 22nd
        # (lowercase "i.", "ii." are left to the readers of unmarked lines, which find the passage of exam parts)
        return "roman", _ROMAN.index(roman) + 1
    if letter or pletter:
        return "letter", ord((letter or pletter).lower()) - ord("a") + 1
    if circled:
        return "circled", ord(circled) - ord("①") + 1
    return "cjk", cjk_number(cjk) or 0


@dataclass(slots=True)
class ListBlock:
    kind: str
    items: list[str]
    spans: list[tuple[int, int]]
    start: int  # offset of the first marker line
    end: int  # end of the last item
    nests: bool = False  # other marked lines (sub-points, lettered parts) stand inside its items


def list_blocks(text: str) -> list[ListBlock]:
    """Consecutive marker lines of one family, numbered in sequence; text between items joins the item before. A
    numbered line going on from the last numbered block after other marked lines ("1. <set-up>\\n(a) ...\\n(b) ...
    \\n2. ...") continues it: the lines between are part of its item (and remain a block of their own too).
    (Little work per line, for a long text of list lines: a block is built when a second item joins its first line,
    which stands for it until then as its match; the commonest markers are read here, not by `_kind_of`.)"""
    blocks: list[ListBlock] = []  # (in the order of their second items)
    current: ListBlock | re.Match[str] | None = None  # the open block, or the match of its only line
    current_kind, current_end = None, 0
    # the open numbered blocks (or their only line's match), innermost last, and their last numbers
    numbered: list[ListBlock | re.Match[str]] = []
    numbered_lasts: list[int] = []
    last_ordinal, last_bullet = 0, None
    first_char = _NOT_SPACE.search(text)
    opening = first_char.start() if first_char else 0  # where the text's first line starts, after blank lines
    opening = text.rfind("\n", 0, opening) + 1
    for match in _list_line_matches(text):
        bullet = match[_BULLET]
        if bullet is not None:
            kind, ordinal = "bullet", 0
            goes_on = current_kind == kind and bullet == last_bullet  # "+ hi\n- hello": a chat, not a list
        else:
            number = match[_NUM]
            if number is None:
                kind, ordinal = _kind_of(match.groups())
            elif (ordinal := _NUMBER_VALUES.get(number)) is not None:
                kind = "num"
            else:
                kind, ordinal = "num", int(number)
            goes_on = current_kind == kind and (kind in _UNNUMBERED or ordinal == last_ordinal + 1)
        opened = False
        if goes_on and ((under := match.start() == current_end)  # (only line breaks between: under it, or below)
                        or not (gap := text[current_end:match.start(_LINE)]).strip() or _nesting(kind)
                        or not BLANK_LINE.search(gap)):
            # a wrapped item, or paragraphs under a numbered item ("1. \"<quote>\" i) ...?\nii) ...?\n\n2. ..."):
            # the continuation belongs to the item before
            if type(current) is not ListBlock:
                current = _built(kind, current, blocks, numbered)
            if not under:
                _join_gap(text, current, match.start(_LINE))
            current.items.append(match[_ITEM])
            current.spans.append(span := match.span(_ITEM))
            current.end = current_end = span[1]
        elif _nesting(kind) and ordinal - 1 in numbered_lasts and (
                outer := _going_on(numbered, numbered_lasts, current, ordinal, kind)) is not None:
            if type(outer) is not ListBlock:
                outer = _built(kind, outer, blocks, numbered)
            _join_gap(text, outer, match.start(_LINE))
            outer.items.append(match[_ITEM])
            outer.spans.append(span := match.span(_ITEM))
            outer.end = current_end = span[1]
            outer.nests, current, current_kind = True, outer, kind
        else:
            # (a numbered list may go on from an earlier message: "7. ...\n8. ..." opening it)
            if ordinal != 1 and kind not in _UNNUMBERED and not (kind == "num" and (
                    (line_start := match.start(_LINE)) <= opening or _after_a_colon(text, line_start))) and not (
                    match.start(_LINE) <= opening and _exercise_number(text, match)):
                current = current_kind = None
                continue
            current, current_kind, current_end, opened = match, kind, match.end(_ITEM), True
        if _nesting(kind):
            if len(numbered) > _NUMBERED_DEPTH:  # (only the innermost few stay open)
                del numbered[0], numbered_lasts[0]
            if not opened:  # the block that went on moves innermost (a new one is none of the open ones)
                _take_out(numbered, numbered_lasts, current)
            numbered.append(current)
            numbered_lasts.append(ordinal)
        last_ordinal, last_bullet = ordinal, bullet
    blocks.sort(key=_START)  # (in order of their starts)
    starts = [block.start for block in blocks]
    for block in blocks:
        if block.nests:
            _take_the_tail(text, block, blocks, bisect_left(starts, block.end))
    return blocks


_START = attrgetter("start")
# The values of a number marker's ASCII spellings ("7", "07"): a look-up costs less than `int` (left to the others).
_NUMBER_VALUES = {str(value): value for value in range(100)} | {f"{value:02}": value for value in range(10)}


def _built(kind: str, match: re.Match[str], blocks: list[ListBlock],
           numbered: list[ListBlock | re.Match[str]]) -> ListBlock:
    """The block a list line's match stood for, built when a second item joins it: added to `blocks`, and put in
    the match's place among the open numbered blocks."""
    span = match.span(_ITEM)
    block = ListBlock(kind, [match[_ITEM]], [span], match.start(_LINE), span[1])
    blocks.append(block)
    for index, entry in enumerate(numbered):
        if entry is match:
            numbered[index] = block
    return block


def _take_out(numbered: list[ListBlock | re.Match[str]], lasts: list[int], block: ListBlock) -> None:
    """Takes `block` out of the open numbered blocks (`lasts`: their last numbers), if there: the innermost, most
    often."""
    if numbered and numbered[-1] is block:
        numbered.pop()
        lasts.pop()
        return
    for index, entry in enumerate(numbered):
        if entry is block:
            del numbered[index], lasts[index]
            return


def _after_a_colon(text: str, line_start: int) -> bool:
    """Whether the line before ends with a colon: a header presents a list that goes on from an earlier one ("the
    others are done:\n11. Earn Trust\n12. Dive Deep")."""
    return text[max(0, line_start - 200):line_start].rstrip().endswith((":", "："))


def _take_the_tail(text: str, outer: ListBlock, blocks: list[ListBlock], first: int) -> None:
    """The marked lines right after the last item of a list that nests others belong to that item ("Q. 4 Rewrite
    the sentences.\\na. ...\\nb. ..."): the parts of the last problem, as the parts of the others are. `first`
    indexes the first of `blocks` that starts after the list."""
    end = outer.end
    for index in range(first, len(blocks)):
        block = blocks[index]
        if block.start < end:
            continue  # (inside a block already taken)
        if BLANK_LINE.search(text, end, block.start) or text[end:block.start].strip():
            break
        end = block.end
    if end > outer.end:
        _join_gap(text, outer, end)
        outer.end = end


_NUMBERED_DEPTH = 3  # numbered lists nested in one another ("1. ... 9. Decide the order:\n1) ...\n2) ...\n10. ...")
# The numbered families whose items may hold other marked lines and paragraphs: numbers and question labels
# ("Q. 1 Give short answers.\na. ...?\nb. ...?\nQ. 2 ...").
_NESTING = frozenset({"num", "qnum"})  # (sets: a failed look-up costs less than comparing each)


def _nesting(kind: str) -> bool:
    """Numbers, question labels and exercise numbers ("2.19. Let A be ...:\n1. ...\n(a) ...\n2.20. Prove ..."): the
    families whose items may hold other marked lines."""
    return kind in _NESTING or kind.startswith("sub:")


def _exercise_number(text: str, match: re.Match[str]) -> bool:
    """The list line is numbered like a textbook's exercise, chapter and number closed by a dot ("2.19. "): a set of
    exercises copied from a book may open the prompt at any number (a section "2.3 Results" has no closing dot)."""
    end = match.end(_SNUM)
    return end > 0 and text.startswith(".", end)


def _going_on(numbered: list[ListBlock | re.Match[str]], lasts: list[int],
              current: ListBlock | re.Match[str] | None, ordinal: int, kind: str) -> ListBlock | re.Match[str] | None:
    """The innermost open block of `kind` (or its only line's match), other than the current one, that the number
    `ordinal` goes on from (`lasts`: the open blocks' last numbers)."""
    for block, last in zip(reversed(numbered), reversed(lasts)):
        if last == ordinal - 1 and block is not current and (
                block.kind if type(block) is ListBlock else _kind_of(block.groups())[0]) == kind:
            return block
    return None


def top_level(blocks: list[ListBlock]) -> list[ListBlock]:
    """The blocks that do not stand inside an item of a numbered list that nests them: the top-level list of
    problems wins over the lettered parts or sub-points inside one problem."""
    nesting = [block for block in blocks if block.nests]  # in order of their starts
    if not nesting:
        return blocks
    starts = [outer.start for outer in nesting]
    reach = list(accumulate((outer.end for outer in nesting), max))  # the furthest end of those started so far
    kept = []
    for block in blocks:  # (a bisection per block, not a scan of every nesting list: a long text may hold thousands)
        index = bisect_left(starts, block.start) - 1
        if index < 0 or reach[index] <= block.start:
            kept.append(block)
    return kept


def _join_gap(text: str, block: ListBlock, line_start: int) -> None:
    """The text between the block's last item and the next marker line joins that item."""
    gap = text[block.end:line_start]
    if gap.strip():
        block.items[-1] = block.items[-1] + " " + " ".join(gap.split())
        block.spans[-1] = (block.spans[-1][0], block.end + len(gap.rstrip()))


def _list_line_matches(text: str) -> Iterator[re.Match[str]]:
    """The list lines' matches (each line starts at group "line"), as a scan for "^" + `_LIST_LINE_BODY` in multiline
    mode finds them: a match ends before a line break, where the search for the next one starts."""
    first = _FIRST_LIST_LINE.match(text)
    rest = _NEXT_LIST_LINE.finditer(text, first.end() if first is not None else 0)
    return rest if first is None else chain((first,), rest)


def inline_markers(text: str) -> ListBlock | None:
    """ "1) What is X? 2) What is Y?" numbered 1..k in sequence on one line, or " - a - b" dashes after a colon."""
    sequence = _numbered_in_sequence(_INLINE_NUMBER, text)
    for mark, numbered in (("#", _INLINE_HASH), ("Q2", _INLINE_Q), ("q2", _INLINE_Q)):  # (a sequence has a second)
        if len(sequence) < 2 and mark in text:
            sequence = _numbered_in_sequence(numbered, text)  # "#1 what are ...? #2 in new york, ...?", "Q1 what ..."
            if not _each_asks(text, sequence, by_words=numbered is _INLINE_Q):
                sequence = []  # "two types: #1 maintenance tasks ..., or #2 general tasks ...": labels, not questions
    kind = "num"
    if len(sequence) < 2:
        sequence, kind = _inline_letters(text), "letter"
    if len(sequence) < 2 and "i)" in text:
        sequence, kind = _inline_romans(text), "roman"  # "need (i) what price ... (ii) when is delivery (iii) ..."
        if not _each_asks(text, sequence, by_words=True):
            sequence = []  # "Explain the following commands: (i) HOME, (ii) clear, ...": terms, not questions
    if len(sequence) < 2:
        colon = _COLON_DASH.search(text)
        if colon is None:
            return None
        line_end = text.find("\n", colon.end())
        sequence = list(_INLINE_DASH.finditer(text, colon.start() + 1, len(text) if line_end < 0 else line_end))
        kind = "bullet"
        if len(sequence) < 2:
            return None
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for index, marker in enumerate(sequence):
        stop = sequence[index + 1].start() if index + 1 < len(sequence) else _item_tail_end(text, marker.end())
        raw = text[marker.end():stop]
        stripped = raw.rstrip(" ,;/|\n\t")  # ("Q1: ...? / Q2: ...?": the mark between them)
        items.append(stripped.strip())
        spans.append((marker.end(), marker.end() + len(stripped)))
    return ListBlock(kind, items, spans, sequence[0].start(), spans[-1][1])


def _numbered_in_sequence(marker: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The markers numbered 1, 2, 3 ... in order (group 1 is the number), others between them skipped; none when fewer
    than two are. The numbers are read at once (`findall`) and the sequence found among them by `list.index`: the
    markers of a long text are not each matched and read in Python, only those up to the sequence's last."""
    if text.isascii() and "2" not in text:
        return []  # (two in sequence need a marker numbered 2, which an ASCII text spells with a "2")
    numbers = marker.findall(text)
    values = {number: int(number) for number in set(numbers)}
    ordinals = list(map(values.__getitem__, numbers))
    indices: list[int] = []
    for wanted in range(1, len(ordinals) + 1):  # (numbers have two digits at most: a hundred tries at most)
        try:
            indices.append(ordinals.index(wanted, indices[-1] + 1 if indices else 0))
        except ValueError:
            break
    if len(indices) < 2:
        return []
    matches = list(islice(marker.finditer(text), indices[-1] + 1))
    return [matches[index] for index in indices]


def _each_asks(text: str, sequence: list[re.Match[str]], by_words: bool = False) -> bool:
    """Every part after a marker holds a question mark before the next marker (the last one on its line); or,
    `by_words` (after "Q1", which names it a question), is a question by its words too ("Q1 what was the rate")."""
    ends = [marker.start() for marker in sequence[1:]] + [_item_tail_end(text, sequence[-1].end())] if sequence else []
    return all("?" in text[marker.end():end] or "？" in text[marker.end():end]
               or by_words and is_question(text[marker.end():end].strip()) for marker, end in zip(sequence, ends))


_INLINE_LETTER = re.compile(r"(?:(?<=\s)|^)\(?([a-hA-H])\)\s+(?=\S)")


def _inline_letter_markers(text: str) -> Iterator[re.Match[str]]:
    """`_INLINE_LETTER.finditer(text)` from two characters before the first ")": every marker closes its bracket one
    or two characters after its start, the lookbehind still reads the characters before the search's start and "^"
    matches only at the text's start. A text without ")" has no marker."""
    bracket = text.find(")")
    return _INLINE_LETTER.finditer(text, max(0, bracket - 2)) if bracket >= 0 else iter(())


def _inline_letters(text: str) -> list[re.Match[str]]:
    """ "(a) How fast ...? (b) How far ...?": parts lettered a, b, c ... in sequence inside a paragraph (the parts of an
    exam problem after its set-up); a bracket is required, so the article "a" never starts a sequence."""
    return _in_sequence(_inline_letter_markers(text), _LETTERS)


def _in_sequence(markers: Iterator[re.Match[str]], names: tuple[str, ...]) -> list[re.Match[str]]:
    """The markers whose group 1 names the next of `names` (case aside), others between them skipped."""
    sequence: list[re.Match[str]] = []
    for marker in markers:
        if len(sequence) < len(names) and marker.group(1).lower() == names[len(sequence)]:
            sequence.append(marker)
    return sequence


_LETTERS = tuple("abcdefgh")


INLINE_ROMAN_NUMERAL = r"i{1,3}|iv|vi{0,3}"  # i to viii (`_ROMANS`); the validator keeps such marks apart too
_INLINE_ROMAN = re.compile(r"(?:(?<=\s)|^)\(?(" + INLINE_ROMAN_NUMERAL + r")\)\s+(?=\S)", re.IGNORECASE)
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")


def _inline_romans(text: str) -> list[re.Match[str]]:
    """ "(i) what price ... (ii) when ...": parts numbered i, ii, iii ... in sequence inside a paragraph, as
    `_inline_letters` reads letters."""
    return _in_sequence(_INLINE_ROMAN.finditer(text), _ROMANS)


def _item_tail_end(text: str, start: int) -> int:
    """Where the last inline-numbered item ends: at its question mark, else at the end of the line."""
    newline = text.find("\n", start)
    stop = len(text) if newline < 0 else newline
    question = re.search(r"[?？]", text[start:stop])
    return start + question.end() if question else stop


_MARKER_RULES = {"num": "list.numbered", "qnum": "list.numbered", "qmark": "list.labelled",
                 "circled": "list.numbered", "cjk": "list.numbered", "roman": "list.numbered",
                 "letter": "list.lettered", "bullet": "list.bulleted", "lines": "list.lines", "texts": "list.lines"}


_GLOSS = re.compile(r"\([^()\n]*\)")  # "1. Objections (Why did customers doubt it?)": a heading's gloss, not asked


def _questions_open_the_prompt(before: str) -> bool:
    """Whether the prompt's first paragraph, before a blank line and the list's text, asks two or more questions.

    A question in parentheses glosses what it follows (a category the task names), so it is not counted.
    """
    blank = BLANK_LINE.search(before)
    if blank is None:
        return False
    opening = before[:blank.start()]
    if "?" not in opening and "？" not in opening:
        return False
    asked = _GLOSS.sub("", opening)
    return asked.count("?") + asked.count("？") >= 2


def from_list_block(text: str, block: ListBlock, found: Probe) -> Decomposition | None:
    """Decide whether a marked list is a set of independent items, and what kind."""
    if len(block.items) > MAX_BRANCHES:
        return None  # a table or a data dump, not a set of tasks
    before, after = text[:block.start], text[block.end:]
    # "1. 1. Analice ...", "(a) (3 points) No real solution.": a second number or the marks a part is worth are no
    # part of the item
    items = [_without_points(_REPEATED_NUMBER.sub("", item.strip(), count=1)) for item in block.items]
    if block.kind == "bullet":
        items = _without_inner_letters(items)
    if sum(item.endswith((":", "：")) for item in items) * 2 > len(items):
        return None  # section headers, not items
    if constrains_a_count(text, block.start, found):
        return None  # "Generate 20 quizzes following these rules: 1. ...": the count decides, not the rules
    if sum(map(_is_code, items)) * 2 > len(items):
        return None  # lines of pasted code or rows of a CSV file: the material of one task
    if any(_ends_in_or(item) for item in items[:-1]):
        return None  # "we thought 1) of rewriting the code, or 2) of a new job": the options of one decision
    exercises = block.kind.startswith("sub:") and _EXERCISE_MARKER.match(text, block.start) is not None
    questions = len(items) if block.kind in ("qnum", "qmark") else sum(map(
        _asks_as_exercise if exercises else asks, items))
    # "Help me answer these 3 questions\n\n1. A disk has 8 platters ...": the request names the items questions
    introduction = _last_line(before)
    items_are_questions = (questions + sum(map(cloze, items))) * 3 >= len(items) * 2 or bool(
        ANSWER_HEADER.match(introduction) and _QUESTIONS_NOUN.search(introduction)
        or ANSWER_THE_QUESTIONS.search(introduction)) or bool(
        _HAS_QUESTIONS.search(introduction)) or asks_true_or_false_before(text, block.start, found)
    if not items_are_questions and _INCLUDES.search(introduction):
        return None  # "For each one, add and include this info:\n- sowing\n- sun": what each output holds
    if not items_are_questions and _questions_open_the_prompt(before):
        return None  # "from the terms below: can i cancel early? how much is a freeze?\n\n<terms numbered 1-4>": the
        # list is the text the opening questions ask about
    if items_are_questions and _ONE_TEXT_ANSWERING.search(before[:end_of_line(before, 0)].lower()):
        return None  # "Write a persuasive product review of X.\n\nAnswer the following three questions:\n1. ...": the
        # text asked for on the first line answers them all
    marker_rule = _MARKER_RULES.get(block.kind, "list.labelled")
    reasons = [Reason(marker_rule, f"{len(items)} {marker_rule.split('.')[1]} items", (block.start, block.end))]
    short_fields = not items_are_questions and _short_fields(items)
    passage = find_passage(before, after) if (items_are_questions or short_fields) else None
    source_named = False  # "need these from the shipping email:" over short fields: the text after them
    if passage is None and short_fields and (STRONG_EXTRACT.search(introduction, found.part(introduction))
                                             or (source_named := FROM_TEXT.search(introduction) is not None)):
        passage = passage_after_fields(after)  # "Extract these fields:\n1. name\n2. date\n\nText: <one line>"
    if passage is None and short_fields and _TELL_ME_END.search(introduction) and name_data(items):
        passage = passage_after_fields(after)  # "I forward my hotel confirmation, please tell me\na) confirmation
        source_named = passage is not None  # number\nb) total price\n\n<the confirmation>": data of the text after
    if passage is None and short_fields and (source := _SOURCE_LINE.match(after)) is not None:
        # "1. booking ref\n2. flight number\n\nfrom my confirmation:\n<text>": the line after the fields names
        # their source, the text under it
        below = passage_after_fields(after[source.end():])
        if below is not None:
            passage, source_named = (below[0], source.group(0).strip(), below[2] + source.end(), 1), True
    exam_parts = block.kind == "letter" and not items_are_questions and _exam_parts(items, before)
    if passage is None and block.kind == "letter" and (items_are_questions or exam_parts):
        passage = _problem_set_up(before)
    instruction = _near_list(before, after)
    if passage is not None:
        context, rest, local_start, side = passage
        # the instruction is what is left of the passage's side and all of the other side
        sides = (rest, after) if side == 0 else (before, rest)
        instruction = "\n".join(part.strip() for part in sides if part.strip())
        offset = local_start + (block.end if side else 0)
        reasons.append(Reason("passage.context", "a passage beside the list becomes the context",
                              (offset, offset + len(context))))
        if items_are_questions or exam_parts:
            return Decomposition("Reading Comprehension", join_template("{context}", instruction, "{data}"),
                                 reasons, data=items, context=context)
        part = found.part(instruction)
        if asks_to_extract(instruction, part) or names_fields(instruction, part) or short_fields and (
                source_named or _FROM_THE_TEXT.search(instruction) is not None):
            reasons.append(Reason("fields.list", "a list of fields to extract from the text", None))
            return Decomposition(fields_category(items),
                                 join_template("{context}", instruction, "Field: {data}"), reasons,
                                 data=items, context=context)
    part = found.part(instruction)
    if sum(_is_data(item) for item in items) * 2 > len(items):
        return None  # rows of a table or a log: the data of one task
    if _ONE_TEXT_LABEL.search(_last_text_line(before)):
        return None  # "Summary:\n1. ...\n2. ...": the lines of one text under a label
    texts = block.kind == "texts" or _are_texts(items)
    # the same task on every item ("1. Translate 'X' into French.\n2. Translate 'Y' into French."): a per-item
    # task of its own; its frame is the template, the varying parts the data
    frame = framed_items(items, found)
    if frame is not None:
        category, framed, parts = frame
        reasons.append(Reason("cue.frame", f"every item repeats one task frame: {category}", None))
        return Decomposition(category, join_template(before.strip(), framed, after.strip()), reasons, data=parts)
    if not _per_item_task(instruction, part, items_are_questions, reasons, found.prefix(text, block.start), texts,
                          block.kind):
        return None
    voices = reasons[-1].rule == PERSONA_CUE  # one answer in each voice: a generation whatever the verb
    category = "Repeated Generation" if voices else (
        "Keyword Extraction" if block.kind == "texts" and EXTRACT.search(instruction, part) is not None
        else category_for_items(instruction, part, items_are_questions, texts))  # ("from each ad get the price")
    asked_about = passage_asked_about(before, after, items) if category == "Question Answering" else None
    if asked_about is not None:  # (the list is taken already: the passage only names what it is about)
        context, local_start, side = asked_about
        offset = local_start + (block.end if side else 0)
        reasons.append(Reason("passage.context", "the passage the list asks about becomes the context",
                              (offset, offset + len(context))))
        remaining = (text[:offset] + text[offset + len(context):block.start], after) if not side else (
            before, text[block.end:offset])
        instruction = "\n".join(part.strip() for part in remaining if part.strip())
        return Decomposition("Reading Comprehension", join_template("{context}", instruction, "{data}"), reasons,
                             data=items, context=context)
    return Decomposition(category, join_template(before.strip(), "{data}", after.strip()), reasons, data=items)


_SET_UP_WEIGHT = 40  # a statement this long before lettered questions states the problem they all ask about


def _problem_set_up(before: str) -> tuple[str, str, int, int] | None:
    """ "A dolphin of 250 kg jumps 3.5 m ... (a) How much energy ...? (b) If ..., how much ...?": the statements before
    an exam problem's lettered questions are the set-up every part needs (the shape `find_passage` returns, with no
    instruction of its own). A set-up that asks something itself is not a plain statement of the problem."""
    set_up = before.strip()
    if not weighs(set_up, _SET_UP_WEIGHT) or "?" in set_up or "？" in set_up or _ASKS_THE_ANSWERER.search(set_up):
        return None  # ("I typed up what the doctor said. Can you answer a few things from it:": a request)
    return set_up, "", before.find(set_up), 0


# A request to the answerer: no statement of an exam problem's givens.
_ASKS_THE_ANSWERER = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u)\b|\b(?:please|pls|plz)\b", re.IGNORECASE)


# The request an exam problem's lettered parts complete, in the set-up's last sentence ("Determine the sequence that
# minimizes:", "Determine y0 such that the equation has"), and a part that is a task of its own instead ("(b) (2
# points) Find the value of α at which ..."), which may build on the part before.
_EXAM_REQUEST = re.compile(r"\b(?:calculate|compute|determine|find)\b", re.IGNORECASE)
_OWN_TASK = re.compile(r"(?:\(\d{1,3}\s*(?:points?|pts?|marks?)\)\s*)?(?:calculate|compute|determine|find|derive|prove|"
                       r"show|sketch|draw|estimate|evaluate|solve|explain|describe|discuss|justify|state|define)\b",
                       re.IGNORECASE)


# A textbook's exercise number, chapter and number closed by a dot ("2.19. "), and what an exercise opens with: an
# exam task, or the givens it sets ("Let A be ...", "Suppose ...", "If A, B and C are ...").
_EXERCISE_MARKER = re.compile(r"[ \t]*+\d{1,2}\.\d{1,2}\.[ \t]")
_EXERCISE_OPENING = re.compile(r"(?:\(?[aA]\)\s+)?(?:" + _OWN_TASK.pattern + r"|(?:verify|let|suppose|consider|assume|"
                               r"given|if|use)\b)", re.IGNORECASE)


def _asks_as_exercise(item: str) -> bool:
    """A numbered exercise asks as a question does, or opens as an exercise does (`_EXERCISE_OPENING`)."""
    return asks(item) or _EXERCISE_OPENING.match(item) is not None


def _exam_parts(items: list[str], before: str) -> bool:
    """Lettered parts that each complete the request ending an exam problem's set-up ("Determine the sequence that
    minimizes:\na) the makespan.\nb) the total lateness."): one result asked per part."""
    set_up = before.rstrip()
    request = set_up[max(set_up.rfind(mark) for mark in ".!?") + 1:]  # its last sentence
    return _EXAM_REQUEST.search(request) is not None and not any(_OWN_TASK.match(item) for item in items)


_LAST_LINE_REACH = 400  # "... following these rules:": the end of the line before the list (written 120 once, but
# a second assignment of the same name below made it 400 everywhere; every figure and the gate were measured with 400)
_NEAR_BEFORE = 600  # the instruction that governs a list sits just before it ...
_NEAR_AFTER = 300  # ... or just after it ("... Translate each of them into Spanish.")


def _near_list(before: str, after: str) -> str:
    """The instruction that can make a list's items separate tasks: the text just before and just after it. A cue
    further away ("tone" in a pasted email, "Keywords:" in a form, a UI's "translate now" tail under a long
    survey) belongs to the material, not to the request about the list."""
    return (before[-_NEAR_BEFORE:] + "\n" + after[:_NEAR_AFTER]).strip()


_QUESTIONS_NOUN = re.compile(r"\bquestions\b", re.IGNORECASE)  # not "Please answer in JSON format:\n1. ..."
# "I have some follow-up questions\n1. \"<quoted sentence>\" How ...?": a line ending in the user saying the items
# are questions they have (not "Write 5 questions ...", "I have some questions, but first the steps:"). Searched
# only when the line holds "questions" (led by `\b`, the regex would be tried at every position of the line).
# Short fields asked "from the ad below" (any weak verb: "give me:"): what to pull out of that text.
# A line naming where the fields above it are taken from, the text under it ("from my confirmation:").
_SOURCE_LINE = re.compile(r"\s*(?:from|out\s+of)\s+(?:the|this|that|my|our)\s+[^\W\d_][^\n:：]{0,40}[:：][ \t]*\n",
                          re.IGNORECASE)
_TELL_ME_END = re.compile(r"\b(?:tell|give|show|find)\s+(?:me|us)\s*[:：]?\s*$", re.IGNORECASE)  # (a line asking)
_FROM_THE_TEXT = re.compile(r"\bfrom\s+(?:the|this|that|my)\s+(?:[\w-]+\s+){0,2}?(?:below|above)\b", re.IGNORECASE)
_HAS_QUESTIONS = NeedleRegex(re.compile(
    r"(?:\b(?:i|we)\s+(?:have|['’]ve\s+got|got)\s+(?:a\s+few|a\s+couple\s+of|some|several|more|\d{1,2}|two|three|"
    r"four|five)|\bhere\s+are\s+my)\s+(?:[\w-]+\s+)?questions\b[^.?!:,;\n]{0,60}[.:!]?\s*$", re.IGNORECASE),
    ("questions",))


# The header asks for one thing "with the following properties" (checks, requirements, ...), or a line before the list
# hands over material ("Here are some of my actual texts:", "here is more information that may be important:").
_SPECIFIES_ONE = re.compile(
    r"\bwith\s+the\s+following\s+(?:[\w-]+\s+)?(?:" + alternation(SPECIFICATION_NOUNS) + r")\b")
_HANDS_OVER = re.compile(
    r"\bhere\s+(?:is|are)\s+(?:some\s+)?(?:more\s+|additional\s+|further\s+)?(?:of\s+(?:my|our)\s+)?"
    r"(?:[\w-]+\s+)?(?:" + alternation(INFORMATION_NOUNS) + r")\b")


# A line introducing the list as what an output includes ("For each one, include this info:", "The summary should
# include:", "Every quiz question should include 4 options:").
_INCLUDES = EndingRegex(re.compile(r"\binclude[sd]?\b[^\n.?!]{0,80}[:：]\s*$", re.IGNORECASE), ":：")


def _last_text_line(text: str) -> str:
    """`text.rstrip().rsplit("\n", 1)[-1]`, the last line holding more than whitespace, without copying all of a
    long text (asked before each of hundreds of lists)."""
    stop = len(text)
    while stop and text[stop - 1].isspace():
        stop -= 1
    return text[text.rfind("\n", 0, stop) + 1:stop]


def _last_line(before: str) -> str:
    """The line introducing a list: the last line before it that holds text (within `_LAST_LINE_REACH`)."""
    return _last_text_line(before[-_LAST_LINE_REACH:])


def constrains_a_count(text: str, start: int, found: Probe) -> bool:
    """The header of the list starting at `start` names rules, constraints or requirements and the text before it
    asks for a number of generated items: the list shapes each item instead of being the items. (Kept in the memo of
    `found`, the probe of `text`: `from_list_block` asks it of the top list, and `_decompose` again of every list.)"""
    return found.kept(("constrains", start), _constrains_a_count, text, start, found)


def asks_true_or_false_before(text: str, start: int, found: Probe) -> bool:
    """`asks_true_or_false(text[:start])`, read off the whole text's first such request (kept in the memo of
    `found`): asked before each of hundreds of lists, the text before each was read again (quadratic). A request
    ends in a letter, so before a `start` after whitespace the text holds one just when the whole text holds one
    ending before it; where `start` follows no whitespace, or the whole text's first runs past it, the text before
    it is read on its own, as it is before the first list asked about (most prompts ask of one)."""
    if _first_asked(found, "true or false") or start and not text[start - 1].isspace():
        return asks_true_or_false(text[:start])
    first_end = found.kept(("true or false",), true_or_false_end, text)
    return first_end >= 0 and (first_end <= start or asks_true_or_false(text[:start]))


def _first_asked(found: Probe, question: str) -> bool:
    """Whether `question` is asked of the text before a list for the first time in the prompt `found` probes (its
    memo keeps that it was): the first is answered by reading the text before it, the next ones off a reading of
    the whole text."""
    asked: list[bool] = found.kept(("asked before a list", question), list)
    if asked:
        return False
    asked.append(True)
    return True


def _constrains_a_count(text: str, start: int, found: Probe) -> bool:
    header = _last_line(text[max(0, start - _LAST_LINE_REACH):start])
    return _names_constraints(header, found) and asks_a_count_before(text, start, found)


def asks_a_count_before(text: str, start: int, found: Probe) -> bool:
    """Whether the text before `start` holds a count of 2 to MAX_BRANCHES (`count_tokens` of text[:start]). Read
    off the whole text's counts, kept in the memo of `found`: read again before every list, a prompt of hundreds of
    lists cost time quadratic in its length (0.7 s for a 100,000-character paste of one 300-character prompt). The
    text before a list holds the whole text's counts that end before it, unless a count runs across `start` or
    touches it (`start` not after whitespace): then the text before it is read on its own. So is the text before
    the first list asked about (most prompts ask of one, often near the start of a long text)."""
    if _first_asked(found, "count"):
        return _holds_asking_count(text[:start], found.prefix(text, start))
    starts, ends, first_asking_end = found.kept(("count reading",), _count_reading, text, found)
    last_before = bisect_left(starts, start) - 1
    if (start and not text[start - 1].isspace()) or (last_before >= 0 and ends[last_before] > start):
        return _holds_asking_count(text[:start], found.prefix(text, start))
    return 0 <= first_asking_end <= start


def _count_reading(text: str, found: Probe) -> tuple[list[int], list[int], int]:
    """The starts and ends of the counts of `text` (in text order, apart) and the end of the first of 2 to
    MAX_BRANCHES (-1 when none is)."""
    counts = count_tokens(text, number_words(None), found)
    return ([span[0] for _, span, _ in counts], [span[1] for _, span, _ in counts],
            next((span[1] for value, span, _ in counts if 2 <= value <= MAX_BRANCHES), -1))


def _holds_asking_count(text: str, found: Probe) -> bool:
    return any(2 <= value <= MAX_BRANCHES for value, _, _ in count_tokens(text, number_words(None), found))


# A header presenting the list as examples of the outputs a count asks for, or as what each of them holds ("Suggest 15
# blog topics ..., with some example topics:", "Each quiz question should include 4 options:").
_ILLUSTRATES = re.compile(
    r"\b(?:examples?|e\.g\.|for\s+instance|such\s+as)\b"
    r"|\beach\s+(?:[\w-]+\s+){1,2}?(?:must|should|will|shall|needs?\s+to|has\s+to)\s+(?:include|contain|have)\b",
    re.IGNORECASE)


def illustrates_a_count(text: str, start: int) -> bool:
    """The header of the list starting at `start` presents it as examples of the outputs or as the parts each output
    holds: with an explicit count of another number asked before it, the list is their material, not their items."""
    return _ILLUSTRATES.search(_last_line(text[:start])) is not None


_CONSTRAINT_TOKENS = asked_words(CONSTRAINT_WORDS)


def _names_constraints(header: str, found: Probe) -> bool:
    """`CONSTRAINT_HEADER` occurs in the header (the end of the prompt `found` probes). Its words can only match
    standing as whole tokens of the lowercased header, which are words of the prompt but for the first (the header
    may start inside a word), and its CJK terms only where their first characters are: set lookups and a few
    substring tests rule most headers out without running the regex of many alternatives."""
    if not header.isascii() and any(term in header for term in CONSTRAINT_CJK_TERMS):
        return True  # ("要求": the regex matches a plain CJK term wherever it is)
    lowered = header.lower()
    if _CONSTRAINT_TOKENS.isdisjoint(found.words):
        first = TOKEN.match(lowered)
        words_clear = first is None or first.group(0) not in _CONSTRAINT_TOKENS
    else:
        words_clear = _CONSTRAINT_TOKENS.isdisjoint(TOKEN.findall(lowered))
    if words_clear and (header.isascii() or (not any(start in header for start in CONSTRAINT_CJK_STARTS)
                                             and not CASE_STRANGERS.search(header))):
        return False
    return CONSTRAINT_HEADER.search(header) is not None


def _short_fields(items: list[str]) -> bool:
    return all(len(item.split()) <= 4 and not item.endswith(("?", "？", ".")) for item in items)


def _per_item_task(instruction: str, part: Probe, items_are_questions: bool, reasons: list[Reason],
                   before: Probe, texts: bool, kind: str) -> bool:
    """The list is processed item by item: a per-item task cue, questions, or "each"/"the following" in the
    paragraph that introduces it (`part` and `before` probe the instruction and the text before the list). In a
    role-play set-up only a task cue or "each of these" will do; "the following facts/rules/data" names the
    material of one task. An extraction request over listed `texts` extracts from each. A task cue over one named
    text ("translate this poem") or a summary of short lines is one task. Lines without markers need more than
    "the following": a message, a log, a poem or chords pasted after it are lines of one text."""
    each_back = EACH_BACK.search(instruction, part)
    header_start = _header_start(before.lowered)
    header = before.lowered[header_start:]
    each = EACH.search(header, before.part(header))
    distributive = bool(each_back or each or items_are_questions)
    if kind == "bullet" and not distributive and _bullets_of_material(before, header_start) and not (
            LINES_GLOSSARY_QUESTION.search(_last_line(before.lowered)) or _ONE_OUTPUT_EACH.search(header)
            or _in_each_voice(before)):
        return False  # bullets under a task word somewhere: the points of a CV, a brief or a pasted text
    # (tested first: of the tests below, only these three can say yes to such bullets, and every other path says no
    # whatever the task cue; when one of them does, the tests run in order and one of them answers before the end)
    if _ONE_JOINT_TASK.search(header):
        return False  # the items are sorted into groups, pruned of overlaps, or are one table's columns or one text's
        # sections: however "each" or questions read, one answer over them all
    if _PICKS_ONE.search(instruction):
        return False  # "I must select a thesis topic from the above, which one?": one choice among the items
    if LINES_GLOSSARY_QUESTION.search(_last_line(before.lowered)):
        reasons.append(Reason("cue.task", "one question per item: what each listed line means or does", None))
        return True  # (before the one-whole test, which reads the closing verb "do:" as a singular noun)
    if not distributive and (one_each := _ONE_OUTPUT_EACH.search(header)):
        reasons.append(Reason("cue.each", f"one output for each listed subject: “{one_each.group(0).strip()}”",
                              None))
        return True  # (a singular artifact elsewhere in the header does not make it one text, nor the output's noun
        # before the colon one whole: "give the following people a nickname:")
    if _names_one_whole(_last_line(before.lowered)):
        return False  # "enforce the following firewall policy:", "on the following sliding scale:": the
        # items are the parts of the one thing the line names, however "each" or questions read
    if not items_are_questions and (
            _SPECIFIES_ONE.search(header) or _HANDS_OVER.search(_last_line(before.lowered))):
        return False  # "rewrite the method with the following checks:", "here is more information:": the items
        # specify the one thing asked for, or are material handed over for it
    if not items_are_questions and _in_each_voice(before):
        reasons.append(Reason(PERSONA_CUE, "each item is a voice or a point of view the request is answered in", None))
        return True  # (before the role-play test: "as if you were:" reads as one)
    cue = category_from_cues(instruction, part)
    if cue is not None and not distributive and (
            SINGLE_TEXT.search(header) or SINGLE_TEXT.search(instruction) or (cue == "Summarization" and not texts)):
        # "translate this poem:\n<lines>", "summarize these notes:\n- ...", "Translate this letter.\n\nDear Anna,\n1. …"
        return False  # one text (named in the introducing paragraph or anywhere near the list)
    if cue is not None:
        reasons.append(Reason("cue.task", f"per-item task: {cue}", None))
        return True
    if each_back:
        reasons.append(Reason("cue.each", f"distributive cue “{each_back.group(0)}”", None))
        return True
    if ROLE_PLAY.search(before.lowered, 0, _ROLE_REACH) and not (
            items_are_questions and QUESTIONS_REQUEST.search(before.lowered)):
        return False  # (an expert persona asked to answer the questions below still answers each)
    if items_are_questions and not each and (_ONE_TEXT_ANSWERING.search(header) or ONE_TEXT_COVERS.search(header)
                                             or _VIEW_ON_QUESTIONS.search(header)):
        # "Write a 2-page essay that answers:\n1) ...?\n2) ...?", "The outline should answer:": one text covers all
        # the questions; "your view on these three survey questions?": the questions are what is judged
        return False
    if items_are_questions:
        reasons.append(Reason("cue.questions", "the items are questions", None))
        return True
    if texts and TEXTS_EXTRACT.search(header, before.part(header)):
        reasons.append(Reason("cue.task", "the same extraction from each listed text", None))
        return True
    if each:
        reasons.append(Reason("cue.each", f"distributive cue “{each.group(0)}”", None))
        return True
    following = FOLLOWING.search(before.lowered, before, header_start) if kind not in ("lines", "texts") else None
    # (a line naming rules right over the list heads one task's constraints: "Rewrite the description below.\nRules:")
    if (following and not SINGULAR_ARTIFACT.search(before.lowered, before) and not MATERIAL_NOUNS.search(header)
            and not _PARTS_OF_ONE.search(header) and not _PRESENTS_MATERIAL.search(header)
            and _RULES_LINE.search(_last_line(before.lowered)) is None):
        reasons.append(Reason("cue.following", f"the list is the object of the request: “{following.group(0)}”",
                              None))
        return True
    if kind == "bullet" and _completes_a_question(before):
        reasons.append(Reason("cue.question-frame", "each item completes the question before the list", None))
        return True
    return False


# "Write a tagline for the following products:", "Create a short bio for these people:": one short output for each
# listed subject (in the header, lowercased), where "write a ..." would otherwise make the list one artifact's material.
# Also as one verb's two objects: "Assign the following people an animal that fits them:", "give these products a
# name:".
# (Both alternatives name the subjects with "the following", "these" or "those": the needles that rule out most
# headers, where the regex, led by \b, would be tried at every position.)
_ONE_OUTPUT_EACH = NeedleRegex(re.compile(
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:" + alternation(SHORT_OUTPUTS) + r")\s+(?:for|of)\s+"
    r"(?:the\s+following|these|those)\s+(?:[\w-]+\s+){0,2}?(?:" + alternation(OUTPUT_SUBJECTS) + r")\s*[:：]?\s*$"
    r"|\b(?:assign|give)\s+(?:the\s+following|these|those)\s+(?:[\w-]+\s+)?(?:" + alternation(OUTPUT_SUBJECTS)
    + r")\s+(?:a|an)\s+[^\n:：]{1,80}[:：]\s*$"), ("following", "these", "those"))
PERSONA_CUE = "cue.persona"
# The line right before the list ends in a voice or a point of view left open: "Explain \"beauty\" as if you were:",
# "Describe the city from the point of view of:", "Write the opening line in the style of:" (lowercased).
_VOICE_OPEN = EndingRegex(re.compile(
    r"(?:\bas\s+if\s+(?:you|i)\s+(?:are|were|was|am)|\b(?:from\s+the\s+(?:point\s+of\s+view|perspective|viewpoint)|"
    r"in\s+the\s+(?:voice|style)|through\s+the\s+eyes)\s+of)\s*[:：]$"), ":：")


# A line naming the rules the output follows, right over the list ("Rules:", "Follow these requirements:"; not
# "keep the same format as before:", which introduces more of the items).
_RULES_LINE = EndingRegex(re.compile(r"\b(?:" + "|".join(word for word in CONSTRAINT_WORDS if word != "format")
                                     + r")[ \t]*[:：]$"), ":：")


def _in_each_voice(before: Probe) -> bool:
    """The line before the list is a request cut at a colon after "as if you were", "from the point of view of", "in
    the style of" ("Explain \"beauty\" as if you were:\n1- a caveman\n2- a cow"): each item is a voice the request is
    answered in, one answer per item (a role-play set-up does not end so)."""
    line = _last_line(before.lowered).rstrip()
    return _VOICE_OPEN.search(line) is not None and ROLE_PLAY.search(line) is None


def _bullets_of_material(before: Probe, header_start: int) -> bool:
    """Bullets under no "the following" in the paragraph introducing them (from `header_start`) and no task or
    question cut at a colon on the line right before them: the points of a CV, a brief or a pasted text."""
    return FOLLOWING.search(before.lowered, before, header_start) is None and (
        not _asks_for_the_list(before) and not _completes_a_question(before))


def _asks_for_the_list(before: Probe) -> bool:
    """The line right before the list names a task and ends in a colon ("Traduce al inglés:\n• …"): the bullets are
    what that task is asked of, not the points of a CV, a brief or a pasted text that a task word elsewhere meets."""
    introduction = _last_line(before.lowered).rstrip()
    return introduction.endswith((":", "：")) and category_from_cues(introduction, before.part(introduction)) is not None


def _completes_a_question(before: Probe) -> bool:
    """The line right before the bullets is a question cut at a colon ("What would happen if the Earth stopped:\n-
    a) rotating\n- b) orbiting the sun"): each bullet completes it, one question per item. Not a choice among the
    bullets ("Which is better:", "what should I choose:"), which is one decision, nor a label of three words or fewer
    ("Wat erin moet:", what the one text should hold)."""
    introduction = _last_line(before.lowered).strip()
    return (introduction.endswith((":", "：")) and QUESTION_WORDS_START.match(introduction) is not None
            and _CHOICE.search(introduction) is None and len(introduction.split()) > _LABEL_WORDS)


_LABEL_WORDS = 3


_CHOICE = re.compile(r"^which\b|\b(?:better|best|prefer|choose|pick|recommend|rank)\b")


# A header (lowercased) asking for one task over the whole list: a partition ("divide the results into five groups"),
# a pruning of overlaps ("rewrite these bullets to remove redundancies"), one table's columns ("a table with these
# columns", "the fields to include in the table"), sections to be written for one document ("add these proposal
# sections"). (Led by \b, the regex is tried at every position of the header: each alternative's own word is a
# needle that rules most headers out.)
_ONE_JOINT_TASK = NeedleRegex(re.compile(
    r"\binto\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:groups|categories|clusters|buckets|themes)\b"
    r"|\bredund[ae]nc|\b(?:consolidate|deduplicate)\b"
    r"|\b(?:following|these|the)\s+(?:[\w-]+\s+)?columns\b"
    r"|\b(?:add|write|draft|expand)\s+(?:[\w-]+\s+){0,3}?sections\b"
    r"|\b(?:include|represent|show)\s+in\s+(?:the|a|your|one)\s+table\b"
    r"|\bsystem\s+of\s+(?:(?:linear|the|these)\s+)?equations\b|\bsimultaneous\s+equations\b"  # (solved together)
    # "turn these questions into a Google Form", "combine these into one paragraph": one artifact made of them all
    r"|\b(?:turn|convert|make|put|combine|merge|compile|organi[sz]e)\s+(?:these|those|them|the\s+following)\s+"
    r"(?:[\w-]+\s+){0,2}?into\s+(?:one|a|an|a\s+single|my|our)\s"),
    ("into", "redund", "consolidate", "deduplicate", "columns", "sections", "table", "equations"))
# A choice among the listed items ("I must select a thesis topic from the above", "pick one of these for me"): one
# decision over the list, not a task per item ("choose a title for each of these" asks per item). (A regex led by \b
# tries every position of a long instruction: its verbs are the needles that rule most out.)
_PICKS_ONE = NeedleRegex(re.compile(
    r"\b(?:select|choose|pick|decide\s+on)\b[^.?!\n]{0,60}?\b(?:from|among|out\s+of|one\s+of|between)\s+"
    r"(?:the\s+above|the\s+list|these|those|them|the\s+following|below|the\s+options)\b", re.IGNORECASE),
    ("select", "choose", "pick", "decide"))
# The line right before the list names one thing after "the following" or "below" and ends in a colon ("the
# following firewall policy:", "based on the following sliding scale:"): the list is that thing's parts. The
# words between may not hold a preposition ("explain the following in detail:" names nothing).
_NAMED_WHOLE = EndingRegex(re.compile(
    r"\b(?:the\s+following|(?:the\s+)?below)\s+((?:(?!(?:in|for|to|with|of|by|and|or|from|as|on|at|into|about|me|"
    r"us)\b)[\w-]+\s+){0,3}?)([a-z]+)\s*[:：]\s*$"), ":：")
# Singular nouns that name a plain collection of separate things ("the following list:", "the following set:") and
# plurals not ending in "s" ("the following data:", "the following criteria:").
_COLLECTIONS = frozenset({"list", "set", "collection", "batch", "group", "array", "bunch", "selection", "series",
                          "pair", "couple", "lot", "data", "criteria", "phenomena", "people", "children", "media"})


def _names_one_whole(introduction: str) -> bool:
    """Whether the lowercased line right before a list names one thing whose parts the list holds (`_NAMED_WHOLE`):
    its noun is singular (no plural "s") and not a collection's name."""
    named = _NAMED_WHOLE.search(introduction.rstrip())
    if named is None:
        return False
    noun = named.group(2)
    return noun not in _COLLECTIONS and (not noun.endswith("s") or noun.endswith(("ss", "us", "is")))


# "Update the profile screen to include the following fields", "a table with the following columns", "Write the
# section. Focus on the following:": the list specifies one thing to make or change, it is not its items.
_PARTS_OF_ONE = re.compile(
    r"\b(?:update|modify|change|edit|extend|refactor|redesign)\s+(?:the|my|this|our|your)\s+(?!following\b)"
    r"|\bfollowing\s+(?:\w+\s+)?(?:columns|fields|buttons|sections|headings|tabs|pages)\b"
    r"|\bfocus\s+on\s+the\s+following\b")
# "The following is an interview question", "my strategy is the following one", "These are my answers to your 5
# questions:", "My work is in the following areas:", "structured as the example below", "Of the following 5
# restaurants, which ...", "A connection state
# is defined by the following parameters", "a post that includes the following points": the header presents
# the list (or picks one of it) instead of asking for something of each item (the header is lowercased).
_PRESENTS_MATERIAL = re.compile(
    r"\b(?:the\s+following|below)\s+(?:[\w-]+\s+)?(?:is|are|was|were)\b"
    r"|\b(?:is|are|was|were)\s+(?:(?:in|on|about|within)\s+)?(?:the\s+following|as\s+follows|below)\b"
    r"|\bthese\s+are\s+(?:the|my|our|some)\b"
    r"|\b(?:examples?|sample)\s+(?:below|above)\b|\b(?:as|like)\s+(?:the\s+|an?\s+)?examples?\b"
    r"|\bof\s+the\s+following\b[^.?!\n]{0,80}\bwhich\b"
    r"|\b(?:defined\s+by|consists?\s+of|made\s+up\s+of|composed\s+of|includes?|contains?)\s+the\s+following\b")
# One written piece asked for, which the listed questions shape ("write a personal statement keeping these questions
# in mind", "Write a 2-page essay that answers", "Rewrite the above story ... with the following questions:"): the
# questions are its brief or its content, not tasks (the header is lowercased).
_ONE_TEXT_ANSWERING = re.compile(
    r"\b(?:write|compose|draft|prepare)\s+(?:me\s+|us\s+)?(?:a|an|one|my)\s+(?:[\w-]+\s+){0,3}?(?:essay|statement|"
    r"review|story|article|blog\s+post|letter|speech|report|paper|script)\b"
    r"|\bre-?write\s+(?:the|this|my|your)\s+(?:above\s+)?(?:[\w-]+\s+){0,2}?(?:essay|story|article|e-?mail|letter|"
    r"post|speech|script)\b")
# A view asked of the listed questions as a set ("your view on these three survey questions?", "any thoughts
# about my interview questions"): they are the user's draft to judge, not questions to answer (the header is
# lowercased).
_VIEW_ON_QUESTIONS = re.compile(
    r"\b(?:view|opinion|thoughts)\s+(?:on|about)\s+(?:these|the\s+following|the|my|those)\s+(?:[\w-]+\s+){0,3}?"
    r"questions?\b")
_ROLE_REACH = 300  # a role-play set-up opens the prompt
_HEADER_REACH = 400  # the paragraph introducing a list: its last 400 characters


def _header_start(before: str) -> int:
    """Where the paragraph that introduces the list starts (after the last blank line, at most 400 back). A one-line
    heading ending in a colon right under a request that ends in one ("… advantages of the following:\n\nThe main
    types of business ownership:\n• …") names the list: the request's paragraph introduces it."""
    start = _paragraph_start(before)
    heading = before[start:].strip()
    if heading.endswith(":") and len(heading) <= _HEADING_LENGTH and not _SENTENCE_MARK.search(heading) and (
            above := before[:start].rstrip()).endswith(":"):  # (copied only then: lists by the hundred ask this)
        return _paragraph_start(above)
    return start


_HEADING_LENGTH = 80  # a heading is a short line, not a paragraph of prose that ends in a colon
_SENTENCE_MARK = re.compile(r"[.?!\n]")


def _paragraph_start(before: str) -> int:
    """Where the last paragraph of `before` starts (after the last blank line, at most 400 back)."""
    blank = None
    for blank in BLANK_LINE.finditer(before, max(0, len(before) - _HEADER_REACH)):
        pass
    floor = max(0, len(before) - _HEADER_REACH)
    if blank is not None and before[blank.end():].strip():
        return max(blank.end(), floor)
    return floor


def _ends_in_or(item: str) -> bool:
    """An item of a few words whose last is "or": the next marker continues a choice (a lone "o" or "u" may be a
    listed letter)."""
    words = item.split()
    return len(words) >= 3 and words[-1].casefold() in DISJUNCTIONS


def _are_texts(items: list[str]) -> bool:
    """Items that are texts to work on (reviews, paragraphs, sentences), not names or fields: 12+ words each."""
    return all(weighs(item, 60) and (len(item.split()) >= 12 or CJK_CHAR.search(item)) for item in items)


def _is_data(item: str) -> bool:
    """A row of a table or a log line: at least as many digits as letters ("11/10/22, 7:36:58 AM BOT +20,000")."""
    digits = sum(map(str.isdigit, item))
    return digits >= 4 and digits >= sum(map(str.isalpha, item))


# A line of code ("{", "\"name\": \"db\",", "'tags': ['Server'],", "return x;") or a CSV row ("id,07h,08h,Gender"):
# a bracket or a statement end at its end, a bracket at its start, a key in quotes, or commas with no spaces (an
# equation, "y = sin(pi*x) - 2", is none of these).
# Tested in two parts (the regex `[{}\[\](;]\s*,?$|^[{}\[\]]|^...`, searched, tried all its alternatives at each
# character of the line): its alternatives anchored at the start, matched there only, and its first one, which ends
# the line: what the line's last characters tell (`_is_code`).
_CODE_LINE_START = re.compile(
    r"[{}\[\]]|[\"'][^\"']{1,40}[\"']\s*:|[^\s,]+(?:,[^\s,]*){3,}$"
    # an assignment to a name of two letters or more, or holding "_", "." or ShareGPT's "\\_" ("scale\\_setting =
    # self.get(tag)", "total += 1"; not "y = 2x + 3"), a call of such a name ending the line ("self.debug(msg)"; not
    # "sin(x)"), a block header ("if not found:", "for tag in tags:"), "from x import y", a docstring fence
    r"|(?:[a-z_][\w\\]*[._\\][\w\\.]*|[a-z][a-z0-9]+\w*)(?:\[[^\]\n]*\])?\s*[-+*/]?=(?!=)\s*\S"
    r"|[A-Za-z_][\w\\]*[._\\][\w\\.]*\(.*\)\s*$"
    r"|(?:if|elif|while|for|with|def|class|try|except|else)\b[^\n]*:\s*$"
    r"|from\s+[\w.]+\s+import\s|(?:\"\"\"|\'\'\')\s*$")
_CODE_LINE_ENDS = frozenset("{}[](;")  # (a set: "" is in every string)


def _is_code(item: str) -> bool:
    """Whether the stripped line ends with a bracket or statement end, or with a comma after one and whitespace
    (`\\s` and `str.rstrip` strip the same characters; no line break is left for "$" to stop before), or its start
    matches the anchored alternatives."""
    line = item.strip()
    last = line[-1:]
    return last in _CODE_LINE_ENDS or last == "," and line[:-1].rstrip()[-1:] in _CODE_LINE_ENDS or (
        _CODE_LINE_START.match(line) is not None)


# A label naming one text right before a list: the list is that text's lines, not separate items.
_ONE_TEXT_LABEL = re.compile(
    r"^\s*(?:the\s+|my\s+)?(?:summary|document|text|paragraph|passage|essay|email|letter|article|story|answer|"
    r"response|context|resume|cv|transcript|dialogue|conversation|résumé|resumen|texto|texte|testo|"
    r"zusammenfassung|riassunto|resumo|документ|текст|要約|摘要|文章|本文)\s*[:：]\s*$", re.IGNORECASE)
_COLON_LINE = LiteralLed((colon, r"[ \t]*\n") for colon in ":：")  # [:：][ \t]*\n


def unmarked_lines(text: str) -> ListBlock | None:
    """Short lines with no markers after an instruction ending in ":" ("Translate into French:\\nHello\\nBye")."""
    colon = _COLON_LINE.search(text)
    if colon is None:
        return None
    body_end = len(text)
    blank = BLANK_LINE.search(text, colon.end())
    if blank:
        rest = text[blank.end():].strip()
        if rest and len(rest) > 200:
            return None
        body_end = blank.start()
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    position = colon.end()
    for line in text[colon.end():body_end].split("\n"):
        stripped = line.strip()
        if stripped:
            if len(stripped) > 200:
                return None
            if len(items) == MAX_BRANCHES:
                return None  # more lines than branches: what `from_list_block` refuses (and then `spaced_lines`
                # finds none: the lines hold line breaks, not blank lines)
            start = position + line.index(stripped)
            items.append(stripped)
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    if len(items) < 2 or any(item.startswith(("```", "~~~")) for item in items):
        return None  # code, not items
    if sum(bool(_LABELLED_LINE.match(item)) for item in items) * 2 >= len(items):
        return None  # "Prompt: ...\nAssistant: ...": a transcript or a form, not items
    return ListBlock("lines", items, spans, colon.end(), spans[-1][1])


_LABELLED_LINE = re.compile(r"[^\W\d_][\w .()-]{0,30}[:：]\s")


# A one-line request naming each of the texts below it ("from each ad get the price and the location pls", "pega o
# nome e o telefone de cada mensagem dessas"): the texts are its items, a line or a paragraph each, with no colon
# before them (`unmarked_lines` takes them after one).
_EACH_TEXT = re.compile(
    r"\b(?:each|every|cada|chaque|jede[nmrs]?|ogni|ciascun[oa]?)\s+(?:(?:of\s+)?(?:these|those|the)\s+)?"
    r"(?:ad|ads|message|messages|review|reviews|email|emails|text|texts|post|posts|listing|listings|comment|comments|"
    r"tweet|tweets|voicemail|voicemails|sms|mensagem|mensaje|mensajes|anuncio|anúncio|reseña|avis|annonce|nachricht|"
    r"anzeige|bewertung|messaggio|annuncio|recensione)\b", re.IGNORECASE)
_EACH_TEXT_ITEM_WEIGHT = 300  # a short message, an ad or a review, not a document


def texts_under_each(text: str) -> ListBlock | None:
    """The two or more short texts under a one-line request naming each of them (`_EACH_TEXT`): one text a line, or
    one a paragraph when blank lines part them."""
    first_end = text.find("\n")
    if first_end < 0 or weighs(text[:first_end], _SPACED_INSTRUCTION_WEIGHT) or _EACH_TEXT.search(text, 0,
                                                                                                   first_end) is None:
        return None
    body = text[first_end:].strip()
    parts = BLANK_LINE.split(body)  # (one part when no blank line parts them: then one text a line)
    items = [part.strip() for part in (parts if len(parts) > 1 else body.split("\n")) if part.strip()]
    if not 2 <= len(items) <= MAX_BRANCHES or any("\n" in item or weighs(item, _EACH_TEXT_ITEM_WEIGHT)
                                                  or item.startswith(("```", "~~~")) for item in items):
        return None
    spans = []
    position = first_end
    for item in items:
        start = text.index(item, position)
        spans.append((start, start + len(item)))
        position = start + len(item)
    return ListBlock("texts", items, spans, spans[0][0], spans[-1][1])


_SPACED_LINE_WEIGHT = 60  # a term or a name, not a sentence
_MIN_SPACED_LINES = 3
_SPACED_INSTRUCTION_WEIGHT = 200  # a request, not a story whose lines follow
_SENTENCE_ENDS = (".", ":", "?", "!", "：", "。", "？", "！")


def spaced_lines(text: str) -> ListBlock | None:
    """Short lines each in a paragraph of its own after a one-line instruction ("explain each term in one or two
    lines\\n\\nCyber Kill Chain\\n\\nReconnaissance\\n\\nWeaponization"): terms or names laid out one to a
    paragraph, or one-line profiles each under its own name ("Maya: nurse, loves puzzles"). A sentence (a line
    ending in a full stop, a question mark or a colon) but in a profile, a paragraph of several lines or a long first
    paragraph (a story whose dialogue follows) makes it a text."""
    # (read no further than one break too many: a run of 100,000 line breaks holds 50,000)
    breaks = [(blank.start(), blank.end()) for blank in islice(BLANK_LINE.finditer(text), MAX_BRANCHES + 2)]
    if not _MIN_SPACED_LINES <= len(breaks) <= MAX_BRANCHES + 1 or "\n" in text[:breaks[0][0]].strip():
        return None
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for (_, start), (end, _) in zip(breaks, [*breaks[1:], (len(text), len(text))]):
        item = text[start:end].strip().strip(INVISIBLE).strip()
        if not item:
            continue
        if "\n" in item or weighs(item, _PROFILE_WEIGHT):
            return None
        offset = text.index(item, start)
        items.append(item)
        spans.append((offset, offset + len(item)))
    instruction = text[:breaks[0][0]].strip()
    if len(items) < _MIN_SPACED_LINES or not instruction or weighs(instruction, _SPACED_INSTRUCTION_WEIGHT):
        return None
    terms = not any(weighs(item, _SPACED_LINE_WEIGHT) or item.endswith(_SENTENCE_ENDS) for item in items)
    if not terms and not (_profiles(items) and _ONE_OUTPUT_EACH.search(instruction.lower())):
        return None
    return ListBlock("lines", items, spans, spans[0][0], spans[-1][1])


_PROFILE_WEIGHT = 300
_PROFILE_NAME = re.compile(r"(\w+(?:[ \t]\w+)?)[ \t]*[:：][ \t]+\S")


def _profiles(items: list[str]) -> bool:
    """Each item a one-line profile under a name of its own, one or two words ("Maya: nurse, loves puzzles",
    "Tom Reed: retired pilot"); a form's or a few-shot's labels ("Title:", "Concept:") and a dialogue's speakers are
    names too, so `spaced_lines` also asks the header for one output per subject (`_ONE_OUTPUT_EACH`)."""
    names = [_PROFILE_NAME.match(item) for item in items]
    return all(name and name.group(1)[:1].isupper() for name in names) and len(
        {name.group(1).casefold() for name in names if name}) == len(items)
