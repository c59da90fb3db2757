"""The prompt as curation reads it: the same text, with what carries no task blanked and doubled spaces single.

Why: real prompts open with "Hi!", "Can you help me with this?" or "Instruction:" and close with "Thanks!" or "Can you
do that?", come with Windows line ends, blank lines around them, a chat template's role tags, an assistant's system
prompt or a role to play, close with a note on the answer's language or format, and paste no-break or zero-width
spaces from web pages. None of it changes what is asked, yet each moved the rules' reading of real prompts: added to
the labelled parallelizable prompts the rules found (695), an opening "Hi! " lost 21, a closing "Thanks!" 20, Windows
line ends 29, no-break spaces 534, "You are a helpful assistant." 215, and each flagged up to 59 single-task prompts of
~12,000 (`sample_data/real/rewordings.py`; docs/curation.md, "Session 52: read as written", "Session 53" and
"Session 54"). The view keeps every position but where it leaves out the second space of a doubled one
(`Reading.gaps`), so an item or a span found in it is found in the prompt (`Reading.as_written`, `Reading.placed`).
A role set-up ("You are a marketing expert.") and a closing format note ("Please write in English language.",
"Answer in JSON.") are blanked for reading only: every branch keeps them (`Reading.kept_around`).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from store.models import Reason
from studio.curation.lexicon.matching import StartNeedleRegex
from studio.curation.lexicon.words import ROLE_DESCRIPTION, ROLE_PLAY

# Spaces a browser or a word processor pastes (no-break, thin, figure, zero-width...), and the byte-order mark: read
# as the plain space they stand for. (Not the ideographic space U+3000, a character of CJK text, nor the zero-width
# joiners, which spell words in Persian and in emoji.)
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\ufeff"
_AS_SPACE = str.maketrans(dict.fromkeys(_ODD_SPACES, " "))
_ODD_SPACE = re.compile(f"[{_ODD_SPACES}]")

# A greeting opening the prompt, with its addressee, up to the mark that ends it: "Hi!", "Hello ChatGPT,", "hey there
# -", "Dear assistant,", "Bonjour,", "你好！", or "Hi ChatGPT" alone on its line. Without a mark or an addressee the
# greeting may run into the request ("hi can you give me 5 names") or be a phrase of a list ("Hello\nGoodbye"), and
# it is left.
_ADDRESSEES = (r"there|all|everyone|everybody|guys|folks|friend|buddy|mate|again|sir|madam|team|bot|ai|assistant"
               r"|chat ?gpt|gpt(?:-?\d)?|chat|openai|claude|bard|gemini|llama|vicuna|model")
_GREETINGS = (r"hi|hello|hey|hiya|heya|howdy|greetings|good (?:morning|afternoon|evening|day)|bonjour|salut|coucou"
              r"|hola|buenos d[ií]as|buenas(?: tardes| noches)?|hallo|guten (?:tag|morgen|abend)|moin|servus|ciao|salve"
              r"|buongiorno|buonasera|ol[áa]|oi|bom dia|boa (?:tarde|noite)|hoi|hej|hei|merhaba|привет|здравствуйте"
              r"|добрый (?:день|вечер)|доброе утро|xin chào|chào")
_GREETING = re.compile(
    rf"[ \t\n]*+(?:(?:{_GREETINGS})(?:[ \t]+(?:{_ADDRESSEES})){{0,2}}|dear(?:[ \t]+[^\W\d_][\w.-]*){{1,2}})[ \t]*"
    r"(?:[!,.:;]+[ \t]*|[ \t]+[-–—][ \t]+)"
    rf"|[ \t\n]*+(?:{_GREETINGS})(?:[ \t]+(?:{_ADDRESSEES})){{1,2}}[ \t]*(?=\n)"
    r"|[ \t\n]*+(?:你好|您好|大家好|こんにちは|안녕하세요)[!！,，。.]+[ \t]*", re.IGNORECASE)

# A plea for help opening the prompt, as its own sentence, before the request it introduces: "Please help me.", "Can you
# help me with this?", "I need your help." It asks nothing by itself: added before the labelled real prompts the rules
# found, these lost 23-36 of 695 and flagged 6-11 single-task prompts of ~12,000. ("Can you help me with my essay?"
# names what the help is for, and is left.)
_ASKING_FOR_HELP = re.compile(
    r"[ \t\n]*+(?:please[ \t]+help(?:[ \t]+me)?|(?:can|could|would|will)[ \t]+you[ \t]+(?:please[ \t]+)?help[ \t]+me"
    r"(?:[ \t]+(?:with[ \t]+(?:this|something|the[ \t]+following)|out))?|i[ \t]+need[ \t]+(?:your|some)[ \t]+help"
    r"(?:[ \t]+with[ \t]+(?:this|something|the[ \t]+following))?)[ \t]*(?:please[ \t]*)?[.!?:]+[ \t]*",
    re.IGNORECASE)

# A system prompt that only says the model is an assistant, opening the prompt: "You are a helpful assistant.", "You
# are ChatGPT, a large language model trained by OpenAI.", FastChat's "A chat between a curious user and an artificial
# intelligence assistant. ...". It gives no role and asks nothing: added before the labelled real prompts the rules
# found, "You are a helpful assistant." lost 215 of 695, as the set-up of a role-play. One that says what the assistant
# does ("You are a helpful assistant that translates ...") is left.
_ASSISTANT_ADJECTIVES = (r"helpful|useful|friendly|honest|harmless|smart|intelligent|knowledgeable|polite|kind"
                         r"|respectful|capable|reliable|accurate|creative|concise")
_ASSISTANT_SYSTEM_PROMPT = re.compile(
    rf"[ \t\n]*(?:you are (?:an? )?(?:(?:very |really )?(?:{_ASSISTANT_ADJECTIVES})(?:,? (?:and )?|[ \t]))*"
    r"(?:ai |artificial intelligence )?(?:assistant|chatbot|bot|ai|ai model|language model)"
    r"|you are chat ?gpt(?:, a large language model(?: trained by openai)?)?)[ \t]*[.!][ \t]*"
    r"|[ \t\n]*a chat between a curious (?:user|human) and an artificial intelligence assistant\. the assistant gives "
    r"helpful, detailed, and polite answers to the (?:user|human)'s questions\.[ \t]*", re.IGNORECASE)

# Thanks closing the prompt, as its last sentence or line: "Thanks!", "thank you so much :)", "Thx in advance.",
# "Merci d'avance", "谢谢！". Read backwards from the end by `str.endswith` (a regex searched the tail position by
# position: most of this module's cost).
_AFTER_THANKS = " \t\n!.,:;)(^_-~*😊🙂🙏❤\ufe0f"
_THANKS = tuple(sorted((
    "thanks", "thank you", "thankyou", "thx", "thnx", "tnx", "ty", "tia", "cheers", "many thanks", "merci", "gracias",
    "danke", "grazie", "obrigado", "obrigada", "спасибо", "谢谢", "謝謝", "多谢", "ありがとう", "ありがとうございます",
    "감사합니다", "cảm ơn"), key=len, reverse=True))
_THANKS_HOW = (" so much", " a lot", " very much", " in advance", " for your help", " for the help", " beaucoup",
               " d'avance", " de antemano", " mille", " schön", " sehr", " vielmals", " im voraus", " заранее")
_SENTENCE_END = ".!?。！？\n"
_CHAT_THANKS = frozenset({"thx", "thnx", "tnx", "tia", "ty", "many thanks", "cheers"})
_ONLY_THANKS = frozenset({" in advance", " for your help", " for the help", " d'avance", " de antemano", " im voraus",
                          " заранее"})
_SIGN_OFF_CHARS = 60
_LIST_MARK_ENDS = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}|[a-z])[.)]\Z")


def _sign_off_start(text: str) -> int | None:
    """Where a closing thanks starts (the start of its line or sentence), or None. A bare "Thank you" line after a
    line that ends without a mark may be the last phrase of a list ("Translate: ... Good night\nThank you"): it is
    read as thanks only after a sentence's end, or when an exclamation mark, "in advance" or a chat-only spelling
    ("thx", "tia") says so ("Thank you very much" is a phrase to translate as well)."""
    end = len(text.rstrip(_AFTER_THANKS))
    tail = text[max(0, end - _SIGN_OFF_CHARS):end]
    lowered = tail.lower()
    if len(lowered) != len(tail):
        return None  # (a letter lowercasing to two: no place in the tail is sure)
    sure = "!" in text[end:]
    while lowered.endswith(_THANKS_HOW):
        how = next(how for how in _THANKS_HOW if lowered.endswith(how))
        lowered = lowered[:-len(how)].rstrip(" !")
        sure = sure or how in _ONLY_THANKS
    if not lowered.endswith(_THANKS):
        return None
    thanks = next(thanks for thanks in _THANKS if lowered.endswith(thanks))
    start = len(lowered) - len(thanks)
    before = lowered[:start].rstrip(" \t")
    if start > 0 and lowered[start - 1].isalnum() or before and before[-1] not in _SENTENCE_END:
        return None  # inside a word ("pretty"), or in a sentence ("..., thank you")
    if _LIST_MARK_ENDS.search(before):
        return None  # a list's last item ("Translate into French:\n1. good night\n2. thank you")
    if not before and end > len(tail):
        return None  # the tail holds no line or sentence end before it
    ended = before.rstrip("\n")
    if not (sure or thanks in _CHAT_THANKS or ended and ended[-1] in _SENTENCE_END):
        return None
    return end - len(tail) + len(before)


class Reading(NamedTuple):
    """A prompt as curation reads it: its `view`; where the view's text starts and ends without the blanks at its ends
    (outer whitespace, and what it blanks before and after the request); the span of the prompt `within` what it
    blanks around the request but a greeting or a thanks, which a pasted message may hold (the whole prompt when
    there is none); the view's `gaps`, where it left out a doubled space (a view index each: the character after it),
    so that a place in the view is found in the prompt, and back; and the prompt's spans of the opening role `set_up`
    and of the closing format `note` it blanks, which every branch keeps (`kept_around`)."""

    view: str
    start: int
    end: int
    within: tuple[int, int]
    gaps: tuple[int, ...] = ()
    set_up: tuple[int, int] | None = None
    note: tuple[int, int] | None = None

    @property
    def trimmed(self) -> str:
        """The view without the blanks at its ends: what the rules and the learned gate read. Leading line breaks
        moved the rules (two added before the labelled real prompts they found lost 15 of 695, and flagged 16
        single-task ones of ~12,000), and a blanked "Hi! " moved a prompt across the gate's length bucket."""
        return self.view if self.start == 0 and self.end == len(self.view) else self.view[self.start:self.end]

    def kept_around(self, template: str, prompt: str) -> str:
        """`template` (read off the view) after the role set-up and before the format note the view blanks, as
        `prompt` writes them, on their own lines when they stand so ("You are a marketing expert.\n" + "Write a
        slogan for my bakery" + "\n\nPlease write in English language.")."""
        if self.set_up is not None:
            start, end = self.set_up
            template = prompt[start:end] + _joint(prompt[end:self.in_prompt(self.start)]) + template
        if self.note is not None:
            start, end = self.note
            template = template + _joint(prompt[self.in_prompt(self.end):start]) + prompt[start:end]
        return template

    def in_prompt(self, at: int) -> int:
        """The prompt's index of the view's index `at`."""
        return at + bisect_right(self.gaps, at) if self.gaps else at

    def in_view(self, at: int) -> int:
        """The view's index of the prompt's index `at` (a left-out space: the character after it)."""
        if not self.gaps:
            return at
        # less the spaces left out before `at`: the k-th gap's was the prompt's index gaps[k] + k
        return at - bisect_left(range(len(self.gaps)), at, key=lambda k: self.gaps[k] + k)

    def prompt_span(self, span: tuple[int, int]) -> tuple[int, int]:
        """The prompt's span of `span`, found on `trimmed`."""
        return self.in_prompt(span[0] + self.start), self.in_prompt(span[1] + self.start)

    def placed(self, reason: Reason) -> Reason:
        """`reason`, found on `trimmed`, with its span in the prompt."""
        if reason.span is None or not self.start and not self.gaps:
            return reason
        return dataclasses.replace(reason, span=self.prompt_span(reason.span))

    def read_off(self, reason: Reason) -> Reason:
        """`reason`, with its span in the prompt, as `trimmed` holds it (none before its start)."""
        if reason.span is None or not self.start and not self.gaps:
            return reason
        start, end = (max(0, self.in_view(at) - self.start) for at in reason.span)
        return dataclasses.replace(reason, span=(start, end))

    def as_written(self, piece: str, prompt: str) -> str:
        """What `piece`, read off the view, is in `prompt`: the slice where it first stands (`piece` itself when the
        view does not hold it)."""
        if self.view is prompt:
            return piece
        at = self.view.find(piece)
        return prompt[self.in_prompt(at):self.in_prompt(at + len(piece))] if at >= 0 else piece

    def as_read(self, piece: str, prompt: str) -> str:
        """What `piece`, written in `prompt`, is in the view: the slice where it first stands in what the view reads
        ("modell" of "Du bist ein Extraktionsmodell." is not the field "modell"), else in the prompt (`piece` itself
        when the prompt does not hold it)."""
        if self.view is prompt:
            return piece
        at = prompt.find(piece, self.in_prompt(self.start))
        at = at if at >= 0 else prompt.find(piece)
        return self.view[self.in_view(at):self.in_view(at + len(piece))] if at >= 0 else piece


