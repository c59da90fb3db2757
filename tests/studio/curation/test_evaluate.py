"""Gold-file evaluation: the metric definitions on a tiny hand-made file, and the targets on the shared gold."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from store.models import Schema
from studio.curation.evaluate import (
    GoldCase,
    GoldFileError,
    GoldNote,
    category_key,
    context_f1,
    context_in_branch,
    data_f1,
    evaluate_gold,
    load_gold,
    precision_at_prevalence,
    render_gold_report,
    score_case,
    wilson_interval,
)
from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema
from studio.presentation import number
from tests.conftest import SAMPLE_DATA


def write_gold(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    return path


def row(prompt: str, parallelizable: bool, category: str | None = None, data=None, n=None, language="en") -> dict:
    return {"prompt": prompt, "parallelizable": parallelizable, "category": category, "data": data, "n": n,
            "context": None, "language": language}


def rules(text: str, language: str | None) -> Schema:
    return extract_rules(text, language=language)


def test_metrics_on_a_small_gold_file(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", [
        row("Give me 7 catchy slogans for a coffee shop", True, "Repeated Generation", n=7),
        row("Give me 5 names for a dog", True, "Repeated Generation", n=6),  # n is wrong on purpose
        row("Translate 'hello', 'goodbye' and 'thanks' into Spanish.", True, "Translation",
            data=["Hello", "Goodbye!", "see you"]),
        row("Tell me about Rome.", True, "Question Answering", data=["Rome", "history"]),  # a miss
        row("Sort these numbers: 3, 1, 2", False),
        row("Dame tres ideas para una fiesta", True, "Repeated Generation", n=3, language="es"),
    ])
    report = evaluate_gold(gold, rules)
    figures = report.to_json()
    assert figures["count"] == 6 and figures["tp"] == 4 and figures["fn"] == 1 and figures["fp"] == 0
    assert figures["precision"] == 1.0 and figures["recall"] == pytest.approx(0.8)
    assert figures["n_accuracy"] == pytest.approx(2 / 3)
    assert figures["data_f1"] == pytest.approx(2 / 3)  # 2 of 3 items match after normalisation
    assert figures["category_accuracy"] == 1.0
    assert figures["dependent_negatives"] == 1 and figures["dependent_rejected"] == 1.0
    assert set(figures["per_language"]) == {"en", "es"}
    assert figures["per_category"]["Repeated Generation"]["count"] == 3
    assert any(m["outcome"] == "fn" for m in figures["mistakes"])
    console = Console(record=True, width=140)
    console.print(render_gold_report(report))
    text = console.export_text()
    assert "Per language" in text and "Per acceptance cut" in text and "RG =" in text and "Category confusion" in text


def test_wilson_interval_matches_published_values() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 0/10 -> 0.0000-0.2775, 81/263 -> 0.2553-0.3662;
    # 5/10 is symmetric about one half.
    assert wilson_interval(0, 10) == [0.0, 0.2775]
    assert wilson_interval(81, 263) == [0.2553, 0.3662]
    assert wilson_interval(5, 10) == [0.2366, 0.7634]
    assert wilson_interval(10, 10) == [0.7225, 1.0]
    assert wilson_interval(0, 0) is None


def test_figures_carry_their_intervals_and_pooled_files_add_up(tmp_path: Path) -> None:
    first = write_gold(tmp_path / "a.jsonl", [
        row("Give me 7 catchy slogans for a coffee shop", True, "Repeated Generation", n=7),
        row("Tell me about Rome.", True, "Question Answering", data=["Rome", "history"])])
    second = write_gold(tmp_path / "b.jsonl", [row("Dame tres ideas para una fiesta", True, "Repeated Generation",
                                                   n=3, language="es"), row("What time is it in Oslo?", False)])
    pooled = evaluate_gold([first, second], rules).to_json()
    alone = [evaluate_gold(path, rules).to_json() for path in (first, second)]
    assert pooled["count"] == 4 and pooled["gold"] == [str(first), str(second)]
    for key in ("tp", "fp", "fn", "tn"):
        assert pooled[key] == sum(report[key] for report in alone)
        assert pooled["per_file"][str(first)][key] == alone[0][key]
    assert pooled["recall_ci"] == wilson_interval(pooled["tp"], pooled["tp"] + pooled["fn"])
    assert pooled["per_tier"]["high+medium"]["precision_ci"] == pooled["precision_ci"]
    assert "per_file" not in alone[0] and alone[0]["gold"] == str(first)
    rome = [mistake for mistake in pooled["mistakes"] if mistake["prompt"] == "Tell me about Rome."]
    assert [(mistake["file"], mistake["line"], mistake["outcome"]) for mistake in rome] == [(str(first), 2, "fn")]
    with pytest.raises(GoldFileError, match="given twice"):
        evaluate_gold([first, second, first], rules)


def _tiered(tier: str, parallelizable: bool = True, category: str = "Repeated Generation") -> Schema:
    return Schema(prompt_id="p", extractor="rules", extractor_version="1", parallelizable=parallelizable,
                  category=category, n=3, tier=tier)


def test_per_tier_cuts_and_the_confusion_table(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", [
        row("a", True, "Repeated Generation", n=3), row("b", True, "Repeated Generation", n=3),
        row("c", True, "Translation", data=["x", "y"]), row("d", False), row("e", False)])
    decisions = {"a": _tiered("high"), "b": _tiered("medium"), "c": _tiered("low", category="Translation"),
                 "d": _tiered("high", category="Question Answering"), "e": _tiered("low", parallelizable=False)}
    report = evaluate_gold(gold, lambda text, language: decisions[text])
    cuts = report.to_json()["per_tier"]
    # the validator re-tiers these schemas, so compare the cuts with the tiers the report saw
    seen = {result.case.prompt: result.schema.tier for result in report.results}
    for cut, figures in cuts.items():
        tiers = {"high": {"high"}, "high+medium": {"high", "medium"}, "all": {"high", "medium", "low"}}[cut]
        positive = {p for p, t in seen.items() if t in tiers and report.results["abcde".index(p)].schema.parallelizable}
        assert figures["tp"] == len(positive & {"a", "b", "c"}) and figures["fp"] == len(positive & {"d", "e"})
        assert figures["tp"] + figures["fn"] == 3
    confusion = report.to_json()["confusion"]
    assert sum(sum(row.values()) for row in confusion.values()) == 5
    assert sum(confusion["-"].values()) == 2 and "Repeated Generation" in confusion


def test_false_positive_rate_and_precision_at_another_prevalence(tmp_path: Path) -> None:
    """Four negatives, one proposed: the rate is 1/4 at every cut holding it; the same recall and rate give a higher
    precision where more prompts are parallelizable, since the false proposals come from fewer negatives."""
    gold = write_gold(tmp_path / "gold.jsonl", [
        row("a", True, "Repeated Generation", n=3), row("b", True, "Repeated Generation", n=3),
        row("c", False), row("d", False), row("e", False), row("f", False)])
    decisions = {"a": _tiered("medium"), "b": _tiered("low", parallelizable=False),
                 "c": _tiered("medium", category="Question Answering"), "d": _tiered("low", parallelizable=False),
                 "e": _tiered("low", parallelizable=False), "f": _tiered("low", parallelizable=False)}
    report = evaluate_gold(gold, lambda text, language: decisions[text])
    seen = report.per_tier()["all"]
    assert (seen["tp"], seen["fp"], seen["negatives"]) == (1, 1, 4)
    low, high = seen["false_positive_rate_ci"]
    assert seen["false_positive_rate"] == 0.25 and low < 0.25 < high
    assert "at_prevalence" not in report.to_json()
    report.prevalence = 0.5
    elsewhere = report.to_json()["at_prevalence"]
    assert elsewhere["prevalence"] == 0.5
    assert elsewhere["all"]["precision"] == pytest.approx(0.5 * 0.5 / (0.5 * 0.5 + 0.25 * 0.5))  # 1/2 and 1/4: 2/3
    assert elsewhere["all"]["precision"] > seen["precision"]  # 1/2 in the file, where a third is parallelizable
    low, high = elsewhere["all"]["precision_ci"]
    assert low == pytest.approx(precision_at_prevalence(seen["recall_ci"][0], seen["false_positive_rate_ci"][1], 0.5),
                                abs=1e-4)
    assert low < elsewhere["all"]["precision"] < high


@pytest.mark.parametrize(("recall", "rate", "prevalence", "expected"), [
    (0.6, 0.01, 0.1, 0.06 / (0.06 + 0.009)),
    (1.0, 0.0, 0.3, 1.0),
    (0.0, 0.0, 0.3, None),  # nothing proposed: no precision
    (None, 0.1, 0.3, None),  # no positives measured
    (0.5, None, 0.3, None),  # no negatives measured
])
def test_precision_at_prevalence(recall: float | None, rate: float | None, prevalence: float,
                                 expected: float | None) -> None:
    assert precision_at_prevalence(recall, rate, prevalence) == (None if expected is None else pytest.approx(expected))


def test_category_names_compare_without_case_or_word_separators() -> None:
    assert category_key("keyword_extraction") == category_key("Keyword  Extraction") == "keyword extraction"
    assert category_key("Repeated-Generation") == category_key("repeated generation")
    assert category_key(None) == "" != category_key("Translation")
    schema = rules("Give me 7 catchy slogans for a vegan bakery in Brooklyn.", "en")
    case = GoldCase("Give me 7 catchy slogans for a vegan bakery in Brooklyn.", True, "repeated_generation", None, 7,
                    None, "en", 1, "gold.jsonl")
    assert score_case(case, validate_schema(schema, case.prompt)).category_correct is True


def test_data_f1() -> None:
    assert data_f1(["A.", " b "], ["a", "B"]) == 1.0
    assert data_f1(None, ["a"]) == 0.0
    assert data_f1(["a", "c"], ["a", "b"]) == 0.5


def test_context_f1_and_context_in_branch() -> None:
    assert context_f1("The cat sat.", "the CAT sat") == 1.0
    assert context_f1(None, "the cat") == 0.0
    assert context_f1("a b c d", "a b") == pytest.approx(2 / 3)
    assert context_f1("猫が座った", "猫が座る") == pytest.approx(2 / 3)  # (each CJK character a word: 3 of 5, 3 of 4)
    kept = extract_rules('Provide 3 rewordings of: "the red fox jumped over the lazy dog"', language="en")
    assert kept.n == 3 and kept.context is None  # (the sentence stays in the template, which every branch is sent)
    assert context_in_branch(kept, "the red fox jumped over the lazy dog") == 1.0
    assert context_in_branch(kept, "a zebra and a unicorn") == pytest.approx(1 / 5)  # (one "a" of two: a multiset)


_HARBOUR = ("The harbour of Ostend was rebuilt after the storm of 1953. A new sea wall, four metres higher than the "
            "old one, was finished in 1957, and the fish market moved inland to the old railway yard.")


def test_context_figures_on_a_gold_file(tmp_path: Path) -> None:
    """`context_f1` and `context_in_branch` are scored on the true positives whose gold line gives a context; a
    branch holding less than 0.9 of it is listed among the mistakes."""
    questions = "Read the text and answer the questions.\n\n" + _HARBOUR + (
        "\n\n1. When was the sea wall finished?\n2. Where did the fish market move?")
    gold = write_gold(tmp_path / "gold.jsonl", [
        {**row(questions, True, "Reading Comprehension",
               data=["When was the sea wall finished?", "Where did the fish market move?"]), "context": _HARBOUR},
        {**row('Provide 3 rewordings of: "the red fox jumped over the lazy dog"', True, "Repeated Generation", n=3),
         "context": "the quick brown hare"},
        row("Give me 5 names for a dog", True, "Repeated Generation", n=5),  # (no gold context: not scored)
    ])
    figures = evaluate_gold(gold, rules).to_json()
    assert figures["tp"] == 3 and figures["context_cases"] == 2
    assert figures["context_f1"] == pytest.approx((1.0 + 0.0) / 2)
    assert figures["context_in_branch"] == pytest.approx((1.0 + 1 / 4) / 2)  # ("the" of 4 gold words)
    listed = [mistake for mistake in figures["mistakes"] if "context_in_branch" in mistake]
    assert [(mistake["line"], mistake["context_f1"], mistake["context_in_branch"]) for mistake in listed] == [
        (2, 0.0, 0.25)]
    console = Console(record=True, width=200)
    console.print(render_gold_report(evaluate_gold(gold, rules)))
    assert "context in branch" in console.export_text()


@pytest.mark.parametrize("width", [80, 200])
def test_every_figure_is_printed_whole_at_any_width(tmp_path: Path, width: int) -> None:
    """A gold file with contexts has eleven figure columns: at 80 columns (a pipe, a file) Rich cut "0.625" to
    "0.6…" to fit them. Where the laid-out table does not fit, the compact one keeps each figure and header word. The
    per-cut table with a prevalence column (eight columns of intervals) cut them too ("(0.953-1…")."""
    gold = write_gold(tmp_path / "gold.jsonl", [
        {**row('Provide 3 rewordings of: "the red fox jumped over the lazy dog"', True, "Repeated Generation", n=3),
         "context": "the quick brown hare"},
        {**row("Give me 5 names for a dog", True, "Repeated Generation", n=5), "context": "names"},
        row("What time is it in Oslo?", False)])
    report = evaluate_gold(gold, rules)
    report.prevalence = 0.1
    console = Console(record=True, width=width)
    console.print(render_gold_report(report))
    text = console.export_text()
    assert "…" not in text and max(map(len, text.splitlines())) <= width
    assert "at 0.1" in text  # (the prevalence column's header, on two lines: "precision" / "at 0.1")
    elsewhere = report.to_json()["at_prevalence"]
    for cut in ("high", "high+medium", "all"):
        low, high = elsewhere[cut]["precision_ci"]
        assert f"({number(low)}-{number(high)})" in text
    overall = next(line for line in text.splitlines() if line.strip(" │").startswith("overall")).split()
    figures = report.overall.to_json()
    assert [figure for figure in overall if figure[0].isdigit()] == [
        "3", *(number(figures[key]) for key in ("precision", "recall", "category_accuracy", "data_f1", "n_accuracy",
                                                "context_f1", "context_in_branch", "dependent_rejected")
               if figures[key] is not None)]
    for word in "precision recall category data context branch rejected".split():
        assert re.search(rf"\b{word}\b", text)


LEFT_OUT = [
    ("not json", "not valid JSON .*column 1"),
    ('{"prompt": "broken', r"not valid JSON \(Unterminated string starting at, column 12\)"),
    ('{"prompt": 3, "parallelizable": true}', "needs a string 'prompt'"),
    ('{"prompt": "x", "parallelizable": "yes"}', "a boolean 'parallelizable'"),
    ('{"prompt": "x", "parallelizable": null}', "a boolean 'parallelizable'"),
    ('{"prompt": "x", "parallelizable": true, "n": 2.5}', "'n' must be a whole number"),
    ('{"prompt": "x", "parallelizable": true, "n": 1e300}', "'n' must be a whole number"),
    ('{"prompt": "x", "parallelizable": true, "n": ' + "9" * 5000 + "}", r"not valid JSON \(Exceeds the limit"),
    ('{"prompt": "x", "parallelizable": true, "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
     r"not valid JSON \(nested too deeply\)"),
    ('{"prompt": "x", "parallelizable": ' + "1" * 5000 + "}", r"not valid JSON \(Exceeds the limit"),
    ('{"prompt": "x", "parallelizable": true, "data": "a"}', "'data' must be"),
    ('{"prompt": "x", "parallelizable": true, "data": ["a", 2]}', "'data' must be"),
    ('{"prompt": "x", "parallelizable": true, "n": "3"}', "'n' must be"),
]
# Usable, but written otherwise than our own gold rules: (line, its problem, how it is read, data and n read).
READ_OTHERWISE = [
    ('{"prompt": "x", "parallelizable": true, "n": -3}', "'n' is -3 ", "read as none", None, None),
    ('{"prompt": "x", "parallelizable": true, "n": 1}', "'n' is 1 ", "read as none", None, None),
    ('{"prompt": "x", "parallelizable": true, "data": ["a"]}', "'data' holds one item", "scored as written", ["a"],
     None),
    ('{"prompt": "x", "parallelizable": true, "data": [], "n": 4}', "'data' is empty", "read as none", None, 4),
    ('{"prompt": "x", "parallelizable": true, "data": ["a", "b"], "n": 2}', "both 'data' and 'n'", "both are scored",
     ["a", "b"], 2),
    ('{"prompt": "x", "parallelizable": false, "n": 3}', "not parallelizable has no 'data' or 'n'", "they are not read",
     None, None),
    ('{"prompt": "x", "parallelizable": false, "data": "a, b"}', "not parallelizable", "they are not read", None, None),
    ('{"prompt": "x", "parallelizable": true, "n": 4.0}', r"'n' is 4\.0", "read as 4", None, 4),
    ('{"prompt": "x", "parallelizable": "True", "n": 4}', "'parallelizable' is \"True\"", "read as true", None, 4),
    ('{"prompt": "x", "parallelizable": 1, "n": 4}', "'parallelizable' is 1", "read as true", None, 4),
    ('{"prompt": "x", "parallelizable": true, "n": 4, "category": 5}', "'category' is not a string",
     r"read as none \(not scored\)", None, 4),
    ('{"prompt": "x", "parallelizable": true, "n": 4, "context": ["a"]}', "'context' is not a string", "read as none",
     None, 4),
]


@pytest.mark.parametrize(("line", "problem"), [*LEFT_OUT, *((line, problem) for line, problem, _, _, _ in READ_OTHERWISE)])
def test_our_own_gold_files_keep_the_rules_and_a_bad_line_is_named(tmp_path: Path, line: str, problem: str) -> None:
    """Without a list for notes (our own label files), the first line that breaks a gold rule raises, naming it and
    its problem (not how a tolerant reading would take it: nothing was read)."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"prompt": "ok", "parallelizable": false}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=rf"gold.jsonl:2: .*{problem}") as raised:
        load_gold(gold)
    assert "read as" not in str(raised.value) and "scored" not in str(raised.value)


