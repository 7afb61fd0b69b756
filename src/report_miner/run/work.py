"""The work for one file, the same in a local worker process and on a Dask worker.

Everything that can fail on one file happens here, so a failure is that file's error row:
hashing, the cache lookup, reading, extracting and tagging, and storing the result. The
heavy state (vocabularies, compiled patterns, the spaCy pipeline) is one Patterns object built
once per worker from the patterns folder that Settings names, lazily, so a worker that only serves
cached files never loads spaCy.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import DocumentRecord, Report
from ..output.rendered import RenderedReport, render_report
from .limits import DEFAULT_MAX_MEMORY, LimitExceeded, format_size, limit_memory
from .result_cache import CacheHit, VerifiedCache, file_sha256

if TYPE_CHECKING:
    from ..config.patterns import Patterns
    from ..themes.tagger import ThemeTagger

DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class Settings:
    """What every worker needs to process a file; small and picklable (the patterns travel as their
    folder: a worker loads them once, a forked one finds them loaded by its parent)."""

    patterns_dir: Path | None = None
    engine: str = "pdfium"
    cache_dir: Path | None = None
    cache_key: str = ""
    max_memory: int = DEFAULT_MAX_MEMORY
    timeout: float = DEFAULT_TIMEOUT
    limit_memory: bool = True  # off on Dask, whose workers have a memory limit of their own

    def patterns(self) -> Patterns:
        """This process's loaded patterns for the folder (shared with the warm pipeline)."""
        from ..config.patterns import patterns_for

        return patterns_for(self.patterns_dir)


@dataclass(frozen=True)
class Task:
    path: Path
    relative: str
    size: int = 0
    problem: str = ""  # set by discovery: this entry cannot be read
    sha256: str = ""  # when already hashed (de-duplication hashes every file): the cache lookup reuses it


@dataclass
class Outcome:
    """A worker's answer: the file's Report (records only), its rendered rows, notes for the log.

    A cache hit carries the rendered rows only; `full_report()` parses its Report when asked."""

    report: Report | None
    notes: list[str] = field(default_factory=list)
    sha256: str = ""
    theme_ids: list[str] | None = None  # the codebook's themes, from a worker that built it
    rendered: RenderedReport | None = None
    hit: CacheHit | None = None

    @classmethod
    def cached(cls, hit: CacheHit, notes: list[str], sha256: str) -> Outcome:
        return cls(None, notes, sha256, hit.theme_ids, hit.rendered, hit)

    def full_report(self) -> Report:
        if self.report is None:
            assert self.hit is not None, "an Outcome holds a Report or a cache hit"
            self.report = self.hit.rendered.report()
        return self.report

    def rows(self) -> RenderedReport:
        """The report's rows, rendered here unless the worker or the cache did it already."""
        if self.rendered is None:
            self.rendered = render_report(self.full_report())
        return self.rendered


