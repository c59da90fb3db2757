"""The simulator: an OpenAI-compatible server with a latency model and fault injection, for tests and teaching.

Same HTTP surface as the embedded engine (`/v1/models`, `/v1/chat/completions` streaming and not, `usage` incl.
`stream_options.include_usage`, llama.cpp-style `timings`), but the text is derived deterministically from the
request and its seed, and the timing follows a stated model instead of a CPU:

- one stream: time to first token `ttft_ms + prefill_ms_per_token * prompt_tokens`, then `token_ms` per token;
- c concurrent streams share the machine: aggregate throughput is `speedup(c) = c / (1 + (c - 1) * contention)`
  times one stream's (Amdahl-style), so each stream runs `c / speedup(c)` times slower. The `cpu` profile gains
  ~1.15x at 8 streams, like the embedded engine on 2 cores; `gpu` keeps scaling to 64 streams;
- an optional concurrency cap queues requests beyond it (the wait is part of their time to first token);
- `time_scale` multiplies every delay, so tests run the same model 10-100x faster; `slowdown` (settable on a
  running `Simulator`) multiplies them too, as other work on a busy machine would: the knob behind the tests of
  the runner's `noisy` flag.

Like a real server it decodes greedily at temperature 0 (the seed changes nothing, so n branches that differ only
by seed answer identically) and samples otherwise (seed and choice index change the text). Knobs make it behave
like the servers the runner targets: `max_choices` > 1 accepts `n` answers in one request (vLLM, SGLang; the
default 1 refuses `n`, like llama.cpp's server), `prefix_cache` reuses the longest prompt prefix it has already
computed and reports it in `usage.prompt_tokens_details.cached_tokens` (vLLM with
`--enable-prompt-tokens-details`, SGLang with `--enable-cache-report`), `reasoning_tokens` streams that many
`reasoning_content` tokens before each answer (unless the request's `chat_template_kwargs` sets
`enable_thinking: false`, as Qwen3's template does), and `reject_max_tokens` refuses the `max_tokens` field the
way OpenAI's reasoning models do (`max_completion_tokens` is accepted).

Faults (HTTP 429, HTTP 500, hang = a timeout for the client, mid-stream disconnect) are drawn from a seeded RNG keyed
by the request body and how often that body was seen, so a run is reproducible and a retried request can succeed.
Everything it returns says it is simulated (`model` name, `system_fingerprint`, a `simulated` field), so its
figures are never mistaken for a real backend's.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import os
import random
import re
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from studio.backends.checks import json_kind
from studio.untrusted import lone_surrogate_at

SIM_FINGERPRINT = "ppstudio-simulator"
TOKEN_PATTERN = re.compile(r"\w+|[^\w\s]")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
# "give me 10 slogans", "list three ideas", "translate these 5 sentences": a request verb, then a count.
LIST_REQUEST = re.compile(
    r"\b(?:give|list|write|generate|suggest|name|provide|create|produce|brainstorm|come up with|translate|share|"
    r"propose|draft|summari[sz]e|answer|rewrite|describe|explain)\b[^.?!\n]{0,40}?\b(\d{1,3}|"
    + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
MAX_LIST_ITEMS = 100
PREFIX_CACHE_ENTRIES = 64  # prompts the simulated prefix cache remembers
MAX_JSON_DEPTH = 64  # nesting of a request body; Python's JSON parser recurses, so depth is bounded before parsing
MAX_SCHEMA_DEPTH = 6  # levels of a JSON-mode schema that are filled in; deeper levels get a short sentence
MAX_SCHEMA_VALUES = 256  # values in one JSON-mode answer, whatever minItems asks
MAX_SCHEMA_NUMBER = 1e15  # bounds of minimum/maximum/minItems the simulator accepts
RESPONSE_FORMATS = ("text", "json_object", "json_schema")
SAMPLING_NUMBERS = ("temperature", "top_p", "top_k", "min_p", "presence_penalty", "frequency_penalty",
                    "repeat_penalty")
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
VOCABULARY = (
    "the a bright quiet river city garden market idea plan simple clear strong fresh green early open careful "
    "light stone bridge morning evening story answer question reason result method small large quick slow new "
    "old warm cold honest useful practical gentle bold calm modern classic local global friendly steady careful "
    "people team project product service customer teacher student reader writer journey window table letter "
    "builds keeps makes shows brings finds helps turns holds gives takes moves grows starts joins shares saves "
    "with for from into over under around through between after before during because while when where"
).split()


@dataclass(frozen=True, slots=True)
class LatencyProfile:
    """One simulated machine. `contention` 0 = perfect scaling, 1 = no gain at all from concurrent streams."""

    name: str
    ttft_ms: float
    prefill_ms_per_token: float
    token_ms: float
    contention: float

    def speedup(self, concurrency: int) -> float:
        """Aggregate output throughput at `concurrency` streams, relative to one stream."""
        streams = max(1, concurrency)
        return streams / (1 + (streams - 1) * self.contention)

    def slowdown(self, concurrency: int) -> float:
        """How much slower each of `concurrency` streams runs than a lone stream."""
        return 1 + (max(1, concurrency) - 1) * self.contention


PROFILES: dict[str, LatencyProfile] = {
    # SmolLM2-135M on 2 shared CPU cores: ~20 tokens/s per stream, ~1.15x aggregate at 8 streams.
    "cpu": LatencyProfile("cpu", ttft_ms=150.0, prefill_ms_per_token=1.5, token_ms=45.0, contention=0.85),
    # A GPU server: ~80 tokens/s per stream, near-linear to 64 streams (~49x aggregate).
    "gpu": LatencyProfile("gpu", ttft_ms=60.0, prefill_ms_per_token=0.05, token_ms=12.0, contention=0.005),
}


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """Probabilities per request (each in [0, 1], summing to at most 1) and the RNG seed that draws them."""

    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_hang: float = 0.0  # never answers (until the simulator stops or hang_s passes): a client timeout
    rate_disconnect: float = 0.0  # the connection drops part-way through the response body
    hang_s: float = 600.0
    seed: int = 0

    def __post_init__(self) -> None:
        rates = (self.rate_429, self.rate_500, self.rate_hang, self.rate_disconnect)
        if any(not 0.0 <= rate <= 1.0 for rate in rates) or sum(rates) > 1.0 + 1e-9:
            raise ValueError(f"fault rates must each be in [0, 1] and sum to at most 1 (got {rates})")


@dataclass(frozen=True, slots=True)
class SimConfig:
    profile: LatencyProfile = PROFILES["cpu"]
    time_scale: float = 1.0
    concurrency_cap: int | None = None
    faults: FaultConfig = field(default_factory=FaultConfig)
    context_tokens: int = 8192  # per request: prompt + max_tokens must fit
    default_max_tokens: int = 512
    model: str | None = None  # default "sim-<profile>"
    api_key: str | None = field(default=None, repr=False)
    slowdown: float = 1.0  # the starting value of `Simulator.slowdown`
    max_choices: int = 1  # the largest `n` a request may ask for
    prefix_cache: bool = False  # reuse computed prompt prefixes and report them as cached tokens
    reasoning_tokens: int = 0  # reasoning_content tokens streamed before each answer
    reject_max_tokens: bool = False  # refuse `max_tokens` (accept only `max_completion_tokens`)

    @property
    def model_name(self) -> str:
        return self.model or f"sim-{self.profile.name}"


def profile_named(name: str) -> LatencyProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown simulator profile {name!r} (known: {', '.join(PROFILES)})") from None


class BadRequest(ValueError):
    """A request the simulator refuses with HTTP 400, like llama.cpp's `invalid_request_error`."""

    def __init__(self, message: str, error_type: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.error_type = error_type


class SimulatedDisconnect(ConnectionError):
    """Raised inside a response body to drop the connection part-way (an injected fault)."""


# -- deterministic text ----------------------------------------------------------------------------------------
def count_tokens(text: str) -> int:
    """Roughly what a BPE tokenizer would give: words and punctuation marks."""
    return len(TOKEN_PATTERN.findall(text))


def requested_items(prompt: str) -> int | None:
    """The number of things the prompt asks for ("give me 10 slogans" -> 10), if it asks for a count."""
    match = LIST_REQUEST.search(prompt)
    if not match:
        return None
    raw = match.group(1).lower()
    count = NUMBER_WORDS[raw] if raw in NUMBER_WORDS else int(raw)
    return count if 1 <= count <= MAX_LIST_ITEMS else None


def _words(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(VOCABULARY) for _ in range(count)]


def _sentence(rng: random.Random, count: int) -> str:
    words = _words(rng, count)
    return " ".join(words).capitalize() + "."


class _SchemaAnswer:
    """A value that satisfies a simple JSON schema (objects, arrays, enums, scalars), for JSON-mode requests.

    A keyword of the wrong type is a BadRequest naming where it is (as llama.cpp's schema converter refuses it);
    the value is bounded (MAX_SCHEMA_DEPTH levels, MAX_SCHEMA_VALUES values) whatever `minItems` asks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.budget = MAX_SCHEMA_VALUES

    def fill(self, schema: Any, where: str = "#", depth: int = 0) -> Any:
        if isinstance(schema, bool):  # `true` (anything) or `false` (nothing) schemas
            return _sentence(self.rng, 4)
        if not isinstance(schema, dict):
            raise _schema_error(where, "schema must be an object or a boolean")
        self.budget -= 1
        if depth > MAX_SCHEMA_DEPTH or self.budget <= 0:
            return _sentence(self.rng, 4)
        if "enum" in schema:
            if not isinstance(schema["enum"], list) or not schema["enum"]:
                raise _schema_error(where, "enum must be a non-empty array")
            return schema["enum"][0]
        if "const" in schema:
            return schema["const"]
        for combinator in ("anyOf", "oneOf", "allOf"):
            if combinator in schema:
                options = schema[combinator]
                if not isinstance(options, list) or not options:
                    raise _schema_error(where, f"{combinator} must be a non-empty array")
                return self.fill(options[0], f"{where}/{combinator}/0", depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list) and all(isinstance(k, str) for k in kind):
            kind = next((k for k in kind if k != "null"), "string")
        elif kind is not None and not isinstance(kind, str):
            raise _schema_error(where, "type must be a string or an array of strings")
        if kind == "object" or "properties" in schema:
            properties = schema.get("properties", {})
            if not isinstance(properties, dict):
                raise _schema_error(where, "properties must be an object")
            return {name: self.fill(sub, f"{where}/properties/{name}", depth + 1) for name, sub in properties.items()}
        if kind == "array":
            count = min(max(_bound(schema, "minItems", where, 0), 2), MAX_LIST_ITEMS)
            items = schema.get("items", {"type": "string"})
            return [self.fill(items, f"{where}/items", depth + 1) for _ in range(count) if self.budget > 0]
        if kind in ("integer", "number"):
            low = _bound(schema, "minimum", where, 0)
            high = max(low, _bound(schema, "maximum", where, 10 if kind == "integer" else 1))
            if kind == "integer":
                return self.rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
            return round(self.rng.uniform(low, high), 3)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        return _sentence(self.rng, self.rng.randint(3, 7))


def _bound(schema: dict[str, Any], keyword: str, where: str, default: float) -> Any:
    """A numeric keyword (minItems, minimum, maximum): a number within +-MAX_SCHEMA_NUMBER (JSON numbers have no
    limit; Python's floats do), and a whole number >= 0 for minItems."""
    value = schema.get(keyword, default)
    counting = keyword == "minItems"
    if isinstance(value, bool) or not isinstance(value, int if counting else (int, float)) or (
            counting and value < 0) or not -MAX_SCHEMA_NUMBER <= value <= MAX_SCHEMA_NUMBER:
        raise _schema_error(where, f"{keyword} must be a " + ("non-negative integer" if counting else "number")
                            + f" of at most {MAX_SCHEMA_NUMBER:g} in size")
    return value


def _schema_error(where: str, problem: str) -> BadRequest:
    return BadRequest(f"JSON schema error at {where}: {problem}")


def answer_text(prompt: str, seed: int, response_format: dict[str, Any] | None) -> str:
    """The full answer for this prompt and seed: a numbered list with the requested number of items when the
    prompt asks for N things, a JSON object for JSON-mode requests, otherwise a few sentences."""
    digest = hashlib.sha256(json.dumps([prompt, seed], ensure_ascii=False).encode("utf-8")).hexdigest()
    rng = random.Random(int(digest[:16], 16))
    format_type = (response_format or {}).get("type")
    if format_type == "json_schema":
        schema = ((response_format or {}).get("json_schema") or {}).get("schema", {})
        return json.dumps(_SchemaAnswer(rng).fill(schema), ensure_ascii=False)
    if format_type == "json_object":
        return json.dumps({"answer": _sentence(rng, rng.randint(6, 12))}, ensure_ascii=False)
    items = requested_items(prompt)
    if items is not None:
        return "\n".join(f"{index}. {_sentence(rng, rng.randint(5, 9))}" for index in range(1, items + 1))
    return " ".join(_sentence(rng, rng.randint(6, 12)) for _ in range(rng.randint(2, 4)))


def split_tokens(text: str) -> list[str]:
    """Streaming pieces whose concatenation is exactly `text`: each word or mark with the spacing before it."""
    return re.findall(r"\s*(?:\w+|[^\w\s])", text) or [text]


# -- request parsing -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ChatRequest:
    prompt: str
    prompt_tokens: int
    max_tokens: int
    stream: bool
    include_usage: bool
    seed: int
    response_format: dict[str, Any] | None
    choices: int = 1
    greedy: bool = False  # temperature 0: the same text whatever the seed or choice
    thinking: bool = True  # chat_template_kwargs.enable_thinking

    def answer_seed(self, choice: int) -> int:
        """The seed the text is drawn with: none matters when decoding greedily."""
        return 0 if self.greedy else self.seed + 7919 * choice


def _message_text(message: Any, index: int) -> str:
    if not isinstance(message, dict):
        raise BadRequest(f"messages[{index}] must be an object")
    if not isinstance(message.get("role"), str):
        raise BadRequest(f"messages[{index}].role is required")
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(_part_text(part, index, position) for position, part in enumerate(content))
    raise BadRequest(f"messages[{index}].content must be a string or a list of parts")


def _part_text(part: Any, index: int, position: int) -> str:
    """The text of one content part; the simulator, like a text-only llama.cpp model, reads text parts only."""
    kind = part.get("type") if isinstance(part, dict) else None
    if kind == "image_url":
        raise BadRequest("image input is not supported (a text-only model)")
    if kind != "text":
        raise BadRequest("unsupported content[].type")
    text = part.get("text")
    if not isinstance(text, str):
        raise BadRequest(f"messages[{index}].content[{position}].text must be a string")
    return text


def _integer_field(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(f"Field '{name}' must be an integer")
    return value


def _check_number_fields(body: dict[str, Any]) -> None:
    """Sampling parameters the simulator ignores must still be numbers (as the embedded engine requires)."""
    for name in SAMPLING_NUMBERS:
        value = body.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise BadRequest(f"Field '{name}': type must be number, but is {json_kind(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise BadRequest(f"Field '{name}' must be a finite number")


def _check_response_format(response_format: Any) -> None:
    if response_format is None:
        return
    if not isinstance(response_format, dict):
        raise BadRequest("Field 'response_format' must be an object")
    kind = response_format.get("type", "text")
    if kind not in RESPONSE_FORMATS:
        raise BadRequest(f"response_format type must be one of {', '.join(RESPONSE_FORMATS)}, but got: "
                         f"{json.dumps(kind)[:40]}")
    if kind == "json_schema" and not isinstance(response_format.get("json_schema"), dict):
        raise BadRequest("response_format.json_schema must be an object")


def nested_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects more than `limit` deep, found without parsing it (brackets
    inside strings do not count). Cheap: only the brackets outside strings are looked at one by one."""
    depth = 0
    for byte in _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


def _reject_constant(name: str) -> Any:
    raise BadRequest(f"malformed JSON body: {name} is not a JSON value")


def parse_chat_request(raw: bytes, config: SimConfig) -> ChatRequest:
    """Validate a chat request the way a strict server would, with a 400-worthy message for each problem."""
    if nested_deeper_than(raw, MAX_JSON_DEPTH):
        raise BadRequest(f"malformed JSON body: nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadRequest(f"malformed JSON body: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    # only an escape can make one (raw UTF-8 cannot); answers derived from it could be neither hashed nor sent
    if b"\\u" in raw and lone_surrogate_at(json.dumps(body, ensure_ascii=False)) is not None:
        raise BadRequest("malformed JSON body: a string holds a lone surrogate (half a UTF-16 pair)")
    messages = body.get("messages")
    if messages is None:
        raise BadRequest("'messages' is required")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("'messages' must be a non-empty array")
    prompt = "\n".join(_message_text(message, index) for index, message in enumerate(messages))
    if config.reject_max_tokens and "max_tokens" in body:
        raise BadRequest("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                         "'max_completion_tokens' instead.", "unsupported_parameter")
    max_tokens = _integer_field(body, "max_completion_tokens")
    if max_tokens is None:
        max_tokens = _integer_field(body, "max_tokens")
    if max_tokens is None:
        max_tokens = config.default_max_tokens
    if max_tokens < 1:
        raise BadRequest(f"Field 'max_tokens' must be at least 1 (got {max_tokens})")
    prompt_tokens = count_tokens(prompt) + 4 * len(messages)
    if prompt_tokens + max_tokens > config.context_tokens:
        raise BadRequest(f"request ({prompt_tokens} prompt tokens + max_tokens {max_tokens}) exceeds the "
                         f"available context size ({config.context_tokens} tokens)", "exceed_context_size_error")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise BadRequest("Field 'stream' must be a boolean")
    choices = _integer_field(body, "n")
    if choices is not None and not 1 <= choices <= config.max_choices:  # llama.cpp's server: one per request
        raise BadRequest(f"Field 'n': Value must be between 1 <= value <= {config.max_choices}, but got {choices}")
    _check_number_fields(body)
    options = body.get("stream_options") or {}
    response_format = body.get("response_format")
    _check_response_format(response_format)
    template = body.get("chat_template_kwargs")
    if template is not None and not isinstance(template, dict):
        raise BadRequest("Field 'chat_template_kwargs' must be an object")
    seed = _integer_field(body, "seed") or 0
    return ChatRequest(prompt=prompt, prompt_tokens=prompt_tokens, max_tokens=max_tokens, stream=stream,
                       include_usage=bool(isinstance(options, dict) and options.get("include_usage")), seed=seed,
                       response_format=response_format, choices=choices or 1, greedy=body.get("temperature") == 0,
                       thinking=(template or {}).get("enable_thinking") is not False)


# -- the server ------------------------------------------------------------------------------------------------
class Simulator:
    """The ASGI app and its state: in-flight streams (for the latency model), fault draws, request counts."""

    def __init__(self, config: SimConfig | None = None) -> None:
        self.config = config or SimConfig()
        if self.config.time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        self.active = 0
        self.peak_active = 0
        self.requests = Counter[str]()  # outcome -> count: ok, 400, 401, 429, 500, hang, disconnect
        self.slowdown = self.config.slowdown  # settable while serving: a busy machine makes every step slower
        self.prefixes: list[list[str]] = []  # prompts whose prefill is done (prefix_cache), newest last
        self._seen = Counter[str]()
        self._cap: asyncio.Semaphore | None = None
        self._stopping: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.app = Starlette(routes=[
            Route("/v1/models", self.models, methods=["GET"]),
            Route("/models", self.models, methods=["GET"]),
            Route("/health", self.health, methods=["GET"]),
            Route("/v1/chat/completions", self.chat_completions, methods=["POST"]),
            Route("/chat/completions", self.chat_completions, methods=["POST"]),
        ], lifespan=self._lifespan)

    @asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._cap = asyncio.Semaphore(self.config.concurrency_cap) if self.config.concurrency_cap else None
        yield

    def release_hung_requests(self) -> None:
        """Let hung handlers return so the server can shut down (called from any thread)."""
        if self.loop is not None and self._stopping is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._stopping.set)

    # -- routes ------------------------------------------------------------------------------------------------
    def _unauthorized(self, request: Request) -> Response | None:
        if self.config.api_key and request.headers.get("authorization") != f"Bearer {self.config.api_key}":
            self.requests["401"] += 1
            return _error(401, "Invalid API Key", "authentication_error")
        return None

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "simulated": True})

    async def models(self, request: Request) -> Response:
        if denied := self._unauthorized(request):
            return denied
        return JSONResponse({"object": "list", "data": [{
            "id": self.config.model_name, "object": "model", "created": 0, "owned_by": SIM_FINGERPRINT,
            "simulated": True, "meta": {"n_ctx": self.config.context_tokens, "profile": self.config.profile.name}}]})

    async def chat_completions(self, request: Request) -> Response:
        if denied := self._unauthorized(request):
            return denied
        raw = await request.body()
        try:
            chat = parse_chat_request(raw, self.config)
            texts = [answer_text(chat.prompt, chat.answer_seed(choice), chat.response_format)  # may find a bad
                     for choice in range(chat.choices)]                                  # JSON schema
        except BadRequest as exc:
            self.requests["400"] += 1
            return _error(400, str(exc), exc.error_type)
        fault, cut_at = self._draw_fault(raw, chat)
        if fault == "429":
            self.requests["429"] += 1
            return _error(429, "simulated rate limit", "rate_limit_error")
        if fault == "500":
            self.requests["500"] += 1
            return _error(500, "simulated server error", "server_error")
        if fault == "hang":
            self.requests["hang"] += 1
            assert self._stopping is not None
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=self.config.faults.hang_s)
            except TimeoutError:
                pass
            return _error(504, "simulated hang ended", "server_error")
        completion = _Completion(self, chat, texts, cut_at if fault == "disconnect" else None)
        media = "text/event-stream" if chat.stream else "application/json"
        body = completion.sse() if chat.stream else completion.json_body()
        return StreamingResponse(body, media_type=media)

    def _draw_fault(self, raw: bytes, chat: ChatRequest) -> tuple[str | None, int]:
        faults = self.config.faults
        key = hashlib.sha256(raw).hexdigest()
        self._seen[key] += 1
        rng = random.Random(f"{faults.seed}:{key}:{self._seen[key]}")
        draw = rng.random()
        cut_at = rng.randint(1, max(1, chat.max_tokens // 2))
        for name, rate in (("429", faults.rate_429), ("500", faults.rate_500), ("hang", faults.rate_hang),
                           ("disconnect", faults.rate_disconnect)):
            if draw < rate:
                return name, cut_at
            draw -= rate
        return None, cut_at

    # -- the latency model -------------------------------------------------------------------------------------
    def scaled_s(self, ms: float) -> float:
        return ms * self.config.time_scale * self.slowdown / 1000.0

    def cached_prefix(self, words: list[str]) -> int:
        """How many leading prompt words an earlier, fully prefilled prompt shares (0 without `prefix_cache`)."""
        if not self.config.prefix_cache:
            return 0
        return max((len(os.path.commonprefix([words, seen])) for seen in self.prefixes), default=0)

    def remember_prefix(self, words: list[str]) -> None:
        if self.config.prefix_cache:
            self.prefixes = [*self.prefixes[-(PREFIX_CACHE_ENTRIES - 1):], words]


class _Completion:
    """One request being answered (one or `n` choices): waits for a slot (cap), prefills what is not cached, then
    emits tokens on the latency model's schedule, all choices in step."""

    def __init__(self, sim: Simulator, chat: ChatRequest, texts: list[str], cut_at: int | None) -> None:
        self.sim = sim
        self.chat = chat
        self.cut_at = cut_at  # drop the connection after this many tokens (injected fault)
        thinking = sim.config.reasoning_tokens if chat.thinking else 0
        self.choices: list[list[tuple[str, str]]] = []  # per choice: (delta field, piece)
        self.finish: list[str] = []
        for choice, text in enumerate(texts):
            thought = _words(random.Random(chat.answer_seed(choice)), thinking) if thinking else []
            pieces = [("reasoning_content", " " + word if i else word) for i, word in enumerate(thought)]
            pieces += [("content", piece) for piece in split_tokens(text)]
            self.finish.append("length" if len(pieces) > chat.max_tokens else "stop")
            self.choices.append(pieces[:chat.max_tokens])
        self.id = f"chatcmpl-sim-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())
        self.cached = 0
        self.prompt_ms = 0.0
        self.predicted_ms = 0.0

    async def steps(self) -> AsyncIterator[list[tuple[int, str, str]]]:
        """Yield each step's pieces, (choice, delta field, piece), on schedule. Delays follow a per-request clock
        (deadlines add up), so event loop jitter does not accumulate; each delay uses the number of streams
        active at that moment (the n choices of one request count as n streams, sharing one prefill)."""
        sim, profile = self.sim, self.sim.config.profile
        if sim._cap is not None:
            await sim._cap.acquire()
        streams = len(self.choices)
        sim.active += streams
        sim.peak_active = max(sim.peak_active, sim.active)
        try:
            start = deadline = time.monotonic()
            words = TOKEN_PATTERN.findall(self.chat.prompt)
            self.cached = sim.cached_prefix(words)
            # The prefill is shared out in token-sized steps, so a stream that arrives later slows it down too.
            prefill_ms = profile.ttft_ms + profile.prefill_ms_per_token * (self.chat.prompt_tokens - self.cached)
            while prefill_ms > 0:
                step_ms = min(prefill_ms, profile.token_ms)
                prefill_ms -= step_ms
                deadline += sim.scaled_s(step_ms * profile.slowdown(sim.active))
                await asyncio.sleep(max(0.0, deadline - time.monotonic()))
            sim.remember_prefix(words)
            self.prompt_ms = (time.monotonic() - start) * 1000
            for index in range(max(map(len, self.choices))):
                await asyncio.sleep(max(0.0, deadline - time.monotonic()))
                if self.cut_at is not None and index >= self.cut_at:
                    sim.requests["disconnect"] += 1
                    raise SimulatedDisconnect("simulated mid-stream disconnect")
                yield [(choice, *pieces[index]) for choice, pieces in enumerate(self.choices) if index < len(pieces)]
                deadline += sim.scaled_s(profile.token_ms * profile.slowdown(sim.active))
            self.predicted_ms = (time.monotonic() - start) * 1000 - self.prompt_ms
            sim.requests["ok"] += 1
        finally:
            sim.active -= streams
            if sim._cap is not None:
                sim._cap.release()

    def usage(self) -> dict[str, Any]:
        completion = sum(map(len, self.choices))
        usage: dict[str, Any] = {
            "prompt_tokens": self.chat.prompt_tokens, "completion_tokens": completion,
            "total_tokens": self.chat.prompt_tokens + completion,
            "prompt_tokens_details": {"cached_tokens": self.cached}}
        if reasoning := sum(1 for pieces in self.choices for kind, _ in pieces if kind == "reasoning_content"):
            usage["completion_tokens_details"] = {"reasoning_tokens": reasoning}
        return usage

    def timings(self) -> dict[str, Any]:
        predicted = sum(map(len, self.choices))
        return {"cache_n": self.cached, "prompt_n": self.chat.prompt_tokens - self.cached,
                "prompt_ms": round(self.prompt_ms, 3), "predicted_n": predicted,
                "predicted_ms": round(self.predicted_ms, 3),
                "predicted_per_second": round(predicted / (self.predicted_ms / 1000), 3) if self.predicted_ms else 0.0}

    def _envelope(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.sim.config.model_name,
                "system_fingerprint": SIM_FINGERPRINT, "simulated": True}

    def _chunk(self, delta: dict[str, Any], finish_reason: str | None, choice: int = 0) -> bytes:
        chunk = self._envelope("chat.completion.chunk")
        chunk["choices"] = [{"index": choice, "delta": delta, "finish_reason": finish_reason}]
        return _sse(chunk)

    async def sse(self) -> AsyncIterator[bytes]:
        # Token chunks are the bulk of the work: their JSON is the envelope's, serialised once, plus the piece.
        head = "data: " + json.dumps(self._envelope("chat.completion.chunk"), ensure_ascii=False)[:-1]
        for choice in range(len(self.choices)):
            yield self._chunk({"role": "assistant", "content": ""}, None, choice)
        async for step in self.steps():
            yield "".join(f'{head}, "choices": [{{"index": {choice}, "delta": {{"{kind}": '
                          f'{json.dumps(piece, ensure_ascii=False)}}}, "finish_reason": null}}]}}\n\n'
                          for choice, kind, piece in step).encode("utf-8")
        ending = [self._chunk({}, reason, choice) for choice, reason in enumerate(self.finish)]
        if self.chat.include_usage:
            final = self._envelope("chat.completion.chunk")
            final.update(choices=[], usage=self.usage(), timings=self.timings())
            ending.append(_sse(final))
        yield b"".join(ending) + b"data: [DONE]\n\n"  # one write: they are ready together

    async def json_body(self) -> AsyncIterator[bytes]:
        """The whole answer as one JSON document, sent when done (a cut connection sends half of it)."""
        try:
            async for _ in self.steps():
                pass
        except SimulatedDisconnect:
            yield json.dumps(self._envelope("chat.completion"))[:40].encode()
            raise
        body = self._envelope("chat.completion")
        choices = []
        for choice, pieces in enumerate(self.choices):
            message = {"role": "assistant", "content": "".join(p for kind, p in pieces if kind == "content")}
            if reasoning := "".join(p for kind, p in pieces if kind == "reasoning_content"):
                message["reasoning_content"] = reasoning
            choices.append({"index": choice, "message": message, "finish_reason": self.finish[choice]})
        body.update(choices=choices, usage=self.usage(), timings=self.timings())
        yield json.dumps(body, ensure_ascii=False).encode("utf-8")


def bound_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port (IPv6 when the host is an IPv6 address), with SO_REUSEADDR as uvicorn and
    llama.cpp set it: what the simulator serves on, and what `serve` binds first to name an address it cannot use."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _sse(document: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(document, ensure_ascii=False).encode("utf-8") + b"\n\n"


def _error(status: int, message: str, error_type: str) -> JSONResponse:
    return JSONResponse({"error": {"code": status, "message": message, "type": error_type}}, status_code=status)


class _QuietDisconnects(logging.Filter):
    """Injected disconnects are expected: keep uvicorn from logging them as application errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], SimulatedDisconnect))


class SimulatorServer:
    """The simulator served over HTTP on its own thread and event loop, so it works beside synchronous code."""

    def __init__(self, config: SimConfig | None = None, host: str = "127.0.0.1", port: int = 0,
                 log_level: str = "warning") -> None:
        self.simulator = Simulator(config)
        self.host = host
        self.port = port
        self.log_level = log_level
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def base_url(self) -> str:
        """http://host:port (no /v1); an IPv6 address in brackets, as a URL needs it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> "SimulatorServer":
        sock = bound_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        self._socket = sock
        logging.getLogger("uvicorn.error").addFilter(_QuietDisconnects())
        config = uvicorn.Config(self.simulator.app, log_level=self.log_level, access_log=False, lifespan="on",
                                timeout_graceful_shutdown=2, timeout_keep_alive=30)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"ppstudio-sim-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        try:
            while not self._server.started:
                if not self._thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError(f"the simulator did not start on {self.host}:{self.port}")
                time.sleep(0.005)
        except BaseException:  # Ctrl-C or SIGTERM while starting too: the server may already answer; stop it
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Release hung handlers, ask uvicorn to exit, join the thread, close the socket."""
        if self._server is not None:
            self.simulator.release_hung_requests()
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> "SimulatorServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

