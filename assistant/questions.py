"""What a question asks: its parts, their key terms and weights, and the kind of answer wanted.

A question such as « Pourquoi la CNIL a-t-elle limité l'autorisation, et quand
la procédure UGAP s'est-elle ouverte ? » has two parts, each answered by its own
sentence. Each part is a list of *concepts*: a French word is one stem; an
English word is its own stem plus the stems of its usual French equivalents
(``language.GLOSSARY``), so « hosted » matches « hébergées ». A concept weighs
its inverse document frequency: rare words say more about what is asked.

The answer type (a duration, a date, an amount, a count) lets the composer
prefer sentences that hold one, and abstain when none does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from core.text import STOPWORDS, analyze, fold

from .language import (
    GLOSSARY,
    Language,
    described_names,
    french_equivalents,
    french_equivalents_about,
    french_name,
    french_synonyms,
    phrasal_equivalents,
)
from .opinions import readers_names
from .word_forms import lemma_stems

# Words that say what is asked, not what it is about.
QUESTION_WORDS = frozenset(
    """
    combien quel quelle quels quelles qui ki quoi quand comment pourquoi lequel laquelle lesquels
    ou est-ce what which who whom whose when where why how long many much does did is are was
    were do has have had will would can could should according selon document documents
    indexes indexed indique vraiment actually exactly exactement usually he she his her him
    hers himself herself whats over among regarding upon via
    """.split()
)
# An English negation decides a yes or no; it is not a term ("not" would match « note »).
_NEGATIONS = frozenset({"not", "no", "never", "nor"})
# « le gars de Leviia », « le mec de l'ANSSI »: someone who speaks for that body
_SOMEONE = r"\b(?:gars|mecs?|meufs?)\b"
# The spoken frame of a question, not what it is about: « ça veut dire quoi », « c'est quoi au
# juste », « il s'appelle comment », « c'était quand déjà ? », "in the first place". Asked
# loosely, a question otherwise weighs these words (unknown to the corpus, so heavy) as what the
# answer must hold.
_FRAME = re.compile(
    r"\b(?:(?:[çc]a|cela|ce que) )?veu(?:t|lent) dire\b|\bau juste\b|\bc'?est koi\b|\bc koi\b"
    r"|\bkoi\b|\bcest\b|\bconcr[èe]tement\b|\ben gros\b|\bs(?:vp|tp)\b|\bdites-moi\b"
    # the fillers of spoken French (« du coup », « ce truc », « le machin »): no term
    r"|\bdu coup\b|\b(?:trucs?|machins?|bidules?)\b|\bwesh\b"
    # « ce fameux entrepôt », "this famous warehouse": what everybody talks of, no term
    r"|\b(?:ce|cet|cette|ces|le|la|les|this|that|these|those|the)\s+(?:fameu(?:x|se|ses)"
    r"|famous|infamous|notorious|so-called)\b"
    # « ok et le 2e arrêt il a invalidé quoi ? », "okay so who …": an acknowledgement
    r"|^\W*(?:ok|okay|ouais|d'accord)\b"
    # « le gars de Leviia », « le mec de l'ANSSI »: someone of that body (``_SOMEONE_OF``)
    r"|" + _SOMEONE +
    # « comment je fais pour m'opposer ? »: how to, no term of its own
    r"|\bcomment (?:je|on|j'|tu) (?:fais|fait|peux|peut|dois|doit)(?: pour)?\b"
    r"|\b(?:comment )?(?:il |elle |ils |elles )?s['’]appel+(?:e|ent|ait)\b(?: comment\b)?"
    r"|\bd[ée]j[àa](?=\s*\?*\s*$|\s*,)|\bin the first place\b|\bso far\b"
    # "What is SecNumCloud, in plain words?": how to tell it, not what it holds
    r"|\bin (?:plain|simple|layman's|lay) (?:terms|english|words)\b|\bin a nutshell\b"
    # « ça prend combien de temps »: time taken, not « prendre » (chosen)
    r"|\b(?:[çc]a |cela )?pren(?:d|nent|ait|dra)(?= (?:combien de temps|du temps|longtemps|\d+|quelques))"
    # « c'est quoi (comme) », « c quoi », « de quoi s'agit-il », « qu'entend-on par », « quoi
    # de neuf », « les dernières infos »: what is asked (a definition, the latest state), not
    # what the answer holds
    r"|\b(?:c['’]?\s?est|ces|c)\s+(?:quoi|koi)(?:\s+comme)?\b"
    r"|\bde\s+quoi\s+(?:s['’]agit-il|il\s+s['’]agit)\b|\bil\s+s['’]agit\s+de\s+quoi\b"
    r"|\bqu['’]entend-on\s+par\b|\bqu['’]est[- ]ce\s+qu['’]on\s+entend\s+par\b"
    r"|\bquoi\s+de\s+neuf\b|\bderni[èe]res?\s+(?:infos?|informations?|nouvelles)(?:\s+connues?)?\b"
    # « ça a abouti à quoi », « qu'est-ce que ça a donné », « comment ça s'est terminé », "what
    # came of it", "how did it turn out": asking what came of it (an outcome), not its terms
    r"|\b(?:[çc]a|cela)\s+(?:a|ont)\s+(?:abouti|donn[ée])(?:\s+[àa])?(?:\s+quoi)?\b"
    r"|\b(?:il|elle|ils|elles)\s+(?:a|ont)\s+abouti(?:\s+[àa]\s+quoi)?\b"
    r"|\bqu['’](?:a|ont)[- ](?:t-)?(?:il|elle|ils|elles)?\s*(?:abouti|donn[ée])\b|\baboutir\b"
    r"|\bs['’]est\s+(?:termin|fini|conclu|sold)[ée]?e?s?\b|\bwhat came of\b|\bturn(?:ed)?\s+out\b"
    # "what does the name EMC2 actually refer to?", "what does HDS stand for?": a definition
    r"|\brefer(?:s|red)?\s+to(?=\s*\?*\s*$)|\bstands?\s+for(?=\s*\?*\s*$)"
    r"|\bthe\s+(?:name|term|acronym|abbreviation)\b(?=\s+\S+\s+(?:\w+\s+)?(?:refer|stand|mean))"
    # "Sales engineer here: …", "DPO here, …": who asks, not what
    r"|^[^:?,.]{2,40}?\bhere\s*[:,.]",
    re.IGNORECASE,
)
# English question words whose French equivalent is worth searching (not a concept to match).
_SEARCHED_QUESTION_WORDS = frozenset({"long", "why", "many", "much"})
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c|m|t|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

_NUMBER_WORDS = (
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente"
    r"|cent|mille|one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand"
)
# Patterns an answer of each type holds (matched against folded text).
ANSWER_PATTERNS = {
    "duration": re.compile(
        rf"\b(\d+|{_NUMBER_WORDS})(\s+(a|à)\s+(\d+|{_NUMBER_WORDS}|[\w-]+))?\s+(ans?|annees?"
        r"|mois|semaines?|jours?|heures?|years?|months?|weeks?|days?)\b"
    ),
    "date": re.compile(
        r"\b(1[89]|20)\d{2}\b|\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
        r"|octobre|novembre|decembre|january|february|march|april|may|june|july|august"
        r"|september|october|november|december)\b"
    ),
    "count": re.compile(rf"\d|\b({_NUMBER_WORDS})\b|\bmillions?\b|\bmilliards?\b"),
    "money": re.compile(r"€|\beuros?\b|\$|\bdollars?\b"),
    "reason": re.compile(
        r"\b(afin|parce|car|raison|raisons|motif|motifs|faute|puisqu|laisser|permettre|pour ne pas"
        r"|pour que|en raison|estime|considere|au motif|faute de|because|since|due to|in order"
        r"|so that)\b"
    ),
}
ANSWER_PATTERNS["place"] = re.compile(
    r"\b(france|francais|territoire|pays|europe|europeen|europeenne|union europeenne"
    r"|espace economique europeen|eee|etats-unis|irlande|allemagne|hors de|situes? en"
    r"|centres? de donnees|localisation|heberge(e|es|s)? (en|dans|sur))\b"
)
# Types whose pattern only adds a bonus: a reason or a place can be worded in too many ways to
# require one; an "entity" question (who, which...) rewards sentences that name something new.
SOFT_TYPES = frozenset({"reason", "place", "entity"})
_TYPES = (
    ("money", re.compile(
        r"\b(prix|cout|coute|coutent|couter|tarif|tarifs|montant|budget|somme|facture"
        r"|price|prices|cost|costs|fee|fees|budget|how much does|how much did|how much will"
        r"|how much is|how much was)\b"
        r"|\bfor how much\b(?!\s+\w)"  # "For how much?": a price (not "for how much longer")
    )),
    ("duration", re.compile(
        r"\b(combien de temps|pendant combien|quelle duree|quel delai|duree|how long|what duration"
        r"|duration"
        r"|how many years|how many months|how many days|how many weeks"
        r"|combien d'(?:annees|ans)|combien de (?:mois|jours|semaines)"
        # « le délai pour prévenir le client, c'est combien ? »: how long, not how many
        r"|(?:delai|duree|periode)\b[^?]{0,120}\bcombien(?! d)|combien(?! d)\b[^?]{0,20}\b(?:delai|duree)"
        # « la procédure dure combien ? », « ça a duré combien ? »
        r"|(?:dure|durent|durait|duraient|durer|durera) combien(?! d))\b"
    )),
    ("date", re.compile(
        # (« la date de naissance », "date of birth": a personal datum, not a date asked)
        r"\b(quand(?! on (?:parle|dit|evoque|entend|lit)\b)(?! meme\b)|quelle date"
        r"|date(?! de naissance\b| of birth\b)|de quand"
        r"|(?:a |on )?(?:quelles|what|which) dates"
        r"|jusqu'a quand|en quelle annee|quel jour|quel mois|(?:a )?quelle heure|when|what year"
        r"|which year|on what day|until when|at what hour"
        r"|(?:at )?what time(?!\s*(?:of|frame|period|span|limit|scale|line|window)))\b"
    )),
    ("count", re.compile(
        # « the NOR number of the law », "the number of the decree": its identifier, no count
        # "the case number of Latombe's appeal": a reference, no count
        r"\b(combien d|combien de|nombre de|how many"
        r"|(?<!case )(?<!reference )(?<!ecli )(?<!nor )(?<!docket )(?<!file )"
        r"number of(?! (?:the|this|that|its)\b)"
        r"|quels seuils|what thresholds"
        r"|which thresholds|quel seuil|what percentage|quel pourcentage|what stake"
        r"|quelle part (?:maximale |exacte |max )?du capital|what share of (?:the )?capital)\b"
    )),
    ("reason", re.compile(r"\b(pourquoi|pour quelles? raisons?|pk|pq|why|for what reasons?"
                          r"|on what grounds|how come|what led)\b")),
    ("place", re.compile(
        r"\b(ou sont|ou est|dans quel pays|quel pays|quels pays|where|which country|what country"
        r"|in which country|localisation|quel endroit)\b"
    )),
    ("entity", re.compile(
        r"\b(qui|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|who|whom|which"
        r"|what)\b"
    )),
)
_SPLIT = {
    "fr": re.compile(
        r"(?:,?\s+et|\s+\+)\s+"
        r"(?:(?:environ|a peu pres|aussi|egalement|ensuite|puis|exactement|precisement)\s+)?"
        r"(?=(?:quel|quelle|quels|quelles|qui|quand(?! meme\b)|ou|comment|pourquoi|combien"
        r"|a quelle|a quel|de quand|depuis quand|sur quel|dans quel|en quelle|que"
        r"|pour (?:quel|quelle|combien)|avec (?:quel|quelle)|par (?:quel|quelle)"
        r"|(?:sous|selon|devant|aupres de|chez|contre|vers|a partir de|jusqu'a) (?:quel|quelle"
        r"|quels|quelles|qui)|(?:c'est |ce sont )?(?:lesquels|lesquelles))\b)"
        # « … une autorisation de la CNIL ? Sur quel fondement de la loi ? »: a question of
        # its own after the first one's question mark
        r"|\?+\s+(?=(?:(?:sur|dans|par|pour|avec|a|de|en|sous|selon|depuis|jusqu'a)\s+)?"
        r"(?:quel|quelle|quels|quelles|qui|quand|comment|pourquoi|combien)\b[^?]*\?\s*$)"
        # « Qui a signé l'article, et il est paru à quelle heure ? »: a pronoun, then the
        # question word at the end of the clause
        r"|,\s+et\s+(?=(?:il|elle|ils|elles|on)\s[^,?]{3,40}?\s(?:a quelle|a quel|quand|combien"
        r"|quel|quelle|quels|quelles)\b[^,]*\?)"
        # « le jalon J0 ça correspond à quoi, et Bleu l'a obtenu quand ? »: a clause of its own
        # whose question word closes it
        r"|(?:,|\s*\?+)\s+et\s+(?=[^,?]{3,50}?\s(?:quand|combien|pourquoi|comment|ou|qui|quoi)\s*\?+\s*$)"
        # « … a été adoptée quand et publiée au JO quand ? »: each clause closed by its own
        # question word
        r"|(?:(?<=\squand)|(?<=\scombien)|(?<=\sou)|(?<=\squi))\s+et\s+"
        r"(?=[^,?]{3,50}?\s(?:quand|combien|ou|qui)\s*\?+\s*$)"
    ),
    "en": re.compile(
        # (« + » typed for "and": "full name + when signed?")
        r"(?:,?\s+and|\s+\+)\s+(?:(?:roughly|approximately|about|exactly|precisely|also|then|just)\s+)?"
        r"(?=(?:which|what|when|who|where|how|why|whom|on what|in what|at what"
        r"|since when|until when|from when|by when|over how|for how|to whom|by whom"
        r"|for what|with which|by which|under which|through which|through what|in which"
        r"|from which|before which|on which)\b)"
        r"|\?+\s+(?=(?:(?:on|in|under|by|for|with|from|to|at|since|until)\s+)?"
        r"(?:which|what|when|who|how|why|whom)\b[^?]*\?\s*$)"
        # "When did the CNIL authorise it, and was it challenged?": a yes / no of its own
        r"|,\s+and\s+(?=(?:was|were|did|does|do|is|are|has|have|had)\s+(?:it|they|he|she|this"
        r"|that|there)\b)"
    ),
}
# The answer types a short second part asks on its own, and the kind they make it.
_TYPE_KINDS = {"money": "money", "date": "when", "count": "count", "duration": "duration"}
_OWN_TYPES = frozenset(_TYPE_KINDS)
# The words that only name such a type (« montant », "worth"), not something asked about.
_TYPE_NOUNS = frozenset(analyze(
    "montant prix coût somme valeur worth cost amount price date jour année durée temps"
    " période délai period time long much"))
# A part that is only a question word (« …, et pourquoi ? », "…, and when?"): its kind.
_BARE_ASK = {"pourquoi": "why", "pk": "why", "pq": "why", "why": "why", "quand": "when",
             "when": "when", "depuis quand": "when", "since when": "when",
             # « Combien d'établissements alimentent EMC2, et lesquels ? »: name them
             **dict.fromkeys(("lesquels", "lesquelles", "c'est lesquels", "c'est lesquelles",
                              "ce sont lesquels", "ce sont lesquelles", "lesquels sont-ils",
                              "which ones", "which ones are they", "which are they"), "list")}
# Two question words opening the question together (folded): « quand et pourquoi », "when and
# in what setting", "who and when".
_PAIRED_WH = re.compile(
    r"^\s*(quand|when|qui|who|pourquoi|why|comment|how|ou|where)\s+(?:et|and)\s+"
    r"(quand|when|pourquoi|why|comment|how|ou|where|par qui|by whom|qui|who"
    r"|(?:in|on|under|dans|sous|a|en) (?:what|which|quel|quelle|quels|quelles) [^\W\d_]+)\b")
_YES_NO = {
    "fr": re.compile(r"^(est-ce|y a-t-il|peut-on|faut-il)\b|-(t-)?(il|elle|ils|elles|on)\b"),
    "en": re.compile(r"^(is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b"),
}
_WH = re.compile(
    r"\b(quel|quelle|quels|quelles|qui|ki|quoi|quand(?! meme\b)|ou|comment|pourquoi|combien|lequel"
    r"|laquelle|lesquels|lesquelles|what|which|who|whom|whose|when|where|why|how)\b"
)


@dataclass(frozen=True)
class Concept:
    """A term of the question: the stems that count as a match, and its weight."""

    stems: frozenset[str]
    weight: float


@dataclass(frozen=True)
class Part:
    """One part of a question: its text, concepts, answer type and lexical search text."""

    text: str
    concepts: tuple[Concept, ...]
    answer_type: str
    search_text: str
    kind: str = "other"  # the kind of this part (``question_kind``)
    entities: tuple[str, ...] = ()  # the names this part gives

    @property
    def total(self) -> float:
        return sum(c.weight for c in self.concepts) or 1.0


@dataclass(frozen=True)
class Analysis:
    """The question, split into parts, in its language."""

    question: str
    language: Language
    parts: tuple[Part, ...]
    yes_no: bool
    search_text: str  # the whole question plus French equivalents of English words
    stems: frozenset[str] = frozenset()  # every stem of the question (and of its equivalents)
    kind: str = "other"  # what is asked (``question_kind``)
    entities: tuple[str, ...] = ()  # names, acronyms and figures the answer must be about
    counted: str = ""  # the noun a « combien de » counts
    asked: str = ""  # the noun a « quel X » asks for
    comments: bool = False  # the question is about readers' comments
    followup: bool = False  # a turn completed from the conversation (``ask`` differs)
    ask: str = ""  # the question as asked (a follow-up's own words, without the conversation's)
    answered: frozenset[str] = frozenset()  # stems of the names the conversation's last answer gave
    recalled: frozenset[str] = frozenset()  # stems of the last answer's content words
    # questions asked one after the other, each closed by its mark (« …  ? Sur quel
    # fondement ? »): the first one's kind says what the answer leads with
    one_by_one: bool = False


_KIND_TYPES = {"when": "date", "count": "count", "duration": "duration", "money": "money",
               "why": "reason", "place": "place", "who": "entity"}


def answer_type(text: str) -> str:
    """``money``, ``duration``, ``date``, ``count`` or ``""``."""
    folded = fold(text)
    for name, pattern in _TYPES:
        if pattern.search(folded) and not (name == "place" and ORIGIN.search(folded)):
            return name
    return ""


def _words(text: str) -> list[str]:
    return [_ELISION.sub("", w) for w in _WORD.findall(text)]


# What a word may add to another and still be the same word (after stemming and folding).
_ENDINGS = frozenset(
    "  e s es ee ees ent ai ais aise er ez ant at ate ated ation ion ions al ale aux ag eur it"
    .split(" ")
) | {""}


def _neighbours(stem: str, vocabulary: Sequence[str]) -> set[str]:
    """Corpus stems that differ from ``stem`` only by a short ending.

    The stemmer does not always reduce two forms of a word to one stem (« alimentent » /
    « aliment », « français » / « franc »), and English cognates stem close to French ones
    (« invalidate » / « invalid »). ``vocabulary`` is sorted.
    """
    if len(stem) < 5 or stem.isdigit():
        return set()
    prefix = stem[:5]
    found = set()
    for i in range(bisect_left(vocabulary, prefix), len(vocabulary)):
        other = vocabulary[i]
        if not other.startswith(prefix):
            break
        shorter, longer = sorted((stem, other), key=len)
        if longer.startswith(shorter) and longer[len(shorter):] in _ENDINGS:
            found.add(other)
    return found


# How long it takes to get something (« combien de temps pour l'obtenir », « ça prend combien de
# temps d'avoir … »)
_TIME_TO_GET = re.compile(r"\bcombien de temps\b[^?]{0,30}?(?:\bpour\s+(?:l'|les?\s+|la\s+)?|\bd')"
                          r"(?:obtenir|avoir|d[ée]crocher|[êe]tre qualifi)"
                          # « Ça prend combien de temps au total ? »: what takes time is a process
                          r"|\bprend(?:re)? combien de temps\b|\bcombien de temps (?:ça|ca|cela) prend\b",
                          re.IGNORECASE)

# where data is kept, asked (folded): the data, the servers, hosted or stored, where or in which
# country (« … sont où ? », « … partent aux États-Unis ? », "kept on servers in the US?")
_DATA_WHERE = re.compile(
    r"\b(?:donnees|serveurs?|data|servers?|records)\b[^?]{0,60}"
    r"(?:\b(?:ou|where)\b(?! (?:en est|en sont|ca en est|pas|non|not)\b)|physiquement|physically"
    r"|(?:aux|in the|to the|en|in) (?:etats-unis|usa|us|u\.s\.|united states|amerique|france)\b)"
    r"|\b(?:hebergee?s?|stockee?s?|hosted|stored)\s+(?:ou|where)\b"
    # "Where exactly are the EMC2 data hosted?", "in which country is the data stored?"
    r"|\b(?:where|in (?:which|what) (?:country|countries|place|region))\b[^?]{0,40}"
    r"\b(?:data|servers?|records)\b[^?]{0,30}\b(?:hosted|stored|kept|located|held|processed)\b")

# « D'où vient l'idée du Health Data Hub ? », « ça vient d'où ? », "Where did the idea of the
# HDH come from?": its origin (« le rapport Villani à l'origine du projet »), folded
ORIGIN = re.compile(r"\bd'ou (?:vien|ven)\w*|\b(?:vien|ven)\w* d'ou\b"
                    r"|\bwhere (?:did|does|do)\b[^?]{0,80}\bcome from\b")
# the words that only frame an origin asked (« l'idée de départ », « vient d'où »), as written
_ORIGIN_FRAME = re.compile(
    r"\b(?:l['’])?(?:id[ée]es?|ideas?)(?: (?:de d[ée]part|initiale?s?|d['’]origine|originale?s?))?\b"
    r"|\bau d[ée]part\b|\bd['’]o[uù] (?:vien|ven)\w*|\b(?:vien|ven)\w* d['’]o[uù]\b"
    r"|\bcome from\b", re.IGNORECASE)
# someone of a body (``_SOMEONE``), searched as the documents name such people, not required of
# the answer (the quote may not name him)
_SOMEONE_OF = re.compile(_SOMEONE, re.IGNORECASE)
# its former name (folded): « avant ça s'appelait comment ? », « l'ancien nom », "what was it
# called before?", "formerly known as": what it succeeded (« … a succédé à l'INDS »)
_FORMER_NAME = re.compile(
    r"\b(?:avant|auparavant|anciennement|precedemment|autrefois)\b[^?]{0,30}\bs'?appel\w*"
    r"|\bs'?appel\w*\b[^?]{0,30}\b(?:avant|auparavant|anciennement|precedemment|autrefois)\b"
    r"|\bancien(?:ne)? (?:nom|appellation)\b|\bformerly\b|\bold name\b|\bprevious name\b"
    r"|\bused to be (?:called|named|known)\b|\bcalled before\b|\bnamed before\b")
# how long something lasts once got: its validity (« une fois qu'on l'a », "once granted")
_VALID_ONCE = re.compile(r"\b(?:combien de temps|dure|durer|valable|how long|last|lasts|valid)\b"
                         r"[^?]{0,40}\b(?:une fois (?:qu'on l'a|qu'on l'a eue?|qu'elle est|qu'il est"
                         r"|obtenue?|accordee?|qualifiee?|delivree?)|once (?:you (?:have|get|got) it"
                         r"|(?:it is |it's )?(?:granted|obtained|awarded|issued|qualified)))",
                         re.IGNORECASE)


def _concepts(text: str, language: Language, idf: Callable[[str], float],
              known: Callable[[str], bool],
              vocabulary: Sequence[str] = (), context: str = "",
              ) -> tuple[tuple[Concept, ...], str]:
    concepts: list[Concept] = []
    seen: set[frozenset[str]] = set()
    extra: list[str] = []
    asked = text
    asked_folded = fold(asked).replace("’", "'")
    text = _FRAME.sub(" ", text)
    if _DATA_WHERE.search(asked_folded):
        # « les serveurs d'EMC2 ils sont où ? », « les données partent aux États-Unis ? »: where
        # the data is kept (« conservées dans les centres de données … situés en France »):
        # searched, not required of the answer
        extra.append("conservées centres de données situés")
    if ORIGIN.search(asked_folded):
        # where it comes from: searched as its origin, not required of the answer (a report
        # « recommande de créer » it under a heading « … à l'origine du projet »)
        text = _ORIGIN_FRAME.sub(" ", text)
        extra.append("origine création crée")
    if _SOMEONE_OF.search(asked):
        extra.append("cofondateur dirigeant directeur")
    if _FORMER_NAME.search(asked_folded):
        # the former name of what the question names: what it succeeded or replaced
        former = frozenset(analyze("succédé remplacé anciennement"))
        concepts.append(Concept(former, max(idf(s) for s in former)))
        seen.add(former)
        extra.append("a succédé à ancien")
    if _VALID_ONCE.search(asked):
        # « ça dure combien de temps une fois qu'on l'a ? », "how long does it last once
        # granted?": how long what was got stays valid (« valable trois ans »)
        valid = frozenset(analyze("valable"))
        concepts.append(Concept(valid, max(idf(s) for s in valid)))
        seen.add(valid)
        extra.append("valable")
    elif language == "fr" and _TIME_TO_GET.search(asked):
        # « Ça prend combien de temps d'avoir SecNumCloud ? »: the procedure's length (« la
        # procédure dure … »), not how long the thing got is valid (« valable trois ans »)
        procedure = frozenset(analyze("procédure dure"))
        concepts.append(Concept(procedure, max(idf(s) for s in procedure)))
        seen.add(procedure)
        extra.append("procédure dure")
    # "bring down": « invalider », not « réunir » and « bas »; « dit oui »: « autoriser »
    for phrase, french in phrasal_equivalents(text, language):
        phrase_stems = frozenset(analyze(french))
        known_stems = [s for s in phrase_stems if known(s)]
        if known_stems and phrase_stems not in seen:
            seen.add(phrase_stems)
            concepts.append(Concept(phrase_stems, max(idf(s) for s in known_stems)))
            extra.append(french)
        text = text.replace(phrase, " ")
    for word in _words(text):
        folded = fold(word)
        if language == "en" and folded in _SEARCHED_QUESTION_WORDS:
            extra.append(french_equivalents(word))  # "how long": search « durée » too
        if folded in STOPWORDS or folded in QUESTION_WORDS or len(folded) < 2 \
                or language == "en" and folded in _NEGATIONS:
            continue
        stems = set(analyze(word))
        translation = ((french_equivalents_about(word, context) or french_equivalents(word))
                       if language == "en" else french_synonyms(word))
        if language == "en" and translation:  # "stored": « stockées », also « hébergées »
            translation = " ".join([translation] + [
                french_synonyms(w) for w in translation.split()]).strip()
        if language == "en" and not translation and not word[:1].isupper() \
                and not any(known(s) for s in stems):
            respelt = _respelt(folded)  # "coments", "decison", "presdient"
            if respelt:
                stems = set(analyze(respelt))
                translation = french_equivalents(respelt)
        if translation:
            extra.append(translation)
            stems.update(analyze(translation))
        elif language == "fr" and not any(known(s) for s in stems):
            # « alimentent »: the documents' « aliment » (spaCy's lemma table)
            stems |= {s for s in lemma_stems(word) if known(s)}
        stems -= {s for s in stems if s in QUESTION_WORDS}
        if not stems:
            continue
        for stem in list(stems):
            stems |= _neighbours(stem, vocabulary)
        key = frozenset(stems)
        if key in seen:
            continue
        seen.add(key)
        known_stems = [s for s in stems if known(s)]
        if known_stems:
            weight = max(idf(s) for s in known_stems)
        elif language == "en" and not translation and not word[:1].isupper():
            weight = 0.3 * idf(next(iter(stems)))  # an English word the passages cannot hold
        else:
            weight = idf(next(iter(stems)))  # unknown to the corpus: telling, keep its weight
        concepts.append(Concept(key, weight))
    search = f"{text} {' '.join(extra)}".strip()
    return tuple(concepts), search


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=4096)
def _respelt(word: str) -> str:
    """A misspelt English word — a letter left out, or two letters swapped: "coments",
    "decison", "presdient" — as the glossary's word ("" when none). Only those two slips, and
    only onto a word the glossary has as written: any word is one changed letter away from
    another ("shame", "share")."""
    if len(word) < 6 or not word.isalpha():
        return ""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = [a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1 and b[0] != b[1]] \
        + [a + c + b for a, b in cuts for c in _LETTERS]
    return next((c for c in candidates if c in GLOSSARY), "")


# A follow-up's words lent by the conversation weigh this share of their weight: they say what
# the turn is about, its own words what it asks (« Et ils demandaient quoi à la CJUE ? » is
# answered by the sentence about the CJUE, not by the one restating the référé).
TOPIC_WEIGHT = 0.7
LENT_WEIGHT = 0.35  # the other words a pronoun's part borrows from the part before it


# « Quelle différence entre X et Y ? », "What's the difference between X and Y?", « X et Y,
# c'est pareil ? », "How do X and Y compare?", « X vs Y »: two things, each to be told.
_COMPARED = (
    re.compile(r"\b(?:difference|differences|diff|distinction|distinguer?)\s+(?:entre|between)\s+"
               r"(?P<a>.{2,80}?)\s+(?:et|and)\s+(?P<b>.{2,80}?)\s*(?:[?,;.]|$)", re.I),
    # "What is HDS certification, and is it the same thing as SecNumCloud?", « HDS ça veut
    # dire quoi ? c'est la même chose que SecNumCloud ? »: one defined, then set against another
    re.compile(r"^(?:[^:?]{0,40}:\s*)?(?:(?:what(?:'s| is)|c'est quoi|c quoi|qu'est-ce que)\s+)?"
               r"(?P<a>[^?,;:]{2,50}?)\s*(?:(?:ca|ça) veut dire quoi|c'est quoi|means what)?"
               r"\s*[?,;-]\s*(?:and\s+)?(?:is it|c'est|est-ce)?\s*(?:the\s+)?"
               r"(?:same(?: thing)? as|la meme chose que|pareil que)\s+(?P<b>[^?,;]{2,60}?)"
               r"\s*(?:ou pas(?: du tout)?|or not)?\s*(?:[?,;]|$)", re.I),
    re.compile(r"^(?:how (?:do|does)\s+|in what ways? (?:do|does)\s+|en quoi\s+)?"
               r"(?P<a>.{2,60}?)\s+(?:et|and)\s+(?P<b>.{2,60}?)"
               r",?\s+(?:c'est (?:pareil|la meme chose)|compare|differ|se distinguent"
               r"|sont-ils (?:pareils|differents)"
               r"|the same( thing)?)\b", re.I),
    re.compile(r"^(?P<a>[^?]{2,60}?)\s+(?:vs\.?|versus)\s+(?P<b>[^?,;]{2,60}?)\s*(?:[?,;]|$)",
               re.I),
)


_COMPARED_ON = re.compile(r"\s*(?:on|in terms of|regarding|in the case of|in|sur|en termes de"
                          r"|pour ce qui est de|dans le cas de|dans le cadre de|chez)\s+(.+)")


_COMPARED_IN = re.compile(r"\s+(?:in the case of|dans le cas de|dans le cadre de|pour ce qui est de"
                          r"|en termes de|in terms of)\s+(.+)")


def compared_terms(question: str) -> tuple[str, str] | tuple[()]:
    """The two things a question asks to tell apart, as written (empty when it asks none)."""
    text = question.replace("’", "'")
    for pattern in _COMPARED:
        match = pattern.search(fold(text))
        if match and len(fold(text)) == len(text):
            # "compare on SecNumCloud status", « … dans le cas de SecNumCloud »: the point
            # compared goes with each thing
            first = text[match.start("a"):match.end("a")].strip()
            second = text[match.start("b"):match.end("b")].strip()
            inner = _COMPARED_IN.search(fold(second))
            if inner:
                second, on = second[:inner.start()].strip(), " " + second[inner.start(1):]
            else:
                point = _COMPARED_ON.match(fold(text)[match.end():])
                on = " " + text[match.end() + point.start(1):].strip(" ?") if point else ""
            return first + on, second + on
    return ()


def analyze_question(question: str, language: Language, idf: Callable[[str], float],
                     known: Callable[[str], bool], vocabulary: Sequence[str] = (),
                     ask: str | None = None, kind: str | None = None,
                     comments: bool | None = None,
                     proper: Callable[[str], bool] | None = None,
                     acronyms: Mapping[str, str] | None = None,
                     also_named: Mapping[str, frozenset[str]] | None = None) -> Analysis:
    """Split and weigh ``question`` (``idf``, ``known`` and ``vocabulary``: the corpus stems).

    ``ask``: the question as asked when ``question`` is a follow-up completed from the
    conversation; what is asked (its kind, the names it requires) comes from it. ``kind``
    and ``comments``, when given, say what a follow-up asks when its own words do not (« Et
    le Safe Harbor ? » repeats the previous ask; a turn of a conversation about the readers'
    comments is about them too). ``proper``: the folded words the documents only write as
    names (« Leviia a été fondée quand ? » asks about Leviia, although any first word is
    capitalised). ``acronyms``: the documents' CamelCase names by the acronym users write for
    them (« SNC » is « SecNumCloud »). ``also_named``: the stems that stand for a stem of the
    question because the documents give the thing it names another name (``aliases.also_named``).
    """
    ask = ask or question
    folded = fold(question)
    context = folded.replace("’", "'")  # what a word's translation may depend on
    topic = ""  # the conversation's words a follow-up of several questions lends each one
    splitter = _SPLIT.get(language, _SPLIT["fr"])
    pieces = [question]
    matches = list(splitter.finditer(folded))
    compared = compared_terms(question) if ask == question else ()
    if compared:  # each thing, asked as what it is
        frame = "What is {}?" if language == "en" else "Qu'est-ce que {} ?"
        pieces = [frame.format(term) for term in compared]
    elif (paired := _PAIRED_WH.match(folded)) and len(folded) == len(question):
        # « Quand et pourquoi … ? », "When and in what setting did … ?": each question word
        # asks its own question about the rest
        rest = question[paired.end():]
        pieces = [question[:paired.end(1)] + rest, question[paired.start(2):paired.end()] + rest]
        pieces[1] = pieces[1][:1].upper() + pieces[1][1:]
    elif matches and len(folded) == len(question):  # cut the original where it splits
        pieces, start = [], 0
        for match in matches:
            pieces.append(question[start:match.start()])
            start = match.end()
        pieces.append(question[start:])
        lent = question[len(ask):] if question.startswith(ask) and ask != question else ""
        if lent.strip() and matches[-1].start() < len(ask) and len(_concepts(
                pieces[-1][:len(pieces[-1]) - len(lent)], language, idf, known, vocabulary, context)[0]) >= 2:
            # a follow-up of two questions (« When was it unveiled, and when did it kick off
            # the process? » after a turn about S3NS): each asks about the conversation's
            # subject, which the completed question adds at its end (not « …, et quand ? »,
            # asked of the part before it)
            topic = lent
            pieces = [piece + topic for piece in pieces[:-1]] + pieces[-1:]
    parts: list[Part] = []
    bare_kinds: dict[int, str] = {}  # a part borrowing the one before it: its kind
    for piece in pieces:
        concepts, search = _concepts(piece, language, idf, known, vocabulary, context)
        bare = _BARE_ASK.get(fold(piece).strip(" ?!.,"))
        typed = answer_type(piece)
        # « Qui a décidé d'héberger EMC2 chez Microsoft, et pourquoi ? », « … lancé à l'été
        # 2025, et pour quel montant ? »: a part that is a bare question word, or asks a figure
        # or a date in words naming only that, asks it about what the part before it asks about
        borrows = bare or typed in _OWN_TYPES and all(c.stems & _TYPE_NOUNS for c in concepts)
        if borrows and parts:
            before = parts[-1]
            bare_kinds[len(parts)] = bare or _TYPE_KINDS[typed]
            parts.append(replace(before, text=f"{piece.strip()} {before.text}",
                                 answer_type=typed, concepts=before.concepts + tuple(
                                     c for c in concepts if c not in before.concepts)))
        elif concepts:
            parts.append(Part(piece.strip(), concepts, typed, search))
    parts = _lend_subject(parts, lambda text: _entities(text, language, proper, acronyms))
    if compared and len(parts) == 2:
        # « Quelle différence entre X et Y ? »: what each one is
        parts = [replace(p, kind="definition", entities=_entities(p.text, language, proper, acronyms))
                 for p in parts]
    elif len(parts) > 1 and any(len(p.concepts) < 2 for p in parts):
        parts = []  # not really two questions: analyse it whole
    if not parts:
        concepts, search = _concepts(question, language, idf, known, vocabulary, context)
        parts = [Part(question.strip(), concepts, answer_type(question), search)]
    if ask != question and (len(parts) == 1 and not kind or len(parts) > 1 and topic):
        # a follow-up: the words the conversation lent say what it is about, the turn's own
        # words what it asks; an answer must hold the latter first
        parts = _asked_first(parts, _concepts(ask, language, idf, known, vocabulary, context)[0])
    own_ask = _without_preamble(ask)
    if own_ask != ask and len(parts) == 1:
        # « On héberge des données du SNDS dans notre CHU : jusqu'à quand … ? »: who asks and
        # why sets the scene; the answer must hold what is asked after it first
        parts = _asked_first(parts, _concepts(own_ask, language, idf, known, vocabulary, context)[0])
    entities = (_entities(own_ask, language, proper, acronyms)
                or _entities(ask, language, proper, acronyms))
    if len(parts) > 1 and not compared:
        parts = [replace(p, kind=bare_kinds.get(i) or question_kind(p.text, language),
                         entities=_entities(p.text, language, proper, acronyms))
                 for i, p in enumerate(parts)]
    elif len(parts) == 1:
        parts = [replace(parts[0], kind=kind or question_kind(ask, language),
                         entities=entities)]
        if kind and not parts[0].answer_type:  # an ask repeated from the previous turn
            parts = [replace(parts[0], answer_type=_KIND_TYPES.get(kind, ""))]
        elif parts[0].kind == "place" and not parts[0].answer_type:
            # « … sont stockées où ? », "where are … stored?": the answer names a place
            parts = [replace(parts[0], answer_type="place")]
    if also_named:  # « HDH » is matched by « Health Data Hub », « l'ANS » by « l'Agence du … »
        parts = [replace(p, concepts=tuple(
            Concept(c.stems.union(*(also_named.get(s, ()) for s in c.stems)), c.weight)
            for c in p.concepts)) for p in parts]
    whole_search = (" ".join(p.search_text for p in parts) if len(parts) > 1
                    else parts[0].search_text)
    # "the French cybersecurity agency" is searched as the documents name it too (« ANSSI »)
    whole_search = " ".join([whole_search, *described_names(ask)])
    yes_no_pattern = _YES_NO.get(language, _YES_NO["fr"])
    yes_no = bool(yes_no_pattern.search(folded)) and not _asks_what(folded)
    stems = frozenset(analyze(whole_search)) | frozenset(
        s for p in parts for c in p.concepts for s in c.stems
    )
    inherited = kind
    kind = kind or question_kind(ask, language)
    comments = about_comments(ask) if comments is None else comments or about_comments(ask)
    if comments:  # « les lecteurs », "readers" say where to look, not what the opinion holds
        parts = [replace(p, concepts=tuple(c for c in p.concepts if not c.stems & _WHERE_TO_LOOK)
                         or p.concepts) for p in parts]
        # readers write « cloud MS », « crosoft » for Microsoft
        parts = [replace(p, concepts=tuple(Concept(c.stems | readers_names(c.stems), c.weight)
                                           for c in p.concepts)) for p in parts]
    if ask != question:
        yes_no = bool(yes_no_pattern.search(fold(ask))) and not _asks_what(fold(ask))
    if inherited or request_asks(ask)[1]:  # the previous turn's ask, or a request's
        yes_no = kind == "yes_no"
    one_by_one = len(parts) > 1 and any(
        "?" in m.group(0) and not re.search(r"\b(?:et|and)\b", m.group(0)) for m in matches)
    return Analysis(question, language, tuple(parts), yes_no or kind == "yes_no", whole_search,
                    stems, kind=kind, entities=entities, one_by_one=one_by_one,
                    counted=counted_noun(ask), asked=asked_noun(ask), comments=comments,
                    followup=ask != question, ask=ask)


def _asked_first(parts: list[Part], own: Sequence[Concept]) -> list[Part]:
    """The parts with the words the ask itself does not hold (``own``: its concepts) weighed
    down to ``TOPIC_WEIGHT``: they say what it is about, the ask's words what must be held."""
    own_stems = frozenset(s for c in own for s in c.stems)
    if not own_stems:
        return parts
    return [replace(part, concepts=tuple(
        c if c.stems & own_stems else Concept(c.stems, c.weight * TOPIC_WEIGHT)
        for c in part.concepts)) for part in parts]


