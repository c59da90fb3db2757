"""`erase_prompt_cache` against fake servers: which requests it sends to a llama.cpp-like server, and that it changes
nothing on servers without the slot API. The real engine is in test_embedded.py and test_runner.py."""

from __future__ import annotations

import httpx
import pytest

from studio.backends.base import Endpoint
from studio.backends.prefix import erase_prompt_cache

ENDPOINT = Endpoint(base_url="http://engine.test/v1", model="m", label="embedded", api_key="sk-secret")


def fake_server(slots: int | None, erase_status: dict[int, int] | None = None) -> tuple[httpx.AsyncClient,
                                                                                       list[httpx.Request]]:
    """A server with `slots` llama.cpp slots (None: no /props, as vLLM or OpenAI); `erase_status` by slot."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/props":
            return httpx.Response(200, json={"total_slots": slots}) if slots is not None else httpx.Response(404)
        if request.url.path.startswith("/slots/") and request.method == "POST":
            slot = int(request.url.path.rsplit("/", 1)[1])
            return httpx.Response((erase_status or {}).get(slot, 200), json={"id_slot": slot, "n_erased": 12})
        return httpx.Response(404)

    return httpx.AsyncClient(transport=httpx.MockTransport(handle)), seen


async def test_every_slot_of_a_llama_cpp_server_is_erased() -> None:
    client, seen = fake_server(slots=3)
    async with client:
        assert await erase_prompt_cache(ENDPOINT, client=client) == 3
    erases = [request for request in seen if request.method == "POST"]
    assert [request.url.path for request in erases] == ["/slots/0", "/slots/1", "/slots/2"]
    assert all(request.url.params["action"] == "erase" for request in erases)
    assert all(request.headers["authorization"] == "Bearer sk-secret" for request in seen)


@pytest.mark.parametrize(("slots", "erase_status"), [(None, None), (4, {0: 501})])
async def test_a_server_without_slot_erase_is_left_as_it_is(slots: int | None,
                                                            erase_status: dict[int, int] | None) -> None:
    """No /props (vLLM, SGLang, OpenAI, the simulator), or llama.cpp without --slot-save-path (it refuses every slot
    action): None, and nothing more is sent."""
    client, seen = fake_server(slots, erase_status)
    async with client:
        assert await erase_prompt_cache(ENDPOINT, client=client) is None
    assert len([request for request in seen if request.method == "POST"]) == (1 if erase_status else 0)


async def test_a_slot_failing_part_way_raises() -> None:
    client, _ = fake_server(slots=3, erase_status={1: 500})
    async with client:
        with pytest.raises(httpx.HTTPStatusError):
            await erase_prompt_cache(ENDPOINT, client=client)
