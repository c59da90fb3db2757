"""What kind of per-item task a prompt asks for, and the cues that say a list is processed item by item."""

from __future__ import annotations

import re
from os.path import commonprefix

from studio.curation.lexicon.matching import Cue, NeedleRegex, Probe, StartNeedleRegex, asked_words, phrase_cue
from studio.curation.lexicon.words import (
    CATEGORY_CUES, CHARACTER, COMPARATIVE, DISTRIBUTIVE_PHRASES, EACH_BACK_PHRASES, EACH_CUES, EXTRACT_VERBS,
    FILL_VERBS, GENERATE,
    PICK_OUT_VERBS, REWRITE,
)

_CATEGORY_CUES: tuple[tuple[str, Cue], ...] = tuple(
    (category, phrase_cue(cues)) for category, cues in CATEGORY_CUES.items())
EACH = phrase_cue(DISTRIBUTIVE_PHRASES)
EACH_BACK = phrase_cue(EACH_BACK_PHRASES)  # "each of these", "respectively": about a list named elsewhere
FOLLOWING = phrase_cue(EACH_CUES)
EXTRACT = phrase_cue(EXTRACT_VERBS + PICK_OUT_VERBS)
# Verbs that ask for a text's content only when a text is named ("list the dates in this article"), unlike
# "extract" or "identify".
WEAK_EXTRACT_VERBS = frozenset({"get", "grab", "list", "give me", "tell me", "what is", "what are", "find", "trouve", "finde",
                                "encuentra", "trova", "encontre", "найди", "найдите"})
# Marking annotates a text rather than pulling something out of it ("I will mark any city in bold", "Highlight the
# importance of prenatal care").
MARKING_VERBS = frozenset({"mark", "highlight", "markiere", "markieren"})
# The verbs that make one request an extraction from each of several listed texts ("Identify the countries and
# capitals in the following sentences:\na) ...\nb) ..."): not the weak ones, which a header says of anything
# ("Below is a list of prompts", "What is the best approach? We thought 1) ... 2) ...", "Give me 20 topics"), nor
# the marking ones.
TEXTS_EXTRACT = phrase_cue(tuple(verb for verb in EXTRACT_VERBS + PICK_OUT_VERBS
                                 if verb not in WEAK_EXTRACT_VERBS | MARKING_VERBS))
# The English names of a text to read ("the receipt", "this article"), in the order `FROM_TEXT` tries them.
_TEXT_NOUN_LIST = (
    "text", "texts", "article", "passage", "paragraph", "document", "email", "message", "review", "post", "listing",
    "description", "sentence", "sentences", "report", "abstract", "story", "resume", "cv", "transcript",
    "conversation", "content", "page", "letter", "tweet", "news", "html", "table", "invoice", "receipt", "contract",
    "webpage", "citation", "reference", "signature", "excerpt", "snippet", "quote", "bio", "profile", "posting",
    "announcement", "complaint", "ticket", "leaflet", "recipe", "notes", "manual", "menu", "memo", "brochure",
    "flyer", "advert", "advertisement", "release", "clause", "notice", "log", "comment", "invite", "invitation",
    # (plurals: "from these reviews", "in these logs")
    "articles", "passages", "paragraphs", "documents", "emails", "messages", "reviews", "posts", "listings",
    "descriptions", "reports", "resumes", "transcripts", "conversations", "letters", "tweets", "invoices", "receipts",
    "contracts", "profiles", "postings", "complaints", "tickets", "logs", "comments")
TEXT_NOUN_WORDS = frozenset(_TEXT_NOUN_LIST)
TEXT_NOUNS = "(?:" + "|".join(_TEXT_NOUN_LIST) + ")"  # (an alternation of them all)
# Documents named in other languages as a text is ("dans ce CV", "aus der Mail", "de esta factura").
_DOCUMENTS_ABROAD = ("cv|mail|e-mail|courriel|correo|annonce|anuncio|anzeige|nachricht|mensaje|lebenslauf|rechnung|"
                     "factura|facture|fattura|documento|dokument")
