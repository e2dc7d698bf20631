"""Souverain: answers about data sovereignty, every statement tied to the passage it comes from.

    >>> from assistant import answer
    >>> a = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?")
    >>> a.text, a.citations[0].source
"""

from core.errors import SouverainError

from .answering import Assistant, answer, stream_answer
from .types import Answer, Citation, Draft

__all__ = ["Answer", "Assistant", "Citation", "Draft", "SouverainError", "answer", "stream_answer"]
