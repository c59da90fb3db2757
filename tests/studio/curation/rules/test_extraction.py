"""Extraction requests in any layout (`rules.extraction`): the text found first, then the request and its fields
beside it. Hand-written unit cases in the layouts of session 36's probes; not evidence (docs/curation.md)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.rules import extract_rules
from studio.curation.lexicon.matching import probe
from studio.curation.rules.extraction import (
    _ENTITY_QUESTION, _TAGGED, _lines_beside_a_line, _past_pointer, _tagged_blocks, from_extraction_request,
)
from tests.studio.curation.rules.support import not_proposed, proposed

_NOTE = ("Pt was started on amoxicillin 500 mg, three times daily for 7 days. Advised to return if fever persists "
         "beyond 72 hours. Follow-up with Dr. Haldane in two weeks.")
_EMAIL = ("Hi team, quick reminder that the Q3 budget review has moved to Thursday, September 7 at 10:30 AM in "
          "Conference Room B. Please bring the travel figures. Thanks, Priya")


@pytest.mark.parametrize(("text", "items"), [
    # a table header row to fill
    ("Fill in this table using the email below. Just give me the filled row.\n\n| Sender | Meeting date | Room |\n"
     "|---|---|---|\n\nEmail:\n" + _EMAIL, ["Sender", "Meeting date", "Room"]),
    # a column of bullets under a header naming them, the text in its own section
    ("## Task\nExtract fields from the visit note below.\n\n## Fields\n- drug_name\n- dosage\n- duration\n\n"
     "## Note\n" + _NOTE, ["drug_name", "dosage", "duration"]),
    # the output's keys, no verb
    ("You are an AI that reads clinic notes.\nReturn ONLY valid JSON with these keys: drug_name, dosage, duration.\n\n"
     "Note:\n\"\"\"\n" + _NOTE + "\n\"\"\"", ["drug_name", "dosage", "duration"]),
    # a JSON object to fill after a labelled text
    ("Context: " + _NOTE + "\n\nExtract the following as JSON:\n{\"drug\": \"\", \"dose\": \"\", \"doctor\": \"\"}",
     ["drug", "dose", "doctor"]),
    # inline letters, the text after a colon on the next paragraph
    ("For my review, extract (a) drug (b) dose (c) duration from the following note:\n\n" + _NOTE,
     ["drug", "dose", "duration"]),
])
def test_fields_listed_beside_a_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context is not None and "amoxicillin" in schema.context or "Priya" in (schema.context or "")


@pytest.mark.parametrize("text", [
    # a weak verb asks nothing of a text it does not point at
    "Here is my essay.\n\n" + _EMAIL + "\n\nGive me feedback on grammar, structure, tone and length.",
    # a table to create, not fields to find
    "Make a table with these columns: Region, Product, Units sold, Revenue.\n\n" + _EMAIL,
    # two sides of one task joined by "and"
    "Extract the information and details of the message from the text.\n\n" + _EMAIL,
])
def test_lists_beside_a_text_that_are_no_fields(text: str) -> None:
    not_proposed(text)


def test_identifiers_of_code_are_no_fields() -> None:
    """A schema or code to work on: its lines are identifiers, whatever else the prompt holds."""
    text = ("Extract the fields of this model and document them:\nmodel Task {\n id Int @id;\n title String;\n"
            " done Boolean;\n}\n\nNotes:\n" + _EMAIL)
    assert from_extraction_request(text, probe(text)) is None


_AD = ("Selling my 2014 hatchback, 98,000 km, silver, petrol, one owner, new tyres last spring. Asking 7,900 EUR, "
       "price slightly negotiable. Call Tomas on 0612 448 901 after 6pm.")


@pytest.mark.parametrize(("text", "items"), [
    # the fields after a colon, no verb at all
    ("Ad:\n" + _AD + "\n\nwhat I'm after: year, mileage, colour, asking price, seller phone",
     ["year", "mileage", "colour", "asking price", "seller phone"]),
    # in Spanish
    ("Anuncio:\n" + _AD + "\n\nlo que me interesa: el precio, el año, el teléfono",
     ["el precio", "el año", "el teléfono"]),
])
def test_data_fields_beside_a_text_need_no_verb(text: str, items: list[str]) -> None:
    """Most of the listed names are data a document holds (a year, a price, a phone): fields, though no verb asks."""
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and "Tomas" in (schema.context or "")
    assert any(reason.rule == "fields.attributes" for reason in schema.reasons)


@pytest.mark.parametrize("text", [
    # aspects or topics, not data
    _AD + "\n\nthoughts on wording, tone, length and punctuation?",
    # something to make of the data
    _AD + "\n\nMake a table of the year, the mileage and the price.",
    # a rest that is a document of its own, not a request
    _AD + "\n\n" + _EMAIL + " Year, mileage and price were on the agenda too, among other things.",
])
def test_lists_of_data_words_that_ask_for_no_fields(text: str) -> None:
    assert from_extraction_request(text, probe(text)) is None


@pytest.mark.parametrize(("text", "items"), [
    # a weak verb with its list's colon right after it, no pointer at the text
    ("Can you read this ad and list: year, mileage, asking price, seller phone.\n\n" + _AD,
     ["year", "mileage", "asking price", "seller phone"]),
    # "grab me": the list starts after the pronoun and ends before its purpose clause
    (_AD + "\n\nfrom that ad grab me year, mileage and asking price so I can paste them into my sheet",
     ["year", "mileage", "asking price"]),
    # "#" ending a field's name names a number
    ("Ad below. Fill in: Year; Mileage; Listing #.\n\n" + _AD, ["Year", "Mileage", "Listing #"]),
])
def test_weakly_asked_fields_beside_a_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"


def test_a_hash_before_a_word_is_still_code() -> None:
    text = "Extract the following from the snippet: #include, #define, macro names.\n\n" + _NOTE
    assert from_extraction_request(text, probe(text)) is None


def test_a_weak_verb_before_a_colon_is_looked_for_at_the_first_colons_only() -> None:
    """The cheap test before a weak verb's request is read: the words before each of the first colons."""
    from studio.curation.rules.extraction import _COLONS_READ, _weak_verb_before_colon

    assert _weak_verb_before_colon("read this clause and list: client, rate")
    assert _weak_verb_before_colon("give me the following:\n- year")
    assert not _weak_verb_before_colon("a list of: nothing asked") and not _weak_verb_before_colon("no colon at all")
    assert not _weak_verb_before_colon("a: b\n" * _COLONS_READ + "list: client, rate")  # (code or a log)


_LISTING = ("Bright two-bed flat on the third floor, close to the tram. Rent is 1,150 EUR a month plus 90 EUR service "
            "charges; deposit of two months' rent. Available from 1 March. Contact Ines Vidal, 0611 203 554.")


