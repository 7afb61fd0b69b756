"""The same batch on a Dask cluster (`pip install 'report-miner[dask]'`).

Each file is one task. A Dask worker builds its warm state once per patterns settings (see
work.process_task) and sends back the file's records, which the parent writes exactly as a
local run does, so the output is byte-identical. The files must be readable at the same path on
every worker (a shared drive). Dask's own worker memory limit (and its restart of a worker over
it) applies instead of --max-memory.

--timeout holds as in a local run: the parent asks the workers twice a second which file each is
running and whether its pipeline is built, and times a file from the moment its worker is warm
(a cold worker gets the warm-up allowance on top). A file over the budget is cancelled, its worker
restarted by its nanny (so it stops reading), and the file becomes an error row; the batch goes on.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .work import Outcome, Settings, Task, error_report, is_warm, process_task, timed_out

POLL = 0.5  # seconds between asking the workers what they are running
WARM_UP_LIMIT = 120.0  # as in executors.py: building the pipeline, on top of a cold worker's first file


def _client(address: str, workers: int) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError("--dask needs the optional extra: pip install 'report-miner[dask]'") from exc
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(address), None


def running_on(dask_worker: Any, settings: Settings) -> dict[str, Any]:
    """Run on a worker (by Client.run): the task keys it is executing, and whether it is warm."""
    with dask_worker.active_threads_lock:
        keys = [str(key) for key in dask_worker.active_threads.values()]
    return {"warm": is_warm(settings), "keys": keys}


@dataclass
class _Clock:
    """When the parent first saw each task running (cold, and once its worker was warm)."""

    timeout: float
    cold: dict[str, float] = field(default_factory=dict)
    warm: dict[str, float] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)

    def observe(self, report: dict[str, dict[str, Any]], now: float) -> None:
        for address, seen in report.items():
            if not isinstance(seen, dict):  # the worker did not answer (Client.run on_error="return")
                continue
            for key in seen["keys"]:
                self.where[key] = address
                self.cold.setdefault(key, now)
                if seen["warm"]:
                    self.warm.setdefault(key, now)

    def forget(self, address: str) -> None:
        """A restarted worker's other tasks run again elsewhere: time them afresh."""
        for key in [k for k, where in self.where.items() if where == address]:
            for seen in (self.cold, self.warm, self.where):
                seen.pop(key, None)

    def over(self, keys: list[str], now: float) -> list[str]:
        """The keys of `keys` past their budget."""
        late = []
        for key in keys:
            if key in self.warm:
                late += [key] if now - self.warm[key] > self.timeout else []
            elif key in self.cold and now - self.cold[key] > self.timeout + WARM_UP_LIMIT:
                late.append(key)
        return late


def _timed_out(client: Any, future: Any, task: Task, clock: _Clock) -> Outcome:
    """Stop a file over the budget: cancel it and restart the worker that is still reading it."""
    future.cancel()
    address = clock.where.get(str(future.key))
    if address is not None:
        with contextlib.suppress(Exception):  # no nanny, or a worker gone: the row is what counts
            client.restart_workers([address], raise_for_error=False)
        clock.forget(address)
    return timed_out(task.relative, clock.timeout)


def _finished(future: Any, task: Task) -> Outcome:
    try:
        outcome: Outcome = future.result()
    except Exception as exc:  # a worker lost or a task failed outside process_task
        reason = f"Dask task failed: {type(exc).__name__}: {exc}"
        outcome = Outcome(error_report(task.relative, reason))
    return outcome


def _ask_workers(client: Any, remote: Settings) -> dict[str, Any]:
    try:
        answers: dict[str, Any] = client.run(running_on, settings=remote, on_error="return")
    except Exception:  # a worker leaving mid-call: ask again at the next poll
        return {}
    return answers


def _collect(client: Any, pending: dict[Any, Task], remote: Settings,
             on_outcome: Callable[[Task, Outcome], None]) -> None:
    from dask.distributed import wait

    clock = _Clock(remote.timeout)
    while pending:
        with contextlib.suppress(TimeoutError):
            wait(list(pending), timeout=POLL, return_when="FIRST_COMPLETED")
        for future in [f for f in pending if f.done()]:
            task = pending.pop(future)
            on_outcome(task, _finished(future, task))
        if not pending:
            return
        now = time.monotonic()
        clock.observe(_ask_workers(client, remote), now)
        by_key = {str(f.key): f for f in pending}
        for key in clock.over(list(by_key), now):
            future = by_key[key]
            task = pending.pop(future)
            on_outcome(task, _timed_out(client, future, task, clock))


def run_on_dask(address: str, tasks: list[Task], settings: Settings, workers: int,
                on_outcome: Callable[[Task, Outcome], None]) -> None:
    remote = Settings(**{**settings.__dict__, "limit_memory": False})
    client, cluster = _client(address, workers)
    try:
        pending: dict[Any, Task] = {}
        run = uuid.uuid4().hex[:12]  # keys of their own: two runs on one cluster never share a task
        for order, task in enumerate(sorted(tasks, key=lambda t: t.size, reverse=True)):
            future = client.submit(process_task, task, remote, pure=False, priority=-order,
                                   key=f"report-miner-{run}-{order}")
            pending[future] = task
        _collect(client, pending, remote, on_outcome)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