@pytest.mark.parametrize(("line", "message"), LEFT_OUT)
def test_a_line_that_cannot_be_evaluated_is_left_out_with_its_place(tmp_path: Path, line: str, message: str) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"prompt": "ok", "parallelizable": false}\n' + line + "\n" +
                    '{"prompt": "Write 5 slogans for a bakery.", "parallelizable": true, "n": 5}\n', encoding="utf-8")
    notes: list[GoldNote] = []
    assert [case.line for case in load_gold(gold, notes)] == [1, 3]
    assert [(note.file, note.line, note.kept) for note in notes] == [(str(gold), 2, False)]
    assert re.search(message, notes[0].message)


@pytest.mark.parametrize(("line", "problem", "reading", "data", "n"), READ_OTHERWISE)
def test_a_line_written_otherwise_is_read_as_its_note_says(tmp_path: Path, line: str, problem: str, reading: str,
                                                           data: list[str] | None, n: int | None) -> None:
    """Someone else's gold file (a release's schemas converted) is evaluated on every line it can be: the session-1
    loader read all of these, and refusing the file for one of them would leave no figure at all."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"prompt": "ok", "parallelizable": false}\n' + line + "\n", encoding="utf-8")
    notes: list[GoldNote] = []
    cases = load_gold(gold, notes)
    assert [(case.line, case.data, case.n) for case in cases] == [(1, None, None), (2, data, n)]
    assert [(note.line, note.kept) for note in notes] == [(2, True)]
    assert re.search(f"{problem}.*: {reading}$", notes[0].message)


def test_a_line_left_out_keeps_only_the_reason_it_was_left_out(tmp_path: Path) -> None:
    """A line read in part ("True") and then left out (bad data) was not evaluated: one note, the reason."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"prompt": "ok", "parallelizable": false}\n'
                    '{"prompt": "x", "parallelizable": "True", "data": [1, 2]}\n', encoding="utf-8")
    notes: list[GoldNote] = []
    load_gold(gold, notes)
    assert [(note.line, note.kept, note.message) for note in notes] == [
        (2, False, "'data' must be a list of strings or null")]


