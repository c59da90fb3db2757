"""Dependency detection in several languages."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation import dependency
from studio.curation.dependency import (
    _JOINT, _JOINT_CUE, _PAIR_THEN_COLON, DIMENSION_CUE, detect_dependency, pair_then_colon,
)
from studio.curation.lexicon import Cue, Probe, probe


@pytest.mark.parametrize("text", [
    "Plan a 3-day itinerary where each day builds on the day before",
    "Calculate x, then use the result to find y",
    "Write a follow-up to each answer based on the previous one",
    "Sort these cities by population: Paris, Rome, Berlin",
    "Rank the following movies from best to worst",
    "Compare Python, Java and Go",
    "Give me a running total of my expenses",
    "Write three chapters where each chapter continues the story",
    "Escribe tres párrafos y luego usa el resultado para un título",
    "Ordena estas palabras alfabéticamente",
    "Trie ces nombres du plus petit au plus grand",
    "Vergleiche diese drei Autos",
    "Welche Stadt ist im Vergleich am günstigsten: Berlin, Köln oder Bonn?",  # ("im" is German here)
    "Ordina queste città per popolazione",
    "Ordene estas tarefas por prioridade",
    "Отсортируй эти числа по возрастанию",
    "请把这些城市按人口排序",
    "これらの映画をランキングしてください",
    "이 단어들을 정렬해 주세요",
    "Write a story that includes the following words: moon, river, key",
    "First summarise the article, then translate the summary into French",
    "Follow these steps in order:\n1. Shorten the note below.\n2. Translate your short note into Dutch.",  # (2.120)
    # choosing one of the items, judging them as the same or different, ordering them by a count
    "Given the data below, identify the supplier with the highest rating and give its address",
    "Dados los siguientes datos, identifique la empresa con mayores ventas",
    "Ermitteln Sie aus den Angaben das Produkt mit dem höchsten Preis",
    "Are 'sofa' and 'couch' the same thing?",
    "We're comparing two laptops for the team; compare the Dell and the Lenovo for us",
    "Write 3 intros so I can pick one, then tell me which one you would pick",
    "以下の3つのうち、どちらを選ぶべきか教えてください",
    "你觉得猫和狗哪一个更适合老人养？",
    "Compte combien de fois chaque mot apparaît et classez les lignes dans l'ordre du nombre d'occurrences",
    "各単語の出現回数を数え、多い順に並べてください",
    "東京と大阪の違いについて説明してください",
    "Based on the first two statements, is the third statement true?",
    "Turn these notes into one paragraph",
    "Write a polite reply to this customer that answers all their questions in one email",
    "Fasse die Stichpunkte in einem Absatz zusammen",
    # how given things differ is a comparison; "from the first two" a sequence, in any language
    "Explain how a latte and a flat white are different from each other",
    "Ausgehend von den ersten beiden Aussagen: ist die dritte wahr?",
    "À partir des deux premières phrases, dis si la troisième est vraie",
    "Écris un titre à partir du résultat précédent",
])
def test_dependent(text: str) -> None:
    kind, reasons = detect_dependency(text)
    assert kind == "dependent"
    assert all(r.span is not None and 0 <= r.span[0] < r.span[1] <= len(text) for r in reasons)


@pytest.mark.parametrize("text", [
    "Give me 7 catchy slogans for a coffee shop",
    "Translate these sentences into French: hello, goodbye",
    "Choose the correct answer for each question below",
    "Ordnen Sie jede der folgenden Fragen einer dieser Kategorien zu",
    "请按顺序回答以下问题",
    "For each month, give the day with the highest temperature",
    "Write a sentence for each of these words: moon, river, key",
    "What sort of dog is best for a small flat?",
    "Compare the iPhone and the Pixel in terms of camera, battery and price",
    # the asker saying what they are doing: their own comparison, not one asked of the items
    "I'm comparing flats, so grab the rent, the deposit and the size from this listing",
    # the asker choosing among the outputs afterwards
    "Can you write 3 different intros for my video so I can pick one?",
    # outputs asked to differ: a constraint on each version (rules 2.58)
    "Write 4 taglines for my candle shop. Make them feel different from each other.",
    "Give me 3 opening lines; they should all be different from each other",
    # "from the text below" names the text, no earlier result (rules 2.58)
    "Réponds à ces questions à partir du texte suivant :",
    "Responde a partir del texto siguiente:",
    "Beantworte die Fragen ausgehend von dem Text unten",
    # the asker's own comparison (rules 2.59), typed without its apostrophe (2.74, set AN)
    "i'm building a comparison table, can u grab brand, model and price from this listing",
    "can you get the brand, the weight and the warranty from this listing im comparing a few",
])
def test_independent(text: str) -> None:
    assert detect_dependency(text) == ("none", [])


def test_aggregation() -> None:
    kind, reasons = detect_dependency("Translate each sentence and put them in a table")
    assert kind == "needs_aggregation" and reasons[0].rule == "dependency.aggregation"


@pytest.mark.parametrize("text", [
    "Read the text and then answer the questions below.",
    "First read the passage carefully, then answer the questions.",
    "Lee el texto y luego responde las preguntas.",
    "Zuerst den Text lesen, dann beantworte die Fragen.",
    "先阅读文章，然后回答问题。",
])
def test_reading_then_answering_is_not_a_dependency(text: str) -> None:
    assert detect_dependency(text)[0] == "none"


@pytest.mark.parametrize(("text", "rule", "found"), [
    # ", then" after a yes/no reply (or "if so") closes a condition on the reply, not a step
    ("Can you suggest 5 names for my bike shop? If yes, then keep each one short.", "dependency.sequence", False),
    ('Write 4 taglines for a tea brand and ask me "Happy?". If the answer is "No", then write 4 new ones.',
     "dependency.sequence", False),
    ("Could you draft 3 short bios? If so, then keep each under 50 words.", "dependency.sequence", False),
    ("Suggest 6 riddles for a party. Tell me if they fit; if no, then try 6 jokes.", "dependency.sequence", False),
    ("Give me 4 taglines for a tea brand. If you like them, then pick the best one.", "dependency.sequence", True),
    ("Name a colour, then give me a fruit of that colour.", "dependency.sequence", True),
    ("Write a short poem and then translate it into Spanish.", "dependency.sequence", True),
    # an order of the letters or digits inside each item is no order between the items
    ("Give me 5 words whose letters are in alphabetical order, like 'billowy'.", "dependency.ordering", False),
    ("Sort the letters of each word alphabetically: lemon, grape, mango", "dependency.ordering", False),
    ("List 6 numbers whose digits are sorted in increasing order.", "dependency.ordering", False),
    ("List 5 rivers of Europe in alphabetical order.", "dependency.ordering", True),
    ("Sort these words by how many letters they have: lemon, fig, banana", "dependency.ordering", True),
    ("Put the letters of the alphabet aside and rank these cities by size: Oslo, Lima, Pune", "dependency.ordering",
     True),
    # the order the prompt gives is how the answers are laid out, which joining the parts in order keeps (rules 2.71)
    ("Extract these keys: name, city, year. Return JSON, keys in the order given.", "dependency.ordering", False),
    ("Answer the questions below in the order they appear.", "dependency.ordering", False),
    ("Translate the phrases in the order listed: hello, good night, thank you", "dependency.ordering", False),
    ("List these cities in the order of their population: Oslo, Lima, Pune", "dependency.ordering", True),
    ("Put the steps in the order you would do them: rinse, soap, dry", "dependency.ordering", True),
    # a quiz's choice within each question is no choice among the questions (rules 2.72, set AH)
    ("Read the story and choose the best answer (A, B, C or D) for each question.", "dependency.ordering", False),
    ("Select the best option for each sentence below.", "dependency.ordering", False),
    ("Here are four names for my café. Pick the best option.", "dependency.ordering", True),
    ("Choose the best answer among these three drafts.", "dependency.ordering", True),
    # "then" turning the explanation asked before to another audience asks for no earlier answer
    ("Explain inflation to a ten-year-old, then to an economist.", "dependency.sequence", False),
    ("Describe a black hole for a child.\n\nAnd then,\n\nDescribe it for an astronomer.", "dependency.sequence", False),
    ("Explain inflation to a ten-year-old, then write a quiz for an economist.", "dependency.sequence", True),
    ("Summarise the report, then explain it to a new hire.", "dependency.sequence", True),
    # English "anterior" after an article or a preposition is anatomy; Spanish and Portuguese "anterior" is "previous"
    ("Give me 8 hashtags for a clip about anterior knee pain.", "dependency.sequence", False),
    ("List 4 stretches for the anterior shoulder.", "dependency.sequence", False),
    ("Escribe 3 frases nuevas basándote en la respuesta anterior.", "dependency.sequence", True),
    ("Reescreva o parágrafo anterior em 2 versões.", "dependency.sequence", True),
])
def test_cues_that_only_look_like_steps_or_orders(text: str, rule: str, found: bool) -> None:
    assert any(reason.rule == rule for reason in detect_dependency(text)[1]) == found


def test_references_between_items() -> None:
    from studio.curation.dependency import item_references

    assert item_references("1. Find the capital of France.\n2. Use the result of step 1 to find its population.")
    assert not item_references("1. Compare prices before you buy.\n2. Then go home.")
    # a patent's dependent claims each point back at the first
    assert item_references("1. A lamp holder with a spring clip.\n2. The holder according to claim 1, made of brass.")


@pytest.mark.parametrize(("text", "dependent"), [
    ("Write 6 landing-page headlines for a bakery; they will be interlinked with each other on the site.", True),
    ("Create 3 small Python services that send each other status messages every minute.", True),
    ("Design 4 chatbot personas who talk to each other in one group chat.", True),
    ("Invent 8 villagers for my tabletop game; each should know one of the other characters in the list.", True),
    ("Make up 5 suspects for a locked-room mystery; give each a secret about one of the other characters.", True),
    # a property of each output, or people in a pasted text, not a link between the outputs
    ("Suggest 3 font pairings and say why the two fonts complement each other.", False),
    ("Give me 5 tips for a club where members respect each other.", False),
    ("Suggest 4 warm-up games for a class whose pupils do not know each other yet.", False),
    # the assistant's answer a later turn points at: context every part may read, no part's input
    ("Brainstorm 20 more gift ideas that were not in your previous answer.", False),
    ("Now give me 6 slogans in the tone of the last answer.", False),
    ("Write 5 new taglines, different from the ones in your prior response.", False),
    # the answer as a step's input, or each part on the one before
    ("Find the derivative of x^2. Then, using your previous answer, find the slope at x = 3.", True),
    ("Write 4 taglines based on your previous answer.", True),
    ("Write 3 paragraphs, each building on the previous one.", True),
    ("Answer question 1, and use the previous answer to answer question 2.", True),
])
def test_outputs_that_refer_to_each_other_or_to_the_answer_given_before(text: str, dependent: bool) -> None:
    assert (detect_dependency(text)[0] == "dependent") == dependent


@pytest.mark.parametrize("text", [
    "Cluster these product names by what shoppers would search for:\nhiking boots\ntrail shoes\nrain jacket",
    "Agrupa los siguientes animales según su hábitat: delfín, camello, pingüino, lobo",
])
def test_clustering_the_items_is_one_joint_task(text: str) -> None:
    assert detect_dependency(text)[0] == "dependent"


_PIECES = st.lists(st.sampled_from([
    "compare", " ", "  ", "\n", "A", "and", "or", "vs.", "x", "Y", "und", "и", ":", "：", ",", "price", "in terms of",
    "In Terms Of", "regarding", "REGARDING", "with respect to", "с точки зрения", "в плане", "在", "、", "方面", "の観点",
    "で", "bezüglich", "İ", "ſ", "Σ", "é", "\t",
]), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(_PIECES, st.integers(0, 40))
@example("compare Apples and pears: price", 3)
@example("AB and C: x", 1)
def test_a_pair_before_a_colon_is_found_as_its_regex_finds_it(text: str, pos: int) -> None:
    """`pair_then_colon` tries the regex from words' starts only (and at `pos`), and not at all where no colon follows
    `pos`: the same first match."""
    pos = min(pos, len(text))
    expected, found = _PAIR_THEN_COLON.search(text, pos), pair_then_colon(text, pos)
    assert (expected and expected.span()) == (found and found.span())


# The search `pair_then_colon` made before it tried the regex only before conjunctions: at `pos`, then from every
# word's start.
_PAIR_AT_WORD = re.compile(r"(?<!\S)" + _PAIR_THEN_COLON.pattern, re.IGNORECASE)
_PAIR_PIECES = st.lists(st.sampled_from([
    "compare", " ", "  ", "\n", "\t", "\u3000", "\xa0", "A", "and", "AND", "e", "et", "y", "und", "и", "или", "or",
    "vs", "vs.", "versus", "x", ":", "：", ",", "ſ", "K", "İ", "é", " and ", " e ",
]), max_size=16).map("".join)


@settings(max_examples=600, deadline=None)
@given(_PAIR_PIECES, st.integers(0, 40))
@example("a and b: c", 0)
@example("  and b: c", 0)
@example("xa and b: c", 1)
@example("a\u3000vs.\tb : c", 0)
@example("a and and b: c", 2)
def test_a_pair_is_tried_before_conjunctions_as_from_every_word(text: str, pos: int) -> None:
    """`pair_then_colon` tries its regex at `pos` and before each conjunction only: the match the search from every
    word's start found."""
    pos = min(pos, len(text))
    has_colon = ":" in text[pos:] or "：" in text[pos:]
    expected = (_PAIR_THEN_COLON.match(text, pos) or _PAIR_AT_WORD.search(text, pos)) if has_colon else None
    found = pair_then_colon(text, pos)
    assert (expected and expected.span()) == (found and found.span())


