"""Curating a store: resumable, validated, de-anonymised, summarised."""

from __future__ import annotations

import json

import httpx2
import pytest
from openai import AsyncOpenAI

from store import Store
from store.models import Prompt, PromptFilter, Schema
from studio.backends.base import Endpoint
from studio.curation.pipeline import RELEASE_EXTRACTOR, curate_store
from studio.curation.tiers import ACCEPT_CUTS, DEFAULT_CUT

PROMPTS = [
    Prompt(text="Give me 7 catchy slogans for a vegan bakery in Brooklyn.", source="lmsys", language="en"),
    Prompt(text="Translate into French:\n1. Good morning\n2. Where is the station?\n3. Thank you very much",
           source="lmsys", language="en"),
    Prompt(text="What is the capital of Australia?", source="wildchat", language="en"),
    Prompt(text="Write a short story about NAME_1 and NAME_2 at the beach.", source="lmsys", language="en"),
    Prompt(text="Schreib mir zehn kurze Sprüche für Geburtstagskarten.", source="wildchat", language="de"),
]


def stored(store: Store, extractor: str) -> list[Schema]:
    return [schema for prompt in PROMPTS for schema in store.schemas_for(prompt.id) if schema.extractor == extractor]


def test_rules_curation_is_validated_summarised_and_resumable(store: Store) -> None:
    store.add_prompts(PROMPTS)
    seen: list[tuple[str, int, int]] = []
    summary = curate_store(store, ["rules"], progress=lambda *args: seen.append(args))
    schemas = stored(store, "rules")
    assert summary.curated["rules"] == len(PROMPTS) == len(schemas)
    assert summary.scanned == len(PROMPTS) and summary.skipped["rules"] == 0
    assert seen[-1] == ("rules", len(PROMPTS), len(PROMPTS))
    assert all(schema.tier is not None for schema in schemas)  # every schema went through the validator
    assert all(schema.decomposition_ms is not None and schema.decomposition_ms < 1000 for schema in schemas)
    assert sum(summary.by_tier.values()) == len(PROMPTS)
    accepted = [s for s in schemas if s.parallelizable and s.tier in ACCEPT_CUTS[DEFAULT_CUT] and s.error is None]
    assert summary.accepted == len(accepted)
    assert sum(summary.by_category.values()) == len(accepted)
    slogans = store.schemas_for(PROMPTS[0].id)[0]
    assert slogans.parallelizable and slogans.n == 7 and slogans.tier in ACCEPT_CUTS[DEFAULT_CUT]
    assert not store.schemas_for(PROMPTS[2].id)[0].parallelizable
    assert all("NAME_" not in (schema.serial or "") for schema in schemas)  # de-anonymised
    assert json.loads(json.dumps(summary.to_json()))["curated"] == {"rules": len(PROMPTS)}

    again = curate_store(store, ["rules"])
    assert again.curated["rules"] == 0 and again.skipped["rules"] == len(PROMPTS)
    assert len(stored(store, "rules")) == len(PROMPTS)


def test_limit_and_where_select_what_is_curated(store: Store) -> None:
    store.add_prompts(PROMPTS)
    first = curate_store(store, ["rules"], where=PromptFilter(source="lmsys"), limit=2)
    assert first.curated["rules"] == 2
    rest = curate_store(store, ["rules"], where=PromptFilter(source="lmsys"))
    assert rest.curated["rules"] == 1 and rest.skipped["rules"] == 2
    assert {s.prompt_id for s in stored(store, "rules")} == {p.id for p in PROMPTS if p.source == "lmsys"}


def test_release_schemas_without_a_tier_are_validated(store: Store) -> None:
    store.add_prompts(PROMPTS[:1])
    store.add_schema(Schema(prompt_id=PROMPTS[0].id, extractor=RELEASE_EXTRACTOR, extractor_version="1",
                            parallelizable=True, category="Repeated Generation", serial=PROMPTS[0].text,
                            template="Give me a catchy slogan for a vegan bakery in Brooklyn.", n=7))
    summary = curate_store(store, ["rules"])
    assert summary.release_validated == 1
    release = [s for s in store.schemas_for(PROMPTS[0].id) if s.extractor == RELEASE_EXTRACTOR]
    assert len(release) == 1 and release[0].tier is not None
    assert curate_store(store, ["rules"]).release_validated == 0