def _joint(between: str) -> str:
    """What joins a kept set-up or note to the template: an empty line, a line break or a space, as in the prompt."""
    return "\n\n" if between.count("\n") > 1 else "\n" if "\n" in between else " "


def reading(text: str) -> Reading:
    """`text` as curation reads it (`Reading`). A few recent ones are cached: the rules, the validator and the gate
    read the same prompt."""
    return _read(text)


# Empty lines and lines of blanks between two lines: read as one empty line, the rest of them as blanks at the end of
# the line before (the same length). The rules tell paragraphs apart by an empty line; with a blank on each of the
# real prompts' empty lines, 3 of the 211 multi-line prompts they found were lost, and with each empty line doubled 2
# of 104.
_BLANK_LINES = re.compile(r"\n(?=[ \t]|\n[ \t\n])(?:[ \t]*\n)+")  # (not a bare "\n\n": most prompts hold only those)


def _one_empty_line(lines: re.Match[str]) -> str:
    run = lines.group(0)
    return run if len(run) == 2 else " " * (len(run) - 2) + "\n\n"


# A chat template's role tags around the prompt ("### Instruction:" ... "### Response:", "USER: ... ASSISTANT:",
# "Human: ... Assistant:", "[INST] ... [/INST]"), as users of arena logs paste them, and one pair of quotes around the
# whole prompt. Neither carries the task: with them added to the labelled real prompts the rules found, 59-73 of 695
# were lost and 39-53 single-task prompts of ~12,000 flagged (quotes: 63 and 19). Not when role tags stand inside
# (a pasted conversation: its tags are its text).
_OPENING_ROLE = re.compile(
    r"[ \t\n]*(?:#{2,3}[ \t]*(?:instruction|human|user|prompt)[ \t]*:?|(?:human|user)[ \t]*:|(?:<s>[ \t]*)?\[inst\]"
    r"|<\|user\|>|<\|im_start\|>[ \t]*user|(?:instructions?|task|request|query)[ \t]*:)[ \t]*", re.IGNORECASE)
