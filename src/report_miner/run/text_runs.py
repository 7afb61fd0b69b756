"""Text runs grouped into lines in linear time, with the reader's exact rules.

`reader.pdf.group_lines` recomputes a line's top and bottom over all its runs for every run it
places, and `_merge_runs` grows each merged run's text by concatenation; both are quadratic in
the runs on one line, so a generated page of 16 k runs takes seconds. These versions keep each
line's band as it grows and join each merged run's pieces once, and give the same lines.
"""

from __future__ import annotations

import re

from ..reader.layout import Line, Segment
from ..reader.numbers import repair_split_numbers

LOOK_BACK = 4  # lines a run may join: the last few, since runs come sorted top to bottom
MIN_OVERLAP = 0.5


def group_lines_linear(segments: list[Segment], page_number: int) -> list[Line]:
    """Group text runs that share a baseline band into lines, and merge touching runs."""
    ordered = sorted(segments, key=lambda s: (round(s.top, 0), s.x0))
    lines: list[Line] = []
    bands: list[list[float]] = []  # [top, bottom] of each line so far
    for seg in ordered:
        target = None
        for index in range(len(lines) - 1, max(-1, len(lines) - 1 - LOOK_BACK), -1):
            top, bottom = bands[index]
            inter = min(seg.bottom, bottom) - max(seg.top, top)
            if inter / max(0.1, min(seg.height, bottom - top)) >= MIN_OVERLAP:
                target = index
                break
        if target is None:
            lines.append(Line(page_number, [seg]))
            bands.append([seg.top, seg.bottom])
        else:
            lines[target].segments.append(seg)
            band = bands[target]
            band[0], band[1] = min(band[0], seg.top), max(band[1], seg.bottom)
    for line in lines:
        line.segments = merge_runs_linear(sorted(line.segments, key=lambda s: s.x0))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def merge_runs_linear(segments: list[Segment]) -> list[Segment]:
    """Join runs closer than a space, each merged run's text built once from its pieces."""
    merged: list[Segment] = []
    pieces: list[list[str]] = []
    ends_with_space: list[bool] = []
    for seg in segments:
        if merged:
            prev = merged[-1]
            gap = seg.x0 - prev.x1
            size = max(prev.height, seg.height)
            if gap < max(3.0, 0.55 * size):
                joiner = "" if ends_with_space[-1] or gap < 0.12 * size else " "
                pieces[-1] += [joiner, seg.text]
                if seg.text:
                    ends_with_space[-1] = seg.text.endswith(" ")
                elif joiner:
                    ends_with_space[-1] = True
                prev.x1 = max(prev.x1, seg.x1)
                prev.top = min(prev.top, seg.top)
                prev.bottom = max(prev.bottom, seg.bottom)
                prev.open_end = seg.open_end
                continue
        merged.append(Segment(seg.x0, seg.x1, seg.top, seg.bottom, seg.text, seg.open_end))
        pieces.append([seg.text])
        ends_with_space.append(seg.text.endswith(" "))
    for seg, parts in zip(merged, pieces, strict=True):
        seg.text = repair_split_numbers(re.sub(r"\s+", " ", "".join(parts)).strip())
    return [s for s in merged if s.text]
