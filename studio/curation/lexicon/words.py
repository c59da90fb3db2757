"""Words and phrases the curation rules look for: request verbs, units of measure, distributive, plural, task and
extraction cues, question words."""

from __future__ import annotations

import re

from studio.curation.lexicon.matching import (
    EndingRegex, LeadCue, NeedleRegex, StartNeedleRegex, literal_characters, trie_alternation,
)

# -- request verbs that introduce generated items ("give me 7 slogans") ---------------------------------------
REQUEST_VERBS: tuple[str, ...] = (
    # en
    "give", "write", "generate", "create", "list", "suggest", "come up with", "provide", "brainstorm", "name",
    "think of", "think up", "make up", "make", "compose", "draft", "propose", "produce", "recommend", "invent", "need",
    "want", "offer", "share", "tell", "show", "send", "craft", "design", "devise", "prepare", "develop",
    "help me with", "help me write", "help me come up with", "output", "return", "jot down", "pitch",
    # es
    "dame", "dime", "escribe", "escríbeme", "genera", "crea", "créame", "lista", "enumera", "sugiere",
    "sugiéreme", "propón", "proponme", "inventa", "redacta", "proporciona", "necesito", "quiero", "haz",
    "hazme", "recomiéndame", "recomienda", "piensa en", "ofrece", "menciona", "nombra",
    # fr
    "donne", "donne-moi", "donnez-moi", "écris", "écrivez", "écris-moi", "génère", "générez", "crée", "créez",
    "liste", "listez", "énumère", "suggère", "suggérez", "suggère-moi", "propose", "proposez", "propose-moi",
    "invente", "inventez", "rédige", "rédigez", "fournis", "fournissez", "j'ai besoin de", "je veux",
    "je voudrais", "trouve", "trouvez", "trouve-moi", "recommande", "recommandez", "fais", "faites",
    "cite", "citez",
    # de
    "gib", "geben sie", "gib mir", "schreibe", "schreib", "schreiben sie", "erstelle", "erstellen sie",
    "generiere", "generieren sie", "liste", "nenne", "nennen sie", "schlage", "schlag", "vorschlagen",
    "erfinde", "entwirf", "entwerfe", "formuliere", "brauche", "ich brauche", "ich möchte", "ich hätte gern",
    "denk dir", "denke dir", "überlege", "finde", "empfiehl", "liefere", "mach", "mache",
    # it
    "dammi", "datemi", "scrivi", "scrivimi", "scrivete", "genera", "generami", "crea", "creami", "elenca",
    "suggerisci", "suggeriscimi", "proponi", "proponimi", "inventa", "redigi", "fornisci", "fornitemi",
    "ho bisogno di", "voglio", "vorrei", "trova", "trovami", "consiglia", "consigliami", "fai", "fammi",
    "mi servono", "mi serve", "mi servirebbero",
    # pt
    "dê-me", "me dê", "dá-me", "me dá", "escreva", "escreve", "escreva-me", "gere", "gera", "crie", "cria",
    "liste", "enumere", "sugira", "sugere", "proponha", "invente", "redija", "forneça", "preciso de",
    "quero", "gostaria de", "pense em", "recomende", "faça", "faz", "me mande", "mande", "cite",
    # ru
    "дай", "дайте", "напиши", "напишите", "сгенерируй", "сгенерируйте", "создай", "создайте", "перечисли",
    "перечислите", "предложи", "предложите", "придумай", "придумайте", "составь", "составьте", "сочини",
    "сочините", "назови", "назовите", "приведи", "приведите", "порекомендуй", "посоветуй", "нужно",
    "нужны", "мне нужно", "хочу", "сделай",
    # nl / pl / da
    "geef", "schrijf", "maak", "bedenk", "noem", "genereer", "daj", "napisz", "wymyśl", "podaj", "stwórz",
    "wygeneruj", "zaproponuj", "wymień", "giv", "skriv", "lav", "foreslå", "nævn", "generer", "kom med",
    # more polite and plural forms
    "schlagen sie", "nennt", "elencate", "elencami", "indicami", "indícame", "indicame", "menciona", "подскажи",
    "подскажите",
    # sv / fi / id / hu (counts in digits; no number words for these)
    "ge mig", "föreslå", "nämn", "keksi", "kirjoita", "ehdota", "listaa", "buat", "buatkan", "berikan", "sebutkan",
    "tuliskan", "ajánlj", "írj", "sorolj fel",
    # ar (counts in digits: "اكتب 10 مقولات")
    "اكتب", "اكتبي", "أعطني", "اعطني", "اقترح", "اقترحي", "أنشئ", "انشئ", "اذكر", "ولّد", "ولد",
    # vi (counts in digits: "viết giúp mình 6 caption", "cho tôi 10 ý tưởng")
    "viết", "cho tôi", "cho mình", "gợi ý", "liệt kê", "đưa ra", "nghĩ ra", "đặt",
)

# Nouns of *structure* or *measure*: a count of these sizes one answer ("a 500-word essay", "in 3 paragraphs",
# "a 5-day plan") instead of asking for independent items.
STRUCTURE_UNITS: tuple[str, ...] = (
    # en
    "word", "words", "sentence", "sentences", "paragraph", "paragraphs", "line", "lines", "stanza", "stanzas",
    "verse", "verses", "chapter", "chapters", "page", "pages", "section", "sections", "part", "parts", "step",
    "steps", "stage", "stages", "phase", "phases", "day", "days", "week", "weeks", "month", "months", "year",
    "years", "hour", "hours", "minute", "minutes", "second", "seconds", "character", "characters", "letter",
    "letters", "syllable", "syllables", "bullet", "bullets", "point", "points", "times",
    "people", "persons", "person", "kids", "children", "players", "members", "columns", "rows", "slides",
    "scenes", "acts", "rounds", "levels", "pounds", "kg", "km", "miles", "dollars", "euros", "percent",
    "tokens", "reais", "pesos", "yuan", "yen", "rubles", "рублей", "рубля", "digits", "decimal", "decimals",
    "hundred", "thousand", "million", "billion", "nights", "meals", "episodes", "lessons", "sessions",
    "turns", "moves", "gram", "grams", "kilograms", "mg", "ml", "liters", "litres", "meters", "metres", "cm", "mm",
    "inches", "feet", "lbs", "degrees", "bytes", "kb", "mb", "gb", "am", "pm", "uhr",  # (clock hours: "at 3 pm")
    # es / pt / it / fr / de / ru
    "palabras", "frases", "oraciones", "párrafos", "líneas", "versos", "estrofas", "capítulos", "páginas",
    "pasos", "días", "semanas", "meses", "años", "horas", "minutos", "personas", "partes", "puntos",
    "palavras", "parágrafos", "linhas", "estrofes", "capítulos", "dias", "passos", "pessoas", "pontos",
    "parole", "frasi", "paragrafi", "righe", "strofe", "versi", "capitoli", "pagine", "passi", "giorni",
    "settimane", "mesi", "anni", "ore", "persone", "punti", "mots", "phrases", "paragraphes", "lignes",
    "strophes", "chapitres", "étapes", "jours", "semaines", "mois", "ans", "années", "heures", "personnes",
    "parties", "wörter", "wörtern", "sätze", "sätzen", "absätze", "absätzen", "zeilen", "strophen",
    "kapitel", "seiten", "schritte", "schritten", "tage", "tagen", "wochen", "monate", "jahre", "stunden",
    "personen", "teile", "punkte", "слов", "слова", "предложений", "предложения", "абзаца", "абзацев",
    "строк", "строки", "строф", "глав", "страниц", "шагов", "шага", "дней", "дня", "недель", "лет", "часов",
    "человек", "частей", "пунктов",
    # vi ("một bài thơ 4 khổ": a poem of four stanzas)
    "khổ", "đoạn", "dòng", "chữ", "ngày", "tuần",
)

# Adjectives dropped from a singular template: they only make sense for a plural ("three different haikus").
PLURAL_ONLY_MODIFIERS = frozenset({
    "different", "unique", "distinct", "separate", "various", "more", "other", "additional", "alternative",
    "new", "several", "diferentes", "distintos", "distintas", "diversos", "diversas", "différents",
    "différentes", "verschiedene", "unterschiedliche", "diversi", "diverse", "differenti", "diferentes",
    "разных", "различных", "разные",
})

# -- distributive and plural cues (validator "medium" tier; extractor gates) ------------------------------------
EACH_CUES: tuple[str, ...] = (
    "each", "every", "each of", "for each", "respectively", "separately", "individually", "one by one",
    "all of the following", "all the following", "the following", "these", "below", "each one",
    "cada", "cada uno", "cada una", "los siguientes", "las siguientes", "siguientes", "estos", "estas",
    "chaque", "chacun", "chacune", "les suivants", "suivants", "suivantes", "ces", "ci-dessous",
    "jede", "jeden", "jedes", "jeder", "folgenden", "folgende", "diese", "alle",
    "ogni", "ognuno", "ciascuno", "ciascuna", "seguenti", "questi", "queste", "tutti",
    "cada um", "cada uma", "seguintes", "estes", "estas", "todos", "todas",
    "каждый", "каждого", "каждой", "каждое", "каждую", "следующие", "следующих", "эти", "все", "всех",
    "每个", "每個", "每一个", "每", "各", "以下", "下列", "分别", "分別", "これら", "それぞれ", "各々", "以下の", "次の",
    "각", "각각", "다음", "모든", "elke", "ieder", "volgende", "każdy", "każdego", "następujące",
)
PLURAL_CUES: tuple[str, ...] = (
    "several", "some", "multiple", "a few", "a list of", "a bunch of", "many", "various", "list of",
    "varios", "varias", "algunos", "algunas", "una lista de", "plusieurs", "quelques", "une liste de",
    "mehrere", "einige", "ein paar", "eine liste", "diversi", "alcuni", "alcune", "qualche", "un elenco di",
    "vários", "várias", "alguns", "algumas", "uma lista de", "несколько", "список", "几个", "幾個", "一些",
    "多个", "多個", "若干", "いくつか", "複数", "몇 가지", "몇", "여러", "여러 개", "enkele", "meerdere", "kilka",
)