_CLOSING_ROLE = re.compile(
    r"(?:#{2,3}[ \t]*(?:response|assistant|output)[ \t]*:?|(?:assistant|gpt|ai|bot)[ \t]*:|\[/inst\]|<\|assistant\|>"
    r"|<\|im_end\|>(?:[ \t\n]*<\|im_start\|>[ \t]*assistant)?)[ \t\n]*\Z", re.IGNORECASE)
_ROLE_TAIL_CHARS = 48
# The template's heading of the text to work on ("### Input:"), on its own line: a heading of the template too.
_TEMPLATE_SECTION = re.compile(r"(?<=\n)[ \t]*#{2,3}[ \t]*(?:input|context)[ \t]*:?[ \t]*(?=\n|\Z)", re.IGNORECASE)
_ROLE_LINE = re.compile(r"(?:^|\n)[ \t]*(?:#{2,3}[ \t]*)?(?:human|user|assistant|gpt|ai|bot|system)[ \t]*:"
                        r"|\[/?inst\]|<\|(?:user|assistant|im_start)\|>", re.IGNORECASE)
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»"}
# A question-and-answer frame ("Q: ...\nA:") or a code fence without a language ("```\n...\n```") around all of it:
# added to the labelled real prompts the rules found, they lost 60 and 37 of 695 and flagged 49 and 15 single-task
# prompts. Not when the frame recurs inside (worked examples: "Q: ...\nA: ...\nQ: ...\nA:", or several blocks).
_PAIR_AROUND = re.compile(r"[ \t\n]*(?:(?:q|question)[ \t]*:[ \t]*(?P<asked>.*?)\n[ \t]*(?:a|answer)[ \t]*:"
                          r"|```[ \t]*\n(?P<fenced>.*)\n[ \t]*```)[ \t\n]*\Z", re.IGNORECASE | re.DOTALL)
