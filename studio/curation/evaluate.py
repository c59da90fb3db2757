"""Evaluation of an extractor (+ the validator) against a gold file, without touching a store.

Gold format, one JSON object a line: {"prompt", "parallelizable", "category", "data", "n", "context", "language"}.
A row's language is read as ingest reads it (`language_of`): its label when that names a language, else detected
from the prompt, so a file without labels is judged as the store would judge its prompts.
Definitions (overall, per language and per gold category):
- predicted positive: the validated schema is parallelizable and its tier is in the acceptance cut `high+medium`;
  `per_tier` gives precision and recall at each cut of `ACCEPT_CUTS` (`high`, `high+medium`, `all` = any tier);
- precision / recall of that decision against the gold `parallelizable`, each with its 95% Wilson score interval
  (`precision_ci`, `recall_ci`: a few hundred real positives leave several points of doubt either way);
- `per_tier` also gives each cut's false-positive rate (false proposals over gold negatives, with its interval):
  precision depends on how many prompts of a file are parallelizable, the false-positive rate does not. Given the
  share of parallelizable prompts of another log (`prevalence`), `at_prevalence` is the precision each cut would
  have there, recall·p / (recall·p + fp_rate·(1 - p)), when that log's prompts are like the gold file's;
- category accuracy, data-item F1 and n accuracy are measured on the true positives found: category compared
  without case and word separators (`category_key`); data F1 is the mean per-prompt F1 between item multisets after
  `normalise_item` (case, whitespace, surrounding quotes and punctuation), 0 when the prediction has `n` where the
  gold has data; n accuracy is the share of gold-`n` true positives whose predicted n is equal;
- context F1 and context in branch are measured on the true positives whose gold line gives a `context` (the
  shared passage every branch is sent with), words casefolded, each CJK character a word of its own: `context_f1`
  is the mean per-prompt F1 between the word multisets of the predicted and the gold context (0 when none was
  predicted: the schema's shape against the reference's); `context_in_branch` the mean share of the gold context's
  words that a branch prompt holds besides its item (the template filled with the context: a passage the template
  keeps counts). Why: a branch sent with half of its passage, or none, answers from less than the prompt gave,
  however right its items;
- dependent negatives: gold negatives that the dependency detector marks `dependent`, or whose text contains a
  broad dependency indicator (`DEPENDENCY_INDICATORS`: order, ranking, comparison, totals, "previous", "then"...,
  wider than the detector's cues so the figure is not true by construction); `dependent_rejected` is the share
  of them not predicted positive.
Several gold files may be evaluated together: the figures pool every case, `per_file` gives each file's own.
A line that cannot be evaluated is left out and one written otherwise than our gold rules is read as `load_gold`
says; each gets a note (`gold_notes`, `gold_left_out`), so one odd line never stops an evaluation.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from evaluators.language import language_of
from store.models import Schema, prompt_id_for
from studio.curation.dependency import detect_dependency
from studio.curation.lexicon.matching import CJK_CHAR
from studio.curation.rules import refused_counts
from studio.curation.templating import render_template
from studio.curation.tiers import ACCEPT_CUTS, DEFAULT_CUT, in_cut
from studio.curation.validator import normalise_item, validate_schema
from studio.presentation import FittedTable, figure_table, number
from studio.untrusted import visible_text

if TYPE_CHECKING:
    from studio.backends.base import Endpoint

Extract = Callable[[str, str | None], Schema]

DEPENDENCY_INDICATORS = re.compile(
    r"\b(?:previous|preceding|prior|before|after|then|next|builds?|based on|depends?|dependent|rank\w*|sort\w*|"
    r"order\w*|compar\w*|contrast|versus|vs|best|worst|top|total|sum|cumulative|running|average|combine\w*|"
    r"sequence|step|chain|continu\w*|anterior|luego|después|ordena\w*|compara\w*|mejor|précédent\w*|puis|"
    r"ensuite|trie\w*|classe\w*|meilleur\w*|vorherig\w*|dann|danach|sortier\w*|vergleich\w*|besten?|"
    r"precedente|poi|ordina\w*|confront\w*|migliore|depois|melhor|предыдущ\w*|затем|потом|сортир\w*|сравн\w*|"
    r"лучш\w*|итог\w*)\b|之前|然后|排序|排名|比较|比較|前日|並べ|累计|累計|순위|정렬|비교|이전",
    re.IGNORECASE)

_GOLD_KEYS = ("prompt", "parallelizable", "category", "data", "n", "context", "language")


class GoldFileError(ValueError):
    """A gold file line that cannot be evaluated; the message names the file and line."""


@dataclass(slots=True)
class GoldCase:
    prompt: str
    parallelizable: bool
    category: str | None
    data: list[str] | None
    n: int | None
    context: str | None
    language: str | None
    line: int
    file: str


@dataclass(slots=True, frozen=True)
class GoldNote:
    """A gold line that breaks a rule of our gold files (`problem`): read as `reading` says, or left out of the
    evaluation when `reading` is None."""

    file: str
    line: int
    problem: str
    reading: str | None = None

    @property
    def kept(self) -> bool:
        return self.reading is not None

    @property
    def message(self) -> str:
        return f"{self.problem}: {self.reading}" if self.reading else self.problem

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "message": self.message, "kept": self.kept}


def load_gold(path: str | Path, notes: list[GoldNote] | None = None) -> list[GoldCase]:
    """Parse a gold JSONL file. With `notes`, a line that cannot be evaluated is left out and a usable line written
    otherwise than our own gold rules ask is read as `_read_case` says (both `data` and `n` scored; empty `data`, an
    `n` below 2 and the `data` or `n` of a prompt that is not parallelizable read as none; one item scored as
    written; 4.0 read as 4; "True" or 1 read as a boolean; a `category` or `context` that is no string read as
    none), each with a note appended: someone else's gold file is evaluated on every line it can be, not refused for
    one. Without `notes`, the first such line raises GoldFileError naming it and its problem (our own files keep the
    rules). A file with no usable line always raises.

    Lines end at "\n" only (a "\r" before it is JSON whitespace): `str.splitlines` would also break a line at
    U+2028, U+0085 or a form feed, which JSON allows unescaped inside a string."""
    gold_path = Path(path)
    try:
        lines = gold_path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n")
    except OSError as error:
        raise GoldFileError(f"cannot read gold file {gold_path}: {error.strerror or error}") from error
    cases: list[GoldCase] = []
    file_notes: list[GoldNote] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case, line_notes = _read_case(line, gold_path, number)
        if notes is None and line_notes:
            raise GoldFileError(f"{gold_path}:{number}: {line_notes[0].problem}")
        file_notes += line_notes
        if case is not None:
            cases.append(case)
    if notes is not None:
        notes.extend(file_notes)
    if not cases:
        raise GoldFileError(f"{gold_path}: no line to evaluate" + (
            f" ({len(file_notes)} left out; first, line {file_notes[0].line}: {file_notes[0].message})"
            if file_notes else ""))
    return cases


class _LeftOut(Exception):
    """A gold line that cannot be evaluated, and why."""


_LARGEST_COUNT = 10**9  # a float count above this is no count a gold file means (and prints as hundreds of digits)


def _read_case(line: bytes, path: Path, number: int) -> tuple[GoldCase | None, list[GoldNote]]:
    """One gold line as a case (None: left out) and its notes: each reading otherwise than written, or the one
    reason the line is left out (then alone: a line not evaluated was not read either)."""
    try:
        return _case(*_row(line), path, number)
    except _LeftOut as problem:
        return None, [GoldNote(str(path), number, str(problem))]


def _row(line: bytes) -> tuple[dict[str, Any], bool]:
    """A gold line's JSON object, when it has a string `prompt` and a `parallelizable` that reads as a boolean, and
    that boolean."""
    try:
        row = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise _LeftOut(f"not UTF-8 (byte 0x{line[error.start]:02x})") from None
    except json.JSONDecodeError as error:
        raise _LeftOut(f"not valid JSON ({error.msg}, column {error.colno})") from None
    except ValueError as error:  # an integer of more digits than Python converts ("Exceeds the limit ...")
        raise _LeftOut(f"not valid JSON ({error})") from None
    except RecursionError:
        raise _LeftOut("not valid JSON (nested too deeply)") from None
    parallelizable = _flag(row.get("parallelizable")) if isinstance(row, dict) else None
    if parallelizable is None or not isinstance(row.get("prompt"), str):
        raise _LeftOut(f"needs a string 'prompt' and a boolean 'parallelizable' (keys: {', '.join(_GOLD_KEYS)})")
    return row, parallelizable


def _case(row: dict[str, Any], parallelizable: bool, path: Path, number: int) -> tuple[GoldCase, list[GoldNote]]:
    """The case of a gold line's row (`_row`) and a note for each value read otherwise than written."""
    readings: list[GoldNote] = []

    def note(problem: str, reading: str) -> None:
        readings.append(GoldNote(str(path), number, problem, reading))

    if not isinstance(row["parallelizable"], bool):
        note(f"'parallelizable' is {json.dumps(row['parallelizable'])}", f"read as {json.dumps(parallelizable)}")
    data, n = row.get("data"), row.get("n")
    if not parallelizable and (data is not None or n is not None):
        note("a prompt that is not parallelizable has no 'data' or 'n'", "they are not read")
        data = n = None
    if data is not None and not (isinstance(data, list) and all(isinstance(item, str) for item in data)):
        raise _LeftOut("'data' must be a list of strings or null")
    if isinstance(n, float) and n.is_integer() and abs(n) <= _LARGEST_COUNT:
        note(f"'n' is {n!r}", f"read as {int(n)}")
        n = int(n)
    if n is not None and (not isinstance(n, int) or isinstance(n, bool)):
        raise _LeftOut("'n' must be a whole number or null")
    category, context = row.get("category"), row.get("context")
    if category is not None and not isinstance(category, str):
        note("'category' is not a string", "read as none (not scored)")
        category = None
    if context is not None and not isinstance(context, str):
        note("'context' is not a string", "read as none")
        context = None
    if data is not None and len(data) < 2:
        if data:
            note("'data' holds one item (a decomposition has two or more)", "scored as written")
        else:
            note("'data' is empty", "read as none")
            data = None
    if n is not None and n < 2:
        note(f"'n' is {n} (a count of outputs is 2 or more)", "read as none")
        n = None
    if data is not None and n is not None:
        note("both 'data' and 'n' (a decomposition has one or the other)", "both are scored")
    return GoldCase(prompt=row["prompt"], parallelizable=parallelizable, category=category, data=data, n=n,
                    context=context, language=language_of(row.get("language"), row["prompt"]), line=number,
                    file=str(path)), readings