# -- task cues that fix the category of a list ------------------------------------------------------------------
CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "Translation": (
        "translate", "translation", "translated", "into english", "into french", "into spanish", "into german",
        "traduce", "traducir", "tradúceme", "traducción", "traduis", "traduisez", "traduire", "traduction",
        "how do you say", "how to say", "cómo se dice", "comment dit-on", "comment dire", "wie sagt man",
        "come si dice", "como se diz", "как сказать", "怎么说", "怎麼說", "übersetze", "übersetzen", "übersetzung", "traduci", "traducimi", "tradurre", "traduzione",
        "traduza", "traduzir", "tradução", "переведи", "переведите", "перевод", "перевести", "翻译", "翻譯",
        "譯成", "译成", "翻訳", "訳して", "번역", "vertaal", "przetłumacz",
    ),
    "Language Correction": (
        "correct the grammar", "fix the grammar", "grammar", "grammatical", "proofread", "correct the spelling",
        "fix the spelling", "spelling", "correct these", "correct the following", "fix these", "rewrite correctly",
        "correct any errors", "correct the errors", "fix the errors", "fix any errors", "for mistakes",
        "for errors", "typos", "corrígeme", "corrígelas", "corrígelos", "corrige", "corrija",
        "corregir", "gramática", "ortografía", "corrigez", "corriger", "grammaire", "orthographe",
        "korrigiere", "korrigieren", "grammatik", "rechtschreibung", "correggi", "correggere", "grammatica",
        "gramática", "ortografia", "исправь", "исправьте", "ошибки", "грамматику", "грамматические",
        "орфографию", "орфографические", "改正", "纠正", "糾正",
        "修改语法", "语法", "語法", "添削", "校正", "文法", "訂正", "교정", "맞춤법", "문법",
    ),
    "Sentiment Analysis": (
        "sentiment", "positive or negative", "positive, negative", "emotion", "tone of", "polarity",
        "sentimiento", "positivo o negativo", "sentiment positif", "positif ou négatif", "stimmung",
        "positiv oder negativ", "sentimento", "positivo o negativo", "positivo ou negativo", "тональность",
        "тональности", "позитивный", "негативный", "позитивные", "негативные", "情感", "情绪", "情緒", "正面还是负面", "感情", "ポジティブ", "ネガティブ", "감정",
        "긍정", "부정",
    ),
    "Keyword Extraction": (
        "keyword", "keywords", "key words", "key phrases", "keyphrases", "key terms", "tags", "hashtags",
        "palabras clave", "palabras claves", "mots-clés", "mots clés", "schlüsselwörter", "schlagwörter",
        "stichwörter", "parole chiave", "palavras-chave", "palavras chave", "ключевые слова", "ключевых слов",
        "关键词", "關鍵詞", "关键字", "キーワード", "키워드", "trefwoorden", "słowa kluczowe",
    ),
    "Named Entity Recognition": (
        "named entit", "entities", "entity", "extract the names", "extract all names", "extract all the names",
        "people and organizations", "persons, organizations", "person names", "entidades", "entités",
        "entitäten", "entità", "сущности", "сущностей", "实体", "實體", "固有表現", "エンティティ", "개체명", "entiteiten",
    ),
    "Summarization": (
        "summarize", "summarise", "summary", "summaries", "tl;dr", "tldr", "resume", "resumen", "resúmenes",
        "résume", "résumez", "résumé", "fasse zusammen", "fass", "fasse", "zusammenfassung", "zusammenfassen",
        "riassumi", "riassunto", "resuma", "resumo", "кратко изложи", "перескажи", "кратко перескажи", "резюмируй",
        "суммируй", "краткое содержание",
        "总结", "總結", "概括", "摘要", "要約", "まとめて", "요약",
    ),
}

# Verbs of field extraction ("extract the salary, location and contract type from ...").
EXTRACT_VERBS: tuple[str, ...] = (
    "extract", "identify", "find", "pull out", "pull these out", "pull them out", "take out", "get", "grab", "list",
    "give me", "tell me", "what is", "what are", "parse this", "parse the",
    "extrae", "extraer", "extraiga", "identifica", "encuentra", "extrais", "extrayez", "extrais-en", "extrayez-en",
    "extrais-moi", "extrayez-moi", "extraire", "identifie",
    "identifiez", "trouve", "extrahiere", "extrahieren", "identifiziere", "identifizieren", "entnehmen", "finde",
    "ermittle", "estrai", "identifier", "identificar",
    "estrarre", "estrarmi", "estraimi", "identifica", "trova", "trouver", "extraia", "extrair", "identifique",
    "encontre", "извлеки", "извлеките", "выдели", "выделите", "найди", "найдите", "определи", "提取", "抽取", "找出",
    "识别", "識別", "抽出", "取り出", "추출", "뽑아", "を特定",
    "trovami", "trovatemi", "encuéntrame", "trouve-moi", "liste-moi", "liste moi",  # ("trovami nomi, date e luoghi")
)

# The words a question opens with: in English and the languages chat logs mix in most (es, fr, de, it, pt, ru), then
# in more of the languages users write (not the short words that open other sentences too: "ce", "co-", "kde",
# "var", "cum", "apa").
QUESTION_OPENERS_FIRST: tuple[str, ...] = (
    "what", "who", "whom", "whose", "which", "where", "when", "why", "how", "is", "are", "was", "were", "do", "does",
    "did", "can", "could", "should", "would", "will", "qué", "que", "quién", "quien", "cuál", "cual", "cuáles",
    "dónde", "donde", "cuándo", "cuando", "por qué", "cómo", "como", "cuánto", "cuántos", "quoi", "qui", "quel",
    "quelle", "quels", "quelles", "où", "pourquoi", "comment", "combien", "est-ce", "wer", "wen", "wem",
    "welche", "welcher", "welches", "wo", "wann", "warum", "wieso", "wie", "che", "chi", "quale", "quali", "dove",
    "quando", "perché", "perche", "come", "quanto", "quanti", "o que", "quem", "qual", "quais", "onde", "porque",
    "por que", "quantos", "что", "кто", "какой", "какая", "какие", "каков", "где", "когда", "почему", "зачем", "как",
    "сколько",
)
QUESTION_OPENERS: tuple[str, ...] = QUESTION_OPENERS_FIRST + (
    "wat", "waar", "wanneer", "waarom", "hoe", "hoeveel", "welke", "welk", "czy", "kto", "gdzie",
    "kiedy", "dlaczego", "czemu", "jak", "jaki", "jaka", "jakie", "ile", "który", "która", "które", "nerede", "neden",
    "nasıl", "kaç", "hangi", "ne zaman", "apakah", "siapa", "kapan", "mengapa", "kenapa", "bagaimana", "gimana",
    "berapa", "dimana", "di mana", "vad", "vem", "när", "varför", "hur", "vilken", "vilket", "vilka", "hvad", "hva",
    "hvem", "hvor", "hvornår", "når", "hvorfor", "hvordan", "kdo", "kdy", "proč", "kolik", "cine", "unde", "când",
    "cât", "câte", "mikor", "miért", "hogyan", "mennyi", "melyik", "що", "хто", "де", "коли", "чому", "скільки",
    "який", "яка", "які",
)
# Every character the question words start with: a set the engine tests before trying the trie of the ~170
# case-folded words (most sentences and items start with no question word).
QUESTION_FIRSTS = "".join(sorted({word[0] for word in QUESTION_OPENERS}))
QUESTION_WORDS_START = re.compile(
    r"^(?=[" + QUESTION_FIRSTS + r"])" + trie_alternation(QUESTION_OPENERS) + r"\b(?!-)", re.IGNORECASE)
# The learned gate's own reading of an item opening with a question word (`gate.item_feature_names`): the first
# languages' words as its model was trained on them. Its features do not move with the rules' lexicon; widening them
# is a new model, trained and measured as one.
GATE_QUESTION_START = re.compile(r"^(?:" + "|".join(QUESTION_OPENERS_FIRST) + r")\b", re.IGNORECASE)




# "Answer these questions" in the languages users write ("jawab pertanyaan ini", "beantworte folgende Fragen",
# "回答以下问题"): a line asking so names the list under it questions, with or without their question marks. (Each
# alternative holds one of the needles: most lines hold none, and the regex is not tried.)
ANSWER_THE_QUESTIONS = NeedleRegex(re.compile(
    r"(?:respond[ae]\w*|contest[ae]\w*)\s+(?:a\s+)?"
    r"(?:(?:las|estas|as|às|essas|estas\s+siguientes|las\s+siguientes)\s+)?(?:preguntas|perguntas)|r[ée]pond(?:s|ez|re)\s+(?:aux|à\s+ces|a\s+ces)\s+questions|"
    r"beantworte\w*\s+(?:(?:die|diese|folgende|mir|bitte)\s+)*fragen|rispond\w*\s+(?:alle|a\s+queste)\s+domande|"
    r"beantwoord\w*\s+(?:(?:de|deze|volgende)\s+)?vragen|odpowiedz\w*\s+na\s+(?:\w+\s+)?pytani[ae]|"
    r"ответ\w*\s+на\s+(?:\w+\s+)?вопрос\w*|\b(?:cevapla|yanıtla)\w*|jawab\w*\s+(?:\w+\s+)?pertanyaan|"
    r"trả\s+lời\s+(?:các\s+|những\s+)?câu\s+hỏi|svara\s+på\s+(?:\w+\s+)?frågor\w*|odpověz\w*\s+na\s+(?:\w+\s+)?otázky|"
    r"răspunde\w*\s+la\s+(?:\w+\s+)?întrebări\w*|回答(?:以下|下面|下列)?的?(?:问题|問題)|(?:質問|問題)に答え|질문에\s*답|"
    # (or a header naming them: "Questions:", "pertanyaan:", "Fragen:", "问题：")
    r"^\W*(?:questions|preguntas|perguntas|fragen|domande|vragen|pytania|вопросы|питання|sorular|pertanyaan|"
    r"câu hỏi|frågor|spørgsmål|spørsmål|otázky|întrebări|kérdések|问题|問題|質問|질문)[ \t]*[:：][ \t]*$",
    re.IGNORECASE), (
    "respond", "contest", "pond", "beantwort", "rispond", "odpowiedz", "ответ", "cevapla", "tla", "jawab", "lời",
    "svara", "odpověz", "răspunde", "回答", "に答え", "질문", "questions", "preguntas", "perguntas", "fragen", "domande",
    "vragen", "pytania", "вопросы", "питання", "sorular", "pertanyaan", "câu hỏi", "frågor", "spørgsmål", "spørsmål",
    "otázky", "întrebări", "kérdések", "问题", "問題", "質問"))