@pytest.mark.parametrize(("text", "items"), [
    # an Oxford comma before the last field, which is a wh-clause
    ("From this listing, get me the rent, the deposit, and when it is available.\n\n" + _LISTING,
     ["the rent", "the deposit", "when it is available"]),
    # the output's keys named inside the request's sentence, the list ended by "based on this ..."
    ("Return a JSON object with the keys rent, deposit and available_from based on this listing.\n\n" + _LISTING,
     ["rent", "deposit", "available_from"]),
    # an asking word with a pointer at the text
    ("I need the rent, the deposit and the contact number from this, thanks\n\n" + _LISTING,
     ["the rent", "the deposit", "the contact number"]),
    # the request's own words after its list; the list after the whole verb ("pull out")
    ("Listing below. Pull out the rent, the deposit and the phone number, nothing else.\n\n" + _LISTING,
     ["the rent", "the deposit", "the phone number"]),
    # a colon ending the request's line: the list stands before it
    ("Del siguiente anuncio, sácame el precio, la fianza y la fecha de entrada:\n\n" + _LISTING,
     ["el precio", "la fianza", "la fecha de entrada"]),
    # an asking word on the short last line after the text, most of its fields data a document holds
    (_LISTING + "\n\nwhat's the price, the start date and the contact number?",
     ["the price", "the start date", "the contact number"]),
    (_AD + "\n\nok now give me the year, mileage and asking price", ["the year", "mileage", "asking price"]),
])
def test_fields_asked_in_plain_words(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"
    assert schema.context == (_LISTING if _LISTING in text else _AD)


@pytest.mark.parametrize("text", [
    # the last line after a paragraph asks for things to write, not data of the paragraph
    _LISTING + "\n\nCan you give me headlines and descriptions for an ad?",
    # one field and the request's own words
    "From this listing I only need the rent, nothing else.\n\n" + _LISTING,
    # "according to this" opens no list of fields (a column of fields under it is read since rules 2.103, whose
    # fields may close with a hint of their type: "rent (number)")
    "Extract according to this schema and output YAML.\n\n" + _LISTING,
])
def test_plain_asking_words_that_ask_for_no_fields(text: str) -> None:
    assert from_extraction_request(text, probe(text)) is None


@pytest.mark.parametrize(("text", "items"), [
    # "return:" over a column of fields after the text
    (_LISTING + "\n\nreturn:\nrent\ndeposit\ncontact name", ["rent", "deposit", "contact name"]),
    # an output format of empty "field:" lines
    (_LISTING + "\n\nOutput format:\nrent: \ndeposit: \ncontact: ", ["rent", "deposit", "contact"]),
])
def test_a_column_of_fields_under_return_or_an_output_format(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context == _LISTING


def test_fields_asked_of_a_log_line_or_a_traceback_are_read_although_they_look_like_code() -> None:
    """Code-looking lines stop a field list (identifiers of a config to work on are no fields), unless the request
    points at the text and its fields name data: a log line or a traceback holds data too."""
    log = ("2024-03-02T10:14:55Z ERROR payments-api request_id=7f3a9 user=4471 error_code=E402 latency_ms=812 "
           "retry=2 msg=\"card declined by issuer\" host=pay-7 region=eu-west-1 trace=ab12cd34")
    text = "from this log line I need: timestamp, log level, request id and error code, as json\n\n" + log
    schema = proposed(text)
    assert schema.data == ["timestamp", "log level", "request id", "error code"] and schema.context == log
    not_proposed("Write a function that returns the timestamp, log level, request id and error code:\n\n" + log)


_BOOKING = ("Booking ref QX7K2M. Passenger: Amira Haddad. Flight LH 1234, Lufthansa, Frankfurt (FRA) 09:40 to Lisbon "
            "(LIS) 11:55, 14 June. Seat 23C, one checked bag of 23 kg included. Check-in closes 40 minutes before.")


@pytest.mark.parametrize(("text", "items"), [
    # fields in Japanese corner brackets before the verb that ends the request
    ("以下の予約から「便名」「座席」「出発時刻」を抜き出してください。\n\n" + _BOOKING, ["便名", "座席", "出発時刻"]),
    # a Japanese object list cut by "、" or "・" before "を" and the verb, after where it is taken from ("から、")
    ("次の予約から、便名、座席、出発時刻を抜き出してください。\n\n" + _BOOKING, ["便名", "座席", "出発時刻"]),
    ("以下の予約情報から便名・座席・出発時刻を抽出してください。\n\n" + _BOOKING, ["便名", "座席", "出発時刻"]),
    # "with keys" and no article before them
    ('Return JSON with keys "flight", "seat", "departure" using this booking.\n\n' + _BOOKING,
     ["flight", "seat", "departure"]),
    # a text turned into a format with named fields
    ("Turn this into YAML with passenger, airline, flight number, seat, departure time:\n\n" + _BOOKING,
     ["passenger", "airline", "flight number", "seat", "departure time"]),
])
def test_fields_asked_in_more_layouts(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context == _BOOKING


def test_a_spanish_saques_asks_for_the_fields_after_it() -> None:
    """ "Necesito que me saques de este ticket: ..." (I need you to take out of this receipt): a request verb, so the
    fields need not name data as a list without one must."""
    receipt = ("FERRETERÍA LÓPEZ S.L. CIF B-12345678. C/ Mayor 12, Zaragoza. 03/05/2024 17:42. Tornillos 4,50; "
               "Taladro 39,90; Bolsa 0,10. TOTAL 44,50 EUR. Pagado con tarjeta VISA ****4821. Gracias por su visita.")
    schema = proposed("Necesito que me saques de este ticket: nombre del establecimiento, CIF y forma de pago.\n\n"
                      + receipt, "es")
    assert schema.data[1:] == ["CIF", "forma de pago"] and schema.data[0].endswith("establecimiento")
    assert schema.context == receipt


def test_a_wh_question_on_the_last_line_naming_delivery_data_asks_for_fields() -> None:
    """ "what's the carrier, tracking number, delivery window and the items?" after the text: most fields name data
    a document holds ("delivery" among them), so the weak asking word on the short last line asks for them."""
    shipping = ("Your order #5521 has shipped! Carrier: DHL Express. Tracking number: 4410 2231 9987. Estimated "
                "delivery window: Thu 12 Sep, 9:00-13:00. Items: 1x desk lamp, 2x lampshade. Thanks for shopping.")
    schema = proposed(shipping + "\n\nwhat's the carrier, tracking number, delivery window and the items?")
    assert schema.data == ["the carrier", "tracking number", "delivery window", "the items"]


_NOTICE = ("Subject: Your parcel is on its way\n\nHello Dana,\n\nYour order left our warehouse this morning with "
           "Northgate Freight.\n\nTracking number: NG 4471 0093\nExpected: Tuesday 14 May, 9:00-13:00\n\nThanks for "
           "ordering from Pebble & Pine!")


@pytest.mark.parametrize(("text", "items"), [
    # a form to fill, its lines ending in colons, then the text after a separator line (rules 2.58)
    ("fill this in from the email below\n\nCourier:\nTracking no.:\nExpected delivery:\n\n---\n" + _NOTICE,
     ["Courier", "Tracking no.", "Expected delivery"]),
    # a one-line request pointing at the text, the text of several paragraphs, the fields in a column after it
    ("Shipping email below. I need a few things out of it.\n\n" + _NOTICE + "\n\n-> courier\n-> tracking number\n"
     "-> delivery window", ["courier", "tracking number", "delivery window"]),
    # the request and its colon on the text's own line
    ("From this text get the bank, the amount and the balance: Halden Bank: card ending 0042 charged GBP 12.50 at "
     "Corner Cafe on 3 May. Balance GBP 802.10.", ["the bank", "the amount", "the balance"]),
    # "from:" points at the text after its colon (rules 2.59)
    ("get name, phone, email from: Ring Odile Marchetti on 555-0107 or mail o.marchetti@brackwell.example about "
     "the van", ["name", "phone", "email"]),
])
def test_fields_beside_a_text_of_several_paragraphs(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == items


def test_semicolons_ending_bulleted_lines_are_no_code() -> None:
    """A job ad's bulleted lines end in semicolons in many languages; three of them made the prompt code."""
    ad = ("Вакансия: бухгалтер в офис в Казани.\n\nТребования:\n— опыт работы от 2 лет;\n— знание 1С;\n"
          "— внимательность;\n\nПисать на jobs@example.org")
    schema = proposed(ad + "\n\nВытащи из этой вакансии: должность, город, требования и email")
    assert schema.data == ["должность", "город", "требования", "email"]


_LEASE = ("This Lease Agreement is made on 4 March 2025 between Orrin Holdings Ltd, a company registered in "
          "Ireland, and Petra Vasquez. The monthly rent is EUR 1,450, payable on the first day of each month. The "
          "term is twelve months. This lease is governed by the laws of Ireland.")


def test_a_fields_own_parenthesis_does_not_end_the_list() -> None:
    """Rules 2.60 (read off N-10): "the landlord (with country of registration), start date, ..." qualifies its first
    field; the list goes on after the parenthesis, which the field's name leaves out."""
    schema = proposed("Paralegal task: extract the landlord (with country of registration), start date, monthly "
                      "rent, term and governing law.\n\n" + _LEASE)
    assert schema.data == ["the landlord", "start date", "monthly rent", "term", "governing law"]


def test_a_parenthesis_after_the_list_still_ends_it() -> None:
    schema = proposed("Extract the start date, monthly rent and term (answer in JSON).\n\n" + _LEASE)
    assert schema.data == ["the start date", "monthly rent", "term"]


_TILL = ("CORNER DELI #12\n22 Mill Lane\n\n05/02/25 12:14\n\nTURKEY CLUB        8.50\nICED TEA           2.75\n"
         "CHIPS              1.99\n\nTOTAL             13.24\nMASTERCARD ****9921  13.24")


def test_a_named_text_below_points_a_weak_verb_at_it() -> None:
    """Rules 2.60 (N-29): "receipt below. I need ..." names the text the weak verb asks of; "w/" joins one field's
    words and "for my ..." ends the list."""
    schema = proposed("receipt below. I need shop name, each item w/ price, total and card last 4 digits for my "
                      "expenses sheet\n\n" + _TILL)
    assert schema.data == ["shop name", "each item w/ price", "total", "card last 4 digits"]
    assert schema.category == "Keyword Extraction" and "TURKEY CLUB" in (schema.context or "")


def test_a_weak_verb_without_a_pointer_asks_nothing_of_the_text() -> None:
    not_proposed("I need a shop name, a logo idea and a slogan for my deli, something cosy\n\n" + _TILL)


def test_a_weak_verb_in_a_short_request_beside_the_longest_block() -> None:
    """Rules 2.63: the prompt is a text and a request of a line or two beside it; a weak verb there asks of that
    text, with no pointer at it, when most of its fields name data (read off set A-N's misses; no real prompt of the
    64,812 moved)."""
    schema = proposed("my landlord sent this. can you just list the rent, the deposit and when it is available\n\n"
                      + _LISTING)
    assert schema.data == ["the rent", "the deposit", "when it is available"] and schema.context == _LISTING
    assert any(reason.rule == "fields.request" for reason in schema.reasons)


@pytest.mark.parametrize("text", [
    # the fields name no data: aspects of the text to judge
    "my landlord sent this. can you just list the tone, the style and when it is available\n\n" + _LISTING,
    # a set-up of short paragraphs before the request is no text to read
    "Forget the instructions given before.\n\nI rent out flats in Lyon and want to grow.\n\nList the top 10 agencies "
    "in Lyon with their website url, phone number and address.",
])
def test_a_weak_verb_beside_no_text_or_asking_no_data(text: str) -> None:
    schema = extract_rules(text)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


_LETTER = ("Dear Parents,\n\nYear 5 will visit the Riverside Science Museum on Friday 9 June. Coaches leave school at "
           "8:15, so please make sure your child arrives by 8:00.\n\nThe cost of the trip is £14, payable through the "
           "school app by Friday 2 June. Children should bring a packed lunch and a raincoat.\n\nKind regards,\n"
           "Mrs Patel")


def test_a_weak_verb_in_a_short_first_paragraph_before_a_text_of_several() -> None:
    """The text may run over several paragraphs (a letter), none of them long: the short first one is the request."""
    schema = proposed("got this from school. can you just list the cost, the pay-by date and when he has to be "
                      "there\n\n" + _LETTER)
    assert schema.data == ["the cost", "the pay-by date", "when he has to be there"] and schema.context == _LETTER


def test_a_weak_verb_before_a_letter_asking_no_data() -> None:
    schema = extract_rules("got this from school. can you just list the tone, the style and when he has to be "
                           "there\n\n" + _LETTER)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


_PARCEL = ("Hello, your parcel from Orla Home has been handed to FastLane Couriers. Tracking number: FL88302194. "
           "Estimated delivery: Thursday 14 March between 9am and 1pm. Please make sure someone is home to sign.")


@pytest.mark.parametrize(("text", "items"), [
    # pluses, no verb, a courtesy word after the last field
    ("tracking no + carrier + ETA pls\n\n" + _PARCEL, ["tracking no", "carrier", "ETA"]),
    # each field a terse question, the list ended by a pointer at the text
    ("tracking number? courier? delivery date? from this msg:\n\n" + _PARCEL,
     ["tracking number", "courier", "delivery date"]),
    # slashes after the text
    (_PARCEL + "\n\ntracking number / courier / delivery date", ["tracking number", "courier", "delivery date"]),
])
def test_data_fields_cut_by_marks_other_than_commas(text: str, items: list[str]) -> None:
    """Rules 2.63: a no-verb request's fields may be cut by pluses, slashes, bars or question marks (read off set
    A-N's misses; no real prompt of the 64,812 moved)."""
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context == _PARCEL


@pytest.mark.parametrize("text", [
    # aspects, not data
    "tone? style? length? from this msg:\n\n" + _PARCEL,
    # two marks make no list of three
    "tracking number + courier pls\n\n" + _PARCEL,
])
def test_marked_words_that_are_no_data_fields(text: str) -> None:
    schema = extract_rules(text)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


def test_a_weak_verb_that_asks_nothing_leaves_the_fields_to_the_data_words() -> None:
    """"need it for my sheet" is no request: the fields named before it are still read as data fields."""
    schema = proposed("what's the tracking number, carrier and delivery date in this msg?? need it for my sheet\n\n"
                      + _PARCEL)
    assert schema.data == ["the tracking number", "carrier", "delivery date"]


_BILL = ("BRIGHTWATER ENERGY - Electricity Statement\n\nAccount holder: R. Szabo\nAccount number: 88 1204 7731\n"
         "Billing period: 1 Jan - 31 Mar\n\nUnits used: 812 kWh\nAmount due: £241.16\nPay by: 28 April")


def test_data_fields_on_one_line_before_a_text_of_several_paragraphs() -> None:
    """The no-verb request reads past the longest block: a text of several paragraphs under a one-line request."""
    schema = proposed("account number? billing period? units used? amount due? from this bill:\n\n" + _BILL)
    assert schema.data == ["account number", "billing period", "units used", "amount due"]
    assert schema.context is not None and "Szabo" in schema.context and "£241.16" in schema.context


def test_a_texts_own_first_paragraph_is_no_request() -> None:
    """Beside a text of several paragraphs only one short line is the request: the text's first paragraph, with
    its commas, is not."""
    text = ("The statement lists the account holder, the account number, the billing period and the amount due, "
            "each on its own line, as the regulator asks of every supplier since the rules changed in 2021.\n\n"
            + _BILL + "\n\nCould you explain each line in simple terms?")
    schema = extract_rules(text)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


def test_two_data_fields_joined_by_and_alone() -> None:
    """Two fields joined by "and" alone are fields when both name data ("email and phone"); two sides of one task
    ("the information and details") stay out (read off set A-N; no real prompt of the 64,812 moved)."""
    note = "Hi, I'm Dana Whitlock, reach me at dana.w@orchidline.io or 415-555-0192 after 5pm."
    assert proposed("Extract email and phone: " + note).data == ["email", "phone"]
    schema = extract_rules("Extract the information and details: " + note)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


@pytest.mark.parametrize("lead", ["whats", "what is", "What's"])
def test_asking_words_opening_the_first_field_are_no_part_of_it(lead: str) -> None:
    """ "whats the tracking number, carrier and delivery date": the asking words are cut off the first field, which
    "what" at its start would otherwise make no field's name."""
    schema = proposed(f"{lead} the tracking number, carrier and delivery date in this msg? need it for my sheet\n\n"
                      + _PARCEL)
    assert schema.data == ["the tracking number", "carrier", "delivery date"]


# -- rules 2.64 ---------------------------------------------------------------------------------------------------------
_HOUSE = ("JUST LISTED 27 Wattle Grove, Kelmscott 6111\nCharming 1970s brick home on a 728sqm block. 3 bed | 1 bath | "
            "2 car. Renovated kitchen, solar panels, huge backyard.\nOffers from $549,000\nContact Jesse Tran 0412 884 "
            "305 | Summit Realty")


def test_a_request_line_right_over_its_text_in_one_paragraph() -> None:
    """No blank line between the request and the text under it: the lines after the request's are the text."""
    schema = proposed("could u extract the address, asking price, agent name and agent phone from this listing? thx\n"
                      + _HOUSE)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["the address", "asking price", "agent name", "agent phone"]
    assert schema.context == _HOUSE


def test_only_a_first_or_last_line_holding_the_verb_stands_beside_the_text() -> None:
    """The one-paragraph split is read only where the request's verb stands on the first or last line, and not over
    rule lines (records between them, `test_fields`' invoices)."""
    request = "pull out the address, asking price and agent phone"
    text = request + "\n" + _HOUSE
    assert list(_lines_beside_a_line(text, 0)) == [(len(request) + 1, len(text))]
    assert list(_lines_beside_a_line(text, text.index("Charming"))) == []
    ruled = request + "\n-----\n" + _HOUSE
    assert list(_lines_beside_a_line(ruled, 0)) == []


def test_a_line_of_the_text_is_no_request_without_a_verb() -> None:
    """A one-paragraph text's first or last line is its own line, not a no-verb request for its data fields."""
    text = ("Our team keeps the warehouse tidy and safe for every shift, all year round.\n"
            "We plan the loading bays with the drivers a week ahead and review them on Fridays.\n"
            "Meetings happen by phone, in the canteen or on the loading dock.")
    assert from_extraction_request(text, probe(text)) is None


@pytest.mark.parametrize(("request_", "items"), [
    ("parse this job ad into: job title, salary range, location and remote policy",
     ["job title", "salary range", "location", "remote policy"]),
    ("convert to csv with header address,asking_price,agent_phone. only the csv",
     ["address", "asking_price", "agent_phone"]),
    ("whats the address, asking price and agent phone from this ad", ["the address", "asking price", "agent phone"]),
])
def test_more_requests_for_fields(request_: str, items: list[str]) -> None:
    """ "parse this ... into:", "convert to csv with header ...", "whats" typed without its apostrophe."""
    assert proposed(f"{request_}\n\n{_HOUSE}").data == items


def test_parse_in_an_error_message_asks_for_nothing() -> None:
    text = ("jq 'del(.items[].metadata)' > out.yaml\n\nparse error: Invalid numeric literal, level 2, column 11 "
            "and line 4\n\nwhat am I doing wrong?")
    schema = extract_rules(text)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


def test_wh_clauses_after_the_texts_name() -> None:
    """ "tell me from this press release who ..., how much ..., who ...": the text's name is cut off the first field,
    which may then be a wh-clause like the later ones."""
    release = ("FOR IMMEDIATE RELEASE\n\nMossgrove Robotics raises $38 million Series B led by Ridgeline Ventures, "
               "with Aurelian Capital and Foundry Ag. The company is based in Sacramento.")
    schema = proposed("Can you tell me from this press release who the company is, how much they raised, who led the "
                      "round, and where they're based?\n\n" + release)
    assert schema.data == ["who the company is", "how much they raised", "who led the round", "where they're based"]


def test_a_first_wh_clause_without_the_texts_name_is_no_field() -> None:
    release = "Mossgrove Robotics raises $38 million Series B led by Ridgeline Ventures. It is based in Sacramento."
    schema = extract_rules("Can you tell me who the company is, how much they raised, who led the round?\n\n"
                           + release * 2)
    assert not (schema.parallelizable and schema.category == "Keyword Extraction")


# -- rules 2.65 ---------------------------------------------------------------------------------------------------------
_HOTEL = ("Hotel Mirador del Valle\nConfirmation number: 7719-2845\nCheck-in: Friday 18 October\nCheck-out: Monday 21 "
          "October\nTotal price: 312 EUR\nFree cancellation until 15 October.")


def test_pick_out_asks_for_fields() -> None:
    schema = proposed("Can you pick out the check-in day, the total price and the confirmation number from this "
                      "email:\n\n" + _HOTEL)
    assert schema.data == ["the check-in day", "the total price", "the confirmation number"]


@pytest.mark.parametrize(("field", "kept"), [
    ("de este correo el número de reserva", "el número de reserva"),
    ("from this press release who the company is", "who the company is"),
    ("aus dieser nachricht die Adresse", "die Adresse"),
    ("de este hotel el precio", "de este hotel el precio"),  # a hotel is no text: nothing is cut
    ("from the north region sales", "from the north region sales"),
])
def test_the_texts_name_is_cut_off_the_first_field(field: str, kept: str) -> None:
    text = f"sacar {field}, y mas"
    start = text.index(field)
    assert text[_past_pointer(text, start, start + len(field)):start + len(field)] == kept


# -- rules 2.66 ---------------------------------------------------------------------------------------------------------
_RECEIPT = ("Zamówienie nr 55-1093\nData: 03.05.2024\nKwota: 249,90 zł\nDostawa: kurier InPost\n"
            "Adres: ul. Lipowa 4, Kraków")


@pytest.mark.parametrize(("request_", "items"), [
    # on the line after the text, the last field joined by "and" in the language of the request
    ("wypisz mi: numer zamówienia, kwotę i adres dostawy", ["numer zamówienia", "kwotę", "adres dostawy"]),
    ("plocka ut ordernummer, belopp och adressen", ["ordernummer", "belopp", "adressen"]),
    ("kun je hieruit halen het ordernummer, het bedrag en het adres", ["het ordernummer", "het bedrag", "het adres"]),
    # a mark inside a field's parenthesis and a compound's elision do not cut the field
    ("kannst du mir hier raussuchen: betrag (inkl. versand + steuer), datum, lieferart",
     ["betrag", "datum", "lieferart"]),
    ("kun je hieruit halen het ordernummer, de verzend- en betaaldatum en het adres",
     ["het ordernummer", "de verzend- en betaaldatum", "het adres"]),
])
def test_fields_joined_in_other_languages(request_: str, items: list[str]) -> None:
    schema = proposed(_RECEIPT + "\n\n" + request_)
    assert schema.data == items and schema.category == "Keyword Extraction"


@pytest.mark.parametrize(("request_", "items"), [
    ("şu siparişten sipariş numarasını, tutarı ve teslimat adresini çıkarır mısın",
     ["sipariş numarasını", "tutarı", "teslimat adresini"]),
    ("이 메일에서 주문 번호, 금액, 배송 주소를 추출해줘", ["주문 번호", "금액", "배송 주소"]),
    ("아래 메일에서 주문 번호, 금액, 배송 주소를 뽑아줘", ["주문 번호", "금액", "배송 주소"]),  # ("pick out": rules 2.72)
    ("इसमें से ऑर्डर नंबर, राशि और पता निकाल दो", ["ऑर्डर नंबर", "राशि", "पता"]),
])
def test_fields_before_a_verb_that_comes_last(request_: str, items: list[str]) -> None:
    """Turkish, Korean and Hindi put the verb after its objects: the fields stand between the text's name in the
    ablative and the verb (Korean's object particle "를" is the clause's, not the last field's: rules 2.72)."""
    schema = proposed(_RECEIPT + "\n\n" + request_)
    assert schema.data == items


def test_a_verb_last_request_for_one_thing_lists_no_fields() -> None:
    not_proposed(_RECEIPT + "\n\nşu siparişten teslimat adresini çıkarır mısın")


@pytest.mark.parametrize("request_", [
    "kan du finde ordrenummer, beløb og adresse fra mit kvittering",
    "consegue tirar daí o número do pedido, o valor e o endereço?",
])
def test_a_weak_verb_pointing_at_the_text_in_other_languages(request_: str) -> None:
    proposed(request_ + "\n\n" + _RECEIPT if request_.startswith("kan") else _RECEIPT + "\n\n" + request_)


def test_a_weak_verb_pointing_at_the_text_in_danish() -> None:
    card = ("BOARDINGKORT\nPassager: HOLM/KAREN\nFra: Aalborg  Til: Oslo\nFly: SK 1412  Dato: 03MAR\n"
            "Gate: B7  Boarding: 06:40  Sæde: 21C\nGaten lukker 20 minutter før afgang.")
    assert proposed("kan du finde navn, sæde og gate fra mit boardingkort\n\n" + card).data == ["navn", "sæde", "gate"]


def test_a_weak_verb_pointing_nowhere_asks_for_no_fields() -> None:
    not_proposed("kan du finde ordrenummer, beløb og adresse til mig\n\n" + _RECEIPT)


def test_the_header_of_an_example_output_lists_no_fields() -> None:
    not_proposed("Using the Orders table, return the total value of orders per week, starting from the first week. "
                 "Include how many orders made up each total:\n\ne.g.\nWeek, Value, Number Of Orders\n"
                 "2024-W01, 51000, 12")


def test_fields_asked_of_a_log_line() -> None:
    """A log is a text to read: "in this log line" points a weak verb ("whats") at it."""
    line = ("2024-05-02T10:14:07Z payments-api ERROR user_id=88412 request_id=ab41 msg=\"card declined: "
            "insufficient funds\" latency_ms=412")
    schema = proposed("whats the timestamp, service name, user id and error message in this log line\n" + line)
    assert schema.data == ["the timestamp", "service name", "user id", "error message"]


def test_a_russian_verb_of_taking_out_asks_for_fields() -> None:
    note = ("В четверг, 3 октября, в Самаре на улице Победы произошло возгорание в жилом доме. Пострадали два "
            "человека. Проверку начала прокуратура района.")
    schema = proposed("Из текста достань: дата, город, улица, число пострадавших\n\n" + note)
    assert schema.data == ["дата", "город", "улица", "число пострадавших"]


_LOG = ("66.249.66.1 - - [02/Aug/2023:10:14:07 +0000] \"GET /shop/cart HTTP/1.1\" 200 5120 \"-\" \"Googlebot/2.1\"\n"
        "203.0.113.9 - - [02/Aug/2023:10:14:09 +0000] \"POST /api/login HTTP/1.1\" 401 312 \"-\" \"curl/8.1\"")
_BIO = ("Mara Lindqvist (born 4 May 1961 in Uppsala) is a Swedish architect. She married the painter Olof Berg in "
        "1990 and received the Prince Eugen Medal in 2004 for her work on public libraries.")


@pytest.mark.parametrize(("text", "items"), [
    # "these" and a plural text noun point at the text
    ("list the client IPs, request paths, status codes and user agents from these nginx logs:\n" + _LOG,
     ["client IPs", "request paths", "status codes", "user agents"]),
    # a weak verb on the last line, fields naming data a biography holds
    ("Passage:\n" + _BIO + "\n\nPlease find her date of birth, birthplace, occupation, spouse, and awards.",
     ["her date of birth", "birthplace", "occupation", "spouse", "awards"]),
    # "the following" over a text, the fields on the line after it
    ("From the abstract below pull out the following.\n\nBackground: " + _NOTE + "\n\nsample size; drug name; "
     "dose; follow-up", ["sample size", "drug name", "dose", "follow-up"]),
])
def test_fields_asked_of_a_text_in_chat_layouts(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"


def test_clauses_asking_facts_name_data() -> None:
    """ "who's attending" asks for a fact the email states, as a data noun names one."""
    text = ("here's the email\n\n" + _EMAIL
            + "\n\nget me the meeting date, time, room, who's attending and what to bring")
    assert proposed(text).data == ["the meeting date", "time", "room", "who's attending", "what to bring"]


def test_money_is_no_code_mark_and_all_the_opens_no_field() -> None:
    """ "over $50" in a field is an amount ("$HOME" is code); "all the" before the first field says it of every
    field."""
    statement = "my statement:\n04/02  TRADER JOES  $64.10\n04/03  SHELL OIL  $41.00\n04/05  IKEA  $212.99\n"
    assert proposed(statement + "find all the merchants, dates and amounts for purchases over $50").data == [
        "the merchants", "dates", "amounts for purchases over $50"]
    not_proposed(statement + "find all the merchants, dates and $HOME paths")


def test_a_lone_header_row_to_fill_from_a_text() -> None:
    """A table's header row alone in its paragraph, no "|---|" row under it, to fill from the text."""
    invoice = ("NORTHWIND OFFICE SUPPLY LTD\nINVOICE No. 00-7741   Date: 02/08/2023\nBill to: Carrow & Hale, York\n"
               "Subtotal: 412.50 GBP\nVAT (20%): 82.50 GBP\nTotal due: 495.00 GBP")
    text = "Fill in one row of this table from the invoice:\n\n| Invoice No. | Date | Customer | Total |\n\n" + invoice
    assert proposed(text).data == ["Invoice No.", "Date", "Customer", "Total"]


def test_fields_named_by_a_list_of_strings() -> None:
    """ '"fields": ["a", "b"]' in a JSON task: the list's strings are the fields, not the object's keys."""
    booking = ("Your booking is confirmed! Passenger: HOLLIS/MARA MS. Flight TQ 4471 from Lisbon (LIS) to Oslo (OSL) "
               "departs 14 Sep 2023 at 07:15 and arrives at 11:40 local time. Seat 23A.")
    text = ('{"task": "extract", "fields": ["flight_number", "departure_airport", "arrival_airport", '
            '"departure_time"], "text": "' + booking + '", "output_format": "json"}')
    assert proposed(text).data == ["flight_number", "departure_airport", "arrival_airport", "departure_time"]


def test_entity_types_after_their_label_are_the_fields() -> None:
    """ "Entity types: PERSON, ORG, LOC" names the fields as "Fields:" does."""
    news = ("Apple CEO Tim Cook met German chancellor Olaf Scholz in Berlin on Tuesday to discuss a new factory in "
            "Brandenburg, the company said in a statement.")
    text = "Perform named entity recognition on the text below. Entity types: PERSON, ORG, LOC, DATE.\n\n" + news
    assert proposed(text).data == ["PERSON", "ORG", "LOC", "DATE"]


# -- session 47: read off sets AC and AD (hand-written here in their layouts) -------------------------------------
_TICKET = ("Hi, this is Marta Lindqvist (marta.l@northwind.example). Our Pro plan shows 4 of 10 seats since the "
           "renewal on 2 May. Order ref NW-20931. Can someone check?")


@pytest.mark.parametrize(("text", "items"), [
    # a template's sections: the keys under their own header, the input under its own
    ("### Task\nExtract the keys below from the input.\n### Keys\ncustomer, email, plan, order_ref\n### Input\n"
     + _TICKET + "\n### Output\n", ["customer", "email", "plan", "order_ref"]),
    # the output fields in a column after the input
    ("### Task\nExtract entities.\n### Input\n" + _TICKET + "\n### Output fields\n- customer\n- plan\n- order_ref",
     ["customer", "plan", "order_ref"]),
    # entity types named after a sentence asking for NER, the text labelled below
    ("Run NER on the text below. Entity types: PERSON, ORG, DATE. Return each entity with its type.\n\nText: "
     + _TICKET, ["PERSON", "ORG", "DATE"]),
])
def test_fields_named_under_a_templates_label(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and "Lindqvist" in (schema.context or "")
    assert any(reason.rule == "fields.sections" for reason in schema.reasons)


def test_a_templates_label_without_a_request_names_no_fields() -> None:
    """Keys over a text with nothing asking to extract them (no request verb, no NER): a schema to write about."""
    text = "### Keys\ncustomer, email, plan\n### Input\n" + _TICKET
    schema = extract_rules(text)
    assert not any(reason.rule == "fields.sections" for reason in schema.reasons)


@pytest.mark.parametrize(("text", "items"), [
    ("get name age city job from this\n\nhi im Pawel, 34, living in Bristol and driving a forklift for 6 years now, "
     "message me if you have shifts", ["name", "age", "city", "job"]),
    ("name phone email from this pls\n\nits Dana, ring me on 07700 900123 or dana.k@mailbox.example after 5, cheers "
     "and talk soon about the flat", ["name", "phone", "email"]),
    ("extract: authors title year journal volume\n\nOkafor, C., & Lind, P. (2020). Tidal mixing in shallow estuaries. "
     "Journal of Coastal Research, 36(4), 712-725.", ["authors", "title", "year", "journal", "volume"]),
    # "and" before the last field, which may then be two words
    ("make model year mileage and phone number from that ad\n\n2015 Corlan Vista, 120k km, manual, new clutch, "
     "asking 5,500. Call Sam 555-0142.", ["make", "model", "year", "mileage", "phone number"]),
])
def test_fields_cut_by_blanks_alone(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context


@pytest.mark.parametrize("text", [
    # two words before "and" may name one field
    "tell me group name and result number\n\n1. Fast support\n2. Cheaper plans\n3. Better docs",
    # words of a phrase, not names of fields
    "Summarize the total population growth from this\n\n" + _TICKET,
])
def test_a_run_of_words_that_is_a_phrase_names_no_fields(text: str) -> None:
    schema = extract_rules(text)
    assert not (schema.category == "Keyword Extraction" and schema.data and len(schema.data) >= 3
                and all(len(item.split()) == 1 for item in schema.data))


@pytest.mark.parametrize(("text", "items"), [
    # French: an infinitive after "peux-tu", a CV named in French
    ("Peux-tu identifier le nom, le poste actuel et la ville dans ce CV ?\n\n« Claire Dubois – Cheffe de projet\n"
     "Nantes, France\nExpérience : cheffe de projet chez Airbus depuis 2019. »", ["le nom", "le poste actuel",
                                                                                 "la ville"]),
    # French: "j'ai besoin de" on the last line after the text, the fields French data nouns
    ("Bonjour,\nLa réunion des parents aura lieu le jeudi 12 octobre à 18h dans la salle polyvalente de l'école. "
     "Merci de confirmer votre présence.\n\nJ'ai besoin de : heure, lieu, salle", ["heure", "lieu", "salle"]),
    # French: the output's format between the verb and its colon
    ("donne moi en json : surface, prix, ville\nÀ vendre à Rennes, appartement T2 de 45 m², lumineux, proche gare. "
     "Prix : 189 000 €.", ["surface", "prix", "ville"]),
    # German: quoted keys "mit den Schlüsseln", the last one before the verb's particle
    ("Gib ein JSON-Objekt mit den Schlüsseln \"marke\", \"modell\", \"preis\" zurück.\n\nEingabe: Makita Akkuschrauber "
     "DF333, 12 V, zwei Akkus und Ladegerät im Koffer, Preis 119 € inkl. MwSt., Lieferung in 2 Tagen.",
     ["marke", "modell", "preis"]),
    # Portuguese: fields cut by blanks up to the pointer "dessa"
    ("extrai nome empresa cargo dessa assinatura\n\nAtenciosamente,\nLúcia Prado\nAnalista de Compras | Vale Verde "
     "Ltda.\nlucia.prado@valeverde.example", ["nome", "empresa", "cargo"]),
])
def test_requests_in_other_languages(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context


def test_entity_types_before_im_folgenden_text() -> None:
    text = ("Finde alle PERSONEN, ORTE und DATUMSANGABEN im folgenden Text:\nAm 3. Mai 2021 eröffnete Jonas Weber in "
            "Leipzig eine Bäckerei am Markt, die seither jeden Morgen um sechs Uhr öffnet.")
    assert proposed(text).data == ["PERSONEN", "ORTE", "DATUMSANGABEN"]


@pytest.mark.parametrize(("text", "items"), [
    ("fill the blanks from the lease. Tenant: ____ Rent: ____ Start date: ____\n\nThis agreement is made between "
     "Harbor Lets and Mr Tom Okoye. The rent is £870 per month. The tenancy starts on 1 March 2024.",
     ["Tenant", "Rent", "Start date"]),
    ("<text>" + _TICKET + "</text>\n\nReturn only these tags filled in: <customer></customer> <plan></plan> "
     "<order_ref></order_ref>", ["customer", "plan", "order_ref"]),
])
def test_slots_to_fill_name_the_fields(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and "Harbor" in (schema.context or "") or "Lindqvist" in (schema.context or "")


@pytest.mark.parametrize(("text", "items"), [
    # the text right after the request's sentence, on the same line
    ("Find the venue and the date and the dress code in this invitation. You are warmly invited to the Alder Trust "
     "spring dinner at Kew Boathouse on Friday 19 April, drinks from 7pm. Smart casual.",
     ["the venue", "the date", "the dress code"]),
    # an arrow pointing at the text after the request
    ("extract who, what, where and why from this headline -> Storm floods 200 homes in coastal Devon village after "
     "river bursts its banks overnight", ["who", "what", "where", "why"]),
    # an arrow back at the text before the request
    ("landlord replied: Hi, the flat is £1,150 a month, deposit is five weeks' rent, and it is free from the 1st of "
     "June. Regards, Ade <- what's the rent, the deposit and the move-in date?",
     ["the rent", "the deposit", "the move-in date"]),
    # an asking verb's object asked to extract, the text's name before the fields
    ("hello, i need you extract from this text the company name, the address and the vat number please, is for my "
     "books. text is: Tischlerei Holz GmbH, Lindenweg 4, 70173 Stuttgart, USt-IdNr. DE123456789",
     ["the company name", "the address", "the vat number"]),
])
def test_requests_and_texts_on_one_line(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction" and schema.context


def test_a_plural_mark_and_question_marks_cut_fields() -> None:
    text = ("Nguyen, T. & Baker, R. (2019). Sleep quality and exam performance. Journal of Student Wellbeing, 12(3), "
            "45-61.\n\nauthor(s)? year? title? journal?")
    assert proposed(text).data == ["author(s)", "year", "title", "journal"]


@pytest.mark.parametrize(("text", "items"), [
    ("Studio flat above a bakery, 28 m2, newly painted, shared garden. 640 EUR a month, two months' deposit. No "
     "pets, bikes in the yard, permit parking on the street.\n\nrent? deposit? pets? parking?",
     ["rent", "deposit", "pets", "parking"]),
    ("Ticket 4471 from Omar Haddad: the checkout page times out for every card payment since this morning, and "
     "our weekend sale starts tomorrow.\n\nurgency? priority? resolution? card?", ["urgency", "priority",
                                                                               "resolution", "card"]),
    ("Banque du Centre : paiement CB de 18,40 EUR chez LIBRAIRIE DU PORT le 12/03. Solde disponible : 902,15 EUR."
     "\n\nmontant? commerçant? date? solde?", ["montant", "commerçant", "date", "solde"]),
])
def test_more_data_nouns_name_fields_beside_a_text(text: str, items: list[str]) -> None:
    """Rules 2.72: urgency, priority, resolution, parking, pets, card, and French solde and commerçant name data a
    text holds (probe V-30, and set AH's ticket)."""
    schema = proposed(text)
    assert schema.data == items and schema.category == "Keyword Extraction"


_COTTAGE = ("NEW TO MARKET: stone cottage on Mill Lane, 2 bed / 1 bath, built 1890, new boiler in 2022. 910 sq ft with a "
            "small walled garden. No HOA, street parking. Asking $412,000. Call Dana Reyes on 555-0142.")
_FLAT = ("Helle 3-Zimmer-Wohnung in Kassel, 74 m2, Balkon, 2. OG. Kaltmiete 610 EUR, Nebenkosten 170 EUR, Kaution zwei "
         "Kaltmieten. Frei ab 1.9., Besichtigung Freitag 17 Uhr.")
_BREAD = ("Banana oat bread. Makes one loaf (10 slices). Mash 3 bananas, stir in 2 eggs, 80 g butter and 200 g oats, then "
          "fold in a handful of chopped pecans. Bake at 180C for 50 minutes.")


@pytest.mark.parametrize(("text", "items"), [
    # listing shorthand names data; a dash leading the rest of the line is no part of the last field
    (f"beds, baths, year built, price, HOA, agent name — from this listing pls\n\n{_COTTAGE}",
     ["beds", "baths", "year built", "price", "HOA", "agent name"]),
    # a last field asking yes or no of the text
    (f"{_BREAD}\n\nwhats the oven temperature, baking time, number of slices, and is there any nuts in it",
     ["the oven temperature", "baking time", "number of slices", "is there any nuts in it"]),
    # German "rausziehen" (pull out) over a column of fields after the text
    (f"{_FLAT}\n\nBitte folgende Infos rausziehen:\n- Zimmer\n- Kaltmiete\n- Kaution\n- Besichtigung",
     ["Zimmer", "Kaltmiete", "Kaution", "Besichtigung"]),
])
def test_fields_read_off_sets_ah_and_ai(text: str, items: list[str]) -> None:
    """Rules 2.72 (read off sets AH and AI, written in session 50; hand-written here in their layouts)."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == items and schema.context


@pytest.mark.parametrize(("text", "items"), [
    ("me ajuda a tirar essas informações do anúncio abaixo?\nbairro:\ncidade:\npreço:\nquartos:\n\nCasa em Curitiba, "
     "bairro Batel, 3 quartos, 140 m2. Valor R$ 720.000. Falar com Júlia (41) 99123-4567.",
     ["bairro", "cidade", "preço", "quartos"]),
    ("donne-moi ces infos de l'annonce ci-dessous :\nquartier :\nville :\nprix :\nchambres :\n\nStudio à Nantes, "
     "quartier Graslin, 24 m2, meublé. Loyer 560 EUR. Contact : M. Caron.", ["quartier", "ville", "prix", "chambres"]),
    ("дай мне эти данные из объявления ниже:\nрайон:\nцена:\nкомнаты:\nтелефон:\n\nСдаётся квартира в Самаре, "
     "Ленинский район, 41 м2. Цена 21 000 руб. в месяц. Телефон: 8 900 555-12-34.",
     ["район", "цена", "комнаты", "телефон"]),
])
def test_a_weak_verb_pointing_below_in_other_languages(text: str, items: list[str]) -> None:
    """Rules 2.72 (read off set AI): "abaixo", "ci-dessous", "ниже" (below) point a weak verb at the text as
    "below" does."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == items and schema.context


def test_the_five_ws_after_the_are_fields() -> None:
    """Rules 2.72 (read off set AH): "the who, what, when, where and why of this story" asks the five facts."""
    story = ("A barn fire near Lowick on Sunday night took crews from three stations four hours to put out. Nobody was "
             "hurt. The owner said a heater left on in the workshop started it.")
    schema = proposed(f"Give me the who, what, when, where and why of this story in a short table.\n\n{story}")
    assert schema.data == ["who", "what", "when", "where", "why"] and schema.context == story


def test_fields_each_with_its_own_every() -> None:
    """Rules 2.72 (read off set AH): "every date, every dollar amount, and every party named" lists three fields,
    "every" each one's own (a weak "I need" pointing at the text with "in this lease")."""
    lease = ("This Lease is made on 3 June 2024 between Harbour Homes Ltd (Landlord) and Ines Moreau (Tenant). Rent is "
             "$1,420 a month from 1 July 2024; a deposit of $2,840 is due at signing.")
    schema = proposed(f"I need every date, every dollar amount, and every party named in this lease.\n\n{lease}")
    assert schema.data == ["every date", "every dollar amount", "every party named"] and schema.context == lease


def test_a_labelled_ad_after_the_fields_is_their_text() -> None:
    """ "Anzeige:" labels the text as "Ad:" does (and "Rechnung:", "Factura:", "Annonce:"), though the request names
    the text by a word of its own ("Stellenanzeige")."""
    ad = "Wir suchen eine Tischlerin in Vollzeit in Ulm. 3.400 EUR brutto, 30 Tage Urlaub, Bewerbungen bis 31.7."
    schema = proposed("Bitte folgende Infos aus der Stellenanzeige raussuchen:\n\n• Ort\n• Gehalt\n• Urlaubstage\n"
                      f"• Bewerbungsfrist\n\nAnzeige:\n{ad}")
    assert schema.category == "Keyword Extraction" and schema.context == ad


def test_fields_after_en_dashes() -> None:
    text = ("Crêpes (4 personnes)\nPréparation : 10 min – Repos : 1 h\nIngrédients : 250 g de farine, 4 œufs, "
            "50 cl de lait.\n\nDonne-moi :\n– le nombre de personnes\n– le temps de préparation\n– le temps de repos")
    assert proposed(text).data == ["le nombre de personnes", "le temps de préparation", "le temps de repos"]


# -- session 47, second round: read off set AE (after it was measured unread; hand-written here in its layouts) -----
_IBERIA_BOOKING = ("Booking confirmed for MS ANA TORRES. Flight IB3170 departs Madrid (MAD) at 08:40 and arrives Lisbon (LIS) "
            "at 09:05. Seat 21F.")


@pytest.mark.parametrize(("text", "items"), [
    # plain labels, the text on its label's line, the keys after it
    ("Instruction: Extract key information.\nInput: " + _IBERIA_BOOKING + "\nKeys: flight_number, departure_time, seat\n"
     "Output:", ["flight_number", "departure_time", "seat"]),
    # ">>" after the labels, the task named by a noun
    ("TASK: key-value extraction\nKEYS >> passenger, flight_number, seat\nTEXT >> " + _IBERIA_BOOKING + "\nFORMAT >> JSON",
     ["passenger", "flight_number", "seat"]),
    # XML sections
    ("<task>Extract fields from the booking and return XML.</task>\n<fields>passenger, flight_number, seat</fields>\n"
     "<booking>\n" + _IBERIA_BOOKING + "\n</booking>", ["passenger", "flight_number", "seat"]),
    # a label with a parenthesis over a numbered column, an item's type after it
    ("You are an extraction model. Read the booking and output a JSON object.\n\nRequired keys (all strings unless "
     "noted):\n1. passenger\n2. flight_number\n3. seat_row (integer)\n\nBooking:\n" + _IBERIA_BOOKING,
     ["passenger", "flight_number", "seat_row"]),
])
def test_more_template_sections(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and "TORRES" in (schema.context or "")


def test_an_empty_json_object_over_a_line_naming_the_text() -> None:
    """The object is read first (`skeleton_fields`) when the line naming the text follows its closing fence."""
    text = ("Return:\n```json\n{\"passenger\": \"\", \"flight\": \"\", \"seat\": \"\"}\n```\nfrom the email under this "
            "line.\n\nEmail:\nHi Ana, " + _IBERIA_BOOKING + " Have a good trip!")
    schema = proposed(text)
    assert schema.data == ["passenger", "flight", "seat"]
    assert any("empty JSON object" in reason.message for reason in schema.reasons)


@pytest.mark.parametrize(("text", "items"), [
    # a request's paragraph, then a labelled text
    ("Please act as a parser. I'll give you a booking notice; return the passenger, the flight, the seat and the "
     "departure time in a Python dict literal.\n\nNotice: " + _IBERIA_BOOKING,
     ["the passenger", "the flight", "the seat", "the departure time"]),
    # the text glued to the words naming it
    ("can u give me the flight no, seat, departure time from this text " + _IBERIA_BOOKING,
     ["the flight no", "seat", "departure time"]),
    # "the" before data nouns cut by blanks
    ("get the date time and place from this msg: hey all, the team dinner is on friday 12 april from 7pm at Luigi's, "
     "14 Mill Lane, bring cash", ["date", "time", "place"]),
    # a first line naming the text before an arrow, or after "from", over the text's lines
    ("cv -> name email phone skills pls\nAisha Khan - aisha.k@mail.example - 0412 555 019\nNurse, 5 yrs ICU. Skills: "
     "triage, ventilators, BLS", ["name", "email", "phone", "skills"]),
    ("bp hr temp meds from note pls\nObs 14:00: BP 132/80, HR 96, T 38.4C. Meds given: paracetamol 1g PO, "
     "ondansetron 4mg IV.", ["bp", "hr", "temp", "meds"]),
])
def test_more_terse_and_glued_layouts(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.context


# -- session 47, third round: read off set AF (after its unread measures; hand-written here in its layouts) --------
_SHIPPING = ("Hi Dana, your order #KT-8812 left our warehouse on 3 May. Items: 2x linen shirt (white, L). Courier: DPD "
             "Classic. Expected delivery: 6-7 May.")


@pytest.mark.parametrize(("text", "items"), [
    # a YAML spec: the task named by a noun, the fields a column, the text under its own key
    ("task: information_extraction\noutput_format: json\nfields:\n  - order_id\n  - courier\n  - delivery_window\n"
     "text: |\n  " + _SHIPPING, ["order_id", "courier", "delivery_window"]),
    # entity types under an underlined label
    ("Text\n----\n" + _SHIPPING + "\n\nEntities to find\n----------------\nORDER_ID, CARRIER, DATE\n\nFormat: one line "
     "per entity as LABEL<TAB>span.", ["ORDER_ID", "CARRIER", "DATE"]),
    # a column of keys with their descriptions
    ("## Document\n" + _SHIPPING + "\n\n## Fields\n- order_id: the order's number\n- courier: who delivers it\n"
     "- delivery_window: the expected dates\n\n## Output\nReturn JSON.", ["order_id", "courier", "delivery_window"]),
])
def test_sections_of_yaml_and_markdown_specs(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and "KT-8812" in (schema.context or "")


@pytest.mark.parametrize(("text", "items"), [
    # keys in backticks, named keys, after the text
    ("**Input text:**\n" + _SHIPPING + "\n\n**Return these keys in JSON:** `courier`, `items`, `status`",
     ["courier", "items", "status"]),
    # keys written as keys after the text, on a last line that does not point at it
    ("CONTEXT >>>\n" + _SHIPPING + "\n<<< END CONTEXT\n\nGiven the context, return a JSON object containing: "
     "order_id, items, courier, dispatch_date.", ["order_id", "items", "courier", "dispatch_date"]),
    # a non-native request: "need take from this resume the ..."
    ("Hello sir please i need take from this resume the name , phone , last job and the skills , thank you\n"
     "Meera Nair | +91 98450 22314 | Kochi\nLast role: Test Lead, Wipro (2018-2024)\nSkills: Selenium, Jira, SQL",
     ["the name", "phone", "last job", "the skills"]),
    # bare question words cut by blanks
    ("report below need who what where when\nMon 6/5 ~2pm, visitor Sam Ortiz slipped on a wet floor by the lift on "
     "level 2 of the Harbour St car park. No injury; staff mopped the spill.", ["who", "what", "where", "when"]),
])
def test_keys_and_terse_requests_after_the_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.context


_RECIPE = ("Lentil soup: fry 1 chopped onion and 2 carrots in a little oil, stir in 200 g red lentils, 1 litre of stock "
           "and a pinch of cumin, simmer 25 minutes, then blend half of it and season with lemon juice.")


@pytest.mark.parametrize("text", [
    # "no"/"without" opens a constraint on the one output, not a field (rules 2.71, set AF)
    "Extract all ingredients as a single bulleted list, no quantities.\n\n" + _RECIPE,
    "Extract all ingredients as a bulleted list, no quantities.\n\n" + _RECIPE,
    "Pull out the ingredients, without amounts, from the recipe below.\n\n" + _RECIPE,
])
def test_a_constraint_listed_with_one_thing_to_extract_is_no_field(text: str) -> None:
    not_proposed(text)


def test_no_of_names_a_number_field() -> None:
    schema = proposed("Extract the company name, no of employees and founding year from this text: Skyforge Robotics "
                      "was founded in 2011 and employs about 430 people in its Tallinn plant.")
    assert schema.data == ["company name", "no of employees", "founding year"]


def test_a_field_named_with_a_relative_clause() -> None:
    """Rules 2.74 (set AN): "the country where the study was done" is a field, a few words longer than a bare name."""
    schema = proposed("For my review table, from the abstract below identify the sample size, the country where the "
                      "study was done, the study design and the primary outcome.\n\nBackground: Exercise in older "
                      "adults is linked to better memory. Methods: We ran a cluster-randomised trial in 24 villages in "
                      "rural Kenya; 612 adults aged 60 and over joined a walking group or usual care for a year. The "
                      "primary outcome was the change in a recall score.")
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["the sample size", "the country where the study was done", "the study design",
                           "the primary outcome"]


def test_a_tables_header_row_is_no_list_of_fields() -> None:
    """Rules 2.74 (set AN): "Region | 2022 | 2023" over rows cut by as many bars is a table's header; the question
    after the table (which region fell most) is one task, not fields asked."""
    not_proposed("Region | 2021 sales | 2022 sales\nCoast | 41,200 | 39,800\nValley | 28,900 | 31,050\nHills | 19,400 "
                 "| 17,100\nPlains | 22,000 | 23,500\n\nwhich region had the biggest drop and by what percent did it "
                 "fall? then tell me what that means for next year's target if we want to get back to 2021")


def test_french_extract_with_its_pronoun() -> None:
    """Rules 2.75 (set AO, read): "Extrais-en :" (extract from it) asks for fields as "Extrais :" does."""
    schema = proposed("Voici une annonce. Extrais-en : le temps de trajet, le nombre de places et la couleur de la "
                      "voiture.\n\nCovoiturage Lyon - Grenoble, départ samedi à 9 h devant la gare Part-Dieu. Trajet "
                      "d'environ 1 h 30 par l'autoroute. Trois places libres à l'arrière d'une Clio grise. "
                      "Participation de 12 euros par personne, bagage moyen accepté.", language="fr")
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["le temps de trajet", "le nombre de places", "la couleur de la voiture"]


_ORDER_EMAIL = ("Dear customer, your order #A-99812 from Bright Home Store has shipped on 12 March 2023 via DHL "
                "Express. Tracking number: 7781 2231 990. Expected delivery: 15 March 2023. Total charged: $149.90.")


@pytest.mark.parametrize(("text", "items"), [
    # the fields follow "such as" inside the first listed piece (rules 2.85)
    ("Given the following email, extract key information such as order id, store, carrier and delivery date.\n\n"
     + _ORDER_EMAIL, ["order id", "store", "carrier", "delivery date"]),
    # ... or the keys the request names: "text and return JSON with keys ..." is no field
    ("Read the following text and return JSON with keys order_id, carrier, delivery_date.\n\n" + _ORDER_EMAIL,
     ["order_id", "carrier", "delivery_date"]),
    # the pointer before the colon handing the text over closes the request, not the last field
    ("Find the tracking number, carrier and total in:\n\n" + _ORDER_EMAIL, ["the tracking number", "carrier", "total"]),
])
def test_the_request_words_around_the_fields_are_no_part_of_them(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == items


def test_columns_named_by_the_request_need_no_data_nouns() -> None:
    """Rules 2.85 (set AD-70 read right only by chance: "make a table with columns Drug" counted "make" as a car's):
    the fields after "columns" are what to extract, whatever they name."""
    schema = proposed("make a table with columns Drug | Dose | Frequency | Route from this handover note:\nBed 7, Mrs "
                      "K. Doyle, 81. Admitted with UTI. On paracetamol 1g QDS oral, enoxaparin 40mg once daily subcut, "
                      "and lactulose 10ml BD oral. Mobilising with frame.")
    assert schema.data == ["Drug", "Dose", "Frequency", "Route"]


_CALL_FOR_TALKS = ("Riverside Python Meetup - call for talks. We meet on the second Tuesday of each month at the "
                   "Old Mill co-working space, 14 Wharf Lane. Talks are 20 minutes plus questions; lightning talks 5 "
                   "minutes. Proposals close on 30 April. Questions go to the organisers at talks@riverside-py.test.")


def test_four_fields_with_one_data_noun_beside_a_text_are_asked() -> None:
    """Rules 2.86: four fields or more, one in five naming data, asked beside a text without an extraction verb."""
    schema = proposed(_CALL_FOR_TALKS + "\n\nspeakers, venue, talk format, topics, proposal deadline for my newsletter "
                      "pls")
    assert schema.category == "Keyword Extraction" and schema.context == _CALL_FOR_TALKS
    assert schema.data == ["speakers", "venue", "talk format", "topics", "proposal deadline"]


@pytest.mark.parametrize("text", [
    # the labels of one classification are its options, not fields
    "Classify the customer message into one intent: tracking, refund, address_change, other.\n\nMessage: \"where is "
    "my parcel it's been a week and the tracking page has not changed since Monday, can someone check please\"",
    # what a table contains describes it; nothing is asked
    "Here is how my two tables look.\nTable one (sensors) contains:\nsensor id, room, humidity, reading time\n\n"
    "Table two (rooms) contains:\nroom, floor, area, owner",
    # kinds of one thing, in a plan to prepare
    "Please prepare a posting calendar to set the type of message, newsletter, sms, instagram post, letter\n\n"
    "Spring fair\nSummer camp\nOpen day\nGraduation\nWinter concert",
])
def test_many_listed_words_that_ask_for_no_field(text: str) -> None:
    not_proposed(text)


_HOTEL_EMAIL = ("Dear Mr. Lund, thank you for booking with Hotel Arcadia. Your stay: check-in Friday 12 May 2023, "
                "check-out Sunday 14 May 2023, one Deluxe Double room for 2 guests. Total price EUR 318 including "
                "breakfast. Free cancellation until 48 hours before arrival.")


@pytest.mark.parametrize(("text", "items"), [
    # rules 2.87: a template above the request's line that points back at it
    ('{\n  "hotel": "",\n  "check_in": "",\n  "check_out": "",\n  "total": ""\n}\nfill that json from this '
     "confirmation:\n" + _HOTEL_EMAIL, ["hotel", "check_in", "check_out", "total"]),
    ("hotel,check_in,check_out,room_type,total\n\nfill a csv row with those columns from this:\n" + _HOTEL_EMAIL,
     ["hotel", "check_in", "check_out", "room_type", "total"]),
    ("Hotel:\nCheck-in:\nCheck-out:\nRoom type:\n\nplease complete the above using this email\n\n" + _HOTEL_EMAIL,
     ["Hotel", "Check-in", "Check-out", "Room type"]),
    # "header" names the fields after it as "headers" does
    ("Parse this email into a single CSV row with the header hotel,check_in,check_out,total\n```\n" + _HOTEL_EMAIL
     + "\n```", ["hotel", "check_in", "check_out", "total"]),
])
def test_a_template_the_request_points_back_at_lists_the_fields(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == items and schema.context == _HOTEL_EMAIL


def test_a_short_question_then_bare_question_words_are_fields() -> None:
    """Rules 2.88: "who won, when and where" asks three facts of the text, as "who, when and where" does."""
    report = ("Local runner Tomas Weber took first place in the harbour half marathon on Sunday morning, crossing the "
              "line in 1:06:48, nearly a minute ahead of last year's champion, in front of the old customs pier.")
    schema = proposed(report + "\n\ntell me who won, when and where")
    assert schema.category == "Keyword Extraction" and schema.data == ["who won", "when", "where"]


_STACK_TRACE = ("2023-06-12 09:14:33,201 INFO  [main] Starting OrderSync v2.4.1\n"
                "2023-06-12 09:14:36,004 ERROR [worker-3] Failed to process batch 1187\n"
                "java.lang.IllegalStateException: missing currency for order 55120\n"
                "    at com.shop.sync.OrderMapper.map(OrderMapper.java:88)\n"
                "    at com.shop.sync.BatchWorker.run(BatchWorker.java:41)\n"
                "2023-06-12 09:14:36,010 WARN  [worker-3] retry=2 batch=1187")


def test_data_fields_asked_on_the_last_line_after_a_log_read_it() -> None:
    """Rules 2.89: a request on the short last line after a log or a stack trace asks of it as one pointing at it
    does ("from the traceback below"); code lines refuse only fields asked of no text."""
    schema = proposed(_STACK_TRACE + "\n\nwhats the exception type, the class, the line number and the batch id")
    assert schema.category == "Keyword Extraction" and schema.context == _STACK_TRACE
    assert schema.data == ["the exception type", "the class", "the line number", "the batch id"]


def test_all_said_of_each_field() -> None:
    """Rules 2.89: "all" opens a field of its own in a list of fields, not only the first."""
    schema = proposed("List all the organizations, all the people with their job titles, the deal value and the "
                      "expected closing date from this press release:\n\nHalvard Robotics to acquire Lumen Vision for "
                      "$212 million. BOSTON - Halvard Robotics, maker of warehouse pickers, said on Tuesday it will "
                      "buy Lumen Vision, a camera start-up led by chief executive Dana Ortiz. Halvard's finance chief "
                      "Rui Abe expects the deal to close in the third quarter.")
    assert schema.data == ["the organizations", "all the people with their job titles", "the deal value",
                           "the expected closing date"]


@pytest.mark.parametrize(("text", "fields"), [
    ("Paciente de 47 años, mujer, consulta por cefalea y mareos de una semana. Toma losartán 50 mg y metformina "
     "850 mg.\n\nnecesito edad, sexo, síntomas y medicamentos de esta nota",
     ["edad", "sexo", "síntomas", "medicamentos"]),
    ("Scarpe da corsa Vento, 89 euro, disponibili nei numeri 38-45, colore blu notte, peso 240 g.\n\n"
     "dammi prezzo, taglia, colore e peso di questo annuncio", ["prezzo", "taglia", "colore", "peso"]),
])
def test_data_nouns_and_pointers_in_the_languages_users_write(text: str, fields: list[str]) -> None:
    """Rules 2.92: a weak verb's fields name data in Spanish, Portuguese, Italian, French, German and Dutch too
    ("edad, sexo, síntomas"), and the pointer at the text after the last field ("di questo annuncio", "desse
    anúncio", "de cette annonce") ends the list, as "from this" does."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == fields


def test_a_letters_sign_off_is_no_column_of_fields() -> None:
    """Rules 2.96: "Best,\nColm\nFerris & Daughters Heating" under an email is its signature, not a column of fields
    to extract after the text."""
    email = ("Hi Sam,\n\nJust a reminder that your boiler service is due next month. Booking before 30 September "
             "gets you 15% off.\n\nBest,\nColm\nFerris & Daughters Heating")
    text = "Give me 3 alternative subject lines for this email:\n\n" + email
    assert from_extraction_request(text, probe(text)) is None
    schema = proposed(text)
    assert schema.category == "Repeated Generation" and schema.n == 3


@pytest.mark.parametrize("text", [
    "what's the dose, the route and the drug in this: give ibuprofen 400mg orally every 8h with food",
    "Extract the sender and the amount: Parcel from Ada Brook, COD 12.50 GBP, due Friday.",
])
def test_a_short_text_after_the_requests_colon(text: str) -> None:
    """Rules 2.98: after a one-line request's colon, the text to read needs only a line's weight (40 letters, was a
    sentence or two, 80): a pasted prescription or courier note is often shorter."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and len(schema.data or ()) >= 2
    assert schema.context == text.split(": ", 1)[1]


_SMS = "Northfield CU: card payment 18.40 GBP at CORNER BAKERY on 14/05. Balance 912.35 GBP."


@pytest.mark.parametrize(("text", "fields"), [
    (_SMS + "\namount? merchant? date? balance?", ["amount", "merchant", "date", "balance"]),
    ("price? size? colour? Trail runner shoe, 64 EUR, sizes 40 to 46, colour slate grey with a white sole.",
     ["price", "size", "colour"]),
    (_SMS + " -> amount merchant date balance pls", ["amount", "merchant", "date", "balance"]),
    (_SMS + " → amount, merchant, date, balance?", ["amount", "merchant", "date", "balance"]),
])
def test_terse_names_beside_a_short_text(text: str, fields: list[str]) -> None:
    """Rules 2.98: a terse user's names of data beside a short text, with no verb: each asked with a question mark
    on the line under it or opening its line, or after an arrow closing it."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == fields


def test_an_arrow_after_the_last_field_is_no_part_of_it() -> None:
    """Rules 2.98: "payee, date, amount ->" under a text ends its list at the arrow."""
    text = ("Paid Rosa Lind 310 EUR on 2 May for the shop's new sign, invoice sent by post and filed in the "
            "binder.\n\npayee, date, amount ->")
    assert proposed(text).data == ["payee", "date", "amount"]


@pytest.mark.parametrize("text", [
    "Why? How? When? I keep asking myself about the flood that took the old mill in 1921.",
    "Is it cheap? Is it fast? Is it safe? Those are what people ask of every new scooter on the market.",
    "Write me a poem -> short, sad, about rain and the old harbour town where I grew up as a child.",
])
def test_questions_and_arrows_that_ask_no_data(text: str) -> None:
    """Rules 2.98 guards: questions opening a line that name no data, and an arrow before a request's wishes."""
    not_proposed(text)


_CALL_NOTE = ("Hi, this is Priya Raman from Oakfield Dental, call me on 0161 555 0134 or write to "
              "priya@oakfield.example, we are at 4 Mill Lane, Leeds.")


@pytest.mark.parametrize("first_line", [
    "name phone email address",
    "name, phone, email and address",
    "need name phone email address",
    "name phone email address?",
])
def test_a_short_first_line_of_data_names_over_its_text(first_line: str) -> None:
    """Rules 2.99: a first line short enough to hold the names alone (60 characters) needs no pointer at the text
    under it, its names cut by commas or by blanks alone, a weak verb opening it or not."""
    schema = proposed(first_line + "\n" + _CALL_NOTE)
    assert schema.category == "Keyword Extraction" and schema.data == ["name", "phone", "email", "address"]
    assert schema.context == _CALL_NOTE


def test_the_texts_own_label_is_no_request_over_it() -> None:
    """Rules 2.99: the names line over "Bank: <the message>" is read as the request, not the text's label."""
    text = "amount merchant date balance\n" + _SMS
    assert proposed(text).data == ["amount", "merchant", "date", "balance"]


def test_names_before_an_arrow_at_the_text() -> None:
    """Rules 2.99: "name date total -> <the receipt>", the names before an arrow pointing at the text after it."""
    text = "seller date total -> Corner Chemist 08/11/2024 Ibuprofen 3.99 Tissues 1.49 Total 5.48 paid cash"
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == ["seller", "date", "total"]
    assert schema.context == text.split("-> ", 1)[1]


@pytest.mark.parametrize("text", [
    "Meeting notes, March 3\nWe agreed to move the launch to June and to hire two more testers before then.",
    "Short poem -> write me one about rain on the harbour and the boats that wait for the tide to turn.",
])
def test_a_title_line_or_a_request_before_an_arrow_names_no_data(text: str) -> None:
    """Rules 2.99 guards: a title over a text and a request before an arrow are no names of data."""
    not_proposed(text)


def test_a_reference_split_into_its_fields() -> None:
    """Rules 2.100: "split this reference into authors, year, title, ..." asks for each field of the reference."""
    reference = "Lind, A., & Osei, K. (2020). Heat in small cities. Urban Climate Letters, 9(2), 10-24."
    schema = proposed(reference + "\nsplit this reference into authors, year, title, journal, volume, issue and pages "
                                  "for my bibtex")
    assert schema.category == "Keyword Extraction" and schema.context == reference
    assert schema.data == ["authors", "year", "title", "journal", "volume", "issue", "pages"]


@pytest.mark.parametrize(("names", "fields"), [
    ("the passenger name flight number departure time and gate",
     ["passenger name", "flight number", "departure", "time", "gate"]),
    ("the date time and place", ["date", "time", "place"]),
])
def test_compound_names_in_a_list_cut_by_blanks(names: str, fields: list[str]) -> None:
    """Rules 2.101: in a terse list with no commas a word naming what the word before it identifies joins it
    ("flight number", "passenger name"; a date or a time after a word that names no datum itself), and the validator
    reads such a pair as one item between blanks; "date time" stays two."""
    text = (f"hey can u get me {names} from this\nBooking ref QZ7H2K. Passenger MR ALEX DORN. Flight SK 1472 "
            "to Oslo on 3 May, departs 14:35 from gate B12.")
    schema = proposed(text)
    assert schema.data == fields and schema.tier == "medium"


@pytest.mark.parametrize(("text", "fields"), [
    ("who got promoted, when, and where? short answers pls\n\nThe council said on Monday that Dana Ruiz, head of the "
     "planning office, was named deputy mayor at a meeting in the old town hall on Friday evening. Her new title "
     "takes effect on the date of the next budget vote.",
     ["who got promoted", "when", "where"]),
    ("SUMMER FAIR at Elm Park School\nSaturday 8 June, 12-4pm, on the back field\nTickets 2 pounds at the gate\n"
     "Contact: Mr Olu Bankole, fair@elmpark.example\n\nwhat day is the fair, where is it, and who do i ask",
     ["what day is the fair", "where is it", "who do i ask"]),
])
def test_fact_clauses_beside_a_text_with_no_verb(text: str, fields: list[str]) -> None:
    """Rules 2.102: three or more clauses each asking a fact the text states ("who ..., when, and where?") are its
    fields with no verb asking for them, the first clause too (in a prompt naming data, as every verbless request
    for fields must: "title", "date")."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == fields


_CAR_AD = ("2014 Mazda 3 sedan, red, 104k miles, two owners, timing belt done at 90k, small crack in the windshield. "
       "Asking 6,900 firm. Pickup in Spokane, text Dee 555-0193 after 5pm.")


@pytest.mark.parametrize("text", [
    _CAR_AD + "\n\nmake model year mileage price location",
    "make model year mileage price location\n\n" + _CAR_AD,
])
def test_a_paragraph_of_data_nouns_alone_beside_its_text(text: str) -> None:
    """Rules 2.103: a paragraph of a line holding data nouns and nothing else (60 characters at most), after the text
    or over it, names its fields with no verb, no mark and no pointer."""
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.context == _CAR_AD
    assert schema.data == ["make", "model", "year", "mileage", "price", "location"]


@pytest.mark.parametrize("text", [
    _CAR_AD + "\n\nwhat do you think",
    _CAR_AD + "\n\nfair price or not",  # ("price" alone among other words: no line of names)
])
def test_a_last_paragraph_of_other_words_names_no_fields(text: str) -> None:
    """Rules 2.103 guards: only a line of data nouns alone is read as names with nothing asking for them."""
    not_proposed(text)


def test_a_fields_format_hint_in_brackets_is_no_code() -> None:
    """Rules 2.103: a short hint of a field's format closing it after a blank ("pets allowed (y/n)") is no call's
    brackets: the list is read as fields."""
    lease = ("TENANCY AGREEMENT\nThis agreement of 3 March 2024 is between Harlow Lettings Ltd (the Landlord) and "
             "Jonah Birch (the Tenant) for the flat at 9 Quay Street, Bristol.\nRent: 1,150 pounds a month, due on the "
             "1st.\nDeposit: 1,327 pounds, held in a protection scheme.\nPets: one small dog is allowed.\n\n"
             "The term ends on 2 March 2025.")
    schema = proposed("tenant name, landlord, flat address, monthly rent, deposit, pets allowed (y/n)\n\n" + lease)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["tenant name", "landlord", "flat address", "monthly rent", "deposit", "pets allowed (y/n)"]


def test_a_column_of_typed_fields_under_according_to_this_schema() -> None:
    """Rules 2.103: "rent (number)" on its own line under the request is a field with its type; "according to this
    schema" is still no field."""
    text = "Extract according to this schema, output YAML:\n\nrent (number)\ndeposit (number)\n\n" + _LISTING
    assert proposed(text).data == ["rent (number)", "deposit (number)"]


def test_empty_labels_over_fill_these_in() -> None:
    """Rules 2.103: empty form lines over "Fill these in from the text below." are the fields, as over "fill in the
    above": the verb's object points back at them."""
    notice = ("The Oakfield spring fair is on Saturday 4 May from 10am to 4pm at the community hall. Entry is 3 "
              "pounds, children free. It is run by the Oakfield Residents Association.")
    schema = proposed("Event name:\nDate:\nVenue:\nTicket price:\nOrganizer:\n\nFill these in from the text below.\n\n"
                      + notice)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["Event name", "Date", "Venue", "Ticket price", "Organizer"]


_PAPER_HEADER = ("Graph Routing for Sparse Sensor Networks\n\nMara Jensen (University of Aarhus), Tomas Ruiz (Valencia "
                 "Polytechnic)\n\nProceedings of the 2021 Workshop on Embedded Systems, pp. 40-52\n\nAbstract. We "
                 "route readings over a sparse graph of battery-powered sensors and halve the energy per message.")


def test_a_field_may_lead_with_its_own_count() -> None:
    """Rules 2.106: "5 keywords" among named fields says how many to give; no number is in the field's name."""
    schema = proposed("Given the paper header below, output the title, authors, year, venue and 5 keywords. Use "
                      "YAML.\n\n" + _PAPER_HEADER)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["title", "authors", "year", "venue", "5 keywords"]


_MINUTES = ("Team sync, 2 June\nAttendees: Ana Ruiz, Ben Okafor, Chen Wei\n\nBudget\n- Decision: the travel budget "
            "stays at 4,000 euros.\n- Action: Ben to send the revised sheet by 6 June.\n\nHiring\n- Decision: open one "
            "junior role.\n- Action: Chen to post the ad by 9 June.")


def test_inline_numbered_fields_cut_by_commas() -> None:
    """Rules 2.106: "(1) the attendees, (2) the decisions made, (3) ..." on the request's line: a comma before each
    marker, and a last field naming what it comes with ("with owners and due dates")."""
    schema = proposed("From these meeting minutes list (1) the attendees, (2) the decisions made, (3) the action items "
                      "with owners and due dates.\n\n" + _MINUTES)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["the attendees", "the decisions made", "the action items with owners and due dates"]


def test_japanese_fields_with_each_before_the_verb() -> None:
    """Rules 2.106: "をそれぞれ抽出" ("extract each"): "それぞれ" may stand between the object list and the verb."""
    news = ("「2022年4月1日、名古屋に本社を置く株式会社サクラ電機は、福岡市に新工場を建設すると発表した。会見には社長の"
            "山田太郎氏が出席した。」")
    schema = proposed("以下の文章から、人名・組織名・地名・日付をそれぞれ抽出してください。\n\n" + news, "ja")
    assert schema.category == "Named Entity Recognition" and schema.data == ["人名", "組織名", "地名", "日付"]


_PURIFIER_REVIEW = ("```\nI bought the Brisa 3 fan heater last winter for my flat in Leeds. It heats the room in ten "
                    "minutes and the timer is handy. The fan is loud on the high setting and the remote broke after a "
                    "month. Overall 3 out of 5.\n```")


def test_judged_aspects_among_the_quoted_keys_of_an_output_schema_are_fields() -> None:
    """Rules 2.106: "pros" and "cons" among the quoted keys of the JSON to return are fields to fill, as the other
    keys are; the same words alone are a review's aspects (see the guard below)."""
    schema = proposed('Read the customer review below and return only a JSON object with this schema:\n\n{\n  '
                      '"product_name": string,\n  "rating": number,\n  "pros": [string],\n  "cons": [string],\n  '
                      '"reviewer_city": string | null\n}\n\n' + _PURIFIER_REVIEW)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["product_name", "rating", "pros", "cons", "reviewer_city"]


@pytest.mark.parametrize("request_line", [
    'return only a JSON object with this schema:\n\n{\n  "strengths": [string],\n  "weaknesses": [string],\n  '
    '"tone": string\n}',  # (judged aspects are most of the keys: one review of the text)
    "return only a JSON object with these keys: product_name, rating, pros, cons, reviewer_city",  # (not quoted)
])
def test_judged_aspects_stay_one_review_unless_a_few_among_quoted_keys(request_line: str) -> None:
    """Rules 2.106 guards: a few judged aspects are fields only among an output schema's quoted keys."""
    not_proposed("Read the customer review below and " + request_line + "\n\n" + _PURIFIER_REVIEW)


@pytest.mark.parametrize("text", [
    "Trials of herbal products rarely agree. Results depend on the kind of leaf extract, ways of drying, and the "
    "final dosage form, which differ from brand to brand.\n\nLater trials used standardized doses and reported "
    "fewer adverse events over twelve weeks of follow-up in adults with mild symptoms, though the samples were small "
    "and most studies ran for less than a year, so the longer-term picture is still unclear to reviewers.",
    "Ingredients: 1 tsp vanilla extract, 3 eggs, 2 cups flour and milk.\n\nWhisk the eggs with the sugar, add the "
    "milk, the flour and the vanilla, and bake for 25 minutes in a hot oven. Let it cool before slicing; it keeps for "
    "three days in a closed tin and tastes even better on the second day with a spoon of cream.",
])
def test_the_noun_extract_asks_for_nothing(text: str) -> None:
    """ "leaf extract, ways of drying, and ..." in a pasted paper and "vanilla extract," in a recipe are the
    noun: no object follows, or a determiner stands before it."""
    assert from_extraction_request(text, probe(text)) is None


@pytest.mark.parametrize(("text", "items"), [
    ("dans ce mail, tu peux me trouver le nom du vendeur, le prix total et la date de livraison ?\n\nBonjour Mme "
     "Garnier,\n\nVotre commande n° 88213 chez Librairie du Port a bien été expédiée. Montant total : 54,90 €. "
     "Livraison prévue le mardi 14 mai par Colissimo.\n\nCordialement,\nLe service client",
     ["le nom du vendeur", "le prix total", "la date de livraison"]),
    ("mi puoi estrarmi il nome del mittente, la data e l'importo da questa mail?\n\nGentile cliente,\n\nle "
     "confermiamo il pagamento di 120,00 € ricevuto il 3 aprile per l'abbonamento annuale.\n\nCordiali saluti,\n"
     "Studio Ferri", ["il nome del mittente", "la data", "l'importo da questa mail"]),
])
def test_french_trouver_and_italian_estrarmi_ask_for_fields(text: str, items: list[str]) -> None:
    """The verb in its infinitive after "tu peux me", and with its pronoun joined ("estrarmi"), asks for the fields
    right after it (not as data nouns beside the text, with no verb read)."""
    schema = proposed(text)
    assert schema.data == items and schema.reasons[0].rule == "fields.inline"


def test_a_line_of_sentences_after_the_text_is_no_line_of_fields() -> None:
    """The fields asked before a story and a recipe's steps stay the request's; the steps' line after the story
    ("Peel and slice six apples. Mix with sugar and cinnamon. Fill the crust and bake ..., then ...") holds sentences,
    not fields cut by commas."""
    schema = proposed(
        "just give me the prep time, servings and oven temperature from this please\n\nMy aunt baked this pie every "
        "autumn when the orchard behind her house was heavy with apples, and the kitchen smelled of cinnamon for "
        "weeks. She never wrote the recipe down, so this version is the one my cousins and I rebuilt from memory over "
        "a few long weekends of trial and error.\n\nPeel and slice six apples. Mix with sugar and cinnamon. Fill the "
        "crust and bake at 200C for 20 minutes, then lower the heat and bake another 30 minutes.\n\nServes 6.")
    assert schema.data == ["the prep time", "servings", "oven temperature"]


_DENTAL_LETTER = ("Dear Mr Hollis,\nWe confirm your booking at the Riverside Dental Practice, 9 Mill Road, "
                  "Stanbury, on Monday 4 March at 14:20. Please bring your insurance card and a list of medicines. "
                  "Call 01632 960123 to cancel at least a day before.\nKind regards, Reception")
_DENTAL_FIELDS = ["patient name", "appointment date", "clinic address", "what to bring"]


@pytest.mark.parametrize("request_text", [
    "get me patient name -- appointment date -- clinic address -- what to bring from this letter:\n",
    "patient name -- appointment date -- clinic address -- what to bring\nget those from this letter:\n",
    "patient name | appointment date | clinic address | what to bring\npull these out from the letter below:\n",
])
def test_fields_cut_by_double_hyphens_or_named_on_the_line_over_the_request(request_text: str) -> None:
    """Rules 2.111: " -- " cuts fields as a comma does, and a line of names right over a request whose verb points
    back at them ("get those from this letter:") lists the fields, the text under the request their context."""
    schema = proposed(request_text + _DENTAL_LETTER)
    assert schema.category == "Keyword Extraction" and schema.data == _DENTAL_FIELDS
    assert schema.context == _DENTAL_LETTER


_FLAT_AD = ("Helle 3-Zi-Whg in Sellinghausen, 74 m², Balkon, Einbauküche. Kaltmiete 780 €, warm 970 €. Frei ab 1.2., "
       "Besichtigung nur Samstags. Kontakt über Hausverwaltung Brenner.")


@pytest.mark.parametrize(("request_text", "fields"), [
    ("Kaltmiete | Warmmiete | Zimmer | frei ab -- bitte aus dieser Anzeige rausziehen:\n",
     ["Kaltmiete", "Warmmiete", "Zimmer", "frei ab"]),
    ("Kannst du mir Kaltmiete, Zimmer und Kontakt aus dieser Anzeige herausziehen?\n\n",
     ["Kaltmiete", "Zimmer", "Kontakt"]),
    ("Kun je de huurprijs, het aantal kamers en de beschikbaarheid uit deze advertentie halen?\n\n",
     ["huurprijs", "aantal kamers", "beschikbaarheid"]),
])
def test_german_and_dutch_fields_before_the_verb_ending_the_request(request_text: str, fields: list[str]) -> None:
    """Rules 2.111: German and Dutch put the verb last ("... aus dieser Anzeige rausziehen", "... uit deze advertentie
    halen"): the fields stand before the text's name, past an asking lead ("Kannst du mir", "Kun je") or before a
    dash, each without its article."""
    schema = proposed(request_text + _FLAT_AD)
    assert schema.category == "Keyword Extraction" and schema.data == fields and schema.context == _FLAT_AD


def test_fields_cut_by_arabic_commas() -> None:
    """Rules 2.111: the Arabic comma "،" cuts a list of fields as "," and "、" do."""
    text = ("أعلنت شركة النخبة للسفر عن رحلة إلى إسطنبول يوم 12 مايو، وسعر التذكرة 2400 ريال، "
            "ويمكن الحجز حتى 5 مايو عبر موقع الشركة.")
    schema = proposed("استخرج من النص التالي: اسم الشركة، الوجهة، سعر التذكرة، آخر موعد للحجز\n\n" + text)
    assert schema.category == "Keyword Extraction" and schema.context == text
    assert schema.data == ["اسم الشركة", "الوجهة", "سعر التذكرة", "آخر موعد للحجز"]


_TENANT_FORM = ("Applicant: Ms. Ingrid Solberg\nContact: ingrid.s@post.example / 0161 496 0733\nEmployer: Tidewell "
                "Insurance, since 2020\nAnnual income: 38,200\nDesired move-in: 1st of March\nPets: one cat")


def test_a_later_field_may_ask_if_or_whether_the_text_says_something() -> None:
    """Rules 2.112: "... move-in date and if they have pets" asks a yes-or-no fact of the text, a field as "is there
    any ..." is."""
    schema = proposed("from this tenant application give me name, email, employer, income, move-in date and if they "
                      "have pets\n\n" + _TENANT_FORM)
    assert schema.category == "Keyword Extraction" and schema.context and _TENANT_FORM.endswith(schema.context)
    assert schema.data == ["name", "email", "employer", "income", "move-in date", "if they have pets"]


def test_names_over_a_blank_line_and_a_request_to_take_those_out() -> None:
    """Rules 2.112: the line of names may be the paragraph over the request ("a -- b -- c\n\ntake those out of this
    letter pls"), and "take those out of" asks for them."""
    schema = proposed("patient name -- appointment date -- clinic address -- what to bring\n\ntake those out of this "
                      "letter pls\n\n" + _DENTAL_LETTER)
    assert schema.category == "Keyword Extraction" and schema.data == _DENTAL_FIELDS
    assert schema.context == _DENTAL_LETTER


def test_a_spaced_double_hyphen_ends_a_list_of_fields_cut_by_commas() -> None:
    """Rules 2.112: "..., payment terms, governing law -- short answers are fine": after commas cut the fields, " -- "
    ends their list (the request goes on), where a list cut by dashes alone goes on past each."""
    schema = proposed("Extract the supplier, the effective date, payment terms, governing law -- short answers are "
                      "fine, it is for our register.\n\n" + _CONTRACT_PAGE)
    assert schema.data == ["the supplier", "the effective date", "payment terms", "governing law"]


_CONTRACT_PAGE = ("THIS AGREEMENT is made on 3 January 2024 between ORCHARDLINE SOFTWARE LIMITED (\"Supplier\") and "
                  "HALBERD MARINE LLP (\"Customer\"). The Customer shall pay each invoice within thirty (30) days. "
                  "This Agreement is governed by the laws of England and Wales.")


def test_a_field_list_ends_before_on_this_text() -> None:
    """Rules 2.112: "... and payment method on this receipt" names the text the fields are on: no part of the last."""
    receipt = "PEPPERCORN DELI\n12/11/23 13:47\n1 x Flat white 3.10\n1 x Brownie 2.75\nTOTAL 5.85\nCARD 5.85"
    schema = proposed("extract the store name, date, total and payment method on this receipt\n\n" + receipt)
    assert schema.data == ["the store name", "date", "total", "payment method"] and schema.context == receipt


_GARAGE_INVOICE = ("HOLLOWAY AUTO REPAIRS\nInvoice 00412  Date: 03/02/24\nReg: KT19 WXA\nFront brake pads fitted  "
                   "68.00\nLabour 1.5h  75.00\nTOTAL DUE  143.00\nPaid by card")


def test_a_question_line_right_over_the_text_it_names() -> None:
    """Rules 2.114: "whats the garage name, invoice number and total on this invoice?" on the first line, the invoice's
    lines right under it with no blank line: a weak verb's request beside the text it names, as over a blank line."""
    schema = proposed("whats the garage name, invoice number and total on this invoice? for my claim\n"
                      + _GARAGE_INVOICE)
    assert schema.category == "Keyword Extraction" and schema.data == ["the garage name", "invoice number", "total"]
    assert schema.context == _GARAGE_INVOICE


def test_a_question_line_over_lines_it_does_not_name_asks_nothing_of_them() -> None:
    """Rules 2.114: a first line that names no text stays a line of its own paragraph."""
    not_proposed("whats the best name, slogan and colour for a garage?\nwe fix brakes and tyres\nin a small town")


_SERVICE_LOG = ('2024-03-02T11:04:19Z WARN [auth-service] req=77c0 user_id=1203 code=A401 msg="token expired" '
                'duration=120ms')


def test_names_cut_by_slashes_before_from_that_line_read_a_log_line() -> None:
    """Rules 2.114: "timestamp / service / user id / code / duration from that line" on the last line, no verb: a log
    line holds data, and the request pointing at it asks for that data (as "from the traceback below" does)."""
    schema = proposed(_SERVICE_LOG + "\n\ntimestamp / service / user id / code / duration from that line, json only")
    assert schema.data == ["timestamp", "service", "user id", "code", "duration"] and schema.context == _SERVICE_LOG


_MILL_NEWS = ("The Corran Valley mill reopened on Monday after two years. Owner Priya Latham said the firm Hadley "
              "Looms would supply the machines, and that weavers from Ostbridge and Carrow had already signed on. "
              "The town council, which lent the building, called it a good day for the valley.")


def test_entity_types_asked_by_a_question_about_the_text() -> None:
    """Rules 2.115: "which people, companies and places appear in this text?" asks, with no verb, for the entity types
    to find in the text beside it (as "extract all people, ..." does); "pessoas, empresas e cidades" too."""
    schema = proposed("which people, companies and places appear in this text?\n\n" + _MILL_NEWS)
    assert schema.category == "Named Entity Recognition" and schema.data == ["people", "companies", "places"]
    assert schema.context == _MILL_NEWS
    schema = proposed("quais pessoas, empresas e cidades aparecem nesse texto?\n\n" + _MILL_NEWS)
    assert schema.data == ["pessoas", "empresas", "cidades"]


def test_a_question_listing_other_nouns_asks_no_entity_types() -> None:
    """Rules 2.115: the question's list must be entity types: "which towns and mills are worth a visit?" is not."""
    not_proposed("which towns and mills are worth a visit around here?\n\n" + _MILL_NEWS)


def test_german_fields_before_auflisten_after_bitte() -> None:
    """Rules 2.115: "Bitte alle Personen, Unternehmen und Orte aus dieser Pressemitteilung auflisten": "auflisten" ends
    the request, and "Bitte alle" opens it, neither part of the first field."""
    schema = proposed("Bitte alle Personen, Unternehmen und Orte aus dieser Pressemitteilung auflisten\n\n"
                      + _MILL_NEWS)
    assert schema.category == "Named Entity Recognition" and schema.data == ["Personen", "Unternehmen", "Orte"]


def test_italian_trovami_asks_for_fields() -> None:
    """Rules 2.115: "trovami nomi, date e luoghi in questo testo:" asks for them as "trova" does."""
    schema = proposed("trovami nomi, date e luoghi in questo testo:\n" + _MILL_NEWS)
    assert schema.data == ["nomi", "date", "luoghi"]


_KETTLE_LISTING = ("Holmfirth Steel Kettle 1.7 L, brushed finish, rapid boil\n\n"
                   "Marke: Holmfirth\nModellnummer: HK-17S\nPreis: 39,99 €\n\n"
                   "• Kocht 1 Liter in 2:30 Minuten\n• Gewicht: 1,1 kg\n• Kabellos, 360°-Sockel\n"
                   "• 2 Jahre Garantie, Kalkfilter herausnehmbar und spülmaschinenfest")


def test_fields_after_a_text_whose_head_names_them_are_marked_apart() -> None:
    """Rules 2.115 (validator): fields listed after a text ("Marke / Modell / Preis / Gewicht") that its head names too,
    above the paragraph taken as the context, are read where the request lists them, cut by " / "."""
    schema = proposed(_KETTLE_LISTING + "\n\nbitte rausziehen: Marke / Modell / Preis / Gewicht")
    assert schema.data == ["Marke", "Modell", "Preis", "Gewicht"]


def test_japanese_fields_cut_by_a_middle_dot() -> None:
    """Rules 2.115 (validator): "・" sets fields apart ("職種・勤務地・給与を抜き出して")."""
    posting = ("【求人票】株式会社あおば商事\n募集職種：営業事務\n勤務地：本社（港北区）\n給与：月給22万円〜\n"
               "勤務時間：9:00〜18:00\n応募締切：6月30日\n仕事内容：受発注の入力、電話応対、来客対応など。")
    schema = proposed(posting + "\n\n上の求人票から、職種・勤務地・給与・応募締切を抜き出してください。")
    assert schema.data == ["職種", "勤務地", "給与", "応募締切"]


_SUPPLIER_MAIL = ("From: Maud Ellery <maud@ellery-print.example>\nSubject: Autumn catalogue\n\nHi Tom,\n\nwe meet "
                  "on Tuesday 14 October at the Quayside office. The budget is capped at 4,000 pounds and the deck is "
                  "due on 30 September.\n\nPia - can you check if the photographer from last year (the one from "
                  "Leeds?) is free that week?\n\nThanks, Maud")


def test_fields_asked_on_the_first_line_win_over_the_pasted_texts_own_questions() -> None:
    """Rules 2.117: "pls extract sender -- meeting date -- budget" on the first line, an e-mail after it that asks
    its own questions: the fields are the request, the e-mail's questions its content."""
    schema = proposed("pls extract sender -- meeting date -- meeting location -- budget -- deadline for the deck\n\n"
                      "email:\n" + _SUPPLIER_MAIL)
    assert schema.category == "Keyword Extraction"
    assert schema.data == ["sender", "meeting date", "meeting location", "budget", "deadline for the deck"]


def test_a_list_cut_by_spaced_slashes_keeps_and_inside_a_field() -> None:
    """Rules 2.117: "first and last name / email / phone or mobile / languages": cut by " / " alone, "and" and "or"
    join the words of one field."""
    cv = ("CURRICULUM VITAE\nMarta Quell, Via Roma 3, Lucca\nmarta.quell@example.org, +39 333 000 4455\n"
          "Laurea in Economia (2016). Sei anni in logistica. Lingue: italiano, inglese, tedesco.")
    schema = proposed("extract from this CV: first and last name / email / phone or mobile / languages\n\n" + cv)
    assert schema.data == ["first and last name", "email", "phone or mobile", "languages"]


_TAG_PIECES = ["<a>", "</a>", "<b>", "</b>", "<a-1>", "</a-1>", "<A>", "</A>", "<aé>", "</aé>", "<", ">", "/", "a", "x",
               "\n", " ", "<" + "b" * 21 + ">", "</" + "b" * 21 + ">"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TAG_PIECES), max_size=40).map("".join))
@example("<br>text " * 50 + "<p>x</p>")
def test_tagged_blocks_are_the_tag_regexes_own(text: str) -> None:
    """`_tagged_blocks` finds, in linear time, the blocks `_TAGGED`'s lazy scan finds."""
    assert [(m.span(), m.groups()) for m in _tagged_blocks(text)] == [(m.span(), m.groups())
                                                                     for m in _TAGGED.finditer(text)]


def test_a_request_verb_inside_the_pasted_material_asks_no_fields() -> None:
    """Rules 2.125: after the instruction, a verb inside a line of the pasted text (after a bullet, or mid-sentence)
    before another paragraph is the text's own word: "Identify the risks, costs, delays" in a pasted brief to polish
    asks for no fields. A request that opens its line, or follows "please", still does."""
    brief = ("Polish this for a slide, keep it short\n\nDraft below:\nWhy we pilot first\n\n- Surface hidden "
             "assumptions early\n- Identify the risks, costs, delays\n- Learn what users value\n\nAfter the pilot "
             "we decide whether to scale, with numbers instead of guesses, and we write up what changed.")
    assert from_extraction_request(brief, probe(brief)) is None  # (its bullets are the list rules' to judge)
    form = ("Tenant:\nUnit:\nMonthly rent:\nDeposit:\n\nplease complete the above using this lease\n\nThis lease is "
            "made between Harbor Flats LLC and Dana Ruiz for Unit 4B. Rent is $1,450 per month and the deposit is "
            "$2,900, due at signing.")
    assert proposed(form).category == "Keyword Extraction"


_ENTITY_PIECES = ["which", "what", "quais", " ", "  ", "\t", "\n", "people", "a", "ab", ",", " and ", "appear",
                  "are mentioned", "occur", "in this text", "?", "？", "¿", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ENTITY_PIECES), max_size=14).map("".join))
@example("what  ab appear?")  # (the one reading the runs' possessive form gives up, below)
@example("which people, companies and cities appear in this text?")
def test_the_entity_question_reads_as_its_plain_form(text: str) -> None:
    """`_ENTITY_QUESTION` reads its two runs of blanks possessively (a run of 800 blanks after "what" took 4.7 s in
    the plain form, read once per way of splitting it). It finds the plain form's match, but where the plain form's
    types begin with a blank given back by the run before them: types of one or two characters after two blanks or
    more ("what  ab appear?"), never two fields, so never a decomposition."""
    plain = re.compile(_ENTITY_QUESTION.pattern.replace("[ \\t]++", "[ \\t]+"), _ENTITY_QUESTION.flags)
    theirs, ours = plain.search(text), _ENTITY_QUESTION.search(text)
    if theirs is not None and theirs.group("types")[:1] in (" ", "\t"):
        assert len(theirs.group("types").strip()) <= 2
        return
    assert (ours and (ours.span(), ours.groupdict())) == (theirs and (theirs.span(), theirs.groupdict()))
