"""Singular templates: the prompt with "7 catchy slogans" replaced by "a catchy slogan", so that each branch asks
for one item (best effort outside en/es/fr/it/pt)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from studio.curation.lexicon.numbers import JA_NATIVE, ONE_WORD
from studio.curation.lexicon.words import EN_IRREGULAR, EN_NOUN_PHRASE_ENDS, FEMININE_ENDINGS, PLURAL_ONLY_MODIFIERS

if TYPE_CHECKING:
    from studio.curation.rules.counts import Count

def _singular_en(word: str) -> str:
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]  # "FAQs", "KPIs"
    lowered = word.lower()
    if lowered in EN_IRREGULAR:
        singular = EN_IRREGULAR[lowered]
    elif lowered.endswith("ies") and len(lowered) > 4:
        singular = lowered[:-3] + "y"
    elif lowered.endswith(("sses", "xes", "ches", "shes", "zzes")):
        singular = lowered[:-2]
    elif lowered.endswith("s") and not lowered.endswith(("ss", "us", "is")):
        singular = lowered[:-1]
    else:
        return word
    return singular.capitalize() if word[:1].isupper() else singular


def _singular_romance(word: str, language: str) -> str:
    lowered = word.lower()
    if language == "pt" and lowered.endswith("ões"):
        return word[:-3] + "ão"
    if language == "fr" and lowered.endswith("aux"):
        return word[:-3] + "al"
    if language == "es" and lowered.endswith("ciones"):
        return word[:-6] + "ción"
    if (language == "es" and lowered.endswith(("res", "les", "nes", "des")) and len(lowered) > 4
            and lowered[-4] in "aeiouáéíóú"):
        return word[:-2]
    if language == "es" and lowered.endswith("ses") and len(lowered) > 4 and lowered[-4] in "áéíóú":
        return word[:-2]  # "países": "país"
    if language == "it":
        if lowered.endswith("i") and len(lowered) > 3:
            return word[:-1] + "o"
        if lowered.endswith("e") and len(lowered) > 3:
            return word[:-1] + "a"
        return word
    if lowered.endswith(("s", "x")) and len(lowered) > 3:
        return word[:-1]
    return word




def _article(language: str | None, noun: str) -> str:
    if language in ("es", "fr", "it", "pt"):
        feminine = noun.lower().endswith(FEMININE_ENDINGS) or (language == "fr" and noun.lower().endswith("e"))
        return {"es": ("un", "una"), "fr": ("un", "une"), "it": ("un", "una"), "pt": ("um", "uma")}[
            language][feminine]
    return ONE_WORD.get(language or "", "")


_ANOTHER = re.compile(r"\banother\s+$", re.IGNORECASE)


def singular_template(text: str, count: Count, language: str | None) -> str:
    """The prompt with "7 catchy slogans" replaced by "a catchy slogan" (best effort outside en/es/fr/it/pt)."""
    if count.rule == "count.cjk":
        token = text[count.span[0]:count.span[1]]
        if token in JA_NATIVE:
            one = "ひとつ" if not token.endswith("つ") or token[0] in "ふみよいむなやこと" else "一つ"
        elif re.fullmatch(r"[\uac00-\ud7af]+", token):
            one = "한"
        else:
            one = "1" if token.isdigit() or token.translate(str.maketrans("０１２３４５６７８９", "0123456789")
                                                            ).isdigit() else "一"
        return text[:count.span[0]] + one + text[count.span[1]:]
    if count.rule == "count.sized":  # "a 10-question quiz" -> "a 1-question quiz"
        return text[:count.span[0]] + "1" + text[count.span[1]:]
    if count.rule == "count.ways":  # "Rewrite it in 3 different ways" -> "Rewrite it"
        return text[:count.phrase_span[0]].rstrip(" \t") + text[count.phrase_span[1]:]
    if count.dropped is not None:  # a bare count ("some story ideas for me - six of them"): its words go
        before, after = text[:count.dropped[0]], text[count.dropped[1]:]
        if not count.phrase:
            return before + "another one" + after
        text = (before.rstrip(" \t") if not after.strip() or after[:1] in ".,;!?" else before) + after
    words = [w for w in count.phrase if w.lower() not in PLURAL_ONLY_MODIFIERS]
    guess = language if language in ("es", "fr", "it", "pt") else (language or "en")
    english = guess == "en" or (language is None and text.isascii())
    if not words and english and count.phrase[-1].lower() == "more":  # "give me 5 more" -> "give me one more"
        return text[:count.phrase_span[0]] + " ".join(["one", *count.phrase]) + text[count.phrase_span[1]:]
    words = words or count.phrase
    if english:
        # the noun ends the noun phrase, which the phrase may read on past ("three different positions regarding
        # the", "10 more unique names never"); after "another" no article ("another 10 variations")
        head = next((index - 1 for index, word in enumerate(words) if index and word.lower() in EN_NOUN_PHRASE_ENDS),
                    len(words) - 1)
        singular = [*words[:head], _singular_en(words[head]), *words[head + 1:]]
        article = "" if _ANOTHER.search(text, 0, count.phrase_span[0]) or singular[0].lower() == "one" else (
            "an" if singular[0][:1].lower() in "aeiou" else "a")  # ("5 additional ones": "one")
    elif guess in ("es", "fr", "it", "pt"):
        singular = [_singular_romance(w, guess) for w in words]
        article = _article(guess, singular[0])
    else:
        singular = words
        article = ONE_WORD.get(guess, "1")
    phrase = " ".join([article, *singular] if article else singular)
    return text[:count.phrase_span[0]] + phrase + text[count.phrase_span[1]:]