def test_a_gold_file_with_no_usable_line_is_an_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("not json\n\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"gold.jsonl: no line to evaluate \(2 left out; first, line 1: not "):
        load_gold(gold, [])


def test_the_evaluation_reports_its_notes_and_scores_both_data_and_n(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([
        '{"prompt": "Write 5 slogans for a bakery.", "parallelizable": true, "category": "Repeated Generation", '
        '"data": ["a", "b"], "n": 5}',
        "{oops",
        '{"prompt": "What is the capital of France?", "parallelizable": false, "n": 0}']) + "\n", encoding="utf-8")
    report = evaluate_gold(gold, rules).to_json()
    assert (report["count"], report["tp"], report["tn"]) == (2, 1, 1)
    assert (report["n_cases"], report["n_accuracy"], report["data_cases"], report["data_f1"]) == (1, 1.0, 1, 0.0)
    assert report["gold_left_out"] == 1
    assert [(note["line"], note["kept"]) for note in report["gold_notes"]] == [(1, True), (2, False), (3, True)]


def test_a_prompt_holding_a_lone_surrogate_is_evaluated(tmp_path: Path) -> None:
    """Valid JSON ("\\ud83d" alone, a cut emoji) that no UTF-8 text can hold: evaluated as written, not a crash."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"prompt": "Write 5 slogans \\ud83d for a bakery.", "parallelizable": true, "n": 5}\n'
                    '{"prompt": "What is \\udc00 this?", "parallelizable": false}\n', encoding="utf-8")
    report = evaluate_gold(gold, rules).to_json()
    assert (report["count"], report["tp"], report["tn"], report["n_accuracy"]) == (2, 1, 1, 1.0)


def test_a_gold_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b'{"prompt": "ok", "parallelizable": false}\n{"prompt": "caf\xe9", "parallelizable": false}\n')
    with pytest.raises(GoldFileError, match=r"gold.jsonl:2: not UTF-8 \(byte 0xe9\)"):
        load_gold(gold)
    notes: list[GoldNote] = []
    assert len(load_gold(gold, notes)) == 1 and (notes[0].line, notes[0].kept) == (2, False)


def test_missing_gold_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="cannot read gold file"):
        load_gold(tmp_path / "absent.jsonl")


@pytest.mark.skipif(not (SAMPLE_DATA / "gold.jsonl").exists(), reason="sample_data/gold.jsonl not present")
def test_rules_meet_the_targets_on_the_shared_gold_file() -> None:
    figures = evaluate_gold(SAMPLE_DATA / "gold.jsonl", rules).to_json()
    assert figures["count"] >= 140
    assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9
    assert figures["data_f1"] >= 0.85 and figures["n_accuracy"] >= 0.9
    assert figures["dependent_rejected"] >= 0.9


def test_report_shows_hostile_category_and_language_names_without_obeying_them(tmp_path: Path) -> None:
    hostile = "Translation \x1b]52;c;UFdORUQ=\x07 \x1b[2J \u202eevil"
    gold = write_gold(tmp_path / "gold.jsonl", [
        row("Give me 7 catchy slogans for a coffee shop", True, hostile, n=7, language="en\x1b[31m")])
    console = Console(record=True, width=200, force_terminal=True)
    console.print(render_gold_report(evaluate_gold(gold, rules)))
    shown = console.export_text(styles=False)
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "\\x1b]52;c;UFdORUQ=\\x07" in shown and "\\u202eevil" in shown
    assert "[31m" not in shown  # a label that names no language is not shown: the prompt's own language is


def test_gold_lines_end_at_newline_only(tmp_path: Path) -> None:
    """U+2028, U+2029, U+0085, form feeds and separators are legal unescaped inside JSON strings."""
    separators = "\u2028\u2029\u0085\x0c\x0b\x1c\x1d\x1e"
    prompts = [f"Give me 7 catchy slogans{separators}for a coffee shop", "Tell me about Rome.\r"]
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(("\ufeff" + json.dumps(row(prompts[0], True, "Repeated Generation", n=7), ensure_ascii=False)
                      + "\r\n" + json.dumps(row(prompts[1], False), ensure_ascii=False) + "\n\n").encode("utf-8"))
    cases = load_gold(gold)
    assert [case.prompt for case in cases] == prompts and [case.line for case in cases] == [1, 2]
    report = evaluate_gold(gold, rules)
    assert report.overall.count == 2


def test_pooled_files_sharing_a_name_keep_their_own_rows(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_gold(tmp_path / "a" / "dev.jsonl", [row("Give me 7 catchy slogans for a coffee shop", True,
                                                          "Repeated Generation", n=7)])
    second = write_gold(tmp_path / "b" / "dev.jsonl", [row("What time is it in Oslo?", False)])
    console = Console(record=True, width=400)
    console.print(render_gold_report(evaluate_gold([first, second], rules)))
    text = console.export_text()
    assert str(first) in text and str(second) in text


def test_a_row_without_a_language_is_read_as_ingest_reads_it(tmp_path: Path) -> None:
    """Ingest detects a prompt's language when its row has none; --eval does the same, so a gold file without
    language labels gets the number words of its prompts' language ("ten" counts in English only)."""
    unlabelled = {key: value for key, value in row("Give me ten slogans for a bakery", True, "Repeated Generation",
                                                   n=10).items() if key != "language"}
    gold = write_gold(tmp_path / "gold.jsonl", [unlabelled, row("Écris dix slogans pour une boulangerie", True,
                                                                "Repeated Generation", n=10, language="French")])
    assert [case.language for case in load_gold(gold)] == ["en", "fr"]
    report = evaluate_gold(gold, rules)
    assert report.overall.outcomes["tp"] == 2 and set(report.per_language) == {"en", "fr"}


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-5, 10**20) | st.floats() | st.text(max_size=12),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=2),
                     max_leaves=6)
