"""The lead line: the answer itself in a few words (« Microsoft Ireland [2] », « Non [3] »).

For who / when / how many / how much / how long / yes-no questions the answer starts with
the thing asked, read off the quoted sentences:

- **who**: among the names the parser found in the quoted sentences (people and
  organisations first) and that the question does not give, the one that fills the asked
  role: the agent of the asked verb (« révélée *par Mediapart* », « *Microsoft* héberge »,
  « autorisé *Microsoft* à héberger »), the holder (« héberger … *chez Microsoft* »), the
  complement of a copula whose subject is the asked role (« La rapporteure … est *Mme
  Valérie Peugeot* »). An organisation that merely sets the scene (« La CNIL a limité
  l'autorisation d'héberger … chez Microsoft ») does not lead « Qui héberge EMC2 ? ».
- **yes / no**: the quoted sentence that holds most of what the question asks, and in it
  the clause that does (« certifiée HDS *mais* n'est pas qualifiée SecNumCloud »): « Non »
  when that clause denies (ne … pas, aucun, sans, absence de, refus de, « et non »); no « Oui »
  when the sentence holds nothing of what is asked.
- **when / how long / how much / how many**: the full date, duration, amount or count of
  the first quoted sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

from core.text import analyze, fold

from .answerability import (
    ROLES,
    TIMES,
    asked_event,
    counted_stems,
    is_share,
    names_not_counts,
    role_asked,
    states_unknown,
)
from .deciding import DENIES as _DENIES
from .deciding import (
    REFUTES,
    REJECTS,
    RULING,
    UNVERIFIED,
    asks_confirmed,
    asks_ruling,
    asks_truth,
    turned_down,
    verifies,
)
from .language import Language
from .questions import ANSWER_PATTERNS, Analysis
from .sentences import Sentence, SentenceInfo
from .shapes import (
    _FULL_DATE,
    _MONEY,
    _MONTH_YEAR,
    _YEAR,
    Scored,
    _folded_entities,
    counts,
    names_held,
)

# Nouns that ask for a person (« quel avocat », "which judge") or an organisation.
_PERSON_ASK = re.compile(
    r"\b(avocate?s?|juges?|president(e|s)?|ministres?|rapporteure?s?|directeur|directrice"
    r"|dirigeante?s?|patron(ne)?s?|deputee?s?|senateur|senatrice|commissaire|personnes?"
    r"|auteure?s?|journalistes?|cofondateur|fondateur|fondatrice|secretaire|judge|lawyer"
    r"|attorney|president|minister|director|person|author|founder|commissioner|rapporteur"
    r"|journalist|mp|senator|a la tete|head|chief|ceo|pdg|boss|dirige|dirigeait|runs|ran|led"
    r"|mec|gars|guy|executive|exec)\b"
)
_ORG_ASK = re.compile(
    r"\b(societe|societes|entreprises?|organisation|organisations|organismes?|associations?"
    r"|hebergeurs?|prestataires?|fournisseurs?|agences?|autorites?|institutions?|collectif"
    r"|company|companies|firm|organisation|organization|association|host|provider|agency"
    r"|authority|institution|body)\b"
)
_LABEL = {"PER": 1.0, "ORG": 0.8, "MISC": 0.2, "LOC": 0.0}
_NOT_A_NAME = re.compile(r"^[\d\s/.,-]+$|^(le |la |l')?(1er|\d{1,2}) ")
# What precedes a name in a role (folded): the agent of a passive, the holder, the copula.
_AGENT = re.compile(r"\b(par|by)\s+(\S+\s+){0,3}$")
# « À qui … a-t-il écrit ? », "Who did he write to?": the one the act was addressed to.
_RECIPIENT_ASK = re.compile(r"(\ba qui\b|\bto whom\b|^(?:and |so |ok )?who\b.*\b(to|for)\s*\?\s*$"
                            r"|^(?:and |so |ok )?who\b.*\b(?:addressed|written|sent) to\b)")
_TO = re.compile(r"\S*\s+(a|au|aux|a l'|to)\s*([^\s,.;]+,?\s+){0,6}$")
_OF = re.compile(r"\b(de|du|des|d'|of)\s*(la |le |l'|the )?$")
# A noun of action (« la demande d'autorisation par le GIP »): who asked, not who authorised;
# only a verb (« autorisée par la CNIL ») makes the name after « par » its agent.
_ACTION_NOUN = re.compile(r"(?:[^\W_]+['’])?[^\W_]+(?:tion|tions|ment|ments)\b")
_HOLDER = re.compile(r"\b(chez|aupres de|at|with)\s+(l'|le |la |les |the )?$")
_COPULA = re.compile(r"\b(est|sont|etait|etaient|was|were|is|are)\s+(l'|le |la |les |the |m\. "
                     r"|mme |me )?$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _predicate(analysis: Analysis) -> dict[str, float]:
    """The stems of what the question asks about, besides its names (the asked verb and
    role noun, with their French equivalents for an English question), with their weights.
    A follow-up's are those of its own words, not the conversation's."""
    names = {s for name in analysis.entities for s in analyze(name)}
    own = set(analyze(analysis.ask)) if analysis.ask else None
    stems: dict[str, float] = {}
    for part in analysis.parts:
        for concept in part.concepts:
            if concept.stems & names or own is not None and not concept.stems & own:
                continue
            for stem in concept.stems:
                stems[stem] = max(stems.get(stem, 0.0), concept.weight)
    return stems


def _positions(folded: str, stems: dict[str, float]) -> list[int]:
    """Where the words holding one of ``stems`` start in ``folded``."""
    out = []
    for match in _WORD.finditer(folded):
        if any(s in stems for s in analyze(match.group(0))):
            out.append(match.start())
    return out


def _who(analysis: Analysis, items: Sequence[tuple[Scored, SentenceInfo, int]],
         known: frozenset[str], language: Language) -> str:
    asked = fold(analysis.question).replace("’", "'")
    person = bool(_PERSON_ASK.search(asked))
    org = bool(_ORG_ASK.search(asked)) and not person
    # (a follow-up's own words: the conversation's come after them)
    recipient = bool(_RECIPIENT_ASK.search(fold(analysis.ask or analysis.question).replace("’", "'")))
    predicate = _predicate(analysis)
    # « Qui était à la tête du Health Data Hub … ? »: a name the sentence gives that role
    # (« la directrice Stéphanie Combes ») is the one asked
    roles = [found for question, found in ROLES if role_asked(question, asked)]
    found: list[_Named] = []
    for rank, (item, info, number) in enumerate(items):
        text = item.sentence.text
        folded = fold(text).replace("’", "'")
        verbs = _positions(folded, predicate)
        subject = info.subject
        for name, label in _folded_entities(info, known):
            if len(name) < 2 or _NOT_A_NAME.search(fold(name)) or not name[:1].isupper():
                continue  # « ministre de la Santé » is a role, not a name
            if _misspelt_in(name, asked):
                continue  # « qui a autorisé microsft … ? »: Microsoft is given, misspelt
            start = folded.find(fold(name).replace("’", "'"))
            if start < 0:
                continue
            end = start + len(name)
            score = _LABEL.get(label, 0.2) - 0.3 * rank
            if person and label == "PER" or org and label == "ORG":
                score += 1.0
            base = score
            before = folded[max(0, start - 30):start]
            # « S3NS (l'offre de Thales construite sur la technologie de Google) figuraient … »:
            # a name in brackets says more of another and fills no role; the verb after the
            # brackets is the name's before them
            bracketed = folded.rfind("(", 0, start) > folded.rfind(")", 0, start)
            aside = _ASIDE.match(folded, end)
            past = aside.end() if aside else end
            # « le cofondateur de Leviia, entreprise française du stockage de données
            # souverain, William Méauzoone »: the role, then what the body is, then the name
            apposed = _APPOSED.search(folded[max(0, start - 90):start])
            title = apposed.group(1) if apposed else ""
            if roles and label == "PER" and not recipient and any(
                    r.search(before) or r.match(folded, end, end + 3)
                    or title and r.search(title) for r in roles):
                score += 2.5  # « la directrice Stéphanie Combes », « Vincent Strubel, directeur »
            if verbs and recipient:
                if any(v < start and _TO.match(folded[v:start]) for v in verbs):
                    # « a écrit à la présidente de la CNIL, Marie-Laure Denis »: the person,
                    # not the body she heads
                    score += 2.0 + (0.5 if label == "PER" else 0.0) - (
                        0.5 if _OF.search(before) else 0.0)
            elif verbs:
                if _AGENT.search(before) and any(
                        v < start and not _ACTION_NOUN.match(folded, v) for v in verbs):
                    score += 2.0  # « révélée par Mediapart »
                elif _HOLDER.search(before):
                    score += 1.5  # « héberger … chez Microsoft »
                elif _COPULA.search(before) and any(v < start for v in verbs):
                    score += 1.5  # « La rapporteure … est Mme Valérie Peugeot »
                elif not bracketed and any(past <= v <= past + 30 for v in verbs):
                    score += 1.0  # « Microsoft héberge », « autorisé Microsoft à héberger »
                score -= 0.002 * min(abs(v - start) for v in verbs)
                if subject and fold(name) in subject:
                    score += 0.3
            linked = score - base > 0.5  # a role, an agent, a holder, a verb next to it
            whole = _NAME_GOES_ON.match(text, end)
            if whole and len(name.split()) >= 2 and label == "ORG":
                # the parser cut « GIP Plateforme des données de santé » after « Plateforme »
                name, end = name + whole.group(0), end + len(whole.group(0))
            if name.count("«") > name.count("»"):
                # « le GIP « Plateforme des données de santé » »: the quotation closes it
                closing = re.match(r"\s*»", text[end:])
                name = name + " »" if closing else name.replace("« ", "").replace("«", "")
            if _ATTRIBUTED.search(before):
                # « Selon Siècle Digital, les quatre établissements … »: who reports it is
                # who « selon qui ? » asks, not who is asked about otherwise
                if not _SOURCE_ASKED.search(asked):
                    continue
                score += 2.0
            found.append(_Named(score, name, label, number, rank, start, end, linked))
    if not found:
        return ""
    best = max(found, key=lambda n: n.score)  # the first on a tie
    if analysis.followup and not best.linked:
        # "Who decided that?" — « … a rejeté le recours de Clever Cloud »: in a conversation
        # the quoted sentence may be about another step; a name tied to nothing asked is no lead
        return ""
    if recipient and best.score < 1.5:
        # « on écrit à qui ? » — « … auprès de son délégué à la protection des données
        # (dpd@…) ; … la possibilité de saisir la CNIL »: no name is the one written to
        return ""
    folded = fold(items[best.rank][0].sentence.text).replace("’", "'")
    named = _coordinated(best, [n for n in found if n.rank == best.rank], folded)
    if named is None:  # the list goes on past the names the parser found
        if _PLURAL_ASK.search(asked):
            return ""  # the quote gives them all; a lead would give a few
        named = [best]
    return f"{_joined([n.name for n in named], language)} [{best.number}]"


def _misspelt_in(name: str, asked: str) -> bool:
    """A one-word name the question gives misspelt (« microsft », « Mediapar »)."""
    folded = fold(name)
    if " " in folded or len(folded) < 5:
        return False
    return any(len(word) >= 5 and word != folded
               and SequenceMatcher(None, word, folded).ratio() >= 0.85
               for word in re.findall(r"[^\W\d_]+", asked))


_ASIDE = re.compile(r"\s*\([^()]{0,120}\)")
# A source a sentence is attributed to, just before a name (folded): « Selon Siècle Digital, … »
_ATTRIBUTED = re.compile(r"\b(?:selon|d'apres|according to|as reported by|cite par|citee par"
                         r"|rapporte par)\s+(?:le |la |l'|les |the )?$")
# The source itself asked (folded): « selon qui … ? », "who reported …?"
_SOURCE_ASKED = re.compile(r"\b(selon qui|d'apres qui|according to whom|sources?|qui rapporte"
                           r"|qui (?:l'a |a )?(?:revele|rapporte|cite|ecrit|publie)|who (?:reported|revealed"
                           r"|reports|says|wrote|published))\b")


class _Named(NamedTuple):
    """A name in a quoted sentence, scored as the one who fills the asked role."""

    score: float
    name: str
    label: str
    number: int  # its passage's [n]
    rank: int  # its sentence's rank among the quoted ones
    start: int
    end: int
    linked: bool = False  # the sentence ties it to the asked role or action


# How a month or a year is narrowed, right before it (folded).
_ROUGHLY = re.compile(r"\b(fin|debut|mi-|courant|late|early|mid-|the end of|the beginning of)\s*$")
# Days coordinated before a full date (« les 5, 15, 18 et 19 mars 2024 »).
_DAYS_BEFORE = re.compile(r"\b((?:(?:1er|\d{1,2}),\s+)*(?:1er|\d{1,2})\s+(?:et|and)\s+)$")
# The lower-case rest of a body's name (« GIP Plateforme| des données de santé »).
_NAME_GOES_ON = re.compile(r" (?:des|de la|du|de) [a-zà-ÿ]{3,}(?: (?:des|de la|du|de|en) [a-zà-ÿ]{3,})?"
                           r"(?=[\s,.;:)»]|$)")
# A role, then between commas what the body it belongs to is, right before a name.
_APPOSED = re.compile(r"\b((?:le|la|l'|the)\s+\S+\s+(?:de|d'|du|of)\s*\S+),[^,]{3,70},\s*$")
# « Quels ministres … ? », "Who were …?", "Which ministers …?": several may fill the role.
_PLURAL_ASK = re.compile(r"\b(quel(le)?s|lesquel(le)?s|qui (sont|etaient|ont ete)|who (were|are)"
                         r"|which \w+(ie|[^s\W])s)\b")
# Names coordinated in a sentence (« Bruno Le Maire, Cédric O et Amélie de Montchalin »).
_AND = re.compile(r"\s*(,|,?\s*(et|and))\s*")
_GOES_ON = re.compile(r"[.'-]?\w|\s*(,|et\b|and\b)")
_GOES_ON_ONE = re.compile(r"[.'-]?\w|\s*(et|and)\b")


def _coordinated(best: _Named, same: Sequence[_Named], folded: str) -> list[_Named] | None:
    """The best name with the names coordinated with it in its sentence, which fill the
    same role (« Bruno Le Maire, Cédric O et Amélie de Montchalin ont présenté … »), in
    reading order; None when the coordination goes on past the names found (« Clever Cloud,
    Nexedi, Rapid.Space International, … et le Conseil national du logiciel libre »)."""
    same = sorted(same, key=lambda n: n.start)
    index = same.index(best)
    first = last = index
    while first > 0 and _AND.fullmatch(folded[same[first - 1].end:same[first].start]):
        first -= 1
    while last + 1 < len(same) and _AND.fullmatch(folded[same[last].end:same[last + 1].start]):
        last += 1
    links = [folded[same[i].end:same[i + 1].start] for i in range(first, last)]
    if len(links) == 1 and not re.search(r"\b(et|and)\b", links[0]):
        # « la présidente de la CNIL, Marie-Laure Denis »: a comma alone is an apposition
        first = last = index
    if first == last:  # « Les Licornes Célestes et deux personnes physiques »
        return None if _GOES_ON_ONE.match(folded, best.end) else [best]
    if _GOES_ON.match(folded, same[last].end):
        return None
    named: list[_Named] = []
    for n in same[first:last + 1]:
        if not any(fold(n.name) in fold(m.name) or fold(m.name) in fold(n.name) for m in named):
            named.append(n)
    return named


def _joined(names: Sequence[str], language: Language) -> str:
    """« A, B et C », "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'and' if language == 'en' else 'et'} {names[-1]}"


