"""What a batch spends besides reading: the cyclic collector, the work done while workers finish, the
run record's platform. Each saves time on every run, so each is held here to what it promises."""

from __future__ import annotations

import gc
import os
import platform
import sys
from typing import Any

import pytest
from conftest import CORPUS

from report_miner.output.run_record import platform_name
from report_miner.run.executors import LocalPool
from report_miner.run.work import Outcome, Settings, Task, WorkerState


def _task(name: str) -> Task:
    path = CORPUS / name
    return Task(path, name, path.stat().st_size)


def test_a_file_runs_with_the_collector_paused_and_one_young_pass_after_it() -> None:
    """No automatic collection while a file is processed; one pass over the youngest generation
    at its end frees the file's reference cycles; the collector is on again afterwards."""
    state = WorkerState(Settings(limit_memory=False))
    state.warm()
    collections: list[int] = []

    def heard(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collections.append(int(info["generation"]))

    gc.callbacks.append(heard)
    try:
        outcome = state.process(_task("redbridge-newsletter-summer-2018.pdf"))
    finally:
        gc.callbacks.remove(heard)
    assert outcome.rows().status == "ok" and outcome.rows().pages == 10
    assert collections == [0]
    assert gc.isenabled()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks its warm workers on Linux")
def test_work_that_needs_no_result_runs_once_after_every_file_is_handed_out() -> None:
    names = sorted(p.name for p in CORPUS.glob("*.pdf"))
    pool = LocalPool(Settings(limit_memory=False), 2, "fork")
    outcomes: list[Outcome] = []
    seen: list[tuple[int, int]] = []

    def idle() -> None:
        in_flight = sum(1 for worker in pool.workers if worker.task is not None)
        seen.append((len(outcomes), in_flight))
        assert pool.early is None, "the parent still had the early file to tag"

    pool.run([_task(n) for n in names], lambda _task, outcome: outcomes.append(outcome), idle)
    assert len(outcomes) == len(names) and all(o.rows().status == "ok" for o in outcomes)
    assert len(seen) <= 1
    for done, in_flight in seen:
        assert in_flight >= 1 and done + in_flight == len(names)  # every file handed out, some unfinished


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is Linux's")
def test_run_record_names_the_platform_as_python_does_without_a_subprocess(
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected = platform.platform()

    def no_process(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a subprocess was started")

    monkeypatch.setattr(os, "fork", no_process)
    monkeypatch.setattr(os, "posix_spawn", no_process, raising=False)
    import subprocess

    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert platform_name() == expected
