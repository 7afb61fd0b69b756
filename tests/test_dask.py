"""A batch on a Dask LocalCluster writes the same bytes as a local run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, run_cli

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_output_is_byte_identical(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("london-scb-highlights-2010-11.pdf", "redbridge-newsletter-summer-2018.pdf"):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    run_cli("extract", folder, "-o", tmp_path / "local", "--workers", "2")
    run_cli("extract", folder, "-o", tmp_path / "dask", "--workers", "2", "--dask", "local")
    local = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert local == sorted(p.name for p in (tmp_path / "dask").iterdir())
    for name in local:
        if name != "run.json":
            assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
