"""The Python entry points: what the command line does, for notebooks and scripts.

    import report_miner
    reports = report_miner.extract_folder("corpus")
    frames = report_miner.to_frames(reports)
    frames["statistics"].query("metric == 'cp_plans'")
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .config.metrics import load_dictionary
from .models import Report
from .output.export import dataframes, write_outputs
from .paths import use_patterns_dir
from .run.batch import DEFAULT_TIMEOUT, default_workers, run_batch
from .run.duplicates import mark_duplicates
from .run.pipeline import process_pdf, warm_up, warm_up_tagger

if TYPE_CHECKING:
    import pandas as pd

    from .themes.tagger import ThemeTagger


@lru_cache(maxsize=4)
def load_tagger(patterns_dir: Path | None = None) -> ThemeTagger:
    """The theme pipeline for a patterns folder (the bundled one by default), built once.

    The folder also becomes the first place every other vocabulary is looked up.
    """
    from .themes.tagger import ThemeTagger  # spaCy is the slowest import: only when themes are needed

    use_patterns_dir(patterns_dir)
    tagger = ThemeTagger.from_patterns(patterns_dir)
    warm_up_tagger(tagger)
    return tagger


def extract_pdf(path: str | Path, patterns_dir: str | Path | None = None, engine: str = "pdfium") -> Report:
    """Everything report-miner extracts from one PDF, in this process."""
    path = Path(path)
    folder = Path(patterns_dir) if patterns_dir else None
    tagger = load_tagger(folder)
    use_patterns_dir(folder)  # every vocabulary of this call comes from this folder
    return process_pdf(path, path.name, tagger, engine)


def extract_folder(
    pdf_dir: str | Path,
    out_dir: str | Path | None = None,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    patterns_dir: str | Path | None = None,
    engine: str = "pdfium",
) -> list[Report]:
    """Every PDF under `pdf_dir`, each in its own worker process.

    Writes the CSV files of the output contract too when `out_dir` is given.
    """
    if not Path(pdf_dir).exists():
        raise FileNotFoundError(f"no such file or folder: {pdf_dir}")
    folder = Path(patterns_dir) if patterns_dir else None
    use_patterns_dir(folder)
    warm_up()
    reports = mark_duplicates(run_batch(Path(pdf_dir), lambda: load_tagger(folder),
                                        workers=workers or default_workers(), timeout=timeout, engine=engine))
    if out_dir is not None:
        write_outputs(Path(out_dir), reports, load_tagger(folder).theme_ids(), load_dictionary(folder).rows())
    return reports


def to_frames(reports: list[Report], patterns_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The output tables as typed pandas DataFrames keyed by name (`documents`, `statistics`, ...).

    The theme columns are the codebook's (of `patterns_dir`, else the bundled one) plus every other
    theme the reports hold, so the frames of a run with your own codebook keep its themes.
    """
    tagger = load_tagger(Path(patterns_dir) if patterns_dir else None)
    theme_ids = list(tagger.theme_ids())  # then any theme of another codebook the reports hold
    for report in reports:
        theme_ids += [t.theme for t in report.themes if t.theme not in theme_ids]
    return dataframes(reports, theme_ids)
