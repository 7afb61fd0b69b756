"""Theme tagging on the sample reports, on small texts, and with a researcher's own codebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, run_cli
from pdf_factory import pages_pdf

from report_miner import Patterns
from report_miner.models import ThemeMention, ThemeResult
from report_miner.reader import read_pdf
from report_miner.themes.tagger import ThemeTagger

Tagged = tuple[list[ThemeResult], list[ThemeMention], list[list[str]], int]


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger.from_patterns(Patterns())


@pytest.fixture(scope="module")
def tagged(tagger: ThemeTagger) -> dict[str, Tagged]:
    out = {}
    for stem in ("triborough-lscb-annual-report-2017-18", "redbridge-newsletter-summer-2018",
                 "redbridge-annual-report-2012-13"):
        doc = read_pdf(CORPUS / f"{stem}.pdf")
        results, mentions, paragraphs = tagger.tag_document(doc, stem)
        out[stem] = (results, mentions, paragraphs, doc.word_count)
    return out


def _found(tagged: dict[str, Tagged], stem: str) -> dict[str, ThemeResult]:
    return {r.theme: r for r in tagged[stem][0] if r.mentions > 0}


def test_codebook_covers_contract_themes(tagger: ThemeTagger) -> None:
    ids = tagger.theme_ids()
    assert len(ids) == len(set(ids)) >= 22
    for theme in ("child_sexual_exploitation", "criminal_exploitation", "neglect", "case_reviews",
                  "voice_of_child", "faith_based_abuse", "harmful_practices"):
        assert theme in ids
    described = {d["theme"]: d for d in tagger.describe()}
    assert "FGM" in described["harmful_practices"]["examples"]
    assert described["neglect"]["description"]


def test_triborough_themes(tagged: dict[str, Tagged]) -> None:
    found = _found(tagged, "triborough-lscb-annual-report-2017-18")
    for theme in ("domestic_abuse", "peer_on_peer_abuse", "voice_of_child", "child_sexual_exploitation",
                  "criminal_exploitation", "private_fostering", "child_death", "online_safety"):
        assert theme in found, theme
    # never mentioned in this report
    assert "trafficking" not in found
    assert "disabled_children" not in found
    words = tagged["triborough-lscb-annual-report-2017-18"][3]
    da = found["domestic_abuse"]
    assert da.mentions >= 20
    assert da.per_10k_words == round(da.mentions * 10000 / words, 2)
    assert 8 in da.pages
    assert da.evidence_page in da.pages
    assert "domestic" in da.evidence.lower() or "coercive" in da.evidence.lower()


def test_newsletter_false_friends(tagged: dict[str, Tagged]) -> None:
    """"Emotional Wellbeing" is mental health, "harmful sexual behaviours" is peer abuse, "Child Death
    Review" is not a case review, "trafficking drugs" is not child trafficking."""
    stem = "redbridge-newsletter-summer-2018"
    found = _found(tagged, stem)
    for theme in ("mental_health", "peer_on_peer_abuse", "child_death", "harmful_practices", "neglect",
                  "missing_children", "early_help"):
        assert theme in found, theme
    for theme in ("emotional_abuse", "sexual_abuse", "case_reviews", "domestic_abuse", "private_fostering"):
        assert theme not in found, theme
    mentions = tagged[stem][1]
    assert not any(m.theme == "trafficking" and "trafficking drugs" in m.sentence for m in mentions)


def test_negated_mentions_in_report(tagged: dict[str, Tagged]) -> None:
    """"There were no serious case reviews in 2012/13" does not count as discussing one."""
    stem = "redbridge-annual-report-2012-13"
    mentions = tagged[stem][1]
    negated = [m for m in mentions if m.theme == "case_reviews" and m.negated]
    assert any(m.sentence.startswith("There were no serious case reviews") for m in negated)
    assert any("not had to initiate a Serious Case Review" in m.sentence for m in negated)
    result = _found(tagged, stem)["case_reviews"]
    assert result.negated_mentions == len(negated)
    assert result.mentions == sum(1 for m in mentions if m.theme == "case_reviews" and not m.negated)
    # "One Life, No Knife" is the name of an event, not a denial of knife crime
    tri = tagged["triborough-lscb-annual-report-2017-18"][1]
    assert any(m.text.lower() == "knife" and not m.negated and "No Knife" in m.sentence for m in tri)


def test_paragraph_themes_line_up_with_mentions(tagged: dict[str, Tagged]) -> None:
    _, mentions, paragraphs, _ = tagged["triborough-lscb-annual-report-2017-18"]
    assert len(paragraphs) > 100
    for m in mentions:
        if not m.negated:
            assert m.theme in paragraphs[m.paragraph]
    assert any({"peer_on_peer_abuse", "child_sexual_exploitation"} <= set(p) for p in paragraphs)


