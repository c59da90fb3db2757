"""Single-task shapes seen in real chat logs: a code task (pasted code, a schema, or a request for code), the
answer options of one multiple-choice question (a numbered exam question with its lettered options too) and material
pasted only to be acknowledged. Their lists and counts are parts of one task (or of none), never items ("Consider
these relations: 1. Employees(...) 2. ...", "create 6 sales orders in SuiteScript", "Which is true? A. ... B. ...",
"Just reply \"Memorized\". 1. ... 2. ...").

Both checks are single passes over the text (line-anchored patterns without nested repetition), so their cost is
linear in the prompt's length.
"""

from __future__ import annotations

import re

from store.models import Reason
from studio.curation.lexicon.matching import (
    TOKEN, Probe, StartNeedleAlternation, StartNeedleRegex, asked_words, lowered_alike, sliceable,
)
from studio.curation.lexicon.words import LINES_GLOSSARY_QUESTION, ONE_WORD_VERBS
from studio.curation.rules.base import MAX_BRANCHES, end_of_line, paragraphs, weighs

# A line of program text: a statement keyword at its start, a SQL column definition, markup or a print call; or
# (`_STATEMENT_ENDS`) a call or assignment ending in ";", or a block opened after ")" ("if (x) {").
_CODE_LINE_BODY = (
    r"[ \t]*+(?:"
    r"(?:async\s+)?def\s+\w+\(|class\s+\w+[(:]|import\s+[\w.]+(?:\s+as\s+\w+)?[ \t]*$|from\s+[\w.]+\s+import\s"
    r"|#include\s*[<\"]|elif\s[^\n]*:[ \t]*$"
    r"|(?:CREATE\s+(?:TABLE|INDEX|VIEW)|SELECT\s[^\n]{0,200}?\bFROM\b|INSERT\s+INTO|UPDATE\s+\w+\s+SET|ALTER\s+TABLE)"
    r"|`?\w++`?\s+(?:varchar|int|integer|bigint|smallint|tinyint|text|datetime|timestamp|decimal|float|double|"
    r"boolean|bool|enum|char|date)\b"
    r"|(?:<\?php|</?(?:div|html|body|script|span|template)\b|console\.log\(|print\(|System\.out)"
    r")")
# (The indent and a column's name are possessive: no alternative starts with a space or a tab, and a name is
# followed by a backtick or whitespace, never by a word character, so giving characters back cannot find a match; an
# indented line or a line of prose is tried once, not once per indent or first-word character.)
# A code line is looked for at the text's start and after each line break, which the engine skips to (a pattern
# starting with "^" is tried at every position of a long text).
_CODE_LINE = re.compile(_CODE_LINE_BODY, re.MULTILINE)
_CODE_LINE_AFTER_BREAK = re.compile(r"\n" + _CODE_LINE_BODY, re.MULTILINE)
# Natural-language list items ending in ";" ("a battery in one of the hoods;") have no "=" or brackets: only the
# line's own characters are checked, found from its end, so a long line is read once. Two patterns that each start
# with a literal (";", ")"); their matches cannot overlap, so together they find what one alternation would.
_STATEMENT_ENDS = (re.compile(r";[ \t]*$", re.MULTILINE), re.compile(r"\)[ \t]*\{[ \t]*$", re.MULTILINE))
_STATEMENT_MARKS = (";", "{")  # the literal each of `_STATEMENT_ENDS` needs: a text without it is not scanned
# A word every code line holds as a whole token of the lowercased prompt (the body is case-sensitive, and each of its
# alternatives has one of them between whitespace, a line start or a mark and a non-word character: "def", "CREATE",
# "#include" and "</div" as much as a column's type); "<?php" may go on with letters, so it is looked for as it is.
# A prompt whose probe holds none of them has no code line, and its lines are not tried one by one.
_CODE_LINE_WORDS = asked_words((
    "def", "class", "import", "include", "elif", "create", "select", "insert", "update", "alter", "div", "html", "body",
    "script", "span", "template", "console", "print", "system", "varchar", "int", "integer", "bigint", "smallint",
    "tinyint", "text", "datetime", "timestamp", "decimal", "float", "double", "boolean", "bool", "enum", "char", "date"))
_PHP_OPEN = "<?php"
_CODE_MARKS = frozenset("=(){}[]")
_CODE_LINES_NEEDED = 3
_FENCE = "```"
# A request for program text: "write (me) some SuiteScript code", "give me the code for", "create a python
# script", or the language or a macro named as the noun ("make me some python that ...", "write an Excel macro"), or a
# change to program text ("Rewrite public function GetTasks() code ...", "fix this query", "convert the script"). Up
# to four words between the verb and the noun, none of them one that makes the noun a topic ("a poem about code");
# nor is a noun after it that makes the language a topic ("10 python exercises").
_CODE_VERBS = ("write", "give me", "generate", "create", "provide", "show me", "make", "build", "implement", "develop",
               "rewrite", "refactor", "modify", "fix", "debug", "optimize", "optimise", "convert", "update", "edit")