# A scene set before the question, by the one asking (« Je suis DPO dans un CHU : … ? », "We
# host SNDS data: …?"), then a colon and what is asked.
_SCENE = re.compile(r"^(?P<scene>[^:?]{3,240}?)\s*:\s+(?P<ask>\S[^:]*\?[\s?]*)$")
_ASKER = re.compile(r"\b(je|j'|nous|on|notre|nos|mon|ma|mes|i|i'm|we|we're|our|my)\b")


# A subject, then what the asker knows of it between commas (« NumSpot, l'un des trois
# hébergeurs consultés en 2023 pour le Health Data Hub, est-il désormais qualifié ? »).
_APPOSITION = re.compile(r"^(?!(?:pour|dans|selon|en|for|in|according)\b)(?P<subject>[^,?:]{2,40}?),"
                         r"\s+(?:l'un|l'une|l’un|l’une|one of|un|une|an?)\s[^,?]{10,140},\s+(?=\S)",
                         re.IGNORECASE)


# An aside after the question, about the one asking (« … anonymisées ou pas ? je veux pas dire
# de bêtise », « … c'est combien déjà ? un prospect me pose la question », "… ? need it for a
# briefing"): why one asks, not what. Its words would weigh in the search and in the check.
_ASIDE = re.compile(r"\?[\s?!.]*(?P<aside>[^?]{3,140}?)[\s.!]*$")
# Words that give an example (« genre », « par exemple », "for instance"), in a question or after it.
_EXAMPLE_WORDS = r"genre|du genre|par exemple|p\.\s?ex\.?|e\.g\.|for example|for instance"
# An example given after the question (« ? genre on dit qu'OVH est SecNumCloud », "? like
# when …"): it shows what is meant, it is not asked.
_AFTER_EXAMPLE = re.compile(rf"(?:{_EXAMPLE_WORDS}|like when|like if|style)\b", re.IGNORECASE)
_ORDINAL = re.compile(r"\d{1,2}(?:e|eme|ème|er|re|th|st|nd|rd)")  # « des élèves de 3e »
_ASIDE_ASKER = re.compile(r"\b(je|j'|me|m'|moi|on|nous|mon|ma|mes|notre|nos|i|i'm|i'd|my|we|we're"
                          # « jvois ça partout mais jsp ce que c'est »: spoken « je »
                          r"|our|us|jvois|jsp|jsais|jpense|jcrois|chui|jsuis|jcomprends)\b")


