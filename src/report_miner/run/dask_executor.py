"""The same batch on a Dask cluster (`pip install 'report-miner[dask]'`).

Each file is one task. A Dask worker builds its warm state once per patterns settings (see
work.process_task) and sends back the file's records, which the parent writes exactly as a
local run does, so the output is byte-identical. The files must be readable at the same path on
every worker (a shared drive). Dask's own worker memory limit (and its restart of a worker over
it) applies instead of --max-memory, and --timeout is not enforced on a cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .work import Outcome, Settings, Task, error_report, process_task


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


def run_on_dask(address: str, tasks: list[Task], settings: Settings, workers: int,
                on_outcome: Callable[[Task, Outcome], None]) -> None:
    from dask.distributed import as_completed

    remote = Settings(**{**settings.__dict__, "limit_memory": False})
    client, cluster = _client(address, workers)
    try:
        pending: dict[Any, Task] = {}
        for order, task in enumerate(sorted(tasks, key=lambda t: t.size, reverse=True)):
            future = client.submit(process_task, task, remote, pure=False, priority=-order,
                                   key=f"report-miner-{order}")
            pending[future] = task
        for future in as_completed(list(pending), timeout=None):
            task = pending.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # a worker lost or a task failed outside process_task
                reason = f"Dask task failed: {type(exc).__name__}: {exc}"
                outcome = Outcome(error_report(task.relative, reason))
            on_outcome(task, outcome)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
