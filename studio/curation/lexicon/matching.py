"""Cue matching without large regexes on the hot path: the prompt's `Probe` (its tokens, computed once) and cues
that run only when the prompt holds one of their trigger words.

A large alternation regex costs tens of microseconds per prompt (hundreds on a long one) even when nothing
matches; looking a cue's trigger words up in a set costs well under one, and most prompts match no cue.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from heapq import heappop, heappush, merge
from itertools import filterfalse
from typing import TypeVar


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "dix-sept" wins over "dix")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def trie_alternation(words: Iterable[str]) -> str:
    """A regex matching the literal words as their `alternation` (longest first) does, as a trie of their shared
    starts ("a(?:pakah|re)|b(?:agaimana|erapa)|..."): the engine tries a few branches where it tried every word,
    which is what a list of ~170 question words over many first letters costs. Words are casefolded (for a regex
    with IGNORECASE); a longer word is tried before a word it extends, as longest first."""
    def branches(tails: list[str]) -> str:
        by_first: dict[str, list[str]] = {}
        ends = False
        for tail in tails:
            if tail:
                by_first.setdefault(tail[0], []).append(tail[1:])
            else:
                ends = True
        if not by_first:
            return ""
        body = "|".join(re.escape(first) + branches(rest) for first, rest in sorted(by_first.items()))
        grouped = body if len(by_first) == 1 and not ends else "(?:" + body + ")"
        return grouped + "?" if ends else grouped
    return branches(sorted({word.casefold() for word in words}))


def word_regex(words: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Whole-word match for Latin/Cyrillic words; CJK entries (no word boundaries in those scripts) match as is."""
    spaced = [w for w in words if not _is_cjk(w)]
    cjk = [w for w in words if _is_cjk(w)]
    parts = []
    if spaced:
        parts.append(r"(?<![\w-])(?:" + alternation(spaced) + r")(?![\w])")
    if cjk:
        parts.append("(?:" + alternation(cjk) + ")")
    return re.compile("|".join(parts), flags)


CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # kana, CJK ideographs, Hangul
TOKEN = re.compile(r"[^\W\d_]+")  # a word: a run of letters


def _is_cjk(word: str) -> bool:
    return bool(CJK_CHAR.search(word))


class CjkPhrases(dict[str, tuple[tuple[str, frozenset[str]], ...]]):
    """CJK phrases by their first character, each with the set of its characters; the first characters also as a
    set (`firsts`), which a probe's characters intersect by walking the smaller of the two (a dict's keys would all
    be read). A dict subclass: a tuple of the set and the dict cost short prompts more than it saved."""

    __slots__ = ("firsts",)

    def __init__(self, groups: dict[str, tuple[tuple[str, frozenset[str]], ...]]) -> None:
        super().__init__(groups)
        self.firsts = frozenset(groups)


_T = TypeVar("_T")


# Not frozen: a frozen dataclass sets each field through `object.__setattr__` (~700 instructions a field), and a prompt
# builds several probes (`part`, `prefix`). Nothing assigns a probe's fields after it is built but its memo (`kept`);
# it is never hashed.
@dataclass(slots=True)
class Probe:
    """What one prompt contains, computed once: its lowercase text, those of its word tokens that some cue asks
    about (`asked_words`), whether it has CJK and, if so, which characters it holds.

    A large alternation regex costs tens of microseconds per prompt (hundreds on a long one) even when nothing
    matches; looking a cue's trigger words (or a CJK phrase's characters) up in these sets costs well under one,
    and most prompts match no cue."""

    lowered: str
    # The text's `TOKEN`s that are asked words: a lookup of a cue's words in them then walks a handful of words, not
    # every distinct word of a long prompt, and answers the same as a lookup in all of them.
    words: frozenset[str]
    cjk: bool
    # Only for CJK text: a CJK phrase can occur only if all its characters are here. Every character of the text
    # outside ASCII but whitespace, and the space (and the ASCII letters of a piece that holds others): no CJK
    # phrase holds any other (`cjk_checked`).
    chars: frozenset[str] = frozenset()
    # Whether the text may hold a `CASE_STRANGERS` character (a search for one in a long window costs ~5 ns a
    # character, and most texts outside ASCII hold none): false only when `probe` saw that none of its characters is
    # one (the default is the safe answer for a probe built elsewhere).
    strangers: bool = True
    # Answers a rule keeps about this prompt for the next one to ask it (the counts `rules.counts` assessed: the
    # extractor and the validator read the same counts of a prompt). None until the first is kept; a part's or a
    # prefix's probe starts with none of its own.
    memo: dict[object, object] | None = field(default=None, compare=False, repr=False)

    def kept(self, key: object, compute: Callable[..., _T], *args: object) -> _T:
        """The answer kept under `key` in the memo: `compute(*args)` (never None), made and kept the first time it is
        asked."""
        memo = self.memo
        if memo is None:
            memo = self.memo = {}
        answer = memo.get(key)
        if answer is None:
            answer = memo[key] = compute(*args)
        return answer  # type: ignore[return-value]

    def part(self, text: str) -> Probe:
        """The probe of a part of this prompt (a substring, or substrings joined at non-letters) without
        tokenising it again: the prompt's words and characters stand in for the part's. Sound because they only
        pre-filter: every cue verifies its matches in the part's own lowercased text."""
        return Probe(text.lower(), self.words, self.cjk, self.chars, self.strangers)

    def prefix(self, text: str, end: int) -> Probe:
        """The probe of text[:end], `text` being the probed prompt: its lowercase sliced off the prompt's instead
        of lowercasing again (~50 instructions a character outside ASCII) when that is the same string."""
        head = text[:end]
        return Probe(self.lowered[:end], self.words, self.cjk, self.chars, self.strangers) if sliceable(
            text, self.lowered, head) \
            else self.part(head)

    def ascii_decimals(self, text: str) -> bool:
        """Whether every decimal digit (`\\d`) of `text`, the probed text or a substring of it, is an ASCII one: an
        ASCII text, or a CJK one none of whose characters outside ASCII (`chars` holds each: a decimal digit is no
        whitespace and lowercases to itself) is a decimal. Other texts are not read: the answer is then False."""
        return text.isascii() or (self.cjk and not any(map(str.isdecimal, self.chars)))

    def cjk_phrases(self, by_first: CjkPhrases) -> list[str]:
        """Which of the CJK phrases (grouped by their first character, each with its characters) occur in the
        text."""
        if not self.cjk:
            return []
        chars = self.chars
        return [phrase for first in chars & by_first.firsts for phrase, needed in by_first[first]
                if needed <= chars and phrase in self.lowered]