# Where the asker came across the thing (« I keep seeing it in the Health Data Hub stories »,
# « j'ai lu ça dans Le Monde »): the names there say where, not what is asked.
_WHERE_SEEN = re.compile(r"(?:i|we)(?: (?:keep|kept|have|'ve|just|often|always))* (?:see|seeing|saw"
                         r"|seen|read|reading|hear|hearing|heard|came across|come across|noticed)\b"
                         r"|(?:j'ai|jai|on a|nous avons)(?: (?:souvent|deja|beaucoup))? (?:vu|lu"
                         r"|entendu)\b|(?:je|on) (?:vois|voit|lis|lit|entends|entend)\b|jvois\b")


# An aside that reasons about the answer (folded): « Parce que si c'est à vie … », « Sans doute
# des clopinettes … », "Because if it's for life …"
_REASONING = re.compile(r"(?:parce que|parce qu'|car|puisque|puisqu'|sans doute|a mon avis"
                        r"|because|since|probably|i guess|i suppose|i bet)\b")


# « notre DPO », "our CISO": the asker's own people name nothing asked
_OWNED = re.compile(r"(?i)notre|nos|mon|ma|mes|our|my")


def without_aside(question: str) -> str:
    """``question`` without an aside about the asker after its last question mark (one that
    names nothing: no capitalised word past its first), or ``question`` itself."""
    match = _ASIDE.search(question)
    if not match:
        return question
    aside, before = match["aside"], question[:match.start() + 1]
    words = aside.split()
    if _AFTER_EXAMPLE.match(aside) and len(before.split()) >= 3 \
            and not _asks_what(fold(before)) and not _asks_what(fold(aside)):
        # « … à toute une entreprise ? genre on dit qu'OVH est SecNumCloud » (not « il exigeait
        # quoi ? genre les niveaux de service … »: there the example says what is asked)
        return before
    if _REASONING.match(fold(aside).replace("’", "'")) and len(before.split()) >= 3:
        # « … valable à vie ? Parce que si c'est à vie, ça relativise le visa. », « … il valait
        # combien ? Sans doute des clopinettes par rapport à Microsoft »: the asker's own
        # reasoning about the answer, not what is asked
        return before
    seen = _WHERE_SEEN.match(fold(aside).replace("’", "'"))
    if not 2 <= len(words) <= 16 or len(before.split()) < 3 \
            or not _ASIDE_ASKER.search(fold(aside).replace("’", "'")) \
            or not seen and any((w[:1].isupper() and not _OWNED.fullmatch(before_w))
                                or any(c.isdigit() for c in w) and not _ORDINAL.fullmatch(w)
                                for before_w, w in zip(words, words[1:], strict=False)) \
            or re.search(r"\b(je veux dire|i mean|c'est-a-dire|autrement dit)\b",
                         fold(aside).replace("’", "'")):
        return question  # « … ? pour EMC2 je veux dire »: it says what is asked
    return before


