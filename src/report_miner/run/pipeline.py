"""One PDF in, one Report out: read, identify, extract, tag."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..extractors.metadata.extractor import extract_metadata
from ..extractors.priorities.extractor import extract_priorities
from ..extractors.registry import EXTRACTORS, ExtractionContext, run_extractors
from ..extractors.statistics.slots import assign_times, describe, reconcile
from ..lexicon import english_words
from ..models import BudgetLine, DocumentMeta, DocumentRecord, Judgement, Report, Statistic, TrainingCourse
from ..reader import Line, Page, ParsedDocument, PdfReadError, Segment, Table, read_pdf
from ..text.layer import TextLayer, build_text

if TYPE_CHECKING:
    from ..config.patterns import Patterns
    from ..themes.tagger import ThemeTagger

MIN_WORDS = 20  # fewer words than this over the whole file means there is no usable text layer


_SAMPLE_LINES = [
    "Example Local Safeguarding Children Board Annual Report 2016-17",
    "Priority 1: Tackling neglect and child sexual exploitation",
    "At 31 March 2017 there were 120 children subject of a child protection plan.",
    "82 training events were delivered during the year compared to 56 the year before.",
    "In 2016/17 the LSCB received £5,000 from the Metropolitan Police.",
]
_SAMPLE_TABLE = [["", "2015/16", "2016/17"], ["Referrals", "1,200", "1,300"], ["Total", "£5,000", "£6,000"]]


def sample_document() -> ParsedDocument:
    """A small made-up report, run once before forking so every lazy cache is filled."""
    lines = [Line(1, [Segment(72, 500, 80 + 14 * i, 90 + 14 * i, text)])
             for i, text in enumerate(_SAMPLE_LINES)]
    table = Table(1, [list(r) for r in _SAMPLE_TABLE], 200, 240, 72, 400, ruled=True,
                  columns=[72, 200, 300, 400], pages=[1], row_pages=[1, 1, 1])
    return ParsedDocument("sample.pdf", [Page(1, 612, 792, lines=lines, tables=[table])])


def warm_up(patterns: Patterns) -> None:
    """Load every vocabulary of `patterns` and run each extractor once, so that worker processes
    forked afterwards share the loaded data and compiled patterns instead of each building them."""
    patterns.metadata_vocab  # noqa: B018  (the gazetteer with it)
    patterns.dictionary  # noqa: B018
    english_words()  # the line-end hyphen lexicon, read once for every worker forked after
    for extractor in EXTRACTORS:
        extractor.warm_up(patterns)
    doc = sample_document()
    meta = extract_metadata(doc, doc.path, patterns)
    text = build_text(doc, meta.local_authorities, patterns.gazetteer)
    run_extractors(ExtractionContext(doc, text, meta, "warm-up", patterns))


def warm_up_tagger(tagger: ThemeTagger) -> None:
    """Tag the sample document once, so children forked afterwards find spaCy's caches filled."""
    doc = sample_document()
    tagger.tag_document(doc, "warm-up")
    extract_priorities(doc, DocumentMeta(), "warm-up", tagger)


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


@dataclass
class FirstPass:
    """A document read and its figures extracted; themes and priorities still to come."""

    report: Report
    doc: ParsedDocument | None = None  # None when the file failed or has no text
    meta: DocumentMeta | None = None
    text: TextLayer | None = None


def read_and_extract(path: Path, relative: str, patterns: Patterns, engine: str = "pdfium") -> FirstPass:
    """Read one PDF and extract metadata, statistics, training and budget (no spaCy needed),
    every vocabulary from `patterns`.

    A failure becomes a Report with status error or no_text and a one-line reason.
    """
    data = path.read_bytes()
    record = DocumentRecord(doc_id=doc_id_of(data), file=relative)
    try:
        doc = read_pdf(path, engine=engine)
    except PdfReadError as exc:
        record.status, record.error = "error", str(exc)
        return FirstPass(Report(document=record))
    record.pages = len(doc.pages)
    record.words = doc.word_count
    if record.words < MIN_WORDS:
        record.status = "no_text"
        record.error = (f"no text layer ({record.words} words on {record.pages} pages): "
                        "a scanned or image-only PDF needs OCR first")
        return FirstPass(Report(document=record))
    meta = extract_metadata(doc, relative, patterns)
    record.board, record.local_authorities = meta.board, meta.local_authorities
    record.doc_type, record.period, record.edition = meta.doc_type, meta.period, meta.edition
    record.la_codes, record.gss_codes, record.region = patterns.gazetteer.codes_of(meta.local_authorities)
    record.inspection_start, record.inspection_end = meta.inspection_start, meta.inspection_end
    record.published = meta.published
    report = Report(document=record)
    doc_id = record.doc_id
    text = build_text(doc, meta.local_authorities, patterns.gazetteer)
    found = run_extractors(ExtractionContext(doc, text, meta, doc_id, patterns))
    statistics = [r for r in found.records.get("statistics", []) if isinstance(r, Statistic)]
    dictionary = patterns.dictionary
    kinds: dict[str, str] = {m: d.kind for m, d in dictionary.metrics.items()}
    assign_times(statistics, text.blocks, meta.period, kinds)
    describe(statistics, dictionary)
    report.statistics, report.conflicts, conflict_warnings = reconcile(statistics, kinds)
    report.training = [r for r in found.records.get("training", []) if isinstance(r, TrainingCourse)]
    report.budget = [r for r in found.records.get("budget", []) if isinstance(r, BudgetLine)]
    report.judgements = [r for r in found.records.get("judgements", []) if isinstance(r, Judgement)]
    record.warnings.extend(found.warnings + conflict_warnings)
    if doc.unreadable_pages:
        pages = ", ".join(str(n) for n in doc.unreadable_pages)
        record.warnings.append(f"pages {pages} could not be read (damaged) and are left out")
    return FirstPass(report, doc, meta, text)


def tag_and_prioritise(first: FirstPass, tagger: ThemeTagger) -> Report:
    """Add themes and priorities (the spaCy part) to a document's first-pass record."""
    report, doc, meta = first.report, first.doc, first.meta
    if doc is None or meta is None:
        return report
    doc_id = report.document.doc_id
    text = first.text or build_text(doc, meta.local_authorities, tagger.config.gazetteer)
    themes, mentions, paragraph_themes = tagger.tag_document(doc, doc_id, text, meta.doc_type)
    report.themes, report.mentions, report.paragraph_themes = themes, mentions, paragraph_themes
    report.priorities = extract_priorities(doc, meta, doc_id, tagger)
    return report


def process_pdf(path: Path, relative: str, patterns: Patterns, engine: str = "pdfium") -> Report:
    """Extract everything from one PDF with `patterns` (its vocabularies and its theme codebook).
    Failures become a Report with status error/no_text."""
    return tag_and_prioritise(read_and_extract(path, relative, patterns, engine), patterns.tagger())
