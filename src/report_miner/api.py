"""The Python entry points: what the command line does, for notebooks and scripts.

    import report_miner
    reports = report_miner.extract_folder("corpus")
    frames = report_miner.to_frames(reports)
    frames["statistics"].query("metric == 'cp_plans'")
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import PatternError, check_folder
from .config.patterns import Patterns, patterns_for
from .models import Report
from .output.export import dataframes
from .run.batch_run import RunOptions, extract_to_folder
from .run.cache import fingerprint
from .run.executors import default_start_method, default_workers
from .run.pipeline import process_pdf
from .run.work import DEFAULT_TIMEOUT, Settings

if TYPE_CHECKING:
    import pandas as pd

    from .themes.tagger import ThemeTagger

PatternsArg = str | Path | Patterns | None  # a patterns folder, or patterns already loaded


def load_tagger(patterns_dir: PatternsArg = None) -> ThemeTagger:
    """The theme pipeline for a patterns folder (the bundled one by default), built once per
    version of its files."""
    return patterns_for(_folder_or_patterns(patterns_dir)).tagger()


def _folder_or_patterns(patterns: PatternsArg) -> Path | Patterns | None:
    if isinstance(patterns, Patterns):
        return patterns
    return Path(patterns) if patterns else None


def extract_pdf(path: str | Path, patterns_dir: PatternsArg = None, engine: str = "pdfium") -> Report:
    """Everything report-miner extracts from one PDF, in this process, with the patterns of
    `patterns_dir` (a folder over the bundled one, or a `Patterns` object)."""
    path = Path(path)
    return process_pdf(path, path.name, patterns_for(_folder_or_patterns(patterns_dir)), engine)


def extract_folder(
    pdf_dir: str | Path,
    out_dir: str | Path | None = None,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    patterns_dir: PatternsArg = None,
    engine: str = "pdfium",
    *,
    cache_dir: str | Path | None = None,
    formats: Sequence[str] = ("csv",),
    overwrite: bool = False,
    start_method: str | None = None,
    dask: str | None = None,
) -> list[Report]:
    """Every PDF under `pdf_dir` (or the one PDF), run exactly as `report-miner extract` runs them:
    long-lived workers, a time and memory budget per file, duplicates read once, the cache.

    Returns one Report per file in path order. With `out_dir` the output set is written there too,
    all or nothing, in the `formats` asked for (csv always). `patterns_dir` is a patterns folder or a
    `Patterns` object (its folder goes to the workers, which load it once each).
    """
    root = Path(pdf_dir)
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {pdf_dir}")
    given = _folder_or_patterns(patterns_dir)
    folder = given.folder if isinstance(given, Patterns) else given
    errors = check_folder(folder) if folder is not None else []
    if errors:
        raise PatternError(errors)
    cache = Path(cache_dir) if cache_dir else None
    settings = Settings(patterns_dir=folder, engine=engine, cache_dir=cache,
                        cache_key=fingerprint(patterns_for(given), engine) if cache else "", timeout=timeout)
    options = RunOptions(workers=workers or default_workers(),
                         start_method=start_method or default_start_method(), dask=dask)
    reports: list[Report] = []
    if out_dir is None:
        with tempfile.TemporaryDirectory(prefix="report-miner-") as scratch:
            extract_to_folder(root, Path(scratch) / "out", settings, options, on_report=reports.append,
                              formats=("csv",))
    else:
        extract_to_folder(root, Path(out_dir), settings, options, overwrite=overwrite,
                          on_report=reports.append, formats=tuple(formats))
    return sorted(reports, key=lambda r: r.document.file)


def to_frames(reports: list[Report], patterns_dir: PatternsArg = None) -> dict[str, pd.DataFrame]:
    """The output tables as typed pandas DataFrames keyed by name (`documents`, `statistics`, ...).

    The theme columns are the codebook's (of `patterns_dir`, else the bundled one) plus every other
    theme the reports hold, so the frames of a run with your own codebook keep its themes.
    """
    theme_ids = list(load_tagger(patterns_dir).theme_ids())  # then other codebooks' themes the reports hold
    for report in reports:
        theme_ids += [t.theme for t in report.themes if t.theme not in theme_ids]
    return dataframes(reports, theme_ids)