_FLAGS = {"true": True, "false": False, "1": True, "0": False}


def _flag(value: object) -> bool | None:
    """A gold line's `parallelizable`: a JSON boolean, or as a converter from CSV may write one ("True", 1); None
    when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    return _FLAGS.get(value.strip().casefold()) if isinstance(value, str) else None


def data_f1(predicted: list[str] | None, gold: list[str]) -> float:
    """F1 between two item multisets after normalisation (0 when nothing was predicted)."""
    if not predicted:
        return 0.0
    return _multiset_f1(Counter(normalise_item(item) for item in predicted),
                        Counter(normalise_item(item) for item in gold))


def _multiset_f1(predicted: Counter[str], gold: Counter[str]) -> float:
    overlap = sum((predicted & gold).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(predicted.values())
    recall = overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


# A word of a context: a run of letters or digits, or one CJK character (kana, ideograph, Hangul), as CJK text has no
# blanks between its words.
_CONTEXT_WORD = re.compile(CJK_CHAR.pattern + "|[^\\W_" + CJK_CHAR.pattern[1:-1] + "]+")


def _words(text: str) -> Counter[str]:
    return Counter(_CONTEXT_WORD.findall(text.casefold()))


def context_f1(predicted: str | None, gold: str) -> float:
    """F1 between the casefolded word multisets of two contexts (0 when none was predicted): how close the schema's
    shared passage is to the gold one."""
    return _multiset_f1(_words(predicted), _words(gold)) if predicted else 0.0


def context_in_branch(schema: Schema, gold: str) -> float:
    """The share of the gold context's words (a multiset) that a branch prompt holds besides its item: the template
    filled with the schema's context and an empty item. A passage kept in the template ("Provide 10 permutations for:
    \"<sentence>\"") reaches every branch as a context would; one left out reaches none."""
    branch = render_template(schema.template or "", data="", context=schema.context or "")
    gold_words = _words(gold)
    return sum((_words(branch) & gold_words).values()) / max(1, sum(gold_words.values()))


@dataclass(slots=True)
class CaseResult:
    case: GoldCase
    schema: Schema
    predicted_positive: bool
    dependent_negative: bool
    category_correct: bool | None = None  # None unless a true positive
    data_f1: float | None = None
    n_correct: bool | None = None
    context_f1: float | None = None  # these two: None unless a true positive whose gold line gives a context
    context_in_branch: float | None = None

    @property
    def outcome(self) -> str:
        if self.case.parallelizable:
            return "tp" if self.predicted_positive else "fn"
        return "fp" if self.predicted_positive else "tn"


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


WILSON_Z = 1.959964  # the normal quantile of a two-sided 95% interval


def wilson_interval(successes: int, trials: int, z: float = WILSON_Z) -> list[float] | None:
    """The Wilson score interval of a proportion (sound near 0 and 1 and for small counts, unlike p ± z·se);
    None without trials."""
    if not trials:
        return None
    share = successes / trials
    spread = z * z / trials
    centre = (share + spread / 2) / (1 + spread)
    half = z * math.sqrt(share * (1 - share) / trials + spread / (4 * trials)) / (1 + spread)
    return [round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)]


def decision_figures(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision and recall of one set of decisions, with their 95% intervals."""
    return {"precision": _ratio(tp, tp + fp), "precision_ci": wilson_interval(tp, tp + fp),
            "recall": _ratio(tp, tp + fn), "recall_ci": wilson_interval(tp, tp + fn)}