# A sentence's clauses (folded): a denial holds for its own clause only.
_CLAUSES = re.compile(r"\s*[;:()]\s*|,\s+(?=mais|alors|tandis|sans|et non|but|whereas|while"
                      r"|qui\b|dont\b|which\b|who\b)"
                      r"|\s+(?=mais\b|alors que\b|tandis que\b|et non\b|but\b|whereas\b)")


def _same_word(one: str, other: str) -> bool:
    """Two stems of one word (« qualifie » / « qualif »: the stemmer is not always even)."""
    if one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    return len(shorter) >= 5 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3


# A French yes/no question's subject: what comes before the inverted pronoun (« Microsoft
# Ireland a-t-elle … ? »).
_INVERSION = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)\b")


# A choice between two questions (folded): "… or can …?", « …, ou est-ce que … ? », « … ou bien
# … ? »; a yes or a no would not say which (not « … ou pas ? », "… or not?"). In French a comma
# or « bien » / « alors » is asked for: « ou » folded is also « où ».
_ALTERNATIVES = re.compile(r"(?:,\s*(?:ou|or)|\sou (?:bien|alors)|\sor)\s+(?:bien\s+|alors\s+|rather\s+)?"
                           r"(?:est-ce|can|could|is|are|was|were|does|do|did|will|would|should|has"
                           r"|have|must|may|peut|peuvent|faut-il|doit|doivent|y a-t-il)\b")


