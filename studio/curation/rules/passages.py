"""Passages: the text a list of questions or fields is about (Reading Comprehension, extraction), which becomes
the schema's `context` instead of being split into items."""

from __future__ import annotations

import re

from studio.curation.lexicon.words import READ_CUE
from studio.curation.rules.base import BLANK_LINE, weight

_PASSAGE_LABEL = re.compile(
    r"(?im)^[ \t]*(?:the\s+)?(?:passage|text|article|context|story|paragraph|document|excerpt|email|review|message|"
    r"mensaje|nachricht|messaggio|mensagem|сообщение|"
    r"input|texto|pasaje|artículo|texte|extrait|artikel|auszug|testo|brano|articolo|artigo|trecho|текст|"
    r"статья|отрывок|文章|短文|本文|文本|原文|材料|지문|본문)\s*[:：]\s*")
_QUESTIONS_HEADER = re.compile(
    r"(?im)^[ \t]*(?:questions?|preguntas?|questions?|fragen?|domande|perguntas?|вопросы|问题|問題|質問|질문)"
    r"\s*[:：]?[ \t]*$")
_QUOTED_PASSAGE = re.compile(r"[\"“«„「『]([^\"”»“」』]{120,})[\"”»“」』]")


def find_passage(before: str, after: str) -> tuple[str, str, int, int] | None:
    """(passage, instruction, passage start, side) next to a list of questions: a labelled or long paragraph."""
    for side, chunk in ((0, before), (1, after)):
        label = _PASSAGE_LABEL.search(chunk)
        if label:
            body_end = len(chunk)
            header = _QUESTIONS_HEADER.search(chunk, label.end())
            if header:
                body_end = header.start()
            passage = chunk[label.end():body_end].strip()
            if weight(passage) >= 40:
                trailer = _QUESTIONS_HEADER.sub("", chunk[body_end:])
                instruction = (chunk[:label.start()] + " " + trailer).strip()
                start = chunk.find(passage, label.end())
                return passage, instruction, start, side
    for side, chunk in ((0, before), (1, after)):
        quoted = _QUOTED_PASSAGE.search(chunk)
        if quoted and weight(quoted.group(1)) >= 120:
            instruction = (chunk[:quoted.start()] + " " + chunk[quoted.end():]).strip()
            return quoted.group(1).strip(), instruction, quoted.start(1), side
        paragraphs = [p for p in BLANK_LINE.split(chunk) if p.strip()]
        if not paragraphs:
            continue
        longest = max(paragraphs, key=len)
        if len(paragraphs) == 1 and weight(longest) >= 150:
            first_sentence = re.match(r"[^.!?。！？\n]*[.!?。！？:：\n]\s*", longest)
            if first_sentence and READ_CUE.search(first_sentence.group(0)):
                instruction, passage = first_sentence.group(0).strip(), longest[first_sentence.end():].strip()
                if weight(passage) >= 120:
                    return passage, instruction, chunk.find(passage), side
            continue
        if weight(longest) >= 150 and len(paragraphs) > 1:
            passage = longest.strip()
            instruction = " ".join(p.strip() for p in paragraphs if p is not longest
                                   and not _QUESTIONS_HEADER.fullmatch(p.strip()))
            return passage, instruction, chunk.find(passage), side
    return None

