"""Board priorities from the sample reports and from small generated PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from pdf_factory import text_pdf

from report_miner import Patterns
from report_miner.extractors.priorities.extractor import extract_priorities
from report_miner.models import DocumentMeta, Priority
from report_miner.reader import read_pdf
from report_miner.themes.tagger import ThemeTagger

Found = dict[str, dict[tuple[str, str], Priority]]
PERIODS = {
    "triborough-lscb-annual-report-2017-18": "2017-18",
    "redbridge-newsletter-summer-2018": "2018-19",
    "redbridge-annual-report-2012-13": "2012-13",
    "havering-scb-annual-report-2016-17": "2016-17",
}


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger.from_patterns(Patterns())


@pytest.fixture(scope="module")
def priorities(tagger: ThemeTagger) -> Found:
    out = {}
    for stem, period in PERIODS.items():
        doc = read_pdf(CORPUS / f"{stem}.pdf")
        found = extract_priorities(doc, DocumentMeta(period=period), stem, tagger)
        out[stem] = {(p.period, p.number): p for p in found}
        assert len(out[stem]) == len(found), "one row per period and number"
    return out


def test_triborough_priorities(priorities: Found) -> None:
    found = priorities["triborough-lscb-annual-report-2017-18"]
    assert sorted(found) == [("2017-18", "1"), ("2017-18", "2"), ("2017-18", "3")]
    first = found[("2017-18", "1")]
    assert first.title == "Reducing the Harm of Domestic Abuse and Coercive Control"
    assert first.themes == ["domestic_abuse"]
    assert first.evidence.startswith("Priority 1")
    assert first.page == 2
    assert set(found[("2017-18", "2")].themes) == {"child_sexual_exploitation", "peer_on_peer_abuse"}
    assert found[("2017-18", "3")].themes == ["voice_of_child"]


def test_newsletter_priorities_title_below_label(priorities: Found) -> None:
    found = priorities["redbridge-newsletter-summer-2018"]
    assert sorted(n for _, n in found) == ["1", "2", "3", "4", "5", "6"]
    assert {p for p, _ in found} == {"2018-19"}
    assert "mental ill-health" in found[("2018-19", "1")].title
    assert found[("2018-19", "1")].themes == ["mental_health"]
    assert "dangerous cultural practices" in found[("2018-19", "6")].title
    assert "harmful_practices" in found[("2018-19", "6")].themes
    assert "peer-on-peer abuse" in found[("2018-19", "3")].title


def test_redbridge_two_business_plans(priorities: Found) -> None:
    """The 2012-13 report states this year's plan and next year's: strategic themes and priorities."""
    found = priorities["redbridge-annual-report-2012-13"]
    this_year = {n for p, n in found if p == "2012-13"}
    next_year = {n for p, n in found if p == "2013-14"}
    numbers = {"1", "2", "3", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"}
    assert this_year == numbers | {"3.4"}
    assert next_year == numbers
    assert "best start in life" in found[("2012-13", "1")].title
    assert "continue to develop the role" in found[("2013-14", "3")].title.lower()
    assert "silent victims" in found[("2013-14", "2.2")].title
    assert {"child_sexual_exploitation", "trafficking", "missing_children"} <= set(
        found[("2013-14", "2.2")].themes)
    assert "privately fostered" in found[("2012-13", "2.2")].title
    assert "private_fostering" in found[("2012-13", "2.2")].themes
    assert "early years action plans" in found[("2012-13", "1.1")].title.lower()


def test_havering_numbered_strategic_aims(priorities: Found) -> None:
    found = priorities["havering-scb-annual-report-2016-17"]
    assert sorted(found) == [("2016-17", str(n)) for n in range(1, 7)]
    assert found[("2016-17", "2")].title.startswith("Monitor the effectiveness of the multi-agency")
    assert found[("2016-17", "2")].themes == ["early_help"]
    # the list of report sections below the aims ("1. Ofsted Inspection") is not a list of priorities
    assert not any("Ofsted" in p.title for p in found.values())


def _extract(tmp_path: Path, lines: list[str], tagger: ThemeTagger) -> list[Priority]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(text_pdf(lines))
    return extract_priorities(read_pdf(path), DocumentMeta(period="2017-18"), "x", tagger)


def test_numbered_list_under_heading_with_year(tmp_path: Path, tagger: ThemeTagger) -> None:
    found = _extract(tmp_path, [
        "Our priorities for 2018-19", "",
        "1. Tackling neglect of older children and adolescents", "",
        "2. Reducing the harm of domestic abuse", "",
        "3. Hearing the voice of children and young people", "",
        "This report also covers:", "",
        "1. Training figures for the year", "",
        "2. The budget",
    ], tagger)
    assert [(p.period, p.number) for p in found] == [("2018-19", "1"), ("2018-19", "2"), ("2018-19", "3")]
    assert found[0].themes == ["neglect"]
    assert found[1].title == "Reducing the harm of domestic abuse"


def test_labelled_forms_and_references(tmp_path: Path, tagger: ThemeTagger) -> None:
    found = _extract(tmp_path, [
        "Strategic Aim 2 - Protecting children from sexual exploitation", "",
        "Priority One: Improving early help for families", "",
        "Priority 3 has been reviewed by the Board and is on track.",
    ], tagger)
    by_number = {p.number: p for p in found}
    assert set(by_number) == {"2", "1"}
    assert by_number["2"].title == "Protecting children from sexual exploitation"
    assert by_number["2"].themes == ["child_sexual_exploitation"]
    assert by_number["1"].themes == ["early_help"]
    assert by_number["1"].period == "2017-18"


def placed_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """PDF pages of Helvetica 9pt text runs placed at (x, y from the top) like a narrow table column."""
    from pdf_factory import _assemble, _stream

    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (4 + 2 * k) for k in range(n)), n),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for runs in pages:
        ops = [b"BT /F1 9 Tf"]
        for x, y, text in runs:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(b"1 0 0 1 %.1f %.1f Tm (%s) Tj" % (x, 792 - y, escaped.encode("latin-1")))
        ops.append(b"ET")
        page_no = len(objects) + 1
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (page_no + 1))
        objects.append(_stream(b"\n".join(ops)))
    return _assemble(objects)


def _column(x: float, top: float, lines: list[str], step: float = 11) -> list[tuple[float, float, str]]:
    return [(x, top + k * step, line) for k, line in enumerate(lines)]


Runs = list[tuple[float, float, str]]


def _placed(tmp_path: Path, pages: list[Runs], tagger: ThemeTagger) -> list[Priority]:
    path = tmp_path / "placed.pdf"
    path.write_bytes(placed_pdf(pages))
    return extract_priorities(read_pdf(path), DocumentMeta(period="2012-13"), "x", tagger)


def test_title_wrapped_in_a_narrow_cell_and_over_a_page_break(tmp_path: Path,
                                                              tagger: ThemeTagger) -> None:
    first = [(72, 60, "LSCB BUSINESS PLAN 2013/14")]
    first += _column(72, 100, ["Strategic", "Theme 1"])
    first += _column(72, 135, ["Enabling children and", "young people to have the", "best start in life."])
    first += _column(72, 190, ["Priority 1.1 To ensure", "links are made with Early",
                               "Intervention and Early", "Years action plans."])
    first += _column(72, 260, ["Priority 1.3 To", "implement the", "recommendations", "outlined in the",
                               "CDOP annual"], step=12)
    second = _column(72, 60, ["report for", "prevention of child", "deaths."])
    second += [(72, 120, "Actions")]
    found = {p.number: p for p in _placed(tmp_path, [first, second], tagger)}
    assert {p.period for p in found.values()} == {"2013-14"}
    assert found["1"].title == "Enabling children and young people to have the best start in life"
    expected = "To ensure links are made with Early Intervention and Early Years action plans"
    assert found["1.1"].title == expected
    assert found["1.3"].title.endswith("CDOP annual report for prevention of child deaths")


def test_heading_on_top_of_body_text_keeps_its_own_title(tmp_path: Path, tagger: ThemeTagger) -> None:
    body = ("The panel met six times during the year and reviewed the deaths of children in the area, "
            "with learning")
    runs = [(72, 60, "Priority 1.3 To implement the Child Death Overview Panel recommendations"),
            (72, 71, body), (72, 82, "shared with partners.")]
    found = _placed(tmp_path, [runs], tagger)
    assert [p.title for p in found] == ["To implement the Child Death Overview Panel recommendations"]


def test_plan_year_from_the_heading_not_from_a_short_prose_line(tmp_path: Path, tagger: ThemeTagger) -> None:
    runs = [(72, 60, "3 Delivery of the 2012/13 Business Plan")]
    runs += _column(72, 90, ["The Business plan included monitored work", "that had been initiated earlier."])
    runs += _column(72, 130, ["In 2011/12 a key priority was the", "development of an eSafety strategy,",
                              "completed this year."])
    runs += [(72, 180, "Priority 3.1 Review and act on recommendations")]
    found = _placed(tmp_path, [runs], tagger)
    assert [(p.period, p.number) for p in found] == [("2012-13", "3.1")]