_PAIR_INSIDE = re.compile(r"(?:^|\n)[ \t]*(?:q|a|question|answer)[ \t]*:|```", re.IGNORECASE)
_MAY_OPEN = ("#", "<", "[", "human", "Human", "HUMAN", "user", "User", "USER", "instruction", "Instruction",
             "INSTRUCTION", "task", "Task", "TASK", "request", "Request", "query", "Query", *_QUOTE_PAIRS)
_MAY_CLOSE = ":]>\"”»`"


def _unwrapped(view: str) -> tuple[str, int, int]:
    """`view` with an assistant's system prompt opening it and what wraps all of it (`_untagged`; before or after that
    system prompt) blanked; and the span after and between them."""
    system = _system_prompt_end(view)
    if system:
        view = _blanked_before(view, system)
    view, start, end = _untagged(view)
    if not system and start and (system := _system_prompt_end(view)):
        view = _blanked_before(view, system)
    return view, max(start, system), end


def _system_prompt_end(view: str) -> int:
    """Where an assistant's system prompt opening `view` ends (0: none, or nothing after it)."""
    if view.lstrip()[:1] not in "YyAa" or (system := _ASSISTANT_SYSTEM_PROMPT.match(view)) is None:
        return 0
    return system.end() if view[system.end():].strip() else 0