@pytest.mark.parametrize(("text", "expected"), [
    ("No serious case reviews were initiated during the year.", []),
    ("There were no cases of FGM reported this year.", []),
    ("There were two serious case reviews.", ["case_reviews"]),
    ("Prevent training was delivered to 300 staff.", ["radicalisation"]),
    ("We work together to prevent harm to children.", []),
    ("PREVENT THE HARM", []),
    ("Missing data made the analysis difficult.", []),
    ("Children who go missing from home are at risk.", ["missing_children"]),
    ("The MASH received more contacts.", []),
    ("Staff stayed in budget hotels.", []),
    ("NEGLECT OF ADOLESCENTS", ["neglect"]),
    ("Young people were Sexually Exploited.", ["child_sexual_exploitation"]),
    ("Physical, emotional or sexual abuse", ["sexual_abuse", "physical_abuse", "emotional_abuse"]),
    ("Road traffic accidents caused two deaths.", []),
    ("Drug trafficking offences rose.", []),
    ("The Runaway Stabilizer checklist is used.", []),
    ("The system would disable the trim.", []),
    ("It is not only domestic abuse that matters.", ["domestic_abuse"]),
])
def test_small_texts(tagger: ThemeTagger, text: str, expected: list[str]) -> None:
    assert tagger.tag_text(text) == expected


CUSTOM_CODEBOOK = """
settings:
  min_mentions: 1
themes:
  county_lines_only:
    description: County lines drug dealing
    phrases: [county line]
  hotels:
    description: Hotels used for exploitation
    phrases: [hotel]
    exclude: [budget hotel]
"""


def test_codebook_from_user_patterns_dir(tmp_path: Path) -> None:
    (tmp_path / "themes.yaml").write_text(CUSTOM_CODEBOOK, encoding="utf-8")
    tagger = ThemeTagger.from_patterns(Patterns(tmp_path))
    # a user's codebook adds to the bundled one by theme id
    assert {"county_lines_only", "hotels", "neglect"} <= set(tagger.theme_ids())
    assert {"county_lines_only", "hotels"} <= set(
        tagger.tag_text("Young people were moved along COUNTY LINES to a hotel."))
    assert tagger.tag_text("Staff stayed in a budget hotel.") == []
    result = run_cli("themes", "--patterns", tmp_path)
    assert "county_lines_only" in result.stdout and "Hotels used for exploitation" in result.stdout


def test_patterns_dir_without_codebook_falls_back_to_bundled(tmp_path: Path) -> None:
    assert "neglect" in ThemeTagger.from_patterns(Patterns(tmp_path)).theme_ids()


def _short_document(tmp_path: Path, paragraphs: list[list[str]]) -> Path:
    """One page of paragraphs (lines 13 pt apart, a gap between paragraphs)."""
    items, y = [], 80.0
    for lines in paragraphs:
        for line in lines:
            items.append((72.0, y, line))
            y += 13
        y += 20
    path = tmp_path / "short.pdf"
    path.write_bytes(pages_pdf([items]))
    return path


@pytest.mark.parametrize(("paragraphs", "doc_type", "expected"), [
    # priorities listed in a sentence
    ([["The Board agreed five priorities for the year: Preventing and responding to Child Sexual",
       "Exploitation; Reducing the impact of Domestic Abuse; and improving the quality of early help."]], "",
     {"child_sexual_exploitation": ["priority"], "domestic_abuse": ["priority"], "early_help": ["priority"]}),
    # an entry of the table of contents
    ([["Contents"], ["Neglect guidance 9"],
      ["This report sets out the work of the board over the year and what"],
      ["it achieved with its partners in the borough."]], "", {"neglect": ["contents"]}),
    # an audit on the theme
    ([["This year we carried out multi-agency auditing focusing on neglect and found good practice in",
       "most of the cases we looked at across the partnership."]], "", {"neglect": ["review"]}),
    # a newsletter item about it
    ([["Safeguarding Newsletter"],
      ["A Serious Case Review into the death of Baby T has been published this month.",
       "It sets out what agencies must do differently and how learning is shared."]],
     "newsletter", {"case_reviews": ["newsletter_item"]}),
    # passing words stay out: a vision sentence, a word in a later sentence of a newsletter item
    ([["Our vision is that every child in the borough grows up safe from neglect and from harm, supported",
       "by families and services that work well together."]], "", {}),
    ([["The board met six times. Partners discussed training, the budget and domestic abuse services",
       "in the borough, and agreed the next steps for the year."]], "newsletter", {}),
])
def test_single_substantive_mentions_in_short_documents(tagger: ThemeTagger, tmp_path: Path,
                                                        paragraphs: list[list[str]], doc_type: str,
                                                        expected: dict[str, list[str]]) -> None:
    doc = read_pdf(_short_document(tmp_path, paragraphs))
    results, _, _ = tagger.tag_document(doc, "d", None, doc_type)
    assert {r.theme: r.basis for r in results} == expected


def test_repeated_mentions_give_the_mentions_basis(tagged: dict[str, Tagged]) -> None:
    found = _found(tagged, "triborough-lscb-annual-report-2017-18")
    assert found["domestic_abuse"].basis[0] == "mentions"
    assert all(r.basis for r in tagged["redbridge-annual-report-2012-13"][0])


def test_spacy_is_imported_without_its_command_line_which_stays_importable() -> None:
    """The tagger imports spaCy without typer and the rest of spaCy's command line (a third of its
    import time); `spacy.info` and a later `import spacy.cli` still give the real ones."""
    code = (
        "import sys\n"
        "import report_miner.themes.tagger\n"
        "assert 'spacy.cli' not in sys.modules and 'typer' not in sys.modules, sorted(sys.modules)\n"
        "import spacy\n"
        "assert spacy.info(silent=True)['spacy_version'] == spacy.__version__\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and 'typer' in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
