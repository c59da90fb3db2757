"""Questions: several questions in a row, each answerable on its own (a passage before them makes Reading
Comprehension); a later question that points back at an earlier one ("why is it ...") keeps them together."""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.matching import Probe
from studio.curation.lexicon.words import ANAPHORA, CJK_QUESTION_END, QUESTION_WORDS_START
from studio.curation.rules.base import MAX_BRANCHES, Decomposition, join_template
from studio.curation.rules.categories import category_for_items
from studio.curation.rules.passages import find_passage

def is_question(item: str) -> bool:
    """A question mark (or a CJK question ending), or a question word opening a sentence of 3+ words."""
    stripped = item.rstrip(" \t\"'”»)")
    if stripped.endswith(("?", "？")) or stripped.endswith(CJK_QUESTION_END):
        return True
    return bool(QUESTION_WORDS_START.match(item) and len(item.split()) >= 3
                and not item.rstrip().endswith((":", ".")))


_SENTENCE = re.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+[\"'”»)]*|\n|$)")
_REQUEST_QUESTION = re.compile(
    r"^(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:help|answer|tell me|explain the following)\b|"
    r"^(?:puedes|podrías|pourriez-vous|peux-tu|kannst du|können sie|puoi|potresti|você pode|pode|можешь|можете)\b",
    re.IGNORECASE)
_LEADING_CONNECTOR = re.compile(r"^(?:and|also|plus|y|et|und|e|и|а)\s+", re.IGNORECASE)


def _question_run(text: str, *, self_contained: bool) -> tuple[list[str], list[tuple[int, int]], int] | None:
    """The trailing run of >= 2 questions: (questions, spans, start of the run). With `self_contained`, a later
    question that points back ("why is it ...") ends the search: it depends on the one before."""
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if text[m.start():m.end()].strip()]
    run: list[tuple[int, int]] = []
    for start, end in reversed(sentences):
        sentence = text[start:end].strip()
        if sentence.endswith(("?", "？")) or sentence.rstrip("\"'”»)").endswith(("?", "？")):
            run.append((start, end))
        elif run:
            break
        elif len(sentence) > 80:
            return None  # the prompt ends with a statement, not with its questions
    run.reverse()
    if len(run) < 2:
        return None
    questions: list[str] = []
    spans: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(run):
        raw = text[start:end]
        lead = len(raw) - len(raw.lstrip())
        question = raw.strip()
        connector = _LEADING_CONNECTOR.match(question)
        if connector:
            question, lead = question[connector.end():], lead + connector.end()
        if index == 0 and _REQUEST_QUESTION.match(question):
            continue
        colon = max(question.rfind(":"), question.rfind("："))
        if colon >= 0 and len(question[colon + 1:].split()) >= 2:  # "Questions: Where is ...?"
            cut = len(question) - len(question[colon + 1:].lstrip())
            question, lead = question[cut:], lead + cut
        words = len(question.split()) if " " in question else len(question) // 2
        if words < 3 or (self_contained and questions and ANAPHORA.search(question)):
            return None
        questions.append(question)
        spans.append((start + lead, start + lead + len(question)))
    if not 2 <= len(questions) <= MAX_BRANCHES:
        return None
    return questions, spans, spans[0][0]


def from_questions(text: str, found: Probe) -> Decomposition | None:
    """Several questions in a row at the end of the prompt; a passage before them becomes the context."""
    run = _question_run(text, self_contained=False)
    if run is None:
        return None
    questions, spans, run_start = run
    before = text[:run_start]
    passage = find_passage(before, "")
    if passage is None:
        run = _question_run(text, self_contained=True)
        if run is None:
            return None
        questions, spans, run_start = run
        before = text[:run_start]
    reasons = [Reason("questions.multiple", f"{len(questions)} questions in a row", (spans[0][0], spans[-1][1]))]
    if passage is not None:
        context, instruction, start, _ = passage
        reasons.append(Reason("passage.context", "the passage before the questions becomes the context",
                              (start, start + len(context))))
        return Decomposition("Reading Comprehension", join_template("{context}", instruction, "{data}"),
                             reasons, data=questions, context=context)
    preamble = before.strip()
    if len(preamble) > 300:
        return None
    category = category_for_items(preamble, found.part(preamble), True)
    return Decomposition(category, join_template(preamble, "{data}"), reasons, data=questions)

