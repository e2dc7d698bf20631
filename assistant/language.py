"""The question's language (French or English) and the words the answer is framed with.

Detection is a small stop-word vote, French winning ties: the corpus and the
users are French first, and a question such as « EMC2 ? » should be answered in
French. The quoted passages always stay in the language they were written in;
only the framing around them follows the question.
"""

from __future__ import annotations

import re

from core.text import fold

Language = str  # "fr" or "en"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_FRENCH = frozenset(
    """
    le la les des du de un une et est sont quel quelle quels quelles qui que quoi quand comment
    pourquoi combien ou dans sur avec pour par pas ne au aux ce cette ces il elle ils elles on
    ont été etre être etait était sera seront son sa ses leur leurs selon apres après avant
    chez lors depuis entre vers donc mais aussi quelle qu y en se sont-ils
    est-ce fait faut peut doit
    """.split()
)
_ENGLISH = frozenset(
    """
    the what who whom whose when where why how which is are was were does did do done has have
    had will would can could should of to in on for with by from about and or not this that
    these those it its they their there many much long any be been being an a as at into
    after before during under whether
    whats hows whos wheres whys dont doesnt didnt isnt arent wasnt wont cant
    status name full law still already yet ever just only then than get got set up out off
    over new old first last next same other own such very more most also became become
    ruling ruled owner owners owns number host hosts hosted stored signed filed approved
    authorised authorized allowed cost costs price deadline warehouse provider providers
    requirement requirements
    """.split()
)
_ENGLISH_ONLY = _ENGLISH - {"a", "as", "on", "in", "an", "de", "est"}


# A quoted phrase is in the documents' language, not necessarily the asker's ("Who owns Bleu,
# the 'cloud de confiance'?", « Que veut dire "Clarifying Lawful Overseas Use" ? »).
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|(?:(?<=\s)|^)'[^']+'(?!\w)")


def detect(text: str) -> Language:
    """``"en"`` when the text reads as English, else ``"fr"`` (the default)."""
    unquoted = _QUOTED.sub(" ", text[:2000])
    read = unquoted if _WORD.search(unquoted) else text[:2000]
    words = [fold(w) for w in _WORD.findall(read)]
    if not words:
        return "fr"
    french = sum(1 for w in words if w in _FRENCH)
    english = sum(1 for w in words if w in _ENGLISH_ONLY)
    if re.search(r"\b[a-zà-ÿ]*[éèêàùçœâîôû]", read):  # accents outside proper names
        french += 1
    if re.search(r"\b\w+'(s|t|re|ve|ll|d)\b", read.lower()):  # it's, don't, EMC2's
        english += 1
    if english == french and english and (words[0] in _ENGLISH_ONLY or re.match(
            r"(on|in|at|for|by|from|to) (what|which|whom)\b", " ".join(words[:2]))):
        return "en"  # a tie: "Does the decree on … impose …?", "on what question?"
    return "en" if english > french else "fr"


# The framing of an answer, by language. ``{quotes}`` is the quoted sentences with their markers.
MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "answer": "D'après les documents indexés : {quotes}",
        "opinions": "Avis de lecteurs (des opinions, pas des faits) : {quotes}",
        "abstain": "Les documents indexés ne permettent pas de répondre à cette question.",
        "not_found": (
            "Les documents indexés ne donnent pas cette information ; ils indiquent : {quotes}"
        ),
        "see_also": "Voir aussi, à titre indicatif, les passages les plus proches : {markers}.",
        "no_index": "L'index est vide : aucun document n'a pu être indexé.",
        "llm_fallback": (
            "modèle génératif indisponible ({reason}) : réponse extractive"
        ),
        "llm_unsupported": (
            "réponse du modèle génératif écartée (aucune phrase appuyée par les passages) : "
            "réponse extractive"
        ),
        "llm_dropped": "{count} phrase(s) non appuyée(s) par les passages retirée(s) de la réponse",
        "followup": "question comprise comme : {question}",
        "followup_topic": "question comprise comme : « {question} », à propos de : {topic}",
        "partial": "Les documents indexés ne donnent pas {what} ; ils indiquent : {quotes}",
        "partial_opinions": "Les documents indexés ne donnent pas {what}.",
        "missing_figure": "ce chiffre",
        "missing_date": "cette date",
        "missing_duration": "cette durée",
        "missing_name": "ce nom",
        "missing_outcome": "cette issue",
        "missing_reason": "cette raison",
        "missing_statement": "ces propos",
        "missing_information": "cette information",
    },
    "en": {
        "answer": "According to the indexed documents: {quotes}",
        "opinions": "Readers' opinions (not facts): {quotes}",
        "abstain": "The indexed documents do not answer this question.",
        "not_found": "The indexed documents do not give this information; they state: {quotes}",
        "see_also": "See also, for reference, the closest passages: {markers}.",
        "no_index": "The index is empty: no document could be indexed.",
        "llm_fallback": "generative model unavailable ({reason}): extractive answer",
        "llm_unsupported": (
            "generative answer discarded (no sentence supported by the passages): "
            "extractive answer"
        ),
        "llm_dropped": "{count} sentence(s) not supported by the passages removed from the answer",
        "followup": "question understood as: {question}",
        "followup_topic": "question understood as: “{question}”, about: {topic}",
        "partial": "The indexed documents do not give {what}; they state: {quotes}",
        "partial_opinions": "The indexed documents do not give {what}.",
        "missing_figure": "this figure",
        "missing_date": "this date",
        "missing_duration": "this duration",
        "missing_name": "this name",
        "missing_outcome": "how it ended",
        "missing_reason": "this reason",
        "missing_statement": "these words",
        "missing_information": "this information",
    },
}

# Messages that do not depend on the question's language: French first, then English.
EMPTY_QUESTION = "Question vide : posez une question. / Empty question: please ask something."
TRUNCATED = "question tronquée à {limit} caractères / question truncated to {limit} characters"


def message(language: Language, key: str, **values: object) -> str:
    """One framing string in ``language`` (French when the language is unknown)."""
    table = MESSAGES.get(language, MESSAGES["fr"])
    return table[key].format(**values)


