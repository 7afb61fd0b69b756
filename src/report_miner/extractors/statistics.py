from __future__ import annotations

from ..models import DocumentMeta, Statistic
from ..reader import ParsedDocument


def extract_statistics(doc: ParsedDocument, meta: DocumentMeta, doc_id: str) -> list[Statistic]:
    return []