# -- the rule extractor's vocabulary (studio/curation/rules/) ------------------------------------------------
# Plain word lists and pure word alternations live here; regexes whose point is structure (list markers, labels
# before a colon, "a list of" right before a count) stay beside the rule that reads them.
_I = re.IGNORECASE

# Kinds of per-item task, when no category cue says which. (`COMPARATIVE`, `REWRITE` and `GENERATE` are tried only
# where one of their words starts, the literals after each: a list's instruction may be the rest of a long text, and a
# scan of 100,000 characters cost 7-17 ms each.)
COMPARATIVE = StartNeedleRegex(re.compile(
    r"\b(?:compare|comparison|pros and cons|advantages and disadvantages|strengths and weaknesses|"
    r"ventajas y desventajas|pros y contras|avantages et inconvénients|vor- und nachteile|vorteile und nachteile|"
    r"vantaggi e svantaggi|pro e contro|vantagens e desvantagens|prós e contras|плюсы и минусы|"
    r"преимущества и недостатки)\b|优缺点|優缺點|利弊|メリットとデメリット|장단점", _I),
    ("compare", "comparison", "pro", "advantages", "strengths", "ventajas", "avantages", "vor-", "vorteile",
     "vantaggi", "vantagens", "prós", "плюсы", "преимущества", "优缺点", "優缺點", "利弊", "メリットとデメリット", "장단점"))
CHARACTER = NeedleRegex(re.compile(
    r"\b(?:characters?|character profiles?|villains?|heroes|heroines?|protagonists?|npcs?|personaje|personajes|"
    r"villanos|personnages?|méchants|charaktere|figuren|schurken|personaggi|cattivi|vilões|злодеев|героев|"
    r"personagens?|персонаж\w*)\b|角色|人物|キャラクター|캐릭터", _I),
    ("character", "villain", "hero", "protagonist", "npc", "personaje", "villanos", "personnage", "méchants",
     "charaktere", "figuren", "schurken", "personaggi", "cattivi", "vilões", "злодеев", "героев", "personagen",
     "персонаж", "角色", "人物", "キャラクター", "캐릭터"))  # (what each alternative holds)
REWRITE = StartNeedleRegex(re.compile(
    r"\b(?:rewrite|rephrase|paraphrase|reword|simplify|make (?:it|them|each) more|reescribe|parafrasea|"
    r"réécris|reformule|umschreiben|formuliere\s+\w+\s+um|riscrivi|riformula|reescreva|parafraseie|"
    r"перепиши|перефразируй)\b|改写|改寫|言い換え|바꿔", _I),
    ("rewrite", "rephrase", "paraphrase", "reword", "simplify", "make", "reescribe", "parafrasea", "réécris",
     "reformule", "umschreiben", "formuliere", "riscrivi", "riformula", "reescreva", "parafraseie", "перепиши",
     "перефразируй", "改写", "改寫", "言い換え", "바꿔"))
GENERATE = StartNeedleRegex(re.compile(
    r"\b(?:write|generate|create|compose|come up with|brainstorm|invent|draft|craft|suggest|give me|make|"
    r"escribe|genera|crea|inventa|redacta|écris|génère|crée|invente|rédige|schreibe|schreib|erstelle|erfinde|"
    r"scrivi|inventa|escreva|crie|invente|напиши|придумай|сочини|создай)\b|写|寫|生成|创作|創作|書いて|作って|작성|써",
    _I),
    ("write", "generate", "create", "compose", "come", "brainstorm", "invent", "draft", "craft", "suggest", "give",
     "make", "escribe", "genera", "crea", "redacta", "écris", "génère", "crée", "rédige", "schreib", "erstelle",
     "erfinde", "scrivi", "escreva", "crie", "напиши", "придумай", "сочини", "создай", "写", "寫", "生成", "创作", "創作",
     "書いて", "作って", "작성", "써"))
DISTRIBUTIVE_PHRASES: tuple[str, ...] = (
    "each", "every", "for each", "for every", "respectively", "separately", "individually", "one by one", "each of",
    "cada", "cada uno", "cada una", "chaque", "chacun", "chacune", "jede", "jeden", "jedes", "jeder", "jeweils",
    "einzeln", "ogni", "ciascuno", "ciascuna", "cada um", "cada uma", "каждый", "каждого", "каждой", "каждое",
    "каждую", "по отдельности", "每个", "每個", "每一个", "每一個", "每句", "每条", "每條", "分别", "分別", "それぞれ",
    "各", "각각", "각", "elke", "ieder", "każdy", "każde", "każdego",
)
# Verbs of filling a form or a template from a text ("Fill in the form from the discharge summary.\nName:\nDOB:").
FILL_VERBS: tuple[str, ...] = (
    "fill in", "fill out", "fill", "complete the form", "complete this form", "complete the blanks", "complete the template",
    "complete this template", "complete the above", "rellena", "rellene", "completa el formulario", "remplis",
    "remplissez", "fülle", "füll", "ausfüllen", "compila", "preencha", "preenche", "заполни", "заполните", "填写", "填寫", "記入",
)
# A text turned into a structured format with named fields: the fields follow ("Turn this into YAML with passenger,
# airline, flight number ...", "put it into a spreadsheet with date, amount and payee"; not "a table", whose word
# stands in too many prompts for the cheap test that `FORMAT_WITH_FIELDS` joins).
FORMAT_WITH_FIELDS: tuple[str, ...] = tuple(
    f"{into} {form} with" for into in ("into", "to")
    for form in ("json", "yaml", "csv", "xml", "a json", "a spreadsheet")) + tuple(
    f"{verb} {this} {kind} into" for verb in ("split", "break", "parse") for this in ("this", "the", "my")
    for kind in ("reference", "citation", "address"))  # ("split this reference into authors, year, title, ...")
# Extraction verbs of the languages chat-demo users mix into English ("is message se naam nikal do", "استخرج").
MIXED_EXTRACT_VERBS: tuple[str, ...] = ("nikal", "nikalo", "nikal do", "استخرج", "استخرجي", "çıkar", "çıkarır", "trích xuất",
                                        "lấy ra")
# Verbs of picking items out of a text beyond EXTRACT_VERBS ("markiere alle Verben", "highlight the names").
PICK_OUT_VERBS: tuple[str, ...] = (
    "markiere", "markieren", "zieh", "ziehe", "saca", "sacar", "pull out", "mark", "highlight", "extrais", "estrai",
    "trouve", "encuentra", "tira", "individua", "выпиши", "标出", "找出", "挙げて", "sácame", "sacame", "relève", "relevez",
    "relever", "rausschreiben", "herausschreiben", "вытащи", "вытащите", "抜き出", "saques", "pick out",
    "raussuchen", "heraussuchen", "rausziehen", "herausziehen", "wypisz", "wyciągnij", "extrai", "hieruit halen",
    "auflisten", "vypiš", "випиши", "plocka ut",
    "finn fram", "scoate", "scoate-mi", "írd ki", "ambilin", "ambilkan", "lấy giúp", "निकाल", "достань",
    "take those out of", "take these out of", "take them out of",
    *(f"uit {this} {kind} halen" for this in ("deze", "dit", "de", "het")  # ("... en locaties uit deze tekst halen")
      for kind in ("tekst", "artikel", "bericht", "mail", "e-mail", "advertentie", "brief", "document")),
)
# Asking words that name no extraction: the extraction rules' weak verbs beside `categories.WEAK_EXTRACT_VERBS`,
# counted only pointing at the text ("I need the order number and the ETA from this", "what's the prep time, the cook
# time and the yield in this recipe?", "pull: revenue, margin, ...", "Output the following: ...", "dame el precio,
# ...", "donne-moi le numéro ...", "consegue tirar daí o código ...").
ASKING_VERBS: tuple[str, ...] = ("need", "what's", "what’s", "whats", "pull", "output", "return", "dame", "donne-moi",
                                 "donnez-moi", "donne moi", "donnez moi", "donner", "gib mir", "dammi", "me dê", "дай",
                                 "дайте", "tirar", "j'ai besoin", "j’ai besoin", "necesito", "preciso", "ich brauche")
# Documents an asker is handed and asks about, not pieces of their own work ("based on this thread:", "from the
# notice:", "per the policy below"): the reading rules name a given text by these besides their own text words.
GIVEN_DOCUMENTS: tuple[str, ...] = (
    "thread", "notice", "policy", "leaflet", "minutes", "manual", "notes", "announcement", "brochure", "handbook",
    "agreement", "lease", "invoice", "receipt", "listing", "chapter", "section", "clause", "bulletin", "newsletter",
    "faq")
# Nouns naming a datum of a document: what the fields of an extraction request hold when no verb asks for them
# ("recipe above - prep time + cook time + servings", "What I need from it: make, model, year, asking price").
ATTRIBUTE_NOUNS: frozenset[str] = frozenset("""
    name names number numbers date dates time times price prices cost costs amount amounts total address email phone
    city country location year model make brand type size color colour weight height age gender title company
    employer position role salary duration frequency dosage dose quantity rate id code status deadline currency
    capacity mileage temperature servings venue organizer organiser carrier merchant balance seat gate flight sender
    recipient subject reference invoice order tracking account zip postcode department manager occupation
    nationality birth dob degree university school start end due fee fees tax vat discount percentage score level
    version author publisher isbn pages length width calories days hours minutes
    rent deposit term period law jurisdiction party parties tenant landlord buyer seller vendor supplier customer
    client patient diagnosis medication medications allergies symptoms treatment outcome intervention revenue profit
    margin sales income expenses budget value values count rating stars product quantity sku warranty experience
    skills bedrooms bathrooms area footage storage battery eta arrival departure destination airport airline
    terminal website url timestamp timestamps latency host hostname ip delivery
    birthplace spouse children award awards ingredients temp attendees participants speakers guests guest sponsor
    sponsors episode affiliation genre director cast population capital founder headquarters ceo owner
    instructor room floor job hobbies device error browser platform os place
    urgency priority resolution parking pets card beds baths sqft hoa
    bp hr rr spo2 sats meds gcs bmi vin ssn qty amt tel addr
    имя фамилия фио номер дата адрес телефон сумма срок цена город
    puesto salario producto cantidad produit quantité miete kaltmiete kaution mieter vermieter gehalt arbeitgeber
    prezzo indirizzo
    nombre número numero fecha hora precio dirección direccion correo teléfono telefono ciudad país pais puerta
    asiento importe monto empresa cargo
    nom numéro prix adresse montant ville pays société entreprise poste heure prénom téléphone lieu employeur salaire
    solde commerçant
    diplôme durée
    nummer datum uhrzeit preis betrag firma stadt land telefonnummer rechnungsnummer rechnungsdatum steuernummer
    gesamtbetrag zahlungsfrist vorname nachname telefon unternehmen geburtsdatum
    nome data preço endereço valor cidade telefone cognome luogo città telefono importo azienda
    edad sexo síntomas sintomas medicamentos diagnóstico diagnostico tratamiento alergias dosis lugar talla tamaño
    peso altura marca modelo año kilometraje idade tamanho cor ano quantidade
    età sesso sintomi farmaci taglia colore anno modello quantità piatto porzioni ingredienti
    âge sexe symptômes médicaments taille couleur poids marque modèle année
    geschlecht symptome medikamente größe farbe gewicht modell menge
    naam adres prijs bedrag leeftijd geslacht""".split())