# What holds, then the alternative denied (folded): « et non », « non pas », "rather than".
_RATHER = re.compile(r"\b(et non(?: pas)?|non pas|plutot que|rather than|and not|not [^,.;]{1,40}\bbut)\b")
_SOURCES_DIFFER = re.compile(r"\b(les sources (?:divergent|different|se contredisent)"
                             r"|sources (?:differ|disagree|diverge))\b")


def _yes_no(analysis: Analysis, items: Sequence[tuple[Scored, SentenceInfo, int]],
            language: Language) -> str:
    asked = [(concept.stems, concept.weight) for part in analysis.parts
             for concept in part.concepts] or [(frozenset({s}), 1.0) for s in analysis.stems]

    def held(clause: str, concepts: Sequence[tuple[frozenset[str], float]]) -> float:
        words = set(analyze(clause))
        return sum(weight for stems, weight in concepts
                   if any(_same_word(stem, word) for stem in stems for word in words))

    # what is asked of the subject, not the subject itself: the words before the inverted
    # pronoun (« Microsoft Ireland a-t-elle … ? ») and the names the question gives
    ask = analysis.ask or analysis.question
    if _ALTERNATIVES.search(fold(ask).replace("’", "'")):
        return ""  # "Does the decree require X, or can a US-owned host still qualify?"
    inversion = _INVERSION.search(ask)
    subject = set(analyze(ask[:inversion.start()])) if inversion else set()
    subject |= {stem for name in analysis.entities for stem in analyze(name)}
    attribute = [(stems, w) for stems, w in asked if not stems & subject] or asked
    if analysis.followup:
        # « et il exige SecNumCloud ? » after a turn about the HDS framework: what the turn
        # itself asks decides, not the conversation's words it was searched with
        own = set(analyze(ask))
        attribute = [(stems, w) for stems, w in attribute if stems & own] or attribute

    # the deciding sentence: the quoted one that holds most of what is asked of the subject,
    # then most of the whole question (the first on a tie): « conclut à l'absence d'atteinte
    # disproportionnée à la vie privée » decides "a disproportionate breach of privacy?", not
    # « a retenu plusieurs motifs pour valider l'hébergement d'EMC2 chez Microsoft »
    # (a sentence saying the sources disagree — « le site Akril parle de données « anonymisées »,
    # alors que le Conseil d'État parle de données pseudonymisées » — decides only when no
    # other quoted sentence states the point as much)
    def weight(item: tuple[Scored, SentenceInfo, int]) -> tuple[float, float]:
        folded = item[0].sentence.folded
        tie = 0.0 if item is items[0] else 0.02
        hedged = 0.95 if _SOURCES_DIFFER.search(folded) else 1.0
        # a sentence that says what holds and denies the alternative (« … porte sur un service,
        # et non sur une entreprise dans son ensemble ») decides more than one that only names
        # the thing
        hedged *= 1.05 if _RATHER.search(folded) else 1.0
        return (hedged * held(folded, attribute) - tie * first_attribute,
                hedged * held(folded, asked) - tie * first)

    first = held(items[0][0].sentence.folded, asked)
    first_attribute = held(items[0][0].sentence.folded, attribute)
    # asked whether a court decided something, the ruling decides (« a rejeté le recours »),
    # not a request (« demande l'annulation ») nor a ground of the decision
    rulings = [item for item in items if RULING.search(item[0].sentence.folded)] \
        if asks_ruling(ask) else []
    # asked whether a claim is true, the sentence saying whether it was verified decides
    # (« Aucune des sources consultées ne confirme cette durée »), not the claim restated
    checks = [item for item in items if verifies(item[0].sentence.folded)] \
        if asks_truth(ask) else []
    best = max(rulings or checks or items, key=weight)
    clauses = _CLAUSES.split(fold(best[0].sentence.text).replace("’", "'"))
    weights = [held(clause, attribute) for clause in clauses]
    top = max(weights)
    if rulings and (top == 0 and REJECTS.search(best[0].sentence.folded)
                    or turned_down(ask, best[0].sentence.folded)):
        # « Le Tribunal a-t-il annulé … ? » — « … a rejeté le recours »: what was asked for
        # was turned down
        return f"{'Non' if language == 'fr' else 'No'} [{best[2]}]"
    if checks and UNVERIFIED.search(best[0].sentence.folded) \
            and not REFUTES.search(best[0].sentence.folded) \
            and not asks_confirmed(ask):
        # « c'est vrai que le contrat devait durer 10 ans ? » — « L'affirmation des « 10 ans »
        # reste donc non vérifiée »: neither yes nor no
        return f"{'Non vérifié' if language == 'fr' else 'Not verified'} [{best[2]}]"
    if checks and REFUTES.search(best[0].sentence.folded):
        # « C'est vrai que … ? » — « Les sources décrivent un périmètre bien plus étroit »
        return f"{'Non' if language == 'fr' else 'No'} [{best[2]}]"
    # « certifiée HDS mais n'est pas qualifiée SecNumCloud »: the clause about what is asked
    # decides; when two clauses hold it about as much (« A et B ? »), one denial is a no
    no = any(_DENIES.search(_main_part(clause, attribute)) for clause, weight
             in zip(clauses, weights, strict=True)
             if weight >= 0.5 * top) if top > 0 else bool(_DENIES.search(clauses[0]))
    deciding = clauses[weights.index(top)]
    if not no and _GIVEN_UP.search(deciding) and not _ASKS_GIVING_UP.search(fold(ask)):
        # "Did the HDH ever get approval to copy the SNDS?" — « Le Health Data Hub a retiré fin
        # 2021 sa demande d'autorisation »: a request given up was not granted
        no = True
    if not no and _elsewhere(fold(ask).replace("’", "'"), deciding):
        # « les données EMC2 sont stockées aux USA ? » — « … centres de données de Microsoft
        # situés en France »: the deciding clause places it elsewhere
        no = True
    if not no and _APPLIES_ASKED.search(fold(ask).replace("’", "'")) and _EXCLUDES.search(deciding):
        # « Le référentiel s'applique-t-il à un entrepôt apparié … ? » — « Le référentiel …
        # exclut notamment les entrepôts appariés … »: what is excluded is not covered
        no = True
    if not no and _BOTH.search(fold(ask[inversion.end():] if inversion else ask).strip()):
        no = _denies_another(best, items, attribute, held)
    if not no and top == 0 and not rulings and not checks:
        # nothing the deciding sentence says is what is asked (« Bleu a validé le jalon J1 »
        # for « Bleu a-t-il décroché la qualification ? »): no « Oui » read off it
        return ""
    if not no and _EVERY.search(fold(ask).replace("’", "'")) \
            and not _EVERY.search(best[0].sentence.folded):
        # « Microsoft va stocker TOUTES nos données de santé ? » — « Microsoft Ireland est
        # certifiée « hébergeur de données de santé » »: what holds of some is no yes for all
        return ""
    if not no and not _names_subject(analysis, best[0].sentence):
        # « OVHcloud a-t-il remis un devis … ? » — « … une remise des devis jusqu'au 30 mars
        # 2026 »: a sentence about no one the question names says yes for no one
        return ""
    word = ("Non" if no else "Oui") if language == "fr" else ("No" if no else "Yes")
    return f"{word} [{best[2]}]"