@settings(max_examples=400, deadline=None)
@given(_PIECES, st.integers(0, 40))
@example("Compare them In Terms Of price", 3)
@example("在价格、速度等方面比较", 0)
def test_the_dimension_cue_is_found_as_its_regex_finds_it(text: str, pos: int) -> None:
    """`DIMENSION_CUE` tries its regex only where one of its phrases starts in the lowercase (given or not)."""
    pos = min(pos, len(text))
    regex = re.compile(DIMENSION_CUE.regex.pattern, re.IGNORECASE)
    expected = regex.search(text, pos)
    for found in (DIMENSION_CUE.search(text, pos), DIMENSION_CUE.search(text, pos, found=probe(text))):
        assert (expected and expected.span()) == (found and found.span())


@pytest.mark.parametrize(("text", "dependent"), [
    ("What's the average rainfall in summer, in winter and overall?", False),
    ("Give me the average daily temperature during July.", False),
    ("What is the average of these scores: 70, 82 and 91?", True),
    ("Tell me the average monthly rent of these three flats.", True),
    ("Calculate the average.", True),
])
def test_the_average_of_the_items_against_the_average_quantity_asked_of_each(text: str, dependent: bool) -> None:
    assert (detect_dependency(text)[0] == "dependent") is dependent


@pytest.mark.parametrize("gap", [" ", "\t" * 5_000, " \t " * 2_000])
def test_first_then_is_found_across_a_long_run_of_blanks(gap: str) -> None:
    """The run between the steps is read once (its quantifiers are possessive), and the steps are still found."""
    label, reasons = detect_dependency(f"First list the planets{gap}and then sort them by size.")
    assert label == "dependent" and any(reason.rule == "dependency.sequence" for reason in reasons)
    label, _ = detect_dependency(f"First read the passage{gap}and then answer the questions.")
    assert label == "none"  # "then answer" after reading is no dependency, however far apart