# Every word looked up in a probe's `words`: the cues' trigger words, the number words and the word lists asked about.
_ASKED: set[str] = set()


def asked_words(words: Iterable[str]) -> frozenset[str]:
    """`words` as a frozenset, registered as words a probe is asked about: a probe keeps only registered words, so
    any set looked up in `Probe.words` must come from here. Registering a new word drops the cached probes."""
    frozen = frozenset(words)
    if not frozen <= _ASKED:
        _ASKED.update(frozen)
        probe.cache_clear()
    return frozen


@lru_cache(maxsize=8)
def probe(text: str) -> Probe:
    """The probe of `text`. A few recent ones are cached: the extractor, the validator and the dependency
    detector each ask about the same prompt (too few to carry over between prompts in a benchmark)."""
    if text.isascii():
        return _ascii_probe(text.lower())
    # Lowercased as bytes first (ASCII letters only, ~1 instruction a byte where `str.lower` spends ~60 a
    # character outside Latin-1): the same string as `text.lower()` when every character outside ASCII is its own
    # lowercase, which the distinct pieces tell (`_lowercase_alike`); otherwise `str.lower`'s answer is taken.
    lowered_bytes = text.encode("utf-8", "surrogatepass").lower()
    lowered = lowered_bytes.decode("utf-8", "surrogatepass")
    pieces = _blanked_pieces(lowered_bytes)
    wide = list(filterfalse(str.isascii, pieces))  # (filtered in C: a long text has hundreds of distinct pieces)
    # (the distinct pieces outside ASCII: fewer characters to read than the text's, where words repeat; a CJK
    # character is in one of them, being no ASCII, no whitespace and its own lowercase)
    joined = " ".join(wide)
    strangers: bool | None = None  # read below off `joined`, when it is the text's own characters outside ASCII
    if not _lowercase_alike(joined):
        strangers = CASE_STRANGERS.search(joined) is not None  # (the text's own characters: only ASCII was lowercased)
        lowered = text.lower()
        if lowered.isascii():
            return _ascii_probe(lowered)
        pieces = _pieces(lowered)
        wide = list(filterfalse(str.isascii, pieces))
        joined = " ".join(wide)
    if CJK_CHAR.search(joined):
        chars = frozenset(joined + " ")
        # (a CJK probe keeps the characters of `joined`: when they are the text's own, their set tells whether one is
        # a `CASE_STRANGERS` character without a second scan of them)
        return Probe(lowered, _tokens(pieces, wide), True, chars,
                     not _STRANGER_CHARS.isdisjoint(chars) if strangers is None else strangers)
    return Probe(lowered, _tokens(pieces, wide), False,
                 strangers=CASE_STRANGERS.search(joined) is not None if strangers is None else strangers)


def _ascii_probe(lowered: str) -> Probe:
    """The probe of a text whose lowercase `lowered` is ASCII."""
    tokens = lowered.encode().translate(_LETTERS_KEPT).decode().split()
    return Probe(lowered, frozenset(_ASKED.intersection(tokens)), False, strangers=False)


def _lowercase_alike(joined: str) -> bool:
    """Whether every character of `joined` (the distinct pieces outside ASCII of a text, which hold each of its
    characters outside ASCII but whitespace, itself caseless) is its own lowercase: then the text's lowercase
    changes its ASCII letters only. `str.lower` maps character by character but for "Σ", which never lowercases
    to itself; a character lowercasing to several changes the string too."""
    return joined.lower() == joined


def sliceable(text: str, lowered: str, head: str) -> bool:
    """Whether `head`, a prefix of `text`, lowercases to the same prefix of `lowered` (text's lowercase): every
    character lowercases to one (lowercase never drops one, so equal lengths say so) and the head holds no "Σ",
    the only character whose lowercase depends on its neighbours (final sigma)."""
    return len(lowered) == len(text) and "Σ" not in head


# UTF-8 bytes with the ASCII non-letters blanked (the bytes of non-ASCII characters kept as they are).
_LETTERS_KEPT = bytes(32 if code < 128 and not chr(code).isalpha() else code for code in range(256))


def _pieces(lowered: str) -> set[str]:
    """The distinct whitespace-separated pieces of `lowered` once its ASCII non-letters are blanked (neither is
    ever inside a token). Lone surrogates pass through."""
    return _blanked_pieces(lowered.encode("utf-8", "surrogatepass"))


def _blanked_pieces(encoded: bytes) -> set[str]:
    """`_pieces` of the text UTF-8 `encoded` (lone surrogates passed through)."""
    return set(encoded.translate(_LETTERS_KEPT).decode("utf-8", "surrogatepass").split())


def _tokens(pieces: set[str], wide: list[str]) -> frozenset[str]:
    """The asked words among the `TOKEN`s of the text cut into `pieces` (which it consumes), as `TOKEN.findall` finds
    them but several times as fast: each distinct piece is looked at once: a piece of letters only is one token, any
    other piece (digits, marks, CJK punctuation) goes through the regex. An ASCII piece is letters only (`_pieces`
    blanked the rest), which `isascii` tells without reading it: only the pieces outside ASCII (`wide`) are read."""
    mixed = list(filterfalse(str.isalpha, wide))
    pieces.difference_update(mixed)
    for piece in mixed:
        pieces.update(TOKEN.findall(piece))
    return frozenset(_ASKED.intersection(pieces))