# The words of a task the asker names before a colon (folded): « Pour ma note au directeur : »,
# "For my briefing note:", "Quick one:", « Petite question pour mon mémoire : ». What it is for,
# not what it asks: none of its words is a term.
_TASK_WORDS = frozenset("""
    for pour my our ma mon mes notre nos the a an un une la le les l au aux de du des d petite
    petit quick small question questions one rapide briefing brief note notes papier article
    piece story blog post newsletter explainer memoire these thesis rapport report dossier
    directeur directrice boss chef cheffe equipe team synthese fiche slide slides presentation
    reunion meeting cours class eleves etudiants students redaction redac editor podcast
    chronique sujet angle comparative comparatif context contexte background verif verification
    fact-check sanity check urgent vite svp please pls stp hi hello bonjour salut ok so alors
    client clients prospect interne internal work travail boulot journal newspaper direction
    """.split())


def without_task(question: str) -> str:
    """``question`` without the scene before its colon (``_SCENE``) when the scene only names
    the asker's task (``_TASK_WORDS``: « Pour ma note au directeur : c'est qui … ? » asks
    « c'est qui … ? »), or ``question``."""
    match = _SCENE.match(question)
    if not match:
        return question
    words = re.findall(r"[\w-]+", fold(match["scene"]).replace("’", "'"))
    if not words or any(w not in _TASK_WORDS for w in words):
        return question
    rest = match["ask"]
    return rest[:1].upper() + rest[1:]


# A sentence of its own, first, in which the asker tells who they are or what they do (« Je
# suis DSI d'un GHT, on fait le sourcing cloud pour notre EDS. », "We're a hospital group
# moving to the cloud."): their names (GHT, EDS) are not what the question is about.
_TOLD_SCENE = re.compile(
    r"^(?P<scene>(?:je suis|j'suis|chui|jsuis|je travaille|je bosse|nous sommes|on est|on fait"
    r"|on bosse|i'm|i am|i work|we're|we are|we run|we work)\b[^.?!:]{3,200})\.\s+"
    r"(?P<ask>\S[^.]*\?[\s?]*(?:[^?]*\?[\s?]*)*)$", re.IGNORECASE)


def _without_preamble(question: str) -> str:
    """What is asked after a scene the asker sets (« On héberge des données issues du SNDS
    dans notre CHU : jusqu'à quand … ? ») or without what the asker tells of its subject
    (``_APPOSITION``), or the question itself."""
    aside = _APPOSITION.match(question)
    if aside:  # « NumSpot, l'un des trois hébergeurs consultés en 2023, est-il … ? »
        question = aside["subject"] + " " + question[aside.end():]
    match = _SCENE.match(question)
    if not match or len(match["scene"]) < 8 or len(match["ask"]) < 7 \
            or not _ASKER.search(fold(match["scene"]).replace("’", "'")) \
            or _asks_what(fold(match["scene"])):
        told = _TOLD_SCENE.match(question)  # « Je suis DSI d'un GHT, on … pour notre EDS. X … ? »
        if told and len(told["ask"].split()) >= 3 and not _asks_what(fold(told["scene"])):
            return told["ask"]
        return question
    return match["ask"]


# -- what is asked: the kind of question and the shape of its answer ---------------------------