def test_first_without_then_before_a_long_run_reads_the_run_once() -> None:
    """The gap after "first" may end at any of 120 positions inside the run: the run is read from its start only
    (each position read the rest of a 100,000-character run: 65 ms)."""
    text = "First, at the stop 5 got off" + "\t" * 100_000
    assert detect_dependency(text)[0] == "none"
    assert detect_dependency(text + " then 6 got on.")[0] == "dependent"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "   ", "\t", "\n", ",", ".", "first", "First", "and", "then", "answer", "x"]),
                max_size=16).map("".join))
@example("first x , \t and   then ,  answer")
@example("first x \t\t  then y")  # (the gap's lazy end inside the run: the run's start already tried it)
@example("first\t\tand then y")
def test_the_possessive_first_then_matches_as_the_plain_one(text: str) -> None:
    from studio.curation.dependency import _FIRST_THEN
    from tests.studio.curation.rules.support import assert_matches_alike, plain_form

    assert_matches_alike(_FIRST_THEN, plain_form(_FIRST_THEN), text)


_NOISE = st.lists(st.sampled_from(["x", "_", "-", "1", "ſ", "İ", "K", ".", "\n", " ", " the", " these"]), max_size=3)
# a request for one artifact in the shape of a branch of `_JOINT` (its verb, article, a few words and what the artifact
# holds), noise between
_JOINT_SHAPES = {
    "en": (["Write", "make", "give me", "Tell"], [" a ", " an ", " one "],
           [" that includes", " which uses", " including", " using all", " using each", " with all",
            " with the following", " with these", " about all", " with them", " usingx"]),
    "es": (["escribe", "crea"], [" una ", " un "], [" que use", " con las", " con estos", " usando"]),
    "fr": (["écris", "crée"], [" une ", " un "], [" qui contient", " avec les", " avec ces", " utilisant"]),
    "de": (["schreibe", "erstelle"], [" eine ", " einen "], [" mit den", " mit allen", " die Wörter enthält",
                                                          " unter verwendung"]),
    "it": (["scrivi", "inventa"], [" una ", " un "], [" che usi", " con i", " con queste", " usando"]),
    "pt": (["escreva", "crie"], [" uma ", " um "], [" que inclua", " com os", " com estas", " usando"]),
    "ru": (["напиши", "придумай"], [" "], [" используя", " со следующими", " включающий"]),
}
_JOINT_PIECES = st.sampled_from(sorted(_JOINT_SHAPES)).flatmap(lambda language: st.tuples(
    _NOISE, st.sampled_from(_JOINT_SHAPES[language][0]), st.sampled_from(_JOINT_SHAPES[language][1]), _NOISE,
    st.sampled_from([" story", " poem", " рассказ", ""]),
    st.sampled_from([*_JOINT_SHAPES[language][2], "", " les", " these"]),
    _NOISE,
)).map(lambda parts: "".join("".join(part) if isinstance(part, list) else part for part in parts))