# A claim about all of something (folded): « toutes les données », "all French health data"
# (not "any data at all").
_EVERY = re.compile(r"\b(?:tous|toutes|toute(?! facon)|totalite|integralite|l'ensemble des|(?<!at )all"
                    r"|every|entire)\b")


# What opens a subordinate clause (folded): « regrette que … », "regrets that …".
_SUBORDINATE = re.compile(r"\b(?:que|qu'|that)\b")


def _main_part(clause: str, attribute: Sequence[tuple[frozenset[str], float]]) -> str:
    """The clause up to a subordinate clause opening after the asked word: « La CNIL regrette
    que les projets … n'aient pas permis … » says yes to « elle a exprimé des regrets ? »;
    the denial inside what is regretted does not deny the regret."""
    words = list(re.finditer(r"[^\W\d_][\w'-]*", clause))
    asked = [stem for stems, _ in attribute for stem in stems]
    at = next((m.end() for m in words
               if any(_same_word(stem, word) for stem in asked for word in analyze(m.group()))),
              None)
    if at is None:
        return clause
    after = _SUBORDINATE.search(clause, at)
    return clause[:after.start()] if after else clause


def _names_subject(analysis: Analysis, sentence: Sentence) -> bool:
    """The sentence holds one of the names the question gives, or an acronym's words (« UE »:
    « Union européenne »); true when the question gives none."""
    names = [name for name in analysis.entities if analyze(name)]
    return not names or any(names_held(name, sentence.folded, sentence.stems) for name in names)