# A text named as the source of what is asked ("from the text", "in this article", "del texto").
FROM_TEXT = NeedleRegex(re.compile(
    r"(?:\b(?:from|in|of)\s+(?:the|this|that|these|those|my|following|given|above|below)"
    r"|\bfor\s+(?:the\s+following|the\s+given|the\s+above|this|these))\s+(?:[\w-]+\s+){0,2}?"
    + TEXT_NOUNS + r"\b|"
    r"\b(?:del|de la|de este|de esta|du|de ce|de cette|aus dem|aus der|aus diesem|dal|dalla|da|do|da|из)\s+"
    r"(?:\w+\s+){0,2}?(?:texto|artículo|párrafo|texte|article|paragraphe|text|artikel|absatz|testo|articolo|"
    r"texto|artigo|текста|статьи|" + _DOCUMENTS_ABROAD + r")\b|\b(?:dans|en|in|em|nel|nella|neste|nesta)\s+"
    r"(?:ce|cette|le|la|este|esta|el|diesem|dieser|dem|der|questo|questa)\s+(?:texte|phrase|article|paragraphe|"
    r"texto|frase|artículo|text|satz|artikel|absatz|testo|articolo|parágrafo|" + _DOCUMENTS_ABROAD + r")\b|"
    r"\bim\s+(?:folgenden\s+)?(?:text|artikel|absatz)\b|\bв\s+(?:этом\s+)?(?:тексте|предложении|статье)\b|"
    r"文章|本文|テキスト|文本|内容|句子", re.IGNORECASE),
    ("text", "article", "passage", "paragraph", "document", "email", "message", "review", "post", "listing",
     "description", "sentence", "report", "abstract", "story", "resume", "cv", "transcript", "conversation",
     "content", "page", "letter", "tweet", "news", "html", "table", "invoice", "receipt", "contract", "webpage",
     "citation", "reference", "signature", "excerpt", "snippet", "quote", "bio", "profile", "posting", "announcement",
     "complaint", "ticket", "leaflet", "recipe", "notes", "manual", "menu", "memo", "brochure", "flyer", "advert",
     "release", "clause", "notice", "log", "comment", "invite", "invitation", *_DOCUMENTS_ABROAD.split("|"),
     "artículo", "párrafo", "artikel", "absatz", "testo", "articolo",
     "artigo", "текста", "статьи", "phrase", "frase", "satz", "parágrafo", "тексте", "предложении", "статье", "文章",
     "本文", "テキスト", "文本", "内容", "句子"))  # (what each alternative holds)


def asks_to_extract(instruction: str, found: Probe) -> bool:
    """An extraction verb in `instruction` (`found`: its probe) asks for a text's content: a verb that does whatever
    follows it ("extract", "identify"), or a weak or marking one beside a named text ("list the dates in this
    article"). "Give me one thumbnail idea", "Highlight the importance of care" ask nothing of a text."""
    first = verb = EXTRACT.search(instruction, found)
    while verb is not None:
        if verb.group(0).casefold() not in WEAK_EXTRACT_VERBS | MARKING_VERBS:
            return True
        verb = EXTRACT.search(instruction, found, verb.end())
    return first is not None and FROM_TEXT.search(instruction) is not None


# Filling a form or a template, each of whose keys is a field to find in a text.
FILL = phrase_cue(FILL_VERBS)
# Verbs that ask for a text's content whatever follows them (unlike "list", "find" or "what is").
STRONG_EXTRACT = phrase_cue((
    "extract", "pull out", "extraer", "extrae", "extraiga", "extraire", "extrais", "extrayez", "extrais-en",
    "extrayez-en", "extrais-moi", "extrayez-moi", "extrahiere",
    "extrahieren", "entnehmen", "entnimm", "estrai", "estrarre", "extraia", "extrair", "извлеки", "извлеките", "提取",
    "抽取", "抽出", "取り出", "추출"))