@settings(max_examples=1000, deadline=None)
@given(_JOINT_PIECES)
@example("Write a story that includes these words")
@example("Write a story with these")
@example("Write a poem using each of them")
@example("Write a story with the following words")
@example("Schreibe eine Geschichte, die alle Wörter enthält")
@example("Write a story with them")
@example("Write a poem uſing all of them")
@example("напиши рассказ используя слова")
def test_the_joint_cue_finds_what_it_found_without_its_companion_words(text: str) -> None:
    """A prompt holding none of the words every match of `_JOINT` holds is not searched: the same first match as
    the cue tried at each trigger (the replaced search)."""
    tried_at_each_trigger = Cue(_JOINT, _JOINT_CUE.triggers)
    expected, found = tried_at_each_trigger.search(text, probe(text)), _JOINT_CUE.search(text, probe(text))
    assert (expected and expected.span()) == (found and found.span())


class _Unnarrowed:
    """`dependency._CUES` as it was before the probe was narrowed: every cue asks the prompt's own probe."""

    @staticmethod
    def narrowed(found: Probe) -> Probe:
        return found


# cue words and phrases of every kind (CJK ones among them), companions, strangers, and words of no cue
_CUE_PIECES = st.lists(st.sampled_from([
    "then", " and then ", ", then ", "first", "First", "rank", "order them", "compare", "versus", "in terms of",
    "each day builds on", "the previous one", "the day before", "with the highest", "which is better", "running total",
    "the average", " rainfall", "in a table", "combine them", "write a story", " that includes", " all", " these",
    "into one paragraph", "explain it to a child", " to a teacher", "letters", " in alphabetical order",
    "then use the result", "interlinked with each other", "each", "every", " and ", " or ", ":", ", ", ". ", "\n",
    " ", "x", "İ", "ſ", "é", "然后", "首先", "比较", "排序", "哪个更好", "总结", "汇总", "在", "、", "方面", "まず", "次に",
    "その後", "그 다음", "用上一步", "前の", "累计", "一段话", "中文",
]), max_size=18).map("".join)


