"""Files, folders and caches the run may not read or write, and entries that are not files.

Mode bits mean nothing to root, so these runs drop root's override first (a user namespace, see
conftest.run_cli): the same tests then hold for root and for any user. They skip, saying why, only
where the override cannot be dropped. The entries that are not files need no permissions at all.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import CORPUS, permissions_apply, read_rows, run_cli

SMALL = CORPUS / "london-scb-highlights-2010-11.pdf"
OTHER = CORPUS / "redbridge-newsletter-summer-2018.pdf"


def _folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(SMALL, folder / name)
    return folder


def test_an_unreadable_file_is_an_error_row_with_or_without_the_cache(tmp_path: Path) -> None:
    permissions_apply()
    folder = _folder(tmp_path, "a.pdf")
    shutil.copy(OTHER, folder / "secret.pdf")
    (folder / "secret.pdf").chmod(0)
    for options in ((), ("--cache", str(tmp_path / "cache"))):
        out = tmp_path / f"out{len(options)}"
        result = run_cli("extract", folder, "-o", out, *options, unprivileged=True)
        rows = {r["file"]: r for r in read_rows(out / "documents.csv")}
        assert sorted(rows) == ["a.pdf", "secret.pdf"], options
        assert rows["secret.pdf"]["status"] == "error", options
        assert rows["secret.pdf"]["error"] == "cannot read the file: permission denied", options
        assert rows["a.pdf"]["status"] == "ok" and int(rows["a.pdf"]["pages"]) > 0
        assert "Traceback" not in result.stderr


def test_an_unwritable_output_is_refused_before_any_work(tmp_path: Path) -> None:
    permissions_apply()
    folder = _folder(tmp_path, "a.pdf")
    (folder / "b.pdf").write_bytes(OTHER.read_bytes())
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    out = shelf / "out"
    run_cli("extract", folder, "-o", out)
    previous = {p.name: p.read_bytes() for p in out.iterdir()}
    cases = {"a read-only parent": (shelf, shelf / "new"), "a read-only output": (out, out)}
    for what, (locked, target) in cases.items():
        locked.chmod(0o555)
        try:
            started = time.monotonic()
            result = run_cli("extract", folder, "-o", target, unprivileged=True, check=False)
            seconds = time.monotonic() - started
        finally:
            locked.chmod(0o755)
        assert result.returncode == 2, (what, result.stderr)
        assert result.stderr.strip().count("\n") == 0 and str(locked) in result.stderr, what
        assert "read-only" in result.stderr or "permission denied" in result.stderr, what
        assert seconds < 20, what  # refused before any PDF is read
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous
    assert not (shelf / "new").exists() and not [p for p in shelf.iterdir() if p.name.startswith(".")]


def _cache_mode(cache: Path, folders: int) -> None:
    for place in sorted((p for p in cache.rglob("*") if p.is_dir()), reverse=True):
        place.chmod(folders)
    cache.chmod(folders)


def test_a_read_only_cache_is_a_warning_and_an_unreadable_one_a_usage_error(tmp_path: Path) -> None:
    permissions_apply()
    folder = _folder(tmp_path, "a.pdf")
    cache = tmp_path / "cache"
    run_cli("extract", folder, "-o", tmp_path / "plain")
    alone = set((tmp_path / "plain" / "statistics.csv").read_bytes().splitlines())
    run_cli("extract", folder, "-o", tmp_path / "first", "--cache", cache)
    shutil.copy(OTHER, folder / "b.pdf")  # new to the cache: its entry cannot be stored
    _cache_mode(cache, 0o555)  # entries can be read, none added
    try:
        result = run_cli("extract", folder, "-o", tmp_path / "second", "--cache", cache, unprivileged=True)
        cache.chmod(0)
        refused = run_cli("extract", folder, "-o", tmp_path / "third", "--cache", cache, unprivileged=True,
                          check=False)
    finally:
        cache.chmod(0o755)
        _cache_mode(cache, 0o755)
    rows = {r["file"]: r["status"] for r in read_rows(tmp_path / "second" / "documents.csv")}
    assert rows == {"a.pdf": "ok", "b.pdf": "ok"}
    assert "cache" in result.stderr and "Traceback" not in result.stderr
    assert alone <= set((tmp_path / "second" / "statistics.csv").read_bytes().splitlines())
    assert len(list(cache.rglob("*.entry"))) == 1  # nothing was added
    assert refused.returncode == 2 and "--cache" in refused.stderr and "not readable" in refused.stderr
    assert not (tmp_path / "third").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_entries_that_are_not_files_never_hang_or_vanish(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a.pdf")
    os.mkfifo(folder / "pipe.pdf")  # opening it would wait for a writer for ever
    (folder / "loop.pdf").symlink_to("loop.pdf")  # a link to itself
    (folder / "2019.pdf").mkdir()  # a folder with a file's name is a folder: walked
    shutil.copy(OTHER, folder / "2019.pdf" / "inside.pdf")
    started = time.monotonic()
    run_cli("extract", folder, "-o", tmp_path / "out", "--timeout", "20")
    assert time.monotonic() - started < 60
    rows = {r["file"]: r for r in read_rows(tmp_path / "out" / "documents.csv")}
    assert sorted(rows) == ["2019.pdf/inside.pdf", "a.pdf", "loop.pdf", "pipe.pdf"]
    assert rows["pipe.pdf"]["status"] == "error"
    assert rows["pipe.pdf"]["error"] == "not a regular file (a named pipe), not read"
    assert rows["loop.pdf"]["status"] == "error" and rows["loop.pdf"]["error"]
    assert rows["2019.pdf/inside.pdf"]["status"] == "ok" and rows["a.pdf"]["status"] == "ok"
