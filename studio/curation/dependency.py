"""Dependency detection: prompts whose parts depend on each other or on an order are not parallelizable.

The reference pipeline's stated blind spot ("Plan a 3-day itinerary where each day builds on the day before" went
through). Four kinds of cue, each a compiled multilingual regex (en, es, fr, de, it, pt, ru, zh, ja, ko):
- sequence: a later part uses an earlier part's output ("then use the result", "based on the previous");
- ordering: the items are sorted, ranked, compared or chosen between ("rank them", "compare", "which is best");
- cumulative: running totals, sums, averages over the items;
- joint: one artifact built from all the items ("write a story that includes the following words").
They make a prompt `dependent`. Aggregation cues ("then summarise them", "in a table") leave the parts
independent but the answer combined: `needs_aggregation`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from store.models import Reason
from studio.curation.lexicon import Cue, Probe, phrase_cue, probe
from studio.curation.lexicon.matching import CueGroup, StartNeedleRegex

_I = re.IGNORECASE

_SEQUENCE_PHRASES = (
    # en
    "then use", "use the result", "using the result", "use that result", "use the output", "using the output",
    "use the answer", "using the answer", "use your answer", "using your answer", "use your previous",
    "based on the previous", "based on your previous", "based on the result", "based on the results",
    "based on the above answer", "based on your answer", "based on that answer", "from the previous",
    "the previous one", "previous answer", "previous response", "previous step", "previous result",
    "builds on", "build on", "building on", "builds upon", "build upon", "building upon", "the day before",
    "the one before", "the previous day", "the prior day", "continue from", "continues from",
    "continuing from", "picks up where", "pick up where", "leads into the next", "lead into the next",
    "follows from the", "follow from the", "sequentially", "in sequence", "each subsequent", "the next one should",
    "so that each", "connects to the previous", "connected to the previous", "continue the story",
    "continues the story", "refer back to", "after that", "afterwards", "once you have", "once you've",
    "when you are done", "when you're done", "after you", "in the previous", "of the previous",
    "after each step", "after every step", "at each step", "based on the first", "from the first two",
    "harder as they go", "harder as it goes", "increasing difficulty", "increasingly difficult", "progressively harder",
    "progressively more difficult", "from easy to hard", "from easiest to hardest", "from easy to difficult",
    "follow these steps in order", "follow the steps in order", "follow the following steps in order",
    "do these steps in order", "do the following steps in order", "perform these steps in order",
    "complete these steps in order", "these steps in order:",
    "en función de las", "en función de los", "en fonction des deux", "en fonction des premières",
    "in base alle prime", "in base ai primi", "auf grundlage der ersten", "basierend auf den ersten",
    "com base nas primeiras", "com base nos primeiros", "a partir del resultado", "a partir de los resultados",
    "a partir de la respuesta", "à partir du résultat", "à partir des résultats", "à partir de la réponse",
    "ausgehend vom ergebnis", "ausgehend von der antwort", "ausgehend von den ersten", "à partir des deux premières",
    "à partir des deux premiers", "a partir de las dos primeras", "a partir de los dos primeros",
    "a partire dalle prime", "a partire dai primi",
    "a partir das duas primeiras", "a partir dos dois primeiros", "a partire dal risultato", "a partire dai risultati",
    "a partire dalla risposta", "a partir do resultado", "a partir dos resultados", "a partir da resposta",
    "после каждого",
    "nach jedem schritt", "después de cada", "après chaque", "dopo ogni", "depois de cada", "每一步",
    # es
    "luego usa", "después usa", "usa el resultado", "usando el resultado", "basado en el anterior",
    "basándote en la respuesta anterior", "basándote en el anterior", "a partir del anterior", "el día anterior",
    "se basa en el anterior", "después de eso",
    # fr
    "puis utilise", "utilise le résultat", "en utilisant le résultat", "en fonction du précédent",
    "basé sur le précédent", "basée sur la précédente", "à partir du précédent", "la veille",
    "le jour précédent", "s'appuie sur", "s'appuyant sur", "ensuite, utilise", "après cela",
    # de
    "dann verwende", "verwende das ergebnis", "mit dem ergebnis", "basierend auf dem vorherigen",
    "auf dem vorherigen", "vorherigen tag", "vortag", "baut auf", "aufbauend auf", "danach",
    # it
    "poi usa", "usa il risultato", "usando il risultato", "in base al precedente", "basandoti sul precedente",
    "giorno precedente", "si basa sul", "si basa sulla", "dopodiché",
    # pt
    "depois use", "use o resultado", "usando o resultado", "com base no anterior", "com base na anterior",
    "dia anterior", "se baseia no", "se baseia na", "depois disso",
    # ru
    "затем используй", "используй результат", "используя результат", "на основе предыдущ",
    "основываясь на предыдущ", "предыдущего дня", "предыдущий день", "опирается на", "после этого",
    # zh / ja / ko
    "然后用", "然后使用", "用上一步", "基于上一", "根据上一", "根据前面", "根据之前", "前一天", "在前一",
    "その結果を使", "結果を使って", "前の回答", "前日", "前の日", "그 결과를", "결과를 사용", "이전 답변", "전날",
)
_ORDERING_PHRASES = (
    # en
    "rank", "ranks", "ranked", "ranking", "rank them", "order them", "in order of", "ordered by", "order by",
    "alphabetical order", "chronological order", "reverse order", "order of importance", "order of preference",
    "in order from", "sort them", "sort these", "sort the", "sort by", "sorted by", "sort in", "sorted in",
    "sort alphabetically", "sort it", "from best to worst", "from worst to best", "from most to least",
    "from least to most", "from highest to lowest", "from lowest to highest", "from largest to smallest",
    "from smallest to largest", "prioritize", "prioritise", "prioritized", "prioritised",
    "in the order", "put them in order", "the order in which", "what order", "which order", "in what order",
    "in which order", "which is better",
    "which one is better", "which is best", "which one is best", "which is the best", "which of them",
    "which of these", "which one should", "choose the best", "pick the best", "select the best",
    "the best one", "best among", "better than the others", "top 3", "top 5", "top 10", "top three", "top five",
    "top ten", "top 20", "top twenty", "most important of", "which of those", "which one of",
    # es
    "ordena", "ordénalos", "ordénalas", "ordenar", "ordenados", "de mejor a peor", "de mayor a menor",
    "de menor a mayor", "cuál es mejor", "cuál es el mejor", "clasifícalos del", "el mejor de", "en qué orden",
    "cuál de estos", "cuál de estas", "cuál de ellos", "cuál de ellas",
    # fr
    "trie", "triez", "trier", "classe-les", "classez-les", "classer par", "du meilleur au pire",
    "par ordre", "dans quel ordre", "lequel est le meilleur", "laquelle est la meilleure", "lequel est meilleur",
    "lequel de ces", "laquelle de ces", "lesquels de ces", "du plus négatif", "du plus positif", "du plus important",
    "du moins important", "du plus au moins", "du moins au plus",
    # de
    # ("ordnen Sie sie einer Kategorie zu" assigns each item: only ordering by something is a dependency)
    "sortiere", "sortieren", "ordne sie nach", "ordnen sie sie nach", "ordne die", "der größe nach", "absteigend",
    "aufsteigend", "alphabetisch", "rangliste", "rangfolge", "reihenfolge",
    "vom besten zum schlechtesten", "in welcher reihenfolge", "welche ist besser", "welcher ist besser",
    "welches ist besser", "welcher dieser", "welche dieser", "welches dieser",
    # it
    "ordina", "ordinali", "ordinare", "classifica dal", "dal migliore al peggiore", "in che ordine",
    "quale è meglio", "qual è il migliore", "qual è meglio", "quale di queste", "quale di questi", "scegline una",
    "scegline uno",
    # pt
    "ordene", "ordená-los", "classifique do", "do melhor para o pior", "em que ordem", "qual é melhor",
    "qual é o melhor", "qual destes", "qual destas", "qual deles", "qual delas",
    # ru
    "отсортируй", "отсортировать", "упорядочи", "ранжируй", "расположи по", "от лучшего к худшему",
    "в каком порядке", "какой лучше", "какой из них",
    # zh / ja / ko
    "排序", "排名", "排列", "按顺序排", "从好到坏", "哪个更好", "哪個更好", "哪个最好", "並べ替え", "並び替え",
    "順位", "ランキング", "ランク付け", "順番に並べ", "どちらが良い", "どれが一番", "정렬", "순위", "순서대로",
    "어느 것이 더", "가장 좋은",
    # by count or size, in several languages ("classez les lignes dans l'ordre", "多い順に並べて")
    "dans l'ordre", "en orden de", "in ordine di", "der reihe nach", "多い順", "少ない順", "高い順", "順に並べ", "降順",
    "昇順", "从高到低", "从低到高", "从多到少", "从大到小", "由高到低", "由大到小",
    # grouping the items by similarity: each group depends on all the items ("cluster these keywords")
    "cluster the", "cluster these", "cluster them", "into clusters", "regroupe les", "regroupez les",
    "agrupa los", "agrupa las", "agrupe os", "agrupe as", "gruppiere die", "gruppieren sie die", "raggruppa i",
    "raggruppa le", "сгруппируй", "聚类", "クラスタリング", "グループ分け",
)
# Choosing among the items: one answer picks one of them ("identify the company with the highest profit"). Not a
# dependency when each item gets its own choice ("choose the right answer for each question").
_CHOICE_PHRASES = (
    "with the highest", "with the lowest", "with the largest", "with the smallest", "with the biggest",
    "with the most", "with the least", "with the best", "with the worst", "which would you choose",
    "which one would you", "which would you pick", "or someone else", "choose between", "choose one",
    "pick one", "select one", "decide between", "con mayores", "con el mayor", "con la mayor", "con más",
    "el que más", "la que más", "le plus élevé", "la plus élevée", "les plus élevés", "qui a le plus", "choisis entre",
    "mit dem höchsten", "mit der höchsten", "mit dem größten", "mit den meisten", "am meisten", "più elevato",
    "più elevata", "con il maggior", "con la maggior", "com o maior", "com a maior", "с наибольшим",
    "с наибольшей", "с самым", "哪一个", "哪一個", "哪一位", "哪个更", "哪個更", "哪一种", "どちら", "どれが一番",
    "最も利益", "選んで", "選び", "选出", "選出",
)
# Comparing the items against each other; not a dependency when a fixed pair is compared along listed
# dimensions ("compare the iPhone and the Pixel in terms of camera, battery and price").
_COMPARISON_PHRASES = (
    "compare", "compares", "compared", "comparing", "comparison", "contrast", "versus", "vs", "vs.",
    "difference between", "differences between", "similarities", "in common", "compara", "comparar",
    "comparación", "diferencia entre", "diferencias entre", "comparez", "comparer", "comparaison",
    "différence entre", "différences entre", "vergleiche", "vergleichen", "vergleich", "unterschied zwischen",
    "unterschiede zwischen", "confronta", "confrontare", "confronto", "differenza tra", "differenze tra",
    "comparação", "diferença entre", "diferenças entre", "сравни", "сравните", "сравнение",
    "разница между", "различия между", "чем отличается", "чем отличаются", "比较", "比較", "對比", "对比",
    "區別", "区别", "違いは", "비교", "차이점", "違い", "比起来", "比起來", "相比", "相比之下", "と比べ", "差异", "差異",
    "共通点", "共同点", "相同点", "一样吗", "一樣嗎", "同じ", "les différences", "different from each other",
    "differ from each other", "the same thing", "the same as", "similar to each other", "differences", "the difference",
)
_DIMENSION_PHRASES = (
    "in terms of", "regarding", "with respect to", "with regard to", "when it comes to", "on the basis of", "on both",
    "for both", "en cuanto a", "en términos de", "respecto a", "en termes de", "en ce qui concerne", "sur le plan de",
    "au niveau de", "pour ce qui est de", "hinsichtlich", "bezüglich", "in bezug auf", "im hinblick auf",
    "in termini di", "per quanto riguarda", "riguardo a", "em termos de", "quanto a", "em relação a",
    "no que diz respeito a", "с точки зрения", "в плане", "по критериям", "по параметрам",
)
# Tried only where one of its phrases (or "在", "の観点") starts in the lowercased text: searched over a whole long
# prompt, the engine tried its ~30 alternatives at every position (~4x the cost).
DIMENSION_CUE = StartNeedleRegex(re.compile(
    r"\b(?:" + "|".join(_DIMENSION_PHRASES) + r")\b|在(?=.{1,30}?[、，,].{1,40}?方面)|の観点で?", _I),
    (*_DIMENSION_PHRASES, "在", "の観点"))
# "compare the job ads of A and B, like their duties, tasks and requirements": the compared things' own facets listed
# after a comma open the dimensions as "in terms of" does ("their" points back at the compared items); so does a
# table of the facets ("A vs B, and show in a table the pros, cons and features": a row per facet).
# (Without "with"/"showing"/"listing", only a verb right before the table opens it: "show in a table the X, Y and Z",
# not "as a table the size of my screen" or "a table of the top 3 languages"; "with the help of" opens nothing.)
_THEIR_DIMENSIONS = re.compile(r"[,;][ \t]*(?:like|such as|including|especially)[ \t]+their[ \t]+|"
                               r"\b(?:in|into|as)[ \t]+a[ \t]+table[ \t]+(?:with|showing|listing)[ \t]+the[ \t]+"
                               r"(?!help\b)|"
                               r"\b(?:show|list|put|present|give|display)[ \t]+(?:me[ \t]+|us[ \t]+|them[ \t]+)?"
                               r"(?:in|into|as)[ \t]+a[ \t]+table[ \t]+the[ \t]+", _I)
_SENTENCE_END = re.compile(r"[.!?。！？\n]")


def their_dimensions(text: str, start: int) -> re.Match[str] | None:
    """ "Compare A and B, like their X, Y and Z", "A vs B in a table with the X, Y and Z": the compared things'
    facets opened in the sentence from `start` (the comparison's end), else None."""
    end = _SENTENCE_END.search(text, start)
    return _THEIR_DIMENSIONS.search(text, start, end.start() if end else len(text))

_PAIR_CONJUNCTIONS = r"(?:and|e|y|et|und|и|или|or|vs\.?|versus)"
_PAIR_THEN_COLON = re.compile(r"\S+\s+" + _PAIR_CONJUNCTIONS + r"\s+[^:：\n]{1,80}?[:：]\s*\S", _I)
# A match's conjunction, between blanks. A match has one right after the blanks after its first word, which it reads
# whole (`\S+\s+` gives nothing back: a conjunction starts with a letter), so a match from inside a word ends as the
# one from the word's start does and the leftmost one starts at `pos` or at the start of the word before one of these.
_PAIR_CONJUNCTION = re.compile(r"\s" + _PAIR_CONJUNCTIONS + r"(?=\s)", _I)


def pair_then_colon(text: str, pos: int = 0) -> re.Match[str] | None:
    """The first pair before a colon in text[pos:] ("compare A and B: price, speed"), as a search of its regex
    finds it: tried at `pos`, then from the start of the word before each conjunction after it (`_word_before`), not
    at every word (the engine ran `\\S+` to each word's end and back: ~2% of a ShareGPT prompt's instructions); a
    text without a colon from `pos` on is not searched (every match ends with one)."""
    if text.find(":", pos) < 0 and text.find("：", pos) < 0:
        return None
    match = _PAIR_THEN_COLON.match(text, pos)
    conjunctions = _PAIR_CONJUNCTION.finditer(text, pos)
    while match is None and (conjunction := next(conjunctions, None)) is not None:
        start = _word_before(text, conjunction.start(), pos)
        if start is not None:
            match = _PAIR_THEN_COLON.match(text, start)
    return match


def _word_before(text: str, end: int, pos: int) -> int | None:
    """The start of the word before the blanks before `end`, when it starts after `pos` (a match at `pos` is tried
    first), else None."""
    while end > pos and text[end - 1].isspace():
        end -= 1
    if end <= pos:
        return None
    while end > pos and not text[end - 1].isspace():
        end -= 1
    return end if end > pos else None


# The outputs refer to one another ("6 headlines that will be interlinked with each other on the site", "services
# that send each other status messages", "no two names can use the same word", characters who each know one of
# the other characters): each is written for the others. A property of each output ("fonts that complement each
# other" inside one pair) is no such link, nor people who "know each other" in the set-up (a team's members).
_MUTUAL_PHRASES = (
    "interlinked with each other", "interlinked to each other", "linked with each other", "linked to each other",
    "link to each other", "send each other", "talk to each other", "communicate with each other",
    "reference each other", "refer to each other", "interact with each other", "call each other",
    "one of the other characters", "the other characters in the list",
    "no two of them", "no two names", "no two ideas", "no two titles", "no two questions", "no two answers",
)
_CUMULATIVE_PHRASES = (
    "running total", "cumulative", "cumulatively", "add them up", "add up", "sum them", "the sum of",
    "total of all", "combined total", "grand total", "average of", "the average", "in total",
    "total acumulado", "acumulado", "suma total", "total cumulé", "cumul", "laufende summe", "kumulativ",
    "kumuliert", "insgesamt", "no total", "em total", "en total", "au total", "in totale", "всего",
    "totale cumulativo", "cumulativo", "totale progressivo", "нарастающим итогом",
    "накопительн", "в сумме", "累计", "累積", "累积", "总和", "總和", "合計", "累計", "누적", "합계",
)
_AGGREGATION_PHRASES = (
    "then summarize", "then summarise", "summarize them", "summarise them", "combine them", "combine the results",
    "combine the answers", "merge them", "merge the", "into one", "into a single", "put them together",
    "in a table", "as a table", "in one table", "overall", "a single list", "one list",
    "luego resume", "combínalos", "en una tabla", "puis résume", "combine-les", "dans un tableau",
    "dann fasse zusammen", "kombiniere", "in einer tabelle", "poi riassumi", "combinali", "in una tabella",
    "depois resuma", "combine-os", "em uma tabela", "numa tabela", "затем обобщи", "объедини", "в таблице",
    "在表格", "用表格", "然后总结", "汇总", "彙總", "表にして", "表形式", "표로",
)
# One artifact that must contain all the items: "write a story that includes the following words".
_JOINT = re.compile(
    r"\b(?:write|create|compose|make|generate|craft|draft|tell|give)\s+(?:me\s+|us\s+)?"
    r"(?:a|an|one|a single|a short|a brief|a long)\s+[^.?!\n:]{0,40}?"
    r"(?:\b(?:that|which)\s+(?:includes?|uses?|contains?|mentions?|features?|incorporates?|combines?)\b"
    r"|\b(?:including|incorporating|featuring|containing|combining|mentioning)\b"
    r"|\busing\s+(?:all|the following|these|each)\b|\bwith\s+(?:all|the following|these)\b"
    r"|\b(?:about|involving)\s+all\b)"
    r"|\b(?:escribe|crea|redacta|inventa)\s+(?:una?|un)\s+[^.?!\n:]{0,40}?\b(?:que\s+(?:incluya|contenga|use)|"
    r"con\s+(?:las|los|estas|estos)|usando)\b"
    r"|\b(?:écris|écrivez|rédige|crée|invente)\s+(?:une?|un)\s+[^.?!\n:]{0,40}?\b(?:qui\s+(?:inclut|contient|"
    r"utilise)|avec\s+(?:les|ces)|utilisant|contenant)\b"
    r"|\b(?:schreibe|schreib|erstelle|erfinde)\s+(?:eine?n?)\s+[^.?!\n:]{0,40}?\b(?:mit\s+(?:den|diesen|allen)|"
    r"die\s+\w+\s+enthält|der\s+\w+\s+enthält|das\s+\w+\s+enthält|unter verwendung)\b"
    r"|\b(?:scrivi|crea|inventa)\s+(?:una?|un)\s+[^.?!\n:]{0,40}?\b(?:che\s+(?:includa|contenga|usi)|"
    r"con\s+(?:le|i|queste|questi)|usando)\b"
    r"|\b(?:escreva|crie|invente)\s+(?:uma?|um)\s+[^.?!\n:]{0,40}?\b(?:que\s+(?:inclua|contenha|use)|"
    r"com\s+(?:as|os|estas|estes)|usando)\b"
    r"|\b(?:напиши|придумай|сочини|составь)\s+[^.?!\n:]{0,40}?\b(?:используя|со\s+следующими|с\s+этими|"
    r"включающ\w*|содержащ\w*)",
    _I,
)
# A counted set as the artifact ("create a set of 20 recipes that combine A and B", "a list of 10 names that include
# the word ..."): what follows describes each of the counted outputs, not one artifact holding all the items.
_COUNTED_SET = re.compile(r"\b(?:set|list|collection|batch|bunch|group|pack)\s+of\s+(?:\d{1,3}|two|three|four|five|"
                          r"six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|a\s+dozen)\s", _I)
# Distributive words that turn a "joint"-looking request back into one request per item.
_DISTRIBUTIVE = re.compile(
    r"\b(?:each|every|for each|per|respectively|separately|individually|cada|chaque|chacun|chacune|jede[nmsr]?|"
    r"ogni|ciascun[oa]?|каждо\w*|каждый|каждую)\b|每|各|それぞれ|각각",
    _I,
)
# "Read the text and then answer the questions": reading is how one answers, not an earlier step.
_ANSWER = (r"answer|respond|reply|responde|contesta|réponds|répondez|beantworte|antworte|rispondi|responda|"
           r"ответь|ответьте|回答|答えて|답하")
# (Possessive runs of whitespace, each before a token no whitespace starts: equivalent, and a long run of spaces or
# tabs is read once instead of given back one character at a time, which made such a run cost quadratic time. The
# runs before "and" or "then" are tried only where a run starts, `(?<!\s)`: from a later position of the same run
# the possessive run ends where it ended from the start, which the lazy gap tried first, so those tries fail alike;
# without, each of the 120 positions the gap may reach inside a long run read the rest of the run.)
_NOT_ANSWER = r"(?!\s*+,?\s*+(?:" + _ANSWER + r"))"
_FIRST_THEN = re.compile(
    r"\bfirst(?:ly)?\b[^.?!\n]{0,120}?(?:[.,;:\n]\s*+|(?<!\s)\s++and\s++|(?<!\s)\s++)(?:and\s++)?then\b"
    + _NOT_ANSWER
    + r"|\bprimero\b[^.?!\n]{0,120}?\b(?:luego|después)\b" + _NOT_ANSWER
    + r"|\bd'abord\b[^.?!\n]{0,120}?\b(?:puis|ensuite)\b" + _NOT_ANSWER
    + r"|\bzuerst\b[^.?!\n]{0,120}?\b(?:dann|danach)\b" + _NOT_ANSWER
    + r"|\bprima\b[^.?!\n]{0,120}?\bpoi\b" + _NOT_ANSWER
    + r"|\bprimeiro\b[^.?!\n]{0,120}?\b(?:depois|então)\b" + _NOT_ANSWER
    + r"|\bсначала\b[^.?!\n]{0,120}?\b(?:затем|потом)\b" + _NOT_ANSWER
    + r"|首先.{0,60}?然后" + _NOT_ANSWER + r"|まず.{0,60}?(?:次に|それから)" + _NOT_ANSWER + r"|먼저.{0,60}?그 다음" + _NOT_ANSWER,
    _I | re.DOTALL,
)
# Spanish and Portuguese "anterior" ("the previous one") follows its noun or article; after an English article or
# preposition it is the anatomical word ("the anterior deltoid", "exercises for anterior pelvic tilt").
_NOT_AFTER_ENGLISH = "".join(rf"(?<!\b{word} )" for word in (
    "the", "an", "for", "of", "and", "about", "with", "on", "in", "to", "its", "your", "my", "their", "left", "right"))
# "where each day builds on ...", "each one should follow the last": the cue words of an ordering between items.
_EACH_FOLLOWS = re.compile(
    r"\beach\s+(?:\w+\s+){0,3}?(?:builds?|follows?|continues?|depends?|relies?|leads?|refers?)\b"
    r"|\b(?:previous|preceding|prior|last)\s+(?:one|day|item|answer|step|part|chapter|paragraph|entry|line)\b"
    r"|\b(?:предыдущ\w*|précédent\w*|vorherig\w*|precedent[ei]|" + _NOT_AFTER_ENGLISH + r"anterior(?:es)?)\b"
    r"|上一个|上一個|前の",
    _I,
)


_PREVIOUS_FORMS = (
    "previous", "preceding", "prior", "last", "предыдущий", "предыдущая", "предыдущее", "предыдущие", "предыдущего",
    "предыдущей", "предыдущему", "предыдущую", "предыдущим", "предыдущем", "предыдущих", "предыдущими", "précédent",
    "précédente", "précédents", "précédentes", "vorherige", "vorherigen", "vorheriger", "vorheriges", "vorherigem",
    "precedente", "precedenti", "anterior", "anteriores")
# "If yes, then arrange them in a table", 'If the answer is "Yes", then stop': ", then" after a yes/no (or "if so")
# closes a condition on the user's reply, not a step that uses an earlier step's result.
_NOT_A_REPLY = r"(?<!\byes)(?<!\byes[\"'”’])(?<!\bno)(?<!\bno[\"'”’])(?<!\bif so)"
# The "then" cue's match starts a few characters before its trigger word (", then", "and then", "y luego").
_THEN_REACH = 16
# Where a match of the "then" cue starts: at the first letter of a word ("and then", "then" opening a line, "y luego",
# "et puis", "puis,", "und dann", "e poi", "e depois", "а затем", "и затем", "и потом"), at the comma or the full stop
# before "then", or at a CJK phrase.
_THEN_STARTS = re.compile(r"\b[aeptuyаи]|[,.!?然そ그]", _I)
_THEN_CUE = Cue(re.compile(
    r"(?:\band then\b|" + _NOT_A_REPLY + r",\s*then\b|(?:^|[.!?]\s+)then\b|\by luego\b|\bet puis\b|\bpuis,|"
    r"\bund dann\b|\be poi\b|\be depois\b|\bа затем\b|\bи затем\b|\bи потом\b|然后|その後|그 다음)"
    r"(?!\s*(?:,\s*)?(?:summari[sz]e|combine|merge|put them|resume|résume|fasse|riassumi|resuma|обобщи|"
    r"объедини|总结|汇总|まとめ|" + _ANSWER + r"))", _I | re.M),
    ("then", "luego", "puis", "dann", "poi", "depois", "затем", "потом"), cjk=("然后", "その後", "그 다음"),
    reach=_THEN_REACH, starts=_THEN_STARTS)
# The items become one text ("rewrite these bullet points as a paragraph").
_ONE_OUTPUT_PHRASES = (
    "as a paragraph", "into a paragraph", "into one paragraph", "as one paragraph", "as a single paragraph",
    "into a single paragraph", "in one paragraph", "in a single paragraph", "into a story", "into one story",
    "into an essay", "into a single text", "into one text", "as a single text", "into prose",
    "in one email", "in a single email", "in one reply", "in a single reply", "in one message", "in a single message",
    "in one letter", "in a single letter", "in one document", "in a single document",
    "en un párrafo", "en un solo párrafo", "en un solo texto", "en un paragraphe", "en un seul paragraphe",
    "in einen absatz", "in einem absatz", "in einen fließtext", "in un paragrafo", "in un unico paragrafo",
    "em um parágrafo", "num parágrafo", "в один абзац", "одним абзацем", "一段话", "一段文字", "一つの段落", "一つの文章",
)
COMPARISON = phrase_cue(_COMPARISON_PHRASES)
_ONE_OUTPUT = phrase_cue(_ONE_OUTPUT_PHRASES)
_CHOICE = phrase_cue(_CHOICE_PHRASES)
_AGGREGATION = phrase_cue(_AGGREGATION_PHRASES)
_JOINT_RU_VERBS = ("напиши", "придумай", "сочини", "составь")
# (the companions: a word every match of `_JOINT` holds whole after its verb, in the words its branch ends with
# ("includes", "with the following", "con las"); the Russian branch ends with a word's start, so its verbs stand in)
_JOINT_CUE = Cue(_JOINT, ("write", "create", "compose", "make", "generate", "craft", "draft", "tell", "give",
                          "escribe", "crea", "redacta", "inventa", "écris", "écrivez", "rédige", "crée", "invente",
                          "schreibe", "schreib", "erstelle", "erfinde", "scrivi", "escreva", "crie", *_JOINT_RU_VERBS),
                 companions=(
                     "include", "includes", "use", "uses", "contain", "contains", "mention", "mentions", "feature",
                     "features", "incorporate", "incorporates", "combine", "combines", "including", "incorporating",
                     "featuring", "containing", "combining", "mentioning", "using", "all", "following", "these",
                     "incluya", "contenga", "las", "los", "estas", "estos", "usando", "inclut", "contient",
                     "utilise", "les", "ces", "utilisant", "contenant", "den", "diesen", "allen", "enthält",
                     "verwendung", "includa", "usi", "le", "i", "queste", "questi", "inclua", "contenha", "as", "os",
                     "estes", *_JOINT_RU_VERBS))


# Words inside an item that point at another part: such a list is a sequence of steps, not independent items (nor
# are a patent's claims: "2. The holder according to claim 1, made of brass.").
_REFERENCE = phrase_cue((
    "use the result", "using the result", "use that result", "use the output", "using the output", "use the answer",
    "using the answer", "use your answer", "using your answer", "based on the previous", "based on the result",
    "based on the results", "based on your answer", "the result of step", "the results of step",
    "the output of step", "from step", "previous step", "previous answer", "previous result", "previous response",
    "the one before", "refer back to", "according to claim", "as claimed in claim", "as recited in claim",
    "as defined in claim", "usa el resultado", "el paso anterior", "la respuesta anterior",
    "utilise le résultat", "l'étape précédente", "la réponse précédente", "verwende das ergebnis",
    "vorherigen schritt", "aus schritt", "usa il risultato", "passo precedente", "use o resultado", "passo anterior",
    "используй результат", "предыдущего шага", "上一步", "前一步", "根据上面", "前のステップ", "이전 단계",
))


# "5 words whose letters are in alphabetical order", "sort the letters of each word": the order is of the letters
# (digits, characters) inside each item, a property of each output, not an order between the items.
_PARTS_OF_AN_ITEM = r"(?:letters|characters|digits|syllables|letras|caracteres|dígitos|lettres|chiffres|buchstaben|" \
                    r"ziffern|lettere|cifre|буквы|цифры)"
_PARTS_BEFORE = re.compile(r"\b" + _PARTS_OF_AN_ITEM + r"\b[^.?!\n]{0,30}?\b(?:in|are|is|be)\s+$", _I)
_PARTS_AFTER = re.compile(r"\s+(?:the\s+)?" + _PARTS_OF_AN_ITEM + r"\b", _I)


# "Explain X to a child, then to a professor", "…\n\nAnd then,\n\nExplain to a student": "then" turning the explanation
# asked before to another audience (named, or blanked as an item) asks for no earlier answer.
# (`AUDIENCE_TURN` and `AUDIENCE_START` are shared with `rules.inline.from_audiences`, which reads the audiences.)
# "then (explain it) to": the turn of one explanation to the next audience, after "then"
AUDIENCE_TURN = r"(?:(?:explain|describe)\b(?:[ \t]+(?:it|this|that))?[ \t]+)?(?:to|for)"
AUDIENCE_START = r"(?:an?|my|your|someone|somebody)\b"
_EXPLAINED_TO = re.compile(r"\b(?:explain|describe)\b[^.?!]{0,150}?\s(?:to|for)\s", _I)
_TO_ANOTHER_AUDIENCE = re.compile(
    r"[\s,]*" + AUDIENCE_TURN + r"(?:[ \t]+" + AUDIENCE_START + r"|[ \t]{2}|[ \t]*$)", _I)


def _to_another_audience(text: str, match: re.Match[str]) -> bool:
    """Whether a "then" cue only turns an explanation asked before it to another audience."""
    return (_TO_ANOTHER_AUDIENCE.match(text, match.end()) is not None
            and _EXPLAINED_TO.search(text, 0, match.start() + 1) is not None)


# "10 more ideas not in your previous answer", "5 slogans in the tone of the last answer": the answer a later turn of a
# conversation points at is the assistant's, given before this prompt; every part may read it (shared context) and
# none waits on another. Unless the prompt uses it as a step's input ("using your previous answer, find ...").
_GIVEN_ANSWER = re.compile(r"(?:previous|prior|last)\s+(?:answer|response)", _I)
_ANSWER_OWNER = re.compile(r"\b(?:your|the)\s+\Z", _I)
_ANSWER_AS_INPUT = re.compile(r"\b(?:use|uses|using|based\s+on|from|according\s+to|builds?\s+on|building\s+on|"
                              r"with|after)\b[^.?!\n]{0,20}\Z", _I)
_OWNER_REACH, _INPUT_REACH = 6, 40


def _answer_given_before(text: str, match: re.Match[str]) -> bool:
    """Whether a sequence cue is "your/the previous (or last) answer/response" of the conversation, read as what it
    says (not as the input of a step: "using your previous answer")."""
    start = match.start()
    return (_GIVEN_ANSWER.fullmatch(match.group(0)) is not None
            and _ANSWER_OWNER.search(text[max(0, start - _OWNER_REACH):start]) is not None
            and _ANSWER_AS_INPUT.search(text[max(0, start - _INPUT_REACH):start]) is None)


# "what is the average temperature during the day, at night and overall": "the average <quantity>" names what is
# asked in each listed setting (one average per setting); the average of the items is "the average (...) of" them or
# "the average" alone.
_NAMED_MEASURE = re.compile(r"\s+(?!(?:of|is|was|are|were|will|would|should|for|from|over|across)\b)[^\W\d_][\w-]*\b"
                            r"(?!(?:\s+[\w-]+)?\s+(?:of|over|across)\b)", _I)


def _names_a_measure(text: str, match: re.Match[str]) -> bool:
    """Whether a cumulative cue is "the average" naming a quantity ("the average rainfall"), not "the average of"."""
    return match.group(0).casefold() == "the average" and _NAMED_MEASURE.match(text, match.end()) is not None


def _orders_no_items(text: str, match: re.Match[str]) -> bool:
    """Whether an ordering cue orders the parts of each item (its letters or digits) rather than the items, or keeps
    the order the prompt gives them ("keys in the order given", "answers in the order listed"): the order of the
    answers' presentation, which joining the parts in their order keeps, not one the parts depend on."""
    return (_PARTS_AFTER.match(text, match.end()) is not None
            or _PARTS_BEFORE.search(text, max(0, match.start() - 60), match.start()) is not None
            or match.group(0).casefold() == "in the order" and _AS_GIVEN.match(text, match.end()) is not None
            or _picks_each_answer(text, match))


def _picks_each_answer(text: str, match: re.Match[str]) -> bool:
    """ "choose the best answer (A, B, C or D) for each question": a quiz's choice within each question, not one
    among the items ("pick the best option" alone picks one of them)."""
    if match.group(0).casefold() not in _BEST_PICKS or (picked := _PICKED.match(text, match.end())) is None:
        return False
    return _DISTRIBUTIVE.search(text, picked.end(), picked.end() + _PICK_REACH) is not None


_BEST_PICKS = frozenset({"choose the best", "pick the best", "select the best"})
_PICKED = re.compile(r"\s+(answers?|options?|choices?|alternatives?)\b", _I)
_PICK_REACH = 40  # "the best option (A, B, C or D) for each question"


_AS_GIVEN = re.compile(r"\s+(?:given|listed|shown|provided|above|below|of\s+appearance|(?:they|the\s+\w+)\s+"
                       r"(?:appear|are\s+(?:given|listed|asked)|were\s+(?:given|listed|asked)))\b", _I)


# Each kind: its rule, its cue, what it means, and when a match of the cue is no such dependency (None: never).
_DEPENDENT_KINDS: tuple[tuple[str, Cue, str, Callable[[str, re.Match[str]], bool] | None], ...] = (
    ("dependency.sequence", phrase_cue(_SEQUENCE_PHRASES), "a later part uses an earlier part's result",
     _answer_given_before),
    ("dependency.sequence", Cue(_EACH_FOLLOWS, ("each", *_PREVIOUS_FORMS), cjk=("上一个", "上一個", "前の")),
     "each part builds on the one before", _answer_given_before),
    ("dependency.sequence", Cue(_FIRST_THEN, ("first", "firstly", "primero", "abord", "zuerst", "prima",
                                              "primeiro", "сначала"), cjk=("首先", "まず", "먼저"), reach=2),
     "steps in a fixed order (first ... then)", None),
    ("dependency.ordering", phrase_cue(_ORDERING_PHRASES), "items are sorted, ranked or compared",
     _orders_no_items),
    ("dependency.sequence", phrase_cue(_MUTUAL_PHRASES), "the parts refer to one another", None),
    ("dependency.cumulative", phrase_cue(_CUMULATIVE_PHRASES), "a running total or sum over the items",
     _names_a_measure),
    ("dependency.sequence", _THEN_CUE, "a later step follows an earlier one (and then ...)",
     _to_another_audience),
)


# (every cue `detect_dependency` searches: it narrows the prompt's probe to them once)
_CUES = CueGroup((*(cue for _, cue, _, _ in _DEPENDENT_KINDS), _CHOICE, COMPARISON, _JOINT_CUE, _ONE_OUTPUT,
                  _AGGREGATION))


def item_references(text: str, found: Probe | None = None) -> list[Reason]:
    """Explicit references to another part ("use the result of step 1", "the lie in question 1") in `text`, where only
    the items are left (`found`: its probe, when the caller has one)."""
    match = _REFERENCE.search(text, found or probe(text)) or _NUMBERED_REFERENCE.search(text)
    if match is None:
        return []
    return [Reason("dependency.reference", f"an item refers to another part: “{match.group(0)}”", match.span())]


# An item naming another by its number ("... using your answer to question 1", "враховуючи відповідь на питання 1"):
# it cannot be answered before that one. (A bare "Q3" is as often a quarter: `items_in_order` reads it.)
_NUMBERED_REFERENCE = re.compile(
    r"\b(?:from|in|to|of|on|for|using|see)[ \t]+(?:the[ \t]+)?(?:question|step|task|exercise)[ \t]*#?\d{1,2}\b|"
    r"\b(?:відповід\w*|ответ\w*)[ \t]+(?:на|к|из)[ \t]+(?:питання|вопрос\w*)[ \t]*№?[ \t]*\d{1,2}", re.IGNORECASE)
# An item opening with "then" ("1. translate the paragraph\n2. then shorten your translation"): the step after the one
# before it, not a part of its own.
_THEN_OPENING = re.compile(
    r"[ \t]*(?:(?:and|y|et|und|e|а|и)[ \t]+)?(?:then|afterwards|after[ \t]+that|luego|puis|ensuite|dann|danach|"
    r"em[ \t]+seguida|depois[ \t]+disso|poi|dopodiché|затем|потом|после[ \t]+этого)\b", re.IGNORECASE)
_Q_REFERENCE = re.compile(r"\b(?:from|in|to|of|on|for|using|see)[ \t]+Q[ \t]*(\d{1,2})\b", re.IGNORECASE)
_Q_LABEL = re.compile(r"[ \t]*Q\.?[ \t]*(\d{1,2})\b", re.IGNORECASE)  # the label a line opens with: "Q2 Why ...?"


def items_in_order(prompt: str, item_spans: list[tuple[int, int]], *, material: bool = False) -> list[Reason]:
    """Items that must come in order: one after the first opening with "then" (`_THEN_OPENING`; not when the items
    are `material` a per-item task reads, such as sentences to translate: "- Luego fuimos al cine."), or one naming
    another by the "Q<n>" label another item's line opens with ("Q2 Why do you think the character from Q1 lied?";
    with no such item, "in Q3" is a quarter, whatever a title line says: "Q3 Sales Summary")."""
    spans = sorted(item_spans)
    for start, end in [] if material else spans[1:]:
        match = _THEN_OPENING.match(prompt, start, end)
        if match is not None:
            return [Reason("dependency.sequence", f"an item follows the one before: “{match.group(0).strip()}”",
                           match.span())]
    labels: set[str] | None = None  # (the "Q<n>" labels of the items' lines, read at the first reference)
    for start, end in spans:
        for match in _Q_REFERENCE.finditer(prompt, start, end):
            if labels is None:
                labels = {label.group(1) for item_start, _ in spans
                          if (label := _Q_LABEL.match(prompt, prompt.rfind("\n", 0, item_start) + 1)) is not None}
            if match.group(1) in labels:
                return [Reason("dependency.reference", f"an item refers to another part: “{match.group(0)}”",
                               match.span())]
    return []


# The asker saying what they are doing ("I'm comparing flats, please grab ... from this listing", "i'm building a
# comparison table, can u grab ..."): their own comparison, not one asked of the items.
_ASKER_NOW = r"(?:just\s+|currently\s+|still\s+|now\s+)?"
_ASKER_IS = re.compile(r"\b(?:i['’]m|i\s+am|we['’]re|we\s+are|i\s+was|we\s+were|i['’]ve\s+been|we['’]ve\s+been)"
                       r"\s+" + _ASKER_NOW + r"(?:(?:making|building|doing|putting\s+together|"
                       r"creating|filling\s+in|updating)\s+(?:a|an|my|our)\s+)?$", _I)
_ASKER_REACH = 30
# ... typed without its apostrophe ("im comparing a few"): only before the English verb, where "im" is no German "in
# the" ("im Vergleich").
_ASKER_IM = re.compile(r"\bim\s+" + _ASKER_NOW + "$", _I)
# The asker choosing among the outputs afterwards ("write 3 intros so I can pick one"): the outputs are independent.
_ASKER_CHOOSES = re.compile(r"\b(?:so\s+(?:that\s+)?(?:i|we)\s+can|for\s+(?:me|us)\s+to|(?:i|we)(?:['’]ll|\s+will|"
                            r"\s+can|\s+could)|let\s+me)\s+$", _I)


# Outputs asked to differ ("Make them feel different from each other", "they should all be different from each
# other"): a constraint on each version, which a branch told it writes one of several versions keeps; not a question
# of how given things differ ("how are X and Y different from each other?").
_KEPT_APART = re.compile(r"\b(?:(?:make|keep)\s+(?:them|these|those|each(?:\s+one)?|all\s+of\s+them)"
                         r"(?:\s+(?:all|feel|sound|look|read|really|very|quite|clearly))*|(?:should|must|need\s+to)"
                         r"\s+(?:all\s+)?(?:be|feel|sound|look|read)(?:\s+(?:really|very|quite|clearly))?)\s+$", _I)
_KEPT_APART_PHRASES = frozenset({"different from each other", "differ from each other"})


def _kept_apart(text: str, comparison: re.Match[str]) -> bool:
    return (comparison.group(0).casefold() in _KEPT_APART_PHRASES
            and _KEPT_APART.search(text, max(0, comparison.start() - _ASKER_REACH), comparison.start()) is not None)


def detect_dependency(text: str, found: Probe | None = None) -> tuple[str, list[Reason]]:
    """Classify `text` as "none", "dependent" or "needs_aggregation"; the reasons carry the matched spans.
    `found` is the prompt's `probe` when the caller already has it."""
    found = _CUES.narrowed(found or probe(text))
    reasons: list[Reason] = []
    for rule, cue, message, exempt in _DEPENDENT_KINDS:
        match = cue.search(text, found)
        while match and exempt is not None and exempt(text, match):
            match = cue.search(text, found, match.end())
        if match:
            reasons.append(Reason(rule, f"{message}: “{match.group(0).strip()}”", match.span()))
    choice = _CHOICE.search(text, found)
    while choice and _ASKER_CHOOSES.search(text, max(0, choice.start() - _ASKER_REACH), choice.start()):
        choice = _CHOICE.search(text, found, choice.end())
    if choice and not _DISTRIBUTIVE.search(text):
        reasons.append(Reason("dependency.ordering", f"one of the items is chosen: “{choice.group(0)}”",
                              choice.span()))
    comparison = COMPARISON.search(text, found)
    while comparison and (_ASKER_IS.search(text, max(0, comparison.start() - _ASKER_REACH), comparison.start())
                          or comparison.group(0).casefold() == "comparing" and _ASKER_IM.search(
                              text, max(0, comparison.start() - _ASKER_REACH), comparison.start())
                          or _kept_apart(text, comparison)):
        comparison = COMPARISON.search(text, found, comparison.end())
    if comparison and not (DIMENSION_CUE.search(text, found=found)
                           or pair_then_colon(text, comparison.start())
                           or their_dimensions(text, comparison.end()) is not None):
        reasons.append(Reason("dependency.ordering", f"items are compared with each other: “{comparison.group(0)}”",
                              comparison.span()))
    joint = _JOINT_CUE.search(text, found)
    while joint and _COUNTED_SET.search(joint.group(0)):
        joint = _JOINT_CUE.search(text, found, joint.end())
    joint = joint or _ONE_OUTPUT.search(text, found)
    if joint and not _DISTRIBUTIVE.search(text):
        reasons.append(Reason("dependency.joint", "one answer must use all the items together", joint.span()))
    if reasons:
        return "dependent", reasons
    aggregation = _AGGREGATION.search(text, found)
    if aggregation:
        return "needs_aggregation", [Reason(
            "dependency.aggregation", f"parts are independent but the answer combines them: “{aggregation.group(0)}”",
            aggregation.span())]
    return "none", []