def _untagged(view: str) -> tuple[str, int, int]:
    """`view` with what wraps all of it blanked, from the outside in: a chat template's role tags, a Q/A frame or a
    code fence, one pair of quotes; and the span between them."""
    start, end = 0, len(view)
    last = len(view.rstrip()) - 1
    first = len(view) - len(view.lstrip())
    if last < 0 or not view.startswith(_MAY_OPEN, first) and view[last] not in _MAY_CLOSE:
        return view, start, end
    for wrapped in (_inside_role_tags, _inside_frame_or_fence, _inside_quotes):
        inside = wrapped(view, first, last)
        if inside is not None:
            start, end, kept = inside
            view = " " * start + kept + " " * (len(view) - end)
            last = len(view.rstrip()) - 1
            first = len(view) - len(view.lstrip())
    return view, start, end


Inside = tuple[int, int, str] | None  # where the wrapped text starts and ends, and that text as kept


def _inside_role_tags(view: str, first: int, last: int) -> Inside:
    """Inside a chat template's opening and/or closing role tags (its "### Input:" heading blanked), unless role tags
    stand inside too."""
    opening = (_OPENING_ROLE.match(view) if view.startswith(_MAY_OPEN, first) and view[first] not in _QUOTE_PAIRS
               else None)
    closing = _CLOSING_ROLE.search(view, max(0, last - _ROLE_TAIL_CHARS)) if view[last] in ":]>" else None
    if not (opening or closing):
        return None
    start, end = opening.end() if opening else 0, closing.start() if closing else len(view)
    kept = view[start:end]
    if opening and opening.group(0).lstrip().startswith("#"):
        kept = _TEMPLATE_SECTION.sub(lambda section: " " * len(section.group(0)), kept)
    return (start, end, kept) if kept.strip() and not _ROLE_LINE.search(view, start, end) else None


def _inside_frame_or_fence(view: str, first: int, last: int) -> Inside:
    """Inside a Q/A frame or a code fence without a language, unless it recurs inside."""
    if view[first] not in "qQ`" or view[last] not in ":`" or (pair := _PAIR_AROUND.match(view)) is None:
        return None
    start, end = pair.span("asked" if pair.group("asked") is not None else "fenced")
    kept = view[start:end]
    return (start, end, kept) if kept.strip() and not _PAIR_INSIDE.search(view, start, end) else None


