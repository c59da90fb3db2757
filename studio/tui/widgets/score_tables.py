"""A run's scores as tables a person reads: one row per scorer with its headline figure, then each scorer's figures
with their details as labelled fields (numbers to 3 decimals, alignments as small tables, flags as words), and the
LLM judge's verdicts in both orders beside the blind human judgements, with their agreement.

Score details are the scorers' own JSON (evaluators/); nothing here knows more than their field names. Branches and
items are numbered from 1, as on the live screen. Every string from a score or an answer is shown literally.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from store import Judgement, Score
from studio.presentation import number
from studio.scoring import judged_by_simulator
from studio.tui.literal import literal

# The figure that sums a scorer up, shown first and in the overview table.
HEADLINES: dict[str, str] = {"similarity": "cosine", "rouge": "rougeL_f", "structure": "item_count_agreement",
                             "judge": "overall"}
JUDGE = "judge"
FLAG_FIGURES = frozenset({"list_form_kept"})  # figures that are 1 or 0: shown as yes / no
CRITERIA: tuple[str, ...] = ("accuracy", "fluency", "detail", "overall")
# Detail fields holding branch or item indexes (0-based in the store), shown numbered from 1.
_INDEX_FIELDS = frozenset({"branch", "serial_item", "duplicate_of", "unmatched_branches", "unanswered_branches",
                           "unmatched_serial_items", "missing_branches", "wrong_language_branches",
                           "undetected_branches"})
_CHOICE_WORDS = {"parallel": "parallel better", "serial": "serial better", "tie": "tie"}
_CHOICE_STYLES = {"parallel": "green", "serial": "red", "tie": "yellow"}


def _label(name: str) -> str:
    return name.replace("_", " ")


def _value_text(name: str, value: Any) -> str:
    """One detail value as a reader wants it: flags as words, numbers to 3 decimals, indexes from 1, lists joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and name in _INDEX_FIELDS:
        return str(value + 1)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        if not value:
            return "none"
        return ", ".join(_value_text(name, item) for item in value)
    if value is None:
        return "—"
    return str(value)


def _figure_name(score: Score) -> str:
    return score.name if score.aggregation == "concat" else f"{score.name} ({score.aggregation})"


def _by_scorer(scores: Iterable[Score]) -> dict[str, list[Score]]:
    grouped: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        grouped[score.scorer].append(score)
    for scorer, figures in grouped.items():  # the headline first, then by name
        headline = HEADLINES.get(scorer)
        figures.sort(key=lambda s: (s.name != headline, s.aggregation, s.name))
    return dict(grouped)


def judge_value_text(score: Score) -> Text:
    """A judge figure as the verdict it encodes (1 = parallel preferred, 0.5 = tie, 0 = serial)."""
    choice = score.details.get("choice")
    if choice not in _CHOICE_WORDS:
        return Text("no verdict", style="dim")
    text = Text(_CHOICE_WORDS[choice], style=_CHOICE_STYLES[choice])
    if score.details.get("consistent") is False:
        text.append(" (orders disagree)", style="dim")
    return text


def overview_table(scores: Sequence[Score]) -> Table:
    """One row per scorer: its headline figure, then its other figures."""
    table = Table(box=None, header_style="bold", expand=True, pad_edge=False)
    table.add_column("Scorer", no_wrap=True)
    table.add_column("Headline", no_wrap=True)
    table.add_column("Other figures", ratio=1)
    for scorer, figures in _by_scorer(scores).items():
        head, rest = figures[0], figures[1:]
        if scorer == JUDGE:
            headline = Text.assemble(f"{_figure_name(head)} ", judge_value_text(head))
            others = Text(" · ").join(Text.assemble(f"{_figure_name(s)} ", judge_value_text(s)) for s in rest)
        else:
            headline = Text(f"{_figure_name(head)} {figure_text(head)}")
            others = Text(" · ".join(f"{_figure_name(s)} {figure_text(s)}" for s in rest))
        table.add_row(literal(scorer, "bold"), headline, others)
    return table


