"""A per-file result cache, so re-running over a growing folder only reads the new PDFs.

A cached Report is keyed by the PDF's content hash (its doc_id) and by a fingerprint of
everything that shapes the result: the report-miner code, the pattern files in use and the
reader engine. Change any of them and the cache is simply not hit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Report
from ..output.export import write_atomic

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


class ResultCache:
    def __init__(self, root: Path, key: str) -> None:
        self.folder = root / key

    def _path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def get(self, doc_id: str, relative: str) -> Report | None:
        path = self._path(doc_id)
        if not path.is_file():
            return None
        try:
            report = Report.model_validate_json(path.read_bytes())
        except ValueError:
            return None
        report.document.file = relative  # the same bytes may sit at another path now
        return report

    def put(self, report: Report) -> None:
        if report.document.status == "error" or not report.document.doc_id:
            return  # a failure may be transient (a time limit); try again next run
        write_atomic(self._path(report.document.doc_id), report.model_dump_json())
