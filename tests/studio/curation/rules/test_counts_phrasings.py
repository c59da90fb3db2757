"""Count requests in phrasings the count rule had not been shown (round 3, from reading unlabelled real first turns):
a typing slip in the verb, "can I have", "provide me with", "only"/"exactly", "the N questions I should ask", a count
restating the object after a comma, outputs spread "on N different topics", "a 10 question quiz"; round 4, from
later turns: "N more" asking for more of the outputs just given ("8 more", "please do 6 more", "Add 4 more riddles"),
"find me N more", "share with me N", "can we write N", the singular's article before a restated object; next to the
single tasks of the same shapes that must stay one task."""

from __future__ import annotations

import pytest

from studio.curation.lexicon.matching import probe
from studio.curation.lexicon.numbers import number_words
from studio.curation.rules.counts import Count, _misspelt_request, _one_slip, assess_counts
from tests.studio.curation.rules.support import not_proposed, proposed, rejected


@pytest.mark.parametrize(("text", "n", "tier", "template"), [
    ("Sugest 6 names for a corner bakery in Leeds", 6, "high", "Sugest a name for a corner bakery in Leeds"),
    ("Recomend 8 podcast topics about urban gardening", 8, "high", "Recomend a podcast topic about urban gardening"),
    ("could you genrate 5 slogans for a bike shop?", 5, "high", "could you genrate a slogan for a bike shop?"),
    ("can i have 12 examples of haiku about rain", 12, "high", "can i have an example of haiku about rain"),
    ("Could we get 4 names for our chess club?", 4, "high", "Could we get a name for our chess club?"),
    ("Provide me with 7 ideas for a science fair project", 7, "high",
     "Provide me with an idea for a science fair project"),
    ("Give me exactly 5 titles for a mystery novel", 5, "high", "Give me exactly a title for a mystery novel"),
    ("Write only 3 jokes about penguins", 3, "high", "Write only a joke about penguins"),
    ("What are the 6 questions I should ask a landlord before renting", 6, "high",
     "What are a question I should ask a landlord before renting"),
    ("Suggest the three questions that we could ask at a job fair", 3, "high",
     "Suggest a question that we could ask at a job fair"),
    ("Could you propose our podcast title, maybe 6 titles?", 6, "high",
     "Could you propose our podcast title, maybe a title?"),
    ("write short poems for children on five different farm animals", 5, "medium",
     "write short poems for children on a farm animal"),
    ("Create a 8 question true or false quiz about volcanoes", 8, "medium",
     "Create a 1 question true or false quiz about volcanoes"),
    ("8 more", 8, "medium", "one more"),
    ("12 more please, shorter this time", 12, "medium", "one more please, shorter this time"),
    ("6 more about cats?", 6, "medium", "one more about cats?"),
    ("Please do 7 more", 7, "medium", "Please do one more"),
    ("love these, do 9 more", 9, "medium", "love these, do one more"),
    ("Could you do 4 more riddles for the kids?", 4, "medium", "Could you do a riddle for the kids?"),
    ("Add 4 more riddles", 4, "medium", "Add a riddle"),
    ("add 3 more in the same style", 3, "medium", "add one more in the same style"),
    ("find me 6 more podcasts", 6, "medium", "find me a podcast"),
    ("Could we write 5 more? Keep them rhyming", 5, "medium", "Could we write one more? Keep them rhyming"),
    ("nice list, can you share with me 15 more names?", 15, "high", "nice list, can you share with me a name?"),
    ("recommend a band name, maybe 9 names", 9, "high", "recommend a band name, maybe a name"),
    ("Please suggest a catchy shop name, about 5 names", 5, "high", "Please suggest a catchy shop name, about a name"),
])
def test_new_phrasings_ask_for_n_items(text: str, n: int, tier: str, template: str) -> None:
    schema = proposed(text, "en")
    assert schema.category == "Repeated Generation" and schema.n == n and schema.tier == tier
    assert schema.template == template


