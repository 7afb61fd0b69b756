"""Where the bundled editable data (codebook, vocabularies, gazetteer) lives; a run's own folder
over it is a `config.patterns.Patterns`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

ENV_VAR = "REPORT_MINER_PATTERNS"


def default_patterns_dir() -> Path:
    """`$REPORT_MINER_PATTERNS`, else the `patterns/` folder (installed as report_miner/patterns)."""
    return _bundled_dir(os.environ.get(ENV_VAR) or "")


@lru_cache(maxsize=8)
def _bundled_dir(from_environment: str) -> Path:
    # looked up once per value of the variable: every vocabulary lookup asks for it
    if from_environment:
        return Path(from_environment)
    here = Path(__file__).resolve()
    installed = here.parent / "patterns"
    if (installed / "themes.yaml").exists():
        return installed
    for parent in here.parents:
        candidate = parent / "patterns"
        if candidate.is_dir() and (candidate / "themes.yaml").exists():
            return candidate
    return here.parents[2] / "patterns"
