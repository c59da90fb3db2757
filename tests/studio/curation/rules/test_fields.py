"""Fields or entity types to extract from a text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from studio.curation.lexicon.matching import Cue, probe
from studio.curation.rules import extract_rules
from studio.curation.rules.categories import FIELD_CATEGORIES, asks_to_extract, category_from_cues, names_fields
from studio.curation.rules.fields import (
    _DASHES, _END_MARK, _INSTRUCTION_END, _instruction_end_at, _underlines, dashes_in, from_fields, skeleton_fields,
)
from tests.studio.curation.rules.support import accepted, not_proposed, proposed, rejected


@pytest.mark.parametrize(("text", "items", "category"), [
    ("Extract the salary, location and contract type from this job ad: We hire a senior engineer in Berlin, "
     "80k EUR, permanent contract.", ["salary", "location", "contract type"], "Keyword Extraction"),
    ("Identifica las personas, organizaciones y lugares en este texto: Ana García visitó la sede de la ONU "
     "en Ginebra.", ["personas", "organizaciones", "lugares"], "Named Entity Recognition"),
    ("请找出下面句子中的人名、地名和机构名：昨天，张伟在北京参观了清华大学。", ["人名", "地名", "机构名"],
     "Named Entity Recognition"),
    ("Extract the company name, job title and salary range from this job posting: Acme Corp is hiring a Senior "
     "Backend Engineer. The role pays between $140,000 and $170,000 per year and is fully remote.",
     ["company name", "job title", "salary range"], "Keyword Extraction"),
    # "from" opens a field's name here ("from address"), not a source ("from the log")
    ("Extract the date, from address and subject from this email: Ann wrote to Bob on May 2 about lunch at noon.",
     ["date", "from address", "subject"], "Keyword Extraction"),
])
def test_field_lists(text: str, items: list[str], category: str) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == category and schema.context
    assert schema.template.startswith("{context}")


def test_fields_start_after_the_extraction_verb() -> None:
    text = ("From the report below, pull out the budget, the deadline and the project owner.\n\n"
            "The bridge repair has a budget of 2 million euros, must finish by March, and is led by the city.")
    assert accepted(text).data == ["the budget", "the deadline", "the project owner"]


# A first field named with its "of" keeps it: after a colon, and among other fields that name data (rules 2.103)
@pytest.mark.parametrize(("text", "items"), [
    ("Extract the following from the form: date of birth, nationality, address and phone.\n\nApplicant: Tomasz "
     "Wrona, born 3 May 1990 in Gdansk, Polish, lives at 4 Elm Row, Leeds, phone 0113 496 0000.",
     ["date of birth", "nationality", "address", "phone"]),
    ("Please extract the date of birth, nationality, address and phone from this form.\n\nApplicant: Tomasz Wrona, "
     "born 3 May 1990 in Gdansk, Polish, lives at 4 Elm Row, Leeds, phone 0113 496 0000.",
     ["date of birth", "nationality", "address", "phone"]),
    ("Please pull out the name of the shop, the date and the total from this receipt.\n\nCORNER BAKERY, 12 Mill "
     "Lane. 14/06/2023 10:42. 2x croissant 3.20, coffee 2.80. TOTAL 6.00 GBP, paid by card.",
     ["the name of the shop", "the date", "the total"]),
    ("Saca del siguiente pedido: número de pedido, fecha, cliente, importe total y forma de pago.\n\nPedido "
     "PD-88213 del 2 de marzo de 2024, cliente Lucía Moreno, 3 camisetas, total 45,90 EUR, pagado con tarjeta.",
     ["número de pedido", "fecha", "cliente", "importe total", "forma de pago"]),
    ("necesito que me saques de este pedido el número de pedido, la fecha, el nombre del cliente y el total\n\n"
     "Pedido PD-88213 del 2 de marzo de 2024, cliente Lucía Moreno, 3 camisetas, total 45,90 EUR, pagado con tarjeta.",
     ["el número de pedido", "la fecha", "el nombre del cliente", "el total"]),
    ("Extraire de la commande : numéro de commande, date, client et montant total.\n\nCommande C-5521 du 2 mars "
     "2024, cliente Léa Martin, deux t-shirts, 39,80 EUR payés par carte.",
     ["numéro de commande", "date", "client", "montant total"]),
])
def test_a_first_field_keeps_its_of(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Keyword Extraction"


@pytest.mark.parametrize(("text", "items", "context_start"), [
    ("Extract the following fields: name, age, phone or fax number -- John Smith is 34 and can be reached at "
     "555-0100, fax 555-0101.", ["name", "age", "phone or fax number"], "John Smith"),
    ("From this job ad, extract the salary, the location and the phone or email contact.\n\nWe are hiring a nurse "
     "in Leeds, paying 32k a year. Apply by phone or email: jobs@example.com",
     ["the salary", "the location", "the phone or email contact"], "We are hiring"),
    ("Extract the following information from the customer message:\n-- name\n-- phone or fax number\n-- address\n\n"
     "Message: Hi, this is Maria Lopez from 12 Baker Street, you can call me on 020 7946 0000.",
     ["name", "phone or fax number", "address"], "Hi, this is Maria"),
])
def test_field_names_with_or_and_lists_cut_by_dashes_stay_whole(text: str, items: list[str],
                                                                 context_start: str) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context.startswith(context_start)


def test_a_colon_inside_a_quoted_abstract_does_not_cut_the_context() -> None:
    abstract = ("Deep Residual Learning: Deeper neural networks are more difficult to train. We present a residual "
                "learning framework to ease the training of networks that are substantially deeper than before.")
    schema = accepted(f'Extract the title, the method and the main claim from the abstract "{abstract}"')
    assert schema.data == ["the title", "the method", "the main claim"]
    assert schema.context == f'"{abstract}"' and "Deep Residual" not in schema.template


@pytest.mark.parametrize("text", [
    # no text to extract from: "give me" asks for one artifact
    "Please give me a dinner recipe. I only have an oven, a kettle, and a frying pan.\n\nI have rice, eggs and "
    "spinach.",
    # a role-play set-up
    "I want you to act as a data extractor. I will send you a paragraph and you will reply with the names, dates "
    "and places in it: ready?",
    # the fields are not named in the request's sentence
    "Extract the details of the property from the listing. The details include address, size, etc.\n\nSunny "
    "two-bed flat on Elm Road, 70 m2, close to the station.",
    # steps of one task, not fields
    "Identify and fix the bugs in the given code and rewrite it\n\nfor i in range(3) print(i)",
    # how to extract one thing (manner, source), not fields
    "Use awk to extract only the user names, without the home folders, from the log below:\n\n"
    "alice /home/alice 2024-01-03\nbob /home/bob 2024-01-04\ncarol /home/carol 2024-01-05",
    "Extract the city names, from the table below, using the second column only:\n\n"
    "1 | Lyon | 513,000\n2 | Nantes | 320,000\n3 | Lille | 236,000",
])
def test_lists_that_are_not_fields(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items"), [
    ("Extract the following information from the text below: the ship name, the port and the cargo.\n\n"
     "Text: The MV Northern Star docked in Rotterdam on Friday carrying 1,200 tonnes of Brazilian coffee beans.",
     ["the ship name", "the port", "the cargo"]),
    ("From the article, extract in JSON the fields: team_name, final_score, top_scorer.\n\nArticle: The Harbor City "
     "Hawks beat the Valley Rams 3-1 on Sunday, with striker Leo Banks scoring twice in the second half.",
     ["team_name", "final_score", "top_scorer"]),
])
def test_fields_on_their_own_line_before_a_labelled_text(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context.startswith("The ")  # the label is not part of the text


_END_PIECES = ["Text", "text", " ", "\n", "\t", ":", "：", " \n\n", "Passage", "input", "x", "_", "1", "é", "ſ", "-", ".",
               "(", ")", ": "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_END_PIECES), max_size=20).map("".join), st.integers(0, 10), st.integers(0, 40))
@example("  Text: x", 0, 40)
@example("a\n\n  text : x", 0, 40)
@example("  \n\n  Text: x", 1, 40)
@example("x  \n\n Text: y", 0, 40)  # a later colon's label starts before the blank line found first
@example("a: b. text: c", 0, 40)
@example("a long line of words\n--\nb: c", 0, 40)  # a line of dashes under a long line: the regex's match
def test_the_instruction_end_is_found_where_a_scan_finds_it(text: str, pos: int, length: int) -> None:
    """Tried at the starts the marks give, read only as far as a mark may still give a start before a matching one.
    (A line of dashes under a heading is no mark: such texts are the tests above.)"""
    assume(not any(_underlines(text, mark.start()) for mark in _END_MARK.finditer(text, pos, pos + length)
                   if "-" in mark.group(0)))
    expected = _INSTRUCTION_END.search(text, pos, pos + length)
    found = _instruction_end_at(text, pos, pos + length)
    assert (found.span() if found else None) == (expected.span() if expected else None)


_CUE_PIECES = ["translate", "into French", "correct the grammar", "sentiment", "keywords", "key phrases",
               "named entities", "people and places", "summarize", "extract", "traduce", "palabras clave", "翻译",
               "关键词", "人名", " ", ", ", "\n", "the text", "İ", "Σ", "and"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=10).map("".join))
def test_names_fields_is_the_first_category_cue_being_an_extraction(instruction: str) -> None:
    """The shortcut (search the two extraction categories' cues first) answers as the full cue scan."""
    found = probe.__wrapped__(instruction)
    assert names_fields(instruction, found) == (category_from_cues(instruction, found) in FIELD_CATEGORIES)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["-", "--", "—", " ", "\t", "x", "\n", ":", "–"]), max_size=20).map("".join),
       st.integers(0, 25), st.integers(0, 25))