# Kinds whose answer fits in a few words, given first (the lead) before the quoted evidence.
LEAD_KINDS = frozenset({"who", "when", "count", "money", "duration", "yes_no"})

# Past participles and present forms of verbs that report speech, as a question asks what was
# said with them (« Qu'a expliqué X ? », « Qu'est-ce que X a soutenu ? », « Que raconte X ? »).
_SPOKEN = (r"explique|expliquait|raconte|racontait|soutenu|soutient|soutenait|ecrit|ecrivait"
           r"|affirmait|declarait|precise|indique|souligne|rappele|assure|ajoute|confie"
           r"|regrette|denonce|suggere|avance|plaide|fait valoir|argue|admis|reconnu|decrit"
           r"|deplore|recommande|objecte|conteste|previent|prevenu|alerte|mis en avant|evoque"
           r"|qualifie|repond|reclame|promet|propose")
# « c quoi le but ? », « c quoi leur excuse ? » ask a purpose or a reason (why), not a definition
_REASON_NOUN = r"(?:but|raisons?|excuses?|motifs?|justifs?|justifications?|explications?)"
_NOT_PURPOSE = r"(?! (?:le|la|les|son|sa|ses|leur|leurs|l') ?" + _REASON_NOUN + r"\b)"
# « le but c'est quoi ? », « leur excuse c'était quoi ? » (folded): a reason named, then asked
_REASON_THEN_ASKED = (r"(?:le|la|l'|son|sa|leur) ?" + _REASON_NOUN
                      + r"(?: principale?| officielle?)? (?:c'?est|c|c'etait|etait|est) (?:quoi|koi)")
_REASON_ASKED = re.compile(r"\b" + _REASON_THEN_ASKED + r"\b")
# What someone was saying (folded imperfect): « il disait quoi dans sa lettre ? », « que
# disait sa lettre ? » ask what was said, as « il a dit quoi ? » does.
_IMPERFECT_SAID = (r"disai(?:t|ent)|ecrivai(?:t|ent)|expliquai(?:t|ent)|racontai(?:t|ent)"
                   r"|promettai(?:t|ent)|annoncai(?:t|ent)|pensai(?:t|ent)|affirmai(?:t|ent)")
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("latest", re.compile(
        r"\b(en vigueur|actuel|actuelle|actuellement|aujourd'hui|le plus recent|la plus recente"
        r"|le dernier|la derniere|les derniers|en est ou|en sont ou|ou en est|ou en sont"
        r"|qu'est devenu|qu'est devenue|ou en est-on|current|currently|(?<!at the )latest|most recent|now"
        r"|les dernieres|dernieres? (infos?|informations?|nouvelles?|news)|quoi de neuf|recemment"
        r"|where do things stand|stand on|still in force|what became|what stage"
        # (not "where does it come from?": an origin)
        r"|where does(?!(?: \w+){1,4} (?:come|originate) from)"
        # (not "what's new in SecNumCloud 3.2?": what a version brings)
        r"|what'?s new(?! (?:in|with) [^?]*\d)|recently|status(?=\s*\??\s*$)|status of|status update"
        r"|dernier etat|derniere etape"
        # "is there a newer one?", « il y en a une plus récente ? »: the newest one
        r"|newer|more recent|plus recente?s?|plus recents"
        # « c'est qualifié maintenant ou toujours pas ? », "is it qualified yet?"
        r"|maintenant|a ce jour|a l'heure actuelle|toujours pas|pas encore|still not|yet(?=\s*\??\s*$)"
        r"|as of today|to date"
        r"|how far along|where (is|are) (it|they|things|that|this) at"
        r"|where (are|is) (we|things)( \w+)? (with|on)|where (do|does) (we|things) stand)\b"
        # "Where is Bleu in its SecNumCloud process?" (not "where are the data held: in the US?")
        r"|\bwhere (is|are)\b[^:?]{0,40}\b(in|with) (its|the|their|his|her)\b(?! (?:us|eu|united|uk)\b)"
        # « Et depuis ? », "And since then?", « du nouveau ? », « ça a changé depuis ? »: what
        # came after, up to now
        r"|^\W*(?:et |and |mais |but |so )?(?:depuis|since(?: then)?)\W*$|\bdu nouveau\b"
        r"|\banything new\b|\bchange\w*(?: \w+)? (?:depuis|since)\b|\bdepuis,? (?:[cç]a|cela) a change\b"
        # « y en a eu une autre depuis ? », "has there been another one since?": a newer one
        r"|\b(?:un|une) (?:autre|nouvelle?)(?: \w+)? depuis\b|\banother(?: one)? since\b"
    )),
    ("definition", re.compile(
        r"\b(c'?est quoi" + _NOT_PURPOSE + r"|c koi" + _NOT_PURPOSE + r"|ca veut dire"
        r"|veut dire quoi|que (veut dire|signifie)|signifie"
        r"|correspond a quoi|qu'entend-on|qu'est-ce qu'on entend|definition|definir"
        r"|definit|definissent|define|defines|defined|en quoi consiste|en quoi consistent"
        r"|de quoi s'agit-il|de quoi il s'agit|designe quoi|designent quoi|c quoi" + _NOT_PURPOSE
        + r"|qu'est-ce que c'est|quel type d|quelle sorte d|what kind of|what type of"
        r"|stand for|what does \S+ mean|what is meant|what exactly is|whats an?"
        r"|what (does|do) .{0,60} (amount|refer) to|what counts as|what qualifies as)\b"
        r"|^(qu'est[- ]ce que|qu'est[- ]ce qu')\s*(le|la|les|l'|un|une|des)\b"
        r"|^(what is|what's|whats|what are)\s+(an?|the)?\s*"
        r"[\w@'’.+-]+( [\w@'’.+-]+){0,3}\s*\?*\s*$"
        r"|^(what is|what's|whats|what are)\s+(an?|the)?\s*(\S+\s+){0,2}'[^']{2,40}'"
        # "What is the US CLOUD Act, in plain terms?", "What's X in a nutshell?"
        r"|^(what is|what's|whats|what are)\s+(an?|the)?\s*[\w@'’.+-]+( [\w@'’.+-]+){0,4},?\s+"
        r"(in (plain|simple|layman's|lay) (terms|english|words)|in a nutshell|in short|in brief"
        r"|briefly|exactly|legally speaking|legally|basically|in a few words|in one sentence)"
        r"\s*\?*\s*$"
    )),
    ("outcome", re.compile(
        r"\b(qu'a donne|qu'ont donne|a donne quoi|abouti|aboutir|qu'a decide|qu'ont decide"
        # (« l'issue de » asks how it ended; « issue de la circulaire » is where it comes from)
        r"|quelle issue|quelle a ete l'issue|l'issue (?:de|du|des|d')|resultat|what came of"
        r"|how did .{0,40}end|how(?: did|'d) (?:it|that|this|they|the \w+(?: \w+)?) go\b"
        r"|what did .{0,60}(rule|decide)|outcome|result of|comment s'est termine"
        r"|s'est (termine|terminee|fini|finie|conclu|conclue|solde|soldee)|turn(ed)? out"
        r"|(ca|cela) a donne|what happened in the end|(a|ont) (decide|tranche) quoi"
        # "What happened to it?", « qu'est-elle devenue ? »: what became of it
        r"|what happened to (?:it|that|them|this)|what became of|devenue?s? quoi"
        r"|qu'est-(?:il|elle|ce qu'il|ce qu'elle) (?:est )?devenue?|qu'est-il advenu|ce qu'il est advenu"
        # « L'issue ? », « Et l'issue ? »: the word alone
        r"|^(et )?l'issue(?= ?\?*$)|tranche comment|ruled how"
        # "And the final ruling?", « Et la décision finale ? », « Et sur le fond ? » (the noun
        # alone: not "Was the final decision published?")
        r"|^(?:et |and )?(?:what (?:was|is) )?(?:(?:la|le|l'|the) )?(?:final (?:ruling|decision"
        r"|judge?ment|verdict)|(?:decision|jugement|arret) (?:final|definitif)e?|verdict)"
        r"(?= ?\?*$)|^(?:et |and )?(?:sur le fond|au fond|on the merits)(?= ?\?*$)"
        # « Et au final ? », "And in the end?": the adverb alone asks how it ended
        r"|^(?:et |and |so |alors )?(?:au final|finalement|en fin de compte|in the end"
        r"|eventually|finally)(?= ?\?*$)"
        r"|how did (?:the )?(?:\w+ )?(?:court|judges?|tribunal|cjeu|cjue|ecj|conseil d'etat) rule)\b"
    )),
    ("why", re.compile(
        r"\b(pourquoi|pour quelle raison|quelles raisons|pk|pq|why|(what|which) reasons?"
        r"|on what grounds?|(what|which) (grounds|justifications?)|on what basis|what led"
        r"|led to|prompted|triggered|how come|en reaction a"
        r"|in response to|a cause de quoi|a l'origine de|(a|ont|avait|avaient) conduit"
        r"|justifie|justified|justify|motif|motifs|what was the point of|what is the point of"
        r"|purpose of|dans quel but|a quoi (sert|servait|bon)|rationale"
        # « c quoi le but ? », « quel était le but de la v3.2 ? »: its purpose
        r"|(?:c'?est|c|c'etait) (?:quoi|koi) (?:le|la|les|son|sa|ses|leur|leurs|l') ?" + _REASON_NOUN
        + r"|quel (?:est|etait) (?:le|son|leur) but|" + _REASON_THEN_ASKED
        + r"|dans quel objectif|avec quel objectif)\b"
        # « Et il a motivé ça comment ? »: how a decision was reasoned is its reason
        r"|\b(a|ont|avait|avaient) motive\b.{0,30}\bcomment\b"
        r"|\bcomment\b.{0,40}\b(a|ont)(-t)?(-(il|elle|ils|elles))? motive\b"
        r"|qu'est[- ]ce qui (met|agace|enerve|explique|motive|justifie|pousse|a pousse|a motive"
        r"|a conduit|amene|a amene|(a |avait )?fait pencher|poussait|a convaincu|a decide)"
    )),
    ("said", re.compile(
        r"\b(qu'a|qu'ont|que|qu'est-ce qu'\S+|quoi|qu'avait|qu'avaient)\s*(\S+\s+){0,6}?"
        r"(dit|dire|repondu|annonce|promis|declare|demande|demandait|reclamait|affirme|estime"
        r"|pense|pensent|engage|souhaite|critique|reproche|constate|constatait|invoque"
        r"|s'etait engage|s'est engage|s'engageait|s'engage|" + _IMPERFECT_SAID + "|" + _SPOKEN
        + r")\b"
        r"|\bs'(?:est |etait )?engage\w*(?: a)? quoi\b"
        r"|\b(pense|pensent|dit|disent|demande|promis|annonce|declare|"
        + _IMPERFECT_SAID + "|"
        + _SPOKEN + r") quoi\b"
        r"|\bqu'(expliqu|affirm|annon|ecri|repond|declar|estim|reclam|demand|promet|propos"
        r"|souhait|pens|dis|soutien|soutenai|assur|ajout|racont|decri)\w*\b"
        r"|\bcomment\b.{0,60}\b(a|ont|avait|avaient)(-t)?-(il|elle|ils|elles) (repondu|reagi"
        r"|presente|explique|defendu)\b"
        # « Le cofondateur de Leviia a réagi comment ? », « comment la CNIL a répondu ? »
        r"|\b(a|ont|avait|avaient) (reagi|repondu|replique|riposte)\b.{0,60}\b(comment|quoi)\b"
        r"|\bcomment\b.{0,60}\b(a|ont|avait|avaient) (reagi|repondu|replique|riposte)\b"
        r"|\b(what|how|(what|which)( \w+){1,3}) (did|does|do|has|have|had)\b.{0,80}"
        r"\b(say|claim|promise|ask|announce|urge|respond|react|reply|argue|think|put forward|propose"
        r"|demand|state|want|call for|tell|told|explain|describe|regret|suggest|warn|admit"
        r"|recommend|acknowledge|insist|deplore|criticise|criticize|denounce|write|wrote"
        r"|complain|express|voice)\b"
        # "What did Véran commit to?" (not "On what date did the ministry commit to …?")
        r"|\bwhat (?:did|does|do|has|have|had) .{0,60}\b(?:commit|pledge|undertake|vow)\b"
        # "What does ANSSI's boss make of it?": what he thinks of it, said
        r"|\bwhat (?:did|does|do) .{2,60} make of (?:it|that|this|them)\b"
        r"|\b(what|how) (is|are|was|were)\b.{0,60}\b(saying|asking|claiming|promising"
        r"|announcing|urging|arguing|proposing|demanding|suggesting|calling for)\b"
    )),
    ("list", re.compile(
        r"\b(cite|citez|liste|listez|enumere|donne-moi les|donnez les|quels sont les|quelles sont"
        r" les|name the|list the|list|which are the|what are the|what were the|which were the"
        r"|les \d+|les (deux|trois|quatre|cinq|six|sept|huit|neuf|dix) )\b"
        r"|\b(what|which) (are|were)\b.{0,30}\b(\d+|two|three|four|five|six|seven|eight|nine"
        r"|ten) \w+"
    )),
)
# « Qu'est-ce que X a expliqué / aurait dit … ? »: the « qu'est-ce que » of a reported speech,
# not of a definition (« Qu'est-ce que le SNDS ? », « Que signifie … ? » keep theirs).
_ASKS_SAID = re.compile(
    r"^qu'est[- ]ce qu[e'].{0,80}\b(a|ont|avait|avaient|aurait|auraient)\s+(\w+\s+)?"
    r"(dit|repondu|annonce|promis|declare|demande|affirme|estime|critique|reproche|"
    + _SPOKEN + r")\b")
