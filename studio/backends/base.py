"""What every backend hands to the code that sends requests: an OpenAI-compatible endpoint.

The runner, the LLM extractor, the judge and the probe only ever see an `Endpoint`; whether it is the embedded
llama.cpp server, the simulator or a remote deployment is decided by `studio.backends.open_endpoint`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

REDACTED_KEY = "[API key]"  # what a reason shows where a server echoed the key
REDACTED_PASSWORD = "[password]"  # what a URL shows in place of the password of its user:password@


def url_password(url: str) -> str | None:
    """The password of a URL's user:password@ (sent for basic auth), if it has one."""
    try:
        return urlsplit(url).password or None
    except ValueError:  # a malformed URL: the request will say so; there is no password to find
        return None


def redact_password(text: str, url: str) -> str:
    """`text` (a reason that may quote `url`) without the password of `url`'s user:password@."""
    password = url_password(url)
    return text.replace(password, REDACTED_PASSWORD) if password else text


def shown_url(url: str) -> str:
    """`url` as stored and shown: its password replaced (a URL such as http://user:secret@host/v1 carries one)."""
    password = url_password(url)
    return url.replace(f":{password}@", f":{REDACTED_PASSWORD}@", 1) if password else url


@dataclass(frozen=True, slots=True)
class Endpoint:
    base_url: str  # ends with /v1
    model: str
    label: str  # what reports show: "embedded", "sim:cpu", "openai-compatible"
    simulated: bool = False
    # started for this job and gone after it (the in-process simulator): its URL reaches nothing later
    ephemeral: bool = False
    api_key: str | None = field(default=None, repr=False)  # in memory only; never stored, logged or reported

    def redact(self, text: str) -> str:
        """`text` (a reason made from what the server sent back) without this endpoint's key or the password of its
        URL: some gateways echo the key they were sent in their error messages ("Incorrect API key provided:
        sk-..."), HTTP libraries quote the URL, and reasons are stored."""
        if self.api_key:
            text = text.replace(self.api_key, REDACTED_KEY)
        return redact_password(text, self.base_url)

    def stored_url(self) -> str:
        """`base_url` as stored with a run or a probe, and shown: without the password of its user:password@."""
        return shown_url(self.base_url)

    def client_key(self) -> str:
        """The key for the openai client, which insists on one even for servers that need none."""
        return self.api_key or "not-needed"
