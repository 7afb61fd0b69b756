"""The shared text layer: built once per document, read the same way by every extractor."""

from __future__ import annotations

from conftest import parsed

from report_miner import Patterns
from report_miner.extractors.metadata.extractor import extract_metadata
from report_miner.extractors.statistics.extractor import extract_statistics
from report_miner.extractors.training.extractor import extract_training
from report_miner.text.layer import build_text

PATTERNS = Patterns()  # the bundled patterns folder

HAVERING = "havering-scb-annual-report-2016-17.pdf"


def test_paragraphs_do_not_depend_on_how_often_or_in_which_order_extractors_run() -> None:
    doc = parsed(HAVERING)
    meta = extract_metadata(doc, HAVERING, PATTERNS)
    first = build_text(doc, meta.local_authorities, PATTERNS.gazetteer)
    training_alone = extract_training(doc, meta, "d", PATTERNS)
    stats = [extract_statistics(doc, meta, "d", PATTERNS) for _ in range(3)]
    again = build_text(doc, meta.local_authorities, PATTERNS.gazetteer)
    assert [p.text for p in first.paragraphs] == [p.text for p in again.paragraphs]
    assert stats[0] == stats[1] == stats[2]
    assert extract_training(doc, meta, "d", PATTERNS) == training_alone
    # the layer handed over by the pipeline gives the same records as one built on demand
    assert extract_statistics(doc, meta, "d", PATTERNS, first) == stats[0]


def test_layer_holds_prose_headings_and_narrative_from_table_cells() -> None:
    doc = parsed(HAVERING)
    meta = extract_metadata(doc, HAVERING, PATTERNS)
    text = build_text(doc, meta.local_authorities, PATTERNS.gazetteer)
    assert isinstance(text.paragraphs, tuple)
    assert any(p.heading for p in text.paragraphs)
    assert sum(not p.heading and len(p.text.split()) > 30 for p in text.paragraphs) > 50
    pages = {page for p in text.paragraphs for _, page in p.pages}
    assert pages <= {page.number for page in doc.pages} and len(pages) > len(doc.pages) // 2


def test_blocks_number_the_document_once_for_every_reader() -> None:
    from report_miner.text.layer import BlockKind

    doc = parsed(HAVERING)
    text = build_text(doc, (), PATTERNS.gazetteer)
    assert [b.index for b in text.blocks] == list(range(len(text.blocks)))
    kinds = {b.kind for b in text.blocks}
    assert {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.TABLE_ROW} <= kinds
    # a paragraph carried over a page break reports the later page for its later words
    over = [b for b in text.blocks if b.starts]
    assert over and all(b.page_at(len(b.text) - 1) > b.page for b in over)
    # blocks follow the pages in order
    assert [b.page for b in text.blocks] == sorted(b.page for b in text.blocks)
