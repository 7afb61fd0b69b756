"""Ofsted's graded judgements (judgements.csv) from inspection reports, built and real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, read_rows, run_cli
from pdf_factory import pages_pdf

import report_miner
from report_miner import Patterns
from report_miner.extractors.judgements.extractor import extract_judgements, grade_of
from report_miner.extractors.metadata.extractor import extract_metadata
from report_miner.models import DocumentMeta
from report_miner.reader import Line, Page, ParsedDocument, Segment, read_pdf

PATTERNS = Patterns()  # the bundled patterns folder

INSPECTIONS = ROOT.parent / "shared" / "realworld" / "inspections"


def _table(top: float, rows: list[tuple[str, str]]) -> tuple[list[tuple[float, float, str]],
                                                             list[tuple[float, float, float, float]]]:
    """A ruled two-column table of label | grade rows starting at `top`."""
    items, rules = [], []
    for i, (label, grade) in enumerate(rows):
        y = top + 20 * i
        items += [(72, y, label), (430, y, grade)]
        rules.append((66, y - 13, 546, y - 13))
    bottom = top + 20 * len(rows) - 13
    rules += [(66, bottom, 546, bottom), (66, top - 13, 66, bottom), (420, top - 13, 420, bottom),
              (546, top - 13, 546, bottom)]
    return items, rules


def _ilacs(path: Path) -> Path:
    items, rules = _table(170, [
        ("Judgement", "Grade"),
        ("The impact of leaders on social work practice with children and families", "Good"),
        ("The experiences and progress of children who need help and protection",
         "Requires improvement to be good"),
        ("The experiences and progress of children in care and care leavers", "Good"),
        ("Overall effectiveness", "Requires improvement to be good"),
    ])
    cover = [(72, 80, "Inspection of Rotherham local authority"), (72, 96, "children's services"),
             (72, 124, "Inspection dates: 6 to 17 March 2023"),
             (72, 140, "Lead inspector: Jo Smith, His Majesty's Inspector"), *items,
             (72, 300, "Since the last inspection in 2019, when the overall effectiveness of services was"),
             (72, 314, "judged to be inadequate, leaders have made steady progress.")]
    earlier = [(72, 80, "The previous inspection judged:"),
               (72, 96, "The experiences and progress of care leavers: inadequate"),
               (72, 112, "Overall effectiveness: inadequate")]
    body = [(72, 80, "Children in care live in stable homes. Leaders know their services well.")]
    path.write_bytes(pages_pdf([cover, body, body, earlier], [rules, [], [], []]))
    return path


def test_ilacs_summary_table(tmp_path: Path) -> None:
    report = report_miner.extract_pdf(_ilacs(tmp_path / "ilacs.pdf"))  # the whole pipeline
    doc = report.document
    assert (doc.doc_type, doc.local_authorities, doc.la_codes, doc.gss_codes) == (
        "inspection", ["Rotherham"], ["372"], ["E08000018"])
    assert (doc.inspection_start, doc.inspection_end, doc.period) == ("2023-03-06", "2023-03-17", "2022-23")
    got = {(j.subject, j.area): j.grade for j in report.judgements}
    assert got == {("local_authority", "impact_of_leaders"): "good",
                   ("local_authority", "help_and_protection"): "requires_improvement",
                   ("local_authority", "children_in_care"): "good",
                   ("local_authority", "overall_effectiveness"): "requires_improvement"}
    overall = next(j for j in report.judgements if j.area == "overall_effectiveness")
    assert overall.page == 1
    assert "Overall effectiveness" in overall.evidence and "Requires improvement" in overall.evidence


def _sif(path: Path) -> Path:
    cover = [(72, 60, "Calderdale Metropolitan Borough Council"),
             (72, 80, "Inspection of services for children in need of help and"),
             (72, 94, "protection, children looked after and care leavers"), (72, 108, "and"),
             (72, 122, "Review of the effectiveness of the Local Safeguarding Children"), (72, 136, "Board"),
             (72, 160, "Inspection date: 13 January 2015 - 4 February 2015"),
             (72, 174, "Report published: 20 March 2015"),
             (72, 200, "The overall judgement is that children's services require"), (72, 214, "improvement"),
             (430, 240, "Requires"), (72, 252, "1. Children who need help and protection"),
             (430, 252, "improvement"),
             (72, 272, "2. Children looked after and achieving permanence"), (430, 272, "Good"),
             (72, 292, "2.1 Adoption performance"), (430, 292, "Inadequate"),
             (72, 312, "2.2 Experiences and progress of care leavers"), (430, 312, "Requires Improvement"),
             (72, 332, "3. Leadership, management and governance"), (430, 332, "Good")]
    contents = [(72, 80, "Contents"), (72, 100, "The Local Safeguarding Children Board (LSCB)   41")]
    lscb = [(72, 80, "The Local Safeguarding Children Board (LSCB)"),
            (72, 100, "The Local Safeguarding Children Board is good"),
            (72, 120, "Children's services in Calderdale were judged inadequate in 2012."),
            (72, 134, "The LSCB is good at sharing learning from reviews with schools.")]
    meaning = [(72, 80, "What the inspection judgements mean: the LSCB"),
               (72, 100, "An outstanding LSCB is highly influential in improving the care of children."),
               (72, 114, "An LSCB requires improvement if it does not yet demonstrate the characteristics"),
               (72, 128, "of good. The LSCB is inadequate if it does not meet its statutory duties.")]
    path.write_bytes(pages_pdf([cover, contents, lscb, meaning]))
    return path


def test_single_inspection_framework_and_lscb_review(tmp_path: Path) -> None:
    doc = read_pdf(_sif(tmp_path / "sif.pdf"))
    meta = extract_metadata(doc, "sif.pdf", PATTERNS)
    assert (meta.doc_type, meta.local_authorities) == ("inspection", ["Calderdale"])
    assert meta.published == "2015-03-20"
    found = extract_judgements(doc, meta, "d1")
    got = {(j.subject, j.area): (j.grade, j.page) for j in found}
    assert got == {
        ("local_authority", "overall_effectiveness"): ("requires_improvement", 1),
        ("local_authority", "help_and_protection"): ("requires_improvement", 1),  # grade wrapped over 2 lines
        ("local_authority", "children_looked_after"): ("good", 1),
        ("local_authority", "adoption"): ("inadequate", 1),
        ("local_authority", "care_leavers"): ("requires_improvement", 1),
        ("local_authority", "leadership_management_governance"): ("good", 1),
        ("lscb", "overall_effectiveness"): ("good", 3),  # the section's verdict, not the definitions
    }
    assert all(j.evidence for j in found)


def test_visits_and_board_reports_grade_nothing(tmp_path: Path) -> None:
    visit = [(72, 80, "Focused visit to Sefton children's services"), (72, 110, "Dear Mr Jones"),
             (72, 130, "Children's services in Sefton were judged inadequate in 2019."),
             (72, 144, "Overall effectiveness was judged inadequate at the last inspection."),
             (72, 158, "This visit looked at the front door. Inspectors found that managers are good")]
    board = [(72, 80, "Kent Safeguarding Children Board"), (72, 96, "Annual Report 2016-17"),
             (72, 120, "Ofsted found that the LSCB is good. Children's services in Kent are good."),
             (72, 134, "Overall effectiveness Good")]
    for name, page in (("visit.pdf", visit), ("board.pdf", board)):
        path = tmp_path / name
        path.write_bytes(pages_pdf([page]))
        doc = read_pdf(path)
        meta = extract_metadata(doc, name, PATTERNS)
        assert meta.doc_type == ("inspection" if name == "visit.pdf" else "annual_report")
        assert extract_judgements(doc, meta, "d") == []


def _reader_output(lines: list[list[str]]) -> ParsedDocument:
    """A page as the reader hands it over: one Line per printed line, one Segment per cell."""
    out = []
    for i, cells in enumerate(lines):
        y = 80 + 14 * i
        segments = [Segment(72 + 300 * j, 272 + 300 * j, y, y + 10, c) for j, c in enumerate(cells)]
        out.append(Line(1, segments))
    return ParsedDocument("x.pdf", [Page(1, 612, 792, lines=out)])


@pytest.mark.parametrize(("lines", "want"), [
    # a label wrapped over two lines, its grade on the second
    ([["The experiences and progress of children who need help and"], ["protection", "Good"],
      ["Overall effectiveness", "Requires improvement to"], ["be good"]],
     {("local_authority", "help_and_protection"): "good",
      ("local_authority", "overall_effectiveness"): "requires_improvement"}),
    # a label wrapped over three lines; a label wrapped around its grade
    ([["The experiences and progress of"], ["children who need help and"], ["protection", "Inadequate"],
      ["The experiences and progress of children in"], ["Outstanding"], ["care and care leavers"]],
     {("local_authority", "help_and_protection"): "inadequate",
      ("local_authority", "children_in_care"): "outstanding"}),
    # a table read column by column: every label, then every grade
    ([["Judgement"], ["The impact of leaders on social work practice with children and families"],
      ["The experiences and progress of children in care"], ["Overall effectiveness"], ["Grade"],
      ["Outstanding"], ["Good"], ["Good"]],
     {("local_authority", "impact_of_leaders"): "outstanding",
      ("local_authority", "children_in_care"): "good", ("local_authority", "overall_effectiveness"): "good"}),
    # the LSCB's verdict as a sentence with "judged"
    ([["The Local Safeguarding Children Board is judged to be inadequate."]],
     {("lscb", "overall_effectiveness"): "inadequate"}),
    # the LSCB's grade as a summary row
    ([["The effectiveness of the Local Safeguarding Children Board", "Inadequate"]],
     {("lscb", "overall_effectiveness"): "inadequate"}),
    # verdicts of the authority; a sentence about an earlier judgement is none
    ([["Children's services in the London Borough of Sutton are good"],
      ["Children's services in Sutton were judged inadequate in 2014 and now require improvement."]],
     {("local_authority", "overall_effectiveness"): "good"}),
    ([["Children's services in Sutton were judged inadequate in 2014 and now require improvement."]], {}),
    # prose that starts like a label is not a row
    ([["Overall effectiveness of services for care leavers has improved since 2016 and is good"],
      ["Adoption performance was good in 2012."]], {}),
])
def test_summary_layouts(lines: list[list[str]], want: dict[tuple[str, str], str]) -> None:
    found = extract_judgements(_reader_output(lines), DocumentMeta(doc_type="inspection"), "d")
    assert {(j.subject, j.area): j.grade for j in found} == want


@pytest.mark.parametrize("title", ["Focused visit to Sefton children's services",
                                   "Joint targeted area inspection of the response to neglect"])
def test_visit_letter_names_the_visited_authority_not_ofsted_address(tmp_path: Path, title: str) -> None:
    letter = [(72, 60, "Ofsted"), (72, 74, "Piccadilly Gate"), (72, 88, "Store Street"),
              (72, 102, "Manchester"),
              (72, 116, "M1 2WD"), (72, 150, "Mr John Smith"), (72, 164, "Director of Children's Services"),
              (72, 178, "Sefton Council"), (72, 214, title),
              (72, 238, "This letter summarises the findings of the focused visit.")]
    path = tmp_path / "letter.pdf"
    path.write_bytes(pages_pdf([letter]))
    doc = read_pdf(path)
    meta = extract_metadata(doc, "letter.pdf", PATTERNS)
    assert (meta.doc_type, meta.local_authorities) == ("inspection", ["Sefton"])
    assert extract_judgements(doc, meta, "d") == []


@pytest.mark.parametrize(("text", "grade"), [
    ("Requires improvement to be good", "requires_improvement"),
    ("Requires Improvement", "requires_improvement"),
    ("Good", "good"), ("outstanding.", "outstanding"), ("Inadequate", "inadequate"), ("Adequate", None),
    ("Good at", None),
])
def test_grade_words(text: str, grade: str | None) -> None:
    assert grade_of(text) == grade


# -- the real reports (../shared), with their gold -----------------------------------------------

@pytest.fixture(scope="module")
def inspections_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (INSPECTIONS / "pdf").is_dir():
        pytest.skip("real inspection reports not available")
    out = tmp_path_factory.mktemp("inspections")
    run_cli("extract", INSPECTIONS / "pdf", "-o", out, "-q", "--workers", "2")
    return out


def test_real_inspection_reports_match_gold(inspections_out: Path) -> None:
    docs = {Path(r["file"]).stem: r for r in read_rows(inspections_out / "documents.csv")}
    rows: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
    for row in read_rows(inspections_out / "judgements.csv"):
        rows.setdefault(row["doc_id"], {})[(row["subject"], row["area"])] = row
    hits = total = 0
    for gold_path in sorted((INSPECTIONS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = docs[gold_path.stem]
        assert doc["doc_type"] == gold["document"]["doc_type"], gold_path.stem
        assert doc["la_codes"].split(";") == gold["document"]["la_codes"], gold_path.stem
        found = rows.get(doc["doc_id"], {})
        for fact in gold["facts"]:
            total += 1
            row = found.get((fact["subject"], fact["area"]))
            if row is not None:
                assert row["grade"] == fact["grade"], (gold_path.stem, fact)  # never a contradiction
                hits += 1
    assert total >= 150 and hits / total >= 0.95


def test_real_judgements_carry_provenance(inspections_out: Path) -> None:
    pages = {r["doc_id"]: int(r["pages"]) for r in read_rows(inspections_out / "documents.csv")}
    rows = read_rows(inspections_out / "judgements.csv")
    assert rows
    for row in rows:
        assert 1 <= int(row["page"]) <= pages[row["doc_id"]]
        word = row["grade"].split("_")[-1]  # requires_improvement -> improvement
        assert word in row["evidence"].lower(), row
