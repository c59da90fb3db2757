"""The one policy for a chat call to an OpenAI-compatible endpoint (docs/architecture.md, "The LLM-call policy").

- `failures`: which failures are worth another attempt, which mean "not this response format", how long to wait
  (Retry-After obeyed up to a cap). The runner's streaming path uses the same classification and backoff.
- `answers`: the model's JSON read leniently into a pydantic model, and that model's strict JSON Schema (every
  property required, `additionalProperties: false`), which is what the request sends.
- `chat`: `ChatClient` (async) and `BlockingChat` (for threads), which put the two together with the
  response-format ladder json_schema -> json_object -> text. Used by the LLM extractor and the judge.
"""
