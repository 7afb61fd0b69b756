"""Designers' layouts, each built small in the test: tables drawn with a line under each row,
columns of text that touch, justified lines, browser print stamps, wrapped captions and
sentences that run on into the next column."""

from __future__ import annotations

from pathlib import Path

from pdf_factory import HELVETICA_WIDTHS, content_pdf, text_pdf

from report_miner import Patterns, extract_pdf
from report_miner.reader import read_pdf
from report_miner.text.layer import build_text
from report_miner.text.paragraphs import caption_of

PATTERNS = Patterns()  # the bundled patterns folder


def _width(text: str, size: float) -> float:
    return sum(HELVETICA_WIDTHS.get(ch, 556) for ch in text) * size / 1000


def _text(x: float, y: float, text: str, size: float = 9) -> bytes:
    """Text with its baseline `y` points from the top of the page."""
    escaped = text.replace("(", "\\(").replace(")", "\\)").encode("latin-1")
    return b"BT /F1 %.1f Tf %.2f %.2f Td (" % (size, x, 792 - y) + escaped + b") Tj ET"


def _right(x1: float, y: float, text: str, size: float = 9) -> bytes:
    return _text(x1 - _width(text, size), y, text, size)


def _row_rule(y: float, cuts: list[float]) -> bytes:
    """A line under a row, drawn cell by cell the way a browser draws collapsed borders."""
    return b"\n".join(b"%.2f %.2f %.2f 0.75 re f" % (a, 792 - y, b - a)
                      for a, b in zip(cuts, cuts[1:], strict=False))


COURSES = [("Attachment Theory", "15", "4"), ("Safeguarding Level 1", "75", "18"),
           ("Domestic Violence Level 2", "24", "9"), ("Working Together", "37", "10")]


def _course_table() -> bytes:
    """Attendance table: no vertical rules, figures right-aligned, a header above the first rule
    whose 'ATTENDANCE' and 'NON' run into one another and 'NON ATTENDANCE' wraps."""
    cuts = [36.0, 400.0, 470.0, 560.0]
    ops = [_text(36, 90, "Training courses delivered in 2017/18", 12),
           _text(36, 118, "COURSE TITLE", 7),
           _text(470 - _width("ATTENDANCE", 7) - 2, 118, "ATTENDANCE NON", 7),
           _text(472, 126, "ATTENDANCE", 7), _row_rule(129, cuts)]
    y = 129.0
    for title, attended, missed in COURSES:
        y += 13
        ops += [_text(36, y - 3, title), _right(466, y - 3, attended), _right(556, y - 3, missed),
                _row_rule(y, cuts)]
    return b"\n".join(ops)


def test_table_drawn_with_a_line_under_each_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.pdf"
    path.write_bytes(content_pdf(_course_table()))
    table = read_pdf(path).pages[0].tables[0]
    assert table.rows[0] == ["COURSE TITLE", "ATTENDANCE", "NON ATTENDANCE"]
    assert table.rows[1:] == [list(row) for row in COURSES]


def test_attendance_figures_of_such_a_table_are_extracted(tmp_path: Path) -> None:
    path = tmp_path / "lscb-training.pdf"
    path.write_bytes(content_pdf(_course_table()))
    courses = {c.course: (c.attended, c.not_attended) for c in extract_pdf(path).training}
    assert courses["Attachment Theory"] == (15, 4)
    assert courses["Working Together"] == (37, 10)


def test_columns_that_touch_in_the_drawing_order_are_read_one_after_the_other(tmp_path: Path) -> None:
    """Each line of the left column is followed in the stream by the right column's line, a
    space between them and a gutter narrower than the justified spaces of a line."""
    left = ["Priority one was to improve the early", "help offer and the front door so that",
            "families get the right support at the", "right time from the right service",
            "and that partners share what they know", "about a family as soon as they know it"]
    right = ["Priority two was to reduce the harm", "caused by neglect and to make sure",
             "that practitioners recognise it early", "and act on it with confidence and",
             "that managers check the quality of the", "plans made for children who need them"]
    ops = []
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        y = 792 - (100 + 12 * i)
        # Td moves from the start of the line: the right column starts 196 points further on
        ops.append(b"BT /F1 10 Tf 40 %d Td (%s ) Tj 196 0 Td (%s) Tj ET" % (y, a.encode(), b.encode()))
    path = tmp_path / "touching.pdf"
    path.write_bytes(content_pdf(b"\n".join(ops)))
    assert read_pdf(path).pages[0].text.splitlines() == left + right