# Several things asked at once (« … détient-elle la certification HDS et la qualification
# SecNumCloud ? », "… A and B?"): each must hold for a yes. (Not a follow-up opening on « Et
# … ? »: that « et » joins the turn to the conversation.)
_BOTH = re.compile(r"(?<!^)\b(?:et|and)\b")  # on the stripped question

# Whether a rule applies to something, asked (folded); and a clause that leaves it out.
_APPLIES_ASKED = re.compile(r"\b(s'appliqu\w*|appl(?:y|ies)|couvr\w*|cover\w*|vaut|valent)\b")
_EXCLUDES = re.compile(r"\b(exclu\w*|exclud\w*|ne couvre que|only covers?)\b")

# A request or a plan given up (folded): « a retiré sa demande », « a renoncé à », "withdrew".
_GIVEN_UP = re.compile(r"\b(a|ont|avait|avaient)\s+(\w+\s+){0,2}?(retire|renonce|abandonne)(e|es|s)?\b"
                       r"|\b(withdrew|withdrawn|gave up|abandoned|dropped)\b")
_ASKS_GIVING_UP = re.compile(r"\b(retir|renon|abandon|withdr|gave up|give up|drop)")

# Where something is, as a question or a sentence names it (folded): a country or the Union.
_PLACES = {
    "us": r"etats-unis|etats unis|usa|us|u\.s\.|amerique|americains?|americaines?|united states",
    "fr": r"france|francais|francaises?|french",
    "eu": r"union europeenne|ue|eu|europe|european union|l'union|eee",
    "ie": r"irlande|irlandaise?|ireland|irish",
}
_PLACE = {key: re.compile(rf"\b(?:en|aux?|dans l'|dans les?|in|to|on|sur le territoire"
                          rf"|on the territory of)\s+(?:{names})\b")
          for key, names in _PLACES.items()}