_NAMES_TERM = re.compile(r"\b(c'?est quoi|veut dire|signifie|definition|qu'est-ce que c'est)\b")
# "What's the deliberation number?", « C'est quoi le nom du rapport ? »: what is asked is the
# thing's number or name, not what it is (unless a meaning is asked: « que signifie le nom … »)
_LABEL_ASKED = re.compile(r"\b(number|numero|name|nom|reference|identifier|identifiant|title"
                          r"|titre|intitule)\b")
_MEANING_ASKED = re.compile(r"\b(veut dire|signifie|definition|mean|means|meaning|stand for"
                            r"|stands for|refer to|refers to)\b")
_SPEECH_ASKED = dict(_KIND_PATTERNS)["said"]
_LATEST_ASKED = dict(_KIND_PATTERNS)["latest"]
# « Quels regrets la CNIL a-t-elle exprimés ? », "What concerns did X raise?": what was said
_ASKS_WORDS = re.compile(
    r"\bquel(le)?s? (regrets?|reproches?|critiques?|promesses?|engagements?|reserves?"
    r"|recommandations?)\b(?!.{0,60}\b(lecteurs?|commentateurs?|commentaires?)\b)"
    r"|\b(what|which) (regrets?|criticisms?|reservations?|promises?|commitments?|concerns?"
    r"|recommendations?|demands?)\b.{0,40}\b(did|does|do|has|have|had)\b")
_WHERE_STANDS = re.compile(
    r"^ou en (est|sont|etait|etaient|etes)\b|\ben (est|sont|etait|etaient) ou\b"
    r"|^where (is|are)\b.{0,40}\b(in|with) (its|the|their|his|her)\b|^where (do|does) .{0,80}stand"
    r"|\bwhere (is|are) (it|they|things|that|this)( at)?\s*\??\s*$"
    r"|^where (are|is) (we|things)( \w+)? (with|on)\b"
)
_WHO = re.compile(
    r"\b(qui|ki|who|whom|whose|s'appelle comment|il s'appelle|elle s'appelle|quel nom)\b"
)
# Nouns that name a person by role: « quel avocat », "which judge" ask who.
_ROLE = re.compile(
    r"\b(avocate?s?|juges?|president(e|s)?|ministres?|rapporteur(e|s)?|directeur|directrice"
    r"|dirigeante?s?|patron(ne)?s?|pdg|ceo|fondateur|fondatrice|cofondateur|deputee?s?"
    r"|senateur|senatrice|commissaire|personnes?|auteure?s?|journalistes?|judge|lawyer"
    r"|attorney|president|minister|director|head|chief|founder|person|author|rapporteur"
    r"|executives?|execs?|officers?|dpo|dpd|delegue|deleguee|individuals?|negociateur|negotiator"
    r"|particuliers?|personnes physiques)\b"
)
# A which-word asking for a role (« quel avocat », "which health minister"): who; a role that is
# the subject of the question (« Que constatait le ministre … ? », "What did the judge
# order …?") asks what it said or did.
_WHICH_ROLE = re.compile(
    r"\b(quel|quelle|quels|quelles|which|what|s'appell?e(nt)?)\s+"
    # « quel était le rapporteur », « comment s'appelle le dirigeant »: a copula and an
    # article may come first; an article further on starts another noun phrase (« Quelles
    # conditions le juge a-t-il posées ? » asks the conditions)
    r"(?:(?:est|etait|sont|etaient|fut)\s+)?(?:(?:le|la|les|l'|un|une|the|a|an)\s+)?"
    r"((?!(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|should"
    r"|le|la|les|un|une|des|du|the|a|an)\b)"
    r"[\w'-]+\s+){0,3}?" + _ROLE.pattern[2:]
    # "which executive orders": a role word that qualifies another noun names no person
    + r"(?!\s+(?:orders?|branch|powers?|board|committee|summary|offices?|decrees?)\b)")
# « Et lequel a été retenu au final ? », "which one was chosen?": the one chosen among those
# the conversation named is named, as a person in a role is. (« Quel hébergeur … ? » asks an
# organisation: the check reads it as such, ``answerability`` « org_unnamed ».)
_WHICH_CHOSEN = re.compile(
    r"\b(?:lequel|laquelle|which one)\b.{0,30}\b(?:retenue?|choisie?|selectionnee?|designee?"
    r"|remporte|gagne|chosen|selected|picked|won)\b")
# « un prestataire qui veut … », « les États qui s'opposaient … »: « qui » after a noun is a
# relative pronoun, not the question word, when another question word asks (« Par quelles
# étapes passe un prestataire qui veut être qualifié ? » asks which steps).
_RELATIVE_QUI = re.compile(r"(?<=[a-z]{3}) qui (?=[a-z'])(?!est\b|sont\b|c'est\b)")
_OTHER_WH = re.compile(r"\b(quel|quelle|quels|quelles|quand(?! meme\b)|ou|comment|pourquoi|combien"
                       r"|lequel|laquelle)\b")
_WHAT_SUBJECT = re.compile(r"\bqu'est[- ]ce qui\b")
_WHAT = re.compile(r"(^|,\s*|\bet\s+)(qu'|que\b|quoi\b)")
_ABOUT_COMMENTS = re.compile(  # « comentaires », "comenters": one m, as often typed
    r"\b(lecteurs?|lectrices?|comm?entateurs?|comm?entatrices?|comm?entaires?|internautes?"
    r"|readers?|comm?enters?|comm?ents|comm?entators?"
    r"|(?<=les )comm?s?|(?<=des )comm?s?|(?<=aux )comm?s?"  # « dans les coms », « les com »
    r"|^comm?s(?= (?:clubic|de clubic|du clubic|sous)\b)"  # « comms clubic : qui … ? »
    r"|comm?ent(?= (?:threads?|sections?))"  # "in the comment thread"
    # « sous l'article Clubic, qui … ? », "below the Clubic piece": what sits under the article
    r"|(?:(?<=sous l')|(?<=sous cet ))article(?! ?(?:\d|[lrd]\.? ?\d))"
    r"|(?:(?<=under the )|(?<=below the )|(?<=under the clubic )|(?<=below the clubic ))"
    r"(?:article|piece|post)(?! ?\d))\b"
)
_PAYING = re.compile(
    r"\b(paie|paye|payer|paient|payait|payaient|verse|coute|coutent|cout|coutait|coutaient"
    r"|coutera|couterait|tarifs?|prix|montant|budget|somme"
    r"|vaut|valait|worth|paying|pay|paid|cost|costs|price|budget|fee"
    r"|(?:it|he|she|who|which|that|each) pays)\b"  # « pays » alone: countries
)
_COUNT_NOUN = re.compile(
    r"\b(?:combien(?: de\b| d')|nombre de\b|nombre d'|how many|number of)\s*([^\W\d_][\w'’-]*)"
)
_WHICH_NOUN = re.compile(
    r"\b(?:quel|quelle|quels|quelles|which|what)\s+([^\W\d_][\w'’-]{2,})"
)


_READERS = frozenset(analyze(
    "lecteur lecteurs lectrice lectrices commentateur commentateurs commentatrice "
    "commentatrices commentaire commentaires internaute internautes reader readers commenter "
    "commenters comment comments commentator commentators coms comms"
    # a reader, in spoken words (« le mec qui parle du quantique », "the guy who …")
    " mec mecs gars nana meuf bonhomme guy guys dude"))


# The verbs that say a reader wrote about something (« un lecteur évoque-t-il … ? », "do any
# readers mention …?"): where to look, like « lecteurs », not what the opinion holds.
_WRITING = frozenset(analyze(
    "évoquer évoque évoquent évoqué mentionner mentionne mentionnent mentionné parler parle "
    "parlent mention mentions mentioned talk talks talked discuss discusses discussed evoke "
    "evokes evoked"
    # what readers say or think is what they wrote: the verb frames the question
    " dire disent dit disaient say says said penser pense pensent think thinks thought"
    " écrire écrivent écrit write writes wrote"))
_WHERE_TO_LOOK = _READERS | _WRITING


# Comments an authority received or called for (« les commentaires reçus pendant la
# consultation », "how many comments did ANSSI receive", "the public call for comments"):
# remarks sent in, not readers' opinions.
_RECEIVED = re.compile(r"\b(consultations?|recu|recus|recues|recueilli\w*|receive[ds]?"
                       r"|receiving|got|gets?|submitted|sent|send|envoye\w*"
                       # « un appel à commentaires », "a call for comments" (not "did anyone in
                       # the comments call for the CNIL to be dissolved?")
                       r"|appel\w*( public)? a (?:comm?entaires|contributions)"
                       r"|calls? for (?:public )?comm?ents)\b")


# The asker's own readers (folded): « un long format pour nos lecteurs », « je dois l'expliquer
# à des lecteurs qui … », "for my readers" are whom the answer is for, not Clubic's commenters
# (not « y a des lecteurs qui … ? »)
_OWN_READERS = re.compile(r"\b(?:nos|mes|vos|notre|mon|ma|our|my|your|(?<!y )a des|pour des)"
                          r"(?: \w+)? (?:lecteurs?|lectrices?|readers?|readership)\b"
                          r"(?! (?:de |du |sur |on |of )?clubic)")


def about_comments(question: str) -> bool:
    """True when the question asks about readers' comments."""
    folded = _OWN_READERS.sub(" ", fold(question).replace("’", "'"))
    found = {m.group(1) for m in _ABOUT_COMMENTS.finditer(folded)}
    if found and all(re.fullmatch(r"comm?ent(?:aire)?s?", word) for word in found) \
            and _RECEIVED.search(folded) and "clubic" not in folded:
        return False
    return bool(found)


# « when » / "where" joining two clauses, not after a verb that asks it ("do you know when").
_CONJUNCTION = re.compile(
    r"(?<!know )(?<!tell )(?<!say )(?<!known )(?<!clear )(?<!specify )\b(when|where|while)\b")


# Whether a qualification was won, with no date asked (« Bleu a-t-il décroché SecNumCloud ? »,
# "Has Bleu obtained SecNumCloud yet?"): the newest state answers (folded).
_EARNED = re.compile(
    r"\b(decroche|obtenu|fini par (?:avoir|obtenir|etre)|(?:a|l'a|ont|l'ont|avait) eu|get|got|gotten"
    r"|obtained|secured|achieved|earned"
    r"|won)\b.{0,40}\b(qualifi\w*|secnumcloud|certifi\w*|label|visa)")


# A part whose subject is a pronoun (« …, et il est paru à quelle heure ? », "…, and until
# when is it valid?") speaks of what the part before it names (folded).
_PRONOUN = re.compile(r"\b(il|elle|ils|elles|son|sa|ses|leur|leurs|it|its|he|his|she|her|they"
                      r"|their|them|him)\b")


_WHICH = re.compile(r"\b(?:quel|quelle|quels|quelles|qui|pourquoi|comment|which|what|whom|why|how)\b")