# -- English questions, French passages ----------------------------------------------------------
#
# The dense side of retrieval is multilingual; the lexical side and the sentence
# scoring match stems, and English stems rarely match French ones. This glossary
# gives the French words an English question word usually stands for (general
# question vocabulary and the vocabulary of data protection, cloud and health
# data). Keys are lower-case English words; values are French words, analysed
# (folded, stemmed) before use.
GLOSSARY: dict[str, str] = {
    # time, dates, quantities
    "when": "date", "date": "date", "dates": "date", "year": "année an", "years": "ans années",
    "month": "mois", "months": "mois", "day": "jour", "days": "jours", "week": "semaine",
    "long": "durée", "duration": "durée", "period": "période durée", "deadline": "échéance délai",
    "delay": "délai", "time": "temps durée", "initially": "initialement",
    "initial": "initial", "originally": "initialement", "first": "premier première",
    "last": "dernier", "now": "désormais", "today": "aujourd'hui", "until": "jusqu'",
    "number": "nombre numéro", "numbers": "numéros nombres", "many": "nombre", "amount": "montant",
    "budget": "budget", "cost": "coût prix", "costs": "coûts prix", "price": "prix",
    "million": "millions", "millions": "millions", "percent": "%", "threshold": "seuil",
    "thresholds": "seuils", "exact": "exacte précis", "exactly": "exactement",
    "january": "janvier", "february": "février", "march": "mars", "april": "avril",
    "may": "mai", "june": "juin", "july": "juillet", "august": "août", "september": "septembre",
    "october": "octobre", "november": "novembre", "december": "décembre",
    "happened": "sort", "fate": "sort", "future": "avenir sort",
    # who, what, where
    "who": "qui", "author": "auteur", "wrote": "écrit auteur", "written": "rédigé écrit",
    "company": "société entreprise", "companies": "sociétés entreprises", "firm": "entreprise",
    "entity": "société entité", "subsidiary": "filiale", "provider": "prestataire fournisseur",
    "providers": "prestataires hébergeurs fournisseurs", "vendor": "fournisseur",
    "host": "héberger hébergeur hébergement", "hosts": "héberge hébergeur", "hosted": "hébergé",
    "hosting": "hébergement héberger", "store": "stocker stockage", "stored": "stockées stockage",
    "storing": "stocker stockage", "storage": "stockage",
    "server": "serveur centres de données", "servers": "serveurs centres de données",
    "datacenter": "centre de données", "datacenters": "centres de données", "country": "pays", "where": "où",
    "located": "situé localisation", "location": "localisation", "territory": "territoire",
    "france": "France", "french": "français française", "europe": "Europe",
    "european": "européen européenne", "eu": "Union européenne UE", "american": "américain",
    "us": "américain États-Unis", "united": "États-Unis", "states": "États",
    "member": "membres", "germany": "Allemagne", "netherlands": "Pays-Bas", "italy": "Italie",
    "spain": "Espagne", "ireland": "Ireland Irlande", "government": "gouvernement",
    "minister": "ministre", "ministry": "ministère", "president": "président",
    "shareholders": "actionnaires", "shareholder": "actionnaire", "ownership": "détention capital",
    "owned": "détenu", "capital": "capital", "joint": "co-entreprise", "venture": "co-entreprise",
    "partner": "partenaire", "partners": "partenaires", "hospital": "hôpital établissement",
    "hospitals": "établissements hôpitaux", "patients": "patients personnes",
    "institution": "établissement institution", "institutions": "établissements institutions",
    "people": "personnes", "citizens": "Français citoyens",
    # law and procedure
    "law": "loi", "laws": "lois", "act": "Act loi", "article": "article", "articles": "articles",
    "rule": "règle", "rules": "règles", "regulation": "règlement", "gdpr": "RGPD",
    "decree": "décret", "order": "ordonnance décret enjoint", "circular": "circulaire",
    "regulatory": "réglementaire", "text": "texte", "texts": "textes",
    "decision": "décision délibération", "decisions": "décisions", "deliberation": "délibération",
    "ruling": "arrêt décision", "judgment": "arrêt", "court": "Cour tribunal juge",
    "judge": "juge", "cjeu": "CJUE Cour justice", "council": "Conseil", "case": "affaire requête recours",
    "action": "action recours", "lawsuit": "recours", "against": "contre", "outcome": "issue",
    "result": "résultat issue", "end": "fin issue",
    "appeal": "recours pourvoi", "appeals": "recours pourvoi", "challenge": "recours",
    "challenges": "recours", "petition": "requête",
    "petitioners": "requérants", "applicant": "requérant",
    "claimant": "requérant", "plaintiff": "requérant", "dismiss": "rejeté rejet",
    "dismissed": "rejeté", "reject": "rejeter", "rejected": "rejeté", "annul": "annulation",
    "annulment": "annulation", "suspend": "suspendre suspension", "suspension": "suspension",
    "interim": "référé intercalaire", "relief": "référé", "urgency": "urgence",
    "referred": "renvoi préjudiciel", "referral": "renvoi", "preliminary": "préjudiciel",
    "invalidate": "invalidé", "invalidated": "invalidé", "adequacy": "adéquation",
    "framework": "référentiel cadre", "reference": "référentiel", "requirement": "exigence",
    "requirements": "exigences", "compliance": "conformité", "compliant": "conforme",
    "deviate": "non-conformités écarts", "deviations": "non-conformités", "points": "points",
    "authorised": "autorisé", "authorized": "autorisé", "authorise": "autoriser",
    "authorize": "autoriser", "authorisation": "autorisation", "authorization": "autorisation",
    "approved": "autorisé approuvé", "approve": "autoriser", "allowed": "autorisé permis",
    "published": "publié publication", "publish": "publier", "publication": "publication",
    "official": "officiel", "officially": "officiellement", "journal": "Journal",
    "signed": "signé promulgué", "sign": "signer conclure", "enacted": "promulgué adopté",
    "adopted": "adopté", "adopt": "adopter", "passed": "adopté obtenu", "voted": "voté",
    "created": "créé création", "create": "créer", "creation": "création",
    "founded": "créé fondé", "established": "créé", "birth": "naissance",
    "apply": "applique applicable", "applies": "applique", "enter": "entrée vigueur",
    "force": "vigueur", "revised": "révisé", "revision": "révision", "version": "version",
    "draft": "projet", "removed": "retiré", "withdrawn": "retiré", "dropped": "abandon retiré",
    "abandoned": "abandon abandonné", "opposed": "opposaient opposé", "supported": "soutenue",
    "names": "nomme désigne", "named": "nommé", "mentions": "mentionne cite",
    "cites": "cite", "quoted": "cite", "said": "déclaré", "says": "affirme",
    "regrets": "regrets", "regret": "regrette",
    # data, cloud, security
    "data": "données", "health": "santé", "warehouse": "entrepôt", "warehouses": "entrepôts",
    "platform": "plateforme", "hub": "Hub", "personal": "personnelles", "sensitive": "sensibles",
    "transfer": "transfert transférer", "transferred": "transférées transfert",
    "transfers": "transferts", "access": "accès", "intelligence": "renseignement",
    "surveillance": "surveillance", "security": "sécurité", "measures": "mesures",
    "cybersecurity": "cybersécurité sécurité", "news": "actualité actualités",
    "encryption": "chiffrement cryptage", "encrypted": "chiffrées cryptées", "keys": "clés",
    "pseudonymised": "pseudonymisées",
    "anonymised": "anonymisées", "anonymous": "anonymisées", "sovereign": "souverain souveraine",
    "sovereignty": "souveraineté", "trusted": "confiance", "trust": "confiance",
    "qualification": "qualification", "qualified": "qualifié", "certified": "certifié",
    "certification": "certification", "label": "label", "assessed": "évalués évaluation",
    "assess": "évaluer", "evaluated": "évalués", "audit": "audit", "process": "procédure processus",
    "procedure": "procédure", "milestone": "jalon", "offer": "offre", "offers": "offres",
    "service": "service", "services": "services", "solution": "solution",
    "tender": "appel d'offres",
    "tenders": "appels d'offres", "contract": "contrat", "contracts": "contrats",
    "public": "public", "procurement": "marché", "research": "recherche", "study": "étude",
    "studies": "études", "purpose": "finalité objectif", "goal": "objectif",
    "why": "pourquoi raison motif", "reason": "raison motif", "because": "parce",
    "expert": "expertise", "mission": "mission", "file": "dossier déposer",
    "filed": "déposé enregistrée introduit", "project": "projet",
    "level": "niveau", "section": "section", "identifier": "identifiant", "source": "source",
    "sources": "sources", "comments": "commentaires", "readers": "lecteurs",
}


