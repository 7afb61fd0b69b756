"""An honest benchmark: report-miner against bare text extraction, and how it scales.

    python benchmarks/bench_run.py [PDF_DIR] [--rounds 5] [--workers 1]
    python benchmarks/bench_run.py --scale [--rounds 3] [--files 5,100,400] [--pages 1,10,40] [--copy-of PDF]
    python benchmarks/bench_run.py --hostile [--rounds 1] [--workers 2]

Every measurement is a fresh process tree (imports, model loading and writing included). The
commands run interleaved, one of each per round, so a busy machine slows all of them alike;
each row reports the median wall time and the median CPU time of the whole tree (parent plus
workers) over the rounds, and the peak of the tree's summed PSS (proportional set size, so
memory shared between workers counts once), sampled every 20 ms in one more run of the row whose
time is not counted (sampling takes CPU from what it watches), beside
the peak of its summed RSS (shared memory counted in every process) and the peak PSS of the main
process alone.

Rows: report-miner, pdfplumber `extract_text`, bare pypdfium2 text, and PyMuPDF where it is
installed. `--scale` runs report-miner on 5, 100 and 400 distinct files (copies of the corpus
with one changed byte each, so every file is new to the cache and to de-duplication) and on one
document of 172, 1,720 and 6,880 pages (the corpus pages repeated), to show that time is linear
and memory flat, and reruns 100 of those files from a filled result cache; `--files`, `--pages`
and `--cached` choose the sizes (an empty list skips them) and
`--copy-of` copies one PDF instead of cycling through the corpus. `--hostile` runs report-miner on
the hostile cases built by tests/hostile_factory.py (a compression bomb, a page miles wide, damaged
copies of every sample, odd names, a dangling link, a named pipe, a slow 3,000-page file), with
the default limits and with tight ones.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOP = """
import sys, pathlib
paths = [p for p in sorted(pathlib.Path(sys.argv[1]).rglob('*')) if p.suffix.lower() == '.pdf']
"""
BASELINES = {
    "pdfplumber extract_text": LOOP + """
import pdfplumber
for path in paths:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text(); page.close()
""",
    "pypdfium2 bare text": LOOP + """
import pypdfium2
for path in paths:
    pdf = pypdfium2.PdfDocument(path)
    for page in pdf:
        page.get_textpage().get_text_bounded()
    pdf.close()
""",
    "PyMuPDF text": LOOP + """
import fitz
for path in paths:
    with fitz.open(path) as doc:
        for page in doc:
            page.get_text()
""",
}


def _tree(root: int) -> list[int]:
    """The process and its descendants, walked through each one's `children` file (no scan of /proc:
    the sampler must not take the CPU time it is watching)."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process, in KiB; zeros once it has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class Row:
    name: str
    command: Callable[[Path], list[str]]
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peak_kib: int = 0  # the tree's summed PSS
    peak_rss_kib: int = 0  # the tree's summed RSS
    main_kib: int = 0  # the main process's own PSS


