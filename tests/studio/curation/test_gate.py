"""The learned precision gate: it only lowers tiers of rule schemas, its scoring is deterministic, the shipped model
belongs to these rules, and its trainer reproduces it from the development sets."""

from __future__ import annotations

import dataclasses
import json
import re
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.models import Reason, Schema
from studio.curation import gate, gate_training
from studio.curation.gate import (
    GateModel, apply_gate, feature_names, item_feature_names, shipped_model, word_feature_names,
)
from studio.curation.evaluate import evaluate_gold
from studio.curation.rules import RULES_EXTRACTOR, RULES_VERSION, extract_rules, withheld_decomposition
from studio.curation.validator import structural_validation, validate_schema
from tests.conftest import SAMPLE_DATA

PROMPT = "Give me 7 catchy slogans for a coffee shop"


def schema(tier: str = "high", extractor: str = RULES_EXTRACTOR, parallelizable: bool = True) -> Schema:
    return Schema(prompt_id="p", extractor=extractor, extractor_version="1", parallelizable=parallelizable,
                  category="Repeated Generation", n=7, tier=tier, reasons=[Reason("tier.high", "a count")])


def model_scoring(probability: float, high: float = 0.8, medium: float = 0.4) -> GateModel:
    """A model whose every prompt scores `probability` (bias only)."""
    import math

    bias = math.log(probability / (1 - probability))
    return GateModel(dimensions=16, bias=bias, weights={}, high=high, medium=medium, version="test")


@pytest.mark.parametrize(("probability", "tier_in", "tier_out", "rule"), [
    (0.9, "high", "high", "gate.pass"),
    (0.6, "high", "medium", "gate.medium"),
    (0.6, "medium", "medium", "gate.pass"),
    (0.2, "high", "low", "gate.low"),
    (0.2, "medium", "low", "gate.low"),
])
def test_the_gate_only_lowers_tiers(probability: float, tier_in: str, tier_out: str, rule: str) -> None:
    gated = apply_gate(schema(tier_in), PROMPT, model_scoring(probability))
    assert gated.tier == tier_out
    assert gated.reasons[-1].rule == rule and f"p={probability:.3f}" in gated.reasons[-1].message
    assert gated.parallelizable and gated.n == 7  # the decomposition itself is never changed


@pytest.mark.parametrize(("category", "tier_in", "probability", "tier_out", "rule"), [
    ("Keyword Extraction", "high", 0.2, "medium", "gate.doubt"),
    ("Reading Comprehension", "medium", 0.2, "medium", "gate.doubt"),
    ("Reading Comprehension", "high", 0.6, "medium", "gate.medium"),
    ("Question Answering", "medium", 0.2, "low", "gate.low"),
])
def test_extraction_is_sent_to_triage_not_rejected(category: str, tier_in: str, probability: float, tier_out: str,
                                                   rule: str) -> None:
    """The gate learned too few real extraction requests to reject one: below its `medium` threshold a Keyword
    Extraction or Reading Comprehension proposal goes to triage (never `high`); other categories are rejected."""
    original = dataclasses.replace(schema(tier_in), category=category)
    gated = apply_gate(original, PROMPT, model_scoring(probability))
    assert (gated.tier, gated.reasons[-1].rule) == (tier_out, rule)
    assert gated.parallelizable and f"p={probability:.3f}" in gated.reasons[-1].message


@pytest.mark.parametrize("original", [
    schema(extractor="llm"), schema(extractor="human-edit"), schema(tier="low"), schema(parallelizable=False)])
def test_other_schemas_pass_untouched(original: Schema) -> None:
    assert apply_gate(original, PROMPT, model_scoring(0.01)) is original


def test_features_and_probability_are_deterministic() -> None:
    rule_schema = structural_validation(extract_rules(PROMPT), PROMPT)
    names = feature_names(PROMPT, rule_schema)
    assert "w:slogans" in names and "tier=high" in names and "category=Repeated Generation" in names
    weights = {zlib.crc32(b"w:slogans") % 64: 2.0}
    model = GateModel(dimensions=64, bias=-1.0, weights=weights, high=0.9, medium=0.5, version="t")
    assert model.probability(PROMPT, rule_schema) == model.probability(PROMPT, rule_schema)
    assert model.probability(PROMPT, rule_schema) > 1 / (1 + 2.718281828 ** 1.0)  # the word's weight counted


