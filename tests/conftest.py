from __future__ import annotations

import csv
import functools
import subprocess
import sys
from pathlib import Path

import pytest

from report_miner.reader import ParsedDocument, read_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REALWORLD = ROOT.parent / "shared" / "realworld" / "pdfs"


def run_cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would."""
    cmd = [sys.executable, "-m", "report_miner.cli", *map(str, args)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}:\n{result.stderr}")
    return result


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus extracted once by the real CLI."""
    out = tmp_path_factory.mktemp("corpus_out")
    run_cli("extract", CORPUS, "-o", out)
    return out


@pytest.fixture(scope="session")
def documents(corpus_out: Path) -> dict[str, dict[str, str]]:
    return {Path(r["file"]).stem: r for r in read_rows(corpus_out / "documents.csv")}


TRI_BOROUGH = ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]


@functools.cache
def parsed(name: str) -> ParsedDocument:
    """A sample PDF read once for the whole test run (extractors never change a document)."""
    return read_pdf(CORPUS / name)