def false_positive_figures(fp: int, negatives: int) -> dict[str, Any]:
    """The share of gold negatives proposed, with its 95% interval."""
    return {"negatives": negatives, "false_positive_rate": _ratio(fp, negatives),
            "false_positive_rate_ci": wilson_interval(fp, negatives)}


def precision_at_prevalence(recall: float | None, false_positive_rate: float | None,
                            prevalence: float) -> float | None:
    """The precision of decisions with this recall and false-positive rate on a log where `prevalence` of the prompts
    are parallelizable (None when undefined: no positives or negatives measured, or nothing would be proposed)."""
    if recall is None or false_positive_rate is None:
        return None
    proposed = recall * prevalence + false_positive_rate * (1 - prevalence)
    return recall * prevalence / proposed if proposed else None


def at_prevalence(tiers: dict[str, dict[str, Any]], prevalence: float) -> dict[str, Any]:
    """Each cut's precision on a log with this share of parallelizable prompts (`precision_at_prevalence`), from the
    cuts' `per_tier` figures, with a conservative 95% interval: the ends of the recall and false-positive-rate
    intervals taken together (the low end from the lowest recall and the highest rate)."""
    return {"prevalence": prevalence, **{cut: _precision_elsewhere(figures, prevalence)
                                         for cut, figures in tiers.items()}}


