"""The manifest: which collection, record DB and lexical index are live, and what they hold.

It is written atomically (temp file, fsync, rename) as the last step of a run.
Readers follow it; a run killed before that step leaves the previous manifest,
hence the previous index, in charge.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import IndexStoreError

FILE = "manifest.json"
FORMAT = 1


@dataclass
class Manifest:
    """The live index generation and the documents it holds."""

    model_id: str = ""
    chunker: str = ""
    collection: str = ""
    chroma_dir: str = "chroma"
    records: str = ""
    lexical: str = ""
    chunks: int = 0
    chroma_url: str = ""
    built_at: str = ""
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: int = FORMAT
    generation: str = ""  # changes on every run that changes the index (readers compare it)
    previous_collection: str = ""  # replaced by a rebuild; kept a while for readers
    switched_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        # no asdict(): it deep-copies every document entry
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest | None:
        """A manifest from its saved fields; None when written in another format."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    @classmethod
    def load(cls, index_dir: Path) -> Manifest | None:
        path = Path(index_dir) / FILE
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise IndexStoreError(f"Index manifest {path} is unreadable ({exc}); "
                                  "run `souverain index --rebuild`") from None
        return cls.from_dict(data)

    def save(self, index_dir: Path) -> None:
        index_dir = Path(index_dir)
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=index_dir)
        try:
            data = self.to_dict()
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(data, ensure_ascii=False, indent=1))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, index_dir / FILE)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise IndexStoreError(f"Cannot write the index manifest in {index_dir}: "
                                  f"{exc.strerror or exc}") from None