# General question vocabulary of law, administration and public debate (not tied to one
# document): procedure, obligations, people and bodies, speech, time and change.
GLOSSARY.update({
    "request": "demande", "requests": "demandes", "requested": "demandé", "ask": "demander",
    "choice": "choix", "choose": "choisir", "pick": "choisir retenir", "select": "choisir",
    "selected": "choisi retenu", "lawyer": "avocat", "attorney": "avocat", "counsel": "avocat",
    "commissioner": "commissaire", "commissioned": "commanditaire commandé",
    "rapporteur": "rapporteur rapporteure", "letter": "lettre courrier",
    "grounds": "motifs motif", "ground": "motif", "motive": "motif", "stage": "étape jalon",
    "step": "étape jalon", "phase": "phase étape", "status": "statut état", "latest": "dernier récent",
    "current": "actuel vigueur", "currently": "actuellement", "recent": "récent", "criteria": "critères",
    "criterion": "critère", "breach": "atteinte violation", "infringe": "atteinte",
    "violate": "violation", "grant": "accorder délivrer", "issue": "délivrer",
    "renewal": "renouvellement prolongation", "renew": "renouveler prolonger",
    "extend": "prolonger", "extension": "prolongation", "delete": "supprimer",
    "deletion": "suppression effacement", "erase": "effacement", "controller": "responsable",
    "processor": "sous-traitant", "subcontractor": "sous-traitant", "prosecutor": "parquet procureur",
    "testimony": "audition", "hearing": "audience audition", "criticism": "critiques",
    "criticise": "critiquer", "criticize": "critiquer", "respond": "répondre réagir",
    "response": "réponse réaction", "reply": "répondre", "react": "réagir", "reaction": "réaction",
    "merits": "fond", "emergency": "urgence référé", "urgent": "urgence référé",
    "interest": "intérêt", "senator": "sénateur", "senators": "sénateurs", "mp": "député",
    "mps": "députés", "deputy": "député", "parliament": "Parlement", "assembly": "Assemblée",
    "senate": "Sénat", "technical": "techniques", "administrator": "administrateur",
    "financial": "financier", "owner": "propriétaire actionnaire détient détenu",
    "own": "détenir", "owners": "propriétaires actionnaires détient détenue",
    "founder": "fondateur fondatrice", "co-founder": "cofondateur cofondatrice",
    "cofounder": "cofondateur cofondatrice",
    "owns": "détient détenu", "owning": "détenant détenu", "behind": "détenu contrôlée",
    "belong": "appartient détenu", "stake": "participation capital", "share": "part",
    "vote": "vote", "majority": "majorité", "unanimous": "unanimité", "fine": "amende",
    "penalty": "sanction amende", "sanction": "sanction", "complaint": "plainte recours",
    "sue": "attaquer recours", "overturn": "annuler", "strike": "invalider",
    "ban": "interdire interdiction", "forbid": "interdire", "prohibit": "interdire",
    "require": "exiger imposer", "mandatory": "obligatoire", "obliged": "tenu obligé",
    "obligation": "obligation", "bound": "tenu", "exempt": "exempté", "waiver": "dérogation",
    "consent": "consentement", "oppose": "opposer", "objection": "opposition",
    "opt": "opt-out opposer", "opting": "opt-out opposer", "opt-out": "opt-out opposer figure",
    "included": "figurer inclus", "right": "droit",
    "rights": "droits", "inform": "informer", "copy": "copier copie", "migrate": "migrer",
    "move": "migration transférer", "leave": "quitter sortir", "exit": "sortie quitter",
    "replace": "remplacer", "replacement": "remplacement", "successor": "successeur",
    "switch": "bascule", "schedule": "calendrier", "timeline": "calendrier", "plan": "prévu",
    "expect": "prévu", "launch": "lancer lancement", "start": "début démarrage départ",
    "begin": "commencer début", "expire": "expirer extinction", "expiry": "expiration échéance",
    "lapse": "expirer", "cancel": "annuler", "withdraw": "retirer retrait",
    "aim": "objectif viser", "claim": "affirmer", "argue": "soutenir", "invoke": "invoquer",
    "warn": "alerter", "promise": "promettre", "pledge": "engagement", "commit": "engager",
    "commitment": "engagement", "announce": "annoncer", "announcement": "annonce",
    "reveal": "révéler", "disclose": "révéler", "report": "rapport", "inquiry": "enquête",
    "investigation": "enquête", "committee": "commission", "agency": "agence",
    "authority": "autorité", "regulator": "autorité", "watchdog": "autorité", "body": "organisme",
    "department": "ministère", "say": "dire déclarer", "tell": "dire déclarer",
    "think": "penser estimer", "believe": "estimer", "feel": "jugé jugée estimer avis",
    "consider": "considérer estimer",
    "defend": "défendre", "accuse": "accuser reprocher", "blame": "reprocher",
    "mood": "avis", "opinion": "avis", "view": "avis", "win": "remporter", "award": "attribuer",
    "contractor": "prestataire", "tenderer": "candidat", "candidate": "candidat",
    "bid": "candidature offre", "successive": "successifs", "earlier": "antérieur précédent",
    "previous": "précédent", "former": "ancien", "kept": "conservées conservation",
    "keep": "conserver conservation", "retention": "conservation", "region": "région",
    "scope": "champ périmètre", "standard": "norme référentiel", "meaning": "signifie",
    "acronym": "sigle", "name": "nom", "founded": "créé fondé",
    "run": "gérer piloter dirige directeur", "lead": "dirige directeur",
    "manage": "gérer piloter", "operate": "exploiter", "chief": "directeur", "head": "directeur",
    "minister": "ministre", "early": "premiers", "join": "rejoindre", "feed": "alimenter",
    "fed": "alimenté", "supply": "alimenter", "technology": "technologie", "rely": "appuie",
    "decide": "décider décision", "ruled": "jugé statué", "judged": "jugé", "find": "juger estimer",
})

