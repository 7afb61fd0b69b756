from __future__ import annotations

from ..models import BudgetLine, DocumentMeta
from ..reader import ParsedDocument


def extract_budget(doc: ParsedDocument, meta: DocumentMeta, doc_id: str) -> tuple[list[BudgetLine], list[str]]:
    return [], []