def _lend_subject(parts: list[Part], names_of: Callable[[str], tuple[str, ...]]) -> list[Part]:
    """Each part after the first whose subject is a pronoun, or left out (« … + when
    signed? »: a few words naming nothing), also holds, at a topic's weight, the names of the
    part before it (« …, and when did he lodge his appeal? »: Latombe), and its other words at
    half that."""
    out = parts[:1]
    for part in parts[1:]:
        names = frozenset(s for e in names_of(out[-1].text) for s in analyze(e))
        # (« …, et par quel texte ? », "…, and through which instrument?": which thing,
        # in one word of its own)
        elided = (len(part.text.split()) <= 3 or len(part.concepts) < 2
                  and _WHICH.search(fold(part.text))) and not names_of(part.text)
        if (_PRONOUN.search(fold(part.text)) or elided) and names:
            own = frozenset(s for c in part.concepts for s in c.stems)
            part = replace(part, concepts=part.concepts + tuple(
                Concept(c.stems, c.weight * (TOPIC_WEIGHT if c.stems & names else LENT_WEIGHT))
                for c in out[-1].concepts if not c.stems & own))
        out.append(part)
    return out


_EXAMPLE = re.compile(rf"\s*[,(—–-]\s*(?:{_EXAMPLE_WORDS}|such as|like (?:my|a|an|the)|things like"
                      r"|stuff like)(?=\W|$)[^?]*", re.IGNORECASE)




def question_kind(question: str, language: Language = "fr") -> str:
    """What kind of answer is wanted: who, when, count, money, duration, why, definition,
    said, list, latest, place, yes_no or other."""
    # « quelles infos perso …, genre ma date de naissance, mon adresse ? »: examples given after
    # « genre », « par exemple », "such as" show what is asked; they ask no date of their own
    example = _EXAMPLE.search(question)
    if example and len(question[:example.start()].split()) >= 3:
        question = question[:example.start()] + " ?"
    kind = _kind_of(question, language)
    if kind == "definition" and _REASON_ASKED.search(fold(question).replace("’", "'")):
        kind = "why"  # « la raison officielle c'est quoi ? »: a reason, not a definition
    scene = _SCENE.match(question)
    if scene and len(scene["scene"]) <= 120 and not _asks_what(fold(scene["scene"])) and _kind_of(
            scene["ask"], language) in ("who", "when", "count", "money", "duration"):
        # « Pour un papier : qui présidait la CNIL quand … ? »: what follows the colon asks
        question = scene["ask"]
        kind = _kind_of(question, language)
    stated = re.match(r"(.*[.!])\s+(\S[^.!?]*\?+)\s*$", question, re.S)
    if stated and kind in ("yes_no", "other"):
        # « La CNIL a exprimé des « regrets ». Lesquels au juste ? »: a statement, then the
        # question; what the question asks decides
        last = _kind_of(stated.group(2), language)
        if last not in ("yes_no", "other"):
            return last
    # (a clause: no inversion after « quand », "when" before a subject, and no « et » /
    # "and" starting the question after it)
    clause = re.match(r"\s*(?:quand|lorsque|when|once)\b(?!\s+(?:was|were|is|are|did|does|do|has|have"
                      r"|had|will|would|can|could|should)\b)(?![^?,]*-t-|[^?,]*est-ce)[^?,]{8,}?,"
                      r"\s*(?!(?:et|and|puis|then)\b)(\S[^?]*\?*)\s*$", question, re.I)
    if kind == "when" and clause and re.search(
            r"\b(comment|pourquoi|qui|que|qu'|quoi|quel\w*|how|why|who|what|which)\b",
            fold(clause.group(1)).replace("’", "'")):
        # « quand le HDH a retiré sa demande fin 2021, comment Stéphanie Combes l'a
        # présenté ? »: the « quand » clause sets the time, the question after it asks
        return _kind_of(clause.group(1), language)
    framed = _TERM_FRAME.match(question)
    if kind == "other" and framed:
        # « Au sens du point 19.6 b), qu'est-ce qu'une entité tierce « non européenne » ? »:
        # the frame says where to read, the clause after it asks
        inner = _kind_of(framed.group(1), language)
        if inner != "other":
            return inner
    end = question.rfind("?")
    if kind == "other" and end > 0 and re.search(r"\w", question[end:]):
        # "whats SecNumCloud exactly? keep seeing it in the news": a remark after the
        # question mark says why one asks, not what
        return _kind_of(question[:end + 1], language)
    return kind


# « Au sens du point 19.6 b), … », "In SecNumCloud 19.6 b), …": the text a question reads a
# term in, opening it before a comma (the clause after the comma asks)
_TERM_FRAME = re.compile(r"^\s*(?:au sens d[eu']|in the sense of|as defined (?:in|by)|in|under)\b"
                         r"[^,?]{3,80},\s*(\S[^,]*\?*)\s*$", re.I)
# « …, en deux mots ? », "…, in a nutshell?": a thing named, told briefly
_BRIEFLY = re.compile(r"\b(en (deux|trois|quelques|peu de) mots|en bref|en resume|en gros|en une phrase"
                      r"|in a nutshell|in short|in brief|in a few words|in one sentence|briefly)"
                      r"\s*\?*\s*$")
_DATES_ASKED = re.compile(r"\b(quelles|what|which) dates\b")
# "What were they?", "Name them", « c'était lesquels ? »: the items of what was just counted
_ITEMS_ASKED = re.compile(r"(?:and |et )?(?:(?:what|which) (?:were|are) (?:they|those|these|them)\b"
                          r"|name them|list them|c'(?:etait|est) lesquel)")


# A request opening the question (folded): « Vous pouvez me donner … ? », « Pourriez-vous
# m'expliquer … ? », "Can you tell me …?", "Could you list …?". It asks for what follows, not
# whether one can: « … me dire si … » and "… tell me whether …" still ask yes or no.
_REQUEST = re.compile(
    r"^\W*(?:(?:bonjour|hello|hi)\W+)?(?:est-ce que\s+)?(?:vous pouvez|vous pourriez|pouvez-vous"
    r"|pourriez-vous|tu peux|tu pourrais|peux-tu|pourrais-tu|can you|could you|would you|will you)"
    r"(?:\s+(?:please|svp|stp|s'il vous plait|s'il te plait))?\s+"
    r"(?:(?:me|m'|nous|moi|me les|me la|me le)\s*)?"
    r"(?P<verb>dire|donner|expliquer|lister|indiquer|rappeler|citer|preciser|resumer|decrire|detailler"
    r"|tell|give|explain|list|name|remind|summari[sz]e|describe|detail|clarify|spell out|outline)"
    r"\b(?:\s+(?:me|us|moi)\b)?\s*")


def request_asks(question: str) -> tuple[str, str]:
    """The verb of a request and what it asks (« Vous pouvez me donner les noms des … ? » →
    « donner », « les noms des … ? »), or two empty strings when the question opens with none."""
    folded = fold(question).replace("’", "'")
    match = _REQUEST.match(folded)
    if not match or len(folded) != len(question):
        return "", ""
    return match["verb"], question[match.end():]


def _kind_of(question: str, language: Language) -> str:
    verb, rest = request_asks(question)
    if rest:
        # « Vous pouvez me donner les noms des organismes … ? » asks for the names, "Could you
        # tell me who chairs the CNIL?" who: not whether one can
        if re.match(r"(si|s'|whether|if)\b", fold(rest).replace("’", "'")):
            return "yes_no"
        kind = _kind_of(rest, language)
        if kind not in ("yes_no", "other"):
            return kind
        if verb in ("lister", "citer", "list", "name"):
            return "list"
        if re.match(r"(what (?:an? |the )?[^?,]{2,60}\b(?:is|are|means?)|ce qu'(?:est|sont))\b",
                    fold(rest).replace("’", "'")):
            return "definition"  # "Can you explain what the CLOUD Act is?"
        return "other"
    folded = " ".join(fold(question).replace("’", "'").split())
    typed = answer_type(question)
    if typed in ("date", "place") and _YES_NO["en"].match(folded) and not answer_type(
            _CONJUNCTION.sub(" ", folded)):
        # "Was there a call for tenders when Microsoft was chosen?": an auxiliary opens a
        # yes/no question; the « when » after it joins two clauses, it does not ask a date
        typed = ""
    if typed == "date" and re.match(r"(what|which|how|who)\b", folded) \
            and re.search(r"\bwhen (\w+ing|it|they|he|she|its|their|this|that)\b", folded) \
            and not re.search(r"\b(date|year|day|month)\b", folded):
        # "What regrets did the CNIL express when authorising EMC2?": « when » joins a
        # clause, what is asked is the question word's
        typed = ""
    if typed == "duration" and not re.search(r"\b(combien|pendant|quelle|quel|how|what)\b",
                                             folded) \
            and _YES_NO.get(language, _YES_NO["fr"]).search(folded) and not _WH.search(folded):
        # « A-t-il été constitué pour une durée limitée ? » names a duration, asks yes or no
        typed = ""
    if typed == "money" and _YES_NO.get(language, _YES_NO["fr"]).search(folded) \
            and not _WH.search(folded) and not re.search(
                r"\b(combien|how much|montant|prix de|price of|cher|expensive|cheap|for how much"
                r"|a lot|beaucoup)\b", folded):
        # "Do any readers compare French providers' prices with Microsoft's?" speaks of prices,
        # asks yes or no (not « Est-ce que ça coûte cher ? »)
        return "yes_no"
    if re.search(r"[,.!] *(?:c'est (?:juste|exact|correct|vrai)|(?:is )?(?:that|it|this) (?:right|correct"
                 r"|true|accurate)|right|true)\s*\?\s*$", folded) and not re.match(
                     r"^\W*(?:et |and )?" + _WH.pattern, folded):
        # « Clubic dit que c'est l'EMA qui pilote EMC2, c'est juste ? »: a claim told, whether
        # it is true asked
        return "yes_no"
    if re.search(r"(^|, |\.\.\.? ?)(c'est bien|c'est vraiment|c'est donc|is (?:it|that|this) (?:really"
                 r"|actually|indeed))\b[^?]*\?\s*$", folded) \
            and not _WH.search(_RELATIVE_QUI.sub(" ", folded)):
        # « Le chiffre de 10 millions …, c'est bien le nombre de patients ? »: a figure told,
        # yes or no asked
        return "yes_no"
    if not typed and re.search(r"\bcombien\b|\bhow much\b", folded):
        typed = "count"
    if typed in ("count", "") and _PAYING.search(folded) and re.search(
            r"\b(combien|how much|montant|quel prix|worth|tarifs?|budget|prix|cout)\b", folded):
        typed = "money"
    # (« elle est basée où, sa boîte ? »: the noun set after a comma)
    if (re.match(r"^(ou|where)\b", folded) or re.search(r"\b(sont|est|se trouvent?|stockee?s?"
            r"|hebergee?s?|situee?s?|localisee?s?|basee?s?|implantee?s?|installee?s?"
            r"|domiciliee?s?) ou( \w+ment)?\s*(?:,[^,?]{1,30})?\?*\s*$", folded)) \
            and not _WHERE_STANDS.search(folded) and not ORIGIN.search(folded):
        # not "Where is X in its process?", « Où en est … ? »: a state; « ils sont où ? »: a place
        return "place"
    if typed in ("money", "duration"):
        return typed
    if typed in ("date", "place", "reason", "") and re.match(r"^(et |and )?(qui|who|whom)\b",
                                                             folded):
        # « Qui … quand … ? », "Who acted … when it was adopted?": the first word asks
        return "who"
    if _COURT_SAID.search(folded):
        return "outcome"  # « Et le juge a dit quoi ? », "what did the court say?": its ruling
    if _ASKS_WORDS.search(folded) and not _LATEST_ASKED.search(folded):
        return "said"
    if typed == "date" and _DATES_ASKED.search(folded):
        return "list"  # « à quelles dates … ? » asks for several
    if _ITEMS_ASKED.match(folded):
        return "list"  # "What were they?" after a count: its items
    for name, pattern in _KIND_PATTERNS:
        if name == "said" and not re.search(
                r"\b(que|qu'|quoi|what|how|comment)\b", folded):
            continue
        if name == "list" and typed in ("date",):
            continue
        if name == "latest" and typed in ("count", "money") and re.match(
                r"(et |and )?(combien|how many|how much)\b", folded):
            continue  # « Combien d'hébergeurs … après l'entrée en vigueur … ? » counts
        if name == "outcome" and typed == "date" and re.search(
                r"\b(quelle date|quand|when|what date|which date|what day|on what day)\b", folded):
            continue  # « … a abouti à quelle date ? » asks a date
        if pattern.search(folded):
            if name == "definition" and (typed in ("date", "count") or _SPEECH_ASKED.search(
                    folded) and re.match(r"qu'est[- ]ce qu", folded)):
                continue  # « Qu'est-ce que la présidente a dit … ? » asks what was said
            if name == "definition" and _ASKS_SAID.search(folded) \
                    and not _NAMES_TERM.search(folded):
                continue  # « Qu'est-ce que la directrice a expliqué ? » asks what she said
            if name == "definition" and _LABEL_ASKED.search(folded) \
                    and not _MEANING_ASKED.search(folded):
                continue  # "What's the deliberation number?" asks the number
            return name
    if typed in ("date", "count", "place", "reason"):
        return {"reason": "why", "date": "when"}.get(typed, typed)
    yes_no = _YES_NO.get(language, _YES_NO["fr"]).search(folded)
    wh = _WH.search(folded) or _WHAT.search(folded)  # « Qu'a-t-elle obtenu ? » asks what
    if yes_no and (not wh or wh.start() > yes_no.end()) or re.search(
            r"\b(ou pas|ou non|or not)\s*\??\s*$", folded):
        if _EARNED.search(folded) and not answer_type(question):
            return "latest"  # « Bleu a-t-il décroché SecNumCloud ? »: where it stands now
        return "yes_no"
    # « qu'est-ce qui … ? » asks what, not who
    unnamed = _WHAT_SUBJECT.sub(" quoi ", folded)
    if _WHO.search(_RELATIVE_QUI.sub(" ", unnamed) if _OTHER_WH.search(unnamed) else unnamed) \
            or _WHICH_ROLE.search(folded) or _WHICH_CHOSEN.search(folded):
        return "who"
    if re.search(r"\b(quels|quelles|which|lesquels|lesquelles)\b", folded):
        return "list"  # « … d'autres fournisseurs que Microsoft. Lesquels ? »
    if _BRIEFLY.search(folded) and not wh:
        return "definition"  # « la doctrine « cloud au centre », en deux mots ? »
    if re.search(r"\?\s*$", folded) and not wh and len(folded.split()) > 3:
        attribute = _ATTRIBUTE_OF.match(folded)
        if attribute or re.match(r"(?:et|and) [^ ?]+(?: [^ ?]+)? ?\?+$", folded):
            # « nom complet du cloud act ? », "ECLI number of the order?": what the attribute
            # of a thing is, asked without a verb (« nombre de … ? » counts); « et schrems 2 ? »
            # alone asks nothing to say yes or no to
            return "count" if attribute and attribute["noun"] in ("nombre", "number") else "other"
        if _EARNED.search(folded) and not typed and not re.search(
                r"\b(can|could|peut|peuvent|pourrai\w*)\b", folded):
            # « Bleu a fini par avoir SecNumCloud ? », asked without inversion (not what can
            # be qualified: "wich kinds of services can get secnumcloud qualified?")
            return "latest"
        return "yes_no"  # « Le CLOUD Act vaut aussi pour ... ? »
    return "other"