def test_a_justified_line_beside_a_figure_is_prose_not_a_table(tmp_path: Path) -> None:
    """`Indian,    17.5%,` is one line of justified text: every space of it is that wide."""
    words = [["ethnic", "groups", "are", "Indian,", "17.5%,"],
             ["Pakistani", "15.1%,", "Other", "Asian", "7.9%,"],
             ["Black", "African", "7.9%,", "and", "Bangladeshi"]]
    ops = []
    for row, line in enumerate(words):
        ink = sum(_width(w, 10) for w in line)
        space = (200 - ink) / (len(line) - 1)  # justified to a 200-point column
        x = 40.0
        parts = []
        for w in line:
            parts.append(b"1 0 0 1 %.2f %.2f Tm (%s ) Tj" % (x, 792 - (100 + 12 * row), w.encode()))
            x += _width(w, 10) + space
        ops.append(b"BT /F1 10 Tf " + b" ".join(parts) + b" ET")
    path = tmp_path / "justified.pdf"
    path.write_bytes(content_pdf(b"\n".join(ops)))
    page = read_pdf(path).pages[0]
    assert not page.tables
    assert page.text.splitlines() == [" ".join(line) for line in words]


def test_year_headers_at_the_top_of_a_page_are_not_print_stamps(tmp_path: Path) -> None:
    pages = []
    for n in (1, 2, 3):
        ops = [_text(30, 20, "12/05/2019, 10:41", 8), _right(580, 20, "Board report", 8),
               _text(60, 52, "2008/09"), _text(160, 52, "2009/10"), _text(260, 52, "2010/11"),
               _text(60, 66, "214"), _text(160, 66, "225"), _text(260, 66, "210"),
               _text(60, 300, f"Body text of page {n} about the board."),
               _text(30, 780, "https://www.example.org/lscb/report", 8), _right(580, 780, f"{n}/3", 8)]
        pages.append(b"\n".join(ops))
    path = tmp_path / "printed.pdf"
    path.write_bytes(_pages_pdf(pages))
    doc = read_pdf(path)
    for page in doc.pages:
        text = page.text
        assert "2008/09" in text and "214" in text
        assert "10:41" not in text and "example.org" not in text and "/3" not in text


def _pages_pdf(contents: list[bytes]) -> bytes:
    from pdf_factory import _assemble, _stream

    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>"
               % len(contents), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        objects.append(_stream(content))
    return _assemble(objects)


def test_line_end_hyphens_join_words_and_keep_compounds(tmp_path: Path) -> None:
    path = tmp_path / "hyphens.pdf"
    path.write_bytes(text_pdf(["The Children's Commis-", "sioner asked about mental ill-",
                               "health services for young people available.", "Sub-", "groups met.",
                               "The figure was avail-", "able. Then we moved on."]))
    words = read_pdf(path).pages[0].text.split()
    assert "Commissioner" in words and "ill-health" in words and "Sub-groups" in words
    assert "available." in words and "." not in words


def test_a_caption_set_in_two_columns_reads_in_order(tmp_path: Path) -> None:
    cuts = [36.0, 200.0, 300.0, 400.0, 560.0]
    # two columns of prose above show where the page's gutter is
    ops = [_text(x, 20 + 9 * i, f"Prose line {i} of a column, set on the page's grid", 8)
           for i in range(6) for x in (36, 300)]
    ops += [_text(36, 100, "Number of children who became the"),
            _text(300, 100, "(registrations) during the year"),
            _text(36, 111, "subject of a child protection plan"),
            _text(300, 111, "ending 31 March, by age group"),
           _right(296, 126, "2011/12"), _right(396, 126, "2012/13"), _right(556, 126, "2013/14"),
           _row_rule(129, cuts)]
    y = 129.0
    for label, *figures in [("Unborn", "13", "9", "11"), ("Under 1 Year", "20", "17", "15"),
                            ("1 - 4 Years", "56", "44", "40")]:
        y += 13
        ops.append(_text(36, y - 3, label))
        ops += [_right(x, y - 3, f) for x, f in zip((296, 396, 556), figures, strict=True)]
        ops.append(_row_rule(y, cuts))
    path = tmp_path / "caption.pdf"
    path.write_bytes(content_pdf(b"\n".join(ops)))
    doc = read_pdf(path)
    table = doc.pages[0].tables[0]
    assert caption_of(doc.pages[0], table) == (
        "Number of children who became the subject of a child protection plan "
        "(registrations) during the year ending 31 March, by age group")


