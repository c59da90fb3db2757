"""Prompts in the shapes programs and prompt-engineering users send to chat endpoints (agent and tool prompts,
retrieval templates, factual-consistency checks, judge prompts, JSON extraction, fenced texts), with counted requests
and single tasks holding lists or several "?", hand-written in session 31 (`api_templates.jsonl`; the templates
paraphrased, so that none is a copy of a real prompt). None of our real collections holds these shapes (67,589 real prompts: no decision
moved when the rules learned them), so these cases are the only guard of the decisions on them. A unit-test fixture,
not evidence of precision or recall. The known misses are strict xfails: a fix must move them out of the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

_CASES = [json.loads(line) for line in
          (Path(__file__).parent / "api_templates.jsonl").read_text(encoding="utf-8").split("\n") if line.strip()]
# Missed, and why (docs/curation.md, "API-style templates"): left for a later round.
_KNOWN_MISSES = {
    "probe31-53": "the capital, population and official language of one country: facets of one thing",
    "probe31b-13": "one paragraph of statements before the questions: h31-para failed rule 1",
    "probe31b-14": "a role set-up ('You are an information extraction system') is refused before the fields",
}


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case["pid"], marks=[pytest.mark.xfail(strict=True, reason=_KNOWN_MISSES[case["pid"]])]
                 if case["pid"] in _KNOWN_MISSES else [])
    for case in _CASES])
def test_api_style_template_decisions(case: dict[str, object]) -> None:
    """Rules plus the shipped gate, as `ppstudio curate` decides: accepted (`high`/`medium`) exactly when the prompt
    is parallelizable."""
    text = str(case["prompt"])
    schema = validate_schema(extract_rules(text, language="en"), text)
    accepted = schema.parallelizable and schema.tier in ("high", "medium")
    assert accepted == case["parallelizable"], schema.reasons
