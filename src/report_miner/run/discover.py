"""Finding the PDFs of a batch without losing one: every problem on the way is a row too.

A folder or file that cannot be read, a link that points nowhere, a `.pdf` that is not a regular
file (a named pipe, a socket, a device), or a path longer than the system allows becomes an entry
with a reason, so the researcher sees it in documents.csv instead of the file silently missing
from the batch. File names are kept exactly; `display_name` gives the form written to the tables
(see output/names.py).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..output.names import display_name


@dataclass(frozen=True)
class Found:
    """One PDF (or one problem) found under the batch folder."""

    path: Path
    relative: str  # the name written to the tables: escaped where not printable UTF-8
    size: int = 0
    problem: str = ""  # non-empty: this entry cannot be read, and why


def _relative(path: Path, root: Path) -> str:
    return display_name(path.relative_to(root).as_posix()) if path != root else display_name(path.name)


def _entry(path: Path, root: Path, max_path: int) -> Found | None:
    relative = _relative(path, root)
    if len(os.fsencode(path)) >= max_path:
        return Found(path, relative, problem=f"path longer than the system limit of {max_path} bytes")
    try:
        if path.is_symlink() and not path.exists():
            return Found(path, relative, problem="dangling link: the file it points to does not exist")
        info = path.stat()
    except OSError as exc:
        return Found(path, relative, problem=f"cannot read the file: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):  # never opened: a named pipe would wait for a writer for ever
        return Found(path, relative, problem=f"not a regular file ({_kind(info.st_mode)}), not read")
    if not os.access(path, os.R_OK):
        return Found(path, relative, size=info.st_size, problem="cannot read the file: permission denied")
    return Found(path, relative, size=info.st_size)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"


def _is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def find_inputs(root: Path) -> list[Found]:
    """Every `*.pdf` under `root` (any case, links followed once), plus every unreadable place,
    in a stable order. `root` may also be a single PDF file."""
    max_path = _max_path(root)
    if root.is_file():
        entry = _entry(root, root.parent, max_path)
        return [entry] if entry else []
    found: list[Found] = []
    problems: list[OSError] = []
    seen_dirs: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, onerror=problems.append, followlinks=True):
        here = Path(folder)
        try:
            info = here.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen_dirs:  # a link loop: walk each folder once
            dirs[:] = []
            continue
        seen_dirs.add((info.st_dev, info.st_ino))
        for name in files:
            if _is_pdf_name(name):
                entry = _entry(here / name, root, max_path)
                if entry is not None:
                    found.append(entry)
    for error in problems:
        where = Path(error.filename) if error.filename else root
        found.append(Found(where, _relative(where, root),
                           problem=f"cannot read the folder: {error.strerror or error}"))
    return sorted(found, key=lambda f: f.relative)


def _max_path(root: Path) -> int:
    try:
        return os.pathconf(root if root.exists() else ".", "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):
        return 4096


def find_pdfs(root: Path) -> list[Path]:
    """Every `*.pdf` under `root` (any case), recursively, in a stable order; `root` itself if a file."""
    if root.is_file():
        return [root]
    found = [p for p in root.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())