def _dict_rows_table(name: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    """A list of records (an alignment, duplicates) as a small table, one column per field."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    table = Table(title=Text(_label(name), style="italic"), title_justify="left", box=None, header_style="bold",
                  pad_edge=False)
    for column in columns:
        table.add_column(_label(column), justify="right")
    for row in rows:
        table.add_row(*(literal(_value_text(column, row.get(column))) for column in columns))
    return table


def _details_parts(details: Mapping[str, Any], seen: set[str]) -> tuple[Text, list[Table]]:
    """Labelled scalar fields on one line, and one small table per list of records; a field already shown for
    another figure of the same scorer (`seen`, updated here) is not repeated."""
    fields = Text()
    tables: list[Table] = []
    for name, value in details.items():
        key = f"{name}={value!r}"
        if key in seen:
            continue
        seen.add(key)
        if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
            tables.append(_dict_rows_table(name, value))
            continue
        if fields:
            fields.append(" · ", style="dim")
        fields.append(f"{_label(name)} ", style="dim")
        fields.append_text(literal(_value_text(name, value)))
    return fields, tables


def figure_text(score: Score) -> str:
    """A figure's value: a flag as yes/no, a number to 3 decimals."""
    if score.name in FLAG_FIGURES and score.value is not None:
        return "yes" if score.value >= 0.5 else "no"
    return number(score.value)


def scorer_sections(scores: Sequence[Score]) -> list[RenderableType]:
    """One section per automatic scorer (the judge has its own table), headline figure first."""
    return [scorer_section(scorer, figures) for scorer, figures in sorted(_by_scorer(scores).items())
            if scorer != JUDGE]


def scorer_section(scorer: str, figures: Sequence[Score]) -> RenderableType:
    """A scorer's figures, each with its details as labelled fields and tables."""
    table = Table(box=None, header_style="bold", expand=True, pad_edge=False, show_header=False)
    table.add_column("Figure", no_wrap=True)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Details", ratio=1)
    extra: list[Table] = []
    seen: set[str] = set()
    for score in figures:
        fields, tables = _details_parts(score.details, seen)
        table.add_row(literal(_figure_name(score)), Text(figure_text(score)), fields)
        extra.extend(tables)
    return Group(Text(scorer, style="bold underline"), table, *extra)


def _order_winner(order: Mapping[str, Any]) -> str:
    """One order's winner ("A", "B", "tie") as the side it names."""
    winner = order.get("winner")
    if winner == "tie":
        return "tie"
    if winner not in ("A", "B"):
        return "—"
    a_is = order.get("a_is", "serial")
    other = "parallel" if a_is == "serial" else "serial"
    return a_is if winner == "A" else other


def judges_table(judge_scores: Sequence[Score], judgements: Sequence[Judgement]) -> Table:
    """Per criterion: the LLM judge's combined verdict and each order's, beside the blind human choices. A
    simulator's verdicts (they test the pipeline only) are headed so."""
    by_criterion = {score.name: score for score in judge_scores if score.aggregation == "concat"}
    simulated = any(map(judged_by_simulator, by_criterion.values()))
    humans: dict[str, Counter[str]] = defaultdict(Counter)
    for judgement in judgements:
        humans[judgement.criterion][judgement.choice] += 1
    table = Table(box=None, header_style="bold", expand=True, pad_edge=False)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("LLM judge (SIMULATED)" if simulated else "LLM judge")
    table.add_column("Serial as A")
    table.add_column("Parallel as A")
    table.add_column("Humans (blind A/B)")
    for criterion in CRITERIA:
        score = by_criterion.get(criterion)
        orders = {order.get("a_is"): order for order in (score.details.get("orders", []) if score else [])}
        cells = [literal(criterion, "bold"), judge_value_text(score) if score else Text("—", style="dim")]
        for side in ("serial", "parallel"):
            order = orders.get(side)
            cells.append(Text(_order_winner(order)) if order else Text("—", style="dim"))
        counts = humans.get(criterion)
        cells.append(Text(f"parallel {counts['parallel']} · tie {counts['tie']} · serial {counts['serial']}")
                     if counts else Text("—", style="dim"))
        table.add_row(*cells)
    return table


def judge_reasons(judge_scores: Sequence[Score]) -> Text:
    """The judge's reasons, per criterion and order, and any error."""
    out = Text()
    for score in judge_scores:
        if score.details.get("error"):
            out.append_text(literal(f"{score.name}: {score.details['error']}\n", "red"))
            continue
        for order in score.details.get("orders", []):
            if order.get("reason"):
                out.append(f"{score.name}, {order.get('a_is')} shown as A: ", style="dim")
                out.append_text(literal(str(order["reason"])))
                out.append("\n")
    out.rstrip()
    return out


def agreement_line(pairs: Sequence[tuple[str, str]], kappa: float | None, scope: str) -> Text:
    """How often humans and the LLM judge agree, with Cohen's kappa, or why there is nothing to compare."""
    if not pairs:
        return Text(f"Agreement ({scope}): needs both a human and an LLM judgement of the same run.", style="dim")
    agreed = sum(1 for human, machine in pairs if human == machine)
    figure = f"κ = {kappa:.2f}" if kappa is not None else "κ undefined (one label only)"
    return Text.assemble(("Agreement ", "bold"), f"({scope}): {figure}; same choice in {agreed} of {len(pairs)}")
