"""Fuzzing the real command line with damaged copies of the sample PDFs.

Each sample is damaged in several ways (bytes flipped at seeded random offsets, cut short at
several points, a stream's body repeated, the cross-reference table and `startxref` scrambled, a
run of bytes cut out), and one batch reads the lot. Whatever the damage, the run ends with exit
0 and one documents.csv row per file, each with a status and, unless ok, a reason, within the
memory limit and the time budget. The seed is fixed so failures reproduce; set
REPORT_MINER_FUZZ_SEED to explore others.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CORPUS, read_rows, run_cli_measured
from hostile_factory import mutants

SEED = int(os.environ.get("REPORT_MINER_FUZZ_SEED", "20261203"))
LIMIT_MIB = 600
TIMEOUT = 30
WARM_PIPELINE_MIB = 700  # a worker's own footprint (spaCy and the patterns), on top of the limit


@pytest.fixture(scope="module")
def mutant_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mutants")
    for rank, sample in enumerate(sorted(CORPUS.glob("*.pdf"))):
        for kind, data in mutants(sample.read_bytes(), SEED + rank).items():
            (folder / f"{sample.stem}.{kind}.pdf").write_bytes(data)
    return folder


def test_every_mutant_ends_as_a_row_within_the_limits(mutant_folder: Path, tmp_path: Path) -> None:
    inputs = sorted(p.name for p in mutant_folder.iterdir())
    assert len(inputs) >= 40
    result, seconds, peak_kib = run_cli_measured(
        "extract", mutant_folder, "-o", tmp_path / "out", "--workers", "2",
        "--max-memory", f"{LIMIT_MIB}M", "--timeout", str(TIMEOUT))
    rows = read_rows(tmp_path / "out" / "documents.csv")
    context = f"seed {SEED}"
    assert sorted(r["file"] for r in rows) == inputs, context
    for row in rows:
        assert row["status"] in {"ok", "error", "no_text"}, (context, row)
        if row["status"] == "ok":
            assert int(row["pages"]) > 0 and len(row["doc_id"]) == 12, (context, row)
        else:
            assert row["error"] and "\n" not in row["error"], (context, row)
    statuses = {r["status"] for r in rows}
    assert "error" in statuses and "ok" in statuses, context  # the damage is real, and survivable
    assert f"{len(inputs)} documents:" in result.stderr
    assert peak_kib < (LIMIT_MIB + WARM_PIPELINE_MIB) * 1024, (context, peak_kib)
    # every file within its budget: at worst each of the two workers' files in turn hits the limit
    assert seconds < TIMEOUT * len(inputs) / 2 + 60, context