def _elsewhere(ask: str, clause: str) -> bool:
    """The question asks whether something is in one place (« stockées aux USA ? », "hosted in
    the US?") and the deciding clause puts it in another, never naming the asked one."""
    asked = {key for key, pattern in _PLACE.items() if pattern.search(ask)}
    told = {key for key, pattern in _PLACE.items() if pattern.search(clause)}
    return len(asked) == 1 and bool(told) and not asked & told \
        and not ({"fr", "ie"} & told and asked == {"eu"})  # France, Ireland: in the Union


def _denies_another(best: tuple[Scored, SentenceInfo, int],
                    items: Sequence[tuple[Scored, SentenceInfo, int]],
                    attribute: Sequence[tuple[frozenset[str], float]],
                    held: Callable[[str, Sequence[tuple[frozenset[str], float]]], float]) -> bool:
    """Does a quoted sentence deny, in one of its clauses, an asked thing the deciding sentence
    does not speak of (« Microsoft Ireland est certifiée HDS » decides; « … n'est pas qualifiée
    SecNumCloud » denies the other half: a no)?"""
    decided = best[0].sentence.folded
    others = [(stems, w) for stems, w in attribute if not held(decided, [(stems, w)])]
    for item in items:
        if item is best or not others:
            continue
        for clause in _CLAUSES.split(fold(item[0].sentence.text).replace("’", "'")):
            if _DENIES.search(clause) and held(clause, others) > 0:
                return True
    return False


