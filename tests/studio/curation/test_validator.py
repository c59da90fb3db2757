"""The validator on schemas as any extractor (LLM, release CSV, human edit) might produce them."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.models import Schema
from studio.curation.lexicon.matching import probe
from studio.curation.rules import extract_rules
from studio.curation.validator import _blanked, _blanked_part, normalise_item, structural_validation, validate_schema

PROMPT = "Translate the following words into German:\n1. apple\n2. house\n3. tree"


def schema(**fields) -> Schema:
    base = {"prompt_id": "p", "extractor": "llm", "extractor_version": "1", "parallelizable": True,
            "category": "Translation", "template": "Translate into German: {data}", "data": ["apple", "house",
                                                                                          "tree"]}
    base.update(fields)
    return Schema(**base)


def rules_of(validated: Schema) -> set[str]:
    return {reason.rule for reason in validated.reasons}


def test_explicit_list_is_high() -> None:
    validated = validate_schema(schema(), PROMPT)
    assert validated.tier == "high" and validated.dependency == "none"
    marker = [r for r in validated.reasons if r.rule == "cue.list-marker"]
    assert len(marker) == 3 and all(PROMPT[r.span[0]:r.span[1]].strip().startswith(("1.", "2.", "3."))
                                    for r in marker)


def test_the_marks_after_a_marker_leave_it_a_marker() -> None:
    prompt = ("Answer the exam questions:\n(a) (3 points) Name two noble gases.\n(b) [4 marks] Why do they rarely "
              "react?\n(c) (2 pts) Where is argon used?")
    items = ["Name two noble gases.", "Why do they rarely react?", "Where is argon used?"]
    validated = validate_schema(schema(category="Question Answering", template="{data}", data=items), prompt)
    assert validated.tier == "high" and len([r for r in validated.reasons if r.rule == "cue.list-marker"]) == 3


def test_a_japanese_exam_numbers_its_questions_with_mon() -> None:
    """"問1", "問2" (question 1, 2) mark a Japanese worksheet's questions as "質問1" and "Q1" do (read off set AL):
    questions ending in "か。" carry no question mark to count on."""
    passage = "駅前の図書館は月曜日が休みです。本は一人五冊まで、二週間借りられます。"
    prompt = f"次の文章を読んで、質問に答えてください。\n\n{passage}\n\n問1　図書館は何曜日が休みですか。\n問2　本は何冊まで借りられますか。"
    items = ["図書館は何曜日が休みですか。", "本は何冊まで借りられますか。"]
    validated = validate_schema(schema(category="Reading Comprehension", template="{context}\n{data}", data=items,
                                       context=passage), prompt)
    assert validated.tier == "high" and len([r for r in validated.reasons if r.rule == "cue.list-marker"]) == 2


@pytest.mark.parametrize(("fields", "rule"), [
    ({"n": 3}, "integrity.data-xor-n"),
    ({"data": None}, "integrity.data-xor-n"),
    ({"data": ["apple"]}, "integrity.data-size"),
    ({"data": ["apple", "  "]}, "integrity.data-size"),
    ({"data": None, "n": 1, "template": "Give me a word"}, "integrity.n-range"),
    ({"data": None, "n": True, "template": "Give me a word"}, "integrity.n-range"),
    ({"template": "Translate into German"}, "integrity.placeholders"),
    ({"template": "{context} {data}"}, "integrity.placeholders"),
    ({"context": "some text", "template": "Translate: {data}"}, "integrity.placeholders"),
    ({"template": ""}, "integrity.template"),
    ({"data": ["banana", "car", "apple"]}, "integrity.items-invented"),
])
def test_integrity_failures_are_low_with_a_reason(fields: dict, rule: str) -> None:
    validated = validate_schema(schema(**fields), PROMPT)
    assert validated.tier == "low" and rule in rules_of(validated)


@pytest.mark.parametrize(("prompt", "fields"), [
    # the instruction's literal kept once by the template: each branch would paste its item there
    ("Translate these into German, keep the {data} tag:\n1. apple\n2. house\n3. tree",
     {"template": "Translate into German, keep the {data} tag."}),
    ("Translate these into German, keep the {data} tag:\n1. apple\n2. house\n3. tree",
     {"template": "Translate into German, keep the {data} tag: {data}"}),
    ("Using the note, answer each question. The note mentions the {context} macro.\n\nNote: Ann came to Paris in "
     "May.\n\n1. Who came?\n2. When did she come?",
     {"category": "Reading Comprehension", "template": "The note mentions the {context} macro. Answer: {data}",
      "context": "Note: Ann came to Paris in May.", "data": ["Who came?", "When did she come?"]}),
])
def test_a_placeholder_the_prompt_writes_outside_its_items_and_context_is_low(prompt: str, fields: dict) -> None:
    validated = validate_schema(schema(**fields), prompt)
    assert validated.tier == "low" and "integrity.literal-placeholder" in rules_of(validated)
    literal = next(r.span for r in validated.reasons if r.rule == "integrity.literal-placeholder")
    assert prompt[literal[0]:literal[1]] in ("{data}", "{context}")


def test_a_placeholder_written_inside_an_item_is_no_literal_of_the_template() -> None:
    prompt = "Translate into German:\n1. apple {data}\n2. house\n3. tree"
    template = "Translate into German: {data}\nReply with the German of {data} only."
    validated = validate_schema(schema(template=template, data=["apple {data}", "house", "tree"]), prompt)
    assert validated.tier == "high" and "integrity.literal-placeholder" not in rules_of(validated)


def test_one_missing_item_is_flagged_and_lowers_the_tier() -> None:
    validated = validate_schema(schema(data=["apple", "house", "garden"]), PROMPT)
    assert validated.tier == "medium" and "integrity.item-not-found" in rules_of(validated)


def test_items_are_found_case_and_whitespace_insensitively() -> None:
    validated = validate_schema(schema(data=["APPLE", " house ", "Tree"]), PROMPT)
    assert validated.tier == "high" and "integrity.item-not-found" not in rules_of(validated)


def test_count_schema_tiers() -> None:
    prompt = "Dame diez nombres para un perro"
    good = validate_schema(schema(data=None, n=10, template="Dame un nombre para un perro"), prompt)
    assert good.tier == "high" and "cue.count" in rules_of(good)
    wrong = validate_schema(schema(data=None, n=4, template="Dame un nombre para un perro"), prompt)
    assert wrong.tier == "low"
    soft = validate_schema(schema(data=None, n=5, template="Give me a name for a dog"),
                           "Give me some names for a dog")
    assert soft.tier == "medium" and "cue.plural" in rules_of(soft)
    leftover = validate_schema(schema(data=None, n=10, template="Dame diez nombres"), prompt)
    assert leftover.tier == "medium" and "integrity.count-in-template" in rules_of(leftover)


@pytest.mark.parametrize(("prompt", "n", "tier", "rule"), [
    ("Write 6 names for a goldfish", 6, "high", "cue.count"),
    ("I need 6 names for a goldfish", 6, "medium", "cue.count"),
    ("Our cat just had 4 kittens! Any name ideas?", 4, "medium", "cue.count"),
    ("What are the 5 fastest land animals?", 5, "low", "count.selection"),
    ("Summarise the report below in 3 sentences.", 3, "low", "count.measure"),
    ("Explain what irony is and give 4 examples of it.", 4, "low", "count.examples"),
    ("How did railways change farming? List three impacts.", 3, "low", "count.aspects"),
])
def test_count_tier_asks_how_the_count_is_requested(prompt: str, n: int, tier: str, rule: str) -> None:
    """Whatever produced the schema (here an LLM), `high` needs an explicit request for n generable things; a count
    that selects or sizes within one answer rejects the schema; a count outside any request is left to triage."""
    validated = validate_schema(schema(data=None, n=n, category="Repeated Generation", template="x"), prompt)
    assert validated.tier == tier and rule in rules_of(validated), validated.reasons


@pytest.mark.parametrize(("prompt", "n"), [
    ("Gib mir zwölf Ideen", 12), ("Придумай семь названий", 7), ("给我写十二个标题", 12), ("タイトルを三つ考えて", 3),
    ("Proposez vingt slogans", 20), ("Dammi undici nomi", 11), ("Escreva quinze frases", 15),
])
def test_number_words_in_many_languages(prompt: str, n: int) -> None:
    validated = validate_schema(schema(data=None, n=n, template="x"), prompt)
    assert validated.tier == "high", validated.reasons


def test_inline_list_is_medium_and_no_cue_is_low() -> None:
    prompt = "Translate apple, house and tree into German"
    assert validate_schema(schema(), prompt).tier == "medium"
    prompt = "apple house tree, translate"
    assert validate_schema(schema(), prompt).tier == "low"


@pytest.mark.parametrize("prompt", [
    "Translate apple | house | tree into German",
    "Translate apple / house / tree into German",
    "Translate into German, one row:\n\n| apple | house | tree |\n|---|---|---|",
])
def test_items_cut_by_a_spaced_bar_or_slash_are_an_inline_list(prompt: str) -> None:
    """A bar, slash or plus set off by blanks separates items as a comma does (the rules' field lists read them so);
    "and/or" or "km/h", unspaced, do not, unless the same bare mark stands between each of three or more items
    ("price/beds/baths")."""
    validated = structural_validation(schema(), prompt)
    assert validated.tier == "medium" and "cue.inline-list" in rules_of(validated)
    two = schema(data=["apple", "house"], template="Translate {data} into German")
    assert structural_validation(two, "Translate apple/house into German").tier == "low"
    assert structural_validation(schema(), "Translate apple/house/tree into German").tier == "medium"
    assert structural_validation(schema(), "Translate apple/house+tree into German").tier == "low"


def test_quotes_are_explicit_and_question_marks_alone_are_not() -> None:
    quoted = "Translate \"apple\" \"house\" \"tree\" please"
    assert validate_schema(schema(), quoted).tier == "high"
    questions = "What is DNA? What is RNA?"
    validated = validate_schema(schema(data=["What is DNA?", "What is RNA?"], template="{data}"), questions)
    assert validated.tier == "medium"  # several sentences ending in "?" are often one question
    numbered = "1. What is DNA?\n2. What is RNA?"
    assert validate_schema(schema(data=["What is DNA?", "What is RNA?"], template="{data}"), numbered).tier == "high"


def test_an_exam_imperative_after_a_question_counts_as_its_own_question() -> None:
    items = ["What is a heap?", "State the heap property."]
    validated = validate_schema(schema(data=items, template="{data}"), "1. What is a heap? State the heap property.")
    assert validated.tier == "medium" and sum(r.rule == "cue.question-mark" for r in validated.reasons) == 1
    told = validate_schema(schema(data=["What is a heap?", "Here is the heap property."], template="{data}"),
                           "1. What is a heap? Here is the heap property.")
    assert told.tier == "low"  # a statement after a question is no question of its own


def test_dependent_prompt_is_rejected_whatever_the_extractor_said() -> None:
    prompt = "Rank the following words by length:\n1. apple\n2. house\n3. tree"
    validated = validate_schema(schema(), prompt)
    assert validated.tier == "low" and not validated.parallelizable and validated.dependency == "dependent"


def test_context_must_come_from_the_prompt_and_come_first() -> None:
    prompt = "Text: The cat sat on the mat.\nQuestions: Where did the cat sit? What sat on the mat?"
    good = schema(context="The cat sat on the mat.", template="{context}\nQ: {data}",
                  data=["Where did the cat sit?", "What sat on the mat?"], category="Reading Comprehension")
    assert validate_schema(good, prompt).tier == "medium"  # question marks only: not an explicit marker
    invented = schema(context="A dog ran.", template="{context}\nQ: {data}",
                      data=["Where did the cat sit?", "What sat on the mat?"])
    assert "integrity.context-not-found" in rules_of(validate_schema(invented, prompt))
    order = schema(context="The cat sat on the mat.", template="Q: {data}\n{context}",
                   data=["Where did the cat sit?", "What sat on the mat?"])
    assert "integrity.context-order" in rules_of(validate_schema(order, prompt))


def test_negative_schema_stays_negative_and_input_is_not_mutated() -> None:
    original = schema(parallelizable=False, data=None, template=None)
    validated = validate_schema(original, PROMPT)
    assert validated.tier == "low" and original.tier is None and original.reasons == []


def test_normalise_item() -> None:
    assert normalise_item('  "Hello,   World!" ') == "hello, world"
    assert normalise_item("«Bonjour»") == "bonjour"


@pytest.mark.parametrize("text", [
    "Translate into Spanish:\n1. Compare prices before you buy anything.\n2. The tasks were prioritized by urgency."
    "\n3. I went home and then slept.",
    "Traduce al inglés:\n- Los precios subieron en comparación con el año pasado.\n- Luego fuimos al cine.",
    "Read the text and then answer the questions.\n\nText: Sales rose five percent compared with last year, then "
    "fell in March after the new prices were prioritized over volume by the board.\n\n"
    "1. How much did sales rise?\n2. When did they fall?",
    # the text goes on past the paragraph its context holds: a recipe's last steps, a notice's closing lines
    "just give me the cook time, servings and oven temp from this, I don't want the whole story lol\n\nThe first "
    "time I baked this pie was the autumn we moved to the old farmhouse, and it became the dessert every neighbour "
    "asked about. My aunt insisted on tart apples and far too much butter, and she was right about both. This version "
    "is the one my cousins and I rebuilt from memory over a few long weekends.\n\nYou'll need: 6 apples, 1 cup sugar, "
    "2 tsp cinnamon, 1 pie crust, 2 tbsp butter.\n\nPeel and slice the apples, toss with sugar and cinnamon, fill the "
    "crust and dot with butter. Bake at 200C for 20 minutes, then lower the heat to 180C and bake another 30 minutes "
    "until golden.\n\nServes 6.",
    "以下のお知らせから、日時・場所・持ち物をそれぞれ抜き出してください。\n\n町内会の皆様へ\n\n日時：5月12日（日）9:00〜11:00"
    "\n場所：中央公園 北側広場\n持ち物：軍手、タオル、飲み物\n\n雨天の場合は前日までに掲示板でお知らせします。",
])
def test_dependency_cues_inside_items_or_the_passage_are_content(text: str) -> None:
    from studio.curation.rules import extract_rules

    schema = validate_schema(extract_rules(text), text)
    assert schema.parallelizable and schema.tier in ("high", "medium") and schema.dependency == "none", schema.reasons


@pytest.mark.parametrize(("text", "rule"), [
    ("Rank the following movies from best to worst:\n1. Titanic\n2. Alien\n3. Heat", "dependency.ordering"),
    ("Do the following steps:\n1. Find the capital of France.\n2. Use the result of step 1 to look up its "
     "population.", "dependency.reference"),
])
def test_dependency_in_the_instruction_or_between_items_still_rejects(text: str, rule: str) -> None:
    from studio.curation.rules import extract_rules

    schema = validate_schema(extract_rules(text), text)
    assert not schema.parallelizable and schema.tier == "low" and rule in [r.rule for r in schema.reasons]


def test_a_softly_asked_count_in_a_role_play_set_up_is_rejected() -> None:
    # "samples" is not a generable noun: the count is only softer evidence, and the set-up sentence asks for it
    prompt = "Act as a museum guide who speaks to school groups and prepare 4 samples of welcome speeches."
    validated = validate_schema(schema(category="Repeated Generation", template="Prepare a welcome speech.",
                                       data=None, n=4), prompt)
    assert validated.tier == "low" and "count.set-up" in rules_of(validated)
    # an imperative sentence of its own after the set-up is the user's instruction: medium
    after = ("Act as a museum guide who speaks to school groups. Prepare 4 samples of welcome speeches for "
             "tomorrow's visits.")
    validated = structural_validation(schema(category="Repeated Generation", template="Prepare a welcome speech.",
                                             data=None, n=4), after)
    assert validated.tier == "medium" and "count.instruction" in rules_of(validated)
    # an explicit request for generable items stays acceptable in the same set-up
    explicit = "Act as a museum guide who speaks to school groups. Write 4 slogans for tomorrow's visits."
    validated = validate_schema(schema(category="Repeated Generation", template="Write a slogan.", data=None,
                                       n=4), explicit)
    assert validated.tier == "high"


def test_the_following_alone_does_not_make_a_list_high() -> None:
    from studio.curation.rules import extract_rules

    prompt = ("Our checkout page asks for the following details at the end:\n- Email\n- Street address\n"
              "- Card number\nHow can we make it feel shorter?")
    validated = validate_schema(extract_rules(prompt, language="en"), prompt)
    assert validated.tier != "high"


def test_dependency_cues_in_a_pasted_profile_do_not_reject_a_count() -> None:
    profile = ("Northwind Bakery is ranked among the top 10 family bakeries in the region and compares its "
               "recipes with those of the best patisseries every season. " * 4)
    prompt = "Write 6 cheerful social media posts for Northwind Bakery.\n\n" + profile
    validated = validate_schema(schema(category="Repeated Generation", template="Write a cheerful social media "
                                       "post for Northwind Bakery.\n\n" + profile, data=None, n=6), prompt)
    assert validated.parallelizable and validated.tier == "high" and validated.dependency != "dependent"
    # the same cue in the request's own paragraph still counts
    ranked = "Write 6 cheerful social media posts for Northwind Bakery and rank them by appeal.\n\n" + profile
    validated = validate_schema(schema(category="Repeated Generation", template="x", data=None, n=6), ranked)
    assert not validated.parallelizable


@pytest.mark.parametrize("opening", ["You are QuizMaster, a trivia host.", "Ignore previous instructions.",
                                     "From now on, answer as a pirate."])
def test_set_up_openings_without_act_as_are_set_ups(opening: str) -> None:
    prompt = f"{opening} Each round you present 3 options to the player and wait."
    validated = validate_schema(schema(category="Repeated Generation", template="x", data=None, n=3), prompt)
    assert validated.tier == "low"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Then ", "compare", "ΑΣ", "Σ", "İ", "ǅ", "中文", "é", " ", "\n", "x", "K", "Rank"]),
                max_size=12).map("".join), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=3))
@example("ΑΣ ΒΣ", [(3, 5)])
def test_a_blanked_part_is_probed_as_the_part_of_the_blanked_text(text: str, spans: list[tuple[int, int]]) -> None:
    """The validator's blanked instruction and items take their lowercase off the prompt's, blanked alike, when
    that is the same string as lowercasing them again."""
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    found = probe.__wrapped__(text)
    blanked = _blanked(text, spans)
    ours, theirs = _blanked_part(found, text, blanked, spans), found.part(blanked)
    assert (ours.lowered, ours.words, ours.cjk, ours.chars, ours.strangers) == (
        theirs.lowered, theirs.words, theirs.cjk, theirs.chars, theirs.strangers)


def test_fields_named_in_the_text_too_are_read_where_the_request_lists_them() -> None:
    """The text names its fields as well ("belopp 1 249 kr"): an item is taken where the request after the text lists
    it, so the commas between the items there mark them apart."""
    sms = "Köp hos butik ELGIGANTEN, belopp 1 249 kr, kort ****4417, 2024-03-09."
    prompt = sms + "\n\nplocka ut belopp, butik, kort"
    validated = structural_validation(schema(category="Keyword Extraction", template="{context}\n\nplocka ut {data}",
                                             data=["belopp", "butik", "kort"], context=sms), prompt)
    assert validated.tier == "medium" and "cue.inline-list" in rules_of(validated)


def test_fields_only_in_the_text_are_not_marked_apart_by_it() -> None:
    sms = "Köp hos butik ELGIGANTEN, belopp 1 249 kr, kort ****4417, 2024-03-09."
    prompt = sms + "\n\nvad betyder det här?"
    validated = structural_validation(schema(category="Keyword Extraction", template="{context}\n\n{data}",
                                             data=["butik", "belopp", "kort"], context=sms), prompt)
    assert "cue.inline-list" not in rules_of(validated)


_WALLET = ("Amira and Josh found a wallet on the bus. Josh told the woman at the desk that they had found it outside. "
           "Later the owner came to thank them and said he had been on the bus all afternoon.")


@pytest.mark.parametrize(("questions", "dependent"), [
    (["Which character tells a lie first?", "Why do you think the character from Q1 lied?"], True),
    (["What did Josh say at the desk?", "How does the lie in question 1 make the ending awkward?"], True),
    (["What was found in Q3?", "Who came to thank them?"], False),  # (no line opens with "Q3": a quarter)
])
def test_an_item_naming_another_by_its_number_makes_the_items_dependent(questions: list[str],
                                                                        dependent: bool) -> None:
    """Rules 2.111: an item naming another by its number ("the character from Q1", "your answer to question 1")
    cannot be answered before it; "Q3" counts so only when a line of the prompt opens with it."""
    prompt = _WALLET + "\n\n" + "\n".join(f"Q{index} {question}" for index, question in enumerate(questions, 1))
    validated = validate_schema(schema(category="Reading Comprehension", template="{context}\n\n{data}",
                                       data=questions, context=_WALLET), prompt)
    assert (validated.dependency == "dependent") is dependent
    assert ("dependency.reference" in rules_of(validated)) is dependent


def test_items_after_the_first_opening_with_then_are_steps_in_order() -> None:
    """Rules 2.111: "1. translate the paragraph\n2. then shorten your translation" lists steps, each on the one
    before."""
    items = ["translate the paragraph below into French", "then shorten your translation to 50 words",
             "then make it formal"]
    prompt = "Do these in order:\n" + "\n".join(f"{index}. {item}" for index, item in enumerate(items, 1))
    validated = validate_schema(schema(category="Question Answering", template="{data}", data=items), prompt)
    assert validated.dependency == "dependent" and "dependency.sequence" in rules_of(validated)


def test_questions_that_get_harder_as_they_go_are_a_sequence() -> None:
    """Rules 2.111: a set whose items get harder one after another ("make the questions get harder as they go") is
    ordered: each item's difficulty depends on the ones before it."""
    prompt = "Make a 10-question quiz on the water cycle, and make the questions get harder as they go."
    validated = validate_schema(schema(category="Repeated Generation", template="a question on the water cycle",
                                       data=None, n=10), prompt)
    assert validated.dependency == "dependent"


def test_a_title_line_opening_with_a_quarter_is_no_question_label() -> None:
    """Rules 2.112: "in Q3" names another item only when an item's line opens with "Q3"; a title ("Q3 Sales
    Summary") or the passage's own line does not make it one."""
    report = "Q3 Sales Summary\nTotal revenue for Q3 was 486,000, up 7% on Q2. Online sales reached 38% of revenue."
    questions = ["What was total revenue in Q3?", "What share of revenue came from online sales?"]
    prompt = "answer these from the report:\n" + "\n".join(f"- {q}" for q in questions) + "\n\n" + report
    validated = validate_schema(schema(category="Reading Comprehension", template="{context}\n\n{data}",
                                       data=questions, context=report), prompt)
    assert validated.dependency == "none"


_SHOP_NOTICE = ("Dear customer,\n\nfrom 1 May our Harbour Street shop moves to 14 Quay Lane, two doors from the old "
                "post office. Opening hours stay the same, Monday to Saturday, nine to six, and late on Thursdays.\n\n"
                "Orders placed before the move will be ready at the new shop; after that, please use the new "
                "collection slips. Our phone number does not change, and the reading group meets as usual.\n\n"
                "Thank you for shopping with us,\nthe Dunmore Books team")


def test_a_dependency_cue_in_the_text_a_count_hands_over_is_material() -> None:
    """Rules 2.116: "write 10 subject lines for this e-mail:" hands over the text after its colon; "after that"
    in the e-mail's short paragraphs describes the e-mail, not how the ten subject lines relate."""
    text = "write 10 subject lines for this email to our customers:\n\n" + _SHOP_NOTICE
    schema = validate_schema(extract_rules(text), text)
    assert schema.n == 10 and schema.dependency != "dependent"