class Cue:
    """A cue regex tried only where it can match: at each whole-word occurrence of one of its trigger words (or of
    one of its CJK literals), starting at most `reach` characters before it.

    Sound when every match contains a trigger as a whole token (or a CJK literal) no more than `reach` characters
    after the match's start. Scanning a whole prompt with a regex of many alternatives costs ~100 ns a character
    (the engine tries every alternative at every position); trying it at a handful of anchors costs microseconds,
    whatever the prompt's length.

    `companions`: words of which every match also holds one as a whole token (what a verb trigger must be followed
    by: "write a story *including* ..."): a prompt holding a trigger but none of them is not searched (most prompts
    holding "write" or "make" ask for no such thing). Not checked where the prompt may hold a `CASE_STRANGERS`
    character, which a case-insensitive regex matches as a letter its lowercase does not hold ("ſ" as "s").

    With a `reach`, `starts` (a regex of one character, maybe with a lookbehind or "\\b") may tell where a match can
    start: only there is the cue tried (one `finditer` over a window instead of a `match` at each of its positions,
    which cost a prompt dense with triggers a Python step per character)."""

    __slots__ = ("regex", "triggers", "cjk", "reach", "companions", "starts")

    def __init__(self, regex: re.Pattern[str], triggers: Iterable[str], *, cjk: Iterable[str] = (),
                 reach: int = 0, companions: Iterable[str] = (), starts: re.Pattern[str] | None = None) -> None:
        self.regex = regex
        self.triggers = asked_words(triggers)
        self.cjk = _by_first_character(cjk)
        self.reach = reach
        self.companions = asked_words(companions)
        if self.companions and self.cjk:
            raise ValueError("a match of a CJK literal holds no token: such a cue cannot require companion words")
        self.starts = starts

    def may_match(self, found: Probe) -> bool:
        """Whether a search can match in the probed prompt or in any part of it probed by `Probe.part`: a search
        with none of the trigger words and CJK phrases the prompt's probe tells of returns None at once. (A part's
        lowercase holds a CJK phrase only where the prompt's does: lowercasing is character by character but for
        "Σ", and no CJK phrase holds a sigma, which `cjk_checked` refuses.)"""
        return not found.words.isdisjoint(self.triggers) or bool(found.cjk_phrases(self.cjk))

    def search(self, text: str, found: Probe, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match in text[pos:endpos] (`found` is the probe of the whole `text`)."""
        end = len(text) if endpos is None else endpos
        present = found.words & self.triggers
        literals = found.cjk_phrases(self.cjk) if found.cjk else []
        if not present and not literals or (
                self.companions and found.words.isdisjoint(self.companions) and not found.strangers):
            return None
        lowered = found.lowered
        if len(lowered) != len(text):  # a character whose lowercase is longer: offsets would drift
            return self.regex.search(text, pos, end)
        anchors = merge(*(_whole_token_starts(lowered, token, pos, end) for token in present),
                        *(_literal_positions(lowered, (literal,), pos, end) for literal in literals))
        for low, high in _windows(anchors, self.reach, pos):
            starts = range(low, high + 1) if self.starts is None else (
                start.start() for start in self.starts.finditer(text, low, high + 1))
            for start in starts:
                match = self.regex.match(text, start, end)
                if match is not None:
                    return match
        return None


class CueGroup:
    """Cues searched one after another in the same text. Each cue's search intersects the probe's words with its own
    and, for a CJK text, reads its phrases off the probe's characters and lowercase: a long text's words and
    characters walked again by every cue (~20k instructions a chat-log prompt over dependency detection's dozen
    cues). `narrowed` does that once for the group."""

    __slots__ = ("words", "cjk")

    def __init__(self, cues: Iterable[Cue]) -> None:
        cues = tuple(cues)
        self.words = frozenset().union(*(cue.triggers | cue.companions for cue in cues))
        self.cjk = _by_first_character({phrase for cue in cues for group in cue.cjk.values() for phrase, _ in group})

    def narrowed(self, found: Probe) -> Probe:
        """The probe `found` for the group's cues only (nothing else may read it): the group's words among its
        words, and the characters of the group's CJK phrases its text holds (not CJK at all when it holds none). A
        cue's look-ups answer as with `found`: a phrase of a cue is in the text just when it is among those, so all
        its characters are kept, and one not in the text fails the substring test as before."""
        phrases = found.cjk_phrases(self.cjk)
        return Probe(found.lowered, found.words & self.words, bool(phrases), frozenset("".join(phrases)),
                     found.strangers)


def _windows(anchors: Iterable[int], reach: int, pos: int) -> Iterator[tuple[int, int]]:
    """The positions from `reach` characters before each of the sorted `anchors` (but not before `pos`) to it, as
    runs (first, last) in order: each position once, and a run of nearby anchors in one run. Lazily: a search that
    matches in the first runs reads no further anchors (read all before each search, a cue searched again past each
    exempt match cost time quadratic in a long paste of them)."""
    window: tuple[int, int] | None = None
    for anchor in anchors:
        low = max(anchor - reach, pos)
        if window is not None and low <= window[1] + 1:
            window = (window[0], anchor)
        else:
            if window is not None:
                yield window
            window = (low, anchor)
    if window is not None:
        yield window


def cjk_checked(phrase: str) -> str:
    """`phrase`, once checked to hold only characters a probe's `chars` records: nothing from ASCII but the space,
    no other whitespace; and no sigma (the one letter whose lowercase depends on its neighbours, so a part of a
    prompt could hold a phrase with one where the prompt does not: `Cue.may_match`)."""
    if any(char != " " and (char.isascii() or char.isspace()) or char in "Σσς" for char in phrase):
        raise ValueError(f"a CJK phrase may hold nothing from ASCII but the space, no other whitespace and no sigma: "
                         f"{phrase!r}")
    return phrase


def _by_first_character(phrases: Iterable[str]) -> CjkPhrases:
    """The phrases grouped by their first character, each with the set of its characters (built once: a subset test
    of two sets reads no characters of a string again)."""
    grouped: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for phrase in phrases:
        grouped.setdefault(phrase[:1], []).append((cjk_checked(phrase), frozenset(phrase)))
    return CjkPhrases({first: tuple(group) for first, group in grouped.items()})


def _is_token_char(char: str) -> bool:
    """A character of a `TOKEN` ([^\\W\\d_]): alphanumeric, not a decimal digit, not "_"."""
    return char.isalnum() and not char.isdecimal()


def _token_spans(lowered: str, tokens: Iterable[str], pos: int, endpos: int) -> Iterator[tuple[int, int]]:
    """Spans of the whole-token occurrences of `tokens` in lowered[pos:endpos], token after token."""
    for token in tokens:
        for start in _whole_token_starts(lowered, token, pos, endpos):
            yield start, start + len(token)


def _whole_token_starts(lowered: str, token: str, pos: int, endpos: int) -> Iterator[int]:
    """Starts of the whole-token occurrences of `token` in lowered[pos:endpos], in order."""
    start = lowered.find(token, pos, endpos)
    while start >= 0:
        end = start + len(token)
        if not (start and _is_token_char(lowered[start - 1])) and not (end < endpos and _is_token_char(lowered[end])):
            yield start
        start = lowered.find(token, start + 1, endpos)


def _literal_positions(lowered: str, literals: Iterable[str], pos: int, endpos: int) -> Iterator[int]:
    for literal in literals:
        start = lowered.find(literal, pos, endpos)
        while start >= 0:
            yield start
            start = lowered.find(literal, start + 1, endpos)


_SKIPPABLE_PREFIX = 3  # a literal start of this many letters is rare enough for the engine to skip to


class PhraseCue(Cue):
    """A whole-word cue over literal phrases. Only the phrases whose trigger word the prompt holds are tried,
    each group as a small case-sensitive regex over the lowercased text (which lets the regex engine skip ahead
    on the phrases' first letters); spans are those of the original text."""

    __slots__ = ("groups", "cjk_regex")

    def __init__(self, phrases: Iterable[str]) -> None:
        grouped: dict[str, list[str]] = {}
        cjk_phrases: list[str] = []
        for phrase in phrases:
            lowered = phrase.lower()
            tokens = TOKEN.findall(lowered)
            if tokens and not _is_cjk(phrase):
                rare = [token for token in tokens if token not in _COMMON_WORDS] or tokens
                grouped.setdefault(max(rare, key=len), []).append(lowered)
            else:
                cjk_phrases.append(phrase)
        self.groups = {trigger: _phrase_group(trigger, group) for trigger, group in grouped.items()}
        self.cjk_regex = re.compile(alternation(cjk_phrases)) if cjk_phrases else None
        super().__init__(word_regex(phrases), grouped, cjk=cjk_phrases)

    def search(self, text: str, found: Probe, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match in text[pos:endpos] (`found` is the probe of the whole `text`)."""
        end = len(text) if endpos is None else endpos
        present = found.words & self.triggers
        # A CJK phrase is looked for only when the text holds it: a few substring tests cost less than running
        # the CJK alternation over a long text.
        use_cjk = found.cjk and bool(found.cjk_phrases(self.cjk))
        if not present and not use_cjk:
            return None
        lowered = found.lowered
        if len(lowered) != len(text):  # a character whose lowercase is longer: offsets would drift
            return self.regex.search(text, pos, end)
        best: re.Match[str] | None = None
        for trigger in present:
            if pos:  # (searched again past a match: kept)
                match = self._first_from(trigger, found, pos, end)
            else:
                pattern, needle, offsets, firsts = self.groups[trigger]
                match = _first_whole_word(pattern, needle, offsets, lowered, pos, end, firsts)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if use_cjk:
            match = self.cjk_regex.search(lowered, pos, end)  # type: ignore[union-attr]
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        return best

    def _first_from(self, trigger: str, found: Probe, pos: int, end: int) -> re.Match[str] | None:
        """The first match of the phrases of `trigger` in found.lowered[pos:end] (`_first_whole_word`), kept in the
        memo of `found` (from a position past the start only, where a search comes again): searched again past each
        exempt match, a trigger whose later occurrences open no phrase was read to the end of the text every time
        (quadratic in a long paste). A match found from an earlier `pos` that starts at or after this one is the
        first from here too."""
        memo = found.memo
        if memo is None:
            memo = found.memo = {}
        key = ("phrase", self, trigger, end)
        kept = memo.get(key)
        if isinstance(kept, tuple) and kept[0] <= pos and (kept[1] is None or kept[1].start() >= pos):
            return kept[1]
        pattern, needle, offsets, firsts = self.groups[trigger]
        match = _first_whole_word(pattern, needle, offsets, found.lowered, pos, end, firsts)
        memo[key] = (pos, match)
        return match


def _phrase_group(trigger: str, phrases: list[str]) -> tuple[re.Pattern[str], str, tuple[int, ...] | None, str]:
    """The regex of the lowercased `phrases` grouped under `trigger`, with the literal its matches are found from
    (`_first_whole_word`): the start the phrases share when they share one (offsets None: every match starts at
    it), else the trigger and its offsets in the phrases; and the phrases' first characters."""
    pattern = re.compile("(?:" + alternation(phrases) + r")(?![\w-])")
    firsts = "".join(sorted({phrase[0] for phrase in phrases}))
    shared = os.path.commonprefix(phrases)
    if len(shared) >= _SKIPPABLE_PREFIX:
        return pattern, shared, None, firsts
    return pattern, trigger, tuple(sorted({phrase.find(trigger) for phrase in phrases})), firsts


def _first_whole_word(pattern: re.Pattern[str], needle: str, offsets: tuple[int, ...] | None, lowered: str,
                      pos: int, endpos: int, firsts: str) -> re.Match[str] | None:
    """The first match that does not start inside a word (the lookbehind is checked here, not in the regex).

    With `offsets`, the phrases of `pattern` hold `needle` (their trigger) that many characters from their start:
    the pattern is tried only at those few starts before each occurrence of it, in order, instead of at every
    position where the engine finds one of the phrases' first letters, and only at a start holding one of `firsts`
    (the phrases' first characters: a match starts with one; most starts before a common trigger such as "answer"
    or "table" hold another, and a try costs ~20 times the test). Without, every match starts with `needle`
    (the phrases' shared start): the engine scans from its first occurrence only, found by `str.find` (which skips
    through a text several times as fast as the engine's scan for a literal start, and most texts holding a
    trigger word hold none of its phrases' starts)."""
    if offsets is None:
        start = lowered.find(needle, pos, endpos)
        match = pattern.search(lowered, start, endpos) if start >= 0 else None
        while match is not None and match.start() > 0 and (lowered[match.start() - 1].isalnum()
                                                           or lowered[match.start() - 1] in "_-"):
            match = pattern.search(lowered, match.start() + 1, endpos)
        return match
    farthest = offsets[-1]
    queued: set[int] = set()
    pending: list[int] = []  # (a heap) starts found, in order from the least: those before the next occurrence's
    # farthest start are tried before it is read, so a match near `pos` reads no further occurrences
    occurrence = lowered.find(needle, pos, endpos)
    while occurrence >= 0 or pending:
        following = lowered.find(needle, occurrence + 1, endpos) if occurrence >= 0 else -1
        for offset in offsets if occurrence >= 0 else ():
            if (start := occurrence - offset) not in queued:
                queued.add(start)
                heappush(pending, start)
        while pending and (following < 0 or pending[0] < following - farthest):
            start = heappop(pending)
            if start < pos or lowered[start] not in firsts or (
                    start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] in "_-")):
                continue
            match = pattern.match(lowered, start, endpos)
            if match is not None:
                return match
        occurrence = following
    return None


class LastPhrase:
    """Finds the *last* whole-word occurrence of any of many phrases by walking the text's tokens backwards and
    looking phrases up by their final token: no large alternation regex on the hot path."""

    __slots__ = ("by_last_token", "last_tokens")

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_last_token: dict[str, tuple[str, ...]] = {}
        grouped: dict[str, list[str]] = {}
        for phrase in phrases:
            lowered = phrase.lower()
            tokens = TOKEN.findall(lowered)
            if tokens and lowered.endswith(tokens[-1]):
                grouped.setdefault(tokens[-1], []).append(lowered)
        self.by_last_token = {token: tuple(sorted(group, key=len, reverse=True)) for token, group in grouped.items()}
        self.last_tokens = asked_words(self.by_last_token)  # a text without any of these holds no phrase

    def last(self, text: str, *, with_text_after: bool = False) -> tuple[int, int] | None:
        """Span of the last occurrence (optionally the last one that is followed by more text). Only the tokens that
        end a phrase are walked (a Python step per token of a long lead cost more than the rest): `TOKEN.findall`
        tells which occur, and their whole-token occurrences are those of the `TOKEN` matches that are one."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = text
        present = self.last_tokens.intersection(TOKEN.findall(lowered))
        if not present:
            return None
        for token_start, end in sorted(_token_spans(lowered, present, 0, len(lowered)), reverse=True):
            if (with_text_after and not lowered[end:].strip()) or lowered[end:end + 1] in ("_", "-") or lowered[
                    end:end + 1].isdigit():
                continue  # "NAME_1" is a placeholder, not the verb "name"
            for phrase in self.by_last_token[lowered[token_start:end]]:
                start = end - len(phrase)
                if start >= 0 and lowered.startswith(phrase, start) and (
                        start == 0 or not (lowered[start - 1].isalnum() or lowered[start - 1] in "_-")):
                    return start, end
        return None


class EndingRegex:
    """A regex every match of which ends its window: one of the characters `last`, then only whitespace to the
    window's end (`[:：]\\s*$` without MULTILINE; "$" also matches before a final line break, itself whitespace).
    Searched only in a window whose last character other than whitespace is one of them: led by \\b and a word, the
    regex is tried at every position of a line (~8 µs for 400 characters), and most lines end otherwise. The answer
    is the regex's in every case."""

    __slots__ = ("regex", "last")

    def __init__(self, regex: re.Pattern[str], last: str) -> None:
        if regex.flags & re.MULTILINE or not last or any(char.isspace() for char in last):
            raise ValueError("an ending regex needs a last character other than whitespace and no MULTILINE")
        self.regex = regex
        self.last = last

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`regex.search(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        ending = text[pos:end].rstrip()[-1:]
        return self.regex.search(text, pos, end) if ending and ending in self.last else None


class NeedleRegex:
    """A case-insensitive regex every match of which holds one of `needles` (lowercase literals) in the lowercased
    text, searched only when the window holds one: a few substring tests rule most windows out, where the regex
    alone would try every alternative at every position (~100 ns a character when it has no literal to skip to).
    The answer is the regex's in every case. A window holding a `CASE_STRANGERS` character (which the regex may
    match to a needle letter it does not lowercase to) goes to the regex."""

    __slots__ = ("regex", "leads", "ascii_leads")

    def __init__(self, regex: re.Pattern[str], needles: Iterable[str]) -> None:
        needles = set(needles)
        if "" in needles or any(needle != needle.lower() or _FOLDS_TO_ASCII.search(needle) or _SIGMAS.search(needle)
                                for needle in needles):
            raise ValueError("every needle must be a non-empty lowercase literal without a sigma")
        self.regex = regex
        self.leads = _least(needles)
        self.ascii_leads = _least({needle for needle in needles if needle.isascii()})  # all ASCII text can hold

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`regex.search(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        window = text[pos:end]
        if window.isascii() or not CASE_STRANGERS.search(window):
            lowered = window.lower()
            if not any(map(lowered.__contains__, self.ascii_leads if window.isascii() else self.leads)):
                return None
        return self.regex.search(text, pos, end)


class StartNeedleRegex(NeedleRegex):
    """A `NeedleRegex` every match of which starts where one of its needles does in the lowercased window, or at
    one of `articles` followed by whitespace and a needle ("a summary of"): the regex is tried only at those starts
    (`regex.match`, leftmost first), where `search` would try every position of the window (a regex led by \\b has
    no literal prefix to skip to). The answer is the regex's in every case; a window holding a `CASE_STRANGERS`
    character goes to the regex."""

    __slots__ = ("starts", "articles", "alone")

    def __init__(self, regex: re.Pattern[str], needles: Iterable[str], articles: Iterable[str] = ()) -> None:
        needles = set(needles)
        super().__init__(regex, needles)
        self.starts = tuple(sorted(needles))
        self.articles = tuple(articles)
        self.alone = StartNeedleAlternation((self,))

    def search(self, text: str, pos: int = 0, endpos: int | None = None, *,
               found: Probe | None = None) -> re.Match[str] | None:
        """`regex.search(text, pos, endpos)` (`found`: the probe of `text`, when the caller has it)."""
        return self.alone.search(text, pos, len(text) if endpos is None else endpos, found)

    def starts_in(self, lowered: str, most: int, low: int = 0, high: int | None = None) -> set[int] | None:
        """Where a match may start in `lowered` (a window from `lowered_alike`): at each needle starting in
        lowered[low:high], and at each article that only whitespace parts from one; None once they are more than
        `most`. (The blanks before a needle are walked back, character by character, only for a regex with articles:
        100,000 blanks before a needle took 20 ms a needle.)"""
        starts = set()
        articles = self.articles
        high = len(lowered) if high is None else high
        whole = low == 0 and high >= len(lowered)  # (then the needles it lacks are skipped in C)
        for needle in filter(lowered.__contains__, self.starts) if whole else self.starts:
            stop = len(lowered) if whole else high + len(needle) - 1  # (a needle starting before `high`)
            at = lowered.find(needle, low, stop)
            while at >= 0:
                starts.add(at)
                if articles:
                    before = at
                    while before > 0 and lowered[before - 1].isspace():
                        before -= 1
                    if before < at:
                        starts.update(before - len(article) for article in articles
                                      if lowered.endswith(article, 0, before))
                if len(starts) > most:
                    return None
                at = lowered.find(needle, at + 1, stop)
        return starts


# Tries more frequent than one every this many characters cost more than the regex's scan of the window.
_CHARS_A_TRY = 4
_FIRST_CHUNK = 4_096  # characters of a window tried first (`StartNeedleAlternation.search`)


class StartNeedleAlternation:
    """`StartNeedleRegex`es searched as the one regex of their alternation would be: the leftmost match of any of
    them (the earlier on a tie), each tried only where its own literals start, in a window lowercased once for all;
    a window holding none of their needles is done at once."""

    __slots__ = ("shapes", "needles", "ascii_needles", "articles")

    def __init__(self, shapes: Iterable[StartNeedleRegex]) -> None:
        self.shapes = tuple(shapes)
        self.articles = any(shape.articles for shape in self.shapes)
        needles = {needle for shape in self.shapes for needle in shape.starts}
        # (a window holding a needle holds one of those holding no other; an ASCII window holds only ASCII ones)
        self.needles = _least(needles)
        self.ascii_needles = _least({needle for needle in needles if needle.isascii()})

    def search(self, text: str, pos: int, end: int, found: Probe | None = None) -> re.Match[str] | None:
        """The alternation's `search(text, pos, end)` (`found`: the probe of `text`, when the caller has it: the
        window's lowercase is sliced off the prompt's, which spares lowercasing it again)."""
        window = lowered_alike(text[pos:end], found.lowered[pos:end] if found is not None
                               and len(found.lowered) == len(text) else None, found)
        if window is None:
            return self._searched(text, pos, end)
        if len(window) <= _FIRST_CHUNK and not any(map(window.__contains__,
                                                       self.ascii_needles if window.isascii() else self.needles)):
            return None  # (a longer window is tried a chunk at a time, where a needle it lacks is looked for anyway)
        # A long window is tried a chunk at a time, each twice the last (no match starts in a chunk before the one
        # tried): a match near its start is found without finding every needle of the rest. (Not with articles, whose
        # start may stand in the chunk before their needle's.)
        low, size = 0, _FIRST_CHUNK if not self.articles else len(window)
        while low < len(window):
            high = min(len(window), low + size)
            tries = self.tries_in(window, low, high)
            if tries is None:
                return self._searched(text, pos + low, end)
            for start, index in sorted(tries):
                match = self.shapes[index].regex.match(text, pos + start, end)
                if match is not None:
                    return match
            low, size = high, size * 2
        return None

    def _searched(self, text: str, pos: int, end: int) -> re.Match[str] | None:
        """The leftmost match of the regexes themselves in text[pos:end] (the earlier shape's on a tie)."""
        best = None
        for shape in self.shapes:
            match = shape.regex.search(text, pos, end)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        return best

    def tries_in(self, window: str, low: int = 0, high: int | None = None) -> list[tuple[int, int]] | None:
        """(start, shape index) of each try starting in window[low:high] (`window` lowercased); None where there are
        more than one every `_CHARS_A_TRY` characters, and the regexes' own scan costs less than a try at each ("等" x
        100,000 took 90 ms tried one by one, 0.1 ms searched by the regex, which matched at once)."""
        high = len(window) if high is None else high
        most = (high - low) // _CHARS_A_TRY
        tries = []
        for index, shape in enumerate(self.shapes):
            starts = shape.starts_in(window, most - len(tries), low, high)
            if starts is None:
                return None
            tries.extend((start, index) for start in starts)
        return tries


class LiteralLed:
    """A regex led by a class of literal characters (`[:：][ \t]*\n`) or by an alternation of literals, searched as
    one regex per literal: each opens with its literal, which the engine skips to, after `str.find` has found its
    first occurrence (a literal the text does not hold costs nothing more). Worth it where the regex has no first
    character the engine can skip to (an alternation whose first alternative opens with a class, a class holding a
    character outside Latin-1 before the rest): then it is tried at every position of a long text. No literal is a
    prefix of another, so no two alternatives start at the same position: the leftmost match of any of them is the
    regex's. `alternatives`: (literal, the rest of the regex)."""

    __slots__ = ("alternatives",)

    def __init__(self, alternatives: Iterable[tuple[str, str]], flags: int = 0) -> None:
        alternatives = tuple(alternatives)
        literals = [literal for literal, _ in alternatives]
        if "" in literals or flags & re.IGNORECASE or any(
                other != literal and other.startswith(literal) for literal in literals for other in literals) or len(
                set(literals)) < len(literals):
            raise ValueError("each alternative needs its own literal, a prefix of no other (case-sensitive)")
        self.alternatives = tuple((literal, re.compile(re.escape(literal) + rest, flags))
                                  for literal, rest in alternatives)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The regex's `search(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        best: re.Match[str] | None = None
        for literal, pattern in self.alternatives:
            at = text.find(literal, pos, end if best is None else best.start() + len(literal) - 1)
            if at >= 0:
                match = pattern.search(text, at, end)
                if match is not None and (best is None or match.start() < best.start()):
                    best = match
        return best


class BlankLed:
    """A regex whose alternatives may open with a run of blanks (`\\s+`, `\\s*`, `[ \\t]+`), searched reading each
    run once: the plain regex is tried where the search starts, then a guarded one, in which the alternatives a run
    opens match only where a run starts (`(?<!\\s)` or `(?<![ \\t])` before them). Why: from every position of a long
    run the plain search read the rest of the run before failing (quadratic: a run of 2,000 pasted blank lines
    took 2.6 s in `extraction._LIST_END`). The match is the plain regex's: one starting inside a run, past where the
    search starts, would start where the run starts too (the run reaches the same end), which is further left.
    `alternatives` in the plain regex's order; a pattern that can match the empty string is refused."""

    __slots__ = ("plain", "guarded")

    _LEADS = ((r"\s", r"(?<!\s)"), (r"[ \t]", r"(?<![ \t])"), ("[ \t]", r"(?<![ \t])"))  # (a tab written either way)

    def __init__(self, alternatives: Iterable[str], flags: int = 0) -> None:
        alternatives = tuple(alternatives)
        self.plain = re.compile("|".join(alternatives), flags)
        self.guarded = re.compile("|".join(next((guard + alternative for lead, guard in self._LEADS
                                                 if alternative.startswith(lead)), alternative)
                                           for alternative in alternatives), flags)
        if self.plain.match(""):
            raise ValueError("a pattern that matches the empty string has no run to read once")
        if self.guarded.pattern == self.plain.pattern:
            raise ValueError("no alternative opens with a run of blanks (\\s or [ \\t]): nothing to guard")

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The plain regex's `search(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        return self.plain.match(text, pos, end) or self.guarded.search(text, pos, end)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The plain regex's `finditer(text, pos, endpos)` (no match is empty: each search starts where one ended)."""
        end = len(text) if endpos is None else endpos
        while (match := self.search(text, pos, end)) is not None:
            yield match
            pos = match.end()


class LiteralGated:
    """A regex every match of which holds one of `literals` in what it reads (not in a lookaround), searched only in
    a window holding one: `str.find` skips through a text where the regex, opening with an anchor or a class
    ("^[ \t]*(```|~~~|-{3,})"), is tried at every position. The answer is the regex's in every case. A
    case-insensitive regex takes only literals of caseless characters ("[")."""

    __slots__ = ("regex", "literals")

    def __init__(self, regex: re.Pattern[str], literals: Iterable[str]) -> None:
        self.literals = tuple(literals)
        if not self.literals or "" in self.literals or regex.flags & re.IGNORECASE and any(
                char.lower() != char or char.upper() != char for literal in self.literals for char in literal):
            raise ValueError("a gated regex needs literals, none of them empty, caseless where it ignores case")
        self.regex = regex

    def _holds(self, text: str, pos: int, end: int) -> bool:
        return any(text.find(literal, pos, end) >= 0 for literal in self.literals)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`regex.search(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        return self.regex.search(text, pos, end) if self._holds(text, pos, end) else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """`regex.finditer(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        return self.regex.finditer(text, pos, end) if self._holds(text, pos, end) else iter(())

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`regex.match(text, pos, endpos)` (anchored: tried once, not gated)."""
        return self.regex.match(text, pos, len(text) if endpos is None else endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`regex.fullmatch(text, pos, endpos)` (anchored: tried once, not gated)."""
        return self.regex.fullmatch(text, pos, len(text) if endpos is None else endpos)


Opener = tuple[int, int, tuple[re.Pattern[str], ...]]


def lazily_closed(regex: re.Pattern[str], text: str, openers: Iterable[Opener]) -> Iterator[re.Match[str]]:
    """`regex.finditer(text)` for a regex of an opener, any text (lazily) and the first closer the opener names, in
    time linear in the text: the regex's own scan read to the end of the text from every opener never closed (a paste
    of hundreds of them: quadratic). `openers` yields, in text order, each place the regex may match: its start, where
    the text after the opener starts and the closers it may end with, in the order the regex tries them (each a
    regex whose first match from there ends the block). Each answer is `regex`'s own match, bounded by its closer."""
    first_close: dict[re.Pattern[str], re.Match[str] | None] = {}
    position = 0
    for start, text_start, closers in openers:
        if start < position:
            continue  # inside the block before
        for closer in closers:
            close = first_close.get(closer)
            if closer not in first_close or (close is not None and close.start() < text_start):
                close = first_close[closer] = closer.search(text, text_start)  # (a later text_start: later or none)
            if close is not None:
                match = regex.match(text, start, close.end())
                if match is not None:
                    yield match
                    position = match.end()
                break


def lowered_alike(window: str, lowered: str | None = None, found: Probe | None = None) -> str | None:
    """`window` lowercased (`lowered` when the caller has it, sliced off a prompt's lowercase of the same length),
    character for character, where a case-insensitive regex matches a lowercase needle only where the lowercased
    window holds it; None for a window holding a `CASE_STRANGERS` character. `found`: the probe of a text the
    window is part of, when the caller has it: a window of a text without a stranger is not searched for one."""
    if lowered is None:
        lowered = window.lower()
    if (not window.isascii() and (found is None or found.strangers) and CASE_STRANGERS.search(window)) or len(
            lowered) != len(window):
        return None
    return lowered


class LeadCue(StartNeedleRegex):
    """A case-insensitive regex of `phrases` (regexes that each start with a literal word, matched from a word
    boundary) and of `literals` (regexes that start with a literal, such as CJK words): the literal start (the
    lead) of each is its needle, and every match starts at one, so it is tried only there (`ROLE_PLAY` is searched
    over the rest of a long prompt opening with a role set-up: the regex's own scan of 100,000 characters took 6 ms)."""

    __slots__ = ()

    def __init__(self, phrases: Iterable[str], literals: Iterable[str] = ()) -> None:
        phrases, literals = tuple(phrases), tuple(literals)
        leads = {_lead(regex) for regex in (*phrases, *literals)}
        if "" in leads:
            raise ValueError("every phrase and literal needs a lowercase literal lead")
        super().__init__(re.compile(r"\b(?:" + "|".join(phrases) + ")" + "".join("|" + literal for literal in literals),
                                    re.IGNORECASE), leads)


def literal_characters(alternation_regex: str) -> tuple[frozenset[str], ...]:
    """For each alternative of `alternation_regex` (optionally in one "(?:...)"), the characters every match of it
    holds: alternatives of literal characters (such as CJK words), optionally with `\\s?` between them. A text
    whose characters include none of these sets in full holds no match, which a probe's `chars` tells without a
    scan."""
    body = alternation_regex[3:-1] if alternation_regex.startswith("(?:") and alternation_regex.endswith(")") else (
        alternation_regex)
    alternatives = [alternative.replace(r"\s?", "") for alternative in body.split("|")]
    if any(not alternative or any(char in "\\()[]{}.^$*+?|" for char in alternative) for alternative in alternatives):
        raise ValueError("every alternative needs literal characters only (and optional spaces)")
    return tuple(frozenset(cjk_checked(alternative)) for alternative in alternatives)


def _least(leads: set[str]) -> tuple[str, ...]:
    """The leads that hold no other lead: a text holding one of the others holds one of these."""
    return tuple(sorted(lead for lead in leads if not any(other != lead and other in lead for other in leads)))


def _lead(regex: str) -> str:
    """The literal start every match of a phrase regex begins with ("" when it has none): its first letters,
    spaces, apostrophes, commas and hyphens, without a last one a quantifier makes optional; none when the regex
    has an alternative of its own outside a group."""
    lead = _LEAD_CHARS.match(regex).group(0)  # type: ignore[union-attr]
    if _has_top_level_bar(regex):
        return ""
    return lead[:-1] if regex[len(lead):len(lead) + 1] in ("?", "*", "{") else lead


def _has_top_level_bar(regex: str) -> bool:
    depth, index, in_class = 0, 0, False
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
        index += 1
    return False


_LEAD_CHARS = re.compile(r"(?:[^\W\d_]|[' ,-])*")
# Characters a case-insensitive regex matches to a Latin or Cyrillic letter although their lowercase is not that
# letter (dotted and dotless i, long s, old forms of Cyrillic letters): a test of lowercased text could miss them.
CASE_STRANGERS = re.compile("[İıſ\u1c80-\u1c88]")
_STRANGER_CHARS = frozenset("İıſ" + "".join(map(chr, range(0x1C80, 0x1C89))))  # the characters of the class
_FOLDS_TO_ASCII = re.compile("[İıſK]")  # the non-ASCII characters an ASCII letter matches case-insensitively
# "Σ" lowercases to "ς" or "σ" by its neighbours, so a window's lowercase (or the prompt's, sliced) may hold the other
# sigma than a needle where the regex matches: no needle may hold one.
_SIGMAS = re.compile("[σς]")


# Words too frequent to be a good trigger: a phrase is triggered by its longest *other* word.
_COMMON_WORDS = frozenset({
    "the", "them", "they", "these", "this", "that", "those", "into", "with", "from", "each", "one", "all", "and",
    "then", "than", "what", "which", "your", "you", "have", "after", "before", "first", "last", "list", "other",
    "of", "in", "on", "to", "for", "it", "is", "are", "los", "las", "les", "des", "del", "die", "der", "das",
    "und", "les", "une", "una", "uma", "che", "que", "qui", "para", "pour", "dans", "con", "com", "mit",
})


def phrase_cue(phrases: Iterable[str]) -> PhraseCue:
    return PhraseCue(phrases)