def measure(row: Row, out: Path, sample_memory: bool = False) -> None:
    """One run of the row's command: its wall and CPU time, or (`sample_memory`) its memory.

    Memory is sampled in a run of its own, whose time is not counted: reading every process's
    PSS every 20 ms takes CPU from the very processes being timed on a small machine.
    """
    started = time.perf_counter()
    process = subprocess.Popen(row.command(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while sample_memory and not done.is_set():
            tree = [_memory_kib(pid) for pid in _tree(process.pid)]
            row.peak_kib = max(row.peak_kib, sum(pss for _rss, pss in tree))
            row.peak_rss_kib = max(row.peak_rss_kib, sum(rss for rss, _pss in tree))
            row.main_kib = max(row.main_kib, tree[0][1] if tree else 0)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if sample_memory:
        return
    row.walls.append(time.perf_counter() - started)
    # ru_utime/ru_stime of wait4 include every descendant the child itself waited for
    row.cpus.append(usage.ru_utime + usage.ru_stime)


def extract_row(pdf_dir: Path, workers: int | None, extra: tuple[str, ...] = (), name: str = "") -> Row:
    """`report-miner extract` over `pdf_dir`; `workers` None leaves the product's own default."""
    chosen = ("--workers", str(workers)) if workers is not None else ()
    return Row(name or " ".join(("report-miner extract", *extra)), lambda out: [
        sys.executable, "-m", "report_miner", "extract", str(pdf_dir), "-o", str(out / "rm"),
        *chosen, "--quiet", "--overwrite", *extra])


def rows_for(pdf_dir: Path, workers: int | None, extra: tuple[str, ...] = ()) -> list[Row]:
    rows = [extract_row(pdf_dir, workers, extra)]
    for name, code in BASELINES.items():
        if name.startswith("PyMuPDF") and importlib.util.find_spec("fitz") is None:
            continue
        rows.append(Row(name, lambda _out, code=code: [sys.executable, "-c", code, str(pdf_dir)]))
    return rows


def run_rounds(rows: list[Row], rounds: int, out: Path) -> None:
    """`rounds` timed runs of each row, interleaved, then one run of each for its memory."""
    for _ in range(rounds):
        for row in rows:
            measure(row, out)
    for row in rows:
        measure(row, out, sample_memory=True)


def report(rows: list[Row], pages: int, title: str) -> None:
    print(f"\n{title}: {pages} pages, medians over {len(rows[0].walls)} interleaved rounds")
    print(f"{'row':<34} {'wall s':>8} {'CPU s':>8} {'pages/s':>8} {'peak PSS MiB':>13} "
          f"{'peak RSS MiB':>13} {'main PSS MiB':>13} {'x pdfplumber':>13}")
    plumber = next((r for r in rows if r.name.startswith("pdfplumber")), None)
    for row in rows:
        wall, cpu = statistics.median(row.walls), statistics.median(row.cpus)
        ratio = f"{wall / statistics.median(plumber.walls):.3f}" if plumber else ""
        print(f"{row.name:<34} {wall:8.2f} {cpu:8.2f} {pages / wall:8.1f} {row.peak_kib / 1024:13.1f} "
              f"{row.peak_rss_kib / 1024:13.1f} {row.main_kib / 1024:13.1f} {ratio:>13}")


def count_pages(pdf_dir: Path, max_bytes: int | None = 1 << 24) -> int:
    """Pages of the PDFs that open (a damaged or hostile file counts none; with `max_bytes`, a file
    larger than that is left uncounted, so a decompression bomb is never opened here)."""
    import pypdfium2

    total = 0
    for path in sorted(pdf_dir.rglob("*")):
        if (path.suffix.lower() == ".pdf" and path.is_file()
                and (max_bytes is None or path.stat().st_size < max_bytes)):
            try:
                pdf = pypdfium2.PdfDocument(path)
            except pypdfium2.PdfiumError:
                continue
            total += len(pdf)
            pdf.close()
    return total


def distinct_copies(source: Path, count: int, into: Path) -> None:
    """`count` files from the corpus (or copies of one PDF), each with one trailing byte changed
    (distinct hashes)."""
    pdfs = [source] if source.is_file() else sorted(
        p for p in source.rglob("*") if p.suffix.lower() == ".pdf")
    into.mkdir(parents=True)
    for i in range(count):
        data = pdfs[i % len(pdfs)].read_bytes()
        (into / f"copy-{i:04d}.pdf").write_bytes(data + b"\n%" + str(i).encode() + b"\n")


def long_document(source: Path, repeat: int, into: Path) -> None:
    """One PDF made of every corpus page, `repeat` times over."""
    import pypdfium2

    into.mkdir(parents=True)
    joined = pypdfium2.PdfDocument.new()
    pdfs = [pypdfium2.PdfDocument(p) for p in sorted(source.rglob("*")) if p.suffix.lower() == ".pdf"]
    for _ in range(repeat):
        for pdf in pdfs:
            joined.import_pages(pdf)
    joined.save(into / f"long-{repeat}.pdf")


def hostile_folder(into: Path) -> None:
    """The hostile cases the tests build, in one folder."""
    import os

    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_factory import flate_bomb, huge_mediabox_pdf, mutants
    from pdf_factory import many_pages_pdf

    into.mkdir(parents=True)
    (into / "flate-bomb.pdf").write_bytes(flate_bomb(4096))  # 4 MB that inflates to 4 GiB
    (into / "huge-mediabox.pdf").write_bytes(huge_mediabox_pdf())
    (into / "slow-3000-pages.pdf").write_bytes(many_pages_pdf(3000))
    for rank, sample in enumerate(sorted((ROOT / "corpus").glob("*.pdf"))):
        for kind, data in mutants(sample.read_bytes(), rank).items():
            (into / f"{sample.stem}.{kind}.pdf").write_bytes(data)
    small = min((ROOT / "corpus").glob("*.pdf"), key=lambda p: p.stat().st_size).read_bytes()
    for name in (b"caf\xe9 latin-1.pdf", b"line\rbreak.pdf", b"=cmd|' -C calc'!A0.pdf", b"x" * 240 + b".pdf"):
        with open(os.path.join(os.fsencode(into), name), "wb") as handle:
            handle.write(small)
    (into / "dangling.pdf").symlink_to(into / "nowhere.pdf")
    os.mkfifo(into / "pipe.pdf")


def hostile(rounds: int, workers: int, work: Path) -> None:
    folder = work / "hostile"
    hostile_folder(folder)
    files = len([p for p in folder.iterdir() if p.suffix.lower() == ".pdf"])
    rows = [rows_for(folder, workers)[0],
            rows_for(folder, workers, ("--max-memory", "600M", "--timeout", "10"))[0]]
    run_rounds(rows, rounds, work)
    report(rows, count_pages(folder), f"hostile folder, {files} files")


def scale(source: Path, rounds: int, workers: int, work: Path, files: list[int], pages: list[int]) -> None:
    for count in files:
        folder = work / f"files-{count}"
        distinct_copies(source, count, folder)
        row = rows_for(folder, workers)[0]
        run_rounds([row], rounds, work)
        report([row], count_pages(folder), f"{count} distinct files")
    for repeat in pages:
        folder = work / f"pages-{repeat}"
        long_document(source, repeat, folder)
        row = rows_for(folder, workers)[0]
        run_rounds([row], rounds, work)
        report([row], count_pages(folder, max_bytes=None), f"one document, corpus x{repeat}")


def cached_rerun(source: Path, rounds: int, workers: int, work: Path, count: int) -> None:
    """`count` distinct files read once into a result cache (not timed), then rerun from it."""
    folder = work / f"cached-{count}"
    distinct_copies(source, count, folder)
    row = rows_for(folder, workers, ("--cache", str(work / f"cache-{count}")))[0]
    row.name = "report-miner extract --cache"
    measure(row, work)  # fills the cache
    row.walls.clear()
    row.cpus.clear()
    run_rounds([row], rounds, work)
    report([row], count_pages(folder), f"{count} distinct files, rerun from the cache")


def _counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=ROOT / "corpus")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--scale", action="store_true", help="distinct files and one long document")
    parser.add_argument("--files", type=_counts, default=[5, 100, 400], help="--scale: numbers of files")
    parser.add_argument("--pages", type=_counts, default=[1, 10, 40], help="--scale: corpus repeats")
    parser.add_argument("--cached", type=_counts, default=[100],
                        help="--scale: numbers of files rerun from a filled result cache")
    parser.add_argument("--copy-of", type=Path, default=None, help="--scale: copy this one PDF")
    parser.add_argument("--hostile", action="store_true", help="the hostile folder, two sets of limits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-miner-bench-") as tmp:
        if args.scale:
            scale(args.copy_of or args.pdf_dir, args.rounds, args.workers, Path(tmp), args.files, args.pages)
            for count in args.cached:
                cached_rerun(args.copy_of or args.pdf_dir, args.rounds, args.workers, Path(tmp), count)
            return
        if args.hostile:
            hostile(args.rounds, args.workers, Path(tmp))
            return
        rows = rows_for(args.pdf_dir, args.workers)
        run_rounds(rows, args.rounds, Path(tmp))
        report(rows, count_pages(args.pdf_dir), str(args.pdf_dir))


if __name__ == "__main__":
    main()