# "this" and its kin in the languages users write beside English, a regex alternation: what names a text there ("cet
# article", "este correo", "questo contratto", "dieser Text").
THIS_ABROAD = (r"cet|ce|cette|ces|este|esta|estos|estas|ese|esa|esse|essa|nesse|nessa|neste|nesta|desse|dessa|deste|"
               r"desta|questo|questa|questi|dieser|diesen|diese|"
               r"dieses|deze|dit|"
               r"этот|эту|это|эта|этой|этом")
# A passage to read before the questions ("Read the text and answer: ...", and the infinitives after "can you"),
# tried only where one of its words starts: a scan of the text between a passage and its questions cost 10-20 ms
# for 100,000 characters.
_READ_WORDS = (
    "read", "based on", "according to", "answer", "lee", "lea", "responde", "lis", "lisez", "réponds", "répondez",
    "lies", "lesen", "beantworte", "leggi", "rispondi", "leia", "responda", "прочитай", "прочитайте", "ответь",
    "ответьте", "lees", "beantwoord", "répondre", "responder", "rispondere", "beantworten", "beantwoorden", "ответить")
_READ_CJK = ("阅读", "閱讀", "回答", "読んで", "答えて", "읽고", "답하")
READ_CUE = StartNeedleRegex(re.compile(r"\b(?:" + "|".join(_READ_WORDS) + r")\b|" + "|".join(_READ_CJK), _I),
                            (*(word.split()[0] for word in _READ_WORDS), *_READ_CJK))
# A question ends this way in Chinese, Japanese and Korean (no question mark needed).
CJK_QUESTION_END = ("か。", "か", "吗", "吗。", "呢", "嗎", "까", "까요", "니까")
# Chinese and Japanese question words: a list item holding one is a question without a question mark ("杀人是否犯法").
CJK_QUESTION_WORDS = re.compile(r"是否|是不是|什么|什麼|怎么|怎麼|为什么|為什麼|如何|哪|多少|几时|何故|なぜ|どう|どの|どれ|誰|いつ")
# A question that points back at an earlier one ("why is it ...") depends on it.
ANAPHORA = re.compile(
    r"\b(?:it|its|it's|they|them|their|these|those|he|she|his|her|him|this|that|there|such|the same|"
    r"esto|eso|ese|esa|esos|esas|este|esta|estos|estas|ello|él|ella|ellos|ellas|al respecto|cela|ça|ce|ces|"
    r"cette|elle|elles|ils|s'il|leur|leurs|"
    r"à ce sujet|ihn|ihm|dies|dieser|dieses|diese|daran|dafür|davon|darüber|dazu|esso|essa|lui|lei|ciò|"
    r"questo|quello|isso|isto|disso|nisso|ele|ela|eles|elas|ho|ĝi|он|она|оно|они|его|её|их|это|этот|эта|"
    r"этого|этом)\b"
    r"|它|他们|他們|这个|這個|那个|那個|这些|這些|这其中|其中|それ|これ|この|その|そこ|彼|이것|그것", _I)
# A later question that opens with one of these continues the one before ("If so, who made it?", "¿Y el que menos?").
QUESTION_CONNECTORS = re.compile(
    r"^(?:and|also|or|but|so|then|if so|if not|if yes|otherwise|plus|what about|how about|y|o(?!\s+que\b)|e|et|ou|mais|"
    # (a question narrowing the one before: "Could you suggest more names? Something shorter? Maybe with a pun?")
    r"maybe|perhaps|possibly|preferably|ideally|something|like|such as|for example|for instance|"
    r"und|oder|aber|sonst|и|или|а|но|también|además|aussi|sinon|auch|anche|oppure|também|ou então|si es así|"
    r"si oui|si non|wenn ja|wenn nicht|se sì|se sim|если да|если нет)\b"
    r"|^(?:また|それと|そして|では|じゃあ|那|还有|還有|另外|此外|那么|那麼|以及|并且)", _I)
# A line asking what each of the listed lines means or does ("What do the following headers mean for geant4:",
# "what do these git commands do?"): one glossary question per line, also when the lines are code. Plural only
# ("What does the following quote mean?" asks about one text), and not of the parts of one program or procedure
# ("the following lines/functions/steps").
LINES_GLOSSARY_QUESTION = EndingRegex(re.compile(
    r"\bwhat\s+do\s+(?:each\s+of\s+)?(?:the\s+following|these)\s+(?:[\w-]+\s+){0,2}?"
    r"(?!(?:lines|functions|methods|classes|snippets|blocks|steps|parts|sections)\b)[\w-]+s\s+"
    r"(?:mean|do|stand\s+for)\b[^\n?:]{0,40}[?:]\s*$", _I), "?:")
# An explicit request to answer the questions that follow ("Answer the following questions:").
QUESTIONS_REQUEST = StartNeedleRegex(re.compile(
    r"\b(?:answer|respond to|reply to)\s+(?:the|these|those|all|each of the|my|a few|some|(?:the\s+)?following)\s+"
    r"(?:\w+\s+)?questions\b|\bquestions\s*[:：]|\bquestions are as follows?\b|\bfollowing questions\b|"
    r"\b(?:responde|contesta|responda)\w*\s+(?:a\s+)?(?:las|estas|"
    r"seguintes|as|às|aos)\s+(?:siguientes\s+|seguintes\s+)?(?:preguntas|perguntas|questões)\b|"
    r"\bréponds?\w*\s+aux\s+(?:questions|\w+\s+questions)\b|"
    r"\bbeantworte\w*\s+(?:sie\s+)?(?:die|diese|folgende)\s+(?:folgenden\s+)?fragen\b|"
    r"\brispondi\w*\s+(?:alle|a queste)\s+(?:seguenti\s+)?domande\b|\bответь\w*\s+на\s+(?:следующие\s+|эти\s+)?"
    r"вопросы\b|回答(?:以下|下面|下列|这些)的?(?:问题|問題)|以下の質問に答え|次の質問に答え|다음 질문에 답", _I),
    # (where each alternative starts: tried only there, where a scan of a long text cost 15 ms for 100,000
    # characters)
    ("answer", "respond", "reply", "questions", "following", "responde", "contesta", "responda", "répond",
     "beantworte", "rispondi", "ответь", "回答", "以下の質問", "次の質問", "다음 질문"))

# The header of a list that constrains one request rather than listing its items ("20 quizzes. Rules: 1. ...").
CONSTRAINT_WORDS = (
    "rule", "rules", "constraint", "constraints", "requirement", "requirements", "guideline", "guidelines",
    "instruction", "instructions", "condition", "conditions", "criteria", "restriction", "restrictions",
    "specification", "specifications", "format", "reglas", "requisitos", "restricciones", "condiciones",
    "instrucciones", "règles", "contraintes", "exigences", "consignes", "critères", "regeln", "anforderungen",
    "bedingungen", "vorgaben", "richtlinien", "regole", "requisiti", "vincoli", "istruzioni", "regras", "restrições",
    "instruções", "правила", "требования", "ограничения", "условия")
_CONSTRAINT_CJK = ("规则", "要求", "限制", "条件", "ルール", "制約", "要件", "규칙", "조건", r"요구\s?사항")
CONSTRAINT_CJK_STARTS = tuple(literal[:2] for literal in _CONSTRAINT_CJK)  # what every CJK match starts with
# (tried where its words start: a header holding one was scanned from its first character, 11 µs for a line)
CONSTRAINT_HEADER = StartNeedleRegex(
    re.compile(r"\b(?:" + "|".join(CONSTRAINT_WORDS) + r")\b|" + "|".join(_CONSTRAINT_CJK), _I),
    (*CONSTRAINT_WORDS, *CONSTRAINT_CJK_STARTS))
CONSTRAINT_CJK_TERMS = tuple(literal for literal in _CONSTRAINT_CJK if re.escape(literal) == literal)  # plain ones

# What a list after "with the following <noun>:" specifies of the one thing asked for ("rewrite the method with the
# following checks:", "design a system with the following properties."), and what "here is more <noun>:" hands over
# as material ("here is more information that may be important:", "here are some of my texts:").
SPECIFICATION_NOUNS: tuple[str, ...] = (
    "properties", "checks", "requirements", "features", "specifications", "constraints", "conditions", "criteria",
    "parameters", "characteristics")
INFORMATION_NOUNS: tuple[str, ...] = ("information", "info", "details", "context", "background", "texts")

# -- inline lists ("a, b and c") ---------------------------------------------------------------------------------
CONJUNCTIONS = ("and", "or", "&", "as well as", "y", "e", "o", "u", "et", "ou", "und", "oder", "sowie", "ed",
                "oppure", "и", "или", "oraz", "lub")
# The words standing between a list's last two fields or items, in the languages users write ("..., het bedrag en
# het adres", "tüketimi ve son ödeme tarihini"): the extraction rules cut a list of fields at them, the validator
# reads them as marking the items apart. Polish, Czech and Croatian "i" is English's pronoun too ("where I have to
# go"): it joins only in a text written with their letters (`SLAVIC_LETTERS`).
LIST_JOINING_WORDS = ("and", "y", "e", "et", "und", "и", "aur", "ve", "och", "og", "và", "dan", "és", "și", "і", "та",
                      "oraz", "en", "और")
