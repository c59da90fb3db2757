"""Questions: several questions in a row, each answerable on its own (a passage before them makes Reading
Comprehension). Questions that continue one another ("If so, ...", "¿Y el que menos?", "Why is it ...", "What
processes are involved?") or share the situation a statement sets up are one inquiry, not items."""

from __future__ import annotations

import re
from collections.abc import Iterator

from store.models import Reason
from studio.curation.lexicon.matching import CJK_CHAR, Probe, StartNeedleRegex
from studio.curation.lexicon.words import (
    ANAPHORA, CJK_QUESTION_END, CJK_QUESTION_WORDS, GIVEN_DOCUMENTS, QUESTION_CONNECTORS, QUESTION_WORDS_START,
    QUESTIONS_REQUEST, READ_CUE, ROLE_PLAY,
)
from studio.curation.rules.base import (
    BLANK_LINE, MAX_BRANCHES, Decomposition, asks_true_or_false, cloze, end_of_line, join_template, paragraphs,
    pieces_between, weighs)
from studio.curation.rules.categories import SINGLE_TEXT, TEXT_NOUN_WORDS, category_for_items, framed_items
from studio.curation.rules.passages import (
    ASKERS_OWN, HEAD_REACH, QUESTIONS_HEADER_WORDS, SHORT_PASSAGE, after_label, find_passage, named_abroad,
    named_by_place, names_cjk_text, passage_after_request, reads_as_material)


def is_question(item: str) -> bool:
    """A question mark (or a CJK question ending or question word), or a question word opening a sentence of 3+
    words."""
    stripped = item.rstrip(" \t\"'”»)")
    if stripped.endswith(("?", "？", "؟")) or stripped.endswith(CJK_QUESTION_END):  # ("؟": the Arabic mark)
        return True
    if CJK_CHAR.search(stripped[:1]) and CJK_QUESTION_WORDS.search(stripped):
        return True
    return bool((QUESTION_WORDS_START.match(item) or stripped.endswith(_QUESTION_WORD_LAST))
                and len(item.split()) >= 3 and not item.rstrip().endswith((":", ".")))


# Vietnamese and Indonesian put the question word last ("phí gửi xe là bao nhiêu", "kereta pertama jam berapa"); a
# hurried English question may put its question after its topic ("red light blinking fast what does it mean",
# "coffee tastes watery what to do").
_QUESTION_WORD_LAST = tuple(f" {word}" for word in (
    "bao nhiêu", "bao lâu", "khi nào", "thế nào", "ra sao", "không", "gì", "nào", "đâu", "chưa", "mấy", "berapa",
    "gimana", "bagaimana", "kapan", "siapa", "di mana", "what does it mean", "what does that mean",
    "what does this mean", "what to do", "what should i do", "what do i do"))


def asks(item: str) -> bool:
    """A listed item that asks: a question (`is_question`), or an item opened by a question word whose question
    mark ends its first sentence and which goes on with a remark or a follow-up ("What’s a static method?
    How is it unlike an instance method.")."""
    return is_question(item) or bool(QUESTION_WORDS_START.match(item) and _INNER_QUESTION_MARK.search(item))


_INNER_QUESTION_MARK = re.compile(r"[?？]\s")
_SENTENCE = re.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+[\"'”»)]*|\n|$)")
_REQUEST_QUESTION = re.compile(
    r"^(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:help|answer|tell me|explain the following)\b|"
    r"^(?:puedes|podrías|pourriez-vous|peux-tu|kannst du|können sie|puoi|potresti|você pode|pode|можешь|можете)\b",
    re.IGNORECASE)
_LISTED = re.compile(r"[,;，；、]\s*(?:(?:and|or|y|o|et|ou|und|oder|e|и|или)\s+)?", re.IGNORECASE)
_OPEN_QUOTES, _CLOSE_QUOTES = "\"'“«„「", "\"'”»“」"
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|x)"  # i to x, as a list's marker
_ROMAN_MARKER = re.compile(r"\(?" + _ROMAN + r"\)[ \t]+", re.IGNORECASE)  # "(ii) Why ...?"
_ADDITIVE = frozenset({"and", "also", "plus", "y", "et", "und", "e", "и", "а", "también", "aussi", "auch", "anche",
                       "também", "また", "还有", "還有", "另外", "此外"})
# A question that rewords the one before it ("In other words, ...", "More specifically, ...", "Put differently:"):
# one question asked twice, not two (matched at the question's start, before a colon is cut off).
_RESTATED = re.compile(
    r"(?:in\s+other\s+words|(?:to\s+)?put\s+(?:it\s+)?(?:differently|another\s+way)|that\s+is\s+to\s+say"
    r"|more\s+(?:specifically|precisely|concretely)|to\s+rephrase|said\s+differently|en\s+otras\s+palabras"
    r"|dicho\s+de\s+otro\s+modo|autrement\s+dit|en\s+d['’]autres\s+termes|mit\s+anderen\s+worten"
    r"|anders\s+gesagt|in\s+altre\s+parole|em\s+outras\s+palavras|другими\s+словами)\b"
    r"|换句话说|換句話說|言い換えると|つまり|다시\s*말해",
    re.IGNORECASE)
_MIN_BARE_RUN = 3  # two unmarked questions in a row are one inquiry far more often than two tasks
# An exam question: an imperative ended by a question mark ("Define data mining? Explain how it relates to KDD?");
# two of them in a row are two questions of a paper, not one inquiry.
_EXAM_QUESTION = re.compile(r"(?:define|explain|describe|discuss|differentiate|distinguish|state|elaborate|list|"
                            r"enumerate|illustrate|justify)\b", re.IGNORECASE)
# (an exam part may say how to answer: "Briefly explain the i-node structure.")
EXAM_PART = re.compile(r"(?:briefly\s+)?" + _EXAM_QUESTION.pattern, re.IGNORECASE)
_GREETING_WEIGHT = 20  # "Hi!" before the questions is not a statement they share


