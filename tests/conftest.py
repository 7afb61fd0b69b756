from __future__ import annotations

import csv
import functools
import os
import subprocess
import sys
import tempfile
import time
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


def run_cli_measured(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run the real command line (it must succeed) and return it with its wall time and the peak
    resident memory, in KiB, of its largest process: the CLI or any worker it started and reaped."""
    cmd = [sys.executable, "-m", "report_miner.cli", *map(str, args)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)  # this run's own rusage, not the test session's
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(cmd, process.returncode, out.read(), err.read())
    if result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}:\n{result.stderr}")
    return result, seconds, usage.ru_maxrss


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