SLAVIC_LETTERS = re.compile(r"[ąćęłńśźżčďěňřšťůž]", re.IGNORECASE)
# "or" words: in a list of fields to extract they join the words of one field ("phone or fax number"); before the
# last of a run of quoted strings they make the run the options of one choice; CJK ones stand without spaces.
DISJUNCTIONS = frozenset({"or", "o", "u", "ou", "oder", "oppure", "или", "либо", "lub"})
CJK_DISJUNCTIONS = ("或", "还是", "または")
# Words a list's first item is cut after ("the capitals *of* France, ...").
BOUNDARY_WORDS = frozenset({
    "of", "for", "about", "into", "to", "from", "between", "like", "including", "on", "in", "with", "as",
    "de", "del", "para", "sobre", "en", "du", "des", "pour", "sur", "von", "für", "über", "zu", "di", "per",
    "su", "do", "da", "dos", "das", "для", "о", "об", "про", "на", "в", "из", "entre", "zwischen", "tra", "fra",
    "между",
})
# Verbs of one answer that a prompt may coordinate before their shared object ("illustrate and demonstrate how",
# "translate, and explain, the word"): an inline "list" holding one of them alone joins predicates, not items.
COORDINATED_VERBS = frozenset({
    "explain", "illustrate", "demonstrate", "describe", "discuss", "elaborate", "justify", "analyse", "analyze",
    "define", "summarize", "summarise", "evaluate", "interpret", "explica", "explique", "expliquez", "erkläre",
    "erklären", "spiega", "explique-moi", "объясни", "опиши",
})
# Per-item task verbs after which a list's first item starts at the latest ("translate cat, dog and bird").
TASK_VERBS = ("translate", "traduce", "traduis", "übersetze", "traduci", "traduza", "переведи", "correct", "fix",
              "corrige", "korrigiere", "correggi", "corrija", "исправь", "classify", "summarize", "summarise",
              "explain", "define", "describe", "analyze", "analyse", "rewrite", "rate", "evaluate", "markiere",
              "zieh", "saca", "pull out", "estrai", "extrais", "trouve", "найди", "identifica", "identifie",
              "mark", "highlight", "label", "tag")
# The request, task and extraction verbs of one word: what a sentence's or an item's first word is looked up in.
ONE_WORD_VERBS = frozenset(verb for verb in (*REQUEST_VERBS, *TASK_VERBS, *EXTRACT_VERBS) if " " not in verb)
# Request nouns and quantifiers after which a list's first item starts at the latest ("all the words a, b, c").
ITEM_START_WORDS: tuple[str, ...] = (
    "all", "all the", "alle", "todos", "todas", "tous", "toutes", "tutti", "tutte", "все", "всех", "words",
    "terms", "phrases", "sentences", "items", "following", "these", "palabras", "términos", "frases", "mots",
    "termes", "wörter", "begriffe", "sätze", "parole", "termini", "frasi", "palavras", "termos", "слова",
    "термины", "text", "texto", "texte", "testo", "текст", "тексте", "текста", "satz", "frase", "phrase",
    "sentence", "paragraph", "email", "abstract",
)
DETERMINERS = frozenset({"the", "a", "an", "el", "la", "los", "las", "le", "les", "l'", "die", "der", "das",
                         "den", "dem", "il", "lo", "gli", "i", "o", "os", "as", "un", "une", "una", "ein", "eine"})
# Entity *types* (people, places, organisations) make a field list Named Entity Recognition.
ENTITY_TYPES = re.compile(
    r"\b(?:persons?|people|names? of people|person names|company names|amounts of money|money|"
    r"organi[sz]ations?|companies|locations?|places?|dates?|"
    r"entities|personas|organizaciones|lugares|personnes|lieux|organisations|entreprises|personen|orte|"
    r"organisationen|unternehmen|persone|luoghi|organizzazioni|pessoas|organizações|empresas|locais|имена людей|"
    r"организаци\w*|географическ\w*|мест\w*|персон\w*)\b|人名|地名|机构|機構|组织|組織|人物|日期|固有名詞", _I)

# -- counts ("7 catchy slogans") --------------------------------------------------------------------------------
# Words that end the noun phrase after a count ("7 slogans *for* a coffee shop").
STOP_AFTER_COUNT = frozenset({
    "for", "about", "on", "of", "that", "which", "who", "to", "in", "with", "from", "by", "and", "or", "but",
    "related", "based", "like", "describing", "using", "please", "i", "you", "we", "as", "at", "into", "each",
    "per", "so", "when", "where", "why", "how", "than", "without", "under", "over", "me", "us", "it", "my", "up",
    "around", "what", "should", "could", "would", "can", "will", "is", "are", "was", "were", "does", "did",
    "para", "sobre", "de", "del", "que", "con", "en", "a", "y", "o", "sin", "por", "como", "pour", "sur",
    "du", "des", "qui", "avec", "à", "et", "ou", "sans", "par", "comme", "für", "über", "zu", "zum", "zur",
    "von", "vom", "mit", "die", "der", "das", "den", "dem", "und", "oder", "ohne", "als", "wie", "im", "auf",
    "an", "per", "su", "sul", "sulla", "di", "della", "che", "e", "senza", "come", "do", "da", "com", "em",
    "ou", "sem", "для", "о", "об", "про", "на", "в", "с", "и", "или", "которые", "что", "без", "по", "как",
    "voor", "over", "van", "met", "dla", "z", "i", "w", "na",
})
# Units that size one answer only after a measure word ("in 3 sentences"), but are items otherwise ("5 sentences").
SOFT_UNITS = frozenset({"word", "words", "sentence", "sentences", "people", "persons", "person", "kids", "letters",
                        "character", "characters", "points", "bullet points", "lines", "personas",
                        "children", "players", "members", "examples", "palabras", "frases", "mots", "phrases",
                        "wörter", "sätze", "parole", "frasi", "palavras", "слов", "слова", "предложений",
                        "предложения"})
# Request verbs a count reads and no other rule does (REQUEST_VERBS also shapes lists and the gate's features): verbs
# that ask for things found or laid out ("please find 5 suggestions", "outline 5 animals"; weak, see WEAK_REQUESTS,
# and only right before the count: "find the distance between two points" is one task) and the merged "give me" of
# quick typing ("giveme 20 ideas", "gimme 5 names").
DIRECT_REQUESTS: tuple[str, ...] = ("find", "outline")
# The user asking to be handed the items ("can i have 20 examples of ...", "could we get 5 names").
HAVE_REQUESTS: tuple[str, ...] = ("can i have", "could i have", "may i have", "can i get", "could i get", "can we have",
                                  "could we have", "can we get", "could we get")
COUNT_REQUESTS: tuple[str, ...] = (*DIRECT_REQUESTS, *HAVE_REQUESTS, "giveme", "gimme")
# Generation verbs long enough that a word one typing slip away from one, opening a request, is that verb
# ("Recommned 10 blog post topics", "would you recommand ... 10 names"): shorter verbs ("write", "list", "name") sit
# one slip away from other words ("wrote", "lost", "same").
MISSPELT_REQUESTS: tuple[str, ...] = (
    "recommend", "suggest", "generate", "create", "provide", "compose", "brainstorm", "propose", "produce",
)
# Questions that ask for items ("what are 5 ...") count as requests, like the verbs.
QUESTION_REQUESTS: tuple[str, ...] = (
    "what are", "which are", "what're", "cuáles son", "quels sont", "quelles sont", "welche", "quali sono",
    "quais são", "какие", "i'd like", "i would like", "list of", "lista de", "liste de", "elenco di",
    "what would be", "what could be", "what might be",
)
# A polite question around the count ("Kannst du mir sechs Ideen geben?") and the verb that completes it.
MODAL_REQUEST = re.compile(
    r"\b(?:can you|could you|would you|will you|kannst du|können sie|könntest du|peux-tu|pouvez-vous|"
    r"pourrais-tu|pourriez-vous|puedes|podrías|puede usted|puoi|potresti|può|você pode|pode|podes|можешь|"
    r"можете|не могли бы)\b", _I)
MODAL_FIRST_WORDS = ("can", "could", "would", "will", "kannst", "können", "könntest", "peux", "pouvez", "pourrais",
                     "pourriez", "puedes", "podrías", "puede", "puoi", "potresti", "può", "você", "pode", "podes",
                     "можешь", "можете", "не")
INFINITIVE_REQUESTS: tuple[str, ...] = (
    "geben", "nennen", "schreiben", "vorschlagen", "erstellen", "empfehlen", "proposer", "donner", "écrire",
    "suggérer", "générer", "créer", "trouver", "recommander", "dar", "darme", "escribir", "sugerir", "proponer",
    "crear", "recomendar", "dare", "darmi", "scrivere", "suggerire", "proporre", "creare", "consigliare", "escrever",
    "criar", "предложить", "дать", "написать", "придумать", "посоветовать", "give", "write", "suggest", "list",
    "name", "recommend", "come up with", "create", "generate", "decirme", "indicarme", "nombrarme", "recomendarme",
    "sugerirme", "mencionar", "nommer", "citer", "indicare", "elencare", "citar",
)
# "At least 5 ideas" states a count (the least asked for), like "5+".
AT_LEAST = ("at least", "mindestens", "au moins", "al menos", "por lo menos", "almeno", "pelo menos", "no mínimo",
            "как минимум", "не менее", "minstens", "minst")
