"""report-miner: safeguarding-board reports (PDF) -> clean, comparable, traceable data.

The names below are loaded on first use, so the command line imports only what a run needs (a
rerun served from the cache never loads the PDF reader or the extractors).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import extract_folder, extract_pdf, to_frames
    from .config.patterns import Patterns
    from .models import (
        BudgetLine,
        DocumentMeta,
        DocumentRecord,
        Priority,
        Report,
        Statistic,
        ThemeResult,
        TrainingCourse,
    )
    from .reader import ParsedDocument, read_pdf

__version__ = "0.1.0"

_HOME = {
    "extract_folder": ".api", "extract_pdf": ".api", "to_frames": ".api", "Patterns": ".config.patterns",
    "BudgetLine": ".models", "DocumentMeta": ".models", "DocumentRecord": ".models", "Priority": ".models",
    "Report": ".models", "Statistic": ".models", "ThemeResult": ".models", "TrainingCourse": ".models",
    "ParsedDocument": ".reader", "read_pdf": ".reader",
}

__all__ = [
    "BudgetLine", "DocumentMeta", "DocumentRecord", "ParsedDocument", "Patterns", "Priority", "Report",
    "Statistic", "ThemeResult", "TrainingCourse", "extract_folder", "extract_pdf", "read_pdf", "to_frames",
    "__version__",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'report_miner' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value  # found once: later lookups do not come here
    return value
