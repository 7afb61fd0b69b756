"""Stable identifiers for theme mentions, so a researcher's verdicts stay attached across runs."""

from __future__ import annotations

import hashlib

from ..models import ThemeMention


def assign_mention_ids(mentions: list[ThemeMention]) -> None:
    """A stable `mention_id` for each mention: the same file and codebook give the same ids on every run.

    It hashes doc_id, theme, page, paragraph, the matched text and which occurrence of that text in
    the paragraph it is, so it does not depend on other documents or on the order of the batch.
    """
    seen: dict[tuple[str, str, int, int, str], int] = {}
    for m in mentions:
        key = (m.doc_id, m.theme, m.page, m.paragraph, m.text.lower())
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        raw = "\x1f".join((*map(str, key), str(nth)))
        m.mention_id = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
