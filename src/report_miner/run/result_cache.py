"""A per-file result cache that is never trusted blindly.

An entry is one file named by the input's SHA-256. Its first line is a header holding that
SHA-256, the fingerprint of code, patterns and engine, and a SHA-256 of the rest of the entry;
the rest is the Report as JSON. An entry whose header, checksum or document does not match is a
miss, so a truncated write, a copied-in entry for another document or a stale format is simply
read again from the PDF. Reads and writes never raise: problems come back as a warning string.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..models import Report

ENTRY_MODE = 0o644


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class VerifiedCache:
    def __init__(self, root: Path, key: str) -> None:
        self.folder = root / key
        self.key = key

    def _path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.entry"

    def get(self, sha256: str, relative: str) -> tuple[Report | None, str]:
        """The cached Report for these bytes, or None and why not ('' for a plain miss)."""
        report, why, _themes = self.get_with_themes(sha256, relative)
        return report, why

    def get_with_themes(self, sha256: str, relative: str) -> tuple[Report | None, str, list[str] | None]:
        """As `get`, plus the codebook's theme ids stored with the entry (so a fully cached run
        needs no theme pipeline to write its comparison tables)."""
        path = self._path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None, "", None
        except OSError as exc:
            return None, f"cache entry {path} unreadable ({exc.strerror or exc}): file read again", None
        header, _, body = data.partition(b"\n")
        meta: dict[str, object] = {}
        try:
            meta = json.loads(header)
            valid = (meta.get("sha256") == sha256 and meta.get("key") == self.key
                     and meta.get("checksum") == hashlib.sha256(body).hexdigest())
            report = Report.model_validate_json(body) if valid else None
        except ValueError:
            report = None
        if report is None or report.document.doc_id != sha256[:12]:
            return None, f"cache entry {path.name} does not verify: file read again", None
        report.document.file = relative  # the same bytes may sit at another path now
        themes = meta.get("theme_ids")
        return report, "", [str(t) for t in themes] if isinstance(themes, list) else None

    def put(self, sha256: str, report: Report, theme_ids: list[str] | None = None) -> str:
        """Store a Report atomically; returns a warning when the cache cannot be written."""
        if report.document.status == "error" or report.document.doc_id != sha256[:12]:
            return ""  # a failure may be transient (a time limit); try again next run
        body = report.model_dump_json().encode()
        header = json.dumps({"sha256": sha256, "key": self.key, "theme_ids": theme_ids,
                             "checksum": hashlib.sha256(body).hexdigest()}).encode()
        tmp = ""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n" + body)
            os.chmod(tmp, ENTRY_MODE)
            os.replace(tmp, self._path(sha256))
        except OSError as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            return f"cache not written ({exc.strerror or exc}) in {self.folder}"
        return ""