@pytest.mark.parametrize("text", [
    "How can I have two Github profiles on one laptop?",  # asks how, about accounts
    "can i have 3 monitors on a small desk without clutter",  # nothing generable is asked for
    "He created 5 poems last spring and sold them",  # an inflection, not a slip
    "Created 4 folders, now what should I do with them?",
    "What are the 5 files I should delete from my laptop first",  # "the" selects among existing files
    "What are the 5 best books I should read this summer",  # a ranked selection
    "Write an essay on three different causes of the French revolution",  # one essay
    "Give me exactly 5 minutes of your attention",  # a measure stays a measure
    "Can you suggest a gift for my sister, about 30 dollars?",  # the count is no restated object
    "Add 3 more columns to the table",  # more parts of one artifact
    "Translate this paragraph into Greek. Add 2 more sentences at the end.",  # adds to the one translation
    "and then 7 more fire damage from the sword",  # a statement about the game
    "I still have 4 more chapters to read",  # no request
    "find 3 more errors in this code",  # found in the text, not asked of the model for the user
    "We can write 10 ideas for you tomorrow",  # "we" states
])
def test_the_same_shapes_that_stay_one_task(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("word", "verb", "slip"), [
    ("recommned", "recommend", True), ("recomend", "recommend", True), ("reccommend", "recommend", True),
    ("sugest", "suggest", True), ("craete", "create", True), ("creat", "create", True),
    ("create", "create", False), ("crete", "create", True), ("provider", "provide", True),
    ("gnerate", "generate", True), ("xreate", "create", False), ("cretae", "create", True), ("careat", "create", False),
])
def test_one_slip_is_one_edit_or_one_swap(word: str, verb: str, slip: bool) -> None:
    assert _one_slip(word, verb) is slip


def test_a_misspelt_verb_counts_only_opening_the_request() -> None:
    assert _misspelt_request("please recommned ") == (7, 16)
    assert _misspelt_request("I liked the recommned ") is None  # not the request's opening word
    assert _misspelt_request("recommended ") is None  # an inflection of the verb, no slip
    assert _misspelt_request("wrote ") is None  # short verbs ("write") are not read for slips


def test_a_generable_heading_keeps_its_heading_evidence() -> None:
    """ "5 more slogans for the gym" reads as a heading already: "more" does not make it a weak request."""
    text = "5 more slogans for the gym"
    count = next(assessed for assessed in assess_counts(text, number_words("en"), probe(text))
                 if isinstance(assessed, Count))
    assert count.heading and count.evidence == "a heading, generable “slogans”"


# Round 7 (session 23, recall on the train misses): outcomes of a topic asked for in the prompt's first sentence by a
# telling or generation verb ("tell me 10 bad consequences of X": the aspect refusal yields), "a list with N", and
# "vocab" as a counted noun; next to the shapes of the same words that stay one task.
@pytest.mark.parametrize(("text", "n", "tier", "template"), [
    ("ok, please tell me 7 surprising consequences of skipping breakfast", 7, "medium",
     "ok, please tell me a surprising consequence of skipping breakfast"),
    ("could you write 6 benefits of learning to swim as an adult?", 6, "medium",
     "could you write a benefit of learning to swim as an adult?"),
    ("Give me 12 drawbacks of working night shifts", 12, "medium", "Give me a drawback of working night shifts"),
    ("Send me a list with 25 hobbies that cost nothing, with a line on each", 25, "medium",
     "Send me a hobby that cost nothing, with a line on each"),
    ("40 german vocab for a trip to Berlin", 40, "medium", "a german vocabulary word for a trip to Berlin"),
    ("give me 15 japanese vocab about the kitchen", 15, "high",
     "give me a japanese vocabulary word about the kitchen"),
    ("What is 8 issues of public transport in my town?", 8, "medium",
     "What is an issue of public transport in my town?"),
    ("ok what is 6 ways to cut my grocery bill", 6, "high", "ok what is a way to cut my grocery bill"),
])
def test_outcomes_lists_with_and_vocab_ask_for_n_items(text: str, n: int, tier: str, template: str) -> None:
    schema = proposed(text, "en")
    assert schema.category == "Repeated Generation" and schema.n == n and schema.tier == tier
    assert schema.template == template


