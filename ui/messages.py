"""User messages for Souverain's errors, French first, then English: one table, by class.

The library's messages are written for logs and name the details (a path, a
byte offset); the edges show a short sentence chosen by the error's class, the
most specific class listed winning. The web chat shows the French sentence; the
CLI shows it above the library's message. The original message goes to the log.
"""

from __future__ import annotations

import logging

from core.errors import (
    BadFrontMatter,
    BinaryDocument,
    ConfigError,
    CorpusError,
    DiskFull,
    DocumentError,
    DocumentRefused,
    EmbeddingError,
    EmptyDocument,
    EncryptedPdf,
    FetchError,
    FileUnreadable,
    IndexLocked,
    IndexMissing,
    IndexNotWritable,
    IndexStoreError,
    IndexUnreadable,
    LLMError,
    NoTextExtracted,
    NoTextLayer,
    NotUtf8,
    QuestionError,
    SouverainError,
    StoreUnavailable,
    UnreadablePdf,
    UnsupportedFileType,
)

log = logging.getLogger(__name__)

_NO_INDEX = ("L'index est introuvable : lancez « souverain index » ou utilisez « Ré-indexer ».",
             "No index found: run `souverain index` or use « Ré-indexer ».")

_UNAVAILABLE = ("L'index est indisponible pour le moment ; réessayez ou ré-indexez.",
                "The index is unavailable for now; try again or re-index.")

# error class -> (French, English). A class not listed takes its nearest listed ancestor's.
MESSAGES: dict[type[SouverainError], tuple[str, str]] = {
    QuestionError: ("Posez une question : le texte est vide ou inutilisable.",
                    "Ask a question: the text is empty or unusable."),
    DocumentError: ("Ce document ne peut pas être lu.", "This document cannot be read."),
    EmptyDocument: ("Le fichier est vide.", "The file is empty."),
    BinaryDocument: ("Le fichier ne contient pas du texte (contenu binaire) ; vérifiez son "
                     "extension.", "The file is not text (binary content); check its extension."),
    NotUtf8: ("Le texte n'est pas encodé en UTF-8 ; enregistrez-le en UTF-8 puis réessayez.",
              "The text is not UTF-8; save it as UTF-8 and try again."),
    EncryptedPdf: ("Le PDF est chiffré ; retirez le mot de passe puis réessayez.",
                   "The PDF is encrypted; remove its password and try again."),
    NoTextLayer: ("Le PDF ne contient pas de texte (document scanné ?) ; passez-le d'abord à "
                  "l'OCR.", "The PDF has no text (a scan?); run OCR on it first."),
    UnreadablePdf: ("Le PDF est illisible ou endommagé.", "The PDF is unreadable or damaged."),
    BadFrontMatter: ("L'en-tête YAML (front-matter) du document est invalide.",
                     "The document's YAML front-matter is invalid."),
    NoTextExtracted: ("Aucun texte n'a pu être extrait du document.",
                      "No text could be extracted from the document."),
    UnsupportedFileType: ("Type de fichier non pris en charge : utilisez .md, .txt, .html ou "
                          ".pdf.", "Unsupported file type: use .md, .txt, .html or .pdf."),
    FileUnreadable: ("Ce document ne peut pas être lu.", "This document cannot be read."),
    IndexStoreError: _UNAVAILABLE,
    StoreUnavailable: _UNAVAILABLE,
    IndexLocked: ("Une indexation est déjà en cours ; réessayez dans un instant.",
                  "Another indexing run is in progress; try again in a moment."),
    DiskFull: ("Espace disque insuffisant pour l'index.", "Not enough disk space for the index."),
    IndexNotWritable: ("Le dossier de l'index n'est pas accessible en écriture.",
                       "The index folder is not writable."),
    IndexMissing: _NO_INDEX,
    IndexUnreadable: _NO_INDEX,
    EmbeddingError: ("Le modèle d'embedding n'a pas pu être chargé ; voir les journaux du "
                     "serveur.", "The embedding model could not be loaded; see the server logs."),
    LLMError: ("Le modèle génératif n'a pas répondu correctement ; réessayez plus tard.",
               "The generative model did not answer properly; try again later."),
    CorpusError: ("Le dossier du corpus est introuvable ou vide.",
                  "The corpus folder is missing or empty."),
    ConfigError: ("La configuration est invalide ; voir « souverain settings ».",
                  "The configuration is invalid; see `souverain settings`."),
}

# Errors whose own message is already a French sentence for the user (upload refusals,
# ``souverain corpus fetch``'s per-source reasons): shown as they are.
OWN_MESSAGE = (DocumentRefused, FetchError)

UNEXPECTED = (
    "Une erreur inattendue s'est produite ; elle est consignée dans les journaux du serveur."
)


def messages_for(exc: BaseException) -> tuple[str, str] | None:
    """(French, English) for ``exc``, or None for an error that is not ours."""
    if isinstance(exc, OWN_MESSAGE):
        return str(exc), str(exc)
    for cls in type(exc).__mro__:
        if cls in MESSAGES:
            return MESSAGES[cls]
    return None


def french_message(exc: BaseException) -> str:
    """A short French sentence for ``exc`` (never a traceback)."""
    found = messages_for(exc)
    return found[0] if found else UNEXPECTED


def log_error(exc: BaseException, context: str) -> None:
    """Log the real error for the operator: details for ours, a traceback for the rest."""
    if isinstance(exc, SouverainError):
        log.warning("%s: %s", context, exc)
    else:
        log.exception("%s: unexpected error", context, exc_info=exc)