def test_the_probability_sums_the_weights_of_the_distinct_hashed_features_in_set_order() -> None:
    """The weights are read by position; the sum is the one over the dict, in the hashed set's order, bit for bit
    (a weight stored outside the dimensions is never read)."""
    import math

    rule_schema = structural_validation(extract_rules(PROMPT), PROMPT)
    indices = {zlib.crc32(name.encode()) % 64 for name in feature_names(PROMPT, rule_schema)}
    weights = {index: 0.1 * index - 2.3 for index in range(0, 64, 3)} | {64: 9.0, -1: 9.0}
    model = GateModel(dimensions=64, bias=0.25, weights=weights, high=0.9, medium=0.5, version="t")
    score = 0.25 + sum(weights.get(index, 0.0) for index in indices)
    assert model.probability(PROMPT, rule_schema) == 1.0 / (1.0 + math.exp(-score))


def test_the_dense_weights_give_the_garbage_collector_no_element_to_walk() -> None:
    """A full collection walks every element of a list: 2**18 of them for the shipped model, at some prompt of every
    few hundred. The dense weights are a tuple of floats, which the collector stops tracking at its first pass."""
    import gc

    model = GateModel(dimensions=2**10, bias=0.0, weights={3: 0.5, 1000: -1.25}, high=0.9, medium=0.5, version="t")
    gc.collect()
    assert not gc.is_tracked(model._dense)
    assert [model._dense[3], model._dense[1000], model._dense[0]] == [0.5, -1.25, 0.0]


def test_the_evidence_indices_remembered_or_forgotten_give_the_same_probability(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The evidence names' indices are hashed once and kept; a full store is emptied, never read stale."""
    from studio.curation import gate

    listed = Schema(prompt_id="p", extractor=RULES_EXTRACTOR, extractor_version="1", parallelizable=True,
                    category="Reading Comprehension", template="Answer: {data}", data=["Who wrote it?", "When?"],
                    tier="medium", reasons=[Reason("list.numbered", "a list")])
    prompt = "Answer these: 1. Who wrote it? 2. When?"
    weights = {zlib.crc32(name.encode()) % 256: 0.01 * position for position, name in
               enumerate(feature_names(prompt, listed))}
    first = GateModel(dimensions=256, bias=0.1, weights=weights, high=0.9, medium=0.5, version="t")
    expected = first.probability(prompt, listed)
    assert first.probability(prompt, listed) == expected  # read from the kept indices
    monkeypatch.setattr(gate, "_MAX_INDICES", 3)
    small = GateModel(dimensions=256, bias=0.1, weights=weights, high=0.9, medium=0.5, version="t")
    assert small.probability(prompt, listed) == small.probability(prompt, listed) == expected
    assert len(small._indices) <= 3


def test_items_that_are_questions_read_as_questions() -> None:
    names = item_feature_names(["What is a monad?", "Why is the sky blue?", "What is DNS?"],
                               "Can you answer these? {data}")
    assert {"item.first:what", "item.first:why", "item.shape:Xx", "item.end:?", "items.?=all", "items..=none",
            "items.wh=all", "items.verb=none", "items.shared_first=most", "template.data_in_question=True",
            "template.data_alone=False"} <= set(names)


def test_formatting_tokens_read_as_short_tokens_on_a_line_of_their_own() -> None:
    names = item_feature_names(["H1", "H2", "H3 tags"], "Write the outline with proper headings:\n{data}\nThanks")
    assert {"item.first:h", "item.shape:Xd", "item.end:none", "item.length:0", "items.mean_length=0",
            "items.max_length=0", "items.shared_first=all", "items.?=none", "template.data_alone=True",
            "template.data_in_question=False"} <= set(names)


def test_requests_and_sentences_are_told_apart_by_their_first_word_and_end() -> None:
    names = item_feature_names(["Write a haiku about rain.", "Summarize the plot of Hamlet.", "it must rhyme"],
                               "{data}")
    assert {"item.first:write", "item.first:summarize", "item.first:it", "item.shape:x", "item.end:.",
            "item.end:none", "items.verb=most", "items..=most", "items.wh=none",
            "items.shared_first=some"} <= set(names)
    long_and_short = set(item_feature_names(["x" * 300, "ok"], ""))  # 151 characters on average
    assert {"item.length:5", "items.max_length=5", "items.mean_length=4"} <= long_and_short


def _item_names_in_full(item: str) -> list[str]:
    """One item's four names as first written: the whole first word's shape, the end mark looked up by hand."""
    text = item.strip()
    token = re.search(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W\d_]+|\d+|[?:;]", text)
    word = text.split(None, 1)[0] if text else ""
    shape = ""
    for character in word[:4]:
        kind = "d" if character.isdigit() else "X" if character.isupper() else "x" if character.islower() else "c"
        shape += "" if shape.endswith(kind) else kind
    ends = {"?": "?", "？": "?", ".": ".", "。": ".", "!": ".", "！": ".", ":": ":", "：": ":"}
    length = next((index for index, edge in enumerate((10, 30, 60, 120, 250)) if len(text) <= edge), 5)
    return [f"item.first:{token.group().casefold() if token else ''}", f"item.shape:{shape}",
            f"item.end:{ends.get(text[-1:], 'none') if text else 'none'}", f"item.length:{length}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "Z", "é", "İ", "ſ", "1", "２", " ", "\t", "\n", "\u3000", "\u00a0",
                                          "?", "？", ".", "。", "!", ":", "(", "-", "What ", "什么"]),
                         max_size=12).map("".join), min_size=1, max_size=5))