# "Write a story ...": one artifact is asked for, so a list after it is its material, not its items. (Also in German,
# French, Spanish, Portuguese and Italian: "Schreib bitte eine E-Mail an ... Folgende Punkte müssen rein:".)
SINGULAR_ARTIFACT = Cue(re.compile(
    r"\b(?:write|create|compose|make|generate|craft|draft|plan|design|build|prepare|develop|give me|tell me|"
    r"i need|i want|i'd like|i would like|looking for)\s+"
    r"(?:me\s+|us\s+)?(?:a|an|one|a single|my)\s+(?!list\b|few\b|couple\b|sentence for each\b)|"
    r"\b(?:schreib|schreibe|erstelle|verfasse)\s+(?:(?:mir|uns|bitte)\s+)*(?:eine|einen|ein)\s+(?!liste\b)|"
    r"\b(?:écris|rédige|crée)(?:[- ]moi)?\s+(?:un|une)\s+(?!liste\b)|"
    r"\b(?:escribe|redacta|crea|escreva|escreve|redija|crie|scrivi|redigi)(?:me|mi)?\s+(?:un|una|um|uma|uno)\s+"
    r"(?!lista\b)", re.IGNORECASE),
    ("write", "create", "compose", "make", "generate", "craft", "draft", "plan", "design", "build", "prepare",
     "develop", "give", "tell", "i", "looking", "schreib", "schreibe", "erstelle", "verfasse", "écris", "rédige",
     "crée", "escribe", "redacta", "crea", "escreva", "escreve", "redija", "crie", "scrivi", "redigi", "escribeme",
     "redactame", "creame", "scrivimi", "creami"))


# Rating reviews on a scale is judging their sentiment ("rate the following movie reviews from 1 to 5").
# (tried only where each alternative starts: a scan of a long instruction cost 13-15 ms for 100,000 characters)
RATING = StartNeedleRegex(re.compile(
    r"(?:\b(?:reviews?|critiques?|recensioni|reseñas|críticas|avis|отзыв\w*)|rezensionen|kritiken|bewertungen)\b"
    r"[^.\n]{0,250}?(?:\b(?:scale|échelle|skala|scala|escala|шкал\w*|rating|note|valut\w*|évalu\w*|evalú\w*|"
    r"calificaci\w*)|bewert\w*)"
    r"|\b(?:rate|evaluate|évaluez|bewerten|valutate|evalúe|оцени\w*)\b[^.\n]{0,80}?"
    r"\b(?:reviews?|critiques|kritiken|filmkritiken|recensioni|reseñas|críticas|avis|отзыв\w*)\b"
    r"|レビュー[^。\n]{0,60}?評価|评论[^。\n]{0,60}?评分|尺度で評価|スケールで評価", re.IGNORECASE),
    ("review", "critique", "recensioni", "reseñas", "críticas", "avis", "отзыв", "rezensionen", "kritiken",
     "bewertungen", "rate", "evaluate", "évaluez", "bewerten", "valutate", "evalúe", "оцени", "レビュー", "评论",
     "尺度で評価", "スケールで評価"))