def _precision_elsewhere(figures: dict[str, Any], prevalence: float) -> dict[str, Any]:
    """One cut's `precision_at_prevalence` and its conservative interval, from that cut's `per_tier` figures."""
    recall, rate = figures["recall_ci"], figures["false_positive_rate_ci"]
    ends = [precision_at_prevalence(recall[0], rate[1], prevalence),
            precision_at_prevalence(recall[1], rate[0], prevalence)] if recall and rate else [None, None]
    return {"precision": precision_at_prevalence(figures["recall"], figures["false_positive_rate"], prevalence),
            "precision_ci": None if None in ends else [round(end, 4) for end in ends]}


@dataclass(slots=True)
class Tally:
    """Counts behind the figures of one group (overall, a language, a gold category)."""

    count: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    category_hits: int = 0
    category_cases: int = 0  # true positives whose gold line names a category
    data_f1_sum: float = 0.0
    data_cases: int = 0
    n_hits: int = 0
    n_cases: int = 0
    context_f1_sum: float = 0.0
    context_in_branch_sum: float = 0.0
    context_cases: int = 0
    dependent_negatives: int = 0
    dependent_rejected: int = 0

    def add(self, result: CaseResult) -> None:
        self.count += 1
        self.outcomes[result.outcome] += 1
        if result.category_correct is not None:
            self.category_hits += result.category_correct
            self.category_cases += 1
        if result.data_f1 is not None:
            self.data_f1_sum += result.data_f1
            self.data_cases += 1
        if result.n_correct is not None:
            self.n_hits += result.n_correct
            self.n_cases += 1
        if result.context_f1 is not None and result.context_in_branch is not None:
            self.context_f1_sum += result.context_f1
            self.context_in_branch_sum += result.context_in_branch
            self.context_cases += 1
        if result.dependent_negative:
            self.dependent_negatives += 1
            self.dependent_rejected += not result.predicted_positive

    def to_json(self) -> dict[str, Any]:
        tp, fp, fn = self.outcomes["tp"], self.outcomes["fp"], self.outcomes["fn"]
        return {
            "count": self.count, "tp": tp, "fp": fp, "fn": fn, "tn": self.outcomes["tn"],
            **decision_figures(tp, fp, fn),
            "category_accuracy": _ratio(self.category_hits, self.category_cases),
            "data_f1": _ratio(self.data_f1_sum, self.data_cases), "data_cases": self.data_cases,
            "n_accuracy": _ratio(self.n_hits, self.n_cases), "n_cases": self.n_cases,
            "context_f1": _ratio(self.context_f1_sum, self.context_cases),
            "context_in_branch": _ratio(self.context_in_branch_sum, self.context_cases),
            "context_cases": self.context_cases,
            "dependent_rejected": _ratio(self.dependent_rejected, self.dependent_negatives),
            "dependent_negatives": self.dependent_negatives,
        }


