"""Folder runs: find the PDFs, process each in its own worker process, never lose a file.

Each file runs in a forked child process. A crash inside the PDF library, a hang on a
pathological file, or an exception in an extractor turns into an `error` row for that file;
the rest of the batch carries on. Forking after the theme pipeline is loaded lets every child
share it instead of loading spaCy again.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .cache import ResultCache
from .models import DocumentRecord, Report
from .pipeline import process_pdf
from .themes import ThemeTagger

DEFAULT_TIMEOUT = 120.0


def find_pdfs(root: Path) -> list[Path]:
    """Every `*.pdf` under `root` (any case), recursively, in a stable order."""
    found = [p for p in root.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _doc_id(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:12]


def error_report(path: Path, relative: str, reason: str) -> Report:
    try:
        doc_id = _doc_id(path)
    except OSError:
        doc_id = ""
    reason = " ".join(reason.split())[:300]
    return Report(document=DocumentRecord(doc_id=doc_id, file=relative, status="error", error=reason))


def _child(conn: Connection, path: Path, relative: str, tagger: ThemeTagger, engine: str) -> None:
    try:
        report = process_pdf(path, relative, tagger, engine)
        conn.send_bytes(report.model_dump_json().encode("utf-8"))
    except BaseException as exc:  # the parent turns any failure into an error row
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
        conn.send_bytes(error_report(path, relative, f"{type(exc).__name__}: {exc}{where}")
                        .model_dump_json().encode("utf-8"))
    finally:
        conn.close()


@dataclass
class _Running:
    process: mp.process.BaseProcess
    conn: Connection
    path: Path
    relative: str
    started: float
    payload: bytes | None = field(default=None)


def run_batch(
    root: Path,
    tagger: ThemeTagger,
    workers: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[Report], None] | None = None,
    engine: str = "pdfium",
    cache: ResultCache | None = None,
) -> list[Report]:
    """Process every PDF under `root`; one Report per file, in path order."""
    paths = find_pdfs(root)
    context = mp.get_context("fork")
    # largest files first, so a big report does not start last and hold up the end of the batch
    pending: Iterator[Path] = iter(sorted(paths, key=_size, reverse=True))
    running: list[_Running] = []
    reports: dict[str, Report] = {}

    def start(path: Path) -> None:
        relative = path.relative_to(root).as_posix()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(sender, path, relative, tagger, engine), daemon=True)
        process.start()
        sender.close()
        running.append(_Running(process, receiver, path, relative, time.monotonic()))

    def done(relative: str, report: Report) -> None:
        reports[relative] = report
        if on_done:
            on_done(report)

    def finish(job: _Running, report: Report) -> None:
        running.remove(job)
        job.conn.close()
        if cache is not None:
            cache.put(report)
        done(job.relative, report)

    def fill() -> None:
        while len(running) < max(1, workers):
            path = next(pending, None)
            if path is None:
                return
            relative = path.relative_to(root).as_posix()
            cached = cache.get(_doc_id(path), relative) if cache is not None else None
            if cached is not None:
                done(relative, cached)
            else:
                start(path)

    fill()
    while running:
        ready = wait([job.conn for job in running], timeout=0.2)
        now = time.monotonic()
        for job in list(running):
            if job.conn in ready:
                try:
                    payload = job.conn.recv_bytes()
                    report = Report.model_validate_json(payload)
                except (EOFError, OSError, ValueError):
                    job.process.join(1)
                    code = job.process.exitcode
                    report = error_report(job.path, job.relative,
                                          f"worker process died while reading the file (exit code {code})")
                job.process.join(5)
                finish(job, report)
            elif now - job.started > timeout:
                job.process.kill()
                job.process.join(5)
                finish(job, error_report(job.path, job.relative,
                                         f"timed out after {timeout:g} s (per-file time limit)"))
            elif not job.process.is_alive() and not job.conn.poll():
                finish(job, error_report(job.path, job.relative,
                                         f"worker process died (exit code {job.process.exitcode})"))
        fill()
    return [reports[p.relative_to(root).as_posix()] for p in paths]


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
