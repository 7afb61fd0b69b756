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


CLONE_NEWUSER = 0x10000000


def _drop_root_override() -> None:
    """In the child before exec: enter a new user namespace with no ids mapped. The process keeps
    its ids, so it still owns what root owns, but loses root's power to ignore permissions: a
    folder or file with mode 0 is as unreadable to it as to any user."""
    import ctypes

    if ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWUSER) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER) failed")


@functools.cache
def _root_override_droppable() -> str:
    """Empty when the override can be dropped here, else why not."""
    probe = Path(tempfile.mkdtemp())
    try:
        (probe / "locked").write_text("x", encoding="utf-8")
        (probe / "locked").chmod(0)
        code = "import sys; open(sys.argv[1]).read()"
        result = subprocess.run([sys.executable, "-c", code, str(probe / "locked")], capture_output=True,
                                text=True, preexec_fn=_drop_root_override, timeout=60)
        return "" if "PermissionError" in result.stderr else f"probe read a mode-0 file: {result.stderr}"
    except (OSError, subprocess.SubprocessError) as exc:
        return f"no user namespace to drop root's override in ({exc})"
    finally:
        (probe / "locked").unlink()
        probe.rmdir()


def permissions_apply() -> None:
    """Skip unless a run started with `unprivileged=True` is refused what its modes refuse."""
    if os.geteuid() == 0 and (why := _root_override_droppable()):
        pytest.skip(f"running as root, which reads any file, and {why}")


def run_cli(*args: str | Path, check: bool = True,
            unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would; `unprivileged` (call permissions_apply first)
    runs it without root's override of file permissions, so mode bits hold even for root."""
    cmd = [sys.executable, "-m", "report_miner", *map(str, args)]
    drop = _drop_root_override if unprivileged and os.geteuid() == 0 else None
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, preexec_fn=drop)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}:\n{result.stderr}")
    return result


def run_cli_measured(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run the real command line (it must succeed) and return it with its wall time and the peak
    resident memory, in KiB, of its largest process: the CLI or any worker it started and reaped."""
    cmd = [sys.executable, "-m", "report_miner", *map(str, args)]
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
