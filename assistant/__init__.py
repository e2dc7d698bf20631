"""Souverain: answers about data sovereignty, every statement tied to the passage it comes from.

    >>> from assistant import answer
    >>> a = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?")
    >>> a.text, a.citations[0].source
"""

from .answering import answer
from .errors import SouverainError
from .types import Answer, Citation

__all__ = ["Answer", "Citation", "SouverainError", "answer"]
