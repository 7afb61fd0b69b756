"""Exit statuses of the command line, run in-process with click's CliRunner on real PDFs."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import read_rows
from pdf_factory import corrupt, text_pdf

from report_miner.cli import main

LINES = [
    "Example Local Safeguarding Children Board Annual Report 2016-17",
    "At 31 March 2017 there were 120 children subject of a child protection plan.",
    "The board agreed its priorities for the year: neglect and child sexual exploitation.",
] * 3


def _folder(tmp_path: Path, broken: bool = False) -> Path:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    data = text_pdf(LINES)
    (pdfs / "good.pdf").write_bytes(data)
    if broken:
        (pdfs / "broken.pdf").write_bytes(corrupt(data))
    return pdfs


def test_a_completed_batch_exits_0_and_writes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(_folder(tmp_path)), "-o", str(out), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    docs = read_rows(out / "documents.csv")
    assert [d["status"] for d in docs] == ["ok"]


def test_a_failed_file_is_data_unless_strict(tmp_path: Path) -> None:
    pdfs = _folder(tmp_path, broken=True)
    runner = CliRunner()
    relaxed = runner.invoke(main, ["extract", str(pdfs), "-o", str(tmp_path / "a"), "-q", "-w", "1"])
    assert relaxed.exit_code == 0, relaxed.output
    statuses = {d["file"]: d["status"] for d in read_rows(tmp_path / "a" / "documents.csv")}
    assert statuses["good.pdf"] == "ok" and statuses["broken.pdf"] != "ok"
    strict = runner.invoke(main, ["extract", str(pdfs), "-o", str(tmp_path / "b"), "-q", "-w", "1",
                                  "--strict"])
    assert strict.exit_code == 1


def test_unwritable_output_is_one_line_and_status_2(tmp_path: Path) -> None:
    # the output folder is checked before any work is done
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["extract", str(_folder(tmp_path)), "-o", str(blocker / "out"), "-q",
                                       "-w", "1"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "a-file" in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["extract", str(tmp_path / "missing"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2
    no_workers = runner.invoke(main, ["extract", str(_folder(tmp_path)), "--workers", "0", "-o", "x"])
    assert no_workers.exit_code == 2


def test_the_collector_is_off_while_the_command_line_loads_and_on_for_the_command(tmp_path: Path) -> None:
    """console.run turns the cyclic collector off for start-up; every command turns it on again,
    so a long batch never runs without it."""
    gc.disable()
    try:
        result = CliRunner().invoke(main, ["themes"])
        assert result.exit_code == 0, result.output
        assert gc.isenabled()
    finally:
        gc.enable()
    # the entry point itself: the collector is still off when the command turns it on
    code = ("import gc, sys, report_miner.console as console\n"
            "gc.enable = lambda: print(gc.isenabled())\n"
            "sys.argv = ['report-miner', 'themes']\n"
            "console.run()\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "False"
