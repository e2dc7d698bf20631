"""Is the question answered by the sentences the composer chose? A learned yes or no.

The typical question the documents cannot answer names things the corpus knows well and
asks something about them nobody published: « Combien de salariés compte Leviia ? »,
« La délibération a-t-elle été adoptée à l'unanimité ? », « Qui a remplacé X ? ». Related
sentences about Leviia or the deliberation come back with good scores; what they lack is
the asked-for attribute (the head noun « salariés », the word « unanimité », the verb
« remplacé ») or the answer's shape (a number next to that noun, a date, a name).

``features`` measures, for the chosen sentences and their immediate context (the
sentences right before and after, the section heading):

- how much of the question (terms weighted by rarity) the sentences and the context hold,
  and how rare the rarest missing term is;
- whether the attribute asked for (the noun a « combien de » counts, the noun a « quel »
  asks for, the word that names the figure: montant, budget, salaire...) is there;
- the answer's shape for the kind of question (``Scored.shape``), the names the question
  gives (``Scored.entities``), the sentence and retrieval scores;
- the question's **focus**: its content words that say what is asked, not the names it
  gives, not the question's frame (« combien », « date », « montant », « pourquoi »...: the
  slot and the kind check those), not auxiliaries; how much of it (by rarity) the answer
  sentence and its immediate context hold, by stem, by lemma or by a close spelling; whether a
  yes/no question turns on a word the corpus never uses (« à l'unanimité », « sanctionné »);
- the **slot**: a number that counts the asked noun (« salariés », « années » / « ans »), an
  amount for a price, a person for « qui », in the role asked (« quel avocat », "the CEO"),
  a ruling word for « qu'a donné » — and whether the sentence that fills it also holds the
  focus (an amount of something else is not the amount asked);
- how close, in meaning, the question without its names is to the answer's sentences, and
  the names alone (the sentence embeddings already computed).

``judge`` refuses on two vetoes — the slot is not filled, or it is filled only in sentences
holding none of the focus — and otherwise asks a logistic regression over a few features
(``Model.vetoes``, ``Model.names``), both fitted and checked on the dev and regression question
sets with grouped k-fold cross-validation (``python -m bench.fit_answerability``, method and
figures in docs/answers.md) and shipped in ``data/answerability.json``. An answer they keep
is then read by learned **pairs** (``pair_tokens``: question word × judged-sentence word,
question word × neighbouring word, kind × judged-sentence word, names and figures left out),
a hashed logistic model fitted the same way (``--pairs``) and shipped in
``data/answerability_pairs.npz``; it refuses under ``Model.pairs_threshold``. No model file:
every answer is kept as the composer decided.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from core.text import analyze, fold

from .associations import Associations, generic, token_slots
from .followup import capitalised_stems, identifiers
from .language import described_names, described_spans, french_equivalents, french_name, french_synonyms
from .retrieval import signature
from .scoring import current as current_scorer
from .shapes import _OUTCOME, acronym_expansion, counts, dates_told

if TYPE_CHECKING:
    import numpy as np

    from .questions import Analysis, Concept
    from .retrieval import Hit
    from .sentences import Sentence, SentenceBank
    from .shapes import Scored

MODEL_FILE = "answerability.json"
PAIRS_FILE = "answerability_pairs.npz"

# Nouns that name the attribute asked for (what a figure, a date, a name is *of*): when the
# question holds one, the answer's context must hold it too (« montant », « salariés »).
_ATTRIBUTE_WORDS = frozenset(analyze(
    "montant budget prix tarif tarifs cout coût somme salaire salaires salariés employés effectif "
    "chiffre nombre nombres voix vote votes unanimité majorité pourcentage taux part "
    "date jour durée délai frais amende sanction condamnation remplaçant successeur "
    "directeur directrice président présidente dirigeant patron rapporteur "
    "amount price cost fee fees salary employees staff headcount votes vote majority "
    "percentage rate fine penalty successor ceo director chief head"
))
# The number of a text or a case, and « n° 2057 », which gives it (folded)
_NUMBER_WORDS = frozenset(analyze("numéro nombre number"))
# Kinds whose answer is one fact of a given shape.
_STRICT = frozenset({"when", "count", "money", "duration", "who", "outcome"})
_KIND_GROUPS = {
    "when": "fact", "count": "fact", "money": "fact", "duration": "fact", "who": "fact",
    "outcome": "fact", "place": "fact", "yes_no": "yes_no", "why": "open", "said": "open",
    "definition": "open", "list": "open", "latest": "open", "comments": "open", "other": "open",
}

# The question's frame: words that say what kind of answer is wanted (the slot and the kind
# check it), auxiliaries and modals, chat abbreviations. Not the focus of the question.
_FRAME = frozenset(analyze(
    "date dates jour jours quand année années an ans mois semaine semaines heure heures temps "
    "durée délai période combien nombre montant somme prix coût coûte tarif tarifs budget chiffre "
    "raison raisons motif motifs pourquoi réaction dit dire disent déclaré pense pensent estime "
    "répondu affirmé expliqué propos concernant devenu devenue actuellement aujourd'hui actuel "
    "actuelle maintenant dernier dernière récent récente veut signifie signification définition "
    "type sorte genre quoi exactement précise précis exact exacte vraiment déjà finalement juste "
    "nom nommé appelle "
    "avait avaient ont sont soient soit peuvent peut pouvait pourrait pourraient devait doit "
    "doivent devrait fallait faudrait étaient sera seront serait aurait auraient vaut "
    "pk pq koi qqn stp svp bcp "
    "date day days year years month months time long duration amount worth cost costs price fee "
    "much many number reason reasons say said says think thinks claim claimed mean means meaning "
    "stand kind type sort exactly exact precise currently current now latest recent today still "
    "name called"
))
# Units a count may be given in, under another spelling (« combien d'années » / « 10 ans »).
_UNITS = (frozenset(analyze("an ans année années year years")),
          frozenset(analyze("mois month months")),
          frozenset(analyze("jour jours journée day days")),
          frozenset(analyze("semaine semaines week weeks")),
          frozenset(analyze("heure heures hour hours")))
# A role the question asks a person in (« quel avocat », "the CEO"), and what names it in
# the documents: the role itself, its other gender or title, the verb of the role.
ROLES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(asked), re.compile(found)) for asked, found in (
        (r"\b(avocate?s?|lawyers?|attorneys?)\b",
         r"\b(avocat\w*|me|maitre|defend\w*|cabinet|barreau|conseil de)\b"),
        (r"\b(juges?|judges?|magistrat\w*)\b", r"\b(juge\w*|magistrat\w*|president\w*)\b"),
        (r"\b(rapporteur\w*)\b", r"\b(rapporteur\w*)\b"),
        # the Conseil d'État's « rapporteur public » is not a deliberation's « rapporteure »
        (r"\b(rapporteure?s? publi\w*|public rapporteur\w*)\b", r"\b(rapporteure?s? publi\w*)\b"),
        (r"\b(ministres?|ministers?)\b", r"\b(ministre\w*|secretaire d'etat)\b"),
        (r"\b(presid\w*|presidents?|chairs?)\b", r"\b(presid\w*|dirig\w*)\b"),
        (r"\b(directeur\w*|directrice\w*|dirigeant\w*|patron\w*|pdg|ceo|director\w*|head"
         r"|chief|a la tete|dirige|dirigeait)\b",
         r"\b(direct\w*|dirig\w*|patron\w*|pdg|ceo|a la tete)\b"),
        (r"\b(deputee?s?|senateur\w*|senatrice\w*)\b", r"\b(depute\w*|senat\w*|parlementaire\w*)\b"),
        (r"\b(fondat\w*|cofondat\w*|founders?|co-?founders?|(?:co-?)?founded|(?:qui a |a )(?:co)?fonde)\b",
         r"\b(fond\w*|cofond\w*|cree\w*)\b"),
        (r"\b(porte-paroles?|spokes(?:man|woman|person|people|men|women))\b",
         r"\b(porte-paroles?|spokes\w*)\b"),
    )) + ((re.compile(r"\b(auteure?s?|authors?|journalistes?)\b"),
           re.compile(r"\b(auteur\w*|journaliste\w*|ecri\w*|redig\w*|signe\w*|par)\b")),)
# Who wrote a text: an article's byline names them without saying so.
AUTHOR = ROLES[-1][0]
# « devant les députés », "to the judges": a role after a preposition is where or to whom
# something was done, not the person asked.
_ROLE_COMPLEMENT = re.compile(r"\b(?:devant|aupres|a|aux?|chez|par|avec|pour|contre|before|to|with"
                              r"|by|for|against)\s+(?:les?|la|l'|des|the|a|an|ses?|leurs?|their)?\s*$")


def role_asked(asked: re.Pattern[str], opening: str) -> bool:
    """Does ``opening`` (the question's first words, folded) ask for a person in this role
    (« qui est le juge… »), rather than name it as a complement (« … devant les députés »)?"""
    return any(not _ROLE_COMPLEMENT.search(opening[:m.start()]) for m in asked.finditer(opening))


# A price asked without « combien » (« il valait quoi en euros »): the answer holds an amount.
_MONEY_ASKED = re.compile(
    r"\b(worth|in euros|en euros|montant|prix|tarifs?|cout|coute|coutent|couts|coutait"
    r"|coutaient|coutera|couterait|payait|payaient|price|prices"
    r"|cost|costs|amount|chiffre d'affaires|revenue|turnover|salaires?|salary"
    r"|remuneration|valorisation|valuation|paie|paye|payent|paient|paid|paying"
    r"|(?:it|he|she|who|which|that|each) pays"  # « pays » alone: countries
    r"|touche|touchent|touchait|touchera|empoche|empochent|encaisse|encaissent|earns?|earned)\b")
# A sentence that says the information is not known (« n'a pas été vérifié dans les sources
# officielles », « ce qui reste inconnu »): quoting it does not answer.
_UNKNOWN = re.compile(
    r"n'(?:a|ont) pas (?:non plus )?ete (?:trouvee?s?|publiee?s?|communiquee?s?|precisee?s?"
    r"|verifiee?s?|rendue?s? publi\w*|divulguee?s?|confirmee?s?)"
    r"|\bne (?:disent|dit|precise|precisent|detaille|detaillent|mentionne|mentionnent|donne"
    r"|donnent|indique|indiquent|chiffre|chiffrent) pas"
    r"|\b(?:reste|restent|demeure|demeurent) (?:inconnue?s?|incertaine?s?|floue?s?)"
    r"|\bn'(?:est|sont) pas connue?s?\b|\bnon (?:trouvee?s?|communiquee?s?|publiee?s?)\b"
    r"|\binconnue?s?\b|\baucune source\b")


# « … environ 67 millions de Français ; ce chiffre n'a pas été trouvé dans une source
# officielle »: a caveat on what the sentence gives, not a statement that it is unknown
_CAVEAT = re.compile(
    r"\b(?:ce|cette|ces) (?:chiffres?|montants?|dates?|precisions?|informations?|nombres?"
    r"|affirmations?|indications?) n'(?:a|ont) pas (?:pu )?(?:etre |ete )?(?:trouvee?s?"
    r"|verifiee?s?|confirmee?s?) dans (?:une|la|les|aucune) sources? officielles?")


def without_caveat(folded: str) -> str:
    """A (folded) sentence without the caveat it puts on what it gives (``_CAVEAT``)."""
    return _CAVEAT.sub(" ", folded)


def states_unknown(folded: str) -> bool:
    """Does a (folded) sentence say the sources do not tell (« L'issue … est inconnue »)?"""
    return bool(_UNKNOWN.search(without_caveat(folded)))


FEATURES = (
    "cov_sentence", "cov_window", "ask_sentence", "ask_window", "ask_union", "names_window",
    "missing_max", "missing_all_max", "missing_count", "attribute", "attribute_absent", "shape",
    "shape_full", "slot", "slot_missing", "slot_filled", "entities", "strength", "similarity",
    "dense", "coverage", "yes_no",
    "english", "fact_kind", "open_kind", "unknown_terms", "fact_ask_sentence", "fact_ask_union",
    "focus_window", "focus_union", "focus_slot", "yes_no_unknown", "rest_similarity",
    "names_similarity", "unknown_stated", "slot_off_focus",
    "shape_only_unknown", "start_unbound", "outcome_unnamed", "slot_off_focus_sentence",
    "reaction_unreported", "yes_no_focus_none", "ruling_unnamed", "per_unit_missing",
    "future_unplanned", "yes_no_unknown_stated",
    "when_actor_absent", "date_of_absent", "who_off_focus_sentence",
    "org_unnamed", "focus_sentence", "focus_sentence_max", "focus_count", "speaker_unreported",
    "event_unstated", "duration_off_focus_sentence", "number_unstated", "decider_unnamed",
    "date_echoed", "yes_no_verb_absent", "identifier_given", "popularity_asked",
    "slot_off_ask_sentence", "label_other",
)
# What ``python -m bench.fit_answerability`` fits by default.
DEFAULT_FEATURES = ("focus_slot", "focus_union")
# Features that cost an embedding of the question's parts: computed only for a model using them.
_DENSE = frozenset({"rest_similarity", "names_similarity"})


@dataclass(frozen=True)
class Verdict:
    """The decision, its probability and what it rested on."""

    answerable: bool
    probability: float
    features: dict[str, float] = field(default_factory=dict)


def _stems(item: Scored, bank: SentenceBank) -> frozenset[str]:
    """A sentence's stems, with the stems of the parser's lemmas (« remplacé » / « remplacer »)."""
    info = bank.info(item.sentence)
    return item.sentence.stems | frozenset(s for lemma in info.lemmas for s in analyze(lemma))


def _passage(item: Scored, hits: Sequence[Hit], bank: SentenceBank) -> list[Sentence]:
    """The sentences of the passage ``item`` was read from."""
    hit = hits[item.hit_index]
    return bank.sentences(hit.chunk_id, hit.chunk.text).sentences


def _neighbours(item: Scored, hits: Sequence[Hit], bank: SentenceBank,
                sides: tuple[int, ...] = (-1, 1)) -> list[Sentence]:
    sentences = _passage(item, hits, bank)
    return [sentences[j] for j in (item.position + side for side in sides)
            if 0 <= j < len(sentences)]


def _context(item: Scored, hits: Sequence[Hit], bank: SentenceBank,
             sides: tuple[int, ...] = (-1, 1)) -> frozenset[str]:
    """Stems (and lemma stems) of the sentences right before and after (``sides``), and of the
    heading."""
    hit = hits[item.hit_index]
    out: set[str] = set(analyze(f"{hit.chunk.title} {hit.chunk.locator}"))
    for sentence in _neighbours(item, hits, bank, sides):
        out |= sentence.stems
        out.update(s for lemma in bank.info(sentence).lemmas for s in analyze(lemma))
    return frozenset(out)


def _close(a: str, b: str) -> bool:
    """Two stems of five letters or more, same first three letters, at most two edits apart."""
    if len(a) < 5 or len(b) < 5 or a[:3] != b[:3] or abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1] <= 2


# A label of a series (folded): a letter and a number (« j2 », « c3 »)
_SERIES_LABEL = re.compile(r"(?<![\w-])([a-z])(\d{1,2})(?![\w-])")
# What a follow-up asking an amount words the amount with (not the thing priced): « ça
# représentait quel montant, sur combien d'années ? », "Within how many days?"
_AMOUNT_WORDS = frozenset(analyze(
    "montant montants somme sommes coût coûts prix valeur valait vaut représentait représente "
    "représenter chiffre budget total combien jours jour mois années année ans semaines lesquels "
    "lesquelles délai délais within worth cost costs price value amount days months years weeks euros"))
# A contract is the documents' « marché » as often as their « contrat »
_DEALS = frozenset(analyze("contrat contrats marché marchés"))


def _deal_alias(stems: frozenset[str]) -> frozenset[str]:
    return _DEALS if stems & _DEALS else frozenset()


def _attribute_stems(analysis: Analysis) -> frozenset[str]:
    """Stems of the attribute the question asks for (« salariés » in « combien de salariés »)."""
    stems = set(analyze(analysis.counted)) | set(analyze(analysis.asked))
    stems |= {s for s in analysis.stems if s in _ATTRIBUTE_WORDS}
    return frozenset(stems)


# A number that names rather than counts: « n° 2023-146 », « article 31 », « point 19.6 d) ».
_NUMBER_LABEL = re.compile(r"(?:\bn°|\bno|\bnumero|\barticle|\bart\.|\baffaire|\bversion"
                           r"|\bpoints?|\bchapitres?|\bsections?|\balineas?|\bannexes?|\blot|-)\s*$")
_PERCENT = re.compile(r"^\s*(?:%|pour ?cent|percent)")


def names_not_counts(before: str) -> bool:
    """The (folded) text right before a number makes it a label (« l'article 31 »)."""
    return bool(_NUMBER_LABEL.search(before[-12:]))


def is_share(after: str) -> bool:
    """The (folded) text right after a number makes it a percentage (« 24 % »)."""
    return bool(_PERCENT.match(after))


def counted_stems(analysis: Analysis) -> frozenset[str]:
    """What a « combien de X » counts, as stems: X, its French words when English ("how many
    partner hospitals": partner, hospitals), its other spellings as a unit (« années » / « ans »)."""
    if not analysis.counted:
        return frozenset()
    words = [analysis.counted]
    # « combien d'hôpitaux ou établissements »: either noun; « de partenaires et de pays »: both
    other = re.search(rf"\b{re.escape(analysis.counted)}\s+(?:ou|or|et|and)\s+(?:de\s+|d'|of\s+)?"
                      rf"([^\W\d_][\w'-]*)", fold(analysis.question))
    if other:
        words.append(other.group(1))
    if analysis.language == "en":
        if analysis.counted in QUESTION_STOPS:
            return frozenset()  # "the number of the case": an identifier, not a count
        after = re.search(rf"\b{re.escape(analysis.counted)}\s+([a-z][\w'-]*)",
                          fold(analysis.question))
        if after and fold(after.group(1)) not in QUESTION_STOPS:
            words.append(after.group(1))
        words += [french_equivalents(w) for w in list(words)]
    # the documents' own word for it (« 450 observations » counts comments received)
    words += [french_synonyms(w) for w in " ".join(words).split()]
    stems = {s for w in words for s in analyze(w)}
    for unit in _UNITS:
        if stems & unit:
            stems |= unit
    return frozenset(stems)


# Words after "how many X" that end the noun phrase.
QUESTION_STOPS = frozenset("are is was were do does did have has had will would can could of in "
                           "on for to by the a an".split())


def _labels(text: str) -> frozenset[str]:
    """Folded capitalised words inside a sentence (names): a number right after one is a
    label (« SecNumCloud 3.2 », « Order 12333 »), not a count."""
    words = re.findall(r"(?<=[\w,;:)»] )([A-ZÀ-Þ][\w@+-]*)", text)
    return frozenset(fold(w) for w in words)


# A place named after someone (« le Centre Léon Bérard », « l'hôpital Saint-Joseph »): the
# name that follows is not a person.
_NAMED_AFTER = re.compile(r"\b(?:[Cc]entre|[Hh]ôpital|[Ff]ondation|[Ii]nstitut|CHU|[Cc]linique"
                          r"|[Ll]ycée|[Rr]ue|[Aa]venue|[Pp]lace|[Uu]niversité)\s*$")


# The counted noun of « combien de fois », "how many times": occurrences, told by their dates.
TIMES = frozenset({"fois", "times"})


def _slot(analysis: Analysis, item: Scored, bank: SentenceBank,
          window: str = "") -> float:
    """1 when the sentence holds the very thing asked (a number that counts the asked noun,
    a person in the role asked, a ruling word for « qu'a donné »), 0 when it does not,
    0.5 when the kind of question asks for no such slot. ``window``: the folded text of the
    sentence with its neighbours (where a role may be named)."""
    from .questions import _ROLE

    kind = _slot_kind(analysis)
    folded = item.sentence.folded
    if kind in ("count", "money"):
        head = set(counted_stems(analysis)) if kind == "count" else set()
        asks_percent = bool(re.search(
            r"pourcentage|percent|%|\bparts?\b|taux|seuils?|thresholds?|proportion|share"
            r"|\bcapital\b|\bstakes?\b|\bparticipation|\bdeten\w*|\bown(ed|s)?\b|how much of"
            r"|\bcombien (du|de la|de l')", fold(analysis.question)))
        labels = _labels(item.sentence.text)
        asks_total = bool(_TOTAL_ASKED.search(fold(analysis.ask or analysis.question)))
        # the counted noun as written (accents help its embedding)
        counted = next((w for w in re.findall(r"[^\W\d_]+", analysis.question)
                        if fold(w) == analysis.counted), analysis.counted)
        if analysis.counted in TIMES and len(re.findall(r"\b(?:19|20)\d{2}\b", folded)) >= 2:
            return 1.0  # "how many times has it been amended?" — « modifié en 2003, en 2004 et en 2008 »
        for match in counts(folded):
            if match.group(1) in ("un", "une"):
                continue
            before, after = folded[:match.start()], folded[match.end():]
            share = is_share(after)
            if names_not_counts(before) or (share and not asks_percent):
                continue
            previous = re.search(r"([\w@+-]+)\s*$", before)
            if previous and previous.group(1) in labels:
                continue
            if asks_total and _PART_OF.search(before[-30:]):
                continue  # « sa quote-part de 11,5 millions » is not the total budget asked
            if kind == "money" and not re.match(
                    r"\s*(?:millions?|milliards?|m|md|k)?\s*(?:d'euros|d’euros|euros?|€|\$|dollars?)",
                    after):
                continue
            following = analyze(after[:40])[:3]
            # « le capital … ne doit pas être détenu à plus de 24 % »: a share is of the noun
            # the sentence names, before the figure as well as after it
            near = set(analyze(folded)) if share else set(following)
            if head and following and following[0] in _MEASURES and not head & _MEASURES:
                continue  # « 21 jours », « 55 pages » measure; they count no « exigences »
            if head and not head & near and not _synonym(
                    bank, counted, re.findall(r"[^\W\d_]{3,}", after[:40])[:2]) \
                    and not _associated(head, following):
                continue
            return 1.0
        return 0.0
    if kind == "who":
        info = bank.info(item.sentence)
        question = fold(analysis.question)
        own = fold(analysis.ask)
        if analysis.followup and re.search(r"(^|[?.!] )(et |and )?(qui|who)\b", own):
            # « Qui l'a révélée ? » after a turn about « la présidente de la CNIL »: the role
            # words the conversation lent are its topic, not the one asked
            question = own
        opening = " ".join(question.split()[:6])  # « Qui était le rapporteur public... »
        person = bool(_ROLE.search(question)) or any(role_asked(a, opening) for a, _ in ROLES)
        new = [(text, label) for text, label in info.entities
               if not set(analyze(text)) <= set(analysis.stems)]
        if person:
            new = [(text, label) for text, label in new if label == "PER"
                   and not any(c.isdigit() for c in text) and sum(c.isalpha() for c in text) >= 3
                   and not _NAMED_AFTER.search(item.sentence.text.split(text)[0][-25:])]
            # a line that is only a person's name (an article's byline) says who signed it
            byline = [text for text, _ in new] == [item.sentence.text.strip()]
            for asked, found in ROLES:
                if role_asked(asked, opening) and not found.search(window or folded) \
                        and not (byline and asked is AUTHOR):
                    return 0.0
        if _WINNER_ASKED.search(question):
            # « Et qui a eu le contrat ? »: a company or a person, in a sentence that says who
            # was chosen, not one that names a company on another count (« … a rejeté le
            # recours de Clever Cloud », « Le contrat entre Dassault Aviation et Bleu … »)
            if not _WINNER_TOLD.search(folded):
                return 0.0
            new = [(text, label) for text, label in new if label in ("ORG", "PER")]
        return 1.0 if new else 0.0
    if kind == "outcome":
        return 1.0 if _OUTCOME.search(folded) else 0.0
    if kind in ("other", "definition") and _IDENTIFIER_ASKED.search(
            fold(analysis.ask or analysis.question)):
        # "What's the deliberation number?": « délibération n° 2023-146 » holds it
        return 1.0 if _gives_number(item.sentence.text) else 0.0
    return 0.5


# Units a number measures with (time, length), not things it counts
_MEASURES = frozenset(analyze("jours jour mois an ans années année semaines heures minutes pages"))
# A whole asked (« le budget total », "in total"), and a figure given as a share of it
_TOTAL_ASKED = re.compile(r"\b(total\w*|global\w*|en tout|au total|overall|in all|whole|entier)\b")
_PART_OF = re.compile(r"\b(quote-part|part|contribution|dont|participation)\s+(?:de\s+|d')?$")
# How well a comment was received (folded): likes, votes, the most popular
_POPULARITY_ASKED = re.compile(
    r"\b(likes?|liked|likers?|upvot\w*|downvot\w*|pouces?|j'aime|plus (?:aime|like|liked|vote"
    r"|populaire|apprecie)e?s?|most (?:liked|voted|upvoted|popular|appreciated|shared)"
    r"|(?:le plus|most) (?:de |d')?(?:votes?|likes?|reactions?|partages?|shares?))\b")
_COMMENT_WORDS = re.compile(r"\b(comment\w*|lecteurs?|readers?|internautes?|posts?|messages?)\b")
# The number that names a text or a case (folded): "What's the deliberation number?", « sous
# quel numéro de décision … ? » (not « le nombre de … »: a count)
_IDENTIFIER_ASKED = re.compile(r"\b(numero|n°|number(?! of (?!the\b)))\b")


def _gives_number(text: str) -> bool:
    """Does ``text`` number a text or a case (« n° 2023-146 », « l'affaire T-553/23 »)?"""
    return bool(_NUMBERED.search(fold(text)) or identifiers(text))


def fills_slot(analysis: Analysis, item: Scored, bank: SentenceBank,
               in_corpus: Callable[[str], bool] = lambda term: True) -> bool:
    """Does the sentence hold the very person or figure asked (« qui », « combien de »,
    a price), the outcome asked (« ça a donné quoi ? »: « a annulé », « a renoncé »), or,
    asked what someone said, report speech with its content (the question
    naming someone the documents know)? False for the kinds that ask for no such slot."""
    if analysis.kind == "said":
        return any(in_corpus(x) for e in analysis.entities for x in analyze(e)) \
            and bank.info(item.sentence).flags >= {"reporting", "content"}
    return _slot_kind(analysis) in ("who", "count", "money", "outcome") \
        and _slot(analysis, item, bank) == 1.0


_SYNONYM = 0.75  # cosine of two words' embeddings above which one stands for the other
_word_vectors: dict[tuple[int, str], np.ndarray] = {}


def _synonym(bank: SentenceBank, word: str, candidates: Sequence[str]) -> bool:
    """Is one of ``candidates`` another word for ``word`` (« sociétés » / « entreprises »)?
    By the embedding model's vectors of the two words (kept per process)."""
    import numpy as np

    if not word or not candidates:
        return False
    key = id(bank.embeddings)
    missing = [w for w in (word, *candidates) if (key, w) not in _word_vectors]
    try:
        if missing:
            encoded = np.asarray(bank.embeddings.encode(missing), dtype=np.float32)
            if len(_word_vectors) > 20_000:
                _word_vectors.clear()
            for w, vector in zip(missing, encoded, strict=True):
                _word_vectors[(key, w)] = vector / max(float(np.linalg.norm(vector)), 1e-9)
    except Exception:  # noqa: BLE001 - an embedding failure only loses this evidence
        return False
    asked = _word_vectors[(key, word)]
    return any(float(np.dot(asked, _word_vectors[(key, w)])) >= _SYNONYM for w in candidates)


ASSOCIATED = 0.15  # a learned pair weight this high (top 1 % of pairs) makes one noun stand for another


def _associated(asked: frozenset[str] | set[str], found: Sequence[str]) -> bool:
    """Did the ranker's learned word pairs see questions counting ``asked`` answered by
    sentences counting ``found`` (« hôpitaux » / « établissements », « boîtes » /
    « entreprises »)? Another word for the counted noun, learned rather than listed."""
    model = current_scorer()
    pairs = model.associations if model is not None else None
    if pairs is None or not asked or not found:
        return False
    return pairs.strongest_pair(asked, found) >= ASSOCIATED


def _asks_role(analysis: Analysis) -> bool:
    """« Quelle dirigeante… », "Who is the CEO…": a person in a role (checked by ``_slot``)."""
    if _slot_kind(analysis) != "who":
        return False
    opening = " ".join(fold(analysis.question).split()[:6])
    return any(role_asked(asked, opening) for asked, _ in ROLES)


def _slot_kind(analysis: Analysis) -> str:
    """The kind whose slot is checked: a price asked without « combien » counts as money, and
    so does a « quel X » whose X is an amount (« quel salaire », « quelle amende »)."""
    kind = analysis.kind
    # what this turn asks (not the words a follow-up carries over from earlier turns); in
    # French, « pays » is a country, not "pays"
    asked = fold(analysis.ask or analysis.question)
    money = any(m.group(1) != "pays" or analysis.language != "fr"
                for m in _MONEY_ASKED.finditer(asked))
    if kind in ("other", "count") and money:
        return "money"
    if kind not in ("when", "duration", "yes_no") and not analysis.followup:
        head = _ASKED_HEAD.search(fold(analysis.ask or analysis.question).replace("’", "'"))
        if head and set(analyze(head.group(1))) & _AMOUNT_HEADS:
            return "money"
    return kind


def _focus(analysis: Analysis, in_corpus: Callable[[str], bool]) -> list[Concept]:
    """The concepts that say what is asked: not the names, not the frame, not an English word
    the corpus cannot hold (no French equivalent known)."""
    names = frozenset(s for e in analysis.entities for s in analyze(e))
    out = []
    for part in analysis.parts:
        for concept in part.concepts:
            # a frame word, or an English word most of whose French equivalents are (not
            # "leave": « quitter », « sortir » — whose stem is also that of « sorte »)
            if concept.stems & names or 2 * len(concept.stems & _FRAME) >= len(concept.stems):
                continue
            # an English word stands for its French equivalents, or is one (« organisations »);
            # one that is neither cannot be matched
            if analysis.language == "en" and not any(in_corpus(s) for s in concept.stems):
                continue
            out.append(concept)
    return out


# What the French stemmer leaves of a participle's ending on one form and not the other:
# « promis » → « prom », « promise » → « promis »
_PARTICIPLE_RESIDUES = frozenset(("is", "it"))


def _inflected(a: str, b: str) -> bool:
    """Two stems of one participle (« prom » / « promis »)."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and long[len(short):] in _PARTICIPLE_RESIDUES


def _holds(concept: Concept, stems: frozenset[str]) -> bool:
    """The concept is there, by stem or lemma, or by a close spelling (« détient » / « détenue »,
    « promis » / « promise »)."""
    return bool(concept.stems & stems) or any(
        _close(a, b) or _inflected(a, b) for a in concept.stems for b in stems if len(b) >= 4)


def _share(concepts: Sequence[Concept], stems: frozenset[str]) -> float:
    weight = sum(c.weight for c in concepts)
    return sum(c.weight for c in concepts if _holds(c, stems)) / weight if weight else 1.0


def _dense(analysis: Analysis, best: Scored, hits: Sequence[Hit],
           bank: SentenceBank) -> tuple[float, float]:
    """Cosine of the question without its names, and of the names alone, to the closest of
    the answer sentence and its neighbours (their embeddings are already computed)."""
    import numpy as np

    hit = hits[best.hit_index]
    entry = bank.embedded([(hit.chunk_id, hit.chunk.text)])[0]
    if entry.vectors is None:
        return 0.0, 0.0
    rows = [j for j in (best.position - 1, best.position, best.position + 1)
            if 0 <= j < len(entry.sentences) and j < len(entry.vectors)]
    if not rows or entry.vectors.shape[1] < 2:
        return 0.0, 0.0
    rest = analysis.question
    for name in sorted(analysis.entities, key=len, reverse=True):
        rest = rest.replace(name, " ")
    names = " ".join(analysis.entities) or analysis.question
    vectors = np.asarray(bank.embeddings.encode([rest, names]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    sentences = entry.vectors[rows]
    sentences = sentences / np.maximum(np.linalg.norm(sentences, axis=1, keepdims=True), 1e-9)
    if sentences.shape[1] != vectors.shape[1]:
        return 0.0, 0.0
    scores = sentences @ vectors.T
    return float(scores[:, 0].max()), float(scores[:, 1].max())


# A question asking from when a period runs, and a date bound to a start.
_ASKS_START = re.compile(
    r"\b(from (what|which) (exact )?(date|day)|starts? (to run|running)|(a partir|a compter)"
    r" de quelle date|commence(nt)? a courir|prend(ra|ront)? effet|takes? effect)\b")
_STARTS = re.compile(
    r"\b(a partir d\w*|a compter d\w*|depuis|des le|court\w*|commenc\w*|debut\w*"
    r"|entr\w+ en vigueur|prend\w* effet|effet le|applicable|s'applique\w*|from|since|start\w*)\b")
_REACTION = re.compile(
    r"\b(reagi\w*|reaction\w*|react\w*|respond\w*|repondu|pense quoi|pensent quoi|think of"
    r"|thinks of|thought of|opinion|avis|what did .{0,40} say|qu'a dit|qu'ont dit)\b")
_ASKS_RULING = re.compile(
    r"\b(ruling|verdict|judgment|judgement|decision) (on|of|in)\b|\bwhat did .{0,60}\b(rule|decide)"
    r"|\bqu'a (decide|juge|tranche)|\bquelle (decision|issue)|\bqu'a donne")
_PER_UNIT = re.compile(r"\b(per|par|chaque|each|a|an) (tera\w*|giga\w*|to|go|mois|an|annee|jour"
                       r"|month|year|day|patient\w*|utilisateur\w*|user\w*|heure|hour|licen\w*)\b")
# A question about what is to happen (« doit-elle se prononcer », "will", "is due to"), and a
# sentence about what is planned or awaited.
_ASKS_FUTURE = re.compile(
    r"\b(doi(?:t|vent)-(?:t-)?(?:il|elle|ils|elles|on)|va-t-(?:il|elle|on)|vont-(?:ils|elles)"
    r"|\w+(?:er|ir|r)a-t-(?:il|elle|on)|\w+ront-(?:ils|elles)|devrai(?:t|ent)|will|is due to"
    r"|are due to|is expected to|are expected to|is scheduled to|is set to|a venir)\b")
_PLANNED = re.compile(
    r"\b(doi(?:t|vent)|devrai(?:t|ent)|prevue?s?|attendue?s?|sera|seront|d'ici|a venir|programme\w*"
    r"|envisag\w*|pourrai(?:t|ent)|cense\w*|echeance|au plus tard|calendrier|\w+(?:era|ira|ra)"
    r"|\w+(?:eront|iront|ront)|expected|scheduled|due|will|planned|should|deadline)\b")
# The verb a yes or no question turns on: the participle after « a-t-elle », « ont-ils »,
# « a », « est »… (past adverbs), the verb inverted before « -t-elle », or the English verb
# after « did / does / has … » and its subject (the word before an article or a name).
_ADVERBS = (r"(?:(?:ete|deja|bien|vraiment|effectivement|finalement|reellement|concretement"
            r"|jamais|aussi|encore|toujours|formellement|officiellement|lui-meme|elle-meme"
            r"|eux-memes|pas|elle|il|ils|elles)\s+)*")
_FR_PARTICIPLE = re.compile(
    r"\b(?:a|ont|avait|avaient|est|sont|etait|etaient|ete)(?:-t-(?:il|elle|ils|elles|on)"
    r"|-(?:ils|elles))?\s+" + _ADVERBS + r"([a-z]{3,}(?:e|ee|es|ees|i|is|ie|u|us|ue|ert|it))\b")
_FR_INVERTED = re.compile(r"\b([a-z]{4,})-(?:t-)?(?:il|elle|ils|elles|on)\b")
_EN_AUX = re.compile(r"^(?:did|does|do|can|could|will|would|should|has|have|had|is|are|was|were)"
                     r"\s+(.*)$")
_EN_NEXT = re.compile(r"^(?:the|a|an|its|their|his|her|any|all|to|that|this|these|those|it|them"
                      r"|[A-Z0-9][\w'’.-]*)$")
_EN_SKIP = frozenset("the a an its their any all of to that this these those been being be "
                     "actually really already ever finally formally officially still also "
                     "itself themselves not yet".split())


def asked_verb(question: str, language: str) -> str:
    """The verb a yes or no question turns on ("" when not found)."""
    text = question.replace("’", "'").strip()
    if language == "en":
        match = _EN_AUX.match(text.lower())
        if not match:
            return ""
        words = text[match.start(1):].rstrip(" ?").split()
        if not words:
            return ""
        for word, after in zip(words[1:], words[2:] + [""], strict=True):
            if word[0].isupper() or word.lower() in _EN_SKIP or word.endswith("ly"):
                continue
            if not word.isalpha():
                continue
            if word.endswith(("ed", "en")) or _EN_NEXT.match(after):
                return word.lower()
        return ""
    folded = fold(text)
    participle = _FR_PARTICIPLE.search(folded)
    if participle:
        return participle.group(1)
    inverted = _FR_INVERTED.search(folded)
    if inverted and inverted.group(1) not in ("est", "sont", "peut", "faut", "avait"):
        return inverted.group(1)
    return ""


_EN_EVENT = re.compile(r"^(?:when|on what date|in what year|in which year)\b.*?\b(\w{4,}ed)\b")


def asked_event(question: str, language: str) -> frozenset[str]:
    """The stems of the event a date question asks about (« Quand a-t-elle été publiée ? »,
    "When was it actually published?"): the verb, with its French equivalents."""
    if language == "en":
        match = _EN_EVENT.match(fold(question))
        if not match:
            return frozenset()
        word = match.group(1)
        french = french_equivalents(word).split()
        # « publié » and « publiée » stem apart: both
        french += [w + "e" for w in french if w.endswith("é")]
        return frozenset(analyze(word)) | frozenset(s for w in french for s in analyze(w))
    verb = asked_verb(question, language)
    return frozenset(analyze(verb)) if verb else frozenset()


# An exact date asked (folded)
_ASKS_EXACT = re.compile(r"\b(exact|exacte|exactly|exactement|precis|precise|precisely|precisement"
                         r"|quel jour|what day|which day)\b")
# What a « quel X » / "which X" asks for: X, past a verb, an article, a number or an adjective.
_ASKED_HEAD = re.compile(
    r"\b(?:quel|quelle|quels|quelles|which|what)\s+"
    r"(?:(?:sont|est|etaient|etait|seront|sera|are|is|were|was)\s+)?"
    r"(?:(?:les|la|le|l'|the|des|du|de)\s*)?"
    r"(?:(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|other|others|autres?|french"
    r"|francaise?s?|european|europeenne?s?|exact\w*|precis\w*|specific|main|principa\w*"
    r"|nouvelle?s?|new|dernier\w*|premier\w*|first|last|german|allemande?s?)\s+)*"
    r"([^\W\d_][\w'-]{2,})")
# Nouns that name an amount.
_AMOUNT_HEADS = frozenset(analyze(
    "montant prix tarif tarifs coût coûts salaire salaires amende amendes rémunération budget "
    "somme valeur amount price prices cost costs salary salaries fine fines fee fees budget value"))
# A question about the present state (folded): « toujours », "still", "today"
_ASKS_NOW = re.compile(r"\b(still|today|now|currently|nowadays|anymore|any longer|toujours|encore"
                       r"|aujourd'hui|actuellement|a ce jour|maintenant|en ce moment|desormais)\b")
# … or the latest news asked besides ("… still in force? what's the latest")
_NEWS_ASKED = re.compile(r"\b(latest|most recent|news|status|stand|dernier\w*|quoi de neuf|ou en est)\b")
_STATED_UNKNOWN = re.compile(
    r"\b(?:reste|restent|demeure|demeurent|est|sont) (?:inconnue?s?|incertaine?s?)|\binconnue?s?\b"
    r"|\bne (?:disent|dit|precise|precisent|indique|indiquent) pas (?:non plus )?si\b"
    r"|\bn'(?:est|sont) pas connue?s?"
    r"|\bon ne sait pas (?:non plus )?si\b|\bon ignore si\b|\bn'a pas ete trouvee?\b"
    r"|\bne permettent pas de (?:savoir|dire|confirmer|affirmer) si\b|\bsans (?:preciser|dire) si\b")
_WHEN_SUBJECT = re.compile(
    r"^(?:quand|a quelle date|en quelle annee|when|on what date|in what year|in which year)\s+"
    r"(?:(?:exactly|precisely|roughly|actually|finally)\s+)?"
    r"(?:did|does|do|has|have|was|were|is|are|will)?\s*(.{2,80}?)"
    r"(?:-t-(?:il|elle|ils|elles)|-(?:il|elle|ils|elles)\b|\s+(?:hand|rule|sign|adopt|publish|"
    r"reject|deliver|conclude|receive|approve|file|launch|open|decide|obtain|get|gain|win|won|"
    r"grant|award|lodge|submit|pass|appoint|acquire|withdr|dismiss|validat|select|found|creat|"
    r"establish|set up|form|start|introduc|enact|promulgat)\w*)")
# A turn whose subject is a pronoun (folded): « Elle a été créée quand ? », "When did it start?"
_PRONOUN_SUBJECT = re.compile(
    r"^(?:(?:et|and|so|ok|alors)\s+)?(?:il|elle|ils|elles|it|they|he|she)\s"
    r"|-t-(?:il|elle|ils|elles)\b|\w-(?:il|elle|ils|elles)\b"
    r"|\b(?:did|does|do|was|were|is|are|has|have|will)\s+(?:it|they|he|she)\b")
# a subject that names nothing (a pronoun, « the first one »): the conversation's
_VACANT_SUBJECT = re.compile(r"^(?:it|its \w+|they|their \w+|he|she|the (?:first|second|last|"
                             r"next|other) one|that|this)(?: \w+ly| first| ever| really)?$")  # "it actually"
_DATE_OF = re.compile(
    r"\bdates? (?:exacte |precise |officielle )?(?:de |d'|du |des )(?:la |l'|le |les )?([^\W\d_]{4,})"
    r"|\b([^\W\d_]{4,}) date\b"
    # « Et le décret d'application de cet article, il date de quand ? »
    r"|^\W*(?:et |mais |ok )?(?:le |la |les |l')([^\W\d_]{4,})\b[^?,]{0,60}, (?:il|elle|ils|elles|ca)"
    r" date\b")
_ORG_HEADS = frozenset(analyze(
    "prestataire prestataires hébergeur hébergeurs entreprise entreprises société sociétés "
    "fournisseur fournisseurs opérateur opérateurs provider providers company companies firm "
    "firms host hosts"))
_QUOTED = re.compile(r'[«»"“”]|:\s*$')
# What someone named said, thought or how they reacted (« Qu'a dit Thierry Breton sur … »,
# « Comment Microsoft a-t-il réagi … », "What was X's reaction"): the group holds the speaker.
_SPEAKER_ASKED = re.compile(
    r"\b(?:qu'?a|qu'ont)(?:-t-(?:il|elle))? (?:dit|declare|repondu|affirme|lance|raconte|explique"
    r"|annonce|ecrit|promis|reproche|critique|propose|demande|souhaite)(?:\s+precisement)? "
    r"(?P<a>.{3,60}?)(?= sur | a propos| au sujet| de l'| de la| du | des | aux | a la | a l'"
    r"| en \d|\s*\?|$)"
    r"|\bque (?:pense|pensent|dit|disent|repond|repondent) (?P<b>.{3,60}?)"
    r"(?= sur | a propos| au sujet| de | du | des |\s*\?|$)"
    r"|\bqu'est[- ]ce que (?P<c>.{3,60}?) (?:pense|pensent|a dit|a repondu|a declare|dit|repond)\b"
    r"|\bcomment (?P<d>.{3,60}?) (?:a|ont)(?:-t-(?:il|elle|ils|elles))? (?:\w+ )?"
    r"(?:reagi|repondu|accueilli|juge|commente)"
    r"|\b(?P<e>[\w' -]{3,60}?) (?:pense|pensent|dit|a dit) quoi\b"
    r"|\bhow did (?P<f>.{3,60}?) (?:\w+ )?(?:react|respond|reply|answer)"
    r"|\bwhat did (?P<g>.{3,60}?) (?:\w+ )?(?:say|think|tell|reply|answer|respond|claim|declare"
    r"|write)\b"
    r"|\bwhat (?:was|is) (?P<h>.{3,60}?)'s (?:reaction|response|view|position|opinion)")
# A speaker named by a role (« le patron de l'ANSSI », "ANSSI's director") or the readers:
# the documents name the person, or the comments speak; not checked by name.
_SPEAKER_ROLE = re.compile(
    r"\b(direct\w*|dirig\w*|patron\w*|head|chief|ceo|pdg|presid\w*|chair\w*|ministr\w*"
    r"|minister\w*|fondat\w*|founder\w*|cofond\w*|co-found\w*|porte-parole|spokes\w*"
    r"|secretaire|secretary|rapporteur\w*|juge\w*|judge\w*|avocat\w*|lawyer\w*|responsable\w*"
    r"|officials?|representant\w*|dg|dga|dsi|cto|cio|boss|executive\w*|officer\w*|delegue\w*)\b")
_SPEAKER_VAGUE = re.compile(
    r"\b(lecteurs?|commentateurs?|internautes?|readers?|commenters?|il|elle|ils|elles|on|qqn)\b")
# « À quelle occasion … ? », "At which event did she say …?": the setting of a statement
OCCASION_ASKED = re.compile(
    r"\b(?:a quelle occasion|en quelle occasion|lors de quel\w*|au cours de quel\w*"
    r"|(?:at|on|during|in) (?:what|which) (?:event|occasion|forum|setting|venue|conference"
    r"|hearing|interview|circumstances?))\b")
# Events a question may turn on, and the words that state them: who won (a tender, a
# contest), how a vote went, who succeeded someone, what grade was given, what sanction. The answer states
# the event, not only what it was about (« la procédure UGAP », « la délibération »).
# Who won a contract or a tender (folded): « qui a remporté le marché », « qui a eu le
# contrat », "who got the contract", « le lauréat »; and the words that say who was chosen
_WINNER_ASKED = re.compile(
    r"\b(?:a|ont|avait|avaient|a-t-(?:il|elle)|ont-(?:ils|elles))\s+(?:\w+\s+)?"
    r"(?:remporte\w*|gagne\w*)|\b(?:won(?!'t)|winner|vainqueur|laureat\w*|attributaire\w*)\b"
    r"|\b(?:decroche|eu|obtenu|got|gotten|landed|secured|was awarded|were awarded)\s+(?:le|la|l'"
    r"|ce|cet|cette|the|that|this)?\s*(?:marche|contrat|appel d'offres|contract|tender|deal"
    r"|procurement|bid)\b|\b(?:qui|quel\w*|lequel|laquelle|who|which)\b[^?]{0,30}\b(?:(?:a|ont) ete"
    r" retenue?s?|(?:was|were) (?:picked|chosen|selected))\b")
_WINNER_TOLD = re.compile(
    r"\b(remporte\w*|gagne\w*|attribue\w*|attribution|attributaire\w*|laureat\w*|retenue?s?"
    # (« la demande de confier l'hébergement … » asks a choice, it tells none)
    r"|choisie?s?|choix|selectionne\w*|vainqueur|confi(?:e|ee|ees|es|ent|a|erent|ait)|decroche\w*|won"
    r"|awarded|selected"
    r"|chosen)\b")
_EVENTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(asked), re.compile(found)) for asked, found in (
        (_WINNER_ASKED.pattern, _WINNER_TOLD.pattern),
        (r"\b(unanimit\w*|voix|vot\w* (?:contre|pour|en faveur|against|for|in favou?r))\b",
         r"\b(vot\w*|unanimit\w*|voix|scrutin\w*|majorit\w*|abstenu\w*)\b"),
        # (« qu'est-ce qui l'a remplacé ? » asks what, not who)
        (r"\b(?:(?<!est-ce )qui|who)\b.{0,40}\b(?:remplace\w*|replaced|succede\w*)\b"
         r"|\b(?:successeur|successor)\b",
         r"\b(remplac\w*|succ\w*|nomm\w*|replac\w*|appointed|a la tete|relais|releve"
         r"|prend\w* la (?:tete|direction|suite)|candidat\w*)\b"),
        (r"\b(?:quelles?|meilleures?|what|which|best|highest)\s+(?:notes?|scores?)\b"
         r"|\b(?:obtenu\w*|got|get|received)\s+(?:\w+\s+){0,2}(?:notes?|scores?)\b",
         r"\b(notes?|notee?s?|notation|scores?|\d+\s*points|classee?s?|classement|/20|/10|rang"
         r"|ranked)\b"),
        (r"\b(sanctions?|penalites?|penalt\w*|amendes?|fines|peines?|sanctionne\w*)\b",
         r"\b(sanction\w*|penalit\w*|amendes?|peines?|astreinte\w*|condamn\w*|fines?|fined"
         r"|penalt\w*)\b"),
        # « à quelle occasion … ? », "at which event did she say …?": where or when it was said
        (OCCASION_ASKED.pattern,
         r"\b(lors d\w*|a l'occasion|au cours d\w*|pendant|devant|entretien|interview\w*"
         r"|audition\w*|conference\w*|colloque\w*|salon|forum|sommet|tribune|table ronde"
         r"|discours|congres|emission|assises|rencontres?|mission d'information|commission"
         r"|senat\w*|assemblee|webinaire|podcast|debat\w*)\b"),
    ))
# A win stated as to come or possible (« l'attribution est prévue fin mars », « annonce
# l'attribution pour fin mars 2026 », « candidats possibles ») is not the win asked.
_NOT_DONE = re.compile(
    r"\b(prevue?s?|attendue?s?|doit|doivent|devrai(?:t|ent)|d'ici|envisag\w*|a venir|expected"
    r"|scheduled|due|candidat\w*|possibles?|pourrai(?:t|ent))\b"
    r"|\bpour (?:la )?(?:fin |debut |mi-)?(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout"
    r"|septembre|octobre|novembre|decembre|l'ete|l'automne|le printemps|l'hiver|20\d\d)\b")
# « Quel est le numéro du décret … », « Quel numéro portait la demande … », « Sous quel numéro
# est enregistrée l'affaire … »: the noun whose number is asked, and a number written as one.
_NUMBER_OF = re.compile(
    r"\bnumero (?:de |du |d')(?:la |l'|le )?([^\W\d_]{4,})"
    r"|\bquel numero (?:portai\w*|porte|avait|a) (?:la |l'|le )?([^\W\d_]{4,})"
    r"|\bsous quel numero (?:est |a ete |etait )?(?:\w+ )?(?:la |l'|le )?([^\W\d_]{4,})")
# « Qu'a décidé le parquet ? », "What did the Supreme Court decide?": who decided.
_DECIDER = re.compile(
    r"\bqu'(?:a|ont)(?:-t-(?:il|elle|ils|elles))? (?:finalement |donc |alors )?(?:decide|juge"
    r"|tranche|conclu|ordonne|statue|prononce)e?s? (?:le |la |l'|les )?([^\W\d_][\w' -]{2,40}?)"
    r"(?= dans| sur| a propos| au sujet| concernant| en \d|\s*\?|$)"
    r"|\bwhat did (?:the )?(.{3,40}?) (?:finally |ultimately |actually )?"
    r"(?:decide|rule|conclude|order)\b")
# « n° 2023-146 », « le numéro T-553/23 », « (affaire C-703/25 P) »: a text or a case numbered
_NUMBERED = re.compile(
    r"(?:n°|\bno\b|\bnumero\b)\s*[«\"“]?\s*[\w/.-]*\d|\baffaire [a-z]-\d[\w/.-]*")
# « La règle SecNumCloud de la circulaire porte le numéro « R9 » »: the number of the subject
_BEARS = re.compile(r"\bport(?:e|ent|ait|aient) (?:le|les|un) $")
# the number of a case is given wherever the sentence about that case numbers it
_CASE_NOUNS = frozenset(analyze("pourvoi recours requête affaire"))
_ACCORDING = re.compile(r"\b(?:selon|d'apres|pour|according to)\s+(.{3,60}?)[,;]")


def _number_context(folded: str, start: int) -> int:
    """Where the words a number is of begin: 40 characters before it, or the start of the
    sentence when the number is what its subject bears (« … porte le numéro « R9 » »)."""
    return 0 if _BEARS.search(folded[max(0, start - 20):start]) else max(0, start - 40)


def features(analysis: Analysis, items: Sequence[Scored], hits: Sequence[Hit],
             bank: SentenceBank, *, top_dense: float,
             in_corpus: Callable[[str], bool] = lambda term: True,
             wanted: Sequence[str] | None = None) -> dict[str, float]:
    """What tells whether ``items`` (the chosen sentences, best first) answer the question.

    Measured on the sentence that carries the answer (the first one, or the first with the
    answer's shape), alone and with its immediate context. ``wanted``: the features a model
    uses (the ones that cost an embedding are computed only when asked for).
    """
    shaped = [s for s in items if s.shape >= 0.99]
    best = shaped[0] if shaped else items[0]
    inner = _stems(best, bank)
    windows = [_stems(s, bank) | _context(s, hits, bank) for s in items]
    window = windows[items.index(best)]
    union = frozenset().union(*windows)
    concepts = [c for part in analysis.parts for c in part.concepts]
    name_stems = frozenset(s for e in analysis.entities for s in analyze(e))
    names = [c for c in concepts if c.stems & name_stems]
    rest = [c for c in concepts if not c.stems & name_stems]
    total = sum(c.weight for c in concepts) or 1.0
    top = max((c.weight for c in concepts), default=1.0) or 1.0

    def held(concept: Concept, stems: frozenset[str]) -> bool:
        """The concept is there; a word the corpus never uses (a misspelling, an irregular
        form: « détient » / « détenue ») also counts when a close form is there."""
        if concept.stems & stems:
            return True
        if any(in_corpus(s) for s in concept.stems):
            return False
        return any(_close(a, b) for a in concept.stems for b in stems)

    def share(group: list, stems: frozenset[str]) -> float:
        weight = sum(c.weight for c in group)
        return sum(c.weight for c in group if held(c, stems)) / weight if weight else 1.0

    known = [c for c in rest if any(in_corpus(s) for s in c.stems)]
    missing = [c for c in known if not c.stems & window]
    missing_all = [c for c in known if not c.stems & union]
    unknown = [c for c in concepts if not any(in_corpus(s) for s in c.stems)
               and not held(c, union)]
    attribute = _attribute_stems(analysis)
    kind = analysis.kind
    group = _KIND_GROUPS.get(kind, "open")
    shape = max(s.shape for s in items)
    # each judged sentence with the sentences right before and after it
    arounds = [[s.sentence] + _neighbours(s, hits, bank) for s in items]
    texts = [" ".join(t.folded for t in around) for around in arounds]
    if attribute & _NUMBER_WORDS and _gives_number(
            " ".join(t.text for t in arounds[items.index(best)])):
        # « délibération n° 2023-146 » holds the number "What's the deliberation number?" asks
        window = window | _NUMBER_WORDS
    slots = [_slot(analysis, s, bank, text) for s, text in zip(items, texts, strict=True)]
    slot = max(slots)
    focus = _focus(analysis, in_corpus)
    filled = [w for w, value in zip(windows, slots, strict=False) if value == 1.0]
    values = {
        "cov_sentence": sum(c.weight for c in concepts if held(c, inner)) / total,
        "cov_window": sum(c.weight for c in concepts if held(c, window)) / total,
        "ask_sentence": share(rest, inner),
        "ask_window": share(rest, window),
        "ask_union": share(rest, union),
        "names_window": share(names, window),
        "missing_max": max((c.weight for c in missing), default=0.0) / top,
        "missing_all_max": max((c.weight for c in missing_all), default=0.0) / top,
        "missing_count": min(len(missing), 4) / 4,
        "attribute": 1.0 if attribute and attribute & window else 0.0,
        "attribute_absent": 1.0 if attribute and not attribute & window else 0.0,
        "shape": shape,
        "shape_full": 1.0 if shape >= 0.99 else 0.0,
        "slot": slot,
        "slot_missing": 1.0 if slot == 0.0 else 0.0,
        "slot_filled": 1.0 if slot == 1.0 else 0.0,
        "entities": best.entities,
        "strength": items[0].score,
        "similarity": best.similarity,
        "dense": top_dense,
        "coverage": best.coverage,
        "yes_no": 1.0 if analysis.yes_no else 0.0,
        "english": 1.0 if analysis.language == "en" else 0.0,
        "fact_kind": 1.0 if group == "fact" else 0.0,
        "open_kind": 1.0 if group == "open" else 0.0,
        "unknown_terms": min(len(unknown), 3) / 3,
        # one-fact questions: is what is asked in the very sentence that gives the fact?
        "fact_ask_sentence": share(rest, inner) if group == "fact" else 0.0,
        "fact_ask_union": share(rest, union) if group == "fact" else 0.0,
        # the focus: what is asked, apart from the names and the question's frame
        "focus_window": _share(focus, window),
        "focus_union": _share(focus, union),
        "focus_slot": (max(_share(focus, w) for w in filled) if filled else 0.0)
        if slot < 0.5 or filled else _share(focus, window),
        # the slot is filled, but only in sentences holding none of what is asked (an amount,
        # a name, about something else); a person found in the role asked holds it
        "slot_off_focus": 1.0 if slot == 1.0 and focus and not _asks_role(analysis) and not any(
            any(_holds(c, w) for c in focus) for w in filled) else 0.0,
        "yes_no_unknown": 1.0 if analysis.yes_no and any(
            not any(in_corpus(s) for s in c.stems) and not _holds(c, union) for c in focus)
        else 0.0,
    }
    # A sentence saying the sources do not tell (« ne disent pas si l'autorisation de trois ans
    # a été renouvelée ») does not give its figures as the answer.
    shaped_items = [s for s in items if s.shape >= 0.5]
    values["shape_only_unknown"] = 1.0 if kind in _STRICT and shaped_items and all(
        states_unknown(s.sentence.folded) for s in shaped_items) else 0.0
    asked = fold(analysis.ask or analysis.question)
    asked_text = asked.replace("’", "'")
    # "From which date does it start running?": a date bound to a start (« à compter du »,
    # « entre en vigueur »), not the date of another event of the same thing.
    values["start_unbound"] = 1.0 if kind == "when" and not analysis.followup and _ASKS_START.search(
        asked) and not any(
        _STARTS.search(s.sentence.folded) for s in items if s.shape >= 0.99) else 0.0
    # What came of a case: the sentence saying what was decided names what the question names
    # (the CJEU's ruling on the appeal is not the General Court's on the first action).
    sentence_stems = [_stems(s, bank) for s in items]
    name_sets = _name_sets(analysis)
    names_known = [n for n in name_sets if any(in_corpus(x) for x in n)]
    # (the names may be in its heading or the sentence after it: « … a rejeté au fond les
    # recours n° 491644 et n° 492368. La décision … juge ensemble la requête n° 491644 de
    # l'ISOC France … »)
    ruling = [st | _context(s, hits, bank, sides=(1,))
              for s, st in zip(items, sentence_stems, strict=True)
              if _OUTCOME.search(s.sentence.folded)]
    values["outcome_unnamed"] = 1.0 if kind == "outcome" and ruling and names_known and not any(
        all(n & st for n in names_known) for st in ruling) else 0.0
    # A count or an amount is stated with what it is of, in its own sentence (« 11,5 millions
    # d'euros au budget 2022 » is not the amount of a tender named in the next sentence).
    filled_inner = [st for st, value in zip(sentence_stems, slots, strict=True) if value == 1.0]
    # a follow-up's subject (« et ça coûtait combien ? » after the tender) may be named in the
    # sentence right before the amount (« Le marché … portait sur 6,2 millions d'euros »)
    filled_told = filled_inner if not analysis.followup else [
        st | frozenset(x for b in _before(s, hits, bank, 1) for x in b.stems)
        for s, st, value in zip(items, sentence_stems, slots, strict=True) if value == 1.0]
    values["slot_off_focus_sentence"] = 1.0 if slot == 1.0 and focus and _slot_kind(
        analysis) in ("count", "money") and not any(
        any(_holds(c, st) for c in focus) for st in filled_told) else 0.0
    # A follow-up naming what it counts or prices ("How much is that contract worth?") is
    # answered by an amount of that thing, not by any amount about the conversation's subject
    # (« L'aide … pouvait atteindre 180 000 euros par PME » is no contract's worth).
    values["slot_off_ask_sentence"] = 0.0
    if analysis.followup and analysis.ask and slot == 1.0 and _slot_kind(analysis) in (
            "count", "money"):
        own = _phrase_stems(asked_text, analysis.language) - _AMOUNT_WORDS
        priced = [c for c in focus if c.stems & own and not c.stems & _AMOUNT_WORDS]
        if priced and not any(any(_holds(c, st | _deal_alias(st)) for c in priced)
                             for st in filled_told):
            values["slot_off_ask_sentence"] = 1.0
    # "What date did they clear J2?": a label of a series (« jalon J2 », « C3 ») asked, when
    # the quoted sentences and those around them name others of its series (« J0 », « J1 »)
    # and never it, is not what they tell
    values["label_other"] = 0.0
    around_text = " ".join(texts)
    labels = _SERIES_LABEL.findall(asked_text)
    if len(labels) == 1 and kind != "list":  # (not « de J0 à J3, c'est quoi ? »: the series)
        prefix, number = labels[0]
        told = {n for p, n in _SERIES_LABEL.findall(around_text) if p == prefix}
        if told and number not in told:
            values["label_other"] = 1.0
    # How someone reacted, what they think: someone reports or is quoted.
    # A question about when or by whom (« Quand la CNIL a-t-elle rendu son avis ? ») asks a
    # slot, not the reaction; a sentence naming the reaction itself (« un avis favorable »)
    # reports it.
    reaction = _REACTION.search(asked)
    reported = reaction is not None and any(
        re.search(rf"\b{re.escape(reaction.group(0))}\b", s.sentence.folded) for s in items)
    values["reaction_unreported"] = 1.0 if reaction and kind not in _STRICT and not reported \
        and not analysis.comments and not any(
            bank.info(s.sentence).flags & {"reporting", "content"}
            or _QUOTED.search(s.sentence.text) for s in items) else 0.0
    # The same for a ruling asked in other words ("What was the ruling on …?"), when the
    # question asks the ruling itself (not who gave it, nor when).
    values["ruling_unnamed"] = 1.0 if kind not in _STRICT | {"why"} and _ASKS_RULING.search(
        asked) and names_known and not any(
        all(n & st for n in names_known) for s, st in zip(items, sentence_stems, strict=True)
        if _OUTCOME.search(s.sentence.folded)) else 0.0
    # A price per unit (per terabyte, « par mois ») is an amount stated per some unit.
    per = _PER_UNIT.search(asked)
    values["per_unit_missing"] = 1.0 if per and _slot_kind(analysis) == "money" and slot == 1.0 \
        and not any(re.search(r"(\bpar\b|/|\bper\b|\bchaque\b)", s.sentence.folded)
                    for s, v in zip(items, slots, strict=True) if v == 1.0) else 0.0
    # When something is to happen: a date given as planned, awaited, due (« doit se prononcer »
    # is not answered by the date the appeal was filed).
    values["future_unplanned"] = 1.0 if kind == "when" and _ASKS_FUTURE.search(asked_text) \
        and not any(_PLANNED.search(s.sentence.folded) for s in items if s.shape >= 0.99) \
        else 0.0
    # A yes or no whose deciding sentence says the matter is unknown (« Ce qui reste inconnu :
    # … (information individuelle ou collective) ») is not a yes.
    values["yes_no_unknown_stated"] = 1.0 if analysis.yes_no and _STATED_UNKNOWN.search(
        items[0].sentence.folded) else 0.0
    # « La CNIL a-t-elle publié la version définitive … ? », "Did the EMA formally approve …?":
    # a yes or no turns on its verb, which the deciding sentence or those around it must hold
    verb = asked_verb(analysis.ask or analysis.question, analysis.language)
    values["yes_no_verb_absent"] = 0.0
    # "What's the deliberation number?" and « délibération n° 2023-146 »: the number asked is
    # there (the pairs leave figures out, so they cannot see it)
    values["identifier_given"] = 1.0 if slot == 1.0 and _IDENTIFIER_ASKED.search(
        fold(analysis.ask or analysis.question)) else 0.0
    if analysis.yes_no and not analysis.comments and verb:
        verb_stems = _phrase_stems(verb, analysis.language) - _FRAME
        if verb_stems and not any(verb_stems & w or any(
                _close(a, b) for a in verb_stems for b in w if len(b) >= 5)
                for w in windows[:2]):
            values["yes_no_verb_absent"] = 1.0
    # « Quand la France a-t-elle conclu … ? », "When did the Conseil d'État rule …?": the date
    # of what the asked subject did is in a sentence naming that subject, not another actor's.
    subject = _WHEN_SUBJECT.search(asked_text)
    actor: frozenset[str] = frozenset()
    if subject and not _VACANT_SUBJECT.match(subject.group(1)):
        # "Leviia, the French sovereign storage company quoted by Clubic,": the name, not
        # what the apposition says of it
        actor = _phrase_stems(subject.group(1).split(",")[0], analysis.language) - _FRAME
    # an acronym of the subject is also held written out (« le HDH »: « le Health Data Hub »)
    spelt = [pattern for pattern in (acronym_expansion(word) for word in re.findall(
        r"\b[A-Z]{2,6}\b", analysis.ask or analysis.question)
        if subject and fold(word) in subject.group(1).split()) if pattern is not None]
    # « Elle a été créée quand ? » after « Leviia, c'est quelle boîte ? »: a follow-up whose
    # subject is a pronoun asks about what the conversation named (the names it carries, the
    # last answer's); « … leur co-entreprise Bleu, récemment créée » dates another company
    if kind == "when" and analysis.followup and analysis.ask and not actor \
            and _PRONOUN_SUBJECT.search(asked_text):
        actor = carried_names(analysis)
        items_stems = [st | _context(s, hits, bank, sides=(-1,))
                       for s, st in zip(items, sentence_stems, strict=True)]
    else:
        items_stems = sentence_stems
    values["when_actor_absent"] = 1.0 if kind == "when" and actor and not any(
        actor & st or any(p.search(s.sentence.folded) for p in spelt)
        for s, st in zip(items, items_stems, strict=True) if s.shape >= 0.4) else 0.0
    # « la date d'expiration », "the publication date": the dated sentence says that event
    event = _DATE_OF.search(asked_text)
    word = (event.group(1) or event.group(2) or event.group(3)) if event else ""
    event_stems = frozenset(analyze(word)) - _FRAME if word else frozenset()
    if event_stems and analysis.language == "en":
        event_stems |= frozenset(analyze(french_equivalents(word)))
    # (a thing put first and taken up by a pronoun, « le décret …, il date de quand ? », is
    # named by the dated sentence itself, not only around it)
    dated_windows = [st if event and event.group(3) else w
                     for s, w, st in zip(items, windows, sentence_stems, strict=True) if s.shape >= 0.4]
    values["date_of_absent"] = 1.0 if kind == "when" and event_stems and dated_windows and not any(
        event_stems & w or any(_close(a, b) for a in event_stems for b in w if len(b) >= 5)
        for w in dated_windows) else 0.0
    # The same for a name answering « qui » (not a role: « quel avocat » is checked by the
    # role): « Selon Siècle Digital, les quatre établissements sont … » does not say who holds
    # the keys
    values["who_off_focus_sentence"] = 1.0 if slot == 1.0 and focus and kind == "who" \
        and not _asks_role(analysis) and not any(
        any(_holds(c, st) for c in focus) for st in filled_inner) else 0.0
    # « Quel hébergeur prendra le relais ? », "Which provider did the ministry pick?": a new
    # name, in a sentence holding some of what is asked besides the kind of organisation
    head = _ASKED_HEAD.search(asked_text)
    head_stems = frozenset(analyze(head.group(1))) if head else frozenset()
    if head_stems & _ORG_HEADS and kind in ("other", "list") and not analysis.followup \
            and not analysis.comments:
        rest = [c for c in focus if not c.stems & head_stems]
        named = [st for s, st in zip(items, sentence_stems, strict=True) if any(
            not set(analyze(text)) <= set(analysis.stems)
            for text, _ in bank.info(s.sentence).entities)]
        values["org_unnamed"] = 1.0 if not named or (rest and not any(
            any(_holds(c, st) for c in rest) for st in named)) else 0.0
    else:
        values["org_unnamed"] = 0.0
    # What is asked, in the answer's own sentence and in the single judged sentence holding
    # most of it; how much is asked (more details asked, more ways to miss one).
    values["focus_sentence"] = _share(focus, inner)
    values["focus_sentence_max"] = max((_share(focus, st) for st in sentence_stems), default=0.0)
    values["focus_count"] = min(len(focus), 6) / 6
    # A yes or no about something none of the quoted sentences mentions (« sanctionné »).
    # (Readers word their opinions loosely: about the readers, an opinion holding the names the
    # question gives — « Airbus », "Outlook" — is about what is asked.)
    values["yes_no_focus_none"] = 1.0 if analysis.yes_no and focus \
        and values["focus_union"] == 0.0 and not (analysis.comments and names_known and any(
            all(n & st for n in names_known) for st in sentence_stems)) else 0.0
    values["unknown_stated"] = 1.0 if any(states_unknown(s.sentence.folded) for s in items) \
        else 0.0
    # « Quel commissaire a voté contre », « qui a remporté le marché », « qui a remplacé X »:
    # a judged sentence or a neighbour states the event the question turns on.
    stated = [t for around in arounds for t in around]
    values["event_unstated"] = 0.0
    for number, (event_asked, event_found) in enumerate(_EVENTS):
        event = event_asked.search(asked_text)
        if not event:
            continue
        # the sentence stating the event also holds something else of what is asked (« le
        # Health Data Hub a été retenu pour mener le consortium » is not the UGAP tender won)
        event_words = frozenset(analyze(event.group(0)))
        about = [c for c in focus if not c.stems & event_words]
        if not any(event_found.search(t.folded) and (number or not _NOT_DONE.search(t.folded))
                   and (not about or any(_holds(c, t.stems) for c in about)) for t in stated):
            values["event_unstated"] = 1.0
    # The number asked is written as the number of the thing asked (« le décret n° … », « l'affaire
    # porte le numéro T-553/23 »), next to what the question names: « la délibération n° 2023-146 »
    # is not the number of the request that led to it.
    numbered = _NUMBER_OF.search(asked_text) if analysis.language == "fr" else None
    values["number_unstated"] = 0.0
    if numbered:
        word = next(g for g in numbered.groups() if g)
        noun = set(analyze(word)) | set(analyze(french_synonyms(word)))  # « la délib »
        values["number_unstated"] = 1.0
        for around in arounds:
            near = frozenset().union(*(t.stems for t in around))
            if name_sets and not any(n & near for n in name_sets):
                continue
            if any(noun & (t.stems if noun & _CASE_NOUNS else
                           set(analyze(t.folded[_number_context(t.folded, m.start()):m.end()])))
                   for t in around for m in _NUMBERED.finditer(t.folded)):
                values["number_unstated"] = 0.0
                break
    # What someone decided is in a sentence saying what was decided that names them, or whose
    # subject they are (« le juge des référés a rejeté … »), not another body's ruling.
    decider = _DECIDER.search(asked_text)
    values["decider_unnamed"] = 0.0
    if decider:
        who = _phrase_stems(next(g for g in decider.groups() if g), analysis.language)
        if who and not any(
                who & st and _OUTCOME.search(s.sentence.folded)
                or who & set(analyze(bank.info(s.sentence).subject))
                for s, st in zip(items, sentence_stems, strict=True)):
            values["decider_unnamed"] = 1.0
    # A duration is stated with what it is of, in its own sentence (« l'autorisation de trois
    # ans » is not how long the data are kept), as counts and amounts are.
    timed = [st for s, st in zip(items, sentence_stems, strict=True)
             if s.shape >= 0.99 and not states_unknown(s.sentence.folded)]
    # (a follow-up's duration is of what the last answer told: « Dans quel délai ? » after
    # « … une nouvelle solution technique … »)
    recalled = analysis.recalled if analysis.followup else frozenset()
    values["duration_off_focus_sentence"] = 1.0 if kind == "duration" and focus and timed \
        and not any(any(_holds(c, st) for c in focus) or any(n & st for n in name_sets)
                    or len(recalled & st) >= 2 for st in timed) else 0.0
    # « Jusqu'à quand est valable l'offre qui démarre le 31 juillet 2026 ? »: sentences whose
    # only dates are the question's own do not tell the date asked
    # « Quel commentaire a eu le plus de likes ? »: the comments are kept without their likes
    # or votes; how popular one was is nowhere in the documents
    values["popularity_asked"] = 1.0 if _POPULARITY_ASKED.search(asked_text) and (
        analysis.comments or _COMMENT_WORDS.search(asked_text)) else 0.0
    values["date_echoed"] = 0.0
    asked_dates = dates_told(asked) if kind == "when" else set()
    if asked_dates:
        held_names = [(sum(bool(n & st) for n in names_known), dates_told(s.sentence.folded))
                      for s, st in zip(items, sentence_stems, strict=True) if s.shape >= 0.4]
        most = max((count for count, _ in held_names), default=0)
        dated = [found for count, found in held_names if count == most]
        # (unless the sentence judged first tells another date: « … s'applique six mois après
        # sa publication, soit en novembre 2024 » under « l'arrêté du 26 avril 2024 … à partir
        # de quand ? »)
        first = dates_told(items[0].sentence.folded)
        worded = [n for n in names_known if not all(x.isdigit() for x in n)]  # not « 26 »
        holding = [sum(bool(n & st) for n in worded) for st in sentence_stems]
        if dated and all(found and found <= asked_dates for found in dated) \
                and (first <= asked_dates or not worded or holding[0] < max(holding)):
            values["date_echoed"] = 1.0
    values["speaker_unreported"] = _speaker_unreported(analysis, items, hits, windows, focus,
                                                     bank)
    if wanted is None or _DENSE & set(wanted):
        values["rest_similarity"], values["names_similarity"] = _dense(analysis, best, hits, bank)
    return values


def _name_sets(analysis: Analysis) -> list[frozenset[str]]:
    """The stems of each name the question gives; a body it describes in other words than the
    documents' ("the EU General Court") is named as they name it (« Tribunal de l'Union
    européenne »), not by its words one by one."""
    spans = described_spans(analysis.ask or analysis.question)
    described = frozenset(s for text, _ in spans for word in text.split()
                          for s in analyze(f"{word} {french_name(word)}"))
    sets = [n for n in (frozenset(analyze(e)) for e in analysis.entities) if n]
    return [n for n in sets if not n <= described] + [frozenset(analyze(name)) for _, name in spans]


def _phrase_stems(phrase: str, language: str) -> frozenset[str]:
    """The stems of a phrase of the question, with its words' French equivalents when the
    question is in English (« the Supreme Court » also as « cour suprême »)."""
    words = phrase.split() + described_names(phrase)
    if language == "en":
        words += [french_equivalents(w) for w in list(words)]
    return frozenset(x for w in words for x in analyze(w))


_PRONOUN = re.compile(r"^(?:il|elle|ils|elles|celui-ci|celle-ci)$")
# A court's judge or bench as the subject (« le juge des référés », « la haute juridiction »)
_COURT_ROLE = re.compile(r"(?:le |la |l')?(?:juge|cour|tribunal|juridiction|haute juridiction"
                         r"|formation de jugement)\b")
_PRONOUN_ACCORDING = re.compile(r"\b(?:selon|d'apres|pour) (?:elle|lui|eux|elles)\b")
_QUOTE_OPEN = re.compile(r"[«:“\"]")  # where reported words start (« … a déclaré : « … »)


def _before(item: Scored, hits: Sequence[Hit], bank: SentenceBank, count: int = 3) -> list[Sentence]:
    """The sentences right before ``item`` in its passage (where a pronoun's person is named)."""
    return _passage(item, hits, bank)[max(0, item.position - count):item.position]


# « … il se défendait de quoi ? », « il justifiait comment ? »: more of what was said, no topic
_SPEECH_ACTS = frozenset(analyze("défendait défendre défend défendu justifiait justifier justifié "
                                 "répondait réagissait argumentait"))


def _speaker_unreported(analysis: Analysis, items: Sequence[Scored], hits: Sequence[Hit],
                        windows: Sequence[frozenset[str]], focus: Sequence[Concept],
                        bank: SentenceBank) -> float:
    """1 when the question asks what someone it names said or thought (« Qu'a dit Thierry
    Breton sur … », « Comment Microsoft a-t-il réagi … ») and no judged sentence has that
    someone speak — as the reporting verb's or the sentence's subject, before the quotation,
    or after « selon » — about something the question asks (in the sentence or right around
    it). A sentence opening on a quotation may be anyone's: it counts; a pronoun (« Elle a
    ajouté », « Selon lui ») speaks for whoever the sentences before it name."""
    match = _SPEAKER_ASKED.search(fold(analysis.question).replace("’", "'"))
    if not match:
        return 0.0
    phrase = next(g for g in match.groups() if g)
    if _SPEAKER_ROLE.search(match.group(0)) or _SPEAKER_VAGUE.search(phrase):
        return 0.0
    if match.group("a") and re.search(r"-t-(?:il|elle)\b", match.group(0)):
        return 0.0  # « Qu'a-t-il déclaré le 6 janvier ? »: a pronoun speaks, not « le 6 janvier »
    names: set[str] = set()
    for entity in analysis.entities:
        for word in re.findall(r"[^\W_]+", fold(entity)):
            if re.search(rf"\b{re.escape(word)}\b", phrase):
                names.update(analyze(word))
    if not names:
        return 0.0
    # "the EU General Court" speaks as « le Tribunal de l'Union européenne »
    names.update(s for name in described_names(match.group(0)) for s in analyze(name))
    # what they spoke about: the focus but the speaker and the question's speech verb
    frame = set(analyze(match.group(0).replace(phrase, " "))) | _SPEECH_ACTS
    topic = [c for c in focus if not c.stems & names and not c.stems & frame]
    for item, window in zip(items, windows, strict=True):
        text = item.sentence.text
        if text.lstrip().startswith(("«", '"', "“")):
            return 0.0
        info = bank.info(item.sentence)
        reports = bool(info.flags & {"reporting", "content"})
        speaker = set(analyze(info.speaker))
        if reports or "definition" not in info.flags:
            speaker.update(analyze(info.subject))
        opening = _QUOTE_OPEN.search(text) if reports else None
        if opening:
            speaker.update(analyze(text[:opening.start()]))
        for according in _ACCORDING.findall(item.sentence.folded.replace("’", "'")):
            speaker.update(analyze(according))
        if hits:  # a reader speaks in his own comment (« … > Joeee »)
            hit = hits[item.hit_index]
            speaker.update(analyze(signature(hit.chunk.kind, hit.chunk.locator)))
        if _PRONOUN.match(info.speaker or info.subject) or _PRONOUN_ACCORDING.search(
                item.sentence.folded):
            # « Elle a ajouté que … », « Selon elle, … »: whoever the sentences before name
            speaker.update(s for before in _before(item, hits, bank) for s in before.stems)
        if not names & speaker and _COURT_ROLE.match(fold(info.speaker or info.subject)):
            # « Le juge des référés a estimé que … » speaks for the court its passage names
            # (« Le juge des référés du Conseil d'État … a rejeté … », or the heading)
            around = set().union(*(b.stems for b in _before(item, hits, bank)))
            if hits:
                around.update(analyze(hits[item.hit_index].chunk.locator))
            if names & around:
                speaker |= names
        if not names & speaker:
            # « … Stéphanie Combes a décrit la gestion des clés. Selon elle, … Des clés dites
            # maîtresses sont générées … »: the report goes on from the sentence naming her
            # (through « selon elle » sentences)
            for before in reversed(_before(item, hits, bank, count=2)):
                if names & before.stems:
                    speaker |= names
                    break
                if not _PRONOUN_ACCORDING.search(before.folded):
                    break  # another's words, or no report going on
        if names & speaker and (not topic or any(_holds(c, window) for c in topic)):
            return 0.0
    return 1.0


# Signs too loose to refuse on their own, read by the learned pairs beside the words
# (« f:yes_no_verb_absent »): the fit weighs them against everything else.
SOFT = ("yes_no_verb_absent", "identifier_given")


def pair_tokens(analysis: Analysis, items: Sequence[Scored], hits: Sequence[Hit],
                bank: SentenceBank, values: dict[str, float] | None = None) -> list[str]:
    """What the learned pairs read: the kind of question; every (question word, word of a
    judged sentence) pair; every (question word, word right around it or in its heading) pair;
    every (kind, word of a judged sentence) pair. Proper names, acronyms and figures are left
    out on both sides (``associations.generic``), so that the pairs learn what answers a kind
    of question, not which names the fitted questions were about."""
    asked = analysis.ask or analysis.question
    question = generic(asked, analysis.stems)
    inner: set[str] = set()
    around: set[str] = set()
    for item in items:
        inner.update(generic(item.sentence.text, _stems(item, bank)))
        neighbours = " ".join(t.text for t in _neighbours(item, hits, bank))
        around.update(generic(f"{neighbours} {hits[item.hit_index].chunk.title}",
                              _context(item, hits, bank)))
    around -= inner
    kind = analysis.kind
    soft = [f"f:{name}" for name in SOFT if values and values.get(name)]
    return (soft + [f"k:{kind}"] + [f"p:{q}|{w}" for q in question for w in sorted(inner)]
            + [f"c:{q}|{w}" for q in question for w in sorted(around)]
            + [f"K:{kind}|{w}" for w in sorted(inner)])


@lru_cache(maxsize=1)
def shipped_pairs() -> Associations | None:
    """The learned pairs shipped beside the model (None when none are shipped)."""
    try:
        return Associations.load(Path(str(resources.files("assistant") / "data" / PAIRS_FILE)))
    except (OSError, ValueError, KeyError):
        return None


def logistic(z: float) -> float:
    """The probability a log-odds stands for (clipped to ±30)."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Model:
    """A fitted logistic regression over standardised features."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5
    vetoes: tuple[str, ...] = ()  # features that, when present (1), refuse whatever the rest
    # the learned pairs (``pair_tokens``) refuse below this probability (0: not used)
    pairs_threshold: float = 0.0

    def probability(self, values: dict[str, float]) -> float:
        if any(values.get(name, 0.0) >= 0.5 for name in self.vetoes):
            return 0.0
        z = self.intercept
        for name, mean, scale, coef in zip(self.names, self.mean, self.scale, self.coef, strict=False):
            z += coef * (values.get(name, 0.0) - mean) / (scale or 1.0)
        return logistic(z)

    def to_dict(self) -> dict[str, object]:
        return {"names": list(self.names), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept,
                "threshold": self.threshold, "vetoes": list(self.vetoes),
                "pairs_threshold": self.pairs_threshold}


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model fitted on the dev and regression sets (None when none is shipped)."""
    try:
        raw = (resources.files("assistant") / "data" / MODEL_FILE).read_text(encoding="utf-8")
        data = json.loads(raw)
        return Model(tuple(data["names"]), tuple(data["mean"]), tuple(data["scale"]),
                     tuple(data["coef"]), float(data["intercept"]),
                     float(data.get("threshold", 0.5)), tuple(data.get("vetoes", ())),
                     float(data.get("pairs_threshold", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# The fitting script swaps this for a recorder; answers use the shipped model.
# The fitting script's hook: it receives (features, shapeless, pair tokens, settled) and
# gives the verdict; ``settled``: the composer answers whatever the check says (``judge``).
_override: Callable[[dict[str, float], bool, list[str], bool], Verdict] | None = None


def judge(analysis: Analysis, items: Sequence[Scored], hits: Sequence[Hit],
          bank: SentenceBank, *, top_dense: float,
          in_corpus: Callable[[str], bool] = lambda term: True,
          shapeless: bool = False, settled: bool = False, model: Model | None = None,
          pairs: Associations | None = None) -> Verdict:
    """Do ``items`` answer the question? (True when no model is shipped.)

    ``shapeless``: the composer found no sentence with the answer's shape (no date for a
    « quand »): not answered, whatever the model says. ``settled``: what is asked is what the
    quoted sentences are (the readers' own words about what they think, the reader who signed
    them for who thinks it): answered, whatever the model says (unless ``shapeless``).
    """
    if not items:
        return Verdict(False, 0.0)
    if _override is None and shapeless:
        return Verdict(False, 0.0)
    if _override is None and settled:
        return Verdict(True, 1.0)
    model = model or shipped_model()
    if _override is None and model is None:
        return Verdict(True, 1.0)
    values = features(analysis, items, hits, bank, top_dense=top_dense, in_corpus=in_corpus,
                      wanted=None if _override is not None or model is None
                      else model.names + model.vetoes)
    if _override is not None:
        return _override(values, shapeless, pair_tokens(analysis, items, hits, bank, values),
                         settled)
    assert model is not None
    p = model.probability(values)
    if p >= model.threshold and model.pairs_threshold > 0:
        pairs = pairs or shipped_pairs()
        if pairs is not None:
            p_pairs = logistic(pairs.score(token_slots(pair_tokens(analysis, items, hits,
                                                                   bank, values))))
            values["pairs"] = p_pairs
            if p_pairs < model.pairs_threshold:
                return Verdict(False, p_pairs, values)
    return Verdict(p >= model.threshold, p, values)


def year_for_exact(analysis: Analysis, quoted: Sequence[Scored]) -> bool:
    """"When exactly did that consultation take place?", « à quelle date précise … ? »: the
    sentence quoted first gives a year alone (« En 2023, la DNS a consulté … »), not the exact
    date asked."""
    if analysis.kind != "when" or len(analysis.parts) > 1 or not quoted or not _ASKS_EXACT.search(
            fold(analysis.ask or analysis.question).lower()):
        return False
    found = dates_told(quoted[0].sentence.folded)
    return bool(found) and not any(month for _, month, _ in found)


def present_unknown(analysis: Analysis, quoted: Sequence[Scored], bank: SentenceBank) -> bool:
    """"Is FISA Section 702 still in force today?": a yes or no about now, when a quoted sentence
    about what the question names says its present fate was not found (« Le sort de la section
    702 … après juin 2026 n'a pas été trouvé »): the earlier news does not answer it."""
    asked = fold(analysis.ask or analysis.question)
    if not analysis.yes_no or len(analysis.parts) > 1 or asked.count("?") > 1 \
            or _NEWS_ASKED.search(asked) or not _ASKS_NOW.search(asked):
        return False
    names = [n for n in (frozenset(analyze(e)) for e in analysis.entities) if n]
    if not names and analysis.followup:  # "So is it still in force now?": what was named before
        names = [carried_names(analysis)]
    return any(_STATED_UNKNOWN.search(s.sentence.folded) and all(names)
               and all(n & _stems(s, bank) for n in names) for s in quoted)


def carried_names(analysis: Analysis) -> frozenset[str]:
    """The stems of the names a follow-up carries from the conversation (capitalised words of
    the earlier turns it was completed with, the names the last answer gave)."""
    carried = analysis.question[len(analysis.ask):] if analysis.ask else ""
    return capitalised_stems(carried) | analysis.answered


def missing_key(kind: str, analysis: Analysis) -> str:
    """Which ``missing_*`` message says what the documents do not give."""
    if kind in ("count", "money"):
        return "missing_figure"
    if kind in ("when", "duration", "who", "outcome"):
        return {"when": "missing_date", "duration": "missing_duration", "who": "missing_name",
                "outcome": "missing_outcome"}[kind]
    if kind == "why":
        return "missing_reason"
    if kind == "said" and not OCCASION_ASKED.search(fold(analysis.question)):
        return "missing_statement"
    if re.search(r"\b(combien|montant|how much|how many)\b", fold(analysis.question)) \
            or _slot_kind(analysis) == "money":  # "what was it worth in euros?"
        return "missing_figure"
    return "missing_information"
