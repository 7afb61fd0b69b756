"""The output folder, replaced as a whole or not at all.

A run writes its whole set into a hidden sibling folder (`.OUT.staging-PID`) and, once every
file is complete, swaps it with the output folder in one step (an atomic exchange on Linux, two
renames elsewhere), so a reader sees the previous set or the new one, never a mix. A lock file
beside the folder (`.OUT.lock`, held with flock and removed afterwards) refuses a second
concurrent run into the same folder. A folder holding anything but a previous report-miner
output (recognised by its run.json) is refused unless `overwrite` is given. Everything is
checked before any work starts.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sys
from pathlib import Path

RUN_RECORD = "run.json"
FILE_MODE = 0o644
FOLDER_MODE = 0o755
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputFolderError(Exception):
    """The output folder cannot be used; the message is one line for the researcher."""


def _is_previous_output(folder: Path) -> bool:
    try:
        record = json.loads((folder / RUN_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record.get("tool") == "report-miner"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically where the kernel can (Linux renameat2); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return bool(result == 0)


class OutputFolder:
    def __init__(self, target: Path, overwrite: bool = False) -> None:
        self.target = Path(os.path.abspath(target))
        self.overwrite = overwrite
        self.parent = self.target.parent
        self.staging = self.parent / f".{self.target.name}.staging-{os.getpid()}"
        self.lock_path = self.parent / f".{self.target.name}.lock"
        self._lock_fd: int | None = None

    def open(self) -> Path:
        """Check the folder, take the lock, clear leftovers and create the staging folder."""
        self._check_target()
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputFolderError(f"cannot create {self.parent}: {exc.strerror or exc}") from None
        if not os.access(self.parent, os.W_OK | os.X_OK):
            raise OutputFolderError(f"cannot write in {self.parent} (permission denied)")
        self._lock()
        self._remove_leftovers()
        try:
            self.staging.mkdir(mode=FOLDER_MODE)
        except OSError as exc:
            self.release()
            raise OutputFolderError(f"cannot write in {self.parent}: {exc.strerror or exc}") from None
        return self.staging

    def _check_target(self) -> None:
        target = self.target
        for ancestor in target.parents:
            if ancestor.exists():
                if not ancestor.is_dir():
                    raise OutputFolderError(f"{target}: {ancestor} is a file, not a folder")
                break
        if not target.exists():
            return
        if not target.is_dir():
            raise OutputFolderError(f"{target} is a file, not a folder")
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputFolderError(f"{target} is read-only")
        if any(target.iterdir()) and not _is_previous_output(target) and not self.overwrite:
            raise OutputFolderError(
                f"{target} holds files that are not a report-miner output; "
                "choose an empty folder or pass --overwrite to replace it")

    def _lock(self) -> None:
        import fcntl

        while True:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise OutputFolderError(
                    f"another report-miner run is writing {self.target}; wait for it to finish") from None
            try:  # the previous holder may have removed the file between our open and flock
                same = os.fstat(fd).st_ino == os.stat(self.lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._lock_fd = fd
                return
            os.close(fd)

    def _remove_leftovers(self) -> None:
        """Staging folders of runs that were killed (no one else holds the lock now)."""
        prefix = f".{self.target.name}.staging-"
        for entry in self.parent.iterdir():
            if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)

    def commit(self) -> None:
        """Make the staged set the output folder, readable by the group, in one swap."""
        for path in self.staging.iterdir():
            os.chmod(path, FILE_MODE if path.is_file() else FOLDER_MODE)
        os.chmod(self.staging, FOLDER_MODE)
        if self.target.exists() and _exchange(self.staging, self.target):
            shutil.rmtree(self.staging, ignore_errors=True)  # now the previous set
        else:
            old = self.parent / f".{self.target.name}.staging-{os.getpid()}-old"
            if self.target.exists():
                os.rename(self.target, old)
            os.rename(self.staging, self.target)
            shutil.rmtree(old, ignore_errors=True)
        self.release()

    def abort(self) -> None:
        """Leave the output folder as it was: remove the staged set and the lock."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.release()

    def release(self) -> None:
        if self._lock_fd is not None:
            try:
                self.lock_path.unlink(missing_ok=True)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None
