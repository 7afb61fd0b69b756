"""report.html opened in a real headless browser (Chromium), skipped cleanly when there is none."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CORPUS, read_rows, run_cli

BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)


@pytest.fixture(scope="module")
def html_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html_out")
    run_cli("extract", CORPUS, "-o", out)  # the default formats are csv,html
    return out


def _browser(*args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "td" and found.get("class") == "cell":
            self.cells.append(found)


def _console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line]


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium on this machine")
def test_browser_catches_console_errors(tmp_path: Path) -> None:
    """The check below can fail: a page that logs an error is seen as one."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>console.error('broken page')</script></body></html>",
                    encoding="utf-8")
    result = _browser("--dump-dom", page.as_uri())
    assert any("broken page" in line for line in _console_lines(result.stderr))


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium on this machine")
def test_report_renders_without_console_errors_with_one_cell_per_document_and_theme(html_out: Path) -> None:
    result = _browser("--dump-dom", (html_out / "report.html").as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_lines(result.stderr) == []
    dom = result.stdout
    assert "<h2>Documents</h2>" in dom and "Key figures per board and year" in dom
    parser = _Cells()
    parser.feed(dom)
    docs = read_rows(html_out / "documents.csv")
    themes = [c for c in read_rows(html_out / "theme_comparison.csv")[0]
              if c not in {"doc_id", "board", "local_authorities", "period", "doc_type"}]
    pairs = {(c["data-doc"], c["data-theme"]) for c in parser.cells}
    assert len(parser.cells) == len(docs) * len(themes) == len(pairs)
    assert pairs == {(d["doc_id"], t) for d in docs for t in themes}
    # hover text: the evidence sentence of themes.csv for a theme that was found
    found = next(t for t in read_rows(html_out / "themes.csv") if int(t["mentions"]) > 0)
    cell = next(c for c in parser.cells
                if (c["data-doc"], c["data-theme"]) == (found["doc_id"], found["theme"]))
    assert found["evidence"][:60] in (cell["title"] or "")


def test_report_is_self_contained(html_out: Path) -> None:
    text = (html_out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
    assert "<script" not in text and "@import" not in text and "url(" not in text
    for c in read_rows(html_out / "conflicts.csv"):
        assert c["dropped_evidence"][:40].replace("\t", " ") in text.replace("\t", " ")
    totals = [b for b in read_rows(html_out / "budget.csv") if b["is_total"] == "true"]
    assert totals and all(b["evidence"][:30].split("\t")[0] in text for b in totals)
