"""What every backend hands to the code that sends requests: an OpenAI-compatible endpoint.

The runner, the LLM extractor, the judge and the probe only ever see an `Endpoint`; whether it is the embedded
llama.cpp server, the simulator or a remote deployment is decided by `studio.backends.open_endpoint`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from studio.presentation import CUT_MARK

REDACTED_KEY = "[API key]"  # what a reason shows where a server echoed the key
MIN_KEY_PART = 4  # a cut key's start this long or longer is redacted ("sk-p"; shorter ones say nothing of it)


def url_credentials(url: str) -> bool:
    """Whether `url` carries user[:password]@ (basic auth, which the OpenAI API's bearer key replaces)."""
    try:
        return urlsplit(url).username is not None
    except ValueError:  # a malformed URL: the request will say so
        return False


def shown_url(url: str) -> str:
    """`url` as shown to a person: without the user:password@ it may carry (a secret, like a key)."""
    if not url_credentials(url):
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://[credentials]@{rest.split('@', 1)[1]}"


@dataclass(frozen=True, slots=True)
class Endpoint:
    base_url: str  # ends with /v1
    model: str
    label: str  # what reports show: "embedded", "sim:cpu", "openai-compatible"
    simulated: bool = False
    # started for this job and gone after it (the in-process simulator): its URL reaches nothing later
    ephemeral: bool = False
    # requests the server decodes at once, when known (the embedded engine's slots): more than that queue
    slots: int | None = None
    api_key: str | None = field(default=None, repr=False)  # in memory only; never stored, logged or reported

    def redact(self, text: str) -> str:
        """`text` (a reason made from what the server sent back) without this endpoint's key: some gateways echo the
        key they were sent in their error messages ("Incorrect API key provided: sk-..."), and reasons are stored.
        A reason is shortened before it gets here, which may cut the key: the start of it left at the end of the
        text (before the cut's mark) goes too."""
        if not self.api_key:
            return text
        text = text.replace(self.api_key, REDACTED_KEY)
        body = text.removesuffix(CUT_MARK)
        for size in range(len(self.api_key) - 1, MIN_KEY_PART - 1, -1):
            if body.endswith(self.api_key[:size]):
                return body[:-size] + REDACTED_KEY + text[len(body):]
        return text

    def client_key(self) -> str:
        """The key for the openai client, which insists on one even for servers that need none."""
        return self.api_key or "not-needed"