# A Chinese document noun after "this" or "the following" ("这个说明书", "以下内容"; "信" not as in "信息", information).
_CJK_DOCUMENT = r"(?:说明书|說明書|文章|文本|内容|內容|邮件|郵件|信(?!息)|合同|报告|報告|通知|文件|手册|手冊)"
# One text is the object of the task ("translate this poem", "fix the grammar in this paragraph"): its lines or
# phrases are not separate items. Each group of words is led by a set of their first characters (`(?=[...])`), which
# the engine tests before trying each word at each word start (a test checks the sets over all of Unicode); the CJK
# document names after them start with a literal character, which the engine skips to.
SINGLE_TEXT = NeedleRegex(re.compile(
    r"\b(?=[tmag])(?:this|the following|the|my|a|given)\s+(?:[\w-]+\s+){0,2}(?:paragraph|text|sentence|email|letter|"
    r"essay|passage|message|description|article|tweet|review|post|story|document|code|formula|dialogue|conversation|"
    r"transcript|blog|poem|resume|cv|manual|guide|contract|report|notice|speech|script|lyrics|recipe|announcement|"
    r"newsletter|memo|agreement|brochure|flyer|leaflet|abstract|proposal)\b|"
    r"\b(?=[ecldfqioэ])(?:este|esta|el siguiente|ce|cet|cette|le|diese|diesen|diesem|dieser|folgenden|questo|questa|"
    r"il seguente|este|esta|o seguinte|этот|эту|этом|это)\s+(?:párrafo|texto|frase|paragraphe|texte|phrase|absatz|"
    r"text|satz|paragrafo|testo|parágrafo|абзац|текст|предложение|(?:e-?)?mail|courriel|correo|lettre|carta|brief|"
    r"nachricht|mensaje|message|messaggio|lettera|artículo|article|artikel|articolo|письмо|сообщение|статью)\b|"
    r"\b(?=[oaeldi])(?:o|a|el|la|le|der|die|das|il|lo)\s+(?:texto|texte|text|testo|frase|phrase|párrafo|parágrafo)\s+"
    r"(?:abaixo|acima|abajo|arriba|ci-dessous|ci-dessus|unten|oben|sotto|sopra|seguinte|siguiente|suivant|folgenden)\b|"
    r"(?=[这這こ以下])(?:这段|這段|この文|以下の文|下の文)|(?:这|這)(?:个|個|篇|份|封|则|則)?" + _CJK_DOCUMENT
    + r"|(?:以下|下面)的?" + _CJK_DOCUMENT + r"|この(?:記事|メール|説明書|手紙|契約書|報告書|マニュアル)",
    re.IGNORECASE),
    ("paragraph", "text", "sentence", "email", "letter", "essay", "passage", "message", "description", "article",
     "tweet", "review", "post", "story", "document", "code", "formula", "dialogue", "conversation", "transcript",
     "blog", "poem", "resume", "cv", "párrafo", "frase", "phrase", "absatz", "satz", "paragrafo", "testo",
     "parágrafo", "абзац", "текст", "предложение", "mail", "courriel", "correo", "lettre", "carta", "brief",
     "nachricht", "mensaje", "messaggio", "lettera", "artículo", "artikel", "articolo", "письмо", "сообщение", "статью",
     "这段", "這段", "の文", "manual", "guide", "contract", "report", "notice", "speech", "script", "lyrics", "recipe",
     "announcement", "newsletter", "memo", "agreement", "brochure", "flyer", "leaflet", "abstract", "proposal",
     "说明书", "說明書", "文章", "文本", "内容", "內容", "邮件", "郵件", "信", "合同", "报告", "報告", "通知", "文件", "手册",
     "手冊", "記事", "メール", "説明書", "手紙", "契約書", "報告書", "マニュアル"))  # (what each alternative holds)


def category_from_cues(instruction: str, found: Probe) -> str | None:
    """The task category a cue in the instruction names ("translate", "sentiment", "keywords"), if any."""
    for category, cue in _CATEGORY_CUES:
        if cue.search(instruction, found):
            return category
    return None


FIELD_CATEGORIES = ("Named Entity Recognition", "Keyword Extraction")
_FIELD_CUES = tuple(cue for category, cue in _CATEGORY_CUES if category in FIELD_CATEGORIES)


def may_name_fields(found: Probe) -> bool:
    """Whether `names_fields` can be true of any part of the prompt `found` probes (`Cue.may_match`)."""
    return any(cue.may_match(found) for cue in _FIELD_CUES)


def _item_cue_characters(cues: tuple[Cue, ...]) -> dict[str, tuple[frozenset[str], ...]]:
    """The characters of each CJK phrase of `cues`, grouped by the phrase's first character."""
    grouped: dict[str, list[frozenset[str]]] = {}
    for cue in cues:
        for first, group in cue.cjk.items():
            grouped.setdefault(first, []).extend(needed for _, needed in group)
    return {first: tuple(needed) for first, needed in grouped.items()}


_ITEM_CUES = (*(cue for _, cue in _CATEGORY_CUES), EACH, EACH_BACK)
_ITEM_CUE_WORDS = asked_words(frozenset().union(*(cue.triggers for cue in _ITEM_CUES)))
_ITEM_CUE_CHARACTERS = _item_cue_characters(_ITEM_CUES)


