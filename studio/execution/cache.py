"""The chat response cache: a completed response reused for identical requests, for its *text* only.

Key: (endpoint identity, model, messages, sampling parameters incl. seed). The endpoint identity is the base URL for
remote servers; for the embedded engine and the simulator, whose URL carries a fresh port each time they start, it
is their label ("embedded", "sim:cpu"), so their answers stay reusable across sessions. Keys never include the API
key.

Decision on latency: a cached response carries no timings and is never counted in a latency figure. The cache is
read a whole phase at a time: the serial phase, or the parallel phase, is served from the cache only if *every*
one of its requests is cached (then that phase is untimed: its latency is None); if even one is missing, the whole
phase is sent live, so a measured phase always had all its requests in flight together. Only the first trial of a
run reads the cache; later trials (`--trials K`) exist to measure and always go to the server; `--ideal`
measurements never read it. So a repeated run at temperature 0 reuses its answers and reports "no latency
measured (served from cache)" unless it has a second trial or is started with `--no-cache`. Nothing is ever
made to look measured when it was not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store import Store, cache_key
from store.models import RequestRecord
from studio.backends import EMBEDDED_LABEL
from studio.backends.base import Endpoint

NAMESPACE = "chat"


def endpoint_identity(endpoint: Endpoint) -> str:
    """What makes two endpoints 'the same server' for caching: the label of local engines, else the URL."""
    if endpoint.simulated or endpoint.label == EMBEDDED_LABEL:
        return endpoint.label
    return endpoint.base_url


@dataclass(frozen=True, slots=True)
class ResponseCache:
    store: Store
    endpoint: Endpoint
    enabled: bool

    def key(self, messages: list[dict[str, str]], sampling: dict[str, Any]) -> str:
        return cache_key(NAMESPACE, endpoint_identity(self.endpoint), self.endpoint.model, messages, sampling)

    def get(self, record: RequestRecord, sampling: dict[str, Any]) -> dict[str, Any] | None:
        """The cached response for this request, if any (text and counts; never timings)."""
        if not self.enabled:
            return None
        hit = self.store.cache_get(NAMESPACE, self.key(record.messages, sampling))
        return hit if isinstance(hit, dict) and isinstance(hit.get("text"), str) else None

    @staticmethod
    def fill(record: RequestRecord, hit: dict[str, Any]) -> None:
        """Make `record` a cache hit: OK, marked `from_cache`, with no timestamps."""
        record.text = hit["text"]
        record.output_tokens = hit.get("output_tokens")
        record.prompt_tokens = hit.get("prompt_tokens")
        record.finish_reason = hit.get("finish_reason")
        record.reasoning = hit.get("reasoning") or ""
        record.reasoning_tokens = hit.get("reasoning_tokens")
        record.cached_prompt_tokens = None
        record.sent_at = record.first_token_at = record.ended_at = None
        record.status, record.error, record.retries, record.from_cache = "ok", None, 0, True

    def save(self, record: RequestRecord, sampling: dict[str, Any]) -> None:
        """Remember a response that finished OK and was measured live."""
        if not self.enabled or record.status != "ok" or record.from_cache:
            return
        self.store.cache_put(NAMESPACE, self.key(record.messages, sampling), {
            "text": record.text, "output_tokens": record.output_tokens, "prompt_tokens": record.prompt_tokens,
            "finish_reason": record.finish_reason, "reasoning": record.reasoning,
            "reasoning_tokens": record.reasoning_tokens})
