"""run.json: what produced an output folder, so a researcher can cite and reproduce it."""

from __future__ import annotations

import hashlib
import platform
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .names import display_name

if TYPE_CHECKING:
    from ..config.patterns import Patterns


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def patterns_files(patterns: Patterns) -> list[dict[str, str]]:
    """Every patterns file in use, bundled and the researcher's own, with its SHA-256."""
    files = []
    for origin, folder in (("bundled", patterns.bundled), ("user", patterns.folder)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                try:
                    files.append({"origin": origin, "file": display_name(str(path)),
                                  "sha256": _sha256(path)})
                except OSError as exc:
                    files.append({"origin": origin, "file": display_name(str(path)),
                                  "error": str(exc.strerror)})
    return files


def platform_name() -> str:
    """`platform.platform()`, without the processor field on Linux: finding it starts a `uname -p`
    subprocess (a fork of the whole warm process, at the end of every run) for a field that is blank
    there or the machine name again."""
    if not sys.platform.startswith("linux"):
        return platform.platform()
    system, release, machine = platform.system(), platform.release(), platform.machine()
    libc = "".join(platform.libc_ver())
    parts = [system, release, machine] + (["with", libc] if libc else [])
    return "-".join(part.replace(" ", "_") for part in parts if part)


def _version() -> str:
    try:
        return metadata.version("report-miner")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class RunRecord:
    options: dict[str, Any]
    patterns: Patterns
    started: str = field(default_factory=now)
    inputs: list[dict[str, Any]] = field(default_factory=list)

    def add_input(self, relative: str, size: int, sha256: str, status: str) -> None:
        self.inputs.append({"path": relative, "size": size, "sha256": sha256, "status": status})

    def as_json(self) -> dict[str, Any]:
        return {
            "tool": "report-miner",
            "version": _version(),
            "python": platform.python_version(),
            "platform": platform_name(),
            "engine": self.options.get("engine"),
            "options": self.options,
            "patterns": {"folder": display_name(str(folder)) if (folder := self.patterns.folder) else None,
                         "files": patterns_files(self.patterns)},
            "inputs": sorted(self.inputs, key=lambda i: i["path"]),
            "started": self.started,
            "finished": now(),
            "command_line": [display_name(a) for a in sys.argv],
        }
