"""Uploads: check a file completely before it enters the corpus folder.

The order matters: the name is checked first (no path, no traversal, a
supported type), then the size, then the content is loaded with the same
loader the indexer uses, from a copy *outside* the corpus. Only a file that
loads and is not already in the corpus is moved, atomically and without
overwriting anything, to ``corpus_dir/uploads/<safe name>``. A refused upload
leaves the corpus folder (hence the index) exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from core.errors import DocumentError, DocumentRefused
from core.files import atomic_file
from core.settings import Settings

UPLOAD_FOLDER = "uploads"
ALLOWED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
MAX_NAME_CHARS = 100
_ODD = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(DocumentRefused):
    """An upload was refused; the message is the French sentence the web chat shows."""


@dataclass(frozen=True)
class SavedUpload:
    """Where an accepted upload now lives in the corpus."""

    doc_id: str
    path: Path
    title: str
    original_name: str

    @property
    def renamed(self) -> bool:
        return Path(self.original_name).name != self.path.name


def safe_filename(name: str) -> str:
    """A plain file name for ``name``: ASCII letters, digits, ``.``, ``_`` and ``-`` only.

    Raises:
        UploadRefused: the name holds a path (``../``, ``/etc/...``, ``C:\\``), or no
            usable name or supported type remains.
    """
    raw = str(name or "").strip()
    if not raw or "\x00" in raw:
        raise UploadRefused("Nom de fichier manquant ou invalide.")
    if "/" in raw or "\\" in raw or PureWindowsPath(raw).drive or raw in (".", ".."):
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        raise UploadRefused(
            f"Nom de fichier refusé : « {shown} » contient un chemin de dossier. "
            "Envoyez le fichier seul, sous un simple nom."
        )
    suffix = PurePosixPath(raw).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "sans extension"
        raise UploadRefused(
            f"Type de fichier non pris en charge ({shown}) : utilisez .md, .txt, .html ou .pdf."
        )
    stem = raw[: -len(suffix)]
    # Accents go (é -> e); any other character outside the plain set becomes a dash.
    ascii_stem = "".join(
        ch if ch.isascii() else "-"
        for ch in unicodedata.normalize("NFKD", stem)
        if not unicodedata.combining(ch)
    )
    clean = _ODD.sub("-", ascii_stem).strip(".-_")
    clean = re.sub(r"-{2,}", "-", clean)[: MAX_NAME_CHARS - len(suffix)].strip(".-_")
    if not clean:
        raise UploadRefused(
            "Nom de fichier inutilisable : renommez le fichier avec des lettres ou des chiffres."
        )
    return clean + suffix


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def find_duplicate(corpus_dir: Path, sha256: str) -> str | None:
    """The corpus file (relative path) with these exact bytes, if there is one."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return None
    for path in corpus_dir.rglob("*"):
        if path.is_file() and path.suffix.lower() in ALLOWED_SUFFIXES:
            try:
                if _sha256(path) == sha256:
                    return path.relative_to(corpus_dir).as_posix()
            except OSError:
                continue
    return None


def save_upload(settings: Settings, source: Path, name: str | None = None) -> SavedUpload:
    """Check ``source`` (shown to the user as ``name``) and add it to the corpus.

    Raises:
        UploadRefused: the name, type, size or content is refused, or the same
            document (or file name) is already in the corpus.
    """
    from index.loading import load_document

    source = Path(source)
    original = name if name is not None else source.name
    safe = safe_filename(original)
    corpus_dir = Path(settings.corpus_dir)
    if not corpus_dir.is_dir():
        raise UploadRefused("Le dossier du corpus est introuvable ; vérifiez SOUVERAIN_CORPUS_DIR.")
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise UploadRefused("Le fichier téléversé est introuvable ; réessayez.") from exc
    limit = int(settings.max_upload_mb * 1024 * 1024)
    if size > limit:
        raise UploadRefused(
            f"Fichier trop volumineux ({size / 1048576:.1f} Mo) : "
            f"la limite est de {settings.max_upload_mb:g} Mo."
        )
    if size == 0:
        raise UploadRefused("Le fichier est vide.")

    doc_id = f"{UPLOAD_FOLDER}/{safe}"
    target_dir = corpus_dir / UPLOAD_FOLDER
    target = target_dir / safe
    with tempfile.TemporaryDirectory(prefix="souverain-upload-") as tmp:
        staged = Path(tmp) / safe
        shutil.copyfile(source, staged)
        try:
            document = load_document(staged, doc_id)
        except DocumentError as exc:
            from .messages import french_message

            raise UploadRefused(f"Document refusé : {french_message(exc)}") from exc
        duplicate = find_duplicate(corpus_dir, _sha256(staged))
        if duplicate:
            raise UploadRefused(
                f"Ce document est déjà dans le corpus (« {duplicate} ») : rien n'a été ajouté."
            )
        if target.exists():
            raise UploadRefused(
                f"Un autre document porte déjà le nom « {safe} » : renommez le fichier."
            )
        _move_into(staged, target_dir, target)
    return SavedUpload(doc_id=doc_id, path=target, title=document.title, original_name=original)


def _move_into(staged: Path, target_dir: Path, target: Path) -> None:
    """Copy next to the target under a hidden name, then link it in without overwriting."""
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        with atomic_file(target, "wb", prefix=".upload-", suffix=".part", overwrite=False) as out, \
                open(staged, "rb") as src:
            shutil.copyfileobj(src, out)
    except FileExistsError as exc:
        raise UploadRefused(
            f"Un autre document porte déjà le nom « {target.name} » : renommez le fichier."
        ) from exc
    except OSError as exc:
        raise UploadRefused(
            f"Impossible d'écrire dans le dossier du corpus ({exc.strerror or exc})."
        ) from exc