_GOLD_VALUES = {"prompt": st.text(max_size=60) | _JSON, "parallelizable": st.booleans() | _JSON,
                "category": st.sampled_from(["Repeated Generation", "keyword_extraction"]) | _JSON,
                "data": st.lists(st.text(max_size=8), max_size=3) | _JSON, "n": st.integers(-2, 12) | _JSON,
                "context": st.text(max_size=20) | _JSON, "language": st.sampled_from(["en", "fr", "xx"]) | _JSON}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional=_GOLD_VALUES), max_size=6))
def test_any_json_gold_line_is_evaluated_or_left_out_never_a_crash(rows: list[dict]) -> None:
    """Whatever JSON a gold file's lines hold, the evaluation runs on the rest: each line is a case or a note."""
    with tempfile.TemporaryDirectory() as folder:
        gold = Path(folder) / "gold.jsonl"
        lines = [json.dumps(row) for row in rows] + ['{"prompt": "Write 5 slogans.", "parallelizable": true, "n": 5}']
        gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report = evaluate_gold(gold, rules)
        report.to_json()
        Console(file=io.StringIO(), width=100).print(render_gold_report(report))
        assert report.overall.count + report.noted_lines()[1] == len(lines)


def test_a_missed_count_says_why_in_the_mistakes(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", [
        {"prompt": "Suggest 10 key habits for a calmer morning routine", "parallelizable": True,
         "category": "Repeated Generation", "data": None, "n": 10, "context": None, "language": "en"}])
    [mistake] = evaluate_gold(gold, rules).mistakes()
    assert mistake["outcome"] == "fn"
    assert [(reason["rule"], reason["span"]) for reason in mistake["refused_counts"]] == [("count.selection", [8, 10])]