def _inside_quotes(view: str, first: int, last: int) -> Inside:
    """Inside one pair of quotes around all of it, unless the prompt quotes something itself."""
    if last <= first or _QUOTE_PAIRS.get(view[first]) != view[last]:
        return None
    kept = view[first + 1:last]
    return (first + 1, last, kept) if view[first] not in kept and view[last] not in kept and kept.strip() else None


def _blanked_before(view: str, end: int) -> str:
    """`view` with all before `end` read as blanks (the same length)."""
    return " " * end + view[end:]


def _blanked_from(view: str, start: int) -> str:
    """`view` with all from `start` read as blanks (the same length)."""
    return view[:start] + " " * (len(view) - start)


def reading_view(text: str) -> str:
    """`text` as curation reads it: odd spaces as spaces, a carriage return before a line break as a space (one alone
    as a line break), a run of empty lines as one, a chat template's tags or an opening label, an assistant's system
    prompt, quotes around it all, an opening greeting, plea for help or role set-up and a closing thanks, check
    question or format note as spaces, when some text is left between them, and a doubled space between words as
    one. `text` itself when nothing changes."""
    return _read(text).view


def trimmed_view(text: str) -> str:
    """`reading_view(text)` without the blanks at its ends (`Reading.trimmed`)."""
    return _read(text).trimmed


@lru_cache(maxsize=8)
def _read(text: str) -> Reading:
    view = text
    if not view.isascii() and _ODD_SPACE.search(view):
        view = view.translate(_AS_SPACE)
    if "\r" in view:
        view = view.replace("\r\n", " \n").replace("\r", "\n")
    lined = _BLANK_LINES.sub(_one_empty_line, view)
    if lined is not view and lined != view:
        view = lined
    view, *within = _unwrapped(view)
    greeting = _GREETING.match(view)
    if greeting is not None and view[greeting.end():].strip():
        view = _blanked_before(view, greeting.end())
    plea = _ASKING_FOR_HELP.match(view)
    if plea is not None and view[plea.end():].strip():
        view = _blanked_before(view, plea.end())
        within[0] = max(within[0], plea.end())  # (not a pasted message's own, as a greeting may be)
    sign_off = _sign_off_start(view)
    if sign_off is not None and view[:sign_off].strip():
        view = _blanked_from(view, sign_off)
    check = _check_question(view)
    if check is not None:
        view = _blanked_from(view, check[0])
        within[1] = min(within[1], check[0])
    set_up = _role_set_up(view)
    if set_up is not None:
        view = _blanked_before(view, set_up[1])
        within[0] = max(within[0], set_up[1])
    note = _format_note(view)
    if note is not None:
        view = _blanked_from(view, note[0])
        within[1] = min(within[1], note[0])
    gaps: tuple[int, ...] = ()
    if "  " in view:
        view, gaps = _single_spaced(view)
    end = len(view.rstrip())
    if not end:
        return Reading(view, 0, len(view), (0, len(text)), gaps)
    return Reading(view, len(view) - len(view.lstrip()), end, (within[0], within[1]), gaps, set_up, note)


# A role set-up opening the prompt, one sentence naming who the model is to be ("You are a marketing expert.", "Act as
# a senior Python developer", "Eres un profesor de historia."), before a request that needs nothing more of the role:
# added before the labelled parallelizable prompts the rules found, "You are an expert assistant.\n" lost 215 of 695
# (139 read the role as the request; 74 were refused as a role-play's set-up). It is blanked for reading and kept
# before every branch's template (`Reading.kept_around`). Not when the rest goes on with the role-play ("I will
# give you ...", "you will ...", "Your task is ...": the set-up describes behaviour, the classic false proposal), nor
# a sentence longer than `_SET_UP_WORDS` words or one that introduces what follows (a colon).
_ROLE_SENTENCE = re.compile(
    r"[ \t\n]*(?:you are|you're|act as|acting as|i want you to act as|pretend (?:to be|you are)|imagine (?:that )?you "
    r"are|assume the role of|play the role of|take on the role of|eres|actúa como|tu es|vous êtes|agis comme|du bist"
    r"|sie sind|sei|agisci come|você é|aja como)[ \t]+(?:now[ \t]+)?"
    r"(?:a|an|the|my|our|un|una|une|ein|eine|einen|um|uma)[ \t]+[^\n.!?:;]{1,120}?"
    r"(?:[.!]?(?=[ \t]*\n)|[.!](?=[ \t]+\S))", re.IGNORECASE)
