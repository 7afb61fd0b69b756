"""The largest file read while the parent builds the pipeline (fork start only).

Building the spaCy pipeline takes most of a second, in the parent, before the first worker can be
forked from it: one core works while the others wait. So a process forked before that, without
the pipeline, reads the largest file and extracts everything that needs no spaCy (metadata,
statistics, training, budget) in the meantime. The parent, warm by then, tags the themes and
priorities of that file itself while its workers take the other files.

Nothing depends on it: if the early read fails in any way, the file goes back to the queue and a
worker reads it as usual. It keeps the file's time budget and memory limit, and a document longer
than MAX_EARLY_PAGES goes to a worker instead, so the parent never holds a large one.
"""

from __future__ import annotations

import pickle
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .limits import limit_memory
from .result_cache import file_sha256
from .work import (
    Outcome,
    Settings,
    Task,
    collector_per_file,
    describe_failure,
    error_report,
    state_for,
    timed_out,
)

# the parent holds the document it tags, outside the workers' memory limit: only a report of
# ordinary length is read ahead (a long one goes to a worker as usual)
MAX_EARLY_PAGES = 300


def _pages(task: Task) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(task.path))
    try:
        return len(document)
    finally:
        document.close()


def _early_main(conn: Connection, task: Task, settings: Settings, parent: int) -> None:
    from .executors import die_with_parent
    from .pipeline import read_and_extract

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    try:
        if settings.limit_memory:
            limit_memory(settings.max_memory)
        if _pages(task) > MAX_EARLY_PAGES:
            raise ValueError("too long to hand over")  # the parent holds what is handed to it
        sha256 = file_sha256(task.path)
        with collector_per_file():
            first = read_and_extract(task.path, task.relative, settings.patterns(), settings.engine)
        data = pickle.dumps(("read", sha256, first), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # any failure: the file goes back to the queue for a worker
        data = pickle.dumps(("failed",))
    conn.send_bytes(data)
    conn.close()


@dataclass
class EarlyRead:
    """One file read ahead by a cold process; finished in the parent once it is warm."""

    task: Task
    process: Any
    conn: Connection
    settings: Settings
    started: float

    @classmethod
    def start(cls, context: Any, task: Task, settings: Settings, parent: int) -> EarlyRead:
        parent_end, child_end = context.Pipe(duplex=False)
        process = context.Process(target=_early_main, args=(child_end, task, settings, parent), daemon=True,
                                  name="report-miner-early-read")
        process.start()
        child_end.close()
        return cls(task, process, parent_end, settings, time.monotonic())

    def waitables(self) -> list[Any]:
        return [self.conn, self.process.sentinel]

    def overdue(self, now: float) -> bool:
        return now - self.started > self.settings.timeout

    def timed_out(self) -> Outcome:
        self.stop()
        return timed_out(self.task.relative, self.settings.timeout)

    def finish(self) -> Outcome | None:
        """The file's Outcome, tagged here in the warm parent; None when a worker must read it again."""
        try:
            received = self.conn.recv_bytes() if self.conn.poll() else pickle.dumps(("failed",))
            payload: tuple[Any, ...] = pickle.loads(received)
        except (EOFError, OSError, pickle.UnpicklingError):
            payload = ("failed",)
        self.stop()
        if payload[0] != "read" or len(payload) != 3:
            return None
        sha256, first = payload[1], payload[2]
        tagger = state_for(self.settings).warm()
        try:
            from .pipeline import tag_and_prioritise

            with collector_per_file():
                report = tag_and_prioritise(first, tagger)
        except Exception as exc:  # the file's error row, as a worker would give it
            reason = describe_failure(exc, self.settings)
            return Outcome(error_report(self.task.relative, reason, sha256[:12]), [], sha256)
        return Outcome(report, [], sha256, tagger.theme_ids())

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()
