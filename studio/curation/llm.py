"""LLM extractor: ask any OpenAI-compatible endpoint to decompose a prompt into a schema.

Why it looks the way it does:
- The call is the house's one chat policy (`studio.llm`): bounded concurrency, bounded retries of transient failures
  with capped backoff, the response-format ladder json_schema -> json_object -> text, and lenient JSON recovery
  (small models wrap JSON in prose or fences), so a busy server slows curation down instead of failing it.
- `Decomposition` is the one description of the answer: the schema the request sends and the rules that read it.
- Answers are cached in the store (namespace "extract") keyed by (model, prompt id, extractor version): re-running
  costs nothing, and the cached entry keeps the measured call time for end-to-end speedups.
- A failure is never disguised as a result: an unparseable answer or exhausted retries give a schema with `error`
  set and `parallelizable=False`.
- `serial` is the prompt itself, verbatim: asking the model to copy it back would double the tokens generated and
  invite paraphrase.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Annotated, Any, Literal

from openai import AsyncOpenAI
from pydantic import BaseModel, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from store.cache import cache_key
from store.models import Reason, Schema, prompt_id_for
from studio.curation.rules import CANONICAL_CATEGORIES
from studio.llm.answers import validate_answer
from studio.llm.chat import ChatClient, ChatReply
from studio.llm.failures import Failure, RetryPolicy

if TYPE_CHECKING:
    from store import Store
    from studio.backends.base import Endpoint

LLM_EXTRACTOR = "llm"
# Bump when the system prompt, the answer schema or the answer->Schema conversion changes: it invalidates caches
# and makes resumable curation redo the prompts.
LLM_EXTRACTOR_VERSION = "1"
CACHE_NAMESPACE = "extract"


SYSTEM_PROMPT = """\
You decide whether a user's prompt to a language model hides several independent sub-tasks that could be answered \
by separate, concurrent requests, and if so you describe how to split it. Reply with one JSON object only.

Fields:
- "parallelizable": true only if the prompt asks for several things that can each be answered on their own, \
without seeing the other answers. Otherwise false.
- "category": one of "Repeated Generation" (several outputs of the same kind: 5 slogans, 3 poems), \
"Reading Comprehension" (several questions about one passage), "Named Entity Recognition" (find several kinds \
of entities or fields), "Keyword Extraction", "Translation" (several texts to translate), "Language Correction" \
(several texts to fix), "Sentiment Analysis" (several texts to classify). If none fits, name a short new \
category (such as "Question Answering" for several unrelated questions) and set "novel_category" to true. \
Use null when not parallelizable.
- "data": the list of independent items, copied exactly as they appear in the prompt (sentences to translate, \
questions to answer, entity types to find). Use null when the prompt asks for a number of similar outputs instead.
- "n": how many similar outputs are requested (integer of at least 2), only when there is no item list. \
Set exactly one of "data" and "n"; the other must be null.
- "context": text that every sub-task needs, such as the passage the questions are about, copied from the prompt. \
Never invent context; use null when there is none.
- "template": the instruction for ONE sub-task. Write {data} where one item goes and {context} where the shared \
context goes; when both appear, {context} comes first. For "n" prompts write the instruction for a single output \
in the singular, without the count and without any {n} placeholder (for "Give me 5 slogans for a bakery" write \
"Give me a slogan for a bakery").
- "dependency": "none" when the parts are independent; "dependent" when a part needs another part's answer or \
an order (then use the result, based on the previous one, rank or compare the items against each other, each \
step builds on the last) and then "parallelizable" is false; "needs_aggregation" when the parts are \
independent but the final answer must combine them.