@dataclass(slots=True)
class GoldReport:
    gold_paths: list[str]
    results: list[CaseResult]
    elapsed_s: float
    overall: Tally = field(default_factory=Tally)
    per_file: dict[str, Tally] = field(default_factory=dict)
    per_language: dict[str, Tally] = field(default_factory=dict)
    per_category: dict[str, Tally] = field(default_factory=dict)
    prevalence: float | None = None  # another log's share of parallelizable prompts, for `at_prevalence`
    notes: list[GoldNote] = field(default_factory=list)  # gold lines read otherwise than written, or left out
    _category_names: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # (`_category_name`)

    def __post_init__(self) -> None:
        for result in self.results:  # the extractor's spellings first (see `_category_name`), then the gold file's
            self._category_names.setdefault(category_key(result.schema.category), result.schema.category or "")
        for result in self.results:
            self._category_names.setdefault(category_key(result.case.category), result.case.category or "")
        for result in self.results:
            self.overall.add(result)
            self.per_file.setdefault(result.case.file, Tally()).add(result)
            self.per_language.setdefault(result.case.language or "unknown", Tally()).add(result)
            category = (self._category_name(result.case.category) or "(no category)") if result.case.parallelizable \
                else "(not parallelizable)"
            self.per_category.setdefault(category, Tally()).add(result)

    def _category_name(self, category: str | None) -> str | None:
        """How a category is shown: under the extractor's own spelling where it predicted one alike by
        `category_key` (a gold "repeated_generation" row meets the "Repeated Generation" column), else as the gold
        file first wrote it, so that spellings alike by `category_key` make one row."""
        if category is None:
            return None
        return self._category_names[category_key(category)] or category

    def noted_lines(self) -> tuple[int, int]:
        """How many gold lines were read otherwise than written, and how many were left out."""
        left_out = {(note.file, note.line) for note in self.notes if not note.kept}
        return len({(note.file, note.line) for note in self.notes} - left_out), len(left_out)

    def mistakes(self) -> list[dict[str, Any]]:
        """The wrong decisions and imperfect true positives (a branch holding less than `_CONTEXT_CLOSE` of the gold
        context among them), for a person to inspect."""
        rows = []
        for result in self.results:
            wrong = result.outcome in ("fp", "fn") or result.category_correct is False or (
                result.data_f1 is not None and result.data_f1 < 1.0) or result.n_correct is False or (
                result.context_in_branch is not None and result.context_in_branch < _CONTEXT_CLOSE)
            if wrong:
                schema = result.schema
                rows.append({
                    "file": result.case.file, "line": result.case.line, "language": result.case.language,
                    "outcome": result.outcome,
                    "prompt": result.case.prompt[:200],
                    "expected": {"category": result.case.category, "data": result.case.data, "n": result.case.n},
                    "predicted": {"parallelizable": schema.parallelizable, "tier": schema.tier,
                                  "category": schema.category, "data": schema.data, "n": schema.n,
                                  "dependency": schema.dependency},
                    **({"context_f1": round(result.context_f1, 3),
                        "context_in_branch": round(result.context_in_branch, 3)}
                       if result.context_f1 is not None and result.context_in_branch is not None else {}),
                    "rules": sorted({reason.rule for reason in schema.reasons}),
                    **({"refused_counts": [reason.to_json() for reason in refused]}
                       if (refused := refused_counts(schema, result.case.prompt, result.case.language)) else {}),
                })
        return rows

    def per_tier(self) -> dict[str, dict[str, Any]]:
        """Precision, recall and false-positive rate of the decision at each acceptance cut (`high` is what may skip
        a person)."""
        figures = {}
        for cut in ACCEPT_CUTS:
            outcomes = Counter((result.case.parallelizable, in_cut(result.schema, cut)) for result in self.results)
            tp, fp, fn = outcomes[True, True], outcomes[False, True], outcomes[True, False]
            negatives = fp + outcomes[False, False]
            figures[cut] = {"tp": tp, "fp": fp, "fn": fn, **decision_figures(tp, fp, fn),
                            **false_positive_figures(fp, negatives)}
        return figures

    def confusion(self) -> dict[str, dict[str, int]]:
        """Gold category (rows) against predicted category (columns) at the default cut; "-" is not parallelizable."""
        table: dict[str, Counter[str]] = {}
        for result in self.results:
            gold = (self._category_name(result.case.category) or "?") if result.case.parallelizable else "-"
            predicted = (self._category_name(result.schema.category) or "?") if result.predicted_positive else "-"
            table.setdefault(gold, Counter())[predicted] += 1
        return {gold: dict(sorted(row.items())) for gold, row in sorted(table.items())}

    def to_json(self) -> dict[str, Any]:
        """`gold` is the file's path, or the list of paths when several were pooled (then `per_file` too)."""
        several = len(self.gold_paths) > 1
        tiers = self.per_tier()
        return {**self.overall.to_json(), "gold": self.gold_paths if several else self.gold_paths[0],
                "elapsed_s": round(self.elapsed_s, 3), "per_tier": tiers,
                **({"at_prevalence": at_prevalence(tiers, self.prevalence)} if self.prevalence is not None else {}),
                "confusion": self.confusion(),
                **({"per_file": {k: v.to_json() for k, v in self.per_file.items()}} if several else {}),
                "per_language": {k: v.to_json() for k, v in sorted(self.per_language.items())},
                "per_category": {k: v.to_json() for k, v in sorted(self.per_category.items())},
                "gold_left_out": self.noted_lines()[1],
                "gold_notes": [note.to_json() for note in self.notes],
                "mistakes": self.mistakes()}


