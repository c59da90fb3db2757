"""The learned precision gate: a linear model over hashed words of the instruction, the rule pipeline's own
evidence and the shape of the items it proposed, applied to schemas the rules propose.

Why: rules find items well but cannot tell a list of independent sub-tasks from a list of constraints of one task
as well as a model trained on real prompts can. The gate only ever lowers a tier (it never invents a
decomposition); its weights are a small JSON file trained by `studio.curation.gate_training` on the development
set, and scoring is pure Python (CRC32-hashed features, one dot product) so it is deterministic everywhere.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import zlib
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

from store.models import Reason, Schema
from studio.curation.lexicon.words import GATE_QUESTION_START, ONE_WORD_VERBS
from studio.curation.rules import RULES_EXTRACTOR

MODEL_FILE = "gate_model.json"
# Categories the gate may send to triage but never reject (session 42). Its training files hold 24 true Keyword
# Extraction and 22 true Reading Comprehension proposals (ShareGPT's extraction turns point at an earlier turn's
# text); on the blind hand-written sets it rejected about one true proposal of these in seven and no false one,
# while on the held-out real files it rejects 9 false ones of 7,094 single-task prompts. At the share of
# parallelizable prompts (18.7%, a third of them extraction) the recall it takes costs far more than the precision
# it gives: docs/curation.md, "The gate triages extraction, it does not reject it".
TRIAGED_NOT_REJECTED = frozenset({"Keyword Extraction", "Reading Comprehension"})
HEAD_CHARS = 400  # instructions sit at the start or the end of a prompt; a pasted passage fills the middle
TAIL_CHARS = 250
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W\d_]+|\d+|[?:;]", re.UNICODE)
# A line opening with a list marker (a number, a bullet or a letter after its blanks): the first line, or one after a
# line break, which the engine skips to (with "(?m)^" it tried every position of a long prompt: ~3 times the cost).
_LIST_MARKER = r"[ \t]*(?:\d{1,2}[.)]|[-*•]|[a-zA-Z][.)])"
_FIRST_LIST_LINE, _LIST_LINE_AFTER_BREAK = re.compile(_LIST_MARKER), re.compile("\n" + _LIST_MARKER)
_ITEM_LENGTHS = (10, 30, 60, 120, 250)
_ENDS = {"?": "?", "？": "?", ".": ".", "。": ".", "!": ".", "！": ".", ":": ":", "：": ":"}


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    """The index of the first edge at or above `value` (len(edges) above them all)."""
    return bisect_left(edges, value)


def feature_names(prompt: str, schema: Schema) -> list[str]:
    """The named features of one (prompt, schema) pair, its words first; hashing happens in `GateModel`."""
    return [*word_feature_names(prompt, schema.context), *evidence_feature_names(prompt, schema)]


def word_feature_names(prompt: str, context: str | None = None) -> list[str]:
    """The words and word pairs of the instruction, and the words of the proposal's `context` apart ("c:word"):
    the instruction is the prompt without the context, its head and tail when long. Why: read as the instruction's
    words, a pasted email's or article's words outweighed the request ("extract", "answer") and the gate rejected a
    third of the rules' true extraction and reading proposals on blind probe sets; apart, the context's words keep
    what real prompts teach of them (on our held-out real files the two readings score alike)."""
    names: list[str] = []
    if context:
        at = prompt.find(context)
        if at >= 0:
            prompt = prompt[:at] + "\n" + prompt[at + len(context):]
            names += map("c:".__add__, _TOKEN.findall(context[:HEAD_CHARS].casefold()))
    regions = (("w", prompt),) if len(prompt) <= HEAD_CHARS + TAIL_CHARS else (
        ("h", prompt[:HEAD_CHARS]), ("t", prompt[-TAIL_CHARS:]))
    for region, text in regions:
        tokens = _TOKEN.findall(text.casefold())
        words = list(map(f"{region}:".__add__, tokens))  # "w:word"
        names += words
        names += map(" ".join, zip(words, tokens[1:]))  # "w:word next"
    return names


def evidence_feature_names(prompt: str, schema: Schema) -> list[str]:
    """The rules' evidence and the look of the proposed items: a small vocabulary (tiers, categories, rules,
    buckets, shapes, items' first words), unlike the prompt's words."""
    names: list[str] = []
    names.append(f"tier={schema.tier}")
    names.append(f"category={schema.category}")
    names.append(f"shape={'n' if schema.n is not None else 'data'}")
    names.append(f"context={schema.context is not None}")
    names.append(f"dependency={schema.dependency}")
    names.append(f"items={_bucket(schema.branch_count, (2, 3, 5, 10, 20))}")
    names.append(f"length={_bucket(len(prompt), (80, 200, 500, 1000, 3000))}")
    names.append(f"questions={_bucket(prompt.count('?') + prompt.count('？'), (0, 1, 2, 4))}")
    names.append(f"lines={_bucket(prompt.count(chr(10)), (0, 2, 5, 15))}")
    names.append(f"list_lines={_bucket(_list_lines(prompt), (0, 2, 5, 10))}")
    names.extend(f"reason={reason.rule}" for reason in schema.reasons)
    if schema.context:
        names.append(f"context_share={_bucket(100 * len(schema.context) // max(len(prompt), 1), (20, 50, 80))}")
        names.append(f"context_length={_bucket(len(schema.context), (200, 1000, 3000))}")
    if schema.data:
        names.extend(item_feature_names(schema.data, schema.template or ""))
    return names


def _list_lines(prompt: str) -> int:
    """How many lines open with a list marker: the matches of "(?m)^" and the marker (one a line, each within it)."""
    return (_FIRST_LIST_LINE.match(prompt) is not None) + len(_LIST_LINE_AFTER_BREAK.findall(prompt))


def _share(count: int, total: int) -> str:
    """none, some (under half), most or all: a share coarse enough to generalise across list lengths."""
    return "none" if not count else "all" if count == total else "most" if 2 * count >= total else "some"


@lru_cache(maxsize=4096)
def _shape_name(start: str) -> str:
    """The feature naming the character classes of a word's first four characters `start`, repeats folded:
    "H1" -> "Xd", "What" -> "Xx", "(a)" -> "cxc" (cached: items' first words repeat, "1.", "What", "How")."""
    shape = ""
    for character in start:
        kind = "d" if character.isdigit() else "X" if character.isupper() else "x" if character.islower() else "c"
        if not shape.endswith(kind):
            shape += kind
    return f"item.shape:{shape}"


_END_NAMES = {end: f"item.end:{end}" for end in (*_ENDS.values(), "none")}
_LENGTH_NAMES = tuple(f"item.length:{bucket}" for bucket in range(len(_ITEM_LENGTHS) + 1))


def item_feature_names(items: list[str], template: str) -> list[str]:
    """What the proposed items look like: sub-tasks (questions, texts to work on, requests) or the parts of one
    task (requirements, options, formatting tokens, lines of one document). Per item its first word, first-word
    shape, end mark and length; over the items the shares that end in "?" or ".", that open with a question word
    or with a request verb, their mean and longest length, how many share one first word, and where `{data}` sits
    in the template (on a line of its own, in a question). Each item's names are built once from tables (this
    runs on every gated proposal)."""
    names: list[str] = []
    firsts: list[str] = []
    ends: list[str] = []
    wh = longest = total_length = 0
    search, question_start, end_names = _TOKEN.search, GATE_QUESTION_START.match, _END_NAMES
    for item in items:
        text = item.strip()
        token = search(text)
        first = token.group().casefold() if token else ""
        end = _ENDS.get(text[-1:], "none")
        size = len(text)
        # the first word's first four characters: `text` is stripped, so its first four hold the word's start
        names += (f"item.first:{first}", _shape_name(text[:4].split(None, 1)[0]) if text else "item.shape:",
                  end_names[end], _LENGTH_NAMES[bisect_left(_ITEM_LENGTHS, size)])
        firsts.append(first)
        ends.append(end)
        wh += question_start(text) is not None
        longest, total_length = max(longest, size), total_length + size
    total = len(items)
    verbs = sum(map(ONE_WORD_VERBS.__contains__, firsts))
    counts = {"?": ends.count("?"), ".": ends.count("."), "wh": wh, "verb": verbs}
    names.extend(f"items.{kind}={_share(counts[kind], total)}" for kind in ("?", ".", "wh", "verb"))
    names.append(f"items.mean_length={_bucket(total_length // total, _ITEM_LENGTHS)}")
    names.append(f"items.max_length={_bucket(longest, _ITEM_LENGTHS)}")
    names.append(f"items.shared_first={_share(max(Counter(firsts).values()), total)}")
    at = template.find("{data}")
    if at >= 0:
        line_start = template.rfind("\n", 0, at) + 1
        line_end = template.find("\n", at)
        line = template[line_start:line_end if line_end >= 0 else len(template)]
        names.append(f"template.data_alone={line.strip() == '{data}'}")
        names.append(f"template.data_in_question={'?' in line or '？' in line}")
    return names


def feature_index(name: str, dimensions: int) -> int:
    """Where a feature name's weight sits: the CRC32 of its UTF-8 bytes modulo the model's dimensions (the trainer
    and `_Indices` share it; `GateModel.probability` inlines it for the prompt's words, its hot path)."""
    return zlib.crc32(name.encode()) % dimensions


class _Indices(dict[str, int]):
    """The hashed index of each evidence feature name, hashed once: their vocabulary is small and every proposal
    names some twenty of them. Emptied when it reaches `_MAX_INDICES` (items' first words are open-ended)."""

    __slots__ = ("dimensions",)

    def __init__(self, dimensions: int) -> None:
        super().__init__()
        self.dimensions = dimensions

    def __missing__(self, name: str) -> int:
        if len(self) >= _MAX_INDICES:
            self.clear()
        index = self[name] = feature_index(name, self.dimensions)
        return index


_MAX_INDICES = 50_000


@dataclasses.dataclass(frozen=True, slots=True)
class GateModel:
    """A hashed linear model: P(parallelizable) = sigmoid(bias + sum of weights of the features present)."""

    dimensions: int
    bias: float
    weights: dict[int, float]
    high: float  # probability at or above which a rule tier of `high` stays high
    medium: float  # below this the schema is rejected (tier low)
    version: str
    # every index's weight (0.0 where none) by position: no hashing and probing of the ~30,000-key dict per
    # feature, whose scattered keys cost cache misses (2 MB for 2**18 dimensions). A tuple, not a list: the garbage
    # collector walks every element of a list at each full collection (~2**18 visits, twice), and stops tracking a
    # tuple of floats at its first collection; read back, each weight is the stored float (an array of doubles
    # would make a new float at each read, which the short prompts the gate reads most paid for)
    _dense: tuple[float, ...] = dataclasses.field(init=False, repr=False, compare=False)
    _indices: _Indices = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        dense = [0.0] * self.dimensions
        for index, weight in self.weights.items():
            if 0 <= index < self.dimensions:  # (an index outside is never looked up)
                dense[index] = weight
        object.__setattr__(self, "_dense", tuple(dense))
        object.__setattr__(self, "_indices", _Indices(self.dimensions))

    def probability(self, prompt: str, schema: Schema) -> float:
        dimensions, crc32 = self.dimensions, zlib.crc32
        words = word_feature_names(prompt, schema.context)
        indices = {crc32(name) % dimensions for name in map(str.encode, words)}  # (UTF-8)
        # (added in the same order as one pass over `feature_names`: the same set, iterated in the same order)
        indices.update(map(self._indices.__getitem__, evidence_feature_names(prompt, schema)))
        # (the weights in the set's order, as a generator would read them: the float sum is the same)
        score = self.bias + sum(map(self._dense.__getitem__, indices))
        return 1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0)))

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> GateModel:
        return cls(dimensions=int(document["dimensions"]), bias=float(document["bias"]),
                   weights={int(k): float(v) for k, v in document["weights"].items()},
                   high=float(document["high"]), medium=float(document["medium"]),
                   version=str(document["version"]))