def _question_run(text: str, *, self_contained: bool, requested: bool = False,
                  ) -> tuple[list[str], list[tuple[int, int]], int] | None:
    """The trailing run of >= 2 questions: (questions, spans, start of the run). A later question that opens with
    a connector ("If so, ...", "Or ...") continues the one before: no run; without `self_contained` (questions
    about a passage) a plain "and" only joins the next question ("... direction? and how do they show distance?"),
    and a question of two words opened by a question word ("Who met?") is one (the passage holds its subject).
    With `self_contained`, a later
    question must also stand alone: no word pointing back ("why is it ...") and, unless the prompt asks for the
    questions to be answered (`requested`), enough content of its own."""
    run: list[tuple[int, int]] = []
    for start, end in _sentences_from_the_end(text):
        sentence = text[start:end].strip()
        if _answer_slot(sentence):
            continue  # "Q: Who ...?\nA:\nQ: When ...?\nA:": the empty slot left for each answer
        if sentence.endswith(("?", "？")) or sentence.rstrip("\"'”»)").endswith(("?", "？")):
            run.append((start, end))
            if len(run) > MAX_BRANCHES + 1:
                return None  # more questions than branches (one may be a request): a dump, not a set of tasks
        elif run:
            break
        elif len(sentence) > 80:
            return None  # the prompt ends with a statement, not with its questions
    run.reverse()
    if len(run) < 2:
        return None
    # quoted questions one to a line are laid out as a list: a pronoun in one refers inside it ("... avoid them?")
    laid_out = all(_quoted_line(text, start, end) for start, end in run)
    questions: list[str] = []
    spans: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(run):
        raw = text[start:end]
        q_start, q_end = start + len(raw) - len(raw.lstrip()), start + len(raw.rstrip())
        listed = _LISTED.match(text, q_start, q_end)  # ', and "How often ...?"': the next of a list of questions
        if listed:
            q_start = listed.end()
        roman = _ROMAN_MARKER.match(text, q_start, q_end)
        if roman:
            q_start = roman.end()
        if questions and _RESTATED.match(text, q_start, q_end):
            return None  # "Is X valid? In other words: does Y lead to defined behaviour?": one question, reworded
        colon = max(text.rfind(":", q_start, q_end), text.rfind("：", q_start, q_end))
        if colon >= 0 and _word_count(text[colon + 1:q_end]) >= 2:  # "Questions: Where is ...?", "问题：长城…？"
            q_start = colon + 1 + len(text[colon + 1:q_end]) - len(text[colon + 1:q_end].lstrip())
        if text[q_start:q_start + 1] == "[" and text[q_start + 1:q_start + 2] in _OPEN_QUOTES:
            q_start += 1  # the first string of a list of them ('["Who ...?", "When ...?"]')
        if text[q_start:q_start + 1] in _OPEN_QUOTES and text[q_end - 1:q_end] in _CLOSE_QUOTES:
            q_start, q_end = q_start + 1, q_end - 1
        question = text[q_start:q_end]
        if index == 0 and _REQUEST_QUESTION.match(question):
            continue
        connector = QUESTION_CONNECTORS.match(question.lstrip("¿¡")) if questions and not listed else None
        if connector and (self_contained or connector.group(0).casefold() not in _ADDITIVE):
            return None
        if connector:
            q_start += len(question) - len(question.lstrip("¿¡")[connector.end():].lstrip())
            question = text[q_start:q_end]
        words = _word_count(question)
        if words < 2 or words == 2 and (self_contained or not QUESTION_WORDS_START.match(question)) or (
                self_contained and questions and not laid_out and not _stands_alone(question, requested)):
            return None
        questions.append(question)
        spans.append((q_start, q_end))
    if not 2 <= len(questions) <= MAX_BRANCHES:
        return None
    return questions, spans, spans[0][0]


# An empty slot left for an answer after a question ("A:", "Answer:", "Réponse :").
_ANSWER_SLOT = re.compile(r"(?:A|Ans|Answer|R|Réponse|Respuesta|Resposta|Risposta|Antwort|Ответ|答|回答)[ \t]*[:：]",
                          re.IGNORECASE)


def _answer_slot(stripped: str) -> bool:
    """Whether a stripped sentence or line is an empty answer slot (`_ANSWER_SLOT`; its colon looked at first)."""
    return stripped[-1:] in ":：" and _ANSWER_SLOT.fullmatch(stripped) is not None


