"""Curate the store: run extractors over prompts, validate every schema, de-anonymise, write through `store/`.

Why it is shaped this way:
- Resumable: a prompt that already has a schema from the same extractor name and version is skipped, so an
  interrupted run continues where it stopped and `--limit` works through a large store in chunks.
- Every schema passes the validator (tier, reasons, dependency) before it is stored, whatever produced it; release
  schemas imported without a tier are validated on the way past.
- The validator sees the original prompt; placeholders (`NAME_1`) are replaced afterwards, consistently.
- Decomposition cost is recorded for end-to-end speedups: the measured extraction time (near zero for rules, the
  model call for the LLM extractor).
- Rule curation of many prompts (`CurateSettings.parallel_min_prompts`) runs in one process per core
  (`studio.curation.batch`); results come back in order and are written one transaction per batch.

Call `curate_store` from a thread (the CLI, or a Textual thread worker): the LLM path runs its own event loop.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store.models import Prompt, PromptFilter, Schema
from studio.config import CurateSettings
from studio.curation.batch import curate_in_batches, validated
from studio.curation.llm import LLM_EXTRACTOR, LLM_EXTRACTOR_VERSION, extract_blocking
from studio.curation.rules import RULES_EXTRACTOR, RULES_VERSION
from studio.curation.tiers import DEFAULT_CUT, in_cut
from studio.ingest.rows import RELEASE_EXTRACTOR

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from store import Store
    from studio.backends.base import Endpoint
    from studio.llm.failures import Failure

EXTRACTOR_CHOICES: dict[str, tuple[str, ...]] = {
    RULES_EXTRACTOR: (RULES_EXTRACTOR,), LLM_EXTRACTOR: (LLM_EXTRACTOR,), "both": (RULES_EXTRACTOR, LLM_EXTRACTOR)}
_SCAN_BATCH = 500

# (extractor name, prompts done, prompts to do) after each schema is written.
ProgressCallback = Callable[[str, int, int], None]


@dataclass(slots=True)
class CurationSummary:
    """What one `curate_store` call did; `by_category` counts accepted (high/medium tier) parallelizable schemas."""

    extractors: list[str]
    scanned: int = 0
    curated: Counter[str] = field(default_factory=Counter)  # per extractor
    skipped: Counter[str] = field(default_factory=Counter)  # already curated, per extractor
    errors: Counter[str] = field(default_factory=Counter)  # extraction failures, per extractor
    error_reasons: Counter[str] = field(default_factory=Counter)
    retried: Counter[str] = field(default_factory=Counter)  # transient failures retried, by reason (llm extractor)
    by_category: Counter[str] = field(default_factory=Counter)
    by_tier: Counter[str] = field(default_factory=Counter)
    release_validated: int = 0
    elapsed_s: float = 0.0

    def record(self, schema: Schema) -> None:
        self.curated[schema.extractor] += 1
        self.by_tier[schema.tier or "unvalidated"] += 1
        if schema.error:
            self.errors[schema.extractor] += 1
            self.error_reasons[schema.error.split(":", 1)[0]] += 1
        elif in_cut(schema, DEFAULT_CUT):
            self.by_category[schema.category or "(none)"] += 1

    @property
    def accepted(self) -> int:
        return sum(self.by_category.values())

    def to_json(self) -> dict[str, Any]:
        def per_extractor(counts: Counter[str]) -> dict[str, int]:
            return {name: counts[name] for name in self.extractors}

        return {"extractors": self.extractors, "scanned": self.scanned, "curated": per_extractor(self.curated),
                "skipped": per_extractor(self.skipped), "errors": per_extractor(self.errors),
                "error_reasons": dict(self.error_reasons.most_common()),
                "retries": sum(self.retried.values()), "retry_reasons": dict(self.retried.most_common()),
                "accepted": self.accepted,
                "by_category": dict(self.by_category.most_common()), "by_tier": dict(self.by_tier),
                "release_validated": self.release_validated, "elapsed_s": round(self.elapsed_s, 3)}


def _failed_before(store: "Store", prompt_id: str, extractor: str, version: str) -> bool:
    return any(schema.error for schema in store.schemas_for(prompt_id)
               if schema.extractor == extractor and schema.extractor_version == version)


def _plan(store: "Store", names: Sequence[str], where: PromptFilter, limit: int | None, retry_errors: bool,
          summary: CurationSummary) -> dict[str, list[Prompt]]:
    """One keyset-paged scan: the prompts each extractor still has to curate (after skipping and the limit);
    tier-less release schemas met on the way are validated."""
    versions = {RULES_EXTRACTOR: RULES_VERSION, LLM_EXTRACTOR: LLM_EXTRACTOR_VERSION}
    todo: dict[str, list[Prompt]] = {name: [] for name in names}

    def full() -> bool:
        return limit is not None and all(len(todo[name]) >= limit for name in names)

    batch: list[Prompt] = []

    def flush() -> None:
        ids = [prompt.id for prompt in batch]
        for name in names:
            done = store.curated_prompt_ids(name, versions[name], ids)
            for prompt in batch:
                if prompt.id in done and not (retry_errors and _failed_before(store, prompt.id, name,
                                                                              versions[name])):
                    summary.skipped[name] += 1
                elif limit is None or len(todo[name]) < limit:
                    todo[name].append(prompt)
        for prompt in batch:
            summary.release_validated += _validate_release_schemas(store, prompt)
        summary.scanned += len(batch)
        batch.clear()

    for prompt in store.iter_prompts(where, batch=_SCAN_BATCH):
        batch.append(prompt)
        if len(batch) >= _SCAN_BATCH:
            flush()
            if full():
                break
    if batch:
        flush()
    return todo


def _validate_release_schemas(store: "Store", prompt: Prompt) -> int:
    """Validate the prompt's release schemas that arrived without a tier; returns how many were."""
    count = 0
    for schema in store.schemas_for(prompt.id):
        if schema.extractor == RELEASE_EXTRACTOR and schema.tier is None:
            store.add_schema(validated(schema, prompt.text))
            count += 1
    return count


