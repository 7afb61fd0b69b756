"""Where the editable data (codebook, vocabularies, gazetteer) lives."""

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


_user_dir: Path | None = None


def use_patterns_dir(patterns_dir: Path | None) -> None:
    """Make a researcher's own patterns folder the first place every vocabulary is looked up."""
    global _user_dir
    _user_dir = Path(patterns_dir) if patterns_dir else None


def stamp(path: Path) -> tuple[str, float]:
    """A cache key for a patterns file: its resolved path and modification time, so a loader cached
    on it is read again when the folder in force changes or the file is edited."""
    try:
        return os.path.abspath(path), os.stat(path).st_mtime
    except OSError:
        return str(path), 0.0


def pattern_file(name: str, patterns_dir: Path | None = None) -> Path:
    """A file from the given or the user's patterns folder, falling back to the bundled one."""
    for folder in (patterns_dir, _user_dir):
        if folder is not None and (folder / name).exists():
            return folder / name
    return default_patterns_dir() / name