def test_item_names_come_from_tables_as_from_the_full_form(items: list[str]) -> None:
    """The per-item names are built from tables and the first four characters of the stripped item: the same names,
    in the same order, as the first word's shape and the end mark computed in full."""
    names = item_feature_names(items, "")
    assert names[:4 * len(items)] == [name for item in items for name in _item_names_in_full(item)]


def test_item_features_only_for_listed_items() -> None:
    counted = structural_validation(extract_rules(PROMPT), PROMPT)
    assert counted.n == 7
    assert not any(name.startswith(("item.", "items.", "template.")) for name in feature_names(PROMPT, counted))
    listed = Schema(prompt_id="p", extractor=RULES_EXTRACTOR, extractor_version="1", parallelizable=True,
                    category="Reading Comprehension", template="{context}\n\nAnswer: {data}",
                    context="A passage " * 50, data=["Who wrote it?", "When?"], tier="medium")
    names = feature_names("irrelevant prompt text", listed)
    assert {"item.first:who", "items.?=all", "context_length=1"} <= set(names)


def test_validate_schema_applies_the_shipped_gate_after_the_structure() -> None:
    structural = structural_validation(extract_rules(PROMPT), PROMPT)
    validated = validate_schema(extract_rules(PROMPT), PROMPT)
    model = shipped_model()
    if model is None:
        assert validated == structural
    else:
        assert validated == apply_gate(structural, PROMPT, model)


def _gold_rows() -> list[dict]:
    rows = []
    for index in range(30):
        rows.append({"prompt": f"Give me {index % 5 + 2} slogans for shop number {index}", "parallelizable": True,
                     "category": "Repeated Generation", "data": None, "n": index % 5 + 2, "context": None,
                     "language": "en"})
        # proposed by the rules too, labelled negative here so the candidates hold both classes
        rows.append({"prompt": f"Give me {index % 5 + 2} jokes about the number {index}",
                     "parallelizable": False, "category": None, "data": None, "n": None, "context": None,
                     "language": "en"})
    return rows