def test_llm_curation_records_model_cost_errors_and_names(store: Store) -> None:
    store.add_prompts(PROMPTS)
    answers = {
        PROMPTS[0].text: {"parallelizable": True, "category": "Repeated Generation", "novel_category": False,
                          "data": None, "n": 7, "context": None, "dependency": "none",
                          "template": "Give me a catchy slogan for a vegan bakery in Brooklyn."},
        PROMPTS[3].text: {"parallelizable": False, "category": None, "novel_category": False, "data": None,
                          "n": None, "context": None, "template": None, "dependency": "none"},
    }

    def handler(request: httpx2.Request) -> httpx2.Response:
        prompt = json.loads(request.content)["messages"][1]["content"]
        content = json.dumps(answers[prompt]) if prompt in answers else "Sorry, I do not know."
        return httpx2.Response(200, json={"id": "c", "object": "chat.completion", "created": 0, "model": "m",
                                          "choices": [{"index": 0, "finish_reason": "stop",
                                                       "message": {"role": "assistant", "content": content}}]})

    def client() -> AsyncOpenAI:
        return AsyncOpenAI(base_url="http://llm.test/v1", api_key="k", max_retries=0,
                           http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))

    endpoint = Endpoint(base_url="http://llm.test/v1", model="mock-1", label="test")
    summary = curate_store(store, ["llm"], endpoint=endpoint, llm_client=client(), concurrency=2)
    schemas = {s.prompt_id: s for s in stored(store, "llm")}
    assert summary.curated["llm"] == len(PROMPTS) and summary.errors["llm"] == 3
    assert summary.error_reasons == {"unparseable answer (no JSON object)": 3}
    assert all(s.model == "mock-1" and s.decomposition_ms is not None and s.tier for s in schemas.values())
    slogans = schemas[PROMPTS[0].id]
    assert slogans.parallelizable and slogans.n == 7 and slogans.error is None
    failed = schemas[PROMPTS[2].id]
    assert failed.error is not None and not failed.parallelizable
    assert "NAME_" not in (schemas[PROMPTS[3].id].serial or "")

    answers[PROMPTS[2].text] = answers[PROMPTS[3].text]  # the model now answers one of the failed prompts
    assert curate_store(store, ["llm"], endpoint=endpoint, llm_client=client()).curated["llm"] == 0
    retried = curate_store(store, ["llm"], endpoint=endpoint, llm_client=client(), retry_errors=True)
    assert retried.curated["llm"] == 3 and retried.skipped["llm"] == 2 and retried.errors["llm"] == 2
    fixed = [s for s in store.schemas_for(PROMPTS[2].id) if s.extractor == "llm"]
    assert len(fixed) == 1 and fixed[0].error is None


def test_llm_curation_counts_the_requests_it_retried(store: Store) -> None:
    """A flaky endpoint is said, not hidden: each transient failure that a retry then got past is counted by reason
    in the summary (and its --json), though every prompt ends curated."""
    store.add_prompts(PROMPTS[:2])
    answer = json.dumps({"parallelizable": False, "category": None, "novel_category": False, "data": None,
                         "n": None, "context": None, "template": None, "dependency": "none"})
    calls: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        prompt = json.loads(request.content)["messages"][1]["content"]
        calls.append(prompt)
        if calls.count(prompt) == 1:  # each prompt's first call: busy, try again at once
            return httpx2.Response(503, json={"error": {"message": "overloaded"}}, headers={"Retry-After": "0"})
        return httpx2.Response(200, json={"id": "c", "object": "chat.completion", "created": 0, "model": "m",
                                          "choices": [{"index": 0, "finish_reason": "stop",
                                                       "message": {"role": "assistant", "content": answer}}]})

    client = AsyncOpenAI(base_url="http://llm.test/v1", api_key="k", max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
    endpoint = Endpoint(base_url="http://llm.test/v1", model="mock-1", label="test")
    summary = curate_store(store, ["llm"], endpoint=endpoint, llm_client=client, concurrency=2)
    assert summary.curated["llm"] == 2 and summary.errors["llm"] == 0
    assert sum(summary.retried.values()) == 2 and len(calls) == 4
    document = summary.to_json()
    assert document["retries"] == 2 and sum(document["retry_reasons"].values()) == 2
    assert all("503" in reason for reason in document["retry_reasons"])


@pytest.mark.slow
def test_llm_curation_on_the_embedded_engine(store: Store, embedded_endpoint: Endpoint) -> None:
    """SmolLM2-135M is weak: only that the run completes and every result is validated or a recorded error."""
    store.add_prompts(PROMPTS[:3])
    summary = curate_store(store, ["llm"], endpoint=embedded_endpoint, concurrency=3)
    schemas = stored(store, "llm")
    assert summary.curated["llm"] == 3 and len(schemas) == 3
    for schema in schemas:
        assert schema.model == embedded_endpoint.model and schema.tier in ("high", "medium", "low")
        assert schema.error is not None or schema.decomposition_ms is not None and schema.decomposition_ms > 0
        if schema.error is not None:
            assert not schema.parallelizable