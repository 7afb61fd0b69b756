from __future__ import annotations

from ..models import DocumentMeta, Priority
from ..reader import ParsedDocument
from ..themes import ThemeTagger


def extract_priorities(doc: ParsedDocument, meta: DocumentMeta, doc_id: str, tagger: ThemeTagger) -> list[Priority]:
    return []
