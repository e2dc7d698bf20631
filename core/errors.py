"""Souverain's errors.

Our exception hierarchy::

    SouverainError
    ├── ConfigError           a setting is unknown or invalid
    ├── CorpusError           the corpus folder is missing or holds nothing to index
    ├── DocumentError         one document cannot be read or is refused
    ├── IndexStoreError       the index is missing, locked, unwritable or inconsistent
    ├── EmbeddingError        the embedding model cannot be loaded
    ├── QuestionError         a question is empty or unusable
    ├── LLMError              the generative model's server failed or answered badly
    └── FetchError            an official source cannot be downloaded, converted or listed

The library raises these; only the edges (CLI, web chat) turn them into user
messages. Messages say what went wrong and, where there is one, the fix.
"""


class SouverainError(Exception):
    """Base class of every error Souverain raises on purpose."""


class ConfigError(SouverainError):
    """A setting is unknown or has an invalid value."""


class CorpusError(SouverainError):
    """The corpus folder is missing or holds no document that can be indexed."""


class DocumentError(SouverainError):
    """A document cannot be read, or is refused (type, size, name)."""


class IndexStoreError(SouverainError):
    """The index is missing, locked by another run, unwritable or inconsistent."""


class EmbeddingError(SouverainError):
    """The embedding model cannot be loaded."""


class QuestionError(SouverainError):
    """A question is empty or cannot be used."""


class LLMError(SouverainError):
    """The generative model's server failed or answered something unusable."""


class FetchError(SouverainError):
    """An official source cannot be downloaded or converted, or the manifest is invalid."""