def _curate_with_rules(store: "Store", prompts: list[Prompt], summary: CurationSummary,
                       progress: ProgressCallback | None, settings: CurateSettings) -> None:
    done = 0
    for schemas in curate_in_batches([(prompt.id, prompt.text, prompt.language) for prompt in prompts],
                                     workers=settings.workers, parallel_min=settings.parallel_min_prompts):
        store.add_schemas(schemas)
        for schema in schemas:
            summary.record(schema)
        done += len(schemas)
        if progress is not None:
            progress(RULES_EXTRACTOR, done, len(prompts))


def _curate_with_llm(store: "Store", prompts: list[Prompt], endpoint: "Endpoint", concurrency: int,
                     summary: CurationSummary, progress: ProgressCallback | None,
                     client: "AsyncOpenAI | None") -> None:
    by_id = {prompt.id: prompt for prompt in prompts}
    done = 0

    def land(schema: Schema) -> None:
        nonlocal done
        stored = validated(schema, by_id[schema.prompt_id].text)
        store.add_schema(stored)
        summary.record(stored)
        done += 1
        if progress is not None:
            progress(LLM_EXTRACTOR, done, len(prompts))

    def retried(failure: Failure, wait_s: float) -> None:
        summary.retried[failure.reason] += 1

    extract_blocking(endpoint, [(prompt.id, prompt.text) for prompt in prompts], concurrency=concurrency,
                     store=store, client=client, on_schema=land, on_retry=retried)


def curate_store(store: "Store", extractors: Sequence[str], *, endpoint: "Endpoint | None" = None,
                 concurrency: int = 4, limit: int | None = None, where: PromptFilter | None = None,
                 progress: ProgressCallback | None = None, retry_errors: bool = False,
                 llm_client: "AsyncOpenAI | None" = None, settings: CurateSettings | None = None) -> CurationSummary:
    """Curate the prompts matching `where` with each extractor ("rules", "llm"), skipping finished ones.

    `limit` caps the prompts each extractor curates in this call; `retry_errors` re-curates prompts whose
    schema from this extractor version recorded an error (a server outage, an unparseable answer). The LLM
    extractor needs `endpoint` (`llm_client` replaces the openai client, for tests or custom transports);
    `settings` says when rule curation uses worker processes.
    """
    unknown = [name for name in extractors if name not in (LLM_EXTRACTOR, RULES_EXTRACTOR)]
    if unknown:
        raise ValueError(f"unknown extractor(s) {', '.join(unknown)}; choose rules or llm")
    if LLM_EXTRACTOR in extractors and endpoint is None:
        raise ValueError("the llm extractor needs an endpoint (base URL and model, or the embedded engine)")
    if limit is not None and limit < 0:
        raise ValueError("limit must be zero or more")
    started = time.perf_counter()
    names = list(dict.fromkeys(extractors))
    summary = CurationSummary(extractors=names)
    todo = _plan(store, names, where or PromptFilter(), limit, retry_errors, summary)
    if RULES_EXTRACTOR in names:
        _curate_with_rules(store, todo[RULES_EXTRACTOR], summary, progress, settings or CurateSettings())
    if LLM_EXTRACTOR in names and todo[LLM_EXTRACTOR]:
        assert endpoint is not None
        _curate_with_llm(store, todo[LLM_EXTRACTOR], endpoint, concurrency, summary, progress, llm_client)
    summary.elapsed_s = time.perf_counter() - started
    return summary