# More general vocabulary: confirming and mentioning, amounts and groups, places and bodies of
# local government, beginnings and ends.
GLOSSARY.update({
    "confirm": "confirmer confirmé", "confirmation": "confirmation", "verify": "vérifier vérifié",
    "verified": "vérifié", "mention": "mentionner évoquer cite", "mentioned": "mentionné évoqué",
    "refer": "évoquer mentionner", "original": "initial", "worth": "montant valeur",
    "value": "valeur montant", "total": "total montant", "sum": "somme",
    "collective": "collectif", "group": "groupe groupement",
    "association": "association", "organisation": "organisation organisme",
    "organization": "organisation organisme", "figures": "personnalités chiffres",
    "personalities": "personnalités", "comprise": "regrouper composé", "consist": "composé",
    "gather": "regrouper réunir", "include": "comprendre inclure",
    "town": "commune mairie collectivités", "city": "ville commune collectivités",
    "municipality": "commune collectivités", "local": "territoriales locales collectivités",
    "hall": "mairie", "follow": "suivre respecter", "comply": "respecter conforme",
    "bodies": "organismes", "administration": "administration", "state": "État",
    "final": "définitif final",
    "finally": "finalement", "eventually": "finalement", "still": "toujours encore",
    "yet": "encore", "again": "nouveau", "new": "nouveau nouvelle", "old": "ancien",
    "main": "principal principale", "key": "clé principal", "major": "principal",
    "legally": "juridiquement", "legal": "juridique", "kind": "type nature",
    "type": "type", "nature": "nature", "cover": "couvrir concerne s'applique",
    "concern": "concerner", "affect": "concerner toucher", "involve": "impliquer",
    "mean": "signifier", "called": "appelé nommé", "amend": "modifier modifie",
    "amendment": "amendement modification avenant", "modify": "modifier", "modified": "modifié",
    "change": "modifier changement", "changed": "modifié changé", "known": "connu", "explain": "expliquer",
    "describe": "décrire", "define": "définir",
    "backed": "soutenu soutenue soutenir", "backing": "soutien soutenir", "backer": "soutien",
    "backers": "soutiens", "lodged": "déposé introduit enregistrée",
    "extract": "extrait", "excerpt": "extrait", "valid": "valable qualifiée validité",
    "validity": "validité valable", "listed": "inscrite inscrites figure",
    "contest": "contester recours", "contested": "contesté contestaient recours",
    # the short forms a hurried question writes ("orgs", "govt", "info")
    "org": "organisation organisme", "orgs": "organisations organismes",
    "govt": "gouvernement", "gov": "gouvernement", "dept": "ministère département",
    "admin": "administration", "admins": "administrateurs administration", "info": "informations",
    "infos": "informations", "docs": "documents", "stats": "statistiques", "approx": "environ",
})

# Everyday English the questions use around the domain's words (people and bodies, money,
# procedure, numbers spelt out, readers' reactions), and cognates spelt otherwise in French.
# Light verbs and quantifiers (get, make, take, only, other…) have none: what they stand for
# depends on their object.
GLOSSARY.update({
    "global": "mondial", "worldwide": "mondial", "sector": "secteur", "finance": "financier",
    "easy": "facile simplifie", "easier": "facile simplifie", "app": "application appli",
    "recommend": "recommande conseille", "hypothetical": "exemple", "scenario": "exemple",
    "pooling": "commune mutualiser", "unified": "unifiée", "quantum": "quantique",
    "broken": "cassé", "cracked": "cassé",
    "argument": "argument arguments", "principle": "principe", "medicine": "médicament",
    "medicines": "médicaments", "proceeding": "procédure instance", "proceedings": "procédure",
    "obtain": "obtenir obtenu", "hold": "détenir détient détenu", "headline": "titre",
    "instrument": "texte instrument", "fight": "combat recours bataille",
    "brief": "mémoire", "piece": "article", "stop": "cesser arrêter", "call": "appel",
    "already": "déjà",
    "instead": "plutôt lieu", "non-eu": "non européen hors extra-européen",
    "non-european": "non européen hors extra-européen",
    "formally": "officiellement formellement", "prime": "premier première",
    "deal": "contrat accord marché", "challenger": "requérant requérants", "cite": "citer invoquer",
    "update": "actualiser actualisation modifier", "doctrine": "doctrine",
    "declaration": "déclaration",
    "sell": "vendre commercialiser", "specific": "spécifique particulier",
    "prefer": "préférer préférence", "dissolve": "dissoudre", "realistic": "réaliste",
    "common": "commun commune", "timeframe": "délai durée", "alternative": "alternative solution",
    "director": "directeur directrice", "boss": "patron directeur dirigeant cofondateur",
    "operator": "opérateur exploitant", "submission": "mémoire observations",
    "justify": "justifier", "represent": "représenter défendre", "channel": "canal voie",
    "purchasing": "achat achats", "acquire": "acquérir acheter", "buy": "acheter achat",
    "terabyte": "téraoctet", "management": "gestion", "physically": "physiquement physique",
    "email": "courriel mail", "dispute": "litige affaire", "disproportionate": "disproportionné",
    "disproportionately": "disproportionné", "unveil": "présenter dévoiler annoncer",
    "tech": "technologie technique",
    "incapable": "incapable", "capacity": "capacité", "urge": "demander appeler exhorter",
    "write": "écrire", "risk": "risque", "customer": "client", "account": "compte",
    "employee": "salarié employé", "annual": "annuel", "revenue": "chiffre d'affaires",
    "master": "maître maîtresse", "generate": "générer", "implementing": "application",
    "conclude": "conclure", "agreement": "accord", "warrant": "mandat", "split": "répartition",
    "questioned": "contester", "submit": "déposer soumettre", "summer": "été",
    "availability": "disponibilité", "provide": "prévoir", "controversy": "polémique controverse",
    "money": "argent somme montant", "cash": "argent somme montant", "insurance": "assurance",
    "market": "marché", "reach": "atteindre", "entry": "entrée inscription", "database": "base",
    "lose": "perdre", "programme": "programme", "program": "programme", "favour": "faveur",
    "favor": "faveur", "log": "journal journaux", "algorithm": "algorithme",
    "accredited": "accrédité", "score": "note", "contribute": "contribuer alimenter",
    "transition": "transition transitoire", "materialise": "concrétiser aboutir",
    "materialize": "concrétiser aboutir", "residual": "résiduel",
    "sunset": "expiration échéance", "register": "enregistrer",
    "individual": "individuel", "individually": "individuellement",
    "allow": "permettre autoriser",
    "maximum": "maximum plafond",
    "late": "fin",
    "corruption": "corruption", "corrupt": "corruption corrompu", "shame": "honte",
    "ashamed": "honte", "betrayal": "trahison", "betray": "trahir trahison",
    "compare": "comparer comparaison", "angry": "colère furieux", "anger": "colère",
    "furious": "furieux", "outraged": "indigné scandalisé", "upset": "furieux colère",
    "blasting": "emporte furieux", "blasted": "emporte furieux", "slammed": "emporte furieux",
    "fuming": "furieux colère",
    "annoyed": "agacé embêté", "political": "politique", "guarantee": "garantir garantie",
    "lobbying": "lobbying", "fire": "incendie",
    "participate": "participer adhérer", "percentage": "pourcentage part",
    "contribution": "contribution observation", "receive": "recevoir reçu reçus reçues",
    "medical": "médical médicale", "record": "dossier",
    "window": "période", "two": "deux", "three": "trois",
    "four": "quatre", "five": "cinq", "six": "six", "seven": "sept", "eight": "huit",
    "nine": "neuf", "ten": "dix",
    "wrong": "erreur erreurs inexact", "mistake": "erreur erreurs", "error": "erreur erreurs",
    "inaccurate": "inexact erreur", "inaccuracy": "inexactitude erreur",
    "together": "collectivement ensemble", "collectively": "collectivement",
    "combined": "collectivement cumulé ensemble", "jointly": "conjointement collectivement",
    "altogether": "collectivement total",
})

