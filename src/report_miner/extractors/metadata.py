from __future__ import annotations

from ..models import DocumentMeta
from ..reader import ParsedDocument


def extract_metadata(doc: ParsedDocument, file_name: str) -> DocumentMeta:
    return DocumentMeta()
