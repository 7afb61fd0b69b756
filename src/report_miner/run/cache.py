"""The key of the result cache (run/result_cache.py), so re-running over a growing folder only
reads the new PDFs.

Entries are filed under a fingerprint of everything that shapes a result: the report-miner code,
the pattern files in use and the reader engine. Change any of them and the cache is simply not hit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config.patterns import Patterns

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def fingerprint(patterns: Patterns, engine: str) -> str:
    """The cache key of a run: the code, every file of the bundled and the user patterns folder,
    and the reader engine."""
    digest = hashlib.sha256(engine.encode())
    for folder, pattern in ((PACKAGE_DIR, "*.py"), (patterns.bundled, "*"), (patterns.folder, "*")):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