@settings(max_examples=500, deadline=None)
@given(_CUE_PIECES, st.integers(0, 60), st.integers(0, 60))
@example("首先总结，然后比较哪个更好", 0, 0)
@example("Compare A and B in terms of price, then rank them", 0, 0)
@example("write a ſtory that includes all of these", 0, 0)
def test_dependency_cues_asked_of_a_narrowed_probe_answer_as_asked_of_the_prompts(
        text: str, cut: int, length: int) -> None:
    """`detect_dependency` narrows the probe to its cues' words and CJK phrases once: the same kind and reasons as
    every cue asking the prompt's own probe (the replaced code), for the prompt and for a part of it probed as the
    validator probes one (the prompt's words and characters standing in for the part's)."""
    found = probe.__wrapped__(text)
    assert all((cue.search(text, found) and cue.search(text, found).span())
               == (cue.search(text, dependency._CUES.narrowed(found))
                   and cue.search(text, dependency._CUES.narrowed(found)).span())
               for cue in _GROUPED_CUES)
    part = text[:cut] + " " * min(length, len(text) - cut) + text[cut + length:]
    for checked, checked_probe in ((text, None), (text, found), (part, found.part(part))):
        narrowed = detect_dependency(checked, checked_probe)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dependency, "_CUES", _Unnarrowed)
            assert narrowed == detect_dependency(checked, checked_probe)