@contextmanager
def _collector_off(before_on: Callable[[], object]) -> Iterator[None]:
    """The cyclic collector off inside, `before_on` run at the end, then the collector as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        before_on()
        if enabled:
            gc.enable()


def collector_paused() -> AbstractContextManager[None]:
    """The cyclic collector off while the pipeline builds: it makes long-lived objects by the hundred
    thousand and drops almost none, so collections would rescan them for nothing. They are frozen
    (never scanned again) before the collector comes back, or its first pass would scan them all;
    frozen, they are also never touched (and so copied) by the collectors of forked workers."""
    return _collector_off(gc.freeze)


def collector_per_file() -> AbstractContextManager[None]:
    """The cyclic collector off while one file is processed, then one pass over what the file made.

    A file makes words, lines, tokens and records by the hundred thousand, nearly all freed by their
    reference counts; measured on the sample corpus, about five hundred objects a hundred pages end
    in reference cycles. The automatic collector would rescan the live ones dozens of times, a
    tenth of a file's time. One pass over the youngest generation, which holds everything made
    since, frees those cycles; the per-file memory limit stays the bound while the file runs."""
    return _collector_off(lambda: gc.collect(0))


def error_report(relative: str, reason: str, doc_id: str = "") -> Report:
    reason = " ".join(reason.split())[:300]
    return Report(document=DocumentRecord(doc_id=doc_id, file=relative, status="error", error=reason))


def timed_out(relative: str, timeout: float) -> Outcome:
    """The row of a file stopped at its time budget (the same wherever it ran)."""
    return Outcome(error_report(relative, f"timed out after {timeout:g} s (per-file time limit, --timeout)"))


def describe_failure(exc: BaseException, settings: Settings) -> str:
    if isinstance(exc, MemoryError):
        return (f"over the memory limit of {format_size(settings.max_memory)} per file "
                "(--max-memory)")
    if isinstance(exc, LimitExceeded):
        return f"over a reading limit: {exc}"
    if isinstance(exc, RecursionError):
        return "structure nested too deeply to read (recursion limit)"
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"


class WorkerState:
    """A worker's warmed pipeline for one Settings; built on the first file that needs it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tagger: ThemeTagger | None = None
        self._patterns: Patterns | None = None
        self.on_warm: Callable[[], None] | None = None  # told when warming ends: the file's clock starts
        self._limited_in = 0  # the process whose memory limit is set
        self.cache = (VerifiedCache(settings.cache_dir, settings.cache_key)
                      if settings.cache_dir is not None else None)

    def tagger(self) -> ThemeTagger:
        tagger = self.warm()
        if self.settings.limit_memory and self._limited_in != os.getpid():
            # set once warm: the headroom is for the file, not for spaCy's own footprint
            limit_memory(self.settings.max_memory)
            self._limited_in = os.getpid()
        return tagger

    def warm(self) -> ThemeTagger:
        """Build the pipeline (no memory limit: a parent warms before forking its workers)."""
        if self._tagger is None:
            with collector_paused():
                from .pipeline import warm_up

                patterns = self.settings.patterns()
                warm_up(patterns)
                self._tagger = patterns.tagger()
                self._patterns = patterns
            if self.on_warm is not None:
                self.on_warm()
        return self._tagger

    def process(self, task: Task) -> Outcome:
        """The Report for one file; never raises for a problem with the file."""
        with collector_per_file():
            outcome = self._process(task)
        if self._tagger is not None and outcome.theme_ids is None:
            outcome.theme_ids = self._tagger.theme_ids()
        return outcome

    def from_cache(self, task: Task) -> Outcome | None:
        """The file's cached Outcome, or None (a miss, or any problem: the worker tries again)."""
        if self.cache is None or task.problem:
            return None
        try:
            sha256 = task.sha256 or file_sha256(task.path)
        except OSError:
            return None
        hit, _why = self.cache.lookup(sha256, task.relative)
        return Outcome.cached(hit, [], sha256) if hit is not None else None

    def _process(self, task: Task) -> Outcome:
        if task.problem:
            return Outcome(error_report(task.relative, task.problem))
        notes: list[str] = []
        sha256 = ""
        try:
            sha256 = file_sha256(task.path)
            if self.cache is not None:
                hit, why = self.cache.lookup(sha256, task.relative)
                notes += [why] if why else []
                if hit is not None:
                    return Outcome.cached(hit, notes, sha256)
            report = self._extract(task)
            rendered = render_report(report)  # here, in parallel with the other workers
        except BaseException as exc:  # any failure is this file's error row
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            return Outcome(error_report(task.relative, describe_failure(exc, self.settings), sha256[:12]),
                           notes, sha256)
        if self.cache is not None:
            theme_ids = self._tagger.theme_ids() if self._tagger else None
            warning = self.cache.put(sha256, report, rendered, theme_ids)
            notes += [warning] if warning else []
        return Outcome(report, notes, sha256, rendered=rendered)

    def _extract(self, task: Task) -> Report:
        from .pipeline import process_pdf

        self.tagger()  # warm, and under the memory limit from here on
        assert self._patterns is not None
        return process_pdf(task.path, task.relative, self._patterns, self.settings.engine)


_STATES: dict[Settings, WorkerState] = {}


def state_for(settings: Settings) -> WorkerState:
    """This process's warm state for `settings`, created on first use."""
    state = _STATES.get(settings)
    if state is None:
        state = _STATES[settings] = WorkerState(settings)
    return state


def is_warm(settings: Settings) -> bool:
    """Whether this process has built the pipeline for `settings` (a file's clock then runs)."""
    state = _STATES.get(settings)
    return state is not None and state._tagger is not None


def process_task(task: Task, settings: Settings, on_warm: Callable[[], None] | None = None) -> Outcome:
    """Process one file with this process's warm state for `settings` (built on first use)."""
    state = state_for(settings)
    state.on_warm = on_warm
    return state.process(task)
