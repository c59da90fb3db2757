"""Fields or entity types to extract from a text."""

from __future__ import annotations

import pytest

from tests.studio.curation.rules.support import accepted


@pytest.mark.parametrize(("text", "items", "category"), [
    ("Extract the salary, location and contract type from this job ad: We hire a senior engineer in Berlin, "
     "80k EUR, permanent contract.", ["salary", "location", "contract type"], "Keyword Extraction"),
    ("Identifica las personas, organizaciones y lugares en este texto: Ana García visitó la sede de la ONU "
     "en Ginebra.", ["personas", "organizaciones", "lugares"], "Named Entity Recognition"),
    ("请找出下面句子中的人名、地名和机构名：昨天，张伟在北京参观了清华大学。", ["人名", "地名", "机构名"],
     "Named Entity Recognition"),
    ("Extract the company name, job title and salary range from this job posting: Acme Corp is hiring a Senior "
     "Backend Engineer. The role pays between $140,000 and $170,000 per year and is fully remote.",
     ["company name", "job title", "salary range"], "Keyword Extraction"),
])
def test_field_lists(text: str, items: list[str], category: str) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == category and schema.context
    assert schema.template.startswith("{context}")


def test_fields_start_after_the_extraction_verb() -> None:
    text = ("From the report below, pull out the budget, the deadline and the project owner.\n\n"
            "The bridge repair has a budget of 2 million euros, must finish by March, and is led by the city.")
    assert accepted(text).data == ["the budget", "the deadline", "the project owner"]