# An attribute of a thing asked without a verb (folded): « nom complet du cloud act ? »,
# « nombre d'observations reçues … ? », "ECLI number of the 22 March 2024 order?"
_ATTRIBUTE_OF = re.compile(
    r"^\W*(?:et |and |ok |alors )?(?:le |la |les |l'|the )?(?P<noun>nom|noms|nombre|date|dates"
    r"|montant|liste|numero|numeros|delai|delais|duree|seuil|seuils|taux|reference|identifiant"
    r"|name|names|number|list|amount|deadline|ecli number|case number)\b(?: \w+)?"
    r" (?:de|du|des|d'|of)\b")


# What a court said is what it ruled (folded): « Et le juge a dit quoi ? », « qu'a dit le
# Conseil d'État ? », "What did the court say?", maybe at a time (« … en mars 2024 ? ») (not
# « le juge a dit que … » quoted in a question, nor what it said about one point: « … sur le
# chiffrement »)
_AT_TIME = r"(?:\s+(?:en|in|on|le|au|du)\s+[\w ]{0,20}\b(?:19|20)\d{2})?"
# « …, finalement ? », "… in the end?": what it said at the end of the case
_AT_END = r"(?:,?\s+(?:finalement|au final|en fin de compte|in the end|finally|eventually))?"
_COURT_SAID = re.compile(
    r"^\W*(?:(?:et|and|so|ok)\s+)?(?:(?:le|la|the)\s+)?(?:juge|cour|tribunal|conseil d'etat|court|judge)"
    rf"\b[^?]{{0,25}}\b(?:a dit|a repondu|dit) quoi{_AT_TIME}{_AT_END}\s*\??\s*$"
    r"|^\W*(?:(?:et|and|so|ok)\s+)?(?:qu'a dit|qu'a repondu|what did)\s+(?:le |la |the )?(?:juge|cour"
    rf"|tribunal|conseil d'etat|court|judge)(?: des referes)?(?:\s+say)?{_AT_TIME}{_AT_END}\s*\??\s*$")


def counted_noun(question: str) -> str:
    """The folded noun a « combien de » / "how many" question counts (« salariés »)."""
    match = _COUNT_NOUN.search(fold(question).replace("’", "'"))
    return match.group(1) if match else ""


def asked_noun(question: str) -> str:
    """The folded noun a « quel X » / "which X" question asks for (« avocat »)."""
    match = _WHICH_NOUN.search(fold(question).replace("’", "'"))
    if not match:
        return ""
    word = match.group(1)
    return "" if word in STOPWORDS or word in QUESTION_WORDS else word


_NAME = re.compile(
    r"(?<![\w-])([A-ZÀ-Þ][\w@’'+.-]*[\w+]|[A-Za-z]*\d[\w/.-]*[\w]|[A-Za-z]+\d"
    r"|[a-z]+[A-Z][\w]*)", re.UNICODE
)


_QUALIFYING = frozenset({"etats-unis", "usa", "us", "u.s", "united", "states", "america",
                         # an English adjective of nationality is capitalised but names no one
                         # ("the French cybersecurity agency")
                         "french", "european", "american", "german", "dutch", "irish",
                         "british", "english", "italian", "spanish", "chinese", "belgian"})

# Countries whose possessive qualifies like an adjective ("France's" as "French").
_COUNTRIES = frozenset({"france", "europe", "america", "ireland", "germany", "italy", "spain",
                        "britain"})


# What follows an open question (« … stockées où ? en Irlande ? », "what's the current version
# …, is there a 3.3 or 4.0 out yet?", « … c'est qui ? (j'aimerais lui répondre …) »): what the
# asker supposes, which the answer may well contradict, or a remark about the question. Where it
# starts: after the first question mark, or at « , is there … ».
_GUESS_START = re.compile(r"\?[\s?!]*(?=\S)|,\s*(?=(?:is|are) there\b|y a-t-il\b|il y a\b)", re.I)
# an open question word in the guess (« ou » is "or" there: « une 3.3 ou 4.0 »)
_GUESS_WH = re.compile(r"\b(quel|quelle|quels|quelles|qui|quoi|quand|comment|pourquoi|combien"
                       r"|lequel|laquelle|what|which|who|when|where|why|how)\b|\bou\b(?=\W*$)|où")
_GUESS_WORDS = 16
_ABOUT_TAIL = re.compile(r"(?:ca|cela|ce|c'|it|this|that|is (?:it|this|that))\b.{0,12}?\b(?:concern\w*"
                         r"|porte\w* sur|parle\w* de|vise\w*|about|refer\w* to)\b")
# Names given as examples of a kind of thing the question asks about: « un acteur américain
# comme Microsoft ou AWS », "US providers such as AWS", « Microsoft et les autres fournisseurs »
_EXAMPLES = re.compile(
    r"(?<=[a-zéèêàç] )(?:comme|tels? que|telles? que|such as|like)\s+((?:(?:l'|le |la |les )?"
    r"[A-Z][\w.-]*(?:\s*(?:,|ou|et|or|and)\s*)?)+)"
    r"|\b([A-Z][\w.-]*)(?=\s+(?:et|and)\s+(?:les|the|d')\s*(?:autres|other)\b)")
_FIGURE_ASKED = re.compile(r"\b(combien|how (?:long|many|much)|duree|montant)\b")


def guessed(question: str) -> str:
    """What follows an open question, a guess or a remark (its text), or ""; a second question
    of its own (« Et le Conseil d'État a validé ? », one with a question word) is neither, nor
    what says what the question is about (« Ça concerne EMC2 ? »)."""
    match = _GUESS_START.search(question)
    if match is None:
        return ""
    main, guess = question[:match.start()], question[match.end():]
    folded = fold(guess).replace("’", "'").strip()
    if not _asks_what(fold(main).replace("’", "'")) or not folded \
            or len(folded.split()) > _GUESS_WORDS or re.match(r"(et|and|mais|but|puis|then)\b", folded) \
            or _GUESS_WH.search(guess.lower()) or _WHAT.search(folded):
        return ""
    # (« Ça concerne EMC2 ? », "Is this about EMC2?" say what the question is about)
    if _ABOUT_TAIL.match(folded):
        return ""
    return guess


def _entities(question: str, language: Language,
              proper: Callable[[str], bool] | None = None,
              acronyms: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The names the answer must be about; an English question's "March", "EU" are looked for
    as the French documents write them (« mars », « UE »), an acronym of a CamelCase name as
    that name (« SNC »: « SecNumCloud »)."""
    names = question_entities(question, proper)
    guess = guessed(question)
    # (a yes or no about examples, "Do readers mention alternatives such as AWS?", asks
    # about them)
    examples = [m.group(1) or m.group(2) for m in _EXAMPLES.finditer(question)
                if _asks_what(fold(question))]
    if guess or examples:
        # the names of a guess are the asker's, those of examples stand for a kind of thing
        # (« un acteur américain comme Microsoft ou AWS »): not required of the answer
        # (figures offered as a choice for a figure asked, « 3 yrs or 10 yrs » for "how
        # long", still point to the sentence that gives it; one figure heard, « I've seen
        # '10 million' quoted », is a claim the answer need not hold)
        main = question[:len(question) - len(guess)]
        counting = bool(guess) and bool(_FIGURE_ASKED.search(fold(main))) and bool(
            re.search(r"\d\D{0,12}\b(?:or|ou)\b\D{0,6}\d", fold(guess)))
        for example in examples:
            main = main.replace(example, " ")
        own = {fold(n) for n in question_entities(main, proper)}
        optional = " ".join([guess, *examples])
        names = [n for n in names
                 if fold(n) in own or counting and any(c.isdigit() for c in n)
                 or not re.search(rf"(?<!\w){re.escape(n)}(?!\w)", optional)]
    names = [(acronyms or {}).get(n, n) for n in names]
    # « aux États-Unis », « USA », "the United States" qualify more than they name
    # (« américain », « extra-européen »): not required
    names = [n for n in names if fold(n).strip(".") not in _QUALIFYING]
    if language == "en":  # "France's data protection watchdog": as "the French" one
        possessive = fold(question).replace("’", "'")
        names = [n for n in names if fold(n) not in _COUNTRIES
                 or f"{fold(n)}'s " not in possessive]
    if language != "en":
        return tuple(names)
    return tuple(french for french in (french_name(n) for n in names) if french)


def question_entities(question: str, proper: Callable[[str], bool] | None = None) -> list[str]:
    """Names, acronyms and figures of the question (not its first word, unless an acronym or
    one of the ``proper`` names: folded words the documents only write capitalised)."""
    found = []
    for match in _NAME.finditer(question):
        word = match.group(1).strip(".'’")
        if re.search(r"[a-z\d]['’]s$", word, re.I):  # English possessive: "the HDH's budget"
            word = word[:-2]
        # a name made a qualifier ("the Microsoft-hosted warehouse", "Azure-based"): the name
        qualifier = re.fullmatch(r"([A-Z][\w]*)-(?:[a-z]{2,}ed|led|run|made|built|based)", word)
        if qualifier:
            word = qualifier.group(1)
        # the question's first word, or the first of a second sentence (« … ? Ça concerne
        # EMC2 ? »), is capitalised as any first word is
        first = match.start() == len(question) - len(question.lstrip()) or bool(
            re.search(r"[?!.]\s+$", question[:match.start()]))
        if first and not (word.isupper() or any(c.isdigit() for c in word)
                          or proper is not None and proper(fold(word))) or len(word) < 2:
            continue
        found.append(word)
    return found


def _asks_what(folded: str) -> bool:
    """A question word (« quand », "which") or « que / qu' / quoi » asks for something more
    than yes or no."""
    folded = folded.replace("’", "'")
    return bool(_WH.search(folded) or _WHAT.search(folded))
