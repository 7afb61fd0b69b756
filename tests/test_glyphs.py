"""Words from glyphs: PDFs whose text is kerned, placed glyph by glyph, ligated, overprinted or
hyphenated at line ends, built in the tests to isolate each case and read by both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_factory import content_pdf, glyph_by_glyph

from report_miner.reader import read_pdf
from report_miner.reader.pdf import ENGINES

SENTENCE = "The local authority was inadequate"


def _read(tmp_path: Path, content: bytes, engine: str, encoding: bytes = b"/WinAnsiEncoding") -> str:
    path = tmp_path / f"case-{engine}.pdf"
    path.write_bytes(content_pdf(content, encoding))
    return read_pdf(path, engine=engine).text


@pytest.mark.parametrize("engine", ENGINES)
def test_one_glyph_per_text_matrix(tmp_path: Path, engine: str) -> None:
    assert _read(tmp_path, glyph_by_glyph(SENTENCE, 72, 100), engine) == SENTENCE


@pytest.mark.parametrize("engine", ENGINES)
def test_tracked_capitals_stay_words(tmp_path: Path, engine: str) -> None:
    heading = "STRATEGIC THEME 1"
    assert _read(tmp_path, glyph_by_glyph(heading, 72, 100, size=12, tracking=1.2), engine) == heading


@pytest.mark.parametrize("engine", ENGINES)
def test_glyphs_drawn_out_of_order(tmp_path: Path, engine: str) -> None:
    word = "Safeguarding children"
    order = list(range(len(word)))[::-1]  # drawn right to left
    assert _read(tmp_path, glyph_by_glyph(word, 72, 100, order=order), engine) == word


@pytest.mark.parametrize("engine", ENGINES)
def test_kerned_tj_arrays(tmp_path: Path, engine: str) -> None:
    # kerning pairs pull letters together; a large negative adjustment is a word space
    content = b"BT /F1 11 Tf 72 692 Td [(T) 80 (he) -280 (lo) 15 (cal) -280 (au) 10 (thor) 30 (ity)] TJ ET"
    assert _read(tmp_path, content, engine) == "The local authority"


@pytest.mark.parametrize("engine", ENGINES)
def test_overprinted_fake_bold(tmp_path: Path, engine: str) -> None:
    word = glyph_by_glyph("Neglect strategy", 72, 100)
    shifted = glyph_by_glyph("Neglect strategy", 72.3, 100)
    assert _read(tmp_path, word + b"\n" + shifted, engine) == "Neglect strategy"


@pytest.mark.parametrize("engine", ENGINES)
def test_ligature_glyphs(tmp_path: Path, engine: str) -> None:
    # /fi and /fl are single glyphs in the standard encoding (codes 0xAE and 0xAF)
    content = b"BT /F1 11 Tf 72 692 Td (the \xaerst of\xaece \xafow) Tj ET"
    encoding = b"<< /Type /Encoding /Differences [174 /fi /fl] >>"
    assert _read(tmp_path, content, engine, encoding) == "the first office flow"


def test_line_end_hyphens(tmp_path: Path) -> None:
    lines = [
        (b"(A safe\xad) Tj", 100),        # soft hyphen: a producer's break inside a word
        (b"(guarding review of multi-) Tj", 114),
        (b"(agency work in 2016-) Tj", 128),  # a compound and a year range keep their hyphens
        (b"(17 found the multi-agency) Tj", 142),
        (b"(arrange-) Tj", 156),              # a plain hyphen inside a word that is whole elsewhere
        (b"(ments and the arrangements.) Tj", 170),
    ]
    content = b"\n".join(b"BT /F1 11 Tf 72 %d Td " % (792 - y) + op + b" ET" for op, y in lines)
    text = _read(tmp_path, content, "pdfium")
    assert "safeguarding" in text
    assert "review of multi-agency\nwork in" in text
    assert "2016-17" in text
    assert "\narrangements\nand the arrangements." in text
    assert "safe-" not in text and "arrange-" not in text