def says_no(analysis: Analysis, items: Sequence[tuple[Scored, SentenceInfo, int]],
             language: Language) -> bool:
    """The quoted sentences answer the yes/no question with a no."""
    return bool(items) and _yes_no(analysis, items, language).split()[:1] in (["Non"], ["No"])


_UNTIL = re.compile(r"\b(jusqu'?(a|au|en)?|until|till|expire\w*|valable|valid)\b")


def _count(analysis: Analysis, items: Sequence[tuple[Scored, SentenceInfo, int]]) -> str:
    """The figure that counts the asked noun (« 67 millions de Français », not the « deux
    blogs » that report it) in the first quoted sentence that has one, else the first figure
    of the first sentence with a count; a share keeps its « % »."""
    counted = set(counted_stems(analysis))
    # (counts another noun, one of several figures, sentence, offset, lead): a sentence giving
    # several figures (« Ces seuils de 24 % et de 39 % s'appliquent … ») leads only when no
    # quoted sentence gives one alone
    found: list[tuple[bool, bool, int, int, str]] = []
    owned: list[tuple[int, int, int, frozenset[str], str, int]] = []  # counts of an asked noun
    for order, (item, _, number) in enumerate(items):
        text, folded = item.sentence.text, item.sentence.folded
        if states_unknown(folded):
            return "" if order == 0 else _best(found)
        figures = [m for m in counts(folded) if m.group(1) not in ("un", "une")
                   and not names_not_counts(folded[:m.start()])]
        for match in figures:
            after = folded[match.end():]
            figure = text[match.start():match.end()]
            if is_share(after):  # « 39 % », not « 39 »
                lead = f"{figure} %"
            else:  # the counted noun, and its complement (« quatre établissements de santé »)
                tail = re.match(r"\s+([^\W\d_][\w'’-]*(?:\s+(?:de|des|d'|d’|of)\s*"
                                r"[^\W\d_][\w'’-]*)?)", text[match.end():])
                lead = figure + (" " + tail.group(1).strip() if tail else "")
            own = bool(counted & set(analyze(after[:40])[:3]))
            found.append((not own, len(figures) > 1, order, match.start(),
                          f"{lead.strip(' ,;:')} [{number}]"))
            if own:
                owned.append((order, match.start(), match.end() + len(lead) - len(figure),
                              frozenset(analyze(after[:40])[:3]) & counted, text, number))
    if analysis.counted in TIMES and not owned:
        return ""  # "how many times?" — « modifié en 2003, en 2004 et en 2008 »: the quote counts
    both = _both_counts(owned)
    return both or _best(found)