_CONTEXT_CLOSE = 0.9  # a branch holding this share of the gold context misses a label or a line of it at most


_CATEGORY_SEPARATORS = re.compile(r"[\s_-]+")


def category_key(category: str | None) -> str:
    """A category name as compared: case, and how its words are separated, aside ("keyword_extraction" is
    "Keyword Extraction", as a gold file written by another tool may spell it)."""
    return _CATEGORY_SEPARATORS.sub(" ", (category or "").casefold()).strip()


def score_case(case: GoldCase, schema: Schema) -> CaseResult:
    positive = in_cut(schema, DEFAULT_CUT)
    dependent_negative = not case.parallelizable and (
        detect_dependency(case.prompt)[0] == "dependent" or bool(DEPENDENCY_INDICATORS.search(case.prompt)))
    result = CaseResult(case, schema, positive, dependent_negative)
    if positive and case.parallelizable:
        if case.category is not None:  # (a gold line without one says nothing of the category)
            result.category_correct = category_key(schema.category) == category_key(case.category)
        if case.data is not None:
            result.data_f1 = data_f1(schema.data, case.data)
        if case.n is not None:
            result.n_correct = schema.n == case.n
        if case.context:
            result.context_f1 = context_f1(schema.context, case.context)
            result.context_in_branch = context_in_branch(schema, case.context)
    return result


