"""Souverain: answers about data sovereignty, every statement tied to the passage it comes from.

    >>> from assistant import answer
    >>> a = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?")
    >>> a.text, a.citations[0].source
"""

from .privacy import keep_data_home

keep_data_home()

from .answering import answer  # noqa: E402
from .errors import SouverainError  # noqa: E402
from .types import Answer, Citation  # noqa: E402

__all__ = ["Answer", "Citation", "SouverainError", "answer"]