def test_training_is_deterministic_and_loads(tmp_path: Path) -> None:
    gold = tmp_path / "dev.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in _gold_rows()), encoding="utf-8")
    first, second = gate_training.train(gold), gate_training.train(gold)
    assert first == second
    model = GateModel.from_json(first)
    assert 0.05 <= model.medium <= model.high <= 1.0
    assert first["trained_on"]["prompts"] == 60 and first["trained_on"]["candidates"] >= 40


def test_training_fits_on_what_the_single_task_refusals_withheld(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Single-task prompts whose list a refusal withheld become negatives of the fit, not candidates: the gate learns
    that such a proposal is false, where a trainer without them gives it no lower a probability than before."""
    article = ("Summarize this article for me:\n\nThe council of town {0} met. Points raised:\n1. What will lane {0} "
               "cost?\n2. Who pays for bridge {0}?\n3. When does market {0} reopen?")
    withheld = [{"prompt": article.format(index), "parallelizable": False, "category": None, "data": None, "n": None,
                 "context": None, "language": "en"} for index in range(12)]
    gold = tmp_path / "dev.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in _gold_rows() + withheld), encoding="utf-8")
    document = gate_training.train(gold)
    assert document["trained_on"]["withheld_negatives"] == 12
    assert document["trained_on"]["prompts"] == 72 and document["trained_on"]["candidates"] == 60
    monkeypatch.setattr(gate_training, "withheld_negatives", lambda cases: [])
    without = gate_training.train(gold)
    assert without["trained_on"]["withheld_negatives"] == 0

    text = article.format(99)
    proposal = structural_validation(withheld_decomposition(text, language="en"), text)
    assert GateModel.from_json(document).probability(text, proposal) < GateModel.from_json(without).probability(
        text, proposal) - 0.2


def _list_proposal(rules: str = "2.0") -> Schema:
    """Seven bullet points of one request, as a list rule of rules version `rules` would have proposed them."""
    return Schema(prompt_id="p", extractor=RULES_EXTRACTOR, extractor_version=rules, parallelizable=True,
                  category="Question Answering", template="{data}", data=[f"point {index}" for index in range(7)],
                  tier="medium", reasons=[Reason("list.bullets", "a bulleted list")])


def _banked(prompt: str, rules: str = "2.0") -> gate_training.BankedProposal:
    case = gate_training.GoldCase(prompt, False, None, None, None, None, "en", 1, "dev.jsonl")
    return gate_training.bank_proposal(case, _list_proposal(rules), "dev.jsonl")


def test_the_bank_keeps_one_proposal_a_prompt_the_latest_rules_winning(tmp_path: Path) -> None:
    bank = tmp_path / "bank.jsonl"
    older, newer, other = _banked("a prompt", rules="2.9"), _banked("a prompt", rules="2.10"), _banked("another")
    assert gate_training.bank_add(bank, [newer, other]) == 2
    written = bank.read_bytes()
    assert gate_training.bank_add(bank, [older]) == 2 and bank.read_bytes() == written  # 2.9 is older than 2.10
    assert gate_training.load_bank(bank)[newer.sha256] == newer
    assert set(json.loads(bank.read_text().splitlines()[0])) == {"file", "sha256", "rules", "evidence"}


@pytest.mark.parametrize("line", ['{"file": "dev.jsonl"}', "not json",
                                  '{"file": "a", "sha256": "b", "rules": "2.x", "evidence": [1]}',
                                  '{"file": "a", "sha256": "b", "rules": "2.1", "evidence": [1.5]}'])
def test_a_malformed_bank_row_is_refused_with_its_line(tmp_path: Path, line: str) -> None:
    bank = tmp_path / "bank.jsonl"
    bank.write_text(json.dumps(_banked("fine").to_json()) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bank\.jsonl:3: "):
        gate_training.load_bank(bank)


def test_banked_proposals_the_rules_no_longer_make_are_fit_only_negatives(tmp_path: Path) -> None:
    """A single-task prompt an earlier rules version proposed becomes a negative of the fit once the rules stop
    proposing it, and the gate then doubts a proposal like it; a banked prompt the rules still propose stays a
    candidate (counted once)."""
    notes = "Turn my notes from meeting {0} into one memo:\n- point 1\n- point 2\n- point 3\n- point 4"
    refused = [{"prompt": notes.format(index), "parallelizable": False, "category": None, "data": None, "n": None,
                "context": None, "language": "en"} for index in range(12)]
    rows = _gold_rows() + refused
    gold, bank = tmp_path / "dev.jsonl", tmp_path / "bank.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    still_proposed = rows[1]["prompt"]  # "Give me 2 jokes ...": a candidate of these rules
    assert not extract_rules(refused[0]["prompt"], language="en").parallelizable
    gate_training.bank_add(bank, [_banked(row["prompt"]) for row in refused] + [_banked(still_proposed)])
    banked, plain = gate_training.train(gold, bank=bank), gate_training.train(gold)
    assert banked["trained_on"]["banked_negatives"] == 12 and plain["trained_on"]["banked_negatives"] == 0
    assert banked["trained_on"]["candidates"] == plain["trained_on"]["candidates"] == 60
    assert banked["version"] != plain["version"]  # the bank is part of what the model was trained on

    text, proposal = notes.format(99), _list_proposal()
    assert (GateModel.from_json(banked).probability(text, proposal)
            < GateModel.from_json(plain).probability(text, proposal) - 0.2)


def test_bank_rows_of_a_given_file_without_their_single_task_prompt_are_counted(tmp_path: Path) -> None:
    """A banked prompt that left its file, or was relabelled parallelizable, trains nothing: the model says how many
    (rows of files not given are simply not used)."""
    rows = _gold_rows()
    gold, bank = tmp_path / "dev.jsonl", tmp_path / "bank.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    positive = next(row["prompt"] for row in rows if row["parallelizable"])
    elsewhere = gate_training.BankedProposal("other.jsonl", "0" * 64, "2.0", (1,))
    gate_training.bank_add(bank, [_banked("a prompt no longer in the file"), _banked(positive), elsewhere])
    assert gate_training.train(gold, bank=bank)["trained_on"]["banked_unmatched"] == 2


def test_thresholds_pool_every_repeat_of_the_split() -> None:
    """Repeating the same out-of-fold draw changes nothing (the recall counts each repeat's positives once); a second
    draw that ranks four true proposals low moves `medium` down to keep 95% of the true proposals of both."""
    from types import SimpleNamespace

    def row(label: bool, tier: str) -> SimpleNamespace:
        return SimpleNamespace(case=SimpleNamespace(parallelizable=label), schema=SimpleNamespace(tier=tier))

    rows = [row(True, "high")] * 30 + [row(False, "high")] * 5 + [row(False, "medium")] * 10
    draw = [0.99] * 30 + [0.5] * 5 + [0.1] * 10
    once = gate_training._thresholds(rows, [draw], positives=40)
    assert once == (0.501, 0.501, {"high": {"precision": 1.0, "recall": 0.75},
                                   "high+medium": {"precision": 1.0, "recall": 0.75}})
    assert gate_training._thresholds(rows, [draw] * 3, positives=40) == once
    lower = [0.3] * 4 + draw[4:]
    high, medium, _ = gate_training._thresholds(rows, [draw, lower], positives=40)
    assert high == 0.501 and 0.3 <= medium < 0.501


def test_high_is_chosen_between_hundredths() -> None:
    """The confident proposals crowd just under 1: false `high` candidates at 0.985 and true ones at 0.99 put `high`
    at 0.986, where a 0.01 grid had to jump to 0.99 and drop every candidate scored 0.986-0.989."""
    from types import SimpleNamespace

    def row(label: bool) -> SimpleNamespace:
        return SimpleNamespace(case=SimpleNamespace(parallelizable=label), schema=SimpleNamespace(tier="high"))

    rows = [row(True)] * 20 + [row(False)] * 5
    high, _, figures = gate_training._thresholds(rows, [[0.99] * 20 + [0.985] * 5], positives=20)
    assert high == 0.986 and figures["high"] == {"precision": 1.0, "recall": 1.0}


def test_the_smooth_quantile_follows_the_quantile_and_moves_little_where_values_are_sparse() -> None:
    """Harrell-Davis: on dense values it is the quantile; where five low values sit below a block, moving one value
    of the block down moves the grid criterion (the highest threshold keeping 95 of 100) by 0.3, it by under 0.06."""
    quantile = gate_training._smooth_quantile
    assert quantile([0.4] * 50, 0.05, 50) == pytest.approx(0.4)
    assert quantile([index / 999 for index in range(1000)], 0.05, 1000) == pytest.approx(0.05, abs=0.002)
    sparse = [0.1, 0.2, 0.3, 0.4, 0.5] + [0.9] * 95
    moved = sparse[:5] + [0.6] + [0.9] * 94
    assert quantile(sparse, 0.05, 100) - quantile(moved, 0.05, 100) < 0.06
    assert quantile(sparse * 10, 0.05, 100) == pytest.approx(quantile(sparse, 0.05, 100))  # pooled repeats


def test_training_refuses_candidates_of_one_class(tmp_path: Path) -> None:
    gold = tmp_path / "dev.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in _gold_rows() if row["parallelizable"]), encoding="utf-8")
    with pytest.raises(ValueError, match="both classes"):
        gate_training.train(gold)


def test_leave_one_file_out_scores_each_file_with_a_gate_trained_on_the_others(tmp_path: Path) -> None:
    rows = _gold_rows()
    files = {tmp_path / "a.jsonl": rows[:40], tmp_path / "b.jsonl": rows[40:]}  # both classes in each
    for path, content in files.items():
        path.write_text("".join(json.dumps(row) + "\n" for row in content), encoding="utf-8")
    table = gate_training.leave_one_file_out(list(files))
    assert set(table) == {*map(str, files), "pooled"}
    for cut in ("high", "high+medium"):
        for path, content in files.items():
            figures = table[str(path)][cut]
            assert figures["positives"] == sum(row["parallelizable"] for row in content)
            assert figures["right"] <= figures["proposed"] and figures["right"] <= figures["positives"]
        assert table["pooled"][cut]["right"] == sum(table[str(path)][cut]["right"] for path in files)
        assert table["pooled"][cut]["positives"] == 30


TRAINING_SETS = [SAMPLE_DATA / name for name in (
    "dev.jsonl", "sharegpt_train.jsonl", "sharegpt_short_train.jsonl", "sharegpt_v3_long_train.jsonl",
    "sharegpt_v3_short_train.jsonl", "sharegpt_v3_later_train.jsonl")]


def test_the_bank_holds_single_task_training_prompts_and_no_text() -> None:
    """Every banked proposal names a single-task prompt of a training file by the SHA-256 its label file commits
    (dev.jsonl: of its prompt), and carries nothing but that hash, a rules version and hashed indices."""
    import hashlib

    def single_task_hashes(name: str) -> set[str]:
        if name == "dev.jsonl":
            rows = [json.loads(line) for line in (SAMPLE_DATA / name).read_text(encoding="utf-8").splitlines()]
            return {hashlib.sha256(row["prompt"].encode()).hexdigest() for row in rows if not row["parallelizable"]}
        labels = (SAMPLE_DATA / "real" / f"labels_{name}").read_text(encoding="utf-8").splitlines()
        return {row["sha256"] for row in map(json.loads, labels) if not row["parallelizable"]}

    lines = gate_training.DEFAULT_BANK.read_text(encoding="utf-8").splitlines()
    assert lines and all(set(json.loads(line)) == {"file", "sha256", "rules", "evidence"} for line in lines)
    bank = gate_training.load_bank(gate_training.DEFAULT_BANK)
    assert {row.file for row in bank.values()} <= {path.name for path in TRAINING_SETS}
    for name in {row.file for row in bank.values()}:
        assert {row.sha256 for row in bank.values() if row.file == name} <= single_task_hashes(name)
    assert all(re.fullmatch(r"\d+\.\d+", row.rules) for row in bank.values())


def _has_the_rules_commits() -> bool:
    import subprocess

    first = "28615c911327124bba3b9ec14dc6c98d2967b174"  # rules 2.2, the oldest build_gate_bank.py reads
    try:
        return subprocess.run(["git", "cat-file", "-e", f"{first}^{{commit}}"], cwd=SAMPLE_DATA.parent,
                              capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.slow  # twenty rules versions, each on the 8,255 train prompts: ~75 seconds here
@pytest.mark.skipif(not all(path.exists() for path in TRAINING_SETS),
                    reason="the ShareGPT sets are not rebuilt here (sample_data/real/rebuild_nc.py)")
@pytest.mark.skipif(not _has_the_rules_commits(), reason="no git history with the rules versions' commits here")
def test_the_bank_rebuilds_from_the_rules_commits(tmp_path: Path) -> None:
    """The committed bank is what its builder makes from the versions' commits and today's gate features: a change
    to the evidence features fails here until the bank is rebuilt (`sample_data/real/build_gate_bank.py`)."""
    import subprocess
    import sys

    out = tmp_path / "bank.jsonl"
    subprocess.run([sys.executable, str(SAMPLE_DATA / "real" / "build_gate_bank.py"), "--out", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == gate_training.DEFAULT_BANK.read_bytes()


def test_the_shipped_model_belongs_to_these_rules() -> None:
    """Its features include the rules' reasons: a model trained on other rules would score other features."""
    model = shipped_model()
    assert model is not None and model.version.startswith(f"rules-{RULES_VERSION}/")
    assert 0.05 <= model.medium <= model.high <= 1.0


def test_the_shipped_gate_keeps_the_hand_written_decompositions() -> None:
    """On the hand-written fixture the gate may demote a `high`, reject almost nothing and never add a mistake."""
    gated = evaluate_gold(SAMPLE_DATA / "gold.jsonl", lambda text, language: extract_rules(text, language=language))
    figures = gated.overall.to_json()
    assert figures["precision"] == 1.0 and figures["recall"] >= 0.95


@pytest.mark.slow  # forty repeated 5-fold splits over 8,255 prompts and the bank: ~25 seconds here
@pytest.mark.skipif(not all(path.exists() for path in TRAINING_SETS),
                    reason="the ShareGPT sets are not rebuilt here (sample_data/real/rebuild_nc.py)")
def test_the_trainer_reproduces_the_shipped_model() -> None:
    document = gate_training.train(*TRAINING_SETS, bank=gate_training.DEFAULT_BANK)
    shipped = json.loads((Path(gate_training.__file__).with_name("gate_model.json")).read_text(encoding="utf-8"))
    assert document == shipped


# the list-line count as one regex read it, led by "(?m)^" (tried at every position of a long prompt)
_LIST_LINE_BEFORE = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)]|[-*•]|[a-zA-Z][.)])")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\r", "\r\n", " ", "\t", "1.", "12)", "123.", "٣.", "-", "*", "•", "a)", "B.",
                                 "ab.", "x", "Item", ":", "\u2028", "\x0b"]), max_size=24).map("".join))
def test_list_lines_are_counted_as_the_line_start_regex_counts_them(prompt: str) -> None:
    assert gate._list_lines(prompt) == len(_LIST_LINE_BEFORE.findall(prompt))


def test_the_words_of_a_proposals_context_are_kept_apart_from_the_instructions() -> None:
    """A pasted text's words are features of their own ("c:word"), not words of the request made of it."""
    receipt = ("Corner Bakery, 12 Mill Lane. 14/02/2024 08:12. Sourdough loaf 4.20, two croissants 3.60, flat white "
               "3.10. Total 10.90 paid by card. Thank you for visiting, see you soon!")
    text = "Extract the shop, the date and the total from this receipt:\n\n" + receipt
    rule_schema = structural_validation(extract_rules(text), text)
    assert rule_schema.context == receipt
    names = word_feature_names(text, rule_schema.context)
    assert "w:extract" in names and "w:receipt" in names
    assert "c:sourdough" in names and "w:sourdough" not in names
    assert set(feature_names(text, rule_schema)) >= set(names)