# A count is a measure, not a number of items, right after these ("in 3 sentences", "up to 5", "top 10", "$5").
MEASURE_WORDS = frozenset({
    "in", "within", "of", "under", "over", "about", "around", "approximately", "roughly", "max", "maximum", "most",
    "least", "than", "to", "up to", "only", "in just", "in only", "exactly", "with", "for", "first", "last", "next",
    "top", "en", "de",
    "con", "para", "dans", "avec", "pour", "mit", "für", "von", "bis", "zu", "di", "per", "em", "com", "até", "hasta",
    "jusqu'à", "fino a", "primeros", "primeras", "premiers", "premières", "ersten", "primi", "prime", "primeiros",
    "в", "из", "на", "с", "для", "до", "по", "первые", "первых",
})
MEASURE_MARKS = "-–(~≈<>$€£"
# Request verbs that only *state* a need ("I need 5 ...", "return 2 values", "make 3 copies"): a count after them is
# at most a medium-tier request; the explicit generation verbs of REQUEST_VERBS make it high.
WEAK_REQUESTS = frozenset({
    "need", "want", "i'd like", "i would like", "return", "output", "make", "show", "send", "prepare", "develop",
    "design", "produce", "help me with", "offer", "necesito", "quiero", "haz", "hazme", "j'ai besoin de", "je veux",
    "je voudrais", "fais", "faites", "brauche", "ich brauche", "ich möchte", "ich hätte gern", "mach", "mache",
    "ho bisogno di", "voglio", "vorrei", "fai", "fammi", "mi servono", "mi serve", "mi servirebbero", "preciso de",
    "quero", "gostaria de", "faça", "faz", "нужно", "нужны", "мне нужно", "хочу", "сделай", "maak", "lav",
    *DIRECT_REQUESTS,
})
# Verbs that ask to *explain* something: "explain X and give 5 examples" is one explanation with its examples.
EXPLAIN_CUES: tuple[str, ...] = (
    "explain", "describe", "define", "discuss", "elaborate", "what is", "what's", "how to", "how do", "how does",
    "how can", "explica", "explique", "explicar",
    "describe", "define", "qué es", "expliquez", "explique", "décris", "décrivez", "qu'est-ce", "erkläre",
    "erklären sie", "erläutere", "erläutern sie", "beschreibe", "beschreiben sie", "was ist", "spiega", "spiegate",
    "descrivi", "cos'è", "descreva", "o que é", "объясни", "объясните", "опиши", "опишите", "что такое",
)
# A role-play set-up ("I want you to act as a title generator ... you will generate five titles") describes what the
# persona will do: a count in a sentence that describes the role is not the request.
# Its words' first tokens (`ROLE_DESCRIPTION_TRIGGERS`) and its CJK literals are where a match starts: it is tried
# only there (searched over the rest of a long prompt opening with a role set-up, it cost 10 ms for 100,000
# characters).
ROLE_DESCRIPTION_TRIGGERS = ("you", "you'll", "your", "tu", "vous", "ta", "votre", "du", "sie", "deine", "vas",
                             "deberás", "su", "dovrai", "il", "você", "sua", "ты", "вы", "твоя")
_ROLE_DESCRIPTION_CJK = ("您将", "你将", "你會", "您會", "你会", "您会", "あなたは", "당신은")
ROLE_DESCRIPTION = StartNeedleRegex(re.compile(
    r"\b(?:you will|you'll|you should|you must|you are going to|your (?:task|job|role|goal) (?:is|will be)|"
    r"tu vas|vous allez|tu devras|vous devrez|ta tâche|votre tâche|du wirst|sie werden|deine aufgabe|vas a|"
    r"deberás|tu tarea|su tarea|dovrai|il tuo compito|você vai|você deverá|sua tarefa|ты будешь|вы будете|"
    r"твоя задача)\b|" + "|".join(_ROLE_DESCRIPTION_CJK), _I), (*ROLE_DESCRIPTION_TRIGGERS, *_ROLE_DESCRIPTION_CJK))
# "Rewrite this sentence in 3 different ways": n versions of one task, asked for with "in N ways".
VARIATION_NOUNS = frozenset({
    "ways", "versions", "variations", "variants", "styles", "tones", "formas", "maneras", "versiones", "variantes",
    "façons", "manières", "arten", "weisen", "versionen", "varianten", "modi", "versioni", "varianti", "maneiras",
    "versões", "способами", "вариантах",
})

# What a count's noun says about the request (words of the noun phrase after the count, lowercased).
# Generable things: a request for N of these asks for N independent outputs (the high tier needs one).
GENERABLE_NOUNS = frozenset("""
names titles slogans taglines tagline headlines captions tags hashtags keywords ideas tips hints suggestions
recommendations questions quizzes quiz examples jokes puns riddles tweets posts sentences phrases words synonyms
antonyms rhymes adjectives verbs nouns vocab prompts quotes quotations sayings proverbs mottos poems haikus haiku limericks
songs stories plots twists scenarios premises recipes dishes snacks cocktails drinks movies films documentaries books
novels shows podcasts games apps albums artworks paintings places destinations spots countries cities animals plants
flowers activities hobbies gifts products features options alternatives variations versions responses replies
affirmations compliments greetings wishes excuses pickup pick-up one-liners openers hooks intros descriptions bios
usernames nicknames logos metaphors similes analogies acronyms mnemonics exercises problems puzzles flashcards
challenges projects topics themes statements ads advertisements messages reviews comments facts news strategies ways
characters villains heroes emojis outfits costumes meals workouts hacks
nombres títulos eslóganes eslogans lemas titulares ideas consejos sugerencias recomendaciones preguntas ejemplos
chistes frases oraciones palabras poemas poesías canciones historias cuentos recetas platos platillos películas libros
series juegos lugares destinos países ciudades animales actividades regalos opciones alternativas refranes dichos obras
citas tuits publicaciones temas adjetivos sinónimos ejercicios problemas proyectos descripciones estrategias maneras
noms titres slogans idées conseils astuces suggestions recommandations questions exemples blagues phrases mots poèmes
chansons histoires recettes plats films livres séries jeux lieux destinations pays villes animaux activités cadeaux
options alternatives réponses proverbes citations tweets sujets thèmes synonymes adjectifs exercices problèmes projets
œuvres oeuvres stratégies façons manières
namen titel slogans sprüche ideen tipps vorschläge empfehlungen fragen beispiele witze sätze wörter gedichte lieder
geschichten rezepte gerichte filme bücher serien spiele orte reiseziele länder städte tiere aktivitäten geschenke
optionen alternativen antworten sprichwörter zitate themen überschriften schlagzeilen synonyme adjektive übungen
aufgaben projekte kunstwerke dokumentarfilme strategien möglichkeiten titelvorschläge
nomi titoli slogan idee consigli suggerimenti domande esempi barzellette battute frasi parole poesie canzoni storie
ricette piatti film libri giochi luoghi mete paesi città animali attività regali opzioni alternative risposte proverbi
citazioni argomenti temi sinonimi aggettivi esercizi problemi progetti opere strategie modi
nomes títulos ideias dicas sugestões recomendações perguntas exemplos piadas poemas músicas canções histórias receitas
pratos filmes livros séries jogos lugares destinos países cidades animais atividades presentes opções alternativas
respostas provérbios citações temas sinônimos adjetivos exercícios problemas projetos manchetes legendas estratégias
названий названия имён имен имена заголовков заголовка слоганов слогана идей идеи советов совета вопросов вопроса
примеров примера шуток шутки анекдотов анекдота фраз фразы цитат цитаты стихотворений стихов песен историй рассказов
рецептов блюд фильмов книг сериалов игр мест стран городов животных подарков вариантов варианта ответов пословиц тем
синонимов упражнений задач проектов тостов поздравлений
titels ideeën vragen voorbeelden grappen zinnen woorden gedichten liedjes verhalen recepten gerechten boeken spellen
plaatsen landen steden dieren cadeaus opties
nazw tytułów tytuły pomysłów pomysły porad pytań pytania przykładów przykłady żartów zdań słów wierszy piosenek
przepisów filmów książek gier miejsc krajów zwierząt prezentów
navne titler idéer ideer forslag spørgsmål eksempler vittigheder sætninger digte sange historier opskrifter bøger spil
steder lande gaver
namn titlar frågor exempel skämt meningar dikter låtar recept böcker filmer platser länder presenter
""".split())
# Aspects of one analysis ("list three impacts", "cinco ventajas", "drei Einflüsse") and the objects of a code task
# ("two sorted lists"): a count of these shapes one answer.
ASPECT_NOUNS = frozenset("""
impacts influences effects causes factors consequences implications principles phases stages components
characteristics advantages disadvantages pros cons benefits drawbacks differences similarities aspects takeaways
arrays lists nodes integers number numbers strings elements variables parameters arguments matrices vectors inputs
impactos influencias efectos causas factores consecuencias principios fases etapas componentes características
ventajas desventajas beneficios diferencias similitudes aspectos contras listas arreglos vectores números
effets facteurs conséquences principes composants caractéristiques avantages inconvénients bénéfices différences
aspects listes tableaux
einflüsse auswirkungen effekte ursachen faktoren folgen prinzipien phasen komponenten merkmale eigenschaften vorteile
nachteile unterschiede gemeinsamkeiten aspekte listen zahlen
impatti influenze effetti cause fattori conseguenze principi fasi componenti caratteristiche vantaggi svantaggi
benefici differenze somiglianze aspetti liste numeri
influências efeitos fatores consequências princípios vantagens desvantagens benefícios diferenças semelhanças
aspectos
влияния влияний последствий причин причины факторов фактора принципов этапов этапа фаз компонентов характеристик
преимуществ преимущества недостатков недостатка отличий различий аспектов списка списков массива массивов чисел
""".split())
# Nouns of examples: "explain X and list 5 examples" is one explanation.
EXAMPLE_NOUNS = frozenset({"examples", "example", "ejemplos", "exemples", "beispiele", "esempi", "exemplos",
                           "примеров", "примера", "voorbeelden", "przykładów", "eksempler"})
