"""Hand-written probes of the hidden set's categories: nineteen sets of 80 prompts and one of 70 (S) (25 Keyword
Extraction, 20 Reading Comprehension, 15 Repeated Generation, 20 single-task look-alikes; about a tenth in other
languages) and one of 80 in
many languages (V) and one of 80 in the style of 2023 chat-demo users (W), each written by a
helper blind to the code and to the other sets, in the styles of 2023 chat-demo users: A to D in session 36
(`probes_s36.jsonl`), E in session 37 (`probes_s37.jsonl`), F and G in session 38 (`probes_s38.jsonl`,
`probes_s38g.jsonl`), H and I in session 39 (`probes_s39.jsonl`, `probes_s39i.jsonl`), J in session 40
(`probes_s40j.jsonl`), L, M and N in session 41 (`probes_s41l.jsonl`, `probes_s41m.jsonl`, `probes_s41n.jsonl`), O and P in session 42
(`probes_s42o.jsonl`, `probes_s42p.jsonl`), Q in session 43 (`probes_s43q.jsonl`), R, S and T in session 44
(`probes_s44r.jsonl`, `probes_s44s.jsonl`, `probes_s44t.jsonl`), U, V and W in session 45 (`probes_s45u.jsonl`,
`probes_s45v.jsonl`, `probes_s45w.jsonl`; K,
written in session 40 and kept outside the repository to stay unread, was lost with its machine). The rules learned layouts from A, B and C in session 36 and from D in session 37; E, F and G
were measured without being read (G only at the end of session 38, once per tree; afterwards a diff listing showed the
first ~160 characters of each F and G probe, so a next blind measure needs a new set; H was measured once, unread, at
the start of session 39, and then the misses of E to H were read to write rules 2.49-2.53; I, written blind at the
start of session 39, was measured once at its end, on the start and the final tree, unread, and its misses were read
in session 40; J, written blind at the start of session 40, was measured once unread at 2.54 and then read for rules
2.55-2.56; L, written blind at the start of session 41, was measured once unread on the trees of session 40's start and
end, then read for rules 2.58; M, written blind after that, was measured once unread on the trees of 2.54, 2.57 and
2.58, then read for rules 2.59; N, written blind after 2.58, was measured once unread on the trees of 2.54, 2.57,
2.58 and 2.59 and committed unread, its misses listed by pid only; read in session 42 for rules 2.60; O, written blind
at the start of session 42, was measured once unread on the trees of 2.59 and 2.60 and committed unread, its misses
listed by pid only; so was P, written blind after 2.60 and measured unread at 2.59, 2.60 and 2.61; and Q, written
blind at the start of session 43 and measured unread at session 1's rules, 2.62 and 2.63, and at 2.64 in session 44;
R, written blind at the start of session 44 and measured unread at session 1's rules, 2.63 and 2.64 (and once
mid-session), then read for rules 2.65; S, 70 reading-heavy probes written in session 44 to be read, O and P read
then too, for rules 2.64; T, written blind in session 44 after 2.64 and measured unread at session 1's rules, 2.63,
2.64 and 2.65, and at 2.66 in session 45); U, written blind at the start of session 45 and measured unread at
session 1's rules, 2.65 and 2.66; V, 80 probes in many languages (35 Keyword Extraction, 25 Reading Comprehension, 20 look-alikes)
and W, 80 in the style of 2023 chat-demo users (25 Repeated Generation with counts apart from their nouns, 20 Keyword
Extraction, 20 Reading Comprehension, 15 look-alikes), both written in session 45 to be read, for rules 2.66; X,
written blind at the start of session 46 in R's mix (mostly English) and measured unread at session 1's rules, 2.66 and
2.67; Y (35 Keyword Extraction, 25 Reading Comprehension, 20 look-alikes in untidy chat layouts), Z (30 / 25 / 10
Repeated Generation / 15 look-alikes, tidy and untidy) and AA (60 single-task prompts that look like lists of sub-tasks,
20 parallelizable controls), written in session 46 to be read, for rules 2.67 (`probes_s46x.jsonl`,
`probes_s46y.jsonl`, `probes_s46z.jsonl`, `probes_s46aa.jsonl`); AB, written blind at the start of session 47 in R's
mix and measured unread at session 1's rules, 2.67 and 2.68; AC (60 Keyword Extraction, 20 look-alikes) and AD (40
Keyword Extraction, 20 Reading Comprehension, 20 look-alikes, untidy layouts), written in session 47 to be read, for
rules 2.68 (`probes_s47ab.jsonl`, `probes_s47ac.jsonl`, `probes_s47ad.jsonl`); AE and AF (45 Keyword Extraction
prompts in developers' templates and terse users' layouts, 15 look-alikes each, two writers, one brief), written
blind in session 47: AE measured unread at 2.67 and 2.68 and then read for rules 2.69, AF measured unread at 2.67,
2.68 and 2.69 and then read for rules 2.70; AG (the same brief, a third writer), written blind in session 47 and
measured unread at session 1's rules, 2.67, 2.69 and 2.70 (`probes_s47ae.jsonl`, `probes_s47af.jsonl`,
`probes_s47ag.jsonl`); AH and AI (one Reading Comprehension-heavy, one Keyword Extraction-heavy, 20 look-alikes
each), written in session 50 by two writers and measured before they were read, then read for rules 2.72, and AJ (30
/ 30 / 20) and AK (25 / 25 / 15 Repeated Generation / 15), written blind in session 50 and committed unread (AJ less
one prompt the leak check refused), and AL (60 Reading Comprehension in messy layouts, 20 look-alikes), measured
before it was read, then read (`probes_s50ah.jsonl`, `probes_s50ai.jsonl`, `probes_s50aj.jsonl`,
`probes_s50ak.jsonl`, `probes_s50al.jsonl`); AM (30 Keyword Extraction, 30 Reading Comprehension, 20 look-alikes in
the templates programs send) and AN (25 / 35 / 20 in the layouts of casual chat users), written in session 51 by two
writers and measured before they were read at session 1's rules and 2.73: AM committed unread, AN read for rules 2.74;
AO (55 single-task look-alikes in templated and casual layouts, 25 Keyword Extraction and Reading Comprehension
controls), written late in session 51, measured before it was read at session 1's rules and 2.74, then read for 2.75
(`probes_s51am.jsonl`, `probes_s51an.jsonl`, `probes_s51ao.jsonl`); AP and AQ (25 Keyword Extraction, 20 Reading
Comprehension, 15 Repeated Generation, 20 look-alikes; two writers, one brief asking for some fields named with their
"of"), written blind at the start of session 58 and measured unread at 2.102 and 2.103's first step: AP then read for
2.103, AQ committed unread, though a line-length listing of the commit's diff then showed the first ~200 characters
of AQ-71 to AQ-80, none of them a miss (`probes_s58ap.jsonl`, `probes_s58aq.jsonl`); AR and AS (30 Keyword
Extraction or Named Entity Recognition, 30 Reading Comprehension, 20 look-alikes; two more writers, one brief: arena
users, developers' templates, pasted documents, non-native writers), written blind after 2.103's first step and
measured unread at 2.102 and 2.103: AR then read for 2.104-2.105, AS committed unread less AS-72, which shares a
64-character run with two real prompts the leak check knows (`probes_s58ar.jsonl`, `probes_s58as.jsonl`); AT to AW
(session 61, four writers, one brief: office workers pasting documents (AT), students and hurried phone users (AU),
developers' templates, support tickets and CVs (AV), everyday life on a phone, messy and 45% not in English (AW);
80 each, 20 to 30 Keyword Extraction, 20 to 30 Reading Comprehension, 10 to 15 Repeated Generation, 15 to 20
look-alikes): AU read for 2.111 and AT, measured unread at 2.110 and 2.111, for 2.112; AV and AW measured unread at
2.110 and 2.112 and committed unread (`probes_s61at.jsonl` to `probes_s61aw.jsonl`); AX to BA (session 62, four
writers: users writing mostly not in English (AX), documents pasted into the chat (AY), programs' templates and casual
arena users (AZ), students, teachers and hobbyists (BA)), measured unread at 2.113: AY and AZ read for 2.114-2.118, AX
and BA committed unread (`probes_s62ax.jsonl` to `probes_s62ba.jsonl`); AY less AY-23 and AY-40, whose contract
boilerplate and Python error message share runs with real prompts the leak check knows; BB (English-speaking arena
users) and BC (half long pasted material, half very short prompts), written blind after 2.116 and measured unread at
2.113 and 2.118: BC then read for 2.119, BB committed unread (`probes_s62bb.jsonl`, `probes_s62bc.jsonl`); BD to BF
(session 63, three writers: arena users' first turns in the hidden set's mix (BD), 55 single-task look-alikes with
25 controls (BE), programs' templates and pasted workplace documents (BF)), measured unread at 2.119 and 2.120 and
committed unread, the same decisions at 2.121 (`probes_s63bd.jsonl` to `probes_s63bf.jsonl`).
None of our real collections holds these layouts (decision_scan over 64,812 real
prompts moved 0-9 decisions for each change they led to), so these cases guard the decisions on them. A unit-test
fixture, not evidence of precision or recall (docs/curation.md, "Hand-written extraction and reading probes"). The known
misses are strict xfails: a fix must move them out of the list, and a new miss fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

_CASES = [json.loads(line) for name in ("probes_s36.jsonl", "probes_s37.jsonl", "probes_s38.jsonl", "probes_s38g.jsonl",
                                                  "probes_s39.jsonl", "probes_s39i.jsonl", "probes_s40j.jsonl",
                                                  "probes_s41l.jsonl", "probes_s41m.jsonl",
                                                  "probes_s41n.jsonl", "probes_s42o.jsonl", "probes_s42p.jsonl",
                                                  "probes_s43q.jsonl", "probes_s44r.jsonl", "probes_s44s.jsonl",
                                                  "probes_s44t.jsonl", "probes_s45u.jsonl", "probes_s45v.jsonl",
                                                  "probes_s45w.jsonl", "probes_s46x.jsonl", "probes_s46y.jsonl",
                                                  "probes_s46z.jsonl", "probes_s46aa.jsonl", "probes_s47ab.jsonl",
                                                  "probes_s47ac.jsonl", "probes_s47ad.jsonl", "probes_s47ae.jsonl",
                                                  "probes_s47af.jsonl", "probes_s47ag.jsonl", "probes_s50ah.jsonl",
                                                  "probes_s50ai.jsonl", "probes_s50aj.jsonl", "probes_s50ak.jsonl",
                                                  "probes_s50al.jsonl", "probes_s51am.jsonl", "probes_s51an.jsonl",
                                                  "probes_s51ao.jsonl", "probes_s58ap.jsonl", "probes_s58aq.jsonl",
                                                  "probes_s58ar.jsonl", "probes_s58as.jsonl", "probes_s61at.jsonl",
                                                  "probes_s61au.jsonl", "probes_s61av.jsonl", "probes_s61aw.jsonl",
                                                  "probes_s62ax.jsonl", "probes_s62ay.jsonl", "probes_s62az.jsonl",
                                                  "probes_s62ba.jsonl", "probes_s62bb.jsonl", "probes_s62bc.jsonl",
                                                  "probes_s63bd.jsonl", "probes_s63be.jsonl", "probes_s63bf.jsonl")
          for line in (Path(__file__).parent / name).read_text(encoding="utf-8").split("\n") if line.strip()]
# Decided wrongly by the rules and the structural validator at 2.44, less twenty-one since: fields cut by a spaced bar
# or slash count as separated (four), rules 2.45 read data fields listed beside a text with no verb (six), and 2.46 fit
# set D (four: "grab", "pull these out", a weak verb right before its list's colon, "#" ending a field's name), 2.47
# five more (A-28, B-28, C-53, F-25, F-60: a short header between a passage and its questions) and 2.48 two (E-9, E-43:
# three questions opening the prompt before a text of statements, read off E's failing steps). Rules 2.49 (session 39,
# read off the Keyword Extraction misses of E-H) took twenty-seven more: asking words with a pointer at the text ("I
# need ... from this", "what's the ... in this recipe?", "pull", "output", "sácame", "вытащи"), or on the short last
# line after the text when most fields name data; "with the keys a, b, c" listing from "a"; a list ended by "based on
# this ...", ", nothing else" or a colon ending its line; an Oxford comma's "and" and a later wh-clause field ("... and
# what refund they were promised"); "complete the form"; more data nouns. It lost C-61 (accepted before on two wrong
# items) and E-17 (its right fields now found, "comparing" in the request rejects them). The learned gate is off in
# these tests; with it, more true proposals are rejected. Rules 2.50-2.54 took seventeen more (question lines closing a
# prompt after its text under a header or a request to read, questions about a document named before it, a Korean count
# sizing one output, "two different opening paragraphs", "return:" or "Output format:" over a column of fields). Most
# misses left are questions in many layouts (Reading Comprehension, and extraction asked as wh-questions), requests in
# other languages whose list precedes the verb, and fields in templates or nested JSON. Rules 2.55 (session 40, read off
# I's misses and J's) took eight more: fields asked of a log line or a traceback, "I'm comparing ..." said of the asker,
# question lines opening the prompt before their text, a last line naming the text ("quick qs about this email:") over
# a text of several paragraphs, Portuguese "O que ...?", Italian "mi servono". Rules 2.56 (read off J's misses) took
# eight more: fields in Japanese corner brackets before the verb, "with keys" without an article, "turn this into YAML
# with ...", Spanish "saques", more data nouns (timestamp, latency, delivery), "so I can pick one" said of the asker,
# Korean "다음 조건" (the following conditions) naming one output's material. Rules 2.57 two more (F-64, H-43): "can you
# tell me" or "read this and tell me" opening wh-clauses about a named text, a later clause asking yes or no; and three
# (D-63, G-80, H-50) a Japanese object list ("から、差出人、件名、締め切り日を抜き出して"). Rules 2.58 (session 41, read
# off L's misses) took C-66 and J-50 and nine of L's ten: a story or notes of several paragraphs under a request to
# read them (the "Then" of one paragraph was read as the request's), "à partir du texte suivant" naming the text, a
# header "..., quick qs:", a text of several paragraphs beside a one-line request, a form's column ("Carrier:"), a
# column of fields after the text ("-> booking ref"), a request's colon on the text's line, bulleted lines ending in
# semicolons (no code), "Make them feel different from each other" said of versions. Rules 2.59 (read off M's misses) took five of M's
# sixteen: a text of several paragraphs below the questions that the request points at ("based on Amalie's email
# below?"), an FAQ's own questions inside the text the request points at, "1）" numbering, "from:" pointing at the text,
# "i'm building a comparison table" said of the asker. Rules 2.60 (session 42, read off N's misses) took four of N's
# twelve: a field's own parenthesis inside the list, "receipt below" pointing a weak verb at the text, a request asked
# as a question about the questions ("pouvez-vous répondre à ces questions ... ci-dessous ?"), questions asked before a
# longer list of notes. Rules 2.61 (session 42) took four more (C-79, E-47, F-23, N-37): a short opening line handing
# over a text of several paragraphs ("my manager sent this, I'm a bit confused") makes all of them the context of the
# questions closing the prompt; F-32: statements to judge "true or false" are questions about the passage; F-49:
# "my mom just got these from the hospital" names the text after the questions. Rules 2.63 (session 43, read off the
# extraction and reading misses of A-N) took twenty-seven (eight of O and P among them, unread): a weak verb in a short
# request beside a text, data fields cut by "+", "/", "|" or "?", "email and phone", a text named by its place ("the
# key facts below"), clauses before a closing name, "it" among three or more clauses, the text past a "---" line,
# "check this email and tell me:" over a list, empty "A:" answer slots; B-16: three question clauses after a
# passage of statements need no name for it; D-22: "what is" opening the first field is no part of it. Rules 2.66
# (session 45, read off R's misses and set V's) took ten: six of R's (fields joined by "i"/"en", a field's parenthesis
# holding "+", a Turkish verb after its fields, an Indonesian "answer these questions" over a list, questions cut by
# " / "), E-56, I-64, P-16, and T-80 (T unread); D-7: "the press release" names the text ("release", "clause" and
# "notice" had been left out of the words `FROM_TEXT` is searched at).
_KNOWN_MISSES = frozenset({
    "probeA-43", "probeA-67",
    "probeB-21",
    "probeC-9", "probeC-23", "probeC-44",
    "probeC-50", "probeC-72", "probeC-77", "probeC-78",

    "probeD-6", "probeD-9", "probeD-16", "probeD-68",
    "probeD-73",
    # E, at rules 2.48 (never read; 2.48 was shaped by its failing steps, counted; 2.49 by its misses, read)
    "probeE-11", "probeE-15", "probeE-18", "probeE-58",
    "probeE-79",
    # F, at rules 2.48 (never read before its measures; 2.49 was shaped by its misses, read)
    "probeF-13",
    "probeF-68", "probeF-78", "probeF-79",
    # G, at rules 2.48 (never read before its measures; 2.49 was shaped by its misses, read)
    "probeG-35",
    "probeG-60", "probeG-61",
    # H, at rules 2.48 (measured once unread; 2.49 was shaped by its misses, read)
    "probeH-31", "probeH-32",
    "probeH-40",
    # I, at rules 2.53 (written blind at the start of session 39, measured once at its end; 2.55 read its misses)
    "probeI-76",
    # J, at rules 2.56 (written blind at the start of session 40, measured once unread at 2.54; 2.55-2.56 read its misses)
    "probeJ-4", "probeJ-20", "probeJ-21", "probeJ-36",
    # L, at rules 2.58 (written blind at the start of session 41, measured once unread at 2.57; 2.58 read its misses)
    "probeL-41",
    # M, at rules 2.59 (written blind in session 41, measured once unread at 2.58; 2.59 read its misses)
    "probeM-2", "probeM-3", "probeM-19", "probeM-38", "probeM-45", "probeM-78",
    # N, at rules 2.60 (written blind in session 41, measured once unread at 2.59; 2.60 read its misses in session 42)
    "probeN-14", "probeN-47",
    # O, at rules 2.60 (written blind in session 42, measured once unread at 2.59 and at 2.60, committed unread)
    "probeO-7", "probeO-27", "probeO-32", "probeO-45", "probeO-69",
    # P, at rules 2.61 (written blind in session 42, measured once unread at 2.59, 2.60 and 2.61, committed unread;
    # two of these are false proposals of single-task probes)
    "probeP-3", "probeP-18", "probeP-27", "probeP-28", "probeP-42",
    "probeP-73", "probeP-78",
    # Q, at rules 2.63 (written blind in session 43, measured once unread at 2.62 and 2.63, the same twelve misses,
    # committed unread; read for its misses in session 60)
    "probeQ-30", "probeQ-58",
    "probeQ-75", "probeQ-79",
    # R, at rules 2.64 (written blind at the start of session 44, measured unread at session 1's rules, 2.63 and 2.64,
    # committed unread; then read for rules 2.65)
    "probeR-7", "probeR-44", "probeR-45", "probeR-60",
    
    # S, at rules 2.64 (40 Reading Comprehension, 10 Keyword Extraction and 20 look-alikes, written in session 44 to be
    # read; 2.64 read its misses; three of these are false proposals of single-task probes)
    "probeS-7", "probeS-9", "probeS-17", "probeS-19", "probeS-28", "probeS-35", "probeS-39",
    "probeS-68",
    # T, at rules 2.65 (written blind in session 44 after 2.64, measured unread at session 1's rules, 2.63, 2.64 and
    # 2.65, committed unread; read for its misses in session 60)
    "probeT-4", "probeT-14", "probeT-17", "probeT-24", "probeT-32", "probeT-39", "probeT-43",
    "probeT-45", "probeT-59", "probeT-79",
    # U, at rules 2.66 (written blind at the start of session 45, measured unread at session 1's rules, 2.65 and 2.66,
    # committed unread; read for its misses in session 60)
    "probeU-5", "probeU-7", "probeU-11", "probeU-22", "probeU-34", "probeU-38", "probeU-45",
    "probeU-49", "probeU-50", "probeU-67", "probeU-80",
    # V, at rules 2.66 (35 Keyword Extraction, 25 Reading Comprehension and 20 look-alikes, most not in English,
    # written in session 45 to be read; 2.66 read its misses)
    "probeV-7", "probeV-20", "probeV-33", "probeV-34", "probeV-39", "probeV-42", "probeV-43", "probeV-56",
    # W, at rules 2.66 (25 Repeated Generation, 20 Keyword Extraction, 20 Reading Comprehension, 15 look-alikes, in
    # the style of 2023 chat-demo users, written in session 45 to be read; 2.66 read its misses)
    "probeW-7", "probeW-24", "probeW-26", "probeW-30", "probeW-42", "probeW-56", "probeW-70", "probeW-76",
    # X, at rules 2.67 (written blind at the start of session 46 in R's mix, mostly English, measured unread at
    # session 1's rules, 2.66 and 2.67, committed unread)
    "probeX-6", "probeX-10", "probeX-14", "probeX-15", "probeX-16", "probeX-42", "probeX-52",
    "probeX-56", "probeX-76", "probeX-80",
    # Y and Z, at rules 2.67 (Y: 35 Keyword Extraction, 25 Reading Comprehension, 20 look-alikes in untidy chat
    # layouts; Z: 30 / 25 / 10 Repeated Generation / 15 look-alikes, tidy and untidy; written in session 46 to be read;
    # 2.67 read their misses)
    "probeY-8", "probeY-9", "probeY-15", "probeY-35", "probeY-50",
    "probeY-57", "probeY-67", "probeY-69",
    "probeZ-18", "probeZ-22", "probeZ-26",
    # AA, at rules 2.67 (60 single-task prompts that look like lists of sub-tasks, 20 parallelizable controls, written
    # in session 46 to be read; 2.67 read its false proposals)
    "probeAA-3", "probeAA-28", "probeAA-61",
    # AB, at rules 2.68 (written blind at the start of session 47 in R's mix, measured unread at session 1's rules,
    # 2.67 and 2.68, committed unread)
    "probeAB-29", "probeAB-31", "probeAB-39", "probeAB-60", "probeAB-73",
    # AC and AD, at rules 2.68 (AC: 60 Keyword Extraction, 20 look-alikes; AD: 40 Keyword Extraction, 20 Reading
    # Comprehension, 20 look-alikes in untidy layouts; written in session 47 to be read; 2.68 read their misses; 2.74's
    # texts under a request naming each of them found AC-54)
    "probeAC-21", "probeAC-39", "probeAC-58",
    "probeAD-3", "probeAD-47", "probeAD-56", "probeAD-72", "probeAD-73",
    # AE, at rules 2.69 (45 Keyword Extraction prompts in developers' templates and terse users' layouts, 15
    # look-alikes; written blind in session 47 and measured unread at session 1's rules, 2.67 and 2.68, then read for
    # rules 2.69)
    "probeAE-7", "probeAE-15", "probeAE-17", "probeAE-29",
    "probeAE-52",
    # AF, at rules 2.70 (AE's brief, another writer; written blind in session 47, measured unread at session 1's
    # rules, 2.67, 2.68 and 2.69, then read for rules 2.70)
    "probeAF-2", "probeAF-7", "probeAF-14", "probeAF-15", "probeAF-19", "probeAF-23",
    "probeAF-41", "probeAF-50", "probeAF-53", "probeAF-57",
    "probeAF-59",
    # AG, at rules 2.70 (the same brief, a third writer; written blind in session 47, measured unread at session 1's
    # rules, 2.67, 2.69 and 2.70, committed unread; AG-25, -26, -34 and -41 found at 2.99, whose shapes this set's
    # structural counts, never its words, suggested: docs/curation.md, session 57)
    "probeAG-7", "probeAG-11", "probeAG-12", "probeAG-14", "probeAG-16", "probeAG-19", "probeAG-22", "probeAG-23",
    "probeAG-24", "probeAG-27", "probeAG-29", "probeAG-33", "probeAG-35",
    "probeAG-36", "probeAG-38", "probeAG-39", "probeAG-40", "probeAG-43", "probeAG-45",
    "probeAG-48", "probeAG-50", "probeAG-53", "probeAG-55", "probeAG-56", "probeAG-57",
    # AH and AI, at rules 2.72 (AH: 35 Reading Comprehension, 25 Keyword Extraction, 20 look-alikes; AI: 35 Keyword
    # Extraction, 25 Reading Comprehension, 20 look-alikes; two writers, written in session 50 and measured before
    # they were read at session 1's rules and 2.71, then read for rules 2.72)
    "probeAH-9", "probeAH-57", "probeAH-71",
    "probeAI-1", "probeAI-5", "probeAI-6", "probeAI-10", "probeAI-17", "probeAI-29", "probeAI-42",
    "probeAI-66", "probeAI-69", "probeAI-77",
    # AJ, at rules 2.72 (30 Reading Comprehension, 30 Keyword Extraction, 20 look-alikes; a third writer, written blind
    # in session 50 and measured unread at session 1's rules, 2.71 and during 2.72; committed unread, less AJ-74, which
    # shares a 48-character run with a ShareGPT prompt the leak check knows; AJ-68 lost at 2.90: found until then only
    # through a clock time's minutes read as a count, its category wrong; AJ-50, a look-alike, left alone at 2.104)
    "probeAJ-7", "probeAJ-17", "probeAJ-19", "probeAJ-35",
    "probeAJ-61", "probeAJ-68", "probeAJ-71", "probeAJ-77", "probeAJ-78",
    # AK, at rules 2.72 (25 Reading Comprehension, 25 Keyword Extraction, 15 Repeated Generation, 15 look-alikes; a
    # fourth writer, written blind late in session 50 and measured unread at session 1's rules, 2.71 and 2.72; one
    # prompt it lost to 2.72 was traced by pid and the checks' booleans, unread; committed unread; AK-41 found at 2.85)
    "probeAK-17", "probeAK-24", "probeAK-25", "probeAK-26", "probeAK-39", "probeAK-61",
    "probeAK-65", "probeAK-67", "probeAK-77",
    # AL, at rules 2.73 (60 Reading Comprehension in messy layouts, 20 look-alikes; a fifth writer, written late in
    # session 50, measured before it was read at session 1's rules, 2.71 and 2.72; read; 2.73 refuses the job ad's
    # bulleted requirements as AL-47's items, which were wrong, finds AL-25's opening questions and AL-28's "問1")
    "probeAL-5", "probeAL-14", "probeAL-42", "probeAL-47", "probeAL-55", "probeAL-57", "probeAL-58",
    # AM, at rules 2.74 (templated prompts; written blind in session 51, measured unread at session 1's rules, 2.73 and
    # 2.74, committed unread)
    "probeAM-28", "probeAM-32", "probeAM-35", "probeAM-37", "probeAM-43", "probeAM-47", "probeAM-60", "probeAM-70",
    "probeAM-80",
    # AN, at rules 2.74 (casual chat users' layouts; written in session 51, measured before it was read at session 1's
    # rules and 2.73, then read for 2.74 and 2.75; AN-11, found until 2.90 through "3:30 pm" in its letter read as a
    # count of 30, is found at 2.95 as its questions)
    "probeAN-2", "probeAN-4", "probeAN-7", "probeAN-23", "probeAN-24", "probeAN-25", "probeAN-37", "probeAN-42",
    "probeAN-56", "probeAN-61", "probeAN-79",
    # AP, at rules 2.107 (read: AP-28's questions cut by "?", "and", "." and "also" in one line; AP-53, whose JSON keys
    # "pros" and "cons" were read as aspects a review is judged on, is found since 2.106, and AP-34, whose questions
    # put their question after their topic without a mark, since 2.107)
    "probeAP-28",
    # AQ, at rules 2.103 (written blind in session 58, measured unread at 2.102 and 2.103; its misses unread)
    "probeAQ-6", "probeAQ-16", "probeAQ-23",
    # AR, at rules 2.106 (read: an HTML page refused as code; "are my answers right?" over answered questions; a
    # table's columns filled one row per person; a second question building on the first with "dann"; "grouped by
    # type"; AR-29's "5 keywords", AR-46's "をそれぞれ抽出" and AR-70's report after its questions are found since
    # 2.106)
    "probeAR-3", "probeAR-16", "probeAR-30", "probeAR-36", "probeAR-74",
    # AS, at rules 2.105 (written blind in session 58, measured unread at 2.102 to 2.105, committed unread; AS-16 is
    # decided right only with the learned gate, which these tests leave out)
    "probeAS-8", "probeAS-14", "probeAS-16", "probeAS-21", "probeAS-32", "probeAS-48", "probeAS-56", "probeAS-68",
    "probeAS-80",
    # AT and AU, at rules 2.112 (read: a bogus inline list in a French itinerary, German "raus" alone as the verb;
    # AU: a Hindi count, questions run together without marks, a word problem's chained questions, a template to
    # fill as one poster)
    "probeAT-20", "probeAT-33", "probeAU-10", "probeAU-24", "probeAU-30", "probeAU-33",
    # AV and AW, at rules 2.112 (written blind in session 61, measured unread at 2.110 and 2.112, committed unread;
    # their misses unread)
    "probeAV-7", "probeAV-10", "probeAV-14", "probeAV-23", "probeAV-27", "probeAV-29", "probeAV-45", "probeAV-46",
    "probeAV-52", "probeAV-53", "probeAV-57",
    "probeAW-5", "probeAW-8", "probeAW-10", "probeAW-13", "probeAW-14", "probeAW-17", "probeAW-18", "probeAW-19",
    "probeAW-23", "probeAW-24", "probeAW-25", "probeAW-26", "probeAW-31", "probeAW-35", "probeAW-38", "probeAW-48",
    "probeAW-54", "probeAW-60", "probeAW-61", "probeAW-67", "probeAW-68", "probeAW-77",
    # AY and AZ, at rules 2.118 (read: questions around a pasted letter or listing, questions cut by dashes, "--" or
    # "/", fields of an app log in a code fence, entity types in Chinese or Dutch, a request split around its text,
    # a JSON payload's count, a quoted text right under its question, questions without marks in Spanish, two
    # questions joined by "and"; look-alikes: a form filled as one document, an acrostic; AZ-74's numbered steps
    # "to follow in order" are refused since 2.120)
    "probeAY-8", "probeAY-16", "probeAY-29", "probeAY-34", "probeAY-39", "probeAY-42", "probeAY-53", "probeAY-56",
    "probeAY-62", "probeAY-66", "probeAY-75", "probeAY-76",
    "probeAZ-8", "probeAZ-23", "probeAZ-33", "probeAZ-41", "probeAZ-43", "probeAZ-45", "probeAZ-65", "probeAZ-79",
    # AX and BA, at rules 2.119 (written blind in session 62, measured unread at 2.113 to 2.119, committed unread;
    # their misses unread)
    "probeAX-4", "probeAX-8", "probeAX-23", "probeAX-40", "probeAX-66", "probeAX-71", "probeAX-78",
    "probeBA-17", "probeBA-18", "probeBA-22", "probeBA-31", "probeBA-33", "probeBA-50", "probeBA-54", "probeBA-59",
    "probeBA-66", "probeBA-68", "probeBA-77",
    # BB, at rules 2.119 (written blind in session 62, measured unread at 2.113, 2.116 and 2.118, committed unread;
    # its misses unread)
    "probeBB-2", "probeBB-5", "probeBB-7", "probeBB-59", "probeBB-67", "probeBB-70", "probeBB-73", "probeBB-77",
    # BC, at rules 2.119 (read: short prompts of one sentence and two questions or two fields, in many languages;
    # questions after a story or a report whose other paragraphs hold "then" or "anterior"; questions run into one
    # sentence; a pasted review's title read as a request to review it; look-alikes: a minutes document under
    # headings, N items forming one whole; BC-27 and BC-66, a newsletter and a manual to translate, are refused since
    # 2.120)
    "probeBC-3", "probeBC-8", "probeBC-9", "probeBC-10", "probeBC-11", "probeBC-13", "probeBC-15", "probeBC-16",
    "probeBC-22", "probeBC-28", "probeBC-31", "probeBC-35", "probeBC-46", "probeBC-47", "probeBC-49",
    "probeBC-52", "probeBC-55", "probeBC-59", "probeBC-65", "probeBC-69", "probeBC-70", "probeBC-71",
    "probeBC-76",
    # BD, BE and BF, at rules 2.121 (written blind in session 63, measured unread at 2.119, 2.120 and 2.121, the
    # same decisions, committed unread; their misses unread)
    "probeBD-13", "probeBD-14", "probeBD-34", "probeBD-39", "probeBD-60", "probeBD-64",
    "probeBE-12", "probeBE-26", "probeBE-52",
    "probeBF-6", "probeBF-19", "probeBF-24", "probeBF-48", "probeBF-49", "probeBF-58", "probeBF-72",
})


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case["pid"], marks=[pytest.mark.xfail(strict=True, reason="a known miss (see the list)")]
                 if case["pid"] in _KNOWN_MISSES else [])
    for case in _CASES])
def test_probe_decisions(case: dict[str, object]) -> None:
    """The rules and the structural validator: accepted (`high`/`medium`) exactly when the probe is
    parallelizable."""
    text = str(case["prompt"])
    schema = validate_schema(extract_rules(text, language=str(case["language"])), text)
    accepted = schema.parallelizable and schema.tier in ("high", "medium")
    assert accepted == case["parallelizable"], schema.reasons