@lru_cache(maxsize=1)
def shipped_model() -> GateModel | None:
    """The model trained on the development set and shipped beside this module (None when absent)."""
    resource = resources.files("studio.curation").joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    return GateModel.from_json(json.loads(resource.read_text(encoding="utf-8")))


def apply_gate(schema: Schema, prompt_text: str, model: GateModel | None = None) -> Schema:
    """The schema with its tier lowered where the gate doubts it: below `medium` rejected (low), below `high`
    at most medium. Only rule-extracted, accepted schemas are gated; anything else passes unchanged."""
    if schema.extractor != RULES_EXTRACTOR or not schema.parallelizable or schema.tier not in ("high", "medium"):
        return schema
    model = model or shipped_model()
    if model is None:
        return schema
    probability = model.probability(prompt_text, schema)
    figure = f"p={probability:.3f}"
    if probability < model.medium and schema.category in TRIAGED_NOT_REJECTED:
        tier, reason = "medium", Reason("gate.doubt", f"the gate trained on real prompts doubts it ({figure} < "
                                                      f"{model.medium:.3f}), but real logs taught it too few "
                                                      f"{schema.category} requests to reject one: to triage")
    elif probability < model.medium:
        tier, reason = "low", Reason("gate.low", f"rejected by the gate trained on real prompts ({figure} < "
                                                 f"{model.medium:.3f})")
    elif probability < model.high and schema.tier == "high":
        tier, reason = "medium", Reason("gate.medium", f"the gate trained on real prompts is not sure enough for "
                                                       f"high ({figure} < {model.high:.3f})")
    else:
        tier, reason = schema.tier, Reason("gate.pass", f"the gate trained on real prompts agrees ({figure})")
    return schema.replaced(tier=tier, reasons=[*schema.reasons, reason])
