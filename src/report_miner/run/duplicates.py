"""Identical input files (the same bytes, so the same doc_id) are read once.

The first copy in path order is processed; every later copy is a documents.csv row with status
`duplicate` and `duplicate_of` naming the copy that was read, and contributes no other rows, so a
folder holding the same report twice does not count its figures twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..models import DocumentRecord, Report

T = TypeVar("T")


def duplicate_report(relative: str, doc_id: str, first: str) -> Report:
    return Report(document=DocumentRecord(doc_id=doc_id, file=relative, status="duplicate",
                                          duplicate_of=first))


def split_duplicates(items: Sequence[T], relative: Callable[[T], str],
                     sha256: Callable[[T], str]) -> tuple[list[T], list[tuple[T, str, str]]]:
    """(items to process, [(copy, its sha256, the first file with those bytes)]), in path order."""
    first: dict[str, str] = {}
    unique: list[T] = []
    copies: list[tuple[T, str, str]] = []
    for item in sorted(items, key=relative):
        digest = sha256(item)
        if digest and digest in first:
            copies.append((item, digest, first[digest]))
            continue
        if digest:
            first[digest] = relative(item)
        unique.append(item)
    return unique, copies


def mark_duplicates(reports: Sequence[Report]) -> list[Report]:
    """Reports in path order with every later copy of a file replaced by its duplicate row."""
    first: dict[str, str] = {}
    out: list[Report] = []
    for report in sorted(reports, key=lambda r: r.document.file):
        doc = report.document
        if doc.doc_id and doc.status != "error" and doc.doc_id in first:
            out.append(duplicate_report(doc.file, doc.doc_id, first[doc.doc_id]))
            continue
        if doc.doc_id and doc.status != "error":
            first[doc.doc_id] = doc.file
        out.append(report)
    return out