# Irregular English verb forms, to their base form (then looked up in the glossary).
IRREGULAR = {
    "won": "win", "threw": "throw", "thrown": "throw", "held": "hold", "made": "make",
    "came": "come", "chose": "choose", "chosen": "choose", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "found": "find", "said": "say", "told": "tell",
    "brought": "bring", "sought": "seek", "led": "lead", "ran": "run", "began": "begin",
    "begun": "begin", "wrote": "write", "written": "write", "went": "go", "gone": "go",
    "got": "get", "gotten": "get", "saw": "see", "seen": "see", "knew": "know",
    "known": "know", "left": "leave", "lost": "lose", "sent": "send", "spent": "spend",
    "struck": "strike", "stricken": "strike", "stood": "stand", "withdrew": "withdraw",
    "withdrawn": "withdraw", "forbade": "forbid", "forbidden": "forbid", "fought": "fight",
    "bought": "buy", "paid": "pay", "sold": "sell", "meant": "mean", "heard": "hear",
    "undertook": "undertake", "overtook": "overtake", "kept": "keep", "set": "set",
    "put": "put", "shut": "shut", "issued": "issue", "thought": "think", "felt": "feel",
}


def english_base(word: str) -> str:
    """The base form of an irregular English verb form ("won" → "win"), else the word."""
    return IRREGULAR.get(word.lower(), word.lower())


# English endings tried, in order, when a word is not in the glossary as written.
_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
            ("ing", ""), ("ing", "e"), ("ly", ""))


def french_equivalents(word: str) -> str:
    """French words an English question word usually stands for ("" when unknown); a
    plural, a past or an -ing form reads as its base word ("milestones", "approving")."""
    key = english_base(word.strip("'’"))
    found = GLOSSARY.get(key, "")
    if found or len(key) < 4:
        return found
    for ending, replacement in _ENDINGS:
        if len(key) < 5 and ending != "s":  # "runs" is "run"; "used" stays itself
            continue
        if key.endswith(ending):
            found = GLOSSARY.get(key[:-len(ending)] + replacement, "")
            if found:
                return found
    return ""


# Words whose French equivalent depends on what the question is about (folded question and
# conversation; first match wins): "court" is the EU courts for the Data Privacy Framework and
# Latombe's case, the Conseil d'État for a French act (a CNIL deliberation, EMC2, the Health
# Data Hub's choices), whose challenges it hears. A capitalised "Court" is a name ("Data
# Protection Review Court") and keeps the glossary's words.
_IN_CONTEXT: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "court": (
        (re.compile(r"\b(data privacy|dpf|adequacy|latombe|schrems|privacy shield|safe harbou?r"
                    r"|general court|court of justice|cjeu|cjue|luxembourg|eu|european)\b"),
         GLOSSARY["court"]),
        (re.compile(r"\b(cnil|deliberation|emc2|darwin|health data hub|hdh|pds|isoc|clever cloud"
                    r"|nexedi|microsoft|azure|authori[sz]ation)\b"), "Conseil d'État juge"),
    ),
    # what a court or a judge "rules" is what it decides (« jugé », « rejeté »), not a « règle »
    "rule": (
        (re.compile(r"\b(court|courts|judge|judges|tribunal|conseil d'etat|council of state|cjeu|cjue)\b"),
         "jugé statué rejeté décidé"),
    ),
}


def french_equivalents_about(word: str, context: str) -> str:
    """``french_equivalents`` of ``word`` in a question about ``context`` (folded): "" when the
    word's equivalent does not depend on it."""
    key = word.lower()
    key = key[:-1] if key.endswith("s") and key[:-1] in _IN_CONTEXT else key
    if key not in _IN_CONTEXT or word[:1].isupper():
        return ""
    for pattern, french in _IN_CONTEXT[key]:
        if pattern.search(context):
            return french
    return ""