GoldPaths = str | Path | Sequence[str | Path]


def _paths(gold_paths: GoldPaths) -> list[Path]:
    """The gold files to pool; one given twice would count its cases twice, so it is refused."""
    paths = [Path(gold_paths)] if isinstance(gold_paths, (str, Path)) else [Path(path) for path in gold_paths]
    seen: set[Path] = set()
    for path in paths:
        if path.resolve() in seen:
            raise GoldFileError(f"gold file {path} is given twice")
        seen.add(path.resolve())
    return paths


def evaluate_gold(gold_paths: GoldPaths, extract: Extract) -> GoldReport:
    """Run `extract` then the validator on every prompt of one or several gold files and measure the decisions
    (no store involved)."""
    paths = _paths(gold_paths)
    notes: list[GoldNote] = []
    cases = [case for path in paths for case in load_gold(path, notes)]
    started = time.perf_counter()
    results = [score_case(case, validate_schema(extract(case.prompt, case.language), case.prompt)) for case in cases]
    return GoldReport([str(path) for path in paths], results, time.perf_counter() - started, notes=notes)


def evaluate_gold_llm(gold_paths: GoldPaths, endpoint: Endpoint, *, concurrency: int = 4,
                      progress: Callable[[str, int, int], None] | None = None) -> GoldReport:
    """`evaluate_gold` for the LLM extractor on `endpoint`: every gold prompt is extracted concurrently first (the
    evaluator then reads the answers one by one); `progress(extractor, done, total)` after each answer."""
    from studio.curation.llm import LLM_EXTRACTOR, extract_blocking  # openai: loaded when the LLM is evaluated

    paths = _paths(gold_paths)
    pairs = list(dict.fromkeys((prompt_id_for(case.prompt), case.prompt)
                               for path in paths for case in load_gold(path, [])))  # (notes: from evaluate_gold)
    extracted: dict[str, Schema] = {}

    def landed(schema: Schema) -> None:
        extracted[schema.prompt_id] = schema
        if progress is not None:
            progress(LLM_EXTRACTOR, len(extracted), len(pairs))

    extract_blocking(endpoint, pairs, concurrency=concurrency, on_schema=landed)
    return evaluate_gold(paths, lambda text, language: extracted[prompt_id_for(text)])


_COLUMNS = (("precision", "precision"), ("recall", "recall"), ("category_accuracy", "category acc."),
            ("data_f1", "data F1"), ("n_accuracy", "n acc."), ("context_f1", "context F1"),
            ("context_in_branch", "context in branch"),
            ("dependent_rejected", "dep. rejected"))
_CONTEXT_KEYS = frozenset({"context_f1", "context_in_branch"})


def _figure(figures: dict[str, Any], key: str) -> str:
    """A figure, followed by its 95% interval where it has one: "0.720 (0.655-0.778)"."""
    interval = figures.get(f"{key}_ci")
    shown = number(figures[key])
    return f"{shown} ({number(interval[0])}-{number(interval[1])})" if interval else shown


