"""The corpus ratio: `report-miner extract` against pdfplumber's bare `extract_text`.

    python benchmarks/bench_extract.py [PDF_DIR] [--runs 3] [--workers N] [--long-pages N]

The rows of bench_run.py (a fresh process tree per run, interleaved rounds, median wall and CPU
time of the whole tree, the peak of the tree's summed PSS from a run of its own): report-miner
with its own default number of workers and with `--workers 1`, pdfplumber `extract_text`, bare
pypdfium2 text and PyMuPDF where it is installed; then the ratio report-miner / pdfplumber, which
must stay at most 0.2 (the goal is 0.1). `--long-pages N` also times one synthetic PDF of N pages.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_run import ROOT, count_pages, extract_row, report, rows_for, run_rounds  # noqa: E402

LONG_PDF = """
import sys, pathlib
sys.path.insert(0, str(pathlib.Path(sys.argv[1])))
from pdf_factory import many_pages_pdf
pathlib.Path(sys.argv[2]).write_bytes(many_pages_pdf(int(sys.argv[3])))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=ROOT / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="report-miner --workers (default: its own)")
    parser.add_argument("--long-pages", type=int, default=0,
                        help="also time one synthetic PDF of this many pages (memory on long files)")
    args = parser.parse_args()
    rows = rows_for(args.pdf_dir, args.workers)
    if args.workers is None:
        rows.insert(1, extract_row(args.pdf_dir, 1, name="report-miner extract --workers 1"))
    with tempfile.TemporaryDirectory(prefix="report-miner-bench-") as tmp:
        run_rounds(rows, args.runs, Path(tmp))
        report(rows, count_pages(args.pdf_dir), str(args.pdf_dir))
        plumber = next(r for r in rows if r.name.startswith("pdfplumber"))
        ratio = statistics.median(rows[0].walls) / statistics.median(plumber.walls)
        print(f"ratio report-miner / pdfplumber text: {ratio:.3f} (limit 0.2, goal 0.1)")
        if args.long_pages:
            long_dir = Path(tmp) / "long"
            long_dir.mkdir()
            subprocess.run([sys.executable, "-c", LONG_PDF, str(ROOT / "tests"),
                            str(long_dir / "long.pdf"), str(args.long_pages)], check=True)
            row = extract_row(long_dir, 1, ("--timeout", "3600"),
                              name=f"report-miner, one {args.long_pages}-page PDF")
            run_rounds([row], 1, Path(tmp))
            report([row], args.long_pages, f"one {args.long_pages}-page PDF")


if __name__ == "__main__":
    main()
