"""Benchmark the whole `report-miner extract` process against pdfplumber's bare text extraction.

    python benchmarks/bench_extract.py [PDF_DIR] [--runs 3] [--workers 1]

Each measurement is a fresh process (imports, model loading and writing included); the commands
run in turn for `--runs` rounds and each one's median is reported with pages per second and
peak resident memory.
The same run times `pdfplumber` `page.extract_text()` and `pypdfium2` text over the same
files, and prints the ratio report-miner / pdfplumber (at most 0.2, the goal 0.1).
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PDFPLUMBER_TEXT = """
import sys, pathlib, pdfplumber
for path in sorted(pathlib.Path(sys.argv[1]).rglob('*')):
    if path.suffix.lower() != '.pdf':
        continue
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
"""

PDFIUM_TEXT = """
import sys, pathlib, pypdfium2
for path in sorted(pathlib.Path(sys.argv[1]).rglob('*')):
    if path.suffix.lower() != '.pdf':
        continue
    pdf = pypdfium2.PdfDocument(path)
    for page in pdf:
        text = page.get_textpage()
        text.get_text_range()
        text.close()
        page.close()
    pdf.close()
"""

LONG_PDF = """
import sys, pathlib
sys.path.insert(0, str(pathlib.Path(sys.argv[1])))
from pdf_factory import many_pages_pdf
pathlib.Path(sys.argv[2]).write_bytes(many_pages_pdf(int(sys.argv[3])))
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def count_pages(pdf_dir: Path) -> int:
    import pypdfium2

    total = 0
    for path in pdf_dir.rglob("*"):
        if path.suffix.lower() == ".pdf":
            with contextlib.suppress(pypdfium2.PdfiumError):
                total += len(pypdfium2.PdfDocument(path))
    return total


def report(label: str, times: list[float], peaks: list[float], pages: int) -> float:
    median = statistics.median(times)
    print(f"{label:<34} median {median:6.2f} s  ({min(times):.2f}-{max(times):.2f})  "
          f"{pages / median:7.1f} pages/s  peak RSS <= {max(peaks):.0f} MiB")
    return median


def measure_interleaved(commands: dict[str, list[str]], runs: int, pages: int) -> dict[str, float]:
    """Run the commands in turn, `runs` rounds, so that a machine that speeds up or slows down
    during the benchmark weighs on every command alike; report each command's median."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    peaks: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, cmd in commands.items():
            seconds, peak = timed(cmd)
            times[label].append(seconds)
            peaks[label].append(peak)
    return {label: report(label, times[label], peaks[label], pages) for label in commands}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=ROOT / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="report-miner --workers (default: its own)")
    parser.add_argument("--long-pages", type=int, default=0,
                        help="also time one synthetic PDF of this many pages (memory on long files)")
    args = parser.parse_args()
    pages = count_pages(args.pdf_dir)
    print(f"{args.pdf_dir}: {pages} pages, {args.runs} interleaved rounds (fresh process per run)")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "report_miner", "extract", str(args.pdf_dir), "-o", tmp, "-q"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        commands = {"report-miner extract": cmd}
        if not args.workers:
            commands["report-miner extract --workers 1"] = cmd + ["--workers", "1"]
        for label, script in (("pdfplumber extract_text (bare)", PDFPLUMBER_TEXT),
                              ("pypdfium2 text (bare)", PDFIUM_TEXT)):
            commands[label] = [sys.executable, "-c", script, str(args.pdf_dir)]
        medians = measure_interleaved(commands, args.runs, pages)
        ratio = medians["report-miner extract"] / medians["pdfplumber extract_text (bare)"]
        print(f"ratio report-miner / pdfplumber text: {ratio:.3f} (limit 0.2, goal 0.1)")
        if args.long_pages:
            long_dir = Path(tmp) / "long"
            long_dir.mkdir()
            subprocess.run([sys.executable, "-c", LONG_PDF, str(ROOT / "tests"),
                            str(long_dir / "long.pdf"), str(args.long_pages)], check=True)
            long_cmd = [sys.executable, "-m", "report_miner", "extract", str(long_dir), "-o",
                        str(Path(tmp) / "long_out"), "-q", "--workers", "1", "--timeout", "3600"]
            label = f"report-miner, one {args.long_pages}-page PDF"
            measure_interleaved({label: long_cmd}, 1, args.long_pages)

if __name__ == "__main__":
    main()
