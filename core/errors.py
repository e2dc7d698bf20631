"""Souverain's errors: one class per cause, so callers dispatch on the type, never on the text.

Our exception hierarchy::

    SouverainError
    ├── ConfigError               a setting is unknown or invalid
    ├── CorpusError               the corpus folder is missing or holds nothing to index
    ├── DocumentError             one document cannot be read or is refused
    │   ├── UnsupportedFileType   not .md, .txt, .html or .pdf
    │   ├── FileUnreadable        the file system refused to read it
    │   ├── EmptyDocument         the file is empty
    │   ├── BinaryDocument        binary content where text was expected
    │   ├── NotUtf8               text that is not UTF-8
    │   ├── BadFrontMatter        the YAML front-matter does not parse
    │   ├── EncryptedPdf          a password-protected PDF
    │   ├── UnreadablePdf         a damaged PDF
    │   ├── NoTextLayer           a PDF without text (a scan)
    │   ├── NoTextExtracted       nothing left once the text is extracted
    │   └── DocumentRefused       an upload refused by the web chat (its message is French)
    ├── IndexStoreError           the index cannot be used
    │   ├── IndexLocked           another indexing run holds the index folder
    │   ├── IndexMissing          no index has been built yet, or indexing produced none
    │   ├── IndexUnreadable       an index file (manifest, lexical index) is damaged
    │   ├── IndexNotWritable      the index folder cannot be written
    │   ├── DiskFull              not enough free disk space
    │   └── StoreUnavailable      the vector store (Chroma) failed or cannot be reached
    ├── EmbeddingError            the embedding model cannot be loaded
    ├── QuestionError             a question is empty or unusable
    ├── LLMError                  the generative model's server failed or answered badly
    └── FetchError                an official source cannot be downloaded, converted or listed

The library raises these, keeping the underlying cause (``raise ... from exc``);
only the edges (CLI, web chat) turn them into user messages, by class. Messages
say what went wrong and, where there is one, the fix.
"""

from __future__ import annotations

import errno


def error_detail(exc: BaseException) -> str:
    """The most readable short description of ``exc`` (an OSError's strerror if it has one)."""
    return str(getattr(exc, "strerror", None) or exc)


class SouverainError(Exception):
    """Base class of every error Souverain raises on purpose."""


class ConfigError(SouverainError, ValueError):
    """A setting is unknown or has an invalid value."""


class CorpusError(SouverainError):
    """The corpus folder is missing or holds no document that can be indexed."""


class DocumentError(SouverainError):
    """A document cannot be read, or is refused (type, size, name)."""


class UnsupportedFileType(DocumentError):
    """The file's type is not one Souverain reads (.md, .txt, .html, .pdf)."""


class FileUnreadable(DocumentError):
    """The file system refused to read the file."""


class EmptyDocument(DocumentError):
    """The file is empty."""


class BinaryDocument(DocumentError):
    """The file holds binary content where text was expected."""


class NotUtf8(DocumentError):
    """The text is not valid UTF-8."""


class BadFrontMatter(DocumentError):
    """The YAML front-matter of a Markdown document does not parse."""


class EncryptedPdf(DocumentError):
    """The PDF is encrypted."""


class UnreadablePdf(DocumentError):
    """The PDF is damaged or not a PDF."""


class NoTextLayer(DocumentError):
    """The PDF has no text layer (a scan that needs OCR)."""


class NoTextExtracted(DocumentError):
    """No text could be extracted from the document."""


class DocumentRefused(DocumentError):
    """An upload was refused; the message is already the French sentence the chat shows."""


class IndexStoreError(SouverainError):
    """The index is missing, locked by another run, unwritable or inconsistent."""

    @classmethod
    def from_os_error(cls, exc: OSError, message: str) -> IndexStoreError:
        """The subclass that names an OSError's cause: a full disk, a read-only folder..."""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(message)
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            return IndexNotWritable(message)
        return cls(message)


class IndexLocked(IndexStoreError):
    """Another indexing run is using the index folder."""


class IndexMissing(IndexStoreError):
    """There is no index yet (or indexing produced none): run ``souverain index``."""


class IndexUnreadable(IndexStoreError):
    """An index file (manifest, lexical index) is damaged: rebuild the index."""


class IndexNotWritable(IndexStoreError):
    """The index folder cannot be written."""


class DiskFull(IndexStoreError):
    """Not enough free disk space for the index."""


class StoreUnavailable(IndexStoreError):
    """The vector store failed: a damaged database, a dropped collection, a server gone."""


class EmbeddingError(SouverainError):
    """The embedding model cannot be loaded."""


class QuestionError(SouverainError):
    """A question is empty or cannot be used."""


class LLMError(SouverainError):
    """The generative model's server failed or answered something unusable."""


class FetchError(SouverainError):
    """An official source cannot be downloaded or converted, or the manifest is invalid."""