_CODE_REQUEST = re.compile(
    r"\b(?:" + "|".join(_CODE_VERBS) + r")\s+(?:me\s+|us\s+)?"
    r"(?:(?!about\b|on\b|for\b|of\b|with\b|that\b|and\b)[\w+#.-]+\s+){0,4}"
    r"(?:code|script|program|function|snippet|sql(?:\s+query)?|query|regex|bot|macro|javascript|typescript|python|"
    r"java|php|powershell|vba)\b"
    r"(?!\s+(?:ideas?|names?|titles?|slogans?|descriptions?|concepts?|features?|challenges?|exercises?|"
    r"problems?|questions?|projects?|interview)\b)",
    re.IGNORECASE)
# The same, tried in a window only where one of the verbs every match starts with starts in its lowercase: led by
# "\b", the regex was tried at every position of each window, and most windows around a noun ("function", "bot" in
# "both") hold no verb.
_CODE_REQUEST_NEAR = StartNeedleRegex(_CODE_REQUEST, _CODE_VERBS)

# The request is looked for only around the nouns it needs (a search from every word costs ~30 µs per prompt),
# among the first `_NOUN_SCAN` characters: a request for code opens the prompt or follows the pasted text.
_CODE_NOUNS = ("code", "script", "program", "function", "snippet", "sql", "query", "regex", "bot", "macro",
               "java", "typescript", "python", "php", "powershell", "vba")  # ("java" also finds "javascript")
_REQUEST_REACH = 60
_NOUN_SCAN = 4000
_NOUNS_READ = 8  # occurrences of each noun looked around, at most
# The words every request for code starts with, each a whole token of the lowercased prompt ("\b" before it,
# whitespace after). Case-insensitively the regex also reads "ı", "İ" as "i" and "ſ" as "s", which lowercase to no
# ASCII letter: a prompt holding a `CASE_STRANGERS` character is searched in full.
_REQUEST_VERBS = asked_words(verb.split()[0] for verb in _CODE_VERBS)
# Likewise the nouns, each a whole token of the lowercased prompt (whitespace before it, "\b" after it): most
# prompts hold a request verb ("write", "give", "make") but no noun, and are done without a search around each
# noun's occurrences inside other words ("both", "description", "encode").
_REQUEST_NOUNS = asked_words(("code", "script", "program", "function", "snippet", "sql", "query", "regex", "bot",
                              "macro", "javascript", "typescript", "python", "java", "php", "powershell", "vba"))


def _code_request(text: str, found: Probe | None) -> re.Match[str] | None:
    """The request for code, searched only just before the nouns it needs (found with `str.find`), in a prompt
    holding one of its verbs and one of its nouns. `found`, the prompt's probe, already holds the lowercase of the
    scanned start when it can be sliced off."""
    if found is not None and (found.words.isdisjoint(_REQUEST_VERBS) or found.words.isdisjoint(_REQUEST_NOUNS)) and (
            lowered_alike(text, found.lowered, found) is not None):
        return None
    scanned = text[:_NOUN_SCAN]
    lowered = found.lowered[:_NOUN_SCAN] if found is not None and sliceable(text, found.lowered, scanned) \
        else _lowered_in_place(scanned)
    for noun in _CODE_NOUNS:
        position, read = lowered.find(noun), 0
        while position >= 0 and read < _NOUNS_READ:
            request = _request_near(text, max(0, position - _REQUEST_REACH), position + len(noun) + 40)
            if request:
                return request
            position, read = lowered.find(noun, position + 1), read + 1
    return None


