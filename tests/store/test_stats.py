"""StatsQueries: prompt counts and curation statistics per extractor."""

from __future__ import annotations

from store import Prompt, Reason, Schema, Store, Triage
from store.stats import Count, ExtractorCount


def _seed(store: Store) -> list[Prompt]:
    prompts = [Prompt(text="Translate: hola, adiós", source="lmsys", language="es"),
               Prompt(text="Give me 5 slogans", source="lmsys", language="en"),
               Prompt(text="Sort these numbers: 3, 1, 2", source="wildchat", language="en"),
               Prompt(text="Who are you?", source="text", language=None)]
    store.add_prompts(prompts)
    translate, slogans, sort, _ = (p.id for p in prompts)
    store.add_schema(Schema(prompt_id=translate, extractor="rules", extractor_version="1", parallelizable=True,
                            category="Translation", data=["hola", "adiós"], tier="high"))
    store.add_schema(Schema(prompt_id=slogans, extractor="rules", extractor_version="1", parallelizable=True,
                            category="Repeated Generation", n=5, tier="medium"))
    store.add_schema(Schema(prompt_id=sort, extractor="rules", extractor_version="1", parallelizable=False,
                            tier="low", dependency="dependent",
                            reasons=[Reason(rule="ordering", message="sorting needs all items"),
                                     Reason(rule="single-output", message="one answer"),
                                     # the verdict every low schema carries is no reason for it
                                     Reason(rule="tier.low", message="the extractor found no decomposition")]))
    store.add_schema(Schema(prompt_id=slogans, extractor="llm", extractor_version="1", model="smollm2",
                            parallelizable=True, category="Slogan Writing", novel_category=True, n=5))
    store.add_schema(Schema(prompt_id=sort, extractor="llm", extractor_version="1", model="smollm2",
                            parallelizable=False, error="model returned invalid JSON"))
    store.set_triage(Triage(prompt_id=translate, status="accepted"))
    store.set_triage(Triage(prompt_id=sort, status="rejected"))
    store.record_ingest_errors("bad.jsonl", [("1", "invalid JSON"), ("2", "empty prompt text")])
    return prompts


def test_prompt_stats(store: Store) -> None:
    _seed(store)
    stats = store.prompt_stats()
    assert stats.prompts == 4 and stats.ingest_errors == 2
    assert stats.by_source == [Count("lmsys", 2), Count("text", 1), Count("wildchat", 1)]
    assert Count("en", 2) in stats.by_language and Count(None, 1) in stats.by_language
    assert {c.key: c.count for c in stats.by_triage} == {"unreviewed": 2, "accepted": 1, "rejected": 1}
    assert {c.key: c.count for c in stats.by_category} == {"Translation": 1, "Repeated Generation": 1, None: 2}
    assert {c.key: c.count for c in stats.by_tier} == {"high": 1, "medium": 1, "low": 1, None: 1}
    assert stats.ingest_errors_by_file == [Count("bad.jsonl", 2)]


def test_curation_stats_per_extractor(store: Store) -> None:
    _seed(store)
    stats = store.curation_stats()
    assert stats.schemas == 5
    assert {c.key: c.count for c in stats.by_extractor} == {"rules@1": 3, "llm@1 (smollm2)": 2}
    assert ExtractorCount("rules@1", "yes", 2) in stats.parallelizable
    assert ExtractorCount("llm@1 (smollm2)", "Slogan Writing", 1) in stats.categories
    assert stats.novel_categories == [ExtractorCount("llm@1 (smollm2)", "Slogan Writing", 1)]
    assert ExtractorCount("llm@1 (smollm2)", None, 2) in stats.tiers
    assert ExtractorCount("rules@1", "dependent", 1) in stats.dependency
    assert sorted(c.key or "" for c in stats.failure_reasons) == ["ordering", "single-output"]
    assert stats.errors == [ExtractorCount("llm@1 (smollm2)", "model returned invalid JSON", 1)]
    only_rules = store.curation_stats("rules")
    assert only_rules.schemas == 3 and not only_rules.errors
    store.add_schema(Schema(prompt_id=store.list_prompts()[0].id, extractor="rules", extractor_version="2",
                            parallelizable=False, tier="low", reasons=[Reason(rule="tier.low", message="no list")]))
    assert ExtractorCount("rules@2", "tier.low", 1) in store.curation_stats().failure_reasons  # its only reason


def test_empty_store_stats(store: Store) -> None:
    assert store.prompt_stats().prompts == 0
    assert store.curation_stats().schemas == 0
