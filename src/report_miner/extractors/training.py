from __future__ import annotations

from ..models import DocumentMeta, Statistic, TrainingCourse
from ..reader import ParsedDocument


def extract_training(
    doc: ParsedDocument, meta: DocumentMeta, doc_id: str
) -> tuple[list[TrainingCourse], list[Statistic]]:
    return [], []