@pytest.mark.parametrize("text", [
    "How did the steam engine change city life? Tell me three effects of it.",  # after a question: one answer
    "Why is sleep important? Write 5 benefits of sleep.",  # after a question
    "List 4 consequences of deforestation",  # a recall verb
    "Give me 6 advantages and disadvantages of nuclear power",  # coordinated aspects
    "tell me 5 advantages and 5 disadvantages of working from home",  # two coordinated counts
    "Write three impacts.",  # no topic of its own
    "Our team wrote 4 benefits of the plan yesterday, can you check them?",  # no request for the count
    "I have a list with 40 names, sort them by surname",  # the user's list, not a request
    "create a table with 4 meals per day for a week",  # a table sized by its rows: one plan
    "I studied 30 vocab today, quiz me on them",  # a statement
    "What is 14 inches in centimetres?",  # a conversion: "is" is right
    "What is 9 plus 16?",  # a sum
    "The sign said what is 7 ways in big letters",  # "what is" inside a statement
])
def test_the_same_words_that_stay_one_task(text: str) -> None:
    not_proposed(text, "en")


@pytest.mark.parametrize("text", [
    "What is 10 Things I Hate About You about?",
    "What is 7 habits of highly effective people about?",
    "What is 3 things in German?",
    "What is 4 skills in the new curriculum called?",
])
def test_what_is_a_titled_count_asks_about_one_thing(text: str) -> None:
    """ "What is N <things>" asks for the list only when N things are not a title (capitalised) nor the subject of a
    question about the name itself ("… about?", "… called?", "… in German?")."""
    not_proposed(text, "en")


@pytest.mark.parametrize("text", ["Mi servono 6 slogan per la mia pizzeria a Napoli. Tono allegro, frasi brevi.",
                                  "Mi serve 6 slogan per la mia pizzeria a Napoli."])
def test_an_italian_need_asks_for_n_items_at_most_medium(text: str) -> None:
    """ "Mi servono" (I need) states a need, as "ho bisogno di" does: a weak request, so medium at most."""
    schema = proposed(text, "it")
    assert schema.category == "Repeated Generation" and schema.n == 6 and schema.tier == "medium"


# -- rules 2.66: bare counts --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "n", "template"), [
    ("brainstorm some story ideas for my novel - six of them, each one paragraph", 6,
     "brainstorm a story idea for my novel, each one paragraph"),
    ("need names for a bakery in a small town. cozy, not cheesy. give me like twenty", 20,
     "need a name for a bakery in a small town. cozy, not cheesy."),
    ("suggest some slogans for my gym, maybe 8.", None, None),  # (digits before a period are no count token)
    ("those were too long. another 5 please, shorter and funnier", 5, "those were too long. another one, shorter "
                                                                       "and funnier"),
])
def test_a_bare_count_asks_for_the_things_named_before_it(text: str, n: int | None, template: str | None) -> None:
    """A count with no noun after it, standing in a clause of asking words ("give me like twenty", "- six of
    them", "another 5"), asks for that many of the generable things the request named before it: medium, with the
    count's words out of the singular template."""
    if n is None:
        not_proposed(text, "en")
        return
    schema = proposed(text, "en")
    assert schema.category == "Repeated Generation" and schema.n == n and schema.tier == "medium"
    assert schema.template == template


@pytest.mark.parametrize("text", [
    "give me some names for my cat. she is about 10 and sleeps all day",  # a statement, not asking words
    "For each step, generate 1) tips, 2) problems or fears, and 4) examples of the outcome",  # a part's number
    "I wrote these ideas down, about 12 of them, and now I am stuck",  # no request before the things
])
def test_a_count_without_a_noun_asks_for_nothing_otherwise(text: str) -> None:
    assert not any(isinstance(assessed, Count) and assessed.rule == "count.bare"
                   for assessed in assess_counts(text, number_words("en"), probe(text)))


def test_a_generable_heading_may_go_on_with_a_participle() -> None:
    """A count heading a verbless request may go on with "using", "featuring" ...: the outputs' content, not a
    statement about them ("3 answers seem few"); with "each" after it, the count sizes what is written for each thing
    named, not n interchangeable outputs (a later turn in session 46)."""
    assert proposed("twelve example sentences using the word 'albeit' for my ESL class, intermediate level").n == 12
    not_proposed("list of 3 sentences using each idiom, as a table")
    not_proposed("3 example sentences using every phrasal verb above")


@pytest.mark.parametrize("text", [
    "6 tweet ideas promoting our library's summer reading challenge for kids pls",
    "5 instagram captions announcing our new vegan menu",
])
def test_a_count_heading_going_on_with_a_participle_after_two_nouns(text: str) -> None:
    """Rules 2.111: the heading's noun phrase ends at a participle saying what the outputs hold ("6 tweet ideas
    promoting ..."), after a noun of two words as after one ("5 slogans promoting ...")."""
    schema = proposed(text)
    assert schema.category == "Repeated Generation" and schema.n == int(text[0])