def _request_near(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first request for code starting in text[start:end], as the whole text reads it: the window's end is no
    end of a word ("programmers" cut after "program") and hides no word the lookahead refuses ("code ideas"), so a
    match the window gives is tried again, anchored, on the whole text (bounded: a verb and at most five words)."""
    while (request := _CODE_REQUEST_NEAR.search(text, start, end)) is not None:
        whole = _CODE_REQUEST.match(text, request.start())
        if whole is not None:
            return whole
        start = request.start() + 1
    return None


def _lowered_in_place(text: str) -> str:
    """`text` lowercased with its positions kept: a letter that lowercases to two ("İ") stays as it is."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    return lowered


def _code_lines(text: str) -> int:
    """How many lines start with program text: what `findall` of the code-line pattern anchored at each line start
    counts. A match may end with the line break the next line starts after, so the next search starts at its last
    character."""
    match = _CODE_LINE.match(text)
    lines, position = (1, match.end() - 1) if match else (0, 0)
    while (match := _CODE_LINE_AFTER_BREAK.search(text, position)) is not None:
        lines, position = lines + 1, match.end() - 1
    return lines


def _may_hold_code_lines(text: str, found: Probe) -> bool:
    """Whether `text` (probed as `found`) may hold a line `_code_lines` counts: only if its words hold one of
    `_CODE_LINE_WORDS` or it holds "<?php"."""
    return not found.words.isdisjoint(_CODE_LINE_WORDS) or _PHP_OPEN in text


def code_task(text: str, found: Probe | None = None) -> Reason | None:
    """Why the prompt is a code task (pasted program text or a request for code), or None (`found`: the prompt's
    probe, when the caller has it)."""
    lines = (_code_lines(text) if found is None or _may_hold_code_lines(text, found) else 0) + sum(
        1 for pattern, mark in zip(_STATEMENT_ENDS, _STATEMENT_MARKS) if mark in text for end in pattern.finditer(text)
        if not _CODE_MARKS.isdisjoint(text[text.rfind("\n", 0, end.start()) + 1:end.start()]))
    if (lines >= _CODE_LINES_NEEDED or (lines and text.count(_FENCE) >= 2)) and not _lines_asked_about(text):
        return Reason("refuse.code", f"pasted program text ({lines} code lines): a code task is one task")
    request = _code_request(text, found)
    if request:
        return Reason("refuse.code", f"a request for code (“{request.group(0)}”): a code task is one task",
                      request.span())
    return None


_ASKED_LINE_WEIGHT = 120  # one statement ("#include \"G4Event.hh\"", "import numpy as np"), not a program's line


def _lines_asked_about(text: str) -> bool:
    """The prompt is one line asking what each line after it means or does (`LINES_GLOSSARY_QUESTION`: "What do the
    following headers mean for geant4:"), then 2 to `MAX_BRANCHES` short lines, none indented or opening a block:
    a glossary question per pasted statement, not a task on one program. The first line is read before the rest is
    split."""
    body = text.strip()
    head_end = body.find("\n")
    if head_end < 0 or LINES_GLOSSARY_QUESTION.search(body, 0, head_end) is None:
        return False
    lines = [line.rstrip() for line in body[head_end + 1:].split("\n") if line.strip()]
    return 2 <= len(lines) <= MAX_BRANCHES and all(
        len(line) <= _ASKED_LINE_WEIGHT and not line[:1].isspace() and not line.endswith(_BLOCK_OPENERS)
        and not line.startswith(_FENCE) for line in lines)


_BLOCK_OPENERS = (":", "{", "(", "[", "\\", ",")  # a line that a program's next line goes on from


_QUESTION_END = re.compile(r"[?？][\s\"'”)]*$")
# The stem of one multiple-choice question: its options may be questions themselves ("Which of the following
# questions is best answered by a survey? a. How can ...? b. How many ...?") and may be numbered.
_CHOICE_STEM = re.compile(
    r"\b(?:which|what)\s+(?:one\s+)?of\s+the\s+(?:following|options|choices|answers|above|below)\b"
    r"|\b(?:choose|select|pick)\s+(?:the|one|all|an?)\s+(?:\w+\s+)?(?:answers?|options?|choices?|correct|best|right)\b"
    r"|\bbest\s+(?:answered|describes?|represents?|explains?)\b|\bis\s+an\s+example\s+of\s*[:?]",
    re.IGNORECASE)
_STEM_REACH = 300


def answer_options(before: str, items: list[str], kind: str) -> bool:
    """The options of one multiple-choice question, not sub-tasks: a lettered list right after a question whose
    items are not questions themselves ("Which is true?\\nA. ...\\nB. ..."), or a lettered or numbered list right
    after a choice stem ending in "?" or ":" ("Which of the following ...?\\na. How can ...?\\nb. ...")."""
    if kind not in ("letter", "num"):
        return False
    stem = before[-_STEM_REACH:]
    end = _QUESTION_END.search(stem)
    if end is not None or stem.rstrip().endswith((":", "：")):
        line_start = stem.rfind("\n", 0, len(stem.rstrip())) + 1
        if _CHOICE_STEM.search(stem, line_start):
            return True
    if kind != "letter" or end is None:
        return False
    return not any(item.rstrip().endswith(("?", "？")) for item in items)


# One numbered exam question pasted with its lettered options ("15 Which of the following is best\na. ...\nb. ...",
# "35 A skill known as\na. ...", "25) What is this an example of? (3 pts.)\na) ..."): the prompt opens with the
# question's number, its stem either asks which option (a choice stem or a question) or stops where an option
# completes it ("... known as"), and the options end the prompt. Answering it is choosing one option: one task.
_QUESTION_NUMBER = re.compile(r"\s*\d{1,3}[.)]?[ \t]+[^\W\d_]")
_NUMBER_LINE = re.compile(r"\n[ \t]*\d{1,3}[.)]?[ \t]+[^\W\d_]")
_POINTS_NOTE = re.compile(r"[ \t]*[(\[][ \t]*\d{1,3}[ \t]*(?:pts?|points?|marks?)\.?[ \t]*[)\]]$", re.IGNORECASE)
# The words a stem stops at when an option completes its sentence ("best described as", "the main cause is"); not
# "of", "by" or "to", which end exam prompts over the list ("Give the meaning of", "What is meant by").
_OPEN_STEM_ENDS = frozenset({"as", "is", "are", "was", "were", "called", "named"})
_TRAILING_CHARS = 60  # what may follow the options: a short line ("Please write in English language.")
_NOTE_REACH = 24  # the longest points note read at the stem's end ("(3 pts.)", "[10 marks]")
_MAX_CHOICES = 6


def numbered_choice_question(text: str, start: int, end: int, items: list[str], kind: str) -> bool:
    """Whether the lettered list at `start`-`end` of `text` holds the options of the one numbered exam question the
    prompt is (`_QUESTION_NUMBER`): nothing but a short line after them, no other numbered question before them, no
    option a question itself, and a stem whose last line asks which option or stops where an option completes it.
    The caller has the lettered blocks already; only the text's start and the stem's end are read here."""
    if kind != "letter" or not 2 <= len(items) <= _MAX_CHOICES or len(text) - end > _TRAILING_CHARS:
        return False
    if "?" in text[end:] or any(item.rstrip().endswith(("?", "？")) for item in items):
        return False
    before = text[:start].rstrip()
    if _NUMBER_LINE.search(before) is not None:
        return False
    if _QUESTION_NUMBER.match(before) is None:
        return _open_choice_stem(text, start, before)
    # (the stem's end only: a regex tried at each position of a long run of blanks would not be linear)
    stem = before[max(before.rfind("\n") + 1, len(before) - _STEM_REACH):]
    note = _POINTS_NOTE.search(stem, max(0, len(stem) - _NOTE_REACH))
    stem = stem[:note.start()].rstrip() if note else stem
    if stem.endswith(("?", "？")):
        return True
    if not stem[-1:].isalnum():
        return False  # a stem ending in "." or ":" is an instruction over the list ("Define these terms:")
    words = TOKEN.findall(stem[-40:].lower())
    return _CHOICE_STEM.search(stem) is not None or bool(words) and words[-1] in _OPEN_STEM_ENDS


# An unnumbered stem that the options complete ("If a tenant does not pay the rent, the landlord:\nA. May ...\nB. ..."):
# its last line ends in a colon with no request or task verb and nothing pointing at a list to work through
# ("Define these terms:", "Discuss the following aspects:"), and the options are lettered A, B, C ...
_STEM_INSTRUCTION_WORDS = ONE_WORD_VERBS | {
    "following", "below", "these", "those", "each", "every", "all", "questions", "question", "answer", "explain",
    "discuss", "describe", "define", "compare", "identify", "list", "name", "give", "state", "solve", "calculate"}
_CAPITAL_OPTION = re.compile(r"\(?A[.)]")


def _open_choice_stem(text: str, start: int, before: str) -> bool:
    """Whether the lettered options at `start` complete the unnumbered stem `before` ends with (`_STEM_REACH`)."""
    if not before.endswith((":", "：")) or _CAPITAL_OPTION.match(text, start) is None:
        return False
    line = before[max(before.rfind("\n") + 1, len(before) - _STEM_REACH):-1]
    words = TOKEN.findall(line.lower())
    return len(words) >= 4 and _STEM_INSTRUCTION_WORDS.isdisjoint(words)


# Material pasted only to be acknowledged: "You just need to reply "Memorized"", "limit your reply by saying the
# word: "acknowledged"", "Do you acknowledge?". Whatever lists it holds are not tasks (no request is made yet).
_ACK_WORDS = ("memorized", "memorised", "acknowledged", "read", "noted", "understood")
_ACK_WORD_SET = asked_words(_ACK_WORDS)  # registered: a probe keeps only the words some rule asks about
_ACK_REQUEST = re.compile(
    r"(?:\b(?:reply|replay|respond|say|saying|type)\b[^.?\n]{0,60}?|\banswer(?:\s+(?:with|only|just))?\s*:?\s*)"
    r"[\"“'‘]$", re.IGNORECASE)
# A set-up that ends by checking it was taken in ("Keep these notes in mind; I want you to remember this. Do you
# understand?", "remember this information until I ask"): the material or the rules come first, the task later.
# (each with the words inside it, between two others: a prompt holding the question holds them as whole tokens, so one
# whose probe lacks any is not read for it, which spares most prompts these scans of their whole text)
_ACK_QUESTIONS = tuple((question, asked_words(TOKEN.findall(question)[1:-1])) for question in (
    "do you acknowledge", "do you understand", "did you understand", "want you to remember this",
    "remember this information", "do not respond aside from", "do not respond until", "do not respond except",
    "don't respond until", "do not reply until", "wait for my next"))
_ACK_REACH = 80
_ACK_LOOKS = 16  # occurrences of each word looked around, at most
# The user answering questions the assistant asked, from the prompt's start ("To respond to your first question:
# ...", "OK, in answer to your questions:", "These are my answers to your 5 questions:"): information for the next
# step, whose lists (the brands and their audiences) are what was asked about, not tasks.
# (`\W*+`: the next character must be a letter, so giving back a non-word character never helps; a plain `\W*`
# tried every alternative after each of them in turn, 30-100 ms on 100,000 line breaks)
_ANSWERS_GIVEN = re.compile(
    r"\W*+(?:(?:ok(?:ay)?|sure|thanks|thank\s+you|great|yes)\W+)?(?:(?:to|in)\s+(?:respond(?:\s+to)?|reply\s+to|"
    r"answer(?:\s+to)?|response\s+to)|(?:here|these)\s+are\s+(?:my|the)\s+answers\s+to|answering)\s+your\s+"
    r"(?:[\w-]+\s+){0,2}?questions?\b", re.IGNORECASE)


def acknowledgement_only(text: str, found: Probe) -> Reason | None:
    """Why the prompt is pasted material to be acknowledged (or answers to the assistant's questions), or None. The
    words are looked up in the prompt's tokens first; only a quoted occurrence is read around (the request before
    it, within `_ACK_REACH`)."""
    if (answers := _ANSWERS_GIVEN.match(text)) is not None:
        return Reason("refuse.paste", f"answers to the assistant's questions (“{answers.group(0).strip()}”): no "
                      "task yet", answers.span())
    probed = len(found.lowered) == len(text)  # (the probe's lowercase is the one read: its tokens are the probe's)
    lowered = found.lowered if probed else _lowered_in_place(text)
    for question, inner in _ACK_QUESTIONS:
        if probed and not inner <= found.words:
            continue
        start = lowered.find(question)
        if start >= 0:
            return Reason("refuse.paste", f"material to acknowledge (“{text[start:start + len(question)]}”): no task "
                          "yet", (start, start + len(question)))
    present = _ACK_WORD_SET & found.words
    for word in _ACK_WORDS:
        if word not in present:
            continue
        position, looks = lowered.find(word), 0
        while position >= 0 and looks < _ACK_LOOKS:
            request = _ACK_REQUEST.search(text, max(0, position - _ACK_REACH), position)
            if request is not None:
                return Reason("refuse.paste", f"material to acknowledge (“{text[request.start():position]}"
                              f"{word}”): no task yet", (request.start(), position + len(word)))
            position, looks = lowered.find(word, position + 1), looks + 1
    return None


# One task on one pasted text: "summarize this :", "suggest tags for this markdown text?", "What
# are the major arguments of this article:", "write a reply to this email:", "Paraphrase the given content", "add a
# point about X in this outline" (one edit of the text). The
# lists, counts and comma runs inside the text are its material, not items. Not when the text is plural ("summarize
# the following 3 articles", "these posts"), when each part is asked for ("summarize each section") or when questions
# are asked about the text beside it (Reading Comprehension). The verbs end where their word does: "the story
# summarized below" and "the rephrased version below" name the text, they ask for nothing.
_SINGLE_OBJECT = (r"(?!\s+(?:(?!in\b|into\b|as\b|for\b|to\b|with\b)[\w-]+\s+)?(?:texts|articles|paragraphs|"
                  r"sentences|passages|questions|items|points|emails|messages|reviews|documents|stories|posts|"
                  r"statements|lines|phrases|words|titles|headlines|comments|tweets|products|topics|files|pages|"
                  r"chapters|sections|books|papers|abstracts|answers)\b)")
# "Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user
# question displayed below": the question and the answer quoted for judging are material (the question it names is
# the judged one, so a "question" in the request's clause is no sign of questions asked about the text).
_JUDGED_ANSWER = StartNeedleRegex(re.compile(
    r"\b(?:evaluate|rate|grade|judge|assess)\s+(?:the\s+)?(?:quality\s+of\s+)?(?:the\s+|an?\s+)?"
    r"(?:response|answer|reply|output)\s+(?:provided|given|generated|written|produced|of|from|by|to)\b",
    re.IGNORECASE), ("evaluat", "rate", "grade", "judge", "assess"))
# "Vet this last draft of my ending: ...", "Check the text below, is it right?": one named
# text to check, whatever lists and comma runs it holds (plural texts, "these paragraphs", are not named so).
_VETTED_TEXT = StartNeedleRegex(re.compile(
    r"\b(?:check|vet|review|critique|proofread)\s+(?:(?:this|the\s+following|the\s+above|the\s+given|the)\s+"
    r"(?:[\w-]+\s+){0,3}?)?(?:content|text|version|draft|conclusion|introduction|article|essay|paragraph|guide|"
    r"section|document|email|letter|post|page|copy|faq|notes|resume|cv|bio|description|story|report|proposal|"
    r"speech|newsletter|announcement|memo|agenda|minutes|flyer|brochure)\b(?!\s*s\b)", re.IGNORECASE),
    ("check", "vet", "review", "critique", "proofread"))
# The request's shapes, searched as their alternation (`_WHOLE_TEXT_REQUEST`): each is tried only where its own
# literals start (one regex of the first three, led by "tl", was tried at every position of both windows: ~400k
# instructions a chat-log-length prompt).
_WHOLE_TEXT_TASKS = (
    StartNeedleRegex(re.compile(
        r"\b(?:(?:summari[sz]e|paraphrase|rephrase)\b|(?:a\s+)?summary\s+of|(?:tags|keywords|hashtags)\s+"
        r"(?:for|from|of)|main\s+(?:ideas?|points?|arguments?|takeaways?)\s+(?:of|from|in)|major\s+arguments?\s+of"
        r"|outline\s+(?:of|for)|headings\s+(?:of|for)|(?:reply|replay|respond|response)\s+(?:to|for)"
        r"|(?:add|insert)\s+(?:a|an|one)\s+(?:new\s+|short\s+)?(?:point|section|paragraph|bullet|sentence|line|"
        r"chapter|slide|step)\b)"
        r"[^.?!\n:]{0,60}?\b(?:this|the\s+following|the\s+given|the\s+above|below)\b" + _SINGLE_OBJECT,
        re.IGNORECASE),
        ("summar", "paraphras", "rephras", "tags", "keywords", "hashtags", "main", "major", "outline", "headings",
         "repl", "respon", "add", "insert"), articles=("a",)),
    _JUDGED_ANSWER,
    _VETTED_TEXT,
    StartNeedleRegex(re.compile(r"\b(?:summari[sz]e|paraphrase|tl;?dr)\s*:", re.IGNORECASE),
                     ("summari", "paraphrase", "tl;dr", "tldr")),
    StartNeedleRegex(re.compile(
        r"\bresum(?:e|a|ir|en)\s+(?:este|esta|el\s+siguiente|la\s+siguiente|o\s+seguinte|a\s+seguinte)\b"
        r"|\brésum(?:e|ez|er)\s+(?:ce|cet|cette|le\s+texte|l['’]article|le\s+passage)\b"
        r"|\bfass(?:e|en\s+sie)?\s+(?:diesen|dieses|diese|den\s+folgenden|das\s+folgende)\b[^.?!\n]{0,40}?\bzusammen\b"
        r"|\briassum(?:i|ere|a)\s+(?:questo|questa|il\s+seguente|la\s+seguente)\b"
        r"|(?:перескажи|резюмируй|кратко\s+изложи)\s+(?:этот|эту|это|следующий|следующую)\b"
        r"|总结(?:一下)?(?:这|以下)(?:篇|段)|(?:この|以下の)(?:文章|記事|テキスト)を要約",
        re.IGNORECASE),
        ("resum", "résum", "fass", "riassum", "перескаж", "резюм", "кратко", "总结", "この", "以下の")),
)
_WHOLE_TEXT_REQUEST = StartNeedleAlternation(_WHOLE_TEXT_TASKS)
# A word every match of the shapes holds as a whole token of the prompt's lowercase (a `\b` before it, whitespace,
# a colon or a `\b` after it; a CJK character is a word character, so "中summarize" holds neither), so a probe
# holding none of them tells that neither window can match, without lowercasing or reading them (most prompts). Not
# so for the shapes' Russian and CJK alternatives (no `\b`: "xперескажи" matches), whose stems are looked for in the
# prompt's lowercase instead, nor where a `CASE_STRANGERS` character may stand for a letter it does not lowercase to
# ("ſummarize").
_WHOLE_TEXT_WORDS = asked_words((
    "summarize", "summarise", "paraphrase", "rephrase", "summary", "tags", "keywords", "hashtags", "main", "major",
    "outline", "headings", "reply", "replay", "respond", "response", "add", "insert", "tl", "tldr",
    "evaluate", "rate", "grade", "judge", "assess", "check", "vet", "review", "critique", "proofread",
    "resume", "resuma", "resumir", "resumen", "résume", "résumez", "résumer", "fass", "fasse", "fassen",
    "riassumi", "riassumere", "riassuma",
))
_WHOLE_TEXT_STEMS = ("перескажи", "резюмируй", "кратко", "总结", "要約")
_EACH_ONE = re.compile(r"\b(?:each|every|separately|individually|one\s+by\s+one)\b", re.IGNORECASE)
_EACH_PART = re.compile(_EACH_ONE.pattern + r"|\bquestions?\b", re.IGNORECASE)
# The request is a question that the prompt's last questions follow, nothing else after them.
_FIRST_OF_QUESTIONS = re.compile(r"[^.?!\n:]{0,80}\?(?:\s*[^.?!\n:]{3,200}\?){1,4}\s*$")
_CLAUSE_END = re.compile(r"[:：.?!。？！\n]")
_WHOLE_TEXT_REACH = 300  # the request opens or closes the prompt: one about the text pasted after or before it
WHOLE_TEXT_RULE = "refuse.whole-text"  # the one refusal under which a count in the request still splits


def whole_text_task(text: str, found: Probe | None = None) -> Reason | None:
    """Why the prompt is one task on one pasted text (the request within `_WHOLE_TEXT_REACH` of either end), or
    None (`found`: the prompt's probe, when the caller has one). Two bounded windows are searched (one, when they
    are the same); only a request found there is placed among the prompt's paragraphs (`_handed_text`, one pass
    over its blank lines), so most prompts' cost does not grow with their length."""
    if found is not None and not _may_ask_for_whole_text(found):
        return None
    for start in dict.fromkeys((0, max(0, len(text) - _WHOLE_TEXT_REACH))):
        end = min(len(text), start + _WHOLE_TEXT_REACH)
        request = _WHOLE_TEXT_REQUEST.search(text, start, end, found)
        if request is not None and (handed := _handed_text(text)) is not None \
                and handed[0] <= request.start() < handed[1]:
            # (the pasted text's own words: "Give me 3 subject lines for this email:\n\n<... reply to this email ...>")
            request = _WHOLE_TEXT_REQUEST.search(text, handed[1], end, found) if handed[1] < end else None
        if request is None:
            continue
        clause_start, clause_end = request_clause(text, request.span())
        if (_EACH_ONE if request.re is _JUDGED_ANSWER.regex else _EACH_PART).search(text, clause_start, clause_end):
            return None  # (the request's own clause, not the pasted text after it)
        if _FIRST_OF_QUESTIONS.match(text, request.end()):
            return None  # "<text>\n\nWhat is the main idea of this text? Who built the mill?": one of its questions
        if _ASKS_A_LIST.search(text, clause_start, clause_end) and _LIST_AFTER_COLON.match(text, clause_end):
            return None  # "Can you check this email thread and tell me:\n1) what ...\n2) when ...": the things asked
        if "keyword" in request.group(0).lower() and _NAMED_SLOTS.match(text, request.end(), end_of_line(text,
                                                                                                   request.end())):
            return None  # "keywords from this abstract pls -- main topic -- method -- dataset": named slots to fill
        return Reason(WHOLE_TEXT_RULE, f"one task on one pasted text (“{request.group(0)}”): its lists and "
                      "counts are its material", request.span())
    return None


_CLOSING_REQUEST = 200  # a last paragraph this short after a handed-over text is a request of its own
_HANDING_WORDS = 4  # a request handing over the text below it, not its label


def _handed_text(text: str) -> tuple[int, int] | None:
    """(start, end) of the text a first paragraph ending in a colon hands over: from the next paragraph to the end, or
    to a short last paragraph closing the prompt after it (`_CLOSING_REQUEST`)."""
    blocks = paragraphs(text)
    first = text[blocks[0][0]:blocks[0][1]] if blocks else ""
    if len(blocks) < 2 or not first.endswith((":", "：")) or len(first.split()) < _HANDING_WORDS:
        return None  # (a label over the text, "Web search results:", hands nothing over: the request comes later)
    last_start, last_end = blocks[-1]
    closing = len(blocks) >= 3 and not weighs(text[last_start:last_end], _CLOSING_REQUEST)
    return blocks[1][0], blocks[-2][1] if closing else len(text)


# Named slots after a request for keywords, on its line: three or more names cut by " -- ", " / ", " | " or commas
# after "into:" or a colon ("extract keywords from the review below into: pros, cons, price mentioned").
_NAMED_SLOTS = re.compile(r"[^\n:]{0,60}?(?:\binto\b[ \t]*:?|[:：]|(?=[ \t]--[ \t]))[ \t]*(?:--[ \t]*)?[^\n,|/-]{2,40}"
                          r"(?:(?:,|[ \t]--|[ \t]/|[ \t]\|)[ \t]*[^\n,|/-]{2,40}){2,}[ \t]*$")
# A request to tell or answer several things, ending in a colon before a list of them.
_ASKS_A_LIST = re.compile(r"\b(?:tell\s+me|answer|let\s+me\s+know|find\s+out)\b", re.IGNORECASE)
_LIST_AFTER_COLON = re.compile(r"[ \t]*[:：][ \t]*\n[ \t]*(?:\(?\d{1,2}[.)]|[-*•]|\(?[a-hA-H]\))[ \t]")


def _may_ask_for_whole_text(found: Probe) -> bool:
    """Whether the probed prompt may hold a `_WHOLE_TEXT_REQUEST` match (see `_WHOLE_TEXT_WORDS`)."""
    lowered = found.lowered
    return (found.strangers or not found.words.isdisjoint(_WHOLE_TEXT_WORDS)
            or not lowered.isascii() and any(map(lowered.__contains__, _WHOLE_TEXT_STEMS)))


def request_clause(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The clause holding a request: from its line's start to the first colon, full stop or line break after it
    ("Rephrase this sentence 3 times: <the sentence>" ends at the colon), within `_WHOLE_TEXT_REACH`."""
    limit = min(len(text), span[1] + _WHOLE_TEXT_REACH)
    clause_end = _CLAUSE_END.search(text, span[1], limit)
    return text.rfind("\n", 0, span[0]) + 1, clause_end.start() if clause_end else limit


def letter_to_work_on(text: str, found: Probe) -> Reason | None:
    """Why the prompt is one task on one pasted letter: a request to translate, correct or rewrite, then a letter
    opening with a greeting line ("fix the grammar, dont change the meaning:\n\nHi Mr. Daniels,\nI have a few
    questions:\n1. When is the start date?\n2. ..."). The letter's questions and lists are its content, asked of its
    addressee, not of the model; None when the prompt is not so."""
    if found.words.isdisjoint(_GREETING_WORDS) and not any(map(text.__contains__, _GREETINGS_CJK)):
        return None
    line_start = text.find("\n") + 1
    while 0 < line_start <= _LETTER_REQUEST + 1:  # (the greeting opens a line after a request of a line or two)
        greeting = _GREETING_LINE.match(text, line_start)
        request = text[:line_start]
        if greeting is not None and request.strip() and not weighs(request, _LETTER_REQUEST + 1) \
                and _WORK_ON_TEXT.search(request):
            return Reason(LETTER_RULE, "one task on one pasted letter (“" + greeting.group(0).strip() + "”): its "
                          "questions and lists are its content", greeting.span())
        line_start = text.find("\n", line_start) + 1
    return None


LETTER_RULE = "refuse.letter"
_LETTER_REQUEST = 300  # the request before the letter: a line or two
# A letter's greeting alone on its line ("Dear Ms. Hoffmann,", "Hi Mr. Daniels,", "王经理您好，", "Sehr geehrte Frau
# Berg,"), and the words one holds (a probe tells a prompt holding none at once).
_GREETING_WORDS = asked_words(("dear", "hi", "hello", "hey", "sehr", "liebe", "lieber", "hallo", "bonjour", "madame",
                               "monsieur", "cher", "chers", "chère", "chères", "hola", "estimado", "estimada",
                               "estimados", "prezado", "prezada", "caro", "cara", "gentile", "здравствуйте",
                               "уважаемый", "уважаемая", "уважаемые"))
_GREETINGS_CJK = ("您好", "你好", "様", "さん")
_GREETING_LINE = re.compile(
    r"^[ \t]*(?:(?:dear|hi|hello|hey|sehr\s+geehrte[rs]?|liebe[rs]?|hallo|bonjour|madame|monsieur|ch[eè]re?s?|hola|"
    r"estimad[oa]s?|prezad[oa]s?|car[oa]|gentile|здравствуйте|уважаем(?:ый|ая|ые))\b[^\n]{0,50}?"
    r"|[^\n]{1,12}(?:您好|你好|様|さん))"
    r"[ \t]*[,，!！:：]?[ \t]*$", re.IGNORECASE | re.MULTILINE)
# Working on the text as a whole: translating, correcting or rewriting it.
_WORK_ON_TEXT = re.compile(
    r"\b(?:translate|translation|traduc\w*|tradu[sz]\w*|tradui\w*|übersetz\w*|переведи\w*|fix|correct|proofread|"
    r"rewrite|re-write|improve|polish|edit|revise|reword|rephrase|paraphrase|grammar|korrigier\w*|verbesser\w*|"
    r"corrig\w*|mejor\w*|amélior\w*|исправь\w*)\b|翻译|翻譯|翻訳|修改|润色|校对|改写", re.IGNORECASE)