# English phrasal verbs whose words mislead one by one ("bring down" is not « réunir »).
PHRASAL = (
    (re.compile(r"\b(bring|brings|brought|bringing|strike|strikes|struck|striking|shoot|shot"
                r"|knock|knocked|take|took|taken) down\b", re.IGNORECASE), "invalider annuler"),
    (re.compile(r"\b(amount|amounts|amounted) to\b", re.IGNORECASE), "correspond consiste"),
    (re.compile(r"\b(set|sets|setting) up\b", re.IGNORECASE), "créer création"),
    (re.compile(r"\b(turn|turns|turned) down\b", re.IGNORECASE), "refuser rejeter"),
    # "French people", "the French population": « les Français »
    (re.compile(r"\bfrench (?:people|persons|citizens|population|residents)\b", re.IGNORECASE),
     "Français"),
    # "was supposed to": what was planned (« devait », « prévu »)
    (re.compile(r"\b(?:supposed|meant) to\b", re.IGNORECASE), "devait devaient prévu"),
    # "how long does a qualification take?": how long it lasts (not « prendre »)
    (re.compile(r"\b(take|takes|took)(?=\s*\??\s*$)", re.IGNORECASE), "dure durée"),
    # "its full name", "what does it stand for spelled out": the name written in full
    (re.compile(r"\b(full|complete|official|long) (name|title|form)\b|\bspell(ed|t)? out\b",
                re.IGNORECASE), "nom complet"),
    # "the regulator signed off on it", "gave it the green light": an authorisation
    (re.compile(r"\b(sign|signs|signed|signing) off\b|\bgreen[- ]?(light|lit|lighted)\b",
                re.IGNORECASE), "autoriser autorisé"),
    # "why did the CNIL let Microsoft host EMC2?": an authorisation (not "let's")
    (re.compile(r"\b(?:let|lets|letting)(?=\s+(?:[\w-]+\s+){1,3}?(?:host|store|keep|run|go|use"
                r"|handle|process)\b)", re.IGNORECASE), "autoriser autorisé"),
    # "why did the CNIL say yes to Microsoft?": why it authorised it
    (re.compile(r"\b(say|says|said|saying) yes\b", re.IGNORECASE), "autoriser autorisé"),
    # "who was the letter addressed to?": whom it was written to (« a écrit à la présidente »)
    (re.compile(r"\b(addressed|written|wrote|write|writes) to\b", re.IGNORECASE),
     "écrit à destinataire"),
    (re.compile(r"\b(call|calls|called) for\b", re.IGNORECASE), "demander réclamer"),
    (re.compile(r"\b(back|backs|backed) down\b", re.IGNORECASE), "renoncer"),
    (re.compile(r"\b(pull|pulls|pulled) out\b", re.IGNORECASE), "retirer quitter"),
    (re.compile(r"\b(step|steps|stepped) down\b", re.IGNORECASE), "démissionner"),
    (re.compile(r"\b(set|sets|setting) aside\b", re.IGNORECASE), "prévoir réserver"),
    (re.compile(r"\b(kick|kicks|kicked|kicking) off\b", re.IGNORECASE), "lancer démarrer"),
    (re.compile(r"\b(kick|kicks|kicked|kicking) in\b", re.IGNORECASE), "entre en vigueur applique"),
    (re.compile(r"\b(end|ends|ended|ending) up\b", re.IGNORECASE), "finalement"),
    (re.compile(r"\b(hand|hands|handed|handing) down\b", re.IGNORECASE), "rendre"),
    (re.compile(r"\b(hand|hands|handed|handing|give|gives|gave|given|giving) out\b", re.IGNORECASE),
     "délivrer délivre accorder"),
    # "how long does it take to get it?": the procedure's length, not how long it is valid
    (re.compile(r"\b(take|takes|took|taken|taking) to (get|obtain|earn|achieve|win)\b", re.IGNORECASE),
     "procédure dure obtenir"),
    (re.compile(r"\b(throw|throws|threw|thrown|throwing) out\b", re.IGNORECASE), "rejeter"),
    (re.compile(r"\b(shut|shuts|shutting) out\b", re.IGNORECASE), "exclure"),
    (re.compile(r"\b(bring|brings|brought|bringing) up\b", re.IGNORECASE), "évoquer mentionner"),
    (re.compile(r"\b(side|sides|sided|siding) with\b", re.IGNORECASE), "soutenir défendre"),
    (re.compile(r"\b(give|gives|gave|given|giving) in(?= to\b)", re.IGNORECASE), "céder"),
    (re.compile(r"\b(put|puts|putting) forward\b", re.IGNORECASE), "proposer avancer"),
    (re.compile(r"\b(carry|carries|carried|carrying) out\b", re.IGNORECASE), "mener réaliser"),
    (re.compile(r"\bsubject to\b", re.IGNORECASE), "soumis"),
    (re.compile(r"\b(push|pushes|pushed|pushing) back\b", re.IGNORECASE), "opposer opposaient"),
    (re.compile(r"\b(take|takes|took|taken|taking) over\b", re.IGNORECASE),
     "succéder remplacer reprendre"),
    (re.compile(r"\b(go|goes|went|gone|going) live\b", re.IGNORECASE), "mise en service démarrage"),
    (re.compile(r"\bin the running\b", re.IGNORECASE), "candidats"),
    # "they don't get the logic": what a reader did not understand (« pas dû bien comprendre »)
    (re.compile(r"\b(?:don't|doesn't|didn't|do not|does not|did not) (?:get|understand|see)\b",
                re.IGNORECASE), "comprendre compris"),
    (re.compile(r"\b(look|looks|looked|looking) (at|into)\b", re.IGNORECASE), "examiner consulter étudier"),
    # a case's "final ruling" is its judgment on the merits (« a rejeté au fond »)
    (re.compile(r"\b(final|definitive|last) (ruling|decision|judgment|judgement|verdict|word)\b",
                re.IGNORECASE), "au fond"),
    (re.compile(r"\bapplications? (deadline|period|window|date)s?\b", re.IGNORECASE),
     "candidatures ouvertes jusqu'au"),
)


# Spoken French phrases whose words mislead one by one: « elle a dit oui à Microsoft » is an
# authorisation, not something said (« ce qu'a dit la CNIL ») nor the word « oui ».
FRENCH_PHRASAL = (
    (re.compile(r"\b(?:dire|dit|dis|disent|disait|disaient|dirait|dite?s?) oui\b", re.IGNORECASE),
     "autoriser autorisé accepter"),
    # « la CNIL a laissé passer Microsoft », « … a laissé EMC2 chez Microsoft »: let it through
    (re.compile(r"\blaiss\w*\s+(?:passer|faire)\b|\blaiss\w*(?=\s+(?:[\w'-]+\s+){1,3}?chez\b)",
                re.IGNORECASE),
     "autoriser autorisé"),
    (re.compile(r"\b(?:dire|dit|dis|disent|disait|disaient|dirait|dite?s?) non\b", re.IGNORECASE),
     "refuser refusé rejeter"),
    (re.compile(r"\b(?:donn\w*|accord\w*) (?:son |leur |le )?feu vert\b", re.IGNORECASE),
     "autoriser autorisé"),
    # « la lettre était adressée à qui ? »: whom it was written to (« a écrit à la présidente »)
    (re.compile(r"\badress\w* (?:a|à)\b", re.IGNORECASE), "écrit à destinataire"),
    # « Clubic s'est planté sur quoi ? »: erred (not a crash)
    (re.compile(r"\b(?:s['’]est|se sont|se plante\w*|s['’]etait|s['’]était) plant\w*\b|\bse plant\w*\b",
                re.IGNORECASE), "erreur erreurs inexact"),
    # « ça a fait tomber quoi ? »: struck down (« invalidé »), not a fall
    (re.compile(r"\b(?:fai\w*|fait|faite?s?) tomber\b", re.IGNORECASE), "invalider invalidé annuler"),
)