def _table(title: str, rows: dict[str, Tally]) -> FittedTable:
    """One row of figures per group; the context columns only where a gold line gave a context."""
    columns = [(key, header) for key, header in _COLUMNS
               if key not in _CONTEXT_KEYS or any(tally.context_cases for tally in rows.values())]
    figures = {name: tally.to_json() for name, tally in rows.items()}
    return figure_table(title, ["group", "count", *(header for _, header in columns)],
                        [(Text(visible_text(name)), str(tally.count),
                          *(number(figures[name][key]) for key, _ in columns)) for name, tally in rows.items()])


def _tier_table(report: GoldReport) -> FittedTable:
    """One row per acceptance cut, each figure with its 95% interval. The column at another prevalence is headed on
    two lines ("precision" / "at 0.1"), so a compact table, as narrow as its intervals, never splits "at 0.1"."""
    prevalence = report.prevalence
    tiers = report.per_tier()
    elsewhere = at_prevalence(tiers, prevalence) if prevalence is not None else {}
    return figure_table("Per acceptance cut (95% intervals)",
                        ["cut", "tp", "fp", "fn", "precision", "recall", "fp rate",
                         *([f"precision\nat {prevalence:g}"] if prevalence is not None else [])],
                        [(cut, *(str(figures[key]) for key in ("tp", "fp", "fn")), _figure(figures, "precision"),
                          _figure(figures, "recall"), _figure(figures, "false_positive_rate"),
                          *([_figure(elsewhere[cut], "precision")] if prevalence is not None else []))
                         for cut, figures in tiers.items()])


def _by_file_name(per_file: dict[str, Tally]) -> dict[str, Tally]:
    """Rows labelled by file name (a table column is narrow), by the whole path when two files share a name."""
    names = [Path(path).name for path in per_file]
    unique = len(set(names)) == len(names)
    return {(Path(path).name if unique else path): tally for path, tally in per_file.items()}


def _initials(category: str) -> str:
    """A short column label for a category name (shown with its control characters made visible)."""
    category = visible_text(category)
    return "".join(word[0] for word in category.split()).upper() if " " in category else category[:4]


def _confusion_table(report: GoldReport) -> FittedTable:
    confusion = report.confusion()
    columns = sorted({predicted for row in confusion.values() for predicted in row})
    names = sorted({*confusion, *columns} - {"-"})
    legend = "; ".join(f"{_initials(name)} = {visible_text(name)}" for name in names)
    return figure_table("Category confusion (- = not parallelizable)",
                        ["gold \\ predicted", *(Text(_initials(column)) for column in columns)],
                        [(Text(_initials(gold)), *(str(row.get(column, "")) for column in columns))
                         for gold, row in confusion.items()], caption=Text(legend))


def render_gold_report(report: GoldReport) -> Group:
    """Overall, per-cut, per-language, per-category and confusion tables (untrusted names go in as rich Text,
    never markup, with control characters shown); the per-cut table gives precision and recall their 95% intervals."""
    return Group(
        _table(f"Gold evaluation: {len(report.results)} prompts in {report.elapsed_s:.2f}s",
               {"overall": report.overall}),
        _tier_table(report),
        *([_table("Per file", _by_file_name(report.per_file))] if len(report.per_file) > 1 else []),
        _table("Per language", dict(sorted(report.per_language.items()))),
        _table("Per gold category", dict(sorted(report.per_category.items()))),
        _confusion_table(report),
        *([_notes_table(report)] if report.notes else []),
    )


_NOTES_SHOWN = 20


def _notes_table(report: GoldReport) -> Table:
    """The gold lines read otherwise than written or left out (the first `_NOTES_SHOWN`; `--json` has them all)."""
    notes = report.notes
    otherwise, left_out = report.noted_lines()
    table = Table("file:line", "read", "why", title=f"Gold lines: {otherwise} read otherwise than written, {left_out} "
                  "left out", title_justify="left")
    for note in notes[:_NOTES_SHOWN]:
        table.add_row(Text(visible_text(f"{Path(note.file).name}:{note.line}")), "kept" if note.kept else "left out",
                      Text(visible_text(note.message)))
    if len(notes) > _NOTES_SHOWN:
        table.caption = f"... and {len(notes) - _NOTES_SHOWN} more notes (all in --json: gold_notes)"
    return table