def test_outputs_no_two_of_which_may_share_a_word_are_one_set() -> None:
    """Rules 2.112: "no two names can use the same word": each name is made against all the others, not alone."""
    not_proposed("need 6 team names for the office quiz night, theme is space, and no two names can use the same "
                 "word. make them a bit funny")


@pytest.mark.parametrize(("text", "n"), [
    ("viết giúp mình 6 caption bán hàng cho dòng son kem lì mới, giọng vui vẻ, có emoji", 6),
    ("Cho tôi 10 ý tưởng tên cho quán cà phê nhỏ", 10),
])
def test_a_vietnamese_request_for_a_count_of_outputs(text: str, n: int) -> None:
    """Rules 2.113: "viết" (write), "cho tôi" (give me), "gợi ý" (suggest) ... ask for the count after them, as
    "berikan" does in Indonesian."""
    schema = proposed(text)
    assert schema.category == "Repeated Generation" and schema.n == n


def test_a_vietnamese_count_of_stanzas_sizes_one_poem() -> None:
    """Rules 2.113: "một bài thơ 4 khổ" (a poem of four stanzas): "khổ" is a unit of one output, as "stanzas" is."""
    not_proposed("Viết một bài thơ 4 khổ về mùa thu, giọng văn nhẹ nhàng")


def test_a_german_count_after_je_is_per_item() -> None:
    """Rules 2.116: "6 Multiple-Choice-Fragen (je 4 Antwortmöglichkeiten)": "je" (each) makes 4 a number per
    question, so the 6 questions alone are asked for (as "(4 options each)")."""
    text = ("Erstelle bitte 6 Multiple-Choice-Fragen (je 4 Antwortmöglichkeiten) zu folgendem Text:\n\n"
            "Sichere Passwörter sind lang, einzigartig und werden nicht weitergegeben. Nutzen Sie einen "
            "Passwortmanager und aktivieren Sie die Zwei-Faktor-Anmeldung, wo immer sie angeboten wird.")
    assert proposed(text).n == 6


def test_a_japanese_count_of_outputs_about_the_article_below() -> None:
    """Rules 2.118: "以下の記事に対するキャッチコピーを5つ作成して" (five taglines for the article below): "以下の記事に対する"
    names the text written about, no selection among given items ("以下の5つ" still is one)."""
    text = ("以下の記事に対するキャッチコピーを5つ作成してください。\n\n記事：\n港町の古い倉庫が、地元の作家たちの"
            "アトリエ兼ギャラリーとして生まれ変わった。週末には工房体験も開かれている。")
    assert proposed(text).n == 5


def test_spanish_example_sentences_are_outputs() -> None:
    """Rules 2.118: "veinticinco frases de ejemplo" asks for 25 example sentences, each an output ("20 líneas de
    Don Quijote" stays lines of one text)."""
    assert proposed("Genera veinticinco frases de ejemplo que usen el pretérito imperfecto.").n == 25
    not_proposed("Escribe 20 líneas de Don Quijote.")


@pytest.mark.parametrize(("text", "language"), [
    ("Create four user personas for a budgeting app aimed at students", "en"),
    ("write 3 buyer personas for my candle shop", None),
])
def test_english_personas_are_outputs(text: str, language: str | None) -> None:
    """Rules 2.124: "personas" in English are profiles one writes, each an output; as a Spanish unit ("para 6
    personas", people) it is soft, as "people" is, so a recipe's servings stay a measure of one answer."""
    assert proposed(text, language).n == {"four": 4}.get(text.split()[1], 3)
    not_proposed("Dame una receta de lasaña para 6 personas", "es")


def test_a_counted_set_whose_outputs_each_combine_two_things() -> None:
    """Rules 2.124: "create a set of 12 recipes that combine A with B": the clause says what each recipe does, so no
    one artifact must hold all the items (as "write a poem that includes A, B and C" does)."""
    assert proposed("Create a set of 12 recipes that combine Korean street food with Italian classics").n == 12
    not_proposed("Write a poem that includes the harbour, the lighthouse and the gulls")