def phrasal_equivalents(text: str, language: str = "en") -> list[tuple[str, str]]:
    """The phrasal verbs of ``text`` (English, or spoken French) with the French words they
    stand for."""
    table = FRENCH_PHRASAL if language == "fr" else PHRASAL
    found = [(m.group(0), french) for pattern, french in table for m in pattern.finditer(text)]
    if language != "fr":  # "Who hands it out?", "they turned them down": the object between
        for between in _OBJECT_BETWEEN.finditer(text):
            joined = f"{between.group(1)} {between.group(2)}"
            found += [(between.group(0), french) for pattern, french in table
                      if pattern.fullmatch(joined)]
    return found


# An object pronoun between an English verb and its particle (« hands it out »).
_OBJECT_BETWEEN = re.compile(r"\b([a-z]+) (?:it|them|this|that|him|her) (out|down|up|off|aside"
                             r"|over|back|in)\b", re.IGNORECASE)


# English spellings of names the French documents write their own way: months, the EU. "US",
# "USA" qualify more than they name (« américain », « aux États-Unis », « outre-Atlantique »):
# not required as names (their glossary words still count as terms).
NAMES = {
    "january": "janvier", "february": "février", "march": "mars", "april": "avril",
    "may": "mai", "june": "juin", "july": "juillet", "august": "août",
    "september": "septembre", "october": "octobre", "november": "novembre",
    "december": "décembre", "eu": "UE", "us": "", "usa": "", "u.s.": "", "uk": "Royaume-Uni",
    "eu-us": "UE",
    # institutions an English question capitalises, the documents name in French
    "council": "Conseil", "state": "État", "minister": "ministre", "prime": "premier",
    "senate": "Sénat", "parliament": "Parlement", "assembly": "Assemblée",
}
# "US-owned", "EU-based": the place qualifies, as « US » alone does
_QUALIFIED = re.compile(r"^(us|u\.s\.|usa|eu|uk)-[a-z]+$")


# Bodies a question names by what they are ("the French data protection authority", « le
# gendarme des données ») where the documents name them: (pattern on the folded text, name).
DESCRIBED = tuple((re.compile(pattern), name) for pattern, name in (
    (r"\b(?:data[- ]protection|privacy) (?:authority|regulator|watchdog|agency|body)\b"
     r"|\bgendarme (?:francais )?(?:des donnees|de la vie privee)\b"
     r"|\bautorite (?:francaise )?de protection des donnees\b"
     r"|\bregulateur (?:francais )?(?:des donnees|de la vie privee)\b", "CNIL"),
    (r"\bcyber ?security (?:agency|authority|watchdog)\b"
     r"|\bagence (?:nationale )?(?:de (?:la )?)?(?:cyber ?securite|securite (?:des systemes"
     r" d'information|informatique))\b", "ANSSI"),
    (r"\b(?:eu |european )?general court\b", "Tribunal de l'Union européenne"),
    (r"\b(?:eu |european )?court of justice\b", "Cour de justice CJUE"),
    # the CNIL decides by deliberations: « la décision de la CNIL » is its « délibération »
    (r"\bdecision (?:de la |of the )?cnil\b|\bcnil'?s decision\b", "délibération"),
    (r"\bcouncil of state\b|\b(?:top|highest|supreme) administrative court\b"
     r"|\bplus haute juridiction administrative\b", "Conseil d'État"),
))


def described_names(text: str) -> list[str]:
    """The names of the bodies ``text`` describes rather than names (``DESCRIBED``)."""
    return [name for _, name in described_spans(text)]


def described_spans(text: str) -> list[tuple[str, str]]:
    """The descriptions ``text`` gives of bodies (folded), each with the body's name."""
    folded = fold(text).lower()
    return [(match.group(0), name) for pattern, name in DESCRIBED
            for match in [pattern.search(folded)] if match]


def french_name(name: str) -> str:
    """The French spelling of an English name the documents write otherwise (« mars »)."""
    key = name.lower().strip(".'’")
    qualified = _QUALIFIED.match(key)
    if qualified:
        return NAMES.get(qualified.group(1), name)
    return NAMES.get(key, name)


# Question words as texted (« qd », « cb », « cmt », « pkoi »): spelt out before the question is
# read, or « qd est-ce que … ? » reads as a yes / no question.
_TEXTED = (
    (re.compile(r"\bqd\b", re.IGNORECASE), "quand"),
    (re.compile(r"\b(?:cb|cmb|cbn)\b(?=\s+(?:de\b|d['’]|l['’]|le\b|la\b|les\b|ça\b|ca\b|en\b"
                r"|y\b|\w+\s+\?)|\s*\?)"), "combien"),  # lower case: « CB » is a bank card
    (re.compile(r"\bcmt\b", re.IGNORECASE), "comment"),
    (re.compile(r"\bpkoi\b|\bpourkoi\b", re.IGNORECASE), "pourquoi"),
    (re.compile(r"\bpk\b(?=\s+\w)"), "pourquoi"),  # lower case: « PK » is not texting
    (re.compile(r"\bj(?:e )?suis\b|\bchuis\b", re.IGNORECASE), "je suis"),
    (re.compile(r"\bya\b(?=\s+(?:un|une|des|du|de|d['’]|eu|pas|quelqu)\b)", re.IGNORECASE), "il y a"),
)


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
# A date written in figures, day first (« 21/12/2023 », « 21.12.2023 »): as the documents write it.
_FIGURES_DATE = re.compile(r"\b(0?[1-9]|[12]\d|3[01])[/.](0?[1-9]|1[0-2])[/.]((?:19|20)\d{2})\b")


def spelt_out(question: str) -> str:
    """The question with its texted question words spelt out (« qd » → « quand ») and its
    dates in figures in words (« 21/12/2023 » → « 21 décembre 2023 »)."""
    for pattern, word in _TEXTED:
        question = pattern.sub(word, question)
    return _FIGURES_DATE.sub(lambda m: f"{'1er' if int(m[1]) == 1 else int(m[1])} "
                                       f"{_MONTHS[int(m[2]) - 1]} {m[3]}", question)