_GROUPED_CUES = (*(cue for _, cue, _, _ in dependency._DEPENDENT_KINDS), dependency._CHOICE, dependency.COMPARISON,
                 dependency._JOINT_CUE, dependency._ONE_OUTPUT, dependency._AGGREGATION)


def test_every_cue_of_dependency_detection_is_in_the_group_its_probe_is_narrowed_to() -> None:
    """A cue left out of `_CUES` would be asked a probe without its words: it would never match."""
    cues = {*_GROUPED_CUES, *(value for value in vars(dependency).values() if isinstance(value, Cue))}
    for cue in cues - {dependency._REFERENCE}:  # (`item_references` asks the prompt's own probe)
        assert cue.triggers | cue.companions <= dependency._CUES.words
        assert all(phrase in dependency._CUES.cjk.get(first, ()) for first, group in cue.cjk.items()
                   for phrase in group)


@pytest.mark.parametrize("instruction", [
    "Quale di queste recensioni è la migliore per la homepage? Scegline una sola.",
    "Classe ces avis du plus négatif au plus positif.",
    "¿Cuál de estos títulos es el más claro?",
    "Welcher dieser Slogans passt am besten?",
    "Qual destes nomes soa melhor?",
])
def test_choosing_one_of_these_or_ranking_them_in_other_languages(instruction: str) -> None:
    """Rules 2.117: "which of these" and "from most negative to most positive" in Italian, French, Spanish, German
    and Portuguese choose among the items or rank them, as in English."""
    assert detect_dependency(instruction)[0] == "dependent"