# A selection from a fixed set ("the 5 fastest", "top 10", "los últimos 10", "las mejores 10 canciones", "the 3 most
# trusted"): the choice or the ranking matters, so the items are not independent outputs. Before the count:
SELECTION_BEFORE = frozenset({
    "the", "these", "those", "my", "your", "our", "their", "his", "her", "its", "el", "los", "las", "le", "les",
    "ces", "mes", "tes", "ses", "nos", "vos", "leurs", "der", "die", "das", "den", "dem", "diese", "dieser",
    "diesen", "il", "gli", "i", "questi", "queste", "quei", "quelle", "os", "esses", "essas", "estes", "estas",
    "эти", "те", "top", "best", "mejores", "peores", "últimos", "últimas", "meilleurs", "meilleures", "derniers",
    "dernières", "besten", "letzten", "migliori", "ultimi", "ultime", "melhores", "лучших", "последних", "following",
    "siguientes", "suivants", "suivantes", "folgenden", "seguenti", "seguintes", "следующих", "latest", "last", "all",
})
# A count of things the conversation already holds ("write about the above 10 topics", "the other three files"): the
# set is fixed before the prompt and its members are named elsewhere, so the count neither asks for interchangeable
# outputs nor lets a branch know which member it is. ("all 16 personality types" is left alone: a known set the
# prompt names, one output per member.) Right before the count, alone ...
REFERRED_BEFORE = frozenset({"aforementioned"})
# ... and after "the" ("the above 10", "the other 3"; "other 5 names" may ask for new ones, "above 20 ideas" for more
# than 20; `counts._referred` says when "the other" does).
REFERRED_AFTER_THE = frozenset({"above", "other"})
# ... and within the noun phrase after it ("5 most common causes", "5 jeux les plus joués", "5 autos más rápidos").
SELECTION_AFTER = frozenset({
    "most", "best", "top", "greatest", "biggest", "largest", "highest", "main", "major", "principal", "key", "primary",
    "leading", "latest", "worst", "más", "mejores", "peores", "principales", "plus", "meilleurs", "meilleures",
    "principaux", "besten", "wichtigsten", "größten", "bekanntesten", "beliebtesten", "häufigsten", "più",
    "migliori", "principali", "mais", "melhores", "principais", "самых", "лучших", "главных", "основных",
    "крупнейших",
})
# English superlatives end in -est; these words end so without being one.
NOT_SUPERLATIVE = frozenset({
    "interest", "request", "contest", "protest", "harvest", "suggest", "manifest", "modest", "honest", "earnest",
    "conquest", "tempest", "bequest", "inquest", "northwest", "southwest", "midwest", "digest", "arrest", "invest",
    "forest", "everest", "budapest", "bucharest", "guest", "quest", "chest",
})
# Words after a count's noun that make it a number per item ("5 questions for each topic", "3 plants per layer", "2 uses
# of each", "four answers to each question"): the prompt asks for n times the items, not n.
PER_ITEM = re.compile(r"\s*(?:for (?:each|every|all)|(?:of|to) (?:each|every)|"
                      r"per (?:each|every|item|person|topic|category|day|chapter)|each|"
                      r"a piece|para cada|por cada|pour chaque|par personne|für jede[nrs]?|pro (?:person|thema)|"
                      r"per ogni|per ciascun[oa]?|ciascun[oa]?|на кажд\w+)\b", _I)
# Nouns that a number labels rather than counts ("in column 2 their affiliation", "Module 3 covers", "step 4"): the
# number names one part, it asks for nothing.
LABEL_NOUNS = frozenset("""
column row step chapter part section module lesson unit question day week level grade page item phase round season
episode figure table version verse line option slide scene act stage task exercise problem number no point band
sequence plot
columna fila paso capítulo parte sección módulo lección pregunta día semana nivel página versión
colonne ligne étape chapitre partie section module leçon jour semaine niveau
spalte zeile schritt kapitel teil abschnitt lektion frage tag woche stufe seite
colonna riga passo capitolo parte sezione modulo lezione domanda giorno settimana livello pagina
coluna linha passo capítulo parte seção módulo lição pergunta dia semana nível página
столбец строка шаг глава часть раздел модуль урок вопрос день неделя уровень страница
""".split())
# Words after a sentence-initial count with no request verb that keep it a heading ("10 slogans for a gym",
# "5 Countries that start with S"), not a statement ("3 answers seem few to me").
HEADING_FOLLOWERS = frozenset({
    "for", "about", "on", "that", "which", "with", "to", "related", "based", "like", "in", "of", "para", "sobre",
    "que", "con", "de", "pour", "sur", "qui", "avec", "für", "über", "zu", "die", "mit", "per", "su", "che", "di",
    "com", "для", "о", "про", "на", "который", "которые",
})
# Participles after such a count's noun phrase that say what the outputs hold ("twelve example sentences using the
# word 'albeit'"): a heading too, unless "each" follows (`counts._heading_ends`).
HEADING_PARTICIPLES = frozenset({
    "using", "featuring", "containing", "including", "describing", "inspired", "targeting", "aimed", "promoting",
    "announcing", "advertising", "celebrating", "highlighting", "showcasing", "encouraging", "inviting",
})

# Request words that make a CJK count a request for items. Chinese puts the verb right before the count ("推荐十本",
# "写5条"); Japanese and Korean after it ("見出しを4つ提案して", "3つの山を挙げ", "제목 5개 만들어 줘").
ZH_REQUEST = re.compile(r"给我|給我|写|寫|列出|列举|列舉|生成|提供|想|起|推荐|推薦|编|編|创作|創作|设计|設計|帮我|幫我|"
                        r"请|請|来|來|说出|說出|举出|舉出|举|舉|给出|給出|提出|想出|需要|取")
JA_REQUEST = re.compile(r"考えて|考え|書いて|書き|作って|作り|挙げて|挙げ|あげて|教えて|提案|生成|出して|リストアップ|"
                        r"作成|列挙|紹介して|ピックアップ|推薦")
_JA_POLITE = r"(?:ください|下さい|ちょうだい|お願い|欲しい|ほしい)"
JA_POLITE_REQUEST = re.compile(r"(?:を|ほど|くらい|ぐらい)?" + _JA_POLITE)
# Whether a text holds a polite request at all: the same search without the optional particle, which starts with
# literals the engine skips to (the optional prefix makes it try every position of a long text).
JA_POLITE_WORD = re.compile(_JA_POLITE)
KO_REQUEST = re.compile(r"만들어|써\s?주|작성|추천|알려|생성|제안|주세요|줘|해\s?줘|해\s?주세요")
# What a match of each alternative holds: a prompt whose characters (its probe's) hold none of these is not searched.
CJK_REQUEST_CHARACTERS = {regex: literal_characters(regex.pattern)
                     for regex in (ZH_REQUEST, JA_REQUEST, JA_POLITE_WORD, KO_REQUEST)}
# Counters that name a generable kind themselves (poems, books, films, sentences, articles, dishes, songs).
CJK_GENERABLE_COUNTERS = frozenset("首本冊部句篇道则則封曲案")
# Counters of people: the people are not generated ("問題を抱えた二人の解決策").
CJK_PEOPLE_COUNTERS = frozenset({"人", "名", "位", "명"})
CJK_GENERABLE = re.compile(
    r"标题|標題|名字|名称|名稱|口号|口號|标语|標語|广告语|廣告語|文案|点子|點子|想法|创意|創意|主意|问题|問題|题目|題目|句子|"
    r"笑话|笑話|段子|故事|诗|詩|书|書|小说|小說|电影|電影|歌|菜|食谱|食譜|例子|单词|單詞|成语|成語|谜语|謎語|"
    r"タイトル|見出し|アイデア|アイディア|キャッチコピー|コピー|名前|ネーミング|質問|クイズ|コツ|ヒント|方法|小説|映画|曲|"
    r"俳句|川柳|短歌|レシピ|料理|メニュー|スローガン|ジョーク|ダジャレ|例文|単語|言葉|候補|作品|"
    r"제목|이름|아이디어|질문|문장|슬로건|농담|영화|노래|레시피|팁|문제|예시|단어|책")
CJK_ASPECT = re.compile(
    r"影响|影響|原因|因素|要因|特征|特徵|特徴|特点|特點|优点|優點|缺点|缺點|メリット|デメリット|利点|欠点|阶段|階段|段階|"
    r"原则|原則|方面|区别|區別|違い|差异|差異|共通点|效果|効果|結果|结果|장점|단점|차이|영향|원인|특징|단계|"
    r"函数|函數|関数|配列|数组|數組|节点|節點|ノード|程序|プログラム|代码|代碼|코드|함수|배열|列表|リスト|符号|符號|变量|変数|"
    r"参数|引数|算法|アルゴリズム|实现|実装")
CJK_SELECTION = re.compile(r"最|主要|主な|代表的|トップ|ベスト|上位|这|那|這|以下|上述|その|この|これら|上記|次ぐ|가장|주요")
CJK_EXPLAIN = re.compile(r"説明|说明|說明|解释|解釋|설명")
CJK_EXAMPLE = re.compile(r"例|예시|예")

# -- singular templates ("a catchy slogan") ---------------------------------------------------------------------
# Words after the noun a count's phrase may read on into ("three positions regarding the", "names never used"): the
# noun phrase ends before them.
EN_NOUN_PHRASE_ENDS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "my", "your", "our", "their", "his", "her", "its", "for", "to",
    "of", "in", "on", "at", "by", "with", "about", "from", "into", "regarding", "concerning", "around", "along",
    "never", "not", "which", "who", "whom", "whose", "where", "when", "and", "or", "but", "as", "like", "than",
    "specifically", "only", "we", "you", "i", "they", "he", "she", "it", "can", "could", "should", "would", "will",
    "may", "might", "must", "is", "are", "was", "were", "be", "needed", "used",
})
EN_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse",
                "teeth": "tooth", "feet": "foot", "geese": "goose", "haiku": "haiku", "haikus": "haiku",
                "series": "series", "species": "species", "ideas": "idea", "quizzes": "quiz", "lives": "life",
                "knives": "knife", "wives": "wife", "leaves": "leaf", "shoes": "shoe", "movies": "movie",
                "cookies": "cookie", "pies": "pie", "ties": "tie", "lies": "lie", "analyses": "analysis",
                "theses": "thesis", "criteria": "criterion", "phenomena": "phenomenon", "recipes": "recipe",
                "puzzles": "puzzle", "titles": "title", "names": "name", "slogans": "slogan", "taglines":
                "tagline", "headlines": "headline", "poems": "poem", "jokes": "joke", "limericks": "limerick",
                "riddles": "riddle", "questions": "question", "tweets": "tweet", "stories": "story",
                "vocab": "vocabulary word"}
# Noun endings that take the feminine article in es/fr/it/pt.
FEMININE_ENDINGS = ("a", "ión", "dad", "tion", "té", "ée", "ie", "ade", "ure", "ette", "ção", "dade", "agem")

