"""A per-file result cache that is never trusted blindly.

An entry is one file named by the input's SHA-256. Its first line is a header holding that
SHA-256, the fingerprint of code, patterns and engine, and a SHA-256 of the rest of the entry;
the rest is the report rendered as rows (output.rendered), its records.jsonl line included. An
entry whose header, checksum or document does not match is a miss, so a truncated write, a
copied-in entry for another document or a stale format is simply read again from the PDF. Reads
and writes never raise: problems come back as a warning string.

A hit hands over the rendered rows and their JSON as stored, so a rerun writes its tables without
rebuilding any Report; the Report itself is parsed only when asked for (the Python API returns it).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..models import Report
from ..output.rendered import RenderedReport, render_report

ENTRY_MODE = 0o644


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class CacheHit:
    """A verified entry: the rows as rendered for this file's path, as parsed and as stored."""

    rendered: RenderedReport
    rendered_json: bytes
    theme_ids: list[str] | None


class VerifiedCache:
    def __init__(self, root: Path, key: str) -> None:
        self.folder = root / key
        self.key = key

    def _path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.entry"

    def lookup(self, sha256: str, relative: str) -> tuple[CacheHit | None, str]:
        """The verified entry for these bytes at this path, or None and why not ('' for a plain
        miss). The entry keeps the codebook's theme ids too, so a fully cached run needs no theme
        pipeline to write its comparison tables."""
        path = self._path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None, ""
        except OSError as exc:
            return None, f"cache entry {path} unreadable ({exc.strerror or exc}): file read again"
        hit = self._verified(data, sha256, relative)
        if hit is None:
            return None, f"cache entry {path.name} does not verify: file read again"
        return hit, ""

    def _verified(self, data: bytes, sha256: str, relative: str) -> CacheHit | None:
        header, _, body = data.partition(b"\n")
        try:
            meta = json.loads(header)
            if not (isinstance(meta, dict) and meta.get("sha256") == sha256 and meta.get("key") == self.key
                    and meta.get("checksum") == hashlib.sha256(body).hexdigest()):
                return None
            rendered = RenderedReport.model_validate_json(body)
        except (ValueError, ValidationError):
            return None
        if rendered.doc_id != sha256[:12]:
            return None
        themes = meta.get("theme_ids")
        theme_ids = [str(t) for t in themes] if isinstance(themes, list) else None
        if rendered.file != relative:  # the same bytes at another path: its rows name the new one
            try:
                report = rendered.report()
            except ValidationError:
                return None
            report.document.file = relative
            rendered = render_report(report)
            body = rendered.model_dump_json().encode()
        return CacheHit(rendered, body, theme_ids)

    def put(self, sha256: str, report: Report, rendered: RenderedReport | None = None,
            theme_ids: list[str] | None = None) -> str:
        """Store a Report and its rows atomically; returns a warning when the cache cannot be written."""
        if report.document.status == "error" or report.document.doc_id != sha256[:12]:
            return ""  # a failure may be transient (a time limit); try again next run
        body = (rendered or render_report(report)).model_dump_json().encode()
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