def _both_counts(owned: Sequence[tuple[int, int, int, frozenset[str], str, int]]) -> str:
    """Two counts a question asks at once, told in one sentence (« combien de partenaires et
    de pays ? » — « réunit 16 partenaires de 10 pays »): the stretch from one to the other."""
    for first in owned:
        for second in owned:
            if (second[0] == first[0] and second[1] > first[2] and second[3] != first[3]
                    and second[1] - first[2] <= 12):
                return f"{first[4][first[1]:second[2]].strip(' ,;:')} [{first[5]}]"
    return ""


def _date_of_event(folded: str, event: frozenset[str]) -> re.Match[str] | None:
    """Of several dates, the one the asked event is told with (« La lettre … du 19 novembre
    2020 a été révélée par Mediapart le 22 novembre 2020 », asked when it was revealed): the
    first date after the event's word, within a few words, else the closest one before it."""
    heads = [e[:5] for e in event if len(e) >= 4]
    at = [m.end() for m in _WORD.finditer(folded) if any(m.group(0).startswith(h)
                                                          for h in heads)]
    if not at:
        return None
    dates: list[re.Match[str]] = []  # (not a bare year: « la délibération n° 2023-146 »)
    for pattern in (_FULL_DATE, _MONTH_YEAR):
        dates += [m for m in pattern.finditer(folded)
                  if not any(d.start() <= m.start() < d.end() for d in dates)]
    if len(dates) < 2:
        return None

    def distance(date: re.Match[str]) -> int:
        after = [date.start() - end for end in at if 0 <= date.start() - end <= _EVENT_REACH]
        return min(after) if after else _EVENT_REACH + min(abs(date.start() - end) for end in at)

    return min(dates, key=distance)


_EVENT_REACH = 60  # characters from the event's word to a date told with it
# A time of day asked (folded), and told right after a date (« … 2024 à 17h26 »).
_HOUR_ASKED = re.compile(r"\b(heure|what time|at what hour)\b")
_HOUR = re.compile(r"\s+(?:a|at)\s+\d{1,2}\s?h\s?\d{0,2}\b")


def _best(found: list[tuple[bool, bool, int, int, str]]) -> str:
    return min(found)[4] if found else ""


def lead_line(kind: str, language: Language, analysis: Analysis,
              items: Sequence[tuple[Scored, SentenceInfo, int]], known: frozenset[str]) -> str:
    """The answer in a few words with its marker, or "" when it cannot be read off the
    quoted sentences. ``items``: the quoted sentences, best first, with what the parser found
    in them and their passage's [n]; ``known``: the stems the question (and the conversation)
    already gives."""
    if not items:
        return ""
    if kind == "who":
        return _who(analysis, items, known, language)
    if kind == "yes_no":
        return _yes_no(analysis, items, language)
    if kind == "count":
        return _count(analysis, items)
    for item, _, number in items[:1]:
        text = item.sentence.text
        folded = item.sentence.folded
        if states_unknown(folded):
            return ""  # « aucune source (recherche menée en décembre 2026) ne donne la date »
        found = ""
        if kind == "when":
            match = (_FULL_DATE.search(folded) or _MONTH_YEAR.search(folded)
                     or _YEAR.search(folded))
            if match and _UNTIL.search(fold(analysis.ask or analysis.question)):
                # « Jusqu'à quand ? »: the end of « du 17 décembre 2025 au 17 décembre 2028 »
                match = list(_FULL_DATE.finditer(folded))[-1] if _FULL_DATE.search(
                    folded) else match
            elif match:
                match = _date_of_event(folded, asked_event(
                    analysis.ask or analysis.question, language)) or match
            start = match.start() if match else 0
            if match and match.re is _FULL_DATE:
                # « les 5, 15, 18 et 19 mars 2024 »: every day of the month given
                days = _DAYS_BEFORE.search(folded[:start])
                start = days.start(1) if days else start
            elif match:  # « fin décembre 2021 », « début 2026 », "late 2021"
                rough = _ROUGHLY.search(folded[:start])
                start = rough.start(1) if rough else start
            found = text[start:match.end()] if match else ""
            hour = _HOUR.match(folded, match.end()) if match else None
            if match and hour and _HOUR_ASKED.search(fold(analysis.ask or analysis.question)):
                found = text[match.start():hour.end()]  # « 02 février 2024 à 17h26 »
        elif kind == "duration":
            match = ANSWER_PATTERNS["duration"].search(folded)
            found = text[match.start():match.end()] if match else ""
        elif kind == "money":
            money = _MONEY.search(text)
            found = money.group(0) if money else ""
        found = found.strip(" ,;:")
        return f"{found} [{number}]" if found else ""
    return ""