# -- what makes a list or a run of questions part of one task ------------------------------------------------------
# A role-play or system set-up ("I want you to act as a recruiter ..."): the lists and questions inside it describe
# the role, they are not items (looked for near the start of the prompt).
ROLE_PLAY = LeadCue((
    "acting as", "act as", "act like", "pretend (?:to be|you are)", "role-play", "roleplay", "assume (?:that )?you are",
    "imagine (?:that )?you are", "assume the role", "play the role", "take on the role", "you are (?:now )?(?:a|an|my) ",
    "from now on,? you", "you will (?:act|be acting|play)", "stay in character",
    "actúa como", "actua como", "finge ser", "haz de", "juega el papel", "eres un", "eres una", "asume el papel",
    "agis comme", "agissez comme", "joue le rôle", "jouez le rôle", "fais comme si", "tu es un", "tu es une",
    "vous êtes un", "assumez le rôle", "veuillez assumer le rôle", "que vous agissiez", "que tu agisses",
    "à partir de maintenant,? tu", "de ahora en adelante", "ab jetzt bist du", "d'ora in poi", "a partir de agora",
    "с этого момента ты",
    "tu so als", "tun sie so", "verhalte dich wie", "spiele die rolle", "spielen sie die rolle",
    "schlüpfe?n? sie in die rolle", "schlüpfe in die rolle", "verkörpern sie", "du bist (?:ein|eine) ",
    "agisci come", "fingi di essere", "immagina di essere", "assumi il ruolo", "interpreta il ruolo", "sei un", "sei una",
    "aja como", "finja ser", "você é um", "você é uma", "assuma o papel",
    "веди себя как", "представь,? что ты", "притворись", "сыграй роль", "ты —", "ты - ",
    "let's play", "let us play", "juguemos", "jouons", "spielen wir", r"lass uns \w+ spielen", "giochiamo", "vamos jogar",
    "давай сыграем",
), (
    "充当", "扮演", "担任", "作为一名", "作為一名", "假定自己是", "假设你是", "假設你是", "你现在是", "你是一[名个位個]", "になりきって",
    "役割を担って", "役を演じ", "として振る舞", r"あなたは[^。？?\n]{1,25}です。", "역할을",
))
# "Each of these": a distributive cue that points back at a list in an earlier sentence (phrases for `phrase_cue`).
EACH_BACK_PHRASES: tuple[str, ...] = (
    *(f"{each} of {what}" for each in ("each", "each one", "every", "every one", "for each", "for every")
      for what in ("these", "those", "them", "the above", "the following", "the items")),
    "respectively", "chacun de ces", "chacune de ces", "chacun d'entre eux", "chacune d'entre elles",
    "cada uno de estos", "cada una de estas", "cada uno de ellos", "cada una de ellas", "cada uno de los siguientes",
    "cada una de las siguientes", "respectivamente", "jeder dieser", "jede dieser", "jedes dieser", "jeden dieser",
    "jedem dieser", "jeder davon", "jede davon", "jedes davon", "jeder von ihnen", "ciascuno di questi",
    "ciascuna di queste", "ciascuno di loro", "cada um destes", "cada um deles", "cada um dos seguintes",
    "каждый из них", "каждая из них", "каждое из них", "каждый из этих", "каждую из них", "соответственно",
    "それぞれ", "分别", "分別", "各自", "각각",
)
# Words that introduce examples of one thing ("aspects such as storytelling, humor and body language"); not "i.e.",
# which introduces the very items.
EXAMPLE_MARKERS: tuple[str, ...] = (
    "such as", "like", "e.g", "eg", "for example", "for instance", "including", "incl",
    "tales como", "como", "por ejemplo", "incluyendo", "ej", "p. ej", "tels que", "telles que", "comme",
    "par exemple", "notamment", "y compris", "wie", "z.b", "zum beispiel", "beispielsweise", "einschließlich",
    "etwa", "come", "ad esempio", "per esempio", "tra cui", "inclusi", "incluso", "tipo", "por exemplo",
    "incluindo", "например", "такие как", "таких как", "включая", "типа",
)
EXAMPLE_MARKERS_CJK: tuple[str, ...] = ("例えば", "たとえば", "など", "なんか", "比如", "例如", "如", "等", "等等", "诸如", "諸如")
# Words that make an inline "item" a clause of a sentence rather than a noun phrase: subject pronouns, auxiliaries,
# subordinators and question words ("what is superposition, and how does it relate" is not a list).
# (Words that are also articles, prepositions or nouns elsewhere are left out: fr "du", "on", "ma", it "il", pt "do",
# en "may", "war", "son".)
CLAUSE_WORDS = frozenset({
    # en
    "i", "you", "he", "she", "it", "we", "they", "i'm", "it's", "there", "this", "that", "is", "are", "was",
    "were", "be", "been", "does", "did", "can", "could", "will", "would", "should", "shall", "might",
    "must", "have", "has", "had", "if", "when", "whether", "because", "since", "while", "although", "though",
    "what", "how", "why", "where", "which", "who", "whom", "whose", "so", "but", "then", "please", "let", "let's",
    "not", "don't", "doesn't", "isn't", "aren't", "can't", "won't",
    # es / pt / it / fr / de / ru
    "yo", "tú", "él", "ella", "nosotros", "ellos", "ellas", "usted", "es", "está", "están", "fue", "puede",
    "pueden", "hay", "si", "cuando", "porque", "qué", "cómo", "cuál", "dónde", "pero", "je", "tu", "elle",
    "nous", "vous", "ils", "elles", "est", "sont", "était", "peut", "peuvent", "quand", "parce", "pourquoi",
    "comment", "quel", "quelle", "mais", "j'ai", "c'est", "qu'il", "n'est", "j'étais", "ich", "er", "wir", "ihr", "ist", "sind", "kann", "können",
    "wird", "werden", "wenn", "weil", "warum", "wie", "welche", "aber", "dass", "io", "lui", "lei", "noi", "voi",
    "loro", "è", "sono", "può", "possono", "quando", "perché", "che", "eu", "ele", "ela", "nós",
    "eles", "elas", "você", "é", "são", "pode", "podem", "mas", "я", "ты", "он", "она", "оно", "мы", "вы", "они",
    "это", "является", "если", "когда", "потому", "почему", "как", "что", "но",
})
# Japanese endings of a clause (verb forms and particles): "周回する衛星の速度が減少した場合" is not a list item.
JA_CLAUSE_ENDINGS = ("て", "で", "し", "が", "は", "を", "に", "と", "も", "ば", "り", "たら", "ます", "です", "した",
                     "ない", "か", "る", "た", "う", "から", "けど", "ので")
# The labels or options of one decision come right after these ("categorize it as Positive, Negative or Neutral"),
# or at most three words after the far ones ("choose one of the following: ...").
OPTIONS_NEAR: tuple[str, ...] = ("as", "como", "comme", "als", "как", "between", "entre", "tra", "fra")
OPTIONS_FAR: tuple[str, ...] = ("either", "one of", "among", "from", "choose", "pick", "select", "whether", "parmi", "среди",
                                "между", "zwischen", "elige", "escoge", "choisis", "choisissez", "wähle", "scegli",
                                "escolha", "выбери")
OPTION_NOUNS = re.compile(
    r"\b(?:following|these|the|of|from|into|among|de|las|los|les|des|der|die|den|delle|dei|das|os|as)\s+"
    r"(?:[\w-]+\s+)?(?:categor(?:y|ies)|labels?|classes|options|choices|answers|alternatives|sentiments|categorías|opciones|"
    r"catégories|étiquettes|kategorien|optionen|categorie|opzioni|categorias|opções|категори\w*|вариант\w*)\s*"
    r"[:：]?\s*$|(?:选项|選択肢|カテゴリー?|类别|類別)\s*[:：]?\s*$", re.IGNORECASE)
# "The following <noun>" names a list that is the task's material, not its items, when <noun> is one of these.
_MATERIAL = (r"(?:data|facts|information|info|details|records|table|text|passage|paragraph|article|code|snippet|"
             r"script|context|premises|clues|hints|rules|requirements|constraints|conditions|features|"
             r"specifications|specs|criteria|guidelines|instructions|format|notes|transcript|dialogue|conversation|"
             r"conversations|chat|log|logs|story|email|profile|resume|cv|recipe|ingredients|options|choices|schema|"
             r"template)")
# "Write a tagline for the following products:": a short output asked for once per listed subject. The outputs (one
# line or a few: not a poem or an essay, which may be one text about them all) and the subjects that each get one.
SHORT_OUTPUTS: tuple[str, ...] = (
    "tagline", "tag line", "slogan", "name", "title", "headline", "caption", "tweet", "hashtag", "subject line",
    "description", "bio", "motto", "one-liner", "hook", "alt text")
OUTPUT_SUBJECTS: tuple[str, ...] = (
    "products", "items", "companies", "businesses", "brands", "shops", "stores", "restaurants", "cafes", "apps",
    "websites", "services", "books", "articles", "blog posts", "posts", "videos", "episodes", "podcasts", "courses",
    "events", "songs", "images", "photos", "pictures", "startups", "projects", "recipes", "dishes", "games", "movies",
    "films", "characters", "people", "pets", "hotels", "newsletters", "emails")
MATERIAL_NOUNS = re.compile(
    r"\b(?:following|below|these|given|attached|above)\s+(?:\w+\s+){0,2}?" + _MATERIAL + r"\b|\b" + _MATERIAL
    + r"\s+(?:below|above|given|provided|attached)\b|\blist\s+of\s+(?:\w+\s+)?" + _MATERIAL + r"\b"
    r"|\b(?:that|which|it)\s+(?:\w+\s+)?(?:does|do|should|must|will|can)\s+(?:do\s+)?the following\b"  # a script
    r"|\b(?:siguientes?\s+(?:datos|hechos|reglas|requisitos|condiciones|afirmaciones|instrucciones|opciones)|"
    r"(?:datos|texto|pasaje|párrafo)\s+(?:siguiente|de abajo)|"
    r"(?:données|faits|règles|exigences|conditions|affirmations|instructions|options|texte|passage|brano)\s+"
    r"(?:suivant\w*|ci-dessous|che segue)|"
    r"folgenden?\s+(?:daten|fakten|regeln|anforderungen|bedingungen|aussagen|anweisungen|optionen|text)|"
    r"seguenti\s+(?:dati|fatti|regole|requisiti|condizioni|affermazioni|istruzioni|opzioni)|"
    r"(?:dati|fatti|regole|requisiti)\s+seguenti|seguintes\s+(?:dados|fatos|regras|requisitos|condições)|"
    r"следующие\s+(?:данные|факты|правила|требования|условия|утверждения))"
    r"|以下の(?:データ|情報|条件|ルール|事実|選択肢)|下列(?:数据|資料|条件|规则)|以下(?:数据|条件|规则)"
    r"|다음\s*(?:조건|요구\s?사항|규칙|정보|자료|데이터|내용|선택지)",
    re.IGNORECASE)