Example: "Translate to French: 'Good morning' and 'See you soon'" gives {"parallelizable": true, \
"category": "Translation", "novel_category": false, "data": ["Good morning", "See you soon"], "n": null, \
"context": null, "template": "Translate to French: {data}", "dependency": "none"}.
Example: "Write a story in which each chapter continues the previous one" gives {"parallelizable": false, \
"category": null, "novel_category": false, "data": null, "n": null, "context": null, "template": null, \
"dependency": "dependent"}."""

Dependency = Literal["none", "dependent", "needs_aggregation"]


class Decomposition(BaseModel):
    """The model's answer, read leniently: "true" for true, 2.0 or "2" for 2, non-string items as their JSON,
    blank text as absent, a missing dependency as "none", a missing novel_category worked out from the category.
    A field of the wrong shape is an error naming it (the answer is unusable, never guessed at)."""

    parallelizable: bool = Field(default=None, validate_default=True)  # type: ignore[assignment]  # required
    category: str | None = None
    novel_category: Annotated[bool | None, WithJsonSchema({"type": "boolean"})] = None
    data: list[str] | None = None
    n: int | None = None
    context: str | None = None
    template: str | None = None
    dependency: Dependency = "none"

    @field_validator("parallelizable", "novel_category", mode="before")
    @classmethod
    def _boolean(cls, value: Any, info: ValidationInfo) -> bool | None:
        if value is None and info.field_name == "novel_category":
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise ValueError(f"{info.field_name} is not a boolean: {value!r:.80}")

    @field_validator("category", "context", "template", mode="before")
    @classmethod
    def _text(cls, value: Any, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"{info.field_name} is not a string: {value!r:.80}")
        return value if value.strip() else None

    @field_validator("data", mode="before")
    @classmethod
    def _items(cls, value: Any) -> list[str] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            raise ValueError(f"data is not a list: {value!r:.80}")
        return [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in value]

    @field_validator("n", mode="before")
    @classmethod
    def _count(cls, value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ValueError(f"n is not a number: {value!r}")
        if isinstance(value, (int, float)) and float(value).is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        raise ValueError(f"n is not a whole number: {value!r:.80}")

    @field_validator("dependency", mode="before")
    @classmethod
    def _dependency(cls, value: Any) -> Any:
        return value or "none"

    @model_validator(mode="after")
    def _novelty(self) -> "Decomposition":
        if self.novel_category is None:
            self.novel_category = self.category is not None and self.category not in CANONICAL_CATEGORIES
        return self


def schema_from_answer(answer: Decomposition, *, prompt_id: str, prompt_text: str, model: str) -> Schema:
    """Turn the model's answer into a Schema.

    Integrity (data xor n, counts, placeholders, items found in the prompt) is the validator's job; the only
    repair here is the store's hard rule that a schema never carries both `data` and `n`: data wins and a reason
    records the dropped count.
    """
    n = answer.n
    reasons: list[Reason] = []
    if answer.data is not None and n is not None:
        reasons.append(Reason(rule="llm.data_and_n", field="n",
                              message=f"the model gave both data and n={n}; kept data, dropped n"))
        n = None
    return Schema(
        prompt_id=prompt_id, extractor=LLM_EXTRACTOR, extractor_version=LLM_EXTRACTOR_VERSION, model=model,
        parallelizable=answer.parallelizable, category=answer.category, novel_category=bool(answer.novel_category),
        serial=prompt_text, template=answer.template, context=answer.context, data=answer.data, n=n,
        dependency=answer.dependency, reasons=reasons,
    )


def failed_schema(*, prompt_id: str, prompt_text: str, model: str, error: str,
                  decomposition_ms: float | None = None) -> Schema:
    """What a failed extraction stores: visibly an error, never a plausible-looking decomposition."""
    return Schema(prompt_id=prompt_id, extractor=LLM_EXTRACTOR, extractor_version=LLM_EXTRACTOR_VERSION,
                  model=model, parallelizable=False, serial=prompt_text, error=error,
                  decomposition_ms=decomposition_ms)


# -- the extractor ----------------------------------------------------------------------------------------------
class LLMExtractor(AbstractAsyncContextManager["LLMExtractor"]):
    """Decompose prompts with a chat model. Use as `async with LLMExtractor(endpoint) as extractor:`."""

    def __init__(self, endpoint: "Endpoint", *, store: "Store | None" = None, concurrency: int = 4,
                 retry: RetryPolicy = RetryPolicy(), timeout_s: float = 120.0, max_tokens: int | None = None,
                 client: AsyncOpenAI | None = None, on_retry: Callable[[Failure, float], None] | None = None) -> None:
        """`on_retry(failure, wait_s)` hears of each transient failure retried (ChatClient's), so a flaky endpoint
        is said, not hidden behind the answers that finally came."""
        self.endpoint = endpoint
        self.model = endpoint.model
        self.store = store
        self.max_tokens = max_tokens
        self._chat = ChatClient(endpoint, concurrency=concurrency, retry=retry, timeout_s=timeout_s, client=client,
                                on_retry=on_retry)

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._chat.aclose()

    def _cache_key(self, prompt_id: str) -> str:
        return cache_key(self.model, prompt_id, LLM_EXTRACTOR_VERSION)

    def _tokens_for(self, text: str) -> int:
        """Room for the items and context copied from the prompt (about twice its tokens) plus the JSON."""
        return self.max_tokens or min(4096, 192 + len(text) // 2)

    async def extract(self, text: str, *, prompt_id: str | None = None) -> Schema:
        """One prompt -> one Schema (validated later by the pipeline); never raises for a bad answer."""
        prompt_id = prompt_id or prompt_id_for(text)
        key = self._cache_key(prompt_id)
        cached = self.store.cache_get(CACHE_NAMESPACE, key) if self.store is not None else None
        if cached is not None:
            value, problem = validate_answer(cached["answer"], Decomposition)
            return self._to_schema(value, problem, prompt_id, text, cached["decomposition_ms"])
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}]
        reply = await self._chat.ask(messages, Decomposition, max_tokens=self._tokens_for(text))
        schema = self._from_reply(reply, prompt_id, text)
        if schema.error is None and self.store is not None:
            self.store.cache_put(CACHE_NAMESPACE, key, {"answer": reply.document,
                                                        "decomposition_ms": reply.elapsed_ms})
        return schema

    def _from_reply(self, reply: ChatReply[Decomposition], prompt_id: str, text: str) -> Schema:
        if reply.content is None:
            return failed_schema(prompt_id=prompt_id, prompt_text=text, model=self.model,
                                 error=f"request failed: {reply.error}")
        if reply.document is None:
            return failed_schema(prompt_id=prompt_id, prompt_text=text, model=self.model,
                                 decomposition_ms=reply.elapsed_ms,
                                 error=f"unparseable answer ({reply.error}): {reply.content[:200]!r}")
        return self._to_schema(reply.value, reply.error, prompt_id, text, reply.elapsed_ms)

    def _to_schema(self, answer: Decomposition | None, problem: str | None, prompt_id: str, text: str,
                   elapsed_ms: float | None) -> Schema:
        if answer is None:
            return failed_schema(prompt_id=prompt_id, prompt_text=text, model=self.model,
                                 decomposition_ms=elapsed_ms, error=f"unusable answer: {problem}")
        schema = schema_from_answer(answer, prompt_id=prompt_id, prompt_text=text, model=self.model)
        schema.decomposition_ms = elapsed_ms
        return schema

    async def extract_all(self, prompts: Iterable[tuple[str, str]],
                          on_schema: Callable[[Schema], Awaitable[None] | None] | None = None) -> list[Schema]:
        """Extract (prompt_id, text) pairs concurrently (bounded); `on_schema` sees each schema as it lands."""
        async def one(prompt_id: str, text: str) -> Schema:
            schema = await self.extract(text, prompt_id=prompt_id)
            if on_schema is not None:
                result = on_schema(schema)
                if asyncio.iscoroutine(result):
                    await result
            return schema

        return list(await asyncio.gather(*(one(prompt_id, text) for prompt_id, text in prompts)))


def extract_blocking(endpoint: "Endpoint", prompts: Sequence[tuple[str, str]], *, concurrency: int = 4,
                     store: "Store | None" = None, client: AsyncOpenAI | None = None,
                     on_schema: Callable[[Schema], Awaitable[None] | None] | None = None,
                     on_retry: Callable[[Failure, float], None] | None = None) -> list[Schema]:
    """`extract_all` in a fresh event loop, for callers in a thread (the CLI, a Textual thread worker, benchmarks)."""
    async def run() -> list[Schema]:
        async with LLMExtractor(endpoint, store=store, concurrency=concurrency, client=client,
                                on_retry=on_retry) as extractor:
            return await extractor.extract_all(prompts, on_schema)

    return asyncio.run(run())