def may_cue_items(found: Probe) -> bool:
    """Whether a category cue (`category_from_cues`), `EACH` or `EACH_BACK` can match in any part of the prompt
    `found` probes, parts joined around a cut out list included (`Probe.part`): each search looks up the prompt's
    words among its triggers and its CJK phrases among those whose characters the prompt holds, and returns None
    when there are none. (Unlike `Cue.may_match`, a CJK phrase counts without being looked for in the prompt's
    lowercase, which two joined parts need not share.)"""
    if not found.words.isdisjoint(_ITEM_CUE_WORDS):
        return True
    chars = found.chars
    return found.cjk and any(needed <= chars for first in chars.intersection(_ITEM_CUE_CHARACTERS)
                             for needed in _ITEM_CUE_CHARACTERS[first])


def names_fields(instruction: str, found: Probe) -> bool:
    """Whether the category the instruction's cues name (`category_from_cues`) is entity or keyword extraction.
    Most instructions hold no cue of either, and then the other categories' cues need not be searched: the
    answer is no whichever of them comes first."""
    return any(cue.search(instruction, found) for cue in _FIELD_CUES) and (
        category_from_cues(instruction, found) in FIELD_CATEGORIES)


def category_for_items(instruction: str, found: Probe, items_are_questions: bool, texts: bool = False) -> str:
    """The category of a per-item task: explicit task cues first, then the shape of the items (an extraction
    from each of several listed `texts` is Keyword Extraction; rating reviews or feelings on a scale is Sentiment
    Analysis)."""
    cue = category_from_cues(instruction, found)
    if cue:
        return cue
    if not items_are_questions and (STRONG_EXTRACT.search(instruction, found) or (
            texts and TEXTS_EXTRACT.search(instruction, found))):
        return "Keyword Extraction"  # "extract the variable names from each equation: 1) ... 2) ..."; "for each review,
        # pull out the product, star rating and main complaint" (a rating read off each review, none given to it)
    if RATING.search(instruction):
        return "Sentiment Analysis"
    if COMPARATIVE.search(instruction):
        return "Comparative Analysis"
    if items_are_questions:
        return "Question Answering"
    if CHARACTER.search(instruction) and GENERATE.search(instruction):
        return "Character Generation"
    if REWRITE.search(instruction):
        return "Rewriting"
    if GENERATE.search(instruction):
        return "Repeated Generation"
    return "Question Answering"


_MIN_FRAME_WORDS = 3  # "For the sentence '…', is the sentiment positive or negative?": a frame, not a shared word


def framed_items(items: list[str], found: Probe) -> tuple[str, str, list[str]] | None:
    """Items that repeat one task frame around a varying part ("For the sentence 'X', is the sentiment positive or
    negative?" on every line): (the frame's category, the frame with {data} for the varying part, the varying
    parts). Only a frame that names a per-item task (`category_from_cues`: sentiment, translation, correction ...)
    counts: "What is the capital of X?" on every line stays a list of whole questions."""
    if len(items) < 2:
        return None
    head = _to_boundary(commonprefix(items), from_end=False)
    room = min(map(len, items)) - len(head)  # the shared end may not reach into the shared start
    shared_end = commonprefix([item[::-1] for item in items])[::-1]
    tail = _to_boundary(shared_end[-room:], from_end=True) if room > 0 else ""
    parts = [item[len(head):len(item) - len(tail)] for item in items]
    frame = head + " " + tail
    if not all(part.strip() for part in parts) or len(frame.split()) < _MIN_FRAME_WORDS:
        return None
    category = category_from_cues(frame, found.part(frame))
    if category is None:
        return None
    return category, head + "{data}" + tail, parts


def _to_boundary(shared: str, *, from_end: bool) -> str:
    """The shared start (or end) of the items cut back to a word's edge: the varying part keeps whole words."""
    if not shared:
        return shared
    if from_end:
        cut = next((index for index, char in enumerate(shared) if not char.isalnum()), len(shared))
        return shared[cut:]
    cut = next((index for index in range(len(shared) - 1, -1, -1) if not shared[index].isalnum()), -1)
    return shared[:cut + 1]
