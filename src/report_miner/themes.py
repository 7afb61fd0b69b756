from __future__ import annotations

from pathlib import Path

from .models import ThemeMention, ThemeResult
from .reader import ParsedDocument


class ThemeTagger:
    @classmethod
    def from_patterns(cls, patterns_dir: Path | None = None) -> ThemeTagger:
        return cls()

    def theme_ids(self) -> list[str]:
        return []

    def tag_text(self, text: str) -> list[str]:
        return []

    def tag_document(
        self, doc: ParsedDocument, doc_id: str
    ) -> tuple[list[ThemeResult], list[ThemeMention], list[list[str]]]:
        return [], [], []
