"""Build small PDFs byte by byte, so the bad-input tests need no PDF writer library."""

from __future__ import annotations

import os


def _assemble(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def _text_page(content: bytes) -> bytes:
    """A one-page PDF whose content stream draws text in Helvetica (font /F1)."""
    return content_pdf(content, encoding=None)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines of Helvetica text."""
    ops = [b"BT /F1 11 Tf 72 720 Td 14 TL"]
    for line in lines:
        ops.append(b"(" + _escape(line) + b") Tj T*")
    ops.append(b"ET")
    return _text_page(b"\n".join(ops))


def image_only_pdf() -> bytes:
    """A page that carries only a picture, like a scan without OCR."""
    pixels = bytes(range(0, 256, 4)) * 64  # 64 x 64 grey ramp
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 468 0 0 648 72 72 cm /Im1 Do Q"),
        _stream(pixels, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                        b"/BitsPerComponent 8 "),
    ])


def encrypted_pdf() -> bytes:
    """A PDF protected by a user password that is not the empty one."""
    body = text_pdf(["Confidential board minutes"])
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
               b"/O <" + os.urandom(32).hex().encode() + b"> /U <" + os.urandom(32).hex().encode() + b"> >>")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        encrypt,
    ]
    file_id = b"<" + b"ab" * 16 + b">"
    del body
    return _assemble(objects, b"/Encrypt 4 0 R /ID [" + file_id + b" " + file_id + b"] ")


def truncated(data: bytes, keep: float = 0.4) -> bytes:
    return data[: int(len(data) * keep)]


def corrupt(data: bytes) -> bytes:
    """Keep the header and the end-of-file marker, destroy everything in between."""
    middle = bytes((b * 7 + 13) % 256 for b in data[64:-64])
    return data[:16] + middle + b"\n%%EOF\n"


def many_pages_pdf(pages: int) -> bytes:
    """A long PDF whose pages share one content stream: small on disk, slow to read in full."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"BT /F1 9 Tf 40 760 Td 11 TL "
                + b"(Safeguarding children board annual report text) Tj T* " * 60 + b"ET"),
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>")
    return _assemble(objects)


def two_column_pdf(left: list[str], right: list[str], title: str) -> bytes:
    """A page with a full-width title over two columns of text, written right column first."""
    def column(x: int, lines: list[str]) -> bytes:
        body = b" ".join(b"(" + line.encode("latin-1") + b") Tj T*" for line in lines)
        return b"BT /F1 10 Tf %d 700 Td 13 TL " % x + body + b" ET"

    content = b"\n".join([
        column(320, right),
        b"BT /F1 16 Tf 72 740 Td (" + title.encode("latin-1") + b") Tj ET",
        column(72, left),
    ])
    return _text_page(content)


def positioned_text_pdf(items: list[tuple[float, float, str]], size: float = 10) -> bytes:
    """One page with each text placed at (x, y from the top): borderless tables, odd layouts."""
    ops = []
    for x, y, text in items:
        ops.append(b"BT /F1 %.1f Tf %.1f %.1f Td (" % (size, x, 792 - y) + _escape(text) + b") Tj ET")
    return _text_page(b"\n".join(ops))


def content_pdf(content: bytes, encoding: bytes | None = b"/WinAnsiEncoding") -> bytes:
    """One page drawn by a raw content stream in Helvetica (font /F1), in the given encoding."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
    font += (b" /Encoding " + encoding if encoding else b"") + b" >>"
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        font,
    ])


# Helvetica advance widths (per 1000 units of type size) of the letters the glyph tests use
HELVETICA_WIDTHS = {
    " ": 278, "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222,
    "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "r": 333, "s": 500, "t": 278, "u": 556,
    "v": 500, "w": 722, "y": 500, "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "G": 778, "H": 722,
    "I": 278, "L": 556, "N": 722, "O": 778, "P": 667, "R": 722, "S": 667, "T": 611, "U": 722,
    "0": 556, "1": 556, "2": 556, "3": 556, "4": 556, "5": 556, "6": 556, "7": 556, "8": 556, "9": 556,
    ".": 278, ",": 278, "-": 333,
}


def glyph_by_glyph(text: str, x: float, y: float, size: float = 11, tracking: float = 0.0,
                   order: list[int] | None = None) -> bytes:
    """Operators that place every glyph of `text` on its own (one Tm per glyph), as browsers and
    layout programs do; spaces are not drawn, only skipped. `order` draws the glyphs out of order."""
    positions = []
    cursor = x
    for ch in text:
        positions.append((cursor, ch))
        cursor += HELVETICA_WIDTHS.get(ch, 556) * size / 1000 + tracking
    indices = order if order is not None else list(range(len(text)))
    ops = [b"BT /F1 %.1f Tf" % size]
    for i in indices:
        px, ch = positions[i]
        if ch != " ":
            ops.append(b"1 0 0 1 %.3f %.3f Tm (" % (px, 792 - y) + _escape(ch) + b") Tj")
    ops.append(b"ET")
    return b"\n".join(ops)


Rule = tuple[float, float, float, float]


def pages_pdf(pages: list[list[tuple[float, float, str]]], rules: list[list[Rule]] | None = None,
              size: float = 10) -> bytes:
    """Several pages of text placed at (x, y from the top), each with optional ruling lines
    (x0, y0, x1, y1 from the top) such as a ruled table's borders."""
    rules = rules or [[] for _ in pages]
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, items in enumerate(pages):
        ops = [b"BT /F1 %.1f Tf %.1f %.1f Td (" % (size, x, 792 - y) + _escape(text) + b") Tj ET"
               for x, y, text in items]
        ops += [b"0.5 w %.1f %.1f m %.1f %.1f l S" % (x0, 792 - y0, x1, 792 - y1)
                for x0, y0, x1, y1 in rules[i]]
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        objects.append(_stream(b"\n".join(ops)))
    return _assemble(objects)


def damaged_page_pdf() -> bytes:
    """Three pages, the second of which is not a page at all: PDFium cannot load it."""
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R] /Count 3 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 11 Tf 72 720 Td 14 TL (Our priority is neglect: 115 children had a plan.) Tj T* "
                + b"(The Local Safeguarding Children Board met six times during the year.) Tj T* " * 12
                + b"ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"(not a page at all)",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 8 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 11 Tf 72 720 Td (The last page is read too.) Tj ET"),
    ])