def _sentences_from_the_end(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the `_SENTENCE` matches that are not blank (a match is never empty), last first, as a scan of the
    whole text finds them. A match holds a line break only as its last character, so a scan may start after any
    line break: it starts after one near the end, and further back only while the caller reads on (a run of
    questions ends a prompt; most prompts are done after a few sentences, however long)."""
    end, reach = len(text), _SENTENCE_REACH
    while end > 0:
        start = text.rfind("\n", 0, max(0, end - reach)) + 1
        spans = [match.span() for match in _SENTENCE.finditer(text, start, end) if not match.group().isspace()]
        yield from reversed(spans)
        end, reach = start, reach * 2


_SENTENCE_REACH = 400


def _lines_from_the_end(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the lines that are not blank, last first, found only as far back as the caller reads (the lines
    of an exam problem end the prompt). A run of blank lines is stepped over at once, to the end of the line that
    holds the last visible character before it."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if start < end and not text[start:end].isspace():
            yield start, end
            end = start - 1
        else:
            visible = _visible_end(text, start)
            end = text.find("\n", visible, start) if visible else 0


def _visible_end(text: str, end: int) -> int:
    """Where the last character other than whitespace before `end` ends (0 when there is none), read back in windows
    that double: a long run of whitespace costs a few slices, not a step per line."""
    reach = 64
    while end > 0:
        start = max(0, end - reach)
        visible = len(text[start:end].rstrip())
        if visible:
            return start + visible
        end, reach = start, reach * 2
    return 0


def _word_count(piece: str) -> int:
    """Words in `piece`; a piece with no blank is one word ("add_layer()?", "Why?") unless written in CJK, where
    two characters count as a word."""
    return len(piece.split()) if " " in piece or not CJK_CHAR.search(piece) else len(piece) // 2


def _quoted_line(text: str, start: int, end: int) -> bool:
    """The sentence is a quoted question alone on its line."""
    sentence = text[start:end].strip()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    alone = not text[line_start:start].strip() and not text[end:len(text) if line_end < 0 else line_end].strip()
    return alone and sentence[:1] in _OPEN_QUOTES and sentence[-1:] in _CLOSE_QUOTES


def _stands_alone(question: str, requested: bool) -> bool:
    """No word pointing back at an earlier question, and for CJK text (where the subject is often left out) unless
    the prompt asks to answer the questions (`requested`), a question of some length ("チックトッカー？" leans on the
    one before)."""
    if ANAPHORA.search(question) or _CLITIC.search(question):
        return False
    return requested or not CJK_CHAR.search(question) or weighs(question, 30)


# An object pronoun right after a question word points back: "Qui les a nommés ?", "¿Quién lo inventó?".
_CLITIC = re.compile(r"\b(?:qui|que|quand|comment|pourquoi|où|quién|quien|qué|cuándo|cómo|dónde|por qué|chi|"
                     r"come|quando|perché|quem|como|porque)\s+(?:ne\s+|no\s+|non\s+|não\s+)?"
                     r"(?:les|le|la|lo|los|las|l['’]|li|gli)\b", re.IGNORECASE)


def from_questions(text: str, found: Probe) -> Decomposition | None:
    """Several questions in a row at the end of the prompt; a passage before them becomes the context."""
    run = _question_run(text, self_contained=False)
    if run is None:
        return None
    questions, spans, run_start = run
    before = text[:run_start]
    passage = find_passage(before, "")
    if passage is None or not _questions_follow(before, passage):
        several = len(questions) >= _PASTED_QUESTIONS
        passage = ((_handed_over(before) if several else None) or _text_before_named_lead(before)
                   or (_statements_before(before, several) if passage is not None or several else None))
    if passage is None:
        if ROLE_PLAY.search(text, 0, min(len(text), 300)):
            return None
        requested = QUESTIONS_REQUEST.search(before) is not None
        run = _question_run(text, self_contained=True, requested=requested)
        if run is None:
            return None
        questions, spans, run_start = run
        before = text[:run_start]
        preamble = before.strip()
        exam = all(_EXAM_QUESTION.match(question) for question in questions)
        if not requested and ((len(questions) < _MIN_BARE_RUN and not exam)
                              or weighs(preamble, _GREETING_WEIGHT + 1)):
            return None  # two questions, or questions about a situation the prompt describes: one inquiry
    reasons = [Reason("questions.multiple", f"{len(questions)} questions in a row", (spans[0][0], spans[-1][1]))]
    after = _after_the_run(text, spans[-1][1])
    if passage is not None:
        context, instruction, start, _ = passage
        if _OTHER_TASK.search(instruction) and not _ANSWER.search(instruction):
            return None  # "Help me improve the content below", "create a workflow for me": the questions are material
        reasons.append(Reason("passage.context", "the passage before the questions becomes the context",
                              (start, start + len(context))))
        return Decomposition("Reading Comprehension", join_template("{context}", instruction, "{data}", after),
                             reasons, data=questions, context=context)
    preamble = before.strip()
    if ONE_TEXT_COVERS.search(preamble):
        return None  # "Draft an outline for a post on composting. The outline should cover: ...? ...?"
    if sum(1 for question in questions if _REFLECTION.search(question)) >= 2:
        return None  # "What is your opinion of the course so far? What have you found hard?": one reflection
    frame = framed_items(questions, found)
    if frame is not None:  # the same task on every line: its frame is the template, the varying parts the data
        category, framed, parts = frame
        return Decomposition(category, join_template(preamble, framed, after), reasons, data=parts)
    category = category_for_items(preamble, found.part(preamble), True)
    return Decomposition(category, join_template(preamble, "{data}", after), reasons, data=questions)


def _after_the_run(text: str, end: int) -> str:
    """What follows the last question of a run: a short closing line every answer heeds ("explain as if iam a
    student"), not an empty answer slot ("A:")."""
    after = text[end:].strip()
    return "" if _answer_slot(after) or not any(map(str.isalnum, after)) else after


def from_questions_before_passage(text: str) -> Decomposition | None:
    """Questions right after a request that names the text they are about, the text after them ("Given this job
    description, answer: What skills are required? What is the salary?\n\n<description>", "Based on this text,
    answer: Q: when ...? Q: who ...?\nText: ..."): the request's paragraph ends with the questions, after its colon;
    the text (past a label such as "Paragraph:") is the context, however short. Three or more questions may also
    open the prompt, alone or under a short header (`_header`: "Quick questions:"), before a text of statements.
    (`asked_of_text` reads such requests beside a passage of a plain paragraph's length first.)"""
    if text.count("?", 0, HEAD_REACH) + text.count("？", 0, HEAD_REACH) < 2:
        return None  # (the request's paragraph, and its questions, end within `HEAD_REACH`)
    split = passage_after_request(text)
    if split is None:
        return None
    head = text[:split].rstrip()
    run = _question_run(head, self_contained=False)
    if run is None:
        return None
    _, spans, _ = run
    spans = [(_BLOCK_MARKER.match(text, start).end(), end) for start, end in spans]  # "(1) Who ...?" loses "(1)"
    questions = [text[start:end] for start, end in spans]
    lead = head[:run[2]].strip()
    names_document = _NAMED_DOCUMENT.search(lead) is not None or named_abroad(lead) is not None or names_cjk_text(lead)
    named = (lead.endswith((":", "：")) and (names_document or SINGLE_TEXT.search(lead) is not None
                                             or named_by_place(lead, 0, len(lead)) is not None)
             or len(spans) >= _MIN_BARE_RUN and names_document and _one_sentence(lead))
    if not (named or len(spans) >= _MIN_BARE_RUN and _header(lead)) or _OTHER_TASK.search(lead):
        return None
    passage_from = after_label(text, split + len(text[split:]) - len(text[split:].lstrip()))
    passage = text[passage_from:].strip()
    if not weighs(passage, SHORT_PASSAGE) or not named and _SPEAKS.search(passage):
        return None  # (unnamed, the text after three questions is their passage only if it states, not the asker's own)
    return _questions_before_text(text, spans, questions, passage, passage_from, lead, "before their passage")


def from_questions_cut_by_marks(text: str) -> Decomposition | None:
    """Questions on one line cut by " / " or semicolons, the prompt's first or last paragraph, the rest a passage
    ("does the warranty cover limescale / where do i find the serial number / does registering do anything\n\n
    <the warranty terms>", "ok reading this — can i return earrings; who pays return postage; how long till i get my
    money back"): the marks set the questions apart as a list's markers would. Each piece asks (a question word, a
    mark); the passage asks nothing itself and is no story of the asker's own ("I", "my"); a lead before a colon or
    a dash stays the request's."""
    if " / " not in text and ";" not in text:
        return None  # (most prompts have neither)
    end = len(text.rstrip())
    start = len(text) - len(text.lstrip())
    first_end = text.find("\n", start, end)
    if first_end < 0:
        return None  # (one line: no passage beside it)
    last_start = text.rfind("\n", start, end) + 1
    for line_start, line_end in ((start, first_end), (last_start, end)):
        line = text[line_start:line_end]
        if (" / " not in line and ";" not in line) or len(line) > _CUT_LINE:
            continue  # (the line of questions is the prompt's first or last)
        line_start, line_end = line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip())
        lead = _CUT_LEAD.match(text, line_start, line_end)
        spans = pieces_between(text, lead.end() if lead is not None else line_start, line_end, _CUT_MARK)
        items = [text[a:b] for a, b in spans]
        if not 2 <= len(items) <= MAX_BRANCHES or not all(
                asks(item) and _MIN_CUT_WORDS <= len(item.split()) <= _MAX_CUT_WORDS for item in items):
            continue
        if any(QUESTION_CONNECTORS.match(item) for item in items[1:]):
            continue  # (a question going on from the one before)
        blocks = paragraphs(text)  # (read only now: the line must be a paragraph of its own)
        if len(blocks) < 2 or (line_start, line_end) not in (blocks[0], blocks[-1]):
            continue
        others = blocks[1:] if blocks[0] == (line_start, line_end) else blocks[:-1]
        passage = text[others[0][0]:others[-1][1]]
        request = text[line_start:spans[0][0]].strip()
        if not weighs(passage, _CUT_PASSAGE) or "?" in passage or _OTHER_TASK.search(request) \
                or ASKERS_OWN.search(passage):
            continue
        reasons = [Reason("questions.multiple", f"{len(items)} questions cut by marks beside the passage",
                          (spans[0][0], spans[-1][1])),
                   Reason("passage.context", "the passage the questions ask about becomes the context",
                          (others[0][0], others[-1][1]))]
        return Decomposition("Reading Comprehension", join_template("{context}", request, "{data}"), reasons,
                             data=items, context=passage)
    return None


_CUT_LINE = 400  # a request of one line, not a paragraph of prose
_CUT_PASSAGE = 200  # the text the questions are about: a paragraph at least
_MIN_CUT_WORDS, _MAX_CUT_WORDS = 2, 16
_CUT_MARK = re.compile(r"[ \t]+/[ \t]+|[ \t]*;[ \t]*")
# What leads the questions: words before a colon or a dash ("đọc giúp mình:", "ok reading this —").
_CUT_LEAD = re.compile(r"[^:：\n/;]{0,80}?(?:[:：]|[ \t][—–-])[ \t]*")


_GIVEN = "|".join(GIVEN_DOCUMENTS)  # (an alternation of them, in `_NAMED_DOCUMENT` twice)
# A document the asker was given, named before the questions about it ("based on this thread:", "Per the policy
# below:", "quick qs about this:", "I got this leaflet with my prescription.", "this is from my lease"): not a piece of
# the asker's own work (an essay, a story, code), whose questions ask for feedback on it.
_NAMED_DOCUMENT = re.compile(
    r"\b(?:this|these|that|the)\s+(?:[\w-]+\s+){0,2}?(?:" + _GIVEN + r"|report|memo|e-?mail|letter|"
    r"contract|article|text|passage|page|post|transcript|chat|conversation|guide|terms|statement|document|excerpt|"
    r"abstract|"
    r"paper|study|instructions|label)\b|\babout\s+this\s*[:：]\s*$|"
    # (a part of the asker's document, given: "this is from my lease", "from our house rules")
    r"\bfrom\s+(?:my|our)\s+(?:[\w-]+\s+){0,2}?(?:" + _GIVEN + r"|contract|terms|rules|letter|"
    r"instructions|label)\b|"
    r"\b(?:got|sent|received|forwarded)\s+(?:me\s+|us\s+|her\s+|him\s+)?(?:this|these)\b|"  # "mom got these"
    r"\b(?:pasted|attached|copied)\s+(?:below|above)\b", re.IGNORECASE)  # "our travel policy (pasted below):"
_LEAD_SENTENCE_WORDS = 15
_SENTENCE_BREAK = re.compile(r"[.!?。！？]\s+\S")


def _one_sentence(lead: str) -> bool:
    """A lead of one short sentence ("I got this leaflet with my prescription."), not a story of the asker's own."""
    return len(lead.split()) <= _LEAD_SENTENCE_WORDS and _SENTENCE_BREAK.search(lead) is None


# A question on the answerer's own experience or view ("what is your opinion of statistics so far?", "What have you
# found challenging?", "What did you enjoy most?"): a discussion-board or feedback prompt, answered by one reflection,
# not questions with answers of their own ("How do you boil an egg?" asks how, of anyone).
_REFLECTION = re.compile(
    r"\b(?:have|did)\s+you\s+(?:personally\s+)?(?:found|find|learned|learnt|learn|enjoyed|enjoy|liked|like|felt|"
    r"experienced|struggled)\b|\byour\s+(?:own\s+|personal\s+)?(?:opinion|experience|impressions?|feelings?|"
    r"takeaways?)\s+(?:of|on|about|with|so\s+far)\b", re.IGNORECASE)
# One written piece that the questions shape ("the outline should answer these questions:", "the essay must address"):
# the questions are its brief, not tasks (`lists` checks a list's header with it too).
ONE_TEXT_COVERS = re.compile(
    r"\b(?:outline|essay|article|post|speech|report|script)\s+(?:should|must|will|needs?\s+to)\s+"
    r"(?:answer|address|cover)\b", re.IGNORECASE)
# The instruction beside a passage asks for one piece of work on it (improve it, build a workflow from it, help with
# "the following problem"), not for the questions in it to be answered.
_OTHER_TASK = re.compile(
    r"\b(?:improve|rewrite|re-write|edit|proofread|polish|paraphrase|create|design|build|draft)\b"
    r"|\bthe\s+following\s+(?:problem|issue|situation|scenario|case)\b", re.IGNORECASE)
# "answer these questions", "respond to each", a hurried "ans these" (not "if you don't know the answer, say so")
_ANSWER = re.compile(r"\b(?:answer|ans|respond\s+to|reply\s+to)\s+(?:these|the|those|my|all|each|following|them|it)\b",
                     re.IGNORECASE)


def _questions_follow(before: str, passage: tuple[str, str, int, int]) -> bool:
    """The questions come right after the passage, after a line asking to answer them or after a short header: not
    after more narrative (the questions of a dialogue or a joke are part of its text)."""
    context, _, start, _ = passage
    gap = before[start + len(context):]
    return _header(gap) or bool(READ_CUE.search(gap) or QUESTIONS_REQUEST.search(gap) or _PASSAGE_NOUN.search(gap))


def _header(gap: str) -> bool:
    """Nothing but marks closing the passage, or those and a few words introducing the questions (a closing fence or
    tag, '", "questions": ', "My questions:", "ok so"): at most eight words with a colon, or four; one line of words
    opening with a letter (no list item, no code), no question of their own. Narrative that goes on after a passage is
    longer. Why: blind probe sets put such headers between a passage and its questions in many wordings and layouts,
    and the cue lists knew only some ("answer the following questions", "the text above")."""
    words = gap.strip(_CLOSING_MARKS)
    count = len(words.split())
    return (not words or _HEADER_LINE.fullmatch(words) is not None) and (
        count <= _HEADER_WORDS // 2 or count <= _HEADER_WORDS and (":" in gap or "：" in gap))


_HEADER_WORDS = 8
_CLOSING_MARKS = " \t\n\"'`“”„«»「」『』.,;:：{}[]<>/"
_HEADER_LINE = re.compile(r"[^\W\d_][\w'’ \t,.!&-]*")


def _statements_before(before: str, several: bool) -> tuple[str, str, int, int] | None:
    """All of the text before the questions as their passage, when it is paragraphs of statements about their subject
    (an article pasted whole: "<p1>\n\n<p2>\n\n<p3>\n\nWho ...? When ...?"), not a dialogue, a joke or the asker's own
    story: no question, no quote and no "I"/"my"/"me" in any of them ("we" and "you" are a document's: an abstract's
    authors, a manual's reader). One such paragraph is enough before `several` (three or more) questions set apart
    from it by a blank line ("<a paragraph about a bakery>\n\nWho opened it? When did it move? Why did it stop selling
    rye?"): the asker's own set-up speaks, and its questions are one inquiry; a paragraph that does not speak is
    material the questions are about."""
    whole = before.strip()
    paragraphs = [paragraph for paragraph in BLANK_LINE.split(whole) if paragraph.strip()]
    if len(paragraphs) < (1 if several and BLANK_LINE.search(before, len(before.rstrip()) - 1) else 2) \
            or not weighs(whole, _ARTICLE_WEIGHT) or ASKERS_OWN.search(whole) \
            or any(map(whole.__contains__, _VOICE_MARKS)):
        return None
    return whole, "", before.find(whole), 0


_ARTICLE_WEIGHT = 300


def _text_before_named_lead(before: str) -> tuple[str, str, int, int] | None:
    """All of the text before the questions' lead as their passage, when the lead is a short last line naming the
    text it follows and ending in a colon ("quick qs about this email from HR: ...?", "Two things I didn't get from
    this post: ...?"): the text may run over several paragraphs, of which `find_passage` takes the longest, and
    speak (an email, a forum post)."""
    lead_start = before.rstrip().rfind("\n") + 1
    lead = before[lead_start:].strip()
    if not lead.endswith((":", "：")) or len(lead.split()) > _LEAD_SENTENCE_WORDS \
            or _NAMED_DOCUMENT.search(lead) is None:
        return None
    whole = before[:lead_start].strip()
    if not weighs(whole, _ARTICLE_WEIGHT):
        return None
    return whole, lead, before.find(whole), 0


def _handed_over(before: str) -> tuple[str, str, int, int] | None:
    """All of the text between a short opening line that hands it over ("my manager sent this, I'm a bit confused")
    and the questions as their passage, when it runs over two or more paragraphs: an email's greeting and signature
    are its own, and so are its "then"s. The questions stand in a paragraph of their own: after a line that leads
    into them ("Your paper should address the following: ...?") they belong to a task set in the text."""
    blocks = paragraphs(before)
    if len(blocks) < 3 or BLANK_LINE.search(before, blocks[-1][1]) is None:
        return None
    lead = before[blocks[0][0]:blocks[0][1]].strip()
    whole = before[blocks[1][0]:blocks[-1][1]].strip()
    if not _hands_over(lead) or not reads_as_material(whole, questions_allowed=True):
        return None
    return whole, lead, before.find(whole, blocks[1][0]), 0


# A question or a quote in a text (the asker speaking, as `ASKERS_OWN`'s words do); `_SPEAKS` adds the words a
# document says to its reader or of its authors.
_VOICE_MARKS = "?？\"“”"
_SPEAKS = re.compile(r"\b(?:you|your|please|i|i['’]m|my|me|we|our|us)\b|[" + _VOICE_MARKS + "]", re.IGNORECASE)
_PASSAGE_NOUN = StartNeedleRegex(re.compile(  # (tried only where one of its words starts)
    r"\b(?:passage|text|article|paragraph|story|texto|texte|testo|artikel|текст\w*)\b|文章|本文|短文", re.IGNORECASE),
    ("passage", "text", "article", "paragraph", "story", "texto", "texte", "testo", "artikel", "текст", "文章", "本文",
     "短文"))


_MIN_QUESTION_LINES = 3
_QUESTION_LINE_WEIGHT = 400
_ASKS_YOU = re.compile(r"(?:can|could|would|will)\s+you\b", re.IGNORECASE)
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width marks pasted from web pages before each line
# A line asking for an explanation or a list among the questions ("Explain the main differences between ARM and
# x86.", "Name at least 5 ways ...", "Using the framework, list ..."): one more request on the same subject.
_REQUEST_LINE = re.compile(
    r"(?:[^,\n]{1,60},\s*)?(?:please\s+)?(?:explain|describe|define|discuss|elaborate|compare|name|list|write|give|"
    r"outline|summari[sz]e|state|mention|identify)\b", re.IGNORECASE)
# A line asking to answer what follows ("answer and count them", "Help me answer these 4 questions"); not "Let me
# answer your questions:" (the user answering).
ANSWER_HEADER = re.compile(r"[ \t]*(?:please\s+|help\s+me\s+)?answer\b[^?？\n]{0,60}$", re.IGNORECASE)


# A question without its mark, told by its word order ("Does the fund publish a report", "Which frameworks does it
# follow", "How many staff does it have"): headings keep theirs ("What we offer", "How it works", "Why choose us").
_INVERTED = re.compile(
    r"(?:(?:what|which|whose|where|when|why|how)(?:[ \t]+[\w'’-]+){0,3}?[ \t]+)?"
    r"(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|may|might|must|shall)[ \t]+\w",
    re.IGNORECASE)


def from_question_lines(text: str) -> Decomposition | None:
    """A prompt that is nothing but lines of questions, each opened by a question word ("Does the fund ...? Which
    topics?\\nIs there any training ...?"): one item per line, whatever follow-up questions a line adds about its own
    subject. The first line may ask to answer them ("answer and count them"), and up to a third of the lines may
    ask for an explanation or a list instead ("Explain the main differences between ARM and x86 processors."), as
    long as the first item is a question. A line may lack its question mark when its word order says it asks
    ("Does the fund publish a report"). A line of request ("Can you ...?") or any other line (a statement, a
    header) makes it something else."""
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    header = ""
    requests = 0
    position = 0
    for line in text.split("\n"):
        stripped = line.strip().strip(INVISIBLE).strip()
        if stripped and not items and not header and ANSWER_HEADER.match(stripped):
            header = stripped
        elif stripped:
            start = position + line.index(stripped)
            if weighs(stripped, _QUESTION_LINE_WEIGHT) or _ASKS_YOU.match(stripped):
                return None
            if not (QUESTION_WORDS_START.match(stripped) and ("?" in stripped or "？" in stripped
                                                               or _INVERTED.match(stripped) is not None)):
                if not items or not _REQUEST_LINE.match(stripped) or stripped.endswith((":", "：")):
                    return None
                requests += 1
            items.append(stripped)
            spans.append((start, start + len(stripped)))
            if len(items) > MAX_BRANCHES:
                return None
        position += len(line) + 1
    if len(items) - requests < _MIN_QUESTION_LINES or requests * 3 > len(items):
        return None
    reasons = [Reason("questions.lines", f"{len(items)} lines of questions" + (
        f" ({requests} of them requests)" if requests else "") + (" after a request to answer them" if header else
                                                                   " and nothing else"),
                      (spans[0][0], spans[-1][1]))]
    return Decomposition("Question Answering", join_template(header, "{data}"), reasons, data=items)


# One numbered question of an exam paper, a question then an exam imperative, maybe with its marks ("1. What is a
# deadlock? State the conditions for it. 1+5"): the paper's number says these are two parts of the paper, each
# answered on its own. Unnumbered, "What is X? Explain Y." is a definition and its follow-up far more often.
_NUMBERED_EXAM = re.compile(  # (`\s*+`: a "Q" or a digit follows, never a blank given back)
    r"\s*+(?:Q\.?\s*)?\d{1,2}[.)]\s+(?P<question>(?:what|how|why|which|when|where|who)\b[^?？]{3,200}[?？])\s+"
    r"(?P<imperative>" + EXAM_PART.pattern + r"[^?？]{3,200}?\.?)"
    r"(?:\s*[(\[]?\d{1,2}(?:\s*\+\s*\d{1,2})*(?:\s*marks?)?[)\]]?)?\s*$", re.IGNORECASE)


def from_numbered_exam_question(text: str) -> Decomposition | None:
    """A prompt that is one numbered exam question made of a question and an exam imperative that does not point
    back at it (`_NUMBERED_EXAM`): the two parts are the items."""
    match = _NUMBERED_EXAM.match(text)
    if match is None or ANAPHORA.search(match.group("imperative")):
        return None
    spans = [match.span("question"), match.span("imperative")]
    reasons = [Reason("questions.multiple", "a numbered exam question and an exam imperative",
                      (spans[0][0], spans[-1][1]))]
    return Decomposition("Question Answering", "{data}", reasons, data=[text[start:end] for start, end in spans])


# An exam problem's set-up, then its parts one to a line, each a computation asked of the set-up or a question
# ("A gas undergoes a cycle ... V1 = 0.028 m^3 ...\nCalculate the net work for the cycle\nCalculate the heat transfer
# for process 2-3\nIs this a power cycle?"), maybe under one closing line on the form of the answers ("Please make a
# table of results."): the parts are answered each from the set-up (Reading Comprehension over it).
_COMPUTATION_LINE = re.compile(r"(?:calculate|compute|determine|find|estimate|derive)\b", re.IGNORECASE)
_PART_LINE_WEIGHT = 200
_CLOSING_LINE_WEIGHT = 80
_SET_UP_WEIGHT = 100
_DIGIT = re.compile(r"\d")
# "I'm in Paris for 3 days with 2 kids.\nFind a hotel ...\nFind a restaurant ...": the asker's own plans, not a problem
_FIRST_PERSON = re.compile(r"\b(?:i|i['’]m|my|we|our|us)\b", re.IGNORECASE)


def from_exam_lines(text: str) -> Decomposition | None:
    """The lines ending the prompt after a set-up holding numbers (the problem's givens) and no first person: two or
    more computations and any questions, one to a line, at most one short closing line after them."""
    spans: list[tuple[int, int]] = []
    computations = 0
    closing = None
    for start, end in _lines_from_the_end(text):
        line = text[start:end].strip()
        short = not weighs(line, _PART_LINE_WEIGHT + 1)
        computation = short and _COMPUTATION_LINE.match(line) is not None
        if computation or short and line.endswith("?") and QUESTION_WORDS_START.match(line):
            offset = text.index(line, start)
            spans.append((offset, offset + len(line)))
            computations += computation
        elif spans or closing is not None or weighs(line, _CLOSING_LINE_WEIGHT + 1):
            break
        else:
            closing = (start, end)
    spans.reverse()
    set_up = text[:spans[0][0]].strip() if spans else ""
    if computations < 2 or len(spans) > MAX_BRANCHES or not weighs(set_up, _SET_UP_WEIGHT) \
            or not _DIGIT.search(set_up) or _FIRST_PERSON.search(set_up) or ROLE_PLAY.search(set_up):
        return None
    items = [text[start:end] for start, end in spans]
    set_up_start = text.index(set_up)
    reasons = [Reason("questions.exam-lines", f"{len(items)} parts of an exam problem, one to a line",
                      (spans[0][0], spans[-1][1])),
               Reason("passage.context", "the problem's set-up becomes the context",
                      (set_up_start, set_up_start + len(set_up)))]
    tail = text[closing[0]:closing[1]].strip() if closing else ""
    return Decomposition("Reading Comprehension", join_template("{context}", "{data}", tail), reasons, data=items,
                         context=set_up)


# A request to answer questions about a text ("Answer these questions using the text below", "pls answer this
# questions from the paragraph", "Given the document below, answer each question"), the text named in its line.
_TEXT_NOUN = r"(?:text|passage|paragraph|article|story|document|excerpt|email|report)"
_ANSWER_ABOUT_TEXT = re.compile(
    r"\banswer\w*[ \t]+(?:[\w']+[ \t]+){0,3}?questions?\b[^\n]{0,80}?\b(?:" + _TEXT_NOUN + r"|above|below)\b"
    r"|\b(?:given|based\s+on|using|from|according\s+to|read)\s+(?:the|this)\s+" + _TEXT_NOUN
    + r"\b[^\n]{0,40}?\banswer\w*[ \t]+(?:[\w']+[ \t]+){0,2}?questions?\b"
    # "Answer based on the text." over a "Questions:" header (`_QUESTIONS_LINE`), in the languages users write
    r"|\banswer\w*[ \t]+(?:based\s+on|using|from|according\s+to)\s+(?:the|this)\s+" + _TEXT_NOUN + r"\b"
    r"|\b(?:responda|responde|contesta)\s+(?:com\s+base\s+no|según\s+el|con\s+base\s+en\s+el)\s+texto\b"
    r"|\bantworte\w*\s+anhand\s+des\s+textes\b|\brépond\w*\s+(?:à\s+partir\s+du|selon\s+le)\s+texte\b",
    re.IGNORECASE)
_BLOCK_MARKER = re.compile(r"[ \t]*(?:[-•*][ \t]+|q\d{0,2}[.:)][ \t]*|\(?\d{1,2}[.)][ \t]+|\(?[a-h]\)[ \t]+|"
                           r"\(?" + _ROMAN + r"[.)][ \t]+)?", re.IGNORECASE)
_BLOCK_LINE_WORDS = 25  # a question line is short; a longer line is part of a text
# (every `_ANSWER_ABOUT_TEXT` match holds one of these)
_ANSWER_ABOUT_TEXT_STEMS = ("nswer", "NSWER", "esponda ", "esponde ", "ontesta ", "ntworte", "épond")
_QUESTIONS_LINE = re.compile(r"[ \t]*" + QUESTIONS_HEADER_WORDS + r"[ \t]*[:：][ \t]*", re.IGNORECASE)  # "Questions:"
_TAIL_REQUEST = 300  # a first paragraph asking to read or answer is a request, not a text


def from_question_block(text: str) -> Decomposition | None:
    """ "Answer these questions using the text below\n\n<a question a line>\n\nText: <passage>" (or the passage
    first, the questions last): a request in the first paragraph to answer questions about a text, a paragraph of
    two or more question lines (each ending in "?" or opening with a question word; a third of them may be bare
    phrases, the request having said they are questions), and the text between or after: the questions are the
    items, the text (past its label) the context."""
    head = text[:HEAD_REACH]
    if not any(map(head.__contains__, _ANSWER_ABOUT_TEXT_STEMS)):
        return None  # (substring tests before a regex tried at every position of the head)
    request = _ANSWER_ABOUT_TEXT.search(text, 0, HEAD_REACH)
    if request is None:
        return None
    blocks = paragraphs(text)
    if len(blocks) < 3 or not blocks[0][0] <= request.start() < blocks[0][1]:
        return None
    for index, (start, end) in enumerate(blocks[1:], start=1):
        lines, _ = _questions_under_header(text, start, end, _QUESTIONS_LINE)
        if lines is None:
            continue
        if index == 1:  # the questions, then the text
            passage_start, passage_end = blocks[2][0], blocks[-1][1]
        elif index == len(blocks) - 1:  # the text, then the questions
            passage_start, passage_end = blocks[1][0], blocks[index - 1][1]
        else:
            return None
        passage_from = after_label(text, passage_start)
        passage = text[passage_from:passage_end].strip()
        if not weighs(passage, SHORT_PASSAGE) or len(lines) > MAX_BRANCHES:
            return None
        context_start = text.index(passage, passage_from)
        reasons = [Reason("questions.multiple", f"{len(lines)} questions a line", (lines[0][0], lines[-1][1])),
                   Reason("passage.context", "the text the request names becomes the context",
                          (context_start, context_start + len(passage)))]
        instruction = text[blocks[0][0]:blocks[0][1]].strip()
        return Decomposition("Reading Comprehension", join_template("{context}", instruction, "{data}"), reasons,
                             data=[text[a:b] for a, b in lines], context=passage)
    return None


# A line heading the questions that close a prompt ("Questions:", "Answer briefly:", "Please answer the following:").
# A header of questions may say more before its noun ("got my manual here, quick qs:", "a few questions:").
_CLOSING_HEADER = re.compile(r"[ \t]*(?:(?:[^?？:：\n]{0,60}[ \t,])?(?:" + QUESTIONS_HEADER_WORDS + r"|qs)"
                             r"|(?:[^?？:：\n]{0,60}[ \t,])?(?:please[ \t]+)?answer\b[^?？:\n]{0,30})[ \t]*[:：][ \t]*$",
                             re.IGNORECASE)


def from_questions_after_passage(text: str) -> Decomposition | None:
    """A passage, then a last paragraph of question lines (each ending in "?" or opening with a question word; a
    third may be bare phrases): under a header of its own ("Questions:\nhow many took part\nwhat was found", "Answer
    briefly:\n..."; then any share may be bare), or with a first paragraph that asks to read or answer ("Pls read and
    answer\n\n<passage>\n\n(i) What ...?\n(ii) Why ...?"). The questions are the items, the text between (past its
    label) the context; or with a first paragraph naming the text by its place ("from my coffee machine manual
    (pasted below)"). `from_question_block` wants the request to name the questions and the text; these layouts
    say it by the header or by where the text stands."""
    last = _last_paragraph(text, MAX_BRANCHES + 1)
    if last is None or "\n" not in text[last[0]:last[1]]:
        return None  # (a header or a question a line: two lines at least)
    last_start, last_end = last
    lines, header_end = _questions_under_header(text, last_start, last_end, _CLOSING_HEADER)
    if lines is None and asks_true_or_false(text[:min(last_start, _TAIL_REQUEST)]):
        lines = _question_block(text, last_start, last_end, any_bare=True)  # statements to judge true or false
    if lines is None:
        return None  # (the last paragraph first: most prompts end otherwise, and their paragraphs go unread)
    headed = header_end is not None
    blocks = [*paragraphs(text[:last_start]), last]
    if len(blocks) < 2:
        return None
    passage_start = blocks[0][0]
    if not headed:
        if len(blocks) >= 3 and not weighs(text[blocks[0][0]:blocks[0][1]], _TAIL_REQUEST + 1) and (
                READ_CUE.search(text, blocks[0][0], blocks[0][1]) or _pasted_text_lead(text, blocks, lines)
                or (_named_text_lead(text[blocks[0][0]:blocks[0][1]].strip(), lines)
                    or named_by_place(text, *blocks[0]) is not None)  # ("from my manual (pasted below)")
                and _OTHER_TASK.search(text, *blocks[0]) is None):  # (not "improve the content below")
            passage_start = blocks[1][0]
        elif len(lines) < _PASTED_QUESTIONS or _statements_before(text[:last_start], True) is None:
            return None  # (else all of a text that does not speak is material for its question lines, as for "?"s)
    passage_from = after_label(text, passage_start)
    passage = text[passage_from:blocks[-2][1]].strip()
    if not weighs(passage, SHORT_PASSAGE) or not 2 <= len(lines) <= MAX_BRANCHES:
        return None
    context_start = text.index(passage, passage_from)
    instruction = (text[blocks[0][0]:blocks[0][1]].strip() if passage_start > blocks[0][0] else "") + (
        "\n" + text[last_start:header_end].strip() if header_end is not None else "")
    reasons = [Reason("questions.multiple", f"{len(lines)} questions a line after the text",
                      (lines[0][0], lines[-1][1])),
               Reason("passage.context", "the text before the questions becomes the context",
                      (context_start, context_start + len(passage)))]
    return Decomposition("Reading Comprehension", join_template("{context}", instruction.strip(), "{data}"), reasons,
                         data=[text[a:b] for a, b in lines], context=passage)


_PASTED_LEAD = 120  # "got this from my son's school, bit confused": a line handing over the text below it
_PASTED_QUESTIONS = 3


def _hands_over(lead: str) -> bool:
    """A short opening line that hands over the text under it ("got this from my son's school, bit confused", "my
    manager sent this"): one line, asking nothing itself (a lead with a question is the request, and the paragraphs
    under it the asker's situation)."""
    return len(lead) <= _PASTED_LEAD and "\n" not in lead and "?" not in lead


def _pasted_text_lead(text: str, blocks: list[tuple[int, int]], lines: list[tuple[int, int]]) -> bool:
    """A lead handing over a text of two or more paragraphs, and three or more questions after it, each ending in "?",
    each on its line: the questions are asked about that text."""
    return (len(blocks) >= 4 and _hands_over(text[blocks[0][0]:blocks[0][1]].strip())
            and len(lines) >= _PASTED_QUESTIONS and all(text[a:b].endswith(("?", "？")) for a, b in lines))


def _named_text_lead(lead: str, lines: list[tuple[int, int]]) -> bool:
    """A lead handing over a text it names ("poem for my english class:", "Here's the incident report from work."),
    and three or more question lines after that text (`_question_block`'s): the questions are asked about the named
    text, as after a lead handing over a text of several paragraphs (`_pasted_text_lead`). Not a text the asker calls
    their own ("my resume:"): questions about it ask for advice."""
    if not _hands_over(lead) or len(lines) < _PASTED_QUESTIONS:
        return False
    words = _LEAD_WORD.findall(lead.casefold())
    return any(word in _LEAD_TEXT_NOUNS and (index == 0 or words[index - 1] not in _OWN)
               for index, word in enumerate(words))


_LEAD_WORD = re.compile(r"[^\W\d_]+")
_LEAD_TEXT_NOUNS = TEXT_NOUN_WORDS | frozenset(GIVEN_DOCUMENTS) | {"poem", "lyrics"}
_OWN = frozenset({"my", "our"})


# A line setting a text apart from what comes before it ("--", "---", "===", "***").
_SEPARATOR_LINE = re.compile(r"[ \t]*(?:-{2,}|={2,}|\*{3,}|_{3,}|~{3,})[ \t]*")
_LEAD_LINE = 200  # a lead heading the questions is a line: a longer one is a paragraph of its own
# A lead ending by asking to be told what the lines under it ask ("can u read this letter and tell me", "tell me
# quickly", "Kannst du mir sagen:"): their header, though it may be asked as a question.
_TELL_LEAD = re.compile(r"(?:\b(?:tell|show)\s+(?:me|us)(?:\s+(?:quickly|briefly|pls|please|plz))?|"
                        r"\bsag(?:en\s+sie)?\s+mir|\bmir\s+sagen|\bdime|\bdis-moi|\bdites-moi|\bdimmi|"
                        r"\bme\s+(?:diz|diga|fala)|\bскажи(?:те)?(?:\s+мне)?)[ \t]*[:：]?[ \t]*$", re.IGNORECASE)
_LABEL_LINE_WORDS = 8  # "Manual section (coffee machine):" over the text
_ANSWER_STEMS = ("nswer", "NSWER", "espond", "ESPOND", "eply", "EPLY")  # what every `_ANSWER` match holds
_LIST_ITEM_START = re.compile(r"(?:[-•*]|\(?\d{1,2}[.)]|\(?[a-hA-H][.)])[ \t]")


def from_questions_before_text(text: str) -> Decomposition | None:
    """Question lines opening the prompt under a lead, the text after them: "Answer the following about the match
    report\nWho scored?\nWhat happened in the 64th minute?\n--\n<report>", "Questions:\nhow often should I descale
    it\n...\n\nManual section:\n<manual>", or a first paragraph asking to answer them ("he's stuck on the questions.
    Can you answer them?") with the questions as the second. The lead asks to answer, heads the questions or names
    the text; the questions (each ending in "?" or opening with a question word; half may be bare phrases when the
    lead calls them questions) run to a blank line, a separator or a label; the text after them, an article's
    length at least, is the context. Why: blind probe sets put the questions first in these layouts, which
    `from_questions_before_passage` (a request's paragraph ending in "?" questions) and `from_question_block` (whole
    paragraphs, the request naming questions and text) leave."""
    lead_start = len(text) - len(text.lstrip())
    lead_end = text.find("\n", lead_start, lead_start + _LEAD_LINE + 1)
    if lead_end < 0:
        return None
    lead = text[lead_start:lead_end].strip()
    questions_start = lead_end + 1
    tell = _TELL_LEAD.search(lead)
    if not (_CLOSING_HEADER.fullmatch(lead) or _ANSWER.search(lead) or _NAMED_DOCUMENT.search(lead) or tell):
        head = text[:HEAD_REACH]
        if not any(map(head.__contains__, _ANSWER_STEMS)):
            # (substring tests before the head's paragraphs are read: most prompts end here)
            return _questions_over_labelled_text(text, lead_start) if QUESTION_WORDS_START.match(lead) else None
        first = paragraphs(head)
        if len(first) < 2 or weighs(text[first[0][0]:first[0][1]], _TAIL_REQUEST + 1) \
                or not _ANSWER.search(text, first[0][0], first[0][1]):
            return None
        lead = text[first[0][0]:first[0][1]].strip()
        questions_start = first[1][0]
    if _OTHER_TASK.search(lead) or is_question(lead) and not (_ANSWER.search(lead) or tell):
        return None  # (a lead that is itself a question opens a list of questions, not their header)
    while questions_start < len(text) and not text[questions_start:end_of_line(text, questions_start)].strip():
        questions_start = end_of_line(text, questions_start) + 1  # (blank lines after the lead)
    any_bare = re.search(QUESTIONS_HEADER_WORDS, lead, re.IGNORECASE) is not None
    spans, position = _questions_until_a_break(text, questions_start, any_bare)
    if not 2 <= len(spans) <= MAX_BRANCHES or position >= len(text):
        return None
    while True:  # past blank and separator lines and a short label line to the text
        line_end = end_of_line(text, position)
        line = text[position:line_end].strip()
        if not line or _SEPARATOR_LINE.fullmatch(line) or (
                line.endswith((":", "：")) and len(line.split()) <= _LABEL_LINE_WORDS and not is_question(line)):
            position = line_end + 1
            if position >= len(text):
                return None
            continue
        break
    passage_from = after_label(text, position)
    passage = text[passage_from:].strip()
    if not weighs(passage, _ARTICLE_WEIGHT) or _LIST_ITEM_START.match(passage) and any(
            _LIST_ITEM_START.match(text, text.rfind("\n", 0, start) + 1) for start, _ in spans):
        return None  # (marked questions, and after a break more marked lines: the list goes on, no text follows)
    return _questions_before_text(text, spans, [text[a:b] for a, b in spans], passage, passage_from, lead,
                                  "a line before the text")


def _questions_over_labelled_text(text: str, start: int) -> Decomposition | None:
    """Three or more question lines opening the prompt with no lead, then a label naming a text on its own line and
    the text ("how much water do I put in\nwhich buttons do I press\n...\n\nmanual text:\n<manual>"): the label
    says what the questions are asked of."""
    spans, position = _questions_until_a_break(text, start, False)
    if not _PASTED_QUESTIONS <= len(spans) <= MAX_BRANCHES:
        return None
    while position < len(text) and not text[position:end_of_line(text, position)].strip():
        position = end_of_line(text, position) + 1
    label_end = end_of_line(text, position)
    label = text[position:label_end].strip()
    if not label.endswith((":", "：")) or len(label.split()) > _LABEL_LINE_WORDS or _LEAD_TEXT_NOUNS.isdisjoint(
            _LEAD_WORD.findall(label.casefold())):
        return None
    passage_from = after_label(text, label_end + 1)
    passage = text[passage_from:].strip()
    if not weighs(passage, _ARTICLE_WEIGHT):
        return None
    return _questions_before_text(text, spans, [text[a:b] for a, b in spans], passage, passage_from, "",
                                  "opening the prompt before a labelled text")


_ASKED_IN_LINE = re.compile(r"[^?？\s][^?？]*[?？]")  # each question of a line asking several
_MIN_LINE_QUESTION_WORDS = 3  # ("Why?" after a question asks about its answer)


def _questions_until_a_break(text: str, start: int, any_bare: bool) -> tuple[list[tuple[int, int]], int]:
    """The spans of the question lines from `start` (markers left out) up to a blank line, a separator or a line
    ending in a colon, and where that line starts; no spans when a line in between is too long for a question, or
    more than a third are bare phrases (half when `any_bare`: the lead called them questions)."""
    spans: list[tuple[int, int]] = []
    bare = 0
    position = start
    while position < len(text):
        line_end = end_of_line(text, position)
        line = text[position:line_end]
        if not line.strip() or _SEPARATOR_LINE.fullmatch(line) or line.rstrip().endswith((":", "：")):
            break
        marker = _BLOCK_MARKER.match(line)
        body = line[marker.end() if marker is not None else 0:].strip()
        if len(body.split()) > _BLOCK_LINE_WORDS or len(spans) > MAX_BRANCHES:
            return [], position
        if not (body.endswith(("?", "？")) or QUESTION_WORDS_START.match(body)):
            bare += 1
        offset = text.index(body, position)
        asked = [(offset + piece.start(), offset + piece.end()) for piece in _ASKED_IN_LINE.finditer(body)]
        if len(asked) >= _MIN_BARE_RUN and asked[-1][1] == offset + len(body) and all(
                len(text[a:b].split()) >= _MIN_LINE_QUESTION_WORDS for a, b in asked):
            spans.extend(asked)  # ("What does the lantern symbolise? How has Tomás changed? ...": three or more)
        else:
            spans.append((offset, offset + len(body)))
        position = line_end + 1
    if bare * (2 if any_bare else 3) > len(spans):
        return [], position
    return spans, position


def _last_paragraph(text: str, most_lines: int) -> tuple[int, int] | None:
    """(start, end) of the prompt's last paragraph, as `paragraphs` would give it, read back from the end line by line
    to the blank line before it; None when the prompt is one paragraph or the last has more than `most_lines`."""
    end = len(text.rstrip())
    line_start = text.rfind("\n", 0, end) + 1
    for _ in range(most_lines):
        if line_start == 0:
            break
        previous = text.rfind("\n", 0, line_start - 1) + 1
        if not text[previous:line_start - 1].strip(" \t"):
            chunk = text[line_start:end]
            return line_start + len(chunk) - len(chunk.lstrip()), end
        line_start = previous
    return None


def _questions_under_header(text: str, start: int, end: int, header: re.Pattern[str],
                            ) -> tuple[list[tuple[int, int]] | None, int | None]:
    """The question lines of text[start:end] (`_question_block`'s) and where the header line over them ends: past a
    first line that `header` matches whole ("Questions:"), any share of them may be bare; else, or when no questions
    stand under it, the lines are read whole, with no header (None)."""
    header_end = text.find("\n", start, end)
    if header_end > 0 and header.fullmatch(text, start, header_end) is not None:
        lines = _question_block(text, header_end + 1, end, any_bare=True)
        if lines is not None:
            return lines, header_end
    return _question_block(text, start, end), None


def _question_block(text: str, start: int, end: int, any_bare: bool = False) -> list[tuple[int, int]] | None:
    """The spans of the questions of text[start:end] (markers left out) when every line is one, else None; at most a
    third bare phrases unless `any_bare` (a header said they are questions)."""
    spans: list[tuple[int, int]] = []
    bare = 0
    position = start
    for line in text[start:end].split("\n"):
        if _answer_slot(line.strip()):
            position += len(line) + 1
            continue  # (the empty slot left for an answer)
        marker = _BLOCK_MARKER.match(line)
        body = line[marker.end() if marker is not None else 0:].strip()
        if not body or len(body.split()) > _BLOCK_LINE_WORDS or body.endswith((":", "：")):
            return None
        if not (body.endswith(("?", "？")) or QUESTION_WORDS_START.match(body) or cloze(body)):
            bare += 1  # (a line with a blank to fill asks as a question does: "Core hours are from ___ to ___.")
        offset = text.index(body, position)
        spans.append((offset, offset + len(body)))
        position += len(line) + 1
    if len(spans) < 2 or not any_bare and bare * 3 > len(spans):
        return None
    return spans


def _questions_before_text(text: str, spans: list[tuple[int, int]], questions: list[str], passage: str,
                           passage_from: int, lead: str, where: str) -> Decomposition:
    """Reading Comprehension of `questions` (at `spans`) standing before their `passage` (found from `passage_from`),
    under `lead`; `where` says how they stand, for the reason."""
    start = text.index(passage, passage_from)
    reasons = [Reason("questions.multiple", f"{len(questions)} questions {where}", (spans[0][0], spans[-1][1])),
               Reason("passage.context", "the text after the questions becomes the context",
                      (start, start + len(passage)))]
    return Decomposition("Reading Comprehension", join_template("{context}", lead, "{data}"), reasons,
                         data=questions, context=passage)
