"""A batch on a Dask LocalCluster writes the same bytes as a local run."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import CORPUS, read_rows, run_cli
from pdf_factory import many_pages_pdf

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


def test_dask_honours_the_per_file_time_limit(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "endless.pdf").write_bytes(many_pages_pdf(3000))
    for name in ("london-scb-highlights-2010-11.pdf", "redbridge-newsletter-summer-2018.pdf"):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    started = time.monotonic()
    run_cli("extract", folder, "-o", tmp_path / "out", "--workers", "2", "--dask", "local",
            "--timeout", "1.5")
    seconds = time.monotonic() - started
    rows = {r["file"]: r for r in read_rows(tmp_path / "out" / "documents.csv")}
    assert sorted(rows) == sorted(p.name for p in folder.iterdir())
    assert rows["endless.pdf"]["status"] == "error"
    assert "timed out after 1.5 s (per-file time limit, --timeout)" in rows["endless.pdf"]["error"]
    assert rows["broken.pdf"]["status"] == "error" and "timed out" not in rows["broken.pdf"]["error"]
    for name in ("london-scb-highlights-2010-11.pdf", "redbridge-newsletter-summer-2018.pdf"):
        assert rows[name]["status"] == "ok" and int(rows[name]["pages"]) > 0
    assert seconds < 90  # no hang: the worker reading the slow file was restarted
