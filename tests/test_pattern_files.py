"""Pattern files are checked against a schema: broken codebooks give one-line errors and exit 2,
and a researcher's themes.yaml adds to (or, when asked, replaces) the bundled codebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, read_rows, run_cli

from report_miner.config import check_folder, load_codebook
from report_miner.paths import default_patterns_dir

# (file name, broken content, the line the error must name, words the error must contain)
BROKEN = [
    ("themes.yaml", "themes:\n  gangs:\n    phrases: county lines, cuckooing\n", 3, "expected a list"),
    ("themes.yaml", "themes:\n  gangs:\n    acronyms: CCE\n", 3, "expected a list"),
    ("themes.yaml", "themes:\n  gangs:\n    phrase: [county lines]\n", 3, "did you mean 'phrases'"),
    ("themes.yaml", "themes:\n  gangs:\n    phrases: [a]\n  gangs:\n    phrases: [b]\n", 4, "duplicate key"),
    ("themes.yaml", "themes:\n  county lines:\n    phrases: [county lines]\n", 2, "is not allowed"),
    ("themes.yaml", "themes:\n  gangs:\n    phrases: [a\n  b: [c]\n", 4, "not valid YAML"),
    ("themes.yaml", "settings:\n  min_mentions: two\nthemes: {}\n", 2, "whole number"),
    ("themes.yaml", "themes:\n  gangs:\n    patterns:\n      - [{lemma: gang}]\n", 4, "upper-case spaCy"),
    ("themes.yaml", "settings:\n  replace: yes please\nthemes: {}\n", 2, "true or false"),
    ("training.yaml", "columns:\n  course: [course]\n", 1, "missing key 'table_context'"),
    ("metrics.yaml", "metrics:\n  referrals:\n    unit: percentage\n", 3, "expected one of count"),
    ("metrics.yaml", "metrics:\n  referrals:\n    phrases: ['referrals (to']\n", 3, "regular expression"),
    ("budget.yaml", "context: [budget]\n", 1, "expected a single value"),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), BROKEN)
def test_broken_pattern_file_gives_one_line_error_and_exit_2(
        tmp_path: Path, name: str, text: str, line: int, words: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("themes", "--check", tmp_path, check=False)
    assert result.returncode == 2
    errors = [e for e in result.stderr.splitlines() if e.strip()]
    assert errors and "Traceback" not in result.stderr
    assert any(e.startswith(f"{tmp_path / name}:{line}: ") and words in e for e in errors), errors


def test_extract_refuses_a_broken_codebook_before_reading_anything(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "themes.yaml").write_text("themes:\n  gangs:\n    phrases: county lines\n", encoding="utf-8")
    result = run_cli("extract", CORPUS, "-o", tmp_path / "out", "--patterns", patterns, check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{patterns / 'themes.yaml'}:3: 'phrases' is a single value, "
                                     "expected a list (one '- item' per line, or [a, b])")
    assert not (tmp_path / "out").exists()


def test_bundled_patterns_are_valid() -> None:
    assert check_folder(default_patterns_dir()) == []


def test_user_theme_adds_to_the_bundled_codebook_and_replace_replaces(tmp_path: Path) -> None:
    bundled, _ = load_codebook()
    (tmp_path / "themes.yaml").write_text(
        "themes:\n  county_lines:\n    phrases: [county lines, cuckooing]\n"
        "  neglect:\n    description: Neglect (our definition)\n    phrases: [neglect]\n", encoding="utf-8")
    merged, source = load_codebook(tmp_path)
    assert source == tmp_path / "themes.yaml"
    assert set(merged["themes"]) == set(bundled["themes"]) | {"county_lines"}
    assert merged["themes"]["neglect"]["description"] == "Neglect (our definition)"
    assert merged["exclude"] == bundled["exclude"]

    (tmp_path / "themes.yaml").write_text(
        "settings:\n  replace: true\nthemes:\n  county_lines:\n    phrases: [county lines]\n",
        encoding="utf-8")
    replaced, _ = load_codebook(tmp_path)
    assert list(replaced["themes"]) == ["county_lines"]


def test_export_lists_every_pattern_of_the_codebook_in_use(tmp_path: Path) -> None:
    (tmp_path / "themes.yaml").write_text(
        "themes:\n  county_lines:\n    description: Drug lines\n    phrases: [county lines, cuckooing]\n"
        "    exclude: [county lines bus]\n", encoding="utf-8")
    out = tmp_path / "codebook.csv"
    run_cli("themes", "--patterns", tmp_path, "--export", out)
    rows = read_rows(out)
    bundled, _ = load_codebook()
    themes = {r["theme"] for r in rows if r["theme"]}
    assert themes == set(bundled["themes"]) | {"county_lines"}
    mine = [(r["kind"], r["pattern"]) for r in rows if r["theme"] == "county_lines"]
    assert mine == [("phrases", "county lines"), ("phrases", "cuckooing"), ("exclude", "county lines bus")]
    shared = {r["pattern"] for r in rows if r["kind"] == "exclude" and not r["theme"]}
    assert shared == set(bundled["exclude"])
    prevent = [r["pattern"] for r in rows if r["theme"] == "radicalisation" and r["kind"] == "patterns"]
    assert prevent and all(p.startswith("[{") for p in prevent)


def test_a_single_pdf_path_is_accepted(tmp_path: Path) -> None:
    pdf = CORPUS / "redbridge-newsletter-summer-2018.pdf"
    run_cli("extract", pdf, "-o", tmp_path / "out", "-q")
    rows = read_rows(tmp_path / "out" / "documents.csv")
    assert [(r["file"], r["status"]) for r in rows] == [(pdf.name, "ok")]
    assert int(rows[0]["words"]) > 100


def test_an_empty_folder_with_strict_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("extract", empty, "-o", tmp_path / "out", "--strict", check=False).returncode == 1
    copy = tmp_path / "one"
    copy.mkdir()
    shutil.copy(CORPUS / "redbridge-newsletter-summer-2018.pdf", copy)
    assert run_cli("extract", copy, "-o", tmp_path / "out2", "--strict", "-q", check=False).returncode == 0