_SET_UP_WORDS = 16
_SET_UP_OPENINGS = frozenset({"you", "act", "i w", "pre", "ima", "ass", "pla", "tak", "ere", "tu ", "vou", "agi",
                              "du ", "sie", "sei", "voc", "aja"})
_LEADING_BLANKS = re.compile(r"[ \t\n]*")
_BLANKS = re.compile(r"\s*")
# The rest goes on addressing the role ("You write in a friendly tone."), unless to hand it the task's material ("You
# are given two questions.").
_ADDRESSED = re.compile(r"(?:you|your|tu|vous|du|sie|você)\b(?! are (?:given|provided|shown|presented)\b)",
                        re.IGNORECASE)
# The rest plays on: inputs to come ("I will give you ..."), or more roles ("Answer as if you were:\n- a beginner").
# (Tried only where its words start, as `ROLE_DESCRIPTION` and `ROLE_PLAY`: each is searched over the rest of the
# prompt.)
_PLAYS_ON = StartNeedleRegex(re.compile(r"\bi(?: will|'ll| am going to) (?:give|send|provide|ask|write|tell|type|"
                                        r"share|paste)\b|\bas if you (?:were|are)\b", re.IGNORECASE),
                             ("i will", "i'll", "i am going to", "as if you"))


# A format note closing the prompt, as its last sentence or line: the answer's language ("Please write in English
# language.", as the AIPRM extension appends it to ~390 of our real prompts; "Answer in Spanish."), its format ("Return
# the answer in JSON format.", "Use markdown."), its length ("Be concise.") or its reasoning ("Let's think step by
# step.", "Explain your reasoning."). It asks nothing of its own: added after the labelled parallelizable prompts the
# rules found, "\n\nAnswer in English." lost 36 of 695, "\nReturn the answer in JSON format." 17, "\nBe concise." 20,
# "\n\nExplain your reasoning." 26, and they flagged 8, 14, 7 and 25 single-task prompts of ~12,000. Blanked for
# reading and kept after every branch's template (`Reading.kept_around`).
_FORMAT_NOTE = re.compile(
    r"(?:please[ \t]+)?(?:"
    r"(?:write|answer|respond|reply)(?:[ \t]+(?:it|them|this|all|everything))?[ \t]+in[ \t]+"
    r"(?:[\w-]+[ \t]+(?:tone|writing[ \t]+style),[ \t]+)*[^\W\d_]+(?:[ \t]+language)?"
    r"|(?:return|give|provide|output|format|write)[ \t]+(?:the|your|all(?:[ \t]+the)?)[ \t]+"
    r"(?:answers?|outputs?|responses?|results?)[ \t]+(?:in|as)[ \t]+(?:an?[ \t]+)?"
    r"(?:json|markdown|csv|yaml|table|list|bullet[ \t]+points)(?:[ \t]+(?:format|object))?"
    r"|be[ \t]+(?:concise|brief)|keep[ \t]+it[ \t]+(?:short|brief|concise)|no[ \t]+explanations?|use[ \t]+markdown"
    r"|(?:let's[ \t]+)?think[ \t]+step[ \t]+by[ \t]+step|(?:explain|show)[ \t]+your[ \t]+(?:reasoning|work|answers?)"
    r"|(?:answer|output|response|result|solution)[ \t]*:"
    r"|(?:do[ \t]+not|don't)[ \t]+(?:explain|add[ \t]+(?:any[ \t]+)?explanations?)"
    r"|(?:responde|contesta|réponds|répondez|antworte|rispondi|responda)[ \t]+(?:en|auf|in|em)[ \t]+[^\W\d_]+"
    r")[ \t]*[.!]?", re.IGNORECASE)
