"""Sharing one prompt prefix across llama.cpp slots, so parallel branches do not each prefill the same `{context}`.

Measured on the embedded engine (docs/engine.md): 8 concurrent branches of one reading-comprehension prompt land
on 8 different slots and each computes the whole shared context again (8x the prefill of one request), whatever
`kv_unified`, `n_cache_reuse` or `slot_prompt_similarity` say; llama.cpp only shares a prompt between slots for
`n > 1` choices of one identical request. Warming one slot and copying its KV cache to the others with the slot
save/restore API does work: the branches then pick the warmed slots by prompt similarity and compute only their
own suffix (~1.2x the prefill of one request for all 8, instead of 8x).

`share_prefix` does that against any llama.cpp server started with `--slot-save-path` (the embedded engine always
is) and returns None, changing nothing, for servers without the slot API (OpenAI, vLLM, SGLang, the simulator).
Those share a prefix through their own prefix cache (vLLM `--enable-prefix-caching`, SGLang's radix cache), which
only helps once the prefix has been computed: for them the runner sends one portable warm-up request (the first
branch with `max_tokens=1`) before the branches, timed as part of the parallel side just like the slot copy.

`erase_prompt_cache` empties every slot before a timed phase: a slot keeps its last prompt, so without it a run's
second trial found its whole prompt cached by the first (the embedded engine, a three-trial demo run: the serial
request's cached tokens 0 -> 158 of 159, its time to first token ~40x shorter) and the trials measured different
things, a new prompt's prefill once and none after it. Servers without the slot API keep their cache (the runner
records so; their cached prompt tokens are stored per request where they report them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

from studio.backends.base import Endpoint

SNAPSHOT_FILE = "ppstudio-shared-prefix.bin"  # one file per engine, overwritten: calls must not overlap
SOURCE_SLOT = 0


@dataclass(frozen=True, slots=True)
class PrefixShare:
    """What warming cost: the prefill computed once, and how many other slots received a copy of it."""

    computed_tokens: int
    slots_filled: int
    elapsed_ms: float
    method: str = "slot copy"  # or "warm-up request" (servers with their own prefix cache)


def server_root(endpoint: Endpoint) -> str:
    """The server's own routes (/slots, /props) live beside /v1, not under it."""
    base = endpoint.base_url.rstrip("/")
    return base[: -len("/v1")] if base.endswith("/v1") else base


async def share_prefix(endpoint: Endpoint, messages: list[dict[str, Any]], branches: int, *,
                       client: httpx.AsyncClient | None = None, timeout_s: float = 300.0) -> PrefixShare | None:
    """Prefill `messages` (one branch's prompt; its shared part is what matters) into one slot and copy that
    slot's cache into `branches - 1` others. Send the branches right after; time this call as part of the
    parallel run (it is work the parallel side does and the serial side does not).

    Returns None when the server has no slot API (not llama.cpp); on a llama.cpp server without a save path
    the warmed slot is all there is (`slots_filled` 1). Raises httpx errors for a server that fails.
    """
    if branches < 2:
        return None
    headers = _headers(endpoint)
    root = server_root(endpoint)
    async with _client(client, timeout_s) as http:
        props = await http.get(f"{root}/props", headers=headers)
        total_slots = _total_slots(props)
        if total_slots is None or total_slots < 2:
            return None
        started = time.perf_counter()
        warm = await http.post(f"{endpoint.base_url.rstrip('/')}/chat/completions", headers=headers, json={
            "model": endpoint.model, "messages": messages, "max_tokens": 1, "temperature": 0.0,
            "id_slot": SOURCE_SLOT, "cache_prompt": True})
        warm.raise_for_status()
        timings = warm.json().get("timings") or {}
        saved = await http.post(f"{root}/slots/{SOURCE_SLOT}", params={"action": "save"}, headers=headers,
                                json={"filename": SNAPSHOT_FILE})
        if saved.status_code >= 400:  # no --slot-save-path on this server: one slot warmed, nothing copied
            return PrefixShare(computed_tokens=int(timings.get("prompt_n", 0)), slots_filled=1,
                               elapsed_ms=(time.perf_counter() - started) * 1000)
        targets = [slot for slot in range(total_slots) if slot != SOURCE_SLOT][: branches - 1]
        for slot in targets:
            restored = await http.post(f"{root}/slots/{slot}", params={"action": "restore"}, headers=headers,
                                       json={"filename": SNAPSHOT_FILE})
            restored.raise_for_status()
        return PrefixShare(computed_tokens=int(timings.get("prompt_n", 0)), slots_filled=len(targets) + 1,
                           elapsed_ms=(time.perf_counter() - started) * 1000)


async def erase_prompt_cache(endpoint: Endpoint, *, client: httpx.AsyncClient | None = None,
                             timeout_s: float = 300.0) -> int | None:
    """Erase the prompt cache of every slot of a llama.cpp server, so the next request computes its whole prompt;
    the number of slots erased, or None when the server has no slot API or refuses the erase (llama.cpp without
    `--slot-save-path`, vLLM, SGLang, OpenAI, the simulator), changing nothing. Raises httpx errors for a server
    that fails part-way."""
    headers = _headers(endpoint)
    root = server_root(endpoint)
    async with _client(client, timeout_s) as http:
        total_slots = _total_slots(await http.get(f"{root}/props", headers=headers))
        if total_slots is None:
            return None
        for slot in range(total_slots):
            erased = await http.post(f"{root}/slots/{slot}", params={"action": "erase"}, headers=headers)
            if slot == 0 and erased.status_code >= 400:  # the slot actions are off on this server
                return None
            erased.raise_for_status()
        return total_slots


def _headers(endpoint: Endpoint) -> dict[str, str]:
    """The bearer key of the slot and props routes, for servers started with one."""
    return {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}


def _total_slots(props: httpx.Response) -> int | None:
    if props.status_code != 200:
        return None
    try:
        value = props.json().get("total_slots")
    except ValueError:
        return None
    return int(value) if isinstance(value, int) else None


class _client:
    """Use the caller's client, or a short-lived one closed on exit."""

    def __init__(self, given: httpx.AsyncClient | None, timeout_s: float) -> None:
        self.given = given
        self.owned: httpx.AsyncClient | None = None
        self.timeout_s = timeout_s

    async def __aenter__(self) -> httpx.AsyncClient:
        if self.given is not None:
            return self.given
        self.owned = httpx.AsyncClient(timeout=self.timeout_s)
        return self.owned

    async def __aexit__(self, *exc: object) -> None:
        if self.owned is not None:
            await self.owned.aclose()
