"""Run a batch's files on a pool of long-lived worker processes, largest first.

Each worker is started once (spawn by default, so it runs wherever Python does; fork is an
option where it exists), warms its pipeline on the first file that needs it, and then takes one
file at a time. The parent sends a file, waits for that file's records, and streams them on.
A worker that passes the per-file time budget is killed and replaced, and one that dies (a
crash in the PDF library, the memory limit) is replaced too; either way the file is an error
row and the batch goes on. Workers die with their parent: they ask the kernel for SIGKILL when
the parent goes (Linux), and watch the parent's pid elsewhere.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .early import EarlyRead
from .limits import format_size
from .work import Outcome, Settings, Task, error_report, process_task, state_for, timed_out

START_METHODS = ("spawn", "forkserver", "fork")


def default_start_method() -> str:
    """fork where the platform offers it safely (Linux): the warm pipeline is built once and shared,
    which saves every worker its own start-up (about 2.5 s on the sample corpus); spawn elsewhere."""
    return "fork" if sys.platform.startswith("linux") else "spawn"
PR_SET_PDEATHSIG = 1
WARM = b"warm"  # sent when a worker has built its pipeline and starts on the file itself
WARM_UP_LIMIT = 120.0  # building the pipeline once, on top of the first file's budget


class WarmUpHang(Exception):
    """Building the pipeline from the patterns did not finish: no file can be processed."""


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def die_with_parent(parent: int) -> None:
    """Make sure this worker does not outlive the batch that started it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent went before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker_main(conn: Connection, settings: Settings, parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent decides, and stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = process_task(task, settings, on_warm=lambda: conn.send_bytes(WARM))
        conn.send_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        if outcome.rows().error.startswith("over the memory limit"):
            return  # after a MemoryError the process may be unsound: start afresh


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0
    warm: bool = False  # the pipeline is built; until then the clock allows for building it


class LocalPool:
    """A pool of worker processes on this machine."""

    def __init__(self, settings: Settings, workers: int, start_method: str = "spawn") -> None:
        self.settings = settings
        self.size = max(1, workers)
        self.context: Any = mp.get_context(start_method)  # the typed contexts share no base with Process
        self.workers: list[_Worker] = []
        self.prewarmed = False
        self.early: EarlyRead | None = None  # the largest file, read while this process warms

    def _prewarm(self, tasks: list[Task]) -> None:
        """With fork, build the pipeline once here: every worker then starts warm, sharing it."""
        if self.context.get_start_method() != "fork" or self.prewarmed or not tasks:
            return
        state_for(self.settings).warm()  # frozen as it ends (work.collector_paused): shared, never copied
        self.prewarmed = True

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(child_end, self.settings, os.getpid()),
                                       daemon=True, name="report-miner-worker")
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end, warm=self.prewarmed)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.workers.remove(worker)

    def _died(self, worker: _Worker) -> Outcome:
        assert worker.task is not None
        worker.process.join(1)
        code = worker.process.exitcode
        reason = (f"worker process died while reading the file (exit code {code}); "
                  f"the file may need more than the memory limit of "
                  f"{format_size(self.settings.max_memory)} (--max-memory)")
        return Outcome(error_report(worker.task.relative, reason))

    def _receive(self, worker: _Worker) -> Outcome | None:
        try:
            data = worker.conn.recv_bytes()
            if data == WARM:
                worker.started, worker.warm = time.monotonic(), True
                return None
            outcome: Outcome = pickle.loads(data)
        except (EOFError, OSError, pickle.UnpicklingError):
            outcome = self._died(worker)
            self._retire(worker)
            return outcome
        if outcome.rows().error.startswith("over the memory limit"):
            self._retire(worker)  # it exits after a MemoryError; start a fresh one for the next file
        return outcome

    def _timed_out(self, worker: _Worker) -> Outcome:
        assert worker.task is not None
        self._retire(worker)
        return timed_out(worker.task.relative, self.settings.timeout)

    def run(self, tasks: Iterable[Task], on_outcome: Callable[[Task, Outcome], None],
            when_idle: Callable[[], None] | None = None) -> None:
        """Process every task, calling `on_outcome` in the parent as each file finishes, and
        `when_idle` once, when every file is handed out and the parent only waits for its workers
        (work for the end of the run that needs no result: the run's last seconds are serial)."""
        queue = deque(sorted(tasks, key=lambda t: t.size, reverse=True))
        try:
            self._read_ahead(queue)
            self._prewarm([t for t in queue if not t.problem] + ([self.early.task] if self.early else []))
            self._loop(queue, on_outcome, when_idle)
        finally:
            self.shutdown()

    def _read_ahead(self, queue: deque[Task]) -> None:
        """With fork, let a cold process read the largest file while the parent warms (run/early.py)."""
        if self.context.get_start_method() != "fork" or self.prewarmed or self.settings.cache_dir is not None:
            return
        first = next((t for t in queue if not t.problem), None)
        if first is not None:
            queue.remove(first)
            self.early = EarlyRead.start(self.context, first, self.settings, os.getpid())

    def _early_done(self, ready: list[Any], now: float, queue: deque[Task],
                    on_outcome: Callable[[Task, Outcome], None]) -> None:
        early = self.early
        if early is None:
            return
        if any(w in ready for w in early.waitables()):
            self.early = None
            outcome = early.finish()
            if outcome is None:
                queue.appendleft(early.task)  # read it again, in a worker
            else:
                on_outcome(early.task, outcome)
        elif early.overdue(now):
            self.early = None
            on_outcome(early.task, early.timed_out())

    def _dispatch(self, queue: deque[Task], on_outcome: Callable[[Task, Outcome], None]) -> None:
        while queue:
            idle = [w for w in self.workers if w.task is None]
            if not idle and len(self.workers) >= self.size:
                return
            task = queue.popleft()
            if task.problem:  # nothing to read: no worker needed
                on_outcome(task, Outcome(error_report(task.relative, task.problem)))
                continue
            worker = idle[0] if idle else self._start()
            worker.task, worker.started = task, time.monotonic()
            try:
                worker.conn.send(task)
            except OSError:
                on_outcome(task, self._died(worker))
                self._retire(worker)

    def _busy(self) -> int:
        return sum(1 for w in self.workers if w.task is not None)

    def _loop(self, queue: deque[Task], on_outcome: Callable[[Task, Outcome], None],
              when_idle: Callable[[], None] | None = None) -> None:
        self._dispatch(queue, on_outcome)
        while self._busy() or self.early is not None:
            if when_idle is not None and not queue and self.early is None:
                when_idle()
                when_idle = None
            busy = [w for w in self.workers if w.task is not None]
            early = self.early.waitables() if self.early is not None else []
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy] + early, timeout=0.5)
            now = time.monotonic()
            self._early_done(ready, now, queue, on_outcome)
            for worker in busy:
                task = worker.task
                assert task is not None
                outcome = self._check(worker, ready, now)
                if outcome is None:
                    continue
                worker.task = None
                on_outcome(task, outcome)
            self._dispatch(queue, on_outcome)

    def _check(self, worker: _Worker, ready: list[Any], now: float) -> Outcome | None:
        """The outcome of a busy worker's file, once it has one (a result, a death or a time-out)."""
        if worker.conn in ready or worker.process.sentinel in ready:
            outcome = self._receive(worker) if worker.conn.poll() else self._died(worker)
            if outcome is not None and worker in self.workers and not worker.process.is_alive():
                self._retire(worker)
            return outcome
        if now - worker.started <= self.settings.timeout + (0 if worker.warm else WARM_UP_LIMIT):
            return None
        if not worker.warm:
            raise WarmUpHang(
                f"building the pipeline from the patterns took over {WARM_UP_LIMIT:g} s "
                "(a regular expression with catastrophic backtracking?)")
        return self._timed_out(worker)

    def shutdown(self) -> None:
        """Stop every worker now (also on Ctrl-C or SIGTERM in the parent)."""
        if self.early is not None:
            self.early.stop()
            self.early = None
        for worker in list(self.workers):
            if worker.task is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        deadline = time.monotonic() + 2.0
        for worker in list(self.workers):
            if worker.task is not None:
                worker.process.kill()
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()
        self.workers.clear()


def run_serial(tasks: Iterable[Task], settings: Settings,
               on_outcome: Callable[[Task, Outcome], None]) -> None:
    """Every file in this process, one after another (no isolation; for debugging and notebooks)."""
    for task in sorted(tasks, key=lambda t: t.size, reverse=True):
        on_outcome(task, process_task(task, settings))