def test_category_spellings_group_as_they_score_and_a_missing_category_is_not_scored(tmp_path: Path) -> None:
    """Rows and columns meet where `category_key` says two spellings are one category; a positive whose gold line
    names no category is neither among the single-task prompts nor a wrong category."""
    gold = write_gold(tmp_path / "gold.jsonl", [
        {"prompt": "Give me 7 catchy slogans for a vegan bakery in Brooklyn.", "parallelizable": True,
         "category": "repeated_generation", "n": 7},
        {"prompt": "Write 5 short poems about the sea.", "parallelizable": True, "category": "Repeated-Generation",
         "n": 5},
        {"prompt": "Give me 3 names for a cat.", "parallelizable": True, "category": None, "n": 3},
        {"prompt": "What is the capital of Australia?", "parallelizable": False}])
    report = evaluate_gold(gold, rules).to_json()
    assert report["tp"] == 3 and report["category_accuracy"] == 1.0  # (2 of 2 scored; the third names none)
    assert {name: figures["count"] for name, figures in report["per_category"].items()} == {
        "Repeated Generation": 2, "(no category)": 1, "(not parallelizable)": 1}
    assert report["confusion"]["Repeated Generation"] == {"Repeated Generation": 2}
    assert report["confusion"]["?"] == {"Repeated Generation": 1}
