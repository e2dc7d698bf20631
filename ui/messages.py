"""Short French messages for the web chat, from Souverain's errors.

The library's messages are written for logs and the CLI; the web chat shows a
short French sentence instead, chosen by error class and, for the common
causes, by what the message says. The original message goes to the log.
"""

from __future__ import annotations

import logging
import re

from core.errors import (
    ConfigError,
    CorpusError,
    DocumentError,
    EmbeddingError,
    IndexStoreError,
    LLMError,
    QuestionError,
    SouverainError,
)

log = logging.getLogger(__name__)

# (error class, pattern in the library message, French message)
_PATTERNS: list[tuple[type[SouverainError], re.Pattern[str], str]] = [
    (DocumentError, re.compile(r"empty", re.I), "Le fichier est vide."),
    (DocumentError, re.compile(r"binary", re.I),
     "Le fichier ne contient pas du texte (contenu binaire) ; vérifiez son extension."),
    (DocumentError, re.compile(r"UTF-8", re.I),
     "Le texte n'est pas encodé en UTF-8 ; enregistrez-le en UTF-8 puis réessayez."),
    (DocumentError, re.compile(r"encrypted", re.I),
     "Le PDF est chiffré ; retirez le mot de passe puis réessayez."),
    (DocumentError, re.compile(r"no text layer", re.I),
     "Le PDF ne contient pas de texte (document scanné ?) ; passez-le d'abord à l'OCR."),
    (DocumentError, re.compile(r"unreadable PDF", re.I),
     "Le PDF est illisible ou endommagé."),
    (DocumentError, re.compile(r"front-matter", re.I),
     "L'en-tête YAML (front-matter) du document est invalide."),
    (DocumentError, re.compile(r"no text could be extracted", re.I),
     "Aucun texte n'a pu être extrait du document."),
    (DocumentError, re.compile(r"unsupported file type", re.I),
     "Type de fichier non pris en charge : utilisez .md, .txt, .html ou .pdf."),
    (IndexStoreError, re.compile(r"Another indexing run", re.I),
     "Une indexation est déjà en cours ; réessayez dans un instant."),
    (IndexStoreError, re.compile(r"disk space", re.I),
     "Espace disque insuffisant pour l'index."),
    (IndexStoreError, re.compile(r"not writable", re.I),
     "Le dossier de l'index n'est pas accessible en écriture."),
    (IndexStoreError, re.compile(r"manifest|not found|no index|missing", re.I),
     "L'index est introuvable : lancez « souverain index » ou utilisez « Ré-indexer »."),
]

_BY_CLASS: list[tuple[type[SouverainError], str]] = [
    (QuestionError, "Posez une question : le texte est vide ou inutilisable."),
    (DocumentError, "Ce document ne peut pas être lu."),
    (IndexStoreError, "L'index est indisponible pour le moment ; réessayez ou ré-indexez."),
    (EmbeddingError,
     "Le modèle d'embedding n'a pas pu être chargé ; voir les journaux du serveur."),
    (LLMError, "Le modèle génératif n'a pas répondu correctement ; réessayez plus tard."),
    (CorpusError, "Le dossier du corpus est introuvable ou vide."),
    (ConfigError, "La configuration est invalide ; voir « souverain settings »."),
]

UNEXPECTED = (
    "Une erreur inattendue s'est produite ; elle est consignée dans les journaux du serveur."
)


def french_message(exc: BaseException) -> str:
    """A short French sentence for ``exc`` (never a traceback)."""
    if isinstance(exc, SouverainError):
        if getattr(exc, "french", None):  # our own UI errors already carry one
            return str(exc.french)
        text = str(exc)
        for cls, pattern, message in _PATTERNS:
            if isinstance(exc, cls) and pattern.search(text):
                return message
        for cls, message in _BY_CLASS:
            if isinstance(exc, cls):
                return message
    return UNEXPECTED


def log_error(exc: BaseException, context: str) -> None:
    """Log the real error for the operator: details for ours, a traceback for the rest."""
    if isinstance(exc, SouverainError):
        log.warning("%s: %s", context, exc)
    else:
        log.exception("%s: unexpected error", context, exc_info=exc)
