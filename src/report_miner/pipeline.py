"""One PDF in, one Report out: read, identify, extract, tag."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .extractors.budget import extract_budget, load_budget_vocab
from .extractors.metadata import extract_metadata, load_metadata_vocab
from .extractors.priorities import extract_priorities
from .extractors.stat_vocab import load_vocab
from .extractors.statistics import extract_statistics
from .extractors.training import extract_training, load_training_vocab
from .models import DocumentRecord, Report
from .reader import PdfReadError, read_pdf
from .themes import ThemeTagger
from .vocab import load_gazetteer

MIN_WORDS = 20  # fewer words than this over the whole file means there is no usable text layer


def warm_up() -> None:
    """Load every vocabulary now, so worker processes forked afterwards share them ready-made."""
    load_gazetteer()
    load_vocab()
    load_training_vocab()
    load_budget_vocab()
    load_metadata_vocab()


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def process_pdf(path: Path, relative: str, tagger: ThemeTagger, engine: str = "pdfium") -> Report:
    """Extract everything from one PDF. Failures become a Report with status error/no_text."""
    data = path.read_bytes()
    record = DocumentRecord(doc_id=doc_id_of(data), file=relative)
    try:
        doc = read_pdf(path, engine=engine)
    except PdfReadError as exc:
        record.status, record.error = "error", str(exc)
        return Report(document=record)
    record.pages = len(doc.pages)
    record.words = doc.word_count
    if record.words < MIN_WORDS:
        record.status = "no_text"
        record.error = (f"no text layer ({record.words} words on {record.pages} pages): "
                        "a scanned or image-only PDF needs OCR first")
        return Report(document=record)
    meta = extract_metadata(doc, relative)
    record.board, record.local_authorities = meta.board, meta.local_authorities
    record.doc_type, record.period, record.edition = meta.doc_type, meta.period, meta.edition
    report = Report(document=record)
    doc_id = record.doc_id
    report.statistics = extract_statistics(doc, meta, doc_id)
    courses, training_stats = extract_training(doc, meta, doc_id)
    report.training = courses
    report.statistics.extend(training_stats)
    report.budget, budget_warnings = extract_budget(doc, meta, doc_id)
    record.warnings.extend(budget_warnings)
    themes, mentions, paragraph_themes = tagger.tag_document(doc, doc_id)
    report.themes, report.mentions, report.paragraph_themes = themes, mentions, paragraph_themes
    report.priorities = extract_priorities(doc, meta, doc_id, tagger)
    return report
