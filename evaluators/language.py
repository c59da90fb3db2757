"""Which language a translation should be in, and which language an answer is in.

Detection is `studio.language` (script, then py3langid within the script), the leaf module ingest uses too, so
prompts and answers are labelled by the same rules everywhere in the studio.
"""

from __future__ import annotations

import re

from studio.language import detect_language, normalise_language

# "... into French", "translate to Spanish", "say it in German": the word after in/into/to.
_TARGET = re.compile(r"\b(?:in|into|to)\s+([^\W\d_]{4,})", re.IGNORECASE)


def translation_target(prompt: str) -> str | None:
    """The ISO 639-1 code of the language a translation prompt asks for (the last one named), else None."""
    targets = [code for match in _TARGET.finditer(prompt) if (code := normalise_language(match.group(1)))]
    return targets[-1] if targets else None


__all__ = ["detect_language", "translation_target"]