_NOTE_REACH = 160
# A closing question that only checks the request was understood ("Can you do that?", "Is that possible?", "Does that
# make sense?"). It asks nothing of its own: added after the labelled real prompts the rules found, "\n\nCan you do
# that?" lost 48 of 695 and flagged 59 single-task prompts (a second question mark). Blanked, as a closing thanks is.
_CHECK_QUESTION = re.compile(
    r"(?:(?:can|could|would|will)[ \t]+you[ \t]+(?:please[ \t]+)?"
    r"(?:do|help(?:[ \t]+me)?|manage)(?:[ \t]+(?:that|this|it))?(?:[ \t]+for[ \t]+me)?"
    r"|is[ \t]+(?:that|this|it)[ \t]+(?:possible|ok(?:ay)?|clear)|(?:does|did)[ \t]+(?:that|this)[ \t]+make[ \t]+sense"
    r"|any[ \t]+questions)[ \t]*\?+", re.IGNORECASE)
# Where the last sentence of a line starts: after a sentence's end and blanks (a colon too, before a check question).
_SENTENCE_BREAK = re.compile(r"[.!?。！？][ \t]+")
_CLAUSE_BREAK = re.compile(r"[.!?。！？:][ \t]+")


def _format_note(view: str) -> tuple[int, int] | None:
    """The span of a format note closing `view` (`_FORMAT_NOTE`), or None when there is none or nothing before it."""
    return _closing(view, _FORMAT_NOTE, _SENTENCE_BREAK)


def _check_question(view: str) -> tuple[int, int] | None:
    """The span of a check question closing `view` (`_CHECK_QUESTION`), or None when there is none or nothing before
    it."""
    return _closing(view, _CHECK_QUESTION, _CLAUSE_BREAK)


def _closing(view: str, sentence: re.Pattern[str], breaks: re.Pattern[str]) -> tuple[int, int] | None:
    """The span of the last sentence of `view` (on its last line, after the last of `breaks`; within `_NOTE_REACH` of
    its end) when all of it is a `sentence` and something stands before it. (Matched there alone: searched for at every
    place of the tail, these cost ~2 µs a prompt each.)"""
    end = len(view)
    if end and view[end - 1].isspace():  # (only then `rstrip`, and no `strip` below: a copy of a long view costs more
        end = len(view.rstrip())  # than the check; walked back a character at a time, 100,000 blanks took 20 ms)
    start = max(view.rfind("\n", 0, end) + 1, end - _NOTE_REACH)
    for sentence_break in breaks.finditer(view, start, end):
        start = sentence_break.end()
    start = _LEADING_BLANKS.match(view, start).end()  # type: ignore[union-attr]
    if (start == end or sentence.fullmatch(view, start, end) is None
            or _BLANKS.match(view).end() >= start):  # type: ignore[union-attr]
        return None
    return start, end


def _role_set_up(view: str) -> tuple[int, int] | None:
    """The span of a role set-up sentence opening `view` (`_ROLE_SENTENCE`), or None. (The cheap tests first: the
    searches of the rest cost ~100 µs on a long prompt.)"""
    first = _LEADING_BLANKS.match(view).end()  # type: ignore[union-attr]  # (it matches the empty string)
    if view[first:first + 3].lower() not in _SET_UP_OPENINGS or (sentence := _ROLE_SENTENCE.match(view)) is None:
        return None
    end = sentence.end()
    rest = _LEADING_BLANKS.match(view, end).end()  # type: ignore[union-attr]
    if (rest == len(view) or len(view[first:end].split()) > _SET_UP_WORDS or _ADDRESSED.match(view, rest)
            or _PLAYS_ON.search(view, rest) or ROLE_DESCRIPTION.search(view, first) or ROLE_PLAY.search(view, rest)):
        return None
    return first, end


# Two spaces between words, as typing leaves them: read as one. Added once to the labelled real prompts the rules
# found (at their first space), they lost 30 of 680 and flagged 12 single-task prompts of ~11,400; everywhere, 91 and
# 55. Longer runs stay: they align the columns of pasted tables.
_DOUBLED_SPACE = re.compile(r"(?<=\S)  (?=\S)")


def _single_spaced(view: str) -> tuple[str, tuple[int, ...]]:
    """`view` without the second space of each doubled one, and where each was left out (`Reading.gaps`)."""
    pieces, gaps, kept_from = [], [], 0
    for doubled in _DOUBLED_SPACE.finditer(view):
        pieces.append(view[kept_from:doubled.start() + 1])
        kept_from = doubled.end()
        gaps.append(doubled.end() - len(gaps) - 1)
    if not gaps:
        return view, ()
    pieces.append(view[kept_from:])
    return "".join(pieces), tuple(gaps)
