"""The offline rule-based schema extractor: deterministic, no model, microseconds per prompt.

It looks for one confident decomposition, in this order, and otherwise returns `parallelizable=False` with the
reason (when unsure, no schema beats a wrong one):
1. a marked list (numbered, lettered, bulleted, "Q1:", 一、, ①) or unmarked lines after an instruction ending in
   ":" — the items become `data`; a passage beside a list of questions becomes `context` (Reading Comprehension);
   a short list of fields beside a text becomes the fields to extract (NER);
2. several questions in a row (a passage before them again becomes `context`);
3. fields named inline in an extraction request ("extract the salary, location and contract type from: ...");
4. the dimensions of one fixed comparison ("compare A and B in terms of price, speed and comfort");
5. an inline list ("a, b and c", quoted items, semicolons) under a per-item task (translate, correct, sentiment,
   keywords, "each", a question);
6. a count of generated items, in digits or number words in 12 languages, with words between the count and the
   noun ("7 catchy slogans", "cinq idées de dîner", "五个标题") — `n` plus a singular template.
Every decision carries `Reason`s whose spans are offsets into the prompt. One module per rule family: `lists`,
`questions`, `fields`, `dimensions`, `inline`, `counts` (with `singular` templates), `passages` (context) and
`categories`; their word lists live in `studio.curation.lexicon`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from store.models import Reason, Schema, prompt_id_for
from studio.curation.lexicon.matching import LiteralLed, Probe, probe
from studio.curation.lexicon.words import QUESTION_WORDS_START, READ_CUE
from studio.curation.reading import Reading, reading
from studio.curation.rules.asked_of_text import from_asked_of_text, from_passage_and_questions
from studio.curation.rules.base import BLANK_LINE, MAX_BRANCHES, Decomposition, end_of_line, weighs
from studio.curation.rules.categories import STRONG_EXTRACT
from studio.curation.lexicon.numbers import number_words
from studio.curation.rules.counts import Refusal, assess_counts, from_count
from studio.curation.rules.dimensions import from_dimensions
from studio.curation.rules.extraction import from_extraction_request, text_after_request_sentence, text_beside_names
from studio.curation.rules.fields import FENCES, from_fields, skeleton_fields
from studio.curation.rules.inline import from_audiences, from_glossary_question, from_inline, quoted_run
from studio.curation.rules.lists import (
    ListBlock, constrains_a_count, from_list_block, illustrates_a_count, inline_markers, list_blocks, spaced_lines,
    texts_under_each, top_level, unmarked_lines,
)
from studio.curation.rules.questions import (
    from_exam_lines, from_numbered_exam_question, from_question_block, from_question_lines, from_questions,
    from_questions_after_passage, from_questions_before_passage, from_questions_before_text,
    from_questions_cut_by_marks,
)
from studio.curation.rules.quizzes import from_labelled_questions, from_quiz, option_blocks
from studio.curation.rules.single_task import (
    WHOLE_TEXT_RULE, acknowledgement_only, answer_options, code_task, letter_to_work_on, numbered_choice_question,
    request_clause, whole_text_task,
)

RULES_EXTRACTOR = "rules"
NO_DECOMPOSITION = "no-decomposition"  # the reason of a prompt no rule decomposed and no single-task refusal took
# 2.0: the real-prompt rework (issue 13); 2.2: counts recall pass (instructions after a set-up, numbered parts,
# "ideas for N"); 2.3: later-turn shapes (quizzes, one multiple-choice question, pastes to acknowledge); 2.4: lists
# of questions (the top-level numbered list wins), plain count requests; 2.5: numbered items across paragraphs,
# "Q. 1" labels, repeated task frames; 2.6: bullets and inline lists need their task cue beside them; 2.7: counts
# not asked for (handed over, stated by others, word lengths), list-presenting headers, pasted code lines; 2.8:
# field lists cut by " -- ", "key: description" field lines, short named passages and quotes as context; 2.9: one
# task on one pasted text refused, counts that size each item, Repeated Generation recall (a count after a request's
# colon, "if yes, then", lists numbered from past 1); 2.10: set-ups that check understanding, outputs that refer to each
# other, extraction qualifiers, count phrasings from unlabelled real prompts (misspelt verbs, "can I have N"); 2.11:
# Question Answering over listed terms and exam imperatives, follow-up "N more" requests; 2.12: code named by its
# language, inline lists compared, used as means or sized as one answer; 2.45: data fields listed beside a pasted text
# with no verb asking for them; 2.46: weak extraction verbs before their list's colon, "grab", "pull these out"; 2.47:
# a short header between a passage and its questions; 2.48: three questions opening the prompt before a text of
# statements; 2.49: plain asking words ("I need", "what's", "pull") pointing at a text or closing it, "with the keys
# a, b", list ends; 2.50: question lines closing a prompt after its text, under a header or a request to read;
# 2.51: questions about a document named before it ("based on this thread:", "I got this leaflet."); 2.52: Korean
# counts sizing one output ("세 문장으로"); 2.53: "different" pieces of text counted ("two different opening
# paragraphs"); 2.54: "return:" and "Output format:" over a column of fields; 2.55-2.57 (session 40): fields asked
# of a log line, question lines before their text, Japanese field lists, clauses asked of a named text; 2.58: a story
# or notes of several paragraphs under a request to read them, a text of several paragraphs beside a one-line
# request, a form's column, fields after a one-line request's colon, "make them different from each other"; 2.59: a
# text below the questions that the request points at ("based on Amalie's email below"), an FAQ's own questions, "1）",
# "from:" pointing at the text, "I'm building a comparison table". A new version re-curates stored prompts and needs a
# new gate. 2.60 (read off set N): a field's own parenthesis does not end the list, "w/" joins a field's words, "for
# my ..." ends a list, "<text noun> below" points a weak verb at the text, a request asked as a question about the
# questions opens the text below it, questions asked before a longer list of notes are the items.
# 2.61 (read off sets A-N's Reading Comprehension misses, several of them decided right by session 1's rules): a short
# line naming the text or fences around it set the text over its questions apart; a short opening line handing over
# a text of several paragraphs makes all of them the context of the questions closing the prompt; statements to
# judge "true or false" are questions; "got these" names a text handed over. 2.62: "(pasted below)" names the text
# the questions before it ask about; short fields asked "from the ad below" are extraction.
# 2.63 (session 43, read off sets A-N's extraction and reading misses; 0 of 64,812 real decisions moved): one
# paragraph that does not speak before three or more questions is their text; a weak verb in a short request beside a
# text asks for its data fields; fields cut by "+", "/", "|" or "?" with no verb; "email and phone"; a text named by
# where it stands ("the key facts below"); clauses before a name closing the request; "it" among three or more clauses
# names the text's subject; the text past a "---" line is all of it; "check this email and tell me:" over a list;
# empty answer slots ("A:") between questions; three question clauses after a passage of statements need no name for
# it, and "whats"/"what is" cut off a first field (both added after the gate's refit; the refit and the bank come out
# the same).
# 2.64 (session 44, read off sets O and P and a new read set S of reading prompts; of 64,812 real decisions one moved
# to an accepted proposal, a case study's lettered exam questions, and one to a low-tier one): a lead naming the text
# by its place ("section 12 below:", "from this README:") over the questions; a lead quoting a text ("the sign
# says:") puts the request in the last paragraph; "^" points up at the text; a text named with "this" in other
# languages ("cet article", "este mensaje"); a labelled text after a blank line; "whats" and semicolons in clauses;
# a first paragraph too long for a request is the passage; numbered questions beside a passage in any layout, with or
# without their question marks, their closing marks ("[2 marks]") left out; sentences with a blank to fill and
# "TRUE, FALSE" statements are questions; "問1" numbers questions; "in turn" points back. Extraction: a request line
# right over or under its text in one paragraph; "parse this", "whats", "to csv with"; the text's name ("from this
# press release") cut off a first field, which may then be a wh-clause.
# 2.65 (session 44, read off set R after its blind measure; 0 of 64,812 real decisions moved): the Arabic question
# mark; a lead quoting a text without its colon ("the leaflet says"); accentless Spanish question words; an extract of
# several paragraphs after its questions is all of it; "pick out", "raussuchen", "wypisz", "extrai", "çıkarır"; a
# text's name in other languages ("de este correo") cut off a first field.
# 2.66 (session 45, read off sets R, V and W; 2 of 64,812 real decisions moved, both rejected before and after):
# fields joined by the "and" of other languages ("i", "och", "és", "और"), not cut inside a field's parenthesis or a
# compound's elision; fields before a verb that comes last (Turkish, Korean, Hindi); extraction verbs and pointers at
# the text in more languages ("vypiš", "plocka ut", "fra mit", "daí", "достань"); question words of 15 more
# languages; "answer these questions" and a "Questions:" header in other languages over a list; questions cut by
# " / " or ";" beside a passage; three question clauses of a one-line request naming no text; a bare count ("some
# story ideas - six of them", "give me like twenty", "another 5"); short fields asked "from the shipping email" take
# the text after them; question lines after a text a first line names by its place; "log" names a text; the header
# of an example output is no field list; the validator reads fields named in the text too where the request after
# it lists them.
# 2.67 (session 46, read off sets Y, Z and AA and the older read sets' misses; no real decision moved): plural text
# nouns and "from these" point at a text; document nouns label one ("minutes:", "invoice:"); more data nouns, and fact
# clauses ("who's attending") name data; "all the" opens no field; "$50" is money, not code; one bare "/" between
# three or more items separates them; fields after the text under "the following", above a "from my confirmation:"
# line, in a list of strings named "fields", in a lone table header row; an empty JSON object to fill is read first;
# question lines after a lead naming the text, after a text that does not speak as the asker, and with blanks to
# fill; "Answer based on the text" over a "Questions:" block; wh-clauses read from the first, and after "tell me";
# "we" and "you" in a text are a document's; "in one email" asks for one output; a letter pasted to be translated or
# corrected, and a FAQ, notes or a resume to proofread, are one text.
# 2.68 (session 47, read off sets AC and AD; no real decision moved): a template's labelled fields ("### Keys",
# "Output fields:", "Entity types: PERSON, ORG."); fields cut by blanks alone ("get name age city job from this");
# request words and data nouns in French, German, Spanish and Portuguese, and their document nouns naming a text;
# slots to fill ("Tenant: ____", empty XML tags); the text right after the request's sentence or an arrow, or before
# an arrow back at it; "i need you extract from this text the ..."; who/what/where/why as fields; "author(s)";
# en-dash bullets; statements to judge true or false after a passage; question lines over a labelled text; "Q1 ...
# Q2 ..." on one line.
# 2.69 (session 47, read off set AE after it was measured unread; no real decision moved): more template sections
# (">>" after a label, "<fields>...</fields>", a label's parenthesis over a numbered column, the text on its label's
# line: "Input: <text>", a task named "extraction"); an empty JSON object or a typed schema ('"price": number') over a
# line naming the text past its closing fence; a request's paragraph and a labelled text ("Notification: ..."); the
# text glued to "from this text"; "the" before data nouns cut by blanks; a first line naming the text before an arrow
# or after "from" ("cv -> name email phone skills pls", "bp hr temp meds from note pls"); "in a Python dict" ends a
# list; clinical and form abbreviations (bp, hr, meds, qty, tel) as data nouns.
# 2.70 (session 47, read off set AF after its unread measures; no real decision moved): a YAML spec's sections (the
# task "information_extraction", "fields:" over a column, "text: |"), "Entities to find" over an underline, keys with
# their descriptions ("- email: contact email"), keys in backticks, a request's line naming keys or keys written as
# keys ("order_id, dispatch_date") after the text, "need take from this resume the ...", bare question words cut by
# blanks ("need who what where when").
# 2.71 (session 48, read off sets AE and AF's known mistakes; one real decision moved, a train prompt's false
# proposal refused): a listed piece opening with "no" or "without" ("all ingredients as a list, no quantities") is a
# constraint on the output, not a field ("no of employees" stays one); "in the order" keeps the order the prompt
# gives ("keys in the order given"), which joining the parts in order keeps: no dependency.
# 2.72 (session 50; no real decision moved): a label's colon before a line of CJK questions ("问题：...？ ...？") is
# cut off the first question as "Questions:" is, though no blank follows it (CJK text counts two characters a word),
# and a lead naming its text by a CJK noun ("请阅读下面的文章，然后回答：") still names it once cut off (blind set AK
# lost such a prompt to the cut: its pid and the checks' booleans were read, not its text);
# urgency, priority, resolution, parking, pets, card, solde and commerçant name data; statements to judge "vrai ou
# faux", "verdaderas o falsas", "richtig oder falsch", "vero o falso", "верно или неверно"; "read this" names the one paragraph after the
# questions as "read this article" does; Dutch "lees", "beantwoord(en)" and "tekst"; listing shorthand (beds, baths,
# sqft, HOA) names data, and a dash leading the rest of the line ends the last field ("..., agent name — from this
# listing pls"); a last field may ask "is there any ..."; German "rausziehen"; "Anzeige:", "Rechnung:", "Factura:" and
# the like label a text; Korean "뽑아" (pick out) as "추출" is, the object particle "을/를" left off the last field;
# "tell me" and its wh-clauses in Portuguese, Spanish, French, German, Italian and Russian ("me fala quem ..., quantos
# ... e pra onde ...") about a text named with "esse"/"este"; "choose the best answer ... for each question" is a
# quiz's choice within each question, no ordering of the items; "abaixo", "acima", "ci-dessous", "ci-dessus", "ниже"
# point a weak verb at the text; "お知らせ", "文章", "本文", "文本", "공지" and the like name a text to read (read off
# sets AH and AI, written this session); a first line presenting a text by its name ("heres the email my landlord sent
# out") leaves the request to the last paragraph, as a quoting lead does; "can u tell me" asks as "can you tell me";
# "here's the group chat:" labels the text after it as "Chat:" does; "the who, what, when, where and why" asks the
# five facts as "who, what, when, where and why" does; fields each with its own "every" ("every date, every dollar
# amount, and every party named"); "pull out" asks for a text's content as "extract" does, and a verb of extraction
# over listed reviews reads each one's rating, not gives one (Keyword Extraction before Sentiment Analysis); a quoted
# text named in a few words ('in the paragraph "..."') and three or more clauses right after its closing quote (one
# real decision moved on the way and was refused again: two clauses there are one question and a plea).
# 2.73: a list of statements after a first paragraph asking two or more questions is the text they ask about, not
# items (set AL, read). Session 50's first try counted every "?" and refused a labelled train prompt whose task names
# seven categories, each glossed by a question in parentheses ("Objections (Why did they doubt it?)"); questions in
# parentheses are not counted, and no real decision moves (decision scan). The validator takes "問1", "問2" for the
# list markers of a Japanese worksheet's questions, as it takes "質問1" and "Q1" (set AL).
# 2.74 (set AN, read): a text of two or more paragraphs before a last paragraph pointing back at it ("Based on the
# text above, tell me ...") is the text, when its first paragraph asks nothing; "based on this tell me why ..." and
# "based on this what ..., why ..." name the text without a comma; a diary entry, a journal, a flyer, a poster, an ad
# and a sign are texts to read, and so are signs, notices and ads named abroad ("questo cartello"); a preposition may
# lead a clause's question word ("bis wann", "a qué hora"); three questions or more, the first about "this" ("does
# this cover ...? whats the excess? ..."), before a text pasted after them ask about it (two are often one question
# asked twice: a labelled train prompt moved with two, and the held-out one that moved with it was counted, unread);
# a field may be named with a relative clause ("the country where the study was done"); short texts under a one-line
# request naming each of them ("from each ad get the price and the location pls\n<ad>\n<ad>\n<ad>") are its items,
# a line or a paragraph each, and an extraction verb over them is Keyword Extraction; "im comparing a few" is the
# asker's own comparison as "I'm comparing" is; Portuguese "nesse/neste/desse ..." name a text, and a clause told
# abroad may open with a preposition ("até que horas"). No real decision moves.
# 2.75: a line cutting its cells with bars over a data row with as many is a table's header, not fields asked (AN-60's
# false flag, read; a header over empty rows stays a form to fill); "Product" is a label, not "produce" mistyped; the
# lines of a system of equations are solved together; French "Extrais-en :" asks for fields (set AO, read). No real
# decision moves.
# 2.76: the rules read the prompt's reading view (`studio.curation.reading`): an opening greeting and a closing thanks
# as blanks, no-break and zero-width spaces as spaces, a carriage return before a line break as a space; items and
# context are the prompt's own slices. Added to the real parallelizable prompts of the training files that 2.75 found,
# "Hi! " lost 21 of 695, "\nThanks!" 20, no-break spaces 534 and Windows line ends 29; now 0, 0, 0 and 3. Two real
# decisions move (a closing "Thank you." leaves an item; zero-width spaces opening 20 lines no longer hide them), no
# held-out one.
# 2.77: lines of questions without their marks, told by their word order ("Does the fund publish a report\nWhich
# frameworks does it follow\n..."; headings such as "How it works" are not): with the question marks taken off the
# real prompts the rules find, 6 of 57 are lost instead of 10. No real decision moves. The gate reads the reading view
# too, without its blanked ends (`trimmed_view`: "Hi! " had moved a labelled single-task prompt across the gate's
# length bucket, and it was let through); its refit moves 5 real decisions, 4 held out (one to its label, one away).
# 2.78: the rules, the validator and the gate read the view without the blanks at its ends, and the view reads a run
# of empty lines or lines of blanks as one empty line (the rest as blanks ending the line before; the same length).
# Added to the labelled real prompts of the training files, two blank lines before the prompt had lost 15 of the 695
# the rules found and flagged 16 single-task ones of ~12,000; a blank on each empty line lost 3 of 104, empty lines
# doubled 2; now none. The view also blanks a chat template's role tags around the prompt ("### Instruction:" ...
# "### Response:", "USER: ... ASSISTANT:", "[INST] ... [/INST]"; not in a pasted conversation, whose tags are its
# text) and one pair of quotes around it all: with them added, 59-73 of the 695 were lost and 39-53 single-task
# prompts flagged (quotes: 63 and 19); now none (quotes: 3 and 7, prompts that quote something themselves). And it
# blanks an opening system prompt that only says the model is an assistant ("You are a helpful assistant."; it had
# lost 215 of the 695 as a role-play's set-up), and a Q/A frame ("Q: ...\nA:") or a code fence around it all (they lost
# 60 and 37, and flagged 49 and 15). A doubled space between words is read as one (the view is then
# shorter than the prompt: `Reading` maps its places back); one doubled space had lost 30 of 680 and flagged 12
# single-task prompts, every space doubled 91 and 55; now none. Reason spans found on the view are placed in the
# prompt. No real decision moves by the rules (the prompts we hold were trimmed and tidied where they were collected,
# and none is wrapped in a chat template); the gate's refits move 5, 2 held out (one away from its label).
# 2.79: the view blanks an opening role set-up, one sentence naming who the model is to be ("You are a marketing
# expert.", "Act as a professional copywriter."), when the rest asks without going on with the role-play ("I will give
# you ...", "you will ...", "Your task is ..."); every branch's template keeps it (`Reading.kept_around`), and the
# validator still holds a soft count after it low, as after any set-up. Added before the labelled real prompts of the
# training files, such a line had lost 215 of the 695 the rules found (139 read the role as the request) and flagged 7
# single-task prompts of ~12,000; now 84 (76 of them soft counts the set-up keeps low) and none. An inline list of what
# one output includes ("a menu for each day that includes breakfast, lunch and dinner", "que incluya ...") is not a
# list of items (a dev prompt behind a role line had hidden it; two held-out proposals of the same shape go).
# 2.80: the view blanks a closing format note, the last sentence or line saying only the answer's language, format or
# length ("Please write in English language.", which the AIPRM extension appends to ~390 of our real prompts; "Answer
# in Spanish.", "Return the answer in JSON format.", "Be concise."); every branch's template keeps it after the task.
# Added after the labelled real prompts the rules found, "\n\nAnswer in English." had lost 36 of 695 and flagged 8
# single-task prompts of ~12,000; the JSON note lost 17, read 10 otherwise and flagged 14; now none. A closing "thank
# you" that is a numbered list's last item is no closing thanks. A table's columns listed inline ("Each row displays
# the question number, location, ...", "Column 1 for ..., Column 2 for ...") are no items: three real prompts of that
# shape had hidden behind the AIPRM note.
# 2.81: the view blanks an opening label of the request ("Instruction: ", "Task:\n", "Request:", "Query:"), as it
# blanks a chat template's tags. Added before the labelled real prompts the rules found, "Instruction: " had lost 64 of
# 695 and flagged 42 single-task prompts, a "Task:" line 47 and 42; now none. No real decision moves.
# 2.82: the view blanks an opening plea for help ("Please help me.", "Can you help me with this?", "I need your
# help."; they had lost 23-36 of the 695 and flagged 6-11 single-task prompts), and a reasoning note closing the prompt
# is a format note ("Let's think step by step.", "Explain your reasoning."; 17-26 lost, 8-25 flagged); now none. No
# real decision moves.
# 2.83: the view blanks an opening "Please " or "Kindly " before a word, and a closing question that only checks the
# request was understood ("Can you do that?", "Is that possible?"; it had lost 48 of the 695 and flagged 59 single-task
# prompts); a closing completion cue ("\nAnswer:", "\n\nOutput:"; 21 and 35 lost) is a format note. No real decision
# moves.
# 2.84: 2.83's blanking of an opening "Please " is undone: the view's blanks at the start are no branch's, so every
# template lost the user's "Please" ("create a 1-item test" for "Please create a 6-item test"). The closing check and
# the completion cue stay; a closing note or check is now matched as the last sentence alone (searched for at every
# place of the tail, each had cost ~2 µs a prompt).
# 2.85 (session 55, data items): the request words around an extraction request's fields are no part of them: the
# fields start after a lead-in inside the first listed piece ("key information such as order id", "return JSON with
# keys order_id"), a pointer before the colon handing the text over closes the last ("total in:"), and the fields after
# "columns"/"keys" need not name data ("a table with columns Drug | Dose | Route"). No real decision moved.
# 2.86 (session 55): four fields or more beside a text, one in five naming data and none holding a digit, are asked
# without an extraction verb or a data noun for most of them ("speakers, venue, talk format, topics, proposal
# deadline"), unless the request classifies, prepares, or names kinds of one thing or what a dataset contains. Of
# 64,812 real decisions two moved (both held out: one to its label, one away); blind probes: Keyword Extraction 180
# -> 188 of 255.
# 2.87 (session 55): a template right above the request's line that the line points back at lists the fields ('{"hotel":
# "", ...}\nfill that json from this confirmation:', "<a CSV header>\n\nfill a csv row with those columns from this:",
# "Name:\nEmail:\n...\n\nplease complete the above using this resume"), the text then being the lines under that
# line; "header" leads the fields as "headers" does. No real decision moved; four read probes found, no blind one.
# 2.88 (session 55): a short question opening bare question words is a field list ("tell me who won, when and
# where"). No real decision moved; read probe F-6 found.
# 2.89 (session 55): fields asked on the short last line after a log or a stack trace read it, as a request pointing
# at it does ("<trace>\n\nwhats the exception type, the class, the line number and the batch id"); "all" opens any
# field of a list ("all the organizations, all the people with their job titles, ..."). No real decision moved; blind
# Keyword Extraction 188 -> 190 of 255. 2.90 (session 56): a clock time counts nothing: not the minutes after its
# colon ("return by 3:30 pm" read a count of 30), nor the hour before "am"/"pm"/"Uhr". No real decision moved; the
# one blind probe it moved (lost) had been found only through such a count. 2.91: "also" after a comma or an "and"
# joins the clauses asked of a named text ("tell me what X and why Y, also who Z"). No real decision moved. 2.92: data
# nouns of Spanish, Portuguese, Italian, French, German and Dutch ("edad, sexo, síntomas", "preço, tamanho, cor"), and
# their pointers at the text ending a list of fields ("di questo annuncio"). No real decision moved; blind Keyword
# Extraction +3. 2.93: a request answering "from it:" over its questions points at the text under them, one
# paragraph too; a paragraph asking the answerer ("can you") sets up no exam problem. No real decision moved. 2.94:
# questions numbered inline on the opening line ("Q1 ...? Q2 ..."), when the list blocks under them are no items. No
# real decision moved. 2.95: a lead asking to be told ("tell me quickly", "can u read this letter and tell me", "Kannst
# du mir sagen:") heads the question lines under it, the text after them their context. No real decision moved. 2.96:
# a one-text request ("reply to this") inside the text a request line hands over with its colon is the text's own
# words; a letter's sign-off ("Best,\nColm") is no column of fields. No real decision moved. 2.97: "answer" after the
# request's own words heads the questions under it ("Short story homework. Read it and answer:"), and a line asking
# three or more questions before the text gives each. No real decision moved. 2.98: a text after a one-line request's
# colon needs a line's weight only (40, was 80); a terse user's data names beside a short text, each asked with "?" on
# the line under it or opening its line, or after an arrow closing it; an arrow after the last field ends the list.
# No real decision moved. 2.99: a first line of 60 characters at most over its text may hold the data names alone, cut
# by blanks, with no pointer at the text (a text's own label, "Bank:", no longer stands for the request); names before
# an arrow at the text after it ("name date total -> <the receipt>"). No real decision moved. 2.100: "split this
# reference into" (or "break"/"parse", a citation or an address) asks for the fields after it. No real decision moved.
# 2.101: compound names in a list cut by blanks ("passenger name flight number ..."), in the extraction and in the
# validator's reading of such a list. No real decision moved. 2.102: three or more clauses each asking a fact ("who
# got arrested, when, and where?") beside a text with no verb are its fields, the first clause too. No real decision
# moved. 2.103: a first field named with its "of" ("date of birth", "el número de factura") keeps it after a colon,
# and among other fields that name data; a line of data nouns alone in its own paragraph names fields; a short format
# hint closing a field ("pets allowed (y/n)") is no code; "fill these in" points back at empty labels over it. Read
# off fresh probe set AP (session 58); no real decision moved. 2.104 (read off fresh set AR): a "Rules:" line right
# over a list heads one task's constraints whatever "below" says; "ce mail", "este correo" name one text, also when the
# text opens the inline list's first piece; a first piece that is the text named with a demonstrative of another
# language ("questo contratto") is no field; a request paragraph after a program's set-up paragraph ("<<SYS>> You are
# a named entity recognition system ..."); "every"/"each" opens no field. 2.105: roman numerals ("I.", "II.") number a
# list (lowercase "i.", "ii." stay with the readers of unmarked lines, which find an exam's passage); fields asked in
# the request's own sentence of a text win over the text's own numbered points. No real decision moved. 2.106: the one
# paragraph after questions is their text when the request holds it as "this <text noun>"; a field may lead with its
# own count ("5 keywords") or name what it comes with ("the action items with owners"); a comma may stand before the
# next inline marker; "を" and the verb may have "それぞれ" between them; a few judged aspects among an output's quoted
# keys are fields. Templates keep what they dropped: the text outside an inline list's instruction region, the line
# after a run of questions, and a count's noun where the phrase reads on past it ("a position regarding the",
# "another variation", "país"). No real decision moved. 2.107: a hurried English question may put its question after
# its topic ("red light blinking fast what does it mean", "coffee tastes watery what to do"). No real decision moved.
# 2.108: fields asked of a text win over the text's own list also when the extraction reader finds them (its context
# may be the text's longest paragraph alone: the text holds the list when it opens between the request and the
# list), and over a pasted text's unmarked lines. No real decision moved. 2.109: an inline list is one whole when its
# last item is a catch-all ("passwords, keys and everything") or its items are the adjectives of one noun ("a bold,
# catchy, short tagline"): read off two train turns, it moved three real decisions, all to their labels (one
# held-out). 2.110 (read off three old blind probe sets, Q, T and U): dependency cues in the text after the context
# count no more than those inside it (the text goes on past the paragraph its context holds); the noun "extract"
# ("leaf extract, ways of drying, ...", "vanilla extract,") asks for nothing; questions that a review or essay asked for
# on the prompt's first line answers are no items; a generable count heading may go on with "using", "featuring" ...;
# French "trouver" and Italian "estrarmi" ask for fields; "(1) ", "2) " before each field listed inline are no part
# of it; "this is from my lease" names the given text the questions after it are about; one paragraph after a list of
# questions asked of a text is their passage; a straight quote after a sentence's punctuation closes a quotation; a
# line of sentences after the text is no line of fields; items to turn or combine into one artifact are its
# material. No real decision moved by the rules; the refit moved four. 2.111 (read off a new blind probe set, AU):
# "Responda às perguntas" and "Beantworten Sie die Fragen" ask for answers; "（1）" and "س1:" mark list items; " -- "
# and the Arabic comma cut fields; a line of names over "get those from this letter:" lists the fields; German and
# Dutch fields stand before a verb ending the request ("... aus dieser Anzeige rausziehen", "... uit deze tekst
# halen"); "write an email" in five more languages asks for one artifact; a count heading's noun phrase ends at a
# participle ("6 tweet ideas promoting ..."); "ans these" asks for answers; an item opening with "then" or naming
# another by its number ("from Q1", "question 2") and questions that "get harder as they go" are dependent. One real
# decision moved (low to single-task). 2.112 (read off the blind set AT): a later field may be an "if they have ..."
# clause; a line of names may stand over a blank line above "take those out of this letter"; " -- " ends a list cut by
# commas; "on this receipt" ends a field list; "Summary:" labels a passage, and one paragraph after questions asked
# "from the report" is theirs; questions opening the prompt are asked of the numbered text after the line asking
# them; "please tell me" over short data fields asks them of the text after; "Q3" names another item only when an
# item's line opens with it; "no two names can ..." links the outputs. One real decision moved (wrong to right).
# 2.113: Vietnamese request verbs ("viết", "cho tôi", "gợi ý", ...) ask for a count, and "khổ", "đoạn", "dòng" ...
# are units of one output ("một bài thơ 4 khổ"). No real decision moved.
# 2.114: a first line naming the text right under it ("whats the store name, date and total on this receipt?\n<the
# receipt>") asks of it as over a blank line; fields a request points at a log line for may read it. No real decision.
# 2.115: entity types asked by a question ("which people, companies and places appear in this text?"); "Bitte
# alle ... auflisten", "trovami ..."; the validator reads fields after a text whose head names them, "・" and an
# inline "b)" as marks apart. No real decision moved.
# 2.116: a labelled text's last line naming it as the source ("from this review get me") introduces the list under
# it; "je" right before a count makes it per item; "问1" marks a question; "(i) ... (ii) ..." questions inline; a
# count's paragraph ending in a colon hands over the text after it (its cues are material). No real decision moved.
# 2.117: "which of these", "from most negative to most positive" in it/fr/es/de/pt choose or rank; fields asked on
# a first line win over the pasted text's own questions; a list cut by " / ", " | " or " -- " twice is cut by that
# mark alone ("nome e cognome / email"). No real decision and no real proposal's items moved.
# 2.118: "以下の記事に対する" names the text written about, no selection; "frases de ejemplo" are outputs; keywords
# "into: pros, cons, ..." name slots to fill, no one task on the text. No real decision moved.
# 2.119: a line naming questions or doubts ("questions about my robot vacuum, manual is pasted below", "fiquei com
# dúvida:") asks the shorter list under it about the text beside a longer one (not "answers questions like:"). No
# real decision moved.
# 2.120: one named document to translate ("这个说明书", "以下内容", "this manual", "the contract"): its numbered steps
# are its content; "第四部分" is an ordinal, no count; "traduire" and "Chers adhérents," make a French letter to
# translate; "follow these steps in order" chains the steps. No real decision moved.
# 2.121: a count spelled and restated in parentheses ("two (2) slogans", "cinco (5) ideas") is one count, its noun
# after the parenthesis. One real decision moved: a single-task assignment ("create twenty (20) cards", labelled
# single-task) became a `low` proposal, not accepted.
# 2.122: at most `_MOST_ASKED_LISTS` (8) shorter lists asked by their line are tried as the questions beside the
# material: a paste of one asking prompt many times over read every list against the whole text (6 s for 100,000
# characters). No decision moved on the 64,812 real prompts.
# 2.123: only lists with fewer items than the longest are tried as its questions (a list as long as the longest was
# tried too, though nothing tells which of two such lists is the material): a paste of one asking prompt, whose lists
# are all as long, read eight of them against the whole text (75 ms for 100,000 characters). No decision moved on the
# 64,812 real prompts.
# 2.124: "personas" is a soft unit (English profiles one writes; the Spanish people count no longer refuses as a hard
# unit); "a set/list of N ... that combine/include ..." describes each counted output, not one artifact holding all
# the items (`dependency._COUNTED_SET`); outputs tied to "one of the other characters" refer to one another. From
# the session-67 later-requests train file.
# 2.125: a field request's verb inside the pasted material (after the instruction, inside a line: after a bullet or
# mid-sentence, and before another paragraph) is the material's own word (`extraction._inside_material`): "Improve
# the writing ...\n\nContent is below:\n...\n- Identify user pain, difficulty, barriers" asks no fields. From two
# false proposals of the session-67 chunk-openings train file; on the 64,812 real prompts nine decisions moved, all
# false Keyword Extraction proposals (three in held-out files), no right one lost.
# 2.126: the shortcut that leaves a count with no noun after it unassessed (`counts._may_be_bare`) reads the count's
# whole clause as `_bare_count` does: characters other than letters between the asking words and the count ("give me
# )3") no longer hide a bare count from it. No decision moved on the 64,812 real prompts.
# 2.127: "your previous answer", "the last answer" (the assistant's, which a later turn points at) is context every
# part may read, not a part's input, unless the prompt uses it as one ("using your previous answer, ...":
# `dependency._answer_given_before`). From two later-turn train misses; on the 64,812 real prompts those two
# decisions moved (single-task -> Repeated Generation, both right), no other.
RULES_VERSION = "2.127"

CANONICAL_CATEGORIES = frozenset({
    "Repeated Generation", "Reading Comprehension", "Keyword Extraction", "Named Entity Recognition",
    "Translation", "Language Correction", "Sentiment Analysis",
})


def _decompose(text: str, language: str | None, found: Probe) -> Decomposition | None:
    """The first confident rule wins (`found`: the prompt's probe). Each rule is skipped outright when the prompt
    lacks the characters it needs (a line break, two question marks, a colon, a separator, a digit or number
    word)."""
    skeleton = skeleton_fields(text, found)
    if skeleton is not None:
        return skeleton
    multiline = "\n" in text
    every_block = list_blocks(text) if multiline else []
    options = option_blocks(every_block)
    quiz = (from_quiz(text, options) if len(options) >= 2 else None) or (
        from_labelled_questions(text, found.lowered) if multiline else None)
    if quiz is not None:
        return quiz
    blocks = [block for block in every_block if not answer_options(text[:block.start], block.items, block.kind)
              and not numbered_choice_question(text, block.start, block.end, block.items, block.kind)]
    choice = len(blocks) < len(every_block)
    if not blocks and _may_hold_inline_markers(text):
        markers = inline_markers(text)
        if markers is not None and (answer_options(text[:markers.start], markers.items, markers.kind)
                                    or numbered_choice_question(text, markers.start, markers.end, markers.items,
                                                                markers.kind)):
            choice = True
        else:
            blocks = [markers] if markers else []
    if choice and not blocks:
        return None  # one multiple-choice question: neither its options nor anything else in it are items
    if blocks:
        # the top-level list first (numbered problems over the parts inside them), then, when a list nesting
        # others is no set of tasks ("1. Perfect.\n2. Ok, in Swedish:\n2.1. ...?\n2.2. ...?\n3. Ok."), the longest
        # of the others
        tops = top_level(blocks)
        top = _longest(tops)
        listed = from_list_block(text, top, found)
        inner = [block for block in blocks if not block.nests]
        if listed is None and top.nests and inner:
            top = _longest(inner)
            listed = from_list_block(text, top, found)
        if listed is None and len(tops) > 1:
            top, listed = _questions_beside_material(text, found, top, tops)
        if listed is None and (opening := _inline_markers_before(text, blocks)) is not None:
            top, listed = opening, from_list_block(text, opening, found)
        if listed is not None:
            return (_fields_of_the_text_around(text, found, top) or _count_over_examples(text, language, found, top,
                                                                                          listed) or listed)
    lines = (unmarked_lines(text) or spaced_lines(text) or texts_under_each(text)) if multiline and not blocks else None
    if lines is not None:
        listed = from_list_block(text, lines, found)
        if listed is not None:
            return _fields_of_the_text_around(text, found, lines) or listed
    inline_found_none = False  # (`from_inline` found nothing in this prompt already: asked again, it finds the same)
    if text.count("?") + text.count("？") >= 2:
        if _holds_any(text, _QUOTE_HINT) and quoted_run(text):
            quoted = from_inline(text, found)
            if quoted is not None:
                return quoted
            inline_found_none = True
        questions = from_questions(text, found) or (from_question_lines(text) if multiline else None)
        if questions is not None:
            return _fields_asked_first(text, found, questions) or questions
    elif multiline and QUESTION_WORDS_START.match(text.lstrip()) and (questions := from_question_lines(text)):
        return questions  # (lines of questions without their marks, the first opened by a question word)
    exam = from_numbered_exam_question(text) or (from_exam_lines(text) if multiline else None)
    if exam is not None:
        return exam
    rules = _CountRules(text, blocks, found)
    inline = ((from_fields(text, found) if _may_hold_fields(text) else None)
              or (from_extraction_request(text, found)
                  if multiline or _has_colon(text) or text_after_request_sentence(text, found)
                  or text_beside_names(text) is not None else None)
              or from_dimensions(text, found)
              or from_audiences(text, found)
              or (from_inline(text, found) if not inline_found_none and _holds_any(text, _INLINE_HINT) else None)
              or from_glossary_question(text) or from_asked_of_text(text, found)
              or (from_questions_before_passage(text) or from_question_block(text)
                  or from_questions_after_passage(text) or from_questions_before_text(text)
                  or from_passage_and_questions(text) or from_questions_cut_by_marks(text) if multiline else None))
    if inline is None:
        return from_count(text, language, found, ignored=rules)
    # "Write 15 headlines with these keywords: money, saving, budgeting": an explicit request for a number of
    # generated things other than the inline items' number makes the inline items constraints of each output.
    counted = from_count(text, language, found, ignored=rules, explicit_only=True) if inline.data else None
    return counted if counted is not None and counted.n != len(inline.data or ()) else inline


class _CountRules:
    """The spans of the lists of rules for a counted request ("1. Four options each"), whose counts are not requests
    of their own (`constrains_a_count`), found when `from_count` first reads them: for a count it found only. (Found
    beforehand, in a paste of one short list 1,887 times, each list's header was read for nothing: 15 ms.)"""

    __slots__ = ("text", "blocks", "found", "spans")

    def __init__(self, text: str, blocks: list[ListBlock], found: Probe) -> None:
        self.text, self.blocks, self.found = text, blocks, found
        self.spans: list[tuple[int, int]] | None = None

    def __iter__(self) -> Iterator[tuple[int, int]]:
        if self.spans is None:
            self.spans = [(block.start, block.end) for block in self.blocks
                          if constrains_a_count(self.text, block.start, self.found)]
        return iter(self.spans)


def _fields_asked_first(text: str, found: Probe, questions: Decomposition) -> Decomposition | None:
    """The fields a first paragraph of one line asks to extract ("pls extract sender -- meeting date -- budget\n\n
    email:\n<an e-mail ending in its own questions>"), when the questions found are the pasted text's: the request
    comes first and asks no question itself."""
    first_end = text.find("\n")
    if first_end < 0 or "?" in text[:first_end] or "？" in text[:first_end] or not any(
            reason.rule == "passage.context" for reason in questions.reasons) \
            or STRONG_EXTRACT.search(text[:first_end], found.prefix(text, first_end)) is None:
        return None
    return from_extraction_request(text, found)


def _fields_of_the_text_around(text: str, found: Probe, block: ListBlock) -> Decomposition | None:
    """ "From these minutes extract the attendees, the decisions made and the action items.\n\n<the minutes, their
    points numbered>", "from these meeting notes extract:\n* attendees\n* decisions made\n\n<the notes, their
    points bulleted>": fields asked of a text that holds the list; the list is the text's, not the request's items.
    The text holds it when the fields' context does, or when the text opens between the request and the list (the
    extraction's context may be its longest paragraph alone). (A list the text opens with is the texts to extract
    from: "Extract the following information from the presented texts: ...\na) <text>\nb) <text>".)"""
    fields = (from_fields(text, found) if _may_hold_fields(text) else None) or from_extraction_request(text, found)
    if fields is None:
        return None
    context = next((reason.span for reason in fields.reasons if reason.rule == "passage.context"), None)
    asked = next((reason.span for reason in fields.reasons if reason.rule.startswith("fields.") and reason.span),
                 None)
    if context is None or asked is None:
        return None
    line_start = text.rfind("\n", 0, block.start)
    if context[0] < line_start < context[1]:
        return fields
    request_end = end_of_line(text, asked[1])
    opening = text[request_end:max(request_end, line_start)].strip()
    return fields if context[0] >= request_end and weighs(opening, _TEXT_OPENING) else None


_TEXT_OPENING = 12  # a text's own first line before its list: "Weekly product sync – Tue 11 Jul", "各位同事："


def _count_over_examples(text: str, language: str | None, found: Probe, block: ListBlock,
                         listed: Decomposition) -> Decomposition | None:
    """ "Suggest 15 blog topics on X, with some example topics:\n1. ...\n2. ...": a list presented as examples
    of the outputs, or as what each holds, under an explicit count of another number asked before it: the count
    decides, as a count overrides inline items it does not number (see `_decompose`)."""
    if not listed.data or not illustrates_a_count(text, block.start):
        return None
    counted = from_count(text, language, found, ignored=[(block.start, len(text))], explicit_only=True)
    return counted if counted is not None and counted.n != len(listed.data) else None


def _versions_of_one_text(text: str, language: str | None, found: Probe, request: Reason) -> Decomposition | None:
    """A task on one pasted text splits only by a count in the request's own clause ("Rephrase this sentence 3
    times:", "Suggest 2-3 tags for this post"): the text's lists, comma runs and counts are its material."""
    start, end = request_clause(text, request.span or (0, len(text)))
    return from_count(text, language, found, ignored=[(0, start), (end, len(text))])


def _questions_beside_material(text: str, found: Probe, longest: ListBlock, tops: list[ListBlock],
                               ) -> tuple[ListBlock, Decomposition | None]:
    """When the longest list is none of tasks, a shorter one may be the questions about it: "using only my notes
    below answer:\na) ...?\nb) ...?\n\nnotes:\n- <seven bullet lines>". Taken only as questions or fields about a
    text (Reading Comprehension, Keyword Extraction) and asked by the line introducing it, or, opening the prompt,
    by the first line after it ("Q1. ...\nQ2. ...\n\nanswer based on our policy:\n<the policy's numbered clauses>"):
    a shorter list beside a refused one is otherwise as often a second list of the same single task (examples after
    its requirements) or the text's own (a manual's "answers questions like:", a build log's paths)."""
    asked = 0
    shorter = (block for block in tops if len(block.items) < len(longest.items))  # (as long: which is the material?)
    for block in sorted(shorter, key=lambda block: -len(block.items)):
        line = text[text.rfind("\n", 0, max(0, block.start - 1)) + 1:block.start]
        if not line.strip() and not text[:block.start].strip():
            following = text[block.end:].lstrip()
            line = following[:end_of_line(following, 0)]
        if READ_CUE.search(line) is None and _ASKING_LINE.search(line) is None:
            continue  # (asked by the line right before it: "... answer:", "based on the notes:", "questions about my
            # robot vacuum, manual is pasted below", "fiquei com dúvida:")
        if (asked := asked + 1) > _MOST_ASKED_LISTS:
            break  # a paste of one asking prompt many times over, not questions beside material: each list read
            # cost time in the prompt's length (quadratic: 6 s for 100,000 characters)
        listed = from_list_block(text, block, found)
        if listed is not None and listed.context and listed.category in _ABOUT_A_TEXT:
            return block, listed
    return longest, None


_ABOUT_A_TEXT = frozenset({"Reading Comprehension", "Keyword Extraction"})
_MOST_ASKED_LISTS = 8  # shorter lists asked by their line, tried as the questions beside the material
# A line naming what follows it as questions or doubts ("questions:", "q's about this", "tengo unas dudas").
# (Not a manual's own "answers questions like:" over its examples.)
_ASKING_LINE = re.compile(r"\b(?:questions?|qs|q's|preguntas?|dudas?|dúvidas?|fragen|domande|perguntas?|"
                          r"вопрос\w*)\b(?![ \t]+(?:like|such[ \t]+as|e\.g\.|como|comme|wie|come)\b)|问题|問題|質問",
                          re.IGNORECASE)


def _longest(blocks: list[ListBlock]) -> ListBlock:
    """The block with the most items (the last of equals)."""
    return max(reversed(blocks), key=lambda block: len(block.items))


# What inline markers need: "1. " or "1) " (a digit, then "." or ")" and a space), "a) " (a lettered part), "i) " (a
# roman one), "#1 ", or a bullet after a colon. Each starts with a literal the engine skips to; one regex of them all
# would try every digit of a long text.
_NUMBER_DOT, _NUMBER_PAREN = re.compile(r"\.(?<=\d\.)\s"), re.compile(r"\)(?<=\d\))\s")
_LETTER_PAREN = re.compile(r"\)(?<=\b[a-hA-H]\))\s")
_COLON_BULLET = LiteralLed((colon, r"[ \t]*[-•*]\s") for colon in ":：")  # [:：][ \t]*[-•*]\s


def _inline_markers_before(text: str, blocks: list[ListBlock]) -> ListBlock | None:
    """Questions numbered inline before the first list block and a blank line ("Q1 is there dark mode now? Q2 which
    export formats ...\n\n<release notes with their own bullets>"): the lists under them are the text's own."""
    head = text[:min(block.start for block in blocks)]
    if not _may_hold_inline_markers(head):
        return None
    markers = inline_markers(head)
    return markers if markers is not None and BLANK_LINE.search(head, markers.end) is not None else None


def _may_hold_inline_markers(text: str) -> bool:
    return bool(_NUMBER_DOT.search(text) or _NUMBER_PAREN.search(text) or _LETTER_PAREN.search(text) or "#" in text
                or ("Q2" in text or "q2" in text) or "i) " in text or _has_colon(text) and _COLON_BULLET.search(text))


def _may_hold_fields(text: str) -> bool:
    """What a field instruction ends with: a colon, a blank line, a line of dashes or dashes after the words naming
    the text ("from this review -- <text>"), or a fence around the text (a line of three backticks or quotes before
    and after it, the request after the closing one)."""
    return (_has_colon(text) or BLANK_LINE.search(text) is not None or "--" in text or "—" in text
            or _holds_any(text, FENCES))


def _has_colon(text: str) -> bool:
    """A colon, ASCII or full-width: what a field instruction or a bullet after a colon needs. Two substring tests
    cost less than a regex's character class tried at every position of a long text."""
    return ":" in text or "：" in text


# The characters a quoted run needs, and those an inline list needs (a separator or a quote), each looked for by a
# substring test (`str.find` skips through a text; a regex's class is tested at every position of it).
_QUOTE_HINT = "\"“‘'«„「『"
_INLINE_HINT = ",;，；、" + _QUOTE_HINT


def _holds_any(text: str, marks: Iterable[str]) -> bool:
    """Whether `text` holds any of `marks` (characters of a string, or strings)."""
    return any(map(text.__contains__, marks))


# The label of a browser extension's button pasted with the prompt ("지금 번역하기", "translate now"): no words of the
# user's, so no task cue may be read from it ("번역" would ask for a translation of the lists above it).
# (The run of blanks before it is matched only from where it starts, as the leftmost match starts anyway: a search
# tried every position of a long run, each reading the rest of it.)
_INTERFACE_TAIL = re.compile(r"(?:(?<!\s)\s+)?지금 번역하기\s*$")


def _without_interface_tail(text: str) -> str:
    """`text` without a pasted interface label at its end (every span in it stays that of `text`)."""
    return text[:tail.start()] if "번역" in text and (tail := _INTERFACE_TAIL.search(text)) else text


def _as_read(text: str) -> tuple[str, Reading]:
    """The prompt without a pasted interface label, and that as the rules read it: its `Reading.trimmed`, whose
    spans `Reading.placed` puts in the prompt."""
    body = _without_interface_tail(text)
    return body, reading(body)


def extract_rules(text: str, *, language: str | None = None, prompt_id: str | None = None) -> Schema:
    """A schema for `text`: parallelizable with data or n when one rule is confident, else not parallelizable."""
    body, read = _as_read(text)
    refusal, found = _decision(read.trimmed, language, probe(read.trimmed))
    pid = prompt_id or prompt_id_for(text)
    leaked = _leaked_placeholder(found) if found is not None else None
    if leaked is not None:
        found, refusal = None, Reason("refuse.literal-placeholder", f"the prompt's own text writes {leaked}, which "
                                      "its template could not tell from the placeholder")
    if found is None:
        return Schema(prompt_id=pid, extractor=RULES_EXTRACTOR, extractor_version=RULES_VERSION,
                      parallelizable=False, serial=text,
                      reasons=[read.placed(refusal or Reason(NO_DECOMPOSITION, "no list, questions, fields or count "
                                                             "found with enough confidence"))])
    return _proposal(pid, text, _as_written(found, read, body))


def _as_written(found: Decomposition, read: Reading, body: str) -> Decomposition:
    """`found`, read off `read.trimmed`, with its reasons' spans in `body` and its items and context as `body` writes
    them (its template is the view's, without the blanks at its ends: a branch needs no greeting). A context with
    only blanks before it or after it in the view is a pasted text that may open with the greeting or close with the
    thanks ("Hi team, Maria here. ... Thanks!"): it keeps them."""
    view = read.view
    reasons = [read.placed(reason) for reason in found.reasons] if read.start or read.gaps else found.reasons
    if view is body:
        return found if reasons is found.reasons else dataclasses.replace(found, reasons=reasons)
    context = found.context
    if context:
        start = view.find(context)
        end = start + len(context)
        if start >= 0:
            outer_start, outer_end = read.within  # (never the chat template's tags or the quotes around it all)
            start = (outer_start + _blanks_opening(body[outer_start:]) if view[:start].isspace()
                     else read.in_prompt(start))
            end = len(body[:outer_end].rstrip()) if view[end:].isspace() else read.in_prompt(end)
            context = body[start:end]
    return dataclasses.replace(found, template=read.kept_around(found.template.strip(), body), context=context,
                               data=found.data and [read.as_written(item, body) for item in found.data],
                               reasons=reasons)


def _blanks_opening(text: str) -> int:
    return len(text) - len(text.lstrip())


_REFUSALS_SHOWN = 5


def refused_counts(schema: Schema, text: str, language: str | None = None) -> list[Reason]:
    """Why the counts `text` states were not read as requests for that many outputs ("10 key habits": a ranked
    selection), when `schema` is this version's rules finding no decomposition of `text` (else none): what a person
    triaging a miss needs beside "no count found with enough confidence". Computed on demand (`ppstudio show`, the
    studio's detail screen, the misses of `curate --eval`), not stored: assessing every refusal of every prompt
    would cost the rules about a sixth of their time. At most `_REFUSALS_SHOWN`, in text order."""
    if (schema.extractor, schema.extractor_version) != (RULES_EXTRACTOR, RULES_VERSION) or all(
            reason.rule != NO_DECOMPOSITION for reason in schema.reasons):
        return []
    body, read = _as_read(text)
    reasons = []
    for assessed in assess_counts(read.trimmed, number_words(language), probe(read.trimmed)):
        start, end = read.prompt_span(assessed.span)
        if isinstance(assessed, Refusal):
            reasons.append(Reason(assessed.rule, f"“{body[start:end]}” is not a request for {assessed.value} "
                                  f"outputs: {assessed.message}", (start, end)))
        else:
            reasons.append(Reason("count.unused", f"“{body[start:end]}” reads as a request for {assessed.value} "
                                  "outputs, but no decomposition was proposed: another count, or a reading of the "
                                  "whole prompt, stood against it", (start, end)))
        if len(reasons) == _REFUSALS_SHOWN:
            break
    return reasons


def withheld_decomposition(text: str, *, language: str | None = None) -> Schema | None:
    """The schema the rules would propose for `text` had a single-task refusal (code, a paste to acknowledge, one
    task on one pasted text) not withheld it; None when nothing was withheld. Why: the gate's trainer learns from
    these on single-task prompts — they are the false proposals the refusals prevent, and without them each refusal
    the rules gain takes its examples out of the gate's negatives."""
    body, read = _as_read(text)
    probed = probe(read.trimmed)
    refusal, found = _decision(read.trimmed, language, probed)
    if refusal is None or found is not None:
        return None
    withheld = _decompose(read.trimmed, language, probed)
    return _proposal(prompt_id_for(text), text, _as_written(withheld, read, body)) if withheld is not None else None


def _decision(text: str, language: str | None, probed: Probe) -> tuple[Reason | None, Decomposition | None]:
    """The single-task refusal that applies to `text` (None when none does) and the decomposition the rules propose:
    none under a refusal, but for a count in the request's own clause under the one-pasted-text refusal."""
    refusal = (code_task(text, probed) or acknowledgement_only(text, probed) or whole_text_task(text, probed)
               or letter_to_work_on(text, probed))
    if refusal is None:
        return None, _decompose(text, language, probed)
    if refusal.rule == WHOLE_TEXT_RULE:
        return refusal, _versions_of_one_text(text, language, probed, refusal)
    return refusal, None


def _leaked_placeholder(found: Decomposition) -> str | None:
    """The placeholder the template holds other than once for items (none for a count) or once for a context,
    else None: a rule places each at most once, so any other count means the prompt's own text wrote one, which
    rendering a branch would fill with an item or the context."""
    if found.template.count("{data}") != (found.data is not None):
        return "{data}"
    return "{context}" if found.template.count("{context}") != bool(found.context) else None


def _proposal(pid: str, text: str, found: Decomposition) -> Schema:
    return Schema(prompt_id=pid, extractor=RULES_EXTRACTOR, extractor_version=RULES_VERSION, parallelizable=True,
                  category=found.category, serial=text, template=found.template, context=found.context,
                  data=found.data, n=found.n, reasons=found.reasons,
                  novel_category=found.category not in CANONICAL_CATEGORIES)


__all__ = ["CANONICAL_CATEGORIES", "MAX_BRANCHES", "NO_DECOMPOSITION", "RULES_EXTRACTOR", "RULES_VERSION",
           "extract_rules", "refused_counts", "withheld_decomposition"]
