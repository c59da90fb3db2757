"""`ppstudio curate`: curation, --eval on a gold file, --compare, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from store import Store
from store.models import Prompt, PromptFilter, Schema
from studio.cli import app

runner = CliRunner()

GOLD = [
    {"prompt": "Give me 7 catchy slogans for a vegan bakery in Brooklyn.", "parallelizable": True,
     "category": "Repeated Generation", "data": None, "n": 7, "context": None, "language": "en"},
    {"prompt": "Translate into Spanish:\n1. Good morning\n2. See you tomorrow\n3. Thank you",
     "parallelizable": True, "category": "Translation", "data": ["Good morning", "See you tomorrow", "Thank you"],
     "n": None, "context": None, "language": "en"},
    {"prompt": "What is the capital of Australia?", "parallelizable": False, "category": None, "data": None,
     "n": None, "context": None, "language": "en"},
]


def test_eval_prints_one_json_report_and_leaves_no_store(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(row) for row in GOLD) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["curate", "--eval", str(gold), "--extractor", "rules", "--json",
                                 "--db", str(tmp_path / "never.db")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["count"] == 3
    for key in ("precision", "recall", "category_accuracy", "data_f1", "n_accuracy"):
        assert key in report
    assert report["precision"] is None or 0.0 <= report["precision"] <= 1.0
    assert not (tmp_path / "never.db").exists() and not (tmp_path / "ppstudio.db").exists()


def test_eval_keeps_going_past_a_bad_gold_line_and_says_where(tmp_path: Path) -> None:
    """One odd or broken line of someone else's gold file costs that line, not the evaluation."""
    gold = tmp_path / "gold.jsonl"
    odd = {**GOLD[0], "data": ["a", "b"]}  # both data and n: read, with a note
    gold.write_text("\n".join([json.dumps(odd), '{"prompt": "cut off', *map(json.dumps, GOLD[1:])]) + "\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["curate", "--eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["count"] == 3 and report["gold_left_out"] == 1
    assert [(note["line"], note["kept"]) for note in report["gold_notes"]] == [(1, True), (2, False)]
    assert "1 gold line read otherwise than written, 1 left out" in result.stderr
    assert f"{gold}:1: both 'data' and 'n'" in " ".join(result.stderr.split())
    table = runner.invoke(app, ["curate", "--eval", str(gold)])
    assert table.exit_code == 0 and "left out" in table.stdout and "gold.jsonl:2" in table.stdout


def test_eval_at_another_prevalence(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(row) for row in GOLD) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["curate", "--eval", str(gold), "--prevalence", "0.1", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["at_prevalence"]["prevalence"] == 0.1 and set(report["at_prevalence"]) == {
        "prevalence", *report["per_tier"]}
    assert all("false_positive_rate" in figures for figures in report["per_tier"].values())
    table = runner.invoke(app, ["curate", "--eval", str(gold), "--prevalence", "0.1"])
    assert table.exit_code == 0 and "at 0.1" in table.stdout  # (the header "precision at 0.1" wraps at 80 columns)
    for wrong in (["--eval", str(gold), "--prevalence", "1"], ["--eval", str(gold), "--prevalence", "0"],
                  ["--prevalence", "0.1", "--db", str(tmp_path / "never.db")]):
        refused = runner.invoke(app, ["curate", *wrong])
        assert refused.exit_code != 0 and "--prevalence goes with --eval" in refused.output
    assert not (tmp_path / "never.db").exists()


def test_eval_pools_repeated_gold_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(json.dumps(row) for row in GOLD[:2]) + "\n", encoding="utf-8")
    second.write_text(json.dumps(GOLD[2]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["curate", "--eval", str(first), "--eval", str(second), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["count"] == 3 and report["gold"] == [str(first), str(second)]
    assert {path: figures["count"] for path, figures in report["per_file"].items()} == {str(first): 2, str(second): 1}
    table = runner.invoke(app, ["curate", "--eval", str(first), "--eval", str(second)])
    assert table.exit_code == 0 and "Per file" in table.output and "b.jsonl" in table.output


def test_curate_json_summary_and_resume(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add_prompts([Prompt(text=row["prompt"], source="lmsys", language="en") for row in GOLD])
        store.add_prompts([Prompt(text="Give me 3 names for a cat.", source="wildchat", language="en")])
    first = runner.invoke(app, ["curate", "--db", str(db), "--where", "source=lmsys", "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["curated"] == {"rules": 3} and summary["scanned"] == 3
    assert sum(summary["by_tier"].values()) == 3
    again = json.loads(runner.invoke(app, ["curate", "--db", str(db), "--json"]).stdout)
    assert again["curated"] == {"rules": 1} and again["skipped"] == {"rules": 3}


def test_bad_where_and_bad_extractor_fail_clearly(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["curate", "--db", db, "--where", "colour=red"])
    assert result.exit_code == 2 and "unknown filter key 'colour'" in result.output
    result = runner.invoke(app, ["curate", "--db", db, "--extractor", "magic"])
    assert result.exit_code == 2 and "Invalid value for '--extractor'" in result.output  # Click's usage error


def test_compare_reports_agreement_with_the_release(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    prompt = Prompt(text=GOLD[0]["prompt"], source="lmsys", language="en")
    with Store(db) as store:
        store.add_prompts([prompt])
        store.add_schema(Schema(prompt_id=prompt.id, extractor="parallelprompt-release", extractor_version="1",
                                parallelizable=True, category="Repeated Generation", n=7, tier="high",
                                serial=prompt.text, template="Give me a catchy slogan for a vegan bakery."))
        store.add_schema(Schema(prompt_id=prompt.id, extractor="rules", extractor_version="1", parallelizable=True,
                                category="Repeated Generation", n=7, tier="high", serial=prompt.text,
                                template="Give me a catchy slogan for a vegan bakery."))
    result = runner.invoke(app, ["curate", "--db", str(db), "--compare", "parallelprompt-release", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rules = document["extractors"]["rules"]
    assert rules["count"] == 1 and rules["decision_agreement"] == 1.0 and rules["n_accuracy"] == 1.0
    assert rules["context_cases"] == 0 and rules["context_in_branch"] is None  # (the reference gives no context)
    table = runner.invoke(app, ["curate", "--db", str(db), "--compare", "parallelprompt-release"])
    assert table.exit_code == 0 and "agreement with parallelprompt-release" in table.output
    assert "context" not in table.output  # (no context column where the reference gives none)


def test_llm_curation_and_eval_on_the_simulator(tmp_path: Path, monkeypatch) -> None:
    """`--extractor llm` with no --base-url starts the chosen local backend for the run and stops it after."""
    monkeypatch.setenv("PPSTUDIO_BACKEND_SIM_PROFILE", "gpu")
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add_prompts([Prompt(text=row["prompt"], source="lmsys", language="en") for row in GOLD])
    result = runner.invoke(app, ["curate", "--db", str(db), "--extractor", "llm", "--backend", "sim", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["curated"] == {"llm": 3} and summary["endpoint"]["simulated"] is True
    with Store(db) as store:
        schemas = [s for row in GOLD for s in store.schemas_for(Prompt(text=row["prompt"], source="x").id)]
    assert len(schemas) == 3 and all(s.extractor == "llm" and s.tier for s in schemas)

    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(row) for row in GOLD), encoding="utf-8")
    report = runner.invoke(app, ["curate", "--eval", str(gold), "--extractor", "llm", "--backend", "sim", "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["count"] == 3


def test_extractor_choices_match_the_pipeline() -> None:
    from studio.cli.curate import Extractor
    from studio.curation.pipeline import EXTRACTOR_CHOICES

    assert [member.value for member in Extractor] == list(EXTRACTOR_CHOICES)


def test_accept_tier_accepts_the_cut_and_leaves_decided_prompts_alone(tmp_path: Path) -> None:
    from studio.triage import update_triage

    db = str(tmp_path / "s.db")
    prompts = [Prompt(text=row["prompt"], source="jsonl") for row in GOLD]
    with Store(db) as store:
        store.add_prompts(prompts)
        store.add_prompts([Prompt(text="Give me 5 names for a grey cat", source="jsonl")])
    first = runner.invoke(app, ["curate", "--db", db, "--json"])
    assert first.exit_code == 0, first.output
    with Store(db) as store:
        update_triage(store, Prompt(text="Give me 5 names for a grey cat", source="x").id, status="rejected")
        high = {row.id for row in store.list_prompts(PromptFilter(tier="high", parallelizable=True), limit=100)}
    result = runner.invoke(app, ["curate", "--db", db, "--accept-tier", "high", "--json"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        accepted = {row.id for row in store.list_prompts(PromptFilter(triage="accepted"), limit=100)}
        rejected = {row.id for row in store.list_prompts(PromptFilter(triage="rejected"), limit=100)}
    assert accepted == high - rejected and json.loads(result.stdout)["auto_accepted"] == {
        "cut": "high", "prompts": len(accepted)}
    assert "What is the capital" not in {p.text for p in prompts if p.id in accepted}
    bad = runner.invoke(app, ["curate", "--db", db, "--accept-tier", "all"])
    assert bad.exit_code == 2  # "all" would accept rejected (low) schemas: not a choice


def test_accept_tier_accepts_only_the_prompts_where_selects(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    mine = [Prompt(text="Give me 7 names for a black dog", source="jsonl"),
            Prompt(text="Give me 5 titles for a poem about rain", source="jsonl")]
    other = Prompt(text="Give me 8 names for a new bakery", source="lmsys")
    with Store(db) as store:
        store.add_prompts([*mine, other])
    assert runner.invoke(app, ["curate", "--db", db]).exit_code == 0
    result = runner.invoke(app, ["curate", "--db", db, "--where", "source=jsonl", "--accept-tier", "high", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["auto_accepted"] == {"cut": "high", "prompts": 2}
    result = runner.invoke(app, ["curate", "--db", db, "--accept-tier", "high", "--where", "search=poem"])
    assert result.exit_code == 0 and "among the prompts --where selects" in result.stdout
    with Store(db) as store:
        accepted = {row.id for row in store.list_prompts(PromptFilter(triage="accepted"), limit=100)}
        assert store.best_schema(other.id).tier == "high"  # in the cut, but not selected
    assert accepted == {prompt.id for prompt in mine}


def test_curation_flags_are_refused_where_nothing_is_curated(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with Store(db) as store:
        store.add_prompts([Prompt(text="Give me 7 names for a black dog", source="jsonl")])
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(row) for row in GOLD) + "\n", encoding="utf-8")
    for job, extra in ((["--compare", "parallelprompt-release"], ["--accept-tier", "high", "--limit", "1"]),
                       (["--eval", str(gold)], ["--where", "source=jsonl", "--retry-errors"])):
        result = runner.invoke(app, ["curate", "--db", db, *job, *extra])
        assert result.exit_code == 2, result.output
        assert "would be ignored" in result.output and extra[0] in result.output
    with Store(db) as store:
        assert store.list_prompts(PromptFilter(triage="accepted"), limit=10) == []
    assert runner.invoke(app, ["curate", "--db", db, "--compare", "parallelprompt-release",
                               "--where", "source=jsonl"]).exit_code == 0


def test_an_interrupted_curation_says_what_was_kept(tmp_path: Path, monkeypatch) -> None:
    import studio.curation.pipeline

    db = str(tmp_path / "s.db")
    with Store(db) as store:
        store.add_prompts([Prompt(text="Give me 7 names for a black dog", source="jsonl")])

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(studio.curation.pipeline, "curate_store", interrupted)
    result = runner.invoke(app, ["curate", "--db", db, "--accept-tier", "high"])
    assert result.exit_code == 130
    assert "interrupted:" in result.output and "run the same command again" in result.output
