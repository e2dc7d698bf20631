"""Souverain: answers about data sovereignty, every statement tied to the passage it comes from.

    >>> from assistant import answer
    >>> a = answer("Pendant combien de temps Microsoft hébergera-t-il les données ?")
    >>> a.text, a.citations[0].source

``answer`` is imported on first use (PEP 562), so ``assistant.errors`` or
``assistant.config`` can be imported by ``index`` without pulling in the
answering machinery, and ``import assistant`` stays cheap.
"""

from typing import TYPE_CHECKING, Any

from .errors import SouverainError
from .privacy import keep_data_home
from .types import Answer, Citation, Draft

keep_data_home()

if TYPE_CHECKING:
    from .answering import answer

__all__ = ["Answer", "Citation", "Draft", "SouverainError", "answer"]


def __getattr__(name: str) -> Any:
    if name == "answer":
        from .answering import answer

        return answer
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
