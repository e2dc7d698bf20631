"""Follow-up questions: « Et pour combien de temps ? » read in the light of the conversation.

Offline, a turn is first classed as standing on its own or leaning on the conversation
(``resolve``). A turn that leans keeps its own ask (what it asks: its kind comes from its
own words) and takes its subject from the conversation: the names of every turn back to the
last question that stood on its own, whose other key words come too when the turn has few
of its own (« Et pour combien de temps ? » after « Qui héberge les données d'EMC2 ? » is
searched as « Et pour combien de temps ? héberge données EMC2 »). A turn without an ask of
its own (« Et le Safe Harbor ? », "And the government commissioner?") asks the previous
question again about its new names. A question that brings its own subject and does not
point back (no pronoun, no « Et … », no « d'autres ») stands on its own, whatever came
before. With a generative model configured, the model rewrites the question instead (see
``generative.rewrite_question``), and this resolution is the fallback when it fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.text import STOPWORDS, analyze, fold

from .agreement import agreeing_turn
from .language import detect, phrasal_equivalents

History = Sequence[Sequence[str]]

_ELLIPTIC_START = re.compile(
    r"^\s*[«\"“(]*\s*(et|mais|ou|alors|puis|aussi|ensuite|sinon|and|but|or|so|also|then"
    r"|what about|how about|same|plus)\b",
    re.IGNORECASE,
)
# « Qui d'autre ? », "Who else?": the same question again, about other items.
_OTHER = re.compile(r"\b(d'autres?|d’autres?|autres?|else|other|others)\b", re.IGNORECASE)
# Pronouns and determiners that point back (folded text). A subject pronoun after a hyphen
# is an inversion (« a-t-elle », « modifie-t-il »), not a pointer; « il y a » is impersonal.
_ANAPHORA = re.compile(
    r"(?<![-\w'])(il|elle|ils|elles|eux|ce|cet|cette|ces|celui|celle|ceux|celles|ca|cela|lui|leur"
    r"|leurs|son|sa|ses|it|its|they|them|their|this|that|these|those|he|she|his|her|him"
    r"|there)(?![-\w'])"
)
_IMPERSONAL = re.compile(r"\bil (y a|s'agit|faut)\b|\bc'est\b|\bce (que|qui|qu')\b"
                         r"|\bis (it|there|that) (true|so|the case)\b|\bthat\s+(is|was)\b")
# « C'est paru au JO quand ? », « c'est valable combien de temps ? »: « c' » is what was
# told, when a participle or « valable » follows (not « c'est quoi », « c'est la CNIL qui … »)
_IT_DONE = re.compile(r"\bc'(?:est|etait)\s+(?:\w+(?:e|es|ee|ees|u|us|ue|ues|is|ie|ies)|valable)\b"
                      r"(?<!\bquoi)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_QUESTION_WORDS = frozenset(
    "combien quel quelle quels quelles qui quoi quand comment pourquoi lequel laquelle "
    "lesquels lesquelles what which who whom whose when where why how long many much est "
    "sont a-t-il a-t-elle est-ce over among regarding upon via per whether whats".split()
)
# The question asks something of its own: a question word, an inverted verb, "did it…".
_ASKS = re.compile(
    r"\b(combien|quel|quelle|quels|quelles|qui|quoi|quand(?! meme\b)|comment|pourquoi|lequel|laquelle"
    r"|ou|what|which|who|whom|whose|when|where|why|how|est-ce|qu'|que)\b|\w-t-\w|-(il|elle|ils"
    r"|elles|on)\b|^(is|are|was|were|does|do|did|has|have|had|can|could|will|would)\b"
)
_BACK_TO_FIRST = re.compile(r"\b(revenir|retour|back to|going back|return to)\b.{0,30}"
                            r"\b(premier|premiere|first|debut|start)\b")
SHORT = 4  # content words: a question this short is treated as elliptic

# Words that say what a turn asks, not what it is about: never carried over, and not a
# subject of their own (« temps », « pourquoi », « exactement »).
_ASK_WORDS = frozenset(
    "temps duree date dates jour annee mois raison raisons motif nombre montant combien quand "
    "pourquoi comment qui quoi ou deja exactement vraiment aussi ensuite alors encore donc "
    "juste au passe passee arrive devenu devenue donne abouti suite suites apres depuis "
    "fin debut premier premiere dernier derniere chose choses point cas fois "
    "long many much else also then still exactly really happened happen next after since "
    "end start first last thing things point case time worth cost costs price value amount "
    "number date year years duration reason".split()
)
# A finite verb (an auxiliary, « il y a »): the turn says something of its own (« Il y a eu un
# recours ? »), it does not only name a new subject for the previous ask (« Et le Safe Harbor ? »).
_VERB = re.compile(
    r"\b(il a|elle a|on a|y a|ca a|cela a|a (?:ete|eu)|ont|avait|avaient|aura|est|sont|etait|etaient|sera"
    r"|seront|fut|peut|peuvent|doit|doivent|faut|is|are|was|were|has|have|had|does|did|do|can|could|will|would)\b"
)
# A subject pronoun and the verb after it (« et il exige SecNumCloud ? », « Et la CNIL, elle
# voyait les choses pareil ? »): the turn asks something of its own (folded)
_SUBJECT_VERB = re.compile(r"(?<![-\w'])(?:il|elle|ils|elles)\s+(?!(?:y|en|le|la|les|lui|leur|se|ne)\b)"
                           r"[a-z]{3,}")
_NAME = re.compile(r"(?<![\w-])([A-ZÀ-Þ][\w@’'+.-]*[\w+]|[A-Za-z]*\d[\w/.-]*\w)")


def pairs(history: History | None) -> list[tuple[str, str]]:
    """Normalise the history to (question, answer) pairs; malformed entries are skipped."""
    out = []
    for item in history or ():
        if not isinstance(item, (list, tuple)) or not item:
            continue
        question = item[0] if isinstance(item[0], str) else ""
        answer = item[1] if len(item) > 1 and isinstance(item[1], str) else ""
        if question.strip():
            out.append((question, answer))
    return out


def _bare(word: str) -> str:
    return re.sub(r"^(l|d|qu|n|s|j|c|m|t|jusqu|lorsqu|puisqu)['’]", "", word, flags=re.I)


def content_words(text: str) -> list[str]:
    """Surface words that carry meaning (not stop words nor question words), in order."""
    words = []
    for word in _WORD.findall(text):
        bare = _bare(fold(word))
        if bare in STOPWORDS or bare in _QUESTION_WORDS or len(bare) < 2:
            continue
        if re.fullmatch(r"[\w]+-t-(il|elle|ils|elles|on)|[\w]+-(il|elle|ils|elles|on)", bare):
            bare = bare.split("-")[0]  # « modifie-t-il »: the verb
            word = word.split("-")[0]
            if bare in STOPWORDS or len(bare) < 2:
                continue
        words.append(re.sub(r"['’]s$", "", _bare(word)))  # "CNIL's"
    return words


def _is_name(word: str, text: str) -> bool:
    """A proper name, an acronym or a figure (not the capital of a sentence's first word)."""
    if any(c.isdigit() for c in word) or (word.isupper() and len(word) > 1):
        return True
    position = text.find(word)
    return word[:1].isupper() and position > 0 and text[:position].strip()[-1:] not in ".!?«\"“"


def names(text: str) -> list[str]:
    """The proper names, acronyms and figures of ``text``, in order."""
    return [w for w in content_words(text) if _is_name(w, text)]


def capitalised_stems(text: str) -> frozenset[str]:
    """The stems of every capitalised word of ``text``, a sentence's first word included (the
    words a follow-up was completed with come after its question mark: « … quand ? Leviia »)."""
    return frozenset(s for word in re.findall(r"\b[A-Z][\w-]+", text) for s in analyze(word))


# a name and the number that tells it apart from others of its series (« Schrems II »)
_NUMBERED = re.compile(r"\b([A-Za-zÀ-ÿ][\w-]+)\s+([IVX]{1,4}|v?\d+(?:\.\d+)+[a-z]?)(?![\w.])")
_TYPED_NUMBERED = re.compile(r"\b([A-Za-z][a-z]{2,})\s+([1-5])(?![\w/-]|[.,]\d)")
# a roman numeral or a number that tells one of a series apart (« Schrems II », « v3.2 »)
_NUMBERING = re.compile(r"[IVX]{1,4}|v?\d+(?:[.,]\d+)*[a-z]?", re.IGNORECASE)
_INVERTED = re.compile(r"\w-(?:t-)?(il|elle|ils|elles)\b")
_NOUN_BEFORE = re.compile(r"\b(le|la|les|l'|du|des|d'|un|une|the|this|that)\s*\w")


# « Y en a qui défendent Microsoft ? », "Do any of them …": some of a set named earlier
_SOME_OF_THEM = re.compile(r"(?<![\w'])(?:il )?y en a(?: (?:qui|un|une|des|d'autres|plusieurs))?\b"
                           r"|\b(?:any|some|one|none|all|most) of them\b")


def _points_back(question: str) -> bool:
    """A pronoun or demonstrative that refers to something earlier (« elle », « ce recours »,
    "that company"). An inverted pronoun (« a-t-elle ») points back only when no name or
    noun comes before it: « Qu'a-t-elle dit ? », not « Quand la CNIL a-t-elle statué ? »."""
    folded = fold(question).replace("’", "'")
    if _IT_DONE.search(folded):
        return True
    if _SOME_OF_THEM.search(folded):
        return True
    folded = _IMPERSONAL.sub(" ", folded)
    if _ANAPHORA.search(folded):
        return True
    inverted = _INVERTED.search(folded)
    if inverted is None:
        return False
    before = question[:inverted.start()]
    return not (names(before) or _NOUN_BEFORE.search(fold(before).replace("’", "'")))


# "What about the Privacy Shield?", « Et qu'en est-il du Safe Harbor ? »: no ask of its own,
# the previous one about something else
_ABOUT = re.compile(r"^\W*(and\s+)?(what|how)\s+about\b|^\W*(et\s+)?qu'en est-il\b")


def _without_about(question: str) -> str:
    """The folded turn without a « qu'en est-il », "what about" opening (it asks nothing)."""
    return _ABOUT.sub(" ", fold(question).replace("’", "'"))


# A thing's attribute named as what is asked (folded): its number, date, amount, cost, duration
_ATTRIBUTE = re.compile(r"\b(numeros?|n°|numbers?|references?|identifiants?|identifiers?|ecli"
                        r"|dates?|montants?|amounts?|budgets?|couts?|costs?|prix|prices?|durees?"
                        r"|duration)\b")


def names_attribute(question: str) -> bool:
    """The turn names the attribute it asks of the conversation's thing (« Et le numéro de
    cette ordonnance ? », "And the budget?")."""
    return bool(_ATTRIBUTE.search(fold(question)))


def asks_attribute_only(question: str) -> bool:
    """The turn only names the attribute it asks (« et son numéro NOR ? »): no question word,
    no verb, a few words (not « il a fait un pourvoi ? numéro d'affaire ? »)."""
    own = [w for w in content_words(question) if fold(w) not in _ASK_WORDS]
    return names_attribute(question) and _asks_nothing(question, own)


# What a conversation may ask the fate of, other than a case in court: a tender, a plan (folded)
_FATE_OF = re.compile(r"\b(appels? (?:d')?offres|marches?|tenders?|procurements?|projets?|projects?"
                      r"|plans?|migrations?|procedures? ugap|solutions?)\b")
_CASE = re.compile(r"\b(recours|refere|requete|pourvoi|plainte|attaqu\w*|contest\w*|saisi\w*"
                   r"|challeng\w*|appeal\w*|court|juge|tribunal|conseil d'etat|lawsuit|sued)\b")
_FATE_WORDS = ("abandon", "renoncé", "annulé", "attribué")
_COURT = re.compile(r"\b(conseil d'etat|juges?|tribunal|cour|court|cjue|cjeu|refere|ordonnance)\b")


def asks_fate(question: str) -> bool:
    """The (completed) question asks what became of a tender, a plan, a project, not how a case
    in court ended (« Et ça a donné quoi ? appel d'offres 2025 … »)."""
    folded = fold(question).replace("’", "'")
    return bool(_FATE_OF.search(folded)) and not _CASE.search(folded)


def in_court(text: str) -> bool:
    """A court or a judge acts in the sentence (folded)."""
    return bool(_COURT.search(text))


def _own_kind(question: str) -> str:
    """The kind the turn's own words ask: « Et l'issue de cette affaire ? » how something ended
    (« outcome »), « Et maintenant ? », « Et depuis ? » where things stand (« latest »)."""
    from .questions import question_kind  # the kinds of questions (no cycle at import)

    return question_kind(question, detect(question))


def asks(question: str) -> bool:
    """True when the turn asks something of its own (a question word, an inverted verb)."""
    return bool(_ASKS.search(_without_about(question)))


@dataclass(frozen=True)
class Resolution:
    """How a turn reads in its conversation."""

    question: str
    elliptic: bool = False
    topic: tuple[str, ...] = ()  # words taken from the conversation (what it is about)
    subject: str = ""  # the question that set the conversation's subject
    inherits_ask: bool = False  # no ask of its own: the previous turn's ask
    substitutes: bool = False  # ... about the new names this turn gives
    previous: tuple[str, ...] = ()  # the earlier questions, oldest first
    comments: bool = False  # the conversation is about the readers' comments
    answered: tuple[str, ...] = ()  # names the last answer gave (not new to this turn)
    recalled: tuple[str, ...] = ()  # the last answer's content words (what « pourquoi ? » is about)
    asked: str = ""  # the turn with the item of a series it points to named (« l'article 32 »)

    @property
    def search(self) -> str:
        """The text searched: the question with what the conversation was about."""
        if not self.topic:
            return self.question
        return f"{self.question.strip()} {' '.join(self.topic)}"


def _standalone(question: str, turns: Sequence[tuple[str, str]]) -> bool:
    """Does the turn stand on its own after ``turns``?"""
    words = content_words(question)
    substantive = [w for w in words if fold(w) not in _ASK_WORDS]
    if len(substantive) <= 1 or _OTHER.search(question):
        return False
    # a name nobody gave before: a subject of its own, unless the turn points back (a turn
    # naming nothing new, « Quels articles portent sur le cloud ? », is about the conversation's)
    if not _new_names(question, turns, answers=True):
        return False
    return not (_points_back(question) or _ELLIPTIC_START.match(question))


def _new_names(question: str, turns: Sequence[tuple[str, str]], *, answers: bool) -> list[str]:
    """The names of ``question`` that no earlier question (nor answer) gave."""
    known: set[str] = set()
    for previous, answer in turns:
        words = content_words(previous) + (content_words(answer) if answers else [])
        known.update(s for w in words for s in analyze(w))
    found = [w for w in names(question) if not any(s in known for s in analyze(w))]
    # « Schrems I » after « Schrems II », "version 3.1" after « 3.2 »: another of the series
    # (« schrems 2 » typed for « Schrems II »)
    numbered = list(_NUMBERED.finditer(question)) + list(_TYPED_NUMBERED.finditer(question))
    earlier = " ".join(p + " " + (a if answers else "") for p, a in turns) if numbered else ""
    if numbered:
        from .numbered import roman  # Roman figures however typed (no cycle at import)
    for match in numbered:
        base, number = match.group(1), roman(match.group(2))
        others = {roman(m.group(2)) for m in _NUMBERED.finditer(earlier)
                  if fold(m.group(1)) == fold(base)}
        if others and number not in others:
            found.append(match.group(0))
    return found


def _substitutes(question: str, turns: Sequence[tuple[str, str]]) -> bool:
    """The turn asks the previous ask again about new names, and nothing more (« Et Bleu ? »,
    "And the Safe Harbor?"): the names it replaces are no longer the subject."""
    own = [w for w in content_words(question) if fold(w) not in _ASK_WORDS]
    # (« Et publiée au JO ? » asks something more of the same subject: not only names)
    return (_asks_nothing(question, own) and all(_is_name(w, question) for w in own)
            and bool(_new_names(question, turns, answers=False)))


def _asks_nothing(question: str, own: Sequence[str]) -> bool:
    """The turn has no ask of its own: no question word, a few words of its own (``own``), no
    verb (« Et le Safe Harbor ? », « Et ses recours ? »)."""
    return (not asks(question) and len(own) <= SHORT - 1
            and not _VERB.search(_without_about(question)))


def is_elliptic(question: str, history: History | None = None) -> bool:
    """True when the question leans on the conversation (``history``: the previous turns).

    Without a history, only the wording counts (short, « Et … », a pronoun, « d'autres »).
    """
    turns = pairs(history)
    if turns:
        return not _standalone(question, turns)
    words = content_words(question)
    if len(words) <= SHORT - 2:
        return True
    if _ELLIPTIC_START.match(question) or _OTHER.search(question):
        return True
    return len(words) <= SHORT and _points_back(question)


def _last_answer(turns: Sequence[tuple[str, str]]) -> str:
    """The conversation's last answer, or its first line when the answer is long and that line
    short ("" when there is none)."""
    if not turns:
        return ""
    answer = turns[-1][1].strip()
    first = answer.split("\n", 1)[0]
    if len(answer) > 240 and len(first) <= 120:
        return first
    return answer


def answer_words(turns: Sequence[tuple[str, str]]) -> list[str]:
    """The content words of the conversation's last answer (of its first line when long):
    « Pourquoi si peu ? » after « Trois ans. » asks the reason of the three years."""
    answer = _last_answer(turns)
    return [w for w in content_words(answer) if fold(w) not in _ASK_WORDS]


def answered_names(turns: Sequence[tuple[str, str]]) -> list[str]:
    """The names and figures the conversation's last answer gave (« Jean-Yves Ollier »): a
    follow-up asks for something else (« Et qui l'avait demandé ? », "Who else?"), so the
    reader does not count them as new. A long answer gives those of its first line."""
    answer = _last_answer(turns)
    return [w for w in content_words(answer) if _is_name(w, answer) and not w.isdigit()]


# A number that names one thing: a docket or a decision number (« n° 491644 », « 2023-146 »,
# « 2023/1795 », « 6404/SG », « C-311/18 »), not a year, a day or a version.
_IDENTIFIER = re.compile(r"(?<![\w/-])(\d{5,}|\d+[-/](?:\d+|[A-Z]{1,3}\b)(?:[-/]\w+)*"
                         r"|[A-Z]{1,2}-\d+(?:/\d+)?)(?![\w/-])")


def identifiers(text: str) -> list[str]:
    """The numbers that name one thing (« 491644 », « 2023-146 », « C-311/18 »), not a year nor
    a day: a follow-up about « it » is about the deliberation or the case the answer numbered."""
    return [m.group(1) for m in _IDENTIFIER.finditer(text)]


_POSSESSIVE = re.compile(r"(?<![-\w'])(son|sa|ses|leur|leurs|their|his|her|its)(?![-\w'])")


def _owner_answered(question: str, turns: Sequence[tuple[str, str]],
                    answered: Sequence[str], own_names: Sequence[str]) -> bool:
    """A possessive (« son avocate », "their lawyer") after a turn that asked who or which,
    answered with a name or a few: the owner is the one the answer named."""
    if not answered or len(set(answered)) > 3 or own_names:
        return False
    if not _POSSESSIVE.search(fold(question).replace("’", "'")):
        return False
    from .questions import question_kind  # the kinds of questions (no cycle at import)

    previous = turns[-1][0]
    return question_kind(previous, detect(previous)) in ("who", "list", "other")


def resolve(question: str, history: History | None, *,
            about_comments: Callable[[str], bool] | None = None) -> Resolution:
    """Read ``question`` against the conversation ``history`` ((question, answer) pairs).

    ``about_comments`` tells whether a question is about the readers' comments.
    """
    turns = pairs(history)
    if not turns or not is_elliptic(question, turns):
        return Resolution(question)
    have = {s for w in content_words(question) for s in analyze(w)}
    own = [w for w in content_words(question) if fold(w) not in _ASK_WORDS]
    own_names = _new_names(question, turns, answers=False)
    # « Et le Safe Harbor ? », "And the government commissioner?": no ask of its own
    # (« Et celui d'avant ? » points back with no word of its own: the previous ask too)
    # "And all of them together?", « Et ses recours ? »: a word or two of its own and no verb,
    # still no ask of its own — unless those words ask for an outcome (« Et l'issue de cette
    # affaire ? », « Résultat ? », "And in the end?")
    own_kind = _own_kind(question)
    outcome = own_kind == "outcome"
    # (« Et le numéro de cette ordonnance ? », "And the amount?": the thing's number, date or
    # amount is an ask of its own, not the previous turn's why or who)
    askless = (_asks_nothing(question, own) and not outcome
               and not _SUBJECT_VERB.search(fold(question).replace("’", "'"))
               and own_kind != "latest" and not names_attribute(question))
    substitutes = askless and bool(own_names)  # the previous ask, about the names given here
    extra: list[str] = []
    seen: set[str] = set()

    def take(word: str, whole: bool = False) -> None:
        stems = analyze(word)
        if not stems or (all if whole else any)(s in have or s in seen for s in stems):
            return
        seen.update(stems)
        extra.append(word)

    # the subject's key words, not only its names, when this turn names nothing new and has
    # few words of its own, or points back (« elle », "they", « ce recours »)
    pointing = _points_back(question)
    key_words = pointing or (not own_names and len(own) <= SHORT - 1)
    # « Et le Conseil d'État a décidé quoi ? », "And what was the CNIL's take?": a new name
    # and a word of its own, no more: the new name speaks about the conversation's subject
    if own_names and _ELLIPTIC_START.match(question) \
            and len([w for w in own if not _is_name(w, question)]) <= 1:
        key_words = True
    # « Jusqu'à quand ? », "How did that end?": nothing of its own, so the key words of every
    # turn back to the subject's, the nearest first (« Elle est qualifiée SecNumCloud ? »)
    every = not own
    if _BACK_TO_FIRST.search(fold(question)):  # « pour revenir au tout premier recours »
        turns = turns[:1]
        key_words = True
    agreeing = agreeing_turn(question, list(turns))
    if agreeing is not None:  # « elle » after « la loi SREN », then « quel article »: the law
        turns = turns[:agreeing + 1]
        key_words = True
    subject = ""
    comments = False
    again = bool(_OTHER.search(question))
    replaced = False  # a later turn put new names in place of this one's (« et Bleu ? »)
    for number, (previous, _) in enumerate(reversed(turns)):
        # the conversation's first turn stands on its own, whatever its wording
        before = turns[:len(turns) - 1 - number]
        standalone = not before or _standalone(previous, before)
        if about_comments is not None and about_comments(previous):
            comments = True
        if substitutes:
            # « Et le Safe Harbor ? »: the previous ask, about the new names (not the numbers
            # that told the old one apart: "And Schrems I?" after « Schrems II »)
            for word in content_words(previous):
                if not _is_name(word, previous) and fold(word) not in _ASK_WORDS \
                        and not _NUMBERING.fullmatch(word):
                    take(word)
            # and what its phrasal verbs mean (« a fait tomber quoi ? »: « invalidé »), read
            # off the previous turn where the whole phrase was
            for _, meaning in phrasal_equivalents(previous, detect(previous)):
                for word in meaning.split():
                    take(word)
            subject = previous
            break
        for word in content_words(previous):
            if fold(word) in _ASK_WORDS:
                continue
            # names always; the subject turn's other key words when this turn lacks them, or
            # when that turn names nothing (« c quoi le collectif santénathon », written in
            # lower case: its words are its subject)
            # (and the last turn's, when this one asks it again about others: "Who else wants
            # out?" after "Anyone asking for an opt-out?")
            if replaced and _is_name(word, previous):
                continue  # « S3NS c'est qui ? » « et Bleu ? » « ils en sont où ? »: Bleu's
            if _is_name(word, previous) or (key_words or not names(previous)) and (
                    standalone or every or number == 0 and again):
                take(word, whole=number == 0 and again)  # « opt-out » after "wants out"
        if standalone:
            subject = previous
            break
        replaced = replaced or _substitutes(previous, before)
    answered = tuple(answered_names(turns))
    # the numbers the answers gave to one thing (« n° 491644 », « délibération 2025-014 »):
    # « Was it challenged? », « Et ça a abouti à quoi ? » are about what they numbered
    # (not when this turn names something else: those numbers were the old thing's)
    # (nor when it asks for the next of a series: "And the second one?" after « Schrems I »)
    next_article = _next_article_named(question, turns)  # « l'article suivant » → « l'article 32 »
    steps_on = _later_of_series(question, extra, turns) != extra or next_article != question
    for _, answer in reversed(turns if not (substitutes or steps_on) else ()):
        for word in identifiers(answer):
            take(word, whole=True)
    if _owner_answered(question, turns, answered, own_names):
        # « Qui a attaqué la délibération ? » « ISOC France. » "Who was their lawyer?": the
        # owner a possessive points to is what the last answer named
        for word in answered:
            take(word)
    if outcome and asks_fate(subject) \
            and not _CASE.search(fold(" ".join(q for q, _ in turns)).replace("’", "'")):
        # « Et ça a donné quoi ? » after a tender, a plan, a project (no case in court): what
        # became of it (« le gouvernement a renoncé … et a annulé l'appel d'offres »)
        for word in _FATE_WORDS:
            take(word)
    counted = _counted_in_answer(question, turns)
    if counted:
        # « Lesquels ? » after « … quatre établissements de santé … »: those counted, of the
        # conversation's names (not the words of the turn that asked how many)
        extra = [word for word in extra if word[:1].isupper()]
        take(counted)
    extra = _later_of_series(question, _earlier_of_series(question, extra), turns)
    own_question = question
    question = next_article if next_article != question else _series_named(question, extra)
    return Resolution(question, elliptic=True, asked=question if question != own_question else "",
                      topic=tuple(extra), subject=subject,
                      inherits_ask=askless, substitutes=substitutes,
                      previous=tuple(q for q, _ in turns), comments=comments,
                      answered=answered, recalled=tuple(answer_words(turns)))


# A turn asking only which ones (folded): « Lesquels ? », « C'est lesquelles ? », "Which ones?"
_WHICH_ONES = re.compile(r"^\W*(?:et |and |ok )?(?:c'est |ce sont )?(?:lesquel(?:le)?s|quels|quelles"
                         r"|which ones|which|what are they|who are they)(?: (?:sont-ils|sont-elles|donc"
                         r"|exactement|exactly))?\W*$")
_COUNT = re.compile(r"\b(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|six"
                    r"|seven|eight|nine|ten)\s+([^\W\d_]{4,})", re.IGNORECASE)


def _counted_in_answer(question: str, turns: Sequence[tuple[str, str]]) -> str:
    """The noun the last answer counted (« quatre établissements »), when this turn asks only
    which ones; "" otherwise."""
    if not turns or not _WHICH_ONES.match(fold(question).replace("’", "'")):
        return ""
    found = _COUNT.search(turns[-1][1])
    return found.group(1) if found else ""


# « Et l'arrêt d'avant ? », "And the first one?" after « Schrems II »: another of the series,
# the one before it or the first (folded).
_BEFORE_IN_SERIES = re.compile(r"\b(d'avant|precedente?s?|the one before|before it|earlier one"
                               r"|previous one|prior one|qui l'avait precede|qui l'a precede)\b")
_FIRST_IN_SERIES = re.compile(r"\b(tout premier|toute premiere|le premier|la premiere"
                              r"|the (?:very )?first(?: one)?)\b")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# "And the second one?", « Et le suivant ? » after « Schrems I »: the one after it, or the second
_SECOND_IN_SERIES = re.compile(r"\b(le second|la seconde|le deuxieme|la deuxieme"
                               r"|(?:le|la) 2(?:e|eme|nd|nde)|the second(?: one)?|the 2nd(?: one)?)\b")
_NEXT_IN_SERIES = re.compile(r"\b(le suivant|la suivante|the next one|the following one"
                             r"|the one after|the later one|celui d'apres|celle d'apres"
                             r"|the sequel|(?:^|et |and )la suite)\b")


def _earlier_of_series(question: str, topic: list[str]) -> list[str]:
    """The conversation's numbered name told back a step (« Schrems II » → « Schrems I ») when
    the turn asks for the one before it, or for the first of the series."""
    folded = fold(question).replace("’", "'")
    first = bool(_FIRST_IN_SERIES.search(folded))
    if not (first or _BEFORE_IN_SERIES.search(folded)):
        return topic
    out = []
    for word in topic:
        if word in _ROMAN[1:]:
            word = "I" if first else _ROMAN[_ROMAN.index(word) - 1]
        out.append(word)
    return out


def _later_of_series(question: str, topic: list[str], turns: Sequence[tuple[str, str]]) -> list[str]:
    """The conversation's numbered name told on a step (« Schrems I » → « Schrems II ») when the
    turn asks for the next one or the second; the name is read off the turns, where the words
    of the topic may have lost a short numeral ("Schrems I": « I » reads as a pronoun)."""
    folded = fold(question).replace("’", "'")
    second = bool(_SECOND_IN_SERIES.search(folded))
    if not (second or _NEXT_IN_SERIES.search(folded)):
        return topic
    for asked, said in reversed(turns):
        words = {fold(w) for w in topic}
        found = [m for m in _NUMBERED.finditer(f"{asked} {said}")
                 if m.group(2) in _ROMAN[:-1] and fold(m.group(1)) in words]
        if not found:
            continue
        name, number = found[0].group(1), found[0].group(2)
        later = "II" if second else _ROMAN[_ROMAN.index(number) + 1]
        if later == number:
            return topic
        out = [w for w in topic if w not in _ROMAN]
        place = next(i for i, w in enumerate(out) if fold(w) == fold(name))
        return out[:place + 1] + [later] + out[place + 1:]
    return topic


def _series_named(question: str, topic: list[str]) -> str:
    """"And the second one: when …?" read as "And Schrems II: when …?" once the topic holds the
    one asked (``_later_of_series``): the words that point to it are no words to search for
    (« seconde » would find « de seconde main »)."""
    folded = fold(question).replace("’", "'")
    found = _SECOND_IN_SERIES.search(folded) or _NEXT_IN_SERIES.search(folded)
    numbered = [(a, b) for a, b in zip(topic, topic[1:], strict=False) if b in _ROMAN and a[:1].isupper()]
    if not found or not numbered or len(folded) != len(question):
        return question
    name = " ".join(numbered[0])
    return f"{question[:found.start()]}{name}{question[found.end():]}"


# « l'article suivant », « l'article juste après », "the next article" (folded): the article
# numbered one more than the last one the conversation named
_NEXT_ARTICLE = re.compile(
    r"\b(?:l'|the )?(?:article (?:suivant|d'apres|(?:juste |tout de suite )?apres|qui suit)"
    r"|(?:next|following) article|article (?:right )?after(?: (?:it|that|this))?)\b")


def _next_article_named(question: str, turns: Sequence[tuple[str, str]]) -> str:
    """« Et l'article suivant ? » read as « Et l'article 32 ? » after « l'article 31 »."""
    from .numbered import articles  # the article numbers a text names (no cycle at import)

    folded = fold(question).replace("’", "'")
    found = _NEXT_ARTICLE.search(folded)
    if not found or len(folded) != len(question):
        return question
    for asked, said in reversed(turns):
        numbers = [int(n) for n in articles(f"{asked} {said}") if n.isdigit()]
        if numbers:
            named = ("the article " if folded[found.start():].startswith("the ") else "l'article ")
            return f"{question[:found.start()]}{named}{max(numbers) + 1}{question[found.end():]}"
    return question


def topic(question: str, history: History | None) -> list[str]:
    """What an elliptic question is about, taken from the conversation (``resolve``)."""
    return list(resolve(question, history).topic)


def carry_over(question: str, history: History | None) -> str:
    """The question to search: with what the conversation was about when it is elliptic."""
    return resolve(question, history).search


def stems_of(words: Sequence[str]) -> frozenset[str]:
    return frozenset(s for w in words for s in analyze(w))
