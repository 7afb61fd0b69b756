"""Folder runs: find the PDFs, process each in worker processes, never lose a file.

Each file is processed in a forked child process. The parent starts the first files before it
loads spaCy (the slowest import), so reading and loading overlap: those children read the PDF
and extract metadata, statistics, training and budget, and a second child forked once the
theme pipeline is ready adds themes and priorities. Files started after that go through one
child that does both and shares the ready pipeline.
A crash inside the PDF library, a hang on a pathological file, or an exception in an
extractor turns into an `error` row for that file; the rest of the batch carries on.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing as mp
import os
import pickle
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import DocumentRecord, Report
from .cache import ResultCache
from .pipeline import FirstPass, read_and_extract, tag_and_prioritise

if TYPE_CHECKING:
    from ..themes.tagger import ThemeTagger

DEFAULT_TIMEOUT = 120.0


def find_pdfs(root: Path) -> list[Path]:
    """Every `*.pdf` under `root` (any case), recursively, in a stable order; `root` itself if a file."""
    if root.is_file():
        return [root]
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


def _failure(path: Path, relative: str, exc: BaseException) -> Report:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return error_report(path, relative, f"{type(exc).__name__}: {exc}{where}")


def _read_child(conn: Connection, path: Path, relative: str, engine: str) -> None:
    try:
        first: FirstPass = read_and_extract(path, relative, engine)
    except BaseException as exc:  # the parent turns any failure into an error row
        first = FirstPass(_failure(path, relative, exc))
    try:
        conn.send_bytes(pickle.dumps(first, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        conn.close()


def _whole_child(conn: Connection, path: Path, relative: str, engine: str, tagger: ThemeTagger) -> None:
    try:
        first = FirstPass(tag_and_prioritise(read_and_extract(path, relative, engine), tagger))
    except BaseException as exc:
        first = FirstPass(_failure(path, relative, exc))
    try:
        conn.send_bytes(pickle.dumps(first, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        conn.close()


def _tag_child(conn: Connection, first: FirstPass, tagger: ThemeTagger, path: Path) -> None:
    try:
        report = tag_and_prioritise(first, tagger)
    except BaseException as exc:
        report = _failure(path, first.report.document.file, exc)
    try:
        conn.send_bytes(pickle.dumps(FirstPass(report), protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        conn.close()


@dataclass
class _Job:
    process: mp.process.BaseProcess
    conn: Connection
    path: Path
    relative: str
    started: float
    stage: str  # "reading" or "tagging"


def run_batch(
    root: Path,
    load_tagger: Callable[[], ThemeTagger],
    workers: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[Report], None] | None = None,
    engine: str = "pdfium",
    cache: ResultCache | None = None,
) -> list[Report]:
    """Process every PDF under `root`; one Report per file, in path order.

    `load_tagger` returns the theme pipeline; it is called once the first files are being read,
    so that building it overlaps with reading.
    """
    paths = find_pdfs(root)
    if root.is_file():  # a single PDF: its path is given relative to its own folder
        root = root.parent
    context = mp.get_context("fork")
    # largest files first, so a big report does not start last and hold up the end of the batch
    to_read = deque(sorted(paths, key=_size, reverse=True))
    to_tag: deque[tuple[Path, FirstPass]] = deque()
    running: list[_Job] = []
    reports: dict[str, Report] = {}
    ready: ThemeTagger | None = None

    def done(relative: str, report: Report, from_cache: bool = False) -> None:
        reports[relative] = report
        if cache is not None and not from_cache:
            cache.put(report)
        if on_done:
            on_done(report)

    def fork(target: Callable[..., None], args: tuple[object, ...], path: Path, relative: str,
             stage: str) -> None:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=target, args=(sender, *args), daemon=True)
        process.start()
        sender.close()
        running.append(_Job(process, receiver, path, relative, time.monotonic(), stage))

    def fill() -> None:
        while len(running) < max(1, workers):
            if ready is not None and to_tag:
                path, first = to_tag.popleft()
                fork(_tag_child, (first, ready, path), path, first.report.document.file, "tagging")
                continue
            if not to_read:
                return
            path = to_read.popleft()
            relative = path.relative_to(root).as_posix()
            cached = cache.get(_doc_id(path), relative) if cache is not None else None
            if cached is not None:
                done(relative, cached, from_cache=True)
            elif ready is not None:
                fork(_whole_child, (path, relative, engine, ready), path, relative, "reading")
            else:
                fork(_read_child, (path, relative, engine), path, relative, "reading")

    def settle(job: _Job, first: FirstPass) -> None:
        running.remove(job)
        job.conn.close()
        if first.doc is not None:
            to_tag.append((job.path, first))
        else:
            done(job.relative, first.report)

    fill()
    ready = load_tagger()
    # Objects that exist now are shared with every child: keep the collector from walking
    # (and so copying) them in each one.
    gc.freeze()
    fill()
    while running or to_tag or to_read:
        finished = wait([job.conn for job in running], timeout=0.2) if running else []
        now = time.monotonic()
        for job in list(running):
            if job.conn in finished:
                try:
                    first = pickle.loads(job.conn.recv_bytes())
                except (EOFError, OSError, pickle.UnpicklingError):
                    job.process.join(1)
                    first = FirstPass(error_report(
                        job.path, job.relative,
                        f"worker process died while {job.stage} the file "
                        f"(exit code {job.process.exitcode})"))
                job.process.join(5)
                settle(job, first)
            elif now - job.started > timeout:
                job.process.kill()
                job.process.join(5)
                settle(job, FirstPass(error_report(
                    job.path, job.relative,
                    f"timed out after {timeout:g} s while {job.stage} (per-file time limit)")))
            elif not job.process.is_alive() and not job.conn.poll():
                settle(job, FirstPass(error_report(
                    job.path, job.relative, f"worker process died (exit code {job.process.exitcode})")))
        fill()
    return [reports[p.relative_to(root).as_posix()] for p in paths]


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
