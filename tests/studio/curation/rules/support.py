"""Shared checks for the rule-family tests: the extractor followed by the validator, as curation runs them."""

from __future__ import annotations

from store.models import Schema
from studio.curation.rules import extract_rules
from studio.curation.validator import structural_validation, validate_schema


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