# French words the documents and their readers use for one another (« crypter » for
# « chiffrer », « nuage » for « cloud »): a question's word also matches its synonyms. Only
# unambiguous forms (« chiffre », a number, is not « chiffré »).
SYNONYMS = (
    (re.compile(r"^(chiffrement|chiffrements|chiffrer|chiffrees?|chiffrage|chiffrent|chiffrait)$"),
     "crypter cryptées cryptage"),
    (re.compile(r"^(crypter|cryptees?|cryptage|crypte|cryptent|cryptait)$"),
     "chiffrer chiffrées chiffrement"),
    (re.compile(r"^(nuage|nuages)$"), "cloud"),
    # the documents name hospitals by their legal category (« établissements de santé »)
    (re.compile(r"^(hopital|hopitaux)$"), "établissements établissement"),
    (re.compile(r"^(dissolution)$"), "dissoudre"),
    # « qui a contesté … ? »: the documents tell a challenge by its recourse and applicants
    (re.compile(r"^(contest(er|e|ee|ees|es|ent|ait|aient|ant))$"),
     "recours requérants contestataires attaquer attaqué"),
    (re.compile(r"^(attaqu(er|e|ee|ees|es|ent|ait|aient|ant))$"), "recours requérants contester"),
    (re.compile(r"^(etapes?)$"), "jalon jalons"),
    (re.compile(r"^(jalons?)$"), "étape étapes"),
    (re.compile(r"^(patron|patronne|patrons|boss)$"), "directeur dirigeant président cofondateur"),
    (re.compile(r"^(courriels?|mails?|e-mails?)$"), "courriel mail"),
    (re.compile(r"^(stock(er|ee|ees|e|es|ent|ait|aient))$"), "héberger hébergées"),
    # « combien de temps ils vont garder mes données ? » asks how long they are kept
    (re.compile(r"^(gard(er|ee|ees|es|ent|era|eront|ait|aient))$"), "conserver conservées conservation"),
    (re.compile(r"^(ordonner|ordonne|ordonnee?s?|ordonnait|ordonnent)$"), "enjoindre enjoint"),
    # (who « pourrait remplacer » Microsoft: the candidates to take over)
    (re.compile(r"^(remplac(er|e|ee|ees|es|ait|ent|ant))$"), "succédé succède succéder candidats"),
    (re.compile(r"^(commentaires?|remarques?)$"), "observations contributions"),
    (re.compile(r"^(contributions?|avis)$"), "observations"),
    (re.compile(r"^(jo|jorf)$"), "Journal officiel"),
    # « une solution européenne » is about « l'Europe » (the stemmer keeps them apart)
    (re.compile(r"^(europeen|europeenne|europeens|europeennes)$"), "Europe"),
    (re.compile(r"^(europe)$"), "européen européenne"),
    (re.compile(r"^(refuser|refuse|refusent|retirer|retire|retirent)$"), "opt-out"),
    # « à plusieurs », "together": what several hold collectively (« détenus … collectivement »)
    (re.compile(r"^(plusieurs|ensemble|cumul|cumules?|cumulees?)$"), "collectivement"),
    # to object to one's data being used is to opt out (« s'opposer à ce que … y figurent »)
    (re.compile(r"^(opposer|oppose|opposent|opposition)$"), "opt-out"),
    (re.compile(r"^(opt-out|opt|opting)$"), "opposition opposer figure"),
    (re.compile(r"^(succed(er|e|ait|ent|ant))$"), "remplacé remplace remplacer"),
    (re.compile(r"^(reclam(er|e|es|ent|ait|aient|ant|ee|ees))$"), "demander demande demandant"),
    (re.compile(r"^(tromp(er|e|es|ent|ait|aient|ee|ees)|fautes?|inexacte?s?)$"), "erreur erreurs"),
    (re.compile(r"^(decid(er|e|ee|ees|es|ent|ait|aient))$"), "autoriser autorisé choix choisi"),
    # « le HDH a pris Microsoft », « leur justif »: spoken words for the documents' ones
    (re.compile(r"^(pris|prendre|prend|prennent|prenait)$"), "choisi choix"),
    (re.compile(r"^(justifs?|justification|justifications|excuses?)$"), "justifier invoqué"),
    # « le gars qui râle », « il s'énerve »: someone who spoke angrily (« s'emporte », « furieux »)
    (re.compile(r"^(ral(er|e|es|ent|ait|aient|ant|e)|enerv(er|e|ee|es|ent|ait|aient)|gueul(er|e|ent"
                r"|ait))$"), "emporte furieux colère"),
    (re.compile(r"^(args?|arguments?)$"), "arguments invoqué soutenu"),
    # verb forms the stemmer leaves whole and spaCy's lemma table does not bring to the
    # documents' stem (``word_forms``: « alimentent », « pensent » are read there): the forms
    # the documents write
    (re.compile(r"^(repondu|repondue|repondus|repondait|repondaient|repondent)$"),
     "répond répondre réponse"),
    (re.compile(r"^(reagi|reagit|reagissent|reagissait)$"), "réaction réagir"),
    (re.compile(r"^(detient|detiennent|detenait)$"), "détenu détenir détention"),
    # « c'est qui derrière S3NS ? »: who owns or controls it
    (re.compile(r"^(derriere)$"), "détenu contrôlée propriétaire"),
    # the short forms of spoken French (« les infos perso », « le gouv », « l'appli »)
    (re.compile(r"^(infos?)$"), "informations données"),
    (re.compile(r"^(perso|persos)$"), "personnelles personnel"),
    (re.compile(r"^(gouv|gvt)$"), "gouvernement"),
    (re.compile(r"^(applis?)$"), "application"),
    (re.compile(r"^(stats?)$"), "statistiques"),
    (re.compile(r"^(orgas?)$"), "organisations organismes"),
    (re.compile(r"^(assos?)$"), "associations"),
    (re.compile(r"^(admins?)$"), "administration administrateurs"),
    (re.compile(r"^(docs?)$"), "documents"),
    (re.compile(r"^(delibs?|deliberations?)$"), "délibération"),
    (re.compile(r"^(ordos?)$"), "ordonnance"),
    # « la boîte », « les boîtes françaises »: a company, in spoken French
    (re.compile(r"^(boites?|boite|boitte|boittes)$"), "entreprise entreprises société prestataire"),
    # « le contrat devait se terminer quand ? »: the documents give its end (« fin »)
    (re.compile(r"^(termin(er|e|ee|ees|ent|ait|aient)|finir|finit|finissait|expir(er|e|ait|ent)"
                r"|achev(er|e|ait))$"), "fin"),
)


def french_synonyms(word: str) -> str:
    """French words that stand for ``word`` in the documents ("" when none)."""
    folded = fold(word).lower()
    return " ".join(words for pattern, words in SYNONYMS if pattern.match(folded))