def test_a_sentence_cut_at_the_foot_of_a_column_goes_on_in_the_next(tmp_path: Path) -> None:
    left = [f"Line {i} of the first column of text." for i in range(6)] + [
        "The borough has approximately 74,727 children"]
    right = ["and young people under the age of 19 years."] + [
        f"Line {i} of the second column of text." for i in range(6)]
    ops = [_text(40, 100 + 12 * i, t, 10) for i, t in enumerate(left)]
    ops += [_text(320, 100 + 12 * i, t, 10) for i, t in enumerate(right)]
    path = tmp_path / "run-on.pdf"
    path.write_bytes(content_pdf(b"\n".join(ops)))
    layer = build_text(read_pdf(path), [], PATTERNS.gazetteer)
    texts = [p.text for p in layer.paragraphs]
    assert any("74,727 children and young people under the age of 19 years." in t for t in texts)


def _two_column_page_with_a_table(shaded: bool) -> bytes:
    """Prose in two columns; the left column holds a table ruled with a line over each row (or
    shaded in stripes), its last row with no line under it, the right column's prose beside it."""
    cuts = [36.0, 200.0, 290.0]
    ops = []
    left = [f"Left column prose line {i} about the board" for i in range(4)]
    right = [f"Right column prose line {i} about neglect and early help" for i in range(14)]
    ops += [_text(36, 60 + 12 * i, t) for i, t in enumerate(left)]
    ops += [_text(320, 60 + 12 * i, t) for i, t in enumerate(right)]
    rows = [("Year", "Plans"), ("31 March 2016", "120"), ("31 March 2017", "131"), ("31 March 2018", "142")]
    y = 112.0
    for n, (label, value) in enumerate(rows):
        if shaded and n % 2 == 0:
            ops.append(b"0.9 g " + b" ".join(b"%.2f %.2f %.2f 13 re f" % (a, 792 - y - 13, b - a)
                                              for a, b in zip(cuts, cuts[1:], strict=False)) + b" 0 g")
        elif not shaded:
            ops.append(_row_rule(y, cuts))
        ops += [_text(40, y + 10, label), _right(286, y + 10, value)]
        y += 13
    ops += [_text(36, y + 14 + 12 * i, f"More left column prose {i} after the table") for i in range(4)]
    return content_pdf(b"\n".join(ops))


def test_a_table_in_one_column_leaves_the_prose_beside_it_alone(tmp_path: Path) -> None:
    for shaded in (False, True):
        path = tmp_path / f"column-table-{shaded}.pdf"
        path.write_bytes(_two_column_page_with_a_table(shaded))
        page = read_pdf(path).pages[0]
        assert [t.rows for t in page.tables] == [[["Year", "Plans"], ["31 March 2016", "120"],
                                                  ["31 March 2017", "131"], ["31 March 2018", "142"]]]
        text = page.text.splitlines()
        # the left column with its table is read first, then the right column, whole
        assert text.index("Left column prose line 3 about the board") < text.index(
            "More left column prose 3 after the table") < text.index(
            "Right column prose line 0 about neglect and early help")
        assert "Right column prose line 13 about neglect and early help" in text


def test_a_table_broken_at_a_column_foot_goes_on_in_the_next_column(tmp_path: Path) -> None:
    def part(x0: float, top: float, rows: list[tuple[str, str]]) -> list[bytes]:
        cuts = [x0, x0 + 170, x0 + 250]
        ops, y = [], top
        for label, value in rows:
            ops += [_row_rule(y, cuts), _text(x0 + 4, y + 10, label), _right(x0 + 246, y + 10, value)]
            y += 13
        return ops + [_row_rule(y, cuts)]

    ops = [_text(36, 50 + 12 * i, f"Prose line {i} of the first column before the table") for i in range(40)]
    ops += part(36, 540, [("Income", "Amount"), ("Police", "£5,000"), ("Health", "£3,230")])
    ops += part(320, 50, [("Council", "£54,000"), ("Total income", "£62,230")])
    ops += [_text(320, 100 + 12 * i, f"Prose line {i} of the second column after it") for i in range(40)]
    path = tmp_path / "column-break.pdf"
    path.write_bytes(content_pdf(b"\n".join(ops)))
    tables = read_pdf(path).pages[0].tables
    assert [t.rows for t in tables] == [[["Income", "Amount"], ["Police", "£5,000"], ["Health", "£3,230"],
                                         ["Council", "£54,000"], ["Total income", "£62,230"]]]
