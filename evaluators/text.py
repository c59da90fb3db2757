"""Text helpers the scorers share: splitting an answer into its items, and a tokenizer that keeps every script.

rouge-score's default tokenizer keeps only [a-z0-9], so Chinese, Japanese, Russian or Greek answers would score 0
against themselves; `tokenize` keeps letters of every script and splits scripts written without spaces
(Han, Hiragana, Katakana, Thai, ...) into single characters, the usual unit for ROUGE on such text.
"""

from __future__ import annotations

import re
import unicodedata

# A list item: "1." "1)" "(1)" "a)" "-" "*" "•" "·" "–" at the start of a line.
_LIST_MARKER = re.compile(r"^\s*(?:\(?\d{1,3}[.)\]:]|\(?[a-zA-Z][.)](?=\s)|[-*•·–+])\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
# Scripts written without spaces between words: each character is one token.
_UNSPACED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x2FFFF),  # CJK extensions B-F
)


_UNSPACED_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _UNSPACED_RANGES)
# One token: a single character of an unspaced script, or a run of other word characters.
_TOKEN = re.compile(f"(?=\\w)[{_UNSPACED_CLASS}]|[^\\W{_UNSPACED_CLASS}]+")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of any script; characters of unspaced scripts become one token each."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


class UnicodeTokenizer:
    """The `tokenizer` object rouge_score.RougeScorer accepts (it calls `.tokenize(text)`)."""

    def tokenize(self, text: str) -> list[str]:
        return tokenize(text)


def is_list_item(line: str) -> bool:
    return bool(_LIST_MARKER.match(line))


def strip_list_marker(line: str) -> str:
    return _LIST_MARKER.sub("", line, count=1).strip()


def split_items(text: str) -> list[str]:
    """An answer's items: list items when it is a list, else paragraphs, else lines, else sentences.

    Lines that continue a list item (indented or unmarked) stay with it; text before the first item (an intro
    such as "Here are five slogans:") is not an item.
    """
    lines = text.strip().splitlines()
    marked = [i for i, line in enumerate(lines) if is_list_item(line)]
    if len(marked) >= 2:
        items: list[str] = []
        for start, end in zip(marked, marked[1:] + [len(lines)]):
            body: list[str] = []
            for part in lines[start + 1:end]:
                if not part.strip():
                    break  # a blank line ends the item: what follows is an outro, not part of it
                body.append(part.strip())
            items.append(" ".join([strip_list_marker(lines[start]), *body]).strip())
        return [item for item in items if item]
    for pieces in (_BLANK_LINE.split(text), text.splitlines(), _SENTENCE_END.split(text)):
        cleaned = [piece.strip() for piece in pieces if piece.strip()]
        if len(cleaned) >= 2:
            return cleaned
    stripped = text.strip()
    return [stripped] if stripped else []


def has_list_form(text: str) -> bool:
    """True when the answer is laid out as a list (at least two marked items)."""
    return sum(1 for line in text.splitlines() if is_list_item(line)) >= 2


def ngrams(tokens: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]


def distinct_n(texts: list[str], size: int) -> float | None:
    """Distinct-n over a set of answers: unique n-grams / all n-grams (1.0 = no repeated phrasing)."""
    grams = [gram for text in texts for gram in ngrams(tokenize(text), size)]
    return len(set(grams)) / len(grams) if grams else None
