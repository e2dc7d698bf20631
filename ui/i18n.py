"""The chat's words in French (default) and English: the interface follows the question.

Only our own labels change language; quotations from documents stay as written.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "abstain_title": "Pas de réponse dans les documents indexés.",
        "abstain_body": "Souverain ne répond qu'à partir de ses documents et préfère "
                        "s'abstenir plutôt que deviner.",
        "sources": "Sources",
        "cited_sources": "Sources citées",
        "other_passages": "Autres passages consultés",
        "note": "Note :",
        "closest": "Passages les plus proches",
        "sources_hint": "(cliquez pour lire le passage exact)",
        "show_passage": "Afficher le passage exact",
        "view_in_document": "Voir dans le document",
        "copy": "Copier",
        "copied": "Copié",
        "copy_title": "Copier la réponse avec ses sources numérotées et leurs liens",
        "mode": "Mode",
        "mode_extractive": "extractif : passages cités tels quels, calculé sur cette machine",
        "mode_llm": "génératif : rédigé par le modèle à partir des passages cités",
        "the_model": "le modèle",
        "updated": "à jour au",
        "source": "Source",
        "document": "Document",
        "nature": "Nature",
        "date": "Date",
        "locator": "Emplacement",
        "link": "Lien",
        "passage": "Passage cité",
        "question": "Question",
        "answer": "Réponse",
        "conversation": "Conversation",
        "exported": "exportée le",
        "page": "Page",
        "viewer_empty": "Cliquez sur « Voir dans le document » sous une source, ou choisissez "
                        "un document dans l'onglet « Documents ».",
        "viewer_missing": "Ce document n'est plus dans le corpus ; il a peut-être été retiré "
                          "depuis la réponse.",
        "viewer_moved": "Le passage cité n'a pas été retrouvé tel quel : le document a changé "
                        "depuis l'indexation.",
        "viewer_passage": "Passage cité surligné",
        "open_pdf_page": "page du PDF",
        "original": "Source d'origine",
        "described_date": "date de ce qu'il décrit",
        "error": "Erreur",
    },
    "en": {
        "abstain_title": "No answer in the indexed documents.",
        "abstain_body": "Souverain only answers from its documents and would rather say so "
                        "than guess.",
        "sources": "Sources",
        "cited_sources": "Cited sources",
        "other_passages": "Other passages consulted",
        "note": "Note:",
        "closest": "Closest passages",
        "sources_hint": "(click to read the exact passage)",
        "show_passage": "Show the exact passage",
        "view_in_document": "View in the document",
        "copy": "Copy",
        "copied": "Copied",
        "copy_title": "Copy the answer with its numbered sources and their links",
        "mode": "Mode",
        "mode_extractive": "extractive: passages quoted as written, computed on this machine",
        "mode_llm": "generative: written by the model from the cited passages",
        "the_model": "the model",
        "updated": "up to date as of",
        "source": "Source",
        "document": "Document",
        "nature": "Nature",
        "date": "Date",
        "locator": "Location",
        "link": "Link",
        "passage": "Cited passage",
        "question": "Question",
        "answer": "Answer",
        "conversation": "Conversation",
        "exported": "exported on",
        "page": "Page",
        "viewer_empty": "Click « View in the document » under a source, or pick a document "
                        "in the Documents tab.",
        "viewer_missing": "This document is no longer in the corpus; it may have been removed "
                          "since the answer.",
        "viewer_moved": "The cited passage was not found as such: the document changed since "
                        "it was indexed.",
        "viewer_passage": "Cited passage highlighted",
        "open_pdf_page": "PDF page",
        "original": "Original source",
        "described_date": "date of what it describes",
        "error": "Error",
    },
}

# The interface's fixed labels (tabs, buttons, side panel, fields), switched with the answers.
INTERFACE: dict[str, dict[str, str]] = {
    "fr": {
        "tab_chat": "Discussion", "tab_viewer": "Document", "tab_documents": "Documents",
        "new": "Nouvelle conversation", "conversations": "Conversations",
        "conversations_info": "Vos conversations, la plus récente en haut.",
        "delete": "Supprimer", "delete_all": "Tout supprimer",
        "keep": "Garder mes conversations",
        "keep_info": "Dans ce navigateur (ou sur le serveur, pour votre compte, si la connexion "
                     "est activée). Décochez : rien n'est gardé et l'historique est effacé.",
        "chat": "Discussion",
        "chat_placeholder": "Posez une question sur la souveraineté des données de santé, la "
                            "CNIL ou SecNumCloud. Chaque réponse cite ses sources. / Questions "
                            "in English get English labels.",
        "question": "Votre question", "question_placeholder": "Posez votre question…",
        "send": "Envoyer",
        "export_md": "Exporter en Markdown", "export_json": "Exporter en JSON",
        "searched": "Documents interrogés", "kinds": "Types de documents",
        "comments": "Inclure les commentaires de lecteurs",
        "comments_info": "Ce sont des opinions, jamais des faits ; exclues par défaut.",
        "table": "Documents indexés (cliquez sur une ligne pour ouvrir le document)",
        "upload": "Ajouter un document (.md, .txt, .html, .pdf ; {mb} Mo au plus)",
        "token": "Jeton d'administration",
        "token_info": "Exigé pour ajouter des documents et ré-indexer.",
        "upload_button": "Ajouter et indexer", "reindex": "Ré-indexer", "status": "État",
    },
    "en": {
        "tab_chat": "Chat", "tab_viewer": "Document", "tab_documents": "Documents",
        "new": "New conversation", "conversations": "Conversations",
        "conversations_info": "Your conversations, the latest first.",
        "delete": "Delete", "delete_all": "Delete all",
        "keep": "Keep my conversations",
        "keep_info": "In this browser (or on the server, for your account, when sign-in is "
                     "on). Untick: nothing is kept and the history is erased.",
        "chat": "Chat",
        "chat_placeholder": "Ask about health data sovereignty, the CNIL or SecNumCloud. Every "
                            "answer cites its sources.",
        "question": "Your question", "question_placeholder": "Ask your question…",
        "send": "Send",
        "export_md": "Export as Markdown", "export_json": "Export as JSON",
        "searched": "Documents searched", "kinds": "Kinds of documents",
        "comments": "Include readers' comments",
        "comments_info": "These are opinions, never facts; left out by default.",
        "table": "Indexed documents (click a row to open the document)",
        "upload": "Add a document (.md, .txt, .html, .pdf; {mb} MB at most)",
        "token": "Admin token",
        "token_info": "Required to add documents and re-index.",
        "upload_button": "Add and index", "reindex": "Re-index", "status": "Status",
    },
}

KIND_CHOICE_LABELS = {
    "fr": {"article": "Articles de presse", "cnil": "CNIL", "anssi": "ANSSI / SecNumCloud",
           "fiche": "Fiches de synthèse", "texte-officiel": "Textes officiels",
           "autres": "Documents ajoutés et autres"},
    "en": {"article": "Press articles", "cnil": "CNIL", "anssi": "ANSSI / SecNumCloud",
           "fiche": "Fact sheets", "texte-officiel": "Official texts",
           "autres": "Added documents and others"},
}

DOCUMENT_COLUMNS = {
    "fr": ["Titre", "Nature", "Type", "Date", "À jour au", "Passages", "Indexé le (UTC)",
           "Fichier"],
    "en": ["Title", "Nature", "Kind", "Date", "Up to date as of", "Passages",
           "Indexed on (UTC)", "File"],
}


def ui(lang: str, key: str) -> str:
    """A fixed label of the interface in ``lang`` (French when unknown)."""
    return INTERFACE.get(lang, INTERFACE["fr"]).get(key) or INTERFACE["fr"][key]


KIND_LABELS = {
    "fr": {
        "article": "Article de presse", "commentaires": "Commentaires de lecteurs", "cnil": "CNIL",
        "anssi": "ANSSI / SecNumCloud", "fiche": "Fiche", "texte-officiel": "Texte officiel",
        "document": "Document ajouté",
    },
    "en": {
        "article": "Press article", "commentaires": "Readers' comments", "cnil": "CNIL",
        "anssi": "ANSSI / SecNumCloud", "fiche": "Fact sheet", "texte-officiel": "Official text",
        "document": "Added document",
    },
}


def lang_of(question: str) -> Lang:
    """The interface language for an answer to ``question`` (French unless it reads English)."""
    from assistant.language import detect

    return "en" if detect(question or "") == "en" else "fr"


def t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["fr"]).get(key) or LABELS["fr"][key]
