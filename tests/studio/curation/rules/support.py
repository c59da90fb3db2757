"""Shared checks for the rule-family tests: the extractor followed by the validator, as curation runs them."""

from __future__ import annotations

from store.models import Schema
from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema


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
