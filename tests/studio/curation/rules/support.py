"""Shared checks for the rule-family tests: the extractor followed by the validator, as curation runs them."""

from __future__ import annotations

import re

from store.models import Schema
from studio.curation.rules import extract_rules
from studio.curation.validator import structural_validation, validate_schema

# `quizzes._LABEL_AND_NUMBER`, which the rules search as `LiteralLed`, as one regex: the oracle of its tests.
LABEL_AND_NUMBER = re.compile(r"(?:q|question|pertanyaan|pregunta|frage)\s*+#?\s*+\d")


def accepted(text: str, language: str | None = None) -> Schema:
    """The validated schema of `text`, which must be parallelizable and accepted (tier high or medium)."""
    schema = validate_schema(extract_rules(text, language=language), text)
    assert schema.parallelizable and schema.tier in ("high", "medium"), schema.reasons
    return schema


def rejected(text: str, language: str | None = None) -> Schema:
    """The validated schema of `text`, which must not be an accepted parallel decomposition."""
    schema = validate_schema(extract_rules(text, language=language), text)
    assert not (schema.parallelizable and schema.tier != "low"), schema
    return schema


def proposed(text: str, language: str | None = None) -> Schema:
    """The schema of `text` after the rules and the structural validator alone (no learned gate), which must be a
    parallel decomposition in tier high or medium: what a rule change decides, whatever the gate learns later."""
    schema = structural_validation(extract_rules(text, language=language), text)
    assert schema.parallelizable and schema.tier in ("high", "medium"), schema.reasons
    return schema


def not_proposed(text: str, language: str | None = None) -> Schema:
    """The schema of `text` after the rules and the structural validator alone, which must make no high or medium
    proposal: what a refusal in the rules decides, whatever the gate would add."""
    schema = structural_validation(extract_rules(text, language=language), text)
    assert not (schema.parallelizable and schema.tier in ("high", "medium")), schema
    return schema


def plain_form(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""`pattern` as written before session 24's linear rewrites: a run of blanks matched only from where it starts
    (`(?:(?<!\s)\s+)?`, `(?<!\s)`) back to a plain `\s*` or run, possessive runs (`*+`, `++`) back to greedy ones."""
    plain = pattern.pattern.replace("(?:(?<!\\s)\\s+)?", "\\s*").replace("(?<!\\s)", "")
    return re.compile(plain.replace("*+", "*").replace("++", "+"), pattern.flags)


def assert_matches_alike(ours: re.Pattern[str], theirs: re.Pattern[str], text: str, *, search: bool = False) -> None:
    """`ours` (a rewrite that reads runs once: possessive, or starting only where a run starts) finds in `text` what
    `theirs`, the plain pattern, finds: the same span and groups, as a match at every position or, with `search`, as
    a search from 0 (all the rules ask of a pattern that starts only where a run starts)."""
    assert ours.pattern != theirs.pattern

    def seen(match: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None], tuple[str | None, ...]] | None:
        return match and (match.span(), match.groupdict(), match.groups())

    if search:
        assert seen(ours.search(text)) == seen(theirs.search(text))
        return
    for position in range(len(text) + 1):
        assert seen(ours.match(text, position)) == seen(theirs.match(text, position))
