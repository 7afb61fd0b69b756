"""A whole folder run: check the output, find the files, process them, write the set, swap.

The order matters for the researcher: the output folder is checked (and locked) before any
work, each finished report goes to disk at once (so Ctrl-C keeps finished files in the cache
and the parent's memory stays flat), and the new set replaces the old one only when complete.
"""

from __future__ import annotations

import logging
import signal
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

from ..config import codebook_rows
from ..models import Report
from ..output.export import schema_json
from ..output.folder import RUN_RECORD, OutputFolder
from ..output.formats import DEFAULT_FORMATS, write_formats
from ..output.run_record import RunRecord
from ..output.stream import ReportSpool, write_json, write_tables
from .discover import find_inputs
from .duplicates import duplicate_report, split_duplicates
from .executors import LocalPool, run_serial
from .result_cache import file_sha256
from .work import Outcome, Settings, Task, WorkerState

log = logging.getLogger("report_miner")


class Terminated(Exception):
    """The run was asked to stop (SIGTERM); the CLI exits 143 after stopping the workers."""


@dataclass
class Summary:
    statuses: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    documents: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RunOptions:
    workers: int = 1
    start_method: str = "spawn"  # or "fork", "forkserver", or "serial" (in this process)
    dask: str | None = None  # a scheduler address, or "local" for a LocalCluster


def _raise_terminated(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated()


def _theme_ids(settings: Settings, seen: list[str] | None) -> list[str]:
    if seen is not None:
        return seen
    return settings.patterns().tagger().theme_ids()  # every file came from the cache or failed: build it here


def _hash_or_blank(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""


def _serve_from_cache(tasks: list[Task], settings: Settings,
                      on_outcome: Callable[[Task, Outcome], None]) -> list[Task]:
    """Answer cache hits here, so a rerun over unchanged files starts no worker; the rest remain."""
    if settings.cache_dir is None:
        return tasks
    state = WorkerState(settings)
    remaining = []
    for task in tasks:
        outcome = state.from_cache(task)
        if outcome is None:
            remaining.append(task)
        else:
            on_outcome(task, outcome)
    return remaining


@dataclass
class _Ahead:
    """The parts of the output that need no result (the schema, the codebook's rows), made while
    the parent waits for its last workers rather than after them."""

    settings: Settings
    codebook: list[dict[str, str]] | None = None

    def make(self) -> None:
        try:
            schema_json()  # cached in its module
            self.codebook_rows()
        except Exception:  # made again at the end, where a problem ends the run as it should
            log.debug("could not prepare the output ahead", exc_info=True)

    def codebook_rows(self) -> list[dict[str, str]]:
        if self.codebook is None:
            codebook, _ = self.settings.patterns().codebook
            self.codebook = codebook_rows(codebook)
        return self.codebook


def _execute(tasks: list[Task], settings: Settings, options: RunOptions,
             on_outcome: Callable[[Task, Outcome], None], ahead: _Ahead) -> None:
    tasks = _serve_from_cache(tasks, settings, on_outcome)
    if not tasks:
        return
    if options.dask:
        from .dask_executor import run_on_dask

        run_on_dask(options.dask, tasks, settings, options.workers, on_outcome)
    elif options.start_method == "serial":
        run_serial(tasks, settings, on_outcome)
    else:
        LocalPool(settings, options.workers, options.start_method).run(tasks, on_outcome, ahead.make)


def extract_to_folder(pdf_dir: Path, out_dir: Path, settings: Settings, options: RunOptions,
                      overwrite: bool = False, on_report: Callable[[Report], None] | None = None,
                      formats: Sequence[str] = DEFAULT_FORMATS,
                      on_file: Callable[[str], None] | None = None) -> Summary:
    """Run every PDF under `pdf_dir` and write the output set to `out_dir` (all or nothing).

    `on_file` hears the path of each file as it finishes; `on_report` gets its Report, which a
    cached file then has to parse (a progress bar needs only the path).

    Raises OutputFolderError before any work when `out_dir` cannot be used.
    """
    folder = OutputFolder(out_dir, overwrite)
    staging = folder.open()
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        summary = _run_into(staging, pdf_dir, settings, options, formats, on_report, on_file)
        folder.commit()
        return summary
    except BaseException:
        folder.abort()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_into(staging: Path, pdf_dir: Path, settings: Settings, options: RunOptions, formats: Sequence[str],
              on_report: Callable[[Report], None] | None, on_file: Callable[[str], None] | None) -> Summary:
    record_options: dict[str, Any] = {**asdict(settings), **asdict(options), "formats": list(formats)}
    record_options = {k: (str(v) if isinstance(v, Path) else v) for k, v in record_options.items()}
    record = RunRecord(record_options, settings.patterns())
    tasks = [Task(f.path, f.relative, f.size, f.problem) for f in find_inputs(pdf_dir)]
    spool = ReportSpool(staging)
    summary = Summary()
    theme_ids: list[str] | None = None

    def on_outcome(task: Task, outcome: Outcome) -> None:
        nonlocal theme_ids
        if not outcome.sha256 and not task.problem:
            outcome.sha256 = _hash_or_blank(task.path)  # the worker died before hashing it
            report = outcome.full_report()
            report.document.doc_id = report.document.doc_id or outcome.sha256[:12]
        rows = outcome.rows()
        spool.add(rows, outcome.hit.rendered_json if outcome.hit is not None else b"")
        record.add_input(task.relative, task.size, outcome.sha256, rows.status)
        summary.statuses[rows.status] += 1
        summary.pages += rows.pages or 0
        summary.documents += 1
        for note in outcome.notes:
            log.warning("%s: %s", task.relative, note)
        summary.notes += outcome.notes
        theme_ids = theme_ids or outcome.theme_ids
        if on_file is not None:
            on_file(rows.file)
        if on_report is not None:
            on_report(outcome.full_report())

    try:
        hashed = [replace(t, sha256="" if t.problem else _hash_or_blank(t.path)) for t in tasks]
        tasks, copies = split_duplicates(hashed, lambda t: t.relative, lambda t: t.sha256)
        for task, sha256, first in copies:
            on_outcome(task, Outcome(duplicate_report(task.relative, sha256[:12], first), [], sha256))
        ahead = _Ahead(settings)
        _execute(tasks, settings, options, on_outcome, ahead)
        ids = _theme_ids(settings, theme_ids)
        write_tables(staging, spool, ids, settings.patterns().dictionary.rows())
    finally:
        spool.close()
    run = record.as_json()
    write_json(staging / RUN_RECORD, run)
    write_formats(staging, formats, ids, ahead.codebook_rows(), run)
    return summary