def test_dashes_are_found_as_the_regex_finds_them(text: str, pos: int, endpos: int) -> None:
    found, expected = dashes_in(text, pos, endpos), _DASHES.search(text, pos, endpos)
    assert (found.span() if found else None) == (expected.span() if expected else None)


@pytest.mark.parametrize(("text", "items", "category"), [
    # fields of a document that hold an entity-type word are named fields, not entity types
    ("Pull out the order number, order date and delivery date from this receipt: Order 7781 placed 4 April 2024, "
     "delivered 9 April 2024.", ["order number", "order date", "delivery date"], "Keyword Extraction"),
    ("Extract the shipping location, the billing location and the total from this invoice: shipped to Porto, "
     "billed to Braga, 88 EUR in all.", ["the shipping location", "the billing location", "the total"],
     "Keyword Extraction"),
    # entity types, after a determiner or "named"
    ("Find the people, the places and the dates in this text: Mia Berg flew from Tromsø to Quito on 2 July.",
     ["the people", "the places", "the dates"], "Named Entity Recognition"),
    ("Extract the named entities, the places and the dates from this text: Omar Haddad opened a bakery in Tunis "
     "in 1998.", ["the named entities", "the places", "the dates"], "Named Entity Recognition"),
])
def test_entity_types_are_types_only_when_they_open_the_field(text: str, items: list[str], category: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == category


@pytest.mark.parametrize(("text", "items", "context_start"), [
    ("Extract -- name -- employer -- start date -- from this note: Priya Nair joined Hollis & Reed on 1 March "
     "2022 as a surveyor.", ["name", "employer", "start date"], "Priya Nair"),
    ("extract -- title -- author -- year\n\nThe novel Salt Roads by Ines Okafor came out in 2011 to wide praise.",
     ["title", "author", "year"], "The novel"),
])
def test_fields_cut_by_dashes_inline(text: str, items: list[str], context_start: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context is not None and schema.context.startswith(context_start) and schema.context in text


@pytest.mark.parametrize("text", [
    # one dash-separated aside is not a field list
    "Extract -- if you can -- the gist of this memo: the canteen closes early on Fridays from next month on.",
    # dashes after a role-play set-up
    "I want you to act as a parser -- names -- places -- dates -- from now on: wait for my first text.",
])
def test_dashes_that_do_not_cut_fields(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items", "context_start"), [
    # a list set off by a pair of dashes: the words around it are not part of the first and last fields
    ("Pull out these fields -- tenant name, monthly rent, deposit, move-in date -- from the lease below.\n\n"
     "The flat at 4 Elm Row is let to Dana Kerr for 950 a month, with a 1,900 deposit, from 1 June.",
     ["tenant name", "monthly rent", "deposit", "move-in date"], "The flat"),
    # dashes ending the last piece, before the words that name the text
    ("Extract the name, email and phone -- from the message below.\n\nHi, this is Ren Ito, ren@example.org, "
     "call me on 555 0199 after six.", ["name", "email", "phone"], "Hi, this is Ren"),
    # a single line of two dashes between the request and its text
    ("Extract the author, title and year from the reference below.\n--\nAbara, K. (2009). River Songs. Accra: Pilot.",
     ["author", "title", "year"], "Abara, K."),
])
def test_fields_set_off_by_dashes(text: str, items: list[str], context_start: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context is not None and schema.context.startswith(context_start) and schema.context in text


@pytest.mark.parametrize(("text", "items", "context_start"), [
    # dashes right after the words naming the text end the request (no colon, no blank line); a rating inside the
    # text ("4 out of 5") asks for no count
    ("Extract the product name, price and rating from this review -- I bought the KettlePro 2 for $40 and I'd "
     "give it 4 out of 5 stars.", ["product name", "price", "rating"], "I bought"),
    ("List the speaker, the venue and the date in this announcement -- Dr. Lee speaks at Hall B on 9 May.",
     ["the speaker", "the venue", "the date"], "Dr. Lee"),
    ("Find the title, author and year of publication in this citation -- Okoro, B. (2015). Tides. 2nd ed. Harbor.",
     ["title", "author", "year of publication"], "Okoro, B."),
    # the text named before the request, in the same sentence
    ("From the following job posting, extract the job title, company and salary -- Senior Data Engineer at Nimbus "
     "Labs, Austin TX, $150k.", ["job title", "company", "salary"], "Senior Data"),
])
def test_dashes_after_the_named_text_end_the_request(text: str, items: list[str], context_start: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context is not None and schema.context.startswith(context_start) and schema.context in text


@pytest.mark.parametrize(("text", "items", "context_start"), [
    # two or more dashes on the line after the request's colon cut fields, they do not end the request
    ("Please extract from the text below: the tenant's name -- the rent -- the start date.\n\nText: Leo Park rents "
     "the loft for 900 a month from 1 April.", ["the tenant's name", "the rent", "the start date"], "Leo Park"),
    ("Get me: full name -- email -- phone or fax number -- address\nfrom this signature:\nIda Berg | ida@berg.se | "
     "+46 8 000 00 | Storgatan 1, Umeå", ["full name", "email", "phone or fax number", "address"], "Ida Berg"),
    ("I'll paste a review. Extract: product -- sentiment -- main complaint.\nReview: The blender is loud but the "
     "jug cracked after a month.", ["product", "sentiment", "main complaint"], "The blender"),
])
def test_fields_cut_by_dashes_after_the_colon(text: str, items: list[str], context_start: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context is not None and schema.context.startswith(context_start) and schema.context in text


def test_dashes_that_cut_fields_after_the_named_text_are_no_end() -> None:
    text = ("From this email, extract -- the sender -- the date -- the amount\n\nHi, Jo here: I paid 40 euros on "
            "3 May for the tickets.")
    assert proposed(text).data == ["the sender", "the date", "the amount"]


def test_a_request_on_the_last_line_after_a_labelled_text() -> None:
    text = "Text: Nokia opened a lab in Espoo on 2 May 2021 with 40 engineers.\nExtract: company, city, date."
    schema = proposed(text)
    assert schema.data == ["company", "city", "date"]
    assert schema.context == "Nokia opened a lab in Espoo on 2 May 2021 with 40 engineers."


def test_a_request_after_a_quoted_text_in_the_same_paragraph() -> None:
    text = ('Here is a text: "Globex reported revenue of $5M in 2022, up 20% from 2021, said CEO Jane Doe." Extract '
            "the revenue, the year and the CEO's name.")
    schema = proposed(text)
    assert schema.data == ["the revenue", "the year", "the CEO's name"]
    assert schema.context == "Globex reported revenue of $5M in 2022, up 20% from 2021, said CEO Jane Doe."


def test_one_dash_after_the_colon_still_ends_the_field_list() -> None:
    text = "Extract these: name, city -- Ana Ruiz moved to Quito in 2019 after her degree."
    assert proposed(text).data == ["name", "city"]


@pytest.mark.parametrize("opening", [".\n", ":\n", ".\n\n", ":\n\n"])
def test_a_text_between_lines_of_dashes_is_the_context(opening: str) -> None:
    """The shape of framework prompt templates: the request, the text fenced by lines of dashes, then how to
    answer. The fence lines are neither in the context nor in the fields, whether the request ends with the first
    line or with a colon or a blank line before it; the closing words stay in the template."""
    text = ("A note is pasted below. From the note, extract the patient name, the drug and the dose" + opening +
            "--------------------\nSeen today: Lena Ortiz, started on amoxicillin, 500 mg three times a day.\n"
            "--------------------\nReply with one line for each.")
    schema = proposed(text)
    assert schema.data == ["the patient name", "the drug", "the dose"]
    assert schema.context == "Seen today: Lena Ortiz, started on amoxicillin, 500 mg three times a day."
    assert schema.template is not None and "---" not in schema.template
    assert schema.template.endswith("extract {data}" + opening.strip(":\n") + "\n\nReply with one line for each.")


_PERSON = ("John Smith, aged 40, lives in Boston and works as a senior engineer at Acme Corp, a large company "
           "downtown, since 2015.")


@pytest.mark.parametrize("text", [
    # a closing line of another length
    "Extract the name, age and city from the text below:\n----------\n" + _PERSON + "\n-----\nAnswer as a list.",
    # a title set between two lines at the top of the text
    "Extract the name, age and city from the profile below.\n\n-----\nProfile\n-----\n" + _PERSON,
    # a rules paragraph between the lines, the text after them
    "Extract the name, age and city from the text at the end.\n\n---\n\nRules: answer in JSON, null for anything "
    "missing.\n\n---\n\n" + _PERSON,
])
def test_a_line_of_dashes_that_closes_nothing_leaves_the_text_running_to_the_end(text: str) -> None:
    """Session 26's review: such lines used to leave the fields alone, or make the rules paragraph the text."""
    schema = proposed(text)
    assert schema.data == ["name", "age", "city"]
    assert schema.context is not None and _PERSON in schema.context and not schema.context.startswith("-")


@pytest.mark.parametrize(("text", "items"), [
    ("Summary\n-----\n\nExtract the name, title and salary\n\nJohn Smith is a 40 year old engineer at Acme Corp "
     "in Boston, where he has worked since 2015 as a senior software engineer.", ["name", "title", "salary"]),
    ("Task\n---\n\nFrom the following text, extract the name, age and city.\n\nJohn Smith, aged 40, lives in "
     "Boston and works as an engineer at a large company downtown.", ["name", "age", "city"]),
])
def test_a_heading_underlined_by_dashes_and_a_blank_line_leaves_the_request_whole(text: str,
                                                                                   items: list[str]) -> None:
    """The underline and the blank line after it are one mark, not the end of a request "Summary" (session 26's
    review: a merge had let the blank line end the request, and the fields were lost)."""
    schema = proposed(text)
    assert schema.data == items and schema.context is not None and schema.context.startswith("John Smith")


@pytest.mark.parametrize("text", [
    # dashes in prose after a request open no text: a remark, a wish or an excuse follows them
    "Identify the main themes, characters and setting of the play Hamlet -- keep it short and simple, for a "
    "ten-year-old reader please.",
    "Identify the main arguments, evidence and counterarguments in the following essay -- I will paste it in my "
    "next message, wait for it.",
    # dashes inside a middle piece: not one list
    "Extract these fields -- name, email -- and phone from the message below.\n\nHi, this is Ren Ito, "
    "ren@example.org, call me on 555 0199 after six.",
    # several records between lines of dashes, or a further question after the closing line: more than one text
    # or one task
    "Extract the name, date and amount from this invoice\n------\nInvoice 7 for Dune Ltd, 3 May, 1,200 EUR\n"
    "------\nInvoice 8 for Reed Ltd, 4 May, 900 EUR\n------\nInvoice 9 for Mast Co, 5 May, 50 EUR",
    "Extract the people, places and dates from the text between the dashes.\n-----\nAna met Luis in Quito on 2 "
    "June.\n-----\nAlso, what is the capital of France?",
])
def test_dashes_that_open_no_text_to_extract_from(text: str) -> None:
    not_proposed(text)


def test_a_fields_own_parts_in_brackets_stay_inside_it() -> None:
    text = ("Extract the full name, phone number, job history (company, role, years) and languages in JSON from "
            "the following resume:\nTomasz Wilk\nPhone 0700 111 222\nBaltic Freight, dispatcher, 2015-2021\n"
            "Speaks Polish and English")
    schema = proposed(text)
    assert schema.data == ["full name", "phone number", "job history (company, role, years)", "languages"]
    assert schema.context is not None and schema.context.startswith("Tomasz Wilk")


@pytest.mark.parametrize(("text", "context_start"), [
    ("from this table, could you tell me the region, the quarter and the revenue of each row?\n **Sales** \n\n"
     "| North | Q1 | 40k |\n| South | Q2 | 55k |", "**Sales**"),
    ("From the html below, what are the price, the colour and the size of the product?\n<div>Trail shoe</div>\n\n"
     "<span>89 EUR, moss green, size 43</span>", "<div>Trail shoe"),
])
def test_a_question_line_ends_the_request_before_the_text_it_is_about(text: str, context_start: str) -> None:
    schema = proposed(text)
    assert schema.context is not None and schema.context.startswith(context_start)
    assert schema.data is not None and len(schema.data) == 3


def test_plural_entity_types_after_other_words_stay_types() -> None:
    schema = proposed("Extract the names of persons, the geographical locations and the organisations in this text: "
                      "Ana Ruiz of Verde Labs moved from Cusco to Lisbon.")
    assert schema.category == "Named Entity Recognition"


@pytest.mark.parametrize(("text", "items"), [
    ("Dear team, Nadia Haddou from Ostrava ordered two oak shelves on 12 May and wants them by June.\n\n"
     "From the email above, extract the customer name, the city and the order date.",
     ["the customer name", "the city", "the order date"]),
    ("Kofi Mensah, 41, welder at Tema Steel since 2016, speaks Twi and English.\n\nExtract name, age and employer.",
     ["name", "age", "employer"]),
])
def test_fields_asked_after_the_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context == text[:text.index("\n\n")] and "{context}" in (schema.template or "")


@pytest.mark.parametrize("text", [
    # a weak verb that does not point back at a text
    "Kofi Mensah, 41, welder at Tema Steel since 2016, speaks Twi and English.\n\nList the name, age and employer.",
    # judging a text along several aspects is one review
    "My essay argues that cities should tax parking to fund buses, citing Oslo and Bogotá.\n\nIdentify the "
    "strengths, the weaknesses and the tone of the essay above.",
])
def test_requests_after_a_text_that_are_no_field_extraction(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items", "context"), [
    # the text first, the request, then one definition a line closed by ";" (an output rule after them)
    ('This is a flat listing "BRIGHT 2 ROOM FLAT NEAR PARK, BALCONY";\nPlease extract the following information as '
     "JSON.\nroomCount: how many rooms the flat has;\nhasBalcony: whether there is a balcony;\nnearPark: whether a "
     "park is close;\nIf a field is missing, output null",
     ["roomCount: how many rooms the flat has", "hasBalcony: whether there is a balcony",
      "nearPark: whether a park is close"], 'This is a flat listing "BRIGHT 2 ROOM FLAT NEAR PARK, BALCONY";'),
    # bulleted definitions too long for short fields, a labelled text after them
    ("Extract the following information from the text below and output JSON.\n- name: the person's full name\n"
     "- age: the person's age in years\n- city: where the person lives now\n\nText: Maria Lopez, 34, lives in "
     "Valencia and works as a nurse.",
     ["name: the person's full name", "age: the person's age in years", "city: where the person lives now"],
     "Maria Lopez, 34, lives in Valencia and works as a nurse."),
    # a form to fill in: keys with nothing after their colons
    ("Extract the following information from the text and fill in the form.\nName:\nDate:\nAmount:\n\nText: "
     "Paid by Ines Duarte on 3 March, 120 EUR for the winter course.", ["Name", "Date", "Amount"],
     "Paid by Ines Duarte on 3 March, 120 EUR for the winter course."),
    # filling a form is extracting its keys (until session 36 a form without "extract" was refused: three
    # independent probe authors labelled such prompts Keyword Extraction)
    ("Read the email below and fill in:\n- Sender:\n- Date:\n- Topic:\n\nEmail: Hello, this is Ravi, writing on 9 "
     "July about the roof repair quote.", ["Sender", "Date", "Topic"],
     "Hello, this is Ravi, writing on 9 July about the roof repair quote."),
    # the form's text labelled by its kind after the keys
    ("Fill in the form from the discharge summary.\n\nName:\nAdmitted:\nDiagnosis:\n\nDischarge summary:\nPatient "
     "Lea Brun, admitted 2 May with a broken wrist, sent home on 4 May.", ["Name", "Admitted", "Diagnosis"],
     "Patient Lea Brun, admitted 2 May with a broken wrist, sent home on 4 May."),
    # the first empty line is the request ("Fill in:"), the text before it
    ("Abstract: Sixty cows were kept in shaded paddocks for two summers and gave more milk than those outside.\n\n"
     "Fill in:\nOrganism:\nSample size:\nOutcome:", ["Organism", "Sample size", "Outcome"],
     "Abstract: Sixty cows were kept in shaded paddocks for two summers and gave more milk than those outside."),
])
def test_fields_defined_one_to_a_line(text: str, items: list[str], context: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context == context
    assert (schema.template or "").startswith("{context}")


@pytest.mark.parametrize("text", [
    # the lines are the text named right before them (a CV), not fields
    "Hi, I need some help with my job search today.\nExtract the skills from this CV:\nName: Jo Hart\nAge: 34\n"
    "Skills: python, sql\nCity: Oslo",
    # attributes of a class to write: no extraction asked
    "We are building a booking site for small hotels in the Alps.\nCreate a Python class with these attributes:\n"
    "name: the hotel name\nstars: the rating\ncity: where it is",
    # definitions but no text to extract from
    "Extract the following information as JSON:\nname: the full name\nage: the age\ncity: the home town",
])
def test_definition_lines_that_are_no_fields_to_extract(text: str) -> None:
    rejected(text)


_FIELD_PIECES = ["Extract", " the", " name", ",", " city", " and", " date", " from", " this", " text", ":", "\n\n", " ",
                 "Text: ", "John moved to Paris on May 3 after his graduation.", "keywords", "entities", "提取",
                 "关键词", "名字", "Σ", "İ", "above", "List", "Find", "Write a poem", "\n", "- name: the name"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FIELD_PIECES), max_size=16).map("".join))
@example("Extract the name, city and date from this text: John moved to Paris on May 3 after his graduation.")
@example("John moved to Paris on May 3 after his graduation.\n\nFrom the text above, extract the name and city.")
def test_fields_skipped_for_a_prompt_without_their_cues_are_none_in_full(text: str) -> None:
    """`from_fields` returns at once when no cue it needs may match (`Cue.may_match`): the full form (every cue
    searched) must find no fields there either."""
    found = probe(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Cue, "may_match", lambda cue, probed: True)
        full = from_fields(text, found)
    assert from_fields(text, found) == full


@pytest.mark.parametrize(("instruction", "asks"), [
    ("Identify the following in the report:", True),
    ("Extract these values as JSON:", True),
    ("List the following from the article below:", True),  # a weak verb beside a named text
    ("Highlight the following in this paragraph:", True),
    ("For each topic, give me one catchy headline as well.", False),  # a weak verb, no text to pull from
    ("Highlight the value of regular check-ups.", False),
    ("Write a blog post on these topics.", False),
])
def test_an_extraction_asks_for_a_texts_content(instruction: str, asks: bool) -> None:
    assert asks_to_extract(instruction, probe(instruction)) is asks


def test_short_topics_beside_a_brief_with_a_weak_verb_are_no_fields() -> None:
    text = ("We run a small bakery and want to grow our following online.\n\nOur products are:\n\n1. sourdough\n"
            "2. croissants\n3. rye bread\n4. cinnamon rolls\n\nWe want to post twice a week for a month, eight "
            "posts in all, and we need ideas that bring people into the shop on weekdays, when it is quiet and the "
            "ovens run half empty.\n\nPlan the month and give me a short caption and a photo idea per post.")
    schema = extract_rules(text)
    assert schema.category != "Keyword Extraction" and schema.context is None


@pytest.mark.parametrize(("text", "items"), [
    ("Extract all the dates and amounts of money mentioned in the following text: On 4 June the club paid "
     "EUR 12,500 for new nets, and on 9 July it received a grant of EUR 3,000.", ["dates", "amounts of money"]),
    ("List the person names and organization names in the text below.\n\nDr Anna Kowal left the Baltic Institute "
     "in May to lead research at Norcast Labs.", ["person names", "organization names"]),
])
def test_two_entity_types_joined_by_and_are_fields(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Named Entity Recognition" and schema.data == items and schema.context


@pytest.mark.parametrize("text", [
    "Identify the spelling and grammar errors in this letter: Dear sir, I has been waiting for my parcel since "
    "two week and nobody answer my emails.",
    "Given a job advert, extract the requirements and benefits of the role from the text.\n\nWe are hiring a "
    "warehouse lead in Leeds: forklift licence needed, free parking, 28 days of holiday.",
])
def test_two_other_nouns_joined_by_and_are_one_task(text: str) -> None:
    schema = extract_rules(text)
    assert not schema.parallelizable or schema.category not in FIELD_CATEGORIES


@pytest.mark.parametrize(("text", "items"), [
    ("Extrae el nombre, la empresa y el salario del siguiente texto: Lucía Pardo entró en Aceros Norte en 2019 "
     "y cobra 41.000 euros al año.", ["el nombre", "la empresa", "el salario"]),
    ("Extrayez le nom, la ville et la date du texte suivant : Paul Girard ouvre sa boulangerie à Nantes le 2 mai.",
     ["le nom", "la ville", "la date"]),
    ("Estrai il titolo, l'autore e l'anno dal seguente testo: Il romanzo Nebbia di Carla Fontana uscì nel 1987.",
     ["titolo", "autore", "anno"]),  # (determiners trimmed off as elsewhere in Italian)
    ("Extrae el cliente, el producto y el importe del texto: Ferretería Sol compró 40 taladros por 2.300 euros.",
     ["el cliente", "el producto", "el importe"]),
])
def test_the_source_after_the_last_field_is_not_part_of_it(text: str, items: list[str]) -> None:
    assert proposed(text).data == items


def test_what_each_listed_thing_is_asked_of_is_not_part_of_the_last_field() -> None:
    text = ("From this table, can you tell me the date, duration, host and ticket price of each workshop?\n\n"
            "Pottery basics | 12 May | 3 h | Ines | 40 EUR\nLino printing | 19 May | 2 h | Tom | 35 EUR")
    assert proposed(text).data == ["date", "duration", "host", "ticket price"]


def test_a_field_cue_without_a_verb_or_a_named_text_is_no_extraction() -> None:
    schema = extract_rules("I want to improve my listing's headline, bullet points and backend keywords for "
                           "marketplace search: https://shop.example.com/item/4471?ref=home&page=2")
    assert schema.category not in FIELD_CATEGORIES


_RESUME = ("John Smith\njohn.smith@example.com | +1 555 0100\nSkills: Python, SQL, Tableau\nExperience: 5 years as a "
           "data analyst at Initech.")


@pytest.mark.parametrize("request_line", [
    "Extract the following fields from the resume below as JSON with keys name, email, phone, skills:",
    "Extract from the resume below a JSON with the keys name, email, phone, skills:",
    "Extract the data from the resume below into a table with the following columns: name, email, phone, skills.",
])
def test_the_keys_of_the_output_are_the_fields(request_line: str) -> None:
    """ "... as JSON with keys a, b, c": the keys are the fields to extract (they read as attributes of one output,
    "with a name, race and class", or as the options of "as")."""
    schema = proposed(f"{request_line}\n\n{_RESUME}")
    assert schema.category == "Keyword Extraction" and schema.context == _RESUME
    assert schema.data == ["name", "email", "phone", "skills"]


def test_an_output_with_attributes_is_still_no_extraction() -> None:
    """Without a text to extract from, "with the fields a, b and c" describes what one output holds."""
    not_proposed("Design a JSON schema for a user profile with the fields name, email, phone and skills.")


def test_fields_asked_for_the_following_text() -> None:
    """ "For the following review, give me A, B and C: <review>": "for" names the text as "from" does."""
    review = "The X200 headphones sound great but the battery dies after two hours."
    schema = proposed(f'For the following review, give me the sentiment, the product mentioned, and the main '
                      f'complaint: "{review}"')
    assert schema.category == "Keyword Extraction" and review in (schema.context or "")
    assert schema.data == ["the sentiment", "the product mentioned", "the main complaint"]


_NEWS = ("Acme Robotics announced on Monday that it will open a new factory in Leeds in 2025. The plant will employ 300 "
         "people and cost 45 million pounds.")


def test_the_keys_of_an_empty_json_object_are_the_fields() -> None:
    """ "... in JSON format: {"company": "", "city": ""}\\n\\nText: <text>": the keys are the fields, the text the context."""
    text = ('Please extract the following information from the given text and return it in JSON format: '
            f'{{"company": "", "city": "", "year": null, "jobs": []}}\n\nText: {_NEWS}')
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.context == _NEWS
    assert schema.data == ["company", "city", "year", "jobs"]
    assert schema.template.endswith('{"{data}": ""}')


@pytest.mark.parametrize("text", [
    f'Return this JSON filled in for a fictional startup: {{"company": "", "city": ""}}\n\nMake it fun. {_NEWS}',
    f'Extract the data as {{"company": "Acme", "city": "Leeds"}} from: {_NEWS}',
])
def test_an_object_to_fill_needs_an_extraction_and_empty_values(text: str) -> None:
    """No extraction verb before it, or values already given (an example of the output): no fields."""
    assert skeleton_fields(text, probe(text)) is None


@pytest.mark.parametrize("fence", ["```", '"""', "~~~"])
def test_the_line_after_a_fenced_text_is_the_request(fence: str) -> None:
    """ "```\\n<text>\\n```\\nFrom the text in backticks, extract: a, b, c": the last line after the closing fence."""
    text = f"{fence}\n{_NEWS}\n{fence}\nFrom the text above, extract: company, city, start year, number of employees."
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and _NEWS in (schema.context or "")
    assert schema.data == ["company", "city", "start year", "number of employees"]


@pytest.mark.parametrize(("text", "items", "context_start"), [
    # an empty JSON object to fill, the request naming its text after the object
    ('Return a JSON object with keys {"price": "", "rooms": "", "agent": ""} from this listing:\n\nBright flat, 3 '
     "rooms, 250,000 EUR, call agent Mia Roth.", ["price", "rooms", "agent"], "Bright flat"),
    # ... or the text labelled after it
    ('Fill this json using the invoice text. Return only json.\n{"invoice_no": "", "total": ""}\n\nInvoice:\nINVOICE '
     "#77, total due 120 EUR, payable in 30 days.", ["invoice_no", "total"], "INVOICE #77"),
])
def test_empty_json_objects_filled_from_a_named_or_labelled_text(text: str, items: list[str],
                                                                  context_start: str) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert (schema.context or "").startswith(context_start)


def test_an_empty_json_object_to_make_up_is_no_extraction() -> None:
    not_proposed('Generate a JSON object {"name": "", "age": ""} for a fictional customer of a bike shop.')


@pytest.mark.parametrize(("text", "items"), [
    ("Extract the following fields from the input. Fields: name | address | phone or fax number | email. If a "
     "field is missing, output null.\n\nInput: Coastal Supply Co., 22 Wharf Avenue, Savannah. Tel 912 555 0188.",
     ["name", "address", "phone or fax number", "email"]),
    ("Please extract active ingredient / adult dose / storage from the leaflet text.\n\nLeaflet: Each tablet holds "
     "500 mg paracetamol. Adults take one or two tablets. Keep below 25 C.",
     ["active ingredient", "adult dose", "storage"]),
])
def test_fields_cut_by_bars_or_slashes(text: str, items: list[str]) -> None:
    assert proposed(text).data == items


def test_a_table_row_of_bars_is_no_field_list() -> None:
    not_proposed("Extract the city names, from the table below:\n1 | Lyon | 513,000\n2 | Nantes | 320,000")


def test_fields_of_an_instruction_template() -> None:
    text = ("### Instruction:\nExtract the company, the city and the founding year from the input.\n\n### Input:\n"
            "Fjordbyte AS was founded in Oslo in 2018 and makes smart thermostats.\n\n### Response:")
    schema = proposed(text)
    assert schema.data == ["the company", "the city", "the founding year"]
    assert schema.context == "Fjordbyte AS was founded in Oslo in 2018 and makes smart thermostats."


def test_a_programs_setup_line_is_no_role_play() -> None:
    text = ("You are a helpful assistant. Given the ticket below, extract the following fields and return them as JSON:"
            " customer_name, order_id, product.\n\nTicket #4821 from Dana Whitfield: my KitchenPro blender (order "
            "WX-77120) stopped working.")
    assert proposed(text).data == ["customer_name", "order_id", "product"]
    not_proposed("You are a recruiter. Act as my interviewer and extract the skills, the gaps and the strengths from "
                 "my CV: Jo Hart, 10 years of Python, no cloud experience, led a team of 4.")


def test_the_keys_of_the_output_name_the_fields_without_a_verb() -> None:
    text = ("You are an information extraction system. From the complaint below return a JSON with keys: "
            "account_number, amount, merchant.\n\nComplaint: a charge of 86 EUR to FLYMART on my account 4417.")
    assert proposed(text).data == ["account_number", "amount", "merchant"]


@pytest.mark.parametrize("text", [
    '"""\nJoin us for the Riverside Jazz Night on Saturday, August 19, at the Riverside Amphitheater. Tickets are '
    '$20.\n"""\nFrom the announcement above pull out the event name, the venue, the date and the ticket price',
    "<text>\nLemon loaf: bake at 170 C for 45 minutes; makes 12 slices.\n</text>\nFrom the text get: cooking time, "
    "number of servings, oven temperature",
])
def test_a_request_after_a_fenced_text(text: str) -> None:
    assert len(proposed(text).data or []) >= 3


@pytest.mark.parametrize(("text", "items"), [
    ("Good news! Your order #774 has shipped with ParcelWay (tracking no. PW99382), arriving Nov 22.\n\nfrom above "
     "text give me tracking number and estimated delivery date", ["tracking number", "estimated delivery date"]),
])
def test_two_named_fields_joined_by_and(text: str, items: list[str]) -> None:
    assert proposed(text).data == items


@pytest.mark.parametrize("text", [
    # two sides of one task, not two fields
    "Find the pronunciation and grammar errors in this essay: I has went to school yesterday and buyed a book.",
    # a clause, not a field's name
    "The points I want to highlight in my cover letter are linked to the job and the company values.\n\nKeep it "
    "short.",
])
def test_pairs_that_are_not_two_fields(text: str) -> None:
    not_proposed(text)


def test_an_empty_json_object_wins_over_a_list_inside_the_text() -> None:
    """The keys of an empty JSON object to fill from a job ad are the fields, not the ad's list of requirements."""
    ad = ("Senior Backend Engineer - Amsterdam (hybrid)\n\nAbout us: we build payment rails for small shops.\n\n"
          "What we're looking for:\n- 5+ years of backend development\n- Solid knowledge of message queues\n"
          "- Fluent English\n\nSalary: EUR 70,000-85,000. Apply by 30 September.")
    text = ("Fill in this JSON using the job posting below.\n\n{\n  \"job_title\": \"\",\n  \"location\": \"\",\n"
            "  \"salary_range\": \"\",\n  \"application_deadline\": \"\"\n}\n\nJob posting:\n" + ad)
    schema = proposed(text)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["job_title", "location", "salary_range", "application_deadline"]


_CONTRACT = ("SUPPLY AGREEMENT\nBetween Ferro Ltd, Leeds, and Lucent plc, York.\nArt. 1 - Subject: supply of steel "
             "parts.\nArt. 2 - Term: valid from 1 February 2023 and expires on 31 January 2025 unless renewed in "
             "writing.\nArt. 3 - Payment: bank transfer at 60 days.")


@pytest.mark.parametrize("request_line", [
    "Estrai solo la data di scadenza da questo contratto, formato GG/MM/AAAA:",
    "Extrae solo la fecha de vencimiento de este contrato, formato DD/MM/AAAA:",
])
def test_the_text_named_after_one_field_is_no_field(request_line: str) -> None:
    """Rules 2.104: "questo contratto" (its "da" cut off) is the text named, and the format after it no field."""
    not_proposed(request_line + "\n\n" + _CONTRACT)


def test_fields_after_the_text_is_named_with_a_demonstrative() -> None:
    """Rules 2.104 control: a demonstrative opening a longer first piece still leaves its fields."""
    schema = accepted("Extrae de este contrato las partes, la fecha de vencimiento y la forma de pago:\n\n" + _CONTRACT)
    assert schema.data[1:] == ["la fecha de vencimiento", "la forma de pago"]


def test_a_request_after_a_system_set_up_paragraph() -> None:
    """Rules 2.104: a program's set-up paragraph ("<<SYS>> You are a named entity recognition system ...") first,
    the request in the next paragraph, the text after it; "every" opens no entity type."""
    text = ("<<SYS>>\nYou are a named entity recognition system. Only output entities, no explanation.\n<</SYS>>\n\n"
            "Identify every PERSON, LOCATION and ORGANIZATION in the text below.\n\nText: Last Sunday, Coach Ada Obi "
            "led the Lakeside Herons to a 2-0 win over Northfield Town at Brook Park. Club chair Sam Reyes thanked the "
            "city of Lakeside for the new stands.")
    schema = accepted(text)
    assert schema.category == "Named Entity Recognition" and schema.data == ["PERSON", "LOCATION", "ORGANIZATION"]


def test_fields_asked_of_a_text_whose_points_are_numbered() -> None:
    """Rules 2.105: the request's own sentence names the fields; the numbered points of the minutes under it are the
    text's, not the items (they had won as the longest marked list)."""
    minutes = ("Weekly sync - 9 May\nAttendees: Sofia (PM), Rahul (Eng), Claire (Design)\n\n1. Release 4.2\n- QA found "
               "3 blocking bugs. Release moved to May 16.\n- Decision: no new features go into 4.2.\n\n2. Onboarding\n"
               "- Claire showed wireframes. Team agreed on version B.\n- Action: Claire to prepare mockups by May 15.\n\n"
               "Next meeting: 16 May")
    schema = accepted("From these meeting minutes extract the attendees, the decisions and the action items.\n\n"
                      + minutes)
    assert schema.data == ["the attendees", "the decisions", "the action items"] and schema.context == minutes


_SYNC_NOTES = ("Product sync - Tue 4 Jul\nPresent: Maya (PM), Olu (backend), Ines (design)\n\n- Search page: Ines "
               "showed the new filters. Agreed to ship them behind a flag.\n- Olu to speed up the search page by Friday.\n- "
               "Pricing page copy: Maya to send the draft to legal.\n- Onboarding emails: agreed to cut them from five "
               "to three.\n- Next sync moved to Wed 12 Jul.")


@pytest.mark.parametrize("pid", ["probeL-61", "probeN-45"])
def test_fields_asked_of_notes_whose_points_are_bulleted_probes(pid: str) -> None:
    """Rules 2.108, on read probes L-61 and N-45: the notes' own bullets had been the items (the fields' context was
    their longest paragraph alone, so the notes did not seem to hold the list); the fields asked are."""
    rows = [json.loads(line) for path in sorted(Path(__file__).parent.glob("probes_s41*.jsonl"))
            for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    row = next(row for row in rows if row["pid"] == pid)
    assert proposed(row["prompt"], row["language"]).data == row["data"]


@pytest.mark.parametrize(("request_text", "items"), [
    ("from these meeting notes extract:\n* attendees\n* decisions made\n* action items with owners\n"
     "* next meeting date", ["attendees", "decisions made", "action items with owners", "next meeting date"]),
    ("From these meeting notes list (1) the attendees, (2) the decisions made, (3) the action items with owners and "
     "due dates.", ["the attendees", "the decisions made", "the action items with owners and due dates"]),
])
def test_fields_asked_of_notes_that_open_before_their_own_bullets(request_text: str, items: list[str]) -> None:
    """Rules 2.108 (guards of 2.106's readers): the notes' own first lines stand between the request and their
    bullets; the bullets are the notes', not the items."""
    schema = proposed(request_text + "\n\n" + _SYNC_NOTES)
    assert schema.category == "Keyword Extraction" and schema.data == items


def test_fields_asked_of_a_notice_whose_lines_are_unmarked() -> None:
    """Rules 2.108: the unmarked lines of a pasted notice under "从下面这条通知里提取：..." are its text, not the items."""
    notice = ("各位同事：\n本周五（6月21日）下午3点在公司三楼301会议室召开销售复盘会。\n请各区域经理准备好本季度数据。\n会议由市场部"
              "王磊负责组织。\n行政部")
    schema = proposed("帮我从下面这条通知里提取：会议时间、地点、负责人\n\n" + notice, "zh")
    assert schema.category == "Keyword Extraction" and schema.data == ["会议时间", "地点", "负责人"]


def test_inline_numbers_before_each_field_are_no_part_of_it() -> None:
    """ "list (1) the attendees, (2) the decisions made, (3) the action items" names three fields, not "(1) the
    attendees"; the template asks for one of them in the request's words."""
    schema = proposed("From these meeting notes, list (1) the attendees, (2) the decisions made, (3) the next "
                      "deadline.\n\nNotes: Monday sync with Ana, Ben and Chloe. We agreed to move the launch to May. "
                      "Ben will update the budget by Friday. Chloe owns the press kit.")
    assert schema.data == ["the attendees", "the decisions made", "the next deadline"]
    assert schema.template == "{context}\n\nFrom these meeting notes, list {data}."
